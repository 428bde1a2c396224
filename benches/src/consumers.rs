//! The scratch consumer crates of the `consumer_build` benchmark: three binaries making the
//! same two calls (`otps.sms.send`, then `otps.sms.authenticate`) with this SDK, with Stytch's
//! official crate, and by hand on the bare stack (reqwest 0.13 on rustls + ring, serde,
//! serde_json). Each also uses tokio (`rt`, `macros`) the same way, so the three differ only
//! in how the calls are made.

use std::path::Path;

/// One scratch consumer: its directory name, its dependencies and its `src/main.rs`.
#[derive(Clone, Copy, Debug)]
pub struct Consumer {
    /// Directory and package name (`sdk`, `official`, `bare`).
    pub name: &'static str,
    /// The `[dependencies]` table; `{sdk}` stands for the SDK's path, `{features}` for the
    /// SDK features asked for (`, features = [..]`, or nothing).
    dependencies: &'static str,
    main: &'static str,
}

/// tokio as every consumer uses it.
const TOKIO: &str = r#"tokio = { version = "1", features = ["rt", "macros"] }"#;

/// This SDK, default features.
pub const SDK: Consumer = Consumer {
    name: "sdk",
    dependencies: r#"stytch-b2b-otp-sms = { path = "{sdk}"{features} }"#,
    main: r#"use stytch_b2b_otp_sms::Client;
use stytch_b2b_otp_sms::otp_sms::{AuthenticateRequest, SendRequest};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:9".into());
    let client = Client::builder("project-test-1", "secret-test-1").base_url(base_url).build()?;
    let sms = client.otps().sms();
    let sent = sms
        .send(SendRequest::new("organization-test-1", "member-test-1").mfa_phone_number("+15555550123"))
        .await?;
    println!("sent to {}", sent.member.mfa_phone_number);
    let authed = sms
        .authenticate(
            AuthenticateRequest::new("organization-test-1", "member-test-1", "123456")
                .intermediate_session_token("intermediate-session-token-1"),
        )
        .await?;
    println!("{} is logged in until {:?}", authed.member.email_address, authed.member_session.map(|s| s.expires_at));
    Ok(())
}
"#,
};

/// Stytch's official crate (`stytch` 11), default features.
pub const OFFICIAL: Consumer = Consumer {
    name: "official",
    dependencies: r#"stytch = "11""#,
    main: r#"use stytch::b2b::otp_sms::{AuthenticateRequest, SendRequest};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = stytch::b2b::client::Client::new("project-test-1", "secret-test-1")?;
    let sent = client
        .otps
        .sms
        .send(SendRequest {
            organization_id: "organization-test-1".into(),
            member_id: "member-test-1".into(),
            mfa_phone_number: Some("+15555550123".into()),
            ..SendRequest::default()
        })
        .await?;
    println!("sent to {}", sent.member.mfa_phone_number);
    let authed = client
        .otps
        .sms
        .authenticate(AuthenticateRequest {
            organization_id: "organization-test-1".into(),
            member_id: "member-test-1".into(),
            code: "123456".into(),
            intermediate_session_token: Some("intermediate-session-token-1".into()),
            ..AuthenticateRequest::default()
        })
        .await?;
    println!("{} is logged in until {:?}", authed.member.email_address, authed.member_session.map(|s| s.expires_at));
    Ok(())
}
"#,
};

/// The floor: the same two calls by hand, decoding only the fields printed.
pub const BARE: Consumer = Consumer {
    name: "bare",
    dependencies: r#"reqwest = { version = "0.13", default-features = false, features = ["rustls-no-provider"] }
rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12"] }
webpki-roots = "1"
serde = { version = "1", features = ["derive"] }
serde_json = "1""#,
    main: r#"use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct SendRequest<'a> {
    organization_id: &'a str,
    member_id: &'a str,
    mfa_phone_number: &'a str,
}

#[derive(Serialize)]
struct AuthenticateRequest<'a> {
    organization_id: &'a str,
    member_id: &'a str,
    code: &'a str,
    intermediate_session_token: &'a str,
}

#[derive(Deserialize)]
struct Member {
    email_address: String,
    mfa_phone_number: String,
}

#[derive(Deserialize)]
struct MemberSession {
    expires_at: String,
}

#[derive(Deserialize)]
struct SendResponse {
    member: Member,
}

#[derive(Deserialize)]
struct AuthenticateResponse {
    member: Member,
    member_session: MemberSession,
}

async fn call<T: serde::de::DeserializeOwned>(
    http: &reqwest::Client,
    url: String,
    body: &impl Serialize,
) -> Result<T, Box<dyn std::error::Error>> {
    let response = http
        .post(url)
        .basic_auth("project-test-1", Some("secret-test-1"))
        .header("content-type", "application/json")
        .body(serde_json::to_vec(body)?)
        .send()
        .await?
        .error_for_status()?;
    Ok(serde_json::from_slice(&response.bytes().await?)?)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:9".into());
    let roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    // Deprecated since rustls 0.23.48 (no post-quantum key exchange); fine for a build probe.
    #[allow(deprecated)]
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
    .with_safe_default_protocol_versions()?
    .with_root_certificates(roots)
    .with_no_client_auth();
    let http = reqwest::Client::builder().tls_backend_preconfigured(tls).build()?;
    let sent: SendResponse = call(
        &http,
        format!("{base_url}/v1/b2b/otps/sms/send"),
        &SendRequest {
            organization_id: "organization-test-1",
            member_id: "member-test-1",
            mfa_phone_number: "+15555550123",
        },
    )
    .await?;
    println!("sent to {}", sent.member.mfa_phone_number);
    let authed: AuthenticateResponse = call(
        &http,
        format!("{base_url}/v1/b2b/otps/sms/authenticate"),
        &AuthenticateRequest {
            organization_id: "organization-test-1",
            member_id: "member-test-1",
            code: "123456",
            intermediate_session_token: "intermediate-session-token-1",
        },
    )
    .await?;
    println!("{} is logged in until {}", authed.member.email_address, authed.member_session.expires_at);
    Ok(())
}
"#,
};

/// Every consumer, in the order the tables list them.
pub const ALL: [Consumer; 3] = [SDK, OFFICIAL, BARE];

impl Consumer {
    /// Writes the crate into `dir/<name>`, with `lock` (the workspace's `Cargo.lock`, so the
    /// consumers build the versions the SDK is tested with) as its lock file.
    pub fn write(
        &self,
        dir: &Path,
        sdk: &Path,
        sdk_features: &[String],
        lock: Option<&str>,
    ) -> std::io::Result<()> {
        let root = dir.join(self.name);
        std::fs::create_dir_all(root.join("src"))?;
        let features = if sdk_features.is_empty() {
            String::new()
        } else {
            let quoted: Vec<String> = sdk_features.iter().map(|f| format!("{f:?}")).collect();
            format!(", features = [{}]", quoted.join(", "))
        };
        let dependencies = self
            .dependencies
            .replace("{sdk}", &sdk.display().to_string().replace('\\', "/"))
            .replace("{features}", &features);
        let manifest = format!(
            "[package]\nname = \"consumer-{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\n{dependencies}\n{TOKIO}\n\n\
             # Not part of any enclosing workspace.\n[workspace]\n",
            name = self.name,
        );
        std::fs::write(root.join("Cargo.toml"), manifest)?;
        std::fs::write(root.join("src/main.rs"), self.main)?;
        if let Some(lock) = lock {
            std::fs::write(root.join("Cargo.lock"), lock)?;
        }
        Ok(())
    }
}
