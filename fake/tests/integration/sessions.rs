//! `sessions.authenticate` and `sessions.revoke` as the fake serves them, through the SDK's
//! generated client, and local verification of the JWTs they issue.

use std::time::Duration;

use crate::support::*;
use stytch_b2b_otp_sms::sessions::{
    AuthenticateJwtLocalRequest, AuthenticateJwtResponse,
    AuthenticateRequest as SessionsAuthenticate, RevokeRequest,
};
use stytch_b2b_otp_sms_fake::{ROTATION_GRACE, TEST_SIGNING_KEY_ID};

#[tokio::test]
async fn a_session_token_authenticates_and_extends_its_session() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let login = env.login(&env.ada).await;
    let before = login.member_session.clone().unwrap();
    env.fake.advance_clock(Duration::from_secs(120)).unwrap();
    let mut claims = serde_json::Map::new();
    claims.insert("plan".into(), json!("enterprise"));
    let authed = env
        .client
        .sessions()
        .authenticate(
            SessionsAuthenticate::new()
                .session_token(&login.session_token)
                .session_duration_minutes(600)
                .session_custom_claims(claims),
        )
        .await
        .unwrap();
    assert_eq!(
        authed.member_session.member_session_id,
        before.member_session_id
    );
    assert_eq!(authed.member.member_id, env.ada.member_id);
    assert_eq!(authed.organization.organization_id, env.org.organization_id);
    assert_eq!(authed.session_token, login.session_token);
    assert!(unix(&authed.member_session.expires_at) > unix(&before.expires_at));
    assert_eq!(
        unix(&authed.member_session.expires_at),
        fake_now(&env.fake) + 600 * 60
    );
    assert_eq!(authed.member_session.custom_claims["plan"], "enterprise");
    // The fresh JWT verifies locally and carries the merged claims.
    let local = env
        .client
        .sessions()
        .authenticate_jwt_local(
            AuthenticateJwtLocalRequest::new(&authed.session_jwt).current_time(env.fake.now()),
        )
        .await
        .unwrap();
    assert_eq!(local.custom_claims["plan"], "enterprise");
    assert_eq!(
        local.member_session.expires_at,
        authed.member_session.expires_at
    );
}

#[tokio::test]
async fn an_expired_jwt_of_a_live_session_authenticates_remotely_but_not_locally() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let login = env.login(&env.ada).await;
    env.fake.advance_clock(Duration::from_secs(6 * 60)).unwrap();
    let local = env
        .client
        .sessions()
        .authenticate_jwt_local(
            AuthenticateJwtLocalRequest::new(&login.session_jwt).current_time(env.fake.now()),
        )
        .await;
    assert_eq!(local.unwrap_err().error_type(), Some("session_jwt_expired"));
    let remote = env
        .client
        .sessions()
        .authenticate(SessionsAuthenticate::new().session_jwt(&login.session_jwt))
        .await
        .unwrap();
    assert_eq!(
        remote.member_session.member_session_id,
        login.member_session.unwrap().member_session_id
    );
    assert_ne!(remote.session_jwt, login.session_jwt);

    // authenticate_jwt does both: refused locally as expired, so the fake is asked.
    let answer = env
        .client
        .sessions()
        .authenticate_jwt(
            AuthenticateJwtLocalRequest::new(&login.session_jwt).current_time(env.fake.now()),
        )
        .await
        .unwrap();
    let AuthenticateJwtResponse::Remote(answer) = answer else {
        panic!("expected the API's answer: {answer:?}")
    };
    assert_eq!(answer.member.member_id, env.ada.member_id);
    // Its fresh JWT verifies locally.
    let again = env
        .client
        .sessions()
        .authenticate_jwt(
            AuthenticateJwtLocalRequest::new(&answer.session_jwt).current_time(env.fake.now()),
        )
        .await
        .unwrap();
    assert!(again.is_local());
}

#[tokio::test]
async fn revoked_sessions_no_longer_authenticate() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let first = env.login(&env.ada).await;
    let second = env.login(&env.ada).await;
    let sessions = env.client.sessions();
    sessions
        .revoke(RevokeRequest::new().session_jwt(&first.session_jwt))
        .await
        .unwrap();
    expect_error(
        sessions
            .authenticate(SessionsAuthenticate::new().session_token(&first.session_token))
            .await,
        404,
        "session_not_found",
    );
    // The other session lives until its member's sessions are all revoked.
    sessions
        .authenticate(SessionsAuthenticate::new().session_token(&second.session_token))
        .await
        .unwrap();
    sessions
        .revoke(RevokeRequest::new().member_id(&env.ada.member_id))
        .await
        .unwrap();
    expect_error(
        sessions
            .authenticate(SessionsAuthenticate::new().session_token(&second.session_token))
            .await,
        404,
        "session_not_found",
    );
}

#[tokio::test]
async fn session_arguments_are_checked() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let login = env.login(&env.ada).await;
    let sessions = env.client.sessions();
    expect_error(
        sessions.authenticate(SessionsAuthenticate::new()).await,
        400,
        "no_session_arguments",
    );
    expect_error(
        sessions
            .authenticate(
                SessionsAuthenticate::new()
                    .session_token(&login.session_token)
                    .session_jwt(&login.session_jwt),
            )
            .await,
        400,
        "too_many_session_arguments",
    );
    expect_error(
        sessions
            .authenticate(
                SessionsAuthenticate::new()
                    .session_token(&login.session_token)
                    .session_duration_minutes(1),
            )
            .await,
        400,
        "invalid_session_duration_minutes",
    );
    expect_error(
        sessions.revoke(RevokeRequest::new()).await,
        400,
        "invalid_revoke_arguments",
    );
    let mut forged = login.session_jwt.clone();
    forged.push('x');
    expect_error(
        sessions
            .authenticate(SessionsAuthenticate::new().session_jwt(forged))
            .await,
        401,
        "invalid_session_jwt",
    );
}

#[tokio::test]
async fn key_rotation_mid_run() {
    let env = env(MfaPolicy::RequiredForAll).await;
    // A client whose key cache refetches on any unknown kid (no cooldown), as a service
    // would see after the cooldown has passed.
    let client = stytch_b2b_otp_sms::Client::builder(env.fake.project_id(), env.fake.secret())
        .base_url(env.fake.base_url())
        .jwks_refresh(Duration::from_secs(300), Duration::ZERO)
        .build()
        .unwrap();
    let verify = |jwt: String| {
        let client = client.clone();
        let now = env.fake.now();
        async move {
            client
                .sessions()
                .authenticate_jwt_local(AuthenticateJwtLocalRequest::new(jwt).current_time(now))
                .await
        }
    };
    let before = env.login(&env.ada).await;
    verify(before.session_jwt.clone()).await.unwrap();

    let old_kid = TEST_SIGNING_KEY_ID;
    let new_kid = env.fake.rotate_signing_key().unwrap();
    assert_ne!(new_kid, old_kid);
    let kids: Vec<String> = env.fake.jwks()["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kids, [new_kid.clone(), old_kid.to_owned()]);

    // New JWTs carry the new kid: the client refetches and verifies them; the old JWT still
    // verifies (the old key is in its grace period), locally and at the fake.
    let after = env.login(&env.ada).await;
    let header: Value = serde_json::from_slice(&base64url_decode(
        after.session_jwt.split('.').next().unwrap(),
    ))
    .unwrap();
    assert_eq!(header["kid"], new_kid.as_str());
    verify(after.session_jwt.clone()).await.unwrap();
    verify(before.session_jwt.clone()).await.unwrap();
    env.client
        .sessions()
        .authenticate(SessionsAuthenticate::new().session_token(&before.session_token))
        .await
        .unwrap();

    // After the grace period the old key is gone from the JWKS.
    env.fake
        .advance_clock(ROTATION_GRACE + Duration::from_secs(1))
        .unwrap();
    let kids = env.fake.jwks()["keys"].as_array().unwrap().len();
    assert_eq!(kids, 1);

    // The control route does the same.
    let (status, body) = env.raw("POST", "/__fake/signing_key/rotate", "").await;
    assert_eq!(status, 200, "{body}");
    assert_ne!(body["kid"], new_kid.as_str());
}
