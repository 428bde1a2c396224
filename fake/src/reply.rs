//! The fake's answers: Stytch's error body for a refusal, JSON for the rest. The API routes
//! (`crate::http`) and the control routes (`crate::control`) both answer through these.

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::{ALLOW, CONTENT_TYPE, HeaderValue};
use hyper::{Response, StatusCode};

use crate::FakeError;

/// An HTTP answer with its whole body.
pub(crate) type Reply = Response<Full<Bytes>>;

pub(crate) fn bad_body(operation: &str, field: &str, message: &str, body: &[u8]) -> Reply {
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

pub(crate) fn method_not_allowed(method: &str, path: &str, allow: &str) -> Reply {
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

pub(crate) fn route_not_found(method: &str, path: &str) -> Reply {
    error(
        404,
        "route_not_found",
        format!("No route for {method} {path}."),
    )
}

/// Decodes a control request body, answering 400 like the API routes do.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(
    body: &[u8],
    operation: &str,
) -> Result<T, Box<Reply>> {
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

pub(crate) fn encode<T: serde::Serialize + ?Sized>(value: &T) -> Reply {
    match serde_json::to_vec(value) {
        Ok(body) => json(200, body),
        Err(e) => error(
            500,
            "internal_server_error",
            format!("the fake could not encode its answer: {e}"),
        ),
    }
}

pub(crate) fn fail(e: FakeError) -> Reply {
    fail_with_details(e, serde_json::Map::new())
}

pub(crate) fn fail_with_details(
    e: FakeError,
    details: serde_json::Map<String, serde_json::Value>,
) -> Reply {
    let status = e.status;
    let mut failure = e.into_failure();
    failure.body.error_details = details;
    match serde_json::to_vec(&failure.body) {
        Ok(body) => json(status, body),
        Err(_) => json(500, Vec::new()),
    }
}

pub(crate) fn error(status: u16, error_type: &str, message: impl Into<String>) -> Reply {
    fail(FakeError::new(status, error_type, message))
}

pub(crate) fn json(status: u16, body: Vec<u8>) -> Reply {
    let mut reply = Response::new(Full::new(Bytes::from(body)));
    *reply.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    reply
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    reply
}
