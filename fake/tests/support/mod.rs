//! What the fake's tests share: a fake with an organization and two members, error
//! assertions, raw HTTP for what the SDK cannot send, and JWT and timestamp decoding.
#![allow(dead_code, unused_imports)] // Each test file uses part of it.

pub use serde_json::{Value, json};
pub use stytch_b2b_otp_sms::organizations::{Member, Organization};
pub use stytch_b2b_otp_sms::otp_sms::{AuthenticateRequest, AuthenticateResponse, SendRequest};
pub use stytch_b2b_otp_sms::{Client, Error};
pub use stytch_b2b_otp_sms_fake::{
    FakeStytch, Fault, MfaPolicy, NewMember, NewOrganization, RateLimit, RateLimits, SentSms,
};

pub struct Env {
    pub fake: FakeStytch,
    pub client: Client,
    pub org: Organization,
    /// Ada, phone +15555550100.
    pub ada: Member,
    /// Grace, no phone.
    pub grace: Member,
}

pub const ADA_PHONE: &str = "+15555550100";

pub async fn env(policy: MfaPolicy) -> Env {
    let fake = FakeStytch::start().await.expect("fake starts");
    let org = fake
        .create_organization(
            NewOrganization::new("Acme Corp", "acme-corp")
                .mfa_policy(policy)
                .external_id("acme-ext"),
        )
        .unwrap();
    let ada = fake
        .create_member(
            &org.organization_id,
            NewMember::new("ada@acme.test")
                .name("Ada Lovelace")
                .phone_number(ADA_PHONE)
                .external_id("ada-ext"),
        )
        .unwrap();
    let grace = fake
        .create_member(
            &org.organization_id,
            NewMember::new("grace@acme.test").name("Grace Hopper"),
        )
        .unwrap();
    let client = fake.client();
    Env {
        fake,
        client,
        org,
        ada,
        grace,
    }
}

impl Env {
    pub fn org_id(&self) -> &str {
        &self.org.organization_id
    }

    pub fn ist(&self, member: &Member) -> String {
        self.fake
            .mint_intermediate_session_token(&member.organization_id, &member.member_id)
            .unwrap()
    }

    /// The member's send request (in the member's organization), without session arguments.
    pub fn send_request(&self, member: &Member) -> SendRequest {
        SendRequest::new(&member.organization_id, &member.member_id)
    }

    /// Sends `request` (which must succeed) and returns the code the member got.
    pub async fn send_as(&self, member: &Member, request: SendRequest) -> String {
        self.client.otps().sms().send(request).await.unwrap();
        self.fake.last_code(&member.member_id).unwrap()
    }

    /// Sends a code to a member (who has a phone) and returns it from the outbox.
    pub async fn send(&self, member: &Member) -> String {
        self.send_as(member, self.send_request(member)).await
    }

    /// Sends a code with a fresh intermediate session token (always allowed, whatever MFA
    /// factors the member has) and returns it from the outbox.
    pub async fn send_mfa(&self, member: &Member) -> String {
        let request = self
            .send_request(member)
            .intermediate_session_token(self.ist(member));
        self.send_as(member, request).await
    }

    /// Sends a code within a member session (needed once the member has a verified phone:
    /// the MFA rule) and returns it from the outbox.
    pub async fn send_in_session(&self, member: &Member, session_token: &str) -> String {
        let request = self.send_request(member).session_token(session_token);
        self.send_as(member, request).await
    }

    pub fn auth(&self, member: &Member, code: &str) -> AuthenticateRequest {
        AuthenticateRequest::new(&member.organization_id, &member.member_id, code)
    }

    pub async fn authenticate(
        &self,
        request: AuthenticateRequest,
    ) -> Result<AuthenticateResponse, Error> {
        self.client.otps().sms().authenticate(request).await
    }

    /// A full MFA login: intermediate session, send and authenticate with it.
    pub async fn login(&self, member: &Member) -> AuthenticateResponse {
        let ist = self.ist(member);
        let request = self.send_request(member).intermediate_session_token(&ist);
        let code = self.send_as(member, request).await;
        self.authenticate(self.auth(member, &code).intermediate_session_token(ist))
            .await
            .unwrap()
    }

    pub async fn raw(&self, method: &str, path: &str, body: &str) -> (u16, Value) {
        raw(&self.fake, method, path, body, true).await
    }
}

/// Asserts a Stytch API error with this status and `error_type`, and the shape of the body.
#[track_caller]
pub fn expect_error<T: std::fmt::Debug>(result: Result<T, Error>, status: u16, error_type: &str) {
    let err = result.expect_err("expected an error");
    assert_eq!(
        (err.status(), err.error_type()),
        (Some(status), Some(error_type)),
        "{err}"
    );
    let Error::Api(api) = &err else {
        panic!("not an API error: {err:?}")
    };
    assert!(api.request_id.starts_with("request-id-test-"), "{api:?}");
    assert_eq!(api.error_url, error_url(status, error_type));
    assert!(!api.error_message.is_empty());
}

/// Asserts a raw error body.
#[track_caller]
pub fn expect_error_body(got: &(u16, Value), status: u16, error_type: &str) {
    let (got_status, body) = got;
    assert_eq!(*got_status, status, "{body}");
    assert_eq!(body["status_code"], status, "{body}");
    assert_eq!(body["error_type"], error_type, "{body}");
    assert!(
        body["request_id"]
            .as_str()
            .is_some_and(|id| id.starts_with("request-id-test-")),
        "{body}"
    );
    assert_eq!(body["error_url"], error_url(status, error_type));
    assert!(
        body["error_message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
}

pub async fn raw(
    fake: &FakeStytch,
    method: &str,
    path: &str,
    body: &str,
    auth: bool,
) -> (u16, Value) {
    let (status, _, body) = raw_full(fake, method, path, body, auth).await;
    (status, body)
}

pub async fn raw_full(
    fake: &FakeStytch,
    method: &str,
    path: &str,
    body: &str,
    auth: bool,
) -> (u16, reqwest::header::HeaderMap, Value) {
    let http = http();
    let mut request = http
        .request(
            reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
            format!("{}{path}", fake.base_url()),
        )
        .header("content-type", "application/json")
        .body(body.to_owned());
    if auth {
        request = request.basic_auth(fake.project_id(), Some(fake.secret()));
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.unwrap();
    let value = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        panic!(
            "body is not JSON ({e}): {}",
            String::from_utf8_lossy(&bytes)
        )
    });
    (status, headers, value)
}

/// A plain reqwest client for raw HTTP to the fake. The SDK turns on reqwest's
/// `rustls-no-provider`, so a reqwest client built without a TLS configuration needs a
/// process-wide rustls provider: install ring's (a no-op once one is installed).
pub fn http() -> reqwest::Client {
    // rustls 0.23.48 deprecates ring's provider (no post-quantum key exchange); this is a
    // test peer's own rustls setup, independent of the SDK's provider (src/tls.rs).
    #[allow(deprecated)]
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

/// Seconds since the epoch of an RFC 3339 timestamp (parsed by `jiff`).
pub fn unix(ts: &str) -> i64 {
    ts.parse::<jiff::Timestamp>()
        .unwrap_or_else(|e| panic!("{ts:?} is not RFC 3339: {e}"))
        .as_second()
}

pub fn fake_now(fake: &FakeStytch) -> i64 {
    jiff::Timestamp::try_from(fake.now()).unwrap().as_second()
}

/// Decodes base64url without padding (the `base64` crate).
pub fn base64url_decode(s: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .unwrap_or_else(|e| panic!("{s:?} is not base64url: {e}"))
}

/// Encodes base64url without padding (the `base64` crate).
pub fn base64url_encode(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The `error_url` the fake sends: Stytch's example for the three errors its API reference
/// shows, `…/errors/{status}#{error_type}` otherwise.
pub fn error_url(status: u16, error_type: &str) -> String {
    match error_type {
        "unauthorized_credentials" | "too_many_requests" | "internal_server_error" => {
            format!("https://stytch.com/docs/api/errors/{status}")
        }
        _ => format!("https://stytch.com/docs/api/errors/{status}#{error_type}"),
    }
}

pub fn jwt_payload(jwt: &str) -> Value {
    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3, "{jwt}");
    let header: Value = serde_json::from_slice(&base64url_decode(parts[0])).unwrap();
    assert_eq!(header["typ"], "JWT");
    assert!(!parts[2].is_empty());
    serde_json::from_slice(&base64url_decode(parts[1])).unwrap()
}

pub fn claims(value: Value) -> serde_json::Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => panic!("not an object"),
    }
}
