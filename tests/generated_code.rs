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
