//! Generates the SDK's types and client methods from `schema/` into `OUT_DIR`.
//!
//! A thin driver: all logic lives in the `stytch-b2b-otp-sms-codegen` crate
//! (`codegen/`), where it is unit-tested. Writes nothing outside `OUT_DIR`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const SCHEMA: &str = "schema/b2b_otp_sms.json";

fn main() -> ExitCode {
    println!("cargo:rerun-if-changed={SCHEMA}");
    let Some(out_dir) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        eprintln!("error: OUT_DIR is not set; run this through cargo");
        return ExitCode::FAILURE;
    };
    match run(Path::new(SCHEMA), &out_dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(schema: &Path, out_dir: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(schema)
        .map_err(|e| format!("cannot read {}: {e}", schema.display()))?;
    let generated = stytch_b2b_otp_sms_codegen::generate(&text)
        .map_err(|e| format!("{}: {e}", schema.display()))?;
    for (name, contents) in [
        ("b2b_otp_sms.rs", &generated.rust),
        ("blocking.rs", &generated.blocking),
        ("API.md", &generated.reference),
    ] {
        let path = out_dir.join(name);
        std::fs::write(&path, contents)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}
