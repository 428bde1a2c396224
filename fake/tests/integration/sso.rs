//! SSO through the fake identity provider: SAML, OIDC and external connections (created,
//! updated, listed, deleted, their certificates and keys), the identity provider's login
//! (`FakeStytch::sso_login` and `POST /__fake/sso/{connection_id}/login`), and
//! `sso.authenticate` through the organization's rules (JIT provisioning, auth methods, MFA,
//! attribute mapping, implicit roles).

use std::time::Duration;

use crate::support::*;
use stytch_b2b_otp_sms::organizations::UpdateRequest as OrgUpdateRequest;
use stytch_b2b_otp_sms::organizations_members::OIDCProvidersRequest;
use stytch_b2b_otp_sms::rbac::{PolicyRole, PolicyRolePermission};
use stytch_b2b_otp_sms::sessions::{AuthenticateJwtLocalRequest, AuthorizationCheck};
use stytch_b2b_otp_sms::sso::{
    AuthenticateRequest as SsoAuthenticateRequest, DeleteConnectionRequest, GetConnectionsRequest,
    SAMLConnection, SAMLGroupImplicitRoleAssignment,
};
use stytch_b2b_otp_sms::{sso_external, sso_oidc, sso_saml};
use stytch_b2b_otp_sms_fake::SsoUser;

const CERT: &str = "-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----";
const KEY: &str = "-----BEGIN PRIVATE KEY-----\nMIIEtest\n-----END PRIVATE KEY-----";

/// The project's policy: `engineer` may write documents, members only read.
fn policy(env: &Env) {
    let role = |id: &str, actions: &[&str]| {
        PolicyRole::new(
            id,
            "",
            vec![PolicyRolePermission::new(
                "documents",
                actions.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
            )],
        )
    };
    env.fake.set_rbac_policy(vec![
        role("stytch_member", &["read"]),
        role("stytch_admin", &["*"]),
        role("engineer", &["write"]),
    ]);
}

/// A pending SAML connection of the env's organization.
async fn create_saml(env: &Env) -> SAMLConnection {
    env.client
        .sso()
        .saml()
        .connections()
        .create(sso_saml::CreateConnectionRequest::new(env.org_id()).display_name("Okta"))
        .await
        .unwrap()
        .connection
        .unwrap()
}

/// A SAML connection made active, mapping names and granting `engineer` to `engineers`.
async fn active_saml(env: &Env) -> SAMLConnection {
    policy(env);
    let created = create_saml(env).await;
    let mut mapping = serde_json::Map::new();
    mapping.insert("first_name".into(), json!("firstName"));
    mapping.insert("last_name".into(), json!("lastName"));
    let update = sso_saml::UpdateConnectionRequest::new(env.org_id(), &created.connection_id)
        .idp_sso_url("https://idp.test/sso")
        .idp_entity_id("https://idp.test/entity")
        .x509_certificate(CERT)
        .attribute_mapping(mapping)
        .saml_group_implicit_role_assignments(vec![SAMLGroupImplicitRoleAssignment::new(
            "engineer",
            "engineers",
        )]);
    env.client
        .sso()
        .saml()
        .connections()
        .update(update)
        .await
        .unwrap()
        .connection
        .unwrap()
}

async fn sso_authenticate(
    env: &Env,
    request: SsoAuthenticateRequest,
) -> Result<stytch_b2b_otp_sms::sso::AuthenticateResponse, Error> {
    env.client.sso().authenticate(request).await
}

#[tokio::test]
async fn saml_login_with_mfa_grants_the_group_role() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let created = create_saml(&env).await;
    assert_eq!(created.status, "pending");
    assert!(
        env.fake
            .organization(env.org_id())
            .unwrap()
            .sso_active_connections
            .is_empty()
    );
    let connection = active_saml(&env).await;
    assert_eq!(connection.status, "active");
    assert_eq!(connection.verification_certificates.len(), 1);
    let org = env.fake.organization(env.org_id()).unwrap();
    assert_eq!(
        org.sso_active_connections[0].connection_id,
        connection.connection_id
    );
    assert_eq!(
        org.sso_default_connection_id.as_deref(),
        Some(connection.connection_id.as_str())
    );

    // The identity provider logs Ada in (the control route).
    let body = json!({
        "email_address": "ada@acme.test",
        "attributes": {"firstName": "Ada", "lastName": "King"},
        "groups": ["engineers"],
    });
    let path = format!("/__fake/sso/{}/login", connection.connection_id);
    let (status, idp) = env.raw("POST", &path, &body.to_string()).await;
    assert_eq!(status, 200, "{idp}");
    let token = idp["sso_token"].as_str().unwrap();
    assert_eq!(
        idp["redirect_url"],
        format!("http://localhost:3000/authenticate?stytch_token_type=sso&token={token}")
    );

    let authed = sso_authenticate(&env, SsoAuthenticateRequest::new(token))
        .await
        .unwrap();
    assert!(!authed.member_authenticated);
    let mfa = authed.mfa_required.as_ref().expect("mfa_required");
    assert_eq!(
        serde_json::to_value(mfa).unwrap()["secondary_auth_initiated"],
        "sms_otp"
    );
    assert_eq!(authed.member.name, "Ada King");
    assert_eq!(
        authed.member.sso_registrations[0].connection_id,
        connection.connection_id
    );
    let code = env.fake.last_code(&env.ada.member_id).unwrap();
    let session = env
        .authenticate(
            env.auth(&env.ada, &code)
                .intermediate_session_token(&authed.intermediate_session_token),
        )
        .await
        .unwrap();
    let claims = jwt_payload(&session.session_jwt);
    let factors = &claims["https://stytch.com/session"]["authentication_factors"];
    let sso = factors
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["type"] == "sso")
        .expect("an sso factor");
    assert_eq!(sso["delivery_method"], "sso_saml");
    assert_eq!(
        sso["saml_sso_factor"]["provider_id"],
        connection.connection_id.as_str()
    );
    let roles: Vec<_> = session
        .member
        .roles
        .iter()
        .map(|r| r.role_id.as_str())
        .collect();
    assert!(roles.contains(&"engineer"), "{roles:?}");
    env.client
        .sessions()
        .authenticate_jwt_local(
            AuthenticateJwtLocalRequest::new(&session.session_jwt)
                .authorization_check(AuthorizationCheck::new(env.org_id(), "documents", "write")),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn inactive_and_unknown_connections_refuse_logins() {
    let env = env(MfaPolicy::Optional).await;
    let pending = create_saml(&env).await;
    let refused = env
        .fake
        .sso_login(&pending.connection_id, SsoUser::new("ada@acme.test"))
        .unwrap_err();
    assert_eq!(refused.error_type, "sso_connection_not_active");
    let unknown = env
        .fake
        .sso_login("saml-connection-test-nope", SsoUser::new("ada@acme.test"))
        .unwrap_err();
    assert_eq!(unknown.error_type, "sso_connection_not_found");
    let (status, body) = env
        .raw(
            "POST",
            &format!("/__fake/sso/{}/login", pending.connection_id),
            r#"{"email_address": "ada@acme.test"}"#,
        )
        .await;
    assert_eq!(
        (status, body["error_type"].as_str()),
        (400, Some("sso_connection_not_active"))
    );
}

#[tokio::test]
async fn tokens_work_once_and_expire() {
    let env = env(MfaPolicy::Optional).await;
    let connection = active_saml(&env).await;
    let login = env
        .fake
        .sso_login(&connection.connection_id, SsoUser::new("grace@acme.test"))
        .unwrap();
    let authed = sso_authenticate(&env, SsoAuthenticateRequest::new(&login.sso_token))
        .await
        .unwrap();
    assert!(authed.member_authenticated);
    assert_eq!(authed.member.member_id, env.grace.member_id);
    let again = sso_authenticate(&env, SsoAuthenticateRequest::new(&login.sso_token)).await;
    expect_error(again, 404, "sso_token_not_found");
    expect_error(
        sso_authenticate(&env, SsoAuthenticateRequest::new("nope")).await,
        404,
        "sso_token_not_found",
    );
    let late = env
        .fake
        .sso_login(&connection.connection_id, SsoUser::new("grace@acme.test"))
        .unwrap();
    env.fake
        .advance_clock(Duration::from_secs(11 * 60))
        .unwrap();
    expect_error(
        sso_authenticate(&env, SsoAuthenticateRequest::new(&late.sso_token)).await,
        404,
        "sso_token_not_found",
    );
}

#[tokio::test]
async fn jit_provisioning_follows_the_organization() {
    let env = env(MfaPolicy::Optional).await;
    let connection = active_saml(&env).await;
    let update = |jit: &str| OrgUpdateRequest::new(env.org_id()).sso_jit_provisioning(jit);
    env.client
        .organizations()
        .update(update("NOT_ALLOWED"))
        .await
        .unwrap();
    let user = SsoUser::new("newbie@acme.test").attribute("firstName", "Newt");
    let login = env.fake.sso_login(&connection.connection_id, user).unwrap();
    let refused = sso_authenticate(&env, SsoAuthenticateRequest::new(&login.sso_token)).await;
    expect_error(refused, 400, "invalid_connection_for_jit_provisioning");
    // A refused token is not spent: once the organization allows it, it provisions.
    let restricted = update("RESTRICTED")
        .sso_jit_provisioning_allowed_connections(vec![connection.connection_id.clone()]);
    env.client.organizations().update(restricted).await.unwrap();
    let authed = sso_authenticate(&env, SsoAuthenticateRequest::new(&login.sso_token))
        .await
        .unwrap();
    assert!(authed.member_authenticated);
    assert_eq!(authed.member.email_address, "newbie@acme.test");
    assert_eq!(authed.member.name, "Newt");
    assert!(authed.member.email_address_verified);
}

#[tokio::test]
async fn an_organization_without_sso_asks_for_another_primary_factor() {
    let env = env(MfaPolicy::Optional).await;
    let connection = active_saml(&env).await;
    let restrict = OrgUpdateRequest::new(env.org_id())
        .auth_methods("RESTRICTED")
        .allowed_auth_methods(vec!["magic_link".to_string()]);
    env.client.organizations().update(restrict).await.unwrap();
    let login = env
        .fake
        .sso_login(&connection.connection_id, SsoUser::new("grace@acme.test"))
        .unwrap();
    let authed = sso_authenticate(&env, SsoAuthenticateRequest::new(&login.sso_token))
        .await
        .unwrap();
    assert!(!authed.member_authenticated);
    assert!(authed.primary_required.is_some());
    assert!(!authed.intermediate_session_token.is_empty());
}

#[tokio::test]
async fn certificates_and_keys_are_listed_and_deletable() {
    let env = env(MfaPolicy::Optional).await;
    let connection = active_saml(&env).await;
    let saml = env.client.sso().saml();
    let id = &connection.connection_id;
    let with_key = saml
        .connections()
        .update(
            sso_saml::UpdateConnectionRequest::new(env.org_id(), id)
                .saml_encryption_private_key(KEY),
        )
        .await
        .unwrap()
        .connection
        .unwrap();
    let key_id = with_key.encryption_private_keys[0].private_key_id.clone();
    assert!(
        with_key.encryption_private_keys[0].private_key.is_empty(),
        "the key stays secret"
    );
    let delete_key = sso_saml::DeleteEncryptionPrivateKeyRequest::new(env.org_id(), id, &key_id);
    saml.connections()
        .encryption_private_keys()
        .delete(delete_key.clone())
        .await
        .unwrap();
    let again = saml
        .connections()
        .encryption_private_keys()
        .delete(delete_key)
        .await;
    expect_error(again, 404, "sso_encryption_private_key_not_found");
    let unknown = sso_saml::DeleteVerificationCertificateRequest::new(env.org_id(), id, "nope");
    expect_error(
        saml.connections()
            .verification_certificates()
            .delete(unknown)
            .await,
        404,
        "sso_verification_key_not_found",
    );
    let cert_id = &connection.verification_certificates[0].certificate_id;
    let delete = sso_saml::DeleteVerificationCertificateRequest::new(env.org_id(), id, cert_id);
    let deleted = saml
        .connections()
        .verification_certificates()
        .delete(delete)
        .await
        .unwrap();
    assert_eq!(&deleted.certificate_id, cert_id);
    // Without a certificate the connection is pending again, and logins are refused.
    let listed = env
        .client
        .sso()
        .connections()
        .list(GetConnectionsRequest::new(env.org_id()))
        .await
        .unwrap();
    assert_eq!(listed.saml_connections[0].status, "pending");
    assert!(
        listed.saml_connections[0]
            .verification_certificates
            .is_empty()
    );
    assert!(
        env.fake
            .organization(env.org_id())
            .unwrap()
            .sso_active_connections
            .is_empty()
    );
    let refused = env
        .fake
        .sso_login(id, SsoUser::new("ada@acme.test"))
        .unwrap_err();
    assert_eq!(refused.error_type, "sso_connection_not_active");
    // A bad certificate is refused; update_by_url checks its URL and fetches nothing.
    let bad = sso_saml::UpdateConnectionRequest::new(env.org_id(), id).x509_certificate("nope");
    expect_error(
        saml.connections().update(bad).await,
        400,
        "invalid_x509_certificate",
    );
    let by_url = sso_saml::UpdateByURLRequest::new(env.org_id(), id, "not a url");
    expect_error(
        saml.connections().update_by_url(by_url).await,
        400,
        "invalid_saml_metadata_url",
    );
    let by_url = sso_saml::UpdateByURLRequest::new(env.org_id(), id, "https://idp.test/metadata");
    let same = saml
        .connections()
        .update_by_url(by_url)
        .await
        .unwrap()
        .connection
        .unwrap();
    assert_eq!(same.status, "pending");
}

#[tokio::test]
async fn oidc_logins_register_oidc_providers() {
    let env = env(MfaPolicy::Optional).await;
    let oidc = env.client.sso().oidc().connections();
    let created = oidc
        .create(sso_oidc::CreateConnectionRequest::new(env.org_id()).display_name("Auth0"))
        .await
        .unwrap()
        .connection
        .unwrap();
    assert_eq!(created.status, "pending");
    let update = sso_oidc::UpdateConnectionRequest::new(env.org_id(), &created.connection_id)
        .issuer("https://idp.test")
        .client_id("client")
        .client_secret("secret");
    let answer = oidc.update(update).await.unwrap();
    assert!(answer.warning.is_some(), "no discovery document is fetched");
    assert_eq!(answer.connection.unwrap().status, "pending");
    let update = sso_oidc::UpdateConnectionRequest::new(env.org_id(), &created.connection_id)
        .authorization_url("https://idp.test/authorize")
        .token_url("https://idp.test/token")
        .jwks_url("https://idp.test/jwks");
    let active = oidc.update(update).await.unwrap().connection.unwrap();
    assert_eq!(active.status, "active");
    let login = env
        .fake
        .sso_login(
            &active.connection_id,
            SsoUser::new("ada@acme.test").subject("auth0|ada"),
        )
        .unwrap();
    let authed = sso_authenticate(&env, SsoAuthenticateRequest::new(&login.sso_token))
        .await
        .unwrap();
    let session = authed.member_session.unwrap();
    let factor = session
        .authentication_factors
        .iter()
        .find(|f| f.oidc_sso_factor.is_some())
        .unwrap();
    assert_eq!(factor.delivery_method.as_str(), "sso_oidc");
    assert_eq!(
        factor.oidc_sso_factor.as_ref().unwrap().external_id,
        "auth0|ada"
    );
    let providers = env
        .client
        .organizations()
        .members()
        .get_oidc_providers(OIDCProvidersRequest::new(env.org_id(), &env.ada.member_id))
        .await
        .unwrap();
    assert_eq!(providers.registrations.len(), 1);
    assert_eq!(
        providers.registrations[0].connection_id,
        active.connection_id
    );
    assert_eq!(providers.registrations[0].provider_subject, "auth0|ada");
    assert!(providers.registrations[0].refresh_token.is_none());
}

#[tokio::test]
async fn external_connections_and_deletion() {
    let env = env(MfaPolicy::Optional).await;
    let source = active_saml(&env).await;
    let other = env
        .fake
        .create_organization(NewOrganization::new("Partner", "partner"))
        .unwrap();
    env.fake
        .create_member(&other.organization_id, NewMember::new("ada@acme.test"))
        .unwrap();
    let external = env
        .client
        .sso()
        .external()
        .connections()
        .create(
            sso_external::CreateConnectionRequest::new(
                &other.organization_id,
                env.org_id(),
                &source.connection_id,
            )
            .display_name("Acme via partner"),
        )
        .await
        .unwrap()
        .connection
        .unwrap();
    assert_eq!(external.status, "active");
    let login = env
        .fake
        .sso_login(&external.connection_id, SsoUser::new("ada@acme.test"))
        .unwrap();
    let authed = sso_authenticate(&env, SsoAuthenticateRequest::new(&login.sso_token))
        .await
        .unwrap();
    assert_eq!(authed.organization_id, other.organization_id);
    let factor = &authed.member_session.unwrap().authentication_factors[0];
    assert_eq!(factor.delivery_method.as_str(), "sso_external");
    // Deleting the source takes the external connection with it.
    env.client
        .sso()
        .connections()
        .delete(DeleteConnectionRequest::new(
            env.org_id(),
            &source.connection_id,
        ))
        .await
        .unwrap();
    let listed = env
        .client
        .sso()
        .connections()
        .list(GetConnectionsRequest::new(&other.organization_id))
        .await
        .unwrap();
    assert!(listed.external_connections.is_empty());
    let org = env.fake.organization(env.org_id()).unwrap();
    assert!(org.sso_active_connections.is_empty());
    assert!(org.sso_default_connection_id.is_none());
    let again = env
        .client
        .sso()
        .connections()
        .delete(DeleteConnectionRequest::new(
            env.org_id(),
            &source.connection_id,
        ))
        .await;
    expect_error(again, 404, "sso_connection_not_found");
}

#[tokio::test]
async fn pkce_and_an_existing_session() {
    use sha2::Digest;
    let env = env(MfaPolicy::Optional).await;
    let connection = active_saml(&env).await;
    let verifier = "a-verifier-of-enough-length-for-pkce-0123456789";
    let challenge = base64url_encode(sha2::Sha256::digest(verifier.as_bytes()).as_slice());
    let user = SsoUser::new("grace@acme.test").pkce_code_challenge(challenge);
    let login = env.fake.sso_login(&connection.connection_id, user).unwrap();
    let without = sso_authenticate(&env, SsoAuthenticateRequest::new(&login.sso_token)).await;
    expect_error(without, 400, "pkce_expected_code_verifier");
    let wrong = SsoAuthenticateRequest::new(&login.sso_token).pkce_code_verifier("nope");
    expect_error(sso_authenticate(&env, wrong).await, 400, "pkce_mismatch");
    let right = SsoAuthenticateRequest::new(&login.sso_token).pkce_code_verifier(verifier);
    let first = sso_authenticate(&env, right).await.unwrap();
    // A second SSO login with that session joins it: the same session, the factor refreshed.
    let again = env
        .fake
        .sso_login(&connection.connection_id, SsoUser::new("grace@acme.test"))
        .unwrap();
    let joined = SsoAuthenticateRequest::new(&again.sso_token).session_token(&first.session_token);
    let second = sso_authenticate(&env, joined).await.unwrap();
    let (a, b) = (
        first.member_session.unwrap(),
        second.member_session.unwrap(),
    );
    assert_eq!(a.member_session_id, b.member_session_id);
    assert_eq!(b.authentication_factors.len(), 1);
    let unknown = env
        .fake
        .sso_login(&connection.connection_id, SsoUser::new("grace@acme.test"))
        .unwrap();
    let bad = SsoAuthenticateRequest::new(&unknown.sso_token).session_token("nope");
    expect_error(sso_authenticate(&env, bad).await, 404, "session_not_found");
    // The refused request left the token usable.
    sso_authenticate(&env, SsoAuthenticateRequest::new(&unknown.sso_token))
        .await
        .unwrap();
}
