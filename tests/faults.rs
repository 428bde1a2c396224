//! Faults over real loopback servers: for each, the error the caller sees, how many attempts
//! were made (counted by the server, and cross-checked against the `attempts` field of the
//! call's `stytch.request` span) and how long the call took.
//!
//! The retry rule under test: a request is repeated only when it provably did not reach Stytch
//! (the connection could not be opened) or Stytch said it did not process it (429, 503).
//! Wherever the request may have been processed (timeouts after sending, 500/502/504, a
//! connection closed mid-response, an undecodable or oversized answer) there is exactly one
//! attempt, so a `send` never texts a Member twice.
//!
//! Each call prints one `FAULT | fault | operation | error | attempts | time` line to stderr
//! (`cargo test --test faults -- --nocapture` shows them). Elapsed times are only bounded
//! loosely from above (a slow machine must not fail these), and from below only where the
//! test itself configured the wait (`Retry-After`, a timeout).

mod support;

use std::time::{Duration, Instant};

use stytch_b2b_otp_sms::otp_sms::{AuthenticateRequest, SendRequest};
use stytch_b2b_otp_sms::{Client, DEFAULT_MAX_RESPONSE_BYTES, Error, RetryPolicy};
use support::trace::{Capture, SpanRecord};
use support::{
    PROJECT_ID, Reply, Request, Response, SECRET, Script, Server, StreamOutcome, fixture_json,
};

const ORG: &str = "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931";
const MEMBER: &str = "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f";
const CODE: &str = "135790";
const IST: &str = "ist-FAULTS-INTERMEDIATE-TOKEN";
const SEND_PATH: &str = "/v1/b2b/otps/sms/send";
const AUTHENTICATE_PATH: &str = "/v1/b2b/otps/sms/authenticate";

/// Loose upper bound for any single call here (the slowest waits ~2 s on purpose).
const SLOW: Duration = Duration::from_secs(15);
/// The per-call timeout used for the hanging-server cases.
const SHORT_TIMEOUT: Duration = Duration::from_millis(300);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Send,
    Authenticate,
}

const OPS: [Op; 2] = [Op::Send, Op::Authenticate];

impl Op {
    fn path(self) -> &'static str {
        match self {
            Op::Send => SEND_PATH,
            Op::Authenticate => AUTHENTICATE_PATH,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Op::Send => "send",
            Op::Authenticate => "authenticate",
        }
    }

    /// The operation's dotted name, as errors show it.
    fn operation(self) -> &'static str {
        match self {
            Op::Send => "otps.sms.send",
            Op::Authenticate => "otps.sms.authenticate",
        }
    }

    /// A successful answer to this operation.
    fn ok(self) -> Reply {
        let fixture = match self {
            Op::Send => "send_full.json",
            Op::Authenticate => "authenticate_full.json",
        };
        Response::json(200, &fixture_json(fixture)).into()
    }

    async fn call(self, client: &Client) -> Result<(), Error> {
        let sms = client.otps().sms();
        match self {
            Op::Send => sms
                .send(SendRequest::new(ORG, MEMBER).mfa_phone_number("+15555550123"))
                .await
                .map(|r| assert_eq!(r.member_id, MEMBER)),
            Op::Authenticate => sms
                .authenticate(
                    AuthenticateRequest::new(ORG, MEMBER, CODE)
                        .intermediate_session_token(IST)
                        .session_duration_minutes(60),
                )
                .await
                .map(|r| assert_eq!(r.member_id, MEMBER)),
        }
    }
}

/// One call and everything observed about it.
struct Run {
    result: Result<(), Error>,
    elapsed: Duration,
    /// From the call's `stytch.request` span.
    attempts: usize,
    span: SpanRecord,
    /// What the server received (empty when nothing listens).
    requests: Vec<Request>,
    /// The operation's dotted name, as errors show it.
    operation: &'static str,
}

impl Run {
    #[track_caller]
    fn err(&self) -> &Error {
        match &self.result {
            Ok(()) => panic!("expected an error, the call succeeded"),
            Err(e) => e,
        }
    }

    /// The error's `Display`, checked to be one line, to start with the operation and, when
    /// the call was retried, to end with the attempts the span counted; returned without
    /// those two, the part each fault decides.
    #[track_caller]
    fn text(&self) -> String {
        let text = self.err().to_string();
        assert!(!text.contains('\n') && !text.contains('\r'), "{text:?}");
        assert_eq!(self.err().operation(), Some(self.operation));
        assert_eq!(self.err().attempts() as usize, self.attempts, "{text}");
        let rest = text
            .strip_prefix(&format!("{}: ", self.operation))
            .unwrap_or_else(|| panic!("{text:?} does not name {}", self.operation));
        let retried = format!(" ({} attempts)", self.attempts);
        match self.attempts {
            1 => rest.to_owned(),
            _ => rest
                .strip_suffix(&retried)
                .unwrap_or_else(|| panic!("{text:?} does not end with {retried:?}"))
                .to_owned(),
        }
    }

    /// Exactly `n` attempts, each of which reached the server.
    #[track_caller]
    fn assert_attempts(&self, n: usize) {
        assert_eq!(self.attempts, n, "attempts in the span");
        assert_eq!(self.requests.len(), n, "requests the server received");
    }
}

/// Calls `op` once with `client`, recording its span, and prints a line for the fault table.
async fn observe(fault: &str, op: Op, client: &Client, server: Option<&Server>) -> Run {
    let capture = Capture::new();
    let guard = capture.install_for_thread();
    let started = Instant::now();
    let result = op.call(client).await;
    let elapsed = started.elapsed();
    drop(guard);

    let spans = capture.spans_named("stytch.request");
    assert_eq!(spans.len(), 1, "one span per call:\n{}", capture.text());
    let span = spans.into_iter().next().unwrap();
    assert_eq!(span.field("path"), Some(op.path()));
    // The OpenTelemetry HTTP client attributes, beside our own fields.
    assert_eq!(span.field("http.request.method"), Some("POST"));
    assert_eq!(span.field("url.path"), Some(op.path()));
    assert!(span.field("server.address").is_some_and(|a| !a.is_empty()));
    assert!(
        span.field("server.port")
            .is_some_and(|p| p.parse::<u16>().is_ok())
    );
    assert_eq!(
        span.field("http.response.status_code"),
        span.field("status"),
        "the same status under both names"
    );
    match &result {
        Ok(()) => assert_eq!(span.field("error.type"), None),
        Err(e) => {
            let got = span.field("error.type").expect("error.type on a failure");
            match e {
                // An HTTP error answer: its status code, as the conventions ask.
                Error::Api(_) | Error::Http(_) => {
                    assert_eq!(Some(got.to_owned()), e.status().map(|s| s.to_string()))
                }
                _ => assert!(
                    [
                        "timeout",
                        "connect",
                        "transport",
                        "decode",
                        "response_too_large"
                    ]
                    .contains(&got),
                    "{got}"
                ),
            }
        }
    }
    let attempts: usize = span
        .field("attempts")
        .expect("attempts recorded")
        .parse()
        .unwrap();
    let requests = server.map(Server::requests).unwrap_or_default();
    if server.is_some() {
        // every attempt reached the server, with the same request
        assert_eq!(requests.len(), attempts, "requests vs. attempts");
        for r in &requests {
            assert_eq!(r.path, op.path());
            assert_eq!(r.body, requests[0].body);
        }
    }
    let shown = match &result {
        Ok(()) => "Ok".to_owned(),
        Err(e) => format!("{e}"),
    };
    eprintln!(
        "FAULT | {fault} | {} | {shown} | {attempts} | {} ms",
        op.name(),
        elapsed.as_millis()
    );
    assert!(elapsed < SLOW, "{fault}: took {elapsed:?}");
    Run {
        result,
        elapsed,
        attempts,
        span,
        requests,
        operation: op.operation(),
    }
}

fn client_for(server: &Server) -> Client {
    support::client(server)
}

/// A client with `policy` for `server`.
fn client_with(server: &Server, policy: RetryPolicy) -> Client {
    client_for(server).with_retry_policy(policy)
}

/// Fast retries, for tests that count attempts rather than time them.
fn quick() -> RetryPolicy {
    RetryPolicy::default().backoff(Duration::from_millis(10), Duration::from_millis(50))
}

/// A base URL where nothing listens.
fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    format!("http://{}", listener.local_addr().unwrap())
}

fn stytch_error(status: u16, error_type: &str, message: &str) -> Response {
    Response::json(
        status,
        &serde_json::json!({
            "status_code": status,
            "request_id": format!("request-id-test-{status}"),
            "error_type": error_type,
            "error_message": message,
            "error_url": format!("https://stytch.com/docs/api/errors/{status}"),
        }),
    )
}

// ---------------------------------------------------------------------------------------
// The request never arrived: retried

#[tokio::test]
async fn connection_refused_is_retried_then_a_transport_error() {
    for op in OPS {
        let client = Client::builder(PROJECT_ID, SECRET)
            .base_url(refused_url())
            .retry_policy(quick())
            .build()
            .unwrap();
        let run = observe("connection refused", op, &client, None).await;
        let text = run.text();
        let Error::Transport(transport) = run.err() else {
            panic!("expected Error::Transport, got {:?}", run.err())
        };
        assert!(transport.is_connect());
        assert!(!run.err().is_timeout());
        assert_eq!(run.err().status(), None);
        assert!(
            text.starts_with("could not connect to http://127.0.0.1:"),
            "{text}"
        );
        assert_eq!(run.attempts, 3, "the default policy makes 3 attempts");
        assert!(run.elapsed < Duration::from_secs(10), "{:?}", run.elapsed);
    }
}

#[tokio::test]
async fn connection_refused_with_retries_disabled_makes_one_attempt() {
    for op in OPS {
        let client = Client::builder(PROJECT_ID, SECRET)
            .base_url(refused_url())
            .retry_policy(RetryPolicy::disabled())
            .build()
            .unwrap();
        let run = observe("connection refused, retries disabled", op, &client, None).await;
        run.text();
        assert!(matches!(run.err(), Error::Transport(t) if t.is_connect()));
        assert_eq!(run.attempts, 1);
    }
}

/// A listener whose accept queue is full, so that the kernel drops further SYNs and a connect
/// hangs until the connect timeout. `None` where the network stack does not behave so.
async fn blackhole() -> Option<(tokio::net::TcpListener, tokio::net::TcpStream, String)> {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let addr = listener.local_addr().unwrap();
    // fills the queue of length backlog + 1 (never accepted)
    let filler = tokio::net::TcpStream::connect(addr).await.ok()?;
    let probe = tokio::time::timeout(
        Duration::from_millis(300),
        tokio::net::TcpStream::connect(addr),
    )
    .await;
    match probe {
        Err(_elapsed) => Some((listener, filler, format!("http://{addr}"))),
        Ok(_) => None,
    }
}

#[tokio::test]
async fn connect_timeout_is_retried_then_a_timeout_error() {
    let Some((_listener, _filler, url)) = blackhole().await else {
        eprintln!("skipped: this network stack completes connects to a full accept queue");
        return;
    };
    for op in OPS {
        let client = Client::builder(PROJECT_ID, SECRET)
            .base_url(&url)
            .connect_timeout(Duration::from_millis(200))
            .retry_policy(quick())
            .build()
            .unwrap();
        let run = observe("connect timeout (200 ms)", op, &client, None).await;
        let text = run.text();
        let Error::Timeout(timeout) = run.err() else {
            panic!("expected Error::Timeout, got {:?}", run.err())
        };
        assert!(run.err().is_timeout());
        assert!(timeout.connect);
        assert_eq!(timeout.timeout, Duration::from_millis(200));
        assert_eq!(text, "timed out connecting after 200ms");
        // the request never left: retried
        assert_eq!(run.attempts, 3);
        assert!(
            run.elapsed >= Duration::from_millis(600),
            "{:?}",
            run.elapsed
        );
    }
}

// ---------------------------------------------------------------------------------------
// The request may have been processed: never repeated

#[tokio::test]
async fn reset_before_the_status_line_is_a_transport_error_after_one_attempt() {
    for op in OPS {
        let server = Server::start(Reply::Close).await;
        let run = observe(
            "reset before the status line",
            op,
            &client_for(&server),
            Some(&server),
        )
        .await;
        let text = run.text();
        let Error::Transport(transport) = run.err() else {
            panic!("expected Error::Transport, got {:?}", run.err())
        };
        assert!(!transport.is_connect());
        assert!(!run.err().is_timeout());
        assert_eq!(run.err().status(), None);
        assert!(text.starts_with("request to http://127.0.0.1:"), "{text}");
        run.assert_attempts(1);
    }
}

#[tokio::test]
async fn reset_after_the_status_line_is_a_transport_error_after_one_attempt() {
    let raw = b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n{\"req".to_vec();
    for op in OPS {
        let server = Server::start(Reply::Raw(raw.clone())).await;
        let run = observe(
            "reset after the status line",
            op,
            &client_for(&server),
            Some(&server),
        )
        .await;
        let text = run.text();
        let Error::Transport(transport) = run.err() else {
            panic!("expected Error::Transport, got {:?}", run.err())
        };
        assert!(!transport.is_connect());
        assert!(!run.err().is_timeout());
        assert!(
            text.starts_with("reading the response from http://127.0.0.1:"),
            "{text}"
        );
        run.assert_attempts(1);
    }
}

#[tokio::test]
async fn headers_that_never_come_time_out_after_one_attempt() {
    for op in OPS {
        let server = Server::start(Reply::Hang).await;
        let client = client_for(&server).with_timeout(SHORT_TIMEOUT);
        let run = observe(
            "headers never come (timeout 300 ms)",
            op,
            &client,
            Some(&server),
        )
        .await;
        let text = run.text();
        let Error::Timeout(timeout) = run.err() else {
            panic!("expected Error::Timeout, got {:?}", run.err())
        };
        assert!(run.err().is_timeout());
        assert!(!timeout.connect);
        assert_eq!(timeout.timeout, SHORT_TIMEOUT);
        assert_eq!(text, "timed out after 300ms");
        run.assert_attempts(1);
        assert!(run.elapsed >= SHORT_TIMEOUT, "{:?}", run.elapsed);
    }
}

#[tokio::test]
async fn a_body_that_stalls_times_out_after_one_attempt() {
    let head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{\"request_id\":\"request-id-test-1\",".to_vec();
    for op in OPS {
        let server = Server::start(Reply::RawThenHang(head.clone())).await;
        let client = Client::builder(PROJECT_ID, SECRET)
            .base_url(server.base_url())
            .timeout(SHORT_TIMEOUT)
            .build()
            .unwrap();
        let run = observe("body stalls (timeout 300 ms)", op, &client, Some(&server)).await;
        let text = run.text();
        assert!(
            matches!(run.err(), Error::Timeout(t) if !t.connect && t.timeout == SHORT_TIMEOUT),
            "{:?}",
            run.err()
        );
        assert!(run.err().is_timeout());
        assert_eq!(text, "timed out after 300ms");
        run.assert_attempts(1);
        assert!(run.elapsed >= SHORT_TIMEOUT, "{:?}", run.elapsed);
    }
}

#[tokio::test]
async fn a_500_is_not_retried() {
    for op in OPS {
        let server = Server::start(stytch_error(
            500,
            "internal_server_error",
            "Oops, something seems to have gone wrong.",
        ))
        .await;
        let run = observe(
            "500 (Stytch error JSON)",
            op,
            &client_for(&server),
            Some(&server),
        )
        .await;
        let text = run.text();
        let Error::Api(api) = run.err() else {
            panic!("expected Error::Api, got {:?}", run.err())
        };
        assert_eq!(api.status_code, 500);
        assert_eq!(api.error_type, "internal_server_error");
        assert_eq!(run.err().request_id(), Some("request-id-test-500"));
        assert!(!run.err().is_timeout());
        assert_eq!(
            text,
            "Stytch API error 500 internal_server_error: Oops, something seems to have gone wrong. (request_id: request-id-test-500)"
        );
        run.assert_attempts(1);
    }
}

#[tokio::test]
async fn an_html_502_is_not_retried() {
    let html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center></body>\r\n</html>\r\n";
    for op in OPS {
        let server = Server::start(
            Response::new(502)
                .header("Content-Type", "text/html")
                .body(html),
        )
        .await;
        let run = observe("HTML 502", op, &client_for(&server), Some(&server)).await;
        let text = run.text();
        assert!(
            matches!(run.err(), Error::Http(h) if h.status == 502),
            "{:?}",
            run.err()
        );
        assert!(!run.err().is_timeout());
        assert!(
            text.starts_with("HTTP 502 Bad Gateway with a non-JSON body: \"<html>")
                && !text.contains("  "),
            "{text}"
        );
        run.assert_attempts(1);
    }
}

#[tokio::test]
async fn an_empty_504_is_not_retried() {
    for op in OPS {
        let server = Server::start(Response::new(504)).await;
        let run = observe("empty 504", op, &client_for(&server), Some(&server)).await;
        let text = run.text();
        assert!(matches!(run.err(), Error::Http(h) if h.status == 504));
        assert_eq!(text, "HTTP 504 Gateway Timeout with an empty body");
        run.assert_attempts(1);
    }
}

#[tokio::test]
async fn truncated_json_in_a_200_is_a_decode_error_after_one_attempt() {
    for op in OPS {
        let full = serde_json::to_string(&fixture_json(match op {
            Op::Send => "send_full.json",
            Op::Authenticate => "authenticate_full.json",
        }))
        .unwrap();
        let server = Server::start(Response::json_text(200, &full[..full.len() / 2])).await;
        let run = observe(
            "truncated JSON 200",
            op,
            &client_for(&server),
            Some(&server),
        )
        .await;
        let text = run.text();
        let Error::Decode(decode) = run.err() else {
            panic!("expected Error::Decode, got {:?}", run.err())
        };
        assert_eq!(decode.status, Some(200));
        assert!(!run.err().is_timeout());
        assert!(
            text.starts_with("could not decode the response body")
                && text.contains("EOF while parsing")
                && text.ends_with("(status 200)"),
            "{text}"
        );
        run.assert_attempts(1);
        assert_eq!(run.span.field("status"), Some("200"));
    }
}

// ---------------------------------------------------------------------------------------
// Huge bodies: the client reads at most the limit, says so, and hangs up

/// A 200 whose body is `len` bytes of JSON whitespace: announced by `Content-Length`, or
/// chunked (so the client only finds out while reading).
fn huge(len: usize, chunked: bool) -> Reply {
    let framing = if chunked {
        "Transfer-Encoding: chunked".to_owned()
    } else {
        format!("Content-Length: {len}")
    };
    Reply::Stream {
        head: format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{framing}\r\n\r\n")
            .into_bytes(),
        fill: b' ',
        body_len: len,
        chunked,
    }
}

/// Checks a huge-body run: `ResponseTooLarge` naming `limit`, one attempt, and the server saw
/// the client hang up before it had written the whole body (`incomplete`) or at all.
async fn assert_too_large(run: &Run, server: &Server, limit: usize, incomplete: bool) {
    let text = run.text();
    let Error::ResponseTooLarge(too_large) = run.err() else {
        panic!("expected Error::ResponseTooLarge, got {:?}", run.err())
    };
    assert_eq!((too_large.status, too_large.limit), (200, limit));
    assert_eq!(run.err().status(), Some(200));
    assert!(!run.err().is_timeout());
    assert_eq!(
        text,
        format!("response body exceeds the limit of {limit} bytes (status 200)")
    );
    run.assert_attempts(1);
    let outcome: StreamOutcome = server
        .wait_for_stream(Duration::from_secs(10))
        .await
        .expect("the server never saw the client hang up");
    eprintln!("  server: {outcome:?}");
    if incomplete {
        assert!(
            !outcome.complete,
            "the client let the server write the whole body: {outcome:?}"
        );
    }
}

/// Large enough that kernel socket buffers (up to tens of MiB on loopback) cannot absorb it.
const ENDLESS: usize = 256 * 1024 * 1024;

#[tokio::test]
async fn a_10_mb_body_announced_by_content_length_is_refused_unread() {
    for op in OPS {
        let server = Server::start(huge(10_000_000, false)).await;
        let run = observe(
            "2xx, 10 MB body (Content-Length), default 4 MiB cap",
            op,
            &client_for(&server),
            Some(&server),
        )
        .await;
        assert_too_large(&run, &server, DEFAULT_MAX_RESPONSE_BYTES, false).await;
    }
}

#[tokio::test]
async fn an_endless_chunked_body_is_cut_at_the_default_limit() {
    for op in OPS {
        let server = Server::start(huge(ENDLESS, true)).await;
        let run = observe(
            "2xx, endless chunked body, default 4 MiB cap",
            op,
            &client_for(&server),
            Some(&server),
        )
        .await;
        assert_too_large(&run, &server, DEFAULT_MAX_RESPONSE_BYTES, true).await;
    }
}

#[tokio::test]
async fn an_endless_body_is_cut_at_a_small_limit() {
    for chunked in [false, true] {
        let server = Server::start(huge(ENDLESS, chunked)).await;
        let client = Client::builder(PROJECT_ID, SECRET)
            .base_url(server.base_url())
            .max_response_bytes(1024)
            .build()
            .unwrap();
        let fault = if chunked {
            "2xx, endless chunked body, max_response_bytes(1024)"
        } else {
            "2xx, 256 MiB body (Content-Length), max_response_bytes(1024)"
        };
        let run = observe(fault, Op::Send, &client, Some(&server)).await;
        assert_too_large(&run, &server, 1024, true).await;
    }
}

// ---------------------------------------------------------------------------------------
// Stytch said it did not process the request: retried

#[tokio::test]
async fn a_429_with_retry_after_is_retried_after_that_long() {
    for op in OPS {
        let server = Server::start(Script::queue([
            stytch_error(429, "too_many_requests", "Too many requests.")
                .header("Retry-After", "1")
                .into(),
            op.ok(),
        ]))
        .await;
        let run = observe(
            "429 Retry-After: 1, then 200",
            op,
            &client_for(&server),
            Some(&server),
        )
        .await;
        assert!(run.result.is_ok(), "{:?}", run.result);
        run.assert_attempts(2);
        assert!(run.elapsed >= Duration::from_secs(1), "{:?}", run.elapsed);
        assert_eq!(run.span.field("status"), Some("200"));
    }
}

#[tokio::test]
async fn a_retry_after_http_date_is_waited_for() {
    for op in OPS {
        // Two seconds ahead, written with one-second resolution: a wait of 1 to 2 s.
        let at = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(2));
        let server = Server::start(Script::queue([
            stytch_error(503, "service_unavailable", "Down for a moment.")
                .header("Retry-After", &at)
                .into(),
            op.ok(),
        ]))
        .await;
        let run = observe(
            "503 Retry-After: <HTTP date 2 s ahead>, then 200",
            op,
            &client_for(&server),
            Some(&server),
        )
        .await;
        assert!(run.result.is_ok(), "{:?}", run.result);
        run.assert_attempts(2);
        assert!(
            run.elapsed >= Duration::from_millis(900),
            "{at}: {:?}",
            run.elapsed
        );
    }
    // A date already past means "now": retried at once, still two attempts.
    let server = Server::start(Script::queue([
        stytch_error(429, "too_many_requests", "Too many requests.")
            .header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT")
            .into(),
        OPS[0].ok(),
    ]))
    .await;
    let run = observe(
        "429 Retry-After: <a past date>",
        OPS[0],
        &client_for(&server),
        Some(&server),
    )
    .await;
    assert!(run.result.is_ok(), "{:?}", run.result);
    run.assert_attempts(2);
}

#[tokio::test]
async fn a_429_that_persists_is_retried_then_returned() {
    for op in OPS {
        let server = Server::start(stytch_error(
            429,
            "too_many_requests",
            "Too many requests have been made.",
        ))
        .await;
        // the default policy, timed as a user would see it
        let run = observe(
            "429 without Retry-After, every time",
            op,
            &client_for(&server),
            Some(&server),
        )
        .await;
        let text = run.text();
        let Error::Api(api) = run.err() else {
            panic!("expected Error::Api, got {:?}", run.err())
        };
        assert_eq!(api.status_code, 429);
        assert_eq!(run.err().error_type(), Some("too_many_requests"));
        assert!(!run.err().is_timeout());
        assert_eq!(
            text,
            "Stytch API error 429 too_many_requests: Too many requests have been made. (request_id: request-id-test-429)"
        );
        run.assert_attempts(3);
        // two jittered backoffs of at most 100 ms and 200 ms
        assert!(run.elapsed < Duration::from_secs(5), "{:?}", run.elapsed);
        assert_eq!(run.span.field("request_id"), Some("request-id-test-429"));
    }
}

#[tokio::test]
async fn a_429_without_retry_after_then_a_200_succeeds() {
    let server = Server::start(Script::queue([Response::new(429).into(), Op::Send.ok()])).await;
    let run = observe(
        "429 without Retry-After, then 200",
        Op::Send,
        &client_for(&server),
        Some(&server),
    )
    .await;
    assert!(run.result.is_ok(), "{:?}", run.result);
    run.assert_attempts(2);
}

#[tokio::test]
async fn a_long_retry_after_is_capped() {
    let server = Server::start(Response::new(429).header("Retry-After", "3600")).await;
    let policy = RetryPolicy::default().max_retry_after(Duration::from_millis(100));
    let run = observe(
        "429 Retry-After: 3600, max_retry_after(100 ms)",
        Op::Send,
        &client_with(&server, policy),
        Some(&server),
    )
    .await;
    run.text();
    assert!(matches!(run.err(), Error::Http(h) if h.status == 429));
    run.assert_attempts(3);
    assert!(
        run.elapsed >= Duration::from_millis(200),
        "{:?}",
        run.elapsed
    );
    assert!(run.elapsed < Duration::from_secs(10), "{:?}", run.elapsed);
}

#[tokio::test]
async fn an_empty_503_is_retried_then_an_http_error() {
    for op in OPS {
        let server = Server::start(Response::new(503)).await;
        let run = observe(
            "empty 503, every time",
            op,
            &client_for(&server),
            Some(&server),
        )
        .await;
        let text = run.text();
        let Error::Http(http) = run.err() else {
            panic!("expected Error::Http, got {:?}", run.err())
        };
        assert_eq!(http.status, 503);
        assert_eq!(http.body_snippet, "");
        assert_eq!(run.err().status(), Some(503));
        assert_eq!(text, "HTTP 503 Service Unavailable with an empty body");
        run.assert_attempts(3);
        assert_eq!(run.span.field("status"), Some("503"));
    }
}

// ---------------------------------------------------------------------------------------
// The policy's knobs

#[tokio::test]
async fn retries_disabled_make_one_attempt_on_a_429() {
    for op in OPS {
        let server = Server::start(Response::new(429).header("Retry-After", "0")).await;
        let run = observe(
            "429, RetryPolicy::disabled()",
            op,
            &client_with(&server, RetryPolicy::disabled()),
            Some(&server),
        )
        .await;
        run.text();
        assert!(matches!(run.err(), Error::Http(h) if h.status == 429));
        run.assert_attempts(1);
    }
}

#[tokio::test]
async fn max_attempts_bounds_the_attempts() {
    let server = Server::start(Response::new(503)).await;
    let run = observe(
        "empty 503, max_attempts(5)",
        Op::Send,
        &client_with(&server, quick().max_attempts(5)),
        Some(&server),
    )
    .await;
    assert!(matches!(run.err(), Error::Http(h) if h.status == 503));
    run.assert_attempts(5);

    let server = Server::start(Response::new(500)).await;
    let policy = quick().max_attempts(5).retry_possibly_processed(true);
    let run = observe(
        "empty 500, max_attempts(5), retry_possibly_processed",
        Op::Send,
        &client_with(&server, policy),
        Some(&server),
    )
    .await;
    assert!(matches!(run.err(), Error::Http(h) if h.status == 500));
    run.assert_attempts(5);
}

#[tokio::test]
async fn opting_in_retries_what_may_have_been_processed() {
    let policy = quick().retry_possibly_processed(true);
    let cases: [(&str, Reply); 3] = [
        (
            "500 then 200, retry_possibly_processed",
            Response::new(500).into(),
        ),
        (
            "reset before the status line then 200, retry_possibly_processed",
            Reply::Close,
        ),
        (
            "headers never come then 200, retry_possibly_processed",
            Reply::Hang,
        ),
    ];
    for (fault, first) in cases {
        let server = Server::start(Script::queue([first, Op::Send.ok()])).await;
        let client = client_with(&server, policy).with_timeout(SHORT_TIMEOUT);
        let run = observe(fault, Op::Send, &client, Some(&server)).await;
        assert!(run.result.is_ok(), "{fault}: {:?}", run.result);
        // the documented hazard of opting in: the send went out twice
        run.assert_attempts(2);
    }
}

#[tokio::test]
async fn no_fault_that_may_have_been_processed_repeats_a_send() {
    // Even with a generous policy, a send that may have reached Stytch is never repeated.
    let policy = RetryPolicy::default()
        .max_attempts(10)
        .backoff(Duration::ZERO, Duration::ZERO);
    let faults: Vec<(&str, Reply)> = vec![
        ("reset before the status line", Reply::Close),
        (
            "reset after the status line",
            Reply::Raw(b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n{\"req".to_vec()),
        ),
        ("headers never come", Reply::Hang),
        (
            "body stalls",
            Reply::RawThenHang(b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n{".to_vec()),
        ),
        ("500", Response::new(500).into()),
        ("502", Response::new(502).into()),
        ("504", Response::new(504).into()),
        (
            "truncated 200",
            Response::json_text(200, "{\"request_id\":").into(),
        ),
        ("200 over the size limit", huge(ENDLESS, true)),
        (
            "garbage instead of HTTP",
            Reply::Raw(b"SSH-2.0-OpenSSH_9.6\r\n".to_vec()),
        ),
    ];
    for (fault, reply) in faults {
        let server = Server::start(Script::handler(move |_| reply.clone())).await;
        let client = client_with(&server, policy).with_timeout(SHORT_TIMEOUT);
        let started = Instant::now();
        let result = Op::Send.call(&client).await;
        assert!(result.is_err(), "{fault}");
        assert_eq!(
            server.requests().len(),
            1,
            "{fault}: the send was repeated ({:?})",
            result
        );
        assert_eq!(server.connections(), 1, "{fault}");
        assert!(started.elapsed() < SLOW, "{fault}");
    }
}
