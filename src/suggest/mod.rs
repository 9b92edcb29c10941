//! "Did you mean": the one known name nearest to a name written wrong, for every message that
//! can offer one (a front matter or question key, a level, a term's name, a link's file or
//! heading). One rule for all of them, so that a suggestion means the same everywhere.
//!
//! Names are compared ignoring letter case, by edits of characters (insert, delete, replace,
//! swap two neighbours). A Chinese name is also compared by its pinyin, syllable by syllable,
//! so that a character typed with the wrong one of its homophones (满易度 for 满意度, the usual
//! slip of a pinyin input method) counts as no edit. A name is suggested only when it is within
//! [`allowed_edits`] of what was written: far guesses mislead more than they help.

pub(crate) mod index;

use pinyin::ToPinyin;

/// The most edits a suggestion may be away, by the length in characters of the shorter of the
/// two names: none for one character (`4` is not a typo of `3`), one up to five characters
/// (`titel` → `title`, `掌屋` → `掌握`, `★★★★` → `★★★`), two up to ten (`defintion` →
/// `definition`), three beyond.
pub(crate) fn allowed_edits(chars: usize) -> usize {
    match chars {
        0 | 1 => 0,
        2..=5 => 1,
        6..=10 => 2,
        _ => 3,
    }
}

/// The name among `known` nearest to `written`, if one is close enough ([`allowed_edits`]).
/// Ties go to the fewest character edits, then to the first name given.
pub(crate) fn nearest<'a>(written: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let written = Written::new(written)?;
    let mut best: Option<(Score, &'a str)> = None;
    let mut lower: Vec<char> = Vec::new();
    for name in known {
        if !near_in_length(written.chars.len(), name.trim().chars().count()) {
            continue;
        }
        lower.clear();
        lower.extend(name.trim().chars().flat_map(char::to_lowercase));
        let Some(score) = score(&written, &lower, || syllables(&lower.iter().collect::<String>())) else {
            continue;
        };
        if best.is_some_and(|(least, _)| least <= score) {
            continue;
        }
        best = Some((score, name));
    }
    best.map(|(_, name)| name)
}

/// A name as written wrong, as it is compared: trimmed and lowercased, by characters and, when
/// it is Chinese, by syllables ([`syllables`]; or numbers standing for them, `T`). Made once
/// for all the names it is compared with.
pub(crate) struct Written<T = String> {
    /// Its characters, lowercased.
    pub(crate) chars: Vec<char>,
    /// Its syllables; None without Chinese characters.
    pub(crate) sounds: Option<Vec<T>>,
}

impl Written {
    /// `written` as compared; None when it is blank (nothing is near it).
    pub(crate) fn new(written: &str) -> Option<Written> {
        let lower = written.trim().to_lowercase();
        let sounds = syllables(&lower);
        let chars: Vec<char> = lower.chars().collect();
        (!chars.is_empty()).then_some(Written { chars, sounds })
    }
}

/// How near a known name is: the edits (the fewer of by characters and by sound), then the
/// edits by characters, which break a tie. The smaller the nearer.
pub(crate) type Score = (usize, usize);

/// Whether a known name of `length` characters (trimmed, as written) may be within
/// [`allowed_edits`] of a written name of `written` characters. Each edit changes the length by
/// one at most: a name too much longer or shorter is left before anything is compared
/// (thousands of misspellings against thousands of names stay quick).
pub(crate) fn near_in_length(written: usize, length: usize) -> bool {
    written.abs_diff(length) <= allowed_edits(written.min(length))
}

/// The [`Score`] of the known name whose lowercased characters are `lower` for `written`, None
/// when it is past [`allowed_edits`]. Its syllables are asked for only when its characters
/// differ and `written` is Chinese. The one comparison of [`nearest`] and [`index::NameIndex`].
pub(crate) fn score<T: PartialEq, S: AsRef<[T]>>(
    written: &Written<T>,
    lower: &[char],
    sounds: impl FnOnce() -> Option<S>,
) -> Option<Score> {
    let allowed = allowed_edits(written.chars.len().min(lower.len()));
    let by_chars = edit_distance_within(&written.chars, lower, allowed + 1).unwrap_or(allowed + 1);
    let by_sound = match &written.sounds {
        Some(a) if by_chars > 0 => match sounds() {
            Some(b) => edit_distance_within(a, b.as_ref(), allowed).unwrap_or(by_chars),
            None => by_chars,
        },
        _ => by_chars,
    };
    let edits = by_chars.min(by_sound);
    (edits <= allowed).then_some((edits, by_chars))
}

/// Edits (insert, delete, replace, swap two neighbours) turning `a` into `b` (characters, or
/// pinyin syllables) when they are at most `limit`; None, found as soon as every way is past
/// `limit`, when they are more. Three rows, no table.
fn edit_distance_within<T: PartialEq>(a: &[T], b: &[T], limit: usize) -> Option<usize> {
    // Rows i - 2, i - 1 and i, turned round after each row.
    let mut before = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let replace = previous[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            row[j] = replace.min(previous[j] + 1).min(row[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        if row.iter().min().is_some_and(|&least| least > limit) {
            return None;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut row);
    }
    Some(previous[b.len()]).filter(|&edits| edits <= limit)
}

/// A name as its sounds: each Chinese character its pinyin without tone, any other character
/// itself. None for a name without Chinese characters (its letters are compared already).
pub(crate) fn syllables(name: &str) -> Option<Vec<String>> {
    let mut chinese = false;
    let sounds = name
        .chars()
        .map(|c| match c.to_pinyin() {
            Some(pinyin) => {
                chinese = true;
                pinyin.plain().to_string()
            }
            None => c.to_string(),
        })
        .collect();
    chinese.then_some(sounds)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit_distance(a: &str, b: &str) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        edit_distance_within(&a, &b, usize::MAX).expect("no limit")
    }

    #[test]
    fn a_distance_past_the_limit_is_none() {
        let (a, b): (Vec<char>, Vec<char>) = ("tn1234".chars().collect(), "un5678".chars().collect());
        assert_eq!(edit_distance_within(&a, &b, 2), None);
        assert_eq!(edit_distance_within(&a, &b, 5), Some(5));
        assert_eq!(edit_distance_within(&a, &a, 0), Some(0));
    }

    #[test]
    fn two_swapped_neighbours_are_one_edit() {
        assert_eq!(edit_distance("ittle", "title"), 1, "a swap at the start");
        assert_eq!(edit_distance("sumamry", "summary"), 1);
        assert_eq!(edit_distance("titel", "title"), 1);
        assert_eq!(edit_distance("tite", "title"), 1, "a letter missing");
        assert_eq!(edit_distance("titles", "title"), 1, "a letter too many");
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("order", "order"), 0);
    }

    #[test]
    fn close_names_are_suggested_and_far_ones_are_not() {
        let levels = ["1", "★", "了解", "know", "2", "★★", "理解", "understand", "3", "★★★", "掌握", "master"];
        assert_eq!(nearest("掌屋", levels), Some("掌握"));
        assert_eq!(nearest("★★★★", levels), Some("★★★"));
        assert_eq!(nearest("Mastr", levels), Some("master"));
        assert_eq!(nearest("4", levels), None, "one character: no guess");
        assert_eq!(nearest("重要", levels), None);
        assert_eq!(nearest("", levels), None);
        assert_eq!(nearest("defintion", ["definition", "id"]), Some("definition"));
        assert_eq!(nearest("colour", ["definition", "id"]), None);
    }

    #[test]
    fn a_homophone_is_no_edit_by_sound() {
        let terms = ["客户满意度", "客户", "投诉处理"];
        assert_eq!(nearest("客户满易度", terms), Some("客户满意度"));
        assert_eq!(nearest("课户满易度", terms), Some("客户满意度"), "two characters, both homophones");
        assert_eq!(nearest("投拆处里", terms), Some("投诉处理"), "one by sight, one by sound");
        assert_eq!(nearest("售后服务", terms), None);
    }

    #[test]
    fn the_nearest_wins_and_ties_keep_the_order_given() {
        assert_eq!(nearest("lvel", ["level", "label"]), Some("level"));
        assert_eq!(nearest("ab", ["ac", "ad"]), Some("ac"));
    }
}
