// The static part of the generated server glue: the same for every document. The generator
// parses it into the `server` module (`codegen/src/server.rs`); it uses the module's
// `DOCUMENT_OPERATIONS`, `Routed` and `Failure`.

/// The document's operation for this method and concrete path (a `{parameter}`
/// segment matches any non-empty segment; the template with the most fixed segments
/// wins).
pub fn document_operation(method: &str, path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.split('/').collect();
    DOCUMENT_OPERATIONS
        .iter()
        .filter(|(m, _, _)| m.eq_ignore_ascii_case(method))
        .filter_map(|(_, template, name)| {
            let parts: Vec<&str> = template.split('/').collect();
            if parts.len() != segments.len() {
                return None;
            }
            let mut fixed = 0;
            for (part, segment) in parts.iter().zip(&segments) {
                if part.starts_with('{') {
                    if segment.is_empty() {
                        return None;
                    }
                } else if part == segment {
                    fixed += 1;
                } else {
                    return None;
                }
            }
            Some((fixed, *name))
        })
        .max_by_key(|(fixed, _)| *fixed)
        .map(|(_, name)| name)
}


fn decode<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, (String, String)> {
    serde_json::from_slice(body)
        .map_err(|e| (crate::runtime::path_of_error(body, &e), e.to_string()))
}

fn encode<T: serde::Serialize>(answer: Result<T, Failure>) -> Routed {
    let (status, body) = match answer {
        Ok(value) => (200, serde_json::to_vec(&value)),
        Err(failure) => (failure.status, serde_json::to_vec(&failure.body)),
    };
    match body {
        Ok(body) => Routed::Reply { status, body },
        // Generated types always serialize; answer 500 rather than panic.
        Err(e) => Routed::Reply {
            status: 500,
            body: e.to_string().into_bytes(),
        },
    }
}
