//! Passwords through the SDK client: the strength check, setting a password through the
//! emailed reset link, authenticating (and the user lock), migrating hashes of every type
//! (made here by implementations other than the fake's verifiers), the reset flows and
//! discovery; `refusals`: resets refused for their other arguments change nothing, and
//! pending password logins answer the intermediate session token they joined.

mod discovery;
mod logins;
mod migrate;
mod refusals;
mod resets;

use std::num::NonZeroU32;
use std::time::Duration;

use crate::support::*;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use stytch_b2b_otp_sms::password::{
    Argon2Config, AuthenticateRequest as PasswordAuth, MD5Config, MigrateRequest,
    MigrateRequestHashType as HashType, PBKDF2Config, SHA1Config, SHA512Config, ScryptConfig,
    StrengthCheckRequest,
};
use stytch_b2b_otp_sms::passwords_discovery::AuthenticateRequest as DiscoveryAuth;
use stytch_b2b_otp_sms::passwords_discovery_email::{
    ResetRequest as DiscoveryReset, ResetStartRequest as DiscoveryResetStart,
};
use stytch_b2b_otp_sms::passwords_email::{RequireResetRequest, ResetRequest, ResetStartRequest};
use stytch_b2b_otp_sms::passwords_existing_password::ResetRequest as ExistingReset;
use stytch_b2b_otp_sms::passwords_session::ResetRequest as SessionReset;
use stytch_b2b_otp_sms::sessions::AuthenticateRequest as SessionAuth;
use stytch_b2b_otp_sms::{RetryPolicy, password};
use stytch_b2b_otp_sms_fake::EmailKind;

/// A password zxcvbn rates 4.
const STRONG: &str = "violet-anchor-maple-91-quartz";
const STRONGER: &str = "harbor lantern 47 sequoia drift";

fn auth(env: &Env, email: &str, pw: &str) -> PasswordAuth {
    PasswordAuth::new(env.org_id(), email, pw)
}

async fn authenticate(
    env: &Env,
    email: &str,
    pw: &str,
) -> Result<password::AuthenticateResponse, Error> {
    env.client
        .passwords()
        .authenticate(auth(env, email, pw))
        .await
}

/// The token of the last email of `kind` to `email`, checking its link.
/// Starts an emailed password reset of `email` in the test organization; answers the
/// reset token from the email outbox.
async fn start_email_reset(env: &Env, email: &str) -> String {
    env.client
        .passwords()
        .email()
        .reset_start(ResetStartRequest::new(env.org_id(), email))
        .await
        .unwrap();
    emailed_token(
        env,
        email,
        EmailKind::PasswordReset,
        "multi_tenant_passwords",
    )
}

fn emailed_token(env: &Env, email: &str, kind: EmailKind, token_type: &str) -> String {
    let sent = env.fake.last_email(email).expect("an email was sent");
    assert_eq!(sent.kind, kind);
    let token = sent.token.expect("a link's token");
    let url = sent.url.expect("a link");
    assert!(
        url.contains(&format!("stytch_token_type={token_type}")),
        "{url}"
    );
    assert!(url.contains("token="), "{url}");
    token
}

/// Sets a member's password through the emailed reset link; answers the reset's response.
async fn set_password(
    env: &Env,
    member: &Member,
    pw: &str,
) -> stytch_b2b_otp_sms::passwords_email::ResetResponse {
    let email = &member.email_address;
    env.client
        .passwords()
        .email()
        .reset_start(ResetStartRequest::new(&member.organization_id, email))
        .await
        .unwrap();
    let token = emailed_token(
        env,
        email,
        EmailKind::PasswordReset,
        "multi_tenant_passwords",
    );
    env.client
        .passwords()
        .email()
        .reset(ResetRequest::new(token, pw))
        .await
        .unwrap()
}

fn factor_kinds(
    session: &Option<stytch_b2b_otp_sms::sessions::MemberSession>,
) -> Vec<(String, String)> {
    session
        .as_ref()
        .expect("a member session")
        .authentication_factors
        .iter()
        .map(|f| {
            (
                f.r#type.as_str().to_owned(),
                f.delivery_method.as_str().to_owned(),
            )
        })
        .collect()
}

async fn session_alive(env: &Env, token: &str) -> bool {
    env.client
        .sessions()
        .authenticate(SessionAuth::new().session_token(token))
        .await
        .is_ok()
}

#[tokio::test]
async fn strength_check_uses_zxcvbn_and_the_breach_list() {
    let env = env(MfaPolicy::Optional).await;
    let check = |pw: &str| {
        env.client
            .passwords()
            .strength_check(StrengthCheckRequest::new(pw))
    };

    let weak = check("password").await.unwrap();
    assert!(
        !weak.valid_password && weak.breached_password && weak.score < 3,
        "{weak:?}"
    );
    assert_eq!(weak.strength_policy, "zxcvbn");
    assert!(weak.breach_detection_on_create);
    let feedback = weak.zxcvbn_feedback.unwrap();
    assert!(
        !feedback.warning.is_empty() && !feedback.suggestions.is_empty(),
        "{feedback:?}"
    );
    let luds = weak.luds_feedback.unwrap();
    assert!(luds.has_lower_case && !luds.has_upper_case && !luds.has_digit && !luds.has_symbol);

    let strong = check(STRONG).await.unwrap();
    assert!(
        strong.valid_password && !strong.breached_password && strong.score >= 3,
        "{strong:?}"
    );
    assert_eq!(strong.zxcvbn_feedback.unwrap().warning, "");

    // Rated strong by zxcvbn, yet famous from breaches.
    let famous = check("correcthorsebatterystaple").await.unwrap();
    assert!(famous.score >= 3 && famous.breached_password && !famous.valid_password);

    // The email address counts as a guess.
    let own = env
        .client
        .passwords()
        .strength_check(
            StrengthCheckRequest::new("adalovelace1815").email_address("adalovelace1815@acme.test"),
        )
        .await
        .unwrap();
    assert!(!own.valid_password, "{own:?}");
}
