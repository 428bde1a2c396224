//! A canned HTTP/1.1 server on loopback: fixed bodies, no logic.
//!
//! It answers `POST /v1/b2b/otps/sms/send` and `POST /v1/b2b/otps/sms/authenticate` with `200`
//! and a fixed JSON body (by default [`fixtures::SEND_FULL`] and
//! [`fixtures::AUTHENTICATE_FULL`]), keeps connections alive, and runs on its own thread with a
//! single-threaded tokio runtime, so that on a 2-core machine it takes one core and the client
//! under test the other. It reads each request body in full (so every connection stays
//! reusable), checks the `Authorization` header, and counts what it served: a contender that
//! sends the wrong thing gets a 4xx, which makes it fail loudly instead of being measured.
//!
//! Not the fake Stytch server (`stytch-b2b-otp-sms-fake`): that one has real logic (codes,
//! sessions, clocks) whose cost would be part of every measured call.

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::sync::oneshot;

use crate::fixtures;

/// What the server answers.
#[derive(Clone, Debug)]
pub struct CannedBodies {
    /// Body of every successful `send`.
    pub send: Bytes,
    /// Body of every successful `authenticate`.
    pub authenticate: Bytes,
}

impl Default for CannedBodies {
    fn default() -> Self {
        CannedBodies {
            send: Bytes::from_static(fixtures::SEND_FULL),
            authenticate: Bytes::from_static(fixtures::AUTHENTICATE_FULL),
        }
    }
}

/// Requests served, by outcome.
#[derive(Debug, Default)]
pub struct Counters {
    send: AtomicU64,
    authenticate: AtomicU64,
    rejected: AtomicU64,
    connections: AtomicU64,
}

/// A snapshot of [`Counters`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Served {
    /// `send` requests answered with 200.
    pub send: u64,
    /// `authenticate` requests answered with 200.
    pub authenticate: u64,
    /// Requests answered with 401 or 404.
    pub rejected: u64,
    /// Connections accepted.
    pub connections: u64,
}

/// A running canned server; stopped when dropped.
pub struct CannedServer {
    addr: SocketAddr,
    counters: Arc<Counters>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

struct Routes {
    send: Bytes,
    authenticate: Bytes,
    authorization: HeaderValue,
    counters: Arc<Counters>,
}

impl CannedServer {
    /// Starts a server answering with the default fixtures.
    pub fn start() -> io::Result<Self> {
        Self::with_bodies(CannedBodies::default())
    }

    /// Starts a server answering with `bodies`.
    pub fn with_bodies(bodies: CannedBodies) -> io::Result<Self> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let counters = Arc::new(Counters::default());
        let routes = Arc::new(Routes {
            send: bodies.send,
            authenticate: bodies.authenticate,
            authorization: HeaderValue::from_str(&fixtures::basic_authorization())
                .map_err(io::Error::other)?,
            counters: counters.clone(),
        });
        let (stop, stopped) = oneshot::channel();
        let thread = std::thread::Builder::new()
            .name("canned-server".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("server runtime");
                // Dropping the runtime afterwards ends the connection tasks.
                runtime.block_on(serve(listener, routes, stopped));
            })?;
        Ok(CannedServer {
            addr,
            counters,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// What the server has served so far.
    pub fn served(&self) -> Served {
        Served {
            send: self.counters.send.load(Ordering::Relaxed),
            authenticate: self.counters.authenticate.load(Ordering::Relaxed),
            rejected: self.counters.rejected.load(Ordering::Relaxed),
            connections: self.counters.connections.load(Ordering::Relaxed),
        }
    }
}

impl Drop for CannedServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn serve(
    listener: std::net::TcpListener,
    routes: Arc<Routes>,
    mut stopped: oneshot::Receiver<()>,
) {
    let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let _ = stream.set_nodelay(true);
                routes.counters.connections.fetch_add(1, Ordering::Relaxed);
                let routes = routes.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |request| respond(routes.clone(), request));
                    // keep-alive is hyper's default
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        }
    }
}

async fn respond(
    routes: Arc<Routes>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let route = match (request.method(), request.uri().path()) {
        (&Method::POST, fixtures::SEND_PATH) => Some(&routes.send),
        (&Method::POST, fixtures::AUTHENTICATE_PATH) => Some(&routes.authenticate),
        _ => None,
    };
    let authorized = request.headers().get(AUTHORIZATION) == Some(&routes.authorization);
    let body = match request.into_body().collect().await {
        Ok(body) => body.to_bytes(),
        Err(_) => Bytes::new(),
    };
    let (status, answer) = match route {
        Some(_) if !authorized => (
            StatusCode::UNAUTHORIZED,
            Bytes::from_static(br#"{"status_code":401,"request_id":"request-id-canned","error_type":"unauthorized_credentials","error_message":"Unauthorized credentials.","error_url":"https://stytch.com/docs/api/errors/401"}"#),
        ),
        Some(_) if body.first() != Some(&b'{') => (
            StatusCode::BAD_REQUEST,
            Bytes::from_static(br#"{"status_code":400,"request_id":"request-id-canned","error_type":"invalid_request_body","error_message":"The request body is not a JSON object.","error_url":"https://stytch.com/docs/api/errors/400"}"#),
        ),
        Some(body) => (StatusCode::OK, body.clone()),
        None => (
            StatusCode::NOT_FOUND,
            Bytes::from_static(br#"{"status_code":404,"request_id":"request-id-canned","error_type":"not_found","error_message":"Not found.","error_url":"https://stytch.com/docs/api/errors/404"}"#),
        ),
    };
    let counter = match (status, route) {
        (StatusCode::OK, Some(r)) if std::ptr::eq(r, &routes.send) => &routes.counters.send,
        (StatusCode::OK, Some(_)) => &routes.counters.authenticate,
        _ => &routes.counters.rejected,
    };
    counter.fetch_add(1, Ordering::Relaxed);
    let mut response = Response::new(Full::new(answer));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Ok(response)
}
