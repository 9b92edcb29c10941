//! Markdown to HTML as small passes over pulldown-cmark's event stream.
//!
//! [`parse`] turns a body into events once and gives every heading a readable, unique id;
//! [`rewrite_links`] turns links to `.md` sources into links to output pages and reports
//! broken ones; [`number_footnotes`] gives footnotes ids that cannot clash with headings;
//! [`to_html`] writes the result. Each pass is a plain function over a `Vec` of events, so
//! each can be tested alone. Glossary linking is another such pass, in `glossary::link`.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::content::url::{decode, encode_href, relative_href, resolve_relative};
use crate::content::Page;
use crate::diagnostic::Diagnostic;

/// An event with the byte range of the body it came from.
pub type Spanned<'a> = (Event<'a>, Range<usize>);

/// The Markdown extensions a course may use: GFM tables, footnotes, strikethrough, task lists,
/// `{#id}` heading attributes; smart punctuation only when asked for.
pub fn options(smart_punctuation: bool) -> Options {
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

/// A heading of a page, for anchors, the page's table of contents and search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6, the number of `#`s.
    pub level: u8,
    /// The heading's anchor: its `{#id}` if written, else a unique slug of its text.
    pub id: String,
    /// The heading's plain text (markup dropped), for the table of contents and search.
    pub text: String,
}

/// A page body parsed once: its events (heading ids filled in) and its headings.
#[derive(Debug, Clone)]
pub struct Parsed<'a> {
    /// The body's Markdown events with their byte ranges in the body, for rewriting and messages.
    pub events: Vec<Spanned<'a>>,
    /// The body's headings in document order.
    pub headings: Vec<Heading>,
}

/// Parses a Markdown body and assigns heading ids.
pub fn parse(body: &str, options: Options) -> Parsed<'_> {
    let mut events: Vec<Spanned<'_>> = Parser::new_ext(body, options).into_offset_iter().collect();
    let headings = assign_heading_ids(&mut events);
    Parsed { events, headings }
}

/// A readable id from heading text: lowercase, spaces to `-`, punctuation dropped, any
/// script's letters and digits kept (`## 货物延迟` → `货物延迟`).
pub fn heading_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            slug.push('-');
        }
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

fn assign_heading_ids(events: &mut [Spanned<'_>]) -> Vec<Heading> {
    let mut used: HashSet<String> = events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    let mut headings = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for i in 0..events.len() {
        match &events[i].0 {
            Event::Start(Tag::Heading { .. }) => open = Some((i, String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = &mut open {
                    text.push_str(t);
                }
            }
            Event::End(TagEnd::Heading(level)) => {
                let level = *level;
                let Some((start, text)) = open.take() else {
                    continue;
                };
                if let Event::Start(Tag::Heading { id, .. }) = &mut events[start].0 {
                    let chosen = match id {
                        Some(explicit) => explicit.to_string(),
                        None => {
                            let unique = unique_id(heading_slug(&text), &mut used);
                            *id = Some(CowStr::from(unique.clone()));
                            unique
                        }
                    };
                    headings.push(Heading { level: heading_number(level), id: chosen, text: text.trim().to_string() });
                }
            }
            _ => {}
        }
    }
    headings
}

fn unique_id(base: String, used: &mut HashSet<String>) -> String {
    let mut candidate = base.clone();
    let mut n = 1;
    while used.contains(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    used.insert(candidate.clone());
    candidate
}

fn heading_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// A page another page may link to: its output path and its anchors.
#[derive(Debug, Clone, Default)]
pub struct LinkTarget {
    /// The page's output path from the site root, `/`-separated, not percent-encoded.
    pub url: String,
    /// The page's heading ids, so that `page.md#anchor` links can be checked.
    pub anchors: HashSet<String>,
}

/// Everything a link may point to in the course, keyed by source path (relative to content/).
#[derive(Debug, Clone, Default)]
pub struct LinkTargets {
    /// Each page's output path and anchors, keyed by source path relative to the content folder.
    pub pages: HashMap<PathBuf, LinkTarget>,
    /// Asset source path → site path.
    pub assets: HashMap<PathBuf, String>,
    /// Pages that failed to load: they exist, so links to them are not reported.
    pub unchecked: HashSet<PathBuf>,
}

/// Which print file (a site path at the root) each page is printed in: `print.html` for a
/// normal course; one file per module for a large one, where a single page would be too big
/// to open.
#[derive(Debug, Clone, Default)]
pub struct PrintLayout {
    /// Page site path → print file; pages not listed are in `print.html`.
    pub files: HashMap<String, String>,
}

impl PrintLayout {
    /// The print file holding the page at `page_url`.
    pub fn file_of(&self, page_url: &str) -> &str {
        self.files.get(page_url).map_or("print.html", String::as_str)
    }
}

/// Where the rendered HTML will live, which decides how links are written.
#[derive(Debug, Clone, Copy)]
pub enum Placement<'a> {
    /// On the page's own output file, at this site path.
    OwnPage(&'a str),
    /// Inside a print file (a site path at the root): links to pages printed in the same file
    /// become in-page anchors, links to pages printed elsewhere point into that file.
    PrintPage(&'a str, &'a PrintLayout),
}

impl Placement<'_> {
    fn from_url(&self) -> &str {
        match self {
            Placement::OwnPage(url) => url,
            Placement::PrintPage(file, _) => file,
        }
    }

    /// The href of the anchor printed for `page_url` (and `fragment`) from this print file.
    fn print_href(&self, page_url: &str, fragment: Option<&str>) -> String {
        let anchor = print_anchor(page_url, fragment);
        match self {
            Placement::PrintPage(file, layout) if layout.file_of(page_url) != *file => {
                format!("{}#{anchor}", relative_href(file, layout.file_of(page_url)))
            }
            _ => format!("#{anchor}"),
        }
    }
}

/// The anchor of a page (and optionally one of its headings) inside the print page. The page
/// part comes from file and folder names, which may hold any character: those that could end
/// an HTML attribute or start a tag become `_`, so the anchor is safe wherever it is written.
pub fn print_anchor(page_url: &str, fragment: Option<&str>) -> String {
    let key: String = page_url
        .strip_suffix(".html")
        .unwrap_or(page_url)
        .replace('/', "--")
        .chars()
        .map(|c| if c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '&' | '`') { '_' } else { c })
        .collect();
    match fragment {
        Some(f) if !f.is_empty() => format!("{key}--{f}"),
        _ => key,
    }
}

/// Rewrites links and images to their output locations and reports any that point nowhere.
/// Links with a scheme (`https:`, `mailto:`) and `term:` links are left alone.
pub fn rewrite_links<'a>(
    events: Vec<Spanned<'a>>,
    page: &Page,
    own_anchors: &HashSet<String>,
    targets: &LinkTargets,
    placement: Placement<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Spanned<'a>> {
    events
        .into_iter()
        .map(|(event, range)| {
            let event = match event {
                Event::Start(Tag::Link { link_type, dest_url, title, id }) if is_rewritable(link_type) => {
                    let dest_url = resolve_link(&dest_url, page, own_anchors, targets, placement, true)
                        .map_or(dest_url, |r| r.unwrap_or_else(|problem| report(problem, page, &range, diagnostics)));
                    Event::Start(Tag::Link { link_type, dest_url, title, id })
                }
                Event::Start(Tag::Image { link_type, dest_url, title, id }) if is_rewritable(link_type) => {
                    let dest_url = resolve_link(&dest_url, page, own_anchors, targets, placement, false)
                        .map_or(dest_url, |r| r.unwrap_or_else(|problem| report(problem, page, &range, diagnostics)));
                    Event::Start(Tag::Image { link_type, dest_url, title, id })
                }
                Event::Start(Tag::Heading { level, id: Some(id), classes, attrs })
                    if matches!(placement, Placement::PrintPage(..)) =>
                {
                    let id = Some(CowStr::from(print_anchor(&page.url, Some(&id))));
                    Event::Start(Tag::Heading { level, id, classes, attrs })
                }
                other => other,
            };
            (event, range)
        })
        .collect()
}

fn is_rewritable(link_type: LinkType) -> bool {
    !matches!(link_type, LinkType::Autolink | LinkType::Email)
}

struct LinkProblem {
    message: String,
    help: String,
}

fn report<'a>(
    problem: LinkProblem,
    page: &Page,
    range: &Range<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> CowStr<'a> {
    let (line, column) = page.body_position(range.start);
    diagnostics.push(
        Diagnostic::error(&page.display_path, line, column, problem.message)
            .with_help(problem.help)
            .with_source(&page.text),
    );
    CowStr::from("#")
}

/// `None`: leave the link as written. `Some(Ok(href))`: the rewritten href. `Some(Err)`: broken.
fn resolve_link<'a>(
    dest: &str,
    page: &Page,
    own_anchors: &HashSet<String>,
    targets: &LinkTargets,
    placement: Placement<'_>,
    is_link: bool,
) -> Option<Result<CowStr<'a>, LinkProblem>> {
    if dest.is_empty() || has_scheme(dest) || dest.starts_with("//") {
        return None;
    }
    if let Some(fragment) = dest.strip_prefix('#') {
        let Some(fragment) = find_anchor(&decode(fragment), own_anchors) else {
            return Some(Err(missing_anchor(&decode(fragment), &page.display_path, own_anchors)));
        };
        return Some(Ok(CowStr::from(match placement {
            Placement::OwnPage(_) => format!("#{}", encode_href(&fragment)),
            Placement::PrintPage(..) => placement.print_href(&page.url, Some(&fragment)),
        })));
    }
    if dest.starts_with('/') {
        return Some(Err(LinkProblem {
            message: format!("link `{dest}` starts with `/`"),
            help: "write links relative to this file (e.g. `../02-pre-sale/01-x.md`) so the site works from a folder"
                .into(),
        }));
    }
    let (path_part, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(decode(f))),
        None => (dest, None),
    };
    let path_part = path_part.split_once('?').map_or(path_part, |(p, _)| p);
    let Some(resolved) = resolve_relative(&page.source, &decode(path_part)) else {
        return Some(Err(LinkProblem {
            message: format!("link `{dest}` points outside the content folder"),
            help: "link only to files inside the course's content folder".into(),
        }));
    };
    let from = placement.from_url();
    // A link to a module's folder means its index.md, as on GitHub.
    let page_target = targets.pages.get(&resolved).or_else(|| targets.pages.get(&resolved.join("index.md")));
    if let Some(target) = page_target {
        let fragment = match fragment {
            Some(written) => match find_anchor(&written, &target.anchors) {
                Some(found) => Some(found),
                None => return Some(Err(missing_anchor(&written, &resolved, &target.anchors))),
            },
            None => None,
        };
        let href = match placement {
            Placement::PrintPage(..) => placement.print_href(&target.url, fragment.as_deref()),
            Placement::OwnPage(_) => {
                let mut href = relative_href(from, &target.url);
                if let Some(fragment) = &fragment {
                    href.push('#');
                    href.push_str(&encode_href(fragment));
                }
                href
            }
        };
        return Some(Ok(CowStr::from(href)));
    }
    if let Some(asset_url) = targets.assets.get(&resolved) {
        let mut href = relative_href(from, asset_url);
        if let Some(fragment) = &fragment {
            href.push('#');
            href.push_str(&encode_href(fragment));
        }
        return Some(Ok(CowStr::from(href)));
    }
    if targets.unchecked.contains(&resolved) {
        return None;
    }
    let what = if is_link { "link" } else { "image" };
    Some(Err(LinkProblem {
        message: format!(
            "{what} `{dest}` points to a file that does not exist ({} in the content folder)",
            resolved.to_string_lossy()
        ),
        help: "link to a chapter's .md file (relative to this file) or to a file in the content folder".into(),
    }))
}

/// The heading id a link's fragment names: as written, or as GitHub would spell it
/// (`#Hello World` → `hello-world`).
fn find_anchor(fragment: &str, anchors: &HashSet<String>) -> Option<String> {
    if anchors.contains(fragment) {
        return Some(fragment.to_string());
    }
    Some(heading_slug(fragment)).filter(|slug| anchors.contains(slug))
}

fn missing_anchor(fragment: &str, file: &Path, anchors: &HashSet<String>) -> LinkProblem {
    let mut known: Vec<&str> = anchors.iter().map(String::as_str).collect();
    known.sort_unstable();
    known.truncate(12);
    LinkProblem {
        message: format!("anchor `#{fragment}` does not exist in {}", file.to_string_lossy()),
        help: if known.is_empty() {
            "that page has no headings to link to".into()
        } else {
            format!("headings there: {}", known.iter().map(|a| format!("#{a}")).collect::<Vec<_>>().join(", "))
        },
    }
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Writes footnotes as HTML with ids `fn-…` (prefixed on the print page), numbered by first
/// reference, so they can never clash with a heading's id.
pub fn number_footnotes<'a>(events: Vec<Spanned<'a>>, id_prefix: &str) -> Vec<Spanned<'a>> {
    let mut numbers: HashMap<String, usize> = HashMap::new();
    for (event, _) in &events {
        if let Event::FootnoteReference(label) = event {
            let next = numbers.len() + 1;
            numbers.entry(label.to_string()).or_insert(next);
        }
    }
    let mut number_of = |label: &str| {
        let next = numbers.len() + 1;
        *numbers.entry(label.to_string()).or_insert(next)
    };
    events
        .into_iter()
        .map(|(event, range)| {
            let event = match event {
                Event::FootnoteReference(label) => {
                    let n = number_of(&label);
                    let id = footnote_id(id_prefix, &label);
                    Event::Html(CowStr::from(format!(
                        "<sup class=\"footnote-reference\" id=\"{id}-ref\"><a href=\"#{id}\">{n}</a></sup>"
                    )))
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let n = number_of(&label);
                    let id = footnote_id(id_prefix, &label);
                    Event::Html(CowStr::from(format!(
                        "<div class=\"footnote-definition\" id=\"{id}\"><sup class=\"footnote-definition-label\"><a href=\"#{id}-ref\">{n}</a></sup>"
                    )))
                }
                Event::End(TagEnd::FootnoteDefinition) => Event::Html(CowStr::from("</div>\n")),
                other => other,
            };
            (event, range)
        })
        .collect()
}

fn footnote_id(prefix: &str, label: &str) -> String {
    format!("{prefix}fn-{}", encode_href(&heading_slug(label)))
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).ok();
    out
}

/// Writes events as HTML.
pub fn to_html<'a>(events: impl IntoIterator<Item = Spanned<'a>>) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    html
}

/// Renders a short piece of inline Markdown (a summary, a term definition) to HTML without the
/// wrapping `<p>`.
pub fn inline_html(markdown: &str) -> String {
    inline(markdown, true)
}

/// Like [`inline_html`] but with links reduced to their text, for tooltips (a link may not
/// contain another link).
pub fn inline_text_html(markdown: &str) -> String {
    inline(markdown, false)
}

/// The plain text of a piece of Markdown (for the search index).
pub fn plain_text(markdown: &str) -> String {
    Parser::new_ext(markdown, options(false))
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.into_string()),
            Event::SoftBreak | Event::HardBreak => Some(" ".into()),
            _ => None,
        })
        .collect()
}

fn inline(markdown: &str, keep_links: bool) -> String {
    let events = Parser::new_ext(markdown, options(false))
        .into_offset_iter()
        .filter(|(e, _)| keep_links || !matches!(e, Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link)));
    let html = to_html(events);
    let trimmed = html.trim();
    trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        .filter(|s| !s.contains("<p>"))
        .unwrap_or(trimmed)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_are_readable_and_unique() {
        let parsed =
            parse("## 货物延迟\n\n## 货物延迟\n\n## Hello, World!\n\n## 七天 无理由 {#seven}\n", options(false));
        let ids: Vec<&str> = parsed.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, vec!["货物延迟", "货物延迟-1", "hello-world", "seven"]);
        let html = to_html(parsed.events);
        assert!(html.contains("<h2 id=\"货物延迟-1\">"), "{html}");
    }

    #[test]
    fn slug_drops_cjk_punctuation() {
        assert_eq!(heading_slug("求新、求异心理（一）"), "求新求异心理一");
        assert_eq!(heading_slug("FAQ 常见问题"), "faq-常见问题");
        assert_eq!(heading_slug("？！"), "section");
    }

    #[test]
    fn schemes() {
        assert!(has_scheme("https://x"));
        assert!(has_scheme("mailto:a@b"));
        assert!(has_scheme("term:客户"));
        assert!(!has_scheme("a.md"));
        assert!(!has_scheme("客户:x.md"));
    }

    #[test]
    fn footnotes_get_prefixed_ids() {
        let parsed = parse("text[^a]\n\n[^a]: note\n", options(false));
        let html = to_html(number_footnotes(parsed.events, ""));
        assert!(html.contains("href=\"#fn-a\""), "{html}");
        assert!(html.contains("id=\"fn-a\""), "{html}");
    }

    #[test]
    fn inline_html_strips_paragraph() {
        assert_eq!(inline_html("a *b*"), "a <em>b</em>");
        assert_eq!(inline_text_html("a [b](x.md)"), "a b");
    }
}
