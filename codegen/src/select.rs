//! Stage 3: select the operations to generate and the component schemas they reach. The SDK's
//! build selects every operation (features decide what is compiled); the generator's tests and
//! its `generate` example select subsets.
//!
//! The selection is `{"operations": ["/v1/b2b/otps/sms/"]}`: path prefixes; `["/"]` selects
//! every operation. Operations on other paths and schemas no selected operation reaches are
//! dropped from the document before it is read, so nothing of them is generated.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::Error;
use crate::openapi::{SCHEMA_REF_PREFIX, collect_refs};

/// Which operations to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Path prefixes; an operation is selected when its path starts with one of them.
    pub prefixes: Vec<String>,
}

impl Selection {
    /// Every operation.
    pub fn all() -> Self {
        Selection {
            prefixes: vec!["/".to_string()],
        }
    }

    /// Parses a selection document.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let doc: Value = serde_json::from_str(text)
            .map_err(|e| Error::new(format!("the selection is not valid JSON: {e}")))?;
        let obj = doc
            .as_object()
            .ok_or_else(|| Error::new("the selection is not a JSON object"))?;
        if let Some(unknown) = obj.keys().find(|k| *k != "operations") {
            return Err(Error::new(format!(
                "the selection has an unknown key `{unknown}` (it takes only `operations`)"
            )));
        }
        let prefixes = obj
            .get("operations")
            .and_then(Value::as_array)
            .ok_or_else(|| {
                Error::new("the selection needs `operations`: an array of path prefixes")
            })?
            .iter()
            .map(|p| {
                p.as_str()
                    .filter(|p| p.starts_with('/'))
                    .map(str::to_string)
                    .ok_or_else(|| {
                        Error::new(format!(
                            "selection: `{p}` is not a path prefix (a string starting with `/`)"
                        ))
                    })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        if prefixes.is_empty() {
            return Err(Error::new("the selection's `operations` is empty"));
        }
        Ok(Selection { prefixes })
    }

    /// Drops unselected operations and the component schemas neither they nor `roots` reach
    /// from `doc`.
    pub fn apply(&self, doc: &mut Value, roots: &[&str]) -> Result<(), Error> {
        let paths = doc
            .get_mut("paths")
            .and_then(Value::as_object_mut)
            .ok_or_else(|| Error::new("the document has no `paths` object"))?;
        let mut used = vec![false; self.prefixes.len()];
        paths.retain(|path, _| {
            let mut keep = false;
            for (i, prefix) in self.prefixes.iter().enumerate() {
                if path.starts_with(prefix.as_str()) {
                    used[i] = true;
                    keep = true;
                }
            }
            keep
        });
        // `/` (everything) cannot select too little; any other prefix must select something.
        if let Some(i) = (0..used.len()).find(|&i| !used[i] && self.prefixes[i] != "/") {
            return Err(Error::new(format!(
                "selection: no operation's path starts with `{}`",
                self.prefixes[i]
            )));
        }

        // Schemas reached from the selected operations, transitively.
        let mut reached: BTreeSet<String> = BTreeSet::new();
        let mut stack: Vec<String> = roots.iter().map(|r| r.to_string()).collect();
        push_refs(doc.get("paths").unwrap_or(&Value::Null), &mut stack);
        let schemas = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object);
        while let Some(key) = stack.pop() {
            if !reached.insert(key.clone()) {
                continue;
            }
            if let Some(schema) = schemas.and_then(|s| s.get(&key)) {
                push_refs(schema, &mut stack);
            }
        }
        if let Some(schemas) = doc
            .pointer_mut("/components/schemas")
            .and_then(Value::as_object_mut)
        {
            schemas.retain(|key, _| reached.contains(key));
        }
        Ok(())
    }
}

/// Pushes the component schema key of every `$ref` under `value`.
fn push_refs(value: &Value, out: &mut Vec<String>) {
    collect_refs(value, &mut |r| {
        if let Some(key) = r.strip_prefix(SCHEMA_REF_PREFIX) {
            out.push(key.to_string());
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        let body = |key: &str| json!({"content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{key}")}}}});
        json!({
            "paths": {
                "/v1/a/x": {"post": {"requestBody": body("A"), "responses": {"200": body("B")}}},
                "/v1/c/y": {"post": {"requestBody": body("C"), "responses": {"200": body("C")}}}
            },
            "components": {"schemas": {
                "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
                "B": {"type": "object", "properties": {"d": {"type": "array", "items": {"$ref": "#/components/schemas/D"}}}},
                "C": {"type": "object"},
                "D": {"type": "string", "enum": ["d"]},
                "Unused": {"type": "object"}
            }}
        })
    }

    #[test]
    fn keeps_selected_operations_and_what_they_reach() {
        let mut d = doc();
        Selection::parse(r#"{"operations": ["/v1/a/"]}"#)
            .unwrap()
            .apply(&mut d, &[])
            .unwrap();
        let paths: Vec<&String> = d["paths"].as_object().unwrap().keys().collect();
        assert_eq!(paths, ["/v1/a/x"]);
        let schemas: Vec<&String> = d["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(schemas, ["A", "B", "D"], "document order is kept");
    }

    #[test]
    fn slash_selects_everything_reachable() {
        let mut d = doc();
        Selection::all().apply(&mut d, &[]).unwrap();
        assert_eq!(d["paths"].as_object().unwrap().len(), 2);
        assert!(d["components"]["schemas"].get("Unused").is_none());
    }

    #[test]
    fn bad_selections_are_errors() {
        for (text, expected) in [
            ("[]", "not a JSON object"),
            (r#"{"operation": ["/"]}"#, "unknown key `operation`"),
            (r#"{"operations": []}"#, "empty"),
            (r#"{"operations": ["v1"]}"#, "not a path prefix"),
        ] {
            let err = Selection::parse(text).unwrap_err().to_string();
            assert!(err.contains(expected), "{text}: {err}");
        }
        let err = Selection::parse(r#"{"operations": ["/v2/"]}"#)
            .unwrap()
            .apply(&mut doc(), &[])
            .unwrap_err()
            .to_string();
        assert!(err.contains("`/v2/`"), "{err}");
    }
}
