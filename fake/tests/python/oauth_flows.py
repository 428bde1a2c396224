"""OAuth and SCIM flows over HTTP: a fake provider login (POST /__fake/oauth/{provider}/login)
redeemed by oauth.authenticate into a session, a discovery OAuth login exchanged into an
organization, and a SCIM connection created and its token rotated."""

from helpers import expect_session, new_member, new_org
from stytch_http import expect, expect_eq


def provider_login(api, provider, email, organization_id=None):
    body = {"email_address": email}
    if organization_id:
        body["organization_id"] = organization_id
    return api.ok("POST", "/__fake/oauth/%s/login" % provider, body)


def oauth_login(api):
    org = new_org(api, "OAuth Org")
    member = new_member(api, org, "oli")
    redirect = provider_login(api, "google", member["email_address"], org["organization_id"])
    url = redirect["redirect_url"]
    expect("stytch_token_type=oauth&" in url, "redirect_url names the token type", redirect)
    token = redirect["oauth_token"]
    answer = api.ok("POST", "/v1/b2b/oauth/authenticate",
                    {"oauth_token": token, "session_duration_minutes": 30})
    session = expect_session(answer, member["member_id"], "oauth.authenticate")
    factor = session["authentication_factors"][0]
    expect_eq(factor.get("delivery_method"), "oauth_google", "factor delivery_method", answer)
    expect_eq(answer.get("provider_type"), "Google", "provider_type", answer)
    api.error("POST", "/v1/b2b/oauth/authenticate", {"oauth_token": token}, 404,
              "oauth_token_not_found")
    api.error("POST", "/__fake/oauth/apple/login", {"email_address": "a@b.test"}, 404,
              "oauth_provider_not_found")
    path = "/v1/b2b/organizations/%s/members/%s/oauth_providers/google" % (
        org["organization_id"], member["member_id"])
    tokens = api.ok("GET", path, query={"include_refresh_token": "true"})
    expect(tokens.get("refresh_token"), "get_google: refresh_token", tokens)
    return "session %s" % session["member_session_id"][:24]


def oauth_discovery_login(api):
    org = new_org(api, "OAuth Disco")
    member = new_member(api, org, "dee")
    redirect = provider_login(api, "microsoft", member["email_address"])
    token = redirect["discovery_oauth_token"]
    expect("stytch_token_type=discovery_oauth" in redirect["redirect_url"], "discovery redirect",
           redirect)
    answer = api.ok("POST", "/v1/b2b/oauth/discovery/authenticate",
                    {"discovery_oauth_token": token})
    found = [d["organization"]["organization_id"] for d in answer["discovered_organizations"]]
    expect(org["organization_id"] in found, "discovered_organizations lists the org", answer)
    exchanged = api.ok("POST", "/v1/b2b/discovery/intermediate_sessions/exchange", {
        "intermediate_session_token": answer["intermediate_session_token"],
        "organization_id": org["organization_id"],
    })
    expect_session(exchanged, member["member_id"], "exchange after discovery OAuth")
    return "%d organization(s) discovered" % len(found)


def scim_rotation(api):
    org = new_org(api, "SCIM Org")
    base = "/v1/b2b/scim/%s/connection" % org["organization_id"]
    created = api.ok("POST", base, {"display_name": "Okta", "identity_provider": "okta"})
    connection = created["connection"]
    token = connection["bearer_token"]
    api.error("POST", base, {}, 400, "active_scim_connection_exists")
    got = api.ok("GET", base)["connection"]
    expect_eq(got.get("bearer_token_last_four"), token[-4:], "bearer_token_last_four", got)
    expect("bearer_token" not in got or not got.get("bearer_token"), "get hides the token", got)
    path = "%s/%s/rotate" % (base, connection["connection_id"])
    started = api.ok("POST", path + "/start", {})["connection"]
    next_token = started["next_bearer_token"]
    completed = api.ok("POST", path + "/complete", {})["connection"]
    expect_eq(completed.get("bearer_token_last_four"), next_token[-4:], "rotated token", completed)
    api.error("POST", path + "/cancel", {}, 400, "scim_connection_not_rotating_token")
    return "rotated to …%s" % next_token[-4:]


FLOWS = [
    ("oauth login (control route → oauth.authenticate → session)", oauth_login),
    ("discovery oauth login → exchange", oauth_discovery_login),
    ("scim connection create and rotate", scim_rotation),
]
