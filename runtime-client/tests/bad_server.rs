//! A server that answers badly: every case is a clear `Error`, never a panic.

#[path = "../../generated-client/tests/support/mod.rs"]
mod support;

use std::time::Duration;

use runtime_client::{Client, Error};
use support::{Reply, TestServer};

async fn list_items_against(reply: Reply) -> Result<Vec<runtime_client::models::Item>, Error> {
    let server = TestServer::start(move |_, _| reply.clone()).await;
    let client = Client::builder()
        .base_url(&server.base_url)
        .api_key("key-for-tests")
        .max_retries(0)
        .build()
        .expect("client");
    client.list_items().await
}

fn raw(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
    Reply {
        status,
        headers: vec![("content-type".into(), content_type.into())],
        body,
        delay: Duration::ZERO,
    }
}

#[track_caller]
fn decode_error(
    result: Result<Vec<runtime_client::models::Item>, Error>,
) -> runtime_client::DecodeError {
    match result {
        Err(Error::Decode(error)) => *error,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn invalid_utf8_is_a_decode_error_that_keeps_the_body() {
    let error = decode_error(
        list_items_against(raw(
            200,
            "application/json",
            b"[{\"name\": \"\xff\xfe\"}]".to_vec(),
        ))
        .await,
    );
    assert!(
        error.message.contains("invalid unicode") || error.message.contains("UTF-8"),
        "{}",
        error.message
    );
    assert!(error.body.contains("name"), "{}", error.body);
}

#[tokio::test]
async fn truncated_json_is_a_decode_error() {
    let error =
        decode_error(list_items_against(Reply::json(200, r#"[{"name": "one"}, {"na"#)).await);
    assert!(error.message.contains("EOF"), "{}", error.message);
}

#[tokio::test]
async fn a_wrong_content_type_with_an_html_body_is_a_decode_error() {
    let error = decode_error(
        list_items_against(raw(200, "text/html", b"<html>Maintenance</html>".to_vec())).await,
    );
    assert_eq!(error.body, "<html>Maintenance</html>");
}

#[tokio::test]
async fn an_empty_200_where_json_was_expected_is_a_decode_error() {
    let error = decode_error(list_items_against(Reply::json(200, "")).await);
    assert!(
        error.message.contains("EOF while parsing"),
        "{}",
        error.message
    );
}

#[tokio::test]
async fn trailing_garbage_after_the_json_is_a_decode_error() {
    let error = decode_error(list_items_against(Reply::json(200, "[] and then some")).await);
    assert!(
        error.message.contains("trailing characters"),
        "{}",
        error.message
    );
}

#[tokio::test]
async fn a_ten_megabyte_body_decodes() {
    let item = r#"{"id": 1, "name": "a reasonably long item name to fill the body"},"#;
    let count = 10 * 1024 * 1024 / item.len() + 1;
    let body = format!("[{}{{\"id\": 0, \"name\": \"last\"}}]", item.repeat(count));
    assert!(body.len() > 10 * 1024 * 1024);
    let items = list_items_against(Reply::json(200, &body))
        .await
        .expect("decodes");
    assert_eq!(items.len(), count + 1);
}

#[tokio::test]
async fn a_ten_megabyte_error_body_is_kept_whole() {
    let body = "x".repeat(10 * 1024 * 1024);
    let result = list_items_against(raw(500, "text/plain", body.clone().into_bytes())).await;
    let Err(Error::Api(error)) = result else {
        panic!("expected an API error")
    };
    assert_eq!(error.body.len(), body.len());
}
