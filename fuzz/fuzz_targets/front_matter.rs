//! A page's text split into front matter and body, the YAML parsed and validated.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        coursebook::fuzzing::front_matter(text);
    }
});
