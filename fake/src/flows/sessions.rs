//! The session family (`sessions.*`): authenticate, revoke, get, exchange, migrate, attest and access-token exchange.

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

#[allow(unused_imports)]
use super::*;

pub(crate) fn authenticate(
    shared: &Shared,
    request: api::sessions::AuthenticateRequest,
) -> Result<api::sessions::AuthenticateResponse, Failure> {
    let jwt = request.session_jwt.clone();
    shared.issuing_jwt(
        &jwt,
        |state, project_id, jwt| state.authenticate_session(project_id, request, jwt),
        |answer| &mut answer.session_jwt,
    )
}

pub(crate) fn revoke(
    shared: &Shared,
    request: api::sessions::RevokeRequest,
) -> Result<api::sessions::RevokeResponse, Failure> {
    let jwt = shared
        .verify_jwt(&request.session_jwt)
        .map_err(FakeError::into_failure)?;
    shared
        .lock()
        .revoke_session(&shared.project_id, request, jwt)
        .map_err(FakeError::into_failure)
}

pub(crate) fn get(
    shared: &Shared,
    request: api::sessions::GetRequest,
) -> Result<api::sessions::GetResponse, Failure> {
    let sessions = shared
        .lock()
        .member_sessions(&request.organization_id, &request.member_id)
        .map_err(FakeError::into_failure)?;
    answer("sessions.get", json!({"member_sessions": sessions}))
}

pub(crate) fn exchange(
    shared: &Shared,
    request: api::sessions::ExchangeRequest,
) -> Result<api::sessions::ExchangeResponse, Failure> {
    let jwt = shared
        .verify_jwt(&request.session_jwt)
        .map_err(FakeError::into_failure)?;
    let options = SessionOptions {
        duration_minutes: request.session_duration_minutes,
        custom_claims: request.session_custom_claims.as_ref(),
        intermediate_session_token: None,
        locale: request.locale.as_ref().map(|l| l.as_str()),
    };
    let (login, expires_at) = {
        let mut state = shared.lock();
        let login = state
            .exchange_session(
                &shared.project_id,
                &request.organization_id,
                &request.session_token,
                jwt,
                options,
            )
            .map_err(FakeError::into_failure)?;
        let expires_at = state.intermediate_session_expiry(&login.intermediate_session_token);
        (login, expires_at)
    };
    login_answer(
        shared,
        "sessions.exchange",
        login,
        json!({"intermediate_session_token_expires_at": expires_at}),
    )
}

pub(crate) fn migrate(
    shared: &Shared,
    request: api::sessions::MigrateRequest,
) -> Result<api::sessions::MigrateResponse, Failure> {
    let login = shared
        .lock()
        .migrate_session(&shared.project_id, &request)
        .map_err(FakeError::into_failure)?;
    login_answer(shared, "sessions.migrate", login, json!({}))
}

pub(crate) fn attest(
    shared: &Shared,
    request: api::sessions::AttestRequest,
) -> Result<api::sessions::AttestResponse, Failure> {
    let jwt = shared
        .verify_jwt(&request.session_jwt)
        .map_err(FakeError::into_failure)?;
    let login = shared
        .lock()
        .attest_session(&shared.project_id, &request, jwt)
        .map_err(FakeError::into_failure)?;
    login_answer(shared, "sessions.attest", login, json!({}))
}

/// An access token `FakeStytch::issue_access_token` issued (from an `idp.oauth.authorize`
/// code) becomes, once, a new session of the member who granted the app; any other token is
/// refused as Stytch refuses an invalid one, after the session arguments are checked.
pub(crate) fn exchange_access_token(
    shared: &Shared,
    request: api::sessions::ExchangeAccessTokenRequest,
) -> Result<api::sessions::ExchangeAccessTokenResponse, Failure> {
    let minutes =
        session_minutes(request.session_duration_minutes).map_err(FakeError::into_failure)?;
    let claims = merge_claims(Map::new(), request.session_custom_claims.as_ref())
        .map_err(FakeError::into_failure)?;
    let token_claims = shared
        .verify_access_token(&request.access_token)
        .map_err(FakeError::into_failure)?;
    let login = {
        let mut state = shared.lock();
        let now = state.now();
        state
            .exchange_access_token(&shared.project_id, &token_claims, minutes, claims)
            .and_then(|id| state.session_login(&shared.project_id, &id, now))
            .map_err(FakeError::into_failure)?
    };
    login_answer(shared, "sessions.exchange_access_token", login, json!({}))
}
