//! A spec and its companion files: the folder its `$ref`s may name (a spec kept in several
//! files), the names file and the overlay; read from disk or as committed at a git
//! revision. Every command reads a spec through here.

use std::path::{Path, PathBuf};

use generator::source::Folder;
use generator::Diagnostic;

use crate::error::{Error, Problem};

/// A spec's entry file and the files that go with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SpecFiles {
    /// The entry file: the whole spec, or the file of a multi-file spec whose relative
    /// `$ref`s lead to the others (within its folder).
    pub spec: PathBuf,
    /// The names file: read when it exists, written by `generate`.
    pub names: PathBuf,
    /// The overlay.
    pub overlay: PathBuf,
    /// Whether the overlay was named (it must then exist) rather than the default one
    /// beside the spec (applied when present).
    pub overlay_named: bool,
}

/// A spec's text and companions as read, ready for the generator.
pub(crate) struct Read {
    pub names: Option<String>,
    pub overlay: Option<String>,
}

impl SpecFiles {
    /// `spec` with the names file and the overlay given, or else beside it
    /// (`openapi.yaml` -> `openapi.names.toml`, `openapi.overlay.yaml`).
    pub fn new(spec: PathBuf, names: Option<PathBuf>, overlay: Option<PathBuf>) -> SpecFiles {
        SpecFiles {
            names: names.unwrap_or_else(|| spec.with_extension("names.toml")),
            overlay_named: overlay.is_some(),
            overlay: overlay.unwrap_or_else(|| spec.with_extension("overlay.yaml")),
            spec,
        }
    }

    /// The spec's folder (the root of the files its `$ref`s may name) and its entry
    /// file's name in it.
    pub fn folder_and_entry(&self) -> (PathBuf, String) {
        let folder = match self.spec.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let entry = self
            .spec
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        (folder, entry)
    }

    /// The spec's files on disk.
    pub fn folder(&self) -> Folder {
        Folder::new(self.folder_and_entry().0)
    }

    /// The names file and the overlay from disk.
    pub fn read_companions(&self) -> Result<Read, Error> {
        let overlay = read_if_present(&self.overlay)?;
        if overlay.is_none() && self.overlay_named {
            return Err(Error::io(&self.overlay, "no such file"));
        }
        Ok(Read {
            names: read_if_present(&self.names)?,
            overlay,
        })
    }

    /// Each diagnostic with the file it is in, naming the spec `shown`.
    pub fn locate(&self, shown: &str, diagnostics: Vec<Diagnostic>) -> Vec<Problem> {
        diagnostics
            .into_iter()
            .map(|diagnostic| {
                let file = if diagnostic.in_names_file() {
                    self.names.display().to_string()
                } else if diagnostic.in_overlay() {
                    self.overlay.display().to_string()
                } else {
                    shown.to_owned()
                };
                Problem { file, diagnostic }
            })
            .collect()
    }
}

/// The spec's files at a git revision (`diff --base`, and `generate`'s previous release).
impl SpecFiles {
    /// The spec's files as committed at `revision` (of the git work tree the spec is in).
    pub fn tree_at(&self, revision: &str) -> Result<crate::git_tree::GitTree, Error> {
        crate::git_tree::GitTree::open(&self.folder_and_entry().0, revision)
            .map_err(|message| Error::io(&self.spec, format!("at {revision}: {message}")))
    }

    /// The names file and the overlay as committed at `revision`; either is `None` when
    /// it was not there.
    pub fn companions_at(&self, revision: &str) -> Read {
        Read {
            names: crate::git_tree::read_at(&self.names, revision).ok(),
            overlay: crate::git_tree::read_at(&self.overlay, revision).ok(),
        }
    }

    /// Whether the spec's entry file is committed at `revision`.
    pub fn committed_at(&self, revision: &str) -> bool {
        let (_, entry) = self.folder_and_entry();
        self.tree_at(revision)
            .is_ok_and(|tree| generator::source::Source::read(&tree, &entry).is_ok())
    }
}

/// The text of a file, or `None` when there is none.
fn read_if_present(path: &Path) -> Result<Option<String>, Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(Error::io(path, format!("cannot read: {err}"))),
    }
}
