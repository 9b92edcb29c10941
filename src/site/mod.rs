//! Site: the build orchestrator. Loads the course, renders every page, writes the site.
//!
//! [`build`] reads like a table of contents: each step is one call, timed at debug level.
//! Problems are collected as diagnostics from every step; the site is swapped into place
//! only when there is no error.

pub mod output;
mod print;
pub mod session;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::content::boundary::Boundary;
use crate::content::term::Level;
use crate::content::url::{encode_href, relative_href, root_prefix};
use crate::content::{self, Course, Page, PageKind};
use crate::diagnostic::{self, Diagnostic};
use crate::error::{Error, Result};
use crate::glossary::link::{link_terms, LinkPlace, Linker, Usage};
use crate::glossary::Glossary;
use crate::labels::{self, Labels};
use crate::markup;
use crate::render::footnotes;
use crate::render::glossary_pages::{ChapterTerms, Views};
use crate::render::links::{self, LinkTarget, LinkTargets, Placement, PrintLayout};
use crate::render::page::{self, NavModel, PageContext, PageInfo, RenderedBody, SiteInfo};
use crate::render::raw_html;
use crate::render::theme::{self, Theme, STATIC_DIR};
use crate::search;
use output::Staging;

/// Choices of one build that are not part of the course's configuration.
#[derive(Debug, Default, Clone)]
pub struct BuildOptions {
    /// Fail when there are warnings, not only errors.
    pub deny_warnings: bool,
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
}

/// What a build knows about the course before rendering any page. A [`session::Session`]
/// keeps it between rebuilds.
pub(crate) struct Model {
    course: Course,
    glossary: Glossary,
    theme: Theme,
    targets: LinkTargets,
    nav: NavModel,
    site: SiteInfo,
    labels: &'static Labels,
    markdown_bytes: usize,
}

impl Model {
    /// Loads the course, its glossary, the theme and every page's anchors; content problems
    /// are returned beside the model so that every one of them can be reported.
    fn load(config: &Config) -> Result<(Model, Vec<Diagnostic>)> {
        let loaded = timed("load content", || content::load(config));
        let mut diagnostics = loaded.diagnostics;
        let course = loaded.course;
        let (glossary, glossary_problems) = timed("build glossary", || Glossary::build(&course, config.raw_html));
        diagnostics.extend(glossary_problems);
        let theme = timed("load theme", || {
            theme::load(config.theme_dir.as_deref(), &Boundary::of(config), &config.root)
        })?;
        let (mut targets, too_large) =
            timed("collect anchors", || link_targets(&course, markup::options(config.smart_punctuation)));
        diagnostics.extend(too_large);
        targets.unchecked.extend(loaded.failed_pages);
        let labels = labels::labels(config.language);
        let mut site = SiteInfo::new(config);
        site.has_glossary = true;
        site.has_search = true;
        let markdown_bytes = course.pages().map(|p| p.text.len()).sum();
        let nav = NavModel::new(&course, labels);
        Ok((Model { course, glossary, theme, targets, nav, site, labels, markdown_bytes }, diagnostics))
    }
}

/// The state every page render borrows.
pub(crate) struct Build<'a> {
    config: &'a Config,
    course: &'a Course,
    theme: &'a Theme,
    labels: &'static Labels,
    nav: &'a NavModel,
    site: &'a SiteInfo,
    targets: &'a LinkTargets,
    glossary: &'a Glossary,
    linker: Linker<'a>,
    options: pulldown_cmark::Options,
}

impl<'a> Build<'a> {
    fn new(config: &'a Config, model: &'a Model) -> Build<'a> {
        Build {
            config,
            course: &model.course,
            theme: &model.theme,
            labels: model.labels,
            nav: &model.nav,
            site: &model.site,
            targets: &model.targets,
            glossary: &model.glossary,
            linker: Linker::new(&model.glossary, config.link_mode, model.labels),
            options: markup::options(config.smart_punctuation),
        }
    }
}

/// What rendering one page found.
struct PageOutcome {
    diagnostics: Vec<Diagnostic>,
    usage: Usage,
    sections: Vec<search::Section>,
}

/// Builds the site into `config.build_dir`.
pub fn build(config: &Config, options: &BuildOptions) -> Result<Report> {
    full_build(config, options, false).map(|(report, _)| report)
}

/// Finds every problem in the course without writing anything (`coursebook check`): the same
/// loading, linking and rendering as a build, with the output thrown away.
pub fn check(config: &Config) -> Result<Vec<Diagnostic>> {
    let (model, mut diagnostics) = Model::load(config)?;
    if let Err(Error::UnsafeOutput { path, reason }) = output::ensure_replaceable(&config.build_dir) {
        diagnostics.push(Diagnostic::error(path, 0, 0, reason));
    }
    let build = Build::new(config, &model);
    let mut index = search::IndexWriter::new(0, 0, false);
    let rendered = render_pages(&build, None, &mut index)?;
    diagnostics.extend(rendered.diagnostics);
    diagnostics.extend(unused_term_warnings(&model.glossary, &model.course, &rendered.backlinks));
    diagnostic::sort(&mut diagnostics);
    Ok(diagnostics)
}

/// What a full build leaves for incremental rebuilds.
pub(crate) struct Retained {
    model: Model,
    index: search::IndexWriter,
    print_layout: PrintLayout,
    print_cache: print::Cache,
    /// The glossary as the search index holds it (unchanged by an incremental rebuild).
    search_terms: Vec<search::TermEntry>,
    /// Terms used on each page, by site path.
    usage: HashMap<String, BTreeSet<usize>>,
    /// Warnings found while loading (they stay until the next full build).
    load_warnings: Vec<Diagnostic>,
}

fn full_build(config: &Config, options: &BuildOptions, retain: bool) -> Result<(Report, Option<Retained>)> {
    let started = Instant::now();
    let (model, mut diagnostics) = Model::load(config)?;
    let load_warnings = diagnostics.clone();
    let build = Build::new(config, &model);
    // With errors already found, pages are still rendered (to find every problem) but not written.
    let staging = if diagnostics.iter().any(Diagnostic::is_error) {
        None
    } else {
        Some(Staging::begin(&config.build_dir, &[&config.root, &config.content_dir])?)
    };
    let mut index = search::IndexWriter::new(model.markdown_bytes, model.course.modules.len(), retain);
    let rendered = timed("render pages", || render_pages(&build, staging.as_ref(), &mut index))?;
    diagnostics.extend(rendered.diagnostics);
    diagnostics.extend(unused_term_warnings(&model.glossary, &model.course, &rendered.backlinks));
    fail_on_errors(&mut diagnostics, options.deny_warnings)?;
    let Some(staging) = staging else { return Err(Error::Content(diagnostics)) };
    let views = Views { glossary: &model.glossary, labels: model.labels, backlinks: &rendered.backlinks };
    let write = |path: &str, contents: &str| staging.write(path, contents.as_bytes());
    let print_layout = print::layout(&build, model.markdown_bytes);
    // The glossary pages and the search index are written while the print files render.
    let mut print_cache = print::Cache::default();
    let cache = retain.then_some(&mut print_cache);
    let terms = search_terms(&build);
    let (finished, printed) = rayon::join(
        || -> Result<usize> {
            timed("glossary pages", || write_glossary_pages(&build, &views, &staging))?;
            write_search_page(&build, &staging)?;
            index.finish(&terms, &write)
        },
        || timed("print pages", || print::write(&build, &staging, &print_layout, None, cache)),
    );
    let search_bytes = finished?;
    printed?;
    write_not_found_page(&build, &staging)?;
    if model.course.home.is_none() {
        write_generated_home(&build, &staging)?;
    }
    timed("copy files", || copy_files(&build, &staging))?;
    let output = timed("swap in", || staging.commit())?;
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
    };
    drop(build);
    let retained = retain.then(|| Retained {
        model,
        index,
        print_layout,
        print_cache,
        search_terms: terms,
        usage: rendered.usage,
        load_warnings,
    });
    Ok((report, retained))
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

fn timed<T>(step: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let result = f();
    log::debug(step, started.elapsed());
    result
}

/// Debug timing output, enabled by `-v`.
pub mod log {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    static VERBOSE: AtomicBool = AtomicBool::new(false);

    /// Turns step timings on or off (the CLI's `-v`).
    pub fn set_verbose(on: bool) {
        VERBOSE.store(on, Ordering::Relaxed);
    }

    /// Prints how long a build step took, when verbose.
    pub fn debug(step: &str, elapsed: Duration) {
        if VERBOSE.load(Ordering::Relaxed) {
            eprintln!("  {step:<20} {:>8.1} ms", elapsed.as_secs_f64() * 1000.0);
        }
    }
}

/// Every page's output path and anchors, for link checking. Parses each page once.
/// Pages with more Markdown elements than [`markup::MAX_EVENTS`] are reported here, once.
fn link_targets(course: &Course, options: pulldown_cmark::Options) -> (LinkTargets, Vec<Diagnostic>) {
    let pages: Vec<&Page> = course.pages().collect();
    let entries: Vec<(PathBuf, LinkTarget, Option<Diagnostic>)> = pages
        .par_iter()
        .map(|p| {
            let parsed = markup::parse(p.body(), options);
            let too_many = parsed.overflow.map(|offset| {
                let (line, column) = p.body_position(offset);
                Diagnostic::error(
                    &p.display_path,
                    line,
                    column,
                    format!(
                        "this page has more than {} Markdown elements (text runs, emphasis, links…) by this point",
                        content::front_matter::grouped(markup::MAX_EVENTS)
                    ),
                )
                .with_help("split the page into several chapters")
            });
            let anchors: HashSet<String> = parsed.headings.into_iter().map(|h| h.id).collect();
            (p.source.clone(), LinkTarget { url: p.url.clone(), anchors }, too_many)
        })
        .collect();
    let mut problems = Vec::new();
    let mut targets = LinkTargets {
        pages: HashMap::with_capacity(entries.len()),
        assets: course.assets.iter().map(|a| (a.relative.clone(), a.url.clone())).collect(),
        unchecked: HashSet::new(),
    };
    for (source, target, problem) in entries {
        targets.pages.insert(source, target);
        problems.extend(problem);
    }
    (targets, problems)
}

/// Renders a page's Markdown for a placement: link rewriting, term linking, footnotes.
pub(crate) fn render_body(
    build: &Build<'_>,
    page: &Page,
    placement: Placement<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (RenderedBody, BodyFindings) {
    let parsed = markup::parse(page.body(), build.options);
    let sections = match placement {
        Placement::OwnPage(_) => search::sections(&parsed.events),
        Placement::PrintPage(..) => Vec::new(),
    };
    let own_anchors: HashSet<String> = parsed.headings.iter().map(|h| h.id.clone()).collect();
    let events = links::rewrite_links(parsed.events, page, &own_anchors, &build.targets, placement, diagnostics);
    let events = raw_html::apply_raw_html(events, build.config.raw_html);
    let (glossary_href, id_prefix) = match placement {
        Placement::OwnPage(url) => (relative_href(url, "glossary.html"), String::new()),
        Placement::PrintPage(file, _) => {
            (relative_href(file, "glossary.html"), format!("{}--", links::print_anchor(&page.url, None)))
        }
    };
    let autolink = matches!(placement, Placement::OwnPage(_));
    let place = LinkPlace { glossary_href: &glossary_href, id_prefix: &id_prefix, autolink };
    let (events, usage) = link_terms(events, &build.linker, page, &place, diagnostics);
    let events = footnotes::number_footnotes(events, &id_prefix);
    (RenderedBody { html: markup::to_html(events), headings: parsed.headings }, BodyFindings { usage, sections })
}

/// What a body render found besides its HTML.
pub(crate) struct BodyFindings {
    usage: Usage,
    sections: Vec<search::Section>,
}

/// What rendering all pages found.
struct Rendered {
    diagnostics: Vec<Diagnostic>,
    /// For each term, the pages other than its own that use it: (site path, title).
    backlinks: Vec<Vec<(String, String)>>,
    /// Terms used on each page, by site path.
    usage: HashMap<String, BTreeSet<usize>>,
}

/// Renders and writes every Markdown page, module by module (pages in parallel within a
/// module), feeding each module's sections to the search index as soon as it is done.
/// Without `staging` (the course already has errors) nothing is written: pages are rendered
/// only to find every problem.
fn render_pages(build: &Build<'_>, staging: Option<&Staging>, index: &mut search::IndexWriter) -> Result<Rendered> {
    let views = Views { glossary: build.glossary, labels: build.labels, backlinks: &[] };
    let mut diagnostics = Vec::new();
    let mut usage = HashMap::new();
    let groups: Vec<Vec<&Page>> = build
        .course
        .modules
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let home = if i == 0 { build.course.home.as_ref() } else { None };
            home.into_iter().chain(std::iter::once(&m.page)).chain(&m.chapters).collect()
        })
        .collect();
    let groups = if groups.is_empty() { vec![build.course.home.iter().collect()] } else { groups };
    // While one module's pages are rendered and written (in parallel), the previous module's
    // sections go into the search index, so indexing never holds the pages up.
    let mut pending: Option<Vec<search::PageEntry>> = None;
    let write = |path: &str, contents: &str| match staging {
        Some(staging) => staging.write(path, contents.as_bytes()),
        None => Ok(()),
    };
    for group in groups {
        let previous = pending.take();
        let (outcomes, indexed) = rayon::join(
            || {
                group
                    .par_iter()
                    .map(|page| {
                        let (outcome, html) = render_page(build, &views, page)?;
                        if let Some(staging) = staging {
                            staging.write(&page.url, html.as_bytes())?;
                        }
                        Ok(outcome)
                    })
                    .collect::<Vec<Result<PageOutcome>>>()
            },
            || previous.map_or(Ok(()), |entries| index.add(entries, &write)),
        );
        indexed?;
        let mut entries = Vec::with_capacity(group.len());
        for (page, outcome) in group.iter().zip(outcomes) {
            let outcome = outcome?;
            usage.insert(page.url.clone(), outcome.usage.used);
            diagnostics.extend(outcome.diagnostics);
            entries.push(search::PageEntry {
                href: encode_href(&page.url),
                title: page.front.title.clone(),
                sections: outcome.sections,
            });
        }
        pending = Some(entries);
    }
    if let Some(entries) = pending {
        index.add(entries, &write)?;
    }
    let backlinks = backlinks(build.glossary, build.course, &usage);
    Ok(Rendered { diagnostics, backlinks, usage })
}

/// For each term, the pages other than its own that use it, in reading order.
fn backlinks(
    glossary: &Glossary,
    course: &Course,
    usage: &HashMap<String, BTreeSet<usize>>,
) -> Vec<Vec<(String, String)>> {
    let mut backlinks = vec![Vec::new(); glossary.terms.len()];
    for page in course.pages() {
        for &term in usage.get(&page.url).into_iter().flatten() {
            if glossary.terms[term].page_url != page.url {
                backlinks[term].push((page.url.clone(), page.front.title.clone()));
            }
        }
    }
    backlinks
}

/// Renders one Markdown page: its HTML and what it found.
fn render_page(build: &Build<'_>, views: &Views<'_>, page: &Page) -> Result<(PageOutcome, String)> {
    let mut diagnostics = Vec::new();
    let (body, found) = render_body(build, page, Placement::OwnPage(&page.url), &mut diagnostics);
    let info = page::markdown_page_info(page, body, build.config);
    let template = match page.kind {
        PageKind::Home => "home.html",
        PageKind::Module => "module.html",
        PageKind::Chapter => "chapter.html",
    };
    let context = PageContext {
        site: build.site,
        t: build.labels,
        root: root_prefix(&page.url),
        nav: build.nav.for_page(&page.url, &info.title),
        cards: page::cards(build.course, page, build.config.raw_html),
        page: info,
        extra: views.chapter_terms(&page.url),
    };
    let html = page::render(build.theme, template, &context)?;
    Ok((PageOutcome { diagnostics, usage: found.usage, sections: found.sections }, html))
}

/// The glossary's terms as the search index sees them.
fn search_terms(build: &Build<'_>) -> Vec<search::TermEntry> {
    let page_index: HashMap<&str, usize> = build.course.pages().enumerate().map(|(i, p)| (p.url.as_str(), i)).collect();
    build
        .glossary
        .terms
        .iter()
        .map(|t| search::TermEntry {
            name: t.name.clone(),
            en: t.en.clone(),
            aliases: t.aliases.clone(),
            level: t.level.number(),
            stars: t.level.stars(),
            id: t.id.clone(),
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

fn write_search_page(build: &Build<'_>, staging: &Staging) -> Result<()> {
    let info = special_info("search", build.labels.search, String::new(), build.config, "search.html");
    write_special_page(build, staging, "search.html", "search.html", info, ())
}

/// Warnings for terms nobody uses: a ★★★ term used nowhere, any term used only where defined.
fn unused_term_warnings(glossary: &Glossary, course: &Course, backlinks: &[Vec<(String, String)>]) -> Vec<Diagnostic> {
    glossary
        .terms
        .iter()
        .zip(backlinks)
        .filter(|(_, pages)| pages.is_empty())
        .map(|(term, _)| {
            let message = if term.level == Level::Master {
                format!("★★★ term `{}` is not used in any other chapter", term.name)
            } else {
                format!("term `{}` is never used outside the chapter that defines it", term.name)
            };
            let text = course.pages().find(|p| p.url == term.page_url).map(|p| p.text.as_str()).unwrap_or_default();
            Diagnostic::warning(&term.display_path, term.line, 1, message)
                .with_help("use the term in another chapter, link it with [text](term:NAME), or remove it")
                .with_source(text)
        })
        .collect()
}

/// A page that is not a Markdown file (print, 404, glossary…), rendered with `template`.
fn write_special_page<X: Serialize>(
    build: &Build<'_>,
    staging: &Staging,
    url: &str,
    template: &str,
    info: PageInfo,
    extra: X,
) -> Result<()> {
    let context = PageContext {
        site: &build.site,
        t: build.labels,
        root: root_prefix(url),
        nav: build.nav.for_page(url, &info.title),
        cards: Vec::new(),
        page: info,
        extra,
    };
    let html = page::render(build.theme, template, &context)?;
    staging.write(url, html.as_bytes())
}

pub(crate) fn special_info(kind: &'static str, title: &str, content: String, config: &Config, url: &str) -> PageInfo {
    PageInfo {
        kind,
        title: title.to_string(),
        summary_html: None,
        content,
        toc: Vec::new(),
        edit_url: None,
        canonical_url: page::canonical(config, url),
    }
}

fn write_glossary_pages(build: &Build<'_>, views: &Views<'_>, staging: &Staging) -> Result<()> {
    let info = special_info("glossary", build.labels.glossary, String::new(), build.config, "glossary.html");
    write_special_page(build, staging, "glossary.html", "glossary.html", info, views.glossary_page())?;
    let info = special_info("revision", build.labels.revision, String::new(), build.config, "revision.html");
    write_special_page(build, staging, "revision.html", "revision.html", info, views.revision_page())
}

fn write_not_found_page(build: &Build<'_>, staging: &Staging) -> Result<()> {
    let info = special_info("404", build.labels.not_found_title, String::new(), build.config, "404.html");
    write_special_page(build, staging, "404.html", "404.html", info, ())
}

/// Without `content/index.md`, the home page lists the modules with the course description.
fn write_generated_home(build: &Build<'_>, staging: &Staging) -> Result<()> {
    let home = Page {
        kind: PageKind::Home,
        source: PathBuf::from("index.md"),
        display_path: PathBuf::from("index.md"),
        url: "index.html".into(),
        front: Default::default(),
        text: String::new(),
        body_offset: 0,
    };
    let mut info =
        page::markdown_page_info(&home, RenderedBody { html: String::new(), headings: Vec::new() }, build.config);
    info.summary_html = build.config.description.as_deref().map(|d| markup::inline_html(d, build.config.raw_html));
    let context = PageContext {
        site: &build.site,
        t: build.labels,
        root: String::new(),
        nav: build.nav.for_page("index.html", &info.title),
        cards: page::cards(build.course, &home, build.config.raw_html),
        page: info,
        extra: ChapterTerms::default(),
    };
    let html = page::render(build.theme, "home.html", &context)?;
    staging.write("index.html", html.as_bytes())
}

fn copy_files(build: &Build<'_>, staging: &Staging) -> Result<()> {
    for (name, bytes) in &build.theme.static_files {
        staging.write(&format!("{STATIC_DIR}/{name}"), bytes)?;
    }
    build.course.assets.par_iter().try_for_each(|asset| staging.copy(&asset.url, &asset.source))
}
