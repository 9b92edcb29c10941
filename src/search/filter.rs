//! Bloom filters of the shards' tokens, so that a query loads only the shards likely to answer
//! it. A course's filters grow with its text, so they are not written whole: each shard's
//! filter is cut into pieces by the tokens' hash ([`part_of_hash`]), and `filters-N.js` holds
//! piece N of every shard. A query loads the parts of its own tokens, a few small files
//! whatever the course's size. Probes and parts are mirrored in `search.js`.

use crate::markup::fnv1a;

use super::entries::PageEntry;
use super::parts::part_of_hash;
use super::tokenize;

/// Bits per distinct token, with three probes: about 0.7 % of the tokens a shard lacks answer
/// "maybe" (and load it for nothing).
const BITS_PER_TOKEN: usize = 14;

/// A piece's bits are a multiple of 24, so its base64 needs no padding and the browser reads
/// its size from its length (six bits a character).
const BITS_ROUNDING: usize = 24;

/// Markdown per part of the filters: a course of 48 MB has about 190 parts, each with a piece
/// of every shard's filter, which a query loads by its tokens (kilobytes each, not the
/// megabytes of every shard's whole filter).
pub(crate) const MARKDOWN_PER_FILTER_PART: usize = 256 * 1024;

/// The pieces of the Bloom filter of the pages (titles, headings, text) of shard `shard`, one
/// per part: piece `p` holds the tokens whose hash [`part_of_hash`] sends to `p`, in base64 (its
/// size in bits is six times its length), empty when the shard has no such token. Tokens are
/// hashed once; the distinct hashes size each piece.
pub(crate) fn pieces<'p>(pages: impl Iterator<Item = &'p PageEntry>, shard: usize, parts: usize) -> Vec<String> {
    let mut hashes: Vec<u32> = Vec::new();
    let mut add = |text: &str| hashes.extend(tokenize::tokens(&tokenize::normalize(text)).into_iter().map(fnv1a));
    for page in pages {
        add(&page.title);
        for section in &page.sections {
            add(&section.heading);
            add(&section.text);
        }
    }
    hashes.sort_unstable();
    hashes.dedup();
    let mut by_part: Vec<Vec<u32>> = vec![Vec::new(); parts];
    for h in hashes {
        by_part[part_of_hash(h, parts)].push(h);
    }
    by_part.iter().map(|part| filter(part, shard)).collect()
}

/// The Bloom filter of shard `shard`'s distinct token hashes, base64; empty for none.
fn filter(hashes: &[u32], shard: usize) -> String {
    if hashes.is_empty() {
        return String::new();
    }
    let wanted = (hashes.len() * BITS_PER_TOKEN).next_multiple_of(BITS_ROUNDING);
    let bits = u32::try_from(wanted).unwrap_or(u32::MAX / 24 * 24);
    let mut filter: Vec<u8> = super::written_zeros((bits / 8) as usize);
    for &h in hashes {
        for probe in probes_of_hash(shard_hash(h, shard), bits) {
            filter[(probe / 8) as usize] |= 1 << (probe % 8);
        }
    }
    base64(&filter)
}

/// Bit positions of a token in shard `shard`'s filter: FNV-1a over its UTF-8 bytes, seeded by
/// the shard, double hashing (mirrored in search.js).
pub fn probes(token: &str, shard: usize, bits: u32) -> [u32; 3] {
    probes_of_hash(shard_hash(fnv1a(token), shard), bits)
}

/// A token's hash seeded by its shard. A small piece holds mostly words every shard has, so
/// the pieces of many shards would have the same bits and, unseeded, answer "maybe" for the
/// same absent token together (and load many shards for nothing); seeded, each errs alone.
fn shard_hash(h: u32, shard: usize) -> u32 {
    let seed = u32::try_from(shard).unwrap_or(u32::MAX).wrapping_add(1);
    h ^ seed.wrapping_mul(0x9E37_79B1)
}

/// [`probes`] from the token's hash.
fn probes_of_hash(h: u32, bits: u32) -> [u32; 3] {
    let mut g = (h ^ (h >> 15)).wrapping_mul(2_246_822_507);
    g = (g ^ (g >> 13)) | 1;
    [0u32, 1, 2].map(|i| h.wrapping_add(i.wrapping_mul(g)) % bits)
}

/// Standard base64 (the browser decodes it with `atob`).
fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(TABLE[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::entries::Section;
    use super::super::parts::part_of;
    use super::*;

    fn page(text: &str) -> PageEntry {
        PageEntry {
            href: "a.html".into(),
            title: "a".into(),
            sections: vec![Section { anchor: String::new(), heading: "换货流程".into(), text: text.into() }],
        }
    }

    /// The filter's bytes, decoded from base64.
    fn decode(filter: &str) -> Vec<u8> {
        let table = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let clean: Vec<u8> =
            filter.bytes().filter(|b| *b != b'=').map(|b| table.iter().position(|t| *t == b).unwrap() as u8).collect();
        clean
            .chunks(4)
            .flat_map(|c| {
                let n = c.iter().enumerate().fold(0u32, |acc, (i, v)| acc | (u32::from(*v) << (18 - 6 * i)));
                (0..c.len().saturating_sub(1)).map(move |i| (n >> (16 - 8 * i)) as u8)
            })
            .collect()
    }

    /// Whether the pieces of shard `shard` answer "maybe" for `token`, as the browser asks
    /// them: the piece of the token's part, six bits per character.
    fn maybe_holds(pieces: &[String], shard: usize, token: &str) -> bool {
        let piece = &pieces[part_of(token, pieces.len())];
        let bits = piece.len() as u32 * 6;
        let bytes = decode(piece);
        bits > 0 && probes(token, shard, bits).iter().all(|p| bytes[(p / 8) as usize] & (1 << (p % 8)) != 0)
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
    }

    #[test]
    fn the_pieces_hold_every_token_of_the_shard_and_need_no_padding() {
        let pages = [page("客户满意度 FAQ")];
        let pieces = pieces(pages.iter(), 7, 4);
        assert_eq!(pieces.len(), 4);
        assert!(pieces.iter().all(|p| p.len() % 4 == 0 && !p.contains('=')), "{pieces:?}");
        for token in ["换", "换货", "流程", "满意", "faq", "a"] {
            assert!(maybe_holds(&pieces, 7, token), "{token}");
        }
    }

    #[test]
    fn the_pieces_rarely_answer_maybe_for_a_token_of_another_shard() {
        // A query's word found in no page of a shard should seldom load it.
        let text: Vec<String> = (0..2000).map(|i| format!("word{i}")).collect();
        let pages = [page(&text.join(" "))];
        let pieces = pieces(pages.iter(), 0, 3);
        let false_hits = (0..1000).filter(|i| maybe_holds(&pieces, 0, &format!("other{i}"))).count();
        assert!(false_hits < 20, "{false_hits} of 1,000 absent words would load the shard");
    }

    #[test]
    fn shards_of_the_same_words_err_apart() {
        // Pieces of a few common words, the same in every shard: an absent token answers
        // "maybe" in few of them, not in all or none.
        let pages = [page("the and of")];
        let shards: Vec<Vec<String>> = (0..200).map(|shard| pieces(pages.iter(), shard, 1)).collect();
        for i in 0..2000 {
            let token = format!("absent{i}");
            let wrong = shards.iter().enumerate().filter(|(shard, p)| maybe_holds(p, *shard, &token)).count();
            assert!(wrong < 40, "{token} would load {wrong} shards of 200");
        }
    }
}
