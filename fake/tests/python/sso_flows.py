"""SSO flows: SAML and OIDC connections made through the API, the fake identity provider's
login (POST /__fake/sso/{connection_id}/login), sso/authenticate with the MFA step, and the
errors Stytch answers. Standard library only; picked up by flows.py."""

import secrets

from helpers import REDIRECT, expect_mfa_step, expect_session, new_member, new_org, suffix
from stytch_http import expect, expect_eq, token_of, verify_jwt

CERT = "-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----"


def saml_connection(api, org, **update):
    """A SAML connection of `org`, created then updated with `update`; returns it."""
    org_id = org["organization_id"]
    created = api.ok("POST", "/v1/b2b/sso/saml/%s" % org_id, {"display_name": "Okta"})["connection"]
    expect_eq(created.get("status"), "pending", "a new SAML connection is pending", created)
    if not update:
        return created
    path = "/v1/b2b/sso/saml/%s/connections/%s" % (org_id, created["connection_id"])
    return api.ok("PUT", path, update)["connection"]


def active_saml(api, org, **extra):
    update = {
        "idp_sso_url": "https://idp.test/sso",
        "idp_entity_id": "https://idp.test/entity-" + suffix(),
        "x509_certificate": CERT,
    }
    update.update(extra)
    connection = saml_connection(api, org, **update)
    expect_eq(connection.get("status"), "active", "a configured SAML connection is active", connection)
    return connection


def idp_login(api, connection_id, email, **user):
    body = dict(user, email_address=email)
    answer = api.ok("POST", "/__fake/sso/%s/login" % connection_id, body)
    kind, token = token_of(answer["redirect_url"])
    expect_eq(kind, "sso", "stytch_token_type of the SSO redirect", answer)
    expect_eq(token, answer["sso_token"], "token in the SSO redirect", answer)
    expect(answer["redirect_url"].startswith(REDIRECT + "?"), "redirects to the default URL", answer)
    return token


def flow_sso_saml_mfa(api):
    org = new_org(api, "Saml Co", mfa_policy="REQUIRED_FOR_ALL")
    org_id = org["organization_id"]
    role = {"role_id": "engineer", "description": "Engineers",
            "permissions": [{"resource_id": "documents", "actions": ["write"]}]}
    api.ok("PUT", "/v1/b2b/rbac/organizations/%s" % org_id, {"org_policy": {"roles": [role]}})
    phone = "+1555555%04d" % secrets.randbelow(10000)
    member = new_member(api, org, "sso", mfa_phone_number=phone)
    connection = active_saml(
        api, org,
        attribute_mapping={"first_name": "firstName", "last_name": "lastName"},
        saml_group_implicit_role_assignments=[{"role_id": "engineer", "group": "engineers"}],
    )
    got = api.ok("GET", "/v1/b2b/organizations/%s" % org_id)["organization"]
    active = [c.get("connection_id") for c in got.get("sso_active_connections") or []]
    expect_eq(active, [connection["connection_id"]], "sso_active_connections", got)
    token = idp_login(api, connection["connection_id"], member["email_address"],
                      attributes={"firstName": "Ada", "lastName": "King"}, groups=["engineers"])
    auth = api.ok("POST", "/v1/b2b/sso/authenticate", {"sso_token": token})
    ist = expect_mfa_step(auth, "sso/authenticate")
    expect_eq(auth["mfa_required"].get("secondary_auth_initiated"), "sms_otp", "SMS sent", auth)
    expect_eq(auth["member"].get("name"), "Ada King", "name from the attribute mapping", auth)
    api.error("POST", "/v1/b2b/sso/authenticate", {"sso_token": token}, 404, "sso_token_not_found")
    done = api.ok("POST", "/v1/b2b/otps/sms/authenticate", {
        "organization_id": org_id, "member_id": member["member_id"],
        "code": api.last_sms_code(member["member_id"]), "intermediate_session_token": ist})
    expect_session(done, member["member_id"], "otps/sms/authenticate", mfa=True)
    claims = verify_jwt(api, done["session_jwt"])
    factors = (claims.get("https://stytch.com/session") or {}).get("authentication_factors") or []
    sso = [f for f in factors if f.get("type") == "sso"]
    expect(sso and sso[0].get("delivery_method") == "sso_saml", "JWT lists the sso factor: %r" % factors)
    checked = api.ok("POST", "/v1/b2b/sessions/authenticate", {
        "session_jwt": done["session_jwt"],
        "authorization_check": {"organization_id": org_id, "resource_id": "documents", "action": "write"},
    })
    expect_eq((checked.get("verdict") or {}).get("authorized"), True, "engineer may write", checked)
    return ("SAML create/update -> IdP login -> sso/authenticate -> SMS MFA -> session with the sso "
            "factor and the group's role")


def flow_sso_errors(api):
    org = new_org(api, "Sso Errors Co", sso_jit_provisioning="NOT_ALLOWED", email_invites="ALL_ALLOWED")
    org_id = org["organization_id"]
    pending = saml_connection(api, org)
    api.error("POST", "/__fake/sso/%s/login" % pending["connection_id"],
              {"email_address": "x@example.com"}, 400, "sso_connection_not_active")
    connection = active_saml(api, org)
    token = idp_login(api, connection["connection_id"], "new-%s@example.com" % suffix())
    api.error("POST", "/v1/b2b/sso/authenticate", {"sso_token": token}, 400,
              "invalid_connection_for_jit_provisioning")
    api.error("POST", "/v1/b2b/sso/authenticate", {"sso_token": "nope-" + suffix()}, 404,
              "sso_token_not_found")
    base = "/v1/b2b/sso/saml/%s/connections/%s" % (org_id, connection["connection_id"])
    api.error("DELETE", base + "/verification_certificates/nope", None, 404,
              "sso_verification_key_not_found")
    cert_id = connection["verification_certificates"][0]["certificate_id"]
    api.ok("DELETE", base + "/verification_certificates/" + cert_id)
    listed = api.ok("GET", "/v1/b2b/sso/%s" % org_id)
    statuses = sorted(c.get("status") for c in listed["saml_connections"])
    expect_eq(statuses, ["pending", "pending"], "without certificates both are pending", listed)
    api.ok("DELETE", "/v1/b2b/sso/%s/connections/%s" % (org_id, connection["connection_id"]))
    api.error("DELETE", "/v1/b2b/sso/%s/connections/%s" % (org_id, connection["connection_id"]), None,
              404, "sso_connection_not_found")
    return "inactive connection, JIT refused, unknown token, certificate delete, connection delete"


def flow_sso_oidc(api):
    org = new_org(api, "Oidc Co")
    org_id = org["organization_id"]
    member = new_member(api, org, "oidc")
    created = api.ok("POST", "/v1/b2b/sso/oidc/%s" % org_id, {"display_name": "Auth0"})["connection"]
    path = "/v1/b2b/sso/oidc/%s/connections/%s" % (org_id, created["connection_id"])
    connection = api.ok("PUT", path, {
        "issuer": "https://idp.test", "client_id": "client", "client_secret": "secret",
        "authorization_url": "https://idp.test/authorize", "token_url": "https://idp.test/token",
        "jwks_url": "https://idp.test/jwks"})["connection"]
    expect_eq(connection.get("status"), "active", "a configured OIDC connection is active", connection)
    token = idp_login(api, connection["connection_id"], member["email_address"], subject="auth0|x")
    done = api.ok("POST", "/v1/b2b/sso/authenticate", {"sso_token": token})
    session = expect_session(done, member["member_id"], "sso/authenticate (OIDC)")
    methods = [f.get("delivery_method") for f in session.get("authentication_factors", [])]
    expect_eq(methods, ["sso_oidc"], "OIDC factor", done)
    providers = api.ok("GET", "/v1/b2b/organizations/%s/members/%s/oidc_providers"
                       % (org_id, member["member_id"]))
    regs = providers["registrations"]
    expect_eq([r.get("provider_subject") for r in regs], ["auth0|x"], "oidc_providers", providers)
    return "OIDC create/update -> IdP login -> sso/authenticate -> get_oidc_providers"


FLOWS = [
    ("sso_saml_mfa", flow_sso_saml_mfa),
    ("sso_errors", flow_sso_errors),
    ("sso_oidc", flow_sso_oidc),
]
