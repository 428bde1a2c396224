//! The error the fake answers with: an HTTP status and Stytch's error body.

use std::fmt;

use crate::{http, state};

/// A request the fake refused: the HTTP status and Stytch `error_type` it answers with.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FakeError {
    /// HTTP status, e.g. 404.
    pub status: u16,
    /// Stytch's error type, e.g. `member_not_found`.
    pub error_type: String,
    /// Human-readable message.
    pub message: String,
    /// `error_url` when it is not the usual `…/errors/{status}#{error_type}` (Stytch's own
    /// examples, which link the status page).
    error_url: Option<&'static str>,
    /// Seconds until a rate limit admits the request again: sent as `Retry-After`.
    retry_after: Option<u64>,
}

/// Stytch's example bodies in its API reference (`error_type`, `error_message`, `error_url`),
/// answered verbatim but for a fresh `request_id`.
const UNAUTHORIZED: (&str, &str, &str) = (
    "unauthorized_credentials",
    "Unauthorized credentials.",
    "https://stytch.com/docs/api/errors/401",
);
const TOO_MANY_REQUESTS: (&str, &str, &str) = (
    "too_many_requests",
    "Too many requests have been made.",
    "https://stytch.com/docs/api/errors/429",
);
const INTERNAL_SERVER_ERROR: (&str, &str, &str) = (
    "internal_server_error",
    "Oops, something seems to have gone wrong, please reach out to support@stytch.com to let us know what went wrong.",
    "https://stytch.com/docs/api/errors/500",
);

impl FakeError {
    pub(crate) fn new(status: u16, error_type: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            error_type: error_type.to_owned(),
            message: message.into(),
            error_url: None,
            retry_after: None,
        }
    }

    fn example(status: u16, (error_type, message, url): (&str, &str, &'static str)) -> Self {
        Self {
            error_url: Some(url),
            ..Self::new(status, error_type, message)
        }
    }

    /// Stytch's 401 for missing or wrong credentials.
    pub(crate) fn unauthorized() -> Self {
        Self::example(401, UNAUTHORIZED)
    }

    /// Stytch's 429, for rate limits and injected 429s.
    pub(crate) fn too_many_requests() -> Self {
        Self::example(429, TOO_MANY_REQUESTS)
    }

    /// Stytch's 429 for a rate limit that admits the request again in `seconds`.
    pub(crate) fn rate_limited(seconds: u64) -> Self {
        Self {
            retry_after: Some(seconds),
            ..Self::too_many_requests()
        }
    }

    /// The error an injected status fault answers with.
    pub(crate) fn injected(status: u16) -> Self {
        match status {
            429 => Self::too_many_requests(),
            500 => Self::example(500, INTERNAL_SERVER_ERROR),
            502 => Self::new(502, "bad_gateway", "Bad gateway (injected by the fake)."),
            503 => Self::new(
                503,
                "service_unavailable",
                "The service is unavailable (injected by the fake).",
            ),
            504 => Self::new(
                504,
                "gateway_timeout",
                "Gateway timeout (injected by the fake).",
            ),
            _ => Self::new(
                status,
                "injected_fault",
                format!("An injected fault answered {status}."),
            ),
        }
    }

    /// Stytch's error body for this error, with a fresh `request_id`.
    pub(crate) fn into_failure(self) -> stytch_b2b_otp_sms::server::Failure {
        let mut body = stytch_b2b_otp_sms::common::ErrorResponse::default();
        body.status_code = self.status;
        body.request_id = state::request_id();
        body.error_url = match self.error_url {
            Some(url) => url.to_owned(),
            None => format!(
                "https://stytch.com/docs/api/errors/{}#{}",
                self.status, self.error_type
            ),
        };
        body.error_type = self.error_type;
        body.error_message = self.message;
        if let Some(seconds) = self.retry_after {
            // Carried to the HTTP layer, which sends it as `Retry-After` and takes it out of
            // the body (Stytch's 429 body has no details).
            body.error_details
                .insert(http::RETRY_AFTER_DETAIL.into(), seconds.into());
        }
        stytch_b2b_otp_sms::server::Failure::new(self.status, body)
    }
}

impl fmt::Display for FakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.status, self.error_type, self.message)
    }
}

impl std::error::Error for FakeError {}
