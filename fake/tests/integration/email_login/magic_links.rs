//! Magic links into an organization: one-time tokens, their expiry, redirect URLs and PKCE.

use super::*;

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
