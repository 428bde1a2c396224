//! Navigation in the generated docs, on a small document built here: the crate docs' feature
//! table (modules, client paths and gifts of each cargo feature) and module table (what a
//! module's items need), the note on each request type naming the methods that send it, and
//! the reference's client path and feature per operation.

use serde_json::{Value, json};
use stytch_b2b_otp_sms_codegen::{CargoFeature, Feature, Generated, Generator, Settings};

/// A gizmo vendor's document: `gizmos().spin` every build has; `gizmos().paint` behind
/// `paints` on the same handle, its request in a module of its own that re-exports the
/// always-compiled `Color`; a paged `tools().list` behind `tools`.
fn document() -> Value {
    let body = |key: &str| json!({"content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{key}")}}}});
    let operation = |id: &str, request: &str, response: &str| json!({"operationId": id, "requestBody": body(request), "responses": {"200": body(response)}});
    let mut list = operation(
        "api_tool_v1_tools_List",
        "api_tool_v1_tools_ListRequest",
        "api_tool_v1_tools_ListResponse",
    );
    list["x-pagination"] =
        json!({"request_cursor": "cursor", "response_cursor": "next_cursor", "items": "tools"});
    let string = json!({"type": "string"});
    let color = json!({"$ref": "#/components/schemas/api_gizmo_v1_Color"});
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Gizmos", "version": "1"},
        "paths": {
            "/v1/b2b/gizmos/spin": {"post": operation(
                "api_gizmo_v1_gizmos_Spin",
                "api_gizmo_v1_gizmos_SpinRequest",
                "api_gizmo_v1_gizmos_SpinResponse")},
            "/v1/b2b/gizmos/paint": {"post": operation(
                "api_gizmo_v1_gizmo_paint_Paint",
                "api_gizmo_v1_gizmo_paint_PaintRequest",
                "api_gizmo_v1_gizmo_paint_PaintResponse")},
            "/v1/b2b/tools/list": {"post": list}
        },
        "components": {"schemas": {
            "api_gizmo_v1_Color": {"type": "object", "properties": {"hue": string}},
            "api_gizmo_v1_gizmos_SpinRequest": {"type": "object", "required": ["gizmo_id"],
                "properties": {"gizmo_id": string}},
            "api_gizmo_v1_gizmos_SpinResponse": {"type": "object", "properties": {"color": color}},
            "api_gizmo_v1_gizmo_paint_PaintRequest": {"type": "object",
                "properties": {"color": color}},
            "api_gizmo_v1_gizmo_paint_PaintResponse": {"type": "object",
                "properties": {"request_id": string}},
            "api_tool_v1_Tool": {"type": "object", "properties": {"name": string}},
            "api_tool_v1_tools_ListRequest": {"type": "object", "properties": {"cursor": string}},
            "api_tool_v1_tools_ListResponse": {"type": "object", "required": ["tools"],
                "properties": {"tools": {"type": "array",
                    "items": {"$ref": "#/components/schemas/api_tool_v1_Tool"}},
                "next_cursor": string}},
            "ErrorResponse": {"type": "object",
                "required": ["status_code", "request_id", "error_type", "error_message", "error_url"],
                "properties": {
                    "status_code": {"type": "integer", "format": "uint16"},
                    "request_id": string, "error_type": string, "error_message": string,
                    "error_url": string,
                    "error_details": {"type": "object", "additionalProperties": true}}}
        }}
    })
}

const FEATURES: &[CargoFeature] = &[
    CargoFeature {
        name: "rustls",
        default: true,
        modules: "",
        client: "",
        gives: "TLS.",
    },
    CargoFeature {
        name: "paints",
        default: false,
        modules: "",
        client: "",
        gives: "",
    },
    CargoFeature {
        name: "tools",
        default: false,
        modules: "",
        client: "",
        gives: "Hammers.",
    },
];

fn generate(features: &'static [CargoFeature]) -> Result<Generated, String> {
    Generator::new(Settings {
        server_operations: &[],
        extensions: &[],
        crate_docs: "",
        feature_of: |path| {
            Some(match path {
                "/v1/b2b/gizmos/paint" => Feature::Named("paints".into()),
                p if p.starts_with("/v1/b2b/tools/") => Feature::Named("tools".into()),
                _ => Feature::Always,
            })
        },
        cargo_features: features,
        blocking_feature: Some("blocking"),
        ..Settings::stytch()
    })
    .allow_undocumented()
    .generate(&document().to_string())
    .map_err(|e| e.to_string())
}

/// Without whitespace and doc-comment markers, so that a needle matches however the line
/// is wrapped.
fn squash(s: &str) -> String {
    s.replace("///", "").split_whitespace().collect()
}

#[test]
fn the_feature_table_gives_each_features_modules_paths_and_gifts() {
    let out = generate(FEATURES).unwrap_or_else(|e| panic!("{e}"));
    let docs = &out.crate_docs;
    for needle in [
        // The always-on method shares its handle with `paint`: the path is the method.
        "Every build has [`client.gizmos().spin(request)`](crate::resources::Gizmos::spin);",
        "| Feature | Default | Modules | Client paths | Gives |",
        "| `rustls` | yes | — | — | TLS. |",
        "| `paints` | no | [`gizmo_paint`](crate::gizmo_paint) \
         | [`client.gizmos().paint(request)`](resources/struct.Gizmos.html#method.paint) \
         | 1 operation. |",
        // A handle whose every method is the feature's is its path.
        "[`client.tools()`](resources/struct.Tools.html) \
         | 1 operation; pagination: `client.tools().list_pages(request)`. Hammers. |",
        // The module table: `gizmo_paint` is compiled in every build (it re-exports `Color`,
        // which `spin` answers with), but its own items need `paints`.
        "| [`gizmo_paint`](crate::gizmo_paint) | `paints` (the module itself is always \
         present, holding only its re-export of `Color`) |",
        "| [`gizmos`](crate::gizmos) | always |",
    ] {
        assert!(docs.contains(needle), "missing `{needle}` in:\n{docs}");
    }
    let tools_row = docs.lines().find(|l| l.starts_with("| `tools` |")).unwrap();
    assert!(
        tools_row.contains("[`tools`](tools/index.html)"),
        "{tools_row}"
    );
    assert!(
        tools_row.contains("[`tool`](tool/index.html)"),
        "{tools_row}"
    );
}

#[test]
fn a_feature_operations_are_behind_must_be_listed() {
    let err = generate(&FEATURES[..2]).expect_err("`tools` is not listed");
    assert!(
        err.contains("`tools`") && err.contains("cargo_features"),
        "{err}"
    );
    // No list, no table (and no check).
    let out = generate(&[]).unwrap_or_else(|e| panic!("{e}"));
    assert!(!out.crate_docs.contains("# Features"));
    assert!(out.crate_docs.contains("# Generated modules"));
}

#[test]
fn request_types_name_the_methods_that_send_them() {
    let out = generate(FEATURES).unwrap_or_else(|e| panic!("{e}"));
    let rust = squash(&out.rust);
    for needle in [
        "/// Sent by [`Gizmos::paint`](crate::resources::Gizmos::paint): \
         /// `client.gizmos().paint(request)`.",
        "#[cfg_attr(feature = \"blocking\", doc = \" On the blocking client: \
         [`Gizmos::paint`](crate::blocking::resources::Gizmos::paint).\")]",
        "/// Sent by [`Gizmos::spin`](crate::resources::Gizmos::spin): \
         /// `client.gizmos().spin(request)`.",
        "or page by page by /// [`Tools::list_pages`](crate::resources::Tools::list_pages).",
        // The pager names its request type.
        "/// `request` is the operation's own [`ListRequest`](crate::tools::ListRequest).",
        "pub fn list_pages(self, request: crate::tools::ListRequest",
    ] {
        assert!(rust.contains(&squash(needle)), "missing `{needle}`");
    }
    // The methods link to their request types.
    assert!(rust.contains(&squash(
        "[`PaintRequest`](crate::gizmo_paint::PaintRequest)"
    )));
}

#[test]
fn the_reference_gives_each_operations_client_path_and_feature() {
    let out = generate(FEATURES).unwrap_or_else(|e| panic!("{e}"));
    let reference = &out.reference;
    for needle in [
        "- Client: `client.gizmos().paint(request).await`\n\
         - Blocking client (`blocking` feature): the same path, without `.await`\n\
         - Feature: `paints`\n",
        "- Client: `client.gizmos().spin(request).await`\n\
         - Blocking client (`blocking` feature): the same path, without `.await`\n\
         - Feature: always compiled\n",
        "- Page by page: `client.tools().list_pages(request)`\n- Feature: `tools`\n",
    ] {
        assert!(
            reference.contains(needle),
            "missing `{needle}` in:\n{reference}"
        );
    }
}
