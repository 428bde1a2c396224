//! connected_apps: not modelled yet (answers 501 `operation_not_modelled`).

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

use super::not_modelled;
use crate::state::Shared;

pub(crate) fn list(
    _shared: &Shared,
    _request: api::organizations::ConnectedAppsRequest,
) -> Result<api::organizations::ConnectedAppsResponse, Failure> {
    Err(not_modelled("organizations.connected_apps.list"))
}

pub(crate) fn get(
    _shared: &Shared,
    _request: api::organizations::GetConnectedAppRequest,
) -> Result<api::organizations::GetConnectedAppResponse, Failure> {
    Err(not_modelled("organizations.connected_apps.get"))
}

pub(crate) fn member_list(
    _shared: &Shared,
    _request: api::organizations_members::GetConnectedAppsRequest,
) -> Result<api::organizations_members::GetConnectedAppsResponse, Failure> {
    Err(not_modelled("organizations.members.connected_apps.list"))
}

pub(crate) fn member_revoke(
    _shared: &Shared,
    _request: api::organizations_members_connected_apps::RevokeRequest,
) -> Result<api::organizations_members_connected_apps::RevokeResponse, Failure> {
    Err(not_modelled("organizations.members.connected_apps.revoke"))
}
