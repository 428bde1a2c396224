//! Fidelity of the fake, judged by Stytch's official crate (`stytch` 11): its client is
//! pointed at the fake and decodes every answer in its strict types (required fields
//! present, no `null` lists), success and error bodies alike.
//!
//! ```sh
//! cargo test -p stytch-b2b-otp-sms-compare --test fake_fidelity
//! ```

use std::time::Duration;

use stytch::b2b::otp_sms::{AuthenticateRequest, SendRequest};
use stytch::b2b::sessions::GetJWKSRequest;
use stytch_b2b_otp_sms_fake::{
    FakeStytch, Fault, MfaPolicy, NewMember, NewOrganization, RateLimit, RateLimits,
};

fn official(fake: &FakeStytch, secret: &str) -> stytch::b2b::client::Client {
    stytch_b2b_otp_sms_compare::official_client(&fake.base_url(), fake.project_id(), secret)
}

/// Asserts that the official client decoded Stytch's error body with this status and type.
#[track_caller]
fn official_error<T: std::fmt::Debug>(result: stytch::Result<T>, status: u16, error_type: &str) {
    match result {
        Err(stytch::Error::Response(e)) => {
            assert_eq!(e.status_code.as_u16(), status, "{e:?}");
            assert_eq!(e.error_type, error_type, "{e:?}");
            assert!(e.request_id.starts_with("request-id-test-"), "{e:?}");
            assert!(e.error_url.starts_with("https://stytch.com/docs/"), "{e:?}");
            assert!(!e.error_message.is_empty());
        }
        other => panic!("expected Stytch's {status} {error_type}, got {other:?}"),
    }
}

#[tokio::test]
async fn the_official_client_decodes_every_answer_of_the_fake() {
    let fake = FakeStytch::start().await.unwrap();
    let org = fake
        .create_organization(
            NewOrganization::new("Acme", "acme").mfa_policy(MfaPolicy::RequiredForAll),
        )
        .unwrap();
    let member = fake
        .create_member(
            &org.organization_id,
            NewMember::new("ada@acme.test").name("Ada"),
        )
        .unwrap();
    let client = official(&fake, fake.secret());
    let sms = &client.otps.sms;
    let ist = fake
        .mint_intermediate_session_token(&org.organization_id, &member.member_id)
        .unwrap();

    let send = |extra: fn(SendRequest) -> SendRequest| {
        extra(SendRequest {
            organization_id: org.organization_id.clone(),
            member_id: member.member_id.clone(),
            ..SendRequest::default()
        })
    };
    let sent = sms
        .send(SendRequest {
            mfa_phone_number: Some("+15555550123".into()),
            intermediate_session_token: Some(ist.clone()),
            ..send(|r| r)
        })
        .await
        .unwrap();
    assert_eq!(sent.member_id, member.member_id);
    let code = fake.last_code(&member.member_id).unwrap();
    let authed = sms
        .authenticate(AuthenticateRequest {
            organization_id: org.organization_id.clone(),
            member_id: member.member_id.clone(),
            code,
            intermediate_session_token: Some(ist),
            ..AuthenticateRequest::default()
        })
        .await
        .unwrap();
    assert!(!authed.session_jwt.is_empty());
    assert!(authed.member_session.is_some());

    let jwks = client
        .sessions
        .get_jwks(GetJWKSRequest {
            project_id: fake.project_id().to_owned(),
        })
        .await
        .unwrap();
    assert_eq!(jwks.keys[0].alg, "RS256");

    // Error bodies, each through the official client's strict ErrorResponse.
    official_error(
        sms.send(SendRequest {
            member_id: "member-test-nope".into(),
            ..send(|r| r)
        })
        .await,
        404,
        "member_not_found",
    );
    official_error(sms.send(send(|r| r)).await, 400, "session_required_for_mfa");
    official_error(
        sms.send(SendRequest {
            session_jwt: Some("a.b.c".into()),
            ..send(|r| r)
        })
        .await,
        401,
        "invalid_session_jwt",
    );
    official_error(
        official(&fake, "wrong-secret")
            .otps
            .sms
            .send(send(|r| r))
            .await,
        401,
        "unauthorized_credentials",
    );
    fake.set_rate_limits(RateLimits::none().per_member(RateLimit::new(0, Duration::from_secs(60))))
        .unwrap();
    official_error(
        sms.send(SendRequest {
            session_token: Some(authed.session_token.clone()),
            ..send(|r| r)
        })
        .await,
        429,
        "too_many_requests",
    );
    fake.set_rate_limits(RateLimits::none()).unwrap();
    for (status, error_type) in [
        (429, "too_many_requests"),
        (500, "internal_server_error"),
        (503, "service_unavailable"),
    ] {
        fake.inject(Fault::status(status)).unwrap();
        official_error(sms.send(send(|r| r)).await, status, error_type);
    }
    official_error(
        sms.authenticate(AuthenticateRequest {
            organization_id: org.organization_id.clone(),
            member_id: member.member_id.clone(),
            code: "000000".into(),
            session_token: Some(authed.session_token.clone()),
            ..AuthenticateRequest::default()
        })
        .await,
        404,
        "otp_code_not_found",
    );
}
