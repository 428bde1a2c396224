//! Password hashes: the fake's own (argon2id) and every hash `passwords.migrate` accepts,
//! each checked as its algorithm does (bcrypt, argon2i/argon2id, scrypt, PBKDF2, salted MD5,
//! SHA-1 and SHA-512, and phpass).
//!
//! Verifying may be slow (a migrated bcrypt hash of cost 12 takes a quarter of a second), so
//! flows verify outside the state's lock.

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest as _, Sha256, Sha512};
use stytch_b2b_otp_sms::password::{MigrateRequest, MigrateRequestHashType as HashType};

use super::phpass;
use crate::FakeError;

/// The fake's own argon2id cost: 1 MiB, one pass, one lane. The fake is a test double whose
/// hashes protect nothing, and logins must stay fast; the PHC string records the cost, so a
/// stronger one would verify the same way.
const NATIVE_MEMORY_KIB: u32 = 1024;
/// Largest scrypt `r × p` the fake computes, so that one migrate cannot take the fake's
/// memory (Stytch documents no bound; `n_parameter` is below 262,145).
const SCRYPT_MAX_R_TIMES_P: u64 = 64;
/// Largest PBKDF2 `iteration_amount` the fake computes (Stytch documents no bound).
const PBKDF2_MAX_ITERATIONS: i32 = 10_000_000;
/// Largest argon2 cost the fake computes from an `argon_2_config` (memory in KiB, passes).
const ARGON2_MAX_MEMORY_KIB: i32 = 256 * 1024;
const ARGON2_MAX_ITERATIONS: i32 = 64;

/// How a password is kept (exported as [`Wire`](super::stored::Wire)).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(into = "super::stored::Wire", try_from = "super::stored::Wire")]
pub(crate) enum StoredHash {
    /// The fake's own argon2id PHC string.
    Native(String),
    /// A migrated `$2a$`/`$2b$`/`$2y$` bcrypt hash.
    Bcrypt(String),
    /// A migrated argon2i or argon2id PHC string (`$argon2id$v=19$m=..,t=..,p=..$salt$hash`).
    Argon2Phc(String),
    /// A migrated raw argon2 hash with its `argon_2_config`.
    Argon2Raw {
        algorithm: argon2::Algorithm,
        params: argon2::Params,
        salt: Vec<u8>,
        hash: Vec<u8>,
    },
    /// A migrated scrypt PHC string (`$scrypt$ln=..,r=..,p=..$salt$hash`).
    ScryptPhc(String),
    /// A migrated raw scrypt hash with its `scrypt_config`.
    ScryptRaw {
        params: scrypt::Params,
        salt: Vec<u8>,
        hash: Vec<u8>,
    },
    /// A migrated PBKDF2-HMAC hash with its `pbkdf_2_config`.
    Pbkdf2 {
        sha512: bool,
        rounds: u32,
        salt: Vec<u8>,
        hash: Vec<u8>,
    },
    /// A migrated digest of `prepend_salt + password + append_salt`.
    Salted {
        digest: SaltedDigest,
        prepend: String,
        append: String,
        hash: Vec<u8>,
    },
    /// A migrated phpass portable hash (`$P$` or `$H$`).
    Phpass(String),
}

/// The digests of salted migrated hashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SaltedDigest {
    Md5,
    Sha1,
    Sha512,
}

impl SaltedDigest {
    /// The digest's name in an exported state.
    pub(crate) fn name(self) -> &'static str {
        match self {
            SaltedDigest::Md5 => "md5",
            SaltedDigest::Sha1 => "sha1",
            SaltedDigest::Sha512 => "sha512",
        }
    }

    /// The digest named `name` (see [`Self::name`]).
    pub(crate) fn from_name(name: &str) -> Option<SaltedDigest> {
        [SaltedDigest::Md5, SaltedDigest::Sha1, SaltedDigest::Sha512]
            .into_iter()
            .find(|d| d.name() == name)
    }

    /// The digest of `input`.
    fn of(self, input: &[u8]) -> Vec<u8> {
        match self {
            SaltedDigest::Md5 => Md5::digest(input).to_vec(),
            SaltedDigest::Sha1 => Sha1::digest(input).to_vec(),
            SaltedDigest::Sha512 => Sha512::digest(input).to_vec(),
        }
    }
}

impl StoredHash {
    /// Hashes a password the fake's own way (argon2id, a fresh salt, PHC string).
    pub(crate) fn native(password: &str) -> Result<StoredHash, FakeError> {
        let params = argon2::Params::new(NATIVE_MEMORY_KIB, 1, 1, None)
            .map_err(|e| crate::state::internal(format_args!("set argon2 parameters: {e}")))?;
        let hasher = Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        hasher
            .hash_password(password.as_bytes())
            .map(|h| StoredHash::Native(h.to_string()))
            .map_err(|e| crate::state::internal(format_args!("hash a password: {e}")))
    }

    /// Whether `password` is the one this hash was made from.
    pub(crate) fn verify(&self, password: &str) -> bool {
        let pw = password.as_bytes();
        match self {
            StoredHash::Native(phc) | StoredHash::Argon2Phc(phc) => argon2::PasswordHash::new(phc)
                .is_ok_and(|h| Argon2::default().verify_password(pw, &h).is_ok()),
            StoredHash::Bcrypt(hash) => bcrypt::verify(pw, hash).unwrap_or(false),
            StoredHash::Argon2Raw {
                algorithm,
                params,
                salt,
                hash,
            } => {
                let hasher = Argon2::new(*algorithm, argon2::Version::V0x13, params.clone());
                let mut out = vec![0; hash.len()];
                hasher.hash_password_into(pw, salt, &mut out).is_ok() && out == *hash
            }
            StoredHash::ScryptPhc(phc) => scrypt::phc::PasswordHash::new(phc)
                .is_ok_and(|h| scrypt::Scrypt::default().verify_password(pw, &h).is_ok()),
            StoredHash::ScryptRaw { params, salt, hash } => {
                let mut out = vec![0; hash.len()];
                scrypt::scrypt(pw, salt, params, &mut out).is_ok() && out == *hash
            }
            StoredHash::Pbkdf2 {
                sha512,
                rounds,
                salt,
                hash,
            } => {
                let mut out = vec![0; hash.len()];
                if *sha512 {
                    pbkdf2::pbkdf2_hmac::<Sha512>(pw, salt, *rounds, &mut out);
                } else {
                    pbkdf2::pbkdf2_hmac::<Sha256>(pw, salt, *rounds, &mut out);
                }
                out == *hash
            }
            StoredHash::Salted {
                digest,
                prepend,
                append,
                hash,
            } => digest.of(format!("{prepend}{password}{append}").as_bytes()) == *hash,
            StoredHash::Phpass(hash) => phpass::verify(password, hash),
        }
    }

    /// The hash a `passwords.migrate` request carries, checked as Stytch checks it (each
    /// refusal is a 400 with Stytch's `error_type`).
    pub(crate) fn migrated(request: &MigrateRequest) -> Result<StoredHash, FakeError> {
        let hash = request.hash.trim();
        if hash.is_empty() {
            return Err(invalid("invalid_hash", "hash must not be empty."));
        }
        match &request.hash_type {
            HashType::Bcrypt => bcrypt_hash(hash),
            HashType::Md5 => salted(SaltedDigest::Md5, hash, salts_md5(request)),
            HashType::Sha1 => salted(SaltedDigest::Sha1, hash, salts_sha1(request)),
            HashType::Sha512 => salted(SaltedDigest::Sha512, hash, salts_sha512(request)),
            HashType::Argon2i => argon2_hash(argon2::Algorithm::Argon2i, hash, request),
            HashType::Argon2id => argon2_hash(argon2::Algorithm::Argon2id, hash, request),
            HashType::Scrypt => scrypt_hash(hash, request),
            HashType::Pbkdf2 => pbkdf2_hash(hash, request),
            HashType::Phpass => {
                phpass::check_format(hash).map(|()| StoredHash::Phpass(hash.into()))
            }
            other => Err(invalid(
                "invalid_hash_type",
                format!(
                    "hash_type {:?} is not one of {}.",
                    other.as_str(),
                    HashType::KNOWN_VALUES.join(", ")
                ),
            )),
        }
    }
}

/// A 400 refusal of a migrated hash.
fn invalid(error_type: &str, message: impl Into<String>) -> FakeError {
    FakeError::new(400, error_type, message)
}

/// A `$2a$`/`$2b$`/`$2y$` bcrypt hash with a cost bcrypt accepts, at most 16 here (bcrypt
/// goes to 31, but a cost-31 hash takes days to check, and the fake caps every hash's cost so
/// that one request cannot tie up a worker; 16 takes about 5 s).
fn bcrypt_hash(hash: &str) -> Result<StoredHash, FakeError> {
    let prefixed = ["$2a$", "$2b$", "$2y$", "$2x$"]
        .iter()
        .any(|p| hash.starts_with(p));
    let parts = hash.parse::<bcrypt::HashParts>();
    match parts {
        Ok(parts) if prefixed && (4..=16).contains(&parts.get_cost()) => {
            Ok(StoredHash::Bcrypt(hash.to_owned()))
        }
        Ok(_) if prefixed => Err(invalid(
            "invalid_bcrypt_cost",
            "The bcrypt cost must be between 4 and 16 (the fake's cap; bcrypt allows 31).",
        )),
        _ => Err(invalid(
            "invalid_bcrypt_hash",
            "hash is not a bcrypt hash ($2a$, $2b$ or $2y$, cost, 22 characters of salt, 31 of hash).",
        )),
    }
}

/// A salted digest's `prepend_salt` and `append_salt`, when configured.
type Salts = (Option<String>, Option<String>);

/// `md_5_config`'s salts.
fn salts_md5(request: &MigrateRequest) -> Salts {
    let c = request.md_5_config.as_ref();
    (
        c.map(|c| c.prepend_salt.clone()),
        c.map(|c| c.append_salt.clone()),
    )
}

/// `sha_1_config`'s salts.
fn salts_sha1(request: &MigrateRequest) -> Salts {
    let c = request.sha_1_config.as_ref();
    (
        c.map(|c| c.prepend_salt.clone()),
        c.map(|c| c.append_salt.clone()),
    )
}

/// `sha_512_config`'s salts.
fn salts_sha512(request: &MigrateRequest) -> Salts {
    let c = request.sha_512_config.as_ref();
    (
        c.map(|c| c.prepend_salt.clone()),
        c.map(|c| c.append_salt.clone()),
    )
}

/// A hex digest of `prepend_salt + password + append_salt` (either salt optional).
fn salted(digest: SaltedDigest, hash: &str, salts: Salts) -> Result<StoredHash, FakeError> {
    let (name, len) = match digest {
        SaltedDigest::Md5 => ("md_5", 16),
        SaltedDigest::Sha1 => ("sha_1", 20),
        SaltedDigest::Sha512 => ("sha_512", 64),
    };
    let bytes = hex(hash).filter(|b| b.len() == len).ok_or_else(|| {
        invalid(
            &format!("invalid_{name}_hash"),
            format!("A {name} hash is {} hexadecimal characters.", len * 2),
        )
    })?;
    Ok(StoredHash::Salted {
        digest,
        prepend: salts.0.unwrap_or_default(),
        append: salts.1.unwrap_or_default(),
        hash: bytes,
    })
}

/// An argon2 PHC string, or a hex hash with its `argon_2_config` (the salt a plain string).
fn argon2_hash(
    algorithm: argon2::Algorithm,
    hash: &str,
    request: &MigrateRequest,
) -> Result<StoredHash, FakeError> {
    if hash.starts_with("$argon2") {
        let parsed = argon2::PasswordHash::new(hash).map_err(|e| {
            invalid(
                "invalid_hash",
                format!("hash is not an argon2 PHC string: {e}."),
            )
        })?;
        if parsed.algorithm.as_str() != algorithm.as_str() {
            return Err(invalid(
                "invalid_hash",
                format!(
                    "hash_type says {algorithm} but the hash is {}.",
                    parsed.algorithm.as_str()
                ),
            ));
        }
        return Ok(StoredHash::Argon2Phc(hash.to_owned()));
    }
    let config = request.argon_2_config.as_ref().ok_or_else(|| {
        invalid(
            "invalid_hash",
            "argon_2_config is required with a hex argon2 hash (a PHC string carries its own).",
        )
    })?;
    let positive = |value: i32, max: i32, error_type: &str, what: &str| {
        u32::try_from(value)
            .ok()
            .filter(|v| *v >= 1 && i64::from(*v) <= i64::from(max))
            .ok_or_else(|| invalid(error_type, format!("{what} must be between 1 and {max}.")))
    };
    if config.salt.is_empty() {
        return Err(invalid(
            "invalid_argon_2_salt",
            "argon_2_config.salt is required.",
        ));
    }
    let t = positive(
        config.iteration_amount,
        ARGON2_MAX_ITERATIONS,
        "invalid_argon_2_iteration_amount",
        "iteration_amount",
    )?;
    let p = positive(config.threads, 255, "invalid_argon_2_threads", "threads")?;
    let m = positive(
        config.memory,
        ARGON2_MAX_MEMORY_KIB,
        "invalid_argon_2_memory",
        "memory (KiB)",
    )?;
    let key_length = positive(
        config.key_length,
        1024,
        "invalid_argon_2_key_length",
        "key_length",
    )?;
    let bytes =
        hex(hash).ok_or_else(|| invalid("invalid_hash", "A raw argon2 hash is hexadecimal."))?;
    if bytes.len() != key_length as usize {
        return Err(invalid(
            "argon_2_key_length_mismatch",
            "The key_length value doesn't match the length of the provided hash.",
        ));
    }
    let params = argon2::Params::new(m, t, p, Some(bytes.len())).map_err(|e| {
        invalid(
            "invalid_argon_2_memory",
            format!("argon_2_config is not usable: {e}."),
        )
    })?;
    Ok(StoredHash::Argon2Raw {
        algorithm,
        params,
        salt: config.salt.as_bytes().to_vec(),
        hash: bytes,
    })
}

/// A scrypt PHC string, or a base64 hash with its `scrypt_config` (the salt base64).
fn scrypt_hash(hash: &str, request: &MigrateRequest) -> Result<StoredHash, FakeError> {
    if hash.starts_with("$scrypt$") {
        scrypt::phc::PasswordHash::new(hash).map_err(|e| {
            invalid(
                "invalid_hash",
                format!("hash is not a scrypt PHC string: {e}."),
            )
        })?;
        return Ok(StoredHash::ScryptPhc(hash.to_owned()));
    }
    let config = request.scrypt_config.as_ref().ok_or_else(|| {
        invalid(
            "invalid_hash",
            "scrypt_config is required with a base64 scrypt hash (a PHC string carries its own).",
        )
    })?;
    let bytes = base64(hash)
        .ok_or_else(|| invalid("invalid_base64_scrypt_hash", "A raw scrypt hash is base64."))?;
    let salt = base64(&config.salt).ok_or_else(|| {
        invalid(
            "invalid_base64_scrypt_salt",
            "scrypt_config.salt is base64.",
        )
    })?;
    if salt.is_empty() {
        return Err(invalid(
            "invalid_scrypt_salt_length",
            "scrypt_config.salt is empty.",
        ));
    }
    let n = config.n_parameter;
    if n <= 1 || n >= 262_145 || n.count_ones() != 1 {
        return Err(invalid(
            "invalid_scrypt_n_parameter",
            "n_parameter must be a power of 2, greater than 1 and less than 262145.",
        ));
    }
    let (r, p) = (
        u32::try_from(config.r_parameter),
        u32::try_from(config.p_parameter),
    );
    let (Ok(r @ 1..), Ok(p @ 1..)) = (r, p) else {
        return Err(invalid(
            "invalid_scrypt_parameters",
            "r_parameter and p_parameter must be at least 1.",
        ));
    };
    if u64::from(r) * u64::from(p) > SCRYPT_MAX_R_TIMES_P {
        return Err(invalid(
            "invalid_scrypt_parameters",
            format!("The fake computes scrypt with r × p up to {SCRYPT_MAX_R_TIMES_P}."),
        ));
    }
    if usize::try_from(config.key_length).ok() != Some(bytes.len()) {
        return Err(invalid(
            "scrypt_key_length_mismatch",
            "The key_length value doesn't match the length of the provided hash.",
        ));
    }
    let log_n = u8::try_from(n.trailing_zeros()).unwrap_or(u8::MAX);
    let params = scrypt::Params::new(log_n, r, p)
        .map_err(|e| invalid("invalid_scrypt_parameters", format!("scrypt_config: {e}.")))?;
    Ok(StoredHash::ScryptRaw {
        params,
        salt,
        hash: bytes,
    })
}

/// A base64 PBKDF2-HMAC hash with its `pbkdf_2_config` (salt base64, `sha256` by default).
fn pbkdf2_hash(hash: &str, request: &MigrateRequest) -> Result<StoredHash, FakeError> {
    let config = request.pbkdf_2_config.as_ref().ok_or_else(|| {
        invalid(
            "invalid_pbkdf_2_hash",
            "pbkdf_2_config is required with a pbkdf_2 hash.",
        )
    })?;
    let sha512 = match config.algorithm.to_ascii_lowercase().as_str() {
        "" | "sha256" => false,
        "sha512" => true,
        other => {
            return Err(invalid(
                "invalid_pbkdf_2_algorithm",
                format!("pbkdf_2_config.algorithm {other:?} is not sha256 or sha512."),
            ));
        }
    };
    let salt = base64(&config.salt)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| invalid("invalid_pbkdf_2_salt", "pbkdf_2_config.salt is base64."))?;
    let rounds = u32::try_from(config.iteration_amount)
        .ok()
        .filter(|r| (1..=PBKDF2_MAX_ITERATIONS.unsigned_abs()).contains(r))
        .ok_or_else(|| {
            invalid(
                "invalid_pbkdf_2_iteration_amount",
                format!("iteration_amount must be between 1 and {PBKDF2_MAX_ITERATIONS}."),
            )
        })?;
    let bytes = base64(hash)
        .filter(|b| !b.is_empty())
        .ok_or_else(|| invalid("invalid_pbkdf_2_hash", "A pbkdf_2 hash is base64."))?;
    if usize::try_from(config.key_length).ok() != Some(bytes.len()) {
        return Err(invalid(
            "pbkdf_2_key_length_mismatch",
            "The key_length value doesn't match the length of the provided hash.",
        ));
    }
    Ok(StoredHash::Pbkdf2 {
        sha512,
        rounds,
        salt,
        hash: bytes,
    })
}

/// Standard base64, padded or not.
fn base64(text: &str) -> Option<Vec<u8>> {
    STANDARD
        .decode(text)
        .or_else(|_| STANDARD_NO_PAD.decode(text))
        .ok()
}

/// Hexadecimal, either case.
fn hex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| {
            text.get(i..i + 2)
                .and_then(|b| u8::from_str_radix(b, 16).ok())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_hashes_verify_their_password_only() {
        let hash = StoredHash::native("a fine password").unwrap();
        assert!(hash.verify("a fine password"));
        assert!(!hash.verify("a fine passwore"));
    }

    #[test]
    fn hex_reads_both_cases_and_refuses_odd_lengths() {
        assert_eq!(hex("0aFf"), Some(vec![0x0a, 0xff]));
        assert_eq!(hex("abc"), None);
        assert_eq!(hex("zz"), None);
    }
}
