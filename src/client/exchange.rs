//! Sending a call: retries, timeouts, the `stytch.request` tracing span, reading the answer
//! (up to the size cap), and mapping what went wrong to an [`Error`].

use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue, RETRY_AFTER, USER_AGENT,
};
use tracing::Instrument;

use super::pending::{Answer, Exchange};
use super::request::header_params;
use super::{Client, Operation, Params};
use crate::error::ErrorBody as _;
use crate::error::{self, EncodeError, Error, ResponseTooLargeError, TimeoutError, TransportError};
use crate::retry::{Failure, parse_retry_after};

/// Decodes an answer as `T`: the decoder of [`Pending`](crate::Pending), one per response type.
pub(super) fn decode_answer<T: serde::de::DeserializeOwned>(answer: Answer) -> Result<T, Error> {
    decode(answer.status, &answer.body)
        .map_err(|e| record_failure(&answer.span, e.in_call(answer.operation, answer.attempts)))
}

/// Records a failed call's OpenTelemetry `error.type` on its span.
fn record_failure(span: &tracing::Span, error: Error) -> Error {
    span.record("error.type", &*error_type_of(&error));
    error
}

/// A response read in full (status, `Retry-After`, body).
struct Raw {
    status: u16,
    retry_after: Option<Duration>,
    body: Bytes,
}

impl Client {
    /// The non-generic part of every call: sends `body` (already encoded, or the encoding's
    /// error) and `params` to `op`, retrying as the [`RetryPolicy`] allows, inside one
    /// `stytch.request` tracing span, and gives back a 2xx body read in full.
    pub(super) fn exchange(
        &self,
        op: &'static Operation,
        params: Params,
        body: Result<Option<Vec<u8>>, serde_json::Error>,
    ) -> Exchange {
        let client = self.clone();
        Box::pin(async move {
            // Our own field names, and the OpenTelemetry HTTP client attributes beside them
            // (`url.path` is the path sent, path parameters filled in; never a query, header
            // or body, so never a secret).
            let span = tracing::debug_span!(
                "stytch.request",
                operation = op.name,
                method = op.method,
                path = op.path,
                attempts = tracing::field::Empty,
                status = tracing::field::Empty,
                request_id = tracing::field::Empty,
                latency_ms = tracing::field::Empty,
                http.request.method = op.method,
                server.address = client.inner.base.host_str().unwrap_or_default(),
                server.port = client.inner.base.port_or_known_default(),
                url.path = tracing::field::Empty,
                http.response.status_code = tracing::field::Empty,
                error.type = tracing::field::Empty,
            );
            let result = client
                .exchange_in_span(op, params, body)
                .instrument(span.clone())
                .await;
            match result {
                Ok((status, body, attempts)) => Ok(Answer {
                    status,
                    body,
                    span,
                    operation: op.name,
                    attempts,
                }),
                Err(e) => Err(record_failure(&span, e)),
            }
        })
    }

    /// The exchange inside its span: the status, the body and the number of attempts made,
    /// or the error with its operation and attempts recorded.
    async fn exchange_in_span(
        &self,
        op: &Operation,
        params: Params,
        body: Result<Option<Vec<u8>>, serde_json::Error>,
    ) -> Result<(u16, Bytes, u32), Error> {
        let started = Instant::now();
        let span = tracing::Span::current();
        let (method, url) = self.inner.url_for(op, &params)?;
        span.record("url.path", url.path());
        let body = body.map_err(|source| EncodeError {
            operation: op.name,
            source,
        })?;
        let headers = header_params(op, &params)?;

        let mut attempt = 1;
        let result = loop {
            // Boxed: the exchange future is then 912 bytes instead of 1,728, and both
            // allocations fit the allocator's per-thread cache (glibc's tcache takes up to
            // 1,032 bytes), which keeps 64 calls in flight off its slower paths.
            let result =
                Box::pin(self.attempt(method.clone(), url.clone(), &headers, body.clone())).await;
            let failure = match &result {
                Ok(raw) => classify_status(raw),
                Err(e) => classify_error(e),
            };
            match self.retry.delay(attempt, failure) {
                Some(delay) => {
                    tracing::debug!(
                        attempt,
                        delay_ms = delay.as_millis() as u64,
                        reason = ?failure,
                        "retrying"
                    );
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                None => break result,
            }
        };

        span.record("attempts", attempt);
        span.record("latency_ms", started.elapsed().as_millis() as u64);
        let record_status = |status: u16| {
            span.record("status", status);
            span.record("http.response.status_code", status);
        };
        let raw = result.map_err(|e| {
            if let Some(status) = e.status() {
                record_status(status);
            }
            e.in_call(op.name, attempt)
        })?;
        record_status(raw.status);
        if !(200..300).contains(&raw.status) {
            let error = error::classify_error_body(raw.status, &raw.body).in_call(op.name, attempt);
            if let Some(id) = error.request_id() {
                span.record("request_id", id);
            }
            return Err(error);
        }
        if !span.is_disabled() {
            if let Some(id) = request_id_of(&raw.body) {
                span.record("request_id", id.as_str());
            }
        }
        Ok((raw.status, raw.body, attempt))
    }

    /// One HTTP exchange, the body read in full (up to the size cap).
    async fn attempt(
        &self,
        method: reqwest::Method,
        url: reqwest::Url,
        headers: &[(HeaderName, HeaderValue)],
        body: Option<Vec<u8>>,
    ) -> Result<Raw, Error> {
        let inner = &*self.inner;
        let mut request = inner
            .http
            .request(method, url)
            .header(AUTHORIZATION, inner.authorization.clone())
            .header(USER_AGENT, inner.user_agent.clone())
            .header(ACCEPT, "application/json")
            .timeout(self.timeout);
        for (name, value) in headers {
            request = request.header(name.clone(), value.clone());
        }
        if let Some(body) = body {
            request = request.header(CONTENT_TYPE, "application/json").body(body);
        }
        let mut response = request
            .send()
            .await
            .map_err(|e| self.map_reqwest_error(e))?;

        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        let limit = inner.max_response_bytes;
        let too_large = || ResponseTooLargeError {
            status,
            limit,
            call: Default::default(),
        };
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(too_large().into());
        }
        // With a length (already checked against the cap), take the body as hyper assembled
        // it, without another copy; without one, read chunk by chunk and stop at the cap.
        let body = if response.content_length().is_some() {
            response
                .bytes()
                .await
                .map_err(|e| self.map_reqwest_error(e))?
        } else {
            let mut buffer = Vec::with_capacity(8 * 1024);
            while let Some(chunk) = response
                .chunk()
                .await
                .map_err(|e| self.map_reqwest_error(e))?
            {
                if buffer.len() + chunk.len() > limit {
                    return Err(too_large().into()); // dropping `response` stops the read
                }
                buffer.extend_from_slice(&chunk);
            }
            Bytes::from(buffer)
        };
        Ok(Raw {
            status,
            retry_after,
            body,
        })
    }

    fn map_reqwest_error(&self, e: reqwest::Error) -> Error {
        if e.is_timeout() {
            let connect = e.is_connect();
            let timeout = if connect {
                self.inner.connect_timeout
            } else {
                self.timeout
            };
            Error::Timeout(TimeoutError {
                timeout,
                connect,
                call: Default::default(),
            })
        } else {
            Error::Transport(TransportError::new(e, &self.inner.base_url))
        }
    }
}

/// The OpenTelemetry `error.type` of a failed call: the status code for an HTTP error answer
/// (as the HTTP semantic conventions ask), otherwise a low-cardinality name of the failure.
fn error_type_of(error: &Error) -> std::borrow::Cow<'static, str> {
    let name = match error {
        Error::Api(api) => return api.status_code().to_string().into(),
        Error::Http(http) => return http.status.to_string().into(),
        Error::Timeout(_) => "timeout",
        Error::Transport(t) if t.is_connect() => "connect",
        Error::Transport(_) => "transport",
        Error::Decode(_) => "decode",
        Error::ResponseTooLarge(_) => "response_too_large",
        Error::Encode(_) => "encode",
        Error::Argument(_) => "argument",
        Error::Config(_) => "config",
        Error::Jwt(e) => e.error_type(),
        Error::Authorization(e) => e.error_type(),
        Error::Unavailable(e) => e.error_type(),
    };
    name.into()
}

/// What a received response says about retrying.
fn classify_status(raw: &Raw) -> Failure {
    match raw.status {
        200..=299 => Failure::Final,
        429 | 503 => Failure::Refused {
            retry_after: raw.retry_after,
        },
        500 | 502 | 504 => Failure::MaybeProcessed,
        _ => Failure::Final,
    }
}

/// What a failed exchange says about retrying.
fn classify_error(error: &Error) -> Failure {
    match error {
        Error::Timeout(t) if t.connect => Failure::NotSent,
        Error::Transport(t) if t.is_connect() => Failure::NotSent,
        Error::Timeout(_) | Error::Transport(_) => Failure::MaybeProcessed,
        _ => Failure::Final,
    }
}

/// The top-level `request_id` of a JSON body, for the tracing span (only
/// looked up when the span is recorded).
fn request_id_of(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct RequestId {
        request_id: Option<String>,
    }
    serde_json::from_slice::<RequestId>(body).ok()?.request_id
}

/// Decodes a JSON body, naming the failing field path on error.
///
/// Plain `serde_json`; on failure, [`decode_failure`] (not generic, compiled once) finds the
/// path of the value serde_json's error points at. A path-tracking deserializer would compile
/// the `Deserialize` code of every response type a second time, and slow every decode.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(
    status: u16,
    bytes: &[u8],
) -> Result<T, Error> {
    serde_json::from_slice(bytes).map_err(|e| decode_failure(status, bytes, &e))
}

/// The error for a body that serde_json could not decode.
#[inline(never)]
fn decode_failure(status: u16, bytes: &[u8], error: &serde_json::Error) -> Error {
    let path = crate::json_path::path_of_error(bytes, error);
    error::decode_error(Some(status), path, &error.to_string(), bytes)
}
