//! `cargo xtask bench [--quick]`: the generator's speed and memory, regeneration that
//! changes nothing, and the client's overhead against hand-written reqwest. Prints a table
//! and writes `target/bench/summary.json`. Medians over repeated runs after a warm-up;
//! ratios are measured in the same run, because the machine is shared and noisy.

use std::fs;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use serde_json::{json, Value};

use crate::{project_root, Failure};

pub(crate) fn run(args: &[String]) -> Result<(), Failure> {
    let quick = args.iter().any(|a| a == "--quick");
    let runs = if quick { 3 } else { 10 };
    let mut summary: Vec<Value> = Vec::new();

    println!("generator ({runs} runs after a warm-up; medians)");
    println!(
        "{:<34} {:>7} {:>9} {:>9} {:>6} {:>8} {:>10} {:>7} {:>8}   stages (load/lower/split/emit/format ms)",
        "spec", "MB", "parse ms", "gen ms", "ratio", "MB/s", "lines/s", "ms/MB", "peak MB"
    );
    for spec in bench_specs() {
        let output = Command::new(std::env::current_exe().map_err(|err| io(&err))?)
            .args(["bench-spec", &spec.display().to_string(), &runs.to_string()])
            .output()
            .map_err(|err| io(&err))?;
        let Ok(result) = serde_json::from_slice::<Value>(&output.stdout) else {
            eprintln!(
                "error: {}: {}",
                spec.display(),
                String::from_utf8_lossy(&output.stderr)
            );
            return Err(Failure::CheckFailed);
        };
        let number = |key: &str| result[key].as_f64().unwrap_or_default();
        let mb = number("input_bytes") / 1e6;
        let (parse, generate) = (number("parse_ms"), number("generate_ms"));
        let name = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!(
            "{:<34} {:>7.2} {:>9.1} {:>9.1} {:>6.2} {:>8.1} {:>10.0} {:>7.1} {:>8.1}   {}",
            name,
            mb,
            parse,
            generate,
            generate / parse.max(1e-9),
            mb / (generate / 1e3),
            number("output_lines") / (generate / 1e3),
            generate / mb.max(1e-9),
            number("peak_rss_kb") / 1024.0,
            result["stages_ms"]
                .as_array()
                .map(|s| s
                    .iter()
                    .map(|v| format!("{:.1}", v.as_f64().unwrap_or_default()))
                    .collect::<Vec<_>>()
                    .join("/"))
                .unwrap_or_default(),
        );
        summary.push(json!({"name": format!("parse {name}"), "median": parse, "unit": "ms"}));
        summary.push(json!({"name": format!("generate {name}"), "median": generate, "unit": "ms", "ratio": generate / parse.max(1e-9), "baseline": "parse"}));
        summary.push(json!({"name": format!("generate per MB {name}"), "median": generate / mb.max(1e-9), "unit": "ms/MB"}));
        summary.push(json!({"name": format!("peak memory {name}"), "median": number("peak_rss_kb") / 1024.0, "unit": "MB"}));
    }

    let rewritten = regenerate_twice()?;
    println!("\nregeneration with nothing changed: {rewritten} files rewritten");
    summary.push(json!({"name": "files rewritten by an unchanged regeneration", "median": rewritten, "unit": "files"}));

    println!(
        "\nclient overhead (loopback server; generated client vs hand-written reqwest + serde)"
    );
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "run",
            "--quiet",
            "--release",
            "--package",
            "heron-client",
            "--example",
            "overhead",
            "--",
        ])
        .arg(if quick { "2000" } else { "10000" })
        .current_dir(project_root())
        .output()
        .map_err(|err| io(&err))?;
    let stdout = String::from_utf8_lossy(&status.stdout);
    for line in stdout.lines() {
        match serde_json::from_str::<Value>(line) {
            Ok(measurement) => {
                println!(
                    "{:<44} {:>10.1} {:<6} ratio {:.2}",
                    measurement["name"].as_str().unwrap_or_default(),
                    measurement["median"].as_f64().unwrap_or_default(),
                    measurement["unit"].as_str().unwrap_or_default(),
                    measurement["ratio"].as_f64().unwrap_or_default()
                );
                summary.push(measurement);
            }
            Err(_) => println!("{line}"),
        }
    }
    if !status.status.success() {
        eprintln!(
            "error: the overhead benchmark failed:\n{}",
            String::from_utf8_lossy(&status.stderr)
        );
        return Err(Failure::CheckFailed);
    }

    let out = project_root().join("target/bench");
    fs::create_dir_all(&out).map_err(|err| io(&err))?;
    let text = serde_json::to_string_pretty(&summary).unwrap_or_default();
    fs::write(out.join("summary.json"), text).map_err(|err| io(&err))?;
    println!("\nwrote target/bench/summary.json");
    Ok(())
}

/// `xtask bench-spec SPEC RUNS` (internal): one spec in a process of its own, so that its
/// peak memory is its own. Prints one JSON object.
pub(crate) fn run_spec(args: &[String]) -> Result<(), Failure> {
    let [spec, runs] = args else {
        return Err(Failure::Usage("bench-spec SPEC RUNS".into()));
    };
    let runs: usize = runs
        .parse()
        .map_err(|_| Failure::Usage("RUNS is a number".into()))?;
    let text = fs::read_to_string(spec).map_err(|err| io(&err))?;
    let options = generator::Options {
        crate_name: "bench".into(),
        regenerate_with: "cargo xtask bench".into(),
    };
    let mut totals = Vec::new();
    let mut stages: Vec<[f64; 5]> = Vec::new();
    let mut lines = 0;
    for run in 0..=runs {
        let started = Instant::now();
        let generated = generator::generate(&text, &options).map_err(|_| Failure::BadInput)?;
        let total = started.elapsed().as_secs_f64() * 1e3;
        if run == 0 {
            continue; // warm-up
        }
        let t = generated.timings;
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
        stages.push([
            ms(t.load),
            ms(t.lower),
            ms(t.split),
            ms(t.emit),
            ms(t.format),
        ]);
        totals.push(total);
        lines = generated
            .files
            .iter()
            .map(|f| f.contents.lines().count())
            .sum::<usize>();
    }
    let stage_medians: Vec<f64> = (0..5)
        .map(|i| median(stages.iter().map(|s| s[i]).collect()))
        .collect();
    println!(
        "{}",
        json!({
            "input_bytes": text.len(),
            "parse_ms": stage_medians[0],
            "generate_ms": median(totals),
            "stages_ms": stage_medians,
            "output_lines": lines,
            "peak_rss_kb": peak_rss_kb(),
        })
    );
    Ok(())
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or_default()
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

/// The seed, the full Heron spec, and the three largest specs of `$HERON_SPECS_DIR`.
fn bench_specs() -> Vec<PathBuf> {
    let shared = project_root().join("../shared");
    let full = std::env::var_os("HERON_FULL_SPEC")
        .map(PathBuf::from)
        .unwrap_or_else(|| shared.join("heron/heron-openapi.json"));
    let dir = std::env::var_os("HERON_SPECS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| shared.join("specs"));
    let mut others: Vec<(u64, PathBuf)> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| Some((entry.metadata().ok()?.len(), entry.path())))
        .collect();
    others.sort();
    let largest = others.into_iter().rev().take(3).map(|(_, path)| path);
    [project_root().join("spec/heron.yaml"), full]
        .into_iter()
        .chain(largest)
        .filter(|p| p.exists())
        .collect()
}

/// Generates the seed twice into one directory; the second run must rewrite nothing.
fn regenerate_twice() -> Result<usize, Failure> {
    let dir = project_root().join("target/bench/regenerate");
    let text =
        fs::read_to_string(project_root().join("spec/heron.yaml")).map_err(|err| io(&err))?;
    let options = generator::Options {
        crate_name: "heron-client".into(),
        regenerate_with: "cargo xtask bench".into(),
    };
    let generated = generator::generate(&text, &options).map_err(|_| Failure::BadInput)?;
    generator::write::write(&dir, &generated.files).map_err(|err| io(&err))?;
    let second = generator::write::write(&dir, &generated.files).map_err(|err| io(&err))?;
    Ok(second.written.len() + second.removed.len())
}

fn io(err: &dyn std::fmt::Display) -> Failure {
    eprintln!("error: {err}");
    Failure::BadInput
}
