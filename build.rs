//! Generates the SDK's types and client methods from `schema/` into `OUT_DIR`.
//!
//! A thin driver: all logic lives in the `stytch-b2b-otp-sms-codegen` crate
//! (`codegen/`), where it is unit-tested. `schema/` holds Stytch's published document
//! (`stytch-b2b.openapi.json`), our overlay (`overlay.json`) and our descriptions
//! (`docs/*.json`). The output is the same for
//! every feature set: each item carries the `#[cfg(feature = ..)]` of the product it belongs
//! to, so what a feature turns on never changes a name. Writes nothing outside `OUT_DIR`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use stytch_b2b_otp_sms_codegen::{BASE_FILE, DOCS_DIR, OVERLAY_FILE, generate_dir};

const SCHEMA_DIR: &str = "schema";

fn main() -> ExitCode {
    // A directory is watched whole: a docs file added, changed or removed reruns the build.
    for file in [BASE_FILE, OVERLAY_FILE, DOCS_DIR] {
        println!("cargo:rerun-if-changed={SCHEMA_DIR}/{file}");
    }
    let Some(out_dir) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        eprintln!("error: OUT_DIR is not set; run this through cargo");
        return ExitCode::FAILURE;
    };
    match run(Path::new(SCHEMA_DIR), &out_dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(schema_dir: &Path, out_dir: &Path) -> Result<(), String> {
    let generated = generate_dir(schema_dir).map_err(|e| e.to_string())?;
    // The runtime includes the first three by these variables (its contract with the
    // generated code, `src/runtime.rs`), so no generated file name is written in `src/`.
    for (var, name, contents) in [
        ("STYTCH_GENERATED_RUST", "b2b_otp_sms.rs", &generated.rust),
        (
            "STYTCH_GENERATED_BLOCKING",
            "blocking.rs",
            &generated.blocking,
        ),
        (
            "STYTCH_GENERATED_DOCS",
            "crate_docs.md",
            &generated.crate_docs,
        ),
        ("", "API.md", &generated.reference),
        // The effective document (overlay applied, operations selected), for tests.
        ("", "schema.json", &generated.document),
        // How the whole-API tests call each operation (tests/whole_document/).
        ("", "test_calls.rs", &generated.test_calls),
    ] {
        let path = out_dir.join(name);
        std::fs::write(&path, contents)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        if !var.is_empty() {
            println!("cargo:rustc-env={var}={}", path.display());
        }
    }
    Ok(())
}
