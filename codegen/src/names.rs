//! Idiomatic Rust names for Stytch's schema keys, properties and enum values.
//!
//! A schema key names a package, an optional operation prefix and a type, in the grammar of
//! [`Settings::schema_key`]: Stytch's `api_b2b_otp_v1_b2b_otp_sms_SendRequest` is package
//! `b2b_otp`, prefix `b2b_otp_sms`, type `SendRequest`. The generator turns that into module
//! `otp_sms`, type `SendRequest`; without the vendor prefix, grouped like Stytch's own SDKs
//! group them.

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::settings::{SchemaKey, Settings};

/// Where a schema lands in the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemName {
    /// Module (snake_case), e.g. `organizations`.
    pub module: String,
    /// Type name (UpperCamelCase), e.g. `Member`.
    pub name: String,
    /// The Stytch package, e.g. `organization`; empty for unprefixed keys.
    pub package: String,
    /// Operation modules that re-export the type (`pub use`), because their types refer to it:
    /// `otp::SendRequestLocale` is also `otp_sms::SendRequestLocale`.
    pub reexported_in: Vec<String>,
}

/// Assigns a module and type name to every schema key, in input order. `referrers[i]` are
/// the indices of the schemas whose definitions refer to schema `i` directly.
///
/// Keys the settings' [`schema_key`](Settings::schema_key) grammar does not parse (for Stytch,
/// those without the `api_<package>_v<N>_` prefix) go to the common module. A type with an
/// operation prefix goes to that operation's module (`otp_sms::SendRequest`); a type without
/// one to its package's module (`otp::SendRequestLocale`), and it is also re-exported from
/// every operation module of its package whose types refer to it, where the name is free
/// (`otp_sms::SendRequestLocale`). Names depend on the whole document alone: nothing here
/// knows which operations are compiled.
pub fn assign(
    keys: &[&str],
    referrers: &[Vec<usize>],
    settings: &Settings,
) -> Result<Vec<ItemName>, crate::Error> {
    let module_for_package = |p: &str| settings.module_for_package(p);
    let parts: Vec<Option<SchemaKey<'_>>> = keys.iter().map(|k| (settings.schema_key)(k)).collect();

    let mut names = Vec::with_capacity(keys.len());
    for (index, (key, part)) in keys.iter().zip(&parts).enumerate() {
        let item = match part {
            None => ItemName {
                module: settings.common_module.to_string(),
                name: type_ident(key),
                package: String::new(),
                reexported_in: Vec::new(),
            },
            Some(p) => match p.prefix {
                Some(prefix) => ItemName {
                    module: module_for_package(prefix),
                    name: type_ident(p.name),
                    package: p.package.to_string(),
                    reexported_in: Vec::new(),
                },
                None => {
                    let module = module_for_package(p.package);
                    let mut reexported_in: Vec<String> = Vec::new();
                    for &r in referrers.get(index).map(Vec::as_slice).unwrap_or_default() {
                        let Some(Some(q)) = parts.get(r) else {
                            continue;
                        };
                        let Some(prefix) = q.prefix.filter(|_| q.package == p.package) else {
                            continue;
                        };
                        // Not over a type of the operation's own.
                        let taken = parts.iter().flatten().any(|o| {
                            o.package == p.package && o.prefix == Some(prefix) && o.name == p.name
                        });
                        let target = module_for_package(prefix);
                        if !taken && target != module && !reexported_in.contains(&target) {
                            reexported_in.push(target);
                        }
                    }
                    reexported_in.sort_unstable();
                    ItemName {
                        module,
                        name: type_ident(p.name),
                        package: p.package.to_string(),
                        reexported_in,
                    }
                }
            },
        };
        names.push(item);
    }

    // Every path a type is reachable at, its own and its re-exports, is taken once.
    let mut seen: std::collections::HashMap<(&str, &str), usize> = std::collections::HashMap::new();
    for (i, a) in names.iter().enumerate() {
        let modules = std::iter::once(&a.module).chain(&a.reexported_in);
        for module in modules {
            if let Some(&j) = seen.get(&(module.as_str(), a.name.as_str())) {
                return Err(crate::Error::new(format!(
                    "schemas `{}` and `{}` would both become `{}::{}`",
                    keys[j], keys[i], module, a.name
                )));
            }
            seen.insert((module, &a.name), i);
        }
    }
    Ok(names)
}

/// A type name: kept as Stytch spells it when it is already a valid
/// UpperCamelCase identifier (`SCIMAttributes`), otherwise converted.
pub fn type_ident(name: &str) -> String {
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    if valid {
        name.to_string()
    } else {
        name.to_upper_camel_case()
    }
}

/// A field or method name for a wire name; keywords become raw identifiers
/// (`type` → `r#type`, which serde reads and writes as `type`).
pub fn field_ident(wire: &str) -> syn::Ident {
    let snake = wire.to_snake_case();
    let snake = if snake.is_empty() || snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("field_{snake}")
    } else {
        snake
    };
    match syn::parse_str::<syn::Ident>(&snake) {
        Ok(ident) => ident,
        Err(_) => syn::Ident::new_raw(&snake, proc_macro2::Span::call_site()),
    }
}

/// An enum variant name for a wire value: `pt-br` → `PtBr`, `oauth_google`
/// → `OauthGoogle`, `REQUIRED_FOR_ALL` → `RequiredForAll`.
pub fn variant_ident(wire: &str) -> String {
    let camel = wire.to_upper_camel_case();
    if camel.is_empty() || camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("Value{camel}")
    } else {
        camel
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assigns_modules_like_stytch_sdks() {
        let keys = [
            "api_b2b_otp_v1_SendRequestLocale",
            "api_b2b_otp_v1_b2b_otp_sms_SendRequest",
            "api_organization_v1_Member",
            "api_b2b_session_v1_MemberSession",
            "api_session_v1_AuthenticationFactor",
            "api_b2b_scim_v1_SCIMAttributes",
            "api_device_history_v1_DeviceInfo",
            "ErrorResponse",
        ];
        // SendRequest refers to SendRequestLocale.
        let mut referrers = vec![Vec::new(); keys.len()];
        referrers[0].push(1);
        let got: Vec<String> = assign(&keys, &referrers, &Settings::stytch())
            .unwrap()
            .into_iter()
            .map(|n| format!("{}::{} {:?}", n.module, n.name, n.reexported_in))
            .collect();
        let got: Vec<&str> = got.iter().map(|s| s.trim_end_matches(" []")).collect();
        assert_eq!(
            got,
            [
                "otp::SendRequestLocale [\"otp_sms\"]",
                "otp_sms::SendRequest",
                "organizations::Member",
                "sessions::MemberSession",
                "sessions::AuthenticationFactor",
                "scim::SCIMAttributes",
                "device_history::DeviceInfo",
                "common::ErrorResponse",
            ]
        );
    }

    #[test]
    fn unprefixed_types_are_reexported_where_they_are_used_and_free() {
        let keys = [
            "api_b2b_otp_v1_Locale",
            "api_b2b_otp_v1_b2b_otp_sms_SendRequest",
            "api_b2b_otp_v1_b2b_otp_email_SendRequest",
            "api_b2b_otp_v1_b2b_otp_email_Locale",
            "api_b2b_otp_v1_b2b_otp_discovery_SendRequest",
        ];
        // Both SendRequests refer to Locale; email has a Locale of its own; discovery does not
        // refer to it.
        let mut referrers = vec![Vec::new(); keys.len()];
        referrers[0] = vec![1, 2];
        let got: Vec<String> = assign(&keys, &referrers, &Settings::stytch())
            .unwrap()
            .into_iter()
            .map(|n| format!("{}::{} {:?}", n.module, n.name, n.reexported_in))
            .collect();
        assert_eq!(
            got,
            [
                "otp::Locale [\"otp_sms\"]",
                "otp_sms::SendRequest []",
                "otp_email::SendRequest []",
                "otp_email::Locale []",
                "otp_discovery::SendRequest []",
            ]
        );
    }

    #[test]
    fn collisions_are_reported() {
        let err = assign(&["api_a_v1_X", "api_b2b_a_v1_X"], &[], &Settings::stytch()).unwrap_err();
        assert!(err.to_string().contains("a::X"), "{err}");
    }

    #[test]
    fn identifiers() {
        assert_eq!(field_ident("type").to_string(), "r#type");
        assert_eq!(
            field_ident("x509certificates").to_string(),
            "x509certificates"
        );
        assert_eq!(field_ident("mfaPhone").to_string(), "mfa_phone");
        assert_eq!(variant_ident("pt-br"), "PtBr");
        assert_eq!(variant_ident("de-DE"), "DeDe");
        assert_eq!(variant_ident("zh-Hans"), "ZhHans");
        assert_eq!(variant_ident("oauth_google"), "OauthGoogle");
        assert_eq!(type_ident("SCIMAttributes"), "SCIMAttributes");
        assert_eq!(
            type_ident("ErrorResponse_reference_shape"),
            "ErrorResponseReferenceShape"
        );
    }
}
