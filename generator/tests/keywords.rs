//! Every Rust keyword, in every position a spec name becomes a Rust name, gives a valid
//! and distinct name (`compile.rs` compiles the same spec with clippy).

mod common;

use std::collections::HashSet;

use common::*;
use generator::ir::{ParamLocation, TypeKind};

/// An identifier rustc accepts: plain and not a keyword, or raw (`r#type`) and not one
/// of the keywords a raw identifier cannot spell.
fn is_valid_identifier(name: &str) -> bool {
    let (raw, word) = match name.strip_prefix("r#") {
        Some(word) => (true, word),
        None => (false, name),
    };
    let shaped = word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    // Weak keywords are ordinary identifiers outside their one context.
    let weak = ["macro_rules", "union", "safe", "raw"];
    let keyword = RUST_KEYWORDS.contains(&word) && !weak.contains(&word);
    let never_raw = ["crate", "self", "Self", "super", "_"];
    shaped
        && if raw {
            keyword && !never_raw.contains(&word)
        } else {
            !keyword
        }
}

#[track_caller]
fn assert_valid_and_distinct<'a>(position: &str, names: impl IntoIterator<Item = &'a str>) {
    let names: Vec<&str> = names.into_iter().collect();
    for name in &names {
        assert!(
            is_valid_identifier(name),
            "{position}: `{name}` is not a valid identifier"
        );
    }
    let distinct: HashSet<&str> = names.iter().copied().collect();
    assert_eq!(
        distinct.len(),
        names.len(),
        "{position}: names collide: {names:?}"
    );
}

#[test]
fn every_keyword_in_every_position_is_a_valid_distinct_name() {
    let generated = generate(&keywords_spec());
    let api = &generated.api;
    let keywords = RUST_KEYWORDS.len();

    let types: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    assert_valid_and_distinct("type", types.iter().copied());
    assert!(types.len() >= keywords, "{types:?}");
    let modules: HashSet<&str> = api.types.iter().map(|t| t.module.as_str()).collect();
    // Module names are file names: no `r#` there.
    assert!(modules.iter().all(|m| !m.starts_with("r#")), "{modules:?}");
    assert_valid_and_distinct("model module", modules.iter().copied());

    let fields = fields(type_named(api, "Fields"));
    assert_eq!(fields.len(), keywords);
    assert_valid_and_distinct("field", fields.iter().map(|f| f.rust_name.as_str()));

    let TypeKind::Enum(words) = &type_named(api, "Words").kind else {
        panic!("`Words` is not an enum")
    };
    assert_eq!(words.variants.len(), keywords);
    assert_valid_and_distinct(
        "enum variant",
        words
            .variants
            .iter()
            .map(|v| v.rust_name.as_str())
            .chain([words.catch_all.as_str()]),
    );

    let TypeKind::Union(either) = &type_named(api, "Either").kind else {
        panic!("`Either` is not a union")
    };
    assert_eq!(either.variants.len(), keywords);
    assert_valid_and_distinct(
        "union variant",
        either.variants.iter().map(|v| v.rust_name.as_str()),
    );

    assert_valid_and_distinct(
        "method",
        api.operations.iter().map(|o| o.rust_name.as_str()),
    );
    let tag_modules: HashSet<&str> = api.operations.iter().map(|o| o.module.as_str()).collect();
    assert!(tag_modules.len() > keywords, "{tag_modules:?}");
    assert!(
        tag_modules.iter().all(|m| !m.starts_with("r#")),
        "{tag_modules:?}"
    );
    assert_valid_and_distinct("operations module", tag_modules.iter().copied());

    let Some(parameters) = api.operations.iter().find(|o| o.rust_name == "parameters") else {
        panic!("no `parameters` operation")
    };
    assert_eq!(parameters.params.len(), keywords + 2);
    let path_params = parameters
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path);
    assert_eq!(path_params.count(), 2);
    assert_valid_and_distinct(
        "parameter",
        parameters.params.iter().map(|p| p.rust_name.as_str()),
    );
}
