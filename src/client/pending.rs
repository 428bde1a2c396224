//! [`Pending`]: the future every operation method returns.
//!
//! Why a named type rather than an `async fn`: an `async fn` of the SDK is a generic state
//! machine that the compiler builds, whole, in every crate that awaits it (the retry loop,
//! the HTTP exchange, the decoding of every response type). A `Pending` is made by the SDK's
//! own, already compiled code; the caller's crate only polls it, which is one call through a
//! pointer and one call of the decoder the SDK compiled for that operation.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;

use crate::Error;

/// A 2xx answer read in full, and the span of its call (where a decoding failure is
/// recorded).
pub(crate) struct Answer {
    pub(super) status: u16,
    pub(super) body: Bytes,
    pub(super) span: tracing::Span,
    /// The operation's name and the attempts the call made, for a decoding failure's error.
    pub(super) operation: &'static str,
    pub(super) attempts: u32,
}

/// The non-generic part of a call: the HTTP exchange with retries, timeouts and the tracing
/// span, up to a 2xx body read in full (or the error).
pub(crate) type Exchange = Pin<Box<dyn Future<Output = Result<Answer, Error>> + Send>>;

/// Turns a 2xx body into the operation's response type.
pub(crate) type Decoder<T> = fn(Answer) -> Result<T, Error>;

/// A call to Stytch in flight: a future that resolves to the operation's response, or to an
/// [`Error`].
///
/// Every operation method returns one (a `send` method returns a `Pending` of the send
/// response); `.await` it as you would an `async fn`, and the method's
/// documentation says what it resolves to.
///
/// Nothing is sent until it is first polled, and dropping it cancels the call. It owns what it
/// needs (it does not borrow the client), so it is `Send + 'static` and can be given to
/// `tokio::spawn`. It is `Unpin`. Its `Debug` names the operation.
#[must_use = "a call is sent only when its future is awaited or polled"]
pub struct Pending<T> {
    exchange: Exchange,
    decode: Decoder<T>,
    operation: &'static str,
}

impl<T> Pending<T> {
    pub(crate) fn new(exchange: Exchange, decode: Decoder<T>, operation: &'static str) -> Self {
        Pending {
            exchange,
            decode,
            operation,
        }
    }

    /// The exchange and the decoder, for the blocking client (which runs the exchange on its
    /// runtime thread and decodes on the caller's).
    #[cfg(feature = "blocking")]
    pub(crate) fn into_parts(self) -> (Exchange, Decoder<T>) {
        (self.exchange, self.decode)
    }
}

impl<T> Future for Pending<T> {
    type Output = Result<T, Error>;

    #[inline]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.exchange.as_mut().poll(cx) {
            Poll::Ready(answer) => Poll::Ready(answer.and_then(self.decode)),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<T> fmt::Debug for Pending<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pending")
            .field("operation", &self.operation)
            .finish_non_exhaustive()
    }
}
