//! Stage 3b: give inline object and enum schemas names from where they sit, so that every
//! named shape becomes a component the later stages treat alike.
//!
//! Property `color` of `api_widget_v1_SpinRequest` becomes `api_widget_v1_SpinRequestColor`
//! (so `widget::SpinRequestColor`, next to its parent); an array's inline items get `Item`
//! appended, a map's inline values `Value`; an inline enum parameter `kind` of operation
//! `api_widget_v1_List` becomes `api_widget_v1_ListRequestKind`. Unions (`allOf`, `oneOf`,
//! `anyOf`) are an error naming their place: the generator cannot express them yet.

use heck::ToUpperCamelCase;
use serde_json::{Map, Value};

use crate::Error;
use crate::openapi::SCHEMA_REF_PREFIX;

/// Moves every inline object (with properties) and enum schema into `components.schemas`.
pub fn hoist(doc: &mut Value) -> Result<(), Error> {
    let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return Ok(());
    };
    let original = std::mem::take(schemas);
    let mut out = Map::new();
    for (key, mut schema) in original {
        let mut hoisted = Vec::new();
        check_union(&format!("components.schemas.{key}"), &schema)?;
        hoist_properties(&key, &mut schema, &mut hoisted)?;
        out.insert(key, schema);
        insert_new(&mut out, hoisted)?;
    }

    // Parameters' inline enums.
    let mut extra = Vec::new();
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (method, op) in item.iter_mut() {
                let Some(op) = op.as_object_mut() else {
                    continue;
                };
                let id = op
                    .get("operationId")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("{method}{path}"));
                let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) else {
                    continue;
                };
                for p in params {
                    let name = p
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string();
                    let Some(schema) = p.get_mut("schema") else {
                        continue;
                    };
                    let at = format!("{} {path}, parameter `{name}`", method.to_uppercase());
                    let key = format!("{id}Request{}", name.to_upper_camel_case());
                    hoist_value(&at, &key, schema, &mut extra)?;
                }
            }
        }
    }
    insert_new(&mut out, extra)?;
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        *schemas = out;
    }
    Ok(())
}

/// Adds the hoisted schemas; a name already taken is an error.
fn insert_new(out: &mut Map<String, Value>, hoisted: Vec<(String, Value)>) -> Result<(), Error> {
    for (key, schema) in hoisted {
        if out.contains_key(&key) {
            return Err(Error::new(format!(
                "the inline schema named `{key}` collides with a component schema of that name"
            )));
        }
        out.insert(key, schema);
    }
    Ok(())
}

fn reference(key: &str) -> Value {
    serde_json::json!({ "$ref": format!("{SCHEMA_REF_PREFIX}{key}") })
}

/// An object with declared properties or an enum: a shape that needs a name.
fn is_named_shape(schema: &Value) -> bool {
    let Some(obj) = schema.as_object() else {
        return false;
    };
    !obj.contains_key("$ref")
        && (obj.contains_key("enum")
            || obj
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| !p.is_empty()))
}

fn check_union(at: &str, schema: &Value) -> Result<(), Error> {
    if let Some(obj) = schema.as_object()
        && let Some(k) = ["allOf", "oneOf", "anyOf"]
            .iter()
            .find(|k| obj.contains_key(**k))
    {
        return Err(Error::new(format!(
            "`{at}` is a union (`{k}`), which this generator cannot express yet"
        )));
    }
    Ok(())
}

/// Hoists the inline shapes under `schema`'s properties (recursively), naming them after
/// `name`.
fn hoist_properties(
    name: &str,
    schema: &mut Value,
    out: &mut Vec<(String, Value)>,
) -> Result<(), Error> {
    let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
        return Ok(());
    };
    for (prop, value) in props.iter_mut() {
        let key = format!("{name}{}", prop.to_upper_camel_case());
        hoist_value(&format!("{name}.{prop}"), &key, value, out)?;
    }
    Ok(())
}

/// Hoists `value` itself if it is a named shape, else looks into its items and values.
fn hoist_value(
    at: &str,
    key: &str,
    value: &mut Value,
    out: &mut Vec<(String, Value)>,
) -> Result<(), Error> {
    check_union(at, value)?;
    if is_named_shape(value) {
        // The property keeps its description; the new component gets the schema.
        let description = value.get("description").cloned();
        let mut taken = std::mem::replace(value, reference(key));
        if let (Some(d), Some(obj)) = (description, value.as_object_mut()) {
            obj.insert("description".into(), d);
        }
        // The parent first, then the shapes nested in it.
        let slot = out.len();
        out.push((key.to_string(), Value::Null));
        hoist_properties(key, &mut taken, out)?;
        out[slot].1 = taken;
        return Ok(());
    }
    if let Some(items) = value.get_mut("items") {
        hoist_value(&format!("{at}[]"), &format!("{key}Item"), items, out)?;
    }
    if let Some(values @ Value::Object(_)) = value.get_mut("additionalProperties") {
        hoist_value(&format!("{at}{{}}"), &format!("{key}Value"), values, out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_inline_shapes_from_where_they_sit() {
        let mut doc = json!({
            "paths": {"/v1/w": {"get": {"operationId": "api_w_v1_List", "parameters": [
                {"name": "sort_order", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}}
            ]}}},
            "components": {"schemas": {
                "api_w_v1_Widget": {"type": "object", "properties": {
                    "dims": {"type": "object", "description": "Size.", "properties": {"w": {"type": "integer"}, "unit": {"type": "string", "enum": ["cm"]}}},
                    "tags": {"type": "array", "items": {"type": "object", "properties": {"k": {"type": "string"}}}},
                    "free": {"type": "object", "additionalProperties": true}
                }},
                "api_w_v1_Other": {"type": "string", "enum": ["x"]}
            }}
        });
        hoist(&mut doc).unwrap();
        let keys: Vec<&String> = doc["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(
            keys,
            [
                "api_w_v1_Widget",
                "api_w_v1_WidgetDims",
                "api_w_v1_WidgetDimsUnit",
                "api_w_v1_WidgetTagsItem",
                "api_w_v1_Other",
                "api_w_v1_ListRequestSortOrder"
            ]
        );
        let widget = &doc["components"]["schemas"]["api_w_v1_Widget"]["properties"];
        assert_eq!(
            widget["dims"],
            json!({"$ref": "#/components/schemas/api_w_v1_WidgetDims", "description": "Size."})
        );
        assert_eq!(
            widget["free"],
            json!({"type": "object", "additionalProperties": true})
        );
        assert_eq!(
            doc["paths"]["/v1/w"]["get"]["parameters"][0]["schema"]["$ref"],
            "#/components/schemas/api_w_v1_ListRequestSortOrder"
        );
    }

    #[test]
    fn unions_are_an_error_naming_the_place() {
        let mut doc = json!({"paths": {}, "components": {"schemas": {
            "A": {"type": "object", "properties": {"b": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}}
        }}});
        let err = hoist(&mut doc).unwrap_err().to_string();
        assert!(err.contains("`A.b`") && err.contains("oneOf"), "{err}");
    }
}
