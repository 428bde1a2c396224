//! Snapshot tests of generated code for a fixture schema that exercises every shape the
//! generator supports. `UPDATE_GENERATED=1 cargo test` rewrites the snapshots.
//!
//! The SDK's own schema is snapshotted (and compiled) by the main crate's
//! `tests/generated_code.rs`; here the snapshot is parsed with `syn` to prove it is valid Rust.

use std::path::PathBuf;

use stytch_b2b_otp_sms_codegen::settings::{stytch_operation_action, stytch_schema_key};
use stytch_b2b_otp_sms_codegen::{Feature, Generator, SecretRule, Settings, generate};

fn here(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(path)
}

fn check_snapshot(name: &str, fresh: &str) {
    let path = here(&format!("snapshots/{name}"));
    if std::env::var_os("UPDATE_GENERATED").is_some_and(|v| v == "1") {
        std::fs::write(&path, fresh).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == fresh,
        "codegen/tests/snapshots/{name} is stale; run `UPDATE_GENERATED=1 cargo test` and review the diff"
    );
}

/// The widgets vendor's rules: nothing of Stytch's. Its keys follow the same
/// `api_<package>_v<N>_<Name>` grammar (the fixture was written in it), so the grammar
/// functions are shared; every prose, crate and secret rule is its own.
fn widget_settings() -> Settings {
    Settings {
        package_prefixes: &[],
        module_aliases: &[],
        common_module: "common",
        module_prose: &[("common", "Types every widget endpoint shares.")],
        // The fixture's paths live under `/v1/b2b/`, a product family, not a resource.
        non_resource_segments: &["b2b"],
        secrets: SecretRule {
            last_words: &["word", "secret", "jwt"],
            exact: &["X-Widget-Key"],
        },
        error_schema: "ErrorResponse",
        server_operations: &["api_widget_v1_Spin", "api_widget_v1_gear_Turn"],
        schema_key: stytch_schema_key,
        operation_action: stytch_operation_action,
        // One product: nothing behind a feature.
        feature_of: |_| Some(Feature::Always),
        vendor: "Widgets Inc.",
        crate_name: "widgets_sdk",
        fake_crate: None,
        crate_docs: "Spin a widget with `client.widgets().spin(..)`.",
        extensions: &[],
        is_placeholder: |text| text.starts_with("(undocumented)"),
        reference_home: "https://widgets.example/docs/api",
        cargo_features: &[],
        blocking_feature: None,
    }
}

fn fixture() -> stytch_b2b_otp_sms_codegen::Generated {
    let text = std::fs::read_to_string(here("fixtures/widgets.json")).unwrap();
    Generator::new(widget_settings())
        .allow_undocumented()
        .generate(&text)
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_second_vendors_document_generates_nothing_of_stytchs() {
    let out = fixture();
    for (name, text) in [
        ("rust", &out.rust),
        ("blocking", &out.blocking),
        ("reference", &out.reference),
        ("crate docs", &out.crate_docs),
    ] {
        let lower = text.to_lowercase();
        if let Some(at) = lower.find("stytch") {
            let line = text[..at].lines().count();
            panic!(
                "the widgets {name} output names Stytch at line {line}: {}",
                text.lines().nth(line.saturating_sub(1)).unwrap_or("")
            );
        }
    }
    assert!(out.rust.contains("when Widgets Inc. answers with an error"));
    assert!(out.reference.contains("the `widgets_sdk` crate"));
    assert!(out.crate_docs.contains("-->\n\nSpin a widget"));
}

#[test]
fn fixture_snapshot() {
    let out = fixture();
    syn::parse_file(&out.rust).expect("generated code parses");
    check_snapshot("widgets.rs", &out.rust);
    check_snapshot("widgets.md", &out.reference);
    assert_eq!(out.type_count, 8);
}

#[test]
fn fixture_shapes() {
    let rust = fixture().rust;
    let has = |needle: &str| assert!(rust.contains(needle), "missing `{needle}`");
    // Modules from Stytch-style keys; unprefixed keys land in `common`.
    has("pub mod widget {");
    has("pub mod gear {");
    has("pub mod thing {");
    has("pub mod common {");
    // Formats and maps.
    has("pub speed: Option<i32>,");
    has("pub big_number: Option<i64>,");
    has("pub ratio: f64,");
    has("pub extras: Option<serde_json::Map<String, serde_json::Value>>,");
    has("pub labels: serde_json::Map<String, serde_json::Value>,");
    // `$ref` with a sibling description keeps the description.
    has("/// Who owns it.");
    // Nullable optional strings are plain options.
    has("pub nickname: Option<String>,");
    // Keywords become raw identifiers; serde reads them by their wire name.
    has("pub r#type: Option<String>,");
    // Wire strings come from the schema, not from identifiers.
    has("Self::DarkBlue => \"dark-blue\"");
    has("Self::Value9lives => \"9lives\"");
    // Requests: constructor with required fields and setters for the rest.
    has(
        "pub fn new(\n            widget_id: impl Into<String>,\n            secret_word: impl Into<String>,\n        ) -> Self",
    );
    has("pub fn color(mut self, value: impl Into<crate::widget::Color>) -> Self");
    // Responses: null-tolerant collections.
    has("deserialize_with = \"crate::__support::null_as_default\"");
    // Client methods by path.
    has("pub fn widgets(&self) -> resources::Widgets<'_>");
    has("pub fn gears(&self) -> WidgetsGears<'a>");
    has("pub fn spin(");
    has("pub fn turn(");
    // The server side, from the same schema.
    has(
        "fn widgets_spin(\n            &self,\n            request: crate::widget::SpinRequest,\n        ) -> Result<crate::widget::SpinResponse, Failure>;",
    );
    has("\"widgets.gears.turn\" => {");
    // Response structs whose fields all have defaults derive Default.
    has(
        "#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]\n    #[non_exhaustive]\n    pub struct Owner",
    );
    // Prose is made safe for rustdoc.
    has("/// An indented line that must not become a code block.");
    has("<https://example.com/docs>");
    has("&lt;details&gt;");
    has("\\[not a link\\]");
    has("[a link](https://example.com/a)");
    assert!(!rust.contains("///     "), "no indented doc lines");
}

#[test]
fn redacted_debug_for_sensitive_fields() {
    let rust = fixture().rust;
    assert!(rust.contains(".field(\"secret_word\", &crate::__support::Redacted)"));
    assert!(rust.contains("const SENSITIVE_FIELDS: &[&str] = &[\"secret_word\", \"token\"];"));
    assert!(rust.contains("impl std::fmt::Debug for SpinResponse"));
    // Types without sensitive fields derive Debug.
    assert!(rust.contains("#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]\n    #[non_exhaustive]\n    pub struct TurnRequest"));
}

#[test]
fn adding_a_property_changes_only_the_generated_output() {
    let read = |name: &str| std::fs::read_to_string(here(&format!("../../schema/{name}"))).unwrap();
    let text = read("stytch-b2b.openapi.json");
    let generator = stytch_b2b_otp_sms_codegen::sdk_generator(&here("../../schema")).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    doc["components"]["schemas"]["api_b2b_otp_v1_b2b_otp_sms_SendRequest"]["properties"]["expedite"] =
        serde_json::json!({"type": "boolean", "description": "Send it faster."});
    let before = generator.generate(&text).unwrap().rust;
    let after = generator.generate(&doc.to_string()).unwrap().rust;
    assert!(!before.contains("pub expedite: Option<bool>,"));
    assert!(after.contains("/// Send it faster.\n        #[serde(default, skip_serializing_if = \"Option::is_none\")]\n        pub expedite: Option<bool>,"));
    assert!(after.contains("pub fn expedite(mut self, value: impl Into<bool>) -> Self"));
}

#[test]
fn bad_schemas_are_clear_errors_not_panics() {
    let cases = [
        ("not json", "not valid JSON"),
        (r#"{"openapi": "3.0.0", "paths": {}}"#, "components.schemas"),
        (
            r##"{"openapi": "3.0.0", "paths": {"/v1/x/y": {"post": {"operationId": "y", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}, "responses": {}}}}, "components": {"schemas": {"A": {"type": "object", "properties": {"b": {"anyOf": [{"type": "string"}, {"type": "integer"}]}}}}}}"##,
            "`A.b` is a union",
        ),
        (
            r#"{"openapi": "3.0.0", "paths": {"/v1/x/y": {"post": {"operationId": "y", "requestBody": {"content": {"text/plain": {}}}, "responses": {}}}}, "components": {"schemas": {}}}"#,
            "request body",
        ),
    ];
    for (text, expected) in cases {
        let err = generate(text).expect_err(text).to_string();
        assert!(err.contains(expected), "{text}: {err}");
    }
}

#[test]
fn parameters_methods_and_inline_schemas_snapshot() {
    // Path, query (integer, boolean, inline enum) and header parameters; GET, PUT and DELETE
    // with and without a body; inline object and enum schemas named from where they sit. The
    // same shapes in Stytch's own document are compiled and driven over HTTP by `tests/whole_api.rs` (`--features full`).
    let text = std::fs::read_to_string(here("fixtures/params.json")).unwrap();
    let out = generate(&text).unwrap_or_else(|e| panic!("{e}"));
    syn::parse_file(&out.rust).expect("generated code parses");
    check_snapshot("params.rs", &out.rust);
    let squash = |s: &str| s.split_whitespace().collect::<String>().replace(",)", ")");
    let rust = squash(&out.rust);
    // The whole-API tests' call table: every operation, each parameter set by its name.
    let calls = squash(&out.test_calls);
    for needle in [
        "out.push(call!(\"GET /v1/b2b/gadgets/{gadget_id}\", stytch_b2b_otp_sms::gadgets::GetRequest,",
        "request.gadget_id = params.value(\"gadget_id\");",
        "request.sort = params.opt_value(\"sort\");",
        "client.gadgets().delete(request)",
    ] {
        assert!(
            calls.contains(&squash(needle)),
            "missing `{needle}` in {calls}"
        );
    }
    for needle in [
        "pub struct GetRequest",
        "pub fn new(gadget_id: impl Into<String>, include_parts: impl Into<bool>) -> Self",
        "params.path(\"gadget_id\", &request.gadget_id);",
        "params.query(\"limit\", request.limit.as_ref());",
        "params.query(\"include_parts\", Some(&request.include_parts));",
        "params.query(\"sort\", request.sort.as_ref());",
        "params.header(\"X-Stytch-Member-SessionJWT\", request.x_stytch_member_session_jwt.as_ref());",
        "pub enum GetRequestSort",
        "pub struct UpdateRequestSize",
        "pub enum UpdateRequestSizeUnit",
        "pub struct GadgetPartsItem",
        "self.client.call(&OPERATION, params, Some(&request))",
        "self.client.call(&OPERATION, params, None::<&()>)",
        ".field(\"api_key\", &self.api_key.as_ref().map(|_| crate::__support::Redacted))",
        "pub fn get(self, request: crate::gadgets::GetRequest) -> crate::Pending<",
        "pub fn update(self, request: crate::gadgets::UpdateRequest) -> crate::Pending<",
        "pub fn delete(self, request: crate::gadgets::DeleteRequest) -> crate::Pending<",
    ] {
        assert!(rust.contains(&squash(needle)), "missing `{needle}`");
    }
}

#[test]
fn server_glue_routes_path_query_and_header_parameters() {
    let text = std::fs::read_to_string(here("fixtures/params.json")).unwrap();
    let serve = |operations: &'static [&'static str]| {
        Generator::new(Settings {
            server_operations: operations,
            feature_of: |_| Some(Feature::Always),
            ..Settings::stytch()
        })
        .allow_undocumented()
        .generate(&text)
    };
    let out = serve(&[
        "api_gadget_v1_gadgets_Update",
        "api_gadget_v1_gadgets_Delete",
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    syn::parse_file(&out.rust).expect("generated code parses");
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let rust = squash(&out.rust);
    for needle in [
        "\"gadgets.update\" => {",
        "\"gadgets.delete\" => {",
        "request.gadget_id = match path_parameter(&raw, 0usize) {",
        "parameter: \"gadget_id\",",
    ] {
        assert!(rust.contains(&squash(needle)), "missing `{needle}`");
    }
    // `gadgets.get` has query parameters: each read by name, typed, a bad value refused.
    let out = serve(&["api_gadget_v1_gadgets_Get"]).unwrap_or_else(|e| panic!("{e}"));
    let rust = squash(&out.rust);
    for needle in [
        "if let Some(value) = query_parameter(query, \"limit\") {",
        "request.limit = match value.and_then(|v| query_value(&v)) {",
        "Ok(value) => Some(value),",
        "request.include_parts = match value.and_then(|v| query_value(&v)) {",
        "parameter: \"sort\",",
    ] {
        assert!(rust.contains(&squash(needle)), "missing `{needle}`");
    }
}

#[test]
fn identifiers_marked_non_empty_are_checked_before_sending() {
    // `x-non-empty` on a required string body field: the method refuses it empty.
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(here("fixtures/widgets.json")).unwrap())
            .unwrap();
    let spin = "/components/schemas/api_widget_v1_widget_SpinRequest/properties/widget_id";
    doc.pointer_mut(spin).unwrap()["x-non-empty"] = true.into();
    let out = generate(&doc.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let rust = squash(&out.rust);
    for needle in [
        "let mut params = crate::runtime::Params::none(); \
         params.non_empty(\"widget_id\", &request.widget_id); \
         self.client.call(&OPERATION, params, Some(&request))",
        "[`Error::Argument`](crate::Error::Argument), before anything is sent, when `widget_id` \
         is empty.",
    ] {
        let needle = squash(needle).replace("///", "");
        assert!(
            rust.replace("///", "").contains(&needle),
            "missing `{needle}`"
        );
    }
    // Unmarked, nothing is checked (the gear's `gear_id` is required too).
    assert_eq!(rust.matches("params.non_empty(").count(), 1);

    // A mark on a field the check cannot cover is an error naming it, not a rule left out.
    let color = "/components/schemas/api_widget_v1_gear_TurnRequest/properties/color";
    doc.pointer_mut(color).unwrap()["x-non-empty"] = true.into();
    let err = generate(&doc.to_string()).unwrap_err().to_string();
    assert!(
        err.contains("`color`") && err.contains("x-non-empty"),
        "{err}"
    );
}
