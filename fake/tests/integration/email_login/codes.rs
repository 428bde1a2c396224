//! Email one-time passcodes into an organization, and the blocking client.

use super::*;

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
    assert_eq!(factors(&authed.member_session), ["email_otp via email"]);
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
