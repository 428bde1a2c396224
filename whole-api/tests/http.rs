//! Parameters of Stytch's whole document over real HTTP on loopback: path segments are
//! percent-encoded (an id holding `/` or `?` cannot change the path), query parameters of
//! every kind, secret headers, and bodiless GET and DELETE. And redaction that holds for
//! Stytch's own document, which carries none of our marks.

use std::time::Duration;

use stytch_b2b_whole_api_check::{Client, Error, organizations_members, otp_sms, scim_connection};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A server that answers one request with `body` and hands back the request as received.
async fn serve_once(body: &'static str) -> (String, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut received = Vec::new();
        let mut buf = [0u8; 4096];
        // The head, then as much body as Content-Length says.
        loop {
            let n = socket.read(&mut buf).await.unwrap();
            received.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&received).to_string();
            if let Some(end) = text.find("\r\n\r\n") {
                let length = text
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse::<usize>().unwrap())
                    })
                    .unwrap_or(0);
                if received.len() >= end + 4 + length {
                    break;
                }
            }
            if n == 0 {
                break;
            }
        }
        let reply = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(reply.as_bytes()).await.unwrap();
        String::from_utf8(received).unwrap()
    });
    (base, task)
}

fn client(base: &str) -> Client {
    Client::builder("project-test-1", "secret-test-1")
        .base_url(base)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

#[tokio::test]
async fn path_parameters_are_percent_encoded_and_delete_sends_no_body() {
    let (base, request) =
        serve_once(r#"{"request_id": "r", "member_id": "m", "status_code": 200}"#).await;
    let deleted = client(&base)
        .organizations()
        .members()
        .delete(
            organizations_members::DeleteRequest::new("org/1?x=y#z", "../member 1")
                .x_stytch_member_session("SESSION-SECRET-1"),
        )
        .await
        .unwrap();
    assert_eq!(deleted.member_id, "m");
    let request = request.await.unwrap();
    let first = request.lines().next().unwrap();
    assert_eq!(
        first,
        "DELETE /v1/b2b/organizations/org%2F1%3Fx=y%23z/members/..%2Fmember%201 HTTP/1.1"
    );
    let lower = request.to_ascii_lowercase();
    assert!(
        lower.contains("\r\nx-stytch-member-session: session-secret-1\r\n"),
        "{request}"
    );
    assert!(
        !lower.contains("content-type"),
        "no body, no content type: {request}"
    );
    assert!(
        !lower.contains("content-length: ") || lower.contains("content-length: 0"),
        "{request}"
    );
}

#[tokio::test]
async fn query_parameters_of_each_kind() {
    let (base, request) =
        serve_once(r#"{"request_id": "r", "member": {}, "organization": {}, "status_code": 200}"#)
            .await;
    client(&base)
        .organizations()
        .members()
        .dangerously_get(
            organizations_members::DangerouslyGetRequest::new("m-1").include_deleted(true),
        )
        .await
        .unwrap();
    let request = request.await.unwrap();
    assert!(
        request.starts_with("GET /v1/b2b/organizations/members/dangerously_get/m-1?include_deleted=true HTTP/1.1\r\n"),
        "{request}"
    );

    let (base, request) =
        serve_once(r#"{"request_id": "r", "scim_groups": [], "status_code": 200}"#).await;
    client(&base)
        .scim()
        .connection()
        .get_groups(
            scim_connection::GetGroupsRequest::new("org-1", "conn-1")
                .cursor("a b&c")
                .limit(50),
        )
        .await
        .unwrap();
    let request = request.await.unwrap();
    assert!(
        request.starts_with(
            "GET /v1/b2b/scim/org-1/connection/conn-1?cursor=a+b%26c&limit=50 HTTP/1.1\r\n"
        ),
        "{request}"
    );
}

#[tokio::test]
async fn an_empty_or_dot_path_parameter_is_a_config_error_not_another_path() {
    for bad in ["", ".", ".."] {
        let err = client("http://127.0.0.1:9")
            .organizations()
            .members()
            .delete(organizations_members::DeleteRequest::new("org-1", bad))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{bad:?}: {err:?}");
        assert!(err.to_string().contains("member_id"), "{err}");
    }
}

#[test]
fn debug_redacts_secrets_of_stytchs_document() {
    let request = otp_sms::AuthenticateRequest::new("org-1", "member-1", "654321")
        .intermediate_session_token("IST-SECRET-1")
        .session_token("SESSION-SECRET-2")
        .session_jwt("JWT-SECRET-3");
    let header = organizations_members::DeleteRequest::new("org-1", "member-1")
        .x_stytch_member_session("SESSION-SECRET-4")
        .x_stytch_member_session_jwt("JWT-SECRET-5");
    let text = format!("{request:?} {header:?}");
    for secret in [
        "654321",
        "IST-SECRET-1",
        "SESSION-SECRET-2",
        "JWT-SECRET-3",
        "SESSION-SECRET-4",
        "JWT-SECRET-5",
    ] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    assert!(text.contains("org-1"), "{text}");
}
