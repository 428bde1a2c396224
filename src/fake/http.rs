//! The HTTP side of the fake: accept loop, basic auth, the generated router and the
//! `/__fake/…` control routes.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{ALLOW, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde::Deserialize;
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use super::FakeError;
use super::state::{Shared, request_id};
use super::util::{base64_decode, rfc3339};
use crate::server::{Routed, route};

/// Largest request body the fake accepts.
const MAX_BODY_BYTES: usize = 1024 * 1024;
/// How much of a too-large body the fake still reads (and drops) before answering 413, so
/// that the client sees the answer instead of a reset connection.
const MAX_DRAIN_BYTES: usize = 64 * 1024 * 1024;

type Reply = Response<Full<Bytes>>;

/// Accepts connections until the task is aborted; aborting also drops (and so aborts)
/// every connection task.
pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let shared = Arc::clone(&shared);
                    connections.spawn(async move {
                        let service = service_fn(move |req| handle(Arc::clone(&shared), req));
                        // A client hanging up mid-request is not the fake's problem.
                        let _ = http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
                // Out of file descriptors, say: back off instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

async fn handle(shared: Arc<Shared>, req: Request<Incoming>) -> Result<Reply, Infallible> {
    let method = req.method().as_str().to_owned();
    let path = req.uri().path().to_owned();
    let authorized = authorized(&shared, req.headers());
    // Read the body even when refusing the request, so the client gets the answer rather
    // than a connection reset.
    let body = read_body(req.into_body()).await;
    if !authorized {
        return Ok(error(
            401,
            "unauthorized_credentials",
            "Unauthorized credentials: send HTTP basic auth with the project id and secret.",
        ));
    }
    let body = match body {
        Ok(body) => body,
        Err(reply) => return Ok(*reply),
    };
    if let Some(control_path) = path.strip_prefix("/__fake/") {
        return Ok(control(&shared, &method, control_path, &body));
    }
    Ok(match route(&*shared, &method, &path, &body) {
        Some(Routed::Reply { status, body }) => json(status, body),
        Some(Routed::BadBody {
            operation,
            path,
            message,
        }) => bad_body(operation, &path, &message, &body),
        Some(Routed::MethodNotAllowed) => method_not_allowed(&method, &path, "POST"),
        None => route_not_found(&method, &path),
    })
}

/// Reads the body, up to [`MAX_BODY_BYTES`].
async fn read_body(mut body: Incoming) -> Result<Bytes, Box<Reply>> {
    let mut buf = Vec::new();
    let mut total = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            Box::new(error(
                400,
                "invalid_request_body",
                format!("The request body could not be read: {e}"),
            ))
        })?;
        if let Ok(data) = frame.into_data() {
            total = total.saturating_add(data.len());
            if total <= MAX_BODY_BYTES {
                buf.extend_from_slice(&data);
            } else if total > MAX_DRAIN_BYTES {
                break;
            }
        }
    }
    if total > MAX_BODY_BYTES {
        return Err(Box::new(error(
            413,
            "request_too_large",
            format!("The request body exceeds {MAX_BODY_BYTES} bytes."),
        )));
    }
    Ok(Bytes::from(buf))
}

/// Checks `Authorization: Basic base64(project_id:secret)`.
fn authorized(shared: &Shared, headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let Some((scheme, encoded)) = value.trim().split_once(' ') else {
        return false;
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return false;
    }
    let Some(decoded) = base64_decode(encoded.trim()) else {
        return false;
    };
    let Ok(decoded) = String::from_utf8(decoded) else {
        return false;
    };
    decoded.split_once(':') == Some((shared.project_id.as_str(), shared.secret.as_str()))
}

fn bad_body(operation: &str, field: &str, message: &str, body: &[u8]) -> Reply {
    if serde_json::from_slice::<serde::de::IgnoredAny>(body).is_err() {
        let why = if body.iter().all(u8::is_ascii_whitespace) {
            "the body is empty".to_owned()
        } else {
            message.to_owned()
        };
        return error(
            400,
            "invalid_json",
            format!(
                "The request body of {operation} is not valid JSON ({why}); send a JSON object."
            ),
        );
    }
    let at = if field == "." {
        "the body".to_owned()
    } else {
        format!("field `{field}`")
    };
    let mut details = serde_json::Map::new();
    details.insert("operation".into(), operation.into());
    details.insert("field".into(), field.into());
    fail_with_details(
        FakeError::new(
            400,
            "invalid_request_body",
            format!("Invalid request body for {operation}: {at}: {message}"),
        ),
        details,
    )
}

fn method_not_allowed(method: &str, path: &str, allow: &'static str) -> Reply {
    let mut reply = error(
        405,
        "method_not_allowed",
        format!("{method} is not allowed on {path}; use {allow}."),
    );
    reply
        .headers_mut()
        .insert(ALLOW, HeaderValue::from_static(allow));
    reply
}

fn route_not_found(method: &str, path: &str) -> Reply {
    error(
        404,
        "route_not_found",
        format!("No route for {method} {path}."),
    )
}

#[derive(Deserialize)]
struct MintRequest {
    organization_id: String,
    member_id: String,
}

#[derive(Deserialize)]
struct ClockRequest {
    advance_seconds: u64,
}

/// `GET /__fake/outbox`, `POST /__fake/intermediate_sessions`, `POST /__fake/clock`.
fn control(shared: &Shared, method: &str, path: &str, body: &[u8]) -> Reply {
    let full_path = format!("/__fake/{path}");
    match (method, path) {
        ("GET", "outbox") => {
            let outbox = shared.lock().outbox().to_vec();
            encode(&outbox)
        }
        ("POST", "intermediate_sessions") => {
            let req: MintRequest = match decode(body, "__fake.intermediate_sessions") {
                Ok(req) => req,
                Err(reply) => return *reply,
            };
            let minted = shared
                .lock()
                .mint_intermediate_session(&req.organization_id, &req.member_id);
            match minted {
                Ok(token) => encode(&serde_json::json!({
                    "status_code": 200,
                    "request_id": request_id(),
                    "intermediate_session_token": token,
                    "organization_id": req.organization_id,
                    "member_id": req.member_id,
                })),
                Err(e) => fail(e),
            }
        }
        ("POST", "clock") => {
            let req: ClockRequest = match decode(body, "__fake.clock") {
                Ok(req) => req,
                Err(reply) => return *reply,
            };
            let mut state = shared.lock();
            state.advance_clock(req.advance_seconds.saturating_mul(1000));
            let now = rfc3339(state.now_ms());
            drop(state);
            encode(&serde_json::json!({
                "status_code": 200,
                "request_id": request_id(),
                "now": now,
            }))
        }
        (_, "outbox") => method_not_allowed(method, &full_path, "GET"),
        (_, "intermediate_sessions" | "clock") => method_not_allowed(method, &full_path, "POST"),
        _ => route_not_found(method, &full_path),
    }
}

/// Decodes a control request body, answering 400 like the API routes do.
fn decode<T: serde::de::DeserializeOwned>(body: &[u8], operation: &str) -> Result<T, Box<Reply>> {
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de)
        .map_err(|e| (e.path().to_string(), e.into_inner().to_string()))
        .and_then(|value| {
            de.end()
                .map(|()| value)
                .map_err(|e| (".".to_owned(), e.to_string()))
        })
        .map_err(|(field, message)| Box::new(bad_body(operation, &field, &message, body)))
}

fn encode<T: serde::Serialize + ?Sized>(value: &T) -> Reply {
    match serde_json::to_vec(value) {
        Ok(body) => json(200, body),
        Err(e) => error(
            500,
            "internal_server_error",
            format!("the fake could not encode its answer: {e}"),
        ),
    }
}

fn fail(e: FakeError) -> Reply {
    fail_with_details(e, serde_json::Map::new())
}

fn fail_with_details(e: FakeError, details: serde_json::Map<String, serde_json::Value>) -> Reply {
    let status = e.status;
    let mut failure = e.into_failure();
    failure.body.error_details = details;
    match serde_json::to_vec(&failure.body) {
        Ok(body) => json(status, body),
        Err(_) => json(500, Vec::new()),
    }
}

fn error(status: u16, error_type: &str, message: impl Into<String>) -> Reply {
    fail(FakeError::new(status, error_type, message))
}

fn json(status: u16, body: Vec<u8>) -> Reply {
    let mut reply = Response::new(Full::new(Bytes::from(body)));
    *reply.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    reply
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    reply
}
