//! Stytch's rules for an organization's fields and auth settings, checked on the organization
//! a create or an update would leave (so each rule sees the settings together).

use super::*;

const ALL_ALLOWED: &str = "ALL_ALLOWED";
const RESTRICTED: &str = "RESTRICTED";
const NOT_ALLOWED: &str = "NOT_ALLOWED";

/// The auth methods `allowed_auth_methods` may name.
pub(crate) const AUTH_METHODS: &[&str] = &[
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
/// The MFA methods `allowed_mfa_methods` may name.
pub(crate) const MFA_METHODS: &[&str] = &[SMS_OTP, TOTP];
/// The providers `allowed_oauth_tenants` may name.
const OAUTH_TENANT_PROVIDERS: &[&str] = &["slack", "hubspot", "github"];

/// Consumer email providers Stytch refuses as an organization's domain (the start of the
/// list its docs publish).
pub(crate) const COMMON_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "aol.com",
    "yahoo.com",
    "icloud.com",
    "hotmail.com",
    "msn.com",
    "comcast.net",
    "live.com",
    "outlook.com",
    "att.net",
    "earthlink.net",
    "me.com",
    "mac.com",
    "sbcglobal.net",
    "verizon.net",
    "ig.com.br",
    "mail.com",
    "hey.com",
    "laposte.net",
    "wanadoo.fr",
    "orange.fr",
    "rediffmail.com",
    "uol.com.br",
    "bol.com.br",
    "proton.me",
    "protonmail.com",
];

/// Longest `organization_logo_url` the fake accepts.
const MAX_LOGO_URL: usize = 2048;

fn bad(error_type: &str, message: impl Into<String>) -> FakeError {
    FakeError::new(400, error_type, message)
}

/// Checks an organization's own fields: name, slug, logo URL, metadata and settings.
pub(crate) fn check_organization(org: &Organization) -> Result<(), FakeError> {
    let name = org.organization_name.trim();
    if name.is_empty() || org.organization_name.chars().count() > 128 {
        return Err(bad(
            "invalid_organization_name",
            "organization_name must be 1 to 128 characters and not blank.",
        ));
    }
    check_slug(&org.organization_slug)?;
    if org.organization_logo_url.len() > MAX_LOGO_URL {
        return Err(bad(
            "organization_logo_url_too_long",
            format!("organization_logo_url must be at most {MAX_LOGO_URL} characters."),
        ));
    }
    check_metadata("trusted_metadata", &org.trusted_metadata)?;
    check_enums(org)?;
    check_restrictions(org)?;
    check_domains(
        &org.email_allowed_domains,
        "email_allowed_domains",
        [
            "organization_settings_invalid_domain",
            "organization_settings_domain_too_common",
            "organization_settings_duplicate_domain",
        ],
    )?;
    check_domains(
        &org.claimed_email_domains,
        "claimed_email_domains",
        [
            "organization_settings_invalid_claimed_domain",
            "organization_settings_claimed_domain_too_common",
            "organization_settings_duplicate_claimed_domain",
        ],
    )?;
    check_oauth_tenants(org)
}

/// A slug: 2 to 128 characters, alphanumerics and `-` `.` `_` `~`, one alphanumeric at least.
pub(crate) fn check_slug(slug: &str) -> Result<(), FakeError> {
    let valid = (2..=128).contains(&slug.chars().count())
        && slug
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~'))
        && slug.chars().any(|c| c.is_ascii_alphanumeric());
    if valid {
        return Ok(());
    }
    Err(bad(
        "invalid_organization_slug",
        "The organization_slug must be at least 2 characters long and may only contain \
         alphanumerics and the reserved characters '-', '.', '_', or '~'. At least one \
         character must be alphanumeric.",
    ))
}

/// Each setting holds one of its values.
fn check_enums(org: &Organization) -> Result<(), FakeError> {
    let three = [ALL_ALLOWED, RESTRICTED, NOT_ALLOWED];
    let checks: [(&str, &str, &[&str], &str); 9] = [
        (
            "sso_jit_provisioning",
            &org.sso_jit_provisioning,
            &three,
            "invalid_organization_auth_factor_setting",
        ),
        (
            "email_invites",
            &org.email_invites,
            &three,
            "invalid_organization_auth_factor_setting",
        ),
        (
            "email_jit_provisioning",
            &org.email_jit_provisioning,
            &[RESTRICTED, NOT_ALLOWED],
            "invalid_organization_auth_factor_setting_for_email_jit_provisioning",
        ),
        (
            "oauth_tenant_jit_provisioning",
            &org.oauth_tenant_jit_provisioning,
            &[RESTRICTED, NOT_ALLOWED],
            "invalid_organization_auth_factor_setting_for_oauth_tenant_jit_provisioning",
        ),
        (
            "auth_methods",
            &org.auth_methods,
            &[ALL_ALLOWED, RESTRICTED],
            "invalid_organization_auth_method_settings",
        ),
        (
            "mfa_methods",
            &org.mfa_methods,
            &[ALL_ALLOWED, RESTRICTED],
            "invalid_organization_mfa_factor_setting",
        ),
        (
            "mfa_policy",
            &org.mfa_policy,
            &["OPTIONAL", "REQUIRED_FOR_ALL"],
            "invalid_organization_mfa_policy",
        ),
        (
            "first_party_connected_apps_allowed_type",
            &org.first_party_connected_apps_allowed_type,
            &three,
            "bad_request",
        ),
        (
            "third_party_connected_apps_allowed_type",
            &org.third_party_connected_apps_allowed_type,
            &three,
            "bad_request",
        ),
    ];
    for (field, value, allowed, error_type) in checks {
        if !allowed.contains(&value) {
            return Err(bad(
                error_type,
                format!(
                    "{field} must be one of {} (got {value:?}).",
                    allowed.join(", ")
                ),
            ));
        }
    }
    let lists: [(&str, &[String], &[&str], &str); 2] = [
        (
            "allowed_auth_methods",
            &org.allowed_auth_methods,
            AUTH_METHODS,
            "invalid_organization_allowed_auth_methods",
        ),
        (
            "allowed_mfa_methods",
            &org.allowed_mfa_methods,
            MFA_METHODS,
            "invalid_organization_allowed_mfa_methods",
        ),
    ];
    for (field, values, allowed, error_type) in lists {
        if let Some(v) = values.iter().find(|v| !allowed.contains(&v.as_str())) {
            return Err(bad(
                error_type,
                format!("{field} may only hold {} (got {v:?}).", allowed.join(", ")),
            ));
        }
    }
    Ok(())
}

/// The RESTRICTED settings need their lists, and some setting must let members join.
fn check_restrictions(org: &Organization) -> Result<(), FakeError> {
    if org.auth_methods == RESTRICTED && org.allowed_auth_methods.is_empty() {
        return Err(bad(
            "allowed_auth_methods_required_for_restricted",
            "Allowed auth methods must be set for 'RESTRICTED' auth methods",
        ));
    }
    if org.mfa_methods == RESTRICTED && org.allowed_mfa_methods.is_empty() {
        return Err(bad(
            "allowed_mfa_methods_required_for_restricted",
            "Allowed mfa methods must be set for 'RESTRICTED' auth methods",
        ));
    }
    let email_restricted =
        org.email_invites == RESTRICTED || org.email_jit_provisioning == RESTRICTED;
    if email_restricted && org.email_allowed_domains.is_empty() {
        return Err(bad(
            "invalid_restricted_email_setting",
            "email_invites and email_jit_provisioning cannot be RESTRICTED while email_allowed_domains is empty.",
        ));
    }
    if org.sso_jit_provisioning == RESTRICTED
        && org.sso_jit_provisioning_allowed_connections.is_empty()
    {
        return Err(bad(
            "invalid_restricted_sso_setting",
            "sso_jit_provisioning cannot be RESTRICTED while sso_jit_provisioning_allowed_connections is empty.",
        ));
    }
    let closed = [
        &org.sso_jit_provisioning,
        &org.email_jit_provisioning,
        &org.email_invites,
    ]
    .iter()
    .all(|s| s.as_str() == NOT_ALLOWED);
    if closed {
        return Err(bad(
            "invalid_organization_auth_factor_setting",
            "sso_jit_provisioning, email_jit_provisioning and email_invites cannot all be NOT_ALLOWED: \
             an Organization needs at least one way for new Members to join.",
        ));
    }
    Ok(())
}

/// A domain list: valid domains, no consumer email providers, no duplicates.
fn check_domains(
    domains: &[String],
    field: &str,
    [invalid, common, duplicate]: [&str; 3],
) -> Result<(), FakeError> {
    let mut seen = HashSet::new();
    for domain in domains {
        let lower = domain.to_ascii_lowercase();
        if !is_domain(&lower) {
            return Err(bad(
                invalid,
                format!("{field}: {domain:?} is not a valid domain."),
            ));
        }
        if COMMON_DOMAINS.contains(&lower.as_str()) {
            return Err(bad(
                common,
                format!("{field}: {domain:?} is a common email domain and cannot be used."),
            ));
        }
        if !seen.insert(lower) {
            return Err(bad(
                duplicate,
                format!("{field}: {domain:?} is listed twice."),
            ));
        }
    }
    Ok(())
}

/// Whether a (lower-case) string is a domain name: dot-separated labels of alphanumerics and
/// inner hyphens, two labels at least.
pub(crate) fn is_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}

/// `allowed_oauth_tenants`: provider keys with lists of tenant ids; RESTRICTED tenant JIT
/// provisioning needs one at least.
fn check_oauth_tenants(org: &Organization) -> Result<(), FakeError> {
    for (provider, tenants) in &org.allowed_oauth_tenants {
        let strings = tenants
            .as_array()
            .is_some_and(|t| t.iter().all(|v| v.as_str().is_some_and(|s| !s.is_empty())));
        if !OAUTH_TENANT_PROVIDERS.contains(&provider.as_str()) || !strings {
            return Err(bad(
                "invalid_oauth_allowed_tenants_format",
                format!(
                    "allowed_oauth_tenants maps {} to lists of tenant ids (got {provider:?}: {tenants}).",
                    OAUTH_TENANT_PROVIDERS.join(", ")
                ),
            ));
        }
    }
    let any = org
        .allowed_oauth_tenants
        .values()
        .any(|t| t.as_array().is_some_and(|t| !t.is_empty()));
    if org.oauth_tenant_jit_provisioning == RESTRICTED && !any {
        return Err(bad(
            "invalid_restricted_oauth_tenants_setting",
            "oauth_tenant_jit_provisioning cannot be RESTRICTED without allowed_oauth_tenants.",
        ));
    }
    Ok(())
}
