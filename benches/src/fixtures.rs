//! The canned response bodies and the request values every contender sends.
//!
//! The bodies are the SDK's own test fixtures, byte for byte: a full Member (SSO, OAuth and
//! SCIM registrations, roles, metadata), a full Organization and, for `authenticate`, a
//! MemberSession with one authentication factor of every kind. Stytch's official crate decodes
//! them unchanged (checked by the `compare` crate's tests), so all contenders decode the same
//! bytes.

/// Body of a successful `POST /v1/b2b/otps/sms/authenticate` (`tests/fixtures/authenticate_full.json`).
pub const AUTHENTICATE_FULL: &[u8] = include_bytes!("../../tests/fixtures/authenticate_full.json");

/// Body of a successful `POST /v1/b2b/otps/sms/send` (`tests/fixtures/send_full.json`).
pub const SEND_FULL: &[u8] = include_bytes!("../../tests/fixtures/send_full.json");

/// Path of the send operation.
pub const SEND_PATH: &str = "/v1/b2b/otps/sms/send";
/// Path of the authenticate operation.
pub const AUTHENTICATE_PATH: &str = "/v1/b2b/otps/sms/authenticate";

/// Project id the contenders authenticate with.
pub const PROJECT_ID: &str = "project-test-6c2b1a0e-3f4d-4e5a-9b8c-7d6e5f4a3b2c";
/// Secret the contenders authenticate with.
pub const SECRET: &str = "secret-test-Jf3kQ9xV2mLw8RtY5pZc1bNh7gDs4aEu0oIy6=";

/// Organization of the requests (the fixtures' Organization).
pub const ORGANIZATION_ID: &str = "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931";
/// Member of the requests (the fixtures' Member).
pub const MEMBER_ID: &str = "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f";
/// Phone number sent with `send`.
pub const PHONE_NUMBER: &str = "+15555550123";
/// Passcode sent with `authenticate`.
pub const CODE: &str = "123456";
/// Intermediate session token sent with `authenticate` (the length of a real one).
pub const INTERMEDIATE_SESSION_TOKEN: &str = "SeiGwdj5lKkrEVgcEY3QNJXt6srxS3IK2Nwkar6mXD4=";
/// `session_duration_minutes` sent with `authenticate`.
pub const SESSION_DURATION_MINUTES: i32 = 60;

/// `Authorization` header value for [`PROJECT_ID`] and [`SECRET`].
pub fn basic_authorization() -> String {
    format!(
        "Basic {}",
        base64(format!("{PROJECT_ID}:{SECRET}").as_bytes())
    )
}

/// Standard base64 with padding (RFC 4648), from the `base64` crate.
fn base64(input: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use stytch_b2b_otp_sms::otp_sms::{AuthenticateResponse, SendResponse};

    #[test]
    fn authorization_is_basic_auth_of_the_fixture_credentials() {
        let header = basic_authorization();
        let encoded = header.strip_prefix("Basic ").unwrap();
        use base64::Engine as _;
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap();
        assert_eq!(decoded, format!("{PROJECT_ID}:{SECRET}").as_bytes());
    }

    #[test]
    fn canned_bodies_decode_into_the_generated_types() {
        let auth: AuthenticateResponse = serde_json::from_slice(AUTHENTICATE_FULL).unwrap();
        assert_eq!(auth.member.member_id, MEMBER_ID);
        assert_eq!(auth.organization.organization_id, ORGANIZATION_ID);
        let session = auth.member_session.expect("a member session");
        assert!(session.authentication_factors.len() > 30);
        let send: SendResponse = serde_json::from_slice(SEND_FULL).unwrap();
        assert_eq!(send.member.member_id, MEMBER_ID);
    }
}
