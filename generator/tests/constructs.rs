//! The constructs real specs use (the full Heron API and ../shared/specs), one small
//! fixture each: assertions on what matters, plus a snapshot of the IR and the code.
//! OpenAPI 3.1's own constructs are in `constructs_v31.rs`.

mod common;

use common::*;
use generator::ir::{BodyEncoding, ParamStyle, SuccessResponse, TypeKind, TypeRef};
use generator::Generated;

#[track_caller]
fn check(name: &str) -> Generated {
    let (generated, report) = generate_with_report(&format!("constructs/{name}.yaml"), name);
    insta::assert_snapshot!(name, report);
    generated
}

fn code<'a>(generated: &'a Generated, module: &str) -> &'a str {
    file(generated, &format!("src/models/{module}.rs"))
}

#[test]
fn all_of_with_one_ref_is_that_type_and_keeps_the_wrappers_facts() {
    let generated = check("all_of_wrapper");
    let account = type_named(&generated.api, "Account");
    let currency = field(account, "currency");
    assert_eq!(render_ref(&generated.api, &currency.ty), "Currency");
    assert!(currency.nullable);
    assert_eq!(currency.access, generator::ir::Access::ReadOnly);
    assert_eq!(
        currency.docs.description.as_deref(),
        Some("The account's currency, once known.")
    );
    assert_eq!(
        render_ref(&generated.api, &field(account, "base").ty),
        "Currency"
    );
    assert!(generated.warnings.is_empty());
}

#[test]
fn enums_without_type_with_null_and_number_like_values() {
    let generated = check("enums");
    let settings = type_named(&generated.api, "Settings");
    assert_eq!(
        render_ref(&generated.api, &field(settings, "mode").ty),
        "SettingsMode"
    );
    assert!(
        field(settings, "level").nullable,
        "`null` in the enum is nullability"
    );
    let TypeKind::Enum(flag) = &type_named(&generated.api, "SettingsFlag").kind else {
        panic!("not an enum")
    };
    let values: Vec<(&str, &str)> = flag
        .variants
        .iter()
        .map(|v| (v.rust_name.as_str(), v.wire_value.as_str()))
        .collect();
    assert_eq!(
        values,
        [
            ("True", "true"),
            ("False", "false"),
            ("Value1", "1"),
            ("Value15", "1.5"),
            ("Value", "")
        ]
    );
    assert_eq!(
        field(settings, "priority").ty,
        TypeRef::Integer(generator::ir::IntegerWidth::I64)
    );
    assert_eq!(field(settings, "ratio").ty, TypeRef::Number);
}

#[test]
fn additional_properties_in_every_form() {
    let generated = check("maps");
    let bags = type_named(&generated.api, "Bags");
    let ty = |name| render_ref(&generated.api, &field(bags, name).ty);
    assert_eq!(ty("empty_schema"), "{Json}");
    assert_eq!(ty("any_true"), "{Json}");
    assert_eq!(ty("closed"), "{Json}");
    assert_eq!(ty("counts"), "{Integer(I64)}");
    assert_eq!(ty("nested"), "{{Number}}");
    assert_eq!(ty("untyped"), "Json");
    assert_eq!(ty("described_only"), "Json");
    assert_eq!(
        ty("with_properties_and_extra"),
        "BagsWithPropertiesAndExtra"
    );
    assert!(
        generated.warnings.is_empty(),
        "an untyped schema is exact, not a fallback"
    );
}

#[test]
fn recursive_fields_are_boxed_only_where_containment_is_direct() {
    let generated = check("recursion");
    let node = code(&generated, "node");
    assert!(node.contains("pub parent: Option<Box<Node>>"), "{node}");
    assert!(node.contains("pub children: Option<Vec<Node>>"), "{node}");
    assert!(node.contains("pub owner: Option<Box<Person>>"), "{node}");
    let person = code(&generated, "person");
    assert!(
        person.contains("pub favourite: Option<Box<Node>>"),
        "{person}"
    );
}

#[test]
fn unions_are_tagged_when_the_spec_says_how_and_ordered_by_specificity_otherwise() {
    let generated = check("unions");
    let api = &generated.api;
    let union = |name| match &type_named(api, name).kind {
        TypeKind::Union(u) => u.clone(),
        other => panic!("{name} is not a union: {other:?}"),
    };
    let payload = union("EventPayload");
    assert!(payload.tag.is_none());
    let order: Vec<&str> = payload
        .variants
        .iter()
        .map(|v| v.rust_name.as_str())
        .collect();
    assert_eq!(
        order,
        ["Long", "Short", "String"],
        "most required properties first, plain strings last"
    );

    let pet = union("Pet");
    assert_eq!(
        pet.tag.as_ref().map(|t| t.property.as_str()),
        Some("pet_type")
    );
    assert_eq!(pet.variants[0].tag_values, ["cat", "kitten"]);
    assert_eq!(pet.variants[1].tag_values, ["dog"]);

    let shape = union("Shape");
    assert_eq!(
        shape.tag.as_ref().map(|t| t.property.as_str()),
        Some("kind")
    );
    let names: Vec<&str> = shape
        .variants
        .iter()
        .map(|v| v.rust_name.as_str())
        .collect();
    assert_eq!(names, ["Circle", "Square"]);

    let customer = union("EventCustomer");
    let order: Vec<&str> = customer
        .variants
        .iter()
        .map(|v| v.rust_name.as_str())
        .collect();
    assert_eq!(order, ["Long", "String"]);
    assert!(code(&generated, "pet").contains("Some(\"cat\") | Some(\"kitten\") =>"));

    // A member selected by one tag value owns it: no field, a constant in its type,
    // written when it is sent inside the union and when it is sent on its own.
    let owns_tag = |name: &str| match &type_named(api, name).kind {
        TypeKind::Struct(s) => s
            .tag
            .as_ref()
            .map(|t| (t.property.clone(), t.value.clone())),
        other => panic!("{name} is not a struct: {other:?}"),
    };
    assert_eq!(owns_tag("Dog"), Some(("pet_type".into(), "dog".into())));
    let TypeKind::Struct(dog) = &type_named(api, "Dog").kind else {
        panic!("Dog is not a struct")
    };
    assert!(dog.fields.iter().all(|f| f.wire_name != "pet_type"));
    let dog = code(&generated, "dog");
    assert!(
        dog.contains("#[serde(tag = \"pet_type\", rename(serialize = \"dog\"))]"),
        "{dog}"
    );
    assert!(!dog.contains("pet_type:"), "{dog}");
    assert_eq!(
        render_ref(api, &field(type_named(api, "Event"), "best_friend").ty),
        "Dog",
        "used on its own too"
    );
    assert_eq!(
        owns_tag("ShapeCircle"),
        Some(("kind".into(), "circle".into()))
    );
    // Selected by `cat` and `kitten`: the tag is not one constant, so it stays a field.
    assert_eq!(owns_tag("Cat"), None);
    assert!(code(&generated, "cat").contains("pub pet_type: String"));
}

#[test]
fn bodies_and_responses_that_are_not_json() {
    let generated = check("bodies");
    let op = |name: &str| match generated
        .api
        .operations
        .iter()
        .find(|op| op.rust_name == name)
    {
        Some(op) => op,
        None => panic!("no operation {name}"),
    };
    let encoding = |name: &str| {
        op(name)
            .body
            .as_ref()
            .map(|b| (b.encoding, b.media_type.clone()))
    };
    assert_eq!(
        encoding("upload_file"),
        Some((BodyEncoding::Multipart, "multipart/form-data".into()))
    );
    assert_eq!(
        encoding("run_decision_logic"),
        Some((BodyEncoding::Text, "application/xml".into()))
    );
    assert_eq!(
        encoding("create_token"),
        Some((
            BodyEncoding::Form,
            "application/x-www-form-urlencoded".into()
        ))
    );
    assert_eq!(
        encoding("store_blob"),
        Some((BodyEncoding::Binary, "application/octet-stream".into()))
    );
    assert_eq!(op("download_file").response, SuccessResponse::Bytes);
    assert_eq!(op("get_logo").response, SuccessResponse::Bytes);
    assert_eq!(op("export_email").response, SuccessResponse::Bytes);
    assert_eq!(op("run_decision_logic").response, SuccessResponse::Text);
    let SuccessResponse::Json(upload) = &op("upload_file").response else {
        panic!("upload returns JSON")
    };
    assert_eq!(render_ref(&generated.api, upload), "[[Integer(I64)]]");
    let operations = file(&generated, "src/operations/default.rs");
    assert!(
        operations.contains(".file(\"file\", &body.file)"),
        "{operations}"
    );
    assert!(
        operations.contains(".texts_opt(\"tags\", body.tags.as_deref())"),
        "{operations}"
    );
    assert!(
        operations.contains("-> Call<'_, Vec<u8>, DownloadFile>"),
        "{operations}"
    );
    assert!(operations.contains("body: &[u8]"), "{operations}");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}

#[test]
fn parameters_styles_error_responses_undefined_security_and_formats() {
    let generated = check("parameters");
    let op = &generated.api.operations[0];
    let styles: Vec<(&str, ParamStyle, bool)> = op
        .params
        .iter()
        .map(|p| (p.wire_name.as_str(), p.style, p.required))
        .collect();
    assert_eq!(
        styles,
        [
            ("ids", ParamStyle::Form { explode: true }, false),
            ("filter", ParamStyle::DeepObject, false),
            ("since", ParamStyle::Form { explode: true }, true),
            ("X-Trace", ParamStyle::Simple, false),
        ]
    );
    assert_eq!(generated.warnings.len(), 1);
    assert!(generated.warnings[0]
        .message
        .contains("`AdminAuth` is required but never defined"));
    let contact = type_named(&generated.api, "Contact");
    for name in ["website", "email", "avatar"] {
        assert_eq!(field(contact, name).ty, TypeRef::String, "{name}");
    }
    let operations = file(&generated, "src/operations/default.rs");
    // Optional parameters are setters of the operation's call, replacing earlier values.
    assert!(
        operations.contains(
            "self.param(\"filter\", |request| request.query_deep_object(\"filter\", filter))"
        ),
        "{operations}"
    );
    // Error bodies are typed and named in the docs; `default` without content is a
    // variant of the error enum too, with its body as text.
    assert_eq!(op.errors.len(), 2);
    assert_eq!(
        (op.errors[0].status.as_str(), op.errors[0].variant.as_str()),
        ("4XX", "Status4xx")
    );
    assert_eq!(
        op.errors[0]
            .ty
            .as_ref()
            .map(|ty| render_ref(&generated.api, ty)),
        Some("SearchItemsError4XX".to_owned())
    );
    assert_eq!(
        (op.errors[1].status.as_str(), op.errors[1].ty.as_ref()),
        ("default", None)
    );
    assert!(
        operations.contains("`4XX`:")
            && operations.contains("[`SearchItemsError4XX`](crate::models::SearchItemsError4XX)"),
        "{operations}"
    );
    assert!(
        operations
            .contains("400..=499 => crate::runtime::declared::json(*answer, Self::Status4xx),")
            && operations.contains("_ => crate::runtime::declared::text(*answer, Self::Default),"),
        "{operations}"
    );
    assert!(
        operations.contains("since: chrono::NaiveDate"),
        "{operations}"
    );
}

#[test]
fn express_paths_empty_items_ref_siblings_anchors_and_integer_codes() {
    let generated = check("paths");
    assert_eq!(generated.api.operations.len(), 1);
    let op = &generated.api.operations[0];
    assert_eq!(op.rust_name, "get_user");
    let operations = file(&generated, "src/operations/default.rs");
    assert!(
        operations.contains(".path(\"/users/\")\n            .path_param(\"id\", id)"),
        "{operations}"
    );
    let SuccessResponse::Json(ty) = &op.response else {
        panic!("integer response code 200 is read")
    };
    assert_eq!(render_ref(&generated.api, ty), "GetUserResponse");
    assert_eq!(
        render_ref(
            &generated.api,
            &field(type_named(&generated.api, "GetUserResponse"), "user").ty
        ),
        "User"
    );
    let meta = type_named(&generated.api, "GetUserResponseMeta");
    assert_eq!(field_names(meta), ["page", "next_page"]);
    assert_eq!(
        field(meta, "next_page").docs.description.as_deref(),
        Some("A page number.")
    );
    assert_eq!(
        field_names(type_named(&generated.api, "User")),
        ["id"],
        "merge key applied"
    );
}

#[test]
fn untyped_schemas_with_a_type_and_format_lower_like_typed_ones() {
    let generated = check("untyped");
    let body = type_named(&generated.api, "UploadAvatarBody");
    assert_eq!(field(body, "image").ty, TypeRef::Binary);
    assert_eq!(field(body, "taken").ty, TypeRef::DateTime);
    assert_eq!(
        field(body, "size").ty,
        TypeRef::Integer(generator::ir::IntegerWidth::I32)
    );
    let operations = file(&generated, "src/operations/default.rs");
    assert!(
        operations.contains(".file(\"image\", &body.image)"),
        "an untyped binary is sent as a file part: {operations}"
    );
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}

/// `{repo}` in the template with no declaration: a required string path parameter and a
/// warning, where it used to be an error.
#[test]
fn an_undeclared_path_parameter_is_a_required_string_with_a_warning() {
    let generated = check("undeclared_path_parameter");
    let op = &generated.api.operations[0];
    let repo = op
        .params
        .iter()
        .find(|p| p.wire_name == "repo")
        .expect("repo");
    assert_eq!(repo.location, generator::ir::ParamLocation::Path);
    assert!(repo.required);
    assert_eq!(repo.ty, TypeRef::String);
    assert_eq!(generated.warnings.len(), 1);
    assert!(generated.warnings[0].message.contains("`{repo}`"));
}

/// An integer bound outside 64 bits is dropped with a warning; the field keeps its type.
#[test]
fn bounds_no_rust_integer_holds_are_dropped_with_a_warning() {
    let generated = check("out_of_range_bounds");
    let limits = type_named(&generated.api, "Limits");
    assert_eq!(
        render_ref(&generated.api, &field(limits, "low").ty),
        "Integer(I64)"
    );
    let pointers: Vec<String> = generated
        .warnings
        .iter()
        .map(|w| format!("{:?}", w.location))
        .collect();
    assert_eq!(pointers.len(), 3, "{pointers:?}");
    assert!(pointers[0].contains("low/minimum"));
    assert!(pointers[1].contains("high/maximum"));
    assert!(pointers[2].contains("text/maxLength"));
    // The same number in YAML text (read as a 128-bit integer) and in JSON (a float).
    let json = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"N": {"type": "integer", "minimum": -9223372036854776000}}}}"#;
    let (_, warnings) = generator::lower_spec(json).expect("loads");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
}

/// The models emitter builds repeated shapes from templates whose holes are spelled
/// `__name` (`emit/syntax.rs`); a spec's names spelled the same way are its own, kept as
/// they are and never filled in.
#[test]
fn names_spelled_like_template_holes_are_the_specs_own() {
    let spec = r##"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/things": {"post": {"operationId": "makeThing",
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/__Name"}}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/__Name"}}}}}}}},
        "components": {"schemas": {"__Name": {"type": "object", "required": ["__wire"],
            "properties": {"__wire": {"type": "string"}, "__slot": {"type": "integer"},
                "__map": {"type": "string", "nullable": true}, "__Value": {"type": "boolean"}, "__Name": {"type": "string"}}}}}}"##;
    let generated = generate(spec);
    let code = file(&generated, "src/models/name.rs");
    for line in [
        "pub fn new(wire: impl Into<String>) -> Self {",
        "pub fn with_slot(mut self, value: impl Into<i64>) -> Self {",
        "self.explicit_nulls.remove(\"__map\");",
        "const NAME: &'static str = \"Name\";",
        "Some(\"__wire\") => wire = Some(map_.value()?),",
        "Some(\"__slot\") => slot = map_.number()?,",
        "Some(\"__Value\") => value = map_.value()?,",
        "Some(\"__Name\") => name = map_.value()?,",
        "wire: map_.required(wire, \"__wire\")?,",
        "object.optional(\"__map\", &self.map)?;",
    ] {
        assert!(code.contains(line), "{line}\n{code}");
    }
}

/// Whole numbers written as floats (`1.0`, `0.0`) are those integers: kept, no warning
/// (they were dropped with a false warning that no Rust integer holds them).
#[test]
fn integer_bounds_written_as_floats_are_kept() {
    let spec = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"N": {"type": "integer", "minimum": 0.0, "maximum": 1.0},
        "L": {"type": "array", "items": {"type": "string"}, "minItems": 1.0}}}}"#;
    let (_, warnings) = generator::lower_spec(spec).expect("loads");
    assert!(warnings.is_empty(), "{warnings:?}");
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    N: {type: integer, minimum: 0.0, maximum: 100.0, multipleOf: 1.5}\n";
    let (_, warnings) = generator::lower_spec(yaml).expect("loads");
    let [warning] = warnings.as_slice() else {
        panic!("only the fractional bound is unusable: {warnings:?}")
    };
    assert!(
        warning.message.contains("`multipleOf` is `1.5`"),
        "{}",
        warning.message
    );
}
