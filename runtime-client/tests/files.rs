//! Files over HTTP against a real server on 127.0.0.1: downloads streamed (retried only
//! before their first byte, written to disk or any `AsyncWrite`), and multipart uploads
//! read from a path (sent again by a retry) or a stream (sent once).

#[path = "../../generated-client/tests/support/mod.rs"]
mod support;

use std::path::PathBuf;
use std::time::Duration;

use futures_util::StreamExt;
use runtime_client::models::UploadFileBody;
use runtime_client::{Client, Error, File};
use support::{Reply, TestServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .api_key("key-for-tests")
        .initial_backoff(Duration::from_millis(10))
        .build()
        .expect("client")
}

fn scratch(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("runtime-client-{}-{name}", std::process::id()))
}

fn zip_reply(body: &[u8]) -> Reply {
    let mut reply = Reply::json(200, "");
    reply.headers = vec![("content-type".into(), "application/zip".into())];
    reply.body = body.to_vec();
    reply
}

#[tokio::test]
async fn a_download_streams_after_the_retries_with_its_type_and_length() {
    let contents: Vec<u8> = (0..300_000u32).map(|i| (i % 256) as u8).collect();
    let body = contents.clone();
    let server = TestServer::start(move |_, index| match index {
        0 => Reply::json(503, "{}"),
        _ => zip_reply(&body),
    })
    .await;
    let mut download = client(&server.base_url)
        .download_file("f 1")
        .stream()
        .await
        .expect("the download starts");
    assert_eq!(download.status(), 200);
    assert_eq!(download.content_type(), Some("application/zip"));
    assert_eq!(download.content_length(), Some(contents.len() as u64));
    let mut read = Vec::new();
    while let Some(chunk) = download.next().await {
        read.extend_from_slice(&chunk.expect("a chunk"));
    }
    assert_eq!(read, contents);
    assert_eq!(download.received(), contents.len() as u64);
    let requests = server.requests();
    assert_eq!(
        requests.len(),
        2,
        "the 503 was retried before the first byte"
    );
    assert_eq!(requests[1].target, "/files/f%201/content");

    // The same body written to disk, and to any writer.
    let path = scratch("download.zip");
    let length = client(&server.base_url)
        .download_file("f")
        .stream()
        .await
        .expect("starts")
        .to_file(&path)
        .await
        .expect("written");
    assert_eq!(length, contents.len() as u64);
    assert_eq!(tokio::fs::read(&path).await.expect("the file"), contents);
    tokio::fs::remove_file(&path).await.expect("clean up");
    let mut written = Vec::new();
    client(&server.base_url)
        .download_file("f")
        .stream()
        .await
        .expect("starts")
        .write_to(&mut written)
        .await
        .expect("written");
    assert_eq!(written, contents);
    // And the buffered form stays.
    let whole = client(&server.base_url)
        .download_file("f")
        .await
        .expect("whole");
    assert_eq!(whole, contents);
}

#[tokio::test]
async fn a_download_cut_short_fails_is_not_retried_and_leaves_no_file() {
    // Announces 100,000 bytes, sends 10, and hangs up.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let accepted = tokio::spawn(async move {
        let mut connections = 0;
        while let Ok(Ok((mut stream, _))) =
            tokio::time::timeout(Duration::from_millis(500), listener.accept()).await
        {
            connections += 1;
            let mut head = [0u8; 4096];
            let _ = stream.read(&mut head).await;
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n0123456789")
                .await;
        }
        connections
    });
    let path = scratch("cut.zip");
    let error = client(&format!("http://{address}"))
        .download_file("f")
        .stream()
        .await
        .expect("the head arrives")
        .to_file(&path)
        .await
        .expect_err("the body is cut short");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(!path.exists(), "a partial file is removed");
    assert_eq!(
        accepted.await.expect("server"),
        1,
        "nothing is retried after the first byte"
    );
}

#[tokio::test]
async fn an_upload_from_a_path_is_read_again_by_a_retry() {
    let path = scratch("statement.pdf");
    let contents: Vec<u8> = (0..200_000u32).map(|i| (i % 249) as u8).collect();
    tokio::fs::write(&path, &contents)
        .await
        .expect("write the file");
    let server = TestServer::start(|_, index| match index {
        0 => Reply::json(503, "{}"),
        _ => Reply::json(201, r#"{"id": "u-1"}"#),
    })
    .await;
    let body = UploadFileBody::new(File::from_path(&path).with_content_type("application/pdf"));
    let stored = client(&server.base_url)
        .upload_file(&body)
        .idempotency_key("upload-1")
        .await
        .expect("stored after a retry");
    assert_eq!(stored.id.as_deref(), Some("u-1"));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        let sent = request.body.as_slice();
        assert_eq!(
            request.header("content-length").map(str::to_owned),
            Some(sent.len().to_string()),
            "the length is known up front"
        );
        let name = path.file_name().and_then(|n| n.to_str()).expect("a name");
        let head = format!("filename=\"{name}\"\r\nContent-Type: application/pdf\r\n\r\n");
        let start = sent
            .windows(head.len())
            .position(|window| window == head.as_bytes())
            .expect("the file part")
            + head.len();
        assert_eq!(&sent[start..start + contents.len()], contents.as_slice());
    }
    tokio::fs::remove_file(&path).await.expect("clean up");
}

#[tokio::test]
async fn an_upload_from_a_stream_is_sent_once() {
    let server = TestServer::start(|_, _| Reply::json(503, "{}")).await;
    let chunks = futures_util::stream::iter(
        ["first ", "second"].map(|chunk| Ok::<_, std::io::Error>(chunk.as_bytes().to_vec())),
    );
    let body = UploadFileBody::new(File::from_stream(chunks, Some(12)).with_file_name("a.txt"));
    let error = client(&server.base_url)
        .upload_file(&body)
        .idempotency_key("upload-2")
        .await
        .expect_err("a 503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "a stream is never retried");
    let sent = String::from_utf8_lossy(&requests[0].body);
    assert!(
        sent.contains("filename=\"a.txt\"") && sent.contains("\r\n\r\nfirst second\r\n"),
        "{sent}"
    );
}
