//! The HTTP client, in five parts:
//!
//! - `builder`: [`ClientBuilder`], its defaults and checks, and the client it builds;
//! - `request`: what one call sends: [`Operation`], [`Params`], the URL with its path
//!   parameters encoded, and the header parameters;
//! - `exchange`: sending it with retries, timeouts and the tracing span, reading the answer
//!   and mapping failures to errors;
//! - `pending`: the [`Pending`] future a call returns, which decodes the answer;
//! - `slots`: the per-client values of the hand-written layer, which the runtime holds
//!   without knowing their types.
//!
//! This file holds the [`Client`] itself: its shared state, accessors and the `call` entry
//! point generated methods use.

use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use reqwest::header::HeaderValue;

use crate::retry::RetryPolicy;
use exchange::decode_answer;
use slots::Slots;

mod builder;
mod exchange;
mod pending;
mod request;
mod slots;

pub use builder::ClientBuilder;
pub use builder::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT};
pub(crate) use exchange::decode;
pub use pending::Pending;
#[cfg(feature = "blocking")]
pub(crate) use pending::{Answer, Exchange};
pub use request::{Operation, Params};

/// How `Debug` shows a secret.
const REDACTED: &str = "[redacted]";

/// A Stytch API client.
///
/// Cheap to clone: clones share one connection pool. [`Client::with_timeout`]
/// and [`Client::with_retry_policy`] give clones with other per-call settings,
/// still on the same pool.
///
/// ```no_run
/// # fn main() -> Result<(), stytch_b2b_otp_sms::Error> {
/// let client =
///     stytch_b2b_otp_sms::Client::builder("project-test-123", "secret-test-456").build()?;
/// assert_eq!(client.base_url(), "https://test.stytch.com");
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(super) inner: Arc<Inner>,
    pub(super) timeout: Duration,
    pub(super) retry: RetryPolicy,
}

pub(crate) struct Inner {
    pub(super) http: reqwest::Client,
    pub(super) project_id: String,
    pub(super) base_url: String,
    /// `base_url` parsed: the server address and port the call spans record.
    pub(super) base: reqwest::Url,
    pub(super) authorization: HeaderValue,
    pub(super) user_agent: HeaderValue,
    pub(super) connect_timeout: Duration,
    pub(super) max_response_bytes: usize,
    /// Method and URL of each operation called so far, parsed once per client instead of on
    /// every call (the API has a handful of operations, so a scan is enough).
    pub(super) prepared: RwLock<Vec<(Operation, reqwest::Method, reqwest::Url)>>,
    /// What the hand-written layer keeps per client (its configuration and caches), shared
    /// by the client's clones; see [`Slots`].
    pub(super) extensions: Slots,
}

impl Client {
    /// The Stytch project id.
    pub fn project_id(&self) -> &str {
        &self.inner.project_id
    }

    /// The base URL requests are sent to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The hand-written layer's per-client value of type `T`: what the builder put there, or
    /// else made by `init` on first use; shared by the client's clones.
    #[allow(dead_code)] // Only the extensions of some features keep state.
    pub(crate) fn extension<T: std::any::Any + Send + Sync>(
        &self,
        init: impl FnOnce() -> T,
    ) -> Arc<T> {
        self.inner.extensions.get_or_insert_with(init)
    }

    /// A clone of this client whose calls time out after `timeout` (per
    /// attempt, reading the body included). Shares the connection pool.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// # fn main() -> Result<(), stytch_b2b_otp_sms::Error> {
    /// let client = stytch_b2b_otp_sms::Client::builder("project-test-…", "secret-test-…").build()?;
    /// // For one slow call; `client` keeps its own timeout.
    /// let patient = client.with_timeout(Duration::from_secs(60));
    /// # drop(patient);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn with_timeout(&self, timeout: Duration) -> Client {
        Client {
            timeout: if timeout.is_zero() {
                self.timeout
            } else {
                timeout
            },
            ..self.clone()
        }
    }

    /// A clone of this client that retries according to `policy`. Shares the
    /// connection pool.
    #[must_use]
    pub fn with_retry_policy(&self, policy: RetryPolicy) -> Client {
        Client {
            retry: policy,
            ..self.clone()
        }
    }

    /// Starts a call of `op`: `body` encoded as JSON (if any) and `params` are sent when the
    /// returned future is first polled, and a 2xx JSON answer is decoded as `Resp`.
    ///
    /// The only generic code per operation is here, and it is small: encoding the request
    /// and the decoder (`decode_answer::<Resp>`). Everything else, the retries, timeouts,
    /// tracing span, URL, status mapping and body limit, is [`Client::exchange`], compiled
    /// once. Generated methods call this with their own concrete types, so it is instantiated
    /// in this crate, never in the caller's.
    pub(crate) fn call<Req, Resp>(
        &self,
        op: &'static Operation,
        params: Params,
        body: Option<&Req>,
    ) -> crate::Pending<Resp>
    where
        Req: serde::Serialize + ?Sized,
        Resp: serde::de::DeserializeOwned,
    {
        let body = body.map(serde_json::to_vec).transpose();
        crate::Pending::new(
            self.exchange(op, params, body),
            decode_answer::<Resp>,
            op.name,
        )
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("project_id", &self.inner.project_id)
            .field("secret", &REDACTED)
            .field("base_url", &self.inner.base_url)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish()
    }
}

#[cfg(test)]
mod tests;
