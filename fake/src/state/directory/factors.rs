//! Removing what a member has: its MFA phone number, TOTP registration, password, retired
//! email addresses and external id. Existing sessions stay valid, as Stytch documents.

use stytch_b2b_otp_sms::organizations::RetiredEmail;

use super::*;

impl State {
    /// Removes a live member's MFA phone number (`member_phone_number_not_found` when it has
    /// none); a default MFA method of `sms_otp` goes with it.
    pub(crate) fn delete_mfa_phone_number(
        &mut self,
        organization: &str,
        member: &str,
    ) -> Result<String, FakeError> {
        let now = rfc3339(self.now());
        let mut record = self.live_record_mut(organization, member)?;
        if record.member.mfa_phone_number.is_empty() {
            return Err(FakeError::new(
                404,
                "member_phone_number_not_found",
                "The Member has no MFA phone number.",
            ));
        }
        record.member.mfa_phone_number = String::new();
        record.member.mfa_phone_number_verified = false;
        record.phone_id = String::new();
        if record.member.default_mfa_method == SMS_OTP {
            record.member.default_mfa_method = String::new();
        }
        record.member.updated_at = Some(now);
        let id = record.member.member_id.clone();
        drop(record);
        self.otps.remove(&id);
        Ok(id)
    }

    /// Removes a live member's TOTP registration, pending or verified (`totp_not_found` when
    /// it has none), with its recovery codes; a default MFA method of `totp` goes with it.
    pub(crate) fn delete_totp(
        &mut self,
        organization: &str,
        member: &str,
    ) -> Result<String, FakeError> {
        let now = rfc3339(self.now());
        let organization_id = self.resolve_organization(organization)?;
        let id = self.resolve_member(&organization_id, member)?;
        let pending = self.totps.remove(&id).is_some();
        let mut record = self.members.get_mut(&id).ok_or_else(member_not_found)?;
        if !pending && record.member.totp_registration_id.is_empty() {
            return Err(FakeError::new(
                404,
                "totp_not_found",
                "The Member has no TOTP registration.",
            ));
        }
        record.member.totp_registration_id = String::new();
        if record.member.default_mfa_method == TOTP {
            record.member.default_mfa_method = String::new();
        }
        record.member.updated_at = Some(now);
        Ok(id)
    }

    /// Removes the password `member_password_id` of a live member of the organization
    /// (`member_password_not_found` when no member there has it).
    pub(crate) fn delete_member_password(
        &mut self,
        organization: &str,
        member_password_id: &str,
    ) -> Result<String, FakeError> {
        let organization_id = self.resolve_organization(organization)?;
        let not_found = || {
            FakeError::new(
                404,
                "member_password_not_found",
                format!("No Member of this Organization has password {member_password_id:?}."),
            )
        };
        if member_password_id.is_empty() {
            return Err(not_found());
        }
        let owner = self
            .member_ids_of(&organization_id)
            .into_iter()
            .find(|id| {
                self.members.get(id).is_some_and(|r| {
                    r.member.status != DELETED
                        && r.password
                            .as_ref()
                            .is_some_and(|p| p.id == member_password_id)
                })
            })
            .ok_or_else(not_found)?;
        let now = rfc3339(self.now());
        let mut record = self.members.get_mut(&owner).ok_or_else(member_not_found)?;
        record.password = None;
        record.member.member_password_id = String::new();
        record.member.updated_at = Some(now);
        Ok(owner)
    }

    /// Unlinks a retired email address of a live member (by `email_id`, address, or both
    /// naming the same one), so that other members may use it.
    pub(crate) fn unlink_retired_email(
        &mut self,
        organization: &str,
        member: &str,
        email_id: Option<&str>,
        email_address: Option<&str>,
    ) -> Result<String, FakeError> {
        if email_id.is_none() && email_address.is_none() {
            return Err(FakeError::new(
                400,
                "retired_email_missing_email_identifiers",
                "Pass email_id or email_address (or both) of the retired email to unlink.",
            ));
        }
        let now = rfc3339(self.now());
        let mut record = self.live_record_mut(organization, member)?;
        let matches = |r: &RetiredEmail| {
            email_id.is_none_or(|id| r.email_id == id)
                && email_address.is_none_or(|a| r.email_address.eq_ignore_ascii_case(a))
        };
        let retired = &record.member.retired_email_addresses;
        let Some(at) = retired.iter().position(matches) else {
            let by_id = email_id.is_some_and(|id| retired.iter().any(|r| r.email_id == id));
            let by_address = email_address.is_some_and(|a| {
                retired
                    .iter()
                    .any(|r| r.email_address.eq_ignore_ascii_case(a))
            });
            return Err(if by_id && by_address {
                FakeError::new(
                    400,
                    "invalid_email_id",
                    "email_id and email_address name two different retired emails of this Member.",
                )
            } else {
                FakeError::new(
                    404,
                    "email_not_found",
                    "The Member has no such retired email address.",
                )
            });
        };
        let retired = record.member.retired_email_addresses.remove(at);
        record.member.updated_at = Some(now);
        let member = record.member.clone();
        drop(record);
        let key = email_key(&member.organization_id, &retired.email_address);
        if self.directory.retired_emails.get(&key) == Some(&member.member_id) {
            self.directory.retired_emails.remove(&key);
        }
        Ok(member.member_id)
    }

    /// Clears a member's external id, which then no longer names it.
    pub(crate) fn delete_member_external_id(
        &mut self,
        organization: &str,
        member: &str,
    ) -> Result<String, FakeError> {
        let now = rfc3339(self.now());
        let mut record = self.live_record_mut(organization, member)?;
        let before = record.member.clone();
        if record.member.external_id.take().is_some() {
            record.member.updated_at = Some(now);
        }
        drop(record);
        self.directory.remove_external_id(&before);
        Ok(before.member_id)
    }
}
