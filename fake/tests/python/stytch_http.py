"""A minimal Stytch B2B HTTP client for tests, standard library only: JSON over HTTP with basic
auth, Stytch's error bodies, the fake's test routes (emails, SMS outbox, clock), RS256 JWT
checks against the JWKS and RFC 6238 TOTP codes. Used by flows.py."""

import base64
import datetime
import hashlib
import hmac
import json
import struct
import time
import urllib.error
import urllib.parse
import urllib.request


class FlowFailure(Exception):
    """One expectation of a flow that the fake did not meet."""


# --------------------------------------------------------------------------------------------
# HTTP


class Answer:
    """An HTTP answer: status, parsed JSON body (or None) and the raw text."""

    def __init__(self, method, path, request_body, status, text):
        self.method = method
        self.path = path
        self.request_body = request_body
        self.status = status
        self.text = text
        try:
            self.body = json.loads(text) if text else None
        except ValueError:
            self.body = None

    def describe(self):
        sent = "" if self.request_body is None else " " + json.dumps(self.request_body)
        return "%s %s%s\n  -> HTTP %s %s" % (
            self.method,
            self.path,
            sent,
            self.status,
            self.text[:2000],
        )

    def get(self, key, default=None):
        if isinstance(self.body, dict):
            return self.body.get(key, default)
        return default

    def __getitem__(self, key):
        if not isinstance(self.body, dict) or key not in self.body:
            raise FlowFailure("answer has no field %r\n  %s" % (key, self.describe()))
        return self.body[key]


class Stytch:
    """A minimal Stytch B2B client: JSON over HTTP with basic auth (project_id:secret)."""

    def __init__(self, base_url, project_id, secret):
        self.base_url = base_url.rstrip("/")
        self.project_id = project_id
        token = base64.b64encode(("%s:%s" % (project_id, secret)).encode()).decode()
        self.auth = "Basic " + token
        self.clock_offset = 0.0  # seconds the fake clock has been advanced by this script

    def call(self, method, path, body=None, query=None):
        """Sends one request; returns an Answer whatever its status."""
        if query:
            path = path + "?" + urllib.parse.urlencode(query)
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base_url + path, data=data, method=method)
        req.add_header("Authorization", self.auth)
        req.add_header("Accept", "application/json")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return Answer(method, path, body, resp.status, resp.read().decode())
        except urllib.error.HTTPError as err:
            return Answer(method, path, body, err.code, err.read().decode())
        except (urllib.error.URLError, OSError) as err:
            raise FlowFailure("%s %s: cannot reach the fake: %s" % (method, path, err))

    def ok(self, method, path, body=None, query=None, statuses=(200,)):
        """Sends one request and requires a success status whose body repeats it."""
        answer = self.call(method, path, body, query)
        if answer.status not in statuses:
            raise FlowFailure("expected HTTP %s\n  %s" % (statuses, answer.describe()))
        if not isinstance(answer.body, dict):
            raise FlowFailure("expected a JSON object\n  %s" % answer.describe())
        if answer.body.get("status_code") != answer.status:
            raise FlowFailure("body status_code differs from HTTP status\n  %s" % answer.describe())
        if not answer.body.get("request_id"):
            raise FlowFailure("no request_id\n  %s" % answer.describe())
        return answer

    def error(self, method, path, body, status, error_type):
        """Sends one request and requires Stytch's error body with this status and error_type.

        `status` and `error_type` may be tuples when Stytch's reference does not pin them down."""
        answer = self.call(method, path, body)
        statuses = status if isinstance(status, tuple) else (status,)
        types = error_type if isinstance(error_type, tuple) else (error_type,)
        if answer.status not in statuses or answer.get("error_type") not in types:
            raise FlowFailure(
                "expected HTTP %s with error_type %r\n  %s" % (statuses, error_type, answer.describe())
            )
        for key in ("status_code", "request_id", "error_message", "error_url"):
            if not answer.get(key):
                raise FlowFailure("error body without %s\n  %s" % (key, answer.describe()))
        return answer

    # -- the fake's own test routes ------------------------------------------------------------

    def emails(self, address):
        answer = self.ok("GET", "/__fake/emails", query={"email_address": address})
        return answer["emails"]

    def last_email(self, address, kind):
        emails = [e for e in self.emails(address) if e.get("kind") == kind]
        if not emails:
            raise FlowFailure(
                "no %r email to %s in GET /__fake/emails: %s" % (kind, address, self.emails(address))
            )
        return emails[-1]

    def last_sms_code(self, member_id):
        answer = self.call("GET", "/__fake/outbox", query={"member_id": member_id})
        if answer.status != 200 or not isinstance(answer.body, list) or not answer.body:
            raise FlowFailure("no SMS for %s in the outbox\n  %s" % (member_id, answer.describe()))
        return answer.body[-1]["code"]

    def advance_clock(self, seconds):
        self.ok("POST", "/__fake/clock", {"advance_seconds": seconds})
        self.clock_offset += seconds

    def reset(self):
        """POST /__fake/reset: the fake back to its starting state (its clock too); answers
        the seed re-created (`null` for an unseeded fake)."""
        answer = self.ok("POST", "/__fake/reset")
        self.clock_offset = 0.0
        return answer["seed"]

    def requests(self, operation=None):
        """GET /__fake/requests: the journal of API requests, oldest first, secrets redacted."""
        query = {"operation": operation} if operation else None
        return self.ok("GET", "/__fake/requests", query=query)["requests"]

    def now(self):
        """The fake's time: the system clock plus what this script advanced it by."""
        return time.time() + self.clock_offset


# --------------------------------------------------------------------------------------------
# Checks


def expect(condition, message, answer=None):
    if not condition:
        raise FlowFailure(message + ("\n  " + answer.describe() if answer is not None else ""))


def expect_eq(actual, wanted, what, answer=None):
    expect(actual == wanted, "%s: expected %r, got %r" % (what, wanted, actual), answer)


def token_of(url):
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    return query.get("stytch_token_type", [None])[0], query.get("token", [None])[0]


def timestamp(text):
    """Seconds since the epoch of an RFC 3339 UTC timestamp such as 2026-01-02T03:04:05Z."""
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


# --------------------------------------------------------------------------------------------
# JWT (RS256) verified with the JWKS, no library


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify_jwt(api, jwt):
    """Checks an RS256 session JWT against GET /v1/b2b/sessions/jwks/{project_id}."""
    head, payload, signature = jwt.split(".")
    header = json.loads(b64url(head))
    expect_eq(header.get("alg"), "RS256", "JWT alg")
    keys = api.ok("GET", "/v1/b2b/sessions/jwks/%s" % api.project_id)["keys"]
    key = next((k for k in keys if k.get("kid") == header.get("kid")), None)
    expect(key is not None, "JWT kid %r not in the JWKS %s" % (header.get("kid"), keys))
    n = int.from_bytes(b64url(key["n"]), "big")
    e = int.from_bytes(b64url(key["e"]), "big")
    size = (n.bit_length() + 7) // 8
    em = pow(int.from_bytes(b64url(signature), "big"), e, n).to_bytes(size, "big")
    digest_info = bytes.fromhex("3031300d060960864801650304020105000420")
    digest = hashlib.sha256(("%s.%s" % (head, payload)).encode()).digest()
    wanted = b"\x00\x01" + b"\xff" * (size - 3 - len(digest_info) - 32) + b"\x00" + digest_info + digest
    expect(hmac.compare_digest(em, wanted), "session_jwt signature does not verify with the JWKS")
    return json.loads(b64url(payload))


# --------------------------------------------------------------------------------------------
# TOTP (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits)


def totp(secret_b32, at):
    key = base64.b32decode(secret_b32.upper() + "=" * (-len(secret_b32) % 8))
    mac = hmac.new(key, struct.pack(">Q", int(at) // 30), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return "%06d" % (number % 1_000_000)


def safe_totp_time(api):
    """The fake's time, moved past a step boundary first if one is less than 3 s away, so the
    code computed here is still current when the fake checks it (no sleep)."""
    if 30 - api.now() % 30 < 3:
        api.advance_clock(5)
    return api.now()
