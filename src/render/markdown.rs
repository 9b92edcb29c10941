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
use std::sync::OnceLock;

use pulldown_cmark::utils::TextMergeWithOffset;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::config::RawHtml;
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

/// The most Markdown events (text runs, tags, breaks) one page may have. Prose has one event
/// per few dozen bytes; a page within the markup limit of `content` has at most about three
/// per markup character (a table cell), so this is reached only by a page of tens of thousands
/// of table cells or links. The events of a page are held in memory while it is rendered, so
/// this bounds what one page can take.
pub const MAX_EVENTS: usize = 100_000;

/// A page body parsed once: its events (heading ids filled in) and its headings.
#[derive(Debug, Clone)]
pub struct Parsed<'a> {
    /// The body's Markdown events with their byte ranges in the body, for rewriting and messages.
    pub events: Vec<Spanned<'a>>,
    /// The body's headings in document order.
    pub headings: Vec<Heading>,
    /// Where in the body the page passed [`MAX_EVENTS`] (the events stop there); None for any
    /// ordinary page.
    pub overflow: Option<usize>,
}

/// Parses a Markdown body and assigns heading ids.
/// Adjacent text is merged into one event (the parser splits it at every character that might
/// have been markup), which keeps pathological pages small and lets a term match across them.
pub fn parse(body: &str, options: Options) -> Parsed<'_> {
    let mut events: Vec<Spanned<'_>> = Vec::new();
    let mut overflow = None;
    for (event, range) in TextMergeWithOffset::new(Parser::new_ext(body, options).into_offset_iter()) {
        if events.len() == MAX_EVENTS {
            overflow = Some(range.start);
            break;
        }
        events.push((event, range));
    }
    let headings = assign_heading_ids(&mut events);
    Parsed { events, headings, overflow }
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
/// Links with a scheme (`https:`, `mailto:`) and `term:` links are left alone, except that an
/// address that would run code ([`RefusedUrl`]) is reported, whatever its kind, and so is one
/// in the page's summary, which is shown with the page.
pub fn rewrite_links<'a>(
    events: Vec<Spanned<'a>>,
    page: &Page,
    own_anchors: &HashSet<String>,
    targets: &LinkTargets,
    placement: Placement<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Spanned<'a>> {
    if matches!(placement, Placement::OwnPage(_)) {
        check_summary(page, diagnostics);
    }
    let mut destination = |dest_url: CowStr<'a>, link_type: LinkType, is_link: bool, range: &Range<usize>| {
        if let Some(refused) = RefusedUrl::of(&dest_url, !is_link) {
            let problem = LinkProblem { message: refused.message(), help: refused.help().into() };
            return report(problem, page, range, diagnostics);
        }
        if !is_rewritable(link_type) {
            return dest_url;
        }
        resolve_link(&dest_url, page, own_anchors, targets, placement, is_link)
            .map_or(dest_url, |r| r.unwrap_or_else(|problem| report(problem, page, range, diagnostics)))
    };
    events
        .into_iter()
        .map(|(event, range)| {
            let event = match event {
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                    let dest_url = destination(dest_url, link_type, true, &range);
                    Event::Start(Tag::Link { link_type, dest_url, title, id })
                }
                Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                    let dest_url = destination(dest_url, link_type, false, &range);
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

/// Schemes no link or image may use, whatever `raw-html` says: `javascript:` and `vbscript:`
/// run code when clicked, and `data:` carries a whole document (a page with scripts, or an
/// image) in the address instead of pointing to a file of the course. Images as `data:` are
/// refused too, to keep one rule: an image of the course is a file of the course.
const REFUSED_SCHEMES: [&str; 3] = ["javascript:", "vbscript:", "data:"];

/// A link or image address that no course may use, and what it was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefusedUrl {
    /// The refused scheme, lowercase, with its colon (`javascript:`).
    pub scheme: &'static str,
    /// True for an image's address, false for a link's.
    pub image: bool,
}

impl RefusedUrl {
    /// Checks an address as a browser reads it: leading spaces and control characters
    /// ignored, tabs and line breaks ignored anywhere, the scheme in any case. Entities
    /// (`&#106;avascript:`) are already decoded by the Markdown parser.
    pub fn of(url: &str, image: bool) -> Option<RefusedUrl> {
        let start = url
            .trim_start_matches(|c: char| c <= ' ')
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .take(16)
            .collect::<String>()
            .to_ascii_lowercase();
        REFUSED_SCHEMES.iter().find(|scheme| start.starts_with(*scheme)).map(|&scheme| RefusedUrl { scheme, image })
    }

    /// What is wrong, in the words of the person who wrote the link.
    pub fn message(self) -> String {
        if self.image {
            format!("an image from `{}` is not allowed", self.scheme)
        } else {
            format!("a link to `{}` is not allowed", self.scheme)
        }
    }

    /// What may be written instead.
    pub fn help(self) -> &'static str {
        if self.image {
            "images may be files of the course (for example in content/assets/) or http(s) addresses"
        } else {
            "links may point to chapters, files of the course, or http(s)/mailto addresses"
        }
    }
}

/// The first refused address among the links and images of a short piece of Markdown (a
/// summary, a term's definition, the course description), so that it can be reported where
/// that piece is written.
pub fn first_refused_url(markdown: &str) -> Option<RefusedUrl> {
    Parser::new_ext(markdown, options(false)).find_map(|event| match event {
        Event::Start(Tag::Link { dest_url, .. }) => RefusedUrl::of(&dest_url, false),
        Event::Start(Tag::Image { dest_url, .. }) => RefusedUrl::of(&dest_url, true),
        _ => None,
    })
}

/// Reports a refused address in the page's `summary:` at that front matter line.
fn check_summary(page: &Page, diagnostics: &mut Vec<Diagnostic>) {
    let Some(refused) = page.front.summary.as_deref().and_then(first_refused_url) else { return };
    let line = page.text[..page.body_offset].lines().position(|l| l.starts_with("summary:")).map_or(1, |i| i + 1);
    diagnostics.push(
        Diagnostic::error(&page.display_path, line, 0, format!("summary: {}", refused.message()))
            .with_help(refused.help())
            .with_source(&page.text),
    );
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

/// Applies `[output.html] raw-html` to the HTML the author wrote in a page body (the `Html` and
/// `InlineHtml` events). Runs before term linking and footnote numbering, so the generator's
/// own markup (tooltips, footnote ids) is added afterwards and never touched; heading ids and
/// classes live in other events and are kept as they are.
pub fn apply_raw_html(events: Vec<Spanned<'_>>, mode: RawHtml) -> Vec<Spanned<'_>> {
    match mode {
        RawHtml::Allow => events,
        RawHtml::Escape => events.into_iter().map(|(event, range)| (escape_raw_html(event), range)).collect(),
        RawHtml::Sanitize => sanitize_raw_html(events),
    }
}

/// Shows raw HTML as text: an HTML block becomes a code block (the tags as written, line by
/// line), inline HTML becomes escaped text in its sentence.
fn escape_raw_html(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::HtmlBlock) => Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)),
        Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::CodeBlock),
        Event::Html(html) => Event::Text(html),
        Event::InlineHtml(html) => Event::InlineHtml(CowStr::from(escape_html(&html))),
        other => other,
    }
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
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
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

/// Elements an inline piece of Markdown (a summary, a definition, a tooltip) may keep when
/// sanitized: those that can sit inside a sentence, so that the `<p>` or tooltip `<span>`
/// around it stays whole.
const INLINE_TAGS: [&str; 34] = [
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "i", "img", "ins", "kbd", "mark",
    "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var",
    "wbr",
];

/// The cleaner of page bodies: ammonia's defaults (text, lists, tables, images, links,
/// `<details>`; no scripts, styles, frames, forms, event handlers, classes or ids, so an author
/// can neither run code nor take the generator's ids and classes), addresses limited to
/// relative ones, http(s) and mailto.
fn body_sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(sanitizer)
}

/// The cleaner of inline pieces: as [`body_sanitizer`], with [`INLINE_TAGS`] only.
fn inline_sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut builder = sanitizer();
        builder.tags(INLINE_TAGS.into_iter().collect());
        builder
    })
}

fn sanitizer() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder.url_schemes(HashSet::from(["http", "https", "mailto"])).strip_comments(true);
    builder
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
/// wrapping `<p>`, its raw HTML treated as `raw_html` says. Links and images to refused
/// addresses ([`RefusedUrl`]) are reduced to their text: they are reported where the piece is
/// written, and must never reach a page.
pub fn inline_html(markdown: &str, raw_html: RawHtml) -> String {
    inline(markdown, true, raw_html)
}

/// Like [`inline_html`] but with links reduced to their text, for tooltips (a link may not
/// contain another link).
pub fn inline_text_html(markdown: &str, raw_html: RawHtml) -> String {
    inline(markdown, false, raw_html)
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

fn inline(markdown: &str, keep_links: bool, raw_html: RawHtml) -> String {
    let events = Parser::new_ext(markdown, options(false))
        .into_offset_iter()
        // An HTML block's start and end write nothing; without them, escaped lines stay in the sentence.
        .filter(|(e, _)| !matches!(e, Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock)))
        .filter(|(e, _)| keep_links || !matches!(e, Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link)));
    let events = without_refused_urls(events);
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

/// Drops the start and end of every link and image whose address is refused, keeping the
/// text in between.
fn without_refused_urls<'a>(events: impl Iterator<Item = Spanned<'a>>) -> Vec<Spanned<'a>> {
    // For each open link or image: whether it is dropped.
    let mut dropped = Vec::new();
    events
        .filter(|(event, _)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                dropped.push(RefusedUrl::of(dest_url, false).is_some());
                dropped.last() == Some(&false)
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                dropped.push(RefusedUrl::of(dest_url, true).is_some());
                dropped.last() == Some(&false)
            }
            Event::End(TagEnd::Link | TagEnd::Image) => dropped.pop() != Some(true),
            _ => true,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_stops_at_the_event_limit_and_says_where() {
        let ordinary = parse("# 标题\n\n一段*强调*的文字，和[链接](a.md)。\n", options(false));
        assert_eq!(ordinary.overflow, None);
        let body = "*a* ".repeat(MAX_EVENTS / 2);
        let parsed = parse(&body, options(false));
        assert_eq!(parsed.events.len(), MAX_EVENTS, "the events stop at the limit");
        let at = parsed.overflow.expect("the page passes the limit");
        assert!(at > 0 && at < body.len() && body.is_char_boundary(at), "an offset inside the body: {at}");
    }

    #[test]
    fn adjacent_text_is_one_event() {
        let parsed = parse("a [b c] d\\e", options(false));
        let texts = parsed.events.iter().filter(|(e, _)| matches!(e, Event::Text(_))).count();
        assert_eq!(texts, 1, "{:?}", parsed.events);
    }

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
        assert_eq!(inline_html("a *b*", RawHtml::Allow), "a <em>b</em>");
        assert_eq!(inline_text_html("a [b](x.md)", RawHtml::Allow), "a b");
    }

    #[test]
    fn refused_urls_in_every_spelling_a_browser_accepts() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            " \u{1}javascript:x",
            "java\tscri\npt:x",
            "vbscript:x",
            "data:text/html,x",
        ] {
            assert!(RefusedUrl::of(url, false).is_some(), "{url:?}");
        }
        assert_eq!(
            RefusedUrl::of("data:image/png;base64,AAAA", true),
            Some(RefusedUrl { scheme: "data:", image: true })
        );
        for url in ["https://example.org/", "mailto:a@b.c", "javascript.md", "./javascript:x", "term:客户", "#data:x"]
        {
            assert_eq!(RefusedUrl::of(url, false), None, "{url:?}");
        }
        // Entities and escapes are decoded by the Markdown parser before the check.
        for markdown in [
            "[a](&#106;avascript:x)",
            "[a](javascript&colon;x)",
            "[a](<JAVASCRIPT:x>)",
            "<javascript:alert(1)>",
            "![a](data:image/png;base64,AA)",
        ] {
            assert!(first_refused_url(markdown).is_some(), "{markdown}");
        }
        assert_eq!(first_refused_url("[a](b.md) ![c](d.png) <https://x.org>"), None);
    }

    fn body(markdown: &str, mode: RawHtml) -> String {
        to_html(apply_raw_html(parse(markdown, options(false)).events, mode))
    }

    #[test]
    fn allow_keeps_html_as_written() {
        let markdown = "<div onclick=\"x()\">\n\n**b**\n\n</div>\n\na <kbd>k</kbd>\n";
        assert_eq!(body(markdown, RawHtml::Allow), to_html(parse(markdown, options(false)).events));
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
            for bad in [
                "<script",
                "alert(1)</",
                "onerror",
                "onclick",
                "onload",
                "onmouseover",
                "javascript:",
                "<iframe",
                "<style",
                "style=",
                "<svg",
                "<object",
                "<embed",
                "<form",
                "<input",
                "data:",
                "<meta",
            ] {
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
