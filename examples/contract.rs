//! The whole-API contract test, longer: every operation of Stytch's document once per seed,
//! each request checked against the document by a loopback server and each random answer
//! decoded and compared field for field (see `tests/whole_document/mod.rs`).
//!
//! ```text
//! cargo run --release --example contract --features full -- 500
//! ```
//!
//! Prints the number of calls and failures; exits 1 on any failure.

#[path = "../tests/whole_document/mod.rs"]
mod whole_document;

fn main() {
    let seeds: u64 = match std::env::args().nth(1).map(|n| n.parse()) {
        None => 100,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("usage: contract [SEEDS] (a number of seeds, default 100): {e}");
            std::process::exit(2);
        }
    };
    let started = std::time::Instant::now();
    let report = whole_document::run(0..seeds);
    println!(
        "{} operations x {seeds} seeds = {} calls, {} failures, {:.1} s",
        report.operations,
        report.calls,
        report.failures.len(),
        started.elapsed().as_secs_f64()
    );
    for failure in &report.failures {
        println!("{failure}");
    }
    if !report.failures.is_empty() {
        std::process::exit(1);
    }
}
