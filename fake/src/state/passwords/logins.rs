//! What a proven password (or a redeemed reset link) leads to: a login through the login
//! core, or into the session the request names; and the reset links' tokens with PKCE.

use super::*;
use crate::EmailKind;

/// Where a password login goes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PasswordLogin<'a> {
    pub(crate) organization_id: &'a str,
    pub(crate) member_id: &'a str,
    /// The session the request named (`session_token` / `session_jwt`), by id: the factors
    /// join it instead of a new login.
    pub(crate) session_id: Option<&'a str>,
}

impl State {
    /// Logs a member in with `factors` (the last one the login's own; earlier ones, such as a
    /// reset link's email factor, travel in an intermediate session so that the login core
    /// counts them). With a named session, the factors join that session (extended to
    /// `session_duration_minutes` when given) and no further factor is asked.
    pub(crate) fn password_login(
        &mut self,
        project_id: &str,
        target: PasswordLogin<'_>,
        factors: Vec<AuthenticationFactor>,
        options: SessionOptions<'_>,
    ) -> Result<Login, FakeError> {
        let Some((last, earlier)) = factors.split_last() else {
            return Err(internal("log in without a factor"));
        };
        if let Some(session_id) = target.session_id {
            check_one_session_argument(&options)?;
            return self.join_password_session(project_id, target, session_id, &factors, options);
        }
        let carrier = match earlier {
            [] => None,
            _ => Some(self.carry_earlier(target, earlier, options.intermediate_session_token)?),
        };
        let joined = SessionOptions {
            intermediate_session_token: carrier.as_deref().or(options.intermediate_session_token),
            ..options
        };
        let mut login = self.login(
            project_id,
            target.organization_id,
            target.member_id,
            last.clone(),
            joined,
        )?;
        self.settle_joined(&options, &mut login);
        Ok(login)
    }

    /// An intermediate session carrying `earlier` factors (such as a reset link's email
    /// factor) with those of the request's intermediate session `token` (consumed), so that
    /// the login core counts them; its token.
    fn carry_earlier(
        &mut self,
        target: PasswordLogin<'_>,
        earlier: &[AuthenticationFactor],
        token: Option<&str>,
    ) -> Result<String, FakeError> {
        let now = self.now();
        let mut carried = self.earlier_factors(token, target.member_id)?;
        for f in earlier {
            upsert_factor(&mut carried, f.clone());
        }
        let email = self
            .member(target.member_id)
            .map(|m| m.email_address)
            .ok_or_else(member_not_found)?;
        Ok(self.intermediate_session(
            target.organization_id,
            target.member_id,
            &email,
            carried,
            now,
        ))
    }

    /// Checks, changing nothing, what [`State::password_login`] (or, with a named session,
    /// [`State::join_password_session`]) would refuse: at most one session argument, the
    /// named session (live, the member's), the session options, and the intermediate
    /// session the login joins. Reset flows call it before they spend the reset token or
    /// store the new password, so that a refused request changes nothing.
    pub(crate) fn check_password_login(
        &self,
        target: PasswordLogin<'_>,
        options: &SessionOptions<'_>,
    ) -> Result<(), FakeError> {
        let Some(session_id) = target.session_id else {
            return self.check_login(target.organization_id, target.member_id, options);
        };
        check_one_session_argument(options)?;
        self.check_password_session_owner(
            Some(session_id),
            target.organization_id,
            target.member_id,
        )?;
        if let Some(minutes) = options.duration_minutes {
            session_minutes(Some(minutes))?;
        }
        let session = self
            .sessions
            .get(session_id)
            .ok_or_else(session_not_found)?;
        merge_claims(session.custom_claims.clone(), options.custom_claims).map(drop)
    }

    /// Adds factors to a member's live session (which must be theirs), extends it when asked,
    /// and answers it.
    pub(crate) fn join_password_session(
        &mut self,
        project_id: &str,
        target: PasswordLogin<'_>,
        session_id: &str,
        factors: &[AuthenticationFactor],
        options: SessionOptions<'_>,
    ) -> Result<Login, FakeError> {
        let now = self.now();
        let minutes = options
            .duration_minutes
            .map(|m| session_minutes(Some(m)))
            .transpose()?;
        self.check_password_session_owner(
            Some(session_id),
            target.organization_id,
            target.member_id,
        )?;
        let session = self
            .sessions
            .get(session_id)
            .ok_or_else(session_not_found)?;
        let claims = merge_claims(session.custom_claims.clone(), options.custom_claims)?;
        self.activate_member(target.member_id, now)?;
        let session = self
            .sessions
            .get_mut(session_id)
            .ok_or_else(session_not_found)?;
        for f in factors {
            upsert_factor(&mut session.factors, f.clone());
        }
        session.custom_claims = claims;
        session.last_accessed_at = now;
        if let Some(minutes) = minutes {
            session.expires_at = now
                .saturating_add(SignedDuration::from_mins(i64::from(minutes)))
                .unwrap_or(Timestamp::MAX);
        }
        self.session_login(project_id, session_id, now)
    }

    /// Checks that a named session (an id) is live and the member's, in the organization:
    /// `session_member_mismatch` (400) otherwise. Flows check it before changing anything.
    pub(crate) fn check_password_session_owner(
        &self,
        session_id: Option<&str>,
        organization_id: &str,
        member_id: &str,
    ) -> Result<(), FakeError> {
        let Some(id) = session_id else {
            return Ok(());
        };
        let session = self.sessions.get(id).ok_or_else(session_not_found)?;
        if session.member_id != member_id || session.organization_id != organization_id {
            return Err(session_member_mismatch());
        }
        Ok(())
    }

    /// The reset link's token of `kind`, live and not redeemed, with its PKCE pair checked;
    /// nothing is spent. Unknown, used, expired or of another kind is
    /// `unable_to_auth_password_reset_token` (404).
    pub(crate) fn peek_password_reset_token(
        &self,
        token: &str,
        kind: EmailKind,
        code_verifier: Option<&str>,
    ) -> Result<EmailToken, FakeError> {
        let sent = self
            .peek_email_token(token, &[kind])
            .map_err(|_| unusable_reset_token())?;
        check_reset_pkce(
            sent.pkce_code_challenge.as_deref(),
            given_str(code_verifier),
        )?;
        Ok(sent.clone())
    }

    /// Redeems a reset link's token of `kind` after checking it and its PKCE pair
    /// ([`State::peek_password_reset_token`]): a PKCE mismatch leaves the token usable.
    pub(crate) fn take_password_reset_token(
        &mut self,
        token: &str,
        kind: EmailKind,
        code_verifier: Option<&str>,
    ) -> Result<EmailToken, FakeError> {
        self.peek_password_reset_token(token, kind, code_verifier)?;
        self.take_email_token(token, &[kind])
            .map_err(|_| unusable_reset_token())
    }
}

/// A reset token that is unknown, used, expired or of another kind.
fn unusable_reset_token() -> FakeError {
    FakeError::new(
        404,
        "unable_to_auth_password_reset_token",
        "The password reset token is unknown, already used or expired.",
    )
}

/// Refuses a named session given with an intermediate session token.
fn check_one_session_argument(options: &SessionOptions<'_>) -> Result<(), FakeError> {
    if given_str(options.intermediate_session_token).is_none() {
        return Ok(());
    }
    Err(FakeError::new(
        400,
        "too_many_session_arguments",
        "Pass at most one of intermediate_session_token, session_token and session_jwt.",
    ))
}

/// Checks a PKCE verifier against the challenge sent with the reset (base64url SHA-256 of
/// the verifier): Stytch's `pkce_expected_code_verifier`, `pkce_did_not_expect_code_verifier`
/// and `pkce_mismatch` (400).
pub(crate) fn check_reset_pkce(
    challenge: Option<&str>,
    verifier: Option<&str>,
) -> Result<(), FakeError> {
    match (challenge, verifier) {
        (None, None) => Ok(()),
        (Some(_), None) => Err(FakeError::new(
            400,
            "pkce_expected_code_verifier",
            "The reset was started with a code challenge: pass its code verifier.",
        )),
        (None, Some(_)) => Err(FakeError::new(
            400,
            "pkce_did_not_expect_code_verifier",
            "The reset was started without a code challenge: pass no code verifier.",
        )),
        (Some(challenge), Some(verifier)) => {
            let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
            if crate::util::base64url(digest.as_ref()) == challenge {
                Ok(())
            } else {
                Err(FakeError::new(
                    400,
                    "pkce_mismatch",
                    "The code verifier does not match the reset's code challenge.",
                ))
            }
        }
    }
}

/// An optional argument, `""` read as absent.
fn given_str(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.is_empty())
}
