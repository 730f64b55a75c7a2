//! Arbitrary bytes as a spec: the generator must answer with files or diagnostics, never
//! panic, overflow its stack or hang.
#![no_main]

use heron_codegen_fuzz::{generate, Inputs};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    generate(&Inputs::spec(text));
});
