//! Hostile clients over raw TCP: stalled headers, a partial body, a declared body over the
//! limit, and more connections than the cap, while normal requests keep being answered.
//!
//! A test binary of its own rather than a module of `integration/`: its tests hold a few
//! hundred stalled sockets open, sized so that both ends fit a default limit of 1,024 open
//! files, and some require an answer within a few hundred milliseconds. Run beside the other
//! tests in one process, they would share that limit and the CPU with them, and could fail for
//! reasons that are not the fake's.

mod support;

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use support::*;

async fn fake_with(header: Duration, body: Duration, max_connections: usize) -> FakeStytch {
    FakeStytch::builder()
        .header_read_timeout(header)
        .body_read_timeout(body)
        .max_connections(max_connections)
        .start()
        .await
        .unwrap()
}

/// A send for an unknown member: answered (a 404), not hung.
async fn a_normal_request_is_answered(fake: &FakeStytch) {
    let err = fake
        .client()
        .otps()
        .sms()
        .send(SendRequest::new(
            "organization-test-none",
            "member-test-none",
        ))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404), "{err}");
}

/// Reads until the server closes the connection (or `limit` passes); returns what it sent.
async fn read_to_close(stream: &mut TcpStream, limit: Duration) -> Option<String> {
    let mut out = Vec::new();
    match tokio::time::timeout(limit, stream.read_to_end(&mut out)).await {
        Ok(_) => Some(String::from_utf8_lossy(&out).into_owned()),
        Err(_) => None,
    }
}

#[tokio::test]
async fn stalled_headers_are_closed_within_the_header_timeout() {
    let fake = fake_with(Duration::from_millis(300), Duration::from_secs(5), 1024).await;
    let mut stalled = Vec::new();
    for _ in 0..200 {
        let mut stream = TcpStream::connect(fake.local_addr()).await.unwrap();
        stream
            .write_all(b"POST /v1/b2b/otps/sms/send HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        stalled.push(stream);
    }
    // Meanwhile a normal request is answered.
    a_normal_request_is_answered(&fake).await;
    let started = Instant::now();
    for stream in &mut stalled {
        assert!(
            read_to_close(stream, Duration::from_secs(10))
                .await
                .is_some(),
            "a stalled connection was not closed"
        );
    }
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn a_partial_body_gets_a_json_408_and_a_declared_oversize_body_an_immediate_413() {
    let fake = fake_with(Duration::from_secs(5), Duration::from_millis(300), 1024).await;
    let auth = {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(format!(
            "{}:{}",
            fake.project_id(),
            fake.secret()
        ))
    };
    let mut partial = TcpStream::connect(fake.local_addr()).await.unwrap();
    partial
        .write_all(
            format!("POST /v1/b2b/otps/sms/send HTTP/1.1\r\nHost: x\r\nAuthorization: Basic {auth}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"organization_id\"").as_bytes(),
        )
        .await
        .unwrap();
    let answer = read_to_close(&mut partial, Duration::from_secs(10))
        .await
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.contains("\"error_type\":\"request_timeout\""),
        "{answer}"
    );

    let mut huge = TcpStream::connect(fake.local_addr()).await.unwrap();
    huge.write_all(
        format!("POST /v1/b2b/otps/sms/send HTTP/1.1\r\nHost: x\r\nAuthorization: Basic {auth}\r\nContent-Length: 2097152\r\n\r\n0123456789").as_bytes(),
    )
    .await
    .unwrap();
    let started = Instant::now();
    let mut head = vec![0; 512];
    let n = tokio::time::timeout(Duration::from_secs(5), huge.read(&mut head))
        .await
        .expect("the 413 comes before the body")
        .unwrap();
    let head = String::from_utf8_lossy(&head[..n]);
    assert!(head.starts_with("HTTP/1.1 413"), "{head}");
    assert!(
        started.elapsed() < Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_their_turn() {
    let fake = fake_with(Duration::from_millis(500), Duration::from_secs(5), 4).await;
    // Four idle connections hold every slot until the header timeout closes them.
    let mut idle = Vec::new();
    for _ in 0..4 {
        idle.push(TcpStream::connect(fake.local_addr()).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    // A normal client is served once they are gone, well within its timeout.
    let started = Instant::now();
    a_normal_request_is_answered(&fake).await;
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
    for stream in &mut idle {
        assert!(
            read_to_close(stream, Duration::from_secs(5))
                .await
                .is_some()
        );
    }
}

#[tokio::test]
async fn limits_out_of_bounds_are_refused_at_start() {
    for (builder, says) in [
        (
            FakeStytch::builder().header_read_timeout(Duration::ZERO),
            "header_read_timeout",
        ),
        (
            FakeStytch::builder().body_read_timeout(Duration::from_secs(7200)),
            "body_read_timeout",
        ),
        (FakeStytch::builder().max_connections(0), "max_connections"),
    ] {
        let err = builder.start().await.unwrap_err();
        assert!(err.to_string().contains(says), "{err}");
    }
}

/// What hyper answers itself, before any request reaches the fake, as the README's error
/// table lists: a status with an empty body, then the connection is closed.
#[tokio::test]
async fn protocol_errors_get_hypers_status_with_an_empty_body() {
    let fake = fake_with(Duration::from_secs(5), Duration::from_secs(5), 1024).await;
    let long_uri = format!(
        "GET /{} HTTP/1.1\r\nHost: x\r\n\r\n",
        "a".repeat(100 * 1024)
    );
    let many_headers = format!(
        "GET / HTTP/1.1\r\nHost: x\r\n{}\r\n",
        (0..500)
            .map(|i| format!("X-H{i}: v\r\n"))
            .collect::<String>()
    );
    for (request, status) in [
        ("NOT A REQUEST LINE\r\n\r\n".to_owned(), "400"),
        (
            "POST /v1/b2b/otps/sms/send HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"
                .to_owned(),
            "400",
        ),
        (long_uri, "414"),
        (many_headers, "431"),
    ] {
        let mut stream = TcpStream::connect(fake.local_addr()).await.unwrap();
        // The server may close while a long request is still being written.
        let _ = stream.write_all(request.as_bytes()).await;
        let answer = read_to_close(&mut stream, Duration::from_secs(5))
            .await
            .unwrap_or_default();
        assert!(
            answer.starts_with(&format!("HTTP/1.1 {status}")),
            "{status}: {:?}",
            &answer[..answer.len().min(200)]
        );
        let body = answer.split_once("\r\n\r\n").map_or("", |(_, body)| body);
        assert!(body.is_empty(), "{status}: {body:?}");
    }
}
