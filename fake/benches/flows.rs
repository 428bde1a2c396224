//! Send + authenticate flows per second through the SDK client against the fake over
//! loopback: the fake's throughput, with client and server sharing the machine's cores.
//!
//! ```sh
//! cargo bench -p stytch-b2b-otp-sms-fake --bench flows            # 5 rounds of each case
//! cargo bench -p stytch-b2b-otp-sms-fake --bench flows -- 2000 64 9  # MEMBERS IN_FLIGHT ROUNDS
//! ```
//!
//! Cases: 1,000 members all in flight at once (as the `load` test runs them) and 2,000
//! members with 64 in flight. Each round starts a fresh fake; the median round is reported.
//! Every flow signs one RS256 session JWT, as Stytch does.

use std::sync::Arc;
use std::time::Instant;

use stytch_b2b_otp_sms::otp_sms::{AuthenticateRequest, SendRequest};
use stytch_b2b_otp_sms_fake::{FakeStytch, MfaPolicy, NewMember, NewOrganization};
use tokio::sync::Semaphore;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// One round: `members` flows, at most `in_flight` at once; returns flows per second.
async fn round(members: usize, in_flight: usize) -> Result<f64, BoxError> {
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
    let org_id: Arc<str> = org.organization_id.into();
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for (member_id, ist) in flows {
        let (fake, client, limit, org_id) =
            (fake.clone(), client.clone(), limit.clone(), org_id.clone());
        tasks.spawn(async move {
            let _permit = limit.acquire().await?;
            let sms = client.otps().sms();
            sms.send(
                SendRequest::new(&*org_id, member_id.as_str()).intermediate_session_token(&ist),
            )
            .await?;
            let code = fake.last_code(&member_id).ok_or("no code in the outbox")?;
            let authed = sms
                .authenticate(
                    AuthenticateRequest::new(&*org_id, member_id.as_str(), code)
                        .intermediate_session_token(ist),
                )
                .await?;
            if authed.session_jwt.split('.').count() != 3 {
                return Err("no session JWT".into());
            }
            Ok::<(), BoxError>(())
        });
    }
    while let Some(result) = tasks.join_next().await {
        result??;
    }
    Ok(members as f64 / started.elapsed().as_secs_f64())
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    // `cargo bench` passes `--bench`; ignore flags.
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .map(|a| a.parse())
        .collect::<Result<_, _>>()
        .map_err(|e| format!("arguments are MEMBERS IN_FLIGHT ROUNDS (numbers): {e}"))?;
    let cases = match args.as_slice() {
        [] => vec![(1_000, 1_000, 5), (2_000, 64, 5)],
        [members, in_flight] => vec![(*members, *in_flight, 5)],
        [members, in_flight, rounds] => vec![(*members, *in_flight, *rounds)],
        _ => return Err("arguments are MEMBERS IN_FLIGHT [ROUNDS]".into()),
    };
    for (members, in_flight, rounds) in cases {
        let mut rates = Vec::with_capacity(rounds);
        for _ in 0..rounds.max(1) {
            rates.push(round(members, in_flight).await?);
        }
        rates.sort_by(f64::total_cmp);
        println!(
            "flows/{members}x{in_flight}: median {:.0} flows/s ({:.0} requests/s), min {:.0}, max {:.0}, {} rounds",
            rates[rates.len() / 2],
            2.0 * rates[rates.len() / 2],
            rates[0],
            rates[rates.len() - 1],
            rates.len()
        );
    }
    Ok(())
}
