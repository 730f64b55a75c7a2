//! Arbitrary bytes as an overlay of a small fixed spec (`fuzz/src/small_spec.yaml`; the
//! seeds in `fuzz/seeds/overlay_text/` are overlays of it).
#![no_main]

use heron_codegen_fuzz::{generate, Inputs, SMALL_SPEC};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    generate(&Inputs {
        overlay: Some(text.to_owned()),
        ..Inputs::spec(SMALL_SPEC)
    });
});
