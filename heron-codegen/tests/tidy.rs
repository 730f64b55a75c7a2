//! The repository's layout rules: no hand-written `.rs` file over 600 lines; no import
//! cycle between the files of `heron-codegen/src` or of `xtask/src` (a file may use the
//! files it declares or sits beside, but two files never use each other, directly or
//! through others; `mod.rs` dispatches to its children and the children share what they
//! need through a sibling, never through `mod.rs` or the crate root), nor between the
//! stages of `generator/src` (each top-level module, file or folder; inside a stage's
//! folder is its own business); and ARCHITECTURE.md names only files that exist and
//! every top-level module and workspace member.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 600;

/// Every `.rs` file under `dir`, relative to it, `/`-separated.
fn rust_files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current).expect("read a folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(dir).expect("under dir");
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}

/// The module path of a file: `main.rs`/`lib.rs` -> [], `a.rs` and `a/mod.rs` -> [a].
fn module_of(file: &str) -> Vec<String> {
    let mut parts: Vec<String> = file
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_owned)
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "main" | "lib")
    ) {
        parts.pop();
    }
    parts
}

/// The paths a file names through `crate::`, `super::` or `self::`, made absolute
/// (module segments from the crate root), its `#[cfg(test)] mod tests` left out.
fn paths_named(file: &str, text: &str) -> Vec<Vec<String>> {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    let module = module_of(file);
    // A `mod.rs`, `main.rs` or `lib.rs` is its module; any other file's `super` is its
    // module's parent too.
    let own = module.clone();
    let parent: Vec<String> = module
        .iter()
        .take(module.len().saturating_sub(1))
        .cloned()
        .collect();
    let mut found = Vec::new();
    for (prefix, base) in [
        ("crate::", Vec::new()),
        ("super::", parent),
        ("self::", own),
    ] {
        let mut rest = text;
        while let Some(at) = rest.find(prefix) {
            let preceded_by_ident = rest[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
            rest = &rest[at + prefix.len()..];
            if preceded_by_ident {
                continue;
            }
            for path in expand(rest) {
                found.push(base.iter().cloned().chain(path).collect());
            }
        }
    }
    found
}

/// The paths at the start of `text` (after `crate::`): `a::b`, or each path of a group
/// `{a::b, c::{d, e}}`.
fn expand(text: &str) -> Vec<Vec<String>> {
    let mut segments = Vec::new();
    let mut rest = text;
    loop {
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let end = group
                .char_indices()
                .find(|&(_, c)| {
                    depth += match c {
                        '{' => 1,
                        '}' => -1,
                        _ => 0,
                    };
                    depth == 0
                })
                .map_or(group.len(), |(i, _)| i);
            let mut items = Vec::new();
            let (mut start, mut depth) = (0, 0);
            for (i, c) in group[..end].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        items.push(&group[start..i]);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            items.push(&group[start..end]);
            return items
                .into_iter()
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .flat_map(expand)
                .map(|path| segments.iter().cloned().chain(path).collect())
                .collect();
        }
        let ident: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if ident.is_empty() {
            break;
        }
        rest = &rest[ident.len()..];
        segments.push(ident);
        match rest.strip_prefix("::") {
            Some(after) => rest = after,
            None => break,
        }
    }
    vec![segments]
}

/// The file a path leads to: the file of its longest prefix that is a module.
fn file_of(path: &[String], modules: &BTreeMap<Vec<String>, String>) -> Option<String> {
    (0..=path.len())
        .rev()
        .find_map(|len| modules.get(&path[..len]).cloned())
}

/// A cycle in the files' import graph, if any, as the files along it.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        file: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|f| f == file) {
            let mut found = path[start..].to_vec();
            found.push(file.to_owned());
            return Some(found);
        }
        if done.contains(file) {
            return None;
        }
        path.push(file.to_owned());
        for next in graph.get(file).into_iter().flatten() {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(file.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|file| visit(file, graph, &mut Vec::new(), &mut done))
}

fn import_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let files = rust_files(src);
    let modules: BTreeMap<Vec<String>, String> = files
        .iter()
        .map(|file| (module_of(file), file.clone()))
        .collect();
    let mut graph = BTreeMap::new();
    for file in &files {
        let text = fs::read_to_string(src.join(file)).expect("read a source file");
        let uses: BTreeSet<String> = paths_named(file, &text)
            .iter()
            .filter_map(|path| file_of(path, &modules))
            .filter(|target| target != file)
            .collect();
        graph.insert(file.clone(), uses);
    }
    graph
}

/// The top-level module (stage) of a file of `generator/src`: its first folder or its
/// file name; `lib.rs`, the driver that declares and runs every stage, is its own.
fn stage_of(file: &str) -> String {
    let first = file.split('/').next().unwrap_or(file);
    first.strip_suffix(".rs").unwrap_or(first).to_owned()
}

/// The items a crate root defines or re-exports (`pub use a::{B, C}` -> `B` is `a::B`):
/// a `crate::B` path leads to `a`, a `crate::Options` path to the root itself, and any
/// other `crate::` text (the generated crate's paths that emitters write inside
/// `quote!`) is not an import of this crate at all.
fn root_names(root: &str) -> BTreeMap<String, Vec<String>> {
    let mut names = BTreeMap::new();
    for line in root.lines().map(str::trim_start) {
        if let Some(used) = line.strip_prefix("pub use ") {
            for path in expand(used) {
                if let Some(name) = path.last() {
                    names.insert(name.clone(), path.clone());
                }
            }
            continue;
        }
        let line = line.strip_prefix("pub ").unwrap_or(line);
        for keyword in [
            "struct ", "enum ", "fn ", "type ", "trait ", "const ", "static ",
        ] {
            if let Some(rest) = line.strip_prefix(keyword) {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                names.insert(name.clone(), vec![name]);
            }
        }
    }
    names
}

/// The import graph of `generator/src` between its stages (each top-level module, file or
/// folder); imports inside a stage's own folder are the stage's business.
fn stage_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let files = rust_files(src);
    let modules: BTreeMap<Vec<String>, String> = files
        .iter()
        .map(|file| (module_of(file), file.clone()))
        .collect();
    let root = fs::read_to_string(src.join("lib.rs")).expect("read lib.rs");
    let root_names = root_names(&root);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let text = fs::read_to_string(src.join(file)).expect("read a source file");
        let stage = stage_of(file);
        let uses = graph.entry(stage.clone()).or_default();
        for path in paths_named(file, &text) {
            let path = match path.first().map(|first| root_names.get(first)) {
                Some(Some(item)) => item.iter().chain(&path[1..]).cloned().collect(),
                _ => path,
            };
            let Some(target) = file_of(&path, &modules) else {
                continue;
            };
            // A path into the root that names nothing the root defines is not this
            // crate's: it is text an emitter writes for the generated crate.
            let defined_in_root = path
                .first()
                .is_some_and(|first| root_names.contains_key(first));
            if target == "lib.rs" && !defined_in_root {
                continue;
            }
            let target = stage_of(&target);
            if target != stage {
                uses.insert(target);
            }
        }
    }
    graph
}

fn crate_sources() -> [PathBuf; 2] {
    let repository = support::repository();
    [
        repository.join("heron-codegen/src"),
        repository.join("xtask/src"),
    ]
}

#[test]
fn no_file_imports_a_file_that_imports_it_back() {
    for src in crate_sources() {
        let graph = import_graph(&src);
        assert!(graph.len() > 5, "{}: too few files found", src.display());
        if let Some(cycle) = cycle(&graph) {
            panic!("{}: an import cycle: {}", src.display(), cycle.join(" -> "));
        }
    }
}

/// `generator/src`'s stages (load, lower, ir, split, features, rust_types, emit, format,
/// write and their helpers) import each other one way: no stage imports a stage that
/// imports it back, directly or through others.
#[test]
fn no_stage_of_the_generator_imports_a_stage_that_imports_it_back() {
    let src = support::repository().join("generator/src");
    let graph = stage_graph(&src);
    assert!(graph.len() > 10, "too few stages found: {graph:?}");
    assert!(
        graph["write"].contains("lib") && graph["emit"].contains("ir"),
        "the checker misses imports: {graph:?}"
    );
    if let Some(cycle) = cycle(&graph) {
        panic!(
            "generator/src: an import cycle between stages: {}",
            cycle.join(" -> ")
        );
    }
}

/// The checker itself finds what it is for: a `crate::` use back into the root, a group
/// import, and `super::` from a child.
#[test]
fn the_checker_sees_each_kind_of_path() {
    assert_eq!(
        paths_named("cli/fetch.rs", "use crate::cli::{compare, exit::{reported, Exit}};\nuse super::generate::Job;\nlet x = crate::paths::portable(a);\n#[cfg(test)]\nmod tests { use crate::config; }"),
        [
            vec!["cli", "compare"],
            vec!["cli", "exit", "reported"],
            vec!["cli", "exit", "Exit"],
            vec!["paths", "portable"],
            vec!["cli", "generate", "Job"],
        ]
    );
    let graph = BTreeMap::from([
        ("main.rs".to_owned(), BTreeSet::from(["a.rs".to_owned()])),
        ("a.rs".to_owned(), BTreeSet::from(["b/mod.rs".to_owned()])),
        (
            "b/mod.rs".to_owned(),
            BTreeSet::from(["main.rs".to_owned()]),
        ),
    ]);
    assert_eq!(
        cycle(&graph).map(|files| files.join(" -> ")).as_deref(),
        Some("a.rs -> b/mod.rs -> main.rs -> a.rs")
    );
}

/// Every `.rs` file of the repository a person writes: everything but build output,
/// installed packages and the generated crates' sources (whose first line says
/// `@generated`: their size is the spec's).
fn handwritten_rust_files() -> Vec<String> {
    let repository = support::repository();
    let mut found = Vec::new();
    let mut stack = vec![repository.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("read a folder") {
            let path = entry.expect("an entry").path();
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if path.is_dir() {
                if !(name.starts_with('.') || name == "target" || name == "node_modules") {
                    stack.push(path);
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = fs::read_to_string(&path).expect("read a source file");
            if !text.starts_with("// @generated") {
                let relative = path.strip_prefix(&repository).expect("in the repository");
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn no_file_is_over_600_lines() {
    let repository = support::repository();
    let files = handwritten_rust_files();
    for expected in [
        "generator/src/lib.rs",
        "runtime/src/runtime/mock.rs",
        "fuzz/src/lib.rs",
    ] {
        assert!(
            files.iter().any(|file| file == expected),
            "{expected} not checked"
        );
    }
    assert!(
        !files
            .iter()
            .any(|file| file.starts_with("generated-client/src/")),
        "the generated crate's sources are the spec's size, not a person's"
    );
    let too_long: Vec<String> = files
        .iter()
        .filter_map(|file| {
            let lines = fs::read_to_string(repository.join(file))
                .expect("read")
                .lines()
                .count();
            (lines > MAX_LINES).then(|| format!("{file} has {lines} lines"))
        })
        .collect();
    assert!(
        too_long.is_empty(),
        "at most {MAX_LINES} lines a file: {}",
        too_long.join(", ")
    );
}
