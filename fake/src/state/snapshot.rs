//! The whole state as JSON (`GET`/`PUT /__fake/state`, [`FakeStytch::export_state`],
//! [`FakeStytch::import_state`], the CLI's `--import` and `--export-on-exit`).
//!
//! A snapshot is `{"version": 1, "state": {…}}`: the [`State`] through serde, with every
//! object's keys sorted so that the same state always gives the same text. The lookups the
//! fake keeps beside its data (the directory's indexes, session ids by token) are not in it:
//! an import rebuilds them. Configuration is not state either: the signing keys, the outbox
//! capacity, faults, call counts and the journal stay as they are.
//!
//! An import is checked whole before it replaces anything: its version, then its shape
//! (the first field that does not decode is named by its path), then what ties its parts
//! together (every member's organization exists, ids match their keys, every session's
//! member exists). A refused import leaves the running state untouched.
//!
//! [`FakeStytch::export_state`]: crate::FakeStytch::export_state
//! [`FakeStytch::import_state`]: crate::FakeStytch::import_state

use serde_json::{Map, Value};

use super::State;
use crate::FakeError;

/// The snapshot format this fake writes and reads. A file of a later version is refused.
pub const STATE_VERSION: u64 = 1;

/// The state as a snapshot (see the module docs).
pub(crate) fn export(state: &State) -> Result<Value, FakeError> {
    let body = serde_json::to_value(state)
        .map_err(|e| super::internal(format_args!("export its state: {e}")))?;
    let mut snapshot = Map::new();
    snapshot.insert("version".into(), STATE_VERSION.into());
    snapshot.insert("state".into(), body);
    Ok(sorted(Value::Object(snapshot)))
}

/// A state from a snapshot, checked whole (see the module docs); `outbox_capacity` is the
/// running fake's.
pub(crate) fn import(snapshot: Value, outbox_capacity: usize) -> Result<State, FakeError> {
    let Value::Object(mut snapshot) = snapshot else {
        return Err(invalid("a state file is a JSON object"));
    };
    check_version(snapshot.get("version"))?;
    if let Some(extra) = snapshot.keys().find(|k| *k != "version" && *k != "state") {
        return Err(invalid(format!(
            "unknown top-level field `{extra}` (a state file has `version` and `state`)"
        )));
    }
    let body = snapshot
        .remove("state")
        .ok_or_else(|| invalid("no `state` field"))?;
    let mut state: State = serde_path_to_error::deserialize(body).map_err(|e| {
        let path = e.path().to_string();
        invalid(format!("`state.{path}`: {}", e.into_inner()))
    })?;
    check_links(&state)?;
    state.rebuild_directory();
    state.session_tokens = state
        .sessions
        .values()
        .map(|s| (s.token.clone(), s.id.clone()))
        .collect();
    state.set_outbox_capacity(outbox_capacity);
    Ok(state)
}

fn invalid(why: impl Into<String>) -> FakeError {
    FakeError::new(
        400,
        "invalid_state",
        format!("The state was not imported: {}", why.into()),
    )
}

fn check_version(version: Option<&Value>) -> Result<(), FakeError> {
    let version = match version {
        None => return Err(invalid("no `version` field")),
        Some(v) => v
            .as_u64()
            .ok_or_else(|| invalid(format!("`version` is {v}, not a positive integer")))?,
    };
    if version > STATE_VERSION {
        return Err(FakeError::new(
            400,
            "unsupported_state_version",
            format!(
                "The state was not imported: it is of version {version}, written by a newer fake; this one reads version {STATE_VERSION}."
            ),
        ));
    }
    if version == 0 {
        return Err(invalid(
            "`version` 0 does not exist; the first version is 1",
        ));
    }
    Ok(())
}

/// What ties the parts of an imported state together.
fn check_links(state: &State) -> Result<(), FakeError> {
    for (key, organization) in &state.organizations {
        if *key != organization.organization_id {
            return Err(invalid(format!(
                "organization {key:?} holds organization_id {:?}",
                organization.organization_id
            )));
        }
    }
    let mut slugs = std::collections::HashSet::new();
    for organization in state.organizations.values() {
        if !slugs.insert(organization.organization_slug.as_str()) {
            return Err(invalid(format!(
                "two organizations have the slug {:?}",
                organization.organization_slug
            )));
        }
    }
    for record in state.members.values() {
        if !state
            .organizations
            .contains_key(&record.member.organization_id)
        {
            return Err(invalid(format!(
                "member {:?} belongs to organization {:?}, which is not in the state",
                record.member.member_id, record.member.organization_id
            )));
        }
    }
    let limits = state.rate_limits;
    for (field, limit) in [
        ("rate_limits.per_member", limits.per_member),
        ("rate_limits.per_phone_number", limits.per_phone_number),
    ] {
        if let Some(limit) = limit {
            crate::validate::rate_limit_window(field, limit.window())
                .map_err(|e| invalid(format!("`state.{}", &e.message[1..])))?;
        }
    }
    for (key, session) in &state.sessions {
        if *key != session.id || !state.members.contains_key(&session.member_id) {
            return Err(invalid(format!(
                "session {key:?} is not a session of a member in the state"
            )));
        }
    }
    Ok(())
}

/// `value` with every object's keys in order, recursively.
fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// Maps whose keys are not strings (pairs of ids), as a list of `[key, value]` entries
/// ordered by key, so that the text does not depend on a hash map's order.
pub(crate) mod entries {
    use serde::de::DeserializeOwned;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(crate) fn serialize<'m, M, K, V, S>(map: &'m M, serializer: S) -> Result<S::Ok, S::Error>
    where
        &'m M: IntoIterator<Item = (&'m K, &'m V)>,
        K: Serialize + Ord + 'm,
        V: Serialize + 'm,
        S: Serializer,
    {
        let mut entries: Vec<(&K, &V)> = map.into_iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        entries.serialize(serializer)
    }

    pub(crate) fn deserialize<'de, M, K, V, D>(deserializer: D) -> Result<M, D::Error>
    where
        M: FromIterator<(K, V)>,
        K: DeserializeOwned,
        V: DeserializeOwned,
        D: Deserializer<'de>,
    {
        let entries: Vec<(K, V)> = Vec::deserialize(deserializer)?;
        Ok(entries.into_iter().collect())
    }
}

/// The member store as a list of member records ordered by member id.
pub(crate) mod members {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::state::{MemberRecord, MemberStore};

    pub(crate) fn serialize<S: Serializer>(
        store: &MemberStore,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let mut records: Vec<MemberRecord> = store.values().collect();
        records.sort_by(|a, b| a.member.member_id.cmp(&b.member.member_id));
        records.serialize(serializer)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<MemberStore, D::Error> {
        let records = Vec::<MemberRecord>::deserialize(deserializer)?;
        let mut store = MemberStore::default();
        for record in records {
            if store.contains_key(&record.member.member_id) {
                return Err(serde::de::Error::custom(format_args!(
                    "member {:?} appears twice",
                    record.member.member_id
                )));
            }
            store.insert(record);
        }
        Ok(store)
    }
}

/// The directory: only the email addresses reserved by email updates are state; the other
/// lookups are rebuilt on import.
pub(crate) mod directory {
    use std::collections::HashMap;

    use jiff::Timestamp;
    use serde::{Deserializer, Serializer};

    use crate::state::DirectoryIndex;

    type Reserved = HashMap<(String, String), (String, Timestamp)>;

    pub(crate) fn serialize<S: Serializer>(
        index: &DirectoryIndex,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        super::entries::serialize(index.email_updates(), serializer)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DirectoryIndex, D::Error> {
        let reserved: Reserved = super::entries::deserialize(deserializer)?;
        Ok(DirectoryIndex::with_email_updates(reserved))
    }
}
