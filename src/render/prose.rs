//! Checks on the prose of a page that a reader would notice but the build could survive:
//! straight quotes in Chinese text, which should be “” (docs/STYLE-GUIDE.md). Warnings, at the
//! quote's line and column.

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::content::PageText;
use crate::diagnostic::{Code, Diagnostic};
use crate::markup::{is_cjk_side, Spanned};

/// Warns about each straight quote (`"` or `'`) next to a Chinese character in the page's text
/// (code and code blocks are not prose and are left alone); at most one warning per line.
pub(crate) fn straight_quote_warnings(events: &[Spanned<'_>], page: &PageText<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let mut lines = LineCursor { text: page.text(), offset: 0, line: 1, line_start: 0 };
    let mut in_code_block = false;
    let mut last_line = 0;
    for (event, range) in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(text) if !in_code_block => {
                let source = page.body().get(range.clone()).unwrap_or_default();
                let mut written = Written { text, source, text_at: 0, source_at: 0, lost: false };
                // Only the quotes are looked at (most text has none): no work per character.
                for (at, quote) in text.match_indices(['"', '\'']) {
                    if !is_cjk_side(text[..at].chars().rev()) && !is_cjk_side(text[at + 1..].chars()) {
                        continue;
                    }
                    let offset = page.body_offset + range.start + written.offset_of(at);
                    let (line, line_start) = lines.line_of(offset);
                    if line == last_line {
                        continue;
                    }
                    last_line = line;
                    let line_text = &page.text()[line_start..];
                    let line_text = line_text.lines().next().unwrap_or_default().trim_end_matches('\r');
                    let before = page.text()[line_start..].char_indices();
                    let column = before.take_while(|(i, c)| line_start + i + c.len_utf8() <= offset).count() + 1;
                    let quotes = if quote == "\"" { "“ and ”" } else { "‘ and ’" };
                    diagnostics.push(
                        Diagnostic::warning(
                            Code::TextQuote,
                            &page.display_path,
                            line,
                            column,
                            format!("a straight quote `{quote}` in Chinese text"),
                        )
                        .with_help(format!("write {quotes} in Chinese prose (docs/STYLE-GUIDE.md)"))
                        .with_source_line(line_text),
                    );
                }
            }
            _ => {}
        }
    }
}

/// Where the bytes of a text event were written in the body, found by walking the text and its
/// source side by side, once. The text is its source with a line break and the next line's
/// indent left out wherever Chinese lines were joined, and the backslash of an escaped character
/// left out; past anything else rewritten (an entity, smart punctuation) the text's own offset
/// is the best guess.
struct Written<'a> {
    text: &'a str,
    source: &'a str,
    text_at: usize,
    source_at: usize,
    lost: bool,
}

impl Written<'_> {
    /// The offset in the source of the text's byte `at`; `at` no lower than the one asked before.
    fn offset_of(&mut self, at: usize) -> usize {
        while !self.lost && self.text_at <= at {
            let (Some(c), Some(s)) =
                (self.text[self.text_at..].chars().next(), self.source[self.source_at..].chars().next())
            else {
                break;
            };
            if c == s {
                if self.text_at == at {
                    return self.source_at;
                }
                self.text_at += c.len_utf8();
                self.source_at += s.len_utf8();
            } else if s.is_whitespace() || s == '\\' {
                self.source_at += s.len_utf8();
            } else {
                self.lost = true;
            }
        }
        at.min(self.source.len())
    }
}

/// The lines of a file counted once, for offsets met in ascending order, as a page's events are:
/// counting each warning's line from the file's start would make a page with a quote on every
/// line slow in the square of its length.
struct LineCursor<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
    line_start: usize,
}

impl LineCursor<'_> {
    /// The line (from 1) of a byte offset, and where that line starts.
    fn line_of(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            *self = LineCursor { text: self.text, offset: 0, line: 1, line_start: 0 };
        }
        let passed = &self.text.as_bytes()[self.offset..offset];
        self.line += passed.iter().filter(|&&b| b == b'\n').count();
        if let Some(i) = passed.iter().rposition(|&b| b == b'\n') {
            self.line_start = self.offset + i + 1;
        }
        self.offset = offset;
        (self.line, self.line_start)
    }
}
