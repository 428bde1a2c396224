//! The request journal: the last [`JOURNAL_CAPACITY`] API requests the fake answered, with
//! their secrets redacted (`GET /__fake/requests`, [`FakeStytch::requests`]).
//!
//! `crate::http` starts a [`Pending`] entry once a request with the right credentials and a
//! readable body reaches an operation's route, and [`finish`]es it with the answer. Control
//! routes, the JWKS route and requests answered by an injected fault (or refused before
//! their body was read: 401, 408, 413) are not journalled.
//!
//! [`FakeStytch::requests`]: crate::FakeStytch::requests

use std::collections::VecDeque;
use std::sync::{Mutex, PoisonError};

use http_body_util::{BodyExt, Full};
use serde_json::Value;

use crate::reply::Reply;

/// How many requests the journal keeps; older ones are dropped.
pub const JOURNAL_CAPACITY: usize = 1_000;

/// Request bodies longer than this many bytes are journalled as a note of their length,
/// so that the journal stays within about a few megabytes.
pub const JOURNAL_MAX_BODY_BYTES: usize = 4 * 1024;

/// What replaces a secret's value in a journalled body.
const REDACTED: &str = "[redacted]";

/// One request the fake answered, as the journal keeps it (`GET /__fake/requests`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The operation, by the fake's dotted name (one of [`OPERATIONS`](crate::OPERATIONS)),
    /// e.g. `magic_links.authenticate`.
    pub operation: String,
    /// The HTTP method, e.g. `POST`.
    pub method: String,
    /// The path, without the query string.
    pub path: String,
    /// The status the fake answered.
    pub status: u16,
    /// The answer's `error_type`, for an error.
    pub error_type: Option<String>,
    /// The request's JSON body with every secret's value (a key whose last `_`-separated
    /// word is `token`, `code`, `password`, `secret`, `key`, `hash`, … at any depth) replaced
    /// by `"[redacted]"`; `null` for an empty body; a string noting the length for a body
    /// that is not JSON or is over [`JOURNAL_MAX_BODY_BYTES`].
    pub body: Value,
}

/// The journal: a ring of the last [`JOURNAL_CAPACITY`] requests.
#[derive(Debug, Default)]
pub(crate) struct Journal {
    entries: Mutex<VecDeque<RecordedRequest>>,
}

impl Journal {
    fn push(&self, entry: RecordedRequest) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= JOURNAL_CAPACITY {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    /// The journalled requests, oldest first; only `operation`'s when given.
    pub(crate) fn requests(&self, operation: Option<&str>) -> Vec<RecordedRequest> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .iter()
            .filter(|e| operation.is_none_or(|op| e.operation == op))
            .cloned()
            .collect()
    }

    /// Forgets every journalled request; returns how many there were.
    pub(crate) fn clear(&self) -> usize {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        std::mem::take(&mut *entries).len()
    }
}

/// A request on its way through the router, to be journalled with its answer.
pub(crate) struct Pending {
    operation: &'static str,
    method: String,
    path: String,
    body: Value,
}

impl Pending {
    /// Starts an entry for a request of `operation` (`None`: not an operation, nothing is
    /// journalled).
    pub(crate) fn start(
        operation: Option<&'static str>,
        method: &str,
        path: &str,
        body: &[u8],
    ) -> Option<Pending> {
        Some(Pending {
            operation: operation?,
            method: method.to_owned(),
            path: path.to_owned(),
            body: redacted_body(body),
        })
    }
}

/// Journals `pending` with `reply`'s status and `error_type`; answers `reply` unchanged.
pub(crate) async fn finish(journal: &Journal, pending: Option<Pending>, reply: Reply) -> Reply {
    let Some(pending) = pending else {
        return reply;
    };
    let status = reply.status().as_u16();
    let (reply, error_type) = if status >= 400 {
        let (parts, body) = reply.into_parts();
        // A `Full` body is one frame, already in memory: this never waits.
        let bytes = match body.collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(never) => match never {},
        };
        let error_type = serde_json::from_slice::<Value>(&bytes)
            .ok()
            .and_then(|v| v.get("error_type")?.as_str().map(str::to_owned));
        (Reply::from_parts(parts, Full::new(bytes)), error_type)
    } else {
        (reply, None)
    };
    journal.push(RecordedRequest {
        operation: pending.operation.to_owned(),
        method: pending.method,
        path: pending.path,
        status,
        error_type,
        body: pending.body,
    });
    reply
}

/// The body as the journal keeps it: parsed, secrets redacted, bounded.
fn redacted_body(body: &[u8]) -> Value {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Value::Null;
    }
    if body.len() > JOURNAL_MAX_BODY_BYTES {
        return Value::String(format!("[{} bytes, not kept]", body.len()));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(mut value) => {
            redact(&mut value);
            value
        }
        Err(_) => Value::String(format!("[{} bytes, not JSON]", body.len())),
    }
}

/// Replaces the value of every secret key, at any depth, by `"[redacted]"`, by the SDK's
/// own rule (`stytch_b2b_otp_sms::__private::is_secret_name`); `null` and booleans (a flag
/// such as `include_refresh_token`) stay.
pub(crate) fn redact(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if stytch_b2b_otp_sms::__private::is_secret_name(key)
                    && !v.is_null()
                    && !v.is_boolean()
                {
                    *v = Value::String(REDACTED.to_owned());
                } else {
                    redact(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_are_redacted_at_any_depth() {
        let mut body = json!({
            "organization_id": "org",
            "magic_links_token": "t",
            "session_jwt": "j",
            "code": "123456",
            "password": "p",
            "nested": [{"client_secret": "s", "public_key": "k", "password_hash": "h", "name": "n"}],
            "recovery_codes": ["a", "b"],
            "session_duration_minutes": 60,
            "include_refresh_token": true,
        });
        redact(&mut body);
        assert_eq!(
            body,
            json!({
                "organization_id": "org",
                "magic_links_token": REDACTED,
                "session_jwt": REDACTED,
                "code": REDACTED,
                "password": REDACTED,
                "nested": [{"client_secret": REDACTED, "public_key": REDACTED, "password_hash": REDACTED, "name": "n"}],
                "recovery_codes": REDACTED,
                "session_duration_minutes": 60,
                "include_refresh_token": true,
            })
        );
    }

    #[test]
    fn bodies_are_bounded() {
        assert_eq!(redacted_body(b""), Value::Null);
        assert_eq!(redacted_body(b"nope"), json!("[4 bytes, not JSON]"));
        let big = vec![b' '; JOURNAL_MAX_BODY_BYTES].into_iter().chain(*b"{}");
        let big: Vec<u8> = big.collect();
        assert_eq!(
            redacted_body(&big),
            json!(format!("[{} bytes, not kept]", big.len()))
        );
    }

    #[test]
    fn the_ring_keeps_the_last_entries() {
        let journal = Journal::default();
        for i in 0..JOURNAL_CAPACITY + 5 {
            journal.push(RecordedRequest {
                operation: "sessions.get".into(),
                method: "GET".into(),
                path: format!("/{i}"),
                status: 200,
                error_type: None,
                body: Value::Null,
            });
        }
        let kept = journal.requests(None);
        assert_eq!(kept.len(), JOURNAL_CAPACITY);
        assert_eq!(kept[0].path, "/5");
        assert!(journal.requests(Some("sessions.revoke")).is_empty());
        assert_eq!(journal.clear(), JOURNAL_CAPACITY);
    }
}
