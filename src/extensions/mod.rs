//! The hand-written layer above the runtime and the generated code: plain Rust that may name
//! generated types (the runtime in `src/` may not), for what Stytch's document cannot say.
//!
//! - [`sessions`]: local verification of session JWTs, `authenticate_jwt_local` and
//!   `authenticate_jwt` on `client.sessions()`, over the generated `MemberSession`,
//!   `get_jwks` and `sessions.authenticate`.
//! - `search` (`organizations` feature): what every typed search query shares, the
//!   `SearchFilter` trait and `TypedSearchQuery`; the filters themselves (`OrganizationFilter`,
//!   `MemberFilter`) and the query aliases are generated from the overlay's `x-search-filters`.
//! - `rbac` (`sessions` and `rbac` features): local RBAC authorization of a verified session
//!   against a per-client cache of the project's and organizations' policies.
//! - `idp` (`idp` feature; its checks also need `sessions`): local checks of Connected Apps
//!   access tokens, `introspect_token_local` on `client.idp()`, against the same JWKS cache,
//!   and (`rbac` feature) their scope authorization against the policy's `scopes`.
//! - `errors`: the errors of those local decisions, which [`Error`](crate::Error) carries.
//!
//! What an extension keeps per client (its caches and configuration) lives in the client's
//! slots, one value per type (`Client::extension`, `ClientBuilder::with_extension`); its
//! builder methods are `impl ClientBuilder` blocks in its own module.
//!
//! The generated module of the same name re-exports each module's public items
//! (`crate::sessions::LocalSession` is `extensions::sessions::LocalSession`), so their paths
//! are the API's own; the generator only knows that the module exists
//! (`Settings::extensions`).

pub mod errors;
/// Re-exported by the generated `idp` module; its items need `sessions` too (the JWKS comes
/// from `sessions.get_jwks`, a check is a `sessions::AuthorizationCheck`).
#[cfg(feature = "idp")]
pub mod idp {
    #[cfg(feature = "sessions")]
    mod access_tokens;
    #[cfg(feature = "sessions")]
    pub use access_tokens::*;
}
#[cfg(all(feature = "sessions", feature = "rbac"))]
pub mod rbac;
#[cfg(feature = "organizations")]
pub mod search;
#[cfg(feature = "sessions")]
pub mod sessions;

/// The items of this layer that are at the crate's root (`lib.rs` re-exports them all), with
/// the features they need.
pub(crate) mod root {
    #[cfg(all(feature = "sessions", feature = "rbac"))]
    pub use super::rbac::{DEFAULT_RBAC_CAPACITY, DEFAULT_RBAC_TTL};
}

/// This layer's entry points for fuzzing and benchmarks (`__private` re-exports them all).
pub(crate) mod private {
    #[cfg(feature = "sessions")]
    pub use super::sessions::jwt::verify_session_jwt;
}
