//! Entry points for fuzzing, shared by the cargo-fuzz targets in `fuzz/`: each runs one stage
//! of coursebook on arbitrary input, in memory, the way a build runs it, and asserts what a
//! user relies on (no panic, every problem reported at a line of the file). A diagnostic is a
//! correct answer to bad input; a panic or a failed assertion is a finding.
//!
//! Hidden from the documentation: this is a way in for fuzzers, not an API.

use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

use crate::config::{self, Config, LinkMode, Overrides};
use crate::content::{parse_page, parse_page_or_stand_in, Course, Misread, Module, Page, PageKind};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::glossary::link::Linker;
use crate::glossary::Glossary;
use crate::labels;
use crate::markup::{self, RawHtml};
use crate::render::body::BodyRenderer;
use crate::render::glossary_pages::Views;
use crate::render::links::{LinkTargets, Placement, PrintLayout};
use crate::render::page::{self, NavModel, PageContext, SharedContext, SiteInfo};
use crate::render::theme::{self, Theme};
use crate::search::{self, tokenize};

/// Where the fuzzed chapter sits in the in-memory course, relative to the content folder.
const CHAPTER: &str = "01-module/01-chapter.md";
/// The module page the fuzzed chapter belongs to: a heading, so `index.md#…` links can resolve.
const MODULE_TEXT: &str = "---\ntitle: 模块 Module\nsummary: 模块摘要\n---\n\n## 概述\n\n模块正文。\n";

/// Splits and parses `text` as the front matter of a home, module and chapter page: every
/// outcome is a page or problems located in the file.
pub fn front_matter(text: &str) {
    for kind in [PageKind::Home, PageKind::Module, PageKind::Chapter] {
        match page_from(kind, CHAPTER, text) {
            Ok(page) => {
                let held = page.text().expect("a page read from a string holds its text");
                // A NUL is read as U+FFFD (CommonMark), so the page's offsets are in that text.
                let read = crate::content::as_read(text.to_string());
                assert_eq!(held.body(), &read[page.body_offset..], "the body is the text after the front matter")
            }
            Err(problems) => assert_located(&problems, text),
        }
    }
}

/// Renders `text` as the one chapter of a one-module course: front matter, glossary from the
/// chapter's own terms, link checking, term linking, footnotes, the chapter's page through the
/// default theme, its print-page body and its search index. Returns the page's HTML, or every
/// problem found when the course has errors (pages are still rendered then, as `check` does,
/// a page whose front matter has mistakes as its stand-in).
pub(crate) fn render_chapter_for_fuzzing(text: &str) -> Result<String, Vec<Diagnostic>> {
    let examples = labels::labels(labels::Language::ZhCn).examples;
    let display_path = Path::new("content").join(CHAPTER);
    let (chapter, mut problems) =
        match parse_page_or_stand_in(PageKind::Chapter, Path::new(CHAPTER), display_path, text.to_string(), examples) {
            Ok(page) => (page, Vec::new()),
            Err(Misread { problems, stand_in: Some(page), .. }) => (page, problems),
            Err(Misread { problems, stand_in: None, .. }) => return Err(problems),
        };
    let module = page_from(PageKind::Module, "01-module/index.md", MODULE_TEXT).expect("the module page is valid");
    let course = Course {
        home: None,
        modules: vec![Module { page: module, chapters: vec![chapter] }],
        assets: vec![],
        orphans: Default::default(),
    };
    let config = config_for(text);
    let page_ids = markup::PageIds::default();
    let (glossary, glossary_problems) = Glossary::from_course(&course, config.raw_html, &page_ids);
    problems.extend(glossary_problems);
    let labels = labels::labels(config.language);
    let linker = Linker::new(&glossary, config.link_mode);
    let options = markup::options(config.smart_punctuation);
    let (targets, page_problems) = LinkTargets::collect(&course, options, &page_ids);
    problems.extend(page_problems);
    let chapter = &course.modules[0].chapters[0].text().expect("a page read from a string holds its text");
    let renderer = BodyRenderer {
        targets: &targets,
        linker: &linker,
        raw_html: config.raw_html,
        glossary: &glossary,
        reveal: config.reveal,
        labels,
    };
    let parsed = markup::parse(chapter.body(), options, &page_ids);
    let sections = search::sections(&parsed.events);
    let (body, _) = renderer.render(parsed, chapter, Placement::OwnPage(&chapter.url), &mut problems);
    let sections = sections.with_prompts(body.questions.iter().map(|q| (q.block, q.prompt.as_str())));
    let layout = PrintLayout::default();
    // The print page reports nothing a build would not already have reported for the page.
    let parsed = markup::parse(chapter.body(), options, &page_ids);
    renderer.render(parsed, chapter, Placement::PrintPage("print.html", &layout), &mut Vec::new());
    index_sections(chapter, sections, &glossary, &course);
    let views = Views::new(&glossary, labels);
    let mut site = SiteInfo::new(&config);
    site.has_glossary = true;
    site.has_search = true;
    let info = page::markdown_page_info(chapter, body, &config);
    let nav = NavModel::new(&course, labels);
    let cards = page::cards(&course, &nav, chapter, config.raw_html, &Default::default(), labels);
    let context = PageContext::new(&nav, &chapter.url, info, cards, views.chapter_terms(&chapter.url));
    let shared = SharedContext::new(&site, labels);
    let html =
        page::render(default_theme(), "chapter.html", &shared, context).expect("the default theme renders any chapter");
    let html = String::from_utf8(html).expect("a page is UTF-8");
    if problems.iter().any(Diagnostic::is_error) {
        Err(problems)
    } else {
        Ok(html)
    }
}

/// The chapter target: `render_chapter_for_fuzzing`, whose problems must all be located.
pub fn chapter(text: &str) {
    if let Err(problems) = render_chapter_for_fuzzing(text) {
        assert_located(&problems, text);
    }
}

/// Tokenizes `text` as the index does (every token of a section) and as a query does (the
/// tokens a section must hold): a section must always match a query made of its own text.
pub fn tokenize(text: &str) {
    let normalized = tokenize::normalize(text);
    let indexed: HashSet<&str> = tokenize::tokens(&normalized).into_iter().collect();
    for required in tokenize::query_terms(&normalized) {
        assert!(indexed.contains(required.as_str()), "query token {required:?} is not among the text's own tokens");
    }
}

/// Parses `bytes` as `book.toml`, then loads it as a course's configuration (UTF-8 check,
/// parsing, resolution) from a scratch course folder of this process's own, written and
/// removed again (`Config::load` reads a course folder): every outcome is a configuration or a
/// problem located in book.toml.
pub fn book_toml(bytes: &[u8]) {
    if let Ok(text) = std::str::from_utf8(bytes) {
        if let Err(problem) = config::parse_book_toml(text) {
            assert_located(std::slice::from_ref(&problem), text);
        }
    }
    let root = std::env::temp_dir().join(format!("coursebook-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&root).expect("create the scratch course folder");
    std::fs::write(root.join(config::BOOK_TOML), bytes).expect("write the scratch book.toml");
    let loaded = Config::load(&root, &Overrides::default());
    std::fs::remove_dir_all(&root).expect("remove the scratch course folder");
    match loaded {
        Ok(_) => {}
        Err(Error::Content(problems)) => assert_located(&problems, &String::from_utf8_lossy(bytes)),
        Err(other) => panic!("book.toml gave an error that is not a located problem: {other}"),
    }
}

/// Panics unless every problem names a line of its file (1 to one past the last line).
fn assert_located(problems: &[Diagnostic], text: &str) {
    let last_line = text.lines().count() + 1;
    for problem in problems {
        assert!((1..=last_line).contains(&problem.line), "problem without a line of the file: {problem}");
    }
}

/// A page of the in-memory course, as `content::load` would make it from `relative`.
fn page_from(kind: PageKind, relative: &str, text: &str) -> Result<Page, Vec<Diagnostic>> {
    let examples = labels::labels(labels::Language::ZhCn).examples;
    parse_page(kind, Path::new(relative), Path::new("content").join(relative), text.to_string(), examples)
}

/// The configuration of a course without `book.toml`, with the link mode, the raw HTML mode
/// and smart punctuation chosen by the input's length, so that the fuzzer reaches every
/// combination.
fn config_for(text: &str) -> Config {
    static DEFAULT: OnceLock<Config> = OnceLock::new();
    let mut config = DEFAULT
        .get_or_init(|| {
            // A folder that is never created: no book.toml, so every default.
            let no_course = std::env::temp_dir().join("coursebook-fuzz-no-course");
            Config::load(&no_course, &Overrides::default()).expect("a course without book.toml is valid")
        })
        .clone();
    let choice = text.len();
    config.link_mode = [LinkMode::First, LinkMode::All, LinkMode::None][choice % 3];
    config.raw_html = [RawHtml::Allow, RawHtml::Escape, RawHtml::Sanitize][choice / 3 % 3];
    config.smart_punctuation = choice / 9 % 2 == 1;
    config.edit_url_template = Some("https://example.org/edit/{path}".into());
    config
}

/// Writes the search index of one page and the glossary's terms into nothing.
fn index_sections(page: &Page, sections: Vec<search::Section>, glossary: &Glossary, course: &Course) {
    let terms = search::term_entries(glossary, course);
    let entry = search::PageEntry::new(page, sections);
    let discard = |_: &str, _: &str| Ok::<(), ()>(());
    let mut index = search::IndexWriter::new(page.text_len, false, Vec::new());
    index.add(vec![entry], &discard).and_then(|()| index.finish(&terms, &discard)).expect("discarding never fails");
}

/// The embedded default theme, compiled once per process.
fn default_theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| {
        theme::load(None, &Default::default(), std::path::Path::new("")).expect("the default theme compiles")
    })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    /// The seeds in `fuzz/corpus/<target>/` (see `fuzz/seed-corpus.sh`) through their target,
    /// so that the targets keep working between fuzzing sessions.
    #[test]
    fn every_target_accepts_its_seed_corpus() {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
        let targets: [(&str, fn(&[u8])); 4] = [
            ("front_matter", |bytes| front_matter(&String::from_utf8_lossy(bytes))),
            ("chapter", |bytes| chapter(&String::from_utf8_lossy(bytes))),
            ("tokenize", |bytes| tokenize(&String::from_utf8_lossy(bytes))),
            ("book_toml", book_toml),
        ];
        for (name, target) in targets {
            let seeds: Vec<PathBuf> = std::fs::read_dir(corpus.join(name))
                .unwrap_or_else(|e| panic!("fuzz/corpus/{name}: {e}"))
                .map(|entry| entry.unwrap().path())
                .filter(|path| path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("seed-")))
                .collect();
            assert!(!seeds.is_empty(), "fuzz/corpus/{name} has no seeds");
            for seed in seeds {
                target(&std::fs::read(&seed).unwrap());
            }
        }
    }

    #[test]
    fn a_chapter_renders_into_its_page_with_its_terms() {
        let text = "---\ntitle: 引言\nterms:\n  - name: 客户满意度\n    level: 3\n    definition: 感受与期望之比。\n---\n\n客户满意度很重要。\n";
        let html = render_chapter_for_fuzzing(text).expect("a valid chapter renders");
        assert!(html.contains("<title>引言"), "{html}");
        assert!(html.contains("<aside class=\"chapter-terms\">"), "the chapter's terms box: {html}");
        assert!(html.contains("data-level=\"3\">客户满意度</a>很重要"), "the term linked in the text: {html}");
    }

    #[test]
    fn a_broken_link_is_a_problem_at_its_line() {
        let problems = render_chapter_for_fuzzing("---\ntitle: T\n---\n\n[见](missing.md)\n").unwrap_err();
        assert_eq!(problems.iter().map(|p| p.line).collect::<Vec<_>>(), vec![5], "{problems:?}");
    }
}
