//! The generator on Stytch's own document: `tests/fixtures/stytch-b2b.openapi.json` is
//! Stytch's published B2B document (every path, schema, enum and `$ref` as published; prose
//! replaced by placeholders), committed as a fixture.

use std::path::PathBuf;

use stytch_b2b_otp_sms_codegen::{Generator, Settings};

fn read(path: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Whether `code` contains `needle`, ignoring whitespace (prettyplease wraps long lines).
fn contains(code: &str, needle: &str) -> bool {
    let squash = |s: &str| s.split_whitespace().collect::<String>().replace(",)", ")");
    squash(code).contains(&squash(needle))
}

fn stytch_document() -> String {
    read("tests/fixtures/stytch-b2b.openapi.json")
}

fn generator(selection: &str) -> Generator {
    sdk_generator().selection(selection).unwrap()
}

fn sdk_generator() -> Generator {
    stytch_b2b_otp_sms_codegen::sdk_generator(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schema"))
        .unwrap()
}

#[test]
fn our_base_document_has_stytchs_shape() {
    // Our base document is Stytch's: it may be newer than the fixture (an API update adds
    // fields, values, operations and schemas), so this checks only that it still has every
    // operation of the published document and that each generates the same method. It does
    // not pin the content of `schema/`.
    let ours = sdk_generator()
        .generate(&read("../schema/stytch-b2b.openapi.json"))
        .unwrap();
    let theirs = sdk_generator().generate(&stytch_document()).unwrap();
    assert!(ours.method_count >= theirs.method_count);
    assert!(ours.type_count >= theirs.type_count);
    let signatures = |code: &str| -> Vec<String> {
        code.lines()
            .filter(|l| l.trim_start().starts_with("pub fn "))
            .map(|l| l.trim().to_string())
            .collect()
    };
    let ours_fns = signatures(&ours.rust);
    for f in signatures(&theirs.rust) {
        assert!(ours_fns.contains(&f), "our base document lost `{f}`");
    }
}

#[test]
fn stytchs_document_keeps_the_seeds_locales_and_secrets() {
    let rust = sdk_generator().generate(&stytch_document()).unwrap().rust;
    for variant in ["En", "Es", "PtBr", "Fr", "It", "DeDe", "ZhHans", "CaEs"] {
        assert!(
            rust.contains(&format!("        {variant},\n")),
            "locale {variant}"
        );
    }
    // Redaction comes from the name rule and the overlay, not from marks in the document.
    for field in [
        "code",
        "intermediate_session_token",
        "session_token",
        "session_jwt",
    ] {
        assert!(
            rust.contains(&format!("\"{field}\", &crate::__support::Redacted"))
                || rust.contains(&format!("\"{field}\",\n"))
                || rust.contains(&format!(".field(\"{field}\"")),
            "{field}"
        );
    }
    assert!(rust.contains("impl std::fmt::Debug for AuthenticateRequest"));
    assert!(rust.contains("impl std::fmt::Debug for AuthenticateResponse"));
}

#[test]
fn the_overlay_merges_rather_than_drops_stytchs_newer_values() {
    let mut doc: serde_json::Value = serde_json::from_str(&stytch_document()).unwrap();
    let locale = &mut doc["components"]["schemas"]["api_b2b_otp_v1_SendRequestLocale"]["enum"];
    locale.as_array_mut().unwrap().push("ja-JP".into());
    let rust = sdk_generator().generate(&doc.to_string()).unwrap().rust;
    assert!(
        rust.contains("Self::JaJp => \"ja-JP\""),
        "Stytch's new value survives"
    );
    assert!(
        rust.contains("Self::CaEs => \"ca-ES\""),
        "the seed's values are still there"
    );
    let locale = rust
        .split("impl SendRequestLocale {")
        .nth(1)
        .and_then(|rest| rest.split("open_enum_traits!(SendRequestLocale)").next())
        .expect("SendRequestLocale's impl");
    assert_eq!(
        locale.matches("Self::En => \"en\"").count(),
        1,
        "values count once"
    );
}

#[test]
fn a_new_token_field_is_secret_with_no_edit_anywhere() {
    let mut doc: serde_json::Value = serde_json::from_str(&stytch_document()).unwrap();
    doc["components"]["schemas"]["api_b2b_otp_v1_b2b_otp_sms_AuthenticateResponse"]["properties"]
        ["step_up_token"] = serde_json::json!({"type": "string"});
    let rust = sdk_generator().generate(&doc.to_string()).unwrap().rust;
    assert!(contains(
        &rust,
        ".field(\"step_up_token\", &self.step_up_token.as_ref().map(|_| crate::__support::Redacted))"
    ));
    let list = rust
        .split("const SENSITIVE_FIELDS: &[&str] = &[")
        .nth(1)
        .and_then(|rest| rest.split("];").next())
        .unwrap();
    assert!(list.contains("\"step_up_token\""), "{list}");
}

#[test]
fn an_overlay_action_that_matches_nothing_fails_with_its_name() {
    let mut doc: serde_json::Value = serde_json::from_str(&stytch_document()).unwrap();
    // Stytch renames the schema our locale action targets.
    let schemas = doc["components"]["schemas"].as_object_mut().unwrap();
    let locale = schemas.remove("api_b2b_otp_v1_SendRequestLocale").unwrap();
    schemas.insert("api_b2b_otp_v1_SmsLocale".into(), locale);
    let err = sdk_generator()
        .generate(&doc.to_string())
        .unwrap_err()
        .to_string();
    assert!(err.contains("overlay action #3"), "{err}");
    assert!(err.contains("api_b2b_otp_v1_SendRequestLocale"), "{err}");
    assert!(err.contains("matches nothing"), "{err}");
}

#[test]
fn the_whole_document_generates_with_every_operation() {
    // With prose as rich as Stytch's real descriptions (code spans, lists, links, bare URLs,
    // tables, `<tags>`) in place of every placeholder.
    let out = generator(r#"{"operations": ["/"]}"#)
        .overlay(&read("tests/fixtures/prose-overlay.json"))
        .unwrap()
        .generate(&stytch_document())
        .unwrap();
    assert_eq!(out.method_count, 97);
    let rust = &out.rust;
    syn::parse_file(rust).expect("parses");
    let has = |needle: &str| assert!(contains(rust, needle), "missing `{needle}`");
    // Path, query and header parameters are fields of one request value per call.
    has("params.path(\"organization_id\", &request.organization_id);");
    has("params.query(\"include_deleted\", request.include_deleted.as_ref());");
    has("params.header(\"X-Stytch-Member-Session\", request.x_stytch_member_session.as_ref());");
    // Header secrets are redacted.
    has(
        ".field(\"x_stytch_member_session\", &self.x_stytch_member_session.as_ref().map(|_| crate::__support::Redacted))",
    );
    // Methods without a body send none.
    has("self.client.call(&OPERATION, params, None::<&()>)");
    // The OTP SMS request and method keep their names with every operation selected.
    has("pub fn send(self, request: crate::otp_sms::SendRequest) -> crate::Pending<");
    has("pub enum SendRequestLocale");
}

/// The `[features]` table of the SDK's `Cargo.toml`: each feature's name and what it enables.
fn sdk_features() -> Vec<(String, String)> {
    let manifest = read("../Cargo.toml");
    let table = manifest
        .split("\n[features]\n")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .expect("Cargo.toml has a [features] table");
    table
        .lines()
        .filter(|l| !l.trim_start().starts_with('#') && l.contains(" = ["))
        .filter_map(|l| l.split_once(" = "))
        .map(|(name, value)| (name.trim().to_string(), value.trim().to_string()))
        .collect()
}

#[test]
fn every_product_of_the_base_document_is_a_cargo_feature_and_in_full() {
    let doc: serde_json::Value =
        serde_json::from_str(&read("../schema/stytch-b2b.openapi.json")).unwrap();
    let features = sdk_features();
    let full = &features
        .iter()
        .find(|(name, _)| name == "full")
        .expect("a `full` feature")
        .1;
    let settings = Settings::stytch();
    let mut products = std::collections::BTreeSet::new();
    for path in doc["paths"].as_object().unwrap().keys() {
        match (settings.feature_of)(path) {
            Some(stytch_b2b_otp_sms_codegen::Feature::Always) => {}
            Some(stytch_b2b_otp_sms_codegen::Feature::Named(f)) => {
                products.insert(f);
            }
            None => panic!("path `{path}` belongs to no feature"),
        }
    }
    assert!(products.len() >= 14, "{products:?}");
    for product in &products {
        assert!(
            features.iter().any(|(name, _)| name == product),
            "the base document has the product `{product}` but Cargo.toml has no feature `{product}`: add `{product} = []` and list it in `full`"
        );
        assert!(
            full.contains(&format!("\"{product}\"")),
            "the feature `full` does not enable `{product}`"
        );
    }
}
