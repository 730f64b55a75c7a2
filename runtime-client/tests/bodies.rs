//! Request bodies and responses that are not JSON, deepObject parameters and tagged
//! unions, checked on the wire against a real HTTP server on 127.0.0.1.

#[path = "../../generated-client/tests/support/mod.rs"]
mod support;

use std::time::Duration;

use runtime_client::models::{
    Circle, CreateTokenBody, SearchShapesFilter, Shape, Square, UploadFileBody,
};
use runtime_client::{Client, File};
use support::{Recorded, Reply, TestServer};

fn client(server: &TestServer) -> Client {
    Client::builder()
        .base_url(&server.base_url)
        .api_key("k")
        .initial_backoff(Duration::from_millis(10))
        .retry_non_idempotent(true)
        .build()
        .expect("client")
}

/// The parts of a multipart body: (headers, contents) per part, split on the boundary the
/// `Content-Type` announces.
fn multipart_parts(request: &Recorded) -> Vec<(String, Vec<u8>)> {
    let content_type = request.header("content-type").expect("content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("multipart content type");
    let delimiter = format!("--{boundary}");
    let body = &request.body;
    assert!(
        body.ends_with(format!("{delimiter}--\r\n").as_bytes()),
        "body ends with the closing delimiter"
    );
    let mut parts = Vec::new();
    let mut rest: &[u8] = body;
    while let Some(start) = find(rest, delimiter.as_bytes()) {
        rest = &rest[start + delimiter.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        let end = find(rest, delimiter.as_bytes()).expect("next delimiter");
        let part = &rest[2..end - 2]; // after "\r\n", before "\r\n--"
        let split = find(part, b"\r\n\r\n").expect("part headers end");
        parts.push((
            String::from_utf8_lossy(&part[..split]).into_owned(),
            part[split + 4..].to_vec(),
        ));
        rest = &rest[end..];
    }
    parts
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[tokio::test]
async fn multipart_upload_sends_the_file_and_fields_as_parts_and_retries_the_same_bytes() {
    let server = TestServer::start(|_, index| match index {
        0 => Reply::json(503, "{}"),
        _ => Reply::json(201, r#"{"id": "file-1"}"#),
    })
    .await;
    let body = UploadFileBody::new(
        File::new(b"%PDF-1.7 \r\n--not-a-boundary\r\n".to_vec())
            .with_file_name("statement \"march\".pdf")
            .with_content_type("application/pdf"),
    )
    .with_description("March statement")
    .with_tags(vec!["bank".into(), "2026".into()]);
    let stored = client(&server)
        .upload_file(&body)
        .await
        .expect("uploaded after one retry");
    assert_eq!(stored.id.as_deref(), Some("file-1"));

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].body, requests[1].body,
        "a retry sends the same bytes"
    );
    let parts = multipart_parts(&requests[1]);
    assert_eq!(parts.len(), 4);
    assert_eq!(
        parts[0].0,
        "Content-Disposition: form-data; name=\"file\"; filename=\"statement \\\"march\\\".pdf\"\r\nContent-Type: application/pdf"
    );
    assert_eq!(parts[0].1, b"%PDF-1.7 \r\n--not-a-boundary\r\n");
    assert_eq!(
        parts[1],
        (
            "Content-Disposition: form-data; name=\"description\"".into(),
            b"March statement".to_vec()
        )
    );
    assert_eq!(
        parts[2],
        (
            "Content-Disposition: form-data; name=\"tags\"".into(),
            b"bank".to_vec()
        )
    );
    assert_eq!(
        parts[3],
        (
            "Content-Disposition: form-data; name=\"tags\"".into(),
            b"2026".to_vec()
        )
    );
}

#[tokio::test]
async fn downloads_return_the_bytes_as_received() {
    let zip: Vec<u8> = vec![0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0x10, 0x80];
    let reply_bytes = zip.clone();
    let server = TestServer::start(move |_, _| Reply {
        status: 200,
        headers: vec![("content-type".into(), "application/zip".into())],
        body: reply_bytes.clone(),
        delay: Duration::ZERO,
    })
    .await;
    let bytes = client(&server)
        .download_file("report 1.zip")
        .await
        .expect("downloaded");
    assert_eq!(bytes, zip);
    assert_eq!(server.requests()[0].target, "/files/report%201.zip/content");
}

#[tokio::test]
async fn text_bodies_go_out_with_their_media_type_and_text_responses_come_back_as_strings() {
    let server = TestServer::start(|request, _| Reply {
        status: 200,
        headers: vec![("content-type".into(), "text/plain".into())],
        body: request.body.clone(),
        delay: Duration::ZERO,
    })
    .await;
    let echoed = client(&server)
        .echo_note("déjà vu <b>")
        .await
        .expect("echoed");
    assert_eq!(echoed, "déjà vu <b>");
    assert_eq!(
        server.requests()[0].header("content-type"),
        Some("text/plain")
    );
}

#[tokio::test]
async fn form_bodies_are_url_encoded_and_sent_without_the_api_key_where_security_is_empty() {
    let server = TestServer::start(|_, _| Reply::json(200, r#"{"access_token": "t-1"}"#)).await;
    let body = CreateTokenBody::new("client_credentials").with_scope("read write&admin");
    let token = client(&server).create_token(&body).await.expect("token");
    assert_eq!(token.access_token.as_deref(), Some("t-1"));
    let sent = &server.requests()[0];
    assert_eq!(
        sent.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8_lossy(&sent.body),
        "grant_type=client_credentials&scope=read+write%26admin"
    );
    assert_eq!(sent.header("x-key"), None);
}

#[tokio::test]
async fn deep_object_parameters_and_tagged_unions_with_an_unknown_tag() {
    let server = TestServer::start(|_, _| {
        Reply::json(
            200,
            r#"[{"kind": "circle", "radius": 1.5}, {"kind": "square", "side": 2}, {"kind": "hexagon", "sides": 6}]"#,
        )
    })
    .await;
    let filter = SearchShapesFilter::new()
        .with_kind("circle")
        .with_min_area(2.5);
    let shapes = client(&server)
        .search_shapes()
        .with_filter(&filter)
        .await
        .expect("shapes");
    assert_eq!(
        server.requests()[0].target,
        "/shapes?filter%5Bkind%5D=circle&filter%5Bmin_area%5D=2.5"
    );
    let [Shape::Circle(circle), Shape::Square(square), Shape::Other(other)] = shapes.as_slice()
    else {
        panic!("unexpected shapes: {shapes:?}")
    };
    assert_eq!(circle.radius, 1.5);
    assert_eq!(square.side, 2.0);
    assert_eq!(other["sides"], 6, "an unknown tag is kept as received");
    // Serializing a variant writes the object itself, tag included.
    assert_eq!(
        serde_json::to_value(&shapes[0]).expect("encodes")["kind"],
        "circle"
    );
}

#[tokio::test]
async fn numbers_sent_as_strings_are_read_and_requests_still_send_numbers() {
    let server = TestServer::start(|request, _| match request.method.as_str() {
        "GET" => Reply::json(
            200,
            r#"[{"id": "7", "name": "seven"}, {"id": 8, "name": "eight"}]"#,
        ),
        _ => Reply::json(200, r#"{"id": "12.5", "name": "half"}"#),
    })
    .await;
    let client = client(&server);
    let items = client.list_items().await.expect("lenient integers");
    let ids: Vec<_> = items.iter().map(|item| item.id).collect();
    assert_eq!(ids, [Some(7), Some(8)]);

    let error = client
        .create_item(&runtime_client::models::ItemRequest::new("half"))
        .await
        .expect_err("12.5 is no integer");
    let runtime_client::Error::Decode(decode) = error else {
        panic!("{error:?}")
    };
    assert_eq!(decode.path, "id");

    let shape: Shape =
        serde_json::from_str(r#"{"kind": "circle", "radius": "1.5"}"#).expect("a lenient number");
    assert!(matches!(shape, Shape::Circle(circle) if circle.radius == 1.5));
    assert_eq!(
        serde_json::to_value(runtime_client::models::Circle::new(1.5)).expect("encodes")["radius"],
        serde_json::json!(1.5),
        "sent as a number"
    );
}

/// A member of a tagged union has no tag field (no value with a wrong tag can be built):
/// its type writes the tag, inside the union and on its own, through the derive
/// (`Circle`) and through the writer of explicit `null`s (`Square`, whose `label` is
/// nullable).
#[test]
fn tagged_union_members_write_their_own_tag() {
    let circle = Circle::new(1.5);
    let expected = serde_json::json!({"kind": "circle", "radius": 1.5});
    assert_eq!(serde_json::to_value(&circle).expect("encodes"), expected);
    assert_eq!(
        serde_json::to_value(Shape::Circle(circle)).expect("encodes"),
        expected
    );
    let square = Square::new(2.0).with_label_null();
    assert_eq!(
        serde_json::to_value(Shape::Square(square)).expect("encodes"),
        serde_json::json!({"kind": "square", "side": 2.0, "label": null})
    );
    assert_eq!(
        serde_json::to_value(Square::new(2.0)).expect("encodes"),
        serde_json::json!({"kind": "square", "side": 2.0})
    );
    // Read on its own, a member takes the object whatever its tag says; the union is
    // what reads the tag.
    let read: Square = serde_json::from_str(r#"{"kind": "square", "side": 3}"#).expect("decodes");
    assert_eq!(read.side, 3.0);
}
