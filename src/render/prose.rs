//! Checks on the prose of a page that a reader would notice but the build could survive:
//! straight quotes in Chinese text, which should be “” (docs/STYLE-GUIDE.md). Warnings, at the
//! quote's line and column.

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::content::Page;
use crate::diagnostic::Diagnostic;
use crate::markup::{is_cjk_side, Spanned};

/// Warns about each straight quote (`"` or `'`) next to a Chinese character in the page's text
/// (code and code blocks are not prose and are left alone); at most one warning per line.
pub(crate) fn straight_quote_warnings(events: &[Spanned<'_>], page: &Page, diagnostics: &mut Vec<Diagnostic>) {
    let mut in_code_block = false;
    let mut last_line = 0;
    for (event, range) in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(text) if !in_code_block => {
                // Only the quotes are looked at (most text has none): no work per character.
                for (at, quote) in text.match_indices(['"', '\'']) {
                    if !is_cjk_side(text[..at].chars().rev()) && !is_cjk_side(text[at + 1..].chars()) {
                        continue;
                    }
                    let (line, column) = page.body_position((range.start + at).min(range.end));
                    if line == last_line {
                        continue;
                    }
                    last_line = line;
                    let quotes = if quote == "\"" { "“ and ”" } else { "‘ and ’" };
                    diagnostics.push(
                        Diagnostic::warning(
                            &page.display_path,
                            line,
                            column,
                            format!("a straight quote `{quote}` in Chinese text"),
                        )
                        .with_help(format!("write {quotes} in Chinese prose (docs/STYLE-GUIDE.md)"))
                        .with_source(&page.text),
                    );
                }
            }
            _ => {}
        }
    }
}
