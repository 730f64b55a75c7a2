//! The changes to a small shop API whose verdicts the compiler checks: a patch of the
//! spec, or an edit of the names file, per change kind.

use generator::NameBook;

pub const BASE: &str = r#"
openapi: 3.0.3
info: {title: Shop, version: '1'}
servers: [{url: 'https://shop.example'}]
security: [{Key: []}]
x-heron-codegen-webhooks:
  signature: {header: X-Shop-Signature, algorithm: hmac-sha256}
x-webhooks:
  orderPaid:
    post:
      x-webhook-topics: [order.paid]
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/PaidEvent'}
      responses: {'200': {description: ok}}
  orderRefunded:
    post:
      x-webhook-topics: [order.refunded]
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/PaidEvent'}
      responses: {'200': {description: ok}}
paths:
  /orders:
    post:
      summary: Place an Order
      tags: [orders]
      parameters:
        - {in: query, name: dry_run, schema: {type: boolean}}
        - {in: header, name: X-Trace, required: true, schema: {type: string}}
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
        '409': {description: A duplicate order}
        '422':
          description: Invalid order
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
  /orders/{id}/archive:
    post:
      summary: Archive an Order
      tags: [orders]
      parameters: [{in: path, name: id, required: true, schema: {type: string}}]
      responses: {'204': {description: Archived}}
  /orders/{id}/receipt:
    get:
      summary: Download a Receipt
      tags: [orders]
      parameters: [{in: path, name: id, required: true, schema: {type: string}}]
      responses: {'200': {description: PDF, content: {application/pdf: {schema: {type: string, format: binary}}}}}
  /orders/{id}:
    get:
      summary: Get an Order
      tags: [orders]
      parameters:
        - {in: path, name: id, required: true, schema: {type: string}}
        - {in: query, name: expand, schema: {type: string}}
        - {in: query, name: state, schema: {$ref: '#/components/schemas/Status'}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Receipt'}
components:
  securitySchemes:
    Key: {type: apiKey, in: header, name: x-api-key}
  schemas:
    Order:
      type: object
      required: [item, total]
      properties:
        item: {type: string}
        total: {type: integer}
        note: {type: string}
        coupon: {type: string, nullable: true}
        status: {$ref: '#/components/schemas/Status'}
    Receipt:
      type: object
      required: [id, amount]
      properties:
        id: {type: string}
        amount: {type: number}
        memo: {type: string}
    Status: {type: string, enum: [open, paid]}
    Problem:
      type: object
      required: [message]
      properties:
        message: {type: string}
    PaidEvent:
      type: object
      required: [topic, receipt]
      properties:
        topic: {type: string}
        receipt: {$ref: '#/components/schemas/Receipt'}
    Legacy:
      type: object
      properties:
        code: {type: string}
"#;

/// One change: a patch of the spec, or an edit of the names file (or both).
pub struct Case {
    pub name: &'static str,
    pub patch: fn(&str) -> String,
    pub names: fn(&mut NameBook),
}

pub fn unchanged_names(_: &mut NameBook) {}

pub fn replace(spec: &str, from: &str, to: &str) -> String {
    assert!(spec.contains(from), "the patch does not apply: {from}");
    spec.replacen(from, to, 1)
}

/// A bearer scheme `Token` next to `Key`.
fn with_token_scheme(spec: &str) -> String {
    replace(
        spec,
        "    Key: {type: apiKey, in: header, name: x-api-key}\n",
        "    Key: {type: apiKey, in: header, name: x-api-key}\n    Token: {type: http, scheme: bearer}\n",
    )
}

pub fn cases() -> Vec<Case> {
    let spec = |name, patch| Case {
        name,
        patch,
        names: unchanged_names,
    };
    let names = |name, edit| Case {
        name,
        patch: str::to_owned,
        names: edit,
    };
    vec![
        spec("operation-added", |s| {
            replace(s, "components:\n", "  /orders/{id}/cancel:\n    post:\n      summary: Cancel an Order\n      tags: [orders]\n      parameters: [{in: path, name: id, required: true, schema: {type: string}}]\n      responses: {'204': {description: Done}}\ncomponents:\n")
        }),
        spec("operation-removed", |s| {
            let start = s.find("  /orders/{id}:").unwrap_or(0);
            let end = s.find("components:").unwrap_or(0);
            format!("{}{}", &s[..start], &s[end..])
        }),
        spec("operation-id-added", |s| {
            replace(
                s,
                "summary: Get an Order\n",
                "summary: Get an Order\n      operationId: fetchOrder\n",
            )
        }),
        names("operation-renamed", |book| {
            book.operations
                .insert("GET /orders/{id}".into(), "fetch_order".into());
        }),
        names("operation-renamed-with-alias", |book| {
            book.operations
                .insert("GET /orders/{id}".into(), "fetch_order".into());
            book.operation_aliases
                .insert("get_order".into(), "fetch_order".into());
        }),
        spec("optional-parameter-added", |s| {
            replace(s, "        - {in: query, name: expand, schema: {type: string}}\n", "        - {in: query, name: expand, schema: {type: string}}\n        - {in: query, name: page, schema: {type: integer}}\n")
        }),
        spec("required-parameter-added", |s| {
            replace(s, "        - {in: query, name: expand, schema: {type: string}}\n", "        - {in: query, name: expand, schema: {type: string}}\n        - {in: query, name: region, required: true, schema: {type: string}}\n")
        }),
        spec("parameter-removed", |s| {
            replace(
                s,
                "        - {in: query, name: expand, schema: {type: string}}\n",
                "",
            )
        }),
        spec("parameter-made-optional", |s| {
            replace(s, "name: X-Trace, required: true,", "name: X-Trace,")
        }),
        spec("parameter-made-required", |s| {
            replace(
                s,
                "name: dry_run, schema",
                "name: dry_run, required: true, schema",
            )
        }),
        spec("parameter-type-changed", |s| {
            replace(
                s,
                "name: expand, schema: {type: string}",
                "name: expand, schema: {type: integer}",
            )
        }),
        spec("body-changed", |s| {
            replace(
                s,
                "            schema: {$ref: '#/components/schemas/Order'}\n      responses",
                "            schema: {$ref: '#/components/schemas/Receipt'}\n      responses",
            )
        }),
        spec("response-changed", |s| {
            replace(
                s,
                "              schema: {$ref: '#/components/schemas/Receipt'}",
                "              schema: {$ref: '#/components/schemas/Order'}",
            )
        }),
        spec("operation-auth-dropped", |s| {
            replace(
                s,
                "      tags: [orders]\n      parameters:\n        - {in: path",
                "      tags: [orders]\n      security: []\n      parameters:\n        - {in: path",
            )
        }),
        spec("type-added", |s| {
            replace(s, "    Legacy:\n", "    Coupon:\n      type: object\n      properties: {code: {type: string}}\n    Legacy:\n")
        }),
        spec("type-removed", |s| {
            let start = s.find("    Legacy:").unwrap_or(s.len());
            s[..start].to_owned()
        }),
        names("type-renamed", |book| {
            book.types
                .insert("#/components/schemas/Legacy".into(), "Archived".into());
        }),
        names("type-renamed-with-alias", |book| {
            book.types
                .insert("#/components/schemas/Legacy".into(), "Archived".into());
            book.type_aliases.insert("Legacy".into(), "Archived".into());
        }),
        spec("optional-field-added", |s| {
            replace(
                s,
                "        note: {type: string}\n",
                "        note: {type: string}\n        gift: {type: boolean}\n",
            )
        }),
        spec("required-field-added-to-a-sent-type", |s| {
            replace(s, "required: [item, total]\n      properties:\n", "required: [item, total, currency]\n      properties:\n        currency: {type: string}\n")
        }),
        spec("required-field-added-to-a-received-type", |s| {
            replace(s, "required: [id, amount]\n      properties:\n", "required: [id, amount, issued]\n      properties:\n        issued: {type: string}\n")
        }),
        spec("required-received-field-removed", |s| {
            replace(s, "required: [id, amount]", "required: [id]")
                .replace("        amount: {type: number}\n", "")
        }),
        spec("optional-field-removed", |s| {
            replace(s, "        memo: {type: string}\n", "")
        }),
        spec("field-type-changed", |s| {
            replace(s, "total: {type: integer}", "total: {type: number}")
        }),
        spec("received-field-made-optional", |s| {
            replace(s, "required: [id, amount]", "required: [id]")
        }),
        spec("sent-field-made-required", |s| {
            replace(
                s,
                "required: [item, total]",
                "required: [item, total, note]",
            )
        }),
        spec("nullable-field-made-required", |s| {
            replace(
                s,
                "required: [item, total]",
                "required: [item, total, coupon]",
            )
        }),
        spec("optional-sent-field-made-nullable", |s| {
            replace(
                s,
                "note: {type: string}",
                "note: {type: string, nullable: true}",
            )
        }),
        spec("optional-sent-field-no-longer-nullable", |s| {
            replace(
                s,
                "coupon: {type: string, nullable: true}",
                "coupon: {type: string}",
            )
        }),
        spec("optional-received-field-made-nullable", |s| {
            replace(
                s,
                "memo: {type: string}",
                "memo: {type: string, nullable: true}",
            )
        }),
        spec("enum-value-added", |s| {
            replace(s, "enum: [open, paid]", "enum: [open, paid, shipped]")
        }),
        spec("enum-value-removed", |s| {
            replace(s, "enum: [open, paid]", "enum: [open]")
        }),
        spec("kind-changed", |s| {
            replace(s, "    Legacy:\n      type: object\n      properties:\n        code: {type: string}\n", "    Legacy: {type: string, enum: [a, b]}\n")
        }),
        spec("authentication-changed", |s| {
            replace(s, "name: x-api-key", "name: x-shop-key")
        }),
        // A second scheme as a later alternative: a new setter, `Client::new` stays.
        spec("credential-alternative-added", |s| {
            with_token_scheme(&replace(
                s,
                "security: [{Key: []}]",
                "security: [{Key: []}, {Token: []}]",
            ))
        }),
        // An operation needs a second credential as well: callers compile, calls fail.
        spec("operation-needs-more-credentials", |s| {
            with_token_scheme(&replace(
                s,
                "      tags: [orders]\n      parameters:\n        - {in: path",
                "      tags: [orders]\n      security: [{Key: [], Token: []}]\n      parameters:\n        - {in: path",
            ))
        }),
        // Every operation needs two credentials: `Client::new` cannot take them.
        spec("client-new-removed", |s| {
            with_token_scheme(&replace(
                s,
                "security: [{Key: []}]",
                "security: [{Key: [], Token: []}]",
            ))
        }),
        spec("credential-kind-changed", |s| {
            replace(
                s,
                "Key: {type: apiKey, in: header, name: x-api-key}",
                "Key: {type: http, scheme: basic}",
            )
        }),
        names("credential-setter-renamed", |book| {
            book.credentials.insert("Key".into(), "shop_key".into());
        }),
        spec("error-response-added", |s| {
            replace(
                s,
                "              schema: {$ref: '#/components/schemas/Receipt'}\n",
                "              schema: {$ref: '#/components/schemas/Receipt'}\n        '404': {description: No such order}\n",
            )
        }),
        spec("error-response-removed", |s| {
            replace(s, "        '409': {description: A duplicate order}\n", "")
        }),
        spec("error-body-changed", |s| {
            replace(
                s,
                "              schema: {$ref: '#/components/schemas/Problem'}",
                "              schema: {$ref: '#/components/schemas/Receipt'}",
            )
        }),
        spec("error-body-schema-added", |s| {
            replace(
                s,
                "'409': {description: A duplicate order}",
                "'409': {description: A duplicate order, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}",
            )
        }),
        // A download stops being one: its `stream()` is gone.
        spec("download-became-json", |s| {
            replace(
                s,
                "{application/pdf: {schema: {type: string, format: binary}}}",
                "{application/json: {schema: {$ref: '#/components/schemas/Receipt'}}}",
            )
        }),
        // Another media type is still a download; with a declared 404, compatible.
        spec("download-media-type-changed", |s| {
            replace(
                s,
                "{application/pdf: {schema: {type: string, format: binary}}}}}",
                "{application/zip: {schema: {type: string, format: binary}}}}, '404': {description: No receipt yet}}",
            )
        }),
        spec("response-became-a-download", |s| {
            replace(
                s,
                "            application/json:\n              schema: {$ref: '#/components/schemas/Receipt'}",
                "            application/pdf:\n              schema: {type: string, format: binary}",
            )
        }),
        spec("webhook-event-added", |s| {
            replace(s, "paths:\n  /orders:", "  orderShipped:\n    post:\n      x-webhook-topics: [order.shipped]\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/PaidEvent'}\n      responses: {'200': {description: ok}}\npaths:\n  /orders:")
        }),
        spec("webhook-event-removed", |s| {
            let start = s.find("  orderRefunded:\n").unwrap_or(0);
            let end = s.find("paths:\n").unwrap_or(0);
            format!("{}{}", &s[..start], &s[end..])
        }),
        spec("webhook-payload-changed", |s| {
            replace(
                s,
                "            schema: {$ref: '#/components/schemas/PaidEvent'}\n      responses: {'200'",
                "            schema: {$ref: '#/components/schemas/Legacy'}\n      responses: {'200'",
            )
        }),
        spec("webhook-signature-changed", |s| {
            replace(s, "header: X-Shop-Signature", "header: X-Signature")
        }),
        spec("operation-deprecated", |s| {
            replace(
                s,
                "summary: Get an Order\n",
                "summary: Get an Order\n      deprecated: true\n",
            )
        }),
        spec("optional-parameter-deprecated", |s| {
            replace(
                s,
                "name: expand, schema",
                "name: expand, deprecated: true, schema",
            )
        }),
        spec("type-deprecated", |s| {
            replace(s, "    Legacy:\n", "    Legacy:\n      deprecated: true\n")
        }),
        spec("field-deprecated", |s| {
            replace(
                s,
                "memo: {type: string}",
                "memo: {type: string, deprecated: true}",
            )
        }),
        // Old binaries send the enum's values, and decode new ones into its catch-all.
        spec("field-enum-became-string", |s| {
            replace(
                s,
                "status: {$ref: '#/components/schemas/Status'}",
                "status: {type: string}",
            )
        }),
        spec("parameter-enum-became-string", |s| {
            replace(
                s,
                "name: state, schema: {$ref: '#/components/schemas/Status'}",
                "name: state, schema: {type: string}",
            )
        }),
        // Old binaries ignore the body, as they did.
        spec("result-became-a-model", |s| {
            replace(
                s,
                "responses: {'204': {description: Archived}}",
                "responses: {'200': {description: Archived, content: {application/json: {schema: {$ref: '#/components/schemas/Receipt'}}}}}",
            )
        }),
        spec("default-server-changed", |s| {
            replace(s, "https://shop.example", "https://eu.shop.example")
        }),
    ]
}

/// The shop's changes that give it Cargo features: its operations share one tag, so it
/// has none until an operation with another tag (or none) comes.
pub fn first_features() -> Vec<Case> {
    vec![Case {
        name: "operation-without-a-tag-added",
        patch: |s| {
            replace(s, "components:\n", "  /orders/{id}/cancel:\n    post:\n      summary: Cancel an Order\n      parameters: [{in: path, name: id, required: true, schema: {type: string}}]\n      responses: {'204': {description: Done}}\ncomponents:\n")
        },
        names: unchanged_names,
    }]
}
