use std::collections::BTreeMap;

use serde::de::MapAccess;

use crate::runtime::codec::{read_object, Fields, ReadObject};

/// Read as a generated model reads itself (`emit/read_object.rs`).
#[derive(Debug, PartialEq)]
struct Row {
    amount: f64,
    count: i64,
    small: Option<i32>,
    list: Option<Vec<f64>>,
    by_key: Option<BTreeMap<String, i64>>,
}

impl<'de> serde::Deserialize<'de> for Row {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_object(deserializer)
    }
}

impl ReadObject for Row {
    const NAME: &'static str = "Row";

    fn read<'de, A: MapAccess<'de>>(mut map: Fields<A>) -> Result<Self, A::Error> {
        let (mut amount, mut count, mut small, mut list, mut by_key) =
            (None, None, None, None, None);
        loop {
            match map.next_key()?.as_deref() {
                Some("amount") => amount = Some(map.number()?),
                Some("count") => count = Some(map.number()?),
                Some("small") => small = map.number()?,
                Some("list") => list = map.number()?,
                Some("by_key") => by_key = map.number()?,
                Some(_) => map.skip()?,
                None => break,
            }
        }
        Ok(Row {
            amount: map.required(amount, "amount")?,
            count: map.required(count, "count")?,
            small,
            list,
            by_key,
        })
    }
}

fn row(amount: &str, count: &str) -> Result<Row, serde_json::Error> {
    serde_json::from_str(&format!(r#"{{"amount": {amount}, "count": {count}}}"#))
}

#[test]
fn numbers_and_strings_holding_plain_numbers_are_read() {
    let cases = [
        (r#""1234.56""#, r#""12""#, 1234.56, 12),
        ("1234.56", "12", 1234.56, 12),
        (r#""-0.5""#, r#""-9223372036854775808""#, -0.5, i64::MIN),
        (r#""1e3""#, r#""7.00""#, 1000.0, 7),
        ("3", "0", 3.0, 0),
    ];
    for (amount, count, want_amount, want_count) in cases {
        let row = row(amount, count).unwrap_or_else(|err| panic!("{amount} {count}: {err}"));
        assert_eq!((row.amount, row.count), (want_amount, want_count));
    }
}

#[test]
fn anything_but_a_plain_number_in_the_string_is_refused() {
    for amount in [
        r#""NaN""#,
        r#""inf""#,
        r#""-infinity""#,
        r#""""#,
        r#"" 1""#,
        r#""1 ""#,
        r#""+1""#,
        r#""0x10""#,
        r#""1.5abc""#,
        r#""1.""#,
        r#"".5""#,
        r#""01""#,
        r#""1e""#,
        r#""1e400""#,
        "true",
        "null",
    ] {
        assert!(row(amount, "1").is_err(), "{amount} was accepted");
    }
    for count in [
        r#""12.5""#,
        r#""1e3""#,
        r#""9223372036854775808""#,
        "12.0",
        "12.5",
        r#""twelve""#,
    ] {
        assert!(row("1", count).is_err(), "{count} was accepted");
    }
}

#[test]
fn options_lists_and_maps_read_their_numbers_leniently_and_null_or_absent_is_none() {
    let full: Row = serde_json::from_str(
        r#"{"amount": 1, "count": 2, "small": "2147483647", "list": ["1.5", 2], "by_key": {"a": "3"}}"#,
    )
    .expect("decodes");
    assert_eq!(full.small, Some(i32::MAX));
    assert_eq!(full.list, Some(vec![1.5, 2.0]));
    assert_eq!(full.by_key, Some(BTreeMap::from([("a".to_owned(), 3)])));

    let sparse: Row =
        serde_json::from_str(r#"{"amount": 1, "count": 2, "small": null}"#).expect("decodes");
    assert_eq!(
        (sparse.small, sparse.list, sparse.by_key),
        (None, None, None)
    );

    assert!(
        serde_json::from_str::<Row>(r#"{"amount": 1, "count": 2, "small": "2147483648"}"#).is_err()
    );
}
