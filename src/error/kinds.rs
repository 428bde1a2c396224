//! The payloads of the [`Error`] variants that calls produce.

use std::fmt;
use std::time::Duration;

use super::*;

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
