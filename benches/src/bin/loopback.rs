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
use stytch_b2b_otp_sms_benches::harness::{self, LoopbackConfig};
use stytch_b2b_otp_sms_benches::server::CannedServer;
use stytch_b2b_otp_sms_benches::{decoders, fixtures};

stytch_b2b_otp_sms_benches::contender_enum! {
    /// This SDK and the floor.
    enum Pair { Sdk(Sdk), Raw(RawReqwest) }
}

fn main() -> ExitCode {
    let config = match LoopbackConfig::from_args(std::env::args().skip(1)) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    harness::print_machine();
    println!("{config:?}");

    let server = match CannedServer::start() {
        Ok(server) => server,
        Err(e) => {
            eprintln!("cannot start the canned server: {e}");
            return ExitCode::FAILURE;
        }
    };
    let base = server.base_url();
    println!("canned server at {base}");
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

    if !config.no_decode {
        for (title, decoders, body) in [
            (
                "authenticate_full.json",
                &decoders::AUTHENTICATE,
                fixtures::AUTHENTICATE_FULL,
            ),
            ("send_full.json", &decoders::SEND, fixtures::SEND_FULL),
        ] {
            let rates = harness::decode_interleaved(
                decoders,
                body,
                config.decode_rounds,
                config.decode_iters,
            );
            harness::print_decode(title, decoders, body.len(), &rates, 0);
        }
    }

    let served = server.served();
    println!("\nserved: {served:?}");
    harness::print_load("load at end");
    if served.rejected > 0 {
        eprintln!("the canned server rejected {} requests", served.rejected);
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
