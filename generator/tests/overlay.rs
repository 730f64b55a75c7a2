//! OpenAPI Overlay 1.0 applied at load: updates, removals, the JSONPath subset, and errors
//! located in the overlay.

mod common;

use generator::diagnostics::Location;
use generator::{Generated, Options};

const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Overlay fixture, version: "1"}
paths:
  /items:
    get:
      operationId: list_items
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Item"}}
  /items/{id}:
    delete:
      operationId: delete_item
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "204": {description: gone}
components:
  schemas:
    Item:
      type: object
      properties:
        id: {type: string}
"##;

fn generate_with(overlay: &str) -> Result<Generated, Vec<generator::Diagnostic>> {
    let options = Options {
        overlay: Some(overlay.to_owned()),
        ..common::options()
    };
    generator::generate(SPEC, &options)
}

#[track_caller]
fn only_error(overlay: &str) -> (Location, String) {
    match generate_with(overlay) {
        Ok(_) => panic!("the overlay was accepted"),
        Err(errors) => {
            assert_eq!(errors.len(), 1, "{errors:?}");
            let error = &errors[0];
            assert!(error.in_overlay(), "{error:?}");
            (error.location.clone(), error.message.clone())
        }
    }
}

#[test]
fn updates_merge_into_every_target_and_removals_take_nodes_out() {
    let generated = generate_with(
        r#"
overlay: 1.0.0
info: {title: fixes, version: "1"}
actions:
  - target: "$.paths['/items'].get"
    update:
      summary: List the items
      x-heron-codegen-pagination: false
      parameters:
        - {name: offset, in: query, schema: {type: integer}}
  - target: "$.paths['/items/{id}']"
    remove: true
  - target: $.components.schemas.Item.properties
    update:
      name: {type: string, description: Added by the overlay}
  - target: $.components.schemas[*].properties.id
    update: {description: The id}
"#,
    )
    .expect("the overlay applies");
    let api = &generated.api;
    assert_eq!(api.operations.len(), 1, "the removed path has no operation");
    let list = &api.operations[0];
    let params: Vec<&str> = list.params.iter().map(|p| p.wire_name.as_str()).collect();
    assert_eq!(
        params,
        ["limit", "offset"],
        "arrays gain the update's items"
    );
    let item = api
        .types
        .iter()
        .find(|def| def.name == "Item")
        .expect("Item");
    let text = format!("{item:?}");
    assert!(text.contains("Added by the overlay"), "{text}");
    assert!(text.contains("The id"), "{text}");
}

#[test]
fn an_empty_overlay_changes_nothing() {
    let plain = common::generate(SPEC);
    let overlaid = generate_with("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: []\n")
        .expect("applies");
    assert_eq!(plain.files, overlaid.files);
}

#[test]
fn errors_name_the_place_in_the_overlay() {
    let (location, message) = only_error(
        "overlay: 1.0.0\nactions:\n  - target: $.paths['/nothing'].get\n    update: {summary: x}\n",
    );
    assert_eq!(location, Location::Overlay("#/actions/0/target".into()));
    assert!(message.contains("selects nothing"), "{message}");

    let (location, message) =
        only_error("overlay: 1.0.0\nactions:\n  - target: $.paths[?(@.get)]\n    remove: true\n");
    assert_eq!(location, Location::Overlay("#/actions/0/target".into()));
    assert!(message.contains("filter expressions"), "{message}");

    let (location, message) =
        only_error("overlay: 1.0.0\nactions:\n  - target: $..get\n    remove: true\n");
    assert_eq!(location, Location::Overlay("#/actions/0/target".into()));
    assert!(message.contains("recursive descent"), "{message}");

    let (location, _) = only_error(
        "overlay: 1.0.0\nactions:\n  - target: $.paths\n    remove: true\n    update: {}\n",
    );
    assert_eq!(location, Location::Overlay("#/actions/0".into()));

    let (location, message) = only_error("overlay: 2.0.0\nactions: []\n");
    assert_eq!(location, Location::Overlay("#/overlay".into()));
    assert!(message.contains("found `2.0.0`"), "{message}");

    let (location, _) = only_error("overlay: 1.0.0\nactions: [\n");
    assert!(
        matches!(location, Location::OverlayLineColumn { line: 2.., .. }),
        "{location:?}"
    );
}
