//! Connected apps an organization's members granted (`organizations.connected_apps.*`,
//! `organizations.members.connected_apps.*`): apps are registered as in Stytch's dashboard
//! (`POST /__fake/connected_apps`) and granted through the IdP authorize flow.

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

use super::*;

/// The connected apps the organization's members granted.
pub(crate) fn list(
    shared: &Shared,
    request: api::organizations::ConnectedAppsRequest,
) -> Result<api::organizations::ConnectedAppsResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let fields = shared
        .lock()
        .organization_connected_apps(&request.organization_id)
        .map_err(FakeError::into_failure)?;
    answer("organizations.connected_apps.list", fields)
}

/// One connected app and the organization's members that granted it.
pub(crate) fn get(
    shared: &Shared,
    request: api::organizations::GetConnectedAppRequest,
) -> Result<api::organizations::GetConnectedAppResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let fields = shared
        .lock()
        .organization_connected_app(&request.organization_id, &request.connected_app_id)
        .map_err(FakeError::into_failure)?;
    answer("organizations.connected_apps.get", fields)
}

/// The connected apps a member granted, with their scopes.
pub(crate) fn member_list(
    shared: &Shared,
    request: api::organizations_members::GetConnectedAppsRequest,
) -> Result<api::organizations_members::GetConnectedAppsResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let fields = shared
        .lock()
        .member_connected_apps(&request.organization_id, &request.member_id)
        .map_err(FakeError::into_failure)?;
    answer("organizations.members.connected_apps.list", fields)
}

/// Revokes a member's grant to a connected app (and the codes issued under it).
pub(crate) fn member_revoke(
    shared: &Shared,
    request: api::organizations_members_connected_apps::RevokeRequest,
) -> Result<api::organizations_members_connected_apps::RevokeResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    shared
        .lock()
        .revoke_connected_app(
            &request.organization_id,
            &request.member_id,
            &request.connected_app_id,
        )
        .map_err(FakeError::into_failure)?;
    answer("organizations.members.connected_apps.revoke", json!({}))
}
