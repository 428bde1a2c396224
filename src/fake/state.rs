//! The fake's data and Stytch's rules for the two SMS OTP endpoints.
//!
//! [`Shared`] implements the generated [`Service`] trait; every method locks the one
//! `Mutex<State>`, does its work without awaiting and returns the generated response type.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde_json::{Map, Value, json};

use super::util::{base64url, is_e164, otp_code, random_bytes, rfc3339, token, uuid};
use super::{FakeError, MfaPolicy, NewMember, NewOrganization, SentSms};
use crate::organizations::{Member, MemberRole, MemberRoleSource, Organization};
use crate::otp_sms::{AuthenticateRequest, AuthenticateResponse, SendRequest, SendResponse};
use crate::server::{Failure, Service};
use crate::sessions::{AuthenticationFactor, MemberSession};

/// SMS passcodes expire two minutes after they are sent.
pub(crate) const OTP_TTL_MS: u64 = 2 * 60 * 1000;
/// Intermediate session tokens expire after ten minutes.
pub(crate) const IST_TTL_MS: u64 = 10 * 60 * 1000;
/// Session JWTs are valid for five minutes, whatever the session's lifetime.
const JWT_TTL_SECS: u64 = 5 * 60;
const DEFAULT_SESSION_MINUTES: i32 = 60;
const SESSION_MINUTES: std::ops::RangeInclusive<i32> = 5..=527_040;
/// Largest serialized size of a session's custom claims.
pub(crate) const MAX_CUSTOM_CLAIMS_BYTES: usize = 4096;
const RESERVED_CLAIMS: &[&str] = &["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];
const STYTCH_CLAIM_PREFIX: &str = "https://stytch.com/";
const DEFAULT_ROLE: &str = "stytch_member";

/// What the HTTP server and the [`FakeStytch`](super::FakeStytch) handle share.
pub(crate) struct Shared {
    pub(crate) project_id: String,
    pub(crate) secret: String,
    state: Mutex<State>,
}

impl Shared {
    pub(crate) fn new(project_id: String, secret: String) -> Self {
        Self {
            project_id,
            secret,
            state: Mutex::new(State::default()),
        }
    }

    /// Locks the state; a panic in another thread never makes the fake unusable.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Service for Shared {
    fn otps_sms_send(&self, request: SendRequest) -> Result<SendResponse, Failure> {
        self.lock().send(request).map_err(FakeError::into_failure)
    }

    fn otps_sms_authenticate(
        &self,
        request: AuthenticateRequest,
    ) -> Result<AuthenticateResponse, Failure> {
        let project_id = &self.project_id;
        self.lock()
            .authenticate(project_id, request)
            .map_err(FakeError::into_failure)
    }
}

/// A fresh Stytch-style request id.
pub(crate) fn request_id() -> String {
    format!("request-id-test-{}", uuid())
}

#[derive(Default)]
pub(crate) struct State {
    clock_offset_ms: u64,
    organizations: HashMap<String, Organization>,
    members: HashMap<String, MemberRecord>,
    /// The one live passcode of each member, by member id.
    otps: HashMap<String, ActiveOtp>,
    outbox: Vec<SentSms>,
    intermediate_sessions: HashMap<String, IntermediateSession>,
    sessions: HashMap<String, SessionRecord>,
    session_tokens: HashMap<String, String>,
    session_jwts: HashMap<String, String>,
}

struct MemberRecord {
    member: Member,
    email_id: String,
    phone_id: String,
}

struct ActiveOtp {
    code: String,
    phone_number: String,
    expires_at_ms: u64,
}

struct IntermediateSession {
    organization_id: String,
    member_id: String,
    expires_at_ms: u64,
    factors: Vec<AuthenticationFactor>,
}

struct SessionRecord {
    id: String,
    organization_id: String,
    member_id: String,
    token: String,
    started_at_ms: u64,
    last_accessed_at_ms: u64,
    expires_at_ms: u64,
    factors: Vec<AuthenticationFactor>,
    custom_claims: Map<String, Value>,
}

/// The session argument of a request, by kind.
#[derive(Clone, Copy)]
enum SessionArg<'a> {
    Intermediate(&'a str),
    Token(&'a str),
    Jwt(&'a str),
}

/// A session argument that was found, is live and belongs to the member.
enum Resolved {
    /// An intermediate session token (the key of `intermediate_sessions`).
    Intermediate(String),
    /// A member session id (the key of `sessions`).
    Session(String),
}

/// An optional string argument, with `""` read as absent (as Stytch does).
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

fn session_arg<'a>(
    ist: &'a Option<String>,
    session_token: &'a Option<String>,
    session_jwt: &'a Option<String>,
) -> Result<Option<SessionArg<'a>>, FakeError> {
    let args: Vec<SessionArg<'a>> = [
        given(ist).map(SessionArg::Intermediate),
        given(session_token).map(SessionArg::Token),
        given(session_jwt).map(SessionArg::Jwt),
    ]
    .into_iter()
    .flatten()
    .collect();
    match args.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(*one)),
        _ => Err(FakeError::new(
            400,
            "too_many_session_arguments",
            "Pass at most one of intermediate_session_token, session_token and session_jwt.",
        )),
    }
}

fn organization_not_found() -> FakeError {
    FakeError::new(
        404,
        "organization_not_found",
        "Organization could not be found.",
    )
}

fn member_not_found() -> FakeError {
    FakeError::new(404, "member_not_found", "Member could not be found.")
}

fn invalid_phone_number(phone: &str) -> FakeError {
    FakeError::new(
        400,
        "invalid_phone_number",
        format!(
            "Phone number {phone:?} is invalid: use E.164 format, a '+' followed by 2 to 15 digits, e.g. +15555550123."
        ),
    )
}

fn otp_code_not_found(why: &str) -> FakeError {
    FakeError::new(
        404,
        "otp_code_not_found",
        format!("The OTP code could not be found: {why}."),
    )
}

fn session_member_mismatch() -> FakeError {
    FakeError::new(
        400,
        "session_member_mismatch",
        "The session argument belongs to a different Member or Organization than the one in the request.",
    )
}

/// Builds a factor through serde: `AuthenticationFactor` has dozens of optional fields.
fn factor(value: Value) -> Result<AuthenticationFactor, FakeError> {
    serde_json::from_value(value).map_err(|e| {
        FakeError::new(
            500,
            "internal_server_error",
            format!("the fake could not build an authentication factor: {e}"),
        )
    })
}

impl State {
    /// The fake clock, in milliseconds since the Unix epoch (at most the end of year 9999,
    /// however far it is advanced).
    pub(crate) fn now_ms(&self) -> u64 {
        const MAX_MS: u64 = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
        super::util::unix_millis(std::time::SystemTime::now())
            .saturating_add(self.clock_offset_ms)
            .min(MAX_MS)
    }

    pub(crate) fn advance_clock(&mut self, by_ms: u64) {
        self.clock_offset_ms = self.clock_offset_ms.saturating_add(by_ms);
    }

    pub(crate) fn outbox(&self) -> &[SentSms] {
        &self.outbox
    }

    pub(crate) fn member(&self, member_id: &str) -> Option<Member> {
        self.members.get(member_id).map(|r| r.member.clone())
    }

    pub(crate) fn organization(&self, organization_id: &str) -> Option<Organization> {
        self.organizations.get(organization_id).cloned()
    }

    /// The id of the organization with this id, slug or external id.
    fn resolve_organization(&self, key: &str) -> Result<String, FakeError> {
        if key.is_empty() {
            return Err(organization_not_found());
        }
        if self.organizations.contains_key(key) {
            return Ok(key.to_owned());
        }
        self.organizations
            .values()
            .find(|o| {
                o.organization_slug == key || o.organization_external_id.as_deref() == Some(key)
            })
            .map(|o| o.organization_id.clone())
            .ok_or_else(organization_not_found)
    }

    /// The id of the member of `organization_id` with this id or external id.
    fn resolve_member(&self, organization_id: &str, key: &str) -> Result<String, FakeError> {
        if key.is_empty() {
            return Err(member_not_found());
        }
        if let Some(r) = self.members.get(key) {
            if r.member.organization_id == organization_id {
                return Ok(key.to_owned());
            }
        }
        self.members
            .values()
            .find(|r| {
                r.member.organization_id == organization_id
                    && r.member.external_id.as_deref() == Some(key)
            })
            .map(|r| r.member.member_id.clone())
            .ok_or_else(member_not_found)
    }

    /// Checks that a session argument exists, is live and belongs to the member.
    fn resolve_session_arg(
        &self,
        arg: SessionArg<'_>,
        organization_id: &str,
        member_id: &str,
        now: u64,
    ) -> Result<Resolved, FakeError> {
        let session_not_found = || {
            FakeError::new(
                404,
                "session_not_found",
                "Session could not be found (unknown, revoked or expired).",
            )
        };
        let (owner, resolved) = match arg {
            SessionArg::Intermediate(t) => {
                let ist = self
                    .intermediate_sessions
                    .get(t)
                    .filter(|i| i.expires_at_ms > now)
                    .ok_or_else(|| {
                        FakeError::new(
                            404,
                            "intermediate_session_not_found",
                            "Intermediate session could not be found (unknown, already used or expired).",
                        )
                    })?;
                (
                    (&ist.organization_id, &ist.member_id),
                    Resolved::Intermediate(t.to_owned()),
                )
            }
            SessionArg::Token(t) | SessionArg::Jwt(t) => {
                let index = match arg {
                    SessionArg::Token(_) => &self.session_tokens,
                    _ => &self.session_jwts,
                };
                let session = index
                    .get(t)
                    .and_then(|id| self.sessions.get(id))
                    .filter(|s| s.expires_at_ms > now)
                    .ok_or_else(session_not_found)?;
                (
                    (&session.organization_id, &session.member_id),
                    Resolved::Session(session.id.clone()),
                )
            }
        };
        if owner.0 != organization_id || owner.1 != member_id {
            return Err(session_member_mismatch());
        }
        Ok(resolved)
    }

    pub(crate) fn create_organization(
        &mut self,
        new: NewOrganization,
    ) -> Result<Organization, FakeError> {
        let NewOrganization {
            name,
            slug,
            mfa_policy,
            external_id,
        } = new;
        if name.trim().is_empty() {
            return Err(FakeError::new(
                400,
                "invalid_organization_name",
                "organization_name must not be empty.",
            ));
        }
        if slug.is_empty() || slug.chars().any(|c| c.is_whitespace() || c == '/') {
            return Err(FakeError::new(
                400,
                "invalid_organization_slug",
                "organization_slug must be non-empty, without whitespace or '/'.",
            ));
        }
        let taken = |key: &str| self.resolve_organization(key).is_ok();
        if taken(&slug) {
            return Err(FakeError::new(
                400,
                "organization_slug_already_used",
                format!("An Organization with slug {slug:?} already exists."),
            ));
        }
        if let Some(ext) = &external_id {
            if ext.is_empty() || taken(ext) {
                return Err(FakeError::new(
                    400,
                    "organization_external_id_already_used",
                    format!("External id {ext:?} is empty or already used."),
                ));
            }
        }
        let now = rfc3339(self.now_ms());
        let organization = Organization {
            organization_id: format!("organization-test-{}", uuid()),
            organization_name: name,
            organization_slug: slug,
            sso_jit_provisioning: "ALL_ALLOWED".into(),
            email_jit_provisioning: "NOT_ALLOWED".into(),
            email_invites: "ALL_ALLOWED".into(),
            auth_methods: "ALL_ALLOWED".into(),
            mfa_policy: mfa_policy.as_str().into(),
            mfa_methods: "ALL_ALLOWED".into(),
            oauth_tenant_jit_provisioning: "NOT_ALLOWED".into(),
            first_party_connected_apps_allowed_type: "ALL_ALLOWED".into(),
            third_party_connected_apps_allowed_type: "ALL_ALLOWED".into(),
            created_at: Some(now.clone()),
            updated_at: Some(now),
            organization_external_id: external_id,
            ..Organization::default()
        };
        self.organizations
            .insert(organization.organization_id.clone(), organization.clone());
        Ok(organization)
    }

    pub(crate) fn create_member(
        &mut self,
        organization: &str,
        new: NewMember,
    ) -> Result<Member, FakeError> {
        let organization_id = self.resolve_organization(organization)?;
        let NewMember {
            email_address,
            name,
            phone_number,
            external_id,
        } = new;
        let email = email_address.trim();
        if !email.contains('@') || email.starts_with('@') || email.ends_with('@') {
            return Err(FakeError::new(
                400,
                "invalid_email",
                format!("Email address {email:?} is invalid."),
            ));
        }
        let in_org = || {
            self.members
                .values()
                .filter(|r| r.member.organization_id == organization_id)
        };
        if in_org().any(|r| r.member.email_address.eq_ignore_ascii_case(email)) {
            return Err(FakeError::new(
                400,
                "duplicate_email",
                format!("A Member with email {email:?} already exists in this Organization."),
            ));
        }
        if let Some(ext) = &external_id {
            if ext.is_empty() || in_org().any(|r| r.member.external_id.as_deref() == Some(ext)) {
                return Err(FakeError::new(
                    400,
                    "duplicate_member_external_id",
                    format!("External id {ext:?} is empty or already used in this Organization."),
                ));
            }
        }
        let phone = phone_number.filter(|p| !p.is_empty());
        if let Some(p) = &phone {
            if !is_e164(p) {
                return Err(invalid_phone_number(p));
            }
        }
        let now = rfc3339(self.now_ms());
        let member = Member {
            organization_id,
            member_id: format!("member-test-{}", uuid()),
            email_address: email.to_owned(),
            status: "active".into(),
            name,
            mfa_phone_number: phone.clone().unwrap_or_default(),
            roles: vec![MemberRole {
                role_id: DEFAULT_ROLE.into(),
                sources: vec![MemberRoleSource {
                    r#type: "direct_assignment".into(),
                    ..MemberRoleSource::default()
                }],
            }],
            created_at: Some(now.clone()),
            updated_at: Some(now),
            external_id,
            ..Member::default()
        };
        let record = MemberRecord {
            member: member.clone(),
            email_id: format!("email-test-{}", uuid()),
            phone_id: phone
                .map(|_| format!("phone-number-test-{}", uuid()))
                .unwrap_or_default(),
        };
        self.members.insert(member.member_id.clone(), record);
        Ok(member)
    }

    /// Mints an intermediate session token as a primary email magic link login would.
    pub(crate) fn mint_intermediate_session(
        &mut self,
        organization: &str,
        member: &str,
    ) -> Result<String, FakeError> {
        let organization_id = self.resolve_organization(organization)?;
        let member_id = self.resolve_member(&organization_id, member)?;
        let now = self.now_ms();
        let record = self
            .members
            .get_mut(&member_id)
            .ok_or_else(member_not_found)?;
        let at = rfc3339(now);
        let email_factor = factor(json!({
            "type": "magic_link",
            "delivery_method": "email",
            "last_authenticated_at": at,
            "created_at": at,
            "updated_at": at,
            "email_factor": {
                "email_id": record.email_id,
                "email_address": record.member.email_address,
            },
        }))?;
        record.member.email_address_verified = true;
        let token = token();
        self.intermediate_sessions.insert(
            token.clone(),
            IntermediateSession {
                organization_id,
                member_id,
                expires_at_ms: now.saturating_add(IST_TTL_MS),
                factors: vec![email_factor],
            },
        );
        Ok(token)
    }

    fn send(&mut self, req: SendRequest) -> Result<SendResponse, FakeError> {
        let now = self.now_ms();
        let phone = given(&req.mfa_phone_number);
        if let Some(p) = phone {
            if !is_e164(p) {
                return Err(invalid_phone_number(p));
            }
        }
        let arg = session_arg(
            &req.intermediate_session_token,
            &req.session_token,
            &req.session_jwt,
        )?;
        let organization_id = self.resolve_organization(&req.organization_id)?;
        let member_id = self.resolve_member(&organization_id, &req.member_id)?;
        if let Some(arg) = arg {
            self.resolve_session_arg(arg, &organization_id, &member_id, now)?;
        }
        let organization = self
            .organizations
            .get(&organization_id)
            .cloned()
            .ok_or_else(organization_not_found)?;
        let record = self
            .members
            .get_mut(&member_id)
            .ok_or_else(member_not_found)?;
        let existing = &record.member.mfa_phone_number;
        let phone_number = match phone {
            Some(p) if !existing.is_empty() && p != existing => {
                return Err(FakeError::new(
                    400,
                    "mfa_phone_number_mismatch",
                    "The Member already has a different phone number; mfa_phone_number must match it or be omitted.",
                ));
            }
            _ if !existing.is_empty() => existing.clone(),
            Some(p) => {
                record.member.mfa_phone_number = p.to_owned();
                record.member.mfa_phone_number_verified = false;
                record.member.updated_at = Some(rfc3339(now));
                record.phone_id = format!("phone-number-test-{}", uuid());
                p.to_owned()
            }
            None => {
                return Err(FakeError::new(
                    400,
                    "mfa_phone_number_required",
                    "The Member has no phone number yet: pass mfa_phone_number.",
                ));
            }
        };
        let member = record.member.clone();
        let code = otp_code();
        self.otps.insert(
            member_id.clone(),
            ActiveOtp {
                code: code.clone(),
                phone_number: phone_number.clone(),
                expires_at_ms: now.saturating_add(OTP_TTL_MS),
            },
        );
        self.outbox.push(SentSms {
            organization_id,
            member_id: member_id.clone(),
            phone_number,
            code,
            locale: req.locale.as_ref().map_or("en", |l| l.as_str()).to_owned(),
            sent_at: rfc3339(now),
        });
        Ok(SendResponse {
            request_id: request_id(),
            member_id,
            member,
            organization,
            status_code: 200,
        })
    }

    fn authenticate(
        &mut self,
        project_id: &str,
        req: AuthenticateRequest,
    ) -> Result<AuthenticateResponse, FakeError> {
        let now = self.now_ms();
        let arg = session_arg(
            &req.intermediate_session_token,
            &req.session_token,
            &req.session_jwt,
        )?
        .ok_or_else(|| {
            FakeError::new(
                400,
                "no_session_arguments",
                "Pass exactly one of intermediate_session_token, session_token and session_jwt.",
            )
        })?;
        let minutes = req
            .session_duration_minutes
            .unwrap_or(DEFAULT_SESSION_MINUTES);
        if !SESSION_MINUTES.contains(&minutes) {
            return Err(FakeError::new(
                400,
                "invalid_session_duration_minutes",
                format!(
                    "session_duration_minutes must be between {} and {} (got {minutes}).",
                    SESSION_MINUTES.start(),
                    SESSION_MINUTES.end()
                ),
            ));
        }
        let enrollment = match given(&req.set_mfa_enrollment) {
            None => None,
            Some("enroll") => Some(true),
            Some("unenroll") => Some(false),
            Some(other) => {
                return Err(FakeError::new(
                    400,
                    "invalid_set_mfa_enrollment",
                    format!(
                        "set_mfa_enrollment must be \"enroll\" or \"unenroll\" (got {other:?})."
                    ),
                ));
            }
        };
        let organization_id = self.resolve_organization(&req.organization_id)?;
        let member_id = self.resolve_member(&organization_id, &req.member_id)?;
        let resolved = self.resolve_session_arg(arg, &organization_id, &member_id, now)?;

        let base_claims = match &resolved {
            Resolved::Session(id) => self
                .sessions
                .get(id)
                .map(|s| s.custom_claims.clone())
                .unwrap_or_default(),
            Resolved::Intermediate(_) => Map::new(),
        };
        let custom_claims = merge_claims(base_claims, req.session_custom_claims.as_ref())?;

        match self.otps.get(&member_id) {
            None => {
                return Err(otp_code_not_found(
                    "no code was sent to this Member, or it was already used",
                ));
            }
            Some(otp) if otp.code != req.code => return Err(otp_code_not_found("wrong code")),
            Some(otp) if otp.expires_at_ms <= now => {
                self.otps.remove(&member_id);
                return Err(otp_code_not_found("the code has expired"));
            }
            Some(_) => {}
        }
        let organization = self
            .organizations
            .get(&organization_id)
            .cloned()
            .ok_or_else(organization_not_found)?;
        let record = self
            .members
            .get_mut(&member_id)
            .ok_or_else(member_not_found)?;
        let otp = self
            .otps
            .remove(&member_id)
            .ok_or_else(|| otp_code_not_found("already used"))?;

        // The Member.
        let at = rfc3339(now);
        record.member.mfa_phone_number_verified = true;
        if organization.mfa_policy == MfaPolicy::RequiredForAll.as_str() {
            record.member.mfa_enrolled = true;
        } else if let Some(enroll) = enrollment {
            record.member.mfa_enrolled = enroll;
        }
        if req.set_default_mfa == Some(true) {
            record.member.default_mfa_method = "sms_otp".into();
        }
        record.member.updated_at = Some(at.clone());
        let member = record.member.clone();
        let sms_factor = factor(json!({
            "type": "otp",
            "delivery_method": "sms",
            "last_authenticated_at": at,
            "created_at": at,
            "updated_at": at,
            "phone_number_factor": {
                "phone_id": record.phone_id,
                "phone_number": otp.phone_number,
            },
        }))?;

        // The session: created for an intermediate session, extended otherwise.
        let expires_at_ms = now.saturating_add(u64::from(minutes.unsigned_abs()) * 60_000);
        let session_id = match resolved {
            Resolved::Intermediate(ist) => {
                let mut factors = self
                    .intermediate_sessions
                    .remove(&ist)
                    .map(|i| i.factors)
                    .unwrap_or_default();
                factors.push(sms_factor);
                let session = SessionRecord {
                    id: format!("member-session-test-{}", uuid()),
                    organization_id: organization.organization_id.clone(),
                    member_id: member_id.clone(),
                    token: token(),
                    started_at_ms: now,
                    last_accessed_at_ms: now,
                    expires_at_ms,
                    factors,
                    custom_claims,
                };
                self.session_tokens
                    .insert(session.token.clone(), session.id.clone());
                let id = session.id.clone();
                self.sessions.insert(id.clone(), session);
                id
            }
            Resolved::Session(id) => {
                let session = self.sessions.get_mut(&id).ok_or_else(|| {
                    FakeError::new(404, "session_not_found", "Session could not be found.")
                })?;
                session.last_accessed_at_ms = now;
                session.expires_at_ms = expires_at_ms;
                session.custom_claims = custom_claims;
                upsert_factor(&mut session.factors, sms_factor);
                id
            }
        };
        let session = self.sessions.get(&session_id).ok_or_else(|| {
            FakeError::new(404, "session_not_found", "Session could not be found.")
        })?;
        let member_session = member_session(session, &organization);
        let session_token = session.token.clone();
        let session_jwt = jwt(project_id, &member_session, now)?;
        self.session_jwts
            .insert(session_jwt.clone(), session_id.clone());

        Ok(AuthenticateResponse {
            request_id: request_id(),
            member_id,
            member,
            organization,
            session_token,
            session_jwt,
            status_code: 200,
            member_session: Some(member_session),
            member_device: None,
        })
    }
}

/// Applies `updates` to `claims`: reserved claims are ignored, `null` deletes a key.
fn merge_claims(
    mut claims: Map<String, Value>,
    updates: Option<&Map<String, Value>>,
) -> Result<Map<String, Value>, FakeError> {
    for (key, value) in updates.into_iter().flatten() {
        if RESERVED_CLAIMS.contains(&key.as_str()) || key.starts_with(STYTCH_CLAIM_PREFIX) {
            continue;
        }
        if value.is_null() {
            claims.remove(key);
        } else {
            claims.insert(key.clone(), value.clone());
        }
    }
    let size = serde_json::to_vec(&claims).map_or(usize::MAX, |v| v.len());
    if size > MAX_CUSTOM_CLAIMS_BYTES {
        return Err(FakeError::new(
            400,
            "session_custom_claims_too_large",
            format!(
                "Custom claims may total at most {MAX_CUSTOM_CLAIMS_BYTES} bytes of JSON (got {size})."
            ),
        ));
    }
    Ok(claims)
}

/// Records `new` in `factors`, replacing the same kind of factor for the same phone.
fn upsert_factor(factors: &mut Vec<AuthenticationFactor>, new: AuthenticationFactor) {
    let same = |f: &AuthenticationFactor| {
        f.r#type == new.r#type
            && f.delivery_method == new.delivery_method
            && f.phone_number_factor.as_ref().map(|p| &p.phone_number)
                == new.phone_number_factor.as_ref().map(|p| &p.phone_number)
    };
    match factors.iter_mut().find(|f| same(f)) {
        Some(existing) => {
            existing.last_authenticated_at = new.last_authenticated_at;
            existing.updated_at = new.updated_at;
        }
        None => factors.push(new),
    }
}

fn member_session(session: &SessionRecord, organization: &Organization) -> MemberSession {
    MemberSession {
        member_session_id: session.id.clone(),
        member_id: session.member_id.clone(),
        started_at: rfc3339(session.started_at_ms),
        last_accessed_at: rfc3339(session.last_accessed_at_ms),
        expires_at: rfc3339(session.expires_at_ms),
        authentication_factors: session.factors.clone(),
        organization_id: session.organization_id.clone(),
        roles: vec![DEFAULT_ROLE.into()],
        organization_slug: organization.organization_slug.clone(),
        custom_claims: session.custom_claims.clone(),
    }
}

/// A JWT-shaped session token: base64url(header).base64url(payload).signature, with
/// Stytch's claims. The signature is random bytes: it is not meant to be verified.
fn jwt(project_id: &str, session: &MemberSession, now_ms: u64) -> Result<String, FakeError> {
    let iat = now_ms / 1000;
    let mut payload = session.custom_claims.clone();
    let standard = json!({
        "aud": [project_id],
        "exp": iat + JWT_TTL_SECS,
        "iat": iat,
        "iss": format!("stytch.com/{project_id}"),
        "nbf": iat,
        "sub": session.member_id,
        "https://stytch.com/session": {
            "id": session.member_session_id,
            "started_at": session.started_at,
            "last_accessed_at": session.last_accessed_at,
            "expires_at": session.expires_at,
            "attributes": {"ip_address": "", "user_agent": ""},
            "authentication_factors": session.authentication_factors,
            "roles": session.roles,
        },
        "https://stytch.com/organization": {
            "organization_id": session.organization_id,
            "slug": session.organization_slug,
        },
    });
    if let Value::Object(standard) = standard {
        payload.extend(standard);
    }
    let header = json!({"alg": "RS256", "kid": "jwk-test-stytch-fake", "typ": "JWT"});
    let encode = |v: &Value| {
        serde_json::to_vec(v).map(|b| base64url(&b)).map_err(|e| {
            FakeError::new(
                500,
                "internal_server_error",
                format!("the fake could not encode a JWT: {e}"),
            )
        })
    };
    Ok(format!(
        "{}.{}.{}",
        encode(&header)?,
        encode(&Value::Object(payload))?,
        base64url(&random_bytes(64))
    ))
}
