//! The crate's previous release: `CHANGELOG.md` as committed at a git revision, and the
//! API of the spec (with its names file and overlay) as committed there. `generate` and
//! `check` follow it with this generation's version (`generator::release`).

use std::path::Path;

use generator::ir::Api;
use generator::release::Previous;
use generator::source::Source;
use generator::{Diagnostic, Location, NameBook, Options};

use crate::error::{Error, Problem};
use crate::spec_files::{Read, SpecFiles};

/// The changelog's name, in the crate's folder.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// The release the crate in `folder` was last generated as. With a `revision`, the
/// changelog and the spec as committed there, when both are; otherwise the changelog on
/// disk with its API unknown (the version is kept). `None` when there is no changelog:
/// the next release is the first.
pub(crate) fn previous_release(
    files: &SpecFiles,
    folder: &Path,
    revision: Option<&str>,
) -> Result<Option<Previous>, Error> {
    let path = folder.join(CHANGELOG);
    let committed = revision.filter(|revision| files.committed_at(revision));
    let (changelog, api) = match committed {
        Some(revision) => match crate::git_tree::read_at(&path, revision) {
            Ok(text) => (text, Some(at_revision(files, revision)?.api)),
            Err(_) => return Ok(None),
        },
        None => match std::fs::read_to_string(&path) {
            Ok(text) => (text, None),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(Error::io(&path, format!("cannot read: {err}"))),
        },
    };
    Previous::new(&changelog, api).map(Some).map_err(|wrong| {
        Error::Invalid(vec![Problem {
            file: path.display().to_string(),
            diagnostic: Diagnostic::error(
                Location::LineColumn {
                    line: wrong.line,
                    column: 1,
                },
                wrong.message,
            ),
        }])
    })
}

/// One side of a comparison: the generated API and the names it used.
pub(crate) struct Side {
    pub api: Api,
    /// What `diff` (the command) generates the new side with when it has no names file.
    #[cfg_attr(not(feature = "cli"), allow(dead_code))]
    pub names: NameBook,
}

/// The spec as committed at `revision`, every file of it from that tree.
pub(crate) fn at_revision(files: &SpecFiles, revision: &str) -> Result<Side, Error> {
    let tree = files.tree_at(revision)?;
    let shown = format!("{} at {revision}", files.spec.display());
    from_source(&shown, files, &tree, files.companions_at(revision))
}

/// The generated API of the spec whose files `source` holds, or its errors (naming the
/// spec `shown`).
pub(crate) fn from_source(
    shown: &str,
    files: &SpecFiles,
    source: &dyn Source,
    read: Read,
) -> Result<Side, Error> {
    let options = Options {
        crate_name: "diff".into(),
        regenerate_with: "heron-codegen diff".into(),
        names: read.names,
        overlay: read.overlay,
        previous: None,
        package: Default::default(),
    };
    let (_, entry) = files.folder_and_entry();
    generator::generate_files(source, &entry, &options)
        .map(|generated| Side {
            api: generated.api,
            names: generated.names,
        })
        .map_err(|errors| Error::Invalid(files.locate(shown, errors)))
}
