use std::time::Duration;

use super::body::{SNIPPET_CHARS, cause_chain, collapsed, redact_raw, snippet};
use super::*;

#[test]
fn debug_is_what_derive_would_print() {
    let e = config_error("bad input");
    assert_eq!(
        format!("{e:?}"),
        r#"Config(ConfigError { message: "bad input" })"#
    );
    let e = Error::ResponseTooLarge(ResponseTooLargeError {
        status: 200,
        limit: 9,
        call: CallContext::default(),
    })
    .in_call("otps.sms.send", 2);
    assert_eq!(
        format!("{e:?}"),
        "ResponseTooLarge(ResponseTooLargeError { status: 200, limit: 9, call: CallContext { \
         operation: Some(\"otps.sms.send\"), attempts: 2 } })"
    );
    assert!(format!("{e:#?}").starts_with("ResponseTooLarge(\n"));
}

fn assert_one_line(e: &impl fmt::Display) -> String {
    let s = e.to_string();
    assert!(!s.contains('\n') && !s.contains('\r'), "multi-line: {s}");
    assert!(!s.is_empty());
    s
}

#[test]
fn raw_redaction_reads_whole_strings_and_any_value() {
    let cases = [
        // an escaped quote earlier in the body must not shift the scan
        r#"{"note":"6\" display","session_token":"st-SECRET","member":{"#,
        // a key written with \u escapes
        r#"{"session\u005ftoken":"st-SECRET","x":1,"#,
        // non-string values, nested structures, a cut-off value
        r#"{"code":123456789,"session_jwt":{"a":["SECRET"]},"intermediate_session_token":"SECR"#,
    ];
    for body in cases {
        let s = redact_raw(body);
        assert!(
            !s.contains("SECRET") && !s.contains("123456789"),
            "{body} -> {s}"
        );
        assert!(s.contains("[redacted]"), "{s}");
    }
    assert_eq!(
        redact_raw(r#"{"a":"keep \"this\"","code":"1","b":2"#),
        r#"{"a":"keep \"this\"","code":"[redacted]","b":2"#
    );
}

#[test]
fn truncated_json_snippets_hide_token_values() {
    let body = br#"{"request_id":"r-1","session_token":"tok-SECRET-1","session_jwt":"eyJ-SECRET-2","code": "12345"#;
    let s = snippet(body);
    assert!(!s.contains("SECRET") && !s.contains("12345"), "{s}");
    assert!(s.contains(r#""request_id":"r-1""#), "{s}");
    assert!(s.contains(r#""session_token":"[redacted]""#), "{s}");
}

#[test]
fn stytch_error_json_is_api_error() {
    let body = br#"{"status_code":404,"request_id":"req-123","error_type":"member_not_found",
        "error_message":"Member not found","error_url":"https://stytch.com/docs/api/errors/404#member_not_found",
        "error_details":{"member_id":"m-1"}}"#;
    let err = classify_error_body(404, body);
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status_code(), 404);
    assert_eq!(api.request_id(), "req-123");
    assert_eq!(api.error_type(), "member_not_found");
    assert_eq!(api.error_message(), "Member not found");
    assert_eq!(
        api.error_url(),
        "https://stytch.com/docs/api/errors/404#member_not_found"
    );
    assert_eq!(api.error_details()["member_id"], "m-1");
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.error_type(), Some("member_not_found"));
    assert_eq!(err.request_id(), Some("req-123"));
    assert_eq!(
        assert_one_line(&err),
        "Stytch API error 404 member_not_found: Member not found (request_id: req-123)"
    );
}

#[test]
fn status_code_falls_back_to_http_status() {
    let err = classify_error_body(
        429,
        br#"{"error_type":"too_many_requests","error_message":"slow\ndown"}"#,
    );
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.request_id(), None);
    assert_eq!(
        assert_one_line(&err),
        "Stytch API error 429 too_many_requests: slow\\ndown"
    );
}

#[test]
fn oauth2_error_json_is_api_error() {
    let body = br#"{"error":"invalid_grant","error_description":"Code expired","error_uri":"https://x/y","request_id":"r1"}"#;
    let Error::Api(api) = classify_error_body(400, body) else {
        panic!()
    };
    assert_eq!(api.status_code(), 400);
    assert_eq!(api.error_type(), "invalid_grant");
    assert_eq!(api.error_message(), "Code expired");
    assert_eq!(api.error_url(), "https://x/y");
    assert_eq!(api.request_id(), "r1");
    assert!(api.error_details().is_empty());
}

#[test]
fn html_body_is_http_error() {
    let err = classify_error_body(502, b"<html>\n<body>Bad Gateway</body>\n</html>\n");
    let Error::Http(h) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(h.status, 502);
    assert_eq!(
        assert_one_line(&err),
        r#"HTTP 502 Bad Gateway with a non-JSON body: "<html> <body>Bad Gateway</body> </html>""#
    );
    assert_eq!(h.body(), b"<html>\n<body>Bad Gateway</body>\n</html>\n");
    assert_eq!(err.error_type(), None);
}

#[test]
fn a_long_body_shows_an_excerpt_and_keeps_the_whole_body() {
    let page = format!(
        "<!DOCTYPE html>\n<html>\n  <head><title>502 Bad Gateway</title></head>\n  <body>{}</body>\n</html>\n",
        "<p>The upstream server did not answer.</p>\n".repeat(100)
    );
    let err = classify_error_body(502, page.as_bytes());
    let Error::Http(h) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(h.body(), page.as_bytes());
    assert_eq!(h.body_snippet.chars().count(), 121);
    let text = assert_one_line(&err);
    assert!(
        text.starts_with(&format!(
            "HTTP 502 Bad Gateway with a non-JSON body of {} bytes: \"<!DOCTYPE html> <html> <head>",
            page.len()
        )),
        "{text}"
    );
    assert!(text.ends_with("…\""), "{text}");
    assert!(text.len() < 250, "{text}");
    // Debug shows the excerpt and the body's length, never the body.
    let debug = format!("{err:?}");
    assert!(
        debug.contains(&format!("body_len: {}", page.len())) && debug.len() < 400,
        "{debug}"
    );
}

#[test]
fn empty_body_is_http_error() {
    let err = classify_error_body(503, b"");
    assert!(matches!(&err, Error::Http(h) if h.body_snippet.is_empty()));
    assert_eq!(
        assert_one_line(&err),
        "HTTP 503 Service Unavailable with an empty body"
    );
    let err = classify_error_body(599, b" \r\n");
    assert_eq!(assert_one_line(&err), "HTTP 599 with an empty body");
}

#[test]
fn json_without_error_fields_is_http_error() {
    let err = classify_error_body(500, br#"{"message":"oops","token":"tok-SECRET"}"#);
    let Error::Http(h) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(h.status, 500);
    let s = assert_one_line(&err);
    assert!(
        s.starts_with(
            "HTTP 500 Internal Server Error with a JSON body that is not a Stytch error: "
        ),
        "{s}"
    );
    assert!(s.contains("oops") && !s.contains("tok-SECRET"), "{s}");
    // `error` that is not a string does not count either
    assert!(matches!(
        classify_error_body(500, br#"{"error":{"x":1}}"#),
        Error::Http(_)
    ));
    assert!(matches!(classify_error_body(500, b"[1,2]"), Error::Http(_)));
}

#[test]
fn snippet_redacts_sensitive_values_at_any_depth() {
    let body = br#"{"code":"123456","a":{"session_token":"st-1","list":[{"SESSION_JWT":"jwt-1","ok":"visible"}]},
        "secret":"sec-1","token":{"nested":"tok-1"}}"#;
    let s = snippet(body);
    for leaked in ["123456", "st-1", "jwt-1", "sec-1", "tok-1"] {
        assert!(!s.contains(leaked), "{leaked} in {s}");
    }
    assert!(s.contains("visible") && s.contains("[redacted]"), "{s}");
    let body = br#"[{"access_token":"at-1","refresh_token":"rt-1","id_token":"it-1","intermediate_session_token":"ist-1"}]"#;
    let s = snippet(body);
    for leaked in ["at-1", "rt-1", "it-1", "ist-1"] {
        assert!(!s.contains(leaked), "{leaked} in {s}");
    }
}

#[test]
fn secrets_stytch_adds_later_are_redacted_before_regeneration() {
    // Names the schema does not know yet, caught by the generated secret-name rule.
    let body = br#"{"status_code":400,"request_id":"r-1","error_type":"bad","error_message":"m",
        "error_details":{"step_up_token":"tok-new-1","deep":{"newRefreshToken":"tok-new-2",
        "device_passcode":"pc-1"},"postal_code":"94107","status_code":400}}"#;
    let Error::Api(api) = classify_error_body(400, body) else {
        panic!("an API error")
    };
    let details = serde_json::Value::Object(api.error_details().clone()).to_string();
    for leaked in ["tok-new-1", "tok-new-2", "pc-1"] {
        assert!(!details.contains(leaked), "{leaked} in {details}");
    }
    // The overlay's opt-out and non-string codes stay readable.
    assert!(
        details.contains("94107") && details.contains("400"),
        "{details}"
    );
    let decode = decode_error(
        Some(200),
        "member.mystery".into(),
        "invalid type",
        br#"{"brand_new_jwt":"jwt-new-1","member":{"mystery":1}}"#,
    );
    let Error::Decode(d) = decode else { panic!() };
    assert!(!d.body_snippet.contains("jwt-new-1"), "{}", d.body_snippet);
    let cut = decode_error(
        Some(200),
        ".".into(),
        "EOF",
        br#"{"magic_links_token":"ml-1"#,
    );
    let Error::Decode(d) = cut else { panic!() };
    assert!(!d.body_snippet.contains("ml-1"), "{}", d.body_snippet);
}

#[test]
fn snippet_is_truncated_and_one_line() {
    let long = "x\n".repeat(500);
    let s = snippet(long.as_bytes());
    assert!(!s.contains('\n'));
    assert!(s.ends_with('…'));
    assert!(s.chars().count() <= SNIPPET_CHARS + 1);
    assert!(s.chars().count() >= SNIPPET_CHARS - 2);
    assert_eq!(snippet(b"a\x01b\tc"), "a\\u{1}b\\tc");
    // multi-byte characters are never split
    let s = snippet("é".repeat(300).as_bytes());
    assert_eq!(s.chars().count(), SNIPPET_CHARS + 1);
    // invalid UTF-8 does not panic
    assert_eq!(snippet(&[0xff, b'a']), "\u{fffd}a");
}

#[test]
fn decode_error_display_and_redaction() {
    let err = decode_error(
        Some(200),
        "member.roles".into(),
        "invalid type: null, expected a sequence",
        br#"{"member":{"roles":null},"session_token":"st-9"}"#,
    );
    assert_eq!(
        assert_one_line(&err),
        "could not decode the response body at member.roles: invalid type: null, expected a sequence (status 200)"
    );
    assert_eq!(err.status(), Some(200));
    let Error::Decode(d) = &err else { panic!() };
    assert!(!d.body_snippet.contains("st-9"));

    let err = decode_error(None, ".".into(), "expected value at line 1 column 1", b"");
    assert_eq!(
        assert_one_line(&err),
        "could not decode the response body: expected value at line 1 column 1"
    );
    assert_eq!(err.status(), None);

    let err = decode_error(
        Some(200),
        "session_token".into(),
        "invalid type: string \"st-secret\", expected u64",
        b"{}",
    );
    assert!(!err.to_string().contains("st-secret"));
}

#[test]
fn accessors_read_the_call() {
    let timeout = Error::from(TimeoutError {
        timeout: Duration::from_secs(30),
        connect: false,
        call: CallContext::default(),
    });
    assert!(timeout.is_timeout());
    assert_eq!(
        (timeout.status(), timeout.operation(), timeout.attempts()),
        (None, None, 0)
    );
    let timeout = timeout.in_call("otps.sms.send", 3);
    assert_eq!(
        (timeout.operation(), timeout.attempts()),
        (Some("otps.sms.send"), 3)
    );

    let argument = argument_error("otps.sms.send", "member_id", "is empty");
    assert_eq!(argument.operation(), Some("otps.sms.send"));
    assert_eq!(argument.attempts(), 0);
    let Error::Argument(a) = &argument else {
        panic!("{argument:?}")
    };
    assert_eq!((a.parameter, a.reason()), ("member_id", "is empty"));
    // Errors that belong to no call keep none, even when asked to.
    let config = config_error("project_id is empty").in_call("otps.sms.send", 2);
    assert_eq!((config.operation(), config.attempts()), (None, 0));
    assert!(!config.is_timeout());
}

#[test]
fn excerpts_collapse_whitespace_and_cut_between_characters() {
    assert_eq!(
        collapsed("  <p>\n\t Bad \r\n Gateway </p>\n", 120),
        "<p> Bad Gateway </p>"
    );
    assert_eq!(collapsed("a\u{1}b", 120), "a\\u{1}b");
    assert_eq!(collapsed("abcdef", 4), "abcd…");
    assert_eq!(collapsed("ab cd", 5), "ab cd");
    assert_eq!(collapsed("éééé", 2), "éé…");
    assert_eq!(collapsed(" \n ", 10), "");
}

#[test]
fn cause_chain_is_joined_on_one_line() {
    #[derive(Debug)]
    struct E(&'static str, Option<Box<E>>);
    impl fmt::Display for E {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }
    impl std::error::Error for E {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref().map(|e| e as _)
        }
    }
    let e = E(
        "top",
        Some(Box::new(E(
            "tcp connect error",
            Some(Box::new(E("refused\n", None))),
        ))),
    );
    assert_eq!(cause_chain(&e), "tcp connect error: refused\\n");
    assert_eq!(cause_chain(&E("only", None)), "only");
}

/// The `Display` of the variants a response produces, each as a caller meets it.
fn response_snapshots() -> Vec<(Error, &'static str)> {
    let send = "otps.sms.send";
    let long_html = format!(
        "<html>\n<body>\n{}</body></html>",
        "<p>upstream down</p>\n".repeat(20)
    );
    vec![
        (
            classify_error_body(
                429,
                br#"{"status_code":429,"request_id":"req-1","error_type":"too_many_requests","error_message":"Too many requests."}"#,
            )
            .in_call(send, 3),
            "otps.sms.send: Stytch API error 429 too_many_requests: Too many requests. \
             (request_id: req-1) (3 attempts)",
        ),
        (
            classify_error_body(502, long_html.as_bytes()).in_call(send, 1),
            "otps.sms.send: HTTP 502 Bad Gateway with a non-JSON body of 448 bytes: \"<html> \
             <body> <p>upstream down</p> <p>upstream down</p> <p>upstream down</p> <p>upstream \
             down</p> <p>upstream down</p> <…\"",
        ),
        (
            classify_error_body(503, b"").in_call(send, 2),
            "otps.sms.send: HTTP 503 Service Unavailable with an empty body (2 attempts)",
        ),
        (
            classify_error_body(500, br#"{"message":"oops","session_token":"st-1"}"#)
                .in_call(send, 1),
            "otps.sms.send: HTTP 500 Internal Server Error with a JSON body that is not a Stytch \
             error: \"{\"message\":\"oops\",\"session_token\":\"[redacted]\"}\"",
        ),
        (
            decode_error(Some(200), "member.roles".into(), "invalid type: null, expected a sequence", b"{}")
                .in_call(send, 1),
            "otps.sms.send: could not decode the response body at member.roles: invalid type: \
             null, expected a sequence (status 200)",
        ),
        (
            Error::from(ResponseTooLargeError {
                status: 200,
                limit: 4096,
                call: CallContext::default(),
            })
            .in_call(send, 1),
            "otps.sms.send: response body exceeds the limit of 4096 bytes (status 200)",
        ),
    ]
}

/// The `Display` of the other variants, each as a caller meets it.
fn other_snapshots() -> Vec<(Error, &'static str)> {
    let send = "otps.sms.send";
    let mut map = std::collections::HashMap::new();
    map.insert(vec![1u8], 1);
    // reqwest's client needs a process-wide rustls provider (the SDK's own gets one per
    // client); its builder error is a transport error built without a network. rustls
    // 0.23.48 deprecates ring's provider (no post-quantum key exchange); this test's client
    // sends nothing.
    #[allow(deprecated)]
    let _ = rustls::crypto::ring::default_provider().install_default();
    let transport = reqwest::Client::new()
        .get("no-scheme")
        .build()
        .expect_err("a relative URL is refused");
    vec![
        (
            Error::from(EncodeError {
                operation: send,
                source: serde_json::to_vec(&map).unwrap_err(),
            }),
            "otps.sms.send: could not serialize the request body: key must be a string",
        ),
        (
            Error::from(TransportError::new(transport, "https://test.stytch.com")).in_call(send, 3),
            "otps.sms.send: request to https://test.stytch.com failed: relative URL without a \
             base (3 attempts)",
        ),
        (
            Error::from(TimeoutError {
                timeout: Duration::from_secs(10),
                connect: false,
                call: CallContext::default(),
            })
            .in_call(send, 3),
            "otps.sms.send: timed out after 10s (3 attempts)",
        ),
        (
            Error::from(TimeoutError {
                timeout: Duration::from_millis(1500),
                connect: true,
                call: CallContext::default(),
            })
            .in_call(send, 1),
            "otps.sms.send: timed out connecting after 1.5s",
        ),
        (
            argument_error(
                send,
                "organization_id",
                "is empty; Stytch requires a non-empty value",
            ),
            "otps.sms.send: argument `organization_id` is empty; Stytch requires a non-empty value",
        ),
        (
            config_error("project_id is empty"),
            "invalid client configuration: project_id is empty",
        ),
        (
            Error::from(JwtError::new(JwtErrorKind::Expired, "expired 30s ago")),
            "session JWT not accepted (session_jwt_expired): expired 30s ago",
        ),
        (
            Error::from(AuthorizationError::new(
                AuthorizationErrorKind::InvalidPermissions,
                "no role grants `create` on `documents`",
            )),
            "not authorized (invalid_permissions): no role grants `create` on `documents`",
        ),
        (
            Error::from(UnavailableError::new(
                "rbac_policy_unavailable",
                "the organization's RBAC policy",
                Error::from(TimeoutError {
                    timeout: Duration::from_secs(5),
                    connect: false,
                    call: CallContext::default(),
                })
                .in_call("rbac.organizations.get_org_policy", 2),
            )),
            "nothing decided (rbac_policy_unavailable): the organization's RBAC policy could not \
             be fetched: rbac.organizations.get_org_policy: timed out after 5s (2 attempts)",
        ),
    ]
}

/// Every variant's `Display`: a change to any message fails here, with the old and new text
/// side by side.
#[test]
fn display_of_every_variant() {
    let mut snapshots = response_snapshots();
    snapshots.extend(other_snapshots());
    let mut seen = std::collections::BTreeSet::new();
    for (error, expected) in &snapshots {
        seen.insert(variant_number(error));
        assert_eq!(assert_one_line(error), *expected, "{error:?}");
    }
    assert_eq!(
        seen,
        (0..12).collect(),
        "one snapshot at least of each variant"
    );
}

/// Each variant's place in the declaration; the match has no catch-all, so a new variant
/// stops this test from compiling until it has a number and a snapshot.
fn variant_number(error: &Error) -> usize {
    match error {
        Error::Api(_) => 0,
        Error::Http(_) => 1,
        Error::Decode(_) => 2,
        Error::ResponseTooLarge(_) => 3,
        Error::Encode(_) => 4,
        Error::Transport(_) => 5,
        Error::Timeout(_) => 6,
        Error::Argument(_) => 7,
        Error::Config(_) => 8,
        Error::Jwt(_) => 9,
        Error::Authorization(_) => 10,
        Error::Unavailable(_) => 11,
    }
}
