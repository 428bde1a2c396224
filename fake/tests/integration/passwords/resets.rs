//! Reset links (expiry, PKCE), required resets, and resets in a session or with the
//! existing password.

use super::*;

#[tokio::test]
async fn reset_links_expire_and_check_pkce() {
    let env = env(MfaPolicy::Optional).await;
    let email = env.grace.email_address.clone();
    let client = &env.client;
    let start = |r: ResetStartRequest| client.passwords().email().reset_start(r);
    expect_error(
        start(ResetStartRequest::new(env.org_id(), "nobody@acme.test")).await,
        404,
        "member_not_found",
    );
    expect_error(
        start(ResetStartRequest::new(env.org_id(), &email).reset_password_expiration_minutes(4))
            .await,
        400,
        "invalid_expiration_minutes",
    );

    // Expired after its 30 minutes.
    start(ResetStartRequest::new(env.org_id(), &email))
        .await
        .unwrap();
    let token = emailed_token(
        &env,
        &email,
        EmailKind::PasswordReset,
        "multi_tenant_passwords",
    );
    env.fake
        .advance_clock(Duration::from_secs(31 * 60))
        .unwrap();
    expect_error(
        env.client
            .passwords()
            .email()
            .reset(ResetRequest::new(&token, STRONG))
            .await,
        404,
        "unable_to_auth_password_reset_token",
    );

    // PKCE: the verifier whose SHA-256 is the challenge.
    let verifier = "a-code-verifier-of-enough-length-0123456789";
    let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
    let challenge = base64url_encode(digest.as_ref());
    start(ResetStartRequest::new(env.org_id(), &email).code_challenge(challenge))
        .await
        .unwrap();
    let token = emailed_token(
        &env,
        &email,
        EmailKind::PasswordReset,
        "multi_tenant_passwords",
    );
    let reset = |v: Option<&str>| {
        let mut r = ResetRequest::new(&token, STRONG);
        if let Some(v) = v {
            r = r.code_verifier(v);
        }
        env.client.passwords().email().reset(r)
    };
    expect_error(reset(None).await, 400, "pkce_expected_code_verifier");
    expect_error(reset(Some("another-verifier")).await, 400, "pkce_mismatch");
    reset(Some(verifier)).await.unwrap();
}

#[tokio::test]
async fn require_reset_refuses_the_password_until_a_reset() {
    let env = env(MfaPolicy::Optional).await;
    let email = env.ada.email_address.clone();
    set_password(&env, &env.ada, STRONG).await;
    expect_error(
        env.client
            .passwords()
            .email()
            .require_reset(RequireResetRequest::new("nobody@acme.test"))
            .await,
        404,
        "member_not_found",
    );
    let flagged = env
        .client
        .passwords()
        .email()
        .require_reset(RequireResetRequest::new(&email).organization_id(env.org_id()))
        .await
        .unwrap();
    assert_eq!(
        flagged.member_id.as_deref(),
        Some(env.ada.member_id.as_str())
    );
    assert_eq!(flagged.organization.unwrap().organization_id, env.org_id());
    expect_error(
        authenticate(&env, &email, STRONG).await,
        401,
        "member_reset_password",
    );
    expect_error(
        authenticate(&env, &email, "wrong").await,
        401,
        "unauthorized_credentials",
    );
    set_password(&env, &env.ada, STRONGER).await;
    authenticate(&env, &email, STRONGER).await.unwrap();
    expect_error(
        authenticate(&env, &email, STRONG).await,
        401,
        "unauthorized_credentials",
    );
}

#[tokio::test]
async fn session_reset_needs_a_recent_factor_and_keeps_only_its_session() {
    let env = env(MfaPolicy::Optional).await;
    let email = env.ada.email_address.clone();
    set_password(&env, &env.ada, STRONG).await;
    let other = authenticate(&env, &email, STRONG).await.unwrap();
    let current = authenticate(&env, &email, STRONG).await.unwrap();
    let reset = |pw: &str, token: &str| {
        env.client
            .passwords()
            .session()
            .reset(SessionReset::new(env.org_id(), pw).session_token(token))
    };
    expect_error(
        reset(STRONGER, "no-such-session").await,
        404,
        "session_not_found",
    );
    expect_error(
        reset("qwerty123", &current.session_token).await,
        400,
        "weak_password",
    );
    let done = reset(STRONGER, &current.session_token).await.unwrap();
    assert!(done.member_authenticated && !done.session_jwt.is_empty());
    assert_eq!(done.session_token, current.session_token);
    assert!(session_alive(&env, &current.session_token).await);
    assert!(
        !session_alive(&env, &other.session_token).await,
        "other sessions are revoked"
    );
    expect_error(
        authenticate(&env, &email, STRONG).await,
        401,
        "unauthorized_credentials",
    );
    authenticate(&env, &email, STRONGER).await.unwrap();

    // By JWT too; after five minutes without a new factor, refused.
    let fresh = authenticate(&env, &email, STRONGER).await.unwrap();
    env.fake.advance_clock(Duration::from_secs(6 * 60)).unwrap();
    expect_error(
        reset(STRONG, &fresh.session_token).await,
        400,
        "session_too_old_to_reset_password",
    );
    let renewed = authenticate(&env, &email, STRONGER).await.unwrap();
    env.client
        .passwords()
        .session()
        .reset(SessionReset::new(env.org_id(), STRONG).session_jwt(&renewed.session_jwt))
        .await
        .unwrap();
    authenticate(&env, &email, STRONG).await.unwrap();
}

#[tokio::test]
async fn existing_password_reset_checks_the_old_password() {
    let env = env(MfaPolicy::Optional).await;
    let email = env.ada.email_address.clone();
    set_password(&env, &env.ada, STRONG).await;
    let earlier = authenticate(&env, &email, STRONG).await.unwrap();
    let reset = |old: &str, new: &str| {
        env.client
            .passwords()
            .existing_password()
            .reset(ExistingReset::new(&email, old, new, env.org_id()))
    };
    expect_error(
        reset("wrong", STRONGER).await,
        401,
        "unauthorized_credentials",
    );
    expect_error(
        reset(STRONG, STRONG).await,
        400,
        "cannot_reset_password_with_existing_password",
    );
    expect_error(reset(STRONG, "letmein").await, 400, "weak_password");
    let done = reset(STRONG, STRONGER).await.unwrap();
    assert!(
        done.member_authenticated && !done.session_token.is_empty() && !done.session_jwt.is_empty()
    );
    assert!(
        !session_alive(&env, &earlier.session_token).await,
        "earlier sessions are revoked"
    );
    assert!(session_alive(&env, &done.session_token).await);
    expect_error(
        authenticate(&env, &email, STRONG).await,
        401,
        "unauthorized_credentials",
    );
    authenticate(&env, &email, STRONGER).await.unwrap();
}

#[tokio::test]
async fn an_emailed_reset_in_a_session_keeps_only_that_session() {
    let env = env(MfaPolicy::Optional).await;
    let email = env.ada.email_address.clone();
    set_password(&env, &env.grace, STRONGER).await;
    let graces = authenticate(&env, &env.grace.email_address, STRONGER)
        .await
        .unwrap();
    let first = set_password(&env, &env.ada, STRONG).await;
    let second = authenticate(&env, &email, STRONG).await.unwrap();

    let token = start_email_reset(&env, &email).await;
    let reset = |session: &str| {
        env.client
            .passwords()
            .email()
            .reset(ResetRequest::new(&token, STRONGER).session_token(session))
    };
    // Another member's session is refused, and nothing changes: the link still works.
    expect_error(
        reset(&graces.session_token).await,
        400,
        "session_member_mismatch",
    );
    authenticate(&env, &email, STRONG).await.unwrap();
    let done = reset(&second.session_token).await.unwrap();
    assert_eq!(done.session_token, second.session_token);
    assert!(session_alive(&env, &second.session_token).await);
    assert!(!session_alive(&env, &first.session_token).await);
    assert!(session_alive(&env, &graces.session_token).await);
    authenticate(&env, &email, STRONGER).await.unwrap();
}
