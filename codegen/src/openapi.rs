//! Reads the parts of an OpenAPI 3.0 document that the generator uses into a
//! small intermediate model, validating as it goes so that a malformed schema
//! gives a clear error instead of a panic deep inside code generation.

use serde_json::{Map, Value};

use crate::Error;

/// Prefix of every local schema reference in an OpenAPI 3.0 document.
pub const SCHEMA_REF_PREFIX: &str = "#/components/schemas/";

/// The document, reduced to what the generator needs.
#[derive(Debug)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// Operations in document order.
    pub operations: Vec<Operation>,
    /// Component schemas in document order.
    pub schemas: Vec<NamedSchema>,
}

/// One HTTP operation with a JSON request body and a JSON success response.
#[derive(Debug)]
pub struct Operation {
    /// `operationId`.
    pub id: String,
    /// Upper-case HTTP method, e.g. `POST`.
    pub method: String,
    /// Path template, e.g. `/v1/b2b/otps/sms/send`.
    pub path: String,
    /// `summary`, if any.
    pub summary: Option<String>,
    /// `description`, if any.
    pub description: Option<String>,
    /// Component schema name of the JSON request body.
    pub request: String,
    /// Component schema name of the JSON success (2xx) response.
    pub response: String,
    /// Component schema name of the JSON error response (`default`, 4xx or 5xx), if any.
    pub error: Option<String>,
}

/// A component schema with its name.
#[derive(Debug)]
pub struct NamedSchema {
    /// Key under `components.schemas`.
    pub key: String,
    /// The schema itself, as written.
    pub raw: Value,
    /// What kind of Rust item it becomes.
    pub kind: SchemaKind,
    /// `description`, if any.
    pub description: Option<String>,
}

/// The shapes of named schema the generator turns into Rust items.
#[derive(Debug)]
pub enum SchemaKind {
    /// An object with declared properties: a struct.
    Object(Vec<Property>),
    /// A string enumeration: an open enum.
    StringEnum(Vec<String>),
}

/// One property of an object schema.
#[derive(Debug)]
pub struct Property {
    /// The name on the wire, exactly as in the schema.
    pub wire_name: String,
    /// `description` (also taken from a `$ref`'s sibling `description`).
    pub description: Option<String>,
    /// Listed in the object's `required`.
    pub required: bool,
    /// Marked `x-sensitive: true`: redacted in `Debug`.
    pub sensitive: bool,
    /// The property schema, as written.
    pub schema: Value,
}

impl Api {
    /// Parses and validates an OpenAPI 3.0.x JSON document.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let doc: Value = serde_json::from_str(text)
            .map_err(|e| Error::new(format!("the schema is not valid JSON: {e}")))?;
        let version = doc.get("openapi").and_then(Value::as_str).unwrap_or("");
        if !version.starts_with("3.0.") {
            return Err(Error::new(format!(
                "expected an OpenAPI 3.0.x document, found `openapi: {version:?}`"
            )));
        }
        let title = doc
            .pointer("/info/title")
            .and_then(Value::as_str)
            .unwrap_or("API")
            .to_string();

        let schemas_obj = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .ok_or_else(|| Error::new("the document has no `components.schemas` object"))?;
        let schemas = schemas_obj
            .iter()
            .map(|(key, raw)| parse_schema(key, raw))
            .collect::<Result<Vec<_>, _>>()?;

        let mut operations = Vec::new();
        let paths = doc
            .get("paths")
            .and_then(Value::as_object)
            .ok_or_else(|| Error::new("the document has no `paths` object"))?;
        for (path, item) in paths {
            let item = item
                .as_object()
                .ok_or_else(|| Error::new(format!("path `{path}` is not an object")))?;
            for (method, op) in item {
                if !matches!(
                    method.as_str(),
                    "get" | "put" | "post" | "delete" | "patch" | "head" | "options"
                ) {
                    continue;
                }
                operations.push(parse_operation(path, method, op)?);
            }
        }

        let api = Api {
            title,
            operations,
            schemas,
        };
        api.check_references(&doc)?;
        Ok(api)
    }

    /// Looks up a component schema by key.
    pub fn schema(&self, key: &str) -> Option<&NamedSchema> {
        self.schemas.iter().find(|s| s.key == key)
    }

    /// Every `$ref` must name an existing component schema: typify would
    /// otherwise panic on a dangling reference.
    fn check_references(&self, doc: &Value) -> Result<(), Error> {
        let mut missing = Vec::new();
        collect_refs(doc, &mut |r| {
            if let Some(key) = r.strip_prefix(SCHEMA_REF_PREFIX) {
                if self.schema(key).is_none() {
                    missing.push(r.to_string());
                }
            } else if !r.starts_with("#/components/") {
                missing.push(format!(
                    "{r} (only local `{SCHEMA_REF_PREFIX}…` references are supported)"
                ));
            }
        });
        if missing.is_empty() {
            Ok(())
        } else {
            missing.sort();
            missing.dedup();
            Err(Error::new(format!(
                "the schema has references to schemas it does not define: {}",
                missing.join(", ")
            )))
        }
    }
}

fn collect_refs(value: &Value, f: &mut impl FnMut(&str)) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                f(r);
            }
            map.values().for_each(|v| collect_refs(v, f));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, f)),
        _ => {}
    }
}

fn parse_schema(key: &str, raw: &Value) -> Result<NamedSchema, Error> {
    let obj = raw
        .as_object()
        .ok_or_else(|| Error::new(format!("schema `{key}` is not an object")))?;
    let description = string_field(obj, "description");
    let kind = if let Some(values) = obj.get("enum") {
        let values = values
            .as_array()
            .ok_or_else(|| Error::new(format!("schema `{key}`: `enum` is not an array")))?;
        let strings = values
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                Error::new(format!(
                    "schema `{key}`: only string enums are supported, found {values:?}"
                ))
            })?;
        SchemaKind::StringEnum(strings)
    } else if obj.get("type").and_then(Value::as_str) == Some("object")
        || obj.contains_key("properties")
    {
        let required: Vec<&str> = match obj.get("required") {
            None => Vec::new(),
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            Some(_) => {
                return Err(Error::new(format!(
                    "schema `{key}`: `required` is not an array"
                )));
            }
        };
        let empty = Map::new();
        let props = match obj.get("properties") {
            None => &empty,
            Some(Value::Object(p)) => p,
            Some(_) => {
                return Err(Error::new(format!(
                    "schema `{key}`: `properties` is not an object"
                )));
            }
        };
        if let Some(unknown) = required.iter().find(|r| !props.contains_key(**r)) {
            return Err(Error::new(format!(
                "schema `{key}`: required property `{unknown}` is not declared in `properties`"
            )));
        }
        let properties = props
            .iter()
            .map(|(name, schema)| {
                let p = schema.as_object().ok_or_else(|| {
                    Error::new(format!(
                        "schema `{key}`: property `{name}` is not an object"
                    ))
                })?;
                Ok(Property {
                    wire_name: name.clone(),
                    description: string_field(p, "description"),
                    required: required.contains(&name.as_str()),
                    sensitive: p.get("x-sensitive").and_then(Value::as_bool) == Some(true),
                    schema: schema.clone(),
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        SchemaKind::Object(properties)
    } else {
        return Err(Error::new(format!(
            "schema `{key}`: only object schemas and string enums can be named components"
        )));
    };
    Ok(NamedSchema {
        key: key.to_string(),
        raw: raw.clone(),
        kind,
        description,
    })
}

fn parse_operation(path: &str, method: &str, op: &Value) -> Result<Operation, Error> {
    let at = format!("{} {path}", method.to_uppercase());
    let op = op
        .as_object()
        .ok_or_else(|| Error::new(format!("operation `{at}` is not an object")))?;
    if path.contains('{') {
        return Err(Error::new(format!(
            "operation `{at}`: path parameters are not supported yet"
        )));
    }
    let id = string_field(op, "operationId")
        .ok_or_else(|| Error::new(format!("operation `{at}` has no `operationId`")))?;
    let request = json_schema_ref(op.get("requestBody"))
        .ok_or_else(|| {
            Error::new(format!(
                "operation `{at}`: the request body must be `application/json` with a `$ref` to a component schema"
            ))
        })?;
    let responses = op
        .get("responses")
        .and_then(Value::as_object)
        .ok_or_else(|| Error::new(format!("operation `{at}` has no `responses`")))?;
    let response = responses
        .iter()
        .filter(|(code, _)| code.starts_with('2'))
        .find_map(|(_, r)| json_schema_ref(Some(r)))
        .ok_or_else(|| {
            Error::new(format!(
                "operation `{at}`: no 2xx response with an `application/json` `$ref` schema"
            ))
        })?;
    let error = responses
        .iter()
        .filter(|(code, _)| *code == "default" || code.starts_with('4') || code.starts_with('5'))
        .find_map(|(_, r)| json_schema_ref(Some(r)));
    Ok(Operation {
        id,
        method: method.to_uppercase(),
        path: path.to_string(),
        summary: string_field(op, "summary"),
        description: string_field(op, "description"),
        request,
        response,
        error,
    })
}

/// `content.application/json.schema.$ref` of a request body or response,
/// as a component schema key.
fn json_schema_ref(body: Option<&Value>) -> Option<String> {
    body?
        .pointer("/content/application~1json/schema/$ref")?
        .as_str()?
        .strip_prefix(SCHEMA_REF_PREFIX)
        .map(str::to_string)
}

fn string_field(obj: &Map<String, Value>, key: &str) -> Option<String> {
    obj.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(schemas: Value, paths: Value) -> String {
        serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "T", "version": "1"},
            "paths": paths,
            "components": {"schemas": schemas}
        })
        .to_string()
    }

    #[test]
    fn reads_operations_and_properties_in_order() {
        let text = doc(
            serde_json::json!({
                "Req": {"type": "object", "required": ["b"], "properties": {
                    "b": {"type": "string", "x-sensitive": true},
                    "a": {"$ref": "#/components/schemas/Kind", "description": "The kind."}
                }},
                "Kind": {"type": "string", "enum": ["x-y", "z"]}
            }),
            serde_json::json!({"/v1/things/make": {"post": {
                "operationId": "make",
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Req"}}}},
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Req"}}}}}
            }}}),
        );
        let api = Api::parse(&text).unwrap();
        assert_eq!(api.operations.len(), 1);
        assert_eq!(api.operations[0].method, "POST");
        let SchemaKind::Object(props) = &api.schema("Req").unwrap().kind else {
            panic!("Req is an object")
        };
        let names: Vec<_> = props.iter().map(|p| p.wire_name.as_str()).collect();
        assert_eq!(names, ["b", "a"], "schema order is kept");
        assert!(props[0].required && props[0].sensitive);
        assert_eq!(props[1].description.as_deref(), Some("The kind."));
        assert!(
            matches!(&api.schema("Kind").unwrap().kind, SchemaKind::StringEnum(v) if v == &["x-y", "z"])
        );
    }

    #[test]
    fn dangling_references_are_a_clear_error() {
        let text = doc(
            serde_json::json!({"Req": {"type": "object", "properties": {
                "a": {"$ref": "#/components/schemas/Nope"}
            }}}),
            serde_json::json!({}),
        );
        let err = Api::parse(&text).unwrap_err().to_string();
        assert!(err.contains("#/components/schemas/Nope"), "{err}");
    }

    #[test]
    fn rejects_non_json_and_other_versions() {
        assert!(
            Api::parse("{")
                .unwrap_err()
                .to_string()
                .contains("not valid JSON")
        );
        let err = Api::parse(r#"{"openapi": "3.1.0"}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("3.0.x"), "{err}");
    }

    #[test]
    fn required_must_name_declared_properties() {
        let text = doc(
            serde_json::json!({"Req": {"type": "object", "required": ["zz"], "properties": {}}}),
            serde_json::json!({}),
        );
        let err = Api::parse(&text).unwrap_err().to_string();
        assert!(err.contains("`zz`"), "{err}");
    }
}
