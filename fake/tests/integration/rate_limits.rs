//! Send rate limits per Member and per phone number, on the fake clock, answered with
//! Stytch's 429 body; from Rust and from the control route.

use std::time::Duration;

use crate::support::*;
use stytch_b2b_otp_sms::RetryPolicy;

/// Stytch's 429 example body, as its API reference shows it (fresh `request_id` aside).
#[track_caller]
fn assert_stytch_429<T: std::fmt::Debug>(result: Result<T, Error>) {
    let err = result.expect_err("rate limited");
    let Error::Api(api) = &err else {
        panic!("not an API error: {err:?}")
    };
    assert_eq!(api.status_code, 429);
    assert_eq!(api.error_type, "too_many_requests");
    assert_eq!(api.error_message, "Too many requests have been made.");
    assert_eq!(api.error_url, "https://stytch.com/docs/api/errors/429");
    assert!(api.request_id.starts_with("request-id-test-"));
}

#[tokio::test]
async fn sends_per_member_are_limited_in_a_sliding_window() {
    let env = env(MfaPolicy::Optional).await;
    assert_eq!(env.fake.rate_limits(), RateLimits::none());
    env.fake
        .set_rate_limits(RateLimits::none().per_member(RateLimit::new(2, Duration::from_secs(60))))
        .unwrap();
    // The SDK retries a 429 by default; one attempt shows the fake's answer itself.
    let client = env.client.with_retry_policy(RetryPolicy::disabled());
    let send = || {
        client
            .otps()
            .sms()
            .send(SendRequest::new(env.org_id(), &env.ada.member_id))
    };
    send().await.unwrap();
    env.fake.advance_clock(Duration::from_secs(30)).unwrap();
    send().await.unwrap();
    assert_stytch_429(send().await);
    assert_eq!(env.fake.outbox().len(), 2, "a refused send is not texted");
    // Other members have windows of their own.
    client
        .otps()
        .sms()
        .send(SendRequest::new(env.org_id(), &env.grace.member_id).mfa_phone_number("+15555550177"))
        .await
        .unwrap();
    // The first send leaves the window 60 s after it was made; refused sends did not count.
    env.fake.advance_clock(Duration::from_secs(30)).unwrap();
    send().await.unwrap();
    assert_stytch_429(send().await);
    // With a retrying policy the 429 is retried, and still fails (the fake's `Retry-After`
    // counts fake-clock seconds; the cap keeps the real wait short).
    assert_stytch_429(
        env.client
            .with_retry_policy(RetryPolicy::default().max_retry_after(Duration::from_millis(10)))
            .otps()
            .sms()
            .send(SendRequest::new(env.org_id(), &env.ada.member_id))
            .await,
    );
}

#[tokio::test]
async fn sends_per_phone_number_are_limited_across_members() {
    let env = env(MfaPolicy::Optional).await;
    env.fake
        .set_rate_limits(
            RateLimits::none().per_phone_number(RateLimit::new(1, Duration::from_secs(3600))),
        )
        .unwrap();
    let client = env.client.with_retry_policy(RetryPolicy::disabled());
    env.send(&env.ada).await;
    // Grace asks for Ada's number: the number's limit is used up.
    assert_stytch_429(
        client
            .otps()
            .sms()
            .send(SendRequest::new(env.org_id(), &env.grace.member_id).mfa_phone_number(ADA_PHONE))
            .await,
    );
    // And Grace was not given the number by the refused send.
    assert_eq!(
        env.fake
            .member(&env.grace.member_id)
            .unwrap()
            .mfa_phone_number,
        ""
    );
    // Setting limits again forgets the counts.
    env.fake
        .set_rate_limits(
            RateLimits::none().per_phone_number(RateLimit::new(1, Duration::from_secs(3600))),
        )
        .unwrap();
    env.send(&env.ada).await;
}

#[tokio::test]
async fn the_control_route_sets_and_shows_limits() {
    let env = env(MfaPolicy::Optional).await;
    let (status, body) = env
        .raw(
            "POST",
            "/__fake/rate_limits",
            r#"{"per_member": {"max": 1, "window_seconds": 60}, "per_phone_number": null}"#,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["per_member"], json!({"max": 1, "window_seconds": 60}));
    assert_eq!(body["per_phone_number"], Value::Null);
    assert_eq!(
        env.fake.rate_limits().per_member,
        Some(RateLimit::new(1, Duration::from_secs(60)))
    );
    let (status, shown) = env.raw("GET", "/__fake/rate_limits", "").await;
    assert_eq!((status, &shown["per_member"]), (200, &body["per_member"]));

    env.send(&env.ada).await;
    let (status, body) = env
        .raw(
            "POST",
            "/v1/b2b/otps/sms/send",
            &json!({"organization_id": env.org_id(), "member_id": env.ada.member_id}).to_string(),
        )
        .await;
    assert_eq!(status, 429);
    assert_eq!(body["error_url"], "https://stytch.com/docs/api/errors/429");

    // Bad bodies are named.
    let (status, body) = env
        .raw(
            "POST",
            "/__fake/rate_limits",
            r#"{"per_member": {"max": -1}}"#,
        )
        .await;
    expect_error_body(&(status, body), 400, "invalid_request_body");
    // `{}` turns limits off.
    let (status, _) = env.raw("POST", "/__fake/rate_limits", "{}").await;
    assert_eq!(status, 200);
    assert_eq!(env.fake.rate_limits(), RateLimits::none());
}

#[tokio::test]
async fn a_rate_limit_429_says_when_to_retry() {
    let env = env(MfaPolicy::Optional).await;
    env.fake
        .set_rate_limits(RateLimits::none().per_member(RateLimit::new(1, Duration::from_secs(60))))
        .unwrap();
    let body = json!({"organization_id": env.org_id(), "member_id": env.ada.member_id}).to_string();
    let (status, _, _) = raw_full(&env.fake, "POST", "/v1/b2b/otps/sms/send", &body, true).await;
    assert_eq!(status, 200);
    env.fake.advance_clock(Duration::from_secs(45)).unwrap();
    let (status, headers, answer) =
        raw_full(&env.fake, "POST", "/v1/b2b/otps/sms/send", &body, true).await;
    assert_eq!(status, 429);
    // The first send leaves the 60 s window 15 s from now.
    assert_eq!(headers["retry-after"], "15");
    // The body stays Stytch's example, with no details of the fake's.
    assert_eq!(answer["error_type"], "too_many_requests");
    assert!(answer.get("error_details").is_none(), "{answer}");
}
