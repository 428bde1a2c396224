//! SCIM connections and their bearer-token rotations.
//!
//! An organization has at most one active SCIM connection (Stytch's
//! `active_scim_connection_exists`). Its bearer token is shown in full once, when the
//! connection is created; afterwards only its last four characters. A rotation makes a
//! next token (shown in full once, by `rotate_start`) that `rotate_complete` puts in place
//! of the current one and `rotate_cancel` drops. The organization's
//! `scim_active_connection` follows the connection.
//!
//! The SCIM provisioning API itself (the identity provider pushing users and groups to
//! the connection's base URL) is not part of the B2B backend API and is not modelled: a
//! connection knows no groups.

use std::collections::HashMap;

use super::*;

/// How long a SCIM bearer token lives: Stytch's example answers show a lifetime of years;
/// the fake uses one year (an assumption).
pub(crate) const BEARER_TOKEN_TTL: SignedDuration = SignedDuration::from_hours(24 * 365);
/// The identity providers a connection may name.
pub(crate) const IDENTITY_PROVIDERS: &[&str] = &[
    "generic",
    "okta",
    "microsoft-entra",
    "cyberark",
    "jumpcloud",
    "onelogin",
    "pingfederate",
    "rippling",
];

/// One SCIM connection.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct ScimConnection {
    pub(crate) organization_id: String,
    pub(crate) connection_id: String,
    pub(crate) display_name: String,
    pub(crate) identity_provider: String,
    pub(crate) bearer_token: String,
    pub(crate) bearer_token_expires_at: Timestamp,
    /// The next token of a rotation in progress, and its expiry.
    pub(crate) next_token: Option<(String, Timestamp)>,
    /// `scim_group_implicit_role_assignments` as given (group ids and role ids).
    pub(crate) group_roles: Vec<Value>,
}

/// What the fake keeps for SCIM: each organization's connection, by organization id.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct ScimState {
    pub(crate) connections: HashMap<String, ScimConnection>,
}

/// The last four characters of a token.
fn last_four(token: &str) -> String {
    let start = token.len().saturating_sub(4);
    token.get(start..).unwrap_or_default().to_owned()
}

impl ScimConnection {
    /// The connection as `get`, `update`, `rotate_complete` and `rotate_cancel` answer it
    /// (`SCIMConnection`): tokens by their last four characters.
    pub(crate) fn shown(&self) -> Value {
        let (next_last_four, next_expires) = match &self.next_token {
            Some((token, at)) => (last_four(token), Some(rfc3339(*at))),
            None => (String::new(), None),
        };
        let mut value = self.common();
        value["bearer_token_last_four"] = json!(last_four(&self.bearer_token));
        value["next_bearer_token_last_four"] = json!(next_last_four);
        value["next_bearer_token_expires_at"] = json!(next_expires);
        value
    }

    /// The connection as `create` answers it (`SCIMConnectionWithToken`): the token in full.
    pub(crate) fn with_token(&self) -> Value {
        let mut value = self.common();
        value["bearer_token"] = json!(self.bearer_token);
        value
    }

    /// The connection as `rotate_start` answers it (`SCIMConnectionWithNextToken`): the
    /// next token in full.
    pub(crate) fn with_next_token(&self) -> Value {
        let mut value = self.common();
        value["bearer_token_last_four"] = json!(last_four(&self.bearer_token));
        if let Some((token, at)) = &self.next_token {
            value["next_bearer_token"] = json!(token);
            value["next_bearer_token_expires_at"] = json!(rfc3339(*at));
        }
        value
    }

    fn common(&self) -> Value {
        json!({
            "organization_id": self.organization_id,
            "connection_id": self.connection_id,
            "status": "active",
            "display_name": self.display_name,
            "identity_provider": self.identity_provider,
            "base_url": format!("https://test.stytch.com/v1/b2b/scim/{}", self.connection_id),
            "bearer_token_expires_at": rfc3339(self.bearer_token_expires_at),
            "scim_group_implicit_role_assignments": self.group_roles,
        })
    }
}

impl State {
    /// Creates the SCIM connection of `organization` (an id, slug or external id);
    /// `active_scim_connection_exists` (400) when it has one.
    pub(crate) fn create_scim_connection(
        &mut self,
        organization: &str,
        display_name: &str,
        identity_provider: &str,
    ) -> Result<ScimConnection, FakeError> {
        let organization_id = self.resolve_organization(organization)?;
        if self.scim.connections.contains_key(&organization_id) {
            return Err(FakeError::new(
                400,
                "active_scim_connection_exists",
                "Cannot create a new SCIM connection: the Organization already has an active SCIM connection (one at a time).",
            ));
        }
        let now = self.now();
        let connection = ScimConnection {
            organization_id: organization_id.clone(),
            connection_id: format!("scim-connection-test-{}", uuid()),
            display_name: display_name.to_owned(),
            identity_provider: checked_idp(identity_provider)?,
            bearer_token: token(),
            bearer_token_expires_at: now
                .saturating_add(BEARER_TOKEN_TTL)
                .unwrap_or(Timestamp::MAX),
            next_token: None,
            group_roles: Vec::new(),
        };
        self.scim
            .connections
            .insert(organization_id.clone(), connection.clone());
        self.sync_scim_connection(&organization_id);
        Ok(connection)
    }

    /// The SCIM connection of `organization`; with `connection_id`, it must be that one
    /// (`scim_connection_not_found`, 404).
    pub(crate) fn scim_connection(
        &self,
        organization: &str,
        connection_id: Option<&str>,
    ) -> Result<ScimConnection, FakeError> {
        let organization_id = self.resolve_organization(organization)?;
        self.scim
            .connections
            .get(&organization_id)
            .filter(|c| connection_id.is_none_or(|id| c.connection_id == id))
            .cloned()
            .ok_or_else(scim_connection_not_found)
    }

    /// Changes the SCIM connection `connection_id` of `organization` with `change` and
    /// answers it as it is then; the organization's `scim_active_connection` follows.
    pub(crate) fn change_scim_connection(
        &mut self,
        organization: &str,
        connection_id: &str,
        change: impl FnOnce(&mut ScimConnection, Timestamp) -> Result<(), FakeError>,
    ) -> Result<ScimConnection, FakeError> {
        let now = self.now();
        let found = self.scim_connection(organization, Some(connection_id))?;
        let organization_id = found.organization_id.clone();
        let mut connection = found;
        change(&mut connection, now)?;
        self.scim
            .connections
            .insert(organization_id.clone(), connection.clone());
        self.sync_scim_connection(&organization_id);
        Ok(connection)
    }

    /// Deletes the SCIM connection `connection_id` of `organization`.
    pub(crate) fn delete_scim_connection(
        &mut self,
        organization: &str,
        connection_id: &str,
    ) -> Result<(), FakeError> {
        let connection = self.scim_connection(organization, Some(connection_id))?;
        self.scim.connections.remove(&connection.organization_id);
        self.sync_scim_connection(&connection.organization_id);
        Ok(())
    }

    /// Sets the organization's `scim_active_connection` from its connection.
    fn sync_scim_connection(&mut self, organization_id: &str) {
        let active = self.scim.connections.get(organization_id).map(|c| {
            json!({
                "connection_id": c.connection_id,
                "display_name": c.display_name,
                "bearer_token_last_four": last_four(&c.bearer_token),
                "bearer_token_expires_at": rfc3339(c.bearer_token_expires_at),
            })
        });
        let active = active.and_then(|a| build("an active SCIM connection", a).ok());
        if let Some(organization) = self.organizations.get_mut(organization_id) {
            organization.scim_active_connection = active;
        }
    }
}

/// A connection's identity provider: `generic` when empty, else one of
/// [`IDENTITY_PROVIDERS`] (`invalid_scim_idp`, 400).
pub(crate) fn checked_idp(identity_provider: &str) -> Result<String, FakeError> {
    if identity_provider.is_empty() {
        return Ok("generic".to_owned());
    }
    if IDENTITY_PROVIDERS.contains(&identity_provider) {
        return Ok(identity_provider.to_owned());
    }
    Err(FakeError::new(
        400,
        "invalid_scim_idp",
        format!(
            "identity_provider must be one of {} (got {identity_provider:?}).",
            IDENTITY_PROVIDERS.join(", ")
        ),
    ))
}

pub(crate) fn scim_connection_not_found() -> FakeError {
    FakeError::new(
        404,
        "scim_connection_not_found",
        "SCIM connection could not be found in this Organization.",
    )
}
