//! Structured overlays: actions whose JSONPath targets hit nodes of the spec (schema names,
//! paths and methods from the spec itself), miss them, or select with `*`, and that
//! `update` (with a schema, an `x-` extension, a `security` list, a scalar) or `remove`,
//! with some actions malformed (both, neither, `remove: false`, a bad version).

use arbitrary::Arbitrary;
use serde_json::{json, Value};

use crate::security::{requirements, Requirement};
use crate::spec::{Name, Shape, Spec};

#[derive(Arbitrary, Debug)]
pub struct Overlay {
    version: u8,
    actions: Vec<Action>,
}

#[derive(Arbitrary, Debug)]
struct Action {
    target: Target,
    edit: Edit,
}

#[derive(Arbitrary, Debug)]
enum Target {
    Steps(Vec<Step>),
    /// Anything at all, JSONPath or not.
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum Step {
    /// `.name`, or `['name']` when the name needs quoting.
    Key(Key),
    /// `['name']` (or `["name"]`) even when `.name` would do.
    Quoted(Key, bool),
    Index(u8),
    /// `.*` or `[*]`.
    Any(bool),
}

#[derive(Arbitrary, Debug)]
enum Key {
    /// A key every spec of `spec.rs` has somewhere (`paths`, `properties`, ...).
    Known(u8),
    Schema(Name),
    /// The path of one of the spec's operations.
    Path(u8),
    Method(u8),
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum Edit {
    Update(Update),
    Remove,
    /// `remove: false` beside an update: allowed.
    KeepAndUpdate(Update),
    /// Both `update` and `remove: true`, or neither: refused.
    Both(Update),
    Neither,
}

#[derive(Arbitrary, Debug)]
enum Update {
    Schema(Shape),
    Extension(String, ExtensionValue),
    Security(Vec<Requirement>),
    Scalar(String),
    List(Vec<String>),
    Null,
}

/// A value of an `x-` extension.
#[derive(Arbitrary, Debug)]
enum ExtensionValue {
    Flag(bool),
    Text(String),
    Number(i64),
}

const KNOWN_KEYS: &[&str] = &[
    "paths",
    "components",
    "schemas",
    "properties",
    "securitySchemes",
    "security",
    "parameters",
    "responses",
    "requestBody",
    "content",
    "application/json",
    "schema",
    "items",
    "info",
    "type",
    "required",
    "200",
    "servers",
    "x-pagination",
];

impl Overlay {
    /// The overlay's text (JSON, which the YAML parser reads too), for `spec`.
    pub fn text(&self, spec: &Spec) -> String {
        let paths: Vec<String> = spec.operation_keys();
        let version = ["1.0.0", "1.1.0", "2.0.0", ""][self.version as usize % 4];
        let actions: Vec<Value> = self
            .actions
            .iter()
            .map(|action| action.document(spec, &paths))
            .collect();
        let mut document = json!({"info": {"title": "fuzz", "version": "1"}, "actions": actions});
        if !version.is_empty() {
            document["overlay"] = json!(version);
        }
        document.to_string()
    }
}

impl Action {
    fn document(&self, spec: &Spec, paths: &[String]) -> Value {
        let target = match &self.target {
            Target::Steps(steps) => {
                let mut target = String::from("$");
                for step in steps {
                    step.write(&mut target, spec, paths);
                }
                target
            }
            Target::Raw(raw) => raw.clone(),
        };
        let mut action = json!({"target": target});
        match &self.edit {
            Edit::Update(update) => action["update"] = update.document(),
            Edit::Remove => action["remove"] = json!(true),
            Edit::KeepAndUpdate(update) => {
                action["update"] = update.document();
                action["remove"] = json!(false);
            }
            Edit::Both(update) => {
                action["update"] = update.document();
                action["remove"] = json!(true);
            }
            Edit::Neither => {}
        }
        action
    }
}

impl Step {
    fn write(&self, target: &mut String, spec: &Spec, paths: &[String]) {
        match self {
            Step::Key(key) => {
                let key = key.text(spec, paths);
                if !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                {
                    target.push('.');
                    target.push_str(&key);
                } else {
                    target.push_str(&format!("['{key}']"));
                }
            }
            Step::Quoted(key, double) => {
                let quote = if *double { '"' } else { '\'' };
                target.push_str(&format!("[{quote}{}{quote}]", key.text(spec, paths)));
            }
            Step::Index(index) => target.push_str(&format!("[{index}]")),
            Step::Any(dot) => target.push_str(if *dot { ".*" } else { "[*]" }),
        }
    }
}

impl Key {
    fn text(&self, spec: &Spec, paths: &[String]) -> String {
        match self {
            Key::Known(index) => KNOWN_KEYS[*index as usize % KNOWN_KEYS.len()].to_owned(),
            Key::Schema(name) => name.text(),
            // `METHOD /path` without its method: the key of the path item.
            Key::Path(index) => match paths.get(*index as usize % paths.len().max(1)) {
                Some(key) => key
                    .split_once(' ')
                    .map_or(key.as_str(), |(_, path)| path)
                    .to_owned(),
                None => spec.schema_names().first().cloned().unwrap_or_default(),
            },
            Key::Method(index) => {
                ["get", "put", "post", "delete", "patch"][*index as usize % 5].to_owned()
            }
            Key::Raw(raw) => raw.clone(),
        }
    }
}

impl Update {
    fn document(&self) -> Value {
        match self {
            Update::Schema(shape) => crate::spec::schema_document(shape),
            Update::Extension(name, value) => {
                let value = match value {
                    ExtensionValue::Flag(flag) => json!(flag),
                    ExtensionValue::Text(text) => json!(text),
                    ExtensionValue::Number(number) => json!(number),
                };
                json!({format!("x-{name}"): value})
            }
            Update::Security(alternatives) => json!({"security": requirements(alternatives)}),
            Update::Scalar(text) => json!(text),
            Update::List(items) => json!(items),
            Update::Null => Value::Null,
        }
    }
}
