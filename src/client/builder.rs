//! [`ClientBuilder`]: the client's configuration, its defaults and checks.

use std::fmt;
use std::net::IpAddr;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use reqwest::header::HeaderValue;

use super::{Client, Inner, REDACTED, Slots};
use crate::error::{Error, config_error};
use crate::retry::RetryPolicy;

/// Default time allowed to establish a connection (TCP + TLS): 5 seconds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default total time allowed for one request, body included: 30 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default maximum size of a response body: 4 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;

const LIVE_BASE_URL: &str = "https://api.stytch.com";
const TEST_BASE_URL: &str = "https://test.stytch.com";

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
            extensions: Slots::default(),
        }
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
    /// Configuration of the hand-written layer, set by its own builder methods (defined in
    /// `src/extensions/`): the client starts with these slots.
    extensions: Slots,
}

impl ClientBuilder {
    /// Puts a value of the hand-written layer's in the client's slots: the builder methods
    /// of `src/extensions/` configure through this.
    #[allow(dead_code)] // Only the extensions of some features are configured.
    pub(crate) fn with_extension<T: std::any::Any + Send + Sync>(mut self, value: T) -> Self {
        self.extensions.insert(value);
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
                extensions: self.extensions,
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
            .field("extensions", &self.extensions.len())
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
pub(super) fn basic_credentials(raw: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(raw)
}
