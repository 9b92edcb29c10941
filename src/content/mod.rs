//! Content: finds a course's pages on disk, reads them, parses their front matter.
//!
//! The main type is [`Course`]: the optional home page, the modules in order with their
//! chapters in order, and the asset files to copy. Ordering and URL rules are those of
//! FORMAT.md. Content loads and validates pages; it never renders them.

pub(crate) mod boundary;
pub(crate) mod front_matter;
pub(crate) mod history;
pub(crate) mod term;
pub(crate) mod url;

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostic::{line_col, Code, Diagnostic, LineIndex};
use crate::labels::{labels, Examples};
use boundary::Boundary;
use front_matter::{FrontMatter, Requirement};

/// What a page is in the course's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PageKind {
    /// `content/index.md`: the site's front page, listing the modules as cards.
    Home,
    /// A module folder's `index.md`: the module page, listing its chapters as cards.
    Module,
    /// Any other Markdown file in a module folder: one chapter of the module.
    Chapter,
}

/// One Markdown file of the course, read and with its front matter parsed.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    /// Home, module or chapter page: decides its template, cards and place in reading order.
    pub(crate) kind: PageKind,
    /// Path relative to the content folder, as written on disk.
    pub(crate) source: PathBuf,
    /// Path relative to the course root, for messages.
    pub(crate) display_path: PathBuf,
    /// Output path relative to the site root, `/`-separated, not percent-encoded.
    pub(crate) url: String,
    /// The parsed front matter: title, summary, terms.
    pub(crate) front: FrontMatter,
    /// The whole file text, or where to read it again (see [`Page::text`]).
    text: Text,
    /// Byte offset where the Markdown body starts in the text.
    pub(crate) body_offset: usize,
    /// The text's length in bytes.
    pub(crate) text_len: usize,
    /// A hash of the text: tells an edited page (the offline cache's name) and a file that
    /// changed on disk after it was read.
    pub(crate) fingerprint: u64,
}

/// Where a page's text is: held since it was read, or, once a build lets it go so that a big
/// course's Markdown is not held while its site is written, in its file (the full path).
#[derive(Debug, Clone)]
enum Text {
    Held(String),
    OnDisk(PathBuf),
}

impl Page {
    /// The page with its text at hand, read again from its file when the build let it go (and
    /// refused, naming the file, when the file changed since it was first read).
    pub(crate) fn text(&self) -> Result<PageText<'_>, Diagnostic> {
        let text = match &self.text {
            Text::Held(text) => Cow::Borrowed(text.as_str()),
            Text::OnDisk(path) => {
                let changed = || {
                    Diagnostic::error(Code::FileChanged, &self.display_path, 0, 0, "the file changed during the build")
                        .with_help("build again once the file is saved")
                };
                // A file that cannot be read, or is no longer UTF-8, has changed as surely.
                let text = as_read(std::fs::read_to_string(path).map_err(|_| changed())?);
                if text.len() != self.text_len || fingerprint(&text) != self.fingerprint {
                    return Err(changed());
                }
                Cow::Owned(text)
            }
        };
        Ok(PageText { page: self, text, lines: OnceCell::new() })
    }

    /// A page of `kind` with no file and no text (the home page of a course without
    /// `content/index.md`), at `source` and `url`.
    pub(crate) fn without_file(kind: PageKind, source: PathBuf, url: String) -> Page {
        let display_path = source.clone();
        let (text_len, fingerprint) = (0, fingerprint(""));
        let (front, text, body_offset) = (FrontMatter::default(), Text::Held(String::new()), 0);
        Page { kind, source, display_path, url, front, text, body_offset, text_len, fingerprint }
    }

    /// The whole text for a message's excerpt: empty when it cannot be had (a message is
    /// still worth giving without it).
    pub(crate) fn text_for_message(&self) -> String {
        self.text().map(|text| text.text().to_string()).unwrap_or_default()
    }

    /// Lets the text go: from now on [`Page::text`] reads it again from `path`, its file.
    fn let_text_go(&mut self, path: PathBuf) {
        self.text = Text::OnDisk(path);
    }
}

/// A page and its text, for as long as it is being worked on.
pub(crate) struct PageText<'p> {
    page: &'p Page,
    text: Cow<'p, str>,
    /// Where the text's lines start, found at the page's first problem: a page of thousands of
    /// problems then finds each one's line without reading the text from its start again.
    lines: OnceCell<LineIndex>,
}

impl PageText<'_> {
    /// The whole file text, front matter included.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// The Markdown after the front matter.
    pub(crate) fn body(&self) -> &str {
        &self.text[self.page.body_offset..]
    }

    /// File line and column of a byte offset into the body.
    pub(crate) fn body_position(&self, body_offset: usize) -> (usize, usize) {
        self.lines().position(&self.text, self.page.body_offset + body_offset)
    }

    /// Where the text's lines start, for a problem's line ([`Diagnostic::with_source_indexed`]).
    pub(crate) fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::of(&self.text))
    }
}

impl Deref for PageText<'_> {
    type Target = Page;

    fn deref(&self) -> &Page {
        self.page
    }
}

/// The hash that [`Page::fingerprint`] holds.
fn fingerprint(text: &str) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// A file's text as a page reads it: U+0000 as U+FFFD, wherever it is written (CommonMark 2.3),
/// so that no NUL reaches a page (code blocks and raw HTML included; the renderer marks
/// questions with it); and a line ended by a carriage return alone (an old Mac file) as one
/// ended by a line feed, as CommonMark reads it, so that the front matter's `---` lines are
/// found (one byte for one: every line and column stays where the author sees it).
pub(crate) fn as_read(text: String) -> String {
    let text = if text.contains('\0') { text.replace('\0', "\u{FFFD}") } else { text };
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // One ASCII byte replaced by another: the text stays UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A module: a folder under `content/` with an `index.md`, and its chapters in order.
#[derive(Debug, Clone)]
pub(crate) struct Module {
    /// The module's own page, from its folder's `index.md`.
    pub(crate) page: Page,
    /// The module's chapters in reading order; empty when it has none.
    pub(crate) chapters: Vec<Page>,
}

/// A file copied to the site as it is.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    /// Absolute path of the file on disk, to copy from.
    pub(crate) source: PathBuf,
    /// Path relative to the content folder.
    pub(crate) relative: PathBuf,
    /// Path in the site: as on disk, except that a module folder's numeric prefix is dropped.
    pub(crate) url: String,
}

/// The whole course as found on disk.
#[derive(Debug, Clone, Default)]
pub(crate) struct Course {
    /// The front page from `content/index.md`; None when absent (a home page is then generated).
    pub(crate) home: Option<Page>,
    /// The modules in reading order (ordered as FORMAT.md says).
    pub(crate) modules: Vec<Module>,
    /// Non-Markdown files (images, downloads…) to copy into the site.
    pub(crate) assets: Vec<Asset>,
    /// Markdown files in no module (`CB-FILE-ORPHAN`), relative to the content folder: not
    /// published, so a link to one is told apart from a link to nothing.
    pub(crate) orphans: HashSet<PathBuf>,
}

impl Course {
    /// Every page: home, then each module followed by its chapters.
    pub(crate) fn pages(&self) -> impl Iterator<Item = &Page> {
        self.home.iter().chain(self.modules.iter().flat_map(|m| std::iter::once(&m.page).chain(m.chapters.iter())))
    }

    /// Every page, to change, in the order of [`Course::pages`].
    fn pages_mut(&mut self) -> impl Iterator<Item = &mut Page> {
        let home = self.home.iter_mut();
        home.chain(self.modules.iter_mut().flat_map(|m| std::iter::once(&mut m.page).chain(m.chapters.iter_mut())))
    }

    /// Lets go of what the glossary copied from every term in the pages' front matter (its
    /// definition, its see-also names, its aliases), once the glossary holds them as it shows
    /// them: a build that keeps nothing for a next one reads them no more (3,000 definitions of
    /// 2–5 KB were 10 MB held to the build's end; 6,000 terms of 40 see-also names of 100
    /// characters, 104 MB).
    pub(crate) fn let_go_of_glossary_texts(&mut self) {
        for term in self.pages_mut().flat_map(|page| page.front.terms.iter_mut()) {
            term.definition = String::new();
            term.see = Vec::new();
            term.aliases = Vec::new();
        }
    }

    /// The page read from `source` (relative to the content folder), to replace it after an edit.
    pub(crate) fn page_mut(&mut self, source: &Path) -> Option<&mut Page> {
        self.pages_mut().find(|p| p.source == source)
    }
}

/// The result of loading: what could be loaded, and every problem found on the way.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    /// Every page that loaded, and a stand-in for each page whose front matter has mistakes;
    /// pages that could not be read are left out (see `failed_pages`).
    pub(crate) course: Course,
    /// Errors and warnings found while loading; empty when all is well.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Pages that exist but could not be loaded: links to them are not reported as broken.
    pub(crate) failed_pages: Vec<PathBuf>,
    /// The files whose terms are not known, their front matter not read: a link to an unknown
    /// term may be to one of theirs.
    pub(crate) terms_unknown_in: Vec<TermsUnknown>,
}

/// A file (as shown to the author) whose terms are not known, and why, in a note for the
/// author: a link to an unknown term may be to one of its terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TermsUnknown {
    /// The file that could not be read.
    pub(crate) file: PathBuf,
    /// Why its terms are unknown, and until when.
    pub(crate) why: &'static str,
}

/// Why the terms of a page are unknown: its front matter, or the whole file, could not be read.
const PAGE_UNREAD: &str = "its front matter could not be read: the terms it defines are unknown until it is mended";
/// Why the terms of a module's chapters are unknown: its page could not be read.
const MODULE_UNREAD: &str =
    "this module page could not be read, so its chapters are left out: the terms they define are unknown until it is mended";

/// A Markdown file found on disk, before reading.
struct Found {
    kind: PageKind,
    relative: PathBuf,
    /// Index of the module it belongs to (for chapters and module pages).
    module: usize,
}

/// What becomes of the pages' texts once they are loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Texts {
    /// Held in memory, for a session that compares a page with its next version.
    Held,
    /// Let go (see [`Page::text`]): a build that keeps nothing for a next one reads each page
    /// again where it renders it, rather than hold the course's Markdown while it writes the
    /// site.
    LetGo,
}

/// Walks `config.content_dir` and reads every page, in parallel; the texts are held.
pub(crate) fn load(config: &Config) -> Loaded {
    load_studying(config, Texts::Held, |_| ()).0
}

/// [`load`], with `study` run on each page that loads while its text is at hand (its results
/// in no particular order), and the texts then held or let go as `texts` says. A text let go is
/// let go as soon as it is studied, so its memory serves the next file read.
pub(crate) fn load_studying<T: Send>(
    config: &Config,
    texts: Texts,
    study: impl Fn(&PageText<'_>) -> T + Sync,
) -> (Loaded, Vec<T>) {
    let root = &config.content_dir;
    let examples = labels(config.language).examples;
    let display_base = config.content_shown().to_path_buf();
    let mut walk = Walk {
        root,
        display_base: &display_base,
        boundary: Boundary::of_content(config),
        found: Vec::new(),
        assets: Vec::new(),
        orphans: HashSet::new(),
        diagnostics: Vec::new(),
    };
    let mut module_dirs: Vec<PathBuf> = Vec::new();

    let top = match read_dir_sorted(root) {
        Ok(entries) => entries,
        Err(e) => {
            let diagnostics = vec![Diagnostic::error(
                Code::FileUnreadable,
                &display_base,
                0,
                0,
                format!("cannot read the content folder: {e}"),
            )
            .with_help("create it, or set `src` in [book] of book.toml")];
            return (Loaded { diagnostics, ..Loaded::default() }, Vec::new());
        }
    };
    for entry in top {
        let Some((name, relative)) = walk.admit(&entry, Path::new("")) else {
            continue;
        };
        if entry.is_dir() {
            if entry.join("index.md").is_file() {
                let module = module_dirs.len();
                module_dirs.push(relative.clone());
                walk.module(&relative, module);
            } else {
                walk.assets_below(&relative);
            }
        } else if name == "index.md" {
            walk.found.push(Found { kind: PageKind::Home, relative, module: 0 });
        } else if is_markdown(&name) {
            walk.orphans.insert(relative);
        } else {
            walk.asset(relative);
        }
    }
    let Walk { found, mut assets, orphans, mut diagnostics, .. } = walk;
    diagnostics.extend(orphan_warnings(&orphans, &display_base));

    // Each file's page (itself, or a stand-in for one whose front matter has mistakes) with
    // what was studied of it, its problems, and whether the terms it defines are known.
    let read: Vec<(usize, Option<(Page, T)>, Vec<Diagnostic>, bool)> = found
        .par_iter()
        .map(|f| {
            let (page, mut problems, terms_known) = match read_page(root, &display_base, f, examples) {
                Ok(page) => (Some(page), Vec::new(), true),
                Err(Misread { problems, stand_in, terms_known }) => (stand_in, problems, terms_known),
            };
            let studied = page.and_then(|mut page| {
                let studied = match page.text() {
                    Ok(text) => study(&text),
                    Err(unread) => {
                        problems.push(unread);
                        return None;
                    }
                };
                if texts == Texts::LetGo {
                    page.let_text_go(root.join(&f.relative));
                }
                Some((page, studied))
            });
            (f.module, studied, problems, terms_known)
        })
        .collect();
    let mut failed_pages = Vec::new();
    let mut studies = Vec::with_capacity(read.len());

    let mut course = Course::default();
    let mut module_pages: Vec<Option<Page>> = vec![None; module_dirs.len()];
    let mut chapters: Vec<Vec<Page>> = vec![Vec::new(); module_dirs.len()];
    let mut terms_unknown_in = Vec::new();
    for ((module, studied, problems, terms_known), f) in read.into_iter().zip(&found) {
        diagnostics.extend(problems);
        if !terms_known {
            // A module page that could not be read at all takes its chapters out with it.
            let why = if studied.is_none() && f.kind == PageKind::Module { MODULE_UNREAD } else { PAGE_UNREAD };
            terms_unknown_in.push(TermsUnknown { file: display_base.join(&f.relative), why });
        }
        let Some((page, studied)) = studied else {
            failed_pages.push(f.relative.clone());
            continue;
        };
        studies.push(studied);
        match page.kind {
            PageKind::Home => course.home = Some(page),
            PageKind::Module => module_pages[module] = Some(page),
            PageKind::Chapter => chapters[module].push(page),
        }
    }
    let mut modules: Vec<Module> = Vec::with_capacity(module_pages.len());
    for (page, mut chapters) in module_pages.into_iter().zip(chapters) {
        match page {
            Some(page) => {
                chapters.sort_by(|a, b| order_key(a).cmp(&order_key(b)));
                // Grown a page at a time: up to half its room unused, kept for the whole build.
                chapters.shrink_to_fit();
                modules.push(Module { page, chapters });
            }
            // A module whose page cannot be read is left out with its chapters; they exist, so
            // links to them are not reported as broken while the module page is being fixed.
            None => failed_pages.extend(chapters.into_iter().map(|chapter| chapter.source)),
        }
    }
    modules.sort_by(|a, b| order_key(&a.page).cmp(&order_key(&b.page)));
    course.modules = modules;
    for asset in &mut assets {
        asset.url = url::asset_url(&asset.relative, &module_dirs);
    }
    assets.sort_by(|a, b| a.relative.cmp(&b.relative));
    course.assets = assets;
    course.orphans = orphans;
    diagnostics.extend(url::output_problems(&course, &display_base));
    (Loaded { course, diagnostics, failed_pages, terms_unknown_in }, studies)
}

/// Sort key: explicit `order`, else the numeric prefix of the file or folder name, else the name.
fn order_key(page: &Page) -> (i64, String) {
    let name = url::source_stem(page);
    let number = page.front.order.or_else(|| url::numeric_prefix(&name).map(|(n, _)| n));
    (number.unwrap_or(i64::MAX), name)
}

/// The walk over the content folder: what it found so far and what was wrong.
struct Walk<'a> {
    root: &'a Path,
    display_base: &'a Path,
    boundary: Boundary,
    found: Vec<Found>,
    assets: Vec<Asset>,
    orphans: HashSet<PathBuf>,
    diagnostics: Vec<Diagnostic>,
}

impl Walk<'_> {
    /// The name and content-relative path of an entry of the folder `parent`, or None when it
    /// is skipped: hidden, not UTF-8, or a link leading out of the course (reported).
    fn admit(&mut self, entry: &Path, parent: &Path) -> Option<(String, PathBuf)> {
        let name = utf8_name(entry, &self.display_base.join(parent), &mut self.diagnostics)?;
        if name.starts_with('.') {
            return None;
        }
        let relative = parent.join(&name);
        if let Err(escape) = self.boundary.check(entry) {
            self.diagnostics.push(escape.diagnostic(&self.display_base.join(&relative)));
            return None;
        }
        Some((name, relative))
    }

    fn asset(&mut self, relative: PathBuf) {
        self.assets.push(Asset { source: self.root.join(&relative), relative, url: String::new() });
    }

    /// The pages and files of one module folder.
    fn module(&mut self, module_dir: &Path, module: usize) {
        let entries = match read_dir_sorted(&self.root.join(module_dir)) {
            Ok(entries) => entries,
            Err(e) => {
                self.diagnostics.push(Diagnostic::error(
                    Code::FileUnreadable,
                    self.display_base.join(module_dir),
                    0,
                    0,
                    format!("cannot read folder: {e}"),
                ));
                return;
            }
        };
        for entry in entries {
            let Some((name, relative)) = self.admit(&entry, module_dir) else {
                continue;
            };
            if entry.is_dir() {
                self.assets_below(&relative);
            } else if name == "index.md" {
                self.found.push(Found { kind: PageKind::Module, relative, module });
            } else if is_markdown(&name) {
                self.found.push(Found { kind: PageKind::Chapter, relative, module });
            } else {
                self.asset(relative);
            }
        }
    }

    /// Every file below `dir` (relative to the content folder) is an asset, copied as it is.
    /// Links are followed only while they stay inside the course.
    fn assets_below(&mut self, dir: &Path) {
        let mut walker = WalkDir::new(self.root.join(dir)).follow_links(true).sort_by_file_name().into_iter();
        while let Some(next) = walker.next() {
            let entry = match next {
                Ok(entry) => entry,
                Err(e) => {
                    let at = e.path().unwrap_or(self.root).to_path_buf();
                    let display = self.display_base.join(at.strip_prefix(self.root).unwrap_or(&at));
                    if let Err(escape) = self.boundary.check(&at) {
                        self.diagnostics.push(escape.diagnostic(&display));
                        continue;
                    }
                    let (code, message) = if e.loop_ancestor().is_some() {
                        (Code::SymlinkLoop, "this link leads back into a folder that contains it".to_string())
                    } else {
                        let cause = e.io_error().map_or_else(|| e.to_string(), ToString::to_string);
                        (Code::FileUnreadable, format!("cannot read: {cause}"))
                    };
                    self.diagnostics.push(Diagnostic::error(code, display, 0, 0, message));
                    continue;
                }
            };
            let Ok(relative) = entry.path().strip_prefix(self.root).map(Path::to_path_buf) else {
                continue;
            };
            let hidden = relative.components().any(|c| c.as_os_str().to_str().is_some_and(|s| s.starts_with('.')));
            if hidden {
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
            if entry.path_is_symlink() {
                if let Err(escape) = self.boundary.check(entry.path()) {
                    self.diagnostics.push(escape.diagnostic(&self.display_base.join(&relative)));
                    if entry.file_type().is_dir() {
                        walker.skip_current_dir();
                    }
                    continue;
                }
            }
            if entry.file_type().is_file() {
                // Markdown outside a module (a folder without index.md, a module's subfolder)
                // is no page, and its source is not published either.
                if is_markdown(&entry.file_name().to_string_lossy()) {
                    self.orphans.insert(relative);
                } else {
                    self.asset(relative);
                }
            }
        }
    }
}

/// Above this many Markdown files outside any module in one folder, the folder gets one
/// warning naming a few of them: a folder of 5,000 chapters without its index.md said the
/// same thing 5,000 times.
const ORPHANS_NAMED: usize = 3;

/// The warnings for Markdown files that belong to no module (`CB-FILE-ORPHAN`): one per file,
/// or one per folder holding more than [`ORPHANS_NAMED`], in path order.
fn orphan_warnings(orphans: &HashSet<PathBuf>, display_base: &Path) -> Vec<Diagnostic> {
    const HELP: &str = "to publish it as a chapter, move it directly into a module's folder (one with an index.md); as a file to download, give it another extension, such as .txt";
    const HELP_MANY: &str = "to publish them as chapters, move them directly into a module's folder (one with an index.md); as files to download, give them another extension, such as .txt";
    let mut by_folder: std::collections::BTreeMap<&Path, Vec<&PathBuf>> = std::collections::BTreeMap::new();
    for file in orphans {
        by_folder.entry(file.parent().unwrap_or(Path::new(""))).or_default().push(file);
    }
    let mut warnings = Vec::new();
    for (folder, mut files) in by_folder {
        files.sort();
        if files.len() <= ORPHANS_NAMED {
            warnings.extend(files.into_iter().map(|file| {
                let message = "this Markdown file is not in a module and is not published";
                Diagnostic::warning(Code::FileOrphan, display_base.join(file), 0, 0, message).with_help(HELP)
            }));
            continue;
        }
        let named: Vec<String> = files
            .iter()
            .take(ORPHANS_NAMED)
            .map(|file| format!("`{}`", file.file_name().unwrap_or_default().to_string_lossy()))
            .collect();
        let message = format!(
            "{} Markdown files in this folder are not in a module and are not published: {}…",
            front_matter::grouped(files.len()),
            named.join(", ")
        );
        let help = if folder.parent().is_some_and(|p| p.as_os_str().is_empty()) {
            "to publish them as a module's chapters, add an index.md to the folder (its front matter gives the module's title); or move them into a module's folder"
        } else {
            HELP_MANY
        };
        // The content folder itself is named without a trailing slash.
        let shown = if folder.as_os_str().is_empty() { display_base.to_path_buf() } else { display_base.join(folder) };
        warnings.push(Diagnostic::warning(Code::FileOrphan, shown, 0, 0, message).with_help(help));
    }
    warnings
}

fn read_dir_sorted(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    Ok(entries)
}

fn utf8_name(path: &Path, display_base: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
    let name = path.file_name()?;
    match name.to_str() {
        Some(s) => Some(s.to_string()),
        None => {
            diagnostics.push(
                Diagnostic::error(
                    Code::FileName,
                    display_base.join(name),
                    0,
                    0,
                    "file name is not valid UTF-8; it is skipped",
                )
                .with_help("rename the file using UTF-8 characters"),
            );
            None
        }
    }
}

fn is_markdown(name: &str) -> bool {
    Path::new(name).extension().is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// A page that could not be read whole: its problems, and, when only its front matter has
/// mistakes, a stand-in (the body whole, the front matter as far as it could be read), so
/// that the body's problems and the links to the page are checked in the same run. A course
/// with a stand-in has errors, so no site is written from it.
#[derive(Debug)]
pub(crate) struct Misread {
    /// Every problem found in the file.
    pub(crate) problems: Vec<Diagnostic>,
    /// The page to check in its place; None when its body cannot be told (a file over a limit,
    /// a front matter not closed, a file that cannot be read).
    pub(crate) stand_in: Option<Page>,
    /// Whether the terms the page defines are known (its front matter read past its mistakes).
    pub(crate) terms_known: bool,
}

impl From<Vec<Diagnostic>> for Misread {
    fn from(problems: Vec<Diagnostic>) -> Misread {
        Misread { problems, stand_in: None, terms_known: false }
    }
}

fn read_page(root: &Path, display_base: &Path, found: &Found, examples: &Examples) -> Result<Page, Misread> {
    let display_path = display_base.join(&found.relative);
    let text = read_text(&root.join(&found.relative), &display_path)?;
    parse_page_or_stand_in(found.kind, &found.relative, display_path, text, examples)
}

/// Reads and parses one page from disk (also after an edit, in watch mode); the problems'
/// examples in words of `examples`.
pub(crate) fn reread_page(
    root: &Path,
    kind: PageKind,
    relative: &Path,
    display_path: PathBuf,
    examples: &Examples,
) -> Result<Page, Vec<Diagnostic>> {
    let text = read_text(&root.join(relative), &display_path)?;
    parse_page(kind, relative, display_path, text, examples)
}

/// The text of the file at `path`, shown to the author as `display_path`, refused when it is
/// not UTF-8.
fn read_text(path: &Path, display_path: &Path) -> Result<String, Vec<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|e| {
        vec![Diagnostic::error(Code::FileUnreadable, display_path, 0, 0, format!("cannot read file: {e}"))]
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
        let (line, column) = line_col(&String::from_utf8_lossy(&e.as_bytes()[..valid]), valid);
        vec![Diagnostic::error(Code::FileEncoding, display_path, line, column, "file is not valid UTF-8")
            .with_help("save the file as UTF-8 (GBK and other encodings are not accepted)")
            .with_source(&lossy)]
    })
}

/// Builds a page from its text, refusing a text beyond the limits of FORMAT.md (file size, line
/// length): pure, so tests can build pages from strings. Problems give examples in words of
/// `examples` (the course's language).
pub(crate) fn parse_page(
    kind: PageKind,
    source: &Path,
    display_path: PathBuf,
    text: String,
    examples: &Examples,
) -> Result<Page, Vec<Diagnostic>> {
    parse_page_or_stand_in(kind, source, display_path, text, examples).map_err(|misread| misread.problems)
}

/// [`parse_page`], with a stand-in for a page whose front matter has mistakes ([`Misread`]).
pub(crate) fn parse_page_or_stand_in(
    kind: PageKind,
    source: &Path,
    display_path: PathBuf,
    text: String,
    examples: &Examples,
) -> Result<Page, Misread> {
    let text = as_read(text);
    front_matter::check_limits(&display_path, &text)?;
    let split = front_matter::split(&text).map_err(|_| {
        vec![Diagnostic::error(Code::FmUnclosed, &display_path, 1, 1, "front matter is not closed")
            .with_help("end the YAML block with a line `---`")
            .with_source(&text)]
    })?;
    let requirement = if kind == PageKind::Home { Requirement::AllOptional } else { Requirement::TitleRequired };
    let (front, problems) = match front_matter::parse(&display_path, &text, &split, requirement, examples) {
        Ok(front) => (Some(front), None),
        Err(mistaken) => (mistaken.read, Some(mistaken.problems)),
    };
    let terms_known = front.is_some();
    let front = front.unwrap_or_default();
    let body_offset = split.body_offset;
    let url = url::page_url(kind, source);
    let (text_len, fingerprint) = (text.len(), fingerprint(&text));
    let page = Page {
        kind,
        source: source.to_path_buf(),
        display_path,
        url,
        front,
        text: Text::Held(text),
        body_offset,
        text_len,
        fingerprint,
    };
    match problems {
        None => Ok(page),
        Some(problems) => Err(Misread { problems, stand_in: Some(page), terms_known }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;

    const CHAPTER: &str = "---\ntitle: 开场白\n---\n\n## 问候\n\n您好。\n";

    /// A one-module course in a temporary folder, loaded with its texts as `texts` says; the
    /// study of each page is the length of its body.
    fn loaded(texts: Texts) -> (tempfile::TempDir, Course, Vec<usize>) {
        let dir = tempfile::tempdir().unwrap();
        let module = dir.path().join("content/01-basics");
        std::fs::create_dir_all(&module).unwrap();
        std::fs::write(dir.path().join("book.toml"), "[book]\ntitle = \"课程\"\n").unwrap();
        std::fs::write(module.join("index.md"), "---\ntitle: 基础\n---\n").unwrap();
        std::fs::write(module.join("01-hello.md"), CHAPTER).unwrap();
        let config = Config::load(dir.path(), &Overrides::default()).unwrap();
        let (loaded, mut studies) = load_studying(&config, texts, |page| page.body().len());
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        studies.sort_unstable();
        (dir, loaded.course, studies)
    }

    #[test]
    fn a_text_let_go_is_read_again_and_refused_once_its_file_changed() {
        let (dir, course, studies) = loaded(Texts::LetGo);
        let body_len = CHAPTER.len() - CHAPTER.find("\n## ").unwrap();
        assert_eq!(studies, vec![0, body_len], "each page is studied while its text is at hand");
        let chapter = &course.modules[0].chapters[0];
        assert_eq!(chapter.text().unwrap().text(), CHAPTER, "read again, unchanged");
        assert_eq!(chapter.text().unwrap().body_position(1), (5, 1));

        let file = dir.path().join("content/01-basics/01-hello.md");
        std::fs::write(&file, CHAPTER.replace("您好", "你好")).unwrap();
        let changed = chapter.text().err().expect("a file of the same size but other text is refused");
        assert_eq!(changed.code, Code::FileChanged);
        assert_eq!(changed.path, Path::new("content/01-basics/01-hello.md"));
        assert!(changed.help.as_deref().unwrap_or_default().contains("build again"), "{changed:?}");
        assert_eq!(chapter.text_for_message(), "", "a message goes without the excerpt");

        std::fs::remove_file(&file).unwrap();
        assert_eq!(chapter.text().err().map(|d| d.code), Some(Code::FileChanged), "a file gone is refused too");
    }

    #[test]
    fn a_held_text_stays_what_was_read() {
        let (dir, course, _) = loaded(Texts::Held);
        std::fs::write(dir.path().join("content/01-basics/01-hello.md"), "---\ntitle: 新\n---\n").unwrap();
        let chapter = &course.modules[0].chapters[0];
        assert_eq!(chapter.text().unwrap().body(), &CHAPTER[chapter.body_offset..]);
        assert_eq!(chapter.text_len, CHAPTER.len());
    }
}
