//! Creating, updating, (soft) deleting and reactivating members, with the uniqueness rules
//! (email and external id within an organization, claimed domains) and their roles.

use stytch_b2b_otp_sms::organizations::MemberRole;
use stytch_b2b_otp_sms::organizations_members::UpdateRequest;

use super::*;

/// Everything a new member can be given: what Create Member takes, and what other flows
/// (invites, just-in-time provisioning) set on the members they create.
#[derive(Debug, Clone, Default)]
pub(crate) struct MemberSpec {
    pub(crate) email_address: String,
    pub(crate) name: String,
    /// `active` (the default when empty), `pending` or `invited`.
    pub(crate) status: String,
    pub(crate) email_address_verified: bool,
    pub(crate) phone_number: Option<String>,
    pub(crate) phone_number_verified: bool,
    pub(crate) totp_registered: bool,
    pub(crate) external_id: Option<String>,
    /// Explicitly assigned roles (besides `stytch_member`).
    pub(crate) roles: Vec<String>,
    /// Whether the API's rules for roles (each must exist) and external ids (their
    /// characters) apply: the Rust API lets tests name roles before they set the policy,
    /// and put path syntax in ids.
    pub(crate) strict: bool,
    pub(crate) is_breakglass: bool,
    pub(crate) mfa_enrolled: bool,
    pub(crate) trusted_metadata: Map<String, Value>,
    pub(crate) untrusted_metadata: Map<String, Value>,
}

impl From<NewMember> for MemberSpec {
    fn from(new: NewMember) -> Self {
        MemberSpec {
            email_address: new.email_address,
            name: new.name,
            phone_number: new.phone_number,
            phone_number_verified: new.phone_number_verified,
            totp_registered: new.totp_registered,
            external_id: new.external_id,
            roles: new.roles,
            ..MemberSpec::default()
        }
    }
}

/// Which error a retired email address of another member gives.
#[derive(Clone, Copy)]
pub(crate) enum Claim {
    /// Creating a member: `retired_member_email`.
    Create,
    /// Changing a member's email: `desired_email_deactivated_by_different_member`.
    Change,
}

impl State {
    /// Creates an active member from the Rust API's [`NewMember`].
    pub(crate) fn create_member(
        &mut self,
        organization: &str,
        new: NewMember,
    ) -> Result<Member, FakeError> {
        self.create_member_with(organization, new.into())
    }

    /// Creates a member of `organization` (an id, slug or external id) after Stytch's
    /// checks: a valid email address no other member of the organization holds (live,
    /// retired or being updated to), not on a domain another organization claimed; a unique
    /// external id; an E.164 phone; known roles; metadata within limits.
    pub(crate) fn create_member_with(
        &mut self,
        organization: &str,
        spec: MemberSpec,
    ) -> Result<Member, FakeError> {
        let organization_id = self.resolve_organization(organization)?;
        let email = spec.email_address.trim().to_owned();
        check_email_address(&email)?;
        self.check_email_free(&organization_id, &email, None, Claim::Create)?;
        if let Some(ext) = &spec.external_id {
            if !spec.strict && !ext.is_empty() {
                self.check_member_external_id_free(&organization_id, ext, None)?;
            } else {
                self.check_member_external_id(&organization_id, ext, None)?;
            }
        }
        let phone = spec.phone_number.clone().filter(|p| !p.is_empty());
        if let Some(p) = &phone {
            if !is_e164(p) {
                return Err(invalid_phone_number(p));
            }
        }
        if spec.strict {
            for role in &spec.roles {
                self.check_role_id(&organization_id, role)?;
            }
        }
        check_metadata("trusted_metadata", &spec.trusted_metadata)?;
        check_metadata("untrusted_metadata", &spec.untrusted_metadata)?;
        let organization = self
            .organizations
            .get(&organization_id)
            .ok_or_else(organization_not_found)?;
        let roles = member_roles(&spec.roles, organization, &email)?;
        let now = rfc3339(self.now());
        let status = if spec.status.is_empty() {
            ACTIVE
        } else {
            spec.status.as_str()
        };
        let member: Member = build(
            "a member",
            json!({
                "organization_id": organization_id,
                "member_id": format!("member-test-{}", uuid()),
                "email_address": email,
                "email_address_verified": spec.email_address_verified,
                "status": status,
                "name": spec.name,
                "is_breakglass": spec.is_breakglass,
                "mfa_enrolled": spec.mfa_enrolled,
                "mfa_phone_number": phone.clone().unwrap_or_default(),
                "mfa_phone_number_verified": phone.is_some() && spec.phone_number_verified,
                "totp_registration_id": if spec.totp_registered { format!("member-totp-test-{}", uuid()) } else { String::new() },
                "is_admin": roles.iter().any(|r| r.role_id == ADMIN_ROLE),
                "roles": roles,
                "trusted_metadata": spec.trusted_metadata,
                "untrusted_metadata": spec.untrusted_metadata,
                "created_at": now,
                "updated_at": now,
                "external_id": spec.external_id,
            }),
        )?;
        let record = MemberRecord {
            member: member.clone(),
            email_id: format!("email-test-{}", uuid()),
            phone_id: phone
                .map(|_| format!("phone-number-test-{}", uuid()))
                .unwrap_or_default(),
            password: None,
        };
        self.members.insert(record);
        self.index_member(&member);
        Ok(member)
    }

    /// Refuses an email address that a member of the organization other than `me` holds:
    /// live (`duplicate_member_email`), retired (see [`Claim`]) or being updated to
    /// (`duplicate_member_email`); or whose domain another organization claimed
    /// (`action_not_allowed_email_domain_is_claimed`).
    pub(crate) fn check_email_free(
        &self,
        organization_id: &str,
        email: &str,
        me: Option<&str>,
        claim: Claim,
    ) -> Result<(), FakeError> {
        let key = email_key(organization_id, email);
        let other = |id: &str| me != Some(id);
        let duplicate = || {
            FakeError::new(
                400,
                "duplicate_member_email",
                format!("A Member with email {email:?} already exists in this Organization."),
            )
        };
        if self
            .live_member_id_by_email(organization_id, email)
            .is_some_and(other)
        {
            return Err(duplicate());
        }
        match self.directory.email_held_otherwise(&key, self.now()) {
            Some(("retired", id)) if other(id) => {
                let error_type = match claim {
                    Claim::Create => "retired_member_email",
                    Claim::Change => "desired_email_deactivated_by_different_member",
                };
                return Err(FakeError::new(
                    400,
                    error_type,
                    format!(
                        "{email:?} is a retired email address of another Member of this Organization; unlink it first."
                    ),
                ));
            }
            Some((_, id)) if other(id) => return Err(duplicate()),
            _ => {}
        }
        let domain = email_domain(email);
        if let Some(owner) = self.directory.claimed_domains.get(&domain) {
            if owner != organization_id {
                return Err(FakeError::new(
                    400,
                    "action_not_allowed_email_domain_is_claimed",
                    "Members with this email domain are restricted to organizations that have claimed this domain.",
                ));
            }
        }
        Ok(())
    }

    /// Refuses an invalid external id, or one another member of the organization has.
    pub(crate) fn check_member_external_id(
        &self,
        organization_id: &str,
        external_id: &str,
        me: Option<&str>,
    ) -> Result<(), FakeError> {
        check_external_id(external_id)?;
        self.check_member_external_id_free(organization_id, external_id, me)
    }

    /// Refuses an external id another member of the organization has.
    fn check_member_external_id_free(
        &self,
        organization_id: &str,
        external_id: &str,
        me: Option<&str>,
    ) -> Result<(), FakeError> {
        let key = (organization_id.to_owned(), external_id.to_owned());
        match self.directory.member_external_ids.get(&key) {
            Some(id) if me != Some(id.as_str()) => Err(FakeError::new(
                400,
                "duplicate_member_external_id",
                format!("External id {external_id:?} is already used in this Organization."),
            )),
            _ => Ok(()),
        }
    }

    /// Adds a new member (already in the store) to every lookup.
    pub(super) fn index_member(&mut self, member: &Member) {
        let Some((id, organization_id)) = self.members.shared_ids(&member.member_id) else {
            return;
        };
        let index = &mut self.directory;
        index
            .organization_members
            .entry(organization_id)
            .or_default()
            .insert(id.clone());
        index.add_external_id(member);
        if member.status != DELETED {
            index.add_email(member, id);
            index.add_retired(member);
        }
    }

    /// The member's id as the store shares it, for the indexes.
    pub(super) fn shared_id(&self, member_id: &str) -> Arc<str> {
        self.members
            .shared_ids(member_id)
            .map_or_else(|| Arc::from(member_id), |(id, _)| id)
    }

    /// Soft-deletes a member of an organization (each an id, slug or external id): its
    /// status becomes `deleted`, its email addresses are free for other members, its
    /// sessions, intermediate sessions, codes and tokens are gone. Answers its id.
    pub(crate) fn delete_member(
        &mut self,
        organization: &str,
        member: &str,
    ) -> Result<String, FakeError> {
        let now = rfc3339(self.now());
        let mut record = self.live_record_mut(organization, member)?;
        record.member.status = DELETED.into();
        record.member.updated_at = Some(now);
        let member = record.member.clone();
        drop(record);
        self.directory.remove_email(&member);
        self.directory.remove_retired(&member);
        self.forget_activity(&HashSet::from([member.member_id.clone()]));
        Ok(member.member_id)
    }

    /// Reactivates a deleted member: it must have a verified email address that no other
    /// member took meanwhile.
    pub(crate) fn reactivate_member(
        &mut self,
        organization: &str,
        member: &str,
    ) -> Result<String, FakeError> {
        let organization_id = self.resolve_organization(organization)?;
        let member_id = self.resolve_member_any(&organization_id, member)?;
        let record = self.members.get(&member_id).ok_or_else(member_not_found)?;
        if record.member.status != DELETED {
            return Err(FakeError::new(
                404,
                "no_deleted_member_found_for_reactivation",
                "No deleted Member was found to reactivate: the Member is not deleted.",
            ));
        }
        if !record.member.email_address_verified {
            return Err(FakeError::new(
                400,
                "email_unverified_for_reactivation",
                "Only a Member with a verified email address can be reactivated.",
            ));
        }
        let email = record.member.email_address.clone();
        if self
            .check_email_free(&organization_id, &email, Some(&member_id), Claim::Change)
            .is_err()
        {
            return Err(FakeError::new(
                400,
                "reactivation_email_belongs_to_another_member",
                format!("{email:?} belongs to another Member of the Organization now."),
            ));
        }
        let now = rfc3339(self.now());
        let mut record = self
            .members
            .get_mut(&member_id)
            .ok_or_else(member_not_found)?;
        record.member.status = ACTIVE.into();
        record.member.updated_at = Some(now);
        let member = record.member.clone();
        drop(record);
        let id = self.shared_id(&member_id);
        self.directory.add_email(&member, id);
        self.directory.add_retired(&member);
        Ok(member_id)
    }

    /// Recomputes the email-assigned roles of an organization's members (after its
    /// `rbac_email_implicit_role_assignments` changed).
    pub(crate) fn refresh_implicit_roles(&mut self, organization_id: &str) {
        let Some(organization) = self.organizations.get(organization_id) else {
            return;
        };
        let ids = self.member_ids_of(organization_id);
        for id in ids {
            let Some(mut record) = self.members.get_mut(&id) else {
                continue;
            };
            let direct = direct_roles(&record.member);
            if let Ok(roles) = member_roles(&direct, organization, &record.member.email_address) {
                record.member.is_admin = roles.iter().any(|r| r.role_id == ADMIN_ROLE);
                record.member.roles = roles;
            }
        }
    }

    /// Updates a live member (Update Member): only the fields given change; every check
    /// passes before anything changes.
    pub(crate) fn update_member(&mut self, request: &UpdateRequest) -> Result<String, FakeError> {
        let organization_id = self.resolve_organization(&request.organization_id)?;
        let member_id = self.resolve_member(&organization_id, &request.member_id)?;
        self.check_update(&organization_id, &member_id, request)?;
        let organization = self
            .organizations
            .get(&organization_id)
            .cloned()
            .ok_or_else(organization_not_found)?;
        let now = rfc3339(self.now());
        let mut record = self
            .members
            .get_mut(&member_id)
            .ok_or_else(member_not_found)?;
        let before = record.member.clone();
        apply_update(&mut record, request, &organization)?;
        record.member.updated_at = Some(now);
        let after = record.member.clone();
        drop(record);
        let id = self.shared_id(&member_id);
        let index = &mut self.directory;
        index.remove_email(&before);
        index.remove_retired(&before);
        index.remove_external_id(&before);
        index.add_email(&after, id);
        index.add_retired(&after);
        index.add_external_id(&after);
        Ok(member_id)
    }

    /// The checks of an update, before it changes anything.
    fn check_update(
        &self,
        organization_id: &str,
        member_id: &str,
        request: &UpdateRequest,
    ) -> Result<(), FakeError> {
        let member = &self
            .members
            .get(member_id)
            .ok_or_else(member_not_found)?
            .member;
        for metadata in [&request.trusted_metadata, &request.untrusted_metadata]
            .into_iter()
            .flatten()
        {
            check_metadata("metadata", metadata)?;
        }
        let phone = given(&request.mfa_phone_number);
        if let Some(p) = phone {
            if !is_e164(p) {
                return Err(invalid_phone_number(p));
            }
            if !member.mfa_phone_number.is_empty() && member.mfa_phone_number != p {
                return Err(FakeError::new(
                    400,
                    "duplicate_member_phone_number_for_member",
                    "The Member already has a phone number: delete it (delete_mfa_phone_number) before setting another.",
                ));
            }
        }
        if let Some(method) = given(&request.default_mfa_method) {
            let has = match method {
                SMS_OTP => phone.is_some() || !member.mfa_phone_number.is_empty(),
                TOTP => !member.totp_registration_id.is_empty(),
                other => {
                    return Err(FakeError::new(
                        400,
                        "invalid_mfa_default_method",
                        format!("default_mfa_method must be sms_otp or totp (got {other:?})."),
                    ));
                }
            };
            if !has {
                return Err(FakeError::new(
                    400,
                    "default_mfa_member_missing_factor",
                    format!("The Member has no {method} factor to make its default."),
                ));
            }
        }
        for role in request.roles.iter().flatten() {
            self.check_role_id(organization_id, role)?;
        }
        if let Some(email) = given(&request.email_address) {
            let email = email.trim();
            check_email_address(email)?;
            self.check_email_free(organization_id, email, Some(member_id), Claim::Change)?;
        }
        if let Some(ext) = given(&request.external_id) {
            self.check_member_external_id(organization_id, ext, Some(member_id))?;
        }
        Ok(())
    }
}

/// Applies a checked update to a member record.
fn apply_update(
    record: &mut MemberRecord,
    request: &UpdateRequest,
    organization: &Organization,
) -> Result<(), FakeError> {
    let member = &mut record.member;
    if let Some(name) = &request.name {
        member.name.clone_from(name);
    }
    if let Some(m) = &request.trusted_metadata {
        member.trusted_metadata.clone_from(m);
    }
    if let Some(m) = &request.untrusted_metadata {
        member.untrusted_metadata.clone_from(m);
    }
    if let Some(flag) = request.is_breakglass {
        member.is_breakglass = flag;
    }
    if let Some(flag) = request.mfa_enrolled {
        member.mfa_enrolled = flag;
    }
    if let Some(phone) = given(&request.mfa_phone_number) {
        if member.mfa_phone_number != phone {
            member.mfa_phone_number = phone.to_owned();
            member.mfa_phone_number_verified = false;
            record.phone_id = format!("phone-number-test-{}", uuid());
        }
    }
    if let Some(method) = given(&request.default_mfa_method) {
        member.default_mfa_method = method.to_owned();
    }
    if let Some(ext) = given(&request.external_id) {
        member.external_id = Some(ext.to_owned());
    }
    let email = given(&request.email_address).map(str::trim);
    if let Some(email) = email.filter(|e| !e.eq_ignore_ascii_case(&member.email_address)) {
        let old = std::mem::replace(&mut member.email_address, email.to_owned());
        member
            .retired_email_addresses
            .retain(|r| !r.email_address.eq_ignore_ascii_case(email));
        if request.unlink_email != Some(true) {
            member.retired_email_addresses.push(build(
                "a retired email",
                json!({"email_id": record.email_id, "email_address": old}),
            )?);
        }
        member.email_address_verified = false;
        member.member_password_id = String::new();
        record.password = None;
        record.email_id = format!("email-test-{}", uuid());
    }
    if request.roles.is_some() || email.is_some() {
        let direct = match &request.roles {
            Some(roles) => roles.clone(),
            None => direct_roles(&record.member),
        };
        let roles = member_roles(&direct, organization, &record.member.email_address)?;
        record.member.is_admin = roles.iter().any(|r| r.role_id == ADMIN_ROLE);
        record.member.roles = roles;
    }
    Ok(())
}

/// Stytch's admin role: `is_admin` says whether a member has it.
pub(crate) const ADMIN_ROLE: &str = "stytch_admin";

/// The roles assigned to a member directly (not `stytch_member`, which every member has).
fn direct_roles(member: &Member) -> Vec<String> {
    member
        .roles
        .iter()
        .filter(|r| r.role_id != DEFAULT_ROLE)
        .filter(|r| r.sources.iter().any(|s| s.r#type == "direct_assignment"))
        .map(|r| r.role_id.clone())
        .collect()
}

/// A member's roles: `stytch_member`, the direct ones, and those the organization assigns
/// to the email address's domain (source `email_assignment`).
pub(super) fn member_roles(
    direct: &[String],
    organization: &Organization,
    email: &str,
) -> Result<Vec<MemberRole>, FakeError> {
    let mut roles: Vec<Value> = Vec::new();
    let mut add =
        |role_id: &str, source: Value| match roles.iter_mut().find(|r| r["role_id"] == role_id) {
            Some(role) => {
                if let Some(sources) = role["sources"].as_array_mut() {
                    sources.push(source);
                }
            }
            None => roles.push(json!({"role_id": role_id, "sources": [source]})),
        };
    let assigned = json!({"type": "direct_assignment"});
    add(DEFAULT_ROLE, assigned.clone());
    let mut seen = HashSet::new();
    for role in direct.iter().filter(|r| r.as_str() != DEFAULT_ROLE) {
        if seen.insert(role) {
            add(role, assigned.clone());
        }
    }
    let domain = email_domain(email);
    for assignment in &organization.rbac_email_implicit_role_assignments {
        if assignment.domain.eq_ignore_ascii_case(&domain) {
            add(
                &assignment.role_id,
                json!({"type": "email_assignment", "details": {"email_domain": domain}}),
            );
        }
    }
    build("a member's roles", Value::Array(roles))
}
