"""What the client flows (flows.py) share: unique organizations and members made through the
API, the shapes of a login answer (a session, or the MFA step), a whole magic-link login, a
member enrolled in TOTP."""

import secrets

from stytch_http import expect, expect_eq, safe_totp_time, token_of, totp

REDIRECT = "http://localhost:3000/authenticate"


def suffix():
    return secrets.token_hex(4)


def new_org(api, name, **settings):
    """POST /v1/b2b/organizations with a unique slug; returns the organization."""
    slug = "%s-%s" % (name.lower().replace(" ", "-"), suffix())
    body = {"organization_name": name, "organization_slug": slug}
    body.update(settings)
    answer = api.ok("POST", "/v1/b2b/organizations", body)
    org = answer["organization"]
    expect_eq(org.get("organization_slug"), slug, "organization_slug", answer)
    expect(org.get("organization_id", "").startswith("organization-"), "organization_id", answer)
    return org


def new_member(api, org, local, expect_status="active", **fields):
    """POST /v1/b2b/organizations/{organization_id}/members; returns the member."""
    email = "%s-%s@%s" % (local, suffix(), domain_of(org))
    body = {"email_address": email}
    body.update(fields)
    path = "/v1/b2b/organizations/%s/members" % org["organization_id"]
    # Stytch's Members overview shows 201 in its example, its reference 200: accept both.
    answer = api.ok("POST", path, body, statuses=(200, 201))
    member = answer["member"]
    expect_eq(member.get("email_address"), email, "member.email_address", answer)
    expect_eq(member.get("status"), expect_status, "member.status", answer)
    expect(member.get("member_id", "").startswith("member-"), "member_id", answer)
    return member


def domain_of(org):
    return "%s.example.com" % org["organization_slug"]


def factor_types(member_session):
    return sorted(f.get("type") for f in member_session.get("authentication_factors", []))


def expect_session(answer, member_id, what, mfa=False):
    """A fully authenticated login answer: session token, JWT and member_session.

    Answers of primary factors (and exchanges) also carry `member_authenticated: true` and an
    empty `intermediate_session_token`; answers of MFA factors (SMS, TOTP, recovery codes) have
    neither field in Stytch's reference (`mfa=True`)."""
    if not mfa:
        expect_eq(answer.get("member_authenticated"), True, what + ": member_authenticated", answer)
        expect_eq(answer.get("intermediate_session_token"), "", what + ": intermediate_session_token",
                  answer)
    expect(answer.get("session_token"), what + ": session_token is empty", answer)
    expect(answer.get("session_jwt"), what + ": session_jwt is empty", answer)
    session = answer["member_session"]
    expect(isinstance(session, dict), what + ": member_session is not an object", answer)
    expect_eq(session.get("member_id"), member_id, what + ": member_session.member_id", answer)
    return session


def expect_mfa_step(answer, what):
    """A login answer that stops at the MFA step: an intermediate session, no session."""
    expect_eq(answer.get("member_authenticated"), False, what + ": member_authenticated", answer)
    expect(answer.get("intermediate_session_token"), what + ": no intermediate_session_token", answer)
    expect_eq(answer.get("session_token"), "", what + ": session_token", answer)
    expect(answer.get("member_session") is None, what + ": member_session must be null", answer)
    expect(isinstance(answer.get("mfa_required"), dict), what + ": mfa_required missing", answer)
    return answer["intermediate_session_token"]


def magic_link_login(api, org, email, **authenticate):
    """login_or_signup, read the link, authenticate it (with the `authenticate` fields added);
    returns the authenticate answer and the token it used."""
    answer = api.ok(
        "POST",
        "/v1/b2b/magic_links/email/login_or_signup",
        {
            "organization_id": org["organization_id"],
            "email_address": email,
            "login_redirect_url": REDIRECT,
            "signup_redirect_url": REDIRECT,
        },
    )
    expect_eq(answer.get("member_created"), False, "login_or_signup member_created", answer)
    mail = api.last_email(email, "login")
    kind, token = token_of(mail["url"])
    expect_eq(kind, "multi_tenant_magic_links", "stytch_token_type in the login link")
    expect_eq(token, mail["token"], "token in the login link")
    expect(mail["url"].startswith(REDIRECT + "?"), "link goes to login_redirect_url: %s" % mail["url"])
    body = dict(authenticate, magic_links_token=token)
    return api.ok("POST", "/v1/b2b/magic_links/authenticate", body), token


def discovered(answer, org_id):
    orgs = answer["discovered_organizations"]
    match = [d for d in orgs if (d.get("organization") or {}).get("organization_id") == org_id]
    expect(len(match) == 1, "organization %s discovered once" % org_id, answer)
    return match[0]


def totp_member(api, name):
    """An organization and a member enrolled in MFA who registers TOTP at the MFA step of a
    magic link login; returns (org, member, the totp create answer, the session answer)."""
    org = new_org(api, name)
    member = new_member(api, org, "totp", mfa_enrolled=True)
    auth, _ = magic_link_login(api, org, member["email_address"])
    ist = expect_mfa_step(auth, "magic link of an enrolled member without factors")
    expect_eq(auth["mfa_required"].get("secondary_auth_initiated"), None, "no SMS without a phone", auth)
    ids = {"organization_id": org["organization_id"], "member_id": member["member_id"]}
    created = api.ok("POST", "/v1/b2b/totp", dict(ids, intermediate_session_token=ist))
    expect_eq(len(created["recovery_codes"]), 10, "number of recovery codes", created)
    expect(created.get("totp_registration_id"), "totp_registration_id", created)
    expect(created.get("qr_code", "").startswith("data:image/png;base64,"), "qr_code is a PNG data URL",
           created)
    code = totp(created["secret"], safe_totp_time(api))
    done = api.ok("POST", "/v1/b2b/totp/authenticate", dict(ids, code=code, intermediate_session_token=ist))
    session = expect_session(done, member["member_id"], "totp/authenticate", mfa=True)
    expect_eq(factor_types(session), ["magic_link", "totp"], "session factors", done)
    expect_eq(done["member"].get("totp_registration_id"), created["totp_registration_id"],
              "member.totp_registration_id after the first code", done)
    return org, member, created, done
