// Drives a running `stytch-fake` with Stytch's official Node SDK (`stytch` on npm), through the
// same flows as ../python/flows.py. Run by hand (see README.md), not in CI.
//
// Environment: the KEY=value lines `stytch-fake` prints (STYTCH_BASE_URL, STYTCH_PROJECT_ID,
// STYTCH_SECRET). Arguments: `--keep-going` runs every flow and lists the failures; flow names
// run only those flows.

import crypto from "node:crypto";
import { readFileSync } from "node:fs";
import stytch from "stytch";

// The package's `exports` hide package.json, so read it from node_modules.
const SDK_VERSION = JSON.parse(
  readFileSync(new URL("./node_modules/stytch/package.json", import.meta.url), "utf8"),
).version;
const REDIRECT = "http://localhost:3000/authenticate";

class FlowFailure extends Error {}

function fail(message, detail) {
  throw new FlowFailure(detail === undefined ? message : `${message}\n  ${JSON.stringify(detail)}`);
}
function expect(condition, message, detail) {
  if (!condition) fail(message, detail);
}
function expectEq(actual, wanted, what, detail) {
  const same = JSON.stringify(actual) === JSON.stringify(wanted);
  expect(same, `${what}: expected ${JSON.stringify(wanted)}, got ${JSON.stringify(actual)}`, detail);
}
const suffix = () => crypto.randomBytes(4).toString("hex");

// ---------------------------------------------------------------------------------------------
// The client and the fake's own test routes

const env = (key) => process.env[key] || fail(`missing ${key}: start stytch-fake and export its KEY=value lines`);
const baseUrl = env("STYTCH_BASE_URL").replace(/\/+$/, "");
const projectId = env("STYTCH_PROJECT_ID");
const secret = env("STYTCH_SECRET");

// The SDK refuses a `custom_base_url` that is not https:// ("custom_base_url must use HTTPS
// scheme"); `env` takes any URL (with a console warning), so the fake goes there.
const client = new stytch.B2BClient({ project_id: projectId, secret, env: baseUrl + "/" });

const basic = "Basic " + Buffer.from(`${projectId}:${secret}`).toString("base64");
let clockOffset = 0;

async function control(method, path, body) {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { Authorization: basic, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  expect(res.status === 200, `${method} ${path}: HTTP ${res.status}`, json);
  return json;
}
async function lastEmail(address, kind) {
  const { emails } = await control("GET", `/__fake/emails?email_address=${encodeURIComponent(address)}`);
  const mails = emails.filter((e) => e.kind === kind);
  expect(mails.length > 0, `no ${kind} email to ${address}`, emails);
  return mails[mails.length - 1];
}
async function lastSmsCode(memberId) {
  const sms = await control("GET", `/__fake/outbox?member_id=${encodeURIComponent(memberId)}`);
  expect(sms.length > 0, `no SMS for ${memberId}`);
  return sms[sms.length - 1].code;
}
async function advanceClock(seconds) {
  await control("POST", "/__fake/clock", { advance_seconds: seconds });
  clockOffset += seconds;
}
const fakeNow = () => Date.now() / 1000 + clockOffset;

// Runs one SDK call that must fail with Stytch's error body.
async function expectError(call, statuses, errorType) {
  try {
    const answer = await call();
    fail(`expected ${errorType}, got a success`, answer);
  } catch (err) {
    if (err instanceof FlowFailure) throw err;
    expect(err instanceof stytch.StytchError, `expected a StytchError, got ${err}`);
    expect(statuses.includes(err.status_code) && err.error_type === errorType,
      `expected HTTP ${statuses} ${errorType}, got ${err.status_code} ${err.error_type}: ${err.error_message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

const tokenOf = (url) => {
  const query = new URL(url).searchParams;
  return [query.get("stytch_token_type"), query.get("token")];
};
const factorTypes = (session) => session.authentication_factors.map((f) => f.type).sort();
const domainOf = (org) => `${org.organization_slug}.example.com`;

async function newOrg(name, settings = {}) {
  const slug = `${name.toLowerCase().replace(/ /g, "-")}-${suffix()}`;
  const { organization } = await client.organizations.create({ organization_name: name, organization_slug: slug, ...settings });
  expectEq(organization.organization_slug, slug, "organization_slug");
  return organization;
}
async function newMember(org, local, fields = {}) {
  const email = `${local}-${suffix()}@${domainOf(org)}`;
  const { member } = await client.organizations.members.create({
    organization_id: org.organization_id, email_address: email, ...fields,
  });
  expectEq(member.status, "active", "member.status");
  return member;
}
// MFA answers (SMS, TOTP, recovery codes) have no member_authenticated nor
// intermediate_session_token in Stytch's types: `mfa` skips those two.
function expectSession(answer, memberId, what, mfa = false) {
  if (!mfa) {
    expectEq(answer.member_authenticated, true, `${what}: member_authenticated`);
    expectEq(answer.intermediate_session_token, "", `${what}: intermediate_session_token`);
  }
  expect(answer.session_token && answer.session_jwt, `${what}: no session token or JWT`, answer);
  expectEq(answer.member_session?.member_id, memberId, `${what}: member_session.member_id`);
  return answer.member_session;
}
function expectMfaStep(answer, what) {
  expectEq(answer.member_authenticated, false, `${what}: member_authenticated`);
  expect(answer.intermediate_session_token, `${what}: no intermediate_session_token`, answer);
  expectEq(answer.session_token, "", `${what}: session_token`);
  expect(answer.mfa_required, `${what}: no mfa_required`, answer);
  return answer.intermediate_session_token;
}
async function magicLinkLogin(org, email) {
  const sent = await client.magicLinks.email.loginOrSignup({
    organization_id: org.organization_id, email_address: email,
    login_redirect_url: REDIRECT, signup_redirect_url: REDIRECT,
  });
  expectEq(sent.member_created, false, "member_created");
  const [kind, token] = tokenOf((await lastEmail(email, "login")).url);
  expectEq(kind, "multi_tenant_magic_links", "stytch_token_type");
  return [await client.magicLinks.authenticate({ magic_links_token: token }), token];
}
function totp(secretB32, at) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secretB32.toUpperCase().replace(/=+$/, "")) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30)));
  const mac = crypto.createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}
async function safeTotpTime() {
  if (30 - (fakeNow() % 30) < 3) await advanceClock(5);
  return fakeNow();
}

// ---------------------------------------------------------------------------------------------
// Flows

async function directory() {
  const org = await newOrg("Directory Co");
  const orgId = org.organization_id;
  for (const key of [orgId, org.organization_slug]) {
    const { organization } = await client.organizations.get({ organization_id: key });
    expectEq(organization.organization_id, orgId, `get organization by ${key}`);
  }
  const { organization } = await client.organizations.update({ organization_id: orgId, organization_name: "Renamed" });
  expectEq(organization.organization_name, "Renamed", "updated name");
  const member = await newMember(org, "ada", { name: "Ada" });
  for (const by of [{ member_id: member.member_id }, { email_address: member.email_address }]) {
    const got = await client.organizations.members.get({ organization_id: orgId, ...by });
    expectEq(got.member.member_id, member.member_id, `get member by ${Object.keys(by)}`);
  }
  const updated = await client.organizations.members.update({ organization_id: orgId, member_id: member.member_id, name: "Ada L" });
  expectEq(updated.member.name, "Ada L", "updated member name");
  const found = await client.organizations.members.search({
    organization_ids: [orgId],
    query: { operator: "AND", operands: [{ filter_name: "member_emails", filter_value: [member.email_address] }] },
  });
  expectEq(found.members.map((m) => m.member_id), [member.member_id], "search by member_emails");
  const deleted = await client.organizations.members.delete({ organization_id: orgId, member_id: member.member_id });
  expectEq(deleted.member_id, member.member_id, "delete member_id");
  await expectError(() => client.organizations.members.get({ organization_id: orgId, member_id: member.member_id }), [404], "member_not_found");
  return "organizations create/get/update, members create/get/update/search/delete";
}

async function directorySearchAndDelete() {
  const org = await newOrg("Search Co");
  const members = [];
  for (const i of [0, 1, 2]) members.push(await newMember(org, `m${i}`));
  const seen = [];
  let cursor;
  for (let pages = 0; ; pages++) {
    expect(pages < 5, "the cursor ends");
    const page = await client.organizations.members.search({ organization_ids: [org.organization_id], limit: 2, cursor });
    seen.push(...page.members.map((m) => m.member_id));
    cursor = page.results_metadata.next_cursor;
    if (!cursor) break;
  }
  expectEq(seen.sort(), members.map((m) => m.member_id).sort(), "every member once over the pages");
  const found = await client.organizations.search({
    query: { operator: "AND", operands: [{ filter_name: "organization_slugs", filter_value: [org.organization_slug] }] },
  });
  expectEq(found.organizations.map((o) => o.organization_id), [org.organization_id], "organizations.search by slug");
  await client.organizations.delete({ organization_id: org.organization_id });
  await expectError(() => client.organizations.get({ organization_id: org.organization_id }), [404], "organization_not_found");
  return "members.search by cursor, organizations.search, organizations.delete";
}

async function invite() {
  const org = await newOrg("Invite Co");
  const email = `invitee-${suffix()}@${domainOf(org)}`;
  const invited = await client.magicLinks.email.invite({ organization_id: org.organization_id, email_address: email, invite_redirect_url: REDIRECT });
  expectEq(invited.member.status, "invited", "invited status");
  const [, token] = tokenOf((await lastEmail(email, "invite")).url);
  const auth = await client.magicLinks.authenticate({ magic_links_token: token });
  expectSession(auth, invited.member_id, "invite link");
  expectEq(auth.member.status, "active", "active after the invite link");
  return "magicLinks.email.invite -> link -> active";
}

async function sessionsExchange() {
  const first = await newOrg("Exchange One");
  const member = await newMember(first, "ex");
  const second = await newOrg("Exchange Two");
  const { member: other } = await client.organizations.members.create({ organization_id: second.organization_id, email_address: member.email_address });
  const [auth] = await magicLinkLogin(first, member.email_address);
  const exchanged = await client.sessions.exchange({ organization_id: second.organization_id, session_token: auth.session_token });
  expectSession(exchanged, other.member_id, "sessions.exchange");
  return "sessions.exchange into another organization";
}

async function discoveryCreateOrganization() {
  const email = `founder-${suffix()}@founders-${suffix()}.example.com`;
  await client.magicLinks.email.discovery.send({ email_address: email, discovery_redirect_url: REDIRECT });
  const [, token] = tokenOf((await lastEmail(email, "discovery")).url);
  const auth = await client.magicLinks.discovery.authenticate({ discovery_magic_links_token: token });
  const created = await client.discovery.organizations.create({
    intermediate_session_token: auth.intermediate_session_token, organization_name: "Founded", organization_slug: `founded-${suffix()}`,
  });
  expectSession(created, created.member_id, "discovery.organizations.create");
  expectEq(created.member.is_admin, true, "creator is_admin");
  return "discovery link -> discovery.organizations.create -> admin with a session";
}

async function magicLinkSmsMfa() {
  const org = await newOrg("Magic Co");
  const phone = `+1555555${String(crypto.randomInt(10000)).padStart(4, "0")}`;
  const member = await newMember(org, "mfa", { mfa_phone_number: phone, mfa_enrolled: true });
  const [auth, token] = await magicLinkLogin(org, member.email_address);
  const ist = expectMfaStep(auth, "magicLinks.authenticate");
  expectEq(auth.mfa_required.secondary_auth_initiated, "sms_otp", "secondary_auth_initiated");
  await expectError(() => client.magicLinks.authenticate({ magic_links_token: token }), [401], "unable_to_auth_magic_link");
  const code = await lastSmsCode(member.member_id);
  const done = await client.otps.sms.authenticate({
    organization_id: org.organization_id, member_id: member.member_id, code, intermediate_session_token: ist,
  });
  const session = expectSession(done, member.member_id, "otps.sms.authenticate", true);
  expectEq(factorTypes(session), ["magic_link", "otp"], "session factors");
  const again = await client.sessions.authenticate({ session_token: done.session_token });
  expectEq(again.member_session.member_session_id, session.member_session_id, "sessions.authenticate");
  const local = await client.sessions.authenticateJwtLocal({ session_jwt: done.session_jwt });
  expectEq(local.member_session_id, session.member_session_id, "authenticateJwtLocal (JWKS, iss, aud, typ)");
  const remote = await client.sessions.authenticateJwt({ session_jwt: done.session_jwt, max_token_age_seconds: 0 });
  expectEq(remote.member_session.member_session_id, session.member_session_id, "authenticateJwt (remote)");
  await client.sessions.revoke({ member_session_id: session.member_session_id });
  await expectError(() => client.sessions.authenticate({ session_token: done.session_token }), [401, 404], "session_not_found");
  return "loginOrSignup -> link -> authenticate -> SMS -> otps.sms.authenticate -> sessions.authenticate, authenticateJwtLocal, revoke";
}

async function emailOtp() {
  const org = await newOrg("Otp Co");
  const member = await newMember(org, "otp");
  const ids = { organization_id: org.organization_id, email_address: member.email_address };
  await client.otps.email.loginOrSignup(ids);
  const { code } = await lastEmail(member.email_address, "otp");
  const done = await client.otps.email.authenticate({ ...ids, code, session_duration_minutes: 30 });
  const session = expectSession(done, member.member_id, "otps.email.authenticate");
  const lasts = (Date.parse(session.expires_at) - Date.parse(session.started_at)) / 1000;
  expect(Math.abs(lasts - 1800) <= 2, `session_duration_minutes=30 gives a ${lasts} s session`);
  expectEq(factorTypes(session), ["email_otp"], "factors");
  await expectError(() => client.otps.email.authenticate({ ...ids, code }), [400, 401, 404], "unable_to_auth_otp_code");
  return "otps.email.loginOrSignup -> code -> authenticate (reuse refused)";
}

async function discoveryMagicLink() {
  const org = await newOrg("Discovery Co");
  const member = await newMember(org, "disco");
  const email = member.email_address;
  await client.magicLinks.email.discovery.send({ email_address: email, discovery_redirect_url: REDIRECT });
  const [kind, token] = tokenOf((await lastEmail(email, "discovery")).url);
  expectEq(kind, "discovery", "stytch_token_type");
  const auth = await client.magicLinks.discovery.authenticate({ discovery_magic_links_token: token });
  const ist = auth.intermediate_session_token;
  const has = (answer) => answer.discovered_organizations.some((d) => d.organization.organization_id === org.organization_id);
  expect(has(auth), "organization discovered", auth.discovered_organizations);
  const listed = await client.discovery.organizations.list({ intermediate_session_token: ist });
  expect(has(listed), "organization listed", listed.discovered_organizations);
  const exchanged = await client.discovery.intermediateSessions.exchange({ intermediate_session_token: ist, organization_id: org.organization_id });
  expectSession(exchanged, member.member_id, "discovery.intermediateSessions.exchange");
  return "discovery send -> link -> authenticate -> organizations.list -> exchange";
}

async function discoveryOtp() {
  const org = await newOrg("Discovery Otp Co");
  const member = await newMember(org, "dotp");
  await client.otps.email.discovery.send({ email_address: member.email_address });
  const { code } = await lastEmail(member.email_address, "discovery_otp");
  const auth = await client.otps.email.discovery.authenticate({ email_address: member.email_address, code });
  const exchanged = await client.discovery.intermediateSessions.exchange({
    intermediate_session_token: auth.intermediate_session_token, organization_id: org.organization_id,
  });
  const session = expectSession(exchanged, member.member_id, "exchange after discovery OTP");
  expectEq(factorTypes(session), ["email_otp"], "exchanged session factors");
  return "otps.email.discovery.send -> code -> authenticate -> exchange";
}

async function passwords() {
  const weak = await client.passwords.strengthCheck({ password: "password" });
  expectEq(weak.valid_password, false, "strengthCheck(weak)");
  const password = `Correct-Horse-Battery-${suffix()}-Staple!`;
  expectEq((await client.passwords.strengthCheck({ password })).valid_password, true, "strengthCheck(strong)");
  const org = await newOrg("Password Co");
  const member = await newMember(org, "pw");
  const email = member.email_address;
  await client.passwords.email.resetStart({
    organization_id: org.organization_id, email_address: email,
    reset_password_redirect_url: REDIRECT, login_redirect_url: REDIRECT,
  });
  const [kind, token] = tokenOf((await lastEmail(email, "password_reset")).url);
  expectEq(kind, "multi_tenant_passwords", "stytch_token_type");
  const reset = await client.passwords.email.reset({ password_reset_token: token, password });
  expectSession(reset, member.member_id, "passwords.email.reset");
  const login = { organization_id: org.organization_id, email_address: email, password };
  expectEq(factorTypes(expectSession(await client.passwords.authenticate(login), member.member_id, "passwords.authenticate")), ["password"], "factors");
  await expectError(() => client.passwords.authenticate({ ...login, password: password + "x" }), [401], "unauthorized_credentials");
  return "strengthCheck, email.resetStart -> link -> email.reset -> authenticate";
}

async function totpAndRecoveryCodes() {
  const org = await newOrg("Totp Co");
  const member = await newMember(org, "totp", { mfa_enrolled: true });
  const ids = { organization_id: org.organization_id, member_id: member.member_id };
  let [auth] = await magicLinkLogin(org, member.email_address);
  let ist = expectMfaStep(auth, "magic link");
  const created = await client.totps.create({ ...ids, intermediate_session_token: ist });
  expectEq(created.recovery_codes.length, 10, "recovery codes");
  let done = await client.totps.authenticate({ ...ids, code: totp(created.secret, await safeTotpTime()), intermediate_session_token: ist });
  expectEq(factorTypes(expectSession(done, member.member_id, "totps.authenticate", true)), ["magic_link", "totp"], "factors");
  [auth] = await magicLinkLogin(org, member.email_address);
  ist = expectMfaStep(auth, "second login");
  await advanceClock(60);
  done = await client.totps.authenticate({ ...ids, code: totp(created.secret, await safeTotpTime()), intermediate_session_token: ist });
  expectSession(done, member.member_id, "totps.authenticate after the clock moved", true);
  [auth] = await magicLinkLogin(org, member.email_address);
  ist = expectMfaStep(auth, "third login");
  const recovered = await client.recoveryCodes.recover({ ...ids, recovery_code: created.recovery_codes[0], intermediate_session_token: ist });
  expectSession(recovered, member.member_id, "recoveryCodes.recover", true);
  expectEq(recovered.recovery_codes_remaining, 9, "recovery_codes_remaining");
  const got = await client.recoveryCodes.get(ids);
  expectEq(got.recovery_codes.sort(), created.recovery_codes.slice(1).sort(), "recoveryCodes.get: the unused codes");
  const rotated = await client.recoveryCodes.rotate(ids);
  expect(rotated.recovery_codes.length === 10 && !rotated.recovery_codes.some((c) => created.recovery_codes.includes(c)),
    "recoveryCodes.rotate gives 10 new codes", rotated.recovery_codes);
  return "IST -> totps.create -> code -> totps.authenticate; clock +60 s; recoveryCodes.recover, get, rotate";
}

const FLOWS = {
  directory,
  directory_search_and_delete: directorySearchAndDelete,
  magic_link_sms_mfa: magicLinkSmsMfa,
  invite,
  email_otp: emailOtp,
  discovery_magic_link: discoveryMagicLink,
  discovery_otp: discoveryOtp,
  discovery_create_organization: discoveryCreateOrganization,
  sessions_exchange: sessionsExchange,
  passwords,
  totp_and_recovery_codes: totpAndRecoveryCodes,
};

const args = process.argv.slice(2);
const keepGoing = args.includes("--keep-going");
const wanted = args.filter((a) => !a.startsWith("--"));
const unknown = wanted.filter((w) => !(w in FLOWS));
if (unknown.length) {
  console.error(`unknown flow(s) ${unknown}; flows: ${Object.keys(FLOWS).join(", ")}`);
  process.exit(2);
}
console.log(`stytch (Node SDK) ${SDK_VERSION} against ${baseUrl}`);
const failed = [];
for (const [name, flow] of Object.entries(FLOWS)) {
  if (wanted.length && !wanted.includes(name)) continue;
  try {
    console.log(`ok   ${name}: ${await flow()}`);
  } catch (err) {
    const detail = err instanceof stytch.StytchError
      ? `StytchError ${err.status_code} ${err.error_type}: ${err.error_message}`
      : err instanceof FlowFailure ? err.message : err.stack || String(err);
    console.log(`FAIL ${name}: ${detail}`);
    failed.push(name);
    if (!keepGoing) break;
  }
}
if (failed.length) {
  console.error(`failed: ${failed.join(", ")}`);
  process.exit(1);
}
