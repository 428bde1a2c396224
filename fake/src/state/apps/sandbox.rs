//! Stytch's documented B2B sandbox values (its "Sandbox values" testing guide): sends to
//! `sandbox@stytch.com` (in the sandbox organization for login-or-signup and invites) answer
//! 200 without sending an email, and three fixed magic-link tokens answer 200, 401
//! `unable_to_auth_magic_link` and 404 `magic_link_not_found`, for organization and
//! discovery logins alike.
//!
//! The values are recognized before the normal lookup and answered from here: the sandbox
//! organization and member are not in the directory (they exist only in these answers), and
//! nothing a test created is read or changed. The 200 login's session is a sample: it is not
//! stored, so `sessions.authenticate` does not know it.

use jiff::SignedDuration;
use serde::de::DeserializeOwned;
use serde_json::{Map, json};
use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::organizations::{Member, Organization};
use stytch_b2b_otp_sms::server::Failure;

use crate::FakeError;
use crate::flows::{answer, login_answer};
use crate::state::{
    DEFAULT_SESSION_MINUTES, Login, SessionRecord, Shared, TokenProblem, email_factor, jwt_claims,
    magic_link_problem, member_session,
};

/// The sandbox email address.
pub const SANDBOX_EMAIL: &str = "sandbox@stytch.com";
/// The sandbox organization's id.
pub const SANDBOX_ORGANIZATION_ID: &str = "organization-test-007d9d4a-deac-4a87-ba0a-e6e8afba4d4b";
/// The magic-link token that authenticates (200).
pub const SANDBOX_SUCCESS_TOKEN: &str = "DOYoip3rvIMMW5lgItikFK-Ak1CfMsgjuiCyI7uuU94=";
/// The magic-link token that answers 401 `unable_to_auth_magic_link`.
pub const SANDBOX_UNABLE_TOKEN: &str = "3pzjQpgksDlGKWEwUq2Up--hCHC_0oamfLHyfspKDFU=";
/// The magic-link token that answers 404 `magic_link_not_found`.
pub const SANDBOX_NOT_FOUND_TOKEN: &str = "CprTtwhnRNiMBiUS2jSLcWYrfuO2POeBNdo5HhW6qTM=";
/// The sandbox member's id: Stytch does not document it; the fake's own fixed choice.
pub const SANDBOX_MEMBER_ID: &str = "member-test-5a3d7e1c-0b8f-4c52-9d6e-2f4a1b7c9e30";
/// The sandbox member's email id (the fake's own fixed choice).
const SANDBOX_EMAIL_ID: &str = "member-email-test-5a3d7e1c-0b8f-4c52-9d6e-2f4a1b7c9e30";

/// The sandbox organization, as the sandbox answers show it.
fn organization() -> Organization {
    let mut org = Organization::default();
    org.organization_id = SANDBOX_ORGANIZATION_ID.into();
    org.organization_name = "Sandbox Organization".into();
    org.organization_slug = "sandbox-organization".into();
    org.email_invites = "ALL_ALLOWED".into();
    org.email_jit_provisioning = "NOT_ALLOWED".into();
    org.auth_methods = "ALL_ALLOWED".into();
    org.mfa_policy = "OPTIONAL".into();
    org
}

/// The sandbox member (active, email verified).
fn member() -> Member {
    let mut member = Member::default();
    member.organization_id = SANDBOX_ORGANIZATION_ID.into();
    member.member_id = SANDBOX_MEMBER_ID.into();
    member.email_address = SANDBOX_EMAIL.into();
    member.email_address_verified = true;
    member.status = "active".into();
    member.name = "Sandbox Member".into();
    member
}

/// Whether a send names the sandbox address in the sandbox organization.
fn is_sandbox_send(organization_id: &str, email_address: &str) -> bool {
    organization_id == SANDBOX_ORGANIZATION_ID && email_address.eq_ignore_ascii_case(SANDBOX_EMAIL)
}

/// The answer of a sandbox send: the sandbox member and organization, no email sent.
fn send_answer<T: DeserializeOwned>(operation: &str) -> Result<T, Failure> {
    let member = member();
    answer(
        operation,
        json!({
            "member_id": member.member_id,
            "member_created": false,
            "member": member,
            "organization": organization(),
        }),
    )
}

/// The sandbox answer of `magic_links.email.login_or_signup`, when the request is one.
pub(crate) fn login_or_signup(
    request: &api::magic_links_email::LoginOrSignupRequest,
) -> Option<Result<api::magic_links_email::LoginOrSignupResponse, Failure>> {
    is_sandbox_send(&request.organization_id, &request.email_address)
        .then(|| send_answer("magic_links.email.login_or_signup"))
}

/// The sandbox answer of `magic_links.email.invite`, when the request is one.
pub(crate) fn invite(
    request: &api::magic_links_email::InviteRequest,
) -> Option<Result<api::magic_links_email::InviteResponse, Failure>> {
    is_sandbox_send(&request.organization_id, &request.email_address)
        .then(|| send_answer("magic_links.email.invite"))
}

/// The sandbox answer of `magic_links.email.discovery.send`, when the request is one.
pub(crate) fn discovery_send(
    request: &api::magic_links_email_discovery::SendRequest,
) -> Option<Result<api::magic_links_email_discovery::SendResponse, Failure>> {
    request
        .email_address
        .eq_ignore_ascii_case(SANDBOX_EMAIL)
        .then(|| answer("magic_links.email.discovery.send", json!({})))
}

/// The sandbox token's outcome: `None` for any other token, an error for the 401 and 404
/// tokens, `Some(Ok(()))` for the success token.
fn token_outcome(token: &str) -> Option<Result<(), Failure>> {
    let problem = match token {
        SANDBOX_SUCCESS_TOKEN => return Some(Ok(())),
        SANDBOX_UNABLE_TOKEN => TokenProblem::Expired,
        SANDBOX_NOT_FOUND_TOKEN => TokenProblem::NotFound,
        _ => return None,
    };
    Some(Err(magic_link_problem(problem).into_failure()))
}

/// The sandbox answer of `magic_links.authenticate`, when the token is one: the success
/// token logs the sandbox member in (a sample session, not stored).
pub(crate) fn authenticate(
    shared: &Shared,
    request: &api::magic::AuthenticateRequest,
) -> Option<Result<api::magic::AuthenticateResponse, Failure>> {
    Some(
        token_outcome(&request.magic_links_token)?
            .and_then(|()| sample_login(shared).map_err(FakeError::into_failure))
            .and_then(|login| {
                login_answer(
                    shared,
                    "magic_links.authenticate",
                    login,
                    json!({"method_id": SANDBOX_EMAIL_ID, "reset_sessions": false}),
                )
            }),
    )
}

/// The sample login of the success token: a session of the sandbox member, not stored.
fn sample_login(shared: &Shared) -> Result<Login, FakeError> {
    let now = shared.lock().now();
    let (organization, member) = (organization(), member());
    let record = SessionRecord {
        id: format!("member-session-test-sandbox-{}", crate::util::uuid()),
        organization_id: SANDBOX_ORGANIZATION_ID.into(),
        member_id: SANDBOX_MEMBER_ID.into(),
        token: crate::util::token(),
        started_at: now,
        last_accessed_at: now,
        expires_at: now
            .saturating_add(SignedDuration::from_mins(i64::from(
                DEFAULT_SESSION_MINUTES,
            )))
            .unwrap_or(jiff::Timestamp::MAX),
        factors: vec![email_factor(
            "magic_link",
            SANDBOX_EMAIL_ID,
            SANDBOX_EMAIL,
            now,
        )?],
        custom_claims: Map::new(),
    };
    let session = member_session(&record, &organization, &member)?;
    let claims = jwt_claims(&shared.project_id, &session, now);
    Ok(Login {
        member,
        organization,
        member_authenticated: true,
        intermediate_session_token: String::new(),
        member_session: Some(session),
        session_token: record.token,
        claims: Some(claims),
        mfa_required: None,
        primary_required: None,
    })
}

/// The sandbox answer of `magic_links.discovery.authenticate`, when the token is one: the
/// success token answers a sample intermediate session token (not stored) for the sandbox
/// address and no discovered organizations.
pub(crate) fn discovery_authenticate(
    request: &api::magic_links_discovery::AuthenticateRequest,
) -> Option<Result<api::magic_links_discovery::AuthenticateResponse, Failure>> {
    Some(
        token_outcome(&request.discovery_magic_links_token)?.and_then(|()| {
            answer(
                "magic_links.discovery.authenticate",
                json!({
                    "intermediate_session_token": crate::util::token(),
                    "email_address": SANDBOX_EMAIL,
                    "discovered_organizations": [],
                }),
            )
        }),
    )
}
