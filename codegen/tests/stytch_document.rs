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
    Generator::new(Settings::stytch())
        .overlay(&read("../schema/overlay.json"))
        .unwrap()
        .selection(selection)
        .unwrap()
}

fn sdk_generator() -> Generator {
    generator(&read("../schema/codegen.json"))
}

/// The items of generated code without their doc comments: modules, names, fields, types,
/// variants, attributes and method bodies, as tokens.
fn items_without_docs(code: &str) -> Vec<String> {
    fn strip(attrs: &mut Vec<syn::Attribute>) {
        attrs.retain(|a| !a.path().is_ident("doc"));
    }
    struct Strip;
    impl syn::visit_mut::VisitMut for Strip {
        fn visit_attributes_mut(&mut self, attrs: &mut Vec<syn::Attribute>) {
            strip(attrs);
        }
        fn visit_item_mut(&mut self, item: &mut syn::Item) {
            syn::visit_mut::visit_item_mut(self, item);
        }
        fn visit_field_mut(&mut self, f: &mut syn::Field) {
            strip(&mut f.attrs);
            syn::visit_mut::visit_field_mut(self, f);
        }
        fn visit_variant_mut(&mut self, v: &mut syn::Variant) {
            strip(&mut v.attrs);
            syn::visit_mut::visit_variant_mut(self, v);
        }
        fn visit_impl_item_fn_mut(&mut self, f: &mut syn::ImplItemFn) {
            strip(&mut f.attrs);
            syn::visit_mut::visit_impl_item_fn_mut(self, f);
        }
        fn visit_item_mod_mut(&mut self, m: &mut syn::ItemMod) {
            strip(&mut m.attrs);
            syn::visit_mut::visit_item_mod_mut(self, m);
        }
        fn visit_item_struct_mut(&mut self, s: &mut syn::ItemStruct) {
            strip(&mut s.attrs);
            syn::visit_mut::visit_item_struct_mut(self, s);
        }
        fn visit_item_enum_mut(&mut self, e: &mut syn::ItemEnum) {
            strip(&mut e.attrs);
            syn::visit_mut::visit_item_enum_mut(self, e);
        }
        fn visit_item_const_mut(&mut self, c: &mut syn::ItemConst) {
            strip(&mut c.attrs);
            syn::visit_mut::visit_item_const_mut(self, c);
        }
    }
    let mut file = syn::parse_file(code).expect("generated code parses");
    syn::visit_mut::VisitMut::visit_file_mut(&mut Strip, &mut file);
    file.items
        .iter()
        .map(|item| quote::ToTokens::to_token_stream(item).to_string())
        .collect()
}

#[test]
fn our_base_document_has_stytchs_shape() {
    // The OTP SMS selection from Stytch's whole document and from our base document give the
    // same Rust items; only doc comments differ.
    let ours = sdk_generator()
        .generate(&read("../schema/stytch-b2b.openapi.json"))
        .unwrap();
    let theirs = sdk_generator().generate(&stytch_document()).unwrap();
    assert_eq!(ours.type_count, theirs.type_count);
    assert_eq!(ours.method_count, 2);
    for (what, a, b) in [
        ("types and client", &ours.rust, &theirs.rust),
        ("blocking client", &ours.blocking, &theirs.blocking),
    ] {
        let (a, b) = (items_without_docs(a), items_without_docs(b));
        assert_eq!(a.len(), b.len(), "{what}: item counts differ");
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "{what}: an item differs beyond its docs");
        }
    }
    // While the two documents differ in prose, so does the output: the comparison above did
    // ignore something. (After a maintainer drops Stytch's document in, they are the same.)
    if read("../schema/stytch-b2b.openapi.json") != stytch_document() {
        assert_ne!(ours.rust, theirs.rust);
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
    assert_eq!(
        rust.matches("Self::En => \"en\"").count(),
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
    let out = generator(r#"{"operations": ["/"]}"#)
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
