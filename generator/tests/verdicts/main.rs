//! Every verdict of the diff, proven by the compiler: for each change kind, callers
//! written against the old client's documented API are compiled against the new client.
//! A case's callers must compile exactly when the diff says every change of the case
//! leaves old code compiling (compatible, deprecated, or a silent break of the wire such as
//! a new authentication scheme, which the compiler cannot see), and compile with
//! deprecations denied exactly when none of its changes is a deprecation either.
//!
//! The callers of an API with Cargo features also come once per smallest set of features
//! under which some old item is compiled, naming those features in their `Cargo.toml`
//! (the default features off): a feature that goes away fails to resolve, an item no
//! longer compiled under them fails to compile. `wire.rs` runs an old binary against the
//! new wire where the diff says only compilation breaks although a type changed.

#[path = "../common/mod.rs"]
mod common;

mod callers;
mod cases;
mod features;
mod wire;
mod workspace;

use std::collections::BTreeMap;

use generator::diff::{diff, Change, Verdict};

use callers::caller_source;
use cases::Case;
use workspace::{generated, Workspace};

/// An old spec, the changes made to it, and whether its callers name features.
struct Suite {
    name: &'static str,
    base: &'static str,
    cases: Vec<Case>,
    features: bool,
}

fn suites() -> Vec<Suite> {
    vec![
        Suite {
            name: "shop",
            base: cases::BASE,
            cases: cases::cases(),
            // One tag: the crate has no tag features, and every set of features compiles
            // everything its callers use.
            features: false,
        },
        // The shop again, with callers that name features: one set of features more to
        // check for each case, so only for the changes that give it features.
        Suite {
            name: "untagged",
            base: cases::BASE,
            cases: cases::first_features(),
            features: true,
        },
        Suite {
            name: "tags",
            base: features::BASE,
            cases: features::cases(),
            features: true,
        },
    ]
}

/// A case's changes and the callers of its new client.
struct Expected {
    case: String,
    changes: Vec<Change>,
    callers: Vec<String>,
}

/// The name of a caller with `features` (`None`: the default features).
fn caller_name(prefix: &str, features: &Option<Vec<String>>) -> String {
    match features {
        None => prefix.to_owned(),
        Some(features) if features.is_empty() => format!("{prefix}-client"),
        Some(features) => format!("{prefix}-{}", features.join("-")),
    }
}

#[test]
fn a_caller_of_the_old_client_compiles_against_the_new_one_exactly_when_the_diff_says_so() {
    let mut workspace = Workspace::new("verdict-crates");
    // One `cargo check` per set of features, so that cargo does not unify them.
    let mut groups: BTreeMap<Option<Vec<String>>, Vec<String>> = BTreeMap::new();
    let mut old_callers = Vec::new();
    let mut expected = Vec::new();
    for suite in suites() {
        let old = common::generate(suite.base);
        let mut configs = vec![None];
        if suite.features {
            configs.extend(features::smallest_sets(&old.api).into_iter().map(Some));
        }
        let sources: Vec<(Option<Vec<String>>, String)> = configs
            .into_iter()
            .map(|config| {
                let source = caller_source(&old.api, config.as_deref());
                (config, source)
            })
            .collect();
        let mut add_callers = |workspace: &mut Workspace, prefix: &str, client: &str| {
            let mut names = Vec::new();
            for (config, source) in &sources {
                let name = caller_name(prefix, config);
                let features: Option<Vec<String>> = config.as_ref().map(|features| {
                    std::iter::once("client".to_owned())
                        .chain(features.iter().cloned())
                        .collect()
                });
                workspace.add_caller(&name, client, features.as_deref(), source);
                groups.entry(config.clone()).or_default().push(name.clone());
                names.push(name);
            }
            names
        };
        let old_crate = format!("{}-old", suite.name);
        workspace.add_crate(&old_crate, &generated(&old_crate, suite.base, &old.names));
        old_callers.extend(add_callers(
            &mut workspace,
            &format!("caller-{}-old", suite.name),
            &old_crate,
        ));
        for (index, case) in suite.cases.iter().enumerate() {
            let mut book = old.names.clone();
            (case.names)(&mut book);
            let client = format!("{}-new-{index}", suite.name);
            let new = generated(&client, &(case.patch)(suite.base), &book);
            let changes = diff(&old.api, &new.api);
            assert!(
                !changes.is_empty(),
                "{}: the case changes nothing",
                case.name
            );
            workspace.add_crate(&client, &new);
            let callers = add_callers(
                &mut workspace,
                &format!("caller-{}-{index}", suite.name),
                &client,
            );
            expected.push(Expected {
                case: format!("{}/{}", suite.name, case.name),
                changes,
                callers,
            });
        }
    }

    let checked = workspace.check(&groups.into_values().collect::<Vec<_>>());
    let target = |package: &str| package.replace('-', "_");
    for caller in &old_callers {
        assert!(
            !checked.unresolved.contains(caller) && !checked.errors.contains_key(&target(caller)),
            "{caller} does not compile against the client it was written for: {:?}",
            checked.errors.get(&target(caller))
        );
    }
    let clients: Vec<&String> = checked
        .errors
        .keys()
        .filter(|name| !name.starts_with("caller_"))
        .collect();
    assert!(
        clients.is_empty(),
        "a generated client does not compile: {clients:?}"
    );

    let mut wrong = Vec::new();
    for case in &expected {
        let resolved = case
            .callers
            .iter()
            .all(|caller| !checked.unresolved.contains(caller));
        let errors: Vec<&String> = case
            .callers
            .iter()
            .filter_map(|caller| checked.errors.get(&target(caller)))
            .flatten()
            .collect();
        let compiles = resolved && errors.iter().all(|code| *code == "deprecated");
        let compiles_denying_deprecations = resolved && errors.is_empty();
        let says_compiles = case.changes.iter().all(|c| c.verdict.compiles());
        let says_no_warnings = says_compiles
            && case
                .changes
                .iter()
                .all(|c| c.verdict != Verdict::Deprecated);
        if (compiles, compiles_denying_deprecations) != (says_compiles, says_no_warnings) {
            let verdicts: Vec<String> = case
                .changes
                .iter()
                .map(|c| format!("{} {} [{}]", c.subject, c.description, c.verdict.as_str()))
                .collect();
            let failing: Vec<String> = case
                .callers
                .iter()
                .filter(|caller| {
                    checked.unresolved.contains(*caller)
                        || checked.errors.contains_key(&target(caller))
                })
                .cloned()
                .collect();
            wrong.push(format!(
                "{}: the old callers {} ({} with deprecations denied; failing: {failing:?}) but the diff says {}",
                case.case,
                if compiles { "compile" } else { "do not compile" },
                if compiles_denying_deprecations {
                    "they compile"
                } else {
                    "not"
                },
                verdicts.join("; ")
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "verdicts the compiler disproves:\n{}",
        wrong.join("\n")
    );
}
