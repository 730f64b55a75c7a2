//! Every verdict of the diff, proven by the compiler: for each change kind, a caller written
//! against the old client's documented API (every operation called with every optional
//! parameter set, every model built with `new` and every setter, every field read with its
//! type, every enum matched) is compiled against the new client. It must compile exactly
//! when the diff says every change of the case leaves old code compiling (compatible, or
//! a silent break of the wire such as a new authentication scheme, which the compiler
//! cannot see).
//!
//! All crates go into one cargo workspace checked in one run, so the runtime's
//! dependencies are checked once.

mod common;

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::Path;
use std::process::Command;

use generator::diff::diff;
use generator::ir::{Api, BodyEncoding, Operation, SchemeKind, SuccessResponse, TypeKind, TypeRef};
use generator::rust_types::{RustType, RustTypes};
use generator::{NameBook, Options};

const BASE: &str = r#"
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
struct Case {
    name: &'static str,
    patch: fn(&str) -> String,
    names: fn(&mut NameBook),
}

fn unchanged_names(_: &mut NameBook) {}

fn replace(spec: &str, from: &str, to: &str) -> String {
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

fn cases() -> Vec<Case> {
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
            replace(s, "components:\n", "  /orders/{id}/cancel:\n    post:\n      summary: Cancel an Order\n      parameters: [{in: path, name: id, required: true, schema: {type: string}}]\n      responses: {'204': {description: Done}}\ncomponents:\n")
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
        spec("default-server-changed", |s| {
            replace(s, "https://shop.example", "https://eu.shop.example")
        }),
    ]
}

#[test]
fn a_caller_of_the_old_client_compiles_against_the_new_one_exactly_when_the_diff_says_compatible() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("verdict-crates");
    let _ = std::fs::remove_dir_all(root.join("crates"));
    let old = common::generate(BASE);
    let caller = caller_source(&old.api);
    let mut members = Vec::new();
    let mut write_crate = |name: &str, api: &generator::Generated| {
        generator::write::write(&root.join("crates").join(name), &api.files)
            .expect("write a generated crate");
        members.push(format!("\"crates/{name}\""));
    };
    let write_caller = |name: &str, client: &str, members: &mut Vec<String>| {
        let dir = root.join("crates").join(name);
        std::fs::create_dir_all(dir.join("src")).expect("caller dir");
        std::fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\napi = {{ path = \"../{client}\", package = \"{client}\" }}\n"
            ),
        )
        .expect("caller manifest");
        std::fs::write(dir.join("src/lib.rs"), &caller).expect("caller source");
        members.push(format!("\"crates/{name}\""));
    };

    let old_crate = generated("verdict-old", BASE, &old.names);
    write_crate("verdict-old", &old_crate);
    let mut expected = Vec::new();
    for (index, case) in cases().iter().enumerate() {
        let mut book = old.names.clone();
        (case.names)(&mut book);
        let new = generated(&format!("verdict-new-{index}"), &(case.patch)(BASE), &book);
        let changes = diff(&old.api, &new.api);
        assert!(
            !changes.is_empty(),
            "{}: the case changes nothing",
            case.name
        );
        let compatible = changes.iter().all(|c| c.verdict.compiles());
        expected.push((case.name, index, compatible, changes));
        write_crate(&format!("verdict-new-{index}"), &new);
    }
    write_caller("caller-old", "verdict-old", &mut members);
    for (_, index, _, _) in &expected {
        write_caller(
            &format!("caller-{index}"),
            &format!("verdict-new-{index}"),
            &mut members,
        );
    }
    std::fs::write(
        root.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .expect("workspace manifest");
    if !root.join("Cargo.lock").exists() {
        let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
        std::fs::copy(lock, root.join("Cargo.lock")).expect("lock file");
    }

    let failed = failing_crates(&root);
    assert!(
        !failed.contains("caller_old"),
        "the caller does not compile against the client it was written for:\n{caller}"
    );
    assert!(
        failed.iter().all(|name| name.starts_with("caller_")),
        "a generated client does not compile: {failed:?}"
    );
    let mut wrong = Vec::new();
    for (name, index, compatible, changes) in &expected {
        let compiles = !failed.contains(&format!("caller_{index}"));
        if compiles != *compatible {
            let verdicts: Vec<String> = changes
                .iter()
                .map(|c| format!("{} {} [{}]", c.subject, c.description, c.verdict.as_str()))
                .collect();
            wrong.push(format!(
                "{name}: the old caller {} but the diff says {}",
                if compiles {
                    "compiles"
                } else {
                    "does not compile"
                },
                verdicts.join("; ")
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "verdicts the compiler disproves:\n{}",
        wrong.join("\n")
    );
}

/// Every variant of an operation's error enum matched, each body read with its type.
fn errors_caller(api: &Api, op: &Operation, args: &str, output: &str) -> String {
    let error_enum = format!("api::operations::{}", op.error_enum);
    let mut arms = String::new();
    for error in &op.errors {
        let body = error
            .ty
            .as_ref()
            .map_or("String".to_owned(), |ty| spelled(&RustType::of(api, ty)));
        let _ = writeln!(
            arms,
            "        Err({error_enum}::{}(answer)) => {{\n            let _: &{body} = &answer.body;\n            let _: u16 = answer.status.as_u16();\n        }}",
            error.variant
        );
    }
    format!(
        "pub async fn errors_{name}(client: &api::Client) {{\n    match client.{name}({args}).typed_errors().await {{\n        Ok(value) => {{\n            let _: {output} = value;\n        }}\n{arms}        Err({error_enum}::Undeclared(answer)) => {{\n            let _: &api::ApiError = &answer;\n        }}\n        Err({error_enum}::Failed(error)) => {{\n            let _: api::Error = error;\n        }}\n        Err(_) => {{}}\n    }}\n}}\n\n",
        name = op.rust_name,
    )
}

/// A receiver matching every webhook event and holding its payload by its type.
fn webhooks_caller(api: &Api) -> String {
    let Some(webhooks) = &api.webhooks else {
        return String::new();
    };
    let mut arms = String::new();
    for event in &webhooks.events {
        let payload = match &event.payload {
            Some(ty) => spelled(&RustType::of(api, ty)),
            None => "serde_json::Value".to_owned(),
        };
        let _ = writeln!(
            arms,
            "        api::webhooks::Event::{}(payload) => {{\n            let _: {payload} = payload;\n        }}",
            event.variant
        );
    }
    format!("pub fn receive(event: api::webhooks::Event) {{\n    match event {{\n{arms}        _ => {{}}\n    }}\n}}\n\n")
}

/// Every credential setter on the builder and on `Credentials`, and `Client::new`.
fn credentials_caller(api: &Api) -> String {
    let args = |kind: &SchemeKind| match kind {
        SchemeKind::ApiKey { .. } | SchemeKind::HttpToken { .. } => "any::<String>()",
        SchemeKind::Basic => "any::<String>(), any::<String>()",
        SchemeKind::OAuth2 { .. } | SchemeKind::OpenIdConnect { .. } => "any::<api::Tokens>()",
        SchemeKind::MutualTls => "",
    };
    let mut out = String::from("pub fn credentials() -> Result<(), api::Error> {\n");
    for scheme in api.security.schemes.iter().filter(|s| !s.setter.is_empty()) {
        let call = format!(".{}({})", scheme.setter, args(&scheme.kind));
        let _ = writeln!(
            out,
            "    let _: api::Client = api::Client::builder(){call}.build()?;\n    let _: api::Credentials = api::Credentials::new(){call};"
        );
    }
    if let Some(takes) = api.security.client_new() {
        let new_args = takes
            .and_then(|id| api.security.scheme(id))
            .map_or("", |scheme| args(&scheme.kind));
        let _ = writeln!(
            out,
            "    let _: api::Client = api::Client::new({new_args})?;"
        );
    }
    out.push_str("    Ok(())\n}\n\n");
    out
}

fn generated(crate_name: &str, spec: &str, names: &NameBook) -> generator::Generated {
    let options = Options {
        crate_name: crate_name.to_owned(),
        regenerate_with: "cargo test".into(),
        names: Some(names.render("spec.yaml")),
        overlay: None,
        previous: None,
        package: Default::default(),
    };
    generator::generate(spec, &options).unwrap_or_else(|e| panic!("{crate_name}: {e:?}"))
}

/// `cargo check` over the workspace, carrying on past failures; the crates that failed.
fn failing_crates(root: &Path) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "check",
            "--workspace",
            "--keep-going",
            "--message-format=json",
        ])
        .current_dir(root)
        // The target directory of `compile.rs`: the runtime's dependencies are checked
        // once for both.
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixture-crates/target"),
        )
        .output()
        .expect("run cargo check");
    let mut failed = BTreeSet::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let is_error =
            message["reason"] == "compiler-message" && message["message"]["level"] == "error";
        if let (true, Some(target)) = (is_error, message["target"]["name"].as_str()) {
            failed.insert(target.to_owned());
        }
    }
    failed
}

/// A caller that uses everything the old client documents, with every type spelled out,
/// so that any change a caller could notice stops it compiling.
fn caller_source(api: &Api) -> String {
    let mut out = String::from(
        "#![allow(warnings, clippy::all)]\nuse api::models;\n\nfn any<T>() -> T {\n    unimplemented!()\n}\n\n",
    );
    out.push_str(&credentials_caller(api));
    out.push_str(&webhooks_caller(api));
    for op in &api.operations {
        let mut args = Vec::new();
        for param in op.params.iter().filter(|p| p.required) {
            args.push(argument(api, &param.ty));
        }
        if let Some(body) = &op.body {
            let value = match body.encoding {
                BodyEncoding::Binary => "&any::<Vec<u8>>()".to_owned(),
                BodyEncoding::Text => "&any::<String>()".to_owned(),
                _ => format!("&any::<{}>()", spelled(&RustType::of(api, &body.ty))),
            };
            args.push(if body.required {
                value
            } else {
                format!("Some({value})")
            });
        }
        let setters: String = op
            .params
            .iter()
            .filter(|p| !p.required)
            .map(|p| format!(".{}({})", p.setter, argument(api, &p.ty)))
            .collect();
        let output = match &op.response {
            SuccessResponse::Empty => "()".to_owned(),
            SuccessResponse::Json(ty) => spelled(&RustType::of(api, ty)),
            SuccessResponse::Bytes => "Vec<u8>".to_owned(),
            SuccessResponse::Text => "String".to_owned(),
        };
        let _ = writeln!(
            out,
            "pub async fn call_{name}(client: &api::Client) -> Result<(), api::Error> {{\n    let _: {output} = client.{name}({args}){setters}.await?;\n    Ok(())\n}}\n",
            name = op.rust_name,
            args = args.join(", "),
        );
        out.push_str(&errors_caller(api, op, &args.join(", "), &output));
        if op.response == SuccessResponse::Bytes {
            let _ = writeln!(
                out,
                "pub async fn stream_{name}(client: &api::Client) -> Result<(), api::Error> {{\n    let download: api::Download = client.{name}({args}).stream().await?;\n    let _: Option<&str> = download.content_type();\n    let _: u64 = download.to_file(\"f\").await?;\n    Ok(())\n}}\n",
                name = op.rust_name,
                args = args.join(", "),
            );
        }
    }
    let types = RustTypes::decide(api);
    for (index, def) in api.types.iter().enumerate() {
        let name = &def.name;
        let members = types.members(generator::ir::TypeId(index as u32));
        match &def.kind {
            TypeKind::Struct(s) => {
                let fields: Vec<_> = s.fields.iter().zip(members).collect();
                let mut reads = String::new();
                for (field, ty) in &fields {
                    let ty = spelled(ty);
                    let _ = writeln!(reads, "    let _: &{ty} = &value.{};", field.rust_name);
                }
                let mut required: Vec<_> = fields.iter().filter(|(f, _)| f.required).collect();
                required.sort_by(|(a, _), (b, _)| {
                    a.rust_name
                        .trim_start_matches("r#")
                        .cmp(b.rust_name.trim_start_matches("r#"))
                });
                let new_args: Vec<String> = required
                    .iter()
                    .map(|(_, ty)| format!("any::<{}>()", spelled(ty.unboxed())))
                    .collect();
                let mut setters = String::new();
                let sent = def.usage.includes(generator::ir::Direction::Request);
                for (field, value) in fields.iter().filter(|(f, _)| !f.required) {
                    let _ = write!(
                        setters,
                        "\n        .{}(any::<{}>())",
                        field.setter,
                        spelled(value.unwrap_option().unboxed())
                    );
                    if let (true, Some(null_setter)) = (sent, &field.null_setter) {
                        let _ = write!(setters, "\n        .{null_setter}()");
                    }
                }
                let _ = writeln!(
                    out,
                    "pub fn read_{name}(value: &models::{name}) {{\n{reads}}}\n\npub fn build_{name}() -> models::{name} {{\n    models::{name}::new({}){setters}\n}}\n",
                    new_args.join(", ")
                );
            }
            TypeKind::Enum(e) => {
                let arms: String = e
                    .variants
                    .iter()
                    .map(|v| format!("        models::{name}::{} => {{}}\n", v.rust_name))
                    .collect();
                let _ = writeln!(
                    out,
                    "pub fn match_{name}(value: &models::{name}) {{\n    match value {{\n{arms}        models::{name}::{}(_) => {{}}\n        _ => {{}}\n    }}\n}}\n",
                    e.catch_all
                );
            }
            TypeKind::Union(u) => {
                let arms: String = u
                    .variants
                    .iter()
                    .map(|v| format!("        models::{name}::{}(_) => {{}}\n", v.rust_name))
                    .collect();
                let _ = writeln!(
                    out,
                    "pub fn match_{name}(value: &models::{name}) {{\n    match value {{\n{arms}        _ => {{}}\n    }}\n}}\n"
                );
            }
            TypeKind::Alias(target) => {
                let _ = writeln!(
                    out,
                    "pub fn alias_{name}(value: models::{name}) -> {} {{\n    value\n}}\n",
                    spelled(&RustType::of(api, target))
                );
            }
        }
    }
    out
}

/// A required parameter as the generated method takes it.
fn argument(api: &Api, ty: &TypeRef) -> String {
    let owned = spelled(&RustType::of(api, ty));
    match ty {
        TypeRef::String => "&any::<String>()".to_owned(),
        TypeRef::Integer(_)
        | TypeRef::Number
        | TypeRef::Boolean
        | TypeRef::DateTime
        | TypeRef::Date => {
            format!("any::<{owned}>()")
        }
        TypeRef::List(_) => format!("any::<{owned}>().as_slice()"),
        _ => format!("&any::<{owned}>()"),
    }
}

/// A type as a caller outside the crate spells it.
fn spelled(ty: &RustType) -> String {
    match ty {
        RustType::Model(name) => format!("models::{name}"),
        RustType::Path(path) => path.replace("crate::", "api::"),
        RustType::Vec(inner) => format!("Vec<{}>", spelled(inner)),
        RustType::Map(inner) => format!("std::collections::BTreeMap<String, {}>", spelled(inner)),
        RustType::Option(inner) => format!("Option<{}>", spelled(inner)),
        RustType::Box(inner) => format!("Box<{}>", spelled(inner)),
    }
}
