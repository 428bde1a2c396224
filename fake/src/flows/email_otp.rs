//! Email one-time passcodes (`otps.email.*`): login or signup and discovery, and authenticating a code.
//!
//! Codes are six digits, live 10 minutes by default (2 to 15), and only the last one sent to
//! an address (per organization, or for discovery) is good, once; the fifth wrong code
//! spends it.

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

#[allow(unused_imports)]
use super::*;
use crate::EmailKind;
use jiff::SignedDuration;

/// How long an email code lives by default, in minutes.
const CODE_MINUTES: i32 = 10;
/// Stytch's error for an expiration outside its bounds.
const INVALID_EXPIRATION: &str = "invalid_expiration";

/// The expiration of an email code: `field`'s value, [`CODE_MINUTES`] when absent.
fn code_ttl(minutes: Option<i32>, field: &str) -> Result<SignedDuration, FakeError> {
    email_ttl(
        minutes,
        CODE_MINUTES,
        &EMAIL_OTP_MINUTES,
        field,
        INVALID_EXPIRATION,
    )
}

/// Emails a code to an active member (login), or to a pending or invited member or an
/// address the organization provisions just in time (signup; a new pending member).
pub(crate) fn login_or_signup(
    shared: &Shared,
    request: api::otp_email::LoginOrSignupRequest,
) -> Result<api::otp_email::LoginOrSignupResponse, Failure> {
    let fields = send_code(shared, &request).map_err(FakeError::into_failure)?;
    answer("otps.email.login_or_signup", fields)
}

/// The rule of `otps.email.login_or_signup`: the answer's fields.
fn send_code(
    shared: &Shared,
    request: &api::otp_email::LoginOrSignupRequest,
) -> Result<Value, FakeError> {
    let login_ttl = code_ttl(request.login_expiration_minutes, "login_expiration_minutes")?;
    let signup_ttl = code_ttl(
        request.signup_expiration_minutes,
        "signup_expiration_minutes",
    )?;
    let mut state = shared.lock();
    let target = state.email_login_target(&request.organization_id, &request.email_address)?;
    state.email_code(Outgoing {
        kind: EmailKind::Otp,
        email_address: &target.member.email_address,
        organization_id: &target.organization.organization_id,
        member_id: &target.member.member_id,
        ttl: if target.active() {
            login_ttl
        } else {
            signup_ttl
        },
    });
    Ok(json!({
        "member_id": target.member.member_id,
        "member_created": target.member_created,
        "member": target.member,
        "organization": target.organization,
    }))
}

/// Authenticates an email code of a member of an organization, then logs the member in as
/// `magic_links.authenticate` does.
pub(crate) fn authenticate(
    shared: &Shared,
    request: api::otp_email::AuthenticateRequest,
) -> Result<api::otp_email::AuthenticateResponse, Failure> {
    let jwt = shared
        .verify_jwt(&request.session_jwt)
        .map_err(FakeError::into_failure)?;
    let (login, method_id) =
        check_and_login(shared, &request, jwt).map_err(FakeError::into_failure)?;
    login_answer(
        shared,
        "otps.email.authenticate",
        login,
        json!({"method_id": method_id}),
    )
}

/// The rule of `otps.email.authenticate`: the login (unsigned) and the email's id.
fn check_and_login(
    shared: &Shared,
    request: &api::otp_email::AuthenticateRequest,
    jwt: Option<Map<String, Value>>,
) -> Result<(Login, String), FakeError> {
    // Arguments first: a refused request counts no attempt.
    check_code_format(&request.code)?;
    session_minutes(request.session_duration_minutes)?;
    merge_claims(Map::new(), request.session_custom_claims.as_ref())?;
    let session = session_arg(
        &request.intermediate_session_token,
        &request.session_token,
        jwt,
    )?;
    let email = checked_email(&request.email_address)?;
    let options = SessionOptions {
        duration_minutes: request.session_duration_minutes,
        custom_claims: request.session_custom_claims.as_ref(),
        intermediate_session_token: None,
        locale: request.locale.as_ref().map(|l| l.as_str()),
    };
    let mut state = shared.lock();
    let organization_id = state.resolve_organization(&request.organization_id)?;
    let kinds = &[EmailKind::Otp, EmailKind::EmailUpdate];
    let member_id = state
        .peek_email_code(&organization_id, email, kinds)
        .map_err(email_code_problem)?
        .member_id
        .clone();
    let proof = EmailProof {
        organization_id: &organization_id,
        member_id: &member_id,
        kind: "email_otp",
    };
    // Every other argument before the code is tried: a refused request counts no attempt
    // and leaves the code usable.
    state.check_email_login(&shared.project_id, proof, &session, options)?;
    let code = state
        .check_email_code(&organization_id, email, &request.code, kinds)
        .map_err(email_code_problem)?;
    if code.kind == EmailKind::EmailUpdate {
        state.complete_email_update_by_code(&organization_id, email, &code)?;
    }
    state.email_login(&shared.project_id, proof, session, options)
}

/// Emails a discovery code: no organization, no member.
pub(crate) fn discovery_send(
    shared: &Shared,
    request: api::otp_email_discovery::SendRequest,
) -> Result<api::otp_email_discovery::SendResponse, Failure> {
    let send = || -> Result<(), FakeError> {
        let ttl = code_ttl(
            request.discovery_expiration_minutes,
            "discovery_expiration_minutes",
        )?;
        let email = checked_email(&request.email_address)?;
        shared.lock().email_code(Outgoing {
            kind: EmailKind::DiscoveryOtp,
            email_address: email,
            organization_id: "",
            member_id: "",
            ttl,
        });
        Ok(())
    };
    send().map_err(FakeError::into_failure)?;
    answer("otps.email.discovery.send", json!({}))
}

/// Authenticates a discovery code: a discovery intermediate session and the organizations
/// the address can log in to.
pub(crate) fn discovery_authenticate(
    shared: &Shared,
    request: api::otp_email_discovery::AuthenticateRequest,
) -> Result<api::otp_email_discovery::AuthenticateResponse, Failure> {
    let login = || -> Result<Value, FakeError> {
        check_code_format(&request.code)?;
        let email = checked_email(&request.email_address)?;
        let mut state = shared.lock();
        state
            .check_email_code("", email, &request.code, &[EmailKind::DiscoveryOtp])
            .map_err(email_code_problem)?;
        let (ist, found) = state.email_discovery_login(email, "email_otp")?;
        Ok(json!({
            "intermediate_session_token": ist,
            "email_address": email,
            "discovered_organizations": found,
        }))
    };
    let fields = login().map_err(FakeError::into_failure)?;
    answer("otps.email.discovery.authenticate", fields)
}
