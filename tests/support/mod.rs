//! A scripted HTTP/1.1 test server on loopback, and helpers shared by the integration tests.
//!
//! The server is real: it accepts TCP connections from the client under test, parses each
//! request (head up to CRLFCRLF, then exactly `Content-Length` body bytes), records it, and
//! answers from a script. Connections are kept alive, so one connection may carry several
//! requests; [`Server::connections`] counts accepted connections.
//!
//! Each test file uses a different subset of these helpers.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use stytch_b2b_otp_sms::Client;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

pub mod jwt;
pub mod trace;

pub const PROJECT_ID: &str = "project-test-11111111-1111-1111-1111-111111111111";
pub const SECRET: &str = "secret-test-SUPERSECRET";
/// `Basic base64("PROJECT_ID:SECRET")`, computed independently of the crate.
pub const EXPECTED_AUTHORIZATION: &str = "Basic cHJvamVjdC10ZXN0LTExMTExMTExLTExMTEtMTExMS0xMTExLTExMTExMTExMTExMTpzZWNyZXQtdGVzdC1TVVBFUlNFQ1JFVA==";

/// Largest request head the server accepts.
const MAX_HEAD: usize = 64 * 1024;

/// One recorded request.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The request target, e.g. `/v1/b2b/otps/sms/send`.
    pub path: String,
    pub version: String,
    /// Header names lower-cased, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Which accepted connection (0-based) carried this request.
    pub connection: usize,
}

impl Request {
    /// The value of the only header named `name` (case-insensitive); panics if repeated.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        let mut values = self.headers.iter().filter(|(n, _)| *n == name);
        let first = values.next().map(|(_, v)| v.as_str());
        assert!(values.next().is_none(), "header {name} sent more than once");
        first
    }

    /// The body parsed as JSON; panics if it is not JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "request body is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

/// An HTTP response the server sends.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    /// Sent as given; `Content-Length` is added unless present.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// `status` with a JSON body and `Content-Type: application/json`.
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Self::new(status)
            .header("Content-Type", "application/json")
            .body(serde_json::to_vec(body).unwrap())
    }

    /// `status` with `body` sent verbatim as `application/json` (need not be valid JSON).
    pub fn json_text(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self::new(status)
            .header("Content-Type", "application/json")
            .body(body)
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if !self
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        {
            head.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }

    fn closes_connection(&self) -> bool {
        self.headers.iter().any(|(n, v)| {
            n.eq_ignore_ascii_case("connection") && v.trim().eq_ignore_ascii_case("close")
        })
    }
}

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Send this response; keep the connection open unless it says `Connection: close`.
    Respond(Response),
    /// Close the connection without answering.
    Close,
    /// Never answer; hold the connection open until the server is dropped.
    Hang,
    /// Write these bytes verbatim, then close the connection.
    Raw(Vec<u8>),
    /// Write these bytes verbatim, then hold the connection open without sending more.
    RawThenHang(Vec<u8>),
    /// Write `head` verbatim, then a body of `body_len` bytes of `fill` (in chunked encoding if
    /// `chunked`, for a `head` that says `Transfer-Encoding: chunked`), in 64 KiB pieces,
    /// counting how many body bytes the client let through; then wait for the client to hang
    /// up. The outcome is reported by [`Server::streams`] once the client has hung up, so a
    /// client that keeps reading (or keeps the connection) never produces one.
    Stream {
        head: Vec<u8>,
        fill: u8,
        body_len: usize,
        chunked: bool,
    },
}

/// What happened to one [`Reply::Stream`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamOutcome {
    /// Body bytes (payload, not chunk framing) accepted by the socket before it failed or the
    /// body was complete. The kernel buffers some of them: this is not what the client read.
    pub body_written: usize,
    /// Whether the whole body was written.
    pub complete: bool,
}

impl From<Response> for Reply {
    fn from(r: Response) -> Self {
        Reply::Respond(r)
    }
}

type Handler = Box<dyn Fn(&Request) -> Reply + Send + Sync>;

/// How the server chooses replies.
pub enum Script {
    /// Replies in order; once exhausted, every request gets a 500 saying so.
    Queue(Mutex<VecDeque<Reply>>),
    /// Computes each reply from the request.
    Handler(Handler),
}

impl Script {
    pub fn queue(replies: impl IntoIterator<Item = Reply>) -> Self {
        Script::Queue(Mutex::new(replies.into_iter().collect()))
    }

    pub fn handler(f: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Self {
        Script::Handler(Box::new(f))
    }

    /// Answers every request with `response`.
    pub fn always(response: Response) -> Self {
        Script::handler(move |_| Reply::Respond(response.clone()))
    }

    fn next(&self, request: &Request) -> Reply {
        match self {
            Script::Queue(queue) => queue.lock().unwrap().pop_front().unwrap_or_else(|| {
                Reply::Respond(Response::new(500).body("test server: no scripted reply left"))
            }),
            Script::Handler(f) => f(request),
        }
    }
}

impl From<Vec<Reply>> for Script {
    fn from(replies: Vec<Reply>) -> Self {
        Script::queue(replies)
    }
}

impl From<Response> for Script {
    fn from(response: Response) -> Self {
        Script::always(response)
    }
}

impl From<Reply> for Script {
    fn from(reply: Reply) -> Self {
        Script::handler(move |_| reply.clone())
    }
}

struct State {
    script: Script,
    requests: Mutex<Vec<Request>>,
    connections: AtomicUsize,
    streams: Mutex<Vec<StreamOutcome>>,
}

/// A running test server; stops (closing every connection) when dropped.
pub struct Server {
    addr: SocketAddr,
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// Binds `127.0.0.1:0` and serves `script` until dropped.
    pub async fn start(script: impl Into<Script>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(State {
            script: script.into(),
            requests: Mutex::new(Vec::new()),
            connections: AtomicUsize::new(0),
            streams: Mutex::new(Vec::new()),
        });
        let task = tokio::spawn(accept_loop(listener, state.clone()));
        Server { addr, state, task }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every complete request received so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        self.state.requests.lock().unwrap().clone()
    }

    /// The only request received so far; panics unless exactly one.
    pub fn single_request(&self) -> Request {
        let mut requests = self.requests();
        assert_eq!(requests.len(), 1, "expected exactly one request");
        requests.pop().unwrap()
    }

    /// Number of TCP connections accepted so far.
    pub fn connections(&self) -> usize {
        self.state.connections.load(Ordering::SeqCst)
    }

    /// Outcomes of the [`Reply::Stream`] replies whose client has hung up, in order.
    pub fn streams(&self) -> Vec<StreamOutcome> {
        self.state.streams.lock().unwrap().clone()
    }

    /// Waits up to `limit` for the first [`Reply::Stream`] to end with the client hanging up.
    pub async fn wait_for_stream(&self, limit: std::time::Duration) -> Option<StreamOutcome> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            if let Some(outcome) = self.streams().into_iter().next() {
                return Some(outcome);
            }
            if tokio::time::Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // aborting the accept loop drops its JoinSet, which aborts every connection task
        self.task.abort();
    }
}

async fn accept_loop(listener: TcpListener, state: Arc<State>) {
    let mut connections = JoinSet::new();
    loop {
        let socket = match listener.accept().await {
            Ok((socket, _)) => socket,
            Err(_) => {
                // e.g. out of file descriptors; do not spin
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                continue;
            }
        };
        let id = state.connections.fetch_add(1, Ordering::SeqCst);
        connections.spawn(serve_connection(socket, id, state.clone()));
        while connections.try_join_next().is_some() {}
    }
}

/// Serves requests on one connection until the client closes it or a reply ends it.
async fn serve_connection(mut socket: TcpStream, id: usize, state: Arc<State>) {
    let mut buf = Vec::new();
    loop {
        let request = match read_request(&mut socket, &mut buf, id).await {
            Ok(Some(request)) => request,
            Ok(None) => return, // clean close between requests
            Err(e) => {
                eprintln!("test server: bad request on connection {id}: {e}");
                let _ = socket
                    .write_all(&Response::new(400).body(e).to_bytes())
                    .await;
                return;
            }
        };
        let client_closes = request
            .header("connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"));
        state.requests.lock().unwrap().push(request.clone());
        match state.script.next(&request) {
            Reply::Respond(response) => {
                if socket.write_all(&response.to_bytes()).await.is_err() {
                    return;
                }
                if client_closes || response.closes_connection() {
                    let _ = socket.shutdown().await;
                    return;
                }
            }
            Reply::Close => return,
            Reply::Hang => std::future::pending::<()>().await,
            Reply::Raw(bytes) => {
                let _ = socket.write_all(&bytes).await;
                let _ = socket.shutdown().await;
                return;
            }
            Reply::RawThenHang(bytes) => {
                let _ = socket.write_all(&bytes).await;
                let _ = socket.flush().await;
                std::future::pending::<()>().await
            }
            Reply::Stream {
                head,
                fill,
                body_len,
                chunked,
            } => {
                let outcome = stream(&mut socket, &head, fill, body_len, chunked).await;
                state.streams.lock().unwrap().push(outcome);
                return;
            }
        }
    }
}

/// Writes a [`Reply::Stream`] and waits for the client to hang up.
async fn stream(
    socket: &mut TcpStream,
    head: &[u8],
    fill: u8,
    body_len: usize,
    chunked: bool,
) -> StreamOutcome {
    const PIECE: usize = 64 * 1024;
    let piece = vec![fill; PIECE];
    let mut body_written = 0;
    let mut failed = socket.write_all(head).await.is_err();
    while !failed && body_written < body_len {
        let n = PIECE.min(body_len - body_written);
        failed = if chunked {
            let mut framed = format!("{n:x}\r\n").into_bytes();
            framed.extend_from_slice(&piece[..n]);
            framed.extend_from_slice(b"\r\n");
            socket.write_all(&framed).await.is_err()
        } else {
            socket.write_all(&piece[..n]).await.is_err()
        };
        if !failed {
            body_written += n;
        }
    }
    if !failed && chunked {
        failed = socket.write_all(b"0\r\n\r\n").await.is_err();
    }
    let complete = !failed && socket.flush().await.is_ok();
    if complete {
        // wait for the client to hang up (EOF or reset); bytes it sends are ignored
        let mut sink = [0u8; 1024];
        while matches!(socket.read(&mut sink).await, Ok(n) if n > 0) {}
    }
    StreamOutcome {
        body_written,
        complete,
    }
}

/// Reads one request from `socket`; `buf` carries bytes already read past the previous one.
/// Returns `Ok(None)` when the connection closes before a new request starts.
async fn read_request(
    socket: &mut TcpStream,
    buf: &mut Vec<u8>,
    connection: usize,
) -> Result<Option<Request>, String> {
    let head_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos;
        }
        if buf.len() > MAX_HEAD {
            return Err("request head too large".into());
        }
        if read_more(socket, buf).await? == 0 {
            return if buf.is_empty() {
                Ok(None)
            } else {
                Err("connection closed inside the request head".into())
            };
        }
    };
    let head = String::from_utf8(buf[..head_end].to_vec())
        .map_err(|_| "request head is not UTF-8".to_owned())?;
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (Some(method), Some(path), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(format!("malformed request line {request_line:?}"));
    };
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("malformed header line {line:?}"))?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    if headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && !v.eq_ignore_ascii_case("identity"))
    {
        return Err("chunked request bodies are not supported by the test server".into());
    }
    let content_length = match headers.iter().find(|(n, _)| n == "content-length") {
        Some((_, v)) => v
            .parse::<usize>()
            .map_err(|_| format!("bad content-length {v:?}"))?,
        None => 0,
    };
    let body_start = head_end + 4;
    while buf.len() < body_start + content_length {
        if read_more(socket, buf).await? == 0 {
            return Err("connection closed inside the request body".into());
        }
    }
    let body = buf[body_start..body_start + content_length].to_vec();
    let request = Request {
        method: method.to_owned(),
        path: path.to_owned(),
        version: version.to_owned(),
        headers,
        body,
        connection,
    };
    buf.drain(..body_start + content_length);
    Ok(Some(request))
}

async fn read_more(socket: &mut TcpStream, buf: &mut Vec<u8>) -> Result<usize, String> {
    let mut chunk = [0u8; 8192];
    let n = socket
        .read(&mut chunk)
        .await
        .map_err(|e| format!("read failed: {e}"))?;
    buf.extend_from_slice(&chunk[..n]);
    Ok(n)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// `Client::builder`, able to reach `https` in every feature set: without a TLS feature
/// (`--no-default-features`) it is given a caller's plain reqwest client, as a user would.
pub fn builder(project_id: &str, secret: &str) -> stytch_b2b_otp_sms::ClientBuilder {
    let builder = Client::builder(project_id, secret);
    if cfg!(any(feature = "rustls", feature = "native-tls")) {
        builder
    } else {
        builder.http_client(reqwest::Client::new())
    }
}

/// A client for `server` with the test credentials.
pub fn client(server: &Server) -> Client {
    Client::builder(PROJECT_ID, SECRET)
        .base_url(server.base_url())
        .build()
        .expect("build client")
}

/// The text of `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// `tests/fixtures/<name>` parsed as JSON.
pub fn fixture_json(name: &str) -> serde_json::Value {
    serde_json::from_str(&fixture(name)).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
}

/// The document the SDK was generated from: `schema/stytch-b2b.openapi.json` with
/// `schema/overlay.json` applied.
pub fn schema() -> serde_json::Value {
    serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/schema.json"))).unwrap()
}

/// Asserts that `text` contains none of `secrets`.
#[track_caller]
pub fn assert_free_of(text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!secret.is_empty());
        assert!(
            !text.contains(secret),
            "leaked {secret:?} in output:\n{text}"
        );
    }
}
