//! Verifying a session JWT locally (`client.sessions().authenticate_jwt_local`, RS256 with
//! the fake's 2048-bit key, the JWKS cached) beside checking a Connected Apps access token
//! locally (`client.idp().introspect_token_local`, the same key and cache, a token from the
//! fake's IdP authorize flow) and beside asking the API (`client.sessions().authenticate`
//! with the JWT, against the fake over loopback), in one process.
//!
//! ```sh
//! cargo run --release -p stytch-b2b-otp-sms-benches --bin session_jwt [-- --rounds 7]
//! ```
//!
//! The fake runs on a tokio runtime of its own (its worker threads); the client runs on a
//! current-thread runtime on the main thread, so "per core" is per the main thread. Each
//! round times `--local` local verifications, then `--local` access-token checks, then
//! `--remote` sequential API calls; the medians over rounds are printed, with the spread.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Parser;
use stytch_b2b_otp_sms::Client;
use stytch_b2b_otp_sms::idp::IntrospectTokenLocalRequest;
use stytch_b2b_otp_sms::idp_oauth::AuthorizeRequest;
use stytch_b2b_otp_sms::otp_sms::{AuthenticateRequest, AuthenticateResponse, SendRequest};
use stytch_b2b_otp_sms::sessions::{AuthenticateJwtLocalRequest, AuthenticateRequest as Remote};
use stytch_b2b_otp_sms_benches::harness::Spread;
use stytch_b2b_otp_sms_fake::{FakeStytch, NewConnectedApp};

#[derive(Parser, Debug)]
#[command(about = "Local session-JWT verification beside the API's sessions.authenticate")]
struct Args {
    /// Rounds (each: the two local loops, then the remote loop).
    #[arg(long, default_value_t = 7)]
    rounds: usize,
    /// Local verifications per round (session JWTs; as many access-token checks).
    #[arg(long, default_value_t = 20_000)]
    local: usize,
    /// API calls per round.
    #[arg(long, default_value_t = 1_000)]
    remote: usize,
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("session_jwt: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let fake = server.block_on(FakeStytch::start())?;
    let client_rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let client: Client = fake.client();
    let authed = client_rt.block_on(sms_login(&fake, &client))?;
    let access_token = client_rt.block_on(access_token(&fake, &client, &authed.session_token))?;
    let tokens = Tokens {
        session_jwt: authed.session_jwt,
        access_token,
        now: fake.now(),
    };
    let mut rates = Rates::default();
    for _ in 0..args.rounds {
        client_rt.block_on(rates.round(&args, &client, &tokens))?;
    }
    rates.print(args.rounds);
    drop(client);
    server.block_on(fake.shutdown());
    server.shutdown_timeout(Duration::from_secs(1));
    Ok(())
}

/// The seeded member's session after an SMS passcode, its JWT verified once locally (which
/// warms the key cache: one JWKS fetch).
async fn sms_login(
    fake: &FakeStytch,
    client: &Client,
) -> Result<AuthenticateResponse, Box<dyn std::error::Error>> {
    let seed = fake.seed()?;
    let (org, member) = (&seed.organization, &seed.member_without_phone);
    let ist = fake.mint_intermediate_session_token(&org.organization_id, &member.member_id)?;
    let sms = client.otps().sms();
    sms.send(
        SendRequest::new(&org.organization_id, &member.member_id)
            .mfa_phone_number("+15555550123")
            .intermediate_session_token(&ist),
    )
    .await?;
    let code = fake.last_code(&member.member_id).ok_or("no SMS")?;
    let authed = sms
        .authenticate(
            AuthenticateRequest::new(&org.organization_id, &member.member_id, code)
                .intermediate_session_token(&ist)
                .session_duration_minutes(600),
        )
        .await?;
    client
        .sessions()
        .authenticate_jwt_local(AuthenticateJwtLocalRequest::new(&authed.session_jwt))
        .await?;
    Ok(authed)
}

/// What every round checks, at one fixed time (the fake's clock when they were issued).
struct Tokens {
    session_jwt: String,
    access_token: String,
    now: std::time::SystemTime,
}

/// Per round: local session-JWT and access-token checks per second, remote µs per call.
#[derive(Default)]
struct Rates {
    session: Vec<f64>,
    access: Vec<f64>,
    remote_micros: Vec<f64>,
}

impl Rates {
    async fn round(
        &mut self,
        args: &Args,
        client: &Client,
        tokens: &Tokens,
    ) -> Result<(), stytch_b2b_otp_sms::Error> {
        let started = Instant::now();
        for _ in 0..args.local {
            let request = AuthenticateJwtLocalRequest::new(tokens.session_jwt.as_str())
                .current_time(tokens.now);
            std::hint::black_box(client.sessions().authenticate_jwt_local(request).await?);
        }
        (self.session).push(args.local as f64 / started.elapsed().as_secs_f64());

        let started = Instant::now();
        for _ in 0..args.local {
            let request = IntrospectTokenLocalRequest::new(tokens.access_token.as_str())
                .current_time(tokens.now)
                .require_scope("openid");
            std::hint::black_box(client.idp().introspect_token_local(request).await?);
        }
        (self.access).push(args.local as f64 / started.elapsed().as_secs_f64());

        let started = Instant::now();
        for _ in 0..args.remote {
            let request = Remote::new().session_jwt(tokens.session_jwt.as_str());
            std::hint::black_box(client.sessions().authenticate(request).await?);
        }
        (self.remote_micros).push(started.elapsed().as_secs_f64() * 1e6 / args.remote as f64);
        Ok(())
    }

    fn print(&self, rounds: usize) {
        let local = Spread::of(&self.session);
        let access = Spread::of(&self.access);
        let remote = Spread::of(&self.remote_micros);
        println!(
            "| path | per call (median) | calls/s, one client thread (median) | spread over {rounds} rounds |"
        );
        println!("| --- | --- | --- | --- |");
        for (path, rate) in [
            ("local `authenticate_jwt_local`", &local),
            ("local `idp.introspect_token_local` (access token)", &access),
        ] {
            println!(
                "| {path} | {:.1} µs | {:.0} | {:.0} to {:.0} /s |",
                1e6 / rate.median,
                rate.median,
                rate.min,
                rate.max
            );
        }
        println!(
            "| remote `sessions.authenticate` (fake, loopback) | {:.1} µs | {:.0} | {:.1} to {:.1} µs |",
            remote.median,
            1e6 / remote.median,
            remote.min,
            remote.max
        );
        println!(
            "ratio: a remote call costs {:.0} local verifications",
            remote.median * local.median / 1e6
        );
    }
}

/// An access token of the seeded member for a first-party connected app, from the fake's IdP
/// authorize flow (`openid email`), checked once locally (warming nothing: the JWKS is cached).
async fn access_token(
    fake: &FakeStytch,
    client: &Client,
    session_token: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    const REDIRECT: &str = "https://bench.example/callback";
    fake.register_connected_app(NewConnectedApp {
        connected_app_id: Some("bench".into()),
        name: "Bench".into(),
        description: String::new(),
        client_type: "first_party".into(),
        logo_url: None,
        redirect_urls: vec![REDIRECT.into()],
    })?;
    let scopes = vec!["openid".to_owned(), "email".to_owned()];
    let done = client
        .idp()
        .oauth()
        .authorize(
            AuthorizeRequest::new(true, scopes, "bench", REDIRECT, "code")
                .session_token(session_token),
        )
        .await?;
    let code = done.authorization_code.ok_or("no authorization code")?;
    let token = fake.issue_access_token(&code)?;
    client
        .idp()
        .introspect_token_local(IntrospectTokenLocalRequest::new(&token))
        .await?;
    Ok(token)
}
