//! Passwords (`passwords.*`): authenticate, strength check, migrate and every reset flow, organization and discovery.

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

#[allow(unused_imports)]
use super::*;

pub(crate) fn strength_check(
    shared: &Shared,
    request: api::password::StrengthCheckRequest,
) -> Result<api::password::StrengthCheckResponse, Failure> {
    not_modelled_yet(shared, "passwords_strength_check", &request)
}

pub(crate) fn migrate(
    shared: &Shared,
    request: api::password::MigrateRequest,
) -> Result<api::password::MigrateResponse, Failure> {
    not_modelled_yet(shared, "passwords_migrate", &request)
}

pub(crate) fn authenticate(
    shared: &Shared,
    request: api::password::AuthenticateRequest,
) -> Result<api::password::AuthenticateResponse, Failure> {
    not_modelled_yet(shared, "passwords_authenticate", &request)
}

pub(crate) fn email_reset_start(
    shared: &Shared,
    request: api::passwords_email::ResetStartRequest,
) -> Result<api::passwords_email::ResetStartResponse, Failure> {
    not_modelled_yet(shared, "passwords_email_reset_start", &request)
}

pub(crate) fn email_reset(
    shared: &Shared,
    request: api::passwords_email::ResetRequest,
) -> Result<api::passwords_email::ResetResponse, Failure> {
    not_modelled_yet(shared, "passwords_email_reset", &request)
}

pub(crate) fn email_require_reset(
    shared: &Shared,
    request: api::passwords_email::RequireResetRequest,
) -> Result<api::passwords_email::RequireResetResponse, Failure> {
    not_modelled_yet(shared, "passwords_email_require_reset", &request)
}

pub(crate) fn session_reset(
    shared: &Shared,
    request: api::passwords_session::ResetRequest,
) -> Result<api::passwords_session::ResetResponse, Failure> {
    not_modelled_yet(shared, "passwords_session_reset", &request)
}

pub(crate) fn existing_password_reset(
    shared: &Shared,
    request: api::passwords_existing_password::ResetRequest,
) -> Result<api::passwords_existing_password::ResetResponse, Failure> {
    not_modelled_yet(shared, "passwords_existing_password_reset", &request)
}

pub(crate) fn discovery_authenticate(
    shared: &Shared,
    request: api::passwords_discovery::AuthenticateRequest,
) -> Result<api::passwords_discovery::AuthenticateResponse, Failure> {
    not_modelled_yet(shared, "passwords_discovery_authenticate", &request)
}

pub(crate) fn discovery_email_reset_start(
    shared: &Shared,
    request: api::passwords_discovery_email::ResetStartRequest,
) -> Result<api::passwords_discovery_email::ResetStartResponse, Failure> {
    not_modelled_yet(shared, "passwords_discovery_email_reset_start", &request)
}

pub(crate) fn discovery_email_reset(
    shared: &Shared,
    request: api::passwords_discovery_email::ResetRequest,
) -> Result<api::passwords_discovery_email::ResetResponse, Failure> {
    not_modelled_yet(shared, "passwords_discovery_email_reset", &request)
}
