//! Broken and hostile specs: a clear, located error or a correct crate, never a panic.

mod common;

use common::*;
use generator::{Diagnostic, Location};

#[track_caller]
fn errors(spec: &str) -> Vec<Diagnostic> {
    match generator::generate(spec, &options()) {
        Ok(_) => panic!("expected the spec to be refused"),
        Err(errors) => errors,
    }
}

#[track_caller]
fn only_error(spec: &str) -> String {
    let errors = errors(spec);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let message = errors[0].display_in("spec.yaml").to_string();
    message
}

const HEADER: &str = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\n";

#[test]
fn json_syntax_errors_have_line_and_column() {
    let message = only_error("{\n  \"openapi\": \"3.0.0\",\n  \"info\": }\n");
    assert_eq!(
        message,
        "error: spec.yaml:3:11: invalid JSON: expected value"
    );
}

#[test]
fn yaml_syntax_errors_have_line_and_column() {
    let message = only_error("openapi: 3.0.0\ninfo:\n  title: [unclosed\n  version: 1\n");
    assert!(message.starts_with("error: spec.yaml:4:"), "{message}");
    assert!(message.contains("invalid YAML:"), "{message}");
}

#[test]
fn documents_that_are_not_openapi_3_0_or_3_1_say_what_was_found() {
    let swagger = only_error("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n");
    assert_eq!(swagger, "error: spec.yaml: #/swagger: found a Swagger 2.0 document: only OpenAPI 3.0.x and 3.1.x are supported (convert it first)");
    let v32 = only_error("openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
    assert_eq!(v32, "error: spec.yaml: #/openapi: unsupported OpenAPI version `3.2.0`: only OpenAPI 3.0.x and 3.1.x are supported");
    let missing = only_error("info: {title: t, version: '1'}\npaths: {}\n");
    assert_eq!(
        missing,
        "error: spec.yaml: #: missing `openapi` field: expected an OpenAPI 3.0.x or 3.1.x document"
    );
    let list = only_error("- just\n- a list\n");
    assert!(
        list.contains(
            "expected an OpenAPI 3.0 or 3.1 document (a mapping with an `openapi` field)"
        ),
        "{list}"
    );
    let shape = only_error(&format!(
        "{HEADER}paths:\n  /x:\n    get:\n      responses: 7\n"
    ));
    assert_eq!(
        shape,
        "error: spec.yaml: #/paths/~1x/get: invalid OpenAPI document: invalid type: integer `7`, expected struct Responses"
    );
}

#[test]
fn a_missing_component_names_the_ref_and_where_it_is_used() {
    let message = only_error(&format!(
        "{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {{$ref: '#/components/schemas/Missing'}}\n"
    ));
    assert_eq!(message, "error: spec.yaml: #/components/schemas/A/properties/b: `$ref` target `#/components/schemas/Missing` does not exist");
}

/// A spec given as one text has no files next to it: a `$ref` to another file is an
/// error at the `$ref` (`generate_files` reads them; `tests/multifile.rs`).
#[test]
fn a_ref_to_another_file_of_a_spec_given_as_text_cannot_be_read() {
    let message = only_error(&format!(
        "{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {{$ref: 'other.yaml#/B'}}\n"
    ));
    assert_eq!(
        message,
        "error: spec.yaml: #/components/schemas/A/properties/b/$ref: `$ref` to `other.yaml`: cannot read it: no such file"
    );
}

#[test]
fn a_ref_loop_without_containment_is_an_error_naming_the_loop_but_recursion_works() {
    let message = only_error(&format!(
        "{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n"
    ));
    assert_eq!(
        message,
        "error: spec.yaml: #/components/schemas/A: `$ref` loop with nothing in between: `#/components/schemas/A` -> `#/components/schemas/B` -> `#/components/schemas/A`"
    );
    let recursive = generate(&format!(
        "{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        next: {{$ref: '#/components/schemas/A'}}\n"
    ));
    assert!(file(&recursive, "src/models/a.rs").contains("pub next: Option<Box<A>>"));
}

#[test]
fn nesting_a_thousand_levels_deep_is_a_clear_error_not_a_stack_overflow() {
    let mut json = String::from("{\"type\":\"string\"}");
    let mut yaml = String::from("{type: string}");
    for _ in 0..1000 {
        json = format!("{{\"type\":\"object\",\"properties\":{{\"n\":{json}}}}}");
        yaml = format!("{{type: object, properties: {{n: {yaml}}}}}");
    }
    let json = format!(
        "{{\"openapi\":\"3.0.0\",\"info\":{{\"title\":\"t\",\"version\":\"1\"}},\"paths\":{{}},\"components\":{{\"schemas\":{{\"Deep\":{json}}}}}}}"
    );
    let yaml = format!("{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    Deep: {yaml}\n");
    for spec in [json, yaml] {
        let errors = errors(&spec);
        assert!(
            matches!(errors[0].location, Location::LineColumn { .. }),
            "{errors:?}"
        );
        assert!(
            errors[0]
                .message
                .contains("nested more than 128 levels deep"),
            "{errors:?}"
        );
    }
    // Forty levels (eighty-odd of JSON) are fine.
    let mut forty = String::from("{type: string}");
    for _ in 0..40 {
        forty = format!("{{type: object, properties: {{n: {forty}}}}}");
    }
    let generated = generate(&format!(
        "{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    Deep: {forty}\n"
    ));
    assert_eq!(generated.api.types.len(), 40);
}

#[test]
fn a_yaml_alias_bomb_is_refused() {
    let mut spec = format!(
        "{HEADER}paths: {{}}\nx-bomb:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    );
    let mut previous = 'a';
    for name in "bcdefghi".chars() {
        let aliases = vec![format!("*{previous}"); 9].join(", ");
        spec.push_str(&format!("  {name}: &{name} [{aliases}]\n"));
        previous = name;
    }
    let message = only_error(&spec);
    assert!(
        message.contains("anchors and aliases expand to too much data"),
        "{message}"
    );
}

#[test]
fn a_ten_thousand_value_enum_generates() {
    let values: String = (0..10_000)
        .map(|i| format!("        - value_{i}\n"))
        .collect();
    let generated =
        generate(&format!("{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    Big:\n      type: string\n      enum:\n{values}"));
    let generator::ir::TypeKind::Enum(e) = &type_named(&generated.api, "Big").kind else {
        panic!("not an enum")
    };
    assert_eq!(e.variants.len(), 10_000);
    assert_eq!(e.variants[9_999].rust_name, "Value9999");
}

#[test]
fn a_fifty_megabyte_spec_generates() {
    let properties: Vec<String> = (0..20)
        .map(|k| format!("\"field_{k}\":{{\"type\":\"string\",\"description\":\"A field with a description long enough to take up space in the spec, twice over.\"}}"))
        .collect();
    let schema = format!(
        "{{\"type\":\"object\",\"properties\":{{{}}}}}",
        properties.join(",")
    );
    let mut schemas = Vec::new();
    let mut size = 0;
    while size < 50_000_000 {
        let entry = format!("\"Schema{}\":{schema}", schemas.len());
        size += entry.len() + 1;
        schemas.push(entry);
    }
    let spec = format!(
        "{{\"openapi\":\"3.0.0\",\"info\":{{\"title\":\"t\",\"version\":\"1\"}},\"paths\":{{}},\"components\":{{\"schemas\":{{{}}}}}}}",
        schemas.join(",")
    );
    assert!(spec.len() >= 50_000_000);
    let generated = generate(&spec);
    assert_eq!(generated.api.types.len(), schemas.len());
}

#[test]
fn hostile_names_get_distinct_deterministic_rust_names_and_keep_their_wire_names() {
    let spec = fixture("hostile/names_and_text.json");
    let generated = generate(&spec);
    let thing = type_named(&generated.api, "Thing");
    let pairs: Vec<(&str, &str)> = fields(thing)
        .iter()
        .map(|f| (f.rust_name.as_str(), f.wire_name.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("field", "名前"),
            ("field_2", "🎉"),
            ("field_3", ""),
            ("a_b", "a b"),
            ("a_b_2", "a-b"),
            ("a_b_3", "A_B"),
            ("field_2x", "2x"),
            ("self_", "self"),
            ("self_2", "Self"),
            ("crate_", "crate"),
            ("super_", "super"),
            ("r#type", "type"),
            ("foo_bar", "fooBar"),
            ("foo_bar_2", "foo_bar"),
            ("mood", "mood"),
        ]
    );
    let mut names = type_names(&generated.api);
    names.sort();
    assert_eq!(
        names,
        [
            "Result2",
            "Schema",
            "Schema1st",
            "Schema2",
            "Self2",
            "String2",
            "Thing",
            "Thing2",
            "ThingMood"
        ]
    );
    let again = generate(&spec);
    assert_eq!(
        again.files, generated.files,
        "the same spec gives the same bytes"
    );
    insta::assert_snapshot!(
        "hostile",
        format!("{}\n{}", render(&generated.api), models_code(&generated))
    );
}

#[test]
fn text_that_could_escape_into_code_stays_in_the_docs() {
    let generated = generate(&fixture("hostile/names_and_text.json"));
    let thing = file(&generated, "src/models/thing.rs");
    assert!(thing.contains("/// */ #[allow(x)] } \"# \\\\"), "{thing}");
    assert!(
        !thing.chars().any(|c| c.is_control() && c != '\n'),
        "control characters reach the code"
    );
    // The README is the crate's rustdoc front page (`include_str!` in lib.rs).
    let readme = file(&generated, "README.md");
    assert!(
        readme.contains("\n```text\n"),
        "spec code blocks must not become doctests: {readme}"
    );
    let manifest = file(&generated, "Cargo.toml");
    assert!(
        manifest.contains(
            "description = \"Client for the Hostile \\\"names\\\" \\\\ and\\u000Anewlines"
        ),
        "{manifest}"
    );
}

/// Found by the `structured_spec` fuzz target: a schema wrapping itself in `allOf`
/// overflowed the stack while reading its facts.
#[test]
fn a_schema_that_wraps_itself_in_all_of_is_a_loop_not_a_stack_overflow() {
    let message = only_error(&format!(
        "{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      allOf:\n        - $ref: '#/components/schemas/A'\n"
    ));
    assert!(message.contains("`$ref` loop with nothing in between: `#/components/schemas/A` -> `#/components/schemas/A`"), "{message}");
}

/// Found by the `structured_spec` fuzz target: a schema named `""` whose `$ref` points
/// into itself (`#/components/schemas//`) recursed forever while being resolved.
#[test]
fn a_ref_that_points_into_itself_is_refused_without_a_stack_overflow() {
    let result = generator::generate(
        "{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {\"\": {\"get\": {\"responses\": {}}}}, \"components\": {\"schemas\": {\"\": {\"$ref\": \"#/components/schemas//\"}}}}",
        &options(),
    );
    let errors = result.expect_err("refused");
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("#/components/schemas//")),
        "{errors:?}"
    );
}

/// Found by the `structured_spec` fuzz target: `allOf` merging a schema's own properties
/// into a property of itself recursed until the stack overflowed.
#[test]
fn all_of_merging_a_schema_into_itself_falls_back_to_json_with_a_warning() {
    let generated = generate(&format!(
        "{HEADER}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      allOf:\n        - type: object\n          properties:\n            x:\n              allOf:\n                - {{type: object}}\n                - $ref: '#/components/schemas/A'\n"
    ));
    assert!(generated
        .warnings
        .iter()
        .any(|w| w.value_fallback && w.message.contains("merges this schema into itself")));
}

/// Markdown lists and bidirectional controls, as real specs write them: the crate
/// compiles under clippy (`compile.rs` builds this fixture), no bidi control reaches the
/// code, where it could make a comment display as code, and no CR in a name breaks a doc
/// comment.
#[test]
fn bidi_controls_are_written_out_visibly_and_lists_keep_their_continuations() {
    let generated = generate(&fixture("hostile/markdown_and_bidi.yaml"));
    let bidi = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    for file in &generated.files {
        assert!(
            !file.contents.chars().any(bidi),
            "{} carries a bidi control:\n{}",
            file.path,
            file.contents
        );
        // A CR the docs quote from a name would end a doc comment's line in mid-text.
        if file.path.ends_with(".rs") && !file.path.starts_with("src/runtime/") {
            assert!(
                syn::parse_file(&file.contents).is_ok(),
                "{} is not valid Rust:\n{}",
                file.path,
                file.contents
            );
        }
    }
    let item = file(&generated, "src/models/item.rs");
    assert!(
        item.contains("/// Hidden \\u{202E}code\\u{202C} here"),
        "{item}"
    );
    // String literals (the wire name and enum value) escape them as Rust escapes.
    assert!(item.contains("\\u{202e}"), "{item}");
    // The README is the crate's rustdoc front page (`include_str!` in lib.rs).
    let readme = file(&generated, "README.md");
    for expected in [
        "- two\n  lazy line",
        "2. second\n   lazy line",
        "- - nested\n    lazy line",
        "1. - mixed\n     lazy line",
        "10.  wide\n     lazy line",
        // Ten digits are no list marker: the line continues the item before it.
        "3) paren\n   lazy line\n   1234567890. not a list",
    ] {
        assert!(
            readme.contains(expected),
            "missing {expected:?} in:\n{readme}"
        );
    }
}
