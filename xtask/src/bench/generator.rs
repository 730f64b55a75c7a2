//! The generator on real specs: parse only (read and deserialize into openapiv3, the
//! floor) against full generation (through formatted text in memory, no disk), per stage,
//! with peak memory. Each spec runs in a child process (`xtask bench-spec`) so that its
//! peak memory is its own; the child is this same binary, built as `cargo xtask` builds it.

use std::fs;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::measure::{median, number, report, this_xtask, Baseline, Summary};
use crate::project::{project_root, Failure};
use crate::sample::parse_tree;
use crate::scratch::{io_failure, run_to_end};

/// One row of the table: a spec, or the full Heron spec several times over in one
/// document (see [`replicate`]), which shows whether any stage grows faster than the
/// number of schemas and operations.
struct Case {
    label: String,
    spec: PathBuf,
    copies: usize,
}

pub(super) fn bench(quick: bool, summary: &mut Summary) -> Result<(), Failure> {
    let runs = if quick { 5 } else { 15 };
    println!("generator ({runs} runs after a warm-up; medians)");
    println!(
        "{:<28} {:>5} {:>8} {:>7} {:>5} {:>5} {:>8} {:>5} {:>8} {:>7}   stages ms: load/lower/passes/emit+format (CPU: emit + format)",
        "spec", "MB", "parse ms", "gen ms", "ratio", "MB/s", "lines/s", "ms/MB", "ms/MB js", "peak MB"
    );
    println!("(ms/MB js: per MB of the spec as compact JSON, a size that does not depend on YAML or JSON layout)");
    let this = this_xtask()?;
    for case in cases() {
        let what = format!("generating {}", case.label);
        let output = run_to_end(
            Command::new(&this).args([
                "bench-spec",
                &case.spec.display().to_string(),
                &runs.to_string(),
                &case.copies.to_string(),
            ]),
            &what,
        )?;
        let result = report(&output, &what)?;
        let number = |key: &str| number(&result, key);
        let mb = number("input_bytes") / 1e6;
        let json_mb = number("json_bytes") / 1e6;
        let (parse, generate) = (number("parse_ms"), number("generate_ms"));
        let name = &case.label;
        let stage = |i: usize| result["stages_ms"][i].as_f64().unwrap_or_default();
        let stages = format!(
            "{:.1}/{:.1}/{:.1}/{:.1} ({:.1} + {:.1})",
            stage(0),
            stage(1),
            stage(2),
            stage(3),
            stage(4),
            stage(5)
        );
        println!(
            "{:<28} {:>5.2} {:>8.1} {:>7.1} {:>5.1} {:>5.2} {:>8.0} {:>5.0} {:>8.0} {:>7.1}   {}",
            name,
            mb,
            parse,
            generate,
            generate / parse,
            mb / (generate / 1e3),
            number("output_lines") / (generate / 1e3),
            generate / mb,
            generate / json_mb,
            number("peak_rss_kb") / 1024.0,
            stages,
        );
        summary.add(format!("parse {name}"), parse, "ms");
        summary.add_ratio(
            format!("generate {name}"),
            generate,
            "ms",
            Baseline {
                name: "parse",
                median: parse,
            },
        );
        summary.add(format!("generate per MB {name}"), generate / mb, "ms/MB");
        summary.add(
            format!("generate per MB of compact JSON {name}"),
            generate / json_mb,
            "ms/MB",
        );
        summary.add(
            format!("generated lines {name}"),
            number("output_lines"),
            "lines",
        );
        summary.add(
            format!("peak memory {name}"),
            number("peak_rss_kb") / 1024.0,
            "MB",
        );
    }
    Ok(())
}

fn cases() -> Vec<Case> {
    let name = |path: &PathBuf| {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut cases: Vec<Case> = bench_specs()
        .into_iter()
        .map(|spec| Case {
            label: name(&spec),
            spec,
            copies: 1,
        })
        .collect();
    let full = full_heron_spec();
    if full.exists() {
        for copies in [2, 4] {
            cases.push(Case {
                label: format!("{} x{copies}", name(&full)),
                spec: full.clone(),
                copies,
            });
        }
    }
    cases
}

/// `xtask bench-spec SPEC RUNS COPIES` (internal): one spec in a process of its own, so
/// that its peak memory is its own. Prints one JSON object.
pub(crate) fn run_spec(args: &[String]) -> Result<(), Failure> {
    let [spec, runs, copies] = args else {
        return Err(Failure::Usage("bench-spec SPEC RUNS COPIES".into()));
    };
    let number = |text: &str| {
        text.parse::<usize>()
            .map_err(|_| Failure::Usage("RUNS and COPIES are numbers".into()))
    };
    let (runs, copies) = (number(runs)?, number(copies)?);
    let mut text = fs::read_to_string(spec).map_err(|err| io_failure(spec.as_ref(), err))?;
    if copies > 1 {
        let tree = parse_tree(&text).map_err(|err| io_failure(spec.as_ref(), err))?;
        text = serde_json::to_string(&replicate(&tree, copies)).unwrap_or_default();
    }
    let options = generator::Options {
        crate_name: "bench".into(),
        regenerate_with: "cargo xtask bench".into(),
        names: None,
        overlay: None,
        previous: None,
        package: Default::default(),
    };
    let mut totals = Vec::new();
    let mut stages: Vec<[f64; 6]> = Vec::new();
    let mut lines = 0;
    for run in 0..=runs {
        let started = Instant::now();
        let generated = generator::generate(&text, &options).map_err(|_| Failure::BadInput)?;
        let total = started.elapsed().as_secs_f64() * 1e3;
        if run == 0 {
            continue; // warm-up
        }
        let t = generated.timings;
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        stages.push([
            ms(t.load),
            ms(t.lower),
            ms(t.passes),
            ms(t.emit_and_format),
            ms(t.emit_cpu),
            ms(t.format_cpu),
        ]);
        totals.push(total);
        lines = generated
            .files
            .iter()
            .map(|f| f.contents.lines().count())
            .sum::<usize>();
    }
    let stage_medians: Vec<f64> = (0..6)
        .map(|i| median(stages.iter().map(|s| s[i]).collect()))
        .collect();
    let peak_rss_kb = peak_rss_kb();
    let json_bytes = parse_tree(&text)
        .ok()
        .and_then(|tree| serde_json::to_string(&tree).ok())
        .map_or(0, |json| json.len());
    println!(
        "{}",
        json!({
            "input_bytes": text.len(),
            "json_bytes": json_bytes,
            "parse_ms": stage_medians[0],
            "generate_ms": median(totals),
            "stages_ms": stage_medians,
            "output_lines": lines,
            "peak_rss_kb": peak_rss_kb,
        })
    );
    Ok(())
}

/// `VmHWM` of this process, from Linux's `/proc/self/status`.
fn peak_rss_kb() -> f64 {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_default()
}

/// `$HERON_FULL_SPEC`, or where `.ci/run` finds it by default.
pub(super) fn full_heron_spec() -> PathBuf {
    std::env::var_os("HERON_FULL_SPEC")
        .map(PathBuf::from)
        .unwrap_or_else(|| project_root().join("../shared/heron/heron-openapi.json"))
}

/// The seed, the full Heron spec, the three largest specs of `$HERON_SPECS_DIR`, and the
/// largest OpenAPI 3.1 spec of `$HERON_SPECS31_DIR` (Discord's), which also measures the
/// 3.1 normalisation inside the load stage.
fn bench_specs() -> Vec<PathBuf> {
    let specs30 = largest_in("HERON_SPECS_DIR", "../shared/specs", 3);
    let specs31 = largest_in("HERON_SPECS31_DIR", "../shared/specs31", 1);
    [project_root().join("spec/heron.yaml"), full_heron_spec()]
        .into_iter()
        .chain(specs30)
        .chain(specs31)
        .filter(|p| p.exists())
        .collect()
}

/// The `count` largest files of the directory `$variable` names (default: `fallback`,
/// relative to the project root), largest first.
fn largest_in(variable: &str, fallback: &str, count: usize) -> Vec<PathBuf> {
    let dir = std::env::var_os(variable)
        .map(PathBuf::from)
        .unwrap_or_else(|| project_root().join(fallback));
    let mut files: Vec<(u64, PathBuf)> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| Some((entry.metadata().ok()?.len(), entry.path())))
        .collect();
    files.sort();
    files
        .into_iter()
        .rev()
        .take(count)
        .map(|(_, path)| path)
        .collect()
}

/// The spec `copies` times over in one document. Copy `i > 0` has its paths under
/// `/copy{i}`, every component name and operationId suffixed `Copy{i}`, and its
/// references renamed to match, so schemas and operations grow `copies`-fold while
/// everything else about the spec stays as it was. Security schemes are named, not
/// referenced, by requirements: they are shared.
fn replicate(spec: &Value, copies: usize) -> Value {
    let mut out = spec.clone();
    for copy in 1..copies {
        let suffix = format!("Copy{copy}");
        let mut renamed = spec.clone();
        rename_references(&mut renamed, &suffix);
        if let (Some(paths), Some(Value::Object(new_paths))) = (
            out["paths"].as_object_mut(),
            renamed.get_mut("paths").map(Value::take),
        ) {
            for (path, item) in new_paths {
                paths.insert(format!("/copy{copy}{path}"), item);
            }
        }
        let Some(components) = renamed["components"].as_object() else {
            continue;
        };
        for (kind, entries) in components {
            if kind == "securitySchemes" {
                continue;
            }
            let (Some(target), Some(entries)) = (
                out["components"][kind.as_str()].as_object_mut(),
                entries.as_object(),
            ) else {
                continue;
            };
            for (name, entry) in entries {
                target.insert(format!("{name}{suffix}"), entry.clone());
            }
        }
    }
    out
}

/// Appends `suffix` to the component name in every `#/components/...` reference (in
/// `$ref`s and discriminator mappings alike) and to every operationId.
fn rename_references(value: &mut Value, suffix: &str) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match child {
                    Value::String(text) if key == "operationId" => text.push_str(suffix),
                    Value::String(text) => {
                        if let Some(renamed) = renamed_reference(text, suffix) {
                            *text = renamed;
                        }
                    }
                    _ => rename_references(child, suffix),
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| rename_references(item, suffix)),
        _ => {}
    }
}

/// `#/components/schemas/Pet/properties/id` -> `#/components/schemas/PetCopy1/properties/id`.
fn renamed_reference(reference: &str, suffix: &str) -> Option<String> {
    let rest = reference.strip_prefix("#/components/")?;
    let (kind, rest) = rest.split_once('/')?;
    if kind == "securitySchemes" {
        return None;
    }
    let (name, tail) = match rest.split_once('/') {
        Some((name, tail)) => (name, format!("/{tail}")),
        None => (rest, String::new()),
    };
    Some(format!("#/components/{kind}/{name}{suffix}{tail}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The copies must be whole: every reference resolves inside its own copy, so the
    /// generator sees exactly twice the operations and types.
    #[test]
    fn a_replicated_spec_has_twice_the_operations_and_types() {
        let text = fs::read_to_string(project_root().join("spec/heron.yaml")).unwrap();
        let once = generator::lower_spec(&text).unwrap().0;
        let tree = parse_tree(&text).unwrap();
        let doubled = serde_json::to_string(&replicate(&tree, 2)).unwrap();
        let (twice, warnings) = generator::lower_spec(&doubled).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(twice.operations.len(), 2 * once.operations.len());
        assert_eq!(twice.types.len(), 2 * once.types.len());
        assert!(twice
            .types
            .iter()
            .any(|def| def.name == "IntegrationLinkSchemaCopy1"));
    }

    #[test]
    fn references_into_a_component_keep_their_tail() {
        assert_eq!(
            renamed_reference("#/components/schemas/Pet/properties/id", "Copy1").as_deref(),
            Some("#/components/schemas/PetCopy1/properties/id")
        );
        assert_eq!(
            renamed_reference("#/components/securitySchemes/key", "Copy1"),
            None
        );
    }
}
