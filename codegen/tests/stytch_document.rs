//! The generator on Stytch's own document: `tests/fixtures/stytch-b2b.openapi.json` is
//! Stytch's published B2B document (every path, schema, enum and `$ref` as published; prose
//! replaced by placeholders), committed as a fixture.

use std::path::PathBuf;

use stytch_b2b_otp_sms_codegen::{Generated, Generator, Settings};

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

/// Our base document, `schema/stytch-b2b.openapi.json`.
fn our_document() -> String {
    read("../schema/stytch-b2b.openapi.json")
}

fn schema_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schema")
}

fn sdk_generator() -> Generator {
    stytch_b2b_otp_sms_codegen::sdk_generator(&schema_dir()).unwrap()
}

/// What the SDK's build generates from `schema/`, generated once for every test that reads it.
fn our_generation() -> &'static Generated {
    static GENERATED: std::sync::OnceLock<Generated> = std::sync::OnceLock::new();
    GENERATED.get_or_init(|| sdk_generator().generate(&our_document()).unwrap())
}

#[test]
fn our_base_document_has_stytchs_shape() {
    // Our base document is Stytch's: it may be newer than the fixture (an API update adds
    // fields, values, operations and schemas), so this checks only that it still has every
    // operation of the published document and that each generates the same method. It does
    // not pin the content of `schema/`.
    let ours = our_generation();
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
        ["step_up_token"] =
        serde_json::json!({"type": "string", "description": "A token for a step-up check."});
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
    // Our docs files are left out: they would replace the rich prose this test renders.
    let out = Generator::new(Settings::stytch())
        .overlay(&read("../schema/overlay.json"))
        .unwrap()
        .overlay(&read("tests/fixtures/prose-overlay.json"))
        .unwrap()
        .allow_undocumented()
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
    let doc: serde_json::Value = serde_json::from_str(&our_document()).unwrap();
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

/// The SDK's generator with these docs files (name, JSON) in place of `schema/docs/`.
fn generator_with_docs(docs: &[(String, String)]) -> Generator {
    sdk_generator().prose(stytch_b2b_otp_sms_codegen::Prose::parse(docs).unwrap())
}

fn our_docs() -> Vec<(String, String)> {
    stytch_b2b_otp_sms_codegen::read_docs(&schema_dir()).unwrap()
}

#[test]
fn stytchs_published_document_with_placeholders_generates_with_our_docs() {
    // The fixture is Stytch's document as published with its prose replaced by placeholders:
    // every one of them is covered by our docs, so nothing of theirs reaches the output.
    let out = sdk_generator().generate(&stytch_document()).unwrap();
    for text in [&out.rust, &out.blocking, &out.reference, &out.crate_docs] {
        assert!(!text.to_lowercase().contains("placeholder"));
    }
}

/// Our base document with the description of `member_device` in the schemas `which` picks set
/// to `text`, or removed when `text` is `None`, whatever the base holds there (nothing, a
/// placeholder or Stytch's prose): each test builds the document it needs rather than assume
/// what `schema/` holds.
fn with_member_device_description(which: impl Fn(&str) -> bool, text: Option<&str>) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(&our_document()).unwrap();
    let schemas = doc["components"]["schemas"].as_object_mut().unwrap();
    let mut changed = 0;
    for (_, schema) in schemas.iter_mut().filter(|(name, _)| which(name)) {
        let Some(field) = schema
            .pointer_mut("/properties/member_device")
            .and_then(|f| f.as_object_mut())
        else {
            continue;
        };
        match text {
            Some(text) => field.insert("description".into(), text.into()),
            None => field.remove("description"),
        };
        changed += 1;
    }
    assert!(
        changed > 0,
        "the base document has no `member_device` to describe"
    );
    doc.to_string()
}

#[test]
fn a_field_without_our_doc_fails_naming_it_and_its_json_path() {
    // A test copy of our docs without the shared doc of `member_device`.
    let docs: Vec<(String, String)> = our_docs()
        .into_iter()
        .map(|(name, text)| {
            let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
            if let Some(fields) = doc.get_mut("fields").and_then(|f| f.as_object_mut()) {
                fields.remove("member_device");
            }
            (name, doc.to_string())
        })
        .collect();
    let schema = |name: &str| name == "api_b2b_magic_v1_AuthenticateResponse";
    // With our docs the field is documented, whatever the base says of it.
    let bare = with_member_device_description(schema, None);
    sdk_generator().generate(&bare).unwrap();
    let err = generator_with_docs(&docs)
        .generate(&bare)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("property `member_device` of schema `api_b2b_magic_v1_AuthenticateResponse` has no description ($.components.schemas.api_b2b_magic_v1_AuthenticateResponse.properties.member_device.description)"),
        "{err}"
    );
    // A placeholder in its place is named as one.
    let filler = with_member_device_description(
        schema,
        Some("Placeholder description of property `member_device`."),
    );
    let err = generator_with_docs(&docs)
        .generate(&filler)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("property `member_device` of schema `api_b2b_magic_v1_AuthenticateResponse` has a placeholder description ($.components.schemas.api_b2b_magic_v1_AuthenticateResponse.properties.member_device.description)"),
        "{err}"
    );
    // And Stytch's own prose there is what the field's doc falls back to.
    let prose = with_member_device_description(
        |_| true,
        Some("Information about the device the Member authenticated from."),
    );
    let rust = generator_with_docs(&docs).generate(&prose).unwrap().rust;
    assert!(rust.contains("/// Information about the device the Member authenticated from."));
}

#[test]
fn a_new_field_with_a_placeholder_fails_and_one_with_real_prose_generates() {
    let mut doc: serde_json::Value = serde_json::from_str(&our_document()).unwrap();
    let props =
        &mut doc["components"]["schemas"]["api_b2b_otp_v1_b2b_otp_sms_SendRequest"]["properties"];
    props["sender_id"] = serde_json::json!({"type": "string",
        "description": "Placeholder description of `/v1/b2b/otps/sms/send`."});
    let err = sdk_generator()
        .generate(&doc.to_string())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("property `sender_id` of schema `api_b2b_otp_v1_b2b_otp_sms_SendRequest` has a placeholder description ($.components.schemas.api_b2b_otp_v1_b2b_otp_sms_SendRequest.properties.sender_id.description)"),
        "{err}"
    );
    // Stytch's own prose for a new item is used as it is.
    doc["components"]["schemas"]["api_b2b_otp_v1_b2b_otp_sms_SendRequest"]["properties"]["sender_id"] = serde_json::json!({"type": "string",
        "description": "The alphanumeric sender ID shown instead of a phone number."});
    let rust = sdk_generator().generate(&doc.to_string()).unwrap().rust;
    assert!(rust.contains("/// The alphanumeric sender ID shown instead of a phone number."));
}

#[test]
fn every_entry_of_our_docs_names_an_item_of_the_document() {
    // A docs entry for something Stytch removed or renamed is reported, naming file and key.
    let prose = stytch_b2b_otp_sms_codegen::Prose::parse(&our_docs()).unwrap();
    let doc = sdk_generator()
        .allow_undocumented()
        .document(&our_document())
        .unwrap();
    let unused = prose.unused(&doc);
    assert!(
        unused.is_empty(),
        "docs entries that name nothing: {unused:#?}"
    );
    // And every generated module has a paragraph of ours.
    let out = our_generation();
    let modules: Vec<&str> = prose.modules().collect();
    for line in out.crate_docs.lines().filter(|l| l.starts_with("| [`")) {
        assert!(
            !line.contains("area of Stytch's API"),
            "a module without our paragraph: {line}"
        );
        let module = line.split('`').nth(1).unwrap();
        assert!(
            module == "resources" || modules.contains(&module),
            "{module}"
        );
    }
}

#[test]
fn stytchs_current_sms_locales_and_ist_expiry_are_typed_and_merge_without_duplicates() {
    let rust = &our_generation().rust;
    for (variant, wire) in [
        ("Ja", "ja"),
        ("Ru", "ru"),
        ("Nl", "nl"),
        ("Pl", "pl"),
        ("Tr", "tr"),
        ("Fa", "fa"),
        ("Vi", "vi"),
        ("Cs", "cs"),
    ] {
        assert!(
            rust.contains(&format!("Self::{variant} => \"{wire}\"")),
            "{wire}"
        );
    }
    let with_expiry = rust
        .matches("pub intermediate_session_token_expires_at: Option<String>,")
        .count();
    assert_eq!(
        with_expiry, 17,
        "every authenticate response with an intermediate session token"
    );

    // A newer document from Stytch that already has both: each still appears once.
    let mut doc: serde_json::Value = serde_json::from_str(&our_document()).unwrap();
    let locale = &mut doc["components"]["schemas"]["api_b2b_otp_v1_SendRequestLocale"]["enum"];
    for v in ["ja", "ru", "nl", "pl", "tr", "fa", "vi", "cs"] {
        locale.as_array_mut().unwrap().push(v.into());
    }
    doc["components"]["schemas"]["api_sso_v1_AuthenticateResponse"]["properties"]["intermediate_session_token_expires_at"] =
        serde_json::json!({"type": "string", "description": "When the token expires."});
    let newer = sdk_generator().generate(&doc.to_string()).unwrap().rust;
    // Only the SMS and email passcode locale has `ja`: one arm of `as_str`, one of `From`.
    assert_eq!(newer.matches("Self::Ja => \"ja\"").count(), 1);
    assert_eq!(newer.matches("\"ja\" => Self::Ja").count(), 1);
    assert_eq!(
        newer
            .matches("pub intermediate_session_token_expires_at: Option<String>,")
            .count(),
        17
    );
}

#[test]
fn every_operation_doc_has_summary_route_errors_and_reference() {
    let out = our_generation();
    let doc: serde_json::Value = serde_json::from_str(&out.document).unwrap();
    let rust = &out.rust;
    // The doc comments as flowing text: line breaks and `///` markers removed.
    let flat: String = rust
        .split_whitespace()
        .filter(|w| *w != "///")
        .collect::<Vec<_>>()
        .join(" ");
    let mut count = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let route = format!(
                "`{} {path}` ([Stytch API reference](",
                method.to_uppercase()
            );
            let at = flat
                .find(&route)
                .unwrap_or_else(|| panic!("no method doc with {route}"));
            let start = flat[..at].rfind("pub fn ").unwrap_or(0);
            let block = &flat[start..];
            let block = &block[..block[7..].find("pub fn ").map_or(block.len(), |e| e + 7)];
            let summary = op["summary"].as_str().unwrap().trim_end_matches('.');
            assert!(block.contains(&format!("{summary}. `")), "{route}: summary");
            assert!(block.contains("# Request"), "{route}");
            assert!(block.contains("# Errors"), "{route}");
            // An operation Stytch added after our docs links to the reference home page.
            let url = op["externalDocs"]["url"]
                .as_str()
                .unwrap_or(Settings::stytch().reference_home);
            assert!(url.starts_with("https://stytch.com/docs/b2b/api"), "{url}");
            assert!(
                block.contains(&format!("reference]({url})")),
                "{route}: link"
            );
            count += 1;
        }
    }
    assert!(count >= 97, "{count}");
    // Every field's doc says more than its name.
    for line in rust.lines().map(str::trim) {
        assert!(
            !(line.starts_with("/// The `") && line.ends_with("` field.")),
            "{line}"
        );
        assert!(
            !(line.starts_with("/// The `") && line.ends_with("` object.")),
            "{line}"
        );
    }
}

#[test]
fn every_operation_with_a_request_cursor_is_marked_paged() {
    // An operation that takes a `cursor` answers pages: the overlay marks it `x-pagination`,
    // so that it gets a `*_pages` method. One Stytch adds unmarked fails here.
    let doc = sdk_generator().document(&our_document()).unwrap();
    let body_properties = |op: &serde_json::Value| -> Vec<String> {
        let Some(reference) = op
            .pointer("/requestBody/content/application~1json/schema/$ref")
            .and_then(|r| r.as_str())
        else {
            return Vec::new();
        };
        let key = reference.trim_start_matches("#/components/schemas/");
        doc["components"]["schemas"][key]["properties"]
            .as_object()
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default()
    };
    let mut marked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let parameters = op["parameters"].as_array().cloned().unwrap_or_default();
            let takes_cursor = parameters.iter().any(|p| p["name"] == "cursor")
                || body_properties(op).iter().any(|p| p == "cursor");
            let is_marked = op.get("x-pagination").is_some();
            assert_eq!(takes_cursor, is_marked, "{method} {path}");
            marked += usize::from(is_marked);
        }
    }
    assert_eq!(
        marked, 3,
        "organizations.search, members.search, scim get_groups"
    );
}
