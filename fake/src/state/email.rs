//! Email: the outbox of the emails Stytch would have sent, the one-time tokens their links
//! carry (magic links, invites, discovery, password resets, email updates) and the email
//! one-time passcodes.
//!
//! A flow issues a token or a code with [`State::email_token`] / [`State::email_code`], which
//! also puts the email in the outbox; it redeems them with [`State::take_email_token`] /
//! [`State::check_email_code`], which say what was wrong ([`TokenProblem`]) so that each
//! flow answers with its own Stytch `error_type`. [`State::peek_email_token`] and
//! [`State::peek_email_code`] find them without spending them, so that a flow checks its
//! other arguments first.

use super::*;
use crate::util::base64url;
use crate::{EmailKind, SentEmail};

/// Where an email's link points when the request names no redirect URL.
pub(crate) const DEFAULT_REDIRECT_URL: &str = "http://localhost:3000/authenticate";
/// Wrong codes an email one-time passcode tolerates before it is spent.
pub(crate) const EMAIL_CODE_MAX_ATTEMPTS: u32 = 5;

/// A token an email's link carries, until it is redeemed or expires.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct EmailToken {
    pub(crate) kind: EmailKind,
    pub(crate) email_address: String,
    /// Empty for discovery tokens.
    pub(crate) organization_id: String,
    /// Empty when no member exists yet (discovery).
    pub(crate) member_id: String,
    pub(crate) expires_at: Timestamp,
    /// The PKCE challenge the send carried (base64url SHA-256 of the verifier), if any.
    pub(crate) pkce_code_challenge: Option<String>,
    /// Redeemed already: kept until it expires, so that a second try says "already used".
    pub(crate) used: bool,
}

/// An email one-time passcode, until it is used, spent or expires.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct EmailCode {
    pub(crate) kind: EmailKind,
    pub(crate) code: String,
    pub(crate) member_id: String,
    pub(crate) expires_at: Timestamp,
    /// Wrong codes tried so far.
    pub(crate) attempts: u32,
    /// Used already: kept until it expires (or a new code replaces it), so that a second
    /// try says "already used".
    pub(crate) used: bool,
}

/// Why a token or code was not accepted; each flow maps it to its own `error_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenProblem {
    /// Unknown, or issued for another purpose.
    NotFound,
    /// Past its expiry on the fake clock, or already used (Stytch answers both alike:
    /// "either already used or expired").
    Expired,
    /// The code does not match (an attempt is counted).
    WrongCode,
    /// Too many wrong codes: the code is spent.
    TooManyAttempts,
}

/// What an email to send is about: filled by the flow, completed by [`State::email_token`]
/// or [`State::email_code`].
#[derive(Debug, Clone)]
pub(crate) struct Outgoing<'a> {
    pub(crate) kind: EmailKind,
    pub(crate) email_address: &'a str,
    /// Empty for discovery emails.
    pub(crate) organization_id: &'a str,
    /// Empty when no member exists yet.
    pub(crate) member_id: &'a str,
    /// How long the token or code lives.
    pub(crate) ttl: SignedDuration,
}

impl State {
    /// Issues a token for `outgoing` and puts its email, with the link to `redirect_url` (or
    /// [`DEFAULT_REDIRECT_URL`]), in the outbox; returns the token.
    ///
    /// Fails with `invalid_redirect_url` (Stytch's name, 400) for a redirect URL that is not
    /// an absolute `http(s)` URL.
    pub(crate) fn email_token(
        &mut self,
        outgoing: Outgoing<'_>,
        redirect_url: Option<&str>,
        pkce_code_challenge: Option<&str>,
    ) -> Result<String, FakeError> {
        let base = given_str(redirect_url).unwrap_or(DEFAULT_REDIRECT_URL);
        check_redirect_url(base)?;
        let now = self.now();
        self.count_write(now);
        let token = token();
        let expires_at = now.saturating_add(outgoing.ttl).unwrap_or(Timestamp::MAX);
        let url = link(base, outgoing.kind.token_type(), &token);
        self.email_tokens.insert(
            token.clone(),
            EmailToken {
                kind: outgoing.kind,
                email_address: outgoing.email_address.to_owned(),
                organization_id: outgoing.organization_id.to_owned(),
                member_id: outgoing.member_id.to_owned(),
                expires_at,
                pkce_code_challenge: pkce_code_challenge
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned),
                used: false,
            },
        );
        self.post_email(
            &outgoing,
            Some(token.clone()),
            None,
            Some(url),
            now,
            expires_at,
        );
        Ok(token)
    }

    /// Issues a six-digit code for `outgoing` (replacing the one the same address had for
    /// the same organization, or for discovery) and puts its email in the outbox; returns the
    /// code.
    pub(crate) fn email_code(&mut self, outgoing: Outgoing<'_>) -> String {
        let now = self.now();
        self.count_write(now);
        let code = otp_code();
        let expires_at = now.saturating_add(outgoing.ttl).unwrap_or(Timestamp::MAX);
        self.email_codes.insert(
            code_key(outgoing.organization_id, outgoing.email_address),
            EmailCode {
                kind: outgoing.kind,
                code: code.clone(),
                member_id: outgoing.member_id.to_owned(),
                expires_at,
                attempts: 0,
                used: false,
            },
        );
        self.post_email(&outgoing, None, Some(code.clone()), None, now, expires_at);
        code
    }

    /// The live token of one of `kinds`, not redeemed yet: what a flow checks (PKCE, its
    /// member) before [`State::take_email_token`] redeems it.
    pub(crate) fn peek_email_token(
        &self,
        token: &str,
        kinds: &[EmailKind],
    ) -> Result<&EmailToken, TokenProblem> {
        let now = self.now();
        match self.email_tokens.get(token) {
            Some(t) if !kinds.contains(&t.kind) => Err(TokenProblem::NotFound),
            Some(t) if t.used || t.expires_at <= now => Err(TokenProblem::Expired),
            Some(t) => Ok(t),
            None => Err(TokenProblem::NotFound),
        }
    }

    /// Redeems a token of one of `kinds`: a token is good once; a redeemed one is kept
    /// (marked used) until it expires, so that a second try is [`TokenProblem::Expired`]
    /// ("already used or expired") rather than unknown.
    pub(crate) fn take_email_token(
        &mut self,
        token: &str,
        kinds: &[EmailKind],
    ) -> Result<EmailToken, TokenProblem> {
        self.peek_email_token(token, kinds)?;
        let taken = self
            .email_tokens
            .get_mut(token)
            .ok_or(TokenProblem::NotFound)?;
        taken.used = true;
        Ok(taken.clone())
    }

    /// The live code sent to `email_address` for `organization_id` (empty: discovery) of one
    /// of `kinds`, not used yet, whatever code is tried: what a flow checks (its member,
    /// the request's other arguments) before [`State::check_email_code`] counts an attempt
    /// or uses it up.
    pub(crate) fn peek_email_code(
        &self,
        organization_id: &str,
        email_address: &str,
        kinds: &[EmailKind],
    ) -> Result<&EmailCode, TokenProblem> {
        let now = self.now();
        match self
            .email_codes
            .get(&code_key(organization_id, email_address))
        {
            Some(sent) if !kinds.contains(&sent.kind) => Err(TokenProblem::NotFound),
            Some(sent) if sent.used || sent.expires_at <= now => Err(TokenProblem::Expired),
            Some(sent) => Ok(sent),
            None => Err(TokenProblem::NotFound),
        }
    }

    /// Checks an email code sent to `email_address` for `organization_id` (empty: discovery)
    /// of one of `kinds` ([`State::peek_email_code`]). A right code is used up (kept, marked
    /// used, until it expires); a wrong one counts an attempt, and the
    /// [`EMAIL_CODE_MAX_ATTEMPTS`]th wrong one spends the code.
    pub(crate) fn check_email_code(
        &mut self,
        organization_id: &str,
        email_address: &str,
        code: &str,
        kinds: &[EmailKind],
    ) -> Result<EmailCode, TokenProblem> {
        self.peek_email_code(organization_id, email_address, kinds)?;
        let key = code_key(organization_id, email_address);
        let sent = self
            .email_codes
            .get_mut(&key)
            .ok_or(TokenProblem::NotFound)?;
        if sent.code != code {
            sent.attempts += 1;
            if sent.attempts >= EMAIL_CODE_MAX_ATTEMPTS {
                sent.used = true;
                return Err(TokenProblem::TooManyAttempts);
            }
            return Err(TokenProblem::WrongCode);
        }
        sent.used = true;
        Ok(sent.clone())
    }

    /// The email outbox, oldest first; only the emails to `email_address` (any case) when
    /// given.
    pub(crate) fn emails(&self, email_address: Option<&str>) -> Vec<SentEmail> {
        self.emails
            .iter()
            .filter(|e| email_address.is_none_or(|a| e.email_address.eq_ignore_ascii_case(a)))
            .cloned()
            .collect()
    }

    /// The newest email to `email_address` (any case), found from the newest end of the
    /// outbox (a test reads the email it just caused, so this stops early).
    pub(crate) fn last_email(&self, email_address: &str) -> Option<SentEmail> {
        self.emails
            .iter()
            .rev()
            .find(|e| e.email_address.eq_ignore_ascii_case(email_address))
            .cloned()
    }

    /// Empties the email outbox; returns how many emails it held.
    pub(crate) fn clear_emails(&mut self) -> usize {
        std::mem::take(&mut self.emails).len()
    }

    fn post_email(
        &mut self,
        outgoing: &Outgoing<'_>,
        token: Option<String>,
        code: Option<String>,
        url: Option<String>,
        now: Timestamp,
        expires_at: Timestamp,
    ) {
        if self.emails.len() >= self.outbox_capacity {
            self.emails.pop_front();
        }
        self.emails.push_back(SentEmail {
            email_address: outgoing.email_address.to_owned(),
            organization_id: Some(outgoing.organization_id.to_owned()).filter(|o| !o.is_empty()),
            kind: outgoing.kind,
            token,
            code,
            url,
            sent_at: rfc3339(now),
            expires_at: rfc3339(expires_at),
        });
    }

    /// Removes expired email tokens and codes (called by the pruning of `count_write`).
    pub(crate) fn prune_email(&mut self, now: Timestamp) {
        self.email_tokens.retain(|_, t| t.expires_at > now);
        self.email_codes.retain(|_, c| c.expires_at > now);
    }
}

/// Checks a PKCE code verifier against the challenge the send carried: the base64url
/// (unpadded) SHA-256 of the verifier must be the challenge (RFC 7636 `S256`). Stytch's
/// errors (400): `pkce_expected_code_verifier` (a challenge but no verifier),
/// `pkce_did_not_expect_code_verifier` (a verifier but no challenge), `pkce_mismatch`.
pub(crate) fn check_pkce(challenge: Option<&str>, verifier: Option<&str>) -> Result<(), FakeError> {
    match (challenge, given_str(verifier)) {
        (None, None) => Ok(()),
        (Some(_), None) => Err(FakeError::new(
            400,
            "pkce_expected_code_verifier",
            "This flow was started using a code_challenge but the authentication call is missing the corresponding code_verifier.",
        )),
        (None, Some(_)) => Err(FakeError::new(
            400,
            "pkce_did_not_expect_code_verifier",
            "A code_verifier was passed but this flow was not started with a code_challenge.",
        )),
        (Some(challenge), Some(verifier)) => {
            let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
            if base64url(digest.as_ref()) == challenge {
                return Ok(());
            }
            Err(FakeError::new(
                400,
                "pkce_mismatch",
                "The submitted code_verifier does not match the code_challenge sent at the start of the flow.",
            ))
        }
    }
}

/// The key of an email code: the organization (empty for discovery) and the address in
/// lower case.
fn code_key(organization_id: &str, email_address: &str) -> (String, String) {
    (
        organization_id.to_owned(),
        email_address.to_ascii_lowercase(),
    )
}

fn given_str(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.is_empty())
}

/// Refuses a redirect URL that is not an absolute `http` or `https` URL with a host.
pub(crate) fn check_redirect_url(url: &str) -> Result<(), FakeError> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or_default());
    let fine = host.is_some_and(|h| !h.is_empty())
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if fine {
        return Ok(());
    }
    Err(FakeError::new(
        400,
        "invalid_redirect_url",
        format!("The redirect URL {url:?} is not an absolute http(s) URL."),
    ))
}

/// `base` with `stytch_token_type` and `token` added to its query (before any fragment).
pub(crate) fn link(base: &str, token_type: &str, token: &str) -> String {
    let (base, fragment) = match base.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (base, None),
    };
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("stytch_token_type", token_type)
        .append_pair("token", token)
        .finish();
    let separator = match base.split_once('?') {
        None => "?",
        Some((_, q)) if q.is_empty() || q.ends_with('&') => "",
        Some(_) => "&",
    };
    let mut url = format!("{base}{separator}{query}");
    if let Some(fragment) = fragment {
        url.push('#');
        url.push_str(fragment);
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_the_redirect_urls_query_and_fragment() {
        assert_eq!(
            link("https://app.test/auth", "discovery", "t+k"),
            "https://app.test/auth?stytch_token_type=discovery&token=t%2Bk"
        );
        assert_eq!(
            link(
                "http://localhost:3000/a?next=%2Fhome#top",
                "multi_tenant_magic_links",
                "x"
            ),
            "http://localhost:3000/a?next=%2Fhome&stytch_token_type=multi_tenant_magic_links&token=x#top"
        );
    }

    #[test]
    fn pkce_follows_rfc_7636_s256() {
        // RFC 7636, appendix B.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert!(check_pkce(Some(challenge), Some(verifier)).is_ok());
        assert!(check_pkce(None, None).is_ok());
        let err = |c, v| check_pkce(c, v).unwrap_err().error_type;
        assert_eq!(err(Some(challenge), Some("other")), "pkce_mismatch");
        assert_eq!(err(Some(challenge), None), "pkce_expected_code_verifier");
        assert_eq!(
            err(None, Some(verifier)),
            "pkce_did_not_expect_code_verifier"
        );
    }

    #[test]
    fn redirect_urls_must_be_absolute_http() {
        assert!(check_redirect_url("https://app.test/x").is_ok());
        assert!(check_redirect_url("http://localhost:3000").is_ok());
        for bad in [
            "ftp://x.test",
            "/relative",
            "https://",
            "javascript:alert(1)",
            "https://a b",
        ] {
            assert_eq!(
                check_redirect_url(bad).unwrap_err().error_type,
                "invalid_redirect_url",
                "{bad}"
            );
        }
    }
}
