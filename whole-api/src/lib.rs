//! The SDK's hand-written runtime (`../src`, compiled here unchanged) with the code generated
//! for every operation of Stytch's whole B2B document: proof that the generator's output for
//! the whole API builds, passes clippy and documents without warnings. Not published; CI
//! checks it (`cargo clippy -p stytch-b2b-whole-api-check`, `cargo doc -p ...`).
#![deny(missing_docs)]
#![forbid(unsafe_code)]

#[path = "../../src/blocking.rs"]
pub mod blocking;
#[path = "../../src/client.rs"]
mod client;
#[path = "../../src/error.rs"]
mod error;
#[path = "../../src/json_path.rs"]
mod json_path;
#[path = "../../src/pending.rs"]
mod pending;
#[path = "../../src/retry.rs"]
mod retry;
#[path = "../../src/tls.rs"]
mod tls;

pub use client::{
    Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT,
};
pub use error::*;
pub use pending::Pending;
pub use retry::RetryPolicy;

include!(concat!(env!("OUT_DIR"), "/b2b_otp_sms.rs"));
