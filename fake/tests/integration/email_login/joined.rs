//! A login's other arguments: a link or code refused for its session arguments is not spent,
//! and a login that joins an intermediate session and still waits for a factor answers that
//! same token.

use stytch_b2b_otp_sms::sessions::RevokeRequest;

use super::*;

#[tokio::test]
async fn a_magic_link_refused_for_another_argument_is_not_spent() {
    let env = env(MfaPolicy::Optional).await;
    // A session of Ada's that was revoked: its JWT still has a good signature.
    let revoked = env.login(&env.ada).await;
    env.client
        .sessions()
        .revoke(RevokeRequest::new().session_token(&revoked.session_token))
        .await
        .unwrap();
    let live = env.login(&env.ada).await;
    send_link(&env, "ada@acme.test").await;
    let token = link_token(&env, "ada@acme.test", EmailKind::Login);
    let request = || magic::AuthenticateRequest::new(&token);
    let refusals = [
        (
            request().intermediate_session_token("no-such-token"),
            404,
            "intermediate_session_not_found",
        ),
        (
            request().intermediate_session_token(env.ist(&env.grace)),
            400,
            "session_member_mismatch",
        ),
        (
            request().session_token("no-such-session"),
            404,
            "session_not_found",
        ),
        (
            request().session_jwt(&revoked.session_jwt),
            404,
            "session_not_found",
        ),
        (
            request()
                .session_token(&live.session_token)
                .session_custom_claims(big_claims()),
            400,
            "session_custom_claims_too_large",
        ),
    ];
    for (refused, status, error_type) in refusals {
        expect_error(authenticate_link(&env, refused).await, status, error_type);
    }
    // An intermediate session past its ten minutes, and a JWT past its five: the link
    // (an hour) still lives.
    let ist = env.ist(&env.ada);
    env.fake
        .advance_clock(Duration::from_secs(11 * 60))
        .unwrap();
    expect_error(
        authenticate_link(&env, request().intermediate_session_token(&ist)).await,
        404,
        "intermediate_session_not_found",
    );
    expect_error(
        authenticate_link(&env, request().session_jwt(&live.session_jwt)).await,
        401,
        "session_jwt_expired",
    );

    // None of them spent the link.
    let authed = authenticate_link(&env, request()).await.unwrap();
    assert!(authed.member_authenticated);
    expect_error(
        authenticate_link(&env, request()).await,
        401,
        "unable_to_auth_magic_link",
    );
}

#[tokio::test]
async fn an_email_code_refused_for_another_argument_is_not_spent_nor_counted() {
    let env = env(MfaPolicy::Optional).await;
    send_code(&env, "grace@acme.test").await.unwrap();
    let code = email_code(&env, "grace@acme.test", EmailKind::Otp);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let request =
        |code: &str| otp_email::AuthenticateRequest::new(env.org_id(), "grace@acme.test", code);
    let authenticate = |request| env.client.otps().email().authenticate(request);
    expect_error(
        authenticate(request(&code).intermediate_session_token("no-such-token")).await,
        404,
        "intermediate_session_not_found",
    );
    expect_error(
        authenticate(request(&code).intermediate_session_token(env.ist(&env.ada))).await,
        400,
        "session_member_mismatch",
    );
    expect_error(
        authenticate(request(&code).session_token("no-such-session")).await,
        404,
        "session_not_found",
    );
    // Five wrong codes would spend it, but a request refused for its session argument
    // counts no attempt.
    for _ in 0..5 {
        expect_error(
            authenticate(request(wrong).intermediate_session_token("no-such-token")).await,
            404,
            "intermediate_session_not_found",
        );
    }
    let authed = authenticate(request(&code)).await.unwrap();
    assert!(authed.member_authenticated);
    expect_error(
        authenticate(request(&code)).await,
        401,
        "unable_to_auth_otp_code",
    );
}

#[tokio::test]
async fn a_pending_login_answers_the_intermediate_session_token_it_joined() {
    let env = env(MfaPolicy::RequiredForAll).await;
    send_link(&env, "grace@acme.test").await;
    let token = link_token(&env, "grace@acme.test", EmailKind::Login);
    let first = authenticate_link(&env, magic::AuthenticateRequest::new(token))
        .await
        .unwrap();
    assert!(!first.member_authenticated);
    let ist = first.intermediate_session_token;

    // A second primary factor with that token: MFA is still due, and the answer is the
    // same token, which now carries both factors.
    send_code(&env, "grace@acme.test").await.unwrap();
    let code = email_code(&env, "grace@acme.test", EmailKind::Otp);
    let second = env
        .client
        .otps()
        .email()
        .authenticate(
            otp_email::AuthenticateRequest::new(env.org_id(), "grace@acme.test", code)
                .intermediate_session_token(&ist),
        )
        .await
        .unwrap();
    assert!(!second.member_authenticated);
    assert!(second.mfa_required.is_some());
    assert_eq!(second.intermediate_session_token, ist);

    // The SMS step finishes the login with it, and consumes it.
    let sms = env
        .send_as(
            &env.grace,
            env.send_request(&env.grace)
                .mfa_phone_number("+15555550142")
                .intermediate_session_token(&ist),
        )
        .await;
    let done = env
        .authenticate(env.auth(&env.grace, &sms).intermediate_session_token(&ist))
        .await
        .unwrap();
    assert_eq!(
        factors(&done.member_session),
        ["magic_link via email", "email_otp via email", "otp via sms"]
    );
    expect_error(
        env.authenticate(env.auth(&env.grace, &sms).intermediate_session_token(&ist))
            .await,
        404,
        "intermediate_session_not_found",
    );
}

#[tokio::test]
async fn a_discovery_session_joined_by_a_pending_login_comes_back_as_the_same_token() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let ist = env
        .fake
        .mint_discovery_intermediate_session_token("grace@acme.test")
        .unwrap();
    send_link(&env, "grace@acme.test").await;
    let token = link_token(&env, "grace@acme.test", EmailKind::Login);
    let pending = authenticate_link(
        &env,
        magic::AuthenticateRequest::new(token).intermediate_session_token(&ist),
    )
    .await
    .unwrap();
    assert!(!pending.member_authenticated);
    assert_eq!(pending.intermediate_session_token, ist);
    // It now carries Grace's login in this organization: her SMS step completes it.
    let sms = env
        .send_as(
            &env.grace,
            env.send_request(&env.grace)
                .mfa_phone_number("+15555550142")
                .intermediate_session_token(&ist),
        )
        .await;
    let done = env
        .authenticate(env.auth(&env.grace, &sms).intermediate_session_token(&ist))
        .await
        .unwrap();
    assert!(factors(&done.member_session).contains(&"otp via sms".to_owned()));
}

/// Custom claims over Stytch's four kilobytes.
fn big_claims() -> serde_json::Map<String, Value> {
    let mut claims = serde_json::Map::new();
    claims.insert("big".into(), json!("x".repeat(5000)));
    claims
}
