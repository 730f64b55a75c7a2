//! Callbacks are read from the JSON tree (`lower/webhooks.rs`), never through `openapiv3`,
//! which models a callback as a plain map of Path Items: a valid callback with an `x-`
//! key, or one given as a `$ref`, fails to deserialize there ("expected struct
//! PathItem"). So they are taken out of the tree while `openapiv3` reads it and put back
//! afterwards, unchanged.

use serde_json::Value;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Where each callback map was taken from, to put it back.
pub(super) struct Detached(Vec<(Vec<String>, Value)>);

/// Takes out every operation's `callbacks` and `#/components/callbacks`.
pub(super) fn detach(tree: &mut Value) -> Detached {
    let mut taken = Vec::new();
    let paths: Vec<String> = keys(tree.get("paths"));
    for path in paths {
        for method in METHODS {
            let at = ["paths", path.as_str(), method, "callbacks"];
            if let Some(callbacks) = take(tree, &at) {
                taken.push((at.map(str::to_owned).to_vec(), callbacks));
            }
        }
    }
    let at = ["components", "callbacks"];
    if let Some(callbacks) = take(tree, &at) {
        taken.push((at.map(str::to_owned).to_vec(), callbacks));
    }
    Detached(taken)
}

/// Puts back what `detach` took.
pub(super) fn reattach(tree: &mut Value, detached: Detached) {
    for (at, callbacks) in detached.0 {
        let Some((last, parents)) = at.split_last() else {
            continue;
        };
        let parent = parents
            .iter()
            .try_fold(&mut *tree, |node, key| node.get_mut(key.as_str()));
        if let Some(map) = parent.and_then(Value::as_object_mut) {
            map.insert(last.clone(), callbacks);
        }
    }
}

fn keys(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_object)
        .map(|map| map.keys().cloned().collect())
        .unwrap_or_default()
}

fn take(tree: &mut Value, at: &[&str]) -> Option<Value> {
    let (last, parents) = at.split_last()?;
    let mut node = tree;
    for key in parents {
        node = node.get_mut(*key)?;
    }
    node.as_object_mut()?.shift_remove(*last)
}
