//! Pagination against a real server on 127.0.0.1, in each of the three ways pages follow
//! each other: next URLs, page numbers and offsets. Every page goes through the client's
//! send path, so retries and auth apply to each.

#[path = "../../../generated-client/tests/support/mod.rs"]
mod support;

use std::future::poll_fn;
use std::pin::Pin;
use std::time::Duration;

use futures_core::Stream;
use reqwest::Method;
use serde_json::{json, Value};
use support::{Reply, TestServer};

use crate::runtime::paging::{Pagination, Paging};
use crate::runtime::request::Request;
use crate::{Client, Error};

const NEXT_URL: Pagination = Pagination {
    paging: Paging::NextUrl {
        next_url: "/_meta/next_url",
    },
    items: "/end_users",
};

const PAGE_NUMBER: Pagination = Pagination {
    paging: Paging::PageNumber {
        param: "page",
        page: "/_meta/page",
        has_more: "/_meta/has_more",
    },
    items: "/emails",
};

const OFFSET: Pagination = Pagination {
    paging: Paging::Offset {
        param: "offset",
        has_more: "/has_more",
    },
    items: "/data",
};

fn client(server: &TestServer) -> Client {
    Client::builder()
        .base_url(format!("{}/v1", server.base_url))
        .api_key("key-for-tests")
        .initial_backoff(Duration::from_millis(10))
        .build()
        .expect("client")
}

fn list() -> Request {
    Request::new("list", Method::GET, "/list")
        .path("/list")
        .query("limit", 2)
}

async fn collect<S: Stream + Unpin>(mut stream: S) -> Vec<S::Item> {
    let mut out = Vec::new();
    while let Some(item) = poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await {
        out.push(item);
    }
    out
}

fn ok<T: std::fmt::Debug>(results: Vec<Result<T, Error>>) -> Vec<T> {
    results
        .into_iter()
        .map(|result| result.expect("every page succeeds"))
        .collect()
}

fn targets(server: &TestServer) -> Vec<String> {
    server.requests().into_iter().map(|r| r.target).collect()
}

fn next_url_page(users: &[i64], next: Option<&str>) -> Reply {
    let body = json!({"end_users": users, "_meta": {"next_url": next}});
    Reply::json(200, &body.to_string())
}

#[tokio::test]
async fn next_urls_are_followed_relative_or_absolute_until_null_with_the_key_on_every_page() {
    let server = TestServer::start(|request, _| match request.target.as_str() {
        "/v1/list?limit=2" => next_url_page(&[1, 2], Some("list?limit=2&page=2")),
        "/v1/list?limit=2&page=2" => next_url_page(&[3, 4], Some("/v1/list?limit=2&page=3")),
        _ => next_url_page(&[5], None),
    })
    .await;
    let client = client(&server);
    let users = collect(
        client
            .call::<Value, ()>(list())
            .paginate_items::<i64>(NEXT_URL),
    )
    .await;
    assert_eq!(ok(users), [1, 2, 3, 4, 5]);
    assert_eq!(
        targets(&server),
        [
            "/v1/list?limit=2",
            "/v1/list?limit=2&page=2",
            "/v1/list?limit=2&page=3"
        ]
    );
    for request in server.requests() {
        assert_eq!(request.header("x-api-key"), Some("key-for-tests"));
    }
}

#[tokio::test]
async fn an_empty_list_is_one_page_and_no_items() {
    let server = TestServer::start(|_, _| next_url_page(&[], None)).await;
    let client = client(&server);
    let pages = collect(client.call::<Value, ()>(list()).paginate(NEXT_URL)).await;
    assert_eq!(ok(pages).len(), 1);
    let users = collect(
        client
            .call::<Value, ()>(list())
            .paginate_items::<i64>(NEXT_URL),
    )
    .await;
    assert!(users.is_empty());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn page_numbers_count_from_the_pages_own_number_until_has_more_is_false() {
    let server = TestServer::start(|request, _| {
        let page: i64 = request
            .target
            .split_once("page=")
            .map_or(0, |(_, page)| page.parse().expect("page number"));
        let body = json!({"emails": [page * 10, page * 10 + 1], "_meta": {"page": page, "has_more": page < 2}});
        Reply::json(200, &body.to_string())
    })
    .await;
    let client = client(&server);
    let emails = collect(
        client
            .call::<Value, ()>(list())
            .paginate_items::<i64>(PAGE_NUMBER),
    )
    .await;
    assert_eq!(ok(emails), [0, 1, 10, 11, 20, 21]);
    assert_eq!(
        targets(&server),
        [
            "/v1/list?limit=2",
            "/v1/list?limit=2&page=1",
            "/v1/list?limit=2&page=2"
        ]
    );
}

#[tokio::test]
async fn offsets_grow_by_the_items_read_and_a_failing_page_is_retried() {
    let server = TestServer::start(|request, index| {
        let offset: i64 = request
            .target
            .split_once("offset=")
            .map_or(0, |(_, offset)| offset.parse().expect("offset"));
        if index == 1 {
            return Reply::json(503, r#"{"message": "busy"}"#);
        }
        let data: Vec<i64> = (offset..(offset + 2).min(5)).collect();
        let body = json!({"data": data, "has_more": offset + 2 < 5, "total": 5});
        Reply::json(200, &body.to_string())
    })
    .await;
    let client = client(&server);
    let data = collect(
        client
            .call::<Value, ()>(list())
            .paginate_items::<i64>(OFFSET),
    )
    .await;
    assert_eq!(ok(data), [0, 1, 2, 3, 4]);
    assert_eq!(
        targets(&server),
        [
            "/v1/list?limit=2",
            "/v1/list?limit=2&offset=2",
            "/v1/list?limit=2&offset=2",
            "/v1/list?limit=2&offset=4"
        ]
    );
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_after_the_pages_before_it() {
    let server = TestServer::start(|request, _| match request.target.as_str() {
        "/v1/list?limit=2" => next_url_page(&[1, 2], Some("list?page=2")),
        _ => Reply::json(404, r#"{"message": "gone"}"#),
    })
    .await;
    let client = client(&server);
    let pages = collect(client.call::<Value, ()>(list()).paginate(NEXT_URL)).await;
    assert_eq!(pages.len(), 2);
    assert!(pages[0].is_ok());
    assert!(matches!(&pages[1], Err(Error::Api(err)) if err.status == 404));
}

#[tokio::test]
async fn a_next_url_on_another_host_port_or_path_is_an_error_and_never_requested() {
    let foreign = TestServer::start(|_, _| next_url_page(&[9], None)).await;
    let elsewhere = [
        format!("{}/v1/list?page=2", foreign.base_url),
        format!(
            "{}/v1/list?page=2",
            foreign.base_url.replace("http:", "https:")
        ),
        "/v2/list?page=2".to_owned(),
    ];
    for next in elsewhere {
        let server = TestServer::start(move |_, _| next_url_page(&[1], Some(&next))).await;
        let client = client(&server);
        let users = collect(
            client
                .call::<Value, ()>(list())
                .paginate_items::<i64>(NEXT_URL),
        )
        .await;
        assert_eq!(users.len(), 2, "{users:?}");
        assert!(matches!(&users[0], Ok(1)));
        assert!(
            matches!(&users[1], Err(Error::Pagination(message)) if message.contains("not followed")),
            "{users:?}"
        );
        assert_eq!(server.requests().len(), 1);
    }
    assert!(foreign.requests().is_empty());
}

#[tokio::test]
async fn a_page_leading_back_to_one_already_read_ends_the_stream_with_an_error() {
    let server = TestServer::start(|request, _| match request.target.as_str() {
        "/v1/list?limit=2" => next_url_page(&[1], Some("list?page=2")),
        _ => next_url_page(&[2], Some("/v1/list?limit=2")),
    })
    .await;
    let client = client(&server);
    let pages = collect(client.call::<Value, ()>(list()).paginate(NEXT_URL)).await;
    // Both pages are read, then the stream stops instead of asking for the first again.
    assert_eq!(pages.len(), 3);
    assert!(matches!(&pages[2], Err(Error::Pagination(message)) if message.contains("loop")));
    assert_eq!(server.requests().len(), 2);

    // A server that always says it is on page 0 and has more.
    let stuck = TestServer::start(|_, _| {
        Reply::json(
            200,
            r#"{"emails": [1], "_meta": {"page": 0, "has_more": true}}"#,
        )
    })
    .await;
    let client = self::client(&stuck);
    let pages = collect(client.call::<Value, ()>(list()).paginate(PAGE_NUMBER)).await;
    assert_eq!(pages.len(), 3);
    assert!(matches!(&pages[2], Err(Error::Pagination(_))));
    assert_eq!(stuck.requests().len(), 2);
}

#[tokio::test]
async fn caps_on_pages_and_items_end_the_stream_early_without_fetching_more() {
    let server = TestServer::start(|request, _| {
        let page: i64 = request
            .target
            .split_once("page=")
            .map_or(0, |(_, page)| page.parse().expect("page number"));
        let body = json!({"emails": [page * 10, page * 10 + 1], "_meta": {"page": page, "has_more": true}});
        Reply::json(200, &body.to_string())
    })
    .await;
    let client = client(&server);
    let pages = collect(
        client
            .call::<Value, ()>(list())
            .paginate(PAGE_NUMBER)
            .max_pages(2),
    )
    .await;
    assert_eq!(ok(pages).len(), 2);
    assert_eq!(server.requests().len(), 2);
    let emails = collect(
        client
            .call::<Value, ()>(list())
            .paginate_items::<i64>(PAGE_NUMBER)
            .max_items(3),
    )
    .await;
    assert_eq!(ok(emails), [0, 1, 10]);
    assert_eq!(server.requests().len(), 4);
}

/// Each page is fetched by a boxed future; like a call's (`tests/request.rs`), it must fit
/// in what glibc's allocator serves from a cache of the thread's own.
#[tokio::test]
async fn the_future_fetching_a_page_fits_in_the_allocators_thread_cache() {
    let server =
        TestServer::start(|_, _| Reply::json(200, r#"{"data": [], "has_more": false}"#)).await;
    let client = client(&server);
    let mut pages = client.call::<Value, ()>(list()).paginate(OFFSET);
    let waker = std::task::Waker::noop();
    let _ = Pin::new(&mut pages).poll_next(&mut std::task::Context::from_waker(waker));
    let pending = pages
        .pending
        .as_ref()
        .expect("the first page is being fetched");
    let size = std::mem::size_of_val(&**pending);
    assert!(size <= 1032, "a page's future is {size} bytes");
}
