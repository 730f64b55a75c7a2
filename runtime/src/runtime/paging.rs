//! Pagination: every page, or every item, of a paginated list operation as a
//! [`Stream`]. Each page is one more exchange through the client (`request::exchange`),
//! so it has the retries, timeout, auth, hooks and span of any call.
//!
//! How one page leads to the next is a [`Paging`] the generator writes for each paginated
//! operation. Two rules keep a stream safe whatever the server sends: a next URL is only
//! followed on the client's own scheme, host, port and base path (the API key travels with
//! every page), and a page that leads back to one already read ends the stream with an error.
#![allow(dead_code)] // used only by clients with paginated operations

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_core::Stream;
use reqwest::{StatusCode, Url};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::DecodeError;
use super::request::{exchange, Call, Request};
use super::{wire, Client, Error};

/// How a page names the next one. Pointers are JSON pointers into a page's body.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Paging {
    /// The page gives the next page's URL at `next_url`; absent, null or empty ends.
    NextUrl { next_url: &'static str },
    /// The query parameter `param` numbers pages: the next is the page's own number (at
    /// `page`) plus one, while the flag at `has_more` is true.
    PageNumber {
        param: &'static str,
        page: &'static str,
        has_more: &'static str,
    },
    /// The query parameter `param` skips items: it grows by each page's item count, while
    /// the flag at `has_more` is true.
    Offset {
        param: &'static str,
        has_more: &'static str,
    },
}

/// A paginated operation: how pages follow each other and where a page keeps its items.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pagination {
    pub(crate) paging: Paging,
    pub(crate) items: &'static str,
}

impl<'a, T: Send + 'a, Op> Call<'a, T, Op> {
    /// Every page of this call, the first one as the call asks for it.
    pub(crate) fn paginate(self, pagination: Pagination) -> Pages<'a, T> {
        let (client, request, decode) = self.into_parts();
        Pages::new(
            client,
            request,
            pagination,
            Arc::new(move |status, body, _| decode(status, body)),
        )
    }

    /// Every item of every page of this call, decoded as `Item`.
    pub(crate) fn paginate_items<Item: DeserializeOwned + Send + 'a>(
        self,
        pagination: Pagination,
    ) -> Items<'a, Item> {
        let (client, request, _) = self.into_parts();
        let items_at = pagination.items;
        let pages = Pages::new(
            client,
            request,
            pagination,
            Arc::new(move |status, body, page: &mut Value| {
                // A page without its items (absent or null) has none, as the typed page
                // (whose items are optional) reads it through `pages()`.
                let items = match page.pointer_mut(items_at).map(Value::take) {
                    None | Some(Value::Null) => Value::Array(Vec::new()),
                    Some(items) => items,
                };
                serde_json::from_value(items).map_err(|err| {
                    Error::Decode(Box::new(DecodeError {
                        status,
                        path: items_at.to_owned(),
                        message: err.to_string(),
                        body: String::from_utf8_lossy(body).into_owned(),
                    }))
                })
            }),
        );
        Items {
            pages,
            buffered: VecDeque::new(),
            max_items: None,
            yielded: 0,
        }
    }
}

/// Reads one page's output from its status, body and body as JSON.
type ReadPage<'a, P> =
    Arc<dyn Fn(StatusCode, &[u8], &mut Value) -> Result<P, Error> + Send + Sync + 'a>;

/// What a stream needs to fetch its next page.
pub(crate) struct Cursor<'a, P> {
    client: &'a Client,
    request: Request,
    pagination: Pagination,
    read: ReadPage<'a, P>,
    /// Path and query of every page requested so far, to see a loop.
    seen: HashSet<String>,
    pages_left: Option<u64>,
}

/// A fetched page (or the error fetching it) and what comes after it: the cursor of the
/// next page, the error that stops the stream there (a foreign next URL, a loop), or the end.
type Fetched<'a, P> = (Result<P, Error>, Option<Result<Box<Cursor<'a, P>>, Error>>);

type PageFuture<'a, P> = Pin<Box<dyn Future<Output = Fetched<'a, P>> + Send + 'a>>;

/// Every page of a paginated call as a [`Stream`] of `Result<page, Error>`; it ends after
/// the last page, or after the first error.
#[must_use = "a stream does nothing until it is polled"]
pub struct Pages<'a, P> {
    /// Boxed, so that the boxed future fetching a page holds a pointer to it rather than
    /// all of it: at 1,480 bytes that future went past what glibc's allocator serves from
    /// a cache of the thread's own (see `Call::future` in `request.rs`).
    next: Option<Result<Box<Cursor<'a, P>>, Error>>,
    /// Visible to the crate for `tests/paging.rs`, which measures it.
    pub(crate) pending: Option<PageFuture<'a, P>>,
}

impl<'a, P: Send + 'a> Pages<'a, P> {
    fn new(
        client: &'a Client,
        request: Request,
        pagination: Pagination,
        read: ReadPage<'a, P>,
    ) -> Self {
        Pages {
            next: Some(Ok(Box::new(Cursor {
                client,
                request,
                pagination,
                read,
                seen: HashSet::new(),
                pages_left: None,
            }))),
            pending: None,
        }
    }

    /// The first page's request and how pages follow each other, for a mock serving
    /// them (`mock.rs`); `None` once the stream has started.
    #[allow(dead_code)] // used by the mocks (the `mock` feature)
    pub(crate) fn into_parts(self) -> Option<(Request, Pagination)> {
        match self.next {
            Some(Ok(cursor)) if self.pending.is_none() => {
                let Cursor {
                    request,
                    pagination,
                    ..
                } = *cursor;
                Some((request, pagination))
            }
            _ => None,
        }
    }

    /// Stops after `pages` pages even if the server has more.
    pub fn max_pages(mut self, pages: u64) -> Self {
        if let Some(Ok(cursor)) = &mut self.next {
            cursor.pages_left = Some(pages);
        }
        self
    }
}

// Nothing is pinned structurally: the pending page is boxed.
impl<P> Unpin for Pages<'_, P> {}

impl<'a, P: Send + 'a> Stream for Pages<'a, P> {
    type Item = Result<P, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if let Some(pending) = &mut self.pending {
                let Poll::Ready((page, next)) = pending.as_mut().poll(cx) else {
                    return Poll::Pending;
                };
                self.pending = None;
                self.next = next;
                return Poll::Ready(Some(page));
            }
            let cursor = match self.next.take() {
                Some(Ok(cursor)) => cursor,
                Some(Err(err)) => return Poll::Ready(Some(Err(err))),
                None => return Poll::Ready(None),
            };
            if cursor.pages_left == Some(0) {
                return Poll::Ready(None);
            }
            self.pending = Some(Box::pin(cursor.fetch()));
        }
    }
}

impl<'a, P: Send + 'a> Cursor<'a, P> {
    /// Fetches the page `request` describes, and finds what comes after it.
    async fn fetch(mut self: Box<Self>) -> Fetched<'a, P> {
        let read = Arc::clone(&self.read);
        let items = self.pagination.items;
        let fetched = exchange(self.client, &mut self.request, move |status, body| {
            // A body that is not JSON fails the page, as it fails any call. Read as `null`,
            // it looked like a last page without items: the stream ended as if complete.
            let mut json: Value = wire::decode_json(status, body)?;
            let count = item_count(&json, items);
            let page = read(status, body, &mut json)?;
            Ok((page, json, count))
        })
        .await;
        let (page, json, count) = match fetched {
            Ok(response) => response.body,
            Err(err) => return (Err(err), None),
        };
        self.pages_left = self.pages_left.map(|left| left.saturating_sub(1));
        // A capped stream ends at its cap: a next page it will never request cannot fail it.
        if self.pages_left == Some(0) {
            return (Ok(page), None);
        }
        match self.advance(&json, count) {
            Ok(true) => (Ok(page), Some(Ok(self))),
            Ok(false) => (Ok(page), None),
            Err(err) => (Ok(page), Some(Err(err))),
        }
    }

    /// Points `request` at the page after the one whose body is `page`; `false` when that
    /// was the last page.
    fn advance(&mut self, page: &Value, count: usize) -> Result<bool, Error> {
        self.seen
            .insert(target(&self.request.path, &self.request.query));
        match self.pagination.paging {
            Paging::NextUrl { next_url } => {
                let Some(next) = page.pointer(next_url).and_then(Value::as_str) else {
                    return Ok(false);
                };
                if next.is_empty() {
                    return Ok(false);
                }
                let base = self.client.base_url();
                let (path, query) = same_origin(base, &self.request.path, next)?;
                self.request.path = path;
                self.request.query = query;
            }
            Paging::PageNumber {
                param,
                page: number,
                has_more,
            } => {
                if !flag(page, has_more) {
                    return Ok(false);
                }
                let Some(current) = page.pointer(number).and_then(page_number) else {
                    return Err(Error::Pagination(format!(
                        "the page says there is more but not its own number at `{number}`"
                    )));
                };
                self.request.replace_query(param, current.saturating_add(1));
            }
            Paging::Offset { param, has_more } => {
                if !flag(page, has_more) {
                    return Ok(false);
                }
                let prefix = format!("{param}=");
                let offset = self
                    .request
                    .query
                    .iter()
                    .find_map(|pair| pair.strip_prefix(&prefix))
                    .and_then(|value| value.parse::<u64>().ok())
                    .unwrap_or(0);
                self.request
                    .replace_query(param, offset.saturating_add(count as u64));
            }
        }
        let next = target(&self.request.path, &self.request.query);
        if self.seen.contains(&next) {
            return Err(Error::Pagination(format!(
                "the next page, {next}, was already read: the pages loop"
            )));
        }
        Ok(true)
    }
}

/// How many items a page holds (0 when they are not an array).
fn item_count(page: &Value, items: &'static str) -> usize {
    page.pointer(items)
        .and_then(Value::as_array)
        .map_or(0, Vec::len)
}

/// A page's own number: an integer, or a float with no fractional part (`0.0`, which a
/// `number` field allows and the typed model reads), below 2^53 (beyond, a float is not
/// one exact integer).
fn page_number(value: &Value) -> Option<i64> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    value.as_i64().or_else(|| {
        let float = value.as_f64()?;
        (float.fract() == 0.0 && float.abs() < EXACT).then_some(float as i64)
    })
}

fn flag(page: &Value, at: &str) -> bool {
    page.pointer(at).and_then(Value::as_bool).unwrap_or(false)
}

fn target(path: &str, query: &[String]) -> String {
    format!("{path}?{}", query.join("&"))
}

/// The path (after the base URL's) and query pairs of `next`, resolved as a browser would
/// against the URL of the page that named it (the base URL and `path`, the page's path
/// after it): `?page=2` is the same path with another query, `/v1/x` is from the host's
/// root, `x` is next to the page. An error when it is on another scheme, host or port, or
/// outside the base path.
fn same_origin(base: &str, path: &str, next: &str) -> Result<(String, Vec<String>), Error> {
    let base_url = Url::parse(base).map_err(|err| Error::InvalidUrl(format!("{base}: {err}")))?;
    let page = format!("{}{path}", base.trim_end_matches('/'));
    let joined = Url::parse(&page)
        .and_then(|page| page.join(next))
        .map_err(|err| {
            Error::Pagination(format!("the next page's URL `{next}` is invalid: {err}"))
        })?;
    let base_path = base_url.path().trim_end_matches('/');
    let rest = joined
        .path()
        .strip_prefix(base_path)
        .filter(|rest| rest.starts_with('/'));
    let same = joined.scheme() == base_url.scheme()
        && joined.host_str() == base_url.host_str()
        && joined.port_or_known_default() == base_url.port_or_known_default();
    match rest {
        Some(rest) if same => Ok((
            rest.to_owned(),
            joined
                .query()
                .unwrap_or("")
                .split('&')
                .filter(|pair| !pair.is_empty())
                .map(str::to_owned)
                .collect(),
        )),
        _ => Err(Error::Pagination(format!(
            "the next page is at `{}`, outside the client's base URL `{base}`; not followed",
            joined.origin().ascii_serialization()
        ))),
    }
}

/// Every item of every page of a paginated call as a [`Stream`] of `Result<item, Error>`.
#[must_use = "a stream does nothing until it is polled"]
pub struct Items<'a, Item> {
    pages: Pages<'a, Vec<Item>>,
    buffered: VecDeque<Item>,
    max_items: Option<u64>,
    yielded: u64,
}

impl<'a, Item: Send + 'a> Items<'a, Item> {
    /// Stops after `pages` pages even if the server has more.
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.pages = self.pages.max_pages(pages);
        self
    }

    /// Stops after `items` items even if the server has more.
    pub fn max_items(mut self, items: u64) -> Self {
        self.max_items = Some(items);
        self
    }
}

// Nothing is pinned structurally: the pending page is boxed, buffered items are moved out.
impl<Item> Unpin for Items<'_, Item> {}

impl<'a, Item: Send + 'a> Stream for Items<'a, Item> {
    type Item = Result<Item, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if self.max_items.is_some_and(|max| self.yielded >= max) {
                return Poll::Ready(None);
            }
            if let Some(item) = self.buffered.pop_front() {
                self.yielded += 1;
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut self.pages).poll_next(cx) {
                Poll::Ready(Some(Ok(items))) => self.buffered.extend(items),
                Poll::Ready(Some(Err(err))) => return Poll::Ready(Some(Err(err))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
