"""The emulator's own routes over HTTP: reset (POST /__fake/reset), state files
(GET/PUT /__fake/state) and the request journal (GET /__fake/requests). Picked up by flows.py (`*_flows.py`)."""

import json
import os
import secrets

from helpers import new_member, new_org
from stytch_http import expect, expect_eq


def flow_reset(api):
    org_id = os.environ.get("STYTCH_ORGANIZATION_ID")
    member_id = os.environ.get("STYTCH_MEMBER_ID")
    expect(org_id and member_id, "stytch-fake printed STYTCH_ORGANIZATION_ID and STYTCH_MEMBER_ID")
    doomed = new_org(api, "Doomed Co")
    api.advance_clock(3600)
    seed = api.reset()
    expect_eq(seed.get("organization_id"), org_id, "reset answers the printed organization id")
    expect_eq(seed.get("member_id"), member_id, "reset answers the printed member id")
    got = api.ok("GET", "/v1/b2b/organizations/%s" % org_id)
    expect_eq(got["organization"].get("organization_slug"), "acme-corp", "the seeded org by its printed id", got)
    got = api.ok("GET", "/v1/b2b/organizations/%s/member" % org_id, query={"member_id": member_id})
    expect_eq(got["member"].get("email_address"), "ada@acme.test", "the seeded member by its printed id", got)
    api.error("GET", "/v1/b2b/organizations/%s" % doomed["organization_id"], None, 404, "organization_not_found")
    ops = [r["operation"] for r in api.requests()]
    expect("organizations.create" not in ops, "the journal was emptied by the reset: %s" % ops)
    outbox = api.call("GET", "/__fake/outbox")
    expect_eq((outbox.status, outbox.body), (200, []), "the SMS outbox is empty after a reset", outbox)
    return "an organization and an hour later, reset -> the seeded org and member by their printed ids, nothing else"


def flow_journal(api):
    api.ok("DELETE", "/__fake/requests")
    org = new_org(api, "Journal Co")
    new_member(api, org, "ada")
    token = "session-token-" + secrets.token_hex(8)
    api.error("POST", "/v1/b2b/sessions/authenticate", {"session_token": token}, 404, "session_not_found")
    everything = api.requests()
    ops = [r["operation"] for r in everything]
    expect_eq(ops, ["organizations.create", "organizations.members.create", "sessions.authenticate"],
              "the journal's operations, oldest first")
    created = everything[0]
    expect_eq(created["method"], "POST", "method")
    expect_eq(created["path"], "/v1/b2b/organizations", "path")
    expect_eq(created["status"], 200, "status")
    expect_eq(created["body"].get("organization_name"), "Journal Co", "a plain field is kept")
    refused = api.requests("sessions.authenticate")
    expect_eq(len(refused), 1, "one sessions.authenticate")
    expect_eq(refused[0]["status"], 404, "status of the refusal")
    expect_eq(refused[0]["error_type"], "session_not_found", "error_type of the refusal")
    expect_eq(refused[0]["body"], {"session_token": "[redacted]"}, "the token is redacted")
    expect(token not in json.dumps(everything), "the token appears nowhere in the journal")
    api.error("GET", "/__fake/requests?operation=no.such.operation", None, 400, "invalid_operation")
    return "create org and member, a refused session token -> the journal in order, the token redacted"


def get_state(api):
    """GET /__fake/state: the file itself (no status_code or request_id beside it)."""
    answer = api.call("GET", "/__fake/state")
    expect_eq(answer.status, 200, "GET /__fake/state", answer)
    return answer.body


def flow_state(api):
    saved = get_state(api)
    expect_eq(saved.get("version"), 1, "a state file has its version")
    later = new_org(api, "Later Co")
    imported = api.ok("PUT", "/__fake/state", saved).body
    expect("organizations" in imported.get("imported", {}), "PUT answers what it imported: %s" % imported)
    api.error("GET", "/v1/b2b/organizations/%s" % later["organization_id"], None, 404, "organization_not_found")
    expect_eq(get_state(api), saved, "export, import, export gives the same JSON")
    future = dict(saved, version=saved["version"] + 1)
    api.error("PUT", "/__fake/state", future, 400, "unsupported_state_version")
    broken = dict(saved, state=dict(saved["state"], members="not a list"))
    api.error("PUT", "/__fake/state", broken, 400, "invalid_state")
    expect_eq(get_state(api), saved, "refused files change nothing")
    return "save the state, add an org, put the state back -> the org is gone; newer or broken files refused"


FLOWS = [
    ("journal", flow_journal),
    ("state", flow_state),
    ("reset", flow_reset),
]
