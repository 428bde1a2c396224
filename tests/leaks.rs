//! Secrets never leak: full flows (send + authenticate; successes and failures) over real HTTP
//! with everything captured — `tracing` at TRACE level (every span, field and event) and `log`
//! records at Trace level (reqwest logs through `log`) — and every request, response, error and
//! the client formatted with `{:?}` and `{:#?}`, every error with `Display` and its source
//! chain. None of it may contain the project secret, the base64 credentials, an OTP code, a
//! session token, a session JWT or an intermediate session token.
//!
//! The same capture checks the observability contract: one `stytch.request` span per call,
//! with operation, method, path, attempts, latency_ms, status (when a response arrived) and
//! request_id (for a 2xx that has one, and for an API error), and nothing else: no bodies.
//!
//! The subscriber and the logger are process-wide (the blocking client runs on its own
//! thread), so the tests here run one at a time.

mod support;

use std::error::Error as _;
use std::fmt::Write as _;
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use serde_json::{Value, json};
use stytch_b2b_otp_sms::otp_sms::{AuthenticateRequest, SendRequest};
use stytch_b2b_otp_sms::{Client, Error, RetryPolicy};
use support::trace::{Capture, SpanRecord};
use support::{
    EXPECTED_AUTHORIZATION, PROJECT_ID, Reply, Response, SECRET, Script, Server, assert_free_of,
    fixture_json,
};

const ORG: &str = "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931";
const MEMBER: &str = "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f";
const PHONE: &str = "+15555550123";

// Secrets in requests...
const CODE: &str = "918273";
const REQ_IST: &str = "ist-LEAKS-REQUEST-INTERMEDIATE-Qw3r";
const REQ_ST: &str = "st-LEAKS-REQUEST-SESSION-Ty5u";
const REQ_JWT: &str = "eyJhbGciOiJSUzI1NiJ9.LEAKS-REQUEST-JWT.c2ln";
// ...and in responses.
const RESP_ST: &str = "st-LEAKS-RESPONSE-SESSION-Io9p";
const RESP_JWT: &str = "eyJhbGciOiJSUzI1NiJ9.LEAKS-RESPONSE-JWT.c2ln";
const RESP_IST: &str = "ist-LEAKS-RESPONSE-INTERMEDIATE-As1d";

/// A value that only ever appears inside response bodies: if it shows up in the captured
/// telemetry, a body was logged.
const BODY_MARKER: &str = "body-marker-9f8e7d";

const SEND_OP: &str = "otps.sms.send";
const AUTHENTICATE_OP: &str = "otps.sms.authenticate";
const SEND_PATH: &str = "/v1/b2b/otps/sms/send";
const AUTHENTICATE_PATH: &str = "/v1/b2b/otps/sms/authenticate";

fn secrets() -> Vec<&'static str> {
    vec![
        SECRET,
        "SUPERSECRET",
        EXPECTED_AUTHORIZATION.trim_start_matches("Basic "),
        CODE,
        REQ_IST,
        REQ_ST,
        REQ_JWT,
        RESP_ST,
        RESP_JWT,
        RESP_IST,
        // the distinctive middles, in case a token is cut or re-encoded
        "LEAKS-REQUEST",
        "LEAKS-RESPONSE",
    ]
}

// ---------------------------------------------------------------------------------------
// Process-wide capture

struct Logs(Mutex<String>);

impl log::Log for Logs {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        let mut logs = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let _ = writeln!(
            logs,
            "{} {} {}:{} {}",
            record.level(),
            record.target(),
            record.file().unwrap_or("?"),
            record.line().unwrap_or(0),
            record.args()
        );
    }

    fn flush(&self) {}
}

static LOGS: Logs = Logs(Mutex::new(String::new()));

fn capture() -> &'static Capture {
    static CAPTURE: OnceLock<Capture> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let capture = Capture::new();
        tracing::subscriber::set_global_default(capture.clone())
            .expect("no other global subscriber in this test binary");
        log::set_logger(&LOGS).expect("no other logger in this test binary");
        log::set_max_level(log::LevelFilter::Trace);
        capture
    })
}

/// Runs `flow` on a current-thread runtime, alone (see [`exclusive`]).
fn serially(flow: impl std::future::Future<Output = ()>) {
    let _serial = exclusive();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(flow);
}

/// Serializes the tests of this file and starts each with an empty capture.
fn exclusive() -> MutexGuard<'static, ()> {
    static SERIAL: Mutex<()> = Mutex::new(());
    let guard = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    capture().clear();
    LOGS.0.lock().unwrap_or_else(|e| e.into_inner()).clear();
    guard
}

// ---------------------------------------------------------------------------------------
// Flows

fn send_request() -> SendRequest {
    SendRequest::new(ORG, MEMBER)
        .mfa_phone_number(PHONE)
        .intermediate_session_token(REQ_IST)
        .session_token(REQ_ST)
        .session_jwt(REQ_JWT)
}

fn authenticate_request() -> AuthenticateRequest {
    AuthenticateRequest::new(ORG, MEMBER, CODE)
        .intermediate_session_token(REQ_IST)
        .session_token(REQ_ST)
        .session_jwt(REQ_JWT)
        .session_duration_minutes(60)
}

/// `send_full.json` with the body marker.
fn send_body() -> Value {
    let mut body = fixture_json("send_full.json");
    body["member"]["name"] = json!(BODY_MARKER);
    body
}

/// `authenticate_full.json` carrying this file's response tokens (and an intermediate
/// session token in a field the type does not have).
fn authenticate_body() -> Value {
    let mut body = fixture_json("authenticate_full.json");
    body["session_token"] = json!(RESP_ST);
    body["session_jwt"] = json!(RESP_JWT);
    body["intermediate_session_token"] = json!(RESP_IST);
    body["member"]["name"] = json!(BODY_MARKER);
    body
}

/// What one call should have left in its `stytch.request` span.
struct Expect {
    operation: &'static str,
    path: &'static str,
    attempts: usize,
    status: Option<u16>,
    request_id: Option<String>,
}

impl Expect {
    fn send(status: Option<u16>, request_id: Option<&str>) -> Self {
        Expect {
            operation: SEND_OP,
            path: SEND_PATH,
            attempts: 1,
            status,
            request_id: request_id.map(str::to_owned),
        }
    }

    fn authenticate(status: Option<u16>, request_id: Option<&str>) -> Self {
        Expect {
            operation: AUTHENTICATE_OP,
            path: AUTHENTICATE_PATH,
            ..Expect::send(status, request_id)
        }
    }

    fn attempts(mut self, n: usize) -> Self {
        self.attempts = n;
        self
    }
}

/// Everything rendered by a test, checked at the end.
#[derive(Default)]
struct Rendered(String);

impl Rendered {
    /// `{:?}` and `{:#?}` of `value`.
    fn debug(&mut self, value: &impl std::fmt::Debug) {
        let _ = writeln!(self.0, "{value:?}\n{value:#?}");
    }

    /// An error: both Debug forms, Display (checked to be one line) and its source chain.
    fn error(&mut self, err: &Error) {
        let text = err.to_string();
        assert!(!text.contains('\n') && !text.contains('\r'), "{text:?}");
        let _ = writeln!(self.0, "{text}");
        self.debug(err);
        let mut source = err.source();
        while let Some(s) = source {
            let _ = writeln!(self.0, "{s}\n{s:?}\n{s:#?}");
            source = s.source();
        }
    }

    /// A result of a call.
    fn result<T: std::fmt::Debug>(&mut self, result: &Result<T, Error>) {
        match result {
            Ok(value) => self.debug(value),
            Err(err) => self.error(err),
        }
    }
}

/// Sends and authenticates once each with `client`, rendering the requests and results.
async fn send_and_authenticate(
    client: &Client,
    out: &mut Rendered,
) -> (Result<(), Error>, Result<(), Error>) {
    let sms = client.otps().sms();
    let request = send_request();
    out.debug(&request);
    let sent = sms.send(request).await;
    out.result(&sent);
    let request = authenticate_request();
    out.debug(&request);
    let authed = sms.authenticate(request).await;
    out.result(&authed);
    (sent.map(drop), authed.map(drop))
}

/// Checks everything captured and rendered: no secret anywhere, no body in the telemetry,
/// and one well-formed `stytch.request` span per expected call, in order.
#[track_caller]
fn check(out: &Rendered, client: &Client, expected: &[Expect]) {
    let mut rendered = out.0.clone();
    let _ = writeln!(rendered, "{client:?}\n{client:#?}");
    let telemetry = capture().text();
    let logs = LOGS.0.lock().unwrap_or_else(|e| e.into_inner()).clone();

    let secrets = secrets();
    assert_free_of(&rendered, &secrets);
    assert_free_of(&telemetry, &secrets);
    assert_free_of(&logs, &secrets);
    // no bodies in telemetry
    assert_free_of(&telemetry, &[BODY_MARKER, PHONE, ORG]);
    assert_free_of(&logs, &[BODY_MARKER, PHONE, ORG]);
    // the rendering did happen, and did redact
    assert!(rendered.contains("[redacted]"), "{rendered}");

    let spans = capture().spans_named("stytch.request");
    assert_eq!(
        spans.len(),
        expected.len(),
        "one span per call:\n{telemetry}"
    );
    for (span, want) in spans.iter().zip(expected) {
        check_span(span, want);
    }
    // the crate's only events are the retry loop's, inside the span (hyper-util's own
    // connection-pool events land there too, and are covered by the leak checks above)
    for event in capture().events() {
        if event.target.starts_with("stytch_b2b_otp_sms") {
            assert_eq!(event.field("message"), Some("retrying"), "{event:?}");
            assert!(
                event
                    .span
                    .is_some_and(|id| spans.iter().any(|s| s.id == id)),
                "{event:?}"
            );
        }
    }
}

#[track_caller]
fn check_span(span: &SpanRecord, want: &Expect) {
    assert_eq!(span.level, "DEBUG");
    assert_eq!(span.field("operation"), Some(want.operation), "{span:?}");
    assert_eq!(span.field("method"), Some("POST"), "{span:?}");
    assert_eq!(span.field("path"), Some(want.path), "{span:?}");
    assert_eq!(
        span.field("attempts"),
        Some(want.attempts.to_string().as_str()),
        "{span:?}"
    );
    let latency: u64 = span
        .field("latency_ms")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("latency_ms: {span:?}"));
    assert!(latency < 60_000, "{span:?}");
    assert_eq!(
        span.field("status"),
        want.status.map(|s| s.to_string()).as_deref(),
        "{span:?}"
    );
    assert_eq!(
        span.field("request_id"),
        want.request_id.as_deref(),
        "{span:?}"
    );
    // The OpenTelemetry HTTP client attributes: values fixed by the request, never a header,
    // query or body.
    assert_eq!(span.field("http.request.method"), Some("POST"), "{span:?}");
    assert_eq!(span.field("url.path"), Some(want.path), "{span:?}");
    assert_eq!(span.field("server.address"), Some("127.0.0.1"), "{span:?}");
    assert!(
        span.field("server.port")
            .is_some_and(|p| p.parse::<u16>().is_ok()),
        "{span:?}"
    );
    assert_eq!(
        span.field("http.response.status_code"),
        span.field("status"),
        "{span:?}"
    );
    let mut allowed = vec![
        "attempts",
        "http.request.method",
        "latency_ms",
        "method",
        "operation",
        "path",
        "server.address",
        "server.port",
        "url.path",
    ];
    if want.status.is_some() {
        allowed.extend(["status", "http.response.status_code"]);
    }
    if span.field("error.type").is_some() {
        // Only on failures, and then a status code or a short failure name.
        let kind = span.field("error.type").unwrap_or_default();
        assert!(
            kind.parse::<u16>().is_ok()
                || [
                    "timeout",
                    "connect",
                    "transport",
                    "decode",
                    "response_too_large"
                ]
                .contains(&kind),
            "{span:?}"
        );
        allowed.push("error.type");
    }
    if want.request_id.is_some() {
        allowed.push("request_id");
    }
    allowed.sort_unstable();
    assert_eq!(span.field_names(), allowed, "{span:?}");
}

fn stytch_like() -> Script {
    let send = send_body();
    let authenticate = authenticate_body();
    Script::handler(move |request| match request.path.as_str() {
        SEND_PATH => Response::json(200, &send).into(),
        AUTHENTICATE_PATH => Response::json(200, &authenticate).into(),
        _ => Response::new(404).into(),
    })
}

// ---------------------------------------------------------------------------------------
// Tests

#[test]
fn successful_flow_leaks_nothing_and_records_one_span_per_call() {
    serially(successful_flow_leaks_nothing_and_records_one_span_per_call_flow());
}

async fn successful_flow_leaks_nothing_and_records_one_span_per_call_flow() {
    let server = Server::start(stytch_like()).await;
    let client = support::client(&server);
    let mut out = Rendered::default();
    let (sent, authed) = send_and_authenticate(&client, &mut out).await;
    sent.unwrap();
    authed.unwrap();
    // the secrets did travel: the check below is not vacuous
    let requests = server.requests();
    assert_eq!(
        requests[0].header("authorization"),
        Some(EXPECTED_AUTHORIZATION)
    );
    assert_eq!(requests[1].json()["code"], CODE);
    check(
        &out,
        &client,
        &[
            Expect::send(Some(200), send_body()["request_id"].as_str()),
            Expect::authenticate(Some(200), authenticate_body()["request_id"].as_str()),
        ],
    );
}

#[test]
fn api_errors_leak_nothing_and_carry_the_request_id() {
    serially(api_errors_leak_nothing_and_carry_the_request_id_flow());
}

async fn api_errors_leak_nothing_and_carry_the_request_id_flow() {
    let server = Server::start(Script::handler(|request| {
        let (status, error_type) = match request.path.as_str() {
            SEND_PATH => (400, "invalid_phone_number"),
            _ => (401, "otp_code_not_found"),
        };
        Response::json(
            status,
            &json!({
                "status_code": status,
                "request_id": format!("request-id-test-{error_type}"),
                "error_type": error_type,
                "error_message": "Something about the request was wrong.",
                "error_url": format!("https://stytch.com/docs/api/errors/{status}"),
            }),
        )
        .into()
    }))
    .await;
    let client = support::client(&server);
    let mut out = Rendered::default();
    let (sent, authed) = send_and_authenticate(&client, &mut out).await;
    assert_eq!(sent.unwrap_err().error_type(), Some("invalid_phone_number"));
    assert_eq!(authed.unwrap_err().error_type(), Some("otp_code_not_found"));
    check(
        &out,
        &client,
        &[
            Expect::send(Some(400), Some("request-id-test-invalid_phone_number")),
            Expect::authenticate(Some(401), Some("request-id-test-otp_code_not_found")),
        ],
    );
}

#[test]
fn undecodable_and_truncated_2xx_bodies_with_tokens_leak_nothing() {
    serially(undecodable_and_truncated_2xx_bodies_with_tokens_leak_nothing_flow());
}

async fn undecodable_and_truncated_2xx_bodies_with_tokens_leak_nothing_flow() {
    // a 2xx that parses as JSON but not as the response type, tokens and all
    let mut wrong_type = authenticate_body();
    wrong_type["member"] = json!("member-as-a-string");
    // tokens first, then cut mid-body (not JSON at all)
    let truncated = format!(
        r#"{{"request_id":"request-id-test-cut","session_token":"{RESP_ST}","session_jwt":"{RESP_JWT}","intermediate_session_token":"{RESP_IST}","member":{{"name":"{BODY_MARKER}","member_id":"mem"#
    );
    // a token in a field of the wrong type (its value would be quoted by serde)
    let mut token_wrong_type = authenticate_body();
    token_wrong_type["session_token"] = json!({ "nested": RESP_ST });
    let server = Server::start(Script::queue([
        Response::json(200, &wrong_type).into(),
        Response::json_text(200, truncated).into(),
        Response::json(200, &token_wrong_type).into(),
    ]))
    .await;
    let client = support::client(&server);
    let mut out = Rendered::default();
    let sms = client.otps().sms();
    for _ in 0..3 {
        let request = authenticate_request();
        out.debug(&request);
        let result = sms.authenticate(request).await;
        assert!(matches!(result, Err(Error::Decode(_))), "{result:?}");
        out.result(&result);
    }
    let rid = authenticate_body()["request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    check(
        &out,
        &client,
        &[
            // a 2xx body whose request_id can be read is traced with it, even if the rest fails
            Expect::authenticate(Some(200), Some(&rid)),
            Expect::authenticate(Some(200), None),
            Expect::authenticate(Some(200), Some(&rid)),
        ],
    );
}

#[test]
fn other_failures_leak_nothing() {
    serially(other_failures_leak_nothing_flow());
}

async fn other_failures_leak_nothing_flow() {
    let json_500 = json!({
        "message": "upstream exploded",
        "session_token": RESP_ST,
        "nested": { "intermediate_session_token": RESP_IST, "session_jwt": RESP_JWT },
    });
    let truncated_500 = format!(
        r#"{{"message":"upstream exploded","session_token":"{RESP_ST}","session_jwt":"{RESP_JWT}","x":"#
    );
    let server = Server::start(Script::queue([
        // 1: a non-Stytch JSON 500 with tokens
        Response::json(500, &json_500).into(),
        // 2: the same, cut short
        Response::json_text(502, truncated_500).into(),
        // 3: HTML 502
        Response::new(502)
            .header("Content-Type", "text/html")
            .body("<html><body>Bad Gateway</body></html>")
            .into(),
        // 4: reset before the status line
        Reply::Close,
        // 5: reset mid-body
        Reply::Raw(
            format!(
                "HTTP/1.1 200 OK\r\nContent-Length: 4000\r\n\r\n{{\"session_token\":\"{RESP_ST}\","
            )
            .into_bytes(),
        ),
        // 6: headers never come
        Reply::Hang,
        // 7: too large
        Response::json(200, &authenticate_body()).into(),
        // 8 and 9: 429 (retried), then success
        Response::json(
            429,
            &json!({"status_code": 429, "error_type": "too_many_requests", "error_message": "slow down"}),
        )
        .header("Retry-After", "0")
        .into(),
        Response::json(200, &authenticate_body()).into(),
    ]))
    .await;
    let client = Client::builder(PROJECT_ID, SECRET)
        .base_url(server.base_url())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let small = Client::builder(PROJECT_ID, SECRET)
        .base_url(server.base_url())
        .max_response_bytes(1024)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let mut out = Rendered::default();
    let mut expected = Vec::new();
    for (i, status) in [Some(500), Some(502), Some(502), None, None, None, Some(200)]
        .into_iter()
        .enumerate()
    {
        let c = if i == 6 { &small } else { &client };
        let request = authenticate_request();
        out.debug(&request);
        let result = c.otps().sms().authenticate(request).await;
        assert!(result.is_err(), "{i}: {result:?}");
        out.result(&result);
        expected.push(Expect::authenticate(status, None));
    }
    let request = authenticate_request();
    let result = client.otps().sms().authenticate(request).await;
    out.result(&result);
    result.unwrap();
    expected.push(
        Expect::authenticate(Some(200), authenticate_body()["request_id"].as_str()).attempts(2),
    );
    out.debug(&small);
    check(&out, &client, &expected);
    // the retry was traced inside the span, without a body
    let retry = capture()
        .events()
        .into_iter()
        .find(|e| e.field("message") == Some("retrying"))
        .expect("a retrying event");
    assert_eq!(retry.field("attempt"), Some("1"));
    assert!(
        retry.field("reason").unwrap().contains("Refused"),
        "{retry:?}"
    );
}

#[test]
#[cfg(feature = "blocking")]
fn blocking_flow_leaks_nothing() {
    let _serial = exclusive();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(Server::start(stytch_like()));
    let client = Client::builder(PROJECT_ID, SECRET)
        .base_url(server.base_url())
        .build_blocking()
        .unwrap();
    let mut out = Rendered::default();
    let sms = client.otps().sms();
    let request = send_request();
    out.debug(&request);
    out.result(&sms.send(request));
    let request = authenticate_request();
    out.debug(&request);
    let authed = sms.authenticate(request);
    out.result(&authed);
    assert_eq!(authed.unwrap().session_token, RESP_ST);
    out.debug(&client);
    check(
        &out,
        client.as_async(),
        &[
            Expect::send(Some(200), send_body()["request_id"].as_str()),
            Expect::authenticate(Some(200), authenticate_body()["request_id"].as_str()),
        ],
    );
    drop(client);
    drop(server);
}

#[test]
fn the_capture_sees_dependency_logs() {
    // Guards the test above against a vacuous pass: reqwest does log through `log`, and the
    // logger gets it at Trace level.
    let _serial = exclusive();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let server = Server::start(stytch_like()).await;
        let client = support::client(&server);
        client.otps().sms().send(send_request()).await.unwrap();
    });
    let logs = LOGS.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let telemetry = capture().text();
    eprintln!("log records:\n{logs}\ntracing:\n{telemetry}");
    assert!(telemetry.contains("stytch.request"), "{telemetry}");
    assert!(
        telemetry.contains("target=hyper_util"),
        "hyper-util's tracing events: {telemetry}"
    );
    assert!(logs.contains("reqwest"), "reqwest's log records: {logs}");
}

// ---------------------------------------------------------------------------------------
// Regressions: gaps these tests found in src/ (fixed).

#[test]
fn cut_off_body_with_an_escaped_quote_before_the_tokens_leaks_nothing() {
    serially(cut_off_body_with_an_escaped_quote_before_the_tokens_leaks_nothing_flow());
}

async fn cut_off_body_with_an_escaped_quote_before_the_tokens_leaks_nothing_flow() {
    // a value with one escaped quote (a 6" display...) before the tokens, then the body ends
    let cut = format!(
        r#"{{"request_id":"request-id-test-q","note":"6\" display","session_token":"{RESP_ST}","session_jwt":"{RESP_JWT}","member":{{"#
    );
    let server = Server::start(Script::queue([
        Response::json_text(200, cut.clone()).into(),
        Response::json_text(502, cut).into(),
    ]))
    .await;
    let client = support::client(&server);
    let mut out = Rendered::default();
    for _ in 0..2 {
        let result = client
            .otps()
            .sms()
            .authenticate(authenticate_request())
            .await;
        assert!(result.is_err());
        out.result(&result);
    }
    check(
        &out,
        &client,
        &[
            Expect::authenticate(Some(200), None),
            Expect::authenticate(Some(502), None),
        ],
    );
}

#[test]
fn tokens_echoed_in_error_details_are_not_printed() {
    serially(tokens_echoed_in_error_details_are_not_printed_flow());
}

async fn tokens_echoed_in_error_details_are_not_printed_flow() {
    let server = Server::start(Response::json(
        400,
        &json!({
            "status_code": 400,
            "request_id": "request-id-test-details",
            "error_type": "intermediate_session_not_found",
            "error_message": "Intermediate session could not be found.",
            "error_details": { "intermediate_session_token": REQ_IST, "code": CODE },
        }),
    ))
    .await;
    let client = support::client(&server);
    let mut out = Rendered::default();
    let result = client
        .otps()
        .sms()
        .authenticate(authenticate_request())
        .await;
    out.result(&result);
    check(
        &out,
        &client,
        &[Expect::authenticate(
            Some(400),
            Some("request-id-test-details"),
        )],
    );
}
