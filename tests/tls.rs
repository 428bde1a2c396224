//! TLS as the SDK's own client does it (rustls on ring, Mozilla's roots compiled in), and
//! with a caller's `reqwest::Client` that trusts a private CA, against a real TLS server on
//! loopback (tokio-rustls) whose certificate a test CA signed (`tests/fixtures/tls`).
#![cfg(feature = "rustls")]

mod support;

use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use stytch_b2b_otp_sms::otp_sms::SendRequest;
use stytch_b2b_otp_sms::{Client, Error};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const CA: &str = include_str!("fixtures/tls/ca.cert.pem");
const CERT: &str = include_str!("fixtures/tls/localhost.cert.pem");
const KEY: &str = include_str!("fixtures/tls/localhost.key.pem");

/// An HTTPS server on `127.0.0.1` answering every request with a send response; returns its
/// port. Handshake failures are the client's business: the server just moves on.
async fn https_server() -> u16 {
    // rustls 0.23.48 deprecates ring's provider (no post-quantum key exchange); this is a
    // test peer's own rustls setup, independent of the SDK's provider (src/tls.rs).
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from_pem_slice(CERT.as_bytes()).unwrap()],
            PrivateKeyDer::from_pem_slice(KEY.as_bytes()).unwrap(),
        )
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                // Headers, then the announced body.
                loop {
                    let Ok(n) = tls.read(&mut buf).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    request.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&request);
                    if let Some(end) = text.find("\r\n\r\n") {
                        let length = text[..end]
                            .lines()
                            .find_map(|l| {
                                l.to_ascii_lowercase()
                                    .strip_prefix("content-length:")
                                    .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                            })
                            .unwrap_or(0);
                        if request.len() >= end + 4 + length {
                            break;
                        }
                    }
                }
                let body = support::fixture("send_full.json").into_bytes();
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = tls.write_all(head.as_bytes()).await;
                let _ = tls.write_all(&body).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    port
}

fn send() -> SendRequest {
    SendRequest::new("organization-1", "member-1")
}

#[tokio::test]
async fn the_sdks_own_client_verifies_certificates_against_its_compiled_in_roots() {
    let port = https_server().await;
    let client = Client::builder(support::PROJECT_ID, support::SECRET)
        .base_url(format!("https://localhost:{port}"))
        .build()
        .unwrap();
    let err = client.otps().sms().send(send()).await.unwrap_err();
    // A private CA is not among Mozilla's roots: the handshake is refused, by rustls.
    let Error::Transport(transport) = &err else {
        panic!("expected a transport error, got {err:?}")
    };
    let text = err.to_string();
    assert!(transport.is_connect(), "{text}");
    assert!(text.to_lowercase().contains("certificate"), "{text}");
    assert!(text.contains("UnknownIssuer"), "{text}");
}

#[tokio::test]
async fn a_callers_client_trusting_the_private_ca_gets_through() {
    let port = https_server().await;
    // The caller's reqwest client uses the process's rustls provider; the SDK installs none.
    // rustls 0.23.48 deprecates ring's provider (no post-quantum key exchange); this is a
    // test peer's own rustls setup, independent of the SDK's provider (src/tls.rs).
    #[allow(deprecated)]
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(CA.as_bytes()).unwrap()])
        .build()
        .unwrap();
    let client = Client::builder(support::PROJECT_ID, support::SECRET)
        .base_url(format!("https://localhost:{port}"))
        .http_client(http)
        .build()
        .unwrap();
    let sent = client.otps().sms().send(send()).await.unwrap();
    let want: serde_json::Value = support::fixture_json("send_full.json");
    assert_eq!(sent.request_id, want["request_id"].as_str().unwrap());
}

#[tokio::test]
async fn the_platform_verifier_does_not_know_the_private_ca_either() {
    let port = https_server().await;
    let client = Client::builder(support::PROJECT_ID, support::SECRET)
        .base_url(format!("https://127.0.0.1:{port}"))
        .platform_verifier(true)
        .build()
        .unwrap();
    let err = client.otps().sms().send(send()).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(
        err.to_string().to_lowercase().contains("certificate"),
        "{err}"
    );
}
