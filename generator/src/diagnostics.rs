//! Located errors and warnings.
//!
//! Every diagnostic names its place: a line and column for syntax errors, a JSON pointer
//! into the document for everything found after parsing.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// 1-based line and column in the spec text.
    LineColumn { line: usize, column: usize },
    /// A JSON pointer such as `#/paths/~1api~1x/put/requestBody`.
    Pointer(String),
    /// 1-based line and column in the names file that goes with the spec.
    NamesFile { line: usize, column: usize },
    /// 1-based line and column in the overlay applied to the spec (`overlay.rs`).
    OverlayLineColumn { line: usize, column: usize },
    /// A JSON pointer into the overlay applied to the spec, e.g. `#/actions/0/target`.
    Overlay(String),
    /// 1-based line and column in another file of a multi-file spec; `file` is relative
    /// to the entry file's folder (`resources/droplets/models/droplet.yml`).
    FileLineColumn {
        file: String,
        line: usize,
        column: usize,
    },
    /// A JSON pointer into another file of a multi-file spec.
    FilePointer { file: String, pointer: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    pub message: String,
    /// The generator used `serde_json::Value` where the spec does give a type.
    pub value_fallback: bool,
}

impl Diagnostic {
    pub fn error(location: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            value_fallback: false,
        }
    }

    pub fn warning(location: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            location,
            message: message.into(),
            value_fallback: false,
        }
    }

    /// A warning that a typed schema became `serde_json::Value`; the message says why.
    pub fn value_fallback(location: Location, why: &str) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            location,
            message: format!("{why}; using `serde_json::Value`"),
            value_fallback: true,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic as the CLI prints it, e.g.
    /// `error: spec/heron.yaml:3:7: did not find expected key`. `file` is the file the
    /// location is in: the names file for [`Location::NamesFile`], the spec otherwise;
    /// a place in another file of a multi-file spec is shown as that file, next to
    /// `file` (`spec/models/pet.yaml:4:9`).
    pub fn display_in<'a>(&'a self, file: &'a str) -> impl fmt::Display + 'a {
        DisplayIn {
            diagnostic: self,
            file,
        }
    }

    pub fn in_names_file(&self) -> bool {
        matches!(self.location, Location::NamesFile { .. })
    }

    /// Whether the place is in the overlay rather than the spec.
    pub fn in_overlay(&self) -> bool {
        matches!(
            self.location,
            Location::Overlay(_) | Location::OverlayLineColumn { .. }
        )
    }
}

struct DisplayIn<'a> {
    diagnostic: &'a Diagnostic,
    file: &'a str,
}

impl fmt::Display for DisplayIn<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match &self.diagnostic.location {
            Location::LineColumn { line, column }
            | Location::NamesFile { line, column }
            | Location::OverlayLineColumn { line, column } => {
                write!(f, "{severity}: {}:{line}:{column}: ", self.file)?
            }
            Location::Pointer(pointer) | Location::Overlay(pointer) => {
                write!(f, "{severity}: {}: {pointer}: ", self.file)?
            }
            Location::FileLineColumn { file, line, column } => write!(
                f,
                "{severity}: {}:{line}:{column}: ",
                beside(self.file, file)
            )?,
            Location::FilePointer { file, pointer } => {
                write!(f, "{severity}: {}: {pointer}: ", beside(self.file, file))?
            }
        }
        f.write_str(&self.diagnostic.message)
    }
}

/// `file` (relative to the entry's folder) as a path next to the entry file `entry`.
fn beside(entry: &str, file: &str) -> String {
    match entry.rsplit_once('/') {
        Some((folder, _)) => format!("{folder}/{file}"),
        None => file.to_owned(),
    }
}

/// Builds JSON pointers (RFC 6901, in URI fragment form) one token at a time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pointer(String);

impl Pointer {
    pub fn root() -> Pointer {
        Pointer("#".to_owned())
    }

    /// The pointer one level deeper, escaping `~` and `/` in `token`.
    pub fn join(&self, token: impl fmt::Display) -> Pointer {
        use fmt::Write;
        // Loading and lowering join a pointer for every node they visit: written in place,
        // one allocation each.
        let mut joined = String::with_capacity(self.0.len() + 24);
        joined.push_str(&self.0);
        joined.push('/');
        let _ = write!(Escaped(&mut joined), "{token}");
        Pointer(joined)
    }

    /// Parses a local `$ref` such as `#/components/schemas/Foo`.
    pub fn from_ref(reference: &str) -> Option<Pointer> {
        reference
            .starts_with("#/")
            .then(|| Pointer(reference.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn location(&self) -> Location {
        Location::Pointer(self.0.clone())
    }
}

/// Writes a reference token as JSON Pointer spells it: `~` as `~0`, `/` as `~1`.
struct Escaped<'a>(&'a mut String);

impl fmt::Write for Escaped<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        for part in text.split_inclusive(['~', '/']) {
            let (head, escape) = if let Some(head) = part.strip_suffix('~') {
                (head, "~0")
            } else if let Some(head) = part.strip_suffix('/') {
                (head, "~1")
            } else {
                (part, "")
            };
            self.0.push_str(head);
            self.0.push_str(escape);
        }
        Ok(())
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Pointer;

    #[test]
    fn joined_tokens_escape_tilde_then_slash() {
        let paths = Pointer::root().join("paths");
        assert_eq!(paths.join("/pets/{id}").as_str(), "#/paths/~1pets~1{id}");
        assert_eq!(paths.join("a~1/~").as_str(), "#/paths/a~01~1~0");
        assert_eq!(paths.join(3).as_str(), "#/paths/3");
    }
}
