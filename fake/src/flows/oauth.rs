//! OAuth (`oauth.*`): authenticating the token of a provider's redirect into an organization
//! or into discovery, and reading a member's provider tokens
//! (`organizations.members.oauth_providers.*`).
//!
//! A test plays the provider with `POST /__fake/oauth/{provider}/login` (or
//! [`FakeStytch::oauth_login`](crate::FakeStytch::oauth_login)), which answers the token
//! Stytch's redirect would carry. Authenticating checks the token, its PKCE verifier and
//! every other argument before it redeems the token, so that a refused request leaves it
//! usable; then the login core applies the organization's rules.

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

#[allow(unused_imports)]
use super::*;
use crate::state::oauth::{ACCESS_TOKEN_SECONDS, OAuthProvider, ProviderTokens};

/// Authenticates an organization OAuth token, then logs the member in: a member session,
/// or an intermediate session with `mfa_required` or `primary_required`.
pub(crate) fn authenticate(
    shared: &Shared,
    request: api::oauth::AuthenticateRequest,
) -> Result<api::oauth::AuthenticateResponse, Failure> {
    let jwt = shared
        .verify_jwt(&request.session_jwt)
        .map_err(FakeError::into_failure)?;
    let done = {
        let session = session_arg(
            &request.intermediate_session_token,
            &request.session_token,
            jwt,
        )
        .map_err(FakeError::into_failure)?;
        let mut state = shared.lock();
        let (ist, live) = match &session {
            Some(SessionArg::Intermediate(token)) => (Some(*token), None),
            Some(arg) => (
                None,
                state
                    .live_session_id(&shared.project_id, arg)
                    .map_err(FakeError::into_failure)?,
            ),
            None => (None, None),
        };
        let options = SessionOptions {
            duration_minutes: request.session_duration_minutes,
            custom_claims: request.session_custom_claims.as_ref(),
            intermediate_session_token: ist,
            locale: request.locale.as_ref().map(|l| l.as_str()),
        };
        state
            .oauth_login(
                &shared.project_id,
                &request.oauth_token,
                request.pkce_code_verifier.as_deref(),
                live.as_deref(),
                options,
            )
            .map_err(FakeError::into_failure)?
    };
    let grant = &done.grant;
    login_answer(
        shared,
        "oauth.authenticate",
        done.login,
        json!({
            "provider_subject": grant.provider_subject,
            "provider_type": grant.provider.provider_type(),
            "provider_values": provider_values(&done.tokens),
            "reset_sessions": false,
        }),
    )
}

/// `provider_values` of an authenticate answer.
fn provider_values(tokens: &ProviderTokens) -> Value {
    let expires_at = tokens
        .issued_at
        .saturating_add(jiff::SignedDuration::from_secs(i64::from(
            ACCESS_TOKEN_SECONDS,
        )))
        .map(crate::util::rfc3339)
        .ok();
    json!({
        "access_token": tokens.access_token,
        "refresh_token": tokens.refresh_token,
        "id_token": tokens.id_token,
        "expires_at": expires_at,
        "scopes": tokens.scopes,
    })
}

/// Authenticates a discovery OAuth token: a discovery intermediate session and the
/// organizations the address can log in to.
pub(crate) fn discovery_authenticate(
    shared: &Shared,
    request: api::oauth_discovery::AuthenticateRequest,
) -> Result<api::oauth_discovery::AuthenticateResponse, Failure> {
    let (ist, found, grant) = shared
        .lock()
        .oauth_discovery_login(
            &request.discovery_oauth_token,
            request.pkce_code_verifier.as_deref(),
        )
        .map_err(FakeError::into_failure)?;
    let tenants: Vec<&str> = Some(grant.provider_tenant_id.as_str())
        .filter(|t| !t.is_empty())
        .into_iter()
        .collect();
    answer(
        "oauth.discovery.authenticate",
        json!({
            "intermediate_session_token": ist,
            "email_address": grant.email_address,
            "discovered_organizations": found,
            "provider_type": grant.provider.provider_type(),
            "provider_tenant_id": grant.provider_tenant_id,
            "provider_tenant_ids": tenants,
            "full_name": grant.full_name,
        }),
    )
}

/// A member's tokens at `provider`, and the seconds its access token has left.
fn member_tokens(
    shared: &Shared,
    organization_id: &str,
    member_id: &str,
    provider: OAuthProvider,
) -> Result<(ProviderTokens, i32), Failure> {
    let state = shared.lock();
    let tokens = state
        .oauth_provider_tokens(organization_id, member_id, provider)
        .map_err(FakeError::into_failure)?;
    let elapsed = state.now().duration_since(tokens.issued_at).as_secs();
    let left = i64::from(ACCESS_TOKEN_SECONDS)
        .saturating_sub(elapsed)
        .max(0);
    Ok((tokens, i32::try_from(left).unwrap_or(0)))
}

/// The single-registration answer (Google, Microsoft): the tokens, the refresh token only
/// when `include_refresh_token` is true.
fn single(
    provider: OAuthProvider,
    tokens: &ProviderTokens,
    expires_in: i32,
    include_refresh_token: Option<bool>,
) -> Value {
    let mut fields = json!({
        "provider_type": provider.provider_type(),
        "provider_subject": tokens.provider_subject,
        "id_token": tokens.id_token,
        "scopes": tokens.scopes,
        "access_token": tokens.access_token,
        "access_token_expires_in": expires_in,
    });
    if include_refresh_token == Some(true) {
        fields["refresh_token"] = json!(tokens.refresh_token);
    }
    fields
}

/// The registrations answer (GitHub, Slack, HubSpot): one registration per provider
/// subject (the fake keeps the member's latest).
fn registrations(
    provider: OAuthProvider,
    tokens: &ProviderTokens,
    expires_in: i32,
    include_refresh_token: Option<bool>,
) -> Value {
    let mut registration = json!({
        "provider_subject": tokens.provider_subject,
        "access_token": tokens.access_token,
        "scopes": tokens.scopes,
    });
    match provider {
        OAuthProvider::Github => {
            let tenants: Vec<&str> = Some(tokens.provider_tenant_id.as_str())
                .filter(|t| !t.is_empty())
                .into_iter()
                .collect();
            registration["provider_tenant_ids"] = json!(tenants);
        }
        OAuthProvider::Slack => {
            registration["provider_tenant_id"] = json!(tokens.provider_tenant_id);
            registration["bot_access_token"] = json!(format!("{}-bot", tokens.access_token));
            registration["bot_scopes"] = json!(["chat:write"]);
        }
        _ => {
            registration["provider_tenant_id"] = json!(tokens.provider_tenant_id);
            registration["access_token_expires_in"] = json!(expires_in);
        }
    }
    if include_refresh_token == Some(true) && provider == OAuthProvider::Hubspot {
        registration["refresh_token"] = json!(tokens.refresh_token);
    }
    json!({
        "provider_type": provider.provider_type(),
        "registrations": [registration],
    })
}

/// A member's provider tokens answer (`organizations.members.oauth_providers.get_*`): Google
/// and Microsoft answer one set of tokens, GitHub, Slack and HubSpot their registrations.
fn provider_answer<T: serde::de::DeserializeOwned>(
    shared: &Shared,
    (organization_id, member_id): (&str, &str),
    provider: OAuthProvider,
    include_refresh_token: Option<bool>,
) -> Result<T, Failure> {
    let (tokens, left) = member_tokens(shared, organization_id, member_id, provider)?;
    let fields = match provider {
        OAuthProvider::Google | OAuthProvider::Microsoft => {
            single(provider, &tokens, left, include_refresh_token)
        }
        _ => registrations(provider, &tokens, left, include_refresh_token),
    };
    let operation = format!(
        "organizations.members.oauth_providers.get_{}",
        provider.as_str()
    );
    answer(&operation, fields)
}

pub(crate) fn provider_google(
    shared: &Shared,
    request: api::organizations_members_oauth_providers::GoogleRequest,
) -> Result<api::organizations_members_oauth_providers::GoogleResponse, Failure> {
    provider_answer(
        shared,
        (&request.organization_id, &request.member_id),
        OAuthProvider::Google,
        request.include_refresh_token,
    )
}

pub(crate) fn provider_microsoft(
    shared: &Shared,
    request: api::organizations_members_oauth_providers::MicrosoftRequest,
) -> Result<api::organizations_members_oauth_providers::MicrosoftResponse, Failure> {
    provider_answer(
        shared,
        (&request.organization_id, &request.member_id),
        OAuthProvider::Microsoft,
        request.include_refresh_token,
    )
}

pub(crate) fn provider_slack(
    shared: &Shared,
    request: api::organizations_members_oauth_providers::SlackRequest,
) -> Result<api::organizations_members_oauth_providers::SlackResponse, Failure> {
    provider_answer(
        shared,
        (&request.organization_id, &request.member_id),
        OAuthProvider::Slack,
        None,
    )
}

pub(crate) fn provider_hubspot(
    shared: &Shared,
    request: api::organizations_members_oauth_providers::HubspotRequest,
) -> Result<api::organizations_members_oauth_providers::HubspotResponse, Failure> {
    provider_answer(
        shared,
        (&request.organization_id, &request.member_id),
        OAuthProvider::Hubspot,
        request.include_refresh_token,
    )
}

pub(crate) fn provider_github(
    shared: &Shared,
    request: api::organizations_members_oauth_providers::GithubRequest,
) -> Result<api::organizations_members_oauth_providers::GithubResponse, Failure> {
    provider_answer(
        shared,
        (&request.organization_id, &request.member_id),
        OAuthProvider::Github,
        request.include_refresh_token,
    )
}
