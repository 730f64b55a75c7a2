//! Names and values: what lowering decides, as the docs state it (`docs/regenerating.md`,
//! "Names are kept"; `docs/compatibility.md`, "How spec values become Rust values").

mod common;

use common::*;
use generator::ir::{Direction, TypeKind, TypeRef, Usage};

#[test]
fn method_names_come_from_operation_id_then_summary_then_method_and_path() {
    let generated = generate(&fixture("names.yaml"));
    let names: Vec<&str> = generated
        .api
        .operations
        .iter()
        .map(|op| op.rust_name.as_str())
        .collect();
    // "List the Widgets" twice: neither takes the name by coming first; each is named
    // after its own method and path.
    assert_eq!(
        names,
        [
            "get_widgets",
            "create_widget_v2",
            "get_widgets_by_widget_id",
            "delete_widgets_by_widget_id"
        ]
    );
    insta::assert_snapshot!(
        "names",
        format!(
            "{}\n{}",
            render(&generated.api),
            file(&generated, "src/operations/default.rs")
        )
    );
}

#[test]
fn seed_operation_is_named_from_its_summary() {
    let spec = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/heron.yaml"))
        .expect("spec");
    let generated = generate(&spec);
    assert_eq!(
        generated.api.operations[0].rust_name,
        "update_integration_link"
    );
    for name in [
        "IntegrationLinkSchema",
        "IntegrationLinkSchemaRequest",
        "UpdateIntegrationLinkBody",
        "UpdateIntegrationLinkResponse",
    ] {
        assert!(type_names(&generated.api).contains(&name), "{name}");
    }
}

#[test]
fn keyword_and_clashing_field_names_are_escaped_and_keep_their_wire_names() {
    let generated = generate(&fixture("names.yaml"));
    let widget = type_named(&generated.api, "Widget");
    let pairs: Vec<(&str, &str)> = fields(widget)
        .iter()
        .map(|f| (f.rust_name.as_str(), f.wire_name.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("r#type", "type"),
            ("self_", "self"),
            ("r#match", "match"),
            ("foo_bar", "fooBar"),
            ("foo_bar_2", "foo_bar"),
            ("field_2fa", "2fa"),
        ]
    );
    let code = file(&generated, "src/models/widget.rs");
    assert!(code.contains("pub r#type: Option<String>"), "{code}");
    // Each field is read and written under its wire name (`Widget` can send explicit
    // nulls, so both directions are written out rather than derived).
    for (field, wire_name) in [("foo_bar", "fooBar"), ("self_", "self"), ("r#type", "type")] {
        assert!(
            code.contains(&format!(r#"Some("{wire_name}") => {field} = "#)),
            "{field}: {code}"
        );
        assert!(
            code.contains(&format!(r#"object.optional("{wire_name}", &self.{field})"#)),
            "{field}: {code}"
        );
    }
    // The explicit-null setter of an escaped keyword is snake case (not `with_self__null`).
    assert!(code.contains("pub fn with_self_null(mut self)"), "{code}");
}

#[test]
fn value_mapping_follows_required_nullable_and_side() {
    let generated = generate(&fixture("values.yaml"));
    let api = &generated.api;
    let thing = type_named(api, "Thing");
    // Thing has no readOnly/writeOnly: one type, used both ways. Its optional nullable
    // `comment` reads as a plain `Option` (null and absent are the same to a reader), and a
    // request sends an explicit null through its own setter.
    assert_eq!(thing.usage, Usage::Both);
    let code = file(&generated, "src/models/thing.rs");
    for expected in [
        "pub name: String,",
        "pub label: Option<String>,",
        "pub note: Option<String>,",
        "pub comment: Option<String>,",
        "pub fn with_comment_null(mut self) -> Self {",
        "explicit_nulls: crate::runtime::codec::ExplicitNulls,",
        "pub status: Option<ThingStatus>,",
        "pub seen_at: Option<crate::Timestamp>,",
        "pub due_on: Option<chrono::NaiveDate>,",
        "pub count: Option<i32>,",
        "pub total: Option<i64>,",
        "pub ratio: Option<f64>,",
        "pub extra: Option<serde_json::Value>,",
        "pub attributes: Option<std::collections::BTreeMap<String, String>>,",
    ] {
        assert!(code.contains(expected), "missing `{expected}` in\n{code}");
    }
    // A required nullable field is always sent (null when None): no skip attribute.
    let label_attrs = code
        .split("pub label")
        .next()
        .and_then(|before| before.rsplit("pub name").next())
        .unwrap_or_default();
    assert!(
        !label_attrs.contains("skip_serializing_if"),
        "{label_attrs}"
    );
    insta::assert_snapshot!("values", code);
}

#[test]
fn optional_nullable_fields_of_response_only_types_are_a_single_option() {
    let generated = generate(
        r#"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {"/x": {"get": {
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"maybe": {"type": "string", "nullable": true}}}}}}}}}}}"#,
    );
    let response = type_named(&generated.api, "GetXResponse");
    assert_eq!(response.usage, Usage::Only(Direction::Response));
    let code = file(&generated, "src/models/get_x.rs");
    assert!(code.contains("pub maybe: Option<String>,"), "{code}");
    // Nothing can send it: no way to ask for an explicit null.
    assert!(
        !code.contains("_null(") && !code.contains("explicit_nulls"),
        "{code}"
    );
}

#[test]
fn enums_keep_wire_names_treat_null_as_nullability_and_get_a_catch_all() {
    let generated = generate(&fixture("values.yaml"));
    let api = &generated.api;
    let status = type_named(api, "ThingStatus");
    let TypeKind::Enum(e) = &status.kind else {
        panic!("ThingStatus is not an enum")
    };
    let variants: Vec<(&str, &str)> = e
        .variants
        .iter()
        .map(|v| (v.rust_name.as_str(), v.wire_value.as_str()))
        .collect();
    assert_eq!(
        variants,
        [
            ("New", "new"),
            ("InProgress", "in-progress"),
            ("Done", "done")
        ]
    );
    assert_eq!(e.catch_all, "Other");
    assert!(field(type_named(api, "Thing"), "status").nullable);

    // `a-b` and `a_b` clash after case conversion; a spec value `Other` pushes the
    // catch-all to another name.
    let kind = type_named(api, "ThingKind");
    let TypeKind::Enum(e) = &kind.kind else {
        panic!("ThingKind is not an enum")
    };
    let names: Vec<&str> = e.variants.iter().map(|v| v.rust_name.as_str()).collect();
    assert_eq!(names, ["AB", "AB2", "Other"]);
    assert_eq!(e.catch_all, "Unknown");
}

#[test]
fn optional_query_parameters_are_setters_of_the_operations_call() {
    let generated = generate(&fixture("values.yaml"));
    let op = &generated.api.operations[0];
    assert!(op.params.iter().all(|p| !p.required));
    assert_eq!(op.params[1].ty, TypeRef::List(Box::new(TypeRef::String)));
    let code = file(&generated, "src/operations/default.rs");
    // The method takes no parameter struct: a spec that adds an optional parameter adds a
    // setter and changes no signature.
    assert!(
        code.contains("pub fn save_thing(") && !code.contains("Params"),
        "{code}"
    );
    assert!(code.contains("pub enum SaveThing {}"), "{code}");
    assert!(code.contains("impl<T> Call<'_, T, SaveThing> {"), "{code}");
    for param in &op.params {
        assert!(
            code.contains(&format!("pub fn {}(self, ", param.setter)),
            "{}: {code}",
            param.setter
        );
    }
}
