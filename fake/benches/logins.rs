//! The fake at directory scale: 10,000 organizations and 100,000 members loaded, the resident
//! memory that costs, then whole logins per second through the SDK client: an email magic link
//! (`magic_links.email.login_or_signup`, the token read from the fake's email outbox,
//! `magic_links.authenticate`, which answers with an intermediate session and texts the SMS
//! code on its own because the organization requires MFA) and the SMS step
//! (`otps.sms.authenticate` with the code from the SMS outbox, which signs a session JWT).
//!
//! ```sh
//! cargo bench -p stytch-b2b-otp-sms-fake --bench logins                       # 10,000 × 10
//! cargo bench -p stytch-b2b-otp-sms-fake --bench logins -- 1000 10 2000 64 2  # ORGS PER_ORG LOGINS IN_FLIGHT WORKERS
//! ```
//!
//! One process: the fake on its own runtime (two worker threads unless WORKERS says otherwise),
//! the client on another, 64 logins in flight over recycled members. RSS is read from
//! `/proc/self/statm` (fake and client together). Exits non-zero when the loaded RSS is over
//! 100 MB or fewer than 2,000 logins per second are reached, the goals of issue 30.

mod common;

use std::sync::Arc;
use std::time::Instant;

use stytch_b2b_otp_sms::magic::AuthenticateRequest as MagicLinkAuthenticate;
use stytch_b2b_otp_sms::magic_links_email::LoginOrSignupRequest;
use stytch_b2b_otp_sms::otp_sms::AuthenticateRequest as SmsAuthenticate;
use stytch_b2b_otp_sms_fake::{FakeStytch, MfaPolicy, NewMember, NewOrganization};

use common::{BoxError, rss_or_nan as rss_mb, run_in_flight};

struct Args {
    organizations: usize,
    per_organization: usize,
    logins: usize,
    in_flight: usize,
    /// Worker threads of the fake's runtime.
    workers: usize,
}

fn args() -> Result<Args, BoxError> {
    let numbers: Vec<usize> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .map(|a| a.parse())
        .collect::<Result<_, _>>()
        .map_err(|e| format!("arguments are ORGS PER_ORG LOGINS IN_FLIGHT (numbers): {e}"))?;
    let at = |i: usize, default: usize| numbers.get(i).copied().unwrap_or(default).max(1);
    Ok(Args {
        organizations: at(0, 10_000),
        per_organization: at(1, 10),
        logins: at(2, 20_000),
        in_flight: at(3, 64),
        workers: at(4, 2),
    })
}

/// Member `m` of organization `o`'s email address.
fn email(o: usize, m: usize) -> String {
    format!("m{m}@org{o}.test")
}

/// Loads the directory; returns the organization ids, in order. (Only those: the members'
/// addresses are computed again, so that the RSS measured is the fake's, not a list of ours.)
fn load(fake: &FakeStytch, args: &Args) -> Result<Vec<String>, BoxError> {
    let mut organizations = Vec::with_capacity(args.organizations);
    for o in 0..args.organizations {
        let org = fake.create_organization(
            NewOrganization::new(format!("Org {o}"), format!("org-{o}"))
                .mfa_policy(MfaPolicy::RequiredForAll),
        )?;
        for m in 0..args.per_organization {
            let n = o * args.per_organization + m;
            fake.create_member(
                &org.organization_id,
                NewMember::new(email(o, m)).verified_phone_number(format!("+1555{n:07}")),
            )?;
        }
        organizations.push(org.organization_id);
    }
    Ok(organizations)
}

/// One whole login: magic link, then the SMS code Stytch texted on its own.
async fn login(
    fake: &FakeStytch,
    client: &stytch_b2b_otp_sms::Client,
    org: &str,
    email: &str,
) -> Result<(), BoxError> {
    client
        .magic_links()
        .email()
        .login_or_signup(LoginOrSignupRequest::new(org, email))
        .await?;
    let token = fake
        .last_email(email)
        .and_then(|e| e.token)
        .ok_or("no magic link in the email outbox")?;
    let primary = client
        .magic_links()
        .authenticate(MagicLinkAuthenticate::new(token))
        .await?;
    if primary.member_authenticated {
        return Err("the organization requires MFA, yet the magic link gave a session".into());
    }
    let code = fake
        .last_code(&primary.member_id)
        .ok_or("the magic link login texted no code")?;
    let authed = client
        .otps()
        .sms()
        .authenticate(
            SmsAuthenticate::new(org, primary.member_id.as_str(), code)
                .intermediate_session_token(primary.intermediate_session_token),
        )
        .await?;
    if authed.session_jwt.split('.').count() != 3 {
        return Err("no session JWT".into());
    }
    Ok(())
}

fn main() -> Result<(), BoxError> {
    let args = args()?;
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(args.workers)
        .enable_all()
        .build()?;
    let fake = Arc::new(server.block_on(FakeStytch::start())?);
    let rss_start = rss_mb();
    let started = Instant::now();
    let organizations = load(&fake, &args)?;
    let rss_loaded = rss_mb();
    let members = args.organizations * args.per_organization;
    println!(
        "loaded {} organizations and {members} members in {:.1} s; RSS {rss_start:.1} MB before, {rss_loaded:.1} MB after (goal ≤ 100 MB)",
        args.organizations,
        started.elapsed().as_secs_f64()
    );

    let client_rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let client = fake.client();
    let organizations = Arc::new(organizations);
    let started = Instant::now();
    client_rt.block_on(run_in_flight(args.logins, args.in_flight, |i| {
        // Recycled members, spread over the organizations.
        let pick = (i * 7_919) % members;
        let (o, m) = (pick / args.per_organization, pick % args.per_organization);
        let (fake, client, organizations) = (fake.clone(), client.clone(), organizations.clone());
        async move { login(&fake, &client, &organizations[o], &email(o, m)).await }
    }))?;
    let rate = args.logins as f64 / started.elapsed().as_secs_f64();
    let rss_end = rss_mb();
    println!(
        "{} logins (magic link + SMS, 4 requests each) in {:.1} s: {rate:.0} logins/s ({:.0} requests/s), {} in flight; RSS after {rss_end:.1} MB (goal ≥ 2,000 logins/s)",
        args.logins,
        started.elapsed().as_secs_f64(),
        4.0 * rate,
        args.in_flight
    );
    if rss_loaded > 100.0 {
        return Err(format!("loaded RSS {rss_loaded:.1} MB is over 100 MB").into());
    }
    if rate < 2_000.0 {
        return Err(format!("{rate:.0} logins/s is under 2,000").into());
    }
    Ok(())
}
