//! ARCHITECTURE.md matches the code: every file or folder it names exists, and it names
//! every workspace member and every top-level module of the crates a reader starts from.
//!
//! A path in backticks is read, in this order, from the repository root (when it has a
//! folder in it: `generator/src/lib.rs`); from a folder the same paragraph or list item
//! named before it, the latest first, or one of that folder's parents, or a `src/` below
//! one of those (a bullet on `generator/src/load/` goes on with `bundle.rs`); and, when it
//! has a folder in it, from any crate of the repository (`src/runtime/` of a generated
//! crate, `examples/soak/` of `runtime-client/`). Placeholders (`PATH.overlay.yaml`,
//! `fuzz/seeds/<target>/`) are not paths.

mod support;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The crate roots whose `mod x;` each need a mention, and their `src/` folders.
const CRATE_ROOTS: [&str; 4] = [
    "generator/src/lib.rs",
    "xtask/src/main.rs",
    "heron-codegen/src/lib.rs",
    "runtime/src/lib.rs",
];

/// The paragraphs and list items of a markdown text, fenced code blocks left out, each
/// as the text in its single backticks.
fn quoted_by_block(markdown: &str) -> Vec<Vec<String>> {
    let prose: String = markdown
        .split("```")
        .step_by(2)
        .collect::<Vec<_>>()
        .join("\n\n");
    prose
        .split("\n\n")
        .flat_map(|paragraph| paragraph.split("\n- "))
        .map(|block| {
            block
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

/// A file or folder name, not a placeholder (`PATH.overlay.yaml`, `fuzz/seeds/<target>/`),
/// an extension (`.rs`), a pattern, a URL path or a type.
fn looks_like_a_path(text: &str) -> bool {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
        && !text.starts_with('/')
        && (!text.starts_with('.') || text.contains('/'))
        && !text.contains("//");
    let placeholder = text
        .split(['/', '.'])
        .any(|part| part.len() > 1 && part.chars().all(|c| c.is_ascii_uppercase() || c == '_'));
    let extension = [
        ".rs", ".toml", ".yaml", ".yml", ".md", ".json", ".sh", ".lock",
    ]
    .iter()
    .any(|ext| text.ends_with(ext));
    plain && !placeholder && (text.contains('/') || extension)
}

/// Every folder with a `Cargo.toml`, relative to the repository.
fn crate_folders(repository: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(dir) = stack.pop() {
        if repository.join(&dir).join("Cargo.toml").is_file() && !dir.as_os_str().is_empty() {
            found.push(dir.clone());
        }
        for entry in fs::read_dir(repository.join(&dir)).expect("read a folder") {
            let entry = entry.expect("an entry");
            let name = entry.file_name().to_string_lossy().into_owned();
            let skipped = name.starts_with('.') || name == "target" || name == "node_modules";
            if entry.path().is_dir() && !skipped {
                stack.push(dir.join(name));
            }
        }
    }
    found.sort();
    found
}

/// Each path ARCHITECTURE.md names, resolved against the repository (relative to it,
/// `/`-separated, folders ending in `/`), and the ones that lead nowhere.
fn resolve_paths(repository: &Path, markdown: &str) -> (BTreeSet<String>, Vec<String>) {
    let crates = crate_folders(repository);
    let (mut resolved, mut missing) = (BTreeSet::new(), Vec::new());
    for block in quoted_by_block(markdown) {
        // The folders this block has named so far, the latest first.
        let mut folders: Vec<PathBuf> = Vec::new();
        for text in block.into_iter().filter(|t| looks_like_a_path(t)) {
            let path = Path::new(text.trim_end_matches('/'));
            let mut bases: Vec<PathBuf> = Vec::new();
            if text.contains('/') {
                bases.push(PathBuf::new());
            }
            for folder in folders.iter().rev() {
                bases.extend(
                    folder
                        .ancestors()
                        .flat_map(|base| [base.to_path_buf(), base.join("src")]),
                );
            }
            // Found in some crate rather than where this block reads: not a folder to
            // read the block's later names from.
            let nearby = bases.len();
            if text.contains('/') {
                bases.extend(crates.iter().cloned());
            }
            let Some((index, found)) = bases
                .iter()
                .map(|base| base.join(path))
                .enumerate()
                .find(|(_, candidate)| repository.join(candidate).exists())
            else {
                missing.push(text);
                continue;
            };
            let is_dir = repository.join(&found).is_dir();
            let mut name = found.to_string_lossy().replace('\\', "/");
            if is_dir {
                name.push('/');
            }
            resolved.insert(name);
            if index < nearby {
                let folder = if is_dir {
                    found
                } else {
                    found.parent().map(Path::to_path_buf).unwrap_or_default()
                };
                folders.push(folder);
            }
        }
    }
    (resolved, missing)
}

/// The file modules a crate root declares (`mod x;`, `pub mod x;`, `pub(crate) mod x;`).
fn declared_modules(root: &str) -> Vec<String> {
    root.lines()
        .map(str::trim)
        .filter_map(|line| {
            let line = line
                .strip_prefix("pub ")
                .or_else(|| line.strip_prefix("pub(crate) "))
                .unwrap_or(line);
            line.strip_prefix("mod ")?
                .strip_suffix(';')
                .map(str::to_owned)
        })
        .collect()
}

/// The workspace's members, as `Cargo.toml` lists them.
fn workspace_members(manifest: &str) -> Vec<String> {
    let list = manifest
        .split("members = [")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .expect("a members list");
    list.split(',')
        .map(|member| member.trim().trim_matches('"').to_owned())
        .filter(|member| !member.is_empty())
        .collect()
}

/// What ARCHITECTURE.md gets wrong: paths that lead nowhere, modules and members it
/// never names.
fn problems(repository: &Path, markdown: &str) -> Vec<String> {
    let (resolved, missing) = resolve_paths(repository, markdown);
    let mut problems: Vec<String> = missing
        .into_iter()
        .map(|text| format!("`{text}` names no file or folder"))
        .collect();
    let mentioned = |path: &str| {
        resolved
            .iter()
            .any(|found| found == path || found.starts_with(&format!("{path}/")))
    };
    for root in CRATE_ROOTS {
        let text = fs::read_to_string(repository.join(root)).expect("read a crate root");
        let src = root.rsplit_once('/').map_or("", |(src, _)| src);
        for module in declared_modules(&text) {
            let (file, folder) = (format!("{src}/{module}.rs"), format!("{src}/{module}"));
            if !(mentioned(&file) || mentioned(&folder)) {
                problems.push(format!(
                    "module `{module}` of {root} ({file} or {folder}/) is not mentioned"
                ));
            }
        }
    }
    let manifest = fs::read_to_string(repository.join("Cargo.toml")).expect("read Cargo.toml");
    for member in workspace_members(&manifest) {
        if !mentioned(&member) {
            problems.push(format!("workspace member `{member}/` is not mentioned"));
        }
    }
    problems
}

#[test]
fn architecture_md_names_what_exists_and_every_module() {
    let repository = support::repository();
    let markdown =
        fs::read_to_string(repository.join("ARCHITECTURE.md")).expect("read ARCHITECTURE.md");
    let problems = problems(&repository, &markdown);
    assert!(
        problems.is_empty(),
        "ARCHITECTURE.md:\n{}",
        problems.join("\n")
    );
}

/// The check sees each kind of mistake: a path that does not exist (from the root and
/// relative to the last folder), a module and a member left unmentioned.
#[test]
fn the_check_sees_a_wrong_path_and_a_missing_module() {
    let repository = support::repository();
    let markdown =
        fs::read_to_string(repository.join("ARCHITECTURE.md")).expect("read ARCHITECTURE.md");
    let wrong =
        format!("{markdown}\n`generator/src/ir.rs`, and in `generator/src/load/`, `bundles.rs`.\n");
    let found = problems(&repository, &wrong);
    assert!(
        found.contains(&"`generator/src/ir.rs` names no file or folder".to_owned()),
        "{found:?}"
    );
    assert!(
        found.contains(&"`bundles.rs` names no file or folder".to_owned()),
        "{found:?}"
    );
    let without_split = markdown
        .replace("split.rs", "")
        .replace("examples/build-script", "");
    let found = problems(&repository, &without_split);
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("module `split` of generator/src/lib.rs")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|p| p.contains("`examples/build-script/`")),
        "{found:?}"
    );
}
