//! impersonation: not modelled yet (answers 501 `operation_not_modelled`).

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

use super::not_modelled;
use crate::state::Shared;

pub(crate) fn authenticate(
    _shared: &Shared,
    _request: api::impersonation::AuthenticateRequest,
) -> Result<api::impersonation::AuthenticateResponse, Failure> {
    Err(not_modelled("impersonation.authenticate"))
}
