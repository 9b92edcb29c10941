//! A page body parsed once: pulldown-cmark's events with their byte ranges in the body,
//! adjacent text merged, at most [`MAX_EVENTS`] of them, and every heading given a readable,
//! unique id.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::utils::TextMergeWithOffset;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::cjk::join_cjk_lines;
use super::html::Spanned;
use super::spaced::{read_spaced_links, SpacedAddress};

/// A heading of a page, for anchors, the page's table of contents and search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    /// 1 to 6, the number of `#`s.
    pub(crate) level: u8,
    /// The heading's anchor: its `{#id}` if written, else a unique slug of its text.
    pub(crate) id: String,
    /// The heading's plain text (markup dropped), for the table of contents and search.
    pub(crate) text: String,
}

/// The most Markdown events (text runs, tags, breaks) one page may have. Prose has one event
/// per few dozen bytes; a page within the markup limit of `content` has at most about three
/// per markup character (a table cell), so this is reached only by a page of tens of thousands
/// of table cells or links. The events of a page are held in memory while it is rendered, so
/// this bounds what one page can take.
pub(crate) const MAX_EVENTS: usize = 100_000;

/// A page body parsed once: its events (heading ids filled in) and its headings.
#[derive(Debug, Clone)]
pub(crate) struct Parsed<'a> {
    /// The body's Markdown events with their byte ranges in the body, for rewriting and messages.
    pub(crate) events: Vec<Spanned<'a>>,
    /// The body's headings in document order.
    pub(crate) headings: Vec<Heading>,
    /// Where in the body the page passed [`MAX_EVENTS`] (the events stop there); None for any
    /// ordinary page.
    pub(crate) overflow: Option<usize>,
    /// Links and images whose address has spaces, which Markdown left as text, for the page's
    /// render to report (a `term:` link written so is read as a link instead).
    pub(crate) spaced: Vec<SpacedAddress>,
    /// Headings whose written `{#id}` the page already has, for the page's check to report.
    pub(crate) id_clashes: Vec<IdClash>,
    /// The anchors of the page's questions given an `id:` (`q-price-1`), which a link may name.
    pub(crate) question_anchors: Vec<String>,
}

impl Parsed<'_> {
    /// The ids a link may name on this page: its headings' and its named questions'.
    pub(crate) fn anchors(&self) -> HashSet<String> {
        self.headings.iter().map(|h| h.id.clone()).chain(self.question_anchors.iter().cloned()).collect()
    }
}

/// Parses a Markdown body and assigns heading ids.
/// Adjacent text is merged into one event (the parser splits it at every character that might
/// have been markup), which keeps pathological pages small and lets a term match across them.
/// A `term:` link written with spaces is read as a link (`spaced.rs`) before headings get their
/// ids, so that `## [NPS](term:net promoter score)` is `#nps`, as with any link.
pub(crate) fn parse<'b>(body: &'b str, options: Options, page_ids: &PageIds) -> Parsed<'b> {
    let mut events: Vec<Spanned<'_>> = Vec::new();
    let mut overflow = None;
    for (event, range) in TextMergeWithOffset::new(Parser::new_ext(body, options).into_offset_iter()) {
        if events.len() == MAX_EVENTS {
            overflow = Some(range.start);
            break;
        }
        events.push((event, range));
    }
    let (events, spaced) = read_spaced_links(events, body, MAX_EVENTS);
    let mut events = join_cjk_lines(events);
    let reserved = reserved_ids(&events, page_ids);
    let (headings, id_clashes) = assign_heading_ids(&mut events, &reserved);
    let question_anchors =
        reserved.into_iter().filter(|(_, owner)| *owner == IdOwner::Question).map(|(id, _)| id).collect();
    Parsed { events, headings, overflow, spaced, id_clashes, question_anchors }
}

/// A readable id from heading text: lowercase, spaces to `-`, punctuation dropped, any
/// script's letters and digits kept (`## 货物延迟` → `货物延迟`).
pub(crate) fn heading_slug(text: &str) -> String {
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

/// The ids a page of the default theme has around its text (`render::theme` checks that they
/// are those its templates and scripts write).
pub(crate) const PAGE_IDS: [&str; 8] = [
    "main",
    "sidebar",
    "settings-scheme",
    "settings-size",
    "downloads-heading",
    "cb-about-course",
    "term-tip",
    "search-dropdown",
];

/// The ids a page has around its text, those its theme's templates write: a heading whose slug
/// is one of them takes `-1`, as a repeated heading does, and a glossary entry likewise, so that
/// a link to it does not land on the page's own `<main>` or side bar, nor on an element a
/// course's own theme added. The default theme's are [`PAGE_IDS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageIds(Vec<String>);

impl PageIds {
    /// The ids, each once.
    pub(crate) fn new(mut ids: Vec<String>) -> PageIds {
        ids.sort_unstable();
        ids.dedup();
        PageIds(ids)
    }

    /// Whether a page has `id` for itself.
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.0.binary_search_by(|own| own.as_str().cmp(id)).is_ok()
    }
}

impl Default for PageIds {
    /// The default theme's.
    fn default() -> PageIds {
        PageIds::new(PAGE_IDS.iter().map(|id| id.to_string()).collect())
    }
}

/// The word of a fenced block's info string that makes it a question block (```` ```quiz ````).
const QUESTION_FENCE: &str = "quiz";

/// Whether a fenced code block's info string makes it a question block: its first word is
/// `quiz` (```` ```quiz title ```` too, but not ```` ```quizzes ````).
pub(crate) fn is_question_fence(info: &str) -> bool {
    info.split_whitespace().next() == Some(QUESTION_FENCE)
}

/// Whether a page's Markdown may hold a question block at all: one without the word is not
/// parsed for questions.
pub(crate) fn may_hold_questions(markdown: &str) -> bool {
    markdown.contains(QUESTION_FENCE)
}

/// A question's anchor on its page, from the `id:` its author gave it (or its prompt's hash).
pub(crate) fn question_anchor(id: &str) -> String {
    format!("q-{}", id.trim())
}

/// What already has an id a heading's `{#id}` repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdOwner {
    /// Another heading of the page, written with the same `{#id}`.
    Heading,
    /// The page around the text ([`PageIds`]).
    Page,
    /// A footnote or its mark.
    Footnote,
    /// A question block given that `id:`.
    Question,
}

/// A heading whose written `{#id}` the page already has: a link to it would land on the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IdClash {
    /// Where the heading is in the body.
    pub(crate) range: std::ops::Range<usize>,
    /// The id as written.
    pub(crate) id: String,
    /// What has it already.
    pub(crate) owner: IdOwner,
}

/// The ids a page has before its headings are named, with what has each: the page's own, its
/// footnotes' (`fn-1` and its mark's `fn-1-ref`; a label the address would encode makes an id
/// with `%`, which no slug has) and its questions' (`q-1` for `id: 1`; a question without one
/// is named by a hash no heading writes).
fn reserved_ids(events: &[Spanned<'_>], page_ids: &PageIds) -> HashMap<String, IdOwner> {
    let mut owners: HashMap<String, IdOwner> = page_ids.0.iter().map(|id| (id.clone(), IdOwner::Page)).collect();
    let mut in_question = false;
    for (event, _) in events {
        match event {
            Event::FootnoteReference(label) | Event::Start(Tag::FootnoteDefinition(label)) => {
                let id = format!("fn-{}", heading_slug(label));
                owners.insert(format!("{id}-ref"), IdOwner::Footnote);
                owners.insert(id, IdOwner::Footnote);
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => in_question = is_question_fence(info),
            Event::End(TagEnd::CodeBlock) => in_question = false,
            Event::Text(text) if in_question => {
                for id in text.lines().filter_map(written_question_id) {
                    owners.insert(question_anchor(id), IdOwner::Question);
                }
            }
            _ => {}
        }
    }
    owners
}

/// The value of a question block's top-level `id:` line, unquoted (`id: "price-1"` → `price-1`).
fn written_question_id(line: &str) -> Option<&str> {
    let value = line.strip_prefix("id:")?;
    // An id has no `#`: one starts a comment, after a space or a tab.
    let value = value.split('#').next().unwrap_or(value).trim();
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(value);
    Some(value).filter(|v| !v.is_empty())
}

/// Names every heading: its `{#id}` as written, else a slug of its text made unique on the page.
/// A written id the page already has is returned as a clash (the heading keeps it, for the
/// report to point at).
fn assign_heading_ids(events: &mut [Spanned<'_>], reserved: &HashMap<String, IdOwner>) -> (Vec<Heading>, Vec<IdClash>) {
    let mut clashes = Vec::new();
    let mut used: HashSet<String> = reserved.keys().cloned().collect();
    for (event, range) in events.iter() {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            let owner =
                reserved.get(id.as_ref()).copied().or((!used.insert(id.to_string())).then_some(IdOwner::Heading));
            if let Some(owner) = owner {
                clashes.push(IdClash { range: range.clone(), id: id.to_string(), owner });
            }
        }
    }
    let mut next_suffix = HashMap::new();
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
                            let unique = unique_id(heading_slug(&text), &mut used, &mut next_suffix);
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
    (headings, clashes)
}

/// `base`, or `base-1`, `base-2`… the first the page does not have yet. `next` keeps, for each
/// base, the number to try next: 20,000 headings alike take 20,000 steps, not 200 million.
fn unique_id(base: String, used: &mut HashSet<String>, next: &mut HashMap<String, usize>) -> String {
    if used.insert(base.clone()) {
        return base;
    }
    let n = next.entry(base.clone()).or_insert(1);
    loop {
        let candidate = format!("{base}-{n}");
        *n += 1;
        if used.insert(candidate.clone()) {
            return candidate;
        }
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    level as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::{options, to_html};

    #[test]
    fn a_page_stops_at_the_event_limit_and_says_where() {
        let ordinary = parse("# 标题\n\n一段*强调*的文字，和[链接](a.md)。\n", options(false), &PageIds::default());
        assert_eq!(ordinary.overflow, None);
        let body = "*a* ".repeat(MAX_EVENTS / 2);
        let parsed = parse(&body, options(false), &PageIds::default());
        assert_eq!(parsed.events.len(), MAX_EVENTS, "the events stop at the limit");
        let at = parsed.overflow.expect("the page passes the limit");
        assert!(at > 0 && at < body.len() && body.is_char_boundary(at), "an offset inside the body: {at}");
    }

    #[test]
    fn a_question_block_reserves_the_anchor_of_its_written_id() {
        let body = "## Q a\n\n```quiz\nid: \"a\" # named\nquestion: 甲？\nchoices:\n  - id: b\n```\n\n```quiz title\nid: 'c'\n```\n\n```yaml\nid: d\n```\n";
        let parsed = parse(body, options(false), &PageIds::default());
        let mut anchors = parsed.question_anchors.clone();
        anchors.sort_unstable();
        assert_eq!(anchors, ["q-a", "q-c"], "top-level ids of question blocks only");
        assert_eq!(parsed.headings[0].id, "q-a-1");
        assert!(parsed.id_clashes.is_empty());
        assert_eq!(written_question_id("id:"), None);
        assert_eq!(written_question_id("id: price\t# a comment"), Some("price"));
    }

    #[test]
    fn repeated_headings_count_on_past_the_ids_taken() {
        let ids = |body: &str| {
            parse(body, options(false), &PageIds::default()).headings.into_iter().map(|h| h.id).collect::<Vec<_>>()
        };
        assert_eq!(ids("## a\n## a-1\n## a\n## a\n## a-1\n"), ["a", "a-1", "a-2", "a-3", "a-1-1"]);
        let many = ids(&"## 概述\n".repeat(20_000));
        assert_eq!((many[0].as_str(), many[19_999].as_str()), ("概述", "概述-19999"));
    }

    #[test]
    fn adjacent_text_is_one_event() {
        let parsed = parse("a [b c] d\\e", options(false), &PageIds::default());
        let texts = parsed.events.iter().filter(|(e, _)| matches!(e, Event::Text(_))).count();
        assert_eq!(texts, 1, "{:?}", parsed.events);
    }

    #[test]
    fn heading_ids_are_readable_and_unique() {
        let parsed = parse(
            "## 货物延迟\n\n## 货物延迟\n\n## Hello, World!\n\n## 七天 无理由 {#seven}\n",
            options(false),
            &PageIds::default(),
        );
        let ids: Vec<&str> = parsed.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, vec!["货物延迟", "货物延迟-1", "hello-world", "seven"]);
        let html = to_html(parsed.events);
        assert!(html.contains("<h2 id=\"货物延迟-1\">"), "{html}");
        // The page's own ids and its footnotes' are taken: a link to the heading lands on it.
        let parsed = parse(
            "文[^1]。\n\n## Fn 1\n\n## Main\n\n## Sidebar\n\n## Fn 1 ref\n\n[^1]: 注。\n",
            options(false),
            &PageIds::default(),
        );
        let ids: Vec<&str> = parsed.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, vec!["fn-1-1", "main-1", "sidebar-1", "fn-1-ref-1"]);
        // A footnote's id is made from its label, not its number.
        let parsed =
            parse("文[^note]。\n\n## Fn note\n\n## Fn 1\n\n[^note]: 注。\n", options(false), &PageIds::default());
        let ids: Vec<&str> = parsed.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, vec!["fn-note-1", "fn-1"]);
    }

    #[test]
    fn slug_drops_cjk_punctuation() {
        assert_eq!(heading_slug("求新、求异心理（一）"), "求新求异心理一");
        assert_eq!(heading_slug("FAQ 常见问题"), "faq-常见问题");
        assert_eq!(heading_slug("？！"), "section");
    }
}
