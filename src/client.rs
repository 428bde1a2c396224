//! The HTTP client: configuration, authentication, and request execution.

use std::fmt;
use std::net::IpAddr;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue, RETRY_AFTER, USER_AGENT,
};
use tracing::Instrument;

use crate::retry::{Failure, RetryPolicy, parse_retry_after};
use crate::runtime::ErrorBody as _;

use crate::error::{
    self, EncodeError, Error, ResponseTooLargeError, TimeoutError, TransportError, config_error,
};

/// Default time allowed to establish a connection (TCP + TLS): 5 seconds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default total time allowed for one request, body included: 30 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default time the RBAC policies of local authorization checks are used: 5 minutes.
#[cfg(all(feature = "sessions", feature = "rbac"))]
pub const DEFAULT_RBAC_TTL: Duration = Duration::from_secs(300);
/// Default number of organizations whose RBAC policy a client keeps: 1,000.
#[cfg(all(feature = "sessions", feature = "rbac"))]
pub const DEFAULT_RBAC_CAPACITY: usize = 1_000;
/// Default maximum size of a response body: 4 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;

const LIVE_BASE_URL: &str = "https://api.stytch.com";
const TEST_BASE_URL: &str = "https://test.stytch.com";
const REDACTED: &str = "[redacted]";

/// Describes one HTTP operation; generated code creates `static`s of it.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// Operation name, e.g. `otps.sms.send`.
    pub name: &'static str,
    /// HTTP method, e.g. `POST`.
    pub method: &'static str,
    /// Path below the base URL, e.g. `/v1/b2b/otps/sms/send`.
    pub path: &'static str,
}

/// The path, query and header parameters of one call; generated code fills it from the
/// request's non-body fields.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct Params {
    path: Vec<(&'static str, String)>,
    query: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
}

// `path`, `query` and `header` are called by generated code only when the selected operations
// have such parameters (the default selection has none).
#[allow(dead_code)]
impl Params {
    /// No parameters.
    pub fn none() -> Self {
        Self::default()
    }

    /// The value of the `{name}` path segment (percent-encoded when sent).
    pub fn path(&mut self, name: &'static str, value: &(impl fmt::Display + ?Sized)) {
        self.path.push((name, value.to_string()));
    }

    /// A query parameter, when set.
    pub fn query(&mut self, name: &'static str, value: Option<&(impl fmt::Display + ?Sized)>) {
        if let Some(value) = value {
            self.query.push((name, value.to_string()));
        }
    }

    /// A header, when set (always marked sensitive).
    pub fn header(&mut self, name: &'static str, value: Option<&(impl fmt::Display + ?Sized)>) {
        if let Some(value) = value {
            self.headers.push((name, value.to_string()));
        }
    }
}

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
    inner: Arc<Inner>,
    timeout: Duration,
    retry: RetryPolicy,
}

struct Inner {
    http: reqwest::Client,
    project_id: String,
    base_url: String,
    /// `base_url` parsed: the server address and port the call spans record.
    base: reqwest::Url,
    authorization: HeaderValue,
    user_agent: HeaderValue,
    connect_timeout: Duration,
    max_response_bytes: usize,
    /// Method and URL of each operation called so far, parsed once per client instead of on
    /// every call (the API has a handful of operations, so a scan is enough).
    prepared: RwLock<Vec<(Operation, reqwest::Method, reqwest::Url)>>,
    /// The project's session-JWT keys, shared by the client's clones.
    #[cfg(feature = "sessions")]
    jwks: crate::jwks::JwksCache,
    /// The RBAC policy cache's TTL and organization capacity (`rbac_policy_cache`).
    #[cfg(all(feature = "sessions", feature = "rbac"))]
    rbac_cache: (Duration, usize),
    /// Per-client state of the hand-written layer (`src/extensions/`), one value per type,
    /// shared by the client's clones: the runtime holds it without knowing what it is.
    #[cfg(feature = "sessions")]
    layer_state: std::sync::Mutex<Vec<Arc<dyn std::any::Any + Send + Sync>>>,
}

impl Inner {
    /// The method and URL of one call: `op`'s path with the path parameters filled in, and
    /// the query parameters appended.
    ///
    /// A path parameter is data, never path syntax: every byte outside RFC 3986's unreserved
    /// set (`A-Z a-z 0-9 - . _ ~`) is percent-encoded, control characters, `/`, `?`, `#`,
    /// `%` and `,` included, so a value fills exactly one segment. A value that is empty,
    /// `.` or `..` would change the path's shape (a missing segment, or a dot segment a
    /// server resolves) and is refused with an [`Error::Config`] naming the parameter.
    fn url_for(
        &self,
        op: &Operation,
        params: &Params,
    ) -> Result<(reqwest::Method, reqwest::Url), Error> {
        let (method, mut url) = self.prepare(op)?;
        if !params.path.is_empty() {
            let path = fill_path(op, url.path(), params)?;
            url.set_path(&path);
        }
        if !params.query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(params.query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        Ok((method, url))
    }

    /// The parsed method and URL of `op`'s path template, from the cache or parsed now.
    fn prepare(&self, op: &Operation) -> Result<(reqwest::Method, reqwest::Url), Error> {
        let cached = self
            .prepared
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .iter()
            .find(|(known, ..)| known.method == op.method && known.path == op.path)
            .map(|(_, method, url)| (method.clone(), url.clone()));
        if let Some(prepared) = cached {
            return Ok(prepared);
        }
        let method = reqwest::Method::from_bytes(op.method.as_bytes()).map_err(|_| {
            config_error(format!("operation {} has an invalid HTTP method", op.name))
        })?;
        let url = reqwest::Url::parse(&format!("{}{}", self.base_url, op.path))
            .map_err(|e| config_error(format!("operation {} has an invalid path: {e}", op.name)))?;
        self.prepared
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push((*op, method.clone(), url.clone()));
        Ok((method, url))
    }
}

/// What a path parameter keeps as it is: RFC 3986's unreserved characters. Everything else
/// (every other ASCII byte, control characters included, and every byte of a non-ASCII
/// character) is percent-encoded, as OpenAPI's `simple` style and JavaScript's
/// `encodeURIComponent` (Stytch's Node SDK) do.
const PATH_PARAMETER: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `template_path` (the path of `op`'s template as parsed below the base URL, still holding
/// its `{name}` segments, which the parser wrote `%7Bname%7D`) with each replaced by its
/// parameter, percent-encoded.
fn fill_path(op: &Operation, template_path: &str, params: &Params) -> Result<String, Error> {
    let mut path = String::with_capacity(template_path.len() + 32);
    for (i, segment) in template_path.split('/').enumerate() {
        if i > 0 {
            path.push('/');
        }
        // The URL parser encodes the template's braces (`{` is in its path encode set).
        let name = segment
            .strip_prefix("%7B")
            .and_then(|s| s.strip_suffix("%7D"));
        let Some(name) = name else {
            path.push_str(segment);
            continue;
        };
        let value = params
            .path
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| {
                config_error(format!("{}: path parameter `{name}` is missing", op.name))
            })?;
        if value.is_empty() || value == "." || value == ".." {
            return Err(config_error(format!(
                "{}: path parameter `{name}` is {value:?}; it must not be empty, `.` or `..` \
                 (that would change the path)",
                op.name
            )));
        }
        path.extend(percent_encoding::utf8_percent_encode(value, PATH_PARAMETER));
    }
    Ok(path)
}

/// A 2xx answer read in full, and the span of its call (where a decoding failure is
/// recorded).
pub(crate) struct Answer {
    status: u16,
    body: Bytes,
    span: tracing::Span,
}

/// Decodes an answer as `T`: the decoder of [`Pending`](crate::Pending), one per response type.
fn decode_answer<T: serde::de::DeserializeOwned>(answer: Answer) -> Result<T, Error> {
    decode(answer.status, &answer.body).map_err(|e| record_failure(&answer.span, e))
}

/// Records a failed call's OpenTelemetry `error.type` on its span.
fn record_failure(span: &tracing::Span, error: Error) -> Error {
    span.record("error.type", &*error_type_of(&error));
    error
}

/// A response read in full (status, `Retry-After`, body).
struct Raw {
    status: u16,
    retry_after: Option<Duration>,
    body: Bytes,
}

impl Client {
    /// Starts configuring a client for a project.
    ///
    /// Unless [`ClientBuilder::base_url`] is set, project ids starting with
    /// `project-live-` use `https://api.stytch.com`, all others
    /// `https://test.stytch.com`.
    pub fn builder(project_id: impl Into<String>, secret: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            project_id: project_id.into(),
            secret: secret.into(),
            base_url: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            user_agent: concat!("stytch-b2b-otp-sms-rust/", env!("CARGO_PKG_VERSION")).to_owned(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            retry: RetryPolicy::default(),
            http_client: None,
            roots: crate::tls::Roots::default(),
            #[cfg(feature = "sessions")]
            jwks_refresh: (crate::jwks::DEFAULT_TTL, crate::jwks::DEFAULT_COOLDOWN),
            #[cfg(all(feature = "sessions", feature = "rbac"))]
            rbac_cache: (DEFAULT_RBAC_TTL, DEFAULT_RBAC_CAPACITY),
        }
    }

    /// The Stytch project id.
    pub fn project_id(&self) -> &str {
        &self.inner.project_id
    }

    /// The base URL requests are sent to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The session-JWT key cache.
    #[cfg(feature = "sessions")]
    pub(crate) fn jwks(&self) -> &crate::jwks::JwksCache {
        &self.inner.jwks
    }

    /// The RBAC policy cache's TTL and organization capacity.
    #[cfg(all(feature = "sessions", feature = "rbac"))]
    pub(crate) fn rbac_cache_config(&self) -> (Duration, usize) {
        self.inner.rbac_cache
    }

    /// The hand-written layer's per-client state of type `T`, made by `init` on first use and
    /// shared by the client's clones.
    #[cfg(feature = "sessions")]
    #[cfg_attr(not(feature = "rbac"), allow(dead_code))]
    pub(crate) fn layer_state<T: std::any::Any + Send + Sync>(
        &self,
        init: impl FnOnce() -> T,
    ) -> Arc<T> {
        let mut states = self
            .inner
            .layer_state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(found) = states
            .iter()
            .find_map(|s| Arc::clone(s).downcast::<T>().ok())
        {
            return found;
        }
        let state = Arc::new(init());
        states.push(Arc::clone(&state) as Arc<dyn std::any::Any + Send + Sync>);
        state
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

    /// The non-generic part of every call: sends `body` (already encoded, or the encoding's
    /// error) and `params` to `op`, retrying as the [`RetryPolicy`] allows, inside one
    /// `stytch.request` tracing span, and gives back a 2xx body read in full.
    fn exchange(
        &self,
        op: &'static Operation,
        params: Params,
        body: Result<Option<Vec<u8>>, serde_json::Error>,
    ) -> crate::pending::Exchange {
        let client = self.clone();
        Box::pin(async move {
            // Our own field names, and the OpenTelemetry HTTP client attributes beside them
            // (`url.path` is the path sent, path parameters filled in; never a query, header
            // or body, so never a secret).
            let span = tracing::debug_span!(
                "stytch.request",
                operation = op.name,
                method = op.method,
                path = op.path,
                attempts = tracing::field::Empty,
                status = tracing::field::Empty,
                request_id = tracing::field::Empty,
                latency_ms = tracing::field::Empty,
                http.request.method = op.method,
                server.address = client.inner.base.host_str().unwrap_or_default(),
                server.port = client.inner.base.port_or_known_default(),
                url.path = tracing::field::Empty,
                http.response.status_code = tracing::field::Empty,
                error.type = tracing::field::Empty,
            );
            let result = client
                .exchange_in_span(op, params, body)
                .instrument(span.clone())
                .await;
            match result {
                Ok((status, body)) => Ok(Answer { status, body, span }),
                Err(e) => Err(record_failure(&span, e)),
            }
        })
    }

    async fn exchange_in_span(
        &self,
        op: &Operation,
        params: Params,
        body: Result<Option<Vec<u8>>, serde_json::Error>,
    ) -> Result<(u16, Bytes), Error> {
        let started = Instant::now();
        let span = tracing::Span::current();
        let (method, url) = self.inner.url_for(op, &params)?;
        span.record("url.path", url.path());
        let body = body.map_err(|source| EncodeError {
            operation: op.name,
            source,
        })?;
        let headers = header_params(op, &params)?;

        let mut attempt = 1;
        let result = loop {
            // Boxed: the exchange future is then 912 bytes instead of 1,728, and both
            // allocations fit the allocator's per-thread cache (glibc's tcache takes up to
            // 1,032 bytes), which keeps 64 calls in flight off its slower paths.
            let result =
                Box::pin(self.attempt(method.clone(), url.clone(), &headers, body.clone())).await;
            let failure = match &result {
                Ok(raw) => classify_status(raw),
                Err(e) => classify_error(e),
            };
            match self.retry.delay(attempt, failure) {
                Some(delay) => {
                    tracing::debug!(
                        attempt,
                        delay_ms = delay.as_millis() as u64,
                        reason = ?failure,
                        "retrying"
                    );
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                None => break result,
            }
        };

        span.record("attempts", attempt);
        span.record("latency_ms", started.elapsed().as_millis() as u64);
        let record_status = |status: u16| {
            span.record("status", status);
            span.record("http.response.status_code", status);
        };
        let raw = result.inspect_err(|e| {
            if let Some(status) = e.status() {
                record_status(status);
            }
        })?;
        record_status(raw.status);
        if !(200..300).contains(&raw.status) {
            let error = error::classify_error_body(raw.status, &raw.body);
            if let Some(id) = error.request_id() {
                span.record("request_id", id);
            }
            return Err(error);
        }
        if !span.is_disabled() {
            if let Some(id) = request_id_of(&raw.body) {
                span.record("request_id", id.as_str());
            }
        }
        Ok((raw.status, raw.body))
    }

    /// One HTTP exchange, the body read in full (up to the size cap).
    async fn attempt(
        &self,
        method: reqwest::Method,
        url: reqwest::Url,
        headers: &[(HeaderName, HeaderValue)],
        body: Option<Vec<u8>>,
    ) -> Result<Raw, Error> {
        let inner = &*self.inner;
        let mut request = inner
            .http
            .request(method, url)
            .header(AUTHORIZATION, inner.authorization.clone())
            .header(USER_AGENT, inner.user_agent.clone())
            .header(ACCEPT, "application/json")
            .timeout(self.timeout);
        for (name, value) in headers {
            request = request.header(name.clone(), value.clone());
        }
        if let Some(body) = body {
            request = request.header(CONTENT_TYPE, "application/json").body(body);
        }
        let mut response = request
            .send()
            .await
            .map_err(|e| self.map_reqwest_error(e))?;

        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        let limit = inner.max_response_bytes;
        let too_large = || ResponseTooLargeError { status, limit };
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(too_large().into());
        }
        // With a length (already checked against the cap), take the body as hyper assembled
        // it, without another copy; without one, read chunk by chunk and stop at the cap.
        let body = if response.content_length().is_some() {
            response
                .bytes()
                .await
                .map_err(|e| self.map_reqwest_error(e))?
        } else {
            let mut buffer = Vec::with_capacity(8 * 1024);
            while let Some(chunk) = response
                .chunk()
                .await
                .map_err(|e| self.map_reqwest_error(e))?
            {
                if buffer.len() + chunk.len() > limit {
                    return Err(too_large().into()); // dropping `response` stops the read
                }
                buffer.extend_from_slice(&chunk);
            }
            Bytes::from(buffer)
        };
        Ok(Raw {
            status,
            retry_after,
            body,
        })
    }

    fn map_reqwest_error(&self, e: reqwest::Error) -> Error {
        if e.is_timeout() {
            let connect = e.is_connect();
            let timeout = if connect {
                self.inner.connect_timeout
            } else {
                self.timeout
            };
            Error::Timeout(TimeoutError { timeout, connect })
        } else {
            Error::Transport(TransportError::new(e, &self.inner.base_url))
        }
    }
}

/// The OpenTelemetry `error.type` of a failed call: the status code for an HTTP error answer
/// (as the HTTP semantic conventions ask), otherwise a low-cardinality name of the failure.
fn error_type_of(error: &Error) -> std::borrow::Cow<'static, str> {
    let name = match error {
        Error::Api(api) => return api.status_code().to_string().into(),
        Error::Http(http) => return http.status.to_string().into(),
        Error::Timeout(_) => "timeout",
        Error::Transport(t) if t.is_connect() => "connect",
        Error::Transport(_) => "transport",
        Error::Decode(_) => "decode",
        Error::ResponseTooLarge(_) => "response_too_large",
        Error::Encode(_) => "encode",
        Error::Config(_) => "config",
        Error::Jwt(e) => e.error_type(),
        Error::Authorization(e) => e.error_type(),
    };
    name.into()
}

/// The header parameters of one call, each value marked sensitive (never logged).
fn header_params(op: &Operation, params: &Params) -> Result<Vec<(HeaderName, HeaderValue)>, Error> {
    params
        .headers
        .iter()
        .map(|(name, value)| {
            let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                config_error(format!("{}: `{name}` is not a valid header name", op.name))
            })?;
            // A server trims spaces and tabs around a header's value, so a value with them
            // would arrive changed: refused, like the characters a header cannot carry.
            let padded = value.starts_with([' ', '\t']) || value.ends_with([' ', '\t']);
            let mut value = HeaderValue::from_str(value)
                .ok()
                .filter(|_| !padded)
                .ok_or_else(|| {
                    config_error(format!(
                        "{}: the value of header `{name}` has characters a header cannot carry \
                         (control characters, or spaces or tabs at either end)",
                        op.name
                    ))
                })?;
            value.set_sensitive(true);
            Ok((header, value))
        })
        .collect()
}

/// What a received response says about retrying.
fn classify_status(raw: &Raw) -> Failure {
    match raw.status {
        200..=299 => Failure::Final,
        429 | 503 => Failure::Refused {
            retry_after: raw.retry_after,
        },
        500 | 502 | 504 => Failure::MaybeProcessed,
        _ => Failure::Final,
    }
}

/// What a failed exchange says about retrying.
fn classify_error(error: &Error) -> Failure {
    match error {
        Error::Timeout(t) if t.connect => Failure::NotSent,
        Error::Transport(t) if t.is_connect() => Failure::NotSent,
        Error::Timeout(_) | Error::Transport(_) => Failure::MaybeProcessed,
        _ => Failure::Final,
    }
}

/// The top-level `request_id` of a JSON body, for the tracing span (only
/// looked up when the span is recorded).
fn request_id_of(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct RequestId {
        request_id: Option<String>,
    }
    serde_json::from_slice::<RequestId>(body).ok()?.request_id
}

/// Decodes a JSON body, naming the failing field path on error.
///
/// Plain `serde_json`; on failure, [`decode_failure`] (not generic, compiled once) finds the
/// path of the value serde_json's error points at. A path-tracking deserializer would compile
/// the `Deserialize` code of every response type a second time, and slow every decode.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(
    status: u16,
    bytes: &[u8],
) -> Result<T, Error> {
    serde_json::from_slice(bytes).map_err(|e| decode_failure(status, bytes, &e))
}

/// The error for a body that serde_json could not decode.
#[inline(never)]
fn decode_failure(status: u16, bytes: &[u8], error: &serde_json::Error) -> Error {
    let path = crate::json_path::path_of_error(bytes, error);
    error::decode_error(Some(status), path, &error.to_string(), bytes)
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

/// Configures and builds a [`Client`]; created by [`Client::builder`].
///
/// ```no_run
/// use std::time::Duration;
/// # fn main() -> Result<(), stytch_b2b_otp_sms::Error> {
/// let client = stytch_b2b_otp_sms::Client::builder("project-live-123", "secret-live-456")
///     .timeout(Duration::from_secs(10))
///     .user_agent("my-app/1.0")
///     .build()?;
/// assert_eq!(client.base_url(), "https://api.stytch.com");
/// # Ok(()) }
/// ```
pub struct ClientBuilder {
    project_id: String,
    secret: String,
    base_url: Option<String>,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
    max_response_bytes: usize,
    retry: RetryPolicy,
    http_client: Option<reqwest::Client>,
    roots: crate::tls::Roots,
    #[cfg(feature = "sessions")]
    jwks_refresh: (Duration, Duration),
    #[cfg(all(feature = "sessions", feature = "rbac"))]
    rbac_cache: (Duration, usize),
}

impl ClientBuilder {
    /// How the session-JWT key cache refreshes (`sessions` feature): keys are used for `ttl`
    /// after a fetch (default 5 minutes), and a JWT whose `kid` the cached keys lack refetches
    /// them at most once per `cooldown` (default 30 seconds), so a flood of random `kid`s
    /// costs one JWKS call per cooldown. Within the cooldown such a JWT is refused.
    #[cfg(feature = "sessions")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sessions")))]
    pub fn jwks_refresh(mut self, ttl: Duration, cooldown: Duration) -> Self {
        self.jwks_refresh = (ttl, cooldown);
        self
    }

    /// How the RBAC policy cache of local authorization checks refreshes (`sessions` and
    /// `rbac` features): the project's policy and each organization's custom roles are used
    /// for `ttl` after a fetch (default 5 minutes), and at most `capacity` organizations are
    /// kept (default 1,000; the least recently used goes first).
    #[cfg(all(feature = "sessions", feature = "rbac"))]
    #[cfg_attr(docsrs, doc(cfg(all(feature = "sessions", feature = "rbac"))))]
    pub fn rbac_policy_cache(mut self, ttl: Duration, capacity: usize) -> Self {
        self.rbac_cache = (ttl, capacity.max(1));
        self
    }

    /// Overrides the base URL. It must be `https`, except for loopback hosts
    /// (`localhost`, `127.0.0.0/8`, `::1`); a trailing slash is removed.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Time allowed to establish a connection; default
    /// [`DEFAULT_CONNECT_TIMEOUT`] (5 s).
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = d;
        self
    }

    /// Total time allowed per request, reading the body included; default
    /// [`DEFAULT_TIMEOUT`] (30 s).
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = d;
        self
    }

    /// The `User-Agent` header; default `stytch-b2b-otp-sms-rust/<version>`.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = ua.into();
        self
    }

    /// Largest response body accepted; default
    /// [`DEFAULT_MAX_RESPONSE_BYTES`] (4 MiB). Larger bodies are not read
    /// further and give [`Error::ResponseTooLarge`].
    pub fn max_response_bytes(mut self, n: usize) -> Self {
        self.max_response_bytes = n;
        self
    }

    /// How failed calls are retried; default [`RetryPolicy::default`]: up to
    /// 3 attempts, only when the request provably was not processed.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sends requests with this [`reqwest::Client`] (reqwest 0.13) instead of one the SDK
    /// builds: for a corporate proxy, a private CA, client certificates, or middleware of your
    /// own.
    ///
    /// The SDK still sets, on every request: the `Authorization` header (basic auth with the
    /// project id and secret), `User-Agent` ([`user_agent`](Self::user_agent)), `Accept` and
    /// `Content-Type`, and the total [`timeout`](Self::timeout). Everything configured on the
    /// client itself is yours and left as it is: proxies, root certificates and TLS, the
    /// connect timeout ([`connect_timeout`](Self::connect_timeout) and
    /// [`platform_verifier`](Self::platform_verifier) do not apply), redirects (the SDK's
    /// own client follows none), connection pooling and HTTP versions.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let http = reqwest::Client::builder()
    ///     .proxy(reqwest::Proxy::https("http://proxy.corp.example:3128")?)
    ///     .build()?;
    /// let client = stytch_b2b_otp_sms::Client::builder("project-live-…", "secret-live-…")
    ///     .http_client(http)
    ///     .build()?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Verifies Stytch's certificate with the operating system's verifier and root store
    /// (through `rustls-platform-verifier`) instead of Mozilla's roots compiled into the SDK:
    /// for a private CA installed on the machine, or a TLS-inspecting proxy. Default `false`.
    ///
    /// Only for the client the SDK builds (not with [`http_client`](Self::http_client)).
    #[cfg(feature = "rustls")]
    #[cfg_attr(docsrs, doc(cfg(feature = "rustls")))]
    pub fn platform_verifier(mut self, yes: bool) -> Self {
        self.roots = if yes {
            crate::tls::Roots::Platform
        } else {
            crate::tls::Roots::BuiltIn
        };
        self
    }

    /// Builds a [`blocking::Client`](crate::blocking::Client) instead of an async one.
    ///
    /// Fails like [`build`](Self::build), or if the runtime thread cannot be started.
    #[cfg(feature = "blocking")]
    #[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
    pub fn build_blocking(self) -> Result<crate::blocking::Client, Error> {
        crate::blocking::Client::new(self.build()?)
    }

    /// Validates the configuration and builds the client.
    ///
    /// Fails with [`Error::Config`] on an empty project id or secret, a
    /// project id containing `:`, an invalid or non-https base URL, a zero
    /// timeout or size limit, or an invalid user agent; and on an `https` base URL when
    /// the crate was built without a TLS feature (`rustls` or `native-tls`) and no
    /// [`http_client`](Self::http_client) was given.
    pub fn build(self) -> Result<Client, Error> {
        if self.project_id.trim().is_empty() {
            return Err(config_error("project_id is empty"));
        }
        if self.project_id.contains(':') {
            return Err(config_error("project_id must not contain ':'"));
        }
        if self.secret.trim().is_empty() {
            return Err(config_error("secret is empty"));
        }
        if self.connect_timeout.is_zero() || self.timeout.is_zero() {
            return Err(config_error("timeouts must be greater than zero"));
        }
        if self.max_response_bytes == 0 {
            return Err(config_error("max_response_bytes must be greater than zero"));
        }
        let base_url = match &self.base_url {
            Some(url) => validate_base_url(url)?,
            None if self.project_id.starts_with("project-live-") => LIVE_BASE_URL.to_owned(),
            None => TEST_BASE_URL.to_owned(),
        };
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| config_error("user_agent contains characters not allowed in a header"))?;

        let credentials = format!("{}:{}", self.project_id, self.secret);
        let mut authorization = HeaderValue::from_str(&format!(
            "Basic {}",
            basic_credentials(credentials.as_bytes())
        ))
        .map_err(|_| config_error("credentials cannot be sent in a header"))?;
        authorization.set_sensitive(true);

        let http = match self.http_client {
            Some(http) => http,
            None => {
                if !crate::tls::HAS_TLS && base_url.starts_with("https:") {
                    return Err(config_error(format!(
                        "base_url {base_url} needs TLS, but this build of stytch-b2b-otp-sms has no TLS backend: enable its `rustls` (default) or `native-tls` feature, or pass a reqwest client with `http_client`"
                    )));
                }
                let builder = reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .timeout(self.timeout)
                    .redirect(reqwest::redirect::Policy::none());
                crate::tls::configure(builder, self.roots)?
                    .build()
                    .map_err(|e| {
                        config_error(format!("could not initialise the HTTP client: {e}"))
                    })?
            }
        };

        let base = reqwest::Url::parse(&base_url)
            .map_err(|e| config_error(format!("base_url is not a valid URL: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                project_id: self.project_id,
                base,
                base_url,
                authorization,
                user_agent,
                connect_timeout: self.connect_timeout,
                max_response_bytes: self.max_response_bytes,
                prepared: RwLock::new(Vec::new()),
                #[cfg(feature = "sessions")]
                jwks: crate::jwks::JwksCache::new(self.jwks_refresh.0, self.jwks_refresh.1),
                #[cfg(all(feature = "sessions", feature = "rbac"))]
                rbac_cache: self.rbac_cache,
                #[cfg(feature = "sessions")]
                layer_state: std::sync::Mutex::default(),
            }),
            timeout: self.timeout,
            retry: self.retry,
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("project_id", &self.project_id)
            .field("secret", &REDACTED)
            .field("base_url", &self.base_url)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("retry", &self.retry)
            .field(
                "http_client",
                &self.http_client.as_ref().map(|_| "caller's"),
            )
            .field("roots", &self.roots)
            .finish()
    }
}

/// Checks a custom base URL and returns it without trailing slashes.
fn validate_base_url(input: &str) -> Result<String, Error> {
    let url = reqwest::Url::parse(input.trim())
        .map_err(|e| config_error(format!("base_url is not a valid URL: {e}")))?;
    let host = url.host_str().unwrap_or("");
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(config_error(format!(
                "base_url must use https (got http://{host}); plain http is only allowed for localhost, 127.0.0.0/8 and ::1"
            )));
        }
        other => {
            return Err(config_error(format!(
                "base_url must use https, not {other:?}"
            )));
        }
    }
    if host.is_empty() {
        return Err(config_error("base_url has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(config_error("base_url must not contain credentials"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(config_error("base_url must not have a query or fragment"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// Standard base64 with padding (RFC 4648 §4), for the basic-auth header.
fn basic_credentials(raw: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A builder that can reach https: without a TLS feature, with a caller's client (the
    /// URL checks under test are the same either way).
    fn builder(project_id: &str, secret: &str) -> ClientBuilder {
        let b = Client::builder(project_id, secret);
        if crate::tls::HAS_TLS {
            b
        } else {
            b.http_client(reqwest::Client::new())
        }
    }

    fn build(project_id: &str, secret: &str, base_url: Option<&str>) -> Result<Client, Error> {
        let mut b = builder(project_id, secret);
        if let Some(u) = base_url {
            b = b.base_url(u);
        }
        b.build()
    }

    #[test]
    fn without_tls_an_https_base_url_is_a_config_error_naming_the_features() {
        let result = Client::builder("project-test-1", "secret").build();
        if crate::tls::HAS_TLS {
            assert!(result.is_ok());
        } else {
            let message = config_message(result);
            assert!(
                message.contains("no TLS backend")
                    && message.contains("`rustls`")
                    && message.contains("`native-tls`")
                    && message.contains("https://test.stytch.com"),
                "{message}"
            );
            // Loopback http needs no TLS.
            assert!(build("project-test-1", "secret", Some("http://127.0.0.1:1")).is_ok());
        }
    }

    fn config_message(r: Result<Client, Error>) -> String {
        match r {
            Err(Error::Config(c)) => c.message,
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn default_base_url_depends_on_project_kind() {
        let live = build("project-live-abc", "s", None).unwrap();
        assert_eq!(live.base_url(), "https://api.stytch.com");
        assert_eq!(live.project_id(), "project-live-abc");
        let test = build("project-test-abc", "s", None).unwrap();
        assert_eq!(test.base_url(), "https://test.stytch.com");
        let other = build("something-else", "s", None).unwrap();
        assert_eq!(other.base_url(), "https://test.stytch.com");
    }

    #[test]
    fn custom_base_url_requires_https_except_loopback() {
        let msg = config_message(build("p", "s", Some("http://example.com")));
        assert!(
            msg.contains("https") && msg.contains("example.com"),
            "{msg}"
        );
        for ok in [
            "http://127.0.0.1:8080",
            "http://127.1.2.3",
            "http://localhost",
            "http://LOCALHOST:9/",
            "http://[::1]:3000",
            "https://example.com",
        ] {
            assert!(build("p", "s", Some(ok)).is_ok(), "{ok}");
        }
        for bad in [
            "not a url",
            "",
            "ftp://example.com",
            "http://10.0.0.1",
            "http://[::2]",
            "https://user:pw@example.com",
            "https://example.com/?q=1",
        ] {
            config_message(build("p", "s", Some(bad)));
        }
    }

    #[test]
    fn custom_base_url_is_normalized() {
        let c = build("p", "s", Some("https://proxy.example.com/stytch//")).unwrap();
        assert_eq!(c.base_url(), "https://proxy.example.com/stytch");
        let c = build("p", "s", Some(" http://127.0.0.1:1234/ ")).unwrap();
        assert_eq!(c.base_url(), "http://127.0.0.1:1234");
    }

    #[test]
    fn invalid_builder_input_is_config_error() {
        assert!(config_message(build("", "s", None)).contains("project_id"));
        assert!(config_message(build("  ", "s", None)).contains("project_id"));
        assert!(config_message(build("p", "", None)).contains("secret"));
        config_message(build("a:b", "s", None));
        config_message(Client::builder("p", "s").timeout(Duration::ZERO).build());
        config_message(Client::builder("p", "s").max_response_bytes(0).build());
        config_message(Client::builder("p", "s").user_agent("bad\nagent").build());
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let secret = "secret-test-VERY-SECRET-value";
        let builder = builder("project-test-1", secret);
        let text = format!("{builder:?}");
        assert!(
            !text.contains(secret) && text.contains("[redacted]"),
            "{text}"
        );
        let client = builder.build().unwrap();
        for text in [format!("{client:?}"), format!("{client:#?}")] {
            assert!(!text.contains(secret), "{text}");
            assert!(!text.contains(&basic_credentials(
                format!("project-test-1:{secret}").as_bytes()
            )));
            assert!(text.contains("project-test-1") && text.contains("https://test.stytch.com"));
            assert!(text.contains("[redacted]"), "{text}");
        }
    }

    fn assert_send_sync<T: Send + Sync + Clone>() {}

    #[test]
    fn client_is_send_sync_clone() {
        assert_send_sync::<Client>();
    }

    /// Serves `responses` in order over HTTP/1.1 on loopback, one per
    /// connection, and reports each raw request head.
    async fn serve(
        responses: Vec<String>,
    ) -> (String, tokio::sync::mpsc::UnboundedReceiver<String>) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        tokio::spawn(async move {
            for response in responses {
                let (mut sock, _) = listener.accept().await.unwrap();
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                // read the head, then Content-Length bytes of body
                let (head_len, content_length) = loop {
                    let n = sock.read(&mut chunk).await.unwrap();
                    assert!(n > 0, "client closed early");
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buf[..pos]).to_lowercase();
                        let len = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .map_or(0, |v| v.trim().parse::<usize>().unwrap());
                        break (pos + 4, len);
                    }
                };
                while buf.len() < head_len + content_length {
                    let n = sock.read(&mut chunk).await.unwrap();
                    assert!(n > 0);
                    buf.extend_from_slice(&chunk[..n]);
                }
                tx.send(String::from_utf8_lossy(&buf).into_owned()).unwrap();
                sock.write_all(response.as_bytes()).await.unwrap();
                sock.shutdown().await.unwrap();
            }
        });
        (format!("http://{addr}"), rx)
    }

    fn http_response(status: &str, body: &str) -> String {
        format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    }

    #[tokio::test]
    async fn call_round_trip_over_loopback() {
        #[derive(serde::Deserialize, Debug)]
        struct Sent {
            request_id: String,
            status_code: u16,
            member: serde_json::Value,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Strict {
            member: StrictMember,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct StrictMember {
            roles: Vec<String>,
        }
        static SEND: Operation = Operation {
            name: "widgets.send",
            method: "POST",
            path: "/v1/b2b/otps/sms/send",
        };
        let ok =
            r#"{"request_id":"req-1","status_code":200,"member":{"member_id":"m-1","roles":null}}"#;
        let not_found = r#"{"status_code":404,"request_id":"req-404","error_type":"member_not_found","error_message":"Member not found","error_url":"https://stytch.com/docs/api/errors/404#member_not_found"}"#;
        let (base, mut requests) = serve(vec![
            http_response("200 OK", ok),
            http_response("404 Not Found", not_found),
            http_response("200 OK", ok),
            http_response("200 OK", &"x".repeat(100)),
        ])
        .await;
        let client = Client::builder("project-test-1", "secret-xyz")
            .base_url(&base)
            .build()
            .unwrap();
        let body = serde_json::json!({"organization_id": "org-1", "member_id": "m-1"});

        let sent: Sent = client
            .call(&SEND, Params::none(), Some(&body))
            .await
            .unwrap();
        assert_eq!((sent.request_id.as_str(), sent.status_code), ("req-1", 200));
        assert_eq!(sent.member["member_id"], "m-1");
        let request = requests.recv().await.unwrap();
        let lower = request.to_lowercase();
        assert!(
            request.starts_with("POST /v1/b2b/otps/sms/send HTTP/1.1\r\n"),
            "{request}"
        );
        // base64("project-test-1:secret-xyz"), from `base64` the command.
        let auth = "authorization: basic cHJvamVjdC10ZXN0LTE6c2VjcmV0LXh5eg==".to_lowercase();
        assert!(lower.contains(&auth), "{request}");
        assert!(
            request.contains("Basic cHJvamVjdC10ZXN0LTE6c2VjcmV0LXh5eg=="),
            "{request}"
        );
        assert!(lower.contains("content-type: application/json"));
        assert!(lower.contains("accept: application/json"));
        assert!(lower.contains("user-agent: stytch-b2b-otp-sms-rust/"));
        assert!(
            request.ends_with(r#"{"member_id":"m-1","organization_id":"org-1"}"#)
                || request.ends_with(r#"{"organization_id":"org-1","member_id":"m-1"}"#),
            "{request}"
        );

        let err = client
            .call::<_, Sent>(&SEND, Params::none(), Some(&body))
            .await
            .unwrap_err();
        let Error::Api(api) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(api.status_code(), 404);
        assert_eq!(api.error_type(), "member_not_found");
        assert_eq!(api.error_message(), "Member not found");
        assert_eq!(api.request_id(), "req-404");
        assert_eq!(
            err.to_string(),
            "Stytch API error 404 member_not_found: Member not found (request_id: req-404)"
        );

        let err = client
            .call::<_, Strict>(&SEND, Params::none(), Some(&body))
            .await
            .unwrap_err();
        let Error::Decode(d) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(d.path, "member.roles");
        assert!(
            err.to_string().starts_with(
                "could not decode the response body at member.roles: invalid type: null"
            ),
            "{err}"
        );

        let small = Client::builder("p", "s")
            .base_url(&base)
            .max_response_bytes(10)
            .build()
            .unwrap();
        let err = small
            .call::<_, Sent>(&SEND, Params::none(), Some(&body))
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::ResponseTooLarge(ResponseTooLargeError {
                    status: 200,
                    limit: 10
                })
            ),
            "{err:?}"
        );
    }

    #[tokio::test]
    async fn connection_refused_is_transport_error() {
        // bind then drop to get a port with nothing listening
        let addr = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let client = Client::builder("p", "s")
            .base_url(format!("http://{addr}"))
            .build()
            .unwrap();
        static OP: Operation = Operation {
            name: "x",
            method: "POST",
            path: "/x",
        };
        let err = client
            .call::<_, serde_json::Value>(&OP, Params::none(), Some(&()))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Transport(_)), "{err:?}");
        let text = err.to_string();
        assert!(
            text.starts_with(&format!("could not connect to http://{addr}: ")),
            "{text}"
        );
        assert!(!text.contains('\n'));
    }

    #[tokio::test]
    async fn silent_server_gives_timeout_error() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let hold = tokio::spawn(async move {
            let (_sock, _) = listener.accept().await.unwrap();
            tokio::time::sleep(Duration::from_secs(5)).await;
        });
        let client = Client::builder("p", "s")
            .base_url(format!("http://{addr}"))
            .timeout(Duration::from_millis(200))
            .build()
            .unwrap();
        static OP: Operation = Operation {
            name: "x",
            method: "POST",
            path: "/x",
        };
        let err = client
            .call::<_, serde_json::Value>(&OP, Params::none(), Some(&()))
            .await
            .unwrap_err();
        assert!(err.is_timeout(), "{err:?}");
        assert_eq!(err.to_string(), "request timed out after 200ms");
        hold.abort();
    }
}
