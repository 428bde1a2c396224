//! Second factors besides SMS: TOTP registrations (RFC 6238 on the fake clock) and recovery
//! codes.

use super::*;

/// A member's TOTP registration: pending until its first code is authenticated.
#[derive(Debug, Clone)]
pub(crate) struct TotpRecord {
    /// `totp_registration_id`.
    pub(crate) id: String,
    /// The shared secret, base32 (RFC 4648, no padding) as authenticator apps take it.
    pub(crate) secret: String,
    /// Whether a code has been authenticated (the registration is then the member's).
    pub(crate) verified: bool,
    /// A pending registration is dropped after this time.
    pub(crate) expires_at: Timestamp,
}
