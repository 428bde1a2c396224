//! SMS one-time passcodes (`otps.sms.*`): sending to a Member and authenticating the code.

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

#[allow(unused_imports)]
use super::*;

pub(crate) fn send(
    shared: &Shared,
    request: api::otp_sms::SendRequest,
) -> Result<api::otp_sms::SendResponse, Failure> {
    let jwt = shared
        .verify_jwt(&request.session_jwt)
        .map_err(FakeError::into_failure)?;
    shared
        .lock()
        .send(&shared.project_id, request, jwt)
        .map_err(FakeError::into_failure)
}

pub(crate) fn authenticate(
    shared: &Shared,
    request: api::otp_sms::AuthenticateRequest,
) -> Result<api::otp_sms::AuthenticateResponse, Failure> {
    let jwt = request.session_jwt.clone();
    shared.issuing_jwt(
        &jwt,
        |state, project_id, jwt| state.authenticate(project_id, request, jwt),
        |answer| &mut answer.session_jwt,
    )
}
