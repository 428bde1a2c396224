//! Email logins into an organization: who a login-or-signup email goes to (an active
//! member, a pending or invited one, or a member provisioned just in time), invites, and
//! completing a login once its magic link or code is proven (into a member session the
//! request already holds, or through the login core, [`State::login`]).

use std::ops::RangeInclusive;

use super::*;
use crate::EmailKind;

/// `*_expiration_minutes` of magic links (login, signup, invite, discovery): 5 minutes to a
/// week.
pub(crate) const MAGIC_LINK_MINUTES: RangeInclusive<i32> = 5..=10_080;
/// `*_expiration_minutes` of email one-time passcodes: 2 to 15 minutes.
pub(crate) const EMAIL_OTP_MINUTES: RangeInclusive<i32> = 2..=15;

/// Who a login-or-signup email goes to.
#[derive(Debug, Clone)]
pub(crate) struct EmailTarget {
    /// The organization, as it is now.
    pub(crate) organization: Organization,
    /// The member the email goes to, as it is now.
    pub(crate) member: Member,
    /// Whether the member was provisioned just now (`member_created`).
    pub(crate) member_created: bool,
}

impl EmailTarget {
    /// Whether the member is active: a login email; otherwise (pending, invited) a signup
    /// email.
    pub(crate) fn active(&self) -> bool {
        self.member.status == "active"
    }
}

/// What an invite sets on the invitee besides the address.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Invite<'a> {
    /// The inviting member (an id or external id): checked, not shown (a Member object has
    /// no such field).
    pub(crate) invited_by_member_id: Option<&'a str>,
    /// The invitee's name; kept when absent or empty.
    pub(crate) name: Option<&'a str>,
    /// Replace the invitee's metadata when given.
    pub(crate) trusted_metadata: Option<&'a Map<String, Value>>,
    pub(crate) untrusted_metadata: Option<&'a Map<String, Value>>,
    /// Explicitly assigned roles; replace the invitee's when given.
    pub(crate) roles: Option<&'a [String]>,
}

/// How an email factor was proven, for [`State::email_login`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct EmailProof<'a> {
    /// The organization's id, as the token or code names it.
    pub(crate) organization_id: &'a str,
    /// The member's id, as the token or code names it.
    pub(crate) member_id: &'a str,
    /// The factor's type: `magic_link` or `otp`.
    pub(crate) kind: &'a str,
}

impl State {
    /// Who a login-or-signup email for `email_address` in `organization` (an id, slug or
    /// external id) goes to: the member with that address (a deleted one does not count),
    /// or a new `pending` member when the organization provisions the address's domain just
    /// in time; otherwise `email_jit_provisioning_not_allowed` or
    /// `invalid_email_for_jit_provisioning`.
    pub(crate) fn email_login_target(
        &mut self,
        organization: &str,
        email_address: &str,
    ) -> Result<EmailTarget, FakeError> {
        let email = checked_email(email_address)?;
        let organization_id = self.resolve_organization(organization)?;
        let organization = self
            .organization(&organization_id)
            .ok_or_else(organization_not_found)?;
        if let Some(member) = self.live_member_by_email(&organization_id, email) {
            return Ok(EmailTarget {
                organization,
                member: member.clone(),
                member_created: false,
            });
        }
        check_jit_provisioning(&organization, email)?;
        let spec = MemberSpec {
            email_address: email.to_owned(),
            status: "pending".into(),
            ..MemberSpec::default()
        };
        let member = self.create_member_with(&organization_id, spec)?;
        Ok(EmailTarget {
            organization,
            member,
            member_created: true,
        })
    }

    /// Invites `email_address` into `organization` (an id, slug or external id), as the
    /// organization's `email_invites` allows: a new member is `invited`; a pending or
    /// invited one becomes (stays) `invited` with the invite's details; an active one is
    /// `duplicate_member_email`.
    pub(crate) fn invite_member(
        &mut self,
        organization: &str,
        email_address: &str,
        invite: Invite<'_>,
    ) -> Result<(Organization, Member), FakeError> {
        let email = checked_email(email_address)?;
        let organization_id = self.resolve_organization(organization)?;
        let organization = self
            .organization(&organization_id)
            .ok_or_else(organization_not_found)?;
        check_invites(&organization, email)?;
        if let Some(inviter) = invite.invited_by_member_id.filter(|i| !i.is_empty()) {
            let inviter = self.resolve_member(&organization_id, inviter)?;
            if self.members.status(&inviter) == Some(DELETED) {
                return Err(member_not_found());
            }
        }
        let existing = self
            .live_member_by_email(&organization_id, email)
            .map(|m| (m.member_id.clone(), m.status == "active"));
        let member = match existing {
            Some((_, true)) => {
                return Err(FakeError::new(
                    400,
                    "duplicate_member_email",
                    format!(
                        "{email} is already an active Member of this Organization: there is nothing to invite them to."
                    ),
                ));
            }
            Some((member_id, false)) => self.reinvite(&member_id, invite)?,
            None => self.create_member_with(&organization_id, invitee(email, invite))?,
        };
        Ok((organization, member))
    }

    /// A pending or invited member invited (again): `invited`, with the invite's details.
    fn reinvite(&mut self, member_id: &str, invite: Invite<'_>) -> Result<Member, FakeError> {
        let now = rfc3339(self.now());
        let mut record = self
            .members
            .get_mut(member_id)
            .ok_or_else(member_not_found)?;
        let member = &mut record.member;
        member.status = "invited".into();
        if let Some(name) = invite.name.filter(|n| !n.is_empty()) {
            name.clone_into(&mut member.name);
        }
        if let Some(metadata) = invite.trusted_metadata {
            member.trusted_metadata = metadata.clone();
        }
        if let Some(metadata) = invite.untrusted_metadata {
            member.untrusted_metadata = metadata.clone();
        }
        if let Some(roles) = invite.roles {
            member.roles = build("member roles", member_roles(roles))?;
        }
        member.updated_at = Some(now);
        Ok(member.clone())
    }

    /// Completes a login whose email factor (a magic link or an email code) is proven; also
    /// answers the email's id (`method_id`). With a live member session of the same member
    /// (`session`, a token or a JWT's claims) the factor joins that session and no MFA step
    /// is due; a session of another member is ignored. Otherwise the login core decides
    /// ([`State::login`]: primary_required, the MFA step, or a new session).
    pub(crate) fn email_login<'a>(
        &mut self,
        project_id: &str,
        proof: EmailProof<'_>,
        session: Option<SessionArg<'a>>,
        mut options: SessionOptions<'a>,
    ) -> Result<(Login, String), FakeError> {
        let now = self.now();
        let record = self
            .members
            .get(proof.member_id)
            .filter(|r| r.member.status != "deleted")
            .ok_or_else(member_not_found)?;
        let email_id = record.email_id.clone();
        let factor = email_factor(proof.kind, &email_id, &record.member.email_address, now)?;
        let organization = self
            .organization(proof.organization_id)
            .ok_or_else(organization_not_found)?;
        let own = match &session {
            Some(SessionArg::Intermediate(token)) => {
                options.intermediate_session_token = Some(*token);
                None
            }
            Some(arg) => self.own_session(project_id, arg, proof, now)?,
            None => None,
        };
        let allowed = auth_method_of(&factor)
            .is_some_and(|method| Self::auth_method_allowed(&organization, method));
        let mut login = match own {
            Some(session_id) if allowed => {
                self.login_in_session(project_id, &session_id, factor, options)?
            }
            _ => self.login(
                project_id,
                proof.organization_id,
                proof.member_id,
                factor,
                options,
            )?,
        };
        self.settle_joined(&options, &mut login);
        Ok((login, email_id))
    }

    /// Checks, changing nothing, what [`State::email_login`] would refuse besides the email
    /// factor itself: the session argument (a live member session, or an intermediate
    /// session the member may join), the member, the organization and the session options.
    /// A flow calls it before it spends the token or code, so that a refused request leaves
    /// it usable.
    pub(crate) fn check_email_login<'a>(
        &self,
        project_id: &str,
        proof: EmailProof<'_>,
        session: &Option<SessionArg<'a>>,
        mut options: SessionOptions<'a>,
    ) -> Result<(), FakeError> {
        let now = self.now();
        let own = match session {
            Some(SessionArg::Intermediate(token)) => {
                options.intermediate_session_token = Some(*token);
                None
            }
            Some(arg) => self.own_session(project_id, arg, proof, now)?,
            None => None,
        };
        if let Some(session_id) = own {
            let session = self
                .sessions
                .get(&session_id)
                .ok_or_else(session_not_found)?;
            merge_claims(session.custom_claims.clone(), options.custom_claims)?;
        }
        self.check_login(proof.organization_id, proof.member_id, &options)
    }

    /// The id of the live member session a session token or JWT names, when it is the
    /// proven member's in the same organization; `None` for another member's session.
    pub(crate) fn own_session(
        &self,
        project_id: &str,
        arg: &SessionArg<'_>,
        proof: EmailProof<'_>,
        now: Timestamp,
    ) -> Result<Option<String>, FakeError> {
        let session = match arg {
            SessionArg::Intermediate(_) => return Ok(None),
            SessionArg::Token(token) => self
                .session_tokens
                .get(*token)
                .and_then(|id| self.sessions.get(id))
                .filter(|s| s.expires_at > now)
                .ok_or_else(session_not_found)?,
            SessionArg::Jwt(claims) => self.session_of_jwt(project_id, claims, now, false)?,
        };
        let own = session.member_id == proof.member_id
            && session.organization_id == proof.organization_id;
        Ok(own.then(|| session.id.clone()))
    }

    /// Adds a proven factor to a live member session and extends it by the requested (or
    /// default) duration, merging custom claims; activates the member.
    pub(crate) fn login_in_session(
        &mut self,
        project_id: &str,
        session_id: &str,
        factor: AuthenticationFactor,
        options: SessionOptions<'_>,
    ) -> Result<Login, FakeError> {
        let now = self.now();
        self.count_write(now);
        let minutes = session_minutes(options.duration_minutes)?;
        let session = self
            .sessions
            .get(session_id)
            .ok_or_else(session_not_found)?;
        let claims = merge_claims(session.custom_claims.clone(), options.custom_claims)?;
        let member_id = session.member_id.clone();
        self.activate_member(&member_id, now)?;
        let session = self
            .sessions
            .get_mut(session_id)
            .ok_or_else(session_not_found)?;
        upsert_factor(&mut session.factors, factor);
        session.last_accessed_at = now;
        session.expires_at = now
            .saturating_add(SignedDuration::from_mins(i64::from(minutes)))
            .unwrap_or(Timestamp::MAX);
        session.custom_claims = claims;
        self.session_login(project_id, session_id, now)
    }

    /// A discovery login proven by an email factor of `kind` (`magic_link` or `otp`) for
    /// `email_address`: the discovery intermediate session's token and the organizations
    /// the address can log in to with that factor's auth method.
    pub(crate) fn email_discovery_login(
        &mut self,
        email_address: &str,
        kind: &str,
    ) -> Result<(String, Vec<Value>), FakeError> {
        let now = self.now();
        let factor = email_factor(kind, "", email_address, now)?;
        let method = auth_method_of(&factor).unwrap_or_default();
        let found = self.discovered_organizations(email_address, method);
        let token = self.discovery_session(email_address, factor);
        Ok((token, found))
    }
}

/// The email address of a request, trimmed; `invalid_email` (400) unless it has a local
/// part, an `@` and a domain, without whitespace.
pub(crate) fn checked_email(email_address: &str) -> Result<&str, FakeError> {
    let email = email_address.trim();
    let fine = email
        .rsplit_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty())
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    if fine {
        return Ok(email);
    }
    Err(FakeError::new(
        400,
        "invalid_email",
        format!("Email format is invalid: {email_address:?}."),
    ))
}

/// `*_expiration_minutes` of an emailed token or code: `default` when absent, within
/// `bounds`, else `error_type` (400).
pub(crate) fn email_ttl(
    minutes: Option<i32>,
    default: i32,
    bounds: &RangeInclusive<i32>,
    field: &str,
    error_type: &str,
) -> Result<SignedDuration, FakeError> {
    let minutes = minutes.unwrap_or(default);
    if bounds.contains(&minutes) {
        return Ok(SignedDuration::from_mins(i64::from(minutes)));
    }
    Err(FakeError::new(
        400,
        error_type,
        format!(
            "{field} must be between {} and {} minutes (got {minutes}).",
            bounds.start(),
            bounds.end()
        ),
    ))
}

/// Whether an organization provisions a new member for `email` at login or signup:
/// `email_jit_provisioning` `RESTRICTED` and the address's domain in
/// `email_allowed_domains`.
pub(crate) fn check_jit_provisioning(
    organization: &Organization,
    email: &str,
) -> Result<(), FakeError> {
    let domain = email_domain(email);
    if jit_allows(organization, &domain) {
        return Ok(());
    }
    if organization.email_jit_provisioning == "RESTRICTED" {
        return Err(FakeError::new(
            400,
            "invalid_email_for_jit_provisioning",
            format!(
                "{email} is not a Member of this Organization and its domain is not one of the Organization's email_allowed_domains, so it cannot be provisioned just in time."
            ),
        ));
    }
    Err(FakeError::new(
        400,
        "email_jit_provisioning_not_allowed",
        format!(
            "{email} is not a Member of this Organization, and the Organization does not provision Members by email just in time (email_jit_provisioning is {}).",
            organization.email_jit_provisioning
        ),
    ))
}

/// Whether an organization's `email_invites` lets it invite `email`: `ALL_ALLOWED`, or
/// `RESTRICTED` with the domain in `email_allowed_domains`; otherwise
/// `invalid_email_for_invites` (400).
fn check_invites(organization: &Organization, email: &str) -> Result<(), FakeError> {
    let domain = email_domain(email);
    let allowed = match organization.email_invites.as_str() {
        "ALL_ALLOWED" => true,
        "RESTRICTED" => organization
            .email_allowed_domains
            .iter()
            .any(|d| d.eq_ignore_ascii_case(&domain)),
        _ => false,
    };
    if allowed {
        return Ok(());
    }
    Err(FakeError::new(
        400,
        "invalid_email_for_invites",
        format!(
            "The Organization's email_invites setting ({}, allowed domains: {}) does not allow inviting {email}.",
            organization.email_invites,
            organization.email_allowed_domains.join(", ")
        ),
    ))
}

/// The member an invite creates: `invited`, with the invite's details (roles checked as
/// the API checks them).
// The directory's `MemberSpec` has more fields than this branch's stand-in.
#[allow(clippy::needless_update)]
fn invitee(email: &str, invite: Invite<'_>) -> MemberSpec {
    MemberSpec {
        email_address: email.to_owned(),
        name: invite.name.unwrap_or_default().to_owned(),
        status: "invited".into(),
        roles: invite.roles.unwrap_or_default().to_vec(),
        strict: true,
        trusted_metadata: invite.trusted_metadata.cloned().unwrap_or_default(),
        untrusted_metadata: invite.untrusted_metadata.cloned().unwrap_or_default(),
        ..MemberSpec::default()
    }
}

/// A member's roles: `stytch_member`, then `roles` (each a direct assignment).
fn member_roles(roles: &[String]) -> Value {
    std::iter::once(DEFAULT_ROLE)
        .chain(
            roles
                .iter()
                .map(String::as_str)
                .filter(|r| *r != DEFAULT_ROLE && !r.is_empty()),
        )
        .map(|role_id| json!({"role_id": role_id, "sources": [{"type": "direct_assignment"}]}))
        .collect()
}

/// The error of a magic link token that was not accepted: unknown (404
/// `magic_link_not_found`), or used or expired (401 `unable_to_auth_magic_link`).
pub(crate) fn magic_link_problem(problem: TokenProblem) -> FakeError {
    match problem {
        TokenProblem::NotFound => FakeError::new(
            404,
            "magic_link_not_found",
            "The magic link could not be found.",
        ),
        _ => FakeError::new(
            401,
            "unable_to_auth_magic_link",
            "The magic link could not be authenticated because it was either already used or expired. Send another magic link to this user.",
        ),
    }
}

/// The error of an email code that was not accepted: wrong or none sent (404
/// `otp_code_not_found`), or used or expired (401 `unable_to_auth_otp_code`).
pub(crate) fn email_code_problem(problem: TokenProblem) -> FakeError {
    match problem {
        TokenProblem::NotFound => otp_code_not_found("no code was sent to this address"),
        TokenProblem::WrongCode => FakeError::new(
            404,
            "otp_code_not_found",
            "The passcode was incorrect and could not be authenticated, encourage the user to try inputting the passcode again or send another passcode.",
        ),
        TokenProblem::TooManyAttempts => otp_code_not_found(
            "wrong code, and too many wrong codes were tried: send another passcode",
        ),
        TokenProblem::Expired => FakeError::new(
            401,
            "unable_to_auth_otp_code",
            "The passcode could not be authenticated because it was either already used or expired. Send another passcode to this user.",
        ),
    }
}

/// Refuses a code that is not six digits: `invalid_code` (400), no attempt counted.
pub(crate) fn check_code_format(code: &str) -> Result<(), FakeError> {
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(());
    }
    Err(FakeError::new(
        400,
        "invalid_code",
        "Code format is invalid: a passcode is six digits.",
    ))
}

/// The kinds of email a magic link at `magic_links.authenticate` may come from.
pub(crate) const ORGANIZATION_LINKS: &[EmailKind] = &[
    EmailKind::Login,
    EmailKind::Signup,
    EmailKind::Invite,
    EmailKind::EmailUpdate,
];
