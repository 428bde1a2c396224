//! The directory's members through the SDK client: created, read, updated and deleted as
//! Stytch documents, with its validation and uniqueness rules and error types; deleted
//! members are soft-deleted and can be reactivated; their factors can be removed; an email
//! update emails the new address.

use crate::support::*;
use stytch_b2b_otp_sms::organizations as orgs;
use stytch_b2b_otp_sms::organizations_members as members;
use stytch_b2b_otp_sms_fake::EmailKind;

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
