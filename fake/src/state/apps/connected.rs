//! The project's connected apps (registered as in Stytch's dashboard) and the grants members
//! gave them through the IdP authorize flow: what the organization and member listings
//! answer, and revoking a grant.

use serde_json::{Value, json};

use super::Grant;
use crate::FakeError;
use stytch_b2b_otp_sms::organizations::Organization;

use crate::state::{DELETED, State, member_not_found};
use crate::util::uuid;

/// The client types Stytch documents for connected apps.
pub(crate) const CLIENT_TYPES: &[&str] = &[
    "first_party",
    "first_party_public",
    "third_party",
    "third_party_public",
];

/// A connected app of the project.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct ConnectedApp {
    pub(crate) connected_app_id: String,
    pub(crate) name: String,
    pub(crate) description: String,
    /// One of [`CLIENT_TYPES`].
    pub(crate) client_type: String,
    pub(crate) logo_url: String,
    /// The redirect URIs the authorize flow accepts (any when empty).
    pub(crate) redirect_urls: Vec<String>,
}

impl ConnectedApp {
    /// Whether the app is a first-party one (`first_party`, `first_party_public`).
    pub(crate) fn first_party(&self) -> bool {
        self.client_type.starts_with("first_party")
    }

    /// The app as organization listings show it (`OrganizationConnectedApp`).
    fn public(&self) -> Value {
        json!({
            "connected_app_id": self.connected_app_id,
            "name": self.name,
            "description": self.description,
            "client_type": self.client_type,
            "logo_url": self.logo_url,
        })
    }
}

/// What registering a connected app takes.
#[derive(Debug, Clone, Default)]
pub struct NewConnectedApp {
    /// The app's id; `connected-app-test-<uuid>` when absent.
    pub connected_app_id: Option<String>,
    /// Its name (required, not empty).
    pub name: String,
    /// Its description.
    pub description: String,
    /// `first_party`, `first_party_public`, `third_party` or `third_party_public`.
    pub client_type: String,
    /// Its logo's URL.
    pub logo_url: Option<String>,
    /// The redirect URIs the authorize flow accepts (any when empty).
    pub redirect_urls: Vec<String>,
}

impl State {
    /// Registers a connected app, as the dashboard would; answers it in the shape
    /// `organizations.connected_apps.get` uses (no members yet).
    pub(crate) fn register_connected_app(
        &mut self,
        new: NewConnectedApp,
    ) -> Result<Value, FakeError> {
        if new.name.trim().is_empty() {
            return Err(bad_app("name must not be empty."));
        }
        if !CLIENT_TYPES.contains(&new.client_type.as_str()) {
            return Err(bad_app(&format!(
                "client_type must be one of {}.",
                CLIENT_TYPES.join(", ")
            )));
        }
        let id = new
            .connected_app_id
            .filter(|i| !i.is_empty())
            .unwrap_or_else(|| format!("connected-app-test-{}", uuid()));
        if self.apps.apps.contains_key(&id) {
            return Err(bad_app(&format!("connected app {id} already exists.")));
        }
        let app = ConnectedApp {
            connected_app_id: id.clone(),
            name: new.name,
            description: new.description,
            client_type: new.client_type,
            logo_url: new.logo_url.unwrap_or_default(),
            redirect_urls: new.redirect_urls,
        };
        let mut answer = app.public();
        answer["active_members"] = json!([]);
        self.apps.apps.insert(id, app);
        Ok(answer)
    }

    /// A connected app by id, or `connected_app_not_found`.
    pub(crate) fn connected_app(&self, id: &str) -> Result<ConnectedApp, FakeError> {
        self.apps
            .apps
            .get(id)
            .cloned()
            .ok_or_else(connected_app_not_found)
    }

    /// The grants of an organization's live members.
    fn organization_grants<'a>(&'a self, organization_id: &'a str) -> Vec<&'a Grant> {
        self.apps
            .grants
            .values()
            .filter(|g| g.organization_id == organization_id)
            .filter(|g| self.members.status(&g.member_id) != Some(DELETED))
            .collect()
    }

    /// `organizations.connected_apps.list`: the apps the organization's members granted.
    pub(crate) fn organization_connected_apps(
        &self,
        organization: &str,
    ) -> Result<Value, FakeError> {
        let organization_id = self.resolve_organization(organization)?;
        let mut ids: Vec<&str> = self
            .organization_grants(&organization_id)
            .iter()
            .map(|g| g.connected_app_id.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let apps: Vec<Value> = ids
            .into_iter()
            .filter_map(|id| self.apps.apps.get(id).map(ConnectedApp::public))
            .collect();
        Ok(json!({ "connected_apps": apps }))
    }

    /// `organizations.connected_apps.get`: the app and the organization's members that
    /// granted it, with their scopes.
    pub(crate) fn organization_connected_app(
        &self,
        organization: &str,
        connected_app_id: &str,
    ) -> Result<Value, FakeError> {
        let organization_id = self.resolve_organization(organization)?;
        let app = self.connected_app(connected_app_id)?;
        let members: Vec<Value> = self
            .organization_grants(&organization_id)
            .into_iter()
            .filter(|g| g.connected_app_id == connected_app_id)
            .map(|g| json!({"member_id": g.member_id, "granted_scopes": g.scopes}))
            .collect();
        let mut answer = app.public();
        answer["active_members"] = json!(members);
        Ok(answer)
    }

    /// `organizations.members.connected_apps.list`: the apps a member granted, each with
    /// its scopes (space-separated, as `scopes_granted` is a string).
    pub(crate) fn member_connected_apps(
        &self,
        organization: &str,
        member: &str,
    ) -> Result<Value, FakeError> {
        let (_, member_id) = self.live_member_of(organization, member)?;
        let apps: Vec<Value> = self
            .apps
            .grants
            .values()
            .filter(|g| g.member_id == member_id)
            .filter_map(|g| {
                let mut app = self.apps.apps.get(&g.connected_app_id)?.public();
                app["scopes_granted"] = json!(g.scopes.join(" "));
                Some(app)
            })
            .collect();
        Ok(json!({ "connected_apps": apps }))
    }

    /// `organizations.members.connected_apps.revoke`: drops the member's grant to the app and
    /// the authorization codes issued under it. Revoking an app the member never granted
    /// changes nothing.
    pub(crate) fn revoke_connected_app(
        &mut self,
        organization: &str,
        member: &str,
        connected_app_id: &str,
    ) -> Result<(), FakeError> {
        let (_, member_id) = self.live_member_of(organization, member)?;
        self.connected_app(connected_app_id)?;
        let key = (member_id.clone(), connected_app_id.to_owned());
        self.apps.grants.remove(&key);
        let kept = |_: &String, g: &mut Grant| {
            g.member_id != member_id || g.connected_app_id != connected_app_id
        };
        self.apps.codes.retain(kept);
        self.apps.access_tokens.retain(kept);
        Ok(())
    }

    /// The organization's id and a live member's id (deleted: `member_not_found`).
    pub(crate) fn live_member_of(
        &self,
        organization: &str,
        member: &str,
    ) -> Result<(String, String), FakeError> {
        let organization_id = self.resolve_organization(organization)?;
        let member_id = self.resolve_member(&organization_id, member)?;
        if self.members.status(&member_id) == Some(DELETED) {
            return Err(member_not_found());
        }
        Ok((organization_id, member_id))
    }

    /// Records (or widens) a member's grant to an app.
    pub(crate) fn record_grant(&mut self, grant: &Grant) {
        let key = (grant.member_id.clone(), grant.connected_app_id.clone());
        let kept = self.apps.grants.entry(key).or_insert_with(|| Grant {
            scopes: Vec::new(),
            ..grant.clone()
        });
        for scope in &grant.scopes {
            if !kept.scopes.contains(scope) {
                kept.scopes.push(scope.clone());
            }
        }
    }

    /// The scopes a member already granted an app.
    pub(crate) fn granted_scopes(&self, member_id: &str, connected_app_id: &str) -> Vec<String> {
        self.apps
            .grants
            .get(&(member_id.to_owned(), connected_app_id.to_owned()))
            .map(|g| g.scopes.clone())
            .unwrap_or_default()
    }
}

/// Whether an organization lets its members use `app`, per its
/// `first_party_connected_apps_allowed_type` / `third_party_connected_apps_allowed_type`
/// (`ALL_ALLOWED`, the default; `RESTRICTED` to the matching allowed list; `NOT_ALLOWED`).
pub(crate) fn organization_allows(organization: &Organization, app: &ConnectedApp) -> bool {
    let (kind, allowed) = if app.first_party() {
        (
            &organization.first_party_connected_apps_allowed_type,
            &organization.allowed_first_party_connected_apps,
        )
    } else {
        (
            &organization.third_party_connected_apps_allowed_type,
            &organization.allowed_third_party_connected_apps,
        )
    };
    match kind.as_str() {
        "NOT_ALLOWED" => false,
        "RESTRICTED" => allowed.contains(&app.connected_app_id),
        _ => true,
    }
}

/// An unknown connected app (or client id).
pub(crate) fn connected_app_not_found() -> FakeError {
    FakeError::new(
        404,
        "connected_app_not_found",
        "Connected app could not be found.",
    )
}

fn bad_app(message: &str) -> FakeError {
    FakeError::new(400, "invalid_connected_app", message.to_owned())
}
