//! Passwords: a member's stored password (set, reset or migrated) and how it is checked.

use super::*;

/// A member's password.
#[derive(Debug, Clone)]
pub(crate) struct PasswordRecord {
    /// `member_password_id`.
    pub(crate) id: String,
    /// The password as the fake keeps it.
    pub(crate) hash: StoredHash,
    /// Set by `passwords.email.require_reset` (or a breached password): the next
    /// authenticate is refused until a reset.
    pub(crate) requires_reset: bool,
}

/// How a password is kept: the fake's own hash, or a migrated hash checked as its algorithm
/// does.
#[derive(Debug, Clone)]
pub(crate) enum StoredHash {
    /// The fake's own PHC-format hash.
    Native(String),
}
