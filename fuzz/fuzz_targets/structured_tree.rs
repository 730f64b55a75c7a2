//! Specs kept in several files (`fuzz/src/tree.rs`): a small tree in memory whose
//! references point between files, out of the tree and in cycles.
#![no_main]

use heron_codegen_fuzz::tree::Tree;
use heron_codegen_fuzz::{generate, Inputs};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|tree: Tree| {
    let inputs = Inputs {
        tree: Some(generator::source::InMemory::new(tree.files())),
        ..Inputs::spec("")
    };
    generate(&inputs);
});
