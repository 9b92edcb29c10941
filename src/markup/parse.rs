//! A page body parsed once: pulldown-cmark's events with their byte ranges in the body,
//! adjacent text merged, at most [`MAX_EVENTS`] of them, and every heading given a readable,
//! unique id.

use std::collections::HashSet;

use pulldown_cmark::utils::TextMergeWithOffset;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

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
}

/// Parses a Markdown body and assigns heading ids.
/// Adjacent text is merged into one event (the parser splits it at every character that might
/// have been markup), which keeps pathological pages small and lets a term match across them.
/// A `term:` link written with spaces is read as a link (`spaced.rs`) before headings get their
/// ids, so that `## [NPS](term:net promoter score)` is `#nps`, as with any link.
pub(crate) fn parse(body: &str, options: Options) -> Parsed<'_> {
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
    let headings = assign_heading_ids(&mut events);
    Parsed { events, headings, overflow, spaced }
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

/// The ids a page of the default theme has around its text: a heading whose slug is one of
/// them takes `-1`, as a repeated heading does, so that a link to it does not land on the
/// page's own `<main>` or side bar.
pub(crate) const PAGE_IDS: [&str; 6] =
    ["main", "sidebar", "settings-scheme", "settings-size", "downloads-heading", "cb-about-course"];

fn assign_heading_ids(events: &mut [Spanned<'_>]) -> Vec<Heading> {
    // Taken before any heading is named: ids written by the author, the page's own, and those
    // of the page's footnotes (`fn-1` and its mark's `fn-1-ref`; a label the address would
    // encode makes an id with `%`, which no slug has).
    let mut used: HashSet<String> = PAGE_IDS.iter().map(|id| id.to_string()).collect();
    for (event, _) in events.iter() {
        match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => {
                used.insert(id.to_string());
            }
            Event::FootnoteReference(label) | Event::Start(Tag::FootnoteDefinition(label)) => {
                let id = format!("fn-{}", heading_slug(label));
                used.insert(format!("{id}-ref"));
                used.insert(id);
            }
            _ => {}
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::{options, to_html};

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
        // The page's own ids and its footnotes' are taken: a link to the heading lands on it.
        let parsed =
            parse("文[^1]。\n\n## Fn 1\n\n## Main\n\n## Sidebar\n\n## Fn 1 ref\n\n[^1]: 注。\n", options(false));
        let ids: Vec<&str> = parsed.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, vec!["fn-1-1", "main-1", "sidebar-1", "fn-1-ref-1"]);
        // A footnote's id is made from its label, not its number.
        let parsed = parse("文[^note]。\n\n## Fn note\n\n## Fn 1\n\n[^note]: 注。\n", options(false));
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
