//! RBAC: the project's policy, organizations' custom roles, and the decision of an
//! `authorization_check` as Stytch makes it.

use super::*;

impl State {
    /// The project's RBAC policy roles.
    pub(crate) fn rbac_roles(&self) -> Vec<PolicyRole> {
        self.rbac_roles.clone()
    }

    /// Replaces the project's RBAC policy roles.
    pub(crate) fn set_rbac_roles(&mut self, roles: Vec<PolicyRole>) {
        self.rbac_roles = roles;
    }

    /// The project's RBAC policy scopes.
    pub(crate) fn rbac_scopes(&self) -> Vec<PolicyScope> {
        self.rbac_scopes.clone()
    }

    /// Replaces the project's RBAC policy scopes.
    pub(crate) fn set_rbac_scopes(&mut self, scopes: Vec<PolicyScope>) {
        self.rbac_scopes = scopes;
    }

    /// Stytch's scope check of an access token (`performScopeAuthorizationCheck` in its
    /// SDKs): tenancy, then the token's scopes against the policy's scopes. Answers the
    /// granting scopes.
    pub(crate) fn authorize_scopes(
        &self,
        organization_id: &str,
        token_scopes: &[String],
        check: &AuthorizationCheck,
    ) -> Result<Vec<String>, FakeError> {
        if organization_id != check.organization_id {
            return Err(FakeError::new(
                403,
                "tenancy_mismatch",
                format!(
                    "The access token belongs to organization {organization_id:?}, not {:?}.",
                    check.organization_id
                ),
            ));
        }
        let granting: Vec<String> = self
            .rbac_scopes
            .iter()
            .filter(|scope| token_scopes.contains(&scope.scope))
            .filter(|scope| {
                (scope.permissions.iter()).any(|p| permits(&p.resource_id, &p.actions, check))
            })
            .map(|scope| scope.scope.clone())
            .fold(Vec::new(), distinct);
        granted(granting, "scope of the access token", check)
    }

    /// The custom roles of an organization (an id, slug or external id).
    pub(crate) fn org_roles(&self, organization_id: &str) -> Result<Vec<PolicyRole>, FakeError> {
        let id = self.resolve_organization(organization_id)?;
        Ok(self.org_roles.get(&id).cloned().unwrap_or_default())
    }

    /// Replaces the custom roles of an organization (an id, slug or external id); a role id
    /// the project's policy has is refused, as Stytch does.
    pub(crate) fn set_org_roles(
        &mut self,
        organization_id: &str,
        roles: Vec<PolicyRole>,
    ) -> Result<String, FakeError> {
        let id = self.resolve_organization(organization_id)?;
        if let Some(role) = roles
            .iter()
            .find(|r| self.rbac_roles.iter().any(|p| p.role_id == r.role_id))
        {
            return Err(FakeError::new(
                400,
                "invalid_org_policy",
                format!(
                    "Role {:?} is in the project's policy; an organization's custom roles need ids of their own.",
                    role.role_id
                ),
            ));
        }
        self.org_roles.insert(id.clone(), roles);
        Ok(id)
    }

    /// Stytch's authorization check of a session: tenancy, then the member's roles against
    /// the project's policy and the organization's custom roles.
    pub(crate) fn authorize(
        &self,
        session: &MemberSession,
        check: &AuthorizationCheck,
    ) -> Result<AuthorizationVerdict, FakeError> {
        if session.organization_id != check.organization_id {
            return Err(FakeError::new(
                403,
                "tenancy_mismatch",
                format!(
                    "The session belongs to organization {:?}, not {:?}.",
                    session.organization_id, check.organization_id
                ),
            ));
        }
        let custom = self.org_roles.get(&session.organization_id);
        let granting: Vec<String> = self
            .rbac_roles
            .iter()
            .chain(custom.into_iter().flatten())
            .filter(|role| session.roles.contains(&role.role_id))
            .filter(|role| {
                (role.permissions.iter()).any(|p| permits(&p.resource_id, &p.actions, check))
            })
            .map(|role| role.role_id.clone())
            .fold(Vec::new(), distinct);
        let granting = granted(granting, "role of the member", check)?;
        build(
            "a verdict",
            json!({"authorized": true, "granting_roles": granting}),
        )
    }
}

/// Stytch's two default roles, granting nothing until a test sets the policy.
pub(crate) fn default_policy_roles() -> Vec<PolicyRole> {
    ["stytch_member", "stytch_admin"]
        .into_iter()
        .map(|id| {
            let mut role = PolicyRole::default();
            role.role_id = id.to_owned();
            role
        })
        .collect()
}

/// Stytch's permission rule, for roles and scopes alike: a permission on the check's resource
/// whose actions include its action or `*`.
fn permits(resource_id: &str, actions: &[String], check: &AuthorizationCheck) -> bool {
    resource_id == check.resource_id && actions.iter().any(|a| a == "*" || *a == check.action)
}

/// Appends `name` unless it is already there (a role or scope the policy lists twice is
/// named once).
fn distinct(mut names: Vec<String>, name: String) -> Vec<String> {
    if !names.contains(&name) {
        names.push(name);
    }
    names
}

/// The granting roles or scopes, or Stytch's refusal when there are none
/// (`invalid_permissions`, 403); `what` names what could have granted.
fn granted(
    granting: Vec<String>,
    what: &str,
    check: &AuthorizationCheck,
) -> Result<Vec<String>, FakeError> {
    if granting.is_empty() {
        return Err(FakeError::new(
            403,
            "invalid_permissions",
            format!(
                "No {what} grants {:?} on {:?}.",
                check.action, check.resource_id
            ),
        ));
    }
    Ok(granting)
}
