//! The first half of the walk: seeded state, then the directory (organizations, members),
//! SMS codes, sessions, RBAC, TOTP and recovery codes, SCIM and SSO connections.

use std::time::UNIX_EPOCH;

use serde_json::{Value, json};
use stytch_b2b_otp_sms_fake::{
    FakeStytch, NewConnectedApp, NewMember, NewOrganization, OAuthUser, SsoUser,
};

use crate::{Step, Vars, op, text};

/// The member most steps act as.
pub const ADA: &str = "ada@walk.test";
/// Where the connected app sends its users back.
pub const REDIRECT: &str = "https://app.example/callback";
/// A certificate and a key the fake accepts for SAML (it does not parse them).
const CERT: &str = "-----BEGIN CERTIFICATE-----\nMIIBwalk\n-----END CERTIFICATE-----";
const KEY: &str = "-----BEGIN PRIVATE KEY-----\nMIIEwalk\n-----END PRIVATE KEY-----";

/// State made through the fake's own API: a second organization where Ada is also a member
/// (for session exchange and external SSO connections) and a third-party connected app.
pub fn seed(fake: &FakeStytch, vars: &mut Vars) {
    let two = fake
        .create_organization(NewOrganization::new("Walk Two", "walk-two"))
        .unwrap();
    fake.create_member(&two.organization_id, NewMember::new(ADA).name("Ada"))
        .unwrap();
    vars.insert("org2".into(), json!(two.organization_id));
    vars.insert("project_id".into(), json!(fake.project_id()));
    let app = fake
        .register_connected_app(NewConnectedApp {
            connected_app_id: Some("walk-app".into()),
            name: "Walk app".into(),
            description: "Reads your profile".into(),
            client_type: "third_party".into(),
            logo_url: None,
            redirect_urls: vec![REDIRECT.into()],
        })
        .unwrap();
    vars.insert("app".into(), json!(app));
}

/// Stores `value` as `name`.
pub fn set(vars: &mut Vars, name: &str, value: impl Into<Value>) {
    vars.insert(name.to_owned(), value.into());
}

/// The six-digit TOTP code of a base32 `secret` now on the fake's clock.
fn totp_code(fake: &FakeStytch, secret: &str) -> String {
    let key = data_encoding::BASE32_NOPAD
        .decode(secret.trim_end_matches('=').as_bytes())
        .expect("a base32 secret");
    let now = fake.now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    totp_lite::totp_custom::<totp_lite::Sha1>(30, 6, &key, now)
}

/// The first half's steps, in order.
pub fn all() -> Vec<Step> {
    let mut steps = directory();
    steps.extend(sessions());
    steps.extend(second_factors());
    steps.extend(scim());
    steps.extend(sso());
    steps
}

fn directory() -> Vec<Step> {
    let member = "PUT /v1/b2b/organizations/{organization_id}/members/{member_id}";
    vec![
        op(
            "POST /v1/b2b/organizations",
            json!({
                "organization_name": "Walk Co", "organization_slug": "walk-co",
                "external_id": "walk-co-ext", "email_allowed_domains": ["walk.test"],
                "email_invites": "RESTRICTED",
            }),
        )
        .keep("org", "/organization/organization_id"),
        op("GET /v1/b2b/organizations/{organization_id}", json!({}))
            .param("organization_id", "$org"),
        op(
            "PUT /v1/b2b/organizations/{organization_id}",
            json!({"organization_name": "Walk Company"}),
        )
        .param("organization_id", "$org"),
        op("POST /v1/b2b/organizations/search", json!({})),
        op(
            "GET /v1/b2b/organizations/{organization_id}/metrics",
            json!({}),
        )
        .param("organization_id", "$org"),
        op(
            "POST /v1/b2b/organizations/{organization_id}/members",
            json!({
                "email_address": ADA, "name": "Ada", "mfa_phone_number": "+15555550111",
                "external_id": "ada-ext",
            }),
        )
        .param("organization_id", "$org")
        .keep("ada", "/member_id"),
        op(
            "POST /v1/b2b/organizations/{organization_id}/members",
            json!({"email_address": "bob@walk.test"}),
        )
        .param("organization_id", "$org")
        .keep("bob", "/member_id"),
        op(
            "GET /v1/b2b/organizations/{organization_id}/member",
            json!({}),
        )
        .param("organization_id", "$org")
        .param("member_id", "$ada"),
        op(member, json!({"name": "Ada Lovelace"}))
            .param("organization_id", "$org")
            .param("member_id", "$ada"),
        op(
            "POST /v1/b2b/organizations/members/search",
            json!({"organization_ids": ["$org"]}),
        ),
        op(
            "GET /v1/b2b/organizations/members/dangerously_get/{member_id}",
            json!({}),
        )
        .param("member_id", "$ada"),
        op(
            "DELETE /v1/b2b/organizations/{organization_id}/members/{member_id}/external_id",
            json!({}),
        )
        .param("organization_id", "$org")
        .param("member_id", "$ada"),
        op(
            "DELETE /v1/b2b/organizations/{organization_id}/external_id",
            json!({}),
        )
        .param("organization_id", "$org"),
    ]
}

fn sessions() -> Vec<Step> {
    vec![
        op(
            "POST /v1/b2b/otps/sms/send",
            json!({"organization_id": "$org", "member_id": "$ada"}),
        ),
        op(
            "POST /v1/b2b/otps/sms/authenticate",
            json!({
                "organization_id": "$org", "member_id": "$ada", "code": "$sms_code",
                "intermediate_session_token": "$ist",
            }),
        )
        .before(|fake, vars| {
            let (org, ada) = (text(vars, "org"), text(vars, "ada"));
            set(vars, "sms_code", fake.last_code(&ada).expect("an SMS code"));
            set(
                vars,
                "ist",
                fake.mint_intermediate_session_token(&org, &ada).unwrap(),
            );
        })
        .keep("session_token", "/session_token")
        .keep("session_jwt", "/session_jwt"),
        op(
            "POST /v1/b2b/sessions/authenticate",
            json!({"session_token": "$session_token"}),
        ),
        op("GET /v1/b2b/sessions", json!({}))
            .param("organization_id", "$org")
            .param("member_id", "$ada"),
        op("GET /v1/b2b/sessions/jwks/{project_id}", json!({})).param("project_id", "$project_id"),
        op(
            "POST /v1/b2b/sessions/migrate",
            json!({"session_token": "walk-external", "organization_id": "$org"}),
        )
        .before(|fake, vars| {
            fake.grant_migration("walk-external", &text(vars, "org"), &text(vars, "ada"))
                .unwrap();
        })
        .keep("migrated_session", "/session_token"),
        op(
            "POST /v1/b2b/sessions/attest",
            json!({"profile_id": "walk-profile", "token": "walk-attested"}),
        )
        .before(|fake, vars| {
            let (org, ada) = (text(vars, "org"), text(vars, "ada"));
            fake.grant_trusted_auth_token("walk-profile", "walk-attested", &org, &ada)
                .unwrap();
        })
        .keep("attested_session", "/session_token"),
        op(
            "POST /v1/b2b/impersonation/authenticate",
            json!({"impersonation_token": "$impersonation"}),
        )
        .before(|fake, vars| {
            let (org, ada) = (text(vars, "org"), text(vars, "ada"));
            let minted = fake.impersonate(&org, &ada, None).unwrap();
            set(vars, "impersonation", minted.impersonation_token);
        }),
        op("GET /v1/b2b/rbac/policy", json!({})),
        op(
            "GET /v1/b2b/rbac/organizations/{organization_id}",
            json!({}),
        )
        .param("organization_id", "$org"),
        op(
            "PUT /v1/b2b/rbac/organizations/{organization_id}",
            json!({"org_policy": {"roles": []}}),
        )
        .param("organization_id", "$org"),
    ]
}

fn second_factors() -> Vec<Step> {
    let org_member = json!({"organization_id": "$org", "member_id": "$ada"});
    vec![
        op(
            "POST /v1/b2b/totp",
            json!({
                "organization_id": "$org", "member_id": "$ada", "session_token": "$session_token",
            }),
        )
        .keep("totp_secret", "/secret")
        .keep("recovery_code", "/recovery_codes/0"),
        op(
            "POST /v1/b2b/totp/authenticate",
            json!({
                "organization_id": "$org", "member_id": "$ada", "code": "$totp_code",
                "session_token": "$session_token",
            }),
        )
        .before(|fake, vars| {
            let code = totp_code(fake, &text(vars, "totp_secret"));
            set(vars, "totp_code", code);
        }),
        op(
            "GET /v1/b2b/recovery_codes/{organization_id}/{member_id}",
            json!({}),
        )
        .param("organization_id", "$org")
        .param("member_id", "$ada"),
        op("POST /v1/b2b/recovery_codes/rotate", org_member)
            .keep("recovery_code", "/recovery_codes/0"),
        op(
            "POST /v1/b2b/recovery_codes/recover",
            json!({
                "organization_id": "$org", "member_id": "$ada", "recovery_code": "$recovery_code",
                "session_token": "$session_token",
            }),
        ),
        op(
            "POST /v1/b2b/totp/migrate",
            json!({
                "organization_id": "$org", "member_id": "$bob",
                "secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "recovery_codes": ["walk-recovery-1"],
            }),
        ),
        op(
            "DELETE /v1/b2b/organizations/{organization_id}/members/{member_id}/totp",
            json!({}),
        )
        .param("organization_id", "$org")
        .param("member_id", "$bob"),
    ]
}

fn scim() -> Vec<Step> {
    let one = "/v1/b2b/scim/{organization_id}/connection/{connection_id}";
    let rotate = |what: &'static str| {
        op(what, json!({}))
            .param("organization_id", "$org")
            .param("connection_id", "$scim")
    };
    vec![
        op(
            "POST /v1/b2b/scim/{organization_id}/connection",
            json!({"display_name": "Walk SCIM"}),
        )
        .param("organization_id", "$org")
        .keep("scim", "/connection/connection_id"),
        op("GET /v1/b2b/scim/{organization_id}/connection", json!({}))
            .param("organization_id", "$org"),
        rotate(leak(format!("GET {one}"))),
        op(
            leak(format!("PUT {one}")),
            json!({"display_name": "Walk SCIM 2"}),
        )
        .param("organization_id", "$org")
        .param("connection_id", "$scim"),
        rotate(leak(format!("POST {one}/rotate/start"))),
        rotate(leak(format!("POST {one}/rotate/complete"))),
        rotate(leak(format!("POST {one}/rotate/start"))),
        rotate(leak(format!("POST {one}/rotate/cancel"))),
        rotate(leak(format!("DELETE {one}"))),
    ]
}

/// A key built at run time, for the life of the test.
fn leak(key: String) -> &'static str {
    Box::leak(key.into_boxed_str())
}

fn sso() -> Vec<Step> {
    let saml = "/v1/b2b/sso/saml/{organization_id}/connections/{connection_id}";
    let on = |step: Step, connection: &'static str| {
        step.param("organization_id", "$org")
            .param("connection_id", connection)
    };
    vec![
        op("POST /v1/b2b/sso/saml/{organization_id}", json!({"display_name": "Walk SAML"}))
            .param("organization_id", "$org")
            .keep("saml", "/connection/connection_id"),
        on(op(leak(format!("PUT {saml}")), json!({
            "idp_sso_url": "https://idp.test/sso", "idp_entity_id": "https://idp.test/entity",
            "x509_certificate": CERT, "saml_encryption_private_key": KEY,
        })), "$saml")
        .keep("certificate", "/connection/verification_certificates/0/certificate_id")
        .keep("private_key", "/connection/encryption_private_keys/0/private_key_id"),
        on(op(leak(format!("PUT {saml}/url")), json!({"metadata_url": "https://idp.test/metadata"})), "$saml"),
        op("POST /v1/b2b/sso/oidc/{organization_id}", json!({"display_name": "Walk OIDC"}))
            .param("organization_id", "$org")
            .keep("oidc", "/connection/connection_id"),
        on(op("PUT /v1/b2b/sso/oidc/{organization_id}/connections/{connection_id}", json!({
            "issuer": "https://idp.test", "client_id": "walk", "client_secret": "secret",
            "authorization_url": "https://idp.test/authorize", "token_url": "https://idp.test/token",
            "jwks_url": "https://idp.test/jwks",
        })), "$oidc"),
        op("POST /v1/b2b/sso/external/{organization_id}", json!({
            "external_organization_id": "$org", "external_connection_id": "$saml",
            "display_name": "Walk external",
        }))
        .param("organization_id", "$org2")
        .keep("external", "/connection/connection_id"),
        op("PUT /v1/b2b/sso/external/{organization_id}/connections/{connection_id}", json!({"display_name": "Walk external 2"}))
            .param("organization_id", "$org2")
            .param("connection_id", "$external"),
        op("GET /v1/b2b/sso/{organization_id}", json!({})).param("organization_id", "$org"),
        op("POST /v1/b2b/sso/authenticate", json!({"sso_token": "$sso_token"})).before(|fake, vars| {
            let login = fake.sso_login(&text(vars, "oidc"), SsoUser::new(ADA)).unwrap();
            set(vars, "sso_token", login.sso_token);
        }),
        op("GET /v1/b2b/organizations/{organization_id}/members/{member_id}/oidc_providers", json!({}))
            .param("organization_id", "$org")
            .param("member_id", "$ada"),
        on(op(leak(format!("DELETE {saml}/verification_certificates/{{certificate_id}}")), json!({})), "$saml")
            .param("certificate_id", "$certificate"),
        on(op(leak(format!("DELETE {saml}/encryption_private_keys/{{private_key_id}}")), json!({})), "$saml")
            .param("private_key_id", "$private_key"),
        on(op("DELETE /v1/b2b/sso/{organization_id}/connections/{connection_id}", json!({})), "$saml"),
    ]
}

/// A fake provider's organization login of Ada, kept as `oauth_token`.
pub fn oauth_login(provider: &'static str) -> impl Fn(&FakeStytch, &mut Vars) {
    move |fake, vars| {
        let user = OAuthUser::organization(ADA, &text(vars, "org"));
        let redirect = fake.oauth_login(provider, user).unwrap();
        set(vars, "oauth_token", redirect.token);
    }
}
