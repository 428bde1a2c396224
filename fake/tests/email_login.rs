//! Primary logins by email against the fake, through the SDK client: magic links and email
//! one-time passcodes, into an organization and by discovery, reading every link and code
//! from the fake's email outbox.

mod support;

use std::time::Duration;

use stytch_b2b_otp_sms::rbac::PolicyRole;
use stytch_b2b_otp_sms::{magic, magic_links_discovery, magic_links_email};
use stytch_b2b_otp_sms::{magic_links_email_discovery, otp_email, otp_email_discovery};
use stytch_b2b_otp_sms_fake::{EmailKind, SentEmail};
use support::*;

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

#[tokio::test]
async fn an_active_member_logs_in_with_a_magic_link_once() {
    let env = env(MfaPolicy::Optional).await;
    let sent = send_link(&env, "Grace@Acme.test").await;
    assert_eq!(sent.member_id, env.grace.member_id);
    assert!(!sent.member_created);
    assert_eq!(sent.organization.organization_id, env.org_id());
    let email = last_email(&env, "grace@acme.test", EmailKind::Login);
    assert_eq!(email.organization_id.as_deref(), Some(env.org_id()));
    assert!(
        email
            .url
            .as_deref()
            .unwrap()
            .starts_with("http://localhost:3000/authenticate?")
    );
    let token = link_token(&env, "grace@acme.test", EmailKind::Login);

    let claims = claims(json!({"plan": "pro"}));
    let authed = authenticate_link(
        &env,
        magic::AuthenticateRequest::new(&token)
            .session_duration_minutes(120)
            .session_custom_claims(claims),
    )
    .await
    .unwrap();
    assert!(authed.member_authenticated);
    assert!(authed.intermediate_session_token.is_empty());
    assert!(authed.mfa_required.is_none() && authed.primary_required.is_none());
    assert_eq!(authed.member_id, env.grace.member_id);
    assert!(authed.method_id.starts_with("email-test-"));
    assert!(authed.member.email_address_verified);
    assert_eq!(factors(&authed.member_session), ["magic_link via email"]);
    let session = authed.member_session.as_ref().unwrap();
    assert_eq!(session.custom_claims["plan"], "pro");
    let lifetime = unix(&session.expires_at) - unix(&session.started_at);
    assert_eq!(lifetime, 120 * 60);
    let jwt = jwt_payload(&authed.session_jwt);
    assert_eq!(jwt["sub"], env.grace.member_id.as_str());
    assert_eq!(jwt["plan"], "pro");

    // A token is good once; an unknown one is not found.
    expect_error(
        authenticate_link(&env, magic::AuthenticateRequest::new(&token)).await,
        401,
        "unable_to_auth_magic_link",
    );
    expect_error(
        authenticate_link(&env, magic::AuthenticateRequest::new("no-such-token")).await,
        404,
        "magic_link_not_found",
    );
}

#[tokio::test]
async fn a_magic_link_expires_after_its_expiration_minutes() {
    let env = env(MfaPolicy::Optional).await;
    send_link(&env, "grace@acme.test").await;
    let default = link_token(&env, "grace@acme.test", EmailKind::Login);
    env.client
        .magic_links()
        .email()
        .login_or_signup(
            magic_links_email::LoginOrSignupRequest::new(env.org_id(), "grace@acme.test")
                .login_expiration_minutes(5),
        )
        .await
        .unwrap();
    let short = link_token(&env, "grace@acme.test", EmailKind::Login);
    env.fake.advance_clock(Duration::from_secs(5 * 60)).unwrap();
    expect_error(
        authenticate_link(&env, magic::AuthenticateRequest::new(&short)).await,
        401,
        "unable_to_auth_magic_link",
    );
    env.fake
        .advance_clock(Duration::from_secs(55 * 60))
        .unwrap();
    expect_error(
        authenticate_link(&env, magic::AuthenticateRequest::new(&default)).await,
        401,
        "unable_to_auth_magic_link",
    );
    // Expirations outside 5 minutes to a week are refused, and nothing is sent.
    let before = env.fake.emails().len();
    for minutes in [4, 10_081] {
        expect_error(
            env.client
                .magic_links()
                .email()
                .login_or_signup(
                    magic_links_email::LoginOrSignupRequest::new(env.org_id(), "grace@acme.test")
                        .signup_expiration_minutes(minutes),
                )
                .await,
            400,
            "invalid_expiration",
        );
    }
    assert_eq!(env.fake.emails().len(), before);
}

#[tokio::test]
async fn redirect_urls_shape_the_link_and_bad_ones_change_nothing() {
    let env = env(MfaPolicy::Optional).await;
    allow_jit(&env, &["acme.test"]);
    let links = env.client.magic_links().email();
    links
        .login_or_signup(
            magic_links_email::LoginOrSignupRequest::new(env.org_id(), "grace@acme.test")
                .login_redirect_url("https://app.test/login?next=%2Fhome")
                .signup_redirect_url("https://app.test/signup"),
        )
        .await
        .unwrap();
    let url = last_email(&env, "grace@acme.test", EmailKind::Login)
        .url
        .unwrap();
    assert!(
        url.starts_with("https://app.test/login?next=%2Fhome&stytch_token_type="),
        "{url}"
    );
    expect_error(
        links
            .login_or_signup(
                magic_links_email::LoginOrSignupRequest::new(env.org_id(), "new@acme.test")
                    .signup_redirect_url("javascript:alert(1)"),
            )
            .await,
        400,
        "invalid_redirect_url",
    );
    assert!(env.fake.emails_to("new@acme.test").is_empty());
    // No member was provisioned by the refused request: the next one creates it.
    let sent = send_link(&env, "new@acme.test").await;
    assert!(sent.member_created);
    expect_error(
        links
            .login_or_signup(magic_links_email::LoginOrSignupRequest::new(
                env.org_id(),
                "not-an-email",
            ))
            .await,
        400,
        "invalid_email",
    );
    expect_error(
        links
            .login_or_signup(magic_links_email::LoginOrSignupRequest::new(
                "organization-test-nope",
                "grace@acme.test",
            ))
            .await,
        404,
        "organization_not_found",
    );
}

#[tokio::test]
async fn new_addresses_sign_up_only_where_jit_provisioning_allows_their_domain() {
    let env = env(MfaPolicy::Optional).await;
    // email_jit_provisioning NOT_ALLOWED (the default).
    for result in [
        env.client
            .magic_links()
            .email()
            .login_or_signup(magic_links_email::LoginOrSignupRequest::new(
                env.org_id(),
                "linus@acme.test",
            ))
            .await
            .map(drop),
        send_code(&env, "linus@acme.test").await.map(drop),
    ] {
        expect_error(result, 400, "email_jit_provisioning_not_allowed");
    }
    allow_jit(&env, &["acme.test"]);
    expect_error(
        send_code(&env, "linus@elsewhere.test").await,
        400,
        "invalid_email_for_jit_provisioning",
    );
    assert!(env.fake.emails().is_empty());

    // An allowed domain: a pending member and a signup email, every time until they log in.
    let sent = send_link(&env, "linus@ACME.test").await;
    assert!(sent.member_created);
    assert_eq!(sent.member.status, "pending");
    assert!(!sent.member.email_address_verified);
    assert_eq!(sent.member.roles[0].role_id, "stytch_member");
    let again = send_link(&env, "linus@acme.test").await;
    assert!(!again.member_created);
    assert_eq!(again.member_id, sent.member_id);
    let token = link_token(&env, "linus@acme.test", EmailKind::Signup);
    let authed = authenticate_link(&env, magic::AuthenticateRequest::new(token))
        .await
        .unwrap();
    assert!(authed.member_authenticated);
    assert_eq!(authed.member.status, "active");
    assert!(authed.member.email_address_verified);
    assert_eq!(env.fake.member(&sent.member_id).unwrap().status, "active");
    // Now a login email.
    send_link(&env, "linus@acme.test").await;
    last_email(&env, "linus@acme.test", EmailKind::Login);
}

#[tokio::test]
async fn invites_create_invited_members_who_become_active_by_their_link() {
    let env = env(MfaPolicy::Optional).await;
    // An invite's roles must exist: the project's policy has `editor`.
    let role = |id: &str| PolicyRole::new(id, "", Vec::new());
    env.fake.set_rbac_policy(vec![
        role("stytch_member"),
        role("stytch_admin"),
        role("editor"),
    ]);
    let links = env.client.magic_links().email();
    let invited = links
        .invite(
            magic_links_email::InviteRequest::new(env.org_id(), "linus@partner.test")
                .name("Linus")
                .roles(vec!["editor".to_owned()])
                .trusted_metadata(claims(json!({"plan": "pro"})))
                .invited_by_member_id(&env.ada.member_id),
        )
        .await
        .unwrap();
    let member = &invited.member;
    assert_eq!(member.status, "invited");
    assert_eq!(member.name, "Linus");
    assert_eq!(member.trusted_metadata["plan"], "pro");
    let roles: Vec<&str> = member.roles.iter().map(|r| r.role_id.as_str()).collect();
    assert_eq!(roles, ["stytch_member", "editor"]);
    let invite = last_email(&env, "linus@partner.test", EmailKind::Invite);
    assert_eq!(
        unix(&invite.expires_at) - unix(&invite.sent_at),
        7 * 24 * 3600
    );

    // A login-or-signup before accepting sends a signup email; the member stays invited.
    let resent = send_link(&env, "linus@partner.test").await;
    assert_eq!(resent.member.status, "invited");
    last_email(&env, "linus@partner.test", EmailKind::Signup);

    // Re-inviting keeps the member; the invite link logs them in and activates them.
    links
        .invite(magic_links_email::InviteRequest::new(
            env.org_id(),
            "linus@partner.test",
        ))
        .await
        .unwrap();
    let token = link_token(&env, "linus@partner.test", EmailKind::Invite);
    let authed = authenticate_link(&env, magic::AuthenticateRequest::new(token))
        .await
        .unwrap();
    assert_eq!(authed.member_id, invited.member_id);
    assert_eq!(authed.member.status, "active");
    let session = authed.member_session.unwrap();
    assert_eq!(session.roles, ["stytch_member", "editor"]);

    // An active member cannot be invited; an unknown inviter is not found.
    expect_error(
        links
            .invite(magic_links_email::InviteRequest::new(
                env.org_id(),
                "Linus@partner.test",
            ))
            .await,
        400,
        "duplicate_member_email",
    );
    expect_error(
        links
            .invite(
                magic_links_email::InviteRequest::new(env.org_id(), "x@partner.test")
                    .invited_by_member_id("member-test-nope"),
            )
            .await,
        404,
        "member_not_found",
    );
}

#[tokio::test]
async fn invites_follow_the_organizations_email_invites_setting() {
    let env = env(MfaPolicy::Optional).await;
    let invite = |address: &str| {
        env.client
            .magic_links()
            .email()
            .invite(magic_links_email::InviteRequest::new(env.org_id(), address))
    };
    env.fake
        .configure_organization(env.org_id(), |org| {
            org.email_invites = "RESTRICTED".into();
            org.email_allowed_domains = vec!["acme.test".into()];
        })
        .unwrap();
    expect_error(
        invite("x@partner.test").await,
        400,
        "invalid_email_for_invites",
    );
    assert_eq!(
        invite("x@acme.test").await.unwrap().member.status,
        "invited"
    );
    env.fake
        .configure_organization(env.org_id(), |org| org.email_invites = "NOT_ALLOWED".into())
        .unwrap();
    expect_error(
        invite("y@acme.test").await,
        400,
        "invalid_email_for_invites",
    );

    // A pending member (JIT signup) becomes invited when invited.
    env.fake
        .configure_organization(env.org_id(), |org| {
            org.email_invites = "ALL_ALLOWED".into();
            org.email_jit_provisioning = "RESTRICTED".into();
        })
        .unwrap();
    let pending = send_link(&env, "z@acme.test").await;
    assert_eq!(pending.member.status, "pending");
    let invited = invite("z@acme.test").await.unwrap();
    assert_eq!(
        (invited.member_id, invited.member.status.as_str()),
        (pending.member_id, "invited")
    );
}

#[tokio::test]
async fn an_mfa_required_organization_texts_the_member_and_the_sms_finishes_the_login() {
    let env = env(MfaPolicy::RequiredForAll).await;
    send_link(&env, "ada@acme.test").await;
    let token = link_token(&env, "ada@acme.test", EmailKind::Login);
    let step = authenticate_link(
        &env,
        magic::AuthenticateRequest::new(token).session_duration_minutes(30),
    )
    .await
    .unwrap();
    assert!(!step.member_authenticated);
    assert!(step.session_token.is_empty() && step.session_jwt.is_empty());
    assert!(step.member_session.is_none());
    assert!(!step.intermediate_session_token.is_empty());
    let mfa = step.mfa_required.as_ref().expect("mfa_required");
    assert_eq!(mfa.secondary_auth_initiated.as_deref(), Some("sms_otp"));
    assert_eq!(
        mfa.member_options.as_ref().unwrap().mfa_phone_number,
        ADA_PHONE
    );
    let sms = env.fake.outbox_of(&env.ada.member_id);
    assert_eq!(sms.len(), 1);
    assert_eq!(sms[0].phone_number, ADA_PHONE);

    let authed = env
        .authenticate(
            env.auth(&env.ada, &sms[0].code)
                .intermediate_session_token(&step.intermediate_session_token),
        )
        .await
        .unwrap();
    assert_eq!(
        factors(&authed.member_session),
        ["magic_link via email", "otp via sms"]
    );
    assert!(authed.member.mfa_enrolled);

    // The intermediate session is spent; a member without a phone gets no SMS.
    expect_error(
        env.authenticate(
            env.auth(&env.ada, &sms[0].code)
                .intermediate_session_token(&step.intermediate_session_token),
        )
        .await,
        404,
        "intermediate_session_not_found",
    );
    send_link(&env, "grace@acme.test").await;
    let token = link_token(&env, "grace@acme.test", EmailKind::Login);
    let step = authenticate_link(&env, magic::AuthenticateRequest::new(token))
        .await
        .unwrap();
    let mfa = step.mfa_required.expect("mfa_required");
    assert_eq!(mfa.secondary_auth_initiated, None);
    assert!(env.fake.outbox_of(&env.grace.member_id).is_empty());
}

#[tokio::test]
async fn a_members_own_session_skips_the_mfa_step_and_anothers_is_ignored() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let ada = env.login(&env.ada).await;
    let linus = env
        .fake
        .create_member(
            env.org_id(),
            NewMember::new("linus@acme.test").phone_number("+15555550142"),
        )
        .unwrap();
    let other = env.login(&linus).await;
    env.fake.clear_outbox();

    send_link(&env, "ada@acme.test").await;
    let token = link_token(&env, "ada@acme.test", EmailKind::Login);
    let again = authenticate_link(
        &env,
        magic::AuthenticateRequest::new(token).session_token(&ada.session_token),
    )
    .await
    .unwrap();
    assert!(again.member_authenticated);
    let (before, after) = (
        ada.member_session.as_ref().unwrap(),
        again.member_session.as_ref().unwrap(),
    );
    assert_eq!(after.member_session_id, before.member_session_id);
    assert_eq!(again.session_token, ada.session_token);
    assert!(env.fake.outbox().is_empty(), "no SMS for a session login");

    // Another member's session JWT does not log Ada in: the MFA step is due.
    send_link(&env, "ada@acme.test").await;
    let token = link_token(&env, "ada@acme.test", EmailKind::Login);
    let step = authenticate_link(
        &env,
        magic::AuthenticateRequest::new(token).session_jwt(&other.session_jwt),
    )
    .await
    .unwrap();
    assert!(!step.member_authenticated);
    assert_eq!(env.fake.outbox_of(&env.ada.member_id).len(), 1);
}

#[tokio::test]
async fn restricted_auth_methods_ask_for_another_primary_factor() {
    let env = env(MfaPolicy::Optional).await;
    env.fake
        .configure_organization(env.org_id(), |org| {
            org.auth_methods = "RESTRICTED".into();
            org.allowed_auth_methods = vec!["email_otp".into()];
        })
        .unwrap();
    send_link(&env, "grace@acme.test").await;
    let token = link_token(&env, "grace@acme.test", EmailKind::Login);
    let step = authenticate_link(&env, magic::AuthenticateRequest::new(token))
        .await
        .unwrap();
    assert!(!step.member_authenticated);
    assert!(step.member_session.is_none());
    let primary = step.primary_required.expect("primary_required");
    assert_eq!(primary.allowed_auth_methods, ["email_otp"]);

    // The allowed method, with the intermediate session, finishes the login.
    send_code(&env, "grace@acme.test").await.unwrap();
    let code = email_code(&env, "grace@acme.test", EmailKind::Otp);
    let authed = env
        .client
        .otps()
        .email()
        .authenticate(
            otp_email::AuthenticateRequest::new(env.org_id(), "grace@acme.test", code)
                .intermediate_session_token(&step.intermediate_session_token),
        )
        .await
        .unwrap();
    assert!(authed.member_authenticated);
    assert_eq!(
        factors(&authed.member_session),
        ["magic_link via email", "otp via email"]
    );
}

#[tokio::test]
async fn pkce_binds_a_link_to_its_verifier() {
    let env = env(MfaPolicy::Optional).await;
    env.client
        .magic_links()
        .email()
        .login_or_signup(
            magic_links_email::LoginOrSignupRequest::new(env.org_id(), "grace@acme.test")
                .pkce_code_challenge(PKCE_CHALLENGE),
        )
        .await
        .unwrap();
    let token = link_token(&env, "grace@acme.test", EmailKind::Login);
    let request = || magic::AuthenticateRequest::new(&token);
    expect_error(
        authenticate_link(&env, request()).await,
        400,
        "pkce_expected_code_verifier",
    );
    expect_error(
        authenticate_link(&env, request().pkce_code_verifier("not-the-verifier")).await,
        400,
        "pkce_mismatch",
    );
    // The refused tries did not spend the token.
    let authed = authenticate_link(&env, request().pkce_code_verifier(PKCE_VERIFIER))
        .await
        .unwrap();
    assert!(authed.member_authenticated);

    send_link(&env, "grace@acme.test").await;
    let plain = link_token(&env, "grace@acme.test", EmailKind::Login);
    expect_error(
        authenticate_link(
            &env,
            magic::AuthenticateRequest::new(plain).pkce_code_verifier(PKCE_VERIFIER),
        )
        .await,
        400,
        "pkce_did_not_expect_code_verifier",
    );

    // Discovery links too.
    let discovery = env.client.magic_links();
    discovery
        .email()
        .discovery()
        .send(
            magic_links_email_discovery::SendRequest::new("grace@acme.test")
                .pkce_code_challenge(PKCE_CHALLENGE),
        )
        .await
        .unwrap();
    let token = link_token(&env, "grace@acme.test", EmailKind::Discovery);
    let authenticate = |verifier: &str| {
        discovery.discovery().authenticate(
            magic_links_discovery::AuthenticateRequest::new(&token).pkce_code_verifier(verifier),
        )
    };
    expect_error(authenticate("wrong").await, 400, "pkce_mismatch");
    authenticate(PKCE_VERIFIER).await.unwrap();
}

#[tokio::test]
async fn email_codes_log_in_once_and_refuse_wrong_expired_and_reused_codes() {
    let env = env(MfaPolicy::Optional).await;
    let sent = send_code(&env, "grace@acme.test").await.unwrap();
    assert_eq!(sent.member_id, env.grace.member_id);
    assert!(!sent.member_created);
    let code = email_code(&env, "grace@acme.test", EmailKind::Otp);
    let email = last_email(&env, "grace@acme.test", EmailKind::Otp);
    assert_eq!(unix(&email.expires_at) - unix(&email.sent_at), 10 * 60);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    expect_error(
        authenticate_code(&env, "grace@acme.test", wrong).await,
        404,
        "otp_code_not_found",
    );
    expect_error(
        authenticate_code(&env, "grace@acme.test", "12ab").await,
        400,
        "invalid_code",
    );
    let authed = authenticate_code(&env, "GRACE@acme.test", &code)
        .await
        .unwrap();
    assert!(authed.member_authenticated);
    assert!(authed.method_id.starts_with("email-test-"));
    assert_eq!(factors(&authed.member_session), ["otp via email"]);
    assert!(!authed.session_jwt.is_empty());
    expect_error(
        authenticate_code(&env, "grace@acme.test", &code).await,
        401,
        "unable_to_auth_otp_code",
    );

    // Expired after ten minutes; a new code replaces the previous one.
    send_code(&env, "grace@acme.test").await.unwrap();
    let old = email_code(&env, "grace@acme.test", EmailKind::Otp);
    send_code(&env, "grace@acme.test").await.unwrap();
    let new = email_code(&env, "grace@acme.test", EmailKind::Otp);
    if old != new {
        expect_error(
            authenticate_code(&env, "grace@acme.test", &old).await,
            404,
            "otp_code_not_found",
        );
    }
    env.fake
        .advance_clock(Duration::from_secs(10 * 60))
        .unwrap();
    expect_error(
        authenticate_code(&env, "grace@acme.test", &new).await,
        401,
        "unable_to_auth_otp_code",
    );
    // Expirations outside 2 to 15 minutes are refused.
    expect_error(
        env.client
            .otps()
            .email()
            .login_or_signup(
                otp_email::LoginOrSignupRequest::new(env.org_id(), "grace@acme.test")
                    .login_expiration_minutes(16),
            )
            .await,
        400,
        "invalid_expiration",
    );
}

#[tokio::test]
async fn five_wrong_codes_spend_an_email_code() {
    let env = env(MfaPolicy::Optional).await;
    send_code(&env, "grace@acme.test").await.unwrap();
    let code = email_code(&env, "grace@acme.test", EmailKind::Otp);
    let wrong: Vec<String> = (0..5)
        .map(|i| format!("{:06}", (code.parse::<u32>().unwrap() + 1 + i) % 1_000_000))
        .collect();
    for attempt in &wrong {
        expect_error(
            authenticate_code(&env, "grace@acme.test", attempt).await,
            404,
            "otp_code_not_found",
        );
    }
    expect_error(
        authenticate_code(&env, "grace@acme.test", &code).await,
        401,
        "unable_to_auth_otp_code",
    );
}

/// Organizations for discovery: Acme (Ada active), Beta (Ada invited), Gamma (Ada's domain
/// may join just in time), Delta (neither).
async fn discovery_world(env: &Env) -> [String; 3] {
    let create = |name: &str, slug: &str| {
        env.fake
            .create_organization(NewOrganization::new(name, slug))
            .unwrap()
            .organization_id
    };
    let beta = create("Beta", "beta");
    let gamma = create("Gamma", "gamma");
    create("Delta", "delta");
    env.client
        .magic_links()
        .email()
        .invite(magic_links_email::InviteRequest::new(
            &beta,
            "ada@acme.test",
        ))
        .await
        .unwrap();
    env.fake
        .configure_organization(&gamma, |org| {
            org.email_jit_provisioning = "RESTRICTED".into();
            org.email_allowed_domains = vec!["acme.test".into()];
        })
        .unwrap();
    [env.org_id().to_owned(), beta, gamma]
}

/// The discovered organizations as (organization id, membership type), sorted.
fn discovered(
    found: &[stytch_b2b_otp_sms::discovery::DiscoveredOrganization],
) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = found
        .iter()
        .map(|d| {
            (
                d.organization.as_ref().unwrap().organization_id.clone(),
                d.membership.as_ref().unwrap().r#type.clone(),
            )
        })
        .collect();
    found.sort();
    found
}

fn expected_discovery(ids: &[String; 3]) -> Vec<(String, String)> {
    let mut expected = vec![
        (ids[0].clone(), "active_member".to_owned()),
        (ids[1].clone(), "invited_member".to_owned()),
        (
            ids[2].clone(),
            "eligible_to_join_by_email_domain".to_owned(),
        ),
    ];
    expected.sort();
    expected
}

#[tokio::test]
async fn discovery_magic_links_list_the_organizations_an_address_can_enter() {
    let env = env(MfaPolicy::Optional).await;
    let ids = discovery_world(&env).await;
    let links = env.client.magic_links();
    links
        .email()
        .discovery()
        .send(magic_links_email_discovery::SendRequest::new(
            "ada@acme.test",
        ))
        .await
        .unwrap();
    let email = last_email(&env, "ada@acme.test", EmailKind::Discovery);
    assert_eq!(email.organization_id, None);
    let token = link_token(&env, "ada@acme.test", EmailKind::Discovery);
    let found = links
        .discovery()
        .authenticate(magic_links_discovery::AuthenticateRequest::new(&token))
        .await
        .unwrap();
    assert!(!found.intermediate_session_token.is_empty());
    assert_eq!(found.email_address, "ada@acme.test");
    assert_eq!(
        discovered(&found.discovered_organizations),
        expected_discovery(&ids)
    );
    // Nothing changed in the directory, and the token is spent.
    assert_eq!(
        env.fake.member(&env.ada.member_id).unwrap().status,
        "active"
    );
    expect_error(
        links
            .discovery()
            .authenticate(magic_links_discovery::AuthenticateRequest::new(&token))
            .await,
        401,
        "unable_to_auth_magic_link",
    );
    // An organization login link is not a discovery link.
    send_link(&env, "ada@acme.test").await;
    let login = link_token(&env, "ada@acme.test", EmailKind::Login);
    expect_error(
        links
            .discovery()
            .authenticate(magic_links_discovery::AuthenticateRequest::new(login))
            .await,
        404,
        "magic_link_not_found",
    );
}

#[tokio::test]
async fn discovery_codes_list_the_organizations_an_address_can_enter() {
    let env = env(MfaPolicy::Optional).await;
    let ids = discovery_world(&env).await;
    let otps = env.client.otps().email().discovery();
    otps.send(otp_email_discovery::SendRequest::new("ada@acme.test"))
        .await
        .unwrap();
    let code = email_code(&env, "ada@acme.test", EmailKind::DiscoveryOtp);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    expect_error(
        otps.authenticate(otp_email_discovery::AuthenticateRequest::new(
            "ada@acme.test",
            wrong,
        ))
        .await,
        404,
        "otp_code_not_found",
    );
    let found = otps
        .authenticate(otp_email_discovery::AuthenticateRequest::new(
            "ada@acme.test",
            &code,
        ))
        .await
        .unwrap();
    assert!(!found.intermediate_session_token.is_empty());
    assert_eq!(
        discovered(&found.discovered_organizations),
        expected_discovery(&ids)
    );
    expect_error(
        otps.authenticate(otp_email_discovery::AuthenticateRequest::new(
            "ada@acme.test",
            &code,
        ))
        .await,
        401,
        "unable_to_auth_otp_code",
    );
    // An address with no organization still gets a discovery session, and no organizations.
    otps.send(otp_email_discovery::SendRequest::new("nobody@else.test"))
        .await
        .unwrap();
    let code = email_code(&env, "nobody@else.test", EmailKind::DiscoveryOtp);
    let found = otps
        .authenticate(otp_email_discovery::AuthenticateRequest::new(
            "nobody@else.test",
            code,
        ))
        .await
        .unwrap();
    assert!(found.discovered_organizations.is_empty());
}

#[tokio::test]
async fn a_deleted_member_cannot_log_in_and_their_address_is_free_again() {
    let env = env(MfaPolicy::Optional).await;
    send_link(&env, "grace@acme.test").await;
    let token = link_token(&env, "grace@acme.test", EmailKind::Login);
    send_code(&env, "grace@acme.test").await.unwrap();
    let code = email_code(&env, "grace@acme.test", EmailKind::Otp);
    env.client
        .organizations()
        .members()
        .delete(
            stytch_b2b_otp_sms::organizations_members::DeleteRequest::new(
                env.org_id(),
                &env.grace.member_id,
            ),
        )
        .await
        .unwrap();
    // Deleting a member may also revoke their links (Stytch revokes invites so): either
    // way the link is refused.
    let refused = authenticate_link(&env, magic::AuthenticateRequest::new(token))
        .await
        .unwrap_err();
    assert_eq!(refused.status(), Some(404), "{refused}");
    assert!(
        matches!(
            refused.error_type(),
            Some("member_not_found" | "magic_link_not_found")
        ),
        "{refused}"
    );
    expect_error(
        authenticate_code(&env, "grace@acme.test", &code).await,
        404,
        "member_not_found",
    );
    // The address is no member's now: a signup, where JIT provisioning allows it.
    expect_error(
        send_code(&env, "grace@acme.test").await,
        400,
        "email_jit_provisioning_not_allowed",
    );
    allow_jit(&env, &["acme.test"]);
    let again = send_link(&env, "grace@acme.test").await;
    assert!(again.member_created);
    assert_ne!(again.member_id, env.grace.member_id);
    last_email(&env, "grace@acme.test", EmailKind::Signup);
}

/// The blocking client runs the email code login against the fake.
#[test]
fn the_blocking_client_logs_in_with_an_email_code() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let env = rt.block_on(env(MfaPolicy::Optional));
    let blocking = Client::builder(env.fake.project_id(), env.fake.secret())
        .base_url(env.fake.base_url())
        .build_blocking()
        .unwrap();
    let otps = blocking.otps().email();
    otps.login_or_signup(otp_email::LoginOrSignupRequest::new(
        env.org_id(),
        "grace@acme.test",
    ))
    .unwrap();
    let code = email_code(&env, "grace@acme.test", EmailKind::Otp);
    let authed = otps
        .authenticate(otp_email::AuthenticateRequest::new(
            env.org_id(),
            "grace@acme.test",
            code,
        ))
        .unwrap();
    assert!(authed.member_authenticated);
    assert_eq!(authed.member_id, env.grace.member_id);
    drop(blocking);
    rt.block_on(env.fake.shutdown());
}
