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
        ["magic_link via email", "otp via email"]
    );
}
