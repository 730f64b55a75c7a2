//! The temporary cargo workspaces under `target/` that `corpus`, `contract` and `bench`
//! build in, how cargo runs there, and the file helpers the commands share.
//!
//! Every scratch workspace builds into one target directory, [`SCRATCH_TARGET`], whatever
//! `CARGO_TARGET_DIR` or the user's cargo configuration say: the dependencies the
//! workspaces have in common (the runtime's HTTP stack above all) are built once for all
//! of them and stay built from one run to the next, a shared target directory of the
//! user's never fills with throwaway crates, and a program built there is still found by
//! asking cargo where it put it, not by guessing the path. The generator's compile tests
//! build their fixture crates there too.

use std::fmt::Display;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::project::{project_root, Failure};

/// `cargo`, the one running xtask (the `CARGO` variable), run in `dir`.
pub(crate) fn cargo(dir: &Path) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(dir);
    command
}

/// The target directory of every scratch workspace, under the project root. One directory,
/// not one per workspace: each would hold its own build of the same dependencies, and in
/// CI the copies once filled the disk.
pub(crate) const SCRATCH_TARGET: &str = "target/scratch";

/// [`cargo`] in the scratch workspace `dir`, building into [`SCRATCH_TARGET`].
pub(crate) fn scratch_cargo(dir: &Path) -> Command {
    let mut command = cargo(dir);
    command.env("CARGO_TARGET_DIR", project_root().join(SCRATCH_TARGET));
    command
}

/// Runs `build` (a `cargo build` command) with JSON messages and returns the path of the
/// executable cargo reports for the binary `name`: the one place that knows where a
/// program went, whatever target directory or target triple is configured. The error
/// holds cargo's output.
pub(crate) fn build_program(build: &mut Command, name: &str) -> Result<PathBuf, String> {
    let output = build
        .arg("--message-format=json-render-diagnostics")
        .output()
        .map_err(|err| format!("cannot run cargo: {err}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let executable = stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| {
            message["reason"] == "compiler-artifact" && message["target"]["name"] == name
        })
        .find_map(|message| message["executable"].as_str().map(PathBuf::from));
    match executable {
        Some(path) if output.status.success() => Ok(path),
        _ => Err(format!(
            "cargo built no program `{name}`:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )),
    }
}

/// Generates the crate `crate_name` from `text` for a scratch workspace, with no names
/// file or overlay; an invalid spec prints its errors (naming the spec `spec_name`) and is
/// [`Failure::BadInput`].
pub(crate) fn generate_scratch_crate(
    text: &str,
    spec_name: &str,
    crate_name: &str,
    regenerate_with: &str,
) -> Result<generator::Generated, Failure> {
    let options = generator::Options {
        crate_name: crate_name.into(),
        regenerate_with: regenerate_with.into(),
        names: None,
        overlay: None,
        previous: None,
        package: Default::default(),
    };
    generator::generate(text, &options).map_err(|errors| {
        for error in &errors {
            eprintln!("{}", error.display_in(spec_name));
        }
        Failure::BadInput
    })
}

/// Writes a workspace manifest listing `members` into `dir`, and the project's lock file
/// beside it (once), so the generated crates build with the versions the project does.
pub(crate) fn write_workspace(dir: &Path, members: &[String]) -> Result<(), Failure> {
    let quoted: Vec<String> = members
        .iter()
        .map(|member| format!("\"{member}\""))
        .collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        quoted.join(", ")
    );
    write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
    let lock = dir.join("Cargo.lock");
    if !lock.exists() {
        fs::copy(project_root().join("Cargo.lock"), &lock).map_err(|err| io_failure(&lock, err))?;
    }
    Ok(())
}

/// Writes `contents` unless the file already holds them, so cargo sees no change.
pub(crate) fn write_if_changed(path: &Path, contents: &str) -> Result<(), Failure> {
    if fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return Ok(());
    }
    fs::write(path, contents).map_err(|err| io_failure(path, err))
}

/// Runs `command` to the end; a failure to start or a non-zero exit is reported with its
/// output and fails the command.
pub(crate) fn run_to_end(command: &mut Command, what: &str) -> Result<Output, Failure> {
    let output = command.output().map_err(|err| {
        eprintln!("error: {what}: {err}");
        Failure::BadInput
    })?;
    if !output.status.success() {
        eprintln!(
            "error: {what} failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        return Err(Failure::CheckFailed);
    }
    Ok(output)
}

/// Reports a file-system error naming the path; the caller exits with "bad input".
pub(crate) fn io_failure(path: &Path, err: impl Display) -> Failure {
    eprintln!("error: {}: {err}", path.display());
    Failure::BadInput
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A program built under a `CARGO_TARGET_DIR` of the user's is found where cargo put
    /// it (the bench once looked under the workspace's own `target/` and failed).
    #[test]
    fn a_program_is_found_wherever_cargo_builds_it() {
        // Unit tests get no `CARGO_TARGET_TMPDIR`; the process id keeps runs apart.
        let root = std::env::temp_dir().join(format!("xtask-build-program-{}", std::process::id()));
        let dir = root.join("hello");
        fs::create_dir_all(dir.join("src")).expect("create the scratch crate");
        let manifest =
            "[package]\nname = \"hello\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n";
        fs::write(dir.join("Cargo.toml"), manifest).expect("write Cargo.toml");
        fs::write(
            dir.join("src/main.rs"),
            "fn main() { print!(\"hello\"); }\n",
        )
        .expect("write main.rs");
        let elsewhere = root.join("users-target");
        let program = build_program(
            cargo(&dir)
                .args(["build", "--quiet"])
                .env("CARGO_TARGET_DIR", &elsewhere),
            "hello",
        )
        .unwrap_or_else(|err| panic!("{err}"));
        assert!(program.starts_with(&elsewhere), "{}", program.display());
        let output = Command::new(&program).output().expect("run the program");
        assert_eq!(output.stdout, b"hello");
        let _ = fs::remove_dir_all(&root);
    }
}
