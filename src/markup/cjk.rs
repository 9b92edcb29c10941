//! Chinese text across lines: a line break (or the space YAML folds one into) between two
//! Chinese characters is not a space in Chinese, and browsers would show one. Pages, tooltips,
//! the glossary and the search index all go through these.

use pulldown_cmark::{CowStr, Event};

use super::html::Spanned;

/// Characters of Chinese, Japanese or Korean prose, their own punctuation included.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F // CJK punctuation: 、。「」《》【】
        | 0x3040..=0x30FF // kana
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF // Han
        | 0xAC00..=0xD7AF // Hangul
        | 0xFF00..=0xFFEF // full-width forms: ，！？（）：；
    )
}

/// Thai, Lao, Tibetan, Myanmar and Khmer: written, like Chinese, without spaces between words,
/// so a term in them matches anywhere and search cuts them as it cuts Chinese.
pub(crate) fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32, 0x0E00..=0x0FFF | 0x1000..=0x109F | 0x1780..=0x17FF | 0x19E0..=0x19FF)
}

/// Punctuation that Chinese and English prose share (‘’“”…—): it is Chinese or English as the
/// text beside it is.
fn is_shared_punctuation(c: char) -> bool {
    matches!(c, '‘' | '’' | '“' | '”' | '…' | '—')
}

/// Whether the text on one side of a line break or a quote is Chinese, given its characters
/// from the nearest on: the nearest one that is not shared punctuation is Chinese, or there is
/// only shared punctuation. So "客服说：\n“好的”" joins without a space, but "He paused…\n“Yes”"
/// keeps it.
pub(crate) fn is_cjk_side(side: impl IntoIterator<Item = char>) -> bool {
    let mut shared = false;
    for c in side {
        if !is_shared_punctuation(c) {
            return is_cjk(c);
        }
        shared = true;
    }
    shared
}

/// The text with every run of whitespace between two Chinese characters removed (a YAML value
/// folded over lines: "失误）， 也可能" → "失误），也可能").
pub(crate) fn join_cjk_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(start) = text[at..].find(char::is_whitespace).map(|n| at + n) {
        let end = text[start..].find(|c: char| !c.is_whitespace()).map_or(text.len(), |n| start + n);
        out.push_str(&text[at..start]);
        if !(is_cjk_side(text[..start].chars().rev()) && is_cjk_side(text[end..].chars())) {
            out.push_str(&text[start..end]);
        }
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// Drops each soft line break between two Chinese characters, merging the text around it into
/// one event (so that a term written across the break is still found). The lines of a paragraph
/// are joined into one string built once: a page of many short lines costs no more than one line.
pub(crate) fn join_cjk_lines(mut events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    let mut out: Vec<Spanned<'_>> = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        let (event, mut range) = std::mem::replace(&mut events[i], (Event::SoftBreak, 0..0));
        i += 1;
        let Event::Text(first) = event else {
            out.push((event, range));
            continue;
        };
        let mut joined: Option<String> = None;
        while let [(Event::SoftBreak, _), (Event::Text(after), after_range), ..] = &events[i..] {
            let before = joined.as_deref().unwrap_or(&first);
            if !(is_cjk_side(before.chars().rev()) && is_cjk_side(after.chars())) {
                break;
            }
            joined.get_or_insert_with(|| first.to_string()).push_str(after);
            range.end = after_range.end;
            i += 2;
        }
        out.push((joined.map_or(Event::Text(first), |text| Event::Text(CowStr::from(text))), range));
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
        assert_eq!(join_cjk_spaces("客服说：\n“好的”\n……然后"), "客服说：“好的”……然后");
        assert_eq!(join_cjk_spaces("He paused…\n“Yes,” she said — “no”"), "He paused…\n“Yes,” she said — “no”");
        assert_eq!(join_cjk_spaces("  前后  "), "  前后  ");
    }

    #[test]
    fn lines_between_chinese_characters_become_one_text_and_others_stay() {
        let body = "第一行\n第二行\n第三行\nLatin\n第五行";
        let events: Vec<Spanned<'_>> = pulldown_cmark::Parser::new(body)
            .into_offset_iter()
            .filter(|(e, _)| !matches!(e, Event::Start(_) | Event::End(_)))
            .collect();
        let joined = join_cjk_lines(events);
        let texts: Vec<(String, std::ops::Range<usize>)> = joined
            .into_iter()
            .map(|(event, range)| (if let Event::Text(t) = event { t.into_string() } else { "<break>".into() }, range))
            .collect();
        assert_eq!(
            texts,
            [
                ("第一行第二行第三行".to_string(), 0..29),
                ("<break>".to_string(), 29..30),
                ("Latin".to_string(), 30..35),
                ("<break>".to_string(), 35..36),
                ("第五行".to_string(), 36..45),
            ]
        );
    }
}
