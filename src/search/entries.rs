//! What the index holds of the course: each page's sections of plain text ([`sections`]), and
//! the glossary's terms ([`term_entries`]). The index writer (`search::IndexWriter`) takes these
//! and never looks at pages or terms itself.

use std::collections::HashMap;

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use serde::Serialize;

use crate::content::url::encode_href;
use crate::content::{Course, Page};
use crate::exercises;
use crate::glossary::Glossary;
use crate::markup::Spanned;

/// A part of a page between two headings (the first one starts at the top of the page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Section {
    /// The heading's id; empty for the text before the first heading.
    pub(crate) anchor: String,
    /// The heading's plain text, shown as the result's title; empty before the first heading.
    pub(crate) heading: String,
    /// The section's plain text, searched and quoted in results.
    pub(crate) text: String,
}

/// Splits a page's events into sections of plain text. Code is kept (students search for it);
/// markup, URLs and tooltips are not text.
pub(crate) fn sections(events: &[Spanned<'_>]) -> Vec<Section> {
    let mut sections = vec![Section { anchor: String::new(), heading: String::new(), text: String::new() }];
    let mut in_heading = false;
    // A question block: only its question goes into the index, never its answer.
    let mut question: Option<String> = None;
    for (event, _) in events {
        let current = sections.last_mut().expect("always one section");
        if let Some(yaml) = &mut question {
            match event {
                Event::Text(t) => yaml.push_str(t),
                Event::End(TagEnd::CodeBlock) => {
                    if let Some(prompt) = exercises::prompt_of(yaml) {
                        current.text.push_str(&prompt);
                        current.text.push(' ');
                    }
                    question = None;
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if exercises::is_question_fence(info) => {
                question = Some(String::new());
            }
            Event::Start(Tag::Heading { id, .. }) => {
                in_heading = true;
                let anchor = id.as_deref().unwrap_or_default().to_string();
                sections.push(Section { anchor, heading: String::new(), text: String::new() });
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) if in_heading => current.heading.push_str(t),
            Event::Text(t) | Event::Code(t) => current.text.push_str(t),
            Event::SoftBreak | Event::HardBreak => current.text.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock | TagEnd::BlockQuote(_),
            ) if !current.text.ends_with(' ') && !current.text.is_empty() => current.text.push(' '),
            _ => {}
        }
    }
    for s in &mut sections {
        s.text = s.text.trim().to_string();
        s.heading = s.heading.trim().to_string();
    }
    sections.retain(|s| !s.text.is_empty() || !s.heading.is_empty());
    sections
}

/// A page as the index sees it.
#[derive(Debug, Clone)]
pub(crate) struct PageEntry {
    /// Href from the site root (already percent-encoded).
    pub(crate) href: String,
    /// Page title, shown with its sections' results.
    pub(crate) title: String,
    /// The page's sections in document order; only these are searched.
    pub(crate) sections: Vec<Section>,
}

impl PageEntry {
    /// A page of the course with its sections (see [`sections`]).
    pub(crate) fn new(page: &Page, sections: Vec<Section>) -> PageEntry {
        PageEntry { href: encode_href(&page.url), title: page.front.title.clone(), sections }
    }
}

/// A glossary term as the index sees it.
#[derive(Debug, Clone)]
pub(crate) struct TermEntry {
    /// The term as written in the course; matched against the query and shown as the result.
    pub(crate) name: String,
    /// English name, also matched and shown beside the term; None when not given.
    pub(crate) en: Option<String>,
    /// Other written forms the query may match; empty when none.
    pub(crate) aliases: Vec<String>,
    /// Importance 1–3: among equally good matches, more important terms rank first.
    pub(crate) level: u8,
    /// The anchor of the term's entry on its glossary page (not encoded; the script encodes it).
    pub(crate) id: String,
    /// The site path of the glossary page holding the entry (`glossary.html` or a part).
    pub(crate) glossary: String,
    /// The start of the definition, shown under a matching term.
    pub(crate) definition: String,
    /// Index (in the page list) of the page that defines the term, listed with the term.
    pub(crate) page: usize,
}

/// The glossary's terms as the index holds them, each with the index of its defining page in
/// the course's reading order.
pub(crate) fn term_entries(glossary: &Glossary, course: &Course) -> Vec<TermEntry> {
    let page_index: HashMap<&str, usize> = course.pages().enumerate().map(|(i, p)| (p.url.as_str(), i)).collect();
    glossary
        .terms
        .iter()
        .map(|t| TermEntry {
            name: t.name.clone(),
            en: t.en.clone(),
            aliases: t.aliases.clone(),
            level: t.level.number(),
            id: t.id.clone(),
            glossary: t.glossary_page.clone(),
            definition: excerpt(&t.definition_text, 48),
            page: page_index.get(t.page_url.as_str()).copied().unwrap_or(0),
        })
        .collect()
}

/// The first `chars` characters of a text, with `…` when cut.
fn excerpt(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::{options, parse};

    #[test]
    fn sections_follow_headings() {
        let parsed = parse("引言文字。\n\n## 退货\n\n七天**无理由**退货。\n\n- 一\n- 二\n\n`code`\n", options(false));
        let s = sections(&parsed.events);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0], Section { anchor: String::new(), heading: String::new(), text: "引言文字。".into() });
        assert_eq!(s[1].anchor, "退货");
        assert_eq!(s[1].heading, "退货");
        assert_eq!(s[1].text, "七天无理由退货。 一 二 code");
    }

    #[test]
    fn code_blocks_are_indexed_and_questions_by_their_prompt_only() {
        let markdown = "```text\n退货流程单\n```\n\n```quiz\nquestion: 运费谁付？\nanswer: 对\n```\n";
        let parsed = parse(markdown, options(false));
        let s = sections(&parsed.events);
        assert_eq!(s.len(), 1);
        let words: Vec<&str> = s[0].text.split_whitespace().collect();
        assert_eq!(words, ["退货流程单", "运费谁付？"], "the code's text, then the question without its answer");
    }

    #[test]
    fn blocks_and_lines_are_one_space_apart_in_the_text() {
        let markdown = "first\nline\n\n- 甲\n- 乙\n\n> 引用\n\n| 表 | 格 |\n|---|---|\n| 一 | 二 |\n";
        let parsed = parse(markdown, options(true));
        let s = sections(&parsed.events);
        assert_eq!(s[0].text, "first line 甲 乙 引用 表 格 一 二", "{s:?}");
    }

    #[test]
    fn a_heading_without_text_is_found_and_an_empty_start_is_not_kept() {
        // A page that opens with a heading, and a heading followed at once by a subheading.
        let parsed = parse(
            "## 售后

### 退货

七天无理由退货。
",
            options(false),
        );
        let s = sections(&parsed.events);
        let headings: Vec<&str> = s.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(headings, ["售后", "退货"], "no empty section before the first heading: {s:?}");
        assert_eq!(s[0].text, "", "the heading is searchable though nothing is under it");
    }
}
