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
    not_modelled_yet(shared, "sessions_get", &request)
}

pub(crate) fn exchange(
    shared: &Shared,
    request: api::sessions::ExchangeRequest,
) -> Result<api::sessions::ExchangeResponse, Failure> {
    not_modelled_yet(shared, "sessions_exchange", &request)
}

pub(crate) fn migrate(
    shared: &Shared,
    request: api::sessions::MigrateRequest,
) -> Result<api::sessions::MigrateResponse, Failure> {
    not_modelled_yet(shared, "sessions_migrate", &request)
}

pub(crate) fn attest(
    shared: &Shared,
    request: api::sessions::AttestRequest,
) -> Result<api::sessions::AttestResponse, Failure> {
    not_modelled_yet(shared, "sessions_attest", &request)
}

pub(crate) fn exchange_access_token(
    shared: &Shared,
    request: api::sessions::ExchangeAccessTokenRequest,
) -> Result<api::sessions::ExchangeAccessTokenResponse, Failure> {
    not_modelled_yet(shared, "sessions_exchange_access_token", &request)
}
