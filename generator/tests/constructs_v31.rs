//! OpenAPI 3.1's constructs (as ../shared/specs31 uses them), one small fixture each in
//! `tests/fixtures/v31/`: the same Rust as the 3.0 spelling of the same meaning,
//! assertions on what matters, plus a snapshot of the IR and the code.

mod common;

use common::*;
use generator::ir::{TypeKind, TypeRef};
use generator::Generated;

#[track_caller]
fn check(fixture: &str) -> Generated {
    let name = format!("v31_{fixture}");
    let (generated, report) = generate_with_report(&format!("v31/{fixture}.yaml"), &name);
    insta::assert_snapshot!(name, report);
    generated
}

/// `type` arrays with `null`, unions with a `null` member and `$ref` with siblings: a
/// nullable field of the one type; several types: an untagged union, one variant each.
#[test]
fn v31_type_arrays_and_null_members_are_nullability_and_unions() {
    let generated = check("nullable");
    let api = &generated.api;
    let pet = type_named(api, "Pet");
    for (name, ty) in [
        ("nickname", "String"),
        ("age", "Integer(I32)"),
        ("tags", "[String]"),
        ("extra", "{Integer(I64)}"),
        ("owner", "Owner"),
        ("co_owner", "Owner"),
        ("nothing", "Json"),
    ] {
        let field = field(pet, name);
        assert_eq!(render_ref(api, &field.ty), ty, "{name}");
        assert!(field.nullable, "{name} is nullable");
    }
    assert!(field(pet, "owner").required);
    let previous = field(pet, "previous_owner");
    assert_eq!(render_ref(api, &previous.ty), "Owner");
    assert!(!previous.nullable);
    assert_eq!(
        previous.docs.description.as_deref(),
        Some("Who had the pet before.")
    );
    assert_eq!(
        field(pet, "co_owner").docs.description.as_deref(),
        Some("Shares the pet.")
    );
    let TypeKind::Union(weight) = &type_named(api, "PetWeight").kind else {
        panic!("`type: [integer, string]` is a union")
    };
    let variants: Vec<String> = weight
        .variants
        .iter()
        .map(|v| render_ref(api, &v.ty))
        .collect();
    assert_eq!(variants, ["Integer(I64)", "String"]);
    assert!(field(pet, "size").nullable);
    let TypeKind::Enum(sizes) = &type_named(api, "PetSizeString").kind else {
        panic!("the string values of a multi-type enum are an enum")
    };
    let values: Vec<&str> = sizes
        .variants
        .iter()
        .map(|v| v.wire_value.as_str())
        .collect();
    assert_eq!(values, ["small", "large"]);
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}

/// `const`, `oneOf` of `const`s, `examples`, numeric exclusive bounds, and encoded content.
#[test]
fn v31_values_become_enums_examples_and_files() {
    let generated = check("values");
    let api = &generated.api;
    let enum_values = |name: &str| match &type_named(api, name).kind {
        TypeKind::Enum(e) => e
            .variants
            .iter()
            .map(|v| v.wire_value.clone())
            .collect::<Vec<_>>(),
        other => panic!("{name} is not an enum: {other:?}"),
    };
    assert_eq!(enum_values("Kind"), ["upload"]);
    assert_eq!(enum_values("Status"), ["queued", "done"]);
    assert!(matches!(
        type_named(api, "Level").kind,
        TypeKind::Alias(TypeRef::Integer(_))
    ));
    let upload = type_named(api, "Upload");
    assert_eq!(
        field(upload, "checksum").docs.example.as_deref(),
        Some("\"aGVsbG8=\"")
    );
    assert_eq!(render_ref(api, &field(upload, "ratio").ty), "Number");
    let body = type_named(api, "UploadBody");
    assert_eq!(render_ref(api, &field(body, "file").ty), "Binary");
    assert_eq!(render_ref(api, &field(body, "thumbnail").ty), "Binary");
    assert_eq!(render_ref(api, &field(body, "note").ty), "String");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}

/// Path items from `components.pathItems`, boolean schemas, `info.summary`; webhooks
/// (without an `x-heron-codegen-webhooks` extension) and a foreign `jsonSchemaDialect` are warnings.
#[test]
fn v31_document_level_keywords() {
    let generated = check("document");
    let api = &generated.api;
    let [op] = api.operations.as_slice() else {
        panic!(
            "one operation, from the referenced path item: {:?}",
            api.operations
        )
    };
    assert_eq!(
        (op.rust_name.as_str(), op.path.as_str()),
        ("get_thing", "/things/{id}")
    );
    assert_eq!(op.params.len(), 1);
    assert_eq!(api.description.as_deref(), Some("A 3.1 document."));
    let thing = type_named(api, "Thing");
    assert_eq!(render_ref(api, &field(thing, "anything").ty), "Json");
    assert_eq!(render_ref(api, &field(thing, "metadata").ty), "{Json}");
    let warnings: Vec<&str> = generated
        .warnings
        .iter()
        .map(|w| match &w.location {
            generator::Location::Pointer(pointer) => pointer.as_str(),
            other => panic!("unlocated warning: {other:?}"),
        })
        .collect();
    assert_eq!(
        warnings,
        ["#/jsonSchemaDialect", "#/webhooks/thingChanged/post"]
    );
}

/// Keywords no Rust type expresses: `Value`, with a warning at the keyword.
#[test]
fn v31_unsupported_keywords_are_values_with_located_warnings() {
    let generated = check("unsupported");
    let api = &generated.api;
    for name in ["Closed", "Conditional", "Pair", "Labels", "Dependent"] {
        assert!(
            matches!(type_named(api, name).kind, TypeKind::Alias(TypeRef::Json)),
            "{name} is `Value`"
        );
    }
    assert_eq!(
        render_ref(api, &field(type_named(api, "Tree"), "children").ty),
        "[Json]"
    );
    let located: Vec<String> = generated
        .warnings
        .iter()
        .filter(|w| w.value_fallback)
        .map(|w| w.display_in("spec").to_string())
        .collect();
    assert_eq!(located.len(), 6, "{located:#?}");
    assert!(located.iter().any(|w| w.contains(
        "#/components/schemas/Tree/properties/children/items/$dynamicRef: `$dynamicRef`"
    )));
}
