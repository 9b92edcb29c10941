//! Events and HTML: the Markdown options of a course, an event with its place in the body
//! ([`Spanned`]), events written as HTML, escaping, raw HTML shown as text, the `raw-html`
//! mode and the sanitizer every mode of cleaning starts from.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Tag, TagEnd};
use serde::Deserialize;

/// What becomes of HTML written in a course's Markdown (`[output.html] raw-html`). A course
/// that takes pull requests from strangers chooses `escape` or `sanitize`, so that a
/// contribution cannot put scripts into the pages its readers open.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum RawHtml {
    /// Kept as written: the author's HTML is part of the page (the course trusts its authors).
    #[default]
    Allow,
    /// Shown as text: readers see the tags, the browser never reads them as HTML.
    Escape,
    /// Kept, but cleaned: only harmless elements and attributes remain (no scripts, styles,
    /// frames, event handlers or `javascript:` addresses).
    Sanitize,
}

/// An event with the byte range of the body it came from.
pub(crate) type Spanned<'a> = (Event<'a>, Range<usize>);

/// The most text-formatting tags (`<b>`, `<i>`, `<a>`, `<font>`…) HTML may leave open at once.
/// A browser, and the HTML parser behind `sanitize` and the EPUB, opens every one still open
/// again in each block that follows, so N of them before M paragraphs make N × M elements: a
/// 71 KB chapter with 4,000 of each took 3 GB. A page leaves a few open by mistake, not twenty.
pub(crate) const MAX_OPEN_FORMATTING: usize = 20;

/// The deepest HTML may nest elements (a `<div>` in a `<div>`…). The HTML parser behind
/// `sanitize` and the EPUB looks through every open element at each tag, so that nesting N deep
/// costs N × N: 48,000 `<div>` in a chapter of 240 KB took 11.6 s. Browsers stop nesting at 512.
pub(crate) const MAX_NESTING: usize = 512;

/// What HTML opens too many of at once ([`OpenTags`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TooMany {
    /// More than [`MAX_OPEN_FORMATTING`] text-formatting tags.
    Formatting,
    /// Elements nested more than [`MAX_NESTING`] deep.
    Nested,
}

/// What a report says of HTML that leaves too many tags open ([`OpenTags`]), naming what holds
/// it (`this page's HTML`, `the definition of \`x\``), and what to do: one wording for every place.
pub(crate) fn open_tags_said(subject: &str, too_many: TooMany) -> (String, &'static str) {
    match too_many {
        TooMany::Formatting => (
            format!("{subject} leaves more than {MAX_OPEN_FORMATTING} tags like <b>, <i>, <a> or <font> open at once"),
            "close each tag where its text ends (<b>…</b>): a browser opens every unclosed one again in each paragraph after it",
        ),
        TooMany::Nested => (
            format!("{subject} nests elements more than {MAX_NESTING} deep (a <div> inside a <div>…)"),
            "close each element where its content ends (<div>…</div>): HTML nested this deep takes a parser longer at every tag",
        ),
    }
}

/// The elements HTML's parsing rules reopen in each block while they are left open.
const FORMATTING: [&str; 14] =
    ["a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"];

/// Formatting elements that never nest in themselves: a parser ends an open `<a>` before it
/// opens the next, so a page of links left unclosed has one open, not one per link. Not
/// `<nobr>`: a parser ends an open one only while it is in scope, and one behind an `<svg>`'s
/// `<foreignObject>` or a `<table>` is not, so that `<table><svg><foreignObject><nobr id=1>…`
/// left 250 of them open at once, each copied into every paragraph after the table.
const ENDS_ITS_KIND: [&str; 1] = ["a"];

/// Elements that do not nest what follows them: void ones, which have no end tag, and those a
/// parser ends by itself at the next of their kind or at their parent's end (`<li>`, `<p>`,
/// `<td>`…, often written without their end tag).
const NOT_NESTING: [&str; 37] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    "keygen", "basefont", "bgsound", "frame", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp", "body",
];

/// The text-formatting tags left open so far in HTML read piece by piece ([`OpenTags::read`]),
/// and how deep its other elements are nested.
#[derive(Debug, Default)]
pub(crate) struct OpenTags {
    /// How many of each of [`FORMATTING`] are open.
    open: [usize; FORMATTING.len()],
    /// The elements that nest (all but those of [`NOT_NESTING`]) open, outermost first, at most
    /// one past [`MAX_NESTING`], each with whether it is an SVG or MathML element.
    nested: Vec<(String, bool)>,
}

/// The start tags that end SVG and MathML: a parser closes the `<svg>` or `<math>` open and
/// opens them as HTML (and `<font>` with `color`, `face` or `size`), as html5ever does; the end
/// tags `</p>` and `</br>` close it too.
const ENDS_FOREIGN: [&str; 44] = [
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
];

/// SVG and MathML elements whose content is HTML again (`<foreignObject>`, `<mi>`…): those
/// that may be, by their name, so that `<x/>` inside one is counted as opening its element.
const HTML_INSIDE: [&str; 9] = ["foreignobject", "desc", "title", "mi", "mo", "mn", "ms", "mtext", "annotation-xml"];

/// What an end tag did to the open elements ([`OpenTags::close_nested`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Closing {
    /// It closed its element.
    Closed,
    /// Its element is open, under a block a parser keeps open: nothing closed.
    Blocked,
    /// No such element is open (a parser forgets a formatting element it names).
    Absent,
}

/// The HTML elements an end tag of an element opened around them does not close (HTML's
/// "special" elements, those of them that nest: not those of [`NOT_NESTING`], never held
/// open here): `<span><div></span>` leaves both open.
const SPECIAL: [&str; 53] = [
    "address",
    "applet",
    "article",
    "aside",
    "blockquote",
    "button",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "html",
    "iframe",
    "listing",
    "main",
    "marquee",
    "menu",
    "nav",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "plaintext",
    "pre",
    "script",
    "search",
    "section",
    "select",
    "style",
    "summary",
    "table",
    "template",
    "textarea",
    "title",
    "ul",
    "xmp",
];

impl OpenTags {
    /// Closes the innermost open HTML element `name` and every element opened inside it, as a
    /// parser does, unless an element of [`SPECIAL`] was opened inside it: then a parser ignores
    /// the end tag (`</span>` with a `<div>` open inside the span), or, for a formatting
    /// element, leaves that block open, and nothing is closed here either. (An SVG or MathML
    /// element is closed by [`Self::close_foreign`].)
    fn close_nested(&mut self, name: &str) -> Closing {
        for at in (0..self.nested.len()).rev() {
            let (open, foreign) = &self.nested[at];
            if !foreign && open == name {
                self.nested.truncate(at);
                return Closing::Closed;
            }
            let special =
                if *foreign { HTML_INSIDE.contains(&open.as_str()) } else { SPECIAL.contains(&open.as_str()) };
            if special {
                return Closing::Blocked;
            }
        }
        Closing::Absent
    }

    /// Whether a parser reads the next tag as SVG or MathML: the innermost open element is one,
    /// and not one that holds HTML ([`HTML_INSIDE`]). Where `<x/>` ends the element it opens,
    /// and a script or a style holds tags.
    fn in_foreign_content(&self) -> bool {
        self.nested.last().is_some_and(|(name, foreign)| *foreign && !HTML_INSIDE.contains(&name.as_str()))
    }

    /// Closes the SVG or MathML elements open down to the innermost HTML one (or one that holds
    /// HTML), as a parser does at a tag of [`ENDS_FOREIGN`].
    fn end_foreign(&mut self) {
        while self.in_foreign_content() {
            self.nested.pop();
        }
    }

    /// An end tag read while the innermost open element is SVG or MathML: closes the innermost
    /// `name` among the SVG and MathML elements open inside the innermost HTML one, and what is
    /// inside it; false when there is none (then the end tag is read as HTML).
    fn close_foreign(&mut self, name: &str) -> bool {
        let inside = self.nested.iter().rposition(|(_, foreign)| !foreign).map_or(0, |html| html + 1);
        match self.nested[inside..].iter().rposition(|(open, _)| open.eq_ignore_ascii_case(name)) {
            Some(at) => {
                self.nested.truncate(inside + at);
                true
            }
            None => false,
        }
    }

    /// Ends an open `name` of [`ENDS_ITS_KIND`] as a parser does before opening the next one.
    /// The elements opened inside it are left open: a block (`<div>`) stays open in a parser
    /// too, and counting an inline one the parser would end only errs toward the limit.
    fn end_open(&mut self, name: &str) {
        if let Some(kind) = FORMATTING.iter().position(|formatting| *formatting == name) {
            self.open[kind] = self.open[kind].saturating_sub(1);
        }
        if let Some(at) = self.nested.iter().rposition(|(open, foreign)| !foreign && open == name) {
            self.nested.remove(at);
        }
    }

    /// Reads the next piece of HTML; returns the line of `html` (from 1) where more than
    /// [`MAX_OPEN_FORMATTING`] formatting tags are first open at once, or elements first nested
    /// more than [`MAX_NESTING`] deep, and which.
    pub(crate) fn read(&mut self, html: &str) -> Option<(usize, TooMany)> {
        use html5ever::tendril::StrTendril;
        use html5ever::tokenizer::states::RawKind;
        use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer};
        use std::cell::RefCell;

        struct Sink(RefCell<(OpenTags, Option<(usize, TooMany)>)>);
        impl TokenSink for Sink {
            type Handle = ();
            fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
                let Token::TagToken(tag) = token else { return TokenSinkResult::Continue };
                let (open, flooded) = &mut *self.0.borrow_mut();
                let name = &*tag.name;
                // In SVG or MathML, an HTML tag such as <p> or <b> closes them first.
                let ends_foreign = match tag.kind {
                    TagKind::StartTag => {
                        ENDS_FOREIGN.contains(&name)
                            || (name == "font"
                                && tag.attrs.iter().any(|a| matches!(&*a.name.local, "color" | "face" | "size")))
                    }
                    TagKind::EndTag => matches!(name, "p" | "br"),
                };
                if ends_foreign {
                    open.end_foreign();
                }
                let foreign = open.in_foreign_content() || matches!(name, "svg" | "math");
                // HTML ignores the `/` of `<b/>` or `<div/>`: the element is opened as by `<b>`.
                // Only an SVG or MathML element (`<path/>`, `<svg/>`) is ended by it.
                let opens = tag.kind == TagKind::StartTag && !(tag.self_closing && foreign);
                // What a script, a style or a text area holds is text, not tags, as a parser
                // reads it; not in SVG or MathML, where a <style> holds tags. Inside one of
                // them, tags are read as tags: at worst, a script's text counts.
                if opens {
                    let text = match name {
                        "script" => Some(RawKind::ScriptData),
                        "style" | "xmp" | "iframe" | "noembed" | "noframes" => Some(RawKind::Rawtext),
                        "textarea" | "title" => Some(RawKind::Rcdata),
                        _ => None,
                    };
                    // Looked for only at such a tag: the open elements are read through once.
                    if let Some(kind) = text.filter(|_| !open.nested.iter().any(|(_, foreign)| *foreign)) {
                        return TokenSinkResult::RawData(kind);
                    }
                }
                let line = usize::try_from(line).unwrap_or(1);
                if opens && !foreign && ENDS_ITS_KIND.contains(&name) {
                    open.end_open(name);
                }
                let mut closing = Closing::Absent;
                if !NOT_NESTING.contains(&name) || foreign {
                    match tag.kind {
                        TagKind::StartTag if opens && open.nested.len() <= MAX_NESTING => {
                            open.nested.push((name.to_string(), foreign));
                        }
                        TagKind::StartTag => {}
                        // An end tag closes its element and every one opened inside it (`</svg>`
                        // its unclosed `<path>`, `</div>` a `<span>`); one with no such element
                        // open is ignored, as a parser ignores it.
                        TagKind::EndTag => {
                            let read_as_svg = open.nested.last().is_some_and(|(_, foreign)| *foreign);
                            if !(read_as_svg && open.close_foreign(name)) {
                                closing = open.close_nested(name);
                            }
                        }
                    }
                    if flooded.is_none() && open.nested.len() > MAX_NESTING {
                        *flooded = Some((line, TooMany::Nested));
                    }
                }
                let Some(kind) = FORMATTING.iter().position(|name| &*tag.name == *name) else {
                    return TokenSinkResult::Continue;
                };
                match tag.kind {
                    // `<b/>` opens a `<b>` even inside SVG, which a formatting element leaves.
                    TagKind::StartTag => open.open[kind] += 1,
                    TagKind::EndTag if closing == Closing::Blocked => {}
                    TagKind::EndTag => open.open[kind] = open.open[kind].saturating_sub(1),
                }
                if flooded.is_none() && open.open.iter().sum::<usize>() > MAX_OPEN_FORMATTING {
                    *flooded = Some((line, TooMany::Formatting));
                }
                TokenSinkResult::Continue
            }
        }
        let input = BufferQueue::default();
        input.push_back(StrTendril::from_slice(html));
        let tokenizer = Tokenizer::new(Sink(RefCell::new((std::mem::take(self), None))), Default::default());
        let _ = tokenizer.feed(&input);
        tokenizer.end();
        let (open, flooded) = tokenizer.sink.0.into_inner();
        *self = open;
        flooded
    }
}

/// The author's HTML among `events`, piece by piece, as the indices of its events: an inline
/// tag alone, a block of HTML whole (pulldown-cmark gives a block a line at a time, so a tag
/// written over two lines comes in two events). Its text is [`html_of`].
pub(crate) fn html_pieces(events: &[Spanned<'_>]) -> Vec<Range<usize>> {
    let mut pieces: Vec<Range<usize>> = Vec::new();
    for (i, (event, _)) in events.iter().enumerate() {
        match (event, pieces.last_mut()) {
            (Event::Html(_), Some(block)) if block.end == i && matches!(events[block.start].0, Event::Html(_)) => {
                block.end = i + 1;
            }
            (Event::Html(_) | Event::InlineHtml(_), _) => pieces.push(i..i + 1),
            _ => {}
        }
    }
    pieces
}

/// The HTML of a piece of [`html_pieces`], its lines joined.
pub(crate) fn html_of(piece: &[Spanned<'_>]) -> String {
    piece
        .iter()
        .filter_map(|(event, _)| match event {
            Event::Html(html) | Event::InlineHtml(html) => Some(&**html),
            _ => None,
        })
        .collect()
}

/// The Markdown extensions a course may use: GFM tables, footnotes, strikethrough, task lists,
/// `{#id}` heading attributes; smart punctuation only when asked for.
pub(crate) fn options(smart_punctuation: bool) -> Options {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    options
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).ok();
    out
}

/// The length of `text` once escaped as [`escape_html`] and the templates escape it: what a
/// page's size is planned with.
pub(crate) fn escaped_len(text: &str) -> usize {
    text.len()
        + text
            .bytes()
            .map(|b| match b {
                b'&' | b'\'' => 4,
                b'<' | b'>' => 3,
                b'"' => 5,
                _ => 0,
            })
            .sum::<usize>()
}

/// Writes events as HTML.
pub(crate) fn to_html<'a>(events: impl IntoIterator<Item = Spanned<'a>>) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    html
}

/// Shows raw HTML as text: an HTML block becomes a code block (the tags as written, line by
/// line), inline HTML becomes escaped text in its sentence.
pub(crate) fn escape_raw_html(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::HtmlBlock) => Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)),
        Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::CodeBlock),
        Event::Html(html) => Event::Text(html),
        Event::InlineHtml(html) => Event::InlineHtml(CowStr::from(escape_html(&html))),
        other => other,
    }
}

/// The cleaner `raw-html = "sanitize"` starts from, for page bodies and inline pieces alike:
/// ammonia's defaults, comments removed, addresses limited to relative ones, http(s) and mailto
/// (a relative one starting with `//`, another server, removed: [`super::is_network_path`]).
pub(crate) fn sanitizer() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .url_relative(ammonia::UrlRelative::Custom(Box::new(WithinTheSite)))
        .strip_comments(true);
    builder
}

/// Keeps a relative address but one that names another server (`//host/…`).
struct WithinTheSite;

impl ammonia::UrlRelativeEvaluate<'static> for WithinTheSite {
    fn evaluate<'a>(&self, url: &'a str) -> Option<std::borrow::Cow<'a, str>> {
        (!super::is_network_path(url)).then_some(std::borrow::Cow::Borrowed(url))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_formatting_tags_are_counted_across_pieces_and_closed_ones_are_not() {
        let mut open = OpenTags::default();
        assert_eq!(open.read(&"<b x><i>t</i>".repeat(19)), None, "nineteen open <b>, each <i> closed");
        assert_eq!(open.read("<br/><p>x</p><img/>\n<B y>"), None, "a void element is not open; twenty are");
        assert_eq!(open.read("<p>\n<u>"), Some((2, TooMany::Formatting)), "a twenty-first, in the next piece");
        let mut closed = OpenTags::default();
        assert_eq!(closed.read(&"<strong>a</strong>\n".repeat(1000)), None);
        assert_eq!(closed.read(&"<div><span><p>".repeat(200)), None, "only formatting tags are reopened");
        assert_eq!(closed.read(&"</b>".repeat(50)), None, "stray end tags do not go below nothing");
        assert_eq!(
            closed.read(&format!("{}\n\n{}", "<em>".repeat(10), "<font>".repeat(11))),
            Some((3, TooMany::Formatting))
        );
        let mut text = OpenTags::default();
        let held =
            format!("<script>var s = \"{0}\";</script><textarea>{0}</textarea><style>{0}</style>", "<b>".repeat(30));
        assert_eq!(text.read(&held), None, "a script, a text area or a style holds text");
        assert_eq!(text.read(&"<i>".repeat(21)), Some((1, TooMany::Formatting)), "and after them, tags are tags again");
    }

    #[test]
    fn an_end_tag_a_parser_ignores_closes_nothing() {
        assert!(SPECIAL.iter().all(|name| !NOT_NESTING.contains(name)), "a special element listed is one held open");
        // `</span>` with a `<div>` open inside the span is ignored by a parser, and `</b>` leaves
        // the `<div>` open: both kept 15,000 divs nested where the check counted none.
        for piece in ["<span><div></span>", "<b><div></b>", "<em><section></em>\n"] {
            // The `<b>` stays open too (a parser moves a copy of it into the block).
            let mut open = OpenTags::default();
            assert!(open.read(&piece.repeat(MAX_NESTING + 1)).is_some(), "{piece}");
        }
        let mut closed = OpenTags::default();
        let fine = "<div><span>说明</div><b>粗<i>斜</b></i><span>x</span>\n".repeat(MAX_NESTING * 2);
        assert_eq!(closed.read(&fine), None, "an end tag still closes what is inline inside its element");
        let mut stray = OpenTags::default();
        let lost = "<div><b>粗</div></b>\n".repeat(MAX_OPEN_FORMATTING * 2);
        assert_eq!(stray.read(&lost), None, "a </b> after its element was closed forgets it, as a parser does");
    }

    #[test]
    fn an_unclosed_link_is_ended_by_the_next_one_as_a_parser_ends_it() {
        let mut links = OpenTags::default();
        let unclosed = "<p><a href=\"a.html\">第一章 <b>粗</b>\n".repeat(MAX_NESTING * 2);
        assert_eq!(links.read(&unclosed), None, "one <a> open at a time");
        assert_eq!(links.read(&"<b>".repeat(MAX_OPEN_FORMATTING - 1)), None, "twenty with the link still open");
        assert_eq!(links.read("<i>"), Some((1, TooMany::Formatting)), "a twenty-first");
        let mut blocks = OpenTags::default();
        let nested = "<a href=x><div>".repeat(MAX_NESTING - 1);
        assert_eq!(blocks.read(&nested), None, "the next link ends the one before");
        assert_eq!(blocks.read("<div>"), Some((1, TooMany::Nested)), "but not a <div> opened inside it");
        let mut self_closed = OpenTags::default();
        assert_eq!(self_closed.read(&"<b/>".repeat(MAX_OPEN_FORMATTING)), None);
        assert_eq!(self_closed.read("\n<i class=x />"), Some((2, TooMany::Formatting)), "HTML opens <b/> as <b>");
        let mut divs = OpenTags::default();
        assert_eq!(divs.read(&"<div/>".repeat(MAX_NESTING + 1)), Some((1, TooMany::Nested)), "and <div/> as <div>");
        let mut icons = OpenTags::default();
        let paths = format!("<svg>{}</svg>", "<path d=\"M0 0\"/><g/>".repeat(MAX_NESTING));
        assert_eq!(icons.read(&paths), None, "in SVG, <path/> ends its element");
        // A parser ends an open <nobr> only while it is in scope: behind an SVG's <foreignObject>
        // it is not, and the </table> around them pops them all while the parser keeps them to
        // reopen in every paragraph after it (found by a reviewer: 57 KB took 1.2 GB in the
        // EPUB). Each <nobr> counts, like a <b>.
        let mut hidden = OpenTags::default();
        let nobrs: String = (0..250).map(|i| format!("<svg><foreignObject><nobr id=n{i}>")).collect();
        assert_eq!(
            hidden.read(&format!("<table>{nobrs}</table><p>x<p>x")),
            Some((1, TooMany::Formatting)),
            "250 <nobr> kept open by a parser"
        );
        let mut script = OpenTags::default();
        assert_eq!(script.read(&format!("<script/>{}</script>", "<b>".repeat(30))), None, "<script/> holds text too");
    }

    #[test]
    fn svg_and_mathml_end_where_a_parser_ends_them() {
        // Found by a reviewer: the check took every tag after an <svg> for SVG until its
        // </svg>, so that `<svg><p>` (a parser closes the <svg> at the <p>), `<svg/>` or
        // `<svg><foreignObject>` (whose content is HTML) hid 40,000 `<div/>` nested in the
        // parser (10.8 s), and `<svg><style>` hid the tags after it as a style's text (500
        // `<b>` reopened in 10,000 paragraphs: 1.2 GB for 15 KB).
        let divs = "<div/>".repeat(MAX_NESTING + 1);
        for svg in ["<svg/>", "<svg><p>", "<svg></p>", "<svg><g><foreignObject>", "<math><mi>", "<svg><title>"] {
            assert_eq!(OpenTags::default().read(&format!("{svg}{divs}")), Some((1, TooMany::Nested)), "{svg}");
        }
        for svg in [
            "<svg><style>",
            "<math><script>",
            "<svg><desc><svg><textarea>",
            "<svg><foreignObject></foreignObject><xmp>",
        ] {
            let hidden = format!("{svg}{}", "<b>".repeat(MAX_OPEN_FORMATTING + 1));
            assert_eq!(OpenTags::default().read(&hidden), Some((1, TooMany::Formatting)), "{svg}");
        }
        let cells = format!("<svg>{}", "<td>".repeat(MAX_NESTING + 1));
        assert_eq!(OpenTags::default().read(&cells), Some((1, TooMany::Nested)), "an SVG <td> nests");
        // A `</svg>` read inside its <foreignObject> is HTML's, which closes no SVG element.
        let inside = format!("<svg><foreignObject>{}", "<div></svg>".repeat(MAX_NESTING));
        assert_eq!(OpenTags::default().read(&inside), Some((1, TooMany::Nested)), "</svg> inside HTML");
        // What a parser reads as SVG is counted as SVG: icons, and HTML inside them, closed.
        let mut icons = OpenTags::default();
        let icon = "<svg><g><path d=\"M0 0\"/><circle r=1 /><foreignObject><div>文</div></foreignObject></g></svg>\n";
        assert_eq!(icons.read(&icon.repeat(1_000)), None, "1,000 icons");
        assert_eq!(icons.read(&"<div/>".repeat(MAX_NESTING)), None, "none of them left open");
        let mut math = OpenTags::default();
        let formula = "<math><mi>x</mi><mo>=</mo><mfrac><mn>1</mn><mn>2</mn></mfrac><none/></math><style>i{}</style>";
        assert_eq!(math.read(&formula.repeat(1_000)), None, "1,000 formulas, then a style's text");
    }

    #[test]
    fn elements_nested_deeper_than_the_limit_are_found_where_they_pass_it() {
        let mut open = OpenTags::default();
        assert_eq!(open.read(&"<div><section>".repeat(MAX_NESTING / 2)), None, "nested to the limit");
        assert_eq!(open.read("\n\n<div>"), Some((3, TooMany::Nested)), "one more, on the third line");
        let mut closed = OpenTags::default();
        assert_eq!(closed.read(&"<div><blockquote>x</blockquote></div>\n".repeat(5_000)), None, "closed ones");
        let lists = "<ul><li>a<li>b<li><p>c<p>d<br><img src=x.png><hr><td>".repeat(400);
        assert_eq!(closed.read(&lists), None, "ended by the parser, or void: 400 lists open, not 4,000 elements");
        assert_eq!(closed.read(&"</div>".repeat(900)), None, "stray end tags do not go below nothing");
        let mut one_deep = OpenTags::default();
        assert_eq!(one_deep.read(&"<section>".repeat(MAX_NESTING + 1)), Some((1, TooMany::Nested)));
        // An end tag closes what was opened inside its element; a stray one closes nothing.
        let mut icons = OpenTags::default();
        let icon = "<p>第一项 <svg viewBox=\"0 0 8 8\"><path d=\"M0 0h8v8z\"></svg> <div><span>说明</div>\n";
        assert_eq!(icons.read(&icon.repeat(600)), None, "600 icons and boxes, two deep at most");
        let mut stray = OpenTags::default();
        let hidden = "<div></i></div2></script>".repeat(MAX_NESTING + 1);
        assert_eq!(stray.read(&hidden), Some((1, TooMany::Nested)), "stray end tags close nothing");
    }

    #[test]
    fn a_titles_escaped_length_is_planned_at_least_as_long_as_it_is_written() {
        for text in ["客服 & 售后 <必读>", "\"引号\" 与 'quote'", "plain", "", "&&&&"] {
            let written = escape_html(text).len();
            assert!(escaped_len(text) >= written, "{text}: {} < {written}", escaped_len(text));
            assert!(escaped_len(text) <= written + text.matches('\'').count() * 4, "{text}");
        }
        assert_eq!(escaped_len("a&b"), "a&amp;b".len());
    }
}
