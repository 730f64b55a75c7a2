//! Changes to the Cargo features of an API with several tags, and the sets of features
//! its callers name: a caller per smallest set of features under which some item of the
//! old client is compiled.

use std::collections::BTreeSet;

use generator::ir::{Api, Gate, HIDDEN_FEATURE};

use crate::cases::{replace, unchanged_names, Case};

/// Three tags, a hidden operation, a model every tag reaches (always compiled) and one no
/// operation uses (behind `types`).
pub const BASE: &str = r#"
openapi: 3.0.3
info: {title: Shop, version: '1'}
servers: [{url: 'https://shop.example'}]
paths:
  /orders:
    get:
      summary: List Orders
      tags: [orders]
      responses: {'200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}}}
  /orders/{id}/note:
    get:
      summary: Get a Note
      tags: [orders]
      parameters: [{in: path, name: id, required: true, schema: {type: string}}]
      responses: {'200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}}}
  /refunds:
    get:
      summary: List Refunds
      tags: [refunds]
      responses: {'200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/Refund'}}}}}
  /refunds/{id}:
    delete:
      summary: Purge a Refund
      tags: [refunds]
      x-hidden: true
      parameters: [{in: path, name: id, required: true, schema: {type: string}}]
      responses: {'204': {description: Purged}}
  /invoices:
    get:
      summary: List Invoices
      tags: [invoices]
      responses: {'200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/Invoice'}}}}}
components:
  schemas:
    Order:
      type: object
      properties:
        id: {type: string}
        money: {$ref: '#/components/schemas/Money'}
    Refund:
      type: object
      properties:
        id: {type: string}
        money: {$ref: '#/components/schemas/Money'}
    Invoice:
      type: object
      properties:
        id: {type: string}
        money: {$ref: '#/components/schemas/Money'}
    Note:
      type: object
      properties:
        text: {type: string}
    Money:
      type: object
      properties:
        cents: {type: integer}
    Archive:
      type: object
      properties:
        code: {type: string}
"#;

/// An operation of a new tag `archives` returning `schema`.
fn archives_operation(spec: &str, schema: &str) -> String {
    replace(
        spec,
        "components:\n",
        &format!("  /archives:\n    get:\n      summary: List Archives\n      tags: [archives]\n      responses: {{'200': {{description: OK, content: {{application/json: {{schema: {{$ref: '#/components/schemas/{schema}'}}}}}}}}}}\ncomponents:\n"),
    )
}

pub fn cases() -> Vec<Case> {
    let spec = |name, patch| Case {
        name,
        patch,
        names: unchanged_names,
    };
    vec![
        // The refunds operations join `orders`: the `refunds` feature is gone.
        spec("tag-feature-removed", |s| {
            s.replace("tags: [refunds]", "tags: [orders]")
        }),
        spec("tag-feature-added", |s| archives_operation(s, "Order")),
        spec("operation-moved-to-another-tag", |s| {
            replace(
                s,
                "summary: Get a Note\n      tags: [orders]",
                "summary: Get a Note\n      tags: [invoices]",
            )
        }),
        // `Note` is now reached from `invoices` as well: compiled under more features.
        spec("model-reached-by-another-tag", |s| {
            replace(
                s,
                "        id: {type: string}\n        money: {$ref: '#/components/schemas/Money'}\n    Note:",
                "        id: {type: string}\n        money: {$ref: '#/components/schemas/Money'}\n        note: {$ref: '#/components/schemas/Note'}\n    Note:",
            )
        }),
        // `Archive` leaves `types` for the new tag's feature, which `types` turns on; it
        // reaches `Money`, which every tag still reaches.
        spec("unused-model-gets-a-tag", |s| {
            replace(
                &archives_operation(s, "Archive"),
                "        code: {type: string}\n",
                "        code: {type: string}\n        money: {$ref: '#/components/schemas/Money'}\n",
            )
        }),
        // `Money` was reached by every tag, so always compiled; a fourth tag that does not
        // reach it puts it behind the other three.
        spec("shared-model-no-longer-shared-by-every-tag", |s| {
            archives_operation(s, "Archive")
        }),
        spec("hidden-feature-removed", |s| {
            replace(s, "      x-hidden: true\n", "")
        }),
        spec("operation-hidden", |s| {
            replace(
                s,
                "summary: List Refunds\n",
                "summary: List Refunds\n      x-hidden: true\n",
            )
        }),
    ]
}

/// The smallest sets of features under which some item of `api` is compiled: each
/// feature a gate lists, with `hidden` where the gate needs it, and none for the items
/// always compiled.
pub fn smallest_sets(api: &Api) -> BTreeSet<Vec<String>> {
    let operations = api.operations.iter().map(|op| vec![op.gate.clone()]);
    let models = api.features.models.values().cloned();
    let mut sets = BTreeSet::from([Vec::new()]);
    for gates in operations.chain(models) {
        for gate in Gate::simplest(&gates) {
            let hidden = gate.hidden.then(|| HIDDEN_FEATURE.to_owned());
            if gate.any.is_empty() {
                sets.insert(hidden.iter().cloned().collect());
            }
            for feature in &gate.any {
                let mut set: Vec<String> = std::iter::once(feature.clone())
                    .chain(hidden.clone())
                    .collect();
                set.sort();
                sets.insert(set);
            }
        }
    }
    sets
}
