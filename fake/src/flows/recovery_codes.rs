//! Recovery codes (`recovery_codes.*`): get, recover (each code once) and rotate.

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

#[allow(unused_imports)]
use super::*;

pub(crate) fn recover(
    shared: &Shared,
    request: api::recovery_codes::RecoverRequest,
) -> Result<api::recovery_codes::RecoverResponse, Failure> {
    not_modelled_yet(shared, "recovery_codes_recover", &request)
}

pub(crate) fn get(
    shared: &Shared,
    request: api::recovery_codes::GetRequest,
) -> Result<api::recovery_codes::GetResponse, Failure> {
    not_modelled_yet(shared, "recovery_codes_get", &request)
}

pub(crate) fn rotate(
    shared: &Shared,
    request: api::recovery_codes::RotateRequest,
) -> Result<api::recovery_codes::RotateResponse, Failure> {
    not_modelled_yet(shared, "recovery_codes_rotate", &request)
}
