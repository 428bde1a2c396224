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

/// The ring provider, made once per process.
#[cfg(feature = "rustls")]
fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    static PROVIDER: OnceLock<Arc<rustls::crypto::CryptoProvider>> = OnceLock::new();
    Arc::clone(PROVIDER.get_or_init(|| Arc::new(rustls::crypto::ring::default_provider())))
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
