//! FNV-1a, the one hash whose values the browser sees: the search index's Bloom filter (computed
//! again by `search.js`) and the short names under which `quiz.js` keeps a student's answers.

/// The 32-bit FNV-1a hash of `text`'s UTF-8 bytes. `search.js` computes the same, and stored
/// answers are named by it: the values must never change.
pub(crate) fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(2_166_136_261u32, |h, b| (h ^ u32::from(b)).wrapping_mul(16_777_619))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_fnv1a_values() {
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
        assert_eq!(fnv1a("foobar"), 0xbf9c_f968);
        assert_eq!(fnv1a("顾客嫌贵时，客服首先应该怎么做？"), 0x229a_d434, "UTF-8 bytes, not characters");
    }
}
