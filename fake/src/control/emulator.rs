//! The emulator's own surface: reset to the starting state (`POST /__fake/reset`,
//! [`FakeStytch::reset`]), the whole state exported and imported (`GET`/`PUT /__fake/state`,
//! [`FakeStytch::export_state`], [`FakeStytch::import_state`]; the format is
//! [`crate::state::snapshot`]'s) and the request journal (`GET /__fake/requests`,
//! [`FakeStytch::requests`]).
//!
//! Reset replaces the whole [`State`] with a fresh one, so no field of it can be forgotten,
//! then re-applies the baseline: for a fake started from a state file, that state imported
//! again; otherwise the outbox capacity in force, the rate limits in force when the fake was
//! seeded, and the seed itself with the ids it had (the ids [`crate::util::uuid`] handed out
//! while seeding are recorded and replayed, see [`with_id_tape`]). Faults, call counts and
//! the journal are cleared; the signing keys and the port stay.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::SystemTime;

use serde_json::Value;

use super::{Call, ok, only_query};
use crate::journal::{Journal, RecordedRequest};
use crate::reply::{Reply, encode, fail};
use crate::state::{Shared, State, snapshot};
use crate::util::with_id_tape;
use crate::{FakeError, FakeStytch, MfaPolicy, NewMember, NewOrganization, RateLimits, Seed};

/// What the emulator keeps besides the [`State`]: the journal and the baseline.
#[derive(Debug, Default)]
pub(crate) struct Emulator {
    pub(crate) journal: Journal,
    baseline: Mutex<Baseline>,
}

/// What [`reset`] returns to besides a fresh [`State`].
#[derive(Debug, Clone, Default)]
struct Baseline {
    /// The ids the seed was created with, when the fake was seeded.
    seed_ids: Option<Vec<String>>,
    /// The rate limits in force when the fake was seeded (none by default).
    rate_limits: RateLimits,
    /// The state the fake started from ([`FakeStytchBuilder::import_state`], the CLI's
    /// `--import`), already checked: a reset imports it again.
    ///
    /// [`FakeStytchBuilder::import_state`]: crate::FakeStytchBuilder::import_state
    imported: Option<Arc<serde_json::Value>>,
}

impl Emulator {
    fn baseline(&self) -> MutexGuard<'_, Baseline> {
        self.baseline.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Creates the demo data in `state` (see [`FakeStytch::seed`]).
fn seed_state(state: &mut State) -> Result<Seed, FakeError> {
    let organization = state.create_organization(
        NewOrganization::new("Acme Corp", "acme-corp").mfa_policy(MfaPolicy::RequiredForAll),
    )?;
    let org = &organization.organization_id;
    let member_with_phone = state.create_member(
        org,
        NewMember::new("ada@acme.test")
            .name("Ada Lovelace")
            .phone_number("+15555550100"),
    )?;
    let member_without_phone =
        state.create_member(org, NewMember::new("grace@acme.test").name("Grace Hopper"))?;
    Ok(Seed {
        organization,
        member_with_phone,
        member_without_phone,
    })
}

/// Seeds the demo data and makes it (with the rate limits in force) the baseline
/// [`reset`] returns to.
pub(crate) fn seed(shared: &Shared) -> Result<Seed, FakeError> {
    let mut state = shared.lock();
    let (seed, ids) = with_id_tape(&[], || seed_state(&mut state));
    let seed = seed?;
    let rate_limits = state.rate_limits();
    drop(state);
    *shared.emulator.baseline() = Baseline {
        seed_ids: Some(ids),
        rate_limits,
        imported: None,
    };
    Ok(seed)
}

/// Puts the fake back to its baseline (see the module docs); answers the seed re-created.
pub(crate) fn reset(shared: &Shared) -> Result<Option<Seed>, FakeError> {
    let baseline = shared.emulator.baseline().clone();
    let capacity = shared.lock().outbox_capacity;
    let (fresh, seed) = match &baseline.imported {
        Some(snapshot) => (snapshot::import(Value::clone(snapshot), capacity)?, None),
        None => {
            let mut fresh = State::default();
            fresh.set_outbox_capacity(capacity);
            fresh.set_rate_limits(baseline.rate_limits);
            let seed = match &baseline.seed_ids {
                Some(ids) => Some(with_id_tape(ids, || seed_state(&mut fresh)).0?),
                None => None,
            };
            (fresh, seed)
        }
    };
    let old = std::mem::replace(&mut *shared.lock(), fresh);
    drop(old);
    shared.faults.clear();
    shared.clear_calls();
    shared.emulator.journal.clear();
    Ok(seed)
}

/// Replaces the running state by an imported one, checked whole first (a refused import
/// changes nothing).
fn import_state(shared: &Shared, snapshot: Value) -> Result<(), FakeError> {
    let capacity = shared.lock().outbox_capacity;
    let imported = snapshot::import(snapshot, capacity)?;
    let old = std::mem::replace(&mut *shared.lock(), imported);
    drop(old);
    Ok(())
}

/// Imports the state the fake starts from and makes it the baseline [`reset`] returns to.
pub(crate) fn import_baseline(shared: &Shared, snapshot: Value) -> Result<(), FakeError> {
    import_state(shared, snapshot.clone())?;
    let rate_limits = shared.lock().rate_limits();
    *shared.emulator.baseline() = Baseline {
        seed_ids: None,
        rate_limits,
        imported: Some(Arc::new(snapshot)),
    };
    Ok(())
}

/// `GET /__fake/state`: the snapshot itself, what `PUT` takes.
pub(super) fn get_state(shared: &Shared, _call: &Call<'_>) -> Reply {
    match snapshot::export(&shared.lock()) {
        Ok(snapshot) => encode(&snapshot),
        Err(e) => fail(e),
    }
}

/// `PUT /__fake/state`: answers what was imported, counted.
pub(super) fn put_state(shared: &Shared, call: &Call<'_>) -> Reply {
    let snapshot: Value = match serde_json::from_slice(call.body) {
        Ok(snapshot) => snapshot,
        Err(e) => {
            return fail(FakeError::new(
                400,
                "invalid_state",
                format!("The state was not imported: the body is not JSON: {e}"),
            ));
        }
    };
    if let Err(e) = import_state(shared, snapshot) {
        return fail(e);
    }
    let state = shared.lock();
    ok(serde_json::json!({
        "imported": {
            "organizations": state.organizations.len(),
            "members": state.members.len(),
            "sessions": state.sessions.len(),
        }
    }))
}

/// The fake clock as a function, for [`ClientBuilder::clock`](stytch_b2b_otp_sms::ClientBuilder::clock);
/// the system clock once the fake is gone.
pub(crate) fn clock_of(shared: &Arc<Shared>) -> impl Fn() -> SystemTime + Send + Sync + 'static {
    let shared: Weak<Shared> = Arc::downgrade(shared);
    move || match shared.upgrade() {
        Some(shared) => SystemTime::from(shared.lock().now()),
        None => SystemTime::now(),
    }
}

/// `POST /__fake/reset`.
pub(super) fn post_reset(shared: &Shared, _call: &Call<'_>) -> Reply {
    match reset(shared) {
        Ok(seed) => ok(serde_json::json!({ "seed": seed.as_ref().map(seed_ids) })),
        Err(e) => fail(e),
    }
}

/// The ids of a seed, as the binary prints them.
fn seed_ids(seed: &Seed) -> serde_json::Value {
    serde_json::json!({
        "organization_id": seed.organization.organization_id,
        "organization_slug": seed.organization.organization_slug,
        "member_id": seed.member_with_phone.member_id,
        "member_id_without_phone": seed.member_without_phone.member_id,
    })
}

/// `operation` if it is one of [`OPERATIONS`](crate::OPERATIONS), else a 400 naming them.
fn known_operation(operation: &str) -> Result<(), FakeError> {
    if crate::OPERATIONS.contains(&operation) {
        return Ok(());
    }
    Err(FakeError::new(
        400,
        "invalid_operation",
        format!(
            "unknown operation {operation:?}; use one of {}",
            crate::OPERATIONS.join(", ")
        ),
    ))
}

/// `GET /__fake/requests`.
pub(super) fn get_requests(shared: &Shared, call: &Call<'_>) -> Reply {
    let operation = match only_query(call, "GET /__fake/requests", "operation") {
        Ok(operation) => operation,
        Err(reply) => return *reply,
    };
    if let Some(op) = &operation {
        if let Err(e) = known_operation(op) {
            return fail(e);
        }
    }
    let requests = shared.emulator.journal.requests(operation.as_deref());
    ok(serde_json::json!({ "requests": requests }))
}

/// `DELETE /__fake/requests`.
pub(super) fn delete_requests(shared: &Shared, _call: &Call<'_>) -> Reply {
    let cleared = shared.emulator.journal.clear();
    ok(serde_json::json!({ "cleared": cleared }))
}

impl FakeStytch {
    /// Puts the fake back to the state it started with: everything it holds is replaced by
    /// a fresh state (organizations, members, sessions, codes, outboxes, RBAC policy, the
    /// clock back to the system clock, …), then the demo data of [`seed`](Self::seed), if
    /// the fake was seeded, is created again with the same ids, and the rate limits in force
    /// when it was seeded are restored (none for a fake never seeded). A fake started from a
    /// state ([`FakeStytchBuilder::import_state`](crate::FakeStytchBuilder::import_state),
    /// the CLI's `--import`) gets that state back instead. Pending faults, call
    /// counts and the request journal are cleared. The port, credentials, outbox capacity
    /// and signing keys stay (a rotation is not undone). Also `POST /__fake/reset`.
    ///
    /// # Errors
    ///
    /// Only if the seed cannot be re-created, which would be the fake's bug; the fake is
    /// then left as it was.
    pub fn reset(&self) -> Result<(), FakeError> {
        reset(&self.shared).map(drop)
    }

    /// The whole state as JSON: `{"version": 1, "state": {…}}` with the organizations,
    /// members (passwords as their hashes), RBAC policies, SSO, OAuth and SCIM connections,
    /// sessions, codes and tokens, outboxes, rate limits and the fake clock's offset. The
    /// same state gives the same text (object keys are sorted). What it answers is what
    /// [`import_state`](Self::import_state) takes. Signing keys, faults, call counts and the
    /// journal are not state. Also `GET /__fake/state`.
    ///
    /// # Errors
    ///
    /// Only if a value cannot be written as JSON, which would be the fake's bug.
    pub fn export_state(&self) -> Result<Value, FakeError> {
        snapshot::export(&self.shared.lock())
    }

    /// Replaces the whole state by an exported one (see [`export_state`](Self::export_state)).
    /// The file is checked whole first: a refused import leaves the running state as it was.
    /// The starting state a [`reset`](Self::reset) returns to does not change. Also
    /// `PUT /__fake/state`.
    ///
    /// # Errors
    ///
    /// `unsupported_state_version` (400) for a file written by a newer fake;
    /// `invalid_state` (400) for anything else wrong, naming the first field that is (a
    /// missing `version`, a field that does not decode, a member of an organization that is
    /// not in the file, …).
    pub fn import_state(&self, snapshot: Value) -> Result<(), FakeError> {
        import_state(&self.shared, snapshot)
    }

    /// The last [`JOURNAL_CAPACITY`](crate::JOURNAL_CAPACITY) API requests the fake
    /// answered, oldest first, secrets redacted (see [`RecordedRequest`]). Control routes,
    /// the JWKS route and requests answered by an injected fault are not journalled. Also
    /// `GET /__fake/requests`.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.emulator.journal.requests(None)
    }

    /// The journalled requests of one operation (one of [`OPERATIONS`](crate::OPERATIONS),
    /// e.g. `magic_links.authenticate`), oldest first. Also
    /// `GET /__fake/requests?operation=…`.
    ///
    /// # Errors
    ///
    /// `invalid_operation` (400) for a name not in [`OPERATIONS`](crate::OPERATIONS).
    pub fn requests_of(&self, operation: &str) -> Result<Vec<RecordedRequest>, FakeError> {
        known_operation(operation)?;
        Ok(self.shared.emulator.journal.requests(Some(operation)))
    }

    /// Forgets the journalled requests; returns how many there were. Also
    /// `DELETE /__fake/requests`.
    pub fn clear_requests(&self) -> usize {
        self.shared.emulator.journal.clear()
    }
}
