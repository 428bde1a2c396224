//! Stand-ins for the directory's API that the email logins use, so that this branch builds
//! and its tests run on its own: [`MemberSpec`] and [`State::create_member_with`] (members
//! that invites and just-in-time provisioning create), [`State::live_member_by_email`], and
//! completing an email update ([`State::complete_email_update`],
//! [`State::complete_email_update_by_code`]).
//!
//! The directory's own versions (with their indexes, retired addresses and role checks)
//! replace this whole file when the branches are merged: same names, same signatures.

use super::*;

/// What a member created by an email flow is given (a subset of the directory's spec).
#[derive(Debug, Clone, Default)]
pub(crate) struct MemberSpec {
    /// The member's email address.
    pub(crate) email_address: String,
    /// The member's display name.
    pub(crate) name: String,
    /// `active` (the default when empty), `pending` or `invited`.
    pub(crate) status: String,
    /// Explicitly assigned roles (besides `stytch_member`).
    pub(crate) roles: Vec<String>,
    /// Whether the API's rules for roles apply (the directory checks that each exists).
    pub(crate) strict: bool,
    /// Metadata only the backend sets.
    pub(crate) trusted_metadata: Map<String, Value>,
    /// Metadata the member may set too.
    pub(crate) untrusted_metadata: Map<String, Value>,
}

impl State {
    /// The live (not deleted) member of an organization (an id) with this email address, in
    /// any case.
    pub(crate) fn live_member_by_email(
        &self,
        organization_id: &str,
        email_address: &str,
    ) -> Option<&Member> {
        self.members.values().map(|r| &r.member).find(|m| {
            m.organization_id == organization_id
                && m.status != "deleted"
                && m.email_address.eq_ignore_ascii_case(email_address)
        })
    }

    /// Creates a member of `organization` (an id, slug or external id) from `spec`.
    pub(crate) fn create_member_with(
        &mut self,
        organization: &str,
        spec: MemberSpec,
    ) -> Result<Member, FakeError> {
        if spec.strict {
            let organization_id = self.resolve_organization(organization)?;
            for role in &spec.roles {
                self.check_role_id(&organization_id, role)?;
            }
        }
        let new = NewMember::new(spec.email_address)
            .name(spec.name)
            .roles(spec.roles);
        let member = self.create_member(organization, new)?;
        let record = self
            .members
            .get_mut(&member.member_id)
            .ok_or_else(member_not_found)?;
        if !spec.status.is_empty() {
            record.member.status = spec.status;
        }
        record.member.trusted_metadata = spec.trusted_metadata;
        record.member.untrusted_metadata = spec.untrusted_metadata;
        Ok(record.member.clone())
    }

    /// Moves the member an email-update token names to the token's (new) address, verified;
    /// answers the member's id.
    pub(crate) fn complete_email_update(
        &mut self,
        token: &EmailToken,
    ) -> Result<String, FakeError> {
        self.apply_email_update(
            &token.organization_id,
            &token.member_id,
            &token.email_address,
        )
    }

    /// As [`State::complete_email_update`], for an email update code checked for
    /// `organization_id` and the new `email_address`.
    pub(crate) fn complete_email_update_by_code(
        &mut self,
        organization_id: &str,
        email_address: &str,
        code: &EmailCode,
    ) -> Result<String, FakeError> {
        self.apply_email_update(organization_id, &code.member_id, email_address)
    }

    /// Refuses a role id that is neither the project's nor the organization's:
    /// `invalid_rbac_role_id` (400).
    fn check_role_id(&self, organization_id: &str, role_id: &str) -> Result<(), FakeError> {
        let known = self.rbac_roles.iter().any(|r| r.role_id == role_id)
            || self
                .org_roles
                .get(organization_id)
                .is_some_and(|roles| roles.iter().any(|r| r.role_id == role_id));
        if known {
            return Ok(());
        }
        Err(FakeError::new(
            400,
            "invalid_rbac_role_id",
            format!(
                "Role {role_id:?} is neither in the project's RBAC policy nor a custom role of the Organization."
            ),
        ))
    }

    fn apply_email_update(
        &mut self,
        organization_id: &str,
        member_id: &str,
        email: &str,
    ) -> Result<String, FakeError> {
        let taken = self
            .live_member_by_email(organization_id, email)
            .is_some_and(|m| m.member_id != member_id);
        if taken {
            return Err(FakeError::new(
                400,
                "duplicate_member_email",
                "Another Member of the Organization has this email address.",
            ));
        }
        let now = rfc3339(self.now());
        let record = self
            .members
            .get_mut(member_id)
            .filter(|r| r.member.status != "deleted")
            .ok_or_else(member_not_found)?;
        email.clone_into(&mut record.member.email_address);
        record.member.email_address_verified = true;
        record.member.updated_at = Some(now);
        Ok(member_id.to_owned())
    }
}
