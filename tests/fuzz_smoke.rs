//! A bounded, deterministic stand-in for the cargo-fuzz targets in `fuzz/` that runs in every
//! `cargo test`: the same entry points (`__private::decode_response` for both response types,
//! `__private::error_for_response`) on a few thousand inputs from a seeded PRNG — random bytes,
//! every prefix of every fixture, fixtures with random byte mutations, fixtures with nulls and
//! wrong types at random paths, deep nesting, huge numbers and invalid UTF-8.
//!
//! Beyond "no panic" (and no stack overflow, which would abort the test binary), every error
//! must follow the documented rules: the right variant, `Display` on one line, `Debug` works.
//!
//! Sized to finish in a few seconds in a debug build. `FUZZ_SMOKE_SCALE=N` multiplies every
//! iteration count by N and cuts every fixture at every byte offset (the default does so for
//! the smallest fixture, and for the others at every offset of their first 512 bytes and at
//! seeded random offsets beyond); for example
//! `FUZZ_SMOKE_SCALE=20 cargo test --release --test fuzz_smoke`.

mod support;
mod token_echo;

use std::time::Instant;

use serde_json::{Value, json};
use stytch_b2b_otp_sms::__private::{decode_response, error_for_response};
use stytch_b2b_otp_sms::Error;
use stytch_b2b_otp_sms::otp_sms::{AuthenticateResponse, SendResponse};
use support::fixture;

/// SplitMix64: tiny, seeded, good enough to pick inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const FIXTURES: [&str; 4] = [
    "authenticate_full.json",
    "authenticate_minimal.json",
    "authenticate_nulls.json",
    "send_full.json",
];

/// Statuses for `error_for_response`, including ones outside 100..=599.
const STATUSES: [u16; 9] = [0, 200, 400, 401, 404, 429, 500, 503, 65535];

/// Checks the rules every error follows.
#[track_caller]
fn check_error(err: &Error, input: &[u8]) {
    let text = err.to_string();
    assert!(
        !text.contains('\n') && !text.contains('\r'),
        "Display is not one line: {text:?}\ninput: {:?}",
        String::from_utf8_lossy(&input[..input.len().min(300)])
    );
    assert!(!text.is_empty());
    assert!(!format!("{err:?}").is_empty());
    assert!(!format!("{err:#?}").is_empty());
    let _ = (
        err.status(),
        err.error_type(),
        err.request_id(),
        err.is_timeout(),
    );
}

/// Runs every entry point on `data`; returns whether each decode succeeded.
fn exercise(data: &[u8], status: u16) -> (bool, bool) {
    let auth = decode::<AuthenticateResponse>(data).is_ok();
    let send = decode::<SendResponse>(data).is_ok();
    let err = error_for_response(status, data);
    assert!(matches!(err, Error::Api(_) | Error::Http(_)), "{err:?}");
    if let Error::Http(h) = &err {
        assert_eq!(h.status, status);
        assert!(h.body_snippet.chars().count() <= 201, "{h:?}");
    }
    check_error(&err, data);
    (auth, send)
}

/// Every JSON pointer in `value`.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        _ => {}
    }
}

/// `FUZZ_SMOKE_SCALE`, at least 1.
fn scale() -> usize {
    std::env::var("FUZZ_SMOKE_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
        .max(1)
}

/// `n` iterations, scaled.
fn iterations(n: usize) -> usize {
    n * scale()
}

/// How many inputs to derive from a fixture of `len` bytes: ~`budget` bytes' worth, at
/// least 20.
fn per_fixture(budget: usize, len: usize) -> usize {
    iterations((budget / len).max(20))
}

fn timed(what: &str, started: Instant, inputs: usize) {
    eprintln!("{what}: {inputs} inputs in {:?}", started.elapsed());
}

#[test]
fn fixtures_decode_as_a_baseline() {
    for name in FIXTURES {
        let (auth, send) = exercise(fixture(name).as_bytes(), 200);
        if name.starts_with("send") {
            assert!(send, "{name}");
        } else {
            assert!(auth, "{name}");
        }
    }
}

#[test]
fn random_bytes() {
    let started = Instant::now();
    let mut rng = Rng(0x5EED_0001);
    const JSONISH: &[u8] = b"{}[]\":,.-+0123456789eEtrufalsn \\u\n\t\x00\xff\xc3";
    let mut count = 0;
    for i in 0..iterations(2000) {
        let len = rng.below(if i % 10 == 0 { 2048 } else { 256 });
        let data: Vec<u8> = (0..len)
            .map(|_| {
                if i % 2 == 0 {
                    rng.next() as u8
                } else {
                    *rng.pick(JSONISH)
                }
            })
            .collect();
        let status = *rng.pick(&STATUSES);
        exercise(&data, status);
        count += 1;
    }
    timed("random bytes", started, count);
}

#[test]
fn fixtures_cut_at_every_offset() {
    let started = Instant::now();
    let mut rng = Rng(0x5EED_0005);
    let mut count = 0;
    for name in FIXTURES {
        // compact, so that the cuts land inside tokens rather than in whitespace
        let text = fixture(name);
        let body = serde_json::to_vec(&serde_json::from_str::<Value>(&text).unwrap()).unwrap();
        let every = scale() > 1 || name == "authenticate_minimal.json";
        let ends: Vec<usize> = if every {
            (0..body.len()).collect()
        } else {
            let head = body.len().min(512);
            (0..head)
                .chain((0..iterations(60)).map(|_| head + rng.below(body.len() - head)))
                .collect()
        };
        for end in ends {
            let prefix = &body[..end];
            // a proper prefix of one JSON object is never a whole one
            if name.starts_with("send") {
                assert!(decode::<SendResponse>(prefix).is_err(), "{name}: {end}");
            } else {
                assert!(
                    decode::<AuthenticateResponse>(prefix).is_err(),
                    "{name}: {end}"
                );
            }
            let err = error_for_response(400, prefix);
            check_error(&err, prefix);
            count += 1;
        }
    }
    timed("prefixes", started, count);
}

/// Decodes a 2xx body as `T`, checking the error if there is one.
fn decode<T: serde::de::DeserializeOwned + std::fmt::Debug>(data: &[u8]) -> Result<T, Error> {
    let result = decode_response::<T>(200, data);
    match &result {
        Ok(r) => {
            let _ = format!("{r:?}");
        }
        Err(e) => {
            assert!(
                matches!(e, Error::Decode(d) if d.status == Some(200)),
                "{e:?}"
            );
            check_error(e, data);
        }
    }
    result
}

#[test]
fn fixtures_with_random_byte_mutations() {
    let started = Instant::now();
    let mut rng = Rng(0x5EED_0002);
    const INTERESTING: &[u8] = b"{}[]\":,0-e.\\ n\x00\x7f\x80\xff";
    let mut count = 0;
    for name in FIXTURES {
        let original = fixture(name).into_bytes();
        for _ in 0..per_fixture(600_000, original.len()) {
            let mut data = original.clone();
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(data.len());
                match rng.below(4) {
                    0 => data[at] = rng.next() as u8,
                    1 => data[at] = *rng.pick(INTERESTING),
                    2 => {
                        data.remove(at);
                    }
                    _ => data.insert(at, *rng.pick(INTERESTING)),
                }
            }
            exercise(&data, *rng.pick(&STATUSES));
            count += 1;
        }
    }
    timed("mutations", started, count);
}

/// Raw JSON texts put in place of a value: wrong types, extremes, huge numbers.
const REPLACEMENTS: &[&str] = &[
    "null",
    "true",
    "0",
    "-1",
    "2147483648",
    "-2147483649",
    "18446744073709551616",
    "-9223372036854775809",
    "123456789012345678901234567890123456789012345678901234567890",
    "1e400",
    "-1e400",
    "1e-400",
    "-0",
    "0.5",
    "\"\"",
    "\"some string\"",
    "\"\\ud800\"",
    "\"\\u0000\"",
    "[]",
    "[null]",
    "{}",
    "{\"unexpected\":[1,{\"a\":null}]}",
];

#[test]
fn nulls_and_wrong_types_at_random_paths() {
    let started = Instant::now();
    let mut rng = Rng(0x5EED_0003);
    let mut count = 0;
    for name in FIXTURES {
        let value: Value = serde_json::from_str(&fixture(name)).unwrap();
        let mut paths = Vec::new();
        pointers(&value, String::new(), &mut paths);
        for _ in 0..per_fixture(400_000, fixture(name).len()) {
            let mut v = value.clone();
            // one to three replacements, marked and then substituted as raw text
            let mut raw = Vec::new();
            for i in 0..1 + rng.below(3) {
                let path = rng.pick(&paths);
                if let Some(slot) = v.pointer_mut(path) {
                    *slot = json!(format!("@@REPLACE{i}@@"));
                    raw.push((format!("\"@@REPLACE{i}@@\""), *rng.pick(REPLACEMENTS)));
                }
            }
            let mut text = serde_json::to_string(&v).unwrap();
            for (marker, replacement) in raw {
                text = text.replace(&marker, replacement);
            }
            exercise(text.as_bytes(), *rng.pick(&STATUSES));
            count += 1;
        }
    }
    timed("wrong types", started, count);
}

/// `depth` nested arrays around `inner`, optionally left unclosed.
fn nested(open: &str, close: &str, depth: usize, inner: &str, closed: bool) -> String {
    let mut s = open.repeat(depth);
    s.push_str(inner);
    if closed {
        s.push_str(&close.repeat(depth));
    }
    s
}

#[test]
fn deep_nesting_hits_the_recursion_limit_without_crashing() {
    let started = Instant::now();
    let mut count = 0;
    let carrier: Value = serde_json::from_str(&fixture("authenticate_minimal.json")).unwrap();
    for depth in [1, 64, 127, 128, 129, 1000, 20_000, 100_000] {
        for closed in [true, false] {
            for (open, close, inner) in [("[", "]", "1"), ("{\"a\":", "}", "null")] {
                if open.len() > 1 && depth > 20_000 {
                    continue; // 5 bytes a level: enough at 20k
                }
                let deep = nested(open, close, depth, inner, closed);
                // ...alone, and as the value of an unknown field, of a map field, of a list
                // field, and of an error body's details
                let with = |pointer: &str, value: Value| {
                    let mut v = carrier.clone();
                    let (parent, key) = pointer.rsplit_once('/').unwrap();
                    v.pointer_mut(parent)
                        .unwrap()
                        .as_object_mut()
                        .unwrap()
                        .insert(key.to_owned(), value);
                    serde_json::to_string(&v)
                        .unwrap()
                        .replace("\"@@DEEP@@\"", &deep)
                };
                let mut bodies = vec![
                    deep.clone(),
                    with("/unknown_field", json!("@@DEEP@@")),
                    with("/member/trusted_metadata", json!({ "deep": "@@DEEP@@" })),
                    with("/member/roles", json!("@@DEEP@@")),
                ];
                bodies.push(format!(
                    r#"{{"status_code":400,"error_type":"x","error_message":"m","error_details":{deep}}}"#
                ));
                for body in bodies {
                    exercise(body.as_bytes(), 400);
                    count += 1;
                }
            }
        }
    }
    timed("deep nesting", started, count);
}

#[test]
fn huge_numbers_and_odd_statuses_in_error_bodies() {
    let mut count = 0;
    for number in REPLACEMENTS {
        for template in [
            r#"{"status_code":@,"error_type":"too_many_requests","error_message":"m","request_id":"r"}"#,
            r#"{"status_code":429,"error_type":@,"error_message":@,"request_id":@,"error_url":@,"error_details":@}"#,
            r#"{"error":@,"error_description":@,"error_uri":@}"#,
            r#"{"request_id":"r","status_code":@,"member_id":@}"#,
        ] {
            let body = template.replace('@', number);
            for status in STATUSES {
                exercise(body.as_bytes(), status);
                count += 1;
            }
        }
    }
    assert!(count > 0);
}

#[test]
fn invalid_utf8_and_odd_escapes_in_strings() {
    let started = Instant::now();
    let mut rng = Rng(0x5EED_0004);
    const BAD: &[&[u8]] = &[
        b"\xff",
        b"\xc3",             // truncated two-byte sequence
        b"\xe2\x82",         // truncated three-byte sequence
        b"\xed\xa0\x80",     // a UTF-16 surrogate encoded as UTF-8
        b"\xc0\x80",         // overlong NUL
        b"\xf4\x90\x80\x80", // above U+10FFFF
        b"\\ud800",
        b"\\udc00\\ud800",
        b"\\u0000",
        b"\\u2028\\u2029",
        b"\\n\\r\\t",
        b"\\x",
        b"\\",
        b"\n",
        b"\x00",
    ];
    let mut count = 0;
    for name in FIXTURES {
        let original = fixture(name).into_bytes();
        // positions just after an opening quote: inside keys and string values
        let quotes: Vec<usize> = original
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'"')
            .map(|(i, _)| i + 1)
            .collect();
        for _ in 0..per_fixture(400_000, original.len()) {
            let mut data = original.clone();
            let at = *rng.pick(&quotes);
            let bad = rng.pick(BAD);
            data.splice(at..at, bad.iter().copied());
            exercise(&data, *rng.pick(&STATUSES));
            count += 1;
        }
    }
    for bad in BAD {
        let bad = String::from_utf8_lossy(bad).into_owned();
        for template in [
            r#"{"status_code":400,"error_type":"x@","error_message":"@","request_id":"@"}"#,
            r#"{"error":"@","error_description":"@"}"#,
            r#"{"session_token":"@","message":"@"}"#,
            r#"{"session_token":"@"#,
        ] {
            exercise(template.replace('@', &bad).as_bytes(), 500);
            count += 1;
        }
    }
    timed("invalid UTF-8", started, count);
}

#[test]
fn decode_error_display_is_one_line_for_any_key() {
    let minimal: Value = serde_json::from_str(&fixture("authenticate_minimal.json")).unwrap();
    // a map of arbitrary JSON (trusted_metadata) whose value is too deep
    let mut map_key = minimal.clone();
    map_key["member"]["trusted_metadata"] = json!({ "line\nbreak": "@@" });
    let map_key = serde_json::to_string(&map_key)
        .unwrap()
        .replace("\"@@\"", &"[".repeat(200));
    // an unknown field whose value is not JSON (found by `cargo fuzz run decode_response`)
    let mut unknown = minimal.clone();
    unknown["member"]["sso_\nregistered"] = json!("@@");
    let unknown = serde_json::to_string(&unknown)
        .unwrap()
        .replace("\"@@\"", "nul");
    // a long key
    let mut long = minimal;
    long["member"][&"k".repeat(5000)] = json!("@@");
    let long = serde_json::to_string(&long)
        .unwrap()
        .replace("\"@@\"", "nul");
    for body in [map_key, unknown, long] {
        let err = decode_response::<AuthenticateResponse>(200, body.as_bytes()).unwrap_err();
        check_error(&err, body.as_bytes());
        assert!(err.to_string().chars().count() < 1000, "{err}");
    }
}

/// Session JWTs (`sessions` feature): a valid one signed by `jsonwebtoken`, then every prefix,
/// random byte and segment mutations, swapped segments, and random JWKS documents, through
/// the entry point the `session_jwt` fuzz target uses. Never a panic; every refusal is an
/// `Error::Jwt` on one line that does not echo the JWT.
#[cfg(feature = "sessions")]
#[test]
fn session_jwts_mutated_and_random() {
    use std::time::{Duration, UNIX_EPOCH};
    use stytch_b2b_otp_sms::__private::verify_session_jwt;

    const PROJECT: &str = "project-test-11111111-1111-1111-1111-111111111111";
    let jwks = fixture("jwt/jwks.json");
    let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
    header.kid = Some("jwk-test-a".into());
    let claims = json!({"iss": format!("stytch.com/{PROJECT}"), "aud": [PROJECT], "sub": "m",
        "exp": 1_800_000_300u64, "nbf": 1_799_999_990u64, "iat": 1_799_999_990u64});
    let key = jsonwebtoken::EncodingKey::from_rsa_pem(fixture("jwt/key-a.pem").as_bytes()).unwrap();
    let good = jsonwebtoken::encode(&header, &claims, &key).unwrap();
    assert!(verify_session_jwt(&good, jwks.as_bytes(), PROJECT, now).is_ok());

    let started = Instant::now();
    let check = |jwt: &str, jwks: &[u8]| match verify_session_jwt(jwt, jwks, PROJECT, now) {
        Ok(_) => {}
        Err(err @ Error::Jwt(_)) => {
            check_error(&err, jwt.as_bytes());
            if let Some(piece) = token_echo::echoed_token(&err.to_string(), jwt) {
                panic!("{err} echoes {piece:?} of the token");
            }
        }
        Err(other) => panic!("not a JWT error for {jwt:?}: {other:?}"),
    };
    let mut inputs = 0;
    for cut in 0..good.len() {
        check(&good[..cut], jwks.as_bytes());
        inputs += 1;
    }
    let mut rng = Rng(0x5E55_1011);
    let alphabet = b"ABCxyz019-_.=+/ {}\":,\\\0\xff";
    for _ in 0..iterations(2000) {
        let mut bytes = good.clone().into_bytes();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(bytes.len());
            bytes[at] = *rng.pick(alphabet);
        }
        check(&String::from_utf8_lossy(&bytes), jwks.as_bytes());
        inputs += 1;
    }
    let parts: Vec<&str> = good.split('.').collect();
    for (a, b, c) in [(0, 0, 0), (1, 1, 1), (1, 0, 2), (2, 1, 0), (0, 2, 1)] {
        check(
            &format!("{}.{}.{}", parts[a], parts[b], parts[c]),
            jwks.as_bytes(),
        );
        inputs += 1;
    }
    for _ in 0..iterations(500) {
        let len = rng.below(300);
        let bytes: Vec<u8> = (0..len).map(|_| *rng.pick(alphabet)).collect();
        check(&good, &bytes);
        check(&String::from_utf8_lossy(&bytes), jwks.as_bytes());
        inputs += 2;
    }
    timed("session JWTs", started, inputs);
}

/// The echo check of the `session_jwt` fuzz target says what it means: characters of a token
/// in a message are an echo (any [`token_echo::MIN_ECHO`] of them in a row); the message's own
/// words given as input are not.
#[test]
fn the_token_echo_check_flags_token_pieces_and_not_the_messages_own_words() {
    use token_echo::{MIN_ECHO, echoed_token};
    // `{"alg":"RS256","kid":"jwk-test-a"}`, `{}` and a made-up signature.
    let header = "eyJhbGciOiJSUzI1NiIsImtpZCI6Imp3ay10ZXN0LWEifQ";
    let signature = "c2lnbmF0dXJlLW9mLWEtc2Vzc2lvbi1qd3QtZm9yLWEtdGVzdA";
    let token = format!("{header}.e30.{signature}");
    let fixed = "session JWT not accepted (invalid_session_jwt): the JWT's signature does not \
                 verify with the key of its `kid`";
    assert_eq!(echoed_token(fixed, &token), None);
    let whole = format!("{fixed}: {signature}");
    assert_eq!(echoed_token(&whole, &token), Some(&signature[..MIN_ECHO]));
    let inside = format!("{fixed} (`{}`)", &signature[7..7 + MIN_ECHO]);
    assert_eq!(
        echoed_token(&inside, &token),
        Some(&signature[7..7 + MIN_ECHO])
    );
    let header_piece = format!("{fixed} {}", &header[3..3 + MIN_ECHO]);
    assert!(echoed_token(&header_piece, &token).is_some());
    let shorter = format!("{fixed} {}", &signature[..MIN_ECHO - 1]);
    assert_eq!(echoed_token(&shorter, &token), None);
    // The whole token is an echo however it is quoted.
    assert!(echoed_token(&format!("({token})"), &token).is_some());

    // Pieces of the fixed text as input, with and without `.`: the message holds them, and
    // that is no echo.
    for input in [
        "ession JWT not accepted (invalid_se",
        "a.b.ession JWT not accepted (invalid_session_jwt)",
        "invalid_session_jwt.invalid_session_jwt.invalid_session_jwt",
    ] {
        let last = input.rsplit('.').next().unwrap();
        assert!(fixed.contains(last), "{last}");
        assert_eq!(echoed_token(fixed, input), None, "{input}");
    }
}

/// The input that stopped the `session_jwt` fuzz target on a false crash, and the like: the
/// message holds the input (it is the message's own text) and the check does not report it.
#[cfg(feature = "sessions")]
#[test]
fn a_session_jwt_that_is_the_messages_own_text_is_not_an_echo() {
    use std::time::{Duration, UNIX_EPOCH};
    use stytch_b2b_otp_sms::__private::verify_session_jwt;

    const PROJECT: &str = "project-test-11111111-1111-1111-1111-111111111111";
    let jwks = fixture("jwt/jwks.json");
    let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    for input in [
        "ession JWT not accepted (invalid_se",
        "a.b.ession JWT not accepted (invalid_se",
        "x.y.ession JWT not accepted (invalid_session_jwt)",
    ] {
        let err = verify_session_jwt(input, jwks.as_bytes(), PROJECT, now).unwrap_err();
        let text = err.to_string();
        let last = input.rsplit('.').next().unwrap();
        assert!(text.contains(last), "{text:?} should hold {last:?}");
        assert_eq!(token_echo::echoed_token(&text, input), None, "{text:?}");
    }
}
