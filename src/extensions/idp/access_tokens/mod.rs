//! Local checks of Connected Apps access tokens (`idp` and `sessions` features), over the
//! generated types: the keys are the project's JWKS (the same cache, fetched through the
//! generated `sessions().get_jwks`, as local session-JWT verification), and a scope check is
//! the generated `sessions::AuthorizationCheck` decided against the `scopes` of the generated
//! RBAC policy (`rbac().get_policy`, cached by `extensions::rbac`; `rbac` feature).
//!
//! What Stytch documents and its Node and Go SDKs check (`idp.introspectTokenLocal`,
//! `IntrospectTokenLocal`): a Connected App's access token is a JWT signed RS256 by the
//! project's keys, whose `iss` is `stytch.com/{project_id}` (or the project's custom
//! domain), whose `aud` contains the project id, with `exp`, `nbf`, `iat`, `jti`, `sub` (the
//! member), `client_id` (the Connected App), `scope` (the granted scopes, space-separated)
//! and `https://stytch.com/organization` (`organization_id`, `slug`). A scope check grants an
//! action when the token's organization is the check's and one of its scopes is, in the
//! project's policy, a scope with a permission on the resource whose actions include the
//! action or `*` (`performScopeAuthorizationCheck`).
//!
//! - `request`: [`IntrospectTokenLocalRequest`].

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

use crate::error::{AuthorizationError, AuthorizationErrorKind, JwtError};
use crate::extensions::sessions::jwt::{Policy, invalid};
use crate::extensions::sessions::local::{
    ORGANIZATION_CLAIM, Refused, SESSION_CLAIM, custom_claims, now, verified_claims,
};
use crate::resources::Idp;

mod request;
#[cfg(test)]
mod tests;

pub use request::IntrospectTokenLocalRequest;

/// The claims an access token has besides the registered ones and Stytch's own, which are
/// not custom claims.
const ACCESS_TOKEN_CLAIMS: &[&str] = &["scope", "client_id"];

/// A Connected Apps access token verified locally by
/// [`introspect_token_local`](crate::resources::Idp::introspect_token_local): who granted it,
/// to which client, with which scopes, until when.
#[cfg_attr(docsrs, doc(cfg(all(feature = "idp", feature = "sessions"))))]
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct AccessTokenClaims {
    /// The Member who granted the token (`sub`).
    pub member_id: String,
    /// The Member's Organization (`organization_id` of the `https://stytch.com/organization`
    /// claim).
    pub organization_id: String,
    /// The Organization's slug, when the token carries it.
    pub organization_slug: Option<String>,
    /// The scopes granted (`scope`, split on spaces), in the token's order.
    pub scopes: Vec<String>,
    /// The Connected App the token was issued to (`client_id`).
    pub client_id: String,
    /// Who issued the token (`iss`): `stytch.com/{project_id}` or the project's custom domain.
    pub issuer: String,
    /// The token's audiences (`aud`); they contain the project id.
    pub audience: Vec<String>,
    /// When the token expires (`exp`).
    pub expires_at: SystemTime,
    /// When it was issued (`iat`), when it says.
    pub issued_at: Option<SystemTime>,
    /// When it becomes valid (`nbf`), when it says.
    pub not_before: Option<SystemTime>,
    /// Its unique id (`jti`), when it has one.
    pub token_id: Option<String>,
    /// The claims that are none of the above nor Stytch's (`https://stytch.com/...`).
    pub custom_claims: Map<String, Value>,
    /// With an `authorization_check` (`rbac` feature), the grant and the scopes that grant
    /// it; `None` when no check was asked (a refused check is an error, not a verdict).
    pub verdict: Option<ScopeVerdict>,
}

impl AccessTokenClaims {
    /// Whether the token was granted `scope`.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

/// A granted scope check: which of the token's scopes grant the action.
#[cfg_attr(docsrs, doc(cfg(all(feature = "idp", feature = "sessions"))))]
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ScopeVerdict {
    /// Always `true`: a refused check is an [`Error::Authorization`](crate::Error::Authorization).
    pub authorized: bool,
    /// The token's scopes whose permissions in the project's policy grant the action on the
    /// resource, in the policy's order.
    pub granting_scopes: Vec<String>,
}

impl Idp<'_> {
    /// Verifies a Connected Apps access token locally, without calling the API (Stytch's
    /// `introspectTokenLocal`): RS256 against the project's JWKS (the client's cache, shared
    /// with local session-JWT checks), then `iss` (`stytch.com/{project_id}` or the client's
    /// base URL, for a custom domain), `aud` (contains the project id), `exp` and `nbf` (with
    /// the request's clock tolerance, on the client's clock), and, if asked, the maximum age,
    /// the expected `client_id` and the required scopes.
    ///
    /// Only `RS256` is accepted whatever the header says; an unknown `kid` refetches the JWKS
    /// at most once per cooldown ([`ClientBuilder::jwks_refresh`](crate::ClientBuilder::jwks_refresh)).
    /// A token without `sub`, a `scope` claim or the organization claim is refused as
    /// malformed (the SDK assumes Stytch's B2B access tokens always carry them).
    ///
    /// # Errors
    ///
    /// [`Error::Jwt`](crate::Error::Jwt) whose `error_type()` is `invalid_access_token`,
    /// `access_token_expired` or `access_token_too_old`; a missing required scope is
    /// [`Error::Authorization`](crate::Error::Authorization) (`insufficient_scope`); with an
    /// `authorization_check` (`rbac` feature) a refusal is `Error::Authorization`
    /// (`tenancy_mismatch`, `invalid_permissions`). Keys or a policy that could not be
    /// fetched, with none cached, are [`Error::Unavailable`](crate::Error::Unavailable)
    /// (`jwks_unavailable`, `rbac_policy_unavailable`) whose `source()` is the failed call's
    /// error. No message contains the token.
    #[cfg_attr(docsrs, doc(cfg(all(feature = "idp", feature = "sessions"))))]
    pub async fn introspect_token_local(
        self,
        request: IntrospectTokenLocalRequest,
    ) -> Result<AccessTokenClaims, crate::Error> {
        let policy = Policy {
            project_id: self.client.project_id(),
            base_url: self.client.base_url(),
            now: now(self.client, request.fixed_time()),
            leeway: request.leeway(),
            max_age: request.max_age(),
        };
        let claims = verified_claims(self.client, request.token(), &policy)
            .await
            .map_err(|Refused { error, .. }| as_access_token(error))?;
        let mut claims = read_claims(claims).map_err(|e| as_access_token(e.into()))?;
        if let Some(expected) = request.expected_client_id() {
            if claims.client_id != expected {
                return Err(as_access_token(
                    invalid("the token's `client_id` is not the Connected App expected").into(),
                ));
            }
        }
        if let Some(missing) = request
            .required_scopes()
            .iter()
            .find(|scope| !claims.has_scope(scope))
        {
            return Err(AuthorizationError::new(
                AuthorizationErrorKind::InsufficientScope,
                format!("the access token was not granted the scope {missing:?}"),
            )
            .into());
        }
        #[cfg(feature = "rbac")]
        if let Some(check) = request.check() {
            claims.verdict = Some(scopes::authorize(self.client, &claims, check).await?);
        }
        #[cfg(not(feature = "rbac"))]
        let _ = &mut claims;
        Ok(claims)
    }

    /// Decides an authorization check for a verified access token locally (Stytch's
    /// `performScopeAuthorizationCheck`, `rbac` feature): the token's organization must be
    /// the check's (else `tenancy_mismatch`), and one of its scopes must, in the `scopes` of
    /// the project's RBAC policy, have a permission on the check's resource whose actions
    /// include the check's action or `*` (else `invalid_permissions`). The policy comes from
    /// the client's cache, shared with session checks
    /// ([`ClientBuilder::rbac_policy_cache`](crate::ClientBuilder::rbac_policy_cache)).
    ///
    /// # Errors
    ///
    /// [`Error::Authorization`](crate::Error::Authorization) for a refusal, the same type as
    /// a session's; [`Error::Unavailable`](crate::Error::Unavailable)
    /// (`rbac_policy_unavailable`) when the policy could not be fetched and none is cached.
    #[cfg(feature = "rbac")]
    #[cfg_attr(
        docsrs,
        doc(cfg(all(feature = "idp", feature = "sessions", feature = "rbac")))
    )]
    pub async fn authorize_scopes_local(
        self,
        claims: &AccessTokenClaims,
        check: &crate::sessions::AuthorizationCheck,
    ) -> Result<ScopeVerdict, crate::Error> {
        scopes::authorize(self.client, claims, check).await
    }
}

/// A session-JWT refusal recast as the access token's (an outage stays as it is).
fn as_access_token(error: crate::Error) -> crate::Error {
    match error {
        crate::Error::Jwt(e) => e.for_access_token().into(),
        other => other,
    }
}

/// The claims of a verified token, read; a required claim missing is an error naming it.
fn read_claims(claims: Map<String, Value>) -> Result<AccessTokenClaims, JwtError> {
    let text = |claims: &Map<String, Value>, name: &str| {
        claims.get(name).and_then(Value::as_str).map(str::to_owned)
    };
    // The same keys, issuer and audience sign session JWTs, whose custom claims may include
    // `scope` or `client_id`: a session is never taken for an access token.
    if claims.contains_key(SESSION_CLAIM) {
        return Err(invalid("the token is a session JWT, not an access token"));
    }
    let member_id = text(&claims, "sub")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| invalid("the token has no subject (`sub`)"))?;
    let client_id = text(&claims, "client_id")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| invalid("the token names no Connected App (`client_id`)"))?;
    let scope = text(&claims, "scope").ok_or_else(|| invalid("the token has no `scope` claim"))?;
    let organization = claims.get(ORGANIZATION_CLAIM);
    let organization_id = organization
        .and_then(|o| o.get("organization_id"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| invalid("the token has no organization claim"))?;
    let organization_slug = organization
        .and_then(|o| o.get("slug"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let audience = match claims.get("aud") {
        Some(Value::String(aud)) => vec![aud.clone()],
        Some(Value::Array(auds)) => auds
            .iter()
            .filter_map(|a| a.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    let time = |name: &str| {
        claims
            .get(name)
            .and_then(Value::as_f64)
            .map(|seconds| {
                instant(seconds).ok_or_else(|| invalid(format!("`{name}` is out of range")))
            })
            .transpose()
    };
    let (expires_at, issued_at, not_before) = (time("exp")?, time("iat")?, time("nbf")?);
    Ok(AccessTokenClaims {
        member_id,
        organization_id,
        organization_slug,
        scopes: scope.split_whitespace().map(str::to_owned).collect(),
        client_id,
        issuer: text(&claims, "iss").unwrap_or_default(),
        audience,
        // The checks required `exp`.
        expires_at: expires_at.unwrap_or(UNIX_EPOCH),
        issued_at,
        not_before,
        token_id: text(&claims, "jti"),
        custom_claims: custom_claims(&claims, ACCESS_TOKEN_CLAIMS),
        verdict: None,
    })
}

/// A time claim (seconds since the epoch) as a `SystemTime`; `None` when the platform's
/// clock cannot hold it.
fn instant(seconds: f64) -> Option<SystemTime> {
    let span = Duration::try_from_secs_f64(seconds.abs()).ok()?;
    if seconds >= 0.0 {
        UNIX_EPOCH.checked_add(span)
    } else {
        UNIX_EPOCH.checked_sub(span)
    }
}

/// The local scope check (`rbac` feature).
#[cfg(feature = "rbac")]
mod scopes {
    use super::{AccessTokenClaims, ScopeVerdict};
    use crate::error::AuthorizationErrorKind;
    use crate::extensions::rbac::{permits, project_scopes, refusal, same_tenancy};
    use crate::rbac::PolicyScope;
    use crate::sessions::AuthorizationCheck;

    /// Tenancy, then the token's scopes against the project policy's.
    pub(super) async fn authorize(
        client: &crate::Client,
        claims: &AccessTokenClaims,
        check: &AuthorizationCheck,
    ) -> Result<ScopeVerdict, crate::Error> {
        same_tenancy("access token", &claims.organization_id, check)?;
        let policy = project_scopes(client).await?;
        let granting = granting_scopes(&policy, &claims.scopes, check);
        if granting.is_empty() {
            return Err(refusal(
                AuthorizationErrorKind::InvalidPermissions,
                format!(
                    "no scope of the access token ({}) grants {:?} on {:?}",
                    claims.scopes.join(" "),
                    check.action,
                    check.resource_id
                ),
            ));
        }
        Ok(ScopeVerdict {
            authorized: true,
            granting_scopes: granting,
        })
    }

    /// The policy's scopes (in its order) that the token has and that have a permission on
    /// the check's resource whose actions include its action or `*`. Scopes the policy does
    /// not define (such as `openid`) grant nothing.
    pub(super) fn granting_scopes(
        policy: &[PolicyScope],
        token_scopes: &[String],
        check: &AuthorizationCheck,
    ) -> Vec<String> {
        let mut granting: Vec<String> = Vec::new();
        for scope in policy.iter().filter(|s| token_scopes.contains(&s.scope)) {
            let grants =
                (scope.permissions.iter()).any(|p| permits(&p.resource_id, &p.actions, check));
            if grants && !granting.contains(&scope.scope) {
                granting.push(scope.scope.clone());
            }
        }
        granting
    }
}

/// The same on the blocking client: each blocks the calling thread until it is decided.
#[cfg(feature = "blocking")]
impl crate::blocking::resources::Idp<'_> {
    /// Verifies an access token locally; see
    /// [`introspect_token_local`](crate::resources::Idp::introspect_token_local).
    ///
    /// # Errors
    ///
    /// As the async method's, and [`Error::Config`](crate::Error::Config) when called from
    /// inside an async runtime.
    pub fn introspect_token_local(
        self,
        request: IntrospectTokenLocalRequest,
    ) -> Result<AccessTokenClaims, crate::Error> {
        let client = self.client.as_async().clone();
        self.client
            .block_on(async move { client.idp().introspect_token_local(request).await })
    }
}
