//! SSO connections (SAML, OIDC, external) and the logins their fake identity provider starts.
//!
//! - `connections`: creating, updating and deleting connections, their certificates and
//!   keys, and the organization's `sso_active_connections` / `sso_default_connection_id`;
//! - `login`: the identity provider's logins (`POST /__fake/sso/{connection_id}/login`),
//!   their one-time `sso_token`s, and `sso.authenticate` through the login core.

use std::collections::HashMap;

use jiff::Timestamp;
use serde_json::{Map, Value};
use stytch_b2b_otp_sms::sso::{Connection as ExternalConnection, OIDCConnection, SAMLConnection};

pub(crate) mod connections;
pub(crate) mod login;

/// What the fake keeps for SSO.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct SsoState {
    /// Every connection, by connection id.
    pub(crate) connections: HashMap<String, SsoConnection>,
    /// Tokens the identity provider issued and `sso.authenticate` has not redeemed, by token.
    pub(crate) tokens: HashMap<String, SsoToken>,
    /// The OIDC registrations of members who logged in through an OIDC connection, by member
    /// id (`organizations.members.get_oidc_providers`), one per connection.
    pub(crate) oidc_providers: HashMap<String, Vec<Value>>,
}

/// One SSO connection of an organization.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", content = "connection", rename_all = "snake_case")]
pub(crate) enum SsoConnection {
    Saml(SAMLConnection),
    Oidc(OIDCConnection),
    External(ExternalConnection),
}

impl SsoConnection {
    pub(crate) fn id(&self) -> &str {
        match self {
            SsoConnection::Saml(c) => &c.connection_id,
            SsoConnection::Oidc(c) => &c.connection_id,
            SsoConnection::External(c) => &c.connection_id,
        }
    }

    pub(crate) fn organization_id(&self) -> &str {
        match self {
            SsoConnection::Saml(c) => &c.organization_id,
            SsoConnection::Oidc(c) => &c.organization_id,
            SsoConnection::External(c) => &c.organization_id,
        }
    }

    pub(crate) fn status(&self) -> &str {
        match self {
            SsoConnection::Saml(c) => &c.status,
            SsoConnection::Oidc(c) => &c.status,
            SsoConnection::External(c) => &c.status,
        }
    }

    /// The `attribute_mapping` of a SAML or OIDC connection (external ones have none).
    pub(crate) fn attribute_mapping(&self) -> Option<&Map<String, Value>> {
        match self {
            SsoConnection::Saml(c) => Some(&c.attribute_mapping),
            SsoConnection::Oidc(c) => Some(&c.attribute_mapping),
            SsoConnection::External(_) => None,
        }
    }
}

/// A token the identity provider issued after a login, for `sso.authenticate`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct SsoToken {
    pub(crate) connection_id: String,
    pub(crate) organization_id: String,
    /// The identity provider user.
    pub(crate) user: IdpUser,
    pub(crate) pkce_code_challenge: Option<String>,
    pub(crate) expires_at: Timestamp,
}

/// The identity provider's user of a login: what its assertion (SAML) or ID token (OIDC)
/// says.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct IdpUser {
    pub(crate) email_address: String,
    /// The user's id at the identity provider (the SAML NameID or OIDC `sub`); the email
    /// address when the login named none.
    pub(crate) subject: String,
    pub(crate) attributes: Map<String, Value>,
    pub(crate) groups: Vec<String>,
}
