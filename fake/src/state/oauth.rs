//! OAuth logins started by the fake providers, and members' provider tokens.
//!
//! A test plays the provider ([`State::oauth_grant`], `POST /__fake/oauth/{provider}/login`):
//! the fake issues the token Stytch would put in the redirect URL, an organization login's
//! (`oauth`) or a discovery one's (`discovery_oauth`). Redeeming it
//! ([`State::take_oauth_grant`]) gives the login what the provider proved: the address, the
//! provider's subject and tenant. A completed organization login records the member's
//! provider registration and tokens ([`State::record_oauth_registration`]), which
//! `organizations.members.oauth_providers.get_*` read.

use std::collections::HashMap;

use super::*;

/// How long an OAuth token of the redirect URL lives, on the fake clock.
pub(crate) const OAUTH_TOKEN_TTL: SignedDuration = SignedDuration::from_mins(10);
/// How long a fake provider access token lives, in seconds.
pub(crate) const ACCESS_TOKEN_SECONDS: i32 = 3600;

/// An OAuth provider a B2B organization can log in with.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub(crate) enum OAuthProvider {
    /// Google (`google_oauth`).
    Google,
    /// Microsoft (`microsoft_oauth`).
    Microsoft,
    /// GitHub (`github_oauth`).
    Github,
    /// Slack (`slack_oauth`).
    Slack,
    /// HubSpot (`hubspot_oauth`).
    Hubspot,
}

impl OAuthProvider {
    /// Every provider, in the order the docs list them.
    pub const ALL: [OAuthProvider; 5] = [
        OAuthProvider::Google,
        OAuthProvider::Microsoft,
        OAuthProvider::Github,
        OAuthProvider::Slack,
        OAuthProvider::Hubspot,
    ];

    /// The provider's name in paths and factor keys: `google`, `microsoft`, `github`,
    /// `slack`, `hubspot`.
    pub fn as_str(self) -> &'static str {
        match self {
            OAuthProvider::Google => "google",
            OAuthProvider::Microsoft => "microsoft",
            OAuthProvider::Github => "github",
            OAuthProvider::Slack => "slack",
            OAuthProvider::Hubspot => "hubspot",
        }
    }

    /// The provider named `name` (lower case, as in the paths), if the B2B product has it.
    pub fn from_name(name: &str) -> Option<OAuthProvider> {
        Self::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// `provider_type` as answers show it (`Google`, `Microsoft`, `GitHub`, `Slack`,
    /// `HubSpot`).
    pub(crate) fn provider_type(self) -> &'static str {
        match self {
            OAuthProvider::Google => "Google",
            OAuthProvider::Microsoft => "Microsoft",
            OAuthProvider::Github => "GitHub",
            OAuthProvider::Slack => "Slack",
            OAuthProvider::Hubspot => "HubSpot",
        }
    }

    /// The organization auth method it is (`google_oauth`, …).
    pub(crate) fn auth_method(self) -> String {
        format!("{}_oauth", self.as_str())
    }

    /// The factor's `delivery_method` (`oauth_google`, …).
    pub(crate) fn delivery_method(self) -> String {
        format!("oauth_{}", self.as_str())
    }
}

/// A token of a provider's redirect: what the provider proved, until redeemed.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct OAuthGrant {
    pub(crate) provider: OAuthProvider,
    pub(crate) email_address: String,
    /// The organization of an organization login; `None` for discovery.
    pub(crate) organization_id: Option<String>,
    pub(crate) provider_subject: String,
    pub(crate) provider_tenant_id: String,
    pub(crate) full_name: String,
    pub(crate) pkce_code_challenge: Option<String>,
    pub(crate) expires_at: Timestamp,
}

/// A member's tokens at one provider, made up at login.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct ProviderTokens {
    pub(crate) provider_subject: String,
    pub(crate) provider_tenant_id: String,
    pub(crate) access_token: String,
    pub(crate) refresh_token: String,
    pub(crate) id_token: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) issued_at: Timestamp,
}

/// What the fake keeps for OAuth.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct OAuthState {
    /// Unredeemed tokens of the providers' redirects, by token.
    pub(crate) grants: HashMap<String, OAuthGrant>,
    /// Each member's tokens, by member id and provider.
    #[serde(with = "crate::state::snapshot::entries")]
    pub(crate) tokens: HashMap<(String, OAuthProvider), ProviderTokens>,
    /// The provider subject of an address at a provider (lower-case address), so that the
    /// same person logs in with the same subject.
    #[serde(with = "crate::state::snapshot::entries")]
    pub(crate) subjects: HashMap<(OAuthProvider, String), String>,
}

/// The scopes the fake providers grant.
pub(crate) fn default_scopes(provider: OAuthProvider) -> Vec<String> {
    let scopes: &[&str] = match provider {
        OAuthProvider::Google | OAuthProvider::Microsoft => &["openid", "email", "profile"],
        OAuthProvider::Github => &["read:user", "user:email"],
        OAuthProvider::Slack => &["openid", "email", "profile"],
        OAuthProvider::Hubspot => &["oauth"],
    };
    scopes.iter().map(|s| (*s).to_owned()).collect()
}

/// What a test's fake provider login asserts, for [`State::oauth_grant`].
#[derive(Debug, Clone, Default)]
pub(crate) struct GrantSpec {
    pub(crate) email_address: String,
    pub(crate) organization_id: Option<String>,
    pub(crate) provider_tenant_id: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) pkce_code_challenge: Option<String>,
}

impl State {
    /// Issues the token a provider's redirect carries for `spec`: an organization login's
    /// when it names an organization (an id, slug or external id; resolved now), a
    /// discovery login's otherwise. Returns the token and the organization id, if any.
    pub(crate) fn oauth_grant(
        &mut self,
        provider: OAuthProvider,
        spec: GrantSpec,
    ) -> Result<(String, Option<String>), FakeError> {
        let email = checked_email(&spec.email_address)?.to_owned();
        let organization_id = match spec.organization_id.as_deref().filter(|o| !o.is_empty()) {
            Some(organization) => Some(self.resolve_organization(organization)?),
            None => None,
        };
        let now = self.now();
        self.count_write(now);
        let provider_subject = self
            .oauth
            .subjects
            .entry((provider, email.to_ascii_lowercase()))
            .or_insert_with(|| format!("{}-subject-{}", provider.as_str(), uuid()))
            .clone();
        let token = token();
        self.oauth.grants.insert(
            token.clone(),
            OAuthGrant {
                provider,
                email_address: email,
                organization_id: organization_id.clone(),
                provider_subject,
                provider_tenant_id: spec.provider_tenant_id.unwrap_or_default(),
                full_name: spec.name.unwrap_or_default(),
                pkce_code_challenge: spec.pkce_code_challenge.filter(|c| !c.is_empty()),
                expires_at: now
                    .saturating_add(OAUTH_TOKEN_TTL)
                    .unwrap_or(Timestamp::MAX),
            },
        );
        Ok((token, organization_id))
    }

    /// The live grant of `token` of the right kind (organization or discovery), unchanged;
    /// `oauth_token_not_found` (404) when unknown, used, expired or of the other kind.
    pub(crate) fn peek_oauth_grant(
        &self,
        token: &str,
        discovery: bool,
    ) -> Result<&OAuthGrant, FakeError> {
        let now = self.now();
        self.oauth
            .grants
            .get(token)
            .filter(|g| g.expires_at > now && g.organization_id.is_none() == discovery)
            .ok_or_else(oauth_token_not_found)
    }

    /// Redeems a grant ([`State::peek_oauth_grant`]): it works once.
    pub(crate) fn take_oauth_grant(
        &mut self,
        token: &str,
        discovery: bool,
    ) -> Result<OAuthGrant, FakeError> {
        self.peek_oauth_grant(token, discovery)?;
        self.oauth
            .grants
            .remove(token)
            .ok_or_else(oauth_token_not_found)
    }

    /// Removes the grants that expired (with the other pruning).
    pub(crate) fn prune_oauth(&mut self, now: Timestamp) {
        self.oauth.grants.retain(|_, g| g.expires_at > now);
    }
}

/// The oauth factor of a grant, with its provider's factor detail.
pub(crate) fn oauth_factor(
    grant: &OAuthGrant,
    email_id: Option<&str>,
    now: Timestamp,
) -> Result<AuthenticationFactor, FakeError> {
    let mut detail = json!({
        "id": format!("oauth-user-test-{}", uuid()),
        "provider_subject": grant.provider_subject,
    });
    if let Some(email_id) = email_id {
        detail["email_id"] = json!(email_id);
    }
    let key = format!("{}_oauth_factor", grant.provider.as_str());
    factor(
        "oauth",
        &grant.provider.delivery_method(),
        now,
        Some((&key, detail)),
    )
}

pub(crate) fn oauth_token_not_found() -> FakeError {
    FakeError::new(
        404,
        "oauth_token_not_found",
        "The OAuth token could not be found (unknown, already used, expired, or of the other kind: organization or discovery).",
    )
}
