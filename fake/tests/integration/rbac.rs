//! The fake models Stytch's RBAC: a project policy and organization custom roles (Rust API,
//! control route and the API's own `set_org_policy`), members with roles (in their session
//! JWTs), the policy routes, and `sessions.authenticate` with an `authorization_check`. The
//! SDK's local check and the fake's agree.

use std::time::Duration;
use stytch_b2b_otp_sms::organizations::DeleteRequest as OrgDeleteRequest;
use stytch_b2b_otp_sms::rbac::{OrgPolicy, PolicyRole, PolicyRolePermission};
use stytch_b2b_otp_sms::rbac_organizations::{GetOrgPolicyRequest, SetOrgPolicyRequest};
use stytch_b2b_otp_sms::sessions::{
    AuthenticateJwtLocalRequest, AuthenticateRequest as SessionAuthenticateRequest,
    AuthenticateResponse as SessionAuthenticateResponse, AuthorizationCheck, LocalSession,
};

use crate::support::*;
use stytch_b2b_otp_sms::Client;
use stytch_b2b_otp_sms_fake::Fault;

fn role(id: &str, resource: &str, actions: &[&str]) -> PolicyRole {
    PolicyRole::new(
        id,
        "",
        vec![PolicyRolePermission::new(
            resource,
            actions.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
        )],
    )
}

#[tokio::test]
async fn local_checks_and_the_api_agree_on_the_fakes_policy() {
    let env = env(MfaPolicy::Optional).await;
    env.fake.set_rbac_policy(vec![
        role("stytch_member", "documents", &["read"]),
        role("stytch_admin", "documents", &["*"]),
    ]);
    // A custom role through the API, as a backend would set it.
    env.client
        .rbac()
        .organizations()
        .set_org_policy(SetOrgPolicyRequest::new(
            env.org_id(),
            OrgPolicy::new(vec![role("editor", "documents", &["write"])]),
        ))
        .await
        .unwrap();
    let got = env
        .client
        .rbac()
        .organizations()
        .get_org_policy(GetOrgPolicyRequest::new("acme-corp"))
        .await
        .unwrap();
    assert_eq!(got.org_policy.roles[0].role_id, "editor");
    let policy = env
        .client
        .rbac()
        .get_policy(Default::default())
        .await
        .unwrap();
    assert_eq!(policy.policy.unwrap().roles.len(), 2);

    let editor = env
        .fake
        .create_member(
            env.org_id(),
            NewMember::new("eve@acme.test").roles(["editor"]),
        )
        .unwrap();
    assert_eq!(
        editor.roles.len(),
        2,
        "stytch_member and editor: {:?}",
        editor.roles
    );
    assert_eq!(editor.roles[1].role_id, "editor");
    let authed = env.login(&env.ada).await;
    let ada_jwt = authed.session_jwt.clone();

    // Ada is a plain member: reads, does not write.
    let check = |jwt: &str, action: &str| {
        AuthenticateJwtLocalRequest::new(jwt).authorization_check(AuthorizationCheck::new(
            env.org_id(),
            "documents",
            action,
        ))
    };
    let sessions = env.client.sessions();
    sessions
        .authenticate_jwt_local(check(&ada_jwt, "read"))
        .await
        .unwrap();
    let local = sessions
        .authenticate_jwt_local(check(&ada_jwt, "write"))
        .await
        .unwrap_err();
    assert_eq!(local.error_type(), Some("invalid_permissions"));
    // Two local checks read each policy once more (then the client's cache answers; the test
    // read each once above), and the keys once.
    assert_eq!(env.fake.calls("rbac.get_policy"), 2);
    assert_eq!(env.fake.calls("rbac.organizations.get_org_policy"), 2);
    assert_eq!(env.fake.calls("sessions.get_jwks"), 1);
    assert_eq!(env.fake.calls("sessions.authenticate"), 0);
    // The API (the fake) says the same, and names the granting roles when it allows.
    let api = |action: &str| {
        SessionAuthenticateRequest::new()
            .session_jwt(&ada_jwt)
            .authorization_check(AuthorizationCheck::new(env.org_id(), "documents", action))
    };
    let allowed = sessions.authenticate(api("read")).await.unwrap();
    let verdict = allowed.verdict.unwrap();
    assert!(verdict.authorized);
    assert_eq!(verdict.granting_roles, ["stytch_member"]);
    expect_error(
        sessions.authenticate(api("write")).await,
        403,
        "invalid_permissions",
    );
    // Tenancy, both ways.
    let other = SessionAuthenticateRequest::new()
        .session_jwt(&ada_jwt)
        .authorization_check(AuthorizationCheck::new(
            "organization-test-other",
            "documents",
            "read",
        ));
    expect_error(sessions.authenticate(other).await, 403, "tenancy_mismatch");
    let local = sessions
        .authenticate_jwt_local(
            AuthenticateJwtLocalRequest::new(&ada_jwt).authorization_check(
                AuthorizationCheck::new("organization-test-other", "documents", "read"),
            ),
        )
        .await
        .unwrap_err();
    assert_eq!(local.error_type(), Some("tenancy_mismatch"));
    assert_eq!(env.fake.calls("sessions.authenticate"), 3);
    assert_eq!(env.fake.calls("rbac.organizations.get_org_policy"), 2);
}

#[tokio::test]
async fn a_members_custom_role_is_in_its_session_jwt_and_grants_locally() {
    let env = env(MfaPolicy::Optional).await;
    env.fake
        .set_organization_roles(env.org_id(), vec![role("editor", "documents", &["write"])])
        .unwrap();
    let editor = env
        .fake
        .create_member(
            env.org_id(),
            NewMember::new("eve@acme.test")
                .phone_number("+15555550177")
                .roles(["editor"]),
        )
        .unwrap();
    let authed = env.login(&editor).await;
    let local = env
        .client
        .sessions()
        .authenticate_jwt_local(
            AuthenticateJwtLocalRequest::new(&authed.session_jwt)
                .authorization_check(AuthorizationCheck::new(env.org_id(), "documents", "write")),
        )
        .await
        .unwrap();
    assert_eq!(local.member_session.roles, ["stytch_member", "editor"]);
    // A custom role may not reuse a project role's id.
    let err = env
        .fake
        .set_organization_roles(
            env.org_id(),
            vec![role("stytch_admin", "documents", &["*"])],
        )
        .unwrap_err();
    assert_eq!(err.error_type, "invalid_org_policy");
}

#[tokio::test]
async fn the_policy_control_route_replaces_the_project_policy() {
    let env = env(MfaPolicy::Optional).await;
    let body = json!({"roles": [{"role_id": "stytch_member", "description": "",
        "permissions": [{"resource_id": "reports", "actions": ["export"]}]}]})
    .to_string();
    let (status, answer) = env.raw("POST", "/__fake/rbac/policy", &body).await;
    assert_eq!(status, 200, "{answer}");
    let policy = env
        .client
        .rbac()
        .get_policy(Default::default())
        .await
        .unwrap();
    let roles = policy.policy.unwrap().roles;
    assert_eq!(roles.len(), 1);
    assert_eq!(roles[0].permissions[0].resource_id, "reports");
}

/// A session JWT of a new member (with a phone) of a new organization holding `roles`,
/// issued by the fake after an SMS passcode; and the organization's id.
async fn member_jwt(env: &Env, i: usize, roles: &[&str]) -> (String, String) {
    let org = env
        .fake
        .create_organization(NewOrganization::new(format!("Org {i}"), format!("org-{i}")))
        .unwrap()
        .organization_id;
    let member = env
        .fake
        .create_member(
            &org,
            NewMember::new(format!("m{i}@example.test"))
                .phone_number(format!("+1555{i:07}"))
                .roles(roles.iter().copied()),
        )
        .unwrap();
    (org, env.login(&member).await.session_jwt)
}

fn client_with_cache(env: &Env, ttl: Duration, capacity: usize) -> Client {
    Client::builder(env.fake.project_id(), env.fake.secret())
        .base_url(env.fake.base_url())
        .rbac_policy_cache(ttl, capacity)
        .build()
        .unwrap()
}

fn local(jwt: &str, org: &str, action: &str) -> AuthenticateJwtLocalRequest {
    AuthenticateJwtLocalRequest::new(jwt).authorization_check(AuthorizationCheck::new(
        org,
        "documents",
        action,
    ))
}

/// `client`'s local decision on `action` on `documents`: `None` when allowed, else the
/// refusal's `error_type`.
async fn decide(client: &Client, jwt: &str, org: &str, action: &str) -> Option<String> {
    let result = client
        .sessions()
        .authenticate_jwt_local(local(jwt, org, action))
        .await;
    result
        .err()
        .map(|e| e.error_type().unwrap_or("(none)").to_owned())
}

/// The unit tests' cases (`tests/rbac.rs` at the crate's root), end to end: JWTs the fake
/// issues, policies it serves, and its faults.
#[tokio::test]
async fn the_local_checks_end_to_end_against_the_fake() {
    let env = env(MfaPolicy::Optional).await;
    env.fake.set_rbac_policy(vec![
        role("stytch_member", "documents", &["read"]),
        role("stytch_admin", "documents", &["*"]),
    ]);
    let (org, admin) = member_jwt(&env, 1, &["stytch_admin"]).await;
    let (org2, ghost) = member_jwt(&env, 2, &["ghost"]).await;
    let (org3, editor) = member_jwt(&env, 3, &["editor"]).await;
    env.fake
        .set_organization_roles(&org3, vec![role("editor", "documents", &["write"])])
        .unwrap();
    let cases = [
        // `*` grants every action; a plain member reads only.
        (&admin, &org, "read", None),
        (&admin, &org, "write", None),
        (&admin, &org, "delete", None),
        // An unknown role grants nothing beyond `stytch_member`'s.
        (&ghost, &org2, "read", None),
        (&ghost, &org2, "write", Some("invalid_permissions")),
        // Tenancy comes first.
        (&ghost, &org, "read", Some("tenancy_mismatch")),
        // The custom organization role, and the wrong action.
        (&editor, &org3, "write", None),
        (&editor, &org3, "delete", Some("invalid_permissions")),
    ];
    for (jwt, org, action, expected) in cases {
        assert_eq!(
            decide(&env.client, jwt, org, action).await.as_deref(),
            expected,
            "{action} in {org}"
        );
    }

    // A failed fetch with nothing cached: `rbac_policy_unavailable`.
    let fresh = client_with_cache(&env, Duration::from_secs(300), 10);
    env.fake
        .inject(Fault::status(500).only("rbac.get_policy").times(3))
        .unwrap();
    assert_eq!(
        decide(&fresh, &admin, &org, "read").await.as_deref(),
        Some("rbac_policy_unavailable")
    );
    env.fake.clear_faults();
    // With a cached policy, a failed refresh keeps it (and the check's answer).
    let short = client_with_cache(&env, Duration::from_millis(1), 10);
    assert_eq!(decide(&short, &admin, &org, "write").await, None);
    let reads = env.fake.calls("rbac.get_policy");
    env.fake
        .inject(Fault::status(500).only("rbac.get_policy").times(3))
        .unwrap();
    tokio::time::sleep(Duration::from_millis(5)).await;
    assert_eq!(decide(&short, &admin, &org, "write").await, None);
    assert!(
        env.fake.calls("rbac.get_policy") > reads,
        "the stale policy was refreshed"
    );
}

/// 1,000 organizations, each with a member's JWT from the fake, through a cache of 100: the
/// fake counts one policy fetch per organization, none for the last 100 checked again, and
/// one more for the first.
#[tokio::test]
async fn a_thousand_organizations_through_a_cache_of_a_hundred_end_to_end() {
    let env = env(MfaPolicy::Optional).await;
    env.fake
        .set_rbac_policy(vec![role("stytch_member", "documents", &["read"])]);
    let mut jwts = Vec::new();
    for i in 0..1_000 {
        jwts.push(member_jwt(&env, i, &["auditor"]).await);
    }
    let client = client_with_cache(&env, Duration::from_secs(300), 100);
    let org_fetches = || env.fake.calls("rbac.organizations.get_org_policy");
    for (org, jwt) in &jwts {
        assert_eq!(
            decide(&client, jwt, org, "write").await.as_deref(),
            Some("invalid_permissions")
        );
    }
    assert_eq!(org_fetches(), 1_000);
    assert_eq!(env.fake.calls("rbac.get_policy"), 1);
    for (org, jwt) in &jwts[900..] {
        decide(&client, jwt, org, "write").await;
    }
    assert_eq!(org_fetches(), 1_000);
    let (org, jwt) = &jwts[0];
    decide(&client, jwt, org, "write").await;
    assert_eq!(org_fetches(), 1_001);
}

/// The blocking client decides the same against the fake.
#[test]
fn the_blocking_client_checks_against_the_fake() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (env, org, editor) = rt.block_on(async {
        let env = env(MfaPolicy::Optional).await;
        let (org, editor) = member_jwt(&env, 7, &["editor"]).await;
        env.fake
            .set_organization_roles(&org, vec![role("editor", "documents", &["write"])])
            .unwrap();
        (env, org, editor)
    });
    let blocking = Client::builder(env.fake.project_id(), env.fake.secret())
        .base_url(env.fake.base_url())
        .build_blocking()
        .unwrap();
    let sessions = blocking.sessions();
    let allowed = sessions
        .authenticate_jwt_local(local(&editor, &org, "write"))
        .unwrap();
    assert_eq!(allowed.member_session.roles, ["stytch_member", "editor"]);
    let refused = sessions
        .authenticate_jwt_local(local(&editor, &org, "delete"))
        .unwrap_err();
    assert_eq!(refused.error_type(), Some("invalid_permissions"));
    // `authenticate_jwt` decides locally too while the JWT is fresh.
    let answer = sessions
        .authenticate_jwt(local(&editor, &org, "write"))
        .unwrap();
    assert!(answer.is_local());
    drop(blocking);
    rt.block_on(env.fake.shutdown());
}

/// What a check came to, on either path: granted with these roles, refused with this
/// `error_type`, or not decided (something it needed was down).
#[derive(Debug, PartialEq)]
enum Outcome {
    Granted(Vec<String>),
    Refused(String),
    Undecided,
}

/// The local check's outcome: a refusal is `Error::Authorization`, an outage
/// `Error::Unavailable` (whose source is the failed fetch), never the other way round.
fn local_outcome(result: Result<LocalSession, Error>) -> Outcome {
    match result {
        Ok(local) => Outcome::Granted(local.verdict.expect("a verdict").granting_roles),
        Err(Error::Authorization(e)) => Outcome::Refused(e.error_type().to_owned()),
        Err(e @ Error::Unavailable(_)) => {
            let source = std::error::Error::source(&e).expect("the failed call's error");
            let cause = source.downcast_ref::<Error>().expect("an SDK error");
            assert!(cause.status().is_some_and(|s| s >= 500), "{e}");
            assert!(cause.request_id().is_some(), "{e}");
            Outcome::Undecided
        }
        Err(e) => panic!("neither a refusal nor an outage: {e:?}"),
    }
}

/// The API's outcome (`sessions.authenticate` with the check): a 4xx is a refusal, a 5xx an
/// outage.
fn remote_outcome(result: Result<SessionAuthenticateResponse, Error>) -> Outcome {
    match result {
        Ok(answer) => Outcome::Granted(answer.verdict.expect("a verdict").granting_roles),
        Err(e) if e.status().is_some_and(|s| (400..500).contains(&s)) => {
            Outcome::Refused(e.error_type().unwrap_or_default().to_owned())
        }
        Err(e) if e.status().is_some_and(|s| s >= 500) => Outcome::Undecided,
        Err(e) => panic!("neither a refusal nor an outage: {e:?}"),
    }
}

/// Both paths on one check: (local, remote). The local one through a client of its own
/// (no policy cached), so that every case fetches.
async fn both(env: &Env, jwt: &str, check: AuthorizationCheck) -> (Outcome, Outcome) {
    let local_client = client_with_cache(env, Duration::from_secs(300), 10);
    let local = local_client
        .sessions()
        .authenticate_jwt_local(
            AuthenticateJwtLocalRequest::new(jwt).authorization_check(check.clone()),
        )
        .await;
    let remote = env
        .client
        .sessions()
        .authenticate(
            SessionAuthenticateRequest::new()
                .session_jwt(jwt)
                .authorization_check(check),
        )
        .await;
    (local_outcome(local), remote_outcome(remote))
}

/// The local check and the API (the fake) come to the same outcome on the same inputs:
/// grants with the same granting roles, the same refusals, a deleted organization refused by
/// both (never granted by the project's roles), and a policy that cannot be fetched an
/// outage locally, as an API that is down is one remotely.
#[tokio::test]
async fn local_and_remote_checks_come_to_the_same_outcomes() {
    let env = env(MfaPolicy::Optional).await;
    env.fake.set_rbac_policy(vec![
        role("stytch_member", "documents", &["read"]),
        role("stytch_admin", "documents", &["*"]),
    ]);
    let (org, admin) = member_jwt(&env, 1, &["stytch_admin"]).await;
    let (org2, editor) = member_jwt(&env, 2, &["editor"]).await;
    env.fake
        .set_organization_roles(&org2, vec![role("editor", "documents", &["write"])])
        .unwrap();
    let granted = |roles: &[&str]| Outcome::Granted(roles.iter().map(|r| r.to_string()).collect());
    let refused = |error_type: &str| Outcome::Refused(error_type.to_owned());
    let cases = [
        (
            &admin,
            &org,
            "read",
            granted(&["stytch_member", "stytch_admin"]),
        ),
        (&admin, &org, "delete", granted(&["stytch_admin"])),
        (&editor, &org2, "write", granted(&["editor"])),
        (&editor, &org2, "delete", refused("invalid_permissions")),
        (&editor, &org, "read", refused("tenancy_mismatch")),
    ];
    for (jwt, org, action, expected) in cases {
        let (local, remote) =
            both(&env, jwt, AuthorizationCheck::new(org, "documents", action)).await;
        assert_eq!(local, expected, "local: {action} in {org}");
        assert_eq!(remote, expected, "remote: {action} in {org}");
    }

    // An outage of the organization's policy leaves the local check undecided (not refused:
    // a handler mapping refusals to 403 must not turn an outage into 403s); an outage of the
    // API leaves the remote one undecided.
    env.fake
        .inject(
            Fault::status(503)
                .only("rbac.organizations.get_org_policy")
                .times(10),
        )
        .unwrap();
    env.fake
        .inject(Fault::status(503).only("sessions.authenticate").times(10))
        .unwrap();
    let (local, remote) = both(
        &env,
        &admin,
        AuthorizationCheck::new(&org, "documents", "read"),
    )
    .await;
    assert_eq!((local, remote), (Outcome::Undecided, Outcome::Undecided));
    env.fake.clear_faults();

    // A deleted organization: its member's JWT still verifies until it expires, and the
    // project's policy would grant `read`, but both paths refuse. Locally the organization's
    // policy answers `organization_not_found` (as Stytch's Node SDK refuses); the fake's
    // API no longer has the session.
    env.client
        .organizations()
        .delete(OrgDeleteRequest::new(&org))
        .await
        .unwrap();
    let (local, remote) = both(
        &env,
        &admin,
        AuthorizationCheck::new(&org, "documents", "read"),
    )
    .await;
    assert_eq!(local, refused("organization_not_found"));
    assert!(matches!(remote, Outcome::Refused(_)), "{remote:?}");
}
