//! The contenders of the loopback benchmarks: this SDK, and the floor (a raw `reqwest` call
//! decoding into the same generated types). The `compare` crate adds Stytch's official crate.

use std::future::Future;
use std::hint::black_box;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use stytch_b2b_otp_sms::otp_sms::{
    AuthenticateRequest, AuthenticateResponse, SendRequest, SendResponse,
};

use crate::fixtures;

/// An operation of the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    /// `POST /v1/b2b/otps/sms/send` (9 KB response).
    Send,
    /// `POST /v1/b2b/otps/sms/authenticate` (27 KB response).
    Authenticate,
}

impl Op {
    /// Both operations.
    pub const ALL: [Op; 2] = [Op::Send, Op::Authenticate];

    /// `send` or `authenticate`.
    pub fn name(self) -> &'static str {
        match self {
            Op::Send => "send",
            Op::Authenticate => "authenticate",
        }
    }
}

/// What a call returned, reduced to a few fields, to check that all contenders decoded the
/// same answer from the same bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    /// `request_id`.
    pub request_id: String,
    /// `member.member_id`.
    pub member_id: String,
    /// `organization.organization_id`.
    pub organization_id: String,
    /// `member.roles.len()`.
    pub member_roles: usize,
    /// `organization.custom_roles.len()`.
    pub custom_roles: usize,
    /// `member_session.authentication_factors.len()` (0 without a session).
    pub authentication_factors: usize,
    /// `status_code`.
    pub status_code: u16,
}

/// One way of calling the API.
///
/// Calls panic on any error: a benchmark must never measure a failing call.
pub trait Contender: Clone + Send + Sync + 'static {
    /// Short name for tables.
    fn name(&self) -> &'static str;
    /// One call, its response decoded and dropped.
    fn call(&self, op: Op) -> impl Future<Output = ()> + Send;
    /// One call, reduced to a [`Fingerprint`].
    fn check(&self, op: Op) -> impl Future<Output = Fingerprint> + Send;
}

/// The `send` request every contender sends.
pub fn send_request() -> SendRequest {
    SendRequest::new(fixtures::ORGANIZATION_ID, fixtures::MEMBER_ID)
        .mfa_phone_number(fixtures::PHONE_NUMBER)
}

/// The `authenticate` request every contender sends.
pub fn authenticate_request() -> AuthenticateRequest {
    AuthenticateRequest::new(
        fixtures::ORGANIZATION_ID,
        fixtures::MEMBER_ID,
        fixtures::CODE,
    )
    .intermediate_session_token(fixtures::INTERMEDIATE_SESSION_TOKEN)
    .session_duration_minutes(fixtures::SESSION_DURATION_MINUTES)
}

/// Fingerprint of a `send` answer decoded into the generated types.
pub fn fingerprint_send(r: &SendResponse) -> Fingerprint {
    Fingerprint {
        request_id: r.request_id.clone(),
        member_id: r.member.member_id.clone(),
        organization_id: r.organization.organization_id.clone(),
        member_roles: r.member.roles.len(),
        custom_roles: r.organization.custom_roles.len(),
        authentication_factors: 0,
        status_code: r.status_code as u16,
    }
}

/// Fingerprint of an `authenticate` answer decoded into the generated types.
pub fn fingerprint_authenticate(r: &AuthenticateResponse) -> Fingerprint {
    Fingerprint {
        request_id: r.request_id.clone(),
        member_id: r.member.member_id.clone(),
        organization_id: r.organization.organization_id.clone(),
        member_roles: r.member.roles.len(),
        custom_roles: r.organization.custom_roles.len(),
        authentication_factors: r
            .member_session
            .as_ref()
            .map_or(0, |s| s.authentication_factors.len()),
        status_code: r.status_code as u16,
    }
}

/// This SDK, as a user calls it: `client.otps().sms().send(..)`, default settings (timeouts,
/// retry policy, size cap).
#[derive(Clone, Debug)]
pub struct Sdk {
    client: stytch_b2b_otp_sms::Client,
}

impl Sdk {
    /// A client for the server at `base_url`.
    pub fn new(base_url: &str) -> Self {
        let client = stytch_b2b_otp_sms::Client::builder(fixtures::PROJECT_ID, fixtures::SECRET)
            .base_url(base_url)
            .build()
            .expect("SDK client");
        Sdk { client }
    }

    async fn send(&self) -> SendResponse {
        self.client
            .otps()
            .sms()
            .send(send_request())
            .await
            .unwrap_or_else(|e| panic!("sdk send: {e}"))
    }

    async fn authenticate(&self) -> AuthenticateResponse {
        self.client
            .otps()
            .sms()
            .authenticate(authenticate_request())
            .await
            .unwrap_or_else(|e| panic!("sdk authenticate: {e}"))
    }
}

impl Contender for Sdk {
    fn name(&self) -> &'static str {
        "sdk"
    }

    async fn call(&self, op: Op) {
        match op {
            Op::Send => drop(black_box(self.send().await)),
            Op::Authenticate => drop(black_box(self.authenticate().await)),
        }
    }

    async fn check(&self, op: Op) -> Fingerprint {
        match op {
            Op::Send => fingerprint_send(&self.send().await),
            Op::Authenticate => fingerprint_authenticate(&self.authenticate().await),
        }
    }
}

/// The floor: what a hand-written call costs. The same request types serialized with
/// `serde_json::to_vec`, a precomputed basic-auth header, `POST`, read the body,
/// `serde_json::from_slice` into the same generated response types. No timeout, no retry, no
/// size cap, no tracing, no error-path bookkeeping.
#[derive(Clone, Debug)]
pub struct RawReqwest {
    name: &'static str,
    http: reqwest::Client,
    send_url: Url,
    authenticate_url: Url,
    authorization: HeaderValue,
    timeout: Option<Duration>,
}

impl RawReqwest {
    /// A client for the server at `base_url`.
    pub fn new(base_url: &str) -> Self {
        Self::build(base_url, "raw-reqwest", None)
    }

    /// The same, with a per-request timeout (reqwest arms a tokio timer for every request, as
    /// the SDK does with its default 30 s): an ablation, to tell how much of the SDK's overhead
    /// over the floor is the cost of having a timeout at all.
    pub fn with_timeout(base_url: &str, timeout: Duration) -> Self {
        Self::build(base_url, "raw+timeout", Some(timeout))
    }

    fn build(base_url: &str, name: &'static str, timeout: Option<Duration>) -> Self {
        RawReqwest {
            name,
            timeout,
            http: raw_client(),
            send_url: Url::parse(&format!("{base_url}{}", fixtures::SEND_PATH)).expect("url"),
            authenticate_url: Url::parse(&format!("{base_url}{}", fixtures::AUTHENTICATE_PATH))
                .expect("url"),
            authorization: HeaderValue::from_str(&fixtures::basic_authorization()).expect("header"),
        }
    }

    async fn post<Req, Resp>(&self, url: &Url, request: &Req) -> Resp
    where
        Req: serde::Serialize,
        Resp: serde::de::DeserializeOwned,
    {
        let body = serde_json::to_vec(request).expect("encode");
        let mut builder = self
            .http
            .post(url.clone())
            .header(AUTHORIZATION, self.authorization.clone())
            .header(CONTENT_TYPE, "application/json")
            .body(body);
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        let response = builder
            .send()
            .await
            .unwrap_or_else(|e| panic!("raw {url}: {e}"));
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .unwrap_or_else(|e| panic!("raw {url}: {e}"));
        assert!(status.is_success(), "raw {url}: HTTP {status}");
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("raw {url}: {e}"))
    }

    async fn send(&self) -> SendResponse {
        self.post(&self.send_url, &send_request()).await
    }

    async fn authenticate(&self) -> AuthenticateResponse {
        self.post(&self.authenticate_url, &authenticate_request())
            .await
    }
}

impl Contender for RawReqwest {
    fn name(&self) -> &'static str {
        self.name
    }

    async fn call(&self, op: Op) {
        match op {
            Op::Send => drop(black_box(self.send().await)),
            Op::Authenticate => drop(black_box(self.authenticate().await)),
        }
    }

    async fn check(&self, op: Op) -> Fingerprint {
        match op {
            Op::Send => fingerprint_send(&self.send().await),
            Op::Authenticate => fingerprint_authenticate(&self.authenticate().await),
        }
    }
}

/// Defines an enum over contender types that is itself a [`Contender`], dispatching with a
/// `match` (no boxing), so that one slice can hold contenders of different types:
///
/// ```
/// use stytch_b2b_otp_sms_benches::contenders::{RawReqwest, Sdk};
/// stytch_b2b_otp_sms_benches::contender_enum! {
///     /// This SDK and the floor.
///     pub enum Pair { Sdk(Sdk), Raw(RawReqwest) }
/// }
/// ```
#[macro_export]
macro_rules! contender_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($variant:ident($ty:ty)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone)]
        $vis enum $name {
            $(
                #[allow(missing_docs)]
                $variant($ty),
            )+
        }

        impl $crate::contenders::Contender for $name {
            fn name(&self) -> &'static str {
                match self {
                    $(Self::$variant(c) => $crate::contenders::Contender::name(c),)+
                }
            }

            async fn call(&self, op: $crate::contenders::Op) {
                match self {
                    $(Self::$variant(c) => $crate::contenders::Contender::call(c, op).await,)+
                }
            }

            async fn check(&self, op: $crate::contenders::Op) -> $crate::contenders::Fingerprint {
                match self {
                    $(Self::$variant(c) => $crate::contenders::Contender::check(c, op).await,)+
                }
            }
        }
    };
}

/// A plain reqwest 0.13 client, as a user with the SDK's reqwest features would build one:
/// the SDK turns on `rustls-no-provider`, so ring is installed as the process's rustls
/// provider first (a no-op once one is installed).
pub fn raw_client() -> reqwest::Client {
    // rustls 0.23.48 deprecates ring's provider (no post-quantum key exchange); this is a
    // test peer's own rustls setup, independent of the SDK's provider (src/tls.rs).
    #[allow(deprecated)]
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}
