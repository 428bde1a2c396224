//! Errors returned by the client.
//!
//! Every error's `Display` is a single line that says what happened, prefixed by the
//! operation it happened in (`otps.sms.send: ...`) and followed by the number of attempts
//! when the call was retried (`... (3 attempts)`). None of them ever contains the project
//! secret or a whole response body, and body excerpts have token-like values replaced by
//! `[redacted]`.
//!
//! The parts: this file holds [`Error`] and where a call's context lives; `kinds` the
//! payloads of the variants a call produces, and of an undecided local decision
//! ([`UnavailableError`]); `body` the classification of response bodies and their one-line
//! renderings. The refusals of local verification ([`JwtError`], [`AuthorizationError`]) are
//! defined by the hand-written layer that makes them (`crate::extensions::errors`).

use std::fmt;

mod body;
mod kinds;

pub use crate::extensions::errors::{
    AuthorizationError, AuthorizationErrorKind, JwtError, JwtErrorKind,
};
pub(crate) use body::{ErrorBody, ErrorParts, classify_error_body, decode_error, one_line};
pub use kinds::{
    ApiError, ArgumentError, ConfigError, DecodeError, EncodeError, HttpError,
    ResponseTooLargeError, TimeoutError, TransportError, UnavailableError,
};
pub(crate) use kinds::{argument_error, config_error};

/// Which call an error came from and how many HTTP attempts it made: what `Display` adds
/// around a variant's own message. Filled in by the client once the call is over.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CallContext {
    /// The operation's dotted name, e.g. `otps.sms.send`.
    pub(crate) operation: Option<&'static str>,
    /// HTTP requests sent, the first included (0 when nothing was sent).
    pub(crate) attempts: u32,
}

/// Anything that can go wrong when calling the Stytch API.
///
/// `Display` is one line: the operation, what went wrong, and the number of attempts when
/// there were several, e.g. `otps.sms.send: timed out after 10s (3 attempts)`.
///
/// ```no_run
/// # async fn demo(result: Result<(), stytch_b2b_otp_sms::Error>) {
/// use stytch_b2b_otp_sms::Error;
///
/// match result {
///     Ok(()) => {}
///     Err(Error::Api(e)) if e.error_type == "member_not_found" => { /* ... */ }
///     Err(Error::Argument(e)) => eprintln!("fix the call: `{}` {}", e.parameter, e.reason()),
///     Err(e) if e.is_timeout() => eprintln!("retry later: {e}"),
///     Err(e) => eprintln!("{e} (status {:?}, request_id {:?})", e.status(), e.request_id()),
/// }
/// # }
/// ```
#[non_exhaustive]
pub enum Error {
    /// Stytch answered with a non-2xx status and its error JSON (boxed to
    /// keep `Result<T, Error>` small; fields are reachable as `e.error_type`).
    Api(Box<ApiError>),
    /// The server answered with a non-2xx status and a body that is not a
    /// Stytch error (an HTML page from a proxy, an empty 503, ...).
    Http(HttpError),
    /// A 2xx response body could not be decoded into the expected type.
    Decode(DecodeError),
    /// The response body was larger than the configured maximum.
    ResponseTooLarge(ResponseTooLargeError),
    /// The request body could not be serialized to JSON.
    Encode(EncodeError),
    /// Connecting, TLS, or I/O failed.
    Transport(TransportError),
    /// The connect timeout or the total request timeout elapsed.
    Timeout(TimeoutError),
    /// An argument of one call was refused before anything was sent (an empty identifier
    /// Stytch requires, a path parameter that would change the path, a header value a header
    /// cannot carry). It names the operation and the parameter.
    Argument(ArgumentError),
    /// The input to [`ClientBuilder`](crate::ClientBuilder) was invalid, or the client could
    /// not be used as it was (the blocking client called inside an async runtime, a paged
    /// search whose answers repeat a cursor).
    Config(ConfigError),
    /// A session JWT (`sessions` feature) or an access token (`idp` feature) was not accepted
    /// by local verification. Its [`error_type`](Error::error_type) says why.
    Jwt(JwtError),
    /// A locally verified session is not allowed to do what an authorization check asked
    /// (`sessions` and `rbac` features): a refusal. Its [`error_type`](Error::error_type)
    /// says which.
    Authorization(AuthorizationError),
    /// Something a local decision needs (such as a policy the hand-written layer caches)
    /// could not be fetched, so nothing was decided: an outage, not a refusal. Its
    /// [`source`](std::error::Error::source) is the failed call's error.
    Unavailable(UnavailableError),
}

impl Error {
    /// The variant's payload, for `Display`, `Debug` and `source`.
    fn payload(&self) -> (&'static str, &(dyn std::error::Error + 'static)) {
        match self {
            Error::Api(e) => ("Api", &**e),
            Error::Http(e) => ("Http", e),
            Error::Decode(e) => ("Decode", e),
            Error::ResponseTooLarge(e) => ("ResponseTooLarge", e),
            Error::Encode(e) => ("Encode", e),
            Error::Transport(e) => ("Transport", e),
            Error::Timeout(e) => ("Timeout", e),
            Error::Argument(e) => ("Argument", e),
            Error::Config(e) => ("Config", e),
            Error::Jwt(e) => ("Jwt", e),
            Error::Authorization(e) => ("Authorization", e),
            Error::Unavailable(e) => ("Unavailable", e),
        }
    }

    /// The call this error came from, as far as the variant records one.
    fn context(&self) -> CallContext {
        match self {
            Error::Api(e) => e.call,
            Error::Http(e) => e.call,
            Error::Decode(e) => e.call,
            Error::ResponseTooLarge(e) => e.call,
            Error::Transport(e) => e.call,
            Error::Timeout(e) => e.call,
            Error::Encode(e) => CallContext {
                operation: Some(e.operation),
                attempts: 0,
            },
            Error::Argument(e) => CallContext {
                operation: Some(e.operation),
                attempts: 0,
            },
            Error::Config(_) | Error::Jwt(_) | Error::Authorization(_) | Error::Unavailable(_) => {
                CallContext::default()
            }
        }
    }

    /// This error with the operation and the number of attempts of the call it came from
    /// recorded (for the variants that carry them).
    pub(crate) fn in_call(mut self, operation: &'static str, attempts: u32) -> Self {
        let call = CallContext {
            operation: Some(operation),
            attempts,
        };
        match &mut self {
            Error::Api(e) => e.call = call,
            Error::Http(e) => e.call = call,
            Error::Decode(e) => e.call = call,
            Error::ResponseTooLarge(e) => e.call = call,
            Error::Transport(e) => e.call = call,
            Error::Timeout(e) => e.call = call,
            _ => {}
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let call = self.context();
        if let Some(operation) = call.operation {
            write!(f, "{operation}: ")?;
        }
        fmt::Display::fmt(self.payload().1, f)?;
        if call.attempts > 1 {
            write!(f, " ({} attempts)", call.attempts)?;
        }
        Ok(())
    }
}

// The payload's own source: `Error` only adds the call's context to the payload's message.
impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.payload().1.source()
    }
}

// What `#[derive(Debug)]` prints, written out so that it is never inlined: a caller that turns
// an `Error` into `Box<dyn std::error::Error>` would otherwise compile its own copy.
impl fmt::Debug for Error {
    #[inline(never)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, inner) = self.payload();
        f.debug_tuple(name).field(&inner).finish()
    }
}

macro_rules! from_payload {
    ($($variant:ident($payload:ty)),* $(,)?) => {$(
        impl From<$payload> for Error {
            fn from(e: $payload) -> Self {
                Error::$variant(e)
            }
        }
    )*};
}

from_payload!(
    Api(Box<ApiError>),
    Http(HttpError),
    Decode(DecodeError),
    ResponseTooLarge(ResponseTooLargeError),
    Encode(EncodeError),
    Transport(TransportError),
    Timeout(TimeoutError),
    Argument(ArgumentError),
    Config(ConfigError),
    Jwt(JwtError),
    Authorization(AuthorizationError),
    Unavailable(UnavailableError),
);

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(Box::new(e))
    }
}

impl Error {
    /// The HTTP status code, when a response was received.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.body().status_code()),
            Error::Http(e) => Some(e.status),
            Error::Decode(e) => e.status,
            Error::ResponseTooLarge(e) => Some(e.status),
            _ => None,
        }
    }

    /// Stytch's `error_type` (e.g. `member_not_found`) for [`Error::Api`]; for [`Error::Jwt`],
    /// the `error_type` Stytch's API gives the same rejection (`invalid_session_jwt`,
    /// `session_jwt_expired`, `session_jwt_too_old`), or for an access token
    /// `invalid_access_token`, `access_token_expired`, `access_token_too_old`; for
    /// [`Error::Authorization`], `tenancy_mismatch`, `invalid_permissions`,
    /// `organization_not_found` or `insufficient_scope`; for [`Error::Unavailable`], what
    /// could not be had (`jwks_unavailable`, `rbac_policy_unavailable`).
    pub fn error_type(&self) -> Option<&str> {
        match self {
            Error::Api(e) => Some(e.body().error_type()),
            Error::Jwt(e) => Some(e.error_type()),
            Error::Authorization(e) => Some(e.error_type()),
            Error::Unavailable(e) => Some(e.error_type()),
            _ => None,
        }
    }

    /// Stytch's `request_id`, for [`Error::Api`] only.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => Some(e.body().request_id()).filter(|id| !id.is_empty()),
            _ => None,
        }
    }

    /// The dotted name of the operation the error came from (`otps.sms.send`, as the client
    /// path `client.otps().sms().send(..)` spells it); `None` for errors that belong to no
    /// call ([`Error::Config`], [`Error::Jwt`], [`Error::Authorization`]).
    pub fn operation(&self) -> Option<&'static str> {
        self.context().operation
    }

    /// How many HTTP requests the call sent, the first included: more than 1 when it was
    /// retried, 0 when it was refused before sending or is no call at all.
    pub fn attempts(&self) -> u32 {
        self.context().attempts
    }

    /// Whether this is an [`Error::Timeout`].
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout(_))
    }
}

#[cfg(test)]
mod tests;
