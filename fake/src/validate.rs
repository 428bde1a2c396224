//! The one set of bounds for what the fake is told to do, whoever tells it: the CLI's flags,
//! the control routes and the Rust API that can refuse (`inject`). A value out of bounds is a
//! 400 naming the field (the CLI prints the same message).

use std::time::Duration;

use crate::FakeError;

/// The longest rate-limit window: a leap year.
pub const MAX_RATE_LIMIT_WINDOW: Duration = Duration::from_secs(366 * 24 * 60 * 60);
/// The longest injected delay: ten minutes (a client's timeout should have fired long before).
pub const MAX_FAULT_DELAY: Duration = Duration::from_secs(10 * 60);
/// The farthest one clock move may go: a hundred years (the fake clock stays far from
/// year 9999, where timestamps overflow).
pub const MAX_CLOCK_ADVANCE: Duration = Duration::from_secs(100 * 366 * 24 * 60 * 60);
/// The most calls one fault may take.
pub const MAX_FAULT_TIMES: u32 = 1_000_000;

fn out_of_bounds(error_type: &str, field: &str, what: String) -> FakeError {
    FakeError::new(400, error_type, format!("`{field}` {what}"))
}

/// A rate-limit window: at least 1 second, at most [`MAX_RATE_LIMIT_WINDOW`].
pub fn rate_limit_window(field: &str, window: Duration) -> Result<Duration, FakeError> {
    if window < Duration::from_secs(1) || window > MAX_RATE_LIMIT_WINDOW {
        return Err(out_of_bounds(
            "invalid_rate_limit",
            field,
            format!(
                "must be between 1 and {} seconds (got {})",
                MAX_RATE_LIMIT_WINDOW.as_secs(),
                window.as_secs_f64()
            ),
        ));
    }
    Ok(window)
}

/// An injected delay: at most [`MAX_FAULT_DELAY`].
pub fn fault_delay(field: &str, delay: Duration) -> Result<Duration, FakeError> {
    if delay > MAX_FAULT_DELAY {
        return Err(out_of_bounds(
            "invalid_fault",
            field,
            format!(
                "must be at most {} ms (got {} ms)",
                MAX_FAULT_DELAY.as_millis(),
                delay.as_millis()
            ),
        ));
    }
    Ok(delay)
}

/// How many calls a fault takes: 1 to [`MAX_FAULT_TIMES`].
pub fn fault_times(field: &str, times: u32) -> Result<u32, FakeError> {
    if times == 0 || times > MAX_FAULT_TIMES {
        return Err(out_of_bounds(
            "invalid_fault",
            field,
            format!("must be between 1 and {MAX_FAULT_TIMES} (got {times})"),
        ));
    }
    Ok(times)
}

/// One move of the fake clock: at most [`MAX_CLOCK_ADVANCE`].
pub fn clock_advance(field: &str, seconds: u64) -> Result<Duration, FakeError> {
    let limit = MAX_CLOCK_ADVANCE.as_secs();
    if seconds > limit {
        return Err(out_of_bounds(
            "invalid_clock_advance",
            field,
            format!("must be at most {limit} seconds (100 years; got {seconds})"),
        ));
    }
    Ok(Duration::from_secs(seconds))
}

/// The longest connection timeout: an hour.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(60 * 60);

/// A header or body read timeout: 1 ms to [`MAX_TIMEOUT`].
pub fn timeout(field: &str, timeout: Duration) -> Result<Duration, FakeError> {
    if timeout < Duration::from_millis(1) || timeout > MAX_TIMEOUT {
        return Err(out_of_bounds(
            "invalid_timeout",
            field,
            format!(
                "must be between 1 ms and {} s (got {} ms)",
                MAX_TIMEOUT.as_secs(),
                timeout.as_millis()
            ),
        ));
    }
    Ok(timeout)
}

/// How many connections are served at once: at least 1 (and at most 65,536).
pub fn max_connections(field: &str, max: usize) -> Result<usize, FakeError> {
    if max == 0 || max > 65_536 {
        return Err(out_of_bounds(
            "invalid_max_connections",
            field,
            format!("must be between 1 and 65536 (got {max})"),
        ));
    }
    Ok(max)
}
