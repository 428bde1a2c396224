//! The fake Stytch server (`stytch_b2b_otp_sms::fake`), driven through the SDK client over
//! real HTTP on loopback; raw HTTP only where the SDK cannot send the request (bad bodies,
//! missing auth, control routes).

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use stytch_b2b_otp_sms::fake::{FakeStytch, MfaPolicy, NewMember, NewOrganization, SentSms};
use stytch_b2b_otp_sms::organizations::{Member, Organization};
use stytch_b2b_otp_sms::otp_sms::{AuthenticateRequest, AuthenticateResponse, SendRequest};
use stytch_b2b_otp_sms::{Client, Error};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

struct Env {
    fake: FakeStytch,
    client: Client,
    org: Organization,
    /// Ada, phone +15555550100.
    ada: Member,
    /// Grace, no phone.
    grace: Member,
}

const ADA_PHONE: &str = "+15555550100";

async fn env(policy: MfaPolicy) -> Env {
    let fake = FakeStytch::start().await.expect("fake starts");
    let org = fake
        .create_organization(
            NewOrganization::new("Acme Corp", "acme-corp")
                .mfa_policy(policy)
                .external_id("acme-ext"),
        )
        .unwrap();
    let ada = fake
        .create_member(
            &org.organization_id,
            NewMember::new("ada@acme.test")
                .name("Ada Lovelace")
                .phone_number(ADA_PHONE)
                .external_id("ada-ext"),
        )
        .unwrap();
    let grace = fake
        .create_member(
            &org.organization_id,
            NewMember::new("grace@acme.test").name("Grace Hopper"),
        )
        .unwrap();
    let client = fake.client();
    Env {
        fake,
        client,
        org,
        ada,
        grace,
    }
}

impl Env {
    fn org_id(&self) -> &str {
        &self.org.organization_id
    }

    fn ist(&self, member: &Member) -> String {
        self.fake
            .mint_intermediate_session_token(self.org_id(), &member.member_id)
            .unwrap()
    }

    /// Sends a code to a member (who has a phone) and returns it from the outbox.
    async fn send(&self, member: &Member) -> String {
        self.client
            .otps()
            .sms()
            .send(SendRequest::new(self.org_id(), &member.member_id))
            .await
            .unwrap();
        self.fake.last_code(&member.member_id).unwrap()
    }

    fn auth(&self, member: &Member, code: &str) -> AuthenticateRequest {
        AuthenticateRequest::new(self.org_id(), &member.member_id, code)
    }

    async fn authenticate(
        &self,
        request: AuthenticateRequest,
    ) -> Result<AuthenticateResponse, Error> {
        self.client.otps().sms().authenticate(request).await
    }

    /// A full MFA login of Ada: intermediate session, send, authenticate.
    async fn login(&self, member: &Member) -> AuthenticateResponse {
        let ist = self.ist(member);
        let code = self.send(member).await;
        self.authenticate(self.auth(member, &code).intermediate_session_token(ist))
            .await
            .unwrap()
    }

    async fn raw(&self, method: &str, path: &str, body: &str) -> (u16, Value) {
        raw(&self.fake, method, path, body, true).await
    }
}

/// Asserts a Stytch API error with this status and `error_type`, and the shape of the body.
#[track_caller]
fn expect_error<T: std::fmt::Debug>(result: Result<T, Error>, status: u16, error_type: &str) {
    let err = result.expect_err("expected an error");
    assert_eq!(
        (err.status(), err.error_type()),
        (Some(status), Some(error_type)),
        "{err}"
    );
    let Error::Api(api) = &err else {
        panic!("not an API error: {err:?}")
    };
    assert!(api.request_id.starts_with("request-id-test-"), "{api:?}");
    assert_eq!(
        api.error_url,
        format!("https://stytch.com/docs/api/errors/{status}#{error_type}")
    );
    assert!(!api.error_message.is_empty());
}

/// Asserts a raw error body.
#[track_caller]
fn expect_error_body(got: &(u16, Value), status: u16, error_type: &str) {
    let (got_status, body) = got;
    assert_eq!(*got_status, status, "{body}");
    assert_eq!(body["status_code"], status, "{body}");
    assert_eq!(body["error_type"], error_type, "{body}");
    assert!(
        body["request_id"]
            .as_str()
            .is_some_and(|id| id.starts_with("request-id-test-")),
        "{body}"
    );
    assert_eq!(
        body["error_url"],
        format!("https://stytch.com/docs/api/errors/{status}#{error_type}")
    );
    assert!(
        body["error_message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
}

async fn raw(fake: &FakeStytch, method: &str, path: &str, body: &str, auth: bool) -> (u16, Value) {
    let (status, _, body) = raw_full(fake, method, path, body, auth).await;
    (status, body)
}

async fn raw_full(
    fake: &FakeStytch,
    method: &str,
    path: &str,
    body: &str,
    auth: bool,
) -> (u16, reqwest::header::HeaderMap, Value) {
    let http = reqwest::Client::new();
    let mut request = http
        .request(
            reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
            format!("{}{path}", fake.base_url()),
        )
        .header("content-type", "application/json")
        .body(body.to_owned());
    if auth {
        request = request.basic_auth(fake.project_id(), Some(fake.secret()));
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.unwrap();
    let value = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        panic!(
            "body is not JSON ({e}): {}",
            String::from_utf8_lossy(&bytes)
        )
    });
    (status, headers, value)
}

/// Seconds since the epoch of `YYYY-MM-DDTHH:MM:SSZ`.
fn unix(ts: &str) -> i64 {
    assert_eq!(ts.len(), 20, "{ts}");
    assert!(ts.ends_with('Z') && &ts[10..11] == "T", "{ts}");
    let n = |r: std::ops::Range<usize>| ts[r].parse::<i64>().unwrap();
    let (y, m, d) = (n(0..4), n(5..7), n(8..10));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + n(11..13) * 3600 + n(14..16) * 60 + n(17..19)
}

fn fake_now(fake: &FakeStytch) -> i64 {
    fake.now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Decodes base64url without padding.
fn base64url_decode(s: &str) -> Vec<u8> {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes() {
        let v = A.iter().position(|&a| a == c).expect("base64url character") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn jwt_payload(jwt: &str) -> Value {
    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3, "{jwt}");
    let header: Value = serde_json::from_slice(&base64url_decode(parts[0])).unwrap();
    assert_eq!(header["typ"], "JWT");
    assert!(!parts[2].is_empty());
    serde_json::from_slice(&base64url_decode(parts[1])).unwrap()
}

fn claims(value: Value) -> serde_json::Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => panic!("not an object"),
    }
}

// ---------------------------------------------------------------------------------------
// Send
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn send_delivers_a_six_digit_code_to_the_outbox() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let sent = env
        .client
        .otps()
        .sms()
        .send(SendRequest::new(env.org_id(), &env.ada.member_id).locale("pt-br"))
        .await
        .unwrap();
    assert_eq!(sent.status_code, 200);
    assert!(sent.request_id.starts_with("request-id-test-"));
    assert_eq!(sent.member_id, env.ada.member_id);
    assert_eq!(sent.member.mfa_phone_number, ADA_PHONE);
    assert_eq!(sent.organization.organization_id, env.org.organization_id);

    let outbox = env.fake.outbox();
    assert_eq!(outbox.len(), 1);
    let sms: &SentSms = &outbox[0];
    assert_eq!(sms.organization_id, env.org.organization_id);
    assert_eq!(sms.member_id, env.ada.member_id);
    assert_eq!(sms.phone_number, ADA_PHONE);
    assert_eq!(sms.locale, "pt-br");
    assert_eq!(sms.code.len(), 6);
    assert!(sms.code.bytes().all(|b| b.is_ascii_digit()));
    assert!(
        (unix(&sms.sent_at) - fake_now(&env.fake)).abs() <= 5,
        "{}",
        sms.sent_at
    );
    assert_eq!(
        env.fake.last_code(&env.ada.member_id),
        Some(sms.code.clone())
    );

    // Without a locale the copy is English.
    env.send(&env.ada).await;
    assert_eq!(env.fake.outbox()[1].locale, "en");
}

#[tokio::test]
async fn responses_have_stytch_shapes() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let body = json!({"organization_id": env.org_id(), "member_id": env.ada.member_id}).to_string();
    let (status, first) = env.raw("POST", "/v1/b2b/otps/sms/send", &body).await;
    assert_eq!(status, 200, "{first}");
    let (_, second) = env.raw("POST", "/v1/b2b/otps/sms/send", &body).await;
    assert_ne!(first["request_id"], second["request_id"]);
    assert_eq!(first["status_code"], 200);

    let member = &first["member"];
    assert!(
        member["member_id"]
            .as_str()
            .unwrap()
            .starts_with("member-test-")
    );
    assert!(
        member["organization_id"]
            .as_str()
            .unwrap()
            .starts_with("organization-test-")
    );
    assert_eq!(member["status"], "active");
    assert_eq!(member["email_address"], "ada@acme.test");
    assert_eq!(member["name"], "Ada Lovelace");
    for list in [
        "sso_registrations",
        "oauth_registrations",
        "retired_email_addresses",
    ] {
        assert_eq!(member[list], json!([]), "member.{list}");
    }
    assert_eq!(member["roles"][0]["role_id"], "stytch_member");
    unix(member["created_at"].as_str().unwrap());

    let org = &first["organization"];
    assert_eq!(org["organization_slug"], "acme-corp");
    assert_eq!(org["organization_name"], "Acme Corp");
    assert_eq!(org["mfa_policy"], "REQUIRED_FOR_ALL");
    for list in [
        "sso_active_connections",
        "email_allowed_domains",
        "allowed_auth_methods",
        "allowed_mfa_methods",
        "custom_roles",
    ] {
        assert_eq!(org[list], json!([]), "organization.{list}");
    }

    // The ids the fake hands out have Stytch's uuid shape.
    let id = env.ada.member_id.strip_prefix("member-test-").unwrap();
    assert_eq!(id.len(), 36);
    assert_eq!(id.matches('-').count(), 4);
}

#[tokio::test]
async fn send_links_mfa_phone_number_to_a_member_without_phone() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let sms = env.client.otps().sms();
    let grace = SendRequest::new(env.org_id(), &env.grace.member_id);

    expect_error(
        sms.send(grace.clone()).await,
        400,
        "mfa_phone_number_required",
    );

    let sent = sms
        .send(grace.clone().mfa_phone_number("+447700900123"))
        .await
        .unwrap();
    assert_eq!(sent.member.mfa_phone_number, "+447700900123");
    assert!(!sent.member.mfa_phone_number_verified);
    assert_eq!(
        env.fake
            .member(&env.grace.member_id)
            .unwrap()
            .mfa_phone_number,
        "+447700900123"
    );
    assert_eq!(env.fake.outbox()[0].phone_number, "+447700900123");

    // Now the number is hers: the same one, or none, is fine; another one is not.
    sms.send(grace.clone().mfa_phone_number("+447700900123"))
        .await
        .unwrap();
    sms.send(grace.clone()).await.unwrap();
    expect_error(
        sms.send(grace.mfa_phone_number("+15555550199")).await,
        400,
        "mfa_phone_number_mismatch",
    );
    let ada = SendRequest::new(env.org_id(), &env.ada.member_id);
    sms.send(ada.clone().mfa_phone_number(ADA_PHONE))
        .await
        .unwrap();
    expect_error(
        sms.send(ada.mfa_phone_number("+15555550101")).await,
        400,
        "mfa_phone_number_mismatch",
    );
    assert_eq!(env.fake.outbox().len(), 4);
}

#[tokio::test]
async fn send_rejects_phone_numbers_not_in_e164() {
    let env = env(MfaPolicy::RequiredForAll).await;
    for bad in [
        "5555550123",
        "+05555550123",
        "+1",
        "+1234567890123456",
        "+1 555 555 0123",
        "+1-555-555-0123",
        "+1555abc0123",
        "tel:+15555550123",
    ] {
        let request = SendRequest::new(env.org_id(), &env.grace.member_id).mfa_phone_number(bad);
        expect_error(
            env.client.otps().sms().send(request).await,
            400,
            "invalid_phone_number",
        );
    }
    assert!(env.fake.outbox().is_empty());
    assert_eq!(
        env.fake
            .member(&env.grace.member_id)
            .unwrap()
            .mfa_phone_number,
        ""
    );
}

#[tokio::test]
async fn organizations_and_members_are_found_by_id_slug_or_external_id() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let sms = env.client.otps().sms();
    for org_key in [env.org_id(), "acme-corp", "acme-ext"] {
        for member_key in [env.ada.member_id.as_str(), "ada-ext"] {
            let sent = sms
                .send(SendRequest::new(org_key, member_key))
                .await
                .unwrap();
            assert_eq!(sent.member_id, env.ada.member_id);
            assert_eq!(sent.organization.organization_id, env.org.organization_id);
        }
    }
    // Authenticate accepts them too.
    let ist = env.ist(&env.ada);
    let code = env.fake.last_code(&env.ada.member_id).unwrap();
    let authed = env
        .authenticate(
            AuthenticateRequest::new("acme-corp", "ada-ext", code).intermediate_session_token(ist),
        )
        .await
        .unwrap();
    assert_eq!(authed.member_id, env.ada.member_id);
    assert!(
        env.fake
            .outbox()
            .iter()
            .all(|s| s.member_id == env.ada.member_id)
    );
}

#[tokio::test]
async fn unknown_organization_or_member_is_not_found() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let other = env
        .fake
        .create_organization(NewOrganization::new("Other", "other"))
        .unwrap();
    let stranger = env
        .fake
        .create_member(
            &other.organization_id,
            NewMember::new("s@other.test").phone_number("+15555550111"),
        )
        .unwrap();
    let sms = env.client.otps().sms();
    let cases = [
        (
            "organization-test-00000000-0000-4000-8000-000000000000",
            env.ada.member_id.as_str(),
            "organization_not_found",
        ),
        ("", env.ada.member_id.as_str(), "organization_not_found"),
        (
            env.org_id(),
            "member-test-00000000-0000-4000-8000-000000000000",
            "member_not_found",
        ),
        (env.org_id(), "", "member_not_found"),
        // A member of another organization is not a member of this one.
        (
            env.org_id(),
            stranger.member_id.as_str(),
            "member_not_found",
        ),
    ];
    for (org, member, error_type) in cases {
        expect_error(
            sms.send(SendRequest::new(org, member)).await,
            404,
            error_type,
        );
        let ist = env.ist(&env.ada);
        expect_error(
            sms.authenticate(
                AuthenticateRequest::new(org, member, "123456").intermediate_session_token(ist),
            )
            .await,
            404,
            error_type,
        );
    }
    assert!(env.fake.outbox().is_empty());
}

#[tokio::test]
async fn send_checks_session_arguments_when_given() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let sms = env.client.otps().sms();
    let send = || SendRequest::new(env.org_id(), &env.ada.member_id);

    // A valid intermediate session is accepted and not consumed by send.
    let ist = env.ist(&env.ada);
    sms.send(send().intermediate_session_token(&ist))
        .await
        .unwrap();
    let code = env.fake.last_code(&env.ada.member_id).unwrap();
    let authed = env
        .authenticate(env.auth(&env.ada, &code).intermediate_session_token(&ist))
        .await
        .unwrap();
    // So are the member's own session token and JWT.
    sms.send(send().session_token(&authed.session_token))
        .await
        .unwrap();
    sms.send(send().session_jwt(&authed.session_jwt))
        .await
        .unwrap();

    expect_error(
        sms.send(send().intermediate_session_token("no-such-token"))
            .await,
        404,
        "intermediate_session_not_found",
    );
    expect_error(
        sms.send(send().session_token("no-such-token")).await,
        404,
        "session_not_found",
    );
    expect_error(
        sms.send(send().session_jwt("a.b.c")).await,
        404,
        "session_not_found",
    );
    expect_error(
        sms.send(send().intermediate_session_token(env.ist(&env.grace)))
            .await,
        400,
        "session_member_mismatch",
    );
    expect_error(
        sms.send(
            SendRequest::new(env.org_id(), &env.grace.member_id)
                .session_token(&authed.session_token)
                .mfa_phone_number("+15555550177"),
        )
        .await,
        400,
        "session_member_mismatch",
    );
    expect_error(
        sms.send(
            send()
                .intermediate_session_token(env.ist(&env.ada))
                .session_token(&authed.session_token),
        )
        .await,
        400,
        "too_many_session_arguments",
    );
    assert_eq!(env.fake.outbox().len(), 3);
}

// ---------------------------------------------------------------------------------------
// Codes
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn wrong_or_foreign_codes_are_not_found_and_do_not_consume_anything() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let ist = env.ist(&env.ada);
    // No code sent yet.
    expect_error(
        env.authenticate(
            env.auth(&env.ada, "123456")
                .intermediate_session_token(&ist),
        )
        .await,
        404,
        "otp_code_not_found",
    );
    let code = env.send(&env.ada).await;
    let wrong = if code == "000000" { "000001" } else { "000000" };
    expect_error(
        env.authenticate(env.auth(&env.ada, wrong).intermediate_session_token(&ist))
            .await,
        404,
        "otp_code_not_found",
    );
    // Ada's code does not authenticate Grace.
    let grace =
        SendRequest::new(env.org_id(), &env.grace.member_id).mfa_phone_number("+15555550142");
    env.client.otps().sms().send(grace).await.unwrap();
    let grace_code = env.fake.last_code(&env.grace.member_id).unwrap();
    if grace_code != code {
        expect_error(
            env.authenticate(
                env.auth(&env.grace, &code)
                    .intermediate_session_token(env.ist(&env.grace)),
            )
            .await,
            404,
            "otp_code_not_found",
        );
    }
    // The failures consumed neither the code nor the intermediate session.
    let authed = env
        .authenticate(env.auth(&env.ada, &code).intermediate_session_token(&ist))
        .await
        .unwrap();
    assert_eq!(authed.member_id, env.ada.member_id);
}

#[tokio::test]
async fn a_new_code_invalidates_the_previous_one() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let ist = env.ist(&env.ada);
    let mut first = env.send(&env.ada).await;
    let mut second = env.send(&env.ada).await;
    // Two random codes may collide (1 in a million); draw again until they differ.
    while first == second {
        first = second;
        second = env.send(&env.ada).await;
    }
    expect_error(
        env.authenticate(env.auth(&env.ada, &first).intermediate_session_token(&ist))
            .await,
        404,
        "otp_code_not_found",
    );
    env.authenticate(env.auth(&env.ada, &second).intermediate_session_token(&ist))
        .await
        .unwrap();
}

#[tokio::test]
async fn codes_expire_after_two_minutes_on_the_fake_clock() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let code = env.send(&env.ada).await;
    env.fake.advance_clock(Duration::from_secs(100));
    env.authenticate(
        env.auth(&env.ada, &code)
            .intermediate_session_token(env.ist(&env.ada)),
    )
    .await
    .expect("a code is still valid 100 s after sending");

    let code = env.send(&env.ada).await;
    env.fake.advance_clock(Duration::from_secs(121));
    let ist = env.ist(&env.ada);
    expect_error(
        env.authenticate(env.auth(&env.ada, &code).intermediate_session_token(&ist))
            .await,
        404,
        "otp_code_not_found",
    );
    // Still expired on a second try (and the intermediate session survived the failures).
    expect_error(
        env.authenticate(env.auth(&env.ada, &code).intermediate_session_token(&ist))
            .await,
        404,
        "otp_code_not_found",
    );
    let code = env.send(&env.ada).await;
    env.authenticate(env.auth(&env.ada, &code).intermediate_session_token(&ist))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_code_cannot_be_used_twice() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let code = env.send(&env.ada).await;
    let authed = env
        .authenticate(
            env.auth(&env.ada, &code)
                .intermediate_session_token(env.ist(&env.ada)),
        )
        .await
        .unwrap();
    expect_error(
        env.authenticate(
            env.auth(&env.ada, &code)
                .intermediate_session_token(env.ist(&env.ada)),
        )
        .await,
        404,
        "otp_code_not_found",
    );
    expect_error(
        env.authenticate(
            env.auth(&env.ada, &code)
                .session_token(&authed.session_token),
        )
        .await,
        404,
        "otp_code_not_found",
    );
}

// ---------------------------------------------------------------------------------------
// Session arguments of authenticate
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn authenticate_needs_exactly_one_session_argument() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let authed = env.login(&env.ada).await;
    let code = env.send(&env.ada).await;
    let auth = || env.auth(&env.ada, &code);

    expect_error(env.authenticate(auth()).await, 400, "no_session_arguments");
    expect_error(
        env.authenticate(auth().intermediate_session_token(""))
            .await,
        400,
        "no_session_arguments",
    );
    expect_error(
        env.authenticate(
            auth()
                .intermediate_session_token(env.ist(&env.ada))
                .session_token(&authed.session_token),
        )
        .await,
        400,
        "too_many_session_arguments",
    );
    expect_error(
        env.authenticate(
            auth()
                .session_token(&authed.session_token)
                .session_jwt(&authed.session_jwt),
        )
        .await,
        400,
        "too_many_session_arguments",
    );
    expect_error(
        env.authenticate(
            auth()
                .intermediate_session_token(env.ist(&env.ada))
                .session_token(&authed.session_token)
                .session_jwt(&authed.session_jwt),
        )
        .await,
        400,
        "too_many_session_arguments",
    );
    // None of that used the code up.
    env.authenticate(auth().session_token(&authed.session_token))
        .await
        .unwrap();
}

#[tokio::test]
async fn unknown_used_expired_or_foreign_sessions_are_rejected() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let ada_session = env.login(&env.ada).await;
    let code = env.send(&env.ada).await;
    let auth = || env.auth(&env.ada, &code);

    expect_error(
        env.authenticate(auth().intermediate_session_token("no-such-token"))
            .await,
        404,
        "intermediate_session_not_found",
    );
    expect_error(
        env.authenticate(auth().session_token("no-such-token"))
            .await,
        404,
        "session_not_found",
    );
    expect_error(
        env.authenticate(auth().session_jwt("x.y.z")).await,
        404,
        "session_not_found",
    );

    // Grace's intermediate session or session cannot complete Ada's MFA.
    expect_error(
        env.authenticate(auth().intermediate_session_token(env.ist(&env.grace)))
            .await,
        400,
        "session_member_mismatch",
    );
    let grace =
        SendRequest::new(env.org_id(), &env.grace.member_id).mfa_phone_number("+15555550142");
    env.client.otps().sms().send(grace).await.unwrap();
    let grace_code = env.fake.last_code(&env.grace.member_id).unwrap();
    let grace_session = env
        .authenticate(
            env.auth(&env.grace, &grace_code)
                .intermediate_session_token(env.ist(&env.grace)),
        )
        .await
        .unwrap();
    expect_error(
        env.authenticate(auth().session_token(&grace_session.session_token))
            .await,
        400,
        "session_member_mismatch",
    );

    // An intermediate session is consumed by a successful authentication.
    let ist = env.ist(&env.ada);
    env.authenticate(auth().intermediate_session_token(&ist))
        .await
        .unwrap();
    let code = env.send(&env.ada).await;
    expect_error(
        env.authenticate(env.auth(&env.ada, &code).intermediate_session_token(&ist))
            .await,
        404,
        "intermediate_session_not_found",
    );

    // Intermediate sessions live 10 minutes, sessions as long as asked.
    let ist = env.ist(&env.ada);
    env.fake.advance_clock(Duration::from_secs(11 * 60));
    let code = env.send(&env.ada).await;
    expect_error(
        env.authenticate(env.auth(&env.ada, &code).intermediate_session_token(&ist))
            .await,
        404,
        "intermediate_session_not_found",
    );
    env.fake.advance_clock(Duration::from_secs(60 * 60));
    let code = env.send(&env.ada).await;
    expect_error(
        env.authenticate(
            env.auth(&env.ada, &code)
                .session_token(&ada_session.session_token),
        )
        .await,
        404,
        "session_not_found",
    );
    expect_error(
        env.authenticate(
            env.auth(&env.ada, &code)
                .session_jwt(&ada_session.session_jwt),
        )
        .await,
        404,
        "session_not_found",
    );
}

// ---------------------------------------------------------------------------------------
// Sessions
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn an_intermediate_session_becomes_a_member_session() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let authed = env.login(&env.ada).await;
    assert_eq!(authed.status_code, 200);
    assert!(authed.request_id.starts_with("request-id-test-"));
    assert_eq!(authed.member_id, env.ada.member_id);
    assert_eq!(authed.organization.organization_id, env.org.organization_id);
    assert!(authed.session_token.len() >= 32);

    let session = authed.member_session.as_ref().expect("member_session");
    assert!(
        session
            .member_session_id
            .starts_with("member-session-test-")
    );
    assert_eq!(session.member_id, env.ada.member_id);
    assert_eq!(session.organization_id, env.org.organization_id);
    assert_eq!(session.organization_slug, "acme-corp");
    assert_eq!(session.roles, ["stytch_member"]);
    assert_eq!(session.started_at, session.last_accessed_at);
    // Default duration: 60 minutes.
    assert_eq!(unix(&session.expires_at) - unix(&session.started_at), 3600);
    assert!((unix(&session.started_at) - fake_now(&env.fake)).abs() <= 5);

    // The primary (email) factor from the intermediate session, then the SMS factor.
    let factors = &session.authentication_factors;
    assert_eq!(factors.len(), 2, "{factors:?}");
    assert_eq!(factors[0].r#type.as_str(), "magic_link");
    let sms = &factors[1];
    assert_eq!(sms.r#type.as_str(), "otp");
    assert_eq!(sms.delivery_method.as_str(), "sms");
    let phone = sms
        .phone_number_factor
        .as_ref()
        .expect("phone_number_factor");
    assert_eq!(phone.phone_number, ADA_PHONE);
    assert!(phone.phone_id.starts_with("phone-number-test-"));
    for at in [&sms.created_at, &sms.updated_at, &sms.last_authenticated_at] {
        unix(at.as_deref().expect("factor timestamp"));
    }

    assert!(authed.member.mfa_phone_number_verified);
    assert_eq!(env.fake.member(&env.ada.member_id).unwrap(), authed.member);
}

#[tokio::test]
async fn session_tokens_and_jwts_extend_their_session() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let ist = env.ist(&env.ada);
    let code = env.send(&env.ada).await;
    let first = env
        .authenticate(
            env.auth(&env.ada, &code)
                .intermediate_session_token(ist)
                .session_duration_minutes(30),
        )
        .await
        .unwrap();
    let s1 = first.member_session.clone().unwrap();
    assert_eq!(unix(&s1.expires_at) - unix(&s1.started_at), 30 * 60);

    env.fake.advance_clock(Duration::from_secs(10 * 60));
    let code = env.send(&env.ada).await;
    let second = env
        .authenticate(
            env.auth(&env.ada, &code)
                .session_token(&first.session_token)
                .session_duration_minutes(120),
        )
        .await
        .unwrap();
    let s2 = second.member_session.clone().unwrap();
    assert_eq!(s2.member_session_id, s1.member_session_id);
    assert_eq!(second.session_token, first.session_token);
    assert_ne!(second.session_jwt, first.session_jwt);
    assert_eq!(s2.started_at, s1.started_at);
    assert!(unix(&s2.last_accessed_at) >= unix(&s1.last_accessed_at) + 600);
    assert_eq!(unix(&s2.expires_at) - unix(&s2.last_accessed_at), 120 * 60);
    // The SMS factor is refreshed, not duplicated.
    assert_eq!(s2.authentication_factors.len(), 2);

    let code = env.send(&env.ada).await;
    let third = env
        .authenticate(env.auth(&env.ada, &code).session_jwt(&second.session_jwt))
        .await
        .unwrap();
    let s3 = third.member_session.unwrap();
    assert_eq!(s3.member_session_id, s1.member_session_id);
    assert_eq!(unix(&s3.expires_at) - unix(&s3.last_accessed_at), 60 * 60);
    // Every JWT minted for the session stays usable while the session lives.
    let code = env.send(&env.ada).await;
    env.authenticate(env.auth(&env.ada, &code).session_jwt(&first.session_jwt))
        .await
        .unwrap();
}

#[tokio::test]
async fn session_duration_must_be_between_5_and_527040_minutes() {
    let env = env(MfaPolicy::RequiredForAll).await;
    for bad in [-1, 0, 4, 527_041, i32::MAX] {
        let code = env.send(&env.ada).await;
        expect_error(
            env.authenticate(
                env.auth(&env.ada, &code)
                    .intermediate_session_token(env.ist(&env.ada))
                    .session_duration_minutes(bad),
            )
            .await,
            400,
            "invalid_session_duration_minutes",
        );
    }
    for ok in [5, 527_040] {
        let code = env.send(&env.ada).await;
        let session = env
            .authenticate(
                env.auth(&env.ada, &code)
                    .intermediate_session_token(env.ist(&env.ada))
                    .session_duration_minutes(ok),
            )
            .await
            .unwrap()
            .member_session
            .unwrap();
        assert_eq!(
            unix(&session.expires_at) - unix(&session.started_at),
            i64::from(ok) * 60
        );
    }
}

#[tokio::test]
async fn custom_claims_are_merged_filtered_and_limited() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let code = env.send(&env.ada).await;
    let first = env
        .authenticate(
            env.auth(&env.ada, &code)
                .intermediate_session_token(env.ist(&env.ada))
                .session_custom_claims(claims(json!({
                    "team": "blue",
                    "plan": {"tier": "pro"},
                    "iss": "evil", "sub": "evil", "aud": "evil", "exp": 1, "nbf": 1, "iat": 1, "jti": "x",
                }))),
        )
        .await
        .unwrap();
    let session = first.member_session.as_ref().unwrap();
    assert_eq!(
        Value::Object(session.custom_claims.clone()),
        json!({"team": "blue", "plan": {"tier": "pro"}})
    );

    // The JWT carries the member, the session and the claims; reserved claims are Stytch's.
    let payload = jwt_payload(&first.session_jwt);
    assert_eq!(payload["sub"], env.ada.member_id);
    assert_eq!(payload["team"], "blue");
    assert_eq!(
        payload["https://stytch.com/session"]["id"],
        session.member_session_id
    );
    let iat = payload["iat"].as_i64().unwrap();
    assert_eq!(payload["exp"].as_i64().unwrap() - iat, 300);
    assert!((iat - unix(&session.started_at)).abs() <= 1);
    assert_eq!(payload["aud"], json!([env.fake.project_id()]));

    // Extending: a new value updates, null deletes, other keys stay.
    let code = env.send(&env.ada).await;
    let second = env
        .authenticate(
            env.auth(&env.ada, &code)
                .session_token(&first.session_token)
                .session_custom_claims(claims(
                    json!({"team": null, "region": "eu", "plan": {"tier": "max"}}),
                )),
        )
        .await
        .unwrap();
    assert_eq!(
        Value::Object(second.member_session.unwrap().custom_claims),
        json!({"plan": {"tier": "max"}, "region": "eu"})
    );
    let payload = jwt_payload(&second.session_jwt);
    assert_eq!(payload["region"], "eu");
    assert!(payload.get("team").is_none());

    // Over 4 KB of claims is refused, and the refusal consumes nothing.
    let code = env.send(&env.ada).await;
    let ist = env.ist(&env.ada);
    let big = claims(json!({"blob": "x".repeat(4100)}));
    expect_error(
        env.authenticate(
            env.auth(&env.ada, &code)
                .intermediate_session_token(&ist)
                .session_custom_claims(big),
        )
        .await,
        400,
        "session_custom_claims_too_large",
    );
    env.authenticate(env.auth(&env.ada, &code).intermediate_session_token(&ist))
        .await
        .unwrap();
}

// ---------------------------------------------------------------------------------------
// MFA enrollment
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn required_for_all_enrolls_the_member() {
    let env = env(MfaPolicy::RequiredForAll).await;
    assert!(!env.ada.mfa_enrolled);
    let ist = env.ist(&env.ada);
    let code = env.send(&env.ada).await;
    // set_mfa_enrollment is ignored under REQUIRED_FOR_ALL.
    let authed = env
        .authenticate(
            env.auth(&env.ada, &code)
                .intermediate_session_token(ist)
                .set_mfa_enrollment("unenroll"),
        )
        .await
        .unwrap();
    assert!(authed.member.mfa_enrolled);
    assert!(authed.member.mfa_phone_number_verified);
    assert_eq!(authed.member.default_mfa_method, "");
    assert!(env.fake.member(&env.ada.member_id).unwrap().mfa_enrolled);
}

#[tokio::test]
async fn optional_policy_toggles_enrollment_and_default_method() {
    let env = env(MfaPolicy::Optional).await;
    let first = env.login(&env.ada).await;
    assert!(
        !first.member.mfa_enrolled,
        "unchanged without set_mfa_enrollment"
    );

    let step = |enrollment: Option<&'static str>, default_mfa: bool| {
        let env = &env;
        let token = first.session_token.clone();
        async move {
            let code = env.send(&env.ada).await;
            let mut request = env.auth(&env.ada, &code).session_token(token);
            if let Some(e) = enrollment {
                request = request.set_mfa_enrollment(e);
            }
            if default_mfa {
                request = request.set_default_mfa(true);
            }
            env.authenticate(request).await
        }
    };
    assert!(
        step(Some("enroll"), false)
            .await
            .unwrap()
            .member
            .mfa_enrolled
    );
    assert!(step(None, false).await.unwrap().member.mfa_enrolled);
    let member = step(Some("unenroll"), true).await.unwrap().member;
    assert!(!member.mfa_enrolled);
    assert_eq!(member.default_mfa_method, "sms_otp");
    assert_eq!(
        env.fake
            .member(&env.ada.member_id)
            .unwrap()
            .default_mfa_method,
        "sms_otp"
    );
    expect_error(
        step(Some("sometimes"), false).await,
        400,
        "invalid_set_mfa_enrollment",
    );
    expect_error(
        step(Some("ENROLL"), false).await,
        400,
        "invalid_set_mfa_enrollment",
    );
}

// ---------------------------------------------------------------------------------------
// HTTP: auth, routing, bodies, control routes
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn requests_need_the_project_credentials() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let send = || SendRequest::new(env.org_id(), &env.ada.member_id);
    for (project_id, secret) in [
        (env.fake.project_id(), "secret-test-wrong"),
        ("project-test-wrong", env.fake.secret()),
    ] {
        let client = Client::builder(project_id, secret)
            .base_url(env.fake.base_url())
            .build()
            .unwrap();
        expect_error(
            client.otps().sms().send(send()).await,
            401,
            "unauthorized_credentials",
        );
    }
    let body = json!({"organization_id": env.org_id(), "member_id": env.ada.member_id}).to_string();
    for path in ["/v1/b2b/otps/sms/send", "/__fake/outbox", "/nowhere"] {
        let got = raw(&env.fake, "POST", path, &body, false).await;
        expect_error_body(&got, 401, "unauthorized_credentials");
    }
    for header in ["Basic !!!", "Bearer abc", "Basic", ""] {
        let response = reqwest::Client::new()
            .post(format!("{}/v1/b2b/otps/sms/send", env.fake.base_url()))
            .header("authorization", header)
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 401, "{header}");
    }
    assert!(env.fake.outbox().is_empty());
}

#[tokio::test]
async fn bad_bodies_get_400_naming_the_problem_and_never_crash_the_fake() {
    let env = env(MfaPolicy::RequiredForAll).await;
    for body in [
        "{",
        "",
        "not json",
        "{\"organization_id\": }",
        "[1,2",
        "{} {}",
    ] {
        for path in ["/v1/b2b/otps/sms/send", "/v1/b2b/otps/sms/authenticate"] {
            let got = env.raw("POST", path, body).await;
            expect_error_body(&got, 400, "invalid_json");
            assert!(
                got.1["error_message"].as_str().unwrap().contains("JSON"),
                "{}",
                got.1
            );
        }
    }
    let cases = [
        (
            "/v1/b2b/otps/sms/send",
            json!({"organization_id": "o"}),
            "member_id",
        ),
        (
            "/v1/b2b/otps/sms/send",
            json!({"organization_id": 1, "member_id": "m"}),
            "organization_id",
        ),
        ("/v1/b2b/otps/sms/send", json!([]), ""),
        (
            "/v1/b2b/otps/sms/authenticate",
            json!({"organization_id": "o", "member_id": "m", "code": "1", "session_duration_minutes": "ten"}),
            "session_duration_minutes",
        ),
        (
            "/v1/b2b/otps/sms/authenticate",
            json!({"organization_id": "o", "member_id": "m", "code": "1", "session_custom_claims": 5}),
            "session_custom_claims",
        ),
    ];
    for (path, body, field) in cases {
        let got = env.raw("POST", path, &body.to_string()).await;
        expect_error_body(&got, 400, "invalid_request_body");
        let message = got.1["error_message"].as_str().unwrap();
        assert!(message.contains(field), "{message}");
        assert!(got.1["error_details"]["field"].is_string(), "{}", got.1);
    }
    // Oversized bodies are refused without being read in full.
    let huge = format!(
        "{{\"organization_id\": \"{}\"}}",
        "x".repeat(2 * 1024 * 1024)
    );
    expect_error_body(
        &env.raw("POST", "/v1/b2b/otps/sms/send", &huge).await,
        413,
        "request_too_large",
    );

    // The fake is still fine.
    env.send(&env.ada).await;
}

#[tokio::test]
async fn unknown_routes_and_methods() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let (status, headers, body) =
        raw_full(&env.fake, "GET", "/v1/b2b/otps/sms/send", "", true).await;
    expect_error_body(&(status, body), 405, "method_not_allowed");
    assert_eq!(headers["allow"], "POST");
    expect_error_body(
        &env.raw("PUT", "/v1/b2b/otps/sms/authenticate", "{}").await,
        405,
        "method_not_allowed",
    );
    expect_error_body(
        &env.raw("POST", "/v1/b2b/otps/email/send", "{}").await,
        404,
        "route_not_found",
    );
    expect_error_body(&env.raw("GET", "/", "").await, 404, "route_not_found");
    expect_error_body(
        &env.raw("POST", "/__fake/outbox", "").await,
        405,
        "method_not_allowed",
    );
    expect_error_body(
        &env.raw("GET", "/__fake/intermediate_sessions", "").await,
        405,
        "method_not_allowed",
    );
    expect_error_body(
        &env.raw("GET", "/__fake/nothing", "").await,
        404,
        "route_not_found",
    );
}

#[tokio::test]
async fn control_routes_expose_outbox_sessions_and_clock() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let (status, outbox) = env.raw("GET", "/__fake/outbox", "").await;
    assert_eq!((status, outbox), (200, json!([])));

    let code = env.send(&env.ada).await;
    let (status, outbox) = env.raw("GET", "/__fake/outbox", "").await;
    assert_eq!(status, 200);
    let listed: Vec<SentSms> = serde_json::from_value(outbox).unwrap();
    assert_eq!(listed, env.fake.outbox());
    assert_eq!(listed[0].code, code);

    let body = json!({"organization_id": "acme-corp", "member_id": env.ada.member_id}).to_string();
    let (status, minted) = env
        .raw("POST", "/__fake/intermediate_sessions", &body)
        .await;
    assert_eq!(status, 200, "{minted}");
    assert!(
        minted["request_id"]
            .as_str()
            .unwrap()
            .starts_with("request-id-test-")
    );
    let ist = minted["intermediate_session_token"].as_str().unwrap();
    env.authenticate(env.auth(&env.ada, &code).intermediate_session_token(ist))
        .await
        .unwrap();

    let unknown =
        json!({"organization_id": env.org_id(), "member_id": "member-test-nope"}).to_string();
    expect_error_body(
        &env.raw("POST", "/__fake/intermediate_sessions", &unknown)
            .await,
        404,
        "member_not_found",
    );
    let unknown = json!({"organization_id": "nope", "member_id": "m"}).to_string();
    expect_error_body(
        &env.raw("POST", "/__fake/intermediate_sessions", &unknown)
            .await,
        404,
        "organization_not_found",
    );
    expect_error_body(
        &env.raw(
            "POST",
            "/__fake/intermediate_sessions",
            "{\"organization_id\": \"x\"}",
        )
        .await,
        400,
        "invalid_request_body",
    );
    expect_error_body(
        &env.raw("POST", "/__fake/intermediate_sessions", "{").await,
        400,
        "invalid_json",
    );

    // The clock route expires codes like advance_clock does.
    let code = env.send(&env.ada).await;
    let before = fake_now(&env.fake);
    let (status, clock) = env
        .raw("POST", "/__fake/clock", "{\"advance_seconds\": 121}")
        .await;
    assert_eq!(status, 200, "{clock}");
    assert!(unix(clock["now"].as_str().unwrap()) >= before + 121);
    expect_error(
        env.authenticate(
            env.auth(&env.ada, &code)
                .intermediate_session_token(env.ist(&env.ada)),
        )
        .await,
        404,
        "otp_code_not_found",
    );
    expect_error_body(
        &env.raw("POST", "/__fake/clock", "{\"advance_seconds\": -1}")
            .await,
        400,
        "invalid_request_body",
    );
}

#[tokio::test]
async fn control_api_validates_what_it_creates() {
    let fake = FakeStytch::start().await.unwrap();
    let org = fake
        .create_organization(NewOrganization::new("Acme", "acme"))
        .unwrap();
    assert_eq!(org.mfa_policy, "OPTIONAL");
    assert!(org.organization_id.starts_with("organization-test-"));
    assert_eq!(fake.organization(&org.organization_id), Some(org.clone()));

    let err = fake
        .create_organization(NewOrganization::new("Acme 2", "acme"))
        .unwrap_err();
    assert_eq!(
        (err.status, err.error_type.as_str()),
        (400, "organization_slug_already_used")
    );
    let err = fake
        .create_organization(NewOrganization::new("Acme 3", ""))
        .unwrap_err();
    assert_eq!(err.error_type, "invalid_organization_slug");
    let err = fake
        .create_organization(NewOrganization::new(" ", "blank"))
        .unwrap_err();
    assert_eq!(err.error_type, "invalid_organization_name");
    fake.create_organization(NewOrganization::new("Ext", "ext").external_id("e-1"))
        .unwrap();
    let err = fake
        .create_organization(NewOrganization::new("Ext 2", "ext-2").external_id("e-1"))
        .unwrap_err();
    assert_eq!(err.error_type, "organization_external_id_already_used");

    let err = fake
        .create_member(
            &org.organization_id,
            NewMember::new("a@acme.test").phone_number("555"),
        )
        .unwrap_err();
    assert_eq!(
        (err.status, err.error_type.as_str()),
        (400, "invalid_phone_number")
    );
    let err = fake
        .create_member("nope", NewMember::new("a@acme.test"))
        .unwrap_err();
    assert_eq!(
        (err.status, err.error_type.as_str()),
        (404, "organization_not_found")
    );
    fake.create_member("acme", NewMember::new("a@acme.test"))
        .unwrap();
    let err = fake
        .create_member("acme", NewMember::new("A@acme.test"))
        .unwrap_err();
    assert_eq!(err.error_type, "duplicate_email");
    let err = fake
        .create_member("acme", NewMember::new("not-an-email"))
        .unwrap_err();
    assert_eq!(err.error_type, "invalid_email");
    fake.create_member("acme", NewMember::new("b@acme.test").external_id("b-1"))
        .unwrap();
    let err = fake
        .create_member("acme", NewMember::new("c@acme.test").external_id("b-1"))
        .unwrap_err();
    assert_eq!(err.error_type, "duplicate_member_external_id");

    let err = fake
        .mint_intermediate_session_token(&org.organization_id, "member-test-nope")
        .unwrap_err();
    assert_eq!(
        (err.status, err.error_type.as_str()),
        (404, "member_not_found")
    );
    assert_eq!(fake.last_code("member-test-nope"), None);
    assert!(fake.member("member-test-nope").is_none());

    let seed = fake.seed().unwrap();
    assert_eq!(seed.organization.mfa_policy, "REQUIRED_FOR_ALL");
    assert_ne!(seed.member_with_phone.mfa_phone_number, "");
    assert_eq!(seed.member_without_phone.mfa_phone_number, "");
    assert!(fake.seed().is_err(), "the demo slug is taken now");
}

#[tokio::test]
async fn shutdown_stops_the_server() {
    let env = env(MfaPolicy::RequiredForAll).await;
    env.send(&env.ada).await;
    let Env {
        fake,
        client,
        org,
        ada,
        ..
    } = env;
    fake.shutdown().await;
    let err = client
        .otps()
        .sms()
        .send(SendRequest::new(&org.organization_id, &ada.member_id))
        .await
        .unwrap_err();
    assert_eq!(err.status(), None, "{err}");
}

// ---------------------------------------------------------------------------------------
// Concurrency
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_flows_keep_their_state_apart() {
    const N: usize = 1000;
    let fake = Arc::new(FakeStytch::start().await.unwrap());
    let org = fake
        .create_organization(
            NewOrganization::new("Big", "big").mfa_policy(MfaPolicy::RequiredForAll),
        )
        .unwrap();
    struct Case {
        member: Member,
        phone: String,
        ist: String,
        /// Used by the neighbour's cross-check; never consumed.
        spare_ist: String,
    }
    let cases: Arc<Vec<Case>> = Arc::new(
        (0..N)
            .map(|i| {
                let phone = format!("+1555{i:07}");
                let member = fake
                    .create_member(
                        &org.organization_id,
                        NewMember::new(format!("m{i}@big.test")).phone_number(&phone),
                    )
                    .unwrap();
                let ist = fake
                    .mint_intermediate_session_token(&org.organization_id, &member.member_id)
                    .unwrap();
                let spare_ist = fake
                    .mint_intermediate_session_token(&org.organization_id, &member.member_id)
                    .unwrap();
                Case {
                    member,
                    phone,
                    ist,
                    spare_ist,
                }
            })
            .collect(),
    );
    let client = fake.client();
    // All flows run at once, but at most this many requests are on the wire together, so
    // client and server sockets fit in a default limit of 1024 open files.
    let in_flight = Arc::new(tokio::sync::Semaphore::new(256));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..N {
        let (client, fake, cases, org_id, in_flight) = (
            client.clone(),
            Arc::clone(&fake),
            Arc::clone(&cases),
            org.organization_id.clone(),
            Arc::clone(&in_flight),
        );
        tasks.spawn(async move {
            let case = &cases[i];
            let member_id = &case.member.member_id;
            let sms = client.otps().sms();
            let permit = in_flight.acquire().await.unwrap();
            let sent = sms
                .send(SendRequest::new(&org_id, member_id))
                .await
                .unwrap();
            drop(permit);
            assert_eq!(&sent.member_id, member_id);
            let code = fake.last_code(member_id).unwrap();

            // This member's code does not authenticate the next member (unless, by a
            // one-in-a-million chance, the next member's live code is the same).
            let next = &cases[(i + 1) % N];
            if fake.last_code(&next.member.member_id).as_deref() != Some(code.as_str()) {
                let _permit = in_flight.acquire().await.unwrap();
                let crossed = sms
                    .authenticate(
                        AuthenticateRequest::new(&org_id, &next.member.member_id, &code)
                            .intermediate_session_token(&next.spare_ist),
                    )
                    .await;
                expect_error(crossed, 404, "otp_code_not_found");
            }

            let permit = in_flight.acquire().await.unwrap();
            let authed = sms
                .authenticate(
                    AuthenticateRequest::new(&org_id, member_id, &code)
                        .intermediate_session_token(&case.ist),
                )
                .await
                .unwrap();
            drop(permit);
            assert_eq!(&authed.member_id, member_id);
            assert_eq!(&authed.member.member_id, member_id);
            let session = authed.member_session.unwrap();
            assert_eq!(&session.member_id, member_id);
            let phone = session
                .authentication_factors
                .iter()
                .find_map(|f| f.phone_number_factor.as_ref())
                .unwrap();
            assert_eq!(phone.phone_number, case.phone);
            (
                member_id.clone(),
                authed.session_token,
                session.member_session_id,
            )
        });
    }
    let mut sessions = HashSet::new();
    let mut tokens = HashSet::new();
    let mut members = HashSet::new();
    while let Some(done) = tasks.join_next().await {
        let (member_id, token, session_id) = done.expect("flow task");
        assert!(members.insert(member_id));
        assert!(tokens.insert(token));
        assert!(sessions.insert(session_id));
    }
    assert_eq!(members.len(), N);

    let outbox = fake.outbox();
    assert_eq!(outbox.len(), N);
    let by_member: HashMap<&str, &SentSms> =
        outbox.iter().map(|s| (s.member_id.as_str(), s)).collect();
    assert_eq!(by_member.len(), N);
    for case in cases.iter() {
        assert_eq!(
            by_member[case.member.member_id.as_str()].phone_number,
            case.phone
        );
        assert!(fake.member(&case.member.member_id).unwrap().mfa_enrolled);
    }
}

// ---------------------------------------------------------------------------------------
// The standalone binary
// ---------------------------------------------------------------------------------------

struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_standalone_binary_starts_and_answers() {
    let mut child = KillOnDrop(
        Command::new(env!("CARGO_BIN_EXE_stytch-fake"))
            .args(["--port", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn stytch-fake"),
    );
    let stdout = child.0.stdout.take().unwrap();
    let read = tokio::task::spawn_blocking(move || {
        let mut vars = HashMap::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap();
            if let Some((key, value)) = line.split_once('=') {
                if !line.starts_with('#') {
                    vars.insert(key.to_owned(), value.to_owned());
                }
            }
            if vars.contains_key("STYTCH_MEMBER_ID_WITHOUT_PHONE") {
                break;
            }
        }
        vars
    });
    let vars = tokio::time::timeout(Duration::from_secs(60), read)
        .await
        .expect("stytch-fake printed its settings in time")
        .unwrap();
    let var = |k: &str| {
        vars.get(k)
            .unwrap_or_else(|| panic!("{k} in {vars:?}"))
            .clone()
    };
    let base_url = var("STYTCH_BASE_URL");
    assert!(base_url.starts_with("http://127.0.0.1:"), "{base_url}");
    assert_eq!(var("STYTCH_ORGANIZATION_MFA_POLICY"), "REQUIRED_FOR_ALL");

    let client = Client::builder(var("STYTCH_PROJECT_ID"), var("STYTCH_SECRET"))
        .base_url(&base_url)
        .build()
        .unwrap();
    let org = var("STYTCH_ORGANIZATION_ID");
    let member = var("STYTCH_MEMBER_ID");
    let sent = client
        .otps()
        .sms()
        .send(SendRequest::new(&org, &member))
        .await
        .unwrap();
    assert_eq!(
        sent.member.mfa_phone_number,
        var("STYTCH_MEMBER_PHONE_NUMBER")
    );
    expect_error(
        client
            .otps()
            .sms()
            .send(SendRequest::new(
                &org,
                var("STYTCH_MEMBER_ID_WITHOUT_PHONE"),
            ))
            .await,
        400,
        "mfa_phone_number_required",
    );

    // The control routes, as a test in another language would use them.
    let http = reqwest::Client::new();
    let auth = |r: reqwest::RequestBuilder| {
        r.basic_auth(var("STYTCH_PROJECT_ID"), Some(var("STYTCH_SECRET")))
    };
    let outbox: Value = serde_json::from_slice(
        &auth(http.get(format!("{base_url}/__fake/outbox")))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap(),
    )
    .unwrap();
    let code = outbox[0]["code"].as_str().unwrap().to_owned();
    let minted: Value = serde_json::from_slice(
        &auth(http.post(format!("{base_url}/__fake/intermediate_sessions")))
            .body(json!({"organization_id": org, "member_id": member}).to_string())
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap(),
    )
    .unwrap();
    let ist = minted["intermediate_session_token"].as_str().unwrap();
    let authed = client
        .otps()
        .sms()
        .authenticate(AuthenticateRequest::new(&org, &member, code).intermediate_session_token(ist))
        .await
        .unwrap();
    assert!(authed.member.mfa_enrolled);
    drop(child);
}
