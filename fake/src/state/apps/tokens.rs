//! Connected-app access tokens: the token endpoint that redeems an authorization code is not
//! part of Stytch's B2B document, so [`FakeStytch::issue_access_token`](crate::FakeStytch)
//! plays it. The tokens are JWTs as Stytch documents them (RS256 by the project's current
//! signing key, verifiable with the served JWKS): `iss` `stytch.com/{project_id}`, `aud`
//! `[project_id]`, `sub` the member, `client_id` the connected app, `scope` the granted
//! scopes (space-separated), `https://stytch.com/organization` (`organization_id`, `slug`),
//! `iat` = `nbf` = now, `exp` an hour later, a fresh `jti`. `sessions.exchange_access_token`
//! turns such a token, once, back into a session of the member who granted the app.

use serde_json::{Map, Value, json};
use stytch_b2b_otp_sms::sessions::AuthorizationCheck;

use super::Grant;
use crate::FakeError;
use crate::state::{ORGANIZATION_CLAIM, Shared, State, factor};
use crate::util::token;

/// How long an access token is valid: an hour (`exp` - `iat` in Stytch's documented example
/// token).
pub(crate) const ACCESS_TOKEN_TTL_SECS: i64 = 60 * 60;

/// Stytch's refusal of an access token it did not issue, or one already exchanged.
fn invalid_grant(why: &str) -> FakeError {
    FakeError::new(
        400,
        "oauth_access_token_exchange_token_invalid_grant",
        format!(
            "The access token is invalid, expired or already exchanged ({why}; the fake knows only \
             tokens FakeStytch::issue_access_token issued)."
        ),
    )
}

impl Shared {
    /// Redeems an authorization code of `idp.oauth.authorize` (once) for an access token,
    /// signed outside the lock.
    pub(crate) fn issue_access_token(&self, code: &str) -> Result<String, FakeError> {
        let claims = self.lock().access_token_claims(&self.project_id, code)?;
        self.key_ring()
            .current()
            .sign(&claims)
            .map_err(|e| FakeError::new(500, "internal_server_error", e))
    }

    /// The claims of an access token whose signature verifies with a key of the JWKS (checked
    /// outside the lock); its claims are checked by [`State::access_token_claims_valid`].
    pub(crate) fn verify_access_token(&self, token: &str) -> Result<Map<String, Value>, FakeError> {
        let now = self.lock().now().as_second();
        self.key_ring()
            .verify(token, now)
            .map_err(|why| invalid_grant(&why.to_string()))
    }

    /// Stytch's scope check of an access token, as its SDKs make it locally: the token
    /// verified (signature, `iss`, `aud`, `nbf`, `exp` on the fake clock), then its
    /// organization and scopes against the check and the policy's scopes. Answers the
    /// granting scopes.
    pub(crate) fn check_access_token_scopes(
        &self,
        token: &str,
        check: &AuthorizationCheck,
    ) -> Result<Vec<String>, FakeError> {
        let claims = self.verify_access_token(token)?;
        let state = self.lock();
        state.access_token_claims_valid(&self.project_id, &claims)?;
        let organization_id = claims
            .get(ORGANIZATION_CLAIM)
            .and_then(|o| o.get("organization_id"))
            .and_then(Value::as_str)
            .unwrap_or_default();
        let scopes: Vec<String> = claims
            .get("scope")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        state.authorize_scopes(organization_id, &scopes, check)
    }
}

impl State {
    /// Redeems an authorization code (once): the claims of its access token, whose `jti` is
    /// kept for one exchange.
    fn access_token_claims(&mut self, project_id: &str, code: &str) -> Result<Value, FakeError> {
        let grant = self.apps.codes.remove(code).ok_or_else(|| {
            FakeError::new(
                400,
                "invalid_grant",
                "The authorization code is unknown, already redeemed or revoked.",
            )
        })?;
        let now = self.now().as_second();
        let slug = self
            .organization(&grant.organization_id)
            .map(|o| o.organization_slug)
            .unwrap_or_default();
        let jti = token();
        let claims = json!({
            "iss": format!("stytch.com/{project_id}"),
            "aud": [project_id],
            "sub": grant.member_id,
            "client_id": grant.connected_app_id,
            "scope": grant.scopes.join(" "),
            "iat": now,
            "nbf": now,
            "exp": now + ACCESS_TOKEN_TTL_SECS,
            "jti": jti,
            ORGANIZATION_CLAIM: {
                "organization_id": grant.organization_id,
                "slug": slug,
            },
        });
        self.apps.access_tokens.insert(jti, grant);
        Ok(claims)
    }

    /// Checks a verified access token's claims on the fake clock: this project's issuer and
    /// audience, `nbf` passed, `exp` not.
    fn access_token_claims_valid(
        &self,
        project_id: &str,
        claims: &Map<String, Value>,
    ) -> Result<(), FakeError> {
        // A session JWT has the same signer, issuer and audience, and its custom claims may
        // say `scope`: Stytch's own session claim tells it apart.
        if claims.contains_key("https://stytch.com/session") {
            return Err(invalid_grant("it is a session JWT, not an access token"));
        }
        let text = |name: &str| claims.get(name).and_then(Value::as_str);
        for name in ["sub", "client_id", "scope"] {
            if text(name).is_none() {
                return Err(invalid_grant(&format!("it has no {name} claim")));
            }
        }
        if (claims.get(ORGANIZATION_CLAIM))
            .and_then(|o| o.get("organization_id"))
            .and_then(Value::as_str)
            .is_none()
        {
            return Err(invalid_grant("it has no organization claim"));
        }
        if claims.get("iss").and_then(Value::as_str) != Some(&format!("stytch.com/{project_id}")) {
            return Err(invalid_grant("its iss is not this project's issuer"));
        }
        let audience = claims.get("aud").and_then(Value::as_array);
        if !audience.is_some_and(|aud| aud.iter().any(|a| a == project_id)) {
            return Err(invalid_grant("its aud does not contain this project id"));
        }
        let now = self.now().as_second();
        let second = |name: &str| claims.get(name).and_then(Value::as_i64);
        if second("nbf").is_none_or(|nbf| now < nbf) {
            return Err(invalid_grant("it is not valid yet (nbf)"));
        }
        if second("exp").is_none_or(|exp| now >= exp) {
            return Err(invalid_grant("it has expired (exp)"));
        }
        Ok(())
    }

    /// `sessions.exchange_access_token`: a new session of the token's member (an
    /// `oauth_access_token_exchange` factor); the token is spent.
    pub(crate) fn exchange_access_token(
        &mut self,
        project_id: &str,
        token_claims: &Map<String, Value>,
        minutes: i32,
        claims: Map<String, Value>,
    ) -> Result<String, FakeError> {
        self.access_token_claims_valid(project_id, token_claims)?;
        let jti = token_claims
            .get("jti")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let grant: Grant = self
            .apps
            .access_tokens
            .get(jti)
            .cloned()
            .ok_or_else(|| invalid_grant("it was already exchanged, or its grant revoked"))?;
        let (organization_id, member_id) =
            self.live_member_of(&grant.organization_id, &grant.member_id)?;
        let factor = factor("oauth", "oauth_access_token_exchange", self.now(), None)?;
        let id = self.start_session(&organization_id, &member_id, vec![factor], minutes, claims)?;
        self.apps.access_tokens.remove(jti);
        Ok(id)
    }
}
