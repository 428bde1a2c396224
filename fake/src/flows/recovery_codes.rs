//! Recovery codes (`recovery_codes.*`): get, recover (each code once) and rotate.
//!
//! The rules are in `crate::state::mfa`: a member's codes come with their TOTP registration.

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

#[allow(unused_imports)]
use super::*;

pub(crate) fn recover(
    shared: &Shared,
    request: api::recovery_codes::RecoverRequest,
) -> Result<api::recovery_codes::RecoverResponse, Failure> {
    let jwt = shared
        .verify_jwt(&request.session_jwt)
        .map_err(FakeError::into_failure)?;
    let (login, remaining) = shared
        .lock()
        .recover(&shared.project_id, request, jwt)
        .map_err(FakeError::into_failure)?;
    login_answer(
        shared,
        "recovery_codes.recover",
        login,
        json!({"recovery_codes_remaining": remaining}),
    )
}

pub(crate) fn get(
    shared: &Shared,
    request: api::recovery_codes::GetRequest,
) -> Result<api::recovery_codes::GetResponse, Failure> {
    let codes = shared
        .lock()
        .get_recovery_codes(&request.organization_id, &request.member_id)
        .map_err(FakeError::into_failure)?;
    codes_answer("recovery_codes.get", codes)
}

pub(crate) fn rotate(
    shared: &Shared,
    request: api::recovery_codes::RotateRequest,
) -> Result<api::recovery_codes::RotateResponse, Failure> {
    let codes = shared
        .lock()
        .rotate_recovery_codes(&request.organization_id, &request.member_id)
        .map_err(FakeError::into_failure)?;
    codes_answer("recovery_codes.rotate", codes)
}

/// The answer of `get` and `rotate`: the member, the organization and the unused codes.
fn codes_answer<T: serde::de::DeserializeOwned>(
    operation: &str,
    codes: MemberCodes,
) -> Result<T, Failure> {
    answer(
        operation,
        json!({
            "member_id": codes.member.member_id,
            "member": codes.member,
            "organization": codes.organization,
            "recovery_codes": codes.recovery_codes,
        }),
    )
}
