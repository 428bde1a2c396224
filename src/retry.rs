//! When a failed call is tried again, and after how long.
//!
//! The policy is safe by construction: by default a request is repeated only
//! when it provably did not reach Stytch (the connection could not be opened)
//! or when Stytch said it did not process it (429 Too Many Requests, 503
//! Service Unavailable). A timeout after the request was sent, a 500, or a
//! connection reset mid-response may mean Stytch already acted: a repeated
//! `send` would text the Member a second time (costing money and invalidating
//! the first code), and a repeated `authenticate` may hit an already consumed
//! intermediate session token. Those are retried only if you opt in with
//! [`RetryPolicy::retry_possibly_processed`].

use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

/// How failed calls are retried: bounded attempts, jittered exponential
/// backoff, and `Retry-After` honoured up to a cap.
///
/// ```
/// use std::time::Duration;
/// use stytch_b2b_otp_sms::RetryPolicy;
///
/// let policy = RetryPolicy::default()       // 3 attempts, 100 ms → 2 s backoff
///     .max_attempts(5)
///     .max_retry_after(Duration::from_secs(5));
/// let never = RetryPolicy::disabled();      // exactly one attempt
/// # let _ = (policy, never);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    retry_possibly_processed: bool,
}

impl Default for RetryPolicy {
    /// Up to 3 attempts; backoff starting at 100 ms, doubling, at most 2 s,
    /// with full jitter; `Retry-After` honoured up to 10 s; only failures that
    /// provably were not processed are retried.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(2),
            max_retry_after: Duration::from_secs(10),
            retry_possibly_processed: false,
        }
    }
}

impl RetryPolicy {
    /// No retries: every call makes exactly one attempt.
    pub fn disabled() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Total attempts per call, the first included (at least 1).
    #[must_use]
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Backoff before the second attempt (`initial`), doubling per attempt up
    /// to `max`. The actual wait is a random duration between zero and that
    /// value ("full jitter"), so that many clients do not retry in lockstep.
    #[must_use]
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// Longest `Retry-After` wait honoured on a 429 or 503; longer values are
    /// cut to this.
    #[must_use]
    pub fn max_retry_after(mut self, cap: Duration) -> Self {
        self.max_retry_after = cap;
        self
    }

    /// Also retry failures after which Stytch may already have processed the
    /// request: timeouts after the request was sent, 500/502/504 responses,
    /// and connections closed before a complete response.
    ///
    /// **This can send a Member a second SMS** (and invalidate the first
    /// code) or replay an authentication. Off by default.
    #[must_use]
    pub fn retry_possibly_processed(mut self, yes: bool) -> Self {
        self.retry_possibly_processed = yes;
        self
    }

    /// The configured number of attempts.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// How long to wait before attempt `attempt + 1` after `failure`, or
    /// `None` to give up and return the failure.
    pub(crate) fn delay(&self, attempt: u32, failure: Failure) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        match failure {
            Failure::NotSent => Some(self.backoff_for(attempt)),
            Failure::Refused { retry_after } => Some(match retry_after {
                Some(wait) => wait.min(self.max_retry_after),
                None => self.backoff_for(attempt),
            }),
            Failure::MaybeProcessed if self.retry_possibly_processed => {
                Some(self.backoff_for(attempt))
            }
            Failure::MaybeProcessed | Failure::Final => None,
        }
    }

    /// Full-jitter exponential backoff after `attempt` attempts.
    fn backoff_for(&self, attempt: u32) -> Duration {
        let exp = self
            .initial_backoff
            .saturating_mul(1u32 << (attempt - 1).min(16))
            .min(self.max_backoff);
        let nanos = u64::try_from(exp.as_nanos()).unwrap_or(u64::MAX);
        if nanos == 0 {
            return Duration::ZERO;
        }
        Duration::from_nanos(random_u64() % (nanos + 1))
    }
}

/// What a failed attempt tells about whether Stytch processed the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The request never left: connection refused, DNS or TLS failure,
    /// connect timeout.
    NotSent,
    /// Stytch declined to process it (429 or 503), maybe saying when to retry.
    Refused { retry_after: Option<Duration> },
    /// It may have been processed: timeout after sending, 500/502/504,
    /// connection closed mid-response.
    MaybeProcessed,
    /// Retrying cannot help (a 4xx, an undecodable 2xx, bad configuration).
    Final,
}

/// Parses a `Retry-After` header given in seconds. (HTTP-date values are
/// treated as absent: the backoff applies.)
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    parse_retry_after_at(value, std::time::SystemTime::now())
}

/// [`parse_retry_after`] as of `now`: `Retry-After` is either a number of seconds or an
/// HTTP date (RFC 9110 §10.2.3); a date in the past means "now".
fn parse_retry_after_at(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Randomness for jitter; not for secrets.
fn random_u64() -> u64 {
    std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_seconds_or_an_http_date() {
        use std::time::{SystemTime, UNIX_EPOCH};
        // 1994-11-06T08:49:37Z, the example of RFC 9110.
        let date = UNIX_EPOCH + Duration::from_secs(784_111_777);
        let at = |offset: i64| {
            if offset >= 0 {
                date - Duration::from_secs(offset.unsigned_abs())
            } else {
                date + Duration::from_secs(offset.unsigned_abs())
            }
        };
        let parse = |v: &str, now: SystemTime| parse_retry_after_at(v, now);
        assert_eq!(parse("120", at(0)), Some(Duration::from_secs(120)));
        assert_eq!(parse(" 0 ", at(0)), Some(Duration::ZERO));
        // IMF-fixdate, and the two obsolete forms RFC 9110 still asks recipients to accept.
        for form in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(parse(form, at(30)), Some(Duration::from_secs(30)), "{form}");
        }
        // A date already past: retry now.
        assert_eq!(
            parse("Sun, 06 Nov 1994 08:49:37 GMT", at(-5)),
            Some(Duration::ZERO)
        );
        for bad in ["", "soon", "-1", "1.5", "Sun, 32 Nov 1994 08:49:37 GMT"] {
            assert_eq!(parse(bad, at(0)), None, "{bad:?}");
        }
    }

    #[test]
    fn only_provably_unprocessed_failures_are_retried_by_default() {
        let p = RetryPolicy::default();
        assert!(p.delay(1, Failure::NotSent).is_some());
        assert!(p.delay(1, Failure::Refused { retry_after: None }).is_some());
        assert_eq!(p.delay(1, Failure::MaybeProcessed), None);
        assert_eq!(p.delay(1, Failure::Final), None);
        let opted_in = p.retry_possibly_processed(true);
        assert!(opted_in.delay(1, Failure::MaybeProcessed).is_some());
        assert_eq!(opted_in.delay(1, Failure::Final), None);
    }

    #[test]
    fn attempts_are_bounded() {
        let p = RetryPolicy::default().max_attempts(2);
        assert!(p.delay(1, Failure::NotSent).is_some());
        assert_eq!(p.delay(2, Failure::NotSent), None);
        assert_eq!(RetryPolicy::disabled().delay(1, Failure::NotSent), None);
        assert_eq!(RetryPolicy::default().max_attempts(0).attempts(), 1);
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let p = RetryPolicy::default().max_retry_after(Duration::from_secs(3));
        let wait = |s| {
            p.delay(
                1,
                Failure::Refused {
                    retry_after: Some(Duration::from_secs(s)),
                },
            )
        };
        assert_eq!(wait(1), Some(Duration::from_secs(1)));
        assert_eq!(wait(60), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after(" 7 "), Some(Duration::from_secs(7)));
        // An HTTP date is honoured too, and capped like seconds.
        let in_a_minute =
            httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(60));
        let parsed = parse_retry_after(&in_a_minute).expect("an HTTP date parses");
        assert!(
            parsed > Duration::from_secs(55) && parsed <= Duration::from_secs(60),
            "{parsed:?}"
        );
        assert_eq!(wait(parsed.as_secs()), Some(Duration::from_secs(3)));
    }

    #[test]
    fn backoff_grows_and_stays_under_the_cap() {
        let p =
            RetryPolicy::default().backoff(Duration::from_millis(100), Duration::from_millis(400));
        for attempt in 1..10 {
            let bound =
                Duration::from_millis(100 * (1 << (attempt - 1))).min(Duration::from_millis(400));
            for _ in 0..50 {
                assert!(p.backoff_for(attempt) <= bound);
            }
        }
    }
}
