//! `heron-codegen.toml`: a generation's options, written once in the generated crate's
//! folder. Every key is a flag of `generate` (README.md, "The config file").

use std::path::{Path, PathBuf};

use generator::{Diagnostic, Location};
use serde::Deserialize;

use crate::error::{Error, Problem};

/// The config file's name, in the generated crate's folder.
pub const CONFIG_FILE: &str = "heron-codegen.toml";

/// A config file, its paths made relative to the current folder (they are written
/// relative to the file's own folder).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// The file itself.
    pub path: PathBuf,
    pub spec: Option<PathBuf>,
    pub name: Option<String>,
    pub names: Option<PathBuf>,
    pub overlay: Option<PathBuf>,
    pub url: Option<String>,
    /// The crate's license (an SPDX expression); without one it is not publishable.
    pub license: Option<String>,
    /// The repository the crate lives in.
    pub repository: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Keys {
    spec: Option<String>,
    name: Option<String>,
    names: Option<String>,
    overlay: Option<String>,
    url: Option<String>,
    license: Option<String>,
    repository: Option<String>,
}

impl Config {
    /// The config file in `folder`, or `None` when there is none.
    pub fn in_folder(folder: &Path) -> Result<Option<Config>, Error> {
        let path = if folder == Path::new(".") {
            PathBuf::from(CONFIG_FILE)
        } else {
            folder.join(CONFIG_FILE)
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&path, &text).map(Some),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(err) => Err(Error::io(&path, err)),
        }
    }

    /// Reads the config file at `path`.
    pub fn read(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|err| Error::io(path, err))?;
        Config::parse(path, &text)
    }

    /// The config file `text`, read from `path`: errors are located in it.
    pub fn parse(path: &Path, text: &str) -> Result<Config, Error> {
        let keys: Keys = toml::from_str(text).map_err(|err| {
            let (line, column) = err
                .span()
                .map_or((1, 1), |span| line_column(text, span.start));
            // toml's message ends with a period and may span lines; ours are one line.
            let message = err.message().trim_end_matches('.').replace('\n', " ");
            Error::Config(Problem {
                file: path.display().to_string(),
                diagnostic: Diagnostic::error(Location::LineColumn { line, column }, message),
            })
        })?;
        // `./heron-codegen.toml` names its paths as written, not `./x`.
        let folder = path
            .parent()
            .filter(|folder| *folder != Path::new("."))
            .unwrap_or(Path::new(""));
        let relative = |value: Option<String>| value.map(|value| folder.join(value));
        Ok(Config {
            path: path.to_path_buf(),
            spec: relative(keys.spec),
            name: keys.name,
            names: relative(keys.names),
            overlay: relative(keys.overlay),
            url: keys.url,
            license: keys.license,
            repository: keys.repository,
        })
    }
}

/// The 1-based line and column of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit_once('\n')
        .map_or(before, |(_, last)| last)
        .chars()
        .count()
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_file() {
        let config = Config::parse(
            Path::new("clients/pets/heron-codegen.toml"),
            "spec = \"../../vendor/pets.yaml\"\nname = \"pets\"\nnames = \"pets.names.toml\"\n",
        )
        .expect("a valid config");
        assert_eq!(
            config.spec.as_deref(),
            Some(Path::new("clients/pets/../../vendor/pets.yaml"))
        );
        assert_eq!(
            config.names.as_deref(),
            Some(Path::new("clients/pets/pets.names.toml"))
        );
        assert_eq!(config.name.as_deref(), Some("pets"));
        assert_eq!(config.overlay, None);
    }

    #[test]
    fn errors_name_the_file_line_and_column() {
        let cases = [
            (
                "spec = \"a.yaml\"\nnmae = \"x\"\n",
                "heron-codegen.toml:2:1: unknown field `nmae`",
            ),
            (
                "spec = 3\n",
                "heron-codegen.toml:1:8: invalid type: integer `3`, expected a string",
            ),
            ("spec = \"a.yaml\n", "heron-codegen.toml:1:"),
        ];
        for (text, expected) in cases {
            let error = Config::parse(Path::new("heron-codegen.toml"), text)
                .expect_err(text)
                .to_string();
            assert!(
                error.starts_with(&format!("error: {expected}")),
                "{text:?}: {error}"
            );
            assert_eq!(error.lines().count(), 1, "{error}");
        }
    }
}
