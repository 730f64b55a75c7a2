use std::collections::BTreeMap;

use reqwest::StatusCode;
use serde::Deserialize;

use crate::runtime::wire::{decode_json, decode_text, encode, push_path_segment, url};
use crate::Error;

#[test]
fn everything_but_unreserved_characters_is_percent_encoded() {
    let cases = [
        ("AZaz09-._~", "AZaz09-._~"),
        ("a/b c", "a%2Fb%20c"),
        (
            "?#[]@!$&'()*+,;=%",
            "%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%25",
        ),
        ("é€", "%C3%A9%E2%82%AC"),
        ("\n\0", "%0A%00"),
        ("", ""),
    ];
    for (raw, encoded) in cases {
        assert_eq!(encode(raw), encoded, "{raw:?}");
    }
}

#[test]
fn a_path_segment_is_appended_encoded_and_dot_segments_are_refused() {
    let mut path = "/items/".to_owned();
    push_path_segment(&mut path, "id", "a/../b c").expect("an ordinary value");
    assert_eq!(path, "/items/a%2F..%2Fb%20c");
    // Only a whole `.` or `..` is a dot segment.
    for value in ["...", ".a", "a."] {
        let mut path = String::new();
        push_path_segment(&mut path, "id", value).expect("not a dot segment");
        assert_eq!(path, value);
    }
    for (value, reason) in [
        ("", "is empty"),
        (".", "is `.` or `..`, which would change the path"),
        ("..", "is `.` or `..`, which would change the path"),
    ] {
        let mut path = "/items/".to_owned();
        match push_path_segment(&mut path, "id", value) {
            Err(Error::InvalidPathParameter {
                name: "id",
                reason: got,
            }) => {
                assert_eq!(got, reason, "{value:?}");
            }
            other => panic!("{value:?} gave {other:?}"),
        }
        assert_eq!(path, "/items/", "a refused value adds nothing");
    }
}

#[test]
fn a_url_is_the_base_url_the_path_and_the_query_pairs_in_order() {
    let pairs = ["limit=5".to_owned(), "api_key=a%20key".to_owned()];
    let with_query =
        url("https://api.example.com/v1", "/items/a%2Fb", pairs.iter()).expect("a URL");
    assert_eq!(
        with_query.as_str(),
        "https://api.example.com/v1/items/a%2Fb?limit=5&api_key=a%20key"
    );
    let without = url("http://127.0.0.1:8080", "/items", [].iter()).expect("a URL");
    assert_eq!(without.as_str(), "http://127.0.0.1:8080/items");
    assert_eq!(without.query(), None);
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)] // the fields exist to be decoded
struct Page {
    items: Vec<Item>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)] // the fields exist to be decoded
struct Item {
    id: u32,
    tags: Option<Vec<String>>,
}

/// The JSON path a failed decode of `body` into `T` reports.
fn path_of_error<T: serde::de::DeserializeOwned + std::fmt::Debug>(body: &str) -> String {
    match decode_json::<T>(StatusCode::OK, body.as_bytes()) {
        Err(Error::Decode(error)) => {
            assert_eq!(error.body, body, "the body is kept");
            error.path
        }
        other => panic!("{body} decoded: {other:?}"),
    }
}

#[test]
fn a_decode_error_names_the_json_path_of_the_bad_value() {
    let cases = [
        (r#"{"items": [{"id": 1}, {"id": "two"}]}"#, "items[1].id"),
        (
            r#"{"items": [{"id": 1, "tags": ["a", 2]}]}"#,
            "items[0].tags[1]",
        ),
        // A missing field is reported at the object that lacks it.
        (r#"{"items": [{"id": 1}, {}]}"#, "items[1]"),
        ("[]", "."),
        ("", "."),
        // Strings that look like structure do not confuse the reader.
        (
            r#"{"items": [{"tags": ["{[,", "]}\""], "id": "x"}]}"#,
            "items[0].id",
        ),
        // Across lines: serde_json reports line:column, the reader counts lines.
        (
            "{\n  \"items\": [\n    {\"id\": 1},\n    {\"id\": -1}\n  ]\n}",
            "items[1].id",
        ),
    ];
    for (body, path) in cases {
        assert_eq!(path_of_error::<Page>(body), path, "{body}");
    }
}

#[test]
fn keys_in_the_path_are_unescaped() {
    type Nested = BTreeMap<String, BTreeMap<String, u32>>;
    assert_eq!(
        path_of_error::<Nested>(r#"{"a\"b": {"c\u00e9\n": true}}"#),
        "a\"b.cé\n"
    );
}

#[test]
fn a_good_body_decodes_and_trailing_bytes_do_not() {
    let page: Page = decode_json(StatusCode::OK, br#"{"items": [{"id": 7}]}"#).expect("valid");
    assert_eq!(page.items.len(), 1);
    assert_eq!(path_of_error::<Page>(r#"{"items": []} x"#), ".");
}

#[test]
fn text_bodies_must_be_utf8() {
    assert_eq!(
        decode_text(StatusCode::OK, "héllo".as_bytes()).expect("UTF-8"),
        "héllo"
    );
    match decode_text(StatusCode::OK, b"caf\xE9") {
        Err(Error::Decode(error)) => {
            assert_eq!(error.path, ".");
            assert_eq!(error.body, "caf\u{FFFD}");
            assert!(error.message.contains("not UTF-8"), "{}", error.message);
        }
        other => panic!("{other:?}"),
    }
}
