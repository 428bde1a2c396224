//! The SMS MFA flow with the blocking client, for programs without an async runtime.
//!
//! ```text
//! cargo run --example blocking --features blocking
//! ```
//!
//! It starts a local fake Stytch on a Tokio runtime of its own (the fake is async; the
//! program's own code is not) and runs send and authenticate against it.

use std::process::ExitCode;

use stytch_b2b_otp_sms::Client;
use stytch_b2b_otp_sms::otp_sms::{AuthenticateRequest, SendRequest};
use stytch_b2b_otp_sms_fake::FakeStytch;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    // Only the fake needs a runtime; it serves from the runtime's worker threads.
    let runtime = tokio::runtime::Runtime::new()?;
    let fake = runtime.block_on(FakeStytch::start())?;
    let seed = fake.seed()?;
    let (org, member) = (&seed.organization, &seed.member_without_phone);
    let ist = fake.mint_intermediate_session_token(&org.organization_id, &member.member_id)?;

    let client = Client::builder(fake.project_id(), fake.secret())
        .base_url(fake.base_url())
        .build_blocking()?;
    let sms = client.otps().sms();
    sms.send(
        SendRequest::new(&org.organization_id, &member.member_id)
            .mfa_phone_number("+15555550123")
            .intermediate_session_token(&ist),
    )?;
    let code = fake
        .last_code(&member.member_id)
        .ok_or("the fake sent no SMS")?;
    let authed = sms.authenticate(
        AuthenticateRequest::new(&org.organization_id, &member.member_id, code)
            .intermediate_session_token(&ist)
            .session_duration_minutes(60),
    )?;
    let session = authed.member_session.ok_or("no session in the answer")?;
    println!(
        "{} is logged in; the session expires at {}",
        authed.member.email_address, session.expires_at
    );
    drop(client);
    runtime.block_on(fake.shutdown());
    Ok(())
}
