//! Control routes and Rust calls for impersonation and connected apps: what Stytch's
//! dashboard does (minting an impersonation token, registering a connected app).

use serde::Deserialize;
use serde_json::{Value, json};

use super::{Call, ok};
use crate::reply::{Reply, decode, fail};
use crate::state::Shared;
use crate::state::apps::NewConnectedApp;
use crate::util::rfc3339;
use crate::{FakeError, FakeStytch};

/// `POST /__fake/impersonation`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImpersonationRequest {
    organization_id: String,
    member_id: String,
    #[serde(default)]
    impersonator_email_address: Option<String>,
}

/// `POST /__fake/connected_apps`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConnectedAppRequest {
    #[serde(default)]
    connected_app_id: Option<String>,
    name: String,
    #[serde(default)]
    description: String,
    client_type: String,
    #[serde(default)]
    logo_url: Option<String>,
    #[serde(default)]
    redirect_urls: Vec<String>,
}

/// Mints an impersonation token: `{"impersonation_token", "expires_at"}`.
fn mint(shared: &Shared, req: &ImpersonationRequest) -> Result<Value, FakeError> {
    let (token, expires_at) = shared.lock().mint_impersonation_token(
        &req.organization_id,
        &req.member_id,
        req.impersonator_email_address.as_deref(),
    )?;
    Ok(json!({"impersonation_token": token, "expires_at": rfc3339(expires_at)}))
}

pub(super) fn post_impersonation(shared: &Shared, call: &Call<'_>) -> Reply {
    let req: ImpersonationRequest = match decode(call.body, "__fake.impersonation") {
        Ok(req) => req,
        Err(reply) => return *reply,
    };
    match mint(shared, &req) {
        Ok(fields) => ok(fields),
        Err(e) => fail(e),
    }
}

pub(super) fn post_connected_app(shared: &Shared, call: &Call<'_>) -> Reply {
    let req: ConnectedAppRequest = match decode(call.body, "__fake.connected_apps") {
        Ok(req) => req,
        Err(reply) => return *reply,
    };
    let new = NewConnectedApp {
        connected_app_id: req.connected_app_id,
        name: req.name,
        description: req.description,
        client_type: req.client_type,
        logo_url: req.logo_url,
        redirect_urls: req.redirect_urls,
    };
    match shared.lock().register_connected_app(new) {
        Ok(fields) => ok(fields),
        Err(e) => fail(e),
    }
}

/// `POST /__fake/connected_apps/token`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AccessTokenRequest {
    authorization_code: String,
}

pub(super) fn post_access_token(shared: &Shared, call: &Call<'_>) -> Reply {
    let req: AccessTokenRequest = match decode(call.body, "__fake.connected_apps.token") {
        Ok(req) => req,
        Err(reply) => return *reply,
    };
    match shared.issue_access_token(&req.authorization_code) {
        Ok(token) => ok(json!({ "access_token": token })),
        Err(e) => fail(e),
    }
}

/// An impersonation token as Stytch's dashboard mints it.
#[derive(Debug, Clone)]
pub struct Impersonation {
    /// The token `impersonation.authenticate` takes (once, within 5 minutes).
    pub impersonation_token: String,
    /// When it expires, RFC 3339, on the fake clock.
    pub expires_at: String,
}

impl FakeStytch {
    /// Mints an impersonation token for a member (an id or external id) of an organization
    /// (an id, slug or external id), as a support agent would in Stytch's dashboard:
    /// `impersonation.authenticate` turns it, once and within 5 minutes, into a 60-minute
    /// member session with an `impersonated` factor naming `impersonator_email_address`
    /// (`support@example.com` when `None`). Also `POST /__fake/impersonation`.
    ///
    /// Fails on an unknown organization, an unknown or deleted member.
    pub fn impersonate(
        &self,
        organization_id: &str,
        member_id: &str,
        impersonator_email_address: Option<&str>,
    ) -> Result<Impersonation, FakeError> {
        let (token, expires_at) = self.shared.lock().mint_impersonation_token(
            organization_id,
            member_id,
            impersonator_email_address,
        )?;
        Ok(Impersonation {
            impersonation_token: token,
            expires_at: rfc3339(expires_at),
        })
    }

    /// Registers a connected app of the project, as Stytch's dashboard would; answers its
    /// `connected_app_id` (the IdP flow's `client_id`). Also `POST /__fake/connected_apps`.
    ///
    /// Fails with `invalid_connected_app` on an empty name, an unknown `client_type` or an
    /// id already taken.
    pub fn register_connected_app(&self, app: NewConnectedApp) -> Result<String, FakeError> {
        let answer = self.shared.lock().register_connected_app(app)?;
        Ok(answer["connected_app_id"]
            .as_str()
            .unwrap_or_default()
            .to_owned())
    }

    /// Plays the connected app's token endpoint (not part of Stytch's B2B document): redeems
    /// an `authorization_code` of `idp.oauth.authorize`, once, for an access token that
    /// `sessions.exchange_access_token` turns, once, into a session of the member who
    /// granted the app (an `oauth` factor by `oauth_access_token_exchange`). Revoking the
    /// app's grant drops its unexchanged tokens.
    ///
    /// The token is a JWT as Stytch documents its access tokens, signed RS256 by the fake's
    /// current key (verifiable with the served JWKS, e.g. by
    /// `client.idp().introspect_token_local`): `iss` `stytch.com/{project_id}`, `aud`
    /// `[project_id]`, `sub` the member, `client_id` the app, `scope` the granted scopes
    /// (space-separated), `https://stytch.com/organization` (`organization_id`, `slug`),
    /// `iat` = `nbf` = now and `exp` an hour later on the fake clock, a fresh `jti`.
    ///
    /// Also `POST /__fake/connected_apps/token {"authorization_code"}`.
    ///
    /// Fails with `invalid_grant` (400) for an unknown, redeemed or revoked code.
    pub fn issue_access_token(&self, authorization_code: &str) -> Result<String, FakeError> {
        self.shared.issue_access_token(authorization_code)
    }

    /// Decides an authorization check for an access token the fake issued, as Stytch's SDKs
    /// decide it locally (`performScopeAuthorizationCheck`): the token verified (signature,
    /// `iss`, `aud`, `nbf`, `exp` on the fake clock; else
    /// `oauth_access_token_exchange_token_invalid_grant` 400), its organization the check's
    /// (else `tenancy_mismatch` 403), and one of its scopes, among the custom scopes of the
    /// project's policy ([`FakeStytch::set_rbac_scopes`]), granting the action or `*` on the
    /// resource (else `invalid_permissions` 403). Answers the granting scopes, in the
    /// policy's order. For tests comparing the SDK's local check with the fake's decision.
    pub fn check_access_token_scopes(
        &self,
        access_token: &str,
        check: &stytch_b2b_otp_sms::sessions::AuthorizationCheck,
    ) -> Result<Vec<String>, FakeError> {
        self.shared.check_access_token_scopes(access_token, check)
    }
}
