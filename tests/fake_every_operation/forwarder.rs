//! A recording forwarder on loopback: the SDK client talks to it, it hands each request on
//! to the fake unchanged (with reqwest) and keeps what the fake answered, so that the walk
//! can judge the raw body the SDK decoded.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;

/// One exchange the forwarder passed on.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The HTTP method.
    pub method: String,
    /// The path and query as sent.
    pub target: String,
    /// The fake's status.
    pub status: u16,
    /// The fake's body, as received.
    pub body: Vec<u8>,
}

/// What the forwarder saw, oldest first.
pub type Log = Arc<Mutex<Vec<Recorded>>>;

/// Starts a forwarder to `upstream` (the fake's base URL); answers its own base URL and the
/// log it writes.
pub async fn start(upstream: String) -> (String, Log) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let log = Log::default();
    let http = reqwest::Client::new();
    let kept = Arc::clone(&log);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let (log, http, upstream) = (Arc::clone(&kept), http.clone(), upstream.clone());
            tokio::spawn(async move {
                let service = service_fn(move |req: hyper::Request<Incoming>| {
                    let (log, http, upstream) = (Arc::clone(&log), http.clone(), upstream.clone());
                    async move { Ok::<_, Infallible>(forward(&http, &upstream, &log, req).await) }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (format!("http://{addr}"), log)
}

/// Sends one request on to the fake, records the answer and gives it back.
async fn forward(
    http: &reqwest::Client,
    upstream: &str,
    log: &Log,
    req: hyper::Request<Incoming>,
) -> hyper::Response<Full<Bytes>> {
    let method = req.method().clone();
    let target = req.uri().to_string();
    let mut outgoing = http.request(method.clone(), format!("{upstream}{target}"));
    for (name, value) in req.headers() {
        if name != "host" && name != "content-length" {
            outgoing = outgoing.header(name.clone(), value.clone());
        }
    }
    let body = req.into_body().collect().await.unwrap().to_bytes();
    let answer = outgoing.body(body).send().await.expect("the fake answers");
    let status = answer.status();
    let content_type = answer.headers().get("content-type").cloned();
    let body = answer.bytes().await.expect("the fake's body");
    log.lock().unwrap().push(Recorded {
        method: method.to_string(),
        target,
        status: status.as_u16(),
        body: body.to_vec(),
    });
    let mut response = hyper::Response::new(Full::new(body));
    *response.status_mut() = status;
    if let Some(content_type) = content_type {
        response.headers_mut().insert("content-type", content_type);
    }
    response
}
