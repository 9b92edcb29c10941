//! "Did you mean" among many names for many names written wrong: the glossary's thousands of
//! written forms, against a different misspelling on each of thousands of pages. [`nearest`]
//! lowercases each known name and finds its syllables at every search; here each is made once,
//! and most are left by a bound before any edit is counted. It finds what [`nearest`] finds.
//!
//! [`nearest`]: super::nearest

use std::collections::{BTreeMap, HashMap};

use super::{allowed_edits, near_in_length, score, syllables, Score, Written};

/// Names made once for [`NameIndex::nearest`], grouped by length, so that only the lengths
/// [`near_in_length`] allows are visited.
pub(crate) struct NameIndex {
    /// Length in characters (trimmed, as written, as [`near_in_length`] counts) → the names of
    /// that length, in the order given.
    by_length: BTreeMap<usize, Vec<Known>>,
    /// Each syllable of the names → the number standing for it: compared as a number, and not
    /// held as a string by every name (6,000 names of 5 syllables).
    syllable_numbers: HashMap<String, usize>,
}

/// A known name as compared: what [`super::nearest`] makes of it at each search.
struct Known {
    /// Its place among the names given: a tie goes to the first.
    order: usize,
    /// The name as given, returned when it is the nearest.
    name: Box<str>,
    /// Its characters, lowercased.
    lower: Box<[char]>,
    /// Which characters it has ([`Present`]).
    lower_present: Present,
    /// Its syllables ([`syllables`]), as their numbers; None without Chinese characters.
    sounds: Option<Box<[usize]>>,
    /// Which syllables it has ([`Present`]); 0 without Chinese characters.
    sounds_present: Present,
}

impl NameIndex {
    /// `names` made ready to be searched, in the order given.
    pub(crate) fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> NameIndex {
        let mut by_length: BTreeMap<usize, Vec<Known>> = BTreeMap::new();
        let mut syllable_numbers: HashMap<String, usize> = HashMap::new();
        for (order, name) in names.into_iter().enumerate() {
            let lower: Box<[char]> = name.trim().chars().flat_map(char::to_lowercase).collect();
            let sounds: Option<Box<[usize]>> = syllables(&lower.iter().collect::<String>()).map(|sounds| {
                let mut number = |s: String| {
                    let next = syllable_numbers.len();
                    *syllable_numbers.entry(s).or_insert(next)
                };
                sounds.into_iter().map(&mut number).collect()
            });
            let known = Known {
                order,
                name: name.into(),
                lower_present: present(&lower, |&c| c as usize),
                lower,
                sounds_present: sounds.as_deref().map_or(0, |sounds| present(sounds, |&n| n)),
                sounds,
            };
            by_length.entry(name.trim().chars().count()).or_default().push(known);
        }
        NameIndex { by_length, syllable_numbers }
    }

    /// The name nearest to `written`: the one [`super::nearest`] finds among the same names in
    /// the same order. A name having, or lacking, too many of the characters written (and, when
    /// both are Chinese, of the syllables) is too many edits away, and is not compared.
    pub(crate) fn nearest(&self, written: &str) -> Option<&str> {
        let Written { chars, sounds } = Written::new(written)?;
        // A syllable no name has stands for none of theirs.
        let number = |s: &String| self.syllable_numbers.get(s).copied().unwrap_or(usize::MAX);
        let written = Written { chars, sounds: sounds.map(|sounds| sounds.iter().map(number).collect()) };
        let chars = present(&written.chars, |&c| c as usize);
        let sounds = written.sounds.as_deref().map(|sounds| present(sounds, |&n| n));
        let mut best: Option<((Score, usize), &str)> = None;
        let lengths = self.by_length.iter().filter(|(&length, _)| near_in_length(written.chars.len(), length));
        for known in lengths.flat_map(|(_, names)| names) {
            let allowed = allowed_edits(written.chars.len().min(known.lower.len()));
            let by_chars = missing(chars, known.lower_present);
            let by_sound = match (sounds, &known.sounds) {
                (Some(a), Some(_)) => missing(a, known.sounds_present),
                // Compared by characters only.
                _ => by_chars,
            };
            // At least this many edits away: when more than allowed, or than the nearest name
            // found so far, the name cannot be the nearest.
            let least = by_chars.min(by_sound);
            if least > allowed || best.is_some_and(|(((edits, _), _), _)| least > edits) {
                continue;
            }
            let Some(score) = score(&written, &known.lower, || known.sounds.as_deref()) else {
                continue;
            };
            let ranked = (score, known.order);
            if best.is_some_and(|(nearest, _)| nearest <= ranked) {
                continue;
            }
            best = Some((ranked, &known.name));
        }
        best.map(|(_, name)| name)
    }
}

/// Which items a name has, each item as one of 64 bits (several items may share one).
type Present = u64;

/// The [`Present`] bits of `items`, each item numbered by `number`.
fn present<T>(items: &[T], number: impl Fn(&T) -> usize) -> Present {
    items.iter().fold(0, |bits, item| bits | 1 << (number(item) % 64))
}

/// The most bits either of `a` and `b` has that the other has not: each stands for an item (a
/// character, a syllable) one name has and the other has not at all. An edit brings one item
/// or takes one away at most (a swap none), so there are at least as many edits between the
/// two names: a cheap bound under what `edit_distance_within` counts.
fn missing(a: Present, b: Present) -> usize {
    (a & !b).count_ones().max((b & !a).count_ones()) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use pinyin::ToPinyin;

    /// Near-identical names, as a large glossary has them: Chinese ones differing in one or two
    /// characters, of several lengths, Latin ones differing in a digit or in case, padded ones,
    /// some given twice, one whose capital lowercases to two characters.
    fn names() -> Vec<String> {
        let alphabet: Vec<char> = "一二三四五六七八九十东南".chars().collect();
        let mut names = Vec::new();
        for &a in &alphabet {
            names.push(format!("密{a}项"));
            for &b in &alphabet {
                names.push(format!("密{a}{b}项"));
            }
            names.push(format!("{a}{a}{a}密{a}{a}{a}项目"));
        }
        for i in 0..120 {
            names.push(format!("term{i:03}"));
        }
        names.extend(
            ["Term7", "TERM 08", "  term 9  ", "İstanbul", "密一二项", "term005", "ab", "密e度"].map(String::from),
        );
        names
    }

    /// A character sounding as `c` (the same pinyin without tone), other than `c`.
    fn homophone(c: char) -> Option<char> {
        let sound = c.to_pinyin()?.plain();
        ('\u{4e00}'..='\u{9fa5}').find(|&h| h != c && h.to_pinyin().is_some_and(|p| p.plain() == sound))
    }

    /// Names written wrong in every way near `name`: a character sounding the same, another
    /// one, one missing, one too many, two swapped, another case, every character sounding the
    /// same (far by sight, near by sound); and far: written twice.
    fn misspellings(name: &str) -> Vec<String> {
        let chars: Vec<char> = name.chars().collect();
        let with = |i: usize, part: &[char]| -> String {
            chars[..i].iter().chain(part).chain(&chars[(i + 1).min(chars.len())..]).collect()
        };
        let mut wrong = vec![name.to_uppercase(), name.to_lowercase(), format!(" {name}x"), name.repeat(2)];
        wrong.push(chars.iter().map(|&c| homophone(c).unwrap_or(c)).collect());
        for (i, &c) in chars.iter().enumerate() {
            wrong.extend(homophone(c).map(|h| with(i, &[h])));
            wrong.extend([with(i, &['x']), with(i, &[]), with(i, &[c, '饿']), with(i, &['E'])]);
            if let Some(&next) = chars.get(i + 1) {
                wrong.push(chars[..i].iter().chain([&next, &c]).chain(&chars[i + 2..]).collect());
            }
        }
        wrong
    }

    #[test]
    fn the_index_finds_what_nearest_finds() {
        let names = names();
        let index = NameIndex::new(names.iter().map(String::as_str));
        let (mut compared, mut found) = (0, 0);
        for name in &names {
            for wrong in misspellings(name) {
                let plain = crate::suggest::nearest(&wrong, names.iter().map(String::as_str));
                assert_eq!(index.nearest(&wrong), plain, "for `{wrong}`");
                compared += 1;
                found += usize::from(plain.is_some());
            }
        }
        assert!(compared > 9_000 && found > compared / 2 && found < compared, "{found} of {compared} found");
        // By sound among names one character apart by sight, and ties to the first given.
        assert_eq!(index.nearest("密衣二项"), Some("密一二项"));
        assert_eq!(index.nearest("蜜衣二项"), Some("密一二项"), "two characters by sight");
        assert_eq!(index.nearest("term05"), Some("term005"));
        assert_eq!(index.nearest("  "), None);
    }

    #[test]
    fn items_one_name_has_and_the_other_not_bound_the_edits() {
        let bits = |s: &str| present(&s.chars().collect::<Vec<char>>(), |&c| c as usize);
        assert_eq!(missing(bits("title"), bits("titel")), 0, "a swap brings nothing");
        assert_eq!(missing(bits("title"), bits("titles")), 1);
        assert_eq!(missing(bits("abc"), bits("")), 3);
        assert_eq!(missing(bits("aab"), bits("abb")), 0, "only which, not how many");
        assert_eq!(missing(bits("密一二项"), bits("蜜衣二项")), 2);
    }
}

#[cfg(test)]
mod mixed_scripts {
    use super::*;

    /// Random names from a small pool of pieces of many scripts (Latin, accented and special
    /// capitals, Greek, Cyrillic, Chinese homophones, digits, spaces), compared with `nearest`.
    #[test]
    fn the_index_finds_what_nearest_finds_on_mixed_scripts() {
        let pieces: Vec<&str> = vec![
            "a", "b", "A", "É", "é", "İ", "i", "ẞ", "ß", "Σ", "σ", "ς", "Ω", "д", "Д", "客", "课", "户", "满", "意",
            "易", "度", "密", "蜜", "一", "衣", " ", "\u{3000}", "1", "-", "ﬁ", "Ǆ", "ǆ", "K", "\u{212A}", "x", "yi",
            "man", "\t",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut failures = Vec::new();
        for _round in 0..300 {
            let count = 1 + next(40);
            let names: Vec<String> = (0..count)
                .map(|_| {
                    (0..{
                        let long = next(3) == 0;
                        next(if long { 90 } else { 9 })
                    })
                        .map(|_| pieces[next(pieces.len())])
                        .collect::<String>()
                })
                .collect();
            let index = NameIndex::new(names.iter().map(String::as_str));
            for _ in 0..40 {
                let wrong: String = if next(2) == 0 {
                    // A name edited a little.
                    let mut chars: Vec<&str> = names[next(names.len())].split("").filter(|s| !s.is_empty()).collect();
                    for _ in 0..1 + next(2) {
                        let i = next(chars.len() + 1);
                        match next(3) {
                            0 => chars.insert(i, pieces[next(pieces.len())]),
                            1 if i < chars.len() => {
                                chars.remove(i);
                            }
                            _ if i < chars.len() => chars[i] = pieces[next(pieces.len())],
                            _ => {}
                        }
                    }
                    chars.concat()
                } else {
                    (0..next(9)).map(|_| pieces[next(pieces.len())]).collect()
                };
                let plain = crate::suggest::nearest(&wrong, names.iter().map(String::as_str));
                let found = index.nearest(&wrong);
                if plain != found {
                    failures.push(format!("{wrong:?} among {names:?}: nearest {plain:?}, index {found:?}"));
                }
            }
        }
        assert!(failures.is_empty(), "{} differ, first: {}", failures.len(), failures[0]);
    }
}
