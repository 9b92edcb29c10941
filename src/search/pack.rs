//! A substitution table that makes the index smaller than the text it holds.
//!
//! Chinese characters take three bytes in UTF-8; characters from U+0100 to U+07FF take two. Each
//! shard maps its most frequent three-byte characters to two-byte code points that do not occur
//! in that shard, and carries the table; `search.js` maps them back when the shard loads. The
//! text of a Chinese course shrinks by about a third; nothing is lost.

/// Two-byte code points usable as codes: Latin Extended to NKo, without combining marks.
fn code_points() -> impl Iterator<Item = char> {
    (0x100u32..=0x7FF).filter(|c| !(0x300..=0x36F).contains(c)).filter_map(char::from_u32)
}

/// A table entry costs five bytes (the code and the character), each use saves one.
const MIN_USES: usize = 6;

/// The substitution table of one shard.
#[derive(Debug, Default)]
pub(super) struct Packer {
    /// Code for each three-byte character (indexed by code point; 0: none).
    codes: Vec<u16>,
    /// Code, character, code, character…: what the script needs to map codes back.
    pub(super) table: String,
}

impl Packer {
    /// Chooses the codes for the texts of a shard.
    pub(super) fn new<'a>(texts: impl Iterator<Item = &'a str>) -> Packer {
        // Counting by code point in flat arrays: a shard holds hundreds of kilobytes of text.
        let mut counts: Vec<u32> = super::written_zeros(0x10000);
        let mut present: Vec<bool> = super::written_zeros(0x800);
        for text in texts {
            for c in text.chars() {
                let n = c as usize;
                match c.len_utf8() {
                    3 => counts[n] += 1,
                    2 => present[n] = true,
                    _ => {}
                }
            }
        }
        let mut frequent: Vec<(u32, u32)> =
            counts.iter().enumerate().filter(|&(_, &n)| n as usize >= MIN_USES).map(|(c, &n)| (c as u32, n)).collect();
        frequent.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let free = code_points().filter(|c| !present[*c as usize]);
        let mut packer = Packer::default();
        for ((original, _), code) in frequent.into_iter().zip(free) {
            let Some(original) = char::from_u32(original) else { continue };
            if packer.codes.is_empty() {
                packer.codes = super::written_zeros(0x10000);
            }
            packer.codes[original as usize] = code as u16;
            packer.table.push(code);
            packer.table.push(original);
        }
        packer
    }

    /// The text with frequent characters replaced by their codes.
    pub(super) fn pack(&self, text: &str) -> String {
        if self.codes.is_empty() {
            return text.to_string();
        }
        text.chars()
            .map(|c| match self.codes.get(c as usize) {
                Some(&code) if code != 0 => char::from_u32(u32::from(code)).unwrap_or(c),
                _ => c,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn unpack(table: &str, text: &str) -> String {
        let pairs: Vec<char> = table.chars().collect();
        let map: HashMap<char, char> = pairs.chunks(2).map(|p| (p[0], p[1])).collect();
        text.chars().map(|c| map.get(&c).copied().unwrap_or(c)).collect()
    }

    #[test]
    fn round_trip_is_lossless_and_smaller() {
        let text = "客户服务需要耐心与真诚，客户满意度来自体验。Ĉu ĉi tio estas ĉina? 客户客户客户客户".repeat(5);
        let packer = Packer::new([text.as_str()].into_iter());
        let packed = packer.pack(&text);
        assert_eq!(unpack(&packer.table, &packed), text);
        assert!(
            packed.len() + packer.table.len() < text.len(),
            "{} + {} >= {}",
            packed.len(),
            packer.table.len(),
            text.len()
        );
        assert!(!packer.table.contains('ĉ'), "characters of the text are never codes");
    }

    #[test]
    fn a_text_of_many_different_characters_shrinks_by_a_quarter_or_more() {
        // 300 different characters, each used 20 times: more than a small table could hold.
        let text: String = (0..20).flat_map(|_| (0x4E00u32..0x4E00 + 300).filter_map(char::from_u32)).collect();
        let packer = Packer::new([text.as_str()].into_iter());
        let packed = packer.pack(&text);
        assert_eq!(unpack(&packer.table, &packed), text);
        let size = packed.len() + packer.table.len();
        assert!(size * 4 <= text.len() * 3, "{size} bytes for {} of text", text.len());
    }

    #[test]
    fn rare_characters_are_left_alone() {
        let packer = Packer::new(["罕见字".repeat(2).as_str()].into_iter());
        assert!(packer.table.is_empty());
        assert_eq!(packer.pack("罕见字"), "罕见字");
    }
}
