//! Passwords: a member's stored password (set by a reset flow or migrated), how a password
//! attempt is checked and counted (user locks), and what a password set or login does to the
//! member and their sessions.
//!
//! A password check runs in three steps so that slow hashes never hold the state's lock:
//! [`State::password_candidate`] reads the stored hash under the lock, the flow verifies it
//! outside ([`StoredHash::verify`]), and [`State::settle_password`] counts the outcome under
//! the lock again.
//!
//! The fake has no "cross-organization passwords" project setting: a password belongs to a
//! member (one organization), and the discovery flows (which Stytch offers for cross-org
//! passwords) act on every membership of the email address.

use super::*;

pub(crate) mod hashes;
mod logins;
mod migrate;
mod phpass;
mod resets;
mod stored;
pub(crate) mod strength;

pub(crate) use hashes::StoredHash;
pub(crate) use logins::*;
pub(crate) use strength::{Strength, strength};

/// Consecutive failed password attempts that lock a member (Stytch's default user lock).
pub(crate) const LOCK_THRESHOLD: u32 = 10;
/// How long a user lock lasts (Stytch's default).
pub(crate) const LOCK_TTL: SignedDuration = SignedDuration::from_hours(1);
/// `passwords.session.reset` needs a factor authenticated this recently.
pub(crate) const RECENT_FACTOR: SignedDuration = SignedDuration::from_mins(5);
/// `reset_password_expiration_minutes`: default and bounds.
pub(crate) const RESET_DEFAULT_MINUTES: i32 = 30;
pub(crate) const RESET_MINUTES: std::ops::RangeInclusive<i32> = 5..=10_080;

/// A member's password.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct PasswordRecord {
    /// `member_password_id`.
    pub(crate) id: String,
    /// The password as the fake keeps it.
    pub(crate) hash: StoredHash,
    /// Set by `passwords.email.require_reset`: authenticating is refused with
    /// `member_reset_password` until a reset sets a new password.
    pub(crate) requires_reset: bool,
    /// Consecutive failed attempts.
    pub(crate) failures: u32,
    /// When the member's user lock ends, while locked.
    pub(crate) locked_until: Option<Timestamp>,
}

/// A stored password to check: read under the lock, verified outside it.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub(crate) organization_id: String,
    pub(crate) member_id: String,
    pub(crate) email_address: String,
    pub(crate) password_id: String,
    pub(crate) hash: StoredHash,
    pub(crate) requires_reset: bool,
}

impl State {
    /// The live (not deleted) member of an organization (an id) with this email address,
    /// through the directory's index.
    pub(crate) fn password_member_id(
        &self,
        organization_id: &str,
        email_address: &str,
    ) -> Option<String> {
        self.live_member_by_email(organization_id, email_address)
            .map(|m| m.member_id.clone())
    }

    /// The password of the member of `organization` (id, slug or external id) with this
    /// email address. An unknown email and a member without a password are both
    /// `unauthorized_credentials`, as a wrong password is (no account enumeration); a locked
    /// member is `user_lock_limit_reached`.
    pub(crate) fn password_candidate(
        &mut self,
        organization: &str,
        email_address: &str,
    ) -> Result<Candidate, FakeError> {
        let organization_id = self.resolve_organization(organization)?;
        let member_id = self
            .password_member_id(&organization_id, email_address)
            .ok_or_else(FakeError::unauthorized)?;
        self.check_lock(&member_id)?;
        self.candidate_of(&member_id)
            .ok_or_else(FakeError::unauthorized)
    }

    /// Every password of the email address's live memberships (discovery), each member's lock
    /// checked.
    pub(crate) fn password_email_candidates(
        &mut self,
        email_address: &str,
    ) -> Result<Vec<Candidate>, FakeError> {
        let ids = self.password_email_memberships(email_address);
        let mut found = Vec::new();
        for id in ids {
            if self.candidate_of(&id).is_some() {
                self.check_lock(&id)?;
            }
            found.extend(self.candidate_of(&id));
        }
        Ok(found)
    }

    /// The ids of the live members with this email address, in every organization.
    pub(crate) fn password_email_memberships(&self, email_address: &str) -> Vec<String> {
        let mut ids: Vec<String> = self
            .members_with_email(email_address)
            .into_iter()
            .map(|m| m.member_id.clone())
            .collect();
        ids.sort();
        ids
    }

    fn candidate_of(&self, member_id: &str) -> Option<Candidate> {
        let record = self.members.get(member_id)?;
        let password = record.password.as_ref()?;
        Some(Candidate {
            organization_id: record.member.organization_id.clone(),
            member_id: member_id.to_owned(),
            email_address: record.member.email_address.clone(),
            password_id: password.id.clone(),
            hash: password.hash.clone(),
            requires_reset: password.requires_reset,
        })
    }

    /// Refuses a locked member (`user_lock_limit_reached`, 429); a lock past its end on the
    /// fake clock is lifted.
    fn check_lock(&mut self, member_id: &str) -> Result<(), FakeError> {
        let now = self.now();
        let Some(mut guard) = self.members.get_mut(member_id) else {
            return Err(member_not_found());
        };
        let record: &mut MemberRecord = &mut guard;
        let Some(password) = record.password.as_mut() else {
            return Ok(());
        };
        match password.locked_until {
            Some(until) if until > now => Err(FakeError::new(
                429,
                "user_lock_limit_reached",
                format!(
                    "The user has been locked out due to too many failed authentication attempts. Please try again later (after {}).",
                    rfc3339(until)
                ),
            )),
            Some(_) => {
                password.locked_until = None;
                password.failures = 0;
                unlock(&mut record.member, now);
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// Counts a verified attempt: a match clears the failure count; a mismatch adds one, and
    /// the [`LOCK_THRESHOLD`]th locks the member for [`LOCK_TTL`]. A mismatch (or a password
    /// changed meanwhile) is `unauthorized_credentials`.
    pub(crate) fn settle_password(
        &mut self,
        candidate: &Candidate,
        matched: bool,
    ) -> Result<(), FakeError> {
        let now = self.now();
        self.count_write(now);
        let mut record = self
            .members
            .get_mut(&candidate.member_id)
            .filter(|r| {
                r.password
                    .as_ref()
                    .is_some_and(|p| p.id == candidate.password_id)
            })
            .ok_or_else(FakeError::unauthorized)?;
        let Some(password) = record.password.as_mut() else {
            return Err(FakeError::unauthorized());
        };
        if matched {
            password.failures = 0;
            return Ok(());
        }
        password.failures += 1;
        if password.failures >= LOCK_THRESHOLD {
            let until = now.saturating_add(LOCK_TTL).unwrap_or(Timestamp::MAX);
            password.locked_until = Some(until);
            record.member.is_locked = true;
            record.member.lock_created_at = Some(rfc3339(now));
            record.member.lock_expires_at = Some(rfc3339(until));
        }
        Err(FakeError::unauthorized())
    }

    /// Stores a new password for a member (keeping its `member_password_id` if it had one):
    /// any reset requirement, failure count and user lock end.
    pub(crate) fn store_password(
        &mut self,
        member_id: &str,
        hash: StoredHash,
    ) -> Result<(), FakeError> {
        let now = self.now();
        let mut record = self
            .members
            .get_mut(member_id)
            .ok_or_else(member_not_found)?;
        let id = record
            .password
            .as_ref()
            .map(|p| p.id.clone())
            .unwrap_or_else(|| format!("member-password-test-{}", uuid()));
        record.password = Some(PasswordRecord {
            id: id.clone(),
            hash,
            requires_reset: false,
            failures: 0,
            locked_until: None,
        });
        record.member.member_password_id = id;
        unlock(&mut record.member, now);
        record.member.updated_at = Some(rfc3339(now));
        Ok(())
    }

    /// Marks a member's password as needing a reset; returns whether it had one.
    pub(crate) fn require_password_reset(&mut self, member_id: &str) -> bool {
        let Some(mut record) = self.members.get_mut(member_id) else {
            return false;
        };
        match record.password.as_mut() {
            Some(p) => {
                p.requires_reset = true;
                true
            }
            None => false,
        }
    }

    /// Ends every session of a member but `keep` (a session id).
    pub(crate) fn revoke_sessions_for_password(&mut self, member_id: &str, keep: Option<&str>) {
        let gone: Vec<String> = self
            .sessions
            .values()
            .filter(|s| s.member_id == member_id && Some(s.id.as_str()) != keep)
            .map(|s| s.id.clone())
            .collect();
        for id in gone {
            if let Some(session) = self.sessions.remove(&id) {
                self.session_tokens.remove(&session.token);
            }
        }
    }

    /// The live session a request's `session_token` or verified `session_jwt` names, if it
    /// names one (both: `too_many_session_arguments`).
    pub(crate) fn password_session_arg(
        &self,
        project_id: &str,
        session_token: &Option<String>,
        jwt: Option<&Map<String, Value>>,
    ) -> Result<Option<String>, FakeError> {
        if given(session_token).is_none() && jwt.is_none() {
            return Ok(None);
        }
        let now = self.now();
        self.session_named(project_id, session_token, jwt, now)
            .map(Some)
    }

    /// Whether a session has a factor authenticated within [`RECENT_FACTOR`].
    pub(crate) fn session_fresh_for_reset(&self, session_id: &str) -> bool {
        let now = self.now();
        let since = now.checked_sub(RECENT_FACTOR).unwrap_or(Timestamp::MIN);
        self.sessions.get(session_id).is_some_and(|s| {
            s.factors.iter().any(|f| {
                f.last_authenticated_at
                    .as_deref()
                    .and_then(|at| at.parse::<Timestamp>().ok())
                    .is_some_and(|at| at >= since)
            })
        })
    }
}

/// Lifts a member's user lock.
fn unlock(member: &mut Member, now: Timestamp) {
    if member.is_locked || member.lock_expires_at.is_some() {
        member.is_locked = false;
        member.lock_created_at = None;
        member.lock_expires_at = None;
        member.updated_at = Some(rfc3339(now));
    }
}

/// The factor a password proves (`type: password`, `delivery_method: knowledge`).
pub(crate) fn password_factor(now: Timestamp) -> Result<AuthenticationFactor, FakeError> {
    factor("password", "knowledge", now, None)
}

/// Stytch's refusal of a correct password that must be reset first (required by
/// `passwords.email.require_reset`, breached, or too weak for the current policy).
pub(crate) fn member_reset_password(why: &str) -> FakeError {
    FakeError::new(
        401,
        "member_reset_password",
        format!("The member must reset their password before authenticating with it: {why}."),
    )
}

/// `reset_password_expiration_minutes`, checked; [`RESET_DEFAULT_MINUTES`] when absent.
pub(crate) fn reset_minutes(minutes: Option<i32>) -> Result<SignedDuration, FakeError> {
    let minutes = minutes.unwrap_or(RESET_DEFAULT_MINUTES);
    if RESET_MINUTES.contains(&minutes) {
        return Ok(SignedDuration::from_mins(i64::from(minutes)));
    }
    Err(FakeError::new(
        400,
        "invalid_expiration_minutes",
        format!(
            "reset_password_expiration_minutes must be between {} and {} (got {minutes}).",
            RESET_MINUTES.start(),
            RESET_MINUTES.end()
        ),
    ))
}
