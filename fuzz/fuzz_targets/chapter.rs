//! A chapter through the whole render: front matter, glossary, links, term linker, theme, search.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        coursebook::fuzzing::chapter(text);
    }
});
