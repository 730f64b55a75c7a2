use crate::runtime::multipart::Multipart;
use crate::runtime::upload::Payload;
use crate::File;

/// The boundary a finished form's `Content-Type` announces.
fn boundary(content_type: &str) -> &str {
    content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a multipart content type")
}

#[test]
fn parts_are_laid_out_as_rfc_7578_says() {
    let statement = File::new(b"%PDF".to_vec())
        .with_file_name("statement.pdf")
        .with_content_type("application/pdf");
    let (content_type, body) = Multipart::new()
        .text("note", "hello")
        .file("upload", &statement)
        .file("raw", &File::new(b"\x00\x01".to_vec()))
        .finish();
    let boundary = boundary(&content_type);
    let expected = [
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"),
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"upload\"; \
             filename=\"statement.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n"
        ),
        // Without a file name the part's name stands in; without a type, octet-stream.
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"raw\"; \
             filename=\"raw\"\r\nContent-Type: application/octet-stream\r\n\r\n\x00\x01\r\n"
        ),
        format!("--{boundary}--\r\n"),
    ]
    .concat();
    assert_eq!(String::from_utf8_lossy(super::encoded(&body)), expected);
}

#[test]
fn quotes_and_line_breaks_cannot_escape_a_header_parameter() {
    let file = File::new(Vec::new()).with_file_name("a\"b\\c\r\nd.txt");
    let (_, body) = Multipart::new().file("x\"y", &file).finish();
    let body = String::from_utf8_lossy(super::encoded(&body));
    assert!(
        body.contains("name=\"x\\\"y\"; filename=\"a\\\"b\\\\c  d.txt\"\r\n"),
        "{body}"
    );
}

#[test]
fn arrays_repeat_the_part_and_absent_values_add_none() {
    let (content_type, body) = Multipart::new()
        .texts("tag", &["a", "b"])
        .text_opt::<str>("missing", None)
        .json("meta", &serde_json::json!({"k": 1}))
        .finish();
    let body = String::from_utf8_lossy(super::encoded(&body));
    assert_eq!(body.matches("name=\"tag\"").count(), 2, "{body}");
    assert!(!body.contains("missing"), "{body}");
    assert!(body.contains("\r\n\r\n{\"k\":1}\r\n"), "{body}");
    assert_eq!(body.matches(boundary(&content_type)).count(), 4);
}

#[test]
fn every_form_gets_its_own_boundary() {
    let (first, _) = Multipart::new().finish();
    let (second, _) = Multipart::new().finish();
    assert_ne!(first, second);
    assert!(boundary(&first).len() >= 32, "{first}");
}

/// Every chunk of one attempt's body, joined.
async fn read_attempt(payload: &Payload) -> Vec<u8> {
    let mut body = payload.for_attempt().expect("a body for the attempt");
    let mut read = Vec::new();
    while let Some(frame) =
        std::future::poll_fn(|cx| http_body::Body::poll_frame(std::pin::Pin::new(&mut body), cx))
            .await
    {
        read.extend_from_slice(&frame.expect("a frame").into_data().expect("data"));
    }
    read
}

#[tokio::test]
async fn a_part_from_a_path_is_read_by_each_attempt_and_sent_as_bytes_would_be() {
    let path = std::env::temp_dir().join(format!("heron-multipart-{}.bin", std::process::id()));
    std::fs::write(&path, b"%PDF-1.7 from disk").expect("write the file");
    let from_disk = File::from_path(&path).with_content_type("application/pdf");
    assert_eq!(
        from_disk.file_name.as_deref(),
        path.file_name().and_then(|n| n.to_str())
    );
    let (_, payload) = Multipart::new()
        .text("note", "hello")
        .file("upload", &from_disk.with_file_name("statement.pdf"))
        .finish();
    assert!(payload.replayable());
    let Payload::Segments(segments) = &payload else {
        panic!("a path is read while sent: {payload:?}");
    };
    assert_eq!(segments.len(), 3, "{segments:?}");
    let first = read_attempt(&payload).await;
    let body = String::from_utf8_lossy(&first).into_owned();
    assert!(
        body.contains("filename=\"statement.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7 from disk\r\n"),
        "{body}"
    );
    // A retry opens the file again and sends what is there then.
    std::fs::write(&path, b"%PDF-1.7 rewritten").expect("rewrite the file");
    let second = read_attempt(&payload).await;
    assert!(String::from_utf8_lossy(&second).contains("%PDF-1.7 rewritten\r\n"));
    std::fs::remove_file(&path).expect("remove the file");
    let missing = payload.for_attempt().expect_err("the file is gone");
    assert!(matches!(missing, crate::Error::Io(_)), "{missing:?}");
}

#[tokio::test]
async fn a_part_from_a_stream_is_sent_once() {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![Ok(b"ab".to_vec()), Ok(b"cd".to_vec())];
    let file = File::from_stream(Chunks(chunks.into_iter()), Some(4));
    let (_, payload) = Multipart::new().file("upload", &file).finish();
    assert!(!payload.replayable());
    let body = read_attempt(&payload).await;
    assert!(String::from_utf8_lossy(&body).contains("\r\n\r\nabcd\r\n"));
    let again = payload.for_attempt().expect_err("the stream was read");
    assert!(again.to_string().contains("sent once"), "{again}");
}

/// A stream of ready chunks, without futures-util.
struct Chunks<I>(I);

impl<I: Iterator + Unpin> futures_core::Stream for Chunks<I> {
    type Item = I::Item;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<I::Item>> {
        std::task::Poll::Ready(self.0.next())
    }
}
