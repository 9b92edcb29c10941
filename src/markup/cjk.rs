//! Chinese text across lines: a line break (or the space YAML folds one into) between two
//! Chinese characters is not a space in Chinese, and browsers would show one. Pages, tooltips,
//! the glossary and the search index all go through these.

use pulldown_cmark::{CowStr, Event};

use super::html::Spanned;

/// Characters of Chinese, Japanese or Korean prose, their punctuation included, next to which
/// a line break must not become a space.
pub(crate) fn is_cjk_prose(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F // CJK punctuation: 、。「」《》【】
        | 0x3040..=0x30FF // kana
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF // Han
        | 0xAC00..=0xD7AF // Hangul
        | 0xFF00..=0xFFEF // full-width forms: ，！？（）：；
        | 0x2018 | 0x2019 | 0x201C | 0x201D | 0x2026 | 0x2014 // ‘’“”…—
    )
}

/// The text with every run of whitespace between two Chinese characters removed (a YAML value
/// folded over lines: "失误）， 也可能" → "失误），也可能").
pub(crate) fn join_cjk_spaces(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            let end = chars[i..].iter().position(|c| !c.is_whitespace()).map_or(chars.len(), |n| i + n);
            let joins = i > 0 && end < chars.len() && is_cjk_prose(chars[i - 1]) && is_cjk_prose(chars[end]);
            if !joins {
                out.extend(&chars[i..end]);
            }
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Drops each soft line break between two Chinese characters, merging the text around it into
/// one event (so that a term written across the break is still found).
pub(crate) fn join_cjk_lines(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    let mut out: Vec<Spanned<'_>> = Vec::with_capacity(events.len());
    let mut events = events.into_iter().peekable();
    while let Some((event, range)) = events.next() {
        let joins = matches!(event, Event::SoftBreak)
            && matches!(out.last(), Some((Event::Text(before), _)) if before.chars().next_back().is_some_and(is_cjk_prose))
            && matches!(events.peek(), Some((Event::Text(after), _)) if after.chars().next().is_some_and(is_cjk_prose));
        if !joins {
            out.push((event, range));
            continue;
        }
        let Some((Event::Text(after), after_range)) = events.next() else { continue };
        if let Some((Event::Text(before), before_range)) = out.last_mut() {
            *before = CowStr::from(format!("{before}{after}"));
            before_range.end = after_range.end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_between_chinese_characters_go_and_others_stay() {
        assert_eq!(join_cjk_spaces("失误）， 也可能"), "失误），也可能");
        assert_eq!(join_cjk_spaces("七天\n  无理由"), "七天无理由");
        assert_eq!(join_cjk_spaces("FAQ 问题 and words"), "FAQ 问题 and words");
        assert_eq!(join_cjk_spaces("共 7 天"), "共 7 天");
    }
}
