//! URL rules of FORMAT.md: numeric prefixes are dropped, `.md` becomes `.html`, and hrefs are
//! percent-encoded only where a character would break them (Chinese stays readable).

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::content::{Course, Page, PageKind};
use crate::diagnostic::{Code, Diagnostic};

/// Splits a `01-` / `2_` / `3.` / `4 ` prefix off a name: `(number, rest)`.
pub(crate) fn numeric_prefix(name: &str) -> Option<(i64, &str)> {
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let rest = &name[digits..];
    let sep = rest.chars().next()?;
    if !matches!(sep, '-' | '_' | '.' | ' ') {
        return None;
    }
    let rest = &rest[1..];
    if rest.is_empty() {
        return None;
    }
    name[..digits].parse().ok().map(|n| (n, rest))
}

/// A file or folder name as it appears in URLs: extension and numeric prefix removed.
pub(crate) fn slug(name: &str) -> String {
    let stem = name.strip_suffix(".md").or_else(|| name.strip_suffix(".MD")).unwrap_or(name);
    match numeric_prefix(stem) {
        // `numeric_prefix` never leaves an empty name.
        Some((_, rest)) => rest.to_string(),
        _ => stem.to_string(),
    }
}

/// The name a page is ordered by: the chapter's file name, or the module's folder name.
pub(crate) fn source_stem(page: &Page) -> String {
    let path = if page.kind == PageKind::Module { page.source.parent().unwrap_or(&page.source) } else { &page.source };
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The output path of a page relative to the site root.
pub(crate) fn page_url(kind: PageKind, source: &Path) -> String {
    let mut parts: Vec<String> = source
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .filter_map(|c| match c {
            Component::Normal(s) => Some(slug(&s.to_string_lossy())),
            _ => None,
        })
        .collect();
    match kind {
        PageKind::Home | PageKind::Module => parts.push("index.html".into()),
        PageKind::Chapter => {
            let name = source.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            parts.push(format!("{}.html", slug(&name)));
        }
    }
    parts.join("/")
}

/// The site path of an asset: a module folder's numeric prefix is dropped, so that relative
/// links from the module's chapters still resolve next to their pages.
pub(crate) fn asset_url(relative: &Path, module_dirs: &[PathBuf]) -> String {
    let mut parts: Vec<String> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    if let Some(first) = parts.first_mut() {
        if module_dirs.iter().any(|m| m.as_os_str() == first.as_str()) {
            *first = slug(first);
        }
    }
    parts.join("/")
}

/// Pages the build writes itself: a source file must not be written to one of these paths.
const GENERATED: [&str; 9] = [
    "index.html",
    SITEMAP,
    "search.html",
    "glossary.html",
    "revision.html",
    "mistakes.html",
    "print.html",
    "404.html",
    ".coursebook-build",
];

/// The sitemap, written at the site's root when `site-url` is set.
pub(crate) const SITEMAP: &str = "sitemap.xml";

/// The course as an EPUB e-book, offered for download on the home page.
pub(crate) const EPUB_FILE: &str = "course.epub";

/// The whole site as a zip, offered for download on the home page.
pub(crate) const ZIP_FILE: &str = "course-site.zip";

/// The course as a PDF, offered for download when the build folder has one.
pub(crate) const PDF_FILE: &str = "course.pdf";

/// The service worker: at the site's root, so that it may keep every page for offline reading.
pub(crate) const SERVICE_WORKER: &str = "sw.js";

/// The web app manifest, which makes the hosted site installable.
pub(crate) const MANIFEST: &str = "manifest.webmanifest";

/// Files the build writes itself at the site's root besides its pages: the downloads, the
/// service worker and the manifest.
const GENERATED_FILES: [&str; 5] = [EPUB_FILE, ZIP_FILE, PDF_FILE, SERVICE_WORKER, MANIFEST];

/// The folder of the search index, which the build writes.
const SEARCH_DIR: &str = "search";

/// The numbered files of the search index in `search/` (`shard-0.js`, `words-3.js`…), beside
/// `search/index.js`: the shards of text, the parts of the Bloom filters, and the parts of the
/// glossary's words and terms (`src/search/`; a test there checks that it writes no other).
pub(crate) const SEARCH_FILE_STEMS: [&str; 7] = ["shard", "filters", "words", "forms", "more", "chars", "terms"];

/// The name of each module's self-test page, beside its `index.html`.
pub(crate) const EXERCISES_PAGE: &str = "exercises.html";

/// The file of the `i`th part (from 0) of a module's self-test page, in the module's folder:
/// `exercises.html`, then `exercises-2.html`…
pub(crate) fn self_test_part_file(i: usize) -> String {
    match i {
        0 => EXERCISES_PAGE.to_string(),
        _ => format!("{}-{}.html", EXERCISES_PAGE.trim_end_matches(".html"), i + 1),
    }
}

/// The file of the `nth` uses page (from 0) of the `run`th run of terms (from 0), at the site's
/// root: `uses-1.html`, `uses-1-2.html`…, then `uses-2.html`… (see `USES_RUN_TERMS`).
pub(crate) fn uses_file(run: usize, nth: usize) -> String {
    match nth {
        0 => format!("uses-{}.html", run + 1),
        _ => format!("uses-{}-{}.html", run + 1, nth + 1),
    }
}

/// The file of the `i`th part (from 0) of a home or module page whose cards are split:
/// `index.html`, then `index-2.html`…
pub(crate) fn card_part_file(i: usize) -> String {
    match i {
        0 => "index.html".to_string(),
        _ => format!("index-{}.html", i + 1),
    }
}

/// Whether `name` (a file name, lower case) is `stem-N.html`, N a number: a further part of a
/// split page.
fn is_numbered_part(name: &str, stem: &str) -> bool {
    is_numbered(name, stem, ".html")
}

/// Whether `name` is `stem-N` + `extension`, N a number (`index-2.html`, `shard-12.js`).
fn is_numbered(name: &str, stem: &str, extension: &str) -> bool {
    name.strip_prefix(stem)
        .and_then(|rest| rest.strip_prefix('-'))
        .and_then(|rest| rest.strip_suffix(extension))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `name` (a file name, lower case) is that of a part of a self-test page.
fn is_self_test_file(name: &str) -> bool {
    name == EXERCISES_PAGE || is_numbered_part(name, "exercises")
}

/// Whether a chapter whose URL ends in `stem` + `.html` (lower case) would take the name of a
/// page the build writes in a module folder: its index and its parts, the self-test and its
/// parts.
pub(crate) fn is_generated_in_module(stem: &str) -> bool {
    let name = format!("{stem}.html");
    name == "index.html" || is_numbered_part(&name, "index") || is_self_test_file(&name)
}

/// The site folder of the theme's static files: reserved, so no course file lands there.
pub(crate) const THEME_DIR: &str = "_theme";

/// The site folder of the terms' hover definitions ([`crate::render::tips`]): reserved too.
pub(crate) const TERMS_DIR: &str = "_terms";

/// The longest file or folder name most file systems accept, in bytes.
pub(crate) const MAX_NAME_BYTES: usize = 255;

/// Characters Windows does not allow in a file name (nor Git on Windows, nor the site's zip
/// unpacked there): a source whose name in the site holds one is an error.
const RESERVED_IN_NAMES: [char; 8] = ['<', '>', ':', '"', '\\', '|', '?', '*'];

/// Problems with where sources would be written: two sources on one output path (also when
/// they differ only in upper/lower case, which is one file on Windows and macOS), a source on a
/// page the build generates, an output name too long for the file system, or one holding a
/// character Windows does not allow ([`RESERVED_IN_NAMES`]). Paths in messages
/// are the sources' own (`display_base` is the content folder as the teacher sees it).
pub(crate) fn output_problems(course: &Course, display_base: &Path) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    let mut refused_folders: HashSet<PathBuf> = HashSet::new();
    let pages = course.pages().map(|p| (p.url.as_str(), p.display_path.clone(), p.kind == PageKind::Home));
    let assets = course.assets.iter().map(|a| (a.url.as_str(), display_base.join(&a.relative), false));
    let sources: Vec<(&str, PathBuf, bool)> = pages.chain(assets).collect();
    // Every source and folder, by lower-case path: a new name must not be one of them.
    let taken: HashSet<String> = sources
        .iter()
        .flat_map(|(_, display, _)| display.ancestors())
        .map(|path| path.to_string_lossy().to_lowercase())
        .collect();
    // Every folder of the site that files are written into, by lower-case path, with the
    // first file written there: a file of the same name would stand where the folder must be.
    let mut folders: HashMap<String, PathBuf> = HashMap::new();
    for (url, display, _) in &sources {
        let mut path = *url;
        while let Some((folder, _)) = path.rsplit_once('/') {
            folders.entry(folder.to_lowercase()).or_insert_with(|| display.clone());
            path = folder;
        }
    }
    for (url, display, is_home) in sources {
        if let Some(problem) = generated_collision(url, is_home) {
            problems.push(
                Diagnostic::error(Code::OutputReserved, &display, 0, 0, problem)
                    .with_help("rename the file or folder; the names the build writes itself are listed in FORMAT.md"),
            );
            continue;
        }
        if let Some(long) = url.split('/').find(|part| part.len() > MAX_NAME_BYTES) {
            problems.push(
                Diagnostic::error(
                    Code::LimitName,
                    &display,
                    0,
                    0,
                    format!(
                        "the name of this file in the site, `{long}`, is {} bytes long; file systems accept at most {MAX_NAME_BYTES}",
                        long.len()
                    ),
                )
                .with_help("shorten the file or folder name (a Chinese character counts 3 bytes)"),
            );
            continue;
        }
        if let Some(reserved) = url.chars().find(|&c| is_reserved_in_names(c)) {
            // A folder whose name holds it is reported once, not once for each file in it.
            let (place, name) = refused_part(&display);
            if place != display && !refused_folders.insert(place.clone()) {
                continue;
            }
            let what = if place == display { "file" } else { "folder" };
            let renamed = free_name(&place, &name, place == display, &taken);
            problems.push(
                Diagnostic::error(
                    Code::FileName,
                    &place,
                    0,
                    0,
                    format!(
                        "this {what}'s name holds `{}`, which Windows does not allow in a file name: the course \
                         could not be checked out there, and the site's zip would not unpack (it would be `{url}` in the site)",
                        reserved.escape_default()
                    ),
                )
                .with_help(format!("rename the {what} `{name}`, e.g. `{renamed}`")),
            );
            continue;
        }
        if let Some(inside) = folders.get(&url.to_lowercase()) {
            problems.push(
                Diagnostic::error(
                    Code::OutputClash,
                    &display,
                    0,
                    0,
                    format!("this file would be written to `{url}`, where the site needs a folder of that name"),
                )
                .with_related(inside, 0, "a file the site writes in that folder")
                .with_help(format!(
                    "rename this file (with an extension, e.g. `{}.txt`) or the folder (numeric prefixes are \
                     dropped from URLs, and names that differ only in upper/lower case are the same on Windows and macOS)",
                    display.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
                )),
            );
            continue;
        }
        match seen.get(&url.to_lowercase()) {
            Some(first) => problems.push(
                Diagnostic::error(
                    Code::OutputClash,
                    &display,
                    0,
                    0,
                    format!("this file would be written to `{url}`, like another file"),
                )
                .with_related(first, 0, "the other file")
                .with_help(
                    "rename one of them (numeric prefixes and `.md` are dropped from URLs, and names that differ \
                         only in upper/lower case are the same file on Windows and macOS)",
                ),
            ),
            None => {
                seen.insert(url.to_lowercase(), display);
            }
        }
    }
    problems
}

/// A new name for the file or folder `place` named `name`: each character Windows refuses
/// ([`RESERVED_IN_NAMES`]) a `-`, and `-2`, `-3`… at the end (before a file's extension)
/// while that names a source or folder of the course (`taken`, lower-case paths).
fn free_name(place: &Path, name: &str, is_file: bool, taken: &HashSet<String>) -> String {
    let renamed: String = name.chars().map(|c| if is_reserved_in_names(c) { '-' } else { c }).collect();
    let (stem, extension) = match renamed.rsplit_once('.') {
        Some((stem, extension)) if is_file && !stem.is_empty() => (stem.to_string(), format!(".{extension}")),
        _ => (renamed.clone(), String::new()),
    };
    let is_free = |candidate: &str| !taken.contains(&place.with_file_name(candidate).to_string_lossy().to_lowercase());
    std::iter::once(renamed.clone())
        .chain((2..).map(|n| format!("{stem}-{n}{extension}")))
        .find(|candidate| is_free(candidate))
        .unwrap_or(renamed)
}

/// Whether Windows refuses `c` in a file name.
fn is_reserved_in_names(c: char) -> bool {
    RESERVED_IN_NAMES.contains(&c) || c.is_control()
}

/// The nearest part of the source path `display` whose name holds a character Windows
/// refuses: the path up to it, and its name (the file's own path and name when it is the
/// file's name).
fn refused_part(display: &Path) -> (PathBuf, String) {
    let name_of = |path: &Path| path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
    let mut place = display.to_path_buf();
    loop {
        let name = name_of(&place);
        if name.chars().any(is_reserved_in_names) {
            return (place, name);
        }
        if !place.pop() || place.as_os_str().is_empty() {
            return (display.to_path_buf(), name_of(display));
        }
    }
}

/// Whether `url` (lower-case) is named like a module's PDF at the site's root, which
/// `[output.pdf]` writes beside the handout's (`course-print-pre.pdf` beside `course.pdf`, see
/// `pdf::module_pdf_name`).
fn is_module_pdf(url: &str) -> bool {
    let handout_stem = PDF_FILE.strip_suffix(".pdf").unwrap_or(PDF_FILE);
    !url.contains('/')
        && url.strip_prefix(handout_stem).is_some_and(|rest| rest.starts_with("-print-") && rest.ends_with(".pdf"))
}

/// Why a source's output path is one the build writes itself; None when it is free.
/// `is_home` is the course's own `index.md`, whose page is `index.html`.
fn generated_collision(url: &str, is_home: bool) -> Option<String> {
    let lower = url.to_lowercase();
    let generated_page = GENERATED.contains(&lower.as_str()) && !is_home;
    let part_of = |prefix: &str| !lower.contains('/') && lower.starts_with(prefix) && lower.ends_with(".html");
    let generated_part = part_of("print-") || part_of("glossary-") || part_of("revision-") || part_of("uses-");
    let file_name = lower.rsplit('/').next().unwrap_or(&lower);
    let self_test = lower.matches('/').count() == 1 && is_self_test_file(file_name);
    let card_part = lower.matches('/').count() <= 1 && is_numbered_part(file_name, "index");
    if generated_page || generated_part || self_test || card_part {
        return Some(format!("this file would replace the page `{url}` that the build generates"));
    }
    if GENERATED_FILES.contains(&lower.as_str()) || is_module_pdf(&lower) {
        return Some(format!("this file would replace `{url}`, a file the build writes itself"));
    }
    let search_file = lower
        .strip_prefix(SEARCH_DIR)
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|name| name == "index.js" || SEARCH_FILE_STEMS.iter().any(|stem| is_numbered(name, stem, ".js")));
    if search_file {
        return Some(format!("this file would replace `{url}`, a file of the search index"));
    }
    if [SEARCH_DIR, TERMS_DIR, THEME_DIR].contains(&lower.as_str()) {
        return Some(format!("this file would stand where the build writes its folder `{lower}/`"));
    }
    let inside = |dir: &str| lower.strip_prefix(dir).is_some_and(|rest| rest.starts_with('/'));
    if inside(TERMS_DIR) {
        return Some(format!(
            "this file would be written into `{TERMS_DIR}/`, the folder of the glossary's hover definitions"
        ));
    }
    inside(THEME_DIR)
        .then(|| format!("this file would be written into `{THEME_DIR}/`, the folder of the theme's own files"))
}

/// The relative href from the page at `from` (site-relative) to `to` (site-relative), written
/// into one string: a page's navigation asks for dozens of these.
pub(crate) fn relative_href(from: &str, to: &str) -> String {
    let from_dirs = from.rsplit_once('/').map(|(dirs, _)| dirs);
    let depth = from_dirs.map_or(0, |dirs| dirs.split('/').count());
    // The folders both paths start with: never the last part of `to` (its file).
    let mut common = 0;
    let mut rest = to;
    for dir in from_dirs.into_iter().flat_map(|dirs| dirs.split('/')) {
        match rest.split_once('/') {
            Some((head, tail)) if head == dir => {
                common += 1;
                rest = tail;
            }
            _ => break,
        }
    }
    let mut href = String::with_capacity(3 * (depth - common) + rest.len() + 8);
    for _ in common..depth {
        href.push_str("../");
    }
    push_encoded_href(&mut href, rest);
    href
}

/// The prefix from a page to the site root: `""`, `"../"`, …
pub(crate) fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// Percent-encodes an href: spaces, `%`, quotes, angle brackets, `?`, `#`, `&` and control
/// characters, so that an href is safe in HTML and XHTML as it is (a file named `a&semi; b.md`
/// would otherwise link to `a; b.html` wherever an href is written without escaping). `/`,
/// `.`, `-`, letters and digits stay, in any script: `售后/退货.html#货物延迟` is written as
/// it reads, a third of its encoded length (a browser encodes it when it follows the link, and
/// matches the fragment to the element's id either way). Of other characters, only those
/// nobody sees or that XML refuses are encoded: spaces and invisible ones (U+3000, a zero-width
/// space, a direction mark), C1 controls and noncharacters (U+FFFE).
pub(crate) fn encode_href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    push_encoded_href(&mut out, path);
    out
}

/// Percent-encodes the path of an address that leaves the site (a page's canonical address,
/// the sitemap's, a link from the EPUB to the site) as [`encode_href`] does, and every
/// character outside ASCII too: the sitemap protocol and some readers take ASCII addresses only.
pub(crate) fn encode_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    push_encoded(&mut out, path, |c| c.is_ascii() && kept_in_href(c));
    out
}

/// Appends `path` to `out` encoded as [`encode_href`] does.
fn push_encoded_href(out: &mut String, path: &str) {
    push_encoded(out, path, kept_in_href);
}

/// Appends `path` to `out`, each character `kept` says is not kept percent-encoded.
fn push_encoded(out: &mut String, path: &str, kept: fn(char) -> bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut bytes = [0; 4];
    for c in path.chars() {
        if kept(c) {
            out.push(c);
        } else {
            for &b in c.encode_utf8(&mut bytes).as_bytes() {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
        }
    }
}

/// The length of `path` encoded as [`encode_href`] does, without encoding it: what a page's
/// size is planned with.
pub(crate) fn encoded_href_len(path: &str) -> usize {
    path.chars().map(|c| if kept_in_href(c) { c.len_utf8() } else { 3 * c.len_utf8() }).sum()
}

/// Whether [`encode_href`] writes `c` as it is.
fn kept_in_href(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric()
            || matches!(
                c,
                '/' | '.' | '-' | '_' | '~' | '!' | '$' | '(' | ')' | '*' | '+' | ',' | ';' | '=' | ':' | '@'
            );
    }
    !(c.is_whitespace() || c.is_control() || is_invisible_format(c) || is_noncharacter(c))
}

/// Characters that change how text around them is shown, or show as nothing: zero-width
/// spaces and joiners, direction marks, embeddings and isolates, the soft hyphen, the byte
/// order mark.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{61C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// Unicode's noncharacters (U+FDD0–U+FDEF, and the last two of every plane), which XML refuses.
fn is_noncharacter(c: char) -> bool {
    let code = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE
}

/// Decodes `%XX` sequences in a link written by an author; invalid sequences stay as they are.
pub(crate) fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// Joins a relative link onto a source file's folder, resolving `.` and `..`.
/// `None` when the link climbs above the content folder.
pub(crate) fn resolve_relative(base_file: &Path, link: &str) -> Option<PathBuf> {
    let mut parts: Vec<String> = base_file
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for piece in link.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other.to_string()),
        }
    }
    Some(parts.iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_encoded_hrefs_length_is_known_without_encoding_it() {
        for path in [
            "basics/intro.html",
            "售后/第一章 退款.html",
            "a b%c?d#e.html",
            "",
            "~!$()*+,;=:@",
            "a\u{3000}b\u{FFFF}\u{85}",
        ] {
            assert_eq!(encoded_href_len(path), encode_href(path).len(), "{path}");
        }
    }

    #[test]
    fn an_href_keeps_the_letters_of_every_script_and_encodes_what_html_or_nobody_could_read() {
        assert_eq!(encode_href("售后/第一章 退款.html"), "售后/第一章%20退款.html");
        assert_eq!(encode_href("café/Ελλάδα-한국어.html"), "café/Ελλάδα-한국어.html");
        assert_eq!(encode_href("a&b\"c'd<e>f?g#h%i"), "a%26b%22c%27d%3Ce%3Ef%3Fg%23h%25i");
        assert_eq!(encode_href("全角\u{3000}空格"), "全角%E3%80%80空格", "an ideographic space");
        assert_eq!(encode_href("a\u{200B}b\u{202E}c\u{FEFF}"), "a%E2%80%8Bb%E2%80%AEc%EF%BB%BF", "invisible ones");
        assert_eq!(
            encode_href("x\u{85}y\u{FFFE}z\u{10FFFF}"),
            "x%C2%85y%EF%BF%BEz%F4%8F%BF%BF",
            "C1 controls, noncharacters"
        );
        assert_eq!(encode_href("😀"), "😀");
        assert_eq!(
            encode_uri("售后/第一章 退款.html"),
            "%E5%94%AE%E5%90%8E/%E7%AC%AC%E4%B8%80%E7%AB%A0%20%E9%80%80%E6%AC%BE.html"
        );
        assert_eq!(encode_uri("a&b.html"), "a%26b.html", "an address leaving the site is ASCII");
        for href in ["售后/退货.html#货物延迟", "a%20b", "café"] {
            assert_eq!(decode(&encode_href(href)), href, "decoding gives the text back");
        }
    }

    #[test]
    fn prefixes_are_dropped() {
        assert_eq!(slug("01-basics"), "basics");
        assert_eq!(slug("02-good-agent.md"), "good-agent");
        assert_eq!(slug("2_x.md"), "x");
        assert_eq!(slug("第一章 概述.md"), "第一章 概述");
        assert_eq!(slug("2024年.md"), "2024年");
        assert_eq!(slug("01.md"), "01");
        assert_eq!(numeric_prefix("10-a"), Some((10, "a")));
    }

    #[test]
    fn only_root_files_named_course_print_something_pdf_are_module_pdfs() {
        assert!(is_module_pdf("course-print-pre.pdf"));
        assert!(is_module_pdf("course-print-pre-2.pdf"));
        for free in ["course-print.pdf", "course-printer.pdf", "pre/course-print-pre.pdf", "course-print-pre.html"] {
            assert!(!is_module_pdf(free), "{free}");
        }
    }

    #[test]
    fn page_urls() {
        assert_eq!(page_url(PageKind::Chapter, Path::new("01-basics/02-good-agent.md")), "basics/good-agent.html");
        assert_eq!(page_url(PageKind::Module, Path::new("01-basics/index.md")), "basics/index.html");
        assert_eq!(page_url(PageKind::Home, Path::new("index.md")), "index.html");
    }

    #[test]
    fn relative_hrefs() {
        assert_eq!(relative_href("basics/a.html", "basics/b.html"), "b.html");
        assert_eq!(relative_href("basics/a.html", "after-sale/x y.html"), "../after-sale/x%20y.html");
        assert_eq!(relative_href("index.html", "basics/index.html"), "basics/index.html");
        assert_eq!(relative_href("basics/a.html", "glossary.html"), "../glossary.html");
        assert_eq!(relative_href("basics/a.html", "basics"), "../basics");
        assert_eq!(relative_href("a/b/c.html", "a/b/d/e.html"), "d/e.html");
        assert_eq!(relative_href("a/b/c.html", "a/x/y.html"), "../x/y.html");
        assert_eq!(relative_href("a/b/c.html", "b/c.html"), "../../b/c.html");
        assert_eq!(relative_href("a/b/c.html", "a/b"), "../b");
        assert_eq!(relative_href("/x.html", "/y.html"), "y.html");
        assert_eq!(relative_href("/x.html", "y.html"), "../y.html");
        assert_eq!(relative_href("", "售后/退货.html"), "售后/退货.html");
        assert_eq!(relative_href("a//b.html", "a//c.html"), "c.html");
        assert_eq!(root_prefix("basics/a.html"), "../");
        assert_eq!(root_prefix("index.html"), "");
    }

    #[test]
    fn resolving_links() {
        assert_eq!(resolve_relative(Path::new("01-a/x.md"), "../02-b/y.md"), Some(PathBuf::from("02-b/y.md")));
        assert_eq!(resolve_relative(Path::new("01-a/x.md"), "./z.md"), Some(PathBuf::from("01-a/z.md")));
        assert_eq!(resolve_relative(Path::new("x.md"), "../../y.md"), None);
        assert_eq!(decode("%E5%AE%A2%20x"), "客 x");
    }
}
