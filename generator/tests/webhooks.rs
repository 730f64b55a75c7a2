//! Webhooks: the `x-heron-codegen-webhooks` extension, callbacks, 3.1 `webhooks` and
//! Redoc's `x-webhooks` lowered into one `Event` enum; specs without the extension get nothing (no module, no dependency).
//! The generated code is compiled and run in `webhook-client/`.

mod common;

use common::*;
use generator::ir::{SignatureEncoding, Webhooks};
use generator::{Generated, Location, Options};

/// A spec with one callback (inline payload, topics from its enum) and a topic list.
const WITH_CALLBACKS: &str = r##"
openapi: 3.0.3
info: {title: Hooks, version: "1"}
paths:
  /users:
    put:
      responses: {"200": {description: ok}}
      callbacks:
        onData:
          $url:
            post:
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        topic: {type: string, enum: [user.created, user.deleted]}
                        data: {type: object, properties: {id: {type: string}}}
              responses: {"200": {description: ok}}
components:
  schemas:
    Topic:
      type: string
      enum: [user.created, pdf.parsed]
"##;

const EXTENSION: &str = r##"
x-heron-codegen-webhooks:
  signature: {header: X-Sig, algorithm: hmac-sha256, encoding: hex}
  topics: '#/components/schemas/Topic'
"##;

fn with_extension(spec: &str, extension: &str) -> String {
    format!("{spec}{extension}")
}

fn webhooks(generated: &Generated) -> &Webhooks {
    generated
        .api
        .webhooks
        .as_ref()
        .expect("the spec has the extension")
}

/// What a crate carries only for webhooks: a file, a module, dependencies, a feature.
#[track_caller]
fn assert_no_webhook_output(generated: &Generated) {
    assert!(generated.api.webhooks.is_none());
    let paths: Vec<&str> = generated.files.iter().map(|f| f.path.as_str()).collect();
    assert!(
        paths.iter().all(|path| !path.contains("webhook")),
        "{paths:?}"
    );
    assert!(!file(generated, "src/lib.rs").contains("webhooks"));
    let manifest = file(generated, "Cargo.toml");
    // No webhook dependency and no `axum` feature (the client's optional dependencies
    // and features are every crate's).
    for absent in ["base64", "ring =", "axum", "webhooks"] {
        assert!(!manifest.contains(absent), "{absent} in\n{manifest}");
    }
    assert!(generated.names.webhook_events.is_empty());
    assert!(!generated.names.render("spec").contains("webhook_events"));
}

#[test]
fn a_spec_without_callbacks_or_extension_generates_nothing_for_webhooks() {
    let seed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/heron.yaml"),
    )
    .expect("the seed spec");
    let generated = generate(&seed);
    assert_no_webhook_output(&generated);
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}

#[test]
fn callbacks_without_the_extension_generate_nothing_and_say_why() {
    let generated = generate(WITH_CALLBACKS);
    assert_no_webhook_output(&generated);
    let [warning] = generated.warnings.as_slice() else {
        panic!("one warning: {:?}", generated.warnings)
    };
    assert_eq!(
        warning.location,
        Location::Pointer("#/paths/~1users/put/callbacks/onData/$url/post".to_owned())
    );
    assert!(
        warning
            .message
            .contains("no `x-heron-codegen-webhooks` extension"),
        "{}",
        warning.message
    );
}

#[test]
fn openapi_31_webhooks_without_the_extension_are_a_warning_at_the_webhook() {
    let spec = r##"
openapi: 3.1.0
info: {title: Hooks, version: "1"}
webhooks:
  userCreated:
    post:
      requestBody:
        content: {application/json: {schema: {type: object}}}
      responses: {"200": {description: ok}}
"##;
    let generated = generate(spec);
    assert_no_webhook_output(&generated);
    let locations: Vec<&Location> = generated.warnings.iter().map(|w| &w.location).collect();
    assert_eq!(
        locations,
        [&Location::Pointer("#/webhooks/userCreated/post".to_owned())]
    );
}

#[test]
fn topics_come_from_the_list_then_the_callbacks_and_only_callbacks_give_payloads() {
    let generated = generate(&with_extension(WITH_CALLBACKS, EXTENSION));
    let hooks = webhooks(&generated);
    assert_eq!(
        (
            hooks.header.as_str(),
            hooks.encoding,
            hooks.topic_field.as_str()
        ),
        ("X-Sig", SignatureEncoding::Hex, "topic")
    );
    let events: Vec<(&str, &str, Option<String>)> = hooks
        .events
        .iter()
        .map(|e| {
            (
                e.topic.as_str(),
                e.variant.as_str(),
                e.payload.as_ref().map(|ty| render_ref(&generated.api, ty)),
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            (
                "user.created",
                "UserCreated",
                Some("UserCreatedWebhook".into())
            ),
            ("pdf.parsed", "PdfParsed", None),
            (
                "user.deleted",
                "UserDeleted",
                Some("UserCreatedWebhook".into())
            ),
        ]
    );
    // The inline payload is named in lowering and keyed by the callback's pointer.
    assert_eq!(
        generated
            .names
            .types
            .get("#/paths/~1users/put/callbacks/onData/$url/post/requestBody/content/application~1json/schema")
            .map(String::as_str),
        Some("UserCreatedWebhook")
    );
    let module = file(&generated, "src/webhooks/mod.rs");
    assert!(
        module.contains("encoding: SignatureEncoding::Hex"),
        "{module}"
    );
    assert!(
        module.contains("\"pdf.parsed\" => Self::PdfParsed(envelope)"),
        "{module}"
    );
    assert!(file(&generated, "src/lib.rs").contains("pub mod webhooks;"));
    assert!(file(&generated, "src/webhooks/signature.rs").contains("pub fn verify_and_parse"));
    let manifest = file(&generated, "Cargo.toml");
    assert!(manifest.contains("\nring = "), "{manifest}");
    // The receiver needs no client: neither the module nor its axum glue is behind it.
    assert!(manifest.contains("axum = [\"dep:axum\"]"), "{manifest}");
    let lib = file(&generated, "src/lib.rs");
    assert!(
        !lib.contains("#[cfg(feature = \"client\")]\npub mod webhooks;"),
        "{lib}"
    );
}

#[test]
fn recorded_variant_names_are_kept_and_other_is_never_a_topics_name() {
    let spec = with_extension(WITH_CALLBACKS, EXTENSION).replace(
        "enum: [user.created, pdf.parsed]",
        "enum: [user.created, pdf.parsed, other]",
    );
    let options = Options {
        names: Some("[webhook_events]\n\"user.created\" = \"Joined\"\n".to_owned()),
        ..options()
    };
    let generated = generator::generate(&spec, &options).expect("a valid names file");
    let variants: Vec<&str> = webhooks(&generated)
        .events
        .iter()
        .map(|e| e.variant.as_str())
        .collect();
    assert_eq!(variants, ["Joined", "PdfParsed", "Other2", "UserDeleted"]);
}

#[test]
fn a_bad_extension_is_an_error_at_its_field() {
    let cases = [
        (
            "x-heron-codegen-webhooks: {signature: {header: X-Sig, algorithm: hmac-sha1}}\n",
            "#/x-heron-codegen-webhooks/signature/algorithm",
            "expected `hmac-sha256`, found `hmac-sha1`",
        ),
        (
            "x-heron-codegen-webhooks: {signature: {algorithm: hmac-sha256}}\n",
            "#/x-heron-codegen-webhooks/signature/header",
            "expected the name of the header",
        ),
        (
            "x-heron-codegen-webhooks: {signature: {header: X-Sig, algorithm: hmac-sha256, encoding: b32}}\n",
            "#/x-heron-codegen-webhooks/signature/encoding",
            "found `b32`",
        ),
        (
            "x-heron-codegen-webhooks: {signature: {header: X-Sig, algorithm: hmac-sha256}, topics: '#/components/schemas/Nope'}\n",
            "#/x-heron-codegen-webhooks/topics",
            "string enum",
        ),
    ];
    for (extension, pointer, message) in cases {
        let errors =
            match generator::generate(&with_extension(WITH_CALLBACKS, extension), &options()) {
                Ok(_) => panic!("{extension}: expected an error"),
                Err(errors) => errors,
            };
        assert!(
            errors
                .iter()
                .any(|e| e.location == Location::Pointer(pointer.to_owned())
                    && e.message.contains(message)),
            "{extension}: {errors:?}"
        );
    }
}

#[test]
fn openapi_31_webhooks_with_the_extension_give_events() {
    let spec = r##"
openapi: 3.1.0
info: {title: Hooks, version: "1"}
x-heron-codegen-webhooks:
  signature: {header: X-Sig, algorithm: hmac-sha256}
webhooks:
"##
    .to_owned()
        + &user_created("[object, \"null\"]");
    let generated = generate(&spec);
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let hooks = webhooks(&generated);
    assert_eq!(hooks.encoding, SignatureEncoding::Base64);
    let [event] = hooks.events.as_slice() else {
        panic!("one topic: {:?}", hooks.events)
    };
    assert_eq!(
        (
            event.topic.as_str(),
            event
                .payload
                .as_ref()
                .map(|ty| render_ref(&generated.api, ty))
        ),
        ("user.created", Some("UserCreatedWebhook".to_owned()))
    );
    let payload = type_named(&generated.api, "UserCreatedWebhook");
    assert!(field(payload, "data").nullable);
}

/// Heron's case: the spec does not declare the signature; an Overlay next to it adds the
/// extension, and the events come out as if the spec had it.
#[test]
fn an_overlay_adds_the_extension_to_a_spec_that_lacks_it() {
    let overlay = r##"
overlay: 1.0.0
info: {title: Webhook signing, version: 1.0.0}
actions:
  - target: $
    update:
      x-heron-codegen-webhooks:
        signature: {header: X-Sig, algorithm: hmac-sha256, encoding: hex}
        topics: '#/components/schemas/Topic'
"##;
    let options = Options {
        overlay: Some(overlay.to_owned()),
        ..options()
    };
    let overlaid = generator::generate(WITH_CALLBACKS, &options).expect("generates");
    let direct = generate(&with_extension(WITH_CALLBACKS, EXTENSION));
    assert_eq!(webhooks(&overlaid), webhooks(&direct));
    assert_eq!(
        file(&overlaid, "src/webhooks/mod.rs"),
        file(&direct, "src/webhooks/mod.rs")
    );
    assert_no_webhook_output(&generate(WITH_CALLBACKS));
}

/// The Path Item of a `userCreated` webhook, whose payload's `data` is of type `data`.
fn user_created(data: &str) -> String {
    format!(
        r##"  userCreated:
    summary: A user signed up
    post:
      x-webhook-topics: [user.created]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [topic]
              properties:
                topic: {{type: string}}
                data: {{type: {data}, properties: {{id: {{type: string}}}}}}
      responses: {{"200": {{description: ok}}}}
"##
    )
}

/// The extension's first name still works when its content is ours: the same events as
/// under the new name.
#[test]
fn the_first_name_x_webhooks_is_read_when_it_has_our_shape() {
    let legacy = EXTENSION.replace("x-heron-codegen-webhooks", "x-webhooks");
    let old = generate(&with_extension(WITH_CALLBACKS, &legacy));
    let new = generate(&with_extension(WITH_CALLBACKS, EXTENSION));
    assert!(old.warnings.is_empty(), "{:?}", old.warnings);
    assert_eq!(webhooks(&old), webhooks(&new));
}

/// Another tool's root `x-webhooks` never fails a valid spec: a located warning, and the
/// spec generates as if it were absent.
#[test]
fn a_foreign_x_webhooks_is_ignored_with_a_located_warning() {
    let foreign = "x-webhooks: {enabled: true, events: [a, b]}\n";
    let generated = generate(&with_extension(WITH_CALLBACKS, foreign));
    assert_no_webhook_output(&generated);
    let warning = generated
        .warnings
        .iter()
        .find(|w| w.location == Location::Pointer("#/x-webhooks".to_owned()))
        .unwrap_or_else(|| panic!("a warning at #/x-webhooks: {:?}", generated.warnings));
    assert!(warning.message.contains("ignored"), "{}", warning.message);
}

/// Redoc's convention for 3.0 documents: a root `x-webhooks` map of event name to Path
/// Item, read like 3.1's `webhooks` (typed payloads); signing stays our extension's.
#[test]
fn redoc_x_webhooks_path_items_are_webhooks_like_openapi_31s() {
    let spec = r##"
openapi: 3.0.3
info: {title: Hooks, version: "1"}
paths: {}
x-heron-codegen-webhooks:
  signature: {header: X-Sig, algorithm: hmac-sha256}
x-webhooks:
"##
    .to_owned()
        + &user_created("object");
    let generated = generate(&spec);
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let [event] = webhooks(&generated).events.as_slice() else {
        panic!("one topic: {:?}", webhooks(&generated).events)
    };
    assert_eq!(event.topic, "user.created");
    let payload = type_named(&generated.api, "UserCreatedWebhook");
    assert_eq!(
        payload.pointer,
        "#/x-webhooks/userCreated/post/requestBody/content/application~1json/schema"
    );
    field(payload, "data");
    // Without our extension, the Redoc list is a source like any other: one warning.
    let unsigned = generate(&spec.replace(
        "x-heron-codegen-webhooks:\n  signature: {header: X-Sig, algorithm: hmac-sha256}\n",
        "",
    ));
    assert_no_webhook_output(&unsigned);
    assert_eq!(
        unsigned
            .warnings
            .iter()
            .map(|w| &w.location)
            .collect::<Vec<_>>(),
        [&Location::Pointer(
            "#/x-webhooks/userCreated/post".to_owned()
        )]
    );
}

/// A callback with an `x-` key and one given as a `$ref` to `#/components/callbacks` are
/// valid OpenAPI: both are read, and the deliveries behind the `$ref` are found (once,
/// however many operations share it).
#[test]
fn callbacks_with_extensions_and_ref_callbacks_are_read() {
    let spec = r##"
openapi: 3.0.3
info: {title: Hooks, version: "1"}
paths:
  /users:
    put:
      responses: {"200": {description: ok}}
      callbacks:
        onData:
          x-internal: true
          $url:
            post:
              x-webhook-topics: [user.created]
              requestBody:
                content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}
              responses: {"200": {description: ok}}
        onBilling:
          $ref: '#/components/callbacks/Billing'
  /teams:
    put:
      responses: {"200": {description: ok}}
      callbacks:
        onBilling:
          $ref: '#/components/callbacks/Billing'
components:
  callbacks:
    Billing:
      x-owner: billing
      '{$request.body#/url}':
        post:
          x-webhook-topics: [invoice.paid]
          requestBody:
            content: {application/json: {schema: {type: object, properties: {amount: {type: number}}}}}
          responses: {"200": {description: ok}}
x-heron-codegen-webhooks:
  signature: {header: X-Sig, algorithm: hmac-sha256}
"##;
    let generated = generate(spec);
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let topics: Vec<&str> = webhooks(&generated)
        .events
        .iter()
        .map(|e| e.topic.as_str())
        .collect();
    assert_eq!(topics, ["user.created", "invoice.paid"]);
    let billing = type_named(&generated.api, "InvoicePaidWebhook");
    assert!(
        billing
            .pointer
            .starts_with("#/components/callbacks/Billing/"),
        "{}",
        billing.pointer
    );
    field(billing, "amount");
}

/// A topic is spec text: a CR or a bidi control in it reaches the event's docs as a space
/// or written out, so `src/webhooks/mod.rs` stays Rust and shows no hidden text.
#[test]
fn control_characters_in_a_topic_leave_the_events_file_valid_rust() {
    let spec = WITH_CALLBACKS.replace("pdf.parsed", "\"pdf\\r.parsed\\u202E\"");
    let generated = generate(&with_extension(&spec, EXTENSION));
    let events = file(&generated, "src/webhooks/mod.rs");
    assert!(syn::parse_file(events).is_ok(), "not valid Rust:\n{events}");
    assert!(!events.contains('\u{202E}'), "{events}");
    assert!(events.contains("/// `pdf .parsed\\u{202E}`"), "{events}");
}
