//! Every way a call can fail, over real HTTP: the error variant and its fields, one-line
//! `Display`, and that neither `Display` nor `Debug` shows the secret, the code or a token.

mod support;

use std::error::Error as _;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use stytch_b2b_otp_sms::otp_sms::{AuthenticateRequest, SendRequest};
use stytch_b2b_otp_sms::{Client, Error, RetryPolicy};
use support::{
    EXPECTED_AUTHORIZATION, PROJECT_ID, Reply, Response, SECRET, Server, assert_free_of, client,
    fixture_json,
};

const ORG: &str = "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931";
const MEMBER: &str = "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f";

// Secrets in the request...
const CODE: &str = "246810";
const REQ_IST: &str = "ist-ERRORS-INTERMEDIATE-TOKEN-1a2b";
const REQ_ST: &str = "st-ERRORS-SESSION-TOKEN-3c4d";
const REQ_JWT: &str = "jwt-ERRORS-SESSION-JWT-5e6f";
// ...and in responses.
const RESP_ST: &str = "st-RESPONSE-SESSION-TOKEN-7a8b";
const RESP_JWT: &str = "jwt-RESPONSE-SESSION-JWT-9c0d";
const RESP_IST: &str = "ist-RESPONSE-INTERMEDIATE-TOKEN-e1f2";

fn request() -> AuthenticateRequest {
    AuthenticateRequest::new(ORG, MEMBER, CODE)
        .intermediate_session_token(REQ_IST)
        .session_token(REQ_ST)
        .session_jwt(REQ_JWT)
        .session_duration_minutes(60)
}

/// The full authenticate fixture carrying this file's response tokens.
fn body_with_tokens() -> Value {
    let mut body = fixture_json("authenticate_full.json");
    body["session_token"] = json!(RESP_ST);
    body["session_jwt"] = json!(RESP_JWT);
    body
}

async fn fail_with(client: &Client) -> Error {
    let result = client.otps().sms().authenticate(request()).await;
    match result {
        Ok(r) => panic!("expected an error, got a response for {}", r.member_id),
        Err(e) => e,
    }
}

/// Runs one authenticate call against a server that gives `reply`, and returns its error.
async fn error_for(reply: impl Into<Reply>) -> (Error, Server) {
    let server = Server::start(reply.into()).await;
    let err = fail_with(&client(&server)).await;
    (err, server)
}

/// Checks the rules every error follows and returns its `Display`.
#[track_caller]
fn check(err: &Error) -> String {
    let text = err.to_string();
    assert!(!text.is_empty());
    assert!(
        !text.contains('\n') && !text.contains('\r'),
        "Display is not one line: {text:?}"
    );
    let credentials = EXPECTED_AUTHORIZATION.trim_start_matches("Basic ");
    let secrets = [
        SECRET,
        "SUPERSECRET",
        credentials,
        CODE,
        REQ_IST,
        REQ_ST,
        REQ_JWT,
        RESP_ST,
        RESP_JWT,
        RESP_IST,
    ];
    let mut rendered = vec![text.clone(), format!("{err:?}"), format!("{err:#?}")];
    let mut source = err.source();
    while let Some(s) = source {
        rendered.push(s.to_string());
        rendered.push(format!("{s:?}"));
        source = s.source();
    }
    for r in &rendered {
        assert_free_of(r, &secrets);
    }
    text
}

// ---------------------------------------------------------------------------------------
// Error responses

#[tokio::test]
async fn stytch_error_json_is_an_api_error() {
    let body = json!({
        "status_code": 404,
        "request_id": "request-id-test-0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
        "error_type": "member_not_found",
        "error_message": "Member could not be found.",
        "error_url": "https://stytch.com/docs/api/errors/404#member_not_found",
        "error_details": { "member_id": MEMBER, "attempts": 2 },
    });
    let (err, _server) = error_for(Response::json(404, &body)).await;
    let text = check(&err);
    let Error::Api(api) = &err else {
        panic!("expected Error::Api, got {err:?}")
    };
    assert_eq!(api.status_code, 404);
    assert_eq!(
        api.request_id,
        "request-id-test-0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
    );
    assert_eq!(api.error_type, "member_not_found");
    assert_eq!(api.error_message, "Member could not be found.");
    assert_eq!(
        api.error_url,
        "https://stytch.com/docs/api/errors/404#member_not_found"
    );
    let details = &api.error_details;
    assert_eq!(details["member_id"], MEMBER);
    assert_eq!(details["attempts"], 2);
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.error_type(), Some("member_not_found"));
    assert_eq!(
        err.request_id(),
        Some("request-id-test-0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f")
    );
    assert!(!err.is_timeout());
    assert!(
        text.contains("404") && text.contains("member_not_found"),
        "{text}"
    );
    assert!(text.contains("request-id-test-0c1d2e3f"), "{text}");
}

#[tokio::test]
async fn oauth2_style_error_is_mapped_to_an_api_error() {
    let body = json!({
        "error": "invalid_client",
        "error_description": "Client authentication failed.",
        "error_uri": "https://stytch.com/docs/api/errors/401#invalid_client",
    });
    let (err, _server) = error_for(Response::json(401, &body)).await;
    let text = check(&err);
    let Error::Api(api) = &err else {
        panic!("expected Error::Api, got {err:?}")
    };
    assert_eq!(api.status_code, 401);
    assert_eq!(api.error_type, "invalid_client");
    assert_eq!(api.error_message, "Client authentication failed.");
    assert_eq!(
        api.error_url,
        "https://stytch.com/docs/api/errors/401#invalid_client"
    );
    assert_eq!(api.request_id, "");
    assert!(api.error_details.is_empty());
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.error_type(), Some("invalid_client"));
    assert_eq!(err.request_id(), None);
    assert!(text.contains("invalid_client"), "{text}");
}

#[tokio::test]
async fn rate_limit_error_keeps_its_status() {
    let body = json!({
        "status_code": 429,
        "request_id": "req-429",
        "error_type": "too_many_requests",
        "error_message": "Too many requests have been made.\nTry again later.",
    });
    let response = Response::json(429, &body).header("Retry-After", "2");
    let (err, _server) = error_for(response).await;
    let text = check(&err);
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.error_type(), Some("too_many_requests"));
    assert!(text.contains("Try again later."), "{text}");
}

#[tokio::test]
async fn html_502_is_an_http_error_with_a_snippet() {
    let html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";
    let response = Response::new(502)
        .header("Content-Type", "text/html")
        .body(html);
    let (err, _server) = error_for(response).await;
    let text = check(&err);
    let Error::Http(http) = &err else {
        panic!("expected Error::Http, got {err:?}")
    };
    assert_eq!(http.status, 502);
    assert!(http.body_snippet.contains("502 Bad Gateway"), "{http:?}");
    assert!(!http.body_snippet.contains('\n'));
    // Display shows the start of the page on one line; the page stays whole beside it.
    assert_eq!(http.body(), html.as_bytes());
    assert_eq!(
        text,
        "otps.sms.authenticate: HTTP 502 Bad Gateway with a non-JSON body: \
         \"<html> <head><title>502 Bad Gateway</title></head> <body> <center><h1>502 Bad \
         Gateway</h1></center> </body> </html>\""
    );
    assert_eq!(err.status(), Some(502));
    assert_eq!(err.error_type(), None);
    assert_eq!(err.request_id(), None);
    assert!(
        text.contains("502") && text.contains("Bad Gateway"),
        "{text}"
    );
}

#[tokio::test]
async fn empty_503_is_an_http_error() {
    let (err, _server) = error_for(Response::new(503)).await;
    let text = check(&err);
    let Error::Http(http) = &err else {
        panic!("expected Error::Http, got {err:?}")
    };
    assert_eq!(http.status, 503);
    assert_eq!(http.body_snippet, "");
    assert_eq!(err.status(), Some(503));
    assert!(text.contains("503"), "{text}");
}

#[tokio::test]
async fn json_error_that_is_not_stytchs_redacts_tokens() {
    let body = json!({
        "session_token": RESP_ST,
        "message": "upstream exploded",
        "nested": { "intermediate_session_token": RESP_IST, "session_jwt": RESP_JWT },
    });
    let (err, _server) = error_for(Response::json(500, &body)).await;
    let text = check(&err);
    let Error::Http(http) = &err else {
        panic!("expected Error::Http, got {err:?}")
    };
    assert_eq!(http.status, 500);
    assert!(text.contains("upstream exploded"), "{text}");
    assert!(text.contains("[redacted]"), "{text}");
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let response = Response::new(302).header("Location", "http://127.0.0.1:9/elsewhere");
    let (err, server) = error_for(response).await;
    check(&err);
    assert!(matches!(&err, Error::Http(h) if h.status == 302), "{err:?}");
    assert_eq!(server.requests().len(), 1);
}

// ---------------------------------------------------------------------------------------
// 2xx bodies that do not decode

#[tokio::test]
async fn wrong_type_at_top_level_field_is_a_decode_error_naming_it() {
    let mut body = body_with_tokens();
    body["member"] = json!("member-as-a-string");
    let (err, _server) = error_for(Response::json(200, &body)).await;
    let text = check(&err);
    let Error::Decode(decode) = &err else {
        panic!("expected Error::Decode, got {err:?}")
    };
    assert_eq!(decode.path, "member");
    assert_eq!(decode.status, Some(200));
    assert_eq!(err.status(), Some(200));
    assert!(text.contains("member"), "{text}");
}

#[tokio::test]
async fn wrong_type_in_a_nested_list_is_a_decode_error_naming_its_path() {
    let mut body = body_with_tokens();
    body["member"]["roles"] = json!("x");
    let (err, _server) = error_for(Response::json(200, &body)).await;
    let text = check(&err);
    let Error::Decode(decode) = &err else {
        panic!("expected Error::Decode, got {err:?}")
    };
    assert_eq!(decode.path, "member.roles");
    assert!(
        text.starts_with(
            "otps.sms.authenticate: could not decode the response body at member.roles: "
        ),
        "{text}"
    );

    for (pointer, value, path) in [
        (
            "/member/roles/0/role_id",
            json!(5),
            "member.roles[0].role_id",
        ),
        (
            "/member_session/authentication_factors/3/delivery_method",
            json!(7),
            "member_session.authentication_factors[3].delivery_method",
        ),
        (
            "/organization/custom_roles/0/permissions/1/actions",
            json!({"read": true}),
            "organization.custom_roles[0].permissions[1].actions",
        ),
    ] {
        let mut body = body_with_tokens();
        *body.pointer_mut(pointer).unwrap() = value;
        let (err, _server) = error_for(Response::json(200, &body)).await;
        check(&err);
        assert!(
            matches!(&err, Error::Decode(d) if d.path == path),
            "{path}: {err:?}"
        );
    }
}

#[tokio::test]
async fn wrong_type_in_a_sensitive_field_does_not_echo_its_value() {
    let mut body = body_with_tokens();
    body["session_token"] = json!(4_242_424_242_u64);
    let (err, _server) = error_for(Response::json(200, &body)).await;
    check(&err);
    assert!(
        matches!(&err, Error::Decode(d) if d.path == "session_token"),
        "{err:?}"
    );
    assert_free_of(&err.to_string(), &["4242424242"]);
    assert_free_of(&format!("{err:?}"), &["4242424242"]);
}

#[tokio::test]
async fn truncated_json_is_a_decode_error() {
    let full = serde_json::to_string(&body_with_tokens()).unwrap();
    let truncated = full[..full.len() / 2].to_owned();
    let (err, _server) = error_for(Response::json_text(200, truncated)).await;
    let text = check(&err);
    assert!(
        matches!(&err, Error::Decode(d) if d.status == Some(200)),
        "{err:?}"
    );
    assert!(
        text.starts_with("otps.sms.authenticate: could not decode the response body"),
        "{text}"
    );
}

#[tokio::test]
async fn truncated_json_cut_right_after_the_tokens_is_redacted() {
    // The body is not valid JSON, so it cannot be redacted key by key; the tokens near its
    // start must still not reach the error.
    let truncated = format!(
        r#"{{"request_id":"request-id-test-1","member_id":"{MEMBER}","session_token":"{RESP_ST}","session_jwt":"{RESP_JWT}","status_code":200,"member":{{"member_id":"mem"#
    );
    let (err, _server) = error_for(Response::json_text(200, truncated)).await;
    check(&err);
    assert!(matches!(&err, Error::Decode(_)), "{err:?}");
}

#[tokio::test]
async fn empty_or_trailing_garbage_2xx_body_is_a_decode_error() {
    let (err, _server) = error_for(Response::json_text(200, "")).await;
    check(&err);
    assert!(
        matches!(&err, Error::Decode(d) if d.status == Some(200)),
        "{err:?}"
    );

    let mut text = serde_json::to_string(&body_with_tokens()).unwrap();
    text.push_str(" {\"again\": true}");
    let (err, _server) = error_for(Response::json_text(200, text)).await;
    check(&err);
    assert!(matches!(&err, Error::Decode(_)), "{err:?}");
}

// ---------------------------------------------------------------------------------------
// Transport, timeouts, size limits

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let addr = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    }; // dropped: nothing listens there any more
    let client = Client::builder(PROJECT_ID, SECRET)
        .base_url(format!("http://{addr}"))
        .build()
        .unwrap();
    let err = fail_with(&client).await;
    let text = check(&err);
    let Error::Transport(transport) = &err else {
        panic!("expected Error::Transport, got {err:?}")
    };
    assert!(transport.is_connect());
    assert!(!err.is_timeout());
    assert_eq!(err.status(), None);
    assert!(text.contains(&addr.to_string()), "{text}");
}

#[tokio::test]
async fn silent_server_times_out() {
    let server = Server::start(Reply::Hang).await;
    let client = Client::builder(PROJECT_ID, SECRET)
        .base_url(server.base_url())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = fail_with(&client).await;
    assert!(started.elapsed() < Duration::from_secs(20));
    let text = check(&err);
    assert!(err.is_timeout(), "{err:?}");
    let Error::Timeout(timeout) = &err else {
        unreachable!()
    };
    assert!(!timeout.connect);
    assert_eq!(timeout.timeout, Duration::from_millis(300));
    // A timeout after sending is not retried by default: one attempt, not counted in the text.
    assert_eq!(text, "otps.sms.authenticate: timed out after 300ms");
    assert_eq!(
        (err.operation(), err.attempts()),
        (Some("otps.sms.authenticate"), 1)
    );
    assert_eq!(err.status(), None);
    // the request did reach the server
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_retried_timeout_names_the_operation_and_the_attempts() {
    let server = Server::start(Reply::Hang).await;
    let client = Client::builder(PROJECT_ID, SECRET)
        .base_url(server.base_url())
        .timeout(Duration::from_millis(200))
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(3)
                .backoff(Duration::from_millis(1), Duration::from_millis(5))
                .retry_possibly_processed(true),
        )
        .build()
        .unwrap();
    let err = client
        .otps()
        .sms()
        .send(SendRequest::new(ORG, MEMBER))
        .await
        .unwrap_err();
    let text = check(&err);
    assert_eq!(text, "otps.sms.send: timed out after 200ms (3 attempts)");
    assert_eq!(
        (err.operation(), err.attempts()),
        (Some("otps.sms.send"), 3)
    );
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn body_that_stalls_times_out() {
    let head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{\"request_id\":\"r\",";
    let server = Server::start(Reply::RawThenHang(head.to_vec())).await;
    let client = Client::builder(PROJECT_ID, SECRET)
        .base_url(server.base_url())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = fail_with(&client).await;
    check(&err);
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn closed_without_an_answer_is_a_transport_error() {
    let (err, server) = error_for(Reply::Close).await;
    check(&err);
    let Error::Transport(transport) = &err else {
        panic!("expected Error::Transport, got {err:?}")
    };
    assert!(!transport.is_connect());
    assert!(!err.is_timeout());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn connection_closed_mid_body_is_a_transport_error() {
    let raw = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"request_id\":\"r\",".to_vec();
    let (err, _server) = error_for(Reply::Raw(raw)).await;
    check(&err);
    assert!(matches!(&err, Error::Transport(_)), "{err:?}");
}

#[tokio::test]
async fn garbage_instead_of_http_is_a_transport_error() {
    let (err, _server) = error_for(Reply::Raw(b"SSH-2.0-OpenSSH_9.6\r\n\r\n".to_vec())).await;
    check(&err);
    assert!(matches!(&err, Error::Transport(_)), "{err:?}");
}

fn small_client(server: &Server, limit: usize) -> Client {
    Client::builder(PROJECT_ID, SECRET)
        .base_url(server.base_url())
        .max_response_bytes(limit)
        .build()
        .unwrap()
}

#[tokio::test]
async fn body_over_the_limit_is_response_too_large() {
    // announced by Content-Length
    let server = Server::start(Response::json(200, &body_with_tokens())).await;
    let err = fail_with(&small_client(&server, 1024)).await;
    let text = check(&err);
    let Error::ResponseTooLarge(too_large) = &err else {
        panic!("expected Error::ResponseTooLarge, got {err:?}")
    };
    assert_eq!((too_large.status, too_large.limit), (200, 1024));
    assert_eq!(err.status(), Some(200));
    assert!(text.contains("1024"), "{text}");

    // error statuses are limited too
    let server = Server::start(Response::new(500).body(vec![b'x'; 4096])).await;
    let err = fail_with(&small_client(&server, 1024)).await;
    check(&err);
    assert!(
        matches!(&err, Error::ResponseTooLarge(e) if e.status == 500),
        "{err:?}"
    );
}

#[tokio::test]
async fn chunked_body_over_the_limit_is_response_too_large() {
    // no Content-Length: the limit is enforced while reading
    let mut raw =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            .to_vec();
    for _ in 0..8 {
        raw.extend_from_slice(b"200\r\n");
        raw.extend_from_slice(&[b' '; 0x200]);
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"0\r\n\r\n");
    let server = Server::start(Reply::Raw(raw)).await;
    let err = fail_with(&small_client(&server, 1024)).await;
    check(&err);
    assert!(
        matches!(&err, Error::ResponseTooLarge(e) if e.status == 200 && e.limit == 1024),
        "{err:?}"
    );
}

#[tokio::test]
async fn body_exactly_at_the_limit_is_accepted() {
    let body = serde_json::to_vec(&fixture_json("authenticate_minimal.json")).unwrap();
    let server = Server::start(Response::json_text(200, body.clone())).await;
    let ok = small_client(&server, body.len())
        .otps()
        .sms()
        .authenticate(request())
        .await;
    assert!(ok.is_ok(), "{:?}", ok.err());
    let server = Server::start(Response::json_text(200, body.clone())).await;
    let err = fail_with(&small_client(&server, body.len() - 1)).await;
    assert!(matches!(err, Error::ResponseTooLarge(_)), "{err:?}");
}

#[tokio::test]
async fn an_empty_identifier_is_refused_before_sending_naming_it() {
    let server = Server::start(Response::json(200, &body_with_tokens())).await;
    let client = client(&server);
    let err = client
        .otps()
        .sms()
        .authenticate(AuthenticateRequest::new("", MEMBER, CODE))
        .await
        .unwrap_err();
    assert_eq!(
        check(&err),
        "otps.sms.authenticate: argument `organization_id` is empty; Stytch requires a \
         non-empty value"
    );
    let Error::Argument(argument) = &err else {
        panic!("expected Error::Argument, got {err:?}")
    };
    assert_eq!(
        (argument.operation, argument.parameter),
        ("otps.sms.authenticate", "organization_id")
    );
    assert_eq!((err.status(), err.attempts()), (None, 0));
    let err = client
        .otps()
        .sms()
        .send(SendRequest::new(ORG, ""))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Argument(a) if a.operation == "otps.sms.send" && a.parameter == "member_id"),
        "{err:?}"
    );
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[test]
fn config_errors_follow_the_same_rules() {
    for builder in [
        Client::builder(PROJECT_ID, SECRET).base_url("http://example.com"),
        Client::builder(PROJECT_ID, SECRET).base_url("https://user:SUPERSECRET@example.com"),
        Client::builder(PROJECT_ID, SECRET).timeout(Duration::ZERO),
        Client::builder("", SECRET),
        Client::builder(format!("{PROJECT_ID}:x"), SECRET),
    ] {
        let err = builder.build().unwrap_err();
        check(&err);
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        assert_eq!(err.status(), None);
    }
}
