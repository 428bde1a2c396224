//! Small helpers for the fake: ids, codes and tokens (from `rand`), timestamps (from `jiff`),
//! base64url (from `base64`) and the E.164 check.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jiff::Timestamp;

/// A random (version 4) UUID in its usual hyphenated form; inside [`with_id_tape`], the
/// tape's next id first.
pub(crate) fn uuid() -> String {
    let taped = ID_TAPE.with(|tape| {
        let mut tape = tape.borrow_mut();
        let tape = tape.as_mut()?;
        let id = tape.replay.pop_front().unwrap_or_else(random_uuid);
        tape.produced.push(id.clone());
        Some(id)
    });
    taped.unwrap_or_else(random_uuid)
}

/// The ids [`uuid`] hands out on this thread inside [`with_id_tape`].
struct IdTape {
    replay: std::collections::VecDeque<String>,
    produced: Vec<String>,
}

thread_local! {
    static ID_TAPE: std::cell::RefCell<Option<IdTape>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` (synchronous, on this thread) with [`uuid`] answering the ids of `replay` first,
/// in order, then random ones; returns `f`'s result and every id `uuid` produced. With an
/// empty `replay` it records the ids of a run; with them, it repeats that run's ids.
pub(crate) fn with_id_tape<R>(replay: &[String], f: impl FnOnce() -> R) -> (R, Vec<String>) {
    let tape = IdTape {
        replay: replay.iter().cloned().collect(),
        produced: Vec::new(),
    };
    let outer = ID_TAPE.with(|cell| cell.borrow_mut().replace(tape));
    let result = f();
    let tape = ID_TAPE.with(|cell| std::mem::replace(&mut *cell.borrow_mut(), outer));
    (result, tape.map(|t| t.produced).unwrap_or_default())
}

fn random_uuid() -> String {
    let mut b: [u8; 16] = rand::random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex = |bytes: &[u8]| bytes.iter().map(|x| format!("{x:02x}")).collect::<String>();
    format!(
        "{}-{}-{}-{}-{}",
        hex(&b[..4]),
        hex(&b[4..6]),
        hex(&b[6..8]),
        hex(&b[8..10]),
        hex(&b[10..])
    )
}

/// A six-digit one-time passcode, e.g. `"042917"`.
pub(crate) fn otp_code() -> String {
    format!("{:06}", rand::random_range(0..1_000_000u32))
}

/// An opaque random token (32 random bytes, base64url).
pub(crate) fn token() -> String {
    base64url(&rand::random::<[u8; 32]>())
}

/// Base64url without padding (RFC 4648 §5), as JWTs use it.
pub(crate) fn base64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Formats a timestamp as Stytch does, RFC 3339 UTC with second precision, e.g.
/// `2024-05-01T12:34:56Z`.
pub(crate) fn rfc3339(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
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
    fn rfc3339_formats_utc_seconds() {
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        assert_eq!(rfc3339(Timestamp::UNIX_EPOCH), "1970-01-01T00:00:00Z");
        assert_eq!(
            rfc3339(at("2000-02-29T00:00:00.999Z")),
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(rfc3339(at("2024-05-01T12:34:56Z")), "2024-05-01T12:34:56Z");
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
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "{id}");
        assert_eq!(id.matches('-').count(), 4);
        assert_ne!(uuid(), uuid());
        let code = otp_code();
        assert_eq!(code.len(), 6);
        assert!(code.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(token().len(), 43);
    }
}
