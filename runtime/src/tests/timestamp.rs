use crate::Timestamp;

#[test]
fn any_offset_is_read_and_utc_is_written() {
    let cases = [
        ("2026-07-03T12:24:30Z", "2026-07-03T12:24:30Z"),
        ("2026-07-03T14:24:30.5+02:00", "2026-07-03T12:24:30.500Z"),
        ("2026-07-03T12:24:30.665078", "2026-07-03T12:24:30.665078Z"),
        ("2026-07-03 12:24:30", "2026-07-03T12:24:30Z"),
        ("2026-07-03t12:24:30z", "2026-07-03T12:24:30Z"),
    ];
    for (text, written) in cases {
        let at: Timestamp = text.parse().expect(text);
        assert_eq!(at.to_string(), written, "{text}");
        assert_eq!(
            serde_json::to_string(&at).expect("serialize"),
            format!("\"{written}\"")
        );
    }
}

#[test]
fn text_that_is_not_a_timestamp_is_refused_with_the_text() {
    for text in [
        "2026-07-03",
        "12:24:30",
        "2026-07-03T25:00:00",
        "yesterday",
        "",
    ] {
        let error = text.parse::<Timestamp>().expect_err(text);
        assert!(
            error.to_string().contains(&format!("`{text}`")),
            "{text}: {error}"
        );
    }
    let error = serde_json::from_str::<Timestamp>("\"soon\"").expect_err("not a timestamp");
    assert!(error.to_string().contains("`soon`"), "{error}");
}
