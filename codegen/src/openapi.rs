//! Stage 4: read the (overlaid, selected) document into the generator's model, validating as
//! it goes so that a malformed schema gives a clear error naming its place instead of a panic
//! deep inside code generation.
//!
//! Every operation gets exactly one request type, as Stytch's own SDKs have: its JSON body's
//! component schema, with the operation's path, query and header parameters added as fields
//! that are not serialized into the body; or, for an operation without a body, a type
//! synthesized from its `operationId` (`..._connection_Delete` → `..._connection_DeleteRequest`)
//! holding just the parameters.

use serde_json::{Map, Value};

use crate::Error;
use crate::settings::Settings;

/// Prefix of every local schema reference in an OpenAPI 3.0 document.
pub const SCHEMA_REF_PREFIX: &str = "#/components/schemas/";

/// The document, reduced to what the generator needs.
#[derive(Debug)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// Operations in document order.
    pub operations: Vec<Operation>,
    /// Component schemas in document order, then the synthesized request types.
    pub schemas: Vec<NamedSchema>,
    /// The operations' own errors from our docs files ([`crate::errors`]), by `operationId`.
    pub errors: std::collections::BTreeMap<String, Vec<crate::errors::Documented>>,
}

/// One HTTP operation.
#[derive(Debug)]
pub struct Operation {
    /// `operationId`.
    pub id: String,
    /// Upper-case HTTP method, e.g. `POST`.
    pub method: String,
    /// Path template, e.g. `/v1/b2b/organizations/{organization_id}`.
    pub path: String,
    /// `summary`, if any.
    pub summary: Option<String>,
    /// `description`, if any.
    pub description: Option<String>,
    /// Component schema key of the request type (the body's, or a synthesized one).
    pub request: String,
    /// Whether the request type is sent as the JSON body (`false`: no body).
    pub has_body: bool,
    /// Component schema name of the JSON success (2xx) response.
    pub response: String,
    /// Component schema name of the JSON error response (`default`, 4xx or 5xx), if any.
    pub error: Option<String>,
    /// `externalDocs.url`: the vendor's reference page for the operation, if known.
    pub reference: Option<String>,
    /// A Rust doc example (Markdown with a fenced code block), from our docs files.
    pub example: Option<String>,
    /// The `(status, error_type)` pairs the document's error examples show, by status.
    pub documented_errors: Vec<(String, String)>,
    /// `x-pagination`, our overlay's mark on a cursor-paged operation, as written (read by
    /// [`crate::pages`]).
    pub pagination: Option<Value>,
    /// `x-search-filters`, our overlay's table of a search's filters, as written (read by
    /// [`crate::filters`]).
    pub search_filters: Option<Value>,
}

/// A component schema with its name.
#[derive(Debug)]
pub struct NamedSchema {
    /// Key under `components.schemas` (or the synthesized key of a request type).
    pub key: String,
    /// The schema itself, as written (synthesized request types: an empty object).
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

/// Where a request field travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A property of the JSON body (and of every response type).
    Body,
    /// A `{name}` segment of the path, percent-encoded.
    Path,
    /// A query parameter.
    Query,
    /// A request header.
    Header,
}

/// One property of an object schema, or a parameter of an operation.
#[derive(Debug)]
pub struct Property {
    /// The name on the wire, exactly as in the schema.
    pub wire_name: String,
    /// `description` (also taken from a `$ref`'s sibling `description`).
    pub description: Option<String>,
    /// Listed in the object's `required` (parameters: `required: true`).
    pub required: bool,
    /// A secret: redacted in `Debug`, error snippets and error details. Set by `x-sensitive`
    /// or by the settings' secret-name rule.
    pub sensitive: bool,
    /// Where it travels.
    pub location: Location,
    /// The property schema, as written.
    pub schema: Value,
}

impl Api {
    /// Reads a loaded document (overlay applied, operations selected, inline schemas named).
    pub fn from_document(doc: &Value, settings: &Settings) -> Result<Self, Error> {
        let title = doc
            .pointer("/info/title")
            .and_then(Value::as_str)
            .unwrap_or("API")
            .to_string();

        let schemas_obj = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .ok_or_else(|| Error::new("the document has no `components.schemas` object"))?;
        let mut schemas = schemas_obj
            .iter()
            .map(|(key, raw)| parse_schema(key, raw, settings))
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
            let shared = item.get("parameters");
            for (method, op) in item {
                match method.as_str() {
                    m if is_operation_method(m) => {}
                    "parameters" | "summary" | "description" | "servers" => continue,
                    m if m.starts_with("x-") => continue,
                    other => {
                        return Err(Error::new(format!(
                            "path `{path}`: HTTP method `{other}` is not supported"
                        )));
                    }
                }
                operations.push(parse_operation(
                    path,
                    method,
                    op,
                    shared,
                    &mut schemas,
                    settings,
                )?);
            }
        }

        let api = Api {
            title,
            operations,
            schemas,
            errors: crate::errors::collect(doc)?,
        };
        api.check_references(doc)?;
        Ok(api)
    }

    /// For each schema, the schemas whose definitions refer to it directly (by index, in
    /// document order).
    pub fn referrers(&self) -> Vec<Vec<usize>> {
        let index: std::collections::HashMap<&str, usize> = self
            .schemas
            .iter()
            .enumerate()
            .map(|(i, s)| (s.key.as_str(), i))
            .collect();
        let mut referrers = vec![Vec::new(); self.schemas.len()];
        for (i, s) in self.schemas.iter().enumerate() {
            collect_refs(&s.raw, &mut |r| {
                if let Some(&j) = r.strip_prefix(SCHEMA_REF_PREFIX).and_then(|k| index.get(k)) {
                    if !referrers[j].contains(&i) {
                        referrers[j].push(i);
                    }
                }
            });
        }
        referrers
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

/// Calls `f` with every `$ref` string under `value`.
pub(crate) fn collect_refs(value: &Value, f: &mut impl FnMut(&str)) {
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

/// Whether a property's values are strings (or lists of strings): only those are secret by
/// name.
fn is_stringy(schema: &Value) -> bool {
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => true,
        Some("array") => schema.get("items").is_some_and(is_stringy),
        _ => false,
    }
}

/// `x-sensitive` if present, else the settings' secret-name rule.
fn is_sensitive(name: &str, schema: &Value, mark: Option<&Value>, settings: &Settings) -> bool {
    match mark.and_then(Value::as_bool) {
        Some(explicit) => explicit,
        None => is_stringy(schema) && settings.secrets.matches(name),
    }
}

fn parse_schema(key: &str, raw: &Value, settings: &Settings) -> Result<NamedSchema, Error> {
    let obj = raw
        .as_object()
        .ok_or_else(|| Error::new(format!("schema `{key}` is not an object")))?;
    let description = string_field(obj, "description");
    let kind = if let Some(values) = obj.get("enum") {
        let values = values
            .as_array()
            .ok_or_else(|| Error::new(format!("schema `{key}`: `enum` is not an array")))?;
        let mut strings: Vec<String> = Vec::with_capacity(values.len());
        for v in values {
            let s = v.as_str().ok_or_else(|| {
                Error::new(format!(
                    "schema `{key}`: only string enums are supported, found {v}"
                ))
            })?;
            // An overlay that merges values into Stytch's list may repeat one: keep the first.
            if !strings.iter().any(|known| known == s) {
                strings.push(s.to_string());
            }
        }
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
                    sensitive: is_sensitive(name, schema, p.get("x-sensitive"), settings),
                    location: Location::Body,
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
    let mut raw = raw.clone();
    if let (SchemaKind::StringEnum(values), Some(obj)) = (&kind, raw.as_object_mut()) {
        obj.insert(
            "enum".into(),
            values.iter().map(|v| Value::from(v.as_str())).collect(),
        );
    }
    Ok(NamedSchema {
        key: key.to_string(),
        raw,
        kind,
        description,
    })
}

/// The parameters of an operation (path-level ones first, overridden by the operation's own),
/// as request fields.
fn parse_parameters(
    at: &str,
    path: &str,
    shared: Option<&Value>,
    own: Option<&Value>,
    settings: &Settings,
) -> Result<Vec<Property>, Error> {
    let mut params: Vec<Property> = Vec::new();
    for list in [shared, own].into_iter().flatten() {
        let list = list
            .as_array()
            .ok_or_else(|| Error::new(format!("operation `{at}`: `parameters` is not an array")))?;
        for (i, p) in list.iter().enumerate() {
            let where_ = format!("operation `{at}`, parameter #{}", i + 1);
            let p = p
                .as_object()
                .ok_or_else(|| Error::new(format!("{where_} is not an object")))?;
            if p.contains_key("$ref") {
                return Err(Error::new(format!(
                    "{where_}: `$ref` parameters are not supported; write the parameter inline"
                )));
            }
            let name = string_field(p, "name")
                .ok_or_else(|| Error::new(format!("{where_} has no `name`")))?;
            let where_ = format!("operation `{at}`, parameter `{name}`");
            let location = match p.get("in").and_then(Value::as_str) {
                Some("path") => Location::Path,
                Some("query") => Location::Query,
                Some("header") => Location::Header,
                other => {
                    return Err(Error::new(format!(
                        "{where_}: `in: {}` is not supported (path, query and header are)",
                        other.unwrap_or("missing")
                    )));
                }
            };
            let schema = p
                .get("schema")
                .cloned()
                .ok_or_else(|| Error::new(format!("{where_} has no `schema`")))?;
            let ty = schema.get("type").and_then(Value::as_str);
            let scalar = matches!(ty, Some("string" | "integer" | "number" | "boolean"))
                || schema.get("$ref").is_some();
            if !scalar {
                return Err(Error::new(format!(
                    "{where_}: only string, integer, number, boolean and enum parameters are \
                     supported, found {schema}"
                )));
            }
            let required = location == Location::Path
                || p.get("required").and_then(Value::as_bool) == Some(true);
            if location == Location::Path && !path.contains(&format!("{{{name}}}")) {
                return Err(Error::new(format!(
                    "{where_}: the path `{path}` has no `{{{name}}}` segment"
                )));
            }
            let description = string_field(p, "description").or_else(|| {
                schema
                    .get("description")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            });
            let property = Property {
                sensitive: is_sensitive(&name, &schema, p.get("x-sensitive"), settings),
                wire_name: name,
                description,
                required,
                location,
                schema,
            };
            match params
                .iter_mut()
                .find(|q| q.wire_name == property.wire_name && q.location == property.location)
            {
                Some(existing) => *existing = property,
                None => params.push(property),
            }
        }
    }
    // Every `{name}` in the path must be a parameter.
    for segment in path.split('/') {
        if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            if !params
                .iter()
                .any(|p| p.location == Location::Path && p.wire_name == name)
            {
                return Err(Error::new(format!(
                    "operation `{at}`: path segment `{{{name}}}` has no path parameter"
                )));
            }
        } else if segment.contains(['{', '}']) {
            return Err(Error::new(format!(
                "operation `{at}`: path segment `{segment}` mixes text and a parameter, which is \
                 not supported"
            )));
        }
    }
    Ok(params)
}

fn parse_operation(
    path: &str,
    method: &str,
    op: &Value,
    shared_parameters: Option<&Value>,
    schemas: &mut Vec<NamedSchema>,
    settings: &Settings,
) -> Result<Operation, Error> {
    let at = format!("{} {path}", method.to_uppercase());
    let op = op
        .as_object()
        .ok_or_else(|| Error::new(format!("operation `{at}` is not an object")))?;
    let id = string_field(op, "operationId")
        .ok_or_else(|| Error::new(format!("operation `{at}` has no `operationId`")))?;
    let params = parse_parameters(&at, path, shared_parameters, op.get("parameters"), settings)?;

    let body = match op.get("requestBody") {
        None => None,
        Some(body) => Some(json_schema_ref(Some(body)).ok_or_else(|| {
            Error::new(format!(
                "operation `{at}`: the request body must be `application/json` with a `$ref` to a component schema"
            ))
        })?),
    };
    let has_body = body.is_some();
    let request = match body {
        Some(key) => {
            if !params.is_empty() {
                let schema = schemas.iter_mut().find(|s| s.key == key).ok_or_else(|| {
                    Error::new(format!("operation `{at}`: no component schema `{key}`"))
                })?;
                let SchemaKind::Object(props) = &mut schema.kind else {
                    return Err(Error::new(format!(
                        "operation `{at}`: the request body `{key}` is not an object, so it cannot carry the parameters"
                    )));
                };
                if props.iter().any(|p| p.location != Location::Body) {
                    return Err(Error::new(format!(
                        "operation `{at}`: the request body `{key}` is also another operation's, so the parameters have no type of their own"
                    )));
                }
                for p in &params {
                    if props.iter().any(|b| b.wire_name == p.wire_name) {
                        return Err(Error::new(format!(
                            "operation `{at}`: parameter `{}` has the name of a property of the body `{key}`",
                            p.wire_name
                        )));
                    }
                }
                // Parameters first, as they are in Stytch's SDKs' request objects.
                let body_props = std::mem::take(props);
                *props = params.into_iter().chain(body_props).collect();
            }
            key
        }
        None => {
            let key = format!("{id}Request");
            if schemas.iter().any(|s| s.key == key) {
                return Err(Error::new(format!(
                    "operation `{at}` has no body, and its synthesized request type `{key}` is already a component schema"
                )));
            }
            schemas.push(NamedSchema {
                key: key.clone(),
                raw: serde_json::json!({"type": "object"}),
                kind: SchemaKind::Object(params),
                description: Some(match string_field(op, "summary") {
                    Some(summary) => format!(
                        "The request of *{}* (`{at}`): its parameters, sent in the path, query or headers (it has no body).",
                        summary.trim_end_matches('.')
                    ),
                    None => format!("The parameters of `{at}`."),
                }),
            });
            key
        }
    };

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
    let mut documented_errors: Vec<(String, String)> = responses
        .iter()
        .filter(|(code, _)| code.starts_with('4') || code.starts_with('5'))
        .filter_map(|(code, r)| {
            let error_type = r
                .pointer("/content/application~1json/example/error_type")?
                .as_str()?;
            Some((code.clone(), error_type.to_string()))
        })
        .collect();
    documented_errors.sort();
    documented_errors.dedup();
    Ok(Operation {
        id,
        method: method.to_uppercase(),
        path: path.to_string(),
        summary: string_field(op, "summary"),
        description: string_field(op, "description"),
        request,
        has_body,
        response,
        error,
        reference: op
            .get("externalDocs")
            .and_then(|d| d.get("url"))
            .and_then(Value::as_str)
            .map(str::to_string),
        example: string_field(op, crate::prose::RUST_EXAMPLE),
        documented_errors,
        pagination: op.get(crate::pages::MARK).cloned(),
        search_filters: op.get(crate::filters::MARK).cloned(),
    })
}

/// Whether a key of a path item is an HTTP method the generator reads as an operation.
pub(crate) fn is_operation_method(key: &str) -> bool {
    matches!(key, "get" | "put" | "post" | "delete" | "patch")
}

/// `content.application/json.schema.$ref` of a request body or response,
/// as a component schema key.
pub(crate) fn json_schema_ref(body: Option<&Value>) -> Option<String> {
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

    impl Api {
        /// The document read as is: no overlay, no selection.
        fn parse(text: &str) -> Result<Self, Error> {
            let mut doc = crate::load::document(text)?;
            crate::inline::hoist(&mut doc)?;
            Api::from_document(&doc, &Settings::stytch())
        }
    }

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
