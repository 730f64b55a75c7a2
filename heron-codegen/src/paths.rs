//! Paths as the generated files name them: never a path of one machine, never depending
//! on how the path was spelled.

use std::path::{Component, Path, PathBuf};

/// `path` as generated files name it (the `@generated` line, the names file's header):
/// made absolute, `.` and `..` resolved, and written relative to `anchor` (`/`-separated),
/// or as `.../NAME` when it is elsewhere.
pub(crate) fn portable(path: &Path, anchor: &Path) -> String {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let anchor = resolved(anchor);
    let given = resolved(&absolute);
    match given.strip_prefix(&anchor) {
        Ok(relative) if relative.as_os_str().is_empty() => ".".to_owned(),
        Ok(relative) => relative.to_string_lossy().replace('\\', "/"),
        Err(_) => given.file_name().map_or_else(
            || "PATH".to_owned(),
            |name| format!(".../{}", name.to_string_lossy()),
        ),
    }
}

/// `path` as seen from the folder `from` (`../vendor/openapi.yaml`), for a file in `from`
/// to name it whatever the current folder; `.../NAME` when the two share no folder below
/// the file system's root (the path would spell out this machine's folders).
pub(crate) fn relative(from: &Path, path: &Path) -> String {
    let (from, path) = (resolved(from), resolved(path));
    let common = from
        .components()
        .zip(path.components())
        .take_while(|(a, b)| a == b)
        .count();
    let shared_folder = path
        .components()
        .take(common)
        .filter(|c| matches!(c, Component::Normal(_)))
        .count()
        > 0;
    if !shared_folder {
        return path.file_name().map_or_else(
            || "PATH".to_owned(),
            |name| format!(".../{}", name.to_string_lossy()),
        );
    }
    let up = from.components().count() - common;
    let parts: Vec<String> = std::iter::repeat_n("..".to_owned(), up)
        .chain(
            path.components()
                .skip(common)
                .map(|c| c.as_os_str().to_string_lossy().into_owned()),
        )
        .collect();
    parts.join("/")
}

/// An absolute path with `.` and `..` resolved and symbolic links followed in the part
/// that exists, whether or not the rest does.
pub(crate) fn resolved(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut lexical = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                lexical.pop();
            }
            other => lexical.push(other),
        }
    }
    let mut existing = lexical.as_path();
    let mut missing = Vec::new();
    while existing.canonicalize().is_err() {
        let (Some(parent), Some(name)) = (existing.parent(), existing.file_name()) else {
            return lexical;
        };
        missing.push(name.to_owned());
        existing = parent;
    }
    let mut path = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    path.extend(missing.iter().rev());
    path
}

/// The crate name a folder suggests: its name as a Cargo package name (`client-` in
/// front when it does not start with a letter).
pub(crate) fn crate_name_for(folder: &Path) -> String {
    // The name as written (`pets`), or for `.` and `..` the folder's own.
    let stem = folder
        .file_name()
        .map(ToOwned::to_owned)
        .or_else(|| resolved(folder).file_name().map(ToOwned::to_owned))
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = package_slug(&stem);
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("client-{name}")
    }
}

/// A Cargo package name from any text: lowercase ASCII letters and digits, `-` for the rest.
fn package_slug(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relative_path_climbs_only_within_a_shared_folder() {
        assert_eq!(
            relative(
                Path::new("/projects/repo/client"),
                Path::new("/projects/repo/vendor/heron.yaml")
            ),
            "../vendor/heron.yaml"
        );
        assert_eq!(
            relative(
                Path::new("/projects/repo/spec"),
                Path::new("/projects/repo/spec/heron.yaml")
            ),
            "heron.yaml"
        );
        assert_eq!(
            relative(Path::new("/tmp/client"), Path::new("/home/me/heron.yaml")),
            ".../heron.yaml"
        );
    }
}
