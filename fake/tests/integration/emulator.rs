//! The emulator's own surface: reset, the request journal and the client on the fake clock.

use std::time::Duration;

use crate::support::*;
use stytch_b2b_otp_sms::sessions::AuthenticateJwtLocalRequest;
use stytch_b2b_otp_sms_fake::{JOURNAL_CAPACITY, OPERATIONS};

#[tokio::test]
async fn reset_returns_a_seeded_fake_to_its_seed_with_the_same_ids() {
    let fake = FakeStytch::start().await.unwrap();
    fake.set_rate_limits(RateLimits::none().per_member(RateLimit::new(3, Duration::from_secs(60))))
        .unwrap();
    let seed = fake.seed().unwrap();
    let base_url = fake.base_url();
    let jwks = fake.jwks();
    // Change everything a test may change.
    let other = fake
        .create_organization(NewOrganization::new("Other", "other-org"))
        .unwrap();
    fake.create_member(
        &seed.organization.organization_id,
        NewMember::new("x@acme.test"),
    )
    .unwrap();
    fake.set_rate_limits(RateLimits::none()).unwrap();
    fake.advance_clock(Duration::from_secs(3600)).unwrap();
    fake.inject(Fault::status(503).only("sessions.revoke"))
        .unwrap();
    let client = fake.client();
    let ada = &seed.member_with_phone;
    let ist = fake
        .mint_intermediate_session_token(&ada.organization_id, &ada.member_id)
        .unwrap();
    client
        .otps()
        .sms()
        .send(
            SendRequest::new(&ada.organization_id, &ada.member_id).intermediate_session_token(ist),
        )
        .await
        .unwrap();
    assert_eq!(fake.outbox().len(), 1);
    assert_eq!(fake.calls("otps.sms.send"), 1);

    fake.reset().unwrap();

    assert!(fake.organization(&other.organization_id).is_none());
    let org = fake
        .organization(&seed.organization.organization_id)
        .unwrap();
    assert_eq!(org.organization_slug, "acme-corp");
    let again = fake.member(&ada.member_id).unwrap();
    assert_eq!(again.email_address, "ada@acme.test");
    assert_eq!(again.mfa_phone_number, ADA_PHONE);
    assert!(
        fake.member(&seed.member_without_phone.member_id)
            .is_some_and(|m| m.email_address == "grace@acme.test")
    );
    assert!(fake.pending_faults().is_empty());
    assert!(fake.outbox().is_empty() && fake.emails().is_empty());
    assert!(fake.requests().is_empty());
    assert_eq!(fake.calls("otps.sms.send"), 0);
    assert_eq!(
        fake.rate_limits(),
        RateLimits::none().per_member(RateLimit::new(3, Duration::from_secs(60)))
    );
    // The clock is the system clock again; port and keys are the same.
    let drift = fake
        .now()
        .duration_since(std::time::SystemTime::now())
        .unwrap_or_default();
    assert!(drift < Duration::from_secs(60), "{drift:?}");
    assert_eq!(fake.base_url(), base_url);
    assert_eq!(fake.jwks()["keys"], jwks["keys"]);

    // The seeded member logs in again, by the ids printed at start.
    let ist = fake
        .mint_intermediate_session_token(&ada.organization_id, &ada.member_id)
        .unwrap();
    client
        .otps()
        .sms()
        .send(
            SendRequest::new(&ada.organization_id, &ada.member_id).intermediate_session_token(&ist),
        )
        .await
        .unwrap();
    let code = fake.last_code(&ada.member_id).unwrap();
    client
        .otps()
        .sms()
        .authenticate(
            AuthenticateRequest::new(&ada.organization_id, &ada.member_id, code)
                .intermediate_session_token(ist),
        )
        .await
        .unwrap();
    // A second reset is as good as the first.
    fake.reset().unwrap();
    assert!(
        fake.organization(&seed.organization.organization_id)
            .is_some()
    );
    assert!(fake.seed().is_err(), "the seed is back: acme-corp is taken");
}

#[tokio::test]
async fn reset_empties_an_unseeded_fake() {
    let env = env(MfaPolicy::Optional).await;
    env.fake.reset().unwrap();
    assert!(env.fake.organization(env.org_id()).is_none());
    assert!(env.fake.member(&env.ada.member_id).is_none());
    assert_eq!(env.fake.rate_limits(), RateLimits::none());
    // The slug is free again.
    env.fake
        .create_organization(NewOrganization::new("Acme Corp", "acme-corp"))
        .unwrap();
}

#[tokio::test]
async fn reset_over_http_answers_the_seed() {
    let fake = FakeStytch::start().await.unwrap();
    let seed = fake.seed().unwrap();
    let (status, body) = raw(&fake, "POST", "/__fake/reset", "", true).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["seed"]["organization_id"],
        seed.organization.organization_id.as_str()
    );
    assert_eq!(
        body["seed"]["member_id"],
        seed.member_with_phone.member_id.as_str()
    );
    let empty = FakeStytch::start().await.unwrap();
    let (status, body) = raw(&empty, "POST", "/__fake/reset", "", true).await;
    assert_eq!((status, &body["seed"]), (200, &Value::Null));
    let (status, _) = raw(&empty, "GET", "/__fake/reset", "", true).await;
    assert_eq!(status, 405);
}

#[tokio::test]
async fn the_journal_keeps_requests_with_secrets_redacted() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let login = env.login(&env.ada).await;
    let requests = env.fake.requests();
    let ops: Vec<&str> = requests.iter().map(|r| r.operation.as_str()).collect();
    assert_eq!(ops, ["otps.sms.send", "otps.sms.authenticate"]);
    let auth = &requests[1];
    assert_eq!(
        (auth.method.as_str(), auth.status, &auth.error_type),
        ("POST", 200, &None)
    );
    assert_eq!(auth.path, "/v1/b2b/otps/sms/authenticate");
    assert_eq!(auth.body["code"], "[redacted]");
    assert_eq!(auth.body["intermediate_session_token"], "[redacted]");
    assert_eq!(auth.body["member_id"], env.ada.member_id.as_str());
    // An error is journalled with its error_type; the secret in it is not.
    let (status, _) = env
        .raw(
            "POST",
            "/v1/b2b/sessions/authenticate",
            &json!({"session_token": "nope", "deep": [{"session_jwt": "x"}]}).to_string(),
        )
        .await;
    assert_eq!(status, 404);
    let last = env.fake.requests_of("sessions.authenticate").unwrap();
    assert_eq!(last.len(), 1);
    assert_eq!(last[0].status, 404);
    assert!(last[0].error_type.is_some());
    assert_eq!(last[0].body["session_token"], "[redacted]");
    assert_eq!(last[0].body["deep"][0]["session_jwt"], "[redacted]");
    let text = serde_json::to_string(&env.fake.requests()).unwrap();
    assert!(!text.contains(&login.session_token) && !text.contains("nope"));
    // Control routes are not journalled.
    env.raw("GET", "/__fake/outbox", "").await;
    assert_eq!(env.fake.requests().len(), 3);
    assert_eq!(env.fake.clear_requests(), 3);
    assert!(env.fake.requests().is_empty());
}

#[tokio::test]
async fn the_journal_over_http_filters_by_operation_and_refuses_unknown_ones() {
    let env = env(MfaPolicy::RequiredForAll).await;
    env.login(&env.ada).await;
    let (status, body) = env
        .raw(
            "GET",
            "/__fake/requests?operation=otps.sms.authenticate",
            "",
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let requests = body["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0]["operation"], "otps.sms.authenticate");
    assert_eq!(requests[0]["body"]["code"], "[redacted]");
    assert_eq!(requests[0]["status"], 200);
    let (status, body) = env.raw("GET", "/__fake/requests?operation=nope", "").await;
    assert_eq!(status, 400);
    assert_eq!(body["error_type"], "invalid_operation");
    assert!(
        body["error_message"]
            .as_str()
            .unwrap()
            .contains(OPERATIONS[0])
    );
    let (status, _) = env.raw("GET", "/__fake/requests?other=1", "").await;
    assert_eq!(status, 400);
    assert!(env.fake.requests_of("nope").is_err());
    let (status, body) = env.raw("DELETE", "/__fake/requests", "").await;
    assert_eq!((status, &body["cleared"]), (200, &json!(2)));
}

#[tokio::test]
async fn the_journal_is_a_bounded_ring() {
    let env = env(MfaPolicy::Optional).await;
    let path = format!("/v1/b2b/organizations/{}", env.org_id());
    for _ in 0..JOURNAL_CAPACITY + 10 {
        assert_eq!(env.raw("GET", &path, "").await.0, 200);
    }
    let big = json!({ "organization_name": "x".repeat(10_000) }).to_string();
    env.raw("PUT", &path, &big).await;
    let requests = env.fake.requests();
    assert_eq!(requests.len(), JOURNAL_CAPACITY);
    let last = requests.last().unwrap();
    assert_eq!(last.operation, "organizations.update");
    assert!(
        last.body.as_str().unwrap().contains("not kept"),
        "{:?}",
        last.body
    );
}

#[tokio::test]
async fn the_fake_client_checks_jwts_on_the_fake_clock() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let login = env.login(&env.ada).await;
    let client = env.fake.client();
    let local = client
        .sessions()
        .authenticate_jwt_local(AuthenticateJwtLocalRequest::new(&login.session_jwt))
        .await
        .unwrap();
    assert_eq!(local.member_session.member_id, env.ada.member_id);
    // Past the JWT's five minutes on the fake clock only.
    env.fake.advance_clock(Duration::from_secs(6 * 60)).unwrap();
    let refused = client
        .sessions()
        .authenticate_jwt_local(AuthenticateJwtLocalRequest::new(&login.session_jwt))
        .await;
    assert_eq!(
        refused.unwrap_err().error_type(),
        Some("session_jwt_expired")
    );
    // A client on the system clock still accepts it.
    let system = Client::builder(env.fake.project_id(), env.fake.secret())
        .base_url(env.fake.base_url())
        .build()
        .unwrap();
    system
        .sessions()
        .authenticate_jwt_local(AuthenticateJwtLocalRequest::new(&login.session_jwt))
        .await
        .unwrap();
}
