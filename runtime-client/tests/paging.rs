//! The generated `pages()` and `items()` of paginated operations against a real server on
//! 127.0.0.1, one operation per style: `list_users` follows next URLs, `list_emails`
//! counts pages from 0, `list_merchants` moves an offset, and `list_events` pages the way
//! its `x-heron-codegen-pagination` extension says (page numbers under other names). Every scenario
//! runs for each.

#[path = "../../generated-client/tests/support/mod.rs"]
mod support;

use std::collections::HashMap;
use std::time::Duration;

use futures_util::StreamExt;
use runtime_client::{Client, Error};
use serde_json::{json, Value};
use support::{Recorded, Reply, TestServer};

#[derive(Clone, Copy, Debug)]
enum Style {
    Users,
    Emails,
    Merchants,
    Events,
}

const STYLES: [Style; 4] = [Style::Users, Style::Emails, Style::Merchants, Style::Events];

/// How a test server departs from a well-behaved list.
#[derive(Clone, Copy, PartialEq)]
enum Quirk {
    None,
    /// Answers this request (0-based) with a 503, once.
    Busy(usize),
    /// Leads back to a page already read.
    Loop,
    /// Gives the next page's URL on another host.
    Foreign,
}

/// Page sizes the tests ask for.
const SIZE: usize = 2;

fn query(request: &Recorded) -> HashMap<String, usize> {
    let query = request.target.split_once('?').map_or("", |(_, q)| q);
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(name, value)| (name.to_owned(), value.parse().expect("a number")))
        .collect()
}

impl Style {
    /// Where the page a request asks for starts in the list, and its number.
    fn window(self, request: &Recorded) -> (usize, usize) {
        let query = query(request);
        let get = |name: &str, default: usize| query.get(name).copied().unwrap_or(default);
        match self {
            Style::Users => {
                let page = get("page", 1);
                ((page - 1) * SIZE, page)
            }
            Style::Emails => (get("page", 0) * SIZE, get("page", 0)),
            Style::Merchants => (get("offset", 0), get("offset", 0) / SIZE),
            Style::Events => (get("p", 0) * SIZE, get("p", 0)),
        }
    }

    /// A page in this operation's shape: `entries`, its own number, whether more follow.
    fn body(self, entries: &[usize], page: usize, more: bool, quirk: Quirk) -> Value {
        let rows: Vec<Value> = entries.iter().map(|id| json!({"id": id})).collect();
        match self {
            Style::Users => {
                let next = match quirk {
                    Quirk::Loop => Some(format!("/paging/users?limit={SIZE}&page={page}")),
                    Quirk::Foreign => {
                        Some(format!("http://127.0.0.2:1/paging/users?page={}", page + 1))
                    }
                    _ => more.then(|| format!("/paging/users?limit={SIZE}&page={}", page + 1)),
                };
                json!({"users": rows, "_meta": {"page": page, "next_url": next}})
            }
            // A loop: the page keeps saying it is the first.
            Style::Emails => {
                let page = if quirk == Quirk::Loop { 0 } else { page };
                json!({"emails": rows, "_meta": {"page": page, "has_more": more}})
            }
            // A loop: more is promised, but no items move the offset on.
            Style::Merchants if quirk == Quirk::Loop => json!({"data": [], "has_more": true}),
            Style::Merchants => json!({"data": rows, "has_more": more}),
            Style::Events => {
                let page = if quirk == Quirk::Loop { 0 } else { page };
                json!({"result": {"rows": rows, "current": page, "more": more}})
            }
        }
    }

    /// A server holding the entries `1..=total`.
    async fn serve(self, total: usize, quirk: Quirk) -> TestServer {
        TestServer::start(move |request, index| {
            if quirk == Quirk::Busy(index) {
                return Reply::json(503, r#"{"message": "busy"}"#);
            }
            let (start, page) = self.window(request);
            let entries: Vec<usize> = (start + 1..=total).take(SIZE).collect();
            let more = start + SIZE < total;
            Reply::json(200, &self.body(&entries, page, more, quirk).to_string())
        })
        .await
    }

    /// The ids `items()` yields, capped as asked.
    async fn items(self, client: &Client, caps: Caps) -> Vec<Result<i64, Error>> {
        let size = SIZE as i64;
        let stream = match self {
            Style::Users => client.list_users().with_limit(size).items(),
            Style::Emails => client.list_emails().with_limit(size).items(),
            Style::Merchants => client.list_merchants().with_limit(size).items(),
            Style::Events => client.list_events("main").with_size(size).items(),
        };
        let stream = match caps {
            Caps::None => stream,
            Caps::Pages(pages) => stream.max_pages(pages),
            Caps::Items(items) => stream.max_items(items),
        };
        stream.map(|entry| entry.map(|e| e.id)).collect().await
    }

    /// How many items each page `pages()` yields holds, read from the typed page.
    async fn pages(self, client: &Client, max_pages: Option<u64>) -> Vec<Result<usize, Error>> {
        let size = SIZE as i64;
        let count = |rows: Option<Vec<runtime_client::models::Entry>>| rows.map_or(0, |r| r.len());
        macro_rules! pages {
            ($call:expr, $rows:expr) => {{
                let pages = $call.pages();
                let pages = match max_pages {
                    Some(max) => pages.max_pages(max),
                    None => pages,
                };
                pages.map(|page| page.map($rows).map(count)).collect().await
            }};
        }
        match self {
            Style::Users => pages!(client.list_users().with_limit(size), |p| p.users),
            Style::Emails => pages!(client.list_emails().with_limit(size), |p| p.emails),
            Style::Merchants => pages!(client.list_merchants().with_limit(size), |p| p.data),
            Style::Events => pages!(client.list_events("main").with_size(size), |p| p
                .result
                .and_then(|r| r.rows)),
        }
    }
}

#[derive(Clone, Copy)]
enum Caps {
    None,
    Pages(u64),
    Items(u64),
}

fn client(server: &TestServer) -> Client {
    Client::builder()
        .base_url(&server.base_url)
        .api_key("key-for-tests")
        .initial_backoff(Duration::from_millis(10))
        .build()
        .expect("client")
}

fn ok<T: std::fmt::Debug>(results: Vec<Result<T, Error>>) -> Vec<T> {
    results
        .into_iter()
        .map(|result| result.expect("every page succeeds"))
        .collect()
}

#[tokio::test]
async fn every_item_of_every_page_then_the_last_page_ends_the_stream() {
    for style in STYLES {
        let server = style.serve(5, Quirk::None).await;
        let client = client(&server);
        let ids = ok(style.items(&client, Caps::None).await);
        assert_eq!(ids, [1, 2, 3, 4, 5], "{style:?}");
        assert_eq!(
            server.requests().len(),
            3,
            "{style:?}: three pages, nothing after the last"
        );
        for request in server.requests() {
            assert_eq!(request.header("x-key"), Some("key-for-tests"), "{style:?}");
        }
        let pages = ok(style.pages(&client, None).await);
        assert_eq!(pages, [2, 2, 1], "{style:?}");
    }
}

#[tokio::test]
async fn the_pages_follow_each_other_as_each_style_says() {
    let expected: [(Style, [&str; 3]); 4] = [
        (
            Style::Users,
            [
                "/paging/users?limit=2",
                "/paging/users?limit=2&page=2",
                "/paging/users?limit=2&page=3",
            ],
        ),
        (
            Style::Emails,
            [
                "/paging/emails?limit=2",
                "/paging/emails?limit=2&page=1",
                "/paging/emails?limit=2&page=2",
            ],
        ),
        (
            Style::Merchants,
            [
                "/paging/merchants?limit=2",
                "/paging/merchants?limit=2&offset=2",
                "/paging/merchants?limit=2&offset=4",
            ],
        ),
        (
            Style::Events,
            [
                "/paging/feeds/main/events?size=2",
                "/paging/feeds/main/events?size=2&p=1",
                "/paging/feeds/main/events?size=2&p=2",
            ],
        ),
    ];
    for (style, targets) in expected {
        let server = style.serve(5, Quirk::None).await;
        ok(style.items(&client(&server), Caps::None).await);
        let sent: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
        assert_eq!(sent, targets, "{style:?}");
    }
}

#[tokio::test]
async fn an_empty_list_is_one_page_and_no_items() {
    for style in STYLES {
        let server = style.serve(0, Quirk::None).await;
        let client = client(&server);
        assert!(
            ok(style.items(&client, Caps::None).await).is_empty(),
            "{style:?}"
        );
        assert_eq!(ok(style.pages(&client, None).await), [0], "{style:?}");
        assert_eq!(server.requests().len(), 2, "{style:?}");
    }
}

#[tokio::test]
async fn a_page_without_its_items_has_none_and_a_page_with_wrong_items_is_a_decode_error() {
    let server = TestServer::start(|request, _| match request.target.contains("page=2") {
        false => Reply::json(200, r#"{"_meta": {"next_url": "/paging/users?page=2"}}"#),
        true => Reply::json(200, r#"{"users": [{"id": "seven"}]}"#),
    })
    .await;
    let results = Style::Users.items(&client(&server), Caps::None).await;
    let [Err(Error::Decode(error))] = &results[..] else {
        panic!("one decode error, after the empty first page: {results:?}");
    };
    assert_eq!(error.path, "/users");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_page_that_fails_once_is_retried_and_the_stream_goes_on() {
    for style in STYLES {
        let server = style.serve(5, Quirk::Busy(1)).await;
        let ids = ok(style.items(&client(&server), Caps::None).await);
        assert_eq!(ids, [1, 2, 3, 4, 5], "{style:?}");
        let statuses: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
        assert_eq!(statuses.len(), 4, "{style:?}: the second page twice");
        assert_eq!(statuses[1], statuses[2], "{style:?}");
    }
}

#[tokio::test]
async fn a_next_url_on_another_host_is_an_error_and_never_requested() {
    let server = Style::Users.serve(5, Quirk::Foreign).await;
    let results = Style::Users.items(&client(&server), Caps::None).await;
    assert_eq!(results.len(), 3, "two items, then the error");
    assert!(results[..2].iter().all(Result::is_ok));
    let error = results[2].as_ref().expect_err("a foreign next page");
    assert!(matches!(error, Error::Pagination(_)), "{error:?}");
    assert!(error.to_string().contains("http://127.0.0.2:1"), "{error}");
    assert_eq!(
        server.requests().len(),
        1,
        "only the first page is requested"
    );

    // A stream capped at one page ends there: a link it will never follow is no error.
    let pages = Style::Users.pages(&client(&server), Some(1)).await;
    assert_eq!(ok(pages), [2]);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn pages_that_loop_end_the_stream_with_an_error() {
    for style in STYLES {
        let server = style.serve(5, Quirk::Loop).await;
        let results = style.pages(&client(&server), None).await;
        let (last, pages) = results.split_last().expect("pages");
        assert!(pages.iter().all(Result::is_ok), "{style:?}");
        let error = last.as_ref().expect_err("the loop is an error");
        assert!(
            matches!(error, Error::Pagination(_)),
            "{style:?}: {error:?}"
        );
        assert!(error.to_string().contains("already read"), "{error}");
        // The first request names no page or offset, so the page that names itself (or
        // offset 0) is requested once more; the next one would repeat it.
        assert_eq!(server.requests().len(), 2, "{style:?}");
    }
}

#[tokio::test]
async fn max_pages_and_max_items_stop_early() {
    for style in STYLES {
        let server = style.serve(9, Quirk::None).await;
        let client = client(&server);
        assert_eq!(
            ok(style.items(&client, Caps::Pages(2)).await),
            [1, 2, 3, 4],
            "{style:?}"
        );
        assert_eq!(server.requests().len(), 2, "{style:?}");
        assert_eq!(
            ok(style.items(&client, Caps::Items(3)).await),
            [1, 2, 3],
            "{style:?}"
        );
        assert_eq!(
            server.requests().len(),
            4,
            "{style:?}: two more pages for three items"
        );
        assert_eq!(ok(style.pages(&client, Some(1)).await), [2], "{style:?}");
        assert_eq!(server.requests().len(), 5, "{style:?}");
    }
}

/// A page's own number sent as a JSON float (`"page": 0.0`, which the `number` field in
/// the spec allows, and which the typed page reads) leads to the next page as an integer
/// does; it used to end the stream after the first page.
#[tokio::test]
async fn a_page_number_sent_as_a_float_leads_to_the_next_page() {
    let server = TestServer::start(|request, _| {
        let (start, page) = Style::Emails.window(request);
        let rows: Vec<Value> = (start + 1..=5)
            .take(SIZE)
            .map(|id| json!({"id": id}))
            .collect();
        let more = start + SIZE < 5;
        let body = json!({"emails": rows, "_meta": {"page": page as f64, "has_more": more}});
        assert!(body.to_string().contains(".0"), "{body}");
        Reply::json(200, &body.to_string())
    })
    .await;
    let ids = ok(Style::Emails.items(&client(&server), Caps::None).await);
    assert_eq!(ids, [1, 2, 3, 4, 5]);
}

/// A next URL that is only a query (`?page=2`) is the same path with that query, as a
/// browser reads it, under the client's base path; it used to resolve against the base
/// URL's root.
#[tokio::test]
async fn a_next_url_that_is_only_a_query_keeps_the_pages_path() {
    let server = TestServer::start(|request, _| {
        let (start, page) = Style::Users.window(request);
        let rows: Vec<Value> = (start + 1..=5)
            .take(SIZE)
            .map(|id| json!({"id": id}))
            .collect();
        let next = (start + SIZE < 5).then(|| format!("?limit={SIZE}&page={}", page + 1));
        Reply::json(
            200,
            &json!({"users": rows, "_meta": {"page": page, "next_url": next}}).to_string(),
        )
    })
    .await;
    let client = Client::builder()
        .base_url(format!("{}/v2", server.base_url))
        .api_key("key-for-tests")
        .build()
        .expect("client");
    let ids = ok(Style::Users.items(&client, Caps::None).await);
    assert_eq!(ids, [1, 2, 3, 4, 5]);
    let sent: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        sent,
        [
            "/v2/paging/users?limit=2",
            "/v2/paging/users?limit=2&page=2",
            "/v2/paging/users?limit=2&page=3",
        ]
    );
}
