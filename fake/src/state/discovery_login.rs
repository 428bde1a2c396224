//! Logging in to an organization from elsewhere: exchanging an intermediate session
//! (`discovery.intermediate_sessions.exchange`), creating an organization from one
//! (`discovery.organizations.create`) and exchanging a member session for one in another
//! organization of the same email address (`sessions.exchange`).
//!
//! Each finds (or provisions) the member, carries the factors already proven into that
//! member's login, and completes it with [`State::login`]: the organization's auth methods,
//! its MFA rule (an intermediate session with `mfa_required`, and an SMS when the member's
//! MFA method is a phone) or a member session.

use super::*;
use stytch_b2b_otp_sms::discovery_organizations::CreateRequest as CreateOrganizationRequest;

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
            .member_by_email(&organization_id, &email)
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
            .member_by_email(&organization_id, &email)
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
                    Some(with_ids(f.clone(), target))
                } else {
                    carry_factor(f, Some(target))
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

impl State {
    /// `discovery.organizations.create`: a new organization (its name and slug derived from
    /// the intermediate session's email address when absent) with the session's email as
    /// its first member, active with the `stytch_admin` role, then logged in by the
    /// intermediate session's factors under the new organization's rules (with
    /// `mfa_policy: REQUIRED_FOR_ALL` an intermediate session with `mfa_required`, the same
    /// token answered).
    pub(crate) fn create_discovered_organization(
        &mut self,
        project_id: &str,
        req: &CreateOrganizationRequest,
    ) -> Result<Login, FakeError> {
        let now = self.now();
        self.count_write(now);
        let options = SessionOptions {
            duration_minutes: req.session_duration_minutes,
            custom_claims: req.session_custom_claims.as_ref(),
            intermediate_session_token: None,
            locale: None,
        };
        check_session_options(&options)?;
        let ist = self.live_intermediate_session(&req.intermediate_session_token, now)?;
        let (email, from, factors) = (
            ist.email_address.clone(),
            ist.member_id.clone(),
            ist.factors.clone(),
        );
        let settings = OrganizationSettings::of(req)?;
        let name = given(&req.organization_name)
            .map(str::to_owned)
            .unwrap_or_else(|| derived_name(&email));
        let slug = match given(&req.organization_slug) {
            Some(slug) => check_slug(slug)?.to_owned(),
            None => self.free_slug(&derived_slug(&email)),
        };
        let mut new = NewOrganization::new(name, slug).mfa_policy(settings.mfa_policy);
        new.external_id = req.organization_external_id.clone();
        new.email_allowed_domains = req.email_allowed_domains.clone().unwrap_or_default();
        let organization_id = self.create_organization(new)?.organization_id;
        if let Some(organization) = self.organizations.get_mut(&organization_id) {
            settings.apply(req, organization);
        }
        let member_id = self
            .create_member(&organization_id, NewMember::new(email).roles([ADMIN_ROLE]))?
            .member_id;
        if let Some(record) = self.members.get_mut(&member_id) {
            record.member.is_admin = true;
        }
        let carried = self.carry_factors(&factors, &from, &member_id);
        let mut login =
            self.login_with_factors(project_id, &organization_id, &member_id, carried, options)?;
        self.settle_intermediate_session(&req.intermediate_session_token, &mut login);
        Ok(login)
    }

    /// `base`, or `base-2`, `base-3`, … : the first slug no organization uses.
    fn free_slug(&self, base: &str) -> String {
        let mut slug = base.to_owned();
        let mut n = 1;
        while self.resolve_organization(&slug).is_ok() {
            n += 1;
            slug = format!("{base}-{n}");
        }
        slug
    }
}

/// The role of an organization's creator.
pub(crate) const ADMIN_ROLE: &str = "stytch_admin";

/// Email providers whose domain names nobody's organization: an organization created by one
/// of their addresses is named after the address's local part (as `.edu` addresses are).
const COMMON_PROVIDERS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "icloud.com",
    "me.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "gmx.com",
    "mail.com",
    "yandex.com",
];

/// The organization name Stytch derives from an email address: its local part for common
/// providers and `.edu` addresses, otherwise the domain's first label.
fn derived_name(email_address: &str) -> String {
    let (local, domain) = email_address
        .rsplit_once('@')
        .unwrap_or((email_address, ""));
    let domain = domain.to_ascii_lowercase();
    if domain.is_empty() || domain.ends_with(".edu") || COMMON_PROVIDERS.contains(&domain.as_str())
    {
        return local.to_owned();
    }
    domain.split('.').next().unwrap_or_default().to_owned()
}

/// The slug of [`derived_name`]: lower case, other characters than letters, digits and
/// `-._~` made `-`, at least two characters.
fn derived_slug(email_address: &str) -> String {
    let mut slug: String = derived_name(email_address)
        .to_ascii_lowercase()
        .chars()
        .map(|c| if slug_char(c) { c } else { '-' })
        .take(MAX_SLUG)
        .collect();
    while slug.len() < 2 {
        slug.push_str("-org");
    }
    slug
}

const MAX_SLUG: usize = 128;

fn slug_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')
}

/// An explicit `organization_slug`: 2 to 128 letters, digits and `-._~`.
fn check_slug(slug: &str) -> Result<&str, FakeError> {
    if (2..=MAX_SLUG).contains(&slug.len()) && slug.chars().all(slug_char) {
        return Ok(slug);
    }
    Err(FakeError::new(
        400,
        "invalid_organization_slug",
        format!(
            "organization_slug {slug:?} is invalid: use 2 to {MAX_SLUG} letters, digits and - . _ ~."
        ),
    ))
}

/// The auth settings of a `discovery.organizations.create` request, checked.
struct OrganizationSettings {
    mfa_policy: MfaPolicy,
}

impl OrganizationSettings {
    /// Checks the request's settings as Stytch does: known values, `RESTRICTED` methods
    /// with their allowed list, `RESTRICTED` email settings with allowed domains.
    fn of(req: &CreateOrganizationRequest) -> Result<Self, FakeError> {
        let mfa_policy = match req.mfa_policy.as_deref() {
            None | Some("") | Some("OPTIONAL") => MfaPolicy::Optional,
            Some("REQUIRED_FOR_ALL") => MfaPolicy::RequiredForAll,
            Some(other) => {
                return Err(FakeError::new(
                    400,
                    "invalid_organization_mfa_policy",
                    format!("mfa_policy must be OPTIONAL or REQUIRED_FOR_ALL (got {other:?})."),
                ));
            }
        };
        let three = ["ALL_ALLOWED", "RESTRICTED", "NOT_ALLOWED"];
        one_of("sso_jit_provisioning", &req.sso_jit_provisioning, &three)?;
        one_of("email_invites", &req.email_invites, &three)?;
        one_of(
            "email_jit_provisioning",
            &req.email_jit_provisioning,
            &["RESTRICTED", "NOT_ALLOWED"],
        )?;
        one_of(
            "oauth_tenant_jit_provisioning",
            &req.oauth_tenant_jit_provisioning,
            &["RESTRICTED", "NOT_ALLOWED"],
        )?;
        one_of(
            "auth_methods",
            &req.auth_methods,
            &["ALL_ALLOWED", "RESTRICTED"],
        )?;
        one_of(
            "mfa_methods",
            &req.mfa_methods,
            &["ALL_ALLOWED", "RESTRICTED"],
        )?;
        restricted_list(
            &req.auth_methods,
            &req.allowed_auth_methods,
            AUTH_METHODS,
            "allowed_auth_methods_required_for_restricted",
            "invalid_organization_allowed_auth_methods",
        )?;
        restricted_list(
            &req.mfa_methods,
            &req.allowed_mfa_methods,
            &[SMS_OTP, TOTP],
            "allowed_mfa_methods_required_for_restricted",
            "invalid_organization_allowed_mfa_methods",
        )?;
        let no_domains = req.email_allowed_domains.as_ref().is_none_or(Vec::is_empty);
        let restricts = |v: &Option<String>| v.as_deref() == Some(RESTRICTED_SETTING);
        if no_domains && (restricts(&req.email_jit_provisioning) || restricts(&req.email_invites)) {
            return Err(FakeError::new(
                400,
                "invalid_restricted_email_setting",
                "email_jit_provisioning or email_invites RESTRICTED needs email_allowed_domains.",
            ));
        }
        Ok(Self { mfa_policy })
    }

    /// Writes the request's other settings into the new organization.
    fn apply(self, req: &CreateOrganizationRequest, organization: &mut Organization) {
        let set = |field: &mut String, value: &Option<String>| {
            if let Some(value) = given(value) {
                value.clone_into(field);
            }
        };
        set(
            &mut organization.sso_jit_provisioning,
            &req.sso_jit_provisioning,
        );
        set(&mut organization.email_invites, &req.email_invites);
        set(
            &mut organization.email_jit_provisioning,
            &req.email_jit_provisioning,
        );
        set(
            &mut organization.oauth_tenant_jit_provisioning,
            &req.oauth_tenant_jit_provisioning,
        );
        set(&mut organization.auth_methods, &req.auth_methods);
        set(&mut organization.mfa_methods, &req.mfa_methods);
        set(
            &mut organization.organization_logo_url,
            &req.organization_logo_url,
        );
        if let Some(methods) = &req.allowed_auth_methods {
            organization.allowed_auth_methods.clone_from(methods);
        }
        if let Some(methods) = &req.allowed_mfa_methods {
            organization.allowed_mfa_methods.clone_from(methods);
        }
        if let Some(metadata) = &req.trusted_metadata {
            organization.trusted_metadata.clone_from(metadata);
        }
        if let Some(tenants) = &req.allowed_oauth_tenants {
            organization.allowed_oauth_tenants.clone_from(tenants);
        }
        if let Some(assignments) = &req.rbac_email_implicit_role_assignments {
            organization
                .rbac_email_implicit_role_assignments
                .clone_from(assignments);
        }
    }
}

/// The auth methods an organization can allow.
const AUTH_METHODS: &[&str] = &[
    "sso",
    "magic_link",
    "email_otp",
    "password",
    "google_oauth",
    "microsoft_oauth",
    "slack_oauth",
    "github_oauth",
    "hubspot_oauth",
];

/// Refuses a setting `name` whose value is not one of `allowed`.
fn one_of(name: &str, value: &Option<String>, allowed: &[&str]) -> Result<(), FakeError> {
    match given(value) {
        Some(v) if !allowed.contains(&v) => Err(FakeError::new(
            400,
            "invalid_argument",
            format!("{name} must be one of {} (got {v:?}).", allowed.join(", ")),
        )),
        _ => Ok(()),
    }
}

/// A `RESTRICTED` setting needs a non-empty list of known methods.
fn restricted_list(
    setting: &Option<String>,
    list: &Option<Vec<String>>,
    known: &[&str],
    missing: &str,
    unknown: &str,
) -> Result<(), FakeError> {
    let list = list.as_deref().unwrap_or_default();
    if let Some(bad) = list.iter().find(|m| !known.contains(&m.as_str())) {
        return Err(FakeError::new(
            400,
            unknown,
            format!("{bad:?} is not one of {}.", known.join(", ")),
        ));
    }
    if setting.as_deref() == Some(RESTRICTED_SETTING) && list.is_empty() {
        return Err(FakeError::new(
            400,
            missing,
            "A RESTRICTED setting needs its list of allowed methods.",
        ));
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_slugs_derive_from_the_domain_or_a_personal_local_part() {
        assert_eq!(derived_name("ada@acme.test"), "acme");
        assert_eq!(derived_name("ada.l@Gmail.com"), "ada.l");
        assert_eq!(derived_name("student@cs.uni.edu"), "student");
        assert_eq!(derived_slug("Ada Lovelace@gmail.com"), "ada-lovelace");
        assert_eq!(derived_slug("a@gmail.com"), "a-org");
        assert!(check_slug("ok~slug_1.0").is_ok());
        assert!(check_slug("no/slash").is_err());
        assert!(check_slug(&"x".repeat(129)).is_err());
    }
}
