//! Fault injection: the next calls answer an error status, an HTML page, late, or not at all,
//! so that a test can watch its own retry policy, timeouts and error handling act.

use std::collections::VecDeque;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use crate::FakeError;

/// The operations a fault can be limited to, with [`Fault::only`]: every operation the
/// fake serves, in the generated route table's dotted names, then `sessions.get_jwks` (the
/// key set route the fake serves beside that table).
pub const OPERATIONS: &[&str] = &OPERATION_NAMES;

const SERVED: &[(&str, &str, &str)] = stytch_b2b_otp_sms::server::ROUTES;

/// [`OPERATIONS`], built at compile time from the generated table.
const OPERATION_NAMES: [&str; SERVED.len() + 1] = {
    let mut names = ["sessions.get_jwks"; SERVED.len() + 1];
    let mut i = 0;
    while i < SERVED.len() {
        names[i] = SERVED[i].2;
        i += 1;
    }
    names
};

/// What a [`Fault`] does to a request it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FaultKind {
    /// Answer this status with Stytch's error body for it, and `Retry-After` when set.
    Status {
        /// HTTP status, 400 to 599.
        status: u16,
        /// Sent as `Retry-After: <seconds>` (rounded up to whole seconds).
        retry_after: Option<Duration>,
    },
    /// Answer this status with an HTML page, as a proxy or load balancer in front of Stytch
    /// would.
    Html {
        /// HTTP status, 200 to 599.
        status: u16,
    },
    /// Wait this long, then serve the request as usual.
    Delay(Duration),
    /// Close the connection without answering (after reading the request).
    DropConnection,
}

/// A fault for the next [`times`](Self::times) calls (to one operation, or to any), queued by
/// [`FakeStytch::inject`](crate::FakeStytch::inject) or `POST /__fake/faults`.
///
/// Faults apply in the order they were injected; each call takes the first pending fault that
/// matches its operation. Control routes (`/__fake/…`) never take faults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    kind: FaultKind,
    times: u32,
    operation: Option<String>,
}

impl Fault {
    /// Answer `status` with Stytch's error body (`too_many_requests` for 429,
    /// `internal_server_error` for 500, `service_unavailable` for 503, …).
    pub fn status(status: u16) -> Self {
        Self::of(FaultKind::Status {
            status,
            retry_after: None,
        })
    }

    /// 429 `too_many_requests` with `Retry-After`.
    pub fn too_many_requests(retry_after: Duration) -> Self {
        Self::status(429).retry_after(retry_after)
    }

    /// Answer `status` with an HTML page instead of JSON.
    pub fn html(status: u16) -> Self {
        Self::of(FaultKind::Html { status })
    }

    /// Serve the request after `delay`.
    pub fn delay(delay: Duration) -> Self {
        Self::of(FaultKind::Delay(delay))
    }

    /// Close the connection without an answer.
    pub fn drop_connection() -> Self {
        Self::of(FaultKind::DropConnection)
    }

    fn of(kind: FaultKind) -> Self {
        Self {
            kind,
            times: 1,
            operation: None,
        }
    }

    /// Adds `Retry-After` to a [`status`](Self::status) fault (no effect on other kinds).
    #[must_use]
    pub fn retry_after(mut self, after: Duration) -> Self {
        if let FaultKind::Status { retry_after, .. } = &mut self.kind {
            *retry_after = Some(after);
        }
        self
    }

    /// Applies to the next `n` calls (default 1).
    #[must_use]
    pub fn times(mut self, n: u32) -> Self {
        self.times = n;
        self
    }

    /// Applies only to calls of `operation`, one of [`OPERATIONS`] (e.g. `otps.sms.send`).
    #[must_use]
    pub fn only(mut self, operation: impl Into<String>) -> Self {
        self.operation = Some(operation.into());
        self
    }

    /// What the fault does.
    pub fn kind(&self) -> &FaultKind {
        &self.kind
    }

    /// How many more calls it applies to.
    pub fn remaining(&self) -> u32 {
        self.times
    }

    /// The operation it is limited to, if any.
    pub fn operation(&self) -> Option<&str> {
        self.operation.as_deref()
    }

    /// Rejects what could not be served: a status out of range, zero times, an unknown
    /// operation.
    pub(crate) fn check(&self) -> Result<(), FakeError> {
        let bad = |message: String| Err(FakeError::new(400, "invalid_fault", message));
        match self.kind {
            FaultKind::Status { status, .. } if !(400..=599).contains(&status) => {
                return bad(format!(
                    "a status fault needs a status from 400 to 599 (got {status})"
                ));
            }
            FaultKind::Html { status } if !(200..=599).contains(&status) => {
                return bad(format!(
                    "an HTML fault needs a status from 200 to 599 (got {status})"
                ));
            }
            FaultKind::Delay(delay) => {
                crate::validate::fault_delay("delay_ms", delay)?;
            }
            _ => {}
        }
        crate::validate::fault_times("times", self.times)?;
        if let Some(op) = &self.operation {
            if !OPERATIONS.contains(&op.as_str()) {
                return bad(format!(
                    "unknown operation {op:?}; use one of {}",
                    OPERATIONS.join(", ")
                ));
            }
        }
        Ok(())
    }
}

/// The queue of pending faults.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    queue: Mutex<VecDeque<Fault>>,
}

impl Faults {
    pub(crate) fn push(&self, fault: Fault) -> Result<usize, FakeError> {
        fault.check()?;
        let mut queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
        queue.push_back(fault);
        Ok(queue.len())
    }

    pub(crate) fn clear(&self) {
        self.queue
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    pub(crate) fn pending(&self) -> Vec<Fault> {
        let queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
        queue.iter().cloned().collect()
    }

    /// Takes one use of the first fault that applies to `operation`.
    pub(crate) fn take(&self, operation: &str) -> Option<FaultKind> {
        let mut queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
        let index = queue
            .iter()
            .position(|f| f.operation.as_deref().is_none_or(|op| op == operation))?;
        let fault = &mut queue[index];
        fault.times -= 1;
        let kind = fault.kind.clone();
        if fault.times == 0 {
            queue.remove(index);
        }
        Some(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_apply_in_order_to_their_operation() {
        let faults = Faults::default();
        faults
            .push(Fault::status(503).only("otps.sms.authenticate"))
            .unwrap();
        faults.push(Fault::drop_connection().times(2)).unwrap();
        assert_eq!(
            faults.take("otps.sms.send"),
            Some(FaultKind::DropConnection)
        );
        assert_eq!(
            faults.take("otps.sms.authenticate"),
            Some(FaultKind::Status {
                status: 503,
                retry_after: None
            })
        );
        assert_eq!(
            faults.take("otps.sms.authenticate"),
            Some(FaultKind::DropConnection)
        );
        assert_eq!(faults.take("otps.sms.send"), None);
        assert!(faults.pending().is_empty());
    }

    #[test]
    fn bad_faults_are_refused_with_the_reason() {
        let faults = Faults::default();
        for (fault, says) in [
            (Fault::status(200), "400 to 599"),
            (Fault::html(99), "200 to 599"),
            (Fault::delay(Duration::ZERO).times(0), "between 1 and"),
            (Fault::delay(Duration::from_secs(3600)), "at most 600000 ms"),
            (
                Fault::status(500).only("otps.email.send"),
                "unknown operation",
            ),
        ] {
            let e = faults.push(fault).unwrap_err();
            assert_eq!(e.error_type, "invalid_fault");
            assert!(e.message.contains(says), "{e}");
        }
    }
}
