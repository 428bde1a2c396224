//! Local RBAC authorization of a verified session (`sessions` and `rbac` features), as
//! Stytch's server SDKs do it after `authenticateJwtLocal`: tenancy first, then the member's
//! roles against the project's policy (`rbac().get_policy`) and the organization's custom
//! roles (`rbac().organizations().get_org_policy`). The question is the generated
//! `sessions::AuthorizationCheck` and a grant the generated `AuthorizationVerdict`, the
//! values the API's `sessions.authenticate` takes and answers.
//!
//! Both policies are read for every check, so that an organization the API no longer has
//! (deleted since the JWT was issued: its policy answers 404 `organization_not_found`) is
//! refused whatever the project's roles grant, as Stytch's Node SDK refuses it.
//!
//! The policies come from a cache per client, shared by its clones:
//!
//! - each entry is used for a TTL (default 5 minutes, `ClientBuilder::rbac_policy_cache`);
//! - one fetch at a time per entry: concurrent checks that find it stale wait for the same
//!   fetch (single flight);
//! - a failed refresh keeps the last good policy and logs a warning; with none cached the
//!   check is not decided: [`Error::Unavailable`] (`rbac_policy_unavailable`), whose source
//!   is the failed call's error, never a refusal;
//! - at most `capacity` organizations are kept (default 1,000): the least recently used
//!   goes first, so a flood of organizations costs fetches, never unbounded memory.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::error::{AuthorizationError, AuthorizationErrorKind, Error, UnavailableError};
use crate::rbac::{PolicyRequest, PolicyRole, PolicyScope};
use crate::rbac_organizations::GetOrgPolicyRequest;
use crate::sessions::{AuthorizationCheck, AuthorizationVerdict, MemberSession};

/// Default time the RBAC policies of local authorization checks are used: 5 minutes.
pub const DEFAULT_RBAC_TTL: Duration = Duration::from_secs(300);
/// Default number of organizations whose RBAC policy a client keeps: 1,000.
pub const DEFAULT_RBAC_CAPACITY: usize = 1_000;

/// The `error_type` of a check that could not be decided.
const UNAVAILABLE: &str = "rbac_policy_unavailable";

/// What the API answered for one policy: its roles and scopes (an organization's policy has
/// no scopes), or that it has no such organization.
#[derive(Clone)]
enum Policy {
    Roles(Arc<[PolicyRole]>, Arc<[PolicyScope]>),
    NoOrganization,
}

/// One cache slot: its answer with a time, behind an async lock that makes its refresh
/// single-flight.
type Slot = Arc<tokio::sync::Mutex<Option<(Policy, Instant)>>>;

/// The policy cache of one client, kept in the client's extension slots.
pub(crate) struct PolicyCache {
    ttl: Duration,
    capacity: usize,
    project: Slot,
    /// Organization id → (slot, last use tick).
    organizations: Mutex<HashMap<String, (Slot, u64)>>,
    ticks: std::sync::atomic::AtomicU64,
}

impl Default for PolicyCache {
    fn default() -> Self {
        PolicyCache::new(DEFAULT_RBAC_TTL, DEFAULT_RBAC_CAPACITY)
    }
}

impl PolicyCache {
    fn new(ttl: Duration, capacity: usize) -> Self {
        PolicyCache {
            ttl,
            capacity: capacity.max(1),
            project: Slot::default(),
            organizations: Mutex::default(),
            ticks: Default::default(),
        }
    }

    /// The slot of an organization, made (and the least recently used one dropped when over
    /// capacity) if new.
    fn organization(&self, organization_id: &str) -> Slot {
        use std::sync::atomic::Ordering::Relaxed;
        let tick = self.ticks.fetch_add(1, Relaxed);
        let mut map = self
            .organizations
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some((slot, used)) = map.get_mut(organization_id) {
            *used = tick;
            return Arc::clone(slot);
        }
        if map.len() >= self.capacity {
            let oldest = map
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(id, _)| id.clone());
            if let Some(oldest) = oldest {
                map.remove(&oldest);
            }
        }
        let slot = Slot::default();
        map.insert(organization_id.to_owned(), (Arc::clone(&slot), tick));
        slot
    }

    /// The policy in `slot`, fetched by `fetch` when missing or older than the TTL (one fetch
    /// for all waiting callers). A failed fetch keeps what was cached, with a warning; with
    /// nothing cached it is an [`Error::Unavailable`] whose source is the fetch's error.
    async fn policy<F>(&self, slot: &Slot, what: &str, fetch: F) -> Result<Policy, Error>
    where
        F: std::future::Future<Output = Result<Policy, Error>>,
    {
        let mut entry = slot.lock().await;
        if let Some((policy, at)) = &*entry {
            if at.elapsed() < self.ttl {
                return Ok(policy.clone());
            }
        }
        match fetch.await {
            Ok(policy) => {
                *entry = Some((policy.clone(), Instant::now()));
                Ok(policy)
            }
            Err(e) => match &*entry {
                Some((policy, _)) => {
                    tracing::warn!(
                        target: "stytch_b2b_otp_sms",
                        policy = what,
                        error = %e,
                        "refreshing the RBAC policy failed; using the last one fetched"
                    );
                    Ok(policy.clone())
                }
                None => Err(UnavailableError::new(UNAVAILABLE, what, e).into()),
            },
        }
    }
}

/// Configuration of local authorization checks, on the client's builder.
impl crate::ClientBuilder {
    /// How the RBAC policy cache of local authorization checks refreshes (`sessions` and
    /// `rbac` features): the project's policy and each organization's custom roles are used
    /// for `ttl` after a fetch (default [`DEFAULT_RBAC_TTL`], 5 minutes), and at most
    /// `capacity` organizations are kept (default [`DEFAULT_RBAC_CAPACITY`], 1,000; the least
    /// recently used goes first).
    #[cfg_attr(docsrs, doc(cfg(all(feature = "sessions", feature = "rbac"))))]
    pub fn rbac_policy_cache(self, ttl: Duration, capacity: usize) -> Self {
        self.with_extension(PolicyCache::new(ttl, capacity))
    }
}

/// Decides `check` for a verified session: tenancy, then the member's roles against the
/// project's policy and the organization's custom roles. A grant names the granting roles.
pub(crate) async fn authorize(
    client: &crate::Client,
    session: &MemberSession,
    check: &AuthorizationCheck,
) -> Result<AuthorizationVerdict, Error> {
    same_tenancy("session", &session.organization_id, check)?;
    let cache = client.extension(PolicyCache::default);
    let project = project_policy(client, &cache).await?;
    let slot = cache.organization(&check.organization_id);
    let organization = cache
        .policy(&slot, "the organization's RBAC policy", async {
            let request = GetOrgPolicyRequest::new(&check.organization_id);
            match client.rbac().organizations().get_org_policy(request).await {
                Ok(answer) => Ok(Policy::Roles(answer.org_policy.roles.into(), Arc::new([]))),
                Err(e) if e.error_type() == Some("organization_not_found") => {
                    Ok(Policy::NoOrganization)
                }
                Err(e) => Err(e),
            }
        })
        .await?;
    let (Policy::Roles(project, _), Policy::Roles(organization, _)) = (project, organization)
    else {
        return Err(refusal(
            AuthorizationErrorKind::OrganizationNotFound,
            format!(
                "the API has no organization {:?} (its RBAC policy answered organization_not_found)",
                check.organization_id
            ),
        ));
    };
    let granting = granting_roles(&[&project, &organization], &session.roles, check);
    if granting.is_empty() {
        return Err(refusal(
            AuthorizationErrorKind::InvalidPermissions,
            format!(
                "no role of the member ({}) grants {:?} on {:?}",
                session.roles.join(", "),
                check.action,
                check.resource_id
            ),
        ));
    }
    Ok(AuthorizationVerdict {
        authorized: true,
        granting_roles: granting,
    })
}

/// The project's policy, from the cache (fetched through `rbac().get_policy` when stale).
async fn project_policy(client: &crate::Client, cache: &PolicyCache) -> Result<Policy, Error> {
    cache
        .policy(&cache.project, "the project's RBAC policy", async {
            let answer = client.rbac().get_policy(PolicyRequest::new()).await?;
            let policy = answer.policy.unwrap_or_default();
            Ok(Policy::Roles(policy.roles.into(), policy.scopes.into()))
        })
        .await
}

/// The scopes of the project's RBAC policy (each with the permissions it grants), from the
/// same cache as the roles: for the scope checks of access tokens (`idp` feature).
#[cfg(feature = "idp")]
pub(crate) async fn project_scopes(client: &crate::Client) -> Result<Arc<[PolicyScope]>, Error> {
    let cache = client.extension(PolicyCache::default);
    match project_policy(client, &cache).await? {
        Policy::Roles(_, scopes) => Ok(scopes),
        // The project's policy always exists; only an organization's can be missing.
        Policy::NoOrganization => Ok(Arc::new([])),
    }
}

pub(crate) fn refusal(kind: AuthorizationErrorKind, reason: String) -> Error {
    AuthorizationError::new(kind, reason).into()
}

/// Stytch's first rule for every check: a `what` (session, access token) of one
/// organization decides nothing for another (`tenancy_mismatch`).
pub(crate) fn same_tenancy(
    what: &str,
    organization_id: &str,
    check: &AuthorizationCheck,
) -> Result<(), Error> {
    if organization_id == check.organization_id {
        return Ok(());
    }
    Err(refusal(
        AuthorizationErrorKind::TenancyMismatch,
        format!(
            "the {what} belongs to organization {organization_id:?}, the check is for {:?}",
            check.organization_id
        ),
    ))
}

/// Whether a permission on `resource_id` allowing `actions` gives the check's action on its
/// resource: the action itself or `*` (roles and scopes alike).
pub(crate) fn permits(resource_id: &str, actions: &[String], check: &AuthorizationCheck) -> bool {
    resource_id == check.resource_id && actions.iter().any(|a| a == "*" || *a == check.action)
}

/// The ids of `member_roles` that, as `policies` define them (in order), have a permission on
/// the check's resource whose actions include the check's action or `*`. Roles no policy
/// defines grant nothing.
fn granting_roles(
    policies: &[&[PolicyRole]],
    member_roles: &[String],
    check: &AuthorizationCheck,
) -> Vec<String> {
    let mut granting: Vec<String> = Vec::new();
    let roles = policies.iter().flat_map(|roles| roles.iter());
    for role in roles.filter(|role| member_roles.contains(&role.role_id)) {
        let grants = (role.permissions.iter()).any(|p| permits(&p.resource_id, &p.actions, check));
        if grants && !granting.contains(&role.role_id) {
            granting.push(role.role_id.clone());
        }
    }
    granting
}
