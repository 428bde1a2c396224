//! Discovery (`discovery.*`): the organizations an email can log in to, exchanging a discovery intermediate session, creating an organization.

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

#[allow(unused_imports)]
use super::*;

pub(crate) fn intermediate_sessions_exchange(
    shared: &Shared,
    request: api::discovery_intermediate_sessions::ExchangeRequest,
) -> Result<api::discovery_intermediate_sessions::ExchangeResponse, Failure> {
    let options = SessionOptions {
        duration_minutes: request.session_duration_minutes,
        custom_claims: request.session_custom_claims.as_ref(),
        intermediate_session_token: None,
        locale: request.locale.as_ref().map(|l| l.as_str()),
    };
    let (login, expires_at) = {
        let mut state = shared.lock();
        let login = state
            .exchange_intermediate_session(
                &shared.project_id,
                &request.intermediate_session_token,
                &request.organization_id,
                options,
            )
            .map_err(FakeError::into_failure)?;
        let expires_at = state.intermediate_session_expiry(&login.intermediate_session_token);
        (login, expires_at)
    };
    login_answer(
        shared,
        "discovery.intermediate_sessions.exchange",
        login,
        json!({"intermediate_session_token_expires_at": expires_at}),
    )
}

pub(crate) fn organizations_create(
    shared: &Shared,
    request: api::discovery_organizations::CreateRequest,
) -> Result<api::discovery_organizations::CreateResponse, Failure> {
    let (login, expires_at) = {
        let mut state = shared.lock();
        let login = state
            .create_discovered_organization(&shared.project_id, &request)
            .map_err(FakeError::into_failure)?;
        let expires_at = state.intermediate_session_expiry(&login.intermediate_session_token);
        (login, expires_at)
    };
    login_answer(
        shared,
        "discovery.organizations.create",
        login,
        json!({"intermediate_session_token_expires_at": expires_at}),
    )
}

pub(crate) fn organizations_list(
    shared: &Shared,
    request: api::discovery::ListRequest,
) -> Result<api::discovery::ListResponse, Failure> {
    let jwt = shared
        .verify_jwt(&request.session_jwt)
        .map_err(FakeError::into_failure)?;
    let (email_address, found, hint) = shared
        .lock()
        .discovery_list(
            &shared.project_id,
            &request.intermediate_session_token,
            &request.session_token,
            jwt,
        )
        .map_err(FakeError::into_failure)?;
    answer(
        "discovery.organizations.list",
        json!({
            "email_address": email_address,
            "discovered_organizations": found,
            "organization_id_hint": hint,
        }),
    )
}
