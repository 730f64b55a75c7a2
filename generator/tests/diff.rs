//! API change summaries: a base spec, one small patch per change kind, and the changes the
//! diff reports for Rust callers.

mod common;

use generator::diff::{diff, markdown, Change, Verdict};

const BASE: &str = r#"
openapi: 3.0.0
info: {title: Shop, version: '1'}
servers: [{url: 'https://shop.example'}]
security: [{Key: []}]
paths:
  /orders:
    post:
      summary: Place an Order
      tags: [Orders]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Order'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Order'}
  /orders/{id}:
    get:
      summary: Get an Order
      tags: [Orders]
      parameters:
        - {in: path, name: id, required: true, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Order'}
components:
  securitySchemes:
    Key: {type: apiKey, in: header, name: x-api-key}
  schemas:
    Order:
      type: object
      required: [item, total]
      properties:
        id: {type: string, readOnly: true}
        item: {type: string}
        total: {type: integer}
        note: {type: string}
        status: {type: string, enum: [open, paid, shipped]}
"#;

/// The changes `patch` makes to `BASE`; their Markdown is snapshotted under the test's name.
fn changes(name: &str, patch: impl Fn(&str) -> String) -> Vec<Change> {
    let old = common::generate(BASE);
    // As `cargo xtask codegen` regenerates: with the names file the old spec wrote.
    let options = generator::Options {
        names: Some(old.names.render("spec.yaml")),
        ..common::options()
    };
    let new = generator::generate(&patch(BASE), &options).expect("the patched spec generates");
    let changes = diff(&old.api, &new.api);
    insta::assert_snapshot!(name, markdown(&changes));
    changes
}

#[track_caller]
fn single(changes: &[Change]) -> &Change {
    assert_eq!(changes.len(), 1, "{changes:#?}");
    &changes[0]
}

#[test]
fn identical_specs_have_no_changes() {
    assert!(changes("identical", str::to_owned).is_empty());
    assert_eq!(markdown(&[]), "**0 API changes, 0 breaking**\n");
}

#[test]
fn a_removed_operation_is_breaking() {
    let changes = changes("removed_operation", |s| {
        let start = s.find("  /orders/{id}:").unwrap_or(0);
        let end = s.find("components:").unwrap_or(s.len());
        format!("{}{}", &s[..start], &s[end..])
    });
    let change = single(&changes);
    assert!(change.breaking());
    assert_eq!(change.subject, "Client::get_order");
    assert_eq!(change.description, "removed (`GET /orders/{id}`)");
}

#[test]
fn a_new_required_request_field_is_breaking_and_an_optional_one_is_not() {
    let required = changes("new_required_field", |s| {
        s.replace("required: [item, total]", "required: [item, total, note]")
    });
    // `note` becomes required on both sides: the request must set it (breaking), and the
    // response's `Option<String>` becomes `String` (a type change).
    assert!(required.iter().all(|c| c.breaking()), "{required:#?}");
    assert!(required
        .iter()
        .any(|c| c.subject == "models::OrderRequest.note"));

    let optional = changes("new_optional_field", |s| {
        s.replace(
            "        note: {type: string}\n",
            "        note: {type: string}\n        gift: {type: boolean}\n",
        )
    });
    assert_eq!(optional.len(), 2, "{optional:#?}");
    assert!(optional.iter().all(|c| !c.breaking()));
    assert!(optional
        .iter()
        .any(|c| c.subject == "models::OrderRequest.gift"));
}

#[test]
fn a_changed_field_type_is_breaking() {
    let changes = changes("field_type_changed", |s| {
        s.replace("total: {type: integer}", "total: {type: number}")
    });
    assert_eq!(changes.len(), 2, "{changes:#?}");
    assert!(changes
        .iter()
        .all(|c| c.breaking() && c.description == "field type changed from `i64` to `f64`"));
}

#[test]
fn a_response_field_made_optional_is_breaking_because_it_becomes_an_option() {
    let changes = changes("response_field_optional", |s| {
        s.replace("required: [item, total]", "required: [item]")
    });
    let response = changes
        .iter()
        .find(|c| c.subject == "models::Order.total")
        .expect("response side");
    assert_eq!(response.verdict, Verdict::BreaksWire);
    assert!(
        response.reason.contains("must handle `None`"),
        "{response:?}"
    );
    // Sending an `Option` where a value was required breaks only compilation.
    let request = changes
        .iter()
        .find(|c| c.subject == "models::OrderRequest.total")
        .expect("request side");
    assert_eq!(request.verdict, Verdict::BreaksCompilation);
}

#[test]
fn enum_values_added_are_compatible_and_removed_ones_are_not() {
    let added = changes("enum_value_added", |s| {
        s.replace(
            "enum: [open, paid, shipped]",
            "enum: [open, paid, shipped, refunded]",
        )
    });
    let change = single(&added);
    assert!(!change.breaking());
    assert_eq!(change.description, "enum value `refunded` added");
    let removed = changes("enum_value_removed", |s| {
        s.replace("enum: [open, paid, shipped]", "enum: [open, paid]")
    });
    let change = single(&removed);
    assert!(change.breaking());
    assert!(
        change.reason.contains("callers can no longer send it"),
        "{change:?}"
    );
}

#[test]
fn a_flipped_read_only_or_write_only_flag_moves_the_field_between_the_split_types() {
    let now_read_only = changes("now_read_only", |s| {
        s.replace(
            "note: {type: string}",
            "note: {type: string, readOnly: true}",
        )
    });
    // The request type loses it (code that sets it stops compiling; the server ignored
    // it anyway); the response type already had it.
    let change = single(&now_read_only);
    assert_eq!(change.verdict, Verdict::BreaksCompilation);
    assert_eq!(change.subject, "models::OrderRequest.note");
    assert_eq!(change.description, "field removed");

    let flipped = changes("read_only_to_write_only", |s| {
        s.replace(
            "id: {type: string, readOnly: true}",
            "id: {type: string, writeOnly: true}",
        )
    });
    let summary: Vec<(&str, Verdict, &str)> = flipped
        .iter()
        .map(|c| (c.subject.as_str(), c.verdict, c.description.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "models::Order.id",
                Verdict::BreaksCompilation,
                "field removed"
            ),
            (
                "models::OrderRequest.id",
                Verdict::Compatible,
                "optional field added"
            ),
        ]
    );
}

#[test]
fn a_changed_auth_scheme_is_breaking() {
    let change = single(
        &changes("auth_changed", |s| {
            s.replace("name: x-api-key", "name: authorization-key")
        })
        .to_vec(),
    )
    .clone();
    assert!(change.breaking());
    assert_eq!(change.subject, "ClientBuilder::api_key");
    assert_eq!(change.verdict, generator::diff::Verdict::BreaksWireSilently);
}

#[test]
fn the_summary_lists_breaking_changes_first_then_the_rest_by_tag() {
    let changes = changes("summary_changes", |s| {
        s.replace("enum: [open, paid, shipped]", "enum: [open, paid]")
            .replace("summary: Get an Order", "summary: Fetch an Order")
            .replace(
                "        note: {type: string}\n",
                "        note: {type: string}\n        gift: {type: boolean}\n",
            )
    });
    // The snapshot `summary_changes` holds the Markdown: breaking first, then by tag. The
    // new summary would suggest another method name; the names file keeps the old one.
    let breaking_first: Vec<bool> = changes.iter().map(|c| c.breaking()).collect();
    assert_eq!(breaking_first, [true, false, false]);
    assert!(
        changes.iter().all(|c| !c.subject.starts_with("Client::")),
        "{changes:#?}"
    );
}

/// Reviewers read the generated diff: one schema's change touches that schema's file, one
/// operation's change touches its tag's file, and nothing else moves.
#[test]
fn a_change_to_one_schema_or_one_operation_touches_only_its_own_file() {
    let changed_files = |before: &str, after: &str| -> Vec<String> {
        let old = common::generate(before).files;
        let new = common::generate(after).files;
        let mut changed: Vec<String> = new
            .iter()
            .filter(|file| !old.contains(file))
            .map(|file| file.path.clone())
            .chain(
                old.iter()
                    .filter(|file| !new.iter().any(|n| n.path == file.path))
                    .map(|file| file.path.clone()),
            )
            .collect();
        changed.sort();
        changed
    };
    let unions = common::fixture("constructs/unions.yaml");
    let one_schema = unions.replace(
        "      properties:\n        id: {type: string}\n    Long:",
        "      properties:\n        id: {type: string}\n        label: {type: string}\n    Long:",
    );
    assert_ne!(one_schema, unions);
    assert_eq!(changed_files(&unions, &one_schema), ["src/models/short.rs"]);

    let bodies = common::fixture("constructs/bodies.yaml");
    let one_operation = bodies.replace(
        "description: The file\n",
        "description: The file, as stored\n",
    );
    assert_ne!(one_operation, bodies);
    assert_eq!(
        changed_files(&bodies, &one_operation),
        Vec::<String>::new(),
        "response descriptions are not in the code"
    );
    let one_operation = bodies.replace(
        "      summary: Get the Logo\n",
        "      summary: Get the Logo\n      description: The company logo.\n",
    );
    assert_eq!(
        changed_files(&bodies, &one_operation),
        ["src/operations/default.rs"]
    );

    let new_schema = unions.replace("components:\n  schemas:\n", "components:\n  schemas:\n    Extra:\n      type: object\n      properties:\n        x: {type: string}\n");
    assert_eq!(
        changed_files(&unions, &new_schema),
        ["src/models/extra.rs", "src/models/mod.rs"]
    );
}

/// Webhook events are compared by topic, as the IR's roots name their payloads.
#[test]
fn webhook_event_changes_are_reported_with_their_verdicts() {
    let spec = |events: &str, header: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: Hooks, version: '1'}}\npaths: {{}}\nx-heron-codegen-webhooks:\n  signature: {{header: {header}, algorithm: hmac-sha256}}\nx-webhooks:\n{events}components:\n  schemas:\n    Paid:\n      type: object\n      required: [topic]\n      properties: {{topic: {{type: string}}, amount: {{type: number}}}}\n    Shipped:\n      type: object\n      properties: {{topic: {{type: string}}}}\n"
        )
    };
    let event = |name: &str, topic: &str, schema: &str| {
        format!(
            "  {name}:\n    post:\n      x-webhook-topics: [{topic}]\n      requestBody:\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/{schema}'}}\n      responses: {{'200': {{description: ok}}}}\n"
        )
    };
    let old = common::generate(&spec(
        &[
            event("paid", "order.paid", "Paid"),
            event("refunded", "order.refunded", "Paid"),
        ]
        .concat(),
        "X-Sig",
    ));
    let new = common::generate(&spec(
        &[
            event("paid", "order.paid", "Shipped"),
            event("shipped", "order.shipped", "Shipped"),
        ]
        .concat(),
        "X-Signature",
    ));
    let changes: Vec<(String, String, Verdict)> = diff(&old.api, &new.api)
        .into_iter()
        .filter(|c| c.group == "Webhooks")
        .map(|c| (c.subject, c.description, c.verdict))
        .collect();
    assert_eq!(
        changes,
        [
            (
                "webhooks::Event".to_owned(),
                "deliveries are signed in `X-Signature` (Base64) with the topic in `topic`, instead of `X-Sig` (Base64) and `topic`".to_owned(),
                Verdict::BreaksWireSilently
            ),
            (
                "webhooks::Event::OrderPaid".to_owned(),
                "payload changed from `Paid` to `Shipped`".to_owned(),
                Verdict::BreaksWire
            ),
            (
                "webhooks::Event::OrderRefunded".to_owned(),
                "event `order.refunded` removed".to_owned(),
                Verdict::BreaksCompilation
            ),
            (
                "webhooks::Event::OrderShipped".to_owned(),
                "event `order.shipped` added".to_owned(),
                Verdict::Compatible
            ),
        ]
    );
}

#[test]
fn a_deprecation_is_no_break_and_is_listed_after_the_breaking_changes() {
    let changes = changes("deprecated_operation", |s| {
        s.replace(
            "      summary: Get an Order\n",
            "      summary: Get an Order\n      deprecated: true\n",
        )
        .replace("        note: {type: string}\n", "")
    });
    let deprecated = changes
        .iter()
        .find(|c| c.subject == "Client::get_order")
        .expect("the deprecated operation");
    assert_eq!(deprecated.verdict, Verdict::Deprecated);
    assert!(!deprecated.breaking() && deprecated.verdict.compiles());
    let summary = markdown(&changes);
    let (breaking, deprecations) = summary
        .split_once("### Deprecated")
        .expect("a section of deprecations");
    assert!(breaking.contains("models::Order.note"), "{summary}");
    assert!(
        deprecations.contains("`Client::get_order`: deprecated"),
        "{summary}"
    );
    assert!(
        summary.starts_with("**3 API changes, 2 breaking**"),
        "{summary}"
    );
}
