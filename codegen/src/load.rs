//! Stage 1: read the base document.

use serde_json::Value;

use crate::Error;

/// Parses an OpenAPI 3.0.x JSON document.
pub fn document(text: &str) -> Result<Value, Error> {
    let doc: Value = serde_json::from_str(text)
        .map_err(|e| Error::new(format!("the schema is not valid JSON: {e}")))?;
    let version = doc.get("openapi").and_then(Value::as_str).unwrap_or("");
    if !version.starts_with("3.0.") {
        return Err(Error::new(format!(
            "expected an OpenAPI 3.0.x document, found `openapi: {version:?}`"
        )));
    }
    Ok(doc)
}
