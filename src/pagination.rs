//! Cursor pagination: the operations that answer a page and a cursor to the next one, as a
//! stream of pages or of items that follows the cursors.
//!
//! Which operations those are is data: the overlay marks each (`x-pagination`, naming the
//! request's cursor, the response's next cursor and its list of results), and the generator
//! emits from the mark the response's [`Page`] impl and a `<method>_pages` method next to the
//! operation's (`client.organizations().search_pages(request)`). This module names nothing
//! generated.
//!
//! [`Pages`] is a `futures_core::Stream` of pages (`Result<Response, Error>`), and
//! [`Pages::items`] of their items. A failing page is delivered as its error and ends the
//! stream; a cursor the API repeats ends it with an error rather than looping. The
//! request's own cursor is where the first page starts; its `limit`, if it has one, is the page
//! size. [`Pages::max_items`] stops after that many items. The blocking client has the same
//! methods, as iterators ([`BlockingPages`]).

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::error::{Error, config_error};

/// A response that is one page of a cursor-paged operation.
pub trait Page: Sized + Send + 'static {
    /// The operation's request.
    type Request: Clone + Send + 'static;
    /// One result of a page.
    type Item: Send + 'static;
    /// Calls the operation.
    #[doc(hidden)]
    fn fetch(client: &crate::Client, request: Self::Request) -> crate::Pending<Self>;
    /// Sets where the next page starts.
    #[doc(hidden)]
    fn set_cursor(request: &mut Self::Request, cursor: String);
    /// The cursor of the next page; `None` or empty on the last page.
    fn next_cursor(&self) -> Option<&str>;
    /// How many results the page has.
    fn len(&self) -> usize;
    /// Whether the page has no results.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The page's results.
    fn into_items(self) -> Vec<Self::Item>;
}

/// The pages of a cursor-paged operation, fetched one at a time as the stream is polled.
#[must_use = "a stream does nothing until polled"]
pub struct Pages<P: Page> {
    client: crate::Client,
    next: Option<P::Request>,
    in_flight: Option<crate::Pending<P>>,
    last_cursor: Option<String>,
    max_items: Option<usize>,
    seen_items: usize,
    /// An error to deliver after the page that revealed it.
    deferred: Option<Error>,
}

impl<P: Page> Pages<P> {
    // Called by the generated `*_pages` methods, which a build without a paged operation has
    // none of.
    #[allow(dead_code)]
    pub(crate) fn new(client: &crate::Client, request: P::Request) -> Self {
        Pages {
            client: client.clone(),
            next: Some(request),
            in_flight: None,
            last_cursor: None,
            max_items: None,
            seen_items: 0,
            deferred: None,
        }
    }

    /// Fetches no page after the one that brings the count of items to `n`.
    pub fn max_items(mut self, n: usize) -> Self {
        self.max_items = Some(n);
        self
    }

    /// The items of the pages, in order, at most [`max_items`](Self::max_items).
    pub fn items(self) -> Items<P> {
        Items {
            pages: self,
            buffered: VecDeque::new(),
            given: 0,
        }
    }

    /// The next page, or why there is none (`None` after the last page or an error).
    fn step(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<P, Error>>> {
        if let Some(error) = self.deferred.take() {
            return Poll::Ready(Some(Err(error)));
        }
        if self.in_flight.is_none() {
            if self.max_items.is_some_and(|max| self.seen_items >= max) {
                self.next = None;
            }
            let Some(request) = self.next.clone() else {
                return Poll::Ready(None);
            };
            self.in_flight = Some(P::fetch(&self.client, request));
        }
        let Some(pending) = self.in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        let answer = match Pin::new(pending).poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(answer) => answer,
        };
        self.in_flight = None;
        let page = match answer {
            Ok(page) => {
                self.seen_items += page.len();
                page
            }
            Err(e) => {
                self.next = None;
                return Poll::Ready(Some(Err(e)));
            }
        };
        match page.next_cursor().filter(|c| !c.is_empty()) {
            None => self.next = None,
            Some(cursor) if self.last_cursor.as_deref() == Some(cursor) => {
                // The page is delivered, then the error.
                self.next = None;
                self.deferred = Some(config_error(format!(
                    "the API answered the cursor {cursor:?} twice; stopping rather than looping"
                )));
            }
            Some(cursor) => {
                let cursor = cursor.to_owned();
                if let Some(next) = self.next.as_mut() {
                    P::set_cursor(next, cursor.clone());
                }
                self.last_cursor = Some(cursor);
            }
        }
        Poll::Ready(Some(Ok(page)))
    }
}

impl<P: Page> Stream for Pages<P> {
    type Item = Result<P, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().step(cx)
    }
}

impl<P: Page> Unpin for Pages<P> {}

/// The items of [`Pages`], in order.
#[must_use = "a stream does nothing until polled"]
pub struct Items<P: Page> {
    pages: Pages<P>,
    buffered: VecDeque<P::Item>,
    given: usize,
}

impl<P: Page> Stream for Items<P> {
    type Item = Result<P::Item, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.pages.max_items.is_some_and(|max| this.given >= max) {
                return Poll::Ready(None);
            }
            if let Some(item) = this.buffered.pop_front() {
                this.given += 1;
                return Poll::Ready(Some(Ok(item)));
            }
            match this.pages.step(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => this.buffered.extend(page.into_items()),
            }
        }
    }
}

impl<P: Page> Unpin for Items<P> {}

/// The pages of a blocking call, as an iterator: each `next` fetches a page.
#[cfg(feature = "blocking")]
pub struct BlockingPages<P: Page> {
    client: crate::blocking::Client,
    pages: Option<Pages<P>>,
}

#[cfg(feature = "blocking")]
impl<P: Page> BlockingPages<P> {
    // As `Pages::new`.
    #[allow(dead_code)]
    pub(crate) fn new(client: &crate::blocking::Client, request: P::Request) -> Self {
        BlockingPages {
            pages: Some(Pages::new(client.as_async(), request)),
            client: client.clone(),
        }
    }

    /// Fetches no page after the one that brings the count of items to `n`.
    pub fn max_items(mut self, n: usize) -> Self {
        self.pages = self.pages.map(|p| p.max_items(n));
        self
    }

    /// The items of the pages, in order.
    pub fn items(self) -> impl Iterator<Item = Result<P::Item, Error>> {
        let limit = self.pages.as_ref().and_then(|p| p.max_items);
        self.flat_map(|page| -> Vec<Result<P::Item, Error>> {
            match page {
                Ok(page) => page.into_items().into_iter().map(Ok).collect(),
                Err(e) => vec![Err(e)],
            }
        })
        .take(limit.unwrap_or(usize::MAX))
    }
}

#[cfg(feature = "blocking")]
impl<P: Page> Iterator for BlockingPages<P> {
    type Item = Result<P, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut pages = self.pages.take()?;
        let stepped = self.client.block_on(async move {
            let page = std::future::poll_fn(|cx| pages.step(cx)).await;
            Ok((page, pages))
        });
        match stepped {
            Ok((page, pages)) => {
                self.pages = Some(pages);
                page
            }
            Err(e) => Some(Err(e)),
        }
    }
}
