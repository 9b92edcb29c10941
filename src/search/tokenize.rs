//! The search tokenizer, shared by the index (here) and the query (the same rules in
//! `themes/default/static/search.js`): full-width forms folded to ASCII, lowercase, Latin
//! letters without their accents (`café` is found as `cafe`, `kèfú` as `kefu`); runs of a script
//! written without spaces (Chinese, Japanese, Korean, Thai…) give every character and every
//! overlapping pair of characters; other letters and digits give
//! whole lowercased words.

use crate::markup::is_unspaced_script;

/// Folds full-width ASCII (ＦＡＱ) and the ideographic space to their ASCII forms and lowercases,
/// as JavaScript's `toLowerCase` does (the browser normalizes queries with it): character by
/// character, except the Greek capital sigma, whose lowercase depends on its place in the word
/// (`ΟΔΟΣ` → `οδος`), which the whole-text lowercasing of the standard library handles.
pub fn normalize(text: &str) -> String {
    const SIGMA: char = 'Σ';
    let mut out = String::with_capacity(text.len());
    let mut has_sigma = false;
    for c in text.chars() {
        match c {
            // The common cases first: ASCII, and CJK, which has no case.
            _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            _ if is_unspaced(c) => out.push(c),
            '\u{FF01}'..='\u{FF5E}' => {
                out.push(char::from_u32(c as u32 - 0xFEE0).map_or(c, |a| a.to_ascii_lowercase()))
            }
            '\u{3000}' => out.push(' '),
            SIGMA => {
                has_sigma = true;
                out.push(SIGMA);
            }
            other => out.extend(other.to_lowercase().map(without_accent)),
        }
    }
    if has_sigma {
        out = out.to_lowercase();
    }
    out
}

/// A Latin letter with an accent as its base letter (`é` → `e`, `ǎ` → `a`, `ü` → `u`), so that a
/// query typed without accents finds the accented word, and the reverse (`foldLatin` in
/// search.js). Letters with no base letter in ASCII (`ø`, `ß`) stay as they are; the length of
/// the text in UTF-16 is kept, which search.js's highlighting counts on.
fn without_accent(c: char) -> char {
    if !matches!(c as u32, 0xC0..=0x24F | 0x1E00..=0x1EFF) {
        return c;
    }
    let decomposed = icu_normalizer::DecomposingNormalizerBorrowed::new_nfd().normalize_iter(std::iter::once(c)).next();
    decomposed.filter(char::is_ascii_alphabetic).unwrap_or(c)
}

/// Han, kana and Hangul, and Thai, Lao, Tibetan, Myanmar and Khmer: scripts written without
/// spaces between words, cut into characters and their pairs (`isUnspaced` in search.js).
fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
        || is_unspaced_script(c)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() && !is_unspaced(c)
}

/// Tokens of already normalized text, in order (duplicates kept). Every token is a slice of
/// the text (a CJK character, two adjacent CJK characters, or a word), so nothing is allocated
/// per token.
pub fn tokens(normalized: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut chars = normalized.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if is_unspaced(c) {
            let mut current = (start, c);
            loop {
                let end = current.0 + current.1.len_utf8();
                out.push(&normalized[current.0..end]);
                match chars.peek() {
                    Some(&(next_start, next)) if is_unspaced(next) => {
                        out.push(&normalized[current.0..next_start + next.len_utf8()]);
                        current = (next_start, next);
                        chars.next();
                    }
                    _ => break,
                }
            }
        } else if is_word(c) {
            let mut end = start + c.len_utf8();
            while let Some(&(next_start, next)) = chars.peek() {
                if !is_word(next) {
                    break;
                }
                end = next_start + next.len_utf8();
                chars.next();
            }
            out.push(&normalized[start..end]);
        }
    }
    out
}

/// The tokens a document must contain to match a query: every word, and for each CJK run its
/// bigrams (its single character when the run is one character long).
pub fn query_terms(normalized: &str) -> Vec<String> {
    let all = tokens(normalized);
    let mut required: Vec<String> = Vec::new();
    let chars: Vec<char> = normalized.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if is_unspaced(chars[i]) {
            let start = i;
            while i < chars.len() && is_unspaced(chars[i]) {
                i += 1;
            }
            if i - start == 1 {
                required.push(chars[start].to_string());
            } else {
                required.extend(chars[start..i].windows(2).map(|w| w.iter().collect::<String>()));
            }
        } else {
            i += 1;
        }
    }
    required.extend(all.into_iter().filter(|t| !t.chars().next().is_some_and(is_unspaced)).map(str::to_string));
    required.sort();
    required.dedup();
    required
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_runs_give_unigrams_and_bigrams() {
        assert_eq!(tokens("退货"), vec!["退", "退货", "货"]);
        assert_eq!(tokens("客户满意"), vec!["客", "客户", "户", "户满", "满", "满意", "意"]);
    }

    #[test]
    fn thai_and_other_unspaced_scripts_are_cut_as_chinese_is() {
        // A word in the middle of a Thai sentence is found: its pairs are the sentence's.
        let sentence = tokens("การค้นหา");
        assert!(tokens("ค้น").iter().all(|t| sentence.contains(t)), "{sentence:?}");
        assert_eq!(tokens("ไทย"), vec!["ไ", "ไท", "ท", "ทย", "ย"]);
        assert_eq!(tokens("ok ខ្មែរ"), vec!["ok", "ខ", "ខ្", "្", "្ម", "ម", "មែ", "ែ", "ែរ", "រ"]);
    }

    #[test]
    fn latin_runs_give_words() {
        assert_eq!(tokens("faq 常见"), vec!["faq", "常", "常见", "见"]);
        assert_eq!(tokens("read the faq."), vec!["read", "the", "faq"]);
    }

    #[test]
    fn full_width_folds_to_ascii() {
        assert_eq!(normalize("ＦＡＱ　问题"), "faq 问题");
        assert_eq!(normalize("VIP型心理"), "vip型心理");
    }

    #[test]
    fn query_terms_require_bigrams_or_the_single_character() {
        assert_eq!(query_terms("退"), vec!["退"]);
        assert_eq!(query_terms("退货"), vec!["退货"]);
        assert_eq!(query_terms("faq 常见"), vec!["faq", "常见"]);
    }
}
