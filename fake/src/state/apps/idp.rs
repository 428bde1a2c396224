//! The IdP authorize flow: `idp.oauth.authorize_start` checks an authorization request and
//! says whether the member must consent; `idp.oauth.authorize` records the member's grant and
//! answers the redirect URI with an authorization code (or `error=access_denied`).

use serde_json::{Map, Value, json};
use stytch_b2b_otp_sms::rbac::PolicyScope;

use super::Grant;
use super::connected::{ConnectedApp, organization_allows};
use crate::FakeError;
use crate::state::{State, organization_not_found};
use crate::util::token;

/// The standard scopes, with the description a consent screen shows; the custom scopes of
/// the project's RBAC policy are grantable too.
const SCOPES: &[(&str, &str)] = &[
    ("openid", "Confirm your identity"),
    ("profile", "View your name and profile"),
    ("email", "View your email address"),
    ("phone", "View your phone number"),
    (
        "offline_access",
        "Stay signed in and act for you while you are away",
    ),
];

/// An authorization request's arguments, as both operations take them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AuthorizeArgs<'a> {
    pub(crate) client_id: &'a str,
    pub(crate) redirect_uri: &'a str,
    pub(crate) response_type: &'a str,
    pub(crate) scopes: &'a [String],
    pub(crate) organization_id: Option<&'a str>,
    pub(crate) member_id: Option<&'a str>,
    pub(crate) session_token: &'a Option<String>,
    /// The verified claims of `session_jwt`, when given.
    pub(crate) jwt: Option<&'a Map<String, Value>>,
    pub(crate) prompt: Option<&'a str>,
}

/// A checked authorization request.
struct Checked {
    app: ConnectedApp,
    organization_id: String,
    member_id: String,
    consent_required: bool,
}

impl State {
    /// `idp.oauth.authorize_start`: the member, the organization, the client and whether
    /// consent is required, with each requested scope's result.
    pub(crate) fn idp_authorize_start(
        &self,
        project_id: &str,
        args: AuthorizeArgs<'_>,
    ) -> Result<Value, FakeError> {
        let checked = self.check_authorize(project_id, args)?;
        let member = self.member(&checked.member_id);
        let organization = self.organization(&checked.organization_id);
        let app = &checked.app;
        Ok(json!({
            "member_id": checked.member_id,
            "member": member,
            "organization": organization,
            "client": {
                "client_id": app.connected_app_id,
                "client_name": app.name,
                "client_description": app.description,
                "client_type": app.client_type,
                "logo_url": app.logo_url,
            },
            "consent_required": checked.consent_required,
            "scope_results": scope_results(args.scopes, &self.rbac_scopes),
        }))
    }

    /// `idp.oauth.authorize`: with consent (or none required), records the member's grant of
    /// the grantable scopes and answers the redirect URI with `code` (and `state`) and the
    /// code; without, the redirect URI with `error=access_denied`.
    pub(crate) fn idp_authorize(
        &mut self,
        project_id: &str,
        args: AuthorizeArgs<'_>,
        consent_granted: bool,
        state: Option<&str>,
    ) -> Result<Value, FakeError> {
        let checked = self.check_authorize(project_id, args)?;
        if !consent_granted {
            let uri = with_query(args.redirect_uri, &[("error", "access_denied")], state);
            return Ok(json!({"redirect_uri": uri}));
        }
        let grant = Grant {
            organization_id: checked.organization_id,
            member_id: checked.member_id,
            connected_app_id: checked.app.connected_app_id,
            scopes: grantable(args.scopes, &self.rbac_scopes),
        };
        self.record_grant(&grant);
        let code = token();
        self.apps.codes.insert(code.clone(), grant);
        let uri = with_query(args.redirect_uri, &[("code", &code)], state);
        Ok(json!({"redirect_uri": uri, "authorization_code": code}))
    }

    /// The checks both operations share: the response type, the client, its redirect URI,
    /// the member (exactly one way to name them), the organization's connected-app policy,
    /// and whether consent is required.
    fn check_authorize(
        &self,
        project_id: &str,
        args: AuthorizeArgs<'_>,
    ) -> Result<Checked, FakeError> {
        if args.response_type != "code" {
            return Err(FakeError::new(
                400,
                "unsupported_response_type",
                "response_type must be `code`.",
            ));
        }
        let app = self.connected_app(args.client_id)?;
        if !app.redirect_urls.is_empty()
            && !app.redirect_urls.iter().any(|u| u == args.redirect_uri)
        {
            return Err(FakeError::new(
                400,
                "connected_app_supplied_redirect_url_not_found_in_client",
                "redirect_uri is not one of the connected app's redirect URLs.",
            ));
        }
        let (organization_id, member_id) = self.authorizing_member(project_id, args)?;
        let organization = self
            .organization(&organization_id)
            .ok_or_else(organization_not_found)?;
        if !organization_allows(&organization, &app) {
            return Err(FakeError::new(
                403,
                "connected_app_not_allowed_for_org",
                "The organization does not allow this connected app.",
            ));
        }
        let granted = self.granted_scopes(&member_id, &app.connected_app_id);
        let covered = grantable(args.scopes, &self.rbac_scopes)
            .iter()
            .all(|s| granted.contains(s));
        let consent_required = args.prompt == Some("consent") || (!app.first_party() && !covered);
        Ok(Checked {
            app,
            organization_id,
            member_id,
            consent_required,
        })
    }

    /// The member granting authorization: exactly one of `member_id` with
    /// `organization_id`, `session_token` or `session_jwt`.
    fn authorizing_member(
        &self,
        project_id: &str,
        args: AuthorizeArgs<'_>,
    ) -> Result<(String, String), FakeError> {
        let by_id = args.member_id.filter(|m| !m.is_empty());
        let has_token = args.session_token.as_deref().is_some_and(|t| !t.is_empty());
        let ways =
            usize::from(by_id.is_some()) + usize::from(has_token) + usize::from(args.jwt.is_some());
        if ways == 0 {
            return Err(FakeError::new(
                400,
                "no_oauth_authorize_member_selector",
                "Pass one of member_id (with organization_id), session_token and session_jwt.",
            ));
        }
        if ways > 1 {
            return Err(FakeError::new(
                400,
                "invalid_member_identifier",
                "Pass exactly one of member_id (with organization_id), session_token and session_jwt.",
            ));
        }
        if let Some(member) = by_id {
            let organization = args.organization_id.unwrap_or_default();
            return self.live_member_of(organization, member);
        }
        let now = self.now();
        let id = self.session_named(project_id, args.session_token, args.jwt, now)?;
        let session = self
            .sessions
            .get(&id)
            .ok_or_else(crate::state::session_not_found)?;
        self.live_member_of(&session.organization_id, &session.member_id)
    }
}

/// The description of a scope a member may grant: a standard one ([`SCOPES`]) or a custom
/// scope of the project's RBAC policy; `None` for any other.
fn described<'a>(scope: &str, custom: &'a [PolicyScope]) -> Option<&'a str> {
    SCOPES
        .iter()
        .find(|(s, _)| *s == scope)
        .map(|(_, d)| *d)
        .or_else(|| {
            custom
                .iter()
                .find(|s| s.scope == scope)
                .map(|s| s.description.as_str())
        })
}

/// The requested scopes the fake lets a member grant (see [`described`]).
fn grantable(scopes: &[String], custom: &[PolicyScope]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for scope in scopes {
        if described(scope, custom).is_some() && !out.contains(scope) {
            out.push(scope.clone());
        }
    }
    out
}

/// `scope_results`: each requested scope, its description, and whether it can be granted.
fn scope_results(scopes: &[String], custom: &[PolicyScope]) -> Vec<Value> {
    scopes
        .iter()
        .map(|scope| {
            let known = described(scope, custom);
            json!({
                "scope": scope,
                "description": known.unwrap_or_default(),
                "is_grantable": known.is_some(),
            })
        })
        .collect()
}

/// `uri` with `pairs` (and `state`, when given) added to its query.
fn with_query(uri: &str, pairs: &[(&str, &str)], state: Option<&str>) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        query.append_pair(k, v);
    }
    if let Some(state) = state.filter(|s| !s.is_empty()) {
        query.append_pair("state", state);
    }
    let sep = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{sep}{}", query.finish())
}
