//! Runs the generator outside of a build and reports how long it takes.
//!
//! ```sh
//! cargo run --release -p stytch-b2b-otp-sms-codegen --example generate -- schema/b2b_otp_sms.json [OUT_DIR]
//! ```
//!
//! Without `OUT_DIR` it only times the run (median of 20 runs, after one warm-up run).

use std::process::ExitCode;
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(schema) = args.next() else {
        eprintln!("usage: generate SCHEMA.json [OUT_DIR]");
        return ExitCode::FAILURE;
    };
    let text = match std::fs::read_to_string(&schema) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("cannot read {schema}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let generated = match stytch_b2b_otp_sms_codegen::generate(&text) {
        Ok(generated) => generated,
        Err(e) => {
            eprintln!("{schema}: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(out) = args.next() {
        let out = std::path::Path::new(&out);
        for (name, contents) in [
            ("b2b_otp_sms.rs", &generated.rust),
            ("API.md", &generated.reference),
        ] {
            if let Err(e) = std::fs::write(out.join(name), contents) {
                eprintln!("cannot write {}: {e}", out.join(name).display());
                return ExitCode::FAILURE;
            }
        }
        return ExitCode::SUCCESS;
    }
    let mut times: Vec<Duration> = (0..20)
        .map(|_| {
            let start = Instant::now();
            let _ = stytch_b2b_otp_sms_codegen::generate(&text);
            start.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "{schema}: {} types, {} lines of Rust; generate() median {:?} (min {:?}, max {:?}, 20 runs)",
        generated.type_count,
        generated.rust.lines().count(),
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
    ExitCode::SUCCESS
}
