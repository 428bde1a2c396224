//! What every login shares once its factor is proven: the organization's rules (allowed auth
//! methods, the MFA policy, the member's enrollment), the intermediate session when a second
//! factor is due, the member session otherwise, and the answer's common fields. Discovery
//! logins (an email address, no organization yet) are here too.
//!
//! A flow proves its factor (a magic link, a code, a password, …), then calls
//! [`State::login`] with the factor; the outcome's
//! [`Login::fields`] are the fields every login answer has (`member`, `organization`,
//! `session_token`, `intermediate_session_token`, `member_authenticated`, `mfa_required`, …)
//! and [`Login::claims`] what to sign into `session_jwt` outside the lock.

use super::*;

/// An organization that restricts its auth methods lists them here.
const RESTRICTED: &str = "RESTRICTED";
/// The MFA methods a restriction can name.
pub(crate) const SMS_OTP: &str = "sms_otp";
pub(crate) const TOTP: &str = "totp";

/// The session arguments a login request carries.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SessionOptions<'a> {
    /// `session_duration_minutes`; [`DEFAULT_SESSION_MINUTES`] when absent.
    pub(crate) duration_minutes: Option<i32>,
    /// `session_custom_claims`.
    pub(crate) custom_claims: Option<&'a Map<String, Value>>,
    /// An intermediate session token from an earlier factor of the same login, whose
    /// factors join this one (a login still waiting for a factor answers the same token:
    /// [`State::settle_joined`]).
    pub(crate) intermediate_session_token: Option<&'a str>,
    /// `locale` for an SMS this login sends on its own (`secondary_auth_initiated`).
    pub(crate) locale: Option<&'a str>,
}

/// The outcome of a login into an organization.
#[derive(Debug, Clone)]
pub(crate) struct Login {
    pub(crate) member: Member,
    pub(crate) organization: Organization,
    /// Whether a member session was created (no further factor is due).
    pub(crate) member_authenticated: bool,
    /// When a factor is still due: the token that carries the factors done so far.
    pub(crate) intermediate_session_token: String,
    pub(crate) member_session: Option<MemberSession>,
    pub(crate) session_token: String,
    /// What to sign into `session_jwt` (with a session only).
    pub(crate) claims: Option<Value>,
    /// `mfa_required`, when the second factor is due.
    pub(crate) mfa_required: Option<Value>,
    /// `primary_required`, when the organization wants another primary factor.
    pub(crate) primary_required: Option<Value>,
}

impl Login {
    /// A login waiting for another factor, carried by intermediate session `token`.
    pub(crate) fn pending(member: Member, organization: Organization, token: String) -> Login {
        Login {
            member,
            organization,
            member_authenticated: false,
            intermediate_session_token: token,
            member_session: None,
            session_token: String::new(),
            claims: None,
            mfa_required: None,
            primary_required: None,
        }
    }

    /// The fields every login answer has, `session_jwt` empty (the caller signs
    /// [`Login::claims`] into it).
    pub(crate) fn fields(&self) -> Value {
        json!({
            "member_id": self.member.member_id,
            "member": self.member,
            "organization_id": self.organization.organization_id,
            "organization": self.organization,
            "session_token": self.session_token,
            "session_jwt": "",
            "member_session": self.member_session,
            "intermediate_session_token": self.intermediate_session_token,
            "member_authenticated": self.member_authenticated,
            "mfa_required": self.mfa_required,
            "primary_required": self.primary_required,
        })
    }
}

impl State {
    /// Whether `organization` lets its members log in with `method` (`magic_link`,
    /// `email_otp`, `password`, `sso`, `google_oauth`, …).
    pub(crate) fn auth_method_allowed(organization: &Organization, method: &str) -> bool {
        organization.auth_methods != RESTRICTED
            || organization
                .allowed_auth_methods
                .iter()
                .any(|m| m == method)
    }

    /// Whether a second factor is due after a primary one: the organization requires MFA, or
    /// the member enrolled in it.
    pub(crate) fn mfa_due(organization: &Organization, member: &Member) -> bool {
        organization.mfa_policy == MfaPolicy::RequiredForAll.as_str() || member.mfa_enrolled
    }

    /// Completes a proven primary `factor` (its auth method: [`auth_method_of`]) for a member of an organization (ids).
    /// An invited or pending member becomes active with a verified email. Then, as Stytch
    /// answers: an organization that does not allow `method` gives an intermediate session
    /// with `primary_required` (its allowed methods); a due second factor gives one with
    /// `mfa_required` (an SMS is sent on the spot when the member's MFA method is a phone:
    /// `secondary_auth_initiated: "sms_otp"`); otherwise a member session.
    pub(crate) fn login(
        &mut self,
        project_id: &str,
        organization_id: &str,
        member_id: &str,
        factor: AuthenticationFactor,
        options: SessionOptions<'_>,
    ) -> Result<Login, FakeError> {
        let now = self.now();
        self.count_write(now);
        let organization = self
            .organization(organization_id)
            .ok_or_else(organization_not_found)?;
        let minutes = session_minutes(options.duration_minutes)?;
        let claims = merge_claims(Map::new(), options.custom_claims)?;
        let mut factors = self.earlier_factors(options.intermediate_session_token, member_id)?;
        let member = self.activate_member(member_id, now)?;
        upsert_factor(&mut factors, factor);
        let primary_done = factors.iter().any(|f| {
            Self::auth_method_allowed(&organization, auth_method_of(f).unwrap_or_default())
        });
        if !primary_done {
            let token = self.intermediate_session(
                organization_id,
                member_id,
                &member.email_address,
                factors,
                now,
            );
            return Ok(Login {
                primary_required: Some(json!({
                    "allowed_auth_methods": organization.allowed_auth_methods,
                })),
                ..Login::pending(member, organization, token)
            });
        }
        if Self::mfa_due(&organization, &member) && !has_mfa_factor(&factors) {
            return self.mfa_step(organization, member, factors, options, now);
        }
        let started = self.start_session(organization_id, member_id, factors, minutes, claims)?;
        self.session_login(project_id, &started, now)
    }

    /// The factors of an intermediate session given with a login (consumed), which must be
    /// the same member's, or a discovery session of the member's email address
    /// ([`State::check_joinable`]).
    pub(crate) fn earlier_factors(
        &mut self,
        token: Option<&str>,
        member_id: &str,
    ) -> Result<Vec<AuthenticationFactor>, FakeError> {
        let Some(token) = token.filter(|t| !t.is_empty()) else {
            return Ok(Vec::new());
        };
        self.check_joinable(token, member_id)?;
        Ok(self
            .intermediate_sessions
            .remove(token)
            .map(|i| i.factors)
            .unwrap_or_default())
    }

    /// Checks, changing nothing, that the intermediate session `token` is live
    /// (`intermediate_session_not_found`) and may join a login of `member_id`: the member's
    /// own, or a discovery session of the member's email address (else
    /// `session_member_mismatch`).
    pub(crate) fn check_joinable(&self, token: &str, member_id: &str) -> Result<(), FakeError> {
        let now = self.now();
        let email = self
            .member(member_id)
            .map(|m| m.email_address)
            .ok_or_else(member_not_found)?;
        let ist = self
            .intermediate_sessions
            .get(token)
            .filter(|i| i.expires_at > now)
            .ok_or_else(intermediate_session_not_found)?;
        let same_member = ist.member_id == member_id;
        let same_email = ist.member_id.is_empty() && ist.email_address.eq_ignore_ascii_case(&email);
        if !same_member && !same_email {
            return Err(session_member_mismatch());
        }
        Ok(())
    }

    /// Checks, changing nothing, what [`State::login`] would refuse besides the factor
    /// itself: the organization, the member (not deleted), `session_duration_minutes`,
    /// `session_custom_claims` and the intermediate session the login joins. A flow calls it
    /// before it spends a token or a code, or stores a password, so that a refused request
    /// leaves them usable.
    pub(crate) fn check_login(
        &self,
        organization_id: &str,
        member_id: &str,
        options: &SessionOptions<'_>,
    ) -> Result<(), FakeError> {
        if !self.organizations.contains_key(organization_id) {
            return Err(organization_not_found());
        }
        session_minutes(options.duration_minutes)?;
        merge_claims(Map::new(), options.custom_claims)?;
        self.member(member_id)
            .filter(|m| m.status != "deleted")
            .ok_or_else(member_not_found)?;
        match options.intermediate_session_token.filter(|t| !t.is_empty()) {
            Some(token) => self.check_joinable(token, member_id),
            None => Ok(()),
        }
    }

    /// After a login that joined the intermediate session `options` names: as Stytch
    /// documents for primary logins, a login still waiting for a factor answers that same
    /// token (now carrying this login too), and a completed one consumed it.
    pub(crate) fn settle_joined(&mut self, options: &SessionOptions<'_>, login: &mut Login) {
        if let Some(token) = options.intermediate_session_token.filter(|t| !t.is_empty()) {
            self.settle_intermediate_session(token, login);
        }
    }

    /// Marks an invited or pending member active with a verified email (a proven email
    /// factor); a deleted member is not found.
    pub(crate) fn activate_member(
        &mut self,
        member_id: &str,
        now: Timestamp,
    ) -> Result<Member, FakeError> {
        let mut record = self
            .members
            .get_mut(member_id)
            .filter(|r| r.member.status != "deleted")
            .ok_or_else(member_not_found)?;
        if record.member.status != "active" || !record.member.email_address_verified {
            record.member.status = "active".into();
            record.member.email_address_verified = true;
            record.member.updated_at = Some(rfc3339(now));
        }
        Ok(record.member.clone())
    }

    /// The intermediate session of a login that needs a second factor, with `mfa_required`.
    fn mfa_step(
        &mut self,
        organization: Organization,
        member: Member,
        factors: Vec<AuthenticationFactor>,
        options: SessionOptions<'_>,
        now: Timestamp,
    ) -> Result<Login, FakeError> {
        let token = self.intermediate_session(
            &organization.organization_id,
            &member.member_id,
            &member.email_address,
            factors,
            now,
        );
        let sms = !member.mfa_phone_number.is_empty()
            && sms_allowed(&organization)
            && (member.default_mfa_method == SMS_OTP
                || (member.default_mfa_method.is_empty()
                    && member.totp_registration_id.is_empty()));
        // A send the rate limits refuse leaves the login as it is: the member asks for a code
        // with `otps.sms.send` (the intermediate session stays good), as when none was sent.
        let initiated = sms
            .then(|| {
                let phone = member.mfa_phone_number.clone();
                let locale = options.locale.unwrap_or("en");
                self.text_code(
                    &organization.organization_id,
                    &member.member_id,
                    &phone,
                    locale,
                    now,
                )
                .ok()
                .map(|()| SMS_OTP)
            })
            .flatten();
        Ok(Login {
            mfa_required: Some(json!({
                "member_options": member_options(&member),
                "secondary_auth_initiated": initiated,
            })),
            ..Login::pending(member, organization, token)
        })
    }

    /// Stores an intermediate session (organization and member empty for discovery) valid
    /// for [`IST_TTL`]; returns its token.
    pub(crate) fn intermediate_session(
        &mut self,
        organization_id: &str,
        member_id: &str,
        email_address: &str,
        factors: Vec<AuthenticationFactor>,
        now: Timestamp,
    ) -> String {
        let token = token();
        self.intermediate_sessions.insert(
            token.clone(),
            IntermediateSession {
                organization_id: organization_id.to_owned(),
                member_id: member_id.to_owned(),
                email_address: email_address.to_owned(),
                expires_at: now.saturating_add(IST_TTL).unwrap_or(Timestamp::MAX),
                factors,
            },
        );
        token
    }

    /// Creates a member session with these factors; returns its id.
    pub(crate) fn start_session(
        &mut self,
        organization_id: &str,
        member_id: &str,
        factors: Vec<AuthenticationFactor>,
        minutes: i32,
        custom_claims: Map<String, Value>,
    ) -> Result<String, FakeError> {
        let now = self.now();
        let session = SessionRecord {
            id: format!("member-session-test-{}", uuid()),
            organization_id: organization_id.to_owned(),
            member_id: member_id.to_owned(),
            token: token(),
            started_at: now,
            last_accessed_at: now,
            expires_at: now
                .saturating_add(SignedDuration::from_mins(i64::from(minutes)))
                .unwrap_or(Timestamp::MAX),
            factors,
            custom_claims,
        };
        self.session_tokens
            .insert(session.token.clone(), session.id.clone());
        let id = session.id.clone();
        self.sessions.insert(id.clone(), session);
        Ok(id)
    }

    /// The login outcome of an existing member session (by id): the session, its token and
    /// the claims of its JWT.
    pub(crate) fn session_login(
        &self,
        project_id: &str,
        session_id: &str,
        now: Timestamp,
    ) -> Result<Login, FakeError> {
        let session = self
            .sessions
            .get(session_id)
            .ok_or_else(session_not_found)?;
        let organization = self
            .organization(&session.organization_id)
            .ok_or_else(organization_not_found)?;
        let member = self
            .member(&session.member_id)
            .ok_or_else(member_not_found)?;
        let member_session = member_session(session, &organization, &member)?;
        let claims = jwt_claims(project_id, &member_session, now);
        Ok(Login {
            member,
            organization,
            member_authenticated: true,
            intermediate_session_token: String::new(),
            member_session: Some(member_session),
            session_token: session.token.clone(),
            claims: Some(claims),
            mfa_required: None,
            primary_required: None,
        })
    }

    /// A discovery login: an intermediate session for `email_address` (no organization)
    /// carrying `factor`; returns its token.
    pub(crate) fn discovery_session(
        &mut self,
        email_address: &str,
        factor: AuthenticationFactor,
    ) -> String {
        let now = self.now();
        self.count_write(now);
        self.intermediate_session("", "", email_address, vec![factor], now)
    }

    /// The organizations `email_address` can log in to, as discovery answers list them
    /// (`discovered_organizations`), for a discovery factor of `method` (`magic_link`,
    /// `email_otp`, `password`, …): where it is an active, invited or pending member, and
    /// where it may join by email domain (see [`State::discover`]). Deleted memberships are
    /// not listed; no SMS is sent.
    pub(crate) fn discovered_organizations(&self, email_address: &str, method: &str) -> Vec<Value> {
        let proof = Proof {
            methods: vec![method],
            factors: &[],
            member_id: "",
        };
        self.discover(email_address, &proof, true)
    }
}

/// `mfa_required.member_options`: the member's phone and TOTP registration, or `None` when
/// the member has neither yet.
pub(crate) fn member_options(member: &Member) -> Option<Value> {
    if member.mfa_phone_number.is_empty() && member.totp_registration_id.is_empty() {
        return None;
    }
    Some(json!({
        "mfa_phone_number": member.mfa_phone_number,
        "totp_registration_id": member.totp_registration_id,
    }))
}

/// The organization auth method a factor proves (`magic_link`, `email_otp`, `password`,
/// `sso`, `google_oauth`, …); `None` for a second factor.
pub(crate) fn auth_method_of(factor: &AuthenticationFactor) -> Option<&'static str> {
    Some(
        match (factor.r#type.as_str(), factor.delivery_method.as_str()) {
            ("magic_link", _) => "magic_link",
            ("email_otp", _) | ("otp", "email") => "email_otp",
            ("password", _) => "password",
            ("sso", _) => "sso",
            ("oauth", "oauth_google") => "google_oauth",
            ("oauth", "oauth_microsoft") => "microsoft_oauth",
            ("oauth", "oauth_hubspot") => "hubspot_oauth",
            ("oauth", "oauth_slack") => "slack_oauth",
            ("oauth", "oauth_github") => "github_oauth",
            _ => return None,
        },
    )
}

/// Whether the factors include a second factor ([`is_mfa_factor`]).
pub(crate) fn has_mfa_factor(factors: &[AuthenticationFactor]) -> bool {
    factors.iter().any(is_mfa_factor)
}

/// The domain of an email address, lower case (`""` when it has none).
pub(crate) fn email_domain(email_address: &str) -> String {
    email_address
        .rsplit_once('@')
        .map(|(_, d)| d.to_ascii_lowercase())
        .unwrap_or_default()
}

/// Whether an organization provisions new members of `domain` just in time by email.
pub(crate) fn jit_allows(organization: &Organization, domain: &str) -> bool {
    organization.email_jit_provisioning == RESTRICTED
        && organization
            .email_allowed_domains
            .iter()
            .any(|d| d.eq_ignore_ascii_case(domain))
}

/// Whether an organization's MFA methods include SMS.
pub(crate) fn sms_allowed(organization: &Organization) -> bool {
    organization.mfa_methods != RESTRICTED
        || organization
            .allowed_mfa_methods
            .iter()
            .any(|m| m == SMS_OTP)
}

/// `session_duration_minutes`, checked; [`DEFAULT_SESSION_MINUTES`] when absent.
pub(crate) fn session_minutes(minutes: Option<i32>) -> Result<i32, FakeError> {
    let minutes = minutes.unwrap_or(DEFAULT_SESSION_MINUTES);
    if SESSION_MINUTES.contains(&minutes) {
        return Ok(minutes);
    }
    Err(FakeError::new(
        400,
        "invalid_session_duration_minutes",
        format!(
            "session_duration_minutes must be between {} and {} (got {minutes}).",
            SESSION_MINUTES.start(),
            SESSION_MINUTES.end()
        ),
    ))
}

/// An authentication factor as sessions and JWTs list it: `type`, `delivery_method`, the
/// timestamps, and `detail` under its own key (`email_factor`, `phone_number_factor`, …).
pub(crate) fn factor(
    kind: &str,
    delivery_method: &str,
    now: Timestamp,
    detail: Option<(&str, Value)>,
) -> Result<AuthenticationFactor, FakeError> {
    let at = rfc3339(now);
    let mut value = json!({
        "type": kind,
        "delivery_method": delivery_method,
        "last_authenticated_at": at,
        "created_at": at,
        "updated_at": at,
    });
    if let Some((key, detail)) = detail {
        value[key] = detail;
    }
    build("an authentication factor", value)
}

/// An email factor (`magic_link` or `otp` by `email`) for a member record.
pub(crate) fn email_factor(
    kind: &str,
    email_id: &str,
    email_address: &str,
    now: Timestamp,
) -> Result<AuthenticationFactor, FakeError> {
    factor(
        kind,
        "email",
        now,
        Some((
            "email_factor",
            json!({"email_id": email_id, "email_address": email_address}),
        )),
    )
}

pub(crate) fn intermediate_session_not_found() -> FakeError {
    FakeError::new(
        404,
        "intermediate_session_not_found",
        "Intermediate session could not be found (unknown, already used or expired).",
    )
}
