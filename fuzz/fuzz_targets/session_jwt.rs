//! Any text as a session JWT, against a fixed JWKS (the tests' keys), and any bytes as a
//! JWKS: never a panic; every refusal an `Error::Jwt` whose `Display` is one line and never
//! echoes the token (`tests/token_echo/mod.rs` says what counts as an echo; a piece of the
//! message's own text given as input does not). The first byte picks the mode.
#![no_main]

use std::time::{Duration, UNIX_EPOCH};

use libfuzzer_sys::fuzz_target;
use stytch_b2b_otp_sms::Error;
use stytch_b2b_otp_sms::__private::verify_session_jwt;

#[path = "../../tests/token_echo/mod.rs"]
mod token_echo;

const JWKS: &[u8] = include_bytes!("../../tests/fixtures/jwt/jwks.json");
const PROJECT: &str = "project-test-11111111-1111-1111-1111-111111111111";

fuzz_target!(|data: &[u8]| {
    let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let (jwt, jwks) = match data.split_first() {
        Some((0, rest)) => ("a.b.c".to_string(), rest),
        Some((_, rest)) => (String::from_utf8_lossy(rest).into_owned(), JWKS),
        None => (String::new(), JWKS),
    };
    match verify_session_jwt(&jwt, jwks, PROJECT, now) {
        Ok(claims) => assert!(claims.contains_key("exp")),
        Err(err @ Error::Jwt(_)) => {
            let text = err.to_string();
            assert!(!text.contains('\n') && !text.contains('\r'), "{text:?}");
            if let Some(piece) = token_echo::echoed_token(&text, &jwt) {
                panic!("{text:?} echoes {piece:?} of the token");
            }
            assert!(err.error_type().is_some());
        }
        Err(other) => panic!("not a JWT error: {other:?}"),
    }
});
