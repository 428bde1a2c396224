//! Passwords through the SDK client: the strength check, setting a password through the
//! emailed reset link, authenticating (and the user lock), migrating hashes of every type
//! (made here by implementations other than the fake's verifiers), the reset flows and
//! discovery.

mod support;

use std::num::NonZeroU32;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use stytch_b2b_otp_sms::password::{
    Argon2Config, AuthenticateRequest as PasswordAuth, MD5Config, MigrateRequest,
    MigrateRequestHashType as HashType, PBKDF2Config, SHA1Config, SHA512Config, ScryptConfig,
    StrengthCheckRequest,
};
use stytch_b2b_otp_sms::passwords_discovery::AuthenticateRequest as DiscoveryAuth;
use stytch_b2b_otp_sms::passwords_discovery_email::{
    ResetRequest as DiscoveryReset, ResetStartRequest as DiscoveryResetStart,
};
use stytch_b2b_otp_sms::passwords_email::{RequireResetRequest, ResetRequest, ResetStartRequest};
use stytch_b2b_otp_sms::passwords_existing_password::ResetRequest as ExistingReset;
use stytch_b2b_otp_sms::passwords_session::ResetRequest as SessionReset;
use stytch_b2b_otp_sms::sessions::AuthenticateRequest as SessionAuth;
use stytch_b2b_otp_sms::{RetryPolicy, password};
use stytch_b2b_otp_sms_fake::EmailKind;
use support::*;

/// A password zxcvbn rates 4.
const STRONG: &str = "violet-anchor-maple-91-quartz";
const STRONGER: &str = "harbor lantern 47 sequoia drift";

fn auth(env: &Env, email: &str, pw: &str) -> PasswordAuth {
    PasswordAuth::new(env.org_id(), email, pw)
}

async fn authenticate(
    env: &Env,
    email: &str,
    pw: &str,
) -> Result<password::AuthenticateResponse, Error> {
    env.client
        .passwords()
        .authenticate(auth(env, email, pw))
        .await
}

/// The token of the last email of `kind` to `email`, checking its link.
fn emailed_token(env: &Env, email: &str, kind: EmailKind, token_type: &str) -> String {
    let sent = env.fake.last_email(email).expect("an email was sent");
    assert_eq!(sent.kind, kind);
    let token = sent.token.expect("a link's token");
    let url = sent.url.expect("a link");
    assert!(
        url.contains(&format!("stytch_token_type={token_type}")),
        "{url}"
    );
    assert!(url.contains("token="), "{url}");
    token
}

/// Sets a member's password through the emailed reset link; answers the reset's response.
async fn set_password(
    env: &Env,
    member: &Member,
    pw: &str,
) -> stytch_b2b_otp_sms::passwords_email::ResetResponse {
    let email = &member.email_address;
    env.client
        .passwords()
        .email()
        .reset_start(ResetStartRequest::new(&member.organization_id, email))
        .await
        .unwrap();
    let token = emailed_token(
        env,
        email,
        EmailKind::PasswordReset,
        "multi_tenant_passwords",
    );
    env.client
        .passwords()
        .email()
        .reset(ResetRequest::new(token, pw))
        .await
        .unwrap()
}

fn factor_kinds(
    session: &Option<stytch_b2b_otp_sms::sessions::MemberSession>,
) -> Vec<(String, String)> {
    session
        .as_ref()
        .expect("a member session")
        .authentication_factors
        .iter()
        .map(|f| {
            (
                f.r#type.as_str().to_owned(),
                f.delivery_method.as_str().to_owned(),
            )
        })
        .collect()
}

async fn session_alive(env: &Env, token: &str) -> bool {
    env.client
        .sessions()
        .authenticate(SessionAuth::new().session_token(token))
        .await
        .is_ok()
}

#[tokio::test]
async fn strength_check_uses_zxcvbn_and_the_breach_list() {
    let env = env(MfaPolicy::Optional).await;
    let check = |pw: &str| {
        env.client
            .passwords()
            .strength_check(StrengthCheckRequest::new(pw))
    };

    let weak = check("password").await.unwrap();
    assert!(
        !weak.valid_password && weak.breached_password && weak.score < 3,
        "{weak:?}"
    );
    assert_eq!(weak.strength_policy, "zxcvbn");
    assert!(weak.breach_detection_on_create);
    let feedback = weak.zxcvbn_feedback.unwrap();
    assert!(
        !feedback.warning.is_empty() && !feedback.suggestions.is_empty(),
        "{feedback:?}"
    );
    let luds = weak.luds_feedback.unwrap();
    assert!(luds.has_lower_case && !luds.has_upper_case && !luds.has_digit && !luds.has_symbol);

    let strong = check(STRONG).await.unwrap();
    assert!(
        strong.valid_password && !strong.breached_password && strong.score >= 3,
        "{strong:?}"
    );
    assert_eq!(strong.zxcvbn_feedback.unwrap().warning, "");

    // Rated strong by zxcvbn, yet famous from breaches.
    let famous = check("correcthorsebatterystaple").await.unwrap();
    assert!(famous.score >= 3 && famous.breached_password && !famous.valid_password);

    // The email address counts as a guess.
    let own = env
        .client
        .passwords()
        .strength_check(
            StrengthCheckRequest::new("adalovelace1815").email_address("adalovelace1815@acme.test"),
        )
        .await
        .unwrap();
    assert!(!own.valid_password, "{own:?}");
}

#[tokio::test]
async fn the_reset_link_sets_a_password_that_then_logs_in() {
    let env = env(MfaPolicy::Optional).await;
    let (ada, email) = (&env.ada, env.ada.email_address.as_str());
    expect_error(
        authenticate(&env, email, STRONG).await,
        401,
        "unauthorized_credentials",
    );

    let started = env
        .client
        .passwords()
        .email()
        .reset_start(
            ResetStartRequest::new(env.org_id(), email)
                .reset_password_redirect_url("https://app.test/reset"),
        )
        .await
        .unwrap();
    assert_eq!(started.member_id, ada.member_id);
    assert!(!started.member_email_id.is_empty());
    let sent = env.fake.last_email(email).unwrap();
    assert!(
        sent.url
            .as_deref()
            .unwrap()
            .starts_with("https://app.test/reset?")
    );
    let token = emailed_token(
        &env,
        email,
        EmailKind::PasswordReset,
        "multi_tenant_passwords",
    );

    // A weak password is refused before the token is spent.
    let reset = |pw: &str| {
        env.client
            .passwords()
            .email()
            .reset(ResetRequest::new(&token, pw))
    };
    expect_error(reset("password1").await, 400, "weak_password");
    let done = reset(STRONG).await.unwrap();
    assert!(
        done.member_authenticated && !done.session_token.is_empty() && !done.session_jwt.is_empty()
    );
    assert_eq!(done.member_email_id, started.member_email_id);
    assert!(!done.member.member_password_id.is_empty());
    assert!(done.member.email_address_verified);
    let kinds = factor_kinds(&done.member_session);
    assert!(
        kinds.contains(&("magic_link".into(), "email".into())),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("password".into(), "knowledge".into())),
        "{kinds:?}"
    );
    // Good once.
    expect_error(
        reset(STRONGER).await,
        404,
        "unable_to_auth_password_reset_token",
    );

    let login = authenticate(&env, email, STRONG).await.unwrap();
    assert!(login.member_authenticated && !login.session_jwt.is_empty());
    assert_eq!(login.member_id, ada.member_id);
    assert_eq!(
        factor_kinds(&login.member_session),
        vec![("password".into(), "knowledge".into())]
    );
    let payload = jwt_payload(&login.session_jwt);
    assert_eq!(payload["sub"], ada.member_id.as_str());

    // The organization's slug works as its id; the email in any case.
    let by_slug = env
        .client
        .passwords()
        .authenticate(PasswordAuth::new("acme-corp", email.to_uppercase(), STRONG))
        .await
        .unwrap();
    assert_eq!(by_slug.member_id, ada.member_id);
}

#[tokio::test]
async fn reset_links_expire_and_check_pkce() {
    let env = env(MfaPolicy::Optional).await;
    let email = env.grace.email_address.clone();
    let client = &env.client;
    let start = |r: ResetStartRequest| client.passwords().email().reset_start(r);
    expect_error(
        start(ResetStartRequest::new(env.org_id(), "nobody@acme.test")).await,
        404,
        "member_not_found",
    );
    expect_error(
        start(ResetStartRequest::new(env.org_id(), &email).reset_password_expiration_minutes(4))
            .await,
        400,
        "invalid_expiration_minutes",
    );

    // Expired after its 30 minutes.
    start(ResetStartRequest::new(env.org_id(), &email))
        .await
        .unwrap();
    let token = emailed_token(
        &env,
        &email,
        EmailKind::PasswordReset,
        "multi_tenant_passwords",
    );
    env.fake
        .advance_clock(Duration::from_secs(31 * 60))
        .unwrap();
    expect_error(
        env.client
            .passwords()
            .email()
            .reset(ResetRequest::new(&token, STRONG))
            .await,
        404,
        "unable_to_auth_password_reset_token",
    );

    // PKCE: the verifier whose SHA-256 is the challenge.
    let verifier = "a-code-verifier-of-enough-length-0123456789";
    let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
    let challenge = base64url_encode(digest.as_ref());
    start(ResetStartRequest::new(env.org_id(), &email).code_challenge(challenge))
        .await
        .unwrap();
    let token = emailed_token(
        &env,
        &email,
        EmailKind::PasswordReset,
        "multi_tenant_passwords",
    );
    let reset = |v: Option<&str>| {
        let mut r = ResetRequest::new(&token, STRONG);
        if let Some(v) = v {
            r = r.code_verifier(v);
        }
        env.client.passwords().email().reset(r)
    };
    expect_error(reset(None).await, 400, "pkce_expected_code_verifier");
    expect_error(reset(Some("another-verifier")).await, 400, "pkce_mismatch");
    reset(Some(verifier)).await.unwrap();
}

#[tokio::test]
async fn wrong_passwords_fail_alike_and_ten_in_a_row_lock_for_an_hour() {
    let env = env(MfaPolicy::Optional).await;
    let email = env.ada.email_address.clone();
    set_password(&env, &env.ada, STRONG).await;
    // Unknown email, member without a password, wrong password: one answer.
    expect_error(
        authenticate(&env, "nobody@acme.test", STRONG).await,
        401,
        "unauthorized_credentials",
    );
    expect_error(
        authenticate(&env, &env.grace.email_address, STRONG).await,
        401,
        "unauthorized_credentials",
    );
    expect_error(
        env.client
            .passwords()
            .authenticate(PasswordAuth::new("no-such-org", &email, STRONG))
            .await,
        404,
        "organization_not_found",
    );

    // A success clears the count.
    for _ in 0..9 {
        expect_error(
            authenticate(&env, &email, "wrong").await,
            401,
            "unauthorized_credentials",
        );
    }
    authenticate(&env, &email, STRONG).await.unwrap();
    for _ in 0..9 {
        expect_error(
            authenticate(&env, &email, "wrong").await,
            401,
            "unauthorized_credentials",
        );
    }
    assert!(!env.fake.member(&env.ada.member_id).unwrap().is_locked);
    // The tenth consecutive failure locks; then even the right password is refused.
    expect_error(
        authenticate(&env, &email, "wrong").await,
        401,
        "unauthorized_credentials",
    );
    let locked = env.fake.member(&env.ada.member_id).unwrap();
    assert!(
        locked.is_locked && locked.lock_expires_at.is_some(),
        "{locked:?}"
    );
    let no_retry = env.client.with_retry_policy(RetryPolicy::disabled());
    expect_error(
        no_retry
            .passwords()
            .authenticate(auth(&env, &email, STRONG))
            .await,
        429,
        "user_lock_limit_reached",
    );
    env.fake
        .advance_clock(Duration::from_secs(59 * 60))
        .unwrap();
    expect_error(
        no_retry
            .passwords()
            .authenticate(auth(&env, &email, STRONG))
            .await,
        429,
        "user_lock_limit_reached",
    );
    env.fake.advance_clock(Duration::from_secs(2 * 60)).unwrap();
    let login = authenticate(&env, &email, STRONG).await.unwrap();
    assert!(!login.member.is_locked && login.member.lock_expires_at.is_none());
}

#[tokio::test]
async fn mfa_organizations_answer_an_intermediate_session_after_the_password() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let email = env.ada.email_address.clone();
    env.fake
        .create_member(env.org_id(), NewMember::new("mia@acme.test"))
        .unwrap();
    let migrated = env
        .client
        .passwords()
        .migrate(MigrateRequest::new(
            &email,
            pwhash::bcrypt::hash(STRONG).unwrap(),
            HashType::Bcrypt,
            env.org_id(),
        ))
        .await
        .unwrap();
    assert!(!migrated.member_created);
    let before = env.fake.outbox().len();
    let pending = authenticate(&env, &email, STRONG).await.unwrap();
    assert!(!pending.member_authenticated && !pending.intermediate_session_token.is_empty());
    assert!(pending.session_token.is_empty() && pending.session_jwt.is_empty());
    assert!(pending.mfa_required.is_some());
    assert_eq!(
        env.fake.outbox().len(),
        before + 1,
        "the SMS is sent on the spot"
    );
    let code = env.fake.last_code(&env.ada.member_id).unwrap();
    let done = env
        .authenticate(
            env.auth(&env.ada, &code)
                .intermediate_session_token(&pending.intermediate_session_token),
        )
        .await
        .unwrap();
    let kinds: Vec<String> = done
        .member_session
        .unwrap()
        .authentication_factors
        .iter()
        .map(|f| f.r#type.as_str().to_owned())
        .collect();
    assert!(kinds.contains(&"password".to_owned()), "{kinds:?}");
}

/// Migrates `hash` for a new member and checks that exactly `pw` authenticates: a strong
/// one logs in, a weak one is verified but must be reset.
async fn migrated_login(env: &Env, email: &str, request: MigrateRequest, pw: &str, strong: bool) {
    let migrated = env.client.passwords().migrate(request).await.unwrap();
    assert!(migrated.member_created, "{email}");
    assert!(migrated.member.email_address_verified);
    assert!(!migrated.member.member_password_id.is_empty());
    assert_eq!(migrated.member.email_address, email);
    expect_error(
        authenticate(env, email, &format!("{pw}x")).await,
        401,
        "unauthorized_credentials",
    );
    let right = authenticate(env, email, pw).await;
    if strong {
        let login = right.unwrap_or_else(|e| panic!("{email}: {e}"));
        assert!(login.member_authenticated, "{email}");
    } else {
        expect_error(right, 401, "member_reset_password");
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn migrate(env: &Env, email: &str, hash: impl Into<String>, kind: HashType) -> MigrateRequest {
    MigrateRequest::new(email, hash, kind, env.org_id())
}

#[tokio::test]
async fn migrated_bcrypt_md5_sha1_sha512_hashes_authenticate() {
    let env = env(MfaPolicy::Optional).await;
    // bcrypt by pwhash (the fake verifies with the bcrypt crate).
    let setup = pwhash::bcrypt::BcryptSetup {
        cost: Some(5),
        variant: Some(pwhash::bcrypt::BcryptVariant::V2a),
        salt: None,
    };
    let bcrypt = pwhash::bcrypt::hash_with(setup, STRONG).unwrap();
    assert!(bcrypt.starts_with("$2a$05$"));
    migrated_login(
        &env,
        "b@acme.test",
        migrate(&env, "b@acme.test", bcrypt, HashType::Bcrypt),
        STRONG,
        true,
    )
    .await;

    // MD5 by the md5 crate, salts on both sides (the fake uses RustCrypto's md-5).
    let md5 = format!("{:x}", md5_reference::compute(format!("pre{STRONG}post")));
    let request =
        migrate(&env, "m@acme.test", md5, HashType::Md5).md_5_config(MD5Config::new("pre", "post"));
    migrated_login(&env, "m@acme.test", request, STRONG, true).await;
    // RFC 1321's own test vector, "message digest", split into salt and password.
    let request = migrate(
        &env,
        "rfc@acme.test",
        "F96B697D7CB7938D525A2F31AAF161D0",
        HashType::Md5,
    )
    .md_5_config(MD5Config::new("message ", ""));
    migrated_login(&env, "rfc@acme.test", request, "digest", false).await;

    // SHA-1 and SHA-512 by ring (the fake uses RustCrypto's sha1 and sha2).
    let sha1 = ring::digest::digest(
        &ring::digest::SHA1_FOR_LEGACY_USE_ONLY,
        format!("salt{STRONG}").as_bytes(),
    );
    let request = migrate(&env, "s1@acme.test", hex(sha1.as_ref()), HashType::Sha1)
        .sha_1_config(SHA1Config::new("salt", ""));
    migrated_login(&env, "s1@acme.test", request, STRONG, true).await;
    let sha512 = ring::digest::digest(&ring::digest::SHA512, format!("{STRONG}pepper").as_bytes());
    let request = migrate(&env, "s5@acme.test", hex(sha512.as_ref()), HashType::Sha512)
        .sha_512_config(SHA512Config::new("", "pepper"));
    migrated_login(&env, "s5@acme.test", request, STRONG, true).await;
    // Unsalted SHA-1 needs no config.
    let plain = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, STRONGER.as_bytes());
    migrated_login(
        &env,
        "s0@acme.test",
        migrate(&env, "s0@acme.test", hex(plain.as_ref()), HashType::Sha1),
        STRONGER,
        true,
    )
    .await;
}

#[tokio::test]
async fn migrated_argon2_scrypt_pbkdf2_phpass_hashes_authenticate() {
    let env = env(MfaPolicy::Optional).await;
    // argon2i as a PHC string and argon2id as hex with its config, by rust-argon2 (the fake
    // verifies with RustCrypto's argon2).
    let config = argon2_reference::Config {
        variant: argon2_reference::Variant::Argon2i,
        mem_cost: 256,
        time_cost: 2,
        ..argon2_reference::Config::default()
    };
    let phc = argon2_reference::hash_encoded(STRONG.as_bytes(), b"somesaltsalt", &config).unwrap();
    assert!(phc.starts_with("$argon2i$"));
    migrated_login(
        &env,
        "a1@acme.test",
        migrate(&env, "a1@acme.test", phc, HashType::Argon2i),
        STRONG,
        true,
    )
    .await;
    let config = argon2_reference::Config {
        variant: argon2_reference::Variant::Argon2id,
        mem_cost: 512,
        time_cost: 3,
        lanes: 2,
        hash_length: 24,
        ..argon2_reference::Config::default()
    };
    let raw = argon2_reference::hash_raw(STRONG.as_bytes(), b"plain-string-salt", &config).unwrap();
    let request = migrate(&env, "a2@acme.test", hex(&raw), HashType::Argon2id)
        .argon_2_config(Argon2Config::new("plain-string-salt", 3, 512, 2, 24));
    migrated_login(&env, "a2@acme.test", request, STRONG, true).await;

    // scrypt by Python's hashlib (OpenSSL): hashlib.scrypt(STRONG, salt=b"stytch-fake-salt",
    // n=1024, r=8, p=1, dklen=32), raw (base64) and as a PHC string.
    let request = migrate(
        &env,
        "sc@acme.test",
        "UOErzgSG2Ekcps0ep6Ejoejyq3gW7ds0Jr9DON+Axq0=",
        HashType::Scrypt,
    )
    .scrypt_config(ScryptConfig::new(
        "c3R5dGNoLWZha2Utc2FsdA==",
        1024,
        8,
        1,
        32,
    ));
    migrated_login(&env, "sc@acme.test", request, STRONG, true).await;
    let phc =
        "$scrypt$ln=10,r=8,p=1$c3R5dGNoLWZha2Utc2FsdA$UOErzgSG2Ekcps0ep6Ejoejyq3gW7ds0Jr9DON+Axq0";
    migrated_login(
        &env,
        "sp@acme.test",
        migrate(&env, "sp@acme.test", phc, HashType::Scrypt),
        STRONG,
        true,
    )
    .await;

    // PBKDF2-HMAC-SHA256 and -SHA512 by ring (the fake uses RustCrypto's pbkdf2).
    for (email, algorithm, ring_algorithm, len) in [
        (
            "p256@acme.test",
            "sha256",
            ring::pbkdf2::PBKDF2_HMAC_SHA256,
            32,
        ),
        (
            "p512@acme.test",
            "sha512",
            ring::pbkdf2::PBKDF2_HMAC_SHA512,
            64,
        ),
    ] {
        let salt = b"pbkdf2-salt-bytes";
        let mut out = vec![0u8; len];
        ring::pbkdf2::derive(
            ring_algorithm,
            NonZeroU32::new(1000).unwrap(),
            salt,
            STRONG.as_bytes(),
            &mut out,
        );
        let request = migrate(&env, email, STANDARD.encode(&out), HashType::Pbkdf2).pbkdf_2_config(
            PBKDF2Config::new(STANDARD.encode(salt), 1000, len as i32, algorithm),
        );
        migrated_login(&env, email, request, STRONG, true).await;
    }

    // phpass: the portable hash of "test12345" from phpass's own test.php. The password is
    // weak, so a correct one must be reset (validate on authentication).
    let request = migrate(
        &env,
        "wp@acme.test",
        "$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0",
        HashType::Phpass,
    );
    migrated_login(&env, "wp@acme.test", request, "test12345", false).await;
}

#[tokio::test]
async fn migrate_checks_hashes_and_existing_members() {
    let env = env(MfaPolicy::Optional).await;
    let email = env.grace.email_address.clone();
    let bad = |hash: &str, kind: HashType| {
        env.client
            .passwords()
            .migrate(migrate(&env, &email, hash, kind))
    };
    expect_error(
        bad("$1$notbcrypt", HashType::Bcrypt).await,
        400,
        "invalid_bcrypt_hash",
    );
    expect_error(bad("abc", HashType::Md5).await, 400, "invalid_md_5_hash");
    expect_error(bad("00", HashType::Sha1).await, 400, "invalid_sha_1_hash");
    expect_error(
        bad("abc", HashType::from("sha_3")).await,
        400,
        "invalid_hash_type",
    );
    expect_error(
        bad("$Q$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0", HashType::Phpass).await,
        400,
        "invalid_phpass_hash_prefix",
    );
    expect_error(bad("00ff", HashType::Argon2id).await, 400, "invalid_hash");
    let mismatch =
        migrate(&env, &email, STANDARD.encode([0u8; 16]), HashType::Pbkdf2).pbkdf_2_config(
            PBKDF2Config::new(STANDARD.encode(b"salt"), 10, 32, "sha256"),
        );
    expect_error(
        env.client.passwords().migrate(mismatch).await,
        400,
        "pbkdf_2_key_length_mismatch",
    );
    let bad_n = migrate(&env, &email, STANDARD.encode([0u8; 32]), HashType::Scrypt)
        .scrypt_config(ScryptConfig::new(STANDARD.encode(b"salt"), 1000, 8, 1, 32));
    expect_error(
        env.client.passwords().migrate(bad_n).await,
        400,
        "invalid_scrypt_n_parameter",
    );

    // An existing member gets the password (and the request's fields), once.
    let sha1 = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, STRONG.as_bytes());
    let request = migrate(&env, &email, hex(sha1.as_ref()), HashType::Sha1)
        .name("Grace B. Hopper")
        .mfa_phone_number("+15555550199")
        .set_phone_number_verified(true)
        .trusted_metadata(json!({"tier": "gold"}).as_object().unwrap().clone());
    let migrated = env
        .client
        .passwords()
        .migrate(request.clone())
        .await
        .unwrap();
    assert!(!migrated.member_created);
    assert_eq!(migrated.member_id, env.grace.member_id);
    assert_eq!(migrated.member.name, "Grace B. Hopper");
    assert_eq!(migrated.member.mfa_phone_number, "+15555550199");
    assert!(migrated.member.mfa_phone_number_verified && migrated.member.email_address_verified);
    assert_eq!(migrated.member.trusted_metadata["tier"], "gold");
    expect_error(
        env.client.passwords().migrate(request).await,
        400,
        "password_already_exists",
    );
    authenticate(&env, &email, STRONG).await.unwrap();
}

#[tokio::test]
async fn require_reset_refuses_the_password_until_a_reset() {
    let env = env(MfaPolicy::Optional).await;
    let email = env.ada.email_address.clone();
    set_password(&env, &env.ada, STRONG).await;
    expect_error(
        env.client
            .passwords()
            .email()
            .require_reset(RequireResetRequest::new("nobody@acme.test"))
            .await,
        404,
        "member_not_found",
    );
    let flagged = env
        .client
        .passwords()
        .email()
        .require_reset(RequireResetRequest::new(&email).organization_id(env.org_id()))
        .await
        .unwrap();
    assert_eq!(
        flagged.member_id.as_deref(),
        Some(env.ada.member_id.as_str())
    );
    assert_eq!(flagged.organization.unwrap().organization_id, env.org_id());
    expect_error(
        authenticate(&env, &email, STRONG).await,
        401,
        "member_reset_password",
    );
    expect_error(
        authenticate(&env, &email, "wrong").await,
        401,
        "unauthorized_credentials",
    );
    set_password(&env, &env.ada, STRONGER).await;
    authenticate(&env, &email, STRONGER).await.unwrap();
    expect_error(
        authenticate(&env, &email, STRONG).await,
        401,
        "unauthorized_credentials",
    );
}

#[tokio::test]
async fn session_reset_needs_a_recent_factor_and_keeps_only_its_session() {
    let env = env(MfaPolicy::Optional).await;
    let email = env.ada.email_address.clone();
    set_password(&env, &env.ada, STRONG).await;
    let other = authenticate(&env, &email, STRONG).await.unwrap();
    let current = authenticate(&env, &email, STRONG).await.unwrap();
    let reset = |pw: &str, token: &str| {
        env.client
            .passwords()
            .session()
            .reset(SessionReset::new(env.org_id(), pw).session_token(token))
    };
    expect_error(
        reset(STRONGER, "no-such-session").await,
        404,
        "session_not_found",
    );
    expect_error(
        reset("qwerty123", &current.session_token).await,
        400,
        "weak_password",
    );
    let done = reset(STRONGER, &current.session_token).await.unwrap();
    assert!(done.member_authenticated && !done.session_jwt.is_empty());
    assert_eq!(done.session_token, current.session_token);
    assert!(session_alive(&env, &current.session_token).await);
    assert!(
        !session_alive(&env, &other.session_token).await,
        "other sessions are revoked"
    );
    expect_error(
        authenticate(&env, &email, STRONG).await,
        401,
        "unauthorized_credentials",
    );
    authenticate(&env, &email, STRONGER).await.unwrap();

    // By JWT too; after five minutes without a new factor, refused.
    let fresh = authenticate(&env, &email, STRONGER).await.unwrap();
    env.fake.advance_clock(Duration::from_secs(6 * 60)).unwrap();
    expect_error(
        reset(STRONG, &fresh.session_token).await,
        400,
        "session_too_old_to_reset_password",
    );
    let renewed = authenticate(&env, &email, STRONGER).await.unwrap();
    env.client
        .passwords()
        .session()
        .reset(SessionReset::new(env.org_id(), STRONG).session_jwt(&renewed.session_jwt))
        .await
        .unwrap();
    authenticate(&env, &email, STRONG).await.unwrap();
}

#[tokio::test]
async fn existing_password_reset_checks_the_old_password() {
    let env = env(MfaPolicy::Optional).await;
    let email = env.ada.email_address.clone();
    set_password(&env, &env.ada, STRONG).await;
    let earlier = authenticate(&env, &email, STRONG).await.unwrap();
    let reset = |old: &str, new: &str| {
        env.client
            .passwords()
            .existing_password()
            .reset(ExistingReset::new(&email, old, new, env.org_id()))
    };
    expect_error(
        reset("wrong", STRONGER).await,
        401,
        "unauthorized_credentials",
    );
    expect_error(
        reset(STRONG, STRONG).await,
        400,
        "cannot_reset_password_with_existing_password",
    );
    expect_error(reset(STRONG, "letmein").await, 400, "weak_password");
    let done = reset(STRONG, STRONGER).await.unwrap();
    assert!(
        done.member_authenticated && !done.session_token.is_empty() && !done.session_jwt.is_empty()
    );
    assert!(
        !session_alive(&env, &earlier.session_token).await,
        "earlier sessions are revoked"
    );
    assert!(session_alive(&env, &done.session_token).await);
    expect_error(
        authenticate(&env, &email, STRONG).await,
        401,
        "unauthorized_credentials",
    );
    authenticate(&env, &email, STRONGER).await.unwrap();
}

#[tokio::test]
async fn discovery_authenticates_and_resets_across_organizations() {
    let env = env(MfaPolicy::Optional).await;
    let email = env.ada.email_address.clone();
    let beta = env
        .fake
        .create_organization(NewOrganization::new("Beta", "beta"))
        .unwrap();
    let ada_beta = env
        .fake
        .create_member(&beta.organization_id, NewMember::new(&email))
        .unwrap();

    // The discovery reset link sets the password of every membership.
    let discovery = env.client.passwords().discovery();
    expect_error(
        discovery
            .email()
            .reset_start(DiscoveryResetStart::new("nobody@nowhere.test"))
            .await,
        404,
        "member_not_found",
    );
    discovery
        .email()
        .reset_start(
            DiscoveryResetStart::new(&email)
                .reset_password_redirect_url("https://app.test/discover"),
        )
        .await
        .unwrap();
    let token = emailed_token(&env, &email, EmailKind::DiscoveryPasswordReset, "discovery");
    expect_error(
        discovery
            .email()
            .reset(DiscoveryReset::new(&token, "abc123"))
            .await,
        400,
        "weak_password",
    );
    let reset = discovery
        .email()
        .reset(DiscoveryReset::new(&token, STRONG))
        .await
        .unwrap();
    assert_eq!(reset.email_address, email);
    assert!(!reset.intermediate_session_token.is_empty());
    let orgs: Vec<String> = reset
        .discovered_organizations
        .iter()
        .map(|d| d.organization.as_ref().unwrap().organization_id.clone())
        .collect();
    assert!(
        orgs.contains(&env.org_id().to_owned()) && orgs.contains(&beta.organization_id),
        "{orgs:?}"
    );
    authenticate(&env, &email, STRONG).await.unwrap();
    let in_beta = env
        .client
        .passwords()
        .authenticate(PasswordAuth::new(&beta.organization_id, &email, STRONG))
        .await
        .unwrap();
    assert_eq!(in_beta.member_id, ada_beta.member_id);

    // Discovery authenticate: the same password, an intermediate session, the organizations.
    let found = discovery
        .authenticate(DiscoveryAuth::new(&email, STRONG))
        .await
        .unwrap();
    assert_eq!(found.email_address, email);
    assert!(!found.intermediate_session_token.is_empty());
    assert_eq!(found.discovered_organizations.len(), 2);
    assert!(
        found
            .discovered_organizations
            .iter()
            .all(|d| d.member_authenticated)
    );
    expect_error(
        discovery
            .authenticate(DiscoveryAuth::new(&email, "wrong"))
            .await,
        401,
        "unauthorized_credentials",
    );
    expect_error(
        discovery
            .authenticate(DiscoveryAuth::new("nobody@acme.test", STRONG))
            .await,
        401,
        "unauthorized_credentials",
    );
    // A required reset holds for discovery too.
    env.client
        .passwords()
        .email()
        .require_reset(RequireResetRequest::new(&email))
        .await
        .unwrap();
    expect_error(
        discovery
            .authenticate(DiscoveryAuth::new(&email, STRONG))
            .await,
        401,
        "member_reset_password",
    );
}
