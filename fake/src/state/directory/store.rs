//! How the directory keeps its members: compactly, so that 100,000 of them fit in tens of
//! megabytes rather than hundreds.
//!
//! A generated [`Member`] is large (well over a kilobyte inline, and a dozen or more small
//! heap strings: status, roles, timestamps, metadata), and most of it is the same across
//! members: the fields that tell members apart are a few strings. So each member is kept
//! as
//!
//! - its organization id, shared (one `Arc<str>` per organization);
//! - the strings that are its own (email address, name, phone, ids, timestamps) packed into
//!   one allocation ([`StringPack`]);
//! - everything else as a *template*: the [`Member`] with those strings blanked, interned,
//!   so that members alike (same status, roles, flags, metadata) share one.
//!
//! Reads decode a whole [`MemberRecord`] ([`MemberStore::get`]); changes go through a guard
//! ([`MemberStore::get_mut`]) that decodes, lets the caller change the record, and packs it
//! again when dropped. The few fields hot paths need without decoding have accessors.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hasher as _};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use stytch_b2b_otp_sms::organizations::Member;

use super::MemberRecord;
use crate::state::passwords::PasswordRecord;

/// Every member, by id.
#[derive(Default)]
pub(crate) struct MemberStore {
    packed: HashMap<Arc<str>, Packed>,
    templates: Templates,
    /// Organization ids, interned: every member of an organization shares one.
    organization_ids: HashSet<Arc<str>>,
}

impl std::fmt::Debug for MemberStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemberStore")
            .field("members", &self.packed.len())
            .field("templates", &self.templates.len())
            .finish()
    }
}

/// One member, packed.
struct Packed {
    organization_id: Arc<str>,
    strings: StringPack,
    template: Arc<Member>,
    password: Option<Box<PasswordRecord>>,
}

/// The member's own strings, in [`StringPack`] order.
const EMAIL_ADDRESS: usize = 0;
const STATUS: usize = 1;
const NAME: usize = 2;
const MFA_PHONE_NUMBER: usize = 3;
const TOTP_REGISTRATION_ID: usize = 4;
const MEMBER_PASSWORD_ID: usize = 5;
const EXTERNAL_ID: usize = 6;
const CREATED_AT: usize = 7;
const UPDATED_AT: usize = 8;
const EMAIL_ID: usize = 9;
const PHONE_ID: usize = 10;
const PACKED_STRINGS: usize = 11;

impl MemberStore {
    /// How many members it holds (deleted ones included).
    pub(crate) fn len(&self) -> usize {
        self.packed.len()
    }

    pub(crate) fn contains_key(&self, member_id: &str) -> bool {
        self.packed.contains_key(member_id)
    }

    /// The member's record, decoded.
    pub(crate) fn get(&self, member_id: &str) -> Option<MemberRecord> {
        let (id, packed) = self.packed.get_key_value(member_id)?;
        Some(decode(id, packed))
    }

    /// Every member, decoded one at a time, in no order.
    pub(crate) fn values(&self) -> impl Iterator<Item = MemberRecord> + '_ {
        self.packed.iter().map(|(id, packed)| decode(id, packed))
    }

    /// The member's id and organization id as the store shares them, for indexes to share
    /// too.
    pub(crate) fn shared_ids(&self, member_id: &str) -> Option<(Arc<str>, Arc<str>)> {
        let (id, packed) = self.packed.get_key_value(member_id)?;
        Some((id.clone(), packed.organization_id.clone()))
    }

    /// The member's organization id, without decoding the member.
    pub(crate) fn organization_id(&self, member_id: &str) -> Option<&str> {
        self.packed.get(member_id).map(|p| &*p.organization_id)
    }

    /// The member's email address, without decoding the member.
    pub(crate) fn email_address(&self, member_id: &str) -> Option<&str> {
        self.packed
            .get(member_id)
            .and_then(|p| p.strings.get(EMAIL_ADDRESS).flatten())
    }

    /// The member's status, without decoding the member.
    pub(crate) fn status(&self, member_id: &str) -> Option<&str> {
        self.packed
            .get(member_id)
            .and_then(|p| p.strings.get(STATUS).flatten())
    }

    /// The member's record to change: packed again when the guard is dropped. The member's
    /// id and organization must not change.
    pub(crate) fn get_mut(&mut self, member_id: &str) -> Option<RecordMut<'_>> {
        let (id, packed) = self.packed.get_key_value(member_id)?;
        let record = decode(id, packed);
        let slot = self.packed.get_mut(member_id)?;
        Some(RecordMut {
            record,
            slot,
            templates: &mut self.templates,
        })
    }

    /// Adds (or replaces) a member.
    pub(crate) fn insert(&mut self, record: MemberRecord) {
        let organization_id = self.intern_organization(&record.member.organization_id);
        let id: Arc<str> = Arc::from(record.member.member_id.as_str());
        let (strings, template) = self.templates.pack(&record, None);
        self.packed.insert(
            id,
            Packed {
                organization_id,
                strings,
                template,
                password: record.password.map(Box::new),
            },
        );
    }

    /// Removes a member, answering its record.
    pub(crate) fn remove(&mut self, member_id: &str) -> Option<MemberRecord> {
        let (id, packed) = self.packed.remove_entry(member_id)?;
        Some(decode(&id, &packed))
    }

    /// Forgets templates and organization ids no member uses any more.
    pub(crate) fn prune(&mut self) {
        self.templates.prune();
        self.organization_ids.retain(|id| Arc::strong_count(id) > 1);
    }

    fn intern_organization(&mut self, organization_id: &str) -> Arc<str> {
        if let Some(id) = self.organization_ids.get(organization_id) {
            return id.clone();
        }
        let id: Arc<str> = Arc::from(organization_id);
        self.organization_ids.insert(id.clone());
        id
    }
}

/// A member's record being changed; dropping it stores the change.
pub(crate) struct RecordMut<'s> {
    record: MemberRecord,
    slot: &'s mut Packed,
    templates: &'s mut Templates,
}

impl Deref for RecordMut<'_> {
    type Target = MemberRecord;
    fn deref(&self) -> &MemberRecord {
        &self.record
    }
}

impl DerefMut for RecordMut<'_> {
    fn deref_mut(&mut self) -> &mut MemberRecord {
        &mut self.record
    }
}

impl Drop for RecordMut<'_> {
    fn drop(&mut self) {
        // The store keys members by id and shares their organization id: neither may change
        // through a guard (no rule of the fake changes them).
        debug_assert_eq!(
            *self.slot.organization_id, *self.record.member.organization_id,
            "a member's organization changed through RecordMut"
        );
        let (strings, template) = self.templates.pack(&self.record, Some(&self.slot.template));
        self.slot.strings = strings;
        self.slot.template = template;
        self.slot.password = self.record.password.take().map(Box::new);
    }
}

fn decode(id: &str, packed: &Packed) -> MemberRecord {
    let mut member = Member::clone(&packed.template);
    let mut strings = packed.strings.unpack::<PACKED_STRINGS>();
    let mut take = |at: usize| strings[at].take();
    member.member_id = id.to_owned();
    member.organization_id = packed.organization_id.to_string();
    member.email_address = take(EMAIL_ADDRESS).unwrap_or_default();
    member.status = take(STATUS).unwrap_or_default();
    member.name = take(NAME).unwrap_or_default();
    member.mfa_phone_number = take(MFA_PHONE_NUMBER).unwrap_or_default();
    member.totp_registration_id = take(TOTP_REGISTRATION_ID).unwrap_or_default();
    member.member_password_id = take(MEMBER_PASSWORD_ID).unwrap_or_default();
    member.external_id = take(EXTERNAL_ID);
    member.created_at = take(CREATED_AT);
    member.updated_at = take(UPDATED_AT);
    MemberRecord {
        member,
        email_id: take(EMAIL_ID).unwrap_or_default(),
        phone_id: take(PHONE_ID).unwrap_or_default(),
        password: packed.password.as_deref().cloned(),
    }
}

/// The member's template: the member with its own strings blanked.
fn template_of(member: &Member) -> Member {
    let mut template = member.clone();
    template.member_id = String::new();
    template.organization_id = String::new();
    template.email_address = String::new();
    template.status = String::new();
    template.name = String::new();
    template.mfa_phone_number = String::new();
    template.totp_registration_id = String::new();
    template.member_password_id = String::new();
    template.external_id = None;
    template.created_at = None;
    template.updated_at = None;
    template
}

/// Interned templates, by a hash of their JSON.
#[derive(Default)]
struct Templates {
    by_hash: HashMap<u64, Vec<Arc<Member>>>,
}

impl Templates {
    fn len(&self) -> usize {
        self.by_hash.values().map(Vec::len).sum()
    }

    /// Packs a record: its own strings, and its template (`current` when it still fits).
    fn pack(
        &mut self,
        record: &MemberRecord,
        current: Option<&Arc<Member>>,
    ) -> (StringPack, Arc<Member>) {
        let m = &record.member;
        let mut strings = [None; PACKED_STRINGS];
        strings[EMAIL_ADDRESS] = Some(m.email_address.as_str());
        strings[STATUS] = Some(m.status.as_str());
        strings[NAME] = Some(m.name.as_str());
        strings[MFA_PHONE_NUMBER] = Some(m.mfa_phone_number.as_str());
        strings[TOTP_REGISTRATION_ID] = Some(m.totp_registration_id.as_str());
        strings[MEMBER_PASSWORD_ID] = Some(m.member_password_id.as_str());
        strings[EXTERNAL_ID] = m.external_id.as_deref();
        strings[CREATED_AT] = m.created_at.as_deref();
        strings[UPDATED_AT] = m.updated_at.as_deref();
        strings[EMAIL_ID] = Some(record.email_id.as_str());
        strings[PHONE_ID] = Some(record.phone_id.as_str());
        let strings = StringPack::pack(strings);
        let template = template_of(m);
        if let Some(current) = current.filter(|c| ***c == template) {
            return (strings, current.clone());
        }
        (strings, self.intern(template))
    }

    fn intern(&mut self, template: Member) -> Arc<Member> {
        let hash = hash_of(&template);
        let bucket = self.by_hash.entry(hash).or_default();
        if let Some(found) = bucket.iter().find(|t| ***t == template) {
            return found.clone();
        }
        let interned = Arc::new(template);
        bucket.push(interned.clone());
        interned
    }

    fn prune(&mut self) {
        self.by_hash.retain(|_, bucket| {
            bucket.retain(|t| Arc::strong_count(t) > 1);
            !bucket.is_empty()
        });
    }
}

/// A hash of the member's JSON (equal members hash equally; the JSON is streamed into the
/// hasher, never built).
fn hash_of(member: &Member) -> u64 {
    struct HashWriter(DefaultHasher);
    impl std::io::Write for HashWriter {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut writer = HashWriter(DefaultHasher::new());
    // A member always serializes; were it not to, every template would share one bucket,
    // which is slower but still right (templates are compared in full).
    let _ = serde_json::to_writer(&mut writer, member);
    writer.0.finish()
}

/// Optional strings packed into one allocation: each as its byte length in decimal, `:`,
/// and its bytes (a netstring without the trailing comma), or `~` when absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StringPack(Box<str>);

impl StringPack {
    pub(crate) fn pack<const N: usize>(strings: [Option<&str>; N]) -> Self {
        use std::fmt::Write as _;
        let len = strings.iter().flatten().map(|s| s.len() + 4).sum::<usize>() + N;
        let mut packed = String::with_capacity(len);
        for s in strings {
            match s {
                Some(s) => {
                    let _ = write!(packed, "{}:", s.len());
                    packed.push_str(s);
                }
                None => packed.push('~'),
            }
        }
        StringPack(packed.into_boxed_str())
    }

    /// The strings, in order; past the end, `None`.
    pub(crate) fn unpack<const N: usize>(&self) -> [Option<String>; N] {
        let mut out: [Option<String>; N] = std::array::from_fn(|_| None);
        for (slot, s) in out.iter_mut().zip(self.iter()) {
            *slot = s.map(str::to_owned);
        }
        out
    }

    /// The string at `index` (`Some(None)` when absent, `None` past the end).
    pub(crate) fn get(&self, index: usize) -> Option<Option<&str>> {
        self.iter().nth(index)
    }

    fn iter(&self) -> impl Iterator<Item = Option<&str>> {
        let mut rest: &str = &self.0;
        std::iter::from_fn(move || {
            if let Some(after) = rest.strip_prefix('~') {
                rest = after;
                return Some(None);
            }
            let (len, after) = rest.split_once(':')?;
            let len: usize = len.parse().ok()?;
            let s = after.get(..len)?;
            rest = &after[len..];
            Some(Some(s))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_packs_round_trip_any_text() {
        let strings = [
            Some("ada@example.com"),
            None,
            Some(""),
            Some("12:34:~"),
            Some("ünïcødé ✓"),
            None,
        ];
        let pack = StringPack::pack(strings);
        let back = pack.unpack::<6>();
        assert_eq!(back, strings.map(|s| s.map(str::to_owned)));
        assert_eq!(pack.get(3), Some(Some("12:34:~")));
        assert_eq!(pack.get(5), Some(None));
        assert_eq!(pack.get(6), None);
    }

    fn member(email: &str, status: &str) -> MemberRecord {
        let mut member = Member::default();
        member.member_id = format!("member-test-{email}");
        member.organization_id = "organization-test-1".into();
        member.email_address = email.into();
        member.status = status.into();
        member.mfa_phone_number = "+15550001234".into();
        member.external_id = Some("ext-1".into());
        member.updated_at = Some("2026-12-06T20:00:00Z".into());
        member.is_breakglass = true;
        member
            .trusted_metadata
            .insert("plan".into(), serde_json::json!({"seats": 3}));
        MemberRecord {
            member,
            email_id: "email-test-1".into(),
            phone_id: String::new(),
            password: None,
        }
    }

    #[test]
    fn members_come_back_as_stored_and_alike_members_share_a_template() {
        let mut store = MemberStore::default();
        let (ada, bob) = (
            member("ada@example.com", "active"),
            member("bob@example.com", "invited"),
        );
        store.insert(member("ada@example.com", "active"));
        store.insert(member("bob@example.com", "invited"));
        let back = store.get(&ada.member.member_id).unwrap();
        assert_eq!(back.member, ada.member);
        assert_eq!(back.email_id, ada.email_id);
        assert_eq!(store.get(&bob.member.member_id).unwrap().member, bob.member);
        assert_eq!(
            store.templates.len(),
            1,
            "status is the members' own, not the template's"
        );
        assert_eq!(store.status(&bob.member.member_id), Some("invited"));
        assert_eq!(
            store.organization_id(&bob.member.member_id),
            Some("organization-test-1")
        );
    }

    #[test]
    fn changes_through_the_guard_are_kept_and_unused_templates_pruned() {
        let mut store = MemberStore::default();
        let ada = member("ada@example.com", "active");
        let id = ada.member.member_id.clone();
        store.insert(ada);
        {
            let mut record = store.get_mut(&id).unwrap();
            record.member.mfa_enrolled = true;
            record.member.name = "Ada".into();
        }
        let back = store.get(&id).unwrap();
        assert!(back.member.mfa_enrolled);
        assert_eq!(back.member.name, "Ada");
        assert_eq!(
            store.templates.len(),
            2,
            "the old template stays until pruned"
        );
        store.prune();
        assert_eq!(store.templates.len(), 1);
        assert_eq!(store.remove(&id).unwrap().member, back.member);
        store.prune();
        assert_eq!(
            (store.templates.len(), store.organization_ids.len()),
            (0, 0)
        );
    }
}
