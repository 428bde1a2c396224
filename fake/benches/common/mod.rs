//! What the fake's benches share: the process's resident memory and a loop that keeps a
//! bounded number of requests in flight. Each bench uses part of it.
#![allow(dead_code)]

use std::future::Future;
use std::sync::Arc;

use tokio::sync::Semaphore;

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Resident set size of this process in MB, from `/proc/self/statm` (Linux); `None`
/// elsewhere.
pub fn rss_mb() -> Option<f64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: f64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096.0 / 1e6)
}

/// [`rss_mb`] for printing: `NaN` where it cannot be read.
pub fn rss_or_nan() -> f64 {
    rss_mb().unwrap_or(f64::NAN)
}

/// Runs `task(i)` for every `i` in `0..count`, at most `in_flight` at once, on the current
/// runtime; stops at the first error.
pub async fn run_in_flight<F, T>(count: usize, in_flight: usize, task: T) -> Result<(), BoxError>
where
    T: Fn(usize) -> F,
    F: Future<Output = Result<(), BoxError>> + Send + 'static,
{
    let limit = Arc::new(Semaphore::new(in_flight));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..count {
        let permit = limit.clone().acquire_owned().await?;
        let running = task(i);
        tasks.spawn(async move {
            let _permit = permit;
            running.await
        });
        while tasks.len() > 4 * in_flight {
            if let Some(joined) = tasks.join_next().await {
                joined??;
            }
        }
    }
    while let Some(joined) = tasks.join_next().await {
        joined??;
    }
    Ok(())
}
