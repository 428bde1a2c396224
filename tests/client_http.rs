//! The client over real HTTP: request shape (method, path, headers, exact JSON body),
//! configuration, connection reuse and the public usage contract.

mod support;

use std::time::Duration;

use serde_json::json;
use stytch_b2b_otp_sms::otp_sms::{AuthenticateRequest, SendRequest, SendRequestLocale};
use stytch_b2b_otp_sms::{Client, Error};
use support::{
    EXPECTED_AUTHORIZATION, PROJECT_ID, Reply, Response, SECRET, Script, Server, client,
    fixture_json,
};

const ORG: &str = "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931";
const MEMBER: &str = "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f";
const SEND_PATH: &str = "/v1/b2b/otps/sms/send";
const AUTHENTICATE_PATH: &str = "/v1/b2b/otps/sms/authenticate";

/// Answers `/send` with `send_full.json` and `/authenticate` with `authenticate_full.json`.
fn stytch_like() -> Script {
    let send = fixture_json("send_full.json");
    let authenticate = fixture_json("authenticate_full.json");
    Script::handler(move |request| {
        let body = match request.path.as_str() {
            SEND_PATH => &send,
            AUTHENTICATE_PATH => &authenticate,
            _ => return Response::new(404).into(),
        };
        Response::json(200, body).into()
    })
}

/// Checks everything about a request except its body.
#[track_caller]
fn assert_request_head(request: &support::Request, path: &str) {
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, path);
    assert_eq!(request.version, "HTTP/1.1");
    assert_eq!(
        request.header("authorization"),
        Some(EXPECTED_AUTHORIZATION)
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("accept"), Some("application/json"));
    let user_agent = request.header("user-agent").expect("a user-agent");
    assert!(
        user_agent.starts_with("stytch-b2b-otp-sms-rust/"),
        "{user_agent}"
    );
    let host = request.header("host").expect("a host header");
    assert!(host.starts_with("127.0.0.1:"), "{host}");
    assert_eq!(
        request.header("content-length"),
        Some(request.body.len().to_string().as_str())
    );
}

#[tokio::test]
async fn send_with_required_fields_only_sends_exactly_them() {
    let server = Server::start(stytch_like()).await;
    let sent = client(&server)
        .otps()
        .sms()
        .send(SendRequest::new(ORG, MEMBER))
        .await
        .unwrap();
    assert_eq!(sent.member_id, MEMBER);

    let request = server.single_request();
    assert_request_head(&request, SEND_PATH);
    assert_eq!(
        request.json(),
        json!({ "organization_id": ORG, "member_id": MEMBER })
    );
}

#[tokio::test]
async fn send_with_every_option_sends_them_all() {
    let server = Server::start(stytch_like()).await;
    client(&server)
        .otps()
        .sms()
        .send(
            SendRequest::new(ORG, MEMBER)
                .mfa_phone_number("+15555550123")
                .locale(SendRequestLocale::PtBr)
                .intermediate_session_token("ist-REQ-TOKEN-1")
                .session_token("st-REQ-TOKEN-2")
                .session_jwt("jwt-REQ-TOKEN-3"),
        )
        .await
        .unwrap();

    let request = server.single_request();
    assert_request_head(&request, SEND_PATH);
    assert_eq!(
        request.json(),
        json!({
            "organization_id": ORG,
            "member_id": MEMBER,
            "mfa_phone_number": "+15555550123",
            "locale": "pt-br",
            "intermediate_session_token": "ist-REQ-TOKEN-1",
            "session_token": "st-REQ-TOKEN-2",
            "session_jwt": "jwt-REQ-TOKEN-3",
        })
    );
}

#[tokio::test]
async fn send_locale_is_sent_as_its_exact_wire_string() {
    let server = Server::start(stytch_like()).await;
    let client = client(&server);
    let locales: Vec<(SendRequestLocale, &str)> = vec![
        (SendRequestLocale::PtBr, "pt-br"),
        ("de-DE".into(), "de-DE"),
        (SendRequestLocale::ZhHans, "zh-Hans"),
        (SendRequestLocale::CaEs, "ca-ES"),
        ("xx-YY".into(), "xx-YY"),
        // not a known value because the case differs: kept verbatim
        ("PT-BR".into(), "PT-BR"),
    ];
    for (locale, _) in &locales {
        client
            .otps()
            .sms()
            .send(SendRequest::new(ORG, MEMBER).locale(locale.clone()))
            .await
            .unwrap();
    }
    // the setter also takes strings directly
    client
        .otps()
        .sms()
        .send(SendRequest::new(ORG, MEMBER).locale("de-DE"))
        .await
        .unwrap();
    client
        .otps()
        .sms()
        .send(SendRequest::new(ORG, MEMBER).locale(String::from("xx-YY")))
        .await
        .unwrap();

    let sent: Vec<serde_json::Value> = server
        .requests()
        .iter()
        .map(|r| r.json()["locale"].clone())
        .collect();
    let mut expected: Vec<serde_json::Value> = locales.iter().map(|(_, s)| json!(s)).collect();
    expected.push(json!("de-DE"));
    expected.push(json!("xx-YY"));
    assert_eq!(sent, expected);
}

#[tokio::test]
async fn authenticate_with_required_fields_only_sends_exactly_them() {
    let server = Server::start(stytch_like()).await;
    client(&server)
        .otps()
        .sms()
        .authenticate(AuthenticateRequest::new(ORG, MEMBER, "123456"))
        .await
        .unwrap();

    let request = server.single_request();
    assert_request_head(&request, AUTHENTICATE_PATH);
    assert_eq!(
        request.json(),
        json!({ "organization_id": ORG, "member_id": MEMBER, "code": "123456" })
    );
}

#[tokio::test]
async fn authenticate_with_every_option_sends_them_all() {
    let server = Server::start(stytch_like()).await;
    let claims = json!({
        "https://analytical.example/tenant": "analytical-engines",
        "tier": 3,
        "features": ["beta", "reports"],
        "nested": { "on": true },
        "removed": null,
    });
    client(&server)
        .otps()
        .sms()
        .authenticate(
            AuthenticateRequest::new(ORG, MEMBER, "123456")
                .intermediate_session_token("ist-REQ-TOKEN-1")
                .session_token("st-REQ-TOKEN-2")
                .session_jwt("jwt-REQ-TOKEN-3")
                .session_duration_minutes(60)
                .session_custom_claims(claims.as_object().unwrap().clone())
                .set_mfa_enrollment("enroll")
                .set_default_mfa(true)
                .telemetry_id("telemetry-id-test-5c1f"),
        )
        .await
        .unwrap();

    let request = server.single_request();
    assert_request_head(&request, AUTHENTICATE_PATH);
    let body = request.json();
    assert_eq!(
        body,
        json!({
            "organization_id": ORG,
            "member_id": MEMBER,
            "code": "123456",
            "intermediate_session_token": "ist-REQ-TOKEN-1",
            "session_token": "st-REQ-TOKEN-2",
            "session_jwt": "jwt-REQ-TOKEN-3",
            "session_duration_minutes": 60,
            "session_custom_claims": claims,
            "set_mfa_enrollment": "enroll",
            "set_default_mfa": true,
            "telemetry_id": "telemetry-id-test-5c1f",
        })
    );
    // a JSON number and a JSON object, not strings
    assert!(body["session_duration_minutes"].is_i64());
    assert!(body["session_custom_claims"].is_object());
    // `false` is a value, not an absence
    let server = Server::start(stytch_like()).await;
    client(&server)
        .otps()
        .sms()
        .authenticate(AuthenticateRequest::new(ORG, MEMBER, "000000").set_default_mfa(false))
        .await
        .unwrap();
    assert_eq!(
        server.single_request().json(),
        json!({ "organization_id": ORG, "member_id": MEMBER, "code": "000000", "set_default_mfa": false })
    );
}

#[tokio::test]
async fn custom_user_agent_is_sent() {
    let server = Server::start(stytch_like()).await;
    let client = Client::builder(PROJECT_ID, SECRET)
        .base_url(server.base_url())
        .user_agent("my-app/2.3 (+https://example.com)")
        .build()
        .unwrap();
    client
        .otps()
        .sms()
        .send(SendRequest::new(ORG, MEMBER))
        .await
        .unwrap();
    assert_eq!(
        server.single_request().header("user-agent"),
        Some("my-app/2.3 (+https://example.com)")
    );
}

#[tokio::test]
async fn base_url_with_trailing_slash_or_path_prefix_builds_exact_paths() {
    let server = Server::start(stytch_like()).await;
    let slash = Client::builder(PROJECT_ID, SECRET)
        .base_url(format!("{}/", server.base_url()))
        .build()
        .unwrap();
    assert_eq!(slash.base_url(), server.base_url());
    slash
        .otps()
        .sms()
        .send(SendRequest::new(ORG, MEMBER))
        .await
        .unwrap();
    let prefixed = Client::builder(PROJECT_ID, SECRET)
        .base_url(format!("{}/stytch-proxy/", server.base_url()))
        .build()
        .unwrap();
    // the proxy path answers 404 in this script; only the request path matters here
    let _ = prefixed
        .otps()
        .sms()
        .authenticate(AuthenticateRequest::new(ORG, MEMBER, "123456"))
        .await;
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [
            SEND_PATH.to_owned(),
            format!("/stytch-proxy{AUTHENTICATE_PATH}")
        ]
    );
}

// Static assertions: `Client` can be shared across threads and tasks.
const _: () = {
    const fn assert_client<T: Clone + Send + Sync + 'static>() {}
    assert_client::<Client>();
};

fn assert_send<T: Send>(value: T) -> T {
    value
}

/// What operation methods return: a future that owns what it needs.
fn assert_pending<T: std::future::Future + Send + Unpin + 'static>(value: T) -> T {
    value
}

#[tokio::test]
async fn a_pending_call_is_lazy_owned_and_spawnable() {
    let server = Server::start(stytch_like()).await;
    let client = client(&server);
    let pending = assert_pending(
        client
            .otps()
            .sms()
            .send(SendRequest::new(ORG, MEMBER).mfa_phone_number("+15555550123")),
    );
    assert!(
        format!("{pending:?}").contains("otps.sms.send"),
        "{pending:?}"
    );
    // Nothing is sent until it is polled, and dropping it sends nothing.
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(server.requests().len(), 0);
    drop(client.otps().sms().send(SendRequest::new(ORG, MEMBER)));
    // It does not borrow the client: the client may go first, and the call runs on a task.
    drop(client);
    let sent = tokio::spawn(pending).await.unwrap().unwrap();
    assert_eq!(sent.member_id, MEMBER);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn client_clones_work_from_spawned_tasks() {
    let server = Server::start(stytch_like()).await;
    let client = client(&server);
    let mut tasks = Vec::new();
    for i in 0..4 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            // the futures are Send, so they can run on a multi-threaded runtime
            let request = AuthenticateRequest::new(ORG, MEMBER, format!("00000{i}"));
            // the handle is taken by value: the future borrows only the client
            let future = assert_send(client.otps().sms().authenticate(request));
            future.await.map(|r| r.member_id)
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap(), MEMBER);
    }
    let mut codes: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.json()["code"].as_str().unwrap().to_owned())
        .collect();
    codes.sort();
    assert_eq!(codes, ["000000", "000001", "000002", "000003"]);
}

#[tokio::test]
async fn calls_can_be_joined_without_binding_the_handle() {
    let server = Server::start(stytch_like()).await;
    let client = client(&server);
    let (a, b) = tokio::join!(
        client
            .otps()
            .sms()
            .authenticate(AuthenticateRequest::new(ORG, MEMBER, "111111")),
        client
            .otps()
            .sms()
            .authenticate(AuthenticateRequest::new(ORG, MEMBER, "222222")),
    );
    assert_eq!(a.unwrap().member_id, MEMBER);
    assert_eq!(b.unwrap().member_id, MEMBER);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn the_test_server_serves_several_requests_per_connection() {
    let server = Server::start(stytch_like()).await;
    let client = client(&server);
    for _ in 0..3 {
        client
            .otps()
            .sms()
            .send(SendRequest::new(ORG, MEMBER))
            .await
            .unwrap();
    }
    assert_eq!(server.requests().len(), 3);
    // how many connections the pool opened is up to it; each request was answered anyway
    assert!(server.connections() >= 1 && server.connections() <= 3);
}

#[tokio::test]
async fn clones_share_one_connection_pool() {
    // Whether the pool has taken the first connection back before the second call starts is
    // up to a background task, so one trial may open a second connection even with a shared
    // pool. A clone with its own pool could never reuse the first connection, so a single
    // trial with one connection proves sharing.
    for _ in 0..10 {
        let server = Server::start(stytch_like()).await;
        let client = client(&server);
        let clone = client.clone();
        client
            .otps()
            .sms()
            .send(SendRequest::new(ORG, MEMBER))
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(50)).await;
        clone
            .otps()
            .sms()
            .authenticate(AuthenticateRequest::new(ORG, MEMBER, "123456"))
            .await
            .unwrap();
        let requests = server.requests();
        assert_eq!(requests.len(), 2);
        if server.connections() == 1 {
            assert_eq!(requests[0].connection, requests[1].connection);
            return;
        }
    }
    panic!("a clone never reused the original client's connection");
}

#[test]
fn default_base_url_depends_on_the_project_environment() {
    let live = support::builder("project-live-11111111-1111-1111-1111-111111111111", SECRET)
        .build()
        .unwrap();
    assert_eq!(live.base_url(), "https://api.stytch.com");
    let test = support::builder(PROJECT_ID, SECRET).build().unwrap();
    assert_eq!(test.base_url(), "https://test.stytch.com");
    let other = support::builder("project-11111111", SECRET)
        .build()
        .unwrap();
    assert_eq!(other.base_url(), "https://test.stytch.com");
    assert_eq!(test.project_id(), PROJECT_ID);
}

#[test]
fn plain_http_base_url_is_rejected_unless_loopback() {
    for url in [
        "http://example.com",
        "http://api.stytch.com/",
        "http://10.0.0.1:8080",
    ] {
        let err = support::builder(PROJECT_ID, SECRET)
            .base_url(url)
            .build()
            .unwrap_err();
        let Error::Config(config) = &err else {
            panic!("{url}: expected Error::Config, got {err:?}");
        };
        assert!(config.message.contains("https"), "{url}: {config:?}");
        let text = err.to_string();
        assert!(text.contains("https") && !text.contains('\n'), "{text}");
        support::assert_free_of(&text, &[SECRET]);
        support::assert_free_of(&format!("{err:?}"), &[SECRET]);
    }
    for url in [
        "https://example.com",
        "http://127.0.0.1:1",
        "http://localhost:1",
    ] {
        support::builder(PROJECT_ID, SECRET)
            .base_url(url)
            .build()
            .unwrap_or_else(|e| panic!("{url}: {e}"));
    }
}

#[test]
fn client_debug_never_shows_the_secret() {
    let client = Client::builder(PROJECT_ID, SECRET)
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    let credentials_b64 = EXPECTED_AUTHORIZATION.trim_start_matches("Basic ");
    for text in [format!("{client:?}"), format!("{client:#?}")] {
        support::assert_free_of(&text, &[SECRET, "SUPERSECRET", credentials_b64]);
        assert!(text.contains("[redacted]"), "{text}");
        assert!(text.contains(PROJECT_ID), "{text}");
    }
    let builder = Client::builder(PROJECT_ID, SECRET);
    for text in [format!("{builder:?}"), format!("{builder:#?}")] {
        support::assert_free_of(&text, &[SECRET, "SUPERSECRET"]);
        assert!(text.contains("[redacted]"), "{text}");
    }
    // handles print no credentials either
    let handle = format!("{:?}", client.otps().sms());
    support::assert_free_of(&handle, &[SECRET, "SUPERSECRET", credentials_b64]);
}

/// The usage shown in the crate documentation, run against the test server.
async fn public_contract(server_url: String) -> Result<(), Error> {
    use stytch_b2b_otp_sms::otp_sms::{AuthenticateRequest, SendRequest};
    use stytch_b2b_otp_sms::{Client, Error};

    let client = Client::builder(
        "project-test-11111111-1111-1111-1111-111111111111",
        "secret-test-SUPERSECRET",
    )
    .base_url(server_url)
    .build()?;
    let sent = client
        .otps()
        .sms()
        .send(
            SendRequest::new(
                "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931",
                "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f",
            )
            .mfa_phone_number("+15555550123"),
        )
        .await?;
    let authed = client
        .otps()
        .sms()
        .authenticate(
            AuthenticateRequest::new(
                "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931",
                "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f",
                "123456",
            )
            .intermediate_session_token("ist-CONTRACT-TOKEN")
            .session_duration_minutes(60),
        )
        .await?;
    let _ = (&authed.session_token, &authed.member.member_id);
    assert_eq!(sent.member.mfa_phone_number, "+15555550123");
    assert_eq!(authed.member.member_id, MEMBER);
    assert!(!authed.session_token.is_empty());
    let _: Result<(), Error> = Ok(());
    Ok(())
}

#[tokio::test]
async fn public_contract_snippet_runs() {
    let server = Server::start(stytch_like()).await;
    public_contract(server.base_url()).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].json(),
        json!({ "organization_id": ORG, "member_id": MEMBER, "mfa_phone_number": "+15555550123" })
    );
    assert_eq!(
        requests[1].json(),
        json!({
            "organization_id": ORG,
            "member_id": MEMBER,
            "code": "123456",
            "intermediate_session_token": "ist-CONTRACT-TOKEN",
            "session_duration_minutes": 60,
        })
    );
}

#[tokio::test]
async fn scripted_queue_replies_in_order() {
    // exercises the queue mode of the test server used by the error tests
    let server = Server::start(vec![
        Reply::Respond(Response::json(200, &fixture_json("send_full.json"))),
        Reply::Respond(Response::json(
            404,
            &json!({"status_code": 404, "request_id": "r-1", "error_type": "member_not_found", "error_message": "Member not found"}),
        )),
    ])
    .await;
    let client = client(&server);
    let sms = client.otps().sms();
    assert!(sms.send(SendRequest::new(ORG, MEMBER)).await.is_ok());
    let err = sms.send(SendRequest::new(ORG, MEMBER)).await.unwrap_err();
    assert_eq!(err.error_type(), Some("member_not_found"));
    // queue exhausted: the server says so with a 500
    let err = sms.send(SendRequest::new(ORG, MEMBER)).await.unwrap_err();
    assert_eq!(err.status(), Some(500));
}
