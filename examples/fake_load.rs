//! Load on the fake Stytch server: many Members' send + authenticate flows at once, through
//! one SDK client over loopback. Reports flows and requests per second.
//!
//! ```sh
//! cargo run --release --example fake_load -- [MEMBERS] [IN_FLIGHT]
//! ```
//!
//! Defaults: 2,000 members, 64 flows in flight. Client and server share the machine's cores,
//! so this measures the pair, not the server alone.

use std::sync::Arc;
use std::time::Instant;

use stytch_b2b_otp_sms::fake::{FakeStytch, MfaPolicy, NewMember, NewOrganization};
use stytch_b2b_otp_sms::otp_sms::{AuthenticateRequest, SendRequest};
use tokio::sync::Semaphore;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let members: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(2_000);
    let in_flight: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(64);

    let fake = FakeStytch::start().await?;
    let org = fake.create_organization(
        NewOrganization::new("Load Test", "load-test").mfa_policy(MfaPolicy::RequiredForAll),
    )?;
    let mut flows = Vec::with_capacity(members);
    for i in 0..members {
        let member = fake.create_member(
            &org.organization_id,
            NewMember::new(format!("member{i}@load.test")).phone_number(format!("+1555{i:07}")),
        )?;
        let ist = fake.mint_intermediate_session_token(&org.organization_id, &member.member_id)?;
        flows.push((member.member_id, ist));
    }

    let fake = Arc::new(fake);
    let client = fake.client();
    let limit = Arc::new(Semaphore::new(in_flight));
    let org_id = Arc::new(org.organization_id);
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for (member_id, ist) in flows {
        let (fake, client, limit, org_id) =
            (fake.clone(), client.clone(), limit.clone(), org_id.clone());
        tasks.spawn(async move {
            let _permit = limit.acquire().await.expect("semaphore open");
            let sms = client.otps().sms();
            sms.send(SendRequest::new(org_id.as_str(), member_id.as_str()))
                .await?;
            let code = fake.last_code(&member_id).expect("code in the outbox");
            sms.authenticate(
                AuthenticateRequest::new(org_id.as_str(), member_id.as_str(), code)
                    .intermediate_session_token(ist),
            )
            .await?;
            Ok::<(), stytch_b2b_otp_sms::Error>(())
        });
    }
    let mut failures = 0;
    while let Some(result) = tasks.join_next().await {
        if !matches!(result, Ok(Ok(()))) {
            failures += 1;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "{members} send+authenticate flows, {in_flight} in flight: {:.2} s, {:.0} flows/s, {:.0} requests/s, {failures} failures",
        elapsed,
        members as f64 / elapsed,
        2.0 * members as f64 / elapsed
    );
    Ok(())
}
