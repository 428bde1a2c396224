//! Any status and bytes as an error response: the error must be `Api` or `Http`, never panic,
//! and print on one line (`Display`) and in `Debug`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stytch_b2b_otp_sms::__private::error_for_response;
use stytch_b2b_otp_sms::Error;

fuzz_target!(|data: &[u8]| {
    let (status, body) = match data {
        [a, b, rest @ ..] => (u16::from_be_bytes([*a, *b]), rest),
        _ => (500, data),
    };
    let err = error_for_response(status, body);
    assert!(matches!(err, Error::Api(_) | Error::Http(_)), "{err:?}");
    let text = err.to_string();
    assert!(!text.contains('\n') && !text.contains('\r'), "{text:?}");
    let _ = format!("{err:?} {err:#?}");
    let _ = (
        err.status(),
        err.error_type(),
        err.request_id(),
        err.is_timeout(),
    );
});
