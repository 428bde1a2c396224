//! `stytch-fake`: a local fake of Stytch's B2B API, for tests in any language.
//!
//! ```text
//! cargo run -p stytch-b2b-otp-sms-fake -- --port 8787
//! ```
//!
//! Prints its base URL, credentials and seeded ids as `KEY=value` lines, then serves until
//! killed.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use clap::Parser;
use clap::{CommandFactory, FromArgMatches};
use stytch_b2b_otp_sms_fake::{CONTROL_ROUTES, FakeStytch, RateLimit, RateLimits, Seed};

/// A local fake of Stytch's B2B API for tests: the directory, email magic links and
/// passcodes, passwords, discovery, SMS and TOTP MFA, recovery codes and sessions (with RS256
/// session JWTs and their JWKS), with HTTP basic auth like Stytch.
///
/// On start it prints KEY=value lines (STYTCH_BASE_URL, STYTCH_PROJECT_ID, STYTCH_SECRET,
/// STYTCH_JWKS_URL, seeded ids) on stdout, then serves until killed.
#[derive(Debug, Parser)]
#[command(name = "stytch-fake", version)]
struct Args {
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Address to bind.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    host: IpAddr,
    /// Project id to accept (default: a random project-test-…).
    #[arg(long, requires = "secret")]
    project_id: Option<String>,
    /// Secret to accept (default: a random secret-test-…).
    #[arg(long, requires = "project_id")]
    secret: Option<String>,
    /// Send limit per Member, as MAX/SECONDS (e.g. 3/60); none by default.
    #[arg(long, value_name = "MAX/SECONDS", value_parser = parse_limit)]
    member_send_limit: Option<RateLimit>,
    /// Send limit per phone number, as MAX/SECONDS (e.g. 5/3600); none by default.
    #[arg(long, value_name = "MAX/SECONDS", value_parser = parse_limit)]
    phone_send_limit: Option<RateLimit>,
    /// Milliseconds a client may take to send a request's headers (or to start its next
    /// request on a kept-alive connection) before the connection is closed.
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    header_timeout_ms: u64,
    /// Milliseconds a client may take to send a request's body before a 408.
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    body_timeout_ms: u64,
    /// Connections served at once; more wait to be accepted.
    #[arg(long, value_name = "N", default_value_t = 1024)]
    max_connections: usize,
    /// SMS the outbox keeps; older ones are dropped.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    outbox_capacity: usize,
}

/// What the binary prints on start: `KEY=value` lines (base URL, credentials, JWKS URL,
/// seeded ids), then every control route as a comment, from [`CONTROL_ROUTES`].
fn startup_lines(fake: &FakeStytch, seed: &Seed) -> Vec<String> {
    let base_url = fake.base_url();
    let lines = [
        format!("# stytch-fake: Stytch B2B fake listening on {base_url}"),
        format!("STYTCH_BASE_URL={base_url}"),
        format!("STYTCH_PROJECT_ID={}", fake.project_id()),
        format!("STYTCH_SECRET={}", fake.secret()),
        format!("STYTCH_JWKS_URL={}", fake.jwks_url()),
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
    ];
    let routes = CONTROL_ROUTES
        .iter()
        .map(|r| format!("# {} {base_url}/__fake/{}  {}", r.method, r.path, r.does));
    let lines = lines
        .into_iter()
        .chain(std::iter::once(
            "# Test-only routes (same basic auth):".to_owned(),
        ))
        .chain(routes)
        .chain(std::iter::once(
            "# Serving until killed (Ctrl-C).".to_owned(),
        ));
    lines.collect()
}

/// The `--help` epilogue: every control route, from the table the server dispatches on.
fn control_help() -> String {
    let mut help = String::from("Test-only routes, same basic auth:\n");
    for route in CONTROL_ROUTES {
        help.push_str(&format!(
            "  {:<6} /__fake/{}\n         {}{}\n",
            route.method,
            route.path,
            route.does,
            if route.takes.is_empty() {
                String::new()
            } else {
                format!("; takes {}", route.takes)
            }
        ));
    }
    help
}

fn parse_limit(text: &str) -> Result<RateLimit, String> {
    let (max, seconds) = text
        .split_once('/')
        .ok_or_else(|| format!("{text:?} is not MAX/SECONDS, e.g. 3/60"))?;
    let max = max
        .trim()
        .parse()
        .map_err(|_| format!("{max:?} is not a number of sends"))?;
    let seconds: u64 = seconds
        .trim()
        .trim_end_matches('s')
        .parse()
        .map_err(|_| format!("{seconds:?} is not a number of seconds"))?;
    let window = stytch_b2b_otp_sms_fake::validate::rate_limit_window(
        "window",
        std::time::Duration::from_secs(seconds),
    )
    .map_err(|e| e.message)?;
    Ok(RateLimit::new(max, window))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match Args::command()
        .after_help(control_help())
        .try_get_matches()
        .and_then(|matches| Args::from_arg_matches(&matches))
    {
        Ok(args) => args,
        Err(e) => e.exit(),
    };
    if !args.host.is_loopback() {
        eprintln!(
            "stytch-fake: warning: listening on {} (not loopback); anyone who can reach it and knows the credentials can use it",
            args.host
        );
    }
    let mut builder = FakeStytch::builder()
        .addr(SocketAddr::new(args.host, args.port))
        .header_read_timeout(std::time::Duration::from_millis(args.header_timeout_ms))
        .body_read_timeout(std::time::Duration::from_millis(args.body_timeout_ms))
        .max_connections(args.max_connections)
        .outbox_capacity(args.outbox_capacity);
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
    let mut limits = RateLimits::none();
    limits.per_member = args.member_send_limit;
    limits.per_phone_number = args.phone_send_limit;
    if let Err(e) = fake.set_rate_limits(limits) {
        eprintln!("stytch-fake: {e}");
        return ExitCode::FAILURE;
    }
    let seed = match fake.seed() {
        Ok(seed) => seed,
        Err(e) => {
            eprintln!("stytch-fake: cannot seed demo data: {e}");
            return ExitCode::FAILURE;
        }
    };

    let lines = startup_lines(&fake, &seed);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_parse_or_say_why_not() {
        assert_eq!(
            parse_limit("3/60"),
            Ok(RateLimit::new(3, std::time::Duration::from_secs(60)))
        );
        assert_eq!(
            parse_limit("5/3600s"),
            Ok(RateLimit::new(5, std::time::Duration::from_secs(3600)))
        );
        assert!(parse_limit("3").unwrap_err().contains("MAX/SECONDS"));
        assert!(parse_limit("x/60").unwrap_err().contains("number of sends"));
        assert!(parse_limit("3/0").unwrap_err().contains("between 1 and"));
    }

    #[test]
    fn help_lists_every_control_route() {
        let help = Args::command()
            .after_help(control_help())
            .render_long_help()
            .to_string();
        for route in CONTROL_ROUTES {
            assert!(
                help.contains(&format!("/__fake/{}", route.path)),
                "{route:?}"
            );
        }
    }

    #[test]
    fn arguments_are_described() {
        Args::command().debug_assert();
    }
}
