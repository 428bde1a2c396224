//! Local RBAC authorization of a verified session (`sessions` and `rbac` features), as
//! Stytch's server SDKs do it after `authenticateJwtLocal`: tenancy first, then the member's
//! roles against the project's policy (`rbac().get_policy`) and the organization's custom
//! roles (`rbac().organizations().get_org_policy`).
//!
//! The policies come from a cache per client, shared by its clones:
//!
//! - each entry is used for a TTL (default 5 minutes, `ClientBuilder::rbac_policy_cache`);
//! - one fetch at a time per entry: concurrent checks that find it stale wait for the same
//!   fetch (single flight);
//! - a failed refresh keeps the last good policy and logs a warning; with none cached the
//!   check fails as `rbac_policy_unavailable`;
//! - at most `capacity` organizations are kept (default 1,000): the least recently used
//!   goes first, so a flood of organizations costs fetches, never unbounded memory.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::error::{AuthorizationError, AuthorizationErrorKind, Error};
use crate::rbac::{PolicyRequest, PolicyRole};
use crate::rbac_organizations::GetOrgPolicyRequest;
use crate::runtime::AuthorizationCheck;
use crate::sessions::MemberSession;

/// Roles with a time: one cached policy.
#[derive(Default)]
struct Entry {
    roles: Option<(Arc<[PolicyRole]>, Instant)>,
}

/// One cache slot: its value, behind an async lock that makes its refresh single-flight.
type Slot = Arc<tokio::sync::Mutex<Entry>>;

/// The policy cache of one client.
pub(crate) struct PolicyCache {
    ttl: Duration,
    capacity: usize,
    project: Slot,
    /// Organization id → (slot, last use tick).
    organizations: Mutex<HashMap<String, (Slot, u64)>>,
    ticks: std::sync::atomic::AtomicU64,
}

impl PolicyCache {
    fn new((ttl, capacity): (Duration, usize)) -> Self {
        PolicyCache {
            ttl,
            capacity,
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

    /// The roles in `slot`, fetched by `fetch` when missing or older than the TTL (one fetch
    /// for all waiting callers). A failed fetch keeps what was cached, with a warning.
    async fn roles<F>(&self, slot: &Slot, what: &str, fetch: F) -> Result<Arc<[PolicyRole]>, Error>
    where
        F: std::future::Future<Output = Result<Vec<PolicyRole>, Error>>,
    {
        let mut entry = slot.lock().await;
        if let Some((roles, at)) = &entry.roles {
            if at.elapsed() < self.ttl {
                return Ok(Arc::clone(roles));
            }
        }
        match fetch.await {
            Ok(roles) => {
                let roles: Arc<[PolicyRole]> = roles.into();
                entry.roles = Some((Arc::clone(&roles), Instant::now()));
                Ok(roles)
            }
            Err(e) => match &entry.roles {
                Some((roles, _)) => {
                    tracing::warn!(
                        target: "stytch_b2b_otp_sms",
                        policy = what,
                        error = %e,
                        "refreshing the RBAC policy failed; using the last one fetched"
                    );
                    Ok(Arc::clone(roles))
                }
                None => Err(AuthorizationError::new(
                    AuthorizationErrorKind::PolicyUnavailable,
                    format!("the {what} could not be fetched: {e}"),
                )
                .into()),
            },
        }
    }
}

/// The client's policy cache.
fn cache(client: &crate::Client) -> Arc<PolicyCache> {
    client.layer_state(|| PolicyCache::new(client.rbac_cache_config()))
}

/// Decides `check` for a verified session: tenancy, then the member's roles against the
/// project's policy and the organization's custom roles.
pub(crate) async fn authorize(
    client: &crate::Client,
    session: &MemberSession,
    check: &AuthorizationCheck,
) -> Result<(), Error> {
    if session.organization_id != check.organization_id {
        return Err(AuthorizationError::new(
            AuthorizationErrorKind::TenancyMismatch,
            format!(
                "the session belongs to organization {:?}, the check is for {:?}",
                session.organization_id, check.organization_id
            ),
        )
        .into());
    }
    let cache = cache(client);
    let project = cache
        .roles(&cache.project, "project's RBAC policy", async {
            let answer = client.rbac().get_policy(PolicyRequest::new()).await?;
            Ok(answer.policy.map(|p| p.roles).unwrap_or_default())
        })
        .await?;
    if grants(&project, &session.roles, check) {
        return Ok(());
    }
    let slot = cache.organization(&check.organization_id);
    let organization = cache
        .roles(&slot, "organization's RBAC policy", async {
            let answer = client
                .rbac()
                .organizations()
                .get_org_policy(GetOrgPolicyRequest::new(&check.organization_id))
                .await?;
            Ok(answer.org_policy.roles)
        })
        .await?;
    if grants(&organization, &session.roles, check) {
        return Ok(());
    }
    Err(AuthorizationError::new(
        AuthorizationErrorKind::InvalidPermissions,
        format!(
            "no role of the member ({}) grants {:?} on {:?}",
            session.roles.join(", "),
            check.action,
            check.resource_id
        ),
    )
    .into())
}

/// Whether one of `member_roles`, as `roles` define them, has a permission on the check's
/// resource whose actions include the check's action or `*`. Roles `roles` does not define
/// grant nothing.
fn grants(roles: &[PolicyRole], member_roles: &[String], check: &AuthorizationCheck) -> bool {
    roles
        .iter()
        .filter(|role| member_roles.contains(&role.role_id))
        .flat_map(|role| &role.permissions)
        .any(|permission| {
            permission.resource_id == check.resource_id
                && permission
                    .actions
                    .iter()
                    .any(|a| a == "*" || *a == check.action)
        })
}
