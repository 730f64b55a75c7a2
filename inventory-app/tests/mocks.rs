//! What the mocks match and how they serve pages, in every pagination style of
//! `runtime-client`'s spec.

use futures_util::StreamExt;
use runtime_client::mock::MockServer;
use runtime_client::models::{
    Entry, Item, ListEmailsResponse, ListEventsResponse, ListEventsResponseResult,
    ListMerchantsResponse,
};
use runtime_client::Error;

fn entries(ids: &[i64]) -> Vec<Entry> {
    ids.iter().map(|&id| Entry::new(id)).collect()
}

#[tokio::test]
async fn a_mock_matches_what_its_call_sets_and_nothing_less() {
    let server = MockServer::start().await;
    let client = server.client();
    let listed = server
        .on(client
            .list_items()
            .with_ids(&["a b".to_owned(), "c/d".to_owned()])
            .with_x_request_id("r-1"))
        .respond(vec![Item::new("seven").with_id(7)])
        .await;

    // More parameters than the expectation sets are fine.
    let items = client
        .list_items()
        .with_limit(5)
        .with_ids(&["a b".to_owned(), "c/d".to_owned()])
        .with_x_request_id("r-1")
        .await
        .expect("matched");
    assert_eq!(items[0].id, Some(7));
    // Fewer, or other values, are not.
    let missing_header = client
        .list_items()
        .with_ids(&["a b".to_owned(), "c/d".to_owned()])
        .await
        .expect_err("no header");
    assert_eq!(missing_header.status().map(|s| s.as_u16()), Some(404));
    let other_id = client
        .list_items()
        .with_ids(&["a b".to_owned()])
        .with_x_request_id("r-1")
        .await
        .expect_err("another query");
    assert!(matches!(other_id, Error::Api(_)), "{other_id:?}");
    assert_eq!(listed.calls(), 1);
}

#[tokio::test]
async fn pages_numbered_from_the_request_are_served_in_turn() {
    let server = MockServer::start().await;
    let client = server.client();
    let page = |ids: &[i64]| ListEmailsResponse::new().with_emails(entries(ids));
    let served = server
        .on(client.list_emails().with_limit(2).pages())
        .respond_pages(vec![page(&[1, 2]), page(&[3, 4]), page(&[5])])
        .await;
    let ids: Vec<i64> = client
        .list_emails()
        .with_limit(2)
        .items()
        .map(|entry| entry.expect("an entry").id)
        .collect()
        .await;
    assert_eq!(ids, [1, 2, 3, 4, 5]);
    assert_eq!(served.calls(), 3);
    // The typed pages carry the numbers the client followed.
    let pages: Vec<ListEmailsResponse> = client
        .list_emails()
        .with_limit(2)
        .pages()
        .map(|page| page.expect("a page"))
        .collect()
        .await;
    let numbers: Vec<Option<f64>> = pages
        .iter()
        .map(|page| page.meta.as_ref().and_then(|meta| meta.page))
        .collect();
    assert_eq!(numbers, [Some(0.0), Some(1.0), Some(2.0)]);
}

#[tokio::test]
async fn pages_by_offset_and_by_an_extension_are_served_in_turn() {
    let server = MockServer::start().await;
    let client = server.client();
    let slice = |ids: &[i64]| ListMerchantsResponse::new().with_data(entries(ids));
    server
        .on(client.list_merchants().pages())
        .respond_pages(vec![slice(&[1, 2, 3]), slice(&[4])])
        .await;
    let ids: Vec<i64> = client
        .list_merchants()
        .items()
        .map(|entry| entry.expect("an entry").id)
        .collect()
        .await;
    assert_eq!(ids, [1, 2, 3, 4]);

    let rows = |ids: &[i64]| {
        ListEventsResponse::new()
            .with_result(ListEventsResponseResult::new().with_rows(entries(ids)))
    };
    server
        .on(client.list_events("feed 1").pages())
        .respond_pages(vec![rows(&[10]), rows(&[20]), rows(&[30])])
        .await;
    let ids: Vec<i64> = client
        .list_events("feed 1")
        .items()
        .map(|entry| entry.expect("an entry").id)
        .collect()
        .await;
    assert_eq!(ids, [10, 20, 30]);
    // Another feed is another path: not this mock's.
    let other = client.list_events("feed 2").await.expect_err("no mock");
    assert_eq!(other.status().map(|s| s.as_u16()), Some(404));
}
