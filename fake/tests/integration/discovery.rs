//! Discovery (`discovery.organizations.list`, `discovery.intermediate_sessions.exchange`,
//! `discovery.organizations.create`) and the session family (`sessions.get`,
//! `sessions.exchange`, `sessions.migrate`, `sessions.attest`,
//! `sessions.exchange_access_token`) as the fake serves them, through the SDK's client.
//!
//! Discovery intermediate sessions come from
//! `FakeStytch::mint_discovery_intermediate_session_token`, as a discovery email magic link
//! login would give them.

use std::time::Duration;

use crate::support::*;
use stytch_b2b_otp_sms::discovery::ListRequest;
use stytch_b2b_otp_sms::discovery_intermediate_sessions::{
    ExchangeRequest as IstExchange, ExchangeResponse as IstExchanged,
};
use stytch_b2b_otp_sms::discovery_organizations::{CreateRequest, CreateResponse};
use stytch_b2b_otp_sms::sessions::{
    AttestRequest, AuthenticateRequest as SessionsAuthenticate, AuthenticationFactor,
    ExchangeAccessTokenRequest, ExchangeRequest as SessionExchange, GetRequest, MigrateRequest,
};

const SESSION_CLAIM: &str = "https://stytch.com/session";

/// A discovery intermediate session token for `email`.
fn discovery_ist(env: &Env, email: &str) -> String {
    env.fake
        .mint_discovery_intermediate_session_token(email)
        .unwrap()
}

async fn list_ist(env: &Env, ist: &str) -> stytch_b2b_otp_sms::discovery::ListResponse {
    env.client
        .discovery()
        .organizations()
        .list(ListRequest::new().intermediate_session_token(ist))
        .await
        .unwrap()
}

async fn exchange(env: &Env, ist: &str, org: &str) -> Result<IstExchanged, Error> {
    env.client
        .discovery()
        .intermediate_sessions()
        .exchange(IstExchange::new(ist, org))
        .await
}

async fn create(env: &Env, request: CreateRequest) -> Result<CreateResponse, Error> {
    env.client.discovery().organizations().create(request).await
}

/// `(type, delivery_method)` of each factor.
fn kinds(factors: &[AuthenticationFactor]) -> Vec<(String, String)> {
    factors
        .iter()
        .map(|f| {
            (
                f.r#type.as_str().to_owned(),
                f.delivery_method.as_str().to_owned(),
            )
        })
        .collect()
}

fn pair(kind: &str, delivery: &str) -> (String, String) {
    (kind.to_owned(), delivery.to_owned())
}

/// The `(type, delivery_method)` of the factors a session JWT lists.
fn jwt_factor_kinds(jwt: &str) -> Vec<(String, String)> {
    let payload = jwt_payload(jwt);
    payload[SESSION_CLAIM]["authentication_factors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["type"].as_str().unwrap().to_owned(),
                f["delivery_method"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// A second organization (slug `beta`, this MFA policy) where Ada's address is a member too,
/// with this phone number (verified).
fn beta_with_ada(env: &Env, policy: MfaPolicy, phone: &str) -> (Organization, Member) {
    let beta = env
        .fake
        .create_organization(NewOrganization::new("Beta", "beta").mfa_policy(policy))
        .unwrap();
    let ada = env
        .fake
        .create_member(
            &beta.organization_id,
            NewMember::new("ada@acme.test").verified_phone_number(phone),
        )
        .unwrap();
    (beta, ada)
}

#[tokio::test]
async fn list_with_a_discovery_ist_shows_memberships_and_consumes_nothing() {
    let env = env(MfaPolicy::Optional).await;
    let (beta, _) = beta_with_ada(&env, MfaPolicy::RequiredForAll, "+15555550199");
    let ist = discovery_ist(&env, "Ada@Acme.test");
    let listed = list_ist(&env, &ist).await;
    assert_eq!(listed.email_address, "Ada@Acme.test");
    assert_eq!(listed.organization_id_hint, None);
    assert_eq!(listed.discovered_organizations.len(), 2);
    let entry = |org: &str| {
        listed
            .discovered_organizations
            .iter()
            .find(|d| d.organization.as_ref().unwrap().organization_id == org)
            .unwrap()
            .clone()
    };
    let acme = entry(env.org_id());
    let membership = acme.membership.unwrap();
    assert_eq!(membership.r#type, "active_member");
    assert_eq!(membership.member.unwrap().member_id, env.ada.member_id);
    assert!(acme.member_authenticated);
    assert!(acme.mfa_required.is_none() && acme.primary_required.is_none());
    // Beta requires MFA: listed as needing it, with Ada's phone, and nothing is texted.
    let beta_entry = entry(&beta.organization_id);
    assert!(!beta_entry.member_authenticated);
    let mfa = beta_entry.mfa_required.unwrap();
    assert_eq!(mfa.member_options.unwrap().mfa_phone_number, "+15555550199");
    assert_eq!(mfa.secondary_auth_initiated, None);
    assert!(env.fake.outbox().is_empty());
    // Not consumed: listing again and exchanging still work.
    assert_eq!(list_ist(&env, &ist).await.discovered_organizations.len(), 2);
    exchange(&env, &ist, env.org_id()).await.unwrap();
}

#[tokio::test]
async fn list_takes_exactly_one_session_argument() {
    let env = env(MfaPolicy::Optional).await;
    let ist = discovery_ist(&env, "ada@acme.test");
    let list = |request: ListRequest| env.client.discovery().organizations().list(request);
    expect_error(list(ListRequest::new()).await, 400, "no_session_arguments");
    expect_error(
        list(
            ListRequest::new()
                .intermediate_session_token(&ist)
                .session_token("also"),
        )
        .await,
        400,
        "too_many_session_arguments",
    );
    expect_error(
        list(ListRequest::new().intermediate_session_token("unknown")).await,
        404,
        "intermediate_session_not_found",
    );
    expect_error(
        list(ListRequest::new().session_token("unknown")).await,
        404,
        "session_not_found",
    );
    env.fake
        .advance_clock(Duration::from_secs(11 * 60))
        .unwrap();
    expect_error(
        list(ListRequest::new().intermediate_session_token(&ist)).await,
        404,
        "intermediate_session_not_found",
    );
}

#[tokio::test]
async fn exchange_without_mfa_starts_a_session_with_the_discovery_factor() {
    let env = env(MfaPolicy::Optional).await;
    let ist = discovery_ist(&env, "grace@acme.test");
    let done = exchange(&env, &ist, "acme-corp").await.unwrap();
    assert!(done.member_authenticated);
    assert_eq!(done.member_id, env.grace.member_id);
    assert_eq!(done.intermediate_session_token, "");
    assert!(done.mfa_required.is_none());
    let session = done.member_session.unwrap();
    assert_eq!(
        kinds(&session.authentication_factors),
        [pair("magic_link", "email")]
    );
    let email = session.authentication_factors[0]
        .email_factor
        .clone()
        .unwrap();
    assert_eq!(email.email_address, "grace@acme.test");
    assert!(!email.email_id.is_empty());
    assert_eq!(
        jwt_factor_kinds(&done.session_jwt),
        [pair("magic_link", "email")]
    );
    let authed = env
        .client
        .sessions()
        .authenticate(SessionsAuthenticate::new().session_token(&done.session_token))
        .await
        .unwrap();
    assert_eq!(
        authed.member_session.member_session_id,
        session.member_session_id
    );
    assert!(authed.member.email_address_verified);
    // The intermediate session is consumed.
    expect_error(
        exchange(&env, &ist, env.org_id()).await,
        404,
        "intermediate_session_not_found",
    );
    expect_error(
        exchange(&env, &discovery_ist(&env, "grace@acme.test"), "no-such-org").await,
        404,
        "organization_not_found",
    );
}

#[tokio::test]
async fn exchange_into_an_mfa_organization_keeps_the_ist_and_texts_the_member() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let ist = discovery_ist(&env, "ada@acme.test");
    let pending = exchange(&env, &ist, env.org_id()).await.unwrap();
    assert!(!pending.member_authenticated);
    assert_eq!(pending.intermediate_session_token, ist);
    assert_eq!(
        (pending.session_token.as_str(), pending.session_jwt.as_str()),
        ("", "")
    );
    assert!(pending.member_session.is_none());
    assert!(pending.intermediate_session_token_expires_at.is_some());
    let mfa = pending.mfa_required.unwrap();
    assert_eq!(mfa.secondary_auth_initiated.as_deref(), Some("sms_otp"));
    assert_eq!(mfa.member_options.unwrap().mfa_phone_number, ADA_PHONE);
    let code = env.fake.last_code(&env.ada.member_id).unwrap();
    // The same token, now Ada's in Acme, completes the login with the SMS code.
    let authed = env
        .authenticate(env.auth(&env.ada, &code).intermediate_session_token(&ist))
        .await
        .unwrap();
    let factors = authed.member_session.unwrap().authentication_factors;
    assert_eq!(
        kinds(&factors),
        [pair("magic_link", "email"), pair("otp", "sms")]
    );
    assert_eq!(
        jwt_factor_kinds(&authed.session_jwt),
        [pair("magic_link", "email"), pair("otp", "sms")]
    );
}

#[tokio::test]
async fn exchange_provisions_by_email_domain_only_where_the_organization_allows_it() {
    let env = env(MfaPolicy::Optional).await;
    // An organization created by a widgets.test address, provisioning widgets.test.
    let created = create(
        &env,
        CreateRequest::new(discovery_ist(&env, "owner@widgets.test"))
            .organization_name("Widgets")
            .organization_slug("widgets")
            .email_jit_provisioning("RESTRICTED")
            .email_allowed_domains(vec!["widgets.test".to_owned()]),
    )
    .await
    .unwrap();
    let widgets = created.organization.organization_id.clone();
    let ist = discovery_ist(&env, "bob@widgets.test");
    let listed = list_ist(&env, &ist).await;
    assert_eq!(listed.discovered_organizations.len(), 1);
    let membership = listed.discovered_organizations[0]
        .membership
        .clone()
        .unwrap();
    assert_eq!(membership.r#type, "eligible_to_join_by_email_domain");
    assert_eq!(membership.details["domain"], "widgets.test");
    assert!(membership.member.is_none());
    let joined = exchange(&env, &ist, &widgets).await.unwrap();
    assert!(joined.member_authenticated);
    assert_eq!(joined.member.email_address, "bob@widgets.test");
    assert_eq!(joined.member.status, "active");
    assert!(joined.member.email_address_verified);
    assert_eq!(
        env.fake.member(&joined.member_id).unwrap().organization_id,
        widgets
    );
    // Another domain, and an organization that does not provision by email.
    let eve = discovery_ist(&env, "eve@elsewhere.test");
    expect_error(
        exchange(&env, &eve, &widgets).await,
        400,
        "invalid_email_for_jit_provisioning",
    );
    expect_error(
        exchange(&env, &eve, env.org_id()).await,
        400,
        "email_jit_provisioning_not_allowed",
    );
    assert!(
        list_ist(&env, &eve)
            .await
            .discovered_organizations
            .is_empty()
    );
}

#[tokio::test]
async fn an_allowed_domain_without_a_verified_member_there_is_not_joinable() {
    let env = env(MfaPolicy::Optional).await;
    // Created by a gmail address, allowing gadgets.test where nobody is a member yet.
    let created = create(
        &env,
        CreateRequest::new(discovery_ist(&env, "founder@gmail.com"))
            .email_jit_provisioning("RESTRICTED")
            .email_allowed_domains(vec!["gadgets.test".to_owned()]),
    )
    .await
    .unwrap();
    let ist = discovery_ist(&env, "dan@gadgets.test");
    assert!(
        list_ist(&env, &ist)
            .await
            .discovered_organizations
            .is_empty()
    );
    expect_error(
        exchange(&env, &ist, &created.organization.organization_id).await,
        400,
        "invalid_email_for_jit_provisioning",
    );
}

#[tokio::test]
async fn create_derives_name_and_slug_and_makes_the_creator_an_admin() {
    let env = env(MfaPolicy::Optional).await;
    let ist = discovery_ist(&env, "ada@acme.test");
    let created = create(&env, CreateRequest::new(&ist)).await.unwrap();
    assert_eq!(created.organization.organization_name, "acme");
    assert_eq!(created.organization.organization_slug, "acme");
    assert!(created.member_authenticated);
    assert_eq!(created.intermediate_session_token, "");
    assert_eq!(created.member.status, "active");
    assert!(created.member.is_admin);
    assert!(created.member.email_address_verified);
    let roles: Vec<&str> = created
        .member
        .roles
        .iter()
        .map(|r| r.role_id.as_str())
        .collect();
    assert!(roles.contains(&"stytch_admin"), "{roles:?}");
    let session = created.member_session.unwrap();
    assert_eq!(
        kinds(&session.authentication_factors),
        [pair("magic_link", "email")]
    );
    assert!(session.roles.iter().any(|r| r == "stytch_admin"));
    expect_error(
        create(&env, CreateRequest::new(&ist)).await,
        404,
        "intermediate_session_not_found",
    );
    // The derived slug is taken now: the next one gets a suffix.
    let again = create(&env, CreateRequest::new(discovery_ist(&env, "x@acme.test")))
        .await
        .unwrap();
    assert_eq!(again.organization.organization_slug, "acme-2");
    // A common provider's address names the organization after its local part.
    let personal = create(
        &env,
        CreateRequest::new(discovery_ist(&env, "ada.l@gmail.com")),
    )
    .await
    .unwrap();
    assert_eq!(personal.organization.organization_name, "ada.l");
    assert_eq!(personal.organization.organization_slug, "ada.l");
}

#[tokio::test]
async fn create_checks_its_settings_before_using_the_ist() {
    let env = env(MfaPolicy::Optional).await;
    let ist = discovery_ist(&env, "ada@acme.test");
    let cases = [
        (
            CreateRequest::new(&ist).mfa_policy("SOMETIMES"),
            "invalid_organization_mfa_policy",
        ),
        (
            CreateRequest::new(&ist).auth_methods("RESTRICTED"),
            "allowed_auth_methods_required_for_restricted",
        ),
        (
            CreateRequest::new(&ist).organization_slug("acme-corp"),
            "organization_slug_already_used",
        ),
        (
            CreateRequest::new(&ist).organization_slug("a"),
            "invalid_organization_slug",
        ),
        (
            CreateRequest::new(&ist).session_duration_minutes(1),
            "invalid_session_duration_minutes",
        ),
    ];
    for (request, error_type) in cases {
        expect_error(create(&env, request).await, 400, error_type);
    }
    // Still usable: an MFA-required organization, whose creator has no factor yet.
    let pending = create(
        &env,
        CreateRequest::new(&ist).mfa_policy("REQUIRED_FOR_ALL"),
    )
    .await
    .unwrap();
    assert!(!pending.member_authenticated);
    assert_eq!(pending.intermediate_session_token, ist);
    assert_eq!(pending.organization.mfa_policy, "REQUIRED_FOR_ALL");
    let mfa = pending.mfa_required.unwrap();
    assert!(mfa.member_options.is_none());
    assert_eq!(mfa.secondary_auth_initiated, None);
}

#[tokio::test]
async fn sessions_get_lists_the_members_live_sessions() {
    let env = env(MfaPolicy::Optional).await;
    let mut tokens = Vec::new();
    for minutes in [5, 60] {
        let done = env
            .client
            .discovery()
            .intermediate_sessions()
            .exchange(
                IstExchange::new(discovery_ist(&env, "grace@acme.test"), env.org_id())
                    .session_duration_minutes(minutes),
            )
            .await
            .unwrap();
        tokens.push(done.member_session.unwrap().member_session_id);
    }
    let get = || {
        env.client
            .sessions()
            .get(GetRequest::new("acme-corp", &env.grace.member_id))
    };
    let ids: Vec<String> = get()
        .await
        .unwrap()
        .member_sessions
        .into_iter()
        .map(|s| s.member_session_id)
        .collect();
    assert_eq!(ids, tokens);
    env.fake.advance_clock(Duration::from_secs(6 * 60)).unwrap();
    let live = get().await.unwrap().member_sessions;
    assert_eq!(live.len(), 1);
    assert_eq!(live[0].member_session_id, tokens[1]);
    let none = env
        .client
        .sessions()
        .get(GetRequest::new(env.org_id(), &env.ada.member_id))
        .await
        .unwrap();
    assert!(none.member_sessions.is_empty());
    expect_error(
        env.client
            .sessions()
            .get(GetRequest::new(env.org_id(), "member-test-unknown"))
            .await,
        404,
        "member_not_found",
    );
}

#[tokio::test]
async fn sessions_exchange_into_a_second_organization_requiring_mfa() {
    let env = env(MfaPolicy::Optional).await;
    let (beta, beta_ada) = beta_with_ada(&env, MfaPolicy::RequiredForAll, "+15555550142");
    let first = exchange(&env, &discovery_ist(&env, "ada@acme.test"), env.org_id())
        .await
        .unwrap();
    assert!(first.member_authenticated);
    // With a session: only memberships, Beta needing MFA.
    let listed = env
        .client
        .discovery()
        .organizations()
        .list(ListRequest::new().session_jwt(&first.session_jwt))
        .await
        .unwrap();
    assert_eq!(listed.discovered_organizations.len(), 2);
    assert_eq!(listed.organization_id_hint, None);
    let pending = env
        .client
        .sessions()
        .exchange(SessionExchange::new("beta").session_token(&first.session_token))
        .await
        .unwrap();
    assert!(!pending.member_authenticated);
    assert_eq!(pending.member_id, beta_ada.member_id);
    assert_eq!(pending.session_token, "");
    let mfa = pending.mfa_required.unwrap();
    assert_eq!(mfa.secondary_auth_initiated.as_deref(), Some("sms_otp"));
    let code = env.fake.last_code(&beta_ada.member_id).unwrap();
    let authed = env
        .authenticate(
            AuthenticateRequest::new(&beta.organization_id, &beta_ada.member_id, code)
                .intermediate_session_token(&pending.intermediate_session_token),
        )
        .await
        .unwrap();
    let factors = authed.member_session.unwrap().authentication_factors;
    assert_eq!(
        kinds(&factors),
        [pair("magic_link", "email"), pair("otp", "sms")]
    );
    // The carried email factor names Beta's member's email, same address.
    assert_eq!(
        factors[0].email_factor.as_ref().unwrap().email_address,
        "ada@acme.test"
    );
    // The first session lives on.
    env.client
        .sessions()
        .authenticate(SessionsAuthenticate::new().session_token(&first.session_token))
        .await
        .unwrap();
    // Back to Acme (no MFA there) with the Beta session: the SMS factor does not carry
    // (Ada's Acme phone is not verified), the magic link does.
    let back = env
        .client
        .sessions()
        .exchange(SessionExchange::new(env.org_id()).session_token(&authed.session_token))
        .await
        .unwrap();
    assert!(back.member_authenticated);
    assert_eq!(
        kinds(&back.member_session.unwrap().authentication_factors),
        [pair("magic_link", "email")]
    );
}

#[tokio::test]
async fn sessions_exchange_needs_a_membership_and_a_factor_that_carries() {
    let env = env(MfaPolicy::Optional).await;
    let other = env
        .fake
        .create_organization(NewOrganization::new("Other", "other"))
        .unwrap();
    let first = exchange(&env, &discovery_ist(&env, "grace@acme.test"), env.org_id())
        .await
        .unwrap();
    let to = |org: &str, token: &str| {
        env.client
            .sessions()
            .exchange(SessionExchange::new(org).session_token(token))
    };
    expect_error(
        to(&other.organization_id, &first.session_token).await,
        404,
        "member_not_found",
    );
    expect_error(to("other", "unknown").await, 404, "session_not_found");
    // A migrated session's `imported` factor does not carry.
    env.fake
        .create_member(&other.organization_id, NewMember::new("grace@acme.test"))
        .unwrap();
    env.fake
        .grant_migration("external-token", env.org_id(), &env.grace.member_id)
        .unwrap();
    let migrated = env
        .client
        .sessions()
        .migrate(MigrateRequest::new("external-token", env.org_id()))
        .await
        .unwrap();
    expect_error(
        to("other", &migrated.session_token).await,
        400,
        "insufficient_factors_for_session_exchange",
    );
}

#[tokio::test]
async fn migrate_accepts_a_granted_token_and_refuses_others() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let (status, body) = env
        .raw(
            "POST",
            "/__fake/sessions/migrations",
            &json!({
                "session_token": "idp-session-1",
                "organization_id": "acme-corp",
                "member_id": "ada-ext",
            })
            .to_string(),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let migrate = |token: &str, org: &str| {
        env.client
            .sessions()
            .migrate(MigrateRequest::new(token, org).session_duration_minutes(30))
    };
    let migrated = migrate("idp-session-1", env.org_id()).await.unwrap();
    assert_eq!(migrated.member_id, env.ada.member_id);
    let session = migrated.member_session.unwrap();
    assert_eq!(
        kinds(&session.authentication_factors),
        [pair("imported", "imported_auth0")]
    );
    assert_eq!(
        unix(&session.expires_at),
        unix(&session.started_at) + 30 * 60
    );
    assert_eq!(
        jwt_factor_kinds(&migrated.session_jwt),
        [pair("imported", "imported_auth0")]
    );
    expect_error(
        migrate("idp-session-unknown", env.org_id()).await,
        400,
        "migrate_from_external_unexpected_response",
    );
    let other = env
        .fake
        .create_organization(NewOrganization::new("Other", "other"))
        .unwrap();
    expect_error(
        migrate("idp-session-1", &other.organization_id).await,
        404,
        "migrate_from_external_email_does_not_exist",
    );
    let (status, body) = env
        .raw(
            "POST",
            "/__fake/sessions/migrations",
            &json!({"session_token": "t", "organization_id": "acme-corp", "member_id": "nobody"})
                .to_string(),
        )
        .await;
    expect_error_body(&(status, body), 404, "member_not_found");
}

#[tokio::test]
async fn attest_needs_a_known_profile_and_token() {
    let env = env(MfaPolicy::Optional).await;
    let attest = |profile: &str, token: &str| {
        env.client
            .sessions()
            .attest(AttestRequest::new(profile, token))
    };
    expect_error(
        attest("profile-unknown", "jwt").await,
        404,
        "trusted_auth_token_profile_not_found",
    );
    env.fake
        .grant_trusted_auth_token(
            "profile-1",
            "trusted-jwt",
            "acme-corp",
            &env.grace.member_id,
        )
        .unwrap();
    expect_error(attest("profile-1", "other-jwt").await, 401, "invalid_token");
    let attested = attest("profile-1", "trusted-jwt").await.unwrap();
    assert_eq!(attested.member_id, env.grace.member_id);
    let factors = &attested.member_session.authentication_factors;
    assert_eq!(
        kinds(factors),
        [pair("trusted_auth_token", "trusted_token_exchange")]
    );
    assert!(factors[0].trusted_auth_token_factor.is_some());
    // Onto an existing session: the factor joins it.
    let login = exchange(&env, &discovery_ist(&env, "grace@acme.test"), env.org_id())
        .await
        .unwrap();
    let joined = env
        .client
        .sessions()
        .attest(AttestRequest::new("profile-1", "trusted-jwt").session_token(&login.session_token))
        .await
        .unwrap();
    assert_eq!(
        joined.member_session.member_session_id,
        login.member_session.unwrap().member_session_id
    );
    assert_eq!(
        kinds(&joined.member_session.authentication_factors),
        [
            pair("magic_link", "email"),
            pair("trusted_auth_token", "trusted_token_exchange")
        ]
    );
    // Another member's session is refused.
    let ada = env.login(&env.ada).await;
    expect_error(
        env.client
            .sessions()
            .attest(
                AttestRequest::new("profile-1", "trusted-jwt").session_token(&ada.session_token),
            )
            .await,
        400,
        "session_member_mismatch",
    );
}

#[tokio::test]
async fn the_trusted_auth_token_control_route_grants_a_profile() {
    let env = env(MfaPolicy::Optional).await;
    let grant = |member: &str| {
        json!({
            "profile_id": "profile-http",
            "token": "token-http",
            "organization_id": "acme-ext",
            "member_id": member,
        })
        .to_string()
    };
    let (status, body) = env
        .raw("POST", "/__fake/trusted_auth_tokens", &grant("nobody"))
        .await;
    expect_error_body(&(status, body), 404, "member_not_found");
    let (status, body) = env
        .raw("POST", "/__fake/trusted_auth_tokens", &grant("ada-ext"))
        .await;
    assert_eq!(status, 200, "{body}");
    let attested = env
        .client
        .sessions()
        .attest(AttestRequest::new("profile-http", "token-http").organization_id("acme-corp"))
        .await
        .unwrap();
    assert_eq!(attested.member_id, env.ada.member_id);
    let (status, body) = env.raw("GET", "/__fake/trusted_auth_tokens", "").await;
    expect_error_body(&(status, body), 405, "method_not_allowed");
}

#[tokio::test]
async fn exchange_access_token_is_refused_without_connected_apps() {
    let env = env(MfaPolicy::Optional).await;
    expect_error(
        env.client
            .sessions()
            .exchange_access_token(ExchangeAccessTokenRequest::new("any-access-token"))
            .await,
        400,
        "oauth_access_token_exchange_token_invalid_grant",
    );
}
