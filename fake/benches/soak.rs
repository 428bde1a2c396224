//! A long-running fake's memory: many sends, with codes and intermediate sessions expiring
//! on the fake clock, and the process's resident set size (RSS) sampled along the way.
//!
//! ```sh
//! cargo bench -p stytch-b2b-otp-sms-fake --bench soak                # 1,000,000 sends
//! cargo bench -p stytch-b2b-otp-sms-fake --bench soak -- 100000 1000  # SENDS MEMBERS
//! ```
//!
//! One process, the fake on its own runtime thread, the SDK client with 64 sends in flight.
//! Every 10,000 sends the fake clock moves 3 minutes (past the codes' 2 and, every fourth
//! time, the intermediate sessions' 10), and an intermediate session is minted every hundredth
//! send, so the state grows without the pruning and the outbox ring. Prints the RSS every tenth of the
//! run and sends per second; exits non-zero if the final RSS is over 64 MB.

use std::sync::Arc;
use std::time::{Duration, Instant};

use stytch_b2b_otp_sms::otp_sms::SendRequest;
use stytch_b2b_otp_sms_fake::{FakeStytch, NewMember, NewOrganization};
use tokio::sync::Semaphore;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Resident set size of this process in MB, from `/proc/self/statm` (Linux).
fn rss_mb() -> Option<f64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: f64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096.0 / 1e6)
}

fn main() -> Result<(), BoxError> {
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
    let org = fake.create_organization(NewOrganization::new("Soak", "soak"))?;
    let member_ids: Vec<String> = (0..members)
        .map(|i| {
            fake.create_member(
                &org.organization_id,
                NewMember::new(format!("m{i}@soak.test")).phone_number(format!("+1555{i:07}")),
            )
            .map(|m| m.member_id)
        })
        .collect::<Result<_, _>>()?;
    let client_rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let client = fake.client();
    let limit = Arc::new(Semaphore::new(64));
    let org_id: Arc<str> = org.organization_id.clone().into();
    println!("| sends | RSS (MB) | outbox | sends/s since last row |");
    println!("| --- | --- | --- | --- |");
    println!("| 0 | {:.1} | 0 | |", rss_mb().unwrap_or(f64::NAN));
    let step = (sends / 10).max(1);
    let mut done = 0;
    let started = Instant::now();
    while done < sends {
        let batch = step.min(sends - done);
        let batch_started = Instant::now();
        client_rt.block_on(async {
            let mut tasks = tokio::task::JoinSet::new();
            for i in done..done + batch {
                if i % 10_000 == 0 && i > 0 {
                    fake.advance_clock(Duration::from_secs(3 * 60))?;
                }
                let member_id = member_ids[i % members].clone();
                // An intermediate session every hundredth send: state that only the pruning
                // removes (each holds ~3 KB: its factors).
                if i % 100 == 0 {
                    fake.mint_intermediate_session_token(&org_id, &member_id)?;
                }
                let permit = limit.clone().acquire_owned().await?;
                let (client, org_id) = (client.clone(), org_id.clone());
                tasks.spawn(async move {
                    let _permit = permit;
                    client
                        .otps()
                        .sms()
                        .send(SendRequest::new(&*org_id, member_id.as_str()))
                        .await
                        .map(|_| ())
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
            Ok::<_, BoxError>(())
        })?;
        done += batch;
        println!(
            "| {done} | {:.1} | {} | {:.0} |",
            rss_mb().unwrap_or(f64::NAN),
            fake.outbox().len(),
            batch as f64 / batch_started.elapsed().as_secs_f64()
        );
    }
    let rss = rss_mb().unwrap_or(f64::NAN);
    println!(
        "{sends} sends in {:.1} s ({:.0}/s); final RSS {rss:.1} MB (goal ≤ 64 MB)",
        started.elapsed().as_secs_f64(),
        sends as f64 / started.elapsed().as_secs_f64()
    );
    if rss > 64.0 {
        return Err(format!("RSS {rss:.1} MB is over 64 MB").into());
    }
    Ok(())
}
