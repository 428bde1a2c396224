//! Who a reset applies to: `passwords.email.require_reset`'s members and
//! `passwords.session.reset`'s session.

use super::*;

impl State {
    /// The members `passwords.email.require_reset` flags: the one named by `member_id`
    /// (an id or external id) or by the email address in `organization` (id, slug or external
    /// id), or, without an organization, every live membership of the email address (the
    /// cross-organization password). None is `member_not_found`.
    pub(crate) fn require_reset_targets(
        &self,
        email_address: &str,
        organization: Option<&str>,
        member: Option<&str>,
    ) -> Result<Vec<String>, FakeError> {
        let email = email_address.trim();
        let same_email = |id: &String| {
            self.members.get(id).is_some_and(|r| {
                r.member.status != "deleted" && r.member.email_address.eq_ignore_ascii_case(email)
            })
        };
        let ids = match (organization, member) {
            (Some(org), Some(member)) => {
                let org = self.resolve_organization(org)?;
                vec![self.resolve_member(&org, member)?]
            }
            (Some(org), None) => {
                let org = self.resolve_organization(org)?;
                self.password_member_id(&org, email).into_iter().collect()
            }
            (None, Some(member)) => vec![member.to_owned()],
            (None, None) => self.password_email_memberships(email),
        };
        let ids: Vec<String> = ids.into_iter().filter(same_email).collect();
        if ids.is_empty() {
            return Err(member_not_found());
        }
        Ok(ids)
    }

    /// The session `passwords.session.reset` acts in (by id) and its member's email: it must
    /// be live, in `organization` (id, slug or external id), and have a factor authenticated
    /// in the last five minutes (`session_too_old_to_reset_password`, 400).
    pub(crate) fn session_for_password_reset(
        &self,
        project_id: &str,
        organization: &str,
        session_token: &Option<String>,
        jwt: Option<&Map<String, Value>>,
    ) -> Result<(String, String), FakeError> {
        let organization_id = self.resolve_organization(organization)?;
        let now = self.now();
        let id = self.session_named(project_id, session_token, jwt, now)?;
        let session = self.sessions.get(&id).ok_or_else(session_not_found)?;
        if session.organization_id != organization_id {
            return Err(session_member_mismatch());
        }
        if !self.session_fresh_for_reset(&id) {
            return Err(FakeError::new(
                400,
                "session_too_old_to_reset_password",
                "The provided session cannot be used to reset a password. It does not have an authentication_factor that was authenticated within the last 5 minutes.",
            ));
        }
        let email = self
            .members
            .get(&session.member_id)
            .map(|r| r.member.email_address.clone())
            .ok_or_else(member_not_found)?;
        Ok((id, email))
    }

    /// Marks a member's email address verified (a redeemed reset link proves it).
    pub(crate) fn mark_email_verified_by_reset(&mut self, member_id: &str) {
        let now = self.now();
        if let Some(mut record) = self.members.get_mut(member_id) {
            if !record.member.email_address_verified {
                record.member.email_address_verified = true;
                record.member.updated_at = Some(rfc3339(now));
            }
        }
    }
}
