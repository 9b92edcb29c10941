//! Every problem's code (docs/DIAGNOSTICS.md), as a teacher and a workflow meet it: broken
//! courses built with the real binary, each code reported in the three formats of `--format`
//! at its file and line (the human text shows `error[CODE]`, the GitHub workflow command is
//! exact, each JSON line parses and has every key); messages that fit the command (no
//! book.toml, no such folder, what `check` and `--deny-warnings` say); "did you mean"; no false
//! "never used" warnings beside a broken page; `NO_COLOR`.

use crate::common;

use std::collections::BTreeSet;

use common::{Course, Run};
use serde_json::Value;

/// A problem a scenario must report: its code, and its file and line (None: no file, or the
/// file as a whole).
struct Expected {
    code: &'static str,
    file: Option<&'static str>,
    line: Option<usize>,
}

/// Shorthand for the tables below.
const fn at(code: &'static str, file: &'static str, line: usize) -> Expected {
    Expected { code, file: Some(file), line: Some(line) }
}

/// A problem of a file as a whole.
const fn file(code: &'static str, file: &'static str) -> Expected {
    Expected { code, file: Some(file), line: None }
}

/// A problem in no file (the command's folder, an option).
const fn nowhere(code: &'static str) -> Expected {
    Expected { code, file: None, line: None }
}

/// A course in a fresh temporary folder.
fn course(files: &[(&str, &str)]) -> Course {
    let course = Course { dir: tempfile::tempdir().expect("temp dir") };
    for (path, text) in files {
        course.write(path, text);
    }
    course
}

const BOOK: (&str, &str) = ("book.toml", "[book]\ntitle = \"坏课程\"\n");
const MODULE: (&str, &str) = ("content/01-m/index.md", "---\ntitle: 模块\n---\n模块介绍。\n");

/// The keys every JSON line has.
const KEYS: [&str; 9] = ["severity", "code", "file", "line", "column", "end_line", "end_column", "message", "help"];

/// One command in the three formats.
struct Reports {
    human: Run,
    github: Run,
    json: Run,
}

fn reports(course: &Course, args: &[&str]) -> Reports {
    let with = |format: &str| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--format", format]);
        course.run(&all)
    };
    Reports { human: course.run(args), github: with("github"), json: with("json") }
}

impl Reports {
    /// Each JSON line, parsed; panics on a line that is not a JSON object with every key.
    fn records(&self) -> Vec<Value> {
        let stdout = self.json.stdout();
        stdout
            .lines()
            .map(|line| {
                let value: Value =
                    serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}\n{stdout}"));
                for key in KEYS {
                    assert!(value.get(key).is_some(), "no `{key}` in {line}");
                }
                value
            })
            .collect()
    }

    /// Checks that every one of `expected` is reported in the three formats, and that the
    /// three runs agree on the exit code.
    fn assert_reported(&self, expected: &[Expected]) {
        assert_eq!(self.human.code(), self.github.code(), "{}", self.github.stdout());
        assert_eq!(self.human.code(), self.json.code(), "{}", self.json.stdout());
        assert!(self.human.stdout().is_empty(), "a person's format writes to stderr: {}", self.human.stdout());
        let records = self.records();
        let github = self.github.stdout();
        let human = self.human.stderr();
        for want in expected {
            let found = records.iter().find(|r| {
                r["code"] == want.code
                    && r["file"].as_str() == want.file
                    && r["line"].as_u64().map(|l| l as usize) == want.line
            });
            let Some(record) = found else {
                panic!(
                    "no {} at {:?}:{:?} in the JSON lines:\n{}\n--- stderr\n{human}",
                    want.code,
                    want.file,
                    want.line,
                    self.json.stdout()
                )
            };
            let command = workflow_command(record);
            assert!(github.lines().any(|l| l == command), "expected the line\n{command}\nin:\n{github}");
            let severity = record["severity"].as_str().unwrap();
            let title = match (want.file, want.line) {
                (Some(file), Some(line)) => format!("{severity}[{}]: {file}:{line}", want.code),
                (Some(file), None) => format!("{severity}[{}]: {file}: ", want.code),
                (None, _) => {
                    let first_line = record["message"].as_str().unwrap().lines().next().unwrap_or_default();
                    format!("{severity}[{}]: {first_line}", want.code)
                }
            };
            assert!(human.contains(&title), "expected `{title}` in:\n{human}");
            assert!(!human.contains("panicked"), "{human}");
        }
    }
}

/// The GitHub workflow command a JSON record must come out as, written here from GitHub's
/// rules (not from the program's code): the known places, the code as the title, the message
/// with its notes and help on lines of their own, escaped.
fn workflow_command(record: &Value) -> String {
    let data = |text: &str| text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    let property = |text: &str| data(text).replace(':', "%3A").replace(',', "%2C");
    let mut properties = Vec::new();
    if let Some(file) = record["file"].as_str() {
        properties.push(format!("file={}", property(file)));
    }
    for (key, name) in [("line", "line"), ("column", "col"), ("end_line", "endLine"), ("end_column", "endColumn")] {
        if let Some(n) = record[key].as_u64() {
            properties.push(format!("{name}={n}"));
        }
    }
    properties.push(format!("title={}", property(record["code"].as_str().unwrap())));
    let mut text = record["message"].as_str().unwrap().to_string();
    for related in record["related"].as_array().unwrap() {
        let place = match related["line"].as_u64() {
            Some(line) => format!("{}:{line}", related["file"].as_str().unwrap()),
            None => related["file"].as_str().unwrap().to_string(),
        };
        text.push_str(&format!("\nnote: {place}: {}", related["note"].as_str().unwrap()));
    }
    if let Some(help) = record["help"].as_str() {
        text.push_str(&format!("\nhelp: {help}"));
    }
    format!("::{} {}::{}", record["severity"].as_str().unwrap(), properties.join(","), data(&text))
}

// ---------------------------------------------------------------------------------------------
// A course with one problem of every kind a page can have: each chapter holds one.

const TERMS: &str = "content/01-m/01-terms.md";

/// Chapters of the course with every content problem, each with the problems it triggers.
fn broken_chapters() -> Vec<(String, String)> {
    let chapter = |name: &str, text: &str| (format!("content/01-m/{name}"), text.to_string());
    let mut files = vec![
        chapter(
            "01-terms.md",
            "---\ntitle: 术语\nterms:\n  - name: 客户满意度\n    level: 3\n    definition: 客户对服务的感受。\n    see: [客户满易]\n  - name: 客户\n    level: 1\n    definition: 买东西的人。\n  - name: 甲\n    level: 1\n    id: same\n    definition: 第一个。\n  - name: 乙\n    level: 1\n    id: same\n    definition: 第二个。\n  - name: 丙\n    level: 1\n    aliases: [客户]\n    definition: 第三个。\n  - name: 丁\n    level: 1\n    definition: 见[此处](javascript:alert(1))。\n---\n# 术语\n\n客户满意度、客户、甲、乙、丙和丁。\n",
        ),
        chapter("02-dup.md", "---\ntitle: 重复\nterms:\n  - name: 客户满意度\n    level: 3\n    definition: 又一次。\n---\n客户满意度。\n"),
        chapter(
            "03-links.md",
            "---\ntitle: 链接\n---\n# 链接\n\n[坏](02-dupe.md)\n\n[锚](01-terms.md#没有)\n\n[根](/01-m/02-dup.md)\n\n[外](../../book.toml)\n\n[脚本](javascript:alert(1))\n\n[术语](term:客户满易)\n\n他说\"好\"。\n\n[空格](99-no such file.md)\n\n[两个词](term:客户 满易)\n\n## 又 {#main}\n",
        ),
        chapter(
            "04-quiz.md",
            "---\ntitle: 练习\n---\n# 练习\n\n```quiz\n```\n\n```quiz\nquestion: *强调*\n```\n\n```quiz\nanswer: 对\n```\n\n```quiz\nquestion: 问？\ntype: 问答\nanswer: 对\n```\n\n```quiz\nquestion: 选？\nchoices: [甲]\nanswer: A\n```\n\n```quiz\nquestion: 选？\nchoices: [甲, 乙]\nanswer: E\n```\n\n```quiz\nquestion: 七天___退货，___天换货\nanswer: 七\nreference: x\n```\n\n```quiz\nquestion: 见[章](02-dup.md)？\nanswer: 对\n```\n\n```quiz\nquestion: 对吗？\nanswer: 对\nid: a b\n```\n\n```quiz\nquestion: 重复？\nanswer: 对\n```\n\n```quiz\nquestion: 重复？\nanswer: 对\n```\n\n```quiz\nquestion: 术语？\nanswer: 对\nterms: [客户满易]\n```\n\n```quiz\nquestion: 键？\nanswer: 对\nexplanaton: x\n```\n\n```quiz\nquestion: 键？\nanswer: 对\nanswer: 错\n```\n",
        ),
        chapter("10-unclosed.md", "---\ntitle: 没关\n"),
        chapter("11-yaml.md", "---\ntitle: 甲: 乙\n---\n"),
        chapter("12-value.md", "---\ntitle: 值\norder: abc\n---\n"),
        chapter("13-key.md", "---\ntitle: 键\ntitel: x\n---\n"),
        chapter("14-dupkey.md", "---\ntitle: 键\ntitle: 又一个\n---\n"),
        chapter("15-misplaced.md", "---\ntitle: 位置\nlevel: 1\n---\n"),
        chapter("16-notitle.md", "没有前置信息。\n"),
        chapter("17-incomplete.md", "---\ntitle: 缺\nterms:\n  - name: 缺定义\n    level: 1\n---\n"),
        chapter("18-level.md", "---\ntitle: 级\nterms:\n  - name: 级别\n    level: 掌屋\n    definition: 定义。\n---\n"),
        chapter("19-id.md", "---\ntitle: 标识\nterms:\n  - name: 标识\n    level: 1\n    id: a b\n    definition: 定义。\n---\n"),
        chapter("20-long-term.md", &format!("---\ntitle: 长\nterms:\n  - name: {}\n    level: 1\n    definition: 定义。\n---\n", "长".repeat(101))),
        chapter("21-size.md", &format!("---\ntitle: 大\n---\n{}", "正文。\n".repeat(120_000))),
        chapter("22-line.md", &format!("---\ntitle: 行\n---\n{}\n", "字".repeat(20_001))),
        chapter("23-markup.md", &format!("---\ntitle: 标记\n---\n{}", "*a*\n".repeat(20_000))),
        chapter("24-elements.md", &format!("---\ntitle: 大表\n---\n\nx|y|z\n-|-|-\n{}", "a|b|c\n".repeat(15_000))),
        chapter("26-open-tags.md", &format!("---\ntitle: 标签\n---\n\n{}文字\n", "<b class=\"x\">".repeat(21))),
        chapter("25-block.md", "---\ntitle: 段\nterms:\n  - name: 多段\n    level: 1\n    definition: |\n      一段。\n\n      - 一项\n---\n"),
        ("content/stray.md".into(), "---\ntitle: 迷路\n---\n".into()),
        ("content/search.html".into(), "<p>不是搜索页</p>\n".into()),
        ("content/01-m/05-clash.md".into(), "---\ntitle: 撞\n---\n".into()),
        ("content/01-m/clash.md".into(), "---\ntitle: 撞\n---\n".into()),
        // A file named like the module's folder in the site (`01-m` is `m/` there).
        ("content/m".into(), "not a folder".into()),
        // A file named like a folder the build writes itself.
        ("content/_terms".into(), "not a folder".into()),
    ];
    files.push((BOOK.0.into(), BOOK.1.into()));
    files.push((MODULE.0.into(), MODULE.1.into()));
    files
}

/// What the broken course reports, file by file.
const CONTENT_PROBLEMS: &[Expected] = &[
    at("CB-TERM-UNKNOWN", TERMS, 7),
    at("CB-TERM-ANCHOR", TERMS, 15),
    at("CB-TERM-FORM", TERMS, 19),
    at("CB-URL-REFUSED", TERMS, 23),
    at("CB-TERM-DUP", "content/01-m/02-dup.md", 4),
    at("CB-LINK-BROKEN", "content/01-m/03-links.md", 6),
    at("CB-LINK-ANCHOR", "content/01-m/03-links.md", 8),
    at("CB-LINK-ABSOLUTE", "content/01-m/03-links.md", 10),
    at("CB-LINK-OUTSIDE", "content/01-m/03-links.md", 12),
    at("CB-URL-REFUSED", "content/01-m/03-links.md", 14),
    at("CB-TERM-UNKNOWN", "content/01-m/03-links.md", 16),
    at("CB-TEXT-QUOTE", "content/01-m/03-links.md", 18),
    at("CB-LINK-SPACES", "content/01-m/03-links.md", 20),
    at("CB-TERM-UNKNOWN", "content/01-m/03-links.md", 22),
    at("CB-HEADING-ID", "content/01-m/03-links.md", 24),
    at("CB-QUIZ-EMPTY", "content/01-m/04-quiz.md", 7),
    at("CB-QUIZ-YAML", "content/01-m/04-quiz.md", 10),
    at("CB-QUIZ-PROMPT", "content/01-m/04-quiz.md", 14),
    at("CB-QUIZ-TYPE", "content/01-m/04-quiz.md", 19),
    at("CB-QUIZ-CHOICES", "content/01-m/04-quiz.md", 25),
    at("CB-QUIZ-ANSWER", "content/01-m/04-quiz.md", 32),
    at("CB-QUIZ-ANSWER", "content/01-m/04-quiz.md", 36),
    at("CB-QUIZ-BLANKS", "content/01-m/04-quiz.md", 37),
    at("CB-QUIZ-LINK", "content/01-m/04-quiz.md", 42),
    at("CB-QUIZ-ID", "content/01-m/04-quiz.md", 49),
    at("CB-QUIZ-DUP", "content/01-m/04-quiz.md", 58),
    at("CB-TERM-UNKNOWN", "content/01-m/04-quiz.md", 65),
    at("CB-KEY-UNKNOWN", "content/01-m/04-quiz.md", 71),
    at("CB-KEY-DUP", "content/01-m/04-quiz.md", 77),
    at("CB-FM-UNCLOSED", "content/01-m/10-unclosed.md", 1),
    at("CB-FM-YAML", "content/01-m/11-yaml.md", 2),
    at("CB-FM-VALUE", "content/01-m/12-value.md", 3),
    at("CB-KEY-UNKNOWN", "content/01-m/13-key.md", 3),
    at("CB-KEY-DUP", "content/01-m/14-dupkey.md", 3),
    at("CB-KEY-MISPLACED", "content/01-m/15-misplaced.md", 3),
    at("CB-TITLE-MISSING", "content/01-m/16-notitle.md", 1),
    at("CB-TERM-INCOMPLETE", "content/01-m/17-incomplete.md", 4),
    at("CB-LEVEL-INVALID", "content/01-m/18-level.md", 5),
    at("CB-TERM-ID", "content/01-m/19-id.md", 6),
    at("CB-LIMIT-TERM", "content/01-m/20-long-term.md", 4),
    at("CB-LIMIT-SIZE", "content/01-m/21-size.md", 104_859),
    at("CB-LIMIT-LINE", "content/01-m/22-line.md", 4),
    at("CB-LIMIT-MARKUP", "content/01-m/23-markup.md", 16_669),
    at("CB-LIMIT-ELEMENTS", "content/01-m/24-elements.md", 9_096),
    at("CB-TEXT-BLOCK", "content/01-m/25-block.md", 9),
    at("CB-LIMIT-TAGS", "content/01-m/26-open-tags.md", 5),
    file("CB-FILE-ORPHAN", "content/stray.md"),
    file("CB-OUTPUT-RESERVED", "content/search.html"),
    file("CB-OUTPUT-RESERVED", "content/_terms"),
    file("CB-OUTPUT-CLASH", "content/01-m/clash.md"),
    file("CB-OUTPUT-CLASH", "content/m"),
];

#[test]
fn every_content_problem_has_its_code_in_every_format() {
    let files = broken_chapters();
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let course = course(&files);
    let reports = reports(&course, &["check"]);
    reports.human.expect_code(1);
    reports.assert_reported(CONTENT_PROBLEMS);
}

// ---------------------------------------------------------------------------------------------
// Warnings, which only a course whose every page loads reports in full.

const WARNINGS: &[Expected] = &[
    at("CB-TERM-UNUSED", "content/01-m/01-a.md", 4),
    at("CB-LINK-LOCAL", "content/01-m/01-a.md", 7),
    at("CB-TEXT-QUOTE", "content/01-m/01-a.md", 9),
    at("CB-LIMIT-PAGE", "content/01-m/02-long.md", 1),
];

#[test]
fn warnings_have_their_codes_in_every_format() {
    let course = course(&[
        BOOK,
        MODULE,
        (
            "content/01-m/01-a.md",
            "---\ntitle: 甲\nterms:\n  - name: 冷门术语\n    level: 3\n    definition: 没人用。\nsummary: 见[乙](02-long.md)。\n---\n他说\"好\"。\n",
        ),
        // 300 KB of Markdown, within every limit, whose `>` the page writes as `&gt;`: 1.2 MB.
        (
            "content/01-m/02-long.md",
            &format!("---\ntitle: 乙\n---\n{}", format!("x{}\n", ">".repeat(9_999)).repeat(30)),
        ),
        // 200 KB of the same: a page of 0.8 MB, under 1 MB, not reported.
        (
            "content/01-m/03-shorter.md",
            &format!("---\ntitle: 丙\n---\n{}", format!("x{}\n", ">".repeat(9_999)).repeat(20)),
        ),
    ]);
    let reports = reports(&course, &["check"]);
    reports.human.expect_code(0);
    reports.assert_reported(WARNINGS);
    assert_eq!(reports.human.stderr().matches("warning[CB-LIMIT-PAGE]").count(), 1, "the long page only");
    // The build writes the page all the same, and says so.
    let run = course.run(&["build"]);
    run.expect_code(0);
    assert_eq!(run.stderr().matches("warning[CB-LIMIT-PAGE]").count(), 1, "{}", run.stderr());
    let size = |page: &str| std::fs::metadata(course.book().join(page)).expect("the chapter's page").len();
    assert!(size("m/long.html") > 1024 * 1024, "{} bytes", size("m/long.html"));
    assert!((600 * 1024..1024 * 1024).contains(&size("m/shorter.html")), "{} bytes", size("m/shorter.html"));
}

#[test]
fn a_chapter_whose_questions_make_it_too_large_is_named_and_its_self_test_page_is_no_larger() {
    // Two questions of 270 KB of quotes and `>`, each written by HTML as an entity: a page of
    // over 1 MB. The module's self-test page holds the same questions, the chapter alone in its
    // part: the chapter's warning covers it, and splitting the chapter splits its questions too.
    let explanation: String = (0..90).map(|_| format!("  {}\n\n", "\"'>".repeat(1000))).collect();
    let question = |n: usize| {
        format!(
            "```quiz\nquestion: 问题{n}？\nchoices:\n  - 甲\n  - 乙\nanswer: A\nexplanation: |\n{explanation}```\n\n"
        )
    };
    let chapter = format!("---\ntitle: 大题\n---\n\n## 练习\n\n{}{}", question(1), question(2));
    let course = course(&[BOOK, MODULE, ("content/01-m/01-big.md", &chapter)]);
    let run = course.run(&["build"]);
    run.expect_code(0);
    let stderr = run.stderr();
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("warning[CB-LIMIT-PAGE]")).collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(warnings[0].contains("content/01-m/01-big.md:1:1"), "{warnings:?}");
    let size = |page: &str| std::fs::metadata(course.book().join(page)).expect(page).len();
    assert!(size("m/exercises.html") > 1024 * 1024, "the questions alone pass 1 MB: {}", size("m/exercises.html"));
    assert!(size("m/exercises.html") <= size("m/big.html"), "{} > {}", size("m/exercises.html"), size("m/big.html"));
}

// ---------------------------------------------------------------------------------------------
// Files and folders.

#[cfg(target_os = "linux")]
const FILES: &[Expected] = &[
    file("CB-SYMLINK-OUTSIDE", "content/01-m/outside.md"),
    file("CB-SYMLINK-DANGLING", "content/assets/gone.png"),
    file("CB-SYMLINK-LOOP", "content/assets/loop"),
    file("CB-FILE-UNREADABLE", "content/01-m/socket.md"),
    file("CB-FILE-NAME", "content/01-m/bad\u{fffd}.md"),
    at("CB-FILE-ENCODING", "content/01-m/02-gbk.md", 4),
    at("CB-FILE-ENCODING", "book.toml", 2),
];

/// Links out of the course, to nothing and in a loop; a socket where a chapter should be (a
/// file no one can read, even the superuser); a name that is not UTF-8; text in GBK.
#[cfg(target_os = "linux")]
#[test]
fn problems_of_files_and_folders_have_their_codes_in_every_format() {
    use std::os::unix::ffi::OsStrExt;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "---\ntitle: 外面\n---\n").unwrap();
    let course = course(&[MODULE, ("content/assets/a.png", "png")]);
    std::fs::write(course.root().join("book.toml"), b"[book]\ntitle = \"\xbf\xce\xb3\xcc\"\n").unwrap();
    let module = course.root().join("content/01-m");
    std::os::unix::fs::symlink(outside.path().join("secret.md"), module.join("outside.md")).unwrap();
    std::os::unix::fs::symlink(course.root().join("nothing.png"), course.root().join("content/assets/gone.png"))
        .unwrap();
    std::os::unix::fs::symlink("..", course.root().join("content/assets/loop")).unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(module.join("socket.md")).unwrap();
    std::fs::write(module.join(std::ffi::OsStr::from_bytes(b"bad\xff.md")), "---\ntitle: x\n---\n").unwrap();
    std::fs::write(module.join("02-gbk.md"), b"---\ntitle: GBK\n---\n\xbf\xcd\xbb\xa7\n").unwrap();
    let reports = reports(&course, &["check"]);
    reports.human.expect_code(1);
    reports.assert_reported(&FILES[6..]);
    // With a book.toml that can be read, the content's problems.
    course.write("book.toml", BOOK.1);
    let reports = self::reports(&course, &["check"]);
    reports.human.expect_code(1);
    reports.assert_reported(&FILES[..6]);
}

const FILE_CHANGED: &[Expected] = &[file("CB-FILE-CHANGED", "content/01-m/600-c600.md")];

/// A chapter rewritten after the build read it and before it wrote the site (a build reads each
/// page again where it renders it, rather than hold the course's text): the build names the file
/// in every format, says to build again, and leaves no site. The file is rewritten once the build
/// has made its staging folder (`.book.tmp-PID`, after every page was read), while 600 chapters
/// are still to render and print; a build that finished first (the test starved of the CPU) is
/// tried again.
#[test]
fn a_file_changed_during_the_build_stops_it_and_leaves_no_site() {
    let failed = (0..3).find_map(|_| build_changing_the_last_chapter()).expect("the change came too late three times");
    failed.expect_code(1);
    let stdout = failed.stdout();
    let record: Value = stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .find(|r| r["code"] == FILE_CHANGED[0].code)
        .unwrap_or_else(|| panic!("no CB-FILE-CHANGED in:\n{stdout}"));
    assert_eq!(record["file"], FILE_CHANGED[0].file.unwrap());
    assert!(record["help"].as_str().unwrap_or_default().contains("build again"), "{record}");
}

/// Builds a course of 600 chapters, rewriting the last once the build has read them all; the
/// run, unless the build finished first. The course's folder holds no site afterwards, whole or
/// half-written.
fn build_changing_the_last_chapter() -> Option<Run> {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let course = course(&[BOOK, MODULE]);
    let text = "客服先确认顾客的问题，再给出答复。".repeat(40);
    for i in 1..=600 {
        course
            .write(&format!("content/01-m/{i:03}-c{i}.md"), &format!("---\ntitle: 第{i}章\n---\n\n## 一\n\n{text}\n"));
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_coursebook"))
        .args(["build", "--format", "json"])
        .current_dir(course.root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run coursebook");
    let staging = course.root().join(format!(".book.tmp-{}", child.id()));
    let deadline = Instant::now() + Duration::from_secs(120);
    while !staging.exists() && child.try_wait().unwrap().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
    }
    course.write("content/01-m/600-c600.md", "---\ntitle: 改过的一章\n---\n\n改过了。\n");
    let output = child.wait_with_output().unwrap();
    let run = Run { command: "coursebook build --format json".into(), output };
    if run.code() == 0 {
        return None;
    }
    let left: Vec<String> = std::fs::read_dir(course.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".book") || name == "book")
        .collect();
    assert!(left.is_empty(), "no site is written, whole or half: {left:?}");
    Some(run)
}

const LONG_NAME: &[Expected] = &[nowhere("CB-LIMIT-NAME")];

/// A chapter whose name fits the file system (255 bytes) but whose page's does not (`.html`
/// is two bytes longer than `.md`).
#[test]
fn an_output_name_too_long_for_the_file_system() {
    let name = format!("content/01-m/{}.md", "名".repeat(84));
    let course = course(&[BOOK, MODULE, (&name, "---\ntitle: 长名\n---\n")]);
    let reports = reports(&course, &["check"]);
    reports.human.expect_code(1);
    let records = reports.records();
    let record = records.iter().find(|r| r["code"] == "CB-LIMIT-NAME").expect("CB-LIMIT-NAME");
    assert_eq!(record["file"], name.as_str());
    assert!(record["line"].is_null() && record["column"].is_null(), "{record}");
    assert!(reports.github.stdout().lines().any(|l| l == workflow_command(record)), "{}", reports.github.stdout());
    assert!(reports.human.stderr().contains(&format!("error[CB-LIMIT-NAME]: {name}: ")), "{}", reports.human.stderr());
}

// ---------------------------------------------------------------------------------------------
// book.toml: each problem stops the command, so each is a course of its own.

/// book.toml texts, each with the problem it has and its line.
const BOOK_TOML_CASES: &[(&str, Expected)] = &[
    ("[book\ntitle = \"x\"\n", at("CB-TOML-SYNTAX", "book.toml", 1)),
    ("[book]\nlanguage = \"fr\"\n", at("CB-TOML-VALUE", "book.toml", 2)),
    ("[glossary]\nlink = \"some\"\n", at("CB-TOML-VALUE", "book.toml", 2)),
    ("[book]\ntitel = \"x\"\n", at("CB-KEY-UNKNOWN", "book.toml", 2)),
    ("[book]\ntitle = \"x\"\ntitle = \"y\"\n", at("CB-KEY-DUP", "book.toml", 3)),
    ("[search]\nsynonyms = [[\"砍价\"]]\n", at("CB-SYNONYM-INVALID", "book.toml", 2)),
    ("[search]\nsynonyms = [[\"砍价\", \"货\"]]\n", at("CB-SYNONYM-INVALID", "book.toml", 2)),
    ("[build]\nbuild-dir = \"content/site\"\n", at("CB-OUTPUT-PLACE", "book.toml", 2)),
    ("[book]\nsrc = \"chapters\"\n", at("CB-CONTENT-MISSING", "book.toml", 2)),
    ("[book]\ndescription = \"[x](javascript:alert(1))\"\n", at("CB-URL-REFUSED", "book.toml", 2)),
    ("[book]\ndescription = \"\"\"\n一段。\n\n- 一项\n\"\"\"\n", at("CB-TEXT-BLOCK", "book.toml", 2)),
];

#[test]
fn every_book_toml_problem_has_its_code_in_every_format() {
    for (text, expected) in BOOK_TOML_CASES {
        let course = course(&[MODULE, ("content/01-m/01-a.md", "---\ntitle: 甲\n---\n"), ("book.toml", text)]);
        for command in ["check", "build"] {
            let reports = reports(&course, &[command]);
            reports.human.expect_code(1);
            reports.assert_reported(std::slice::from_ref(expected));
        }
    }
    let long = format!("[search]\nsynonyms = [[\"砍价\", \"{}\"]]\n", "长".repeat(101));
    let course = course(&[MODULE, ("book.toml", &long)]);
    reports(&course, &["check"]).assert_reported(LIMIT_SYNONYM);
}

const LIMIT_SYNONYM: &[Expected] = &[at("CB-LIMIT-SYNONYM", "book.toml", 2)];

const DEST: &[Expected] = &[nowhere("CB-OUTPUT-PLACE")];

#[test]
fn a_dest_inside_the_content_folder_is_refused_without_a_file() {
    let course = course(&[BOOK, MODULE]);
    let reports = reports(&course, &["build", "--dest", "content/site"]);
    reports.human.expect_code(1);
    reports.assert_reported(DEST);
    assert!(
        reports.human.stderr().contains("error[CB-OUTPUT-PLACE]: --dest: the build folder"),
        "{}",
        reports.human.stderr()
    );
}

// ---------------------------------------------------------------------------------------------
// Errors that are not problems of a file: the folder, the output, the theme, the system.

const COMMAND_ERRORS: &[Expected] = &[
    nowhere("CB-PATH-MISSING"),
    nowhere("CB-COURSE-MISSING"),
    nowhere("CB-CONTENT-MISSING"),
    nowhere("CB-OUTPUT-UNSAFE"),
    file("CB-OUTPUT-UNSAFE", "book"),
    nowhere("CB-THEME-TEMPLATE"),
    nowhere("CB-IO-FAILED"),
];

#[test]
fn errors_of_the_command_have_their_codes_in_every_format() {
    let empty = course(&[]);
    let missing = reports(&empty, &["check", "no-such-folder"]);
    missing.human.expect_code(1);
    missing.assert_reported(&COMMAND_ERRORS[..1]);
    let not_a_course = reports(&empty, &["build"]);
    not_a_course.human.expect_code(1);
    not_a_course.assert_reported(&COMMAND_ERRORS[1..2]);
    let no_content = course(&[BOOK]);
    let reports_no_content = reports(&no_content, &["check"]);
    reports_no_content.human.expect_code(1);
    reports_no_content.assert_reported(&COMMAND_ERRORS[2..3]);

    let foreign = course(&[BOOK, MODULE, ("book/notes.txt", "not a site")]);
    let build = reports(&foreign, &["build"]);
    build.human.expect_code(1);
    build.assert_reported(&COMMAND_ERRORS[3..4]);
    let check = reports(&foreign, &["check"]);
    check.human.expect_code(1);
    check.assert_reported(&COMMAND_ERRORS[4..5]);

    let theme = course(&[
        ("book.toml", "[book]\ntitle = \"x\"\n[build]\ntheme = \"mine\"\n"),
        MODULE,
        ("themes/mine/templates/chapter.html", "{% if %}\n"),
    ]);
    let broken_theme = reports(&theme, &["build"]);
    broken_theme.human.expect_code(1);
    broken_theme.assert_reported(&COMMAND_ERRORS[5..6]);

    let io = course(&[BOOK, MODULE]);
    let unwritable = reports(&io, &["build", "--dest", "book.toml/site"]);
    unwritable.human.expect_code(1);
    unwritable.assert_reported(&COMMAND_ERRORS[6..]);
}

/// Every scenario's expected problems: together they must name every code there is.
#[test]
fn every_code_is_triggered_by_a_test() {
    let mut scenarios: Vec<&[Expected]> =
        vec![CONTENT_PROBLEMS, WARNINGS, LONG_NAME, LIMIT_SYNONYM, COMMAND_ERRORS, DEST, FILE_CHANGED];
    #[cfg(target_os = "linux")]
    scenarios.push(FILES);
    let book_toml: Vec<&Expected> = BOOK_TOML_CASES.iter().map(|(_, expected)| expected).collect();
    let triggered: BTreeSet<&str> =
        scenarios.iter().flat_map(|s| s.iter()).chain(book_toml).map(|expected| expected.code).collect();
    let all: BTreeSet<&str> = coursebook::diagnostic::Code::ALL.iter().map(|code| code.as_str()).collect();
    let untested: Vec<&&str> = all.difference(&triggered).collect();
    assert!(untested.is_empty(), "codes no test triggers: {untested:?}");
    let unknown: Vec<&&str> = triggered.difference(&all).collect();
    assert!(unknown.is_empty(), "codes the program does not have: {unknown:?}");
}

// ---------------------------------------------------------------------------------------------
// Messages that fit the command.

/// The last line of a run's stderr: its summary.
fn summary(run: &Run) -> String {
    run.stderr().lines().last().unwrap_or_default().to_string()
}

#[test]
fn build_and_check_outside_a_course_name_the_folder_and_suggest_init() {
    let empty = course(&[]);
    let folder = std::fs::canonicalize(empty.root()).unwrap();
    for command in ["build", "check"] {
        let run = empty.run(&[command]);
        run.expect_code(1);
        let stderr = run.stderr();
        assert!(stderr.starts_with("error[CB-COURSE-MISSING]: no book.toml in "), "{stderr}");
        assert!(stderr.contains(&folder.display().to_string()) || stderr.contains(&empty.root().display().to_string()));
        assert!(stderr.contains("coursebook init"), "{stderr}");
        assert!(!stderr.contains("-->") && !stderr.contains("content:"), "no invented place: {stderr}");

        let run = empty.run(&[command, "no-such-folder"]);
        run.expect_code(1);
        let stderr = run.stderr();
        assert!(stderr.starts_with("error[CB-PATH-MISSING]: the folder "), "{stderr}");
        assert!(stderr.contains("no-such-folder does not exist"), "{stderr}");
        assert!(stderr.contains("coursebook init"), "{stderr}");
    }
    // A course without book.toml but with its content folder is still a course (all defaults).
    let defaults = course(&[MODULE, ("content/01-m/01-a.md", "---\ntitle: 甲\n---\n")]);
    defaults.run(&["check"]).expect_code(0);
    // A book.toml without the content folder names the folder it looked for.
    let no_content = course(&[BOOK]);
    let stderr = no_content.run(&["check"]).stderr();
    assert!(stderr.starts_with("error[CB-CONTENT-MISSING]: no content folder `content` in "), "{stderr}");
    assert!(!stderr.contains("-->"), "{stderr}");
}

#[test]
fn check_and_build_count_errors_and_warnings_in_their_own_words() {
    let broken = course(&[BOOK, MODULE, ("content/01-m/01-a.md", "---\ntitle: 甲\n---\n[坏](nothing.md)\n")]);
    let check = broken.run(&["check"]);
    check.expect_code(1);
    assert_eq!(summary(&check), "error: 1 error, no warnings");
    assert!(!check.stderr().contains("nothing was written"), "{}", check.stderr());
    let build = broken.run(&["build"]);
    build.expect_code(1);
    assert_eq!(
        summary(&build),
        "error: 1 error, no warnings; nothing was written (the previous site is left as it was)"
    );

    let warned = course(&[
        BOOK,
        MODULE,
        (
            "content/01-m/01-a.md",
            "---\ntitle: 甲\nterms:\n  - name: 冷门\n    level: 1\n    definition: 没人用。\n---\n他说\"好\"。\n",
        ),
    ]);
    let check = warned.run(&["check"]);
    check.expect_code(0);
    assert_eq!(summary(&check), "check passed: no errors, 2 warnings");
    let strict = warned.run(&["check", "--deny-warnings"]);
    strict.expect_code(1);
    assert_eq!(
        summary(&strict),
        "error: no errors, 2 warnings; the warnings fail the check because of --deny-warnings"
    );
    let strict = warned.run(&["build", "--deny-warnings", "-q"]);
    strict.expect_code(1);
    assert_eq!(
        summary(&strict),
        "error: no errors, 2 warnings; the warnings fail the build because of --deny-warnings; nothing was written \
         (the previous site is left as it was)"
    );
    assert!(strict.stderr().contains("warning[CB-TERM-UNUSED]"), "-q still shows the warnings that fail the run");
    let build = warned.run(&["build"]);
    build.expect_code(0);
    assert!(summary(&build).ends_with(", with 2 warnings"), "{}", build.stderr());

    let clean = course(&[BOOK, MODULE, ("content/01-m/01-a.md", "---\ntitle: 甲\n---\n正文。\n")]);
    let check = clean.run(&["check"]);
    check.expect_code(0);
    assert_eq!(summary(&check), "check passed: no errors, no warnings");
}

#[test]
fn machine_formats_keep_stdout_for_records_and_name_files_from_the_current_folder() {
    let parent = tempfile::tempdir().unwrap();
    let inner = parent.path().join("course");
    common::copy_dir(
        course(&[BOOK, MODULE, ("content/01-m/01-a.md", "---\ntitle: 甲\n---\n[坏](nothing.md)\n")]).root(),
        &inner,
    );
    let json = common::run_in(parent.path(), &["check", "course", "--format", "json"]);
    json.expect_code(1);
    let record: Value = serde_json::from_str(json.stdout().trim()).unwrap();
    assert_eq!(record["file"], "course/content/01-m/01-a.md");
    assert_eq!(
        record["help"],
        "link to a chapter's .md file (relative to this file) or to a file in the content folder"
    );
    assert_eq!(summary(&json), "error: 1 error, no warnings", "the summary stays on stderr");
    let github = common::run_in(parent.path(), &["check", "course", "--format", "github"]);
    assert!(
        github.stdout().starts_with("::error file=course/content/01-m/01-a.md,line=4,col=1,"),
        "{}",
        github.stdout()
    );
    assert_eq!(github.stdout().lines().count(), 1);
}

/// Colour is for a terminal only, and `NO_COLOR` turns it off there too. The terminal is made
/// by `script` (util-linux), which runs the command as if typed.
#[cfg(target_os = "linux")]
#[test]
fn no_color_turns_colour_off_in_a_terminal() {
    let broken = course(&[BOOK, MODULE, ("content/01-m/01-a.md", "---\ntitle: 甲\n---\n[坏](nothing.md)\n")]);
    let in_terminal = |no_color: Option<&str>| {
        let command = format!("{} check", env!("CARGO_BIN_EXE_coursebook"));
        let mut script = std::process::Command::new("script");
        script.args(["-qec", &command, "/dev/null"]).current_dir(broken.root()).env_remove("NO_COLOR");
        if let Some(value) = no_color {
            script.env("NO_COLOR", value);
        }
        let output = script.output().expect("script (util-linux) runs the command in a terminal");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let coloured = in_terminal(None);
    assert!(coloured.contains("CB-LINK-BROKEN") && coloured.contains("\x1b["), "colour in a terminal: {coloured:?}");
    let plain = in_terminal(Some("1"));
    assert!(plain.contains("error[CB-LINK-BROKEN]") && !plain.contains("\x1b["), "NO_COLOR=1: {plain:?}");
    let empty = in_terminal(Some(""));
    assert!(empty.contains("\x1b["), "an empty NO_COLOR is not set: {empty:?}");
    let piped = broken.run(&["check"]);
    assert!(!piped.stderr().contains('\x1b'), "not a terminal: {}", piped.stderr());
}

// ---------------------------------------------------------------------------------------------
// Did you mean.

/// The JSON records of `check` on `course`.
fn records(course: &Course) -> Vec<Value> {
    let run = course.run(&["check", "--format", "json"]);
    run.stdout().lines().map(|line| serde_json::from_str(line).unwrap()).collect()
}

/// The message and the help of the record with `code` at `line`, as one text.
fn said(records: &[Value], code: &str, line: u64) -> String {
    let record = records
        .iter()
        .find(|r| r["code"] == code && r["line"] == line)
        .unwrap_or_else(|| panic!("no {code} at line {line} in {records:#?}"));
    format!("{} | {}", record["message"].as_str().unwrap(), record["help"].as_str().unwrap_or_default())
}

#[test]
fn close_misspellings_get_a_suggestion_and_far_ones_do_not() {
    let terms = "---\ntitle: 术语\nterms:\n  - name: 客户满意度\n    level: 掌屋\n    definition: 感受。\n  - name: 投诉处理\n    level: ★★★★\n    definition: 处理。\n  - name: 售后\n    level: 重要\n    definition: 之后。\n---\n## 货物延迟\n";
    let course = course(&[
        BOOK,
        MODULE,
        ("content/01-m/01-terms.md", terms),
        ("content/01-m/02-keys.md", "---\ntitle: 键\nlevle: 1\n---\n"),
        ("content/01-m/03-far-key.md", "---\ntitle: 键\ncolour: red\n---\n"),
    ]);
    let found = records(&course);
    assert!(said(&found, "CB-LEVEL-INVALID", 5).contains("did you mean `掌握`?"));
    assert!(said(&found, "CB-LEVEL-INVALID", 8).contains("did you mean `★★★`?"));
    assert!(!said(&found, "CB-LEVEL-INVALID", 11).contains("did you mean"));
    let misplaced = said(&found, "CB-KEY-UNKNOWN", 3);
    assert!(
        misplaced.contains("`levle` is not a key of the front matter; did you mean `level`, a key of a term"),
        "{misplaced}"
    );
    let far = records(&course).into_iter().find(|r| r["file"] == "content/01-m/03-far-key.md").unwrap();
    assert!(!far["message"].as_str().unwrap().contains("did you mean"), "{far}");

    // Terms (links, see-also, questions), quiz keys, files and headings, once the terms load.
    let terms = "---\ntitle: 术语\nterms:\n  - name: 客户满意度\n    level: 3\n    definition: 感受。\n    see: [客户满易度, 售后服务]\n---\n## 货物延迟\n\n客户满意度。\n";
    let uses = "---\ntitle: 用\n---\n[甲](term:客户满易度) [乙](term:物流)\n\n[丙](01-terms.md#货物廷迟) [丁](01-terms.md#退款)\n\n[戊](01-term.md) [己](terms.md) [庚](nothing-like-it.md)\n\n```quiz\nquestion: 对吗？\nanswer: 对\nexplanaton: 因为。\n```\n\n```quiz\nquestion: 对吗？\nanswer: 对\nhint: 想想。\n```\n\n```quiz\nquestion: 对吗？\nanswer: 对\nterms: [客户满易度]\n```\n";
    let course = self::course(&[BOOK, MODULE, ("content/01-m/01-terms.md", terms), ("content/01-m/02-uses.md", uses)]);
    let found = records(&course);
    let see = found
        .iter()
        .find(|r| r["code"] == "CB-TERM-UNKNOWN" && r["message"] == "see-also names an unknown term `客户满易度`")
        .expect("the misspelt see-also");
    assert!(see["help"].as_str().unwrap().starts_with("did you mean `客户满意度`?"), "{see}");
    let far_see =
        found.iter().filter(|r| r["code"] == "CB-TERM-UNKNOWN" && r["message"].as_str().unwrap().contains("售后服务"));
    assert!(
        far_see.clone().count() == 1 && far_see.clone().all(|r| !r["help"].as_str().unwrap().contains("did you mean"))
    );
    let links = found.iter().filter(|r| r["file"] == "content/01-m/02-uses.md" && r["line"] == 4).collect::<Vec<_>>();
    assert_eq!(links.len(), 2, "{links:#?}");
    assert!(links[0]["help"].as_str().unwrap().starts_with("did you mean `客户满意度`?"), "{links:#?}");
    assert!(!links[1]["help"].as_str().unwrap().contains("did you mean"), "物流 is nothing like a term: {links:#?}");
    let anchors = found.iter().filter(|r| r["code"] == "CB-LINK-ANCHOR").collect::<Vec<_>>();
    assert!(anchors[0]["help"].as_str().unwrap().starts_with("did you mean `#货物延迟`?"), "{anchors:#?}");
    assert!(!anchors[1]["help"].as_str().unwrap().contains("did you mean"), "{anchors:#?}");
    let files = found.iter().filter(|r| r["code"] == "CB-LINK-BROKEN").collect::<Vec<_>>();
    assert_eq!(files.len(), 3, "{files:#?}");
    assert!(files[0]["help"].as_str().unwrap().starts_with("did you mean `01-terms.md`?"), "a letter missing");
    assert!(files[1]["help"].as_str().unwrap().starts_with("did you mean `01-terms.md`?"), "the prefix left out");
    assert!(!files[2]["help"].as_str().unwrap().contains("did you mean"), "{files:#?}");
    assert!(said(&found, "CB-KEY-UNKNOWN", 13).contains("did you mean `explanation`?"));
    assert!(!said(&found, "CB-KEY-UNKNOWN", 19).contains("did you mean"));
    assert!(said(&found, "CB-TERM-UNKNOWN", 25).contains("did you mean `客户满意度`?"));
}

/// A heading's written `{#id}` that its page already has (another heading's, the page's own
/// `main`, a footnote's, a question's) is reported at its `{`; a heading whose text makes a
/// question's id takes `-1`, so a link to `#q-1` reaches the question.
#[test]
fn a_written_heading_id_the_page_already_has_is_reported_and_a_question_keeps_its_own() {
    let quiz = "```quiz\nid: 1\nquestion: 一加一等于 ___\nanswer: 2\n```\n";
    let clashing = format!(
        "---\ntitle: 编号\n---\n## 开始 {{#main}}\n\n## 退款 {{#refund}}\n\n## 退货 {{#refund}}\n\n## 练习 {{#q-1}}\n\n## 注释 {{#fn-a}}\n\n文[^a]。\n\n[^a]: 注。\n\n{quiz}"
    );
    let course = self::course(&[BOOK, MODULE, ("content/01-m/01-ids.md", &clashing)]);
    let found = records(&course);
    let clashes: Vec<(u64, u64, &str)> = found
        .iter()
        .filter(|r| r["code"] == "CB-HEADING-ID")
        .map(|r| (r["line"].as_u64().unwrap(), r["column"].as_u64().unwrap(), r["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        clashes,
        [
            (4, 7, "the id `main` cannot be this heading's: the page has it for itself (its main text, side bar or settings)"),
            (8, 7, "the id `refund` cannot be this heading's: another heading on this page has it already"),
            (10, 7, "the id `q-1` cannot be this heading's: a question on this page has it (its `id:`)"),
            (12, 7, "the id `fn-a` cannot be this heading's: a footnote on this page has it"),
        ],
        "{found:#?}"
    );
    assert_eq!(found.len(), 4, "nothing else is reported: {found:#?}");

    let named_alike = format!("---\ntitle: 编号\n---\n## Q 1\n\n[去练习](#q-1)\n\n{quiz}");
    course.write("content/01-m/01-ids.md", &named_alike);
    course.run(&["build"]).expect_code(0);
    let page = course.read_output("m/ids.html");
    assert_eq!(page.matches("id=\"q-1\"").count(), 1, "{page}");
    assert!(page.contains("<h2 id=\"q-1-1\">"), "{page}");
    assert!(page.contains("<form class=\"quiz\" id=\"q-1\""), "the question has it: {page}");
    assert!(page.contains("href=\"#q-1\""), "{page}");
    let mut ids: Vec<&str> = page.split(" id=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect();
    ids.sort_unstable();
    assert!(ids.windows(2).all(|w| w[0] != w[1]), "{ids:?}");
}

/// Thousands of problems in one file cost in proportion: "did you mean" is looked for for the
/// first 50 unknown term names of a page (each compares the name with every form of the
/// glossary), the rest say where terms are defined; every problem keeps its line, and of a long
/// line a part around its column (found by a reviewer: 8,000 unknown see-also names took 22 s,
/// 23,800 broken anchors on 17 long lines 1.1 GB).
#[test]
fn many_problems_in_one_file_keep_their_places_and_stop_suggesting_after_fifty() {
    let terms =
        "---\ntitle: 术语\nterms:\n  - name: 客户满意度\n    level: 3\n    definition: 感受。\n---\n客户满意度。\n";
    // Sixty different misspellings, each one character off, then the first written 40 times more.
    let misspelt: String = (0..5)
        .flat_map(|at| "甲乙丙丁戊己庚辛壬癸子丑".chars().map(move |c| (at, c)))
        .map(|(at, c)| {
            let name: String = "客户满意度".chars().enumerate().map(|(i, o)| if i == at { c } else { o }).collect();
            format!("[甲](term:{name}) ")
        })
        .collect();
    let again = "[甲](term:甲户满意度) ".repeat(40);
    let links = format!("---\ntitle: 用\n---\n{misspelt}{again}\n\n{}\n", "[乙](#无) ".repeat(2_000));
    let course =
        self::course(&[BOOK, MODULE, ("content/01-m/01-terms.md", terms), ("content/01-m/02-uses.md", &links)]);
    let found = records(&course);
    let unknown: Vec<&Value> = found.iter().filter(|r| r["code"] == "CB-TERM-UNKNOWN").collect();
    assert_eq!(unknown.len(), 100);
    let suggested = |r: &&&Value| r["help"].as_str().unwrap().starts_with("did you mean `客户满意度`?");
    assert_eq!(unknown[..60].iter().filter(suggested).count(), 50, "fifty names looked for: {unknown:#?}");
    // A name already looked for keeps its suggestion, and is not counted again.
    assert!(unknown[60..].iter().all(|r| suggested(&r)), "{unknown:#?}");
    assert!(unknown.iter().all(|r| r["line"] == 4), "each at its line");
    let anchors: Vec<&Value> = found.iter().filter(|r| r["code"] == "CB-LINK-ANCHOR").collect();
    assert_eq!(anchors.len(), 2_000);
    let last = anchors.last().unwrap();
    assert_eq!((last["line"].as_u64(), last["column"].as_u64()), (Some(6), Some(1_999 * 8 + 1)));
    assert_eq!(
        last["end_column"].as_u64(),
        Some(1_999 * 8 + 7),
        "the underline ends where the line does, found in a part of it: {last}"
    );
}

#[test]
fn a_problem_far_along_a_long_line_is_reported_at_its_column_from_the_lines_start() {
    let long = format!("---\ntitle: 长\n---\n{} [坏](#无处) {}\n", "文字".repeat(600), "更多".repeat(300));
    let course = self::course(&[BOOK, MODULE, ("content/01-m/01-long.md", &long)]);
    let run = course.run(&["check"]);
    run.expect_code(1);
    let stderr = run.stderr();
    // 1,200 characters and a space come before the link.
    assert!(stderr.contains("error[CB-LINK-ANCHOR]: content/01-m/01-long.md:4:1202:"), "{stderr}");
    // Only a part of the line is shown: no `-->` line counting the column from that part.
    assert!(!stderr.contains("-->"), "{stderr}");
    assert!(stderr.contains("[坏](#无处)") && !stderr.contains(&"文字".repeat(200)), "a part of the line: {stderr}");
    let underline = stderr.lines().find(|l| l.contains('^')).expect("an underline");
    assert_eq!(
        underline.matches('^').count(),
        "[坏](#无处)".chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>()
    );
}

// ---------------------------------------------------------------------------------------------
// No false problems beside a broken page.

#[test]
fn a_broken_page_brings_no_false_never_used_warnings_or_broken_links() {
    let defines =
        "---\ntitle: 定义\nterms:\n  - name: 客户满意度\n    level: 3\n    definition: 感受。\n---\n定义客户满意度。\n";
    // The only chapter using the term, with a mistake in its front matter.
    let uses = "---\ntitle: 使用\ntitel: 错\n---\n客户满意度很重要。\n";
    let course = course(&[
        BOOK,
        MODULE,
        ("content/01-m/01-defines.md", defines),
        ("content/01-m/02-uses.md", uses),
        ("content/02-n/index.md", "---\ntitel: 模块\n---\n"),
        ("content/02-n/01-x.md", "---\ntitle: X\n---\n[回](../01-m/01-defines.md)\n"),
        ("content/01-m/03-links.md", "---\ntitle: 链\n---\n[去](../02-n/01-x.md)\n"),
    ]);
    let run = course.run(&["check"]);
    run.expect_code(1);
    let stderr = run.stderr();
    assert!(stderr.contains("error[CB-KEY-UNKNOWN]: content/01-m/02-uses.md:3"), "{stderr}");
    assert!(stderr.contains("error[CB-KEY-UNKNOWN]: content/02-n/index.md:2"), "{stderr}");
    assert!(!stderr.contains("CB-TERM-UNUSED"), "the broken chapter's uses are unknown: {stderr}");
    assert!(!stderr.contains("CB-LINK-BROKEN"), "a chapter of a broken module exists: {stderr}");
    assert_eq!(summary(&run), "error: 2 errors, no warnings");
    // Fixed, the chapter uses the term: still no warning.
    course.write("content/01-m/02-uses.md", "---\ntitle: 使用\n---\n客户满意度很重要。\n");
    course.write("content/02-n/index.md", "---\ntitle: 模块\n---\n");
    let run = course.run(&["check"]);
    run.expect_code(0);
    assert_eq!(summary(&run), "check passed: no errors, no warnings");
    // And without the use, the warning is back.
    course.write("content/01-m/02-uses.md", "---\ntitle: 使用\n---\n别的。\n");
    let run = course.run(&["check"]);
    assert!(run.stderr().contains("warning[CB-TERM-UNUSED]: content/01-m/01-defines.md:4"), "{}", run.stderr());
}

// ---------------------------------------------------------------------------------------------
// docs/DIAGNOSTICS.md explains every code, and only codes there are.

#[test]
fn docs_diagnostics_explains_every_code_in_the_programs_order() {
    let docs = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/DIAGNOSTICS.md"))
        .expect("docs/DIAGNOSTICS.md");
    let sections: Vec<(&str, &str)> = docs
        .split("\n### ")
        .skip(1)
        .filter_map(|section| section.split_once('\n'))
        .filter(|(heading, _)| heading.starts_with("CB-"))
        .collect();
    let documented: Vec<&str> = sections.iter().map(|(heading, _)| heading.trim()).collect();
    let codes: Vec<&str> = coursebook::diagnostic::Code::ALL.iter().map(|code| code.as_str()).collect();
    let missing: Vec<&&str> = codes.iter().filter(|code| !documented.contains(code)).collect();
    assert!(missing.is_empty(), "codes docs/DIAGNOSTICS.md does not explain: {missing:?}");
    let unknown: Vec<&&str> = documented.iter().filter(|code| !codes.contains(code)).collect();
    assert!(unknown.is_empty(), "codes in docs/DIAGNOSTICS.md the program does not have: {unknown:?}");
    assert_eq!(documented, codes, "docs/DIAGNOSTICS.md lists the codes in the order of diagnostic::Code");
    for (code, text) in sections {
        let body = text.split("\n## ").next().unwrap_or(text);
        assert!(body.contains("```"), "{code}: no example");
        assert!(body.contains("**Fix:**"), "{code}: no fix");
    }
}
