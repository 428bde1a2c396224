//! The `blocking` client: the same API without async, over real HTTP on loopback.
#![cfg(feature = "blocking")]

mod support;

use stytch_b2b_otp_sms::Error;
use stytch_b2b_otp_sms::otp_sms::{AuthenticateRequest, SendRequest};
use support::{PROJECT_ID, Response, SECRET, Server, fixture};

fn blocking_client(server: &Server) -> stytch_b2b_otp_sms::blocking::Client {
    stytch_b2b_otp_sms::Client::builder(PROJECT_ID, SECRET)
        .base_url(server.base_url())
        .build_blocking()
        .expect("blocking client")
}

/// Starts a server on its own runtime thread, so that the test thread is not inside a runtime.
fn with_server(reply: Response, test: impl FnOnce(&Server)) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(Server::start(reply));
    test(&server);
    drop(server);
}

#[test]
fn send_and_authenticate_without_async() {
    let send = Response::json_text(200, fixture("send_full.json"));
    with_server(send, |server| {
        let client = blocking_client(server);
        let sent = client
            .otps()
            .sms()
            .send(SendRequest::new("organization-1", "member-1").mfa_phone_number("+15555550123"))
            .expect("send");
        assert!(!sent.member_id.is_empty());
        let request = &server.requests()[0];
        assert_eq!(request.path, "/v1/b2b/otps/sms/send");
        assert_eq!(request.json()["mfa_phone_number"], "+15555550123");
    });
    let authed = Response::json_text(200, fixture("authenticate_full.json"));
    with_server(authed, |server| {
        let client = blocking_client(server);
        // Clones share the pool and runtime; both calls work.
        for code in ["111111", "222222"] {
            let authed = client
                .clone()
                .otps()
                .sms()
                .authenticate(AuthenticateRequest::new("organization-1", "member-1", code))
                .expect("authenticate");
            assert!(!authed.session_token.is_empty());
        }
        assert_eq!(server.requests().len(), 2);
    });
}

#[test]
fn errors_are_the_same_as_async() {
    let body = serde_json::json!({
        "status_code": 404, "request_id": "req-9", "error_type": "member_not_found",
        "error_message": "Member not found", "error_url": "https://stytch.com/docs/api/errors/404"
    });
    with_server(Response::json(404, &body), |server| {
        let err = blocking_client(server)
            .otps()
            .sms()
            .send(SendRequest::new("organization-1", "member-1"))
            .unwrap_err();
        assert_eq!(err.status(), Some(404));
        assert_eq!(err.error_type(), Some("member_not_found"));
        assert_eq!(err.request_id(), Some("req-9"));
    });
}

#[tokio::test]
async fn calling_it_inside_a_runtime_is_an_error_not_a_panic() {
    let server = Server::start(Response::json_text(200, fixture("send_full.json"))).await;
    let client = blocking_client(&server);
    let err = client
        .otps()
        .sms()
        .send(SendRequest::new("organization-1", "member-1"))
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err}");
    assert!(err.to_string().contains("async runtime"), "{err}");
    // Its runtime lives on a thread of its own: dropping the last clone here, inside the
    // test's runtime, stops that thread without a panic.
    drop(client);
}

#[test]
fn dropping_it_never_panics_wherever_the_last_clone_goes() {
    with_server(
        Response::json_text(200, fixture("send_full.json")),
        |server| {
            let client = blocking_client(server);
            // Used first, so that its runtime has connections and tasks to shut down.
            client
                .otps()
                .sms()
                .send(SendRequest::new("organization-1", "member-1"))
                .unwrap();
            let clones: Vec<_> = (0..3).map(|_| client.clone()).collect();
            // Last clones dropped inside a multi-thread runtime, a current-thread runtime, from a
            // blocking task, and on a plain thread.
            let multi = tokio::runtime::Runtime::new().unwrap();
            let current = tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap();
            let [a, b, c]: [_; 3] = clones.try_into().unwrap();
            multi.block_on(async move { drop(a) });
            current.block_on(async move { drop(b) });
            multi
                .block_on(async move { tokio::task::spawn_blocking(move || drop(c)).await })
                .unwrap();
            std::thread::spawn(move || drop(client)).join().unwrap();
            // A fresh one inside a runtime, never used, dropped there.
            let fresh = blocking_client(server);
            multi.block_on(async move { drop(fresh) });
        },
    );
}

#[test]
fn clones_keep_working_after_others_are_dropped() {
    with_server(
        Response::json_text(200, fixture("send_full.json")),
        |server| {
            let client = blocking_client(server);
            let clone = client.clone();
            drop(client);
            clone
                .otps()
                .sms()
                .send(SendRequest::new("organization-1", "member-1"))
                .unwrap();
        },
    );
}
