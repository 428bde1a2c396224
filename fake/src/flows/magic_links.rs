//! Email magic links (`magic_links.*`): login or signup, invites, discovery, and authenticating a token.
//!
//! A send checks its arguments first (expirations, redirect URLs), so that a refused request
//! changes nothing; then, under one lock, it finds or provisions the member and issues the
//! token, whose email (with its link) goes to the outbox. An authenticate checks the token,
//! its PKCE verifier and every other argument (the session options, the session or
//! intermediate session it joins) before redeeming it, so that a refused request leaves the
//! token usable; then it logs in through the login core.

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

#[allow(unused_imports)]
use super::*;
use crate::EmailKind;
use crate::state::apps::sandbox;
use jiff::SignedDuration;

/// How long a login, signup or discovery magic link lives by default, in minutes.
const LINK_MINUTES: i32 = 60;
/// How long an invite lives by default, in minutes: a week.
const INVITE_MINUTES: i32 = 10_080;
/// Stytch's error for an expiration outside its bounds.
const INVALID_EXPIRATION: &str = "invalid_expiration";

/// The expiration of a magic link: `field`'s value, `default` when absent.
fn link_ttl(minutes: Option<i32>, default: i32, field: &str) -> Result<SignedDuration, FakeError> {
    email_ttl(
        minutes,
        default,
        &MAGIC_LINK_MINUTES,
        field,
        INVALID_EXPIRATION,
    )
}

/// Checks the redirect URLs a request names (absent ones fall back to the default).
fn check_redirect_urls(urls: &[&Option<String>]) -> Result<(), FakeError> {
    urls.iter()
        .filter_map(|url| given(url))
        .try_for_each(check_redirect_url)
}

/// Sends a login magic link to an active member, a signup one to a pending or invited
/// member or to an address the organization provisions just in time (a new pending member).
pub(crate) fn email_login_or_signup(
    shared: &Shared,
    request: api::magic_links_email::LoginOrSignupRequest,
) -> Result<api::magic_links_email::LoginOrSignupResponse, Failure> {
    if let Some(sandboxed) = sandbox::login_or_signup(&request) {
        return sandboxed; // Stytch's documented sandbox values.
    }
    let fields = login_or_signup(shared, &request).map_err(FakeError::into_failure)?;
    answer("magic_links.email.login_or_signup", fields)
}

/// The rule of `magic_links.email.login_or_signup`: the answer's fields.
fn login_or_signup(
    shared: &Shared,
    request: &api::magic_links_email::LoginOrSignupRequest,
) -> Result<Value, FakeError> {
    let login_ttl = link_ttl(
        request.login_expiration_minutes,
        LINK_MINUTES,
        "login_expiration_minutes",
    )?;
    let signup_ttl = link_ttl(
        request.signup_expiration_minutes,
        LINK_MINUTES,
        "signup_expiration_minutes",
    )?;
    check_redirect_urls(&[&request.login_redirect_url, &request.signup_redirect_url])?;
    let mut state = shared.lock();
    let target = state.email_login_target(&request.organization_id, &request.email_address)?;
    let (kind, redirect_url, ttl) = if target.active() {
        (EmailKind::Login, &request.login_redirect_url, login_ttl)
    } else {
        (EmailKind::Signup, &request.signup_redirect_url, signup_ttl)
    };
    state.email_token(
        Outgoing {
            kind,
            email_address: &target.member.email_address,
            organization_id: &target.organization.organization_id,
            member_id: &target.member.member_id,
            ttl,
        },
        redirect_url.as_deref(),
        request.pkce_code_challenge.as_deref(),
    )?;
    Ok(json!({
        "member_id": target.member.member_id,
        "member_created": target.member_created,
        "member": target.member,
        "organization": target.organization,
    }))
}

/// Invites an address into an organization (an `invited` member) and emails the invite.
pub(crate) fn email_invite(
    shared: &Shared,
    request: api::magic_links_email::InviteRequest,
) -> Result<api::magic_links_email::InviteResponse, Failure> {
    if let Some(sandboxed) = sandbox::invite(&request) {
        return sandboxed; // Stytch's documented sandbox values.
    }
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let fields = invite(shared, &request).map_err(FakeError::into_failure)?;
    answer("magic_links.email.invite", fields)
}

/// The rule of `magic_links.email.invite`: the answer's fields.
fn invite(
    shared: &Shared,
    request: &api::magic_links_email::InviteRequest,
) -> Result<Value, FakeError> {
    let ttl = link_ttl(
        request.invite_expiration_minutes,
        INVITE_MINUTES,
        "invite_expiration_minutes",
    )?;
    check_redirect_urls(&[&request.invite_redirect_url])?;
    let details = Invite {
        invited_by_member_id: request.invited_by_member_id.as_deref(),
        name: request.name.as_deref(),
        trusted_metadata: request.trusted_metadata.as_ref(),
        untrusted_metadata: request.untrusted_metadata.as_ref(),
        roles: request.roles.as_deref(),
    };
    let mut state = shared.lock();
    let (organization, member) =
        state.invite_member(&request.organization_id, &request.email_address, details)?;
    state.email_token(
        Outgoing {
            kind: EmailKind::Invite,
            email_address: &member.email_address,
            organization_id: &organization.organization_id,
            member_id: &member.member_id,
            ttl,
        },
        request.invite_redirect_url.as_deref(),
        None,
    )?;
    Ok(json!({
        "member_id": member.member_id,
        "member": member,
        "organization": organization,
    }))
}

/// Authenticates a login, signup, invite or email-update magic link, then logs the member
/// in: a member session, or an intermediate session with `mfa_required` (and an SMS sent
/// on its own) or `primary_required`.
pub(crate) fn authenticate(
    shared: &Shared,
    request: api::magic::AuthenticateRequest,
) -> Result<api::magic::AuthenticateResponse, Failure> {
    if let Some(sandboxed) = sandbox::authenticate(shared, &request) {
        return sandboxed; // Stytch's documented sandbox values.
    }
    let jwt = shared
        .verify_jwt(&request.session_jwt)
        .map_err(FakeError::into_failure)?;
    let (login, method_id) =
        redeem_and_login(shared, &request, jwt).map_err(FakeError::into_failure)?;
    login_answer(
        shared,
        "magic_links.authenticate",
        login,
        json!({"method_id": method_id, "reset_sessions": false}),
    )
}

/// The rule of `magic_links.authenticate`: the login (unsigned) and the email's id.
fn redeem_and_login(
    shared: &Shared,
    request: &api::magic::AuthenticateRequest,
    jwt: Option<Map<String, Value>>,
) -> Result<(Login, String), FakeError> {
    // Arguments first: a refused request leaves the token usable.
    session_minutes(request.session_duration_minutes)?;
    merge_claims(Map::new(), request.session_custom_claims.as_ref())?;
    let session = session_arg(
        &request.intermediate_session_token,
        &request.session_token,
        jwt,
    )?;
    let options = SessionOptions {
        duration_minutes: request.session_duration_minutes,
        custom_claims: request.session_custom_claims.as_ref(),
        intermediate_session_token: None,
        locale: request.locale.as_ref().map(|l| l.as_str()),
    };
    let mut state = shared.lock();
    let token = &request.magic_links_token;
    let sent = state
        .peek_email_token(token, ORGANIZATION_LINKS)
        .map_err(magic_link_problem)?
        .clone();
    check_pkce(
        sent.pkce_code_challenge.as_deref(),
        request.pkce_code_verifier.as_deref(),
    )?;
    let proof = EmailProof {
        organization_id: &sent.organization_id,
        member_id: &sent.member_id,
        kind: "magic_link",
    };
    // Every other argument before the token is spent: a refused request leaves it usable.
    state.check_email_login(&shared.project_id, proof, &session, options)?;
    let redeemed = state
        .take_email_token(token, ORGANIZATION_LINKS)
        .map_err(magic_link_problem)?;
    if redeemed.kind == EmailKind::EmailUpdate {
        state.complete_email_update(&redeemed)?;
    }
    state.email_login(&shared.project_id, proof, session, options)
}

/// Sends a discovery magic link: no organization, no member.
pub(crate) fn email_discovery_send(
    shared: &Shared,
    request: api::magic_links_email_discovery::SendRequest,
) -> Result<api::magic_links_email_discovery::SendResponse, Failure> {
    if let Some(sandboxed) = sandbox::discovery_send(&request) {
        return sandboxed; // Stytch's documented sandbox values.
    }
    discovery_send(shared, &request).map_err(FakeError::into_failure)?;
    answer("magic_links.email.discovery.send", json!({}))
}

/// The rule of `magic_links.email.discovery.send`.
fn discovery_send(
    shared: &Shared,
    request: &api::magic_links_email_discovery::SendRequest,
) -> Result<(), FakeError> {
    let ttl = link_ttl(
        request.discovery_expiration_minutes,
        LINK_MINUTES,
        "discovery_expiration_minutes",
    )?;
    let email = checked_email(&request.email_address)?;
    check_redirect_urls(&[&request.discovery_redirect_url])?;
    shared.lock().email_token(
        Outgoing {
            kind: EmailKind::Discovery,
            email_address: email,
            organization_id: "",
            member_id: "",
            ttl,
        },
        request.discovery_redirect_url.as_deref(),
        request.pkce_code_challenge.as_deref(),
    )?;
    Ok(())
}

/// Authenticates a discovery magic link: a discovery intermediate session and the
/// organizations the address can log in to.
pub(crate) fn discovery_authenticate(
    shared: &Shared,
    request: api::magic_links_discovery::AuthenticateRequest,
) -> Result<api::magic_links_discovery::AuthenticateResponse, Failure> {
    if let Some(sandboxed) = sandbox::discovery_authenticate(&request) {
        return sandboxed; // Stytch's documented sandbox values.
    }
    let fields = discovery_login(shared, &request).map_err(FakeError::into_failure)?;
    answer("magic_links.discovery.authenticate", fields)
}

/// The rule of `magic_links.discovery.authenticate`: the answer's fields.
fn discovery_login(
    shared: &Shared,
    request: &api::magic_links_discovery::AuthenticateRequest,
) -> Result<Value, FakeError> {
    let kinds = &[EmailKind::Discovery];
    let token = &request.discovery_magic_links_token;
    let mut state = shared.lock();
    let challenge = state
        .peek_email_token(token, kinds)
        .map_err(magic_link_problem)?
        .pkce_code_challenge
        .clone();
    check_pkce(challenge.as_deref(), request.pkce_code_verifier.as_deref())?;
    let redeemed = state
        .take_email_token(token, kinds)
        .map_err(magic_link_problem)?;
    let (ist, found) = state.email_discovery_login(&redeemed.email_address, "magic_link")?;
    Ok(json!({
        "intermediate_session_token": ist,
        "email_address": redeemed.email_address,
        "discovered_organizations": found,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jwt::Signer;
    use crate::{NewMember, NewOrganization};

    /// An email-update link moves the member to the new address (verified) and logs them in
    /// with it; the link is good once.
    #[test]
    fn an_email_update_link_changes_the_address_and_logs_in() {
        let shared = Shared::new("project-test-x".into(), "secret".into(), Signer::test_key());
        let token = {
            let mut state = shared.lock();
            let org = state
                .create_organization(NewOrganization::new("Acme", "acme"))
                .unwrap();
            let member = state
                .create_member(&org.organization_id, NewMember::new("old@acme.test"))
                .unwrap();
            let outgoing = Outgoing {
                kind: EmailKind::EmailUpdate,
                email_address: "new@acme.test",
                organization_id: &org.organization_id,
                member_id: &member.member_id,
                ttl: SignedDuration::from_mins(5),
            };
            state.email_token(outgoing, None, None).unwrap()
        };
        let request = api::magic::AuthenticateRequest::new(&token);
        let authed = authenticate(&shared, request.clone()).unwrap();
        assert!(authed.member_authenticated);
        assert_eq!(authed.member.email_address, "new@acme.test");
        assert!(authed.member.email_address_verified);
        let session = authed.member_session.unwrap();
        let factor = &session.authentication_factors[0];
        let email = factor.email_factor.as_ref().unwrap();
        assert_eq!(email.email_address, "new@acme.test");
        assert!(authenticate(&shared, request).is_err());
    }
}
