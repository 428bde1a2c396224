//! RBAC (`rbac.*`): the project policy and organizations' custom roles.

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

#[allow(unused_imports)]
use super::*;

pub(crate) fn get_policy(
    shared: &Shared,
    _request: api::rbac::PolicyRequest,
) -> Result<api::rbac::PolicyResponse, Failure> {
    let (roles, scopes) = {
        let state = shared.lock();
        (state.rbac_roles(), state.rbac_scopes())
    };
    answer(
        "rbac.get_policy",
        json!({"policy": {"roles": roles, "resources": [], "scopes": scopes}}),
    )
}

pub(crate) fn organizations_get_org_policy(
    shared: &Shared,
    request: api::rbac_organizations::GetOrgPolicyRequest,
) -> Result<api::rbac_organizations::GetOrgPolicyResponse, Failure> {
    let roles = shared
        .lock()
        .org_roles(&request.organization_id)
        .map_err(FakeError::into_failure)?;
    answer(
        "rbac.organizations.get_org_policy",
        json!({"org_policy": {"roles": roles}}),
    )
}

pub(crate) fn organizations_set_org_policy(
    shared: &Shared,
    request: api::rbac_organizations::SetOrgPolicyRequest,
) -> Result<api::rbac_organizations::SetOrgPolicyResponse, Failure> {
    let roles = request.org_policy.roles.clone();
    shared
        .lock()
        .set_org_roles(&request.organization_id, roles.clone())
        .map_err(FakeError::into_failure)?;
    answer(
        "rbac.organizations.set_org_policy",
        json!({"org_policy": {"roles": roles}}),
    )
}
