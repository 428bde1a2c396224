//! Local verification of session JWTs as Stytch signs them: RS256 (RSASSA-PKCS1-v1_5 with
//! SHA-256, through `ring`) against the project's JWKS, then the registered claims.
//!
//! The checks, in order (the first that fails decides the error):
//!
//! 1. **Form**: at most [`MAX_JWT_BYTES`], three base64url segments without padding, a JSON
//!    object header. Otherwise `invalid_session_jwt`.
//! 2. **Header**: `alg` is exactly `RS256` (`none`, `HS*`, `ES*`, `PS*` and anything else
//!    are refused whatever key the JWKS has), no `crit`, and a `kid`. `invalid_session_jwt`.
//! 3. **Key**: the `kid` is in the key set. The caller decides what an unknown `kid` means
//!    (the cache refetches the JWKS once before calling it `invalid_session_jwt`).
//! 4. **Signature**, over `header.payload` with that key. `invalid_session_jwt`.
//! 5. **Claims**: a JSON object; `iss` is one of the accepted issuers; `aud` (a string or a
//!    list) contains the project id; then `invalid_session_jwt`. `exp` is required and
//!    `now < exp + leeway`, else `session_jwt_expired`; `nbf`, when present, `nbf <= now +
//!    leeway`, else `invalid_session_jwt`; with a maximum age, `iat` is required and
//!    `now - iat <= max_age + leeway`, else `session_jwt_too_old` (a maximum age of zero
//!    makes every token too old).
//!
//! Only a JWT whose signature verified can be "expired" or "too old": those are the answers
//! the API might still turn into a yes (the session may outlive its JWT), every other failure
//! is final. No error message contains the JWT or a claim's value.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

use super::jwks::Key;
use crate::error::{JwtError, JwtErrorKind};

/// The longest JWT considered (Stytch's carry the session and custom claims: a few KiB).
pub(crate) const MAX_JWT_BYTES: usize = 16 * 1024;

/// A JWT that passed checks 1 and 2: its `kid`, and what the signature covers.
#[derive(Debug)]
pub(crate) struct Parsed<'a> {
    kid: String,
    signing_input: &'a str,
    payload: &'a str,
    signature: Vec<u8>,
}

impl Parsed<'_> {
    /// The `kid` of the header.
    pub(crate) fn kid(&self) -> &str {
        &self.kid
    }
}

/// What the claims must say.
#[derive(Debug, Clone)]
pub(crate) struct Policy<'a> {
    /// The project id: `aud` must contain it, and `stytch.com/{project_id}` is an issuer.
    pub(crate) project_id: &'a str,
    /// Another accepted issuer: the client's base URL without a trailing slash (a custom
    /// domain's JWTs name it), as Stytch's Node SDK accepts.
    pub(crate) base_url: &'a str,
    /// The time to check against.
    pub(crate) now: SystemTime,
    /// Clock tolerance for `exp`, `nbf` and the maximum age.
    pub(crate) leeway: Duration,
    /// The oldest `iat` accepted, if any.
    pub(crate) max_age: Option<Duration>,
}

pub(crate) fn invalid(reason: impl Into<std::borrow::Cow<'static, str>>) -> JwtError {
    JwtError::new(JwtErrorKind::Invalid, reason)
}

/// Checks 1 and 2: the form and the header.
pub(crate) fn parse(jwt: &str) -> Result<Parsed<'_>, JwtError> {
    if jwt.len() > MAX_JWT_BYTES {
        return Err(invalid(format!(
            "the JWT is {} bytes, longer than the {MAX_JWT_BYTES} accepted",
            jwt.len()
        )));
    }
    let mut segments = jwt.split('.');
    let (Some(header), Some(payload), Some(signature), None) = (
        segments.next(),
        segments.next(),
        segments.next(),
        segments.next(),
    ) else {
        return Err(invalid(
            "the JWT does not have three `.`-separated segments",
        ));
    };
    let decode = |segment: &str, what: &'static str| {
        URL_SAFE_NO_PAD
            .decode(segment)
            .map_err(|_| invalid(format!("the JWT's {what} is not base64url without padding")))
    };
    let header_json: Value = serde_json::from_slice(&decode(header, "header")?)
        .map_err(|_| invalid("the JWT's header is not JSON"))?;
    let Value::Object(header_map) = header_json else {
        return Err(invalid("the JWT's header is not a JSON object"));
    };
    match header_map.get("alg") {
        Some(Value::String(alg)) if alg == "RS256" => {}
        Some(Value::String(_)) => {
            return Err(invalid(
                "the JWT's algorithm is not RS256, the only one Stytch signs with",
            ));
        }
        _ => return Err(invalid("the JWT's header has no `alg`")),
    }
    if header_map.contains_key("crit") {
        return Err(invalid(
            "the JWT's header has `crit` extensions, none are supported",
        ));
    }
    let kid = match header_map.get("kid") {
        Some(Value::String(kid)) if !kid.is_empty() => kid.clone(),
        _ => return Err(invalid("the JWT's header has no `kid`")),
    };
    Ok(Parsed {
        kid,
        signing_input: &jwt[..header.len() + 1 + payload.len()],
        payload,
        signature: decode(signature, "signature")?,
    })
}

/// Checks 4 and 5 with the key of the JWT's `kid`: the signature, then the claims. Returns
/// the claims.
pub(crate) fn verify(
    parsed: &Parsed<'_>,
    key: &Key,
    policy: &Policy<'_>,
) -> Result<Map<String, Value>, JwtError> {
    let public = ring::signature::RsaPublicKeyComponents {
        n: &key.n,
        e: &key.e,
    };
    public
        .verify(
            &ring::signature::RSA_PKCS1_2048_8192_SHA256,
            parsed.signing_input.as_bytes(),
            &parsed.signature,
        )
        .map_err(|_| invalid("the JWT's signature does not verify with the key of its `kid`"))?;
    let payload = URL_SAFE_NO_PAD
        .decode(parsed.payload)
        .map_err(|_| invalid("the JWT's payload is not base64url without padding"))?;
    let Ok(Value::Object(claims)) = serde_json::from_slice::<Value>(&payload) else {
        return Err(invalid("the JWT's payload is not a JSON object"));
    };
    check_claims(&claims, policy)?;
    Ok(claims)
}

/// Check 5.
fn check_claims(claims: &Map<String, Value>, policy: &Policy<'_>) -> Result<(), JwtError> {
    let issuer = claims.get("iss").and_then(Value::as_str);
    let stytch_issuer = issuer
        .and_then(|i| i.strip_prefix("stytch.com/"))
        .is_some_and(|p| p == policy.project_id);
    let base_issuer =
        !policy.base_url.is_empty() && issuer == Some(policy.base_url.trim_end_matches('/'));
    if !(stytch_issuer || base_issuer) {
        return Err(invalid(
            "the JWT's issuer (`iss`) is not this project's (`stytch.com/{project_id}` or the base URL)",
        ));
    }
    let audience_ok = match claims.get("aud") {
        Some(Value::String(aud)) => aud == policy.project_id,
        Some(Value::Array(auds)) => auds.iter().any(|a| a.as_str() == Some(policy.project_id)),
        _ => false,
    };
    if !audience_ok {
        return Err(invalid(
            "the JWT's audience (`aud`) does not contain this project's id",
        ));
    }
    let now = seconds_since_epoch(policy.now);
    let leeway = policy.leeway.as_secs_f64();
    let time = |name: &'static str| -> Result<Option<f64>, JwtError> {
        match claims.get(name) {
            None => Ok(None),
            Some(value) => value
                .as_f64()
                .filter(|t| t.is_finite())
                .map(Some)
                .ok_or_else(|| invalid(format!("the JWT's `{name}` is not a number of seconds"))),
        }
    };
    let exp = time("exp")?.ok_or_else(|| invalid("the JWT has no expiry (`exp`)"))?;
    let nbf = time("nbf")?;
    let iat = time("iat")?;
    if now >= exp + leeway {
        return Err(JwtError::new(
            JwtErrorKind::Expired,
            "the JWT has expired (`exp`)",
        ));
    }
    if nbf.is_some_and(|nbf| nbf > now + leeway) {
        return Err(invalid("the JWT is not valid yet (`nbf`)"));
    }
    if let Some(max_age) = policy.max_age {
        if max_age.is_zero() {
            return Err(JwtError::new(
                JwtErrorKind::TooOld,
                "the maximum token age is zero, so every JWT is too old",
            ));
        }
        let iat = iat.ok_or_else(|| {
            invalid("the JWT has no issue time (`iat`), which a maximum token age needs")
        })?;
        if now - iat > max_age.as_secs_f64() + leeway {
            return Err(JwtError::new(
                JwtErrorKind::TooOld,
                "the JWT is older than the maximum token age (`iat`)",
            ));
        }
    }
    Ok(())
}

fn seconds_since_epoch(t: SystemTime) -> f64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs_f64(),
        Err(before) => -before.duration().as_secs_f64(),
    }
}

/// Verifies a session JWT as `authenticate_jwt_local` does, against the keys of a JWKS
/// document (no cache, no HTTP): the claims, or the error the client would return. A JWKS
/// that does not parse is an [`Error::Jwt`](crate::Error::Jwt) of kind `jwks_unavailable`.
/// For fuzzing and benchmarks (`__private`).
pub fn verify_session_jwt(
    jwt: &str,
    jwks: &[u8],
    project_id: &str,
    now: SystemTime,
) -> Result<Map<String, Value>, crate::Error> {
    let keys = super::jwks::KeySet::from_jwks(jwks)
        .map_err(|why| JwtError::new(JwtErrorKind::JwksUnavailable, why))?;
    let parsed = parse(jwt)?;
    let key = keys
        .get(parsed.kid())
        .ok_or_else(|| invalid("the JWT's `kid` is not among the keys"))?;
    let policy = Policy {
        project_id,
        base_url: "",
        now,
        leeway: Duration::ZERO,
        max_age: None,
    };
    Ok(verify(&parsed, key, &policy)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{Algorithm, EncodingKey, Header};
    use serde_json::json;

    const PROJECT: &str = "project-test-11111111-2222-3333-4444-555555555555";
    const KEY_A: &str = include_str!("../../../tests/fixtures/jwt/key-a.pem");
    const KEY_B: &str = include_str!("../../../tests/fixtures/jwt/key-b.pem");
    const KEY_SHORT: &str = include_str!("../../../tests/fixtures/jwt/key-short.pem");
    const JWKS: &str = include_str!("../../../tests/fixtures/jwt/jwks.json");
    const NOW: u64 = 1_800_000_000;

    fn keys() -> super::super::jwks::KeySet {
        super::super::jwks::KeySet::from_jwks(JWKS.as_bytes()).unwrap()
    }

    fn policy() -> Policy<'static> {
        Policy {
            project_id: PROJECT,
            base_url: "https://login.analytical.example/",
            now: UNIX_EPOCH + Duration::from_secs(NOW),
            leeway: Duration::ZERO,
            max_age: None,
        }
    }

    fn claims() -> Value {
        json!({
            "iss": format!("stytch.com/{PROJECT}"),
            "aud": [PROJECT],
            "sub": "member-test-1",
            "iat": NOW - 10,
            "nbf": NOW - 10,
            "exp": NOW + 290,
            "https://stytch.com/session": {"id": "member-session-test-1"},
        })
    }

    /// Signs with jsonwebtoken (an independent implementation) and `kid`.
    fn sign(pem: &str, kid: &str, claims: &Value) -> String {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(kid.into());
        jsonwebtoken::encode(
            &header,
            claims,
            &EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap(),
        )
        .unwrap()
    }

    fn check(jwt: &str, policy: &Policy<'_>) -> Result<Map<String, Value>, JwtError> {
        let parsed = parse(jwt)?;
        let keys = keys();
        let key = keys
            .get(parsed.kid())
            .ok_or_else(|| invalid("unknown kid"))?;
        verify(&parsed, key, policy)
    }

    fn kind_of(result: Result<Map<String, Value>, JwtError>) -> (JwtErrorKind, String) {
        let e = result.expect_err("should be refused");
        (e.kind(), e.to_string())
    }

    #[test]
    fn a_jwt_signed_by_another_library_verifies() {
        let jwt = sign(KEY_A, "jwk-test-a", &claims());
        let got = check(&jwt, &policy()).unwrap();
        assert_eq!(got["sub"], "member-test-1");
        // The other key of the set, too.
        let jwt = sign(KEY_B, "jwk-test-b", &claims());
        assert!(check(&jwt, &policy()).is_ok());
    }

    #[test]
    fn the_jwks_keeps_rsa_signing_keys_only() {
        let set = super::super::jwks::KeySet::from_jwks(
            br#"{"keys": [
                {"kty": "EC", "kid": "ec", "crv": "P-256", "x": "AA", "y": "AA"},
                {"kty": "RSA", "kid": "enc", "use": "enc", "n": "AQAB", "e": "AQAB"},
                {"kty": "RSA", "kid": "ps", "alg": "PS256", "n": "AQAB", "e": "AQAB"},
                {"kty": "RSA", "kid": "ok", "n": "AQAB", "e": "AQAB"}
            ]}"#,
        )
        .unwrap();
        assert_eq!(set.len(), 1);
        assert!(set.get("ok").is_some());
        for (doc, needle) in [
            (&b"[]"[..], "no `keys`"),
            (b"{", "not JSON"),
            (
                br#"{"keys": [{"kty": "RSA", "n": "AQAB", "e": "AQAB"}]}"#,
                "no `kid`",
            ),
            (
                br#"{"keys": [{"kty": "RSA", "kid": "k", "e": "AQAB"}]}"#,
                "no `n`",
            ),
            (
                br#"{"keys": [{"kty": "RSA", "kid": "k", "n": "!!", "e": "AQAB"}]}"#,
                "base64url",
            ),
        ] {
            let err = super::super::jwks::KeySet::from_jwks(doc).unwrap_err();
            assert!(err.contains(needle), "{err}");
        }
    }

    #[test]
    fn tampering_with_any_segment_is_refused() {
        let jwt = sign(KEY_A, "jwk-test-a", &claims());
        let parts: Vec<&str> = jwt.split('.').collect();
        // Another payload under the same signature.
        let mut forged = claims();
        forged["sub"] = json!("member-test-admin");
        let forged_payload = URL_SAFE_NO_PAD.encode(forged.to_string());
        let swapped = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
        let (kind, message) = kind_of(check(&swapped, &policy()));
        assert_eq!(kind, JwtErrorKind::Invalid);
        assert!(message.contains("signature does not verify"), "{message}");
        // One flipped character of the signature.
        let mut sig = parts[2].to_string();
        let last = sig.pop().unwrap();
        sig.push(if last == 'A' { 'B' } else { 'A' });
        let flipped = format!("{}.{}.{sig}", parts[0], parts[1]);
        assert_eq!(kind_of(check(&flipped, &policy())).0, JwtErrorKind::Invalid);
        // Signed by key b, claiming key a's kid.
        let wrong_key = sign(KEY_B, "jwk-test-a", &claims());
        assert_eq!(
            kind_of(check(&wrong_key, &policy())).0,
            JwtErrorKind::Invalid
        );
    }

    #[test]
    fn algorithms_other_than_rs256_are_refused_whatever_the_header_says() {
        let b64 = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
        let payload = b64(&claims());
        // `alg: none` with an empty signature.
        let none = format!(
            "{}.{payload}.",
            b64(&json!({"alg": "none", "kid": "jwk-test-a"}))
        );
        let (_, message) = kind_of(check(&none, &policy()));
        assert!(message.contains("not RS256"), "{message}");
        // HS256 keyed with the public key's bytes (the classic confusion attack), signed by
        // jsonwebtoken.
        let public_bytes = serde_json::from_str::<Value>(JWKS).unwrap()["keys"][0]["n"]
            .as_str()
            .unwrap()
            .to_owned();
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some("jwk-test-a".into());
        let hs = jsonwebtoken::encode(
            &header,
            &claims(),
            &EncodingKey::from_secret(public_bytes.as_bytes()),
        )
        .unwrap();
        assert!(kind_of(check(&hs, &policy())).1.contains("not RS256"));
        for alg in ["HS512", "ES256", "PS256", "RS384", "rs256", ""] {
            let jwt = format!(
                "{}.{payload}.AAAA",
                b64(&json!({"alg": alg, "kid": "jwk-test-a"}))
            );
            let (kind, message) = kind_of(check(&jwt, &policy()));
            assert_eq!(kind, JwtErrorKind::Invalid, "{alg}");
            assert!(message.contains("not RS256"), "{alg}: {message}");
        }
        let no_alg = format!("{}.{payload}.AAAA", b64(&json!({"kid": "jwk-test-a"})));
        assert!(kind_of(check(&no_alg, &policy())).1.contains("no `alg`"));
        let crit = format!(
            "{}.{payload}.AAAA",
            b64(&json!({"alg": "RS256", "kid": "jwk-test-a", "crit": ["exp"]}))
        );
        assert!(kind_of(check(&crit, &policy())).1.contains("crit"));
    }

    #[test]
    fn a_key_shorter_than_2048_bits_is_refused() {
        let jwt = sign(KEY_SHORT, "jwk-test-short", &claims());
        assert_eq!(kind_of(check(&jwt, &policy())).0, JwtErrorKind::Invalid);
    }

    #[test]
    fn issuer_and_audience_must_be_this_projects() {
        let cases = [
            ("iss", json!("stytch.com/project-test-other"), "issuer"),
            (
                "iss",
                json!(format!("https://stytch.com/{PROJECT}")),
                "issuer",
            ),
            ("iss", json!(null), "issuer"),
            ("aud", json!(["project-test-other"]), "audience"),
            ("aud", json!("project-test-other"), "audience"),
            ("aud", json!([]), "audience"),
        ];
        for (claim, value, needle) in cases {
            let mut c = claims();
            c[claim] = value.clone();
            let (kind, message) = kind_of(check(&sign(KEY_A, "jwk-test-a", &c), &policy()));
            assert_eq!(kind, JwtErrorKind::Invalid, "{claim} = {value}");
            assert!(message.contains(needle), "{message}");
        }
        // A string audience, and the custom-domain issuer (the base URL, no trailing slash).
        let mut c = claims();
        c["aud"] = json!(PROJECT);
        c["iss"] = json!("https://login.analytical.example");
        assert!(check(&sign(KEY_A, "jwk-test-a", &c), &policy()).is_ok());
    }

    #[test]
    fn time_claims_with_and_without_leeway() {
        let at = |exp: u64, nbf: u64, iat: u64| {
            let mut c = claims();
            c["exp"] = json!(exp);
            c["nbf"] = json!(nbf);
            c["iat"] = json!(iat);
            sign(KEY_A, "jwk-test-a", &c)
        };
        let expired = at(NOW, NOW - 300, NOW - 300);
        assert_eq!(kind_of(check(&expired, &policy())).0, JwtErrorKind::Expired);
        let lenient = Policy {
            leeway: Duration::from_secs(5),
            ..policy()
        };
        assert!(check(&expired, &lenient).is_ok());
        let early = at(NOW + 300, NOW + 3, NOW);
        let (kind, message) = kind_of(check(&early, &policy()));
        assert_eq!(kind, JwtErrorKind::Invalid);
        assert!(message.contains("not valid yet"), "{message}");
        assert!(check(&early, &lenient).is_ok());

        let old = at(NOW + 300, NOW - 120, NOW - 120);
        let max = |secs| Policy {
            max_age: Some(Duration::from_secs(secs)),
            ..policy()
        };
        assert!(check(&old, &max(120)).is_ok());
        assert_eq!(kind_of(check(&old, &max(119))).0, JwtErrorKind::TooOld);
        assert_eq!(
            kind_of(check(&at(NOW + 300, NOW, NOW), &max(0))).0,
            JwtErrorKind::TooOld
        );

        let mut no_exp = claims();
        no_exp.as_object_mut().unwrap().remove("exp");
        let (_, message) = kind_of(check(&sign(KEY_A, "jwk-test-a", &no_exp), &policy()));
        assert!(message.contains("no expiry"), "{message}");
        let mut text_exp = claims();
        text_exp["exp"] = json!("1800000300");
        let (_, message) = kind_of(check(&sign(KEY_A, "jwk-test-a", &text_exp), &policy()));
        assert!(message.contains("`exp` is not a number"), "{message}");
    }

    #[test]
    fn malformed_jwts_are_refused_without_echoing_them() {
        let secret_looking = "eyJzZWNyZXQiOiJkbyBub3QgbG9nIG1lIn0";
        for jwt in [
            String::new(),
            "a.b".into(),
            "a.b.c.d".into(),
            format!("{secret_looking}.{secret_looking}.{secret_looking}"),
            format!("{secret_looking}=.e30.AAAA"),
            "x".repeat(MAX_JWT_BYTES + 1),
            "\u{0}.\u{0}.\u{0}".into(),
        ] {
            let e = parse(&jwt).expect_err(&jwt);
            assert_eq!(e.kind(), JwtErrorKind::Invalid);
            let message = e.to_string();
            assert!(!message.contains(secret_looking), "{message}");
            assert!(!message.contains('\n'));
        }
    }
}
