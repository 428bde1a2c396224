//! Local RBAC authorization of a verified session JWT (`authorization_check`), against JWTs
//! signed by an independent library carrying the member's roles, and a loopback Stytch that
//! serves the project's RBAC policy and each organization's custom roles (counting fetches).
//!
//! Needs `--features sessions,rbac` (CI runs it with `--all-features`).
#![cfg(all(feature = "sessions", feature = "rbac"))]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, UNIX_EPOCH};

use serde_json::{Value, json};
use stytch_b2b_otp_sms::sessions::{
    AuthenticateJwtLocalRequest, AuthenticateJwtResponse, AuthorizationCheck,
};
use stytch_b2b_otp_sms::{AuthorizationErrorKind, Client, Error};
use support::jwt::{NOW, claims, sign, test_jwks};
use support::{PROJECT_ID, Response, Server};

const POLICY_PATH: &str = "/v1/b2b/rbac/policy";
const ORG_POLICY_PREFIX: &str = "/v1/b2b/rbac/organizations/";
const AUTHENTICATE_PATH: &str = "/v1/b2b/sessions/authenticate";

/// The project's policy: members read documents, admins do anything to them.
fn project_policy() -> Value {
    json!({
        "roles": [
            {"role_id": "stytch_member", "description": "",
             "permissions": [{"resource_id": "documents", "actions": ["read"]}]},
            {"role_id": "stytch_admin", "description": "",
             "permissions": [{"resource_id": "documents", "actions": ["*"]}]},
        ],
        "resources": [],
        "scopes": [],
    })
}

/// A Stytch on loopback: the JWKS, the project's policy (a 500 while `failing` is set), the
/// custom role `auditor` (export reports) of `organization-test-1` and none elsewhere (but
/// `organization-test-deleted`, a 404 `organization_not_found`, and `organization-test-down`,
/// a 503), and `sessions.authenticate`.
async fn stytch(failing: Arc<AtomicBool>) -> Server {
    let mut jwks = test_jwks();
    jwks["request_id"] = json!("r");
    jwks["status_code"] = json!(200);
    Server::start(support::Script::handler(move |request| {
        let path = request.path.as_str();
        if failing.load(Ordering::SeqCst) && path.starts_with("/v1/b2b/rbac/") {
            return Response::json(
                500,
                &json!({"status_code": 500, "error_type": "internal_server_error",
                "error_message": "down", "request_id": "r"}),
            )
            .into();
        }
        if path == format!("/v1/b2b/sessions/jwks/{PROJECT_ID}") {
            Response::json(200, &jwks).into()
        } else if path == POLICY_PATH {
            Response::json(
                200,
                &json!({"request_id": "r", "status_code": 200, "policy": project_policy()}),
            )
            .into()
        } else if path == format!("{ORG_POLICY_PREFIX}organization-test-deleted") {
            Response::json(
                404,
                &json!({"status_code": 404, "error_type": "organization_not_found",
                "error_message": "gone", "request_id": "request-id-deleted"}),
            )
            .into()
        } else if path == format!("{ORG_POLICY_PREFIX}organization-test-down") {
            Response::json(
                503,
                &json!({"status_code": 503, "error_type": "service_unavailable",
                "error_message": "down", "request_id": "request-id-down"}),
            )
            .into()
        } else if let Some(org) = path.strip_prefix(ORG_POLICY_PREFIX) {
            let roles = if org == "organization-test-1" {
                json!([{"role_id": "auditor", "description": "",
                        "permissions": [{"resource_id": "reports", "actions": ["export"]}]}])
            } else {
                json!([])
            };
            Response::json(
                200,
                &json!({"request_id": "r", "status_code": 200, "org_policy": {"roles": roles}}),
            )
            .into()
        } else if path == AUTHENTICATE_PATH {
            Response::json(200, &json!({
                "request_id": "r", "status_code": 200, "session_jwt": "fresh", "session_token": "",
                "member_session": {"member_session_id": "member-session-test-1"},
                "member": {"member_id": "member-test-1"},
                "organization": {"organization_id": "organization-test-1"},
                "verdict": {"authorized": true, "granting_roles": ["stytch_member"]},
            })).into()
        } else {
            Response::json(404, &json!({"error_type": "not_found"})).into()
        }
    }))
    .await
}

fn client(server: &Server, capacity: usize) -> Client {
    support::builder(support::PROJECT_ID, support::SECRET)
        .base_url(server.base_url())
        .rbac_policy_cache(Duration::from_secs(300), capacity)
        .build()
        .unwrap()
}

/// A JWT of `organization-test-1`'s member with these roles.
fn jwt_with_roles(roles: &[&str]) -> String {
    let mut claims = claims();
    claims["https://stytch.com/session"]["roles"] = json!(roles);
    sign("a", "jwk-test-a", &claims)
}

fn check(
    jwt: &str,
    organization: &str,
    resource: &str,
    action: &str,
) -> AuthenticateJwtLocalRequest {
    AuthenticateJwtLocalRequest::new(jwt)
        .current_time(UNIX_EPOCH + Duration::from_secs(NOW))
        .authorization_check(AuthorizationCheck::new(organization, resource, action))
}

fn refusal<T: std::fmt::Debug>(result: Result<T, Error>) -> AuthorizationErrorKind {
    match result {
        Err(Error::Authorization(e)) => {
            assert!(!e.to_string().contains("eyJ"), "no JWT in {e}");
            e.kind()
        }
        other => panic!("expected Error::Authorization, got {other:?}"),
    }
}

fn fetches(server: &Server, prefix: &str) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| r.path.starts_with(prefix))
        .count()
}

#[tokio::test]
async fn roles_grant_actions_by_the_project_policy_and_the_organizations_custom_roles() {
    let server = stytch(Arc::default()).await;
    let client = client(&server, 100);
    let sessions = client.sessions();
    let org = "organization-test-1";
    let member = jwt_with_roles(&["stytch_member"]);
    let admin = jwt_with_roles(&["stytch_admin"]);
    let auditor = jwt_with_roles(&["auditor"]);
    let stranger = jwt_with_roles(&["no_such_role"]);

    // Allowed by the project's policy, naming the granting role; the organization's policy
    // is read too (it must exist).
    let local = sessions
        .authenticate_jwt_local(check(&member, org, "documents", "read"))
        .await
        .unwrap();
    assert_eq!(local.member_session.member_id, "member-test-1");
    let verdict = local.verdict.unwrap();
    assert!(verdict.authorized);
    assert_eq!(verdict.granting_roles, ["stytch_member"]);
    assert_eq!(fetches(&server, ORG_POLICY_PREFIX), 1);
    // Without a check, no verdict.
    let plain = AuthenticateJwtLocalRequest::new(&member)
        .current_time(UNIX_EPOCH + Duration::from_secs(NOW));
    assert_eq!(
        sessions
            .authenticate_jwt_local(plain)
            .await
            .unwrap()
            .verdict,
        None
    );
    // The wrong action.
    assert_eq!(
        refusal(
            sessions
                .authenticate_jwt_local(check(&member, org, "documents", "delete"))
                .await
        ),
        AuthorizationErrorKind::InvalidPermissions
    );
    // `*` grants every action on its resource, and nothing on another.
    sessions
        .authenticate_jwt_local(check(&admin, org, "documents", "delete"))
        .await
        .unwrap();
    assert_eq!(
        refusal(
            sessions
                .authenticate_jwt_local(check(&admin, org, "reports", "export"))
                .await
        ),
        AuthorizationErrorKind::InvalidPermissions
    );
    // A custom role of the organization.
    let granted = sessions
        .authenticate_jwt_local(check(&auditor, org, "reports", "export"))
        .await
        .unwrap();
    assert_eq!(granted.verdict.unwrap().granting_roles, ["auditor"]);
    // A role no policy defines grants nothing.
    assert_eq!(
        refusal(
            sessions
                .authenticate_jwt_local(check(&stranger, org, "documents", "read"))
                .await
        ),
        AuthorizationErrorKind::InvalidPermissions
    );
    // Tenancy first: another organization is refused before any policy is read for it.
    assert_eq!(
        refusal(
            sessions
                .authenticate_jwt_local(check(&admin, "organization-test-2", "documents", "read"))
                .await
        ),
        AuthorizationErrorKind::TenancyMismatch
    );
    assert!(
        !server
            .requests()
            .iter()
            .any(|r| r.path.ends_with("organization-test-2"))
    );
    // One fetch of each policy for all of the above.
    assert_eq!(fetches(&server, POLICY_PATH), 1);
    assert_eq!(fetches(&server, ORG_POLICY_PREFIX), 1);
    // The error says what it is.
    let e = sessions
        .authenticate_jwt_local(check(&member, org, "documents", "delete"))
        .await
        .unwrap_err();
    assert_eq!(e.error_type(), Some("invalid_permissions"));
}

#[tokio::test]
async fn a_failed_policy_fetch_keeps_the_last_policy_or_refuses_without_one() {
    let failing = Arc::new(AtomicBool::new(true));
    let server = stytch(Arc::clone(&failing)).await;
    let client = support::builder(PROJECT_ID, support::SECRET)
        .base_url(server.base_url())
        .rbac_policy_cache(Duration::ZERO, 10)
        .build()
        .unwrap();
    let member = jwt_with_roles(&["stytch_member"]);
    let read = || check(&member, "organization-test-1", "documents", "read");
    // Nothing cached: the check cannot be decided, and says so as an outage (not a refusal a
    // handler would turn into a 403), keeping the failed call's error as its source.
    let e = client
        .sessions()
        .authenticate_jwt_local(read())
        .await
        .unwrap_err();
    assert_eq!(e.error_type(), Some("rbac_policy_unavailable"), "{e}");
    assert_unavailable(&e, 500, "internal_server_error");
    // Once fetched, a failing refresh (TTL zero: every check refreshes) keeps it.
    failing.store(false, Ordering::SeqCst);
    client
        .sessions()
        .authenticate_jwt_local(read())
        .await
        .unwrap();
    failing.store(true, Ordering::SeqCst);
    client
        .sessions()
        .authenticate_jwt_local(read())
        .await
        .unwrap();
    assert_eq!(fetches(&server, POLICY_PATH), 3);
}

/// An auditor of `organization-flood-{i}` asking to export reports there.
fn flood_check(i: usize) -> AuthenticateJwtLocalRequest {
    let org = format!("organization-flood-{i}");
    let mut claims = claims();
    claims["https://stytch.com/organization"]["organization_id"] = json!(org);
    claims["https://stytch.com/session"]["roles"] = json!(["auditor"]);
    check(&sign("a", "jwk-test-a", &claims), &org, "reports", "export")
}

#[tokio::test]
async fn a_thousand_organizations_through_a_cache_of_a_hundred() {
    let server = stytch(Arc::default()).await;
    let client = client(&server, 100);
    let sessions = client.sessions();
    for i in 0..1_000 {
        assert_eq!(
            refusal(sessions.authenticate_jwt_local(flood_check(i)).await),
            AuthorizationErrorKind::InvalidPermissions
        );
    }
    assert_eq!(fetches(&server, ORG_POLICY_PREFIX), 1_000);
    assert_eq!(fetches(&server, POLICY_PATH), 1);
    // The last hundred are cached; the first were dropped and are fetched again.
    for i in 900..1_000 {
        let _ = sessions.authenticate_jwt_local(flood_check(i)).await;
    }
    assert_eq!(fetches(&server, ORG_POLICY_PREFIX), 1_000);
    let _ = sessions.authenticate_jwt_local(flood_check(0)).await;
    assert_eq!(fetches(&server, ORG_POLICY_PREFIX), 1_001);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_checks_share_one_fetch() {
    let server = stytch(Arc::default()).await;
    let client = client(&server, 100);
    let auditor = jwt_with_roles(&["auditor"]);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..64 {
        let client = client.clone();
        let request = check(&auditor, "organization-test-1", "reports", "export");
        tasks.spawn(async move { client.sessions().authenticate_jwt_local(request).await });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap().unwrap();
    }
    assert_eq!(fetches(&server, POLICY_PATH), 1);
    assert_eq!(fetches(&server, ORG_POLICY_PREFIX), 1);
}

#[tokio::test]
async fn authenticate_jwt_checks_locally_or_passes_the_check_to_the_api() {
    let server = stytch(Arc::default()).await;
    let client = client(&server, 100);
    let member = jwt_with_roles(&["stytch_member"]);
    let at = |jwt: &str| {
        AuthenticateJwtLocalRequest::new(jwt)
            .current_time(UNIX_EPOCH + Duration::from_secs(NOW))
            .authorization_check(AuthorizationCheck::new(
                "organization-test-1",
                "documents",
                "delete",
            ))
    };
    // Verified locally: refused locally, the API is not asked.
    assert_eq!(
        refusal(client.sessions().authenticate_jwt(at(&member)).await),
        AuthorizationErrorKind::InvalidPermissions
    );
    assert_eq!(fetches(&server, AUTHENTICATE_PATH), 0);
    // Expired: the API decides, and gets the check.
    let mut expired = claims();
    expired["exp"] = json!(NOW - 1);
    let expired = sign("a", "jwk-test-a", &expired);
    match client
        .sessions()
        .authenticate_jwt(at(&expired))
        .await
        .unwrap()
    {
        AuthenticateJwtResponse::Remote(answer) => assert_eq!(answer.session_jwt, "fresh"),
        other => panic!("{other:?}"),
    }
    let asked = server
        .requests()
        .into_iter()
        .find(|r| r.path == AUTHENTICATE_PATH)
        .unwrap();
    assert_eq!(
        asked.json()["authorization_check"],
        json!({"organization_id": "organization-test-1", "resource_id": "documents", "action": "delete"})
    );
}

#[cfg(feature = "blocking")]
#[test]
fn the_blocking_client_checks_too() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(stytch(Arc::default()));
    let blocking = stytch_b2b_otp_sms::blocking::Client::new(client(&server, 100)).unwrap();
    let member = jwt_with_roles(&["stytch_member"]);
    blocking
        .sessions()
        .authenticate_jwt_local(check(&member, "organization-test-1", "documents", "read"))
        .unwrap();
    assert_eq!(
        refusal(blocking.sessions().authenticate_jwt_local(check(
            &member,
            "organization-test-2",
            "documents",
            "read"
        ))),
        AuthorizationErrorKind::TenancyMismatch
    );
}

/// `e` is an outage (`Error::Unavailable`), not a refusal, whose source is the failed fetch's
/// API error with this status and `error_type`.
fn assert_unavailable(e: &Error, status: u16, error_type: &str) {
    use std::error::Error as _;
    let Error::Unavailable(unavailable) = e else {
        panic!("expected Error::Unavailable, got {e:?}");
    };
    let source = unavailable.source().expect("the failed call's error");
    let Some(cause @ Error::Api(_)) = source.downcast_ref::<Error>() else {
        panic!("expected the API's error as the source, got {source:?}");
    };
    assert_eq!(cause.status(), Some(status), "{e}");
    assert_eq!(cause.error_type(), Some(error_type), "{e}");
    assert!(
        cause.request_id().is_some_and(|id| id.starts_with('r')),
        "{e}"
    );
    assert_eq!(unavailable.cause().request_id(), cause.request_id());
    assert!(e.to_string().contains(error_type), "{e}");
}

/// A JWT of a member of `organization` with these roles.
fn jwt_of(organization: &str, roles: &[&str]) -> String {
    let mut claims = claims();
    claims["https://stytch.com/organization"]["organization_id"] = json!(organization);
    claims["https://stytch.com/session"]["roles"] = json!(roles);
    sign("a", "jwk-test-a", &claims)
}

/// The misuse cases: a member of a deleted organization is refused even where the project's
/// roles would grant (fail closed, as Stytch's Node SDK), and an organization's policy that
/// cannot be fetched is an outage, not a refusal.
#[tokio::test]
async fn a_deleted_organization_is_refused_and_an_unreachable_policy_is_an_outage() {
    let server = stytch(Arc::default()).await;
    let client = client(&server, 100);
    let sessions = client.sessions();
    let deleted = "organization-test-deleted";
    let admin = jwt_of(deleted, &["stytch_admin"]);
    for _ in 0..2 {
        let result = sessions
            .authenticate_jwt_local(check(&admin, deleted, "documents", "read"))
            .await;
        assert_eq!(
            refusal(result),
            AuthorizationErrorKind::OrganizationNotFound
        );
    }
    // The answer is cached like a policy: one fetch for both checks.
    assert_eq!(
        fetches(&server, &format!("{ORG_POLICY_PREFIX}{deleted}")),
        1
    );
    let e = sessions
        .authenticate_jwt_local(check(&admin, deleted, "documents", "read"))
        .await
        .unwrap_err();
    assert_eq!(e.error_type(), Some("organization_not_found"));

    let down = "organization-test-down";
    let admin = jwt_of(down, &["stytch_admin"]);
    let e = sessions
        .authenticate_jwt_local(check(&admin, down, "documents", "read"))
        .await
        .unwrap_err();
    assert_unavailable(&e, 503, "service_unavailable");
    assert!(!matches!(e, Error::Authorization(_)));
    // `authenticate_jwt` decides locally the same way.
    let e = sessions
        .authenticate_jwt(check(&admin, down, "documents", "read"))
        .await
        .unwrap_err();
    assert_unavailable(&e, 503, "service_unavailable");
    assert_eq!(fetches(&server, AUTHENTICATE_PATH), 0);
}
