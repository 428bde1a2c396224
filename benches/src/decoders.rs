//! Decoders of a response body, for the decode benchmarks: the SDK's real path and the
//! references it is measured against. Each decodes one body and drops the result (a decode
//! that fails panics: every contender must decode the same body).

use std::hint::black_box;

use serde::de::IgnoredAny;
use stytch_b2b_otp_sms::__private::decode_response;
use stytch_b2b_otp_sms::otp_sms::{AuthenticateResponse, SendResponse};

use crate::harness::Decoder;

/// The client's real decode path (`serde_path_to_error` over `serde_json`, then a check for
/// trailing characters) into the generated `AuthenticateResponse`.
pub fn sdk_authenticate(body: &[u8]) {
    let r = decode_response::<AuthenticateResponse>(200, body).expect("sdk decode");
    drop(black_box(r));
}

/// Plain `serde_json::from_slice` into the generated `AuthenticateResponse`.
pub fn from_slice_authenticate(body: &[u8]) {
    let r = serde_json::from_slice::<AuthenticateResponse>(body).expect("serde_json decode");
    drop(black_box(r));
}

/// The client's real decode path into the generated `SendResponse`.
pub fn sdk_send(body: &[u8]) {
    let r = decode_response::<SendResponse>(200, body).expect("sdk decode");
    drop(black_box(r));
}

/// Plain `serde_json::from_slice` into the generated `SendResponse`.
pub fn from_slice_send(body: &[u8]) {
    let r = serde_json::from_slice::<SendResponse>(body).expect("serde_json decode");
    drop(black_box(r));
}

/// Into an untyped `serde_json::Value`.
pub fn value(body: &[u8]) {
    let r = serde_json::from_slice::<serde_json::Value>(body).expect("Value decode");
    drop(black_box(r));
}

/// Parse only: `serde::de::IgnoredAny` checks the JSON and builds nothing (the floor).
pub fn ignored_any(body: &[u8]) {
    let r = serde_json::from_slice::<IgnoredAny>(body).expect("IgnoredAny decode");
    black_box(r);
}

/// The `authenticate` decoders: SDK path, plain `from_slice`, `Value`, `IgnoredAny`.
pub const AUTHENTICATE: [Decoder; 4] = [
    ("sdk decode_response", sdk_authenticate),
    ("serde_json::from_slice", from_slice_authenticate),
    ("serde_json::Value", value),
    ("IgnoredAny (parse only)", ignored_any),
];

/// The `send` decoders, in the same order as [`AUTHENTICATE`].
pub const SEND: [Decoder; 4] = [
    ("sdk decode_response", sdk_send),
    ("serde_json::from_slice", from_slice_send),
    ("serde_json::Value", value),
    ("IgnoredAny (parse only)", ignored_any),
];
