//! SCIM connections (`scim.connection.*`): one per organization, its bearer token shown in
//! full only when created and, for the next token, when a rotation starts; elsewhere by its
//! last four characters. See [`crate::state::scim`].

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

#[allow(unused_imports)]
use super::*;
use crate::state::scim::{BEARER_TOKEN_TTL, checked_idp};
use crate::util::token;
use jiff::Timestamp;

/// Creates the organization's SCIM connection: `active_scim_connection_exists` when it
/// has one.
pub(crate) fn create(
    shared: &Shared,
    request: api::scim_connection::CreateRequest,
) -> Result<api::scim_connection::CreateResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let connection = shared
        .lock()
        .create_scim_connection(
            &request.organization_id,
            request.display_name.as_deref().unwrap_or_default(),
            request
                .identity_provider
                .as_ref()
                .map(|i| i.as_str())
                .unwrap_or_default(),
        )
        .map_err(FakeError::into_failure)?;
    answer(
        "scim.connection.create",
        json!({"connection": connection.with_token()}),
    )
}

/// The organization's SCIM connection (`scim_connection_not_found` when it has none).
pub(crate) fn get(
    shared: &Shared,
    request: api::scim_connection::GetRequest,
) -> Result<api::scim_connection::GetResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let connection = shared
        .lock()
        .scim_connection(&request.organization_id, None)
        .map_err(FakeError::into_failure)?;
    answer(
        "scim.connection.get",
        json!({"connection": connection.shown()}),
    )
}

/// Changes the display name, identity provider or group role assignments (each role must
/// be assignable: `invalid_rbac_role_id`, `cannot_assign_default_rbac_role_id`).
pub(crate) fn update(
    shared: &Shared,
    request: api::scim_connection::UpdateRequest,
) -> Result<api::scim_connection::UpdateResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let idp = request
        .identity_provider
        .as_ref()
        .map(|i| checked_idp(i.as_str()))
        .transpose()
        .map_err(FakeError::into_failure)?;
    let mut state = shared.lock();
    let found = state
        .scim_connection(&request.organization_id, Some(&request.connection_id))
        .map_err(FakeError::into_failure)?;
    let roles = match &request.scim_group_implicit_role_assignments {
        Some(assignments) => {
            for a in assignments {
                state
                    .check_role_id(&found.organization_id, &a.role_id)
                    .map_err(FakeError::into_failure)?;
            }
            Some(
                assignments
                    .iter()
                    .map(|a| {
                        json!({"role_id": a.role_id, "group_id": a.group_id, "group_name": a.group_name})
                    })
                    .collect::<Vec<_>>(),
            )
        }
        None => None,
    };
    let connection = state
        .change_scim_connection(&request.organization_id, &request.connection_id, |c, _| {
            if let Some(name) = request.display_name.as_deref() {
                name.clone_into(&mut c.display_name);
            }
            if let Some(idp) = idp {
                c.identity_provider = idp;
            }
            if let Some(roles) = roles {
                c.group_roles = roles;
            }
            Ok(())
        })
        .map_err(FakeError::into_failure)?;
    answer(
        "scim.connection.update",
        json!({"connection": connection.shown()}),
    )
}

/// Deletes the connection; the organization's `scim_active_connection` goes.
pub(crate) fn delete(
    shared: &Shared,
    request: api::scim_connection::DeleteRequest,
) -> Result<api::scim_connection::DeleteResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    shared
        .lock()
        .delete_scim_connection(&request.organization_id, &request.connection_id)
        .map_err(FakeError::into_failure)?;
    answer(
        "scim.connection.delete",
        json!({"connection_id": request.connection_id}),
    )
}

/// The groups the identity provider pushed to the connection: none, as the SCIM
/// provisioning API is not modelled. `limit` must be 1 to 1000 (`invalid_limit`).
pub(crate) fn get_groups(
    shared: &Shared,
    request: api::scim_connection::GetGroupsRequest,
) -> Result<api::scim_connection::GetGroupsResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    if let Some(limit) = request.limit.filter(|l| !(1..=1000).contains(l)) {
        return Err(FakeError::new(
            400,
            "invalid_limit",
            format!("limit must be between 1 and 1000 (got {limit})."),
        )
        .into_failure());
    }
    shared
        .lock()
        .scim_connection(&request.organization_id, Some(&request.connection_id))
        .map_err(FakeError::into_failure)?;
    answer(
        "scim.connection.get_groups",
        json!({"scim_groups": [], "next_cursor": null}),
    )
}

/// Starts a rotation: a next token, shown in full in this answer only. A rotation already
/// in progress is replaced by a new one (an assumption).
pub(crate) fn rotate_start(
    shared: &Shared,
    request: api::scim_connection::RotateStartRequest,
) -> Result<api::scim_connection::RotateStartResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let connection = shared
        .lock()
        .change_scim_connection(
            &request.organization_id,
            &request.connection_id,
            |c, now| {
                let expires = now
                    .saturating_add(BEARER_TOKEN_TTL)
                    .unwrap_or(Timestamp::MAX);
                c.next_token = Some((token(), expires));
                Ok(())
            },
        )
        .map_err(FakeError::into_failure)?;
    answer(
        "scim.connection.rotate_start",
        json!({"connection": connection.with_next_token()}),
    )
}

/// Completes a rotation: the next token replaces the current one
/// (`scim_connection_not_rotating_token` without a rotation in progress).
pub(crate) fn rotate_complete(
    shared: &Shared,
    request: api::scim_connection::RotateCompleteRequest,
) -> Result<api::scim_connection::RotateCompleteResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let connection = shared
        .lock()
        .change_scim_connection(&request.organization_id, &request.connection_id, |c, _| {
            let (token, expires) = c.next_token.take().ok_or_else(no_rotation)?;
            c.bearer_token = token;
            c.bearer_token_expires_at = expires;
            Ok(())
        })
        .map_err(FakeError::into_failure)?;
    answer(
        "scim.connection.rotate_complete",
        json!({"connection": connection.shown()}),
    )
}

/// Cancels a rotation: the current token stays (`scim_connection_not_rotating_token` without
/// a rotation in progress).
pub(crate) fn rotate_cancel(
    shared: &Shared,
    request: api::scim_connection::RotateCancelRequest,
) -> Result<api::scim_connection::RotateCancelResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let connection = shared
        .lock()
        .change_scim_connection(&request.organization_id, &request.connection_id, |c, _| {
            c.next_token.take().ok_or_else(no_rotation)?;
            Ok(())
        })
        .map_err(FakeError::into_failure)?;
    answer(
        "scim.connection.rotate_cancel",
        json!({"connection": connection.shown()}),
    )
}

fn no_rotation() -> FakeError {
    FakeError::new(
        400,
        "scim_connection_not_rotating_token",
        "No SCIM bearer token rotation is in progress on this connection: call rotate_start first.",
    )
}
