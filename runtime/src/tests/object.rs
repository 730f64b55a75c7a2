//! How models read JSON objects (`object.rs`), with a model written as the generator
//! writes one.

use serde::de::MapAccess;

use crate::runtime::codec::{read_object, Fields, ReadObject};

#[derive(Debug, PartialEq, serde::Deserialize)]
#[serde(untagged)]
enum Either {
    Item(Item),
    Text(String),
}

#[derive(Debug, PartialEq)]
struct Item {
    id: String,
    note: Option<String>,
    r#type: Option<String>,
}

impl<'de> serde::Deserialize<'de> for Item {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_object(deserializer)
    }
}

impl ReadObject for Item {
    const NAME: &'static str = "Item";

    fn read<'de, A: MapAccess<'de>>(mut map: Fields<A>) -> Result<Self, A::Error> {
        let (mut id, mut note, mut r#type) = (None, None, None);
        loop {
            match map.next_key()?.as_deref() {
                Some("id") => id = Some(map.value()?),
                Some("note") => note = map.value()?,
                Some("type") => r#type = map.value()?,
                Some(_) => map.skip()?,
                None => break,
            }
        }
        Ok(Item {
            id: map.required(id, "id")?,
            note,
            r#type,
        })
    }
}

fn item(json: &str) -> Result<Item, String> {
    serde_json::from_str(json).map_err(|err| err.to_string())
}

#[test]
fn known_fields_are_read_and_unknown_keys_of_any_shape_are_skipped() {
    let read =
        item(r#"{"extra": {"deep": [1, {"id": "no"}]}, "type": "t", "id": "a", "more": null}"#);
    assert_eq!(
        read,
        Ok(Item {
            id: "a".into(),
            note: None,
            r#type: Some("t".into()),
        })
    );
}

#[test]
fn an_optional_field_reads_null_and_absent_as_none() {
    assert_eq!(
        item(r#"{"id": "a", "note": null}"#).map(|item| item.note),
        Ok(None)
    );
    assert_eq!(item(r#"{"id": "a"}"#).map(|item| item.note), Ok(None));
}

#[test]
fn a_missing_or_null_required_field_is_an_error_naming_it() {
    let missing = item(r#"{"note": "x"}"#).unwrap_err();
    assert!(missing.starts_with("missing field `id`"), "{missing}");
    let null = item(r#"{"id": null}"#).unwrap_err();
    assert!(null.contains("invalid type: null"), "{null}");
}

#[test]
fn a_key_with_escapes_is_matched_and_a_repeated_key_keeps_its_last_value() {
    assert_eq!(
        item(r#"{"\u0069d": "escaped"}"#).map(|item| item.id),
        Ok("escaped".into())
    );
    assert_eq!(
        item(r#"{"id": "first", "id": "last"}"#).map(|item| item.id),
        Ok("last".into())
    );
}

#[test]
fn anything_but_an_object_is_refused_with_the_type_named() {
    for json in [r#"["a", null, null]"#, r#""a""#, "1", "null"] {
        let err = item(json).unwrap_err();
        assert!(
            err.contains("expected a JSON object (Item)"),
            "{json}: {err}"
        );
    }
}

#[test]
fn a_model_is_read_inside_an_untagged_union_from_buffered_content() {
    let values: Vec<Either> =
        serde_json::from_str(r#"[{"id": "a", "note": "n"}, "text", {"\u0069d": "b"}]"#)
            .expect("decodes");
    assert_eq!(
        values,
        [
            Either::Item(Item {
                id: "a".into(),
                note: Some("n".into()),
                r#type: None,
            }),
            Either::Text("text".into()),
            Either::Item(Item {
                id: "b".into(),
                note: None,
                r#type: None,
            }),
        ]
    );
}
