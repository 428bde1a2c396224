//! Creating, updating and deleting SSO connections; a connection's certificates and keys;
//! the organization's `sso_active_connections` and `sso_default_connection_id`.

use stytch_b2b_otp_sms::sso::{Connection as ExternalConnection, OIDCConnection, SAMLConnection};
use stytch_b2b_otp_sms::{sso_external, sso_oidc, sso_saml};

use super::super::*;
use super::SsoConnection;

/// Stytch's base URL for test projects, where its SSO callbacks live.
const STYTCH_TEST_BASE: &str = "https://test.stytch.com/v1/b2b/sso";
/// The NameID format Stytch asks for by default.
const EMAIL_NAMEID: &str = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
/// How long the certificates the fake issues are valid: ten years.
const CERTIFICATE_HOURS: i64 = 10 * 365 * 24;
/// A stand-in signing certificate for the connections the fake creates (not a real key).
const FAKE_SIGNING_CERTIFICATE: &str = "-----BEGIN CERTIFICATE-----\nZmFrZS1zdHl0Y2gtc2lnbmluZy1jZXJ0aWZpY2F0ZQ==\n-----END CERTIFICATE-----";

/// An organization's connections by kind: SAML, OIDC, external.
pub(crate) type ConnectionsByKind = (
    Vec<SAMLConnection>,
    Vec<OIDCConnection>,
    Vec<ExternalConnection>,
);

/// Which kind of connection an operation expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Saml,
    Oidc,
    External,
}

impl State {
    /// An organization's connection (the organization by id, slug or external id), of
    /// `kind` when given: `{kind}_connection_not_found` otherwise.
    pub(crate) fn sso_connection(
        &self,
        organization: &str,
        connection_id: &str,
        kind: Option<Kind>,
    ) -> Result<&SsoConnection, FakeError> {
        let organization_id = self.resolve_organization(organization)?;
        self.sso
            .connections
            .get(connection_id)
            .filter(|c| c.organization_id() == organization_id)
            .filter(|c| kind.is_none_or(|k| kind_of(c) == k))
            .ok_or_else(|| connection_not_found(kind, connection_id))
    }

    /// Creates a pending SAML connection (`sso.saml.connections.create`).
    pub(crate) fn create_saml_connection(
        &mut self,
        request: &sso_saml::CreateConnectionRequest,
    ) -> Result<SAMLConnection, FakeError> {
        let organization_id = self.resolve_organization(&request.organization_id)?;
        let now = self.now();
        let id = format!("saml-connection-test-{}", uuid());
        let connection: SAMLConnection = build(
            "a SAML connection",
            json!({
                "organization_id": organization_id,
                "connection_id": id,
                "status": PENDING,
                "display_name": request.display_name.clone().unwrap_or_default(),
                "identity_provider": identity_provider(request.identity_provider.as_ref())?,
                "acs_url": format!("{STYTCH_TEST_BASE}/callback/{id}"),
                "audience_uri": format!("{STYTCH_TEST_BASE}/saml/audience/{id}"),
                "nameid_format": EMAIL_NAMEID,
                "signing_certificates": [certificate("saml-signing-key-test", FAKE_SIGNING_CERTIFICATE, "Stytch", now)],
            }),
        )?;
        self.store_connection(SsoConnection::Saml(connection.clone()));
        Ok(connection)
    }

    /// Updates a SAML connection (`sso.saml.connections.update`): a new `x509_certificate`
    /// joins its verification certificates, a new `saml_encryption_private_key` its keys;
    /// it is active once it has an IdP SSO URL, an IdP entity id and a certificate.
    pub(crate) fn update_saml_connection(
        &mut self,
        request: &sso_saml::UpdateConnectionRequest,
    ) -> Result<SAMLConnection, FakeError> {
        let organization_id = self.resolve_organization(&request.organization_id)?;
        self.sso_connection(&organization_id, &request.connection_id, Some(Kind::Saml))?;
        if let Some(pem) = given(&request.x509_certificate) {
            check_certificate(pem)?;
        }
        let roles = role_ids(&request.saml_connection_implicit_role_assignments)
            .chain(role_ids(&request.saml_group_implicit_role_assignments));
        for role in roles.collect::<Vec<_>>() {
            self.check_role_id(&organization_id, &role)?;
        }
        let mut value = self.connection_value(&request.connection_id)?;
        let fields = serde_json::to_value(request).map_err(internal)?;
        for (key, field) in fields.as_object().into_iter().flatten() {
            if ![
                "x509_certificate",
                "signing_private_key",
                "saml_encryption_private_key",
            ]
            .contains(&key.as_str())
            {
                value[key] = field.clone();
            }
        }
        let now = self.now();
        if let Some(pem) = given(&request.x509_certificate) {
            let issuer = value["idp_entity_id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            push(
                &mut value["verification_certificates"],
                certificate("saml-verification-key-test", pem, &issuer, now),
            );
        }
        if let Some(key) = given(&request.signing_private_key) {
            check_private_key(key)?;
            value["signing_certificates"] = json!([certificate(
                "saml-signing-key-test",
                FAKE_SIGNING_CERTIFICATE,
                "Stytch",
                now
            )]);
        }
        if let Some(key) = given(&request.saml_encryption_private_key) {
            check_private_key(key)?;
            let id = format!("saml-encryption-private-key-test-{}", uuid());
            // The key itself is a secret: the connection lists it by id only.
            push(
                &mut value["encryption_private_keys"],
                json!({"private_key_id": id, "private_key": "", "created_at": rfc3339(now)}),
            );
        }
        value["status"] = json!(saml_status(&value));
        let connection: SAMLConnection = build("a SAML connection", value)?;
        self.store_connection(SsoConnection::Saml(connection.clone()));
        Ok(connection)
    }

    /// `sso.saml.connections.update_by_url`: the fake cannot fetch the metadata, so it checks
    /// that the URL is an absolute http(s) URL and answers the connection unchanged.
    pub(crate) fn saml_update_by_url(
        &mut self,
        request: &sso_saml::UpdateByURLRequest,
    ) -> Result<SAMLConnection, FakeError> {
        let connection = self.sso_connection(
            &request.organization_id,
            &request.connection_id,
            Some(Kind::Saml),
        )?;
        let SsoConnection::Saml(connection) = connection.clone() else {
            return Err(connection_not_found(
                Some(Kind::Saml),
                &request.connection_id,
            ));
        };
        if check_redirect_url(&request.metadata_url).is_err() {
            return Err(FakeError::new(
                400,
                "invalid_saml_metadata_url",
                format!(
                    "metadata_url {:?} is not an absolute http(s) URL.",
                    request.metadata_url
                ),
            ));
        }
        Ok(connection)
    }

    /// Removes a verification certificate (or an encryption private key, `list`
    /// `encryption_private_keys`) from a SAML connection; without a certificate the
    /// connection is pending again.
    pub(crate) fn delete_saml_credential(
        &mut self,
        organization: &str,
        connection_id: &str,
        list: &str,
        id: &str,
    ) -> Result<(), FakeError> {
        self.sso_connection(organization, connection_id, Some(Kind::Saml))?;
        let mut value = self.connection_value(connection_id)?;
        let key = if list == "verification_certificates" {
            "certificate_id"
        } else {
            "private_key_id"
        };
        let Some(items) = value[list].as_array_mut() else {
            return Err(credential_not_found(list, id));
        };
        let before = items.len();
        items.retain(|item| item[key] != id);
        if items.len() == before {
            return Err(credential_not_found(list, id));
        }
        value["status"] = json!(saml_status(&value));
        let connection: SAMLConnection = build("a SAML connection", value)?;
        self.store_connection(SsoConnection::Saml(connection));
        Ok(())
    }

    /// Creates a pending OIDC connection (`sso.oidc.connections.create`).
    pub(crate) fn create_oidc_connection(
        &mut self,
        request: &sso_oidc::CreateConnectionRequest,
    ) -> Result<OIDCConnection, FakeError> {
        let organization_id = self.resolve_organization(&request.organization_id)?;
        let id = format!("oidc-connection-test-{}", uuid());
        let connection: OIDCConnection = build(
            "an OIDC connection",
            json!({
                "organization_id": organization_id,
                "connection_id": id,
                "status": PENDING,
                "display_name": request.display_name.clone().unwrap_or_default(),
                "identity_provider": identity_provider(request.identity_provider.as_ref())?,
                "redirect_url": format!("{STYTCH_TEST_BASE}/callback/{id}"),
            }),
        )?;
        self.store_connection(SsoConnection::Oidc(connection.clone()));
        Ok(connection)
    }

    /// Updates an OIDC connection (`sso.oidc.connections.update`); it is active once it has
    /// an issuer, a client id and secret, and its authorization, token and JWKS URLs. An
    /// issuer without those URLs answers a `warning`: Stytch would read them from the
    /// issuer's discovery document, which the fake cannot fetch.
    pub(crate) fn update_oidc_connection(
        &mut self,
        request: &sso_oidc::UpdateConnectionRequest,
    ) -> Result<(OIDCConnection, Option<String>), FakeError> {
        self.sso_connection(
            &request.organization_id,
            &request.connection_id,
            Some(Kind::Oidc),
        )?;
        let mut value = self.connection_value(&request.connection_id)?;
        let fields = serde_json::to_value(request).map_err(internal)?;
        for (key, field) in fields.as_object().into_iter().flatten() {
            value[key] = field.clone();
        }
        let text = |key: &str| !value[key].as_str().unwrap_or_default().is_empty();
        let endpoints = ["authorization_url", "token_url", "jwks_url"]
            .iter()
            .all(|k| text(k));
        let warning = (given(&request.issuer).is_some() && !endpoints).then(|| {
            "The fake does not fetch the issuer's discovery document: set authorization_url, \
             token_url and jwks_url yourself."
                .to_owned()
        });
        let active = endpoints
            && ["issuer", "client_id", "client_secret"]
                .iter()
                .all(|k| text(k));
        value["status"] = json!(if active { ACTIVE } else { PENDING });
        let connection: OIDCConnection = build("an OIDC connection", value)?;
        self.store_connection(SsoConnection::Oidc(connection.clone()));
        Ok((connection, warning))
    }

    /// Creates an active external connection (`sso.external.connections.create`) to another
    /// organization's SAML or OIDC connection.
    pub(crate) fn create_external_connection(
        &mut self,
        request: &sso_external::CreateConnectionRequest,
    ) -> Result<ExternalConnection, FakeError> {
        let organization_id = self.resolve_organization(&request.organization_id)?;
        let source = self.sso_connection(
            &request.external_organization_id,
            &request.external_connection_id,
            None,
        )?;
        if kind_of(source) == Kind::External {
            return Err(connection_not_found(None, &request.external_connection_id));
        }
        let source_org = source.organization_id().to_owned();
        let roles = role_ids(&request.connection_implicit_role_assignments)
            .chain(role_ids(&request.group_implicit_role_assignments));
        for role in roles.collect::<Vec<_>>() {
            self.check_role_id(&organization_id, &role)?;
        }
        let connection: ExternalConnection = build(
            "an external connection",
            json!({
                "organization_id": organization_id,
                "connection_id": format!("external-connection-test-{}", uuid()),
                "external_organization_id": source_org,
                "external_connection_id": request.external_connection_id,
                "display_name": request.display_name.clone().unwrap_or_default(),
                "status": ACTIVE,
                "external_connection_implicit_role_assignments": request.connection_implicit_role_assignments.clone().unwrap_or_default(),
                "external_group_implicit_role_assignments": request.group_implicit_role_assignments.clone().unwrap_or_default(),
            }),
        )?;
        self.store_connection(SsoConnection::External(connection.clone()));
        Ok(connection)
    }

    /// Updates an external connection's name and role assignments.
    pub(crate) fn update_external_connection(
        &mut self,
        request: &sso_external::UpdateConnectionRequest,
    ) -> Result<ExternalConnection, FakeError> {
        let organization_id = self.resolve_organization(&request.organization_id)?;
        self.sso_connection(
            &organization_id,
            &request.connection_id,
            Some(Kind::External),
        )?;
        let roles = role_ids(&request.external_connection_implicit_role_assignments)
            .chain(role_ids(&request.external_group_implicit_role_assignments));
        for role in roles.collect::<Vec<_>>() {
            self.check_role_id(&organization_id, &role)?;
        }
        let mut value = self.connection_value(&request.connection_id)?;
        let fields = serde_json::to_value(request).map_err(internal)?;
        for (key, field) in fields.as_object().into_iter().flatten() {
            value[key] = field.clone();
        }
        let connection: ExternalConnection = build("an external connection", value)?;
        self.store_connection(SsoConnection::External(connection.clone()));
        Ok(connection)
    }

    /// An organization's connections by kind, oldest first (`sso.connections.list`).
    pub(crate) fn sso_connections_of(
        &self,
        organization: &str,
    ) -> Result<ConnectionsByKind, FakeError> {
        let organization_id = self.resolve_organization(organization)?;
        let mut found: Vec<&SsoConnection> = self
            .sso
            .connections
            .values()
            .filter(|c| c.organization_id() == organization_id)
            .collect();
        found.sort_by(|a, b| a.id().cmp(b.id()));
        let (mut saml, mut oidc, mut external) = (Vec::new(), Vec::new(), Vec::new());
        for connection in found {
            match connection {
                SsoConnection::Saml(c) => saml.push(c.clone()),
                SsoConnection::Oidc(c) => oidc.push(c.clone()),
                SsoConnection::External(c) => external.push(c.clone()),
            }
        }
        Ok((saml, oidc, external))
    }

    /// Deletes a connection (`sso.connections.delete`): it leaves the organization's active
    /// connections, its default and its JIT allow-list; external connections to it go too.
    pub(crate) fn delete_sso_connection(
        &mut self,
        organization: &str,
        connection_id: &str,
    ) -> Result<(), FakeError> {
        self.sso_connection(organization, connection_id, None)?;
        let mut gone = vec![connection_id.to_owned()];
        gone.extend(self.sso.connections.values().filter_map(|c| match c {
            SsoConnection::External(e) if e.external_connection_id == connection_id => {
                Some(e.connection_id.clone())
            }
            _ => None,
        }));
        for id in gone {
            if let Some(connection) = self.sso.connections.remove(&id) {
                self.forget_connection(connection.organization_id(), &id);
            }
        }
        Ok(())
    }

    /// The stored connection as JSON, to apply an update to.
    fn connection_value(&self, connection_id: &str) -> Result<Value, FakeError> {
        let value = match self.sso.connections.get(connection_id) {
            Some(SsoConnection::Saml(c)) => serde_json::to_value(c),
            Some(SsoConnection::Oidc(c)) => serde_json::to_value(c),
            Some(SsoConnection::External(c)) => serde_json::to_value(c),
            None => return Err(connection_not_found(None, connection_id)),
        };
        value.map_err(|e| internal(format_args!("read a connection: {e}")))
    }

    /// Stores a connection and brings its organization's active connections up to date.
    fn store_connection(&mut self, connection: SsoConnection) {
        let organization_id = connection.organization_id().to_owned();
        let id = connection.id().to_owned();
        let active = connection.status() == ACTIVE;
        let entry = json!({
            "connection_id": id,
            "display_name": display_name(&connection),
            "identity_provider": provider_of(&connection),
        });
        self.sso.connections.insert(id.clone(), connection);
        if !active {
            self.forget_connection(&organization_id, &id);
            return;
        }
        let Some(org) = self.organizations.get_mut(&organization_id) else {
            return;
        };
        let Ok(entry) = serde_json::from_value(entry) else {
            return;
        };
        match org
            .sso_active_connections
            .iter_mut()
            .find(|a| a.connection_id == id)
        {
            Some(existing) => *existing = entry,
            None => org.sso_active_connections.push(entry),
        }
        if org
            .sso_default_connection_id
            .as_deref()
            .is_none_or(str::is_empty)
        {
            org.sso_default_connection_id = Some(id);
        }
    }

    /// Takes a connection out of its organization's active connections, default and JIT
    /// allow-list.
    fn forget_connection(&mut self, organization_id: &str, connection_id: &str) {
        let Some(org) = self.organizations.get_mut(organization_id) else {
            return;
        };
        org.sso_active_connections
            .retain(|a| a.connection_id != connection_id);
        org.sso_jit_provisioning_allowed_connections
            .retain(|c| c != connection_id);
        if org.sso_default_connection_id.as_deref() == Some(connection_id) {
            org.sso_default_connection_id = None;
        }
    }
}

const PENDING: &str = "pending";

pub(crate) fn kind_of(connection: &SsoConnection) -> Kind {
    match connection {
        SsoConnection::Saml(_) => Kind::Saml,
        SsoConnection::Oidc(_) => Kind::Oidc,
        SsoConnection::External(_) => Kind::External,
    }
}

fn display_name(connection: &SsoConnection) -> &str {
    match connection {
        SsoConnection::Saml(c) => &c.display_name,
        SsoConnection::Oidc(c) => &c.display_name,
        SsoConnection::External(c) => &c.display_name,
    }
}

fn provider_of(connection: &SsoConnection) -> &str {
    match connection {
        SsoConnection::Saml(c) => &c.identity_provider,
        SsoConnection::Oidc(c) => &c.identity_provider,
        SsoConnection::External(_) => "external",
    }
}

/// `pending` or `active`: a SAML connection is active with an IdP SSO URL, an IdP entity id
/// and a verification certificate.
fn saml_status(value: &Value) -> &'static str {
    let text = |key: &str| !value[key].as_str().unwrap_or_default().is_empty();
    let certificate = value["verification_certificates"]
        .as_array()
        .is_some_and(|c| !c.is_empty());
    if text("idp_sso_url") && text("idp_entity_id") && certificate {
        ACTIVE
    } else {
        PENDING
    }
}

/// The `identity_provider` argument as the connection lists it (`generic` when absent).
fn identity_provider<T: serde::Serialize>(provider: Option<&T>) -> Result<Value, FakeError> {
    match provider {
        Some(p) => serde_json::to_value(p)
            .map_err(|e| internal(format_args!("read identity_provider: {e}"))),
        None => Ok(json!("generic")),
    }
}

/// The role ids of a list of role assignments.
fn role_ids<T: serde::Serialize>(assignments: &Option<Vec<T>>) -> impl Iterator<Item = String> {
    let value = serde_json::to_value(assignments).unwrap_or(Value::Null);
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["role_id"].as_str().map(str::to_owned))
        .collect::<Vec<_>>()
        .into_iter()
}

/// An X.509 certificate entry of a connection.
fn certificate(prefix: &str, pem: &str, issuer: &str, now: Timestamp) -> Value {
    let expires = now
        .saturating_add(SignedDuration::from_hours(CERTIFICATE_HOURS))
        .unwrap_or(Timestamp::MAX);
    json!({
        "certificate_id": format!("{prefix}-{}", uuid()),
        "certificate": pem,
        "issuer": issuer,
        "created_at": rfc3339(now),
        "updated_at": rfc3339(now),
        "expires_at": rfc3339(expires),
    })
}

fn push(list: &mut Value, item: Value) {
    match list.as_array_mut() {
        Some(items) => items.push(item),
        None => *list = json!([item]),
    }
}

/// A PEM certificate: `invalid_x509_certificate` unless it has PEM certificate armour.
fn check_certificate(pem: &str) -> Result<(), FakeError> {
    let pem = pem.trim();
    if pem.starts_with("-----BEGIN CERTIFICATE-----") && pem.ends_with("-----END CERTIFICATE-----")
    {
        return Ok(());
    }
    Err(FakeError::new(
        400,
        "invalid_x509_certificate",
        "x509_certificate must be a PEM-encoded X.509 certificate (-----BEGIN CERTIFICATE-----).",
    ))
}

/// A PEM private key: `saml_signing_private_key_invalid` unless it has PEM key armour.
fn check_private_key(pem: &str) -> Result<(), FakeError> {
    let pem = pem.trim();
    if pem.starts_with("-----BEGIN") && pem.contains("PRIVATE KEY-----") {
        return Ok(());
    }
    Err(FakeError::new(
        400,
        "saml_signing_private_key_invalid",
        "The private key must be PEM-encoded (-----BEGIN … PRIVATE KEY-----).",
    ))
}

/// `saml_connection_not_found`, `oidc_connection_not_found`, `external_connection_not_found`
/// or (any kind) `sso_connection_not_found`.
pub(crate) fn connection_not_found(kind: Option<Kind>, connection_id: &str) -> FakeError {
    let error_type = match kind {
        Some(Kind::Saml) => "saml_connection_not_found",
        Some(Kind::Oidc) => "oidc_connection_not_found",
        Some(Kind::External) => "external_connection_not_found",
        None => "sso_connection_not_found",
    };
    FakeError::new(
        404,
        error_type,
        format!("No SSO connection {connection_id:?} of this kind in this Organization."),
    )
}

fn credential_not_found(list: &str, id: &str) -> FakeError {
    let (error_type, what) = if list == "verification_certificates" {
        ("sso_verification_key_not_found", "verification certificate")
    } else {
        (
            "sso_encryption_private_key_not_found",
            "encryption private key",
        )
    };
    FakeError::new(
        404,
        error_type,
        format!("The connection has no {what} {id:?}."),
    )
}
