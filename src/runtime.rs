//! The contract between the hand-written runtime (`src/`) and the code `build.rs` generates
//! from `schema/` (checked in under `generated/`).
//!
//! Each side reaches the other only through what this module lists, so a change to Stytch's
//! document reaches the runtime as a generation error (the generator checks what it fills in
//! here) or as a compile error in this module, never as an edit somewhere in `src/`.
//!
//! # What generated code uses from the runtime
//!
//! - [`Operation`]: one `static` per operation (name, HTTP method, path).
//! - [`Params`]: the path, query and header values of one call, and its body fields that must
//!   not be empty (`Params::non_empty`, for the overlay's `x-non-empty` marks).
//! - `Client::call(&Operation, Params, Option<&Body>) -> Pending<Response>`: runs one operation
//!   (authentication, timeouts, retries, decoding, error mapping); every generated method is
//!   one call of it, so the generic shell the caller's crate instantiates stays small.
//! - `blocking::Client::as_async` and `blocking::Client::wait`: the blocking methods wrap the
//!   async ones.
//! - `path_of_error` (with the `server` feature): where a request body failed to decode, for
//!   the server glue's answers.
//! - The public items [`Client`](crate::Client), [`Error`](crate::Error),
//!   [`Pending`](crate::Pending) and, for the open enums, the generated `UnknownValue`.
//!
//! # What the runtime takes from generated code
//!
//! - Three files, whose paths `build.rs` passes in environment variables so that no file
//!   name is written in `src/`: `STYTCH_GENERATED_RUST` (types, client methods, server glue),
//!   `STYTCH_GENERATED_BLOCKING` (the blocking methods, included in `blocking`) and
//!   `STYTCH_GENERATED_DOCS` (the crate documentation's generated part: the example call and
//!   the index of generated modules with their features).
//! - A module `__contract` in the first file, with:
//!   - `type ErrorBody`: the type of the document's error body, implementing [`ErrorBody`]
//!     (the public [`ApiError`](crate::ApiError) holds one, with the call's context);
//!   - `fn is_secret_name(name: &str) -> bool`: whether a JSON key or header holds a secret
//!     (the schema's marks and the secret-name rule), used to redact error details and body
//!     snippets.
//!
//! # The layer above both
//!
//! `src/extensions/` is hand-written code that may name generated types and products (the
//! rest of `src/` may do neither): local session-JWT verification over the generated
//! `MemberSession`, `get_jwks` and `sessions.authenticate`; local RBAC checks over the
//! generated policy operations; pagination of the cursor-paged searches; typed search
//! queries. A generated module re-exports the extension of its name (the generator's
//! `Settings::extensions`), so its items have the API's paths.
//!
//! An extension reaches the runtime only as any caller does (generated methods, which run
//! `Client::call`) plus two product-free hooks: `Client::extension::<T>(init)`, its
//! per-client value of type `T` (a cache, shared by the client's clones), and
//! `ClientBuilder::with_extension(value)`, which its own builder methods use to configure
//! it. Its errors are variants of [`Error`](crate::Error): `Error::Unavailable` is the
//! runtime's (a local decision that a failed call left undecided, with that call's error as
//! its source); the payloads of `Error::Jwt` and `Error::Authorization` are defined in
//! `src/extensions/errors.rs`.

pub(crate) use crate::client::{Operation, Params};
/// The JSONPath of the place a JSON body failed to decode, for the server glue's
/// `bad_request` answers.
#[cfg(feature = "server")]
pub(crate) use crate::json_path::path_of_error;

/// The error body's side of the contract: the trait the generator implements for the
/// document's error schema, and the parts the runtime fills it from (defined with the errors).
pub(crate) use crate::error::{ErrorBody, ErrorParts};
