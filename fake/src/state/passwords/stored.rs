//! How a [`StoredHash`] is written in an exported state (`GET /__fake/state`): the PHC and
//! crypt strings as they are, raw hashes and salts in base64, and the cost parameters of
//! argon2 and scrypt as numbers, checked again when a state is imported.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};

use super::hashes::{SaltedDigest, StoredHash};

/// The exported form of a [`StoredHash`]; `kind` names the variant.
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum Wire {
    Native {
        phc: String,
    },
    Bcrypt {
        hash: String,
    },
    Argon2Phc {
        phc: String,
    },
    Argon2Raw {
        /// `argon2i` or `argon2id`.
        algorithm: String,
        memory_kib: u32,
        iterations: u32,
        parallelism: u32,
        salt: String,
        hash: String,
    },
    ScryptPhc {
        phc: String,
    },
    ScryptRaw {
        log_n: u8,
        r: u32,
        p: u32,
        salt: String,
        hash: String,
    },
    Pbkdf2 {
        sha512: bool,
        rounds: u32,
        salt: String,
        hash: String,
    },
    Salted {
        /// `md5`, `sha1` or `sha512`.
        digest: String,
        prepend: String,
        append: String,
        hash: String,
    },
    Phpass {
        hash: String,
    },
}

fn b64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

fn unb64(field: &str, text: &str) -> Result<Vec<u8>, String> {
    STANDARD
        .decode(text)
        .map_err(|e| format!("`{field}` is not base64: {e}"))
}

impl From<StoredHash> for Wire {
    fn from(hash: StoredHash) -> Wire {
        match hash {
            StoredHash::Native(phc) => Wire::Native { phc },
            StoredHash::Bcrypt(hash) => Wire::Bcrypt { hash },
            StoredHash::Argon2Phc(phc) => Wire::Argon2Phc { phc },
            StoredHash::Argon2Raw {
                algorithm,
                params,
                salt,
                hash,
            } => Wire::Argon2Raw {
                algorithm: algorithm.as_str().to_owned(),
                memory_kib: params.m_cost(),
                iterations: params.t_cost(),
                parallelism: params.p_cost(),
                salt: b64(&salt),
                hash: b64(&hash),
            },
            StoredHash::ScryptPhc(phc) => Wire::ScryptPhc { phc },
            StoredHash::ScryptRaw { params, salt, hash } => Wire::ScryptRaw {
                log_n: params.log_n(),
                r: params.r(),
                p: params.p(),
                salt: b64(&salt),
                hash: b64(&hash),
            },
            StoredHash::Pbkdf2 {
                sha512,
                rounds,
                salt,
                hash,
            } => Wire::Pbkdf2 {
                sha512,
                rounds,
                salt: b64(&salt),
                hash: b64(&hash),
            },
            StoredHash::Salted {
                digest,
                prepend,
                append,
                hash,
            } => Wire::Salted {
                digest: digest.name().to_owned(),
                prepend,
                append,
                hash: b64(&hash),
            },
            StoredHash::Phpass(hash) => Wire::Phpass { hash },
        }
    }
}

impl TryFrom<Wire> for StoredHash {
    type Error = String;

    fn try_from(wire: Wire) -> Result<StoredHash, String> {
        Ok(match wire {
            Wire::Native { phc } => StoredHash::Native(phc),
            Wire::Bcrypt { hash } => StoredHash::Bcrypt(hash),
            Wire::Argon2Phc { phc } => StoredHash::Argon2Phc(phc),
            Wire::Argon2Raw {
                algorithm,
                memory_kib,
                iterations,
                parallelism,
                salt,
                hash,
            } => {
                let hash = unb64("hash", &hash)?;
                let params =
                    argon2::Params::new(memory_kib, iterations, parallelism, Some(hash.len()))
                        .map_err(|e| format!("argon2 parameters: {e}"))?;
                StoredHash::Argon2Raw {
                    algorithm: algorithm
                        .parse()
                        .map_err(|e| format!("`algorithm` {algorithm:?}: {e}"))?,
                    params,
                    salt: unb64("salt", &salt)?,
                    hash,
                }
            }
            Wire::ScryptPhc { phc } => StoredHash::ScryptPhc(phc),
            Wire::ScryptRaw {
                log_n,
                r,
                p,
                salt,
                hash,
            } => StoredHash::ScryptRaw {
                params: scrypt::Params::new(log_n, r, p)
                    .map_err(|e| format!("scrypt parameters: {e}"))?,
                salt: unb64("salt", &salt)?,
                hash: unb64("hash", &hash)?,
            },
            Wire::Pbkdf2 {
                sha512,
                rounds,
                salt,
                hash,
            } => StoredHash::Pbkdf2 {
                sha512,
                rounds,
                salt: unb64("salt", &salt)?,
                hash: unb64("hash", &hash)?,
            },
            Wire::Salted {
                digest,
                prepend,
                append,
                hash,
            } => StoredHash::Salted {
                digest: SaltedDigest::from_name(&digest)
                    .ok_or_else(|| format!("`digest` {digest:?} is not md5, sha1 or sha512"))?,
                prepend,
                append,
                hash: unb64("hash", &hash)?,
            },
            Wire::Phpass { hash } => StoredHash::Phpass(hash),
        })
    }
}
