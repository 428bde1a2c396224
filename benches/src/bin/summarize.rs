//! Pools the per-run ratio lines (`#ratio\top\ta\tb\trun\tmedian\tp99\tthroughput`) that the
//! `loopback` and `compare` binaries print, from several saved outputs, and prints their
//! median (min–max) over all runs.
//!
//! ```sh
//! for i in 1 2 3; do
//!   cargo run --release -p stytch-b2b-otp-sms-compare --bin compare > compare-$i.txt
//! done
//! cargo run --release -p stytch-b2b-otp-sms-benches --bin summarize -- compare-*.txt
//! ```

use std::collections::BTreeMap;
use std::process::ExitCode;

use stytch_b2b_otp_sms_benches::harness::Spread;

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: summarize OUTPUT.txt...");
        return ExitCode::FAILURE;
    }
    // (op, a, b) → [(median, p99, throughput)], in first-seen order
    let mut order: Vec<(String, String, String)> = Vec::new();
    let mut ratios: BTreeMap<(String, String, String), Vec<[f64; 3]>> = BTreeMap::new();
    for file in &files {
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("{file}: {e}");
                return ExitCode::FAILURE;
            }
        };
        for line in text.lines() {
            let fields: Vec<&str> = line.trim().split('\t').collect();
            if fields.len() != 8 || fields[0] != "#ratio" || fields[4] == "run" {
                continue;
            }
            let parse = |s: &str| s.parse::<f64>().ok();
            let (Some(m), Some(p), Some(t)) =
                (parse(fields[5]), parse(fields[6]), parse(fields[7]))
            else {
                continue;
            };
            let key = (
                fields[1].to_string(),
                fields[2].to_string(),
                fields[3].to_string(),
            );
            if !ratios.contains_key(&key) {
                order.push(key.clone());
            }
            ratios.entry(key).or_default().push([m, p, t]);
        }
    }
    if order.is_empty() {
        eprintln!("no #ratio lines in {files:?}");
        return ExitCode::FAILURE;
    }
    println!(
        "pooled over {} files: median (min–max) of per-run ratios; latency a/b (below 1: a faster), throughput a/b (above 1: a faster)",
        files.len()
    );
    println!(
        "  {:<13}{:<28}{:>5}  {:<26}{:<26}{:<26}",
        "op", "a / b", "runs", "median latency", "p99 latency", "throughput"
    );
    for key in &order {
        let rows = &ratios[key];
        let col = |i: usize| Spread::of(&rows.iter().map(|r| r[i]).collect::<Vec<_>>()).to_string();
        println!(
            "  {:<13}{:<28}{:>5}  {:<26}{:<26}{:<26}",
            key.0,
            format!("{} / {}", key.1, key.2),
            rows.len(),
            col(0),
            col(1),
            col(2)
        );
    }
    ExitCode::SUCCESS
}
