//! Mutated courses: the golden course with one random change to one of its source files (a
//! chapter, module or home page, or book.toml) must build or fail cleanly, as a teacher in the
//! middle of an edit would see it:
//!
//! - the binary never panics and exits normally, with 0 or 1;
//! - `coursebook check` agrees with `coursebook build` (same exit code);
//! - a failed build names the file and line of every error, and leaves the previous site
//!   byte for byte as it was, with no temporary folder left behind;
//! - a successful build leaves a site with a home page.
//!
//! The cases come from a seeded PRNG, so a failure is reproduced by its seed:
//! `COURSEBOOK_MUTATIONS` (default 48) sets how many cases run, `COURSEBOOK_MUTATION_SEED` the
//! seed of the first case (each case prints the seed that reruns it alone).

use crate::common;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use common::Course;

/// Cases run when `COURSEBOOK_MUTATIONS` is not set: about ten seconds in a debug build.
const DEFAULT_CASES: u64 = 48;
/// First case's seed when `COURSEBOOK_MUTATION_SEED` is not set, so that CI is deterministic.
const DEFAULT_SEED: u64 = 0x5EED_C0DE_B00C;

/// Inserted into a file: YAML, Markdown, HTML, TOML, CJK and control characters that a teacher
/// could type, or that reach the corners of the parsers. Fragments that move the build folder
/// or the content folder (`build-dir`, `src`) are left out: the assertions look at `book/`.
const FRAGMENTS: &[&str] = &[
    "---",
    "...",
    "title:",
    "title: \"\"",
    "title: [a, b]",
    "order: -9223372036854775808",
    "order: 1e99",
    "summary: [",
    "summary: \"**未闭合",
    "terms:",
    "terms: 3",
    "  - name: 客户满意度\n    level: 3\n    definition: 再次定义",
    "  - name: 新术语\n    level: 1\n    en: FAQ\n    aliases: [客户]\n    definition: 新的定义",
    "    level: 4",
    "    level: ★★★★",
    "    see: [不存在的术语]",
    "    id: \"a b\"",
    "    autolink: maybe",
    "    unknown: 1",
    "  - ",
    "- name: 顶层",
    ": :",
    "&anchor",
    "*alias",
    "!!binary x",
    "{",
    "[",
    "]",
    "*",
    "**",
    "`",
    "```",
    "~~~",
    "> ",
    "1. ",
    "\\",
    "[链接](不存在.md)",
    "[锚点](#不存在)",
    "[见售后](../02-after-sale/01-logistics.md#不存在)",
    "[术语](term:不存在)",
    "[术语](term:客户满意度)",
    "![图片](nothing.png)",
    "## 标题 {#dup}\n\n## 标题 {#dup}",
    "## {#}",
    "[^1]",
    "[^1]: 脚注",
    "| a | b |\n|---|",
    "<script>alert(1)</script>",
    "<div>",
    "</div>",
    "<!--",
    "-->",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<img src=x onerror=alert(1)>",
    "&#0;&amp;&lt;",
    "客户满意度客户满意度",
    "ＦＡＱ　问题",
    "𠀀𠀁",
    "한국어 カタカナ",
    "\u{feff}",
    "\r",
    "\t",
    "\0",
    "\u{202e}",
    "\u{200b}",
    "[book]",
    "[build]",
    "[glossary]",
    "[output.html]",
    "[[book]]",
    "title = 3",
    "title = \"新标题\"",
    "link = \"all\"",
    "link = \"none\"",
    "link = \"some\"",
    "language = \"fr\"",
    "language = \"en\"",
    "\"language\" = \"fr\"",
    "book.language = \"fr\"",
    "raw-html = \"escape\"",
    "raw-html = \"sanitize\"",
    "smart-punctuation = true",
    "site-url = \"https://example.org/\"",
    "edit-url-template = \"{path}{path}\"",
    "authors = [\"a\", 1]",
    "theme = \"missing\"",
    "multilingual = true",
    "unknown = 1",
    "= 1",
    "\"",
];

/// Cases this test found (see the commit that added each), run on every `cargo test` so that
/// they stay fixed.
const REGRESSIONS: &[(&str, Mutation)] = &[
    // A quoted key: the unknown language was reported as `book.toml`, without its line
    // (fixed by 520e4a2).
    ("book.toml", Mutation::ReplaceLine(4, "\"language\" = \"fr\"")),
];

/// Fragments repeated many times: deep nesting and long runs.
const REPEATED: &[&str] = &["[", "*", "> ", "- ", "`", "<div>", "客户满意度", "[^1]", "\n"];

/// Bytes that replace one byte of a file: YAML, Markdown and HTML syntax, whitespace, text.
const REPLACEMENT_BYTES: &[u8] = b" -:#*[]{}<>\"'\n\tx0";

/// One change to one file's bytes, with the positions chosen when it was drawn.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    BreakIndentation(usize),
    InsertLine(usize, &'static str),
    ReplaceLine(usize, &'static str),
    Insert(usize, &'static str),
    Repeat(usize, &'static str, usize),
    ReplaceByte(usize, u8),
    InvalidUtf8(usize),
    Truncate(usize),
    Empty,
}

impl Mutation {
    /// Draws a mutation of a file whose contents are `bytes`.
    fn random(rng: &mut Rng, bytes: &[u8]) -> Mutation {
        let lines = lines(bytes).len().max(1);
        let at = char_boundary(bytes, rng.below(bytes.len() + 1));
        match rng.below(12) {
            0 => Mutation::DeleteLine(rng.below(lines)),
            1 => Mutation::DuplicateLine(rng.below(lines)),
            2 => Mutation::SwapLines(rng.below(lines), rng.below(lines)),
            3 => Mutation::BreakIndentation(rng.below(lines)),
            4 => Mutation::InsertLine(rng.below(lines + 1), rng.pick(FRAGMENTS)),
            5 => Mutation::ReplaceLine(rng.below(lines), rng.pick(FRAGMENTS)),
            6 => Mutation::Insert(at, rng.pick(FRAGMENTS)),
            7 => Mutation::Repeat(at, rng.pick(REPEATED), 1000 + rng.below(4000)),
            8 => Mutation::ReplaceByte(rng.below(bytes.len().max(1)), rng.pick(REPLACEMENT_BYTES)),
            9 => Mutation::InvalidUtf8(at),
            10 => Mutation::Truncate(rng.below(bytes.len() + 1)),
            _ => Mutation::Empty,
        }
    }

    /// The file's bytes after the change.
    fn apply(&self, bytes: &[u8]) -> Vec<u8> {
        let mut lines = lines(bytes);
        let line_count = lines.len();
        let spliced = |at: usize, inserted: &[u8]| {
            [&bytes[..at.min(bytes.len())], inserted, &bytes[at.min(bytes.len())..]].concat()
        };
        match *self {
            Mutation::DeleteLine(i) if i < line_count => {
                lines.remove(i);
            }
            Mutation::DuplicateLine(i) if i < line_count => lines.insert(i, lines[i].clone()),
            Mutation::SwapLines(i, j) if i < line_count && j < line_count => lines.swap(i, j),
            Mutation::BreakIndentation(i) if i < line_count => {
                let line = &lines[i];
                let indent = line.iter().take_while(|&&b| b == b' ' || b == b'\t').count();
                lines[i] = if indent > 0 { line[indent..].to_vec() } else { [b"   ".as_slice(), line].concat() };
            }
            Mutation::InsertLine(i, fragment) => lines.insert(i.min(line_count), format!("{fragment}\n").into_bytes()),
            Mutation::ReplaceLine(i, fragment) if i < line_count => lines[i] = format!("{fragment}\n").into_bytes(),
            Mutation::Insert(at, fragment) => return spliced(at, fragment.as_bytes()),
            Mutation::Repeat(at, fragment, times) => return spliced(at, fragment.repeat(times).as_bytes()),
            Mutation::ReplaceByte(at, byte) => {
                let mut out = bytes.to_vec();
                if let Some(b) = out.get_mut(at) {
                    *b = byte;
                }
                return out;
            }
            Mutation::InvalidUtf8(at) => return spliced(at, b"\xff\xfe\xc3"),
            Mutation::Truncate(len) => return bytes[..len.min(bytes.len())].to_vec(),
            Mutation::Empty => return Vec::new(),
            _ => {}
        }
        lines.concat()
    }
}

impl fmt::Display for Mutation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mutation::DeleteLine(i) => write!(f, "delete line {}", i + 1),
            Mutation::DuplicateLine(i) => write!(f, "duplicate line {}", i + 1),
            Mutation::SwapLines(i, j) => write!(f, "swap lines {} and {}", i + 1, j + 1),
            Mutation::BreakIndentation(i) => write!(f, "break the indentation of line {}", i + 1),
            Mutation::InsertLine(i, fragment) => write!(f, "insert before line {} the line {fragment:?}", i + 1),
            Mutation::ReplaceLine(i, fragment) => write!(f, "replace line {} with {fragment:?}", i + 1),
            Mutation::Insert(at, fragment) => write!(f, "insert {fragment:?} at byte {at}"),
            Mutation::Repeat(at, fragment, times) => write!(f, "insert {fragment:?} × {times} at byte {at}"),
            Mutation::ReplaceByte(at, byte) => write!(f, "replace byte {at} with {:?}", *byte as char),
            Mutation::InvalidUtf8(at) => write!(f, "insert invalid UTF-8 at byte {at}"),
            Mutation::Truncate(len) => write!(f, "truncate to {len} bytes"),
            Mutation::Empty => write!(f, "empty the file"),
        }
    }
}

/// The lines of a file, each with its `\n` (the last one may have none).
fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes.split_inclusive(|&b| b == b'\n').map(<[u8]>::to_vec).collect()
}

/// The first offset at or after `at` that does not cut a UTF-8 character (invalid UTF-8 has
/// its own mutation).
fn char_boundary(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && bytes[at] & 0xC0 == 0x80 {
        at += 1;
    }
    at
}

/// SplitMix64: a tiny, good-enough, dependency-free PRNG whose whole state is the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// A value from the environment, or `default` when unset; a malformed value stops the test.
fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(text) => {
            let text = text.trim();
            let parsed = match text.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16),
                None => text.parse(),
            };
            parsed.unwrap_or_else(|_| panic!("{name}={text} is not a number"))
        }
        Err(_) => default,
    }
}

/// Every file under `dir` (relative path → bytes).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// The course's source files that a mutation may change, relative to the course root.
fn source_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().strip_prefix(root).unwrap().to_path_buf())
        .collect();
    files.push(PathBuf::from("book.toml"));
    files
}

/// Names of the build's temporary folders (`.book.tmp-PID`, `.book.old-PID`) left in `root`.
fn leftovers(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".book.tmp-") || n.starts_with(".book.old-"))
        .collect()
}

/// The error lines of a report that do not name a file and line (`path.md:12`, `book.toml:3`):
/// every problem's title (`error[CB-…]: path.md:12: …`); the closing count of errors
/// (`error: 2 errors, no warnings; …`) is not one of them.
fn unlocated_errors(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter_map(|line| line.strip_prefix("error[").and_then(|rest| rest.split_once("]: ")).map(|(_, title)| title))
        .filter(|title| !names_file_and_line(title))
        .collect()
}

fn names_file_and_line(title: &str) -> bool {
    [".md:", ".toml:"].iter().any(|extension| {
        title
            .match_indices(extension)
            .any(|(i, _)| title[i + extension.len()..].starts_with(|c: char| c.is_ascii_digit()))
    })
}

/// The pristine golden course, built once; each case starts from a copy of it.
struct Pristine {
    course: Course,
    site: BTreeMap<PathBuf, Vec<u8>>,
}

impl Pristine {
    fn new() -> Pristine {
        let course = Course::fixture("golden");
        course.run(&["build"]).expect_code(0);
        let site = snapshot(&course.book());
        assert!(site.contains_key(Path::new("index.html")));
        Pristine { course, site }
    }

    fn copy(&self) -> Course {
        let course = Course { dir: tempfile::tempdir().expect("temp dir") };
        common::copy_dir(self.course.root(), course.root());
        course
    }
}

/// The file and the change of the case drawn from `seed`.
fn draw(pristine: &Pristine, seed: u64) -> (PathBuf, Mutation) {
    let mut rng = Rng(seed);
    let files = source_files(pristine.course.root());
    let file = files[rng.below(files.len())].clone();
    let original = std::fs::read(pristine.course.root().join(&file)).unwrap();
    (file, Mutation::random(&mut rng, &original))
}

/// Applies `mutation` to `file` in a copy of the pristine course and runs `check` and `build`:
/// returns the build's exit code and what went wrong (empty when all is well).
fn run_case(pristine: &Pristine, file: &Path, mutation: &Mutation) -> (i32, Vec<String>) {
    let course = pristine.copy();
    let path = course.root().join(file);
    let original = std::fs::read(&path).unwrap();
    std::fs::write(&path, mutation.apply(&original)).unwrap();

    let check = course.run(&["check"]);
    let build = course.run(&["build"]);
    let mut problems = Vec::new();
    for run in [&check, &build] {
        if run.stderr().contains("panicked") || ![0, 1].contains(&run.code()) {
            problems.push(format!("`{}` exited {} (expected 0 or 1, no panic)", run.command, run.code()));
        }
    }
    if check.code() != build.code() {
        problems.push(format!("check exited {} but build exited {}", check.code(), build.code()));
    }
    if build.code() == 1 {
        for title in unlocated_errors(&build.stderr()) {
            problems.push(format!("an error names no file and line: {title}"));
        }
        if snapshot(&course.book()) != pristine.site {
            problems.push("the failed build changed the previous site".into());
        }
    }
    if build.code() == 0 && !course.book().join("index.html").is_file() {
        problems.push("the build succeeded without book/index.html".into());
    }
    let left = leftovers(course.root());
    if !left.is_empty() {
        problems.push(format!("temporary folders left: {left:?}"));
    }
    if !problems.is_empty() {
        problems.push(format!("--- check stderr\n{}\n--- build stderr\n{}", check.stderr(), build.stderr()));
    }
    (build.code(), problems)
}

/// Runs the cases, printing each one (shown by `--nocapture`), and fails with every case
/// that went wrong, each with `rerun`'s hint to run it again.
fn run_cases(pristine: &Pristine, cases: impl Iterator<Item = (String, PathBuf, Mutation, String)>) {
    let mut failures = Vec::new();
    let mut count = 0;
    for (name, file, mutation, rerun) in cases {
        let case = format!("{name}: {}: {mutation}", file.display());
        let (code, problems) = run_case(pristine, &file, &mutation);
        println!("{case} → exit {code}");
        if !problems.is_empty() {
            failures.push(format!("{case}\n  rerun alone: {rerun}\n  {}", problems.join("\n  ")));
        }
        count += 1;
    }
    assert!(failures.is_empty(), "{} of {count} mutated courses failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn mutated_courses_build_or_fail_with_located_errors_and_keep_the_previous_site() {
    let count = env_number("COURSEBOOK_MUTATIONS", DEFAULT_CASES);
    let first = env_number("COURSEBOOK_MUTATION_SEED", DEFAULT_SEED);
    let pristine = Pristine::new();
    run_cases(
        &pristine,
        (0..count).map(|i| {
            let seed = first.wrapping_add(i);
            let (file, mutation) = draw(&pristine, seed);
            let rerun = format!(
                "COURSEBOOK_MUTATION_SEED={seed} COURSEBOOK_MUTATIONS=1 cargo test --test testsuite mutated_courses::mutated"
            );
            (format!("case {i} (seed {seed})"), file, mutation, rerun)
        }),
    );
}

#[test]
fn mutations_that_once_failed_build_or_fail_cleanly() {
    run_cases(
        &Pristine::new(),
        REGRESSIONS.iter().enumerate().map(|(i, (file, mutation))| {
            let rerun = "cargo test --test testsuite mutated_courses::mutations_that_once_failed".to_string();
            (format!("regression {i}"), PathBuf::from(file), mutation.clone(), rerun)
        }),
    );
}
