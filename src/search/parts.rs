//! Which file of a family holds a key: the index cuts what grows with the course (the Bloom
//! filters, the glossary's words) into parts by a hash of the key, and `search.js` computes the
//! same hash (`partOf`) to load the one part that can hold what a query looks for. The number of
//! parts grows with what they hold, so that a part stays about the same size on every course.

use crate::markup::fnv1a;

/// The part, of `parts`, that holds `key` (a token, a pair of characters or one character):
/// mirrored by `partOf` in `search.js`.
pub fn part_of(key: &str, parts: usize) -> usize {
    part_of_hash(fnv1a(key), parts)
}

/// [`part_of`] from the key's FNV-1a hash, mixed first (murmur3's finalizer): a Bloom filter's
/// bits are picked by the hash's low bits, and the part must not follow them.
pub(crate) fn part_of_hash(h: u32, parts: usize) -> usize {
    let mut m = h ^ (h >> 16);
    m = m.wrapping_mul(0x85eb_ca6b);
    m ^= m >> 13;
    m = m.wrapping_mul(0xc2b2_ae35);
    m ^= m >> 16;
    let parts = u32::try_from(parts.max(1)).unwrap_or(u32::MAX);
    (m % parts) as usize
}

/// How many parts of about `target` bytes hold `bytes`: at least one.
pub(crate) fn count_for(bytes: usize, target: usize) -> usize {
    bytes.div_ceil(target.max(1)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_spread_over_the_parts() {
        let mut counts = [0usize; 8];
        for i in 0..8000 {
            counts[part_of(&format!("word{i}"), 8)] += 1;
        }
        assert!(counts.iter().all(|&n| (800..1200).contains(&n)), "{counts:?}");
    }

    #[test]
    fn one_part_holds_everything() {
        assert_eq!(part_of("客户", 1), 0);
        assert_eq!(count_for(0, 100), 1);
        assert_eq!(count_for(250, 100), 3);
    }
}
