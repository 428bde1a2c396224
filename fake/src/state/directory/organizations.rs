//! Creating, updating and deleting organizations, with the uniqueness rules (slug, external
//! id, claimed domains) and the index kept in step.

use super::settings::{check_organization, is_domain};
use super::*;

/// The fields of a Create or Update Organization request that were given, by their names in
/// the [`Organization`] object (`organization_name`, `email_invites`, …).
pub(crate) type OrganizationFields = Map<String, Value>;

/// Fields the requests cannot set: the fake keeps them.
const KEPT: &[&str] = &[
    "organization_id",
    "created_at",
    "updated_at",
    "sso_active_connections",
    "custom_roles",
    "scim_active_connection",
];

/// The "Organization authentication parameters": when a create passes none of them,
/// `email_invites` defaults to `ALL_ALLOWED`, otherwise to `NOT_ALLOWED`.
const AUTH_SETTINGS: &[&str] = &[
    "email_invites",
    "email_jit_provisioning",
    "email_allowed_domains",
    "sso_jit_provisioning",
    "sso_jit_provisioning_allowed_connections",
    "sso_default_connection_id",
    "auth_methods",
    "allowed_auth_methods",
    "mfa_methods",
    "allowed_mfa_methods",
    "oauth_tenant_jit_provisioning",
    "allowed_oauth_tenants",
];

impl State {
    /// Creates an organization from the Rust API's [`NewOrganization`] (invites allowed, as
    /// an organization created with Stytch's defaults).
    pub(crate) fn create_organization(
        &mut self,
        new: NewOrganization,
    ) -> Result<Organization, FakeError> {
        let fields = json!({
            "organization_name": new.name,
            "organization_slug": new.slug,
            "mfa_policy": new.mfa_policy.as_str(),
            "organization_external_id": new.external_id,
            "email_allowed_domains": new.email_allowed_domains,
            "email_invites": "ALL_ALLOWED",
        });
        let Value::Object(fields) = fields else {
            return Err(internal("build the new organization's fields"));
        };
        self.insert_organization(fields, false)
    }

    /// Creates an organization with these fields (Create Organization), after Stytch's
    /// checks; a missing slug is the new organization's id.
    pub(crate) fn create_organization_with(
        &mut self,
        fields: OrganizationFields,
    ) -> Result<Organization, FakeError> {
        self.insert_organization(fields, true)
    }

    /// Creates an organization; `strict_ids` checks the external id's characters (the Rust
    /// API accepts any, so that tests can put path syntax in ids).
    fn insert_organization(
        &mut self,
        mut fields: OrganizationFields,
        strict_ids: bool,
    ) -> Result<Organization, FakeError> {
        clean(&mut fields);
        let id = format!("organization-test-{}", uuid());
        let now = rfc3339(self.now());
        let explicit = AUTH_SETTINGS.iter().any(|k| fields.contains_key(*k));
        let mut org = json!({
            "organization_id": id,
            "organization_name": "",
            "organization_slug": id,
            "organization_logo_url": "",
            "sso_jit_provisioning": "ALL_ALLOWED",
            "email_jit_provisioning": "NOT_ALLOWED",
            "email_invites": if explicit { "NOT_ALLOWED" } else { "ALL_ALLOWED" },
            "auth_methods": "ALL_ALLOWED",
            "mfa_policy": "OPTIONAL",
            "mfa_methods": "ALL_ALLOWED",
            "oauth_tenant_jit_provisioning": "NOT_ALLOWED",
            "first_party_connected_apps_allowed_type": "ALL_ALLOWED",
            "third_party_connected_apps_allowed_type": "ALL_ALLOWED",
            "created_at": now,
            "updated_at": now,
        });
        for (key, value) in fields {
            org[key] = value;
        }
        let organization: Organization = build("an organization", org)?;
        self.check_organization_in_project(&organization, strict_ids)?;
        self.index_organization(&organization);
        self.organizations.insert(
            organization.organization_id.clone(),
            Box::new(organization.clone()),
        );
        Ok(organization)
    }

    /// Changes an organization's settings through `change`, without Stytch's checks (a test
    /// hook); its id, slug and external id stay, and the indexes follow the change.
    pub(crate) fn configure_organization(
        &mut self,
        key: &str,
        change: impl FnOnce(&mut Organization),
    ) -> Result<Organization, FakeError> {
        let id = self.resolve_organization(key)?;
        let old = self
            .organizations
            .get(&id)
            .cloned()
            .ok_or_else(organization_not_found)?;
        let mut organization = old.clone();
        change(&mut organization);
        organization.organization_id = old.organization_id.clone();
        organization.organization_slug = old.organization_slug.clone();
        organization.organization_external_id = old.organization_external_id.clone();
        self.unindex_organization(&old);
        self.index_organization(&organization);
        self.organizations.insert(id, organization.clone());
        Ok(*organization)
    }

    /// Applies these fields to an organization (an id, slug or external id) after Stytch's
    /// checks; lists are replaced whole. Members' email-assigned roles follow
    /// `rbac_email_implicit_role_assignments`.
    pub(crate) fn update_organization(
        &mut self,
        key: &str,
        mut fields: OrganizationFields,
    ) -> Result<Organization, FakeError> {
        let id = self.resolve_organization(key)?;
        clean(&mut fields);
        let new_external_id = fields.contains_key("organization_external_id");
        let old = self
            .organizations
            .get(&id)
            .cloned()
            .ok_or_else(organization_not_found)?;
        let mut org = serde_json::to_value(&old).map_err(internal)?;
        for (key, value) in fields {
            org[key] = value;
        }
        org["updated_at"] = json!(rfc3339(self.now()));
        let organization: Organization = build("an organization", org)?;
        self.check_organization_in_project(&organization, new_external_id)?;
        self.unindex_organization(&old);
        self.index_organization(&organization);
        let roles_changed = old.rbac_email_implicit_role_assignments
            != organization.rbac_email_implicit_role_assignments;
        self.organizations
            .insert(id.clone(), Box::new(organization.clone()));
        if roles_changed {
            self.refresh_implicit_roles(&id);
        }
        Ok(organization)
    }

    /// Deletes an organization (an id, slug or external id) with its members, their
    /// sessions, codes and tokens, and its custom roles; answers its id.
    pub(crate) fn delete_organization(&mut self, key: &str) -> Result<String, FakeError> {
        let id = self.resolve_organization(key)?;
        let member_ids: HashSet<String> = self.member_ids_of(&id).into_iter().collect();
        self.forget_activity(&member_ids);
        for member_id in &member_ids {
            self.totps.remove(member_id);
            if let Some(record) = self.members.remove(member_id) {
                let index = &mut self.directory;
                index.remove_email(&record.member);
                index.remove_retired(&record.member);
                index.remove_external_id(&record.member);
            }
        }
        self.directory.organization_members.remove(id.as_str());
        self.email_tokens.retain(|_, t| t.organization_id != id);
        self.email_codes.retain(|(org, _), _| *org != id);
        self.org_roles.remove(&id);
        if let Some(old) = self.organizations.remove(&id) {
            self.unindex_organization(&old);
        }
        Ok(id)
    }

    /// Clears an organization's external id, which then no longer names it.
    pub(crate) fn delete_organization_external_id(
        &mut self,
        key: &str,
    ) -> Result<Organization, FakeError> {
        let id = self.resolve_organization(key)?;
        let now = rfc3339(self.now());
        let org = self
            .organizations
            .get_mut(&id)
            .ok_or_else(organization_not_found)?;
        if let Some(ext) = org.organization_external_id.take() {
            self.directory.organization_external_ids.remove(&ext);
            org.updated_at = Some(now);
        }
        Ok(Organization::clone(org))
    }

    /// How many members an organization has, deleted ones not counted.
    pub(crate) fn member_count(&self, key: &str) -> Result<usize, FakeError> {
        let id = self.resolve_organization(key)?;
        Ok(self
            .directory
            .organization_members
            .get(id.as_str())
            .into_iter()
            .flatten()
            .filter(|m| self.members.status(m).is_some_and(|s| s != DELETED))
            .count())
    }

    /// The checks of an organization as a create or update would leave it: its own fields,
    /// then what it shares with the project (slug, external id, claimed domains, roles and
    /// SSO connections).
    fn check_organization_in_project(
        &self,
        org: &Organization,
        check_external_id_format: bool,
    ) -> Result<(), FakeError> {
        check_organization(org)?;
        let id = &org.organization_id;
        let taken_by_other = |key: &str| {
            let other = |found: Option<&String>| found.is_some_and(|o| o != id);
            (key != id && self.organizations.contains_key(key))
                || other(self.directory.slugs.get(key))
                || other(self.directory.organization_external_ids.get(key))
        };
        if taken_by_other(&org.organization_slug) {
            return Err(FakeError::new(
                400,
                "organization_slug_already_used",
                "The provided organization_slug is already used in another organization.",
            ));
        }
        if let Some(ext) = org.organization_external_id.as_deref() {
            if check_external_id_format || ext.is_empty() {
                check_external_id(ext)?;
            }
            if ext == id {
                return Err(FakeError::new(
                    400,
                    "external_organization_id_same_as_organization_id",
                    "organization_external_id cannot be the Organization's own organization_id.",
                ));
            }
            if taken_by_other(ext) {
                return Err(FakeError::new(
                    400,
                    "duplicate_organization",
                    format!(
                        "organization_external_id {ext:?} already names another Organization (as its external id, slug or id)."
                    ),
                ));
            }
        }
        for domain in &org.claimed_email_domains {
            let owner = self
                .directory
                .claimed_domains
                .get(&domain.to_ascii_lowercase());
            if owner.is_some_and(|o| o != id) {
                return Err(FakeError::new(
                    400,
                    "organization_settings_duplicate_claimed_domain",
                    format!("The email domain {domain:?} is claimed by another Organization."),
                ));
            }
        }
        self.check_connections(org)?;
        self.check_role_assignments(org)
    }

    /// SSO connection ids must be the organization's active connections.
    fn check_connections(&self, org: &Organization) -> Result<(), FakeError> {
        let active = |c: &str| {
            org.sso_active_connections
                .iter()
                .any(|a| a.connection_id == c)
        };
        if let Some(c) = org.sso_default_connection_id.as_deref() {
            if !c.is_empty() && !active(c) {
                return Err(FakeError::new(
                    400,
                    "invalid_sso_default_connection_id",
                    format!("{c:?} is not an active SSO connection of this Organization."),
                ));
            }
        }
        if let Some(c) = org
            .sso_jit_provisioning_allowed_connections
            .iter()
            .find(|c| !active(c))
        {
            return Err(FakeError::new(
                400,
                "invalid_connection_for_jit_provisioning",
                format!("{c:?} is not an active SSO connection of this Organization."),
            ));
        }
        Ok(())
    }

    /// `rbac_email_implicit_role_assignments`: company domains and roles that exist.
    fn check_role_assignments(&self, org: &Organization) -> Result<(), FakeError> {
        for assignment in &org.rbac_email_implicit_role_assignments {
            let domain = assignment.domain.to_ascii_lowercase();
            if !is_domain(&domain) {
                return Err(FakeError::new(
                    400,
                    "rbac_invalid_domain",
                    format!("{:?} is not a valid domain.", assignment.domain),
                ));
            }
            if super::settings::COMMON_DOMAINS.contains(&domain.as_str()) {
                return Err(FakeError::new(
                    400,
                    "rbac_domain_too_common",
                    format!(
                        "{:?} is a common email domain and cannot assign roles.",
                        assignment.domain
                    ),
                ));
            }
            self.check_role_id(&org.organization_id, &assignment.role_id)?;
        }
        Ok(())
    }

    /// A role id that can be assigned in an organization: the project's or the
    /// organization's own, but not `stytch_member` (every member has it).
    pub(crate) fn check_role_id(
        &self,
        organization_id: &str,
        role_id: &str,
    ) -> Result<(), FakeError> {
        if role_id == DEFAULT_ROLE {
            return Err(FakeError::new(
                400,
                "cannot_assign_default_rbac_role_id",
                format!("{DEFAULT_ROLE} is granted to every Member and cannot be assigned."),
            ));
        }
        let known = self.rbac_roles.iter().any(|r| r.role_id == role_id)
            || self
                .org_roles
                .get(organization_id)
                .is_some_and(|roles| roles.iter().any(|r| r.role_id == role_id));
        if known {
            return Ok(());
        }
        Err(FakeError::new(
            400,
            "invalid_rbac_role_id",
            format!(
                "Role {role_id:?} is neither in the project's RBAC policy nor a custom role of the Organization."
            ),
        ))
    }

    pub(super) fn index_organization(&mut self, org: &Organization) {
        let id = &org.organization_id;
        let index = &mut self.directory;
        index.organization_ids.insert(id.clone());
        index
            .slugs
            .insert(org.organization_slug.clone(), id.clone());
        if let Some(ext) = &org.organization_external_id {
            index
                .organization_external_ids
                .insert(ext.clone(), id.clone());
        }
        for domain in &org.claimed_email_domains {
            index
                .claimed_domains
                .insert(domain.to_ascii_lowercase(), id.clone());
        }
        if org.email_jit_provisioning == "RESTRICTED" {
            for domain in &org.email_allowed_domains {
                index
                    .jit_domains
                    .entry(domain.to_ascii_lowercase())
                    .or_default()
                    .insert(id.clone());
            }
        }
    }

    fn unindex_organization(&mut self, org: &Organization) {
        let index = &mut self.directory;
        index.organization_ids.remove(&org.organization_id);
        index.slugs.remove(&org.organization_slug);
        if let Some(ext) = &org.organization_external_id {
            index.organization_external_ids.remove(ext);
        }
        for domain in &org.claimed_email_domains {
            index.claimed_domains.remove(&domain.to_ascii_lowercase());
        }
        for domain in &org.email_allowed_domains {
            let domain = domain.to_ascii_lowercase();
            if let Some(ids) = index.jit_domains.get_mut(&domain) {
                ids.remove(&org.organization_id);
                if ids.is_empty() {
                    index.jit_domains.remove(&domain);
                }
            }
        }
    }

    /// Forgets what these members have going on: sessions, intermediate sessions, SMS
    /// passcodes and their rate-limit windows, emailed tokens and codes, and email updates.
    /// What a member has (password, TOTP registration) stays with its record.
    pub(crate) fn forget_activity(&mut self, member_ids: &HashSet<String>) {
        if member_ids.is_empty() {
            return;
        }
        let sessions = &mut self.sessions;
        sessions.retain(|_, s| !member_ids.contains(&s.member_id));
        self.session_tokens
            .retain(|_, id| sessions.contains_key(id));
        self.intermediate_sessions
            .retain(|_, s| !member_ids.contains(&s.member_id));
        self.email_tokens
            .retain(|_, t| !member_ids.contains(&t.member_id));
        self.email_codes
            .retain(|_, c| !member_ids.contains(&c.member_id));
        self.directory
            .email_updates
            .retain(|_, (m, _)| !member_ids.contains(m));
        for id in member_ids {
            self.otps.remove(id);
            self.last_codes.remove(id);
            self.sends_by_member.remove(id);
        }
    }
}

/// Drops what a request cannot set, absent values, and an empty external id (absent, as
/// Stytch reads `""`).
fn clean(fields: &mut OrganizationFields) {
    fields.retain(|key, value| !value.is_null() && !KEPT.contains(&key.as_str()));
    if fields.get("organization_external_id") == Some(&json!("")) {
        fields.remove("organization_external_id");
    }
}
