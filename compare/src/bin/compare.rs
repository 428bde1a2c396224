//! This SDK, the floor (raw `reqwest` + `serde_json` into the generated types) and Stytch's
//! official crate, interleaved in one process against the same canned loopback server: per-call
//! latency, 64-in-flight throughput, then interleaved decode of the same bodies.
//!
//! ```sh
//! cargo run --release -p stytch-b2b-otp-sms-compare --bin compare [-- --runs 5 ...]
//! ```
//!
//! Takes the options of the `loopback` binary (`--help`).

use std::process::ExitCode;

use stytch_b2b_otp_sms_benches::contenders::{RawReqwest, Sdk};
use stytch_b2b_otp_sms_benches::decoders;
use stytch_b2b_otp_sms_benches::harness::{self, Decoder};
use stytch_b2b_otp_sms_compare::{Official, decoders as official};

stytch_b2b_otp_sms_benches::contender_enum! {
    /// This SDK, the floor and the official crate.
    enum Three { Sdk(Sdk), Raw(RawReqwest), Official(Official) }
}

fn main() -> ExitCode {
    let (config, server) = match harness::start() {
        Ok(started) => started,
        Err(code) => return code,
    };
    let base = server.base_url();
    let contenders = vec![
        Three::Sdk(Sdk::new(&base)),
        Three::Raw(RawReqwest::new(&base)),
        Three::Official(Official::new(&base)),
    ];
    // sdk / raw-reqwest, sdk / official, official / raw-reqwest
    let pairs = [(0, 1), (0, 2), (2, 1)];
    if let Err(message) = harness::run_loopback(contenders, &pairs, &config) {
        eprintln!("{message}");
        return ExitCode::FAILURE;
    }

    let authenticate: [Decoder; 5] = [
        ("sdk decode_response", decoders::sdk_authenticate),
        ("official (from_slice)", official::official_authenticate),
        ("sdk types, from_slice", decoders::from_slice_authenticate),
        ("serde_json::Value", decoders::value),
        ("IgnoredAny (parse only)", decoders::ignored_any),
    ];
    let send: [Decoder; 5] = [
        ("sdk decode_response", decoders::sdk_send),
        ("official (from_slice)", official::official_send),
        ("sdk types, from_slice", decoders::from_slice_send),
        ("serde_json::Value", decoders::value),
        ("IgnoredAny (parse only)", decoders::ignored_any),
    ];
    // relative to the official crate
    harness::decode_fixtures(&config, &authenticate, &send, 1);

    harness::finish(&server)
}
