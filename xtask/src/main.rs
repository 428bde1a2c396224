//! The README's "Take an API update", run for real on a copy of the workspace: a newer Stytch
//! document (one new request field, one new required response field, one new enum value, one
//! new operation with two new schemas: `xtask/fixtures/api-update.overlay.json`) goes into
//! `schema/`, then the maintainer's steps run, and nothing else may need an edit.
//!
//! ```sh
//! cargo run -p xtask -- api-update
//! ```
//!
//! The newer document carries Stytch's real prose, as a published one does: the update goes
//! over our base document with Stytch's descriptions put back on its items
//! (`xtask/fixtures/stytch-prose.json`, taken from Stytch's published document; see
//! `xtask/fixtures/README.md`). So every test, the generator's included, runs once against a
//! base with prose of its own, not only against `schema/`'s, which has none.
//!
//! In the copy (the workspace's tracked files as they are in the working tree) it checks, in
//! order, and fails naming the step:
//!
//! 0. with a variant of the update whose new field has only a placeholder description,
//!    regenerating fails, naming the field and its JSON path;
//! 1. `cargo test --test generated_code` fails, naming `generated/` (the README says so);
//! 2. `UPDATE_GENERATED=1 cargo test --test generated_code` passes, and `generated/` now has
//!    the new field, enum value, method and types;
//! 3. `cargo test --all-features` passes (the SDK's tests, the generator's and the fake's);
//! 4. no file but `schema/stytch-b2b.openapi.json` and `generated/` differs from the original.
//!
//! The copy builds in the workspace's target directory (`CARGO_TARGET_DIR` when set, else
//! `target/`): its own artifacts, the dependencies shared.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Output};

use clap::Parser;
use serde_json::Value;
use stytch_b2b_otp_sms_codegen::{BASE_FILE, Overlay, load};

#[derive(Parser, Debug)]
#[command(about = "Maintainer checks of stytch-b2b-otp-sms")]
enum Task {
    /// Takes a synthetic Stytch API update on a copy of the workspace, as the README says.
    ApiUpdate(Args),
}

#[derive(clap::Args, Debug)]
struct Args {
    /// The workspace to copy (default: this one).
    #[arg(long)]
    workspace: Option<PathBuf>,
    /// Where the copy goes (default: `target/api-update` of the workspace); emptied first.
    #[arg(long)]
    dir: Option<PathBuf>,
    /// The update, as an OpenAPI Overlay applied to the base document.
    #[arg(long)]
    update: Option<PathBuf>,
    /// A variant of the update whose new field has a placeholder description: regenerating
    /// with it must fail, naming the field.
    #[arg(long)]
    placeholder_update: Option<PathBuf>,
    /// Stytch's prose for the base document's items (JSON pointer of each `summary` or
    /// `description` to its text), put on the base before the update.
    #[arg(long)]
    prose: Option<PathBuf>,
}

/// What the build must say when the placeholder variant is taken.
const PLACEHOLDER_ERROR: &str = "property `sender_id` of schema `api_b2b_otp_v1_b2b_otp_sms_SendRequest` has a placeholder description ($.components.schemas.api_b2b_otp_v1_b2b_otp_sms_SendRequest.properties.sender_id.description)";

/// What the update adds, as it must appear in the regenerated `generated/b2b_otp_sms.rs`.
const EXPECTED: &[&str] = &[
    "pub enable_autofill: Option<bool>,",
    "pub mfa_phone_number_verified_at: String,",
    "PasskeySync",
    "\"passkey_sync\"",
    "pub fn cancel(",
    "pub struct CancelRequest {",
    "pub struct CancelResponse {",
];

fn main() -> ExitCode {
    let Task::ApiUpdate(args) = Task::parse();
    match run(args) {
        Ok(()) => {
            println!(
                "api-update: the update was taken with nothing but schema/ and generated/ changed"
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("api-update: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> Result<(), String> {
    let xtask = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let fixture = |given: Option<PathBuf>, name: &str| {
        given.unwrap_or_else(|| xtask.join("fixtures").join(name))
    };
    let update = fixture(args.update, "api-update.overlay.json");
    let placeholder = fixture(
        args.placeholder_update,
        "api-update-placeholder.overlay.json",
    );
    let prose = fixture(args.prose, "stytch-prose.json");
    let workspace = args
        .workspace
        .unwrap_or_else(|| xtask.parent().expect("xtask/ has a parent").to_path_buf());
    let dir = args
        .dir
        .unwrap_or_else(|| workspace.join("target").join("api-update"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace.join("target"));

    let files = tracked_files(&workspace)?;
    copy_files(&workspace, &dir, &files)?;
    isolate(&dir)?;
    let copy = Copy {
        base_path: dir.join("schema").join(BASE_FILE),
        dir,
        target,
    };
    let original = load::document(&read(&copy.base_path)?).map_err(|e| e.to_string())?;

    copy.refuse_placeholder(&original, &placeholder)?;

    // The newer document from Stytch, with Stytch's prose.
    let mut base = original;
    let entries =
        put_prose(&mut base, &read(&prose)?).map_err(|e| format!("{}: {e}", prose.display()))?;
    println!(
        "api-update: the update goes over the base with Stytch's prose on {entries} items ({})",
        prose.display()
    );
    copy.take_update(&base, &update)?;
    unchanged_but_schema_and_generated(&workspace, &copy.dir, &files)
}

/// The copy of the workspace, and where its build goes.
struct Copy {
    dir: PathBuf,
    target: PathBuf,
    /// Its `schema/stytch-b2b.openapi.json`.
    base_path: PathBuf,
}

impl Copy {
    /// Runs cargo in the copy, with `UPDATE_GENERATED=1` when `update`; the output is returned.
    fn cargo(&self, args: &[&str], update: bool) -> Result<Output, String> {
        let mut cmd = self.command(args);
        if update {
            cmd.env("UPDATE_GENERATED", "1");
        }
        println!(
            "api-update: {}$ {}cargo {}",
            self.dir.display(),
            if update { "UPDATE_GENERATED=1 " } else { "" },
            args.join(" ")
        );
        cmd.output().map_err(|e| format!("cannot run cargo: {e}"))
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        cmd.args(args)
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .env_remove("UPDATE_GENERATED");
        cmd
    }

    /// Writes `base` with the overlay `update` applied as the copy's base document.
    fn put(&self, base: &Value, update: &Path) -> Result<(), String> {
        let mut doc = base.clone();
        Overlay::parse(&read(update)?)
            .and_then(|o| o.apply(&mut doc))
            .map_err(|e| format!("{}: {e}", update.display()))?;
        let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())? + "\n";
        std::fs::write(&self.base_path, text)
            .map_err(|e| format!("cannot write {}: {e}", self.base_path.display()))
    }

    /// Step 0: a newer document whose new field has only a placeholder cannot be taken: the
    /// build fails, naming the field and its JSON path.
    fn refuse_placeholder(&self, base: &Value, placeholder: &Path) -> Result<(), String> {
        self.put(base, placeholder)?;
        expect_failure(
            &self.cargo(&["test", "--test", "generated_code"], true)?,
            PLACEHOLDER_ERROR,
            &format!(
                "step 0: regenerating with a placeholder description should fail naming `{PLACEHOLDER_ERROR}`"
            ),
        )?;
        println!("api-update: a placeholder description is refused, naming the field");
        Ok(())
    }

    /// Steps 1 to 3: the README's steps on `base` with `update` applied.
    fn take_update(&self, base: &Value, update: &Path) -> Result<(), String> {
        self.put(base, update)?;
        expect_failure(
            &self.cargo(&["test", "--test", "generated_code"], false)?,
            "generated/ is stale",
            "step 1: `cargo test --test generated_code` should fail naming generated/ after the update",
        )?;
        let regenerated = self.cargo(&["test", "--test", "generated_code"], true)?;
        if !regenerated.status.success() {
            return Err(format!(
                "step 2: `UPDATE_GENERATED=1 cargo test --test generated_code` failed:\n{}",
                tail(&combined(&regenerated))
            ));
        }
        let generated = read(&self.dir.join("generated").join("b2b_otp_sms.rs"))?;
        let missing: Vec<&&str> = EXPECTED
            .iter()
            .filter(|e| !generated.contains(**e))
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "step 2: generated/b2b_otp_sms.rs lacks what the update adds: {missing:?}"
            ));
        }
        // Its output goes to the terminal as it comes: this is the long step.
        println!(
            "api-update: {}$ cargo test --all-features",
            self.dir.display()
        );
        let status = self
            .command(&["test", "--all-features"])
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(
                "step 3: `cargo test --all-features` failed after the update (output above)".into(),
            );
        }
        Ok(())
    }
}

/// Copies `files` of `workspace` to `dir`, emptied first.
fn copy_files(workspace: &Path, dir: &Path, files: &[String]) -> Result<(), String> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("cannot empty {}: {e}", dir.display()))?;
    }
    for file in files {
        let to = dir.join(file);
        std::fs::create_dir_all(to.parent().expect("a file has a parent"))
            .map_err(|e| format!("cannot create {}: {e}", to.display()))?;
        std::fs::copy(workspace.join(file), &to)
            .map_err(|e| format!("cannot copy {file} to {}: {e}", to.display()))?;
    }
    println!(
        "api-update: copied {} files to {}",
        files.len(),
        dir.display()
    );
    Ok(())
}

/// Step 4: no file but the base document and `generated/` differs between the workspace and
/// its copy.
fn unchanged_but_schema_and_generated(
    workspace: &Path,
    dir: &Path,
    files: &[String],
) -> Result<(), String> {
    let changed: Vec<&String> = files
        .iter()
        .filter(|f| std::fs::read(workspace.join(f)).ok() != std::fs::read(dir.join(f)).ok())
        .collect();
    let unexpected: Vec<&&String> = changed
        .iter()
        .filter(|f| f.as_str() != format!("schema/{BASE_FILE}") && !f.starts_with("generated/"))
        .collect();
    if !unexpected.is_empty() {
        return Err(format!(
            "step 4: the update changed files outside schema/ and generated/: {unexpected:?}"
        ));
    }
    println!("api-update: changed: {changed:?}");
    Ok(())
}

/// Puts Stytch's prose on `doc` and returns on how many items. The fixture maps the JSON
/// pointer of a `summary` or `description` to its text; an entry whose item `doc` lacks
/// (Stytch removed or renamed it since the fixture was taken) is skipped. Fails when fewer
/// than half of the entries find their item: the run would no longer take the update with
/// Stytch's prose, and the fixture wants taking again from Stytch's current document.
fn put_prose(doc: &mut Value, fixture: &str) -> Result<usize, String> {
    let fixture: Value = serde_json::from_str(fixture).map_err(|e| e.to_string())?;
    let entries = fixture
        .get("prose")
        .and_then(Value::as_object)
        .ok_or("no `prose` object")?;
    let mut placed = 0;
    for (pointer, text) in entries {
        let (parent, key) = pointer
            .rsplit_once('/')
            .ok_or_else(|| format!("`{pointer}` is not a JSON pointer"))?;
        let key = key.replace("~1", "/").replace("~0", "~");
        if let Some(item) = doc.pointer_mut(parent).and_then(Value::as_object_mut) {
            item.insert(key, text.clone());
            placed += 1;
        }
    }
    if placed * 2 < entries.len() {
        return Err(format!(
            "only {placed} of its {} entries name an item of the base document: take it again from Stytch's document (xtask/fixtures/README.md)",
            entries.len()
        ));
    }
    Ok(placed)
}

/// The workspace's own crates, which the copy builds from changed sources.
const MEMBERS: &[&str] = &[
    "stytch-b2b-otp-sms",
    "stytch-b2b-otp-sms-codegen",
    "stytch-b2b-otp-sms-fake",
];

/// Keeps the copy's workspace crates apart from the original's in the shared target
/// directory. Cargo names a workspace crate's artifacts (and its build script's `OUT_DIR`) by
/// its path relative to the workspace root, which the copy shares, so without this the two
/// would overwrite each other's artifacts and fingerprints, and a later build of the original
/// could compile the copy's generated code. A profile setting of their own (one codegen unit
/// fewer than cargo's default, harmless) gives them other names; the dependencies, built the
/// same, are shared. The file sits outside the tracked files, so step 4 does not see it.
fn isolate(dir: &Path) -> Result<(), String> {
    let mut config = String::from(
        "# Written by `cargo run -p xtask -- api-update`: see `isolate` in xtask/src/main.rs.\n",
    );
    for member in MEMBERS {
        config.push_str(&format!(
            "[profile.dev.package.{member}]\ncodegen-units = 255\n"
        ));
    }
    // After whatever config the workspace has of its own.
    let path = dir.join(".cargo").join("config.toml");
    let own = std::fs::read_to_string(&path).unwrap_or_default();
    std::fs::create_dir_all(dir.join(".cargo"))
        .and_then(|()| std::fs::write(&path, format!("{own}\n{config}")))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The files git tracks in `workspace`, as paths relative to it.
fn tracked_files(workspace: &Path) -> Result<Vec<String>, String> {
    let out = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(workspace)
        .output()
        .map_err(|e| format!("cannot run git ls-files in {}: {e}", workspace.display()))?;
    if !out.status.success() {
        return Err(format!(
            "git ls-files failed in {}: {}",
            workspace.display(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .split('\0')
        .filter(|f| !f.is_empty())
        // A file deleted in the working tree but not yet in git is not part of the copy.
        .filter(|f| workspace.join(f).is_file())
        .map(str::to_owned)
        .collect())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// A command's stdout and stderr, as one text.
fn combined(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

/// Succeeds when the command failed and said `needle`; otherwise the error is `should` with
/// what happened instead and the output's last lines.
fn expect_failure(output: &Output, needle: &str, should: &str) -> Result<(), String> {
    let text = combined(output);
    if !output.status.success() && text.contains(needle) {
        return Ok(());
    }
    let outcome = if output.status.success() {
        "passed"
    } else {
        "failed otherwise"
    };
    Err(format!("{should}; it {outcome}:\n{}", tail(&text)))
}

/// The last lines of a command's output, for an error message.
fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}
