//! The fake identity provider's logins and `sso.authenticate`: a login through an active
//! connection issues a one-time `sso_token` (10 minutes); authenticating it applies the
//! organization's SSO JIT provisioning, records the member's SSO registration, attributes
//! and implicit roles, then logs in through the login core with an `sso` factor.

use stytch_b2b_otp_sms::sessions::AuthenticationFactor;

use super::super::*;
use super::connections::{Kind, connection_not_found, kind_of};
use super::{IdpUser, SsoConnection, SsoToken};

/// How long an `sso_token` lives.
pub(crate) const SSO_TOKEN_TTL: SignedDuration = SignedDuration::from_mins(10);

/// The arguments of `sso.authenticate` besides the session options.
pub(crate) struct SsoAuth<'a> {
    pub(crate) token: &'a str,
    pub(crate) pkce_code_verifier: Option<&'a str>,
    pub(crate) session: Option<SessionArg<'a>>,
}

/// An identity provider login's request: the user, and what `sso.start` would have given.
pub(crate) struct IdpLogin<'a> {
    pub(crate) user: IdpUser,
    pub(crate) redirect_url: Option<&'a str>,
    pub(crate) pkce_code_challenge: Option<String>,
}

impl State {
    /// The identity provider logs `login.user` in through `connection_id`: a one-time
    /// `sso_token` and the URL Stytch would redirect the browser to. A connection that is not
    /// active (an external one: whose source is not) refuses with `sso_connection_not_active`.
    pub(crate) fn sso_idp_login(
        &mut self,
        connection_id: &str,
        mut login: IdpLogin<'_>,
    ) -> Result<(String, String), FakeError> {
        let connection = self
            .sso
            .connections
            .get(connection_id)
            .ok_or_else(|| connection_not_found(None, connection_id))?;
        let organization_id = connection.organization_id().to_owned();
        if !self.organizations.contains_key(&organization_id) {
            return Err(connection_not_found(None, connection_id));
        }
        if !self.sso_connection_active(connection) {
            return Err(FakeError::new(
                400,
                "sso_connection_not_active",
                format!(
                    "SSO connection {connection_id:?} is not active yet: a SAML connection needs an \
                     idp_sso_url, an idp_entity_id and an x509_certificate; an OIDC one an issuer, \
                     client_id, client_secret, authorization_url, token_url and jwks_url."
                ),
            ));
        }
        let email = checked_email(&login.user.email_address)?.to_owned();
        login.user.email_address = email;
        if login.user.subject.is_empty() {
            login.user.subject = login.user.email_address.clone();
        }
        let base = login.redirect_url.unwrap_or(DEFAULT_REDIRECT_URL);
        check_redirect_url(base)?;
        let now = self.now();
        self.count_write(now);
        let token = token();
        self.sso.tokens.insert(
            token.clone(),
            SsoToken {
                connection_id: connection_id.to_owned(),
                organization_id,
                user: login.user,
                pkce_code_challenge: login.pkce_code_challenge,
                expires_at: now.saturating_add(SSO_TOKEN_TTL).unwrap_or(Timestamp::MAX),
            },
        );
        Ok((token.clone(), sso_link(base, &token)))
    }

    /// Whether a connection is active (an external one: and its source too).
    fn sso_connection_active(&self, connection: &SsoConnection) -> bool {
        match connection {
            SsoConnection::External(e) => {
                e.status == ACTIVE
                    && self
                        .sso
                        .connections
                        .get(&e.external_connection_id)
                        .is_some_and(|s| s.status() == ACTIVE)
            }
            other => other.status() == ACTIVE,
        }
    }

    /// `sso.authenticate`: checks the token (`sso_token_not_found` when unknown, used or
    /// expired), its PKCE verifier, JIT provisioning and the session arguments before the
    /// token is spent; then provisions the member if needed, records the login and logs in.
    pub(crate) fn sso_authenticate<'a>(
        &mut self,
        project_id: &str,
        auth: SsoAuth<'a>,
        mut options: SessionOptions<'a>,
    ) -> Result<Login, FakeError> {
        let now = self.now();
        let sent = self
            .sso
            .tokens
            .get(auth.token)
            .filter(|t| t.expires_at > now)
            .cloned()
            .ok_or_else(sso_token_not_found)?;
        check_pkce(sent.pkce_code_challenge.as_deref(), auth.pkce_code_verifier)?;
        let connection = self
            .sso
            .connections
            .get(&sent.connection_id)
            .cloned()
            .ok_or_else(|| connection_not_found(None, &sent.connection_id))?;
        let organization = self
            .organization(&sent.organization_id)
            .ok_or_else(organization_not_found)?;
        let existing = self.live_member_by_email(&sent.organization_id, &sent.user.email_address);
        if existing.is_none() {
            check_sso_jit(&organization, &sent)?;
        }
        session_minutes(options.duration_minutes)?;
        merge_claims(Map::new(), options.custom_claims)?;
        let own = match (&auth.session, &existing) {
            (Some(SessionArg::Intermediate(token)), _) => {
                options.intermediate_session_token = Some(*token);
                None
            }
            (Some(arg), Some(member)) => {
                let proof = EmailProof {
                    organization_id: &sent.organization_id,
                    member_id: &member.member_id,
                    kind: "sso",
                };
                self.own_session(project_id, arg, proof, now)?
            }
            _ => None,
        };
        if let (Some(member), Some(token)) = (&existing, options.intermediate_session_token) {
            self.check_joinable(token, &member.member_id)?;
        }
        // Every check done: the token is spent.
        self.sso.tokens.remove(auth.token);
        let member = match existing {
            Some(member) => member,
            None => self.create_member_with(
                &sent.organization_id,
                MemberSpec {
                    email_address: sent.user.email_address.clone(),
                    email_address_verified: true,
                    ..MemberSpec::default()
                },
            )?,
        };
        let factor = self.record_sso_login(&member.member_id, &connection, &sent.user, now)?;
        let allowed = Self::auth_method_allowed(&organization, "sso");
        let mut login = match own {
            Some(session_id) if allowed => {
                self.login_in_session(project_id, &session_id, factor, options)?
            }
            _ => self.login(
                project_id,
                &sent.organization_id,
                &member.member_id,
                factor,
                options,
            )?,
        };
        self.settle_joined(&options, &mut login);
        Ok(login)
    }

    /// Records an SSO login on the member: its `sso_registrations` entry for the connection,
    /// the name the connection's `attribute_mapping` gives, the connection's implicit roles
    /// (and its group roles for the user's groups), and for OIDC the provider registration.
    /// Answers the login's `sso` factor.
    fn record_sso_login(
        &mut self,
        member_id: &str,
        connection: &SsoConnection,
        user: &IdpUser,
        now: Timestamp,
    ) -> Result<AuthenticationFactor, FakeError> {
        let connection_id = connection.id().to_owned();
        let source_kind = self.source_kind(connection);
        let (prefix, delivery, detail_key) = match (kind_of(connection), source_kind) {
            (Kind::External, Kind::Oidc) => {
                ("oidc-registration-test", "sso_external", "oidc_sso_factor")
            }
            (Kind::External, _) => ("saml-registration-test", "sso_external", "saml_sso_factor"),
            (Kind::Oidc, _) => ("oidc-registration-test", "sso_oidc", "oidc_sso_factor"),
            (Kind::Saml, _) => ("saml-registration-test", "sso_saml", "saml_sso_factor"),
        };
        let mapping = connection.attribute_mapping().cloned().unwrap_or_default();
        let mut groups = user.groups.clone();
        groups.extend(mapped_groups(&mapping, &user.attributes));
        let roles = implicit_roles(connection, &groups)?;
        let name = mapped_name(&mapping, &user.attributes);
        let registration_id = {
            let mut record = self
                .members
                .get_mut(member_id)
                .ok_or_else(member_not_found)?;
            let member = &mut record.member;
            let registration_id = member
                .sso_registrations
                .iter()
                .find(|r| r.connection_id == connection_id)
                .map(|r| r.registration_id.clone())
                .unwrap_or_else(|| format!("{prefix}-{}", uuid()));
            member
                .sso_registrations
                .retain(|r| r.connection_id != connection_id);
            member.sso_registrations.push(build(
                "an SSO registration",
                json!({
                    "connection_id": connection_id,
                    "external_id": user.subject,
                    "registration_id": registration_id,
                    "sso_attributes": user.attributes,
                }),
            )?);
            if let Some(name) = name {
                member.name = name;
            }
            apply_sso_roles(member, &connection_id, roles)?;
            member.updated_at = Some(rfc3339(now));
            registration_id
        };
        if delivery == "sso_oidc" {
            self.record_oidc_provider(member_id, &connection_id, &user.subject, now);
        }
        factor(
            "sso",
            delivery,
            now,
            Some((
                detail_key,
                json!({"id": registration_id, "provider_id": connection_id, "external_id": user.subject}),
            )),
        )
    }

    /// The kind of the connection an external connection uses (its own kind otherwise).
    fn source_kind(&self, connection: &SsoConnection) -> Kind {
        match connection {
            SsoConnection::External(e) => self
                .sso
                .connections
                .get(&e.external_connection_id)
                .map_or(Kind::Saml, kind_of),
            other => kind_of(other),
        }
    }

    /// Stores the OIDC registration `organizations.members.get_oidc_providers` answers.
    fn record_oidc_provider(
        &mut self,
        member_id: &str,
        connection_id: &str,
        subject: &str,
        now: Timestamp,
    ) {
        let entry = json!({
            "provider_subject": subject,
            "id_token": format!("oidc-id-token-test-{}", token()),
            "access_token": format!("oidc-access-token-test-{}", token()),
            "access_token_expires_in": 3600,
            "scopes": ["openid", "email", "profile"],
            "connection_id": connection_id,
            "refresh_token": format!("oidc-refresh-token-test-{}", token()),
            "authenticated_at": rfc3339(now),
        });
        let list = self
            .sso
            .oidc_providers
            .entry(member_id.to_owned())
            .or_default();
        list.retain(|p| p["connection_id"] != connection_id);
        list.push(entry);
    }

    /// A member's OIDC registrations (`refresh_token` only with `include_refresh_token`).
    pub(crate) fn oidc_providers(
        &self,
        organization: &str,
        member_id: &str,
        include_refresh_token: bool,
    ) -> Result<Vec<Value>, FakeError> {
        let organization_id = self.resolve_organization(organization)?;
        self.members
            .get(member_id)
            .filter(|r| r.member.organization_id == organization_id)
            .ok_or_else(member_not_found)?;
        let mut list = self
            .sso
            .oidc_providers
            .get(member_id)
            .cloned()
            .unwrap_or_default();
        for entry in &mut list {
            if let Some(entry) = entry.as_object_mut() {
                entry.remove("authenticated_at");
                if !include_refresh_token {
                    entry.remove("refresh_token");
                }
            }
        }
        Ok(list)
    }
}

/// SSO JIT provisioning for a user who is not a member yet: `ALL_ALLOWED`, or `RESTRICTED`
/// to the connection; otherwise Stytch's `invalid_connection_for_jit_provisioning` (400, the
/// status of the email JIT errors; inferred).
fn check_sso_jit(organization: &Organization, sent: &SsoToken) -> Result<(), FakeError> {
    let allowed = match organization.sso_jit_provisioning.as_str() {
        "NOT_ALLOWED" => false,
        "RESTRICTED" => organization
            .sso_jit_provisioning_allowed_connections
            .contains(&sent.connection_id),
        _ => true,
    };
    if allowed {
        return Ok(());
    }
    Err(FakeError::new(
        400,
        "invalid_connection_for_jit_provisioning",
        format!(
            "{} is not a Member of this Organization, and the Organization does not provision Members just in time through this SSO connection (sso_jit_provisioning is {}).",
            sent.user.email_address, organization.sso_jit_provisioning
        ),
    ))
}

/// The roles a login through `connection` grants: `(role_id, source)` pairs.
fn implicit_roles(
    connection: &SsoConnection,
    groups: &[String],
) -> Result<Vec<(String, Value)>, FakeError> {
    let id = connection.id();
    let (whole, by_group) = match connection {
        SsoConnection::Saml(c) => (
            serde_json::to_value(&c.saml_connection_implicit_role_assignments),
            serde_json::to_value(&c.saml_group_implicit_role_assignments),
        ),
        SsoConnection::External(c) => (
            serde_json::to_value(&c.external_connection_implicit_role_assignments),
            serde_json::to_value(&c.external_group_implicit_role_assignments),
        ),
        SsoConnection::Oidc(_) => return Ok(Vec::new()),
    };
    let read = |v: Result<Value, serde_json::Error>| {
        v.map_err(|e| internal(format_args!("read role assignments: {e}")))
    };
    let (whole, by_group) = (read(whole)?, read(by_group)?);
    let mut roles = Vec::new();
    for a in whole.as_array().into_iter().flatten() {
        if let Some(role) = a["role_id"].as_str() {
            roles.push((
                role.to_owned(),
                json!({"type": "sso_connection", "details": {"connection_id": id}}),
            ));
        }
    }
    for a in by_group.as_array().into_iter().flatten() {
        let (Some(role), Some(group)) = (a["role_id"].as_str(), a["group"].as_str()) else {
            continue;
        };
        if groups.iter().any(|g| g == group) {
            roles.push((
                role.to_owned(),
                json!({"type": "sso_connection_group", "details": {"connection_id": id, "group": group}}),
            ));
        }
    }
    Ok(roles)
}

/// Replaces the roles a member holds from `connection_id` with `granted`.
fn apply_sso_roles(
    member: &mut Member,
    connection_id: &str,
    granted: Vec<(String, Value)>,
) -> Result<(), FakeError> {
    let mut roles = serde_json::to_value(&member.roles)
        .map_err(|e| internal(format_args!("read roles: {e}")))?;
    let from_connection = |s: &Value| {
        s["details"]["connection_id"] == connection_id
            && matches!(
                s["type"].as_str(),
                Some("sso_connection" | "sso_connection_group")
            )
    };
    let list = roles.as_array_mut().ok_or_else(|| internal("read roles"))?;
    for role in list.iter_mut() {
        if let Some(sources) = role["sources"].as_array_mut() {
            sources.retain(|s| !from_connection(s));
        }
    }
    list.retain(|r| r["sources"].as_array().is_some_and(|s| !s.is_empty()));
    for (role_id, source) in granted {
        match list.iter_mut().find(|r| r["role_id"] == role_id.as_str()) {
            Some(role) => push_source(role, source),
            None => list.push(json!({"role_id": role_id, "sources": [source]})),
        }
    }
    member.roles = build("a member's roles", roles)?;
    member.is_admin = member.roles.iter().any(|r| r.role_id == "stytch_admin");
    Ok(())
}

fn push_source(role: &mut Value, source: Value) {
    match role["sources"].as_array_mut() {
        Some(sources) => sources.push(source),
        None => role["sources"] = json!([source]),
    }
}

/// The groups the `groups` entry of an attribute mapping names in the user's attributes.
fn mapped_groups(mapping: &Map<String, Value>, attributes: &Map<String, Value>) -> Vec<String> {
    let Some(key) = mapping.get("groups").and_then(Value::as_str) else {
        return Vec::new();
    };
    match attributes.get(key) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|g| g.as_str().map(str::to_owned))
            .collect(),
        Some(Value::String(group)) => vec![group.clone()],
        _ => Vec::new(),
    }
}

/// The member name an attribute mapping gives: `full_name`, else `first_name` and
/// `last_name` joined; `None` when the mapping names no attribute the user has.
fn mapped_name(mapping: &Map<String, Value>, attributes: &Map<String, Value>) -> Option<String> {
    let read = |field: &str| {
        mapping
            .get(field)
            .and_then(Value::as_str)
            .and_then(|attr| attributes.get(attr))
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    if let Some(full) = read("full_name") {
        return Some(full.to_owned());
    }
    let parts: Vec<&str> = [read("first_name"), read("last_name")]
        .into_iter()
        .flatten()
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// `base` with `stytch_token_type=sso` and `token` added to its query (before any fragment).
fn sso_link(base: &str, token: &str) -> String {
    let (base, fragment) = match base.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (base, None),
    };
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("stytch_token_type", "sso")
        .append_pair("token", token)
        .finish();
    let separator = match base.split_once('?') {
        None => "?",
        Some((_, q)) if q.is_empty() || q.ends_with('&') => "",
        Some(_) => "&",
    };
    match fragment {
        Some(f) => format!("{base}{separator}{query}#{f}"),
        None => format!("{base}{separator}{query}"),
    }
}

pub(crate) fn sso_token_not_found() -> FakeError {
    FakeError::new(
        404,
        "sso_token_not_found",
        "The sso_token could not be found (unknown, already used or expired).",
    )
}
