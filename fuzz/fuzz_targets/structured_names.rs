//! A structured spec with a structured names file (`fuzz/src/names.rs`) keyed by that
//! spec's items: clashes, invalid identifiers, aliases.
#![no_main]

use heron_codegen_fuzz::names::Names;
use heron_codegen_fuzz::spec::Spec;
use heron_codegen_fuzz::{generate, Inputs};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (Spec, Names)| {
    let (spec, names) = input;
    let text = spec.document().to_string();
    generate(&Inputs {
        names: Some(names.text(&spec)),
        ..Inputs::spec(&text)
    });
});
