//! The readOnly/writeOnly split, one small fixture spec per rule (the rules: the module
//! docs of `generator/src/split.rs` and the top of the README).
//!
//! Each test asserts the rule directly on the IR, then snapshots the IR before and after
//! the split and the emitted models, so a reviewer sees the whole effect of a change.

mod common;

use common::*;
use generator::ir::{Direction, TypeRef, Usage};

/// Snapshots the lowered IR, the split IR and the model code of a fixture.
#[track_caller]
fn check(fixture_name: &str) -> generator::ir::Api {
    let (lowered, split) = lowered_and_split(fixture_name);
    let generated = generate(&fixture(fixture_name));
    assert_eq!(
        generated.api, split,
        "generate() must run exactly lower + split"
    );
    let snapshot = format!(
        "--- lowered\n{}\n--- split\n{}\n--- models\n{}",
        render(&lowered),
        render(&split),
        models_code(&generated)
    );
    let name = fixture_name
        .trim_start_matches("split/")
        .trim_end_matches(".yaml");
    insta::assert_snapshot!(name, snapshot);
    split
}

#[test]
fn no_read_write_properties_yield_one_type_used_both_ways() {
    let api = check("split/no_read_write.yaml");
    assert_eq!(type_names(&api), ["Pet"]);
    let pet = type_named(&api, "Pet");
    assert_eq!(pet.usage, Usage::Both);
    assert_eq!(field_names(pet), ["name", "tag"]);
    let op = &api.operations[0];
    assert_eq!(
        op.body.as_ref().map(|b| &b.ty),
        Some(&TypeRef::Named(generator::ir::TypeId(0)))
    );
}

#[test]
fn read_only_property_exists_only_in_the_response_type() {
    let api = check("split/read_only.yaml");
    assert_eq!(type_names(&api), ["Account", "AccountRequest"]);
    assert_eq!(field_names(type_named(&api, "Account")), ["id", "name"]);
    assert_eq!(field_names(type_named(&api, "AccountRequest")), ["name"]);
    assert_eq!(
        type_named(&api, "Account").usage,
        Usage::Only(Direction::Response)
    );
    assert_eq!(
        type_named(&api, "AccountRequest").usage,
        Usage::Only(Direction::Request)
    );
}

#[test]
fn write_only_property_exists_only_in_the_request_type() {
    let api = check("split/write_only.yaml");
    assert_eq!(field_names(type_named(&api, "User")), ["login"]);
    assert_eq!(
        field_names(type_named(&api, "UserRequest")),
        ["login", "password"]
    );
    let password = field(type_named(&api, "UserRequest"), "password");
    assert!(password.required && password.sensitive);
}

#[test]
fn read_only_and_write_only_each_leave_their_other_side() {
    let api = check("split/both.yaml");
    assert_eq!(field_names(type_named(&api, "Link")), ["url", "created"]);
    assert_eq!(
        field_names(type_named(&api, "LinkRequest")),
        ["token", "url"]
    );
    // `token` is required, but only where it exists: the response decodes without it.
    assert!(field(type_named(&api, "LinkRequest"), "token").required);
    let op = &api.operations[0];
    let body = op.body.as_ref().map(|b| render_ref(&api, &b.ty));
    assert_eq!(body.as_deref(), Some("LinkRequest"));
    let generator::ir::SuccessResponse::Json(response) = &op.response else {
        panic!("no JSON response")
    };
    assert_eq!(render_ref(&api, response), "Link");
}

#[test]
fn required_read_only_property_is_required_in_responses_and_absent_from_requests() {
    let api = check("split/read_only_required.yaml");
    let response = type_named(&api, "Invoice");
    assert!(field(response, "id").required);
    assert!(field(response, "amount").required);
    let request = type_named(&api, "InvoiceRequest");
    assert_eq!(field_names(request), ["amount"]);
    assert!(field(request, "amount").required);
}

#[test]
fn parent_of_a_split_type_splits_and_refers_to_the_same_side() {
    let api = check("split/nested.yaml");
    assert_eq!(
        type_names(&api),
        ["Order", "OrderRequest", "Customer", "CustomerRequest"]
    );
    let customer_of = |name| render_ref(&api, &field(type_named(&api, name), "customer").ty);
    assert_eq!(customer_of("Order"), "Customer");
    assert_eq!(customer_of("OrderRequest"), "CustomerRequest");
}

#[test]
fn arrays_and_maps_of_split_types_refer_to_the_same_side() {
    let api = check("split/collections.yaml");
    let field_type = |ty: &str, name: &str| render_ref(&api, &field(type_named(&api, ty), name).ty);
    assert_eq!(field_type("Team", "members"), "[Member]");
    assert_eq!(field_type("TeamRequest", "members"), "[MemberRequest]");
    assert_eq!(field_type("Team", "by_role"), "{Member}");
    assert_eq!(field_type("TeamRequest", "by_role"), "{MemberRequest}");
    assert_eq!(field_names(type_named(&api, "Member")), ["id", "email"]);
    assert_eq!(
        field_names(type_named(&api, "MemberRequest")),
        ["email", "invite_code"]
    );
    let generator::ir::SuccessResponse::Json(response) = &api.operations[0].response else {
        panic!()
    };
    assert_eq!(render_ref(&api, response), "[Team]");
}

#[test]
fn unused_empty_variant_is_not_emitted_but_a_used_one_is() {
    let api = check("split/unused_empty.yaml");
    assert_eq!(
        type_names(&api),
        ["CredentialsRequest", "Receipt", "ReceiptRequest"]
    );
    assert!(field_names(type_named(&api, "Receipt")).is_empty());
}

/// The seed itself, end to end: the two types the README promises for it.
#[test]
fn seed_spec_splits_as_the_readme_promises() {
    let spec = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/heron.yaml"))
        .expect("spec/heron.yaml");
    let generated = generate(&spec);
    let api = &generated.api;
    assert_eq!(
        field_names(type_named(api, "IntegrationLinkSchema")),
        [
            "created",
            "item_id",
            "last_successful_sync",
            "last_updated",
            "status",
            "status_message",
            "type"
        ]
    );
    assert_eq!(
        field_names(type_named(api, "IntegrationLinkSchemaRequest")),
        [
            "access_token",
            "asset_report_token",
            "end_user_id",
            "end_user_name",
            "item_id"
        ]
    );
    assert!(
        !type_names(api).contains(&"IntegrationLinkUpdateSchema"),
        "empty unused response variant"
    );
    assert_eq!(
        field_names(type_named(api, "IntegrationLinkUpdateSchemaRequest")),
        ["access_token"]
    );
}

/// Both flags on one property: a located warning, and the property is in neither type
/// (it silently became read-write before, so the client sent and required it).
#[test]
fn a_property_both_read_only_and_write_only_is_on_neither_side() {
    let api = check("split/read_and_write_only.yaml");
    assert_eq!(field_names(type_named(&api, "Account")), ["id", "name"]);
    assert_eq!(field_names(type_named(&api, "AccountRequest")), ["name"]);
    let generated = generate(&fixture("split/read_and_write_only.yaml"));
    let [warning] = generated.warnings.as_slice() else {
        panic!("one warning: {:?}", generated.warnings)
    };
    assert_eq!(
        warning.location,
        generator::Location::Pointer("#/components/schemas/Account/properties/secret".into())
    );
    assert!(
        warning.message.contains("both readOnly and writeOnly"),
        "{}",
        warning.message
    );
}
