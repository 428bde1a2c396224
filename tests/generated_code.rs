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

/// The runtime knows no product: no identifier or path in the code of `src/` outside
/// `src/extensions/` contains `jwks`, `rbac` or `session` (in any case). Comments and string
/// literals are left out: docs may say what the layer above does, a cargo feature is named
/// in a string (`cfg(feature = "sessions")`), and the redaction tests feed JSON with
/// `session_token` keys. Nothing is allow-listed.
#[test]
fn the_runtime_names_no_product() {
    const PRODUCTS: [&str; 3] = ["jwks", "rbac", "session"];
    let mut found = Vec::new();
    for (path, text) in runtime_files() {
        for (line, ident) in identifiers(&text) {
            let lower = ident.to_ascii_lowercase();
            if let Some(word) = PRODUCTS.iter().find(|w| lower.contains(*w)) {
                found.push(format!("{path}:{line}: `{ident}` ({word})"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the runtime names a product; move the code to src/extensions/:\n{}",
        found.join("\n")
    );
    // The scanner finds identifiers and skips what it should.
    let sample =
        "let session_id = 1; // rbac\nlet s = \"jwks\"; let r = r#\"session\"#; 'a'; x::<'a>";
    let names: Vec<String> = identifiers(sample).into_iter().map(|(_, i)| i).collect();
    assert_eq!(
        names,
        ["let", "session_id", "let", "s", "let", "r", "x", "a"]
    );
}

/// The identifiers of Rust source `text` with their line numbers, comments and string, byte
/// string, raw string and character literals left out (a lifetime's name is kept).
fn identifiers(text: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let (mut out, mut at, mut line) = (Vec::new(), 0, 1);
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    while at < chars.len() {
        let c = chars[at];
        let next = chars.get(at + 1).copied();
        let start = at;
        if c == '/' && next == Some('/') {
            while at < chars.len() && chars[at] != '\n' {
                at += 1;
            }
        } else if c == '/' && next == Some('*') {
            at += 2;
            while at + 1 < chars.len() && !(chars[at] == '*' && chars[at + 1] == '/') {
                at += 1;
            }
            at += 2;
        } else if let Some(end) = raw_string_end(&chars, at) {
            at = end;
        } else if c == '"' || (c == 'b' && next == Some('"')) {
            at += if c == 'b' { 2 } else { 1 };
            while at < chars.len() && chars[at] != '"' {
                at += if chars[at] == '\\' { 2 } else { 1 };
            }
            at += 1;
        } else if c == '\'' && (next == Some('\\') || chars.get(at + 2) == Some(&'\'')) {
            // A character literal (a lifetime has no closing quote after one character).
            at += 1;
            while at < chars.len() && chars[at] != '\'' {
                at += if chars[at] == '\\' { 2 } else { 1 };
            }
            at += 1;
        } else if ident(c) && (start == 0 || !ident(chars[start - 1])) {
            while at < chars.len() && ident(chars[at]) {
                at += 1;
            }
            let word: String = chars[start..at].iter().collect();
            if !word.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                out.push((line, word));
            }
        } else {
            at += 1;
        }
        line += chars[start..at.min(chars.len())]
            .iter()
            .filter(|c| **c == '\n')
            .count();
    }
    out
}

/// Where the raw string (`r"…"`, `r#"…"#`, `br#"…"#`) starting at `at` ends, if one does.
fn raw_string_end(chars: &[char], at: usize) -> Option<usize> {
    if at > 0 && (chars[at - 1].is_alphanumeric() || chars[at - 1] == '_') {
        return None;
    }
    let mut i = at;
    if chars.get(i) == Some(&'b') {
        i += 1;
    }
    if chars.get(i) != Some(&'r') {
        return None;
    }
    i += 1;
    let hashes = chars[i..].iter().take_while(|c| **c == '#').count();
    i += hashes;
    if chars.get(i) != Some(&'"') {
        return None;
    }
    i += 1;
    let closing: Vec<char> = std::iter::once('"')
        .chain(std::iter::repeat_n('#', hashes))
        .collect();
    while i < chars.len() {
        if chars[i..].starts_with(&closing) {
            return Some(i + closing.len());
        }
        i += 1;
    }
    Some(chars.len())
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
    // The hand-written layer's modules are independent of one another (each over the
    // runtime and generated code), so each is a node of its own: `extensions/sessions`.
    let module_of = |path: &str| -> Option<String> {
        let rest = path.strip_prefix("src/")?;
        let mut parts = rest.split('/');
        let first = parts.next()?;
        if first == "extensions" {
            let second = parts.next()?;
            return (second != "mod.rs")
                .then(|| format!("extensions/{}", second.trim_end_matches(".rs")));
        }
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
                    let mut segments = rest.split("::").map(|segment| -> String {
                        segment
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect()
                    });
                    let first = segments.next().unwrap_or_default();
                    targets.push(match segments.next() {
                        Some(second) if first == "extensions" => format!("extensions/{second}"),
                        _ => first,
                    });
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
    assert!(edges["error"].contains("extensions/errors"), "{edges:#?}");
    assert!(edges["extensions/rbac"].contains("client"), "{edges:#?}");
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

/// The crate docs' feature table has a row for every feature of `Cargo.toml` (`default`
/// aside), and no row for a feature the manifest does not have: a feature added to the
/// manifest must be added to the generator's settings (`Settings::cargo_features`).
#[test]
fn the_feature_table_lists_every_cargo_feature() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .expect("read Cargo.toml");
    let features: Vec<&str> = manifest
        .lines()
        .skip_while(|l| l.trim() != "[features]")
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('['))
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once('=').map(|(name, _)| name.trim()))
        .filter(|name| !name.is_empty() && *name != "default")
        .collect();
    assert!(features.len() > 10, "{features:?}");
    let docs = GENERATED[3].1;
    let table: Vec<&str> = docs
        .lines()
        .skip_while(|l| *l != "# Features")
        .take_while(|l| !l.starts_with("# Generated modules"))
        .filter_map(|l| l.strip_prefix("| `")?.split('`').next())
        .collect();
    let missing: Vec<&&str> = features.iter().filter(|f| !table.contains(f)).collect();
    let unknown: Vec<&&str> = table.iter().filter(|f| !features.contains(f)).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "the crate docs' feature table does not match Cargo.toml's [features]: missing \
         {missing:?}, not in the manifest {unknown:?}; edit `cargo_features` in \
         codegen/src/settings.rs"
    );
}
