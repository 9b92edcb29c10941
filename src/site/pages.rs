//! The Markdown pages (home, modules, chapters): each rendered through its body's passes and its
//! template and written, batch by batch, while the previous batch's sections go into the search
//! index and its bodies into the EPUB. What each page found (problems, terms used, sections)
//! comes back as a [`PageOutcome`]; together they give the glossary's backlinks.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use crate::content::front_matter::grouped;
use crate::content::url::{card_part_file, EXERCISES_PAGE};
use crate::content::{Page, PageKind};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::exercises::Question;
use crate::glossary::link::{FoundTerms, Usage};
use crate::glossary::usage::backlinks;
use crate::glossary::{runs_within, PART_BYTES};
use crate::markup;
use crate::render::body::Again;
use crate::render::glossary_pages::{part_links, ChapterTerms, Views};
use crate::render::links::PrintLayout;
use crate::render::page::{self, Card, Download, Link, PageInfo};
use crate::search;
use crate::site::archive::Entry;
use crate::site::download::{self, SiteZip};
use crate::site::epub::{self, Book, BookPage, SiteBook};
use crate::site::model::RenderContext;
use crate::site::output::Staging;
use crate::site::print::{self, PrintStream};
use crate::site::special;
use crate::site::special::SelfTest;

/// A page larger than this (1 MB) is slow to open on a phone: its source is reported, to be
/// split. Only a Markdown page's own text makes a page this large (the pages the build makes up,
/// the glossary, the revision list, a module's list of chapters, are cut into parts well below
/// it): its HTML is often 1.2 to 1.7 times its Markdown with terms linked on every line, more
/// for text that is mostly markup or characters HTML escapes, so a chapter of 600 KB, under the
/// 1 MiB a Markdown file may have, can pass it.
const PAGE_WARN_BYTES: usize = 1024 * 1024;

/// How many pages of a module are rendered at once (in parallel) before they go into the
/// search index and the EPUB.
const BATCH: usize = 64;

/// What rendering one page found.
pub(super) struct PageOutcome {
    /// Problems in the page (broken links, unknown terms…).
    pub(super) diagnostics: Vec<Diagnostic>,
    /// The terms the page uses.
    pub(super) usage: Usage,
    /// The page's sections, for the search index.
    pub(super) sections: Vec<search::Section>,
    /// The questions written in the page, for its module's self-test page.
    pub(super) questions: Vec<Question>,
    /// The page as a document of the EPUB, when the book is being written.
    pub(super) book_page: Option<BookPage>,
    /// The page's files as entries of the site's zip, when the zip is being written.
    pub(super) zip_entries: Vec<Entry>,
    /// The page's section of its print file, when the print files are being written.
    pub(super) print_section: Option<print::Section>,
}

/// The files written while the pages render, each page going in as it comes back: the EPUB
/// (its plan and its writer), the site's zip and the print files.
#[derive(Default)]
pub(super) struct Downloads<'c, 'r, 'w, 'z, 'p> {
    pub(super) book: Option<(&'r Book, &'r mut SiteBook<'c, 'w>)>,
    pub(super) zip: Option<&'r mut SiteZip<'z>>,
    pub(super) print: Option<&'r mut PrintStream<'p>>,
}

/// What rendering all pages found.
pub(super) struct Rendered<'c> {
    pub(super) diagnostics: Vec<Diagnostic>,
    /// For each term, the pages other than its own that use it.
    pub(super) backlinks: Vec<Vec<&'c Page>>,
    /// Terms used on each page, by site path.
    pub(super) usage: HashMap<String, BTreeSet<usize>>,
    /// The site paths of the modules' self-test pages and their parts, in reading order.
    pub(super) self_tests: Vec<String>,
    /// Each chapter's questions, by site path, when asked to keep them (for a session, which
    /// makes a module's self-test page again after an edit to a question).
    pub(super) questions: HashMap<String, Vec<Question>>,
}

/// Renders and writes every Markdown page in reading order, in parallel batches of [`BATCH`]
/// pages: while one batch renders, the previous one goes into the search index and the
/// `downloads` being written (the EPUB, the zip), in order, and each module's end in it (its
/// last shard, its self-test page) after its last page. What waits in memory is a batch,
/// however large the module; a batch runs on over small modules, so that 6,000 one-chapter
/// modules render 64 pages at a time, not the two of each module (one core idle a third of
/// the time).
/// Without `staging` (the course already has errors) nothing is written: pages are rendered
/// only to find every problem. With `keep_questions`, the chapters' questions are returned.
pub(super) fn render_pages<'c>(
    context: &RenderContext<'c>,
    staging: Option<&Staging>,
    index: &mut search::IndexWriter,
    downloads: Downloads<'c, '_, '_, '_, '_>,
    keep_questions: bool,
) -> Result<Rendered<'c>> {
    let views = Views::new(context.glossary, context.labels);
    let groups: Vec<Vec<&Page>> = context
        .course
        .modules
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let home = if i == 0 { context.course.home.as_ref() } else { None };
            home.into_iter().chain(std::iter::once(&m.page)).chain(&m.chapters).collect()
        })
        .collect();
    let groups = if groups.is_empty() { vec![context.course.home.iter().collect()] } else { groups };
    let plan = downloads.book.as_ref().map(|(plan, _)| *plan);
    let zipping = downloads.zip.is_some();
    let print_layout = downloads.print.as_ref().map(|print| print.layout());
    let mut found = Found {
        book: downloads.book,
        zip: downloads.zip,
        print: downloads.print,
        index,
        staging,
        diagnostics: Vec::new(),
        usage: HashMap::new(),
        self_test: None,
        self_tests: Vec::new(),
        questions: keep_questions.then(HashMap::new),
    };
    // Each page with whether it ends its module: a module's end (its last shard, its self-test
    // page) is taken in after its last page, within whichever batch holds it.
    let pages: Vec<(&Page, bool)> = groups
        .iter()
        .flat_map(|group| group.iter().enumerate().map(|(i, page)| (*page, i + 1 == group.len())))
        .collect();
    let mut waiting: Option<Waiting<'c>> = None;
    for batch in pages.chunks(BATCH) {
        let render = || -> Vec<Result<PageOutcome>> {
            batch
                .par_iter()
                .map(|(page, _)| {
                    let (mut outcome, files) = render_page(context, &views, page, Vec::new(), plan, print_layout)?;
                    if let Some(staging) = staging {
                        write_files(staging, &files)?;
                    }
                    if zipping {
                        outcome.zip_entries = files.iter().map(|(url, html)| download::zip_entry(url, html)).collect();
                    }
                    Ok(outcome)
                })
                .collect()
        };
        let previous = waiting.take();
        let (rendered, taken) = rayon::join(render, || found.take(context, previous));
        taken?;
        let pages = batch
            .iter()
            .zip(rendered)
            .map(|(&(page, ends_module), outcome)| Ok((page, outcome?, ends_module)))
            .collect::<Result<_>>()?;
        waiting = Some(Waiting { pages });
    }
    found.take(context, waiting)?;
    let Found { diagnostics, usage, self_tests, questions, .. } = found;
    let backlinks = backlinks(context.glossary, context.course, &usage);
    Ok(Rendered { diagnostics, backlinks, usage, self_tests, questions: questions.unwrap_or_default() })
}

/// What the rendered pages found, gathered in reading order, and where their sections and
/// book documents go.
struct Found<'c, 'r, 'w, 'z, 'p> {
    book: Option<(&'r Book, &'r mut SiteBook<'c, 'w>)>,
    zip: Option<&'r mut SiteZip<'z>>,
    print: Option<&'r mut PrintStream<'p>>,
    index: &'r mut search::IndexWriter,
    /// Where the index is written (nowhere when the course has errors).
    staging: Option<&'r Staging>,
    diagnostics: Vec<Diagnostic>,
    /// Terms used on each page, by site path.
    usage: HashMap<String, BTreeSet<usize>>,
    /// The module's self-test page, made as its chapters come in, with how many chapters
    /// have come.
    self_test: Option<(SelfTest<'c>, usize)>,
    /// The self-test pages written so far (each part of each), in reading order.
    self_tests: Vec<String>,
    /// Each chapter's questions, by site path, when kept.
    questions: Option<HashMap<String, Vec<Question>>>,
}

impl<'c> Found<'c, '_, '_, '_, '_> {
    /// Takes in a rendered batch, in order: its pages' problems and terms, their sections into
    /// the search index and the print files, their documents into the book, their files into
    /// the zip, their questions for the module's self-test; after a module's last page, its
    /// last shard and its self-test page.
    fn take(&mut self, context: &RenderContext<'_>, batch: Option<Waiting<'c>>) -> Result<()> {
        let Some(Waiting { pages }) = batch else { return Ok(()) };
        let staging = self.staging;
        let write = |path: &str, contents: &str| write_to(staging, path, contents);
        let mut entries = Vec::with_capacity(pages.len());
        for (page, outcome, ends_module) in pages {
            if let (Some((plan, writer)), Some(book_page)) = (self.book.as_mut(), outcome.book_page) {
                writer.add(context, plan, page, book_page)?;
            }
            if let Some(zip) = self.zip.as_mut() {
                outcome.zip_entries.iter().try_for_each(|entry| zip.add(entry))?;
            }
            if let (Some(print), Some(section), Some(staging)) = (self.print.as_mut(), outcome.print_section, staging) {
                print.add(context, staging, page, section)?;
            }
            self.usage.insert(page.url.clone(), outcome.usage.used);
            self.diagnostics.extend(outcome.diagnostics);
            entries.push(search::PageEntry::new(page, outcome.sections));
            if let Some(staging) = staging {
                match (page.kind, &mut self.self_test) {
                    (PageKind::Module, _) => self.self_test = Some((SelfTest::begin(page), 0)),
                    (PageKind::Chapter, Some((self_test, chapters))) => {
                        *chapters += 1;
                        self_test.add(context, staging, page, *chapters, &outcome.questions)?;
                        if let Some(kept) = self.questions.as_mut().filter(|_| !outcome.questions.is_empty()) {
                            kept.insert(page.url.clone(), outcome.questions);
                        }
                    }
                    _ => {}
                }
            }
            if ends_module {
                self.index.add_pages(std::mem::take(&mut entries), &write)?;
                self.index.end_module(&write)?;
                if let (Some((self_test, _)), Some(staging)) = (self.self_test.take(), staging) {
                    self.self_tests.extend(self_test.finish(context, staging)?);
                }
            }
        }
        if !entries.is_empty() {
            self.index.add_pages(entries, &write)?;
        }
        Ok(())
    }
}

/// A rendered batch of pages waiting to be taken in, each with whether it ends its module.
struct Waiting<'c> {
    pages: Vec<(&'c Page, PageOutcome, bool)>,
}

/// Writes a file of the site, or nothing when the course has errors (no `staging`).
fn write_to(staging: Option<&Staging>, path: &str, contents: &str) -> Result<()> {
    match staging {
        Some(staging) => staging.write(path, contents.as_bytes()),
        None => Ok(()),
    }
}

/// Renders one Markdown page: its HTML and what it found, with `book` its document in the
/// EPUB, and with `print` its section of its print file (from the same reading and parse). The
/// home page offers `downloads`.
pub(super) fn render_page(
    context: &RenderContext<'_>,
    views: &Views<'_>,
    page: &Page,
    downloads: Vec<Download>,
    book: Option<&Book>,
    print: Option<&PrintLayout>,
) -> Result<(PageOutcome, PageFiles)> {
    let mut diagnostics = Vec::new();
    let page = &page.text().map_err(|changed| Error::Content(vec![changed]))?;
    let parsed = markup::parse(page.body(), context.options, &context.theme.page_ids);
    let print_parse = print.map(|layout| (layout, parsed.clone()));
    let sections = search::sections(&parsed.events);
    let renderer = context.body_renderer();
    // The terms the page's text holds, found once for the page and its print section.
    let mut found = if print.is_some() { FoundTerms::recording() } else { FoundTerms::Unkept };
    let (mut body, usage, book_page) = match book {
        Some(book) => {
            let (body, book_html, usage) =
                renderer.render_for_page_and_book(parsed, page, &mut found, &mut diagnostics);
            let book_page = epub::page_doc(context, book, page, &book_html, &body.questions);
            (body, usage, Some(book_page))
        }
        None => {
            let (body, usage) = renderer.render_own_page(parsed, page, &mut found, &mut diagnostics);
            (body, usage, None)
        }
    };
    // The print section after the page's own render: its questions are read once.
    let print_section = print_parse.map(|(layout, parsed)| {
        let again = Again { read: &body.questions, found: found.replay() };
        print::section(context, page, parsed, Some(again), layout.file_of(&page.url), layout)
    });
    let sections = sections.with_prompts(body.questions.iter().map(|q| (q.block, q.prompt.as_str())));
    let questions = std::mem::take(&mut body.questions);
    let cards =
        page::cards(context.course, context.nav, page, context.config.raw_html, context.questions, context.labels);
    let mut info = page::markdown_page_info(page, body, context.config);
    info.updated = context.history.last_change(&page.source).cloned();
    if page.kind == PageKind::Module && cards.iter().any(|card| card.quiz_total > 0) {
        info.self_test_href = Some(EXERCISES_PAGE.to_string());
    }
    if page.kind == PageKind::Home {
        info.downloads = downloads;
    }
    let template = match page.kind {
        PageKind::Home => "home.html",
        PageKind::Module => "module.html",
        PageKind::Chapter => "chapter.html",
    };
    let files = page_files(context, template, &page.url, info, cards, views.chapter_terms(&page.url))?;
    if let Some((_, html)) = files.first().filter(|(_, html)| html.len() > PAGE_WARN_BYTES) {
        diagnostics.push(
            Diagnostic::warning(
                Code::LimitPage,
                &page.display_path,
                1,
                1,
                format!(
                    "this page is {} bytes once built, more than a phone opens comfortably (1 MB)",
                    grouped(html.len())
                ),
            )
            .with_help(match page.kind {
                PageKind::Chapter => "split the chapter into several chapter files",
                PageKind::Module | PageKind::Home => "move some of this page's text into chapters of their own",
            }),
        );
    }
    let outcome =
        PageOutcome { diagnostics, usage, sections, questions, book_page, zip_entries: Vec::new(), print_section };
    Ok((outcome, files))
}

/// The HTML files of a Markdown page, as `(site path, HTML)`: the page itself first.
pub(super) type PageFiles = Vec<(String, Vec<u8>)>;

/// Writes every file of a page.
pub(super) fn write_files(staging: &Staging, files: &PageFiles) -> Result<()> {
    files.iter().try_for_each(|(url, html)| staging.write(url, html))
}

/// Above this many cards (a module's chapters, the course's modules), or about [`PART_BYTES`]
/// of them, a page lists the first and links pages listing the rest (`index-2.html`…), so
/// that no page grows with the course: a card takes about half a kilobyte.
const CARDS_PER_PART: usize = 400;

/// The site paths of the further parts (`index-2.html`…) of the page at `url` listing `cards`;
/// none when one page holds them all.
pub(super) fn further_card_parts(url: &str, cards: &[Card]) -> Vec<String> {
    (1..card_runs(cards).len()).map(|i| format!("{}{}", folder_of(url), card_part_file(i))).collect()
}

/// What a card takes on a page besides its title, summary and list of chapters.
const CARD_BYTES: usize = 512;

/// `cards` cut into the parts of their page: at most [`CARDS_PER_PART`] cards and about
/// [`PART_BYTES`] each, since a summary may be long (a page's summary may hold 20,000
/// characters).
fn card_runs(cards: &[Card]) -> Vec<std::ops::Range<usize>> {
    let sizes: Vec<usize> = cards
        .iter()
        .map(|c| CARD_BYTES + c.title.len() + c.summary_html.as_ref().map_or(0, String::len) + c.quiz_pages.len())
        .collect();
    runs_within(&sizes, CARDS_PER_PART, PART_BYTES)
}

/// The folder of the page at `url`, with its `/` (empty at the site's root).
fn folder_of(url: &str) -> &str {
    &url[..url.len() - url.rsplit('/').next().unwrap_or(url).len()]
}

/// What a home, module or chapter page's template gets besides the page: the terms the page
/// defines and, for a page whose cards are split, the links to every part.
#[derive(Serialize)]
struct MarkdownExtra<'g> {
    #[serde(flatten)]
    terms: ChapterTerms<'g>,
    parts: Vec<Link>,
}

/// The HTML of the page at `url` through `template`: one file, or when its cards are more than
/// one part holds ([`card_runs`]), the page with the first of them (its own text, downloads and
/// all) and a page per further part with its title and cards alone, each linking the others.
pub(super) fn page_files(
    context: &RenderContext<'_>,
    template: &str,
    url: &str,
    info: PageInfo,
    mut cards: Vec<Card>,
    mut terms: ChapterTerms<'_>,
) -> Result<PageFiles> {
    let runs = card_runs(&cards);
    if runs.len() <= 1 {
        let html = context.page_html(template, url, info, cards, MarkdownExtra { terms, parts: Vec::new() })?;
        return Ok(vec![(url.to_string(), html)]);
    }
    let folder = folder_of(url);
    let what = if info.kind == "home" { context.labels.module_range } else { context.labels.chapter_range };
    let names: Vec<(String, String)> = runs
        .iter()
        .enumerate()
        .map(|(i, run)| {
            let (first, last) = (run.start + 1, run.end);
            let name = match (first == last, info.kind == "home") {
                // One module: "Module 401", not "Modules 401".
                (true, true) => format!("{} {first}", context.labels.module_label),
                (true, false) => what.replace("{numbers}", &first.to_string()),
                (false, _) => what.replace("{numbers}", &format!("{first}–{last}")),
            };
            (card_part_file(i), name)
        })
        .collect();
    let later = names.iter().skip(1).map(|(file, name)| PageInfo {
        kind: info.kind,
        title: format!("{} · {name}", info.title),
        summary_html: None,
        content: String::new(),
        toc: Vec::new(),
        edit_url: None,
        canonical_url: page::canonical(context.config, &format!("{folder}{file}")),
        self_test_href: info.self_test_href.clone(),
        updated: info.updated.clone(),
        downloads: Vec::new(),
        part: Some(name.clone()),
    });
    let infos: Vec<PageInfo> = later.collect();
    let mut files = Vec::with_capacity(names.len());
    for (i, (((file, _), part_info), run)) in
        names.iter().zip(std::iter::once(info).chain(infos)).zip(&runs).enumerate()
    {
        let rest = cards.split_off(run.len());
        let part_cards = std::mem::replace(&mut cards, rest);
        let part_url = format!("{folder}{file}");
        let extra = MarkdownExtra {
            terms: if i == 0 { std::mem::take(&mut terms) } else { ChapterTerms::default() },
            parts: part_links(&names, file),
        };
        let html = context.page_html(template, &part_url, part_info, part_cards, extra)?;
        files.push((part_url, html));
    }
    Ok(files)
}

/// Writes the home page (the course's `index.md`, or the generated one) again, offering
/// `downloads`: once they are written, the home page can tell their sizes.
pub(super) fn write_home(context: &RenderContext<'_>, staging: &Staging, downloads: Vec<Download>) -> Result<()> {
    match &context.course.home {
        Some(home) => {
            let views = Views::new(context.glossary, context.labels);
            let (_, files) = render_page(context, &views, home, downloads, None, None)?;
            write_files(staging, &files)
        }
        None => special::write_generated_home(context, staging, downloads),
    }
}
