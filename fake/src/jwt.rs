//! Session JWTs as Stytch signs them: RS256 with a `kid`, verifiable against the keys served at
//! `GET /v1/b2b/sessions/jwks/{project_id}`.
//!
//! The signing key is fixed: [`TEST_SIGNING_KEY_PEM`], a 2048-bit RSA key generated for this
//! crate and published with it. It signs tokens of a test fake and nothing else; never trust
//! it anywhere real. A builder option replaces it with a key of the caller's own.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::signature::{self, RsaKeyPair, RsaPublicKeyComponents};
use serde_json::{Value, json};

use crate::util::base64url;

/// The fake's default signing key (PKCS#8 PEM). Public on purpose: it is a test key.
pub const TEST_SIGNING_KEY_PEM: &str = include_str!("../keys/test-signing-key.pem");

/// The `kid` of [`TEST_SIGNING_KEY_PEM`] in the JWKS and in JWT headers.
pub const TEST_SIGNING_KEY_ID: &str = "jwk-test-stytch-b2b-otp-sms-fake-1";

/// The keys [`FakeStytch::rotate_signing_key`](crate::FakeStytch::rotate_signing_key) rotates
/// through, after the default one: PKCS#8 PEM and `kid`. Published test keys, like
/// [`TEST_SIGNING_KEY_PEM`].
pub const TEST_ROTATION_KEYS: [(&str, &str); 2] = [
    (
        include_str!("../keys/test-signing-key-2.pem"),
        "jwk-test-stytch-b2b-otp-sms-fake-2",
    ),
    (
        include_str!("../keys/test-signing-key-3.pem"),
        "jwk-test-stytch-b2b-otp-sms-fake-3",
    ),
];

/// How long a rotated-out key stays in the JWKS and keeps verifying (on the fake clock), so
/// that JWTs it signed stay valid until they expire and key caches catch up.
pub const ROTATION_GRACE: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// The signing key, and the rotated-out keys still in their grace period.
pub(crate) struct KeyRing {
    current: Signer,
    /// Rotated-out keys and the fake-clock second they leave the JWKS.
    retired: Vec<(Signer, i64)>,
    /// How many rotations so far, to pick the next built-in key.
    rotations: usize,
}

impl KeyRing {
    pub(crate) fn new(current: Signer) -> Self {
        KeyRing {
            current,
            retired: Vec::new(),
            rotations: 0,
        }
    }

    /// The key that signs.
    pub(crate) fn current(&self) -> &Signer {
        &self.current
    }

    /// Makes `next` the signing key at fake-clock second `now`; the old one verifies and stays
    /// in the JWKS for [`ROTATION_GRACE`].
    pub(crate) fn rotate(&mut self, next: Signer, now: i64) -> Result<(), String> {
        if next.kid == self.current.kid || self.retired.iter().any(|(s, _)| s.kid == next.kid) {
            return Err(format!("the kid {:?} is already in the JWKS", next.kid));
        }
        let grace = i64::try_from(ROTATION_GRACE.as_secs()).unwrap_or(i64::MAX);
        let old = std::mem::replace(&mut self.current, next);
        self.retired.retain(|(_, until)| *until > now);
        self.retired.push((old, now.saturating_add(grace)));
        self.rotations += 1;
        Ok(())
    }

    /// The next built-in key to rotate to: the rotation keys in turn, then the default
    /// again, skipping any still in the JWKS.
    pub(crate) fn next_builtin(&self, now: i64) -> Result<Signer, String> {
        let builtins: Vec<(&str, &str)> =
            std::iter::once((TEST_SIGNING_KEY_PEM, TEST_SIGNING_KEY_ID))
                .chain(TEST_ROTATION_KEYS)
                .collect();
        let in_use = |kid: &str| {
            kid == self.current.kid
                || self
                    .retired
                    .iter()
                    .any(|(s, until)| s.kid == kid && *until > now)
        };
        (1..=builtins.len())
            .map(|step| builtins[(self.rotations + step) % builtins.len()])
            .find(|(_, kid)| !in_use(kid))
            .ok_or_else(|| {
                "every built-in test key is still in the JWKS (in its grace period); advance the clock or rotate to a key of your own".to_owned()
            })
            .and_then(|(pem, kid)| Signer::from_pem(pem, kid))
    }

    /// The keys that verify at fake-clock second `now`: the current one first.
    pub(crate) fn verifying(&self, now: i64) -> impl Iterator<Item = &Signer> {
        std::iter::once(&self.current).chain(
            self.retired
                .iter()
                .filter(move |(_, until)| *until > now)
                .map(|(s, _)| s),
        )
    }

    /// Verifies `jwt` with the key its `kid` names among those that verify at `now`.
    pub(crate) fn verify(
        &self,
        jwt: &str,
        now: i64,
    ) -> Result<serde_json::Map<String, Value>, Invalid> {
        for signer in self.verifying(now) {
            match signer.verify(jwt) {
                Err(Invalid::UnknownKid) => continue,
                other => return other,
            }
        }
        Err(Invalid::UnknownKid)
    }
}

/// Why a JWT was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Invalid {
    /// Not three base64url parts, or a header or payload that is not a JSON object.
    Malformed(&'static str),
    /// A header that is not RS256 with the fake's `kid`.
    Header(String),
    /// The signature does not match.
    Signature,
    /// The header's `kid` is none of the keys in the JWKS.
    UnknownKid,
    /// A claim that fails: `iss`, `aud`, `nbf`, `exp`, or the session claim.
    Claim(String),
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Invalid::Malformed(what) => write!(f, "the JWT is malformed ({what})"),
            Invalid::Header(what) => write!(f, "the JWT header is not accepted ({what})"),
            Invalid::Signature => f.write_str("the JWT signature is invalid"),
            Invalid::UnknownKid => f.write_str("its kid is not one of the fake's keys"),
            Invalid::Claim(what) => write!(f, "the JWT is not valid ({what})"),
        }
    }
}

/// An RS256 signer and verifier with its public key as a JWK.
///
/// AWS-LC signs (it is about 1.7 times as fast as ring at RSA, and every login signs a JWT);
/// ring parses the public half and verifies.
pub(crate) struct Signer {
    key_pair: aws_lc_rs::signature::RsaKeyPair,
    kid: String,
    public: RsaPublicKeyComponents<Vec<u8>>,
    rng: aws_lc_rs::rand::SystemRandom,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// A signer from a PKCS#8 PEM RSA private key (2048 to 4096 bits).
    pub(crate) fn from_pem(pem: &str, kid: &str) -> Result<Self, String> {
        use rustls_pki_types::PrivatePkcs8KeyDer;
        use rustls_pki_types::pem::PemObject as _;
        let der = PrivatePkcs8KeyDer::from_pem_slice(pem.as_bytes()).map_err(|e| {
            format!("the signing key must be a PKCS#8 PEM (\"-----BEGIN PRIVATE KEY-----\"; convert a PKCS#1 key with `openssl pkcs8 -topk8 -nocrypt`): {e}")
        })?;
        let parsed = RsaKeyPair::from_pkcs8(der.secret_pkcs8_der())
            .map_err(|e| format!("the signing key is not an RSA key ring accepts: {e}"))?;
        let key_pair = aws_lc_rs::signature::RsaKeyPair::from_pkcs8(der.secret_pkcs8_der())
            .map_err(|e| format!("the signing key is not an RSA key AWS-LC accepts: {e}"))?;
        if kid.is_empty() {
            return Err("the signing key id (kid) must not be empty".into());
        }
        let public = RsaPublicKeyComponents::<Vec<u8>>::from(parsed.public());
        Ok(Self {
            key_pair,
            kid: kid.to_owned(),
            public,
            rng: aws_lc_rs::rand::SystemRandom::new(),
        })
    }

    /// The fake's default: [`TEST_SIGNING_KEY_PEM`] as [`TEST_SIGNING_KEY_ID`].
    pub(crate) fn test_key() -> Self {
        Self::from_pem(TEST_SIGNING_KEY_PEM, TEST_SIGNING_KEY_ID)
            .expect("the shipped test key is a valid PKCS#8 RSA key (checked by a unit test)")
    }

    /// The public key in the shape of Stytch's JWKS entries (`api_session_v1_JWK`).
    pub(crate) fn jwk(&self) -> Value {
        json!({
            "kty": "RSA",
            "use": "sig",
            "key_ops": ["verify"],
            "alg": "RS256",
            "kid": self.kid,
            "x5c": [],
            "x5tS256": "",
            "n": base64url(&self.public.n),
            "e": base64url(&self.public.e),
        })
    }

    /// Signs `claims` (a JSON object) as an RS256 JWT.
    pub(crate) fn sign(&self, claims: &Value) -> Result<String, String> {
        let header = json!({"alg": "RS256", "kid": self.kid, "typ": "JWT"});
        let encode = |v: &Value| {
            serde_json::to_vec(v)
                .map(|bytes| base64url(&bytes))
                .map_err(|e| format!("cannot encode a JWT part: {e}"))
        };
        let signing_input = format!("{}.{}", encode(&header)?, encode(claims)?);
        let mut signature = vec![0; self.key_pair.public_modulus_len()];
        self.key_pair
            .sign(
                &aws_lc_rs::signature::RSA_PKCS1_SHA256,
                &self.rng,
                signing_input.as_bytes(),
                &mut signature,
            )
            .map_err(|_| "RSA signing failed".to_owned())?;
        Ok(format!("{signing_input}.{}", base64url(&signature)))
    }

    /// The key's id.
    pub(crate) fn kid(&self) -> &str {
        &self.kid
    }

    /// Checks the header and signature of `jwt` and returns its claims; the caller checks them.
    pub(crate) fn verify(&self, jwt: &str) -> Result<serde_json::Map<String, Value>, Invalid> {
        let mut parts = jwt.split('.');
        let (Some(raw_header), Some(raw_payload), Some(raw_sig), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(Invalid::Malformed("not three dot-separated parts"));
        };
        let object = |part: &str, what: &'static str| {
            URL_SAFE_NO_PAD
                .decode(part)
                .ok()
                .and_then(|bytes| {
                    serde_json::from_slice::<serde_json::Map<String, Value>>(&bytes).ok()
                })
                .ok_or(Invalid::Malformed(what))
        };
        let header = object(raw_header, "the header is not base64url JSON")?;
        if header.get("alg").and_then(Value::as_str) != Some("RS256") {
            return Err(Invalid::Header(
                "its alg is not RS256, the only one the fake signs with".into(),
            ));
        }
        if header.get("kid").and_then(Value::as_str) != Some(self.kid.as_str()) {
            return Err(Invalid::UnknownKid);
        }
        let sig = URL_SAFE_NO_PAD
            .decode(raw_sig)
            .map_err(|_| Invalid::Malformed("the signature is not base64url"))?;
        let signing_input = &jwt[..raw_header.len() + 1 + raw_payload.len()];
        self.public
            .verify(
                &signature::RSA_PKCS1_2048_8192_SHA256,
                signing_input.as_bytes(),
                &sig,
            )
            .map_err(|_| Invalid::Signature)?;
        object(raw_payload, "the payload is not base64url JSON")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_key_signs_and_verifies() {
        let signer = Signer::test_key();
        let jwt = signer.sign(&json!({"sub": "member-test-1"})).unwrap();
        let claims = signer.verify(&jwt).unwrap();
        assert_eq!(claims["sub"], "member-test-1");
        let jwk = signer.jwk();
        assert_eq!(jwk["e"], "AQAB");
        assert_eq!(jwk["n"].as_str().unwrap().len(), 342, "2048-bit modulus");
    }

    #[test]
    fn tampering_is_detected() {
        let signer = Signer::test_key();
        let jwt = signer.sign(&json!({"sub": "a"})).unwrap();
        let mut parts: Vec<String> = jwt.split('.').map(str::to_owned).collect();
        parts[1] = base64url(br#"{"sub":"b"}"#);
        assert_eq!(signer.verify(&parts.join(".")), Err(Invalid::Signature));
        assert!(matches!(signer.verify("a.b"), Err(Invalid::Malformed(_))));
        let none = format!("{}.{}.", base64url(br#"{"alg":"none"}"#), base64url(b"{}"));
        assert!(matches!(signer.verify(&none), Err(Invalid::Header(_))));
    }

    #[test]
    fn bad_keys_are_named() {
        assert!(
            Signer::from_pem("nope", "k")
                .unwrap_err()
                .contains("PKCS#8")
        );
        let garbage = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assert!(
            Signer::from_pem(garbage, "k")
                .unwrap_err()
                .contains("RSA key")
        );
        assert!(
            Signer::from_pem(TEST_SIGNING_KEY_PEM, "")
                .unwrap_err()
                .contains("kid")
        );
    }
}
