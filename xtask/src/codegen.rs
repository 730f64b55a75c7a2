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
    /// How messages name the spec and the output: as the user wrote them, or relative
    /// to the project root for the defaults (never a path of one machine).
    spec_name: String,
    out_name: String,
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
            default_project: true,
            spec_name: "spec/heron.yaml".to_owned(),
            out_name: "generated-client".to_owned(),
            options: Options {
                crate_name: name.unwrap_or_else(|| "heron-client".to_owned()),
                regenerate_with: "cargo xtask codegen".to_owned(),
            },
            check,
        }),
        (Some(spec), Some(out)) => {
            let name = name.unwrap_or_else(|| default_crate_name(&out));
            Ok(Codegen {
                options: Options {
                    regenerate_with: format!(
                        "cargo xtask codegen --spec {spec} --out {out} --name {name}"
                    ),
                    crate_name: name,
                },
                spec: PathBuf::from(&spec),
                out: PathBuf::from(&out),
                default_project: false,
                spec_name: spec,
                out_name: out,
                check,
            })
        }
        _ => Err(Failure::Usage(
            "`--spec` and `--out` go together".to_owned(),
        )),
    }
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
    let text = std::fs::read_to_string(&cmd.spec).map_err(|err| {
        eprintln!("error: {spec_name}: cannot read: {err}");
        Failure::BadInput
    })?;
    let generated = generator::generate(&text, &cmd.options).map_err(|diagnostics| {
        for diagnostic in &diagnostics {
            eprintln!("{}", diagnostic.display_in(spec_name));
        }
        Failure::BadInput
    })?;
    for warning in &generated.warnings {
        eprintln!("{}", warning.display_in(spec_name));
    }
    let out_name = &cmd.out_name;
    if cmd.check {
        let diffs = write::check(&cmd.out, &generated.files)
            .map_err(|err| io_failure(Path::new(out_name), err))?;
        if diffs.is_empty() {
            println!("{out_name} is up to date with {spec_name}");
            return Ok(());
        }
        for diff in &diffs {
            print!("{diff}");
        }
        eprintln!(
            "error: {out_name} is stale ({} files differ): run `{}`",
            diffs.len(),
            cmd.options.regenerate_with
        );
        return Err(Failure::CheckFailed);
    }
    let changes = write::write(&cmd.out, &generated.files)
        .map_err(|err| io_failure(Path::new(out_name), err))?;
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

/// After regenerating `generated-client/`: what changed for callers against the spec as
/// committed (`HEAD`), in one paragraph. Silent where there is no git history to compare.
fn print_api_changes(spec: &Path, api: &generator::ir::Api) {
    let Ok(committed) = crate::diff::spec_at_revision(spec, "HEAD") else {
        return;
    };
    let Ok(old) = crate::diff::api_from("spec/heron.yaml at HEAD", &committed) else {
        return;
    };
    let changes = generator::diff::diff(&old, api);
    if changes.is_empty() {
        println!("API changes against HEAD: none.");
        return;
    }
    let breaking = changes.iter().filter(|c| c.breaking).count();
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
