//! `passwords.migrate`: an existing hash moved into the fake, onto the member with the email
//! address (created when absent), whose email becomes verified.

use stytch_b2b_otp_sms::password::MigrateRequest;

use super::*;

impl State {
    /// Stores a migrated hash (already checked: [`StoredHash::migrated`]) for the member of
    /// the organization with the request's email address, creating the member when absent
    /// (its name, phone, external id and roles from the request). The request's name,
    /// metadata, roles and phone also apply to an existing member (its `external_id` does
    /// not). A member that already has a password is `password_already_exists` (400).
    /// Answers the member, whether it was created, and the organization.
    pub(crate) fn migrate_password(
        &mut self,
        request: &MigrateRequest,
        hash: StoredHash,
    ) -> Result<(Member, bool, Organization), FakeError> {
        let now = self.now();
        self.count_write(now);
        let organization_id = self.resolve_organization(&request.organization_id)?;
        let existing = self.password_member_id(&organization_id, &request.email_address);
        let phone = request
            .mfa_phone_number
            .as_deref()
            .filter(|p| !p.is_empty());
        if let Some(p) = phone.filter(|p| !is_e164(p)) {
            return Err(invalid_phone_number(p));
        }
        let (member_id, created) = match existing {
            Some(id) => {
                if self.members.get(&id).is_some_and(|r| r.password.is_some()) {
                    return Err(FakeError::new(
                        400,
                        "password_already_exists",
                        "This member already has a password; migrate only adds a password to a member without one.",
                    ));
                }
                (id, false)
            }
            None => {
                let mut new = NewMember::new(request.email_address.trim());
                if let Some(name) = &request.name {
                    new = new.name(name);
                }
                if let Some(ext) = request.external_id.as_deref().filter(|e| !e.is_empty()) {
                    new = new.external_id(ext);
                }
                let member = self.create_member(&organization_id, new)?;
                (member.member_id, true)
            }
        };
        self.apply_migrated_fields(&member_id, request, phone, now)?;
        self.store_password(&member_id, hash)?;
        let member = self.member(&member_id).ok_or_else(member_not_found)?;
        let organization = self
            .organization(&organization_id)
            .ok_or_else(organization_not_found)?;
        Ok((member, created, organization))
    }

    /// The request's member fields: name, metadata, roles (replacing the explicit ones),
    /// MFA phone (verified when `set_phone_number_verified`), and a verified email.
    fn apply_migrated_fields(
        &mut self,
        member_id: &str,
        request: &MigrateRequest,
        phone: Option<&str>,
        now: Timestamp,
    ) -> Result<(), FakeError> {
        let mut record = self
            .members
            .get_mut(member_id)
            .ok_or_else(member_not_found)?;
        let mut value = serde_json::to_value(&record.member)
            .map_err(|e| internal(format_args!("read a member: {e}")))?;
        if let Some(name) = &request.name {
            value["name"] = json!(name);
        }
        if let Some(metadata) = &request.trusted_metadata {
            value["trusted_metadata"] = json!(metadata);
        }
        if let Some(metadata) = &request.untrusted_metadata {
            value["untrusted_metadata"] = json!(metadata);
        }
        if let Some(roles) = &request.roles {
            value["roles"] = std::iter::once(DEFAULT_ROLE)
                .chain(roles.iter().map(String::as_str).filter(|r| *r != DEFAULT_ROLE))
                .map(|role_id| json!({"role_id": role_id, "sources": [{"type": "direct_assignment"}]}))
                .collect();
        }
        if let Some(phone) = phone {
            value["mfa_phone_number"] = json!(phone);
            value["mfa_phone_number_verified"] =
                json!(request.set_phone_number_verified == Some(true));
            if record.phone_id.is_empty() {
                record.phone_id = format!("phone-number-test-{}", uuid());
            }
        }
        value["email_address_verified"] = json!(true);
        value["updated_at"] = json!(rfc3339(now));
        record.member = build("a member", value)?;
        Ok(())
    }
}
