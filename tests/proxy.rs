//! The SDK through a real HTTP proxy (tinyproxy) on loopback: with a caller's
//! `reqwest::Client` given to `ClientBuilder::http_client`, and with the SDK's own client
//! and `HTTP_PROXY` in the environment.
//!
//! Needs `tinyproxy` on `PATH` (Debian: `apt install tinyproxy`); `.ci/run` installs it and
//! runs these with `cargo test --test proxy -- --ignored`.

mod support;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use stytch_b2b_otp_sms::Client;
use stytch_b2b_otp_sms::otp_sms::SendRequest;
use support::{Response, Server};

/// A tinyproxy on a free loopback port, stopped when dropped.
struct Tinyproxy {
    child: Child,
    port: u16,
    _dir: TempDir,
}

/// A directory under the system temp dir, removed when dropped.
struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Tinyproxy {
    fn start() -> Tinyproxy {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let dir =
            std::env::temp_dir().join(format!("stytch-tinyproxy-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let conf = dir.join("tinyproxy.conf");
        std::fs::write(
            &conf,
            format!(
                "Port {port}\nListen 127.0.0.1\nTimeout 30\nMaxClients 16\nLogLevel Info\nAllow 127.0.0.1\nViaProxyName \"tinyproxy-test\"\n"
            ),
        )
        .unwrap();
        let mut child = Command::new("tinyproxy")
            .arg("-d")
            .arg("-c")
            .arg(&conf)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot run tinyproxy ({e}); install it (Debian: apt install tinyproxy)")
            });
        // Keep reading its log so that it never blocks on a full pipe.
        let log = child.stderr.take().unwrap();
        std::thread::spawn(move || for _ in BufReader::new(log).lines() {});
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = child.try_wait() {
                panic!("tinyproxy exited at start: {status}");
            }
            assert!(
                Instant::now() < deadline,
                "tinyproxy did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Tinyproxy {
            child,
            port,
            _dir: TempDir(dir),
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Tinyproxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sent() -> Response {
    Response::json_text(200, support::fixture("send_full.json"))
}

/// One send with `client` succeeds, and the request reached `server` through tinyproxy.
async fn assert_send_goes_through_the_proxy(client: &Client, server: &Server) {
    client
        .otps()
        .sms()
        .send(SendRequest::new("org", "member"))
        .await
        .unwrap();
    assert_via_proxy(server);
}

/// The request reached the server through tinyproxy: it adds `Via`.
#[track_caller]
fn assert_via_proxy(server: &Server) {
    let request = server.single_request();
    let via = request.header("via").unwrap_or_default();
    assert!(
        via.contains("tinyproxy-test"),
        "no Via header of the proxy: {request:?}"
    );
    // And the SDK's own headers made it through.
    assert!(
        request
            .header("authorization")
            .is_some_and(|a| a.starts_with("Basic "))
    );
    assert!(
        request
            .header("user-agent")
            .is_some_and(|ua| ua.starts_with("stytch-b2b-otp-sms-rust/")),
        "{request:?}"
    );
}

#[tokio::test]
#[ignore = "needs tinyproxy on PATH; .ci/run runs it"]
async fn a_callers_reqwest_client_goes_through_its_proxy() {
    let proxy = Tinyproxy::start();
    let server = Server::start(sent()).await;
    // rustls 0.23.48 deprecates ring's provider (no post-quantum key exchange); this is a
    // test peer's own rustls setup, independent of the SDK's provider (src/tls.rs).
    #[allow(deprecated)]
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .proxy(reqwest::Proxy::http(proxy.url()).unwrap())
        .build()
        .unwrap();
    let client = Client::builder(support::PROJECT_ID, support::SECRET)
        .base_url(server.base_url())
        .http_client(http)
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    assert_send_goes_through_the_proxy(&client, &server).await;
}

#[test]
#[ignore = "needs tinyproxy on PATH; .ci/run runs it"]
fn the_default_client_honours_http_proxy_from_the_environment() {
    // The environment is the process's: run the check in a child process of this test binary.
    let proxy = Tinyproxy::start();
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "env_proxy_child",
            "--include-ignored",
            "--nocapture",
        ])
        .env("HTTP_PROXY", proxy.url())
        .env("http_proxy", proxy.url())
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .env("STYTCH_PROXY_CHILD", "1")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success() && text.contains("1 passed"), "{text}");
}

/// The child half of the test above, which runs it in a process of its own with
/// `HTTP_PROXY` set (and `STYTCH_PROXY_CHILD=1`). Run in any other way it does nothing: the
/// parent asserts that the child ran and passed.
#[tokio::test]
#[ignore = "run by the_default_client_honours_http_proxy_from_the_environment"]
async fn env_proxy_child() {
    if std::env::var_os("STYTCH_PROXY_CHILD").is_none() {
        return;
    }
    let server = Server::start(sent()).await;
    assert_send_goes_through_the_proxy(&support::client(&server), &server).await;
}
