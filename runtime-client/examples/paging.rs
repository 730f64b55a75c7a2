//! What `.items()` costs over following the pages by hand: 100 pages of a paginated list
//! from a loopback server, through the generated stream and through a hand-written loop
//! with reqwest and serde that follows the same next URLs. Run by `cargo xtask bench`;
//! prints JSON lines.
//!
//! `cargo run --release -p runtime-client --example paging -- ROUNDS`

#[path = "../../generated-client/tests/support/mod.rs"]
mod support;

use std::time::Instant;

use futures_util::StreamExt;
use runtime_client::models::ListUsersResponse;
use runtime_client::Client;
use serde_json::json;
use support::{report, Reply, TestServer};

const PAGES: usize = 100;
const PER_PAGE: usize = 10;

#[tokio::main]
async fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(20);
    let server = TestServer::start(|request, _| {
        let page: usize = request
            .target
            .split_once("page=")
            .map_or(1, |(_, page)| page.parse().expect("page number"));
        let users: Vec<_> = (0..PER_PAGE)
            .map(|i| json!({"id": page * PER_PAGE + i}))
            .collect();
        let next =
            (page < PAGES).then(|| format!("/paging/users?limit={PER_PAGE}&page={}", page + 1));
        let body = json!({"users": users, "_meta": {"page": page, "next_url": next}});
        Reply::json(200, &body.to_string())
    })
    .await;
    let client = Client::builder()
        .base_url(&server.base_url)
        .api_key("key")
        .max_retries(0)
        .build()
        .expect("client");
    // reqwest is built without a TLS crypto provider (`rustls-no-provider`): a hand-written
    // client needs one installed, as an application would.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();

    let generated = || async {
        let mut users = client.list_users().with_limit(PER_PAGE as i64).items();
        let mut count = 0;
        while let Some(user) = users.next().await {
            user.expect("a user");
            count += 1;
        }
        assert_eq!(count, PAGES * PER_PAGE);
    };
    // The same pages by hand: the key on each request, each page decoded into the same
    // type, its next URL joined to the server's.
    let by_hand = || async {
        let mut target = format!("/paging/users?limit={PER_PAGE}");
        let mut count = 0;
        loop {
            let response = http
                .get(format!("{}{target}", server.base_url))
                .header("x-key", "key")
                .send()
                .await
                .expect("send");
            assert!(response.status().is_success());
            let bytes = response.bytes().await.expect("body");
            let page: ListUsersResponse = serde_json::from_slice(&bytes).expect("decode");
            count += page.users.map_or(0, |users| users.len());
            match page.meta.and_then(|meta| meta.next_url) {
                Some(next) => target = next,
                None => break,
            }
        }
        assert_eq!(count, PAGES * PER_PAGE);
    };

    // Warm-up: connections, allocator.
    generated().await;
    by_hand().await;
    let (mut measured, mut baseline) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let started = Instant::now();
        generated().await;
        measured.push(started.elapsed().as_secs_f64() * 1e3);
        let started = Instant::now();
        by_hand().await;
        baseline.push(started.elapsed().as_secs_f64() * 1e3);
    }
    report("100 pages through .items()", &measured, &baseline, "ms");
}
