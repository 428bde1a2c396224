//! The JWKS cache behind local verification of session JWTs and access tokens (both are
//! signed by the project's keys): one per client, shared by its clones.
//!
//! - Fetched on first use, kept for [`JwksCache::ttl`], then refreshed by the next
//!   verification (Stytch rotates its signing keys).
//! - A `kid` the cached keys lack refetches at once, but at most once per
//!   [`JwksCache::cooldown`]: a flood of JWTs with random `kid`s costs one JWKS call per
//!   cooldown, not one each.
//! - Single flight: concurrent verifications that need a refresh wait for one fetch.
//! - A failed refresh keeps the keys the cache has (and counts as an attempt for the
//!   cooldown); only with no keys at all is verification impossible: an
//!   [`Error::Unavailable`](crate::Error::Unavailable) (`jwks_unavailable`) whose source is
//!   the failed fetch's error, never a refusal of the token.
//!
//! The fetch itself is given by the caller (the generated `sessions.get_jwks` call), so the
//! cache can be tested without a server.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::Error;
use crate::error::{DecodeError, UnavailableError};

/// How long fetched keys are used before a refresh: 5 minutes.
pub(crate) const DEFAULT_TTL: Duration = Duration::from_secs(300);
/// The least time between two fetches caused by an unknown `kid`: 30 seconds.
pub(crate) const DEFAULT_COOLDOWN: Duration = Duration::from_secs(30);

/// A JWKS fetch: the document's keys, or the error of the call that could not get them.
pub(crate) type Fetched = Pin<Box<dyn Future<Output = Result<Vec<Jwk>, Error>> + Send>>;

/// The `error_type` of a verification the keys were missing for.
pub(crate) const UNAVAILABLE: &str = "jwks_unavailable";

/// The outage of a verification that had no keys: `cause` is the failed fetch's error.
fn unavailable(cause: Arc<Error>) -> Error {
    UnavailableError::shared(UNAVAILABLE, "the project's JWKS", cause).into()
}

/// A JWKS answer whose keys are not usable, as the decode error of `sessions.get_jwks`.
fn malformed(why: String) -> Error {
    let mut error = DecodeError {
        path: "keys".into(),
        message: why,
        status: Some(200),
        body_snippet: String::new(),
        call: Default::default(),
    };
    error.call.operation = Some("sessions.get_jwks");
    error.into()
}

/// One key of a JWKS as the checks read it: the members they use, as given (`None` when
/// absent, or not a string in a JSON document). Filled from the generated `JWK` (`From`), or
/// by [`parse_jwks`] from a JSON document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Jwk {
    pub(crate) kty: Option<String>,
    pub(crate) alg: Option<String>,
    /// The key's `use`.
    pub(crate) usage: Option<String>,
    pub(crate) kid: Option<String>,
    pub(crate) n: Option<String>,
    pub(crate) e: Option<String>,
}

impl From<crate::sessions::JWK> for Jwk {
    /// A key of the generated `get_jwks` answer, member for member.
    fn from(key: crate::sessions::JWK) -> Self {
        Jwk {
            kty: Some(key.kty),
            alg: Some(key.alg),
            usage: Some(key.r#use),
            kid: Some(key.kid),
            n: Some(key.n),
            e: Some(key.e),
        }
    }
}

/// The keys of a JWKS document (`{"keys": [..]}`); a body that is not JSON, or has no
/// `keys` list, is an error saying so.
pub(crate) fn parse_jwks(body: &[u8]) -> Result<Vec<Jwk>, String> {
    let doc: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| format!("the JWKS is not JSON: {e}"))?;
    let keys = doc
        .get("keys")
        .and_then(serde_json::Value::as_array)
        .ok_or("the JWKS has no `keys` list")?;
    Ok(keys
        .iter()
        .map(|key| {
            let member = |name: &str| key.get(name).and_then(|v| v.as_str()).map(str::to_owned);
            Jwk {
                kty: member("kty"),
                alg: member("alg"),
                usage: member("use"),
                kid: member("kid"),
                n: member("n"),
                e: member("e"),
            }
        })
        .collect())
}

/// One RSA verification key of a JWKS.
#[derive(Clone)]
pub(crate) struct Key {
    kid: String,
    /// The modulus, big-endian, without leading zero bytes.
    pub(crate) n: Vec<u8>,
    /// The public exponent, big-endian, without leading zero bytes.
    pub(crate) e: Vec<u8>,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Key")
            .field("kid", &self.kid)
            .field("bits", &(self.n.len() * 8))
            .finish()
    }
}

/// The RS256 keys of a JWKS document, by `kid`.
#[derive(Clone, Debug, Default)]
pub(crate) struct KeySet {
    keys: Vec<Key>,
}

impl KeySet {
    /// Reads a JWKS document (`{"keys": [..]}`) as JSON; see [`KeySet::from_keys`].
    pub(crate) fn from_jwks(body: &[u8]) -> Result<KeySet, String> {
        KeySet::from_keys(&parse_jwks(body)?)
    }

    /// The RS256 keys among `keys`. Keys that cannot verify RS256 (another `kty`, an `alg`
    /// other than `RS256`, a `use` other than `sig`) are left out; a usable-looking key that
    /// is malformed is an error naming it.
    pub(crate) fn from_keys(keys: &[Jwk]) -> Result<KeySet, String> {
        let mut set = KeySet::default();
        for (i, key) in keys.iter().enumerate() {
            if key.kty.as_deref() != Some("RSA")
                || key.alg.as_deref().is_some_and(|a| a != "RS256")
                || key.usage.as_deref().is_some_and(|u| u != "sig")
            {
                continue;
            }
            let kid = key
                .kid
                .as_deref()
                .ok_or(format!("JWKS key {i} has no `kid`"))?;
            let part = |name: &str, value: &Option<String>| {
                let text = value
                    .as_deref()
                    .ok_or(format!("JWKS key `{kid}` has no `{name}`"))?;
                let bytes = URL_SAFE_NO_PAD
                    .decode(text)
                    .map_err(|e| format!("JWKS key `{kid}`: `{name}` is not base64url: {e}"))?;
                // Big-endian integers: leading zero bytes carry nothing.
                let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
                Ok::<_, String>(bytes[start..].to_vec())
            };
            let (n, e) = (part("n", &key.n)?, part("e", &key.e)?);
            if n.is_empty() || e.is_empty() {
                return Err(format!("JWKS key `{kid}` has an empty `n` or `e`"));
            }
            set.keys.push(Key {
                kid: kid.to_owned(),
                n,
                e,
            });
        }
        Ok(set)
    }

    /// The key with this `kid`.
    pub(crate) fn get(&self, kid: &str) -> Option<&Key> {
        self.keys.iter().find(|k| k.kid == kid)
    }

    /// How many keys the set holds.
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }
}

#[derive(Default)]
struct State {
    keys: Option<Arc<KeySet>>,
    /// When `keys` were fetched.
    fetched_at: Option<Instant>,
    /// When the last fetch, successful or not, finished.
    attempted_at: Option<Instant>,
    /// Fetches started, for tests and diagnostics.
    fetches: u64,
    /// The error of the last fetch, when it failed (shared with the callers it left
    /// without keys).
    failure: Option<Arc<Error>>,
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

impl Default for JwksCache {
    /// The refresh of a client whose builder set none: [`DEFAULT_TTL`], [`DEFAULT_COOLDOWN`].
    fn default() -> Self {
        JwksCache::new(DEFAULT_TTL, DEFAULT_COOLDOWN)
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
    ) -> Result<(Arc<KeySet>, bool), Error> {
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
            match (state.keys.clone(), state.failure.clone()) {
                (Some(keys), _) => return Ok((keys, fetched_now)),
                (None, Some(failure)) => return Err(unavailable(failure)),
                // An attempt without keys records its failure; were none recorded, this
                // call fetches as if no other had.
                (None, None) => {}
            }
        }
        self.lock().fetches += 1;
        let result = match fetch().await {
            Ok(keys) => KeySet::from_keys(&keys).map_err(malformed),
            Err(e) => Err(e),
        };
        let now = Instant::now();
        let mut state = self.lock();
        state.attempted_at = Some(now);
        match result {
            Ok(keys) => {
                let keys = Arc::new(keys);
                state.keys = Some(keys.clone());
                state.fetched_at = Some(now);
                state.failure = None;
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
                None => {
                    let failure = Arc::new(why);
                    state.failure = Some(failure.clone());
                    Err(unavailable(failure))
                }
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

    const JWKS: &str = include_str!("../../../tests/fixtures/jwt/jwks.json");

    fn jwks() -> Vec<Jwk> {
        parse_jwks(JWKS.as_bytes()).unwrap()
    }

    /// A fetch that counts its calls and answers with `answer`.
    fn counting(
        calls: &Arc<AtomicUsize>,
        answer: Result<Vec<Jwk>, Error>,
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
        let only_a = vec![jwks()[0].clone()];
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
                counting(&calls, Err(crate::error::config_error("503 from the API"))),
            )
            .await
            .unwrap();
        assert!(keys.get("jwk-test-a").is_some());
        assert!(!fetched, "the keys are the old ones");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn no_keys_at_all_is_unavailable_with_the_fetch_error_as_source() {
        let cache = JwksCache::new(DEFAULT_TTL, DEFAULT_COOLDOWN);
        let calls = Arc::new(AtomicUsize::new(0));
        let err = cache
            .keys_for(
                "jwk-test-a",
                counting(
                    &calls,
                    Err(crate::error::config_error("connection refused")),
                ),
            )
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Unavailable(_)), "{err:?}");
        assert_eq!(err.error_type(), Some("jwks_unavailable"));
        let source = std::error::Error::source(&err).expect("the fetch's error");
        assert!(
            source.to_string().contains("connection refused"),
            "{source}"
        );
        let bad = cache
            .keys_for(
                "jwk-test-a",
                counting(
                    &calls,
                    Ok(vec![Jwk {
                        kty: Some("RSA".into()),
                        kid: Some("jwk-test-a".into()),
                        ..Jwk::default()
                    }]),
                ),
            )
            .await
            .unwrap_err();
        assert!(matches!(bad, Error::Unavailable(_)), "{bad:?}");
        assert!(bad.to_string().contains("has no `n`"), "{bad}");
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
