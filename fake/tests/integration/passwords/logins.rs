//! Authenticating with a password: after a reset link, wrong passwords, user locks, MFA.

use super::*;

#[tokio::test]
async fn the_reset_link_sets_a_password_that_then_logs_in() {
    let env = env(MfaPolicy::Optional).await;
    let (ada, email) = (&env.ada, env.ada.email_address.as_str());
    expect_error(
        authenticate(&env, email, STRONG).await,
        401,
        "unauthorized_credentials",
    );

    let started = env
        .client
        .passwords()
        .email()
        .reset_start(
            ResetStartRequest::new(env.org_id(), email)
                .reset_password_redirect_url("https://app.test/reset"),
        )
        .await
        .unwrap();
    assert_eq!(started.member_id, ada.member_id);
    assert!(!started.member_email_id.is_empty());
    let sent = env.fake.last_email(email).unwrap();
    assert!(
        sent.url
            .as_deref()
            .unwrap()
            .starts_with("https://app.test/reset?")
    );
    let token = emailed_token(
        &env,
        email,
        EmailKind::PasswordReset,
        "multi_tenant_passwords",
    );

    // A weak password is refused before the token is spent.
    let reset = |pw: &str| {
        env.client
            .passwords()
            .email()
            .reset(ResetRequest::new(&token, pw))
    };
    expect_error(reset("password1").await, 400, "weak_password");
    let done = reset(STRONG).await.unwrap();
    assert!(
        done.member_authenticated && !done.session_token.is_empty() && !done.session_jwt.is_empty()
    );
    assert_eq!(done.member_email_id, started.member_email_id);
    assert!(!done.member.member_password_id.is_empty());
    assert!(done.member.email_address_verified);
    let kinds = factor_kinds(&done.member_session);
    assert!(
        kinds.contains(&("magic_link".into(), "email".into())),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("password".into(), "knowledge".into())),
        "{kinds:?}"
    );
    // Good once.
    expect_error(
        reset(STRONGER).await,
        404,
        "unable_to_auth_password_reset_token",
    );
}

#[tokio::test]
async fn a_password_logs_in_by_organization_id_or_slug() {
    let env = env(MfaPolicy::Optional).await;
    let (ada, email) = (&env.ada, env.ada.email_address.as_str());
    set_password(&env, ada, STRONG).await;
    let login = authenticate(&env, email, STRONG).await.unwrap();
    assert!(login.member_authenticated && !login.session_jwt.is_empty());
    assert_eq!(login.member_id, ada.member_id);
    assert_eq!(
        factor_kinds(&login.member_session),
        vec![("password".into(), "knowledge".into())]
    );
    let payload = jwt_payload(&login.session_jwt);
    assert_eq!(payload["sub"], ada.member_id.as_str());

    // The organization's slug works as its id; the email in any case.
    let by_slug = env
        .client
        .passwords()
        .authenticate(PasswordAuth::new("acme-corp", email.to_uppercase(), STRONG))
        .await
        .unwrap();
    assert_eq!(by_slug.member_id, ada.member_id);

    // Within a session: the password factor joins it, no new session.
    let again = env
        .client
        .passwords()
        .authenticate(auth(&env, email, STRONG).session_token(&login.session_token))
        .await
        .unwrap();
    assert_eq!(again.session_token, login.session_token);
    // Another member's session is refused.
    set_password(&env, &env.grace, STRONGER).await;
    expect_error(
        env.client
            .passwords()
            .authenticate(
                auth(&env, &env.grace.email_address, STRONGER).session_token(&login.session_token),
            )
            .await,
        400,
        "session_member_mismatch",
    );
}

#[tokio::test]
async fn wrong_passwords_fail_alike_and_ten_in_a_row_lock_for_an_hour() {
    let env = env(MfaPolicy::Optional).await;
    let email = env.ada.email_address.clone();
    set_password(&env, &env.ada, STRONG).await;
    // Unknown email, member without a password, wrong password: one answer.
    expect_error(
        authenticate(&env, "nobody@acme.test", STRONG).await,
        401,
        "unauthorized_credentials",
    );
    expect_error(
        authenticate(&env, &env.grace.email_address, STRONG).await,
        401,
        "unauthorized_credentials",
    );
    expect_error(
        env.client
            .passwords()
            .authenticate(PasswordAuth::new("no-such-org", &email, STRONG))
            .await,
        404,
        "organization_not_found",
    );

    // A success clears the count.
    for _ in 0..9 {
        expect_error(
            authenticate(&env, &email, "wrong").await,
            401,
            "unauthorized_credentials",
        );
    }
    authenticate(&env, &email, STRONG).await.unwrap();
    for _ in 0..9 {
        expect_error(
            authenticate(&env, &email, "wrong").await,
            401,
            "unauthorized_credentials",
        );
    }
    assert!(!env.fake.member(&env.ada.member_id).unwrap().is_locked);
    // The tenth consecutive failure locks; then even the right password is refused.
    expect_error(
        authenticate(&env, &email, "wrong").await,
        401,
        "unauthorized_credentials",
    );
    let locked = env.fake.member(&env.ada.member_id).unwrap();
    assert!(
        locked.is_locked && locked.lock_expires_at.is_some(),
        "{locked:?}"
    );
    let no_retry = env.client.with_retry_policy(RetryPolicy::disabled());
    expect_error(
        no_retry
            .passwords()
            .authenticate(auth(&env, &email, STRONG))
            .await,
        429,
        "user_lock_limit_reached",
    );
    env.fake
        .advance_clock(Duration::from_secs(59 * 60))
        .unwrap();
    expect_error(
        no_retry
            .passwords()
            .authenticate(auth(&env, &email, STRONG))
            .await,
        429,
        "user_lock_limit_reached",
    );
    env.fake.advance_clock(Duration::from_secs(2 * 60)).unwrap();
    let login = authenticate(&env, &email, STRONG).await.unwrap();
    assert!(!login.member.is_locked && login.member.lock_expires_at.is_none());
}

#[tokio::test]
async fn mfa_organizations_answer_an_intermediate_session_after_the_password() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let email = env.ada.email_address.clone();
    env.fake
        .create_member(env.org_id(), NewMember::new("mia@acme.test"))
        .unwrap();
    let migrated = env
        .client
        .passwords()
        .migrate(MigrateRequest::new(
            &email,
            pwhash::bcrypt::hash(STRONG).unwrap(),
            HashType::Bcrypt,
            env.org_id(),
        ))
        .await
        .unwrap();
    assert!(!migrated.member_created);
    let before = env.fake.outbox().len();
    let pending = authenticate(&env, &email, STRONG).await.unwrap();
    assert!(!pending.member_authenticated && !pending.intermediate_session_token.is_empty());
    assert!(pending.session_token.is_empty() && pending.session_jwt.is_empty());
    assert!(pending.mfa_required.is_some());
    assert_eq!(
        env.fake.outbox().len(),
        before + 1,
        "the SMS is sent on the spot"
    );
    let code = env.fake.last_code(&env.ada.member_id).unwrap();
    let done = env
        .authenticate(
            env.auth(&env.ada, &code)
                .intermediate_session_token(&pending.intermediate_session_token),
        )
        .await
        .unwrap();
    let kinds: Vec<String> = done
        .member_session
        .unwrap()
        .authentication_factors
        .iter()
        .map(|f| f.r#type.as_str().to_owned())
        .collect();
    assert!(kinds.contains(&"password".to_owned()), "{kinds:?}");
}
