//! The JWKS cache behind local session-JWT verification: one per client, shared by its
//! clones.
//!
//! - Fetched on first use, kept for [`JwksCache::ttl`], then refreshed by the next
//!   verification (Stytch rotates its signing keys).
//! - A `kid` the cached keys lack refetches at once, but at most once per
//!   [`JwksCache::cooldown`]: a flood of JWTs with random `kid`s costs one JWKS call per
//!   cooldown, not one each.
//! - Single flight: concurrent verifications that need a refresh wait for one fetch.
//! - A failed refresh keeps the keys the cache has (and counts as an attempt for the
//!   cooldown); only with no keys at all is verification impossible (`jwks_unavailable`).
//!
//! The fetch itself is given by the caller (the generated `sessions.get_jwks` call), so this
//! module knows nothing of the API's paths or types.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::error::{JwtError, JwtErrorKind};
use crate::jwt::KeySet;

/// How long fetched keys are used before a refresh: 5 minutes.
pub(crate) const DEFAULT_TTL: Duration = Duration::from_secs(300);
/// The least time between two fetches caused by an unknown `kid`: 30 seconds.
pub(crate) const DEFAULT_COOLDOWN: Duration = Duration::from_secs(30);

/// A JWKS fetch: the document's JSON, or why it could not be had (one line).
pub(crate) type Fetched = Pin<Box<dyn Future<Output = Result<serde_json::Value, String>> + Send>>;

#[derive(Default)]
struct State {
    keys: Option<Arc<KeySet>>,
    /// When `keys` were fetched.
    fetched_at: Option<Instant>,
    /// When the last fetch, successful or not, finished.
    attempted_at: Option<Instant>,
    /// Fetches started, for tests and diagnostics.
    fetches: u64,
}

/// See the module docs.
pub(crate) struct JwksCache {
    state: Mutex<State>,
    refresh: tokio::sync::Mutex<()>,
    pub(crate) ttl: Duration,
    pub(crate) cooldown: Duration,
}

impl std::fmt::Debug for JwksCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        f.debug_struct("JwksCache")
            .field("keys", &state.keys.as_ref().map(|k| k.len()))
            .field("fetches", &state.fetches)
            .field("ttl", &self.ttl)
            .field("cooldown", &self.cooldown)
            .finish()
    }
}

impl JwksCache {
    pub(crate) fn new(ttl: Duration, cooldown: Duration) -> Self {
        JwksCache {
            state: Mutex::new(State::default()),
            refresh: tokio::sync::Mutex::new(()),
            ttl,
            cooldown,
        }
    }

    /// How many fetches the cache has started.
    #[cfg(test)]
    pub(crate) fn fetches(&self) -> u64 {
        self.lock().fetches
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // The state is plain data, consistent after every assignment: a panic elsewhere
        // while it was held leaves nothing half-done.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keys to verify a JWT with `kid` by: the cached ones when they are fresh and have it;
    /// otherwise after a refresh, if the TTL has passed or the `kid` is unknown and the
    /// cooldown allows one. The caller checks the `kid` in what it gets; the flag says whether
    /// the keys were just fetched for this call (or a concurrent one it waited for), so that
    /// a `kid` they lack is one the project really does not have now.
    pub(crate) async fn keys_for(
        &self,
        kid: &str,
        fetch: impl FnOnce() -> Fetched,
    ) -> Result<(Arc<KeySet>, bool), JwtError> {
        let seen = match self.usable(kid, Instant::now()) {
            Ok(keys) => return Ok((keys, false)),
            Err(seen) => seen,
        };
        let _flight = self.refresh.lock().await;
        // Another verification fetched while this one waited: use its outcome rather than
        // fetch again (its keys, even if they lack the kid, or its failure).
        if self.lock().attempted_at != seen {
            let state = self.lock();
            let fetched_now = state.fetched_at.is_some() && state.fetched_at == state.attempted_at;
            return match state.keys.clone() {
                Some(keys) => Ok((keys, fetched_now)),
                None => Err(JwtError::new(
                    JwtErrorKind::JwksUnavailable,
                    "the project's JWKS could not be fetched (a concurrent fetch just failed)",
                )),
            };
        }
        self.lock().fetches += 1;
        let result = fetch().await.and_then(|doc| {
            let body = serde_json::to_vec(&doc).map_err(|e| e.to_string())?;
            KeySet::from_jwks(&body)
        });
        let now = Instant::now();
        let mut state = self.lock();
        state.attempted_at = Some(now);
        match result {
            Ok(keys) => {
                let keys = Arc::new(keys);
                state.keys = Some(keys.clone());
                state.fetched_at = Some(now);
                Ok((keys, true))
            }
            Err(why) => match &state.keys {
                Some(keys) => {
                    tracing::warn!(
                        target: "stytch_b2b_otp_sms",
                        error = %why,
                        "could not refresh the project's JWKS; verifying with the keys cached"
                    );
                    Ok((keys.clone(), false))
                }
                None => Err(JwtError::new(
                    JwtErrorKind::JwksUnavailable,
                    format!("the project's JWKS could not be fetched: {why}"),
                )),
            },
        }
    }

    /// The cached keys if no fetch is due, else the `attempted_at` the decision saw.
    fn usable(&self, kid: &str, now: Instant) -> Result<Arc<KeySet>, Option<Instant>> {
        let state = self.lock();
        let Some(keys) = &state.keys else {
            // Nothing cached: fetch (concurrent callers share the fetch and its outcome).
            return Err(state.attempted_at);
        };
        let fresh = state
            .fetched_at
            .is_some_and(|t| now.saturating_duration_since(t) < self.ttl);
        let cooling = state
            .attempted_at
            .is_some_and(|t| now.saturating_duration_since(t) < self.cooldown);
        if fresh && (keys.get(kid).is_some() || cooling) {
            return Ok(keys.clone());
        }
        Err(state.attempted_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const JWKS: &str = include_str!("../tests/fixtures/jwt/jwks.json");

    fn jwks() -> serde_json::Value {
        serde_json::from_str(JWKS).unwrap()
    }

    /// A fetch that counts its calls and answers with `answer`.
    fn counting(
        calls: &Arc<AtomicUsize>,
        answer: Result<serde_json::Value, String>,
    ) -> impl FnOnce() -> Fetched + use<> {
        let calls = calls.clone();
        move || {
            calls.fetch_add(1, Ordering::SeqCst);
            Box::pin(async move { answer })
        }
    }

    #[tokio::test]
    async fn fetched_once_then_served_from_the_cache() {
        let cache = JwksCache::new(DEFAULT_TTL, DEFAULT_COOLDOWN);
        let calls = Arc::new(AtomicUsize::new(0));
        for i in 0..100 {
            let (keys, fetched) = cache
                .keys_for("jwk-test-a", counting(&calls, Ok(jwks())))
                .await
                .unwrap();
            assert!(keys.get("jwk-test-a").is_some());
            assert_eq!(fetched, i == 0);
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_thousand_unknown_kids_cost_one_refetch_per_cooldown() {
        let cache = JwksCache::new(DEFAULT_TTL, DEFAULT_COOLDOWN);
        let calls = Arc::new(AtomicUsize::new(0));
        cache
            .keys_for("jwk-test-a", counting(&calls, Ok(jwks())))
            .await
            .unwrap();
        for i in 0..1000 {
            let kid = format!("random-kid-{i}");
            let (keys, fetched) = cache
                .keys_for(&kid, counting(&calls, Ok(jwks())))
                .await
                .unwrap();
            assert!(keys.get(&kid).is_none());
            assert!(!fetched, "within the cooldown, nothing is fetched");
        }
        // The first unknown kid came within the cooldown of the first fetch: no refetch at all.
        assert_eq!(calls.load(Ordering::SeqCst), 1);

        // With no cooldown, an unknown kid refetches at once (a rotated key is found).
        let eager = JwksCache::new(DEFAULT_TTL, Duration::ZERO);
        let calls = Arc::new(AtomicUsize::new(0));
        let only_a = serde_json::json!({"keys": [jwks()["keys"][0].clone()]});
        eager
            .keys_for("jwk-test-a", counting(&calls, Ok(only_a)))
            .await
            .unwrap();
        let (keys, fetched) = eager
            .keys_for("jwk-test-b", counting(&calls, Ok(jwks())))
            .await
            .unwrap();
        assert!(keys.get("jwk-test-b").is_some() && fetched);
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn concurrent_verifications_share_one_fetch() {
        let cache = Arc::new(JwksCache::new(DEFAULT_TTL, DEFAULT_COOLDOWN));
        let calls = Arc::new(AtomicUsize::new(0));
        let (release, gate) = tokio::sync::watch::channel(false);
        let tasks: Vec<_> = (0..50)
            .map(|_| {
                let (cache, calls, mut gate) = (cache.clone(), calls.clone(), gate.clone());
                tokio::spawn(async move {
                    let fetch = move || -> Fetched {
                        calls.fetch_add(1, Ordering::SeqCst);
                        Box::pin(async move {
                            let _ = gate.wait_for(|open| *open).await;
                            Ok(jwks())
                        })
                    };
                    cache
                        .keys_for("jwk-test-a", fetch)
                        .await
                        .map(|(k, _)| k.len())
                })
            })
            .collect();
        tokio::task::yield_now().await;
        release.send(true).unwrap();
        for task in tasks {
            assert_eq!(task.await.unwrap().unwrap(), 3);
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_failed_refresh_keeps_the_keys_it_has() {
        // TTL zero: every verification refreshes.
        let cache = JwksCache::new(Duration::ZERO, Duration::ZERO);
        let calls = Arc::new(AtomicUsize::new(0));
        cache
            .keys_for("jwk-test-a", counting(&calls, Ok(jwks())))
            .await
            .unwrap();
        let (keys, fetched) = cache
            .keys_for(
                "jwk-test-a",
                counting(&calls, Err("503 from the API".into())),
            )
            .await
            .unwrap();
        assert!(keys.get("jwk-test-a").is_some());
        assert!(!fetched, "the keys are the old ones");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn no_keys_at_all_is_jwks_unavailable() {
        let cache = JwksCache::new(DEFAULT_TTL, DEFAULT_COOLDOWN);
        let calls = Arc::new(AtomicUsize::new(0));
        let err = cache
            .keys_for(
                "jwk-test-a",
                counting(&calls, Err("connection refused".into())),
            )
            .await
            .unwrap_err();
        assert_eq!(err.kind(), JwtErrorKind::JwksUnavailable);
        assert!(err.to_string().contains("connection refused"), "{err}");
        let bad = cache
            .keys_for(
                "jwk-test-a",
                counting(&calls, Ok(serde_json::json!({"nope": 1}))),
            )
            .await
            .unwrap_err();
        assert!(bad.to_string().contains("no `keys`"), "{bad}");
        // A later success is used.
        let (keys, fetched) = cache
            .keys_for("jwk-test-a", counting(&calls, Ok(jwks())))
            .await
            .unwrap();
        assert_eq!(keys.len(), 3);
        assert!(fetched);
        assert_eq!(cache.fetches(), 3);
    }
}
