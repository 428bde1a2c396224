//! Synthetic schemas N× the size of `schema/stytch-b2b.openapi.json`, for the generator's growth
//! curve: same shapes, renamed.
//!
//! Copy 0 is the schema itself. Copies 1..N clone every component schema under its key plus
//! the copy's number (`api_organization_v1_Member` → `api_organization_v1_Member7`, which the
//! generator names `organizations::Member7`), with every `$ref` inside the clone pointing at the
//! same copy; and clone every operation under a new path (`/v1/b2b/otps/sms/send` →
//! `/v1/b2b/otps/sms7/send`, a method of `client.otps().sms7()`) with a suffixed `operationId`
//! and its `$ref`s rewritten the same way. So an N× schema has N× the types, the properties,
//! the operations and (nearly) the bytes.

use serde_json::{Map, Value};

/// The SDK's base document, as checked in.
pub const SCHEMA: &str = include_str!("../../schema/stytch-b2b.openapi.json");
/// The SDK's overlay.
pub const OVERLAY: &str = include_str!("../../schema/overlay.json");
/// Stytch's whole published B2B document (the generator's test fixture).
pub const WHOLE: &str = include_str!("../../codegen/tests/fixtures/stytch-b2b.openapi.json");

/// Runs the generator as `build.rs` does (the SDK's overlay, Stytch's settings) with every
/// operation of `document` selected.
#[cfg(feature = "codegen")]
pub fn generate(document: &str) -> Result<stytch_b2b_otp_sms_codegen::Generated, String> {
    stytch_b2b_otp_sms_codegen::Generator::new(stytch_b2b_otp_sms_codegen::Settings::stytch())
        .overlay(OVERLAY)
        .and_then(|g| g.generate(document))
        .map_err(|e| e.to_string())
}

/// Prefix of a reference to a component schema.
const REF_PREFIX: &str = "#/components/schemas/";

/// `schema` (an OpenAPI document in the shape of `schema/`) scaled `factor` times.
pub fn scaled(schema: &str, factor: usize) -> Result<String, String> {
    if factor == 0 {
        return Err("factor must be at least 1".into());
    }
    let mut doc: Value = serde_json::from_str(schema).map_err(|e| e.to_string())?;
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .ok_or("no components.schemas")?;
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .cloned()
        .ok_or("no paths")?;

    let mut all_schemas = schemas.clone();
    let mut all_paths = paths.clone();
    for copy in 1..factor {
        let suffix = copy.to_string();
        for (key, schema) in &schemas {
            let mut clone = schema.clone();
            rewrite_refs(&mut clone, &suffix);
            insert_new(&mut all_schemas, format!("{key}{suffix}"), clone)?;
        }
        for (path, item) in &paths {
            let mut clone = item.clone();
            rewrite_refs(&mut clone, &suffix);
            if let Some(operations) = clone.as_object_mut() {
                for operation in operations.values_mut() {
                    if let Some(Value::String(id)) = operation.get_mut("operationId") {
                        id.push_str(&suffix);
                    }
                }
            }
            insert_new(&mut all_paths, renamed_path(path, &suffix)?, clone)?;
        }
    }
    doc["components"]["schemas"] = Value::Object(all_schemas);
    doc["paths"] = Value::Object(all_paths);
    serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())
}

/// `/v1/b2b/otps/sms/send` → `/v1/b2b/otps/sms7/send`: the last resource segment, the one
/// before the action, gets the suffix.
fn renamed_path(path: &str, suffix: &str) -> Result<String, String> {
    let (resource, action) = path
        .rsplit_once('/')
        .ok_or_else(|| format!("path {path:?} has no action segment"))?;
    Ok(format!("{resource}{suffix}/{action}"))
}

fn insert_new(map: &mut Map<String, Value>, key: String, value: Value) -> Result<(), String> {
    if map.contains_key(&key) {
        return Err(format!("{key:?} already exists: pick another suffix"));
    }
    map.insert(key, value);
    Ok(())
}

/// Points every `$ref` to a component schema inside `value` at the copy with `suffix`.
fn rewrite_refs(value: &mut Value, suffix: &str) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    Value::String(target) if key == "$ref" && target.starts_with(REF_PREFIX) => {
                        target.push_str(suffix);
                    }
                    _ => rewrite_refs(v, suffix),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_refs(v, suffix)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_times_is_the_schema() {
        let once: Value = serde_json::from_str(&scaled(SCHEMA, 1).unwrap()).unwrap();
        let schema: Value = serde_json::from_str(SCHEMA).unwrap();
        assert_eq!(once, schema);
    }

    #[test]
    fn copies_are_renamed_and_closed_under_refs() {
        let doc: Value = serde_json::from_str(&scaled(SCHEMA, 3).unwrap()).unwrap();
        let schemas = doc
            .pointer("/components/schemas")
            .unwrap()
            .as_object()
            .unwrap();
        let original: Value = serde_json::from_str(SCHEMA).unwrap();
        let n = original["components"]["schemas"].as_object().unwrap().len();
        assert_eq!(schemas.len(), 3 * n);
        assert!(schemas.contains_key("api_organization_v1_Member2"));
        let member2 = serde_json::to_string(&schemas["api_organization_v1_Member2"]).unwrap();
        assert!(member2.contains("api_organization_v1_SSORegistration2\""));
        assert!(!member2.contains("api_organization_v1_SSORegistration\""));
        let paths = doc["paths"].as_object().unwrap();
        assert_eq!(paths.len(), 6);
        let op = &paths["/v1/b2b/otps/sms1/send"]["post"];
        assert_eq!(op["operationId"], "api_b2b_otp_v1_b2b_otp_sms_Send1");
        assert!(
            serde_json::to_string(op)
                .unwrap()
                .contains("api_b2b_otp_v1_b2b_otp_sms_SendResponse1\"")
        );
    }

    #[test]
    fn the_generator_takes_the_scaled_schemas() {
        let once = generate(SCHEMA).unwrap();
        let twice = generate(&scaled(SCHEMA, 2).unwrap()).unwrap();
        // The overlay adds the error body once.
        assert_eq!(twice.type_count, 2 * once.type_count - 1);
        assert!(twice.rust.contains("pub struct Member1 "));
        assert!(twice.rust.contains("fn sms1("));
    }
}
