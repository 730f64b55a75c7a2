//! `cargo xtask features [SPEC]`: the spec's crate (default `$HERON_FULL_SPEC`) compiles,
//! warning-free, with a representative set of its Cargo features rather than each of them:
//! the smallest tag alone, the largest, the two tags that share the most models, the
//! hidden operations of the tag that has the most, the models alone (whose dependency tree
//! must hold no HTTP client), everything, and everything with the mocks (the `mock`
//! feature, whose crate the defaults must not build). Each set is `cargo check`ed with
//! `-D warnings` on the crate; the crate lives in `cargo xtask corpus`'s workspace, so the
//! two commands build the dependencies once between them.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use generator::ir::{Api, CLIENT_FEATURE, HIDDEN_FEATURE, TYPES_FEATURE};

use crate::project::{project_root, Failure};
use crate::scratch::{
    generate_scratch_crate, io_failure, run_to_end, scratch_cargo, write_workspace,
};

const CRATE_NAME: &str = "features-check";

/// Crates a build of the models alone must not contain.
const CLIENT_CRATES: &[&str] = &["reqwest", "tokio", "hyper", "rustls", "webpki-roots"];

/// The feature of the mocks, off by default.
const MOCK_FEATURE: &str = "mock";

/// The crate of the mocks, which a build with the default features must not contain.
const MOCK_CRATE: &str = "wiremock";

pub(crate) fn run(args: &[String]) -> Result<(), Failure> {
    let spec = match args {
        [] => std::env::var_os("HERON_FULL_SPEC")
            .map(PathBuf::from)
            .ok_or_else(|| Failure::Usage("no spec: pass one or set HERON_FULL_SPEC".into()))?,
        [spec] => PathBuf::from(spec),
        _ => return Err(Failure::Usage("features takes at most one spec".into())),
    };
    let text = fs::read_to_string(&spec).map_err(|err| io_failure(&spec, err))?;
    let generated = generate_scratch_crate(
        &text,
        &spec.display().to_string(),
        CRATE_NAME,
        "cargo xtask features",
    )?;
    let workspace = project_root().join("target/corpus");
    generator::write::write(&workspace.join(CRATE_NAME), &generated.files)
        .map_err(|err| io_failure(&workspace, err))?;
    write_workspace(&workspace, &[CRATE_NAME.to_owned()])?;

    let sets = feature_sets(&generated.api);
    let started = Instant::now();
    for set in &sets {
        let seconds = check(&workspace, set)?;
        println!("ok   {:<80} check {seconds:>6.1} s", set.describe());
    }
    let tree = dependency_tree(
        &workspace,
        &["--no-default-features", "--features", TYPES_FEATURE],
    )?;
    let found: Vec<&str> = CLIENT_CRATES
        .iter()
        .copied()
        .filter(|name| builds(&tree, name))
        .collect();
    if !found.is_empty() {
        eprintln!(
            "error: the models alone build {}:\n{tree}",
            found.join(", ")
        );
        return Err(Failure::CheckFailed);
    }
    println!(
        "the models alone build none of {}",
        CLIENT_CRATES.join(", ")
    );
    let defaults = dependency_tree(&workspace, &[])?;
    if builds(&defaults, MOCK_CRATE) {
        eprintln!("error: the default features build {MOCK_CRATE}:\n{defaults}");
        return Err(Failure::CheckFailed);
    }
    println!("the default features do not build {MOCK_CRATE}");
    println!(
        "{} feature sets checked in {:.1} s",
        sets.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The crate's normal dependencies with `features` (cargo's arguments), one per line.
fn dependency_tree(workspace: &Path, features: &[&str]) -> Result<String, Failure> {
    let tree = run_to_end(
        scratch_cargo(workspace)
            .args([
                "tree",
                "--edges",
                "normal",
                "--prefix",
                "none",
                "--package",
                CRATE_NAME,
            ])
            .args(features),
        "listing the crate's dependencies",
    )?;
    Ok(String::from_utf8_lossy(&tree.stdout).into_owned())
}

fn builds(tree: &str, name: &str) -> bool {
    tree.lines()
        .any(|line| line.starts_with(&format!("{name} ")))
}

/// One `--features` list, and why it was chosen.
struct FeatureSet {
    why: &'static str,
    /// `None`: the default features.
    features: Option<Vec<String>>,
}

impl FeatureSet {
    fn describe(&self) -> String {
        match &self.features {
            Some(features) => format!("{}: {}", self.why, features.join(",")),
            None => format!("{}: default", self.why),
        }
    }
}

/// The representative sets: a tag picked for each reason, with the client, then the
/// models alone and the defaults. A spec with one tag has only the last two.
fn feature_sets(api: &Api) -> Vec<FeatureSet> {
    let tags = &api.features.tags;
    let with_client = |why, names: &[&str]| FeatureSet {
        why,
        features: Some(
            std::iter::once(CLIENT_FEATURE)
                .chain(names.iter().copied())
                .map(str::to_owned)
                .collect(),
        ),
    };
    let mut sets = Vec::new();
    if let Some(smallest) = tags.iter().min_by_key(|tag| tag.operations) {
        sets.push(with_client("the smallest tag", &[&smallest.name]));
    }
    if let Some(largest) = tags.iter().max_by_key(|tag| tag.operations) {
        sets.push(with_client("the largest tag", &[&largest.name]));
    }
    if let Some((a, b)) = most_shared_pair(api) {
        sets.push(with_client("the two tags sharing the most models", &[a, b]));
    }
    let mut hidden: BTreeMap<&str, usize> = BTreeMap::new();
    for op in api.operations.iter().filter(|op| op.gate.hidden) {
        for feature in &op.gate.any {
            *hidden.entry(feature).or_default() += 1;
        }
    }
    if api.features.hidden {
        let tag = hidden
            .iter()
            .max_by_key(|(_, count)| **count)
            .map(|(tag, _)| *tag);
        let names: Vec<&str> = std::iter::once(HIDDEN_FEATURE).chain(tag).collect();
        sets.push(with_client(
            "the hidden operations of the tag with the most",
            &names,
        ));
    }
    sets.push(FeatureSet {
        why: "the models alone",
        features: Some(vec![TYPES_FEATURE.to_owned()]),
    });
    sets.push(FeatureSet {
        why: "everything",
        features: None,
    });
    let mut everything: Vec<String> = [CLIENT_FEATURE, TYPES_FEATURE, MOCK_FEATURE]
        .map(str::to_owned)
        .to_vec();
    if api.features.hidden {
        everything.push(HIDDEN_FEATURE.to_owned());
    }
    sets.push(FeatureSet {
        why: "everything, with the mocks",
        features: Some(everything),
    });
    sets
}

/// The two tags whose operations reach the most model modules in common.
fn most_shared_pair(api: &Api) -> Option<(&str, &str)> {
    let mut shared: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for gate in api.features.models.values().flatten() {
        for (i, a) in gate.any.iter().enumerate() {
            for b in gate.any.iter().skip(i + 1) {
                *shared.entry((a.as_str(), b.as_str())).or_default() += 1;
            }
        }
    }
    shared
        .into_iter()
        .filter(|((a, b), _)| *a != TYPES_FEATURE && *b != TYPES_FEATURE)
        .max_by_key(|(_, count)| *count)
        .map(|(pair, _)| pair)
}

/// `cargo check` of the crate with `set`, its own warnings denied; the seconds it took.
fn check(workspace: &Path, set: &FeatureSet) -> Result<f64, Failure> {
    let mut command = scratch_cargo(workspace);
    command.args([
        "rustc",
        "--quiet",
        "--profile",
        "check",
        "--lib",
        "--package",
        CRATE_NAME,
    ]);
    if let Some(features) = &set.features {
        command
            .args(["--no-default-features", "--features"])
            .arg(features.join(","));
    }
    command.args(["--", "-D", "warnings"]);
    let started = Instant::now();
    run_to_end(&mut command, &format!("checking {}", set.describe()))?;
    Ok(started.elapsed().as_secs_f64())
}
