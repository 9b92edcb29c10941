//! The build as an ordered list of steps: load the course, its glossary, the theme and every
//! page's anchors; render and write the pages, feeding the search index and the EPUB (each
//! page's body rendered once for both the site and the book); the glossary pages and the search
//! index while the print files render; the 404 page and a generated home; the theme's and the
//! course's files; the manifest and the service worker; the end of the EPUB beside the site's
//! zip, and the home page again offering them; then the swap into place. [`check`] runs
//! the same steps without writing anything.
//!
//! Each step is timed and the times come back as data ([`Report::steps`]; the CLI prints them
//! with `-v`). Problems are collected from every step, and the site is swapped into place only
//! when there is no error.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::content;
use crate::content::boundary::Boundary;
use crate::content::history::History;
use crate::content::url::{EPUB_FILE, ZIP_FILE};
use crate::content::{PageText, Texts};
use crate::diagnostic::{self, Code, Diagnostic};
use crate::error::{Error, Result};
use crate::exercises::{self, Question};
use crate::glossary::Glossary;
use crate::labels;
use crate::markup;
use crate::render::glossary_pages::Views;
use crate::render::links::{LinkTargets, PrintLayout, HANDOUT};
use crate::render::page::{NavModel, SiteInfo};
use crate::render::theme::{self, STATIC_DIR};
use crate::search;
use crate::site::download::SiteZip;
use crate::site::model::{Model, RenderContext};
use crate::site::output::{self, Staging};
use crate::site::pages::{self, render_pages, Downloads};
use crate::site::print::PrintStream;
use crate::site::{download, epub, offline, print, special};

/// Choices of one build that are not part of the course's configuration.
#[derive(Debug, Default, Clone)]
pub struct BuildOptions {
    /// Fail when there are warnings, not only errors.
    pub deny_warnings: bool,
    /// Told the size of the course's Markdown in bytes once it is read, before the pages are
    /// rendered: the binary sets its allocator by it (how long freed memory is kept, within
    /// the memory a course of that size may take), for the rest of the process.
    pub on_course_read: Option<fn(u64)>,
    /// Told once every page is rendered, before the glossary pages, the search index's end and
    /// the downloads: the binary hands back what its allocator kept while pages rendered, so
    /// that it does not add to the memory those steps take.
    pub on_pages_rendered: Option<fn()>,
}

/// One step of a build and how long it took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// What the step does, e.g. `render pages`.
    pub name: &'static str,
    /// Wall-clock time of the step.
    pub elapsed: Duration,
}

/// What a successful build did.
#[derive(Debug)]
pub struct Report {
    /// The folder the site was written to.
    pub output: PathBuf,
    /// Markdown pages in the course (home, modules, chapters); generated pages are not counted.
    pub pages: usize,
    /// Pages rendered again: all of them in a full build, the edited ones in an incremental one.
    pub rendered: usize,
    /// Terms in the glossary.
    pub terms: usize,
    /// Size of the search index in bytes, and of the course's Markdown it indexes.
    pub search_bytes: usize,
    /// Size of the course's Markdown in bytes, to compare with `search_bytes`.
    pub markdown_bytes: usize,
    /// Warnings found; the build succeeded in spite of them (empty when none).
    pub warnings: Vec<Diagnostic>,
    /// Wall-clock time of the build.
    pub elapsed: Duration,
    /// The steps of a full build with their times, in the order they ended (empty for an
    /// incremental rebuild).
    pub steps: Vec<Step>,
    /// The handout's print files in reading order, `print.html` first, then a large course's
    /// module files (`print-pre.html`, `print-pre-2.html`…), which `coursebook pdf` prints in
    /// this order (empty for an incremental rebuild).
    pub print_files: Vec<String>,
}

/// What [`check`] found.
#[derive(Debug)]
pub struct Checked {
    /// Every problem in the course, sorted; the course is fine when none is an error.
    pub diagnostics: Vec<Diagnostic>,
    /// The loading steps with their times.
    pub steps: Vec<Step>,
}

/// Builds the site into `config.build_dir`.
pub fn build(config: &Config, options: &BuildOptions) -> Result<Report> {
    full_build(config, options, false).map(|(report, _)| report)
}

/// Finds every problem in the course without writing anything (`coursebook check`): the same
/// loading, linking and rendering as a build, with the output thrown away.
pub fn check(config: &Config) -> Result<Checked> {
    let timer = Timer::default();
    let (model, mut diagnostics) = load(config, &timer, false, Texts::LetGo)?;
    if let Err(Error::UnsafeOutput { path, reason }) = output::ensure_replaceable(&config.build_dir) {
        let shown = path.strip_prefix(&config.root).map_or_else(|_| path.clone(), std::path::Path::to_path_buf);
        diagnostics.push(Diagnostic::error(Code::OutputUnsafe, shown, 0, 0, format!("the build folder {reason}")));
    }
    let context = RenderContext::new(config, &model);
    let mut index = search::IndexWriter::new(0, false, Vec::new());
    let rendered = render_pages(&context, None, &mut index, Downloads::default(), false)?;
    diagnostics.extend(rendered.diagnostics);
    diagnostics.extend(model.term_warnings(&rendered.backlinks));
    model.account_for_unread_terms(&mut diagnostics);
    diagnostic::sort(&mut diagnostics);
    Ok(Checked { diagnostics, steps: timer.into_steps() })
}

/// What a full build leaves for incremental rebuilds.
pub(super) struct Retained {
    pub(super) model: Model,
    pub(super) index: search::IndexWriter,
    pub(super) print_layout: PrintLayout,
    pub(super) print_cache: print::Cache,
    /// Terms used on each page, by site path.
    pub(super) usage: HashMap<String, BTreeSet<usize>>,
    /// Warnings found while loading (they stay until the next full build).
    pub(super) load_warnings: Vec<Diagnostic>,
    /// Warnings about unused terms, redone when an edit changes which terms a page uses.
    pub(super) term_warnings: Vec<Diagnostic>,
    /// The name of the service worker's cache (`offline::build_id`), renewed by each rebuild.
    pub(super) build_id: String,
    /// Each chapter's questions, by site path: a module's self-test page is made from them
    /// again when an edit changes a question. Kept by `watch` and `serve` alone (a build keeps
    /// nothing), about as much memory as the questions' Markdown, which the session holds too.
    pub(super) questions: HashMap<String, Vec<Question>>,
    /// The site paths of the modules' self-test pages and their parts, in reading order.
    pub(super) self_tests: Vec<String>,
    /// The glossary, revision and uses pages written, for the sitemap.
    pub(super) glossary_files: Vec<String>,
}

/// Builds the whole site; with `retain`, also returns what an incremental rebuild needs.
pub(super) fn full_build(config: &Config, options: &BuildOptions, retain: bool) -> Result<(Report, Option<Retained>)> {
    let started = Instant::now();
    let timer = Timer::default();
    // A build that keeps nothing for a next one holds no page's text (`Texts::LetGo`).
    let texts = if retain { Texts::Held } else { Texts::LetGo };
    let (model, mut diagnostics) = load(config, &timer, true, texts)?;
    if let Some(told) = options.on_course_read {
        told(model.markdown_bytes as u64);
    }
    let load_warnings = diagnostics.clone();
    let context = RenderContext::new(config, &model);
    // With errors already found, pages are still rendered (to find every problem) but not written.
    let staging = if diagnostics.iter().any(Diagnostic::is_error) {
        None
    } else {
        Some(Staging::begin(&config.build_dir, &[&config.root, &config.content_dir])?)
    };
    let mut index = search::IndexWriter::new(model.markdown_bytes, retain, config.synonyms.clone());
    // The EPUB is written as the pages are rendered, each page's body made once for both.
    let mut epub_file = match &staging {
        Some(staging) if config.epub => Some(staging.create(EPUB_FILE)?),
        _ => None,
    };
    let plan = epub_file.as_ref().map(|_| epub::Book::plan(&context));
    let mut book = match &mut epub_file {
        Some(file) => {
            let path = file.path().to_path_buf();
            Some(epub::BookWriter::begin(&mut file.writer, path)?)
        }
        None => None,
    };
    // So is the zip: each page goes in as it comes back, the rest of the site at the end.
    let mut zip_file = match &staging {
        Some(staging) if config.zip => Some(staging.create(ZIP_FILE)?),
        _ => None,
    };
    let mut zip = zip_file.as_mut().map(SiteZip::begin);
    // And so are the print files, each page's section made by its own render.
    let print_layout = print::layout(&context, model.markdown_bytes);
    let mut print_cache = print::Cache::default();
    let mut print = match &staging {
        Some(staging) => {
            Some(PrintStream::begin(&context, staging, &print_layout, retain.then_some(&mut print_cache))?)
        }
        None => None,
    };
    let writing = Downloads { book: plan.as_ref().zip(book.as_mut()), zip: zip.as_mut(), print: print.as_mut() };
    let rendered =
        timer.time("render pages", || render_pages(&context, staging.as_ref(), &mut index, writing, retain))?;
    if let Some(told) = options.on_pages_rendered {
        told();
    }
    diagnostics.extend(rendered.diagnostics);
    let term_warnings = model.term_warnings(&rendered.backlinks);
    diagnostics.extend(term_warnings.iter().cloned());
    model.account_for_unread_terms(&mut diagnostics);
    fail_on_errors(&mut diagnostics, options.deny_warnings)?;
    let Some(staging) = staging else { return Err(Error::Content(diagnostics)) };
    let views = Views::with_uses(&model.glossary, model.labels, &rendered.backlinks, &model.course);
    let write = |path: &str, contents: &str| staging.write(path, contents.as_bytes());
    // The glossary pages (each page in parallel), the end of the search index (one thread)
    // and the end of the print files (the last module's, and print.html with the course's
    // glossary) are written side by side.
    let terms = search::term_entries(&model.glossary, &model.course);
    let ((glossary, printed), searched) = rayon::join(
        || {
            rayon::join(
                || -> Result<Vec<String>> {
                    let glossary = timer.time("glossary pages", || {
                        special::write_glossary_pages(&context, &views, &staging, special::Only::All)
                    })?;
                    if config.site_url.is_some() {
                        special::write_sitemap(&context, &staging, &glossary, &rendered.self_tests)?;
                    }
                    special::write_tip_files(&context, &staging)?;
                    special::write_search_page(&context, &staging)?;
                    if model.site.has_exercises {
                        special::write_mistakes_page(&context, &staging)?;
                    }
                    Ok(glossary)
                },
                || timer.time("finish print", || print.map_or(Ok(()), |print| print.finish(&context))),
            )
        },
        || timer.time("finish search", || index.finish(&terms, &write)),
    );
    let (search_bytes, glossary_files) = (searched?, glossary?);
    printed?;
    special::write_not_found_page(&context, &staging)?;
    if model.course.home.is_none() {
        special::write_generated_home(&context, &staging, Vec::new())?;
    }
    timer.time("copy files", || copy_files(&context, &staging))?;
    let build_id = offline::build_id(&context);
    offline::write(&context, &staging, &build_id)?;
    // The downloads, last: the end of the EPUB (its glossary, navigation and package), and the
    // zip of every file written so far (neither holds the other); then the home page again,
    // offering them with their sizes.
    let (finished_book, zipped) = rayon::join(
        || match (book, &plan) {
            (Some(book), Some(plan)) => timer.time("finish epub", || book.finish(&context, plan, &staging)).map(drop),
            _ => Ok(()),
        },
        || match zip {
            Some(zip) => timer.time("zip site", || zip.finish(&staging)),
            None => Ok(()),
        },
    );
    finished_book?;
    zipped?;
    for file in [epub_file, zip_file].into_iter().flatten() {
        file.finish()?;
    }
    let module_files = print::module_files(&context, &print_layout);
    let print_files: Vec<String> =
        std::iter::once(HANDOUT).chain(module_files.iter().map(|m| m.file)).map(String::from).collect();
    if config.pdf {
        timer.time("pdf", || crate::pdf::print_handout(staging.folder(), &print_files, None))?;
    }
    let downloads = download::offered(&staging, model.labels, &module_files, !model.glossary.terms.is_empty());
    // The files borrow the print layout, which the session keeps (below).
    drop(module_files);
    if !downloads.is_empty() {
        pages::write_home(&context, &staging, downloads)?;
    }
    let output = timer.time("swap in", || staging.commit())?;
    diagnostic::sort(&mut diagnostics);
    let report = Report {
        output,
        pages: model.course.pages().count(),
        rendered: model.course.pages().count(),
        terms: model.glossary.terms.len(),
        search_bytes,
        markdown_bytes: model.markdown_bytes,
        warnings: diagnostics,
        elapsed: started.elapsed(),
        steps: timer.into_steps(),
        print_files,
    };
    // The backlinks and the context borrow the model, which is kept for the next rebuild.
    let (usage, questions, self_tests) = (rendered.usage, rendered.questions, rendered.self_tests);
    drop(rendered.backlinks);
    drop(context);
    let retained = retain.then(|| Retained {
        model,
        index,
        print_layout,
        print_cache,
        usage,
        load_warnings,
        term_warnings,
        build_id,
        questions,
        self_tests,
        glossary_files,
    });
    Ok((report, retained))
}

/// Loads the course, its glossary, the theme and every page's anchors and questions (found
/// while each page's text is at hand; the texts then held or not as `texts` says), and with
/// `dates` when each source last changed (git, read while the pages load); content problems
/// are returned beside the model so that every one of them can be reported.
fn load(config: &Config, timer: &Timer, dates: bool, texts: Texts) -> Result<(Model, Vec<Diagnostic>)> {
    let options = markup::options(config.smart_punctuation);
    // The theme first: the ids its templates write are left to them by headings and terms.
    let theme = timer
        .time("load theme", || theme::load(config.theme_dir.as_deref(), &Boundary::of_theme(config), &config.root))?;
    let page_ids = &theme.page_ids;
    let study = |page: &PageText<'_>| {
        let targets = LinkTargets::of_page(page, options, page_ids);
        (targets, (page.url.clone(), exercises::blocks_in(page.body(), options)))
    };
    let ((loaded, studies), history) = std::thread::scope(|scope| {
        let history =
            dates.then(|| scope.spawn(|| timer.time("read git history", || History::read(&config.content_dir))));
        let loaded = timer.time("load content", || content::load_studying(config, texts, study));
        (loaded, history.and_then(|h| h.join().ok()).unwrap_or_default())
    });
    let (targets, questions): (Vec<_>, Vec<_>) = studies.into_iter().unzip();
    let mut diagnostics = loaded.diagnostics;
    let mut course = loaded.course;
    let (glossary, glossary_problems) =
        timer.time("build glossary", || Glossary::from_course(&course, config.raw_html, page_ids));
    if texts == Texts::LetGo {
        course.let_go_of_glossary_texts();
    }
    diagnostics.extend(glossary_problems);
    let (mut targets, page_problems) = LinkTargets::from_pages(targets, &course);
    diagnostics.extend(page_problems);
    targets.unchecked.extend(loaded.failed_pages);
    let labels = labels::labels(config.language);
    let mut site = SiteInfo::new(config);
    site.has_glossary = true;
    site.has_search = true;
    let questions: HashMap<String, usize> = questions.into_iter().filter(|&(_, count)| count > 0).collect();
    site.has_exercises = !questions.is_empty();
    let markdown_bytes = course.pages().map(|p| p.text_len).sum();
    let nav = NavModel::new(&course, labels);
    let terms_unknown_in = loaded.terms_unknown_in;
    let model = Model {
        course,
        glossary,
        theme,
        targets,
        nav,
        site,
        labels,
        markdown_bytes,
        questions,
        history,
        terms_unknown_in,
    };
    Ok((model, diagnostics))
}

/// Returns the diagnostics as an error when any is an error (or any at all, with `deny_warnings`).
fn fail_on_errors(diagnostics: &mut Vec<Diagnostic>, deny_warnings: bool) -> Result<()> {
    let fails = diagnostics.iter().any(|d| d.is_error() || deny_warnings);
    if fails {
        diagnostic::sort(diagnostics);
        return Err(Error::Content(std::mem::take(diagnostics)));
    }
    Ok(())
}

/// Copies the theme's static files and the course's assets.
fn copy_files(context: &RenderContext<'_>, staging: &Staging) -> Result<()> {
    for (name, bytes) in &context.theme.static_files {
        staging.write(&format!("{STATIC_DIR}/{name}"), bytes)?;
    }
    context.course.assets.par_iter().try_for_each(|asset| staging.copy(&asset.url, &asset.source))
}

/// The steps of one build with their times, in the order they ended. Steps may run in parallel
/// (the print files and the glossary pages), hence the lock.
#[derive(Default)]
pub(super) struct Timer {
    steps: Mutex<Vec<Step>>,
}

impl Timer {
    /// Runs one step and records how long it took.
    pub(super) fn time<T>(&self, name: &'static str, step: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = step();
        let elapsed = started.elapsed();
        self.steps.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(Step { name, elapsed });
        result
    }

    pub(super) fn into_steps(self) -> Vec<Step> {
        self.steps.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
