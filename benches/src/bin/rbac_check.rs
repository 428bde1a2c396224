//! Local RBAC authorization (`authenticate_jwt_local` with an `authorization_check`): its
//! throughput on one thread with the policies cached, beside the plain local verification;
//! and the policy fetches and memory of a client whose checks sweep more organizations than
//! its cache holds.
//!
//! ```sh
//! cargo run --release -p stytch-b2b-otp-sms-benches --bin rbac_check [-- --rounds 7 --organizations 2000 --capacity 100]
//! ```
//!
//! The fake (`stytch-b2b-otp-sms-fake`, one worker thread) holds the policy: the project's
//! `stytch_member` may read `documents`, and each organization has a custom `editor` role that
//! may `write` them. It issues one session JWT per organization (an SMS passcode flow over
//! HTTP) for a member holding `editor`. The client runs on a current-thread runtime on the
//! main thread. Policy fetches are the fake's own count of the requests it received
//! (`FakeStytch::calls`).

use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

use clap::Parser;
use stytch_b2b_otp_sms::Client;
use stytch_b2b_otp_sms::otp_sms::{AuthenticateRequest, SendRequest};
use stytch_b2b_otp_sms::rbac::{PolicyRole, PolicyRolePermission};
use stytch_b2b_otp_sms::sessions::{AuthenticateJwtLocalRequest, AuthorizationCheck};
use stytch_b2b_otp_sms_benches::harness::Spread;
use stytch_b2b_otp_sms_fake::{FakeStytch, NewMember, NewOrganization};

#[derive(Parser, Debug)]
#[command(
    about = "Local RBAC checks: throughput, and policy fetches under a flood of organizations"
)]
struct Args {
    /// Rounds of the throughput loops.
    #[arg(long, default_value_t = 7)]
    rounds: usize,
    /// Checks per round.
    #[arg(long, default_value_t = 20_000)]
    local: usize,
    /// Organizations (one session each) the flood sweeps.
    #[arg(long, default_value_t = 2_000)]
    organizations: usize,
    /// Organization policies the flooded client's cache holds.
    #[arg(long, default_value_t = 100)]
    capacity: usize,
    /// Sweeps over every organization in the flood.
    #[arg(long, default_value_t = 3)]
    sweeps: usize,
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rbac_check: {e}");
            ExitCode::FAILURE
        }
    }
}

type BoxError = Box<dyn std::error::Error>;

fn role(id: &str, action: &str) -> PolicyRole {
    PolicyRole::new(
        id,
        "",
        vec![PolicyRolePermission::new(
            "documents",
            vec![action.to_owned()],
        )],
    )
}

/// One organization with an `editor` role and a member holding it, and that member's session
/// JWT, issued by the fake after an SMS passcode.
async fn session(
    fake: &FakeStytch,
    client: &Client,
    i: usize,
) -> Result<(String, String), BoxError> {
    let org =
        fake.create_organization(NewOrganization::new(format!("Org {i}"), format!("org-{i}")))?;
    let org_id = org.organization_id;
    fake.set_organization_roles(&org_id, vec![role("editor", "write")])?;
    let member = fake.create_member(
        &org_id,
        NewMember::new(format!("m{i}@example.test")).roles(["editor"]),
    )?;
    let ist = fake.mint_intermediate_session_token(&org_id, &member.member_id)?;
    let sms = client.otps().sms();
    sms.send(
        SendRequest::new(&org_id, &member.member_id)
            .mfa_phone_number(format!("+1555{i:07}"))
            .intermediate_session_token(&ist),
    )
    .await?;
    let code = fake.last_code(&member.member_id).ok_or("no SMS")?;
    let authed = sms
        .authenticate(
            AuthenticateRequest::new(&org_id, &member.member_id, code)
                .intermediate_session_token(&ist)
                .session_duration_minutes(600),
        )
        .await?;
    Ok((org_id, authed.session_jwt))
}

fn check(jwt: &str, org_id: &str, action: &str, now: SystemTime) -> AuthenticateJwtLocalRequest {
    AuthenticateJwtLocalRequest::new(jwt)
        .current_time(now)
        .authorization_check(AuthorizationCheck::new(org_id, "documents", action))
}

/// Resident set size in MB (`/proc/self/statm`; 0 where it is not available).
fn rss_mb() -> f64 {
    let pages: f64 = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1).and_then(|p| p.parse().ok()))
        .unwrap_or(0.0);
    pages * 4096.0 / 1e6
}

fn run(args: Args) -> Result<(), BoxError> {
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let fake = server.block_on(FakeStytch::start())?;
    fake.set_rbac_policy(vec![role("stytch_member", "read")]);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    // Issues the sessions, then measures the throughput (its caches start cold either way).
    let client = fake.client();
    let started = Instant::now();
    let sessions: Vec<(String, String)> = rt.block_on(async {
        let mut out = Vec::with_capacity(args.organizations);
        for i in 0..args.organizations.max(1) {
            out.push(session(&fake, &client, i).await?);
        }
        Ok::<_, BoxError>(out)
    })?;
    eprintln!(
        "{} organizations and sessions in {:.1} s",
        sessions.len(),
        started.elapsed().as_secs_f64()
    );
    let now = fake.now();

    // Throughput: one organization, its policies cached after the first check.
    let (org, jwt) = &sessions[0];
    rt.block_on(
        client
            .sessions()
            .authenticate_jwt_local(check(jwt, org, "write", now)),
    )?;
    let mut plain = Vec::new();
    let mut allowed = Vec::new();
    let mut refused = Vec::new();
    for _ in 0..args.rounds {
        plain.push(rate(&rt, args.local, None, || {
            client.sessions().authenticate_jwt_local(
                AuthenticateJwtLocalRequest::new(jwt.as_str()).current_time(now),
            )
        })?);
        allowed.push(rate(&rt, args.local, None, || {
            client
                .sessions()
                .authenticate_jwt_local(check(jwt, org, "write", now))
        })?);
        // `delete` is granted by no role: the check reads every role before refusing.
        refused.push(rate(&rt, args.local, Some("invalid_permissions"), || {
            client
                .sessions()
                .authenticate_jwt_local(check(jwt, org, "delete", now))
        })?);
    }
    println!(
        "| path (one client thread) | per check (median) | checks/s (median) | spread over {} rounds |",
        args.rounds
    );
    println!("| --- | --- | --- | --- |");
    for (name, rates) in [
        ("verify only (`authenticate_jwt_local`)", &plain),
        ("verify + check, allowed (custom org role)", &allowed),
        ("verify + check, refused (`invalid_permissions`)", &refused),
    ] {
        let s = Spread::of(rates);
        println!(
            "| {name} | {:.1} µs | {:.0} | {:.0} to {:.0} /s |",
            1e6 / s.median,
            s.median,
            s.min,
            s.max
        );
    }
    let policy_reads = (
        fake.calls("rbac.get_policy"),
        fake.calls("rbac.organizations.get_org_policy"),
    );
    println!(
        "policy reads during {} checks: project {}, organization {}",
        args.rounds * args.local * 2 + 1,
        policy_reads.0,
        policy_reads.1
    );

    // The flood: every organization in turn, `sweeps` times, through a small cache.
    let flooded = stytch_b2b_otp_sms::Client::builder(fake.project_id(), fake.secret())
        .base_url(fake.base_url())
        .rbac_policy_cache(Duration::from_secs(300), args.capacity)
        .build()?;
    let before = fake.calls("rbac.organizations.get_org_policy");
    println!();
    println!(
        "| flood: {} organizations, cache capacity {} | checks | organization-policy fetches | checks/s | RSS after (MB) |",
        sessions.len(),
        args.capacity
    );
    println!("| --- | --- | --- | --- | --- |");
    let rss_start = rss_mb();
    for round in 1..=args.sweeps {
        let started = Instant::now();
        let fetched_before = fake.calls("rbac.organizations.get_org_policy");
        sweep(&rt, &flooded, &sessions, now)?;
        let fetched = fake.calls("rbac.organizations.get_org_policy") - fetched_before;
        println!(
            "| sweep {round} | {} | {fetched} | {:.0} | {:.1} |",
            sessions.len(),
            sessions.len() as f64 / started.elapsed().as_secs_f64(),
            rss_mb()
        );
    }
    // The most recent `capacity` organizations are cached: checking them again fetches none.
    let fetched_before = fake.calls("rbac.organizations.get_org_policy");
    let recent = &sessions[sessions.len().saturating_sub(args.capacity)..];
    sweep(&rt, &flooded, recent, now)?;
    println!(
        "| the last {} again | {} | {} | | {:.1} |",
        recent.len(),
        recent.len(),
        fake.calls("rbac.organizations.get_org_policy") - fetched_before,
        rss_mb()
    );
    println!(
        "total organization-policy fetches: {} (RSS at the flood's start {:.1} MB); project policy fetched {} time(s) by the flooded client",
        fake.calls("rbac.organizations.get_org_policy") - before,
        rss_start,
        fake.calls("rbac.get_policy") - policy_reads.0
    );
    drop((client, flooded));
    server.block_on(fake.shutdown());
    server.shutdown_timeout(Duration::from_secs(1));
    Ok(())
}

/// One allowed check (`write`) of each session, in order.
fn sweep(
    rt: &tokio::runtime::Runtime,
    client: &Client,
    sessions: &[(String, String)],
    now: SystemTime,
) -> Result<(), stytch_b2b_otp_sms::Error> {
    rt.block_on(async {
        for (org, jwt) in sessions {
            client
                .sessions()
                .authenticate_jwt_local(check(jwt, org, "write", now))
                .await?;
        }
        Ok(())
    })
}

/// Checks per second over `n` calls, each of which must succeed (`refusal` `None`) or be
/// refused with that `error_type`.
fn rate<F, Fut, T>(
    rt: &tokio::runtime::Runtime,
    n: usize,
    refusal: Option<&str>,
    mut call: F,
) -> Result<f64, BoxError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, stytch_b2b_otp_sms::Error>>,
{
    let started = Instant::now();
    rt.block_on(async {
        for _ in 0..n {
            match (call().await, refusal) {
                (Ok(answer), None) => {
                    std::hint::black_box(answer);
                }
                (Err(e), Some(expected)) if e.error_type() == Some(expected) => {
                    std::hint::black_box(e);
                }
                (Err(e), _) => return Err(BoxError::from(e)),
                (Ok(_), Some(expected)) => {
                    return Err(
                        format!("a check that should be refused ({expected}) was allowed").into(),
                    );
                }
            }
        }
        Ok(())
    })?;
    Ok(n as f64 / started.elapsed().as_secs_f64())
}
