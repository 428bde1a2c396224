//! The whole SMS MFA flow in one command: send a code, read it, authenticate it.
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! With no credentials in the environment it starts a local fake Stytch in-process and runs
//! a real login there: an email magic link (its token read from the fake's email outbox),
//! whose authentication asks for MFA and texts the member a code on its own, then that code
//! (read from the fake's SMS outbox). With `STYTCH_PROJECT_ID` and `STYTCH_SECRET` set it talks
//! to the real API instead and asks for the code on stdin; it then also needs
//! `STYTCH_ORGANIZATION_ID` and `STYTCH_MEMBER_ID`, and takes `STYTCH_PHONE_NUMBER` (for a
//! member without a phone) and `STYTCH_INTERMEDIATE_SESSION_TOKEN` (from the member's primary
//! login) when set.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use stytch_b2b_otp_sms::otp_sms::{AuthenticateRequest, AuthenticateResponse, SendRequest};
use stytch_b2b_otp_sms::{Client, Error, magic, magic_links_email};
use stytch_b2b_otp_sms_fake::FakeStytch;

#[tokio::main]
async fn main() -> ExitCode {
    let project_id = env("STYTCH_PROJECT_ID");
    let secret = env("STYTCH_SECRET");
    let result = match (project_id, secret) {
        (None, None) => with_fake().await,
        (Some(project_id), Some(secret)) => with_real_api(project_id, secret).await,
        (Some(_), None) => Err("STYTCH_PROJECT_ID is set but STYTCH_SECRET is not: set both to use the real API, or neither to use the local fake.".into()),
        (None, Some(_)) => Err("STYTCH_SECRET is set but STYTCH_PROJECT_ID is not: set both to use the real API, or neither to use the local fake.".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("quickstart: {message}");
            ExitCode::FAILURE
        }
    }
}

/// A non-empty environment variable.
fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn required(name: &str) -> Result<String, String> {
    env(name).ok_or_else(|| {
        format!("{name} is not set (needed with STYTCH_PROJECT_ID and STYTCH_SECRET).")
    })
}

fn api_error(step: &str, e: &Error) -> String {
    format!("{step} failed: {e}")
}

async fn with_fake() -> Result<(), String> {
    let fake = FakeStytch::start()
        .await
        .map_err(|e| format!("could not start the local fake: {e}"))?;
    let seed = fake
        .seed()
        .map_err(|e| format!("could not seed the fake: {e}"))?;
    let org = &seed.organization;
    let member = &seed.member_with_phone;
    println!(
        "No STYTCH_PROJECT_ID/STYTCH_SECRET set: using a local fake Stytch at {}",
        fake.base_url()
    );
    println!(
        "Organization  {} ({}), MFA policy {}",
        org.organization_name, org.organization_id, org.mfa_policy
    );
    println!(
        "Member        {} <{}> ({})",
        member.name, member.email_address, member.member_id
    );

    // The primary login: an email magic link, its token read from the fake's email outbox.
    let client = fake.client();
    client
        .magic_links()
        .email()
        .login_or_signup(magic_links_email::LoginOrSignupRequest::new(
            &org.organization_id,
            &member.email_address,
        ))
        .await
        .map_err(|e| api_error("magic link send", &e))?;
    let token = fake
        .last_email(&member.email_address)
        .and_then(|email| email.token)
        .ok_or("the fake sent no magic link")?;
    println!(
        "Emailed link  to {} (token read from the fake's email outbox)",
        member.email_address
    );
    let primary = client
        .magic_links()
        .authenticate(magic::AuthenticateRequest::new(token))
        .await
        .map_err(|e| api_error("magic link authenticate", &e))?;
    // The organization requires MFA: no session yet, but an intermediate session token, and
    // Stytch (like the fake) has already texted a code to the member's phone.
    let texted = primary
        .mfa_required
        .as_ref()
        .and_then(|mfa| mfa.secondary_auth_initiated.as_deref());
    println!(
        "Magic link    authenticated: MFA required, SMS sent: {}",
        yes_no(texted == Some("sms_otp"))
    );
    let ist = primary.intermediate_session_token;
    let code = fake
        .last_code(&member.member_id)
        .ok_or("the fake sent no SMS")?;
    println!(
        "Texted code   {code} to {} (read from the fake's SMS outbox)",
        member.mfa_phone_number
    );

    let authed = client
        .otps()
        .sms()
        .authenticate(
            AuthenticateRequest::new(&org.organization_id, &member.member_id, code)
                .intermediate_session_token(ist)
                .session_duration_minutes(60),
        )
        .await
        .map_err(|e| api_error("authenticate", &e))?;
    print_session(&authed);
    fake.shutdown().await;
    Ok(())
}

async fn with_real_api(project_id: String, secret: String) -> Result<(), String> {
    let organization_id = required("STYTCH_ORGANIZATION_ID")?;
    let member_id = required("STYTCH_MEMBER_ID")?;
    let phone = env("STYTCH_PHONE_NUMBER");
    let ist = env("STYTCH_INTERMEDIATE_SESSION_TOKEN");
    let client: Client = Client::builder(project_id, secret)
        .build()
        .map_err(|e| format!("invalid credentials: {e}"))?;
    println!("Using the Stytch API at {}", client.base_url());
    let sms = client.otps().sms();

    let mut send = SendRequest::new(&organization_id, &member_id);
    if let Some(phone) = &phone {
        send = send.mfa_phone_number(phone);
    }
    let sent = sms.send(send).await.map_err(|e| api_error("send", &e))?;
    println!(
        "Member        {} <{}> ({})",
        sent.member.name, sent.member.email_address, sent.member_id
    );
    println!("Sent code     to {}", sent.member.mfa_phone_number);

    let Some(ist) = ist else {
        println!(
            "STYTCH_INTERMEDIATE_SESSION_TOKEN is not set, so stopping here: authenticating needs the intermediate session token from the member's primary login (e.g. an email magic link)."
        );
        return Ok(());
    };
    print!("Enter the code from the SMS: ");
    let _ = std::io::stdout().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("could not read the code from stdin: {e}"))?;
    let code = line.trim();
    if code.is_empty() {
        return Err("no code entered.".into());
    }
    let authed = sms
        .authenticate(
            AuthenticateRequest::new(&organization_id, &member_id, code)
                .intermediate_session_token(ist)
                .session_duration_minutes(60),
        )
        .await
        .map_err(|e| match e.error_type() {
            Some("otp_code_not_found") => "authenticate failed: wrong or expired code.".to_owned(),
            _ => api_error("authenticate", &e),
        })?;
    print_session(&authed);
    Ok(())
}

fn print_session(authed: &AuthenticateResponse) {
    let member = &authed.member;
    println!(
        "Authenticated {} <{}>: phone {} verified: {}, MFA enrolled: {}",
        member.name,
        member.email_address,
        member.mfa_phone_number,
        yes_no(member.mfa_phone_number_verified),
        yes_no(member.mfa_enrolled)
    );
    if let Some(session) = &authed.member_session {
        println!(
            "Session       {} expires {}",
            session.member_session_id, session.expires_at
        );
        let factors: Vec<String> = session
            .authentication_factors
            .iter()
            .map(|f| {
                let via = f
                    .phone_number_factor
                    .as_ref()
                    .map(|p| format!(" {}", p.phone_number))
                    .or_else(|| {
                        f.email_factor
                            .as_ref()
                            .map(|e| format!(" {}", e.email_address))
                    })
                    .unwrap_or_default();
                format!("{} via {}{via}", f.r#type, f.delivery_method)
            })
            .collect();
        println!("Factors       {}", factors.join(", "));
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}
