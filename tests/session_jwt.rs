//! Local verification of session JWTs (`client.sessions().authenticate_jwt_local`), against
//! JWTs signed by another library (`jsonwebtoken`) with keys of the tests' own, served from a
//! loopback JWKS; and against the JWT the fake issues after an SMS passcode.
//!
//! Needs `--features sessions` (CI runs it with `--all-features`).
#![cfg(feature = "sessions")]

mod support;

use std::time::{Duration, UNIX_EPOCH};

use serde_json::{Value, json};
use stytch_b2b_otp_sms::otp_sms::{AuthenticateRequest, SendRequest};
use stytch_b2b_otp_sms::sessions::AuthenticateJwtLocalRequest;
use stytch_b2b_otp_sms::{Client, Error};
use stytch_b2b_otp_sms_fake::FakeStytch;
use support::jwt::{NOW, claims, sign, test_jwks};
use support::{PROJECT_ID, Response, Server};

const JWKS_PATH: &str = "/v1/b2b/sessions/jwks/";

/// A loopback server answering the JWKS path with `jwks` (Stytch's GetJWKSResponse shape),
/// `sessions.authenticate` with a session whose JWT is `"fresh-jwt-from-the-api"`, and
/// everything else with 404.
async fn jwks_server(jwks: Value) -> Server {
    let mut body = jwks;
    body["request_id"] = json!("request-id-test-jwks");
    body["status_code"] = json!(200);
    Server::start(support::Script::handler(move |request| {
        if request.path == format!("{JWKS_PATH}{PROJECT_ID}") {
            Response::json(200, &body).into()
        } else if request.path == AUTHENTICATE_PATH {
            Response::json(
                200,
                &json!({
                    "request_id": "request-id-test-authenticate",
                    "status_code": 200,
                    "session_jwt": "fresh-jwt-from-the-api",
                    "session_token": "",
                    "member_session": {"member_session_id": "member-session-test-1"},
                    "member": {"member_id": "member-test-1"},
                    "organization": {"organization_id": "organization-test-1"},
                }),
            )
            .into()
        } else {
            Response::json(404, &json!({"error_type": "not_found"})).into()
        }
    }))
    .await
}

const AUTHENTICATE_PATH: &str = "/v1/b2b/sessions/authenticate";

/// How many requests `server` got for `path`.
fn calls_to(server: &Server, path: &str) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| r.path.starts_with(path))
        .count()
}

fn client(server: &Server) -> Client {
    support::client(server)
}

fn at_now(jwt: &str) -> AuthenticateJwtLocalRequest {
    AuthenticateJwtLocalRequest::new(jwt).current_time(UNIX_EPOCH + Duration::from_secs(NOW))
}

fn jwt_error(result: Result<impl std::fmt::Debug, Error>) -> (String, String) {
    match result {
        Err(e @ Error::Jwt(_)) => (e.error_type().unwrap().to_owned(), e.to_string()),
        other => panic!("expected Error::Jwt, got {other:?}"),
    }
}

#[tokio::test]
async fn a_jwt_signed_by_another_library_verifies_and_yields_the_member_session() {
    let server = jwks_server(test_jwks()).await;
    let client = client(&server);
    let jwt = sign("a", "jwk-test-a", &claims());
    let local = client
        .sessions()
        .authenticate_jwt_local(at_now(&jwt))
        .await
        .unwrap();
    let session = &local.member_session;
    assert_eq!(session.member_session_id, "member-session-test-1");
    assert_eq!(session.member_id, "member-test-1");
    assert_eq!(session.organization_id, "organization-test-1");
    assert_eq!(session.organization_slug, "analytical-engines");
    assert_eq!(session.expires_at, "2027-01-15T09:00:00Z");
    assert_eq!(session.roles, ["stytch_member"]);
    assert_eq!(session.authentication_factors.len(), 1);
    assert_eq!(local.organization_id, "organization-test-1");
    assert_eq!(
        local.custom_claims,
        *json!({"plan": "enterprise"}).as_object().unwrap()
    );
    assert_eq!(session.custom_claims, local.custom_claims);
    // One JWKS fetch, unauthenticated path as Stytch serves it; a second JWT uses the cache.
    let other = sign("b", "jwk-test-b", &claims());
    client
        .sessions()
        .authenticate_jwt_local(at_now(&other))
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0].method, "GET");
}

#[tokio::test]
async fn forged_expired_and_foreign_jwts_are_refused() {
    let server = jwks_server(test_jwks()).await;
    let client = client(&server);
    let verify = |jwt: String| {
        let client = client.clone();
        async move { client.sessions().authenticate_jwt_local(at_now(&jwt)).await }
    };

    let good = sign("a", "jwk-test-a", &claims());
    let parts: Vec<&str> = good.split('.').collect();
    let mut forged = claims();
    forged["sub"] = json!("member-test-admin");
    let forged_payload = base64_url(&forged.to_string());
    let (kind, message) =
        jwt_error(verify(format!("{}.{forged_payload}.{}", parts[0], parts[2])).await);
    assert_eq!(kind, "invalid_session_jwt");
    assert!(
        !message.contains(parts[2]) && !message.contains(&forged_payload),
        "{message}"
    );

    let none = format!(
        "{}.{}.",
        base64_url(r#"{"alg":"none","kid":"jwk-test-a"}"#),
        parts[1]
    );
    assert_eq!(jwt_error(verify(none).await).0, "invalid_session_jwt");

    let mut wrong = claims();
    wrong["iss"] = json!("stytch.com/project-test-other");
    assert_eq!(
        jwt_error(verify(sign("a", "jwk-test-a", &wrong)).await).0,
        "invalid_session_jwt"
    );
    let mut wrong = claims();
    wrong["aud"] = json!(["project-test-other"]);
    assert_eq!(
        jwt_error(verify(sign("a", "jwk-test-a", &wrong)).await).0,
        "invalid_session_jwt"
    );
    let mut expired = claims();
    expired["exp"] = json!(NOW - 1);
    assert_eq!(
        jwt_error(verify(sign("a", "jwk-test-a", &expired)).await).0,
        "session_jwt_expired"
    );
    let mut early = claims();
    early["nbf"] = json!(NOW + 60);
    assert_eq!(
        jwt_error(verify(sign("a", "jwk-test-a", &early)).await).0,
        "invalid_session_jwt"
    );

    let too_old = client
        .sessions()
        .authenticate_jwt_local(at_now(&good).max_token_age(Duration::ZERO))
        .await;
    assert_eq!(jwt_error(too_old).0, "session_jwt_too_old");
}

#[tokio::test]
async fn a_thousand_random_kids_cost_one_jwks_fetch() {
    let server = jwks_server(test_jwks()).await;
    let client = client(&server);
    // One signature, a thousand headers: the kid is looked up before the signature is
    // checked, and signing a thousand JWTs would take longer than the cooldown in a debug
    // build.
    let signed = sign("a", "jwk-test-a", &claims());
    let (_, rest) = signed.split_once('.').unwrap();
    for i in 0..1000 {
        let header = base64_url(&format!(
            r#"{{"alg":"RS256","typ":"JWT","kid":"random-kid-{i}"}}"#
        ));
        let jwt = format!("{header}.{rest}");
        let (kind, message) =
            jwt_error(client.sessions().authenticate_jwt_local(at_now(&jwt)).await);
        assert_eq!(kind, "invalid_session_jwt");
        assert!(message.contains("`kid`"), "{message}");
    }
    // The first fetch happened for the first JWT; every later unknown kid fell within the
    // cooldown (30 s) of it.
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn authenticate_jwt_asks_the_api_only_where_it_might_say_yes() {
    use stytch_b2b_otp_sms::sessions::{AuthenticateJwtLocalRequest, AuthenticateJwtResponse};
    let server = jwks_server(test_jwks()).await;
    let client = client(&server);
    let at_now = |jwt: &str| {
        AuthenticateJwtLocalRequest::new(jwt).current_time(UNIX_EPOCH + Duration::from_secs(NOW))
    };
    let sessions = client.sessions();

    // Valid: answered locally.
    let good = sign("a", "jwk-test-a", &claims());
    let answer = sessions.authenticate_jwt(at_now(&good)).await.unwrap();
    assert!(answer.is_local(), "{answer:?}");
    assert_eq!(calls_to(&server, AUTHENTICATE_PATH), 0);

    // Expired, and too old: the session may outlive the JWT, so the API is asked, with it.
    let mut expired = claims();
    expired["exp"] = json!(NOW - 1);
    let expired = sign("a", "jwk-test-a", &expired);
    match sessions.authenticate_jwt(at_now(&expired)).await.unwrap() {
        AuthenticateJwtResponse::Remote(r) => assert_eq!(r.session_jwt, "fresh-jwt-from-the-api"),
        other => panic!("{other:?}"),
    }
    let asked = server
        .requests()
        .into_iter()
        .filter(|r| r.path == AUTHENTICATE_PATH)
        .collect::<Vec<_>>();
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].json()["session_jwt"], expired.as_str());
    let too_old = sessions
        .authenticate_jwt(at_now(&good).max_token_age(Duration::ZERO))
        .await
        .unwrap();
    assert!(!too_old.is_local());
    assert_eq!(calls_to(&server, AUTHENTICATE_PATH), 2);

    // Forged, foreign, malformed: final, no API call.
    let parts: Vec<&str> = good.split('.').collect();
    let mut forged = claims();
    forged["sub"] = json!("member-test-admin");
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        base64_url(&forged.to_string()),
        parts[2]
    );
    let mut foreign = claims();
    foreign["iss"] = json!("stytch.com/project-test-other");
    for jwt in [
        forged,
        sign("a", "jwk-test-a", &foreign),
        "not.a.jwt".into(),
    ] {
        assert_eq!(
            jwt_error(sessions.authenticate_jwt(at_now(&jwt)).await).0,
            "invalid_session_jwt"
        );
    }
    assert_eq!(calls_to(&server, AUTHENTICATE_PATH), 2);
}

#[tokio::test]
async fn random_kids_reach_the_api_at_most_once_per_cooldown() {
    use stytch_b2b_otp_sms::sessions::AuthenticateJwtLocalRequest;
    let server = jwks_server(test_jwks()).await;
    let client = client(&server);
    let signed = sign("a", "jwk-test-a", &claims());
    let (_, rest) = signed.split_once('.').unwrap();
    let mut remote = 0;
    for i in 0..1000 {
        let header = base64_url(&format!(r#"{{"alg":"RS256","kid":"random-kid-{i}"}}"#));
        let request = AuthenticateJwtLocalRequest::new(format!("{header}.{rest}"))
            .current_time(UNIX_EPOCH + Duration::from_secs(NOW));
        match client.sessions().authenticate_jwt(request).await {
            Ok(answer) => {
                assert!(!answer.is_local());
                remote += 1;
            }
            Err(e) => assert_eq!(e.error_type(), Some("invalid_session_jwt")),
        }
    }
    // The first kid came right after the first fetch (a key might have rotated in): one API
    // call; the rest fell within the cooldown.
    assert_eq!((remote, calls_to(&server, AUTHENTICATE_PATH)), (1, 1));
    assert_eq!(calls_to(&server, JWKS_PATH), 1);
}

#[tokio::test]
async fn no_jwks_is_unavailable_with_the_failed_fetch_as_source() {
    let server = Server::start(Response::json(503, &json!({"error_type": "unavailable"}))).await;
    let jwt = sign("a", "jwk-test-a", &claims());
    let client = client(&server);
    for answer in [
        client
            .sessions()
            .authenticate_jwt_local(at_now(&jwt))
            .await
            .map(drop),
        // `authenticate_jwt` does not fall back on an outage either: nothing was refused.
        client
            .sessions()
            .authenticate_jwt(at_now(&jwt))
            .await
            .map(drop),
    ] {
        let e = answer.unwrap_err();
        let Error::Unavailable(unavailable) = &e else {
            panic!("expected Error::Unavailable, got {e:?}");
        };
        assert_eq!(e.error_type(), Some("jwks_unavailable"));
        assert_eq!(unavailable.cause().status(), Some(503));
        let source = std::error::Error::source(&e).expect("the failed fetch");
        assert!(source.to_string().contains("503"), "{source}");
        let message = e.to_string();
        assert!(!message.contains('\n'), "{message}");
        assert!(!message.contains(&jwt[jwt.len() - 40..]), "{message}");
    }
    assert_eq!(calls_to(&server, AUTHENTICATE_PATH), 0);
}

#[tokio::test]
async fn the_session_jwt_the_fake_issues_after_an_sms_passcode_verifies_locally() {
    let fake = FakeStytch::start().await.unwrap();
    let seed = fake.seed().unwrap();
    let (org, member) = (&seed.organization, &seed.member_without_phone);
    let ist = fake
        .mint_intermediate_session_token(&org.organization_id, &member.member_id)
        .unwrap();
    let client = fake.client();
    let sms = client.otps().sms();
    sms.send(
        SendRequest::new(&org.organization_id, &member.member_id)
            .mfa_phone_number("+15555550123")
            .intermediate_session_token(&ist),
    )
    .await
    .unwrap();
    let code = fake.last_code(&member.member_id).unwrap();
    let authed = sms
        .authenticate(
            AuthenticateRequest::new(&org.organization_id, &member.member_id, code)
                .intermediate_session_token(&ist)
                .session_duration_minutes(60),
        )
        .await
        .unwrap();
    let local = client
        .sessions()
        .authenticate_jwt_local(AuthenticateJwtLocalRequest::new(&authed.session_jwt))
        .await
        .unwrap();
    let remote = authed.member_session.unwrap();
    assert_eq!(
        local.member_session.member_session_id,
        remote.member_session_id
    );
    assert_eq!(local.member_session.member_id, member.member_id);
    assert_eq!(local.organization_id, org.organization_id);
    assert_eq!(local.member_session.expires_at, remote.expires_at);
    fake.shutdown().await;
}

fn base64_url(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}

/// The blocking client verifies the same way: locally, and with the API where it might
/// accept what was refused.
#[cfg(feature = "blocking")]
#[test]
fn the_blocking_client_verifies_locally_and_falls_back_too() {
    use stytch_b2b_otp_sms::sessions::AuthenticateJwtResponse;
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(jwks_server(test_jwks()));
    let blocking = stytch_b2b_otp_sms::blocking::Client::new(client(&server)).unwrap();
    let good = sign("a", "jwk-test-a", &claims());
    let local = blocking
        .sessions()
        .authenticate_jwt_local(at_now(&good))
        .unwrap();
    assert_eq!(local.member_session.member_id, "member-test-1");
    assert_eq!(local.organization_id, "organization-test-1");
    let forged = sign("short", "jwk-test-a", &claims());
    assert_eq!(
        jwt_error(blocking.sessions().authenticate_jwt_local(at_now(&forged))).0,
        "invalid_session_jwt"
    );
    let mut expired = claims();
    expired["exp"] = json!(NOW - 1);
    let expired = sign("a", "jwk-test-a", &expired);
    match blocking
        .sessions()
        .authenticate_jwt(at_now(&expired))
        .unwrap()
    {
        AuthenticateJwtResponse::Remote(r) => assert_eq!(r.session_jwt, "fresh-jwt-from-the-api"),
        other => panic!("{other:?}"),
    }
    assert_eq!(calls_to(&server, AUTHENTICATE_PATH), 1);
    // From inside an async runtime: a clear error, not a deadlock.
    let inside =
        runtime.block_on(async { blocking.sessions().authenticate_jwt_local(at_now(&good)) });
    assert!(matches!(inside, Err(Error::Config(_))), "{inside:?}");
}
