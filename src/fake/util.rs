//! Small helpers for the fake: randomness, ids, base64, timestamps, phone numbers.
//!
//! Everything here uses only `std`: randomness comes from `RandomState` (SipHash with
//! per-process random keys), which is plenty for a test fake and never used for real secrets.

use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// 64 unpredictable bits.
pub(crate) fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    hasher.write_u128(nanos);
    hasher.finish()
}

/// `n` random bytes.
pub(crate) fn random_bytes(n: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(n + 8);
    while out.len() < n {
        out.extend_from_slice(&random_u64().to_le_bytes());
    }
    out.truncate(n);
    out
}

/// A random (version 4) UUID in its usual hyphenated form.
pub(crate) fn uuid() -> String {
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&random_u64().to_le_bytes());
    b[8..].copy_from_slice(&random_u64().to_le_bytes());
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// A six-digit one-time passcode, e.g. `"042917"`.
pub(crate) fn otp_code() -> String {
    format!("{:06}", random_u64() % 1_000_000)
}

/// An opaque random token (32 random bytes, base64url).
pub(crate) fn token() -> String {
    base64url(&random_bytes(32))
}

pub(crate) use crate::base64::{decode as base64_decode, encode_url_safe as base64url};

/// Milliseconds since the Unix epoch of a `SystemTime` (0 before the epoch).
pub(crate) fn unix_millis(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// Formats milliseconds since the Unix epoch as RFC 3339 UTC with second precision,
/// e.g. `2024-05-01T12:34:56Z`.
pub(crate) fn rfc3339(millis: u64) -> String {
    let secs = millis / 1000;
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (y, m, d)
}

/// Whether `phone` is an E.164 number: `+`, then 2 to 15 digits, the first one 1–9.
pub(crate) fn is_e164(phone: &str) -> bool {
    let Some(digits) = phone.strip_prefix('+') else {
        return false;
    };
    (2..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        for input in [
            &b""[..],
            b"f",
            b"fo",
            b"foo",
            b"foob",
            b"fooba",
            b"foobar",
            &[0xff, 0xfe],
        ] {
            assert_eq!(base64_decode(&base64url(input)).as_deref(), Some(input));
        }
        assert_eq!(base64url(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
        assert_eq!(base64_decode("cDpz").as_deref(), Some(&b"p:s"[..]));
        assert_eq!(base64_decode("Zg==").as_deref(), Some(&b"f"[..]));
        assert_eq!(base64_decode("Z"), None);
        assert_eq!(base64_decode("Zm9v!"), None);
    }

    #[test]
    fn rfc3339_formats_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400_999), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_714_566_896_000), "2024-05-01T12:34:56Z");
    }

    #[test]
    fn e164() {
        for ok in ["+15555550123", "+12", "+123456789012345", "+447700900123"] {
            assert!(is_e164(ok), "{ok}");
        }
        for bad in [
            "",
            "+",
            "+1",
            "15555550123",
            "+05555550123",
            "+1234567890123456",
            "+1 555 555 0123",
            "+1555abc0123",
            "++15555550123",
            "+١٢٣",
        ] {
            assert!(!is_e164(bad), "{bad}");
        }
    }

    #[test]
    fn ids_and_codes_have_their_shapes() {
        let id = uuid();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert_ne!(uuid(), uuid());
        let code = otp_code();
        assert_eq!(code.len(), 6);
        assert!(code.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(token().len(), 43);
    }
}
