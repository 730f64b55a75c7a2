//! Arbitrary bytes as the names file of a small fixed spec (`fuzz/src/small_spec.yaml`; the
//! seeds in `fuzz/seeds/names_text/` are names files of it).
#![no_main]

use heron_codegen_fuzz::{generate, Inputs, SMALL_SPEC};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    generate(&Inputs {
        names: Some(text.to_owned()),
        ..Inputs::spec(SMALL_SPEC)
    });
});
