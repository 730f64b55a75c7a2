//! `Client::update_integration_link` against a real HTTP server on 127.0.0.1.

mod support;

use heron_client::models::{
    IntegrationLinkSchemaStatus, IntegrationLinkUpdateSchemaRequest, UpdateIntegrationLinkBody,
};
use heron_client::{Client, Error};
use serde_json::json;
use support::{Reply, TestServer};

const RESPONSE: &str = r#"{"integration_link": {"item_id": "item-1", "status": "active",
    "created": "2026-07-03T12:24:30.665078"}}"#;

fn body() -> UpdateIntegrationLinkBody {
    UpdateIntegrationLinkBody::new()
        .with_end_user(IntegrationLinkUpdateSchemaRequest::new("access-sandbox-1"))
}

/// A loopback server that answers every request with the seed's 200, and a client for it.
async fn serve() -> (TestServer, Client) {
    let server = TestServer::start(|_, _| Reply::json(200, RESPONSE)).await;
    let client = Client::builder()
        .base_url(&server.base_url)
        .api_key("key_test")
        .build()
        .expect("client");
    (server, client)
}

#[tokio::test]
async fn update_integration_link_sends_the_request_the_spec_describes_and_decodes_200() {
    let (server, client) = serve().await;

    let response = client
        .update_integration_link("item-1", &body())
        .await
        .expect("call succeeds");

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let sent = &requests[0];
    assert_eq!(sent.method, "PUT");
    assert_eq!(sent.target, "/api/integration_links/item-1");
    assert_eq!(sent.header("x-api-key"), Some("key_test"));
    assert_eq!(sent.header("content-type"), Some("application/json"));
    assert_eq!(
        sent.json(),
        json!({"end_user": {"access_token": "access-sandbox-1"}})
    );
    let link = response.integration_link.expect("integration_link");
    assert_eq!(link.item_id, "item-1");
    assert_eq!(link.status, Some(IntegrationLinkSchemaStatus::Active));
    assert_eq!(
        link.created.map(|t| t.to_string()).as_deref(),
        Some("2026-07-03T12:24:30.665078Z")
    );
}

#[tokio::test]
async fn path_parameter_is_one_percent_encoded_segment() {
    let (server, client) = serve().await;
    client
        .update_integration_link("a/b c?#%ü", &body())
        .await
        .expect("call succeeds");
    assert_eq!(
        server.requests()[0].target,
        "/api/integration_links/a%2Fb%20c%3F%23%25%C3%BC"
    );
}

#[tokio::test]
async fn dot_segments_are_refused_before_anything_is_sent() {
    let (server, client) = serve().await;
    for item_id in [".", "..", ""] {
        let result = client.update_integration_link(item_id, &body()).await;
        assert!(
            matches!(
                result,
                Err(Error::InvalidPathParameter {
                    name: "item_id",
                    ..
                })
            ),
            "{item_id:?}: {result:?}"
        );
    }
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn error_statuses_keep_status_and_json_body() {
    let server = TestServer::start(|request, _| match request.target.as_str() {
        "/api/integration_links/missing" => {
            Reply::json(404, r#"{"message": "Integration link not found"}"#)
        }
        _ => Reply::json(
            422,
            r#"{"errors": {"end_user": ["access_token is required"]}}"#,
        ),
    })
    .await;
    let client = Client::builder()
        .base_url(&server.base_url)
        .api_key("k")
        .build()
        .expect("client");

    let Err(Error::Api(not_found)) = client.update_integration_link("missing", &body()).await
    else {
        panic!("expected an API error")
    };
    assert_eq!(not_found.status.as_u16(), 404);
    assert_eq!(
        not_found.json::<serde_json::Value>().expect("json")["message"],
        "Integration link not found"
    );

    let Err(Error::Api(invalid)) = client.update_integration_link("item-1", &body()).await else {
        panic!("expected an API error")
    };
    assert_eq!(invalid.status.as_u16(), 422);
    assert_eq!(
        invalid.body,
        r#"{"errors": {"end_user": ["access_token is required"]}}"#
    );
}

#[tokio::test]
async fn a_malformed_200_is_a_decode_error_naming_the_json_path_and_keeping_the_body() {
    const BAD: &str = r#"{"integration_link": {"item_id": "item-1", "status": 5}}"#;
    let server = TestServer::start(|_, _| Reply::json(200, BAD)).await;
    let client = Client::builder()
        .base_url(&server.base_url)
        .api_key("k")
        .build()
        .expect("client");
    let result = client.update_integration_link("item-1", &body()).await;
    let Err(Error::Decode(error)) = result else {
        panic!("expected a decode error, got {result:?}")
    };
    assert_eq!(error.path, "integration_link.status");
    assert_eq!(error.body, BAD);
    assert!(
        Error::Decode(error)
            .to_string()
            .contains("`integration_link.status`"),
        "the message names the path"
    );
}

#[test]
fn the_default_server_is_the_specs_and_debug_never_shows_secrets() {
    let client = Client::new("key_live_SECRET").expect("client");
    assert_eq!(client.base_url(), "https://app.herondata.io");
    let printed = format!("{client:?}");
    assert!(!printed.contains("SECRET"), "{printed}");
    let printed = format!("{:?}", body());
    assert!(
        !printed.contains("access-sandbox-1") && printed.contains("<redacted>"),
        "{printed}"
    );
}
