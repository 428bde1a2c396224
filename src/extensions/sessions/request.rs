//! [`AuthenticateJwtLocalRequest`]: the input of local session-JWT verification, shared by
//! `authenticate_jwt_local` and `authenticate_jwt`.

use std::time::{Duration, SystemTime};

use crate::sessions::AuthorizationCheck;

/// The input of local session-JWT verification (`client.sessions().authenticate_jwt_local`):
/// the JWT, and how strict to be. Its `Debug` never shows the JWT.
#[derive(Clone)]
pub struct AuthenticateJwtLocalRequest {
    session_jwt: String,
    max_token_age: Option<Duration>,
    clock_tolerance: Duration,
    current_time: Option<SystemTime>,
    authorization_check: Option<AuthorizationCheck>,
}

impl std::fmt::Debug for AuthenticateJwtLocalRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthenticateJwtLocalRequest")
            .field("session_jwt", &"[redacted]")
            .field("max_token_age", &self.max_token_age)
            .field("clock_tolerance", &self.clock_tolerance)
            .field("current_time", &self.current_time)
            .field("authorization_check", &self.authorization_check)
            .finish()
    }
}

impl AuthenticateJwtLocalRequest {
    /// Verifies `session_jwt` with no maximum age and no clock tolerance (as Stytch's Node SDK
    /// does by default).
    pub fn new(session_jwt: impl Into<String>) -> Self {
        AuthenticateJwtLocalRequest {
            session_jwt: session_jwt.into(),
            max_token_age: None,
            clock_tolerance: Duration::ZERO,
            current_time: None,
            authorization_check: None,
        }
    }

    /// Also checks, after the JWT verifies, what `check` asks (Stytch's RBAC, decided
    /// locally; `rbac` feature). `check` is the value `sessions.authenticate` takes as its
    /// `authorization_check`, so its fields are named where it is built
    /// (`AuthorizationCheck::new(organization_id, resource_id, action)`).
    ///
    /// The session must belong to the check's organization (else `tenancy_mismatch`); the
    /// organization must exist (else `organization_not_found`); and one of the member's
    /// roles, in the project's policy or the organization's custom roles, must grant the
    /// action, or `*`, on the resource (else `invalid_permissions`). A granted check puts
    /// the granting roles in the answer's `verdict`. Where `authenticate_jwt` asks the API
    /// instead, the check goes with it.
    ///
    /// ```
    /// use stytch_b2b_otp_sms::sessions::{AuthenticateJwtLocalRequest, AuthorizationCheck};
    ///
    /// let check = AuthorizationCheck::new("organization-test-1", "documents", "read");
    /// let request = AuthenticateJwtLocalRequest::new("eyJ…").authorization_check(check);
    /// # drop(request);
    /// ```
    ///
    /// Positional strings, whose resource and action could be swapped unnoticed, do not
    /// compile:
    ///
    /// ```compile_fail
    /// use stytch_b2b_otp_sms::sessions::AuthenticateJwtLocalRequest;
    ///
    /// let request = AuthenticateJwtLocalRequest::new("eyJ…")
    ///     .authorization_check("organization-test-1", "read", "documents");
    /// ```
    #[cfg(feature = "rbac")]
    #[cfg_attr(docsrs, doc(cfg(feature = "rbac")))]
    #[must_use]
    pub fn authorization_check(mut self, check: AuthorizationCheck) -> Self {
        self.authorization_check = Some(check);
        self
    }

    /// The maximum age asked for.
    pub(crate) fn max_age(&self) -> Option<Duration> {
        self.max_token_age
    }

    /// The clock tolerance asked for.
    pub(crate) fn leeway(&self) -> Duration {
        self.clock_tolerance
    }

    /// The time to check against, if the request fixes one.
    pub(crate) fn fixed_time(&self) -> Option<SystemTime> {
        self.current_time
    }

    /// The JWT.
    pub(crate) fn session_jwt(&self) -> &str {
        &self.session_jwt
    }

    /// The authorization check asked for, if any.
    pub(crate) fn check(&self) -> Option<&AuthorizationCheck> {
        self.authorization_check.as_ref()
    }

    /// Refuses a JWT issued (`iat`) longer ago than this, as `session_jwt_too_old` (Node's
    /// `max_token_age_seconds`). Zero makes every JWT too old.
    #[must_use]
    pub fn max_token_age(mut self, age: Duration) -> Self {
        self.max_token_age = Some(age);
        self
    }

    /// Allows this much clock difference for `exp`, `nbf` and the maximum age.
    #[must_use]
    pub fn clock_tolerance(mut self, tolerance: Duration) -> Self {
        self.clock_tolerance = tolerance;
        self
    }

    /// Checks the time claims against this time instead of the system clock (Node's
    /// `current_date`), e.g. in tests.
    #[must_use]
    pub fn current_time(mut self, now: SystemTime) -> Self {
        self.current_time = Some(now);
        self
    }
}
