//! Decode time of the full response bodies (criterion), in bytes per second:
//!
//! - `sdk_decode_response`: the client's real path (`__private::decode_response`, with
//!   `serde_path_to_error`) into the generated types;
//! - `serde_json_from_slice`: plain `serde_json::from_slice` into the same generated types;
//! - `serde_json_value`: into an untyped `serde_json::Value`;
//! - `ignored_any`: parse only (`serde::de::IgnoredAny`), the floor.
//!
//! ```sh
//! cargo bench -p stytch-b2b-otp-sms-benches --bench decode
//! ```
//!
//! Criterion runs the functions one after the other; the `loopback` binary's decode section
//! (and the `compare` binary's, with the official crate) times the same functions interleaved.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use stytch_b2b_otp_sms_benches::{decoders, fixtures};

fn decode(c: &mut Criterion) {
    for (name, body, set) in [
        (
            "decode/authenticate_full",
            fixtures::AUTHENTICATE_FULL,
            &decoders::AUTHENTICATE,
        ),
        ("decode/send_full", fixtures::SEND_FULL, &decoders::SEND),
    ] {
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(body.len() as u64));
        for ((_, decode), id) in set.iter().zip([
            "sdk_decode_response",
            "serde_json_from_slice",
            "serde_json_value",
            "ignored_any",
        ]) {
            group.bench_function(id, |b| b.iter(|| decode(black_box(body))));
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = decode
}
criterion_main!(benches);
