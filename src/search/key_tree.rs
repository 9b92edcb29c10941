//! Which key a string of the glossary's words is placed under in `words-N.js`, so that no key
//! holds more than a part's worth. A key is the start of the string: its first two characters,
//! or more where two begin too many strings. With thousands of terms named alike (`相关术语
//! 1号`…, `dense 12`, aliases `alias 3 of concept 12`), a pair such as `相关` or `de` held
//! every term's words, and the part a query holding it loaded grew with the glossary (2 MB
//! of 6,000 terms).
//!
//! A key holding more than [`NODE_BYTES`] is *split*: its strings are placed under their next
//! character's key (`相关术`), and so on, up to the tree's longest key. A query (`search.js`,
//! `walkKeys`) walks the same way from each of its characters: it loads the part of its pair,
//! sees there whether the pair is split, then loads the part of the longer key, until the key
//! is not split or the query ends. A key that cannot be split (every string ends there, or it
//! is the longest) keeps its best entries (`lookup::keep_best`): that happens only when more
//! than a part's worth of words share those characters.

use ahash::{AHashMap, AHashSet};

/// About the most bytes of entries one key holds before it is split.
pub(crate) const NODE_BYTES: usize = 16 * 1024;

/// The keys of a glossary's strings: which are split.
#[derive(Debug, Default)]
pub(crate) struct KeyTree<'a> {
    split: AHashSet<&'a str>,
    /// The longest key, in characters: never split.
    longest: usize,
}

/// Where a string is placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Placed<'a> {
    /// The key: a start of the string.
    pub(crate) key: &'a str,
    /// Whether the key is split: the string is the key itself, and the strings longer than it
    /// are under longer keys.
    pub(crate) split: bool,
}

impl<'a> KeyTree<'a> {
    /// The tree of `strings`: each of two characters or more, with its entry's number, the
    /// entry taking `bytes(entry)`. The strings of one entry (a group's words, a word's ends)
    /// come one after the other, and an entry counts once under a key, where it is placed once.
    /// Each level (keys of two characters, then three…) is counted in one pass over the strings
    /// under a split key of the level before, holding only the keys of the level: a level's
    /// strings held instead took 17 MB for 6,000 terms of 26 words each.
    pub(crate) fn new<I>(strings: I, bytes: impl Fn(usize) -> usize, longest: usize) -> KeyTree<'a>
    where
        I: Iterator<Item = (&'a str, usize)> + Clone,
    {
        let mut tree = KeyTree { longest, ..KeyTree::default() };
        for length in 2..=longest {
            // Under each key of this level: bytes, whether a string goes on past it, and the
            // last entry counted.
            let mut keys: AHashMap<&'a str, (usize, bool, usize)> = AHashMap::new();
            for (string, entry) in strings.clone() {
                let Some(key) = tree.key_under_split(string, length) else { continue };
                let slot = keys.entry(key).or_insert((0, false, usize::MAX));
                if slot.2 != entry {
                    slot.0 += bytes(entry);
                    slot.2 = entry;
                }
                slot.1 |= key.len() < string.len();
            }
            let mut split_here = false;
            for (key, (size, goes_on, _)) in keys {
                split_here |= tree.mark(key, size, goes_on, length);
            }
            if !split_here {
                break;
            }
        }
        tree
    }

    /// The first `length` characters of `string`, when it has that many and its first
    /// `length - 1` are a split key (any pair for a length of two). The pair is looked at
    /// first: most strings are under a pair that is not split.
    fn key_under_split(&self, string: &'a str, length: usize) -> Option<&'a str> {
        let pair = char_end(string, 0, 2)?;
        if length == 2 {
            return Some(&string[..pair]);
        }
        if !self.split.contains(&string[..pair]) {
            return None;
        }
        let parent = if length == 3 { pair } else { char_end(string, pair, length - 3)? };
        if parent == string.len() || (length > 3 && !self.split.contains(&string[..parent])) {
            return None;
        }
        let end = char_end(string, parent, 1)?;
        Some(&string[..end])
    }

    /// Marks `key` (of `length` characters, holding `size` bytes) split when it holds more than
    /// [`NODE_BYTES`], a string goes on past it and it is not the longest. Whether it is split.
    fn mark(&mut self, key: &'a str, size: usize, goes_on: bool, length: usize) -> bool {
        let split = size > NODE_BYTES && goes_on && length < self.longest;
        if split {
            self.split.insert(key);
        }
        split
    }

    /// Where `string` (two characters or more) is placed: under its shortest start that is not
    /// split, or, when every start up to the whole string is, under itself, split.
    pub(crate) fn place(&self, string: &'a str) -> Placed<'a> {
        let mut ends = string.char_indices().map(|(i, _)| i).skip(2).chain([string.len()]);
        let first = ends.next().unwrap_or(string.len());
        let mut key = &string[..first];
        if self.split.is_empty() {
            return Placed { key, split: false };
        }
        for end in ends {
            if !self.split.contains(key) {
                return Placed { key, split: false };
            }
            key = &string[..end];
        }
        Placed { key, split: self.split.contains(key) }
    }

    /// The split keys, for the parts that say so to a query.
    pub(crate) fn split_keys(&self) -> impl Iterator<Item = &'a str> + Clone + '_ {
        self.split.iter().copied()
    }
}

/// Where the `count` characters of `string` from byte `from` end, if it has that many.
fn char_end(string: &str, from: usize, count: usize) -> Option<usize> {
    let rest = string.get(from..)?;
    match rest.char_indices().nth(count) {
        Some((end, _)) => Some(from + end),
        None => (rest.chars().count() == count).then_some(string.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The longest key of the trees made here.
    const LONGEST: usize = 32;

    fn tree<'a>(strings: &'a [String], bytes: usize) -> KeyTree<'a> {
        KeyTree::new(strings.iter().enumerate().map(|(i, s)| (s.as_str(), i)), move |_| bytes, LONGEST)
    }

    #[test]
    fn a_glossary_of_words_unlike_keeps_its_pairs() {
        let strings: Vec<String> = (0..2000).map(|i| format!("{}{i}", char::from_u32(0x4E00 + i).unwrap())).collect();
        let tree = tree(&strings, 40);
        assert!(tree.split.is_empty());
        assert_eq!(tree.place("一0"), Placed { key: "一0", split: false });
        assert_eq!(tree.place("一05"), Placed { key: "一0", split: false });
    }

    #[test]
    fn a_pair_too_many_words_start_with_is_split_by_the_next_characters() {
        // 3,000 words start with `de`; `dense 1`… take 40 bytes each: `de`, `den`, … `dense `
        // hold them all and are split; `dense 1` holds 1,111 (split), `dense 12` 111 (not).
        let mut strings: Vec<String> = (0..3000).map(|i| format!("dense {i}")).collect();
        strings.push("de".into());
        strings.push("客户".into());
        let tree = tree(&strings, 40);
        for key in ["de", "den", "dens", "dense", "dense ", "dense 1"] {
            assert!(tree.split.contains(key), "{key}");
        }
        assert!(!tree.split.contains("dense 12") && !tree.split.contains("客户"));
        assert_eq!(tree.place("dense 1234"), Placed { key: "dense 12", split: false });
        assert_eq!(tree.place("dense 1"), Placed { key: "dense 1", split: true });
        assert_eq!(tree.place("de"), Placed { key: "de", split: true });
        assert_eq!(tree.place("客户"), Placed { key: "客户", split: false });
        assert_eq!(tree.place("dexterity"), Placed { key: "dex", split: false });
    }

    #[test]
    fn a_key_is_not_split_past_the_longest_nor_when_no_string_goes_on() {
        // The same run of 40 characters begins 2,000 strings: split up to 31 characters, not at 32.
        let run = "长".repeat(40);
        let strings: Vec<String> = (0..2000).map(|i| format!("{run}{i}")).collect();
        let tree = tree(&strings, 40);
        let longest = "长".repeat(LONGEST);
        assert!(tree.split.contains(&longest[..longest.len() - 3]) && !tree.split.contains(longest.as_str()));
        assert_eq!(tree.place(&strings[7]), Placed { key: &longest, split: false });
        // 1,000 strings that are all the same pair: not split, as nothing goes on past it.
        let same: Vec<String> = (0..1000).map(|_| "同名".to_string()).collect();
        assert!(self::tree(&same, 40).split.is_empty());
    }
}
