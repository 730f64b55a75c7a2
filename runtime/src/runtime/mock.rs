//! Typed mocks of the API, for the tests of code that calls it (the `mock` feature, off by
//! default): a [`MockServer`] on 127.0.0.1, a [`Client`] pointed at it, and expectations
//! written as the calls themselves.
//!
//! An expectation is a call built with the real client (`server.on(client.create_item(
//! &body).with_limit(5))`): the mock matches exactly what that call sends (method, path,
//! the query and header parameters it sets, its body as JSON or form values), and answers
//! with a value of the call's own response type, a status with an error body, or, for the
//! pages of a paginated call, a sequence of pages. No code is generated per operation:
//! every operation of every crate has a mock, the types are the calls' own, and the
//! encodings are the ones the client uses.
//!
//! The server is wiremock's (wiremock 0.6, on tokio and hyper 1, which the client already
//! builds). httpmock was the other candidate; wiremock won because its `Match` and
//! `Respond` traits take code of ours (the JSON comparison of bodies, the pages served in
//! turn) where httpmock offers fixed matchers and one fixed response per mock, and none of
//! wiremock's own types appear in this module's API, so a wiremock upgrade changes nothing
//! for callers.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use reqwest::{Method, Url};
use serde::Serialize;
use serde_json::Value;

use super::paging::{Pages, Pagination, Paging};
use super::request::{Answer, Call, Request};
use super::security::{Credential, SchemeKind};
use super::tokens::Tokens;
use super::upload::Payload;
use super::{Client, ClientBuilder, Credentials};

/// The query parameter of the next-page URLs a mock hands out.
const MOCK_PAGE: &str = "mock-page";

/// A mock of the API on 127.0.0.1, for as long as it lives.
pub struct MockServer {
    server: wiremock::MockServer,
}

impl MockServer {
    /// Starts a server on a free port of 127.0.0.1.
    pub async fn start() -> MockServer {
        MockServer {
            server: wiremock::MockServer::start().await,
        }
    }

    /// Its base URL, `http://127.0.0.1:<port>`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A client of the mock: [`MockServer::client_builder`], built.
    pub fn client(&self) -> Client {
        // Building fails only on a credential that is not a header value; these are.
        self.client_builder()
            .build()
            .unwrap_or_else(|error| unreachable!("a mock's client builds: {error}"))
    }

    /// A builder of a client of the mock, with a placeholder credential for every
    /// security scheme (so every operation can be called) and the client's defaults,
    /// except that retries wait 10 ms: a test of retries takes no longer than its mocks.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.uri())
            .credentials(placeholder_credentials())
            .initial_backoff(Duration::from_millis(10))
    }

    /// An expectation: `call` (a call of any operation, or the `pages()` of a paginated
    /// one), built with any client, as the request the code under test must send. Say
    /// what to answer on the [`MockBuilder`] it returns.
    pub fn on<E: Expectation>(&self, call: E) -> MockBuilder<'_, E::Answers> {
        let (expected, answers) = call.expectation();
        MockBuilder {
            server: self,
            expected,
            answers,
            delay: Duration::ZERO,
            headers: Vec::new(),
        }
    }
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("uri", &self.uri())
            .finish()
    }
}

/// What [`MockServer::on`] takes: a call, or the pages of a paginated call.
pub trait Expectation {
    /// What the mock answers with: a value of the call's response type, or its pages.
    type Answers;

    #[doc(hidden)]
    fn expectation(self) -> (Expected, Self::Answers);
}

/// A call's answer: a value of its response type `T`.
pub struct One<T> {
    answer: Answer,
    value: std::marker::PhantomData<fn() -> T>,
}

/// A paginated call's answer: a sequence of pages of type `P`.
pub struct Sequence<P> {
    pagination: Pagination,
    page: std::marker::PhantomData<fn() -> P>,
}

impl<T, Op> Expectation for Call<'_, T, Op> {
    type Answers = One<T>;

    fn expectation(self) -> (Expected, One<T>) {
        let answer = self.answer();
        let (_, request, _) = self.into_parts();
        let answers = One {
            answer,
            value: std::marker::PhantomData,
        };
        (Expected::of(&request, &[]), answers)
    }
}

impl<'a, P: Send + 'a> Expectation for Pages<'a, P> {
    type Answers = Sequence<P>;

    /// The first page's request, less the parameter that moves from page to page.
    fn expectation(self) -> (Expected, Sequence<P>) {
        let Some((request, pagination)) = self.into_parts() else {
            // A stream already polled has no first request left: it matches nothing.
            return (Expected::nothing(), Sequence::new(NOTHING));
        };
        let moving: &[&str] = match pagination.paging {
            Paging::NextUrl { .. } => &[],
            Paging::PageNumber { param, .. } | Paging::Offset { param, .. } => &[param],
        };
        (Expected::of(&request, moving), Sequence::new(pagination))
    }
}

const NOTHING: Pagination = Pagination {
    paging: Paging::NextUrl { next_url: "" },
    items: "",
};

impl<P> Sequence<P> {
    fn new(pagination: Pagination) -> Self {
        Sequence {
            pagination,
            page: std::marker::PhantomData,
        }
    }
}

/// What a mock answers, and after how long. Finish it with one of the `respond` methods,
/// which mount the mock; until then the server answers the call with 404.
#[must_use = "a mock answers nothing until one of its `respond` methods is awaited"]
pub struct MockBuilder<'s, A> {
    server: &'s MockServer,
    expected: Expected,
    answers: A,
    delay: Duration,
    headers: Vec<(String, String)>,
}

impl<A> MockBuilder<'_, A> {
    /// Answers after `delay` (to test timeouts and slow servers).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Sends this header with every answer (a `Retry-After`, a download's
    /// `Content-Type`).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Answers with `status` and `body` as JSON: an error response the spec declares
    /// (`Call::typed_errors` decodes it into its variant), or any other.
    pub async fn respond_error<B: Serialize + ?Sized>(self, status: u16, body: &B) -> Mocked {
        let body = serde_json::to_vec(body).unwrap_or_default();
        self.mount(Fixed {
            status,
            body,
            content_type: "application/json",
        })
        .await
    }

    /// Answers with `status` and no body.
    pub async fn respond_status(self, status: u16) -> Mocked {
        self.mount(Fixed {
            status,
            body: Vec::new(),
            content_type: "",
        })
        .await
    }

    async fn mount(self, reply: impl Reply) -> Mocked {
        let calls = Arc::new(AtomicUsize::new(0));
        let responder = Responder {
            reply,
            calls: calls.clone(),
            delay: self.delay,
            headers: self.headers,
        };
        wiremock::Mock::given(self.expected)
            .respond_with(responder)
            .mount(&self.server.server)
            .await;
        Mocked { calls }
    }
}

impl<T: Serialize + 'static> MockBuilder<'_, One<T>> {
    /// Answers with `value`, encoded as the call decodes it: JSON, the bytes of a
    /// download, text, or no body (status 204) for a call that returns `()`.
    pub async fn respond(self, value: T) -> Mocked {
        let answer = self.answers.answer;
        let any = &value as &dyn std::any::Any;
        let (status, body, content_type) = match answer {
            Answer::Json => (
                200,
                serde_json::to_vec(&value).unwrap_or_default(),
                "application/json",
            ),
            Answer::Bytes => (
                200,
                any.downcast_ref::<Vec<u8>>().cloned().unwrap_or_default(),
                "application/octet-stream",
            ),
            Answer::Text => (
                200,
                any.downcast_ref::<String>()
                    .map(|text| text.clone().into_bytes())
                    .unwrap_or_default(),
                "text/plain; charset=utf-8",
            ),
            Answer::Empty => (204, Vec::new(), ""),
        };
        self.mount(Fixed {
            status,
            body,
            content_type,
        })
        .await
    }
}

impl<P: Serialize> MockBuilder<'_, Sequence<P>> {
    /// Serves `pages` in turn: each page's link to the next (next URL, `has_more`, its
    /// own number) is set so that the client asks for the page after it, and cleared on
    /// the last. A request that is not a follow-up of this mock's pages gets the first
    /// page, so every stream over the call reads the whole sequence, concurrent ones
    /// included. An empty sequence is one empty page.
    pub async fn respond_pages(self, pages: Vec<P>) -> Mocked {
        let mut pages: Vec<Value> = pages
            .iter()
            .map(|page| serde_json::to_value(page).unwrap_or(Value::Null))
            .collect();
        if pages.is_empty() {
            pages.push(Value::Object(serde_json::Map::new()));
        }
        let pagination = self.answers.pagination;
        let base_url = self.server.uri();
        self.mount(PageSequence {
            pages,
            pagination,
            base_url,
            follow_ups: Mutex::new(HashMap::new()),
        })
        .await
    }
}

/// A mounted mock.
#[derive(Clone, Debug)]
pub struct Mocked {
    calls: Arc<AtomicUsize>,
}

impl Mocked {
    /// How many requests it has answered.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

/// The request an expectation matches.
#[doc(hidden)]
pub struct Expected {
    method: Method,
    path: String,
    /// Decoded pairs the request must carry (others may come too).
    query: Vec<(String, String)>,
    headers: Vec<(&'static str, String)>,
    body: ExpectedBody,
    /// Query parameters that differ from page to page, and are not compared.
    moving: Vec<&'static str>,
}

enum ExpectedBody {
    Any,
    Json(Value),
    Form(Vec<(String, String)>),
    Bytes(Vec<u8>),
}

impl Expected {
    fn of(request: &Request, moving: &[&'static str]) -> Expected {
        let body = match &request.body {
            None => ExpectedBody::Any,
            Some((content_type, Payload::Bytes(bytes))) => {
                if content_type == "application/json" {
                    serde_json::from_slice(bytes).map_or(ExpectedBody::Any, ExpectedBody::Json)
                } else if content_type == "application/x-www-form-urlencoded" {
                    ExpectedBody::Form(sorted_pairs(bytes))
                } else if content_type.starts_with("multipart/") {
                    // Its boundary is random: the parts are not compared.
                    ExpectedBody::Any
                } else {
                    ExpectedBody::Bytes(bytes.to_vec())
                }
            }
            Some((_, Payload::Segments(_))) => ExpectedBody::Any,
        };
        Expected {
            method: request.method.clone(),
            path: request.path.clone(),
            query: decoded_pairs(&request.query.join("&")),
            headers: request.headers.clone(),
            body,
            moving: moving.to_vec(),
        }
    }

    fn nothing() -> Expected {
        Expected {
            method: Method::from_bytes(b"NOTHING").unwrap_or(Method::TRACE),
            path: String::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: ExpectedBody::Any,
            moving: Vec::new(),
        }
    }
}

impl wiremock::Match for Expected {
    fn matches(&self, request: &wiremock::Request) -> bool {
        if request.method != self.method || request.url.path() != self.path {
            return false;
        }
        let sent = decoded_pairs(request.url.query().unwrap_or_default());
        let query = self
            .query
            .iter()
            .filter(|(name, _)| !self.moving.contains(&name.as_str()))
            .all(|pair| sent.contains(pair));
        let headers = self.headers.iter().all(|(name, value)| {
            request
                .headers
                .get(*name)
                .is_some_and(|sent| sent.as_bytes() == value.as_bytes())
        });
        let body = match &self.body {
            ExpectedBody::Any => true,
            ExpectedBody::Json(value) => {
                serde_json::from_slice::<Value>(&request.body).is_ok_and(|sent| sent == *value)
            }
            ExpectedBody::Form(pairs) => sorted_pairs(&request.body) == *pairs,
            ExpectedBody::Bytes(bytes) => request.body == *bytes,
        };
        query && headers && body
    }
}

/// The pairs of a query (or a form body), decoded as a server reads them.
fn decoded_pairs(query: &str) -> Vec<(String, String)> {
    Url::parse(&format!("http://mock/?{query}")).map_or_else(
        |_| Vec::new(),
        |url| {
            url.query_pairs()
                .map(|(name, value)| (name.into_owned(), value.into_owned()))
                .collect()
        },
    )
}

fn sorted_pairs(body: &[u8]) -> Vec<(String, String)> {
    let mut pairs = decoded_pairs(&String::from_utf8_lossy(body));
    pairs.sort();
    pairs
}

/// A placeholder credential for every scheme the crate knows.
fn placeholder_credentials() -> Credentials {
    crate::credentials::SCHEMES.iter().enumerate().fold(
        Credentials::new(),
        |credentials, (index, scheme)| {
            let credential = match scheme.kind {
                SchemeKind::ApiKey(..) | SchemeKind::Token(_) => Credential::value("mock".into()),
                SchemeKind::Basic => Credential::basic("mock".into(), "mock".into()),
                SchemeKind::OAuth2 { .. } | SchemeKind::OpenIdConnect => {
                    Credential::tokens(Tokens::fixed("mock"))
                }
                SchemeKind::MutualTls => return credentials,
            };
            credentials.set(index, credential)
        },
    )
}

/// What a mock answers a matching request with: status, body and content type.
trait Reply: Send + Sync + 'static {
    fn reply(&self, request: &wiremock::Request) -> (u16, Vec<u8>, &'static str);
}

struct Fixed {
    status: u16,
    body: Vec<u8>,
    content_type: &'static str,
}

impl Reply for Fixed {
    fn reply(&self, _: &wiremock::Request) -> (u16, Vec<u8>, &'static str) {
        (self.status, self.body.clone(), self.content_type)
    }
}

/// Counts the requests it answers, and adds the delay and headers.
struct Responder<R> {
    reply: R,
    calls: Arc<AtomicUsize>,
    delay: Duration,
    headers: Vec<(String, String)>,
}

impl<R: Reply> wiremock::Respond for Responder<R> {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let (status, body, content_type) = self.reply.reply(request);
        let mut template = wiremock::ResponseTemplate::new(status).set_delay(self.delay);
        if !content_type.is_empty() {
            template = template.set_body_raw(body, content_type);
        }
        for (name, value) in &self.headers {
            template = template.insert_header(name.as_str(), value.as_str());
        }
        template
    }
}

/// Pages served in turn. Which page a request asks for comes from the request itself: the
/// `mock-page` parameter of the next URLs this mock hands out, or the page number or
/// offset it handed out as the next one (remembered in `follow_ups`); anything else is
/// the first page.
struct PageSequence {
    pages: Vec<Value>,
    pagination: Pagination,
    /// The server's, which next URLs must be on (wiremock's request URLs say `localhost`).
    base_url: String,
    /// Page number or offset -> the page it asks for.
    follow_ups: Mutex<HashMap<i64, usize>>,
}

impl Reply for PageSequence {
    fn reply(&self, request: &wiremock::Request) -> (u16, Vec<u8>, &'static str) {
        let sent = decoded_pairs(request.url.query().unwrap_or_default());
        let param = |name: &str| {
            sent.iter()
                .find(|(key, _)| key == name)
                .and_then(|(_, value)| value.parse::<i64>().ok())
        };
        let mut follow_ups = self
            .follow_ups
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let index = match self.pagination.paging {
            Paging::NextUrl { .. } => param(MOCK_PAGE).and_then(|page| usize::try_from(page).ok()),
            Paging::PageNumber { param: name, .. } | Paging::Offset { param: name, .. } => {
                param(name).and_then(|value| follow_ups.get(&value).copied())
            }
        }
        .unwrap_or(0)
        .min(self.pages.len() - 1);
        let mut page = self.pages[index].clone();
        let more = index + 1 < self.pages.len();
        match self.pagination.paging {
            Paging::NextUrl { next_url } => {
                let next = more
                    .then(|| Value::String(next_page_url(&self.base_url, &request.url, index + 1)));
                set(&mut page, next_url, next.unwrap_or(Value::Null));
            }
            Paging::PageNumber {
                param: name,
                page: number,
                has_more,
            } => {
                let own = param(name)
                    .or_else(|| page.pointer(number).and_then(Value::as_i64))
                    .unwrap_or(0);
                set(&mut page, number, Value::from(own));
                set(&mut page, has_more, Value::Bool(more));
                if more {
                    follow_ups.insert(own + 1, index + 1);
                }
            }
            Paging::Offset {
                param: name,
                has_more,
            } => {
                let offset = param(name).unwrap_or(0);
                let count = page
                    .pointer(self.pagination.items)
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len);
                set(&mut page, has_more, Value::Bool(more));
                if more {
                    follow_ups.insert(offset + count as i64, index + 1);
                }
            }
        }
        let body = serde_json::to_vec(&page).unwrap_or_default();
        (200, body, "application/json")
    }
}

/// The request's path and query on `base_url`, with `mock-page=page` in place of any
/// earlier one.
fn next_page_url(base_url: &str, url: &Url, page: usize) -> String {
    let kept: Vec<(String, String)> = decoded_pairs(url.query().unwrap_or_default())
        .into_iter()
        .filter(|(name, _)| name != MOCK_PAGE)
        .collect();
    let mut next = url.clone();
    next.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair(MOCK_PAGE, &page.to_string());
    let query = next.query().unwrap_or_default();
    format!("{base_url}{}?{query}", url.path())
}

/// Sets the value at a JSON pointer, making the objects on the way.
fn set(value: &mut Value, pointer: &str, new: Value) {
    let mut at = value;
    for token in pointer.split('/').skip(1) {
        let key = token.replace("~1", "/").replace("~0", "~");
        if !at.is_object() {
            *at = Value::Object(serde_json::Map::new());
        }
        let Value::Object(fields) = at else {
            return;
        };
        at = fields.entry(key).or_insert(Value::Null);
    }
    *at = new;
}
