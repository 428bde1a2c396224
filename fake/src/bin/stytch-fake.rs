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
use std::path::{Path, PathBuf};
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
    /// Starts from a state file (as `GET /__fake/state` or `--export-on-exit` wrote it)
    /// instead of the demo data; `POST /__fake/reset` returns to it. A file from a newer
    /// fake, or a broken one, is refused and the fake does not start.
    #[arg(long, value_name = "FILE")]
    import: Option<PathBuf>,
    /// On Ctrl-C or SIGTERM, writes the whole state to FILE (what `--import` reads).
    #[arg(long, value_name = "FILE")]
    export_on_exit: Option<PathBuf>,
}

/// What the binary prints on start: `KEY=value` lines (base URL, credentials, JWKS URL,
/// seeded ids), then every control route as a comment, from [`CONTROL_ROUTES`].
fn startup_lines(fake: &FakeStytch, seed: Option<&Seed>) -> Vec<String> {
    let base_url = fake.base_url();
    let mut lines = vec![
        format!("# stytch-fake: Stytch B2B fake listening on {base_url}"),
        format!("STYTCH_BASE_URL={base_url}"),
        format!("STYTCH_PROJECT_ID={}", fake.project_id()),
        format!("STYTCH_SECRET={}", fake.secret()),
        format!("STYTCH_JWKS_URL={}", fake.jwks_url()),
    ];
    match seed {
        Some(seed) => lines.extend(seed_lines(seed)),
        None => lines.push("# Started from the imported state (no demo data).".to_owned()),
    }
    lines.push("# Test-only routes (same basic auth):".to_owned());
    lines.extend(
        CONTROL_ROUTES
            .iter()
            .map(|r| format!("# {} {base_url}/__fake/{}  {}", r.method, r.path, r.does)),
    );
    lines.push("# Serving until Ctrl-C or SIGTERM.".to_owned());
    lines
}

/// The seeded ids, as `KEY=value` lines.
fn seed_lines(seed: &Seed) -> [String; 6] {
    [
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
    ]
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
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => {
            eprintln!("stytch-fake: {why}");
            ExitCode::FAILURE
        }
    }
}

/// Starts the fake, prints the start-up lines, serves until Ctrl-C or SIGTERM, then writes
/// the state to `--export-on-exit`'s file if given.
async fn run(args: Args) -> Result<(), String> {
    if !args.host.is_loopback() {
        eprintln!(
            "stytch-fake: warning: listening on {} (not loopback); anyone who can reach it and knows the credentials can use it",
            args.host
        );
    }
    let imported = args.import.as_deref().map(read_state).transpose()?;
    let importing = imported.is_some();
    let fake = start(&args, imported).await?;
    let mut limits = RateLimits::none();
    limits.per_member = args.member_send_limit;
    limits.per_phone_number = args.phone_send_limit;
    // An imported state brings its own limits; flags given beside it replace them.
    if !importing || limits != RateLimits::none() {
        fake.set_rate_limits(limits).map_err(|e| e.to_string())?;
    }
    let seed = if importing {
        None
    } else {
        Some(
            fake.seed()
                .map_err(|e| format!("cannot seed demo data: {e}"))?,
        )
    };
    print_lines(startup_lines(&fake, seed.as_ref()));
    until_stopped().await;
    if let Some(path) = &args.export_on_exit {
        write_state(&fake, path)?;
        eprintln!("stytch-fake: state exported to {}", path.display());
    }
    Ok(())
}

async fn start(args: &Args, imported: Option<serde_json::Value>) -> Result<FakeStytch, String> {
    let mut builder = FakeStytch::builder()
        .addr(SocketAddr::new(args.host, args.port))
        .header_read_timeout(std::time::Duration::from_millis(args.header_timeout_ms))
        .body_read_timeout(std::time::Duration::from_millis(args.body_timeout_ms))
        .max_connections(args.max_connections)
        .outbox_capacity(args.outbox_capacity);
    if let (Some(project_id), Some(secret)) = (&args.project_id, &args.secret) {
        builder = builder.credentials(project_id, secret);
    }
    if let Some(snapshot) = imported {
        builder = builder.import_state(snapshot);
    }
    builder.start().await.map_err(|e| match &args.import {
        Some(file) if e.kind() == std::io::ErrorKind::InvalidData => {
            format!("cannot import {}: {e}", file.display())
        }
        _ => format!("cannot start on {}:{}: {e}", args.host, args.port),
    })
}

/// A state file's JSON (its content is checked by the import).
fn read_state(path: &Path) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the state file {}: {e}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| format!("the state file {} is not JSON: {e}", path.display()))
}

/// Writes the state beside `path`, then renames it over `path`, so that a crash mid-write
/// never leaves half a file.
fn write_state(fake: &FakeStytch, path: &Path) -> Result<(), String> {
    let snapshot = fake.export_state().map_err(|e| e.to_string())?;
    let text = serde_json::to_string_pretty(&snapshot).map_err(|e| e.to_string())?;
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = std::path::PathBuf::from(partial);
    std::fs::write(&partial, text + "\n")
        .and_then(|()| std::fs::rename(&partial, path))
        .map_err(|e| format!("cannot write the state to {}: {e}", path.display()))
}

fn print_lines(lines: Vec<String>) {
    let mut stdout = std::io::stdout().lock();
    for line in lines {
        // A closed stdout (the parent stopped reading) must not stop the server.
        let _ = writeln!(stdout, "{line}");
    }
    let _ = stdout.flush();
}

/// Waits for Ctrl-C (SIGINT) or, on Unix, SIGTERM.
async fn until_stopped() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
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
