//! The fake's data and Stytch's rules for the two SMS OTP endpoints.
//!
//! [`Shared`] implements the generated [`Service`] trait. Every method locks the one
//! `Mutex<State>` briefly, without awaiting; RSA signing and verification of session JWTs
//! happen outside the lock.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use serde_json::{Map, Value, json};
use stytch_b2b_otp_sms::organizations::{
    GetRequest as GetOrganizationRequest, GetResponse as GetOrganizationResponse, Member,
    Organization,
};
use stytch_b2b_otp_sms::organizations::{
    SearchRequest as OrganizationSearchRequest, SearchResponse as OrganizationSearchResponse,
};
use stytch_b2b_otp_sms::organizations_members::{
    DeleteRequest as DeleteMemberRequest, DeleteResponse as DeleteMemberResponse,
    SearchRequest as MemberSearchRequest, SearchResponse as MemberSearchResponse,
};
use stytch_b2b_otp_sms::otp_sms::{
    AuthenticateRequest, AuthenticateResponse, SendRequest, SendResponse,
};
use stytch_b2b_otp_sms::rbac::{PolicyRequest, PolicyResponse, PolicyRole};
use stytch_b2b_otp_sms::rbac_organizations::{
    GetOrgPolicyRequest, GetOrgPolicyResponse, SetOrgPolicyRequest, SetOrgPolicyResponse,
};
use stytch_b2b_otp_sms::server::{Failure, Service};
use stytch_b2b_otp_sms::sessions::{
    AuthenticateRequest as SessionAuthenticateRequest,
    AuthenticateResponse as SessionAuthenticateResponse, AuthenticationFactor, AuthorizationCheck,
    AuthorizationVerdict, MemberSession, RevokeRequest, RevokeResponse,
};

use crate::jwt::{Invalid, KeyRing, Signer};
use crate::limits::{RateLimits, admits};
use crate::search;
use crate::util::{is_e164, otp_code, rfc3339, token, uuid};
use crate::{FakeError, MfaPolicy, NewMember, NewOrganization, SentSms};

/// SMS passcodes expire two minutes after they are sent.
const OTP_TTL: SignedDuration = SignedDuration::from_secs(2 * 60);
/// Intermediate session tokens expire after ten minutes.
const IST_TTL: SignedDuration = SignedDuration::from_secs(10 * 60);
/// Session JWTs are valid for five minutes, whatever the session's lifetime.
const JWT_TTL_SECS: i64 = 5 * 60;
const DEFAULT_SESSION_MINUTES: i32 = 60;
const SESSION_MINUTES: std::ops::RangeInclusive<i32> = 5..=527_040;
/// Largest serialized size of a session's custom claims.
const MAX_CUSTOM_CLAIMS_BYTES: usize = 4096;
const RESERVED_CLAIMS: &[&str] = &["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];
const STYTCH_CLAIM_PREFIX: &str = "https://stytch.com/";
const SESSION_CLAIM: &str = "https://stytch.com/session";
const ORGANIZATION_CLAIM: &str = "https://stytch.com/organization";
const DEFAULT_ROLE: &str = "stytch_member";

/// What the HTTP server and the [`FakeStytch`](crate::FakeStytch) handle share.
pub(crate) struct Shared {
    pub(crate) project_id: String,
    pub(crate) secret: String,
    keys: std::sync::RwLock<KeyRing>,
    pub(crate) faults: crate::faults::Faults,
    state: Mutex<State>,
    /// Requests received per operation (`sessions.get_jwks` included).
    calls: Mutex<HashMap<&'static str, usize>>,
}

impl Shared {
    pub(crate) fn new(project_id: String, secret: String, signer: Signer) -> Self {
        Self {
            project_id,
            secret,
            keys: std::sync::RwLock::new(KeyRing::new(signer)),
            faults: crate::faults::Faults::default(),
            state: Mutex::new(State::default()),
            calls: Mutex::default(),
        }
    }

    /// Counts one request of `operation`.
    pub(crate) fn count_call(&self, operation: &'static str) {
        let mut calls = self.calls.lock().unwrap_or_else(PoisonError::into_inner);
        *calls.entry(operation).or_default() += 1;
    }

    /// How many requests of `operation` were received.
    pub(crate) fn calls(&self, operation: &str) -> usize {
        let calls = self.calls.lock().unwrap_or_else(PoisonError::into_inner);
        calls.get(operation).copied().unwrap_or(0)
    }

    /// Locks the state; a panic in another thread never makes the fake unusable.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Checks a session JWT's header and signature (outside the lock); its claims are checked
    /// against the fake clock and the sessions by [`State::resolve_session_arg`].
    fn verify_jwt(&self, jwt: &Option<String>) -> Result<Option<Map<String, Value>>, FakeError> {
        let Some(jwt) = given(jwt) else {
            return Ok(None);
        };
        let now = self.lock().now().as_second();
        self.key_ring()
            .verify(jwt, now)
            .map(Some)
            .map_err(invalid_session_jwt)
    }

    fn key_ring(&self) -> std::sync::RwLockReadGuard<'_, KeyRing> {
        self.keys.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Signs session JWT claims with the current key.
    fn sign(&self, claims: &Value) -> Result<String, Failure> {
        self.key_ring().current().sign(claims).map_err(|e| {
            FakeError::new(
                500,
                "internal_server_error",
                format!("the fake could not sign a session JWT: {e}"),
            )
            .into_failure()
        })
    }

    /// Rotates the signing key to `next` (the next built-in test key when `None`); the old
    /// key stays in the JWKS and verifies for [`ROTATION_GRACE`](crate::jwt::ROTATION_GRACE)
    /// on the fake clock. Returns the new `kid`.
    pub(crate) fn rotate_signing_key(&self, next: Option<Signer>) -> Result<String, FakeError> {
        let now = self.lock().now().as_second();
        let mut ring = self.keys.write().unwrap_or_else(PoisonError::into_inner);
        let next = match next {
            Some(next) => next,
            None => ring
                .next_builtin(now)
                .map_err(|why| FakeError::new(409, "signing_key_rotation_failed", why))?,
        };
        let kid = next.kid().to_owned();
        ring.rotate(next, now)
            .map_err(|why| FakeError::new(409, "signing_key_rotation_failed", why))?;
        Ok(kid)
    }

    /// Runs an operation that answers with a fresh session JWT: the JWT argument's signature
    /// checked outside the lock, the operation's rule under it, then the answer's JWT signed
    /// outside it again.
    fn issuing_jwt<R>(
        &self,
        jwt: &Option<String>,
        rule: impl FnOnce(&mut State, &str, Option<Map<String, Value>>) -> Result<(R, Value), FakeError>,
        jwt_of: impl FnOnce(&mut R) -> &mut String,
    ) -> Result<R, Failure> {
        let jwt = self.verify_jwt(jwt).map_err(FakeError::into_failure)?;
        let (mut answer, claims) =
            rule(&mut self.lock(), &self.project_id, jwt).map_err(FakeError::into_failure)?;
        *jwt_of(&mut answer) = self.sign(&claims)?;
        Ok(answer)
    }

    /// The `/v1/b2b/sessions/jwks/{project_id}` answer: the signing key and the rotated-out
    /// keys in their grace period, in Stytch's shape.
    pub(crate) fn jwks(&self) -> Value {
        let now = self.lock().now().as_second();
        let keys: Vec<Value> = self.key_ring().verifying(now).map(Signer::jwk).collect();
        json!({
            "keys": keys,
            "request_id": request_id(),
            "status_code": 200,
        })
    }
}

impl Service for Shared {
    fn otps_sms_send(&self, request: SendRequest) -> Result<SendResponse, Failure> {
        let jwt = self
            .verify_jwt(&request.session_jwt)
            .map_err(FakeError::into_failure)?;
        self.lock()
            .send(&self.project_id, request, jwt)
            .map_err(FakeError::into_failure)
    }

    fn otps_sms_authenticate(
        &self,
        request: AuthenticateRequest,
    ) -> Result<AuthenticateResponse, Failure> {
        let jwt = request.session_jwt.clone();
        self.issuing_jwt(
            &jwt,
            |state, project_id, jwt| state.authenticate(project_id, request, jwt),
            |answer| &mut answer.session_jwt,
        )
    }

    fn sessions_authenticate(
        &self,
        request: SessionAuthenticateRequest,
    ) -> Result<SessionAuthenticateResponse, Failure> {
        let jwt = request.session_jwt.clone();
        self.issuing_jwt(
            &jwt,
            |state, project_id, jwt| state.authenticate_session(project_id, request, jwt),
            |answer| &mut answer.session_jwt,
        )
    }

    fn sessions_revoke(&self, request: RevokeRequest) -> Result<RevokeResponse, Failure> {
        let jwt = self
            .verify_jwt(&request.session_jwt)
            .map_err(FakeError::into_failure)?;
        self.lock()
            .revoke_session(&self.project_id, request, jwt)
            .map_err(FakeError::into_failure)
    }
    fn rbac_get_policy(&self, _request: PolicyRequest) -> Result<PolicyResponse, Failure> {
        let roles = self.lock().rbac_roles();
        build(
            "rbac.get_policy answer",
            json!({
                "request_id": request_id(),
                "status_code": 200,
                "policy": {"roles": roles, "resources": [], "scopes": []},
            }),
        )
        .map_err(FakeError::into_failure)
    }

    fn rbac_organizations_get_org_policy(
        &self,
        request: GetOrgPolicyRequest,
    ) -> Result<GetOrgPolicyResponse, Failure> {
        let roles = self
            .lock()
            .org_roles(&request.organization_id)
            .map_err(FakeError::into_failure)?;
        build(
            "rbac.organizations.get_org_policy answer",
            json!({"request_id": request_id(), "status_code": 200, "org_policy": {"roles": roles}}),
        )
        .map_err(FakeError::into_failure)
    }

    fn rbac_organizations_set_org_policy(
        &self,
        request: SetOrgPolicyRequest,
    ) -> Result<SetOrgPolicyResponse, Failure> {
        let roles = request.org_policy.roles.clone();
        self.lock()
            .set_org_roles(&request.organization_id, roles.clone())
            .map_err(FakeError::into_failure)?;
        build(
            "rbac.organizations.set_org_policy answer",
            json!({"request_id": request_id(), "status_code": 200, "org_policy": {"roles": roles}}),
        )
        .map_err(FakeError::into_failure)
    }

    fn organizations_search(
        &self,
        request: OrganizationSearchRequest,
    ) -> Result<OrganizationSearchResponse, Failure> {
        let state = self.lock();
        let found = search::organizations(state.organizations_sorted(), &request.query, |id| {
            state.members_of(std::iter::once(&id.to_owned()))
        })
        .and_then(|found| search::paginate(found, &request.cursor, request.limit))
        .map_err(FakeError::into_failure)?;
        build(
            "organizations.search answer",
            json!({
                "request_id": request_id(),
                "status_code": 200,
                "organizations": found.page,
                "results_metadata": {"total": found.total, "next_cursor": found.next_cursor},
            }),
        )
        .map_err(FakeError::into_failure)
    }

    fn organizations_members_search(
        &self,
        request: MemberSearchRequest,
    ) -> Result<MemberSearchResponse, Failure> {
        if request.x_stytch_member_session.is_some()
            || request.x_stytch_member_session_jwt.is_some()
        {
            return Err(member_session_headers_not_modelled().into_failure());
        }
        let state = self.lock();
        let mut organizations = Map::new();
        for id in &request.organization_ids {
            let id = state
                .resolve_organization(id)
                .map_err(FakeError::into_failure)?;
            organizations.insert(id.clone(), json!(state.organizations[&id]));
        }
        let found = search::members(state.members_of(organizations.keys()), &request.query)
            .and_then(|found| search::paginate(found, &request.cursor, request.limit))
            .map_err(FakeError::into_failure)?;
        build(
            "organizations.members.search answer",
            json!({
                "request_id": request_id(),
                "status_code": 200,
                "members": found.page,
                "organizations": organizations,
                "results_metadata": {"total": found.total, "next_cursor": found.next_cursor},
            }),
        )
        .map_err(FakeError::into_failure)
    }

    fn organizations_get(
        &self,
        request: GetOrganizationRequest,
    ) -> Result<GetOrganizationResponse, Failure> {
        let state = self.lock();
        let id = state
            .resolve_organization(&request.organization_id)
            .map_err(FakeError::into_failure)?;
        build(
            "organizations.get answer",
            json!({
                "request_id": request_id(),
                "organization": state.organizations[&id],
                "status_code": 200,
            }),
        )
        .map_err(FakeError::into_failure)
    }

    fn organizations_members_delete(
        &self,
        request: DeleteMemberRequest,
    ) -> Result<DeleteMemberResponse, Failure> {
        if request.x_stytch_member_session.is_some()
            || request.x_stytch_member_session_jwt.is_some()
        {
            return Err(member_session_headers_not_modelled().into_failure());
        }
        self.lock()
            .delete_member(&request.organization_id, &request.member_id)
            .and_then(|member_id| {
                build(
                    "organizations.members.delete answer",
                    json!({"request_id": request_id(), "member_id": member_id, "status_code": 200}),
                )
            })
            .map_err(FakeError::into_failure)
    }
}

fn member_session_headers_not_modelled() -> FakeError {
    FakeError::new(
        400,
        "member_session_authorization_not_modelled",
        "The fake does not check a Member's RBAC permissions (X-Stytch-Member-Session headers); \
         call without them, as your backend.",
    )
}

/// Stytch's two default roles, granting nothing until a test sets the policy.
fn default_policy_roles() -> Vec<PolicyRole> {
    ["stytch_member", "stytch_admin"]
        .into_iter()
        .map(|id| {
            let mut role = PolicyRole::default();
            role.role_id = id.to_owned();
            role
        })
        .collect()
}

/// A fresh Stytch-style request id.
pub(crate) fn request_id() -> String {
    format!("request-id-test-{}", uuid())
}

/// How many SMS the outbox keeps by default; older ones are dropped.
pub const DEFAULT_OUTBOX_CAPACITY: usize = 10_000;

/// Expired codes, intermediate sessions and sessions are removed every this many sends and
/// authentications (on the fake clock), so memory follows what is live.
const PRUNE_EVERY: u32 = 256;

pub(crate) struct State {
    clock_offset: SignedDuration,
    organizations: HashMap<String, Organization>,
    members: HashMap<String, MemberRecord>,
    /// The one live passcode of each member, by member id.
    otps: HashMap<String, ActiveOtp>,
    /// The last [`Self::outbox_capacity`] SMS, oldest first.
    outbox: VecDeque<SentSms>,
    outbox_capacity: usize,
    /// The code of the last SMS to each member, by member id (cleared with the outbox).
    last_codes: HashMap<String, String>,
    /// Writes since the last pruning.
    writes: u32,
    intermediate_sessions: HashMap<String, IntermediateSession>,
    sessions: HashMap<String, SessionRecord>,
    session_tokens: HashMap<String, String>,
    rate_limits: RateLimits,
    sends_by_member: HashMap<String, VecDeque<Timestamp>>,
    sends_by_phone: HashMap<String, VecDeque<Timestamp>>,
    /// The project's RBAC policy: its roles.
    rbac_roles: Vec<PolicyRole>,
    /// Each organization's custom roles, by organization id.
    org_roles: HashMap<String, Vec<PolicyRole>>,
}

impl Default for State {
    fn default() -> Self {
        State {
            clock_offset: SignedDuration::ZERO,
            organizations: HashMap::new(),
            members: HashMap::new(),
            otps: HashMap::new(),
            outbox: VecDeque::new(),
            outbox_capacity: DEFAULT_OUTBOX_CAPACITY,
            last_codes: HashMap::new(),
            writes: 0,
            intermediate_sessions: HashMap::new(),
            sessions: HashMap::new(),
            session_tokens: HashMap::new(),
            rate_limits: RateLimits::default(),
            sends_by_member: HashMap::new(),
            sends_by_phone: HashMap::new(),
            rbac_roles: default_policy_roles(),
            org_roles: HashMap::new(),
        }
    }
}

struct MemberRecord {
    member: Member,
    email_id: String,
    phone_id: String,
}

struct ActiveOtp {
    code: String,
    phone_number: String,
    expires_at: Timestamp,
}

struct IntermediateSession {
    organization_id: String,
    member_id: String,
    expires_at: Timestamp,
    factors: Vec<AuthenticationFactor>,
}

struct SessionRecord {
    id: String,
    organization_id: String,
    member_id: String,
    token: String,
    started_at: Timestamp,
    last_accessed_at: Timestamp,
    expires_at: Timestamp,
    factors: Vec<AuthenticationFactor>,
    custom_claims: Map<String, Value>,
}

/// The session argument of a request, by kind (a JWT already has a checked signature).
enum SessionArg<'a> {
    Intermediate(&'a str),
    Token(&'a str),
    Jwt(Map<String, Value>),
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
    jwt: Option<Map<String, Value>>,
) -> Result<Option<SessionArg<'a>>, FakeError> {
    let mut args: Vec<SessionArg<'a>> = [
        given(ist).map(SessionArg::Intermediate),
        given(session_token).map(SessionArg::Token),
    ]
    .into_iter()
    .flatten()
    .collect();
    args.extend(jwt.map(SessionArg::Jwt));
    if args.len() > 1 {
        return Err(FakeError::new(
            400,
            "too_many_session_arguments",
            "Pass at most one of intermediate_session_token, session_token and session_jwt.",
        ));
    }
    Ok(args.pop())
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

fn session_not_found() -> FakeError {
    FakeError::new(
        404,
        "session_not_found",
        "Session could not be found (unknown, revoked or expired).",
    )
}

fn invalid_session_jwt(why: Invalid) -> FakeError {
    FakeError::new(
        401,
        "invalid_session_jwt",
        format!("The session_jwt is invalid: {why}."),
    )
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

fn internal(what: impl std::fmt::Display) -> FakeError {
    FakeError::new(
        500,
        "internal_server_error",
        format!("the fake could not {what}"),
    )
}

/// Builds a generated type through serde: the types are `#[non_exhaustive]` and have dozens
/// of optional fields. A value that does not decode is the fake's bug, answered as a 500.
fn build<T: serde::de::DeserializeOwned>(what: &str, value: Value) -> Result<T, FakeError> {
    serde_json::from_value(value).map_err(|e| internal(format_args!("build {what}: {e}")))
}

/// Whether a Member has an active MFA factor: a verified MFA phone number or a TOTP
/// registration.
fn has_active_mfa_factor(member: &Member) -> bool {
    (member.mfa_phone_number_verified && !member.mfa_phone_number.is_empty())
        || !member.totp_registration_id.is_empty()
}

impl State {
    /// The fake clock: the system clock plus every [`advance_clock`](Self::advance_clock),
    /// at most [`Timestamp::MAX`] however far it is advanced.
    pub(crate) fn now(&self) -> Timestamp {
        Timestamp::now()
            .checked_add(self.clock_offset)
            .unwrap_or(Timestamp::MAX)
    }

    pub(crate) fn advance_clock(&mut self, by: Duration) {
        let by = SignedDuration::try_from(by).unwrap_or(SignedDuration::MAX);
        self.clock_offset = self.clock_offset.saturating_add(by);
    }

    /// The outbox, oldest first; only `member_id`'s SMS when given.
    pub(crate) fn outbox(&self, member_id: Option<&str>) -> Vec<SentSms> {
        self.outbox
            .iter()
            .filter(|sms| member_id.is_none_or(|m| sms.member_id == m))
            .cloned()
            .collect()
    }

    /// Empties the outbox (and forgets the last codes); returns how many SMS it held.
    pub(crate) fn clear_outbox(&mut self) -> usize {
        self.last_codes.clear();
        std::mem::take(&mut self.outbox).len()
    }

    /// The code of the last SMS to `member_id`, in O(1).
    pub(crate) fn last_code(&self, member_id: &str) -> Option<String> {
        self.last_codes.get(member_id).cloned()
    }

    pub(crate) fn set_outbox_capacity(&mut self, capacity: usize) {
        self.outbox_capacity = capacity.max(1);
        while self.outbox.len() > self.outbox_capacity {
            self.outbox.pop_front();
        }
    }

    /// Counts a write; every [`PRUNE_EVERY`] writes removes what has expired on the fake clock.
    fn count_write(&mut self, now: Timestamp) {
        self.writes += 1;
        if self.writes < PRUNE_EVERY {
            return;
        }
        self.writes = 0;
        self.otps.retain(|_, otp| otp.expires_at > now);
        self.intermediate_sessions
            .retain(|_, ist| ist.expires_at > now);
        let sessions = &mut self.sessions;
        sessions.retain(|_, session| session.expires_at > now);
        self.session_tokens
            .retain(|_, id| sessions.contains_key(id));
        for windows in [&mut self.sends_by_member, &mut self.sends_by_phone] {
            windows.retain(|_, sends| !sends.is_empty());
        }
    }

    pub(crate) fn member(&self, member_id: &str) -> Option<Member> {
        self.members.get(member_id).map(|r| r.member.clone())
    }

    pub(crate) fn organization(&self, organization_id: &str) -> Option<Organization> {
        self.organizations.get(organization_id).cloned()
    }

    pub(crate) fn set_rate_limits(&mut self, limits: RateLimits) {
        self.rate_limits = limits;
        self.sends_by_member.clear();
        self.sends_by_phone.clear();
    }

    pub(crate) fn rate_limits(&self) -> RateLimits {
        self.rate_limits
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

    /// The member session a verified JWT names, after checking its claims on the fake clock.
    fn session_of_jwt(
        &self,
        project_id: &str,
        claims: &Map<String, Value>,
        now: Timestamp,
        allow_expired: bool,
    ) -> Result<&SessionRecord, FakeError> {
        let claim = |name: &str| claims.get(name);
        let invalid = |what: String| invalid_session_jwt(Invalid::Claim(what));
        if claim("iss").and_then(Value::as_str) != Some(&format!("stytch.com/{project_id}")) {
            return Err(invalid("iss is not this project's issuer".into()));
        }
        let audience = claim("aud").and_then(Value::as_array);
        if !audience.is_some_and(|aud| aud.iter().any(|a| a == project_id)) {
            return Err(invalid("aud does not contain this project id".into()));
        }
        let seconds = |name: &str| match claim(name) {
            None => Err(invalid(format!("{name} is missing"))),
            Some(value) => value
                .as_i64()
                .ok_or_else(|| invalid(format!("{name} is not a number of seconds"))),
        };
        let (nbf, exp) = (seconds("nbf")?, seconds("exp")?);
        if now.as_second() < nbf {
            return Err(invalid(format!("not valid before {nbf} (nbf)")));
        }
        if now.as_second() >= exp && !allow_expired {
            return Err(FakeError::new(
                401,
                "session_jwt_expired",
                format!(
                    "The session_jwt expired at {exp} (exp); authenticate with the session_token, or a fresh JWT."
                ),
            ));
        }
        let id = claim(SESSION_CLAIM)
            .and_then(|s| s.get("id"))
            .and_then(Value::as_str)
            .ok_or_else(|| invalid(format!("{SESSION_CLAIM} has no id")))?;
        self.sessions
            .get(id)
            .filter(|s| s.expires_at > now)
            .filter(|s| claim("sub").and_then(Value::as_str) == Some(s.member_id.as_str()))
            .ok_or_else(session_not_found)
    }

    /// Checks that a session argument exists, is live and belongs to the member.
    fn resolve_session_arg(
        &self,
        project_id: &str,
        arg: &SessionArg<'_>,
        organization_id: &str,
        member_id: &str,
        now: Timestamp,
    ) -> Result<Resolved, FakeError> {
        let (owner, resolved) = match arg {
            SessionArg::Intermediate(t) => {
                let ist = self
                    .intermediate_sessions
                    .get(*t)
                    .filter(|i| i.expires_at > now)
                    .ok_or_else(|| {
                        FakeError::new(
                            404,
                            "intermediate_session_not_found",
                            "Intermediate session could not be found (unknown, already used or expired).",
                        )
                    })?;
                (
                    (&ist.organization_id, &ist.member_id),
                    Resolved::Intermediate((*t).to_owned()),
                )
            }
            SessionArg::Token(t) => {
                let session = self
                    .session_tokens
                    .get(*t)
                    .and_then(|id| self.sessions.get(id))
                    .filter(|s| s.expires_at > now)
                    .ok_or_else(session_not_found)?;
                (
                    (&session.organization_id, &session.member_id),
                    Resolved::Session(session.id.clone()),
                )
            }
            SessionArg::Jwt(claims) => {
                let session = self.session_of_jwt(project_id, claims, now, false)?;
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
            email_allowed_domains,
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
        let now = rfc3339(self.now());
        let organization: Organization = build(
            "an organization",
            json!({
                "organization_id": format!("organization-test-{}", uuid()),
                "organization_name": name,
                "organization_slug": slug,
                "sso_jit_provisioning": "ALL_ALLOWED",
                "email_jit_provisioning": "NOT_ALLOWED",
                "email_invites": "ALL_ALLOWED",
                "auth_methods": "ALL_ALLOWED",
                "mfa_policy": mfa_policy.as_str(),
                "mfa_methods": "ALL_ALLOWED",
                "oauth_tenant_jit_provisioning": "NOT_ALLOWED",
                "first_party_connected_apps_allowed_type": "ALL_ALLOWED",
                "third_party_connected_apps_allowed_type": "ALL_ALLOWED",
                "created_at": now,
                "updated_at": now,
                "organization_external_id": external_id,
                "email_allowed_domains": email_allowed_domains,
            }),
        )?;
        self.organizations
            .insert(organization.organization_id.clone(), organization.clone());
        Ok(organization)
    }

    /// Every organization, by id.
    pub(crate) fn organizations_sorted(&self) -> Vec<&Organization> {
        let mut all: Vec<&Organization> = self.organizations.values().collect();
        all.sort_by(|a, b| a.organization_id.cmp(&b.organization_id));
        all
    }

    /// The members of these organizations, by id.
    pub(crate) fn members_of<'s>(
        &self,
        organization_ids: impl Iterator<Item = &'s String>,
    ) -> Vec<&Member> {
        let ids: Vec<&String> = organization_ids.collect();
        let mut members: Vec<&Member> = self
            .members
            .values()
            .map(|r| &r.member)
            .filter(|m| ids.contains(&&m.organization_id))
            .collect();
        members.sort_by(|a, b| a.member_id.cmp(&b.member_id));
        members
    }

    /// The project's RBAC policy roles.
    pub(crate) fn rbac_roles(&self) -> Vec<PolicyRole> {
        self.rbac_roles.clone()
    }

    /// Replaces the project's RBAC policy roles.
    pub(crate) fn set_rbac_roles(&mut self, roles: Vec<PolicyRole>) {
        self.rbac_roles = roles;
    }

    /// The custom roles of an organization (an id, slug or external id).
    pub(crate) fn org_roles(&self, organization_id: &str) -> Result<Vec<PolicyRole>, FakeError> {
        let id = self.resolve_organization(organization_id)?;
        Ok(self.org_roles.get(&id).cloned().unwrap_or_default())
    }

    /// Replaces the custom roles of an organization (an id, slug or external id); a role id
    /// the project's policy has is refused, as Stytch does.
    pub(crate) fn set_org_roles(
        &mut self,
        organization_id: &str,
        roles: Vec<PolicyRole>,
    ) -> Result<String, FakeError> {
        let id = self.resolve_organization(organization_id)?;
        if let Some(role) = roles
            .iter()
            .find(|r| self.rbac_roles.iter().any(|p| p.role_id == r.role_id))
        {
            return Err(FakeError::new(
                400,
                "invalid_org_policy",
                format!(
                    "Role {:?} is in the project's policy; an organization's custom roles need ids of their own.",
                    role.role_id
                ),
            ));
        }
        self.org_roles.insert(id.clone(), roles);
        Ok(id)
    }

    /// Stytch's authorization check of a session: tenancy, then the member's roles against
    /// the project's policy and the organization's custom roles.
    fn authorize(
        &self,
        session: &MemberSession,
        check: &AuthorizationCheck,
    ) -> Result<AuthorizationVerdict, FakeError> {
        if session.organization_id != check.organization_id {
            return Err(FakeError::new(
                403,
                "tenancy_mismatch",
                format!(
                    "The session belongs to organization {:?}, not {:?}.",
                    session.organization_id, check.organization_id
                ),
            ));
        }
        let custom = self.org_roles.get(&session.organization_id);
        let granting: Vec<String> = self
            .rbac_roles
            .iter()
            .chain(custom.into_iter().flatten())
            .filter(|role| session.roles.contains(&role.role_id))
            .filter(|role| {
                role.permissions.iter().any(|p| {
                    p.resource_id == check.resource_id
                        && p.actions.iter().any(|a| a == "*" || *a == check.action)
                })
            })
            .map(|role| role.role_id.clone())
            .collect();
        if granting.is_empty() {
            return Err(FakeError::new(
                403,
                "invalid_permissions",
                format!(
                    "No role of the member grants {:?} on {:?}.",
                    check.action, check.resource_id
                ),
            ));
        }
        build(
            "a verdict",
            json!({"authorized": true, "granting_roles": granting}),
        )
    }

    /// Deletes a member of an organization (each an id, slug or external id), with its
    /// passcode, intermediate sessions and sessions; answers its id.
    pub(crate) fn delete_member(
        &mut self,
        organization_id: &str,
        member_id: &str,
    ) -> Result<String, FakeError> {
        let organization_id = self.resolve_organization(organization_id)?;
        let member_id = self.resolve_member(&organization_id, member_id)?;
        self.members.remove(&member_id);
        self.otps.remove(&member_id);
        self.intermediate_sessions
            .retain(|_, s| s.member_id != member_id);
        let gone: Vec<String> = self
            .sessions
            .values()
            .filter(|s| s.member_id == member_id)
            .map(|s| s.id.clone())
            .collect();
        for id in &gone {
            if let Some(session) = self.sessions.remove(id) {
                self.session_tokens.remove(&session.token);
            }
        }
        self.sends_by_member.remove(&member_id);
        Ok(member_id)
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
            phone_number_verified,
            totp_registered,
            external_id,
            roles,
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
        let now = rfc3339(self.now());
        let member: Member = build(
            "a member",
            json!({
                "organization_id": organization_id,
                "member_id": format!("member-test-{}", uuid()),
                "email_address": email,
                "status": "active",
                "name": name,
                "mfa_phone_number": phone.clone().unwrap_or_default(),
                "mfa_phone_number_verified": phone.is_some() && phone_number_verified,
                "totp_registration_id": if totp_registered { format!("member-totp-test-{}", uuid()) } else { String::new() },
                "roles": std::iter::once(DEFAULT_ROLE.to_owned())
                    .chain(roles.into_iter().filter(|r| r != DEFAULT_ROLE))
                    .map(|role_id| json!({"role_id": role_id, "sources": [{"type": "direct_assignment"}]}))
                    .collect::<Vec<_>>(),
                "created_at": now,
                "updated_at": now,
                "external_id": external_id,
            }),
        )?;
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
        let now = self.now();
        self.count_write(now);
        let record = self
            .members
            .get_mut(&member_id)
            .ok_or_else(member_not_found)?;
        let at = rfc3339(now);
        let email_factor = build(
            "an authentication factor",
            json!({
                "type": "magic_link",
                "delivery_method": "email",
                "last_authenticated_at": at,
                "created_at": at,
                "updated_at": at,
                "email_factor": {
                    "email_id": record.email_id,
                    "email_address": record.member.email_address,
                },
            }),
        )?;
        record.member.email_address_verified = true;
        let token = token();
        self.intermediate_sessions.insert(
            token.clone(),
            IntermediateSession {
                organization_id,
                member_id,
                expires_at: now.saturating_add(IST_TTL).unwrap_or(Timestamp::MAX),
                factors: vec![email_factor],
            },
        );
        Ok(token)
    }

    /// Counts a send against the rate limits, or refuses it with Stytch's 429.
    fn count_send(
        &mut self,
        member_id: &str,
        phone_number: &str,
        now: Timestamp,
    ) -> Result<(), FakeError> {
        let limits = self.rate_limits;
        let checks = [
            (limits.per_member, &mut self.sends_by_member, member_id),
            (
                limits.per_phone_number,
                &mut self.sends_by_phone,
                phone_number,
            ),
        ];
        let mut windows: Vec<&mut VecDeque<Timestamp>> = Vec::new();
        for (limit, sends, key) in checks {
            let Some(limit) = limit else { continue };
            let window = sends.entry(key.to_owned()).or_default();
            if !admits(window, limit, now) {
                // Admitted again when the oldest send in the window leaves it.
                let again = window.front().and_then(|oldest| {
                    oldest
                        .checked_add(SignedDuration::try_from(limit.window()).ok()?)
                        .ok()
                });
                let seconds = again.map_or(1, |at| {
                    let left = at.duration_since(now).as_secs_f64();
                    left.ceil().max(1.0) as u64
                });
                return Err(FakeError::rate_limited(seconds));
            }
            windows.push(window);
        }
        for window in windows {
            window.push_back(now);
        }
        Ok(())
    }

    fn send(
        &mut self,
        project_id: &str,
        req: SendRequest,
        jwt: Option<Map<String, Value>>,
    ) -> Result<SendResponse, FakeError> {
        let now = self.now();
        let phone = given(&req.mfa_phone_number);
        if let Some(p) = phone {
            if !is_e164(p) {
                return Err(invalid_phone_number(p));
            }
        }
        let arg = session_arg(&req.intermediate_session_token, &req.session_token, jwt)?;
        let organization_id = self.resolve_organization(&req.organization_id)?;
        let member_id = self.resolve_member(&organization_id, &req.member_id)?;
        let resolved = arg
            .as_ref()
            .map(|arg| self.resolve_session_arg(project_id, arg, &organization_id, &member_id, now))
            .transpose()?;
        let organization = self
            .organizations
            .get(&organization_id)
            .cloned()
            .ok_or_else(organization_not_found)?;
        let record = self.members.get(&member_id).ok_or_else(member_not_found)?;
        // "If the Member already has an active MFA factor, then passing an intermediate
        // session token, session token, or session JWT with the existing MFA factor on it is
        // required to prevent bypassing MFA."
        // Every session the fake creates has authenticated with an SMS passcode, so any live
        // session of the member carries an MFA factor; only "no session argument" is refused.
        if has_active_mfa_factor(&record.member) && resolved.is_none() {
            return Err(FakeError::new(
                400,
                "session_required_for_mfa",
                "The Member already has an active MFA factor: pass their intermediate_session_token, session_token or session_jwt.",
            ));
        }
        let existing = &record.member.mfa_phone_number;
        let (phone_number, link) = match phone {
            Some(p) if !existing.is_empty() && p != existing => {
                return Err(FakeError::new(
                    400,
                    "mfa_phone_number_mismatch",
                    "The Member already has a different phone number; mfa_phone_number must match it or be omitted.",
                ));
            }
            _ if !existing.is_empty() => (existing.clone(), false),
            Some(p) => (p.to_owned(), true),
            None => {
                return Err(FakeError::new(
                    400,
                    "mfa_phone_number_required",
                    "The Member has no phone number yet: pass mfa_phone_number.",
                ));
            }
        };
        self.count_send(&member_id, &phone_number, now)?;
        let record = self
            .members
            .get_mut(&member_id)
            .ok_or_else(member_not_found)?;
        if link {
            record.member.mfa_phone_number = phone_number.clone();
            record.member.mfa_phone_number_verified = false;
            record.member.updated_at = Some(rfc3339(now));
            record.phone_id = format!("phone-number-test-{}", uuid());
        }
        let member = record.member.clone();
        let code = otp_code();
        self.otps.insert(
            member_id.clone(),
            ActiveOtp {
                code: code.clone(),
                phone_number: phone_number.clone(),
                expires_at: now.saturating_add(OTP_TTL).unwrap_or(Timestamp::MAX),
            },
        );
        if self.outbox.len() >= self.outbox_capacity {
            self.outbox.pop_front();
        }
        self.last_codes.insert(member_id.clone(), code.clone());
        self.outbox.push_back(SentSms {
            organization_id,
            member_id: member_id.clone(),
            phone_number,
            code,
            locale: req.locale.as_ref().map_or("en", |l| l.as_str()).to_owned(),
            sent_at: rfc3339(now),
        });
        self.count_write(now);
        let mut response = SendResponse::default();
        response.request_id = request_id();
        response.member_id = member_id;
        response.member = member;
        response.organization = organization;
        response.status_code = 200;
        Ok(response)
    }

    /// Authenticates a passcode. Returns the response without its `session_jwt` and the
    /// claims to sign into it (the caller signs outside the lock).
    /// The session a `session_token` or a verified `session_jwt` names (exactly one). A JWT
    /// past its `exp` still names its session while the session lives, as Stytch's
    /// `sessions.authenticate` accepts it: that is what a local verification falls back to.
    fn session_named(
        &self,
        project_id: &str,
        session_token: &Option<String>,
        jwt: Option<&Map<String, Value>>,
        now: Timestamp,
    ) -> Result<String, FakeError> {
        match (given(session_token), jwt) {
            (Some(_), Some(_)) => Err(FakeError::new(
                400,
                "too_many_session_arguments",
                "Pass exactly one of session_token and session_jwt.",
            )),
            (None, None) => Err(FakeError::new(
                400,
                "no_session_arguments",
                "Pass exactly one of session_token and session_jwt.",
            )),
            (Some(token), None) => self
                .session_tokens
                .get(token)
                .and_then(|id| self.sessions.get(id))
                .filter(|s| s.expires_at > now)
                .map(|s| s.id.clone())
                .ok_or_else(session_not_found),
            (None, Some(claims)) => self
                .session_of_jwt(project_id, claims, now, true)
                .map(|s| s.id.clone()),
        }
    }

    /// `sessions.authenticate`: the named session, extended to `session_duration_minutes`
    /// from now when given, its custom claims merged with `session_custom_claims`, and a
    /// fresh JWT (signed by the caller).
    fn authenticate_session(
        &mut self,
        project_id: &str,
        req: SessionAuthenticateRequest,
        jwt: Option<Map<String, Value>>,
    ) -> Result<(SessionAuthenticateResponse, Value), FakeError> {
        let now = self.now();
        self.count_write(now);
        let id = self.session_named(project_id, &req.session_token, jwt.as_ref(), now)?;
        let expires_at = match req.session_duration_minutes {
            None => None,
            Some(minutes) if SESSION_MINUTES.contains(&minutes) => {
                Some(now + SignedDuration::from_mins(i64::from(minutes)))
            }
            Some(minutes) => {
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
        };
        let session = self.sessions.get(&id).ok_or_else(session_not_found)?;
        let custom_claims = merge_claims(
            session.custom_claims.clone(),
            req.session_custom_claims.as_ref(),
        )?;
        let session = self.sessions.get_mut(&id).ok_or_else(session_not_found)?;
        session.last_accessed_at = now;
        if let Some(expires_at) = expires_at {
            session.expires_at = expires_at;
        }
        session.custom_claims = custom_claims;
        let session = self.sessions.get(&id).ok_or_else(session_not_found)?;
        let organization = self
            .organization(&session.organization_id)
            .ok_or_else(session_not_found)?;
        let member = self
            .member(&session.member_id)
            .ok_or_else(session_not_found)?;
        let member_session = member_session(session, &organization, &member)?;
        let verdict = match &req.authorization_check {
            Some(check) => Some(self.authorize(&member_session, check)?),
            None => None,
        };
        let claims = jwt_claims(project_id, &member_session, now);

        let mut response = SessionAuthenticateResponse::default();
        response.verdict = verdict;
        response.request_id = request_id();
        response.member_session = member_session;
        response.session_token = session.token.clone();
        response.member = member;
        response.organization = organization;
        response.status_code = 200;
        Ok((response, claims))
    }

    /// `sessions.revoke`: ends the session named by its id, token or JWT (an expired JWT
    /// still names it), or every session of `member_id`; exactly one of the four.
    fn revoke_session(
        &mut self,
        project_id: &str,
        req: RevokeRequest,
        jwt: Option<Map<String, Value>>,
    ) -> Result<RevokeResponse, FakeError> {
        let now = self.now();
        let given_count = [
            given(&req.member_session_id).is_some(),
            given(&req.session_token).is_some(),
            jwt.is_some(),
            given(&req.member_id).is_some(),
        ]
        .iter()
        .filter(|g| **g)
        .count();
        if given_count != 1 {
            return Err(FakeError::new(
                400,
                "invalid_revoke_arguments",
                "Pass exactly one of member_session_id, session_token, session_jwt and member_id.",
            ));
        }
        let ids: Vec<String> = if let Some(id) = given(&req.member_session_id) {
            vec![
                self.sessions
                    .get(id)
                    .filter(|s| s.expires_at > now)
                    .map(|s| s.id.clone())
                    .ok_or_else(session_not_found)?,
            ]
        } else if let Some(member_id) = given(&req.member_id) {
            if !self.members.contains_key(member_id) {
                return Err(member_not_found());
            }
            self.sessions
                .values()
                .filter(|s| s.member_id == member_id)
                .map(|s| s.id.clone())
                .collect()
        } else {
            vec![self.session_named(project_id, &req.session_token, jwt.as_ref(), now)?]
        };
        for id in ids {
            if let Some(session) = self.sessions.remove(&id) {
                self.session_tokens.remove(&session.token);
            }
        }
        let mut response = RevokeResponse::default();
        response.request_id = request_id();
        response.status_code = 200;
        Ok(response)
    }

    fn authenticate(
        &mut self,
        project_id: &str,
        req: AuthenticateRequest,
        jwt: Option<Map<String, Value>>,
    ) -> Result<(AuthenticateResponse, Value), FakeError> {
        let now = self.now();
        self.count_write(now);
        let arg = session_arg(&req.intermediate_session_token, &req.session_token, jwt)?
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
        let resolved =
            self.resolve_session_arg(project_id, &arg, &organization_id, &member_id, now)?;

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
            Some(otp) if otp.expires_at <= now => {
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
        let sms_factor: AuthenticationFactor = build(
            "an authentication factor",
            json!({
                "type": "otp",
                "delivery_method": "sms",
                "last_authenticated_at": at,
                "created_at": at,
                "updated_at": at,
                "phone_number_factor": {
                    "phone_id": record.phone_id,
                    "phone_number": otp.phone_number,
                },
            }),
        )?;

        // The session: created for an intermediate session, extended otherwise.
        let expires_at = now
            .saturating_add(SignedDuration::from_mins(i64::from(minutes)))
            .unwrap_or(Timestamp::MAX);
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
                    started_at: now,
                    last_accessed_at: now,
                    expires_at,
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
                let session = self.sessions.get_mut(&id).ok_or_else(session_not_found)?;
                session.last_accessed_at = now;
                session.expires_at = expires_at;
                session.custom_claims = custom_claims;
                upsert_factor(&mut session.factors, sms_factor);
                id
            }
        };
        let session = self
            .sessions
            .get(&session_id)
            .ok_or_else(session_not_found)?;
        let member_session = member_session(session, &organization, &member)?;
        let claims = jwt_claims(project_id, &member_session, now);

        let mut response = AuthenticateResponse::default();
        response.request_id = request_id();
        response.member_id = member_id;
        response.member = member;
        response.organization = organization;
        response.session_token = session.token.clone();
        response.status_code = 200;
        response.member_session = Some(member_session);
        Ok((response, claims))
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

fn member_session(
    session: &SessionRecord,
    organization: &Organization,
    member: &Member,
) -> Result<MemberSession, FakeError> {
    let roles: Vec<&str> = member.roles.iter().map(|r| r.role_id.as_str()).collect();
    build(
        "a member session",
        json!({
            "member_session_id": session.id,
            "member_id": session.member_id,
            "started_at": rfc3339(session.started_at),
            "last_accessed_at": rfc3339(session.last_accessed_at),
            "expires_at": rfc3339(session.expires_at),
            "authentication_factors": session.factors,
            "organization_id": session.organization_id,
            "roles": roles,
            "organization_slug": organization.organization_slug,
            "custom_claims": session.custom_claims,
        }),
    )
}

/// The claims of a session JWT, as Stytch issues them: the registered claims, the session
/// and organization claims, and the session's custom claims at the top level.
fn jwt_claims(project_id: &str, session: &MemberSession, now: Timestamp) -> Value {
    let iat = now.as_second();
    let mut claims = session.custom_claims.clone();
    let standard = json!({
        "aud": [project_id],
        "exp": iat + JWT_TTL_SECS,
        "iat": iat,
        "iss": format!("stytch.com/{project_id}"),
        "nbf": iat,
        "sub": session.member_id,
        SESSION_CLAIM: {
            "id": session.member_session_id,
            "started_at": session.started_at,
            "last_accessed_at": session.last_accessed_at,
            "expires_at": session.expires_at,
            "attributes": {"ip_address": "", "user_agent": ""},
            "authentication_factors": session.authentication_factors,
            "roles": session.roles,
        },
        ORGANIZATION_CLAIM: {
            "organization_id": session.organization_id,
            "slug": session.organization_slug,
        },
    });
    if let Value::Object(standard) = standard {
        claims.extend(standard);
    }
    Value::Object(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expired_intermediate_sessions_are_pruned_on_the_fake_clock() {
        let mut state = State::default();
        let org = state
            .create_organization(NewOrganization::new("Acme", "acme"))
            .unwrap();
        let member = state
            .create_member(&org.organization_id, NewMember::new("ada@acme.test"))
            .unwrap();
        let mint = |state: &mut State| {
            state
                .mint_intermediate_session(&org.organization_id, &member.member_id)
                .unwrap()
        };
        for _ in 0..1000 {
            mint(&mut state);
        }
        // Minting prunes every PRUNE_EVERY writes, but nothing has expired yet.
        assert_eq!(state.intermediate_sessions.len(), 1000);
        state.advance_clock(Duration::from_secs(11 * 60));
        for _ in 0..PRUNE_EVERY {
            mint(&mut state);
        }
        // The thousand expired ones are gone; at most the last PRUNE_EVERY live ones remain.
        assert!(
            state.intermediate_sessions.len() <= PRUNE_EVERY as usize,
            "{}",
            state.intermediate_sessions.len()
        );
    }
}
