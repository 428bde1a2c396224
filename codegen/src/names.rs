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
}

/// Assigns a module and type name to every schema key, in input order.
///
/// Keys the settings' [`schema_key`](Settings::schema_key) grammar does not parse (for Stytch,
/// those without the `api_<package>_v<N>_` prefix) go to the common module. A type
/// without an operation prefix joins its package's only operation module if
/// there is exactly one and the name is free there (so `api_b2b_otp_v1_SendRequestLocale`
/// sits next to `otp_sms::SendRequest`), otherwise the package module. Names therefore
/// depend on the selection: selecting more operations of a package can move its shared types
/// into the package module (`otp::SendRequestLocale` once `otp_email` is selected too).
pub fn assign(keys: &[&str], settings: &Settings) -> Result<Vec<ItemName>, crate::Error> {
    let module_for_package = |p: &str| settings.module_for_package(p);
    let parts: Vec<Option<SchemaKey<'_>>> = keys.iter().map(|k| (settings.schema_key)(k)).collect();

    let mut names = Vec::with_capacity(keys.len());
    for (key, part) in keys.iter().zip(&parts) {
        let item = match part {
            None => ItemName {
                module: settings.common_module.to_string(),
                name: type_ident(key),
                package: String::new(),
            },
            Some(p) => {
                let module = match p.prefix {
                    Some(prefix) => module_for_package(prefix),
                    None => {
                        let mut op_modules: Vec<&str> = parts
                            .iter()
                            .flatten()
                            .filter(|q| q.package == p.package)
                            .filter_map(|q| q.prefix)
                            .collect();
                        op_modules.sort_unstable();
                        op_modules.dedup();
                        // Joining must not take a name an operation's own type has there.
                        let free = |only: &str| {
                            !parts.iter().flatten().any(|q| {
                                q.package == p.package && q.prefix == Some(only) && q.name == p.name
                            })
                        };
                        match op_modules.as_slice() {
                            [only] if free(only) => module_for_package(only),
                            _ => module_for_package(p.package),
                        }
                    }
                };
                ItemName {
                    module,
                    name: type_ident(p.name),
                    package: p.package.to_string(),
                }
            }
        };
        names.push(item);
    }

    for (i, a) in names.iter().enumerate() {
        if let Some(j) = names[..i]
            .iter()
            .position(|b| b.module == a.module && b.name == a.name)
        {
            return Err(crate::Error::new(format!(
                "schemas `{}` and `{}` would both become `{}::{}`",
                keys[j], keys[i], a.module, a.name
            )));
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
        let got: Vec<String> = assign(&keys, &Settings::stytch())
            .unwrap()
            .into_iter()
            .map(|n| format!("{}::{}", n.module, n.name))
            .collect();
        assert_eq!(
            got,
            [
                "otp_sms::SendRequestLocale",
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
    fn unprefixed_types_stay_in_the_package_when_it_has_several_operations() {
        let keys = [
            "api_b2b_otp_v1_Locale",
            "api_b2b_otp_v1_b2b_otp_sms_SendRequest",
            "api_b2b_otp_v1_b2b_otp_email_SendRequest",
        ];
        let got: Vec<String> = assign(&keys, &Settings::stytch())
            .unwrap()
            .into_iter()
            .map(|n| format!("{}::{}", n.module, n.name))
            .collect();
        assert_eq!(
            got,
            [
                "otp::Locale",
                "otp_sms::SendRequest",
                "otp_email::SendRequest"
            ]
        );
    }

    #[test]
    fn collisions_are_reported() {
        let err = assign(&["api_a_v1_X", "api_b2b_a_v1_X"], &Settings::stytch()).unwrap_err();
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
