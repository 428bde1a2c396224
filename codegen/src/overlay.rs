//! Stage 2: apply an [OpenAPI Overlay 1.0.0](https://spec.openapis.org/overlay/v1.0.0.html)
//! document to the base document.
//!
//! Each action's `target` is an RFC 9535 JSONPath query (evaluated by `serde_json_path`).
//! `remove: true` removes every selected node from its parent; otherwise `update` is merged
//! into every selected node: into an object, its properties are merged recursively (objects
//! merge, arrays are appended to, anything else replaces); into an array, `update` is appended
//! as one entry. Actions apply in order, each to the result of the previous ones.
//!
//! One rule goes beyond the specification, so that a rename on Stytch's side is noticed rather
//! than silently ignored: **an action whose target selects nothing is an error** that names
//! the action.

use serde_json::Value;
use serde_json_path::JsonPath;

use crate::Error;

/// A parsed overlay document.
#[derive(Debug, Clone)]
pub struct Overlay {
    actions: Vec<Action>,
}

#[derive(Debug, Clone)]
struct Action {
    /// The `target` as written, for messages.
    target: String,
    path: JsonPath,
    description: Option<String>,
    update: Option<Value>,
    remove: bool,
}

impl Action {
    /// How messages name this action: its position, description and target.
    fn label(&self, index: usize) -> String {
        match &self.description {
            Some(d) => format!(
                "overlay action #{} ({d}, target `{}`)",
                index + 1,
                self.target
            ),
            None => format!("overlay action #{} (target `{}`)", index + 1, self.target),
        }
    }
}

impl Overlay {
    /// Parses an Overlay 1.0.x JSON document.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let doc: Value = serde_json::from_str(text)
            .map_err(|e| Error::new(format!("the overlay is not valid JSON: {e}")))?;
        let version = doc.get("overlay").and_then(Value::as_str).unwrap_or("");
        if !version.starts_with("1.0.") {
            return Err(Error::new(format!(
                "expected an Overlay 1.0.x document, found `overlay: {version:?}`"
            )));
        }
        let actions = doc
            .get("actions")
            .and_then(Value::as_array)
            .ok_or_else(|| Error::new("the overlay has no `actions` array"))?;
        let actions = actions
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let at = format!("overlay action #{}", i + 1);
                let a = a
                    .as_object()
                    .ok_or_else(|| Error::new(format!("{at} is not an object")))?;
                let target = a
                    .get("target")
                    .and_then(Value::as_str)
                    .ok_or_else(|| Error::new(format!("{at} has no `target` string")))?;
                let path = JsonPath::parse(target).map_err(|e| {
                    Error::new(format!("{at}: `{target}` is not an RFC 9535 JSONPath: {e}"))
                })?;
                let remove = match a.get("remove") {
                    None => false,
                    Some(Value::Bool(b)) => *b,
                    Some(_) => return Err(Error::new(format!("{at}: `remove` is not a boolean"))),
                };
                let update = a.get("update").cloned();
                if !remove && update.is_none() {
                    return Err(Error::new(format!(
                        "{at} (target `{target}`) has neither `update` nor `remove: true`"
                    )));
                }
                Ok(Action {
                    target: target.to_string(),
                    path,
                    description: a
                        .get("description")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    update,
                    remove,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Overlay { actions })
    }

    /// Applies every action in order to `doc`.
    pub fn apply(&self, doc: &mut Value) -> Result<(), Error> {
        for (index, action) in self.actions.iter().enumerate() {
            let pointers: Vec<String> = action
                .path
                .query_located(doc)
                .locations()
                .map(|l| l.to_json_pointer())
                .collect();
            if pointers.is_empty() {
                return Err(Error::new(format!(
                    "{} matches nothing in the document; update the overlay to the document's \
                     new shape",
                    action.label(index)
                )));
            }
            if action.remove {
                // Deepest and last first, so that earlier pointers stay valid.
                for pointer in pointers.iter().rev() {
                    remove_at(doc, pointer);
                }
                continue;
            }
            let update = action.update.as_ref().expect("checked in parse");
            for pointer in &pointers {
                let node = doc
                    .pointer_mut(pointer)
                    .expect("the location was just selected");
                apply_update(node, update).map_err(|why| {
                    Error::new(format!("{} at `{pointer}`: {why}", action.label(index)))
                })?;
            }
        }
        Ok(())
    }
}

/// `update` into one selected node.
fn apply_update(node: &mut Value, update: &Value) -> Result<(), String> {
    match node {
        Value::Object(_) => {
            if !update.is_object() {
                return Err("the target is an object, so `update` must be an object".into());
            }
            merge(node, update);
            Ok(())
        }
        Value::Array(items) => {
            items.push(update.clone());
            Ok(())
        }
        _ => Err("the target is neither an object nor an array".into()),
    }
}

/// Recursive merge: objects merge key by key, arrays are appended to, other values replace.
fn merge(into: &mut Value, from: &Value) {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in b {
                match a.get_mut(key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        a.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => a.extend(b.iter().cloned()),
        (slot, value) => *slot = value.clone(),
    }
}

/// Removes the node at a JSON pointer from its parent object or array.
fn remove_at(doc: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
        }
        Some(Value::Array(items)) => match key.parse::<usize>() {
            Ok(i) if i < items.len() => {
                items.remove(i);
            }
            _ => {}
        },
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overlay(actions: Value) -> Overlay {
        Overlay::parse(&json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": actions}).to_string())
            .unwrap()
    }

    #[test]
    fn updates_merge_and_append() {
        let mut doc =
            json!({"a": {"enum": ["x", "y"], "description": "old", "keep": 1}, "list": [1]});
        overlay(json!([
            {"target": "$.a", "update": {"enum": ["z"], "description": "new", "x-mark": true}},
            {"target": "$.list", "update": 2}
        ]))
        .apply(&mut doc)
        .unwrap();
        assert_eq!(
            doc,
            json!({"a": {"enum": ["x", "y", "z"], "description": "new", "keep": 1, "x-mark": true}, "list": [1, 2]})
        );
    }

    #[test]
    fn wildcards_and_filters_select_many() {
        let mut doc =
            json!({"paths": {"/a": {"post": {"responses": {}}}, "/b": {"get": {"responses": {}}}}});
        overlay(json!([{"target": "$.paths.*.*.responses", "update": {"default": {"x": 1}}}]))
            .apply(&mut doc)
            .unwrap();
        assert_eq!(doc["paths"]["/b"]["get"]["responses"]["default"]["x"], 1);
        assert_eq!(doc["paths"]["/a"]["post"]["responses"]["default"]["x"], 1);
    }

    #[test]
    fn remove_drops_nodes() {
        let mut doc = json!({"a": {"b": 1, "c": 2}, "l": [1, 2, 3]});
        overlay(json!([
            {"target": "$.a.b", "remove": true},
            {"target": "$.l[?@ > 1]", "remove": true}
        ]))
        .apply(&mut doc)
        .unwrap();
        assert_eq!(doc, json!({"a": {"c": 2}, "l": [1]}));
    }

    #[test]
    fn a_target_that_matches_nothing_names_the_action() {
        let mut doc = json!({"a": {}});
        let err = overlay(json!([
            {"target": "$.a", "update": {}},
            {"target": "$.renamed", "description": "mark the token", "update": {"x": 1}}
        ]))
        .apply(&mut doc)
        .unwrap_err()
        .to_string();
        assert!(err.contains("#2"), "{err}");
        assert!(err.contains("mark the token"), "{err}");
        assert!(err.contains("$.renamed"), "{err}");
    }

    #[test]
    fn malformed_overlays_are_clear_errors() {
        for (text, expected) in [
            ("{", "not valid JSON"),
            (r#"{"overlay": "2.0.0", "actions": []}"#, "1.0.x"),
            (r#"{"overlay": "1.0.0"}"#, "`actions`"),
            (
                r#"{"overlay": "1.0.0", "actions": [{"target": "$["}]}"#,
                "JSONPath",
            ),
            (
                r#"{"overlay": "1.0.0", "actions": [{"target": "$.a"}]}"#,
                "neither",
            ),
        ] {
            let err = Overlay::parse(text).unwrap_err().to_string();
            assert!(err.contains(expected), "{text}: {err}");
        }
        let mut doc = json!({"a": "text"});
        let err = overlay(json!([{"target": "$.a", "update": {"x": 1}}]))
            .apply(&mut doc)
            .unwrap_err()
            .to_string();
        assert!(err.contains("neither an object nor an array"), "{err}");
    }
}
