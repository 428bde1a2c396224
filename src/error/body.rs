//! From a response body to an error: classifying a non-2xx body, the error for a 2xx body
//! that does not decode, and the one-line, redacted renderings of bodies the errors show.

use super::kinds::BodyKind;
use super::{ApiError, DecodeError, Error, HttpError};

/// Whether the values of this JSON key are replaced by `[redacted]` in body snippets and
/// error details (at any depth): the schema's secrets and every name the generator's
/// secret-name rule matches, so a `..._token` field Stytch adds is hidden before the SDK is
/// regenerated.
fn is_sensitive_key(key: &str) -> bool {
    crate::__contract::is_secret_name(key)
}

/// Maximum number of characters kept in a body snippet.
pub(super) const SNIPPET_CHARS: usize = 200;

/// Maximum number of characters of a body an [`HttpError`] shows.
pub(super) const EXCERPT_CHARS: usize = 120;

/// What the runtime reads from, and fills into, the error body type the generator produces
/// from the document's error schema. The generator implements it, failing with an error that
/// names the field when the schema lacks one of these or gives it another type.
pub(crate) trait ErrorBody: Sized {
    /// A body built from what the runtime parsed out of a non-2xx response.
    fn from_parts(parts: ErrorParts) -> Self;
    /// The HTTP status the body states (the response's when it states none).
    fn status_code(&self) -> u16;
    /// Machine-readable error code, e.g. `member_not_found`.
    fn error_type(&self) -> &str;
    /// Human-readable description.
    fn error_message(&self) -> &str;
    /// The request's id, empty when the body has none.
    fn request_id(&self) -> &str;
    /// Link to the error's documentation, empty when the body has none.
    #[allow(dead_code)] // The runtime fills it; its unit tests read it back.
    fn error_url(&self) -> &str;
    /// Structured details (secrets redacted), empty when the body has none.
    #[allow(dead_code)] // As `error_url`.
    fn error_details(&self) -> &serde_json::Map<String, serde_json::Value>;
}

/// The parts of an error body the runtime understands, however the response spelled them
/// (Stytch's own fields or OAuth2's `error`, `error_description`, `error_uri`).
#[derive(Debug, Default)]
pub(crate) struct ErrorParts {
    pub(crate) status_code: u16,
    pub(crate) request_id: String,
    pub(crate) error_type: String,
    pub(crate) error_message: String,
    pub(crate) error_url: String,
    /// With secrets already replaced by `[redacted]`.
    pub(crate) error_details: serde_json::Map<String, serde_json::Value>,
}

/// Builds the error for a non-2xx response.
pub(crate) fn classify_error_body(status: u16, body: &[u8]) -> Error {
    use serde_json::Value;
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    if let Some(Value::Object(obj)) = &parsed {
        let text = |k: &str| obj.get(k).and_then(Value::as_str).map(str::to_owned);
        let (error_type, message, url) = if let Some(t) = text("error_type") {
            (t, text("error_message"), text("error_url"))
        } else if let Some(t) = text("error") {
            (t, text("error_description"), text("error_uri"))
        } else {
            (String::new(), None, None)
        };
        if !error_type.is_empty() {
            let status_code = obj
                .get("status_code")
                .and_then(Value::as_u64)
                .and_then(|s| u16::try_from(s).ok())
                .unwrap_or(status);
            return Error::from(ApiError::new(crate::__contract::ErrorBody::from_parts(
                ErrorParts {
                    status_code,
                    request_id: text("request_id").unwrap_or_default(),
                    error_type,
                    error_message: message.unwrap_or_default(),
                    error_url: url.unwrap_or_default(),
                    error_details: obj
                        .get("error_details")
                        .and_then(Value::as_object)
                        .map(|details| {
                            let mut details = details.clone();
                            redact_map(&mut details);
                            details
                        })
                        .unwrap_or_default(),
                },
            )));
        }
    }
    let kind = if body.iter().all(u8::is_ascii_whitespace) {
        BodyKind::Empty
    } else if parsed.is_some() {
        BodyKind::Json
    } else {
        BodyKind::NonJson
    };
    Error::Http(HttpError {
        status,
        body_snippet: collapsed(&redacted_text(body), EXCERPT_CHARS),
        kind,
        body: bytes::Bytes::copy_from_slice(body),
        call: Default::default(),
    })
}

/// Builds the error for a 2xx body that failed to decode.
pub(crate) fn decode_error(status: Option<u16>, path: String, message: &str, body: &[u8]) -> Error {
    // serde messages may quote the offending value; never echo a sensitive one.
    let sensitive = path.split(['.', '[', ']']).any(is_sensitive_key);
    let message = if sensitive {
        "invalid value (details redacted for a sensitive field)".to_owned()
    } else {
        one_line(message, 300)
    };
    Error::Decode(DecodeError {
        // Keys come from the body: keep the path to one bounded line too.
        path: one_line(&path, SNIPPET_CHARS),
        message,
        status,
        body_snippet: snippet(body),
        call: Default::default(),
    })
}

/// One-line, redacted, truncated rendering of a body for error messages.
pub(crate) fn snippet(body: &[u8]) -> String {
    one_line(&redacted_text(body), SNIPPET_CHARS)
}

/// A body as text with the values of sensitive keys replaced: JSON re-serialized compactly,
/// anything else (an HTML page, a cut-off JSON body) scanned as it is.
fn redacted_text(body: &[u8]) -> String {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(mut value) => {
            redact(&mut value);
            value.to_string()
        }
        Err(_) => redact_raw(String::from_utf8_lossy(body).trim()),
    }
}

/// Masks the values of sensitive keys in text that is not valid JSON (a truncated body, say).
///
/// The text is scanned as JSON tokens: strings are read whole (escapes included), and a string
/// followed by `:` is a key, compared after unescaping. The value of a sensitive key is
/// replaced up to its end (a string's closing quote, a scalar's delimiter, a nested object's
/// or array's closing bracket), or to the end of the text when it is cut off.
pub(super) fn redact_raw(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            i += 1;
            continue;
        }
        let end = string_end(bytes, i);
        let after = skip_whitespace(bytes, end);
        let is_key = bytes.get(after) == Some(&b':');
        if is_key && key_is_sensitive(&text[i..end]) {
            let value_start = skip_whitespace(bytes, after + 1);
            let value_end = value_end(bytes, value_start);
            out.push_str(&text[copied..value_start]);
            out.push_str("\"[redacted]\"");
            copied = value_end;
            i = value_end;
        } else {
            i = end;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Index just past the JSON string starting at `start` (a `"`), or the end of the text.
fn string_end(bytes: &[u8], start: usize) -> usize {
    crate::json_path::string_end(bytes, start).unwrap_or(bytes.len())
}

fn skip_whitespace(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// Index just past the JSON value starting at `start`, or the end of the text.
fn value_end(bytes: &[u8], start: usize) -> usize {
    match bytes.get(start) {
        Some(b'"') => string_end(bytes, start),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut i = start;
            while i < bytes.len() {
                match bytes[i] {
                    b'"' => {
                        i = string_end(bytes, i);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return i + 1;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            bytes.len()
        }
        _ => {
            let mut i = start;
            while i < bytes.len() && !matches!(bytes[i], b',' | b'}' | b']') {
                i += 1;
            }
            i
        }
    }
}

/// Whether a quoted key (as written, escapes included) names a sensitive field.
fn key_is_sensitive(quoted: &str) -> bool {
    is_sensitive_key(&crate::json_path::unquote(quoted.as_bytes()))
}

/// Replaces the values of sensitive keys, at any depth, by `"[redacted]"`.
fn redact(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => redact_map(map),
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

fn redact_map(map: &mut serde_json::Map<String, serde_json::Value>) {
    for (key, v) in map.iter_mut() {
        if is_sensitive_key(key) {
            *v = serde_json::Value::String("[redacted]".into());
        } else {
            redact(v);
        }
    }
}

/// Escapes control characters (so the result is one line) and keeps at most
/// `max` characters of output, appending `…` when cut.
pub(crate) fn one_line(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut len = 0;
    for c in text.chars() {
        let piece = match c {
            '\n' => "\\n".to_owned(),
            '\r' => "\\r".to_owned(),
            '\t' => "\\t".to_owned(),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                c.escape_unicode().to_string()
            }
            c => c.to_string(),
        };
        len += piece.chars().count();
        if len > max {
            out.push('…');
            break;
        }
        out.push_str(&piece);
    }
    out
}

/// `text` on one line for a reader: every run of whitespace (line breaks included) becomes
/// one space, other control characters are escaped, and at most `max` characters are kept,
/// cut between characters and ending in `…` when cut.
pub(crate) fn collapsed(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut len = 0;
    let mut words = text
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .peekable();
    while let Some(word) = words.next() {
        let space = if words.peek().is_some() { " " } else { "" };
        for piece in word.chars().map(escaped).chain([space.to_owned()]) {
            len += piece.chars().count();
            if len > max {
                out.push('…');
                return out;
            }
            out.push_str(&piece);
        }
    }
    out
}

/// A character as it is shown on one line: a control character (or a line or paragraph
/// separator) as its `\u{..}` escape, anything else as it is.
fn escaped(c: char) -> String {
    if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
        c.escape_unicode().to_string()
    } else {
        c.to_string()
    }
}

/// The `Display` of each source below `err`, joined by `: ` on one line.
pub(super) fn cause_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = err.source();
    while let Some(e) = next {
        let text = e.to_string();
        // hyper's "client error (Connect)" only repeats what its source says
        if !text.starts_with("client error (") && parts.last() != Some(&text) {
            parts.push(text);
        }
        next = e.source();
    }
    if parts.is_empty() {
        parts.push(err.to_string());
    }
    one_line(&parts.join(": "), 300)
}
