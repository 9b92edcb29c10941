//! Page contexts: the plain, serializable data each template receives.
//!
//! Every href in a context is already relative to the page it will be written to, so the
//! templates never compute paths and the site works from a folder. Navigation holds the list
//! of modules and only the current module's chapters, so a page's size does not grow with the
//! number of chapters in the course.

use std::collections::HashMap;

use serde::Serialize;

use crate::config::Config;
use crate::content::front_matter::listed_title;
use crate::content::history::Changed;
use crate::content::term::Level;
use crate::content::url::{encode_uri, relative_href, root_prefix};
use crate::content::{Course, Page, PageKind};
use crate::error::{Error, Result};
use crate::exercises::short_hash;
use crate::labels::Labels;
use crate::markup::{self, inline_html, inline_text_html, Heading, RawHtml};
use crate::render::body::RenderedBody;
use crate::render::theme::Theme;

/// Course-wide values shown on every page.
#[derive(Debug, Serialize)]
pub(crate) struct SiteInfo {
    /// Course title, shown in the top bar, the footer and every page's `<title>`.
    pub(crate) title: String,
    /// One-sentence course description for the `<meta name="description">` tag; None leaves it out.
    pub(crate) description: Option<String>,
    /// BCP 47 tag of the course language, for `<html lang>` (e.g. `zh-CN`).
    pub(crate) lang: &'static str,
    /// Names shown in the footer; empty shows none.
    pub(crate) authors: Vec<String>,
    /// Which generated pages exist, so templates link only to pages that are there.
    pub(crate) has_glossary: bool,
    /// Whether the search page and index were written, so the search box is shown.
    pub(crate) has_search: bool,
    /// Whether any chapter has questions, so the mistakes page is linked.
    pub(crate) has_exercises: bool,
    /// A short key for the course, so that students' answers to two courses opened from the
    /// same place are stored apart.
    pub(crate) course_key: String,
}

impl SiteInfo {
    /// Takes what every page shows from the configuration.
    pub(crate) fn new(config: &Config) -> SiteInfo {
        SiteInfo {
            title: config.title.clone(),
            // Markdown in the description is shown as its text in the tag.
            description: config.description.as_deref().map(markup::plain_text),
            lang: config.language.tag(),
            authors: config.authors.clone(),
            has_glossary: false,
            has_search: false,
            has_exercises: false,
            course_key: short_hash(&format!("{}\n{}", config.title, config.site_url.as_deref().unwrap_or(""))),
        }
    }
}

/// A link as the templates draw it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Link {
    /// Text of the link.
    pub(crate) title: String,
    /// Target relative to the current page; empty for the current page itself (last breadcrumb).
    pub(crate) href: String,
}

/// The most entries of a page's own table of contents: past it, the `###` sections are left
/// out, and past it again the last `##` ones. A box of 20,000 entries (a page of 20,000
/// headings) doubled its page and helped no one find a section.
const MAX_CONTENTS: usize = 80;

/// A page's own table of contents: its `##` and `###` headings, within [`MAX_CONTENTS`].
fn contents(headings: Vec<Heading>) -> Vec<TocEntry> {
    let listed = |h: &Heading| h.level == 2 || h.level == 3;
    let levels: &[u8] = if headings.iter().filter(|h| listed(h)).count() > MAX_CONTENTS { &[2] } else { &[2, 3] };
    headings
        .into_iter()
        .filter(|h| levels.contains(&h.level))
        .take(MAX_CONTENTS)
        .map(|h| TocEntry { level: h.level, id: h.id, text: h.text })
        .collect()
}

/// One entry of the page's own table of contents.
#[derive(Debug, Serialize)]
pub(crate) struct TocEntry {
    /// Heading level: 2 or 3 (`##` or `###`); 3 is indented under the 2 before it.
    pub(crate) level: u8,
    /// Anchor of the heading, the target of `#id` links.
    pub(crate) id: String,
    /// Plain text of the heading, as listed in the contents box.
    pub(crate) text: String,
}

/// A module in the sidebar; `chapters` is filled only for the module being read.
#[derive(Debug, Serialize)]
pub(crate) struct NavModule {
    /// Module title as listed in the sidebar.
    pub(crate) title: String,
    /// Link to the module page, relative to the current page.
    pub(crate) href: String,
    /// True on the module's own page, to mark it `aria-current`.
    pub(crate) current: bool,
    /// The chapters listed under the module; empty unless the reader is in this module.
    pub(crate) chapters: Vec<NavChapter>,
    /// Chapters left out before and after the listed window (a large module shows only the
    /// chapters around the current one; the module page lists them all).
    pub(crate) chapters_before: usize,
    /// Chapters left out after the listed window (see `chapters_before`).
    pub(crate) chapters_after: usize,
}

/// A chapter in the sidebar.
#[derive(Debug, Serialize)]
pub(crate) struct NavChapter {
    /// Chapter title as listed in the sidebar.
    pub(crate) title: String,
    /// Link to the chapter, relative to the current page.
    pub(crate) href: String,
    /// True on the chapter's own page, to mark it `aria-current`.
    pub(crate) current: bool,
}

/// A card on the home page (a module) or a module page (a chapter).
#[derive(Debug, Serialize)]
pub(crate) struct Card {
    /// 1-based position of the module in the course or the chapter in its module.
    pub(crate) number: usize,
    /// Title of the module or chapter the card opens.
    pub(crate) title: String,
    /// Link to that page, relative to the current page.
    pub(crate) href: String,
    /// Front-matter summary rendered as inline HTML; None when the page has none.
    pub(crate) summary_html: Option<String>,
    /// Number of chapters in a module card; 0 on chapter cards.
    pub(crate) count: usize,
    /// Site paths of the chapters the card covers, separated by `|` (a path may hold spaces):
    /// quiz.js shows the student's progress on their questions, app.js the chapters read.
    pub(crate) quiz_pages: String,
    /// Number of questions in those chapters; 0 hides the progress.
    pub(crate) quiz_total: usize,
    /// The terms a module's chapters define, per level, most important first (a level without
    /// terms left out); empty on chapter cards.
    pub(crate) terms: Vec<LevelCount>,
}

/// How many terms of one level, as a module card shows them (★★★ 2).
#[derive(Debug, Serialize)]
pub(crate) struct LevelCount {
    /// The level as ★, ★★ or ★★★ (for the eye).
    pub(crate) stars: &'static str,
    /// Word for the level, e.g. 掌握 (for screen readers).
    pub(crate) name: &'static str,
    /// Number of terms.
    pub(crate) count: usize,
}

/// Navigation around the current page.
#[derive(Debug, Serialize)]
pub(crate) struct Nav {
    /// Modules listed in the sidebar, the current one with its chapters.
    pub(crate) modules: Vec<NavModule>,
    /// Modules left out before and after the listed window (the home page lists them all).
    pub(crate) modules_before: usize,
    /// Modules left out after the listed window (see `modules_before`).
    pub(crate) modules_after: usize,
    /// Trail from home to the current page; the last crumb has no href.
    pub(crate) breadcrumbs: Vec<Link>,
    /// Previous page in reading order; None on the home page and outside the reading order.
    pub(crate) prev: Option<Link>,
    /// Next page in reading order; None on the last chapter and outside the reading order.
    pub(crate) next: Option<Link>,
}

/// The page being rendered.
#[derive(Debug, Serialize)]
pub(crate) struct PageInfo {
    /// `home`, `module`, `chapter`, `glossary`, `revision`, `print`, `search`, `404`.
    pub(crate) kind: &'static str,
    /// Page title for the heading and `<title>`; the course title when the front matter has none.
    pub(crate) title: String,
    /// Front-matter summary shown under the title, as inline HTML; None when absent.
    pub(crate) summary_html: Option<String>,
    /// Rendered Markdown (trusted HTML).
    pub(crate) content: String,
    /// The page's `##` and `###` headings, for the contents box (shown when there are two or more).
    pub(crate) toc: Vec<TocEntry>,
    /// "Edit this page" link from `edit-url-template`; None when not configured or not a Markdown page.
    pub(crate) edit_url: Option<String>,
    /// Absolute URL for `<link rel="canonical">`; None unless `site-url` is set.
    pub(crate) canonical_url: Option<String>,
    /// On a module page whose chapters have questions: the link to its self-test page.
    pub(crate) self_test_href: Option<String>,
    /// When the page's source last changed (its last git commit), shown at the foot of the
    /// page; None for generated pages and sources without a commit.
    pub(crate) updated: Option<Changed>,
    /// On the home page: the files offered for offline reading (the EPUB, the site's zip…);
    /// empty elsewhere, and on the home page inside the zip (it offers what it is not part of).
    pub(crate) downloads: Vec<Download>,
    /// On a further part of a page whose cards are split (`index-2.html`…): the part's name
    /// (模块 401–800), so that its `<title>` differs from the first part's.
    pub(crate) part: Option<String>,
}

/// A file the home page offers for download, as the template draws it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Download {
    /// The file, relative to the home page (both are at the site's root).
    pub(crate) href: String,
    /// What the file is, in the course's language (电子书（EPUB）).
    pub(crate) label: String,
    /// Its size with its unit, in the course's language (（1.2 MB）).
    pub(crate) size: String,
}

/// What a template receives that is the same on every page of a build: the course-wide values
/// (`site.…`) and the interface labels in the course's language (`t.…`), made into template
/// values once per build. Every page's context shares them (a reference count), where
/// serializing them again for each of 6,000 pages cost a tenth of the rendering.
pub(crate) struct SharedContext {
    site: tera::Value,
    t: tera::Value,
}

impl SharedContext {
    /// The template values of `site` and `t` (plain strings, flags and lists, which always
    /// serialize).
    pub(crate) fn new(site: &SiteInfo, t: &Labels) -> SharedContext {
        SharedContext { site: tera::Value::from_serializable(site), t: tera::Value::from_serializable(t) }
    }
}

/// Everything a template receives besides the [`SharedContext`].
#[derive(Debug, Serialize)]
pub(crate) struct PageContext<X: Serialize> {
    /// Prefix from this page to the site root (`""` or `"../"`).
    pub(crate) root: String,
    /// Title, content and table of contents of this page.
    pub(crate) page: PageInfo,
    /// Sidebar, breadcrumbs and previous/next links as seen from this page.
    pub(crate) nav: Nav,
    /// Cards of the home page (modules) or a module page (chapters); empty elsewhere.
    pub(crate) cards: Vec<Card>,
    /// Data specific to one kind of page (the glossary's terms, a chapter's terms, …).
    pub(crate) extra: X,
}

impl<X: Serialize> PageContext<X> {
    /// The context of the page at `url` (a site path): the one place a page's context is
    /// assembled, for Markdown pages, generated pages and print files alike.
    pub(crate) fn new(nav: &NavModel, url: &str, page: PageInfo, cards: Vec<Card>, extra: X) -> PageContext<X> {
        PageContext { root: root_prefix(url), nav: nav.for_page(url, &page.title), page, cards, extra }
    }
}

/// A page's title as the navigation lists it on every page (the side bar, the breadcrumbs, the
/// links to the previous and next pages): its first characters ([`listed_title`]). Listed
/// whole, 60 titles of a thousand characters made every page of a course 190 KB of navigation,
/// and titles of 10,000 characters would make pages of megabytes.
fn listed(title: &std::sync::Arc<str>) -> std::sync::Arc<str> {
    match listed_title(title) {
        std::borrow::Cow::Borrowed(_) => title.clone(),
        std::borrow::Cow::Owned(cut) => cut.into(),
    }
}

/// A page of the reading order: home, each module, then its chapters.
#[derive(Debug, Clone)]
struct Stop {
    title: std::sync::Arc<str>,
    url: String,
}

/// How many modules, and chapters of the current module, the sidebar lists on each side of the
/// current one. This bounds every page's size whatever the size of the course.
const NAV_WINDOW: usize = 15;

/// Where a page sits in the course: its module, its index in the module (None for the module
/// page itself) and its position in the reading order.
#[derive(Debug, Clone, Copy)]
struct Position {
    module: usize,
    chapter: Option<usize>,
    reading: usize,
}

/// The course's navigation, computed once per build and borrowed by every page.
#[derive(Debug)]
pub(crate) struct NavModel {
    modules: Vec<(Stop, Vec<Stop>)>,
    home: Stop,
    /// Each page in reading order, by its place in `modules` (None: the home page): no second
    /// copy of every title and address.
    reading_order: Vec<Option<(usize, Option<usize>)>>,
    positions: HashMap<String, Position>,
}

impl NavModel {
    /// Collects titles and URLs in reading order, indexed by URL so that each page's
    /// navigation costs the same whatever the number of pages.
    pub(crate) fn new(course: &Course, labels: &Labels) -> NavModel {
        let home = Stop { title: labels.home.into(), url: "index.html".into() };
        let stop = |p: &Page| Stop { title: listed(&p.front.title), url: p.url.clone() };
        let modules: Vec<(Stop, Vec<Stop>)> =
            course.modules.iter().map(|m| (stop(&m.page), m.chapters.iter().map(stop).collect())).collect();
        let mut reading_order = vec![None];
        let mut positions = HashMap::new();
        for (module, (page, chapters)) in modules.iter().enumerate() {
            positions.insert(page.url.clone(), Position { module, chapter: None, reading: reading_order.len() });
            reading_order.push(Some((module, None)));
            for (chapter, c) in chapters.iter().enumerate() {
                positions
                    .insert(c.url.clone(), Position { module, chapter: Some(chapter), reading: reading_order.len() });
                reading_order.push(Some((module, Some(chapter))));
            }
        }
        NavModel { modules, home, reading_order, positions }
    }

    /// The index of the module holding the page at `url` (a module's own page included); None
    /// for a page outside the modules.
    pub(crate) fn module_of(&self, url: &str) -> Option<usize> {
        self.positions.get(url).map(|p| p.module)
    }

    /// The page at `place` in the reading order (see `reading_order`).
    fn stop(&self, place: Option<(usize, Option<usize>)>) -> &Stop {
        match place {
            None => &self.home,
            Some((module, None)) => &self.modules[module].0,
            Some((module, Some(chapter))) => &self.modules[module].1[chapter],
        }
    }

    /// Navigation as seen from the page at `url`. Pages outside the reading order (glossary,
    /// search…) get the module list and breadcrumbs to home only.
    pub(crate) fn for_page(&self, url: &str, title: &str) -> Nav {
        let link = |s: &Stop| Link { title: s.title.to_string(), href: relative_href(url, &s.url) };
        let position = self.positions.get(url).copied();
        let current_module = position.map(|p| p.module);
        let (first, last) = window(self.modules.len(), current_module.unwrap_or(0));
        let modules = self.modules[first..last]
            .iter()
            .enumerate()
            .map(|(offset, (m, chapters))| {
                let i = first + offset;
                let mut nav = NavModule {
                    title: m.title.to_string(),
                    href: relative_href(url, &m.url),
                    current: m.url == url,
                    chapters: Vec::new(),
                    chapters_before: 0,
                    chapters_after: 0,
                };
                if Some(i) == current_module {
                    let current = position.and_then(|p| p.chapter).unwrap_or(0);
                    let (from, to) = window(chapters.len(), current);
                    nav.chapters = chapters[from..to]
                        .iter()
                        .map(|c| NavChapter {
                            title: c.title.to_string(),
                            href: relative_href(url, &c.url),
                            current: c.url == url,
                        })
                        .collect();
                    nav.chapters_before = from;
                    nav.chapters_after = chapters.len() - to;
                }
                nav
            })
            .collect();
        let mut breadcrumbs = Vec::new();
        if url != self.home.url {
            breadcrumbs.push(link(&self.home));
            if let Some(p) = position.filter(|p| p.chapter.is_some()) {
                breadcrumbs.push(link(&self.modules[p.module].0));
            }
        }
        breadcrumbs.push(Link { title: listed_title(title).into_owned(), href: String::new() });
        let reading = if url == self.home.url { Some(0) } else { position.map(|p| p.reading) };
        let stop_at = |i: usize| self.reading_order.get(i).map(|&place| self.stop(place));
        let prev = reading.and_then(|i| i.checked_sub(1)).and_then(stop_at).map(link);
        let next = reading.and_then(|i| stop_at(i + 1)).map(link);
        Nav { modules, modules_before: first, modules_after: self.modules.len() - last, breadcrumbs, prev, next }
    }
}

/// The range of `len` items within `NAV_WINDOW` of `current`.
fn window(len: usize, current: usize) -> (usize, usize) {
    let first = current.saturating_sub(NAV_WINDOW).min(len.saturating_sub(2 * NAV_WINDOW + 1));
    (first, (first + 2 * NAV_WINDOW + 1).min(len))
}

/// Builds the context of a Markdown page (home, module or chapter).
pub(crate) fn markdown_page_info(page: &Page, body: RenderedBody, config: &Config) -> PageInfo {
    let kind = match page.kind {
        PageKind::Home => "home",
        PageKind::Module => "module",
        PageKind::Chapter => "chapter",
    };
    let title = if page.front.title.is_empty() { config.title.clone() } else { page.front.title.to_string() };
    PageInfo {
        kind,
        title,
        summary_html: page.front.summary.as_deref().map(|summary| inline_html(summary, config.raw_html)),
        content: body.html,
        toc: contents(body.headings),
        edit_url: config.edit_url_template.as_ref().map(|t| {
            let source = config.content_dir.join(&page.source);
            let path = source.strip_prefix(&config.root).unwrap_or(&source);
            // Percent-encoded, in ASCII as every address leaving the site: a file named
            // `C# 100%.md` must not end the address at its `#`.
            t.replace("{path}", &encode_uri(&path.to_string_lossy().replace('\\', "/")))
        }),
        canonical_url: canonical(config, &page.url),
        self_test_href: None,
        updated: None,
        downloads: Vec::new(),
        part: None,
    }
}

/// The absolute URL of a page when `site-url` is set, its path percent-encoded, in ASCII
/// ([`encode_uri`]: the sitemap takes no other; `site-url` itself is written by the course, as
/// it should appear).
pub(crate) fn canonical(config: &Config, url: &str) -> Option<String> {
    config.site_url.as_ref().map(|base| format!("{}/{}", base.trim_end_matches('/'), encode_uri(url)))
}

/// Cards for the home page (modules) or a module page (its chapters), their summaries'
/// raw HTML treated as `raw_html` says; `questions` counts each page's questions (by site
/// path), counted once per build. A module page's module is looked up in `nav` by URL, not
/// searched for: a course of thousands of modules has as many module pages.
pub(crate) fn cards(
    course: &Course,
    nav: &NavModel,
    page: &Page,
    raw_html: RawHtml,
    questions: &HashMap<String, usize>,
    labels: &Labels,
) -> Vec<Card> {
    let card = |(i, p, chapters): (usize, &Page, &[Page])| Card {
        number: i + 1,
        title: p.front.title.to_string(),
        href: relative_href(&page.url, &p.url),
        // A card is one link: its summary's links are shown as their text (a link in a link
        // is no HTML).
        summary_html: p.front.summary.as_deref().map(|summary| inline_text_html(summary, raw_html)),
        count: chapters.len(),
        quiz_pages: chapters.iter().map(|c| c.url.as_str()).collect::<Vec<_>>().join("|"),
        quiz_total: chapters.iter().map(|c| questions.get(&c.url).copied().unwrap_or(0)).sum(),
        terms: Vec::new(),
    };
    match page.kind {
        PageKind::Home => course
            .modules
            .iter()
            .enumerate()
            .map(|(i, m)| Card {
                terms: level_counts(std::iter::once(&m.page).chain(&m.chapters), labels),
                ..card((i, &m.page, m.chapters.as_slice()))
            })
            .collect(),
        PageKind::Module => nav
            .module_of(&page.url)
            .and_then(|i| course.modules.get(i))
            .map(|m| {
                m.chapters
                    .iter()
                    .enumerate()
                    .map(|(i, c)| Card { count: 0, ..card((i, c, std::slice::from_ref(c))) })
                    .collect()
            })
            .unwrap_or_default(),
        PageKind::Chapter => Vec::new(),
    }
}

/// The terms `pages` define, counted per level, most important first; levels without terms
/// are left out.
fn level_counts<'p>(pages: impl Iterator<Item = &'p Page> + Clone, labels: &Labels) -> Vec<LevelCount> {
    Level::MOST_IMPORTANT_FIRST
        .iter()
        .map(|&level| LevelCount {
            stars: level.stars(),
            name: level.name(labels),
            count: pages.clone().flat_map(|p| &p.front.terms).filter(|t| t.level == level).count(),
        })
        .filter(|c| c.count > 0)
        .collect()
}

/// What a page's template adds around its content (head, bars, sidebar, labels): a page's
/// buffer starts this much larger than its content, so that it is not grown again and again.
const PAGE_FRAME_BYTES: usize = 16 * 1024;

/// Renders a template with a context, as the bytes of the page (UTF-8: every piece is a
/// string), ready to be written and zipped without being checked again. The context is let go
/// once the template's values are made from it (a copy of it all): a chapter of 4.4 MB of
/// HTML is held twice while its page is written, not three times.
pub(crate) fn render<X: Serialize>(
    theme: &Theme,
    template: &str,
    shared: &SharedContext,
    context: PageContext<X>,
) -> Result<Vec<u8>> {
    let mut html = Vec::with_capacity(context.page.content.len() + PAGE_FRAME_BYTES);
    render_into(theme, template, shared, context, &mut html)?;
    Ok(html)
}

/// [`render`] into `out`: a page too large to be held whole (a print file's opening, with the
/// contents of a course of thousands of chapters) goes to its file as the template makes it.
pub(crate) fn render_into<X: Serialize>(
    theme: &Theme,
    template: &str,
    shared: &SharedContext,
    context: PageContext<X>,
    out: &mut impl std::io::Write,
) -> Result<()> {
    let values = tera::Context::from_serialize(&context);
    drop(context);
    let mut context = values.map_err(|e| Error::Template { name: template.into(), message: e.to_string() })?;
    context.insert_value("site", shared.site.clone());
    context.insert_value("t", shared.t.clone());
    theme
        .tera
        .render_to(template, &context, out)
        .map_err(|e| Error::Template { name: template.into(), message: render_error_chain(&e) })
}

fn render_error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{canonical, window};
    use crate::config::{Config, Overrides};

    #[test]
    fn window_keeps_the_current_item_and_a_bounded_count() {
        assert_eq!(window(5, 2), (0, 5));
        assert_eq!(window(100, 0), (0, 31));
        assert_eq!(window(100, 50), (35, 66));
        assert_eq!(window(100, 99), (69, 100));
    }

    #[test]
    fn canonical_links_are_percent_encoded_in_ascii() {
        let no_course = Path::new("/nonexistent/coursebook-course");
        let mut config = Config::load(no_course, &Overrides::default()).expect("defaults");
        assert_eq!(canonical(&config, "basics/intro.html"), None);
        config.site_url = Some("https://example.org/课程/".into());
        assert_eq!(
            canonical(&config, "basics/第二章 概述.html").as_deref(),
            Some("https://example.org/课程/basics/%E7%AC%AC%E4%BA%8C%E7%AB%A0%20%E6%A6%82%E8%BF%B0.html")
        );
    }
}
