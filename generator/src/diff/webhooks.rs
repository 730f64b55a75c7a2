//! Webhook events: the variants of `webhooks::Event` (keyed by topic), their payloads,
//! and how deliveries are signed.

use super::{compare, Change, Paired, Verdict};
use crate::ir::{Api, WebhookEvent, Webhooks};
use crate::rust_types::RustType;

pub(super) fn diff(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    let (was, is) = match (&old.webhooks, &new.webhooks) {
        (None, None) => return,
        (None, Some(_)) => {
            changes.push(change(
                Verdict::Compatible,
                "webhooks".into(),
                "the `webhooks` module is new: the API sends webhooks".into(),
                "",
            ));
            return;
        }
        (Some(_), None) => {
            changes.push(change(
                Verdict::BreaksCompilation,
                "webhooks".into(),
                "the `webhooks` module is gone: the spec no longer describes webhooks".into(),
                "code that receives them no longer compiles",
            ));
            return;
        }
        (Some(was), Some(is)) => (was, is),
    };
    if (&was.header, was.encoding, &was.topic_field) != (&is.header, is.encoding, &is.topic_field) {
        changes.push(change(
            Verdict::BreaksWireSilently,
            "webhooks::Event".into(),
            format!(
                "deliveries are signed in `{}` ({:?}) with the topic in `{}`, instead of `{}` ({:?}) and `{}`",
                is.header, is.encoding, is.topic_field, was.header, was.encoding, was.topic_field
            ),
            "receivers built with the old crate check the old signature: every delivery fails verification",
        ));
    }
    for pair in compare(keyed(was), keyed(is)) {
        match pair {
            Paired::Added(event) => changes.push(change(
                Verdict::Compatible,
                subject(event),
                format!("event `{}` added", event.topic),
                "`Event` is `#[non_exhaustive]`; older receivers decode it into `Event::Other`",
            )),
            Paired::Removed(event) => changes.push(change(
                Verdict::BreaksCompilation,
                subject(event),
                format!("event `{}` removed", event.topic),
                "code that matches the variant no longer compiles; such a delivery decodes into `Event::Other`",
            )),
            Paired::Kept(before, after) => {
                if before.variant != after.variant {
                    changes.push(change(
                        Verdict::BreaksCompilation,
                        subject(after),
                        format!("renamed from `Event::{}`", before.variant),
                        "code that matches the old variant no longer compiles",
                    ));
                }
                let (then, now) = (payload(old, before), payload(new, after));
                if then != now {
                    changes.push(change(
                        Verdict::BreaksWire,
                        subject(after),
                        format!("payload changed from `{then}` to `{now}`"),
                        "code reading the payload sees another type, and old receivers decode the old one",
                    ));
                }
            }
        }
    }
}

fn keyed(webhooks: &Webhooks) -> Vec<(String, &WebhookEvent)> {
    webhooks
        .events
        .iter()
        .map(|event| (event.topic.clone(), event))
        .collect()
}

/// The payload's Rust type: its model, or `serde_json::Value` where the spec gives none.
fn payload(api: &Api, event: &WebhookEvent) -> String {
    match &event.payload {
        Some(ty) => RustType::of(api, ty).to_string(),
        None => "Value".to_owned(),
    }
}

fn subject(event: &WebhookEvent) -> String {
    format!("webhooks::Event::{}", event.variant)
}

fn change(verdict: Verdict, subject: String, description: String, reason: &str) -> Change {
    Change {
        verdict,
        group: "Webhooks".into(),
        subject,
        description,
        reason: reason.into(),
    }
}
