//! Organizations (`organizations.*`): create, get, update, delete, search, metrics and external ids.

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

use super::*;

pub(crate) fn get(
    shared: &Shared,
    request: api::organizations::GetRequest,
) -> Result<api::organizations::GetResponse, Failure> {
    let state = shared.lock();
    let id = state
        .resolve_organization(&request.organization_id)
        .map_err(FakeError::into_failure)?;
    answer(
        "organizations.get",
        json!({"organization": state.organizations[&id]}),
    )
}

pub(crate) fn search(
    shared: &Shared,
    request: api::organizations::SearchRequest,
) -> Result<api::organizations::SearchResponse, Failure> {
    let state = shared.lock();
    // Deleted members are not members any more: the member filters skip them.
    let live_member_emails = |organization_id: &str| {
        state
            .member_ids_of(organization_id)
            .iter()
            .filter(|id| state.members.status(id).is_some_and(|s| s != DELETED))
            .filter_map(|id| state.members.email_address(id))
            .map(str::to_owned)
            .collect()
    };
    let found = search::organizations(
        state.organizations_sorted(),
        live_member_emails,
        &request.query,
    )
    .and_then(|found| search::paginate(found, &request.cursor, request.limit))
    .map_err(FakeError::into_failure)?;
    answer(
        "organizations.search",
        json!({
            "organizations": found.page,
            "results_metadata": {"total": found.total, "next_cursor": found.next_cursor},
        }),
    )
}

/// The body fields a request gave, by name (path and header fields are not serialized).
fn given_fields<R: serde::Serialize>(request: &R) -> Result<OrganizationFields, Failure> {
    match serde_json::to_value(request) {
        Ok(Value::Object(fields)) => Ok(fields),
        _ => Err(internal("read the request's fields").into_failure()),
    }
}

pub(crate) fn create(
    shared: &Shared,
    request: api::organizations::CreateRequest,
) -> Result<api::organizations::CreateResponse, Failure> {
    let fields = given_fields(&request)?;
    let organization = shared
        .lock()
        .create_organization_with(fields)
        .map_err(FakeError::into_failure)?;
    answer(
        "organizations.create",
        json!({"organization": organization}),
    )
}

pub(crate) fn update(
    shared: &Shared,
    request: api::organizations::UpdateRequest,
) -> Result<api::organizations::UpdateResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let fields = given_fields(&request)?;
    let organization = shared
        .lock()
        .update_organization(&request.organization_id, fields)
        .map_err(FakeError::into_failure)?;
    answer(
        "organizations.update",
        json!({"organization": organization}),
    )
}

pub(crate) fn delete(
    shared: &Shared,
    request: api::organizations::DeleteRequest,
) -> Result<api::organizations::DeleteResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let id = shared
        .lock()
        .delete_organization(&request.organization_id)
        .map_err(FakeError::into_failure)?;
    answer("organizations.delete", json!({"organization_id": id}))
}

pub(crate) fn get_metrics(
    shared: &Shared,
    request: api::organizations::MetricsRequest,
) -> Result<api::organizations::MetricsResponse, Failure> {
    let count = shared
        .lock()
        .member_count(&request.organization_id)
        .map_err(FakeError::into_failure)?;
    answer(
        "organizations.get_metrics",
        json!({"member_count": i32::try_from(count).unwrap_or(i32::MAX)}),
    )
}

pub(crate) fn delete_external_id(
    shared: &Shared,
    request: api::organizations::DeleteExternalIdRequest,
) -> Result<api::organizations::DeleteExternalIdResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let organization = shared
        .lock()
        .delete_organization_external_id(&request.organization_id)
        .map_err(FakeError::into_failure)?;
    answer(
        "organizations.delete_external_id",
        json!({"organization": organization}),
    )
}
