//! A long-running fake's memory: many sends (or whole logins), with codes, intermediate
//! sessions and sessions expiring on the fake clock, and the process's resident set size (RSS)
//! sampled along the way.
//!
//! ```sh
//! cargo bench -p stytch-b2b-otp-sms-fake --bench soak                         # 1,000,000 sends
//! cargo bench -p stytch-b2b-otp-sms-fake --bench soak -- 100000 1000           # SENDS MEMBERS
//! cargo bench -p stytch-b2b-otp-sms-fake --bench soak -- --logins 100000 1000  # LOGINS MEMBERS
//! ```
//!
//! With `--logins`, each step is a whole login of a recycled member instead of a send: an email
//! magic link read from the email outbox, authenticated into an intermediate session (the
//! organization requires MFA, so the fake texts a code on its own), then the SMS code into a
//! five-minute session with a signed JWT: four requests, and an email, an SMS, an intermediate
//! session and a session of state each.
//!
//! One process, the fake on its own runtime thread, the SDK client with 64 sends in flight.
//! Every 10,000 sends the fake clock moves 3 minutes (past the codes' 2 and, every fourth
//! time, the intermediate sessions' 10), and an intermediate session is minted every hundredth
//! send, so the state grows without the pruning and the outbox ring. Prints the RSS every tenth of the
//! run and sends per second; exits non-zero if the final RSS is over 64 MB (sends), or over
//! 110 % of the RSS halfway through (logins: memory must stay flat).

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use stytch_b2b_otp_sms::Client;
use stytch_b2b_otp_sms::magic::AuthenticateRequest as MagicLinkAuthenticate;
use stytch_b2b_otp_sms::magic_links_email::LoginOrSignupRequest;
use stytch_b2b_otp_sms::otp_sms::{AuthenticateRequest as SmsAuthenticate, SendRequest};
use stytch_b2b_otp_sms_fake::{FakeStytch, MfaPolicy, NewMember, NewOrganization};
use tokio::sync::Semaphore;

use common::{BoxError, rss_mb};

/// One whole login of `email`: magic link, then the SMS code the fake texted on its own, into
/// a five-minute session.
async fn login(fake: &FakeStytch, client: &Client, org: &str, email: &str) -> Result<(), BoxError> {
    let links = client.magic_links();
    links
        .email()
        .login_or_signup(LoginOrSignupRequest::new(org, email))
        .await?;
    let token = fake
        .last_email(email)
        .and_then(|e| e.token)
        .ok_or("no magic link in the email outbox")?;
    let primary = links
        .authenticate(MagicLinkAuthenticate::new(token))
        .await?;
    let code = fake
        .last_code(&primary.member_id)
        .ok_or("the magic link login texted no code")?;
    client
        .otps()
        .sms()
        .authenticate(
            SmsAuthenticate::new(org, primary.member_id.as_str(), code)
                .intermediate_session_token(primary.intermediate_session_token)
                .session_duration_minutes(5),
        )
        .await?;
    Ok(())
}

/// What every batch shares: the fake, a client of it, the organization and its members
/// (id, email), and whether the soak runs whole logins or SMS sends.
struct Soak {
    fake: Arc<FakeStytch>,
    client: stytch_b2b_otp_sms::Client,
    org_id: Arc<str>,
    members: Arc<Vec<(String, String)>>,
    logins: bool,
    /// How far the fake clock moves every 10,000 requests.
    tick: Duration,
    limit: Arc<Semaphore>,
}

/// One organization (MFA required for logins) and `count` members with phones.
fn load(fake: Arc<FakeStytch>, logins: bool, count: usize) -> Result<Soak, BoxError> {
    let policy = if logins {
        MfaPolicy::RequiredForAll
    } else {
        MfaPolicy::Optional
    };
    let org = fake.create_organization(NewOrganization::new("Soak", "soak").mfa_policy(policy))?;
    let members: Vec<(String, String)> = (0..count)
        .map(|i| {
            let email = format!("m{i}@soak.test");
            fake.create_member(
                &org.organization_id,
                NewMember::new(email.as_str()).phone_number(format!("+1555{i:07}")),
            )
            .map(|m| (m.member_id, email))
        })
        .collect::<Result<_, _>>()?;
    // Sends: 3 minutes every 10,000 (past the codes' 2, and every fourth time the intermediate
    // sessions' 10). Logins: 20 minutes, so that a used magic link (refused as used until its
    // 60 minutes are up) and the five-minute sessions expire within 30,000 logins.
    let tick = Duration::from_secs(if logins { 20 * 60 } else { 3 * 60 });
    Ok(Soak {
        client: fake.client(),
        fake,
        org_id: org.organization_id.into(),
        members: Arc::new(members),
        logins,
        tick,
        limit: Arc::new(Semaphore::new(64)),
    })
}

/// Requests `from..to` (members picked in turn), 64 in flight; the clock moves every 10,000.
async fn run_batch(soak: &Soak, from: usize, to: usize) -> Result<(), BoxError> {
    let mut tasks = tokio::task::JoinSet::new();
    for i in from..to {
        if i % 10_000 == 0 && i > 0 {
            soak.fake.advance_clock(soak.tick)?;
        }
        let pick = i % soak.members.len();
        // An intermediate session every hundredth send: state that only the pruning removes
        // (each holds ~3 KB: its factors).
        if i % 100 == 0 && !soak.logins {
            soak.fake
                .mint_intermediate_session_token(&soak.org_id, &soak.members[pick].0)?;
        }
        let permit = soak.limit.clone().acquire_owned().await?;
        let (fake, client, org_id, members, logins) = (
            soak.fake.clone(),
            soak.client.clone(),
            soak.org_id.clone(),
            soak.members.clone(),
            soak.logins,
        );
        tasks.spawn(async move {
            let _permit = permit;
            let (member_id, email) = &members[pick];
            if logins {
                return login(&fake, &client, &org_id, email).await;
            }
            client
                .otps()
                .sms()
                .send(SendRequest::new(&*org_id, member_id.as_str()))
                .await
                .map(|_| ())
                .map_err(Into::into)
        });
        while tasks.len() > 256 {
            if let Some(joined) = tasks.join_next().await {
                joined??;
            }
        }
    }
    while let Some(joined) = tasks.join_next().await {
        joined??;
    }
    Ok(())
}

fn main() -> Result<(), BoxError> {
    let logins = std::env::args().any(|a| a == "--logins");
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .filter_map(|a| a.parse().ok())
        .collect();
    let sends = args.first().copied().unwrap_or(1_000_000);
    let members = args.get(1).copied().unwrap_or(1_000);
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let fake = Arc::new(server.block_on(FakeStytch::start())?);
    let soak = load(fake.clone(), logins, members)?;
    let client_rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let what = if logins { "logins" } else { "sends" };
    println!("| {what} | RSS (MB) | outbox | {what}/s since last row |");
    println!("| --- | --- | --- | --- |");
    println!("| 0 | {:.1} | 0 | |", rss_mb().unwrap_or(f64::NAN));
    let step = (sends / 10).max(1);
    let mut halfway = f64::NAN;
    let mut done = 0;
    let started = Instant::now();
    while done < sends {
        let batch = step.min(sends - done);
        let batch_started = Instant::now();
        client_rt.block_on(run_batch(&soak, done, done + batch))?;
        done += batch;
        if done <= sends / 2 {
            halfway = rss_mb().unwrap_or(f64::NAN);
        }
        println!(
            "| {done} | {:.1} | {} | {:.0} |",
            rss_mb().unwrap_or(f64::NAN),
            fake.outbox().len(),
            batch as f64 / batch_started.elapsed().as_secs_f64()
        );
    }
    let rss = rss_mb().unwrap_or(f64::NAN);
    println!(
        "{sends} {what} in {:.1} s ({:.0}/s); RSS {halfway:.1} MB halfway, {rss:.1} MB at the end (goal: sends ≤ 64 MB; logins flat, ≤ 110 % of halfway)",
        started.elapsed().as_secs_f64(),
        sends as f64 / started.elapsed().as_secs_f64()
    );
    if !logins && rss > 64.0 {
        return Err(format!("RSS {rss:.1} MB is over 64 MB").into());
    }
    if logins && rss > 1.1 * halfway {
        return Err(format!("RSS grew from {halfway:.1} MB halfway to {rss:.1} MB").into());
    }
    Ok(())
}
