//! The HTTP side of the fake: accept loop, basic auth, injected faults, the generated router,
//! the JWKS route and the `/__fake/…` control routes.

use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, RETRY_AFTER};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use stytch_b2b_otp_sms::server::{Routed, route, served_at};

use crate::FakeError;
use crate::faults::FaultKind;
use crate::reply::{
    Reply, bad_body, encode, error, fail, json, method_not_allowed, route_not_found,
};
use crate::state::Shared;

/// Largest request body the fake accepts.
const MAX_BODY_BYTES: usize = 1024 * 1024;
/// How much of a too-large body the fake still reads (and drops) before answering 413, so
/// that the client sees the answer instead of a reset connection.
const MAX_DRAIN_BYTES: usize = 64 * 1024 * 1024;

/// How long a client may take to send a request's headers (and, on a kept-alive connection,
/// to start the next request): 10 seconds.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take to send a request's body once its headers are in: 10 seconds.
pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How many connections the fake serves at once; more wait to be accepted: 1,024.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

/// The connection limits of a running fake.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) header_read_timeout: Duration,
    pub(crate) body_read_timeout: Duration,
    pub(crate) max_connections: usize,
}

/// Accepts connections until the task is aborted; aborting also drops (and so aborts)
/// every connection task. At most `limits.max_connections` are served at once; a connection
/// that sends no complete headers within the header timeout (also between requests) is
/// closed.
pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>, limits: Limits) {
    let mut connections = JoinSet::new();
    let permits = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&permits).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => return,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
        };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
        };
        match accepted {
            Ok((stream, _)) => {
                let shared = Arc::clone(&shared);
                connections.spawn(async move {
                    let _permit = permit;
                    let body_timeout = limits.body_read_timeout;
                    let service =
                        service_fn(move |req| handle(Arc::clone(&shared), req, body_timeout));
                    // An injected `DropConnection` fails the service, and hyper then closes
                    // the connection without an answer. A client hanging up mid-request is
                    // not the fake's problem.
                    let _ = http1::Builder::new()
                        .timer(hyper_util::rt::TokioTimer::new())
                        .header_read_timeout(limits.header_read_timeout)
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
            // Out of file descriptors, say: back off instead of spinning.
            Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    }
}

/// The `error_details` key a rate-limit 429 carries its wait in from the state to here,
/// where it becomes `Retry-After` and leaves the body.
pub(crate) const RETRY_AFTER_DETAIL: &str = "__retry_after_seconds";

/// A JSON reply; for a 429 that carries [`RETRY_AFTER_DETAIL`], with `Retry-After` and the
/// detail taken out.
fn reply_json(status: u16, body: Vec<u8>) -> Reply {
    if status != 429 {
        return json(status, body);
    }
    let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return json(status, body);
    };
    let seconds = value
        .get_mut("error_details")
        .and_then(serde_json::Value::as_object_mut)
        .and_then(|details| details.remove(RETRY_AFTER_DETAIL))
        .and_then(|s| s.as_u64());
    let Some(seconds) = seconds else {
        return json(status, body);
    };
    if value["error_details"]
        .as_object()
        .is_some_and(|d| d.is_empty())
    {
        if let Some(object) = value.as_object_mut() {
            object.remove("error_details");
        }
    }
    let mut reply = json(status, serde_json::to_vec(&value).unwrap_or(body));
    reply
        .headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from(seconds));
    reply
}

/// The JWKS route's prefix; the rest of the path is the project id.
const JWKS_PREFIX: &str = "/v1/b2b/sessions/jwks/";

/// The operation a request is for, as faults name it (the generated routes' names, and
/// `sessions.get_jwks`); `None` for control and unknown routes. Any method on an
/// operation's path counts, as the route answers it (405 included).
fn operation_of(method: &str, path: &str) -> Option<&'static str> {
    if method == "GET" && path.starts_with(JWKS_PREFIX) {
        return Some("sessions.get_jwks");
    }
    served_at(path)
        .find(|(m, _, _)| *m == method)
        .or_else(|| served_at(path).next())
        .map(|(_, _, operation)| *operation)
}

/// Returned by the service to make hyper close the connection without answering.
#[derive(Debug)]
pub(crate) struct DroppedByFault;

impl std::fmt::Display for DroppedByFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for DroppedByFault {}

async fn handle(
    shared: Arc<Shared>,
    req: Request<Incoming>,
    body_timeout: Duration,
) -> Result<Reply, DroppedByFault> {
    let method = req.method().as_str().to_owned();
    let path = req.uri().path().to_owned();
    let query = req.uri().query().unwrap_or_default().to_owned();
    let (parts, incoming) = req.into_parts();
    let headers = parts.headers;
    let credentials = credentials(&shared, &headers);
    // A declared length over the limit is refused at once, unread.
    let declared = headers
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    // A control route may take more (a state file), and only with the right credentials.
    let limit = match path.strip_prefix("/__fake/") {
        Some(control_path) if credentials == Credentials::Right => {
            crate::control::body_limit(&method, control_path).unwrap_or(MAX_BODY_BYTES)
        }
        _ => MAX_BODY_BYTES,
    };
    if declared.is_some_and(|n| n > limit as u64) {
        return Ok(too_large(limit));
    }
    // Read the body even when refusing the request, so the client gets the answer rather
    // than a connection reset; a body that does not arrive in time is a 408.
    let body = match tokio::time::timeout(body_timeout, read_body(incoming, limit)).await {
        Ok(body) => body,
        Err(_) => {
            return Ok(error(
                408,
                "request_timeout",
                format!(
                    "The request body did not arrive within {} ms.",
                    body_timeout.as_millis()
                ),
            ));
        }
    };
    // Authentication first, as Stytch answers: a request without the right credentials gets
    // its 401 and does not consume an injected fault. The JWKS is served without credentials
    // too (JWT libraries fetch keys unauthenticated), but wrong ones are still refused.
    let jwks_project = path.strip_prefix(JWKS_PREFIX);
    let refused = match jwks_project {
        Some(_) => credentials == Credentials::Wrong,
        None => credentials != Credentials::Right,
    };
    if refused {
        return Ok(fail(FakeError::unauthorized()));
    }
    let operation = operation_of(&method, &path);
    if let Some(operation) = operation {
        if let Some(faulted) = apply_fault(&shared, operation).await? {
            return Ok(faulted);
        }
    }
    if let Some(project_id) = jwks_project {
        return Ok(jwks(&shared, &method, project_id));
    }
    let body = match body {
        Ok(body) => body,
        Err(reply) => return Ok(*reply),
    };
    let journalled = crate::journal::Pending::start(operation, &method, &path, &body);
    if let Some(control_path) = path.strip_prefix("/__fake/") {
        return Ok(crate::control::control(
            &shared,
            &method,
            control_path,
            &query,
            &body,
        ));
    }
    let reply = served(&shared, &method, &path, &query, &headers, &body);
    Ok(crate::journal::finish(&shared.emulator.journal, journalled, reply).await)
}

/// Answers a request the generated router serves: its headers as text (a value that is not
/// visible ASCII is a 400), then the operation's answer, or the router's refusal.
fn served(
    shared: &Shared,
    method: &str,
    path: &str,
    query: &str,
    headers: &hyper::HeaderMap,
    body: &[u8],
) -> Reply {
    let mut named = Vec::with_capacity(headers.len());
    for (name, value) in headers.iter() {
        match value.to_str() {
            Ok(value) => named.push((name.as_str(), value)),
            Err(_) => {
                return error(
                    400,
                    "invalid_header",
                    format!("The value of header {name} is not visible ASCII."),
                );
            }
        }
    }
    // The generated router reads query parameters from the path's query string.
    let target = if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    };
    match route(shared, method, &target, &named, body) {
        Some(Routed::Reply { status, body }) => reply_json(status, body),
        Some(Routed::BadBody {
            operation,
            path,
            message,
        }) => bad_body(operation, &path, &message, body),
        Some(Routed::BadParameter {
            operation,
            parameter,
            message,
        }) => error(
            400,
            "invalid_path_parameter",
            format!("{operation}: path parameter {parameter}: {message}"),
        ),
        Some(Routed::MethodNotAllowed) => {
            let allow: Vec<&str> = served_at(path).map(|(m, _, _)| *m).collect();
            method_not_allowed(method, path, &allow.join(", "))
        }
        Some(Routed::NotModelled { operation }) => error(
            501,
            "operation_not_modelled",
            format!(
                "The fake does not model {operation} ({method} {path}); it serves {}.",
                crate::OPERATIONS.join(", ")
            ),
        ),
        Some(_) | None => route_not_found(method, path),
    }
}

/// The injected fault `operation` takes, if any: a delay (then the request goes on: `None`),
/// a dropped connection, or the answer to give instead.
async fn apply_fault(
    shared: &Shared,
    operation: &'static str,
) -> Result<Option<Reply>, DroppedByFault> {
    shared.count_call(operation);
    match shared.faults.take(operation) {
        None => Ok(None),
        Some(FaultKind::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            Ok(None)
        }
        Some(FaultKind::DropConnection) => Err(DroppedByFault),
        Some(FaultKind::Status {
            status,
            retry_after,
        }) => {
            let mut reply = fail(FakeError::injected(status));
            if let Some(after) = retry_after {
                let seconds = after.as_secs() + u64::from(after.subsec_nanos() > 0);
                reply
                    .headers_mut()
                    .insert(RETRY_AFTER, HeaderValue::from(seconds));
            }
            Ok(Some(reply))
        }
        Some(FaultKind::Html { status }) => Ok(Some(html(status))),
    }
}

/// `GET /v1/b2b/sessions/jwks/{project_id}`.
fn jwks(shared: &Shared, method: &str, project_id: &str) -> Reply {
    if method != "GET" {
        return method_not_allowed(method, &format!("{JWKS_PREFIX}{project_id}"), "GET");
    }
    // Clients may percent-encode the segment: Stytch's official Rust crate sends `-` as `%2D`.
    let project_id = percent_encoding::percent_decode_str(project_id).decode_utf8_lossy();
    if project_id != shared.project_id {
        return error(
            404,
            "project_not_found",
            format!(
                "No project {project_id:?} here: this fake serves {:?}.",
                shared.project_id
            ),
        );
    }
    encode(&shared.jwks())
}

/// A page as a proxy or load balancer in front of an API answers it.
fn html(status: u16) -> Reply {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let title = format!(
        "{} {}",
        code.as_u16(),
        code.canonical_reason().unwrap_or("Error")
    );
    let page = format!(
        "<!DOCTYPE html>\n<html>\n<head><title>{title}</title></head>\n<body>\n<center><h1>{title}</h1></center>\n<hr><center>stytch-fake</center>\n</body>\n</html>\n"
    );
    let mut reply = Response::new(Full::new(Bytes::from(page)));
    *reply.status_mut() = code;
    reply.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    reply
}

/// Reads the body, up to `limit` bytes.
async fn read_body(mut body: Incoming, limit: usize) -> Result<Bytes, Box<Reply>> {
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
            if total <= limit {
                buf.extend_from_slice(&data);
            } else if total > MAX_DRAIN_BYTES {
                break;
            }
        }
    }
    if total > limit {
        return Err(Box::new(too_large(limit)));
    }
    Ok(Bytes::from(buf))
}

fn too_large(limit: usize) -> Reply {
    error(
        413,
        "request_too_large",
        format!("The request body exceeds {limit} bytes."),
    )
}

/// What a request's credentials are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Credentials {
    Missing,
    Wrong,
    Right,
}

/// Checks `Authorization: Basic base64(project_id:secret)`.
fn credentials(shared: &Shared, headers: &HeaderMap) -> Credentials {
    let Some(value) = headers.get(AUTHORIZATION) else {
        return Credentials::Missing;
    };
    let right = value
        .to_str()
        .ok()
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("basic"))
        .and_then(|(_, encoded)| STANDARD.decode(encoded.trim()).ok())
        .and_then(|decoded| String::from_utf8(decoded).ok())
        .is_some_and(|decoded| {
            decoded.split_once(':') == Some((shared.project_id.as_str(), shared.secret.as_str()))
        });
    if right {
        Credentials::Right
    } else {
        Credentials::Wrong
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stytch_b2b_otp_sms::server::ROUTES;

    #[test]
    fn every_generated_route_has_an_operation_name() {
        for (method, path, _) in ROUTES {
            let name = operation_of(method, path);
            assert!(
                name.is_some_and(|n| crate::OPERATIONS.contains(&n)),
                "{method} {path}"
            );
        }
        assert_eq!(
            operation_of("GET", "/v1/b2b/sessions/jwks/project-test-1"),
            Some("sessions.get_jwks")
        );
        assert_eq!(operation_of("GET", "/__fake/outbox"), None);
    }
}
