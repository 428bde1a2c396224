//! The fake under a slowloris attack while a test suite runs: stalled sockets (half-sent
//! headers) held open, and parallel SMS flows over organizations and members created over
//! HTTP (`POST /__fake/organizations`, `.../members`), as a suite in another language would.
//!
//! ```sh
//! cargo bench -p stytch-b2b-otp-sms-fake --bench hostile                    # 3000 sockets, 1000 flows
//! cargo bench -p stytch-b2b-otp-sms-fake --bench hostile -- 3000 1000 2000 4096
//! #                                                   SOCKETS FLOWS HEADER_TIMEOUT_MS MAX_CONNECTIONS
//! ```
//!
//! Prints how long the stalled sockets stayed open (the longest), how many flows succeeded,
//! their rate and their slowest latency. Raises the open-file soft limit to the hard limit
//! first (the sockets need two descriptors each in one process).

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use stytch_b2b_otp_sms::otp_sms::{AuthenticateRequest, SendRequest};
use stytch_b2b_otp_sms_fake::FakeStytch;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn raise_fd_limit() -> u64 {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit read and write the struct passed; nothing else.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
    limit.rlim_cur
}

/// A control-route POST with the fake's credentials, answering the JSON.
async fn post(
    http: &reqwest::Client,
    fake: &FakeStytch,
    path: &str,
    body: Value,
) -> Result<Value, BoxError> {
    let response = http
        .post(format!("{}{path}", fake.base_url()))
        .basic_auth(fake.project_id(), Some(fake.secret()))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await?;
    let status = response.status();
    let value: Value = serde_json::from_slice(&response.bytes().await?)?;
    if !status.is_success() {
        return Err(format!("{path}: {status} {value}").into());
    }
    Ok(value)
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sockets = args.first().copied().unwrap_or(3000) as usize;
    let flows = args.get(1).copied().unwrap_or(1000) as usize;
    let header_timeout = Duration::from_millis(args.get(2).copied().unwrap_or(2000));
    let max_connections = args.get(3).copied().unwrap_or(4096) as usize;
    let fds = raise_fd_limit();
    println!(
        "{sockets} stalled sockets, {flows} flows, header timeout {} ms, max {max_connections} connections, open-file limit {fds}",
        header_timeout.as_millis()
    );
    let fake = Arc::new(
        FakeStytch::builder()
            .header_read_timeout(header_timeout)
            .max_connections(max_connections)
            .start()
            .await?,
    );
    let http = reqwest::Client::new();
    let org = post(
        &http,
        &fake,
        "/__fake/organizations",
        json!({"organization_name": "Hostile", "organization_slug": "hostile"}),
    )
    .await?;
    let org_id = org["organization_id"]
        .as_str()
        .ok_or("no organization_id")?
        .to_owned();

    // The attack: half-sent headers, never finished.
    let attack_started = Instant::now();
    let mut stalled = Vec::with_capacity(sockets);
    for _ in 0..sockets {
        let mut stream = TcpStream::connect(fake.local_addr()).await?;
        stream
            .write_all(b"POST /v1/b2b/otps/sms/send HTTP/1.1\r\nHost: x\r\n")
            .await?;
        stalled.push(stream);
    }
    let closers: Vec<_> = stalled
        .into_iter()
        .map(|mut stream| {
            tokio::spawn(async move {
                let mut sink = Vec::new();
                let _ = stream.read_to_end(&mut sink).await;
                attack_started.elapsed()
            })
        })
        .collect();

    // The suite, meanwhile.
    let flows_started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..flows {
        let (fake, http, org_id) = (fake.clone(), http.clone(), org_id.clone());
        tasks.spawn(async move {
            let started = Instant::now();
            let member = post(
                &http,
                &fake,
                &format!("/__fake/organizations/{org_id}/members"),
                json!({"email_address": format!("m{i}@hostile.test"), "phone_number": format!("+1555{i:07}")}),
            )
            .await?;
            let member_id = member["member_id"].as_str().ok_or("no member_id")?.to_owned();
            let ist = post(
                &http,
                &fake,
                "/__fake/intermediate_sessions",
                json!({"organization_id": org_id, "member_id": member_id}),
            )
            .await?;
            let ist = ist["intermediate_session_token"].as_str().ok_or("no ist")?.to_owned();
            let client = fake.client();
            let sms = client.otps().sms();
            sms.send(SendRequest::new(&org_id, &member_id).intermediate_session_token(&ist))
                .await?;
            let code = fake.last_code(&member_id).ok_or("no code")?;
            sms.authenticate(
                AuthenticateRequest::new(&org_id, &member_id, code).intermediate_session_token(ist),
            )
            .await?;
            Ok::<_, BoxError>(started.elapsed())
        });
    }
    let mut ok = 0;
    let mut slowest = Duration::ZERO;
    let mut failures = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        match joined? {
            Ok(took) => {
                ok += 1;
                slowest = slowest.max(took);
            }
            Err(e) => failures.push(e.to_string()),
        }
    }
    let flows_took = flows_started.elapsed();
    let mut longest_open = Duration::ZERO;
    for closer in closers {
        longest_open = longest_open.max(closer.await?);
    }
    println!(
        "flows: {ok} of {flows} succeeded in {:.2} s ({:.0} flows/s), slowest {:.0} ms",
        flows_took.as_secs_f64(),
        ok as f64 / flows_took.as_secs_f64(),
        slowest.as_secs_f64() * 1000.0
    );
    println!(
        "stalled sockets: all {sockets} closed by the fake, the last {:.2} s after the attack began (header timeout {:.1} s)",
        longest_open.as_secs_f64(),
        header_timeout.as_secs_f64()
    );
    if let Some(first) = failures.first() {
        return Err(format!("{} flows failed, e.g. {first}", failures.len()).into());
    }
    Ok(())
}
