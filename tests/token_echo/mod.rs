//! What "an error message never echoes a session JWT" means, as one check shared by the
//! `session_jwt` fuzz target (`fuzz/fuzz_targets/session_jwt.rs` includes this file) and
//! `tests/fuzz_smoke.rs`.
//!
//! A JWT is `.`-separated segments of base64url characters (`A-Z a-z 0-9 - _`); what must not
//! reach a message is any stretch of [`MIN_ECHO`] such characters taken from one. The messages'
//! own words are shorter runs of those characters (the longest, `invalid_session_jwt`, has 19),
//! so an input that happens to be a piece of a message's fixed text, such as
//! `ession JWT not accepted (invalid_se`, is not taken for an echoed token.

/// The fewest consecutive base64url characters of the input that count as an echo. Every
/// segment of a session JWT is longer: its header alone encodes `alg` and `kid`, its RS256
/// signature has 342 characters.
pub const MIN_ECHO: usize = 24;

fn is_base64url(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// The first stretch of [`MIN_ECHO`] base64url characters of `input` that `message` repeats,
/// if any. An input without a `.` is no JWT and has none.
pub fn echoed_token<'a>(message: &str, input: &'a str) -> Option<&'a str> {
    if !input.contains('.') {
        return None;
    }
    input
        .split(|c: char| !is_base64url(c))
        .filter(|run| run.len() >= MIN_ECHO)
        .flat_map(|run| (0..=run.len() - MIN_ECHO).map(move |at| &run[at..at + MIN_ECHO]))
        .find(|piece| message.contains(piece))
}
