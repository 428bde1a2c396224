//! Connected-app access tokens: the token endpoint that redeems an authorization code is not
//! part of Stytch's B2B document, so [`FakeStytch::issue_access_token`](crate::FakeStytch)
//! plays it; `sessions.exchange_access_token` turns such a token, once, back into a session
//! of the member who granted the app.

use serde_json::{Map, Value};

use crate::FakeError;
use crate::state::{State, factor};
use crate::util::token;

/// Stytch's refusal of an access token it did not issue, or one already exchanged.
fn invalid_grant() -> FakeError {
    FakeError::new(
        400,
        "oauth_access_token_exchange_token_invalid_grant",
        "The access token is invalid, expired or already exchanged (the fake knows only tokens \
         FakeStytch::issue_access_token issued).",
    )
}

impl State {
    /// Redeems an authorization code of `idp.oauth.authorize` (once) for an access token.
    pub(crate) fn issue_access_token(&mut self, code: &str) -> Result<String, FakeError> {
        let grant = self.apps.codes.remove(code).ok_or_else(|| {
            FakeError::new(
                400,
                "invalid_grant",
                "The authorization code is unknown, already redeemed or revoked.",
            )
        })?;
        let access_token = token();
        self.apps.access_tokens.insert(access_token.clone(), grant);
        Ok(access_token)
    }

    /// `sessions.exchange_access_token`: a new session of the token's member (an
    /// `oauth_access_token_exchange` factor); the token is spent.
    pub(crate) fn exchange_access_token(
        &mut self,
        access_token: &str,
        minutes: i32,
        claims: Map<String, Value>,
    ) -> Result<String, FakeError> {
        let grant = self
            .apps
            .access_tokens
            .get(access_token)
            .cloned()
            .ok_or_else(invalid_grant)?;
        let (organization_id, member_id) =
            self.live_member_of(&grant.organization_id, &grant.member_id)?;
        let factor = factor("oauth", "oauth_access_token_exchange", self.now(), None)?;
        let id = self.start_session(&organization_id, &member_id, vec![factor], minutes, claims)?;
        self.apps.access_tokens.remove(access_token);
        Ok(id)
    }
}
