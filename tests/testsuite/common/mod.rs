//! Shared helpers for the integration tests: copy a fixture course into a temp folder, run the
//! real binary on it, and inspect the produced site.

pub mod browser;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::Duration;

/// A fixture course copied into its own temporary folder.
pub struct Course {
    pub dir: tempfile::TempDir,
}

impl Course {
    /// Copies `tests/fixtures/<name>` into a fresh temporary folder.
    pub fn fixture(name: &str) -> Course {
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&source, dir.path());
        Course { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The default output folder.
    pub fn book(&self) -> PathBuf {
        self.root().join("book")
    }

    /// Runs `coursebook <args>` in the course folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args)
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.root().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn read_output(&self, relative: &str) -> String {
        read_output(&self.book(), relative)
    }
}

/// A site built once per test run, shared by the tests that only read it.
pub struct BuiltSite {
    book: PathBuf,
}

impl BuiltSite {
    /// The output folder.
    pub fn book(&self) -> PathBuf {
        self.book.clone()
    }

    pub fn read_output(&self, relative: &str) -> String {
        read_output(&self.book, relative)
    }
}

/// The golden course built once per test run (by the first test that asks), for the tests that
/// only read its site; a test that changes the course or builds it again copies its own
/// (`Course::fixture("golden")`). The copy lives in Cargo's scratch folder for integration
/// tests, one per test process; those of runs over an hour old are removed.
pub fn golden_site() -> &'static BuiltSite {
    static SITE: OnceLock<BuiltSite> = OnceLock::new();
    SITE.get_or_init(|| {
        let scratch = Path::new(env!("CARGO_TARGET_TMPDIR"));
        remove_stale(scratch, "golden-", Duration::from_secs(3600));
        let root = scratch.join(format!("golden-{}", std::process::id()));
        if root.exists() {
            std::fs::remove_dir_all(&root).unwrap();
        }
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden"), &root);
        run_in(&root, &["build"]).expect_code(0);
        BuiltSite { book: root.join("book") }
    })
}

/// Removes the folders of `parent` named `prefix…` last changed more than `age` ago.
fn remove_stale(parent: &Path, prefix: &str, age: Duration) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let named = entry.file_name().to_string_lossy().starts_with(prefix);
        let old = entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| t.elapsed().is_ok_and(|e| e > age));
        if named && old {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn read_output(book: &Path, relative: &str) -> String {
    let path = book.join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The outcome of one run of the binary, with everything needed to explain a failure.
pub struct Run {
    pub command: String,
    pub output: Output,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    /// Panics with the command, its exit code and its output unless it exited with `code`.
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code(),
            code,
            "`{}` exited {} (expected {code})\n--- stdout\n{}\n--- stderr\n{}",
            self.command,
            self.code(),
            self.stdout(),
            self.stderr()
        );
        self
    }
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_coursebook"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run coursebook");
    Run { command: format!("coursebook {} (in {})", args.join(" "), dir.display()), output }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every HTML file of a built site, by path relative to the site root.
pub fn html_files(site: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(site).unwrap().to_string_lossy().replace('\\', "/");
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

/// Values of an attribute (`href`, `src`, `id`) in double-quoted form, entities decoded.
pub fn attribute_values(html: &str, attribute: &str) -> Vec<String> {
    let needle = format!(" {attribute}=\"");
    let mut values = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            values.push(decode_entities(&rest[..end]));
            rest = &rest[end..];
        }
    }
    values
}

fn decode_entities(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Checks that every `href` and `src` of every page is relative and resolves to a file of the
/// site, and that every fragment names an `id` in the target page. Returns the problems.
pub fn broken_links(site: &Path) -> Vec<String> {
    let pages = html_files(site);
    let ids: BTreeMap<&String, HashSet<String>> =
        pages.iter().map(|(p, html)| (p, attribute_values(html, "id").into_iter().collect())).collect();
    let mut problems = Vec::new();
    for (page, html) in &pages {
        let mut links = attribute_values(html, "href");
        links.extend(attribute_values(html, "src"));
        for link in links {
            // The fixture's deliberate external link and edit URL, and the repository course's
            // edit links (book.toml's edit-url-template).
            if ["https://example.org/", "https://github.com/coursebook/coursebook/edit/"]
                .iter()
                .any(|p| link.starts_with(p))
            {
                continue;
            }
            if link.starts_with("mailto:") {
                continue;
            }
            if link.contains("://") || link.starts_with("//") || link.starts_with('/') {
                problems.push(format!("{page}: not relative: {link}"));
                continue;
            }
            // A query (`search.html?q=…`) is not part of the file's path.
            let link = link.split_once('?').map_or(link.as_str(), |(path, _)| path).to_string();
            let (path, fragment) = match link.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (link.as_str(), None),
            };
            let target = if path.is_empty() {
                page.clone()
            } else {
                let decoded = percent_decode(path);
                let base = Path::new(page).parent().unwrap_or(Path::new(""));
                normalize(&base.join(decoded))
            };
            if !site.join(&target).is_file() {
                problems.push(format!("{page}: missing target: {link}"));
                continue;
            }
            if let Some(fragment) = fragment {
                let fragment = percent_decode(fragment);
                let known = ids.get(&target).is_some_and(|set| set.contains(&fragment));
                if !fragment.is_empty() && !known {
                    problems.push(format!("{page}: missing anchor: {link}"));
                }
            }
        }
    }
    problems
}

/// Attribute values with `%XX` decoded, as a browser resolves them.
pub fn decoded_attributes(html: &str, attribute: &str) -> Vec<String> {
    attribute_values(html, attribute).iter().map(|v| percent_decode(v)).collect()
}

pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

/// Debian's epubcheck (`apt-get install epubcheck`), an executable jar run with java.
const EPUBCHECK: &str = "/usr/share/java/epubcheck.jar";

/// Runs epubcheck on `epub` and returns what it printed, after checking that it found no
/// error and no warning; `None` (skip) when epubcheck is not installed outside CI. In CI (`CI`
/// set) a missing epubcheck fails the test: `.ci/deps` installs it.
pub fn epubcheck(epub: &Path) -> Option<String> {
    if !Path::new(EPUBCHECK).is_file() {
        assert!(std::env::var_os("CI").is_none(), "CI must install epubcheck (.ci/deps does)");
        eprintln!("skipping epubcheck: {EPUBCHECK} is not installed (apt-get install epubcheck)");
        return None;
    }
    let output = Command::new("java").arg("-jar").arg(EPUBCHECK).arg(epub).output().expect("run epubcheck with java");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "epubcheck failed on {}:\n{text}", epub.display());
    assert!(
        !text.contains("ERROR") && !text.contains("WARNING") && text.contains("No errors or warnings detected"),
        "epubcheck found problems in {}:\n{text}",
        epub.display()
    );
    Some(text)
}

/// The files of a zip archive, by name, in the archive's order.
pub fn unzip(archive: &Path) -> Vec<(String, Vec<u8>)> {
    use std::io::Read as _;
    let file = std::fs::File::open(archive).unwrap_or_else(|e| panic!("{}: {e}", archive.display()));
    let mut zip = zip::ZipArchive::new(file).unwrap_or_else(|e| panic!("{} is not a zip: {e}", archive.display()));
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().expect("a UTF-8 name").to_string(), bytes)
        })
        .collect()
}

/// Each entry of a zip archive as a reader from the start of the file sees it: its name, and
/// from its local header its method (0 stored, 8 deflated), its flags (bit 3: sizes after the
/// data), its CRC and its compressed size (0 when they come after the data).
pub fn local_headers(archive: &Path) -> Vec<(String, u16, u16, u32, u32)> {
    let bytes = std::fs::read(archive).unwrap_or_else(|e| panic!("{}: {e}", archive.display()));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("a zip");
    let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
    let u32_at = |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    (0..zip.len())
        .map(|i| {
            let entry = zip.by_index_raw(i).unwrap();
            let at = usize::try_from(entry.header_start()).unwrap();
            assert_eq!(&bytes[at..at + 4], b"PK\x03\x04", "a local header");
            (
                entry.name().expect("a UTF-8 name").to_string(),
                u16_at(at + 8),
                u16_at(at + 6),
                u32_at(at + 14),
                u32_at(at + 18),
            )
        })
        .collect()
}

/// The golden course with 510 more terms (术语1…), so that its glossary is split into parts.
/// The uses pages of the site in `site` (`uses-1.html`, `uses-1-2.html`, `uses-2.html`…: a run
/// of terms' pages, then the next run's), in that order, each with its HTML.
pub fn uses_pages(site: &Path) -> Vec<(String, String)> {
    let mut pages: Vec<((usize, usize), String)> = std::fs::read_dir(site)
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().to_string_lossy().to_string();
            let numbers = name.strip_prefix("uses-")?.strip_suffix(".html")?.to_string();
            let mut numbers = numbers.split('-').map(|n| n.parse::<usize>().ok());
            let run = numbers.next()??;
            let nth = numbers.next().map_or(Some(1), |n| n)?;
            Some(((run, nth), name))
        })
        .collect();
    pages.sort();
    pages.into_iter().map(|(_, name)| (name.clone(), std::fs::read_to_string(site.join(name)).unwrap())).collect()
}

pub fn split_glossary_course() -> Course {
    let course = Course::fixture("golden");
    let terms: String = (1..=510)
        .map(|i| format!("  - name: 术语{i}\n    level: {}\n    definition: 第{i}个概念。\n", i % 3 + 1))
        .collect();
    course.write("content/02-after-sale/09-many.md", &format!("---\ntitle: 很多术语\nterms:\n{terms}---\n\n正文。\n"));
    // A term used on more pages than its entry lists: its full list has a page of its own.
    for n in 0..13 {
        course.write(&format!("content/02-after-sale/{}-used{n}.md", 20 + n), "---\ntitle: 用\n---\n\n客户满意度。\n");
    }
    course.run(&["build"]).expect_code(0);
    assert_eq!(uses_pages(&course.book()).len(), 1, "a term's full list");
    assert!(course.book().join("glossary-s-2.html").is_file(), "the glossary is split");
    course
}
