//! Stage 1: spec text -> `openapiv3::OpenAPI`.
//!
//! JSON and YAML both arrive here. Syntax errors carry a line and column; the version
//! check runs on the untyped tree so that a Swagger 2.0 document gets a message about its
//! version rather than about some field deep inside it. An OpenAPI 3.1 tree is then
//! rewritten into the 3.0 shape (`v31.rs`), and the schema bounds no Rust integer holds
//! are dropped (`bounds.rs`), both with located warnings; shape errors from
//! deserialization carry the JSON pointer of the offending value.

mod bounds;
mod bundle;
mod callbacks;
mod reference;
mod v31;
mod walk;
mod yaml;

use openapiv3::OpenAPI;
use serde::Deserialize;
use serde_path_to_error::Segment;

use crate::diagnostics::{Diagnostic, Location, Pointer};
use crate::source::Source;

pub use bundle::Origins;

/// A parsed document: typed, and as the JSON tree it came from (for `$ref`s that point
/// somewhere the typed model has no place for, like `#/components/parameters/x/schema`).
pub struct Loaded {
    pub document: OpenAPI,
    pub tree: serde_json::Value,
    /// What was rewritten or left out on the way (3.1 constructs, unusable bounds).
    pub warnings: Vec<Diagnostic>,
    /// Where the parts of a multi-file spec came from, to locate diagnostics.
    pub origins: Origins,
    /// The component names of schemas brought in from other files -> the name their
    /// type is suggested from.
    pub hoisted: std::collections::HashMap<String, String>,
}

/// The OpenAPI versions the loader reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Version {
    V30,
    V31,
}

/// Loads the spec whose entry file is `entry` in `source`, with the files its `$ref`s
/// name (`bundle.rs`).
pub fn load_files(
    source: &dyn Source,
    entry: &str,
    overlay: Option<&str>,
) -> Result<Loaded, Diagnostic> {
    let text = source.read(entry).map_err(|why| {
        Diagnostic::error(
            Pointer::root().location(),
            format!("cannot read the spec `{entry}`: {why}"),
        )
    })?;
    load_text(source, entry, &text, overlay)
}

/// Loads a spec that is one text; a `$ref` to another file cannot be read.
pub fn load(text: &str, overlay: Option<&str>) -> Result<Loaded, Diagnostic> {
    load_text(&crate::source::InMemory::default(), ENTRY, text, overlay)
}

/// The entry's name when the spec is one text.
const ENTRY: &str = "openapi.yaml";

fn load_text(
    source: &dyn Source,
    entry: &str,
    text: &str,
    overlay: Option<&str>,
) -> Result<Loaded, Diagnostic> {
    let tree = parse(text)?;
    let (tree, origins, hoisted) = if bundle::has_external_refs(text) {
        let bundled = bundle::bundle(source, entry, tree)?;
        (bundled.tree, bundled.origins, bundled.hoisted)
    } else {
        (tree, Origins::default(), Default::default())
    };
    let mut loaded = load_tree(tree, overlay)?;
    loaded.origins = origins;
    loaded.hoisted = hoisted;
    Ok(loaded)
}

/// JSON or YAML text to its tree.
fn parse(text: &str) -> Result<serde_json::Value, Diagnostic> {
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|err| {
            let location = Location::LineColumn {
                line: err.line(),
                column: err.column(),
            };
            Diagnostic::error(
                location,
                format!("invalid JSON: {}", strip_position(&err.to_string())),
            )
        })
    } else {
        yaml_tree(text)
    }
}

fn load_tree(mut tree: serde_json::Value, overlay: Option<&str>) -> Result<Loaded, Diagnostic> {
    overlay.map_or(Ok(()), |overlay| crate::overlay::apply(&mut tree, overlay))?;
    let version = check_version(
        tree.get("openapi").and_then(|v| v.as_str()),
        tree.get("swagger").is_some(),
        tree.is_object(),
    )?;
    let warnings = match version {
        Version::V31 => v31::normalise(&mut tree),
        Version::V30 => {
            let mut bounds = bounds::Bounds {
                warnings: Vec::new(),
            };
            walk::walk_document(&mut tree, &mut bounds);
            bounds.warnings
        }
    };
    let detached = callbacks::detach(&mut tree);
    // Security schemes are read from the tree (`lower/security.rs`): `openapiv3` refuses
    // OpenAPI 3.1's `mutualTLS`, and a scheme the client cannot send must be a warning.
    let schemes = tree
        .pointer_mut("/components/securitySchemes")
        .map(|schemes| std::mem::replace(schemes, serde_json::Value::Object(Default::default())));
    let document = deserialize(&tree);
    if let (Some(schemes), Some(slot)) = (schemes, tree.pointer_mut("/components/securitySchemes"))
    {
        *slot = schemes;
    }
    callbacks::reattach(&mut tree, detached);
    let document = document?;
    Ok(Loaded {
        document,
        tree,
        warnings,
        origins: Origins::default(),
        hoisted: Default::default(),
    })
}

fn yaml_tree(text: &str) -> Result<serde_json::Value, Diagnostic> {
    let mut tree = yaml::from_str(text).map_err(|err| {
        let location = match err.location() {
            Some(at) => Location::LineColumn {
                line: at.line(),
                column: at.column(),
            },
            None => Location::Pointer(Pointer::root().to_string()),
        };
        Diagnostic::error(
            location,
            format!("invalid YAML: {}", strip_position(&err.to_string())),
        )
    })?;
    // YAML merge keys (`<<: *anchor`) are not applied by the parser itself.
    tree.apply_merge().map_err(|err| {
        Diagnostic::error(
            Pointer::root().location(),
            format!("invalid YAML merge key: {err}"),
        )
    })?;
    // Integer keys (`200:` response codes) become strings, as in JSON.
    serde_json::to_value(tree).map_err(|err| {
        Diagnostic::error(
            Pointer::root().location(),
            format!("YAML document cannot be read as JSON: {err}"),
        )
    })
}

fn check_version(
    openapi: Option<&str>,
    has_swagger: bool,
    is_mapping: bool,
) -> Result<Version, Diagnostic> {
    let root = Pointer::root();
    if !is_mapping {
        return Err(Diagnostic::error(
            root.location(),
            "expected an OpenAPI 3.0 or 3.1 document (a mapping with an `openapi` field), found something else",
        ));
    }
    match openapi {
        Some(version) if version.starts_with("3.0.") || version == "3.0" => Ok(Version::V30),
        Some(version) if version.starts_with("3.1.") || version == "3.1" => Ok(Version::V31),
        Some(version) => Err(Diagnostic::error(
            root.join("openapi").location(),
            format!("unsupported OpenAPI version `{version}`: only OpenAPI 3.0.x and 3.1.x are supported"),
        )),
        None if has_swagger => Err(Diagnostic::error(
            root.join("swagger").location(),
            "found a Swagger 2.0 document: only OpenAPI 3.0.x and 3.1.x are supported (convert it first)",
        )),
        None => Err(Diagnostic::error(
            root.location(),
            "missing `openapi` field: expected an OpenAPI 3.0.x or 3.1.x document",
        )),
    }
}

fn deserialize(tree: &serde_json::Value) -> Result<OpenAPI, Diagnostic> {
    // Tracking the path copies every key on the way down (a sixth more instructions on
    // the full Heron spec), and only an invalid spec needs it: that one is read again.
    if let Ok(document) = OpenAPI::deserialize(tree) {
        return Ok(document);
    }
    serde_path_to_error::deserialize(tree).map_err(|err| {
        let mut pointer = Pointer::root();
        for segment in err.path().iter() {
            pointer = match segment {
                Segment::Seq { index } => pointer.join(index),
                Segment::Map { key } => pointer.join(key),
                Segment::Enum { variant } => pointer.join(variant),
                Segment::Unknown => pointer,
            };
        }
        let (pointer, message) = narrow(tree).unwrap_or((pointer, err.inner().to_string()));
        Diagnostic::error(
            pointer.location(),
            format!("invalid OpenAPI document: {message}"),
        )
    })
}

/// `openapiv3` flattens vendor extensions into most objects, and serde cannot track the
/// path of an error through a flattened struct: the path stops at `#/paths`. Find the
/// operation or component that does not deserialize on its own, for a precise pointer.
fn narrow(tree: &serde_json::Value) -> Option<(Pointer, String)> {
    const METHODS: &[&str] = &[
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let root = Pointer::root();
    for (path, item) in tree.get("paths")?.as_object().into_iter().flatten() {
        for method in METHODS {
            if let Some(operation) = item.get(*method) {
                if let Err(err) = openapiv3::Operation::deserialize(operation) {
                    return Some((root.join("paths").join(path).join(method), err.to_string()));
                }
            }
        }
    }
    let components = tree.get("components")?;
    for (name, schema) in components
        .get("schemas")
        .and_then(|s| s.as_object())
        .into_iter()
        .flatten()
    {
        if let Err(err) = openapiv3::ReferenceOr::<openapiv3::Schema>::deserialize(schema) {
            return Some((
                root.join("components").join("schemas").join(name),
                err.to_string(),
            ));
        }
    }
    None
}

/// Parser messages end with "at line L column C"; the location is already reported.
/// The parsers' two safety limits get a message that says what they protect against.
fn strip_position(message: &str) -> String {
    let message = message.split(" at line ").next().unwrap_or(message);
    match message {
        "recursion limit exceeded" => {
            "nested more than 128 levels deep, which is more than this parser follows".to_owned()
        }
        "repetition limit exceeded" => {
            "anchors and aliases expand to too much data (a \"billion laughs\" document?)"
                .to_owned()
        }
        other => other.to_owned(),
    }
}
