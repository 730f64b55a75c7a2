//! What the generated code costs its users' builds, and what its types cost at run time:
//! the full Heron spec becomes `heron-full` in a workspace of its own under
//! `target/bench/full-heron` (its dependencies built once, so each build time below is the
//! crate's own), next to a small `decode` program that reads 10,000 Heron transactions.

use std::fs;
use std::path::Path;
use std::time::{Instant, SystemTime};

use serde_json::{json, Value};

use super::generator::full_heron_spec;
use super::measure::{median, number, report, Baseline, Summary};
use crate::project::{project_root, Failure};
use crate::sample::{parse_tree, Sampler};
use crate::scratch::{
    build_program, generate_scratch_crate, io_failure, run_to_end, scratch_cargo, write_if_changed,
    write_workspace,
};

const CRATE_NAME: &str = "heron-full";
const TRANSACTIONS: usize = 10_000;

pub(super) fn bench(quick: bool, summary: &mut Summary) -> Result<(), Failure> {
    let workspace = project_root().join("target/bench/full-heron");
    let spec = full_heron_spec();
    let text = fs::read_to_string(&spec).map_err(|err| io_failure(&spec, err))?;
    let lines = generate_crate(&text, &spec.display().to_string(), &workspace)?;
    write_decode_program(&workspace)?;
    let transactions = workspace.join("transactions.json");
    write_transactions(&text, &transactions)?;

    println!("\ncompile cost of the full-Heron crate (dependencies prebuilt; `cargo build -p {CRATE_NAME}` after touching src/lib.rs; the machine may be shared)");
    println!("generated: {} lines of Rust in {} files", lines.0, lines.1);
    summary.add("generated lines, full Heron", lines.0 as f64, "lines");
    run_to_end(
        scratch_cargo(&workspace).args(["build", "--quiet", "--package", CRATE_NAME]),
        "building the full-Heron crate's dependencies (debug)",
    )?;
    let decode = build_program(
        scratch_cargo(&workspace).args(["build", "--quiet", "--release", "--package", "decode"]),
        "decode",
    )
    .map_err(|err| {
        eprintln!("error: building the full-Heron crate's dependencies (release): {err}");
        Failure::CheckFailed
    })?;
    // A release build of the crate takes minutes: once is enough to see its size.
    let debug_runs = if quick { 1 } else { 3 };
    let crate_dir = workspace.join(CRATE_NAME);
    let mut full_debug = None;
    for build in BUILDS {
        let runs = if build.release { 1 } else { debug_runs };
        if build.incremental {
            // The first incremental build has no state to reuse yet: not what is measured.
            touch(&crate_dir.join("src/lib.rs"))?;
            timed_build(&workspace, build)?;
        }
        let mut seconds = Vec::new();
        let mut peak_mb = Vec::new();
        for _ in 0..runs {
            touch(&crate_dir.join("src/lib.rs"))?;
            let (elapsed, peak) = timed_build(&workspace, build)?;
            seconds.push(elapsed);
            peak_mb.extend(peak);
        }
        let seconds = median(seconds);
        let peak = (!peak_mb.is_empty()).then(|| median(peak_mb));
        let memory = peak.map_or_else(
            || " (peak memory unknown: no /usr/bin/time)".to_owned(),
            |mb| format!(", peak {mb:.0} MB"),
        );
        let ratio = match (build.features, full_debug) {
            (Some(_), Some(full)) => format!(", {:.2} of the whole crate's", seconds / full),
            _ => String::new(),
        };
        println!(
            "cargo build, {}: {seconds:.1} s{memory}{ratio} (median of {runs})",
            build.label
        );
        summary.add(
            format!("cargo build {}, full Heron", build.label),
            seconds,
            "s",
        );
        if let Some(mb) = peak {
            summary.add(
                format!("cargo build {} peak memory, full Heron", build.label),
                mb,
                "MB",
            );
        }
        if build.features.is_none() && !build.incremental && !build.release {
            full_debug = Some(seconds);
        }
    }

    let runs = if quick { 5 } else { 15 };
    let what = "decoding the transactions";
    let output = run_to_end(
        std::process::Command::new(decode)
            .arg(&transactions)
            .arg(runs.to_string()),
        what,
    )?;
    let result = report(&output, what)?;
    let number = |key: &str| number(&result, key);
    let (typed, value) = (number("typed_ms"), number("value_ms"));
    println!(
        "decode {} Heron transactions ({:.1} MB): generated types {typed:.1} ms, serde_json::Value {value:.1} ms, ratio {:.2}",
        number("transactions"),
        number("bytes") / 1e6,
        typed / value
    );
    summary.add_ratio(
        "decode 10,000 Heron transactions into the generated types",
        typed,
        "ms",
        Baseline {
            name: "the same bytes into serde_json::Value",
            median: value,
        },
    );
    Ok(())
}

/// Generates the crate; returns its lines of Rust and its number of files.
fn generate_crate(
    text: &str,
    spec_name: &str,
    workspace: &Path,
) -> Result<(usize, usize), Failure> {
    let generated = generate_scratch_crate(text, spec_name, CRATE_NAME, "cargo xtask bench")?;
    let dir = workspace.join(CRATE_NAME);
    generator::write::write(&dir, &generated.files).map_err(|err| io_failure(&dir, err))?;
    let rust: Vec<_> = generated
        .files
        .iter()
        .filter(|file| file.path.ends_with(".rs"))
        .collect();
    let lines = rust.iter().map(|file| file.contents.lines().count()).sum();
    Ok((lines, rust.len()))
}

fn write_decode_program(workspace: &Path) -> Result<(), Failure> {
    let dir = workspace.join("decode");
    fs::create_dir_all(dir.join("src")).map_err(|err| io_failure(&dir, err))?;
    let manifest = format!(
        "[package]\nname = \"decode\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n{CRATE_NAME} = {{ path = \"../{CRATE_NAME}\" }}\nserde_json = \"1\"\n"
    );
    write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
    write_if_changed(
        &dir.join("src/main.rs"),
        include_str!("../../templates/decode_transactions.rs"),
    )?;
    write_workspace(workspace, &[CRATE_NAME.to_owned(), "decode".to_owned()])
}

/// One list-transactions response body: the spec's own example of a transaction (every
/// field it documents), made distinct per row.
fn write_transactions(spec: &str, path: &Path) -> Result<(), Failure> {
    let tree = parse_tree(spec).map_err(|err| io_failure(path, err))?;
    let Some(schema) = tree.pointer("/components/schemas/TransactionEnriched") else {
        eprintln!("error: the full Heron spec has no schema `TransactionEnriched`");
        return Err(Failure::BadInput);
    };
    let transaction = Sampler::new(&tree).sample(schema);
    let list: Vec<Value> = (0..TRANSACTIONS)
        .map(|row| {
            let mut transaction = transaction.clone();
            transaction["amount"] = json!(-(row as f64) / 100.0 - 1.0);
            transaction["reference_id"] = json!(format!("txn_{row:05}"));
            transaction
        })
        .collect();
    let text = serde_json::to_string(&list).unwrap_or_default();
    write_if_changed(path, &text)
}

/// One way of building the crate, as its users pay for it.
struct Build {
    label: &'static str,
    release: bool,
    /// Whether rustc keeps incremental state: a developer's rebuild, never a CI pipeline's,
    /// a Docker build's, or any build of the crate as a dependency.
    incremental: bool,
    /// `--no-default-features --features ..`; `None`: the default features (everything).
    features: Option<&'static str>,
}

/// The whole crate's debug build comes first: the feature builds report their ratio to it.
const BUILDS: &[Build] = &[
    Build {
        label: "debug (CARGO_INCREMENTAL=0)",
        release: false,
        incremental: false,
        features: None,
    },
    Build {
        label: "debug, incremental touch-rebuild",
        release: false,
        incremental: true,
        features: None,
    },
    Build {
        label: "release",
        release: true,
        incremental: false,
        features: None,
    },
    Build {
        label: "debug (CARGO_INCREMENTAL=0), one small tag (client, integrations)",
        release: false,
        incremental: false,
        features: Some("client,integrations"),
    },
    Build {
        label: "debug (CARGO_INCREMENTAL=0), the models alone (types)",
        release: false,
        incremental: false,
        features: Some("types"),
    },
];

/// Builds the crate; returns the seconds it took and, where `/usr/bin/time` is there, the
/// peak memory in MB of the largest process it waited for (rustc: cargo waits for each).
fn timed_build(workspace: &Path, build: &Build) -> Result<(f64, Option<f64>), Failure> {
    const TIME: &str = "/usr/bin/time";
    let peak_file = workspace.join("peak-rss-kb");
    let cargo_command = scratch_cargo(workspace);
    let mut command = if Path::new(TIME).exists() {
        let mut timed = std::process::Command::new(TIME);
        timed
            .args(["--format", "%M", "--output"])
            .arg(&peak_file)
            .arg(cargo_command.get_program())
            .current_dir(workspace)
            .envs(
                cargo_command
                    .get_envs()
                    .filter_map(|(key, value)| Some((key, value?))),
            );
        timed
    } else {
        cargo_command
    };
    command.args(["build", "--quiet", "--package", CRATE_NAME]);
    if build.release {
        command.arg("--release");
    }
    if let Some(features) = build.features {
        command.args(["--no-default-features", "--features", features]);
    }
    command.env(
        "CARGO_INCREMENTAL",
        if build.incremental { "1" } else { "0" },
    );
    let _ = fs::remove_file(&peak_file);
    let started = Instant::now();
    run_to_end(
        &mut command,
        &format!("building the full-Heron crate, {}", build.label),
    )?;
    let seconds = started.elapsed().as_secs_f64();
    let peak_mb = fs::read_to_string(&peak_file)
        .ok()
        .and_then(|text| text.trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0);
    Ok((seconds, peak_mb))
}

/// Marks `path` modified now, so that cargo rebuilds its crate and only that.
fn touch(path: &Path) -> Result<(), Failure> {
    fs::File::options()
        .append(true)
        .open(path)
        .and_then(|file| file.set_modified(SystemTime::now()))
        .map_err(|err| io_failure(path, err))
}
