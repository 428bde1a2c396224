//! The directory: organizations and their members, found by id, slug or external id through
//! indexes kept in step with every change, so that a lookup never scans the directory.
//!
//! - this file: the [`DirectoryIndex`], lookups (`resolve_*`, `live_member_by_email`,
//!   `memberships_of_email`), [`MemberRecord`] and the directory's common errors;
//! - `organizations`: creating, updating and deleting organizations;
//! - `settings`: Stytch's rules for an organization's fields and auth settings;
//! - `members`: creating, updating, deleting and reactivating members;
//! - `factors`: removing a member's phone, TOTP, password, retired emails and external id;
//! - `email_update`: `start_email_update` and its completion.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::*;

mod email_update;
mod factors;
mod members;
mod organizations;
mod settings;
mod store;

pub(crate) use email_update::EmailUpdateStart;
pub(crate) use members::MemberSpec;
pub(crate) use organizations::OrganizationFields;
pub(crate) use store::{MemberStore, RecordMut};

/// The member status of a soft-deleted member.
pub(crate) const DELETED: &str = "deleted";
/// The member status of a member who can log in.
pub(crate) const ACTIVE: &str = "active";

/// The directory's lookups, each kept in step with the organizations and members.
#[derive(Debug, Default)]
pub(crate) struct DirectoryIndex {
    /// Every organization id, in order (searches and discovery list them so).
    organization_ids: BTreeSet<String>,
    /// Organization id by slug.
    slugs: HashMap<String, String>,
    /// Organization id by external id.
    organization_external_ids: HashMap<String, String>,
    /// Organization id by claimed email domain (lower case).
    claimed_domains: HashMap<String, String>,
    /// The organizations that provision members of an email domain (lower case) just in
    /// time: `email_jit_provisioning: RESTRICTED` with the domain allowed.
    jit_domains: HashMap<String, BTreeSet<String>>,
    /// Each organization's member ids, deleted members included, in order (the ids shared
    /// with the member store).
    organization_members: HashMap<Arc<str>, BTreeSet<Arc<str>>>,
    /// The member that retired an email address, by organization id and lower-case address.
    retired_emails: HashMap<(String, String), String>,
    /// Member id by organization id and external id (deleted members keep theirs).
    member_external_ids: HashMap<(String, String), String>,
    /// Live member ids by lower-case email address, across organizations: discovery's
    /// lookup, and, with the member's organization, the one live member of an organization
    /// with an address (an address has few memberships, so a scan of them is short).
    memberships: HashMap<Box<str>, Vec<Arc<str>>>,
    /// Email addresses reserved by a `start_email_update` until it expires: member id and
    /// expiry, by organization id and lower-case address.
    email_updates: HashMap<(String, String), (String, Timestamp)>,
}

/// The key of an email address within an organization.
pub(crate) fn email_key(organization_id: &str, email_address: &str) -> (String, String) {
    (
        organization_id.to_owned(),
        email_address.to_ascii_lowercase(),
    )
}

impl DirectoryIndex {
    /// The email addresses reserved by email updates (exported with the state).
    pub(crate) fn email_updates(&self) -> &HashMap<(String, String), (String, Timestamp)> {
        &self.email_updates
    }

    /// Empty lookups but for the reserved email addresses of an imported state; the others
    /// are rebuilt by [`State::rebuild_directory`].
    pub(crate) fn with_email_updates(
        email_updates: HashMap<(String, String), (String, Timestamp)>,
    ) -> DirectoryIndex {
        DirectoryIndex {
            email_updates,
            ..DirectoryIndex::default()
        }
    }

    /// Adds a live member's email (`id` is the member's id as the store shares it).
    fn add_email(&mut self, member: &Member, id: Arc<str>) {
        let ids = self
            .memberships
            .entry(member.email_address.to_ascii_lowercase().into())
            .or_default();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }

    /// Removes a member's email, if it is there.
    fn remove_email(&mut self, member: &Member) {
        let email = member.email_address.to_ascii_lowercase();
        if let Some(ids) = self.memberships.get_mut(email.as_str()) {
            ids.retain(|id| **id != *member.member_id);
            if ids.is_empty() {
                self.memberships.remove(email.as_str());
            }
        }
    }

    /// Reserves a member's retired emails (those no one else holds).
    fn add_retired(&mut self, member: &Member) {
        for retired in &member.retired_email_addresses {
            let key = email_key(&member.organization_id, &retired.email_address);
            self.retired_emails
                .entry(key)
                .or_insert_with(|| member.member_id.clone());
        }
    }

    /// Frees a member's retired emails.
    fn remove_retired(&mut self, member: &Member) {
        for retired in &member.retired_email_addresses {
            let key = email_key(&member.organization_id, &retired.email_address);
            if self.retired_emails.get(&key) == Some(&member.member_id) {
                self.retired_emails.remove(&key);
            }
        }
    }

    /// Adds a member's external id.
    fn add_external_id(&mut self, member: &Member) {
        if let Some(ext) = member.external_id.as_deref().filter(|e| !e.is_empty()) {
            self.member_external_ids.insert(
                (member.organization_id.clone(), ext.to_owned()),
                member.member_id.clone(),
            );
        }
    }

    /// Removes a member's external id.
    fn remove_external_id(&mut self, member: &Member) {
        if let Some(ext) = member.external_id.as_deref() {
            self.member_external_ids
                .remove(&(member.organization_id.clone(), ext.to_owned()));
        }
    }

    /// The member holding an email address of an organization some other way than as its
    /// live primary address: retired, or reserved by an email update that has not expired.
    fn email_held_otherwise(
        &self,
        key: &(String, String),
        now: Timestamp,
    ) -> Option<(&'static str, &str)> {
        if let Some(id) = self.retired_emails.get(key) {
            return Some(("retired", id));
        }
        match self.email_updates.get(key) {
            Some((id, expires_at)) if *expires_at > now => Some(("updating", id)),
            _ => None,
        }
    }
}

impl State {
    /// Rebuilds the directory's lookups from the organizations and members (an imported
    /// state); the reserved email addresses stay.
    pub(crate) fn rebuild_directory(&mut self) {
        let organizations: Vec<Organization> = self
            .organizations
            .values()
            .map(|o| Organization::clone(o))
            .collect();
        for organization in &organizations {
            self.index_organization(organization);
        }
        let members: Vec<Member> = self.members.values().map(|r| r.member).collect();
        for member in &members {
            self.index_member(member);
        }
    }

    pub(crate) fn member(&self, member_id: &str) -> Option<Member> {
        self.members.get(member_id).map(|r| r.member.clone())
    }

    pub(crate) fn organization(&self, organization_id: &str) -> Option<Organization> {
        self.organizations
            .get(organization_id)
            .map(|o| Organization::clone(o))
    }

    /// The id of the organization with this id, slug or external id, in O(1).
    pub(crate) fn resolve_organization(&self, key: &str) -> Result<String, FakeError> {
        if key.is_empty() {
            return Err(organization_not_found());
        }
        if self.organizations.contains_key(key) {
            return Ok(key.to_owned());
        }
        let index = &self.directory;
        index
            .slugs
            .get(key)
            .or_else(|| index.organization_external_ids.get(key))
            .cloned()
            .ok_or_else(organization_not_found)
    }

    /// The id of the live (not deleted) member of `organization_id` with this id or
    /// external id, in O(1).
    pub(crate) fn resolve_member(
        &self,
        organization_id: &str,
        key: &str,
    ) -> Result<String, FakeError> {
        let id = self.resolve_member_any(organization_id, key)?;
        match self.members.status(&id) {
            Some(status) if status != DELETED => Ok(id),
            _ => Err(member_not_found()),
        }
    }

    /// The id of the member of `organization_id` with this id or external id, deleted
    /// members included, in O(1).
    pub(crate) fn resolve_member_any(
        &self,
        organization_id: &str,
        key: &str,
    ) -> Result<String, FakeError> {
        if key.is_empty() {
            return Err(member_not_found());
        }
        if let Some(owner) = self.members.organization_id(key) {
            if owner == organization_id {
                return Ok(key.to_owned());
            }
        }
        self.directory
            .member_external_ids
            .get(&(organization_id.to_owned(), key.to_owned()))
            .cloned()
            .ok_or_else(member_not_found)
    }

    /// The live member of an organization (an id) with this email address, in any case, in
    /// O(1).
    pub(crate) fn live_member_by_email(
        &self,
        organization_id: &str,
        email_address: &str,
    ) -> Option<Member> {
        self.live_member_id_by_email(organization_id, email_address)
            .and_then(|id| self.members.get(id))
            .map(|r| r.member)
    }

    /// The id of the live member of an organization (an id) with this email address, in
    /// any case.
    pub(crate) fn live_member_id_by_email(
        &self,
        organization_id: &str,
        email_address: &str,
    ) -> Option<&str> {
        self.directory
            .memberships
            .get(email_address.to_ascii_lowercase().as_str())?
            .iter()
            .find(|id| self.members.organization_id(id) == Some(organization_id))
            .map(|id| &**id)
    }

    /// Every live membership of an email address (any case), across organizations, by
    /// organization id: what discovery lists.
    #[allow(dead_code)] // For discovery (`discovered_organizations`), which scans today.
    pub(crate) fn memberships_of_email(&self, email_address: &str) -> Vec<Member> {
        let mut found: Vec<Member> = self
            .directory
            .memberships
            .get(email_address.to_ascii_lowercase().as_str())
            .into_iter()
            .flatten()
            .filter_map(|id| self.members.get(id))
            .map(|r| r.member)
            .collect();
        found.sort_by(|a, b| a.organization_id.cmp(&b.organization_id));
        found
    }

    /// The organizations that provision new members of an email domain just in time
    /// (`email_jit_provisioning: RESTRICTED`, the domain in `email_allowed_domains`), by id,
    /// in O(1) plus what is found: with [`State::memberships_of_email`], what discovery lists.
    #[allow(dead_code)] // For discovery (`discovered_organizations`), which scans today.
    pub(crate) fn jit_organizations_for_domain(&self, domain: &str) -> Vec<&Organization> {
        self.directory
            .jit_domains
            .get(&domain.to_ascii_lowercase())
            .into_iter()
            .flatten()
            .filter_map(|id| self.organizations.get(id))
            .map(|o| &**o)
            .collect()
    }

    /// Every organization, by id (no sorting: the index keeps them in order).
    pub(crate) fn organizations_sorted(&self) -> Vec<&Organization> {
        self.directory
            .organization_ids
            .iter()
            .filter_map(|id| self.organizations.get(id))
            .map(|o| &**o)
            .collect()
    }

    /// The members of these organizations (deleted ones included), by id.
    pub(crate) fn members_of<'s>(
        &self,
        organization_ids: impl Iterator<Item = &'s String>,
    ) -> Vec<Member> {
        let mut members: Vec<Member> = organization_ids
            .filter_map(|org| self.directory.organization_members.get(org.as_str()))
            .flatten()
            .filter_map(|id| self.members.get(id))
            .map(|r| r.member)
            .collect();
        members.sort_by(|a, b| a.member_id.cmp(&b.member_id));
        members
    }

    /// The member ids of one organization, deleted members included.
    pub(crate) fn member_ids_of(&self, organization_id: &str) -> Vec<String> {
        self.directory
            .organization_members
            .get(organization_id)
            .map(|ids| ids.iter().map(|id| id.to_string()).collect())
            .unwrap_or_default()
    }

    /// The member and organization of a member id, as the members answers carry them.
    pub(crate) fn member_answer(&self, member_id: &str) -> Result<Value, FakeError> {
        let record = self.members.get(member_id).ok_or_else(member_not_found)?;
        let organization = self
            .organizations
            .get(&record.member.organization_id)
            .ok_or_else(organization_not_found)?;
        Ok(json!({
            "member_id": member_id,
            "member": record.member,
            "organization": organization,
        }))
    }

    /// The live member record of `organization` (an id, slug or external id) and `member`
    /// (an id or external id), for a change.
    pub(crate) fn live_record_mut(
        &mut self,
        organization: &str,
        member: &str,
    ) -> Result<RecordMut<'_>, FakeError> {
        let organization_id = self.resolve_organization(organization)?;
        let member_id = self.resolve_member(&organization_id, member)?;
        self.members
            .get_mut(&member_id)
            .ok_or_else(member_not_found)
    }
}

/// What the fake keeps of a member besides the [`Member`] Stytch answers with.
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct MemberRecord {
    pub(crate) member: Member,
    pub(crate) email_id: String,
    pub(crate) phone_id: String,
    /// The member's password, if one was set or migrated.
    pub(crate) password: Option<PasswordRecord>,
}

pub(crate) fn organization_not_found() -> FakeError {
    FakeError::new(
        404,
        "organization_not_found",
        "Organization could not be found.",
    )
}

pub(crate) fn member_not_found() -> FakeError {
    FakeError::new(404, "member_not_found", "Member could not be found.")
}

/// Stytch's `invalid_email` for an address that is not `local@domain.tld`.
pub(crate) fn check_email_address(email: &str) -> Result<(), FakeError> {
    let valid = email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
    }) && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    if valid {
        return Ok(());
    }
    Err(FakeError::new(
        400,
        "invalid_email",
        format!("Email address {email:?} is invalid."),
    ))
}

/// An external id (organization or member): 1 to 128 alphanumerics, `.`, `_`, `-` or `|`.
pub(crate) fn check_external_id(external_id: &str) -> Result<(), FakeError> {
    let valid = (1..=128).contains(&external_id.len())
        && external_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '|'));
    if valid {
        return Ok(());
    }
    Err(FakeError::new(
        400,
        "bad_request",
        format!(
            "External id {external_id:?} is invalid: it must be 1 to 128 characters, each alphanumeric or one of '.', '_', '-', '|'."
        ),
    ))
}

/// Metadata limits (trusted and untrusted): at most 20 top-level keys and 4 KB.
pub(crate) fn check_metadata(field: &str, metadata: &Map<String, Value>) -> Result<(), FakeError> {
    const MAX_KEYS: usize = 20;
    const MAX_BYTES: usize = 4096;
    if metadata.len() > MAX_KEYS {
        return Err(FakeError::new(
            400,
            "metadata_too_many_keys",
            format!(
                "{field} has {} top-level keys; at most {MAX_KEYS} are allowed.",
                metadata.len()
            ),
        ));
    }
    let size = serde_json::to_string(metadata).map_or(usize::MAX, |s| s.len());
    if size > MAX_BYTES {
        return Err(FakeError::new(
            400,
            "metadata_too_large",
            format!("{field} is {size} bytes; at most {MAX_BYTES} are allowed."),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
