//! Runs `tests/python/flows.py` (with `helpers.py` and `stytch_http.py`), a standard-library-only
//! Python client shaped from Stytch's API reference, against the `stytch-fake` binary: proof
//! that the fake serves clients other than our Rust SDK.
//!
//! Needs `python3` on the PATH (CI has it); without it the test fails and says so, rather than
//! skipping. `STYTCH_FAKE_PYTHON` names another interpreter.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long the fake may take to print its settings, and the script to run every flow, on a
/// slow shared machine.
const START_TIMEOUT: Duration = Duration::from_secs(60);
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(180);

/// A child process killed when the test ends, whatever way it ends.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `stytch-fake --port 0` and collects the `KEY=value` lines it prints.
fn start_fake() -> (KillOnDrop, HashMap<String, String>) {
    let mut child = KillOnDrop(
        Command::new(env!("CARGO_BIN_EXE_stytch-fake"))
            .args(["--port", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn stytch-fake"),
    );
    let stdout = child.0.stdout.take().expect("stytch-fake stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut vars = HashMap::new();
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            // The settings come first; the comment lines after them (the test routes, "Serving
            // until killed") end them.
            if line.starts_with('#') && vars.contains_key("STYTCH_SECRET") {
                break;
            }
            if let Some((key, value)) = line.split_once('=').filter(|_| !line.starts_with('#')) {
                vars.insert(key.to_owned(), value.to_owned());
            }
        }
        let _ = tx.send(vars);
        // Keep the pipe open (and drained) while the fake runs.
    });
    let vars = rx
        .recv_timeout(START_TIMEOUT)
        .expect("stytch-fake printed its KEY=value lines in time");
    for key in ["STYTCH_BASE_URL", "STYTCH_PROJECT_ID", "STYTCH_SECRET"] {
        assert!(
            vars.contains_key(key),
            "stytch-fake did not print {key}: {vars:?}"
        );
    }
    (child, vars)
}

/// Reads a pipe to the end on its own thread.
fn drain(pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = BufReader::new(pipe).read_to_string(&mut text);
        text
    })
}

#[test]
fn a_standard_library_python_client_runs_every_flow_against_the_binary() {
    let (_fake, vars) = start_fake();
    let python = std::env::var("STYTCH_FAKE_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/python/flows.py");
    let spawned = Command::new(&python)
        .arg(script)
        .envs(&vars)
        // No __pycache__ next to the sources.
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(child) => KillOnDrop(child),
        Err(e) => panic!(
            "cannot run `{python}` ({e}): this test needs Python 3 on the PATH (or \
             STYTCH_FAKE_PYTHON naming it) to drive the fake from {script}"
        ),
    };
    let stdout = drain(child.0.stdout.take().expect("script stdout"));
    let stderr = drain(child.0.stderr.take().expect("script stderr"));
    let deadline = Instant::now() + SCRIPT_TIMEOUT;
    let status = loop {
        if let Some(status) = child.0.try_wait().expect("wait for the script") {
            break Some(status);
        }
        if Instant::now() > deadline {
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    if status.is_none() {
        let _ = child.0.kill();
    }
    let out = stdout.join().unwrap_or_default();
    let err = stderr.join().unwrap_or_default();
    match status {
        Some(status) if status.success() => {
            assert!(
                out.contains("ok   "),
                "the script ran no flow:\n{out}\n{err}"
            );
            print!("{out}");
        }
        Some(status) => panic!("{script} failed ({status}):\n{out}\n{err}"),
        None => panic!("{script} did not finish in {SCRIPT_TIMEOUT:?}:\n{out}\n{err}"),
    }
}
