//! The generator's growth curve: `generate` on `schema/` (1×) and on synthetic schemas 2×, 5×
//! and 10× its size, timed interleaved (every round runs each size once, the order rotating),
//! reported as median (min–max) times and growth ratios against 1×.
//!
//! ```sh
//! cargo run --release -p stytch-b2b-otp-sms-benches --features codegen --bin codegen_scaling [-- ROUNDS]
//! ```

use std::process::ExitCode;
use std::time::Instant;

use stytch_b2b_otp_sms_benches::harness::{self, Spread};
use stytch_b2b_otp_sms_benches::synth;

const FACTORS: [usize; 4] = [1, 2, 5, 10];

fn main() -> ExitCode {
    let rounds: usize = match std::env::args().nth(1).map(|a| a.parse()).transpose() {
        Ok(r) => r.unwrap_or(15).max(1),
        Err(e) => {
            eprintln!("usage: codegen_scaling [ROUNDS]: {e}");
            return ExitCode::FAILURE;
        }
    };
    harness::print_machine();
    let mut inputs = Vec::new();
    for factor in FACTORS {
        let schema = match synth::scaled(synth::SCHEMA, factor) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{factor}×: {e}");
                return ExitCode::FAILURE;
            }
        };
        // one untimed run per input: checks it generates, and warms up
        let generated = match synth::generate(&schema) {
            Ok(g) => g,
            Err(e) => {
                eprintln!("{factor}×: {e}");
                return ExitCode::FAILURE;
            }
        };
        println!(
            "{factor:>2}×: {:>8} bytes of schema → {:>4} types, {:>6} lines of Rust, {:>6} of blocking client, {:>6} of reference",
            schema.len(),
            generated.type_count,
            generated.rust.lines().count(),
            generated.blocking.lines().count(),
            generated.reference.lines().count()
        );
        inputs.push(schema);
    }

    let n = FACTORS.len();
    let mut times = vec![Vec::with_capacity(rounds); n];
    for round in 0..rounds {
        for i in 0..n {
            let f = (i + round) % n;
            let start = Instant::now();
            let generated = synth::generate(&inputs[f]).expect("generate");
            let elapsed = start.elapsed().as_secs_f64();
            drop(std::hint::black_box(generated));
            times[f].push(elapsed);
        }
    }

    println!(
        "\ngenerate(), {rounds} interleaved rounds: time median (min–max); growth = time / 1× time"
    );
    println!(
        "  {:<6}{:>12}{:>24}{:>16}{:>30}",
        "size", "median ms", "(min–max ms)", "growth", "per-round growth"
    );
    let base = Spread::of(&times[0]);
    for (f, factor) in FACTORS.iter().enumerate() {
        let t = Spread::of(&times[f]);
        let per_round: Vec<f64> = times[f].iter().zip(&times[0]).map(|(x, b)| x / b).collect();
        println!(
            "  {:<6}{:>12.1}{:>24}{:>15.2}×{:>30}",
            format!("{factor}×"),
            t.median * 1e3,
            format!("({:.1}–{:.1})", t.min * 1e3, t.max * 1e3),
            t.median / base.median,
            Spread::of(&per_round).to_string()
        );
    }
    harness::print_load("load at end");
    ExitCode::SUCCESS
}
