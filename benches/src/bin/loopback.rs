//! Per-call latency and 64-in-flight throughput of this SDK against the floor (a raw
//! `reqwest` + `serde_json` call into the same generated types), interleaved in one process,
//! against a canned loopback server; then an interleaved decode timing loop.
//!
//! ```sh
//! cargo run --release -p stytch-b2b-otp-sms-benches --bin loopback [-- --runs 5 ...]
//! ```
//!
//! `--help` lists the options. The canned server runs on its own thread (one core); the
//! clients run on a current-thread tokio runtime on the main thread (the other core).

use std::process::ExitCode;

use stytch_b2b_otp_sms_benches::contenders::{RawReqwest, Sdk};
use stytch_b2b_otp_sms_benches::decoders;
use stytch_b2b_otp_sms_benches::harness;

stytch_b2b_otp_sms_benches::contender_enum! {
    /// This SDK and the floor.
    enum Pair { Sdk(Sdk), Raw(RawReqwest) }
}

fn main() -> ExitCode {
    let (config, server) = match harness::start() {
        Ok(started) => started,
        Err(code) => return code,
    };
    let base = server.base_url();
    let mut contenders = vec![
        Pair::Sdk(Sdk::new(&base)),
        Pair::Raw(RawReqwest::new(&base)),
    ];
    // sdk / raw-reqwest
    let mut pairs = vec![(0, 1)];
    if config.ablations {
        // The floor with the SDK's default per-request timeout (30 s): what a timeout costs.
        contenders.push(Pair::Raw(RawReqwest::with_timeout(
            &base,
            stytch_b2b_otp_sms::DEFAULT_TIMEOUT,
        )));
        // raw+timeout / raw-reqwest, sdk / raw+timeout
        pairs.extend([(2, 1), (0, 2)]);
    }
    if let Err(message) = harness::run_loopback(contenders, &pairs, &config) {
        eprintln!("{message}");
        return ExitCode::FAILURE;
    }

    harness::decode_fixtures(&config, &decoders::AUTHENTICATE, &decoders::SEND, 0);

    harness::finish(&server)
}
