//! [`FakeStytchBuilder`]: a fake's address, credentials, signing key, limits and outbox size,
//! checked when it starts.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;

use crate::state::Shared;
use crate::{FakeError, FakeStytch, http, jwt, state, util, validate};

/// Configures a [`FakeStytch`]; created by [`FakeStytch::builder`].
#[derive(Debug, Clone)]
pub struct FakeStytchBuilder {
    addr: SocketAddr,
    project_id: Option<String>,
    secret: Option<String>,
    signing_key: Option<(String, String)>,
    outbox_capacity: usize,
    header_read_timeout: Duration,
    body_read_timeout: Duration,
    max_connections: usize,
    import: Option<serde_json::Value>,
}

impl FakeStytchBuilder {
    /// The defaults: loopback with a free port, random credentials, the published test key,
    /// the default limits and outbox size.
    pub(crate) fn new() -> Self {
        FakeStytchBuilder {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            project_id: None,
            secret: None,
            signing_key: None,
            outbox_capacity: state::DEFAULT_OUTBOX_CAPACITY,
            header_read_timeout: http::DEFAULT_HEADER_READ_TIMEOUT,
            body_read_timeout: http::DEFAULT_BODY_READ_TIMEOUT,
            max_connections: http::DEFAULT_MAX_CONNECTIONS,
            import: None,
        }
    }

    /// How long a client may take to send a request's headers, and on a kept-alive
    /// connection to start its next request; the connection is closed after it. Default
    /// [`DEFAULT_HEADER_READ_TIMEOUT`](crate::DEFAULT_HEADER_READ_TIMEOUT) (10 s); 1 ms to 1 hour.
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// How long a client may take to send a request's body once its headers are in; it gets
    /// a 408 `request_timeout` after it. Default [`DEFAULT_BODY_READ_TIMEOUT`](crate::DEFAULT_BODY_READ_TIMEOUT) (10 s); 1 ms to
    /// 1 hour.
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.body_read_timeout = timeout;
        self
    }

    /// The state the fake starts from, as [`FakeStytch::export_state`] gives it (the CLI's
    /// `--import FILE`): imported at [`start`](Self::start), and what
    /// [`FakeStytch::reset`] returns to.
    ///
    /// [`FakeStytch::export_state`]: crate::FakeStytch::export_state
    /// [`FakeStytch::reset`]: crate::FakeStytch::reset
    pub fn import_state(mut self, snapshot: serde_json::Value) -> Self {
        self.import = Some(snapshot);
        self
    }

    /// How many connections are served at once; more wait to be accepted. Default
    /// [`DEFAULT_MAX_CONNECTIONS`](crate::DEFAULT_MAX_CONNECTIONS) (1,024); at least 1.
    pub fn max_connections(mut self, max: usize) -> Self {
        self.max_connections = max;
        self
    }

    /// How many SMS the outbox keeps (default [`DEFAULT_OUTBOX_CAPACITY`](crate::DEFAULT_OUTBOX_CAPACITY)); the oldest are
    /// dropped beyond it. At least 1: [`start`](Self::start) refuses 0.
    pub fn outbox_capacity(mut self, capacity: usize) -> Self {
        self.outbox_capacity = capacity;
        self
    }

    /// The address to listen on; default `127.0.0.1:0` (an ephemeral port on loopback).
    pub fn addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// Fixed credentials instead of random `project-test-…` / `secret-test-…` ones.
    pub fn credentials(mut self, project_id: impl Into<String>, secret: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self.secret = Some(secret.into());
        self
    }

    /// Signs session JWTs with this PKCS#8 PEM RSA key (2048 to 8192 bits) under this `kid`,
    /// instead of the published [`TEST_SIGNING_KEY_PEM`](crate::TEST_SIGNING_KEY_PEM).
    pub fn signing_key(mut self, pkcs8_pem: impl Into<String>, kid: impl Into<String>) -> Self {
        self.signing_key = Some((pkcs8_pem.into(), kid.into()));
        self
    }

    /// Binds the address and starts serving on the current tokio runtime.
    ///
    /// Fails if a state to import is refused (see
    /// [`FakeStytch::import_state`](crate::FakeStytch::import_state)), if the address cannot be bound, if the credentials are empty or the
    /// project id contains `:` (they could not be sent with basic auth), or if the signing
    /// key is not a PKCS#8 RSA key.
    pub async fn start(self) -> io::Result<FakeStytch> {
        let project_id = self
            .project_id
            .unwrap_or_else(|| format!("project-test-{}", util::uuid()));
        let secret = self
            .secret
            .unwrap_or_else(|| format!("secret-test-{}", util::token()));
        if project_id.trim().is_empty() || project_id.contains(':') || secret.trim().is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "project id and secret must be non-empty and the project id must not contain ':'",
            ));
        }
        let signer = match &self.signing_key {
            None => jwt::Signer::test_key(),
            Some((pem, kid)) => jwt::Signer::from_pem(pem, kid)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?,
        };
        if self.outbox_capacity == 0 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "outbox_capacity must be at least 1",
            ));
        }
        let invalid = |e: FakeError| io::Error::new(io::ErrorKind::InvalidInput, e.message);
        let limits = http::Limits {
            header_read_timeout: validate::timeout("header_read_timeout", self.header_read_timeout)
                .map_err(invalid)?,
            body_read_timeout: validate::timeout("body_read_timeout", self.body_read_timeout)
                .map_err(invalid)?,
            max_connections: validate::max_connections("max_connections", self.max_connections)
                .map_err(invalid)?,
        };
        let listener = TcpListener::bind(self.addr).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new(project_id, secret, signer));
        shared.lock().set_outbox_capacity(self.outbox_capacity);
        if let Some(snapshot) = self.import {
            crate::control::emulator::import_baseline(&shared, snapshot)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.message))?;
        }
        let server = tokio::spawn(http::serve(listener, Arc::clone(&shared), limits));
        Ok(FakeStytch {
            shared,
            addr,
            server,
        })
    }
}
