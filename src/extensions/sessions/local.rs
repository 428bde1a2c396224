//! The steps of local verification: the key for the JWT's `kid` from the client's JWKS cache
//! (fetched through the generated `get_jwks`), the checks of [`jwt`](super::jwt), then the
//! verified claims read as the generated `MemberSession`.

use std::sync::Arc;
use std::time::SystemTime;

use serde_json::{Map, Value};

use super::jwks::{Fetched, Jwk, JwksCache};
use super::jwt::{Policy, invalid, parse, verify};
use super::request::AuthenticateJwtLocalRequest;
use crate::error::{JwtError, JwtErrorKind};
use crate::sessions::{GetJWKSRequest, MemberSession};

/// What a local refusal carries: the refusal ([`Error::Jwt`](crate::Error::Jwt)), or the
/// outage that left it undecided ([`Error::Unavailable`](crate::Error::Unavailable)).
type Error = crate::Error;

/// Where a B2B session JWT carries each part of a Member Session, as Stytch's Node SDK reads
/// them in `sessions.authenticateJwtLocal`: the session claim, the organization claim, `sub`.
/// Access tokens carry the same organization claim, and never the session claim.
pub(crate) const SESSION_CLAIM: &str = "https://stytch.com/session";
pub(crate) const ORGANIZATION_CLAIM: &str = "https://stytch.com/organization";
/// The claims Stytch puts in every session JWT besides the custom ones.
const STYTCH_CLAIM_PREFIX: &str = "https://stytch.com/";
const REGISTERED_CLAIMS: &[&str] = &["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];

/// The custom claims of a verified token: all but the registered ones, Stytch's own
/// (`https://stytch.com/…`) and `also` (what a kind of token reserves besides).
pub(crate) fn custom_claims(claims: &Map<String, Value>, also: &[&str]) -> Map<String, Value> {
    claims
        .iter()
        .filter(|(k, _)| {
            let k = k.as_str();
            !REGISTERED_CLAIMS.contains(&k)
                && !also.contains(&k)
                && !k.starts_with(STYTCH_CLAIM_PREFIX)
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The clock local checks read ([`ClientBuilder::clock`](crate::ClientBuilder::clock)); the
/// system clock when none was set.
#[derive(Clone, Default)]
pub(crate) struct Clock(pub(super) Option<Arc<dyn Fn() -> SystemTime + Send + Sync>>);

impl Clock {
    pub(crate) fn now(&self) -> SystemTime {
        self.0.as_ref().map_or_else(SystemTime::now, |now| now())
    }
}

/// What a verified JWT says: its Member Session and its custom claims.
pub(super) struct Verified {
    pub(super) member_session: MemberSession,
    pub(super) custom_claims: Map<String, Value>,
}

/// A local refusal (or the outage of the keys), and whether the API might still accept the
/// JWT.
pub(crate) struct Refused {
    pub(crate) error: Error,
    /// Expired or too old (the session may outlive its JWT), or a `kid` the JWKS lacked
    /// right after a fetch (a key rotated in since): the API could say yes. Everything else
    /// (a bad signature, a foreign issuer, a malformed JWT, a `kid` unknown to keys fetched
    /// within the cooldown) it would refuse too.
    pub(crate) api_could_accept: bool,
}

impl From<JwtError> for Refused {
    fn from(error: JwtError) -> Self {
        let api_could_accept = matches!(error.kind(), JwtErrorKind::Expired | JwtErrorKind::TooOld);
        Refused {
            error: error.into(),
            api_could_accept,
        }
    }
}

impl From<Error> for Refused {
    /// An outage (the keys or the policy could not be fetched): not a refusal, and not
    /// retried through the API either; the caller gets it as it is.
    fn from(error: Error) -> Self {
        Refused {
            error,
            api_could_accept: false,
        }
    }
}

/// The time local checks read: `fixed` when the request fixes one, else the client's clock.
pub(crate) fn now(client: &crate::Client, fixed: Option<SystemTime>) -> SystemTime {
    fixed.unwrap_or_else(|| client.extension(Clock::default).now())
}

/// The claims of a JWT the project signed (RS256 with a key of the client's JWKS cache),
/// checked against `policy`: the steps session JWTs and access tokens share.
pub(crate) async fn verified_claims(
    client: &crate::Client,
    jwt: &str,
    policy: &Policy<'_>,
) -> Result<Map<String, Value>, Refused> {
    let parsed = parse(jwt)?;
    let cache = client.extension(JwksCache::default);
    let (keys, fetched) = cache.keys_for(parsed.kid(), || fetch_jwks(client)).await?;
    let key = keys.get(parsed.kid()).ok_or_else(|| Refused {
        error: invalid(if fetched {
            "the JWT's `kid` is not among the project's keys, fetched just now"
        } else {
            "the JWT's `kid` is not among the project's keys (fetched within the cooldown)"
        })
        .into(),
        api_could_accept: fetched,
    })?;
    Ok(verify(&parsed, key, policy)?)
}

/// Verifies the request's JWT with the client's keys and clock.
pub(super) async fn verify_locally(
    client: &crate::Client,
    request: &AuthenticateJwtLocalRequest,
) -> Result<Verified, Refused> {
    let policy = Policy {
        project_id: client.project_id(),
        base_url: client.base_url(),
        now: now(client, request.fixed_time()),
        leeway: request.leeway(),
        max_age: request.max_age(),
    };
    let claims = verified_claims(client, request.session_jwt(), &policy).await?;
    let custom_claims = custom_claims(&claims, &[]);
    let member_session = member_session(&claims, &custom_claims).map_err(|why| {
        Refused::from(invalid(format!(
            "the JWT's session claims do not make a Member Session: {why}"
        )))
    })?;
    Ok(Verified {
        member_session,
        custom_claims,
    })
}

/// The project's JWKS, through the generated `get_jwks`.
fn fetch_jwks(client: &crate::Client) -> Fetched {
    let pending = client
        .sessions()
        .get_jwks(GetJWKSRequest::new(client.project_id()));
    Box::pin(async move {
        let answer = pending.await?;
        Ok(answer.keys.into_iter().map(Jwk::from).collect())
    })
}

/// The Member Session of a verified JWT.
fn member_session(
    claims: &Map<String, Value>,
    custom_claims: &Map<String, Value>,
) -> Result<MemberSession, String> {
    let session = claims.get(SESSION_CLAIM);
    let organization = claims.get(ORGANIZATION_CLAIM);
    if organization
        .and_then(|o| o.get("organization_id"))
        .and_then(Value::as_str)
        .is_none()
    {
        return Err("the JWT has no organization claim".into());
    }
    let field = |from: Option<&Value>, name: &str| from.and_then(|v| v.get(name)).cloned();
    let fields = [
        ("member_session_id", field(session, "id")),
        ("member_id", claims.get("sub").cloned()),
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
        ("custom_claims", Some(Value::Object(custom_claims.clone()))),
    ];
    // A claim the JWT lacks leaves the field to its default (or fails naming it).
    let out: Map<String, Value> = fields
        .into_iter()
        .filter_map(|(name, value)| Some((name.to_owned(), value?)))
        .collect();
    serde_json::from_value(Value::Object(out)).map_err(|e| e.to_string())
}
