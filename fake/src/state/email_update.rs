//! Completing a member's email update when the link (or code) sent to the new address is
//! proven.
//!
//! A stand-in, so that `magic_links.authenticate` compiles and works: the directory's own
//! version (with retired addresses) replaces it when the branches are merged.

use super::*;

impl State {
    /// Moves the member an email-update token names to the token's (new) address, verified.
    /// Fails with `member_not_found` for a member that is gone or deleted, and
    /// `duplicate_member_email` when another member of the organization has the address.
    pub(crate) fn complete_email_update(&mut self, token: &EmailToken) -> Result<(), FakeError> {
        let taken = self
            .live_member_by_email(&token.organization_id, &token.email_address)
            .is_some_and(|m| m.member_id != token.member_id);
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
            .get_mut(&token.member_id)
            .filter(|r| r.member.status != "deleted")
            .ok_or_else(member_not_found)?;
        record.member.email_address.clone_from(&token.email_address);
        record.member.email_address_verified = true;
        record.member.updated_at = Some(now);
        Ok(())
    }
}
