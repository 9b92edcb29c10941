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
use crate::markup::{self, Spanned};

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
/// markup, URLs and tooltips are not text. A question block keeps a place for its question
/// alone, never its answer, which [`PageSections::with_prompts`] fills once the page's render
/// has read the questions.
pub(crate) fn sections(events: &[Spanned<'_>]) -> PageSections {
    let mut sections = vec![Section { anchor: String::new(), heading: String::new(), text: String::new() }];
    let mut questions = Vec::new();
    let mut in_heading = false;
    // The start of the question block being read, in the page's body.
    let mut in_question: Option<usize> = None;
    for (event, range) in events {
        let index = sections.len() - 1;
        let current = sections.last_mut().expect("always one section");
        if let Some(block) = in_question {
            if let Event::End(TagEnd::CodeBlock) = event {
                questions.push(Place { block, section: index, at: current.text.len() });
                current.text.push(' ');
                in_question = None;
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if markup::is_question_fence(info) => {
                in_question = Some(range.start);
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
    PageSections { sections, questions }
}

/// A page's sections with a place left for each question ([`sections`]). The questions are
/// read once, by the page's render ([`exercises::parse`]), not here too: their YAML, read
/// again for the index alone, cost as much as the render's reading.
pub(crate) struct PageSections {
    sections: Vec<Section>,
    /// Each question block's place, in the page's order.
    questions: Vec<Place>,
}

/// Where a question block's prompt goes.
struct Place {
    /// Where the block starts in the page's body: it is matched with the question the render
    /// read from the block starting there.
    block: usize,
    /// Its section, and the byte offset in that section's text.
    section: usize,
    at: usize,
}

impl PageSections {
    /// The sections, each question block's place holding its prompt, blanks made spaces; a block
    /// the render did not make a question of (one it reported, or one inside raw HTML the page
    /// drops) holds nothing. `prompts` are the page's questions in order, each with the start of
    /// its block in the page's body. Empty sections are dropped.
    pub(crate) fn with_prompts<'q>(self, prompts: impl IntoIterator<Item = (usize, &'q str)>) -> Vec<Section> {
        let PageSections { mut sections, questions } = self;
        let mut prompts = prompts.into_iter().peekable();
        let mut placed = questions
            .into_iter()
            .filter_map(|place| {
                while prompts.next_if(|&(block, _)| block < place.block).is_some() {}
                let (_, prompt) = prompts.next_if(|&(block, _)| block == place.block)?;
                Some((place, prompt))
            })
            .peekable();
        for (index, section) in sections.iter_mut().enumerate() {
            if placed.peek().is_none_or(|(place, _)| place.section != index) {
                continue;
            }
            let text = std::mem::take(&mut section.text);
            let mut cursor = 0;
            while let Some((place, prompt)) = placed.next_if(|(place, _)| place.section == index) {
                section.text.push_str(&text[cursor..place.at]);
                section.text.push_str(&exercises::split_blanks(prompt.trim()).join(" "));
                cursor = place.at;
            }
            section.text.push_str(&text[cursor..]);
        }
        for s in &mut sections {
            s.text = s.text.trim().to_string();
            s.heading = s.heading.trim().to_string();
        }
        sections.retain(|s| !s.text.is_empty() || !s.heading.is_empty());
        sections
    }
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
        PageEntry { href: encode_href(&page.url), title: page.front.title.to_string(), sections }
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
            definition: t.definition_excerpt.clone(),
            page: page_index.get(t.page_url.as_str()).copied().unwrap_or(0),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::{options, parse};

    #[test]
    fn sections_follow_headings() {
        let parsed = parse(
            "引言文字。\n\n## 退货\n\n七天**无理由**退货。\n\n- 一\n- 二\n\n`code`\n",
            options(false),
            &crate::markup::PageIds::default(),
        );
        let s = sections(&parsed.events).with_prompts([]);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0], Section { anchor: String::new(), heading: String::new(), text: "引言文字。".into() });
        assert_eq!(s[1].anchor, "退货");
        assert_eq!(s[1].heading, "退货");
        assert_eq!(s[1].text, "七天无理由退货。 一 二 code");
    }

    #[test]
    fn code_blocks_are_indexed_and_questions_by_their_prompt_only() {
        let markdown = "```text\n退货流程单\n```\n\n```quiz\nquestion: 运费谁付？\nanswer: 对\n```\n";
        let parsed = parse(markdown, options(false), &crate::markup::PageIds::default());
        let block = markdown.find("```quiz").unwrap();
        let s = sections(&parsed.events).with_prompts([(block, "运费谁付？")]);
        assert_eq!(s.len(), 1);
        let words: Vec<&str> = s[0].text.split_whitespace().collect();
        assert_eq!(words, ["退货流程单", "运费谁付？"], "the code's text, then the question without its answer");
    }

    #[test]
    fn each_question_takes_its_place_in_its_own_section_with_its_blanks_made_spaces() {
        let quiz = |q: &str| format!("```quiz\nquestion: {q}\nanswer: x\n```\n");
        let markdown = format!(
            "{}开头。\n\n## 二\n\n{}中间。\n\n{}## 三\n\n结尾。\n",
            quiz("甲？"),
            quiz("乙___丙"),
            quiz("丁？")
        );
        let parsed = parse(&markdown, options(false), &crate::markup::PageIds::default());
        let blocks: Vec<usize> = markdown.match_indices("```quiz").map(|(at, _)| at).collect();
        let prompts = [(blocks[0], "甲？"), (blocks[1], "  乙___丙 "), (blocks[2], "丁？")];
        let s = sections(&parsed.events).with_prompts(prompts);
        let texts: Vec<(&str, &str)> = s.iter().map(|s| (s.heading.as_str(), s.text.as_str())).collect();
        assert_eq!(texts, [("", "甲？ 开头。"), ("二", "乙 丙 中间。 丁？"), ("三", "结尾。")]);
        // A block the render made no question of (the second) holds nothing, and the next
        // question still takes its own place, not the second's.
        let s = sections(&parsed.events).with_prompts([prompts[0], prompts[2]]);
        let texts: Vec<(&str, &str)> = s.iter().map(|s| (s.heading.as_str(), s.text.as_str())).collect();
        assert_eq!(texts, [("", "甲？ 开头。"), ("二", "中间。 丁？"), ("三", "结尾。")]);
    }

    #[test]
    fn blocks_and_lines_are_one_space_apart_in_the_text() {
        let markdown = "first\nline\n\n- 甲\n- 乙\n\n> 引用\n\n| 表 | 格 |\n|---|---|\n| 一 | 二 |\n";
        let parsed = parse(markdown, options(true), &crate::markup::PageIds::default());
        let s = sections(&parsed.events).with_prompts([]);
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
            &crate::markup::PageIds::default(),
        );
        let s = sections(&parsed.events).with_prompts([]);
        let headings: Vec<&str> = s.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(headings, ["售后", "退货"], "no empty section before the first heading: {s:?}");
        assert_eq!(s[0].text, "", "the heading is searchable though nothing is under it");
    }
}
