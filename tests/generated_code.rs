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
    let mut found = Vec::new();
    for (path, text) in runtime_files() {
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
                found.push(format!("{path}:{}: `{what}`: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "src/ names generated items; go through src/runtime.rs instead:\n{}",
        found.join("\n")
    );
}

/// The runtime's files (`src/`, its directories included, except `src/extensions/`, the
/// hand-written layer above runtime and generated code), as (`src/…` path, text).
fn runtime_files() -> Vec<(String, String)> {
    rust_files("src")
        .into_iter()
        .filter(|(path, _)| !path.starts_with("src/extensions/"))
        .collect()
}

/// Every `.rs` file under `dir` (relative to the crate), as (relative path, text), sorted.
fn rust_files(dir: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pending = vec![root.join(dir)];
    let mut files = Vec::new();
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.push((relative, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

/// The modules of `src/` (a file `src/x.rs` or a directory `src/x/`) import one another
/// without a circle: each can be read knowing only those below it. Edges are the
/// `crate::module` paths in code (comments aside) and `crate::Item` paths of an item a module
/// defines (`crate::Client` is `client`'s); `lib.rs`, the root that wires them, is left out.
#[test]
fn the_modules_of_src_import_without_a_circle() {
    let files = rust_files("src");
    let module_of = |path: &str| -> Option<String> {
        let rest = path.strip_prefix("src/")?;
        let first = rest.split('/').next()?;
        (first != "lib.rs").then(|| first.trim_end_matches(".rs").to_owned())
    };
    let modules: std::collections::BTreeSet<String> =
        files.iter().filter_map(|(p, _)| module_of(p)).collect();
    // Items by the module that defines them.
    let mut owner = std::collections::HashMap::new();
    for (path, text) in &files {
        let Some(module) = module_of(path) else {
            continue;
        };
        for line in text.lines() {
            let line = line.trim_start();
            for kind in [
                "pub struct ",
                "pub enum ",
                "pub trait ",
                "pub type ",
                "pub fn ",
                "pub const ",
            ] {
                if let Some(rest) = line.strip_prefix(kind) {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    owner.entry(name).or_insert_with(|| module.clone());
                }
            }
        }
    }
    let mut edges: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> = modules
        .iter()
        .map(|m| (m.clone(), Default::default()))
        .collect();
    for (path, text) in &files {
        let Some(module) = module_of(path) else {
            continue;
        };
        for line in text.lines() {
            let code = line.split("//").next().unwrap_or_default();
            let mut targets = Vec::new();
            for (at, _) in code.match_indices("crate::") {
                let rest = &code[at + "crate::".len()..];
                if let Some(group) = rest.strip_prefix('{') {
                    let group = group.split('}').next().unwrap_or_default();
                    targets.extend(
                        group
                            .split(',')
                            .map(|p| p.trim().split("::").next().unwrap_or_default().to_owned()),
                    );
                } else {
                    targets.push(
                        rest.chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect(),
                    );
                }
            }
            for target in targets {
                let target = if modules.contains(&target) {
                    Some(target)
                } else {
                    owner.get(&target).cloned()
                };
                if let Some(target) = target.filter(|t| *t != module) {
                    edges.get_mut(&module).unwrap().insert(target);
                }
            }
        }
    }
    // Depth-first search for a back edge.
    fn visit(
        at: &str,
        edges: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut std::collections::BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = stack.iter().position(|m| m == at) {
            let mut circle = stack[start..].to_vec();
            circle.push(at.to_owned());
            return Some(circle);
        }
        if done.contains(at) {
            return None;
        }
        stack.push(at.to_owned());
        for next in &edges[at] {
            if let Some(circle) = visit(next, edges, stack, done) {
                return Some(circle);
            }
        }
        stack.pop();
        done.insert(at.to_owned());
        None
    }
    let mut done = Default::default();
    for module in &modules {
        if let Some(circle) = visit(module, &edges, &mut Vec::new(), &mut done) {
            panic!(
                "an import circle in src/: {}\nedges: {edges:#?}",
                circle.join(" -> ")
            );
        }
    }
    // The edges it found are real ones (the test would pass on an empty graph).
    assert!(edges["blocking"].contains("client"), "{edges:#?}");
    assert!(edges["jwt"].contains("jwks"), "{edges:#?}");
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
