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
