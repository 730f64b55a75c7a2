//! What `bundle.rs` needs to know about one reference: the file it leads to (refused
//! when it leaves the spec's folder, is absolute or is a URL), the pointer inside it, the
//! name a type takes from it, and the line a bad one is written on.

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Location, Pointer};

/// `path` resolved against the folder of `from`, both relative to the tree's root; an
/// error says why it is refused.
pub(super) fn resolve_path(from: &str, path: &str) -> Result<String, String> {
    if path.contains("://") || path.starts_with("//") {
        return Err("URLs are not followed (the generator reads no network)".to_owned());
    }
    let drive = path.as_bytes().get(1) == Some(&b':');
    if path.starts_with('/') || path.starts_with('\\') || drive {
        return Err("absolute paths are not followed, only paths relative to the file".to_owned());
    }
    let mut segments: Vec<&str> = from.split('/').collect();
    segments.pop();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if segments.pop().is_none() {
                    return Err("it leaves the folder of the spec's entry file".to_owned());
                }
            }
            name => segments.push(name),
        }
    }
    Ok(segments.join("/"))
}

/// The name a type takes from a hoisted schema: the pointer's last token, else the
/// file's stem (`models/droplet.yml` -> `droplet`).
pub(super) fn suggested(file: &str, fragment: &str) -> String {
    match fragment
        .rsplit('/')
        .next()
        .filter(|token| !token.is_empty())
    {
        Some(token) => token.replace("~1", "/").replace("~0", "~"),
        None => {
            let name = file.rsplit('/').next().unwrap_or(file);
            name.split('.').next().unwrap_or(name).to_owned()
        }
    }
}

/// A fragment as a `Pointer` (`#` + fragment).
pub(super) fn inner_pointer(fragment: &str) -> Pointer {
    fragment
        .split('/')
        .skip(1)
        .fold(Pointer::root(), |pointer, token| {
            pointer.join(token.replace("~1", "/").replace("~0", "~"))
        })
}

/// Percent-escapes in a fragment (`#/paths/~1pets%7Bid%7D`) decoded, for `Value::pointer`.
pub(super) fn unescape_fragment(fragment: &str) -> String {
    if !fragment.contains('%') {
        return fragment.to_owned();
    }
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (byte, hex) {
            (b'%', Some(decoded)) => {
                out.push(decoded);
                index += 3;
            }
            _ => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A syntax error in another file, located in that file.
pub(super) fn in_file(error: Diagnostic, file: &str) -> Diagnostic {
    let location = match error.location {
        Location::LineColumn { line, column } => Location::FileLineColumn {
            file: file.to_owned(),
            line,
            column,
        },
        Location::Pointer(pointer) => Location::FilePointer {
            file: file.to_owned(),
            pointer,
        },
        other => other,
    };
    Diagnostic { location, ..error }
}

/// The line and column of the `$ref` value of the object at `pointer` in a file's text:
/// the occurrence of that reference string in the text whose rank among the equal
/// references is the object's rank in document order (maps keep their order).
pub(super) fn line_of_ref(text: &str, tree: &Value, pointer: &str) -> Option<(usize, usize)> {
    let reference = tree
        .pointer(pointer.strip_prefix('#')?)
        .and_then(|node| node.get("$ref"))
        .and_then(Value::as_str);
    let (reference, rank) = match reference {
        Some(reference) => (reference, rank_of(tree, pointer, reference)),
        // The file is not parsed yet (the entry) or the node moved: the first mention.
        None => return None,
    };
    let mut seen = 0;
    for (number, line) in text.lines().enumerate() {
        let Some(at) = line.find("$ref") else {
            continue;
        };
        let Some(column) = line.get(at..)?.find(reference).map(|c| c + at) else {
            continue;
        };
        if seen == rank {
            return Some((number + 1, column + 1));
        }
        seen += 1;
    }
    None
}

/// How many `$ref`s equal to `reference` come before the one at `pointer`.
fn rank_of(tree: &Value, pointer: &str, reference: &str) -> usize {
    fn visit(node: &Value, at: &Pointer, target: &str, reference: &str, count: &mut usize) -> bool {
        if at.as_str() == target {
            return true;
        }
        match node {
            Value::Object(map) => {
                if map.get("$ref").and_then(Value::as_str) == Some(reference) {
                    *count += 1;
                }
                map.iter()
                    .any(|(key, value)| visit(value, &at.join(key), target, reference, count))
            }
            Value::Array(items) => items
                .iter()
                .enumerate()
                .any(|(index, value)| visit(value, &at.join(index), target, reference, count)),
            _ => false,
        }
    }
    let mut count = 0;
    visit(tree, &Pointer::root(), pointer, reference, &mut count);
    count
}
