//! Second factors besides SMS: TOTP registrations (RFC 6238 codes on the fake clock) and the
//! recovery codes that come with them.
//!
//! A registration made by `totp.create` is pending until its first code is authenticated;
//! that code makes it the member's (`totp_registration_id`). `totp.migrate` imports a
//! registration that is the member's at once. Each registration carries ten single-use
//! recovery codes. Completing either factor with an intermediate session starts a member
//! session; with a member session, the factor joins it.
//!
//! This file holds what both factors share (the request's target, the finish into a
//! session); `totp` and `recovery_codes` beside it hold each factor's rules.

use super::*;

mod recovery_codes;
mod totp;

pub(crate) use recovery_codes::*;
pub(crate) use totp::*;

/// A member's TOTP registration: pending until its first code is authenticated.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct TotpRecord {
    /// `totp_registration_id`.
    pub(crate) id: String,
    /// The shared secret, base32 (RFC 4648, upper case, no padding) as authenticator apps
    /// take it.
    pub(crate) secret: String,
    /// Whether a code has been authenticated (the registration is then the member's).
    pub(crate) verified: bool,
    /// A pending registration can no longer be verified after this time (one record per
    /// member: a new registration replaces it, so nothing piles up).
    pub(crate) expires_at: Timestamp,
    /// The time step of the last code authenticated: a code is good once, and no older code
    /// is good after it (RFC 6238 §5.2).
    pub(crate) last_step: Option<u64>,
    /// The unused recovery codes.
    pub(crate) recovery_codes: Vec<RecoveryCode>,
}

/// One unused recovery code of a TOTP registration.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct RecoveryCode {
    /// `totp_recovery_code_id`, as the session's recovery code factor names it.
    pub(crate) id: String,
    /// The code, `xxxx-xxxx-xxxx` in lower-case letters and digits.
    pub(crate) code: String,
}

/// The organization, member and optional session argument of an MFA request.
struct MfaTarget {
    organization: Organization,
    member_id: String,
    resolved: Option<Resolved>,
}

/// How to finish a second factor into a session.
struct MfaFinish<'a> {
    factor: AuthenticationFactor,
    minutes: Option<i32>,
    custom_claims: Option<&'a Map<String, Value>>,
}

impl State {
    /// Resolves an MFA request's organization and member, and its session argument (at most
    /// one, live and the member's).
    fn mfa_target(
        &self,
        project_id: &str,
        (organization, member): (&str, &str),
        (ist, session_token): (&Option<String>, &Option<String>),
        jwt: Option<Map<String, Value>>,
        now: Timestamp,
    ) -> Result<MfaTarget, FakeError> {
        let arg = session_arg(ist, session_token, jwt)?;
        let organization_id = self.resolve_organization(organization)?;
        let member_id = self.resolve_member(&organization_id, member)?;
        let resolved = arg
            .as_ref()
            .map(|arg| self.resolve_session_arg(project_id, arg, &organization_id, &member_id, now))
            .transpose()?;
        let organization = self
            .organization(&organization_id)
            .ok_or_else(organization_not_found)?;
        Ok(MfaTarget {
            organization,
            member_id,
            resolved,
        })
    }

    /// Refuses a second factor on an intermediate session whose primary factor the
    /// organization does not accept (`primary_required` was answered).
    fn require_primary_met(&self, target: &MfaTarget) -> Result<(), FakeError> {
        self.primary_met(&target.organization, &target.resolved)
    }

    /// [`Self::require_primary_met`] for any second factor (the SMS one too): an intermediate
    /// session must carry a primary factor `organization` accepts.
    pub(crate) fn primary_met(
        &self,
        organization: &Organization,
        resolved: &Option<Resolved>,
    ) -> Result<(), FakeError> {
        let Some(Resolved::Intermediate(token)) = resolved else {
            return Ok(());
        };
        let factors = self
            .intermediate_sessions
            .get(token)
            .map(|i| i.factors.as_slice())
            .unwrap_or_default();
        let met = factors.iter().any(|f| {
            auth_method_of(f).is_some_and(|method| Self::auth_method_allowed(organization, method))
        });
        if met {
            return Ok(());
        }
        Err(FakeError::new(
            400,
            "action_available_only_once_primary_authentication_is_met",
            "You must complete the primary authentication requirements for an organization before completing an MFA flow.",
        ))
    }

    /// Whether a resolved session argument is a member session that completed a second
    /// factor.
    pub(crate) fn carries_mfa_factor(&self, resolved: &Option<Resolved>) -> bool {
        let Some(Resolved::Session(id)) = resolved else {
            return false;
        };
        self.sessions
            .get(id)
            .is_some_and(|s| s.factors.iter().any(is_mfa_factor))
    }

    /// Checks what finishing would check before anything changes: the session duration and
    /// custom claims.
    fn check_finish(&self, target: &MfaTarget, finish: &MfaFinish<'_>) -> Result<(), FakeError> {
        match &target.resolved {
            Some(Resolved::Session(_)) if finish.minutes.is_none() => {}
            _ => {
                session_minutes(finish.minutes)?;
            }
        }
        merge_claims(self.base_claims(target), finish.custom_claims)?;
        Ok(())
    }

    /// The custom claims a finished second factor starts from: the member session's.
    fn base_claims(&self, target: &MfaTarget) -> Map<String, Value> {
        match &target.resolved {
            Some(Resolved::Session(id)) => self
                .sessions
                .get(id)
                .map(|s| s.custom_claims.clone())
                .unwrap_or_default(),
            _ => Map::new(),
        }
    }

    /// Finishes a second factor: an intermediate session becomes a member session with the
    /// factor added (the token is used up); a member session gets the factor, and is
    /// extended to `session_duration_minutes` from now when it is given.
    fn finish_mfa(
        &mut self,
        project_id: &str,
        target: MfaTarget,
        finish: MfaFinish<'_>,
        now: Timestamp,
    ) -> Result<Login, FakeError> {
        let claims = merge_claims(self.base_claims(&target), finish.custom_claims)?;
        let session_id = match target.resolved {
            Some(Resolved::Session(id)) => {
                let expires_at = finish
                    .minutes
                    .map(|m| session_minutes(Some(m)))
                    .transpose()?
                    .map(|m| {
                        now.saturating_add(SignedDuration::from_mins(i64::from(m)))
                            .unwrap_or(Timestamp::MAX)
                    });
                let session = self.sessions.get_mut(&id).ok_or_else(session_not_found)?;
                session.last_accessed_at = now;
                if let Some(expires_at) = expires_at {
                    session.expires_at = expires_at;
                }
                session.custom_claims = claims;
                upsert_factor(&mut session.factors, finish.factor);
                id
            }
            Some(Resolved::Intermediate(token)) => {
                let minutes = session_minutes(finish.minutes)?;
                let mut factors = self
                    .intermediate_sessions
                    .remove(&token)
                    .map(|i| i.factors)
                    .ok_or_else(intermediate_session_not_found)?;
                upsert_factor(&mut factors, finish.factor);
                let organization_id = target.organization.organization_id;
                self.start_session(
                    &organization_id,
                    &target.member_id,
                    factors,
                    minutes,
                    claims,
                )?
            }
            None => return Err(no_session_arguments()),
        };
        self.session_login(project_id, &session_id, now)
    }
}

/// Whether a session factor is a second factor: an SMS passcode, a TOTP code or a recovery
/// code.
pub(crate) fn is_mfa_factor(factor: &AuthenticationFactor) -> bool {
    matches!(
        (factor.r#type.as_str(), factor.delivery_method.as_str()),
        ("otp", "sms") | ("totp", _) | ("recovery_codes", _) | (_, "recovery_code")
    )
}

/// `set_mfa_enrollment`: `enroll`, `unenroll` or absent (`invalid_set_mfa_enrollment`, 400,
/// otherwise).
pub(crate) fn enrollment(value: &Option<String>) -> Result<Option<bool>, FakeError> {
    match given(value) {
        None => Ok(None),
        Some("enroll") => Ok(Some(true)),
        Some("unenroll") => Ok(Some(false)),
        Some(other) => Err(FakeError::new(
            400,
            "invalid_set_mfa_enrollment",
            format!("set_mfa_enrollment must be \"enroll\" or \"unenroll\" (got {other:?})."),
        )),
    }
}

fn no_session_arguments() -> FakeError {
    FakeError::new(
        400,
        "no_session_arguments",
        "Pass exactly one of intermediate_session_token, session_token and session_jwt.",
    )
}
