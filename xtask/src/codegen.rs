//! `cargo xtask codegen`: one spec in, one crate out (or a diff, with `--check`).

use std::path::{Path, PathBuf};

use generator::{write, Options};

use crate::scratch::io_failure;
use crate::{project_root, Failure};

pub(crate) struct Codegen {
    /// The default run (`generated-client/` from `spec/heron.yaml`).
    default_project: bool,
    spec: PathBuf,
    out: PathBuf,
    /// The names file, next to the spec (`spec/heron.names.toml`).
    names: PathBuf,
    /// How messages name the spec, the output and the names file: as the user wrote
    /// them, or relative to the project root for the defaults (never a path of one
    /// machine).
    spec_name: String,
    out_name: String,
    names_name: String,
    overlay_name: String,
    options: Options,
    check: bool,
}

pub(crate) fn parse(args: &[String]) -> Result<Codegen, Failure> {
    let (mut spec, mut out, mut name, mut check) = (None, None, None, false);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .cloned()
                .ok_or_else(|| Failure::Usage(format!("`{flag}` needs a value")))
        };
        match arg.as_str() {
            "--spec" => spec = Some(value("--spec")?),
            "--out" => out = Some(value("--out")?),
            "--name" => name = Some(value("--name")?),
            "--check" => check = true,
            other => return Err(Failure::Usage(format!("unexpected argument `{other}`"))),
        }
    }
    let root = project_root();
    match (spec, out) {
        (None, None) => Ok(Codegen {
            spec: root.join("spec/heron.yaml"),
            out: root.join("generated-client"),
            names: root.join("spec/heron.names.toml"),
            default_project: true,
            spec_name: "spec/heron.yaml".to_owned(),
            out_name: "generated-client".to_owned(),
            names_name: "spec/heron.names.toml".to_owned(),
            overlay_name: "spec/heron.overlay.yaml".to_owned(),
            options: Options {
                crate_name: name.unwrap_or_else(|| "heron-client".to_owned()),
                regenerate_with: "cargo xtask codegen".to_owned(),
                names: None,
                overlay: None,
            },
            check,
        }),
        (Some(spec), Some(out)) => {
            let name = name.unwrap_or_else(|| default_crate_name(&out));
            let names_name = names_file_for(Path::new(&spec)).display().to_string();
            let overlay_name = overlay_file_for(Path::new(&spec)).display().to_string();
            Ok(Codegen {
                options: Options {
                    regenerate_with: format!(
                        "cargo xtask codegen --spec {} --out {} --name {name}",
                        portable(&spec, &root),
                        portable(&out, &root)
                    ),
                    crate_name: name,
                    names: None,
                    overlay: None,
                },
                spec: PathBuf::from(&spec),
                out: PathBuf::from(&out),
                names: PathBuf::from(&names_name),
                default_project: false,
                spec_name: spec,
                out_name: out,
                names_name,
                overlay_name,
                check,
            })
        }
        _ => Err(Failure::Usage(
            "`--spec` and `--out` go together".to_owned(),
        )),
    }
}

/// The names file that goes with a spec: `spec/heron.yaml` -> `spec/heron.names.toml`.
pub(crate) fn names_file_for(spec: &Path) -> PathBuf {
    spec.with_extension("names.toml")
}

/// The OpenAPI Overlay applied to a spec when present: `spec/heron.yaml` ->
/// `spec/heron.overlay.yaml` (generator `overlay.rs`).
pub(crate) fn overlay_file_for(spec: &Path) -> PathBuf {
    spec.with_extension("overlay.yaml")
}

/// A path as the `@generated` line names it: generated files must not depend on the
/// machine they were generated on, nor on how the path was spelled (`./out`, `a/../out`,
/// an `--out` that does not exist yet, relative or absolute): the path is made absolute,
/// `.` and `..` are resolved, and it is written relative to the project root, or as
/// `.../NAME` when it is elsewhere.
fn portable(path: &str, root: &Path) -> String {
    let given = Path::new(path);
    let absolute = if given.is_absolute() {
        given.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(given)
    };
    let root = resolved(root);
    let given = resolved(&absolute);
    match given.strip_prefix(&root) {
        Ok(relative) if relative.as_os_str().is_empty() => ".".to_owned(),
        Ok(relative) => relative.to_string_lossy().replace('\\', "/"),
        Err(_) => given.file_name().map_or_else(
            || "PATH".to_owned(),
            |name| format!(".../{}", name.to_string_lossy()),
        ),
    }
}

/// An absolute path with `.` and `..` resolved and symbolic links followed in the part
/// that exists, whether or not the rest does.
fn resolved(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut lexical = PathBuf::new();
    for component in path.components() {
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

fn default_crate_name(out: &str) -> String {
    let stem = Path::new(out)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = crate::package_slug(&stem);
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("client-{name}")
    }
}

pub(crate) fn run(cmd: &Codegen) -> Result<(), Failure> {
    let spec_name = &cmd.spec_name;
    let (folder, entry) = spec_folder(&cmd.spec);
    let names = read_companion(&cmd.names, &cmd.names_name)?;
    let overlay = read_companion(&overlay_file_for(&cmd.spec), &cmd.overlay_name)?;
    let options = Options {
        names,
        overlay,
        ..cmd.options.clone()
    };
    let source = generator::source::Folder::new(folder);
    let generated =
        generator::generate_files(&source, &entry, &options).map_err(|diagnostics| {
            for diagnostic in &diagnostics {
                eprintln!("{}", shown(diagnostic, cmd));
            }
            Failure::BadInput
        })?;
    for warning in &generated.warnings {
        eprintln!("{}", shown(warning, cmd));
    }
    let out_name = &cmd.out_name;
    let names = generated.names.render(spec_name);
    if cmd.check {
        let mut diffs = write::check(&cmd.out, &generated.files)
            .map_err(|err| io_failure(Path::new(out_name), err))?;
        diffs.extend(
            write::check_file(&cmd.names, &cmd.names_name, &names)
                .map_err(|err| io_failure(&cmd.names, err))?,
        );
        if diffs.is_empty() {
            println!(
                "{out_name} and {} are up to date with {spec_name}",
                cmd.names_name
            );
            return Ok(());
        }
        for diff in &diffs {
            print!("{diff}");
        }
        eprintln!(
            "error: {out_name} or {} is stale ({} files differ): run `{}`",
            cmd.names_name,
            diffs.len(),
            cmd.options.regenerate_with
        );
        return Err(Failure::CheckFailed);
    }
    let changes = write::write(&cmd.out, &generated.files)
        .map_err(|err| io_failure(Path::new(out_name), err))?;
    write::write_file(&cmd.names, &names).map_err(|err| io_failure(&cmd.names, err))?;
    if cmd.default_project {
        print_api_changes(&cmd.spec, &generated.api);
    }
    println!(
        "{out_name}: {} files written, {} removed, {} unchanged ({} operations, {} types, {} warnings)",
        changes.written.len(),
        changes.removed.len(),
        changes.unchanged,
        generated.api.operations.len(),
        generated.api.types.len(),
        generated.warnings.len(),
    );
    Ok(())
}

/// A spec's folder (the root of the files its `$ref`s may name) and its entry file's name
/// in it.
pub(crate) fn spec_folder(spec: &Path) -> (PathBuf, String) {
    let folder = match spec.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let entry = spec
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    (folder, entry)
}

/// A diagnostic as printed, naming the file it is in.
fn shown<'a>(
    diagnostic: &'a generator::Diagnostic,
    cmd: &'a Codegen,
) -> impl std::fmt::Display + 'a {
    if diagnostic.in_names_file() {
        diagnostic.display_in(&cmd.names_name)
    } else if diagnostic.in_overlay() {
        diagnostic.display_in(&cmd.overlay_name)
    } else {
        diagnostic.display_in(&cmd.spec_name)
    }
}

/// The text of a file that goes with the spec (the names file, the overlay), or `None`
/// when there is none.
pub(crate) fn read_companion(path: &Path, shown: &str) -> Result<Option<String>, Failure> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => {
            eprintln!("error: {shown}: cannot read: {err}");
            Err(Failure::BadInput)
        }
    }
}

/// After regenerating `generated-client/`: what changed for callers against the spec as
/// committed (`HEAD`), in one paragraph. Silent where there is no git history to compare.
fn print_api_changes(spec: &Path, api: &generator::ir::Api) {
    let (folder, entry) = spec_folder(spec);
    let Ok(committed) = crate::git_tree::GitTree::open(&folder, "HEAD") else {
        return;
    };
    if generator::source::Source::read(&committed, &entry).is_err() {
        return;
    }
    let (names, overlay) = crate::diff::companions_at(spec, "HEAD");
    let at_head = "spec/heron.yaml at HEAD";
    let Ok(old) = crate::diff::side_from(at_head, &committed, &entry, names, overlay) else {
        return;
    };
    let changes = generator::diff::diff(&old.api, api);
    if changes.is_empty() {
        println!("API changes against HEAD: none.");
        return;
    }
    let breaking = changes.iter().filter(|c| c.breaking()).count();
    let shown: Vec<String> = changes
        .iter()
        .take(5)
        .map(|c| format!("`{}` {}", c.subject, c.description))
        .collect();
    let more = changes.len().saturating_sub(shown.len());
    println!(
        "API changes against HEAD: {} ({breaking} breaking): {}{}. Run `cargo xtask diff --base HEAD` for all of them.",
        changes.len(),
        shown.join("; "),
        if more > 0 { format!("; and {more} more") } else { String::new() },
    );
}
