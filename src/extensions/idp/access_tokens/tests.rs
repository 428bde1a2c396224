use serde_json::json;

use super::*;

fn claims(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => unreachable!(),
    }
}

#[test]
fn claims_are_read_as_stytch_documents_them() {
    let read = read_claims(claims(json!({
        "iss": "stytch.com/project-test-1",
        "aud": ["project-test-1"],
        "sub": "member-test-1",
        "client_id": "connected-app-test-1",
        "scope": " openid  read:docs ",
        "exp": 1_800_000_300,
        "iat": 1_800_000_000,
        "nbf": 1_800_000_000,
        "jti": "jti-1",
        "https://stytch.com/organization": {"organization_id": "organization-test-1", "slug": "acme"},
        "https://stytch.com/other": 1,
        "tier": "gold",
    })))
    .unwrap();
    assert_eq!(read.member_id, "member-test-1");
    assert_eq!(read.organization_id, "organization-test-1");
    assert_eq!(read.organization_slug.as_deref(), Some("acme"));
    assert_eq!(read.scopes, ["openid", "read:docs"]);
    assert!(read.has_scope("read:docs") && !read.has_scope("read"));
    assert_eq!(read.client_id, "connected-app-test-1");
    assert_eq!(read.audience, ["project-test-1"]);
    assert_eq!(
        read.expires_at,
        UNIX_EPOCH + Duration::from_secs(1_800_000_300)
    );
    assert_eq!(read.token_id.as_deref(), Some("jti-1"));
    assert_eq!(Value::Object(read.custom_claims), json!({"tier": "gold"}));
}

fn minimal() -> Value {
    json!({
        "sub": "member-test-1",
        "client_id": "connected-app-test-1",
        "scope": "openid",
        "exp": 1,
        "https://stytch.com/organization": {"organization_id": "organization-test-1"},
    })
}

#[test]
fn a_token_without_sub_client_id_scope_or_organization_is_malformed() {
    assert!(read_claims(claims(minimal())).is_ok());
    for (missing, said) in [
        ("sub", "subject"),
        ("client_id", "`client_id`"),
        ("scope", "`scope`"),
        ("https://stytch.com/organization", "organization"),
    ] {
        let mut without = claims(minimal());
        without.remove(missing);
        let error = read_claims(without).unwrap_err();
        assert!(error.reason().contains(said), "{missing}: {error}");
        assert_eq!(
            error.for_access_token().error_type(),
            "invalid_access_token"
        );
    }
}

#[test]
fn a_session_jwt_is_not_an_access_token_whatever_its_custom_claims() {
    // A session JWT is signed by the same keys for the same audience; custom claims may
    // carry `scope` and `client_id`, never Stytch's session claim.
    let mut session = claims(minimal());
    session.insert(
        "https://stytch.com/session".into(),
        json!({"id": "member-session-test-1"}),
    );
    let error = read_claims(session).unwrap_err();
    assert!(error.reason().contains("session JWT"), "{error}");
}

#[test]
fn a_time_claim_the_clock_cannot_hold_is_refused_not_a_panic() {
    for (name, value) in [("exp", 1e19), ("iat", -1e19), ("nbf", 1e300)] {
        let mut token = claims(minimal());
        token.insert(name.into(), json!(value));
        let error = read_claims(token).unwrap_err();
        assert!(error.reason().contains(name), "{name}: {error}");
    }
}

#[cfg(feature = "rbac")]
#[test]
fn scopes_grant_by_the_policy_scopes_permissions() {
    use crate::rbac::{PolicyScope, PolicyScopePermission};
    use crate::sessions::AuthorizationCheck;
    let scope = |name: &str, resource: &str, actions: &[&str]| PolicyScope {
        scope: name.into(),
        description: String::new(),
        permissions: vec![PolicyScopePermission {
            resource_id: resource.into(),
            actions: actions.iter().map(|a| a.to_string()).collect(),
        }],
    };
    let policy = [
        scope("read:docs", "documents", &["read"]),
        scope("admin:docs", "documents", &["*"]),
        scope("write:images", "images", &["write"]),
    ];
    let token = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let check = |resource: &str, action: &str| AuthorizationCheck::new("org", resource, action);
    let granting = |t: &[&str], c| scopes::granting_scopes(&policy, &token(t), &c);
    assert_eq!(
        granting(&["read:docs"], check("documents", "read")),
        ["read:docs"]
    );
    assert!(granting(&["read:docs"], check("documents", "write")).is_empty());
    assert_eq!(
        granting(&["admin:docs", "read:docs"], check("documents", "read")),
        ["read:docs", "admin:docs"]
    );
    assert!(granting(&["write:images", "openid"], check("documents", "read")).is_empty());
    assert!(granting(&[], check("documents", "read")).is_empty());
}
