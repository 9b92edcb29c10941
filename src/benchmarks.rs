//! Entry points for the criterion benchmarks (`benches/stages.rs`): each stage of a build, run
//! on a course loaded once, so that the benchmarks time the stages while the stages themselves
//! stay internal. Each method prepares what its stage needs (outside the timing) and returns the
//! stage as a closure to time; the closure returns a number that depends on all of the work, so
//! that none of it is optimised away. The whole build and the incremental rebuild are timed
//! through the public `site::build` and `site::session::Session`.
//!
//! Hidden from the documentation: this is a way in for benchmarks, not an API.

use std::path::{Path, PathBuf};

use crate::config::{Config, LinkMode, Overrides};
use crate::content::{self, front_matter, Course, PageText};
use crate::error::Result;
use crate::glossary::link::Linker;
use crate::glossary::Glossary;
use crate::markup::{self, PageIds};
use crate::search::{self, tokenize, IndexWriter, PageEntry};

/// A course loaded once, for every stage's benchmark.
pub struct Stages {
    config: Config,
    course: Course,
    glossary: Glossary,
}

impl Stages {
    /// Loads the course at `root`: its `book.toml`, its pages and its glossary.
    pub fn load(root: &Path) -> Result<Stages> {
        let config = Config::load(root, &Overrides::default())?;
        let course = content::load(&config).course;
        let (glossary, _) = Glossary::from_course(&course, config.raw_html, &PageIds::default());
        Ok(Stages { config, course, glossary })
    }

    /// The course's configuration, for a whole build.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Every page with its text (which a loaded course holds).
    fn texts(&self) -> impl Iterator<Item = PageText<'_>> {
        self.course.pages().filter_map(|p| p.text().ok())
    }

    /// A chapter to edit for the incremental rebuild: its path and its text.
    pub fn chapter_to_edit(&self) -> Option<(PathBuf, String)> {
        let chapter = self.course.modules.iter().flat_map(|m| &m.chapters).nth(1)?;
        Some((self.config.content_dir.join(&chapter.source), chapter.text().ok()?.text().to_string()))
    }

    /// Loading: every page found, read and its front matter parsed; the number of pages.
    pub fn load_content(&self) -> impl Fn() -> usize + '_ {
        || content::load(&self.config).course.pages().count()
    }

    /// Every page's front matter split off and parsed; the number of pages parsed.
    pub fn front_matter(&self) -> impl Fn() -> usize + '_ {
        || {
            self.course
                .pages()
                .filter_map(|page| {
                    let page = page.text().ok()?;
                    let split = front_matter::split(page.text()).ok()?;
                    let requirement = front_matter::Requirement::AllOptional;
                    let examples = crate::labels::labels(self.config.language).examples;
                    front_matter::parse(&page.display_path, page.text(), &split, requirement, examples).ok()
                })
                .count()
        }
    }

    /// Every written form of every term found in every page body (the automaton compiled
    /// once, beforehand); the number of occurrences.
    pub fn term_linking(&self) -> impl Fn() -> usize + '_ {
        let linker = Linker::new(&self.glossary, LinkMode::All);
        move || self.texts().map(|p| linker.find(p.body()).len()).sum()
    }

    /// Every page body parsed and written as HTML; the bytes of HTML.
    pub fn markdown(&self) -> impl Fn() -> usize + '_ {
        let options = markup::options(false);
        move || {
            self.texts()
                .map(|p| markup::to_html(markup::parse(p.body(), options, &PageIds::default()).events).len())
                .sum()
        }
    }

    /// The search index, split by module, written into nothing from every page's sections
    /// (taken beforehand, without the questions, which a page's render reads); the bytes of
    /// the index.
    pub fn search_index(&self) -> impl Fn() -> usize + '_ {
        let options = markup::options(false);
        let entries: Vec<PageEntry> = self
            .texts()
            .map(|p| {
                PageEntry::new(
                    &p,
                    search::sections(&markup::parse(p.body(), options, &PageIds::default()).events).with_prompts([]),
                )
            })
            .collect();
        let modules = self.course.modules.len();
        move || {
            let mut writer = IndexWriter::new(usize::MAX, false, Vec::new());
            let sink = |_: &str, contents: &str| -> std::result::Result<(), ()> {
                std::hint::black_box(contents.len());
                Ok(())
            };
            for chunk in entries.chunks(entries.len().div_ceil(modules.max(1)).max(1)) {
                writer.add(chunk.to_vec(), &sink).expect("a sink never fails");
            }
            writer.finish(&[], &sink).expect("a sink never fails")
        }
    }

    /// Every page body normalized and cut into tokens as the index does; the number of tokens.
    pub fn tokenize(&self) -> impl Fn() -> usize + '_ {
        || self.texts().map(|p| tokenize::tokens(&tokenize::normalize(p.body())).len()).sum()
    }
}
