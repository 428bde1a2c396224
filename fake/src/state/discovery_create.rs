//! `discovery.organizations.create`: an organization made from an intermediate session, its
//! name and slug derived from the email address when absent, its settings checked as Stytch
//! checks them, and the address its first member (an admin), logged in like an exchange.

use super::discovery_login::{carry_factor, check_session_options};
use super::*;
use stytch_b2b_otp_sms::discovery_organizations::CreateRequest as CreateOrganizationRequest;

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
        // Nothing is created for an organization's intermediate session whose factors do not
        // carry over (a password, say): the login after the creation would refuse it.
        if !from.is_empty() && !factors.iter().any(|f| carry_factor(f, None).is_some()) {
            return Err(FakeError::new(
                400,
                "invalid_intermediate_session_token_for_organization",
                "The intermediate session belongs to another Organization and carries no factor \
                 that transfers to a new one.",
            ));
        }
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
        if let Some(mut record) = self.members.get_mut(&member_id) {
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

    #[test]
    fn an_organizations_session_with_no_factor_that_carries_creates_nothing() {
        let mut state = State::default();
        let org = state
            .create_organization(NewOrganization::new("Acme", "acme"))
            .unwrap();
        let ada = state
            .create_member(&org.organization_id, NewMember::new("ada@acme.test"))
            .unwrap();
        let now = state.now();
        let password = factor("password", "knowledge", now, None).unwrap();
        let token = state.intermediate_session(
            &org.organization_id,
            &ada.member_id,
            "ada@acme.test",
            vec![password],
            now,
        );
        let req = CreateOrganizationRequest::new(token).organization_slug("fresh");
        let err = state
            .create_discovered_organization("project-test-1", &req)
            .unwrap_err();
        assert_eq!(
            err.error_type,
            "invalid_intermediate_session_token_for_organization"
        );
        assert!(state.resolve_organization("fresh").is_err());
        assert_eq!(state.organizations.len(), 1);
    }
}
