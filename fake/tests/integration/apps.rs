//! Impersonation, connected apps and the IdP authorize flow through the SDK client: tokens
//! minted as Stytch's dashboard would, consent and grants, listings and revocation, with
//! their error types.

use crate::support::*;
use stytch_b2b_otp_sms::idp_oauth::{AuthorizeRequest, AuthorizeStartRequest};
use stytch_b2b_otp_sms::impersonation::AuthenticateRequest as ImpersonateRequest;
use stytch_b2b_otp_sms::organizations as orgs;
use stytch_b2b_otp_sms::organizations_members as members;
use stytch_b2b_otp_sms::organizations_members_connected_apps as member_apps;
use stytch_b2b_otp_sms::sessions;
use stytch_b2b_otp_sms_fake::NewConnectedApp;

const REDIRECT: &str = "https://app.example/callback";

fn scopes(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn app(id: &str, client_type: &str) -> NewConnectedApp {
    NewConnectedApp {
        connected_app_id: Some(id.into()),
        name: format!("{id} app"),
        description: "Reads your profile".into(),
        client_type: client_type.into(),
        logo_url: None,
        redirect_urls: vec![REDIRECT.into()],
    }
}

#[tokio::test]
async fn an_impersonation_token_opens_a_short_session_once() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let minted = env
        .fake
        .impersonate("acme-corp", &env.ada.member_id, Some("agent@support.test"))
        .unwrap();
    let request = ImpersonateRequest::new(&minted.impersonation_token);
    let authed = env
        .client
        .impersonation()
        .authenticate(request.clone())
        .await
        .unwrap();
    // No MFA step, even though the organization requires MFA.
    assert!(authed.member_authenticated);
    assert_eq!(authed.member_id, env.ada.member_id);
    let session = authed.member_session.unwrap();
    let factor = &session.authentication_factors[0];
    assert_eq!(factor.r#type.as_str(), "impersonated");
    assert_eq!(factor.delivery_method.as_str(), "impersonation");
    let detail = factor.impersonated_factor.as_ref().unwrap();
    assert_eq!(detail.impersonator_email_address, "agent@support.test");
    assert!(!detail.impersonator_id.is_empty());
    assert_eq!(unix(&session.expires_at) - unix(&session.started_at), 3600);
    // Once per token.
    expect_error(
        env.client.impersonation().authenticate(request).await,
        401,
        "unable_to_auth_impersonation_token",
    );
    // The session cannot be extended.
    let extended = env
        .client
        .sessions()
        .authenticate(
            sessions::AuthenticateRequest::new()
                .session_token(&authed.session_token)
                .session_duration_minutes(600),
        )
        .await
        .unwrap();
    let after = extended.member_session;
    assert_eq!(after.expires_at, session.expires_at);
}

#[tokio::test]
async fn impersonation_tokens_expire_and_refuse_deleted_members() {
    let env = env(MfaPolicy::Optional).await;
    let minted = env.fake.impersonate("acme-corp", "ada-ext", None).unwrap();
    env.fake
        .advance_clock(std::time::Duration::from_secs(301))
        .unwrap();
    expect_error(
        env.client
            .impersonation()
            .authenticate(ImpersonateRequest::new(&minted.impersonation_token))
            .await,
        401,
        "unable_to_auth_impersonation_token",
    );
    let minted = env
        .fake
        .impersonate("acme-corp", &env.grace.member_id, None)
        .unwrap();
    env.client
        .organizations()
        .members()
        .delete(members::DeleteRequest::new(
            "acme-corp",
            &env.grace.member_id,
        ))
        .await
        .unwrap();
    expect_error(
        env.client
            .impersonation()
            .authenticate(ImpersonateRequest::new(&minted.impersonation_token))
            .await,
        404,
        "member_not_found",
    );
    assert!(
        env.fake
            .impersonate("acme-corp", &env.grace.member_id, None)
            .is_err()
    );
    // Over HTTP too.
    let got = env
        .raw(
            "POST",
            "/__fake/impersonation",
            &json!({"organization_id": "acme-corp", "member_id": env.ada.member_id}).to_string(),
        )
        .await;
    assert_eq!(got.0, 200, "{got:?}");
    assert!(got.1["impersonation_token"].is_string());
    expect_error(
        env.client
            .impersonation()
            .authenticate(ImpersonateRequest::new("nope"))
            .await,
        401,
        "unable_to_auth_impersonation_token",
    );
}

/// Starts and completes an authorization of `client_id` for Ada (by session token).
async fn authorize(env: &Env, client_id: &str, token: &str, granted: bool) -> (bool, String) {
    let idp = env.client.idp().oauth();
    let start = idp
        .authorize_start(
            AuthorizeStartRequest::new(client_id, REDIRECT, "code", scopes(&["openid", "email"]))
                .session_token(token),
        )
        .await
        .unwrap();
    let done = idp
        .authorize(
            AuthorizeRequest::new(
                granted,
                scopes(&["openid", "email"]),
                client_id,
                REDIRECT,
                "code",
            )
            .session_token(token)
            .state("xyz"),
        )
        .await
        .unwrap();
    (start.consent_required, done.redirect_uri)
}

#[tokio::test]
async fn consent_grants_apps_that_organizations_list_and_revoke() {
    let env = env(MfaPolicy::Optional).await;
    env.fake
        .register_connected_app(app("third", "third_party"))
        .unwrap();
    env.fake
        .register_connected_app(app("first", "first_party"))
        .unwrap();
    let login = env.login(&env.ada).await;
    let token = login.session_token.clone();

    let start = env
        .client
        .idp()
        .oauth()
        .authorize_start(
            AuthorizeStartRequest::new("third", REDIRECT, "code", scopes(&["openid", "admin"]))
                .session_token(&token),
        )
        .await
        .unwrap();
    assert!(start.consent_required);
    assert_eq!(start.client.client_name, "third app");
    assert_eq!(start.member_id, env.ada.member_id);
    assert!(start.scope_results[0].is_grantable);
    assert!(!start.scope_results[1].is_grantable);

    // Refused consent: an error in the redirect, nothing granted.
    let (_, uri) = authorize(&env, "third", &token, false).await;
    assert!(
        uri.starts_with(REDIRECT) && uri.contains("error=access_denied"),
        "{uri}"
    );
    let (required, uri) = authorize(&env, "third", &token, true).await;
    assert!(required);
    assert!(uri.contains("code=") && uri.contains("state=xyz"), "{uri}");
    // Granted once: no consent needed again; first-party apps never need it.
    assert!(!authorize(&env, "third", &token, true).await.0);
    assert!(!authorize(&env, "first", &token, true).await.0);

    let org_apps = env.client.organizations().connected_apps();
    let listed = org_apps
        .list(orgs::ConnectedAppsRequest::new("acme-corp"))
        .await
        .unwrap();
    let ids: Vec<&str> = listed
        .connected_apps
        .iter()
        .map(|a| a.connected_app_id.as_str())
        .collect();
    assert_eq!(ids, ["first", "third"]);
    let got = org_apps
        .get(orgs::GetConnectedAppRequest::new("acme-corp", "third"))
        .await
        .unwrap();
    assert_eq!(got.client_type, "third_party");
    assert_eq!(got.active_members[0].member_id, env.ada.member_id);
    assert_eq!(
        got.active_members[0].granted_scopes,
        scopes(&["openid", "email"])
    );

    let ada_apps = env.client.organizations().members().connected_apps();
    let mine = ada_apps
        .list(members::GetConnectedAppsRequest::new(
            "acme-corp",
            &env.ada.member_id,
        ))
        .await
        .unwrap();
    assert_eq!(mine.connected_apps.len(), 2);
    assert_eq!(mine.connected_apps[1].scopes_granted, "openid email");
    ada_apps
        .revoke(member_apps::RevokeRequest::new(
            "acme-corp",
            &env.ada.member_id,
            "third",
        ))
        .await
        .unwrap();
    let got = org_apps
        .get(orgs::GetConnectedAppRequest::new("acme-corp", "third"))
        .await
        .unwrap();
    assert!(got.active_members.is_empty());
    // Consent is due again after a revoke.
    assert!(authorize(&env, "third", &token, true).await.0);
}

#[tokio::test]
async fn the_authorize_flow_refuses_bad_requests() {
    let env = env(MfaPolicy::Optional).await;
    env.fake
        .register_connected_app(app("third", "third_party"))
        .unwrap();
    let idp = env.client.idp().oauth();
    let start = |client: &str, uri: &str, kind: &str| {
        AuthorizeStartRequest::new(client, uri, kind, scopes(&["openid"]))
            .organization_id("acme-corp")
            .member_id(env.ada.member_id.clone())
    };
    expect_error(
        idp.authorize_start(start("nope", REDIRECT, "code")).await,
        404,
        "connected_app_not_found",
    );
    expect_error(
        idp.authorize_start(start("third", "https://evil.test/", "code"))
            .await,
        400,
        "connected_app_supplied_redirect_url_not_found_in_client",
    );
    expect_error(
        idp.authorize_start(start("third", REDIRECT, "token")).await,
        400,
        "unsupported_response_type",
    );
    expect_error(
        idp.authorize_start(AuthorizeStartRequest::new(
            "third",
            REDIRECT,
            "code",
            scopes(&["openid"]),
        ))
        .await,
        400,
        "no_oauth_authorize_member_selector",
    );
    expect_error(
        idp.authorize_start(
            AuthorizeStartRequest::new("third", REDIRECT, "code", scopes(&["openid"]))
                .session_token("stale"),
        )
        .await,
        404,
        "session_not_found",
    );
    // The organization's policy.
    env.client
        .organizations()
        .update(
            orgs::UpdateRequest::new("acme-corp").third_party_connected_apps_allowed_type(
                orgs::UpdateRequestThirdPartyConnectedAppsAllowedType::NotAllowed,
            ),
        )
        .await
        .unwrap();
    expect_error(
        idp.authorize_start(start("third", REDIRECT, "code")).await,
        403,
        "connected_app_not_allowed_for_org",
    );
    // The listings' errors.
    expect_error(
        env.client
            .organizations()
            .connected_apps()
            .get(orgs::GetConnectedAppRequest::new("acme-corp", "nope"))
            .await,
        404,
        "connected_app_not_found",
    );
    expect_error(
        env.client
            .organizations()
            .members()
            .connected_apps()
            .revoke(member_apps::RevokeRequest::new(
                "acme-corp",
                "member-test-nope",
                "third",
            ))
            .await,
        404,
        "member_not_found",
    );
    expect_error(
        env.client
            .organizations()
            .connected_apps()
            .list(orgs::ConnectedAppsRequest::new("organization-test-nope"))
            .await,
        404,
        "organization_not_found",
    );
    // Registering.
    assert!(
        env.fake
            .register_connected_app(app("third", "third_party"))
            .is_err()
    );
    assert!(env.fake.register_connected_app(app("x", "robot")).is_err());
    let got = env
        .raw(
            "POST",
            "/__fake/connected_apps",
            &json!({"name": "CLI", "client_type": "first_party_public"}).to_string(),
        )
        .await;
    assert_eq!(got.0, 200, "{got:?}");
    assert!(
        got.1["connected_app_id"]
            .as_str()
            .unwrap()
            .starts_with("connected-app-test-")
    );
}

#[tokio::test]
async fn members_are_named_by_id_or_session_jwt_and_restricted_lists_apply() {
    let env = env(MfaPolicy::Optional).await;
    env.fake
        .register_connected_app(app("tool", "first_party"))
        .unwrap();
    env.fake
        .register_connected_app(app("other", "first_party"))
        .unwrap();
    env.client
        .organizations()
        .update(
            orgs::UpdateRequest::new("acme-corp")
                .first_party_connected_apps_allowed_type(
                    orgs::UpdateRequestFirstPartyConnectedAppsAllowedType::Restricted,
                )
                .allowed_first_party_connected_apps(scopes(&["tool"])),
        )
        .await
        .unwrap();
    let idp = env.client.idp().oauth();
    let by_id = idp
        .authorize_start(
            AuthorizeStartRequest::new("tool", REDIRECT, "code", scopes(&["openid"]))
                .organization_id("acme-ext")
                .member_id("ada-ext"),
        )
        .await
        .unwrap();
    assert_eq!(by_id.member_id, env.ada.member_id);
    assert!(!by_id.consent_required);
    let jwt = env.login(&env.ada).await.session_jwt;
    let done = idp
        .authorize(
            AuthorizeRequest::new(true, scopes(&["openid"]), "tool", REDIRECT, "code")
                .session_jwt(&jwt),
        )
        .await
        .unwrap();
    assert!(!done.authorization_code.unwrap_or_default().is_empty());
    // Both a member id and a session: refused.
    expect_error(
        idp.authorize(
            AuthorizeRequest::new(true, scopes(&["openid"]), "tool", REDIRECT, "code")
                .session_jwt(&jwt)
                .organization_id("acme-corp")
                .member_id(env.ada.member_id.clone()),
        )
        .await,
        400,
        "invalid_member_identifier",
    );
    // Not on the organization's allowed list.
    expect_error(
        idp.authorize(
            AuthorizeRequest::new(true, scopes(&["openid"]), "other", REDIRECT, "code")
                .session_jwt(&jwt),
        )
        .await,
        403,
        "connected_app_not_allowed_for_org",
    );
    // `prompt=consent` always asks.
    let again = idp
        .authorize_start(
            AuthorizeStartRequest::new("tool", REDIRECT, "code", scopes(&["openid"]))
                .session_jwt(&jwt)
                .prompt("consent"),
        )
        .await
        .unwrap();
    assert!(again.consent_required);
}
