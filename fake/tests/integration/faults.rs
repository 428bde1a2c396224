//! Injected faults, watched through the SDK client: its retry policy on 429 and 503, its
//! errors for 500, HTML pages and dropped connections, its timeout on a slow answer; and the
//! control routes that queue them from other languages.

use std::time::{Duration, Instant};

use crate::support::*;
use stytch_b2b_otp_sms::RetryPolicy;
use stytch_b2b_otp_sms_fake::FaultKind;

/// A client that retries fast, so that tests of retries stay quick.
fn fast_retries(env: &Env) -> Client {
    env.client.with_retry_policy(
        RetryPolicy::default()
            .max_attempts(3)
            .backoff(Duration::from_millis(1), Duration::from_millis(5)),
    )
}

#[tokio::test]
async fn the_sdk_retries_injected_503s_and_then_succeeds() {
    let env = env(MfaPolicy::Optional).await;
    env.fake
        .inject(Fault::status(503).times(2).only("otps.sms.send"))
        .unwrap();
    // Authenticate is not affected by a fault for send.
    expect_error(
        env.client
            .otps()
            .sms()
            .authenticate(
                env.auth(&env.ada, "000000")
                    .intermediate_session_token(env.ist(&env.ada)),
            )
            .await,
        404,
        "otp_code_not_found",
    );
    assert_eq!(env.fake.pending_faults()[0].remaining(), 2);
    fast_retries(&env)
        .otps()
        .sms()
        .send(env.send_request(&env.ada))
        .await
        .unwrap();
    assert!(
        env.fake.pending_faults().is_empty(),
        "both 503s were used by retries"
    );
    assert_eq!(env.fake.outbox().len(), 1);

    // Without retries the 503 is the caller's, with the fake's error body.
    env.fake.inject(Fault::status(503)).unwrap();
    let once = env.client.with_retry_policy(RetryPolicy::disabled());
    expect_error(
        once.otps().sms().send(env.send_request(&env.ada)).await,
        503,
        "service_unavailable",
    );
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_for() {
    let env = env(MfaPolicy::Optional).await;
    env.fake
        .inject(Fault::too_many_requests(Duration::from_secs(1)))
        .unwrap();
    let started = Instant::now();
    fast_retries(&env)
        .otps()
        .sms()
        .send(env.send_request(&env.ada))
        .await
        .unwrap();
    // The backoff is at most 5 ms: the wait is the server's `Retry-After: 1`.
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );

    // Raw, the answer is Stytch's 429 body with the header.
    env.fake
        .inject(Fault::too_many_requests(Duration::from_millis(1500)))
        .unwrap();
    let (status, headers, body) = raw_full(
        &env.fake,
        "POST",
        "/v1/b2b/otps/sms/send",
        &json!({"organization_id": env.org_id(), "member_id": env.ada.member_id}).to_string(),
        true,
    )
    .await;
    assert_eq!(status, 429);
    assert_eq!(headers["retry-after"], "2", "rounded up to whole seconds");
    assert_eq!(body["error_message"], "Too many requests have been made.");
}

#[tokio::test]
async fn a_500_is_not_retried_by_default() {
    let env = env(MfaPolicy::Optional).await;
    env.fake.inject(Fault::status(500).times(2)).unwrap();
    let err = fast_retries(&env)
        .otps()
        .sms()
        .send(env.send_request(&env.ada))
        .await;
    expect_error(err, 500, "internal_server_error");
    // The send may have been processed: one attempt only, the second fault is still pending.
    assert_eq!(env.fake.pending_faults()[0].remaining(), 1);
    let err = env
        .client
        .with_retry_policy(RetryPolicy::disabled())
        .otps()
        .sms()
        .send(env.send_request(&env.ada))
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.error_url, "https://stytch.com/docs/api/errors/500");
    assert!(env.fake.outbox().is_empty());
}

#[tokio::test]
async fn an_html_page_is_an_http_error_with_its_start() {
    let env = env(MfaPolicy::Optional).await;
    env.fake.inject(Fault::html(502)).unwrap();
    let err = env
        .client
        .otps()
        .sms()
        .send(env.send_request(&env.ada))
        .await
        .unwrap_err();
    let Error::Http(http) = &err else {
        panic!("not an HTTP error: {err:?}")
    };
    assert_eq!(http.status, 502);
    assert!(http.body_snippet.contains("502 Bad Gateway"), "{err}");
    assert!(err.to_string().contains("non-JSON body"), "{err}");
}

#[tokio::test]
async fn a_slow_answer_meets_the_client_timeout() {
    let env = env(MfaPolicy::Optional).await;
    env.fake
        .inject(Fault::delay(Duration::from_secs(3)))
        .unwrap();
    let impatient = env
        .client
        .with_timeout(Duration::from_millis(300))
        .with_retry_policy(RetryPolicy::disabled());
    let err = impatient
        .otps()
        .sms()
        .send(env.send_request(&env.ada))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    // A delay shorter than the timeout only slows the call down.
    env.fake
        .inject(Fault::delay(Duration::from_millis(200)))
        .unwrap();
    let started = Instant::now();
    env.client
        .otps()
        .sms()
        .send(env.send_request(&env.ada))
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(200));
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error() {
    let env = env(MfaPolicy::Optional).await;
    env.fake.inject(Fault::drop_connection()).unwrap();
    let err = fast_retries(&env)
        .otps()
        .sms()
        .send(env.send_request(&env.ada))
        .await
        .unwrap_err();
    let Error::Transport(transport) = &err else {
        panic!("not a transport error: {err:?}")
    };
    // The request was sent: not a connect failure, so not retried by default.
    assert!(!transport.is_connect(), "{err}");
    assert!(env.fake.outbox().is_empty());
    // Opting in to retrying possibly processed requests gets past it.
    env.fake.inject(Fault::drop_connection()).unwrap();
    env.client
        .with_retry_policy(
            RetryPolicy::default()
                .backoff(Duration::from_millis(1), Duration::from_millis(5))
                .retry_possibly_processed(true),
        )
        .otps()
        .sms()
        .send(env.send_request(&env.ada))
        .await
        .unwrap();
    assert_eq!(env.fake.outbox().len(), 1);
}

#[tokio::test]
async fn the_control_routes_queue_list_and_clear_faults() {
    let env = env(MfaPolicy::Optional).await;
    let (status, body) = env
        .raw(
            "POST",
            "/__fake/faults",
            r#"{"kind": "status", "status": 429, "retry_after_seconds": 2, "times": 2, "operation": "otps.sms.send"}"#,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    for fault in [
        r#"{"kind": "html", "status": 503}"#,
        r#"{"kind": "delay", "delay_ms": 10}"#,
        r#"{"kind": "drop", "operation": "sessions.get_jwks"}"#,
    ] {
        assert_eq!(env.raw("POST", "/__fake/faults", fault).await.0, 200);
    }
    let (_, listed) = env.raw("GET", "/__fake/faults", "").await;
    assert_eq!(
        listed["faults"],
        json!([
            {"kind": "status", "status": 429, "retry_after_seconds": 2, "times": 2, "operation": "otps.sms.send"},
            {"kind": "html", "status": 503, "times": 1, "operation": null},
            {"kind": "delay", "delay_ms": 10, "times": 1, "operation": null},
            {"kind": "drop", "times": 1, "operation": "sessions.get_jwks"},
        ])
    );
    assert_eq!(
        env.fake.pending_faults()[0].kind(),
        &FaultKind::Status {
            status: 429,
            retry_after: Some(Duration::from_secs(2))
        }
    );
    // Control routes never take faults.
    assert_eq!(env.raw("GET", "/__fake/outbox", "").await.0, 200);
    // The JWKS route does, taking the first fault that applies to it each time: the HTML
    // page, the delay, then its own drop (the 429s are only for send).
    let jwks = || http().get(env.fake.jwks_url()).send();
    let page = jwks().await.unwrap();
    assert_eq!(page.status(), 503);
    assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
    assert_eq!(jwks().await.unwrap().status(), 200);
    assert!(jwks().await.is_err(), "the connection was dropped");
    assert_eq!(env.fake.pending_faults().len(), 1);

    // Faults the fake cannot serve are refused, naming why.
    for (fault, says) in [
        (r#"{"kind": "status"}"#, "needs `status`"),
        (r#"{"kind": "status", "status": 200}"#, "400 to 599"),
        (r#"{"kind": "delay"}"#, "needs `delay_ms`"),
        (
            r#"{"kind": "drop", "operation": "otps.email.send"}"#,
            "unknown operation",
        ),
        (
            r#"{"kind": "drop", "times": 0}"#,
            "`times` must be between 1 and",
        ),
        (
            r#"{"kind": "delay", "delay_ms": 1000000000000}"#,
            "`delay_ms` must be at most",
        ),
    ] {
        let got = env.raw("POST", "/__fake/faults", fault).await;
        expect_error_body(&got, 400, "invalid_fault");
        assert!(
            got.1["error_message"].as_str().unwrap().contains(says),
            "{}",
            got.1
        );
    }
    let got = env
        .raw("POST", "/__fake/faults", r#"{"kind": "explode"}"#)
        .await;
    expect_error_body(&got, 400, "invalid_request_body");

    let (status, cleared) = env.raw("DELETE", "/__fake/faults", "").await;
    assert_eq!((status, cleared["faults"].clone()), (200, json!([])));
    assert!(env.fake.pending_faults().is_empty());
    env.fake.inject(Fault::status(503)).unwrap();
    env.fake.clear_faults();
    env.send(&env.ada).await;
}

#[tokio::test]
async fn a_request_without_credentials_is_refused_before_any_fault_is_taken() {
    let env = env(MfaPolicy::Optional).await;
    env.fake.inject(Fault::status(503)).unwrap();
    let body = json!({"organization_id": env.org_id(), "member_id": env.ada.member_id});
    let (status, answer) = raw(
        &env.fake,
        "POST",
        "/v1/b2b/otps/sms/send",
        &body.to_string(),
        false,
    )
    .await;
    expect_error_body(&(status, answer), 401, "unauthorized_credentials");
    // The fault is still queued for the next authenticated call.
    assert_eq!(env.fake.pending_faults().len(), 1);
    let once = env
        .client
        .with_retry_policy(RetryPolicy::default().max_attempts(1));
    expect_error(
        once.otps().sms().send(env.send_request(&env.ada)).await,
        503,
        "service_unavailable",
    );
    assert!(env.fake.pending_faults().is_empty());
}

#[tokio::test]
async fn control_routes_refuse_what_the_cli_refuses_naming_the_field() {
    let env = env(MfaPolicy::Optional).await;
    for (path, body, error_type, field) in [
        (
            "/__fake/rate_limits",
            r#"{"per_member": {"max": 3, "window_seconds": 0}, "per_phone_number": null}"#,
            "invalid_rate_limit",
            "per_member.window_seconds",
        ),
        (
            "/__fake/rate_limits",
            r#"{"per_member": null, "per_phone_number": {"max": 1, "window_seconds": 99999999999}}"#,
            "invalid_rate_limit",
            "per_phone_number.window_seconds",
        ),
        (
            "/__fake/clock",
            r#"{"advance_seconds": 9223372036854775808}"#,
            "invalid_clock_advance",
            "advance_seconds",
        ),
    ] {
        let got = env.raw("POST", path, body).await;
        expect_error_body(&got, 400, error_type);
        let message = got.1["error_message"].as_str().unwrap();
        assert!(message.contains(&format!("`{field}`")), "{message}");
    }
    // The Rust API refuses the same, naming the field.
    let err = env.fake.advance_clock(Duration::MAX).unwrap_err();
    assert_eq!(err.error_type, "invalid_clock_advance");
    let err = env
        .fake
        .set_rate_limits(RateLimits::none().per_member(RateLimit::new(1, Duration::ZERO)))
        .unwrap_err();
    assert_eq!(err.error_type, "invalid_rate_limit");
    assert!(err.message.contains("`per_member.window`"), "{err}");
    // The clock did not move, and new intermediate sessions still live.
    let ist = env.ist(&env.ada);
    env.send_as(
        &env.ada,
        env.send_request(&env.ada).intermediate_session_token(ist),
    )
    .await;
}
