//! OAuth (`oauth.authenticate`, `oauth.discovery.authenticate`,
//! `organizations.members.oauth_providers.get_*`) through the SDK's client, with the fake
//! providers (`FakeStytch::oauth_login`, `POST /__fake/oauth/{provider}/login`) playing the
//! provider's side.

use std::time::Duration;

use crate::support::*;
use stytch_b2b_otp_sms::discovery_intermediate_sessions::ExchangeRequest;
use stytch_b2b_otp_sms::oauth::{
    AuthenticateRequest as OAuthAuth, AuthenticateResponse as OAuthDone,
};
use stytch_b2b_otp_sms::oauth_discovery::AuthenticateRequest as DiscoveryAuth;
use stytch_b2b_otp_sms::organizations as orgs;
use stytch_b2b_otp_sms::organizations_members_oauth_providers as providers;
use stytch_b2b_otp_sms_fake::OAuthUser;

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// The organization token of `email` logging in to Acme at `provider`.
fn token(env: &Env, provider: &str, email: &str) -> String {
    env.fake
        .oauth_login(provider, OAuthUser::organization(email, env.org_id()))
        .unwrap()
        .token
}

async fn authenticate(env: &Env, request: OAuthAuth) -> Result<OAuthDone, Error> {
    env.client.oauth().authenticate(request).await
}

async fn update(env: &Env, request: orgs::UpdateRequest) {
    env.client.organizations().update(request).await.unwrap();
}

#[tokio::test]
async fn a_google_login_starts_a_session_with_an_oauth_factor_and_registers_the_member() {
    let env = env(MfaPolicy::Optional).await;
    let token = token(&env, "google", "grace@acme.test");
    let done = authenticate(&env, OAuthAuth::new(&token).session_duration_minutes(30))
        .await
        .unwrap();
    assert!(done.member_authenticated);
    assert_eq!(done.member_id, env.grace.member_id);
    assert_eq!(done.provider_type, "Google");
    assert!(!done.provider_subject.is_empty());
    assert!(!done.session_jwt.is_empty());
    let values = done.provider_values.clone().unwrap();
    assert!(
        values
            .access_token
            .unwrap()
            .starts_with("fake-google-access-token-")
    );
    let session = done.member_session.clone().unwrap();
    let factor = &session.authentication_factors[0];
    assert_eq!(
        (factor.r#type.as_str(), factor.delivery_method.as_str()),
        ("oauth", "oauth_google")
    );
    let google = factor.google_oauth_factor.clone().unwrap();
    assert_eq!(google.provider_subject, done.provider_subject);
    assert_eq!(done.member.oauth_registrations.len(), 1);
    assert_eq!(done.member.oauth_registrations[0].provider_type, "Google");
    // The token works once.
    expect_error(
        authenticate(&env, OAuthAuth::new(&token)).await,
        404,
        "oauth_token_not_found",
    );
    // A second login keeps one registration and the same subject.
    let again = authenticate(
        &env,
        OAuthAuth::new(self::token(&env, "google", "grace@acme.test")),
    )
    .await
    .unwrap();
    assert_eq!(again.provider_subject, done.provider_subject);
    assert_eq!(again.member.oauth_registrations.len(), 1);
}

#[tokio::test]
async fn tokens_expire_and_refused_logins_leave_them_usable() {
    let env = env(MfaPolicy::Optional).await;
    let token = token(&env, "microsoft", "grace@acme.test");
    expect_error(
        authenticate(&env, OAuthAuth::new(&token).session_duration_minutes(0)).await,
        400,
        "invalid_session_duration_minutes",
    );
    expect_error(
        authenticate(
            &env,
            OAuthAuth::new(&token).intermediate_session_token("nope"),
        )
        .await,
        404,
        "intermediate_session_not_found",
    );
    expect_error(
        authenticate(&env, OAuthAuth::new(&token).pkce_code_verifier("v")).await,
        400,
        "pkce_did_not_expect_code_verifier",
    );
    env.fake
        .advance_clock(Duration::from_secs(11 * 60))
        .unwrap();
    expect_error(
        authenticate(&env, OAuthAuth::new(&token)).await,
        404,
        "oauth_token_not_found",
    );
    expect_error(
        authenticate(&env, OAuthAuth::new("unknown")).await,
        404,
        "oauth_token_not_found",
    );
}

#[tokio::test]
async fn pkce_verifiers_are_checked() {
    let env = env(MfaPolicy::Optional).await;
    let verifier = "a-verifier-of-some-length-0123456789";
    let challenge = base64url_encode(&sha256(verifier.as_bytes()));
    let user =
        OAuthUser::organization("grace@acme.test", env.org_id()).pkce_code_challenge(&challenge);
    let token = env.fake.oauth_login("github", user).unwrap().token;
    expect_error(
        authenticate(&env, OAuthAuth::new(&token)).await,
        400,
        "pkce_expected_code_verifier",
    );
    expect_error(
        authenticate(&env, OAuthAuth::new(&token).pkce_code_verifier("wrong")).await,
        400,
        "pkce_mismatch",
    );
    let done = authenticate(&env, OAuthAuth::new(&token).pkce_code_verifier(verifier))
        .await
        .unwrap();
    assert!(done.member_authenticated);
}

fn sha256(bytes: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).to_vec()
}

#[tokio::test]
async fn mfa_and_restricted_auth_methods_apply() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let done = authenticate(&env, OAuthAuth::new(token(&env, "google", "ada@acme.test")))
        .await
        .unwrap();
    assert!(!done.member_authenticated);
    assert!(done.mfa_required.is_some());
    assert!(!done.intermediate_session_token.is_empty());
    assert!(done.session_token.is_empty());

    let env = self::env(MfaPolicy::Optional).await;
    update(
        &env,
        orgs::UpdateRequest::new(env.org_id())
            .auth_methods("RESTRICTED")
            .allowed_auth_methods(strings(&["magic_link"])),
    )
    .await;
    let done = authenticate(
        &env,
        OAuthAuth::new(token(&env, "google", "grace@acme.test")),
    )
    .await
    .unwrap();
    assert!(!done.member_authenticated);
    assert!(done.primary_required.is_some());
    update(
        &env,
        orgs::UpdateRequest::new(env.org_id()).allowed_auth_methods(strings(&["google_oauth"])),
    )
    .await;
    let done = authenticate(
        &env,
        OAuthAuth::new(token(&env, "google", "grace@acme.test")),
    )
    .await
    .unwrap();
    assert!(done.member_authenticated);
}

#[tokio::test]
async fn new_people_are_provisioned_by_tenant_or_email_domain_or_refused() {
    let env = env(MfaPolicy::Optional).await;
    expect_error(
        authenticate(&env, OAuthAuth::new(token(&env, "slack", "new@acme.test"))).await,
        400,
        "email_jit_provisioning_not_allowed",
    );
    update(
        &env,
        orgs::UpdateRequest::new(env.org_id())
            .oauth_tenant_jit_provisioning("RESTRICTED")
            .allowed_oauth_tenants(claims(json!({"slack": ["T-ACME"]}))),
    )
    .await;
    let user = OAuthUser::organization("new@elsewhere.test", env.org_id()).tenant("T-ACME");
    let token = env.fake.oauth_login("slack", user).unwrap().token;
    let done = authenticate(&env, OAuthAuth::new(&token)).await.unwrap();
    assert!(done.member_authenticated);
    assert_eq!(done.member.email_address, "new@elsewhere.test");
    assert_eq!(done.member.status, "active");
    // Another tenant is not provisioned.
    let user = OAuthUser::organization("other@elsewhere.test", env.org_id()).tenant("T-OTHER");
    let token = env.fake.oauth_login("slack", user).unwrap().token;
    expect_error(
        authenticate(&env, OAuthAuth::new(&token)).await,
        400,
        "email_jit_provisioning_not_allowed",
    );
    update(
        &env,
        orgs::UpdateRequest::new(env.org_id())
            .email_allowed_domains(strings(&["acme.test"]))
            .email_jit_provisioning("RESTRICTED"),
    )
    .await;
    let done = authenticate(
        &env,
        OAuthAuth::new(self::token(&env, "google", "newer@acme.test")),
    )
    .await
    .unwrap();
    assert!(done.member_authenticated);
    assert!(done.member.email_address_verified);
}

#[tokio::test]
async fn the_control_route_plays_each_provider() {
    let env = env(MfaPolicy::Optional).await;
    let body =
        json!({"email_address": "grace@acme.test", "organization_id": "acme-corp"}).to_string();
    let (status, answer) = env.raw("POST", "/__fake/oauth/hubspot/login", &body).await;
    assert_eq!(status, 200, "{answer}");
    let token = answer["oauth_token"].as_str().unwrap();
    let url = answer["redirect_url"].as_str().unwrap();
    assert!(url.starts_with("http://localhost:3000/authenticate?stytch_token_type=oauth&token="));
    authenticate(&env, OAuthAuth::new(token)).await.unwrap();

    let body = json!({"email_address": "grace@acme.test"}).to_string();
    let (status, answer) = env.raw("POST", "/__fake/oauth/google/login", &body).await;
    assert_eq!(status, 200, "{answer}");
    assert!(answer["discovery_oauth_token"].is_string());
    assert!(
        answer["redirect_url"]
            .as_str()
            .unwrap()
            .contains("stytch_token_type=discovery_oauth")
    );

    let got = env.raw("POST", "/__fake/oauth/apple/login", &body).await;
    expect_error_body(&got, 404, "oauth_provider_not_found");
    let body = json!({"email_address": "grace@acme.test", "organization_id": "nope"}).to_string();
    let got = env.raw("POST", "/__fake/oauth/google/login", &body).await;
    expect_error_body(&got, 404, "organization_not_found");
    let got = env
        .raw(
            "POST",
            "/__fake/oauth/google/login",
            r#"{"email_address": "x"}"#,
        )
        .await;
    expect_error_body(&got, 400, "invalid_email");
    assert!(
        env.fake
            .oauth_login("twitter", OAuthUser::discovery("a@b.test"))
            .is_err()
    );
}

#[tokio::test]
async fn discovery_logins_list_organizations_and_exchange_into_one() {
    let env = env(MfaPolicy::Optional).await;
    let redirect = env
        .fake
        .oauth_login("google", OAuthUser::discovery("grace@acme.test"))
        .unwrap();
    assert!(redirect.discovery);
    // A discovery token is not an organization one.
    expect_error(
        authenticate(&env, OAuthAuth::new(&redirect.token)).await,
        404,
        "oauth_token_not_found",
    );
    let done = env
        .client
        .oauth()
        .discovery()
        .authenticate(DiscoveryAuth::new(&redirect.token))
        .await
        .unwrap();
    assert_eq!(done.email_address, "grace@acme.test");
    assert_eq!(done.provider_type, "Google");
    assert_eq!(done.discovered_organizations.len(), 1);
    let exchanged = env
        .client
        .discovery()
        .intermediate_sessions()
        .exchange(ExchangeRequest::new(
            &done.intermediate_session_token,
            env.org_id(),
        ))
        .await
        .unwrap();
    assert!(exchanged.member_authenticated);
    let factor = &exchanged.member_session.unwrap().authentication_factors[0];
    assert_eq!(factor.delivery_method.as_str(), "oauth_google");
    expect_error(
        env.client
            .oauth()
            .discovery()
            .authenticate(DiscoveryAuth::new(&redirect.token))
            .await,
        404,
        "oauth_token_not_found",
    );
}

#[tokio::test]
async fn provider_tokens_are_read_per_provider() {
    let env = env(MfaPolicy::Optional).await;
    let members = env.client.organizations().members();
    let grace = &env.grace.member_id;
    expect_error(
        members
            .oauth_providers()
            .get_google(providers::GoogleRequest::new(env.org_id(), grace))
            .await,
        404,
        "member_oauth_token_not_found",
    );
    for provider in ["google", "microsoft", "github", "slack", "hubspot"] {
        let user = OAuthUser::organization("grace@acme.test", env.org_id()).tenant("T-1");
        let token = env.fake.oauth_login(provider, user).unwrap().token;
        authenticate(&env, OAuthAuth::new(&token)).await.unwrap();
    }
    let oauth = members.oauth_providers();
    let google = oauth
        .get_google(providers::GoogleRequest::new(env.org_id(), grace))
        .await
        .unwrap();
    assert_eq!(google.provider_type, "Google");
    assert!(google.refresh_token.is_none());
    assert!(google.access_token_expires_in.unwrap() > 3000);
    let google = oauth
        .get_google(providers::GoogleRequest::new(env.org_id(), grace).include_refresh_token(true))
        .await
        .unwrap();
    assert!(
        google
            .refresh_token
            .unwrap()
            .starts_with("fake-google-refresh-token-")
    );
    let microsoft = oauth
        .get_microsoft(
            providers::MicrosoftRequest::new("acme-corp", "ada-ext").include_refresh_token(true),
        )
        .await;
    expect_error(microsoft, 404, "member_oauth_token_not_found");
    let microsoft = oauth
        .get_microsoft(providers::MicrosoftRequest::new("acme-corp", grace))
        .await
        .unwrap();
    assert!(
        microsoft
            .access_token
            .starts_with("fake-microsoft-access-token-")
    );
    let github = oauth
        .get_github(providers::GithubRequest::new(env.org_id(), grace))
        .await
        .unwrap();
    assert_eq!(
        github.registrations[0].provider_tenant_ids,
        strings(&["T-1"])
    );
    let slack = oauth
        .get_slack(providers::SlackRequest::new(env.org_id(), grace))
        .await
        .unwrap();
    assert_eq!(slack.registrations[0].provider_tenant_id, "T-1");
    let hubspot = oauth
        .get_hubspot(
            providers::HubspotRequest::new(env.org_id(), grace).include_refresh_token(true),
        )
        .await
        .unwrap();
    assert!(hubspot.registrations[0].refresh_token.is_some());
    expect_error(
        oauth
            .get_slack(providers::SlackRequest::new(env.org_id(), "member-nope"))
            .await,
        404,
        "member_not_found",
    );
    let member = env
        .client
        .organizations()
        .members()
        .get(
            stytch_b2b_otp_sms::organizations_members::GetRequest::new(env.org_id())
                .member_id(grace),
        )
        .await
        .unwrap()
        .member;
    assert_eq!(member.oauth_registrations.len(), 5);
}

#[tokio::test]
async fn a_login_with_the_members_session_joins_it() {
    let env = env(MfaPolicy::Optional).await;
    let first = authenticate(
        &env,
        OAuthAuth::new(token(&env, "google", "grace@acme.test")),
    )
    .await
    .unwrap();
    let joined = authenticate(
        &env,
        OAuthAuth::new(token(&env, "github", "grace@acme.test"))
            .session_token(&first.session_token),
    )
    .await
    .unwrap();
    let session = joined.member_session.unwrap();
    assert_eq!(
        session.member_session_id,
        first.member_session.unwrap().member_session_id
    );
    let methods: Vec<&str> = session
        .authentication_factors
        .iter()
        .map(|f| f.delivery_method.as_str())
        .collect();
    assert_eq!(methods, ["oauth_google", "oauth_github"]);
    // Another member's session is ignored: a session of their own.
    let other = authenticate(
        &env,
        OAuthAuth::new(token(&env, "google", "ada@acme.test")).session_jwt(&joined.session_jwt),
    )
    .await
    .unwrap();
    assert_eq!(other.member_id, env.ada.member_id);
    assert_eq!(
        other.member_session.unwrap().authentication_factors.len(),
        1
    );
    expect_error(
        authenticate(
            &env,
            OAuthAuth::new(token(&env, "google", "grace@acme.test")).session_token("dead"),
        )
        .await,
        404,
        "session_not_found",
    );
}
