//! The fake's data and Stytch's rules.
//!
//! [`Shared`] is what the server and the `FakeStytch` handle share; `crate::service`
//! implements the generated `Service` trait on it, one call per operation into
//! `crate::flows`. Every rule locks the one `Mutex<State>` briefly, without awaiting; RSA
//! signing and verification of session JWTs and password hashing happen outside the lock.
//!
//! This file holds [`Shared`] and the [`State`] with its clock, outbox and pruning. The
//! concepts' rules are beside it:
//!
//! - `directory`: organizations and members, their indexes, updates and factors;
//! - `login`: what every login shares (auth methods, the MFA step, sessions, discovery);
//! - `email`, `email_login`: the email outbox, emailed tokens and codes, email logins;
//! - `passwords`, `mfa`: passwords and their hashes; TOTP and recovery codes;
//! - `otp`: intermediate sessions, sending SMS passcodes (rate limits, outbox) and
//!   authenticating them into member sessions;
//! - `sessions`, `session_grants`, `discovery*`: member sessions and their JWTs, migration
//!   and trusted-token grants, discovery;
//! - `rbac`: the project's policy, organizations' custom roles and authorization checks;
//! - the searches are in `crate::search`.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use serde_json::{Map, Value, json};
use stytch_b2b_otp_sms::organizations::{Member, Organization};
use stytch_b2b_otp_sms::otp_sms::{
    AuthenticateRequest, AuthenticateResponse, SendRequest, SendResponse,
};
use stytch_b2b_otp_sms::rbac::{PolicyRole, PolicyScope};
use stytch_b2b_otp_sms::server::Failure;
use stytch_b2b_otp_sms::sessions::{
    AuthenticateRequest as SessionAuthenticateRequest,
    AuthenticateResponse as SessionAuthenticateResponse, AuthenticationFactor, AuthorizationCheck,
    AuthorizationVerdict, MemberSession, RevokeRequest, RevokeResponse,
};

use crate::jwt::{Invalid, KeyRing, Signer};
use crate::limits::{RateLimits, admits};
use crate::util::{is_e164, otp_code, rfc3339, token, uuid};
use crate::{FakeError, MfaPolicy, NewMember, NewOrganization, SentSms};

pub mod apps;
pub(crate) mod directory;
pub(crate) mod discovery;
pub(crate) mod discovery_create;
pub(crate) mod discovery_login;
pub(crate) mod email;
pub(crate) mod email_login;
pub(crate) mod login;
pub(crate) mod mfa;
pub(crate) mod oauth;
pub(crate) mod oauth_login;
pub(crate) mod otp;
pub(crate) mod passwords;
pub(crate) mod rbac;
pub(crate) mod scim;
pub(crate) mod session_grants;
pub(crate) mod sessions;
pub(crate) mod snapshot;
pub(crate) mod sso;

pub(crate) use directory::*;
pub(crate) use discovery::*;
pub(crate) use email::*;
pub(crate) use email_login::*;
pub(crate) use login::*;
pub(crate) use mfa::*;
pub(crate) use otp::*;
pub(crate) use passwords::*;
pub(crate) use rbac::*;
pub(crate) use session_grants::*;
pub(crate) use sessions::*;

/// What the HTTP server and the [`FakeStytch`](crate::FakeStytch) handle share.
pub(crate) struct Shared {
    pub(crate) project_id: String,
    pub(crate) secret: String,
    keys: std::sync::RwLock<KeyRing>,
    pub(crate) faults: crate::faults::Faults,
    state: Mutex<State>,
    /// Requests received per operation (`sessions.get_jwks` included).
    calls: Mutex<HashMap<&'static str, usize>>,
    /// The request journal and what a reset returns to.
    pub(crate) emulator: crate::control::emulator::Emulator,
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
            emulator: Default::default(),
        }
    }

    /// Forgets the requests counted so far (a reset).
    pub(crate) fn clear_calls(&self) {
        self.calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
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
    pub(crate) fn verify_jwt(
        &self,
        jwt: &Option<String>,
    ) -> Result<Option<Map<String, Value>>, FakeError> {
        let Some(jwt) = given(jwt) else {
            return Ok(None);
        };
        let now = self.lock().now().as_second();
        self.key_ring()
            .verify(jwt, now)
            .map(Some)
            .map_err(invalid_session_jwt)
    }

    pub(crate) fn key_ring(&self) -> std::sync::RwLockReadGuard<'_, KeyRing> {
        self.keys.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Signs session JWT claims with the current key.
    pub(crate) fn sign(&self, claims: &Value) -> Result<String, Failure> {
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
    pub(crate) fn issuing_jwt<R>(
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

/// A fresh Stytch-style request id.
pub(crate) fn request_id() -> String {
    format!("request-id-test-{}", uuid())
}

/// How many SMS the outbox keeps by default; older ones are dropped.
pub const DEFAULT_OUTBOX_CAPACITY: usize = 10_000;

/// Expired codes, intermediate sessions and sessions are removed every this many sends and
/// authentications (on the fake clock), so memory follows what is live.
const PRUNE_EVERY: u32 = 256;

/// Everything the fake holds. Exported and imported whole (`GET`/`PUT /__fake/state`, see
/// [`snapshot`]): the fields marked `skip` are configuration or lookups rebuilt on import.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct State {
    /// How far the fake clock is ahead of the system clock.
    pub(crate) clock_offset: SignedDuration,
    pub(crate) organizations: HashMap<String, Box<Organization>>,
    #[serde(with = "snapshot::members")]
    pub(crate) members: MemberStore,
    /// The one live passcode of each member, by member id.
    pub(crate) otps: HashMap<String, ActiveOtp>,
    /// The last [`Self::outbox_capacity`] SMS, oldest first.
    pub(crate) outbox: VecDeque<SentSms>,
    #[serde(skip)]
    pub(crate) outbox_capacity: usize,
    /// The code of the last SMS to each member, by member id (cleared with the outbox).
    pub(crate) last_codes: HashMap<String, String>,
    /// Writes since the last pruning.
    #[serde(skip)]
    pub(crate) writes: u32,
    pub(crate) intermediate_sessions: HashMap<String, IntermediateSession>,
    pub(crate) sessions: HashMap<String, SessionRecord>,
    /// Session id by session token (rebuilt from the sessions on import).
    #[serde(skip)]
    pub(crate) session_tokens: HashMap<String, String>,
    pub(crate) rate_limits: RateLimits,
    pub(crate) sends_by_member: HashMap<String, VecDeque<Timestamp>>,
    pub(crate) sends_by_phone: HashMap<String, VecDeque<Timestamp>>,
    /// The project's RBAC policy: its roles.
    pub(crate) rbac_roles: Vec<PolicyRole>,
    /// The project's RBAC policy: its custom scopes (none by default), which connected apps
    /// may be granted and whose permissions access tokens' scope checks use.
    #[serde(default)]
    pub(crate) rbac_scopes: Vec<PolicyScope>,
    /// Each organization's custom roles, by organization id.
    pub(crate) org_roles: HashMap<String, Vec<PolicyRole>>,
    /// The last [`Self::outbox_capacity`] emails, oldest first.
    pub(crate) emails: VecDeque<crate::SentEmail>,
    /// Tokens of emailed links, by token.
    pub(crate) email_tokens: HashMap<String, EmailToken>,
    /// Email one-time passcodes, by organization id (empty for discovery) and lower-case
    /// address.
    #[serde(with = "snapshot::entries")]
    pub(crate) email_codes: HashMap<(String, String), EmailCode>,
    /// Pending and verified TOTP registrations, by member id.
    pub(crate) totps: HashMap<String, TotpRecord>,
    /// Session migration grants: external tokens the fake was told about (`sessions.migrate`).
    pub(crate) migration_grants: HashMap<String, MigrationGrant>,
    /// The directory's indexes (slugs, external ids, email addresses, memberships).
    #[serde(rename = "email_updates", with = "snapshot::directory")]
    pub(crate) directory: DirectoryIndex,
    /// Trusted auth tokens the fake was told about (`sessions.attest`), by profile id, then
    /// token.
    pub(crate) trusted_auth_tokens: HashMap<String, HashMap<String, TrustedAuthGrant>>,
    /// SSO connections and their identity provider's logins.
    pub(crate) sso: sso::SsoState,

    /// OAuth logins and members' provider tokens.
    pub(crate) oauth: oauth::OAuthState,

    /// SCIM connections.
    pub(crate) scim: scim::ScimState,

    /// Impersonation, connected apps and the IdP.
    pub(crate) apps: apps::AppsState,
}

impl Default for State {
    fn default() -> Self {
        State {
            clock_offset: SignedDuration::ZERO,
            organizations: HashMap::new(),
            members: MemberStore::default(),
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
            rbac_scopes: Vec::new(),
            org_roles: HashMap::new(),
            emails: VecDeque::new(),
            email_tokens: HashMap::new(),
            email_codes: HashMap::new(),
            totps: HashMap::new(),
            migration_grants: HashMap::new(),
            directory: DirectoryIndex::default(),
            trusted_auth_tokens: HashMap::new(),
            sso: sso::SsoState::default(),

            oauth: oauth::OAuthState::default(),

            scim: scim::ScimState::default(),

            apps: apps::AppsState::default(),
        }
    }
}

/// An optional string argument, with `""` read as absent (as Stytch does).
pub(crate) fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

pub(crate) fn internal(what: impl std::fmt::Display) -> FakeError {
    FakeError::new(
        500,
        "internal_server_error",
        format!("the fake could not {what}"),
    )
}

/// Builds a generated type through serde: the types are `#[non_exhaustive]` and have dozens
/// of optional fields. A value that does not decode is the fake's bug, answered as a 500.
pub(crate) fn build<T: serde::de::DeserializeOwned>(
    what: &str,
    value: Value,
) -> Result<T, FakeError> {
    serde_json::from_value(value).map_err(|e| internal(format_args!("build {what}: {e}")))
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
        while self.emails.len() > self.outbox_capacity {
            self.emails.pop_front();
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
        self.prune_email(now);
        self.sso.tokens.retain(|_, t| t.expires_at > now);
        self.prune_oauth(now);
        self.members.prune();
        // A window forgets the sends older than its limit's window; an empty one goes.
        let limits = self.rate_limits;
        for (limit, windows) in [
            (limits.per_member, &mut self.sends_by_member),
            (limits.per_phone_number, &mut self.sends_by_phone),
        ] {
            windows.retain(|_, sends| {
                if let Some(limit) = limit {
                    admits(sends, limit, now);
                }
                !sends.is_empty()
            });
        }
    }

    pub(crate) fn set_rate_limits(&mut self, limits: RateLimits) {
        self.rate_limits = limits;
        self.sends_by_member.clear();
        self.sends_by_phone.clear();
    }

    pub(crate) fn rate_limits(&self) -> RateLimits {
        self.rate_limits
    }
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
