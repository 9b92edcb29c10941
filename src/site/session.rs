//! A build that stays in memory between saves, for `watch` and `serve`.
//!
//! [`Session::rebuild`] re-renders only what an edit changes when it can: an edit to a
//! chapter's body that keeps its front matter and headings re-renders that page, its module's
//! search shard, its print file and, when the terms it uses changed, the glossary page. Any
//! other change (front matter, headings, a file added, removed or renamed, an asset, the theme,
//! book.toml) rebuilds everything. Files are replaced one at a time, each whole; an edit with
//! an error writes nothing.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config::Config;
use crate::content::url::encode_href;
use crate::content::{self, Module, Page};
use crate::diagnostic::{self, Code, Diagnostic};
use crate::error::{Error, Result};
use crate::exercises::block_texts;
use crate::glossary::usage::backlinks;
use crate::markup;
use crate::render::glossary_pages::Views;
use crate::site::build::{full_build, BuildOptions, Report, Retained, Timer};
use crate::site::model::RenderContext;
use crate::site::output::Staging;
use crate::site::pages::{render_page, write_files};
use crate::site::special::{self, write_glossary_pages, Only, SelfTest};
use crate::site::{download, offline, print};

/// The course as last built, kept to rebuild only what an edit changes.
pub struct Session {
    config: Config,
    options: BuildOptions,
    /// `None` before the first good build, and after a failed one (the next one is full).
    retained: Option<Retained>,
}

impl Session {
    /// A session for a course; nothing is built yet.
    pub fn new(config: Config, options: BuildOptions) -> Session {
        Session { config, options, retained: None }
    }

    /// Builds everything (atomically, as `coursebook build` does) and keeps the state.
    pub fn build(&mut self) -> Result<Report> {
        self.retained = None;
        let (report, retained) = full_build(&self.config, &self.options, true)?;
        self.retained = retained;
        Ok(report)
    }

    /// Rebuilds after the files in `changed` were modified, added or removed: incrementally
    /// when only chapter bodies changed, in full otherwise.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Report> {
        let Some(mut retained) = self.retained.take() else { return self.build() };
        match incremental(&self.config, &self.options, &mut retained, changed) {
            Ok(Some(report)) => {
                self.retained = Some(retained);
                Ok(report)
            }
            Ok(None) => self.build(),
            // The next rebuild starts from scratch: the edited page's state is unknown.
            Err(error) => Err(error),
        }
    }
}

/// `Ok(None)`: this change needs a full build.
fn incremental(
    config: &Config,
    options: &BuildOptions,
    retained: &mut Retained,
    changed: &[PathBuf],
) -> Result<Option<Report>> {
    let started = Instant::now();
    let timer = Timer::default();
    let Some(sources) = edited_sources(config, retained, changed) else { return Ok(None) };
    let mut edited: Vec<Page> = Vec::new();
    let mut new_anchors: Vec<(PathBuf, HashSet<String>)> = Vec::new();
    let mut questions_changed: Vec<String> = Vec::new();
    for source in sources {
        let Some(old) = retained.model.course.pages().find(|p| p.source == source) else { return Ok(None) };
        let examples = crate::labels::labels(config.language).examples;
        match content::reread_page(&config.content_dir, old.kind, &source, old.display_path.clone(), examples) {
            Ok(page) if (page.text_len, page.fingerprint) == (old.text_len, old.fingerprint) => {}
            Ok(page) => {
                // A session holds its pages' texts: one that cannot be had means a full build.
                let (Ok(new_text), Ok(old_text)) = (page.text(), old.text()) else { return Ok(None) };
                let parsed = markup::parse(
                    new_text.body(),
                    markup::options(config.smart_punctuation),
                    &retained.model.theme.page_ids,
                );
                // A written `{#id}` the page already has is reported by a full build's load.
                if !parsed.id_clashes.is_empty() {
                    return Ok(None);
                }
                let anchors = parsed.anchors();
                // A heading added leaves every link to the page working (the last build had no
                // broken one); one removed or renamed may break a link elsewhere.
                let anchors_kept =
                    retained.model.targets.pages.get(&source).is_some_and(|t| t.anchors.is_subset(&anchors));
                // Questions also appear on the module's self-test page, the cards (how many)
                // and the print answer key: an edit to a page's questions makes its module's
                // self-test page again (below); one that changes how many there are rebuilds
                // everything.
                let options = markup::options(config.smart_punctuation);
                if block_texts(new_text.body(), options) != block_texts(old_text.body(), options) {
                    questions_changed.push(page.url.clone());
                }
                if page.front != old.front || !anchors_kept {
                    return Ok(None);
                }
                new_anchors.push((source.clone(), anchors));
                edited.push(page);
            }
            // A page with mistakes is checked whole by a full build (its body through a
            // stand-in), so that a session reports what `check` reports.
            Err(_) => return Ok(None),
        }
    }
    for page in &edited {
        if let Some(slot) = retained.model.course.page_mut(&page.source) {
            *slot = page.clone();
        }
    }
    for (source, anchors) in new_anchors {
        if let Some(target) = retained.model.targets.pages.get_mut(&source) {
            target.anchors = anchors;
        }
    }
    let context = timer.time("prepare", || RenderContext::new(config, &retained.model));
    let views = Views::new(context.glossary, context.labels);
    let staging = Staging::in_place(&config.build_dir);
    // The home page offers the downloads of the last full build, which are still there.
    let module_files = print::module_files(&context, &retained.print_layout);
    let downloads = download::offered(&staging, context.labels, &module_files, !context.glossary.terms.is_empty());
    // The files borrow the retained print layout, which the print files' rewrite borrows again.
    drop(module_files);
    let mut rendered = Vec::new();
    let mut diagnostics = Vec::new();
    for page in &edited {
        let (outcome, files) =
            timer.time("render pages", || render_page(&context, &views, page, downloads.clone(), None, None))?;
        diagnostics.extend(outcome.diagnostics.iter().cloned());
        rendered.push((page, outcome, files));
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        diagnostic::sort(&mut diagnostics);
        return Err(Error::Content(diagnostics));
    }
    let recounted = rendered.iter().any(|(page, outcome, _)| {
        questions_changed.contains(&page.url)
            && outcome.questions.len() != context.questions.get(&page.url).copied().unwrap_or(0)
    });
    if recounted {
        return Ok(None);
    }
    // Terms an edited page started or stopped using.
    let mut uses_changed = BTreeSet::new();
    let mut print_files = HashSet::new();
    let write = |path: &str, contents: &str| staging.write(path, contents.as_bytes());
    for (page, outcome, files) in rendered {
        write_files(&staging, &files)?;
        let previous = retained.usage.insert(page.url.clone(), outcome.usage.used.clone()).unwrap_or_default();
        uses_changed.extend(previous.symmetric_difference(&outcome.usage.used));
        timer.time("search index", || retained.index.replace(&encode_href(&page.url), outcome.sections, &write))?;
        retained.print_cache.forget(&page.url);
        print_files.insert(retained.print_layout.file_of(&page.url).to_string());
        if questions_changed.contains(&page.url) && !outcome.questions.is_empty() {
            retained.questions.insert(page.url.clone(), outcome.questions);
        }
    }
    for module in context.course.modules.iter() {
        if module.chapters.iter().any(|chapter| questions_changed.contains(&chapter.url)) {
            let written = timer.time("self-test pages", || write_self_test(&context, &staging, module, retained))?;
            // Parts added or taken away change the links between them and the sitemap.
            if !written.iter().eq(special::self_tests_of(&retained.self_tests, &module.page)) {
                return Ok(None);
            }
        }
    }
    if !uses_changed.is_empty() {
        let backlinks = timer.time("backlinks", || backlinks(context.glossary, context.course, &retained.usage));
        let views = Views::with_uses(context.glossary, context.labels, &backlinks, context.course);
        // The entries of those terms, and their runs' uses pages.
        let changed = views.pages_showing_uses_of(&uses_changed);
        let written = timer
            .time("glossary pages", || write_glossary_pages(&context, &views, &staging, Only::Changed(&changed)))?;
        retained.term_warnings = retained.model.term_warnings(&backlinks);
        // Uses pages appear and go as terms come to be used on more or fewer pages than their
        // entries list: the sitemap names them.
        if written != retained.glossary_files {
            special::remove_pages_gone(&config.build_dir, &retained.glossary_files, &written)?;
            if config.site_url.is_some() {
                special::write_sitemap(&context, &staging, &written, &retained.self_tests)?;
            }
            retained.glossary_files = written;
        }
    }
    timer.time("print pages", || {
        print::write(&context, &staging, &retained.print_layout, &print_files, &mut retained.print_cache)
    })?;
    // A new cache for the service worker, so that a browser drops the search files it kept.
    retained.build_id = offline::next_build_id(&retained.build_id, &edited);
    offline::write_service_worker(&context, &staging, &retained.build_id)?;
    diagnostics.extend(retained.load_warnings.iter().cloned());
    diagnostics.extend(retained.term_warnings.iter().cloned());
    diagnostic::sort(&mut diagnostics);
    if options.deny_warnings && !diagnostics.is_empty() {
        return Err(Error::Content(diagnostics));
    }
    Ok(Some(Report {
        output: config.build_dir.clone(),
        pages: context.course.pages().count(),
        rendered: edited.len(),
        terms: context.glossary.terms.len(),
        search_bytes: 0,
        markdown_bytes: retained.model.markdown_bytes,
        warnings: diagnostics,
        elapsed: started.elapsed(),
        steps: timer.into_steps(),
        print_files: Vec::new(),
    }))
}

/// Makes `module`'s self-test page again from its chapters' questions as the session keeps
/// them, as a full build makes it; returns its parts' site paths.
fn write_self_test(
    context: &RenderContext<'_>,
    staging: &Staging,
    module: &Module,
    retained: &Retained,
) -> Result<Vec<String>> {
    let mut self_test = SelfTest::begin(&module.page);
    for (number, chapter) in (1..).zip(&module.chapters) {
        if let Some(questions) = retained.questions.get(&chapter.url) {
            self_test.add(context, staging, chapter, number, questions)?;
        }
    }
    self_test.finish(context, staging)
}

/// The pages (sources relative to the content folder) an incremental rebuild can handle, or
/// `None` when a change needs a full build: anything outside content/, a file that is not
/// Markdown, a page added or removed. A file that came and went since the last build is left
/// out: an editor saving through a temporary file (`X.md___jb_tmp___`, `X.md.tmp`) changed
/// only the page it renamed it to.
fn edited_sources(config: &Config, retained: &Retained, changed: &[PathBuf]) -> Option<Vec<PathBuf>> {
    let mut sources = Vec::new();
    for path in changed {
        let relative = path.strip_prefix(&config.content_dir).ok()?;
        if came_and_went(config, retained, path, relative) {
            continue;
        }
        // Every known page is a Markdown file: any other file, or a page added, needs a full build.
        let known = retained.model.course.pages().any(|p| p.source == relative);
        // A page replaced by a link goes through a full build, whose walk checks where it leads.
        if !known || !path.is_file() || crate::paths::is_link(path) {
            return None;
        }
        if !sources.iter().any(|s: &PathBuf| s == relative) {
            sources.push(relative.to_path_buf());
        }
    }
    Some(sources)
}

/// Whether `path` (`relative` in the content folder) is gone and the last build knew nothing
/// of it: neither a page nor a file it copied, nor a folder holding one, nor a file it warned
/// about (a chapter outside any module).
fn came_and_went(config: &Config, retained: &Retained, path: &Path, relative: &Path) -> bool {
    if relative.as_os_str().is_empty() || path.symlink_metadata().is_ok() {
        return false;
    }
    let course = &retained.model.course;
    // Warnings name files as `check` shows them: from the course's folder.
    let shown = config.content_shown().join(relative);
    // A warning about the path or about something inside it (a folder moved away); many
    // chapters outside any module in one folder are one warning, naming the folder.
    let warned = |d: &Diagnostic| {
        d.path.starts_with(&shown) || (d.code == Code::FileOrphan && shown.parent() == Some(d.path.as_path()))
    };
    let known = course.pages().any(|p| p.source.starts_with(relative))
        || course.assets.iter().any(|a| a.relative.starts_with(relative))
        || retained.load_warnings.iter().any(warned);
    !known
}
