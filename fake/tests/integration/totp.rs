//! TOTP and recovery codes through the SDK client: the codes are computed here by a TOTP
//! implementation other than the fake's (`totp-lite`, with `data-encoding`'s base32), at the
//! fake's clock, and the registration's QR code is read back by a QR decoder (`rqrr`).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::support::*;
use stytch_b2b_otp_sms::recovery_codes::{GetRequest, RecoverRequest, RotateRequest};
use stytch_b2b_otp_sms::sessions::MemberSession;
use stytch_b2b_otp_sms::totp::{
    AuthenticateRequest as TotpAuthenticateRequest, CreateRequest, CreateResponse, MigrateRequest,
};

/// RFC 6238's SHA-1 test secret, "12345678901234567890", in base32.
const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

/// The six-digit code of a base32 secret at a time, by `totp-lite`.
fn code_at(secret: &str, at: SystemTime) -> String {
    let key = data_encoding::BASE32_NOPAD
        .decode(secret.as_bytes())
        .unwrap_or_else(|e| panic!("{secret:?} is not base32: {e}"));
    let seconds = at.duration_since(UNIX_EPOCH).unwrap().as_secs();
    totp_lite::totp_custom::<totp_lite::Sha1>(30, 6, &key, seconds)
}

/// The code of `secret` now on the fake's clock, shifted by `by` seconds.
fn code_now(env: &Env, secret: &str, by: i64) -> String {
    let now = env.fake.now();
    let at = if by >= 0 {
        now + Duration::from_secs(by.unsigned_abs())
    } else {
        now - Duration::from_secs(by.unsigned_abs())
    };
    code_at(secret, at)
}

/// The (type, delivery method) pairs of a session's factors.
fn factor_kinds(session: &MemberSession) -> Vec<(String, String)> {
    session
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

fn kinds(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(t, d)| ((*t).to_owned(), (*d).to_owned()))
        .collect()
}

/// Registers TOTP for a member without an MFA factor (no session argument needed).
async fn create(env: &Env, member: &Member) -> CreateResponse {
    env.client
        .totp()
        .create(CreateRequest::new(env.org_id(), &member.member_id))
        .await
        .unwrap()
}

fn totp_auth(member: &Member, code: &str) -> TotpAuthenticateRequest {
    TotpAuthenticateRequest::new(&member.organization_id, &member.member_id, code)
}

/// Creates and verifies a registration for Grace with an intermediate session; returns the
/// registration and the session token.
async fn enrolled_grace(env: &Env) -> (CreateResponse, String) {
    let created = create(env, &env.grace).await;
    let code = code_now(env, &created.secret, 0);
    let authed = env
        .client
        .totp()
        .authenticate(totp_auth(&env.grace, &code).intermediate_session_token(env.ist(&env.grace)))
        .await
        .unwrap();
    (created, authed.session_token)
}

/// Reads the QR code of a `data:image/png;base64, …` URL back to its text.
fn read_qr(data_url: &str) -> String {
    use base64::Engine as _;
    let payload = data_url
        .strip_prefix("data:image/png;base64,")
        .unwrap_or_else(|| panic!("not a PNG data URL: {data_url:.40}"));
    let png = base64::engine::general_purpose::STANDARD
        .decode(payload.trim())
        .unwrap();
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .unwrap();
    let mut pixels = vec![0; decoder.output_buffer_size().unwrap()];
    let info = decoder.next_frame(&mut pixels).unwrap();
    assert_eq!(info.color_type, png::ColorType::Grayscale);
    let (width, height) = (info.width as usize, info.height as usize);
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| pixels[y * width + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the image");
    grids[0].decode().unwrap().1
}

#[tokio::test]
async fn create_then_authenticate_with_an_intermediate_session_gives_both_factors() {
    let env = env(MfaPolicy::Optional).await;
    let created = create(&env, &env.grace).await;
    assert!(
        created
            .totp_registration_id
            .starts_with("member-totp-test-")
    );
    assert_eq!(created.secret.len(), 32);
    assert_eq!(created.recovery_codes.len(), 10);
    for code in &created.recovery_codes {
        let groups: Vec<&str> = code.split('-').collect();
        assert_eq!(groups.len(), 3, "{code}");
        assert!(groups.iter().all(|g| g.len() == 4), "{code}");
        assert!(
            code.bytes()
                .all(|b| b == b'-' || b.is_ascii_lowercase() || b.is_ascii_digit())
        );
    }
    // The QR code carries the otpauth URI of the secret.
    let uri = read_qr(&created.qr_code);
    assert!(uri.starts_with("otpauth://totp/"), "{uri}");
    assert!(uri.contains(&format!("secret={}", created.secret)), "{uri}");
    // Pending until a code is authenticated.
    assert_eq!(created.member.totp_registration_id, "");

    let code = code_now(&env, &created.secret, 0);
    let authed = env
        .client
        .totp()
        .authenticate(
            totp_auth(&env.grace, &code)
                .intermediate_session_token(env.ist(&env.grace))
                .set_mfa_enrollment("enroll"),
        )
        .await
        .unwrap();
    let session = authed.member_session.as_ref().unwrap();
    assert_eq!(
        factor_kinds(session),
        kinds(&[("magic_link", "email"), ("totp", "authenticator_app")])
    );
    let totp_factor = &session.authentication_factors[1];
    assert_eq!(
        totp_factor
            .authenticator_app_factor
            .as_ref()
            .unwrap()
            .totp_id,
        created.totp_registration_id
    );
    assert_eq!(
        authed.member.totp_registration_id,
        created.totp_registration_id
    );
    assert_eq!(authed.member.default_mfa_method, "totp");
    assert!(authed.member.mfa_enrolled);
    // The JWT lists the same factors.
    let payload = jwt_payload(&authed.session_jwt);
    let jwt_factors = &payload["https://stytch.com/session"]["authentication_factors"];
    let types: Vec<&str> = jwt_factors
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["magic_link", "totp"]);
    // Grace now has an active MFA factor: the fake's member says so too.
    let grace = env.fake.member(&env.grace.member_id).unwrap();
    assert_eq!(grace.totp_registration_id, created.totp_registration_id);
}

#[tokio::test]
async fn codes_outside_the_windows_around_now_are_refused() {
    let env = env(MfaPolicy::Optional).await;
    let created = create(&env, &env.grace).await;
    let totp = env.client.totp();
    for by in [-5 * 60, -90, 90, 10 * 60] {
        let code = code_now(&env, &created.secret, by);
        if code == code_now(&env, &created.secret, 0) {
            continue; // One in a million: the far code happens to be the current one.
        }
        let result = totp
            .authenticate(
                totp_auth(&env.grace, &code).intermediate_session_token(env.ist(&env.grace)),
            )
            .await;
        expect_error(result, 401, "unable_to_authenticate_totp");
    }
    // Malformed codes are told apart from wrong ones.
    let result = totp
        .authenticate(
            totp_auth(&env.grace, "12345").intermediate_session_token(env.ist(&env.grace)),
        )
        .await;
    expect_error(result, 400, "invalid_totp_code");
    let result = totp
        .authenticate(
            totp_auth(&env.grace, &created.recovery_codes[0])
                .intermediate_session_token(env.ist(&env.grace)),
        )
        .await;
    expect_error(result, 400, "recovery_code_used_as_totp_code");
    // The next window's code is accepted (an authenticator app a little ahead).
    let code = code_now(&env, &created.secret, 30);
    totp.authenticate(totp_auth(&env.grace, &code).intermediate_session_token(env.ist(&env.grace)))
        .await
        .unwrap();
}

#[tokio::test]
async fn the_code_follows_the_fake_clock_and_is_good_once() {
    let env = env(MfaPolicy::Optional).await;
    let created = create(&env, &env.grace).await;
    let first = code_now(&env, &created.secret, 0);
    let authed = env
        .client
        .totp()
        .authenticate(totp_auth(&env.grace, &first).intermediate_session_token(env.ist(&env.grace)))
        .await
        .unwrap();
    // The same code again, now on the session: already used.
    let result = env
        .client
        .totp()
        .authenticate(totp_auth(&env.grace, &first).session_token(&authed.session_token))
        .await;
    expect_error(result, 400, "totp_code_already_authenticated");

    env.fake
        .advance_clock(Duration::from_secs(10 * 60))
        .unwrap();
    let later = code_now(&env, &created.secret, 0);
    let result = env
        .client
        .totp()
        .authenticate(totp_auth(&env.grace, &first).session_token(&authed.session_token))
        .await;
    if later != first {
        expect_error(result, 401, "unable_to_authenticate_totp");
    }
    // The code of the new time, on the session: the factor is refreshed, not doubled.
    let stepped = env
        .client
        .totp()
        .authenticate(
            totp_auth(&env.grace, &later)
                .session_token(&authed.session_token)
                .session_duration_minutes(120),
        )
        .await
        .unwrap();
    let session = stepped.member_session.unwrap();
    assert_eq!(
        session.member_session_id,
        authed.member_session.unwrap().member_session_id
    );
    assert_eq!(
        factor_kinds(&session),
        kinds(&[("magic_link", "email"), ("totp", "authenticator_app")])
    );
    let extended = unix(&session.expires_at) - fake_now(&env.fake);
    assert!((120 * 60 - 2..=120 * 60).contains(&extended), "{extended}");
}

#[tokio::test]
async fn a_recovery_code_is_good_once() {
    let env = env(MfaPolicy::Optional).await;
    let (created, _) = enrolled_grace(&env).await;
    let codes = env.client.recovery_codes();
    let code = &created.recovery_codes[3];
    let recovered = codes
        .recover(
            RecoverRequest::new(env.org_id(), &env.grace.member_id, code)
                .intermediate_session_token(env.ist(&env.grace)),
        )
        .await
        .unwrap();
    assert_eq!(recovered.recovery_codes_remaining, 9);
    let session = recovered.member_session.unwrap();
    assert_eq!(
        factor_kinds(&session),
        kinds(&[("magic_link", "email"), ("recovery_codes", "recovery_code")])
    );
    assert!(
        !session.authentication_factors[1]
            .recovery_code_factor
            .as_ref()
            .unwrap()
            .totp_recovery_code_id
            .is_empty()
    );
    let types: Vec<String> =
        jwt_payload(&recovered.session_jwt)["https://stytch.com/session"]["authentication_factors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["type"].as_str().unwrap().to_owned())
            .collect();
    assert_eq!(types, ["magic_link", "recovery_codes"]);

    let again = codes
        .recover(
            RecoverRequest::new(env.org_id(), &env.grace.member_id, code)
                .intermediate_session_token(env.ist(&env.grace)),
        )
        .await;
    expect_error(again, 401, "unable_to_authenticate_recovery_code");
    // get lists the nine unused codes.
    let left = codes
        .get(GetRequest::new(env.org_id(), &env.grace.member_id))
        .await
        .unwrap();
    assert_eq!(left.recovery_codes.len(), 9);
    assert!(!left.recovery_codes.contains(code));
    // Without a session argument, recovery is refused.
    let bare = codes
        .recover(RecoverRequest::new(
            env.org_id(),
            &env.grace.member_id,
            &left.recovery_codes[0],
        ))
        .await;
    expect_error(bare, 400, "no_session_arguments");
}

#[tokio::test]
async fn rotating_invalidates_the_old_codes() {
    let env = env(MfaPolicy::Optional).await;
    let (created, session_token) = enrolled_grace(&env).await;
    let codes = env.client.recovery_codes();
    let rotated = codes
        .rotate(RotateRequest::new(env.org_id(), &env.grace.member_id))
        .await
        .unwrap();
    assert_eq!(rotated.recovery_codes.len(), 10);
    assert!(
        rotated
            .recovery_codes
            .iter()
            .all(|c| !created.recovery_codes.contains(c))
    );
    let old = codes
        .recover(
            RecoverRequest::new(
                env.org_id(),
                &env.grace.member_id,
                &created.recovery_codes[0],
            )
            .session_token(&session_token),
        )
        .await;
    expect_error(old, 401, "unable_to_authenticate_recovery_code");
    let new = codes
        .recover(
            RecoverRequest::new(
                env.org_id(),
                &env.grace.member_id,
                &rotated.recovery_codes[0],
            )
            .session_token(&session_token),
        )
        .await
        .unwrap();
    assert_eq!(new.recovery_codes_remaining, 9);
    assert_eq!(
        factor_kinds(&new.member_session.unwrap()),
        kinds(&[
            ("magic_link", "email"),
            ("totp", "authenticator_app"),
            ("recovery_codes", "recovery_code"),
        ])
    );
    // A member without TOTP has no recovery codes.
    let none = codes
        .get(GetRequest::new(env.org_id(), &env.ada.member_id))
        .await;
    expect_error(none, 400, "no_active_recovery_code_backed_factor");
}

#[tokio::test]
async fn a_migrated_secret_authenticates_at_once() {
    let env = env(MfaPolicy::Optional).await;
    let imported = vec!["aaaa-bbbb-cccc".to_owned(), "dddd-eeee-ffff".to_owned()];
    let migrated = env
        .client
        .totp()
        .migrate(MigrateRequest::new(
            env.org_id(),
            &env.ada.member_id,
            RFC_SECRET,
            imported.clone(),
        ))
        .await
        .unwrap();
    assert_eq!(migrated.recovery_codes, imported);
    assert_eq!(
        migrated.member.totp_registration_id,
        migrated.totp_registration_id
    );

    let code = code_now(&env, RFC_SECRET, 0);
    let authed = env
        .client
        .totp()
        .authenticate(totp_auth(&env.ada, &code).intermediate_session_token(env.ist(&env.ada)))
        .await
        .unwrap();
    assert_eq!(
        factor_kinds(authed.member_session.as_ref().unwrap()),
        kinds(&[("magic_link", "email"), ("totp", "authenticator_app")])
    );
    let recovered = env
        .client
        .recovery_codes()
        .recover(
            RecoverRequest::new(env.org_id(), &env.ada.member_id, "DDDD-EEEE-FFFF")
                .intermediate_session_token(env.ist(&env.ada)),
        )
        .await
        .unwrap();
    assert_eq!(recovered.recovery_codes_remaining, 1);
    // A second migration, or a new registration, meets the active one.
    let again = env
        .client
        .totp()
        .migrate(MigrateRequest::new(
            env.org_id(),
            &env.ada.member_id,
            RFC_SECRET,
            Vec::new(),
        ))
        .await;
    expect_error(again, 400, "active_totp_exists");
}

#[tokio::test]
async fn migrate_mints_codes_when_none_are_given_and_checks_the_secret() {
    let env = env(MfaPolicy::Optional).await;
    let minted = env
        .client
        .totp()
        .migrate(MigrateRequest::new(
            env.org_id(),
            &env.grace.member_id,
            RFC_SECRET,
            Vec::new(),
        ))
        .await
        .unwrap();
    assert_eq!(minted.recovery_codes.len(), 10);
    let linus = env
        .fake
        .create_member(env.org_id(), NewMember::new("linus@acme.test"))
        .unwrap();
    let bad = env
        .client
        .totp()
        .migrate(MigrateRequest::new(
            env.org_id(),
            &linus.member_id,
            "not base32!",
            Vec::new(),
        ))
        .await;
    expect_error(bad, 400, "invalid_argument");
    // Grace's TOTP is an active MFA factor now: an SMS enrollment needs a session.
    let send = env
        .client
        .otps()
        .sms()
        .send(
            env.send_request(&env.grace)
                .mfa_phone_number("+15555550188"),
        )
        .await;
    expect_error(send, 400, "session_required_for_mfa");
}

#[tokio::test]
async fn one_active_registration_and_no_bypass_of_an_existing_factor() {
    let env = env(MfaPolicy::Optional).await;
    // A pending registration is replaced by a new one: the old secret no longer works.
    let first = create(&env, &env.grace).await;
    let second = create(&env, &env.grace).await;
    assert_ne!(first.secret, second.secret);
    let old_code = code_now(&env, &first.secret, 0);
    if old_code != code_now(&env, &second.secret, 0) {
        let result = env
            .client
            .totp()
            .authenticate(
                totp_auth(&env.grace, &old_code).intermediate_session_token(env.ist(&env.grace)),
            )
            .await;
        expect_error(result, 401, "unable_to_authenticate_totp");
    }
    let code = code_now(&env, &second.secret, 0);
    let authed = env
        .client
        .totp()
        .authenticate(totp_auth(&env.grace, &code).intermediate_session_token(env.ist(&env.grace)))
        .await
        .unwrap();
    // Verified: a new one is refused, even with the session that completed it.
    let result = env
        .client
        .totp()
        .create(
            CreateRequest::new(env.org_id(), &env.grace.member_id)
                .session_token(&authed.session_token),
        )
        .await;
    expect_error(result, 400, "active_totp_exists");

    // A member with a verified phone needs a session that completed it.
    let linus = env
        .fake
        .create_member(
            env.org_id(),
            NewMember::new("linus@acme.test").verified_phone_number("+15555550177"),
        )
        .unwrap();
    let request = || CreateRequest::new(env.org_id(), &linus.member_id);
    expect_error(
        env.client.totp().create(request()).await,
        401,
        "insufficient_factors",
    );
    let with_ist = env
        .client
        .totp()
        .create(request().intermediate_session_token(env.ist(&linus)))
        .await;
    expect_error(with_ist, 401, "insufficient_factors");
    let sms = env.login(&linus).await;
    env.client
        .totp()
        .create(request().session_token(&sms.session_token))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_pending_registration_expires_and_arguments_are_checked() {
    let env = env(MfaPolicy::Optional).await;
    let created = env
        .client
        .totp()
        .create(CreateRequest::new(env.org_id(), &env.grace.member_id).expiration_minutes(5))
        .await
        .unwrap();
    let code = code_now(&env, &created.secret, 0);
    let bare = env
        .client
        .totp()
        .authenticate(totp_auth(&env.grace, &code))
        .await;
    expect_error(bare, 400, "no_session_arguments");
    env.fake.advance_clock(Duration::from_secs(6 * 60)).unwrap();
    let code = code_now(&env, &created.secret, 0);
    let late = env
        .client
        .totp()
        .authenticate(totp_auth(&env.grace, &code).intermediate_session_token(env.ist(&env.grace)))
        .await;
    expect_error(late, 400, "expired_totp");
    let out_of_range = env
        .client
        .totp()
        .create(CreateRequest::new(env.org_id(), &env.grace.member_id).expiration_minutes(4))
        .await;
    expect_error(out_of_range, 400, "invalid_expiration");
    // No registration at all.
    let code = code_now(&env, RFC_SECRET, 0);
    let none = env
        .client
        .totp()
        .authenticate(totp_auth(&env.ada, &code).intermediate_session_token(env.ist(&env.ada)))
        .await;
    expect_error(none, 404, "totp_not_found");
}
