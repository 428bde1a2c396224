//! The generator's run time (`stytch_b2b_otp_sms_codegen::generate`) for `schema/` and for
//! synthetic schemas 2×, 5× and 10× its size (same shapes, renamed: see the `synth` module).
//!
//! ```sh
//! cargo bench -p stytch-b2b-otp-sms-benches --features codegen --bench codegen
//! ```
//!
//! Needs the `codegen` feature (see `Cargo.toml` for why it is off by default). The
//! `codegen_scaling` binary times the same inputs interleaved and prints the growth ratios.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use stytch_b2b_otp_sms_benches::synth;

fn generate(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    for factor in [1, 2, 5, 10] {
        let schema = synth::scaled(synth::SCHEMA, factor).expect("scaled schema");
        group.throughput(Throughput::Bytes(schema.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("schema", format!("{factor}x")),
            &schema,
            |b, schema| b.iter(|| synth::generate(black_box(schema)).expect("generate")),
        );
    }
    // Stytch's whole B2B document, every operation selected (97 operations, 311 schemas).
    group.throughput(Throughput::Bytes(synth::WHOLE.len() as u64));
    group.bench_with_input(
        BenchmarkId::new("stytch-whole-document", "97 operations"),
        synth::WHOLE,
        |b, schema| b.iter(|| synth::generate(black_box(schema)).expect("generate")),
    );
    group.finish();
}

criterion_group!(benches, generate);
criterion_main!(benches);
