//! Primary logins by email against the fake, through the SDK client: magic links and email
//! one-time passcodes, into an organization and by discovery, reading every link and code
//! from the fake's email outbox.
//!
//! - `magic_links`: logging in with a link, its expiry, redirect URLs, PKCE;
//! - `members`: just-in-time provisioning, invites, deleted members;
//! - `mfa`: the MFA step (with its automatic SMS), session logins, restricted auth methods;
//! - `codes`: email one-time passcodes, and the blocking client;
//! - `discovery`: discovery links and codes;
//! - `joined`: the other arguments of a login: refused ones spend nothing, a joined
//!   intermediate session comes back while a factor is due.

mod codes;
mod discovery;
mod joined;
mod magic_links;
mod members;
mod mfa;

use std::time::Duration;

use crate::support::*;
use stytch_b2b_otp_sms::rbac::PolicyRole;
use stytch_b2b_otp_sms::{magic, magic_links_discovery, magic_links_email};
use stytch_b2b_otp_sms::{magic_links_email_discovery, otp_email, otp_email_discovery};
use stytch_b2b_otp_sms_fake::{EmailKind, SentEmail};

/// RFC 7636, appendix B: a PKCE verifier and its S256 challenge (computed independently of
/// the fake).
const PKCE_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const PKCE_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/// The last email to `address`, which must be of `kind`.
#[track_caller]
fn last_email(env: &Env, address: &str, kind: EmailKind) -> SentEmail {
    let email = env.fake.last_email(address).expect("an email was sent");
    assert_eq!(email.kind, kind, "{email:?}");
    email
}

/// The token of the last email to `address` (of `kind`), read from its link's query and
/// checked against the email's `token`.
#[track_caller]
fn link_token(env: &Env, address: &str, kind: EmailKind) -> String {
    let email = last_email(env, address, kind);
    let url = reqwest::Url::parse(email.url.as_deref().expect("a link")).unwrap();
    let query = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    let token = query("token").expect("the link carries a token");
    assert_eq!(Some(&token), email.token.as_ref());
    let expected = if kind == EmailKind::Discovery {
        "discovery"
    } else {
        "multi_tenant_magic_links"
    };
    assert_eq!(query("stytch_token_type").as_deref(), Some(expected));
    token
}

/// The code of the last email to `address` (of `kind`).
#[track_caller]
fn email_code(env: &Env, address: &str, kind: EmailKind) -> String {
    let email = last_email(env, address, kind);
    assert!(email.url.is_none() && email.token.is_none());
    let code = email.code.expect("a code");
    assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()));
    code
}

async fn send_link(env: &Env, address: &str) -> magic_links_email::LoginOrSignupResponse {
    env.client
        .magic_links()
        .email()
        .login_or_signup(magic_links_email::LoginOrSignupRequest::new(
            env.org_id(),
            address,
        ))
        .await
        .unwrap()
}

async fn authenticate_link(
    env: &Env,
    request: magic::AuthenticateRequest,
) -> Result<magic::AuthenticateResponse, Error> {
    env.client.magic_links().authenticate(request).await
}

async fn send_code(env: &Env, address: &str) -> Result<otp_email::LoginOrSignupResponse, Error> {
    env.client
        .otps()
        .email()
        .login_or_signup(otp_email::LoginOrSignupRequest::new(env.org_id(), address))
        .await
}

async fn authenticate_code(
    env: &Env,
    address: &str,
    code: &str,
) -> Result<otp_email::AuthenticateResponse, Error> {
    env.client
        .otps()
        .email()
        .authenticate(otp_email::AuthenticateRequest::new(
            env.org_id(),
            address,
            code,
        ))
        .await
}

/// The `type via delivery_method` of each factor of a session.
fn factors(session: &Option<stytch_b2b_otp_sms::sessions::MemberSession>) -> Vec<String> {
    let session = session.as_ref().expect("a member session");
    session
        .authentication_factors
        .iter()
        .map(|f| format!("{} via {}", f.r#type, f.delivery_method))
        .collect()
}

fn allow_jit(env: &Env, domains: &[&str]) {
    env.fake
        .configure_organization(env.org_id(), |org| {
            org.email_jit_provisioning = "RESTRICTED".into();
            org.email_allowed_domains = domains.iter().map(|d| d.to_string()).collect();
        })
        .unwrap();
}
