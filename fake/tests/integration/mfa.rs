//! The seed's MFA rule: "If the Member already has an active MFA factor, then passing an
//! intermediate session token, session token, or session JWT with the existing MFA factor on
//! it is required to prevent bypassing MFA."

use crate::support::*;

/// Asserts that texting `member` without a session argument is refused, and nothing is sent.
async fn refused_without_session(env: &Env, member: &Member, phone: Option<&str>) {
    let before = env.fake.outbox().len();
    let mut request = SendRequest::new(env.org_id(), &member.member_id);
    if let Some(phone) = phone {
        request = request.mfa_phone_number(phone);
    }
    expect_error(
        env.client.otps().sms().send(request).await,
        400,
        "session_required_for_mfa",
    );
    assert_eq!(env.fake.outbox().len(), before, "nothing was texted");
}

#[tokio::test]
async fn a_verified_phone_needs_a_session_argument_of_that_member() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let linus = env
        .fake
        .create_member(
            env.org_id(),
            NewMember::new("linus@acme.test").verified_phone_number("+15555550142"),
        )
        .unwrap();
    assert!(linus.mfa_phone_number_verified);
    refused_without_session(&env, &linus, None).await;
    refused_without_session(&env, &linus, Some("+15555550142")).await;

    // Another member's intermediate session does not unlock it.
    expect_error(
        env.client
            .otps()
            .sms()
            .send(
                SendRequest::new(env.org_id(), &linus.member_id)
                    .intermediate_session_token(env.ist(&env.grace)),
            )
            .await,
        400,
        "session_member_mismatch",
    );
    // Their own does, and so do their session token and JWT.
    let authed = env.login(&linus).await;
    let sms = env.client.otps().sms();
    sms.send(SendRequest::new(env.org_id(), &linus.member_id).session_token(&authed.session_token))
        .await
        .unwrap();
    sms.send(SendRequest::new(env.org_id(), &linus.member_id).session_jwt(&authed.session_jwt))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_totp_registration_is_an_active_factor_too() {
    let env = env(MfaPolicy::Optional).await;
    let margaret = env
        .fake
        .create_member(
            env.org_id(),
            NewMember::new("margaret@acme.test").totp_registered(),
        )
        .unwrap();
    assert!(
        margaret
            .totp_registration_id
            .starts_with("member-totp-test-")
    );
    // No phone yet, and passing one does not get around the rule.
    refused_without_session(&env, &margaret, Some("+15555550143")).await;
    // Nor does an intermediate session: it carries no second factor, and linking a phone of
    // its choosing would replace Margaret's TOTP ("a session with the existing MFA factor on
    // it is required to prevent bypassing MFA").
    expect_error(
        env.client
            .otps()
            .sms()
            .send(
                SendRequest::new(env.org_id(), &margaret.member_id)
                    .mfa_phone_number("+15555550143")
                    .intermediate_session_token(env.ist(&margaret)),
            )
            .await,
        401,
        "insufficient_factors",
    );
    assert!(env.fake.outbox().is_empty());
}

#[tokio::test]
async fn the_first_sms_login_verifies_the_phone_and_closes_the_bypass() {
    let env = env(MfaPolicy::RequiredForAll).await;
    // Ada's phone is not verified yet: a send without a session is allowed (enrollment).
    assert!(!env.ada.mfa_phone_number_verified);
    env.send(&env.ada).await;
    let authed = env.login(&env.ada).await;
    assert!(authed.member.mfa_phone_number_verified);
    // From now on, texting Ada without a session would let anyone bypass her MFA.
    refused_without_session(&env, &env.ada, None).await;
    // An expired session does not count.
    env.fake
        .advance_clock(std::time::Duration::from_secs(61 * 60))
        .unwrap();
    expect_error(
        env.client
            .otps()
            .sms()
            .send(
                SendRequest::new(env.org_id(), &env.ada.member_id)
                    .session_token(&authed.session_token),
            )
            .await,
        404,
        "session_not_found",
    );
}
