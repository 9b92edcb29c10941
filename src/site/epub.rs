//! The course as an EPUB 3 e-book, `course.epub`, in the build folder (the home page offers it
//! for download): for a phone's or an e-reader's book app, offline, with no script.
//!
//! Made natively, page by page in reading order: a cover (the course's title, description and
//! authors), the navigation document (`nav.xhtml`, modules → chapters, and an NCX for older
//! readers), the home page, each module followed by its chapters and, unless the answers are
//! for print only, its answer key, then the glossary (the site's pages of it, each term with
//! its stars, level, English name and definition). A page's body comes from the pass that
//! renders it for the site, its questions filled in as a worksheet, then becomes XHTML (`markup::to_xhtml`), where every link to a page of the course is pointed at the
//! book's file for it (a term link at the glossary's entry) and the course's images are taken
//! into the book. Links to other files of the course point to the published site when
//! `site-url` is set, and become plain text otherwise; images from the web become their
//! description (an EPUB holds every image it shows).
//!
//! The book's files have names of their own (`m01-002.xhtml`, `images/0003.png`), ASCII and
//! without spaces, so that every reader opens them. A page's document is made from its body as
//! the site renders it, in the same pass (see [`BookWriter`]): the book costs no second
//! rendering of the course.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::io::{Cursor, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use sha1::{Digest, Sha1};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use crate::clock;
use crate::config::Reveal;
use crate::content::url::{decode, encode_uri};
use crate::content::{Page, PageKind};
use crate::error::{Error, Result};
use crate::exercises::Question;
use crate::markup::{self, escape_html, escape_xml, to_xhtml, Address, Addresses};
use crate::render::exercises::{answer_key_html, chapter_key_html};
use crate::render::glossary_pages::{GlossaryPage, Views};
use crate::render::links::has_scheme;
use crate::site::archive::Entry;
use crate::site::model::RenderContext;
use crate::site::output::Staging;

/// The folder of the book's files inside the EPUB container.
const PACKAGE_DIR: &str = "EPUB";

/// The images an EPUB reader must show (EPUB 3's core media types), by file extension.
const IMAGE_TYPES: [(&str, &str); 5] = [
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("svg", "image/svg+xml"),
];

/// zlib-rs's level for the book's few files not compressed as its pages are (its container,
/// navigation and package): level 2 makes a tenth less than level 1 in half the time of the
/// default.
const DEFLATE_LEVEL: i64 = 2;

/// Options of a file in the book: deflated (a picture stored), dated 1980-01-01 and readable by
/// everyone. The book is written with the `zip` crate, not with the site's zip (`archive.rs`):
/// rawzip puts every entry's sizes after its data, and a reader that reads a container from
/// its start (Java's `ZipInputStream`, used by e-reader apps) cannot read a stored entry so
/// written, such as the book's first, `mimetype`. Its content documents are compressed as the
/// site's pages are ([`Entry`], in the thread that made them) and copied in with their sizes
/// before their data.
fn entry_options(name: &str) -> SimpleFileOptions {
    let extension = name.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
    // The book's pictures are of its image types; all but SVG (text) are compressed already.
    let picture = IMAGE_TYPES.iter().any(|&(ext, media)| ext == extension && media != "image/svg+xml");
    let (method, level) =
        if picture { (CompressionMethod::Stored, None) } else { (CompressionMethod::Deflated, Some(DEFLATE_LEVEL)) };
    SimpleFileOptions::default()
        .compression_method(method)
        .compression_level(level)
        .last_modified_time(DateTime::DEFAULT)
        .unix_permissions(0o644)
        .system(System::Unix)
}

/// The stylesheet of the book: a file of the theme's `static/` (also copied with the site's).
const STYLESHEET: &str = "epub.css";

const CONTAINER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
"#;

/// A content document of the book.
struct Doc {
    /// Its file in the package, e.g. `m01-002.xhtml`.
    file: String,
    /// What the navigation calls it (a page's title shared with the page).
    title: Arc<str>,
    /// How deep the navigation lists it: 0 for a module, 1 for its chapters.
    depth: u8,
    /// It holds inline SVG or MathML (the manifest says so).
    svg: bool,
    mathml: bool,
}

/// What the book is made of, decided before any page is rendered.
pub(super) struct Book {
    /// Site path of each page and glossary page → its file in the book.
    files: HashMap<String, String>,
    /// Site path of each image of the course → its file in the book and its media type.
    images: HashMap<String, (String, &'static str)>,
    /// `[output.html] site-url`, ending with `/`: links to files the book does not hold go there.
    site_url: Option<String>,
}

impl Book {
    /// Names the book's files: one per page, glossary page and image.
    pub(super) fn plan(context: &RenderContext<'_>) -> Book {
        let course = context.course;
        let mut pages: Vec<(&Page, String)> = Vec::new();
        if let Some(home) = &course.home {
            pages.push((home, "home.xhtml".into()));
        }
        for (m, module) in course.modules.iter().enumerate() {
            pages.push((&module.page, format!("m{:02}.xhtml", m + 1)));
            for (c, chapter) in module.chapters.iter().enumerate() {
                pages.push((chapter, format!("m{:02}-{:03}.xhtml", m + 1, c + 1)));
            }
        }
        let mut files: HashMap<String, String> = pages.into_iter().map(|(p, f)| (p.url.clone(), f)).collect();
        files.insert("glossary.html".into(), "glossary.xhtml".into());
        for part in &context.glossary.parts {
            files.insert(part.file.clone(), xhtml_name(&part.file));
        }
        let images = course
            .assets
            .iter()
            .enumerate()
            .filter_map(|(i, asset)| {
                let extension = asset.url.rsplit_once('.')?.1.to_ascii_lowercase();
                let (extension, media) = IMAGE_TYPES.iter().find(|(ext, _)| *ext == extension)?;
                Some((asset.url.clone(), (format!("images/{:04}.{extension}", i + 1), *media)))
            })
            .collect();
        let site_url = context.config.site_url.as_ref().map(|url| format!("{}/", url.trim_end_matches('/')));
        Book { files, images, site_url }
    }
}

/// `glossary-a.html` → `glossary-a.xhtml`.
fn xhtml_name(site_file: &str) -> String {
    format!("{}.xhtml", site_file.strip_suffix(".html").unwrap_or(site_file))
}

/// Where the links and images of one page of the book point, and which images it shows.
struct Refs<'b> {
    book: &'b Book,
    /// The site path of the page the links are written on.
    base: &'b str,
    /// Site paths of the images the page shows.
    used: RefCell<BTreeSet<String>>,
}

impl<'b> Refs<'b> {
    fn new(book: &'b Book, base: &'b str) -> Refs<'b> {
        Refs { book, base, used: RefCell::new(BTreeSet::new()) }
    }

    /// The site path a relative address leads to, from the page (None: out of the site).
    /// Strings, not paths: a page of a dense course has a hundred links.
    fn resolve(&self, path: &str) -> Option<String> {
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        if path.is_empty() {
            return Some(self.base.to_string());
        }
        let decoded = if path.contains('%') { decode(path) } else { path.to_string() };
        let mut parts: Vec<&str> = self.base.split('/').collect();
        parts.pop();
        for piece in decoded.split('/') {
            match piece {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                other => parts.push(other),
            }
        }
        Some(parts.join("/"))
    }
}

impl Addresses for Refs<'_> {
    fn link(&self, href: &str) -> Address {
        if href.starts_with('#') || has_scheme(href) {
            return Address::To(href.to_string());
        }
        if href.starts_with("//") {
            return Address::To(format!("https:{href}"));
        }
        let (path, fragment) = href.find('#').map_or((href, ""), |i| href.split_at(i));
        let Some(target) = self.resolve(path) else { return Address::Nowhere };
        match (self.book.files.get(&target), &self.book.site_url) {
            (Some(file), _) => Address::To(format!("{file}{fragment}")),
            (None, Some(site)) => Address::To(format!("{site}{}{fragment}", encode_uri(&target))),
            (None, None) => Address::Nowhere,
        }
    }

    fn image(&self, src: &str) -> Address {
        if has_scheme(src) || src.starts_with("//") || src.starts_with('#') {
            return Address::Nowhere;
        }
        let path = src.split_once('#').map_or(src, |(p, _)| p);
        match self.resolve(path).and_then(|target| self.book.images.get(&target).map(|image| (target, image))) {
            Some((target, (file, _))) => {
                self.used.borrow_mut().insert(target);
                Address::To(file.clone())
            }
            None => Address::Nowhere,
        }
    }
}

/// A page of the book, rendered and compressed, with what the rest of the book needs of it.
pub(super) struct BookPage {
    doc: Doc,
    /// The document's XHTML, compressed in the thread that made it.
    entry: Entry,
    /// Site paths of the images it shows.
    images: BTreeSet<String>,
    /// A chapter's part of its module's answer key.
    key: String,
}

/// The book, written while the site's pages are rendered: each page's body, rendered once for
/// the site, becomes its content document in the same pass (only a page with questions is
/// rendered again, as a worksheet), and the documents are added in reading order as each
/// module's pages come back; [`BookWriter::finish`] adds the glossary, the navigation and the
/// package once every page is in.
pub(super) struct BookWriter<'c, W: Write + Seek> {
    zip: ZipWriter<W>,
    /// The file being written, for messages.
    path: PathBuf,
    docs: Vec<Doc>,
    images: BTreeSet<String>,
    /// The module being written (its number, title and site path), and its chapters' part of
    /// the answer key so far.
    module: Option<(usize, &'c str, &'c str)>,
    key: String,
    modules_seen: usize,
}

/// The book as a build writes it: into a file of the site being written.
pub(super) type SiteBook<'c, 'w> = BookWriter<'c, &'w mut std::io::BufWriter<std::fs::File>>;

impl<'c, W: Write + Seek> BookWriter<'c, W> {
    /// Starts the book in `writer` (the file at `path`): the container's type first,
    /// uncompressed (readers recognise an EPUB by its first bytes), then its description.
    pub(super) fn begin(writer: W, path: PathBuf) -> Result<BookWriter<'c, W>> {
        let mut book = BookWriter {
            zip: ZipWriter::new(writer),
            path,
            docs: Vec::new(),
            images: BTreeSet::new(),
            module: None,
            key: String::new(),
            modules_seen: 0,
        };
        let stored = entry_options("mimetype").compression_method(CompressionMethod::Stored).compression_level(None);
        book.write_entry("mimetype", stored, b"application/epub+zip")?;
        book.write_entry("META-INF/container.xml", entry_options("container.xml"), CONTAINER.as_bytes())?;
        Ok(book)
    }

    /// Adds the next page of the book (pages come in reading order), and a module's answer
    /// key when the next module starts.
    pub(super) fn add(
        &mut self,
        context: &RenderContext<'_>,
        book: &Book,
        page: &'c Page,
        rendered: BookPage,
    ) -> Result<()> {
        if page.kind == PageKind::Module {
            self.close_module(context, book)?;
            self.modules_seen += 1;
            self.module = Some((self.modules_seen, &page.front.title, &page.url));
        }
        self.add_document(&rendered)?;
        self.docs.push(rendered.doc);
        self.images.extend(rendered.images);
        self.key.push_str(&rendered.key);
        Ok(())
    }

    /// Adds a file to the book, compressed as it is written (by zlib-rs, on this thread: a
    /// compressor made and dropped for each of thousands of pages in the threads rendering them
    /// left the allocator holding twice the build's memory; the content documents are
    /// compressed by the thread's own libdeflate compressor, [`Entry`]).
    fn write_entry(&mut self, name: &str, options: SimpleFileOptions, bytes: &[u8]) -> Result<()> {
        self.write_entry_with(name, options, &|out| out.write_all(bytes))
    }

    /// [`Self::write_entry`] for a file that `write` writes as it makes it (a table of contents
    /// of thousands of long titles is never held whole).
    fn write_entry_with(&mut self, name: &str, options: SimpleFileOptions, write: Writes<'_>) -> Result<()> {
        self.zip.start_file(name, options).map_err(zip_error(&self.path))?;
        write(&mut self.zip).map_err(|e| Error::io(&self.path, e))
    }

    /// Adds a content document, compressed already, to the package: copied as it is (through
    /// a zip of its own, which the `zip` crate reads), its sizes before its data.
    fn add_document(&mut self, page: &BookPage) -> Result<()> {
        let fail = zip_error(&self.path);
        let alone = page.entry.alone().map_err(|e| Error::io(&self.path, e))?;
        let mut archive = zip::ZipArchive::new(Cursor::new(alone)).map_err(fail)?;
        let file = archive.by_index_raw(0).map_err(fail)?;
        self.zip.raw_copy_file(file).map_err(fail)
    }

    /// Adds the answer key of the module being written, when its chapters have questions.
    fn close_module(&mut self, context: &RenderContext<'_>, book: &Book) -> Result<()> {
        let Some((number, title, url)) = self.module.take() else { return Ok(()) };
        let entries = std::mem::take(&mut self.key);
        if entries.is_empty() {
            return Ok(());
        }
        let html = answer_key_html(title, &entries, context.labels);
        let heading = format!("{}{}{title}", context.labels.answer_key, context.labels.colon);
        let file = format!("m{number:02}-answers.xhtml");
        let rendered =
            content_doc(context, book, url, DocPlace { file: &file, title: Arc::from(heading), depth: 1 }, "", &html);
        self.add_document(&rendered)?;
        self.docs.push(rendered.doc);
        Ok(())
    }

    /// Ends the book once every page is in: the last answer key, the glossary, the cover,
    /// the navigation, the package, the stylesheet and the images (read back from the site).
    /// Returns the writer, for the file to be finished.
    pub(super) fn finish(mut self, context: &RenderContext<'_>, book: &Book, staging: &Staging) -> Result<W> {
        self.close_module(context, book)?;
        let views = Views::new(context.glossary, context.labels);
        let glossary_pages = if context.glossary.terms.is_empty() { Vec::new() } else { views.glossary_pages() };
        let mut glossary_pages = glossary_pages.into_iter();
        let mut glossary_docs = Vec::new();
        // A few parts at a time, in parallel, each written once made: the glossary's parts are
        // never held all at once (75 parts of about 600 KB with 30,000 terms).
        loop {
            let batch: Vec<_> = glossary_pages.by_ref().take(rayon::current_num_threads()).collect();
            if batch.is_empty() {
                break;
            }
            let rendered: Vec<BookPage> =
                batch.into_par_iter().map(|(file, page)| glossary_doc(context, book, &file, page())).collect();
            for page in rendered {
                self.add_document(&page)?;
                glossary_docs.push(page.doc);
            }
        }
        let identifier = identifier(context);
        // Each written into the book as it is made: with 6,000 chapters of long titles the
        // navigation and the NCX are tens of megabytes each (29 MB held for the NCX alone).
        let (docs, images) = (std::mem::take(&mut self.docs), std::mem::take(&mut self.images));
        let extra: [(&str, Writes<'_>); 4] = [
            ("cover.xhtml", &|out| out.write_all(cover(context, book).as_bytes())),
            ("nav.xhtml", &|out| nav(context, &docs, &glossary_docs, out)),
            ("toc.ncx", &|out| ncx(context, &identifier, &docs, &glossary_docs, out)),
            ("package.opf", &|out| {
                out.write_all(package(context, book, &identifier, &docs, &glossary_docs, &images).as_bytes())
            }),
        ];
        for (file, write) in extra {
            self.write_entry_with(&format!("{PACKAGE_DIR}/{file}"), entry_options(file), write)?;
        }
        let css = context.theme.static_files.iter().find(|(name, _)| name == STYLESHEET).map_or(&[][..], |(_, b)| b);
        self.write_entry(&format!("{PACKAGE_DIR}/style.css"), entry_options("style.css"), css)?;
        for site_path in &images {
            let Some((file, _)) = book.images.get(site_path) else { continue };
            let mut source = staging.open(site_path)?;
            self.zip.start_file(format!("{PACKAGE_DIR}/{file}"), entry_options(file)).map_err(zip_error(&self.path))?;
            std::io::copy(&mut source, &mut self.zip).map_err(|e| Error::io(staging_path(&self.path, site_path), e))?;
        }
        self.zip.finish().map_err(zip_error(&self.path))
    }
}

/// A failure of the zip library writing the book at `path`, as the build reports it.
fn zip_error(path: &Path) -> impl Fn(zip::result::ZipError) -> Error + Copy + '_ {
    move |e| Error::io(path, std::io::Error::other(e))
}

/// A path for messages about a file read back from the site (the site is beside the EPUB).
fn staging_path(epub: &Path, site_path: &str) -> std::path::PathBuf {
    epub.with_file_name(site_path)
}

/// What writes a file of the book into it as it is made ([`BookWriter::write_entry_with`]).
type Writes<'w> = &'w dyn Fn(&mut dyn Write) -> std::io::Result<()>;

/// The end of every content document.
const DOCUMENT_END: &str = "</body>\n</html>\n";

/// An XHTML content document around `header` and `body`, made in the room of `body` (each
/// copy of a large chapter's text is megabytes: a chapter of 4.4 MB was held five times while
/// its document was made, 8.7 MB of it by a `format!` that doubled its room as it grew).
fn document(context: &RenderContext<'_>, title: &str, header: &str, mut body: String) -> String {
    let start = document_start(context, title, header);
    body.reserve_exact(start.len() + DOCUMENT_END.len());
    body.insert_str(0, &start);
    body.push_str(DOCUMENT_END);
    body
}

/// The start of every content document, up to `header` after `<body>`.
fn document_start(context: &RenderContext<'_>, title: &str, header: &str) -> String {
    let lang = context.config.language.tag();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>{}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n</head>\n<body>\n{header}",
        escape_xml(title)
    )
}

/// Where a content document goes in the book: its file, its title in the navigation and its
/// depth there (0 for a module, 1 for a chapter under it).
struct DocPlace<'p> {
    file: &'p str,
    title: Arc<str>,
    depth: u8,
}

/// Turns `header` (a page's heading and summary) and the `html` after it (links as the site
/// has them, from the page at `base`) into a content document of the book, at `place`.
fn content_doc(
    context: &RenderContext<'_>,
    book: &Book,
    base: &str,
    place: DocPlace<'_>,
    header: &str,
    html: &str,
) -> BookPage {
    let refs = Refs::new(book, base);
    // Apart, not copied together: a tag the summary leaves open is closed at its end (as one,
    // the parser carried an open `<i>` around every paragraph after it, which an EPUB reader
    // refuses).
    let header = to_xhtml(header, &refs);
    let xhtml = to_xhtml(html, &refs);
    let (svg, mathml) = (header.svg || xhtml.svg, header.mathml || xhtml.mathml);
    let DocPlace { file, title, depth } = place;
    let text = document(context, &title, &header.body, xhtml.body);
    BookPage {
        doc: Doc { file: file.to_string(), title, depth, svg, mathml },
        entry: Entry::new(format!("{PACKAGE_DIR}/{file}"), text.as_bytes()),
        images: refs.used.into_inner(),
        key: String::new(),
    }
}

/// A page of the course as a content document: its title, summary and body. `body` is the
/// page's body as rendered for the book (its questions as a worksheet, the site's being
/// interactive), `questions` its questions for the answer key.
pub(super) fn page_doc(
    context: &RenderContext<'_>,
    book: &Book,
    page: &Page,
    body: &str,
    questions: &[Question],
) -> BookPage {
    let file = book.files.get(&page.url).map_or("", String::as_str);
    let title: Arc<str> =
        if page.front.title.is_empty() { Arc::from(context.config.title.as_str()) } else { page.front.title.clone() };
    let mut header = format!("<h1>{}</h1>\n", escape_html(&title));
    if let Some(summary) = &page.front.summary {
        header
            .push_str(&format!("<p class=\"summary\">{}</p>\n", markup::inline_html(summary, context.config.raw_html)));
    }
    let depth = u8::from(page.kind == PageKind::Chapter);
    let place = DocPlace { file, title: title.clone(), depth };
    let mut rendered = content_doc(context, book, &page.url, place, &header, body);
    if page.kind == PageKind::Chapter && context.config.reveal != Reveal::PrintOnly {
        rendered.key = chapter_key_html(&title, questions, context.labels, context.config.raw_html);
    }
    rendered
}

/// A page of the glossary (all of it, or the index and one part of a large one).
fn glossary_doc(context: &RenderContext<'_>, book: &Book, file: &str, page: GlossaryPage) -> BookPage {
    let labels = context.labels;
    let part = page.parts.iter().find(|p| p.href.is_empty()).filter(|_| file != "glossary.html");
    let title = match part {
        Some(part) => format!("{} {}", labels.glossary, part.title),
        None => labels.glossary.to_string(),
    };
    let mut html = format!("<h1>{}</h1>\n", escape_html(&title));
    if !page.parts.is_empty() {
        html.push_str("<ol class=\"glossary-parts\">\n");
        for part in &page.parts {
            match part.href.as_str() {
                "" => html.push_str(&format!("<li>{}</li>\n", escape_html(&part.title))),
                href => html.push_str(&format!(
                    "<li><a href=\"{}\">{}</a></li>\n",
                    escape_html(href),
                    escape_html(&part.title)
                )),
            }
        }
        html.push_str("</ol>\n");
    }
    for section in &page.sections {
        let letter = section.letter.to_string();
        html.push_str(&format!(
            "<section class=\"glossary-letter\" id=\"letter-{}\">\n<h2>{}</h2>\n<dl class=\"glossary\">\n",
            escape_html(&letter),
            escape_html(&letter)
        ));
        for term in &section.terms {
            html.push_str(&format!(
                "<dt id=\"{}\"><span class=\"term-name\">{}</span> <span class=\"stars\">{}</span> <span class=\"level-name\">{}</span>",
                escape_html(&term.id),
                escape_html(&term.name),
                term.stars,
                escape_html(term.level_name)
            ));
            if let Some(en) = &term.en {
                html.push_str(&format!(
                    " <span class=\"term-en\" lang=\"en\" xml:lang=\"en\">{}</span>",
                    escape_html(en)
                ));
            }
            html.push_str(&format!("</dt>\n<dd>\n<p>{}</p>\n", term.definition_html));
            if !term.see.is_empty() {
                let links: Vec<String> = term
                    .see
                    .iter()
                    .map(|link| format!("<a href=\"{}\">{}</a>", escape_html(&link.href), escape_html(&link.title)))
                    .collect();
                html.push_str(&format!(
                    "<p class=\"see-also\">{}{}{}</p>\n",
                    escape_html(labels.see_also),
                    escape_html(labels.colon),
                    links.join(&escape_html(labels.list_separator))
                ));
            }
            html.push_str(&format!(
                "<p class=\"defined-in\">{}{}<a href=\"{}\">{}</a></p>\n</dd>\n",
                escape_html(labels.defined_in),
                escape_html(labels.colon),
                escape_html(&term.defined_in.href),
                escape_html(&term.defined_in.title)
            ));
        }
        html.push_str("</dl>\n</section>\n");
    }
    let depth = u8::from(part.is_some());
    content_doc(context, book, file, DocPlace { file: &xhtml_name(file), title: Arc::from(title), depth }, "", &html)
}

/// The cover as the navigation lists it (when the course has nothing else to list).
fn cover_doc(context: &RenderContext<'_>) -> Doc {
    Doc {
        file: "cover.xhtml".into(),
        title: Arc::from(context.config.title.as_str()),
        depth: 0,
        svg: false,
        mathml: false,
    }
}

/// The cover: the course's title, description and authors.
fn cover(context: &RenderContext<'_>, book: &Book) -> String {
    let config = context.config;
    let mut html =
        format!("<section class=\"cover\">\n<h1 class=\"cover-title\">{}</h1>\n", escape_html(&config.title));
    if let Some(description) = &config.description {
        html.push_str(&format!(
            "<p class=\"cover-description\">{}</p>\n",
            markup::inline_html(description, config.raw_html)
        ));
    }
    if !config.authors.is_empty() {
        html.push_str(&format!("<p class=\"cover-authors\">{}</p>\n", escape_html(&config.authors.join(", "))));
    }
    html.push_str("</section>\n");
    document(context, &config.title, "", to_xhtml(&html, &Refs::new(book, "index.html")).body)
}

/// The navigation document: the table of contents (modules with their chapters, then the
/// glossary) and the landmarks, written into `out` a link at a time.
fn nav(context: &RenderContext<'_>, docs: &[Doc], glossary: &[Doc], out: &mut dyn Write) -> std::io::Result<()> {
    let labels = context.labels;
    out.write_all(document_start(context, labels.contents, "").as_bytes())?;
    write!(out, "<nav epub:type=\"toc\" id=\"toc\">\n<h1>{}</h1>\n", escape_xml(labels.contents))?;
    let link = |doc: &Doc| format!("<a href=\"{}\">{}</a>", escape_xml(&doc.file), escape_xml(&doc.title));
    out.write_all(b"<ol>\n")?;
    for (doc, children) in tree(docs, glossary, &cover_doc(context)) {
        write!(out, "<li>{}", link(doc))?;
        if !children.is_empty() {
            out.write_all(b"\n<ol>\n")?;
            for child in children {
                write!(out, "<li>{}</li>\n", link(child))?;
            }
            out.write_all(b"</ol>\n")?;
        }
        out.write_all(b"</li>\n")?;
    }
    out.write_all(b"</ol>\n")?;
    out.write_all(b"</nav>\n<nav epub:type=\"landmarks\" hidden=\"hidden\">\n<ol>\n")?;
    write!(
        out,
        "<li><a epub:type=\"cover\" href=\"cover.xhtml\">{}</a></li>\n<li><a epub:type=\"toc\" href=\"nav.xhtml#toc\">{}</a></li>\n",
        escape_xml(&context.config.title),
        escape_xml(labels.contents)
    )?;
    if let Some(first) = docs.first() {
        write!(
            out,
            "<li><a epub:type=\"bodymatter\" href=\"{}\">{}</a></li>\n",
            escape_xml(&first.file),
            escape_xml(&first.title)
        )?;
    }
    if let Some(first) = glossary.first() {
        write!(
            out,
            "<li><a epub:type=\"glossary\" href=\"{}\">{}</a></li>\n",
            escape_xml(&first.file),
            escape_xml(labels.glossary)
        )?;
    }
    out.write_all(b"</ol>\n</nav>\n")?;
    out.write_all(DOCUMENT_END.as_bytes())
}

/// The documents as a tree: each of depth 0 with those of depth 1 after it (the cover alone
/// for a course without pages: a table of contents is never empty).
fn tree<'d>(docs: &'d [Doc], glossary: &'d [Doc], cover: &'d Doc) -> Vec<(&'d Doc, Vec<&'d Doc>)> {
    if docs.is_empty() && glossary.is_empty() {
        return vec![(cover, Vec::new())];
    }
    let mut tree: Vec<(&Doc, Vec<&Doc>)> = Vec::new();
    for doc in docs.iter().chain(glossary) {
        match (doc.depth, tree.last_mut()) {
            (1, Some((_, children))) => children.push(doc),
            _ => tree.push((doc, Vec::new())),
        }
    }
    tree
}

/// The NCX table of contents, for readers of EPUB 2, written into `out` a point at a time.
fn ncx(
    context: &RenderContext<'_>,
    identifier: &str,
    docs: &[Doc],
    glossary: &[Doc],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"{lang}\">\n<head>\n<meta name=\"dtb:uid\" content=\"{identifier}\"/>\n<meta name=\"dtb:depth\" content=\"2\"/>\n<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n<docTitle><text>{title}</text></docTitle>\n<navMap>\n",
        lang = context.config.language.tag(),
        title = escape_xml(&context.config.title)
    )?;
    let mut order = 0;
    let mut point = |doc: &Doc, out: &mut dyn Write| {
        order += 1;
        write!(
            out,
            "<navPoint id=\"nav-{order}\" playOrder=\"{order}\"><navLabel><text>{}</text></navLabel><content src=\"{}\"/>",
            escape_xml(&doc.title),
            escape_xml(&doc.file)
        )
    };
    for (doc, children) in tree(docs, glossary, &cover_doc(context)) {
        point(doc, out)?;
        out.write_all(b"\n")?;
        for child in children {
            point(child, out)?;
            out.write_all(b"</navPoint>\n")?;
        }
        out.write_all(b"</navPoint>\n")?;
    }
    out.write_all(b"</navMap>\n</ncx>\n")
}

/// The package document: the book's metadata, every file, and the reading order.
fn package(
    context: &RenderContext<'_>,
    book: &Book,
    identifier: &str,
    docs: &[Doc],
    glossary: &[Doc],
    images: &BTreeSet<String>,
) -> String {
    let config = context.config;
    let lang = config.language.tag();
    let mut metadata = format!(
        "<dc:identifier id=\"uid\">{identifier}</dc:identifier>\n<dc:title>{}</dc:title>\n<dc:language>{lang}</dc:language>\n",
        escape_xml(&config.title)
    );
    for author in &config.authors {
        metadata.push_str(&format!("<dc:creator>{}</dc:creator>\n", escape_xml(author)));
    }
    if let Some(description) = &config.description {
        metadata
            .push_str(&format!("<dc:description>{}</dc:description>\n", escape_xml(&markup::plain_text(description))));
    }
    metadata.push_str(&format!("<meta property=\"dcterms:modified\">{}</meta>\n", modified()));
    let mut manifest = String::from(
        "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n<item id=\"style\" href=\"style.css\" media-type=\"text/css\"/>\n<item id=\"cover\" href=\"cover.xhtml\" media-type=\"application/xhtml+xml\"/>\n",
    );
    let mut spine = String::from("<itemref idref=\"cover\"/>\n<itemref idref=\"nav\"/>\n");
    for doc in docs.iter().chain(glossary) {
        let id = item_id(&doc.file);
        let properties: Vec<&str> = [("svg", doc.svg), ("mathml", doc.mathml)]
            .into_iter()
            .filter_map(|(name, has)| has.then_some(name))
            .collect();
        let properties =
            if properties.is_empty() { String::new() } else { format!(" properties=\"{}\"", properties.join(" ")) };
        manifest.push_str(&format!(
            "<item id=\"{id}\" href=\"{}\" media-type=\"application/xhtml+xml\"{properties}/>\n",
            escape_xml(&doc.file)
        ));
        spine.push_str(&format!("<itemref idref=\"{id}\"/>\n"));
    }
    for site_path in images {
        if let Some((file, media)) = book.images.get(site_path) {
            manifest.push_str(&format!("<item id=\"{}\" href=\"{file}\" media-type=\"{media}\"/>\n", item_id(file)));
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"uid\" xml:lang=\"{lang}\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n{metadata}</metadata>\n<manifest>\n{manifest}</manifest>\n<spine toc=\"ncx\">\n{spine}</spine>\n</package>\n"
    )
}

/// A manifest id for the file `file` (`m01-002.xhtml` → `f-m01-002-xhtml`).
fn item_id(file: &str) -> String {
    format!("f-{}", file.replace(['.', '/'], "-"))
}

/// The book's identifier: a name-based UUID (RFC 4122, version 5) of the course's title and
/// authors, the same for every build of the course, so that a reader knows a new build for a
/// new edition of the same book.
fn identifier(context: &RenderContext<'_>) -> String {
    // The RFC's namespace for names that are URLs; the name is `coursebook:` and the course.
    const NAMESPACE: [u8; 16] =
        [0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8];
    let config = context.config;
    let mut hash = Sha1::new();
    hash.update(NAMESPACE);
    hash.update(format!("coursebook:{}\n{}", config.title, config.authors.join("\n")));
    let digest = hash.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x50;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = super::offline::hex(&bytes);
    format!("urn:uuid:{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

/// When the book was made, as EPUB's `dcterms:modified` wants it (`2025-03-01T08:00:00Z`).
fn modified() -> String {
    clock::utc_date_time(clock::build_seconds())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_ids_are_xml_names() {
        assert_eq!(item_id("m01-002.xhtml"), "f-m01-002-xhtml");
        assert_eq!(item_id("images/0003.png"), "f-images-0003-png");
    }
}
