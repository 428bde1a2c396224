//! Organizations (`organizations.*`): create, get, update, delete, search, metrics and external ids.

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

#[allow(unused_imports)]
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
    let members = state.members.values().map(|record| &record.member);
    let found = search::organizations(state.organizations_sorted(), members, &request.query)
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

pub(crate) fn create(
    shared: &Shared,
    request: api::organizations::CreateRequest,
) -> Result<api::organizations::CreateResponse, Failure> {
    not_modelled_yet(shared, "organizations_create", &request)
}

pub(crate) fn update(
    shared: &Shared,
    request: api::organizations::UpdateRequest,
) -> Result<api::organizations::UpdateResponse, Failure> {
    not_modelled_yet(shared, "organizations_update", &request)
}

pub(crate) fn delete(
    shared: &Shared,
    request: api::organizations::DeleteRequest,
) -> Result<api::organizations::DeleteResponse, Failure> {
    not_modelled_yet(shared, "organizations_delete", &request)
}

pub(crate) fn get_metrics(
    shared: &Shared,
    request: api::organizations::MetricsRequest,
) -> Result<api::organizations::MetricsResponse, Failure> {
    not_modelled_yet(shared, "organizations_get_metrics", &request)
}

pub(crate) fn delete_external_id(
    shared: &Shared,
    request: api::organizations::DeleteExternalIdRequest,
) -> Result<api::organizations::DeleteExternalIdResponse, Failure> {
    not_modelled_yet(shared, "organizations_delete_external_id", &request)
}
