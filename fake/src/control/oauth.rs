//! The fake OAuth providers: `POST /__fake/oauth/{provider}/login` and
//! [`FakeStytch::oauth_login`] play the provider's side of a login and answer the token
//! (and redirect URL) Stytch would hand the application.

use serde::Deserialize;

use super::{Call, ok};
use crate::reply::{Reply, decode, fail};
use crate::state::Shared;
use crate::state::email::{DEFAULT_REDIRECT_URL, link};
use crate::state::oauth::{GrantSpec, OAuthProvider};
use crate::{FakeError, FakeStytch};

/// Who logs in at a fake OAuth provider, for [`FakeStytch::oauth_login`].
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct OAuthUser {
    /// The address the provider vouches for.
    pub email_address: String,
    /// The organization (an id, slug or external id) of an organization login; `None` for
    /// a discovery login.
    pub organization_id: Option<String>,
    /// The provider's tenant (a Slack workspace, a GitHub organization, a HubSpot
    /// account, …), which `allowed_oauth_tenants` may name.
    pub provider_tenant_id: Option<String>,
    /// The person's name, for a member provisioned by the login and `full_name`.
    pub name: Option<String>,
    /// A PKCE code challenge (base64url SHA-256 of the verifier) the start carried:
    /// authenticating then requires `pkce_code_verifier`.
    pub pkce_code_challenge: Option<String>,
}

impl OAuthUser {
    /// A login of `email_address` into `organization_id` (an id, slug or external id).
    pub fn organization(email_address: &str, organization_id: &str) -> OAuthUser {
        OAuthUser {
            email_address: email_address.to_owned(),
            organization_id: Some(organization_id.to_owned()),
            ..OAuthUser::default()
        }
    }

    /// A discovery login of `email_address` (no organization yet).
    pub fn discovery(email_address: &str) -> OAuthUser {
        OAuthUser {
            email_address: email_address.to_owned(),
            ..OAuthUser::default()
        }
    }

    /// The same, with the provider's tenant.
    #[must_use]
    pub fn tenant(mut self, provider_tenant_id: &str) -> OAuthUser {
        self.provider_tenant_id = Some(provider_tenant_id.to_owned());
        self
    }

    /// The same, with a PKCE code challenge.
    #[must_use]
    pub fn pkce_code_challenge(mut self, challenge: &str) -> OAuthUser {
        self.pkce_code_challenge = Some(challenge.to_owned());
        self
    }
}

/// What a fake provider login answers: the token for `oauth.authenticate` (organization) or
/// `oauth.discovery.authenticate` (discovery), and the redirect URL carrying it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct OAuthRedirect {
    /// The token.
    pub token: String,
    /// Whether it is a discovery token (`stytch_token_type=discovery_oauth`).
    pub discovery: bool,
    /// `http://localhost:3000/authenticate?stytch_token_type=…&token=…`.
    pub redirect_url: String,
}

impl FakeStytch {
    /// Plays `provider` (`google`, `microsoft`, `github`, `slack` or `hubspot`): `user`
    /// logged in there, and Stytch redirects with a token valid for 10 minutes on the fake
    /// clock, good once. Also `POST /__fake/oauth/{provider}/login`.
    ///
    /// Fails with `oauth_provider_not_found` (404) for another provider, `invalid_email`,
    /// or `organization_not_found`.
    pub fn oauth_login(&self, provider: &str, user: OAuthUser) -> Result<OAuthRedirect, FakeError> {
        grant(&self.shared, provider, user)
    }
}

/// Issues the token of a fake provider login ([`FakeStytch::oauth_login`]).
fn grant(shared: &Shared, provider: &str, user: OAuthUser) -> Result<OAuthRedirect, FakeError> {
    let provider = provider_named(provider)?;
    let discovery = user.organization_id.as_deref().is_none_or(|o| o.is_empty());
    let spec = GrantSpec {
        email_address: user.email_address,
        organization_id: user.organization_id,
        provider_tenant_id: user.provider_tenant_id,
        name: user.name,
        pkce_code_challenge: user.pkce_code_challenge,
    };
    let (token, _) = shared.lock().oauth_grant(provider, spec)?;
    let token_type = if discovery {
        "discovery_oauth"
    } else {
        "oauth"
    };
    Ok(OAuthRedirect {
        redirect_url: link(DEFAULT_REDIRECT_URL, token_type, &token),
        token,
        discovery,
    })
}

/// The provider of a path segment; `oauth_provider_not_found` (404) otherwise.
fn provider_named(name: &str) -> Result<OAuthProvider, FakeError> {
    OAuthProvider::from_name(name).ok_or_else(|| {
        FakeError::new(
            404,
            "oauth_provider_not_found",
            format!(
                "The fake has no OAuth provider {name:?}: B2B OAuth providers are google, microsoft, github, slack and hubspot."
            ),
        )
    })
}

/// `POST /__fake/oauth/{provider}/login`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LoginRequest {
    email_address: String,
    #[serde(default)]
    organization_id: Option<String>,
    #[serde(default)]
    provider_tenant_id: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    pkce_code_challenge: Option<String>,
}

pub(super) fn post_oauth_login(shared: &Shared, call: &Call<'_>) -> Reply {
    let provider = call.params.first().map(String::as_str).unwrap_or_default();
    if let Err(e) = provider_named(provider) {
        return fail(e);
    }
    let req: LoginRequest = match decode(call.body, "__fake.oauth.login") {
        Ok(req) => req,
        Err(reply) => return *reply,
    };
    let user = OAuthUser {
        email_address: req.email_address,
        organization_id: req.organization_id,
        provider_tenant_id: req.provider_tenant_id,
        name: req.name,
        pkce_code_challenge: req.pkce_code_challenge,
    };
    match grant(shared, provider, user) {
        Ok(r) if r.discovery => ok(serde_json::json!({
            "discovery_oauth_token": r.token,
            "redirect_url": r.redirect_url,
        })),
        Ok(r) => ok(serde_json::json!({
            "oauth_token": r.token,
            "redirect_url": r.redirect_url,
        })),
        Err(e) => fail(e),
    }
}
