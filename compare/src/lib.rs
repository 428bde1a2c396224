//! Benchmarks against Stytch's official Rust crate (`stytch` 11 on crates.io): the third
//! contender of the loopback and decode benchmarks of `stytch-b2b-otp-sms-benches`, whose
//! canned server, fixtures, contenders and harness this crate reuses.
//!
//! ```sh
//! cargo run --release -p stytch-b2b-otp-sms-compare --bin compare
//! ```
//!
//! The official client is pointed at the canned loopback server with
//! `stytch::client::Client::new_with_base_url(project_id, secret, url, Vertical::B2B)` and
//! `stytch::b2b::client::Client::new_with_http_client`, and called as its users call it:
//! `client.otps.sms.send(..)`. It decodes with reqwest 0.13's `Response::json`, which reads the
//! body and runs `serde_json::from_slice`; [`decoders`] times that same call.

use std::hint::black_box;
use std::sync::Arc;

use stytch::b2b::otp_sms::{AuthenticateRequest, AuthenticateResponse, SendRequest, SendResponse};
use stytch_b2b_otp_sms_benches::contenders::{Contender, Fingerprint, Op};
use stytch_b2b_otp_sms_benches::fixtures;

/// Stytch's official crate, default features, as its users call it.
#[derive(Clone)]
pub struct Official {
    client: Arc<stytch::b2b::client::Client>,
}

impl Official {
    /// A client for the server at `base_url` (`http://127.0.0.1:PORT`).
    pub fn new(base_url: &str) -> Self {
        Official {
            client: Arc::new(official_client(
                base_url,
                fixtures::PROJECT_ID,
                fixtures::SECRET,
            )),
        }
    }

    async fn send(&self) -> SendResponse {
        self.client
            .otps
            .sms
            .send(send_request())
            .await
            .unwrap_or_else(|e| panic!("official send: {e}"))
    }

    async fn authenticate(&self) -> AuthenticateResponse {
        self.client
            .otps
            .sms
            .authenticate(authenticate_request())
            .await
            .unwrap_or_else(|e| panic!("official authenticate: {e}"))
    }
}

/// Stytch's official B2B client for the server at `base_url` (`http://127.0.0.1:PORT`), with
/// these credentials.
pub fn official_client(
    base_url: &str,
    project_id: &str,
    secret: &str,
) -> stytch::b2b::client::Client {
    let url = reqwest::Url::parse(&format!("{base_url}/")).expect("base url");
    let http = |url| {
        stytch::client::Client::new_with_base_url(
            project_id,
            secret,
            url,
            stytch::client::Vertical::B2B,
        )
        .expect("official client")
    };
    // The second client is the one the official crate uses for its fraud endpoints; neither
    // the benchmarks nor the fidelity test reach it.
    stytch::b2b::client::Client::new_with_http_client(http(url.clone()), http(url))
}

/// The `send` request of the benchmarks, in the official crate's types.
pub fn send_request() -> SendRequest {
    SendRequest {
        organization_id: fixtures::ORGANIZATION_ID.to_string(),
        member_id: fixtures::MEMBER_ID.to_string(),
        mfa_phone_number: Some(fixtures::PHONE_NUMBER.to_string()),
        ..SendRequest::default()
    }
}

/// The `authenticate` request of the benchmarks, in the official crate's types.
pub fn authenticate_request() -> AuthenticateRequest {
    AuthenticateRequest {
        organization_id: fixtures::ORGANIZATION_ID.to_string(),
        member_id: fixtures::MEMBER_ID.to_string(),
        code: fixtures::CODE.to_string(),
        intermediate_session_token: Some(fixtures::INTERMEDIATE_SESSION_TOKEN.to_string()),
        session_duration_minutes: Some(fixtures::SESSION_DURATION_MINUTES),
        ..AuthenticateRequest::default()
    }
}

/// Fingerprint of a `send` answer decoded into the official crate's types.
pub fn fingerprint_send(r: &SendResponse) -> Fingerprint {
    Fingerprint {
        request_id: r.request_id.clone(),
        member_id: r.member.member_id.clone(),
        organization_id: r.organization.organization_id.clone(),
        member_roles: r.member.roles.len(),
        custom_roles: r.organization.custom_roles.len(),
        authentication_factors: 0,
        status_code: r.status_code.as_u16(),
    }
}

/// Fingerprint of an `authenticate` answer decoded into the official crate's types.
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
        status_code: r.status_code.as_u16(),
    }
}

impl Contender for Official {
    fn name(&self) -> &'static str {
        "official"
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

/// Decoders for the official crate's response types (what its client runs on a body).
pub mod decoders {
    use std::hint::black_box;

    use stytch::b2b::otp_sms::{AuthenticateResponse, SendResponse};

    /// `serde_json::from_slice` into the official `AuthenticateResponse`.
    pub fn official_authenticate(body: &[u8]) {
        let r = serde_json::from_slice::<AuthenticateResponse>(body).expect("official decode");
        drop(black_box(r));
    }

    /// `serde_json::from_slice` into the official `SendResponse`.
    pub fn official_send(body: &[u8]) {
        let r = serde_json::from_slice::<SendResponse>(body).expect("official decode");
        drop(black_box(r));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_official_types_decode_the_canned_bodies_unchanged() {
        let auth: AuthenticateResponse =
            serde_json::from_slice(fixtures::AUTHENTICATE_FULL).expect("authenticate_full.json");
        let ours: stytch_b2b_otp_sms::otp_sms::AuthenticateResponse =
            serde_json::from_slice(fixtures::AUTHENTICATE_FULL).unwrap();
        assert_eq!(
            fingerprint_authenticate(&auth),
            stytch_b2b_otp_sms_benches::contenders::fingerprint_authenticate(&ours)
        );
        let send: SendResponse =
            serde_json::from_slice(fixtures::SEND_FULL).expect("send_full.json");
        let ours: stytch_b2b_otp_sms::otp_sms::SendResponse =
            serde_json::from_slice(fixtures::SEND_FULL).unwrap();
        assert_eq!(
            fingerprint_send(&send),
            stytch_b2b_otp_sms_benches::contenders::fingerprint_send(&ours)
        );
    }

    #[test]
    fn the_official_requests_carry_the_same_values() {
        let ours =
            serde_json::to_value(stytch_b2b_otp_sms_benches::contenders::send_request()).unwrap();
        let theirs = serde_json::to_value(send_request()).unwrap();
        for key in ["organization_id", "member_id", "mfa_phone_number"] {
            assert_eq!(ours[key], theirs[key], "{key}");
        }
        let ours =
            serde_json::to_value(stytch_b2b_otp_sms_benches::contenders::authenticate_request())
                .unwrap();
        let theirs = serde_json::to_value(authenticate_request()).unwrap();
        for key in [
            "organization_id",
            "member_id",
            "code",
            "intermediate_session_token",
            "session_duration_minutes",
        ] {
            assert_eq!(ours[key], theirs[key], "{key}");
        }
    }
}
