//! The `error_type`s a caller of an operation handles, as data, and their rendering.
//!
//! The vendor's document shows only the generic errors of every operation (`401`, `429`,
//! `500`) in its examples; the ones a caller matches on (`otp_code_not_found` for an SMS
//! authenticate) are written in our docs files, on each operation:
//!
//! ```json
//! "operations": { "<operationId>": { "errors": [
//!     { "error_type": "otp_code_not_found", "status": 404,
//!       "when": "the code is wrong, expired or already used" } ] } }
//! ```
//!
//! [`parse`] refuses an entry without one of the three keys, with another key, with a status
//! that is not an HTTP error (400–599), an `error_type` that is not snake_case, or an
//! `error_type` listed twice, naming the operation and the field. [`crate::Prose::apply`]
//! writes the list on the operation under [`MARK`]; [`collect`] reads it back when the
//! document is read, and [`rustdoc`] and [`markdown`] render it in a method's `# Errors`
//! section and under the operation in the API reference.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::Error;
use crate::openapi::{Api, Operation, is_operation_method};

/// The extension under which an operation carries its errors.
pub const MARK: &str = "x-errors";

/// One `error_type` an operation answers, with its HTTP status and when it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Documented {
    /// The vendor's `error_type`, exactly as the vendor spells it.
    pub error_type: String,
    /// The HTTP status it comes with.
    pub status: u16,
    /// When the operation answers it, in a few words (no capital, no final stop).
    pub when: String,
}

/// Reads an operation's `errors` list; `at` names the operation (and file) in messages.
pub fn parse(value: &Value, at: &str) -> Result<Vec<Documented>, Error> {
    let entries = value
        .as_array()
        .ok_or_else(|| Error::new(format!("{at} must be a list of errors")))?;
    let mut out: Vec<Documented> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let at = format!("{at}[{i}]");
        let obj = entry
            .as_object()
            .ok_or_else(|| Error::new(format!("{at} must be an object")))?;
        if let Some(other) = obj
            .keys()
            .find(|k| !matches!(k.as_str(), "error_type" | "status" | "when"))
        {
            return Err(Error::new(format!(
                "{at}: unknown key `{other}` (expected error_type, status and when)"
            )));
        }
        let documented = Documented {
            error_type: error_type(obj, &at)?,
            status: status(obj, &at)?,
            when: when(obj, &at)?,
        };
        if out.iter().any(|d| d.error_type == documented.error_type) {
            return Err(Error::new(format!(
                "{at}: `error_type` `{}` is listed twice",
                documented.error_type
            )));
        }
        out.push(documented);
    }
    Ok(out)
}

fn error_type(obj: &Map<String, Value>, at: &str) -> Result<String, Error> {
    let value = required(obj, "error_type", at)?;
    let name = value.as_str().unwrap_or("");
    let snake = !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !snake {
        return Err(Error::new(format!(
            "{at}.error_type must be a snake_case name, not {value}"
        )));
    }
    Ok(name.to_string())
}

fn status(obj: &Map<String, Value>, at: &str) -> Result<u16, Error> {
    let value = required(obj, "status", at)?;
    value
        .as_u64()
        .filter(|s| (400..600).contains(s))
        .map(|s| s as u16)
        .ok_or_else(|| {
            Error::new(format!(
                "{at}.status must be an HTTP error status (a number from 400 to 599), not {value}"
            ))
        })
}

fn when(obj: &Map<String, Value>, at: &str) -> Result<String, Error> {
    let value = required(obj, "when", at)?;
    let text = value.as_str().map(str::trim).unwrap_or("");
    if text.is_empty() || text.contains('\n') {
        return Err(Error::new(format!(
            "{at}.when must be one line of text, not {value}"
        )));
    }
    Ok(text.trim_end_matches('.').to_string())
}

fn required<'a>(obj: &'a Map<String, Value>, key: &str, at: &str) -> Result<&'a Value, Error> {
    obj.get(key)
        .ok_or_else(|| Error::new(format!("{at}: missing `{key}`")))
}

/// The list as the document carries it under [`MARK`].
pub fn to_value(errors: &[Documented]) -> Value {
    Value::Array(
        errors
            .iter()
            .map(|d| json!({"error_type": d.error_type, "status": d.status, "when": d.when}))
            .collect(),
    )
}

/// Every operation's errors ([`MARK`]), by `operationId`; a malformed list is an error naming
/// the operation.
pub fn collect(doc: &Value) -> Result<BTreeMap<String, Vec<Documented>>, Error> {
    let mut out = BTreeMap::new();
    let paths = doc.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            let Some(list) = op.get(MARK).filter(|_| is_operation_method(method)) else {
                continue;
            };
            let id = op.get("operationId").and_then(Value::as_str).unwrap_or("");
            let at = format!(
                "operation `{id}` ({} {path}): `{MARK}`",
                method.to_uppercase()
            );
            out.insert(id.to_string(), parse(list, &at)?);
        }
    }
    Ok(out)
}

/// The operation's own errors for its rustdoc `# Errors` section (appended after the generic
/// ones): a paragraph and a list, or nothing when none are written.
pub fn rustdoc(api: &Api, op: &Operation) -> String {
    let Some(errors) = api.errors.get(&op.id).filter(|e| !e.is_empty()) else {
        return String::new();
    };
    let mut text = String::from(
        "\n\nSpecific to this operation, the `error_type`s a caller usually handles (match on \
         `error_type()`):\n",
    );
    for d in errors {
        text.push_str(&format!(
            "\n- `{}` (HTTP {}): {}.",
            d.error_type, d.status, d.when
        ));
    }
    text
}

/// The operation's own errors for the Markdown API reference: an `### Errors` section, or
/// nothing when none are written.
pub fn markdown(api: &Api, op: &Operation) -> String {
    let Some(errors) = api.errors.get(&op.id).filter(|e| !e.is_empty()) else {
        return String::new();
    };
    let generic: Vec<String> = op
        .documented_errors
        .iter()
        .map(|(status, error_type)| format!("`{error_type}` ({status})"))
        .collect();
    let mut text = if generic.is_empty() {
        String::from("### Errors\n\n")
    } else {
        format!(
            "### Errors\n\nBesides the generic {}, this operation answers:\n\n",
            generic.join(", ")
        )
    };
    for d in errors {
        let when = d.when.replace('|', "\\|");
        text.push_str(&format!("- `{}` ({}): {when}.\n", d.error_type, d.status));
    }
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(value: Value) -> String {
        parse(&value, "a.json: `operations`.`op_Send`.`errors`")
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_list_is_read_in_order_and_round_trips() {
        let value = json!([
            {"error_type": "otp_code_not_found", "status": 404, "when": "the code is wrong."},
            {"error_type": "invalid_phone_number", "status": 400, "when": "not E.164"}
        ]);
        let errors = parse(&value, "x").unwrap();
        assert_eq!(errors[0].error_type, "otp_code_not_found");
        assert_eq!(errors[0].status, 404);
        assert_eq!(errors[0].when, "the code is wrong");
        assert_eq!(errors[1].status, 400);
        assert_eq!(parse(&to_value(&errors), "x").unwrap(), errors);
    }

    /// A document of one operation, whose examples show a generic 401.
    fn document() -> String {
        let error = json!({"content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/ErrorResponse"}}}});
        let mut unauthorized = error.clone();
        unauthorized["content"]["application/json"]["example"] =
            json!({"error_type": "unauthorized_credentials"});
        json!({
            "openapi": "3.0.3",
            "info": {"title": "Fixture API", "version": "1"},
            "paths": {"/v1/b2b/gears/turn": {"post": {
                "operationId": "api_gear_v1_Turn",
                "requestBody": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/api_gear_v1_TurnRequest"}}}},
                "responses": {
                    "200": {"content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/api_gear_v1_TurnResponse"}}}},
                    "401": unauthorized,
                    "default": error
                }
            }}},
            "components": {"schemas": {
                "api_gear_v1_TurnRequest": {"type": "object", "required": ["gear_id"],
                    "properties": {"gear_id": {"type": "string"}}},
                "api_gear_v1_TurnResponse": {"type": "object",
                    "properties": {"turned": {"type": "boolean"}}},
                "ErrorResponse": {"type": "object",
                    "required": ["status_code", "request_id", "error_type", "error_message", "error_url"],
                    "properties": {
                        "status_code": {"type": "integer", "format": "uint16", "minimum": 0},
                        "request_id": {"type": "string"}, "error_type": {"type": "string"},
                        "error_message": {"type": "string"}, "error_url": {"type": "string"},
                        "error_details": {"type": "object", "additionalProperties": true}}}
            }}
        })
        .to_string()
    }

    fn generate(docs: Value) -> Result<crate::Generated, Error> {
        let prose = crate::Prose::parse(&[("docs/gears.json".to_string(), docs.to_string())])?;
        crate::Generator::new(crate::Settings {
            server_operations: &[],
            feature_of: |_| Some(crate::Feature::Always),
            ..crate::Settings::stytch()
        })
        .prose(prose)
        .allow_undocumented()
        .generate(&document())
    }

    /// The text without whitespace and doc-comment markers, so that wrapping does not matter.
    fn squash(s: &str) -> String {
        s.replace("///", "").split_whitespace().collect()
    }

    #[test]
    fn the_docs_data_becomes_the_errors_section_and_the_reference_list() {
        let out = generate(json!({"operations": {"api_gear_v1_Turn": {"errors": [
            {"error_type": "gear_not_found", "status": 404, "when": "no gear has that id"},
            {"error_type": "gear_stuck", "status": 409, "when": "the gear | is jammed."}
        ]}}}))
        .unwrap_or_else(|e| panic!("{e}"));
        let rust = squash(&out.rust);
        for needle in [
            "- `unauthorized_credentials` (HTTP 401)",
            "Specific to this operation, the `error_type`s a caller usually handles (match on `error_type()`):",
            "- `gear_not_found` (HTTP 404): no gear has that id.",
            "- `gear_stuck` (HTTP 409): the gear | is jammed.",
        ] {
            assert!(
                rust.contains(&squash(needle)),
                "missing `{needle}` in the rustdoc"
            );
        }
        // In the section, after the generic list and before the transport errors.
        let section = &rust[rust.find("#Errors").unwrap()..];
        let generic = section.find("unauthorized_credentials").unwrap();
        let own = section.find("gear_not_found").unwrap();
        assert!(generic < own && own < section.find("Error::Timeout").unwrap());
        assert!(out.reference.contains(
            "### Errors\n\nBesides the generic `unauthorized_credentials` (401), this operation \
             answers:\n\n- `gear_not_found` (404): no gear has that id.\n\
             - `gear_stuck` (409): the gear \\| is jammed.\n"
        ));

        // Without a list, neither appears.
        let plain = generate(json!({})).unwrap_or_else(|e| panic!("{e}"));
        assert!(!plain.rust.contains("usually handles"));
        assert!(!plain.reference.contains("### Errors"));
    }

    #[test]
    fn a_bad_entry_in_a_docs_file_fails_the_generation() {
        let err = generate(json!({"operations": {"api_gear_v1_Turn": {"errors": [
            {"error_type": "gear_not_found", "when": "no gear has that id"}
        ]}}}))
        .unwrap_err()
        .to_string();
        assert!(
            err.contains(
                "docs/gears.json: `operations`.`api_gear_v1_Turn`.`errors`[0]: missing `status`"
            ),
            "{err}"
        );
    }

    #[test]
    fn a_bad_entry_is_refused_naming_the_operation_and_the_field() {
        let entry = |extra: Value| {
            let mut e = json!({"error_type": "otp_code_not_found", "status": 404, "when": "w"});
            for (k, v) in extra.as_object().unwrap() {
                if v.is_null() {
                    e.as_object_mut().unwrap().remove(k);
                } else {
                    e[k] = v.clone();
                }
            }
            json!([e])
        };
        for (value, expected) in [
            (entry(json!({"status": null})), "[0]: missing `status`"),
            (entry(json!({"when": null})), "[0]: missing `when`"),
            (
                entry(json!({"error_type": null})),
                "[0]: missing `error_type`",
            ),
            (entry(json!({"code": 1})), "[0]: unknown key `code`"),
            (
                entry(json!({"status": "404"})),
                "[0].status must be an HTTP error status",
            ),
            (
                entry(json!({"status": 200})),
                "[0].status must be an HTTP error status",
            ),
            (
                entry(json!({"error_type": "Not Found"})),
                "[0].error_type must be a snake_case",
            ),
            (entry(json!({"when": ""})), "[0].when must be one line"),
            (json!({}), "must be a list of errors"),
            (json!(["x"]), "[0] must be an object"),
        ] {
            let err = refused(value);
            assert!(err.contains("`op_Send`"), "{err}");
            assert!(err.contains(expected), "{expected:?} not in {err:?}");
        }
        let twice = json!([
            {"error_type": "a", "status": 400, "when": "w"},
            {"error_type": "a", "status": 404, "when": "w"}
        ]);
        assert!(refused(twice).contains("[1]: `error_type` `a` is listed twice"));
    }
}
