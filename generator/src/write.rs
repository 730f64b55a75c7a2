//! Stage 6: files -> disk. The only stage that touches the file system.
//!
//! Writes are all-or-nothing as far as a file system allows: every changed file is first
//! written beside its target under a temporary name, and only when all of them are on
//! disk are they renamed into place. A file whose contents are already right is not
//! touched, so its mtime stays and cargo rebuilds nothing. Generated files that the new
//! output no longer contains are removed; files without the `@generated` marker never are.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use similar::TextDiff;

use crate::format::GENERATED_MARKER;
use crate::OutputFile;

/// What a write changed, or in check mode, would change.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub written: Vec<String>,
    pub removed: Vec<String>,
    pub unchanged: usize,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.written.is_empty() && self.removed.is_empty()
    }
}

/// Writes `files` under `dir`, changing only what differs.
pub fn write(dir: &Path, files: &[OutputFile]) -> io::Result<Changes> {
    let plan = plan(dir, files)?;
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| {
        for file in &plan.changed {
            let target = dir.join(&file.path);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            let temporary = target.with_extension(format!("{}.tmp-codegen", extension(&target)));
            staged.push((temporary.clone(), target));
            fs::write(&temporary, &file.contents)?;
        }
        Ok(())
    })();
    if let Err(err) = result {
        for (temporary, _) in &staged {
            let _ = fs::remove_file(temporary);
        }
        return Err(err);
    }
    for (temporary, target) in &staged {
        fs::rename(temporary, target)?;
    }
    for stale in &plan.stale {
        fs::remove_file(dir.join(stale))?;
    }
    Ok(Changes {
        written: plan.changed.iter().map(|f| f.path.clone()).collect(),
        removed: plan.stale,
        unchanged: plan.unchanged,
    })
}

/// Compares `files` with `dir` without writing; returns a unified diff per difference.
pub fn check(dir: &Path, files: &[OutputFile]) -> io::Result<Vec<String>> {
    let plan = plan(dir, files)?;
    let mut diffs = Vec::new();
    for file in &plan.changed {
        let old = read_if_exists(&dir.join(&file.path))?.unwrap_or_default();
        diffs.push(unified_diff(&file.path, &old, &file.contents));
    }
    for stale in &plan.stale {
        let old = read_if_exists(&dir.join(stale))?.unwrap_or_default();
        diffs.push(unified_diff(stale, &old, ""));
    }
    Ok(diffs)
}

/// Writes one file that is not part of a crate (the names file next to the spec) the same
/// way: only when its contents change, through a temporary file renamed into place.
pub fn write_file(path: &Path, contents: &str) -> io::Result<bool> {
    if read_if_exists(path)?.is_some_and(|existing| normalize_newlines(&existing) == contents) {
        return Ok(false);
    }
    let temporary = path.with_extension(format!("{}.tmp-codegen", extension(path)));
    fs::write(&temporary, contents)?;
    fs::rename(&temporary, path).inspect_err(|_| {
        let _ = fs::remove_file(&temporary);
    })?;
    Ok(true)
}

/// Compares one file with `contents` without writing: a unified diff labelled `label`
/// when they differ.
pub fn check_file(path: &Path, label: &str, contents: &str) -> io::Result<Option<String>> {
    let existing = read_if_exists(path)?.unwrap_or_default();
    Ok((normalize_newlines(&existing) != contents)
        .then(|| unified_diff(label, &existing, contents)))
}

struct Plan<'a> {
    changed: Vec<&'a OutputFile>,
    stale: Vec<String>,
    unchanged: usize,
}

fn plan<'a>(dir: &Path, files: &'a [OutputFile]) -> io::Result<Plan<'a>> {
    let mut changed = Vec::new();
    let mut unchanged = 0;
    for file in files {
        match read_if_exists(&dir.join(&file.path))? {
            Some(existing) if normalize_newlines(&existing) == file.contents => unchanged += 1,
            _ => changed.push(file),
        }
    }
    let wanted: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut stale = Vec::new();
    collect_generated(dir, &dir.join("src"), &mut stale)?;
    stale.retain(|path| !wanted.contains(path.as_str()));
    stale.sort();
    Ok(Plan {
        changed,
        stale,
        unchanged,
    })
}

/// Relative paths of files under `current` whose first line carries the marker.
fn collect_generated(root: &Path, current: &Path, found: &mut Vec<String>) -> io::Result<()> {
    let entries = match fs::read_dir(current) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(err),
    };
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            collect_generated(root, &path, found)?;
        } else if path.extension().is_some_and(|e| e == "rs") && is_generated(&path)? {
            if let Ok(relative) = path.strip_prefix(root) {
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                found.push(parts.join("/"));
            }
        }
    }
    Ok(())
}

fn is_generated(path: &Path) -> io::Result<bool> {
    let text = fs::read_to_string(path).unwrap_or_default();
    Ok(text
        .lines()
        .next()
        .is_some_and(|line| line.contains(GENERATED_MARKER)))
}

fn read_if_exists(path: &Path) -> io::Result<Option<String>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(err),
    }
}

/// A checkout with `core.autocrlf` must not look stale.
fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n")
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn unified_diff(path: &str, old: &str, new: &str) -> String {
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}
