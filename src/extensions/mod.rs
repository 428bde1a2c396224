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
//!
//! The generated module of the same name re-exports each module's public items
//! (`crate::sessions::LocalSession` is `extensions::sessions::LocalSession`), so their paths
//! are the API's own; the generator only knows that the module exists
//! (`Settings::extensions`).

#[cfg(all(feature = "sessions", feature = "rbac"))]
pub mod rbac;
#[cfg(feature = "organizations")]
pub mod search;
#[cfg(feature = "sessions")]
pub mod sessions;
