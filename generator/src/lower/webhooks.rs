//! Receiving webhooks: the `x-heron-codegen-webhooks` extension, the callbacks (3.0), the
//! top-level `webhooks` (3.1) and Redoc's root `x-webhooks` map (the same in 3.0
//! documents), lowered into the topics of one `Event` enum and their payload types.
//!
//! OpenAPI has no way to say how deliveries are signed, so the generator is told with an
//! extension at the root of the document, which a user adds through an OpenAPI Overlay
//! when the spec is not theirs:
//!
//! ```yaml
//! x-heron-codegen-webhooks:
//!   signature:
//!     header: Heron-Signature   # required
//!     algorithm: hmac-sha256    # required; the only algorithm supported
//!     encoding: base64          # base64 (default) or hex
//!   topic-field: topic          # the envelope field naming the topic (default `topic`)
//!   topics: '#/components/schemas/WebhookSchema/properties/topic'  # optional string enum
//! ```
//!
//! A callback's or webhook's operation gives the payload (its JSON request body) of the
//! topics it lists in `x-webhook-topics: [..]`, or else of the values of its payload's
//! topic field when that is a string enum. The event enum has a variant for every topic
//! of `topics` and of the callbacks; a topic no callback gives a payload for carries the
//! raw JSON. Without the extension nothing is generated (deliveries cannot be verified
//! without knowing the scheme), with one warning when the spec has callbacks or webhooks.
//!
//! A root `x-webhooks` is read by its content: with our extension's shape (a `signature`,
//! and no keys but `signature`, `topic-field` and `topics`) it is that extension under its
//! first name; as a map of event name to Path Item (Redoc's convention) it lists
//! deliveries, like 3.1's `webhooks`; anything else is another tool's and is ignored with
//! a warning. Callbacks given as a `$ref` (to `#/components/callbacks/...`) are followed,
//! and a callback's `x-` keys are extensions, not expressions.

use openapiv3::{ReferenceOr, RequestBody, Schema, SchemaKind, Type};
use serde_json::Value;

use super::naming::Candidate;
use super::schema::{self, Context};
use super::{media, names, Lowerer};
use crate::diagnostics::Pointer;
use crate::ir::{Direction, SignatureEncoding, TypeRef, Usage, WebhookEvent, Webhooks};

const EXTENSION: &str = "x-heron-codegen-webhooks";
/// A root extension of this name is ours under its first name, Redoc's list of webhooks,
/// or another tool's, told apart by its content (`Legacy`).
const LEGACY_EXTENSION: &str = "x-webhooks";
const TOPICS_EXTENSION: &str = "x-webhook-topics";
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

pub(crate) fn lower_webhooks(lw: &mut Lowerer) -> Option<Webhooks> {
    let legacy = Legacy::of(lw.tree.get(LEGACY_EXTENSION));
    if legacy == Legacy::Foreign {
        lw.warning(
            &Pointer::root().join(LEGACY_EXTENSION),
            format!(
                "`{LEGACY_EXTENSION}` is neither heron-codegen's settings nor a map of webhook \
                 Path Items (another tool's extension?); ignored"
            ),
        );
    }
    let sources = sources(lw.tree, legacy == Legacy::PathItems);
    let (config, root) = match (lw.tree.get(EXTENSION), legacy) {
        (Some(config), _) => (Some(config), Pointer::root().join(EXTENSION)),
        (None, Legacy::Ours) => (
            lw.tree.get(LEGACY_EXTENSION),
            Pointer::root().join(LEGACY_EXTENSION),
        ),
        (None, _) => (None, Pointer::root().join(EXTENSION)),
    };
    let Some(config) = config else {
        if let Some(first) = sources.first() {
            lw.warning(
                first,
                format!(
                    "{} callback or webhook operation(s) not generated: no `{EXTENSION}` extension says how deliveries are signed",
                    sources.len()
                ),
            );
        }
        return None;
    };
    let (header, encoding) = signature(lw, config, &root)?;
    let topic_field = match config.get("topic-field") {
        None => "topic".to_owned(),
        Some(Value::String(field)) => field.clone(),
        Some(_) => {
            lw.error(&root.join("topic-field"), "expected a string");
            return None;
        }
    };

    // Topics in order: the topic list, then those only the callbacks name.
    let mut topics: Vec<String> = listed_topics(lw, config, &root);
    let mut payloads: Vec<(String, TypeRef)> = Vec::new();
    for source in &sources {
        let Some((schema, pointer)) = payload_schema(lw, source) else {
            continue;
        };
        let source_topics = source_topics(lw, source, &schema, &topic_field);
        let Some(first) = source_topics.first() else {
            lw.warning(
                source,
                format!("this delivery names no topic (no `{TOPICS_EXTENSION}` and no `{topic_field}` enum in its payload); no event uses its payload"),
            );
            continue;
        };
        let ctx = Context {
            name: names::upper_camel(&format!("{first} webhook"), "Webhook"),
            module: lw.claim_module(&names::module(&format!("{first} webhook"))),
            usage: Usage::Only(Direction::Response),
            pointer,
            fallback_doc: Some(format!("The payload of the `{first}` webhook.")),
        };
        let ty = schema::lower_ref(lw, (&schema).into(), &ctx);
        for topic in source_topics {
            if payloads.iter().any(|(known, _)| *known == topic) {
                lw.warning(
                    source,
                    format!("topic `{topic}` already has a payload from an earlier delivery; this one is not used for it"),
                );
                continue;
            }
            if !topics.contains(&topic) {
                topics.push(topic.clone());
            }
            payloads.push((topic, ty.clone()));
        }
    }
    if topics.is_empty() {
        lw.warning(
            &root,
            "no topics: neither `topics` nor any callback or webhook names one; nothing is generated",
        );
        return None;
    }

    let candidates: Vec<Candidate> = topics
        .iter()
        .map(|topic| Candidate {
            key: topic.clone(),
            suggested: names::upper_camel(topic, "Topic"),
            fallback: None,
        })
        .collect();
    let variants = lw.naming.webhook_events(&candidates);
    let events = topics
        .into_iter()
        .zip(variants)
        .map(|(topic, variant)| WebhookEvent {
            payload: payloads
                .iter()
                .find(|(known, _)| *known == topic)
                .map(|(_, ty)| ty.clone()),
            topic,
            variant,
        })
        .collect();
    Some(Webhooks {
        header,
        encoding,
        topic_field,
        events,
    })
}

/// What a root `x-webhooks` holds, told apart by its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Legacy {
    Absent,
    /// Our extension under its first name.
    Ours,
    /// Redoc's convention: event name -> Path Item, as 3.1's `webhooks`.
    PathItems,
    /// Another tool's content.
    Foreign,
}

impl Legacy {
    fn of(value: Option<&Value>) -> Legacy {
        const OURS: [&str; 3] = ["signature", "topic-field", "topics"];
        const PATH_ITEM: [&str; 5] = ["summary", "description", "servers", "parameters", "$ref"];
        let Some(value) = value else {
            return Legacy::Absent;
        };
        let Some(map) = value.as_object().filter(|map| !map.is_empty()) else {
            return Legacy::Foreign;
        };
        if map.contains_key("signature") && map.keys().all(|key| OURS.contains(&key.as_str())) {
            return Legacy::Ours;
        }
        let path_item = |item: &Value| {
            item.as_object().is_some_and(|item| {
                item.keys().all(|key| {
                    METHODS.contains(&key.as_str())
                        || PATH_ITEM.contains(&key.as_str())
                        || key.starts_with("x-")
                })
            })
        };
        if map.values().all(path_item) {
            Legacy::PathItems
        } else {
            Legacy::Foreign
        }
    }
}

/// The operations of every callback (`#/paths/P/M/callbacks/N/E/M2`, or where its `$ref`
/// leads), 3.1 webhook (`#/webhooks/N/M`) and, when `redoc`, entry of the root
/// `x-webhooks` map (`#/x-webhooks/N/M`), in document order, each once.
fn sources(tree: &Value, redoc: bool) -> Vec<Pointer> {
    let mut found = Vec::new();
    let operations = |item: &Value, at: &Pointer, found: &mut Vec<Pointer>| {
        for method in METHODS {
            let source = at.join(method);
            if item.get(method).is_some_and(Value::is_object) && !found.contains(&source) {
                found.push(source);
            }
        }
    };
    let paths = Pointer::root().join("paths");
    for (path, item) in entries(tree.get("paths")) {
        for method in METHODS {
            let at = paths.join(path).join(method);
            let callbacks = item.get(method).and_then(|op| op.get("callbacks"));
            for (name, callback) in entries(callbacks) {
                let Some((callback, at)) = follow(tree, callback, at.join("callbacks").join(name))
                else {
                    continue;
                };
                for (expression, item) in entries(Some(callback)) {
                    if !expression.starts_with("x-") {
                        operations(item, &at.join(expression), &mut found);
                    }
                }
            }
        }
    }
    let lists = ["webhooks"]
        .into_iter()
        .chain(redoc.then_some(LEGACY_EXTENSION));
    for list in lists {
        let at = Pointer::root().join(list);
        for (name, item) in entries(tree.get(list)) {
            operations(item, &at.join(name), &mut found);
        }
    }
    found
}

/// A callback, or what its local `$ref` (a chain of them) leads to, with its pointer.
fn follow<'t>(tree: &'t Value, value: &'t Value, at: Pointer) -> Option<(&'t Value, Pointer)> {
    let (mut value, mut at) = (value, at);
    for _ in 0..super::limits::REFERENCE_CHAIN {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            return Some((value, at));
        };
        at = Pointer::from_ref(reference)?;
        value = tree.pointer(reference.strip_prefix('#')?)?;
    }
    None
}

fn entries(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    value.and_then(Value::as_object).into_iter().flatten()
}

fn signature(
    lw: &mut Lowerer,
    config: &Value,
    root: &Pointer,
) -> Option<(String, SignatureEncoding)> {
    let at = root.join("signature");
    let text = |field: &str| config.get("signature")?.get(field)?.as_str();
    let Some(header) = text("header") else {
        lw.error(
            &at.join("header"),
            "expected the name of the header carrying the signature",
        );
        return None;
    };
    if !header
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b))
        || header.is_empty()
    {
        lw.error(
            &at.join("header"),
            format!("`{header}` is not an HTTP header name"),
        );
        return None;
    }
    match text("algorithm") {
        Some("hmac-sha256") => {}
        other => {
            lw.error(
                &at.join("algorithm"),
                format!("expected `hmac-sha256`, found {}", describe(other)),
            );
            return None;
        }
    }
    let encoding = match text("encoding") {
        None | Some("base64") => SignatureEncoding::Base64,
        Some("hex") => SignatureEncoding::Hex,
        Some(other) => {
            lw.error(
                &at.join("encoding"),
                format!("expected `base64` or `hex`, found `{other}`"),
            );
            return None;
        }
    };
    Some((header.to_owned(), encoding))
}

fn describe(value: Option<&str>) -> String {
    value.map_or_else(|| "nothing".to_owned(), |value| format!("`{value}`"))
}

/// The values of the string enum `topics` points at.
fn listed_topics(lw: &mut Lowerer, config: &Value, root: &Pointer) -> Vec<String> {
    let Some(topics) = config.get("topics") else {
        return Vec::new();
    };
    let at = root.join("topics");
    let values = topics
        .as_str()
        .and_then(|reference| lw.deserialize_at::<Schema>(reference))
        .and_then(|schema| string_enum(&schema));
    values.unwrap_or_else(|| {
        lw.error(
            &at,
            "expected a `$ref`-style pointer to a string enum schema",
        );
        Vec::new()
    })
}

fn string_enum(schema: &Schema) -> Option<Vec<String>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
            Some(string.enumeration.iter().flatten().cloned().collect())
        }
        _ => None,
    }
}

/// The JSON schema of a delivery's request body, and where its inline types are keyed.
fn payload_schema(lw: &mut Lowerer, source: &Pointer) -> Option<(ReferenceOr<Schema>, Pointer)> {
    let at = source.join("requestBody");
    let body = lw.deserialize_at::<RequestBody>(at.as_str());
    let Some(body) = body else {
        lw.warning(
            source,
            "this delivery has no request body; no event uses it",
        );
        return None;
    };
    let json = body
        .content
        .into_iter()
        .find(|(media, _)| media::is_json(media));
    match json {
        Some((media, content)) => {
            let pointer = at.join("content").join(&media).join("schema");
            Some((
                content.schema.unwrap_or(ReferenceOr::Item(any_schema())),
                pointer,
            ))
        }
        None => {
            lw.warning(source, "this delivery's body is not JSON; no event uses it");
            None
        }
    }
}

fn any_schema() -> Schema {
    Schema {
        schema_data: Default::default(),
        schema_kind: SchemaKind::Any(Default::default()),
    }
}

/// `x-webhook-topics` on the operation, else the payload's topic field when it is a string
/// enum.
fn source_topics(
    lw: &mut Lowerer,
    source: &Pointer,
    schema: &ReferenceOr<Schema>,
    topic_field: &str,
) -> Vec<String> {
    let listed = lw
        .tree
        .pointer(source.as_str().trim_start_matches('#'))
        .and_then(|op| op.get(TOPICS_EXTENSION));
    if let Some(listed) = listed {
        let topics: Option<Vec<String>> = listed.as_array().and_then(|items| {
            items
                .iter()
                .map(|t| t.as_str().map(str::to_owned))
                .collect()
        });
        return topics.unwrap_or_else(|| {
            lw.error(
                &source.join(TOPICS_EXTENSION),
                "expected a list of topic strings",
            );
            Vec::new()
        });
    }
    let Some(payload) = lw.schema(schema.into()) else {
        return Vec::new();
    };
    let field = match &payload.schema_kind {
        SchemaKind::Type(Type::Object(object)) => object.properties.get(topic_field),
        SchemaKind::Any(any) => any.properties.get(topic_field),
        _ => None,
    };
    field
        .and_then(|field| lw.schema(field.into()))
        .and_then(|field| string_enum(&field))
        .unwrap_or_default()
}
