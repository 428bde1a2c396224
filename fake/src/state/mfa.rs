//! Second factors besides SMS: TOTP registrations (RFC 6238 codes on the fake clock) and the
//! recovery codes that come with them.
//!
//! A registration made by `totp.create` is pending until its first code is authenticated;
//! that code makes it the member's (`totp_registration_id`). `totp.migrate` imports a
//! registration that is the member's at once. Each registration carries ten single-use
//! recovery codes. Completing either factor with an intermediate session starts a member
//! session; with a member session, the factor joins it.

use totp_rs::{Algorithm, Secret, TOTP as Totp};

use stytch_b2b_otp_sms::recovery_codes::RecoverRequest;
use stytch_b2b_otp_sms::totp::{
    AuthenticateRequest as TotpAuthenticateRequest, CreateRequest as TotpCreateRequest,
    MigrateRequest as TotpMigrateRequest,
};

use super::*;

/// Seconds per TOTP time step.
pub(crate) const TOTP_STEP_SECS: u64 = 30;
/// Digits of a TOTP code.
pub(crate) const TOTP_DIGITS: usize = 6;
/// `expiration_minutes` of `totp.create`: its default and the range Stytch accepts.
pub(crate) const DEFAULT_TOTP_EXPIRATION_MINUTES: i32 = 60;
pub(crate) const TOTP_EXPIRATION_MINUTES: std::ops::RangeInclusive<i32> = 5..=1440;
/// Recovery codes per registration.
pub(crate) const RECOVERY_CODE_COUNT: usize = 10;
/// Random bytes in a new TOTP secret (32 base32 characters, as Stytch's secrets have).
const SECRET_BYTES: usize = 20;

/// A member's TOTP registration: pending until its first code is authenticated.
#[derive(Debug, Clone)]
pub(crate) struct TotpRecord {
    /// `totp_registration_id`.
    pub(crate) id: String,
    /// The shared secret, base32 (RFC 4648, upper case, no padding) as authenticator apps
    /// take it.
    pub(crate) secret: String,
    /// Whether a code has been authenticated (the registration is then the member's).
    pub(crate) verified: bool,
    /// A pending registration is dropped after this time.
    pub(crate) expires_at: Timestamp,
    /// The time step of the last code authenticated: a code is good once, and no older code
    /// is good after it (RFC 6238 §5.2).
    pub(crate) last_step: Option<u64>,
    /// The unused recovery codes.
    pub(crate) recovery_codes: Vec<RecoveryCode>,
}

/// One unused recovery code of a TOTP registration.
#[derive(Debug, Clone)]
pub(crate) struct RecoveryCode {
    /// `totp_recovery_code_id`, as the session's recovery code factor names it.
    pub(crate) id: String,
    /// The code, `xxxx-xxxx-xxxx` in lower-case letters and digits.
    pub(crate) code: String,
}

/// What `totp.create` answers, less the QR code (drawn outside the lock).
pub(crate) struct TotpCreated {
    pub(crate) member: Member,
    pub(crate) organization: Organization,
    pub(crate) totp_registration_id: String,
    pub(crate) secret: String,
    pub(crate) recovery_codes: Vec<String>,
    /// The `otpauth://` URI the QR code carries.
    pub(crate) otpauth_uri: String,
}

/// A member's recovery codes with the member and organization, as `recovery_codes.get`,
/// `recovery_codes.rotate` and `totp.migrate` answer them.
pub(crate) struct MemberCodes {
    pub(crate) member: Member,
    pub(crate) organization: Organization,
    pub(crate) totp_registration_id: String,
    pub(crate) recovery_codes: Vec<String>,
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
        let Some(Resolved::Intermediate(token)) = &target.resolved else {
            return Ok(());
        };
        let factors = self
            .intermediate_sessions
            .get(token)
            .map(|i| i.factors.as_slice())
            .unwrap_or_default();
        let met = factors.iter().any(|f| {
            auth_method_of(f)
                .is_some_and(|method| Self::auth_method_allowed(&target.organization, method))
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

    /// `totp.create`: a pending registration with a fresh secret and ten recovery codes.
    pub(crate) fn create_totp(
        &mut self,
        project_id: &str,
        req: TotpCreateRequest,
        jwt: Option<Map<String, Value>>,
    ) -> Result<TotpCreated, FakeError> {
        let now = self.now();
        let minutes = req
            .expiration_minutes
            .unwrap_or(DEFAULT_TOTP_EXPIRATION_MINUTES);
        if !TOTP_EXPIRATION_MINUTES.contains(&minutes) {
            return Err(FakeError::new(
                400,
                "invalid_expiration",
                format!(
                    "expiration_minutes must be between {} and {} (got {minutes}).",
                    TOTP_EXPIRATION_MINUTES.start(),
                    TOTP_EXPIRATION_MINUTES.end()
                ),
            ));
        }
        let target = self.mfa_target(
            project_id,
            (&req.organization_id, &req.member_id),
            (&req.intermediate_session_token, &req.session_token),
            jwt,
            now,
        )?;
        let member = self
            .member(&target.member_id)
            .ok_or_else(member_not_found)?;
        if member.status != "active" {
            return Err(FakeError::new(
                400,
                "action_available_only_for_active_members",
                "You may not attach an MFA factor to a member that is not active.",
            ));
        }
        require_totp_allowed(&target.organization, &member)?;
        self.refuse_active_totp(&member)?;
        // "If the Member already has an active MFA factor, then passing an intermediate
        // session token, session token, or session JWT with the existing MFA factor on it is
        // required": an intermediate session never carries one, a member session may.
        if has_active_mfa_factor(&member) && !self.carries_mfa_factor(&target.resolved) {
            return Err(FakeError::new(
                401,
                "insufficient_factors",
                "The Member already has an active MFA factor: pass a session_token or session_jwt of a session that completed it.",
            ));
        }
        self.count_write(now);
        let record = TotpRecord {
            id: format!("member-totp-test-{}", uuid()),
            secret: new_secret(),
            verified: false,
            expires_at: now
                .saturating_add(SignedDuration::from_mins(i64::from(minutes)))
                .unwrap_or(Timestamp::MAX),
            last_step: None,
            recovery_codes: new_recovery_codes(),
        };
        let created = TotpCreated {
            otpauth_uri: otpauth_uri(
                &target.organization.organization_name,
                &member.email_address,
                &record.secret,
            ),
            member,
            organization: target.organization,
            totp_registration_id: record.id.clone(),
            secret: record.secret.clone(),
            recovery_codes: codes_of(&record),
        };
        // A pending registration is replaced by the new one.
        self.totps.insert(target.member_id, record);
        Ok(created)
    }

    /// Refuses a second registration while the member has an active one.
    fn refuse_active_totp(&self, member: &Member) -> Result<(), FakeError> {
        let verified = self
            .totps
            .get(&member.member_id)
            .is_some_and(|r| r.verified);
        if verified || !member.totp_registration_id.is_empty() {
            return Err(FakeError::new(
                400,
                "active_totp_exists",
                "Cannot create a new TOTP for the specified user since the user already has an active TOTP. Users may only have one active TOTP at a time.",
            ));
        }
        Ok(())
    }

    /// Whether a resolved session argument is a member session that completed a second
    /// factor.
    fn carries_mfa_factor(&self, resolved: &Option<Resolved>) -> bool {
        let Some(Resolved::Session(id)) = resolved else {
            return false;
        };
        self.sessions
            .get(id)
            .is_some_and(|s| s.factors.iter().any(is_mfa_factor))
    }

    /// `totp.authenticate`: checks a code on the fake clock (the step before and after
    /// accepted), verifies a pending registration, and completes the second factor.
    pub(crate) fn authenticate_totp(
        &mut self,
        project_id: &str,
        req: TotpAuthenticateRequest,
        jwt: Option<Map<String, Value>>,
    ) -> Result<Login, FakeError> {
        let now = self.now();
        self.count_write(now);
        let target = self.mfa_target(
            project_id,
            (&req.organization_id, &req.member_id),
            (&req.intermediate_session_token, &req.session_token),
            jwt,
            now,
        )?;
        if target.resolved.is_none() {
            return Err(no_session_arguments());
        }
        let enrollment = enrollment(&req.set_mfa_enrollment)?;
        let member = self
            .member(&target.member_id)
            .ok_or_else(member_not_found)?;
        require_totp_allowed(&target.organization, &member)?;
        self.require_primary_met(&target)?;
        let record = self.live_totp(&member, now)?;
        let step = self.check_totp_code(record, &req.code, now)?;
        let factor = factor(
            TOTP,
            "authenticator_app",
            now,
            Some(("authenticator_app_factor", json!({"totp_id": record.id}))),
        )?;
        let finish = MfaFinish {
            factor,
            minutes: req.session_duration_minutes,
            custom_claims: req.session_custom_claims.as_ref(),
        };
        self.check_finish(&target, &finish)?;
        let record = self
            .totps
            .get_mut(&target.member_id)
            .ok_or_else(|| totp_not_found("it was removed"))?;
        record.last_step = Some(step);
        record.verified = true;
        let registration_id = record.id.clone();
        let required = target.organization.mfa_policy == MfaPolicy::RequiredForAll.as_str();
        let member = self
            .members
            .get_mut(&target.member_id)
            .map(|r| &mut r.member)
            .ok_or_else(member_not_found)?;
        member.totp_registration_id = registration_id;
        if required {
            member.mfa_enrolled = true;
        } else if let Some(enroll) = enrollment {
            member.mfa_enrolled = enroll;
        }
        // The first MFA completion makes its method the default one.
        if req.set_default_mfa == Some(true) || member.default_mfa_method.is_empty() {
            member.default_mfa_method = TOTP.into();
        }
        member.updated_at = Some(rfc3339(now));
        self.finish_mfa(project_id, target, finish, now)
    }

    /// The member's registration a code may be checked against: verified, or pending and
    /// not expired.
    fn live_totp(&self, member: &Member, now: Timestamp) -> Result<&TotpRecord, FakeError> {
        match self.totps.get(&member.member_id) {
            Some(r) if !r.verified && r.expires_at <= now => Err(FakeError::new(
                400,
                "expired_totp",
                "The TOTP registration expired before a code was authenticated: create a new one.",
            )),
            Some(r) => Ok(r),
            None if !member.totp_registration_id.is_empty() => Err(totp_not_found(
                "the member was created with a TOTP registration whose secret the fake does not know; register one with totp.create or totp.migrate instead",
            )),
            None => Err(totp_not_found("the member has no TOTP registration")),
        }
    }

    /// The time step whose code `code` is (the current one, or the one before or after), or
    /// Stytch's error for a malformed, wrong or reused code.
    fn check_totp_code(
        &self,
        record: &TotpRecord,
        code: &str,
        now: Timestamp,
    ) -> Result<u64, FakeError> {
        if code.len() != TOTP_DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
            if record.recovery_codes.iter().any(|c| c.code == code) {
                return Err(FakeError::new(
                    400,
                    "recovery_code_used_as_totp_code",
                    "This is a recovery code: use recovery_codes.recover for it.",
                ));
            }
            return Err(FakeError::new(
                400,
                "invalid_totp_code",
                format!("A TOTP code is {TOTP_DIGITS} digits."),
            ));
        }
        let step = totp_step(&record.secret, code, now)?.ok_or_else(|| {
            FakeError::new(
                401,
                "unable_to_authenticate_totp",
                "The TOTP code is wrong, or not for the current 30-second window or the one before or after it.",
            )
        })?;
        if record.last_step.is_some_and(|last| step <= last) {
            return Err(FakeError::new(
                400,
                "totp_code_already_authenticated",
                "This TOTP code has already been authenticated. Please attempt with the next generated code.",
            ));
        }
        Ok(step)
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

    /// `totp.migrate`: imports a secret (and recovery codes, minted when none are given) as
    /// the member's active registration.
    pub(crate) fn migrate_totp(
        &mut self,
        req: TotpMigrateRequest,
    ) -> Result<MemberCodes, FakeError> {
        let now = self.now();
        let organization_id = self.resolve_organization(&req.organization_id)?;
        let member_id = self.resolve_member(&organization_id, &req.member_id)?;
        let member = self.member(&member_id).ok_or_else(member_not_found)?;
        if member.status != "active" {
            return Err(FakeError::new(
                400,
                "action_available_only_for_active_members",
                "You may not attach an MFA factor to a member that is not active.",
            ));
        }
        self.refuse_active_totp(&member)?;
        let secret = normalize_secret(&req.secret)?;
        let recovery_codes = if req.recovery_codes.is_empty() {
            new_recovery_codes()
        } else {
            imported_recovery_codes(&req.recovery_codes)?
        };
        self.count_write(now);
        let record = TotpRecord {
            id: format!("member-totp-test-{}", uuid()),
            secret,
            verified: true,
            expires_at: Timestamp::MAX,
            last_step: None,
            recovery_codes,
        };
        let record_member = self
            .members
            .get_mut(&member_id)
            .ok_or_else(member_not_found)?;
        record_member.member.totp_registration_id = record.id.clone();
        record_member.member.updated_at = Some(rfc3339(now));
        self.totps.insert(member_id.clone(), record);
        self.member_codes(&organization_id, &member_id)
    }

    /// `recovery_codes.get`: the member's unused recovery codes.
    pub(crate) fn get_recovery_codes(
        &self,
        organization: &str,
        member: &str,
    ) -> Result<MemberCodes, FakeError> {
        let organization_id = self.resolve_organization(organization)?;
        let member_id = self.resolve_member(&organization_id, member)?;
        self.member_codes(&organization_id, &member_id)
    }

    /// `recovery_codes.rotate`: a new set of ten codes; the old ones are no longer good.
    pub(crate) fn rotate_recovery_codes(
        &mut self,
        organization: &str,
        member: &str,
    ) -> Result<MemberCodes, FakeError> {
        let now = self.now();
        let organization_id = self.resolve_organization(organization)?;
        let member_id = self.resolve_member(&organization_id, member)?;
        let record = self.active_totp_mut(&member_id)?;
        record.recovery_codes = new_recovery_codes();
        self.count_write(now);
        self.member_codes(&organization_id, &member_id)
    }

    /// A member's codes as the recovery codes operations answer them.
    fn member_codes(
        &self,
        organization_id: &str,
        member_id: &str,
    ) -> Result<MemberCodes, FakeError> {
        let record = self
            .totps
            .get(member_id)
            .filter(|r| r.verified)
            .ok_or_else(no_recovery_codes)?;
        Ok(MemberCodes {
            member: self.member(member_id).ok_or_else(member_not_found)?,
            organization: self
                .organization(organization_id)
                .ok_or_else(organization_not_found)?,
            totp_registration_id: record.id.clone(),
            recovery_codes: codes_of(record),
        })
    }

    /// The member's active (verified) TOTP registration, which backs recovery codes.
    fn active_totp_mut(&mut self, member_id: &str) -> Result<&mut TotpRecord, FakeError> {
        self.totps
            .get_mut(member_id)
            .filter(|r| r.verified)
            .ok_or_else(no_recovery_codes)
    }

    /// `recovery_codes.recover`: uses up one recovery code to complete the second factor.
    /// Returns the login and how many codes are left.
    pub(crate) fn recover(
        &mut self,
        project_id: &str,
        req: RecoverRequest,
        jwt: Option<Map<String, Value>>,
    ) -> Result<(Login, usize), FakeError> {
        let now = self.now();
        self.count_write(now);
        let target = self.mfa_target(
            project_id,
            (&req.organization_id, &req.member_id),
            (&req.intermediate_session_token, &req.session_token),
            jwt,
            now,
        )?;
        if target.resolved.is_none() {
            return Err(no_session_arguments());
        }
        self.require_primary_met(&target)?;
        let code = req.recovery_code.trim().to_ascii_lowercase();
        if code.len() == TOTP_DIGITS && code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FakeError::new(
                400,
                "totp_code_used_as_recovery_code",
                "This is a TOTP code: use totp.authenticate for it.",
            ));
        }
        let record = self.active_totp_mut(&target.member_id)?;
        let at = record
            .recovery_codes
            .iter()
            .position(|c| c.code == code)
            .ok_or_else(|| {
                FakeError::new(
                    401,
                    "unable_to_authenticate_recovery_code",
                    "The recovery code is wrong or was already used.",
                )
            })?;
        let code_id = record.recovery_codes[at].id.clone();
        let finish = MfaFinish {
            factor: factor(
                "recovery_codes",
                "recovery_code",
                now,
                Some((
                    "recovery_code_factor",
                    json!({"totp_recovery_code_id": code_id}),
                )),
            )?,
            minutes: req.session_duration_minutes,
            custom_claims: req.session_custom_claims.as_ref(),
        };
        self.check_finish(&target, &finish)?;
        let record = self.active_totp_mut(&target.member_id)?;
        record.recovery_codes.remove(at);
        let remaining = record.recovery_codes.len();
        let login = self.finish_mfa(project_id, target, finish, now)?;
        Ok((login, remaining))
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

/// Refuses TOTP in an organization whose MFA methods leave it out (break-glass members
/// excepted).
fn require_totp_allowed(organization: &Organization, member: &Member) -> Result<(), FakeError> {
    let allowed = organization.mfa_methods != "RESTRICTED"
        || organization.allowed_mfa_methods.iter().any(|m| m == TOTP)
        || member.is_breakglass;
    if allowed {
        return Ok(());
    }
    Err(FakeError::new(
        403,
        "operation_restricted_by_organization_mfa_methods",
        format!(
            "Organization {} does not allow the totp MFA method (allowed: {}).",
            organization.organization_id,
            organization.allowed_mfa_methods.join(", ")
        ),
    ))
}

/// `set_mfa_enrollment`: `enroll`, `unenroll` or absent.
fn enrollment(value: &Option<String>) -> Result<Option<bool>, FakeError> {
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

/// The TOTP generator of a base32 secret: SHA-1, six digits, 30-second steps (the
/// authenticator app defaults Stytch uses).
fn generator(secret: &str) -> Result<Totp, FakeError> {
    let bytes = Secret::Encoded(secret.to_owned())
        .to_bytes()
        .map_err(|e| internal(format_args!("decode a stored TOTP secret: {e:?}")))?;
    Ok(Totp::new_unchecked(
        Algorithm::SHA1,
        TOTP_DIGITS,
        1,
        TOTP_STEP_SECS,
        bytes,
    ))
}

/// The time step (of the current one and the ones before and after it, on the fake clock)
/// whose code is `code`, if any.
pub(crate) fn totp_step(
    secret: &str,
    code: &str,
    now: Timestamp,
) -> Result<Option<u64>, FakeError> {
    let totp = generator(secret)?;
    let current = u64::try_from(now.as_second()).unwrap_or(0) / TOTP_STEP_SECS;
    let steps = [
        Some(current),
        current.checked_sub(1),
        current.checked_add(1),
    ];
    Ok(steps
        .into_iter()
        .flatten()
        .find(|step| totp.generate(step * TOTP_STEP_SECS) == code))
}

/// A fresh random secret, base32.
fn new_secret() -> String {
    let bytes: [u8; SECRET_BYTES] = rand::random();
    match Secret::Raw(bytes.to_vec()).to_encoded() {
        Secret::Encoded(s) => s,
        Secret::Raw(_) => String::new(),
    }
}

/// A migrated secret in the stored form (upper case, no spaces or padding), or Stytch's
/// error when it is not base32.
fn normalize_secret(secret: &str) -> Result<String, FakeError> {
    let normalized: String = secret
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let decodes = Secret::Encoded(normalized.clone())
        .to_bytes()
        .is_ok_and(|b| !b.is_empty());
    if normalized.is_empty() || !decodes {
        return Err(FakeError::new(
            400,
            "invalid_argument",
            "secret must be a base32 (RFC 4648) TOTP secret.",
        ));
    }
    Ok(normalized)
}

/// Ten fresh recovery codes.
fn new_recovery_codes() -> Vec<RecoveryCode> {
    (0..RECOVERY_CODE_COUNT)
        .map(|_| recovery_code(new_code()))
        .collect()
}

/// A recovery code with a fresh id.
fn recovery_code(code: String) -> RecoveryCode {
    RecoveryCode {
        id: format!("member-totp-recovery-code-test-{}", uuid()),
        code,
    }
}

/// `xxxx-xxxx-xxxx` of random lower-case letters and digits.
fn new_code() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut code = String::with_capacity(14);
    for i in 0..12 {
        if i > 0 && i % 4 == 0 {
            code.push('-');
        }
        let at = rand::random_range(0..ALPHABET.len());
        code.push(char::from(ALPHABET[at]));
    }
    code
}

/// Migrated recovery codes (lower case, trimmed), each non-empty and distinct.
fn imported_recovery_codes(codes: &[String]) -> Result<Vec<RecoveryCode>, FakeError> {
    let mut imported: Vec<RecoveryCode> = Vec::with_capacity(codes.len());
    for code in codes {
        let code = code.trim().to_ascii_lowercase();
        if code.is_empty() || imported.iter().any(|c| c.code == code) {
            return Err(FakeError::new(
                400,
                "invalid_recovery_code",
                "recovery_codes must be distinct and non-empty.",
            ));
        }
        imported.push(recovery_code(code));
    }
    Ok(imported)
}

/// The unused codes of a registration.
fn codes_of(record: &TotpRecord) -> Vec<String> {
    record
        .recovery_codes
        .iter()
        .map(|c| c.code.clone())
        .collect()
}

/// The `otpauth://` URI of a registration, as authenticator apps scan it: the organization's
/// name as issuer, the member's email address as account.
fn otpauth_uri(issuer: &str, account: &str, secret: &str) -> String {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    let issuer = utf8_percent_encode(issuer, NON_ALPHANUMERIC).to_string();
    let account = utf8_percent_encode(account, NON_ALPHANUMERIC).to_string();
    format!(
        "otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits={TOTP_DIGITS}&period={TOTP_STEP_SECS}"
    )
}

fn no_session_arguments() -> FakeError {
    FakeError::new(
        400,
        "no_session_arguments",
        "Pass exactly one of intermediate_session_token, session_token and session_jwt.",
    )
}

fn totp_not_found(why: &str) -> FakeError {
    FakeError::new(
        404,
        "totp_not_found",
        format!("TOTP registration could not be found: {why}."),
    )
}

fn no_recovery_codes() -> FakeError {
    FakeError::new(
        400,
        "no_active_recovery_code_backed_factor",
        "The Member has no active TOTP registration, so no recovery codes.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_sha1_vectors() {
        // RFC 6238 appendix B: the 20-byte ASCII secret "12345678901234567890", 8 digits
        // there; the last six of them here.
        let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        let at = |s: i64| Timestamp::from_second(s).unwrap();
        for (time, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (2_000_000_000, "279037"),
        ] {
            let step = u64::try_from(time).unwrap() / TOTP_STEP_SECS;
            assert_eq!(totp_step(secret, code, at(time)).unwrap(), Some(step));
            // The step before and after are accepted too; two steps away is not.
            assert!(totp_step(secret, code, at(time + 30)).unwrap().is_some());
            assert!(totp_step(secret, code, at(time - 30)).unwrap().is_some());
            assert_eq!(totp_step(secret, code, at(time + 90)).unwrap(), None);
        }
    }

    #[test]
    fn codes_and_secrets_have_their_shapes() {
        let code = new_code();
        assert_eq!(code.len(), 14);
        assert_eq!(code.matches('-').count(), 2);
        assert_eq!(new_secret().len(), 32);
        assert_eq!(normalize_secret("gezd gnbv=").unwrap(), "GEZDGNBV");
        assert!(normalize_secret("not base32!").is_err());
        assert!(normalize_secret("").is_err());
    }
}
