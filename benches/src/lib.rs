//! Shared pieces of the benchmarks of `stytch-b2b-otp-sms` (also used by the `compare` crate,
//! which adds Stytch's official crate as a third contender).
//!
//! - [`fixtures`]: the canned response bodies and the request values every contender sends;
//! - [`server`]: a canned HTTP/1.1 server on loopback (hyper, keep-alive) answering
//!   `POST /v1/b2b/otps/sms/send` and `/authenticate` with fixed bodies, no logic;
//! - [`contenders`]: this SDK and the floor, a raw `reqwest` + `serde_json` call decoding into
//!   the same generated types;
//! - [`decoders`]: the SDK's real decode path and the references it is measured against;
//! - [`harness`]: interleaved latency, in-flight throughput and decode measurements, and the
//!   statistics and tables they print;
//! - [`consumers`]: the scratch consumer crates of the `consumer_build` benchmark (this SDK,
//!   Stytch's official crate, the bare stack), whose build times it compares;
//! - `synth` (feature `codegen`): synthetic schemas N× the size of `schema/`, for the
//!   generator's growth curve.
//!
//! Commands (from the workspace root):
//!
//! ```sh
//! cargo run --release -p stytch-b2b-otp-sms-benches --bin loopback
//! cargo bench -p stytch-b2b-otp-sms-benches
//! cargo bench -p stytch-b2b-otp-sms-benches --features codegen --bench codegen
//! cargo run --release -p stytch-b2b-otp-sms-benches --features codegen --bin codegen_scaling
//! cargo run --release -p stytch-b2b-otp-sms-compare --bin compare
//! cargo run --release -p stytch-b2b-otp-sms-benches --bin consumer_build
//! ```

pub mod consumers;
pub mod contenders;
pub mod decoders;
pub mod fixtures;
pub mod harness;
pub mod server;
#[cfg(feature = "codegen")]
pub mod synth;
