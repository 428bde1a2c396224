//! Members (`organizations.members.*`): create, get, update, delete, reactivate, search and their factors.

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::organizations::SearchQuery;
use stytch_b2b_otp_sms::server::Failure;

use super::*;

/// Answers `operation` with a member and its organization (the shape most members
/// operations share), after `change` ran under the lock and named the member.
fn member_answer<T: serde::de::DeserializeOwned>(
    shared: &Shared,
    operation: &str,
    change: impl FnOnce(&mut State) -> Result<String, FakeError>,
) -> Result<T, Failure> {
    let fields = {
        let mut state = shared.lock();
        change(&mut state).and_then(|id| state.member_answer(&id))
    }
    .map_err(FakeError::into_failure)?;
    answer(operation, fields)
}

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

/// Whether a search query names member statuses: without it, deleted members are left out
/// (an empty query "returns all non-deleted Members").
fn filters_statuses(query: &Option<SearchQuery>) -> bool {
    query.as_ref().is_some_and(|q| {
        q.operands
            .iter()
            .any(|o| o.get("filter_name").and_then(Value::as_str) == Some("statuses"))
    })
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
    let mut members = state.members_of(organizations.keys());
    if !filters_statuses(&request.query) {
        members.retain(|m| m.status != DELETED);
    }
    let found = search::members(members.iter().collect(), &request.query)
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
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let pending = request.create_member_as_pending == Some(true);
    let spec = MemberSpec {
        email_address: request.email_address,
        name: request.name.unwrap_or_default(),
        status: if pending { "pending" } else { ACTIVE }.to_owned(),
        phone_number: request.mfa_phone_number,
        external_id: request.external_id.filter(|e| !e.is_empty()),
        roles: request.roles.unwrap_or_default(),
        strict: true,
        is_breakglass: request.is_breakglass.unwrap_or_default(),
        mfa_enrolled: request.mfa_enrolled.unwrap_or_default(),
        trusted_metadata: request.trusted_metadata.unwrap_or_default(),
        untrusted_metadata: request.untrusted_metadata.unwrap_or_default(),
        ..MemberSpec::default()
    };
    member_answer(shared, "organizations.members.create", |state| {
        state
            .create_member_with(&request.organization_id, spec)
            .map(|m| m.member_id)
    })
}

pub(crate) fn get(
    shared: &Shared,
    request: api::organizations_members::GetRequest,
) -> Result<api::organizations_members::GetResponse, Failure> {
    member_answer(shared, "organizations.members.get", |state| {
        let organization_id = state.resolve_organization(&request.organization_id)?;
        match (given(&request.member_id), given(&request.email_address)) {
            (Some(member), _) => state.resolve_member(&organization_id, member),
            (None, Some(email)) => state
                .live_member_by_email(&organization_id, email)
                .map(|m| m.member_id.clone())
                .ok_or_else(member_not_found),
            (None, None) => Err(FakeError::new(
                400,
                "invalid_member_get_fields",
                "Pass member_id or email_address.",
            )),
        }
    })
}

pub(crate) fn dangerously_get(
    shared: &Shared,
    request: api::organizations_members::DangerouslyGetRequest,
) -> Result<api::organizations_members::GetResponse, Failure> {
    let include_deleted = request.include_deleted == Some(true);
    member_answer(
        shared,
        "organizations.members.dangerously_get",
        |state| match state.members.get(&request.member_id) {
            Some(r) if include_deleted || r.member.status != DELETED => {
                Ok(request.member_id.clone())
            }
            _ => Err(member_not_found()),
        },
    )
}

pub(crate) fn update(
    shared: &Shared,
    request: api::organizations_members::UpdateRequest,
) -> Result<api::organizations_members::UpdateResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    member_answer(shared, "organizations.members.update", |state| {
        state.update_member(&request)
    })
}

pub(crate) fn reactivate(
    shared: &Shared,
    request: api::organizations_members::ReactivateRequest,
) -> Result<api::organizations_members::ReactivateResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    member_answer(shared, "organizations.members.reactivate", |state| {
        state.reactivate_member(&request.organization_id, &request.member_id)
    })
}

pub(crate) fn delete_mfa_phone_number(
    shared: &Shared,
    request: api::organizations_members::DeleteMFAPhoneNumberRequest,
) -> Result<api::organizations_members::DeleteMFAPhoneNumberResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    member_answer(
        shared,
        "organizations.members.delete_mfa_phone_number",
        |state| state.delete_mfa_phone_number(&request.organization_id, &request.member_id),
    )
}

pub(crate) fn delete_totp(
    shared: &Shared,
    request: api::organizations_members::DeleteTOTPRequest,
) -> Result<api::organizations_members::DeleteTOTPResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    member_answer(shared, "organizations.members.delete_totp", |state| {
        state.delete_totp(&request.organization_id, &request.member_id)
    })
}

pub(crate) fn passwords_delete(
    shared: &Shared,
    request: api::organizations_members::DeletePasswordRequest,
) -> Result<api::organizations_members::DeletePasswordResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    member_answer(shared, "organizations.members.passwords_delete", |state| {
        state.delete_member_password(&request.organization_id, &request.member_password_id)
    })
}

pub(crate) fn unlink_retired_email(
    shared: &Shared,
    request: api::organizations_members::UnlinkRetiredEmailRequest,
) -> Result<api::organizations_members::UnlinkRetiredEmailResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let fields = {
        let mut state = shared.lock();
        state
            .unlink_retired_email(
                &request.organization_id,
                &request.member_id,
                given(&request.email_id),
                given(&request.email_address),
            )
            .and_then(|id| state.member_answer(&id))
    };
    let mut fields = fields.map_err(FakeError::into_failure)?;
    fields["organization_id"] = fields["organization"]["organization_id"].clone();
    answer("organizations.members.unlink_retired_email", fields)
}

pub(crate) fn start_email_update(
    shared: &Shared,
    request: api::organizations_members::StartEmailUpdateRequest,
) -> Result<api::organizations_members::StartEmailUpdateResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let by_code = request
        .delivery_method
        .as_ref()
        .is_some_and(|m| m.as_str() == "EMAIL_OTP");
    member_answer(
        shared,
        "organizations.members.start_email_update",
        |state| {
            state.start_email_update(EmailUpdateStart {
                organization: &request.organization_id,
                member: &request.member_id,
                email_address: &request.email_address,
                login_redirect_url: given(&request.login_redirect_url),
                by_code,
            })
        },
    )
}

pub(crate) fn delete_external_id(
    shared: &Shared,
    request: api::organizations_members::DeleteExternalIdRequest,
) -> Result<api::organizations_members::DeleteExternalIdResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    member_answer(
        shared,
        "organizations.members.delete_external_id",
        |state| state.delete_member_external_id(&request.organization_id, &request.member_id),
    )
}
