//! The glossary as templates see it: the glossary page (by letter, filterable by level), the
//! revision page (by level, most important first), and a chapter's "本章术语" box. Every href
//! is relative to the page being rendered.

use serde::Serialize;

use crate::content::term::Level;
use crate::content::url::{encode_href, relative_href};
use crate::glossary::{Glossary, Term};
use crate::labels::Labels;
use crate::render::page::Link;

/// One term as shown on any page.
#[derive(Debug, Serialize)]
pub(crate) struct TermView {
    /// The term as written in the course, e.g. 货到付款.
    pub(crate) name: String,
    /// Anchor of the term's glossary entry (the `id` of its element there).
    pub(crate) id: String,
    /// Link to the term's glossary entry.
    pub(crate) href: String,
    /// Importance 1–3, for the level filter's `data-level`.
    pub(crate) level: u8,
    /// The level as ★, ★★ or ★★★, shown next to the name.
    pub(crate) stars: &'static str,
    /// Shown after the level's stars, e.g. 掌握.
    pub(crate) level_name: &'static str,
    /// English name shown beside the term; None when the chapter gives none.
    pub(crate) en: Option<String>,
    /// Other written forms that also link to the term; empty when there are none.
    pub(crate) aliases: Vec<String>,
    /// The definition as inline HTML (trusted; may contain links).
    pub(crate) definition_html: String,
    /// Related terms ("参见"), each linking to its glossary entry; empty when none.
    pub(crate) see: Vec<Link>,
    /// The chapter that defines the term ("定义于").
    pub(crate) defined_in: Link,
    /// Pages that use the term ("出现于"), in reading order: the first [`MAX_BACKLINKS`].
    pub(crate) used_in: Vec<Link>,
    /// When more pages use the term than are listed: "另有 M 处", a link to the search for the
    /// term, which finds every page using it.
    pub(crate) used_more: Option<Link>,
}

/// At most this many pages are listed under a term ("出现于"): a term used on every page of a
/// large course would otherwise make its glossary entry, and the glossary page, grow without
/// bound. The rest are counted and one click away, in the search.
pub(crate) const MAX_BACKLINKS: usize = 12;

/// A letter of the A–Z jump bar.
#[derive(Debug, Serialize)]
pub(crate) struct Letter {
    /// Capital letter A–Z (first letter of terms by pinyin).
    pub(crate) letter: char,
    /// Whether some term is listed under the letter; absent letters are shown greyed out, unlinked.
    pub(crate) present: bool,
}

/// The terms under one letter.
#[derive(Debug, Serialize)]
pub(crate) struct LetterSection {
    /// A–Z, or `#` for terms starting with no Latin letter; heading and `letter-…` anchor.
    pub(crate) letter: char,
    /// The section's terms, in pinyin order.
    pub(crate) terms: Vec<TermView>,
}

/// A level with its terms (revision page) or its count (glossary filter).
#[derive(Debug, Serialize)]
pub(crate) struct LevelSection {
    /// Importance 1–3, the value of the glossary's level filter and the `level-…` anchor.
    pub(crate) level: u8,
    /// The level as ★, ★★ or ★★★.
    pub(crate) stars: &'static str,
    /// Word for the level, e.g. 掌握.
    pub(crate) name: &'static str,
    /// Number of terms at this level, shown in brackets (a level with 0 is skipped on the revision page).
    pub(crate) count: usize,
    /// The level's terms in pinyin order on the revision page; empty on the glossary page.
    pub(crate) terms: Vec<TermView>,
}

/// The glossary page.
#[derive(Debug, Serialize)]
pub(crate) struct GlossaryPage {
    /// The A–Z jump bar, every letter whether or not terms use it.
    pub(crate) letters: Vec<Letter>,
    /// Terms grouped by first letter of their pinyin, A–Z then `#`.
    pub(crate) sections: Vec<LetterSection>,
    /// One entry per level, most important first, for the filter with its counts.
    pub(crate) levels: Vec<LevelSection>,
    /// Number of terms in the course, shown at the top and on the "all" filter.
    pub(crate) total: usize,
}

/// The revision page.
#[derive(Debug, Serialize)]
pub(crate) struct RevisionPage {
    /// Every level most important first (★★★ 掌握 first), each with its terms.
    pub(crate) levels: Vec<LevelSection>,
    /// Number of terms in the course.
    pub(crate) total: usize,
}

/// Terms a chapter defines, for its "本章术语" box.
#[derive(Debug, Default, Serialize)]
pub(crate) struct ChapterTerms {
    /// The chapter's own terms in pinyin order; empty hides the box.
    pub(crate) terms: Vec<TermView>,
}

/// `text` percent-encoded for a URL's query (`search.html?q=…`).
fn query_component(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Shapes glossary data for templates; `backlinks[i]` lists the pages using term `i`.
pub(crate) struct Views<'a> {
    /// Every term of the course.
    pub(crate) glossary: &'a Glossary,
    /// Labels in the course language, for the level names.
    pub(crate) labels: &'a Labels,
    /// For each term index, the `(site path, title)` of the pages using it, in reading order.
    pub(crate) backlinks: &'a [Vec<(String, String)>],
}

impl Views<'_> {
    fn term(&self, index: usize, from: &str, glossary_href: &str) -> TermView {
        let t: &Term = &self.glossary.terms[index];
        let entry = |id: &str| format!("{glossary_href}#{}", encode_href(id));
        TermView {
            name: t.name.clone(),
            id: t.id.clone(),
            href: entry(&t.id),
            level: t.level.number(),
            stars: t.level.stars(),
            level_name: t.level.name(self.labels),
            en: t.en.clone(),
            aliases: t.aliases.clone(),
            definition_html: t.definition_html.clone(),
            see: t
                .see
                .iter()
                .map(|&s| Link { title: self.glossary.terms[s].name.clone(), href: entry(&self.glossary.terms[s].id) })
                .collect(),
            defined_in: Link { title: t.page_title.clone(), href: relative_href(from, &t.page_url) },
            used_in: self.backlinks.get(index).map_or_else(Vec::new, |pages| {
                pages
                    .iter()
                    .take(MAX_BACKLINKS)
                    .map(|(url, title)| Link { title: title.clone(), href: relative_href(from, url) })
                    .collect()
            }),
            used_more: self
                .backlinks
                .get(index)
                .map(|pages| pages.len().saturating_sub(MAX_BACKLINKS))
                .filter(|&more| more > 0)
                .map(|more| Link {
                    title: self.labels.used_more.replace("{n}", &more.to_string()),
                    href: format!("{}?q={}", relative_href(from, "search.html"), query_component(&t.name)),
                }),
        }
    }

    /// The glossary page at `glossary.html`.
    pub(crate) fn glossary_page(&self) -> GlossaryPage {
        let mut sections: Vec<LetterSection> = Vec::new();
        for (index, term) in self.glossary.terms.iter().enumerate() {
            let letter = term.letter();
            let view = self.term(index, "glossary.html", "");
            match sections.last_mut() {
                Some(section) if section.letter == letter => section.terms.push(view),
                _ => sections.push(LetterSection { letter, terms: vec![view] }),
            }
        }
        sections.sort_by_key(|s| if s.letter == '#' { '~' } else { s.letter });
        let letters =
            ('A'..='Z').map(|letter| Letter { letter, present: sections.iter().any(|s| s.letter == letter) }).collect();
        let levels = Level::MOST_IMPORTANT_FIRST.iter().map(|&level| self.level_section(level, false)).collect();
        GlossaryPage { letters, sections, levels, total: self.glossary.terms.len() }
    }

    /// The revision page at `revision.html`: ★★★ first.
    pub(crate) fn revision_page(&self) -> RevisionPage {
        RevisionPage {
            levels: Level::MOST_IMPORTANT_FIRST.iter().map(|&level| self.level_section(level, true)).collect(),
            total: self.glossary.terms.len(),
        }
    }

    fn level_section(&self, level: Level, with_terms: bool) -> LevelSection {
        let indices: Vec<usize> =
            self.glossary.terms.iter().enumerate().filter(|(_, t)| t.level == level).map(|(i, _)| i).collect();
        LevelSection {
            level: level.number(),
            stars: level.stars(),
            name: level.name(self.labels),
            count: indices.len(),
            terms: if with_terms {
                indices.into_iter().map(|i| self.term(i, "revision.html", "glossary.html")).collect()
            } else {
                Vec::new()
            },
        }
    }

    /// The terms defined on the page at `page_url` (their indices come from
    /// [`Glossary::defined_on`], so the work per page does not grow with the course).
    pub(crate) fn chapter_terms(&self, page_url: &str) -> ChapterTerms {
        let glossary_href = relative_href(page_url, "glossary.html");
        ChapterTerms {
            terms: self.glossary.defined_on(page_url).iter().map(|&i| self.term(i, page_url, &glossary_href)).collect(),
        }
    }
}
