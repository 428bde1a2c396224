//! The fake's control routes (`/__fake/…`): what a test can see and steer that Stytch keeps to
//! itself (outboxes, the clock, limits, faults, organizations and members, signing keys).
//!
//! [`CONTROL_ROUTES`] is the one table of them: the dispatcher, the `405 Allow` header, the
//! `stytch-fake` binary's `--help` and start-up lines, and the crate docs' table (checked by a
//! test) are all read from it, so none of them can miss a route.

use crate::limits::RateLimits;
pub(crate) mod apps;
mod bodies;
mod oauth;
pub(crate) mod sso;
pub use oauth::{OAuthRedirect, OAuthUser};
pub(crate) mod emulator;

use crate::FakeError;
use crate::reply::{Reply, decode, encode, error, fail, method_not_allowed, route_not_found};
use crate::state::{Shared, request_id};
use crate::util::rfc3339;
use bodies::*;

/// One control route: its method and path (`{name}` matches one segment), an example body,
/// what it does, and the function that serves it.
pub struct ControlRoute {
    /// `GET`, `POST`, `PUT` or `DELETE`.
    pub method: &'static str,
    /// The path after `/__fake/`, e.g. `organizations/{organization_id}/members`.
    pub path: &'static str,
    /// An example body or query, `""` when it takes none.
    pub takes: &'static str,
    /// What it does and answers, one line.
    pub does: &'static str,
    serve: fn(&Shared, &Call<'_>) -> Reply,
}

impl std::fmt::Debug for ControlRoute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} /__fake/{}", self.method, self.path)
    }
}

/// A control request as its route's function reads it.
struct Call<'a> {
    /// The `{name}` segments of the path, percent-decoded, in order.
    params: Vec<String>,
    query: &'a str,
    body: &'a [u8],
}

/// Every control route, in the order `--help` lists them.
pub const CONTROL_ROUTES: &[ControlRoute] = &[
    ControlRoute {
        method: "GET",
        path: "outbox",
        takes: "?member_id=…",
        does: "the SMS it would have sent, oldest first (one member's with member_id)",
        serve: get_outbox,
    },
    ControlRoute {
        method: "DELETE",
        path: "outbox",
        takes: "",
        does: "empties the SMS outbox; answers {\"cleared\": N}",
        serve: delete_outbox,
    },
    ControlRoute {
        method: "GET",
        path: "emails",
        takes: "?email_address=…",
        does: "the emails it would have sent: {\"emails\": [{email_address, organization_id, kind, token, code, url, sent_at, expires_at}]}",
        serve: get_emails,
    },
    ControlRoute {
        method: "DELETE",
        path: "emails",
        takes: "",
        does: "empties the email outbox; answers {\"cleared\": N}",
        serve: delete_emails,
    },
    ControlRoute {
        method: "POST",
        path: "organizations",
        takes: "{\"organization_name\", \"organization_slug\", \"mfa_policy\", \"external_id\", \"email_allowed_domains\"}",
        does: "creates an organization; answers it",
        serve: post_organization,
    },
    ControlRoute {
        method: "POST",
        path: "organizations/{organization_id}/members",
        takes: "{\"email_address\", \"name\", \"phone_number\", \"phone_number_verified\", \"totp_registered\", \"external_id\", \"roles\"}",
        does: "creates an active member; answers it",
        serve: post_member,
    },
    ControlRoute {
        method: "POST",
        path: "intermediate_sessions",
        takes: "{\"organization_id\", \"member_id\"}",
        does: "mints an intermediate session token as a primary login would (the side door)",
        serve: post_intermediate_session,
    },
    ControlRoute {
        method: "POST",
        path: "sessions/migrations",
        takes: "{\"session_token\", \"organization_id\", \"member_id\"}",
        does: "an external session token that sessions.migrate then accepts for that member",
        serve: post_migration_grant,
    },
    ControlRoute {
        method: "POST",
        path: "trusted_auth_tokens",
        takes: "{\"profile_id\", \"token\", \"organization_id\", \"member_id\"}",
        does: "a trusted auth token that sessions.attest then accepts for that member",
        serve: post_trusted_auth_token,
    },
    ControlRoute {
        method: "POST",
        path: "clock",
        takes: "{\"advance_seconds\": N}",
        does: "moves the fake clock forward; answers {\"now\"}",
        serve: post_clock,
    },
    ControlRoute {
        method: "GET",
        path: "rate_limits",
        takes: "",
        does: "the SMS send limits in force",
        serve: get_rate_limits,
    },
    ControlRoute {
        method: "POST",
        path: "rate_limits",
        takes: "{\"per_member\": {\"max\": 3, \"window_seconds\": 60}, \"per_phone_number\": null}",
        does: "replaces the SMS send limits",
        serve: post_rate_limits,
    },
    ControlRoute {
        method: "GET",
        path: "faults",
        takes: "",
        does: "the pending faults",
        serve: get_faults,
    },
    ControlRoute {
        method: "POST",
        path: "faults",
        takes: "{\"kind\": \"status\"|\"html\"|\"delay\"|\"drop\", \"status\", \"retry_after_seconds\", \"delay_ms\", \"times\", \"operation\"}",
        does: "queues a fault for the next calls",
        serve: post_fault,
    },
    ControlRoute {
        method: "DELETE",
        path: "faults",
        takes: "",
        does: "drops every pending fault",
        serve: delete_faults,
    },
    ControlRoute {
        method: "POST",
        path: "rbac/policy",
        takes: "{\"roles\": [{\"role_id\", \"description\", \"permissions\": [{\"resource_id\", \"actions\"}]}]}",
        does: "replaces the project's RBAC policy; answers it",
        serve: post_rbac_policy,
    },
    ControlRoute {
        method: "POST",
        path: "signing_key/rotate",
        takes: "",
        does: "rotates the session-JWT signing key; answers {\"kid\"}",
        serve: post_rotate_key,
    },
    // ---- The SSO identity provider's routes. ----
    ControlRoute {
        method: "POST",
        path: "sso/{connection_id}/login",
        takes: "{\"email_address\", \"subject\", \"attributes\": {…}, \"groups\": […], \"redirect_url\", \"pkce_code_challenge\"}",
        does: "the SSO identity provider logs a user in through an active connection; answers {\"sso_token\", \"redirect_url\"}",
        serve: sso::post_sso_login,
    },
    //
    // ---- The OAuth providers' routes. ----
    ControlRoute {
        method: "POST",
        path: "oauth/{provider}/login",
        takes: "{\"email_address\", \"organization_id\", \"provider_tenant_id\", \"name\", \"pkce_code_challenge\"}",
        does: "plays an OAuth provider (google, microsoft, github, slack, hubspot): {\"oauth_token\", \"redirect_url\"}, or {\"discovery_oauth_token\", \"redirect_url\"} without organization_id",
        serve: oauth::post_oauth_login,
    },
    //
    // ---- Impersonation, connected apps and the IdP's routes. ----
    ControlRoute {
        method: "POST",
        path: "impersonation",
        takes: "{\"organization_id\", \"member_id\", \"impersonator_email_address\"}",
        does: "mints an impersonation token, as Stytch's dashboard would; answers {\"impersonation_token\", \"expires_at\"}",
        serve: apps::post_impersonation,
    },
    ControlRoute {
        method: "POST",
        path: "connected_apps",
        takes: "{\"connected_app_id\", \"name\", \"description\", \"client_type\", \"logo_url\", \"redirect_urls\"}",
        does: "registers a connected app of the project; answers it",
        serve: apps::post_connected_app,
    },
    ControlRoute {
        method: "POST",
        path: "connected_apps/token",
        takes: "{\"authorization_code\"}",
        does: "plays a connected app's token endpoint: redeems an idp.oauth.authorize code once; answers {\"access_token\"} for sessions.exchange_access_token",
        serve: apps::post_access_token,
    },
    //
    // ---- The emulator's own routes (reset, state, journal). ----
    //
    ControlRoute {
        method: "POST",
        path: "reset",
        takes: "",
        does: "back to the starting state: the seeded organization and members with their printed ids (nothing when unseeded); outboxes, journal, faults and clock cleared; answers {\"seed\"}",
        serve: emulator::post_reset,
    },
    ControlRoute {
        method: "GET",
        path: "state",
        takes: "",
        does: "the whole state as JSON, {\"version\": 1, \"state\": {…}}: what PUT takes",
        serve: emulator::get_state,
    },
    ControlRoute {
        method: "PUT",
        path: "state",
        takes: "{\"version\": 1, \"state\": {…}} (as GET answers)",
        does: "replaces the whole state, checked first (a refused file changes nothing); answers {\"imported\": {organizations, members, sessions}}",
        serve: emulator::put_state,
    },
    ControlRoute {
        method: "GET",
        path: "requests",
        takes: "?operation=…",
        does: "the journal of the last 1,000 API requests, oldest first, secrets redacted: {\"requests\": [{operation, method, path, status, error_type, body}]}",
        serve: emulator::get_requests,
    },
    ControlRoute {
        method: "DELETE",
        path: "requests",
        takes: "",
        does: "empties the request journal; answers {\"cleared\": N}",
        serve: emulator::delete_requests,
    },
];

/// The control routes that take larger bodies than API requests, and how large: a state file
/// (a directory of tens of thousands of members) for `PUT /__fake/state`.
const LARGE_BODIES: &[(&str, &str, usize)] = &[("PUT", "state", 256 * 1024 * 1024)];

/// The body limit of `METHOD /__fake/{path}` when its route takes more than an API request,
/// matched as [`control`] matches routes.
pub(crate) fn body_limit(method: &str, path: &str) -> Option<usize> {
    LARGE_BODIES
        .iter()
        .find(|(m, route, _)| *m == method && fill(route, path).is_some())
        .map(|(_, _, limit)| *limit)
}

/// Serves `METHOD /__fake/{path}`: the route whose path fills, else 405 with the methods the
/// path has, else 404.
pub(crate) fn control(
    shared: &Shared,
    method: &str,
    path: &str,
    query: &str,
    body: &[u8],
) -> Reply {
    let full_path = format!("/__fake/{path}");
    let mut allowed = Vec::new();
    for route in CONTROL_ROUTES {
        let Some(params) = fill(route.path, path) else {
            continue;
        };
        if route.method != method {
            allowed.push(route.method);
            continue;
        }
        return (route.serve)(
            shared,
            &Call {
                params,
                query,
                body,
            },
        );
    }
    if allowed.is_empty() {
        route_not_found(method, &full_path)
    } else {
        method_not_allowed(method, &full_path, &allowed.join(", "))
    }
}

/// The `{name}` segments of `path` when it has `template`'s shape, percent-decoded.
fn fill(template: &str, path: &str) -> Option<Vec<String>> {
    let mut parts = template.split('/');
    let mut segments = path.split('/');
    let mut params = Vec::new();
    loop {
        match (parts.next(), segments.next()) {
            (None, None) => return Some(params),
            (Some(part), Some(segment)) if part.starts_with('{') && !segment.is_empty() => {
                params.push(
                    percent_encoding::percent_decode_str(segment)
                        .decode_utf8_lossy()
                        .into_owned(),
                );
            }
            (Some(part), Some(segment)) if part == segment => {}
            _ => return None,
        }
    }
}

/// The one query parameter a route takes (`name`), or a 400 naming any other.
fn only_query(call: &Call<'_>, route: &str, name: &str) -> Result<Option<String>, Box<Reply>> {
    let mut found = None;
    for (key, value) in form_urlencoded::parse(call.query.as_bytes()) {
        if key == name {
            found = Some(value.into_owned());
        } else {
            return Err(Box::new(error(
                400,
                "invalid_query_parameter",
                format!("{route} takes only `{name}`, not `{key}`"),
            )));
        }
    }
    Ok(found)
}

/// `{"status_code": 200, "request_id": …}` plus `fields`.
fn ok(mut fields: serde_json::Value) -> Reply {
    fields["status_code"] = 200.into();
    fields["request_id"] = request_id().into();
    encode(&fields)
}

fn get_outbox(shared: &Shared, call: &Call<'_>) -> Reply {
    match only_query(call, "GET /__fake/outbox", "member_id") {
        Ok(member_id) => encode(&shared.lock().outbox(member_id.as_deref())),
        Err(reply) => *reply,
    }
}

fn delete_outbox(shared: &Shared, _call: &Call<'_>) -> Reply {
    let cleared = shared.lock().clear_outbox();
    ok(serde_json::json!({ "cleared": cleared }))
}

fn get_emails(shared: &Shared, call: &Call<'_>) -> Reply {
    match only_query(call, "GET /__fake/emails", "email_address") {
        Ok(address) => {
            ok(serde_json::json!({ "emails": shared.lock().emails(address.as_deref()) }))
        }
        Err(reply) => *reply,
    }
}

fn delete_emails(shared: &Shared, _call: &Call<'_>) -> Reply {
    let cleared = shared.lock().clear_emails();
    ok(serde_json::json!({ "cleared": cleared }))
}

fn post_organization(shared: &Shared, call: &Call<'_>) -> Reply {
    let req: NewOrganizationRequest = match decode(call.body, "__fake.organizations") {
        Ok(req) => req,
        Err(reply) => return *reply,
    };
    match req
        .into_new()
        .and_then(|new| shared.lock().create_organization(new))
    {
        Ok(org) => encode(&org),
        Err(e) => fail(e),
    }
}

fn post_member(shared: &Shared, call: &Call<'_>) -> Reply {
    let organization = call.params.first().map(String::as_str).unwrap_or_default();
    let req: NewMemberRequest = match decode(call.body, "__fake.members") {
        Ok(req) => req,
        Err(reply) => return *reply,
    };
    match req
        .into_new()
        .and_then(|new| shared.lock().create_member(organization, new))
    {
        Ok(member) => encode(&member),
        Err(e) => fail(e),
    }
}

fn post_intermediate_session(shared: &Shared, call: &Call<'_>) -> Reply {
    let req: MintRequest = match decode(call.body, "__fake.intermediate_sessions") {
        Ok(req) => req,
        Err(reply) => return *reply,
    };
    let minted = shared
        .lock()
        .mint_intermediate_session(&req.organization_id, &req.member_id);
    match minted {
        Ok(token) => ok(serde_json::json!({
            "intermediate_session_token": token,
            "organization_id": req.organization_id,
            "member_id": req.member_id,
        })),
        Err(e) => fail(e),
    }
}

fn post_migration_grant(shared: &Shared, call: &Call<'_>) -> Reply {
    let req: MigrationGrantRequest = match decode(call.body, "__fake.sessions.migrations") {
        Ok(req) => req,
        Err(reply) => return *reply,
    };
    let granted =
        shared
            .lock()
            .grant_migration(&req.session_token, &req.organization_id, &req.member_id);
    match granted {
        Ok(()) => ok(serde_json::json!({})),
        Err(e) => fail(e),
    }
}

fn post_trusted_auth_token(shared: &Shared, call: &Call<'_>) -> Reply {
    let req: TrustedAuthTokenRequest = match decode(call.body, "__fake.trusted_auth_tokens") {
        Ok(req) => req,
        Err(reply) => return *reply,
    };
    let granted = shared.lock().grant_trusted_auth_token(
        &req.profile_id,
        &req.token,
        &req.organization_id,
        &req.member_id,
    );
    match granted {
        Ok(()) => ok(serde_json::json!({})),
        Err(e) => fail(e),
    }
}

fn post_clock(shared: &Shared, call: &Call<'_>) -> Reply {
    let req: ClockRequest = match decode(call.body, "__fake.clock") {
        Ok(req) => req,
        Err(reply) => return *reply,
    };
    let by = match crate::validate::clock_advance("advance_seconds", req.advance_seconds) {
        Ok(by) => by,
        Err(e) => return fail(e),
    };
    let mut state = shared.lock();
    state.advance_clock(by);
    let now = rfc3339(state.now());
    drop(state);
    ok(serde_json::json!({ "now": now }))
}

fn get_rate_limits(shared: &Shared, _call: &Call<'_>) -> Reply {
    encode(&rate_limits_json(shared.lock().rate_limits()))
}

fn post_rate_limits(shared: &Shared, call: &Call<'_>) -> Reply {
    let req: RateLimitsRequest = match decode(call.body, "__fake.rate_limits") {
        Ok(req) => req,
        Err(reply) => return *reply,
    };
    let mut limits = RateLimits::none();
    let checked = (|| {
        limits.per_member = req
            .per_member
            .map(|l| l.into_limit("per_member.window_seconds"))
            .transpose()?;
        limits.per_phone_number = req
            .per_phone_number
            .map(|l| l.into_limit("per_phone_number.window_seconds"))
            .transpose()?;
        Ok::<_, FakeError>(())
    })();
    if let Err(e) = checked {
        return fail(e);
    }
    shared.lock().set_rate_limits(limits);
    encode(&rate_limits_json(limits))
}

fn get_faults(shared: &Shared, _call: &Call<'_>) -> Reply {
    encode(&faults_json(shared))
}

fn post_fault(shared: &Shared, call: &Call<'_>) -> Reply {
    let req: FaultRequest = match decode(call.body, "__fake.faults") {
        Ok(req) => req,
        Err(reply) => return *reply,
    };
    match req.into_fault().and_then(|fault| shared.faults.push(fault)) {
        Ok(_) => encode(&faults_json(shared)),
        Err(e) => fail(e),
    }
}

fn delete_faults(shared: &Shared, _call: &Call<'_>) -> Reply {
    shared.faults.clear();
    encode(&faults_json(shared))
}

fn post_rbac_policy(shared: &Shared, call: &Call<'_>) -> Reply {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct PolicyBody {
        roles: Vec<stytch_b2b_otp_sms::rbac::PolicyRole>,
        /// Replaces the scopes when given; kept otherwise.
        #[serde(default)]
        scopes: Option<Vec<stytch_b2b_otp_sms::rbac::PolicyScope>>,
    }
    let req: PolicyBody = match decode(call.body, "__fake.rbac.policy") {
        Ok(req) => req,
        Err(reply) => return *reply,
    };
    let mut state = shared.lock();
    state.set_rbac_roles(req.roles);
    if let Some(scopes) = req.scopes {
        state.set_rbac_scopes(scopes);
    }
    let (roles, scopes) = (state.rbac_roles(), state.rbac_scopes());
    drop(state);
    ok(serde_json::json!({ "roles": roles, "scopes": scopes }))
}

fn post_rotate_key(shared: &Shared, _call: &Call<'_>) -> Reply {
    match shared.rotate_signing_key(None) {
        Ok(kid) => ok(serde_json::json!({ "kid": kid })),
        Err(e) => fail(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_with_decoded_segments() {
        assert_eq!(
            fill(
                "organizations/{organization_id}/members",
                "organizations/a%2Fb/members"
            ),
            Some(vec!["a/b".to_owned()])
        );
        assert_eq!(
            fill(
                "organizations/{organization_id}/members",
                "organizations//members"
            ),
            None
        );
        assert_eq!(fill("outbox", "outbox/x"), None);
    }

    #[test]
    fn the_crate_docs_list_every_control_route() {
        let docs = include_str!("../lib.rs");
        for route in CONTROL_ROUTES {
            let needle = format!("`{} /__fake/{}`", route.method, route.path);
            assert!(
                docs.contains(&needle),
                "lib.rs's route table lacks {needle}"
            );
        }
    }
}
