//! Prism judges the credentials the generated clients send: every operation of Twilio's
//! API (HTTP basic) and of Plaid's (three API keys sent together), with credentials set,
//! meets its security requirement (`cargo xtask contract --credentials`). Prism checks
//! credentials before anything else and answers 401 when they fall short.
//!
//! One test, run in order: the contract command builds in one scratch crate.

mod support;

use std::process::Command;

#[test]
fn prism_finds_the_credentials_of_every_twilio_and_plaid_operation_met() {
    let Some(specs) = support::outside_input("HERON_SPECS_DIR", "../shared/specs") else {
        return;
    };
    for (file, operations) in [
        ("twilio_api_v2010.yaml", 197),
        ("plaid-2020-09-14.yml", 329),
    ] {
        // The contract writes nothing beside the spec, but a copy keeps `../shared` out of
        // reach all the same.
        let scratch =
            std::env::temp_dir().join(format!("heron-credentials-{}", std::process::id()));
        std::fs::create_dir_all(&scratch).expect("scratch folder");
        let spec = scratch.join(file);
        std::fs::copy(specs.join(file), &spec).expect("copy the spec");
        let stdout = support::run_to_success(
            Command::new(env!("CARGO_BIN_EXE_xtask"))
                .args(["contract", "--credentials"])
                .arg(&spec),
            &format!("contract --credentials {file}"),
        );
        let summary = stdout
            .lines()
            .find(|line| line.starts_with("contract: "))
            .expect("summary line");
        assert!(
            summary.starts_with(&format!(
                "contract: {operations} operations called ({operations} of {operations};"
            )) && summary.ends_with(&format!(
                "{operations} with their credentials met, 0 failed"
            )),
            "{file}: {summary}"
        );
        let _ = std::fs::remove_dir_all(&scratch);
    }
}
