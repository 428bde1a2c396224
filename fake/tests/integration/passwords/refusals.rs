//! A reset refused for one of its other arguments spends nothing (the link stays good, the
//! password unchanged), and a pending password login answers the intermediate session
//! token it joined.

use stytch_b2b_otp_sms::magic;
use stytch_b2b_otp_sms::magic_links_email::LoginOrSignupRequest;

use super::*;

#[tokio::test]
async fn an_emailed_reset_refused_for_another_argument_changes_nothing() {
    let env = env(MfaPolicy::Optional).await;
    let email = env.ada.email_address.clone();
    set_password(&env, &env.ada, STRONG).await;
    let session = authenticate(&env, &email, STRONG).await.unwrap();
    let token = start_email_reset(&env, &email).await;
    let request = || ResetRequest::new(&token, STRONGER);
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
            request()
                .session_token(&session.session_token)
                .intermediate_session_token(env.ist(&env.ada)),
            400,
            "too_many_session_arguments",
        ),
        (
            request().session_duration_minutes(1),
            400,
            "invalid_session_duration_minutes",
        ),
    ];
    for (refused, status, error_type) in refusals {
        expect_error(
            env.client.passwords().email().reset(refused).await,
            status,
            error_type,
        );
    }
    // Nothing changed: the old password and Ada's session live, and the link still works.
    authenticate(&env, &email, STRONG).await.unwrap();
    assert!(session_alive(&env, &session.session_token).await);
    env.client
        .passwords()
        .email()
        .reset(request())
        .await
        .unwrap();
    authenticate(&env, &email, STRONGER).await.unwrap();
}

#[tokio::test]
async fn existing_and_session_resets_refused_for_their_session_options_keep_the_password() {
    let env = env(MfaPolicy::Optional).await;
    let email = env.ada.email_address.clone();
    set_password(&env, &env.ada, STRONG).await;
    expect_error(
        env.client
            .passwords()
            .existing_password()
            .reset(
                ExistingReset::new(&email, STRONG, STRONGER, env.org_id())
                    .session_duration_minutes(1),
            )
            .await,
        400,
        "invalid_session_duration_minutes",
    );
    let current = authenticate(&env, &email, STRONG).await.unwrap();
    expect_error(
        env.client
            .passwords()
            .session()
            .reset(
                SessionReset::new(env.org_id(), STRONGER)
                    .session_token(&current.session_token)
                    .session_duration_minutes(600_000),
            )
            .await,
        400,
        "invalid_session_duration_minutes",
    );
    // The password is the old one; both resets then go through.
    authenticate(&env, &email, STRONG).await.unwrap();
    expect_error(
        authenticate(&env, &email, STRONGER).await,
        401,
        "unauthorized_credentials",
    );
    env.client
        .passwords()
        .existing_password()
        .reset(ExistingReset::new(&email, STRONG, STRONGER, env.org_id()))
        .await
        .unwrap();
    authenticate(&env, &email, STRONGER).await.unwrap();
}

#[tokio::test]
async fn a_discovery_reset_refused_for_its_verifier_is_not_spent() {
    let env = env(MfaPolicy::Optional).await;
    let email = env.ada.email_address.clone();
    let verifier = "a-code-verifier-of-enough-length-0123456789";
    let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
    let discovery = env.client.passwords().discovery();
    discovery
        .email()
        .reset_start(
            DiscoveryResetStart::new(&email).pkce_code_challenge(base64url_encode(digest.as_ref())),
        )
        .await
        .unwrap();
    let token = emailed_token(&env, &email, EmailKind::DiscoveryPasswordReset, "discovery");
    let reset = |v: &str| {
        discovery
            .email()
            .reset(DiscoveryReset::new(&token, STRONG).pkce_code_verifier(v))
    };
    expect_error(reset("another-verifier").await, 400, "pkce_mismatch");
    expect_error(
        authenticate(&env, &email, STRONG).await,
        401,
        "unauthorized_credentials",
    );
    reset(verifier).await.unwrap();
    authenticate(&env, &email, STRONG).await.unwrap();
}

#[tokio::test]
async fn a_pending_password_login_answers_the_intermediate_session_token_it_joined() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let email = env.ada.email_address.clone();
    set_password(&env, &env.ada, STRONG).await;
    env.client
        .magic_links()
        .email()
        .login_or_signup(LoginOrSignupRequest::new(env.org_id(), &email))
        .await
        .unwrap();
    let link = env.fake.last_email(&email).and_then(|e| e.token).unwrap();
    let first = env
        .client
        .magic_links()
        .authenticate(magic::AuthenticateRequest::new(link))
        .await
        .unwrap();
    let ist = first.intermediate_session_token;

    let second = env
        .client
        .passwords()
        .authenticate(auth(&env, &email, STRONG).intermediate_session_token(&ist))
        .await
        .unwrap();
    assert!(!second.member_authenticated && second.mfa_required.is_some());
    assert_eq!(second.intermediate_session_token, ist);

    // An emailed reset joining it answers it too.
    let token = start_email_reset(&env, &email).await;
    let third = env
        .client
        .passwords()
        .email()
        .reset(ResetRequest::new(token, STRONGER).intermediate_session_token(&ist))
        .await
        .unwrap();
    assert!(!third.member_authenticated);
    assert_eq!(third.intermediate_session_token, ist);

    let code = env.fake.last_code(&env.ada.member_id).unwrap();
    let done = env
        .authenticate(env.auth(&env.ada, &code).intermediate_session_token(&ist))
        .await
        .unwrap();
    let kinds = factor_kinds(&done.member_session);
    for kind in [
        ("magic_link", "email"),
        ("password", "knowledge"),
        ("otp", "sms"),
    ] {
        assert!(
            kinds.contains(&(kind.0.to_owned(), kind.1.to_owned())),
            "{kinds:?}"
        );
    }
}
