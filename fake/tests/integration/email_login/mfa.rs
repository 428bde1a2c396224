//! What a proven email factor leads to: the MFA step (with its automatic SMS), a login into
//! a session already held, and another primary factor when auth methods are restricted.

use super::*;

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
        ["magic_link via email", "email_otp via email"]
    );
}

#[tokio::test]
async fn a_rate_limited_automatic_sms_leaves_the_login_waiting_for_a_code() {
    let env = env(MfaPolicy::RequiredForAll).await;
    env.fake
        .set_rate_limits(
            RateLimits::none().per_member(RateLimit::new(1, std::time::Duration::from_secs(60))),
        )
        .unwrap();
    let mut initiated = Vec::new();
    for _ in 0..2 {
        send_link(&env, "ada@acme.test").await;
        let token = link_token(&env, "ada@acme.test", EmailKind::Login);
        let step = authenticate_link(&env, magic::AuthenticateRequest::new(token))
            .await
            .unwrap();
        assert!(!step.intermediate_session_token.is_empty());
        initiated.push(step.mfa_required.unwrap().secondary_auth_initiated);
    }
    // The first login texted Ada; the second is over her limit, so it texts nothing and
    // still answers its intermediate session (not a 429).
    assert_eq!(initiated, [Some("sms_otp".to_owned()), None]);
    assert_eq!(env.fake.outbox_of(&env.ada.member_id).len(), 1);
}

#[tokio::test]
async fn the_sms_step_needs_the_primary_requirement_met_and_sms_allowed() {
    let env = env(MfaPolicy::Optional).await;
    // A magic link is not among the organization's auth methods: its intermediate session
    // cannot be finished by an SMS code.
    env.fake
        .configure_organization(env.org_id(), |org| {
            org.auth_methods = "RESTRICTED".into();
            org.allowed_auth_methods = vec!["sso".into()];
        })
        .unwrap();
    let ist = env.ist(&env.ada);
    expect_error(
        env.client
            .otps()
            .sms()
            .send(
                SendRequest::new(env.org_id(), &env.ada.member_id).intermediate_session_token(&ist),
            )
            .await,
        400,
        "action_available_only_once_primary_authentication_is_met",
    );
    // An organization whose MFA methods are TOTP only refuses SMS.
    env.fake
        .configure_organization(env.org_id(), |org| {
            org.auth_methods = "ALL_ALLOWED".into();
            org.mfa_methods = "RESTRICTED".into();
            org.allowed_mfa_methods = vec!["totp".into()];
        })
        .unwrap();
    let ist = env.ist(&env.ada);
    expect_error(
        env.client
            .otps()
            .sms()
            .send(
                SendRequest::new(env.org_id(), &env.ada.member_id).intermediate_session_token(&ist),
            )
            .await,
        403,
        "operation_restricted_by_organization_mfa_methods",
    );
    assert!(env.fake.outbox().is_empty());
}
