//! The directory: organizations and their members, found by id, slug or external id.

use super::*;

impl State {
    pub(crate) fn member(&self, member_id: &str) -> Option<Member> {
        self.members.get(member_id).map(|r| r.member.clone())
    }

    pub(crate) fn organization(&self, organization_id: &str) -> Option<Organization> {
        self.organizations.get(organization_id).cloned()
    }

    /// The id of the organization with this id, slug or external id.
    pub(crate) fn resolve_organization(&self, key: &str) -> Result<String, FakeError> {
        if key.is_empty() {
            return Err(organization_not_found());
        }
        if self.organizations.contains_key(key) {
            return Ok(key.to_owned());
        }
        self.organizations
            .values()
            .find(|o| {
                o.organization_slug == key || o.organization_external_id.as_deref() == Some(key)
            })
            .map(|o| o.organization_id.clone())
            .ok_or_else(organization_not_found)
    }

    /// The id of the member of `organization_id` with this id or external id.
    pub(crate) fn resolve_member(
        &self,
        organization_id: &str,
        key: &str,
    ) -> Result<String, FakeError> {
        if key.is_empty() {
            return Err(member_not_found());
        }
        if let Some(r) = self.members.get(key) {
            if r.member.organization_id == organization_id {
                return Ok(key.to_owned());
            }
        }
        self.members
            .values()
            .find(|r| {
                r.member.organization_id == organization_id
                    && r.member.external_id.as_deref() == Some(key)
            })
            .map(|r| r.member.member_id.clone())
            .ok_or_else(member_not_found)
    }

    pub(crate) fn create_organization(
        &mut self,
        new: NewOrganization,
    ) -> Result<Organization, FakeError> {
        let NewOrganization {
            name,
            slug,
            mfa_policy,
            external_id,
            email_allowed_domains,
        } = new;
        if name.trim().is_empty() {
            return Err(FakeError::new(
                400,
                "invalid_organization_name",
                "organization_name must not be empty.",
            ));
        }
        if slug.is_empty() || slug.chars().any(|c| c.is_whitespace() || c == '/') {
            return Err(FakeError::new(
                400,
                "invalid_organization_slug",
                "organization_slug must be non-empty, without whitespace or '/'.",
            ));
        }
        let taken = |key: &str| self.resolve_organization(key).is_ok();
        if taken(&slug) {
            return Err(FakeError::new(
                400,
                "organization_slug_already_used",
                format!("An Organization with slug {slug:?} already exists."),
            ));
        }
        if let Some(ext) = &external_id {
            if ext.is_empty() || taken(ext) {
                return Err(FakeError::new(
                    400,
                    "organization_external_id_already_used",
                    format!("External id {ext:?} is empty or already used."),
                ));
            }
        }
        let now = rfc3339(self.now());
        let organization: Organization = build(
            "an organization",
            json!({
                "organization_id": format!("organization-test-{}", uuid()),
                "organization_name": name,
                "organization_slug": slug,
                "sso_jit_provisioning": "ALL_ALLOWED",
                "email_jit_provisioning": "NOT_ALLOWED",
                "email_invites": "ALL_ALLOWED",
                "auth_methods": "ALL_ALLOWED",
                "mfa_policy": mfa_policy.as_str(),
                "mfa_methods": "ALL_ALLOWED",
                "oauth_tenant_jit_provisioning": "NOT_ALLOWED",
                "first_party_connected_apps_allowed_type": "ALL_ALLOWED",
                "third_party_connected_apps_allowed_type": "ALL_ALLOWED",
                "created_at": now,
                "updated_at": now,
                "organization_external_id": external_id,
                "email_allowed_domains": email_allowed_domains,
            }),
        )?;
        self.organizations
            .insert(organization.organization_id.clone(), organization.clone());
        Ok(organization)
    }

    /// Every organization, by id.
    pub(crate) fn organizations_sorted(&self) -> Vec<&Organization> {
        let mut all: Vec<&Organization> = self.organizations.values().collect();
        all.sort_by(|a, b| a.organization_id.cmp(&b.organization_id));
        all
    }

    /// The members of these organizations, by id.
    pub(crate) fn members_of<'s>(
        &self,
        organization_ids: impl Iterator<Item = &'s String>,
    ) -> Vec<&Member> {
        let ids: Vec<&String> = organization_ids.collect();
        let mut members: Vec<&Member> = self
            .members
            .values()
            .map(|r| &r.member)
            .filter(|m| ids.contains(&&m.organization_id))
            .collect();
        members.sort_by(|a, b| a.member_id.cmp(&b.member_id));
        members
    }

    /// Deletes a member of an organization (each an id, slug or external id), with its
    /// passcode, intermediate sessions and sessions; answers its id.
    pub(crate) fn delete_member(
        &mut self,
        organization_id: &str,
        member_id: &str,
    ) -> Result<String, FakeError> {
        let organization_id = self.resolve_organization(organization_id)?;
        let member_id = self.resolve_member(&organization_id, member_id)?;
        self.members.remove(&member_id);
        self.otps.remove(&member_id);
        self.intermediate_sessions
            .retain(|_, s| s.member_id != member_id);
        let gone: Vec<String> = self
            .sessions
            .values()
            .filter(|s| s.member_id == member_id)
            .map(|s| s.id.clone())
            .collect();
        for id in &gone {
            if let Some(session) = self.sessions.remove(id) {
                self.session_tokens.remove(&session.token);
            }
        }
        self.sends_by_member.remove(&member_id);
        Ok(member_id)
    }

    pub(crate) fn create_member(
        &mut self,
        organization: &str,
        new: NewMember,
    ) -> Result<Member, FakeError> {
        let organization_id = self.resolve_organization(organization)?;
        let NewMember {
            email_address,
            name,
            phone_number,
            phone_number_verified,
            totp_registered,
            external_id,
            roles,
        } = new;
        let email = email_address.trim();
        if !email.contains('@') || email.starts_with('@') || email.ends_with('@') {
            return Err(FakeError::new(
                400,
                "invalid_email",
                format!("Email address {email:?} is invalid."),
            ));
        }
        let in_org = || {
            self.members
                .values()
                .filter(|r| r.member.organization_id == organization_id)
        };
        if in_org().any(|r| r.member.email_address.eq_ignore_ascii_case(email)) {
            return Err(FakeError::new(
                400,
                "duplicate_email",
                format!("A Member with email {email:?} already exists in this Organization."),
            ));
        }
        if let Some(ext) = &external_id {
            if ext.is_empty() || in_org().any(|r| r.member.external_id.as_deref() == Some(ext)) {
                return Err(FakeError::new(
                    400,
                    "duplicate_member_external_id",
                    format!("External id {ext:?} is empty or already used in this Organization."),
                ));
            }
        }
        let phone = phone_number.filter(|p| !p.is_empty());
        if let Some(p) = &phone {
            if !is_e164(p) {
                return Err(invalid_phone_number(p));
            }
        }
        let now = rfc3339(self.now());
        let member: Member = build(
            "a member",
            json!({
                "organization_id": organization_id,
                "member_id": format!("member-test-{}", uuid()),
                "email_address": email,
                "status": "active",
                "name": name,
                "mfa_phone_number": phone.clone().unwrap_or_default(),
                "mfa_phone_number_verified": phone.is_some() && phone_number_verified,
                "totp_registration_id": if totp_registered { format!("member-totp-test-{}", uuid()) } else { String::new() },
                "roles": std::iter::once(DEFAULT_ROLE.to_owned())
                    .chain(roles.into_iter().filter(|r| r != DEFAULT_ROLE))
                    .map(|role_id| json!({"role_id": role_id, "sources": [{"type": "direct_assignment"}]}))
                    .collect::<Vec<_>>(),
                "created_at": now,
                "updated_at": now,
                "external_id": external_id,
            }),
        )?;
        let record = MemberRecord {
            member: member.clone(),
            email_id: format!("email-test-{}", uuid()),
            phone_id: phone
                .map(|_| format!("phone-number-test-{}", uuid()))
                .unwrap_or_default(),
            password: None,
            recovery_codes: Vec::new(),
        };
        self.members.insert(member.member_id.clone(), record);
        self.index_member_email(&member.member_id);
        Ok(member)
    }
}

pub(crate) struct MemberRecord {
    pub(crate) member: Member,
    pub(crate) email_id: String,
    pub(crate) phone_id: String,
    /// The member's password, if one was set or migrated.
    pub(crate) password: Option<PasswordRecord>,
    /// Unused recovery codes (each good once), issued with the TOTP registration.
    pub(crate) recovery_codes: Vec<String>,
}

pub(crate) fn organization_not_found() -> FakeError {
    FakeError::new(
        404,
        "organization_not_found",
        "Organization could not be found.",
    )
}

pub(crate) fn member_not_found() -> FakeError {
    FakeError::new(404, "member_not_found", "Member could not be found.")
}
