//! idp: not modelled yet (answers 501 `operation_not_modelled`).

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

use super::not_modelled;
use crate::state::Shared;

pub(crate) fn authorize_start(
    _shared: &Shared,
    _request: api::idp_oauth::AuthorizeStartRequest,
) -> Result<api::idp_oauth::AuthorizeStartResponse, Failure> {
    Err(not_modelled("idp.oauth.authorize_start"))
}

pub(crate) fn authorize(
    _shared: &Shared,
    _request: api::idp_oauth::AuthorizeRequest,
) -> Result<api::idp_oauth::AuthorizeResponse, Failure> {
    Err(not_modelled("idp.oauth.authorize"))
}
