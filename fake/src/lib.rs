//! A local fake of Stytch's B2B API, for testing code that uses [`stytch_b2b_otp_sms`] without
//! the network.
//!
//! [`FakeStytch`] is a real HTTP/1.1 server on loopback that checks basic auth like Stytch and
//! serves 62 operations of Stytch's B2B document statefully, with Stytch's rules and error
//! bodies, through the same generated types and
//! [`route`](stytch_b2b_otp_sms::server::route) the client is built from: the directory
//! (organizations and members), email magic links and one-time passcodes, passwords,
//! discovery, SMS and TOTP second factors, recovery codes, the session family, RBAC and the
//! searches. It signs session JWTs with RS256 and serves their keys at
//! `GET /v1/b2b/sessions/jwks/{project_id}`. Each path parameter is percent-decoded exactly
//! once. A test controls what Stytch keeps to itself: organizations and members, the email and
//! SMS outboxes ([`FakeStytch::emails`], [`FakeStytch::outbox`]), the clock, send rate limits
//! and injected faults. The crate's README has a table per product: each operation, its rules
//! and `error_type`s, and what is not modelled.
//!
//! The same server runs standalone as the `stytch-fake` binary
//! (`cargo run -p stytch-b2b-otp-sms-fake -- --port 8787`), for tests written in other
//! languages. Both forms also answer these test-only routes, with the same basic auth:
//!
//! | Route | Does |
//! | --- | --- |
//! | `GET /__fake/outbox` | JSON list of the [`SentSms`] kept (the last [`DEFAULT_OUTBOX_CAPACITY`] by default), oldest first; `?member_id=…` keeps one member's. |
//! | `DELETE /__fake/outbox` | Empties the SMS outbox; answers `{"cleared": N}`. |
//! | `GET /__fake/emails` | `{"emails": [...]}`: the [`SentEmail`]s kept (magic links, invites, one-time passcodes, password resets, email updates), oldest first; `?email_address=…` keeps one address's. |
//! | `DELETE /__fake/emails` | Empties the email outbox; answers `{"cleared": N}`. |
//! | `POST /__fake/organizations` | Body `{"organization_name": …, "organization_slug": …, "mfa_policy": "OPTIONAL" or "REQUIRED_FOR_ALL", "external_id": …, "email_allowed_domains": […]}` (the last three optional); answers the new `Organization`. |
//! | `POST /__fake/organizations/{organization_id}/members` | Body `{"email_address": …, "name": …, "phone_number": …, "phone_number_verified": false, "totp_registered": false, "external_id": …, "roles": […]}` (all but the email optional); answers the new `Member`. |
//! | `POST /__fake/intermediate_sessions` | Body `{"organization_id": …, "member_id": …}`; answers `{"intermediate_session_token": …}` (a side door: the primary logins mint these too). |
//! | `POST /__fake/clock` | Body `{"advance_seconds": N}`; moves the fake clock forward, answers `{"now": …}`. |
//! | `GET /__fake/rate_limits` | The SMS send limits in force. |
//! | `POST /__fake/rate_limits` | Body `{"per_member": {"max": 3, "window_seconds": 60}, "per_phone_number": null}`; replaces the send limits. |
//! | `GET /__fake/faults` | Lists the pending faults. |
//! | `POST /__fake/faults` | Body `{"kind": "status", "status": 429, "retry_after_seconds": 2, "times": 1, "operation": "otps.sms.send"}` (kinds `status`, `html`, `delay` with `delay_ms`, `drop`); queues a [`Fault`]. |
//! | `DELETE /__fake/faults` | Clears the pending faults. |
//! | `POST /__fake/rbac/policy` | Body `{"roles": [{"role_id": …, "description": …, "permissions": [{"resource_id": …, "actions": […]}]}], "scopes": [{"scope": …, "description": …, "permissions": […]}]}` (`scopes` optional: kept when absent); replaces the project's RBAC policy, answers it. |
//! | `POST /__fake/signing_key/rotate` | Rotates the session-JWT signing key; answers `{"kid": …}`. |
//! | `POST /__fake/sessions/migrations` | Body `{"session_token": …, "organization_id": …, "member_id": …}`; `sessions.migrate` accepts that external session token for that member (see [`FakeStytch::grant_migration`]). |
//! | `POST /__fake/sso/{connection_id}/login` | Body `{"email_address": …, "subject": …, "attributes": {…}, "groups": […], "redirect_url": …, "pkce_code_challenge": …}` (all but the email optional); the SSO identity provider logs that user in through an active connection and answers `{"sso_token": …, "redirect_url": …}` (see [`FakeStytch::sso_login`]). |
//! | `POST /__fake/trusted_auth_tokens` | Body `{"profile_id": …, "token": …, "organization_id": …, "member_id": …}`; `sessions.attest` accepts that token of that profile for that member (see [`FakeStytch::grant_trusted_auth_token`]). |
//! | `POST /__fake/impersonation` | Body `{"organization_id": …, "member_id": …, "impersonator_email_address": …}` (the last optional); mints an impersonation token as Stytch's dashboard would, answers `{"impersonation_token": …, "expires_at": …}` (see [`FakeStytch::impersonate`]). |
//! | `POST /__fake/connected_apps` | Body `{"connected_app_id": …, "name": …, "description": …, "client_type": "first_party" or "third_party" (or `_public`), "logo_url": …, "redirect_urls": […]}` (id, description, logo and redirect URLs optional); registers a connected app, answers it (see [`FakeStytch::register_connected_app`]). |
//! | `POST /__fake/connected_apps/token` | Body `{"authorization_code": …}`; plays the connected app's token endpoint: redeems an `idp.oauth.authorize` code once, answers `{"access_token": …}` for `sessions.exchange_access_token` (see [`FakeStytch::issue_access_token`]). |
//! | `POST /__fake/oauth/{provider}/login` | Plays an OAuth provider (`google`, `microsoft`, `github`, `slack`, `hubspot`; another is `oauth_provider_not_found`, 404). Body `{"email_address": …, "organization_id": …, "provider_tenant_id": …, "name": …, "pkce_code_challenge": …}` (all but the email optional); answers `{"oauth_token", "redirect_url"}` for an organization login, `{"discovery_oauth_token", "redirect_url"}` without `organization_id` (see [`FakeStytch::oauth_login`]). |
//! | `POST /__fake/reset` | Back to the starting state (see [`FakeStytch::reset`]): the [`Seed`] again with the ids printed at start, or nothing for an unseeded fake; answers `{"seed": {organization_id, organization_slug, member_id, member_id_without_phone}}` or `{"seed": null}`. |
//! | `GET /__fake/state` | The whole state as JSON, `{"version": 1, "state": {...}}` (see [`FakeStytch::export_state`]): exactly what `PUT` takes. |
//! | `PUT /__fake/state` | Replaces the whole state by an exported one, checked first: a file of a newer version (400 `unsupported_state_version`) or a broken one (400 `invalid_state`, naming the field) changes nothing; answers `{"imported": {organizations, members, sessions}}`. |
//! | `GET /__fake/requests` | `{"requests": [...]}`: the journal of the last [`JOURNAL_CAPACITY`] API requests ([`RecordedRequest`]: `operation`, `method`, `path`, `status`, `error_type`, `body` with its secrets redacted), oldest first; `?operation=…` keeps one operation's (an unknown name is a 400 `invalid_operation`). |
//! | `DELETE /__fake/requests` | Empties the journal; answers `{"cleared": N}`. |
//!
//! [`CONTROL_ROUTES`] lists the same routes as data (the `stytch-fake` binary's `--help` prints
//! them from it).
//!
//! # Behaviour
//!
//! - Send: a 6-digit code goes to the outbox and replaces the member's previous code; it
//!   expires two minutes later on the fake clock. A member without a phone needs
//!   `mfa_phone_number`, which becomes theirs; a different number than the member's is
//!   rejected. `organization_id` may be the id, slug or external id; `member_id` the id or
//!   external id. A member with an active MFA factor (a verified phone number or a TOTP
//!   registration) can be texted only with one of their session arguments (an intermediate
//!   session token, session token or session JWT); for other members session arguments are
//!   optional. Either way they must be live and the member's.
//! - Authenticate: exactly one session argument. An intermediate session token is consumed
//!   and a new member session created; a session token or JWT has its session extended.
//!   Custom claims are merged (reserved and `https://stytch.com/…` claims ignored, `null`
//!   deletes), the SMS factor is recorded, the phone marked verified, MFA enrollment and the
//!   default MFA method updated.
//! - Session JWTs: RS256, `kid` in the header, claims `sub`, `iss` = `stytch.com/{project_id}`,
//!   `aud` = `[project_id]`, `iat`, `nbf`, `exp` = `iat` + 300 s, `https://stytch.com/session`,
//!   `https://stytch.com/organization` and the custom claims at the top level. A JWT passed
//!   back is checked: signature, `kid`, issuer, audience, `nbf` and `exp` on the fake clock.
//!   The signing key is [`TEST_SIGNING_KEY_PEM`] unless
//!   [`FakeStytchBuilder::signing_key`] sets another: a published test key, never a secret.
//! - Sessions (`sessions.authenticate`, `sessions.revoke`): authenticate takes exactly one of
//!   `session_token` and `session_jwt`; a JWT past its `exp` still names its session while the
//!   session lives (as Stytch accepts it, which is what a local JWT verification falls back
//!   to). `session_duration_minutes` extends the session to that many minutes from now,
//!   `session_custom_claims` merge as above, and the answer carries a fresh JWT.
//!   `authorization_check` is decided as Stytch decides it (RBAC). Revoke takes exactly one of
//!   `member_session_id`, `session_token`, `session_jwt` (expired or not) and `member_id`
//!   (every session of the member) and ends the session(s).
//! - Discovery: `discovery.organizations.list` takes exactly one of an intermediate session
//!   token (every membership, those an organization offers by email domain too, and
//!   `organization_id_hint` for an organization's intermediate session), a session token or
//!   a session JWT (active, invited and pending memberships), and consumes nothing. An
//!   organization offers joining by email domain when its `email_jit_provisioning` is
//!   `RESTRICTED`, the domain is in `email_allowed_domains` and another active member has a
//!   verified address there. `discovery.intermediate_sessions.exchange` logs the address in
//!   to an organization as its member there (invited and pending members become active) or
//!   provisions one by email domain; `discovery.organizations.create` creates an
//!   organization (name and slug derived from the address when absent) with the address as
//!   an active `stytch_admin`. Both then apply the organization's rules: when a second factor
//!   is due the same intermediate session token comes back, now carrying this login (an SMS
//!   is sent when the member's MFA method is a phone); otherwise it is consumed.
//!   [`FakeStytch::mint_discovery_intermediate_session_token`] mints one for tests.
//! - More sessions: `sessions.get` lists a member's live sessions; `sessions.exchange`
//!   carries a session's email magic link, email passcode and OAuth factors (and an SMS
//!   factor to the same verified phone) into the same address's membership of another
//!   organization, under its rules; `sessions.migrate` and `sessions.attest` accept the
//!   external session tokens and trusted auth tokens a test granted
//!   ([`FakeStytch::grant_migration`], [`FakeStytch::grant_trusted_auth_token`]);
//!   `sessions.exchange_access_token` accepts, once, the JWT access tokens
//!   [`FakeStytch::issue_access_token`] issues.
//! - Errors are Stytch's error JSON (`status_code`, `request_id`, `error_type`,
//!   `error_message`, `error_url`) with a fresh `request_id`. The crate's README lists every
//!   `error_type` and which of them are Stytch's own names.
//!
//! - Timeouts and limits: [`DEFAULT_HEADER_READ_TIMEOUT`] to send headers (also between
//!   requests on a kept-alive connection), [`DEFAULT_BODY_READ_TIMEOUT`] for the body (a 408),
//!   a declared body over 1 MiB refused at once (413), [`DEFAULT_MAX_CONNECTIONS`] served at
//!   once; see [`FakeStytchBuilder`].
//! - Memory follows what is live: the outbox is a ring of the last SMS, and expired codes,
//!   intermediate sessions and sessions are removed (on the fake clock) every 256 writes.
//! - Emulator: [`FakeStytch::reset`] puts the fake back to the state it started with (the
//!   seed again, with the same ids); [`FakeStytch::requests`] is the journal of the last
//!   requests, secrets redacted; [`FakeStytch::client`] checks session JWTs locally on the
//!   fake clock. The README's emulator section has the details.
//! - Key rotation: [`FakeStytch::rotate_signing_key`] (or `POST /__fake/signing_key/rotate`)
//!   switches the signing key; the old key stays in the JWKS and verifies for
//!   [`ROTATION_GRACE`] on the fake clock.
//!
//! Every operation of the document is served; the README's table for each product says what
//! it leaves out. Not modelled across products: Stytch's member-wide user lock outside
//! passwords (an SMS code dies on its fifth wrong try instead), Stytch's global project rate
//! limits, and the fetching of anything from the internet (SAML metadata URLs, OIDC discovery).

mod builder;
mod control;
mod error;
mod faults;
mod flows;
mod http;
mod journal;
mod jwt;
mod limits;
mod model;
mod reply;
mod search;
mod service;
mod state;
mod util;
pub mod validate;

use std::fmt;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tokio::task::JoinHandle;

use state::Shared;
use stytch_b2b_otp_sms::organizations::{Member, Organization};
use stytch_b2b_otp_sms::rbac::PolicyRole;

pub use builder::FakeStytchBuilder;
pub use control::apps::Impersonation;
pub use control::sso::{SsoLogin, SsoUser};
pub use control::{CONTROL_ROUTES, ControlRoute, OAuthRedirect, OAuthUser};
pub use error::FakeError;
pub use faults::{Fault, FaultKind, OPERATIONS};
pub use http::{DEFAULT_BODY_READ_TIMEOUT, DEFAULT_HEADER_READ_TIMEOUT, DEFAULT_MAX_CONNECTIONS};
pub use journal::{JOURNAL_CAPACITY, JOURNAL_MAX_BODY_BYTES, RecordedRequest};
pub use jwt::{ROTATION_GRACE, TEST_ROTATION_KEYS, TEST_SIGNING_KEY_ID, TEST_SIGNING_KEY_PEM};
pub use limits::{RateLimit, RateLimits};
pub use model::{EmailKind, MfaPolicy, NewMember, NewOrganization, Seed, SentEmail, SentSms};
pub use state::DEFAULT_OUTBOX_CAPACITY;
pub use state::apps::NewConnectedApp;

/// A running fake Stytch server.
///
/// Start it inside a tokio runtime; the server task stops when the handle is dropped (or
/// after [`shutdown`](Self::shutdown)).
///
/// ```no_run
/// use stytch_b2b_otp_sms_fake::{FakeStytch, MfaPolicy, NewMember, NewOrganization};
/// use stytch_b2b_otp_sms::otp_sms::{AuthenticateRequest, SendRequest};
///
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// let fake = FakeStytch::start().await?;
/// let org = fake.create_organization(
///     NewOrganization::new("Acme Corp", "acme-corp").mfa_policy(MfaPolicy::RequiredForAll),
/// )?;
/// let member = fake.create_member(&org.organization_id, NewMember::new("ada@acme.test"))?;
/// let ist = fake.mint_intermediate_session_token(&org.organization_id, &member.member_id)?;
///
/// let client = fake.client();
/// client
///     .otps()
///     .sms()
///     .send(SendRequest::new(&org.organization_id, &member.member_id).mfa_phone_number("+15555550123"))
///     .await?;
/// let code = fake.last_code(&member.member_id).ok_or("no SMS was sent")?;
/// let authed = client
///     .otps()
///     .sms()
///     .authenticate(
///         AuthenticateRequest::new(&org.organization_id, &member.member_id, code)
///             .intermediate_session_token(ist),
///     )
///     .await?;
/// assert!(authed.member.mfa_enrolled);
/// # Ok(())
/// # }
/// ```
pub struct FakeStytch {
    shared: Arc<Shared>,
    addr: SocketAddr,
    server: JoinHandle<()>,
}

impl FakeStytch {
    /// Starts a fake on `127.0.0.1` with an ephemeral port and random credentials.
    pub async fn start() -> io::Result<FakeStytch> {
        Self::builder().start().await
    }

    /// Starts a fake on `addr` (port 0 picks a free port) with random credentials.
    pub async fn start_on(addr: SocketAddr) -> io::Result<FakeStytch> {
        Self::builder().addr(addr).start().await
    }

    /// Configures a fake: address and credentials.
    pub fn builder() -> FakeStytchBuilder {
        FakeStytchBuilder::new()
    }

    /// The URL to give [`ClientBuilder::base_url`](stytch_b2b_otp_sms::ClientBuilder::base_url), e.g.
    /// `http://127.0.0.1:38211` (a loopback address when bound to `0.0.0.0` or `::`).
    pub fn base_url(&self) -> String {
        let mut addr = self.addr;
        match addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => addr.set_ip(Ipv4Addr::LOCALHOST.into()),
            IpAddr::V6(ip) if ip.is_unspecified() => addr.set_ip(Ipv6Addr::LOCALHOST.into()),
            _ => {}
        }
        format!("http://{addr}")
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The project id the server accepts (`project-test-…` unless configured).
    pub fn project_id(&self) -> &str {
        &self.shared.project_id
    }

    /// The secret the server accepts (`secret-test-…` unless configured).
    pub fn secret(&self) -> &str {
        &self.shared.secret
    }

    /// A [`Client`](stytch_b2b_otp_sms::Client) with this fake's base URL and credentials,
    /// whose local session-JWT checks read the fake clock
    /// ([`ClientBuilder::clock`](stytch_b2b_otp_sms::ClientBuilder::clock)), so that
    /// [`advance_clock`](Self::advance_clock) expires JWTs for them too.
    pub fn client(&self) -> stytch_b2b_otp_sms::Client {
        stytch_b2b_otp_sms::Client::builder(self.project_id(), self.secret())
            .base_url(self.base_url())
            .clock(control::emulator::clock_of(&self.shared))
            .build()
            // Loopback http with non-empty credentials without ':' is always accepted.
            .expect("the fake's own configuration is a valid client configuration")
    }

    /// Creates an organization, as Stytch's Create Organization endpoint would.
    ///
    /// Fails as Stytch's Create Organization does: a blank name, a slug that is not 2 to 128
    /// alphanumerics, `-`, `.`, `_` or `~`, a slug or external id already used, or an
    /// invalid or common email domain.
    pub fn create_organization(&self, org: NewOrganization) -> Result<Organization, FakeError> {
        self.shared.lock().create_organization(org)
    }

    /// Changes the settings of `organization_id` (an id, slug or external id) directly, without
    /// the checks of Stytch's Update Organization endpoint (`organizations().update` applies
    /// them): `change` may set any setting
    /// (`email_jit_provisioning`, `email_invites`, `email_allowed_domains`, `auth_methods`,
    /// `allowed_auth_methods`, `mfa_policy`, `mfa_methods`, …); the organization's id, slug
    /// and external id stay as they are. Answers the organization as changed.
    ///
    /// Fails on an unknown organization.
    pub fn configure_organization(
        &self,
        organization_id: &str,
        change: impl FnOnce(&mut Organization),
    ) -> Result<Organization, FakeError> {
        self.shared
            .lock()
            .configure_organization(organization_id, change)
    }

    /// Creates an active member of `organization_id` (an id, slug or external id), as
    /// Stytch's Create Member endpoint would.
    ///
    /// Fails as Stytch's Create Member does: an unknown organization, an invalid email
    /// address or one another member of the organization holds, a phone number not in
    /// E.164 format, or a duplicate external id. Roles are not checked against the RBAC
    /// policy here, so that a test may name them before it sets the policy.
    pub fn create_member(
        &self,
        organization_id: &str,
        member: NewMember,
    ) -> Result<Member, FakeError> {
        self.shared.lock().create_member(organization_id, member)
    }

    /// Creates the demo data the `stytch-fake` binary and the quickstart use: organization
    /// "Acme Corp" (slug `acme-corp`, MFA policy `REQUIRED_FOR_ALL`), member Ada with phone
    /// `+15555550100` and member Grace without a phone.
    ///
    /// The seed, with its ids, and the rate limits in force become what
    /// [`reset`](Self::reset) returns to.
    ///
    /// Fails if the slug `acme-corp` is already taken.
    pub fn seed(&self) -> Result<Seed, FakeError> {
        control::emulator::seed(&self.shared)
    }

    /// Mints an intermediate session token for a member, as a successful primary login
    /// (an email magic link) would when MFA is required. It is valid for 10 minutes on the
    /// fake clock, and carries a `magic_link` / `email` factor into the session it becomes.
    pub fn mint_intermediate_session_token(
        &self,
        organization_id: &str,
        member_id: &str,
    ) -> Result<String, FakeError> {
        self.shared
            .lock()
            .mint_intermediate_session(organization_id, member_id)
    }

    /// Mints a discovery intermediate session token for `email_address`, as a discovery
    /// login (an email magic link) would: no organization yet, valid for 10 minutes on the
    /// fake clock, carrying a `magic_link` / `email` factor into the organization it is
    /// exchanged into (`discovery.intermediate_sessions.exchange`,
    /// `discovery.organizations.create`).
    ///
    /// Fails with `invalid_email` for an address without a local part and a domain.
    pub fn mint_discovery_intermediate_session_token(
        &self,
        email_address: &str,
    ) -> Result<String, FakeError> {
        self.shared
            .lock()
            .mint_discovery_intermediate_session(email_address)
    }

    /// Tells the fake that the external session token `session_token` (of the identity
    /// provider a project migrates from) belongs to a member (an id or external id) of an
    /// organization (an id, slug or external id): `sessions.migrate` with that token and
    /// organization then logs the member in, as Stytch would after asking the provider's
    /// UserInfo endpoint. Also `POST /__fake/sessions/migrations`.
    ///
    /// Fails on an empty token, an unknown organization or member.
    pub fn grant_migration(
        &self,
        session_token: &str,
        organization_id: &str,
        member_id: &str,
    ) -> Result<(), FakeError> {
        self.shared
            .lock()
            .grant_migration(session_token, organization_id, member_id)
    }

    /// Tells the fake that `token` of the trusted auth token profile `profile_id` attests a
    /// member (an id or external id) of an organization (an id, slug or external id), as a
    /// Dashboard profile and its issuer's signature would: `sessions.attest` then accepts
    /// it. The profile is known from then on. Also `POST /__fake/trusted_auth_tokens`.
    ///
    /// Fails on an empty profile id or token, an unknown organization or member.
    pub fn grant_trusted_auth_token(
        &self,
        profile_id: &str,
        token: &str,
        organization_id: &str,
        member_id: &str,
    ) -> Result<(), FakeError> {
        self.shared
            .lock()
            .grant_trusted_auth_token(profile_id, token, organization_id, member_id)
    }

    /// The SMS the fake would have sent, oldest first: the last
    /// [`DEFAULT_OUTBOX_CAPACITY`] (or [`FakeStytchBuilder::outbox_capacity`]); older ones are
    /// dropped.
    pub fn outbox(&self) -> Vec<SentSms> {
        self.shared.lock().outbox(None)
    }

    /// The outbox's SMS to `member_id` (the member's id), oldest first.
    pub fn outbox_of(&self, member_id: &str) -> Vec<SentSms> {
        self.shared.lock().outbox(Some(member_id))
    }

    /// The emails the fake would have sent, oldest first (the last
    /// [`DEFAULT_OUTBOX_CAPACITY`], or [`FakeStytchBuilder::outbox_capacity`]): magic links,
    /// invites, one-time passcodes, password resets and email updates. Also
    /// `GET /__fake/emails`.
    pub fn emails(&self) -> Vec<SentEmail> {
        self.shared.lock().emails(None)
    }

    /// The emails sent to `email_address` (any case), oldest first.
    pub fn emails_to(&self, email_address: &str) -> Vec<SentEmail> {
        self.shared.lock().emails(Some(email_address))
    }

    /// The last email sent to `email_address` (any case), if the outbox still has it.
    pub fn last_email(&self, email_address: &str) -> Option<SentEmail> {
        self.shared.lock().last_email(email_address)
    }

    /// Empties the email outbox; returns how many emails it held. Also
    /// `DELETE /__fake/emails`.
    pub fn clear_emails(&self) -> usize {
        self.shared.lock().clear_emails()
    }

    /// Empties the outbox; returns how many SMS it held. Also `DELETE /__fake/outbox`.
    pub fn clear_outbox(&self) -> usize {
        self.shared.lock().clear_outbox()
    }

    /// The code of the last SMS sent to `member_id` (the member's id, not an external id),
    /// even if the outbox has dropped it since; `None` after [`clear_outbox`](Self::clear_outbox).
    pub fn last_code(&self, member_id: &str) -> Option<String> {
        self.shared.lock().last_code(member_id)
    }

    /// Moves the fake clock forward (it otherwise follows the system clock). Codes,
    /// intermediate sessions, sessions, JWTs and rate-limit windows expire, and timestamps
    /// are written, by this clock.
    ///
    /// # Errors
    ///
    /// `invalid_clock_advance` for a move of more than [`validate::MAX_CLOCK_ADVANCE`] (100
    /// years), as `POST /__fake/clock` refuses it.
    pub fn advance_clock(&self, by: Duration) -> Result<(), FakeError> {
        if by > validate::MAX_CLOCK_ADVANCE {
            validate::clock_advance(
                "by",
                by.as_secs().max(validate::MAX_CLOCK_ADVANCE.as_secs() + 1),
            )?;
        }
        self.shared.lock().advance_clock(by);
        Ok(())
    }

    /// The fake clock's current time.
    pub fn now(&self) -> SystemTime {
        SystemTime::from(self.shared.lock().now())
    }

    /// Replaces the send rate limits (none by default) and forgets the sends counted so far.
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # use stytch_b2b_otp_sms_fake::{FakeStytch, RateLimit, RateLimits};
    /// # fn demo(fake: &FakeStytch) -> Result<(), stytch_b2b_otp_sms_fake::FakeError> {
    /// fake.set_rate_limits(
    ///     RateLimits::none().per_member(RateLimit::new(3, Duration::from_secs(60))),
    /// )?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// `invalid_rate_limit` for a window out of [`validate`]'s bounds (1 s to 366 days), as
    /// `POST /__fake/rate_limits` and the CLI refuse it.
    pub fn set_rate_limits(&self, limits: RateLimits) -> Result<(), FakeError> {
        for (field, limit) in [
            ("per_member.window", limits.per_member),
            ("per_phone_number.window", limits.per_phone_number),
        ] {
            if let Some(limit) = limit {
                validate::rate_limit_window(field, limit.window())?;
            }
        }
        self.shared.lock().set_rate_limits(limits);
        Ok(())
    }

    /// The send rate limits in force.
    pub fn rate_limits(&self) -> RateLimits {
        self.shared.lock().rate_limits()
    }

    /// Queues a fault for the next calls; returns how many faults are pending.
    ///
    /// Fails (status 400, `invalid_fault`) on a status out of range, zero times or an unknown
    /// operation.
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # use stytch_b2b_otp_sms_fake::{FakeStytch, Fault};
    /// # fn demo(fake: &FakeStytch) -> Result<(), stytch_b2b_otp_sms_fake::FakeError> {
    /// // The next two sends answer 503; then one answers 429 with `Retry-After: 1`.
    /// fake.inject(Fault::status(503).times(2).only("otps.sms.send"))?;
    /// fake.inject(Fault::too_many_requests(Duration::from_secs(1)))?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn inject(&self, fault: Fault) -> Result<usize, FakeError> {
        self.shared.faults.push(fault)
    }

    /// The faults not yet used up, oldest first.
    pub fn pending_faults(&self) -> Vec<Fault> {
        self.shared.faults.pending()
    }

    /// Drops every pending fault.
    pub fn clear_faults(&self) {
        self.shared.faults.clear();
    }

    /// The URL of the fake's JWKS, `{base_url}/v1/b2b/sessions/jwks/{project_id}`, where a
    /// JWT library finds the key that signs session JWTs.
    pub fn jwks_url(&self) -> String {
        format!(
            "{}/v1/b2b/sessions/jwks/{}",
            self.base_url(),
            self.project_id()
        )
    }

    /// The JWKS the fake serves, as JSON (`keys`, `request_id`, `status_code`).
    pub fn jwks(&self) -> serde_json::Value {
        self.shared.jwks()
    }

    /// Rotates the key that signs session JWTs to the next of the published test keys
    /// ([`TEST_ROTATION_KEYS`], then [`TEST_SIGNING_KEY_PEM`] again), as Stytch rotates its
    /// keys: the old key stays in the JWKS, and JWTs it signed keep verifying, for
    /// [`ROTATION_GRACE`] on the fake clock. Returns the new key's `kid`.
    ///
    /// # Errors
    ///
    /// `signing_key_rotation_failed` when every built-in key is still in its grace period.
    /// Also `POST /__fake/signing_key/rotate`.
    pub fn rotate_signing_key(&self) -> Result<String, FakeError> {
        self.shared.rotate_signing_key(None)
    }

    /// Rotates to a key of your own (PKCS#8 PEM RSA, 2048 to 4096 bits) under `kid`, as
    /// [`rotate_signing_key`](Self::rotate_signing_key) does.
    ///
    /// # Errors
    ///
    /// `invalid_signing_key` for a key ring does not accept or an empty `kid`;
    /// `signing_key_rotation_failed` for a `kid` already in the JWKS.
    pub fn rotate_signing_key_to(&self, pkcs8_pem: &str, kid: &str) -> Result<String, FakeError> {
        let signer = jwt::Signer::from_pem(pkcs8_pem, kid)
            .map_err(|why| FakeError::new(400, "invalid_signing_key", why))?;
        self.shared.rotate_signing_key(Some(signer))
    }

    /// The member with this id, as the fake currently has it (a deleted member too, with
    /// status `deleted`).
    pub fn member(&self, member_id: &str) -> Option<Member> {
        self.shared.lock().member(member_id)
    }

    /// Replaces the project's RBAC policy (its roles; Stytch's default has `stytch_member` and
    /// `stytch_admin`, which the fake starts with, granting nothing). Served by
    /// `rbac().get_policy` and used by `sessions.authenticate`'s `authorization_check`.
    pub fn set_rbac_policy(&self, roles: Vec<PolicyRole>) {
        self.shared.lock().set_rbac_roles(roles);
    }

    /// Replaces the custom scopes of the project's RBAC policy (none by default): each a
    /// scope name with the permissions (resource and actions) it grants. Served by
    /// `rbac().get_policy`; members may grant these scopes to connected apps in
    /// `idp.oauth.authorize`, and an access token's scope check reads their permissions. Also
    /// `POST /__fake/rbac/policy {"roles", "scopes"}`.
    pub fn set_rbac_scopes(&self, scopes: Vec<stytch_b2b_otp_sms::rbac::PolicyScope>) {
        self.shared.lock().set_rbac_scopes(scopes);
    }

    /// Replaces the custom roles of an organization (an id, slug or external id), as
    /// `rbac().organizations().set_org_policy` does.
    ///
    /// Fails on an unknown organization, or a role id the project's policy has.
    pub fn set_organization_roles(
        &self,
        organization_id: &str,
        roles: Vec<PolicyRole>,
    ) -> Result<(), FakeError> {
        self.shared
            .lock()
            .set_org_roles(organization_id, roles)
            .map(drop)
    }

    /// How many requests of an operation the fake has received with valid credentials, by
    /// the operation's name (one of [`OPERATIONS`], e.g. `rbac.organizations.get_org_policy`
    /// or `sessions.get_jwks`), whatever their answer, an injected fault included; for
    /// asserting how often code under test calls Stytch.
    pub fn calls(&self, operation: &str) -> usize {
        self.shared.calls(operation)
    }

    /// The organization with this id, as the fake currently has it.
    pub fn organization(&self, organization_id: &str) -> Option<Organization> {
        self.shared.lock().organization(organization_id)
    }

    /// Stops the server and waits until it no longer accepts connections.
    pub async fn shutdown(mut self) {
        self.server.abort();
        let _ = (&mut self.server).await;
    }
}

impl Drop for FakeStytch {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl fmt::Debug for FakeStytch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeStytch")
            .field("base_url", &self.base_url())
            .field("project_id", &self.project_id())
            .field("secret", &"[redacted]")
            .finish()
    }
}

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
