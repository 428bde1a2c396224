//! `authenticate` through the SDK client: session arguments, sessions created and extended,
//! custom claims, MFA enrollment.

use std::time::Duration;

use crate::support::*;

// Session arguments

#[tokio::test]
async fn authenticate_needs_exactly_one_session_argument() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let authed = env.login(&env.ada).await;
    let code = env.send_mfa(&env.ada).await;
    let auth = || env.auth(&env.ada, &code);

    expect_error(env.authenticate(auth()).await, 400, "no_session_arguments");
    expect_error(
        env.authenticate(auth().intermediate_session_token(""))
            .await,
        400,
        "no_session_arguments",
    );
    expect_error(
        env.authenticate(
            auth()
                .intermediate_session_token(env.ist(&env.ada))
                .session_token(&authed.session_token),
        )
        .await,
        400,
        "too_many_session_arguments",
    );
    expect_error(
        env.authenticate(
            auth()
                .session_token(&authed.session_token)
                .session_jwt(&authed.session_jwt),
        )
        .await,
        400,
        "too_many_session_arguments",
    );
    expect_error(
        env.authenticate(
            auth()
                .intermediate_session_token(env.ist(&env.ada))
                .session_token(&authed.session_token)
                .session_jwt(&authed.session_jwt),
        )
        .await,
        400,
        "too_many_session_arguments",
    );
    // None of that used the code up.
    env.authenticate(auth().session_token(&authed.session_token))
        .await
        .unwrap();
}

#[tokio::test]
async fn unknown_used_expired_or_foreign_sessions_are_rejected() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let ada_session = env.login(&env.ada).await;
    let code = env.send_mfa(&env.ada).await;
    let auth = || env.auth(&env.ada, &code);

    expect_error(
        env.authenticate(auth().intermediate_session_token("no-such-token"))
            .await,
        404,
        "intermediate_session_not_found",
    );
    expect_error(
        env.authenticate(auth().session_token("no-such-token"))
            .await,
        404,
        "session_not_found",
    );
    // A JWT is checked before its session is looked up: "x.y.z" is no JWT at all.
    expect_error(
        env.authenticate(auth().session_jwt("x.y.z")).await,
        401,
        "invalid_session_jwt",
    );

    // Grace's intermediate session or session cannot complete Ada's MFA.
    expect_error(
        env.authenticate(auth().intermediate_session_token(env.ist(&env.grace)))
            .await,
        400,
        "session_member_mismatch",
    );
    let grace =
        SendRequest::new(env.org_id(), &env.grace.member_id).mfa_phone_number("+15555550142");
    env.client.otps().sms().send(grace).await.unwrap();
    let grace_code = env.fake.last_code(&env.grace.member_id).unwrap();
    let grace_session = env
        .authenticate(
            env.auth(&env.grace, &grace_code)
                .intermediate_session_token(env.ist(&env.grace)),
        )
        .await
        .unwrap();
    expect_error(
        env.authenticate(auth().session_token(&grace_session.session_token))
            .await,
        400,
        "session_member_mismatch",
    );

    // An intermediate session is consumed by a successful authentication.
    let ist = env.ist(&env.ada);
    env.authenticate(auth().intermediate_session_token(&ist))
        .await
        .unwrap();
    let code = env.send_mfa(&env.ada).await;
    expect_error(
        env.authenticate(env.auth(&env.ada, &code).intermediate_session_token(&ist))
            .await,
        404,
        "intermediate_session_not_found",
    );

    // Intermediate sessions live 10 minutes, sessions as long as asked.
    let ist = env.ist(&env.ada);
    env.fake
        .advance_clock(Duration::from_secs(11 * 60))
        .unwrap();
    let code = env.send_mfa(&env.ada).await;
    expect_error(
        env.authenticate(env.auth(&env.ada, &code).intermediate_session_token(&ist))
            .await,
        404,
        "intermediate_session_not_found",
    );
    env.fake
        .advance_clock(Duration::from_secs(60 * 60))
        .unwrap();
    let code = env.send_mfa(&env.ada).await;
    expect_error(
        env.authenticate(
            env.auth(&env.ada, &code)
                .session_token(&ada_session.session_token),
        )
        .await,
        404,
        "session_not_found",
    );
    // Its JWT expired long before the session did.
    expect_error(
        env.authenticate(
            env.auth(&env.ada, &code)
                .session_jwt(&ada_session.session_jwt),
        )
        .await,
        401,
        "session_jwt_expired",
    );
}

// Sessions

#[tokio::test]
async fn an_intermediate_session_becomes_a_member_session() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let authed = env.login(&env.ada).await;
    assert_eq!(authed.status_code, 200);
    assert!(authed.request_id.starts_with("request-id-test-"));
    assert_eq!(authed.member_id, env.ada.member_id);
    assert_eq!(authed.organization.organization_id, env.org.organization_id);
    assert!(authed.session_token.len() >= 32);

    let session = authed.member_session.as_ref().expect("member_session");
    assert!(
        session
            .member_session_id
            .starts_with("member-session-test-")
    );
    assert_eq!(session.member_id, env.ada.member_id);
    assert_eq!(session.organization_id, env.org.organization_id);
    assert_eq!(session.organization_slug, "acme-corp");
    assert_eq!(session.roles, ["stytch_member"]);
    assert_eq!(session.started_at, session.last_accessed_at);
    // Default duration: 60 minutes.
    assert_eq!(unix(&session.expires_at) - unix(&session.started_at), 3600);
    assert!((unix(&session.started_at) - fake_now(&env.fake)).abs() <= 5);

    // The primary (email) factor from the intermediate session, then the SMS factor.
    let factors = &session.authentication_factors;
    assert_eq!(factors.len(), 2, "{factors:?}");
    assert_eq!(factors[0].r#type.as_str(), "magic_link");
    let sms = &factors[1];
    assert_eq!(sms.r#type.as_str(), "otp");
    assert_eq!(sms.delivery_method.as_str(), "sms");
    let phone = sms
        .phone_number_factor
        .as_ref()
        .expect("phone_number_factor");
    assert_eq!(phone.phone_number, ADA_PHONE);
    assert!(phone.phone_id.starts_with("phone-number-test-"));
    for at in [&sms.created_at, &sms.updated_at, &sms.last_authenticated_at] {
        unix(at.as_deref().expect("factor timestamp"));
    }

    assert!(authed.member.mfa_phone_number_verified);
    assert_eq!(env.fake.member(&env.ada.member_id).unwrap(), authed.member);
}

#[tokio::test]
async fn session_tokens_and_jwts_extend_their_session() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let ist = env.ist(&env.ada);
    let code = env.send_mfa(&env.ada).await;
    let first = env
        .authenticate(
            env.auth(&env.ada, &code)
                .intermediate_session_token(ist)
                .session_duration_minutes(30),
        )
        .await
        .unwrap();
    let s1 = first.member_session.clone().unwrap();
    assert_eq!(unix(&s1.expires_at) - unix(&s1.started_at), 30 * 60);

    env.fake
        .advance_clock(Duration::from_secs(10 * 60))
        .unwrap();
    let code = env.send_mfa(&env.ada).await;
    let second = env
        .authenticate(
            env.auth(&env.ada, &code)
                .session_token(&first.session_token)
                .session_duration_minutes(120),
        )
        .await
        .unwrap();
    let s2 = second.member_session.clone().unwrap();
    assert_eq!(s2.member_session_id, s1.member_session_id);
    assert_eq!(second.session_token, first.session_token);
    assert_ne!(second.session_jwt, first.session_jwt);
    assert_eq!(s2.started_at, s1.started_at);
    assert!(unix(&s2.last_accessed_at) >= unix(&s1.last_accessed_at) + 600);
    assert_eq!(unix(&s2.expires_at) - unix(&s2.last_accessed_at), 120 * 60);
    // The SMS factor is refreshed, not duplicated.
    assert_eq!(s2.authentication_factors.len(), 2);

    let code = env.send_mfa(&env.ada).await;
    let third = env
        .authenticate(env.auth(&env.ada, &code).session_jwt(&second.session_jwt))
        .await
        .unwrap();
    let s3 = third.member_session.unwrap();
    assert_eq!(s3.member_session_id, s1.member_session_id);
    assert_eq!(unix(&s3.expires_at) - unix(&s3.last_accessed_at), 60 * 60);
    // A JWT lives five minutes, however long its session: the first one, minted more than
    // ten minutes ago on the fake clock, is refused; its session token still works.
    let code = env.send_mfa(&env.ada).await;
    expect_error(
        env.authenticate(env.auth(&env.ada, &code).session_jwt(&first.session_jwt))
            .await,
        401,
        "session_jwt_expired",
    );
    env.authenticate(
        env.auth(&env.ada, &code)
            .session_token(&first.session_token),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn session_duration_must_be_between_5_and_527040_minutes() {
    let env = env(MfaPolicy::RequiredForAll).await;
    for bad in [-1, 0, 4, 527_041, i32::MAX] {
        let code = env.send_mfa(&env.ada).await;
        expect_error(
            env.authenticate(
                env.auth(&env.ada, &code)
                    .intermediate_session_token(env.ist(&env.ada))
                    .session_duration_minutes(bad),
            )
            .await,
            400,
            "invalid_session_duration_minutes",
        );
    }
    for ok in [5, 527_040] {
        let code = env.send_mfa(&env.ada).await;
        let session = env
            .authenticate(
                env.auth(&env.ada, &code)
                    .intermediate_session_token(env.ist(&env.ada))
                    .session_duration_minutes(ok),
            )
            .await
            .unwrap()
            .member_session
            .unwrap();
        assert_eq!(
            unix(&session.expires_at) - unix(&session.started_at),
            i64::from(ok) * 60
        );
    }
}

#[tokio::test]
async fn custom_claims_are_merged_filtered_and_limited() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let code = env.send_mfa(&env.ada).await;
    let first = env
        .authenticate(
            env.auth(&env.ada, &code)
                .intermediate_session_token(env.ist(&env.ada))
                .session_custom_claims(claims(json!({
                    "team": "blue",
                    "plan": {"tier": "pro"},
                    "iss": "evil", "sub": "evil", "aud": "evil", "exp": 1, "nbf": 1, "iat": 1, "jti": "x",
                }))),
        )
        .await
        .unwrap();
    let session = first.member_session.as_ref().unwrap();
    assert_eq!(
        Value::Object(session.custom_claims.clone()),
        json!({"team": "blue", "plan": {"tier": "pro"}})
    );

    // The JWT carries the member, the session and the claims; reserved claims are Stytch's.
    let payload = jwt_payload(&first.session_jwt);
    assert_eq!(payload["sub"], env.ada.member_id);
    assert_eq!(payload["team"], "blue");
    assert_eq!(
        payload["https://stytch.com/session"]["id"],
        session.member_session_id
    );
    let iat = payload["iat"].as_i64().unwrap();
    assert_eq!(payload["exp"].as_i64().unwrap() - iat, 300);
    assert!((iat - unix(&session.started_at)).abs() <= 1);
    assert_eq!(payload["aud"], json!([env.fake.project_id()]));

    // Extending: a new value updates, null deletes, other keys stay.
    let code = env.send_mfa(&env.ada).await;
    let second = env
        .authenticate(
            env.auth(&env.ada, &code)
                .session_token(&first.session_token)
                .session_custom_claims(claims(
                    json!({"team": null, "region": "eu", "plan": {"tier": "max"}}),
                )),
        )
        .await
        .unwrap();
    assert_eq!(
        Value::Object(second.member_session.unwrap().custom_claims),
        json!({"plan": {"tier": "max"}, "region": "eu"})
    );
    let payload = jwt_payload(&second.session_jwt);
    assert_eq!(payload["region"], "eu");
    assert!(payload.get("team").is_none());

    // Over 4 KB of claims is refused, and the refusal consumes nothing.
    let code = env.send_mfa(&env.ada).await;
    let ist = env.ist(&env.ada);
    let big = claims(json!({"blob": "x".repeat(4100)}));
    expect_error(
        env.authenticate(
            env.auth(&env.ada, &code)
                .intermediate_session_token(&ist)
                .session_custom_claims(big),
        )
        .await,
        400,
        "session_custom_claims_too_large",
    );
    env.authenticate(env.auth(&env.ada, &code).intermediate_session_token(&ist))
        .await
        .unwrap();
}

// MFA enrollment

#[tokio::test]
async fn required_for_all_enrolls_the_member() {
    let env = env(MfaPolicy::RequiredForAll).await;
    assert!(!env.ada.mfa_enrolled);
    let ist = env.ist(&env.ada);
    let code = env.send_mfa(&env.ada).await;
    // set_mfa_enrollment is ignored under REQUIRED_FOR_ALL.
    let authed = env
        .authenticate(
            env.auth(&env.ada, &code)
                .intermediate_session_token(ist)
                .set_mfa_enrollment("unenroll"),
        )
        .await
        .unwrap();
    assert!(authed.member.mfa_enrolled);
    assert!(authed.member.mfa_phone_number_verified);
    assert_eq!(authed.member.default_mfa_method, "");
    assert!(env.fake.member(&env.ada.member_id).unwrap().mfa_enrolled);
}

#[tokio::test]
async fn optional_policy_toggles_enrollment_and_default_method() {
    let env = env(MfaPolicy::Optional).await;
    let first = env.login(&env.ada).await;
    assert!(
        !first.member.mfa_enrolled,
        "unchanged without set_mfa_enrollment"
    );

    let step = |enrollment: Option<&'static str>, default_mfa: bool| {
        let env = &env;
        let token = first.session_token.clone();
        async move {
            let code = env.send_mfa(&env.ada).await;
            let mut request = env.auth(&env.ada, &code).session_token(token);
            if let Some(e) = enrollment {
                request = request.set_mfa_enrollment(e);
            }
            if default_mfa {
                request = request.set_default_mfa(true);
            }
            env.authenticate(request).await
        }
    };
    assert!(
        step(Some("enroll"), false)
            .await
            .unwrap()
            .member
            .mfa_enrolled
    );
    assert!(step(None, false).await.unwrap().member.mfa_enrolled);
    let member = step(Some("unenroll"), true).await.unwrap().member;
    assert!(!member.mfa_enrolled);
    assert_eq!(member.default_mfa_method, "sms_otp");
    assert_eq!(
        env.fake
            .member(&env.ada.member_id)
            .unwrap()
            .default_mfa_method,
        "sms_otp"
    );
    expect_error(
        step(Some("sometimes"), false).await,
        400,
        "invalid_set_mfa_enrollment",
    );
    expect_error(
        step(Some("ENROLL"), false).await,
        400,
        "invalid_set_mfa_enrollment",
    );
}

// Wrong codes

/// A six-digit code other than `code`.
fn other_than(code: &str) -> &'static str {
    if code == "000000" { "000001" } else { "000000" }
}

#[tokio::test]
async fn the_fifth_wrong_code_invalidates_the_sms_code() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let ist = env.ist(&env.ada);
    let auth = |code: &str| env.auth(&env.ada, code).intermediate_session_token(&ist);

    // Four wrong codes leave the code good.
    let code = env.send_mfa(&env.ada).await;
    for _ in 0..4 {
        expect_error(
            env.authenticate(auth(other_than(&code))).await,
            404,
            "otp_code_not_found",
        );
    }
    let authed = env.authenticate(auth(&code)).await.unwrap();
    assert!(authed.member_session.is_some());

    // The fifth invalidates it: the right code is refused afterwards.
    let ist = env.ist(&env.ada);
    let auth = |code: &str| env.auth(&env.ada, code).intermediate_session_token(&ist);
    let code = env.send_mfa(&env.ada).await;
    for _ in 0..5 {
        expect_error(
            env.authenticate(auth(other_than(&code))).await,
            404,
            "otp_code_not_found",
        );
    }
    expect_error(
        env.authenticate(auth(&code)).await,
        404,
        "otp_code_not_found",
    );
    // A new code starts a new count, and the intermediate session survived.
    let code = env.send_mfa(&env.ada).await;
    expect_error(
        env.authenticate(auth(other_than(&code))).await,
        404,
        "otp_code_not_found",
    );
    env.authenticate(auth(&code)).await.unwrap();
}

#[tokio::test]
async fn a_request_refused_for_its_arguments_counts_no_wrong_code() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let code = env.send_mfa(&env.ada).await;
    let wrong = || env.auth(&env.ada, other_than(&code));
    for _ in 0..5 {
        expect_error(
            env.authenticate(wrong().session_token("no-such-session"))
                .await,
            404,
            "session_not_found",
        );
        expect_error(
            env.authenticate(
                wrong()
                    .intermediate_session_token(env.ist(&env.ada))
                    .session_duration_minutes(1),
            )
            .await,
            400,
            "invalid_session_duration_minutes",
        );
    }
    env.authenticate(
        env.auth(&env.ada, &code)
            .intermediate_session_token(env.ist(&env.ada)),
    )
    .await
    .unwrap();
}
