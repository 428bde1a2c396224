//! Connected Apps access tokens end to end: the fake's IdP authorize flow grants scopes (the
//! standard ones and the policy's custom scopes), `FakeStytch::issue_access_token` redeems the
//! code for a JWT; the SDK's local check accepts it (and an independent JWT library verifies
//! it with the fake's JWKS), its local scope checks decide as the fake does on the same
//! policy, and the token still exchanges, once, for a session.

use std::time::Duration;

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use stytch_b2b_otp_sms::idp::{AccessTokenClaims, IntrospectTokenLocalRequest};
use stytch_b2b_otp_sms::idp_oauth::AuthorizeRequest;
use stytch_b2b_otp_sms::rbac::{PolicyScope, PolicyScopePermission};
use stytch_b2b_otp_sms::sessions::{
    AuthorizationCheck, ExchangeAccessTokenRequest, GetJWKSRequest,
};
use stytch_b2b_otp_sms_fake::NewConnectedApp;

use crate::support::*;

const REDIRECT: &str = "https://tool.example/callback";

fn scope(name: &str, resource: &str, actions: &[&str]) -> PolicyScope {
    let mut permission = PolicyScopePermission::default();
    permission.resource_id = resource.into();
    permission.actions = actions.iter().map(|a| a.to_string()).collect();
    let mut scope = PolicyScope::default();
    scope.scope = name.into();
    scope.description = format!("{name} for tests");
    scope.permissions = vec![permission];
    scope
}

/// Ada's access token for a first-party app `tool` granted `scopes`.
async fn access_token(env: &Env, scopes: &[&str]) -> String {
    let _ = env.fake.register_connected_app(NewConnectedApp {
        connected_app_id: Some("tool".into()),
        name: "Tool".into(),
        description: "Reads documents".into(),
        client_type: "first_party".into(),
        logo_url: None,
        redirect_urls: vec![REDIRECT.into()],
    });
    let session = env.login(&env.ada).await;
    let scopes: Vec<String> = scopes.iter().map(|s| s.to_string()).collect();
    let done = env
        .client
        .idp()
        .oauth()
        .authorize(
            AuthorizeRequest::new(true, scopes, "tool", REDIRECT, "code")
                .session_token(&session.session_token),
        )
        .await
        .unwrap();
    let code = done.authorization_code.expect("a code");
    env.fake.issue_access_token(&code).unwrap()
}

fn policy_scopes(env: &Env) {
    env.fake.set_rbac_scopes(vec![
        scope("read:docs", "documents", &["read"]),
        scope("admin:docs", "documents", &["*"]),
        scope("write:images", "images", &["write"]),
    ]);
}

async fn local(env: &Env, request: IntrospectTokenLocalRequest) -> AccessTokenClaims {
    env.client
        .idp()
        .introspect_token_local(request)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_fakes_access_token_verifies_locally_and_with_an_independent_library() {
    let env = env(MfaPolicy::Optional).await;
    policy_scopes(&env);
    let token = access_token(&env, &["openid", "read:docs", "not-a-scope"]).await;

    let claims = local(
        &env,
        IntrospectTokenLocalRequest::new(&token)
            .client_id("tool")
            .require_scope("read:docs"),
    )
    .await;
    assert_eq!(claims.member_id, env.ada.member_id);
    assert_eq!(claims.organization_id, env.org_id());
    assert_eq!(claims.organization_slug.as_deref(), Some("acme-corp"));
    assert_eq!(
        claims.scopes,
        ["openid", "read:docs"],
        "ungrantable dropped"
    );
    assert_eq!(claims.client_id, "tool");
    assert_eq!(
        claims.issuer,
        format!("stytch.com/{}", env.fake.project_id())
    );
    assert_eq!(claims.audience, [env.fake.project_id()]);
    let lifetime = claims
        .expires_at
        .duration_since(claims.issued_at.unwrap())
        .unwrap();
    assert_eq!(lifetime, Duration::from_secs(3600));
    assert!(
        claims.custom_claims.is_empty(),
        "{:?}",
        claims.custom_claims
    );
    assert!(claims.verdict.is_none());

    // jsonwebtoken, with the keys the fake serves.
    let jwks = env
        .client
        .sessions()
        .get_jwks(GetJWKSRequest::new(env.fake.project_id()))
        .await
        .unwrap();
    let header = jsonwebtoken::decode_header(&token).unwrap();
    let key = jwks
        .keys
        .iter()
        .find(|k| Some(&k.kid) == header.kid.as_ref())
        .expect("the token's kid is served");
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&[env.fake.project_id()]);
    validation.set_issuer(&[format!("stytch.com/{}", env.fake.project_id())]);
    let decoded = jsonwebtoken::decode::<serde_json::Value>(
        &token,
        &DecodingKey::from_rsa_components(&key.n, &key.e).unwrap(),
        &validation,
    )
    .unwrap();
    assert_eq!(decoded.claims["scope"], "openid read:docs");
    assert_eq!(decoded.claims["sub"], env.ada.member_id.as_str());
    assert_eq!(
        decoded.claims["https://stytch.com/organization"]["organization_id"],
        env.org_id()
    );

    // What the request also requires.
    let refused = |request| async { env.client.idp().introspect_token_local(request).await };
    let e = refused(IntrospectTokenLocalRequest::new(&token).require_scope("admin:docs"))
        .await
        .unwrap_err();
    assert_eq!(e.error_type(), Some("insufficient_scope"), "{e}");
    let e = refused(IntrospectTokenLocalRequest::new(&token).client_id("other"))
        .await
        .unwrap_err();
    assert_eq!(e.error_type(), Some("invalid_access_token"), "{e}");
    assert!(!e.to_string().contains(&token[token.len() - 30..]), "{e}");

    // An hour later (the fake's clock, which the client reads), it has expired.
    env.fake.advance_clock(Duration::from_secs(3601)).unwrap();
    let e = refused(IntrospectTokenLocalRequest::new(&token))
        .await
        .unwrap_err();
    assert_eq!(e.error_type(), Some("access_token_expired"), "{e}");
}

#[tokio::test]
async fn local_scope_checks_decide_as_the_fake_does_on_the_same_policy() {
    let env = env(MfaPolicy::Optional).await;
    policy_scopes(&env);
    let reader = access_token(&env, &["openid", "read:docs"]).await;
    let admin = access_token(&env, &["admin:docs", "read:docs", "write:images"]).await;
    let org = env.org_id().to_owned();
    let cases = [
        (
            &reader,
            org.as_str(),
            "documents",
            "read",
            Ok(vec!["read:docs"]),
        ),
        (
            &reader,
            org.as_str(),
            "documents",
            "write",
            Err("invalid_permissions"),
        ),
        (
            &reader,
            org.as_str(),
            "images",
            "write",
            Err("invalid_permissions"),
        ),
        (
            &reader,
            "organization-test-other",
            "documents",
            "read",
            Err("tenancy_mismatch"),
        ),
        (
            &admin,
            org.as_str(),
            "documents",
            "read",
            Ok(vec!["read:docs", "admin:docs"]),
        ),
        (
            &admin,
            org.as_str(),
            "documents",
            "delete",
            Ok(vec!["admin:docs"]),
        ),
        (
            &admin,
            org.as_str(),
            "images",
            "write",
            Ok(vec!["write:images"]),
        ),
        (
            &admin,
            org.as_str(),
            "images",
            "read",
            Err("invalid_permissions"),
        ),
    ];
    for (token, organization, resource, action, expected) in cases {
        let check = AuthorizationCheck::new(organization, resource, action);
        let remote = env.fake.check_access_token_scopes(token, &check);
        let claims = local(&env, IntrospectTokenLocalRequest::new(token)).await;
        let standalone = env
            .client
            .idp()
            .authorize_scopes_local(&claims, &check)
            .await;
        let within = env
            .client
            .idp()
            .introspect_token_local(
                IntrospectTokenLocalRequest::new(token).authorization_check(check.clone()),
            )
            .await;
        let what = format!("{resource}:{action} in {organization}");
        match expected {
            Ok(scopes) => {
                assert_eq!(remote.unwrap(), scopes, "the fake, {what}");
                let verdict = standalone.unwrap();
                assert!(verdict.authorized);
                assert_eq!(verdict.granting_scopes, scopes, "local, {what}");
                let verdict = within.unwrap().verdict.expect("a verdict");
                assert_eq!(verdict.granting_scopes, scopes, "in the request, {what}");
            }
            Err(error_type) => {
                assert_eq!(
                    remote.unwrap_err().error_type,
                    error_type,
                    "the fake, {what}"
                );
                for e in [standalone.unwrap_err(), within.unwrap_err()] {
                    assert!(
                        matches!(e, stytch_b2b_otp_sms::Error::Authorization(_)),
                        "{e:?}"
                    );
                    assert_eq!(e.error_type(), Some(error_type), "local, {what}");
                }
            }
        }
    }

    // The policy changes on the fake: a new client (an empty policy cache) follows it.
    env.fake
        .set_rbac_scopes(vec![scope("read:docs", "documents", &["read", "write"])]);
    let check = AuthorizationCheck::new(&org, "documents", "write");
    let fresh = env.fake.client();
    let claims = fresh
        .idp()
        .introspect_token_local(IntrospectTokenLocalRequest::new(&reader))
        .await
        .unwrap();
    let verdict = fresh
        .idp()
        .authorize_scopes_local(&claims, &check)
        .await
        .unwrap();
    assert_eq!(verdict.granting_scopes, ["read:docs"]);
    assert_eq!(
        env.fake.check_access_token_scopes(&reader, &check).unwrap(),
        ["read:docs"]
    );
}

#[tokio::test]
async fn the_access_token_still_exchanges_once_for_a_session() {
    let env = env(MfaPolicy::Optional).await;
    let token = access_token(&env, &["openid"]).await;
    local(&env, IntrospectTokenLocalRequest::new(&token)).await;
    let sessions = env.client.sessions();
    let exchanged = sessions
        .exchange_access_token(ExchangeAccessTokenRequest::new(&token))
        .await
        .unwrap();
    assert_eq!(exchanged.member_id, env.ada.member_id);
    expect_error(
        sessions
            .exchange_access_token(ExchangeAccessTokenRequest::new(&token))
            .await,
        400,
        "oauth_access_token_exchange_token_invalid_grant",
    );

    // A tampered token (its payload's last character changed) is refused by both sides.
    let other = access_token(&env, &["openid"]).await;
    let mut parts: Vec<String> = other.split('.').map(str::to_owned).collect();
    let last = parts[1].pop().unwrap();
    parts[1].push(if last == 'A' { 'B' } else { 'A' });
    let tampered = parts.join(".");
    let e = env
        .client
        .idp()
        .introspect_token_local(IntrospectTokenLocalRequest::new(&tampered))
        .await
        .unwrap_err();
    assert_eq!(e.error_type(), Some("invalid_access_token"), "{e}");
    expect_error(
        sessions
            .exchange_access_token(ExchangeAccessTokenRequest::new(&tampered))
            .await,
        400,
        "oauth_access_token_exchange_token_invalid_grant",
    );
    // An expired one too, though never exchanged.
    env.fake.advance_clock(Duration::from_secs(3600)).unwrap();
    expect_error(
        sessions
            .exchange_access_token(ExchangeAccessTokenRequest::new(&other))
            .await,
        400,
        "oauth_access_token_exchange_token_invalid_grant",
    );
}

#[tokio::test]
async fn a_session_jwt_with_scope_custom_claims_is_no_access_token_on_either_side() {
    // A session JWT is signed by the same keys for the same issuer and audience, and its
    // custom claims may say `scope` and `client_id`: neither the SDK nor the fake may take
    // it for an access token granting those scopes.
    let env = env(MfaPolicy::Optional).await;
    policy_scopes(&env);
    let session = env.login(&env.ada).await;
    let mut claims = serde_json::Map::new();
    claims.insert("scope".into(), "admin:docs".into());
    claims.insert("client_id".into(), "tool".into());
    let with_claims = env
        .client
        .sessions()
        .authenticate(
            stytch_b2b_otp_sms::sessions::AuthenticateRequest::new()
                .session_token(&session.session_token)
                .session_custom_claims(claims),
        )
        .await
        .unwrap();
    let jwt = with_claims.session_jwt;
    let check = AuthorizationCheck::new(env.org_id(), "documents", "delete");

    let e = env
        .client
        .idp()
        .introspect_token_local(
            IntrospectTokenLocalRequest::new(&jwt).authorization_check(check.clone()),
        )
        .await
        .unwrap_err();
    assert_eq!(e.error_type(), Some("invalid_access_token"), "{e}");
    assert!(e.to_string().contains("session JWT"), "{e}");

    let e = env
        .fake
        .check_access_token_scopes(&jwt, &check)
        .unwrap_err();
    assert_eq!(
        e.error_type, "oauth_access_token_exchange_token_invalid_grant",
        "{e:?}"
    );
    let refused = env
        .client
        .sessions()
        .exchange_access_token(ExchangeAccessTokenRequest::new(&jwt))
        .await
        .unwrap_err();
    assert_eq!(
        refused.error_type(),
        Some("oauth_access_token_exchange_token_invalid_grant"),
        "{refused}"
    );
}
