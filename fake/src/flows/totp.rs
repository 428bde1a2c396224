//! TOTP (`totp.*`): authenticator app registration, RFC 6238 codes on the fake clock, migration.
//!
//! The rules are in `crate::state::mfa`; here the QR code is drawn and the session JWT
//! signed, both outside the lock.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

#[allow(unused_imports)]
use super::*;

/// Side of the QR code image in pixels (Stytch's are 256 × 256).
const QR_PIXELS: usize = 256;
/// White modules around the code, as the QR specification asks.
const QR_QUIET_ZONE: usize = 4;

pub(crate) fn create(
    shared: &Shared,
    request: api::totp::CreateRequest,
) -> Result<api::totp::CreateResponse, Failure> {
    let jwt = shared
        .verify_jwt(&request.session_jwt)
        .map_err(FakeError::into_failure)?;
    let created = shared
        .lock()
        .create_totp(&shared.project_id, request, jwt)
        .map_err(FakeError::into_failure)?;
    let qr_code = qr_data_url(&created.otpauth_uri).map_err(FakeError::into_failure)?;
    answer(
        "totp.create",
        json!({
            "member_id": created.member.member_id,
            "member": created.member,
            "organization": created.organization,
            "totp_registration_id": created.totp_registration_id,
            "secret": created.secret,
            "qr_code": qr_code,
            "recovery_codes": created.recovery_codes,
        }),
    )
}

pub(crate) fn authenticate(
    shared: &Shared,
    request: api::totp::AuthenticateRequest,
) -> Result<api::totp::AuthenticateResponse, Failure> {
    let jwt = shared
        .verify_jwt(&request.session_jwt)
        .map_err(FakeError::into_failure)?;
    let login = shared
        .lock()
        .authenticate_totp(&shared.project_id, request, jwt)
        .map_err(FakeError::into_failure)?;
    login_answer(shared, "totp.authenticate", login, json!({}))
}

pub(crate) fn migrate(
    shared: &Shared,
    request: api::totp::MigrateRequest,
) -> Result<api::totp::MigrateResponse, Failure> {
    let codes = shared
        .lock()
        .migrate_totp(request)
        .map_err(FakeError::into_failure)?;
    answer(
        "totp.migrate",
        json!({
            "member_id": codes.member.member_id,
            "member": codes.member,
            "organization": codes.organization,
            "totp_registration_id": codes.totp_registration_id,
            "recovery_codes": codes.recovery_codes,
        }),
    )
}

/// The QR code of `text` as Stytch answers it: a PNG data URL (`data:image/png;base64, …`,
/// with the space Stytch's examples show), black modules on white, 256 × 256.
pub(crate) fn qr_data_url(text: &str) -> Result<String, FakeError> {
    let code = qrcode::QrCode::new(text.as_bytes())
        .map_err(|e| internal(format_args!("encode a QR code: {e}")))?;
    let modules = code.width();
    let colors = code.to_colors();
    let side = modules + 2 * QR_QUIET_ZONE;
    let scale = (QR_PIXELS / side).max(1);
    let pixels = (side * scale).max(QR_PIXELS);
    let margin = (pixels - side * scale) / 2 + QR_QUIET_ZONE * scale;
    let mut image = vec![0xffu8; pixels * pixels];
    for (i, color) in colors.iter().enumerate() {
        if *color != qrcode::Color::Dark {
            continue;
        }
        let (x0, y0) = (
            margin + (i % modules) * scale,
            margin + (i / modules) * scale,
        );
        for y in y0..y0 + scale {
            image[y * pixels + x0..y * pixels + x0 + scale].fill(0);
        }
    }
    let side = u32::try_from(pixels).map_err(internal)?;
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    encoder
        .write_header()
        .and_then(|mut writer| {
            writer.write_image_data(&image)?;
            writer.finish()
        })
        .map_err(|e| internal(format_args!("write a QR code PNG: {e}")))?;
    Ok(format!("data:image/png;base64, {}", STANDARD.encode(png)))
}
