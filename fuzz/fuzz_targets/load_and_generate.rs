//! Arbitrary bytes as a spec: the generator must answer with files or diagnostics, never
//! panic, overflow its stack or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let options = generator::Options {
        crate_name: "fuzz-client".into(),
        regenerate_with: "fuzz".into(),
        names: None,
        overlay: None,
    };
    let _ = generator::generate(text, &options);
});
