//! The generated `Event` of a spec with callbacks and the `x-heron-codegen-webhooks` extension: typed
//! topics (a component payload, an inline one shared by two topics), a topic with no
//! payload kept as JSON, and unknown topics in the catch-all; signatures by Python's
//! `hmac`, an implementation independent of the crate's.

use std::io::Write as _;
use std::process::{Command, Stdio};

use reqwest::header::{HeaderMap, HeaderValue};
use webhook_client::webhooks::{verify_and_parse, Event, WebhookError, WebhookSecret};

const SECRET: &str = "whsec_fixture";

fn signed(body: &str) -> HeaderMap {
    let mut child = Command::new("python3")
        .args([
            "-c",
            "import base64, hashlib, hmac, sys\n\
             print(base64.b64encode(hmac.new(sys.argv[1].encode(), sys.stdin.buffer.read(), hashlib.sha256).digest()).decode())",
            SECRET,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 is installed");
    let mut stdin = child.stdin.take().expect("piped stdin");
    stdin.write_all(body.as_bytes()).expect("writing the body");
    drop(stdin);
    let output = child.wait_with_output().expect("the signature");
    let signature = String::from_utf8(output.stdout).expect("base64 is ASCII");
    let mut headers = HeaderMap::new();
    headers.insert(
        "Heron-Signature",
        HeaderValue::from_str(signature.trim()).expect("a header value"),
    );
    headers
}

fn parse(body: &str) -> Result<Event, WebhookError> {
    verify_and_parse(
        &signed(body),
        body.as_bytes(),
        &WebhookSecret::new(SECRET).expect("a secret"),
    )
}

#[test]
fn each_topic_decodes_into_its_variant() {
    let deleted = r#"{"topic":"transactions.deleted","created":"2026-08-14T12:24:38.137886","data":{"heron_ids":["txn_1","txn_2"]},"meta":{}}"#;
    match parse(deleted).expect("a signed delivery") {
        Event::TransactionsDeleted(event) => {
            assert_eq!(event.data.heron_ids, ["txn_1", "txn_2"]);
            assert_eq!(
                event.created.map(|at| at.to_string()).as_deref(),
                Some("2026-08-14T12:24:38.137886Z")
            );
        }
        other => panic!("expected transactions.deleted, got {other:?}"),
    }

    // Two topics share the callback's inline payload type.
    let processed =
        r#"{"topic":"end_user.processed","data":{"heron_id":"eus_1","name":"Zoë"},"meta":null}"#;
    let event = parse(processed).expect("a signed delivery");
    assert_eq!(event.topic(), "end_user.processed");
    match event {
        Event::EndUserProcessed(event) => {
            assert_eq!(event.data.heron_id, "eus_1");
            assert_eq!(event.data.name.as_deref(), Some("Zoë"));
        }
        other => panic!("expected end_user.processed, got {other:?}"),
    }
}

#[test]
fn a_topic_without_a_payload_type_keeps_its_json_and_an_unknown_one_goes_to_the_catch_all() {
    let pdf = r#"{"topic":"pdf.processed","data":{"pdf_id":"pdf_1"}}"#;
    match parse(pdf).expect("a signed delivery") {
        Event::PdfProcessed(envelope) => assert_eq!(envelope["data"]["pdf_id"], "pdf_1"),
        other => panic!("expected pdf.processed, got {other:?}"),
    }

    let new = r#"{"topic":"pdf.teleported","data":{"pdf_id":"pdf_2"}}"#;
    match parse(new).expect("a signed delivery") {
        Event::Other { topic, payload } => {
            assert_eq!(topic, "pdf.teleported");
            assert_eq!(payload["data"]["pdf_id"], "pdf_2");
        }
        other => panic!("expected the catch-all, got {other:?}"),
    }
}

#[test]
fn a_known_topic_with_the_wrong_shape_is_an_error_not_the_catch_all() {
    let body = r#"{"topic":"transactions.deleted","data":{"heron_ids":"txn_1"}}"#;
    let err = parse(body).expect_err("heron_ids is a list");
    assert!(matches!(err, WebhookError::UnknownShape(_)), "{err:?}");
}
