//! The `heron-codegen` command: `generate`, `check`, `diff` and `fetch`
//! (`heron-codegen --help`).

fn main() -> std::process::ExitCode {
    heron_codegen::cli::main()
}
