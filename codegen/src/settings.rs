//! Every vendor-specific rule of the generator in one value, as typify keeps its choices in
//! `TypeSpaceSettings`: how Stytch's schema keys map to modules, which path segments name no
//! resource, what the modules' prose says, which names hold secrets, where the error body
//! lives and which operations the fake serves.
//!
//! [`Settings::stytch`] is what the SDK's `build.rs` uses; there is no `Default`, so a second
//! vendor's document is generated with settings of its own. The stages read these fields and
//! contain no Stytch-specific literal of their own.

use heck::ToSnakeCase;

mod cargo_features;

pub use cargo_features::CargoFeature;
use cargo_features::STYTCH_CARGO_FEATURES;

/// The generator's vendor-specific rules.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Package prefixes dropped from module names (`b2b_otp` → `otp`).
    pub package_prefixes: &'static [&'static str],
    /// Module names for packages whose own name is not the one Stytch's SDKs use
    /// (`organization` → `organizations`).
    pub module_aliases: &'static [(&'static str, &'static str)],
    /// The module of schemas whose key has no `api_<package>_v<N>_` prefix.
    pub common_module: &'static str,
    /// One sentence of prose for modules Stytch's SDKs document; other modules say which
    /// package they come from.
    pub module_prose: &'static [(&'static str, &'static str)],
    /// Path segments that name no resource besides `v<digits>` and `{parameters}`: the product
    /// family every path lives under.
    pub non_resource_segments: &'static [&'static str],
    /// The secret-name rule: see [`SecretRule`].
    pub secrets: SecretRule,
    /// Component schema key of the error body every operation answers with. Stytch's document
    /// has none (only examples); the overlay adds it.
    pub error_schema: &'static str,
    /// `operationId`s the fake serves: the generated server glue covers exactly these, so the
    /// fake builds whatever else the document selects.
    pub server_operations: &'static [&'static str],
    /// The grammar of schema keys: a key's package, operation prefix and type name, or `None`
    /// for a key outside the grammar (its type goes to `common_module`, named after the key).
    pub schema_key: fn(&str) -> Option<SchemaKey<'_>>,
    /// The grammar of `operationId`s: the method name an id gives, or `None` when it gives
    /// none (the path's last segment is then the method).
    pub operation_action: fn(&str) -> Option<String>,
    /// The cargo feature an operation's path belongs to: [`Feature::Always`] for what every
    /// build has, [`Feature::Named`] for an opt-in part, `None` for a path outside the
    /// grammar (a generation error naming it). Items reached only from opt-in operations are
    /// emitted behind `#[cfg(feature = ..)]`; their paths and definitions do not depend on it.
    pub feature_of: fn(&str) -> Option<Feature>,
    /// The API's owner as generated prose names it: "Stytch answers with an error".
    pub vendor: &'static str,
    /// The Rust crate the generated code is compiled into, as the Markdown reference names it
    /// (`stytch_b2b_otp_sms`).
    pub crate_name: &'static str,
    /// The crate of the fake server built on the generated server glue, if any, for the glue's
    /// docs.
    pub fake_crate: Option<&'static str>,
    /// Hand-written modules whose public items a generated module re-exports: see
    /// [`Extension`].
    pub extensions: &'static [Extension],
    /// Markdown that opens the generated part of the crate docs: typically an example of the
    /// main flow (its code blocks run as doctests). The module index follows it.
    pub crate_docs: &'static str,
    /// Whether a description is filler rather than prose (a published document whose prose
    /// was removed says "Placeholder description of …"): such text is treated as missing, so
    /// ours replaces it or generation fails naming the item ([`crate::prose::check`]).
    pub is_placeholder: fn(&str) -> bool,
    /// The vendor's API reference home, linked from operations that have no reference page
    /// of their own in our docs files (a new operation, before we describe it).
    pub reference_home: &'static str,
    /// Every cargo feature of the crate, in the order its manifest lists them, for the crate
    /// docs' feature table; empty for no table. A feature an operation is behind
    /// ([`feature_of`](Self::feature_of)) must be listed (a generation error otherwise); the
    /// table gives its modules and client paths from the document, the rest from here.
    pub cargo_features: &'static [CargoFeature],
    /// The cargo feature the crate compiles its blocking client (`crate::blocking`) with;
    /// links to the blocking client's methods are emitted only under it. `None`: no links.
    pub blocking_feature: Option<&'static str>,
}

/// Filler text in place of prose: it opens with "placeholder", "TODO", "TBD", "FIXME" or
/// "lorem ipsum" (any case), or it is only the label Stytch's document gives many request
/// and response schemas ("Request type", "Response type"), which says nothing a reader can
/// use: such a schema gets the text drawn from its operation instead.
pub fn is_filler(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    let label = lower.trim_end_matches('.');
    ["placeholder", "todo", "tbd", "lorem ipsum", "fixme"]
        .iter()
        .any(|w| lower.starts_with(w))
        || label == "request type"
        || label == "response type"
}

/// A hand-written module of the crate (code over the generated types that the document
/// cannot express, such as local session-JWT verification) whose public items a generated
/// module re-exports, so that they have the API's paths: `sessions::LocalSession` beside the
/// generated `sessions::MemberSession`. The generator knows nothing else of it.
#[derive(Debug, Clone, Copy)]
pub struct Extension {
    /// The generated module that re-exports it, e.g. `sessions`.
    pub module: &'static str,
    /// Its path in the crate, e.g. `crate::extensions::sessions`.
    pub path: &'static str,
    /// The cargo feature it is compiled with, if any.
    pub feature: Option<&'static str>,
}

/// Which cargo feature an operation needs: the result of [`Settings::feature_of`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Feature {
    /// Always compiled.
    Always,
    /// Compiled with this cargo feature (e.g. `magic-links`).
    Named(String),
}

/// What a schema key says about where its type belongs: the result of
/// [`Settings::schema_key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemaKey<'a> {
    /// The vendor's package, e.g. `b2b_otp`; types of one package share a module unless an
    /// operation prefix places them.
    pub package: &'a str,
    /// Operation prefix such as `b2b_otp_sms`, if any: the type's module.
    pub prefix: Option<&'a str>,
    /// The type's name as the vendor spells it, e.g. `SendRequest`.
    pub name: &'a str,
}

/// Which property, parameter and header names hold secrets.
///
/// A name is secret when its last snake_case word is one of [`last_words`](Self::last_words)
/// (`intermediate_session_token` ends in `token`; `X-Stytch-Member-SessionJWT` in `jwt`) or it
/// is one of [`exact`](Self::exact), compared without regard to case. Only string-valued
/// properties (or lists of strings) are secret by name, so a flag such as
/// `include_refresh_token: boolean` is not. An overlay mark `x-sensitive: true` makes any
/// property secret, `x-sensitive: false` opts a false positive out (`postal_code`).
#[derive(Debug, Clone)]
pub struct SecretRule {
    /// Last words of secret names.
    pub last_words: &'static [&'static str],
    /// Whole names that are secret although their last word is not in `last_words`.
    pub exact: &'static [&'static str],
}

impl SecretRule {
    /// Whether `name` is secret by this rule (before any `x-sensitive` mark).
    pub fn matches(&self, name: &str) -> bool {
        if self.exact.iter().any(|e| e.eq_ignore_ascii_case(name)) {
            return true;
        }
        let last = secret_name_last_word(name);
        self.last_words.iter().any(|w| w.eq_ignore_ascii_case(last))
    }
}

// The same function the generated runtime applies to JSON keys at run time.
include!("templates/secret_name_last_word.rs");

/// The operations the fake serves through the generated server glue (`server` feature): every
/// operation of Stytch's document except `api_b2b_session_v1_GetJWKS`, which the fake answers
/// beside the glue (its own JWKS route in `fake/src/http.rs`).
const STYTCH_SERVER_OPERATIONS: &[&str] = &[
    "api_b2b_otp_v1_b2b_otp_sms_Send",
    "api_b2b_otp_v1_b2b_otp_sms_Authenticate",
    "api_b2b_session_v1_Authenticate",
    "api_b2b_session_v1_Revoke",
    "api_organization_v1_Get",
    "api_organization_v1_organizations_members_Delete",
    "api_b2b_rbac_v1_Policy",
    "api_organization_v1_Search",
    "api_organization_v1_organizations_members_Search",
    "api_b2b_rbac_v1_b2b_rbac_organizations_GetOrgPolicy",
    "api_b2b_rbac_v1_b2b_rbac_organizations_SetOrgPolicy",
    "api_organization_v1_Create",
    "api_organization_v1_Update",
    "api_organization_v1_Delete",
    "api_organization_v1_Metrics",
    "api_organization_v1_DeleteExternalId",
    "api_organization_v1_organizations_members_Create",
    "api_organization_v1_organizations_members_Get",
    "api_organization_v1_organizations_members_DangerouslyGet",
    "api_organization_v1_organizations_members_Update",
    "api_organization_v1_organizations_members_Reactivate",
    "api_organization_v1_organizations_members_DeleteMFAPhoneNumber",
    "api_organization_v1_organizations_members_DeleteTOTP",
    "api_organization_v1_organizations_members_DeletePassword",
    "api_organization_v1_organizations_members_UnlinkRetiredEmail",
    "api_organization_v1_organizations_members_StartEmailUpdate",
    "api_organization_v1_organizations_members_DeleteExternalId",
    "api_b2b_magic_v1_Authenticate",
    "api_b2b_magic_v1_b2b_magic_links_email_LoginOrSignup",
    "api_b2b_magic_v1_b2b_magic_links_email_Invite",
    "api_b2b_magic_v1_b2b_magic_links_email_discovery_Send",
    "api_b2b_magic_v1_b2b_magic_links_discovery_Authenticate",
    "api_b2b_otp_v1_b2b_otp_email_LoginOrSignup",
    "api_b2b_otp_v1_b2b_otp_email_Authenticate",
    "api_b2b_otp_v1_b2b_otp_email_discovery_Send",
    "api_b2b_otp_v1_b2b_otp_email_discovery_Authenticate",
    "api_b2b_password_v1_StrengthCheck",
    "api_b2b_password_v1_Migrate",
    "api_b2b_password_v1_Authenticate",
    "api_b2b_password_v1_b2b_passwords_email_ResetStart",
    "api_b2b_password_v1_b2b_passwords_email_Reset",
    "api_b2b_password_v1_b2b_passwords_email_RequireReset",
    "api_b2b_password_v1_b2b_passwords_session_Reset",
    "api_b2b_password_v1_b2b_passwords_existing_password_Reset",
    "api_b2b_password_v1_b2b_passwords_discovery_Authenticate",
    "api_b2b_password_v1_b2b_passwords_discovery_email_ResetStart",
    "api_b2b_password_v1_b2b_passwords_discovery_email_Reset",
    "api_discovery_v1_discovery_intermediate_sessions_Exchange",
    "api_discovery_v1_discovery_organizations_Create",
    "api_discovery_v1_discovery_organizations_List",
    "api_b2b_session_v1_Get",
    "api_b2b_session_v1_Exchange",
    "api_b2b_session_v1_Migrate",
    "api_b2b_session_v1_Attest",
    "api_b2b_session_v1_ExchangeAccessToken",
    "api_b2b_totp_v1_Create",
    "api_b2b_totp_v1_Authenticate",
    "api_b2b_totp_v1_Migrate",
    "api_b2b_recovery_codes_v1_Recover",
    "api_b2b_recovery_codes_v1_Get",
    "api_b2b_recovery_codes_v1_Rotate",
    "api_sso_v1_GetConnections",
    "api_sso_v1_DeleteConnection",
    "api_sso_v1_Authenticate",
    "api_sso_v1_sso_oidc_CreateConnection",
    "api_sso_v1_sso_oidc_UpdateConnection",
    "api_sso_v1_sso_saml_CreateConnection",
    "api_sso_v1_sso_saml_UpdateConnection",
    "api_sso_v1_sso_saml_UpdateByURL",
    "api_sso_v1_sso_saml_DeleteVerificationCertificate",
    "api_sso_v1_sso_saml_DeleteEncryptionPrivateKey",
    "api_sso_v1_sso_external_CreateConnection",
    "api_sso_v1_sso_external_UpdateConnection",
    "api_organization_v1_organizations_members_OIDCProviders",
    "api_b2b_oauth_v1_Authenticate",
    "api_b2b_oauth_v1_b2b_oauth_discovery_Authenticate",
    "api_organization_v1_organizations_members_oauth_providers_Google",
    "api_organization_v1_organizations_members_oauth_providers_Microsoft",
    "api_organization_v1_organizations_members_oauth_providers_Slack",
    "api_organization_v1_organizations_members_oauth_providers_Hubspot",
    "api_organization_v1_organizations_members_oauth_providers_Github",
    "api_b2b_scim_v1_b2b_scim_connection_Create",
    "api_b2b_scim_v1_b2b_scim_connection_Get",
    "api_b2b_scim_v1_b2b_scim_connection_Update",
    "api_b2b_scim_v1_b2b_scim_connection_Delete",
    "api_b2b_scim_v1_b2b_scim_connection_GetGroups",
    "api_b2b_scim_v1_b2b_scim_connection_RotateStart",
    "api_b2b_scim_v1_b2b_scim_connection_RotateComplete",
    "api_b2b_scim_v1_b2b_scim_connection_RotateCancel",
    "api_b2b_impersonation_v1_Authenticate",
    "api_organization_v1_ConnectedApps",
    "api_organization_v1_GetConnectedApp",
    "api_organization_v1_organizations_members_GetConnectedApps",
    "api_organization_v1_organizations_members_connected_apps_Revoke",
    "api_b2b_idp_v1_b2b_idp_oauth_AuthorizeStart",
    "api_b2b_idp_v1_b2b_idp_oauth_Authorize",
];

impl Settings {
    /// The rules for Stytch's published B2B document.
    pub fn stytch() -> Self {
        Settings {
            package_prefixes: &["b2b_"],
            module_aliases: &[("organization", "organizations"), ("session", "sessions")],
            common_module: "common",
            module_prose: &[
                (
                    "otp_sms",
                    "Requests and responses of the B2B SMS one-time-passcode endpoints.",
                ),
                (
                    "organizations",
                    "Organizations and their Members, as returned by Stytch.",
                ),
                (
                    "sessions",
                    "Member Sessions and the authentication factors recorded on them.",
                ),
                (
                    "scim",
                    "SCIM attributes an identity provider synced for a Member.",
                ),
                (
                    "device_history",
                    "Device fingerprinting results for a Member's device.",
                ),
                (
                    "common",
                    "Types shared by all endpoints, such as Stytch's error body.",
                ),
            ],
            non_resource_segments: &["b2b"],
            secrets: SecretRule {
                last_words: &[
                    "token", "tokens", "jwt", "secret", "password", "passcode", "code", "codes",
                    "verifier", "key", "hash",
                ],
                exact: &["X-Stytch-Member-Session"],
            },
            error_schema: "ErrorResponse",
            server_operations: STYTCH_SERVER_OPERATIONS,
            schema_key: stytch_schema_key,
            operation_action: stytch_operation_action,
            feature_of: stytch_feature_of,
            vendor: "Stytch",
            crate_name: "stytch_b2b_otp_sms",
            fake_crate: Some("stytch-b2b-otp-sms-fake"),
            crate_docs: STYTCH_CRATE_DOCS,
            is_placeholder: is_filler,
            reference_home: "https://stytch.com/docs/b2b/api",
            cargo_features: STYTCH_CARGO_FEATURES,
            blocking_feature: Some("blocking"),
            extensions: &[
                Extension {
                    module: "sessions",
                    path: "crate::extensions::sessions",
                    feature: Some("sessions"),
                },
                Extension {
                    module: "organizations",
                    path: "crate::extensions::search::organizations",
                    feature: Some("organizations"),
                },
                Extension {
                    module: "idp",
                    path: "crate::extensions::idp",
                    feature: Some("idp"),
                },
            ],
        }
    }

    /// The module for a Stytch package or operation prefix: `b2b_otp_sms` → `otp_sms`,
    /// `organization` → `organizations`.
    pub fn module_for_package(&self, package: &str) -> String {
        let mut package = package;
        for prefix in self.package_prefixes {
            if let Some(rest) = package.strip_prefix(prefix) {
                package = rest;
                break;
            }
        }
        if package.is_empty() {
            return self.common_module.to_string();
        }
        self.module_aliases
            .iter()
            .find(|(from, _)| *from == package)
            .map(|(_, to)| to.to_string())
            .unwrap_or_else(|| package.to_snake_case())
    }

    /// Whether a path segment names a resource (not `v1`, `b2b`, `{id}` or empty).
    pub fn is_resource_segment(&self, segment: &str) -> bool {
        let version = segment.len() > 1
            && segment.starts_with('v')
            && segment[1..].chars().all(|c| c.is_ascii_digit());
        let parameter = segment.starts_with('{');
        !(version
            || parameter
            || segment.is_empty()
            || self.non_resource_segments.contains(&segment))
    }

    /// The prose of a module, if the settings have some.
    pub fn prose_of(&self, module: &str) -> Option<&'static str> {
        self.module_prose
            .iter()
            .find(|(m, _)| *m == module)
            .map(|(_, p)| *p)
    }
}

/// The example that opens the SDK's crate docs: send and authenticate a passcode.
const STYTCH_CRATE_DOCS: &str = r#"```no_run
use stytch_b2b_otp_sms::{Client, Error};
use stytch_b2b_otp_sms::otp_sms::{AuthenticateRequest, SendRequest};

# async fn run() -> Result<(), Error> {
let client = Client::builder("project-test-…", "secret-test-…").build()?;
let sms = client.otps().sms();
sms.send(
    SendRequest::new("organization-test-…", "member-test-…")
        .mfa_phone_number("+15555550123")
        .intermediate_session_token("…"),
)
.await?;
let authed = sms
    .authenticate(
        AuthenticateRequest::new("organization-test-…", "member-test-…", "123456")
            .intermediate_session_token("…")
            .session_duration_minutes(60),
    )
    .await?;
println!("{} is logged in", authed.member.email_address);
# Ok(())
# }
```"#;

/// Stytch's schema key grammar, `api_<package>_v<N>_[<operation prefix>_]<Name>`:
/// `api_b2b_otp_v1_b2b_otp_sms_SendRequest` is package `b2b_otp`, prefix `b2b_otp_sms`,
/// type `SendRequest`.
pub fn stytch_schema_key(key: &str) -> Option<SchemaKey<'_>> {
    let rest = key.strip_prefix("api_")?;
    // Find `_v<digits>_`, the version separator.
    let bytes = rest.as_bytes();
    let mut sep = None;
    for (i, _) in rest.match_indices("_v") {
        let digits = bytes[i + 2..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits > 0 && bytes.get(i + 2 + digits) == Some(&b'_') {
            sep = Some((i, i + 3 + digits));
            break;
        }
    }
    let (end, start) = sep?;
    let package = &rest[..end];
    let tail = &rest[start..];
    // The type name starts at the first upper-case letter; anything before it
    // (ending in `_`) is an operation prefix.
    let upper = tail.find(|c: char| c.is_ascii_uppercase())?;
    let (prefix, name) = tail.split_at(upper);
    let prefix = prefix.strip_suffix('_').filter(|p| !p.is_empty());
    Some(SchemaKey {
        package,
        prefix,
        name,
    })
}

/// Stytch's `operationId` grammar: the action is the last `_`-separated word when it starts
/// with an upper-case letter, `api_b2b_otp_v1_b2b_otp_sms_Send` → `send`,
/// `api_organization_v1_organizations_members_DangerouslyGet` → `dangerously_get`.
pub fn stytch_operation_action(id: &str) -> Option<String> {
    let tail = id.rsplit('_').next()?;
    tail.starts_with(|c: char| c.is_ascii_uppercase())
        .then(|| tail.to_snake_case())
}

/// Stytch's product features: the first path segment after `/v1/b2b/`, with `-` for `_`
/// (`/v1/b2b/magic_links/...` is `magic-links`); SMS OTP (`/v1/b2b/otps/sms/...`) is always
/// on, so `otps` stands for the rest of the OTP product (email).
pub fn stytch_feature_of(path: &str) -> Option<Feature> {
    const ALWAYS: &str = "/v1/b2b/otps/sms/";
    if path.starts_with(ALWAYS) {
        return Some(Feature::Always);
    }
    let segment = path.strip_prefix("/v1/b2b/")?.split('/').next()?;
    let valid = !segment.is_empty()
        && segment
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    valid.then(|| Feature::Named(segment.replace('_', "-")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        let rule = Settings::stytch().secrets;
        for secret in [
            "session_token",
            "intermediate_session_token",
            "session_jwt",
            "client_secret",
            "code",
            "recovery_codes",
            "pkce_code_verifier",
            "new_password",
            "signing_private_key",
            "X-Stytch-Member-Session",
            "X-Stytch-Member-SessionJWT",
            "brand_new_refresh_token",
        ] {
            assert!(rule.matches(secret), "{secret}");
        }
        for public in [
            "member_id",
            "token_id",
            "bearer_token_last_four",
            "code_challenge",
            "session_duration_minutes",
            "member_session",
            "X-Stytch-Member-Sessions",
        ] {
            assert!(!rule.matches(public), "{public}");
        }
    }

    #[test]
    fn splits_stytch_keys() {
        assert_eq!(
            stytch_schema_key("api_b2b_otp_v1_b2b_otp_sms_SendRequest"),
            Some(SchemaKey {
                package: "b2b_otp",
                prefix: Some("b2b_otp_sms"),
                name: "SendRequest"
            })
        );
        assert_eq!(
            stytch_schema_key("api_device_history_v1_DeviceInfo"),
            Some(SchemaKey {
                package: "device_history",
                prefix: None,
                name: "DeviceInfo"
            })
        );
        assert_eq!(stytch_schema_key("ErrorResponse"), None);
    }

    #[test]
    fn stytch_operation_actions() {
        assert_eq!(
            stytch_operation_action("api_b2b_otp_v1_b2b_otp_sms_Send").as_deref(),
            Some("send")
        );
        assert_eq!(
            stytch_operation_action("api_organization_v1_organizations_members_DangerouslyGet")
                .as_deref(),
            Some("dangerously_get")
        );
        assert_eq!(stytch_operation_action("listWidgets"), None);
    }

    #[test]
    fn stytch_features() {
        let named = |f: &str| Some(Feature::Named(f.to_string()));
        assert_eq!(
            stytch_feature_of("/v1/b2b/otps/sms/send"),
            Some(Feature::Always)
        );
        assert_eq!(
            stytch_feature_of("/v1/b2b/otps/email/login_or_signup"),
            named("otps")
        );
        assert_eq!(
            stytch_feature_of("/v1/b2b/magic_links/email/invite"),
            named("magic-links")
        );
        assert_eq!(
            stytch_feature_of("/v1/b2b/organizations/{organization_id}"),
            named("organizations")
        );
        assert_eq!(stytch_feature_of("/v1/b2b/{organization_id}"), None);
        assert_eq!(stytch_feature_of("/v1/users"), None);
    }

    #[test]
    fn modules_and_segments() {
        let s = Settings::stytch();
        assert_eq!(s.module_for_package("b2b_otp_sms"), "otp_sms");
        assert_eq!(s.module_for_package("organization"), "organizations");
        assert_eq!(s.module_for_package("b2b_session"), "sessions");
        assert!(!s.is_resource_segment("v1"));
        assert!(!s.is_resource_segment("b2b"));
        assert!(!s.is_resource_segment("{organization_id}"));
        assert!(s.is_resource_segment("otps"));
    }

    #[test]
    fn filler_is_placeholders_and_bare_type_labels_not_prose() {
        for filler in [
            "Placeholder.",
            "TODO: describe",
            "Request type",
            "response type.",
        ] {
            assert!(is_filler(filler), "{filler:?}");
        }
        for prose in [
            "The type of request to send.",
            "Request types are listed below.",
            "",
        ] {
            assert!(!is_filler(prose), "{prose:?}");
        }
    }
}
