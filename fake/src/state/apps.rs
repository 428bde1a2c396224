//! Impersonation tokens, connected apps and their grants, and the IdP's authorization codes.
//!
//! - `impersonation`: the tokens Stytch's dashboard mints for a support agent, and the
//!   short, non-extendable member sessions they open;
//! - `connected`: the project's connected apps (registered through the control routes, as
//!   in the dashboard) and what each member granted them;
//! - `idp`: the IdP authorize flow (`idp.oauth.authorize_start` / `authorize`);
//! - `sandbox`: Stytch's documented test-environment values for magic links.

use std::collections::{BTreeMap, HashMap};

use jiff::Timestamp;

pub mod connected;
pub(crate) mod idp;
pub(crate) mod impersonation;
pub(crate) mod sandbox;
mod tokens;

pub(crate) use connected::ConnectedApp;
pub use connected::NewConnectedApp;
pub(crate) use impersonation::is_impersonated;

/// What the fake keeps for this concept.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct AppsState {
    /// Unused impersonation tokens, by token.
    impersonation_tokens: HashMap<String, ImpersonationToken>,
    /// The project's connected apps, by `connected_app_id`.
    apps: BTreeMap<String, ConnectedApp>,
    /// What members granted: by (member id, connected app id).
    #[serde(with = "crate::state::snapshot::entries")]
    grants: BTreeMap<(String, String), Grant>,
    /// Authorization codes `idp.oauth.authorize` issued, by code (kept, never redeemed here).
    codes: HashMap<String, Grant>,
    /// Access tokens redeemed from those codes, by token, until exchanged.
    access_tokens: HashMap<String, Grant>,
}

/// An impersonation token minted for a member.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct ImpersonationToken {
    organization_id: String,
    member_id: String,
    impersonator_id: String,
    impersonator_email_address: String,
    expires_at: Timestamp,
}

/// A member's consent to a connected app.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Grant {
    pub(crate) organization_id: String,
    pub(crate) member_id: String,
    pub(crate) connected_app_id: String,
    /// The scopes granted, in the order first granted.
    pub(crate) scopes: Vec<String>,
}
