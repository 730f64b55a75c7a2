//! Structured random specs (`fuzz/src/spec.rs`), security schemes and requirements
//! included.
#![no_main]

use heron_codegen_fuzz::spec::Spec;
use heron_codegen_fuzz::{generate, Inputs};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|spec: Spec| {
    let text = spec.document().to_string();
    generate(&Inputs::spec(&text));
});
