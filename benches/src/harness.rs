//! Interleaved measurements: contenders take turns in the same process, so that whatever else
//! the machine is doing (other builds, other tests) lands on all of them alike. Results are
//! reported as ratios between contenders, per run and summarized over runs (median, min–max).
//!
//! - Latency: rounds of blocks of sequential calls (one block per contender per operation per
//!   round, the contenders' order rotating every round), connections reused, after a warm-up.
//!   Median and p99 over all calls of a run.
//! - Throughput: bursts of `in_flight` tasks each making `calls_per_task` calls, one burst per
//!   contender per operation per round, order rotating; calls per second, median over rounds.
//! - Decode: rounds of `iters` decodes of the same body per contender, order rotating; MiB/s,
//!   median over rounds.

use std::hint::black_box;
use std::time::{Duration, Instant};

use crate::contenders::{Contender, Fingerprint, Op};

/// Settings of a loopback benchmark.
#[derive(Clone, Debug)]
pub struct LoopbackConfig {
    /// Independent repetitions of the whole measurement in this process.
    pub runs: usize,
    /// Sequential calls per contender and operation before measuring (and 64-in-flight bursts
    /// to open the pool's connections).
    pub warmup_calls: usize,
    /// Latency rounds per run.
    pub rounds: usize,
    /// Sequential calls per contender and operation in each latency round.
    pub block: usize,
    /// Calls in flight in the throughput bursts.
    pub in_flight: usize,
    /// Sequential calls of each in-flight task in one burst.
    pub calls_per_task: usize,
    /// Throughput rounds per run.
    pub throughput_rounds: usize,
    /// Client runtime worker threads; 0 for tokio's current-thread runtime (the default: the
    /// client takes one core, the canned server the other).
    pub client_threads: usize,
    /// Decode rounds (interleaved decode timing loop).
    pub decode_rounds: usize,
    /// Decodes per contender in each decode round.
    pub decode_iters: usize,
    /// Measure only the contender of this name (after checking all of them): for profiling one
    /// contender at a time with `perf` or `valgrind`. Ratios need two contenders, so none are
    /// printed.
    pub solo: Option<String>,
    /// Skip the decode timing loop.
    pub no_decode: bool,
    /// Add ablation contenders (the `loopback` binary: raw reqwest with a per-request timeout).
    pub ablations: bool,
}

impl Default for LoopbackConfig {
    fn default() -> Self {
        LoopbackConfig {
            runs: 5,
            warmup_calls: 2_000,
            rounds: 30,
            block: 200,
            in_flight: 64,
            calls_per_task: 40,
            throughput_rounds: 10,
            client_threads: 0,
            decode_rounds: 30,
            decode_iters: 200,
            solo: None,
            no_decode: false,
            ablations: false,
        }
    }
}

impl LoopbackConfig {
    /// Usage text of [`LoopbackConfig::from_args`].
    pub const USAGE: &'static str = "options (defaults in brackets):
  --runs N               repetitions of the whole measurement in this process [5]
  --warmup N             sequential warm-up calls per contender and operation [2000]
  --rounds N             latency rounds per run [30]
  --block N              sequential calls per contender and operation per round [200]
  --in-flight N          calls in flight in the throughput bursts [64]
  --calls-per-task N     calls of each in-flight task per burst [40]
  --throughput-rounds N  throughput rounds per run [10]
  --client-threads N     client runtime workers, 0 = current-thread runtime [0]
  --decode-rounds N      interleaved decode rounds [30]
  --decode-iters N       decodes per contender per decode round [200]
  --solo NAME            measure only this contender (for profiling); no ratios
  --no-decode            skip the decode timing loop
  --ablations            add ablation contenders (loopback: raw reqwest with a 30 s timeout)
  --quick                small settings, to check that everything runs";

    /// Reads `--name value` options (see [`LoopbackConfig::USAGE`]).
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Result<Self, String> {
        let mut config = LoopbackConfig::default();
        let mut args = args.into_iter();
        while let Some(flag) = args.next() {
            if flag == "--quick" {
                config = LoopbackConfig {
                    runs: 2,
                    warmup_calls: 100,
                    rounds: 3,
                    block: 50,
                    calls_per_task: 5,
                    throughput_rounds: 2,
                    decode_rounds: 3,
                    decode_iters: 20,
                    ..config
                };
                continue;
            }
            if flag == "--no-decode" {
                config.no_decode = true;
                continue;
            }
            if flag == "--ablations" {
                config.ablations = true;
                continue;
            }
            if flag == "--solo" {
                config.solo = Some(args.next().ok_or("--solo needs a contender name")?);
                continue;
            }
            let field = match flag.as_str() {
                "--runs" => &mut config.runs,
                "--warmup" => &mut config.warmup_calls,
                "--rounds" => &mut config.rounds,
                "--block" => &mut config.block,
                "--in-flight" => &mut config.in_flight,
                "--calls-per-task" => &mut config.calls_per_task,
                "--throughput-rounds" => &mut config.throughput_rounds,
                "--client-threads" => &mut config.client_threads,
                "--decode-rounds" => &mut config.decode_rounds,
                "--decode-iters" => &mut config.decode_iters,
                "-h" | "--help" => return Err(Self::USAGE.to_string()),
                other => return Err(format!("unknown option {other:?}\n{}", Self::USAGE)),
            };
            let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
            *field = value
                .parse()
                .map_err(|e| format!("{flag} {value:?}: {e}"))?;
        }
        if config.runs == 0 || config.rounds == 0 || config.block == 0 || config.in_flight == 0 {
            return Err("--runs, --rounds, --block and --in-flight must be positive".into());
        }
        Ok(config)
    }

    /// The tokio runtime the clients run on.
    pub fn client_runtime(&self) -> tokio::runtime::Runtime {
        let mut builder = if self.client_threads == 0 {
            tokio::runtime::Builder::new_current_thread()
        } else {
            let mut b = tokio::runtime::Builder::new_multi_thread();
            b.worker_threads(self.client_threads);
            b
        };
        builder.enable_all().build().expect("client runtime")
    }
}

/// Order statistics of a set of durations, in nanoseconds.
#[derive(Clone, Copy, Debug)]
pub struct Summary {
    /// Number of samples.
    pub count: usize,
    /// Median.
    pub median: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Arithmetic mean.
    pub mean: f64,
    /// Smallest sample.
    pub min: f64,
    /// Largest sample.
    pub max: f64,
}

impl Summary {
    /// Summarizes `samples` (sorted in place).
    pub fn of(samples: &mut [u64]) -> Summary {
        assert!(!samples.is_empty(), "no samples");
        samples.sort_unstable();
        let n = samples.len();
        Summary {
            count: n,
            median: quantile_sorted(samples, 0.5),
            p90: quantile_sorted(samples, 0.9),
            p99: quantile_sorted(samples, 0.99),
            mean: samples.iter().map(|&s| s as f64).sum::<f64>() / n as f64,
            min: samples[0] as f64,
            max: samples[n - 1] as f64,
        }
    }
}

/// The `q` quantile of sorted samples, linearly interpolated.
pub fn quantile_sorted(sorted: &[u64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let frac = pos - lo as f64;
    sorted[lo] as f64 * (1.0 - frac) + sorted[hi] as f64 * frac
}

/// Median, min and max of some values.
#[derive(Clone, Copy, Debug)]
pub struct Spread {
    /// Median (mean of the two middle values for an even count).
    pub median: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
}

impl Spread {
    /// The spread of `values` (not empty).
    pub fn of(values: &[f64]) -> Spread {
        assert!(!values.is_empty(), "no values");
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        let n = v.len();
        let median = if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        };
        Spread {
            median,
            min: v[0],
            max: v[n - 1],
        }
    }
}

impl std::fmt::Display for Spread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.3}× ({:.3}–{:.3})", self.median, self.min, self.max)
    }
}

/// One contender's results for one operation in one run.
#[derive(Clone, Debug)]
pub struct OpResult {
    /// Per-call latency.
    pub latency: Summary,
    /// Calls per second of each throughput round.
    pub throughput: Vec<f64>,
}

impl OpResult {
    /// Median calls per second over the throughput rounds.
    pub fn throughput_median(&self) -> f64 {
        Spread::of(&self.throughput).median
    }
}

/// Results of one run: `results[op][contender]`, operations in [`Op::ALL`] order.
#[derive(Clone, Debug)]
pub struct RunResult {
    /// Results by operation, then by contender.
    pub results: Vec<Vec<OpResult>>,
}

/// Ratios of contender `a` to contender `b` in one run and operation.
#[derive(Clone, Copy, Debug)]
pub struct Ratios {
    /// `a`'s median latency / `b`'s (below 1: `a` is faster).
    pub median: f64,
    /// `a`'s p99 latency / `b`'s.
    pub p99: f64,
    /// `a`'s throughput / `b`'s (above 1: `a` is faster).
    pub throughput: f64,
}

impl RunResult {
    /// Ratios of contender `a` to contender `b` for `op`.
    pub fn ratios(&self, op: usize, a: usize, b: usize) -> Ratios {
        let (x, y) = (&self.results[op][a], &self.results[op][b]);
        Ratios {
            median: x.latency.median / y.latency.median,
            p99: x.latency.p99 / y.latency.p99,
            throughput: x.throughput_median() / y.throughput_median(),
        }
    }
}

/// Calls every contender once per operation and checks that they all decoded the same answer.
pub async fn verify<C: Contender>(contenders: &[C]) {
    for op in Op::ALL {
        let mut first: Option<(&str, Fingerprint)> = None;
        for c in contenders {
            let fp = c.check(op).await;
            match &first {
                None => first = Some((c.name(), fp)),
                Some((name, want)) => assert_eq!(
                    &fp,
                    want,
                    "{} and {name} decoded different {} answers",
                    c.name(),
                    op.name()
                ),
            }
        }
        if let Some((_, fp)) = first {
            println!(
                "checked {:<12} all {} contenders decode: member {} ({} roles), {} custom roles, {} factors, status {}",
                op.name(),
                contenders.len(),
                fp.member_id,
                fp.member_roles,
                fp.custom_roles,
                fp.authentication_factors,
                fp.status_code
            );
        }
    }
}

/// Warms up every contender: sequential calls, then a few bursts at the configured
/// concurrency (which also opens the connections those bursts need).
pub async fn warm_up<C: Contender>(contenders: &[C], config: &LoopbackConfig) {
    for c in contenders {
        for op in Op::ALL {
            for _ in 0..config.warmup_calls {
                c.call(op).await;
            }
            for _ in 0..3 {
                burst(c, op, config.in_flight, config.calls_per_task.max(2)).await;
            }
        }
    }
}

/// One run: interleaved latency rounds, then interleaved throughput rounds.
pub async fn loopback_run<C: Contender>(contenders: &[C], config: &LoopbackConfig) -> RunResult {
    let n = contenders.len();
    let mut samples: Vec<Vec<Vec<u64>>> =
        vec![vec![Vec::with_capacity(config.rounds * config.block); n]; Op::ALL.len()];
    for round in 0..config.rounds {
        for (o, &op) in Op::ALL.iter().enumerate() {
            for i in 0..n {
                let c = (i + round) % n;
                let out = &mut samples[o][c];
                let contender = &contenders[c];
                for _ in 0..config.block {
                    let start = Instant::now();
                    contender.call(op).await;
                    out.push(start.elapsed().as_nanos() as u64);
                }
            }
        }
    }
    let mut throughput: Vec<Vec<Vec<f64>>> = vec![vec![Vec::new(); n]; Op::ALL.len()];
    for round in 0..config.throughput_rounds.max(1) {
        for (o, &op) in Op::ALL.iter().enumerate() {
            for i in 0..n {
                let c = (i + round) % n;
                let rate = burst(&contenders[c], op, config.in_flight, config.calls_per_task).await;
                throughput[o][c].push(rate);
            }
        }
    }
    RunResult {
        results: samples
            .iter_mut()
            .zip(throughput)
            .map(|(per_op, tput)| {
                per_op
                    .iter_mut()
                    .zip(tput)
                    .map(|(s, throughput)| OpResult {
                        latency: Summary::of(s),
                        throughput,
                    })
                    .collect()
            })
            .collect(),
    }
}

/// `in_flight` tasks making `calls_per_task` sequential calls each; returns calls per second.
pub async fn burst<C: Contender>(c: &C, op: Op, in_flight: usize, calls_per_task: usize) -> f64 {
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..in_flight {
        let c = c.clone();
        tasks.spawn(async move {
            for _ in 0..calls_per_task {
                c.call(op).await;
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("burst task");
    }
    (in_flight * calls_per_task) as f64 / start.elapsed().as_secs_f64()
}

fn us(ns: f64) -> f64 {
    ns / 1_000.0
}

/// Prints one run's table.
pub fn print_run(run: usize, names: &[&str], result: &RunResult, config: &LoopbackConfig) {
    println!(
        "\nrun {run}: latency over {} sequential calls per contender and operation ({} rounds × {}), throughput with {} in flight (median of {} bursts of {} calls)",
        config.rounds * config.block,
        config.rounds,
        config.block,
        config.in_flight,
        config.throughput_rounds.max(1),
        config.in_flight * config.calls_per_task
    );
    println!(
        "  {:<13}{:<13}{:>11}{:>11}{:>11}{:>11}{:>11}{:>14}",
        "op", "contender", "median µs", "p90 µs", "p99 µs", "mean µs", "max µs", "calls/s"
    );
    for (o, op) in Op::ALL.iter().enumerate() {
        for (c, name) in names.iter().enumerate() {
            let r = &result.results[o][c];
            let l = &r.latency;
            println!(
                "  {:<13}{:<13}{:>11.1}{:>11.1}{:>11.1}{:>11.1}{:>11.1}{:>14.0}",
                op.name(),
                name,
                us(l.median),
                us(l.p90),
                us(l.p99),
                us(l.mean),
                us(l.max),
                r.throughput_median()
            );
        }
    }
}

/// Prints, for each `(a, b)` pair, the ratios of every run and their median (min–max).
pub fn print_ratio_summary(names: &[&str], runs: &[RunResult], pairs: &[(usize, usize)]) {
    println!(
        "\nratios over {} runs: median (min–max); latency a/b (below 1: a faster), throughput a/b (above 1: a faster)",
        runs.len()
    );
    println!(
        "  {:<13}{:<30}{:<26}{:<26}{:<26}",
        "op", "a / b", "median latency", "p99 latency", "throughput"
    );
    for (o, op) in Op::ALL.iter().enumerate() {
        for &(a, b) in pairs {
            let ratios: Vec<Ratios> = runs.iter().map(|r| r.ratios(o, a, b)).collect();
            let pick =
                |f: fn(&Ratios) -> f64| Spread::of(&ratios.iter().map(f).collect::<Vec<_>>());
            println!(
                "  {:<13}{:<30}{:<26}{:<26}{:<26}",
                op.name(),
                format!("{} / {}", names[a], names[b]),
                pick(|r| r.median).to_string(),
                pick(|r| r.p99).to_string(),
                pick(|r| r.throughput).to_string(),
            );
        }
    }
    println!("\nper-run ratios (tab-separated, for aggregating several processes):");
    println!("  #ratio\top\ta\tb\trun\tmedian\tp99\tthroughput");
    for (o, op) in Op::ALL.iter().enumerate() {
        for &(a, b) in pairs {
            for (i, r) in runs.iter().enumerate() {
                let x = r.ratios(o, a, b);
                println!(
                    "  #ratio\t{}\t{}\t{}\t{}\t{:.4}\t{:.4}\t{:.4}",
                    op.name(),
                    names[a],
                    names[b],
                    i + 1,
                    x.median,
                    x.p99,
                    x.throughput
                );
            }
        }
    }
}

/// A decoder under test: name and a function decoding (and dropping) one body.
pub type Decoder = (&'static str, fn(&[u8]));

/// Interleaved decode timing: `rounds` rounds, each timing `iters` decodes of `body` per
/// decoder (order rotating). Returns MiB/s of every round, by decoder.
pub fn decode_interleaved(
    decoders: &[Decoder],
    body: &[u8],
    rounds: usize,
    iters: usize,
) -> Vec<Vec<f64>> {
    let n = decoders.len();
    // warm-up: a tenth of a round's work each, at least a few calls
    for (_, decode) in decoders {
        for _ in 0..(iters / 10).max(3) {
            decode(black_box(body));
        }
    }
    let mut rates = vec![Vec::with_capacity(rounds); n];
    for round in 0..rounds {
        for i in 0..n {
            let d = (i + round) % n;
            let decode = decoders[d].1;
            let start = Instant::now();
            for _ in 0..iters {
                decode(black_box(body));
            }
            let elapsed = start.elapsed().max(Duration::from_nanos(1));
            rates[d].push((body.len() * iters) as f64 / elapsed.as_secs_f64() / (1024.0 * 1024.0));
        }
    }
    rates
}

/// Prints a decode table: MiB/s (median, min–max over rounds), µs per decode, and each
/// decoder's speed relative to `baseline` (by per-round ratio: median, min–max).
pub fn print_decode(
    title: &str,
    decoders: &[Decoder],
    body_len: usize,
    rates: &[Vec<f64>],
    baseline: usize,
) {
    println!(
        "\ndecode {title} ({body_len} bytes), {} interleaved rounds; speed relative to {}",
        rates[0].len(),
        decoders[baseline].0
    );
    println!(
        "  {:<28}{:>11}{:>22}{:>12}{:>30}",
        "decoder", "MiB/s", "(min–max)", "µs/decode", "speed vs baseline"
    );
    for (d, (name, _)) in decoders.iter().enumerate() {
        let s = Spread::of(&rates[d]);
        let per_round: Vec<f64> = rates[d]
            .iter()
            .zip(&rates[baseline])
            .map(|(x, b)| x / b)
            .collect();
        let rel = Spread::of(&per_round);
        println!(
            "  {:<28}{:>11.1}{:>22}{:>12.2}{:>30}",
            name,
            s.median,
            format!("({:.1}–{:.1})", s.min, s.max),
            body_len as f64 / (s.median * 1024.0 * 1024.0) * 1e6,
            rel.to_string()
        );
    }
}

/// Runs the whole loopback benchmark on a fresh client runtime: checks that all contenders
/// decode the same answers, warms them up, runs `config.runs` interleaved runs (printing each)
/// and prints the ratio summary for `pairs` (indices into `contenders`). With `config.solo`,
/// only that contender is measured and no ratios are printed.
pub fn run_loopback<C: Contender>(
    contenders: Vec<C>,
    pairs: &[(usize, usize)],
    config: &LoopbackConfig,
) -> Result<Vec<RunResult>, String> {
    let runtime = config.client_runtime();
    runtime.block_on(verify(&contenders));
    let contenders: Vec<C> = match &config.solo {
        None => contenders,
        Some(solo) => {
            let names: Vec<&str> = contenders.iter().map(|c| c.name()).collect();
            let kept: Vec<C> = contenders
                .iter()
                .filter(|c| c.name() == solo)
                .cloned()
                .collect();
            if kept.is_empty() {
                return Err(format!(
                    "--solo {solo:?}: no such contender (have {names:?})"
                ));
            }
            kept
        }
    };
    let names: Vec<&str> = contenders.iter().map(|c| c.name()).collect();
    let runs = runtime.block_on(async {
        warm_up(&contenders, config).await;
        let mut runs = Vec::with_capacity(config.runs);
        for run in 1..=config.runs {
            let result = loopback_run(&contenders, config).await;
            print_run(run, &names, &result, config);
            runs.push(result);
        }
        runs
    });
    if config.solo.is_none() {
        print_ratio_summary(&names, &runs, pairs);
    }
    Ok(runs)
}

/// Prints the machine (cores, CPU model) and its load average.
pub fn print_machine() {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|m| m.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    println!("machine: {cores} cores, CPU {model}");
    print_load("load at start");
}

/// Prints the load average (1, 5, 15 minutes) with a label.
pub fn print_load(label: &str) {
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!("{label}: {}", load.trim());
    }
}

/// What both bench binaries do first: parse the options, print the machine and start the
/// canned server. `Err` carries the exit code after the reason was printed.
pub fn start() -> Result<(LoopbackConfig, crate::server::CannedServer), std::process::ExitCode> {
    let config = LoopbackConfig::from_args(std::env::args().skip(1)).map_err(|message| {
        eprintln!("{message}");
        std::process::ExitCode::FAILURE
    })?;
    print_machine();
    println!("{config:?}");
    let server = crate::server::CannedServer::start().map_err(|e| {
        eprintln!("cannot start the canned server: {e}");
        std::process::ExitCode::FAILURE
    })?;
    println!("canned server at {}", server.base_url());
    Ok((config, server))
}

/// Times `authenticate` and `send` decoders interleaved on the full fixtures (unless
/// `--no-decode`), printing speeds relative to decoder `baseline`.
pub fn decode_fixtures(
    config: &LoopbackConfig,
    authenticate: &[Decoder],
    send: &[Decoder],
    baseline: usize,
) {
    if config.no_decode {
        return;
    }
    for (title, decoders, body) in [
        (
            "authenticate_full.json",
            authenticate,
            crate::fixtures::AUTHENTICATE_FULL,
        ),
        ("send_full.json", send, crate::fixtures::SEND_FULL),
    ] {
        let rates = decode_interleaved(decoders, body, config.decode_rounds, config.decode_iters);
        print_decode(title, decoders, body.len(), &rates, baseline);
    }
}

/// What both bench binaries do last: report what the server served, and fail if it rejected
/// any request (a contender sent something wrong).
pub fn finish(server: &crate::server::CannedServer) -> std::process::ExitCode {
    let served = server.served();
    println!("\nserved: {served:?}");
    print_load("load at end");
    if served.rejected > 0 {
        eprintln!("the canned server rejected {} requests", served.rejected);
        return std::process::ExitCode::FAILURE;
    }
    std::process::ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contenders::{RawReqwest, Sdk};
    use crate::server::CannedServer;

    crate::contender_enum! {
        enum Two { Sdk(Sdk), Raw(RawReqwest) }
    }

    #[test]
    fn quantiles_and_spreads() {
        let mut samples: Vec<u64> = (1..=101).rev().collect();
        let s = Summary::of(&mut samples);
        assert_eq!((s.median, s.p99, s.min, s.max), (51.0, 100.0, 1.0, 101.0));
        let spread = Spread::of(&[3.0, 1.0, 2.0, 4.0]);
        assert_eq!((spread.median, spread.min, spread.max), (2.5, 1.0, 4.0));
        assert_eq!(spread.to_string(), "2.500× (1.000–4.000)");
    }

    #[test]
    fn options_parse() {
        let args = ["--quick", "--runs", "3", "--solo", "sdk", "--no-decode"];
        let config = LoopbackConfig::from_args(args.map(String::from)).unwrap();
        assert_eq!((config.runs, config.rounds, config.block), (3, 3, 50));
        assert_eq!(config.solo.as_deref(), Some("sdk"));
        assert!(config.no_decode && !config.ablations);
        assert!(LoopbackConfig::from_args(["--runs".to_string()]).is_err());
        assert!(LoopbackConfig::from_args(["--nope".to_string()]).is_err());
    }

    #[test]
    fn a_tiny_interleaved_run_over_the_canned_server() {
        let server = CannedServer::start().unwrap();
        let base = server.base_url();
        let args = [
            "--quick",
            "--runs",
            "1",
            "--warmup",
            "5",
            "--calls-per-task",
            "2",
        ];
        let config = LoopbackConfig::from_args(args.map(String::from)).unwrap();
        let contenders = vec![Two::Sdk(Sdk::new(&base)), Two::Raw(RawReqwest::new(&base))];
        let runs = run_loopback(contenders, &[(0, 1)], &config).unwrap();
        assert_eq!(runs.len(), 1);
        let r = runs[0].ratios(1, 0, 1);
        assert!(r.median > 0.0 && r.throughput > 0.0);
        let served = server.served();
        assert_eq!(served.rejected, 0);
        assert!(
            served.send > 300 && served.send == served.authenticate,
            "{served:?}"
        );
    }

    #[test]
    fn the_canned_server_rejects_wrong_credentials_and_paths() {
        let server = CannedServer::start().unwrap();
        let base = server.base_url();
        let runtime = LoopbackConfig::default().client_runtime();
        let statuses = runtime.block_on(async {
            let http = crate::contenders::raw_client();
            let unauthorized = http
                .post(format!("{base}{}", crate::fixtures::SEND_PATH))
                .basic_auth("project-test-other", Some("secret"))
                .body("{}")
                .send()
                .await
                .unwrap()
                .status();
            let not_found = http
                .post(format!("{base}/v1/b2b/otps/email/send"))
                .body("{}")
                .send()
                .await
                .unwrap()
                .status();
            (unauthorized.as_u16(), not_found.as_u16())
        });
        assert_eq!(statuses, (401, 404));
        assert_eq!(server.served().rejected, 2);
    }
}
