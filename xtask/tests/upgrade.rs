//! A realistic upgrade of the full Heron spec, as Heron publishes them: operationIds
//! added, operations reordered, `nullable` flipped, optional properties and parameters
//! added, an operation with an existing summary added before it, one operation removed.
//! Regenerated with the names file the old spec wrote, the only change that breaks
//! callers is the removed operation.

mod support;

use generator::diff::{diff, Verdict};
use generator::Options;
use serde_json::{json, Value};

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

/// The old and new specs of the upgrade, both derived from the published spec.
fn upgrade(published: &Value) -> (Value, Value) {
    let mut new = published.clone();
    // New: eight operations gain an operationId that differs from their summary's name.
    let mut given = 0;
    for item in new["paths"]
        .as_object_mut()
        .into_iter()
        .flat_map(|p| p.values_mut())
    {
        for method in METHODS {
            let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else {
                continue;
            };
            if given < 8 && !op.contains_key("operationId") {
                op.insert(
                    "operationId".into(),
                    json!(format!("heronOperation{given}")),
                );
                given += 1;
            }
        }
    }

    let mut old = published.clone();
    let paths = old["paths"].as_object_mut().expect("paths");
    // An operation whose summary another one shares, listed first: new in the upgrade.
    let mut seen = std::collections::BTreeSet::new();
    let mut first_of_pair = None;
    'find: for (path, item) in paths.iter() {
        for method in METHODS {
            let Some(summary) = item[method]["summary"].as_str() else {
                continue;
            };
            if !seen.insert(summary.to_owned()) {
                break 'find;
            }
            if summary == "Get EndUser emails" {
                first_of_pair = Some((path.clone(), method));
            }
        }
    }
    let (path, method) = first_of_pair.expect("a summary two operations share");
    if let Some(item) = paths.get_mut(&path).and_then(Value::as_object_mut) {
        item.remove(method);
    }
    // One operation the new spec no longer has.
    paths.insert(
        "/api/legacy/report".into(),
        json!({"get": {"summary": "Get the legacy report", "responses": {"204": {"description": "OK"}}}}),
    );
    // Reordered: the old document lists its paths the other way round.
    let reversed: serde_json::Map<String, Value> = paths
        .iter()
        .rev()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    *paths = reversed;
    // Nullable flips on optional properties, and optional properties the new spec adds.
    let (mut flipped, mut removed) = (0, 0);
    for schema in old["components"]["schemas"]
        .as_object_mut()
        .expect("schemas")
        .values_mut()
    {
        let required: Vec<String> = schema["required"]
            .as_array()
            .map(|r| {
                r.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
            continue;
        };
        let optional: Vec<String> = properties
            .keys()
            .filter(|k| !required.contains(k))
            .cloned()
            .collect();
        for name in optional {
            let Some(property) = properties.get_mut(&name).and_then(Value::as_object_mut) else {
                continue;
            };
            if property.contains_key("$ref") || property.contains_key("allOf") {
                continue;
            }
            if flipped < 60 {
                let nullable = property.get("nullable").and_then(Value::as_bool) == Some(true);
                property.insert("nullable".into(), json!(!nullable));
                flipped += 1;
            } else if removed < 20 && properties.len() > 1 {
                // A schema keeps at least one property, or it would change kind.
                properties.remove(&name);
                removed += 1;
            }
        }
    }
    // Optional query parameters the new spec adds.
    let mut dropped = 0;
    for item in old["paths"]
        .as_object_mut()
        .into_iter()
        .flat_map(|p| p.values_mut())
    {
        for method in METHODS {
            let Some(params) = item
                .get_mut(method)
                .and_then(|op| op.get_mut("parameters"))
                .and_then(Value::as_array_mut)
            else {
                continue;
            };
            params.retain(|p| {
                let optional_query = p["in"] == "query" && p["required"] != true;
                let drop = optional_query && dropped < 10;
                dropped += usize::from(drop);
                !drop
            });
        }
    }
    (old, new)
}

#[test]
fn a_realistic_upgrade_of_the_full_heron_spec_breaks_callers_only_where_the_api_broke() {
    let Some(path) =
        support::outside_input("HERON_FULL_SPEC", "../shared/heron/heron-openapi.json")
    else {
        return;
    };
    let published: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("JSON");
    let (old, new) = upgrade(&published);
    // Kept for comparing with other versions of the generator by hand.
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("upgrade");
    std::fs::create_dir_all(&dir).expect("dir");
    for (name, spec) in [("old.json", &old), ("new.json", &new)] {
        std::fs::write(dir.join(name), spec.to_string()).expect("write spec");
    }

    let options = |names: Option<String>| Options {
        crate_name: "heron-client".into(),
        regenerate_with: "cargo test".into(),
        names,
        overlay: None,
        previous: None,
        package: Default::default(),
    };
    let before = generator::generate(&old.to_string(), &options(None)).expect("old generates");
    let after = generator::generate(
        &new.to_string(),
        &options(Some(before.names.render("heron.yaml"))),
    )
    .expect("new generates");
    let changes = diff(&before.api, &after.api);
    let count = |verdict: Verdict| changes.iter().filter(|c| c.verdict == verdict).count();
    println!(
        "upgrade: {} changes; {} compatible, {} break compilation only, {} break the wire, {} silently",
        changes.len(),
        count(Verdict::Compatible),
        count(Verdict::BreaksCompilation),
        count(Verdict::BreaksWire),
        count(Verdict::BreaksWireSilently),
    );
    // Besides the removed operation, what breaks is what the new spec forbids: a property
    // that is no longer nullable loses the setter that sent an explicit `null` (readers
    // see the same `Option<T>` either way).
    let breaking: Vec<String> = changes
        .iter()
        .filter(|c| c.breaking() && c.description != "no longer nullable")
        .map(|c| format!("{} {} [{}]", c.subject, c.description, c.verdict.as_str()))
        .collect();
    assert_eq!(
        breaking,
        ["Client::get_legacy_report removed (`GET /api/legacy/report`) [breaks the wire]"],
        "only the removed operation may break callers"
    );
    assert!(changes
        .iter()
        .filter(|c| c.description == "no longer nullable")
        .all(|c| c.verdict == Verdict::BreaksCompilation && c.reason.contains("_null` setter")));
    // What the upgrade did shows up as compatible changes: names kept, additions.
    let described = |text: &str| {
        changes
            .iter()
            .filter(|c| c.description.contains(text))
            .count()
    };
    assert_eq!(described("name kept"), 8, "{changes:#?}");
    assert!(described("optional field added") >= 20);
    assert_eq!(described("new optional parameter"), 10);
    assert!(described("nullable") >= 60);
    assert_eq!(
        described("added (`GET"),
        1,
        "the operation with a shared summary"
    );
}
