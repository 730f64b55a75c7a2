use crate::runtime::multipart::Multipart;
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
    assert_eq!(String::from_utf8_lossy(&body), expected);
}

#[test]
fn quotes_and_line_breaks_cannot_escape_a_header_parameter() {
    let file = File::new(Vec::new()).with_file_name("a\"b\\c\r\nd.txt");
    let (_, body) = Multipart::new().file("x\"y", &file).finish();
    let body = String::from_utf8_lossy(&body);
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
    let body = String::from_utf8_lossy(&body);
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
