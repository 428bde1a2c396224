//! The directory through the SDK client: organizations and members are created, read,
//! updated and deleted as Stytch documents, with its validation and uniqueness rules and
//! its error types; members are soft-deleted and can be reactivated.

mod support;

use stytch_b2b_otp_sms::organizations as orgs;
use stytch_b2b_otp_sms::organizations::EmailImplicitRoleAssignment;
use stytch_b2b_otp_sms::organizations_members as members;
use stytch_b2b_otp_sms_fake::EmailKind;
use support::*;

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
async fn members_round_trip_through_the_api() {
    let env = env(MfaPolicy::Optional).await;
    let api = env.client.organizations().members();
    let created = api
        .create(
            members::CreateRequest::new("acme-corp", "lin@acme.test")
                .name("Lin")
                .external_id("lin-1")
                .is_breakglass(true)
                .mfa_enrolled(true)
                .mfa_phone_number("+15555550123")
                .roles(strings(&["stytch_admin"]))
                .trusted_metadata(claims(json!({"plan": "pro"})))
                .untrusted_metadata(claims(json!({"theme": "dark"}))),
        )
        .await
        .unwrap();
    let lin = created.member;
    assert_eq!(created.member_id, lin.member_id);
    assert_eq!(
        created.organization.organization_id,
        env.org.organization_id
    );
    assert_eq!(lin.status, "active");
    assert!(lin.is_breakglass && lin.mfa_enrolled && lin.is_admin);
    assert_eq!(lin.mfa_phone_number, "+15555550123");
    assert!(!lin.mfa_phone_number_verified);
    let role_ids: Vec<&str> = lin.roles.iter().map(|r| r.role_id.as_str()).collect();
    assert_eq!(role_ids, ["stytch_member", "stytch_admin"]);
    assert_eq!(lin.trusted_metadata["plan"], "pro");
    assert_eq!(lin.untrusted_metadata["theme"], "dark");

    // get by id, external id and email (any case).
    for request in [
        members::GetRequest::new("acme-corp").member_id(&lin.member_id),
        members::GetRequest::new("acme-ext").member_id("lin-1"),
        members::GetRequest::new(env.org_id()).email_address("LIN@acme.test"),
    ] {
        assert_eq!(api.get(request).await.unwrap().member, lin);
    }
    expect_error(
        api.get(members::GetRequest::new("acme-corp")).await,
        400,
        "invalid_member_get_fields",
    );

    let pending = api
        .create(
            members::CreateRequest::new("acme-corp", "pat@acme.test")
                .create_member_as_pending(true),
        )
        .await
        .unwrap()
        .member;
    assert_eq!(pending.status, "pending");

    let updated = api
        .update(
            members::UpdateRequest::new("acme-corp", "lin-1")
                .name("Lin Li")
                .is_breakglass(false)
                .mfa_enrolled(false)
                .roles(Vec::new())
                .default_mfa_method("sms_otp")
                .external_id("lin-2")
                .untrusted_metadata(claims(json!({"theme": "light"}))),
        )
        .await
        .unwrap()
        .member;
    assert_eq!(updated.name, "Lin Li");
    assert!(!updated.is_breakglass && !updated.mfa_enrolled && !updated.is_admin);
    assert_eq!(updated.roles.len(), 1);
    assert_eq!(updated.default_mfa_method, "sms_otp");
    assert_eq!(updated.external_id.as_deref(), Some("lin-2"));
    assert_eq!(updated.trusted_metadata["plan"], "pro");
    assert_eq!(updated.untrusted_metadata["theme"], "light");
    expect_error(
        api.get(members::GetRequest::new("acme-corp").member_id("lin-1"))
            .await,
        404,
        "member_not_found",
    );
    let cleared = api
        .delete_external_id(members::DeleteExternalIdRequest::new("acme-corp", "lin-2"))
        .await
        .unwrap()
        .member;
    assert_eq!(cleared.external_id, None);
}

#[tokio::test]
async fn member_rules_answer_stytchs_error_types() {
    let env = env(MfaPolicy::Optional).await;
    let api = env.client.organizations().members();
    let new = |email: &str| members::CreateRequest::new("acme-corp", email);
    let cases: Vec<(members::CreateRequest, u16, &str)> = vec![
        (new("ADA@acme.test"), 400, "duplicate_member_email"),
        (new("not-an-email"), 400, "invalid_email"),
        (
            new("x@acme.test").external_id("ada-ext"),
            400,
            "duplicate_member_external_id",
        ),
        (new("x@acme.test").external_id("a b"), 400, "bad_request"),
        (
            new("x@acme.test").mfa_phone_number("555"),
            400,
            "invalid_phone_number",
        ),
        (
            new("x@acme.test").roles(strings(&["ghost"])),
            400,
            "invalid_rbac_role_id",
        ),
        (
            new("x@acme.test").roles(strings(&["stytch_member"])),
            400,
            "cannot_assign_default_rbac_role_id",
        ),
        (
            members::CreateRequest::new("nope", "x@acme.test"),
            404,
            "organization_not_found",
        ),
    ];
    for (request, status, error_type) in cases {
        expect_error(api.create(request).await, status, error_type);
    }
    // The same email in another organization is fine.
    let other = create_org(
        &env.client,
        orgs::CreateRequest::new("Other").organization_slug("other"),
    )
    .await;
    api.create(members::CreateRequest::new(
        &other.organization_id,
        "ada@acme.test",
    ))
    .await
    .unwrap();

    let update = || members::UpdateRequest::new("acme-corp", &env.ada.member_id);
    let cases: Vec<(members::UpdateRequest, &str)> = vec![
        (
            update().email_address("grace@acme.test"),
            "duplicate_member_email",
        ),
        (
            update().external_id("ada-ext-2").email_address("bad"),
            "invalid_email",
        ),
        (
            update().mfa_phone_number("+15555550999"),
            "duplicate_member_phone_number_for_member",
        ),
        (
            update().default_mfa_method("email"),
            "invalid_mfa_default_method",
        ),
        (
            update().default_mfa_method("totp"),
            "default_mfa_member_missing_factor",
        ),
        (update().roles(strings(&["ghost"])), "invalid_rbac_role_id"),
    ];
    for (request, error_type) in cases {
        expect_error(api.update(request).await, 400, error_type);
    }
    // Nothing changed.
    assert_eq!(env.fake.member(&env.ada.member_id).unwrap(), env.ada);
}

#[tokio::test]
async fn an_email_change_retires_the_old_address_until_it_is_unlinked() {
    let env = env(MfaPolicy::Optional).await;
    let api = env.client.organizations().members();
    let ada = api
        .update(
            members::UpdateRequest::new("acme-corp", &env.ada.member_id)
                .email_address("ada.lovelace@acme.test"),
        )
        .await
        .unwrap()
        .member;
    assert_eq!(ada.email_address, "ada.lovelace@acme.test");
    assert!(!ada.email_address_verified);
    assert_eq!(ada.retired_email_addresses.len(), 1);
    let retired = &ada.retired_email_addresses[0];
    assert_eq!(retired.email_address, "ada@acme.test");
    // A retired address is not free for other members.
    expect_error(
        api.create(members::CreateRequest::new("acme-corp", "ada@acme.test"))
            .await,
        400,
        "retired_member_email",
    );
    expect_error(
        api.unlink_retired_email(members::UnlinkRetiredEmailRequest::new(
            "acme-corp",
            &ada.member_id,
        ))
        .await,
        400,
        "retired_email_missing_email_identifiers",
    );
    expect_error(
        api.unlink_retired_email(
            members::UnlinkRetiredEmailRequest::new("acme-corp", &ada.member_id)
                .email_id("email-test-nope"),
        )
        .await,
        404,
        "email_not_found",
    );
    let unlinked = api
        .unlink_retired_email(
            members::UnlinkRetiredEmailRequest::new("acme-corp", &ada.member_id)
                .email_id(&retired.email_id)
                .email_address("ADA@acme.test"),
        )
        .await
        .unwrap();
    assert_eq!(unlinked.organization_id, env.org.organization_id);
    assert!(unlinked.member.retired_email_addresses.is_empty());
    api.create(members::CreateRequest::new("acme-corp", "ada@acme.test"))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_deleted_member_is_soft_deleted_and_can_be_reactivated() {
    let env = env(MfaPolicy::Optional).await;
    let api = env.client.organizations().members();
    // A verified email address (a proven email factor), as reactivation needs.
    env.ist(&env.grace);
    let login = env.login(&env.ada).await;
    expect_error(
        api.reactivate(members::ReactivateRequest::new(
            "acme-corp",
            &env.grace.member_id,
        ))
        .await,
        404,
        "no_deleted_member_found_for_reactivation",
    );
    for member in [&env.ada, &env.grace] {
        api.delete(members::DeleteRequest::new("acme-corp", &member.member_id))
            .await
            .unwrap();
    }
    // Gone from get, search and sessions; still there for dangerously_get with
    // include_deleted.
    expect_error(
        api.get(members::GetRequest::new("acme-corp").member_id(&env.grace.member_id))
            .await,
        404,
        "member_not_found",
    );
    expect_error(
        api.get(members::GetRequest::new("acme-corp").email_address("grace@acme.test"))
            .await,
        404,
        "member_not_found",
    );
    expect_error(
        api.dangerously_get(members::DangerouslyGetRequest::new(&env.grace.member_id))
            .await,
        404,
        "member_not_found",
    );
    let got = api
        .dangerously_get(
            members::DangerouslyGetRequest::new(&env.grace.member_id).include_deleted(true),
        )
        .await
        .unwrap();
    assert_eq!(got.member.status, "deleted");
    let found = api
        .search(members::SearchRequest::new(strings(&["acme-corp"])))
        .await
        .unwrap();
    assert!(found.members.is_empty(), "{:?}", found.members);
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
    expect_error(
        api.delete(members::DeleteRequest::new(
            "acme-corp",
            &env.grace.member_id,
        ))
        .await,
        404,
        "member_not_found",
    );
    let metrics = env
        .client
        .organizations()
        .get_metrics(orgs::MetricsRequest::new("acme-corp"))
        .await
        .unwrap();
    assert_eq!(metrics.member_count, 0);

    // Grace comes back; Ada's address was taken by a new member meanwhile, and Ada's email
    // was never verified.
    let grace = api
        .reactivate(members::ReactivateRequest::new(
            "acme-corp",
            &env.grace.member_id,
        ))
        .await
        .unwrap()
        .member;
    assert_eq!(grace.status, "active");
    api.create(members::CreateRequest::new("acme-corp", "ada@acme.test"))
        .await
        .unwrap();
    expect_error(
        api.reactivate(members::ReactivateRequest::new("acme-corp", "ada-ext"))
            .await,
        400,
        "reactivation_email_belongs_to_another_member",
    );
}

#[tokio::test]
async fn search_finds_members_created_through_the_api() {
    let env = env(MfaPolicy::Optional).await;
    let api = env.client.organizations().members();
    let kim = api
        .create(members::CreateRequest::new("acme-corp", "kim@acme.test"))
        .await
        .unwrap()
        .member;
    let found = api
        .search(members::SearchRequest::new(strings(&["acme-corp"])))
        .await
        .unwrap();
    assert_eq!(found.members.len(), 3);
    assert!(found.members.contains(&kim));
    // Deleted members are found by a status filter.
    api.delete(members::DeleteRequest::new("acme-corp", &kim.member_id))
        .await
        .unwrap();
    let query = orgs::SearchQuery::new(
        "AND",
        vec![claims(
            json!({"filter_name": "statuses", "filter_value": ["deleted"]}),
        )],
    );
    let found = api
        .search(members::SearchRequest::new(strings(&["acme-corp"])).query(query))
        .await
        .unwrap();
    let ids: Vec<&str> = found.members.iter().map(|m| m.member_id.as_str()).collect();
    assert_eq!(ids, [kim.member_id.as_str()]);
}

#[tokio::test]
async fn a_members_factors_can_be_deleted() {
    let env = env(MfaPolicy::Optional).await;
    let api = env.client.organizations().members();
    let with_totp = env
        .fake
        .create_member(
            "acme-corp",
            NewMember::new("tess@acme.test").totp_registered(),
        )
        .unwrap();
    let tess = api
        .delete_totp(members::DeleteTOTPRequest::new(
            "acme-corp",
            &with_totp.member_id,
        ))
        .await
        .unwrap()
        .member;
    assert_eq!(tess.totp_registration_id, "");
    expect_error(
        api.delete_totp(members::DeleteTOTPRequest::new(
            "acme-corp",
            &with_totp.member_id,
        ))
        .await,
        404,
        "totp_not_found",
    );
    let ada = api
        .delete_mfa_phone_number(members::DeleteMFAPhoneNumberRequest::new(
            "acme-corp",
            "ada-ext",
        ))
        .await
        .unwrap()
        .member;
    assert_eq!(ada.mfa_phone_number, "");
    assert!(!ada.mfa_phone_number_verified);
    expect_error(
        api.delete_mfa_phone_number(members::DeleteMFAPhoneNumberRequest::new(
            "acme-corp",
            "ada-ext",
        ))
        .await,
        404,
        "member_phone_number_not_found",
    );
    // Now a new phone can be set.
    let ada = api
        .update(
            members::UpdateRequest::new("acme-corp", "ada-ext").mfa_phone_number("+15555550999"),
        )
        .await
        .unwrap()
        .member;
    assert_eq!(ada.mfa_phone_number, "+15555550999");
    expect_error(
        api.passwords()
            .delete(members::DeletePasswordRequest::new(
                "acme-corp",
                "member-password-test-nope",
            ))
            .await,
        404,
        "member_password_not_found",
    );
}

#[tokio::test]
async fn start_email_update_emails_the_new_address() {
    let env = env(MfaPolicy::Optional).await;
    let api = env.client.organizations().members();
    let start =
        |email: &str| members::StartEmailUpdateRequest::new("acme-corp", &env.ada.member_id, email);
    // Ada's email is not verified yet.
    expect_error(
        api.start_email_update(start("ada@new.test")).await,
        400,
        "inactive_email",
    );
    env.ist(&env.ada);
    expect_error(
        api.start_email_update(start("grace@acme.test")).await,
        400,
        "duplicate_member_email",
    );
    expect_error(
        api.start_email_update(start("nope")).await,
        400,
        "invalid_email",
    );
    let started = api
        .start_email_update(start("ada@new.test").login_redirect_url("https://app.test/auth"))
        .await
        .unwrap();
    // Unchanged until the link is authenticated.
    assert_eq!(started.member.email_address, "ada@acme.test");
    let email = env.fake.last_email("ada@new.test").expect("an email");
    assert_eq!(email.kind, EmailKind::EmailUpdate);
    assert_eq!(email.organization_id.as_deref(), Some(env.org_id()));
    assert!(email.token.is_some());
    assert!(
        email
            .url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://app.test/auth?")),
        "{email:?}"
    );
    // The new address is reserved meanwhile, for five minutes.
    expect_error(
        api.create(members::CreateRequest::new("acme-corp", "ada@new.test"))
            .await,
        400,
        "duplicate_member_email",
    );
    env.fake
        .advance_clock(std::time::Duration::from_secs(301))
        .unwrap();
    api.create(members::CreateRequest::new("acme-corp", "ada@new.test"))
        .await
        .unwrap();
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
