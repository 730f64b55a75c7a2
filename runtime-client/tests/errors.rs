//! Typed errors per operation: `Call::typed_errors` sorts an answer outside 2xx into the
//! operation's error enum, against a real HTTP server on 127.0.0.1: a declared code with
//! and without a body schema, a declared range, `default`, undeclared answers (whole),
//! and failures without an answer.

#[path = "../../generated-client/tests/support/mod.rs"]
mod support;

use std::time::Duration;

use runtime_client::models::ItemRequest;
use runtime_client::operations::{
    CreateItemError, DeleteItemError, DownloadFileError, EchoNoteError,
};
use runtime_client::{Client, Error};
use support::{Reply, TestServer};

fn client(server: &TestServer) -> Client {
    Client::builder()
        .base_url(&server.base_url)
        .api_key("key-for-tests")
        .max_retries(0)
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_declared_status_arrives_with_its_body_decoded() {
    let server = TestServer::start(|_, _| {
        Reply::json(422, r#"{"message": "name is taken", "field": "name"}"#)
            .header("x-request-id", "r-1")
    })
    .await;
    let error = client(&server)
        .create_item(&ItemRequest::new("seven"))
        .typed_errors()
        .await
        .expect_err("a 422");
    let CreateItemError::Status422(invalid) = error else {
        panic!("not the declared 422: {error:?}");
    };
    assert_eq!(invalid.status, 422);
    assert_eq!(invalid.body.message, "name is taken");
    assert_eq!(invalid.body.field.as_deref(), Some("name"));
    assert_eq!(invalid.headers["x-request-id"], "r-1");
}

#[tokio::test]
async fn a_code_comes_before_a_range_and_a_range_before_default() {
    let server = TestServer::start(|request, _| match request.target.as_str() {
        "/items/1" => Reply::json(404, "").header("content-type", "text/plain"),
        "/items/2" => Reply::json(409, r#"{"message": "in use"}"#),
        _ => Reply::json(503, r#"{"code": "maintenance"}"#),
    })
    .await;
    let client = client(&server);

    let not_found = client.delete_item(1).typed_errors().await.expect_err("404");
    // No body schema: the variant still tells the status, with the body as text.
    assert!(
        matches!(&not_found, DeleteItemError::Status404(answer) if answer.body.is_empty()),
        "{not_found:?}"
    );
    let conflict = client.delete_item(2).typed_errors().await.expect_err("409");
    assert!(
        matches!(&conflict, DeleteItemError::Status4xx(refused) if refused.status == 409 && refused.body.message == "in use"),
        "{conflict:?}"
    );
    let unexpected = client.delete_item(3).typed_errors().await.expect_err("503");
    let DeleteItemError::Default(unexpected) = unexpected else {
        panic!("not `default`: {unexpected:?}");
    };
    assert_eq!(
        (unexpected.status.as_u16(), unexpected.body.code.as_str()),
        (503, "maintenance")
    );
}

#[tokio::test]
async fn default_alone_takes_every_answer_outside_2xx() {
    let server = TestServer::start(|_, _| Reply::json(418, "short and stout")).await;
    let error = client(&server)
        .echo_note("hello")
        .typed_errors()
        .await
        .expect_err("a 418");
    assert!(
        matches!(&error, EchoNoteError::Default(answer) if answer.status == 418 && answer.body == "short and stout"),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_undeclared_answer_reaches_the_caller_whole() {
    let server = TestServer::start(|_, _| {
        Reply::json(500, "<html>upstream fell over</html>").header("retry-after", "7")
    })
    .await;
    let error = client(&server)
        .create_item(&ItemRequest::new("seven"))
        .typed_errors()
        .await
        .expect_err("a 500");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(
        error.to_string(),
        "server answered 500 Internal Server Error"
    );
    let CreateItemError::Undeclared(answer) = error else {
        panic!("a 500 is not declared: {error:?}");
    };
    assert_eq!(answer.body, "<html>upstream fell over</html>");
    assert_eq!(answer.headers["retry-after"], "7");
}

#[tokio::test]
async fn a_declared_body_that_does_not_match_its_schema_is_a_decode_failure() {
    let server = TestServer::start(|_, _| Reply::json(422, r#"{"field": "name"}"#)).await;
    let error = client(&server)
        .create_item(&ItemRequest::new("seven"))
        .typed_errors()
        .await
        .expect_err("a 422");
    let CreateItemError::Failed(Error::Decode(decode)) = &error else {
        panic!("not a decode failure: {error:?}");
    };
    assert_eq!(decode.status, 422);
    assert!(decode.message.contains("message"), "{}", decode.message);
    assert_eq!(decode.body, r#"{"field": "name"}"#);
}

#[tokio::test]
async fn failures_without_an_answer_are_failed_and_plain_await_is_unchanged() {
    // Nothing listens on a port that was just closed: a transport error.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = closed.local_addr().expect("address");
    drop(closed);
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .api_key("key-for-tests")
        .max_retries(0)
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client");
    let error = client
        .download_file("f")
        .typed_errors()
        .await
        .expect_err("no server");
    assert!(
        matches!(error, DownloadFileError::Failed(Error::Transport(_))),
        "{error:?}"
    );

    // The plain form is what it was: `Error::Api` with the body as text.
    let server = TestServer::start(|_, _| Reply::json(422, r#"{"message": "no"}"#)).await;
    let plain = self::client(&server)
        .create_item(&ItemRequest::new("seven"))
        .await
        .expect_err("a 422");
    let Error::Api(answer) = &plain else {
        panic!("{plain:?}");
    };
    assert_eq!(
        answer.json::<serde_json::Value>().expect("json")["message"],
        "no"
    );
    // ... and sorts into the same enum after the fact, or through `?`.
    assert!(matches!(
        CreateItemError::from(plain),
        CreateItemError::Status422(_)
    ));
    async fn with_question_mark(client: &Client) -> Result<(), CreateItemError> {
        client.create_item(&ItemRequest::new("seven")).await?;
        Ok(())
    }
    let sorted = with_question_mark(&self::client(&server))
        .await
        .expect_err("422");
    assert!(
        matches!(sorted, CreateItemError::Status422(_)),
        "{sorted:?}"
    );
}
