//! The whole state exported and imported: `GET`/`PUT /__fake/state`,
//! `FakeStytch::export_state`/`import_state`, `FakeStytchBuilder::import_state` as the
//! starting state a reset returns to, and the CLI's `--import` and `--export-on-exit`.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::support::*;
use stytch_b2b_otp_sms::oauth::AuthenticateRequest as OAuthAuthenticate;
use stytch_b2b_otp_sms::password::{AuthenticateRequest as PasswordAuthenticate, *};
use stytch_b2b_otp_sms::scim_connection::CreateRequest as ScimCreate;
use stytch_b2b_otp_sms::sessions::AuthenticateRequest as SessionAuthenticate;
use stytch_b2b_otp_sms::sso::AuthenticateRequest as SsoAuthenticate;
use stytch_b2b_otp_sms::sso_saml::{CreateConnectionRequest, UpdateConnectionRequest};
use stytch_b2b_otp_sms_fake::{OAuthUser, SsoUser};

const STRONG: &str = "violet-anchor-maple-91-quartz";

/// What the populated state holds that a test redeems after an import.
struct Held {
    session_token: String,
    sso_token: String,
    oauth_token: String,
}

/// Fills a fake with a bit of every concept: a session, a migrated scrypt password, an
/// active SAML connection and an unredeemed IdP token, an OAuth token, a SCIM connection, an
/// emailed magic link, custom roles, rate limits and a moved clock.
async fn populate(env: &Env) -> Held {
    let session_token = env.login(&env.ada).await.session_token;
    let migrate = MigrateRequest::new(
        "sc@acme.test",
        "UOErzgSG2Ekcps0ep6Ejoejyq3gW7ds0Jr9DON+Axq0=",
        MigrateRequestHashType::Scrypt,
        env.org_id(),
    )
    .scrypt_config(ScryptConfig::new(
        "c3R5dGNoLWZha2Utc2FsdA==",
        1024,
        8,
        1,
        32,
    ));
    env.client.passwords().migrate(migrate).await.unwrap();
    let saml = env.client.sso().saml().connections();
    let created = saml
        .create(CreateConnectionRequest::new(env.org_id()).display_name("Okta"))
        .await
        .unwrap()
        .connection
        .unwrap();
    let update = UpdateConnectionRequest::new(env.org_id(), &created.connection_id)
        .idp_sso_url("https://idp.test/sso")
        .idp_entity_id("https://idp.test/entity")
        .x509_certificate("-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----");
    saml.update(update).await.unwrap();
    let sso_token = env
        .fake
        .sso_login(&created.connection_id, SsoUser::new("grace@acme.test"))
        .unwrap()
        .sso_token;
    let oauth_token = env
        .fake
        .oauth_login(
            "google",
            OAuthUser::organization("grace@acme.test", env.org_id()),
        )
        .unwrap()
        .token;
    env.client
        .scim()
        .connection()
        .create(ScimCreate::new(env.org_id()).display_name("Directory"))
        .await
        .unwrap();
    let body = json!({"organization_id": env.org_id(), "email_address": "grace@acme.test"});
    let (status, _) = env
        .raw(
            "POST",
            "/v1/b2b/magic_links/email/login_or_signup",
            &body.to_string(),
        )
        .await;
    assert_eq!(status, 200);
    env.fake
        .set_rate_limits(RateLimits::none().per_member(RateLimit::new(9, Duration::from_secs(60))))
        .unwrap();
    env.fake.advance_clock(Duration::from_secs(90)).unwrap();
    Held {
        session_token,
        sso_token,
        oauth_token,
    }
}

async fn get_state(fake: &FakeStytch) -> Value {
    let (status, body) = raw(fake, "GET", "/__fake/state", "", true).await;
    assert_eq!(status, 200, "{body}");
    body
}

#[tokio::test]
async fn export_reset_import_export_gives_the_same_json_and_the_state_works() {
    let env = env(MfaPolicy::Optional).await;
    let held = populate(&env).await;
    let exported = env.fake.export_state().unwrap();
    assert_eq!(exported["version"], 1);
    assert_eq!(get_state(&env.fake).await, exported, "HTTP and Rust agree");
    let text = serde_json::to_string(&exported).unwrap();
    for secret in [&held.session_token, &held.sso_token, &held.oauth_token] {
        assert!(
            text.contains(secret.as_str()),
            "the state keeps live tokens"
        );
    }

    env.fake.reset().unwrap();
    assert!(env.fake.organization(env.org_id()).is_none());
    let (status, answer) = raw(&env.fake, "PUT", "/__fake/state", &text, true).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["imported"]["organizations"], 1);
    assert_eq!(answer["imported"]["members"], 3);
    assert_eq!(answer["imported"]["sessions"], 1);
    assert_eq!(get_state(&env.fake).await, exported, "export after import");
    assert_eq!(env.fake.rate_limits().per_member.unwrap().max(), 9);
    assert_eq!(env.fake.outbox().len(), 1);
    assert_eq!(env.fake.emails().len(), 1);

    redeem_after_import(&env, &held).await;
}

/// Everything imported works: the session, the migrated password, the IdP and OAuth
/// tokens, and the lookups rebuilt on import (slug, external id, email).
async fn redeem_after_import(env: &Env, held: &Held) {
    let client = &env.client;
    let session = client
        .sessions()
        .authenticate(SessionAuthenticate::default().session_token(&held.session_token))
        .await
        .unwrap();
    assert_eq!(session.member.member_id, env.ada.member_id);
    let login = PasswordAuthenticate::new(env.org_id(), "sc@acme.test", STRONG);
    client.passwords().authenticate(login).await.unwrap();
    let sso = client
        .sso()
        .authenticate(SsoAuthenticate::new(&held.sso_token))
        .await
        .unwrap();
    assert_eq!(sso.member.email_address, "grace@acme.test");
    let oauth = client
        .oauth()
        .authenticate(OAuthAuthenticate::new(&held.oauth_token))
        .await
        .unwrap();
    assert_eq!(oauth.member.email_address, "grace@acme.test");
    let by_slug = client
        .organizations()
        .get(stytch_b2b_otp_sms::organizations::GetRequest::new(
            "acme-corp",
        ))
        .await
        .unwrap();
    assert_eq!(by_slug.organization.organization_id, env.org_id());
    let path = format!(
        "/v1/b2b/organizations/{}/member?member_id=ada-ext",
        env.org_id()
    );
    let by_external_id = env.raw("GET", &path, "").await;
    assert_eq!(by_external_id.0, 200, "{}", by_external_id.1);
    assert_eq!(
        by_external_id.1["member"]["member_id"],
        env.ada.member_id.as_str()
    );
    // The email index is back: a new member with Ada's address is refused.
    let body = json!({"email_address": "ADA@acme.test"}).to_string();
    let path = format!("/v1/b2b/organizations/{}/members", env.org_id());
    let duplicate = env.raw("POST", &path, &body).await;
    expect_error_body(&duplicate, 400, "duplicate_member_email");
}

/// Each broken file is refused with its error, naming what is wrong, and nothing changes.
#[tokio::test]
async fn a_future_or_broken_file_is_refused_and_the_state_is_untouched() {
    let env = env(MfaPolicy::Optional).await;
    env.login(&env.ada).await;
    let before = env.fake.export_state().unwrap();
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut file = before.clone();
        f(&mut file);
        file
    };
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            edit(&|v| v["version"] = json!(2)),
            "unsupported_state_version",
            "version 2",
        ),
        (
            edit(&|v| v["version"] = json!("1")),
            "invalid_state",
            "`version`",
        ),
        (
            edit(&|v| drop(v.as_object_mut().unwrap().remove("version"))),
            "invalid_state",
            "no `version`",
        ),
        (
            edit(&|v| v["state"]["members"][0]["member"]["email_address"] = json!(5)),
            "invalid_state",
            "state.members[0].member.email_address",
        ),
        (
            edit(&|v| v["state"]["nonsense"] = json!(true)),
            "invalid_state",
            "nonsense",
        ),
        (
            edit(&|v| v["state"]["organizations"] = json!({})),
            "invalid_state",
            "not in the state",
        ),
        (edit(&|v| v["extra"] = json!(1)), "invalid_state", "`extra`"),
        (
            edit(&|v| {
                v["state"]["rate_limits"]["per_member"] =
                    json!({"max": 1, "window": {"secs": 0, "nanos": 0}})
            }),
            "invalid_state",
            "`state.rate_limits.per_member` must be between 1 and",
        ),
        (json!([1, 2]), "invalid_state", "JSON object"),
    ];
    for (file, error_type, names) in cases {
        let error = env.fake.import_state(file.clone()).unwrap_err();
        assert_eq!(error.error_type, error_type, "{error}");
        assert!(
            error.message.contains(names),
            "{names:?} in {}",
            error.message
        );
        let answer = raw(&env.fake, "PUT", "/__fake/state", &file.to_string(), true).await;
        expect_error_body(&answer, 400, error_type);
        assert_eq!(
            env.fake.export_state().unwrap(),
            before,
            "untouched after {names}"
        );
    }
    let not_json = raw(&env.fake, "PUT", "/__fake/state", "{\"version\": 1,", true).await;
    expect_error_body(&not_json, 400, "invalid_state");
    let anonymous = raw(&env.fake, "GET", "/__fake/state", "", false).await;
    assert_eq!(anonymous.0, 401);
    assert_eq!(env.fake.export_state().unwrap(), before);
}

#[tokio::test]
async fn a_fake_started_from_a_state_resets_to_it() {
    let env = env(MfaPolicy::Optional).await;
    populate(&env).await;
    let exported = env.fake.export_state().unwrap();
    let fake = FakeStytch::builder()
        .import_state(exported.clone())
        .start()
        .await
        .unwrap();
    assert_eq!(fake.export_state().unwrap(), exported);
    fake.create_organization(NewOrganization::new("Other", "other-org"))
        .unwrap();
    fake.advance_clock(Duration::from_secs(3600)).unwrap();
    fake.reset().unwrap();
    assert_eq!(fake.export_state().unwrap(), exported);

    let mut future = exported.clone();
    future["version"] = json!(99);
    let refused = FakeStytch::builder().import_state(future).start().await;
    let Err(error) = refused else {
        panic!("a future file is refused")
    };
    assert!(error.to_string().contains("version 99"), "{error}");
}

/// The binary, killed on drop.
struct Fake(Child);

impl Drop for Fake {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `stytch-fake` with `args` and reads its start-up lines: base URL, project id
/// and secret, and whether it started from an imported state.
fn spawn(args: &[&str]) -> (Fake, [String; 3], bool) {
    let mut child = Fake(
        Command::new(env!("CARGO_BIN_EXE_stytch-fake"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn stytch-fake"),
    );
    let stdout = BufReader::new(child.0.stdout.take().unwrap());
    let (mut vars, mut imported) = (Vec::new(), false);
    for line in stdout.lines() {
        let line = line.unwrap();
        imported |= line.starts_with("# Started from the imported state");
        for key in ["STYTCH_BASE_URL=", "STYTCH_PROJECT_ID=", "STYTCH_SECRET="] {
            if let Some(value) = line.strip_prefix(key) {
                vars.push(value.to_owned());
            }
        }
        if line.starts_with("# Serving until") {
            break;
        }
    }
    let vars: [String; 3] = vars.try_into().expect("the start-up lines");
    (child, vars, imported)
}

async fn cli_state(vars: &[String; 3]) -> Value {
    let response = http()
        .get(format!("{}/__fake/state", vars[0]))
        .basic_auth(&vars[1], Some(&vars[2]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
}

#[cfg(unix)]
#[tokio::test]
async fn the_binary_exports_on_exit_and_starts_from_the_file() {
    let dir = std::env::temp_dir().join(format!("stytch-fake-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.json");
    let file_arg = file.to_str().unwrap();
    let (mut first, vars, imported) = spawn(&["--export-on-exit", file_arg]);
    assert!(!imported);
    let state = cli_state(&vars).await;
    assert!(state["state"]["organizations"].as_object().unwrap().len() == 1);
    // SIGTERM: the fake writes its state and exits cleanly.
    let pid = i32::try_from(first.0.id()).unwrap();
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let status = first.0.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let written: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(written, state);

    let (_second, vars, imported) = spawn(&["--import", file_arg]);
    assert!(imported, "no demo data is seeded beside an imported state");
    assert_eq!(cli_state(&vars).await, state);

    let mut future = state.clone();
    future["version"] = json!(2);
    std::fs::write(&file, future.to_string()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_stytch-fake"))
        .args(["--import", file_arg])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot import") && stderr.contains("version 2"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
