//! The TLS configuration of the client the SDK builds itself.
//!
//! With the `rustls` feature (the default): rustls on the `ring` crypto provider, TLS 1.2 and
//! 1.3, and Mozilla's root certificates compiled in (`webpki-roots`), so a slim container
//! image without a CA bundle works. [`ClientBuilder::platform_verifier`] switches to the
//! operating system's verifier and root store instead. With only `native-tls`: the platform's
//! TLS stack and its roots. With neither: plain `http` to loopback only.
//!
//! [`ClientBuilder::platform_verifier`]: crate::ClientBuilder::platform_verifier

#[cfg(feature = "rustls")]
use std::sync::{Arc, OnceLock};

use crate::Error;
#[cfg(feature = "rustls")]
use crate::error::config_error;

/// Which certificates the SDK's own client trusts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Roots {
    /// Mozilla's roots, compiled in (rustls), or the platform's (native-tls only).
    #[default]
    BuiltIn,
    /// The operating system's verifier and root store (`rustls-platform-verifier`).
    #[cfg(feature = "rustls")]
    Platform,
}

/// Whether this build can make TLS connections with a client the SDK builds.
pub(crate) const HAS_TLS: bool = cfg!(any(feature = "rustls", feature = "native-tls"));

/// The crypto provider, made once per process: rustls's *ring* cipher suites and key
/// exchange groups, the signature algorithms of `webpki` on *ring*, and *ring*'s random
/// numbers.
///
/// Assembled from public parts because rustls 0.23.48 deprecated
/// `rustls::crypto::ring::default_provider` (it has no post-quantum key exchange); what it
/// builds is that provider (a unit test compares the two). aws-lc-rs would add post-quantum
/// key exchange at the price of a C and CMake build for every user.
#[cfg(feature = "rustls")]
fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    use rustls::crypto::ring::{DEFAULT_CIPHER_SUITES, DEFAULT_KX_GROUPS};
    static PROVIDER: OnceLock<Arc<rustls::crypto::CryptoProvider>> = OnceLock::new();
    Arc::clone(PROVIDER.get_or_init(|| {
        Arc::new(rustls::crypto::CryptoProvider {
            cipher_suites: DEFAULT_CIPHER_SUITES.to_vec(),
            kx_groups: DEFAULT_KX_GROUPS.to_vec(),
            signature_verification_algorithms: SIGNATURE_ALGORITHMS,
            secure_random: &RingParts,
            key_provider: &RingParts,
        })
    }))
}

/// The server signatures the client verifies, by TLS signature scheme (for TLS 1.2 an ECDSA
/// scheme does not fix the curve, so both curves verify it).
#[cfg(feature = "rustls")]
const SIGNATURE_ALGORITHMS: rustls::crypto::WebPkiSupportedAlgorithms = {
    use rustls::SignatureScheme as S;
    use webpki::ring as alg;
    rustls::crypto::WebPkiSupportedAlgorithms {
        all: &[
            alg::ECDSA_P256_SHA256,
            alg::ECDSA_P256_SHA384,
            alg::ECDSA_P384_SHA256,
            alg::ECDSA_P384_SHA384,
            alg::ED25519,
            alg::RSA_PSS_2048_8192_SHA256_LEGACY_KEY,
            alg::RSA_PSS_2048_8192_SHA384_LEGACY_KEY,
            alg::RSA_PSS_2048_8192_SHA512_LEGACY_KEY,
            alg::RSA_PKCS1_2048_8192_SHA256,
            alg::RSA_PKCS1_2048_8192_SHA384,
            alg::RSA_PKCS1_2048_8192_SHA512,
            alg::RSA_PKCS1_2048_8192_SHA256_ABSENT_PARAMS,
            alg::RSA_PKCS1_2048_8192_SHA384_ABSENT_PARAMS,
            alg::RSA_PKCS1_2048_8192_SHA512_ABSENT_PARAMS,
        ],
        mapping: &[
            (
                S::ECDSA_NISTP384_SHA384,
                &[alg::ECDSA_P384_SHA384, alg::ECDSA_P256_SHA384],
            ),
            (
                S::ECDSA_NISTP256_SHA256,
                &[alg::ECDSA_P256_SHA256, alg::ECDSA_P384_SHA256],
            ),
            (S::ED25519, &[alg::ED25519]),
            (
                S::RSA_PSS_SHA512,
                &[alg::RSA_PSS_2048_8192_SHA512_LEGACY_KEY],
            ),
            (
                S::RSA_PSS_SHA384,
                &[alg::RSA_PSS_2048_8192_SHA384_LEGACY_KEY],
            ),
            (
                S::RSA_PSS_SHA256,
                &[alg::RSA_PSS_2048_8192_SHA256_LEGACY_KEY],
            ),
            (S::RSA_PKCS1_SHA512, &[alg::RSA_PKCS1_2048_8192_SHA512]),
            (S::RSA_PKCS1_SHA384, &[alg::RSA_PKCS1_2048_8192_SHA384]),
            (S::RSA_PKCS1_SHA256, &[alg::RSA_PKCS1_2048_8192_SHA256]),
        ],
    }
};

/// *ring*'s system random numbers, and its signing keys (rustls asks for one only with a
/// client certificate, which the SDK never sends).
#[cfg(feature = "rustls")]
#[derive(Debug)]
struct RingParts;

#[cfg(feature = "rustls")]
impl rustls::crypto::SecureRandom for RingParts {
    fn fill(&self, buf: &mut [u8]) -> Result<(), rustls::crypto::GetRandomFailed> {
        use ring::rand::SecureRandom as _;
        ring::rand::SystemRandom::new()
            .fill(buf)
            .map_err(|_| rustls::crypto::GetRandomFailed)
    }
}

#[cfg(feature = "rustls")]
impl rustls::crypto::KeyProvider for RingParts {
    fn load_private_key(
        &self,
        key_der: rustls::pki_types::PrivateKeyDer<'static>,
    ) -> Result<Arc<dyn rustls::sign::SigningKey>, rustls::Error> {
        rustls::crypto::ring::sign::any_supported_type(&key_der)
    }
}

/// A rustls configuration for `roots`; the built-in one is made once per process and cloned
/// (a clone shares the root store).
#[cfg(feature = "rustls")]
fn rustls_config(roots: Roots) -> Result<rustls::ClientConfig, Error> {
    static BUILT_IN: OnceLock<rustls::ClientConfig> = OnceLock::new();
    let tls_error = |e: rustls::Error| config_error(format!("could not configure TLS: {e}"));
    let mut config = match roots {
        Roots::BuiltIn => {
            if let Some(config) = BUILT_IN.get() {
                return Ok(config.clone());
            }
            let roots = rustls::RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            };
            rustls::ClientConfig::builder_with_provider(provider())
                .with_safe_default_protocol_versions()
                .map_err(tls_error)?
                .with_root_certificates(roots)
                .with_no_client_auth()
        }
        Roots::Platform => {
            use rustls_platform_verifier::BuilderVerifierExt as _;
            rustls::ClientConfig::builder_with_provider(provider())
                .with_safe_default_protocol_versions()
                .map_err(tls_error)?
                .with_platform_verifier()
                .map_err(tls_error)?
                .with_no_client_auth()
        }
    };
    // The client speaks HTTP/1.1 only (reqwest's `http2` feature is off).
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    if roots == Roots::BuiltIn {
        return Ok(BUILT_IN.get_or_init(|| config).clone());
    }
    Ok(config)
}

/// Applies the TLS backend to the SDK's own reqwest client.
pub(crate) fn configure(
    builder: reqwest::ClientBuilder,
    roots: Roots,
) -> Result<reqwest::ClientBuilder, Error> {
    #[cfg(feature = "rustls")]
    {
        Ok(builder.tls_backend_preconfigured(rustls_config(roots)?))
    }
    #[cfg(not(feature = "rustls"))]
    {
        let Roots::BuiltIn = roots;
        Ok(builder)
    }
}

#[cfg(all(test, feature = "rustls"))]
mod tests {
    /// The provider is rustls's own *ring* provider, part for part.
    #[test]
    fn the_provider_is_rustls_ring_provider() {
        #[allow(deprecated)]
        let theirs = rustls::crypto::ring::default_provider();
        let ours = super::provider();
        let suites = |p: &rustls::crypto::CryptoProvider| {
            p.cipher_suites
                .iter()
                .map(|s| s.suite())
                .collect::<Vec<_>>()
        };
        let groups = |p: &rustls::crypto::CryptoProvider| {
            p.kx_groups.iter().map(|g| g.name()).collect::<Vec<_>>()
        };
        let schemes = |p: &rustls::crypto::CryptoProvider| {
            p.signature_verification_algorithms.supported_schemes()
        };
        let algorithms = |p: &rustls::crypto::CryptoProvider| {
            let all = p.signature_verification_algorithms.all;
            all.iter().map(|a| format!("{a:?}")).collect::<Vec<_>>()
        };
        assert_eq!(suites(&ours), suites(&theirs));
        assert_eq!(groups(&ours), groups(&theirs));
        assert_eq!(schemes(&ours), schemes(&theirs));
        assert_eq!(algorithms(&ours), algorithms(&theirs));
        assert!(ours.fips() == theirs.fips());
        let mut bytes = [0u8; 32];
        rustls::crypto::SecureRandom::fill(ours.secure_random, &mut bytes).unwrap();
        assert_ne!(bytes, [0u8; 32]);
    }
}
