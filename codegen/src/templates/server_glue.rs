// The static part of the generated server glue: the same for every document. The generator
// parses it into the `server` module (`codegen/src/server.rs`); it uses the module's
// `DOCUMENT_OPERATIONS`, `ROUTES` and `Failure`, and defines `Routed`.

/// What [`route`] made of a request.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Routed {
    /// The service answered: send this status and JSON body.
    Reply {
        /// HTTP status code.
        status: u16,
        /// JSON body.
        body: Vec<u8>,
    },
    /// The request body did not decode into the operation's request type.
    BadBody {
        /// Name of the operation, e.g. `otps.sms.send`.
        operation: &'static str,
        /// Path of the offending field (`.` for the whole body).
        path: String,
        /// What was wrong.
        message: String,
    },
    /// A path or query parameter did not decode: its percent-encoded bytes are not
    /// UTF-8, or a query value is not of the parameter's type.
    BadParameter {
        /// Name of the operation, e.g. `organizations.get`.
        operation: &'static str,
        /// The parameter, e.g. `organization_id`.
        parameter: &'static str,
        /// What was wrong.
        message: String,
    },
    /// The path exists, but not with this HTTP method.
    MethodNotAllowed,
    /// The document has this operation, but the service does not serve it.
    NotModelled {
        /// Name of the operation, e.g. `sessions.revoke`.
        operation: &'static str,
    },
}

/// The document's operation for this method and concrete path (a `{parameter}`
/// segment matches any non-empty segment; the template with the most fixed segments
/// wins).
pub fn document_operation(method: &str, path: &str) -> Option<&'static str> {
    document_match(method, path).map(|(name, _)| name)
}

/// The served operations ([`ROUTES`]) whose path template `path` fills, whatever the method.
pub fn served_at(path: &str) -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> + '_ {
    ROUTES
        .iter()
        .filter(move |(_, template, _)| template_parameters(template, path).is_some())
}

/// The name and path template of the document's operation for this method and path.
fn document_match(method: &str, path: &str) -> Option<(&'static str, &'static str)> {
    DOCUMENT_OPERATIONS
        .iter()
        .filter(|(m, _, _)| m.eq_ignore_ascii_case(method))
        .filter_map(|(_, template, name)| {
            template_parameters(template, path)?;
            let fixed = template.split('/').filter(|s| !s.starts_with('{')).count();
            Some((fixed, (*name, *template)))
        })
        .max_by_key(|(fixed, _)| *fixed)
        .map(|(_, found)| found)
}

/// The segments of `path` that fill `template`'s `{parameter}` segments, still encoded, or
/// `None` when `path` does not have the template's shape.
fn template_parameters<'p>(template: &str, path: &'p str) -> Option<Vec<&'p str>> {
    let mut parts = template.split('/');
    let mut segments = path.split('/');
    let mut out = Vec::new();
    loop {
        match (parts.next(), segments.next()) {
            (None, None) => return Some(out),
            (Some(part), Some(segment)) if part.starts_with('{') => {
                if segment.is_empty() {
                    return None;
                }
                out.push(segment);
            }
            (Some(part), Some(segment)) if part == segment => {}
            _ => return None,
        }
    }
}

/// The value of the `position`th path parameter: its segment percent-decoded once, as UTF-8.
/// (Unused when no operation with path parameters is served in this build.)
#[allow(dead_code)]
fn path_parameter(raw: &[&str], position: usize) -> Option<Result<String, String>> {
    let raw = raw.get(position)?;
    Some(percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .map(|value| value.into_owned())
        .map_err(|e| format!("the segment `{raw}` is not UTF-8 once percent-decoded: {e}")))
}

/// The first header named `name` (in any case). (Unused when no operation with header
/// parameters is served in this build.)
#[allow(dead_code)]
fn header<'h>(headers: &[(&str, &'h str)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| *v)
}

/// The first value of query parameter `name` in `query` (form-encoded pairs), decoded.
/// (Unused when no operation with query parameters is served in this build.)
#[allow(dead_code)]
fn query_parameter(query: &str, name: &str) -> Option<Result<String, String>> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .find_map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decoded(key).ok()? == name).then(|| form_decoded(value))
        })
}

/// One form-encoded query key or value: `+` is a space, then percent-decoded once as UTF-8.
#[allow(dead_code)]
fn form_decoded(raw: &str) -> Result<String, String> {
    let spaced = raw.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8()
        .map(|value| value.into_owned())
        .map_err(|e| format!("the query value `{raw}` is not UTF-8 once percent-decoded: {e}"))
}

/// A query value as the parameter's type: a string (or string enum) as it is, else the
/// text read as a JSON literal (`true`, `25`).
#[allow(dead_code)]
fn query_value<T: serde::de::DeserializeOwned>(value: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(value.to_owned()))
        .or_else(|_| serde_json::from_str(value))
        .map_err(|e| format!("`{value}` is not a valid value: {e}"))
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
