//! What can go wrong, as values: every problem located in the file it is in.

use std::fmt;
use std::path::{Path, PathBuf};

use generator::Diagnostic;

/// One error or warning, with the file it is in as messages name it (the path as given:
/// the spec, another file of a multi-file spec, the names file, the overlay or the config
/// file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file the diagnostic's location is in (for a place in another file of a
    /// multi-file spec, the entry file: `Display` shows the other file beside it).
    pub file: String,
    pub diagnostic: Diagnostic,
}

impl Problem {
    pub fn is_error(&self) -> bool {
        self.diagnostic.is_error()
    }
}

impl fmt::Display for Problem {
    /// `error: FILE:LINE:COLUMN: message` or `error: FILE: #/json/pointer: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.diagnostic.display_in(&self.file).fmt(f)
    }
}

/// Why a generation, a check or a comparison did not happen. Nothing was written.
#[derive(Debug)]
pub enum Error {
    /// The spec, its names file or its overlay is wrong: every error found.
    Invalid(Vec<Problem>),
    /// The config file is wrong.
    Config(Problem),
    /// A file could not be read or written.
    Io { path: PathBuf, message: String },
    /// In a build script: the package's `Cargo.toml` lacks dependencies or features the
    /// generated code uses; `missing` holds each line to add, under its table's header.
    Manifest { path: PathBuf, missing: Vec<String> },
    /// Nothing says which spec to read (no `spec` in the config file, no `--spec`).
    NoSpec(String),
}

impl Error {
    pub(crate) fn io(path: &Path, err: impl fmt::Display) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            message: err.to_string(),
        }
    }
}

impl fmt::Display for Error {
    /// One line per problem, each starting with `error: ` and the file it is in.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(problems) => {
                let lines: Vec<String> = problems.iter().map(Problem::to_string).collect();
                f.write_str(&lines.join("\n"))
            }
            Error::Config(problem) => problem.fmt(f),
            Error::Io { path, message } => write!(f, "error: {}: {message}", path.display()),
            Error::Manifest { path, missing } => write!(
                f,
                "error: {}: the generated code needs these lines, which it lacks:\n{}",
                path.display(),
                missing.join("\n")
            ),
            Error::NoSpec(message) => write!(f, "error: {message}"),
        }
    }
}

impl std::error::Error for Error {}
