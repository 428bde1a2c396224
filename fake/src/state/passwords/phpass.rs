//! phpass "portable" hashes (`$P$`, or `$H$` from phpBB), as WordPress and phpBB store
//! passwords: no crate keeps this small algorithm well, so here it is over RustCrypto's MD5.
//!
//! The hash is `$P$`, one character giving log2 of the iteration count, eight characters of
//! salt, and 22 characters encoding the digest: `h = md5(salt + password)`, then
//! `2^count` times `h = md5(h + password)`, encoded with phpass's own base64 alphabet.

use md5::{Digest as _, Md5};

use crate::FakeError;

/// phpass's base64 alphabet.
const ITOA64: &[u8; 64] = b"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/// phpass allows 2^7 to 2^30 iterations; the fake stops at 2^20 so that one authenticate
/// cannot hold a core for minutes (WordPress uses 2^8).
const LOG2_ROUNDS: std::ops::RangeInclusive<usize> = 7..=20;
/// `$P$` + count + 8 salt + 22 hash.
const HASH_LEN: usize = 34;

/// Refuses what is not a portable phpass hash: Stytch's `invalid_phpass_hash_prefix` and
/// `invalid_phpass_hash_format` (400).
pub(crate) fn check_format(hash: &str) -> Result<(), FakeError> {
    if !(hash.starts_with("$P$") || hash.starts_with("$H$")) {
        return Err(FakeError::new(
            400,
            "invalid_phpass_hash_prefix",
            "A phpass hash starts with $P$ (or $H$).",
        ));
    }
    let bytes = hash.as_bytes();
    let alphabet = bytes
        .get(3..)
        .is_some_and(|rest| rest.iter().all(|b| ITOA64.contains(b)));
    let rounds = bytes.get(3).and_then(|c| log2_rounds(*c));
    if bytes.len() != HASH_LEN || !alphabet || rounds.is_none() {
        return Err(FakeError::new(
            400,
            "invalid_phpass_hash_format",
            format!(
                "A phpass hash is {HASH_LEN} characters: $P$, an iteration count (2^7 to 2^20 here), 8 of salt and 22 of hash."
            ),
        ));
    }
    Ok(())
}

/// Whether `password` gives `hash` (a hash that passed [`check_format`]).
pub(crate) fn verify(password: &str, hash: &str) -> bool {
    let (Some(setting), Some(count)) = (hash.get(..12), hash.as_bytes().get(3)) else {
        return false;
    };
    let (Some(rounds), Some(salt)) = (log2_rounds(*count), setting.get(4..12)) else {
        return false;
    };
    let mut digest = Md5::new()
        .chain_update(salt)
        .chain_update(password)
        .finalize();
    for _ in 0..(1u32 << rounds) {
        digest = Md5::new()
            .chain_update(digest)
            .chain_update(password)
            .finalize();
    }
    let computed = format!("{setting}{}", encode64(&digest));
    computed == hash
}

/// log2 of the iteration count a hash's fourth character gives, within [`LOG2_ROUNDS`].
fn log2_rounds(count: u8) -> Option<usize> {
    ITOA64
        .iter()
        .position(|c| *c == count)
        .filter(|r| LOG2_ROUNDS.contains(r))
}

/// phpass's `encode64`: little-endian groups of three bytes, six bits per character.
fn encode64(input: &[u8]) -> String {
    let mut out = String::new();
    let char_of = |v: u32| char::from(ITOA64[(v & 0x3f) as usize]);
    for chunk in input.chunks(3) {
        let value = chunk
            .iter()
            .enumerate()
            .fold(0u32, |v, (i, b)| v | (u32::from(*b) << (8 * i)));
        for i in 0..=chunk.len() {
            out.push(char_of(value >> (6 * i)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The portable hash of `test12345` from phpass's own `test.php`.
    const PHPASS_TEST_VECTOR: &str = "$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0";

    #[test]
    fn phpass_test_vector_verifies() {
        check_format(PHPASS_TEST_VECTOR).unwrap();
        assert!(verify("test12345", PHPASS_TEST_VECTOR));
        assert!(!verify("test12346", PHPASS_TEST_VECTOR));
    }

    #[test]
    fn phpass_formats_are_checked() {
        let err = |h: &str| check_format(h).unwrap_err().error_type;
        assert_eq!(err("$1$abc"), "invalid_phpass_hash_prefix");
        assert_eq!(
            err("$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L"),
            "invalid_phpass_hash_format"
        );
        assert_eq!(
            err("$P$zIQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0"),
            "invalid_phpass_hash_format"
        );
    }
}
