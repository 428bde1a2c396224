//! Members (`organizations.members.*`): create, get, update, delete, reactivate, search and their factors.

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

#[allow(unused_imports)]
use super::*;

pub(crate) fn delete(
    shared: &Shared,
    request: api::organizations_members::DeleteRequest,
) -> Result<api::organizations_members::DeleteResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let member_id = shared
        .lock()
        .delete_member(&request.organization_id, &request.member_id)
        .map_err(FakeError::into_failure)?;
    answer(
        "organizations.members.delete",
        json!({"member_id": member_id}),
    )
}

pub(crate) fn search(
    shared: &Shared,
    request: api::organizations_members::SearchRequest,
) -> Result<api::organizations_members::SearchResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let state = shared.lock();
    let mut organizations = Map::new();
    for id in &request.organization_ids {
        let id = state
            .resolve_organization(id)
            .map_err(FakeError::into_failure)?;
        organizations.insert(id.clone(), json!(state.organizations[&id]));
    }
    let found = search::members(state.members_of(organizations.keys()), &request.query)
        .and_then(|found| search::paginate(found, &request.cursor, request.limit))
        .map_err(FakeError::into_failure)?;
    answer(
        "organizations.members.search",
        json!({
            "members": found.page,
            "organizations": organizations,
            "results_metadata": {"total": found.total, "next_cursor": found.next_cursor},
        }),
    )
}

pub(crate) fn create(
    shared: &Shared,
    request: api::organizations_members::CreateRequest,
) -> Result<api::organizations_members::CreateResponse, Failure> {
    not_modelled_yet(shared, "organizations_members_create", &request)
}

pub(crate) fn get(
    shared: &Shared,
    request: api::organizations_members::GetRequest,
) -> Result<api::organizations_members::GetResponse, Failure> {
    not_modelled_yet(shared, "organizations_members_get", &request)
}

pub(crate) fn dangerously_get(
    shared: &Shared,
    request: api::organizations_members::DangerouslyGetRequest,
) -> Result<api::organizations_members::GetResponse, Failure> {
    not_modelled_yet(shared, "organizations_members_dangerously_get", &request)
}

pub(crate) fn update(
    shared: &Shared,
    request: api::organizations_members::UpdateRequest,
) -> Result<api::organizations_members::UpdateResponse, Failure> {
    not_modelled_yet(shared, "organizations_members_update", &request)
}

pub(crate) fn reactivate(
    shared: &Shared,
    request: api::organizations_members::ReactivateRequest,
) -> Result<api::organizations_members::ReactivateResponse, Failure> {
    not_modelled_yet(shared, "organizations_members_reactivate", &request)
}

pub(crate) fn delete_mfa_phone_number(
    shared: &Shared,
    request: api::organizations_members::DeleteMFAPhoneNumberRequest,
) -> Result<api::organizations_members::DeleteMFAPhoneNumberResponse, Failure> {
    not_modelled_yet(
        shared,
        "organizations_members_delete_mfa_phone_number",
        &request,
    )
}

pub(crate) fn delete_totp(
    shared: &Shared,
    request: api::organizations_members::DeleteTOTPRequest,
) -> Result<api::organizations_members::DeleteTOTPResponse, Failure> {
    not_modelled_yet(shared, "organizations_members_delete_totp", &request)
}

pub(crate) fn passwords_delete(
    shared: &Shared,
    request: api::organizations_members::DeletePasswordRequest,
) -> Result<api::organizations_members::DeletePasswordResponse, Failure> {
    not_modelled_yet(shared, "organizations_members_passwords_delete", &request)
}

pub(crate) fn unlink_retired_email(
    shared: &Shared,
    request: api::organizations_members::UnlinkRetiredEmailRequest,
) -> Result<api::organizations_members::UnlinkRetiredEmailResponse, Failure> {
    not_modelled_yet(
        shared,
        "organizations_members_unlink_retired_email",
        &request,
    )
}

pub(crate) fn start_email_update(
    shared: &Shared,
    request: api::organizations_members::StartEmailUpdateRequest,
) -> Result<api::organizations_members::StartEmailUpdateResponse, Failure> {
    not_modelled_yet(shared, "organizations_members_start_email_update", &request)
}

pub(crate) fn delete_external_id(
    shared: &Shared,
    request: api::organizations_members::DeleteExternalIdRequest,
) -> Result<api::organizations_members::DeleteExternalIdResponse, Failure> {
    not_modelled_yet(shared, "organizations_members_delete_external_id", &request)
}
