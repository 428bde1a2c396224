//! The payloads of the [`Error`] variants that calls produce.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use super::body::{ErrorBody as _, SNIPPET_CHARS, cause_chain};
use super::{CallContext, Error, one_line};

/// An error response from Stytch: its error body, and the call it answered.
///
/// The body is the type generated from the error schema in `schema/overlay.json` (so the
/// client, the fake and the docs share one definition); its fields read through this type
/// (`e.error_type`), and [`body`](ApiError::body) gives the body itself.
///
/// OAuth2-style bodies (`error`, `error_description`, `error_uri`) are mapped to
/// `error_type`, `error_message` and `error_url`. A field the body lacks is empty, and
/// `status_code` falls back to the response's status. Secrets in `error_details` are
/// replaced by `[redacted]`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    body: crate::__contract::ErrorBody,
    pub(crate) call: CallContext,
}

impl ApiError {
    pub(crate) fn new(body: crate::__contract::ErrorBody) -> Self {
        ApiError {
            body,
            call: CallContext::default(),
        }
    }

    /// The error body as Stytch sent it (secrets in its details redacted).
    pub fn body(&self) -> &crate::__contract::ErrorBody {
        &self.body
    }

    /// The error body, taken out.
    pub fn into_body(self) -> crate::__contract::ErrorBody {
        self.body
    }
}

impl std::ops::Deref for ApiError {
    type Target = crate::__contract::ErrorBody;

    fn deref(&self) -> &Self::Target {
        &self.body
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.body, f)
    }
}

impl std::error::Error for ApiError {}

// The body on its own reads as the API error it is (without the call's context).
impl fmt::Display for crate::__contract::ErrorBody {
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

impl std::error::Error for crate::__contract::ErrorBody {}

/// What kind of body came with an [`HttpError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BodyKind {
    Empty,
    Json,
    NonJson,
}

/// A non-2xx response whose body is not Stytch's error JSON.
///
/// `Display` shows the status and a short excerpt of the body; [`body`](HttpError::body)
/// gives all of it.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct HttpError {
    /// HTTP status code.
    pub status: u16,
    /// The start of the body on one line (at most ~120 characters, runs of whitespace
    /// collapsed to one space, `…` where it was cut), with token-like JSON values redacted;
    /// empty when the body was empty.
    pub body_snippet: String,
    pub(super) kind: BodyKind,
    pub(super) body: bytes::Bytes,
    pub(crate) call: CallContext,
}

impl HttpError {
    /// The whole body, as the server sent it (nothing redacted: an HTML page from a proxy,
    /// or JSON that is not Stytch's error).
    pub fn body(&self) -> &[u8] {
        &self.body
    }
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
        let what = match self.kind {
            BodyKind::Empty => return f.write_str(" with an empty body"),
            BodyKind::Json => "a JSON body that is not a Stytch error",
            BodyKind::NonJson => "a non-JSON body",
        };
        write!(f, " with {what}")?;
        if self.body_snippet.ends_with('…') {
            write!(f, " of {} bytes", self.body.len())?;
        }
        write!(f, ": \"{}\"", self.body_snippet)
    }
}

// Written out so that the body, which may hold tokens, is shown only as its redacted excerpt.
impl fmt::Debug for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpError")
            .field("status", &self.status)
            .field("body_snippet", &self.body_snippet)
            .field("body_len", &self.body.len())
            .field("call", &self.call)
            .finish()
    }
}

impl std::error::Error for HttpError {}

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
    pub(crate) call: CallContext,
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
    pub(crate) call: CallContext,
}

/// The request body could not be serialized to JSON.
#[derive(Debug, thiserror::Error)]
#[error("could not serialize the request body: {source}")]
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
    pub(crate) call: CallContext,
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
        Self {
            message,
            source,
            call: CallContext::default(),
        }
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
    pub(crate) call: CallContext,
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.connect { " connecting" } else { "" };
        write!(f, "timed out{what} after {:?}", self.timeout)
    }
}

/// An argument of one call that was refused before anything was sent: it names the
/// operation and the parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ArgumentError {
    /// The operation's dotted name, e.g. `otps.sms.send`.
    pub operation: &'static str,
    /// The parameter as Stytch names it, e.g. `organization_id` (a header's name for a header
    /// parameter).
    pub parameter: &'static str,
    reason: Cow<'static, str>,
}

impl ArgumentError {
    /// What is wrong with the value, e.g. `is empty; Stytch requires a value`.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for ArgumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "argument `{}` {}", self.parameter, self.reason)
    }
}

impl std::error::Error for ArgumentError {}

/// Shorthand for an [`Error::Argument`].
pub(crate) fn argument_error(
    operation: &'static str,
    parameter: &'static str,
    reason: impl Into<Cow<'static, str>>,
) -> Error {
    Error::Argument(ArgumentError {
        operation,
        parameter,
        reason: reason.into(),
    })
}

/// Invalid input to [`ClientBuilder`](crate::ClientBuilder), or a client used where it cannot
/// work (the blocking client inside an async runtime, a paged search whose answers repeat a
/// cursor).
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

/// A local decision that could not be made because a call it needed failed:
/// [`Error::Unavailable`]. Its `Display` is one line, naming what was missing and the failed
/// call's error; [`source`](std::error::Error::source) is that error, with its status,
/// `error_type` and request id.
#[derive(Debug)]
pub struct UnavailableError {
    error_type: &'static str,
    what: String,
    // Shared: one failed fetch can leave several waiting decisions undecided.
    cause: std::sync::Arc<Error>,
}

impl UnavailableError {
    /// `what` (a phrase such as "the organization's policy") could not be had because of
    /// `cause`; `error_type` names the outage for [`Error::error_type`].
    #[allow(dead_code)] // Only the extensions of some features fetch what they decide with.
    pub(crate) fn new(error_type: &'static str, what: impl Into<String>, cause: Error) -> Self {
        Self::shared(error_type, what, std::sync::Arc::new(cause))
    }

    /// The same, for a failure several undecided callers share.
    #[allow(dead_code)] // Only the extensions of some features fetch what they decide with.
    pub(crate) fn shared(
        error_type: &'static str,
        what: impl Into<String>,
        cause: std::sync::Arc<Error>,
    ) -> Self {
        UnavailableError {
            error_type,
            what: what.into(),
            cause,
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
