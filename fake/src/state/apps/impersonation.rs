//! Impersonation: a token minted as Stytch's dashboard would, authenticated once into a
//! member session with an `impersonated` factor that lasts 60 minutes and cannot be
//! extended.

use jiff::{SignedDuration, Timestamp};
use serde_json::{Map, json};
use stytch_b2b_otp_sms::sessions::AuthenticationFactor;

use super::ImpersonationToken;
use crate::FakeError;
use crate::state::{Login, State, factor, member_not_found};
use crate::util::{token, uuid};

/// How long an impersonation token lives: Stytch documents 5 minutes.
pub(crate) const TOKEN_TTL: SignedDuration = SignedDuration::from_mins(5);
/// How long an impersonated session lives: Stytch documents 60 minutes, not extendable.
pub(crate) const SESSION_MINUTES: i32 = 60;
/// The impersonator's address when the mint names none.
const DEFAULT_IMPERSONATOR: &str = "support@example.com";

/// Whether a session's factors make it an impersonated session (which cannot be extended).
pub(crate) fn is_impersonated(factors: &[AuthenticationFactor]) -> bool {
    factors.iter().any(|f| f.r#type.as_str() == "impersonated")
}

impl State {
    /// Mints an impersonation token for a member (an id or external id) of an organization
    /// (an id, slug or external id), valid for [`TOKEN_TTL`]; answers it and its expiry. A
    /// deleted member is `member_not_found`.
    pub(crate) fn mint_impersonation_token(
        &mut self,
        organization: &str,
        member: &str,
        impersonator_email_address: Option<&str>,
    ) -> Result<(String, Timestamp), FakeError> {
        let organization_id = self.resolve_organization(organization)?;
        let member_id = self.resolve_member(&organization_id, member)?;
        self.member(&member_id)
            .filter(|m| m.status != "deleted")
            .ok_or_else(member_not_found)?;
        let now = self.now();
        let expires_at = now.saturating_add(TOKEN_TTL).unwrap_or(Timestamp::MAX);
        let token = token();
        let email = impersonator_email_address
            .filter(|e| !e.is_empty())
            .unwrap_or(DEFAULT_IMPERSONATOR);
        self.apps.impersonation_tokens.insert(
            token.clone(),
            ImpersonationToken {
                organization_id,
                member_id,
                impersonator_id: format!("impersonator-test-{}", uuid()),
                impersonator_email_address: email.to_owned(),
                expires_at,
            },
        );
        Ok((token, expires_at))
    }

    /// Authenticates an impersonation token (once, before it expires:
    /// `unable_to_auth_impersonation_token` otherwise) into a new member session of
    /// [`SESSION_MINUTES`] whose one factor is `impersonated`. No MFA step and no auth-method
    /// restriction apply; a member deleted since the mint is `member_not_found` (the token is
    /// spent either way).
    pub(crate) fn impersonate(
        &mut self,
        project_id: &str,
        token: &str,
    ) -> Result<Login, FakeError> {
        let now = self.now();
        let minted = self
            .apps
            .impersonation_tokens
            .remove(token)
            .filter(|t| t.expires_at > now)
            .ok_or_else(unable_to_auth_impersonation_token)?;
        self.member(&minted.member_id)
            .filter(|m| m.status != "deleted")
            .ok_or_else(member_not_found)?;
        let factor = factor(
            "impersonated",
            "impersonation",
            now,
            Some((
                "impersonated_factor",
                json!({
                    "impersonator_id": minted.impersonator_id,
                    "impersonator_email_address": minted.impersonator_email_address,
                }),
            )),
        )?;
        let id = self.start_session(
            &minted.organization_id,
            &minted.member_id,
            vec![factor],
            SESSION_MINUTES,
            Map::new(),
        )?;
        self.session_login(project_id, &id, now)
    }
}

/// An impersonation token that is unknown, used or expired: Stytch's
/// `unable_to_auth_impersonation_token`, answered 401 like its sibling
/// `unable_to_auth_magic_link` (the status is inferred).
pub(crate) fn unable_to_auth_impersonation_token() -> FakeError {
    FakeError::new(
        401,
        "unable_to_auth_impersonation_token",
        "Impersonation token could not be authenticated (unknown, already used or expired).",
    )
}
