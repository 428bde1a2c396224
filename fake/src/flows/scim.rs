//! scim: not modelled yet (answers 501 `operation_not_modelled`).

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

use super::not_modelled;
use crate::state::Shared;

pub(crate) fn create(
    _shared: &Shared,
    _request: api::scim_connection::CreateRequest,
) -> Result<api::scim_connection::CreateResponse, Failure> {
    Err(not_modelled("scim.connection.create"))
}

pub(crate) fn get(
    _shared: &Shared,
    _request: api::scim_connection::GetRequest,
) -> Result<api::scim_connection::GetResponse, Failure> {
    Err(not_modelled("scim.connection.get"))
}

pub(crate) fn update(
    _shared: &Shared,
    _request: api::scim_connection::UpdateRequest,
) -> Result<api::scim_connection::UpdateResponse, Failure> {
    Err(not_modelled("scim.connection.update"))
}

pub(crate) fn delete(
    _shared: &Shared,
    _request: api::scim_connection::DeleteRequest,
) -> Result<api::scim_connection::DeleteResponse, Failure> {
    Err(not_modelled("scim.connection.delete"))
}

pub(crate) fn get_groups(
    _shared: &Shared,
    _request: api::scim_connection::GetGroupsRequest,
) -> Result<api::scim_connection::GetGroupsResponse, Failure> {
    Err(not_modelled("scim.connection.get_groups"))
}

pub(crate) fn rotate_start(
    _shared: &Shared,
    _request: api::scim_connection::RotateStartRequest,
) -> Result<api::scim_connection::RotateStartResponse, Failure> {
    Err(not_modelled("scim.connection.rotate_start"))
}

pub(crate) fn rotate_complete(
    _shared: &Shared,
    _request: api::scim_connection::RotateCompleteRequest,
) -> Result<api::scim_connection::RotateCompleteResponse, Failure> {
    Err(not_modelled("scim.connection.rotate_complete"))
}

pub(crate) fn rotate_cancel(
    _shared: &Shared,
    _request: api::scim_connection::RotateCancelRequest,
) -> Result<api::scim_connection::RotateCancelResponse, Failure> {
    Err(not_modelled("scim.connection.rotate_cancel"))
}
