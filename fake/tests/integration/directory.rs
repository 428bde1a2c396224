//! The directory's organizations through the SDK client: created, read, updated and
//! deleted as Stytch documents, with its validation and uniqueness rules and error types
//! (members: `tests/directory_members.rs`).

use crate::support::*;
use stytch_b2b_otp_sms::organizations as orgs;
use stytch_b2b_otp_sms::organizations::EmailImplicitRoleAssignment;

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// Creates an organization through the API and returns it.
async fn create_org(client: &Client, request: orgs::CreateRequest) -> Organization {
    client
        .organizations()
        .create(request)
        .await
        .unwrap()
        .organization
}

#[tokio::test]
async fn organizations_round_trip_through_the_api() {
    let env = env(MfaPolicy::Optional).await;
    let organizations = env.client.organizations();
    let created = create_org(
        &env.client,
        orgs::CreateRequest::new("Initech")
            .organization_slug("initech")
            .organization_external_id("crm|42")
            .trusted_metadata(claims(json!({"tier": "gold"}))),
    )
    .await;
    assert!(created.organization_id.starts_with("organization-test-"));
    // Stytch's defaults when no auth setting is passed.
    assert_eq!(created.email_invites, "ALL_ALLOWED");
    assert_eq!(created.email_jit_provisioning, "NOT_ALLOWED");
    assert_eq!(created.sso_jit_provisioning, "ALL_ALLOWED");
    assert_eq!(created.auth_methods, "ALL_ALLOWED");
    assert_eq!(created.mfa_policy, "OPTIONAL");
    assert_eq!(created.trusted_metadata["tier"], "gold");

    // By id, slug and external id.
    for key in [created.organization_id.as_str(), "initech", "crm|42"] {
        let got = organizations.get(orgs::GetRequest::new(key)).await.unwrap();
        assert_eq!(got.organization, created, "{key}");
    }

    let updated = organizations
        .update(
            orgs::UpdateRequest::new("initech")
                .organization_name("Initech Inc.")
                .organization_slug("initech-inc")
                .organization_logo_url("https://initech.test/logo.png")
                .email_allowed_domains(strings(&["initech.test"]))
                .email_jit_provisioning("RESTRICTED")
                .email_invites("RESTRICTED")
                .auth_methods("RESTRICTED")
                .allowed_auth_methods(strings(&["magic_link", "password"]))
                .mfa_policy("REQUIRED_FOR_ALL")
                .mfa_methods("RESTRICTED")
                .allowed_mfa_methods(strings(&["totp"]))
                .organization_external_id("crm|43"),
        )
        .await
        .unwrap()
        .organization;
    assert_eq!(updated.organization_name, "Initech Inc.");
    assert_eq!(updated.organization_slug, "initech-inc");
    assert_eq!(updated.email_allowed_domains, ["initech.test"]);
    assert_eq!(updated.allowed_auth_methods, ["magic_link", "password"]);
    assert_eq!(updated.allowed_mfa_methods, ["totp"]);
    assert_eq!(updated.mfa_policy, "REQUIRED_FOR_ALL");
    // Untouched fields stay.
    assert_eq!(updated.trusted_metadata["tier"], "gold");
    // The old slug and external id name nothing any more; the new ones do.
    for old in ["initech", "crm|42"] {
        expect_error(
            organizations.get(orgs::GetRequest::new(old)).await,
            404,
            "organization_not_found",
        );
    }
    let got = organizations
        .get(orgs::GetRequest::new("crm|43"))
        .await
        .unwrap();
    assert_eq!(got.organization, updated);
    // The fake's Rust API sees the same organization.
    assert_eq!(
        env.fake.organization(&updated.organization_id),
        Some(updated)
    );

    let cleared = organizations
        .delete_external_id(orgs::DeleteExternalIdRequest::new("initech-inc"))
        .await
        .unwrap()
        .organization;
    assert_eq!(cleared.organization_external_id, None);
    expect_error(
        organizations.get(orgs::GetRequest::new("crm|43")).await,
        404,
        "organization_not_found",
    );
}

#[tokio::test]
async fn a_create_without_a_slug_or_with_auth_settings_gets_stytchs_defaults() {
    let env = env(MfaPolicy::Optional).await;
    let org = create_org(&env.client, orgs::CreateRequest::new("No Slug")).await;
    assert!(!org.organization_slug.is_empty());
    // Some auth setting given, email_invites omitted: NOT_ALLOWED.
    let org = create_org(
        &env.client,
        orgs::CreateRequest::new("Settings")
            .organization_slug("settings")
            .email_allowed_domains(strings(&["settings.test"]))
            .email_jit_provisioning("RESTRICTED"),
    )
    .await;
    assert_eq!(org.email_invites, "NOT_ALLOWED");
    assert_eq!(org.email_jit_provisioning, "RESTRICTED");
}

#[tokio::test]
async fn organization_rules_answer_stytchs_error_types() {
    let env = env(MfaPolicy::Optional).await;
    let organizations = env.client.organizations();
    let create = |r: orgs::CreateRequest| organizations.create(r);
    let named = |slug: &str| orgs::CreateRequest::new("Org").organization_slug(slug);
    let cases: Vec<(orgs::CreateRequest, &str)> = vec![
        (named("acme-corp"), "organization_slug_already_used"),
        (named("acme-ext"), "organization_slug_already_used"),
        (named("a"), "invalid_organization_slug"),
        (named("has space"), "invalid_organization_slug"),
        (named("--"), "invalid_organization_slug"),
        (
            orgs::CreateRequest::new(" ").organization_slug("blank"),
            "invalid_organization_name",
        ),
        (
            named("dup-ext").organization_external_id("acme-ext"),
            "duplicate_organization",
        ),
        (
            named("bad-ext").organization_external_id("no spaces"),
            "bad_request",
        ),
        (
            named("gmail").email_allowed_domains(strings(&["gmail.com"])),
            "organization_settings_domain_too_common",
        ),
        (
            named("bad-domain").email_allowed_domains(strings(&["not a domain"])),
            "organization_settings_invalid_domain",
        ),
        (
            named("twice").email_allowed_domains(strings(&["a.test", "A.test"])),
            "organization_settings_duplicate_domain",
        ),
        (
            named("restricted").email_invites("RESTRICTED"),
            "invalid_restricted_email_setting",
        ),
        (
            named("jit").email_jit_provisioning("RESTRICTED"),
            "invalid_restricted_email_setting",
        ),
        (
            named("jit-all").email_jit_provisioning("ALL_ALLOWED"),
            "invalid_organization_auth_factor_setting_for_email_jit_provisioning",
        ),
        (
            named("auth").auth_methods("RESTRICTED"),
            "allowed_auth_methods_required_for_restricted",
        ),
        (
            named("auth-bad").allowed_auth_methods(strings(&["carrier_pigeon"])),
            "invalid_organization_allowed_auth_methods",
        ),
        (
            named("mfa").mfa_methods("RESTRICTED"),
            "allowed_mfa_methods_required_for_restricted",
        ),
        (
            named("mfa-bad").allowed_mfa_methods(strings(&["email"])),
            "invalid_organization_allowed_mfa_methods",
        ),
        (
            named("policy").mfa_policy("SOMETIMES"),
            "invalid_organization_mfa_policy",
        ),
        (
            named("closed").sso_jit_provisioning("NOT_ALLOWED"),
            "invalid_organization_auth_factor_setting",
        ),
        (
            named("metadata").trusted_metadata(claims(json!({"x": "y".repeat(5000)}))),
            "metadata_too_large",
        ),
        (
            named("tenants")
                .oauth_tenant_jit_provisioning("RESTRICTED")
                .email_invites("ALL_ALLOWED"),
            "invalid_restricted_oauth_tenants_setting",
        ),
        (
            named("roles").rbac_email_implicit_role_assignments(vec![
                EmailImplicitRoleAssignment::new("roles.test", "no-such-role"),
            ]),
            "invalid_rbac_role_id",
        ),
    ];
    for (request, error_type) in cases {
        let slug = request.organization_slug.clone();
        let result = create(request).await;
        assert_eq!(
            result.as_ref().err().and_then(|e| e.error_type()),
            Some(error_type),
            "{slug:?}: {result:?}"
        );
        expect_error(result, 400, error_type);
    }
    // Updates keep the rules: an emptied allowed list under RESTRICTED is refused.
    organizations
        .update(
            orgs::UpdateRequest::new("acme-corp")
                .auth_methods("RESTRICTED")
                .allowed_auth_methods(strings(&["magic_link"])),
        )
        .await
        .unwrap();
    expect_error(
        organizations
            .update(orgs::UpdateRequest::new("acme-corp").allowed_auth_methods(Vec::new()))
            .await,
        400,
        "allowed_auth_methods_required_for_restricted",
    );
    expect_error(
        organizations.update(orgs::UpdateRequest::new("nope")).await,
        404,
        "organization_not_found",
    );
}

#[tokio::test]
async fn deleting_an_organization_removes_its_members_and_sessions() {
    let env = env(MfaPolicy::Optional).await;
    let login = env.login(&env.ada).await;
    let organizations = env.client.organizations();
    let metrics = organizations
        .get_metrics(orgs::MetricsRequest::new("acme-corp"))
        .await
        .unwrap();
    assert_eq!(metrics.member_count, 2);
    let deleted = organizations
        .delete(orgs::DeleteRequest::new("acme-ext"))
        .await
        .unwrap();
    assert_eq!(deleted.organization_id, env.org.organization_id);
    for key in ["acme-corp", "acme-ext", env.org_id()] {
        expect_error(
            organizations.get(orgs::GetRequest::new(key)).await,
            404,
            "organization_not_found",
        );
    }
    assert!(env.fake.member(&env.ada.member_id).is_none());
    expect_error(
        env.client
            .sessions()
            .authenticate(
                stytch_b2b_otp_sms::sessions::AuthenticateRequest::new()
                    .session_token(&login.session_token),
            )
            .await,
        404,
        "session_not_found",
    );
    // The slug and the external id are free again.
    create_org(
        &env.client,
        orgs::CreateRequest::new("Acme again")
            .organization_slug("acme-corp")
            .organization_external_id("acme-ext"),
    )
    .await;
}

#[tokio::test]
async fn email_assigned_roles_follow_the_organization() {
    let env = env(MfaPolicy::Optional).await;
    let org = env
        .client
        .organizations()
        .update(
            orgs::UpdateRequest::new("acme-corp").rbac_email_implicit_role_assignments(vec![
                EmailImplicitRoleAssignment::new("acme.test", "stytch_admin"),
            ]),
        )
        .await
        .unwrap()
        .organization;
    assert_eq!(org.rbac_email_implicit_role_assignments.len(), 1);
    let ada = env.fake.member(&env.ada.member_id).unwrap();
    assert!(ada.is_admin);
    let admin = ada
        .roles
        .iter()
        .find(|r| r.role_id == "stytch_admin")
        .unwrap();
    assert_eq!(admin.sources[0].r#type, "email_assignment");
}
