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

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostic::{line_col, Code, Diagnostic};
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
    /// The whole file text.
    pub(crate) text: String,
    /// Byte offset where the Markdown body starts in `text`.
    pub(crate) body_offset: usize,
}

impl Page {
    /// The Markdown after the front matter.
    pub(crate) fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// File line and column of a byte offset into the body.
    pub(crate) fn body_position(&self, body_offset: usize) -> (usize, usize) {
        line_col(&self.text, self.body_offset + body_offset)
    }
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
}

impl Course {
    /// Every page: home, then each module followed by its chapters.
    pub(crate) fn pages(&self) -> impl Iterator<Item = &Page> {
        self.home.iter().chain(self.modules.iter().flat_map(|m| std::iter::once(&m.page).chain(m.chapters.iter())))
    }

    /// The page read from `source` (relative to the content folder), to replace it after an edit.
    pub(crate) fn page_mut(&mut self, source: &Path) -> Option<&mut Page> {
        let home = self.home.iter_mut();
        let modules = self.modules.iter_mut().flat_map(|m| std::iter::once(&mut m.page).chain(m.chapters.iter_mut()));
        home.chain(modules).find(|p| p.source == source)
    }
}

/// The result of loading: what could be loaded, and every problem found on the way.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    /// Every page that loaded; pages with errors are left out (see `failed_pages`).
    pub(crate) course: Course,
    /// Errors and warnings found while loading; empty when all is well.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Pages that exist but could not be loaded: links to them are not reported as broken.
    pub(crate) failed_pages: Vec<PathBuf>,
}

/// A Markdown file found on disk, before reading.
struct Found {
    kind: PageKind,
    relative: PathBuf,
    /// Index of the module it belongs to (for chapters and module pages).
    module: usize,
}

/// Walks `config.content_dir` and reads every page, in parallel.
pub(crate) fn load(config: &Config) -> Loaded {
    let root = &config.content_dir;
    let examples = labels(config.language).examples;
    let display_base = root.strip_prefix(&config.root).unwrap_or(root).to_path_buf();
    let mut walk = Walk {
        root,
        display_base: &display_base,
        boundary: Boundary::of(config),
        found: Vec::new(),
        assets: Vec::new(),
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
            return Loaded { course: Course::default(), diagnostics, failed_pages: Vec::new() };
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
            walk.diagnostics.push(
                Diagnostic::warning(
                    Code::FileOrphan,
                    display_base.join(&relative),
                    0,
                    0,
                    "this Markdown file is not in a module and is not published",
                )
                .with_help("move it into a module folder (a folder with an index.md)"),
            );
        } else {
            walk.asset(relative);
        }
    }
    let Walk { found, mut assets, mut diagnostics, .. } = walk;

    let read: Vec<Result<(usize, Page), (PathBuf, Vec<Diagnostic>)>> = found
        .par_iter()
        .map(|f| {
            read_page(root, &display_base, f, examples).map(|p| (f.module, p)).map_err(|d| (f.relative.clone(), d))
        })
        .collect();
    let mut failed_pages = Vec::new();

    let mut course = Course::default();
    let mut module_pages: Vec<Option<Page>> = vec![None; module_dirs.len()];
    let mut chapters: Vec<Vec<Page>> = vec![Vec::new(); module_dirs.len()];
    for result in read {
        match result {
            Ok((module, page)) => match page.kind {
                PageKind::Home => course.home = Some(page),
                PageKind::Module => module_pages[module] = Some(page),
                PageKind::Chapter => chapters[module].push(page),
            },
            Err((source, found)) => {
                failed_pages.push(source);
                diagnostics.extend(found);
            }
        }
    }
    let mut modules: Vec<Module> = Vec::with_capacity(module_pages.len());
    for (page, mut chapters) in module_pages.into_iter().zip(chapters) {
        match page {
            Some(page) => {
                chapters.sort_by(|a, b| order_key(a).cmp(&order_key(b)));
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
    diagnostics.extend(url::output_problems(&course, &display_base));
    Loaded { course, diagnostics, failed_pages }
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
                self.asset(relative);
            }
        }
    }
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

fn read_page(root: &Path, display_base: &Path, found: &Found, examples: &Examples) -> Result<Page, Vec<Diagnostic>> {
    reread_page(root, found.kind, &found.relative, display_base.join(&found.relative), examples)
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
    let bytes = std::fs::read(root.join(relative)).map_err(|e| {
        vec![Diagnostic::error(Code::FileUnreadable, &display_path, 0, 0, format!("cannot read file: {e}"))]
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
        let (line, column) = line_col(&String::from_utf8_lossy(&e.as_bytes()[..valid]), valid);
        vec![Diagnostic::error(Code::FileEncoding, &display_path, line, column, "file is not valid UTF-8")
            .with_help("save the file as UTF-8 (GBK and other encodings are not accepted)")
            .with_source(&lossy)]
    })?;
    parse_page(kind, relative, display_path, text, examples)
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
    // CommonMark (2.3): U+0000 is replaced by U+FFFD, wherever it is written, so that no NUL
    // reaches a page (code blocks and raw HTML included; the renderer marks questions with it).
    let text = if text.contains('\0') { text.replace('\0', "\u{FFFD}") } else { text };
    front_matter::check_limits(&display_path, &text)?;
    let split = front_matter::split(&text).map_err(|_| {
        vec![Diagnostic::error(Code::FmUnclosed, &display_path, 1, 1, "front matter is not closed")
            .with_help("end the YAML block with a line `---`")
            .with_source(&text)]
    })?;
    let requirement = if kind == PageKind::Home { Requirement::AllOptional } else { Requirement::TitleRequired };
    let front = front_matter::parse(&display_path, &text, &split, requirement, examples)?;
    let body_offset = split.body_offset;
    let url = url::page_url(kind, source);
    Ok(Page { kind, source: source.to_path_buf(), display_path, url, front, text, body_offset })
}
