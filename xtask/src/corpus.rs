//! `cargo xtask corpus`: every spec found becomes a crate in one temporary workspace
//! (one target directory, so dependencies build once), and each crate must pass
//! `cargo clippy -- -D warnings`. One line per spec (with how many operations the client
//! authenticates as the spec requires), then the credential totals and `N passed, M failed`.
//!
//! In a folder given to it, each JSON or YAML file is a spec, and each subfolder is one
//! spec kept in several files: its entry is the one file with a top-level `openapi`
//! field, the shallowest if several folders down (`digitalocean/specification/
//! DigitalOcean-public.v2.yaml`); the files its `$ref`s name are read from the entry's
//! folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use generator::ir::Coverage;
use generator::Options;

use crate::project::{project_root, Failure};
use crate::scratch::{io_failure, scratch_cargo, write_workspace};

const SPEC_EXTENSIONS: &[&str] = &["json", "yaml", "yml"];

pub(crate) fn run(args: &[String]) -> Result<(), Failure> {
    let inputs: Vec<PathBuf> = if args.is_empty() {
        [
            "HERON_FULL_SPEC",
            "HERON_SPECS_DIR",
            "HERON_SPECS31_DIR",
            "HERON_SPECS_MULTI_DIR",
        ]
        .iter()
        .filter_map(std::env::var_os)
        .map(PathBuf::from)
        .collect()
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    if inputs.is_empty() {
        return Err(Failure::Usage(
            "no specs: pass files or directories, or set HERON_FULL_SPEC / HERON_SPECS_DIR / HERON_SPECS31_DIR / HERON_SPECS_MULTI_DIR".into(),
        ));
    }
    let specs = find_specs(&inputs)?;
    let workspace = project_root().join("target/corpus");
    fs::create_dir_all(&workspace).map_err(|err| io_failure(&workspace, err))?;

    let mut outcomes = Vec::new();
    for spec in &specs {
        outcomes.push(generate(spec, &workspace));
    }
    let members: Vec<String> = outcomes
        .iter()
        .filter_map(|o| o.crate_name.clone())
        .collect();
    prepare_workspace(&workspace, &members)?;

    // Dependencies build once, with the seed's small crate, so that each spec's time below
    // is its own crate's.
    let warm_up = cargo_clippy(&workspace, "corpus-warm-up");
    if !warm_up.success {
        eprintln!(
            "error: building the client's dependencies failed:\n{}",
            warm_up.output
        );
        return Err(Failure::CheckFailed);
    }
    println!("dependencies built in {:.1} s", warm_up.seconds);

    let (mut passed, mut failed) = (0, 0);
    let mut credentials = Coverage::default();
    for outcome in &mut outcomes {
        if let Some(name) = &outcome.crate_name {
            let check = cargo_clippy(&workspace, name);
            outcome.check_seconds = check.seconds;
            if !check.success {
                outcome.failure = Some(check.output);
            }
        }
        match &outcome.failure {
            None => passed += 1,
            Some(_) => failed += 1,
        }
        credentials.operations += outcome.credentials.operations;
        credentials.sent += outcome.credentials.sent;
        credentials.mutual_tls += outcome.credentials.mutual_tls;
        credentials.unmet += outcome.credentials.unmet;
        println!("{}", outcome.line());
        if let Some(failure) = &outcome.failure {
            for line in failure.lines().take(40) {
                println!("    {line}");
            }
        }
    }
    println!(
        "credentials: {} of {} operations authenticated as their spec requires; {} need mutual TLS, {} name only undefined schemes (both warned)",
        credentials.sent, credentials.operations, credentials.mutual_tls, credentials.unmet
    );
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        Err(Failure::CheckFailed)
    } else {
        Ok(())
    }
}

/// One spec to check: its entry file, and the name it is shown and named by (the file's
/// name, or the folder's for a spec in several files).
struct Spec {
    entry: PathBuf,
    shown: String,
}

fn find_specs(inputs: &[PathBuf]) -> Result<Vec<Spec>, Failure> {
    let mut specs = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let entries = fs::read_dir(input).map_err(|err| io_failure(input, err))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .collect();
            found.sort();
            for path in found {
                if path.is_dir() {
                    specs.push(Spec {
                        entry: entry_of(&path)?,
                        shown: file_name(&path),
                    });
                } else if is_spec_file(&path) {
                    specs.push(Spec {
                        shown: file_name(&path),
                        entry: path,
                    });
                }
            }
        } else if input.is_file() {
            specs.push(Spec {
                entry: input.clone(),
                shown: file_name(input),
            });
        } else {
            eprintln!("error: {}: no such file or directory", input.display());
            return Err(Failure::BadInput);
        }
    }
    Ok(specs)
}

fn is_spec_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| SPEC_EXTENSIONS.iter().any(|x| e == *x))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The entry file of a spec kept in the folder `root`: the one JSON or YAML file with a
/// top-level `openapi` field, looking one folder level at a time.
fn entry_of(root: &Path) -> Result<PathBuf, Failure> {
    let mut level = vec![root.to_path_buf()];
    while !level.is_empty() {
        let mut entries = Vec::new();
        let mut below = Vec::new();
        for folder in &level {
            let read = fs::read_dir(folder).map_err(|err| io_failure(folder, err))?;
            for path in read.filter_map(|entry| entry.ok().map(|e| e.path())) {
                if path.is_dir() {
                    below.push(path);
                } else if is_spec_file(&path) && declares_openapi(&path) {
                    entries.push(path);
                }
            }
        }
        match entries.as_slice() {
            [entry] => return Ok(entry.clone()),
            [] => level = below,
            several => {
                eprintln!(
                    "error: {}: {} files declare `openapi` at the same depth; expected one entry file",
                    root.display(),
                    several.len()
                );
                return Err(Failure::BadInput);
            }
        }
    }
    eprintln!(
        "error: {}: no JSON or YAML file with a top-level `openapi` field",
        root.display()
    );
    Err(Failure::BadInput)
}

/// Whether a file's text has a top-level `openapi` key (YAML `openapi:` at the start of
/// a line, or JSON `"openapi"`).
fn declares_openapi(path: &Path) -> bool {
    fs::read_to_string(path).is_ok_and(|text| {
        text.lines()
            .any(|line| line.starts_with("openapi:") || line.starts_with("\"openapi\""))
            || (text.trim_start().starts_with('{') && text.contains("\"openapi\""))
    })
}

/// What happened to one spec.
struct Outcome {
    file: String,
    crate_name: Option<String>,
    operations: usize,
    types: usize,
    warnings: usize,
    fallbacks: usize,
    credentials: Coverage,
    generate_seconds: f64,
    check_seconds: f64,
    failure: Option<String>,
}

impl Outcome {
    fn line(&self) -> String {
        format!(
            "{:<4} {:<36} {:>4} operations {:>5} types {:>4} warnings {:>4} fallbacks  auth {:>4}/{:<4} generate {:>5.2} s  check {:>6.1} s",
            if self.failure.is_none() { "ok" } else { "FAIL" },
            self.file,
            self.operations,
            self.types,
            self.warnings,
            self.fallbacks,
            self.credentials.sent,
            self.credentials.operations,
            self.generate_seconds,
            self.check_seconds,
        )
    }
}

fn generate(spec: &Spec, workspace: &Path) -> Outcome {
    let file = spec.shown.clone();
    let crate_name = crate_name(&file);
    let mut outcome = Outcome {
        file,
        crate_name: None,
        operations: 0,
        types: 0,
        warnings: 0,
        fallbacks: 0,
        credentials: Coverage::default(),
        generate_seconds: 0.0,
        check_seconds: 0.0,
        failure: None,
    };
    // The spec's folder is the root of the files its `$ref`s may name.
    let folder = spec.entry.parent().unwrap_or(Path::new("."));
    let entry = spec
        .entry
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let source = generator::source::Folder::new(folder);
    let options = Options {
        crate_name: crate_name.clone(),
        regenerate_with: "cargo xtask corpus".into(),
        names: None,
        overlay: None,
        previous: None,
        package: Default::default(),
    };
    let started = Instant::now();
    let result = generator::generate_files(&source, &entry, &options);
    outcome.generate_seconds = started.elapsed().as_secs_f64();
    match result {
        Ok(generated) => {
            outcome.operations = generated.api.operations.len();
            outcome.types = generated.api.types.len();
            outcome.credentials = generated.api.credential_coverage();
            outcome.warnings = generated.warnings.len();
            outcome.fallbacks = generated
                .warnings
                .iter()
                .filter(|w| w.value_fallback)
                .count();
            match generator::write::write(&workspace.join(&crate_name), &generated.files) {
                Ok(_) => outcome.crate_name = Some(crate_name),
                Err(err) => outcome.failure = Some(format!("cannot write: {err}")),
            }
        }
        Err(errors) => {
            let shown = spec.entry.display().to_string();
            let lines: Vec<String> = errors
                .iter()
                .map(|e| e.display_in(&shown).to_string())
                .collect();
            outcome.failure = Some(lines.join("\n"));
        }
    }
    outcome
}

fn crate_name(file: &str) -> String {
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    // A package name, as `heron-codegen generate` makes one from a folder's name.
    let name = heron_codegen::cli::default_crate_name(Path::new(stem));
    format!("corpus-{name}")
}

/// The warm-up crate (the seed) and the workspace listing it with every generated crate.
fn prepare_workspace(workspace: &Path, members: &[String]) -> Result<(), Failure> {
    let seed = fs::read_to_string(project_root().join("spec/heron.yaml"))
        .map_err(|err| io_failure(Path::new("spec/heron.yaml"), err))?;
    let options = Options {
        crate_name: "corpus-warm-up".into(),
        regenerate_with: "cargo xtask corpus".into(),
        names: None,
        overlay: None,
        previous: None,
        package: Default::default(),
    };
    let warm_up = generator::generate(&seed, &options).map_err(|_| Failure::BadInput)?;
    generator::write::write(&workspace.join("corpus-warm-up"), &warm_up.files)
        .map_err(|err| io_failure(workspace, err))?;

    let mut all = members.to_vec();
    all.push("corpus-warm-up".into());
    write_workspace(workspace, &all)?;
    Ok(())
}

struct Check {
    success: bool,
    seconds: f64,
    output: String,
}

fn cargo_clippy(workspace: &Path, package: &str) -> Check {
    let started = Instant::now();
    let output = scratch_cargo(workspace)
        .args([
            "clippy",
            "--quiet",
            "--package",
            package,
            "--message-format",
            "short",
            "--",
            "-D",
            "warnings",
        ])
        .output();
    let seconds = started.elapsed().as_secs_f64();
    match output {
        Ok(output) => Check {
            success: output.status.success(),
            seconds,
            output: String::from_utf8_lossy(&output.stderr).into_owned(),
        },
        Err(err) => Check {
            success: false,
            seconds,
            output: format!("cannot run cargo: {err}"),
        },
    }
}
