//! The search tokenizer, index side and query side.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        coursebook::fuzzing::tokenize(text);
    }
});
