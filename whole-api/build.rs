//! Generates code for every operation of Stytch's whole B2B document (the committed test
//! fixture `codegen/tests/fixtures/stytch-b2b.openapi.json`), with the SDK's overlay and a
//! second overlay that replaces every placeholder description by Markdown prose as rich as
//! Stytch's (code spans, lists, links, bare URLs, tables, `<tags>`), so that CI checks that
//! the whole API builds and documents cleanly. Writes only into `OUT_DIR`.

use std::path::PathBuf;
use std::process::ExitCode;

use stytch_b2b_otp_sms_codegen::{Generator, Settings};

const BASE: &str = "../codegen/tests/fixtures/stytch-b2b.openapi.json";
const OVERLAY: &str = "../schema/overlay.json";
const PROSE: &str = "prose-overlay.json";

fn main() -> ExitCode {
    for file in [BASE, OVERLAY, PROSE] {
        println!("cargo:rerun-if-changed={file}");
    }
    let run = || -> Result<(), String> {
        let read = |path: &str| {
            std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
        };
        let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
        let (base, overlay, prose) = (read(BASE)?, read(OVERLAY)?, read(PROSE)?);
        let generated = Generator::new(Settings::stytch())
            .overlay(&overlay)
            .and_then(|g| g.overlay(&prose))
            .and_then(|g| g.selection(r#"{"operations": ["/"]}"#))
            .and_then(|g| g.generate(&base))
            .map_err(|e| e.to_string())?;
        for (name, contents) in [
            ("b2b_otp_sms.rs", &generated.rust),
            ("blocking.rs", &generated.blocking),
            ("API.md", &generated.reference),
            ("schema.json", &generated.document),
        ] {
            std::fs::write(out.join(name), contents)
                .map_err(|e| format!("cannot write {name}: {e}"))?;
        }
        Ok(())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
