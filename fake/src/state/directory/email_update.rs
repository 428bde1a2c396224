//! Changing a member's email address by proof of the new one: `start_email_update` emails a
//! magic link (or a one-time passcode) to the new address and reserves it for five minutes;
//! authenticating that link or code applies the change.

use super::members::{ADMIN_ROLE, Claim, member_roles};
use super::*;
use crate::EmailKind;

/// How long the link or code of an email update lives (and the new address is reserved).
pub(crate) const EMAIL_UPDATE_TTL: SignedDuration = SignedDuration::from_secs(5 * 60);

/// What a `start_email_update` asks for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EmailUpdateStart<'a> {
    pub(crate) organization: &'a str,
    pub(crate) member: &'a str,
    pub(crate) email_address: &'a str,
    pub(crate) login_redirect_url: Option<&'a str>,
    /// A one-time passcode instead of a magic link (`delivery_method: EMAIL_OTP`).
    pub(crate) by_code: bool,
}

impl State {
    /// Starts an email update of an active member with a verified email address: the new
    /// address must be free in the organization (and not being updated to by another
    /// member); an [`EmailKind::EmailUpdate`] email goes to it. Answers the member's id.
    pub(crate) fn start_email_update(
        &mut self,
        start: EmailUpdateStart<'_>,
    ) -> Result<String, FakeError> {
        let organization_id = self.resolve_organization(start.organization)?;
        let member_id = self.resolve_member(&organization_id, start.member)?;
        let member = &self
            .members
            .get(&member_id)
            .ok_or_else(member_not_found)?
            .member;
        if member.status != ACTIVE {
            return Err(FakeError::new(
                400,
                "action_available_only_for_active_members",
                "Only an active Member can update their email address.",
            ));
        }
        if !member.email_address_verified {
            return Err(FakeError::new(
                400,
                "inactive_email",
                "The Member's current email address is not verified.",
            ));
        }
        let email = start.email_address.trim();
        check_email_address(email)?;
        if email.eq_ignore_ascii_case(&member.email_address) {
            return Err(FakeError::new(
                400,
                "duplicate_member_email",
                format!("{email:?} is already the Member's email address."),
            ));
        }
        self.check_email_free(&organization_id, email, Some(&member_id), Claim::Change)?;
        let now = self.now();
        let expires_at = now
            .saturating_add(EMAIL_UPDATE_TTL)
            .unwrap_or(Timestamp::MAX);
        let outgoing = Outgoing {
            kind: EmailKind::EmailUpdate,
            email_address: email,
            organization_id: &organization_id,
            member_id: &member_id,
            ttl: EMAIL_UPDATE_TTL,
        };
        if start.by_code {
            self.email_code(outgoing);
        } else {
            self.email_token(outgoing, start.login_redirect_url, None)?;
        }
        let updates = &mut self.directory.email_updates;
        updates.retain(|_, (m, _)| *m != member_id);
        updates.insert(
            email_key(&organization_id, email),
            (member_id.clone(), expires_at),
        );
        Ok(member_id)
    }

    /// Applies the email update an [`EmailKind::EmailUpdate`] token (already taken with
    /// `take_email_token`) carries: the new address becomes the member's verified email,
    /// the old one is retired. Answers the member's id; the caller then logs the member in.
    #[allow(dead_code)] // Called by `magic_links.authenticate` for an email-update token.
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

    /// As [`State::complete_email_update`], for an email update code (`EMAIL_OTP`) checked
    /// with `check_email_code` for `organization_id` and the new `email_address`.
    #[allow(dead_code)] // Called by `otps.email.authenticate` for an email-update code.
    pub(crate) fn complete_email_update_by_code(
        &mut self,
        organization_id: &str,
        email_address: &str,
        code: &EmailCode,
    ) -> Result<String, FakeError> {
        self.apply_email_update(organization_id, &code.member_id, email_address)
    }

    fn apply_email_update(
        &mut self,
        organization_id: &str,
        member_id: &str,
        email: &str,
    ) -> Result<String, FakeError> {
        let member_id = self.resolve_member(organization_id, member_id)?;
        self.check_email_free(organization_id, email, Some(&member_id), Claim::Change)?;
        let organization = self
            .organizations
            .get(organization_id)
            .cloned()
            .ok_or_else(organization_not_found)?;
        let now = rfc3339(self.now());
        let mut guard = self
            .members
            .get_mut(&member_id)
            .ok_or_else(member_not_found)?;
        let record: &mut MemberRecord = &mut guard;
        let before = record.member.clone();
        let member = &mut record.member;
        if !member.email_address.eq_ignore_ascii_case(email) {
            let old = std::mem::replace(&mut member.email_address, email.to_owned());
            member
                .retired_email_addresses
                .retain(|r| !r.email_address.eq_ignore_ascii_case(email));
            member.retired_email_addresses.push(build(
                "a retired email",
                json!({"email_id": record.email_id, "email_address": old}),
            )?);
            record.email_id = format!("email-test-{}", uuid());
        }
        let member = &mut record.member;
        member.email_address_verified = true;
        member.updated_at = Some(now);
        let direct: Vec<String> = member
            .roles
            .iter()
            .filter(|r| r.role_id != DEFAULT_ROLE)
            .filter(|r| r.sources.iter().any(|s| s.r#type == "direct_assignment"))
            .map(|r| r.role_id.clone())
            .collect();
        member.roles = member_roles(&direct, &organization, email)?;
        member.is_admin = member.roles.iter().any(|r| r.role_id == ADMIN_ROLE);
        let after = member.clone();
        drop(guard);
        let id = self.shared_id(&member_id);
        let index = &mut self.directory;
        index.remove_email(&before);
        index.remove_retired(&before);
        index.add_email(&after, id);
        index.add_retired(&after);
        index
            .email_updates
            .remove(&email_key(organization_id, email));
        Ok(member_id)
    }
}
