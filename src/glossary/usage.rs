//! How the course uses its glossary, once every page is rendered: for each term, the pages that
//! use it (the glossary page's "出现于" backlinks), and warnings for terms nobody uses. The
//! usage of each page comes from the term linker ([`crate::glossary::link::Usage`]).

use std::collections::{BTreeSet, HashMap};

use crate::content::term::Level;
use crate::content::{Course, Page};
use crate::diagnostic::{Code, Diagnostic, LineIndex};
use crate::glossary::Glossary;

/// For each term, the pages other than its own that use it, in reading order.
/// The pages are borrowed, not copied: a glossary used on every line of 6,000 chapters has
/// hundreds of thousands of backlinks. Each list is made in room of its size, counted first
/// (grown as it was filled, 300 terms on every one of 6,000 pages held 19.7 MB for 14.4).
pub(crate) fn backlinks<'c>(
    glossary: &Glossary,
    course: &'c Course,
    usage: &HashMap<String, BTreeSet<usize>>,
) -> Vec<Vec<&'c Page>> {
    let using = || {
        course.pages().flat_map(|page| {
            let terms = usage.get(&page.url).into_iter().flatten();
            terms.filter(move |&&term| glossary.terms[term].page_url != page.url).map(move |&term| (term, page))
        })
    };
    let mut counts = vec![0usize; glossary.terms.len()];
    for (term, _) in using() {
        counts[term] += 1;
    }
    let mut backlinks: Vec<Vec<&Page>> = counts.into_iter().map(Vec::with_capacity).collect();
    for (term, page) in using() {
        backlinks[term].push(page);
    }
    backlinks
}

/// Warnings for terms nobody uses: a ★★★ term used nowhere, any term used only where defined.
/// A term's page is looked up by URL (a course of thousands of pages may leave thousands of
/// terms unused).
pub(crate) fn unused_term_warnings(glossary: &Glossary, course: &Course, backlinks: &[Vec<&Page>]) -> Vec<Diagnostic> {
    let mut unused = glossary.terms.iter().zip(backlinks).filter(|(_, pages)| pages.is_empty()).peekable();
    if unused.peek().is_none() {
        return Vec::new();
    }
    let mut pages: HashMap<&str, &Page> = HashMap::new();
    for page in course.pages() {
        // The first page at a URL, as a search in reading order finds it (two pages at one URL
        // are an error of their own, `CB-OUTPUT-CLASH`).
        pages.entry(page.url.as_str()).or_insert(page);
    }
    // Each page's text read and its lines found once, however many of its terms go unused.
    let mut texts: HashMap<&str, (String, LineIndex)> = HashMap::new();
    unused
        .map(|(term, _)| {
            let message = if term.level == Level::Master {
                format!("★★★ term `{}` is not used in any other chapter", term.name)
            } else {
                format!("term `{}` is never used outside the chapter that defines it", term.name)
            };
            let (text, lines) = texts.entry(term.page_url.as_str()).or_insert_with(|| {
                let text = pages.get(term.page_url.as_str()).map(|p| p.text_for_message()).unwrap_or_default();
                let lines = LineIndex::of(&text);
                (text, lines)
            });
            Diagnostic::warning(Code::TermUnused, &term.display_path, term.line, 1, message)
                .with_help("use the term in another chapter, link it with [text](term:NAME), or remove it")
                .with_source_indexed(text, lines)
        })
        .collect()
}
