//! Send rate limits: at most `max` SMS per Member and per phone number in a sliding window
//! of the fake clock. Off by default.

use std::collections::VecDeque;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

/// At most [`max`](Self::max) sends in any [`window`](Self::window) of the fake clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct RateLimit {
    max: u32,
    window: Duration,
}

impl RateLimit {
    /// At most `max` sends in any `window`. `max` 0 refuses every send.
    pub fn new(max: u32, window: Duration) -> Self {
        Self { max, window }
    }

    /// How many sends the window admits.
    pub fn max(&self) -> u32 {
        self.max
    }

    /// The length of the sliding window.
    pub fn window(&self) -> Duration {
        self.window
    }
}

/// The send limits of a [`FakeStytch`](crate::FakeStytch); none by default. A send over a
/// limit answers 429 `too_many_requests` with the body Stytch's API reference shows, and does
/// not count.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[non_exhaustive]
pub struct RateLimits {
    /// Limit per Member (by `member_id`).
    pub per_member: Option<RateLimit>,
    /// Limit per phone number the SMS goes to, across Members and Organizations.
    pub per_phone_number: Option<RateLimit>,
}

impl RateLimits {
    /// No limits.
    pub fn none() -> Self {
        Self::default()
    }

    /// Sets the limit per Member.
    #[must_use]
    pub fn per_member(mut self, limit: RateLimit) -> Self {
        self.per_member = Some(limit);
        self
    }

    /// Sets the limit per phone number.
    #[must_use]
    pub fn per_phone_number(mut self, limit: RateLimit) -> Self {
        self.per_phone_number = Some(limit);
        self
    }
}

/// Whether one more send at `now` fits `limit`, given the earlier sends (oldest first);
/// forgets the sends that left the window.
pub(crate) fn admits(sends: &mut VecDeque<Timestamp>, limit: RateLimit, now: Timestamp) -> bool {
    let window = SignedDuration::try_from(limit.window).unwrap_or(SignedDuration::MAX);
    let start = now.checked_sub(window).unwrap_or(Timestamp::MIN);
    while sends.front().is_some_and(|&at| at <= start) {
        sends.pop_front();
    }
    sends.len() < usize::try_from(limit.max).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_slides() {
        let limit = RateLimit::new(2, Duration::from_secs(60));
        let t0 = Timestamp::from_second(1_000_000).unwrap();
        let at = |s: i64| t0.checked_add(SignedDuration::from_secs(s)).unwrap();
        let mut sends = VecDeque::new();
        assert!(admits(&mut sends, limit, t0));
        sends.push_back(t0);
        assert!(admits(&mut sends, limit, at(10)));
        sends.push_back(at(10));
        assert!(!admits(&mut sends, limit, at(59)));
        // The first send leaves the window 60 s after it was made.
        assert!(admits(&mut sends, limit, at(60)));
        assert_eq!(sends.len(), 1);
        assert!(!admits(
            &mut VecDeque::new(),
            RateLimit::new(0, Duration::from_secs(1)),
            t0
        ));
    }
}
