"""Impersonation and connected apps over plain HTTP: a token minted as Stytch's dashboard would
(the fake's `POST /__fake/impersonation`), and a member authorizing a connected app (registered
with `POST /__fake/connected_apps`) through the IdP authorize endpoints, then the organization's
listings and a revoke. Request shapes follow Stytch's B2B API reference."""

from helpers import expect_session, magic_link_login, new_member, new_org, suffix
from stytch_http import expect, expect_eq

REDIRECT = "https://app.example/callback"


def flow_impersonation(api):
    org = new_org(api, "Impersonated")
    member = new_member(api, org, "imp")
    minted = api.ok("POST", "/__fake/impersonation", {
        "organization_id": org["organization_id"],
        "member_id": member["member_id"],
        "impersonator_email_address": "agent@support.example",
    })
    token = minted["impersonation_token"]
    auth = api.ok("POST", "/v1/b2b/impersonation/authenticate", {"impersonation_token": token})
    session = expect_session(auth, member["member_id"], "impersonation/authenticate")
    factor = session["authentication_factors"][0]
    expect_eq(factor.get("type"), "impersonated", "factor type", auth)
    expect_eq(factor.get("impersonated_factor", {}).get("impersonator_email_address"),
              "agent@support.example", "impersonator", auth)
    api.ok("POST", "/v1/b2b/sessions/authenticate", {"session_token": auth["session_token"]})
    api.error("POST", "/v1/b2b/impersonation/authenticate", {"impersonation_token": token},
              401, "unable_to_auth_impersonation_token")
    return "dashboard token -> impersonation/authenticate -> impersonated session; token good once"


def flow_connected_apps(api):
    org = new_org(api, "Granting")
    member = new_member(api, org, "grant")
    auth, _ = magic_link_login(api, org, member["email_address"])
    session_token = auth["session_token"]
    app_id = "connected-app-test-py-%s" % suffix()
    api.ok("POST", "/__fake/connected_apps", {
        "connected_app_id": app_id, "name": "Py Tool", "description": "A third-party tool",
        "client_type": "third_party", "redirect_urls": [REDIRECT],
    })
    request = {"client_id": app_id, "redirect_uri": REDIRECT, "response_type": "code",
               "scopes": ["openid", "email"], "session_token": session_token}
    start = api.ok("POST", "/v1/b2b/idp/oauth/authorize/start", request)
    expect_eq(start.get("consent_required"), True, "consent_required", start)
    expect_eq(start["client"].get("client_id"), app_id, "client.client_id", start)
    done = api.ok("POST", "/v1/b2b/idp/oauth/authorize", dict(request, consent_granted=True, state="s1"))
    expect(done.get("authorization_code"), "authorization_code", done)
    expect(done["redirect_uri"].startswith(REDIRECT + "?code="), "redirect_uri carries the code", done)
    base = "/v1/b2b/organizations/%s" % org["organization_id"]
    listed = api.ok("GET", base + "/connected_apps")
    expect_eq([a["connected_app_id"] for a in listed["connected_apps"]], [app_id], "connected apps", listed)
    member_path = base + "/members/%s/connected_apps" % member["member_id"]
    mine = api.ok("GET", member_path)
    expect_eq(mine["connected_apps"][0].get("scopes_granted"), "openid email", "scopes_granted", mine)
    api.ok("POST", member_path + "/%s/revoke" % app_id, {})
    # The document's GetConnectedAppResponse has no request_id: only the status is checked.
    got = api.call("GET", base + "/connected_apps/%s" % app_id)
    expect_eq(got.status, 200, "connected_apps/{id} status", got)
    expect_eq(got.get("active_members"), [], "active_members after revoke", got)
    return "authorize_start -> authorize (code) -> connected apps listed -> revoke"


FLOWS = [
    ("impersonation", flow_impersonation),
    ("connected_apps", flow_connected_apps),
]
