//! The fake as an HTTP server: credentials, bad bodies, unknown routes, control routes,
//! shutdown, and the standalone `stytch-fake` binary.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::support::*;

#[tokio::test]
async fn requests_need_the_project_credentials() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let send = || SendRequest::new(env.org_id(), &env.ada.member_id);
    for (project_id, secret) in [
        (env.fake.project_id(), "secret-test-wrong"),
        ("project-test-wrong", env.fake.secret()),
    ] {
        let client = Client::builder(project_id, secret)
            .base_url(env.fake.base_url())
            .build()
            .unwrap();
        expect_error(
            client.otps().sms().send(send()).await,
            401,
            "unauthorized_credentials",
        );
    }
    let body = json!({"organization_id": env.org_id(), "member_id": env.ada.member_id}).to_string();
    for path in ["/v1/b2b/otps/sms/send", "/__fake/outbox", "/nowhere"] {
        let got = raw(&env.fake, "POST", path, &body, false).await;
        expect_error_body(&got, 401, "unauthorized_credentials");
    }
    for header in ["Basic !!!", "Bearer abc", "Basic", ""] {
        let response = http()
            .post(format!("{}/v1/b2b/otps/sms/send", env.fake.base_url()))
            .header("authorization", header)
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 401, "{header}");
    }
    assert!(env.fake.outbox().is_empty());
}

#[tokio::test]
async fn bad_bodies_get_400_naming_the_problem_and_never_crash_the_fake() {
    let env = env(MfaPolicy::RequiredForAll).await;
    for body in [
        "{",
        "",
        "not json",
        "{\"organization_id\": }",
        "[1,2",
        "{} {}",
    ] {
        for path in ["/v1/b2b/otps/sms/send", "/v1/b2b/otps/sms/authenticate"] {
            let got = env.raw("POST", path, body).await;
            expect_error_body(&got, 400, "invalid_json");
            assert!(
                got.1["error_message"].as_str().unwrap().contains("JSON"),
                "{}",
                got.1
            );
        }
    }
    let cases = [
        (
            "/v1/b2b/otps/sms/send",
            json!({"organization_id": "o"}),
            "member_id",
        ),
        (
            "/v1/b2b/otps/sms/send",
            json!({"organization_id": 1, "member_id": "m"}),
            "organization_id",
        ),
        ("/v1/b2b/otps/sms/send", json!([]), ""),
        (
            "/v1/b2b/otps/sms/authenticate",
            json!({"organization_id": "o", "member_id": "m", "code": "1", "session_duration_minutes": "ten"}),
            "session_duration_minutes",
        ),
        (
            "/v1/b2b/otps/sms/authenticate",
            json!({"organization_id": "o", "member_id": "m", "code": "1", "session_custom_claims": 5}),
            "session_custom_claims",
        ),
    ];
    for (path, body, field) in cases {
        let got = env.raw("POST", path, &body.to_string()).await;
        expect_error_body(&got, 400, "invalid_request_body");
        let message = got.1["error_message"].as_str().unwrap();
        assert!(message.contains(field), "{message}");
        let expected = if field.is_empty() { "." } else { field };
        assert_eq!(got.1["error_details"]["field"], expected, "{}", got.1);
    }
    // Oversized bodies are refused without being read in full.
    let huge = format!(
        "{{\"organization_id\": \"{}\"}}",
        "x".repeat(2 * 1024 * 1024)
    );
    expect_error_body(
        &env.raw("POST", "/v1/b2b/otps/sms/send", &huge).await,
        413,
        "request_too_large",
    );

    // The fake is still fine.
    env.send(&env.ada).await;
}

#[tokio::test]
async fn unknown_routes_and_methods() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let (status, headers, body) =
        raw_full(&env.fake, "GET", "/v1/b2b/otps/sms/send", "", true).await;
    expect_error_body(&(status, body), 405, "method_not_allowed");
    assert_eq!(headers["allow"], "POST");
    expect_error_body(
        &env.raw("PUT", "/v1/b2b/otps/sms/authenticate", "{}").await,
        405,
        "method_not_allowed",
    );
    // `/v1/b2b/otps/email/send` is no operation of Stytch's document.
    expect_error_body(
        &env.raw("POST", "/v1/b2b/otps/email/send", "{}").await,
        404,
        "route_not_found",
    );
    expect_error_body(&env.raw("GET", "/", "").await, 404, "route_not_found");
    expect_error_body(
        &env.raw("POST", "/__fake/outbox", "").await,
        405,
        "method_not_allowed",
    );
    expect_error_body(
        &env.raw("GET", "/__fake/intermediate_sessions", "").await,
        405,
        "method_not_allowed",
    );
    expect_error_body(
        &env.raw("GET", "/__fake/nothing", "").await,
        404,
        "route_not_found",
    );
}

#[tokio::test]
async fn control_routes_expose_outbox_sessions_and_clock() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let (status, outbox) = env.raw("GET", "/__fake/outbox", "").await;
    assert_eq!((status, outbox), (200, json!([])));

    let code = env.send(&env.ada).await;
    let (status, outbox) = env.raw("GET", "/__fake/outbox", "").await;
    assert_eq!(status, 200);
    let listed: Vec<SentSms> = serde_json::from_value(outbox).unwrap();
    assert_eq!(listed, env.fake.outbox());
    assert_eq!(listed[0].code, code);

    let body = json!({"organization_id": "acme-corp", "member_id": env.ada.member_id}).to_string();
    let (status, minted) = env
        .raw("POST", "/__fake/intermediate_sessions", &body)
        .await;
    assert_eq!(status, 200, "{minted}");
    assert!(
        minted["request_id"]
            .as_str()
            .unwrap()
            .starts_with("request-id-test-")
    );
    let ist = minted["intermediate_session_token"].as_str().unwrap();
    env.authenticate(env.auth(&env.ada, &code).intermediate_session_token(ist))
        .await
        .unwrap();

    let unknown =
        json!({"organization_id": env.org_id(), "member_id": "member-test-nope"}).to_string();
    expect_error_body(
        &env.raw("POST", "/__fake/intermediate_sessions", &unknown)
            .await,
        404,
        "member_not_found",
    );
    let unknown = json!({"organization_id": "nope", "member_id": "m"}).to_string();
    expect_error_body(
        &env.raw("POST", "/__fake/intermediate_sessions", &unknown)
            .await,
        404,
        "organization_not_found",
    );
    expect_error_body(
        &env.raw(
            "POST",
            "/__fake/intermediate_sessions",
            "{\"organization_id\": \"x\"}",
        )
        .await,
        400,
        "invalid_request_body",
    );
    expect_error_body(
        &env.raw("POST", "/__fake/intermediate_sessions", "{").await,
        400,
        "invalid_json",
    );

    // The clock route expires codes like advance_clock does.
    let code = env.send_mfa(&env.ada).await;
    let before = fake_now(&env.fake);
    let (status, clock) = env
        .raw("POST", "/__fake/clock", "{\"advance_seconds\": 121}")
        .await;
    assert_eq!(status, 200, "{clock}");
    assert!(unix(clock["now"].as_str().unwrap()) >= before + 121);
    expect_error(
        env.authenticate(
            env.auth(&env.ada, &code)
                .intermediate_session_token(env.ist(&env.ada)),
        )
        .await,
        404,
        "otp_code_not_found",
    );
    expect_error_body(
        &env.raw("POST", "/__fake/clock", "{\"advance_seconds\": -1}")
            .await,
        400,
        "invalid_request_body",
    );
}

#[tokio::test]
async fn control_api_validates_what_it_creates() {
    let fake = FakeStytch::start().await.unwrap();
    let org = fake
        .create_organization(NewOrganization::new("Acme", "acme"))
        .unwrap();
    assert_eq!(org.mfa_policy, "OPTIONAL");
    assert!(org.organization_id.starts_with("organization-test-"));
    assert_eq!(fake.organization(&org.organization_id), Some(org.clone()));

    let err = fake
        .create_organization(NewOrganization::new("Acme 2", "acme"))
        .unwrap_err();
    assert_eq!(
        (err.status, err.error_type.as_str()),
        (400, "organization_slug_already_used")
    );
    let err = fake
        .create_organization(NewOrganization::new("Acme 3", ""))
        .unwrap_err();
    assert_eq!(err.error_type, "invalid_organization_slug");
    let err = fake
        .create_organization(NewOrganization::new(" ", "blank"))
        .unwrap_err();
    assert_eq!(err.error_type, "invalid_organization_name");
    fake.create_organization(NewOrganization::new("Ext", "ext").external_id("e-1"))
        .unwrap();
    let err = fake
        .create_organization(NewOrganization::new("Ext 2", "ext-2").external_id("e-1"))
        .unwrap_err();
    assert_eq!(err.error_type, "duplicate_organization");

    let err = fake
        .create_member(
            &org.organization_id,
            NewMember::new("a@acme.test").phone_number("555"),
        )
        .unwrap_err();
    assert_eq!(
        (err.status, err.error_type.as_str()),
        (400, "invalid_phone_number")
    );
    let err = fake
        .create_member("nope", NewMember::new("a@acme.test"))
        .unwrap_err();
    assert_eq!(
        (err.status, err.error_type.as_str()),
        (404, "organization_not_found")
    );
    fake.create_member("acme", NewMember::new("a@acme.test"))
        .unwrap();
    let err = fake
        .create_member("acme", NewMember::new("A@acme.test"))
        .unwrap_err();
    assert_eq!(err.error_type, "duplicate_member_email");
    let err = fake
        .create_member("acme", NewMember::new("not-an-email"))
        .unwrap_err();
    assert_eq!(err.error_type, "invalid_email");
    fake.create_member("acme", NewMember::new("b@acme.test").external_id("b-1"))
        .unwrap();
    let err = fake
        .create_member("acme", NewMember::new("c@acme.test").external_id("b-1"))
        .unwrap_err();
    assert_eq!(err.error_type, "duplicate_member_external_id");

    let err = fake
        .mint_intermediate_session_token(&org.organization_id, "member-test-nope")
        .unwrap_err();
    assert_eq!(
        (err.status, err.error_type.as_str()),
        (404, "member_not_found")
    );
    assert_eq!(fake.last_code("member-test-nope"), None);
    assert!(fake.member("member-test-nope").is_none());

    let seed = fake.seed().unwrap();
    assert_eq!(seed.organization.mfa_policy, "REQUIRED_FOR_ALL");
    assert_ne!(seed.member_with_phone.mfa_phone_number, "");
    assert_eq!(seed.member_without_phone.mfa_phone_number, "");
    assert!(fake.seed().is_err(), "the demo slug is taken now");
}

#[tokio::test]
async fn shutdown_stops_the_server() {
    let env = env(MfaPolicy::RequiredForAll).await;
    env.send(&env.ada).await;
    let Env {
        fake,
        client,
        org,
        ada,
        ..
    } = env;
    fake.shutdown().await;
    let err = client
        .otps()
        .sms()
        .send(SendRequest::new(&org.organization_id, &ada.member_id))
        .await
        .unwrap_err();
    assert_eq!(err.status(), None, "{err}");
}

// The standalone binary

struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_standalone_binary_starts_and_answers() {
    let mut child = KillOnDrop(
        Command::new(env!("CARGO_BIN_EXE_stytch-fake"))
            .args(["--port", "0", "--member-send-limit", "2/60"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn stytch-fake"),
    );
    let stdout = child.0.stdout.take().unwrap();
    let read = tokio::task::spawn_blocking(move || {
        let mut vars = HashMap::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap();
            if let Some((key, value)) = line.split_once('=') {
                if !line.starts_with('#') {
                    vars.insert(key.to_owned(), value.to_owned());
                }
            }
            if vars.contains_key("STYTCH_MEMBER_ID_WITHOUT_PHONE") {
                break;
            }
        }
        vars
    });
    let vars = tokio::time::timeout(Duration::from_secs(60), read)
        .await
        .expect("stytch-fake printed its settings in time")
        .unwrap();
    let var = |k: &str| {
        vars.get(k)
            .unwrap_or_else(|| panic!("{k} in {vars:?}"))
            .clone()
    };
    let base_url = var("STYTCH_BASE_URL");
    assert!(base_url.starts_with("http://127.0.0.1:"), "{base_url}");
    assert_eq!(var("STYTCH_ORGANIZATION_MFA_POLICY"), "REQUIRED_FOR_ALL");

    let client = Client::builder(var("STYTCH_PROJECT_ID"), var("STYTCH_SECRET"))
        .base_url(&base_url)
        .build()
        .unwrap();
    let org = var("STYTCH_ORGANIZATION_ID");
    let member = var("STYTCH_MEMBER_ID");
    let sent = client
        .otps()
        .sms()
        .send(SendRequest::new(&org, &member))
        .await
        .unwrap();
    assert_eq!(
        sent.member.mfa_phone_number,
        var("STYTCH_MEMBER_PHONE_NUMBER")
    );
    expect_error(
        client
            .otps()
            .sms()
            .send(SendRequest::new(
                &org,
                var("STYTCH_MEMBER_ID_WITHOUT_PHONE"),
            ))
            .await,
        400,
        "mfa_phone_number_required",
    );

    // The control routes, as a test in another language would use them.
    let http = http();
    let auth = |r: reqwest::RequestBuilder| {
        r.basic_auth(var("STYTCH_PROJECT_ID"), Some(var("STYTCH_SECRET")))
    };
    let outbox: Value = serde_json::from_slice(
        &auth(http.get(format!("{base_url}/__fake/outbox")))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap(),
    )
    .unwrap();
    let code = outbox[0]["code"].as_str().unwrap().to_owned();
    let minted: Value = serde_json::from_slice(
        &auth(http.post(format!("{base_url}/__fake/intermediate_sessions")))
            .body(json!({"organization_id": org, "member_id": member}).to_string())
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap(),
    )
    .unwrap();
    let ist = minted["intermediate_session_token"].as_str().unwrap();
    let authed = client
        .otps()
        .sms()
        .authenticate(AuthenticateRequest::new(&org, &member, code).intermediate_session_token(ist))
        .await
        .unwrap();
    assert!(authed.member.mfa_enrolled);

    // `--member-send-limit 2/60`: the member's second send is allowed, the third is not.
    // (Their phone is verified now, so sends need the session.)
    let once = client.with_retry_policy(stytch_b2b_otp_sms::RetryPolicy::disabled());
    let again = || {
        once.otps()
            .sms()
            .send(SendRequest::new(&org, &member).session_token(&authed.session_token))
    };
    again().await.unwrap();
    let err = again().await.unwrap_err();
    assert_eq!(
        (err.status(), err.error_type()),
        (Some(429), Some("too_many_requests"))
    );

    // A fault queued over HTTP, as from another language.
    let queued = auth(http.post(format!("{base_url}/__fake/faults")))
        .body(r#"{"kind": "status", "status": 503, "operation": "otps.sms.authenticate"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(queued.status(), 200);
    let err = once
        .otps()
        .sms()
        .authenticate(
            AuthenticateRequest::new(&org, &member, "000000").session_token(&authed.session_token),
        )
        .await
        .unwrap_err();
    assert_eq!(
        (err.status(), err.error_type()),
        (Some(503), Some("service_unavailable"))
    );

    // The JWKS, where the binary said it is, without credentials.
    let jwks: Value = serde_json::from_slice(
        &http
            .get(var("STYTCH_JWKS_URL"))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(jwks["keys"][0]["alg"], "RS256");
    drop(child);
}

#[test]
fn the_binary_names_bad_arguments() {
    let out = Command::new(env!("CARGO_BIN_EXE_stytch-fake"))
        .args(["--member-send-limit", "three"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--member-send-limit") && stderr.contains("MAX/SECONDS"),
        "{stderr}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_stytch-fake"))
        .args(["--project-id", "p"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--secret"));
    let help = Command::new(env!("CARGO_BIN_EXE_stytch-fake"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("/__fake/faults"));
}
