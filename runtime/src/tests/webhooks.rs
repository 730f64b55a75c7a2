//! Webhook verification, against signatures computed by independent implementations
//! (Python's `hmac` and `openssl dgst`, run as processes), and the axum extractor
//! answering real requests on 127.0.0.1.

use std::io::Write as _;
use std::process::{Command, Stdio};

use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::Value;

use crate::webhooks::{
    verify_and_parse, EmptySecret, SignatureEncoding, SignatureScheme, WebhookError, WebhookEvent,
    WebhookSecret, MAX_BODY_BYTES,
};

const SECRET: &str = "whsec_test_7f3a";

/// What a generated `Event` looks like: one typed topic and the catch-all.
#[derive(Debug, PartialEq)]
enum Event {
    TransactionsDeleted(Deleted),
    Other { topic: String, payload: Value },
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Deleted {
    data: DeletedData,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct DeletedData {
    heron_ids: Vec<String>,
}

impl WebhookEvent for Event {
    const SCHEME: SignatureScheme = SignatureScheme {
        header: "Heron-Signature",
        encoding: SignatureEncoding::Base64,
        topic_field: "topic",
    };

    fn from_envelope(topic: String, envelope: Value) -> Result<Self, serde_json::Error> {
        match topic.as_str() {
            "transactions.deleted" => {
                serde_json::from_value(envelope).map(Self::TransactionsDeleted)
            }
            _ => Ok(Self::Other {
                topic,
                payload: envelope,
            }),
        }
    }
}

/// Runs `program` with `body` on stdin and returns its trimmed stdout.
fn run(program: &str, args: &[&str], body: &[u8]) -> String {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|err| panic!("{program} must be installed: {err}"));
    let mut stdin = child.stdin.take().expect("piped stdin");
    stdin.write_all(body).expect("writing the body");
    drop(stdin);
    let output = child.wait_with_output().expect("waiting for the signer");
    assert!(output.status.success(), "{program} failed");
    String::from_utf8(output.stdout)
        .expect("ASCII output")
        .trim()
        .to_owned()
}

/// The base64 HMAC-SHA256 of `body`, by Python's `hmac`.
fn python_signature(secret: &str, body: &[u8]) -> String {
    run(
        "python3",
        &[
            "-c",
            "import base64, hashlib, hmac, sys\n\
             print(base64.b64encode(hmac.new(sys.argv[1].encode(), sys.stdin.buffer.read(), hashlib.sha256).digest()).decode())",
            secret,
        ],
        body,
    )
}

fn headers(signature: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        "heron-signature",
        HeaderValue::from_str(signature).expect("a header value"),
    );
    headers
}

fn parse(signature: &str, body: &[u8], secret: &str) -> Result<Event, WebhookError> {
    verify_and_parse(
        &headers(signature),
        body,
        &WebhookSecret::new(secret).expect("a secret"),
    )
}

const DELETED: &str = r#"{"topic":"transactions.deleted","created":"2026-08-14T12:24:38","data":{"heron_ids":["txn_1"]},"meta":{}}"#;

#[test]
fn a_body_signed_by_python_is_accepted_and_typed() {
    let signature = python_signature(SECRET, DELETED.as_bytes());
    let event = parse(&signature, DELETED.as_bytes(), SECRET).expect("a valid delivery");
    assert_eq!(
        event,
        Event::TransactionsDeleted(Deleted {
            data: DeletedData {
                heron_ids: vec!["txn_1".to_owned()]
            }
        })
    );
}

#[test]
fn a_body_signed_by_openssl_is_accepted_with_hex_too() {
    let hex = run(
        "openssl",
        &["dgst", "-sha256", "-hmac", SECRET, "-r"],
        DELETED.as_bytes(),
    );
    let hex = hex.split_whitespace().next().expect("the digest");
    let scheme = SignatureScheme {
        encoding: SignatureEncoding::Hex,
        ..Event::SCHEME
    };
    crate::webhooks::verify(
        &scheme,
        &headers(hex),
        DELETED.as_bytes(),
        &WebhookSecret::new(SECRET).expect("a secret"),
    )
    .expect("openssl's signature");
    let base64 = python_signature(SECRET, DELETED.as_bytes());
    assert!(
        crate::webhooks::verify(
            &scheme,
            &headers(&base64),
            DELETED.as_bytes(),
            &WebhookSecret::new(SECRET).expect("a secret")
        )
        .is_err(),
        "a base64 value is not hex"
    );
}

#[test]
fn a_flipped_byte_in_body_or_signature_is_a_mismatch() {
    let signature = python_signature(SECRET, DELETED.as_bytes());
    let mut body = DELETED.as_bytes().to_vec();
    if let Some(byte) = body.get_mut(40) {
        *byte ^= 0x01;
    }
    assert!(matches!(
        parse(&signature, &body, SECRET),
        Err(WebhookError::Mismatch)
    ));
    // Flip one bit of the MAC itself and re-encode it.
    let mut mac = base64_decode(&signature);
    if let Some(byte) = mac.first_mut() {
        *byte ^= 0x80;
    }
    assert!(matches!(
        parse(&base64_encode(&mac), DELETED.as_bytes(), SECRET),
        Err(WebhookError::Mismatch)
    ));
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .expect("base64")
}

fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[test]
fn a_wrong_secret_is_a_mismatch_and_no_error_shows_the_secret() {
    let signature = python_signature("another secret", DELETED.as_bytes());
    let err = parse(&signature, DELETED.as_bytes(), SECRET).expect_err("wrong secret");
    assert!(matches!(err, WebhookError::Mismatch), "{err:?}");
    assert!(!format!("{err} {err:?}").contains(SECRET));
    let secret = WebhookSecret::new(SECRET).expect("a secret");
    assert_eq!(format!("{secret:?}"), "WebhookSecret(<redacted>)");
}

#[test]
fn a_truncated_header_is_refused() {
    let signature = python_signature(SECRET, DELETED.as_bytes());
    // Cut on a base64 quantum: still base64, but a shorter MAC.
    let quantum = signature.get(..signature.len() - 4).expect("44 characters");
    assert!(matches!(
        parse(quantum, DELETED.as_bytes(), SECRET),
        Err(WebhookError::Mismatch)
    ));
    // Cut anywhere else: not base64 at all.
    let cut = signature.get(..signature.len() - 3).expect("44 characters");
    assert!(matches!(
        parse(cut, DELETED.as_bytes(), SECRET),
        Err(WebhookError::BadEncoding {
            expected: "base64",
            ..
        })
    ));
    assert!(matches!(
        verify_and_parse::<Event>(
            &HeaderMap::new(),
            DELETED.as_bytes(),
            &WebhookSecret::new(SECRET).expect("a secret")
        ),
        Err(WebhookError::MissingHeader("Heron-Signature"))
    ));
}

#[test]
fn an_empty_body_and_a_10_mb_body_are_refused_before_any_mac() {
    let empty_signature = python_signature(SECRET, b"");
    assert!(matches!(
        parse(&empty_signature, b"", SECRET),
        Err(WebhookError::EmptyBody)
    ));
    // A correctly signed 10 MB body: refused on its size alone.
    let mut big = br#"{"topic":"pdf.parsed","data":""#.to_vec();
    big.resize(10 * 1024 * 1024, b'a');
    big.extend_from_slice(br#""}"#);
    let signature = python_signature(SECRET, &big);
    assert!(matches!(
        parse(&signature, &big, SECRET),
        Err(WebhookError::TooLarge {
            limit: MAX_BODY_BYTES
        })
    ));
}

#[test]
fn signed_bodies_that_are_not_envelopes_say_what_is_wrong() {
    for (body, expected) in [
        ("not json", "not JSON"),
        (r#"{"data":{}}"#, "no string `topic` field"),
        (
            r#"{"topic":"transactions.deleted","data":{"heron_ids":"txn_1"}}"#,
            "not a webhook envelope",
        ),
    ] {
        let signature = python_signature(SECRET, body.as_bytes());
        let err = parse(&signature, body.as_bytes(), SECRET).expect_err(body);
        assert!(err.to_string().contains(expected), "{body}: {err}");
    }
}

#[test]
fn an_unknown_topic_keeps_its_topic_and_raw_envelope() {
    let body = r#"{"topic":"pdf.teleported","data":{"id":7}}"#;
    let signature = python_signature(SECRET, body.as_bytes());
    let event = parse(&signature, body.as_bytes(), SECRET).expect("an unknown topic");
    assert_eq!(
        event,
        Event::Other {
            topic: "pdf.teleported".to_owned(),
            payload: serde_json::json!({"topic": "pdf.teleported", "data": {"id": 7}}),
        }
    );
}

/// The sender signs a compact serialization; the receiver checks the bytes it got. A body
/// that differs from the signed bytes in layout or escaping is refused, never re-serialized.
#[test]
fn a_body_not_byte_identical_to_the_signed_form_is_a_mismatch() {
    let compact = r#"{"topic":"end_user.created","data":{"name":"Zoë"}}"#;
    let signature = python_signature(SECRET, compact.as_bytes());
    parse(&signature, compact.as_bytes(), SECRET).expect("the signed bytes");
    let pretty = "{\n  \"topic\": \"end_user.created\",\n  \"data\": {\"name\": \"Zoë\"}\n}";
    let ascii_escaped = r#"{"topic":"end_user.created","data":{"name":"Zo\u00eb"}}"#;
    for body in [pretty, ascii_escaped] {
        assert!(
            matches!(
                parse(&signature, body.as_bytes(), SECRET),
                Err(WebhookError::Mismatch)
            ),
            "{body}"
        );
    }
}

mod axum_glue {
    use axum::extract::FromRef;
    use axum::routing::post;
    use axum::Router;

    use super::*;
    use crate::webhooks::Verified;

    #[derive(Clone)]
    struct State {
        secret: WebhookSecret,
    }

    impl FromRef<State> for WebhookSecret {
        fn from_ref(state: &State) -> Self {
            state.secret.clone()
        }
    }

    /// One HTTP/1.1 POST written by hand (reqwest here has no TLS provider, and needs
    /// none, but refuses to build without one): the status and the body.
    async fn post_raw(address: std::net::SocketAddr, signature: &str, body: &str) -> (u16, String) {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

        let mut stream = tokio::net::TcpStream::connect(address)
            .await
            .expect("a connection");
        let request = format!(
            "POST /hooks HTTP/1.1\r\nHost: {address}\r\nHeron-Signature: {signature}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        // A server refusing a large body may answer and close before all of it is sent:
        // a failed write or a reset after the answer still leaves the answer to read.
        let _ = stream.write_all(request.as_bytes()).await;
        let mut received = Vec::new();
        let _ = stream.read_to_end(&mut received).await;
        let response = String::from_utf8_lossy(&received);
        let status = response
            .get(9..12)
            .and_then(|code| code.parse().ok())
            .expect("a status line");
        let (_, text) = response.split_once("\r\n\r\n").expect("a body");
        (status, text.to_owned())
    }

    async fn receive(Verified(event): Verified<Event>) -> String {
        match event {
            Event::TransactionsDeleted(deleted) => deleted.data.heron_ids.join(","),
            Event::Other { topic, .. } => topic,
        }
    }

    #[tokio::test]
    async fn the_extractor_answers_real_requests() {
        let app = Router::new()
            .route("/hooks", post(receive))
            .with_state(State {
                secret: WebhookSecret::new(SECRET).expect("a secret"),
            });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let address = listener.local_addr().expect("an address");
        let server = tokio::spawn(async move { axum::serve(listener, app).await });

        let good = post_raw(
            address,
            &python_signature(SECRET, DELETED.as_bytes()),
            DELETED,
        )
        .await;
        assert_eq!(good, (200, "txn_1".to_owned()));

        let forged = post_raw(
            address,
            &python_signature("guess", DELETED.as_bytes()),
            DELETED,
        )
        .await;
        assert_eq!(
            forged,
            (401, "the signature does not match the body".to_owned())
        );

        let not_json = "{\"topic\":";
        let broken = post_raw(
            address,
            &python_signature(SECRET, not_json.as_bytes()),
            not_json,
        )
        .await;
        assert_eq!(broken.0, 400, "{broken:?}");

        // Refused while reading, before the whole 10 MB arrive or any MAC is computed.
        let big = "a".repeat(10 * 1024 * 1024);
        let too_large = post_raw(address, "c2lnbmF0dXJl", &big).await;
        assert_eq!(
            too_large,
            (
                413,
                format!("the body is larger than {MAX_BODY_BYTES} bytes")
            )
        );
        server.abort();
    }

    /// Rotation: while the sender moves to a new secret, the extractor accepts deliveries
    /// signed with the new or the old one, and still refuses any other.
    #[tokio::test]
    async fn the_extractor_accepts_each_of_several_secrets() {
        let rotating = WebhookSecret::new("whsec_new")
            .expect("a secret")
            .or(WebhookSecret::new(SECRET).expect("a secret"));
        let app = Router::new()
            .route("/hooks", post(receive))
            .with_state(State { secret: rotating });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let address = listener.local_addr().expect("an address");
        let server = tokio::spawn(async move { axum::serve(listener, app).await });
        for (secret, status) in [("whsec_new", 200), (SECRET, 200), ("whsec_other", 401)] {
            let signature = python_signature(secret, DELETED.as_bytes());
            let (got, body) = post_raw(address, &signature, DELETED).await;
            assert_eq!(got, status, "signed with {secret}: {body}");
        }
        server.abort();
    }
}

/// An unset environment variable read as `""` must not become a secret anyone can sign
/// with: an error, not a panic.
#[test]
fn an_empty_secret_is_refused() {
    let refused = WebhookSecret::new("");
    assert_eq!(refused.err(), Some(EmptySecret));
    assert!(
        WebhookSecret::new(std::env::var("HERON_UNSET_WEBHOOK_SECRET").unwrap_or_default())
            .is_err()
    );
    assert!(WebhookSecret::new(b"\0").is_ok());
}
