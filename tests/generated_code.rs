//! `generated/` is the reviewed copy of what build.rs generates from `schema/`. This test
//! fails when it is stale; `UPDATE_GENERATED=1 cargo test` rewrites it.
//!
//! The compared code is exactly what this crate compiled, so the snapshot is also known to
//! build.

use std::path::Path;

const GENERATED: &[(&str, &str)] = &[
    (
        "b2b_otp_sms.rs",
        include_str!(concat!(env!("OUT_DIR"), "/b2b_otp_sms.rs")),
    ),
    (
        "blocking.rs",
        include_str!(concat!(env!("OUT_DIR"), "/blocking.rs")),
    ),
    ("API.md", include_str!(concat!(env!("OUT_DIR"), "/API.md"))),
    (
        "crate_docs.md",
        include_str!(concat!(env!("OUT_DIR"), "/crate_docs.md")),
    ),
];

#[test]
fn generated_dir_matches_the_schema() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("generated");
    let update = std::env::var_os("UPDATE_GENERATED").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (name, fresh) in GENERATED {
        let path = dir.join(name);
        if update {
            std::fs::create_dir_all(&dir).expect("create generated/");
            std::fs::write(&path, fresh).expect("write generated/ file");
            continue;
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        if on_disk != *fresh {
            let line = on_disk
                .lines()
                .zip(fresh.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| on_disk.lines().count().min(fresh.lines().count()))
                + 1;
            stale.push(format!(
                "generated/{name} (first difference at line {line})"
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "generated/ is stale: it differs from what schema/ produces: {}.\n\
         Run `UPDATE_GENERATED=1 cargo test`, review the diff of generated/, and commit it.",
        stale.join(", ")
    );
}

#[test]
fn generated_files_say_they_are_generated() {
    for (name, fresh) in GENERATED {
        let head: String = fresh.lines().take(2).collect();
        assert!(
            head.contains("@generated") && head.contains("Do not edit"),
            "{name}: {head}"
        );
    }
}

/// The runtime (the files of `src/`) reaches generated code only through `src/runtime.rs`'s
/// contract: none names a generated module (in code, paths or docs) or a generated file.
/// The one directory, `src/extensions/`, is the hand-written layer above both, which may.
#[test]
fn the_runtime_names_no_generated_item() {
    let rust = GENERATED[0].1;
    // Top-level modules of the generated file, except the contract module itself.
    let modules: Vec<&str> = rust
        .lines()
        .filter_map(|l| {
            l.strip_prefix("pub mod ")
                .or_else(|| l.strip_prefix("mod "))
        })
        .filter_map(|l| l.strip_suffix(" {"))
        .filter(|m| *m != "__contract")
        .collect();
    assert!(modules.len() > 10, "{modules:?}");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        // `src/extensions/` is the hand-written layer above both: it may name generated types.
        if path.is_dir() {
            assert_eq!(
                path.file_name().unwrap(),
                "extensions",
                "{}",
                path.display()
            );
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let named = modules.iter().find(|m| {
                has_word(line, &format!("{m}::"))
                    || line.contains(&format!("[`{m}`]"))
                    || line.contains(&format!("({m}/"))
            });
            // A generated file named where it is read (`OUT_DIR`, `concat!`).
            let file = GENERATED
                .iter()
                .map(|(name, _)| *name)
                .find(|name| line.contains(&format!("\"/{name}\"")))
                .or(line.contains("OUT_DIR").then_some("OUT_DIR"));
            if let Some(what) = named.copied().or(file) {
                found.push(format!(
                    "src/{}:{}: `{what}`: {}",
                    path.file_name().unwrap().to_string_lossy(),
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "src/ names generated items; go through src/runtime.rs instead:\n{}",
        found.join("\n")
    );
}

/// Whether `needle` occurs in `line` not preceded by an identifier character.
fn has_word(line: &str, needle: &str) -> bool {
    line.match_indices(needle).any(|(at, _)| {
        !line[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

#[test]
fn no_placeholder_text_in_what_the_build_compiles_or_in_schema() {
    // The build refuses placeholders (codegen's docs check); this also covers the base
    // document, the overlay and our docs files as committed.
    let mut found = Vec::new();
    for (name, text) in GENERATED {
        if text.to_lowercase().contains("placeholder") {
            found.push(format!("generated {name}"));
        }
    }
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
    let mut files: Vec<std::path::PathBuf> = vec![
        schema.join("stytch-b2b.openapi.json"),
        schema.join("overlay.json"),
    ];
    for entry in std::fs::read_dir(schema.join("docs")).expect("schema/docs") {
        files.push(entry.expect("a docs file").path());
    }
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        if text.to_lowercase().contains("placeholder") {
            found.push(file.display().to_string());
        }
    }
    assert!(found.is_empty(), "placeholder text in {found:?}");
}
