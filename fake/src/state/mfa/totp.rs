//! TOTP registrations: `totp.create` (pending until a first code), `totp.authenticate` (RFC
//! 6238 on the fake clock, each code once) and `totp.migrate` (an imported secret, active at
//! once).

use totp_rs::{Algorithm, Secret, TOTP as Totp};

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

/// Random bytes in a new TOTP secret (32 base32 characters, as Stytch's secrets have).
const SECRET_BYTES: usize = 20;

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

impl State {
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
        let mut record = self
            .members
            .get_mut(&target.member_id)
            .ok_or_else(member_not_found)?;
        let member = &mut record.member;
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
        drop(record);
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
        let mut record_member = self
            .members
            .get_mut(&member_id)
            .ok_or_else(member_not_found)?;
        record_member.member.totp_registration_id = record.id.clone();
        record_member.member.updated_at = Some(rfc3339(now));
        drop(record_member);
        self.totps.insert(member_id.clone(), record);
        self.member_codes(&organization_id, &member_id)
    }
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

fn totp_not_found(why: &str) -> FakeError {
    FakeError::new(
        404,
        "totp_not_found",
        format!("TOTP registration could not be found: {why}."),
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
