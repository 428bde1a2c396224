#!/usr/bin/env python3
"""Drives a running `stytch-fake` over plain HTTP, the way a Python service would drive Stytch.

Standard library only (the HTTP client, JWT and TOTP checks are in stytch_http.py, what the
flows share in helpers.py, both next to this file): no Stytch SDK, no pip package, so every
request below is shaped from Stytch's B2B API reference, not from the fake's code.

Environment (the KEY=value lines `stytch-fake` prints when it starts):
    STYTCH_BASE_URL, STYTCH_PROJECT_ID, STYTCH_SECRET

Usage:
    python3 flows.py               # stops at the first failure, exit status 1
    python3 flows.py --keep-going  # runs every flow, lists the failures, exit status 1 if any
    python3 flows.py totp discovery_magic_link   # only the flows named

Prints one line per flow that passed (`ok   <flow>: ...`). A failure prints the request, the
status and body of the answer, and what was expected.
"""

import os
import secrets
import sys

from helpers import (
    REDIRECT,
    discovered,
    domain_of,
    expect_mfa_step,
    expect_session,
    factor_types,
    magic_link_login,
    new_member,
    new_org,
    suffix,
    totp_member,
)
from stytch_http import (
    FlowFailure,
    Stytch,
    expect,
    expect_eq,
    safe_totp_time,
    timestamp,
    token_of,
    totp,
    verify_jwt,
)


# --------------------------------------------------------------------------------------------
# Flows


def flow_directory(api):
    org = new_org(api, "Directory Co")
    org_id = org["organization_id"]
    expect_eq(org.get("mfa_policy"), "OPTIONAL", "default mfa_policy")
    for key in (org_id, org["organization_slug"]):
        got = api.ok("GET", "/v1/b2b/organizations/%s" % key)
        expect_eq(got["organization"].get("organization_id"), org_id, "get organization by %s" % key, got)
    updated = api.ok(
        "PUT",
        "/v1/b2b/organizations/%s" % org_id,
        {"organization_name": "Directory Co Renamed", "mfa_policy": "REQUIRED_FOR_ALL"},
    )
    expect_eq(updated["organization"].get("organization_name"), "Directory Co Renamed", "updated name", updated)
    expect_eq(updated["organization"].get("mfa_policy"), "REQUIRED_FOR_ALL", "updated mfa_policy", updated)
    expect_eq(updated["organization"].get("organization_slug"), org["organization_slug"], "slug kept", updated)

    member = new_member(api, org, "ada", name="Ada")
    member_id = member["member_id"]
    members_path = "/v1/b2b/organizations/%s/member" % org_id
    for query in ({"member_id": member_id}, {"email_address": member["email_address"]}):
        got = api.ok("GET", members_path, query=query)
        expect_eq(got["member"].get("member_id"), member_id, "get member by %s" % list(query), got)
        expect_eq(got["member"].get("name"), "Ada", "member name", got)
    member_path = "/v1/b2b/organizations/%s/members/%s" % (org_id, member_id)
    updated = api.ok("PUT", member_path, {"name": "Ada Lovelace", "untrusted_metadata": {"team": "math"}})
    expect_eq(updated["member"].get("name"), "Ada Lovelace", "updated member name", updated)
    expect_eq(updated["member"].get("untrusted_metadata"), {"team": "math"}, "untrusted_metadata", updated)
    other = new_member(api, org, "grace")

    search = {
        "organization_ids": [org_id],
        "query": {
            "operator": "AND",
            "operands": [{"filter_name": "member_emails", "filter_value": [member["email_address"]]}],
        },
    }
    found = api.ok("POST", "/v1/b2b/organizations/members/search", search)
    expect_eq([m.get("member_id") for m in found["members"]], [member_id], "search by member_emails", found)
    expect(org_id in found["organizations"], "search answer maps organization ids", found)
    everyone = api.ok("POST", "/v1/b2b/organizations/members/search", {"organization_ids": [org_id]})
    ids = sorted(m.get("member_id") for m in everyone["members"])
    expect_eq(ids, sorted([member_id, other["member_id"]]), "search without query", everyone)
    expect_eq(everyone["results_metadata"].get("total"), 2, "results_metadata.total", everyone)

    deleted = api.ok("DELETE", member_path)
    expect_eq(deleted.get("member_id"), member_id, "delete answer member_id", deleted)
    api.error("GET", members_path + "?member_id=" + member_id, None, 404, "member_not_found")
    api.error("GET", "/v1/b2b/organizations/organization-test-00000000-0000-4000-8000-000000000000",
              None, 404, "organization_not_found")
    after = api.ok("POST", "/v1/b2b/organizations/members/search", {"organization_ids": [org_id]})
    expect_eq([m.get("member_id") for m in after["members"]], [other["member_id"]],
              "deleted member left out of search", after)
    return "organization create/get(id, slug)/update, member create/get(id, email)/update/search/delete"


def flow_magic_link_sms_mfa(api):
    org = new_org(api, "Magic Co")
    phone = "+1555555%04d" % secrets.randbelow(10000)
    member = new_member(api, org, "mfa", mfa_phone_number=phone, mfa_enrolled=True)
    member_id = member["member_id"]
    auth, token = magic_link_login(api, org, member["email_address"])
    ist = expect_mfa_step(auth, "magic_links/authenticate")
    mfa = auth["mfa_required"]
    expect_eq(mfa.get("secondary_auth_initiated"), "sms_otp", "mfa_required.secondary_auth_initiated", auth)
    expect_eq((mfa.get("member_options") or {}).get("mfa_phone_number"), phone, "member_options phone", auth)
    expect_eq(auth["member"].get("email_address_verified"), True, "email verified by the link", auth)
    api.error("POST", "/v1/b2b/magic_links/authenticate", {"magic_links_token": token}, 401,
              "unable_to_auth_magic_link")
    api.error("POST", "/v1/b2b/magic_links/authenticate", {"magic_links_token": "not-a-token-" + suffix()},
              404, "magic_link_not_found")
    code = api.last_sms_code(member_id)
    expect(len(code) == 6 and code.isdigit(), "SMS code is 6 digits: %r" % code)
    wrong = "%06d" % ((int(code) + 1) % 1_000_000)
    sms_body = {"organization_id": org["organization_id"], "member_id": member_id,
                "intermediate_session_token": ist}
    api.error("POST", "/v1/b2b/otps/sms/authenticate", dict(sms_body, code=wrong), (400, 401, 404),
              "otp_code_not_found")
    done = api.ok("POST", "/v1/b2b/otps/sms/authenticate", dict(sms_body, code=code))
    session = expect_session(done, member_id, "otps/sms/authenticate", mfa=True)
    expect_eq(factor_types(session), ["magic_link", "otp"], "session factors", done)

    again = api.ok("POST", "/v1/b2b/sessions/authenticate", {"session_token": done["session_token"]})
    expect_eq(again["member_session"].get("member_session_id"), session.get("member_session_id"),
              "sessions/authenticate member_session_id", again)
    expect_eq(again["member"].get("member_id"), member_id, "sessions/authenticate member", again)
    by_jwt = api.ok("POST", "/v1/b2b/sessions/authenticate", {"session_jwt": done["session_jwt"]})
    # "It will return an error if both are present."
    api.error("POST", "/v1/b2b/sessions/authenticate",
              {"session_token": done["session_token"], "session_jwt": done["session_jwt"]}, 400,
              "too_many_session_arguments")
    expect_eq(by_jwt["member_session"].get("member_session_id"), session.get("member_session_id"),
              "sessions/authenticate by JWT", by_jwt)
    listed = api.ok("GET", "/v1/b2b/sessions",
                    query={"organization_id": org["organization_id"], "member_id": member_id})
    expect_eq([s.get("member_session_id") for s in listed["member_sessions"]],
              [session.get("member_session_id")], "GET /v1/b2b/sessions", listed)
    claims = verify_jwt(api, done["session_jwt"])
    expect_eq(claims.get("sub"), member_id, "JWT sub")
    expect_eq(claims.get("iss"), "stytch.com/" + api.project_id, "JWT iss")
    aud = claims.get("aud")
    expect(api.project_id in (aud if isinstance(aud, list) else [aud]), "JWT aud %r" % aud)
    stytch_session = claims.get("https://stytch.com/session") or {}
    expect_eq(stytch_session.get("id"), session.get("member_session_id"), "JWT session id claim")
    # "If a valid session_token or session_jwt is passed in, the Member will not be required to
    # complete an MFA step."
    again, _ = magic_link_login(api, org, member["email_address"], session_token=done["session_token"])
    expect_session(again, member_id, "magic link with the session_token of an MFA'd session")
    expect_eq(again["member_session"].get("member_session_id"), session.get("member_session_id"),
              "the existing session is the one extended", again)
    api.ok("POST", "/v1/b2b/sessions/revoke", {"member_session_id": session["member_session_id"]})
    api.error("POST", "/v1/b2b/sessions/authenticate", {"session_token": done["session_token"]},
              (401, 404), "session_not_found")
    return ("login_or_signup -> link -> authenticate -> IST + SMS -> otps/sms/authenticate -> "
            "sessions/authenticate (token, JWT verified with JWKS), sessions get, revoke")


def flow_magic_link_signup(api):
    org = new_org(api, "Jit Co", email_jit_provisioning="RESTRICTED",
                  email_allowed_domains=["jit-%s.example.com" % suffix()])
    email = "newcomer@" + org["email_allowed_domains"][0]
    answer = api.ok("POST", "/v1/b2b/magic_links/email/login_or_signup", {
        "organization_id": org["organization_id"], "email_address": email,
        "login_redirect_url": REDIRECT, "signup_redirect_url": REDIRECT})
    expect_eq(answer.get("member_created"), True, "member_created", answer)
    member_id = answer["member_id"]
    expect(answer["member"].get("status") in ("pending", "active"), "new member status", answer)
    kind, token = token_of(api.last_email(email, "signup")["url"])
    expect_eq(kind, "multi_tenant_magic_links", "signup link token type")
    auth = api.ok("POST", "/v1/b2b/magic_links/authenticate", {"magic_links_token": token})
    expect_session(auth, member_id, "signup magic link")
    expect_eq(auth["member"].get("status"), "active", "member active after authenticating", auth)
    api.error("POST", "/v1/b2b/magic_links/email/login_or_signup", {
        "organization_id": org["organization_id"], "email_address": "stranger@elsewhere-%s.example.org" % suffix(),
        "login_redirect_url": REDIRECT, "signup_redirect_url": REDIRECT},
        (400, 403), "invalid_email_for_jit_provisioning")
    # "A new or pending Member will receive a signup Email Magic Link."
    pending = new_member(api, org, "pending", create_member_as_pending=True, expect_status="pending")
    answer = api.ok("POST", "/v1/b2b/magic_links/email/login_or_signup", {
        "organization_id": org["organization_id"], "email_address": pending["email_address"],
        "login_redirect_url": REDIRECT, "signup_redirect_url": REDIRECT})
    expect_eq(answer.get("member_created"), False, "member_created for a pending member", answer)
    token = token_of(api.last_email(pending["email_address"], "signup")["url"])[1]
    auth = api.ok("POST", "/v1/b2b/magic_links/authenticate", {"magic_links_token": token})
    expect_eq(auth["member"].get("status"), "active", "pending member active after the link", auth)
    return "JIT signup by allowed domain (member_created), signup link, stranger refused, pending member"


def flow_email_otp(api):
    org = new_org(api, "Otp Co")
    member = new_member(api, org, "otp")
    body = {"organization_id": org["organization_id"], "email_address": member["email_address"]}
    sent = api.ok("POST", "/v1/b2b/otps/email/login_or_signup", body)
    expect_eq(sent.get("member_id"), member["member_id"], "login_or_signup member_id", sent)
    expect_eq(sent.get("member_created"), False, "member_created", sent)
    first = api.last_email(member["email_address"], "otp")["code"]
    # "Only the most recently sent OTP is valid": a second send invalidates the first code.
    api.ok("POST", "/v1/b2b/otps/email/login_or_signup", body)
    code = api.last_email(member["email_address"], "otp")["code"]
    expect(len(code) == 6 and code.isdigit(), "email OTP is 6 digits: %r" % code)
    if first != code:
        api.error("POST", "/v1/b2b/otps/email/authenticate", dict(body, code=first), (400, 401, 404),
                  ("unable_to_auth_otp_code", "otp_code_not_found"))
    wrong = "%06d" % ((int(code) + 1) % 1_000_000)
    api.error("POST", "/v1/b2b/otps/email/authenticate", dict(body, code=wrong), (400, 401, 404),
              "otp_code_not_found")
    done = api.ok("POST", "/v1/b2b/otps/email/authenticate",
                  dict(body, code=code, session_duration_minutes=30))
    session = expect_session(done, member["member_id"], "otps/email/authenticate")
    expect_eq(factor_types(session), ["email_otp"], "session factors", done)
    lasts = timestamp(session["expires_at"]) - timestamp(session["started_at"])
    expect(abs(lasts - 30 * 60) <= 2, "session_duration_minutes=30 gives a %s s session" % lasts, done)
    api.error("POST", "/v1/b2b/otps/email/authenticate", dict(body, code=code), (400, 401, 404),
              "unable_to_auth_otp_code")
    return ("otps/email/login_or_signup -> code -> authenticate (older code, wrong code, reuse "
            "refused; session_duration_minutes)")


def flow_discovery_magic_link(api):
    org = new_org(api, "Discovery Co")
    member = new_member(api, org, "disco")
    email = member["email_address"]
    sent = api.ok("POST", "/v1/b2b/magic_links/email/discovery/send",
                  {"email_address": email, "discovery_redirect_url": REDIRECT})
    expect(set(sent.body) >= {"request_id", "status_code"}, "discovery send answer", sent)
    mail = api.last_email(email, "discovery")
    kind, token = token_of(mail["url"])
    expect_eq(kind, "discovery", "discovery link token type")
    expect(mail.get("organization_id") is None, "a discovery email names no organization: %s" % mail)
    auth = api.ok("POST", "/v1/b2b/magic_links/discovery/authenticate", {"discovery_magic_links_token": token})
    ist = auth["intermediate_session_token"]
    expect(ist, "discovery authenticate gives an intermediate session", auth)
    expect_eq(auth.get("email_address"), email, "discovery email_address", auth)
    found = discovered(auth, org["organization_id"])
    expect_eq(found["membership"].get("type"), "active_member", "membership.type", auth)
    expect_eq(found.get("member_authenticated"), True, "discovered member_authenticated", auth)
    listed = api.ok("POST", "/v1/b2b/discovery/organizations", {"intermediate_session_token": ist})
    expect_eq(listed.get("email_address"), email, "discovery/organizations email_address", listed)
    discovered(listed, org["organization_id"])
    exchanged = api.ok("POST", "/v1/b2b/discovery/intermediate_sessions/exchange",
                       {"intermediate_session_token": ist, "organization_id": org["organization_id"]})
    session = expect_session(exchanged, member["member_id"], "intermediate_sessions/exchange")
    expect_eq(factor_types(session), ["magic_link"], "exchanged session factors", exchanged)
    api.error("POST", "/v1/b2b/discovery/intermediate_sessions/exchange",
              {"intermediate_session_token": ist, "organization_id": org["organization_id"]},
              (400, 401, 404), "intermediate_session_not_found")
    return "discovery send -> link -> discovery authenticate -> discovery/organizations -> exchange (IST single use)"


def flow_discovery_otp(api):
    org = new_org(api, "Discovery Otp Co")
    member = new_member(api, org, "dotp")
    email = member["email_address"]
    api.ok("POST", "/v1/b2b/otps/email/discovery/send", {"email_address": email})
    code = api.last_email(email, "discovery_otp")["code"]
    auth = api.ok("POST", "/v1/b2b/otps/email/discovery/authenticate", {"email_address": email, "code": code})
    discovered(auth, org["organization_id"])
    exchanged = api.ok("POST", "/v1/b2b/discovery/intermediate_sessions/exchange", {
        "intermediate_session_token": auth["intermediate_session_token"],
        "organization_id": org["organization_id"]})
    session = expect_session(exchanged, member["member_id"], "exchange after discovery OTP")
    expect_eq(factor_types(session), ["email_otp"], "exchanged session factors", exchanged)
    return "otps/email/discovery/send -> code -> discovery authenticate -> exchange"


def flow_passwords(api):
    weak = api.ok("POST", "/v1/b2b/passwords/strength_check", {"password": "password"})
    expect_eq(weak.get("valid_password"), False, "strength_check('password').valid_password", weak)
    strong_password = "Correct-Horse-Battery-%s-Staple!" % suffix()
    strong = api.ok("POST", "/v1/b2b/passwords/strength_check", {"password": strong_password})
    expect_eq(strong.get("valid_password"), True, "strength_check(strong).valid_password", strong)
    expect(strong.get("strength_policy") in ("zxcvbn", "luds"), "strength_policy", strong)

    org = new_org(api, "Password Co")
    member = new_member(api, org, "pw")
    email = member["email_address"]
    login = {"organization_id": org["organization_id"], "email_address": email, "password": strong_password}
    api.error("POST", "/v1/b2b/passwords/authenticate", login, (400, 401, 404), "unauthorized_credentials")
    started = api.ok("POST", "/v1/b2b/passwords/email/reset/start", {
        "organization_id": org["organization_id"], "email_address": email,
        "reset_password_redirect_url": REDIRECT, "login_redirect_url": REDIRECT})
    expect_eq(started.get("member_id"), member["member_id"], "reset/start member_id", started)
    kind, token = token_of(api.last_email(email, "password_reset")["url"])
    expect_eq(kind, "multi_tenant_passwords", "reset link token type")
    api.error("POST", "/v1/b2b/passwords/email/reset", {"password_reset_token": token, "password": "password"},
              400, "weak_password")
    reset = api.ok("POST", "/v1/b2b/passwords/email/reset", {"password_reset_token": token, "password": strong_password})
    expect_session(reset, member["member_id"], "passwords/email/reset")
    expect(reset["member"].get("member_password_id"), "member_password_id set after reset", reset)
    api.error("POST", "/v1/b2b/passwords/email/reset", {"password_reset_token": token, "password": strong_password},
              (400, 401, 404), "unable_to_auth_password_reset_token")
    done = api.ok("POST", "/v1/b2b/passwords/authenticate", login)
    session = expect_session(done, member["member_id"], "passwords/authenticate")
    expect_eq(factor_types(session), ["password"], "password session factors", done)
    api.error("POST", "/v1/b2b/passwords/authenticate", dict(login, password=strong_password + "x"),
              401, "unauthorized_credentials")
    # A reset by email revokes every session of the member.
    api.ok("POST", "/v1/b2b/passwords/email/reset/start", {
        "organization_id": org["organization_id"], "email_address": email,
        "reset_password_redirect_url": REDIRECT, "login_redirect_url": REDIRECT})
    token = token_of(api.last_email(email, "password_reset")["url"])[1]
    newer = strong_password + "-2"
    api.ok("POST", "/v1/b2b/passwords/email/reset", {"password_reset_token": token, "password": newer})
    for old in (reset, done):
        api.error("POST", "/v1/b2b/sessions/authenticate", {"session_token": old["session_token"]},
                  (401, 404), "session_not_found")
    api.error("POST", "/v1/b2b/passwords/authenticate", login, 401, "unauthorized_credentials")
    api.ok("POST", "/v1/b2b/passwords/authenticate", dict(login, password=newer))
    return ("strength_check, authenticate without password refused, reset start -> link -> reset "
            "-> authenticate; a second reset revokes the sessions")


def flow_totp(api):
    org, member, created, done = totp_member(api, "Totp Co")
    ids = {"organization_id": org["organization_id"], "member_id": member["member_id"]}
    api.error("POST", "/v1/b2b/totp", dict(ids, session_token=done["session_token"]), 400,
              "active_totp_exists")
    # A later login: the fake clock moves on two steps; the code is computed for the fake's time.
    auth, _ = magic_link_login(api, org, member["email_address"])
    ist = expect_mfa_step(auth, "second login")
    expect_eq((auth["mfa_required"].get("member_options") or {}).get("totp_registration_id"),
              created["totp_registration_id"], "member_options.totp_registration_id", auth)
    api.advance_clock(60)
    code = totp(created["secret"], safe_totp_time(api))
    wrong = "%06d" % ((int(code) + 500_000) % 1_000_000)
    api.error("POST", "/v1/b2b/totp/authenticate", dict(ids, code=wrong, intermediate_session_token=ist),
              (400, 401), "unable_to_authenticate_totp")
    done = api.ok("POST", "/v1/b2b/totp/authenticate", dict(ids, code=code, intermediate_session_token=ist))
    expect_session(done, member["member_id"], "totp/authenticate after advancing the clock", mfa=True)
    return ("IST -> totp create -> RFC 6238 code -> totp/authenticate; active_totp_exists; clock +60 s "
            "-> new code (wrong code refused)")


def flow_recovery_codes(api):
    org, member, created, done = totp_member(api, "Recovery Co")
    ids = {"organization_id": org["organization_id"], "member_id": member["member_id"]}
    codes = created["recovery_codes"]
    auth, _ = magic_link_login(api, org, member["email_address"])
    ist = expect_mfa_step(auth, "second login")
    recovered = api.ok("POST", "/v1/b2b/recovery_codes/recover",
                       dict(ids, recovery_code=codes[0], intermediate_session_token=ist))
    session = expect_session(recovered, member["member_id"], "recovery_codes/recover", mfa=True)
    expect_eq(recovered.get("recovery_codes_remaining"), 9, "recovery_codes_remaining", recovered)
    expect_eq(factor_types(session), ["magic_link", "recovery_codes"], "session factors", recovered)
    got = api.ok("GET", "/v1/b2b/recovery_codes/%s/%s" % (org["organization_id"], member["member_id"]))
    expect_eq(sorted(got["recovery_codes"]), sorted(codes[1:]), "recovery_codes get: the unused codes", got)
    auth, _ = magic_link_login(api, org, member["email_address"])
    ist = expect_mfa_step(auth, "third login")
    api.error("POST", "/v1/b2b/recovery_codes/recover",
              dict(ids, recovery_code=codes[0], intermediate_session_token=ist),
              (400, 401), "unable_to_authenticate_recovery_code")
    rotated = api.ok("POST", "/v1/b2b/recovery_codes/rotate", ids)
    fresh = rotated["recovery_codes"]
    expect(len(fresh) == 10 and not set(fresh) & set(codes), "rotate gives 10 new codes", rotated)
    api.error("POST", "/v1/b2b/recovery_codes/recover",
              dict(ids, recovery_code=codes[1], intermediate_session_token=ist),
              (400, 401), "unable_to_authenticate_recovery_code")
    recovered = api.ok("POST", "/v1/b2b/recovery_codes/recover",
                       dict(ids, recovery_code=fresh[0], intermediate_session_token=ist))
    expect_eq(recovered.get("recovery_codes_remaining"), 9, "remaining after rotate", recovered)
    return "recover (reuse refused), get, rotate (old codes dead, new ones work)"


def flow_directory_rules(api):
    external = "ext-%s" % suffix()
    org = new_org(api, "Rules Co", organization_external_id=external)
    got = api.ok("GET", "/v1/b2b/organizations/%s" % external)
    expect_eq(got["organization"].get("organization_id"), org["organization_id"], "get by external id", got)
    api.error("POST", "/v1/b2b/organizations",
              {"organization_name": "Copycat", "organization_slug": org["organization_slug"]},
              400, "organization_slug_already_used")
    member = new_member(api, org, "dup")
    path = "/v1/b2b/organizations/%s/members" % org["organization_id"]
    api.error("POST", path, {"email_address": member["email_address"]}, (400, 409), "duplicate_member_email")
    api.ok("DELETE", "%s/%s" % (path, member["member_id"]))
    again = api.ok("POST", path, {"email_address": member["email_address"]}, statuses=(200, 201))
    expect(again["member"].get("member_id") != member["member_id"], "a new member takes the freed email",
           again)
    return "get by external id, organization_slug_already_used, duplicate_member_email, email freed by delete"


def flow_directory_search_and_delete(api):
    org = new_org(api, "Search Co")
    members = [new_member(api, org, "m%d" % i) for i in range(3)]
    pages, cursor = [], None
    while True:
        body = {"organization_ids": [org["organization_id"]], "limit": 2}
        if cursor:
            body["cursor"] = cursor
        page = api.ok("POST", "/v1/b2b/organizations/members/search", body)
        expect(len(page["members"]) <= 2, "a page holds at most `limit` members", page)
        pages.append([m["member_id"] for m in page["members"]])
        cursor = page["results_metadata"].get("next_cursor")
        if not cursor:
            break
        expect(len(pages) < 5, "the cursor ends", page)
    expect_eq(sorted(sum(pages, [])), sorted(m["member_id"] for m in members), "every member once over pages")
    expect_eq(len(pages), 2, "3 members by 2 make 2 pages")
    found = api.ok("POST", "/v1/b2b/organizations/search", {"query": {"operator": "AND", "operands": [
        {"filter_name": "organization_slugs", "filter_value": [org["organization_slug"]]}]}})
    expect_eq([o["organization_id"] for o in found["organizations"]], [org["organization_id"]],
              "organizations/search by slug", found)
    deleted = api.ok("DELETE", "/v1/b2b/organizations/%s" % org["organization_id"])
    expect_eq(deleted.get("organization_id"), org["organization_id"], "organization delete answer", deleted)
    api.error("GET", "/v1/b2b/organizations/%s" % org["organization_id"], None, 404, "organization_not_found")
    return "members/search pages by cursor, organizations/search by slug, organization delete"


def flow_expiry(api):
    org = new_org(api, "Expiry Co")
    member = new_member(api, org, "late")
    email = member["email_address"]
    api.ok("POST", "/v1/b2b/magic_links/email/login_or_signup", {
        "organization_id": org["organization_id"], "email_address": email,
        "login_redirect_url": REDIRECT, "login_expiration_minutes": 5})
    token = token_of(api.last_email(email, "login")["url"])[1]
    body = {"organization_id": org["organization_id"], "email_address": email}
    api.ok("POST", "/v1/b2b/otps/email/login_or_signup", body)
    code = api.last_email(email, "otp")["code"]
    api.ok("POST", "/v1/b2b/passwords/email/reset/start",
           dict(body, reset_password_redirect_url=REDIRECT, login_redirect_url=REDIRECT))
    reset_token = token_of(api.last_email(email, "password_reset")["url"])[1]
    api.ok("POST", "/v1/b2b/magic_links/email/login_or_signup", dict(body, login_redirect_url=REDIRECT))
    second = token_of(api.last_email(email, "login")["url"])[1]
    short = api.ok("POST", "/v1/b2b/magic_links/authenticate",
                   {"magic_links_token": second, "session_duration_minutes": 5})
    expect_session(short, member["member_id"], "a 5-minute session")
    # The link (5 min), the email code (10 min), the reset link (30 min) and the 5-minute session
    # all lapse on the fake clock.
    api.advance_clock(31 * 60)
    api.error("POST", "/v1/b2b/magic_links/authenticate", {"magic_links_token": token}, 401,
              "unable_to_auth_magic_link")
    api.error("POST", "/v1/b2b/otps/email/authenticate", dict(body, code=code), (400, 401, 404),
              "unable_to_auth_otp_code")
    api.error("POST", "/v1/b2b/passwords/email/reset",
              {"password_reset_token": reset_token, "password": "Correct-Horse-Battery-%s!" % suffix()},
              (400, 401, 404), "unable_to_auth_password_reset_token")
    api.error("POST", "/v1/b2b/sessions/authenticate", {"session_token": short["session_token"]},
              (401, 404), "session_not_found")
    return "magic link (5 min), email code (10 min), reset link (30 min), session (5 min) expire on the fake clock"


def flow_discovery_exchange_mfa(api):
    org = new_org(api, "Discovery Mfa Co")
    phone = "+1555555%04d" % secrets.randbelow(10000)
    member = new_member(api, org, "dmfa", mfa_phone_number=phone, mfa_enrolled=True)
    email = member["email_address"]
    api.ok("POST", "/v1/b2b/magic_links/email/discovery/send",
           {"email_address": email, "discovery_redirect_url": REDIRECT})
    token = token_of(api.last_email(email, "discovery")["url"])[1]
    auth = api.ok("POST", "/v1/b2b/magic_links/discovery/authenticate", {"discovery_magic_links_token": token})
    found = discovered(auth, org["organization_id"])
    expect_eq(found.get("member_authenticated"), False, "discovered: MFA still needed", auth)
    expect_eq((found.get("mfa_required") or {}).get("secondary_auth_initiated"), None,
              "discovery never sends the SMS", auth)
    expect_eq(api.call("GET", "/__fake/outbox", query={"member_id": member["member_id"]}).body, [],
              "no SMS before the exchange")
    exchanged = api.ok("POST", "/v1/b2b/discovery/intermediate_sessions/exchange", {
        "intermediate_session_token": auth["intermediate_session_token"],
        "organization_id": org["organization_id"]})
    ist = expect_mfa_step(exchanged, "exchange into an MFA organization")
    expect_eq(exchanged["mfa_required"].get("secondary_auth_initiated"), "sms_otp",
              "the exchange sends the SMS", exchanged)
    done = api.ok("POST", "/v1/b2b/otps/sms/authenticate", {
        "organization_id": org["organization_id"], "member_id": member["member_id"],
        "code": api.last_sms_code(member["member_id"]), "intermediate_session_token": ist})
    session = expect_session(done, member["member_id"], "SMS after the exchange", mfa=True)
    expect_eq(factor_types(session), ["magic_link", "otp"], "session factors", done)
    return "discovery -> exchange into an MFA organization -> SMS sent -> otps/sms/authenticate"


def flow_sessions_exchange(api):
    first = new_org(api, "Exchange One")
    member = new_member(api, first, "ex")
    second = new_org(api, "Exchange Two")
    path = "/v1/b2b/organizations/%s/members" % second["organization_id"]
    other = api.ok("POST", path, {"email_address": member["email_address"]}, statuses=(200, 201))["member"]
    auth, _ = magic_link_login(api, first, member["email_address"])
    expect_session(auth, member["member_id"], "magic link in the first organization")
    exchanged = api.ok("POST", "/v1/b2b/sessions/exchange",
                       {"organization_id": second["organization_id"], "session_token": auth["session_token"]})
    session = expect_session(exchanged, other["member_id"], "sessions/exchange")
    expect_eq(exchanged["organization"].get("organization_id"), second["organization_id"],
              "exchanged into the second organization", exchanged)
    expect_eq(factor_types(session), ["magic_link"], "an email factor carries over", exchanged)
    return "magic link session in one organization -> sessions/exchange -> the same email's member in another"


def flow_invite(api):
    org = new_org(api, "Invite Co")
    email = "invitee-%s@%s" % (suffix(), domain_of(org))
    invited = api.ok("POST", "/v1/b2b/magic_links/email/invite", {
        "organization_id": org["organization_id"], "email_address": email,
        "invite_redirect_url": REDIRECT, "name": "Invitee"})
    expect_eq(invited["member"].get("status"), "invited", "invited member status", invited)
    kind, token = token_of(api.last_email(email, "invite")["url"])
    expect_eq(kind, "multi_tenant_magic_links", "invite link token type")
    # "A new, pending, or invited Member will receive a signup Email Magic Link."
    api.ok("POST", "/v1/b2b/magic_links/email/login_or_signup", {
        "organization_id": org["organization_id"], "email_address": email,
        "login_redirect_url": REDIRECT, "signup_redirect_url": REDIRECT})
    expect_eq([e["kind"] for e in api.emails(email)], ["invite", "signup"], "emails to an invited member")
    auth = api.ok("POST", "/v1/b2b/magic_links/authenticate", {"magic_links_token": token})
    expect_session(auth, invited["member_id"], "invite magic link")
    expect_eq(auth["member"].get("status"), "active", "member active after the invite link", auth)
    again = api.call("POST", "/v1/b2b/magic_links/email/invite", {
        "organization_id": org["organization_id"], "email_address": email, "invite_redirect_url": REDIRECT})
    expect(400 <= again.status < 500 and again.get("error_type"), "inviting an active member is refused",
           again)
    return ("invite -> invited member (signup link on login_or_signup) -> invite link -> active; "
            "inviting an active member refused (%s)" % again.get("error_type"))


def flow_discovery_create_organization(api):
    email = "founder-%s@founders-%s.example.com" % (suffix(), suffix())
    api.ok("POST", "/v1/b2b/magic_links/email/discovery/send",
           {"email_address": email, "discovery_redirect_url": REDIRECT})
    token = token_of(api.last_email(email, "discovery")["url"])[1]
    auth = api.ok("POST", "/v1/b2b/magic_links/discovery/authenticate", {"discovery_magic_links_token": token})
    expect_eq(auth["discovered_organizations"], [], "nothing discovered for a new address", auth)
    slug = "founded-%s" % suffix()
    created = api.ok("POST", "/v1/b2b/discovery/organizations/create", {
        "intermediate_session_token": auth["intermediate_session_token"],
        "organization_name": "Founded", "organization_slug": slug})
    expect_eq(created["organization"].get("organization_slug"), slug, "created organization", created)
    session = expect_session(created, created["member_id"], "discovery/organizations/create")
    expect_eq(factor_types(session), ["magic_link"], "session factors", created)
    expect_eq(created["member"].get("is_admin"), True, "the creator is_admin", created)
    roles = [r.get("role_id") for r in created["member"].get("roles", [])]
    expect("stytch_admin" in roles, "the creator has stytch_admin: %s" % roles, created)
    return "discovery link for a new address -> organizations/create -> admin member with a session"


FLOWS = [
    ("directory", flow_directory),
    ("directory_rules", flow_directory_rules),
    ("directory_search_and_delete", flow_directory_search_and_delete),
    ("magic_link_sms_mfa", flow_magic_link_sms_mfa),
    ("magic_link_signup", flow_magic_link_signup),
    ("invite", flow_invite),
    ("email_otp", flow_email_otp),
    ("discovery_magic_link", flow_discovery_magic_link),
    ("discovery_otp", flow_discovery_otp),
    ("discovery_create_organization", flow_discovery_create_organization),
    ("discovery_exchange_mfa", flow_discovery_exchange_mfa),
    ("sessions_exchange", flow_sessions_exchange),
    ("passwords", flow_passwords),
    ("totp", flow_totp),
    ("recovery_codes", flow_recovery_codes),
    ("expiry", flow_expiry),
]


def family_flows():
    """The flows of the per-family modules beside this file (`*_flows.py`), each listing its
    own `FLOWS` the same way, in file-name order."""
    import glob
    import importlib

    here = os.path.dirname(os.path.abspath(__file__))
    found = []
    for path in sorted(glob.glob(os.path.join(here, "*_flows.py"))):
        module = importlib.import_module(os.path.splitext(os.path.basename(path))[0])
        found.extend(module.FLOWS)
    return found


FLOWS = FLOWS + family_flows()


def main(argv):
    keep_going = "--keep-going" in argv
    wanted = [a for a in argv if not a.startswith("--")]
    unknown = [w for w in wanted if w not in dict(FLOWS)]
    if unknown:
        print("unknown flow(s) %s; flows: %s" % (unknown, ", ".join(n for n, _ in FLOWS)), file=sys.stderr)
        return 2
    missing = [k for k in ("STYTCH_BASE_URL", "STYTCH_PROJECT_ID", "STYTCH_SECRET") if not os.environ.get(k)]
    if missing:
        print("missing environment: %s (start stytch-fake and export its KEY=value lines)" % ", ".join(missing),
              file=sys.stderr)
        return 2
    api = Stytch(os.environ["STYTCH_BASE_URL"], os.environ["STYTCH_PROJECT_ID"], os.environ["STYTCH_SECRET"])
    failed = []
    for name, flow in FLOWS:
        if wanted and name not in wanted:
            continue
        try:
            print("ok   %s: %s" % (name, flow(api)), flush=True)
        except FlowFailure as failure:
            print("FAIL %s: %s" % (name, failure), flush=True)
            failed.append(name)
            if not keep_going:
                break
    if failed:
        print("failed: %s" % ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
