//! [`IntrospectTokenLocalRequest`]: the input of a local access-token check.

use std::time::{Duration, SystemTime};

#[cfg(feature = "rbac")]
use crate::sessions::AuthorizationCheck;

/// The input of a local access-token check (`client.idp().introspect_token_local`): the
/// token, and what else to require of it. Its `Debug` never shows the token.
#[cfg_attr(docsrs, doc(cfg(all(feature = "idp", feature = "sessions"))))]
#[derive(Clone)]
pub struct IntrospectTokenLocalRequest {
    token: String,
    client_id: Option<String>,
    required_scopes: Vec<String>,
    max_token_age: Option<Duration>,
    clock_tolerance: Duration,
    current_time: Option<SystemTime>,
    #[cfg(feature = "rbac")]
    authorization_check: Option<AuthorizationCheck>,
}

impl std::fmt::Debug for IntrospectTokenLocalRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = f.debug_struct("IntrospectTokenLocalRequest");
        out.field("token", &"[redacted]")
            .field("client_id", &self.client_id)
            .field("required_scopes", &self.required_scopes)
            .field("max_token_age", &self.max_token_age)
            .field("clock_tolerance", &self.clock_tolerance)
            .field("current_time", &self.current_time);
        #[cfg(feature = "rbac")]
        out.field("authorization_check", &self.authorization_check);
        out.finish()
    }
}

impl IntrospectTokenLocalRequest {
    /// Checks `token` (the access token a Connected App presents, without `Bearer `) with no
    /// maximum age, no clock tolerance, any client and any scopes.
    pub fn new(token: impl Into<String>) -> Self {
        IntrospectTokenLocalRequest {
            token: token.into(),
            client_id: None,
            required_scopes: Vec::new(),
            max_token_age: None,
            clock_tolerance: Duration::ZERO,
            current_time: None,
            #[cfg(feature = "rbac")]
            authorization_check: None,
        }
    }

    /// Also requires the token to have been issued to this Connected App (its `client_id`
    /// claim), else `invalid_access_token`.
    #[must_use]
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self
    }

    /// Also requires the token to carry `scope` among its granted scopes, else
    /// `insufficient_scope`. Call it once per scope required.
    #[must_use]
    pub fn require_scope(mut self, scope: impl Into<String>) -> Self {
        self.required_scopes.push(scope.into());
        self
    }

    /// Also decides `check` against the token's scopes and the `scopes` of the project's RBAC
    /// policy (`rbac` feature), as
    /// [`authorize_scopes_local`](crate::resources::Idp::authorize_scopes_local) does; a grant
    /// puts the granting scopes in the answer's `verdict`.
    ///
    /// ```
    /// use stytch_b2b_otp_sms::idp::IntrospectTokenLocalRequest;
    /// use stytch_b2b_otp_sms::sessions::AuthorizationCheck;
    ///
    /// let check = AuthorizationCheck::new("organization-test-1", "documents", "read");
    /// let request = IntrospectTokenLocalRequest::new("eyJ…").authorization_check(check);
    /// # drop(request);
    /// ```
    #[cfg(feature = "rbac")]
    #[cfg_attr(docsrs, doc(cfg(feature = "rbac")))]
    #[must_use]
    pub fn authorization_check(mut self, check: AuthorizationCheck) -> Self {
        self.authorization_check = Some(check);
        self
    }

    /// Refuses a token issued (`iat`) longer ago than this, as `access_token_too_old` (Go's
    /// `MaxTokenAge`). Zero makes every token too old.
    #[must_use]
    pub fn max_token_age(mut self, age: Duration) -> Self {
        self.max_token_age = Some(age);
        self
    }

    /// Allows this much clock difference for `exp`, `nbf` and the maximum age (Node's
    /// `clock_tolerance_seconds`).
    #[must_use]
    pub fn clock_tolerance(mut self, tolerance: Duration) -> Self {
        self.clock_tolerance = tolerance;
        self
    }

    /// Checks the time claims against this time instead of the client's clock (Node's
    /// `current_date`), e.g. in tests.
    #[must_use]
    pub fn current_time(mut self, now: SystemTime) -> Self {
        self.current_time = Some(now);
        self
    }

    pub(crate) fn token(&self) -> &str {
        &self.token
    }

    pub(crate) fn expected_client_id(&self) -> Option<&str> {
        self.client_id.as_deref()
    }

    pub(crate) fn required_scopes(&self) -> &[String] {
        &self.required_scopes
    }

    pub(crate) fn max_age(&self) -> Option<Duration> {
        self.max_token_age
    }

    pub(crate) fn leeway(&self) -> Duration {
        self.clock_tolerance
    }

    pub(crate) fn fixed_time(&self) -> Option<SystemTime> {
        self.current_time
    }

    #[cfg(feature = "rbac")]
    pub(crate) fn check(&self) -> Option<&AuthorizationCheck> {
        self.authorization_check.as_ref()
    }
}
