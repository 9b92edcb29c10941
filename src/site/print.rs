//! The print pages: the whole course in one `print.html`, or, for a large course (over
//! [`SPLIT_BYTES`] of Markdown), `print.html` with the home page and a list of one print file
//! per module (a large module's cut into parts, a run of small modules sharing one), so that
//! no page is too big for a browser to open and print.
//!
//! Print files are streamed: the template is rendered around a marker, then the pages'
//! sections are written in reading order, so no print file is held in memory. A full build
//! makes each section in the page's own render, from its text and parse ([`PrintStream`]: no
//! second reading of the course); an incremental rebuild rewrites the print files of the pages
//! it changed, their sections rendered in parallel batches or taken from its cache ([`write`]).

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;

use rayon::prelude::*;

use crate::clock;
use crate::content::url::{encode_href, relative_href};
use crate::content::{Module, Page, PageKind, PageText};
use crate::error::{Error, Result};
use crate::glossary::runs_within;
use crate::markup::{self, escape_html, inline_html, Parsed};
use crate::render::body::Again;
use crate::render::exercises::{answer_key_html, chapter_key_html};
use crate::render::handout::{self, page_css, page_name, ContentsModule, Cover, Handout};
use crate::render::links::{self, Placement, PrintLayout, HANDOUT};
use crate::render::page::Link;
use crate::site::model::RenderContext;
use crate::site::output::{OutFile, Staging};
use crate::site::special;

/// Above this much Markdown, the handout is split: `print.html` keeps the cover, the contents,
/// the home page and the glossary, and each module gets its own print file (small ones share
/// one: [`SHARED_BELOW_BYTES`]), cut into parts of
/// at most this much Markdown (`print-basics.html`, `print-basics-2.html`…) when it is larger,
/// so that no print file grows with a module: a course of 6,000 chapters in one module printed
/// as one file of 61 MB, which no browser opens comfortably, let alone prints.
pub(super) const SPLIT_BYTES: usize = 4 * 1024 * 1024;

/// A module with less Markdown than this (about 75 chapters of an ordinary lesson) shares its
/// print file with the small modules after it, up to [`SPLIT_BYTES`]: a course of 600 modules
/// of 10 chapters, or 6,000 of one, prints a handful of files, not one per module (each a
/// separate PDF to print and to offer).
const SHARED_BELOW_BYTES: usize = SPLIT_BYTES / 16;

/// Decides which print file each page goes into.
pub(super) fn layout(context: &RenderContext<'_>, markdown_bytes: usize) -> PrintLayout {
    let mut layout = PrintLayout::default();
    if markdown_bytes <= SPLIT_BYTES {
        return layout;
    }
    let mut taken: HashSet<String> = HashSet::new();
    // The file that the run of small modules so far shares, and the Markdown it holds.
    let mut shared: Option<(String, usize)> = None;
    for module in &context.course.modules {
        let name = module.page.url.strip_suffix("/index.html").unwrap_or(&module.page.url).replace('/', "-");
        let pages: Vec<&Page> = module_pages(module).collect();
        let sizes: Vec<usize> = pages.iter().map(|page| page.text_len).collect();
        let total: usize = sizes.iter().sum();
        if total < SHARED_BELOW_BYTES {
            let file = match &mut shared {
                Some((file, bytes)) if *bytes + total <= SPLIT_BYTES => {
                    *bytes += total;
                    file.clone()
                }
                _ => {
                    let file = free_file_name(&name, 1, &mut taken);
                    shared = Some((file.clone(), total));
                    file
                }
            };
            for page in &pages {
                layout.files.insert(page.url.clone(), file.clone());
            }
            continue;
        }
        shared = None;
        for (i, run) in runs_within(&sizes, usize::MAX, part_bytes(&sizes)).into_iter().enumerate() {
            let file = free_file_name(&name, i + 1, &mut taken);
            for page in &pages[run] {
                layout.files.insert(page.url.clone(), file.clone());
            }
        }
    }
    layout
}

/// How much Markdown each part of a module's print file holds: the module shared about evenly
/// among as few parts as [`SPLIT_BYTES`] allows (a module of 4.4 MB in two parts of about 2.2 MB,
/// not one of 4 MB and one of 0.4 MB), plus room for one page, so that cutting before the page
/// that would overflow a part does not make one part more (a very long chapter makes the parts
/// less even); never more than [`SPLIT_BYTES`].
fn part_bytes(sizes: &[usize]) -> usize {
    let total: usize = sizes.iter().sum();
    let parts = total.div_ceil(SPLIT_BYTES).max(1);
    let largest = sizes.iter().copied().max().unwrap_or(0);
    (total.div_ceil(parts) + largest).min(SPLIT_BYTES)
}

/// A module's pages in reading order: its own page, then its chapters.
fn module_pages(module: &Module) -> impl Iterator<Item = &Page> {
    std::iter::once(&module.page).chain(&module.chapters)
}

/// The name of part `part` (from 1) of the print file of the module named `name`:
/// `print-{name}.html`, `print-{name}-2.html`…, followed by `-2`, `-3`… in the rare case that
/// another module's file has it already (a module named `basics-2` beside a long `basics`).
fn free_file_name(name: &str, part: usize, taken: &mut HashSet<String>) -> String {
    let stem = if part == 1 { format!("print-{name}") } else { format!("print-{name}-{part}") };
    let mut file = format!("{stem}.html");
    let mut again = 1;
    while !taken.insert(file.clone()) {
        again += 1;
        file = format!("{stem}-{again}.html");
    }
    file
}

/// Print sections kept between rebuilds by a session whose course has a single print file, so
/// that an edit re-renders one section, not the whole course. (A large course has one print
/// file per module, or per part of a module, of at most [`SPLIT_BYTES`] of Markdown, and
/// re-rendering one is quick enough.)
#[derive(Debug, Default)]
pub(super) struct Cache {
    sections: HashMap<String, Section>,
}

/// One page in a print file: its HTML and its part of the module's answer key.
#[derive(Debug, Default)]
pub(super) struct Section {
    html: String,
    key: String,
}

impl Cache {
    /// Drops the section of an edited page.
    pub(super) fn forget(&mut self, page_url: &str) {
        self.sections.remove(page_url);
    }
}

/// Rewrites the print files named in `only` (an incremental rebuild: the files of the edited
/// pages), their sections rendered again or, for a course printed in one file, taken from
/// `cache`. (A full build writes them as the pages render: [`PrintStream`].)
pub(super) fn write(
    context: &RenderContext<'_>,
    staging: &Staging,
    layout: &PrintLayout,
    only: &HashSet<String>,
    cache: &mut Cache,
) -> Result<()> {
    let cache = Some(cache).filter(|_| layout.files.is_empty());
    let wanted = |file: &str| only.contains(file);
    let course = context.course;
    if layout.files.is_empty() {
        if !wanted(HANDOUT) {
            return Ok(());
        }
        let pages: Vec<&Page> = course.pages().collect();
        return write_file(context, staging, layout, handout_file(context, layout), &pages, cache);
    }
    for part in module_files(context, layout) {
        if wanted(part.file) {
            write_file(context, staging, layout, part.opening(context, layout), &part.pages, None)?;
        }
    }
    if !wanted(HANDOUT) {
        return Ok(());
    }
    let home: Vec<&Page> = course.home.iter().collect();
    write_file(context, staging, layout, handout_file(context, layout), &home, None)
}

/// What a print file opens with: its name, title and `Handout` values, the module it
/// continues (a later part of a module opens inside it), and whether the course's glossary
/// ends it (`print.html`).
struct Opening<'a> {
    file: &'a str,
    title: &'a str,
    continued: Option<&'a Module>,
    handout: Handout,
    glossary: bool,
}

/// `print.html`'s opening: the cover, the contents, and, in one file, every module's running head.
fn handout_file<'a>(context: &RenderContext<'a>, layout: &PrintLayout) -> Opening<'a> {
    let modules: Vec<&Module> =
        if layout.files.is_empty() { context.course.modules.iter().collect() } else { Vec::new() };
    Opening {
        file: HANDOUT,
        title: context.labels.print,
        continued: None,
        handout: handout_values(context, layout, HANDOUT, &modules),
        glossary: true,
    }
}

/// The `Handout` values of the print file `file` holding `modules`: the cover and contents in
/// `print.html`, and each module's running head.
fn handout_values(context: &RenderContext<'_>, layout: &PrintLayout, file: &str, modules: &[&Module]) -> Handout {
    Handout {
        paper: context.config.paper.css_size(),
        cover: (file == HANDOUT).then(|| cover(context)),
        contents: if file == HANDOUT { contents(context, layout) } else { Vec::new() },
        page_css: page_css(
            context.config.paper.css_size(),
            &modules.iter().map(|m| (module_number(context, &m.page.url), &*m.page.front.title)).collect::<Vec<_>>(),
        ),
    }
}

/// One print file of a split handout: a module's, a part of a large module's, or a run of
/// small modules'.
pub(super) struct ModuleFile<'a> {
    /// Its modules: one, or a run of small ones.
    pub(super) modules: Vec<&'a Module>,
    /// Its name in the site, e.g. `print-pre-2.html`.
    pub(super) file: &'a str,
    /// The module's title, for a part with its chapters (售前咨询 · 第 503–1000 章), for a run
    /// of modules the first's and the last's (售前咨询 – 投诉处理).
    pub(super) title: String,
    /// Its pages in reading order (a module's own page first, but in a later part).
    pages: Vec<&'a Page>,
    /// A later part of a module: it opens inside the module.
    continued: bool,
}

/// The module print files of a split handout in reading order (none for a course printed in
/// `print.html` alone), each with its title: the files to write, and the PDFs the home page
/// offers for them.
pub(super) fn module_files<'a>(context: &RenderContext<'a>, layout: &'a PrintLayout) -> Vec<ModuleFile<'a>> {
    if layout.files.is_empty() {
        return Vec::new();
    }
    let mut files: Vec<ModuleFile<'a>> = Vec::new();
    for module in &context.course.modules {
        let pages: Vec<&Page> = module_pages(module).collect();
        let parts: Vec<&[&Page]> = pages.chunk_by(|a, b| layout.file_of(&a.url) == layout.file_of(&b.url)).collect();
        let mut offset = 0;
        for (part, part_pages) in parts.iter().enumerate() {
            let file = layout.file_of(&part_pages[0].url);
            // The part's pages are `pages[offset..]`: the module's page is 0, chapter n is n.
            let (first, last) = (offset.max(1), offset + part_pages.len() - 1);
            offset += part_pages.len();
            if let Some(run) = files.last_mut().filter(|f| f.file == file && part == 0) {
                // A small module after others in their shared file.
                let first_title = &run.modules[0].page.front.title;
                run.title = format!("{first_title} – {}", module.page.front.title);
                run.modules.push(module);
                run.pages.extend_from_slice(part_pages);
                continue;
            }
            let title = match (parts.len(), first <= last) {
                (1, _) | (_, false) => module.page.front.title.to_string(),
                _ => format!("{} · {}", module.page.front.title, chapter_range(context, first, last)),
            };
            files.push(ModuleFile {
                modules: vec![module],
                file,
                title,
                pages: part_pages.to_vec(),
                continued: part > 0,
            });
        }
    }
    files
}

impl<'a> ModuleFile<'a> {
    /// What the file opens with.
    fn opening(&self, context: &RenderContext<'_>, layout: &PrintLayout) -> Opening<'_> {
        Opening {
            file: self.file,
            title: &self.title,
            continued: self.continued.then_some(self.modules[0]),
            handout: handout_values(context, layout, self.file, &self.modules),
            glossary: false,
        }
    }
}

/// Chapters `first` to `last` of a module (from 1), as a part's title says them: 第 101–200 章.
fn chapter_range(context: &RenderContext<'_>, first: usize, last: usize) -> String {
    let numbers = if first == last { first.to_string() } else { format!("{first}–{last}") };
    context.labels.chapter_range.replace("{numbers}", &numbers)
}

/// The opening of the element holding a module's sections and answer key in a print file:
/// its pages are named after the module (`page: m3`), so they carry its title as running head.
fn module_division(context: &RenderContext<'_>, module_url: &str) -> String {
    format!("<div class=\"print-part\" style=\"page: {}\">\n", page_name(module_number(context, module_url)))
}

/// The module's number in the course, from 1, which names its pages (`page: m3`) in the
/// handout's CSS and in the print file that holds it: looked up by URL in the navigation, not
/// searched for (a print file of thousands of small modules asks for each of them).
fn module_number(context: &RenderContext<'_>, module_url: &str) -> usize {
    context.nav.module_of(module_url).map_or(0, |i| i + 1)
}

/// The handout's cover: the course, its authors, the date of the build (`SOURCE_DATE_EPOCH`
/// when set, for reproducible builds).
fn cover(context: &RenderContext<'_>) -> Cover {
    Cover {
        title: context.config.title.clone(),
        description: context.config.description.as_deref().map(markup::plain_text),
        authors: context.config.authors.clone(),
        date: clock::iso_date(clock::build_seconds()),
    }
}

/// The handout's contents: every module and chapter, linking to its section in whichever
/// print file holds it.
fn contents(context: &RenderContext<'_>, layout: &PrintLayout) -> Vec<ContentsModule> {
    let href = |page: &Page| {
        let file = layout.file_of(&page.url);
        let anchor = encode_href(&links::print_anchor(&page.url, None));
        if file == HANDOUT {
            format!("#{anchor}")
        } else {
            format!("{}#{anchor}", relative_href(HANDOUT, file))
        }
    };
    context
        .course
        .modules
        .iter()
        .map(|module| ContentsModule {
            link: Link { title: module.page.front.title.to_string(), href: href(&module.page) },
            chapters: module
                .chapters
                .iter()
                .map(|chapter| Link { title: chapter.front.title.to_string(), href: href(chapter) })
                .collect(),
        })
        .collect()
}

/// How many pages of a print file are rendered at once (in parallel) before they are written:
/// enough to keep both cores busy, few enough that a batch of long chapters stays small.
const PRINT_BATCH: usize = 64;

/// Writes one print file whole: its `pages` rendered a batch at a time, in parallel (or taken
/// from `cache`, which keeps the fresh ones).
fn write_file(
    context: &RenderContext<'_>,
    staging: &Staging,
    layout: &PrintLayout,
    opening: Opening<'_>,
    pages: &[&Page],
    mut cache: Option<&mut Cache>,
) -> Result<()> {
    let name = opening.file;
    let mut file = PrintFile::open(context, staging, opening)?;
    for batch in pages.chunks(PRINT_BATCH) {
        let cached = cache.as_deref();
        let sections: Vec<Option<Section>> = batch
            .par_iter()
            .map(|page| match cached.and_then(|c| c.sections.get(&page.url)) {
                Some(_) => Ok(None),
                None => section_of(context, page, name, layout).map(Some),
            })
            .collect::<Result<_>>()?;
        for (page, fresh) in batch.iter().zip(sections) {
            // A fresh section is written, then kept (not copied); a cached one is written from the cache.
            match (fresh, cache.as_deref_mut()) {
                (Some(section), cache) => {
                    file.add(context, page, &section)?;
                    if let Some(cache) = cache {
                        cache.sections.insert(page.url.clone(), section);
                    }
                }
                (None, Some(cache)) => {
                    let section = cache.sections.get(&page.url);
                    file.add(context, page, section.unwrap_or(&Section::default()))?;
                }
                (None, None) => {}
            }
        }
    }
    file.close(context)
}

/// The print files written as the pages come back from rendering, in reading order, each
/// page's section made by the page's own render from its text and parse (not read and parsed
/// again), so that a full build prints without a pass of its own. `print.html` stays open to
/// the end: the course's glossary ends it.
pub(super) struct PrintStream<'a> {
    layout: &'a PrintLayout,
    handout: PrintFile,
    /// The module file being written, with its name.
    current: Option<(&'a str, PrintFile)>,
    /// The module files after it, in reading order.
    next: std::vec::IntoIter<ModuleFile<'a>>,
    /// Where a session keeps the sections of a course printed in one file.
    cache: Option<&'a mut Cache>,
}

impl<'a> PrintStream<'a> {
    /// Opens `print.html`; the module files open as their first pages come.
    pub(super) fn begin(
        context: &RenderContext<'a>,
        staging: &Staging,
        layout: &'a PrintLayout,
        cache: Option<&'a mut Cache>,
    ) -> Result<PrintStream<'a>> {
        Ok(PrintStream {
            layout,
            handout: PrintFile::open(context, staging, handout_file(context, layout))?,
            current: None,
            next: module_files(context, layout).into_iter(),
            cache: cache.filter(|_| layout.files.is_empty()),
        })
    }

    /// Which print file each page is printed in (its section's links are written for it).
    pub(super) fn layout(&self) -> &'a PrintLayout {
        self.layout
    }

    /// Adds the next page's section, in reading order.
    pub(super) fn add(
        &mut self,
        context: &RenderContext<'_>,
        staging: &Staging,
        page: &Page,
        section: Section,
    ) -> Result<()> {
        let file = self.layout.file_of(&page.url);
        if file != HANDOUT && self.current.as_ref().is_none_or(|(name, _)| *name != file) {
            if let Some((_, done)) = self.current.take() {
                done.close(context)?;
            }
            // The layout gives each module file a run of pages in reading order, as
            // `module_files` lists them: the next file is always found.
            let next = self.next.find(|next| next.file == file);
            debug_assert!(next.is_some(), "print file {file} is not among the module files after the last");
            if let Some(next) = next {
                self.current =
                    Some((next.file, PrintFile::open(context, staging, next.opening(context, self.layout))?));
            }
        }
        match &mut self.current {
            Some((name, current)) if *name == file => current.add(context, page, &section)?,
            _ => self.handout.add(context, page, &section)?,
        }
        if let Some(cache) = self.cache.as_deref_mut() {
            cache.sections.insert(page.url.clone(), section);
        }
        Ok(())
    }

    /// Ends the last module file and `print.html`.
    pub(super) fn finish(self, context: &RenderContext<'_>) -> Result<()> {
        if let Some((_, current)) = self.current {
            current.close(context)?;
        }
        self.handout.close(context)
    }
}

/// A print file being written, its pages added in reading order.
struct PrintFile {
    out: OutFile,
    /// The template's end, after the pages.
    tail: Vec<u8>,
    /// The title of the module being written and its answer key so far: each module's key
    /// follows its last chapter.
    key: (String, String),
    /// Whether a module's element is open: a module's sections and key sit in one element
    /// whose pages are named after the module (`page: m3`), so they carry its title as running head.
    in_module: bool,
    /// Whether the course's glossary ends the file.
    glossary: bool,
}

impl PrintFile {
    /// Opens the print file: its template's start written, the file's pages to follow.
    /// The start goes to the file as it is made (the contents of a course of 6,000
    /// chapters with titles of 1,000 characters are 34 MB of it); its end, after the marker
    /// standing for the pages, is kept for [`PrintFile::close`].
    fn open(context: &RenderContext<'_>, staging: &Staging, opening: Opening<'_>) -> Result<PrintFile> {
        const MARKER: &str = "\u{1}coursebook-print-content\u{1}";
        let info = special::page_info("print", opening.title, MARKER.to_string(), context.config, opening.file);
        let mut out = staging.create(opening.file)?;
        let mut opening_html = UpToMarker::new(&mut out.writer, MARKER.as_bytes());
        let rendered = context.write_page_html("print.html", opening.file, info, opening.handout, &mut opening_html);
        let (tail, write_error) = opening_html.end();
        if let Some(error) = write_error {
            return Err(Error::io(out.path(), error));
        }
        rendered?;
        let tail = tail.ok_or_else(|| Error::Template {
            name: "print.html".into(),
            message: "the print template must output {{ page.content | safe }}".into(),
        })?;
        let mut file = PrintFile {
            out,
            tail,
            // Before any module (the home page's questions), the key is titled by the course.
            key: (context.config.title.clone(), String::new()),
            in_module: false,
            glossary: opening.glossary,
        };
        // A later part of a module's print file starts inside the module: its pages are named
        // after the module and its answer key is titled by it, as in the first part.
        if let Some(module) = opening.continued {
            file.key.0 = module.page.front.title.to_string();
            file.write(module_division(context, &module.page.url).as_bytes())?;
            file.in_module = true;
        }
        Ok(file)
    }

    /// Adds a page's section (a module's page closes the previous module's key and element).
    fn add(&mut self, context: &RenderContext<'_>, page: &Page, section: &Section) -> Result<()> {
        if page.kind == PageKind::Module {
            let (title, entries) = std::mem::replace(&mut self.key, (page.front.title.to_string(), String::new()));
            self.write(answer_key_html(&title, &entries, context.labels).as_bytes())?;
            if self.in_module {
                self.write(b"</div>\n")?;
            }
            self.write(module_division(context, &page.url).as_bytes())?;
            self.in_module = true;
        }
        self.write(section.html.as_bytes())?;
        self.key.1.push_str(&section.key);
        Ok(())
    }

    /// Ends the file: the last module's key, the glossary (`print.html`), the template's end.
    fn close(mut self, context: &RenderContext<'_>) -> Result<()> {
        let key = std::mem::take(&mut self.key);
        self.write(answer_key_html(&key.0, &key.1, context.labels).as_bytes())?;
        if self.in_module {
            self.write(b"</div>\n")?;
        }
        if self.glossary {
            // Written a piece at a time (never held whole).
            let path = self.out.path().to_path_buf();
            handout::write_glossary(&mut self.out.writer, context.glossary, context.labels)
                .map_err(|e| Error::io(&path, e))?;
        }
        let tail = std::mem::take(&mut self.tail);
        self.write(&tail)?;
        self.out.finish()
    }

    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.out.writer.write_all(bytes).map_err(|e| Error::io(self.out.path(), e))
    }
}

/// A print template's output on its way to its file: written through up to the marker that
/// stands for the file's pages, what follows the marker kept (the template's end).
struct UpToMarker<'w, W: std::io::Write> {
    out: &'w mut W,
    marker: &'static [u8],
    /// Bytes not yet written (up to [`MARKER_HOLD_BYTES`], the last of them perhaps the
    /// marker's start); once it is found, what followed it.
    held: Vec<u8>,
    found: bool,
    /// The file's own error, when writing to it failed (the template sees a copy).
    error: Option<std::io::Error>,
}

/// How many bytes [`UpToMarker`] gathers before it writes them on.
const MARKER_HOLD_BYTES: usize = 64 * 1024;

impl<'w, W: std::io::Write> UpToMarker<'w, W> {
    fn new(out: &'w mut W, marker: &'static [u8]) -> Self {
        UpToMarker { out, marker, held: Vec::new(), found: false, error: None }
    }

    /// Writes the first `count` held bytes on and lets go of them.
    fn pass(&mut self, count: usize) -> std::io::Result<()> {
        if let Err(error) = self.out.write_all(&self.held[..count]) {
            let copy = std::io::Error::new(error.kind(), error.to_string());
            self.error = Some(error);
            return Err(copy);
        }
        self.held.drain(..count);
        Ok(())
    }

    /// What followed the marker (None when there was no marker, all then written), and the
    /// file's error if writing to it failed.
    fn end(mut self) -> (Option<Vec<u8>>, Option<std::io::Error>) {
        if self.found {
            return (Some(self.held), self.error);
        }
        // After a failed write, nothing more is written: the first error is the one reported.
        if self.error.is_none() {
            let everything = self.held.len();
            let _ = self.pass(everything);
        }
        (None, self.error)
    }
}

impl<W: std::io::Write> std::io::Write for UpToMarker<'_, W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.found {
            self.held.extend_from_slice(bytes);
            return Ok(bytes.len());
        }
        // The marker may have started in what is held: look again from there, not before.
        let from = self.held.len().saturating_sub(self.marker.len() - 1);
        self.held.extend_from_slice(bytes);
        if let Some(at) = self.held[from..].windows(self.marker.len()).position(|w| w == self.marker) {
            self.pass(from + at)?;
            self.held.drain(..self.marker.len());
            self.found = true;
        } else if self.held.len() >= MARKER_HOLD_BYTES {
            self.pass(self.held.len() - (self.marker.len() - 1))?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One page as a section of a print file, its text read again.
fn section_of(context: &RenderContext<'_>, page: &Page, file: &str, layout: &PrintLayout) -> Result<Section> {
    let page = &page.text().map_err(|changed| Error::Content(vec![changed]))?;
    Ok(section(context, page, markup::parse(page.body(), context.options, &context.theme.page_ids), None, file, layout))
}

/// What a print section's tags take besides its texts.
const SECTION_FRAME_BYTES: usize = 128;

/// One page, parsed, as a section of the print file `file`, with its questions' part of the
/// answer key; `again`, what its own render left when it has rendered (its questions read).
pub(super) fn section(
    context: &RenderContext<'_>,
    page: &PageText<'_>,
    parsed: Parsed<'_>,
    again: Option<Again<'_>>,
    file: &str,
    layout: &PrintLayout,
) -> Section {
    let placement = Placement::PrintPage(file, layout);
    let renderer = context.body_renderer();
    let body = match again {
        Some(again) => renderer.render_again(parsed, page, placement, again),
        // The page's own render has already reported its problems.
        None => renderer.render(parsed, page, placement, &mut Vec::new()).0,
    };
    let anchor = links::print_anchor(&page.url, None);
    let (tag, class) = match page.kind {
        PageKind::Home => ("h1", "print-home"),
        PageKind::Module => ("h1", "print-module"),
        PageKind::Chapter => ("h2", "print-chapter"),
    };
    let title = if page.front.title.is_empty() { context.config.title.as_str() } else { &page.front.title };
    let summary = match (page.kind, &page.front.summary) {
        (PageKind::Chapter, Some(summary)) => {
            format!("<p class=\"print-summary\">{}</p>\n", inline_html(summary, context.config.raw_html))
        }
        _ => String::new(),
    };
    let terms = if page.kind == PageKind::Chapter {
        handout::chapter_terms_html(context.glossary, &page.url, context.labels)
    } else {
        String::new()
    };
    // Made in room of its size: written by `format!`, a large chapter's section doubled its
    // room as it grew (8 MB held for a section of 4.4 MB).
    let (anchor, title_html) = (escape_html(&anchor), escape_html(title));
    let mut html = String::with_capacity(
        SECTION_FRAME_BYTES + anchor.len() + title_html.len() + summary.len() + terms.len() + body.html.len(),
    );
    let _ = write!(
        html,
        "<section class=\"{class}\" id=\"{anchor}\"><{tag} class=\"print-title\">{title_html}</{tag}>\n{summary}{terms}{}</section>\n",
        body.html
    );
    Section { html, key: chapter_key_html(title, &body.questions, context.labels, context.config.raw_html) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: usize = 1024 * 1024;

    /// What [`UpToMarker`] writes and keeps of `text` given in pieces of `piece` bytes.
    fn split_at_marker(text: &[u8], piece: usize) -> (Vec<u8>, Option<Vec<u8>>) {
        let mut written = Vec::new();
        let mut splitter = UpToMarker::new(&mut written, b"<<M>>");
        for chunk in text.chunks(piece) {
            std::io::Write::write_all(&mut splitter, chunk).expect("memory takes every byte");
        }
        let (tail, error) = splitter.end();
        assert!(error.is_none());
        (written, tail)
    }

    #[test]
    fn a_template_is_written_up_to_its_marker_whatever_pieces_it_comes_in() {
        let long_start = "目录".repeat(MARKER_HOLD_BYTES / 3);
        for start in ["", "<<", "<<M>", "ab<", long_start.as_str()] {
            let text = format!("{start}<<M>>end <<M>> again");
            for piece in [1, 2, 3, 4, 5, 7, 1000, MARKER_HOLD_BYTES + 1] {
                let (written, tail) = split_at_marker(text.as_bytes(), piece);
                assert_eq!(written, start.as_bytes(), "{start:.10}, pieces of {piece}");
                assert_eq!(tail.as_deref(), Some(&b"end <<M>> again"[..]), "{start:.10}, pieces of {piece}");
            }
        }
        let (written, tail) = split_at_marker(b"no marker <<M> here", 3);
        assert_eq!((written.as_slice(), tail), (&b"no marker <<M> here"[..], None), "all written, no end kept");
    }

    /// A file that takes no byte, as on a full disk.
    struct Full;

    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_file_that_cannot_be_written_is_an_error_of_the_file_not_a_missing_marker() {
        for text in ["start <<M>>end".to_string(), "目录".repeat(MARKER_HOLD_BYTES)] {
            let mut full = Full;
            let mut splitter = UpToMarker::new(&mut full, b"<<M>>");
            let failed = std::io::Write::write_all(&mut splitter, text.as_bytes()).expect_err("nothing written");
            assert_eq!(failed.to_string(), "disk full", "the template is told");
            let (_, error) = splitter.end();
            assert_eq!(error.map(|e| e.to_string()).as_deref(), Some("disk full"), "the file's own error kept");
        }
    }

    #[test]
    fn a_module_is_cut_into_as_few_parts_as_4_mib_allows_about_evenly() {
        let runs = |sizes: &[usize]| runs_within(sizes, usize::MAX, part_bytes(sizes));
        assert_eq!(runs(&[]), Vec::<std::ops::Range<usize>>::new());
        assert_eq!(runs(&[SPLIT_BYTES]), vec![0..1], "one page of any size is one part");
        assert_eq!(runs(&[MIB; 4]), vec![0..4], "exactly 4 MiB is one part");
        // 4 MiB and one byte: two parts, not 4 MiB and a byte.
        let mut sizes = vec![MIB / 2; 8];
        sizes.push(1);
        assert_eq!(runs(&sizes).len(), 2);
        assert!(runs(&sizes).iter().all(|run| run.len() >= 4), "{:?}", runs(&sizes));
        // 4.4 MiB of even chapters: two about even halves (2.3 and 2.1 MiB).
        let sizes = vec![MIB / 10; 44];
        assert_eq!(runs(&sizes), vec![0..23, 23..44]);
        // Never more than 4 MiB a part, however many parts.
        let sizes = vec![300 * 1024; 100];
        assert!(runs(&sizes).iter().all(|run| sizes[run.clone()].iter().sum::<usize>() <= SPLIT_BYTES));
    }

    #[test]
    fn a_part_never_takes_the_name_of_another_modules_file() {
        let mut taken = HashSet::new();
        assert_eq!(free_file_name("pre", 1, &mut taken), "print-pre.html");
        assert_eq!(free_file_name("pre", 2, &mut taken), "print-pre-2.html");
        assert_eq!(free_file_name("pre-2", 1, &mut taken), "print-pre-2-2.html", "a module named like a part");
        assert_eq!(free_file_name("售后 服务", 1, &mut taken), "print-售后 服务.html");
    }
}
