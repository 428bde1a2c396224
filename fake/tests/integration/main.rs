//! The fake's integration tests in one test binary: each file of this directory is a module,
//! so the SDK, the fake and their dependencies are linked once for all of them instead of once
//! per file (linking dominated the time `cargo test` spent on these tests).
//!
//! The harness runs these tests on parallel threads of one process, so none of them may change
//! what the whole process shares: no environment variables set, no logger or subscriber
//! installed, no resource limit changed. The rustls provider that `support::http` installs is
//! process-wide, and installing it again is a harmless no-op. Every test starts its own fake
//! on its own port.
//!
//! Two files stay binaries of their own, each saying why in its first lines: `hostile.rs` and
//! `load.rs` open hundreds of sockets sized to a 1,024 open-file limit (and `hostile.rs` bounds
//! how long answers may take), which other tests running beside them would disturb.
//!
//! Run one module with a filter, e.g. `cargo test -p stytch-b2b-otp-sms-fake --test
//! integration -- sso::`.

#[path = "../support/mod.rs"]
mod support;

mod access_tokens;
mod apps;
mod authenticate;
mod directory;
mod directory_members;
mod discovery;
mod email_login;
mod emulator;
mod faults;
mod http;
mod jwt;
mod mfa;
mod oauth;
mod outbox;
mod passwords;
mod paths;
mod python_flows;
mod rate_limits;
mod rbac;
mod sandbox;
mod scim;
mod search;
mod send;
mod sessions;
mod setup;
mod sso;
mod state;
mod totp;
