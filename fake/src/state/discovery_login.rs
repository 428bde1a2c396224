//! Logging in to an organization from elsewhere: exchanging an intermediate session
//! (`discovery.intermediate_sessions.exchange`) and exchanging a member session for one in another
//! organization of the same email address (`sessions.exchange`).
//!
//! Each finds (or provisions) the member, carries the factors already proven into that
//! member's login, and completes it with [`State::login`]: the organization's auth methods,
//! its MFA rule (an intermediate session with `mfa_required`, and an SMS when the member's
//! MFA method is a phone) or a member session.

use super::*;

impl State {
    /// `discovery.intermediate_sessions.exchange`: the intermediate session `token` (a
    /// discovery one, or an organization's) into `organization` (an id, slug or external id)
    /// as the member with its email address there: an existing active, invited or pending
    /// member (invited and pending become active), or a new one when the organization
    /// provisions the email's domain just in time. When another factor is due, the same
    /// token is answered and now carries this login; otherwise it is consumed.
    pub(crate) fn exchange_intermediate_session(
        &mut self,
        project_id: &str,
        token: &str,
        organization: &str,
        options: SessionOptions<'_>,
    ) -> Result<Login, FakeError> {
        let now = self.now();
        self.count_write(now);
        check_session_options(&options)?;
        let ist = self.live_intermediate_session(token, now)?;
        let (email, from, factors) = (
            ist.email_address.clone(),
            ist.member_id.clone(),
            ist.factors.clone(),
        );
        let organization_id = self.resolve_organization(organization)?;
        let organization = self
            .organization(&organization_id)
            .ok_or_else(organization_not_found)?;
        if !from.is_empty() && !factors.iter().any(|f| carry_factor(f, None).is_some()) {
            return Err(FakeError::new(
                400,
                "invalid_intermediate_session_token_for_organization",
                "The intermediate session belongs to another Organization and carries no factor \
                 that transfers to this one.",
            ));
        }
        let member_id = match self
            .live_member_by_email(&organization_id, &email)
            .filter(|m| m.status != "deleted")
        {
            Some(member) => member.member_id.clone(),
            None => {
                self.jit_eligibility(&organization, &email)?;
                self.create_member(&organization_id, NewMember::new(email))?
                    .member_id
            }
        };
        let carried = self.carry_factors(&factors, &from, &member_id);
        let mut login =
            self.login_with_factors(project_id, &organization_id, &member_id, carried, options)?;
        self.settle_intermediate_session(token, &mut login);
        Ok(login)
    }

    /// `sessions.exchange`: the member session named by `session_token` or `jwt` into
    /// `organization`, as the member with the same email address there (an invited or
    /// pending member becomes active; nobody is provisioned). Email magic link, email
    /// passcode and OAuth factors carry (OAuth of providers that do not verify email
    /// addresses as `oauth_exchange_*`), and an SMS factor when it is the target member's
    /// verified phone number; then the organization's rules decide.
    pub(crate) fn exchange_session(
        &mut self,
        project_id: &str,
        organization: &str,
        session_token: &Option<String>,
        jwt: Option<Map<String, Value>>,
        options: SessionOptions<'_>,
    ) -> Result<Login, FakeError> {
        let now = self.now();
        self.count_write(now);
        check_session_options(&options)?;
        let id = self.session_named(project_id, session_token, jwt.as_ref(), now)?;
        let session = self.sessions.get(&id).ok_or_else(session_not_found)?;
        let (from, factors) = (session.member_id.clone(), session.factors.clone());
        let email = self
            .member(&from)
            .map(|m| m.email_address)
            .ok_or_else(session_not_found)?;
        let organization_id = self.resolve_organization(organization)?;
        let member_id = self
            .live_member_by_email(&organization_id, &email)
            .filter(|m| m.status != "deleted")
            .map(|m| m.member_id.clone())
            .ok_or_else(|| {
                FakeError::new(
                    404,
                    "member_not_found",
                    format!(
                        "{email} is not a Member of Organization {organization_id}; a session \
                         exchange does not provision Members (exchange an intermediate session \
                         for that)."
                    ),
                )
            })?;
        let carried = self.carry_factors(&factors, &from, &member_id);
        if !carried.iter().any(|f| !is_mfa_factor(f)) {
            return Err(insufficient_factors_for_session_exchange());
        }
        self.login_with_factors(project_id, &organization_id, &member_id, carried, options)
    }

    /// The factors of `from`'s login (a member id; empty for a discovery login) that count
    /// for `to`'s: all of them for the same member; for a discovery login all, their email
    /// factor now naming `to`'s email; for another member those [`carry_factor`] keeps.
    pub(crate) fn carry_factors(
        &self,
        factors: &[AuthenticationFactor],
        from: &str,
        to: &str,
    ) -> Vec<AuthenticationFactor> {
        if !from.is_empty() && from == to {
            return factors.to_vec();
        }
        let Some(target) = self.members.get(to) else {
            return Vec::new();
        };
        factors
            .iter()
            .filter_map(|f| {
                if from.is_empty() {
                    Some(with_ids(f.clone(), &target))
                } else {
                    carry_factor(f, Some(&target))
                }
            })
            .collect()
    }

    /// Completes a login of a member with factors proven elsewhere: they ride an intermediate
    /// session into [`State::login`] (the last one as the login's own factor), so the
    /// organization's rules apply as to any login.
    pub(crate) fn login_with_factors(
        &mut self,
        project_id: &str,
        organization_id: &str,
        member_id: &str,
        mut factors: Vec<AuthenticationFactor>,
        options: SessionOptions<'_>,
    ) -> Result<Login, FakeError> {
        let last = factors
            .pop()
            .ok_or_else(insufficient_factors_for_session_exchange)?;
        let email = self
            .member(member_id)
            .map(|m| m.email_address)
            .ok_or_else(member_not_found)?;
        let now = self.now();
        let carrier = self.intermediate_session(organization_id, member_id, &email, factors, now);
        let login = self.login(
            project_id,
            organization_id,
            member_id,
            last,
            SessionOptions {
                intermediate_session_token: Some(&carrier),
                ..options
            },
        );
        self.intermediate_sessions.remove(&carrier);
        login
    }

    /// After a login from the intermediate session `original`: consumed when a session was
    /// created; otherwise it carries the login's new intermediate session under its own
    /// token, which the answer gives back (as Stytch returns the same token).
    pub(crate) fn settle_intermediate_session(&mut self, original: &str, login: &mut Login) {
        if login.member_authenticated {
            self.intermediate_sessions.remove(original);
            return;
        }
        if let Some(next) = self
            .intermediate_sessions
            .remove(&login.intermediate_session_token)
        {
            self.intermediate_sessions.insert(original.to_owned(), next);
            login.intermediate_session_token = original.to_owned();
        }
    }

    /// When the intermediate session of `token` expires (RFC 3339), if it lives.
    pub(crate) fn intermediate_session_expiry(&self, token: &str) -> Option<String> {
        self.intermediate_sessions
            .get(token)
            .map(|i| rfc3339(i.expires_at))
    }
}

/// Checks `session_duration_minutes` and `session_custom_claims` before anything changes.
pub(crate) fn check_session_options(options: &SessionOptions<'_>) -> Result<(), FakeError> {
    session_minutes(options.duration_minutes)?;
    merge_claims(Map::new(), options.custom_claims).map(drop)
}

/// Whether a factor is a second factor (SMS passcode, TOTP, recovery code).
pub(crate) fn is_mfa_factor(factor: &AuthenticationFactor) -> bool {
    has_mfa_factor(std::slice::from_ref(factor))
        || matches!(factor.r#type.as_str(), "recovery_codes")
}

/// The factor another member of the same email address gets from `factor`, if it carries:
/// email magic links and passcodes (naming `target`'s email), OAuth (HubSpot, Slack and
/// GitHub, which do not verify email addresses, as `oauth_exchange_*`), and an SMS passcode
/// to `target`'s verified phone number. `target` `None` asks only whether a primary factor
/// could carry.
pub(crate) fn carry_factor(
    factor: &AuthenticationFactor,
    target: Option<&MemberRecord>,
) -> Option<AuthenticationFactor> {
    let kind = (factor.r#type.as_str(), factor.delivery_method.as_str());
    match kind {
        ("magic_link", _) | ("otp", "email") | ("email_otp", _) | ("oauth", _) => {}
        ("otp", "sms") => {
            let target = target?;
            if !sms_carries(factor, &target.member) {
                return None;
            }
        }
        _ => return None,
    }
    let Some(target) = target else {
        return Some(factor.clone());
    };
    let mut value = serde_json::to_value(with_ids(factor.clone(), target)).ok()?;
    if let ("oauth", method) = kind {
        let provider = method.strip_prefix("oauth_").unwrap_or_default();
        if matches!(provider, "slack" | "hubspot" | "github") {
            if let Value::Object(map) = &mut value {
                map.remove(&format!("{provider}_oauth_factor"));
            }
            value["delivery_method"] = json!(format!("oauth_exchange_{provider}"));
            value[format!("{provider}_oauth_exchange_factor")] =
                json!({"email_id": target.email_id});
        }
    }
    build("an authentication factor", value).ok()
}

/// `factor` with its email and phone ids naming `target`'s (the same address and number).
fn with_ids(mut factor: AuthenticationFactor, target: &MemberRecord) -> AuthenticationFactor {
    if let Some(email) = factor.email_factor.as_mut() {
        email.email_id = target.email_id.clone();
    }
    if let Some(phone) = factor.phone_number_factor.as_mut() {
        phone.phone_id = target.phone_id.clone();
    }
    factor
}

pub(crate) fn insufficient_factors_for_session_exchange() -> FakeError {
    FakeError::new(
        400,
        "insufficient_factors_for_session_exchange",
        "The session has no factor that transfers to the Organization: only email magic link, \
         email passcode, OAuth and (to the same verified phone number) SMS passcode factors do.",
    )
}
