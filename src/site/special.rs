//! The pages that are not Markdown files: the glossary and revision pages, the search page, the
//! mistakes page and the modules' self-test pages, the 404 page, and the home page of a course
//! without `content/index.md`. Each is a theme template
//! with a [`PageInfo`] of its own. The print files are `print`'s.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::content::history::Changed;
use crate::content::url::{root_prefix, self_test_part_file, EXERCISES_PAGE, SITEMAP};
use crate::content::{Page, PageKind};
use crate::error::{Error, Result};
use crate::exercises::Question;
use crate::glossary::runs_within;
use crate::markup;
use crate::render::body::RenderedBody;
use crate::render::exercises::{self_test_section, ChapterQuestions, QuizPlace};
use crate::render::glossary_pages::{module_choices, part_links, ChapterTerms, RevisionExtra, Views};
use crate::render::page::{self, Download, Link, PageInfo};
use crate::render::tips;
use crate::site::model::RenderContext;
use crate::site::output::Staging;
use crate::site::pages;

/// The page information of a generated page: a title and, for the print files, content.
pub(super) fn page_info(kind: &'static str, title: &str, content: String, config: &Config, url: &str) -> PageInfo {
    PageInfo {
        kind,
        title: title.to_string(),
        summary_html: None,
        content,
        toc: Vec::new(),
        edit_url: None,
        canonical_url: page::canonical(config, url),
        self_test_href: None,
        updated: None,
        downloads: Vec::new(),
        part: None,
    }
}

/// Writes a generated page at `url`, rendered with `template`.
fn write<X: Serialize>(
    context: &RenderContext<'_>,
    staging: &Staging,
    url: &str,
    template: &str,
    info: PageInfo,
    extra: X,
) -> Result<()> {
    let html = context.page_html(template, url, info, Vec::new(), extra)?;
    staging.write(url, &html)
}

/// `glossary.html` and `revision.html`, and their parts when the glossary is large, and the
/// full lists of much-used terms' pages (`uses-1.html`…); returns the site paths of all of
/// them, in order, for the sitemap. `Only::Changed` writes only those of its glossary and uses
/// pages (an edit changed which pages use some terms: the revision pages do not show them).
pub(super) fn write_glossary_pages(
    context: &RenderContext<'_>,
    views: &Views<'_>,
    staging: &Staging,
    only: Only<'_>,
) -> Result<Vec<String>> {
    let wanted = |file: &str| match only {
        Only::All => true,
        Only::Changed(files) => files.contains(file),
    };
    let glossary = views.glossary_pages().into_par_iter().map(|(file, page)| {
        if !wanted(&file) {
            return Ok(file);
        }
        let info = page_info("glossary", context.labels.glossary, String::new(), context.config, &file);
        write(context, staging, &file, "glossary.html", info, page()).map(|()| file)
    });
    let mut files = glossary.collect::<Result<Vec<String>>>()?;
    let revision_pages = views.revision_pages();
    match only {
        Only::All => {
            let modules = module_choices(context.course, context.glossary);
            let revision = revision_pages.into_par_iter().map(|(file, page)| {
                let info = page_info("revision", context.labels.revision, String::new(), context.config, &file);
                let extra = RevisionExtra { page: page(), modules: &modules };
                write(context, staging, &file, "revision.html", info, extra).map(|()| file)
            });
            files.extend(revision.collect::<Result<Vec<String>>>()?);
        }
        Only::Changed(_) => files.extend(revision_pages.into_iter().map(|(file, _)| file)),
    }
    let uses = views.uses_pages().into_par_iter().map(|(file, page)| {
        if !wanted(&file) {
            return Ok(file);
        }
        let info = page_info("uses", context.labels.uses_title, String::new(), context.config, &file);
        write(context, staging, &file, "uses.html", info, page()).map(|()| file)
    });
    files.extend(uses.collect::<Result<Vec<String>>>()?);
    Ok(files)
}

/// Which of the glossary's pages [`write_glossary_pages`] writes.
#[derive(Clone, Copy)]
pub(super) enum Only<'f> {
    /// Every one: a full build.
    All,
    /// These glossary and uses pages (`Views::pages_showing_uses_of`).
    Changed(&'f HashSet<String>),
}

/// Removes the pages of `before` (the glossary's pages an earlier build wrote into
/// `build_dir`) that are not in `now`: after an edit, a run of terms may need fewer uses pages.
pub(super) fn remove_pages_gone(build_dir: &Path, before: &[String], now: &[String]) -> Result<()> {
    let kept: HashSet<&String> = now.iter().collect();
    for file in before.iter().filter(|file| !kept.contains(file)) {
        let path = build_dir.join(file);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&path, e)),
        }
    }
    Ok(())
}

/// Of the self-test pages written (`self_tests`, each part of each), those of `module`.
pub(super) fn self_tests_of<'w>(self_tests: &'w [String], module: &Page) -> impl Iterator<Item = &'w String> {
    let folder = module.url.trim_end_matches("index.html").to_string();
    self_tests.iter().filter(move |url| url.strip_prefix(folder.as_str()).is_some_and(|name| !name.contains('/')))
}

/// `sitemap.xml`, when `site-url` is set: the absolute address of every page worth finding
/// from a search engine (home, modules with their self-test pages, chapters, each part of a
/// split one, then the glossary, revision and uses pages: `glossary`, as
/// [`write_glossary_pages`] wrote them), encoded as the canonical links are, with the date of
/// the source's last commit when known. The search, mistakes, print and 404 pages are left
/// out: they hold no text of their own. `self_tests` are the self-test pages written, each
/// part of each.
pub(super) fn write_sitemap(
    context: &RenderContext<'_>,
    staging: &Staging,
    glossary: &[String],
    self_tests: &[String],
) -> Result<()> {
    let history = context.history;
    let dated = |page: &Page| (page.url.clone(), history.last_change(&page.source));
    let mut pages: Vec<(String, Option<&Changed>)> =
        vec![context.course.home.as_ref().map_or_else(|| ("index.html".to_string(), None), dated)];
    let home_date = pages[0].1;
    let generated = generated_home_page();
    let home = context.course.home.as_ref().unwrap_or(&generated);
    let parts = pages::further_card_parts("index.html", &card_list(context, home));
    pages.extend(parts.into_iter().map(|url| (url, home_date)));
    for module in &context.course.modules {
        let (url, date) = dated(&module.page);
        let parts = pages::further_card_parts(&url, &card_list(context, &module.page));
        pages.push((url, date));
        pages.extend(parts.into_iter().map(|part| (part, date)));
        let tested: Vec<&Page> = module.chapters.iter().filter(|c| context.questions.contains_key(&c.url)).collect();
        if !tested.is_empty() {
            let latest = tested.iter().filter_map(|c| history.last_change(&c.source)).max_by_key(|c| c.seconds);
            pages.extend(self_tests_of(self_tests, &module.page).map(|url| (url.clone(), latest)));
        }
        pages.extend(module.chapters.iter().map(dated));
    }
    pages.extend(glossary.iter().map(|file| (file.clone(), None)));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, changed) in pages {
        let Some(address) = page::canonical(context.config, &url) else { return Ok(()) };
        xml.push_str(&format!("<url><loc>{}</loc>", markup::escape_html(&address)));
        if let Some(changed) = changed {
            xml.push_str(&format!("<lastmod>{}</lastmod>", markup::escape_html(&changed.datetime)));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    staging.write(SITEMAP, xml.as_bytes())
}

/// The terms' hover definitions, one file per glossary part (`render::tips`).
pub(super) fn write_tip_files(context: &RenderContext<'_>, staging: &Staging) -> Result<()> {
    tips::tip_files(context.glossary, context.labels).try_for_each(|(path, text)| staging.write(&path, text.as_bytes()))
}

/// `search.html`, which runs the query in its address on load.
pub(super) fn write_search_page(context: &RenderContext<'_>, staging: &Staging) -> Result<()> {
    let info = page_info("search", context.labels.search, String::new(), context.config, "search.html");
    write(context, staging, "search.html", "search.html", info, ())
}

/// `mistakes.html`: the questions the student last answered wrong, listed by quiz.js from what
/// the browser keeps.
pub(super) fn write_mistakes_page(context: &RenderContext<'_>, staging: &Staging) -> Result<()> {
    let info = page_info("mistakes", context.labels.mistakes, String::new(), context.config, "mistakes.html");
    write(context, staging, "mistakes.html", "mistakes.html", info, ())
}

/// Above this many bytes of questions, a module's self-test page is split into parts
/// (`exercises.html`, `exercises-2.html`…), whole chapters each, so that no page grows with the
/// module: a module of 1,000 chapters with three questions each would make a page of 4 MB.
const SELF_TEST_PART_BYTES: usize = 512 * 1024;

/// The parts of a split self-test page, linked from each part.
#[derive(Serialize)]
struct SelfTestExtra {
    parts: Vec<Link>,
}

/// A module's self-test page, `<module>/exercises.html`, being made while its chapters come in:
/// every question of its chapters, in parts of whole chapters when they are many. Each
/// chapter's section is written to a spill file beside the site as it arrives, and the parts
/// are read back from it at the module's end: a module of thousands of chapters holds neither
/// its questions nor their HTML in memory (a module of 6,000 chapters with 72,000 questions
/// held 89 MB of it before).
pub(super) struct SelfTest<'m> {
    module: &'m Page,
    /// The page's site path (its first part's).
    url: String,
    /// The spill file, once a chapter with questions has come.
    spill: Option<(Spilled, std::fs::File)>,
    /// Each section's length in the spill file, in order, with its chapter's number.
    sections: Vec<(usize, usize)>,
}

impl<'m> SelfTest<'m> {
    /// The self-test page of `module`, empty.
    pub(super) fn begin(module: &'m Page) -> SelfTest<'m> {
        let url = module.url.replace("index.html", EXERCISES_PAGE);
        SelfTest { module, url, spill: None, sections: Vec::new() }
    }

    /// Where the page's questions are written.
    fn place<'p>(&'p self, context: &'p RenderContext<'_>, root: &'p str) -> QuizPlace<'p> {
        QuizPlace {
            page_url: &self.url,
            page_title: &self.module.front.title,
            root,
            reveal: context.config.reveal,
            raw_html: context.config.raw_html,
            labels: context.labels,
            worksheet: false,
            id_prefix: "",
        }
    }

    /// Adds the section of `chapter`, the `number`th of the module, for its `questions`.
    pub(super) fn add(
        &mut self,
        context: &RenderContext<'_>,
        staging: &Staging,
        chapter: &Page,
        number: usize,
        questions: &[Question],
    ) -> Result<()> {
        use std::io::Write as _;
        if questions.is_empty() {
            return Ok(());
        }
        let root = root_prefix(&self.url);
        let chapter = ChapterQuestions { url: &chapter.url, title: &chapter.front.title, questions };
        let html = self_test_section(&self.url, &chapter, context.glossary, &self.place(context, &root));
        if self.spill.is_none() {
            let path = staging.folder().join(format!(".self-test-{}.tmp", std::process::id()));
            let file = std::fs::File::options()
                .read(true)
                .write(true)
                .create(true)
                .truncate(true)
                .open(&path)
                .map_err(|e| Error::io(&path, e))?;
            self.spill = Some((Spilled(path), file));
        }
        if let Some((spilled, file)) = &mut self.spill {
            file.write_all(html.as_bytes()).map_err(|e| Error::io(&spilled.0, e))?;
        }
        self.sections.push((html.len(), number));
        Ok(())
    }

    /// Writes the page, in parts when its sections are over [`SELF_TEST_PART_BYTES`], and
    /// removes the spill file. Returns the site paths written, in order (none without questions).
    pub(super) fn finish(mut self, context: &RenderContext<'_>, staging: &Staging) -> Result<Vec<String>> {
        use std::io::{Read as _, Seek as _};
        let Some((spilled, mut file)) = self.spill.take() else { return Ok(Vec::new()) };
        file.rewind().map_err(|e| Error::io(&spilled.0, e))?;
        let sizes: Vec<usize> = self.sections.iter().map(|&(size, _)| size).collect();
        let runs = runs_within(&sizes, usize::MAX, SELF_TEST_PART_BYTES);
        let title = format!("{}{}{}", self.module.front.title, context.labels.colon, context.labels.self_test);
        let folder = &self.url[..self.url.len() - EXERCISES_PAGE.len()];
        let files: Vec<(String, String)> = runs
            .iter()
            .enumerate()
            .map(|(i, run)| {
                let (first, last) = (self.sections[run.start].1, self.sections[run.end - 1].1);
                let numbers = if first == last { first.to_string() } else { format!("{first}–{last}") };
                (self_test_part_file(i), context.labels.chapter_range.replace("{numbers}", &numbers))
            })
            .collect();
        let mut written = Vec::with_capacity(runs.len());
        for (run, (file_name, part_title)) in runs.into_iter().zip(&files) {
            let part_url = format!("{folder}{file_name}");
            let (parts, title) = match files.len() {
                1 => (Vec::new(), title.clone()),
                _ => (part_links(&files, file_name), format!("{title} · {part_title}")),
            };
            let mut html = vec![0; sizes[run].iter().sum()];
            file.read_exact(&mut html).map_err(|e| Error::io(&spilled.0, e))?;
            let html =
                String::from_utf8(html).map_err(|_| Error::io(&spilled.0, std::io::ErrorKind::InvalidData.into()))?;
            let info = page_info("exercises", &title, html, context.config, &part_url);
            write(context, staging, &part_url, "exercises.html", info, SelfTestExtra { parts })?;
            written.push(part_url);
        }
        Ok(written)
    }
}

/// A spill file, removed when done with (also when the build stops on an error).
struct Spilled(PathBuf);

impl Drop for Spilled {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// `404.html`.
pub(super) fn write_not_found_page(context: &RenderContext<'_>, staging: &Staging) -> Result<()> {
    let info = page_info("404", context.labels.not_found_title, String::new(), context.config, "404.html");
    write(context, staging, "404.html", "404.html", info, ())
}

/// The home page of a course without `content/index.md`: no text of its own.
fn generated_home_page() -> Page {
    Page::without_file(PageKind::Home, PathBuf::from("index.md"), "index.html".into())
}

/// The cards `page` lists (the home page its modules, a module page its chapters).
fn card_list(context: &RenderContext<'_>, page: &Page) -> Vec<page::Card> {
    page::cards(context.course, context.nav, page, context.config.raw_html, context.questions, context.labels)
}

/// Without `content/index.md`, the home page lists the modules with the course description
/// (and offers `downloads`).
pub(super) fn write_generated_home(
    context: &RenderContext<'_>,
    staging: &Staging,
    downloads: Vec<Download>,
) -> Result<()> {
    let home = generated_home_page();
    let config = context.config;
    let mut info = page::markdown_page_info(
        &home,
        RenderedBody { html: String::new(), headings: Vec::new(), questions: Vec::new() },
        config,
    );
    info.summary_html = config.description.as_deref().map(|d| markup::inline_html(d, config.raw_html));
    info.downloads = downloads;
    let cards = card_list(context, &home);
    let files = pages::page_files(context, "home.html", "index.html", info, cards, ChapterTerms::default())?;
    pages::write_files(staging, &files)
}
