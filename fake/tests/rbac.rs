//! The fake models Stytch's RBAC: a project policy and organization custom roles (Rust API,
//! control route and the API's own `set_org_policy`), members with roles (in their session
//! JWTs), the policy routes, and `sessions.authenticate` with an `authorization_check`. The
//! SDK's local check and the fake's agree.

mod support;

use stytch_b2b_otp_sms::rbac::{OrgPolicy, PolicyRole, PolicyRolePermission};
use stytch_b2b_otp_sms::rbac_organizations::{GetOrgPolicyRequest, SetOrgPolicyRequest};
use stytch_b2b_otp_sms::sessions::{
    AuthenticateJwtLocalRequest, AuthenticateRequest as SessionAuthenticateRequest,
    AuthorizationCheck,
};
use support::*;

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
        AuthenticateJwtLocalRequest::new(jwt).authorization_check(env.org_id(), "documents", action)
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
                "organization-test-other",
                "documents",
                "read",
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
            AuthenticateJwtLocalRequest::new(&authed.session_jwt).authorization_check(
                env.org_id(),
                "documents",
                "write",
            ),
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
