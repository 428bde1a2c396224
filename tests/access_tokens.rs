//! Local checks of Connected Apps access tokens (`client.idp().introspect_token_local`) and
//! their scope authorization (`authorize_scopes_local`), against tokens signed by another
//! library (`jsonwebtoken`) with the tests' own keys, served from a loopback JWKS beside a
//! loopback RBAC policy with scopes. The fake's own tokens are checked in the fake's
//! integration tests (`fake/tests/integration/access_tokens.rs`).
//!
//! Needs `--features idp,sessions,rbac` (CI runs it with `--all-features`).
#![cfg(all(feature = "idp", feature = "sessions", feature = "rbac"))]

mod support;
#[allow(dead_code)]
mod token_echo;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use stytch_b2b_otp_sms::idp::IntrospectTokenLocalRequest;
use stytch_b2b_otp_sms::sessions::AuthorizationCheck;
use stytch_b2b_otp_sms::{Client, Error};
use support::jwt::{NOW, sign, test_jwks};
use support::{PROJECT_ID, Response, SECRET, Server};

const JWKS_PATH: &str = "/v1/b2b/sessions/jwks/";
const POLICY_PATH: &str = "/v1/b2b/rbac/policy";
const ORG: &str = "organization-test-1";

/// The claims Stytch documents for a B2B Connected Apps access token.
fn claims() -> Value {
    json!({
        "iss": format!("stytch.com/{PROJECT_ID}"),
        "aud": [PROJECT_ID],
        "sub": "member-test-1",
        "client_id": "connected-app-test-1",
        "scope": "openid read:docs",
        "iat": NOW - 10,
        "nbf": NOW - 10,
        "exp": NOW + 3590,
        "jti": "access-token-jti-1",
        "https://stytch.com/organization": {
            "organization_id": ORG,
            "slug": "analytical-engines",
        },
        "tier": "gold",
    })
}

fn with(changes: Value) -> Value {
    let mut claims = claims();
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            claims.as_object_mut().unwrap().remove(k);
        } else {
            claims[k] = v.clone();
        }
    }
    claims
}

/// The policy the loopback server answers: scopes with permissions, and roles.
fn policy() -> Value {
    json!({
        "request_id": "request-id-test-policy",
        "status_code": 200,
        "policy": {
            "roles": [],
            "resources": [],
            "scopes": [
                {"scope": "read:docs", "description": "",
                 "permissions": [{"resource_id": "documents", "actions": ["read"]}]},
                {"scope": "admin:docs", "description": "",
                 "permissions": [{"resource_id": "documents", "actions": ["*"]}]},
            ],
        },
    })
}

/// A loopback server answering the JWKS path with `jwks(n)` for its `n`th fetch (from 0),
/// the policy path with [`policy`] (or 503 when `policy_down`), anything else 404.
async fn server_with(
    jwks: impl Fn(usize) -> Option<Value> + Send + Sync + 'static,
    policy_down: bool,
) -> Server {
    let fetches = AtomicUsize::new(0);
    Server::start(support::Script::handler(move |request| {
        if request.path == format!("{JWKS_PATH}{PROJECT_ID}") {
            match jwks(fetches.fetch_add(1, Ordering::SeqCst)) {
                Some(mut body) => {
                    body["request_id"] = json!("request-id-test-jwks");
                    body["status_code"] = json!(200);
                    Response::json(200, &body).into()
                }
                None => Response::json(503, &json!({"error_type": "unavailable"})).into(),
            }
        } else if request.path == POLICY_PATH && !policy_down {
            Response::json(200, &policy()).into()
        } else if request.path == POLICY_PATH {
            Response::json(503, &json!({"error_type": "unavailable"})).into()
        } else {
            Response::json(404, &json!({"error_type": "not_found"})).into()
        }
    }))
    .await
}

async fn server() -> Server {
    server_with(|_| Some(test_jwks()), false).await
}

fn calls_to(server: &Server, path: &str) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| r.path.starts_with(path))
        .count()
}

fn at_now(token: &str) -> IntrospectTokenLocalRequest {
    IntrospectTokenLocalRequest::new(token).current_time(UNIX_EPOCH + Duration::from_secs(NOW))
}

/// The `error_type` of a refusal of `token`, checking its message does not echo it.
async fn refusal(client: &Client, token: &str, request: IntrospectTokenLocalRequest) -> String {
    let e = client
        .idp()
        .introspect_token_local(request)
        .await
        .expect_err("refused");
    let message = format!("{e} {e:?}");
    assert_eq!(token_echo::echoed_token(&message, token), None, "{message}");
    assert!(!message.contains('\n'), "{message}");
    e.error_type().unwrap().to_owned()
}

#[tokio::test]
async fn a_token_signed_by_another_library_verifies_into_its_claims() {
    let server = server().await;
    let client = support::client(&server);
    let token = sign("a", "jwk-test-a", &claims());
    let got = client
        .idp()
        .introspect_token_local(
            at_now(&token)
                .client_id("connected-app-test-1")
                .require_scope("read:docs"),
        )
        .await
        .unwrap();
    assert_eq!(got.member_id, "member-test-1");
    assert_eq!(got.organization_id, ORG);
    assert_eq!(got.organization_slug.as_deref(), Some("analytical-engines"));
    assert_eq!(got.scopes, ["openid", "read:docs"]);
    assert_eq!(got.client_id, "connected-app-test-1");
    assert_eq!(got.issuer, format!("stytch.com/{PROJECT_ID}"));
    assert_eq!(got.audience, [PROJECT_ID]);
    assert_eq!(got.expires_at, UNIX_EPOCH + Duration::from_secs(NOW + 3590));
    assert_eq!(
        got.issued_at,
        Some(UNIX_EPOCH + Duration::from_secs(NOW - 10))
    );
    assert_eq!(got.token_id.as_deref(), Some("access-token-jti-1"));
    assert_eq!(
        Value::Object(got.custom_claims.clone()),
        json!({"tier": "gold"})
    );
    assert_eq!(got.verdict, None);
    // The issuer of a custom domain (the client's base URL) is accepted too, as Go and Node
    // accept it.
    let custom = sign("b", "jwk-test-b", &with(json!({"iss": server.base_url()})));
    client
        .idp()
        .introspect_token_local(at_now(&custom))
        .await
        .unwrap();
    // One JWKS fetch for both; no policy fetched without a check.
    assert_eq!(calls_to(&server, JWKS_PATH), 1);
    assert_eq!(calls_to(&server, POLICY_PATH), 0);
    // The request's Debug never shows the token.
    assert!(!format!("{:?}", at_now(&token)).contains(&token[..40]));
}

#[tokio::test]
async fn forged_foreign_expired_and_incomplete_tokens_are_refused() {
    let server = server().await;
    let client = support::client(&server);
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "wrong iss",
            sign(
                "a",
                "jwk-test-a",
                &with(json!({"iss": "stytch.com/project-test-other"})),
            ),
            "invalid_access_token",
        ),
        (
            "wrong aud",
            sign(
                "a",
                "jwk-test-a",
                &with(json!({"aud": ["connected-app-test-1"]})),
            ),
            "invalid_access_token",
        ),
        (
            "expired",
            sign("a", "jwk-test-a", &with(json!({"exp": NOW - 1}))),
            "access_token_expired",
        ),
        (
            "nbf in the future",
            sign("a", "jwk-test-a", &with(json!({"nbf": NOW + 60}))),
            "invalid_access_token",
        ),
        (
            "no exp",
            sign("a", "jwk-test-a", &with(json!({"exp": null}))),
            "invalid_access_token",
        ),
        (
            "missing scope claim",
            sign("a", "jwk-test-a", &with(json!({"scope": null}))),
            "invalid_access_token",
        ),
        (
            "missing organization claim",
            sign(
                "a",
                "jwk-test-a",
                &with(json!({"https://stytch.com/organization": null})),
            ),
            "invalid_access_token",
        ),
        (
            "signed by a key of another kid",
            sign("b", "jwk-test-a", &claims()),
            "invalid_access_token",
        ),
        ("alg none", alg_none(), "invalid_access_token"),
        (
            "HS256 with the public modulus",
            hs256(),
            "invalid_access_token",
        ),
        ("tampered payload", tampered(), "invalid_access_token"),
    ];
    for (what, token, expected) in cases {
        let got = refusal(&client, &token, at_now(&token)).await;
        assert_eq!(got, expected, "{what}");
    }
    // Clock tolerance covers a just-expired token; a maximum age refuses an old one.
    let expired = sign("a", "jwk-test-a", &with(json!({"exp": NOW - 1})));
    client
        .idp()
        .introspect_token_local(at_now(&expired).clock_tolerance(Duration::from_secs(5)))
        .await
        .unwrap();
    let token = sign("a", "jwk-test-a", &claims());
    let old = at_now(&token).max_token_age(Duration::from_secs(5));
    assert_eq!(refusal(&client, &token, old).await, "access_token_too_old");
    // What the request requires of the token.
    let other_client = at_now(&token).client_id("connected-app-test-2");
    assert_eq!(
        refusal(&client, &token, other_client).await,
        "invalid_access_token"
    );
    let more_scope = at_now(&token).require_scope("admin:docs");
    assert_eq!(
        refusal(&client, &token, more_scope).await,
        "insufficient_scope"
    );
    // Every refusal came from one JWKS fetch.
    assert_eq!(calls_to(&server, JWKS_PATH), 1);
}

fn segments(token: &str) -> Vec<String> {
    token.split('.').map(str::to_owned).collect()
}

fn alg_none() -> String {
    let good = segments(&sign("a", "jwk-test-a", &claims()));
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","kid":"jwk-test-a","typ":"JWT"}"#);
    format!("{header}.{}.", good[1])
}

/// HS256 keyed with the text of key a's modulus (the algorithm-confusion forgery).
fn hs256() -> String {
    let jwks = test_jwks();
    let n = jwks["keys"][0]["n"].as_str().unwrap();
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some("jwk-test-a".into());
    jsonwebtoken::encode(&header, &claims(), &EncodingKey::from_secret(n.as_bytes())).unwrap()
}

/// A good token whose payload was replaced by one granting more scopes.
fn tampered() -> String {
    let mut parts = segments(&sign("a", "jwk-test-a", &claims()));
    let forged = with(json!({"scope": "openid read:docs admin:docs"}));
    parts[1] = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged).unwrap());
    parts.join(".")
}

#[tokio::test]
async fn an_unknown_kid_refetches_the_jwks_once() {
    // The first JWKS has key a only; later ones have b too (a rotation).
    let server = server_with(
        |n| {
            let mut jwks = test_jwks();
            if n == 0 {
                jwks["keys"].as_array_mut().unwrap().truncate(1);
            }
            Some(jwks)
        },
        false,
    )
    .await;
    let eager = Client::builder(PROJECT_ID, SECRET)
        .base_url(server.base_url())
        .jwks_refresh(Duration::from_secs(300), Duration::ZERO)
        .build()
        .unwrap();
    let idp = eager.idp();
    let a = sign("a", "jwk-test-a", &claims());
    idp.introspect_token_local(at_now(&a)).await.unwrap();
    let b = sign("b", "jwk-test-b", &claims());
    idp.introspect_token_local(at_now(&b)).await.unwrap();
    assert_eq!(calls_to(&server, JWKS_PATH), 2, "one refetch found key b");

    // With the default cooldown, a flood of random kids costs no more fetches.
    let client = support::client(&server);
    client
        .idp()
        .introspect_token_local(at_now(&a))
        .await
        .unwrap();
    let rest = segments(&a)[1..].join(".");
    for i in 0..200 {
        let header = URL_SAFE_NO_PAD.encode(format!(r#"{{"alg":"RS256","kid":"random-{i}"}}"#));
        let token = format!("{header}.{rest}");
        assert_eq!(
            refusal(&client, &token, at_now(&token)).await,
            "invalid_access_token"
        );
    }
    assert_eq!(calls_to(&server, JWKS_PATH), 3);
}

#[tokio::test]
async fn a_jwks_outage_with_nothing_cached_is_unavailable_with_its_source() {
    let server = server_with(|_| None, false).await;
    let client = support::client(&server);
    let token = sign("a", "jwk-test-a", &claims());
    let e = client
        .idp()
        .introspect_token_local(at_now(&token))
        .await
        .unwrap_err();
    let Error::Unavailable(unavailable) = &e else {
        panic!("expected Error::Unavailable, got {e:?}");
    };
    assert_eq!(e.error_type(), Some("jwks_unavailable"));
    assert_eq!(unavailable.cause().status(), Some(503));
    let source = std::error::Error::source(&e).expect("the failed fetch");
    assert!(source.to_string().contains("503"), "{source}");
    assert_eq!(token_echo::echoed_token(&e.to_string(), &token), None);
}

#[tokio::test]
async fn scope_checks_grant_by_the_policys_scopes_and_refuse_as_session_checks_do() {
    let server = server().await;
    let client = support::client(&server);
    let reader = sign("a", "jwk-test-a", &claims());
    let claims_of = |token: String| {
        let client = client.clone();
        async move {
            client
                .idp()
                .introspect_token_local(at_now(&token))
                .await
                .unwrap()
        }
    };
    let read = claims_of(reader.clone()).await;
    let check = |resource: &str, action: &str| AuthorizationCheck::new(ORG, resource, action);
    let idp = client.idp();
    let verdict = idp
        .authorize_scopes_local(&read, &check("documents", "read"))
        .await
        .unwrap();
    assert!(verdict.authorized);
    assert_eq!(verdict.granting_scopes, ["read:docs"]);
    for (check, expected) in [
        (check("documents", "write"), "invalid_permissions"),
        (check("images", "read"), "invalid_permissions"),
        (
            AuthorizationCheck::new("organization-test-2", "documents", "read"),
            "tenancy_mismatch",
        ),
    ] {
        let e = idp.authorize_scopes_local(&read, &check).await.unwrap_err();
        assert!(matches!(e, Error::Authorization(_)), "{e:?}");
        assert_eq!(e.error_type(), Some(expected));
    }
    let admin = claims_of(sign(
        "a",
        "jwk-test-a",
        &with(json!({"scope": "admin:docs read:docs"})),
    ))
    .await;
    let verdict = idp
        .authorize_scopes_local(&admin, &check("documents", "delete"))
        .await
        .unwrap();
    assert_eq!(verdict.granting_scopes, ["admin:docs"]);
    // In the request, as Node's `authorization_check` option.
    let got = idp
        .introspect_token_local(at_now(&reader).authorization_check(check("documents", "read")))
        .await
        .unwrap();
    assert_eq!(got.verdict.unwrap().granting_scopes, ["read:docs"]);
    // The policy was fetched once for all the checks (the cache).
    assert_eq!(calls_to(&server, POLICY_PATH), 1);
}

#[tokio::test]
async fn a_policy_outage_leaves_a_scope_check_undecided() {
    let server = server_with(|_| Some(test_jwks()), true).await;
    let client = support::client(&server);
    let token = sign("a", "jwk-test-a", &claims());
    let read = client
        .idp()
        .introspect_token_local(at_now(&token))
        .await
        .unwrap();
    let check = AuthorizationCheck::new(ORG, "documents", "read");
    let e = client
        .idp()
        .authorize_scopes_local(&read, &check)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Unavailable(_)), "{e:?}");
    assert_eq!(e.error_type(), Some("rbac_policy_unavailable"));
    assert!(std::error::Error::source(&e).is_some());
    // Tenancy is decided before the policy is needed.
    let other = AuthorizationCheck::new("organization-test-2", "documents", "read");
    let e = client
        .idp()
        .authorize_scopes_local(&read, &other)
        .await
        .unwrap_err();
    assert_eq!(e.error_type(), Some("tenancy_mismatch"));
}

/// The same check through the blocking client.
#[cfg(feature = "blocking")]
#[test]
fn the_blocking_client_checks_access_tokens_too() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(server());
    let client = Client::builder(PROJECT_ID, SECRET)
        .base_url(server.base_url())
        .build_blocking()
        .unwrap();
    let token = sign("a", "jwk-test-a", &claims());
    let got = client.idp().introspect_token_local(at_now(&token)).unwrap();
    assert_eq!(got.member_id, "member-test-1");
}
