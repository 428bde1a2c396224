//! `stytch-fake`: a local fake of Stytch's B2B SMS OTP API, for tests in any language.
//!
//! ```text
//! cargo run --features fake --bin stytch-fake -- --port 8787
//! ```
//!
//! Prints its base URL, credentials and seeded ids as `KEY=value` lines, then serves until
//! killed.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use stytch_b2b_otp_sms::fake::FakeStytch;

const USAGE: &str = "\
Usage: stytch-fake [--port N] [--host IP] [--project-id ID --secret SECRET]

A local fake of Stytch's B2B SMS OTP API (POST /v1/b2b/otps/sms/send and
/v1/b2b/otps/sms/authenticate), with HTTP basic auth like Stytch.

Options:
  --port N                 port to listen on (default 0: any free port)
  --host IP                address to bind (default 127.0.0.1)
  --project-id ID          project id to accept (default: random project-test-…)
  --secret SECRET          secret to accept (default: random secret-test-…)
  -h, --help               show this help

On start it prints KEY=value lines (STYTCH_BASE_URL, STYTCH_PROJECT_ID, STYTCH_SECRET,
seeded ids) on stdout. Test-only routes, same basic auth:
  GET  /__fake/outbox                 the SMS it would have sent (JSON list)
  POST /__fake/intermediate_sessions  {\"organization_id\",\"member_id\"} -> intermediate_session_token
  POST /__fake/clock                  {\"advance_seconds\": N} -> moves the fake clock
";

struct Args {
    host: IpAddr,
    port: u16,
    project_id: Option<String>,
    secret: Option<String>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut parsed = Args {
        host: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
        project_id: None,
        secret: None,
    };
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => {
                (name.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        if name == "-h" || name == "--help" {
            return Ok(None);
        }
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match name.as_str() {
            "--port" => {
                let v = value()?;
                parsed.port = v
                    .parse()
                    .map_err(|_| format!("--port: {v:?} is not a port number (0-65535)"))?;
            }
            "--host" => {
                let v = value()?;
                parsed.host = v
                    .parse()
                    .map_err(|_| format!("--host: {v:?} is not an IP address"))?;
            }
            "--project-id" => parsed.project_id = Some(value()?),
            "--secret" => parsed.secret = Some(value()?),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if parsed.project_id.is_some() != parsed.secret.is_some() {
        return Err("--project-id and --secret go together".into());
    }
    Ok(Some(parsed))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("stytch-fake: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if !args.host.is_loopback() {
        eprintln!(
            "stytch-fake: warning: listening on {} (not loopback); anyone who can reach it and knows the credentials can use it",
            args.host
        );
    }
    let mut builder = FakeStytch::builder().addr(SocketAddr::new(args.host, args.port));
    if let (Some(project_id), Some(secret)) = (args.project_id, args.secret) {
        builder = builder.credentials(project_id, secret);
    }
    let fake = match builder.start().await {
        Ok(fake) => fake,
        Err(e) => {
            eprintln!(
                "stytch-fake: cannot start on {}:{}: {e}",
                args.host, args.port
            );
            return ExitCode::FAILURE;
        }
    };
    let seed = match fake.seed() {
        Ok(seed) => seed,
        Err(e) => {
            eprintln!("stytch-fake: cannot seed demo data: {e}");
            return ExitCode::FAILURE;
        }
    };

    let base_url = fake.base_url();
    let lines = [
        format!("# stytch-fake: Stytch B2B SMS OTP fake listening on {base_url}"),
        format!("STYTCH_BASE_URL={base_url}"),
        format!("STYTCH_PROJECT_ID={}", fake.project_id()),
        format!("STYTCH_SECRET={}", fake.secret()),
        format!(
            "STYTCH_ORGANIZATION_ID={}",
            seed.organization.organization_id
        ),
        format!(
            "STYTCH_ORGANIZATION_SLUG={}",
            seed.organization.organization_slug
        ),
        format!(
            "STYTCH_ORGANIZATION_MFA_POLICY={}",
            seed.organization.mfa_policy
        ),
        format!("STYTCH_MEMBER_ID={}", seed.member_with_phone.member_id),
        format!(
            "STYTCH_MEMBER_PHONE_NUMBER={}",
            seed.member_with_phone.mfa_phone_number
        ),
        format!(
            "STYTCH_MEMBER_ID_WITHOUT_PHONE={}",
            seed.member_without_phone.member_id
        ),
        "# GET /__fake/outbox lists sent codes; POST /__fake/intermediate_sessions mints an intermediate session token; POST /__fake/clock advances time.".to_owned(),
        "# Serving until killed (Ctrl-C).".to_owned(),
    ];
    let mut stdout = std::io::stdout().lock();
    for line in lines {
        // A closed stdout (the parent stopped reading) must not stop the server.
        let _ = writeln!(stdout, "{line}");
    }
    let _ = stdout.flush();
    drop(stdout);

    std::future::pending::<()>().await;
    ExitCode::SUCCESS
}
