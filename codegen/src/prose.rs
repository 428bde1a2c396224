//! Stage 2b: our words over the document, and the refusal to ship anything undocumented.
//!
//! The base document is the vendor's; its prose may be missing, a placeholder, or text we may
//! not copy. Our descriptions live beside it as data (`schema/docs/*.json`), and [`Prose::apply`]
//! writes them into the document after the overlay, so every emitter (types, client, API
//! reference) reads one description per item. The order is: ours, then the base document's own
//! text when it is real prose, then nothing, which [`check`] refuses, naming the item and its
//! JSON path. A newer vendor document whose new items carry their own descriptions therefore
//! regenerates with no edit; one whose new field has a placeholder fails, naming the field.
//!
//! # The docs files
//!
//! Each file is a JSON object with any of these members (all optional; a key defined twice,
//! in one file or across files, is an error naming both places):
//!
//! ```json
//! {
//!   "modules":    { "<module>": "what the product is for, one paragraph" },
//!   "fields":     { "<property or parameter name>": "its meaning wherever it appears" },
//!   "values":     { "<enum value>": "its meaning in every enum that has it" },
//!   "operations": { "<operationId>": {
//!       "summary": "one line", "description": "paragraphs",
//!       "reference": "https://… (the vendor's reference page)",
//!       "example": "a Rust doc example, fenced",
//!       "parameters": { "<name>": "…" },
//!       "errors": [ { "error_type": "…", "status": 404, "when": "…" } ] } },
//!   "schemas":    { "<schema key>": {
//!       "description": "…", "fields": { "<property>": "…" }, "values": { "<value>": "…" } } }
//! }
//! ```
//!
//! `errors` lists the operation's own `error_type`s (see [`crate::errors`]).
//! A text is a string or a list of lines (joined with newlines, for paragraphs and examples).
//! A property takes its schema's `fields` entry, else the shared `fields` entry of its name; a
//! parameter its operation's `parameters` entry, else the shared entry. A request or response
//! schema with no description of its own is described from its operation.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::Error;
use crate::openapi::{is_operation_method, json_schema_ref};

/// The extension under which an enum schema carries its values' descriptions.
pub const ENUM_DESCRIPTIONS: &str = "x-enum-descriptions";
/// The extension under which an operation carries its Rust doc example.
pub const RUST_EXAMPLE: &str = "x-rust-example";

/// Our descriptions, merged from every docs file.
#[derive(Debug, Clone, Default)]
pub struct Prose {
    modules: BTreeMap<String, Entry>,
    fields: BTreeMap<String, Entry>,
    values: BTreeMap<String, Entry>,
    operations: BTreeMap<String, OperationProse>,
    schemas: BTreeMap<String, SchemaProse>,
}

/// A text and the file it came from (for messages).
#[derive(Debug, Clone)]
struct Entry {
    text: String,
    file: String,
}

#[derive(Debug, Clone, Default)]
struct OperationProse {
    file: String,
    summary: Option<String>,
    description: Option<String>,
    reference: Option<String>,
    example: Option<String>,
    parameters: BTreeMap<String, String>,
    errors: Vec<crate::errors::Documented>,
}

#[derive(Debug, Clone, Default)]
struct SchemaProse {
    file: String,
    description: Option<String>,
    fields: BTreeMap<String, String>,
    values: BTreeMap<String, String>,
}

impl Prose {
    /// Parses docs files, given as `(name, text)` pairs; the name is only used in messages.
    pub fn parse(files: &[(String, String)]) -> Result<Self, Error> {
        let mut prose = Prose::default();
        for (file, contents) in files {
            let doc: Value = serde_json::from_str(contents)
                .map_err(|e| Error::new(format!("{file}: not valid JSON: {e}")))?;
            let obj = doc
                .as_object()
                .ok_or_else(|| Error::new(format!("{file}: must be a JSON object")))?;
            for (section, value) in obj {
                let at = format!("{file}: `{section}`");
                match section.as_str() {
                    "$comment" => {}
                    "modules" | "fields" | "values" => {
                        let into = match section.as_str() {
                            "modules" => &mut prose.modules,
                            "fields" => &mut prose.fields,
                            _ => &mut prose.values,
                        };
                        merge_keyed(
                            into,
                            value,
                            &at,
                            |e| &e.file,
                            |v, at| {
                                Ok(Entry {
                                    text: text(v, at)?,
                                    file: file.clone(),
                                })
                            },
                        )?
                    }
                    "operations" => merge_keyed(
                        &mut prose.operations,
                        value,
                        &at,
                        |op| &op.file,
                        |op, at| parse_operation(op, file, at),
                    )?,
                    "schemas" => merge_keyed(
                        &mut prose.schemas,
                        value,
                        &at,
                        |schema| &schema.file,
                        |schema, at| parse_schema(schema, file, at),
                    )?,
                    other => {
                        return Err(Error::new(format!(
                            "{file}: unknown section `{other}` (expected modules, fields, values, operations or schemas)"
                        )));
                    }
                }
            }
        }
        Ok(prose)
    }

    /// The paragraph on a module, if we wrote one.
    pub fn module(&self, module: &str) -> Option<&str> {
        self.modules.get(module).map(|e| e.text.as_str())
    }

    /// The modules we wrote a paragraph on.
    pub fn modules(&self) -> impl Iterator<Item = &str> {
        self.modules.keys().map(String::as_str)
    }

    /// Writes our descriptions into the document (overlay applied): ours replace the base
    /// document's, which stay where we have none and they are real prose (`is_placeholder`
    /// says which are not). Request and response schemas with no description get one from
    /// their operation.
    pub fn apply(&self, doc: &mut Value, is_placeholder: fn(&str) -> bool) -> Result<(), Error> {
        if let Some(schemas) = doc
            .pointer_mut("/components/schemas")
            .and_then(Value::as_object_mut)
        {
            for (key, schema) in schemas.iter_mut() {
                if let Some(obj) = schema.as_object_mut() {
                    self.apply_schema(key, obj);
                }
            }
        }
        // Operations, and the request and response schemas they describe.
        let mut derived: Vec<(String, String)> = Vec::new();
        if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
            for (path, item) in paths.iter_mut() {
                let Some(item) = item.as_object_mut() else {
                    continue;
                };
                for (method, op) in item.iter_mut() {
                    if !is_operation_method(method) {
                        continue;
                    }
                    let Some(op) = op.as_object_mut() else {
                        continue;
                    };
                    self.apply_operation(op);
                    if problem(op.get("summary"), is_placeholder).is_none() {
                        derived.extend(derived_descriptions(op, method, path));
                    }
                }
            }
        }
        if let Some(schemas) = doc
            .pointer_mut("/components/schemas")
            .and_then(Value::as_object_mut)
        {
            for (key, text) in derived {
                if let Some(schema) = schemas.get_mut(&key).and_then(Value::as_object_mut) {
                    if problem(schema.get("description"), is_placeholder).is_some() {
                        schema.insert("description".into(), text.into());
                    }
                }
            }
        }
        Ok(())
    }

    /// Our description of schema `key`, its properties and its enum values.
    fn apply_schema(&self, key: &str, obj: &mut Map<String, Value>) {
        let ours = self.schemas.get(key);
        if let Some(text) = ours.and_then(|s| s.description.as_ref()) {
            obj.insert("description".into(), text.as_str().into());
        }
        if let Some(Value::Object(props)) = obj.get_mut("properties") {
            for (name, prop) in props.iter_mut() {
                let text = ours
                    .and_then(|s| s.fields.get(name))
                    .or_else(|| self.fields.get(name).map(|e| &e.text));
                if let (Some(text), Some(prop)) = (text, prop.as_object_mut()) {
                    prop.insert("description".into(), text.as_str().into());
                }
            }
        }
        if let Some(Value::Array(values)) = obj.get("enum") {
            let mut described = Map::new();
            for v in values.iter().filter_map(Value::as_str) {
                let text = ours
                    .and_then(|s| s.values.get(v))
                    .or_else(|| self.values.get(v).map(|e| &e.text));
                if let Some(text) = text {
                    described.insert(v.to_string(), text.as_str().into());
                }
            }
            if !described.is_empty() {
                obj.insert(ENUM_DESCRIPTIONS.into(), Value::Object(described));
            }
        }
    }

    /// Our summary, description, reference, example and errors of an operation, and the
    /// descriptions of its parameters.
    fn apply_operation(&self, op: &mut Map<String, Value>) {
        let id = op.get("operationId").and_then(Value::as_str).unwrap_or("");
        let ours = self.operations.get(id);
        if let Some(ours) = ours {
            for (key, text) in [
                ("summary", &ours.summary),
                ("description", &ours.description),
            ] {
                if let Some(text) = text {
                    op.insert(key.into(), text.as_str().into());
                }
            }
            if let Some(url) = &ours.reference {
                op.insert("externalDocs".into(), serde_json::json!({ "url": url }));
            }
            if let Some(example) = &ours.example {
                op.insert(RUST_EXAMPLE.into(), example.as_str().into());
            }
            if !ours.errors.is_empty() {
                let errors = crate::errors::to_value(&ours.errors);
                op.insert(crate::errors::MARK.into(), errors);
            }
        }
        if let Some(Value::Array(params)) = op.get_mut("parameters") {
            for p in params.iter_mut().filter_map(Value::as_object_mut) {
                let name = p.get("name").and_then(Value::as_str).unwrap_or("");
                let text = ours
                    .and_then(|o| o.parameters.get(name))
                    .or_else(|| self.fields.get(name).map(|e| &e.text));
                if let Some(text) = text {
                    p.insert("description".into(), text.as_str().into());
                    if let Some(Value::Object(schema)) = p.get_mut("schema") {
                        schema.remove("description");
                    }
                }
            }
        }
    }

    /// Entries that name nothing in the document (a schema, property, operation, parameter,
    /// enum value or field name the vendor removed or renamed), as `file: what`.
    pub fn unused(&self, doc: &Value) -> Vec<String> {
        let mut unused = Vec::new();
        let schemas = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object);
        let mut property_names: Vec<&str> = Vec::new();
        let mut enum_values: Vec<&str> = Vec::new();
        for schema in schemas.into_iter().flat_map(|s| s.values()) {
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                property_names.extend(props.keys().map(String::as_str));
            }
            if let Some(values) = schema.get("enum").and_then(Value::as_array) {
                enum_values.extend(values.iter().filter_map(Value::as_str));
            }
        }
        let mut operations: BTreeMap<&str, &Value> = BTreeMap::new();
        for item in doc
            .get("paths")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|p| p.values())
        {
            for (method, op) in item.as_object().into_iter().flatten() {
                if is_operation_method(method) {
                    if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                        operations.insert(id, op);
                    }
                    for p in op
                        .get("parameters")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        if let Some(name) = p.get("name").and_then(Value::as_str) {
                            property_names.push(name);
                        }
                    }
                }
            }
        }
        for (name, entry) in &self.fields {
            if !property_names.contains(&name.as_str()) {
                unused.push(format!("{}: field `{name}`", entry.file));
            }
        }
        for (value, entry) in &self.values {
            if !enum_values.contains(&value.as_str()) {
                unused.push(format!("{}: value `{value}`", entry.file));
            }
        }
        for (key, ours) in &self.schemas {
            let Some(schema) = schemas.and_then(|s| s.get(key)) else {
                unused.push(format!("{}: schema `{key}`", ours.file));
                continue;
            };
            let props = schema.get("properties").and_then(Value::as_object);
            for name in ours.fields.keys() {
                if !props.is_some_and(|p| p.contains_key(name)) {
                    unused.push(format!("{}: property `{key}.{name}`", ours.file));
                }
            }
            let values: Vec<&str> = schema
                .get("enum")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            for value in ours.values.keys() {
                if !values.contains(&value.as_str()) {
                    unused.push(format!("{}: value `{key}` `{value}`", ours.file));
                }
            }
        }
        for (id, ours) in &self.operations {
            let Some(op) = operations.get(id.as_str()) else {
                unused.push(format!("{}: operation `{id}`", ours.file));
                continue;
            };
            let params: Vec<&str> = op
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|p| p.get("name").and_then(Value::as_str))
                .collect();
            for name in ours.parameters.keys() {
                if !params.contains(&name.as_str()) {
                    unused.push(format!("{}: parameter `{id}` `{name}`", ours.file));
                }
            }
        }
        unused
    }
}

/// Refuses a document that would be emitted with an undocumented item: every operation needs
/// a summary and a description, every parameter, component schema and property a description,
/// each real prose (not empty, not `is_placeholder`). The error lists every such item with its
/// JSON path.
pub fn check(doc: &Value, is_placeholder: fn(&str) -> bool) -> Result<(), Error> {
    let mut missing: Vec<String> = Vec::new();
    let mut need = |text: Option<&Value>, what: String, path: String| {
        let kind = if path.ends_with(".summary") {
            "summary"
        } else {
            "description"
        };
        if let Some(problem) = problem(text, is_placeholder) {
            missing.push(format!("{what} has {problem} {kind} ({path})"));
        }
    };
    for (key, schema) in doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let at = format!("$.components.schemas.{key}");
        need(
            schema.get("description"),
            format!("schema `{key}`"),
            format!("{at}.description"),
        );
        for (name, prop) in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            need(
                prop.get("description"),
                format!("property `{name}` of schema `{key}`"),
                format!("{at}.properties.{name}.description"),
            );
        }
    }
    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for (method, op) in item.as_object().into_iter().flatten() {
            if !is_operation_method(method) {
                continue;
            }
            let id = op
                .get("operationId")
                .and_then(Value::as_str)
                .unwrap_or("(no operationId)");
            let at = format!("$.paths['{path}'].{method}");
            let what = format!("operation `{id}` ({} {path})", method.to_uppercase());
            need(op.get("summary"), what.clone(), format!("{at}.summary"));
            need(op.get("description"), what, format!("{at}.description"));
            for (i, p) in op
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let name = p.get("name").and_then(Value::as_str).unwrap_or("?");
                let text = p
                    .get("description")
                    .or_else(|| p.pointer("/schema/description"));
                need(
                    text,
                    format!("parameter `{name}` of operation `{id}`"),
                    format!("{at}.parameters[{i}].description"),
                );
            }
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let count = missing.len();
    let shown: Vec<String> = missing.into_iter().take(40).collect();
    Err(Error::new(format!(
        "{count} item(s) would be generated without a description of ours or real prose from the base document; write one in schema/docs/ (see the README, \"Take an API update\"):\n  {}{}",
        shown.join("\n  "),
        if count > shown.len() {
            format!("\n  … and {} more", count - shown.len())
        } else {
            String::new()
        }
    )))
}

/// Descriptions drawn from an operation with a real summary, for its request schema and its
/// 2xx response schemas, as `(schema key, text)`.
fn derived_descriptions(
    op: &Map<String, Value>,
    method: &str,
    path: &str,
) -> Vec<(String, String)> {
    let mut derived = Vec::new();
    let summary = op["summary"].as_str().unwrap_or("").trim_end_matches('.');
    let at = format!("`{} {path}`", method.to_uppercase());
    if let Some(key) = json_schema_ref(op.get("requestBody")) {
        derived.push((key, format!("The request of *{summary}* ({at}).")));
    }
    if let Some(responses) = op.get("responses").and_then(Value::as_object) {
        for (code, r) in responses {
            if code.starts_with('2') {
                if let Some(key) = json_schema_ref(Some(r)) {
                    derived.push((key, format!("The answer of *{summary}* ({at}) on success.")));
                }
            }
        }
    }
    derived
}

/// What keeps a description from being prose: `"no"` (absent or empty) or `"a placeholder"`;
/// `None` for real prose.
fn problem(text: Option<&Value>, is_placeholder: fn(&str) -> bool) -> Option<&'static str> {
    match text.and_then(Value::as_str).map(str::trim) {
        None | Some("") => Some("no"),
        Some(t) if is_placeholder(t) => Some("a placeholder"),
        Some(_) => None,
    }
}

fn object<'a>(value: &'a Value, at: &str) -> Result<&'a Map<String, Value>, Error> {
    value
        .as_object()
        .ok_or_else(|| Error::new(format!("{at} must be an object")))
}

/// A text: a string, or a list of strings joined with newlines. Never empty.
fn text(value: &Value, at: &str) -> Result<String, Error> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Array(lines) => lines
            .iter()
            .map(|l| {
                l.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| Error::new(format!("{at}: every line must be a string")))
            })
            .collect::<Result<Vec<_>, _>>()?
            .join("\n"),
        _ => {
            return Err(Error::new(format!(
                "{at} must be a string or a list of lines"
            )));
        }
    };
    if text.trim().is_empty() {
        return Err(Error::new(format!("{at} is empty")));
    }
    Ok(text)
}

fn texts(value: &Value, at: &str) -> Result<BTreeMap<String, String>, Error> {
    object(value, at)?
        .iter()
        .map(|(k, v)| Ok((k.clone(), text(v, &format!("{at}.`{k}`"))?)))
        .collect()
}

/// Parses each member of a section into `into`, refusing a key an earlier file or member
/// already defined (naming that file).
fn merge_keyed<T>(
    into: &mut BTreeMap<String, T>,
    value: &Value,
    at: &str,
    file_of: impl Fn(&T) -> &String,
    parse: impl Fn(&Value, &str) -> Result<T, Error>,
) -> Result<(), Error> {
    for (key, item) in object(value, at)? {
        let at = format!("{at}.`{key}`");
        if let Some(first) = into.get(key) {
            return Err(Error::new(format!(
                "{at} is also defined in {}",
                file_of(first)
            )));
        }
        into.insert(key.clone(), parse(item, &at)?);
    }
    Ok(())
}

fn parse_operation(value: &Value, file: &str, at: &str) -> Result<OperationProse, Error> {
    let mut op = OperationProse {
        file: file.to_string(),
        ..OperationProse::default()
    };
    for (key, v) in object(value, at)? {
        let at = format!("{at}.`{key}`");
        match key.as_str() {
            "summary" => op.summary = Some(text(v, &at)?),
            "description" => op.description = Some(text(v, &at)?),
            "reference" => {
                let url = text(v, &at)?;
                if !url.starts_with("https://") {
                    return Err(Error::new(format!("{at} must be an https URL")));
                }
                op.reference = Some(url);
            }
            "example" => op.example = Some(text(v, &at)?),
            "parameters" => op.parameters = texts(v, &at)?,
            "errors" => op.errors = crate::errors::parse(v, &at)?,
            other => {
                return Err(Error::new(format!(
                    "{at}: unknown key `{other}` (expected summary, description, reference, example, parameters or errors)"
                )));
            }
        }
    }
    Ok(op)
}

fn parse_schema(value: &Value, file: &str, at: &str) -> Result<SchemaProse, Error> {
    let mut schema = SchemaProse {
        file: file.to_string(),
        ..SchemaProse::default()
    };
    for (key, v) in object(value, at)? {
        let at = format!("{at}.`{key}`");
        match key.as_str() {
            "description" => schema.description = Some(text(v, &at)?),
            "fields" => schema.fields = texts(v, &at)?,
            "values" => schema.values = texts(v, &at)?,
            other => {
                return Err(Error::new(format!(
                    "{at}: unknown key `{other}` (expected description, fields or values)"
                )));
            }
        }
    }
    Ok(schema)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn placeholder(text: &str) -> bool {
        text.starts_with("Placeholder")
    }

    fn prose(files: &[(&str, Value)]) -> Result<Prose, Error> {
        Prose::parse(
            &files
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect::<Vec<_>>(),
        )
    }

    fn doc() -> Value {
        json!({
            "openapi": "3.0.3",
            "paths": {"/v1/widgets/{widget_id}": {"get": {
                "operationId": "api_w_v1_Get",
                "summary": "Placeholder summary.",
                "parameters": [{"name": "widget_id", "in": "path", "required": true,
                    "schema": {"type": "string", "description": "Placeholder description."}}],
                "responses": {"200": {"description": "OK", "content": {"application/json":
                    {"schema": {"$ref": "#/components/schemas/api_w_v1_GetResponse"}}}}}
            }}},
            "components": {"schemas": {
                "api_w_v1_GetResponse": {"type": "object", "properties": {
                    "request_id": {"type": "string", "description": "Placeholder description."},
                    "color": {"$ref": "#/components/schemas/api_w_v1_Color"},
                    "size": {"type": "integer", "description": "The size, in centimetres."}
                }},
                "api_w_v1_Color": {"type": "string", "enum": ["red", "ultramarine"]}
            }}
        })
    }

    #[test]
    fn ours_first_then_real_base_prose_and_shared_fields_once() {
        let prose = prose(&[(
            "a.json",
            json!({
                "fields": {"request_id": "Identifies the call.", "widget_id": "The widget."},
                "values": {"red": "Red."},
                "operations": {"api_w_v1_Get": {"summary": "Get a widget", "description": ["One.", "", "Two."],
                    "reference": "https://example.com/get"}},
                "schemas": {
                    "api_w_v1_GetResponse": {"fields": {"color": "Its colour."}},
                    "api_w_v1_Color": {"description": "A colour.", "values": {"ultramarine": "Deep blue."}}
                }
            }),
        )])
        .unwrap();
        let mut d = doc();
        prose.apply(&mut d, placeholder).unwrap();
        let s = &d["components"]["schemas"];
        assert_eq!(
            s["api_w_v1_GetResponse"]["properties"]["request_id"]["description"],
            "Identifies the call."
        );
        assert_eq!(
            s["api_w_v1_GetResponse"]["properties"]["color"]["description"],
            "Its colour."
        );
        // The base's real prose stays where we wrote nothing.
        assert_eq!(
            s["api_w_v1_GetResponse"]["properties"]["size"]["description"],
            "The size, in centimetres."
        );
        assert_eq!(
            s["api_w_v1_Color"][ENUM_DESCRIPTIONS],
            json!({"red": "Red.", "ultramarine": "Deep blue."})
        );
        // The response is described from its operation.
        assert_eq!(
            s["api_w_v1_GetResponse"]["description"],
            "The answer of *Get a widget* (`GET /v1/widgets/{widget_id}`) on success."
        );
        let op = &d["paths"]["/v1/widgets/{widget_id}"]["get"];
        assert_eq!(op["description"], "One.\n\nTwo.");
        assert_eq!(op["externalDocs"]["url"], "https://example.com/get");
        assert_eq!(op["parameters"][0]["description"], "The widget.");
        assert!(op["parameters"][0]["schema"].get("description").is_none());
        check(&d, placeholder).unwrap();
        assert!(prose.unused(&d).is_empty(), "{:?}", prose.unused(&d));
    }

    #[test]
    fn the_check_names_each_undocumented_item_and_its_json_path() {
        let err = check(&doc(), placeholder).unwrap_err().to_string();
        for expected in [
            "schema `api_w_v1_GetResponse` has no description ($.components.schemas.api_w_v1_GetResponse.description)",
            "property `request_id` of schema `api_w_v1_GetResponse` has a placeholder description ($.components.schemas.api_w_v1_GetResponse.properties.request_id.description)",
            "property `color` of schema `api_w_v1_GetResponse` has no description",
            "operation `api_w_v1_Get` (GET /v1/widgets/{widget_id}) has a placeholder summary ($.paths['/v1/widgets/{widget_id}'].get.summary)",
            "operation `api_w_v1_Get` (GET /v1/widgets/{widget_id}) has no description ($.paths['/v1/widgets/{widget_id}'].get.description)",
            "parameter `widget_id` of operation `api_w_v1_Get` has a placeholder description ($.paths['/v1/widgets/{widget_id}'].get.parameters[0].description)",
        ] {
            assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
        }
        // A property with real prose is not named.
        assert!(!err.contains("`size`"), "{err}");
    }

    #[test]
    fn a_key_defined_twice_names_both_files() {
        let err = prose(&[
            ("a.json", json!({"fields": {"request_id": "One."}})),
            ("b.json", json!({"fields": {"request_id": "Two."}})),
        ])
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("b.json: `fields`.`request_id` is also defined in a.json"),
            "{err}"
        );
        let err = prose(&[
            ("a.json", json!({"operations": {"op": {"summary": "S"}}})),
            ("b.json", json!({"operations": {"op": {"summary": "T"}}})),
        ])
        .unwrap_err()
        .to_string();
        assert!(err.contains("is also defined in a.json"), "{err}");
    }

    #[test]
    fn malformed_docs_files_say_what_is_wrong() {
        for (value, expected) in [
            (json!({"feilds": {}}), "unknown section `feilds`"),
            (json!({"fields": {"x": ""}}), "`fields`.`x` is empty"),
            (
                json!({"fields": {"x": 1}}),
                "must be a string or a list of lines",
            ),
            (
                json!({"operations": {"op": {"sumary": "S"}}}),
                "unknown key `sumary`",
            ),
            (
                json!({"operations": {"op": {"reference": "http://x"}}}),
                "must be an https URL",
            ),
            (
                json!({"schemas": {"s": {"field": {}}}}),
                "unknown key `field`",
            ),
            (json!([]), "must be a JSON object"),
        ] {
            let err = prose(&[("x.json", value)]).unwrap_err().to_string();
            assert!(err.contains(expected), "{expected:?} not in {err:?}");
        }
    }

    #[test]
    fn entries_that_name_nothing_are_reported() {
        let prose = prose(&[(
            "a.json",
            json!({
                "fields": {"gone": "G."},
                "values": {"blue": "B."},
                "operations": {"api_w_v1_Gone": {"summary": "S"}, "api_w_v1_Get": {"parameters": {"nope": "N."}}},
                "schemas": {"api_w_v1_Gone": {"description": "D."}, "api_w_v1_GetResponse": {"fields": {"weight": "W."}}}
            }),
        )])
        .unwrap();
        let unused = prose.unused(&doc());
        for expected in [
            "a.json: field `gone`",
            "a.json: value `blue`",
            "a.json: operation `api_w_v1_Gone`",
            "a.json: parameter `api_w_v1_Get` `nope`",
            "a.json: schema `api_w_v1_Gone`",
            "a.json: property `api_w_v1_GetResponse.weight`",
        ] {
            assert!(
                unused.iter().any(|u| u == expected),
                "{expected:?} not in {unused:?}"
            );
        }
    }
}
