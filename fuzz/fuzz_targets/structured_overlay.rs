//! A structured spec with a structured overlay (`fuzz/src/overlay.rs`) whose targets hit,
//! miss and select with `*` nodes of that spec.
#![no_main]

use heron_codegen_fuzz::overlay::Overlay;
use heron_codegen_fuzz::spec::Spec;
use heron_codegen_fuzz::{generate, Inputs};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (Spec, Overlay)| {
    let (spec, overlay) = input;
    let text = spec.document().to_string();
    generate(&Inputs {
        overlay: Some(overlay.text(&spec)),
        ..Inputs::spec(&text)
    });
});
