//! OpenAPI Overlay 1.0: edits to a spec one does not own, applied to its JSON tree when it
//! is loaded, before the typed parse. The standard way to add an `x-` extension (a
//! pagination or webhook hint) or to fix a schema without touching the published document.
//!
//! An overlay is a YAML or JSON document `{overlay: 1.0.x, info, actions: [...]}`; each
//! action has a `target` (a JSONPath) and either `update` (merged into every node the
//! target selects: objects merge key by key, recursively; arrays are appended to; anything
//! else is replaced) or `remove: true` (every selected node is taken out of its parent).
//! Actions apply in order, each to the result of the ones before.
//!
//! JSONPath is the subset that names nodes: `$`, `.name`, `['name']` (or `["name"]`, for
//! names with `/`, `{` or dots, as paths have), `[0]`, and `*` / `[*]` for every child.
//! Filter expressions and recursive descent are refused with a located error rather than
//! applied approximately. A target that selects nothing is an error too: it is almost
//! always a typo, and a silently ignored edit is worse than a failed run.

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Location, Pointer};

/// Applies the overlay `text` to `tree`. Errors are located in the overlay document.
pub(crate) fn apply(tree: &mut Value, text: &str) -> Result<(), Diagnostic> {
    let overlay: Value = serde_yaml::from_str(text).map_err(|err| {
        let location =
            err.location()
                .map_or(Location::Overlay(Pointer::root().to_string()), |at| {
                    Location::OverlayLineColumn {
                        line: at.line(),
                        column: at.column(),
                    }
                });
        Diagnostic::error(location, format!("invalid overlay: {err}"))
    })?;
    let root = Pointer::root();
    let located = |pointer: &Pointer, message: String| {
        Diagnostic::error(Location::Overlay(pointer.to_string()), message)
    };
    match overlay.get("overlay").and_then(Value::as_str) {
        Some(version) if version.starts_with("1.") => {}
        Some(version) => {
            return Err(located(
                &root.join("overlay"),
                format!("expected overlay version 1.x, found `{version}`"),
            ))
        }
        None => {
            return Err(located(
                &root,
                "expected an `overlay` version field, found none".to_owned(),
            ))
        }
    }
    let Some(actions) = overlay.get("actions").and_then(Value::as_array) else {
        return Err(located(
            &root.join("actions"),
            "expected a list of actions".to_owned(),
        ));
    };
    for (index, action) in actions.iter().enumerate() {
        let at = root.join("actions").join(index);
        let Some(target) = action.get("target").and_then(Value::as_str) else {
            return Err(located(
                &at.join("target"),
                "expected a JSONPath string".to_owned(),
            ));
        };
        let steps = parse_path(target)
            .map_err(|message| located(&at.join("target"), format!("`{target}`: {message}")))?;
        let selected = select(tree, &steps);
        if selected.is_empty() {
            return Err(located(
                &at.join("target"),
                format!("`{target}` selects nothing in the spec"),
            ));
        }
        match (action.get("remove"), action.get("update")) {
            (Some(Value::Bool(true)), None) => remove(tree, &selected),
            (None | Some(Value::Bool(false)), Some(update)) => {
                for pointer in &selected {
                    if let Some(node) = tree.pointer_mut(pointer) {
                        merge(node, update);
                    }
                }
            }
            _ => {
                return Err(located(
                    &at,
                    "expected exactly one of `update` and `remove: true`".to_owned(),
                ))
            }
        }
    }
    Ok(())
}

/// One step of a JSONPath.
#[derive(Debug, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
    Any,
}

fn parse_path(path: &str) -> Result<Vec<Step>, String> {
    let mut rest = path.strip_prefix('$').ok_or("a JSONPath starts with `$`")?;
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if rest.starts_with("..") {
            return Err("recursive descent (`..`) is not supported".to_owned());
        }
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            let (name, tail) = after.split_at(end);
            steps.push(match name {
                "" => return Err("a `.` must be followed by a name".to_owned()),
                "*" => Step::Any,
                _ => Step::Key(name.to_owned()),
            });
            rest = tail;
        } else if let Some(after) = rest.strip_prefix('[') {
            let (step, tail) = bracket(after)?;
            steps.push(step);
            rest = tail;
        } else {
            return Err(format!("expected `.` or `[`, found `{rest}`"));
        }
    }
    Ok(steps)
}

/// The inside of `[...]` and what follows the `]`.
fn bracket(text: &str) -> Result<(Step, &str), String> {
    for quote in ['\'', '"'] {
        let Some(body) = text.strip_prefix(quote) else {
            continue;
        };
        let (name, tail) = body
            .split_once(quote)
            .ok_or_else(|| format!("unterminated {quote}-quoted name"))?;
        let tail = tail
            .strip_prefix(']')
            .ok_or("expected `]` after a quoted name")?;
        return Ok((Step::Key(name.to_owned()), tail));
    }
    let (inside, tail) = text.split_once(']').ok_or("expected `]`")?;
    if inside == "*" {
        return Ok((Step::Any, tail));
    }
    if inside.starts_with('?') {
        return Err("filter expressions (`[?...]`) are not supported".to_owned());
    }
    inside
        .parse()
        .map(|index| (Step::Index(index), tail))
        .map_err(|_| format!("expected an index, `*` or a quoted name, found `{inside}`"))
}

/// The JSON pointers (RFC 6901, without the `#`) of the nodes `steps` select.
fn select(tree: &Value, steps: &[Step]) -> Vec<String> {
    let mut found = vec![(String::new(), tree)];
    for step in steps {
        found = found
            .into_iter()
            .flat_map(|(pointer, node)| children(node, step, &pointer))
            .collect();
    }
    found.into_iter().map(|(pointer, _)| pointer).collect()
}

fn children<'a>(node: &'a Value, step: &Step, pointer: &str) -> Vec<(String, &'a Value)> {
    let token = |key: &str| format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
    match (step, node) {
        (Step::Key(key), Value::Object(fields)) => fields
            .get(key)
            .map(|child| (token(key), child))
            .into_iter()
            .collect(),
        (Step::Index(index), Value::Array(items)) => items
            .get(*index)
            .map(|child| (token(&index.to_string()), child))
            .into_iter()
            .collect(),
        (Step::Any, Value::Object(fields)) => fields
            .iter()
            .map(|(key, child)| (token(key), child))
            .collect(),
        (Step::Any, Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(index, child)| (token(&index.to_string()), child))
            .collect(),
        _ => Vec::new(),
    }
}

/// Overlay 1.0's update: objects merge recursively, arrays gain the update's items, and
/// anything else is replaced.
fn merge(node: &mut Value, update: &Value) {
    match (node, update) {
        (Value::Object(fields), Value::Object(changes)) => {
            for (key, change) in changes {
                match fields.get_mut(key) {
                    Some(existing) => merge(existing, change),
                    None => {
                        fields.insert(key.clone(), change.clone());
                    }
                }
            }
        }
        (Value::Array(items), Value::Array(more)) => items.extend(more.iter().cloned()),
        (Value::Array(items), single) => items.push(single.clone()),
        (node, update) => *node = update.clone(),
    }
}

/// Removes the selected nodes, array elements from the last to the first so that earlier
/// removals do not shift the indexes of later ones.
fn remove(tree: &mut Value, selected: &[String]) {
    for pointer in selected.iter().rev() {
        let Some((parent, last)) = pointer.rsplit_once('/') else {
            continue;
        };
        let key = last.replace("~1", "/").replace("~0", "~");
        match tree.pointer_mut(parent) {
            Some(Value::Object(fields)) => {
                fields.remove(&key);
            }
            Some(Value::Array(items)) => {
                if let Ok(index) = key.parse::<usize>() {
                    if index < items.len() {
                        items.remove(index);
                    }
                }
            }
            _ => {}
        }
    }
}
