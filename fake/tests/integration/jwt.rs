//! Session JWTs as Stytch signs them, checked with an independent JWT implementation
//! (`jsonwebtoken`) against the JWKS the fake serves over HTTP, and refused by the fake when
//! tampered with or expired.

use std::time::Duration;

use crate::support::*;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};

/// The fake's JWKS, fetched as a JWT library's user would: plain GET, no credentials.
async fn fetch_jwks(fake: &FakeStytch) -> (Value, JwkSet) {
    let response = http().get(fake.jwks_url()).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    let set: JwkSet = serde_json::from_value(body.clone()).unwrap();
    (body, set)
}

fn validation(fake: &FakeStytch) -> Validation {
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&[fake.project_id()]);
    validation.set_issuer(&[format!("stytch.com/{}", fake.project_id())]);
    validation.set_required_spec_claims(&["exp", "nbf", "iat", "sub", "iss", "aud"]);
    validation.validate_nbf = true;
    validation
}

fn key_for(set: &JwkSet, jwt: &str) -> DecodingKey {
    let header = decode_header(jwt).unwrap();
    assert_eq!(header.alg, Algorithm::RS256);
    let kid = header.kid.expect("the header names its key");
    DecodingKey::from_jwk(set.find(&kid).expect("the JWKS has the key")).unwrap()
}

#[tokio::test]
async fn session_jwts_verify_with_an_independent_library_and_the_served_jwks() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let ist = env.ist(&env.ada);
    let code = env.send(&env.ada).await;
    let mut custom = serde_json::Map::new();
    custom.insert("plan".into(), json!("enterprise"));
    let authed = env
        .authenticate(
            env.auth(&env.ada, &code)
                .intermediate_session_token(ist)
                .session_custom_claims(custom),
        )
        .await
        .unwrap();

    let (body, set) = fetch_jwks(&env.fake).await;
    // Stytch's GetJWKSResponse shape.
    assert_eq!(body["status_code"], 200);
    assert!(
        body["request_id"]
            .as_str()
            .unwrap()
            .starts_with("request-id-test-")
    );
    let jwk = &body["keys"][0];
    for field in [
        "kty", "use", "key_ops", "alg", "kid", "x5c", "x5tS256", "n", "e",
    ] {
        assert!(jwk.get(field).is_some(), "JWK field {field} missing: {jwk}");
    }
    assert_eq!(
        (jwk["kty"].as_str(), jwk["alg"].as_str()),
        (Some("RSA"), Some("RS256"))
    );

    let key = key_for(&set, &authed.session_jwt);
    let claims = decode::<Value>(&authed.session_jwt, &key, &validation(&env.fake))
        .expect("the JWT verifies")
        .claims;
    let session = authed.member_session.as_ref().unwrap();
    assert_eq!(claims["sub"], env.ada.member_id.as_str());
    assert_eq!(claims["aud"], json!([env.fake.project_id()]));
    let iat = claims["iat"].as_i64().unwrap();
    assert_eq!(claims["nbf"].as_i64(), Some(iat));
    assert_eq!(claims["exp"].as_i64(), Some(iat + 300));
    assert!((iat - fake_now(&env.fake)).abs() <= 5);
    let s = &claims["https://stytch.com/session"];
    assert_eq!(s["id"], session.member_session_id.as_str());
    assert_eq!(s["started_at"], session.started_at.as_str());
    assert_eq!(s["last_accessed_at"], session.last_accessed_at.as_str());
    assert_eq!(s["expires_at"], session.expires_at.as_str());
    assert_eq!(s["attributes"], json!({"ip_address": "", "user_agent": ""}));
    assert_eq!(s["roles"], json!(["stytch_member"]));
    let factors = s["authentication_factors"].as_array().unwrap();
    assert_eq!(factors.len(), 2, "{s}");
    assert_eq!(factors[1]["delivery_method"], "sms");
    assert_eq!(
        claims["https://stytch.com/organization"],
        json!({"organization_id": env.org_id(), "slug": "acme-corp"})
    );
    // Custom claims sit at the top level.
    assert_eq!(claims["plan"], "enterprise");

    // The JWT works as a session argument while it lives.
    let code = env.send_in_session(&env.ada, &authed.session_token).await;
    env.authenticate(env.auth(&env.ada, &code).session_jwt(&authed.session_jwt))
        .await
        .unwrap();
}

#[tokio::test]
async fn tampered_jwts_fail_in_the_library_and_in_the_fake() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let authed = env.login(&env.ada).await;
    let (_, set) = fetch_jwks(&env.fake).await;
    let key = key_for(&set, &authed.session_jwt);

    // Another member's id in the payload, the signature kept.
    let parts: Vec<&str> = authed.session_jwt.split('.').collect();
    let mut payload: Value = serde_json::from_slice(&base64url_decode(parts[1])).unwrap();
    payload["sub"] = json!(env.grace.member_id);
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        base64url_encode(&serde_json::to_vec(&payload).unwrap()),
        parts[2]
    );
    let err = decode::<Value>(&tampered, &key, &validation(&env.fake)).unwrap_err();
    assert_eq!(
        err.kind(),
        &jsonwebtoken::errors::ErrorKind::InvalidSignature,
        "{err}"
    );
    // A flipped bit in the signature.
    let mut sig = base64url_decode(parts[2]);
    sig[0] ^= 1;
    let bad_sig = format!("{}.{}.{}", parts[0], parts[1], base64url_encode(&sig));
    assert!(decode::<Value>(&bad_sig, &key, &validation(&env.fake)).is_err());
    // `alg: none`.
    let none = format!(
        "{}.{}.",
        base64url_encode(br#"{"alg":"none","typ":"JWT"}"#),
        parts[1]
    );

    for jwt in [&tampered, &bad_sig, &none] {
        let code = env.send_mfa(&env.ada).await;
        expect_error(
            env.authenticate(env.auth(&env.ada, &code).session_jwt(jwt))
                .await,
            401,
            "invalid_session_jwt",
        );
        expect_error(
            env.client
                .otps()
                .sms()
                .send(SendRequest::new(env.org_id(), &env.ada.member_id).session_jwt(jwt))
                .await,
            401,
            "invalid_session_jwt",
        );
    }
}

#[tokio::test]
async fn expired_jwts_are_refused_by_the_fake_and_the_library() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let authed = env.login(&env.ada).await;
    env.fake.advance_clock(Duration::from_secs(301)).unwrap();
    let code = env.send_mfa(&env.ada).await;
    expect_error(
        env.authenticate(env.auth(&env.ada, &code).session_jwt(&authed.session_jwt))
            .await,
        401,
        "session_jwt_expired",
    );
    // The session itself lives on: its token still works, and mints a fresh JWT.
    let fresh = env
        .authenticate(
            env.auth(&env.ada, &code)
                .session_token(&authed.session_token),
        )
        .await
        .unwrap();
    assert_ne!(fresh.session_jwt, authed.session_jwt);

    // The library checks times on the real clock: a JWT minted after the fake clock moved two
    // more hours ahead is, for it, not valid yet (`nbf`).
    env.fake
        .advance_clock(Duration::from_secs(2 * 3600))
        .unwrap();
    let future = env.login(&env.ada).await;
    let (_, set) = fetch_jwks(&env.fake).await;
    let err = decode::<Value>(
        &future.session_jwt,
        &key_for(&set, &future.session_jwt),
        &validation(&env.fake),
    )
    .unwrap_err();
    assert_eq!(
        err.kind(),
        &jsonwebtoken::errors::ErrorKind::ImmatureSignature,
        "{err}"
    );
}

#[tokio::test]
async fn the_jwks_route_checks_project_and_credentials() {
    let env = env(MfaPolicy::Optional).await;
    // Other project ids are not served.
    let other = format!(
        "{}/v1/b2b/sessions/jwks/project-test-other",
        env.fake.base_url()
    );
    let response = http().get(&other).send().await.unwrap();
    assert_eq!(response.status(), 404);
    let body: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    expect_error_body(&(404, body), 404, "project_not_found");
    // Wrong credentials are refused even where none are needed.
    let response = http()
        .get(env.fake.jwks_url())
        .basic_auth(env.fake.project_id(), Some("wrong"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    // Right ones are fine, as Stytch's backend SDKs send them.
    let (status, body) = env
        .raw(
            "GET",
            &format!("/v1/b2b/sessions/jwks/{}", env.fake.project_id()),
            "",
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["keys"][0]["kid"],
        stytch_b2b_otp_sms_fake::TEST_SIGNING_KEY_ID
    );
    assert_eq!(env.fake.jwks()["keys"], body["keys"]);
    // A percent-encoded project id is the same project (Stytch's official crate encodes `-`).
    let encoded = env.fake.project_id().replace('-', "%2D");
    let (status, _) = env
        .raw("GET", &format!("/v1/b2b/sessions/jwks/{encoded}"), "")
        .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_signing_key_that_is_not_pkcs8_rsa_is_refused_at_start() {
    let err = FakeStytch::builder()
        .signing_key(
            "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n",
            "k1",
        )
        .start()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    assert!(err.to_string().contains("PKCS#8"), "{err}");
    // The published test key under another kid works.
    let fake = FakeStytch::builder()
        .signing_key(stytch_b2b_otp_sms_fake::TEST_SIGNING_KEY_PEM, "my-kid")
        .start()
        .await
        .unwrap();
    assert_eq!(fake.jwks()["keys"][0]["kid"], "my-kid");
}

#[tokio::test]
async fn a_jwt_with_a_text_exp_is_refused_saying_so() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let authed = env.login(&env.ada).await;
    let mut claims = jwt_payload(&authed.session_jwt);
    claims["exp"] = json!(claims["exp"].to_string());
    let mut header = jsonwebtoken::Header::new(Algorithm::RS256);
    header.kid = Some(stytch_b2b_otp_sms_fake::TEST_SIGNING_KEY_ID.into());
    let key = jsonwebtoken::EncodingKey::from_rsa_pem(
        stytch_b2b_otp_sms_fake::TEST_SIGNING_KEY_PEM.as_bytes(),
    )
    .unwrap();
    let jwt = jsonwebtoken::encode(&header, &claims, &key).unwrap();
    let err = env
        .client
        .otps()
        .sms()
        .send(SendRequest::new(env.org_id(), &env.ada.member_id).session_jwt(jwt))
        .await
        .unwrap_err();
    assert_eq!(err.error_type(), Some("invalid_session_jwt"));
    assert!(
        err.to_string().contains("exp is not a number of seconds"),
        "{err}"
    );
}
