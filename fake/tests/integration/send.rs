//! `send` through the SDK client: codes in the outbox, phone numbers, lookups, session
//! arguments, and the life of a code (wrong, replaced, expired, used).

use std::time::Duration;

use crate::support::*;

// Send

#[tokio::test]
async fn send_delivers_a_six_digit_code_to_the_outbox() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let sent = env
        .client
        .otps()
        .sms()
        .send(SendRequest::new(env.org_id(), &env.ada.member_id).locale("pt-br"))
        .await
        .unwrap();
    assert_eq!(sent.status_code, 200);
    assert!(sent.request_id.starts_with("request-id-test-"));
    assert_eq!(sent.member_id, env.ada.member_id);
    assert_eq!(sent.member.mfa_phone_number, ADA_PHONE);
    assert_eq!(sent.organization.organization_id, env.org.organization_id);

    let outbox = env.fake.outbox();
    assert_eq!(outbox.len(), 1);
    let sms: &SentSms = &outbox[0];
    assert_eq!(sms.organization_id, env.org.organization_id);
    assert_eq!(sms.member_id, env.ada.member_id);
    assert_eq!(sms.phone_number, ADA_PHONE);
    assert_eq!(sms.locale, "pt-br");
    assert_eq!(sms.code.len(), 6);
    assert!(sms.code.bytes().all(|b| b.is_ascii_digit()));
    assert!(
        (unix(&sms.sent_at) - fake_now(&env.fake)).abs() <= 5,
        "{}",
        sms.sent_at
    );
    assert_eq!(
        env.fake.last_code(&env.ada.member_id),
        Some(sms.code.clone())
    );

    // Without a locale the copy is English.
    env.send(&env.ada).await;
    assert_eq!(env.fake.outbox()[1].locale, "en");
}

#[tokio::test]
async fn responses_have_stytch_shapes() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let body = json!({"organization_id": env.org_id(), "member_id": env.ada.member_id}).to_string();
    let (status, first) = env.raw("POST", "/v1/b2b/otps/sms/send", &body).await;
    assert_eq!(status, 200, "{first}");
    let (_, second) = env.raw("POST", "/v1/b2b/otps/sms/send", &body).await;
    assert_ne!(first["request_id"], second["request_id"]);
    assert_eq!(first["status_code"], 200);

    let member = &first["member"];
    assert!(
        member["member_id"]
            .as_str()
            .unwrap()
            .starts_with("member-test-")
    );
    assert!(
        member["organization_id"]
            .as_str()
            .unwrap()
            .starts_with("organization-test-")
    );
    assert_eq!(member["status"], "active");
    assert_eq!(member["email_address"], "ada@acme.test");
    assert_eq!(member["name"], "Ada Lovelace");
    for list in [
        "sso_registrations",
        "oauth_registrations",
        "retired_email_addresses",
    ] {
        assert_eq!(member[list], json!([]), "member.{list}");
    }
    assert_eq!(member["roles"][0]["role_id"], "stytch_member");
    unix(member["created_at"].as_str().unwrap());

    let org = &first["organization"];
    assert_eq!(org["organization_slug"], "acme-corp");
    assert_eq!(org["organization_name"], "Acme Corp");
    assert_eq!(org["mfa_policy"], "REQUIRED_FOR_ALL");
    for list in [
        "sso_active_connections",
        "email_allowed_domains",
        "allowed_auth_methods",
        "allowed_mfa_methods",
        "custom_roles",
    ] {
        assert_eq!(org[list], json!([]), "organization.{list}");
    }

    // The ids the fake hands out have Stytch's uuid shape.
    let id = env.ada.member_id.strip_prefix("member-test-").unwrap();
    assert_eq!(id.len(), 36);
    assert_eq!(id.matches('-').count(), 4);
}

#[tokio::test]
async fn send_links_mfa_phone_number_to_a_member_without_phone() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let sms = env.client.otps().sms();
    let grace = SendRequest::new(env.org_id(), &env.grace.member_id);

    expect_error(
        sms.send(grace.clone()).await,
        400,
        "mfa_phone_number_required",
    );

    let sent = sms
        .send(grace.clone().mfa_phone_number("+447700900123"))
        .await
        .unwrap();
    assert_eq!(sent.member.mfa_phone_number, "+447700900123");
    assert!(!sent.member.mfa_phone_number_verified);
    assert_eq!(
        env.fake
            .member(&env.grace.member_id)
            .unwrap()
            .mfa_phone_number,
        "+447700900123"
    );
    assert_eq!(env.fake.outbox()[0].phone_number, "+447700900123");

    // Now the number is hers: the same one, or none, is fine; another one is not.
    sms.send(grace.clone().mfa_phone_number("+447700900123"))
        .await
        .unwrap();
    sms.send(grace.clone()).await.unwrap();
    expect_error(
        sms.send(grace.mfa_phone_number("+15555550199")).await,
        400,
        "mfa_phone_number_mismatch",
    );
    let ada = SendRequest::new(env.org_id(), &env.ada.member_id);
    sms.send(ada.clone().mfa_phone_number(ADA_PHONE))
        .await
        .unwrap();
    expect_error(
        sms.send(ada.mfa_phone_number("+15555550101")).await,
        400,
        "mfa_phone_number_mismatch",
    );
    assert_eq!(env.fake.outbox().len(), 4);
}

#[tokio::test]
async fn send_rejects_phone_numbers_not_in_e164() {
    let env = env(MfaPolicy::RequiredForAll).await;
    for bad in [
        "5555550123",
        "+05555550123",
        "+1",
        "+1234567890123456",
        "+1 555 555 0123",
        "+1-555-555-0123",
        "+1555abc0123",
        "tel:+15555550123",
    ] {
        let request = SendRequest::new(env.org_id(), &env.grace.member_id).mfa_phone_number(bad);
        expect_error(
            env.client.otps().sms().send(request).await,
            400,
            "invalid_phone_number",
        );
    }
    assert!(env.fake.outbox().is_empty());
    assert_eq!(
        env.fake
            .member(&env.grace.member_id)
            .unwrap()
            .mfa_phone_number,
        ""
    );
}

#[tokio::test]
async fn organizations_and_members_are_found_by_id_slug_or_external_id() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let sms = env.client.otps().sms();
    for org_key in [env.org_id(), "acme-corp", "acme-ext"] {
        for member_key in [env.ada.member_id.as_str(), "ada-ext"] {
            let sent = sms
                .send(SendRequest::new(org_key, member_key))
                .await
                .unwrap();
            assert_eq!(sent.member_id, env.ada.member_id);
            assert_eq!(sent.organization.organization_id, env.org.organization_id);
        }
    }
    // Authenticate accepts them too.
    let ist = env.ist(&env.ada);
    let code = env.fake.last_code(&env.ada.member_id).unwrap();
    let authed = env
        .authenticate(
            AuthenticateRequest::new("acme-corp", "ada-ext", code).intermediate_session_token(ist),
        )
        .await
        .unwrap();
    assert_eq!(authed.member_id, env.ada.member_id);
    assert!(
        env.fake
            .outbox()
            .iter()
            .all(|s| s.member_id == env.ada.member_id)
    );
}

#[tokio::test]
async fn unknown_organization_or_member_is_not_found() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let other = env
        .fake
        .create_organization(NewOrganization::new("Other", "other"))
        .unwrap();
    let stranger = env
        .fake
        .create_member(
            &other.organization_id,
            NewMember::new("s@other.test").phone_number("+15555550111"),
        )
        .unwrap();
    let sms = env.client.otps().sms();
    let cases = [
        (
            "organization-test-00000000-0000-4000-8000-000000000000",
            env.ada.member_id.as_str(),
            "organization_not_found",
        ),
        (
            env.org_id(),
            "member-test-00000000-0000-4000-8000-000000000000",
            "member_not_found",
        ),
        // A member of another organization is not a member of this one.
        (
            env.org_id(),
            stranger.member_id.as_str(),
            "member_not_found",
        ),
    ];
    for (org, member, error_type) in cases {
        expect_error(
            sms.send(SendRequest::new(org, member)).await,
            404,
            error_type,
        );
        let ist = env.ist(&env.ada);
        expect_error(
            sms.authenticate(
                AuthenticateRequest::new(org, member, "123456").intermediate_session_token(ist),
            )
            .await,
            404,
            error_type,
        );
    }
    // Empty ids: the SDK refuses them before sending (`Error::Argument`); a client that sends
    // them anyway gets the fake's 404.
    let empty = [
        ("", env.ada.member_id.as_str(), "organization_not_found"),
        (env.org_id(), "", "member_not_found"),
    ];
    for (org, member, error_type) in empty {
        let refused = sms.send(SendRequest::new(org, member)).await;
        assert!(matches!(refused, Err(Error::Argument(_))), "{refused:?}");
        let body = json!({"organization_id": org, "member_id": member}).to_string();
        let answer = env.raw("POST", "/v1/b2b/otps/sms/send", &body).await;
        expect_error_body(&answer, 404, error_type);
    }
    assert!(env.fake.outbox().is_empty());
}

#[tokio::test]
async fn send_checks_session_arguments_when_given() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let sms = env.client.otps().sms();
    let send = || SendRequest::new(env.org_id(), &env.ada.member_id);

    // A valid intermediate session is accepted and not consumed by send.
    let ist = env.ist(&env.ada);
    sms.send(send().intermediate_session_token(&ist))
        .await
        .unwrap();
    let code = env.fake.last_code(&env.ada.member_id).unwrap();
    let authed = env
        .authenticate(env.auth(&env.ada, &code).intermediate_session_token(&ist))
        .await
        .unwrap();
    // So are the member's own session token and JWT.
    sms.send(send().session_token(&authed.session_token))
        .await
        .unwrap();
    sms.send(send().session_jwt(&authed.session_jwt))
        .await
        .unwrap();

    expect_error(
        sms.send(send().intermediate_session_token("no-such-token"))
            .await,
        404,
        "intermediate_session_not_found",
    );
    expect_error(
        sms.send(send().session_token("no-such-token")).await,
        404,
        "session_not_found",
    );
    expect_error(
        sms.send(send().session_jwt("a.b.c")).await,
        401,
        "invalid_session_jwt",
    );
    expect_error(
        sms.send(send().intermediate_session_token(env.ist(&env.grace)))
            .await,
        400,
        "session_member_mismatch",
    );
    expect_error(
        sms.send(
            SendRequest::new(env.org_id(), &env.grace.member_id)
                .session_token(&authed.session_token)
                .mfa_phone_number("+15555550177"),
        )
        .await,
        400,
        "session_member_mismatch",
    );
    expect_error(
        sms.send(
            send()
                .intermediate_session_token(env.ist(&env.ada))
                .session_token(&authed.session_token),
        )
        .await,
        400,
        "too_many_session_arguments",
    );
    assert_eq!(env.fake.outbox().len(), 3);
}

// Codes

#[tokio::test]
async fn wrong_or_foreign_codes_are_not_found_and_do_not_consume_anything() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let ist = env.ist(&env.ada);
    // No code sent yet.
    expect_error(
        env.authenticate(
            env.auth(&env.ada, "123456")
                .intermediate_session_token(&ist),
        )
        .await,
        404,
        "otp_code_not_found",
    );
    let code = env.send(&env.ada).await;
    let wrong = if code == "000000" { "000001" } else { "000000" };
    expect_error(
        env.authenticate(env.auth(&env.ada, wrong).intermediate_session_token(&ist))
            .await,
        404,
        "otp_code_not_found",
    );
    // Ada's code does not authenticate Grace.
    let grace =
        SendRequest::new(env.org_id(), &env.grace.member_id).mfa_phone_number("+15555550142");
    env.client.otps().sms().send(grace).await.unwrap();
    let grace_code = env.fake.last_code(&env.grace.member_id).unwrap();
    if grace_code != code {
        expect_error(
            env.authenticate(
                env.auth(&env.grace, &code)
                    .intermediate_session_token(env.ist(&env.grace)),
            )
            .await,
            404,
            "otp_code_not_found",
        );
    }
    // The failures consumed neither the code nor the intermediate session.
    let authed = env
        .authenticate(env.auth(&env.ada, &code).intermediate_session_token(&ist))
        .await
        .unwrap();
    assert_eq!(authed.member_id, env.ada.member_id);
}

#[tokio::test]
async fn a_new_code_invalidates_the_previous_one() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let ist = env.ist(&env.ada);
    let mut first = env.send(&env.ada).await;
    let mut second = env.send(&env.ada).await;
    // Two random codes may collide (1 in a million); draw again until they differ.
    while first == second {
        first = second;
        second = env.send(&env.ada).await;
    }
    expect_error(
        env.authenticate(env.auth(&env.ada, &first).intermediate_session_token(&ist))
            .await,
        404,
        "otp_code_not_found",
    );
    env.authenticate(env.auth(&env.ada, &second).intermediate_session_token(&ist))
        .await
        .unwrap();
}

#[tokio::test]
async fn codes_expire_after_two_minutes_on_the_fake_clock() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let code = env.send_mfa(&env.ada).await;
    env.fake.advance_clock(Duration::from_secs(100)).unwrap();
    env.authenticate(
        env.auth(&env.ada, &code)
            .intermediate_session_token(env.ist(&env.ada)),
    )
    .await
    .expect("a code is still valid 100 s after sending");

    let code = env.send_mfa(&env.ada).await;
    env.fake.advance_clock(Duration::from_secs(121)).unwrap();
    let ist = env.ist(&env.ada);
    expect_error(
        env.authenticate(env.auth(&env.ada, &code).intermediate_session_token(&ist))
            .await,
        404,
        "otp_code_not_found",
    );
    // Still expired on a second try (and the intermediate session survived the failures).
    expect_error(
        env.authenticate(env.auth(&env.ada, &code).intermediate_session_token(&ist))
            .await,
        404,
        "otp_code_not_found",
    );
    let code = env.send_mfa(&env.ada).await;
    env.authenticate(env.auth(&env.ada, &code).intermediate_session_token(&ist))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_code_cannot_be_used_twice() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let code = env.send(&env.ada).await;
    let authed = env
        .authenticate(
            env.auth(&env.ada, &code)
                .intermediate_session_token(env.ist(&env.ada)),
        )
        .await
        .unwrap();
    expect_error(
        env.authenticate(
            env.auth(&env.ada, &code)
                .intermediate_session_token(env.ist(&env.ada)),
        )
        .await,
        404,
        "otp_code_not_found",
    );
    expect_error(
        env.authenticate(
            env.auth(&env.ada, &code)
                .session_token(&authed.session_token),
        )
        .await,
        404,
        "otp_code_not_found",
    );
}
