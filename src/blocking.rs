//! A blocking client, for programs without an async runtime.
//!
//! The same API as the async [`Client`](crate::Client), without `.await`: every generated method has a blocking twin here, reached by the same path and taking the
//! same request; `examples/blocking.rs` runs the SMS flow with it against the local fake
//! (`cargo run --example blocking --features blocking`).
//!
//! It drives the async client on a private Tokio runtime that lives on a thread of its own
//! (`stytch-blocking`), so connections are pooled and kept alive between calls, and the
//! client can be dropped anywhere: dropping the last clone stops that thread and waits for
//! it, and never panics, even inside an async runtime. Do not *call* it from inside an async
//! runtime: that would stall the runtime's thread, so it returns [`Error::Config`] instead.

use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use crate::error::config_error;
use crate::{Error, RetryPolicy};

/// A blocking Stytch API client; see the [module docs](self).
///
/// Cheap to clone: clones share the connection pool and the runtime thread.
#[derive(Clone, Debug)]
pub struct Client {
    client: crate::Client,
    runtime: Arc<RuntimeThread>,
}

/// A current-thread Tokio runtime running on its own thread until dropped.
#[derive(Debug)]
struct RuntimeThread {
    handle: tokio::runtime::Handle,
    /// Dropped (closed) to tell the thread to stop.
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl RuntimeThread {
    fn start() -> Result<Self, Error> {
        let failed = |e: &dyn std::fmt::Display| {
            config_error(format!(
                "could not start the blocking client's runtime: {e}"
            ))
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| failed(&e))?;
        let handle = runtime.handle().clone();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("stytch-blocking".into())
            .spawn(move || {
                // Drives every spawned call until told to stop; the runtime is then dropped
                // here, on its own thread, where that is always allowed.
                let _ = runtime.block_on(stopped);
            })
            .map_err(|e| failed(&e))?;
        Ok(Self {
            handle,
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for RuntimeThread {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            // Calls in flight hold a clone of the client, so none is running now; the join
            // waits only for the runtime to shut down.
            let _ = thread.join();
        }
    }
}

impl Client {
    /// Wraps an async client.
    ///
    /// Fails with [`Error::Config`] if the runtime thread cannot be started.
    pub fn new(client: crate::Client) -> Result<Self, Error> {
        Ok(Client {
            client,
            runtime: Arc::new(RuntimeThread::start()?),
        })
    }

    /// The async client behind this one.
    pub fn as_async(&self) -> &crate::Client {
        &self.client
    }

    /// A clone whose calls time out after `timeout`; see
    /// [`crate::Client::with_timeout`].
    #[must_use]
    pub fn with_timeout(&self, timeout: Duration) -> Client {
        Client {
            client: self.client.with_timeout(timeout),
            runtime: Arc::clone(&self.runtime),
        }
    }

    /// A clone that retries according to `policy`; see
    /// [`crate::Client::with_retry_policy`].
    #[must_use]
    pub fn with_retry_policy(&self, policy: RetryPolicy) -> Client {
        Client {
            client: self.client.with_retry_policy(policy),
            runtime: Arc::clone(&self.runtime),
        }
    }

    /// Runs one call to completion and waits for its result: the exchange on the runtime
    /// thread, the decoding here. Generic only in the decoder's type; the waiting is
    /// [`run`](Self::run), compiled once.
    pub(crate) fn wait<T>(&self, pending: crate::Pending<T>) -> Result<T, Error> {
        let (exchange, decode) = pending.into_parts();
        self.run(exchange).and_then(decode)
    }

    /// Runs a future of the async client to completion on the runtime thread and waits for
    /// it (for the hand-written layer's async methods, which are not one `Pending`).
    #[cfg_attr(not(feature = "sessions"), allow(dead_code))]
    pub(crate) fn block_on<T: Send + 'static>(
        &self,
        future: impl std::future::Future<Output = Result<T, Error>> + Send + 'static,
    ) -> Result<T, Error> {
        self.run_boxed(Box::pin(future))
    }

    /// The waiting of [`wait`](Self::wait) and [`block_on`](Self::block_on): the future runs
    /// on the runtime thread, this thread waits for its result.
    fn run_boxed<T: Send + 'static>(
        &self,
        future: std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, Error>> + Send>>,
    ) -> Result<T, Error> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(config_error(
                "the blocking client was called from inside an async runtime; use the async Client there",
            ));
        }
        let (done, result) = std::sync::mpsc::sync_channel(1);
        self.runtime.handle.spawn(async move {
            let _ = done.send(future.await);
        });
        result.recv().unwrap_or_else(|_| {
            Err(config_error(
                "the blocking client's runtime stopped before the call finished",
            ))
        })
    }

    fn run(&self, exchange: crate::client::Exchange) -> Result<crate::client::Answer, Error> {
        self.run_boxed(exchange)
    }
}

// Accessors and methods generated by build.rs from schema/ (a copy is checked in under
// generated/); see src/runtime.rs.
include!(env!("STYTCH_GENERATED_BLOCKING"));

impl crate::ClientBuilder {
    /// Builds a [`blocking::Client`](Client) instead of an async one.
    ///
    /// Fails like [`build`](Self::build), or if the runtime thread cannot be started.
    #[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
    pub fn build_blocking(self) -> Result<Client, Error> {
        Client::new(self.build()?)
    }
}
