//! `book.toml` parsed, then loaded and resolved as a course's configuration (any bytes).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    coursebook::fuzzing::book_toml(data);
});
