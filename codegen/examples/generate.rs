//! Runs the generator outside of a build and reports how long it takes.
//!
//! ```sh
//! cargo run --release -p stytch-b2b-otp-sms-codegen --example generate -- \
//!     schema/stytch-b2b.openapi.json schema/overlay.json '{"operations": ["/"]}' [OUT_DIR]
//! ```
//!
//! The third argument is a selection, inline or a file: `["/"]` is every operation (what the
//! SDK's build generates), `["/v1/b2b/otps/sms/"]` the SMS operations only.
//! Without `OUT_DIR` it only times the run (median of 20 runs, after one warm-up run).

use std::process::ExitCode;
use std::time::{Duration, Instant};

use stytch_b2b_otp_sms_codegen::{Generator, Settings};

fn read(path: &str) -> Result<String, String> {
    if path.trim_start().starts_with('{') {
        return Ok(path.to_string());
    }
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: generate BASE.json OVERLAY.json SELECTION.json [OUT_DIR]");
        return ExitCode::FAILURE;
    }
    let run = || -> Result<(), String> {
        let (base, overlay, selection) = (read(&args[0])?, read(&args[1])?, read(&args[2])?);
        let generator = Generator::new(Settings::stytch())
            .overlay(&overlay)
            .and_then(|g| g.selection(&selection))
            .map_err(|e| e.to_string())?;
        let generated = generator
            .generate(&base)
            .map_err(|e| format!("{}: {e}", args[0]))?;
        if let Some(out) = args.get(3) {
            let out = std::path::Path::new(out);
            for (name, contents) in [
                ("b2b_otp_sms.rs", &generated.rust),
                ("blocking.rs", &generated.blocking),
                ("API.md", &generated.reference),
            ] {
                std::fs::write(out.join(name), contents)
                    .map_err(|e| format!("cannot write {}: {e}", out.join(name).display()))?;
            }
            return Ok(());
        }
        let mut times: Vec<Duration> = (0..20)
            .map(|_| {
                let start = Instant::now();
                let _ = generator.generate(&base);
                start.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "{}: {} types, {} methods, {} lines of Rust; generate() median {:?} (min {:?}, max {:?}, 20 runs)",
            args[0],
            generated.type_count,
            generated.method_count,
            generated.rust.lines().count(),
            times[times.len() / 2],
            times[0],
            times[times.len() - 1]
        );
        Ok(())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
