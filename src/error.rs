//! Errors returned by the client.
//!
//! Every error's `Display` is a single line that says what happened; none of
//! them ever contains the project secret, and body snippets have token-like
//! values replaced by `[redacted]`.

use std::fmt;
use std::time::Duration;

// The hand-written layer's refusals, which `Error` carries (defined with the code that
// makes them).
pub use crate::extensions::errors::*;

/// Whether the values of this JSON key are replaced by `[redacted]` in body snippets and
/// error details (at any depth): the schema's secrets and every name the generator's
/// secret-name rule matches, so a `..._token` field Stytch adds is hidden before the SDK is
/// regenerated.
fn is_sensitive_key(key: &str) -> bool {
    crate::__contract::is_secret_name(key)
}

/// Maximum number of characters kept in a body snippet.
const SNIPPET_CHARS: usize = 200;

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

/// Anything that can go wrong when calling the Stytch API.
///
/// ```no_run
/// # async fn demo(result: Result<(), stytch_b2b_otp_sms::Error>) {
/// use stytch_b2b_otp_sms::Error;
///
/// match result {
///     Ok(()) => {}
///     Err(Error::Api(e)) if e.error_type == "member_not_found" => { /* ... */ }
///     Err(e) if e.is_timeout() => eprintln!("retry later: {e}"),
///     Err(e) => eprintln!("{e} (status {:?}, request_id {:?})", e.status(), e.request_id()),
/// }
/// # }
/// ```
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Stytch answered with a non-2xx status and its error JSON (boxed to
    /// keep `Result<T, Error>` small; fields are reachable as `e.error_type`).
    #[error(transparent)]
    Api(#[from] Box<ApiError>),
    /// The server answered with a non-2xx status and a body that is not a
    /// Stytch error (an HTML page from a proxy, an empty 503, ...).
    #[error(transparent)]
    Http(#[from] HttpError),
    /// A 2xx response body could not be decoded into the expected type.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The response body was larger than the configured maximum.
    #[error(transparent)]
    ResponseTooLarge(#[from] ResponseTooLargeError),
    /// The request body could not be serialized to JSON.
    #[error(transparent)]
    Encode(#[from] EncodeError),
    /// Connecting, TLS, or I/O failed.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The connect timeout or the total request timeout elapsed.
    #[error(transparent)]
    Timeout(#[from] TimeoutError),
    /// The client was configured with invalid input.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A session JWT was not accepted by local verification, or could not be verified
    /// (`sessions` feature). Its [`error_type`](Error::error_type) says which.
    #[error(transparent)]
    Jwt(#[from] JwtError),
    /// A locally verified session is not allowed to do what an authorization check asked
    /// (`sessions` and `rbac` features): a refusal. Its [`error_type`](Error::error_type)
    /// says which.
    #[error(transparent)]
    Authorization(#[from] AuthorizationError),
    /// Something a local decision needs (such as a policy the hand-written layer caches)
    /// could not be fetched, so nothing was decided: an outage, not a refusal. Its
    /// [`source`](std::error::Error::source) is the failed call's error.
    #[error(transparent)]
    Unavailable(#[from] UnavailableError),
}

// What `#[derive(Debug)]` prints, written out so that it is never inlined: a caller that turns
// an `Error` into `Box<dyn std::error::Error>` would otherwise compile its own copy.
impl fmt::Debug for Error {
    #[inline(never)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, inner): (&str, &dyn fmt::Debug) = match self {
            Error::Api(e) => ("Api", e),
            Error::Http(e) => ("Http", e),
            Error::Decode(e) => ("Decode", e),
            Error::ResponseTooLarge(e) => ("ResponseTooLarge", e),
            Error::Encode(e) => ("Encode", e),
            Error::Transport(e) => ("Transport", e),
            Error::Timeout(e) => ("Timeout", e),
            Error::Config(e) => ("Config", e),
            Error::Jwt(e) => ("Jwt", e),
            Error::Authorization(e) => ("Authorization", e),
            Error::Unavailable(e) => ("Unavailable", e),
        };
        f.debug_tuple(name).field(inner).finish()
    }
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(Box::new(e))
    }
}

impl Error {
    /// The HTTP status code, when a response was received.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status_code()),
            Error::Http(e) => Some(e.status),
            Error::Decode(e) => e.status,
            Error::ResponseTooLarge(e) => Some(e.status),
            _ => None,
        }
    }

    /// Stytch's `error_type` (e.g. `member_not_found`) for [`Error::Api`]; for [`Error::Jwt`],
    /// the `error_type` Stytch's API gives the same rejection (`invalid_session_jwt`,
    /// `session_jwt_expired`, `session_jwt_too_old`) or `jwks_unavailable`; for
    /// [`Error::Authorization`], `tenancy_mismatch`, `invalid_permissions` or
    /// `organization_not_found`; for [`Error::Unavailable`], what could not be had (e.g.
    /// `rbac_policy_unavailable`).
    pub fn error_type(&self) -> Option<&str> {
        match self {
            Error::Api(e) => Some(e.error_type()),
            Error::Jwt(e) => Some(e.error_type()),
            Error::Authorization(e) => Some(e.error_type()),
            Error::Unavailable(e) => Some(e.error_type()),
            _ => None,
        }
    }

    /// Stytch's `request_id`, for [`Error::Api`] only.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => Some(e.request_id()).filter(|id| !id.is_empty()),
            _ => None,
        }
    }

    /// Whether this is an [`Error::Timeout`].
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout(_))
    }
}

/// An error response from Stytch: its error body, the type generated from the error schema
/// in `schema/overlay.json` (so the client, the fake and the docs share one definition).
///
/// OAuth2-style bodies (`error`, `error_description`, `error_uri`) are mapped to
/// `error_type`, `error_message` and `error_url`. A field the body lacks is empty, and
/// `status_code` falls back to the response's status. Secrets in `error_details` are
/// replaced by `[redacted]`.
pub type ApiError = crate::__contract::ErrorBody;

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Stytch API error {} {}: {}",
            self.status_code(),
            one_line(self.error_type(), SNIPPET_CHARS),
            one_line(self.error_message(), 500)
        )?;
        if !self.request_id().is_empty() {
            write!(
                f,
                " (request_id: {})",
                one_line(self.request_id(), SNIPPET_CHARS)
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// What kind of body came with an [`HttpError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyKind {
    Empty,
    Json,
    NonJson,
}

/// A non-2xx response whose body is not Stytch's error JSON.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub struct HttpError {
    /// HTTP status code.
    pub status: u16,
    /// The start of the body on one line (at most ~200 characters), with
    /// token-like JSON values redacted; empty when the body was empty.
    pub body_snippet: String,
    kind: BodyKind,
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(reason) = reqwest::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|s| s.canonical_reason())
        {
            write!(f, " {reason}")?;
        }
        match self.kind {
            BodyKind::Empty => f.write_str(" with an empty body"),
            BodyKind::Json => write!(
                f,
                " with a JSON body that is not a Stytch error: \"{}\"",
                self.body_snippet
            ),
            BodyKind::NonJson => write!(f, " with a non-JSON body: \"{}\"", self.body_snippet),
        }
    }
}

/// A 2xx response body that did not decode into the expected type.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub struct DecodeError {
    /// Path of the field that failed, e.g. `member.roles[0].role_id`
    /// (`.` for the top level).
    pub path: String,
    /// What was wrong, from the JSON decoder.
    pub message: String,
    /// HTTP status code of the response, when known.
    pub status: Option<u16>,
    /// The start of the body on one line, with token-like values redacted.
    pub body_snippet: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("could not decode the response body")?;
        if !self.path.is_empty() && self.path != "." {
            write!(f, " at {}", self.path)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(status) = self.status {
            write!(f, " (status {status})")?;
        }
        Ok(())
    }
}

/// The response body exceeded the configured `max_response_bytes`; reading
/// was stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("response body exceeds the limit of {limit} bytes (status {status})")]
#[non_exhaustive]
pub struct ResponseTooLargeError {
    /// HTTP status code of the response.
    pub status: u16,
    /// The configured limit, in bytes.
    pub limit: usize,
}

/// The request body could not be serialized to JSON.
#[derive(Debug, thiserror::Error)]
#[error("could not serialize the request body for {operation}: {source}")]
#[non_exhaustive]
pub struct EncodeError {
    /// Name of the operation: its resource path and method, e.g. `otps.sms.send`.
    pub operation: &'static str,
    /// The serializer's error.
    #[source]
    pub source: serde_json::Error,
}

/// Connecting, TLS, or I/O failed before a full response was read.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
#[non_exhaustive]
pub struct TransportError {
    message: String,
    #[source]
    source: reqwest::Error,
}

impl TransportError {
    /// Wraps a reqwest error; `target` is the base URL, used in the message.
    pub(crate) fn new(source: reqwest::Error, target: &str) -> Self {
        let what = if source.is_connect() {
            format!("could not connect to {target}")
        } else if source.is_body() || source.is_decode() {
            format!("reading the response from {target} failed")
        } else {
            format!("request to {target} failed")
        };
        let message = format!("{what}: {}", cause_chain(&source));
        Self { message, source }
    }

    /// Whether the failure happened while connecting (DNS, TCP, TLS).
    pub fn is_connect(&self) -> bool {
        self.source.is_connect()
    }
}

/// The connect timeout or the total request timeout elapsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct TimeoutError {
    /// The timeout that elapsed.
    pub timeout: Duration,
    /// `true` if the connect timeout elapsed, `false` for the total timeout.
    pub connect: bool,
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.connect {
            "connecting"
        } else {
            "request"
        };
        write!(f, "{what} timed out after {:?}", self.timeout)
    }
}

/// A local decision that could not be made because a call it needed failed:
/// [`Error::Unavailable`]. Its `Display` is one line, naming what was missing and the failed
/// call's error; [`source`](std::error::Error::source) is that error, with its status,
/// `error_type` and request id.
#[derive(Debug)]
pub struct UnavailableError {
    error_type: &'static str,
    what: String,
    cause: Box<Error>,
}

impl UnavailableError {
    /// `what` (a phrase such as "the organization's policy") could not be had because of
    /// `cause`; `error_type` names the outage for [`Error::error_type`].
    #[allow(dead_code)] // Only the extensions of some features fetch what they decide with.
    pub(crate) fn new(error_type: &'static str, what: impl Into<String>, cause: Error) -> Self {
        UnavailableError {
            error_type,
            what: what.into(),
            cause: Box::new(cause),
        }
    }

    /// What could not be had, as an `error_type`-like string chosen by the code that needed
    /// it (each local decision documents its own).
    pub fn error_type(&self) -> &'static str {
        self.error_type
    }

    /// The error of the call that failed.
    pub fn cause(&self) -> &Error {
        &self.cause
    }
}

impl fmt::Display for UnavailableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "nothing decided ({}): {} could not be fetched: {}",
            self.error_type, self.what, self.cause
        )
    }
}

impl std::error::Error for UnavailableError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.cause)
    }
}

/// Invalid input to [`ClientBuilder`](crate::ClientBuilder).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid client configuration: {message}")]
#[non_exhaustive]
pub struct ConfigError {
    /// What was wrong.
    pub message: String,
}

/// Shorthand for an [`Error::Config`] with `message`.
pub(crate) fn config_error(message: impl Into<String>) -> Error {
    Error::Config(ConfigError {
        message: message.into(),
    })
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
            return Error::from(ApiError::from_parts(ErrorParts {
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
            }));
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
        body_snippet: snippet(body),
        kind,
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
    })
}

/// One-line, redacted, truncated rendering of a body for error messages.
pub(crate) fn snippet(body: &[u8]) -> String {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(mut value) => {
            redact(&mut value);
            one_line(&value.to_string(), SNIPPET_CHARS)
        }
        Err(_) => one_line(
            &redact_raw(String::from_utf8_lossy(body).trim()),
            SNIPPET_CHARS,
        ),
    }
}

/// Masks the values of sensitive keys in text that is not valid JSON (a truncated body, say).
///
/// The text is scanned as JSON tokens: strings are read whole (escapes included), and a string
/// followed by `:` is a key, compared after unescaping. The value of a sensitive key is
/// replaced up to its end (a string's closing quote, a scalar's delimiter, a nested object's
/// or array's closing bracket), or to the end of the text when it is cut off.
fn redact_raw(text: &str) -> String {
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

/// The `Display` of each source below `err`, joined by `: ` on one line.
fn cause_chain(err: &(dyn std::error::Error + 'static)) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_what_derive_would_print() {
        let e = config_error("bad input");
        assert_eq!(
            format!("{e:?}"),
            r#"Config(ConfigError { message: "bad input" })"#
        );
        let e = Error::ResponseTooLarge(ResponseTooLargeError {
            status: 200,
            limit: 9,
        });
        assert_eq!(
            format!("{e:?}"),
            "ResponseTooLarge(ResponseTooLargeError { status: 200, limit: 9 })"
        );
        assert!(format!("{e:#?}").starts_with("ResponseTooLarge(\n"));
    }

    fn assert_one_line(e: &impl fmt::Display) -> String {
        let s = e.to_string();
        assert!(!s.contains('\n') && !s.contains('\r'), "multi-line: {s}");
        assert!(!s.is_empty());
        s
    }

    #[test]
    fn raw_redaction_reads_whole_strings_and_any_value() {
        let cases = [
            // an escaped quote earlier in the body must not shift the scan
            r#"{"note":"6\" display","session_token":"st-SECRET","member":{"#,
            // a key written with \u escapes
            r#"{"session\u005ftoken":"st-SECRET","x":1,"#,
            // non-string values, nested structures, a cut-off value
            r#"{"code":123456789,"session_jwt":{"a":["SECRET"]},"intermediate_session_token":"SECR"#,
        ];
        for body in cases {
            let s = redact_raw(body);
            assert!(
                !s.contains("SECRET") && !s.contains("123456789"),
                "{body} -> {s}"
            );
            assert!(s.contains("[redacted]"), "{s}");
        }
        assert_eq!(
            redact_raw(r#"{"a":"keep \"this\"","code":"1","b":2"#),
            r#"{"a":"keep \"this\"","code":"[redacted]","b":2"#
        );
    }

    #[test]
    fn truncated_json_snippets_hide_token_values() {
        let body = br#"{"request_id":"r-1","session_token":"tok-SECRET-1","session_jwt":"eyJ-SECRET-2","code": "12345"#;
        let s = snippet(body);
        assert!(!s.contains("SECRET") && !s.contains("12345"), "{s}");
        assert!(s.contains(r#""request_id":"r-1""#), "{s}");
        assert!(s.contains(r#""session_token":"[redacted]""#), "{s}");
    }

    #[test]
    fn stytch_error_json_is_api_error() {
        let body = br#"{"status_code":404,"request_id":"req-123","error_type":"member_not_found",
            "error_message":"Member not found","error_url":"https://stytch.com/docs/api/errors/404#member_not_found",
            "error_details":{"member_id":"m-1"}}"#;
        let err = classify_error_body(404, body);
        let Error::Api(api) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(api.status_code(), 404);
        assert_eq!(api.request_id(), "req-123");
        assert_eq!(api.error_type(), "member_not_found");
        assert_eq!(api.error_message(), "Member not found");
        assert_eq!(
            api.error_url(),
            "https://stytch.com/docs/api/errors/404#member_not_found"
        );
        assert_eq!(api.error_details()["member_id"], "m-1");
        assert_eq!(err.status(), Some(404));
        assert_eq!(err.error_type(), Some("member_not_found"));
        assert_eq!(err.request_id(), Some("req-123"));
        assert_eq!(
            assert_one_line(&err),
            "Stytch API error 404 member_not_found: Member not found (request_id: req-123)"
        );
    }

    #[test]
    fn status_code_falls_back_to_http_status() {
        let err = classify_error_body(
            429,
            br#"{"error_type":"too_many_requests","error_message":"slow\ndown"}"#,
        );
        assert_eq!(err.status(), Some(429));
        assert_eq!(err.request_id(), None);
        assert_eq!(
            assert_one_line(&err),
            "Stytch API error 429 too_many_requests: slow\\ndown"
        );
    }

    #[test]
    fn oauth2_error_json_is_api_error() {
        let body = br#"{"error":"invalid_grant","error_description":"Code expired","error_uri":"https://x/y","request_id":"r1"}"#;
        let Error::Api(api) = classify_error_body(400, body) else {
            panic!()
        };
        assert_eq!(api.status_code(), 400);
        assert_eq!(api.error_type(), "invalid_grant");
        assert_eq!(api.error_message(), "Code expired");
        assert_eq!(api.error_url(), "https://x/y");
        assert_eq!(api.request_id(), "r1");
        assert!(api.error_details().is_empty());
    }

    #[test]
    fn html_body_is_http_error() {
        let err = classify_error_body(502, b"<html>\n<body>Bad Gateway</body>\n</html>\n");
        let Error::Http(h) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(h.status, 502);
        assert_eq!(
            assert_one_line(&err),
            r#"HTTP 502 Bad Gateway with a non-JSON body: "<html>\n<body>Bad Gateway</body>\n</html>""#
        );
        assert_eq!(err.error_type(), None);
    }

    #[test]
    fn empty_body_is_http_error() {
        let err = classify_error_body(503, b"");
        assert!(matches!(&err, Error::Http(h) if h.body_snippet.is_empty()));
        assert_eq!(
            assert_one_line(&err),
            "HTTP 503 Service Unavailable with an empty body"
        );
        let err = classify_error_body(599, b" \r\n");
        assert_eq!(assert_one_line(&err), "HTTP 599 with an empty body");
    }

    #[test]
    fn json_without_error_fields_is_http_error() {
        let err = classify_error_body(500, br#"{"message":"oops","token":"tok-SECRET"}"#);
        let Error::Http(h) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(h.status, 500);
        let s = assert_one_line(&err);
        assert!(
            s.starts_with(
                "HTTP 500 Internal Server Error with a JSON body that is not a Stytch error: "
            ),
            "{s}"
        );
        assert!(s.contains("oops") && !s.contains("tok-SECRET"), "{s}");
        // `error` that is not a string does not count either
        assert!(matches!(
            classify_error_body(500, br#"{"error":{"x":1}}"#),
            Error::Http(_)
        ));
        assert!(matches!(classify_error_body(500, b"[1,2]"), Error::Http(_)));
    }

    #[test]
    fn snippet_redacts_sensitive_values_at_any_depth() {
        let body = br#"{"code":"123456","a":{"session_token":"st-1","list":[{"SESSION_JWT":"jwt-1","ok":"visible"}]},
            "secret":"sec-1","token":{"nested":"tok-1"}}"#;
        let s = snippet(body);
        for leaked in ["123456", "st-1", "jwt-1", "sec-1", "tok-1"] {
            assert!(!s.contains(leaked), "{leaked} in {s}");
        }
        assert!(s.contains("visible") && s.contains("[redacted]"), "{s}");
        let body = br#"[{"access_token":"at-1","refresh_token":"rt-1","id_token":"it-1","intermediate_session_token":"ist-1"}]"#;
        let s = snippet(body);
        for leaked in ["at-1", "rt-1", "it-1", "ist-1"] {
            assert!(!s.contains(leaked), "{leaked} in {s}");
        }
    }

    #[test]
    fn secrets_stytch_adds_later_are_redacted_before_regeneration() {
        // Names the schema does not know yet, caught by the generated secret-name rule.
        let body =
            br#"{"status_code":400,"request_id":"r-1","error_type":"bad","error_message":"m",
            "error_details":{"step_up_token":"tok-new-1","deep":{"newRefreshToken":"tok-new-2",
            "device_passcode":"pc-1"},"postal_code":"94107","status_code":400}}"#;
        let Error::Api(api) = classify_error_body(400, body) else {
            panic!("an API error")
        };
        let details = serde_json::Value::Object(api.error_details().clone()).to_string();
        for leaked in ["tok-new-1", "tok-new-2", "pc-1"] {
            assert!(!details.contains(leaked), "{leaked} in {details}");
        }
        // The overlay's opt-out and non-string codes stay readable.
        assert!(
            details.contains("94107") && details.contains("400"),
            "{details}"
        );
        let decode = decode_error(
            Some(200),
            "member.mystery".into(),
            "invalid type",
            br#"{"brand_new_jwt":"jwt-new-1","member":{"mystery":1}}"#,
        );
        let Error::Decode(d) = decode else { panic!() };
        assert!(!d.body_snippet.contains("jwt-new-1"), "{}", d.body_snippet);
        let cut = decode_error(
            Some(200),
            ".".into(),
            "EOF",
            br#"{"magic_links_token":"ml-1"#,
        );
        let Error::Decode(d) = cut else { panic!() };
        assert!(!d.body_snippet.contains("ml-1"), "{}", d.body_snippet);
    }

    #[test]
    fn snippet_is_truncated_and_one_line() {
        let long = "x\n".repeat(500);
        let s = snippet(long.as_bytes());
        assert!(!s.contains('\n'));
        assert!(s.ends_with('…'));
        assert!(s.chars().count() <= SNIPPET_CHARS + 1);
        assert!(s.chars().count() >= SNIPPET_CHARS - 2);
        assert_eq!(snippet(b"a\x01b\tc"), "a\\u{1}b\\tc");
        // multi-byte characters are never split
        let s = snippet("é".repeat(300).as_bytes());
        assert_eq!(s.chars().count(), SNIPPET_CHARS + 1);
        // invalid UTF-8 does not panic
        assert_eq!(snippet(&[0xff, b'a']), "\u{fffd}a");
    }

    #[test]
    fn decode_error_display_and_redaction() {
        let err = decode_error(
            Some(200),
            "member.roles".into(),
            "invalid type: null, expected a sequence",
            br#"{"member":{"roles":null},"session_token":"st-9"}"#,
        );
        assert_eq!(
            assert_one_line(&err),
            "could not decode the response body at member.roles: invalid type: null, expected a sequence (status 200)"
        );
        assert_eq!(err.status(), Some(200));
        let Error::Decode(d) = &err else { panic!() };
        assert!(!d.body_snippet.contains("st-9"));

        let err = decode_error(None, ".".into(), "expected value at line 1 column 1", b"");
        assert_eq!(
            assert_one_line(&err),
            "could not decode the response body: expected value at line 1 column 1"
        );
        assert_eq!(err.status(), None);

        let err = decode_error(
            Some(200),
            "session_token".into(),
            "invalid type: string \"st-secret\", expected u64",
            b"{}",
        );
        assert!(!err.to_string().contains("st-secret"));
    }

    #[test]
    fn other_variants_display_one_line() {
        let too_large = Error::from(ResponseTooLargeError {
            status: 200,
            limit: 4096,
        });
        assert_eq!(
            assert_one_line(&too_large),
            "response body exceeds the limit of 4096 bytes (status 200)"
        );
        assert_eq!(too_large.status(), Some(200));

        let timeout = Error::from(TimeoutError {
            timeout: Duration::from_secs(30),
            connect: false,
        });
        assert_eq!(assert_one_line(&timeout), "request timed out after 30s");
        assert!(timeout.is_timeout());
        assert_eq!(timeout.status(), None);
        let timeout = Error::from(TimeoutError {
            timeout: Duration::from_millis(1500),
            connect: true,
        });
        assert_eq!(assert_one_line(&timeout), "connecting timed out after 1.5s");

        let config = config_error("project_id is empty");
        assert_eq!(
            assert_one_line(&config),
            "invalid client configuration: project_id is empty"
        );
        assert!(!config.is_timeout());

        let mut map = std::collections::HashMap::new();
        map.insert(vec![1u8], 1);
        let encode = Error::from(EncodeError {
            operation: "widgets.send",
            source: serde_json::to_vec(&map).unwrap_err(),
        });
        assert!(
            assert_one_line(&encode)
                .starts_with("could not serialize the request body for widgets.send: ")
        );
    }

    #[test]
    fn cause_chain_is_joined_on_one_line() {
        #[derive(Debug)]
        struct E(&'static str, Option<Box<E>>);
        impl fmt::Display for E {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.0)
            }
        }
        impl std::error::Error for E {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                self.1.as_deref().map(|e| e as _)
            }
        }
        let e = E(
            "top",
            Some(Box::new(E(
                "tcp connect error",
                Some(Box::new(E("refused\n", None))),
            ))),
        );
        assert_eq!(cause_chain(&e), "tcp connect error: refused\\n");
        assert_eq!(cause_chain(&E("only", None)), "only");
    }
}
