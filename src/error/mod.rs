//! Errors returned by the client.
//!
//! Every error's `Display` is a single line that says what happened; none of
//! them ever contains the project secret, and body snippets have token-like
//! values replaced by `[redacted]`.

use std::fmt;
use std::time::Duration;

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
    /// (`sessions` and `rbac` features), or the RBAC policy to decide it could not be had.
    /// Its [`error_type`](Error::error_type) says which.
    #[error(transparent)]
    Authorization(#[from] AuthorizationError),
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
    /// `rbac_policy_unavailable`.
    pub fn error_type(&self) -> Option<&str> {
        match self {
            Error::Api(e) => Some(e.error_type()),
            Error::Jwt(e) => Some(e.error_type()),
            Error::Authorization(e) => Some(e.error_type()),
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

#[cfg(test)]
mod tests;
