//! SMS passcodes: intermediate sessions, sending (with rate limits and the outbox), and
//! authenticating a code into a member session.

use super::*;

/// SMS passcodes expire two minutes after they are sent.
pub(crate) const OTP_TTL: SignedDuration = SignedDuration::from_secs(2 * 60);
/// Wrong codes an SMS passcode tolerates: the fifth wrong one invalidates it. Stytch
/// publishes no number for SMS codes; five is the fake's email passcode rule
/// ([`EMAIL_CODE_MAX_ATTEMPTS`]): guessing a code then succeeds 5 times in a million.
pub(crate) const SMS_CODE_MAX_ATTEMPTS: u32 = 5;
/// Intermediate session tokens expire after ten minutes.
pub(crate) const IST_TTL: SignedDuration = SignedDuration::from_secs(10 * 60);

impl State {
    /// Mints an intermediate session token as a primary email magic link login would.
    pub(crate) fn mint_intermediate_session(
        &mut self,
        organization: &str,
        member: &str,
    ) -> Result<String, FakeError> {
        let organization_id = self.resolve_organization(organization)?;
        let member_id = self.resolve_member(&organization_id, member)?;
        let now = self.now();
        self.count_write(now);
        let mut record = self
            .members
            .get_mut(&member_id)
            .ok_or_else(member_not_found)?;
        let at = rfc3339(now);
        let email_factor = build(
            "an authentication factor",
            json!({
                "type": "magic_link",
                "delivery_method": "email",
                "last_authenticated_at": at,
                "created_at": at,
                "updated_at": at,
                "email_factor": {
                    "email_id": record.email_id,
                    "email_address": record.member.email_address,
                },
            }),
        )?;
        record.member.email_address_verified = true;
        let token = token();
        self.intermediate_sessions.insert(
            token.clone(),
            IntermediateSession {
                email_address: record.member.email_address.clone(),
                organization_id,
                member_id,
                expires_at: now.saturating_add(IST_TTL).unwrap_or(Timestamp::MAX),
                factors: vec![email_factor],
            },
        );
        Ok(token)
    }

    /// Counts a send against the rate limits, or refuses it with Stytch's 429.
    pub(crate) fn count_send(
        &mut self,
        member_id: &str,
        phone_number: &str,
        now: Timestamp,
    ) -> Result<(), FakeError> {
        let limits = self.rate_limits;
        let checks = [
            (limits.per_member, &mut self.sends_by_member, member_id),
            (
                limits.per_phone_number,
                &mut self.sends_by_phone,
                phone_number,
            ),
        ];
        let mut windows: Vec<&mut VecDeque<Timestamp>> = Vec::new();
        for (limit, sends, key) in checks {
            let Some(limit) = limit else { continue };
            let window = sends.entry(key.to_owned()).or_default();
            if !admits(window, limit, now) {
                // Admitted again when the oldest send in the window leaves it.
                let again = window.front().and_then(|oldest| {
                    oldest
                        .checked_add(SignedDuration::try_from(limit.window()).ok()?)
                        .ok()
                });
                let seconds = again.map_or(1, |at| {
                    let left = at.duration_since(now).as_secs_f64();
                    left.ceil().max(1.0) as u64
                });
                return Err(FakeError::rate_limited(seconds));
            }
            windows.push(window);
        }
        for window in windows {
            window.push_back(now);
        }
        Ok(())
    }

    pub(crate) fn send(
        &mut self,
        project_id: &str,
        req: SendRequest,
        jwt: Option<Map<String, Value>>,
    ) -> Result<SendResponse, FakeError> {
        let now = self.now();
        let phone = given(&req.mfa_phone_number);
        if let Some(p) = phone {
            if !is_e164(p) {
                return Err(invalid_phone_number(p));
            }
        }
        let arg = session_arg(&req.intermediate_session_token, &req.session_token, jwt)?;
        let organization_id = self.resolve_organization(&req.organization_id)?;
        let member_id = self.resolve_member(&organization_id, &req.member_id)?;
        let resolved = arg
            .as_ref()
            .map(|arg| self.resolve_session_arg(project_id, arg, &organization_id, &member_id, now))
            .transpose()?;
        let organization = self
            .organizations
            .get(&organization_id)
            .cloned()
            .ok_or_else(organization_not_found)?;
        let record = self.members.get(&member_id).ok_or_else(member_not_found)?;
        // "If the Member already has an active MFA factor, then passing an intermediate
        // session token, session token, or session JWT with the existing MFA factor on it is
        // required to prevent bypassing MFA."
        // No session argument at all is refused here; linking a new phone (below) needs a
        // session that completed a second factor, so an intermediate session cannot replace
        // the member's TOTP with a phone of its choosing.
        if has_active_mfa_factor(&record.member) && resolved.is_none() {
            return Err(FakeError::new(
                400,
                "session_required_for_mfa",
                "The Member already has an active MFA factor: pass their intermediate_session_token, session_token or session_jwt.",
            ));
        }
        let (phone_number, link) = phone_to_text(&record.member.mfa_phone_number, phone)?;
        self.check_sms_step(&organization, &member_id, &resolved)?;
        if link && has_active_mfa_factor(&record.member) && !self.carries_mfa_factor(&resolved) {
            return Err(insufficient_factors());
        }
        self.count_send(&member_id, &phone_number, now)?;
        let mut record = self
            .members
            .get_mut(&member_id)
            .ok_or_else(member_not_found)?;
        if link {
            record.member.mfa_phone_number = phone_number.clone();
            record.member.mfa_phone_number_verified = false;
            record.member.updated_at = Some(rfc3339(now));
            record.phone_id = format!("phone-number-test-{}", uuid());
        }
        let member = record.member.clone();
        drop(record);
        let locale = req.locale.as_ref().map_or("en", |l| l.as_str());
        self.post_sms(&organization_id, &member_id, &phone_number, locale, now);
        self.count_write(now);
        let mut response = SendResponse::default();
        response.request_id = request_id();
        response.member_id = member_id;
        response.member = member;
        response.organization = *organization;
        response.status_code = 200;
        Ok(response)
    }

    /// Texts a fresh passcode to a member's phone as a login's second step does on its own
    /// (`secondary_auth_initiated: "sms_otp"`), within the send rate limits.
    pub(crate) fn text_code(
        &mut self,
        organization_id: &str,
        member_id: &str,
        phone_number: &str,
        locale: &str,
        now: Timestamp,
    ) -> Result<(), FakeError> {
        self.count_send(member_id, phone_number, now)?;
        self.post_sms(organization_id, member_id, phone_number, locale, now);
        Ok(())
    }

    /// Makes a fresh code the member's one live passcode and puts its SMS in the outbox.
    fn post_sms(
        &mut self,
        organization_id: &str,
        member_id: &str,
        phone_number: &str,
        locale: &str,
        now: Timestamp,
    ) {
        let code = otp_code();
        self.otps.insert(
            member_id.to_owned(),
            ActiveOtp {
                code: code.clone(),
                phone_number: phone_number.to_owned(),
                expires_at: now.saturating_add(OTP_TTL).unwrap_or(Timestamp::MAX),
                attempts: 0,
            },
        );
        if self.outbox.len() >= self.outbox_capacity {
            self.outbox.pop_front();
        }
        self.last_codes.insert(member_id.to_owned(), code.clone());
        self.outbox.push_back(SentSms {
            organization_id: organization_id.to_owned(),
            member_id: member_id.to_owned(),
            phone_number: phone_number.to_owned(),
            code,
            locale: locale.to_owned(),
            sent_at: rfc3339(now),
        });
    }

    /// `otps.sms.authenticate`: every argument is checked before the code is tried (a
    /// refused request counts no attempt), then the code ([`State::check_sms_code`]); a
    /// right code completes the intermediate session into a member session, or joins and
    /// extends the named session. Returns the response without its `session_jwt` and the
    /// claims to sign into it (the caller signs outside the lock).
    pub(crate) fn authenticate(
        &mut self,
        project_id: &str,
        req: AuthenticateRequest,
        jwt: Option<Map<String, Value>>,
    ) -> Result<(AuthenticateResponse, Value), FakeError> {
        let now = self.now();
        self.count_write(now);
        let arg = session_arg(&req.intermediate_session_token, &req.session_token, jwt)?
            .ok_or_else(|| {
                FakeError::new(
                    400,
                    "no_session_arguments",
                    "Pass exactly one of intermediate_session_token, session_token and session_jwt.",
                )
            })?;
        let minutes = session_minutes(req.session_duration_minutes)?;
        let enrollment = super::mfa::enrollment(&req.set_mfa_enrollment)?;
        let organization_id = self.resolve_organization(&req.organization_id)?;
        let member_id = self.resolve_member(&organization_id, &req.member_id)?;
        let resolved =
            self.resolve_session_arg(project_id, &arg, &organization_id, &member_id, now)?;
        let organization = self
            .organization(&organization_id)
            .ok_or_else(organization_not_found)?;
        let resolved = Some(resolved);
        self.check_sms_step(&organization, &member_id, &resolved)?;
        let resolved = resolved.ok_or_else(session_not_found)?;

        let custom_claims = self.sms_claims(&resolved, req.session_custom_claims.as_ref())?;

        self.check_sms_code(&member_id, &req.code, now)?;
        let mut record = self
            .members
            .get_mut(&member_id)
            .ok_or_else(member_not_found)?;
        let otp = self
            .otps
            .remove(&member_id)
            .ok_or_else(|| otp_code_not_found("already used"))?;

        // The Member.
        let at = rfc3339(now);
        record.member.mfa_phone_number_verified = true;
        if organization.mfa_policy == MfaPolicy::RequiredForAll.as_str() {
            record.member.mfa_enrolled = true;
        } else if let Some(enroll) = enrollment {
            record.member.mfa_enrolled = enroll;
        }
        if req.set_default_mfa == Some(true) {
            record.member.default_mfa_method = "sms_otp".into();
        }
        record.member.updated_at = Some(at.clone());
        let member = record.member.clone();
        let sms_factor = factor(
            "otp",
            "sms",
            now,
            Some((
                "phone_number_factor",
                json!({"phone_id": record.phone_id, "phone_number": otp.phone_number}),
            )),
        )?;
        drop(record);

        let session_id = self.sms_session(
            resolved,
            (&organization_id, &member_id),
            sms_factor,
            minutes,
            custom_claims,
        )?;
        self.sms_answer(project_id, &session_id, organization, member, now)
    }

    /// The custom claims of the session an SMS login completes: the named session's, or
    /// none for an intermediate session, merged with the request's.
    fn sms_claims(
        &self,
        resolved: &Resolved,
        requested: Option<&Map<String, Value>>,
    ) -> Result<Map<String, Value>, FakeError> {
        let base = match resolved {
            Resolved::Session(id) => self
                .sessions
                .get(id)
                .map(|s| s.custom_claims.clone())
                .unwrap_or_default(),
            Resolved::Intermediate(_) => Map::new(),
        };
        merge_claims(base, requested)
    }

    /// The member session an SMS factor completes: a new one for an intermediate session
    /// (its factors, then the SMS factor; the intermediate session consumed), or the named
    /// session extended and given the factor. Returns its id.
    fn sms_session(
        &mut self,
        resolved: Resolved,
        (organization_id, member_id): (&str, &str),
        sms_factor: AuthenticationFactor,
        minutes: i32,
        custom_claims: Map<String, Value>,
    ) -> Result<String, FakeError> {
        let now = self.now();
        match resolved {
            Resolved::Intermediate(ist) => {
                let mut factors = self
                    .intermediate_sessions
                    .remove(&ist)
                    .map(|i| i.factors)
                    .unwrap_or_default();
                factors.push(sms_factor);
                self.start_session(organization_id, member_id, factors, minutes, custom_claims)
            }
            Resolved::Session(id) => {
                let session = self.sessions.get_mut(&id).ok_or_else(session_not_found)?;
                session.last_accessed_at = now;
                session.expires_at = now
                    .saturating_add(SignedDuration::from_mins(i64::from(minutes)))
                    .unwrap_or(Timestamp::MAX);
                session.custom_claims = custom_claims;
                upsert_factor(&mut session.factors, sms_factor);
                Ok(id)
            }
        }
    }

    /// The `otps.sms.authenticate` answer for a member session (by id), and the claims of its
    /// JWT.
    fn sms_answer(
        &self,
        project_id: &str,
        session_id: &str,
        organization: Organization,
        member: Member,
        now: Timestamp,
    ) -> Result<(AuthenticateResponse, Value), FakeError> {
        let session = self
            .sessions
            .get(session_id)
            .ok_or_else(session_not_found)?;
        let member_session = member_session(session, &organization, &member)?;
        let claims = jwt_claims(project_id, &member_session, now);
        let mut response = AuthenticateResponse::default();
        response.request_id = request_id();
        response.member_id = member.member_id.clone();
        response.member = member;
        response.organization = organization;
        response.session_token = session.token.clone();
        response.status_code = 200;
        response.member_session = Some(member_session);
        Ok((response, claims))
    }

    /// Checks `code` against the member's live passcode, without using it up: none sent, or
    /// expired (then forgotten), is `otp_code_not_found`; a wrong code is too, and counts an
    /// attempt: the [`SMS_CODE_MAX_ATTEMPTS`]th wrong one invalidates the code (another must
    /// be sent).
    fn check_sms_code(
        &mut self,
        member_id: &str,
        code: &str,
        now: Timestamp,
    ) -> Result<(), FakeError> {
        let Some(otp) = self.otps.get_mut(member_id) else {
            return Err(otp_code_not_found(
                "no code was sent to this Member, or it was already used",
            ));
        };
        if otp.expires_at <= now {
            self.otps.remove(member_id);
            return Err(otp_code_not_found("the code has expired"));
        }
        if otp.code == code {
            return Ok(());
        }
        otp.attempts += 1;
        if otp.attempts >= SMS_CODE_MAX_ATTEMPTS {
            self.otps.remove(member_id);
            return Err(otp_code_not_found(
                "wrong code, and too many wrong codes were tried: it is no longer valid, send another",
            ));
        }
        Err(otp_code_not_found("wrong code"))
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct ActiveOtp {
    pub(crate) code: String,
    pub(crate) phone_number: String,
    pub(crate) expires_at: Timestamp,
    /// Wrong codes tried so far ([`SMS_CODE_MAX_ATTEMPTS`] invalidate it).
    pub(crate) attempts: u32,
}

#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct IntermediateSession {
    /// Empty for a discovery intermediate session (an email address, no organization yet).
    pub(crate) organization_id: String,
    /// Empty for a discovery intermediate session.
    pub(crate) member_id: String,
    /// The address the primary factor proved.
    pub(crate) email_address: String,
    pub(crate) expires_at: Timestamp,
    pub(crate) factors: Vec<AuthenticationFactor>,
}

impl State {
    /// What an SMS second factor needs of its organization and session argument: SMS among
    /// the organization's MFA methods (a breakglass member excepted), and an intermediate
    /// session that met the organization's primary requirement.
    fn check_sms_step(
        &self,
        organization: &Organization,
        member_id: &str,
        resolved: &Option<Resolved>,
    ) -> Result<(), FakeError> {
        let breakglass = self
            .members
            .get(member_id)
            .is_some_and(|r| r.member.is_breakglass);
        if !sms_allowed(organization) && !breakglass {
            return Err(FakeError::new(
                403,
                "operation_restricted_by_organization_mfa_methods",
                format!(
                    "Organization {} does not allow SMS passcodes as a second factor (allowed: {}).",
                    organization.organization_id,
                    organization.allowed_mfa_methods.join(", ")
                ),
            ));
        }
        self.primary_met(organization, resolved)
    }
}

/// The number a send goes to, and whether it is new to the member: the member's own number
/// (`mfa_phone_number` may repeat it), else the request's, which becomes theirs.
fn phone_to_text(existing: &str, phone: Option<&str>) -> Result<(String, bool), FakeError> {
    match phone {
        Some(p) if !existing.is_empty() && p != existing => Err(FakeError::new(
            400,
            "mfa_phone_number_mismatch",
            "The Member already has a different phone number; mfa_phone_number must match it or be omitted.",
        )),
        _ if !existing.is_empty() => Ok((existing.to_owned(), false)),
        Some(p) => Ok((p.to_owned(), true)),
        None => Err(FakeError::new(
            400,
            "mfa_phone_number_required",
            "The Member has no phone number yet: pass mfa_phone_number.",
        )),
    }
}

/// A new phone for a member who has another MFA factor, without a session that completed a
/// second factor.
pub(crate) fn insufficient_factors() -> FakeError {
    FakeError::new(
        401,
        "insufficient_factors",
        "The Member already has an MFA factor: linking a new phone needs a session that completed a second factor.",
    )
}

pub(crate) fn invalid_phone_number(phone: &str) -> FakeError {
    FakeError::new(
        400,
        "invalid_phone_number",
        format!(
            "Phone number {phone:?} is invalid: use E.164 format, a '+' followed by 2 to 15 digits, e.g. +15555550123."
        ),
    )
}

pub(crate) fn otp_code_not_found(why: &str) -> FakeError {
    FakeError::new(
        404,
        "otp_code_not_found",
        format!("The OTP code could not be found: {why}."),
    )
}

/// Whether a Member has an active MFA factor: a verified MFA phone number or a TOTP
/// registration.
pub(crate) fn has_active_mfa_factor(member: &Member) -> bool {
    (member.mfa_phone_number_verified && !member.mfa_phone_number.is_empty())
        || !member.totp_registration_id.is_empty()
}
