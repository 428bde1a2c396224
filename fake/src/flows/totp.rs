//! TOTP (`totp.*`): authenticator app registration, RFC 6238 codes on the fake clock, migration.

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

#[allow(unused_imports)]
use super::*;

pub(crate) fn create(
    shared: &Shared,
    request: api::totp::CreateRequest,
) -> Result<api::totp::CreateResponse, Failure> {
    not_modelled_yet(shared, "totp_create", &request)
}

pub(crate) fn authenticate(
    shared: &Shared,
    request: api::totp::AuthenticateRequest,
) -> Result<api::totp::AuthenticateResponse, Failure> {
    not_modelled_yet(shared, "totp_authenticate", &request)
}

pub(crate) fn migrate(
    shared: &Shared,
    request: api::totp::MigrateRequest,
) -> Result<api::totp::MigrateResponse, Failure> {
    not_modelled_yet(shared, "totp_migrate", &request)
}
