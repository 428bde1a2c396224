//! The errors of the hand-written layer's local decisions, which [`Error`](crate::Error)
//! carries: [`JwtError`] (a session JWT or a Connected Apps access token not accepted by local
//! verification) and [`AuthorizationError`] (an authorization check refused locally). Both
//! types are in every build, so that matching on `Error` does not depend on features.

use std::fmt;

/// Why a session JWT or an access token was not accepted: [`JwtError::kind`]. Its `Display`
/// is one line and never contains the token or a claim's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwtError {
    kind: JwtErrorKind,
    reason: std::borrow::Cow<'static, str>,
}

/// The kinds of [`JwtError`], each with the `error_type` Stytch's API uses for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JwtErrorKind {
    /// `invalid_session_jwt`: malformed, another algorithm than RS256, a bad signature, a
    /// wrong issuer or audience, not valid yet, or a `kid` the project's JWKS does not have.
    Invalid,
    /// `session_jwt_expired`: signed by the project, but past its `exp`. The session may
    /// still be alive: the API can tell.
    Expired,
    /// `session_jwt_too_old`: signed by the project, but issued longer ago than the maximum
    /// token age asked for.
    TooOld,
    /// `jwks_unavailable`: a JWKS document given to `__private::verify_session_jwt` (fuzzing
    /// and benchmarks) could not be read. The client never answers it: keys it cannot fetch,
    /// with none cached, are an [`Error::Unavailable`](crate::Error::Unavailable) whose
    /// `error_type()` is `jwks_unavailable` and whose `source()` is the failed fetch's error.
    JwksUnavailable,
    /// `invalid_access_token`: an access token (Connected Apps, `idp` feature) that is
    /// malformed, not RS256, badly signed, from another issuer or audience, not valid yet,
    /// signed by a `kid` the project's JWKS does not have, or not issued to the client the
    /// check expects.
    InvalidAccessToken,
    /// `access_token_expired`: an access token signed by the project, but past its `exp`.
    AccessTokenExpired,
    /// `access_token_too_old`: an access token signed by the project, but issued longer ago
    /// than the maximum token age asked for.
    AccessTokenTooOld,
}

impl JwtErrorKind {
    /// The `error_type` string.
    pub fn as_str(self) -> &'static str {
        match self {
            JwtErrorKind::Invalid => "invalid_session_jwt",
            JwtErrorKind::Expired => "session_jwt_expired",
            JwtErrorKind::TooOld => "session_jwt_too_old",
            JwtErrorKind::JwksUnavailable => "jwks_unavailable",
            JwtErrorKind::InvalidAccessToken => "invalid_access_token",
            JwtErrorKind::AccessTokenExpired => "access_token_expired",
            JwtErrorKind::AccessTokenTooOld => "access_token_too_old",
        }
    }

    /// Whether this kind is about an access token rather than a session JWT.
    fn is_access_token(self) -> bool {
        matches!(
            self,
            JwtErrorKind::InvalidAccessToken
                | JwtErrorKind::AccessTokenExpired
                | JwtErrorKind::AccessTokenTooOld
        )
    }
}

impl JwtError {
    // The verification code that builds these arrives with the `sessions` feature's local
    // verification; the type itself is in every build so that matching on `Error` does not
    // depend on features.
    #[allow(dead_code)]
    pub(crate) fn new(
        kind: JwtErrorKind,
        reason: impl Into<std::borrow::Cow<'static, str>>,
    ) -> Self {
        JwtError {
            kind,
            reason: reason.into(),
        }
    }

    /// Which kind of rejection this is.
    pub fn kind(&self) -> JwtErrorKind {
        self.kind
    }

    /// The same rejection of an access token: the checks are those of session JWTs, the
    /// kinds (and `error_type`s) are the access token's.
    #[allow(dead_code)] // Only the `idp` feature's local checks verify access tokens.
    pub(crate) fn for_access_token(self) -> Self {
        let kind = match self.kind {
            JwtErrorKind::Expired => JwtErrorKind::AccessTokenExpired,
            JwtErrorKind::TooOld => JwtErrorKind::AccessTokenTooOld,
            JwtErrorKind::Invalid => JwtErrorKind::InvalidAccessToken,
            other => other,
        };
        JwtError { kind, ..self }
    }

    /// The `error_type` string of [`kind`](JwtError::kind), e.g. `invalid_session_jwt`.
    pub fn error_type(&self) -> &'static str {
        self.kind.as_str()
    }

    /// What was wrong, in one sentence.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for JwtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.kind.is_access_token() {
            "access token"
        } else {
            "session JWT"
        };
        write!(
            f,
            "{what} not accepted ({}): {}",
            self.error_type(),
            self.reason
        )
    }
}

impl std::error::Error for JwtError {}

/// A refusal of an authorization check decided locally: [`AuthorizationError::kind`] says
/// which, with the `error_type` the API gives the same refusal. Only refusals: a check that
/// could not be decided (its policy could not be fetched) is an
/// [`Error::Unavailable`](crate::Error::Unavailable) instead, so mapping this type to 403 is
/// safe. Its `Display` is one line and names the organization, resource and action checked,
/// never a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizationError {
    kind: AuthorizationErrorKind,
    reason: String,
}

/// The kinds of [`AuthorizationError`], each with its `error_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthorizationErrorKind {
    /// `tenancy_mismatch`: the session (or access token) belongs to another organization
    /// than the check's.
    TenancyMismatch,
    /// `invalid_permissions`: none of the member's roles (or, for an access token, none of
    /// its scopes) grants the action on the resource.
    InvalidPermissions,
    /// `organization_not_found`: the API has no such organization (it answered the
    /// organization's policy with this), e.g. one deleted since the JWT was issued. Refused
    /// whatever the project's roles would grant, as Stytch's Node SDK does.
    OrganizationNotFound,
    /// `insufficient_scope`: an access token lacks a scope its check requires (the name
    /// OAuth 2.0 bearer tokens use for it, RFC 6750 §3.1).
    InsufficientScope,
}

impl AuthorizationErrorKind {
    /// The `error_type` string.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthorizationErrorKind::TenancyMismatch => "tenancy_mismatch",
            AuthorizationErrorKind::InvalidPermissions => "invalid_permissions",
            AuthorizationErrorKind::OrganizationNotFound => "organization_not_found",
            AuthorizationErrorKind::InsufficientScope => "insufficient_scope",
        }
    }
}

impl AuthorizationError {
    #[allow(dead_code)] // Only local checks (`sessions` with `rbac` or `idp`) refuse.
    pub(crate) fn new(kind: AuthorizationErrorKind, reason: impl Into<String>) -> Self {
        AuthorizationError {
            kind,
            reason: reason.into(),
        }
    }

    /// Which kind of refusal this is.
    pub fn kind(&self) -> AuthorizationErrorKind {
        self.kind
    }

    /// The `error_type` string of [`kind`](AuthorizationError::kind), e.g.
    /// `invalid_permissions`.
    pub fn error_type(&self) -> &'static str {
        self.kind.as_str()
    }

    /// What was wrong, in one sentence.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for AuthorizationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not authorized ({}): {}", self.error_type(), self.reason)
    }
}

impl std::error::Error for AuthorizationError {}
