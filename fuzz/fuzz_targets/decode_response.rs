//! Any bytes as a 2xx body: decoding must return `Ok` or `Error::Decode`, never panic or
//! overflow the stack, and the error must print on one line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stytch_b2b_otp_sms::__private::decode_response;
use stytch_b2b_otp_sms::Error;
use stytch_b2b_otp_sms::otp_sms::{AuthenticateResponse, SendResponse};

fn check<T: std::fmt::Debug>(result: Result<T, Error>) {
    match result {
        Ok(response) => {
            let _ = format!("{response:?}");
        }
        Err(err) => {
            assert!(matches!(err, Error::Decode(_)), "{err:?}");
            let text = err.to_string();
            assert!(!text.contains('\n') && !text.contains('\r'), "{text:?}");
            let _ = format!("{err:?} {err:#?}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    check(decode_response::<AuthenticateResponse>(200, data));
    check(decode_response::<SendResponse>(200, data));
});
