//! The HTTP side of the fake: accept loop, basic auth, injected faults, the generated router,
//! the JWKS route and the `/__fake/…` control routes.

use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{ALLOW, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, RETRY_AFTER};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde::Deserialize;
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use stytch_b2b_otp_sms::server::{Routed, route, served_at};

use crate::faults::{Fault, FaultKind};
use crate::limits::{RateLimit, RateLimits};
use crate::state::{Shared, request_id};
use crate::util::rfc3339;
use crate::{FakeError, MfaPolicy, NewMember, NewOrganization};

/// Largest request body the fake accepts.
const MAX_BODY_BYTES: usize = 1024 * 1024;
/// How much of a too-large body the fake still reads (and drops) before answering 413, so
/// that the client sees the answer instead of a reset connection.
const MAX_DRAIN_BYTES: usize = 64 * 1024 * 1024;

type Reply = Response<Full<Bytes>>;

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
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Ok(too_large());
    }
    // Read the body even when refusing the request, so the client gets the answer rather
    // than a connection reset; a body that does not arrive in time is a 408.
    let body = match tokio::time::timeout(body_timeout, read_body(incoming)).await {
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
    if let Some(operation) = operation_of(&method, &path) {
        shared.count_call(operation);
        match shared.faults.take(operation) {
            None => {}
            Some(FaultKind::Delay(delay)) => tokio::time::sleep(delay).await,
            Some(FaultKind::DropConnection) => return Err(DroppedByFault),
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
                return Ok(reply);
            }
            Some(FaultKind::Html { status }) => return Ok(html(status)),
        }
    }
    if let Some(project_id) = jwks_project {
        return Ok(jwks(&shared, &method, project_id));
    }
    let body = match body {
        Ok(body) => body,
        Err(reply) => return Ok(*reply),
    };
    if let Some(control_path) = path.strip_prefix("/__fake/") {
        return Ok(control(&shared, &method, control_path, &query, &body));
    }
    let mut named = Vec::with_capacity(headers.len());
    for (name, value) in headers.iter() {
        match value.to_str() {
            Ok(value) => named.push((name.as_str(), value)),
            Err(_) => {
                return Ok(error(
                    400,
                    "invalid_header",
                    format!("The value of header {name} is not visible ASCII."),
                ));
            }
        }
    }
    // The generated router reads query parameters from the path's query string.
    let target = if query.is_empty() {
        path.clone()
    } else {
        format!("{path}?{query}")
    };
    Ok(match route(&*shared, &method, &target, &named, &body) {
        Some(Routed::Reply { status, body }) => reply_json(status, body),
        Some(Routed::BadBody {
            operation,
            path,
            message,
        }) => bad_body(operation, &path, &message, &body),
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
            let allow: Vec<&str> = served_at(&path).map(|(m, _, _)| *m).collect();
            method_not_allowed(&method, &path, &allow.join(", "))
        }
        Some(Routed::NotModelled { operation }) => error(
            501,
            "operation_not_modelled",
            format!(
                "The fake does not model {operation} ({method} {path}); it serves {}.",
                crate::OPERATIONS.join(", ")
            ),
        ),
        Some(_) | None => route_not_found(&method, &path),
    })
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
        return Err(Box::new(too_large()));
    }
    Ok(Bytes::from(buf))
}

fn too_large() -> Reply {
    error(
        413,
        "request_too_large",
        format!("The request body exceeds {MAX_BODY_BYTES} bytes."),
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
    // A missing field is reported at the object that lacks it; name the field itself.
    let missing = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split_once('`'))
        .map(|(name, _)| name);
    let field = match (missing, field) {
        (Some(name), ".") => name.to_owned(),
        (Some(name), parent) => format!("{parent}.{name}"),
        (None, field) => field.to_owned(),
    };
    let field = field.as_str();
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

fn method_not_allowed(method: &str, path: &str, allow: &str) -> Reply {
    let mut reply = error(
        405,
        "method_not_allowed",
        format!("{method} is not allowed on {path}; use {allow}."),
    );
    if let Ok(value) = HeaderValue::from_str(allow) {
        reply.headers_mut().insert(ALLOW, value);
    }
    reply
}

fn route_not_found(method: &str, path: &str) -> Reply {
    error(
        404,
        "route_not_found",
        format!("No route for {method} {path}."),
    )
}

/// `POST /__fake/organizations`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewOrganizationRequest {
    organization_name: String,
    organization_slug: String,
    /// `OPTIONAL` (default) or `REQUIRED_FOR_ALL`.
    #[serde(default)]
    mfa_policy: Option<String>,
    #[serde(default)]
    external_id: Option<String>,
    #[serde(default)]
    email_allowed_domains: Vec<String>,
}

/// `POST /__fake/organizations/{organization_id}/members`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewMemberRequest {
    email_address: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    phone_number: Option<String>,
    /// Whether `phone_number` is already verified (an active MFA factor).
    #[serde(default)]
    phone_number_verified: bool,
    /// Whether the member has a TOTP registration (an active MFA factor).
    #[serde(default)]
    totp_registered: bool,
    #[serde(default)]
    external_id: Option<String>,
    /// RBAC roles besides `stytch_member`.
    #[serde(default)]
    roles: Vec<String>,
}

impl NewOrganizationRequest {
    fn into_new(self) -> Result<NewOrganization, FakeError> {
        let mut new = NewOrganization::new(self.organization_name, self.organization_slug);
        match self.mfa_policy.as_deref() {
            None | Some("OPTIONAL") => {}
            Some("REQUIRED_FOR_ALL") => new = new.mfa_policy(MfaPolicy::RequiredForAll),
            Some(_) => {
                return Err(FakeError::new(
                    400,
                    "invalid_mfa_policy",
                    "mfa_policy must be OPTIONAL or REQUIRED_FOR_ALL",
                ));
            }
        }
        if let Some(id) = self.external_id {
            new = new.external_id(id);
        }
        Ok(new.email_allowed_domains(self.email_allowed_domains))
    }
}

impl NewMemberRequest {
    fn into_new(self) -> Result<NewMember, FakeError> {
        let mut new = NewMember::new(self.email_address);
        if let Some(name) = self.name {
            new = new.name(name);
        }
        match (self.phone_number, self.phone_number_verified) {
            (Some(phone), true) => new = new.verified_phone_number(phone),
            (Some(phone), false) => new = new.phone_number(phone),
            (None, true) => {
                return Err(FakeError::new(
                    400,
                    "phone_number_required",
                    "phone_number_verified needs a phone_number",
                ));
            }
            (None, false) => {}
        }
        if self.totp_registered {
            new = new.totp_registered();
        }
        if let Some(id) = self.external_id {
            new = new.external_id(id);
        }
        Ok(new.roles(self.roles))
    }
}

#[derive(Deserialize)]
struct MintRequest {
    organization_id: String,
    member_id: String,
}

/// `POST /__fake/sessions/migrations`: an external session token `sessions.migrate` accepts.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MigrationGrantRequest {
    session_token: String,
    organization_id: String,
    member_id: String,
}

/// `POST /__fake/trusted_auth_tokens`: a trusted auth token of a profile `sessions.attest`
/// accepts.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrustedAuthTokenRequest {
    profile_id: String,
    token: String,
    organization_id: String,
    member_id: String,
}

#[derive(Deserialize)]
struct ClockRequest {
    advance_seconds: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RateLimitsRequest {
    #[serde(default)]
    per_member: Option<RateLimitSpec>,
    #[serde(default)]
    per_phone_number: Option<RateLimitSpec>,
}

#[derive(Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
struct RateLimitSpec {
    max: u32,
    window_seconds: u64,
}

impl RateLimitSpec {
    /// The limit, its window checked (`field` names it in the error).
    fn into_limit(self, field: &str) -> Result<RateLimit, FakeError> {
        let window =
            crate::validate::rate_limit_window(field, Duration::from_secs(self.window_seconds))?;
        Ok(RateLimit::new(self.max, window))
    }
}

impl From<RateLimit> for RateLimitSpec {
    fn from(limit: RateLimit) -> Self {
        RateLimitSpec {
            max: limit.max(),
            window_seconds: limit.window().as_secs(),
        }
    }
}

/// `POST /__fake/faults`: one [`Fault`] as JSON.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultRequest {
    kind: FaultKindName,
    #[serde(default)]
    status: Option<u16>,
    #[serde(default)]
    retry_after_seconds: Option<u64>,
    #[serde(default)]
    delay_ms: Option<u64>,
    #[serde(default)]
    times: Option<u32>,
    #[serde(default)]
    operation: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum FaultKindName {
    Status,
    Html,
    Delay,
    Drop,
}

impl FaultRequest {
    fn into_fault(self) -> Result<Fault, FakeError> {
        let needs = |what: &str, kind: &str| {
            FakeError::new(
                400,
                "invalid_fault",
                format!("a `{kind}` fault needs `{what}`"),
            )
        };
        let mut fault = match self.kind {
            FaultKindName::Status => {
                let mut fault =
                    Fault::status(self.status.ok_or_else(|| needs("status", "status"))?);
                if let Some(seconds) = self.retry_after_seconds {
                    fault = fault.retry_after(Duration::from_secs(seconds));
                }
                fault
            }
            FaultKindName::Html => Fault::html(self.status.ok_or_else(|| needs("status", "html"))?),
            FaultKindName::Delay => Fault::delay(Duration::from_millis(
                self.delay_ms.ok_or_else(|| needs("delay_ms", "delay"))?,
            )),
            FaultKindName::Drop => Fault::drop_connection(),
        };
        if let Some(times) = self.times {
            fault = fault.times(times);
        }
        if let Some(operation) = self.operation {
            fault = fault.only(operation);
        }
        Ok(fault)
    }
}

/// A fault as `GET /__fake/faults` lists it (the shape `POST` takes).
fn fault_json(fault: &Fault) -> serde_json::Value {
    let mut out = match fault.kind() {
        FaultKind::Status {
            status,
            retry_after,
        } => serde_json::json!({
            "kind": "status",
            "status": status,
            "retry_after_seconds": retry_after.map(|d| d.as_secs()),
        }),
        FaultKind::Html { status } => serde_json::json!({"kind": "html", "status": status}),
        FaultKind::Delay(delay) => serde_json::json!({
            "kind": "delay",
            "delay_ms": u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
        }),
        FaultKind::DropConnection => serde_json::json!({"kind": "drop"}),
    };
    out["times"] = fault.remaining().into();
    out["operation"] = fault.operation().into();
    out
}

fn rate_limits_json(limits: RateLimits) -> serde_json::Value {
    serde_json::json!({
        "status_code": 200,
        "request_id": request_id(),
        "per_member": limits.per_member.map(RateLimitSpec::from),
        "per_phone_number": limits.per_phone_number.map(RateLimitSpec::from),
    })
}

fn faults_json(shared: &Shared) -> serde_json::Value {
    let faults: Vec<_> = shared.faults.pending().iter().map(fault_json).collect();
    serde_json::json!({
        "status_code": 200,
        "request_id": request_id(),
        "faults": faults,
    })
}

/// `GET /__fake/outbox`, `POST /__fake/intermediate_sessions`, `POST /__fake/clock`,
/// `POST /__fake/rate_limits`, `GET`/`POST`/`DELETE /__fake/faults`,
/// `POST /__fake/sessions/migrations`, `POST /__fake/trusted_auth_tokens`.
fn control(shared: &Shared, method: &str, path: &str, query: &str, body: &[u8]) -> Reply {
    let full_path = format!("/__fake/{path}");
    match (method, path) {
        ("GET", "outbox") => {
            // `?member_id=…` filters; any other parameter is refused, naming it.
            let mut member_id = None;
            for (key, value) in form_urlencoded::parse(query.as_bytes()) {
                match key.as_ref() {
                    "member_id" => member_id = Some(value.into_owned()),
                    other => {
                        return error(
                            400,
                            "invalid_query_parameter",
                            format!("GET /__fake/outbox takes only `member_id`, not `{other}`"),
                        );
                    }
                }
            }
            encode(&shared.lock().outbox(member_id.as_deref()))
        }
        ("POST", "organizations") => {
            let req: NewOrganizationRequest = match decode(body, "__fake.organizations") {
                Ok(req) => req,
                Err(reply) => return *reply,
            };
            match req
                .into_new()
                .and_then(|new| shared.lock().create_organization(new))
            {
                Ok(org) => encode(&org),
                Err(e) => fail(e),
            }
        }
        ("POST", members)
            if members.starts_with("organizations/") && members.ends_with("/members") =>
        {
            let organization = &members["organizations/".len()..members.len() - "/members".len()];
            let organization =
                percent_encoding::percent_decode_str(organization).decode_utf8_lossy();
            let req: NewMemberRequest = match decode(body, "__fake.members") {
                Ok(req) => req,
                Err(reply) => return *reply,
            };
            match req
                .into_new()
                .and_then(|new| shared.lock().create_member(&organization, new))
            {
                Ok(member) => encode(&member),
                Err(e) => fail(e),
            }
        }
        ("GET", "emails") => {
            // `?email_address=…` filters (any case); any other parameter is refused.
            let mut address = None;
            for (key, value) in form_urlencoded::parse(query.as_bytes()) {
                match key.as_ref() {
                    "email_address" => address = Some(value.into_owned()),
                    other => {
                        return error(
                            400,
                            "invalid_query_parameter",
                            format!("GET /__fake/emails takes only `email_address`, not `{other}`"),
                        );
                    }
                }
            }
            let emails = shared.lock().emails(address.as_deref());
            encode(&serde_json::json!({
                "status_code": 200,
                "request_id": request_id(),
                "emails": emails,
            }))
        }
        ("DELETE", "emails") => {
            let cleared = shared.lock().clear_emails();
            encode(&serde_json::json!({
                "status_code": 200,
                "request_id": request_id(),
                "cleared": cleared,
            }))
        }
        ("DELETE", "outbox") => {
            let cleared = shared.lock().clear_outbox();
            encode(&serde_json::json!({
                "status_code": 200,
                "request_id": request_id(),
                "cleared": cleared,
            }))
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
        ("POST", "sessions/migrations") => {
            let req: MigrationGrantRequest = match decode(body, "__fake.sessions.migrations") {
                Ok(req) => req,
                Err(reply) => return *reply,
            };
            let granted = shared.lock().grant_migration(
                &req.session_token,
                &req.organization_id,
                &req.member_id,
            );
            match granted {
                Ok(()) => encode(&serde_json::json!({
                    "status_code": 200,
                    "request_id": request_id(),
                })),
                Err(e) => fail(e),
            }
        }
        ("POST", "trusted_auth_tokens") => {
            let req: TrustedAuthTokenRequest = match decode(body, "__fake.trusted_auth_tokens") {
                Ok(req) => req,
                Err(reply) => return *reply,
            };
            let granted = shared.lock().grant_trusted_auth_token(
                &req.profile_id,
                &req.token,
                &req.organization_id,
                &req.member_id,
            );
            match granted {
                Ok(()) => encode(&serde_json::json!({
                    "status_code": 200,
                    "request_id": request_id(),
                })),
                Err(e) => fail(e),
            }
        }
        (_, "sessions/migrations" | "trusted_auth_tokens") => {
            method_not_allowed(method, &full_path, "POST")
        }
        ("POST", "clock") => {
            let req: ClockRequest = match decode(body, "__fake.clock") {
                Ok(req) => req,
                Err(reply) => return *reply,
            };
            let by = match crate::validate::clock_advance("advance_seconds", req.advance_seconds) {
                Ok(by) => by,
                Err(e) => return fail(e),
            };
            let mut state = shared.lock();
            state.advance_clock(by);
            let now = rfc3339(state.now());
            drop(state);
            encode(&serde_json::json!({
                "status_code": 200,
                "request_id": request_id(),
                "now": now,
            }))
        }
        ("GET", "rate_limits") => encode(&rate_limits_json(shared.lock().rate_limits())),
        ("POST", "rate_limits") => {
            let req: RateLimitsRequest = match decode(body, "__fake.rate_limits") {
                Ok(req) => req,
                Err(reply) => return *reply,
            };
            let mut limits = RateLimits::none();
            let checked = (|| {
                limits.per_member = req
                    .per_member
                    .map(|l| l.into_limit("per_member.window_seconds"))
                    .transpose()?;
                limits.per_phone_number = req
                    .per_phone_number
                    .map(|l| l.into_limit("per_phone_number.window_seconds"))
                    .transpose()?;
                Ok::<_, FakeError>(())
            })();
            if let Err(e) = checked {
                return fail(e);
            }
            shared.lock().set_rate_limits(limits);
            encode(&rate_limits_json(limits))
        }
        ("GET", "faults") => encode(&faults_json(shared)),
        ("POST", "faults") => {
            let req: FaultRequest = match decode(body, "__fake.faults") {
                Ok(req) => req,
                Err(reply) => return *reply,
            };
            match req.into_fault().and_then(|fault| shared.faults.push(fault)) {
                Ok(_) => encode(&faults_json(shared)),
                Err(e) => fail(e),
            }
        }
        ("DELETE", "faults") => {
            shared.faults.clear();
            encode(&faults_json(shared))
        }
        ("POST", "rbac/policy") => {
            #[derive(serde::Deserialize)]
            #[serde(deny_unknown_fields)]
            struct PolicyBody {
                roles: Vec<stytch_b2b_otp_sms::rbac::PolicyRole>,
            }
            let req: PolicyBody = match decode(body, "__fake.rbac.policy") {
                Ok(req) => req,
                Err(reply) => return *reply,
            };
            shared.lock().set_rbac_roles(req.roles);
            encode(&serde_json::json!({
                "status_code": 200,
                "request_id": request_id(),
                "roles": shared.lock().rbac_roles(),
            }))
        }
        ("POST", "signing_key/rotate") => match shared.rotate_signing_key(None) {
            Ok(kid) => encode(&serde_json::json!({
                "status_code": 200,
                "request_id": request_id(),
                "kid": kid,
            })),
            Err(e) => fail(e),
        },
        (_, "outbox" | "emails") => method_not_allowed(method, &full_path, "GET, DELETE"),
        (_, "intermediate_sessions" | "clock") => method_not_allowed(method, &full_path, "POST"),
        (_, "rate_limits") => method_not_allowed(method, &full_path, "GET, POST"),
        (_, "faults") => method_not_allowed(method, &full_path, "GET, POST, DELETE"),
        (_, "signing_key/rotate" | "organizations" | "rbac/policy") => {
            method_not_allowed(method, &full_path, "POST")
        }
        (_, members) if members.starts_with("organizations/") && members.ends_with("/members") => {
            method_not_allowed(method, &full_path, "POST")
        }
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
