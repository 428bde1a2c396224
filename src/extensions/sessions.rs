//! Local session-JWT verification (`sessions` feature), over the generated types: the JWKS
//! comes from the generated `sessions().get_jwks`, the verified claims become the generated
//! `MemberSession`, and `authenticate_jwt` falls back to the generated
//! `sessions().authenticate`. The checks themselves are the runtime's (`src/jwt.rs`,
//! `src/jwks.rs`).

use serde_json::{Map, Value};

use crate::resources::Sessions;
use crate::sessions::{AuthenticateRequest, AuthenticateResponse, GetJWKSRequest, MemberSession};

pub use crate::runtime::AuthenticateJwtLocalRequest;

/// A session JWT verified locally by
/// [`authenticate_jwt_local`](crate::resources::Sessions::authenticate_jwt_local): the
/// Member Session it carries, its Organization and its custom claims.
pub type LocalSession = crate::runtime::LocalSession<MemberSession>;

/// The input of [`authenticate_jwt`](crate::resources::Sessions::authenticate_jwt): the same
/// as the local verification's.
pub type AuthenticateJwtRequest = AuthenticateJwtLocalRequest;

/// What [`authenticate_jwt`](crate::resources::Sessions::authenticate_jwt) answers: the local
/// verification's session, or the API's answer when it was asked.
pub type AuthenticateJwtResponse =
    crate::runtime::JwtAuthenticated<LocalSession, AuthenticateResponse>;

impl Sessions<'_> {
    /// Verifies a session JWT locally, without calling the API: RS256 against the project's
    /// JWKS (fetched through `get_jwks` and cached by the client), then its issuer, audience,
    /// expiry and, if asked, age.
    ///
    /// The checks and their order are those of `src/jwt.rs` (in the crate's source): only
    /// `RS256` is accepted, whatever the header says; an unknown `kid` refetches the JWKS at
    /// most once per 30 seconds; keys are refreshed after 5 minutes.
    ///
    /// With an [`authorization_check`](AuthenticateJwtLocalRequest::authorization_check)
    /// (`rbac` feature), the verified session must also be allowed the action, decided
    /// locally against the client's cache of RBAC policies.
    ///
    /// # Errors
    ///
    /// [`Error::Jwt`](crate::Error::Jwt), whose `error_type()` is `invalid_session_jwt`,
    /// `session_jwt_expired`, `session_jwt_too_old` or `jwks_unavailable`; with a check,
    /// [`Error::Authorization`](crate::Error::Authorization) (`tenancy_mismatch`,
    /// `invalid_permissions`, `rbac_policy_unavailable`).
    pub async fn authenticate_jwt_local(
        self,
        request: AuthenticateJwtLocalRequest,
    ) -> Result<LocalSession, crate::Error> {
        #[cfg(feature = "rbac")]
        let check = request.check().cloned();
        let local = crate::runtime::authenticate_jwt_local(
            self.client,
            request,
            fetch_jwks,
            member_session_from_claims,
        )
        .await?;
        #[cfg(feature = "rbac")]
        if let Some(check) = check {
            super::rbac::authorize(self.client, &local.member_session, &check).await?;
        }
        Ok(local)
    }

    /// Verifies a session JWT locally and, where the API might accept what the local check
    /// refused, asks the API (`sessions.authenticate` with the JWT).
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
    /// [`Error::Jwt`](crate::Error::Jwt) for a local refusal that is final; the API's errors
    /// (e.g. `session_not_found`) when it was asked.
    pub async fn authenticate_jwt(
        self,
        request: AuthenticateJwtRequest,
    ) -> Result<AuthenticateJwtResponse, crate::Error> {
        #[cfg(feature = "rbac")]
        let check = request.check().cloned();
        let answer = crate::runtime::authenticate_jwt(
            self.client,
            request,
            fetch_jwks,
            member_session_from_claims,
            authenticate_session_jwt,
        )
        .await?;
        // The API decided the check itself when it was asked.
        #[cfg(feature = "rbac")]
        if let (Some(check), crate::runtime::JwtAuthenticated::Local(local)) = (check, &answer) {
            super::rbac::authorize(self.client, &local.member_session, &check).await?;
        }
        Ok(answer)
    }
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
        request: AuthenticateJwtRequest,
    ) -> Result<AuthenticateJwtResponse, crate::Error> {
        let client = self.client.as_async().clone();
        self.client
            .block_on(async move { client.sessions().authenticate_jwt(request).await })
    }
}

/// The project's JWKS, through the generated `get_jwks`: each typed key's members as the
/// runtime's checks read them.
fn fetch_jwks(client: &crate::Client) -> crate::runtime::Fetched {
    let pending = client
        .sessions()
        .get_jwks(GetJWKSRequest::new(client.project_id()));
    Box::pin(async move {
        let answer = pending.await.map_err(|e| e.to_string())?;
        Ok(answer
            .keys
            .into_iter()
            .map(|key| crate::runtime::Jwk {
                kty: Some(key.kty),
                alg: Some(key.alg),
                usage: Some(key.r#use),
                kid: Some(key.kid),
                n: Some(key.n),
                e: Some(key.e),
            })
            .collect())
    })
}

/// The API's authentication of a session by its JWT, for `authenticate_jwt`'s fallback,
/// with the request's authorization check, if any.
fn authenticate_session_jwt(
    client: &crate::Client,
    request: &AuthenticateJwtLocalRequest,
) -> crate::Pending<AuthenticateResponse> {
    let mut api_request = AuthenticateRequest::new().session_jwt(request.session_jwt());
    if let Some(check) = request.check() {
        api_request = api_request.authorization_check(crate::sessions::AuthorizationCheck::new(
            &check.organization_id,
            &check.resource_id,
            &check.action,
        ));
    }
    client.sessions().authenticate(api_request)
}

/// Where a B2B session JWT carries each field of a Member Session, as Stytch's Node SDK reads
/// them in `sessions.authenticateJwtLocal`: the session claim, the organization claim and
/// `sub`.
const SESSION_CLAIM: &str = "https://stytch.com/session";
const ORGANIZATION_CLAIM: &str = "https://stytch.com/organization";

/// The Member Session of a verified JWT (`{"claims": .., "custom_claims": ..}`).
fn member_session_from_claims(verified: &Value) -> Result<MemberSession, String> {
    let claims = verified.get("claims");
    let session = claims.and_then(|c| c.get(SESSION_CLAIM));
    let organization = claims.and_then(|c| c.get(ORGANIZATION_CLAIM));
    let field = |from: Option<&Value>, name: &str| from.and_then(|v| v.get(name)).cloned();
    let fields = [
        ("member_session_id", field(session, "id")),
        ("member_id", field(claims, "sub")),
        ("started_at", field(session, "started_at")),
        ("last_accessed_at", field(session, "last_accessed_at")),
        ("expires_at", field(session, "expires_at")),
        (
            "authentication_factors",
            field(session, "authentication_factors"),
        ),
        ("organization_id", field(organization, "organization_id")),
        ("roles", field(session, "roles")),
        ("organization_slug", field(organization, "slug")),
        ("custom_claims", verified.get("custom_claims").cloned()),
    ];
    // A claim the JWT lacks leaves the field to its default (or fails naming it).
    let out: Map<String, Value> = fields
        .into_iter()
        .filter_map(|(name, value)| Some((name.to_owned(), value?)))
        .collect();
    serde_json::from_value(Value::Object(out)).map_err(|e| e.to_string())
}
