//! Recovery codes: ten single-use codes per TOTP registration; `recovery_codes.get`,
//! `recovery_codes.rotate` and `recovery_codes.recover` (a code completes the second factor).

use stytch_b2b_otp_sms::recovery_codes::RecoverRequest;

use super::*;

/// Recovery codes per registration.
pub(crate) const RECOVERY_CODE_COUNT: usize = 10;

/// A member's recovery codes with the member and organization, as `recovery_codes.get`,
/// `recovery_codes.rotate` and `totp.migrate` answer them.
pub(crate) struct MemberCodes {
    pub(crate) member: Member,
    pub(crate) organization: Organization,
    pub(crate) totp_registration_id: String,
    pub(crate) recovery_codes: Vec<String>,
}

impl State {
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
    pub(super) fn member_codes(
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

/// Ten fresh recovery codes.
pub(super) fn new_recovery_codes() -> Vec<RecoveryCode> {
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
pub(super) fn new_code() -> String {
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
pub(super) fn imported_recovery_codes(codes: &[String]) -> Result<Vec<RecoveryCode>, FakeError> {
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
pub(super) fn codes_of(record: &TotpRecord) -> Vec<String> {
    record
        .recovery_codes
        .iter()
        .map(|c| c.code.clone())
        .collect()
}

fn no_recovery_codes() -> FakeError {
    FakeError::new(
        400,
        "no_active_recovery_code_backed_factor",
        "The Member has no active TOTP registration, so no recovery codes.",
    )
}
