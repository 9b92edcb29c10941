//! `[output.html] raw-html` applied to the HTML an author wrote in a page body: kept as written,
//! shown as text, or cleaned with ammonia one Markdown element at a time ([`apply_raw_html`]).
//! Short inline pieces (summaries, definitions) are handled by `markup` the same way.

use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, Tag};

use crate::content::PageText;
use crate::diagnostic::{Code, Diagnostic};
use crate::markup::{
    escape_raw_html, html_of, html_pieces, open_tags_said, sanitizer, OpenTags, RawHtml, RefusedUrl, Spanned,
};
use crate::render::links::{self, LinkProblem};

/// Applies `[output.html] raw-html` to the HTML the author wrote in a page body (the `Html` and
/// `InlineHtml` events). Runs before term linking and footnote numbering, so the generator's
/// own markup (tooltips, footnote ids) is added afterwards and never touched; heading ids and
/// classes live in other events and are kept as they are.
pub(crate) fn apply_raw_html(events: Vec<Spanned<'_>>, mode: RawHtml) -> Vec<Spanned<'_>> {
    match mode {
        RawHtml::Allow => events,
        RawHtml::Escape => events.into_iter().map(|(event, range)| (escape_raw_html(event), range)).collect(),
        RawHtml::Sanitize => sanitize_raw_html(events),
    }
}

/// Attributes whose value a browser follows or loads as an address.
const ADDRESS_ATTRIBUTES: [&str; 10] =
    ["href", "src", "srcset", "action", "formaction", "poster", "data", "background", "cite", "xlink:href"];

/// Reports each address in the author's HTML that no course may use, as a Markdown link's is
/// reported: a refused scheme ([`RefusedUrl`], `&#106;avascript:` and the like decoded as a
/// browser decodes them). For `raw-html = "allow"`, which keeps the HTML as written and trusts
/// its author otherwise: another server named with `//` is kept (a video site's embed code is
/// written so), where `sanitize` removes it; `escape` shows the HTML as text.
/// Each block of HTML is read whole ([`html_pieces`]), so a tag over several lines is one.
pub(crate) fn report_refused_addresses(events: &[Spanned<'_>], page: &PageText<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for piece in html_pieces(events) {
        let piece = &events[piece];
        let mut after = 0;
        for (line_in_html, image, address) in addresses_in(&html_of(piece)) {
            // A refused scheme, or a file on the author's drive (`C:\…`), which leads nowhere.
            let problem = match (RefusedUrl::of(&address, image), links::drive_path_problem(&address)) {
                (Some(refused), _) => {
                    LinkProblem { code: Code::UrlRefused, message: refused.message(), help: refused.help().to_string() }
                }
                (None, Some(drive)) => drive,
                (None, None) => continue,
            };
            let written = written_at(piece, &address, after);
            after = written.map_or(after, |at| at + address.len());
            let (line, column) = match written {
                Some(offset) => page.body_position(offset),
                None => {
                    // Written with entities (`&#106;avascript:`): the line of its tag's end.
                    let (line, column) = page.body_position(piece[0].1.start);
                    if line_in_html > 1 {
                        (line + line_in_html - 1, 1)
                    } else {
                        (line, column)
                    }
                }
            };
            let message = format!("in HTML: {}", problem.message);
            diagnostics.push(
                Diagnostic::error(problem.code, &page.display_path, line, column, message)
                    .with_help(problem.help)
                    .with_source_indexed(page.text(), page.lines()),
            );
        }
    }
}

/// The problem of a page whose HTML leaves more than twenty ([`OpenTags`]) text-formatting
/// tags open at once, at the tag that passes the limit. Such HTML is not given to a parser (a
/// parser copies each open tag into every block after it): the page's render shows it as text,
/// and the build fails.
pub(crate) fn open_tags_problem(events: &[Spanned<'_>], page: &PageText<'_>) -> Option<Diagnostic> {
    let mut open = OpenTags::default();
    html_pieces(events).into_iter().find_map(|piece| {
        let piece = &events[piece];
        let (line_in_html, too_many) = open.read(&html_of(piece))?;
        let (line, column) = page.body_position(piece[0].1.start);
        let (line, column) = if line_in_html > 1 { (line + line_in_html - 1, 1) } else { (line, column) };
        let (message, help) = open_tags_said("this page's HTML", too_many);
        Some(
            Diagnostic::error(Code::LimitTags, &page.display_path, line, column, message)
                .with_help(help)
                .with_source_indexed(page.text(), page.lines()),
        )
    })
}

/// Where in the body `address` is written in a piece of HTML as an attribute's value (after a
/// quote or `=`), at or after the body offset `after` (the same address twice is found twice),
/// when it is written as it reads (one written with entities is not found).
fn written_at(piece: &[Spanned<'_>], address: &str, after: usize) -> Option<usize> {
    piece.iter().filter(|(_, range)| range.end > after).find_map(|(event, range)| match event {
        Event::Html(html) | Event::InlineHtml(html) => {
            let skip = after.saturating_sub(range.start);
            let rest = html.get(skip..)?;
            let valued = ["\"", "'", "="].iter().filter_map(|mark| rest.find(&format!("{mark}{address}"))).min();
            // A `srcset` candidate follows a comma or a space.
            let at = valued.map(|at| at + 1).or_else(|| rest.find(address))?;
            Some(range.start + skip + at)
        }
        _ => None,
    })
}

/// The addresses in `html`'s start tags ([`ADDRESS_ATTRIBUTES`], each of a `srcset`), entities
/// decoded, each with its line in `html` (from 1) and whether it is an image's.
fn addresses_in(html: &str) -> Vec<(usize, bool, String)> {
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer};
    use std::cell::RefCell;

    struct Sink(RefCell<Vec<(usize, bool, String)>>);
    impl TokenSink for Sink {
        type Handle = ();
        fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
            if let Token::TagToken(tag) = token {
                if tag.kind == TagKind::StartTag {
                    let image = matches!(&*tag.name, "img" | "source" | "picture" | "video" | "input");
                    let line = usize::try_from(line).unwrap_or(1);
                    let mut found = self.0.borrow_mut();
                    for attr in &tag.attrs {
                        let name = attr.name.local.to_ascii_lowercase();
                        let qualified = match &attr.name.prefix {
                            Some(prefix) => format!("{prefix}:{name}"),
                            None => name.to_string(),
                        };
                        if !ADDRESS_ATTRIBUTES.contains(&qualified.as_str()) {
                            continue;
                        }
                        if qualified == "srcset" {
                            let candidates = attr.value.split(',').filter_map(|c| c.split_whitespace().next());
                            found.extend(candidates.map(|c| (line, true, c.to_string())));
                        } else {
                            found.push((line, image, attr.value.to_string()));
                        }
                    }
                }
            }
            TokenSinkResult::Continue
        }
    }
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(Sink(RefCell::new(Vec::new())), Default::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.into_inner()
}

fn is_raw_html(event: &Event<'_>) -> bool {
    matches!(event, Event::Html(_) | Event::InlineHtml(_))
}

/// Cleans the author's HTML with ammonia, one Markdown element at a time.
///
/// Why not clean each `Html` event alone: pulldown-cmark splits a block of HTML into one event
/// per line (`<script>`, `alert(1)`, `</script>`) and inline HTML into one event per tag
/// (`<kbd>`, text, `</kbd>`), so a lone piece cannot be judged. Why not clean the finished
/// page: the generator's own markup (tooltips, ids, classes) would have to be allowed, and then
/// authors could forge it.
///
/// So, within each Markdown element (the page itself, a paragraph, a list item, a table
/// cell…), the author's HTML is joined with a mark standing for each piece of Markdown in
/// between, cleaned as one fragment, and the pieces of Markdown are put back where their marks
/// came out. HTML that spans Markdown works (`<details>` … a paragraph … `</details>`), and
/// the author's tags are closed within the element they were opened in, so they cannot close
/// the generator's. When ammonia moves or drops a mark where the pieces of Markdown could not
/// follow (a mark inside an attribute, marks out of order), that element's HTML is shown as
/// text instead ([`escape_raw_html`]); HTML inside `<script>` or `<style>` is dropped with
/// the pieces of Markdown written there.
fn sanitize_raw_html(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    if !events.iter().any(|(event, _)| is_raw_html(event)) {
        return events;
    }
    let ends = matching_ends(&events);
    let mut slots: Vec<Option<Spanned<'_>>> = events.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(slots.len());
    let everything = 0..slots.len();
    let top = element_plan(&mut slots, &ends, everything);
    // Depth-first, with an explicit stack: a deeply nested page cannot overflow the call stack.
    let mut stack = vec![(top.into_iter(), None::<usize>)];
    while let Some((items, end)) = stack.last_mut() {
        let end = *end;
        match items.next() {
            Some(Item::Event(event)) => out.push(event),
            Some(Item::Leaf(i)) => out.extend(slots[i].take()),
            Some(Item::Element(start)) => {
                out.extend(slots[start].take());
                let plan = element_plan(&mut slots, &ends, start + 1..ends[start]);
                stack.push((plan.into_iter(), Some(ends[start])));
            }
            None => {
                out.extend(end.and_then(|end| slots.get_mut(end)).and_then(Option::take));
                stack.pop();
            }
        }
    }
    out
}

/// For each `Start` event, the index of its `End` (the slice's length if it has none); for
/// any other event, its own index.
fn matching_ends(events: &[Spanned<'_>]) -> Vec<usize> {
    let mut ends: Vec<usize> = (0..events.len()).collect();
    let mut open = Vec::new();
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(_) => {
                ends[i] = events.len();
                open.push(i);
            }
            Event::End(_) => {
                if let Some(start) = open.pop() {
                    ends[start] = i;
                }
            }
            _ => {}
        }
    }
    ends
}

/// What an element's content becomes, in order.
enum Item<'a> {
    /// A new event: cleaned HTML, or raw HTML shown as text.
    Event(Spanned<'a>),
    /// The event at this index, as it is.
    Leaf(usize),
    /// The element starting at this index: its start, its own plan, its end.
    Element(usize),
}

/// One child of an element: raw HTML (an `InlineHtml`, or a whole HTML block), or Markdown.
#[derive(Clone, Copy)]
enum Child {
    /// Events `start..=end` are the author's HTML: an `InlineHtml`, or an HTML block's start,
    /// lines and end.
    Html { start: usize, end: usize },
    /// A leaf event, or an element (from its start to its end) of Markdown.
    Markdown(usize),
}

impl Child {
    /// The index of the child's first event.
    fn start(self) -> usize {
        match self {
            Child::Html { start, .. } => start,
            Child::Markdown(start) => start,
        }
    }
}

/// Plans the content of the element whose children are the events in `range`: taken as they
/// are when none of them is raw HTML, else cleaned as one fragment.
fn element_plan<'a>(slots: &mut [Option<Spanned<'a>>], ends: &[usize], range: Range<usize>) -> Vec<Item<'a>> {
    let children = children(slots, ends, range);
    if !children.iter().any(|c| matches!(c, Child::Html { .. })) {
        return children.iter().filter_map(|&c| markdown_item(slots, c)).collect();
    }
    let cleaned = body_sanitizer().clean(&fragment(slots, &children)).to_string();
    let is_markdown_child = |i: usize| {
        let found = children.binary_search_by_key(&i, |c| c.start());
        found.is_ok_and(|at| matches!(children[at], Child::Markdown(_)))
    };
    match split_at_marks(&cleaned).filter(|pieces| marks_in_order(pieces, is_markdown_child)) {
        Some(pieces) => {
            // Where the element's HTML starts in the body: the place of every cleaned piece.
            let range =
                children.iter().find(|c| matches!(c, Child::Html { .. })).and_then(|c| slots[c.start()].as_ref());
            let range = range.map(|(_, range)| range.clone()).unwrap_or_default();
            let item = |piece| match piece {
                Piece::Html(html) => Some(Item::Event((Event::Html(CowStr::from(html)), range.clone()))),
                Piece::Mark(i) => markdown_item(slots, Child::Markdown(i)),
            };
            pieces.into_iter().filter_map(item).collect()
        }
        None => children.iter().flat_map(|&child| escaped_items(slots, child)).collect(),
    }
}

/// The children of an element, in order: each leaf event, whole element or HTML block once.
fn children(slots: &[Option<Spanned<'_>>], ends: &[usize], range: Range<usize>) -> Vec<Child> {
    let mut children = Vec::new();
    let mut i = range.start;
    while i < range.end.min(slots.len()) {
        let Some((event, _)) = &slots[i] else { break };
        let end = ends[i].min(range.end);
        children.push(match event {
            Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) | Event::Html(_) => Child::Html { start: i, end },
            _ => Child::Markdown(i),
        });
        i = end + 1;
    }
    children
}

/// A child of Markdown as an item of the plan; None for raw HTML.
fn markdown_item<'a>(slots: &[Option<Spanned<'a>>], child: Child) -> Option<Item<'a>> {
    match (child, &slots[child.start()]) {
        (Child::Markdown(i), Some((Event::Start(_), _))) => Some(Item::Element(i)),
        (Child::Markdown(i), _) => Some(Item::Leaf(i)),
        (Child::Html { .. }, _) => None,
    }
}

/// The author's HTML of an element with a mark for each child of Markdown.
fn fragment(slots: &[Option<Spanned<'_>>], children: &[Child]) -> String {
    let mut fragment = String::new();
    for &child in children {
        match child {
            Child::Html { start, end } => {
                for (event, _) in slots[start..=end].iter().flatten() {
                    if let Event::Html(html) | Event::InlineHtml(html) = event {
                        fragment.push_str(html);
                    }
                }
            }
            Child::Markdown(i) => fragment.push_str(&mark(i)),
        }
    }
    fragment
}

/// A child as it is, its raw HTML shown as text.
fn escaped_items<'a>(slots: &mut [Option<Spanned<'a>>], child: Child) -> Vec<Item<'a>> {
    match child {
        Child::Html { start, end } => slots[start..=end]
            .iter_mut()
            .filter_map(Option::take)
            .map(|(event, range)| Item::Event((escape_raw_html(event), range)))
            .collect(),
        Child::Markdown(_) => markdown_item(slots, child).into_iter().collect(),
    }
}

/// Brackets a mark in the fragment given to ammonia: private-use characters, which it keeps as
/// text. An author who writes them only gets their HTML shown as text (see [`split_at_marks`]).
const MARK_OPEN: char = '\u{E000}';

/// Closes a mark opened by [`MARK_OPEN`].
const MARK_CLOSE: char = '\u{E001}';

/// The mark standing for the event at index `i` in the fragment given to ammonia.
fn mark(i: usize) -> String {
    format!("{MARK_OPEN}{i}{MARK_CLOSE}")
}

/// Cleaned HTML cut at the marks.
#[derive(Debug, PartialEq, Eq)]
enum Piece {
    /// Cleaned HTML between two marks.
    Html(String),
    /// The index of the event a mark stands for.
    Mark(usize),
}

/// Cuts ammonia's output at the marks. None when a mark is anywhere but between tags (ammonia
/// writes every attribute in double quotes and escapes `<` in text, so a tag is `<` … `>`
/// outside quotes), or is not a mark as [`mark`] writes it: putting Markdown back there would
/// put it inside a tag.
fn split_at_marks(html: &str) -> Option<Vec<Piece>> {
    let mut pieces = Vec::new();
    let (mut in_tag, mut in_quotes) = (false, false);
    let (mut piece_start, mut at) = (0, 0);
    while let Some(c) = html[at..].chars().next() {
        let mut next = at + c.len_utf8();
        match c {
            MARK_OPEN | MARK_CLOSE if in_tag => return None,
            MARK_CLOSE => return None,
            MARK_OPEN => {
                let length = html[next..].find(MARK_CLOSE)?;
                let digits = &html[next..next + length];
                // Digits only (`parse` would take a leading `+`); an empty mark fails to parse.
                if !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                if piece_start < at {
                    pieces.push(Piece::Html(html[piece_start..at].to_string()));
                }
                pieces.push(Piece::Mark(digits.parse().ok()?));
                next += length + MARK_CLOSE.len_utf8();
                piece_start = next;
            }
            '<' if !in_tag => in_tag = true,
            '"' if in_tag => in_quotes = !in_quotes,
            '>' if in_tag && !in_quotes => in_tag = false,
            _ => {}
        }
        at = next;
    }
    if piece_start < html.len() {
        pieces.push(Piece::Html(html[piece_start..].to_string()));
    }
    Some(pieces)
}

/// True when every mark names a piece of Markdown of the element and they come out in the
/// order they went in, each once (some may be missing: dropped inside `<script>`).
fn marks_in_order(pieces: &[Piece], is_markdown_child: impl Fn(usize) -> bool) -> bool {
    let mut last = None;
    pieces.iter().all(|piece| match *piece {
        Piece::Html(_) => true,
        Piece::Mark(i) => {
            let in_order = last.is_none_or(|last| i > last) && is_markdown_child(i);
            last = Some(i);
            in_order
        }
    })
}

/// The cleaner of page bodies: ammonia's defaults (text, lists, tables, images, links,
/// `<details>`; no scripts, styles, frames, forms, event handlers, classes or ids, so an author
/// can neither run code nor take the generator's ids and classes), addresses limited to
/// relative ones, http(s) and mailto.
fn body_sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(sanitizer)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What must not survive sanitizing, shared with the integration tests.
    const UNSAFE_MARKERS: &str = include_str!("../../tests/fixtures/unsafe_html_markers.txt");
    use crate::markup::{options, parse, to_html};

    fn body(markdown: &str, mode: RawHtml) -> String {
        to_html(apply_raw_html(parse(markdown, options(false), &crate::markup::PageIds::default()).events, mode))
    }

    #[test]
    fn allow_keeps_html_as_written() {
        let markdown = "<div onclick=\"x()\">\n\n**b**\n\n</div>\n\na <kbd>k</kbd>\n";
        assert_eq!(
            body(markdown, RawHtml::Allow),
            to_html(parse(markdown, options(false), &crate::markup::PageIds::default()).events)
        );
    }

    #[test]
    fn escape_shows_html_as_text() {
        let html = body("<script>\nalert(1)\n</script>\n\nsee <b onclick=\"x()\">this</b>\n", RawHtml::Escape);
        assert_eq!(
            html,
            "<pre><code>&lt;script&gt;\nalert(1)\n&lt;/script&gt;\n</code></pre>\n<p>see &lt;b onclick=&quot;x()&quot;&gt;this&lt;/b&gt;</p>\n"
        );
    }

    #[test]
    fn sanitize_neutralises_payloads() {
        let payloads = [
            "<script>\nalert(1)\n</script>\n",
            "<script>alert(1)</script>\n",
            "a <script>alert(1)</script> b\n",
            "<img src=\"x.png\" onerror=\"alert(1)\">\n",
            "a <img src=x onerror=alert(1)> b\n",
            "<a href=\"javascript:alert(1)\">x</a>\n",
            "a <a href=\"JaVaScRiPt:alert(1)\">x</a> b\n",
            "<iframe src=\"https://evil.example/\"></iframe>\n",
            "<style>\nbody { display: none }\n</style>\n",
            "<p style=\"position:fixed\" onmouseover=\"alert(1)\">x</p>\n",
            "<svg onload=\"alert(1)\"><circle/></svg>\n",
            "<object data=\"x.swf\"></object><embed src=\"x.swf\">\n",
            "<form action=\"https://evil.example/\"><input name=p></form>\n",
            "<div\nonclick=\"alert(1)\">x</div>\n",
            "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>\n",
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">\n",
        ];
        for payload in payloads {
            let html = body(payload, RawHtml::Sanitize).to_ascii_lowercase();
            for bad in UNSAFE_MARKERS.lines() {
                assert!(!html.contains(bad), "{payload:?} gave {html:?}");
            }
        }
    }

    #[test]
    fn sanitize_keeps_harmless_html_and_the_markdown_inside_it() {
        let html = body("<details><summary>答案</summary>\n\n**七天**无理由退货\n\n</details>\n", RawHtml::Sanitize);
        assert_eq!(html, "<details><summary>答案</summary>\n<p><strong>七天</strong>无理由退货</p>\n</details>\n");
        let html = body("按 <kbd>Ctrl</kbd>+<kbd>F</kbd> 与 *H*<sub>2</sub>O\n", RawHtml::Sanitize);
        assert_eq!(html, "<p>按 <kbd>Ctrl</kbd>+<kbd>F</kbd> 与 <em>H</em><sub>2</sub>O</p>\n");
        let html = body("<a href=\"https://example.org/\" class=\"term\" id=\"fn-1\">x</a>\n", RawHtml::Sanitize);
        assert_eq!(html, "<p><a href=\"https://example.org/\" rel=\"noopener noreferrer\">x</a></p>\n");
    }

    #[test]
    fn sanitized_tags_stay_in_the_element_they_were_opened_in() {
        // A stray end tag cannot close the page's own elements; an open tag is closed with its paragraph.
        assert_eq!(body("</div></article>\n\ntext\n", RawHtml::Sanitize), "\n<p>text</p>\n");
        assert_eq!(
            body("> a <b>bold\n\nafter\n", RawHtml::Sanitize),
            "<blockquote>\n<p>a <b>bold</b></p>\n</blockquote>\n<p>after</p>\n"
        );
    }

    #[test]
    fn sanitize_shows_html_as_text_when_the_markdown_cannot_follow_it() {
        // A forged mark inside an attribute.
        let html = body("a <span title=\"&#xE000;0&#xE001;\">b</span>\n", RawHtml::Sanitize);
        assert_eq!(html, "<p>a &lt;span title=&quot;&amp;#xE000;0&amp;#xE001;&quot;&gt;b&lt;/span&gt;</p>\n");
        // Markdown inside a table's rows is moved out of the table by the HTML parser.
        let html = body("<table>\n\n*a*\n\n<tr><td>\n\n*b*\n\n</td></tr>\n\n*c*\n\n</table>\n", RawHtml::Sanitize);
        assert!(html.contains("<pre><code>&lt;table&gt;"), "{html}");
        assert!(!html.contains("<table>"), "{html}");
        // A forged mark repeating the real one, whichever number it has: the Markdown once.
        for i in 0..12 {
            let html = body(&format!("<div>\n\n*a*\n\n<span>&#xE000;{i}&#xE001;</span></div>\n"), RawHtml::Sanitize);
            assert_eq!(html.matches("<em>a</em>").count(), 1, "{html}");
        }
    }

    #[test]
    fn sanitize_leaves_pages_without_html_alone_and_survives_deep_nesting() {
        let markdown = "## 标题 {#t}\n\n- a *b*\n  > c[^1]\n\n[^1]: d\n";
        assert_eq!(body(markdown, RawHtml::Sanitize), body(markdown, RawHtml::Allow));
        let deep = format!("{} <b onclick=\"x()\">深</b>\n", "> ".repeat(5000));
        let html = body(&deep, RawHtml::Sanitize);
        assert!(html.contains("<b>深</b>") && !html.contains("onclick"));
    }

    #[test]
    fn marks_are_found_only_between_tags() {
        let m = |i: usize| mark(i);
        assert_eq!(
            split_at_marks(&format!("<b>{}</b>{}", m(1), m(3))),
            Some(vec![Piece::Html("<b>".into()), Piece::Mark(1), Piece::Html("</b>".into()), Piece::Mark(3)])
        );
        assert_eq!(split_at_marks(&format!("<a title=\"{}\">x</a>", m(1))), None);
        assert_eq!(split_at_marks(&format!("<a title=\">\" {}>x</a>", m(1))), None);
        assert_eq!(split_at_marks("\u{E000}x\u{E001}"), None);
        assert_eq!(split_at_marks("\u{E001}"), None);
    }
}
