//! The client's unit tests: configuration checks, and calls over loopback.

use super::builder::basic_credentials;
use super::*;
use crate::error::ErrorBody as _;
use crate::error::{Error, ResponseTooLargeError};

/// A builder that can reach https: without a TLS feature, with a caller's client (the
/// URL checks under test are the same either way).
fn builder(project_id: &str, secret: &str) -> ClientBuilder {
    let b = Client::builder(project_id, secret);
    if crate::tls::HAS_TLS {
        b
    } else {
        b.http_client(reqwest::Client::new())
    }
}

fn build(project_id: &str, secret: &str, base_url: Option<&str>) -> Result<Client, Error> {
    let mut b = builder(project_id, secret);
    if let Some(u) = base_url {
        b = b.base_url(u);
    }
    b.build()
}

#[test]
fn without_tls_an_https_base_url_is_a_config_error_naming_the_features() {
    let result = Client::builder("project-test-1", "secret").build();
    if crate::tls::HAS_TLS {
        assert!(result.is_ok());
    } else {
        let message = config_message(result);
        assert!(
            message.contains("no TLS backend")
                && message.contains("`rustls`")
                && message.contains("`native-tls`")
                && message.contains("https://test.stytch.com"),
            "{message}"
        );
        // Loopback http needs no TLS.
        assert!(build("project-test-1", "secret", Some("http://127.0.0.1:1")).is_ok());
    }
}

fn config_message(r: Result<Client, Error>) -> String {
    match r {
        Err(Error::Config(c)) => c.message,
        other => panic!("expected a config error, got {other:?}"),
    }
}

#[test]
fn default_base_url_depends_on_project_kind() {
    let live = build("project-live-abc", "s", None).unwrap();
    assert_eq!(live.base_url(), "https://api.stytch.com");
    assert_eq!(live.project_id(), "project-live-abc");
    let test = build("project-test-abc", "s", None).unwrap();
    assert_eq!(test.base_url(), "https://test.stytch.com");
    let other = build("something-else", "s", None).unwrap();
    assert_eq!(other.base_url(), "https://test.stytch.com");
}

#[test]
fn custom_base_url_requires_https_except_loopback() {
    let msg = config_message(build("p", "s", Some("http://example.com")));
    assert!(
        msg.contains("https") && msg.contains("example.com"),
        "{msg}"
    );
    for ok in [
        "http://127.0.0.1:8080",
        "http://127.1.2.3",
        "http://localhost",
        "http://LOCALHOST:9/",
        "http://[::1]:3000",
        "https://example.com",
    ] {
        assert!(build("p", "s", Some(ok)).is_ok(), "{ok}");
    }
    for bad in [
        "not a url",
        "",
        "ftp://example.com",
        "http://10.0.0.1",
        "http://[::2]",
        "https://user:pw@example.com",
        "https://example.com/?q=1",
    ] {
        config_message(build("p", "s", Some(bad)));
    }
}

#[test]
fn custom_base_url_is_normalized() {
    let c = build("p", "s", Some("https://proxy.example.com/stytch//")).unwrap();
    assert_eq!(c.base_url(), "https://proxy.example.com/stytch");
    let c = build("p", "s", Some(" http://127.0.0.1:1234/ ")).unwrap();
    assert_eq!(c.base_url(), "http://127.0.0.1:1234");
}

#[test]
fn invalid_builder_input_is_config_error() {
    assert!(config_message(build("", "s", None)).contains("project_id"));
    assert!(config_message(build("  ", "s", None)).contains("project_id"));
    assert!(config_message(build("p", "", None)).contains("secret"));
    config_message(build("a:b", "s", None));
    config_message(Client::builder("p", "s").timeout(Duration::ZERO).build());
    config_message(Client::builder("p", "s").max_response_bytes(0).build());
    config_message(Client::builder("p", "s").user_agent("bad\nagent").build());
}

#[test]
fn debug_never_shows_the_secret() {
    let secret = "secret-test-VERY-SECRET-value";
    let builder = builder("project-test-1", secret);
    let text = format!("{builder:?}");
    assert!(
        !text.contains(secret) && text.contains("[redacted]"),
        "{text}"
    );
    let client = builder.build().unwrap();
    for text in [format!("{client:?}"), format!("{client:#?}")] {
        assert!(!text.contains(secret), "{text}");
        assert!(!text.contains(&basic_credentials(
            format!("project-test-1:{secret}").as_bytes()
        )));
        assert!(text.contains("project-test-1") && text.contains("https://test.stytch.com"));
        assert!(text.contains("[redacted]"), "{text}");
    }
}

fn assert_send_sync<T: Send + Sync + Clone>() {}

#[test]
fn client_is_send_sync_clone() {
    assert_send_sync::<Client>();
}

/// Serves `responses` in order over HTTP/1.1 on loopback, one per
/// connection, and reports each raw request head.
async fn serve(responses: Vec<String>) -> (String, tokio::sync::mpsc::UnboundedReceiver<String>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        for response in responses {
            let (mut sock, _) = listener.accept().await.unwrap();
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            // read the head, then Content-Length bytes of body
            let (head_len, content_length) = loop {
                let n = sock.read(&mut chunk).await.unwrap();
                assert!(n > 0, "client closed early");
                buf.extend_from_slice(&chunk[..n]);
                if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&buf[..pos]).to_lowercase();
                    let len = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .map_or(0, |v| v.trim().parse::<usize>().unwrap());
                    break (pos + 4, len);
                }
            };
            while buf.len() < head_len + content_length {
                let n = sock.read(&mut chunk).await.unwrap();
                assert!(n > 0);
                buf.extend_from_slice(&chunk[..n]);
            }
            tx.send(String::from_utf8_lossy(&buf).into_owned()).unwrap();
            sock.write_all(response.as_bytes()).await.unwrap();
            sock.shutdown().await.unwrap();
        }
    });
    (format!("http://{addr}"), rx)
}

fn http_response(status: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

#[tokio::test]
async fn call_round_trip_over_loopback() {
    #[derive(serde::Deserialize, Debug)]
    struct Sent {
        request_id: String,
        status_code: u16,
        member: serde_json::Value,
    }
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Strict {
        member: StrictMember,
    }
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct StrictMember {
        roles: Vec<String>,
    }
    static SEND: Operation = Operation {
        name: "widgets.send",
        method: "POST",
        path: "/v1/b2b/otps/sms/send",
    };
    let ok =
        r#"{"request_id":"req-1","status_code":200,"member":{"member_id":"m-1","roles":null}}"#;
    let not_found = r#"{"status_code":404,"request_id":"req-404","error_type":"member_not_found","error_message":"Member not found","error_url":"https://stytch.com/docs/api/errors/404#member_not_found"}"#;
    let (base, mut requests) = serve(vec![
        http_response("200 OK", ok),
        http_response("404 Not Found", not_found),
        http_response("200 OK", ok),
        http_response("200 OK", &"x".repeat(100)),
    ])
    .await;
    let client = Client::builder("project-test-1", "secret-xyz")
        .base_url(&base)
        .build()
        .unwrap();
    let body = serde_json::json!({"organization_id": "org-1", "member_id": "m-1"});

    let sent: Sent = client
        .call(&SEND, Params::none(), Some(&body))
        .await
        .unwrap();
    assert_eq!((sent.request_id.as_str(), sent.status_code), ("req-1", 200));
    assert_eq!(sent.member["member_id"], "m-1");
    let request = requests.recv().await.unwrap();
    let lower = request.to_lowercase();
    assert!(
        request.starts_with("POST /v1/b2b/otps/sms/send HTTP/1.1\r\n"),
        "{request}"
    );
    // base64("project-test-1:secret-xyz"), from `base64` the command.
    let auth = "authorization: basic cHJvamVjdC10ZXN0LTE6c2VjcmV0LXh5eg==".to_lowercase();
    assert!(lower.contains(&auth), "{request}");
    assert!(
        request.contains("Basic cHJvamVjdC10ZXN0LTE6c2VjcmV0LXh5eg=="),
        "{request}"
    );
    assert!(lower.contains("content-type: application/json"));
    assert!(lower.contains("accept: application/json"));
    assert!(lower.contains("user-agent: stytch-b2b-otp-sms-rust/"));
    assert!(
        request.ends_with(r#"{"member_id":"m-1","organization_id":"org-1"}"#)
            || request.ends_with(r#"{"organization_id":"org-1","member_id":"m-1"}"#),
        "{request}"
    );

    let err = client
        .call::<_, Sent>(&SEND, Params::none(), Some(&body))
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status_code(), 404);
    assert_eq!(api.error_type(), "member_not_found");
    assert_eq!(api.error_message(), "Member not found");
    assert_eq!(api.request_id(), "req-404");
    assert_eq!(
        err.to_string(),
        format!(
            "{}: Stytch API error 404 member_not_found: Member not found (request_id: req-404)",
            SEND.name
        )
    );

    let err = client
        .call::<_, Strict>(&SEND, Params::none(), Some(&body))
        .await
        .unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(d.path, "member.roles");
    assert!(
        err.to_string().starts_with(
            "widgets.send: could not decode the response body at member.roles: invalid type: null"
        ),
        "{err}"
    );

    let small = Client::builder("p", "s")
        .base_url(&base)
        .max_response_bytes(10)
        .build()
        .unwrap();
    let err = small
        .call::<_, Sent>(&SEND, Params::none(), Some(&body))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::ResponseTooLarge(ResponseTooLargeError {
                status: 200,
                limit: 10,
                ..
            })
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn connection_refused_is_transport_error() {
    // bind then drop to get a port with nothing listening
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let client = Client::builder("p", "s")
        .base_url(format!("http://{addr}"))
        .build()
        .unwrap();
    static OP: Operation = Operation {
        name: "x",
        method: "POST",
        path: "/x",
    };
    let err = client
        .call::<_, serde_json::Value>(&OP, Params::none(), Some(&()))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("x: could not connect to http://{addr}: ")),
        "{text}"
    );
    // A connection refused is retried (nothing was sent): the default policy's 3 attempts.
    assert_eq!((err.operation(), err.attempts()), (Some("x"), 3));
    assert!(text.ends_with(" (3 attempts)"), "{text}");
    assert!(!text.contains('\n'));
}

#[tokio::test]
async fn silent_server_gives_timeout_error() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let hold = tokio::spawn(async move {
        let (_sock, _) = listener.accept().await.unwrap();
        tokio::time::sleep(Duration::from_secs(5)).await;
    });
    let client = Client::builder("p", "s")
        .base_url(format!("http://{addr}"))
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    static OP: Operation = Operation {
        name: "x",
        method: "POST",
        path: "/x",
    };
    let err = client
        .call::<_, serde_json::Value>(&OP, Params::none(), Some(&()))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.to_string(), "x: timed out after 200ms");
    assert_eq!(err.attempts(), 1);
    hold.abort();
}
