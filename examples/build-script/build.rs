//! Generates the Heron client from the seed spec into `OUT_DIR` on every build that
//! changes the spec (cargo reruns this when a file it read changes).

fn main() {
    // The names file beside the spec (`spec/heron.names.toml`) is read, never written:
    // the client keeps the names `cargo xtask codegen` recorded.
    let generated = heron_codegen::Generator::new("../../spec/heron.yaml").generate_into_out_dir();
    match generated {
        Ok(report) => {
            for warning in &report.warnings {
                println!("cargo::warning={warning}");
            }
        }
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    }
}
