//! Short pieces of Markdown shown inside a page's own markup (a summary, a term's definition, a
//! tooltip, the course description): rendered inline, their raw HTML treated as `raw-html` says,
//! links and images to refused addresses reduced to their text; and plain text, for the search
//! index.

use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

use super::cjk::{join_cjk_lines, join_cjk_spaces};
use super::html::{escape_raw_html, html_of, html_pieces, options, sanitizer, to_html, RawHtml, Spanned};
use super::safe_url::{leads_from_anywhere, RefusedUrl};

/// Renders a short piece of inline Markdown (a summary, a term definition) to HTML without the
/// wrapping `<p>`, its raw HTML treated as `raw_html` says. Links and images to refused
/// addresses ([`RefusedUrl`]) are reduced to their text: they are reported where the piece is
/// written, and must never reach a page; so are those to the course's own chapters and files,
/// which the pages showing the piece, in different folders, cannot all reach (only web
/// addresses are kept).
pub(crate) fn inline_html(markdown: &str, raw_html: RawHtml) -> String {
    inline(markdown, true, raw_html)
}

/// Like [`inline_html`] but with links reduced to their text, for tooltips (a link may not
/// contain another link).
pub(crate) fn inline_text_html(markdown: &str, raw_html: RawHtml) -> String {
    inline(markdown, false, raw_html)
}

/// The plain text of a piece of Markdown (for the search index).
pub(crate) fn plain_text(markdown: &str) -> String {
    let text: String = Parser::new_ext(&one_line_as_text(markdown), options(false))
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.into_string()),
            Event::SoftBreak | Event::HardBreak => Some(" ".into()),
            _ => None,
        })
        .collect();
    join_cjk_spaces(&text)
}

/// A piece of one line read as the text it shows: when the Markdown would make its line a
/// list, a quote, a heading, a rule or a code fence, the marker is escaped (`> 60 分`,
/// `1. 不一定`, `- 不确定`, `# 号键` as choices are words); text of several lines is left as
/// written, for [`first_block`] to judge.
fn one_line_as_text(markdown: &str) -> std::borrow::Cow<'_, str> {
    let line = markdown.trim();
    // Only a line starting with one of these characters can be a block (a list, a quote, a
    // heading, a rule, a fence): most lines are known without parsing them.
    let may_be_block = line.starts_with(|c: char| c.is_ascii_digit() || ">#-*+_`~".contains(c));
    if !may_be_block || line.contains('\n') {
        return std::borrow::Cow::Borrowed(markdown);
    }
    let block = Parser::new_ext(line, options(false)).next().is_some_and(|event| {
        matches!(
            event,
            Event::Start(Tag::List(_) | Tag::BlockQuote(_) | Tag::Heading { .. } | Tag::CodeBlock(_)) | Event::Rule
        )
    });
    if !block {
        return std::borrow::Cow::Borrowed(markdown);
    }
    // `1. x` is escaped after its number (`1\. x`), anything else before its first character.
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    std::borrow::Cow::Owned(format!("{}\\{}", &line[..digits], &line[digits..]))
}

fn inline(markdown: &str, keep_links: bool, raw_html: RawHtml) -> String {
    let markdown = one_line_as_text(markdown);
    let events = Parser::new_ext(&markdown, options(false))
        .into_offset_iter()
        // An HTML block's start and end write nothing; without them, escaped lines stay in the sentence.
        .filter(|(e, _)| !matches!(e, Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock)))
        .filter(|(e, _)| keep_links || !matches!(e, Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link)));
    let mut events = without_unplaceable_links(events);
    // Without links, an author's own `<a>` tags go too, inline or in a block of HTML (a card is
    // a link: one inside it would break it in two), unless HTML is shown as text.
    if !keep_links && raw_html != RawHtml::Escape {
        events = without_link_tag_events(events);
    }
    let events = join_cjk_lines(events);
    let html = match raw_html {
        RawHtml::Escape => to_html(events.into_iter().map(|(event, range)| (escape_raw_html(event), range))),
        RawHtml::Allow | RawHtml::Sanitize => to_html(events),
    };
    let trimmed = html.trim();
    let inner = trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        .filter(|s| !s.contains("<p>"))
        .unwrap_or(trimmed);
    match raw_html {
        // Unlike a page body (see `sanitize_raw_html`), the whole piece may be cleaned: it holds
        // only the author's HTML and what pulldown-cmark writes for inline Markdown; the
        // generator's own markup (a tooltip around a definition) is added later.
        RawHtml::Sanitize => inline_sanitizer().clean(inner).to_string(),
        RawHtml::Allow | RawHtml::Escape => inner.to_string(),
    }
}

/// `events` without the tags that open or close a link in their HTML ([`without_link_tags`]),
/// each block of HTML taken whole ([`html_pieces`]), so that a tag written over two lines goes
/// whole too.
fn without_link_tag_events(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    let mut pieces = html_pieces(&events).into_iter().peekable();
    let mut out: Vec<Spanned<'_>> = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        let Some(piece) = pieces.next_if(|piece| piece.start == i) else {
            out.push(events[i].clone());
            i += 1;
            continue;
        };
        let html = without_link_tags(html_of(&events[piece.clone()]).into());
        let range = events[piece.start].1.start..events[piece.end - 1].1.end;
        let event = match events[i].0 {
            Event::InlineHtml(_) => Event::InlineHtml(html),
            _ => Event::Html(html),
        };
        out.push((event, range));
        i = piece.end;
    }
    out
}

/// `html` without the tags that open or close a link (`<a href=…>`, `</A>`), the text between
/// them kept.
fn without_link_tags(html: CowStr<'_>) -> CowStr<'_> {
    if !html.bytes().any(|b| b == b'a' || b == b'A') {
        return html;
    }
    let mut kept = String::with_capacity(html.len());
    let mut rest: &str = &html;
    while let Some(start) = rest.find('<') {
        kept.push_str(&rest[..start]);
        rest = &rest[start..];
        match link_tag_len(rest) {
            Some(len) => rest = &rest[len..],
            None => {
                kept.push('<');
                rest = &rest[1..];
            }
        }
    }
    kept.push_str(rest);
    kept.into()
}

/// The length of the link tag `html` starts with (`<a …>` to its `>`, quoted values read
/// past, or `</a>`); None when it starts with no link tag.
fn link_tag_len(html: &str) -> Option<usize> {
    let name = html.strip_prefix("</").or_else(|| html.strip_prefix('<'))?;
    let mut chars = name.chars();
    let is_link = chars.next().is_some_and(|c| c.eq_ignore_ascii_case(&'a'))
        && chars.next().is_none_or(|c| c.is_ascii_whitespace() || c == '>' || c == '/');
    if !is_link {
        return None;
    }
    let mut quote = None;
    for (i, c) in html.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(open), _) if c == open => quote = None,
            (None, '>') => return Some(i + 1),
            _ => {}
        }
    }
    // A tag never closed: the rest of the piece is the tag.
    Some(html.len())
}

/// Block markup found in a piece meant to be shown inside a line (see [`first_block`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Block {
    /// Byte offset in the piece where the block starts.
    pub(crate) offset: usize,
    /// What it is, for a message: "a list", "a second paragraph"…
    pub(crate) what: &'static str,
}

impl Block {
    /// The first line of the block as written, for finding it in the file.
    pub(crate) fn first_line(self, markdown: &str) -> &str {
        markdown.get(self.offset..).and_then(|rest| rest.lines().next()).unwrap_or_default()
    }
}

/// The first block of `markdown` that would not fit in the one paragraph a summary, a term's
/// definition, a question or a choice is shown in (inside a `<p>`, a `<span>`, a legend): a
/// second paragraph (unless `paragraphs` allows several, as an explanation does), a list, a
/// heading, a code block, a quote, a table, a rule or a footnote. None when there is none.
pub(crate) fn first_block(markdown: &str, paragraphs: bool) -> Option<Block> {
    if let std::borrow::Cow::Owned(_) = one_line_as_text(markdown) {
        return None;
    }
    let mut depth = 0usize;
    let mut pieces = 0usize;
    for (event, range) in Parser::new_ext(markdown, options(false)).into_offset_iter() {
        let what = match (&event, depth) {
            (Event::Start(Tag::Paragraph | Tag::HtmlBlock), 0) => {
                pieces += 1;
                match (pieces > 1 && !paragraphs, &event) {
                    (false, _) => None,
                    (true, Event::Start(Tag::HtmlBlock)) => Some("a block of HTML"),
                    (true, _) => Some("a second paragraph"),
                }
            }
            (Event::Start(Tag::List(_)), 0) => Some("a list"),
            (Event::Start(Tag::Heading { .. }), 0) => Some("a heading"),
            (Event::Start(Tag::CodeBlock(_)), 0) => Some("a code block"),
            (Event::Start(Tag::BlockQuote(_)), 0) => Some("a quote"),
            (Event::Start(Tag::Table(_)), 0) => Some("a table"),
            (Event::Start(Tag::FootnoteDefinition(_)), 0) => Some("a footnote"),
            (Event::Rule, 0) => Some("a line of `---`"),
            _ => None,
        };
        if let Some(what) = what {
            return Some(Block { offset: range.start, what });
        }
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Drops the start and end of every link and image whose address is refused, or which does
/// not lead to the same place from every page ([`leads_from_anywhere`]: a link to a chapter, a
/// heading, a `term:` or a file of the course), keeping the text in between: a piece shown on
/// pages in several folders (cards, the glossary, the handout, the EPUB) cannot lead there
/// from each (`CB-LINK-LOCAL`, reported where the piece is written).
fn without_unplaceable_links<'a>(events: impl Iterator<Item = Spanned<'a>>) -> Vec<Spanned<'a>> {
    // For each open link or image: whether it is dropped.
    let mut dropped = Vec::new();
    events
        .filter(|(event, _)| match event {
            Event::Start(tag @ Tag::Link { dest_url, .. }) => {
                dropped.push(RefusedUrl::of(dest_url, false).is_some() || !leads_from_anywhere(tag));
                dropped.last() == Some(&false)
            }
            Event::Start(tag @ Tag::Image { dest_url, .. }) => {
                dropped.push(RefusedUrl::of(dest_url, true).is_some() || !leads_from_anywhere(tag));
                dropped.last() == Some(&false)
            }
            Event::End(TagEnd::Link | TagEnd::Image) => dropped.pop() != Some(true),
            _ => true,
        })
        .collect()
}

/// Elements an inline piece of Markdown (a summary, a definition, a tooltip) may keep when
/// sanitized: those that can sit inside a sentence, so that the `<p>` or tooltip `<span>`
/// around it stays whole.
const INLINE_TAGS: [&str; 34] = [
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "i", "img", "ins", "kbd", "mark",
    "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var",
    "wbr",
];

/// The cleaner of inline pieces: [`sanitizer`] with [`INLINE_TAGS`] only.
fn inline_sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut builder = sanitizer();
        builder.tags(INLINE_TAGS.into_iter().collect());
        builder
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_that_markdown_would_make_a_block_shows_as_written() {
        for (written, shown) in [
            ("> 60 分", "&gt; 60 分"),
            ("1. 不一定", "1. 不一定"),
            ("2) 都可以", "2) 都可以"),
            ("- 不确定", "- 不确定"),
            ("# 号键", "# 号键"),
            ("---", "---"),
            ("```", "```"),
        ] {
            assert_eq!(inline_html(written, RawHtml::Allow), shown, "{written}");
            assert_eq!(plain_text(written), written, "{written} in the search index");
            assert_eq!(first_block(written, false), None, "{written} is one line of text");
        }
        // Inline Markdown at the start of a line is not a block, and is kept.
        assert_eq!(inline_html("*强调*开头", RawHtml::Allow), "<em>强调</em>开头");
        assert_eq!(inline_html("**粗**与`代码`", RawHtml::Allow), "<strong>粗</strong>与<code>代码</code>");
        assert_eq!(inline_html("2024 年", RawHtml::Allow), "2024 年");
        // Several lines are judged as written.
        assert!(first_block("一段\n\n- 列表", false).is_some());
    }

    #[test]
    fn inline_html_strips_paragraph() {
        assert_eq!(inline_html("a *b*", RawHtml::Allow), "a <em>b</em>");
        assert_eq!(inline_text_html("a [b](x.md)", RawHtml::Allow), "a b");
    }

    #[test]
    fn text_for_a_card_keeps_no_link_of_the_authors_html_either() {
        let summary = "见<a href=\"https://example.org/\">官网</a>与<A\nhref=x.md>乙</A>，<abbr>缩写</abbr>";
        for mode in [RawHtml::Allow, RawHtml::Sanitize] {
            assert_eq!(inline_text_html(summary, mode), "见官网与乙，<abbr>缩写</abbr>", "{mode:?}");
        }
        // Shown as text where HTML is: nothing of what was written is taken away.
        assert!(inline_text_html(summary, RawHtml::Escape).contains("&lt;a href="));
        // Where links are kept, the author's are too.
        assert!(inline_html(summary, RawHtml::Allow).contains("<a href=\"https://example.org/\">官网</a>"));
        for (tag, link) in [
            ("<a>", Some(3)),
            ("</a >", Some(5)),
            ("<a/>", Some(4)),
            ("<a title=\"x > y\">", Some(17)),
            ("<abbr>", None),
            ("</aside>", None),
            ("<b>", None),
        ] {
            assert_eq!(link_tag_len(tag), link, "{tag}");
        }
        // In a block of HTML (a summary starting with a tag), after a comment, over two lines.
        for summary in [
            "<div>见<a href=\"https://example.org/\">官网</a></div>",
            "<!-- c --><a href=\"https://example.org/\">官网</a>",
            "<div>见 <a\nhref=\"https://example.org/\">官网</a> 完</div>",
        ] {
            for mode in [RawHtml::Allow, RawHtml::Sanitize] {
                let card = inline_text_html(summary, mode);
                assert!(card.contains("官网") && !card.contains("<a") && !card.contains("href"), "{mode:?}: {card}");
            }
        }
    }

    #[test]
    fn a_piece_of_one_paragraph_has_no_block_and_any_other_block_is_named_where_it_starts() {
        for one in ["定义", "一行\n接着一行", "*强调*与 `代码`", "按 <kbd>F1</kbd>", "<div>块</div>"] {
            assert_eq!(first_block(one, false), None, "{one:?}");
        }
        let found = |markdown: &str, paragraphs: bool| first_block(markdown, paragraphs).map(|b| (b.offset, b.what));
        assert_eq!(found("第一段。\n\n- 一项\n\n第二段。", false), Some((14, "a list")));
        assert_eq!(found("第一段。\n\n第二段。", false), Some((14, "a second paragraph")));
        assert_eq!(found("第一段。\n\n第二段。", true), None);
        assert_eq!(found("第一段。\n- 一项", true), Some((13, "a list")));
        assert_eq!(found("段\n# 标题", false), Some((4, "a heading")));
        assert_eq!(found("段\n\n    code", true), Some((9, "a code block")));
        assert_eq!(found("段\n> 引用", false), Some((4, "a quote")));
        assert_eq!(found("段\n\n1. 第一", false), Some((5, "a list")));
        assert_eq!(found("a | b\n--|--\n1 | 2", false), Some((0, "a table")));
        assert_eq!(found("段\n\n***", true), Some((5, "a line of `---`")));
        assert_eq!(found("段\n\n<div>\n块\n</div>", false), Some((5, "a block of HTML")));
        let list = first_block("第一段。\n\n- 一项\n\n第二段。", false).unwrap();
        assert_eq!(list.first_line("第一段。\n\n- 一项\n\n第二段。"), "- 一项");
    }

    #[test]
    fn inline_pieces_follow_the_mode() {
        let definition = "按 <kbd>F1</kbd> <div onclick=\"x()\">求助</div><script>alert(1)</script>";
        assert_eq!(inline_html(definition, RawHtml::Allow), definition);
        assert_eq!(inline_html(definition, RawHtml::Sanitize), "按 <kbd>F1</kbd> 求助");
        assert_eq!(inline_html("按 <kbd>F1</kbd>", RawHtml::Escape), "按 &lt;kbd&gt;F1&lt;/kbd&gt;");
        assert_eq!(inline_html("<div>块</div>", RawHtml::Escape), "&lt;div&gt;块&lt;/div&gt;");
        for mode in [RawHtml::Allow, RawHtml::Escape, RawHtml::Sanitize] {
            assert_eq!(
                inline_html("见 [这里](javascript:alert(1)) 与 ![图](data:image/png;base64,AA)", mode),
                "见 这里 与 图"
            );
        }
    }
}
