use std::future::IntoFuture;

use reqwest::Method;
use serde_json::{json, Value};

use crate::runtime::request::Request;
use crate::{Client, Error};

#[test]
fn path_parameters_are_encoded_segments_and_the_first_problem_is_kept() {
    let request = Request::new("test", Method::GET, "/files/{folder}/{name}")
        .path("/files/")
        .path_param("folder", "a b")
        .path("/")
        .path_param("name", "x/y");
    assert_eq!(request.path, "/files/a%20b/x%2Fy");
    assert!(request.error.is_none());

    let request = Request::new("test", Method::GET, "/files/{folder}/{name}")
        .path("/files/")
        .path_param("folder", "..")
        .path_param("name", "");
    match request.error {
        Some(Error::InvalidPathParameter { name, .. }) => assert_eq!(name, "folder"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn query_arrays_repeat_the_name_when_exploded_and_join_with_commas_otherwise() {
    let tags = ["a,b", "c d"];
    let exploded = Request::new("test", Method::GET, "/test").query_list("tag", &tags, true);
    assert_eq!(exploded.query, ["tag=a%2Cb", "tag=c%20d"]);
    // The joining commas stay literal, commas inside values are encoded.
    let joined = Request::new("test", Method::GET, "/test").query_list("tag", &tags, false);
    assert_eq!(joined.query, ["tag=a%2Cb,c%20d"]);
    let empty: [&str; 0] = [];
    assert!(Request::new("test", Method::GET, "/test")
        .query_list("tag", &empty, false)
        .query
        .is_empty());
}

#[test]
fn forgetting_a_parameter_removes_all_it_added_and_nothing_else() {
    let mut request = Request::new("test", Method::GET, "/test")
        .query("limit", 10)
        .query("limits", 1)
        .query_list("ids", &[1, 2], true)
        .query_deep_object("filter", &json!({"status": "active"}))
        .header("x-trace", "t-1");
    for name in ["limit", "ids", "filter", "x-trace"] {
        request.forget_param(name);
    }
    assert_eq!(request.query, ["limits=1"]);
    assert!(request.headers.is_empty());
}

#[test]
fn deep_objects_nest_in_brackets_repeat_arrays_and_skip_nulls() {
    let filter = json!({
        "status": "active",
        "amount": {"min": 1.5, "max": null},
        "ids": [1, 2],
    });
    let request = Request::new("test", Method::GET, "/test").query_deep_object("filter", &filter);
    let mut query = request.query;
    query.sort();
    assert_eq!(
        query,
        [
            "filter%5Bamount%5D%5Bmin%5D=1.5",
            "filter%5Bids%5D=1",
            "filter%5Bids%5D=2",
            "filter%5Bstatus%5D=active",
        ]
    );
}

#[test]
fn bodies_carry_their_content_type() {
    let request = Request::new("test", Method::POST, "/test").json(&json!({"a": [1]}));
    let (content_type, body) = request.body.expect("a body");
    assert_eq!(content_type, "application/json");
    assert_eq!(super::encoded(&body), br#"{"a":[1]}"#);

    // Arrays repeat their name (Twilio's `StatusCallbackEvent`), objects nest, nulls go.
    // Keys in alphabetical order, which serde_json keeps with or without `preserve_order`.
    let form = json!({"filter": {"a": 1}, "none": null, "q": "a b&c", "tags": ["x", "y"]});
    let request = Request::new("test", Method::POST, "/test").form(&form);
    let (content_type, body) = request.body.expect("a body");
    assert_eq!(content_type, "application/x-www-form-urlencoded");
    assert_eq!(
        String::from_utf8_lossy(super::encoded(&body)),
        "filter%5Ba%5D=1&q=a+b%26c&tags=x&tags=y"
    );

    let request = Request::new("test", Method::PUT, "/test").raw("text/plain", b"hi");
    let (content_type, body) = request.body.expect("a body");
    assert_eq!(
        (content_type.as_ref(), super::encoded(&body)),
        ("text/plain", &b"hi"[..])
    );
}

#[test]
fn a_body_that_cannot_be_encoded_is_an_error_kept_for_sending() {
    // A form body is an object's properties.
    let request = Request::new("test", Method::POST, "/test").form(&json!(["a", "b"]));
    assert!(request.body.is_none());
    assert!(
        matches!(request.error, Some(Error::Encode(_))),
        "{:?}",
        request.error
    );
}

/// `.await` on a call boxes its future. glibc's allocator serves a block of up to 1,032
/// bytes from a cache of the thread's own; a larger one takes a lock shared by all threads,
/// which the generated call paid for in wall-clock time, 64 in flight, when its future was
/// 2,576 bytes (see `Call::future`).
#[test]
fn the_future_a_call_boxes_fits_in_the_allocators_thread_cache() {
    let client = Client::builder().api_key("key").build().expect("a client");
    let future = client
        .call::<Value, ()>(Request::new("test", Method::PUT, "/test"))
        .into_future();
    let size = std::mem::size_of_val(&*future);
    assert!(size <= 1032, "a call's future is {size} bytes");
}
