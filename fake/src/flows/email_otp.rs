//! Email one-time passcodes (`otps.email.*`): login or signup and discovery, and authenticating a code.

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

#[allow(unused_imports)]
use super::*;

pub(crate) fn login_or_signup(
    shared: &Shared,
    request: api::otp_email::LoginOrSignupRequest,
) -> Result<api::otp_email::LoginOrSignupResponse, Failure> {
    not_modelled_yet(shared, "otps_email_login_or_signup", &request)
}

pub(crate) fn authenticate(
    shared: &Shared,
    request: api::otp_email::AuthenticateRequest,
) -> Result<api::otp_email::AuthenticateResponse, Failure> {
    not_modelled_yet(shared, "otps_email_authenticate", &request)
}

pub(crate) fn discovery_send(
    shared: &Shared,
    request: api::otp_email_discovery::SendRequest,
) -> Result<api::otp_email_discovery::SendResponse, Failure> {
    not_modelled_yet(shared, "otps_email_discovery_send", &request)
}

pub(crate) fn discovery_authenticate(
    shared: &Shared,
    request: api::otp_email_discovery::AuthenticateRequest,
) -> Result<api::otp_email_discovery::AuthenticateResponse, Failure> {
    not_modelled_yet(shared, "otps_email_discovery_authenticate", &request)
}
