//! Discovery (`discovery.*`): the organizations an email can log in to, exchanging a discovery intermediate session, creating an organization.

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

#[allow(unused_imports)]
use super::*;

pub(crate) fn intermediate_sessions_exchange(
    shared: &Shared,
    request: api::discovery_intermediate_sessions::ExchangeRequest,
) -> Result<api::discovery_intermediate_sessions::ExchangeResponse, Failure> {
    not_modelled_yet(shared, "discovery_intermediate_sessions_exchange", &request)
}

pub(crate) fn organizations_create(
    shared: &Shared,
    request: api::discovery_organizations::CreateRequest,
) -> Result<api::discovery_organizations::CreateResponse, Failure> {
    not_modelled_yet(shared, "discovery_organizations_create", &request)
}

pub(crate) fn organizations_list(
    shared: &Shared,
    request: api::discovery::ListRequest,
) -> Result<api::discovery::ListResponse, Failure> {
    not_modelled_yet(shared, "discovery_organizations_list", &request)
}
