//! Local session-JWT verification (`sessions` feature), over the generated types: the JWKS
//! comes from the generated `sessions().get_jwks`, the verified claims become the generated
//! `MemberSession`, an authorization check is the generated `AuthorizationCheck` (decided by
//! `extensions::rbac` with the `rbac` feature), and `authenticate_jwt` falls back to the
//! generated `sessions().authenticate`.
//!
//! - `jwt`: the checks of one JWT against a key set (RS256, then the registered claims);
//! - `jwks`: the client's cache of the project's keys;
//! - `local`: the steps of a local verification, up to the Member Session;
//! - `request`: [`AuthenticateJwtLocalRequest`].

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde_json::{Map, Value};

use crate::resources::Sessions;
use crate::sessions::{
    AuthenticateRequest, AuthenticateResponse, AuthorizationCheck, AuthorizationVerdict,
    MemberSession,
};

pub(crate) mod jwks;
pub(crate) mod jwt;
pub(crate) mod local;
mod request;

pub use request::AuthenticateJwtLocalRequest;

/// A session JWT verified locally by
/// [`authenticate_jwt_local`](crate::resources::Sessions::authenticate_jwt_local): the
/// Member Session it carries, its Organization, its custom claims and, when a check was
/// asked, its verdict.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct LocalSession {
    /// The Member Session, from the JWT's session and organization claims and its `sub`.
    pub member_session: MemberSession,
    /// The Organization the session belongs to.
    pub organization_id: String,
    /// The JWT's top-level claims that are neither registered (`iss`, `sub`, `aud`, `exp`,
    /// `nbf`, `iat`, `jti`) nor Stytch's (`https://stytch.com/...`): the session's custom
    /// claims.
    pub custom_claims: Map<String, Value>,
    /// With an `authorization_check` (`rbac` feature), the grant: `authorized` and the
    /// member's roles that grant the action, as the API's `sessions.authenticate` answers it.
    /// `None` when no check was asked (a refused check is an error, not a verdict).
    pub verdict: Option<AuthorizationVerdict>,
}

/// What [`authenticate_jwt`](crate::resources::Sessions::authenticate_jwt) answers: which path
/// decided, the local verification or the API after a local refusal it might overturn. The
/// two paths are all there are, so the enum is exhaustive.
// The local answer is the common one and is not boxed: boxing it would allocate on every
// verification to save stack space in the rare fallback.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum AuthenticateJwtResponse {
    /// Verified locally; no API call was made.
    Local(LocalSession),
    /// Refused locally as expired, too old, or signed by a key the project's JWKS did not
    /// have yet, then accepted by the API (its answer carries a fresh JWT, and the verdict
    /// of the check when one was asked).
    Remote(Box<AuthenticateResponse>),
}

impl AuthenticateJwtResponse {
    /// Whether the local verification answered.
    pub fn is_local(&self) -> bool {
        matches!(self, AuthenticateJwtResponse::Local(_))
    }
}

impl Sessions<'_> {
    /// Verifies a session JWT locally, without calling the API: RS256 against the project's
    /// JWKS (fetched through `get_jwks` and cached by the client), then its issuer, audience,
    /// expiry and, if asked, age.
    ///
    /// Only `RS256` is accepted, whatever the header says; an unknown `kid` refetches the
    /// JWKS at most once per cooldown (30 seconds by default); keys are refreshed after their
    /// TTL (5 minutes by default; [`ClientBuilder::jwks_refresh`](crate::ClientBuilder::jwks_refresh)).
    ///
    /// With an `authorization_check`
    /// (`rbac` feature), the verified session must also be allowed the action, decided
    /// locally against the client's cache of RBAC policies; the answer's `verdict` names the
    /// granting roles.
    ///
    /// # Errors
    ///
    /// [`Error::Jwt`](crate::Error::Jwt), whose `error_type()` is `invalid_session_jwt`,
    /// `session_jwt_expired` or `session_jwt_too_old`. Keys that could not be fetched, with
    /// none cached, are [`Error::Unavailable`](crate::Error::Unavailable) (`jwks_unavailable`),
    /// whose `source()` is the failed fetch's error: nothing was decided. With a check, a
    /// refusal is [`Error::Authorization`](crate::Error::Authorization)
    /// (`tenancy_mismatch`, `invalid_permissions`, `organization_not_found`), and a policy
    /// that could not be fetched is [`Error::Unavailable`](crate::Error::Unavailable)
    /// (`rbac_policy_unavailable`), whose `source()` is the failed call's error.
    pub async fn authenticate_jwt_local(
        self,
        request: AuthenticateJwtLocalRequest,
    ) -> Result<LocalSession, crate::Error> {
        let verified = local::verify_locally(self.client, &request)
            .await
            .map_err(|refused| refused.error)?;
        decide(self.client, verified, request.check()).await
    }

    /// Verifies a session JWT locally and, where the API might accept what the local check
    /// refused, asks the API (`sessions.authenticate` with the JWT, and the check if any).
    ///
    /// It falls back for an expired or too-old JWT (the session may outlive its JWT, and a
    /// maximum age of zero makes every JWT too old) and for a `kid` the project's JWKS lacked
    /// right after a fetch (a key rotated in since), which happens at most once per cooldown.
    /// Stytch's Node SDK falls back on every local failure, so there a stream of forged JWTs
    /// becomes a stream of API calls; here a bad signature, a foreign issuer or audience, a
    /// malformed JWT or a random `kid` is refused without one.
    ///
    /// # Errors
    ///
    /// As [`authenticate_jwt_local`](Self::authenticate_jwt_local)'s for what is decided
    /// locally; the API's errors (e.g. `session_not_found`) when it was asked.
    pub async fn authenticate_jwt(
        self,
        request: AuthenticateJwtLocalRequest,
    ) -> Result<AuthenticateJwtResponse, crate::Error> {
        match local::verify_locally(self.client, &request).await {
            Ok(verified) => {
                let local = decide(self.client, verified, request.check()).await?;
                Ok(AuthenticateJwtResponse::Local(local))
            }
            Err(refused) if refused.api_could_accept => {
                tracing::debug!(
                    target: "stytch_b2b_otp_sms",
                    reason = %refused.error,
                    "session JWT refused locally; asking the API"
                );
                let mut api = AuthenticateRequest::new().session_jwt(request.session_jwt());
                if let Some(check) = request.check() {
                    api = api.authorization_check(check.clone());
                }
                let answer = self.client.sessions().authenticate(api).await?;
                Ok(AuthenticateJwtResponse::Remote(Box::new(answer)))
            }
            Err(refused) => Err(refused.error),
        }
    }
}

/// The local answer for a verified JWT: the check decided, if one was asked.
async fn decide(
    client: &crate::Client,
    verified: local::Verified,
    check: Option<&AuthorizationCheck>,
) -> Result<LocalSession, crate::Error> {
    let local::Verified {
        member_session,
        custom_claims,
    } = verified;
    #[cfg(feature = "rbac")]
    let verdict = match check {
        Some(check) => Some(super::rbac::authorize(client, &member_session, check).await?),
        None => None,
    };
    // Without the `rbac` feature a request cannot carry a check.
    #[cfg(not(feature = "rbac"))]
    let verdict = {
        let _ = (client, check);
        None
    };
    Ok(LocalSession {
        organization_id: member_session.organization_id.clone(),
        member_session,
        custom_claims,
        verdict,
    })
}

/// The same on the blocking client: each blocks the calling thread until the verification
/// (and, for `authenticate_jwt`, the API's answer) is in.
#[cfg(feature = "blocking")]
impl crate::blocking::resources::Sessions<'_> {
    /// Verifies a session JWT locally; see
    /// [`authenticate_jwt_local`](crate::resources::Sessions::authenticate_jwt_local).
    ///
    /// # Errors
    ///
    /// As the async method's, and [`Error::Config`](crate::Error::Config) when called from
    /// inside an async runtime.
    pub fn authenticate_jwt_local(
        self,
        request: AuthenticateJwtLocalRequest,
    ) -> Result<LocalSession, crate::Error> {
        let client = self.client.as_async().clone();
        self.client
            .block_on(async move { client.sessions().authenticate_jwt_local(request).await })
    }

    /// Verifies a session JWT locally, asking the API where it might accept what the local
    /// check refused; see [`authenticate_jwt`](crate::resources::Sessions::authenticate_jwt).
    ///
    /// # Errors
    ///
    /// As the async method's, and [`Error::Config`](crate::Error::Config) when called from
    /// inside an async runtime.
    pub fn authenticate_jwt(
        self,
        request: AuthenticateJwtLocalRequest,
    ) -> Result<AuthenticateJwtResponse, crate::Error> {
        let client = self.client.as_async().clone();
        self.client
            .block_on(async move { client.sessions().authenticate_jwt(request).await })
    }
}

/// The configuration of local verification, on the client's builder.
impl crate::ClientBuilder {
    /// How the session-JWT key cache refreshes (`sessions` feature): keys are used for `ttl`
    /// after a fetch (default 5 minutes), and a JWT whose `kid` the cached keys lack refetches
    /// them at most once per `cooldown` (default 30 seconds), so a flood of random `kid`s
    /// costs one JWKS call per cooldown. Within the cooldown such a JWT is refused.
    #[cfg_attr(docsrs, doc(cfg(feature = "sessions")))]
    pub fn jwks_refresh(self, ttl: Duration, cooldown: Duration) -> Self {
        self.with_extension(jwks::JwksCache::new(ttl, cooldown))
    }

    /// The clock local session-JWT checks (`sessions` feature) read the current time from,
    /// instead of the system clock: `exp`, `nbf` and the maximum age are checked against
    /// what `now` answers at each check. For tests against a server with a clock of its own,
    /// such as a fake whose clock a test moves forward. A local-check request's own
    /// `current_time`, when it sets one, still wins over it.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// # fn main() -> Result<(), stytch_b2b_otp_sms::Error> {
    /// // A client that lives an hour ahead.
    /// let client = stytch_b2b_otp_sms::Client::builder("project-test-…", "secret-test-…")
    ///     .clock(|| SystemTime::now() + Duration::from_secs(3600))
    ///     .build()?;
    /// # drop(client);
    /// # Ok(()) }
    /// ```
    #[cfg_attr(docsrs, doc(cfg(feature = "sessions")))]
    pub fn clock(self, now: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.with_extension(local::Clock(Some(Arc::new(now))))
    }
}
