//! What a user's crate pays to build against this SDK, beside Stytch's official crate and the
//! bare stack making the same two calls by hand (see `consumers.rs`).
//!
//! ```sh
//! cargo run --release -p stytch-b2b-otp-sms-benches --bin consumer_build
//! ```
//!
//! It writes the three scratch consumers into a temporary directory (the workspace's
//! `Cargo.lock` copied into each), fetches once, then measures, the contenders taking turns
//! in one run:
//!
//! - the clean release build (`rm -rf target && cargo build --release --offline --timings`),
//!   wall and CPU seconds (user + sys of every process cargo ran);
//! - the release rebuild after touching the consumer's `src/main.rs`;
//! - the debug rebuild after touching it;
//!
//! and prints medians and the ratios of the SDK to each peer. It then lists the units of the
//! SDK consumer's clean build with their seconds (from cargo's `--timings` report) and counts
//! the functions of the SDK compiled inside the consumer (`cargo rustc --release -- --emit=llvm-ir`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use clap::Parser;
use stytch_b2b_otp_sms_benches::consumers::{ALL, Consumer, SDK};
use stytch_b2b_otp_sms_benches::harness::Spread;

#[derive(Parser, Debug)]
#[command(
    about = "Clean and incremental build times of a consumer of the SDK, its official peer and the bare stack"
)]
struct Args {
    /// The SDK to build against (default: this workspace's root).
    #[arg(long)]
    sdk: Option<PathBuf>,
    /// Cargo features of the SDK for its consumer, comma-separated (default: its defaults),
    /// e.g. `sessions` or `full`.
    #[arg(long, value_delimiter = ',')]
    sdk_features: Vec<String>,
    /// Where the scratch consumers go (default: a new directory under the system's temp dir).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Clean release builds per contender.
    #[arg(long, default_value_t = 1)]
    clean_rounds: usize,
    /// Release and debug rebuilds per contender.
    #[arg(long, default_value_t = 5)]
    rebuild_rounds: usize,
    /// Contenders, comma-separated, from `sdk`, `official`, `bare`.
    #[arg(long, value_delimiter = ',', default_value = "sdk,official,bare")]
    only: Vec<String>,
    /// Units of the SDK consumer's clean build listed from `--timings` (0 for none).
    #[arg(long, default_value_t = 40)]
    units: usize,
    /// Only the LLVM IR check of the SDK consumer, no timings; fails when the consumer
    /// compiles any `Deserialize` code or function of the SDK (CI runs this).
    #[arg(long)]
    check_ir: bool,
}

/// Seconds of wall and CPU time one command took.
#[derive(Clone, Copy, Debug)]
struct Cost {
    wall: f64,
    cpu: f64,
}

/// CPU seconds (user + sys) of every terminated, waited-for descendant of this process.
fn children_cpu() -> f64 {
    // SAFETY: `getrusage` writes the struct it is given and nothing else.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

fn cargo(dir: &Path, args: &[&str]) -> Result<Cost, String> {
    let cpu = children_cpu();
    let started = Instant::now();
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(dir)
        // The consumer's own settings, not those of the process that runs the benchmark.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env_remove("CARGO_INCREMENTAL")
        .output()
        .map_err(|e| format!("cannot run cargo in {}: {e}", dir.display()))?;
    let wall = started.elapsed().as_secs_f64();
    if !output.status.success() {
        return Err(format!(
            "`cargo {}` failed in {}:\n{}",
            args.join(" "),
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(Cost {
        wall,
        cpu: children_cpu() - cpu,
    })
}

/// Makes cargo see `src/main.rs` as changed (a fresh mtime, as `touch` gives).
fn touch(dir: &Path) -> Result<(), String> {
    let path = dir.join("src/main.rs");
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    // Cargo compares mtimes with the last build's; make sure the new one is later.
    std::thread::sleep(Duration::from_millis(20));
    file.set_modified(std::time::SystemTime::now())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// The `(name version, mode) → seconds` of the units of the `--timings` report in `dir`.
fn timing_units(dir: &Path) -> Result<Vec<(String, f64)>, String> {
    let path = dir.join("target/cargo-timings/cargo-timing.html");
    let html = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let start = html
        .find("const UNIT_DATA = ")
        .ok_or_else(|| format!("{}: no UNIT_DATA in the report", path.display()))?
        + "const UNIT_DATA = ".len();
    let mut de = serde_json::Deserializer::from_str(&html[start..]);
    let units: Vec<serde_json::Value> = serde::Deserialize::deserialize(&mut de)
        .map_err(|e| format!("{}: UNIT_DATA is not what this reads: {e}", path.display()))?;
    let mut by_unit: BTreeMap<String, f64> = BTreeMap::new();
    for unit in &units {
        let (Some(name), Some(version), Some(duration)) = (
            unit["name"].as_str(),
            unit["version"].as_str(),
            unit["duration"].as_f64(),
        ) else {
            return Err(format!(
                "{}: a unit without name, version or duration: {unit}",
                path.display()
            ));
        };
        let target = unit["target"].as_str().unwrap_or_default().trim();
        let mut label = format!("{name} {version}");
        if !target.is_empty() {
            label = format!("{label} {target}");
        }
        if unit["mode"].as_str() == Some("run-custom-build") && !label.ends_with("(run)") {
            label.push_str(" (run)");
        }
        *by_unit.entry(label).or_default() += duration;
    }
    let mut units: Vec<(String, f64)> = by_unit.into_iter().collect();
    units.sort_by(|a, b| b.1.total_cmp(&a.1));
    Ok(units)
}

/// Counts the functions defined in the SDK consumer's release LLVM IR: all, those that are
/// `Deserialize` code, and those whose symbol names this SDK (drop glue apart).
fn ir_counts(dir: &Path) -> Result<(String, usize), String> {
    cargo(
        dir,
        &[
            "rustc",
            "--release",
            "--offline",
            "-q",
            "--",
            "--emit=llvm-ir",
        ],
    )?;
    let deps = dir.join("target/release/deps");
    let ll = std::fs::read_dir(&deps)
        .map_err(|e| format!("{}: {e}", deps.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "ll"))
        .ok_or_else(|| format!("no .ll file in {}", deps.display()))?;
    let text = std::fs::read_to_string(&ll).map_err(|e| format!("{}: {e}", ll.display()))?;
    let defines: Vec<&str> = text.lines().filter(|l| l.starts_with("define ")).collect();
    let ours: Vec<&str> = defines
        .iter()
        .copied()
        .filter(|l| l.contains("stytch_b2b_otp_sms") && !l.contains("drop_in_place"))
        .collect();
    let deserialize = defines
        .iter()
        .filter(|l| l.contains("Deserialize") || l.contains("deserialize"))
        .count();
    let glue = defines
        .iter()
        .filter(|l| l.contains("stytch_b2b_otp_sms") && l.contains("drop_in_place"))
        .count();
    let mut report = format!(
        "{} functions defined; {deserialize} deserialize; {} of the SDK (+{glue} drop glue of its types)\n",
        defines.len(),
        ours.len()
    );
    for line in ours.iter().take(20) {
        let symbol = line
            .split('@')
            .nth(1)
            .and_then(|s| s.split('(').next())
            .unwrap_or(line);
        report.push_str(&format!("  {symbol}\n"));
    }
    Ok((report, deserialize + ours.len()))
}

fn median(values: &[f64]) -> f64 {
    Spread::of(values).median
}

fn run(args: Args) -> Result<(), String> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let sdk = args
        .sdk
        .clone()
        .unwrap_or_else(|| workspace.clone())
        .canonicalize()
        .map_err(|e| format!("the SDK's path: {e}"))?;
    let lock = std::fs::read_to_string(workspace.join("Cargo.lock")).ok();
    let dir = args.dir.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("stytch-consumer-build-{}", std::process::id()))
    });
    // The IR check needs the SDK consumer only.
    let contenders: Vec<Consumer> = ALL
        .into_iter()
        .filter(|c| {
            if args.check_ir {
                c.name == SDK.name
            } else {
                args.only.iter().any(|o| o == c.name)
            }
        })
        .collect();
    if contenders.is_empty() {
        return Err(format!(
            "--only {:?} names no contender (sdk, official, bare)",
            args.only
        ));
    }
    println!(
        "SDK: {} (features: {})\nconsumers in {}",
        sdk.display(),
        if args.sdk_features.is_empty() {
            "default".to_string()
        } else {
            args.sdk_features.join(",")
        },
        dir.display()
    );
    for c in &contenders {
        c.write(&dir, &sdk, &args.sdk_features, lock.as_deref())
            .map_err(|e| format!("cannot write the {} consumer: {e}", c.name))?;
        cargo(&dir.join(c.name), &["fetch", "-q"])?;
    }
    if args.check_ir {
        let (report, found) = ir_counts(&dir.join(SDK.name))?;
        println!("the sdk consumer's release LLVM IR:\n{report}");
        if found > 0 {
            return Err(format!(
                "the consumer compiles {found} functions of the SDK or of its Deserialize code; \
                 the SDK's code must be compiled in the SDK (see BENCHMARKS.md)"
            ));
        }
        return Ok(());
    }
    let at = |c: &Consumer| dir.join(c.name);
    let n = contenders.len();
    // The order rotates every round, so no contender always builds right after another.
    let rotation = |round: usize| (0..n).map(move |i| (i + round) % n);

    let mut clean: Vec<Vec<Cost>> = vec![Vec::new(); n];
    for round in 0..args.clean_rounds {
        for i in rotation(round) {
            let path = at(&contenders[i]);
            let _ = std::fs::remove_dir_all(path.join("target"));
            let cost = cargo(
                &path,
                &["build", "--release", "--offline", "-q", "--timings"],
            )?;
            println!(
                "clean release  {:<9} {:7.1} s wall {:7.1} s cpu",
                contenders[i].name, cost.wall, cost.cpu
            );
            clean[i].push(cost);
        }
    }
    let mut release: Vec<Vec<f64>> = vec![Vec::new(); n];
    let mut debug: Vec<Vec<f64>> = vec![Vec::new(); n];
    for c in &contenders {
        // Without a clean round, the first release build here is the clean one, untimed.
        cargo(&at(c), &["build", "--release", "--offline", "-q"])?;
        cargo(&at(c), &["build", "--offline", "-q"])?;
    }
    for round in 0..args.rebuild_rounds {
        for i in rotation(round) {
            let path = at(&contenders[i]);
            touch(&path)?;
            release[i].push(cargo(&path, &["build", "--release", "--offline", "-q"])?.wall);
            touch(&path)?;
            debug[i].push(cargo(&path, &["build", "--offline", "-q"])?.wall);
        }
    }

    println!(
        "\n| consumer | clean release wall | clean release cpu | release rebuild | debug rebuild |"
    );
    println!("| --- | --- | --- | --- | --- |");
    let cell = |v: &[f64], unit: &str| {
        if v.is_empty() {
            "—".to_string()
        } else {
            format!("{:.2} {unit}", median(v))
        }
    };
    for (i, c) in contenders.iter().enumerate() {
        let walls: Vec<f64> = clean[i].iter().map(|c| c.wall).collect();
        let cpus: Vec<f64> = clean[i].iter().map(|c| c.cpu).collect();
        println!(
            "| {} | {} | {} | {} | {} |",
            c.name,
            cell(&walls, "s"),
            cell(&cpus, "s"),
            cell(&release[i], "s"),
            cell(&debug[i], "s")
        );
    }
    if let Some(s) = contenders.iter().position(|c| c.name == "sdk") {
        println!(
            "\n| ratio | clean release wall | clean release cpu | release rebuild | debug rebuild |"
        );
        println!("| --- | --- | --- | --- | --- |");
        let ratio = |a: &[f64], b: &[f64]| {
            if a.is_empty() || b.is_empty() {
                "—".to_string()
            } else {
                format!("{:.2}×", median(a) / median(b))
            }
        };
        for (i, peer) in contenders.iter().enumerate().filter(|(i, _)| *i != s) {
            let wall = |k: usize| clean[k].iter().map(|c| c.wall).collect::<Vec<_>>();
            let cpu = |k: usize| clean[k].iter().map(|c| c.cpu).collect::<Vec<_>>();
            println!(
                "| sdk / {} | {} | {} | {} | {} |",
                peer.name,
                ratio(&wall(s), &wall(i)),
                ratio(&cpu(s), &cpu(i)),
                ratio(&release[s], &release[i]),
                ratio(&debug[s], &debug[i])
            );
        }
        let path = at(&contenders[s]);
        if args.units > 0 && args.clean_rounds > 0 {
            let units = timing_units(&path)?;
            let total: f64 = units.iter().map(|u| u.1).sum();
            println!(
                "\nunits of the sdk consumer's clean release build (cargo --timings), {total:.1} s in all:"
            );
            for (label, seconds) in units.iter().take(args.units) {
                println!("  {seconds:6.2} s  {label}");
            }
        }
        println!(
            "\nthe sdk consumer's release LLVM IR:\n{}",
            ir_counts(&path)?.0
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
