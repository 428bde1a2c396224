//! Migrated hashes of every type, made here by implementations other than the fake's
//! verifiers (or taken from their algorithm's published test vectors).

use super::*;

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
async fn migrated_argon2_hashes_authenticate() {
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
}

#[tokio::test]
async fn migrated_scrypt_pbkdf2_phpass_hashes_authenticate() {
    let env = env(MfaPolicy::Optional).await;
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
