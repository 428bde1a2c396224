//! Session JWTs signed by an independent library (`jsonwebtoken`) with the tests' own keys
//! (`tests/fixtures/jwt/`), and the claims Stytch puts in a B2B session JWT.

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use super::{PROJECT_ID, fixture};

/// The time the tests' JWTs are checked at (seconds since the epoch).
pub const NOW: u64 = 1_800_000_000;

/// The private key `tests/fixtures/jwt/key-<name>.pem`.
pub fn key(name: &str) -> EncodingKey {
    EncodingKey::from_rsa_pem(fixture(&format!("jwt/key-{name}.pem")).as_bytes()).unwrap()
}

/// The claims of a live session of member `member-test-1` of `organization-test-1`, with
/// the role `stytch_member` and a custom claim `plan`.
pub fn claims() -> Value {
    json!({
        "iss": format!("stytch.com/{PROJECT_ID}"),
        "aud": [PROJECT_ID],
        "sub": "member-test-1",
        "iat": NOW - 10,
        "nbf": NOW - 10,
        "exp": NOW + 290,
        "https://stytch.com/session": {
            "id": "member-session-test-1",
            "started_at": "2027-01-15T08:00:00Z",
            "last_accessed_at": "2027-01-15T08:00:00Z",
            "expires_at": "2027-01-15T09:00:00Z",
            "attributes": {"ip_address": "", "user_agent": ""},
            "authentication_factors": [{"type": "otp", "delivery_method": "sms",
                "last_authenticated_at": "2027-01-15T08:00:00Z"}],
            "roles": ["stytch_member"],
        },
        "https://stytch.com/organization": {
            "organization_id": "organization-test-1",
            "slug": "analytical-engines",
        },
        "plan": "enterprise",
    })
}

/// `claims` signed RS256 with key `key_name` under `kid`.
pub fn sign(key_name: &str, kid: &str, claims: &Value) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(kid.into());
    jsonwebtoken::encode(&header, claims, &key(key_name)).unwrap()
}

/// The JWKS of the tests' keys (`tests/fixtures/jwt/jwks.json`).
pub fn test_jwks() -> Value {
    serde_json::from_str(&fixture("jwt/jwks.json")).unwrap()
}
