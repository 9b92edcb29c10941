//! Problems found in a course, as plain values.
//!
//! Every stage (config, content, glossary, render) reports what is wrong with the user's files
//! as [`Diagnostic`]s instead of stopping at the first one, so `build` and `check` can show a
//! contributor everything at once. Each problem carries a stable [`Code`] (`CB-TERM-DUP`), the
//! one table of which is here, so that a code cannot be misspelt where a problem is made and
//! docs/DIAGNOSTICS.md can explain every one. Rendering them (for a terminal, for GitHub, as
//! JSON) happens once, at the CLI edge.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Declares [`Code`], its text and the list of every code from one table, so that the three
/// cannot disagree.
macro_rules! codes {
    ($($(#[doc = $doc:literal])+ $variant:ident = $text:literal,)+) => {
        /// A problem's stable name, `CB-<AREA>-<WHAT>`: what a teacher searches for in
        /// docs/DIAGNOSTICS.md, and what a script or a GitHub annotation keys on. A code never
        /// changes meaning; a new kind of problem gets a new code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl Code {
            /// Every code, in the order of docs/DIAGNOSTICS.md.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)+];

            /// The code as printed: `CB-TERM-DUP`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)+
                }
            }
        }
    };
}

codes! {
    /// The folder given to the command does not exist, or is a file.
    PathMissing = "CB-PATH-MISSING",
    /// The folder has neither a `book.toml` nor a content folder: it is not a course.
    CourseMissing = "CB-COURSE-MISSING",
    /// The course's content folder (`[book] src`, default `content`) does not exist.
    ContentMissing = "CB-CONTENT-MISSING",
    /// The operating system refused to read, write or listen (the cause follows).
    IoFailed = "CB-IO-FAILED",
    /// A theme template cannot be read or rendered.
    ThemeTemplate = "CB-THEME-TEMPLATE",
    /// A place coursebook would write to holds files it did not write: the build folder, or
    /// the folder `init` was given.
    OutputUnsafe = "CB-OUTPUT-UNSAFE",
    /// The build folder is the course, or inside or around the content folder.
    OutputPlace = "CB-OUTPUT-PLACE",
    /// `book.toml` is not valid TOML.
    TomlSyntax = "CB-TOML-SYNTAX",
    /// A value in `book.toml` is of the wrong kind or outside the key's list.
    TomlValue = "CB-TOML-VALUE",
    /// A key that the format does not have: in `book.toml`, front matter or a question.
    KeyUnknown = "CB-KEY-UNKNOWN",
    /// A key written twice in one front matter, term or question.
    KeyDup = "CB-KEY-DUP",
    /// A key of a term written at the page's level, or a page's key inside a term.
    KeyMisplaced = "CB-KEY-MISPLACED",
    /// A `[search] synonyms` group of fewer than two words, or an empty or one-character word.
    SynonymInvalid = "CB-SYNONYM-INVALID",
    /// Too many synonym groups, too many words in one, or a word too long.
    LimitSynonym = "CB-LIMIT-SYNONYM",
    /// A `javascript:`, `vbscript:` or `data:` address, which no course may use.
    UrlRefused = "CB-URL-REFUSED",
    /// A file that is not UTF-8 text.
    FileEncoding = "CB-FILE-ENCODING",
    /// A file or folder name that is not valid UTF-8.
    FileName = "CB-FILE-NAME",
    /// A file or folder of the course that cannot be read.
    FileUnreadable = "CB-FILE-UNREADABLE",
    /// A Markdown file that changed on disk while the site was being built.
    FileChanged = "CB-FILE-CHANGED",
    /// A Markdown file outside every module, which is not published (a warning).
    FileOrphan = "CB-FILE-ORPHAN",
    /// A symbolic link leading outside the course.
    SymlinkOutside = "CB-SYMLINK-OUTSIDE",
    /// A symbolic link leading to nothing.
    SymlinkDangling = "CB-SYMLINK-DANGLING",
    /// A symbolic link leading back into a folder that contains it.
    SymlinkLoop = "CB-SYMLINK-LOOP",
    /// A source whose output would replace a page the build writes itself.
    OutputReserved = "CB-OUTPUT-RESERVED",
    /// Two sources that would be written to the same output file.
    OutputClash = "CB-OUTPUT-CLASH",
    /// An output file name longer than file systems accept.
    LimitName = "CB-LIMIT-NAME",
    /// A Markdown file larger than 1 MiB.
    LimitSize = "CB-LIMIT-SIZE",
    /// A line longer than 20,000 characters.
    LimitLine = "CB-LIMIT-LINE",
    /// A page with more than 50,000 line ends and markup characters.
    LimitMarkup = "CB-LIMIT-MARKUP",
    /// A page with more than 100,000 Markdown elements.
    LimitElements = "CB-LIMIT-ELEMENTS",
    /// HTML leaving more than twenty text-formatting tags (`<b>`, `<a>`…) open at once.
    LimitTags = "CB-LIMIT-TAGS",
    /// A page (chapter, module or home) over 1 MB once built (a warning: the page is written).
    LimitPage = "CB-LIMIT-PAGE",
    /// A term's name, English name or alias longer than 100 characters.
    LimitTerm = "CB-LIMIT-TERM",
    /// Front matter opened with `---` and never closed.
    FmUnclosed = "CB-FM-UNCLOSED",
    /// Front matter that cannot be read as `key: value` lines.
    FmYaml = "CB-FM-YAML",
    /// A front matter key whose value is of the wrong kind.
    FmValue = "CB-FM-VALUE",
    /// A chapter or module page without a title.
    TitleMissing = "CB-TITLE-MISSING",
    /// A term without its name, level or definition.
    TermIncomplete = "CB-TERM-INCOMPLETE",
    /// A term's level that is none of the accepted spellings.
    LevelInvalid = "CB-LEVEL-INVALID",
    /// A term's `id` that is not one word.
    TermId = "CB-TERM-ID",
    /// A term defined twice in the course.
    TermDup = "CB-TERM-DUP",
    /// A written form (name, `en`, alias) that belongs to two terms.
    TermForm = "CB-TERM-FORM",
    /// Two terms with the same anchor on the glossary page.
    TermAnchor = "CB-TERM-ANCHOR",
    /// A `term:` link, a `see:` entry or a question's `terms:` naming no term of the glossary.
    TermUnknown = "CB-TERM-UNKNOWN",
    /// A term used in no chapter but its own (a warning).
    TermUnused = "CB-TERM-UNUSED",
    /// A link or image to a file that does not exist.
    LinkBroken = "CB-LINK-BROKEN",
    /// A link to a heading that does not exist.
    LinkAnchor = "CB-LINK-ANCHOR",
    /// A heading's `{#id}` that the page already has: another heading's, the page's own, a
    /// footnote's or a question's.
    HeadingId = "CB-HEADING-ID",
    /// A link starting with `/`, which breaks a site opened from a folder.
    LinkAbsolute = "CB-LINK-ABSOLUTE",
    /// A link leading out of the content folder.
    LinkOutside = "CB-LINK-OUTSIDE",
    /// A link or image whose address has spaces, which Markdown shows as text.
    LinkSpaces = "CB-LINK-SPACES",
    /// A link or image in a summary or a term's definition to a chapter or a file of the
    /// course, which the pages showing it cannot reach alike: shown as its text (a warning).
    LinkLocal = "CB-LINK-LOCAL",
    /// A question block with nothing in it.
    QuizEmpty = "CB-QUIZ-EMPTY",
    /// A question block that cannot be read as `key: value` lines.
    QuizYaml = "CB-QUIZ-YAML",
    /// A question block without its question.
    QuizPrompt = "CB-QUIZ-PROMPT",
    /// A question whose kind is unknown or cannot be told.
    QuizType = "CB-QUIZ-TYPE",
    /// A question's choices: missing, too few, too many, empty or repeated.
    QuizChoices = "CB-QUIZ-CHOICES",
    /// A question's answer: missing, or not fitting the question.
    QuizAnswer = "CB-QUIZ-ANSWER",
    /// A fill-in question whose blanks and answers do not match.
    QuizBlanks = "CB-QUIZ-BLANKS",
    /// A link to a chapter or term inside a question, which would not work.
    QuizLink = "CB-QUIZ-LINK",
    /// A question's `id` that is not one word.
    QuizId = "CB-QUIZ-ID",
    /// The same question twice on one page.
    QuizDup = "CB-QUIZ-DUP",
    /// A straight quote in Chinese text (a warning).
    TextQuote = "CB-TEXT-QUOTE",
    /// A list, a second paragraph or other block in text shown as one paragraph: a term's
    /// definition, a summary, the course description, a question, a choice, a reference
    /// answer; or in an explanation, a block other than a paragraph.
    TextBlock = "CB-TEXT-BLOCK",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How bad a problem is: errors fail the build, warnings fail it only with `--deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The course cannot be built as written: the build fails.
    Error,
    /// Probably a mistake, but the site is still built (unless `--deny-warnings`).
    Warning,
}

/// One problem at one place in one file, with what would be valid instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning: decides whether the build fails.
    pub severity: Severity,
    /// Which kind of problem: the name docs/DIAGNOSTICS.md explains it under.
    pub code: Code,
    /// The file, as the user would type it (relative to the course root where possible);
    /// empty when the problem is in no file (an option of the command line).
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the file as a whole.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub column: usize,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What would be accepted instead, or how to fix it.
    pub help: Option<String>,
    /// The text of the offending line, so the report can show it without re-reading the file;
    /// of a long line, a part around the column ([`MAX_SOURCE_CHARS`]).
    pub source_line: Option<String>,
    /// How many characters of the line are left out before [`Diagnostic::source_line`]: 0 but
    /// for a long line.
    pub source_from: usize,
    /// How many characters the problem covers from its column, when known (a link); else it
    /// runs to the end of the line.
    pub width: Option<usize>,
    /// Other places involved (e.g. the first definition of a duplicated term).
    pub related: Vec<Related>,
}

/// The most characters of a line a problem keeps to show it.
pub const MAX_SOURCE_CHARS: usize = 400;

/// The `index`th line of `text` (from 0), without its line end. Found with memchr: a file with
/// thousands of problems is searched once for each, quickly.
fn nth_line(text: &str, index: usize) -> Option<&str> {
    let start = match index {
        0 => 0,
        n => memchr::memchr_iter(b'\n', text.as_bytes()).nth(n - 1)? + 1,
    };
    if start == text.len() {
        return None;
    }
    let rest = &text[start..];
    let line = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest, |end| &rest[..end]);
    Some(line.trim_end_matches('\r'))
}

/// Where each line of a text starts, for a file with many problems (thousands of unused terms
/// in one chapter): each finds its line at once.
#[derive(Debug, Default)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// The lines of `text`.
    pub(crate) fn of(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1));
        LineIndex { starts }
    }

    /// The 1-based line and column (in characters) of byte `offset` in `text`, the text
    /// indexed, as [`line_col`] gives them.
    pub(crate) fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&start| start <= offset);
        let line_start = self.starts[line - 1];
        (line, text[line_start..offset].chars().count() + 1)
    }

    /// The `n`th line (from 0) of `text`, the text indexed, as [`nth_line`] finds it.
    fn line<'t>(&self, text: &'t str, n: usize) -> Option<&'t str> {
        let start = *self.starts.get(n)?;
        nth_line(text.get(start..)?, 0)
    }
}

/// A second place a diagnostic points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// The other file, as the user would type it.
    pub path: PathBuf,
    /// 1-based line in that file; 0 for the file as a whole.
    pub line: usize,
    /// Why this place matters, e.g. "first defined here".
    pub note: String,
}

impl Diagnostic {
    /// An error at `path:line:column`.
    pub(crate) fn error(
        code: Code,
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            path: path.into(),
            line,
            column,
            message: message.into(),
            help: None,
            source_line: None,
            source_from: 0,
            width: None,
            related: Vec::new(),
        }
    }

    /// A warning at `path:line:column`.
    pub(crate) fn warning(
        code: Code,
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, path, line, column, message) }
    }

    /// Adds what would be valid instead.
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attaches the offending line's text, taken from the file's full text.
    pub(crate) fn with_source(self, file_text: &str) -> Self {
        match self.line.checked_sub(1).and_then(|index| nth_line(file_text, index)) {
            Some(line) => self.with_source_line(line),
            None => self,
        }
    }

    /// [`Diagnostic::with_source`] for one of many problems in a file: its line found through
    /// the file's [`LineIndex`], made once, not by reading the text from its start again.
    pub(crate) fn with_source_indexed(self, file_text: &str, index: &LineIndex) -> Self {
        match self.line.checked_sub(1).and_then(|n| index.line(file_text, n)) {
            Some(line) => self.with_source_line(line),
            None => self,
        }
    }

    /// Attaches the offending line's text when the caller already has it (a check walking a
    /// file line by line need not read it from its start again for each problem). Of a line
    /// over [`MAX_SOURCE_CHARS`], only that many characters around the column are kept: a file
    /// with thousands of problems on a few long lines would otherwise hold a copy of the line
    /// for each (a reviewer's 714 KB chapter of 23,800 broken anchors took 1.1 GB).
    pub(crate) fn with_source_line(mut self, line: &str) -> Self {
        let line = line.trim_end_matches('\r');
        if line.char_indices().nth(MAX_SOURCE_CHARS).is_none() {
            self.source_line = Some(line.to_string());
            return self;
        }
        let from = self.column.saturating_sub(1 + MAX_SOURCE_CHARS / 4);
        let mut window = line.char_indices().skip(from).map(|(i, _)| i);
        let start = window.next().unwrap_or(line.len());
        let end = window.nth(MAX_SOURCE_CHARS - 1).unwrap_or(line.len());
        self.source_line = Some(line[start..end].to_string());
        self.source_from = from;
        self
    }

    /// Says how many characters the problem covers from its column (on its line).
    pub(crate) fn with_width(mut self, chars: usize) -> Self {
        self.width = Some(chars.max(1));
        self
    }

    /// Names another place involved in the same problem.
    pub(crate) fn with_related(mut self, path: impl Into<PathBuf>, line: usize, note: impl Into<String>) -> Self {
        self.related.push(Related { path: path.into(), line, note: note.into() });
        self
    }

    /// True for problems that fail a build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The file the problem is in, or None for a problem in no file (an option of the
    /// command line).
    pub fn file(&self) -> Option<&Path> {
        (!self.path.as_os_str().is_empty()).then_some(self.path.as_path())
    }

    /// The part of [`Diagnostic::source_line`] to underline, as a byte range: from the column
    /// over its [`Diagnostic::width`], else to the end of the line (trailing spaces left out),
    /// at least one character. None when the
    /// line's text or the column is unknown.
    pub fn underline(&self) -> Option<Range<usize>> {
        let line = self.source_line.as_deref().filter(|_| self.line > 0 && self.column > self.source_from)?;
        let start = line.char_indices().nth(self.column - 1 - self.source_from).map_or(line.len(), |(i, _)| i);
        let line_end = line.trim_end().len().max(start);
        let end = match self.width {
            Some(width) => line[start..].char_indices().nth(width).map_or(line_end, |(i, _)| (start + i).min(line_end)),
            None => line_end,
        };
        Some(if start == end {
            start..(start + line[start..].chars().next().map_or(0, char::len_utf8))
        } else {
            start..end
        })
    }

    /// The 1-based column of the last character the problem covers (the end of
    /// [`Diagnostic::underline`]); None when the columns are unknown.
    pub fn end_column(&self) -> Option<usize> {
        let line = self.source_line.as_deref()?;
        let underline = self.underline()?;
        Some(self.column + line[underline].chars().count().max(1) - 1)
    }

    /// The `file:line:col` prefix used in plain-text output.
    pub fn location(&self) -> String {
        let path = display_path(&self.path);
        match (self.line, self.column) {
            (0, _) => path,
            (l, 0) => format!("{path}:{l}"),
            (l, c) => format!("{path}:{l}:{c}"),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let location = self.location();
        if !location.is_empty() {
            write!(f, "{location}: ")?;
        }
        write!(f, "{kind}[{}]: {}", self.code, self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// A path for messages: forward slashes, no `./` prefix, lossy for non-UTF-8 names.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}

/// Converts a byte offset in `text` to a 1-based (line, column), column counted in characters.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The 1-based line and column of the first line of `text`, from line `from` on, that starts
/// (after its indentation) a piece `wanted` of a value: where a list in a definition written
/// with `|` or `>` is in the file. None when no line does (a value in quotes, with `\n`).
pub(crate) fn find_line(text: &str, from: usize, wanted: &str) -> Option<(usize, usize)> {
    let wanted = wanted.trim();
    text.lines().enumerate().skip(from.saturating_sub(1)).find_map(|(index, line)| {
        let content = line.trim();
        let indent = line.chars().take_while(|c| c.is_whitespace()).count();
        (!content.is_empty() && wanted.starts_with(content)).then_some((index + 1, indent + 1))
    })
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Sorts diagnostics for stable output: by file, then line, then column, errors first.
pub(crate) fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.severity, &a.message).cmp(&(&b.path, b.line, b.column, b.severity, &b.message))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_found_as_lines_finds_it() {
        for text in ["", "a", "a\n", "a\r\nb\r\n", "\n\n第三\n", "x\ny"] {
            let expected: Vec<&str> = text.lines().collect();
            let found: Vec<&str> = (0..).map_while(|i| nth_line(text, i)).collect();
            assert_eq!(found, expected, "{text:?}");
            let index = LineIndex::of(text);
            let indexed: Vec<&str> = (0..).map_while(|i| index.line(text, i)).collect();
            assert_eq!(indexed, expected, "{text:?} by its index");
            // Every byte's line and column, as counted from the text's start.
            for offset in 0..=text.len() + 1 {
                assert_eq!(index.position(text, offset), line_col(text, offset), "{text:?} at {offset}");
            }
        }
    }

    #[test]
    fn a_long_line_keeps_a_part_around_the_column_and_the_same_underline() {
        let line = format!("{}[链接](missing.md) 后文{}", "字".repeat(5_000), "尾".repeat(5_000));
        let d = Diagnostic::error(Code::LinkBroken, "content/a.md", 3, 5_001, "x")
            .with_source(&format!("一\n二\n{line}\n"));
        let kept = d.source_line.as_deref().unwrap();
        assert_eq!(kept.chars().count(), MAX_SOURCE_CHARS);
        assert_eq!(d.source_from, 5_000 - MAX_SOURCE_CHARS / 4);
        assert!(kept[d.underline().unwrap()].starts_with("[链接](missing.md)"), "{kept}");
        assert_eq!(d.end_column(), Some(5_001 + kept[d.underline().unwrap()].chars().count() - 1));
        let covered = Diagnostic::error(Code::LinkBroken, "a.md", 1, 6, "x")
            .with_source_line("Text [链](x.md) more")
            .with_width(9);
        assert_eq!(
            (covered.end_column(), &covered.source_line.as_deref().unwrap()[covered.underline().unwrap()]),
            (Some(14), "[链](x.md)")
        );
        let short = Diagnostic::error(Code::LinkBroken, "a.md", 1, 2, "x").with_source_line("a[b](c)");
        assert_eq!((short.source_line.as_deref(), short.source_from), (Some("a[b](c)"), 0));
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "第一行\n客户满意度 x";
        assert_eq!(line_col(text, 0), (1, 1));
        let x = text.find('x').unwrap();
        assert_eq!(line_col(text, x), (2, 7));
    }

    #[test]
    fn find_line_finds_a_piece_of_a_value_from_its_key_on() {
        let text = "- 一项\ndefinition: |\n  第一段。\n\n  - 一项\n";
        assert_eq!(find_line(text, 2, "- 一项"), Some((5, 3)));
        assert_eq!(find_line(text, 2, "- 一项 接着写"), Some((5, 3)), "a line folded with the next by `>`");
        assert_eq!(find_line(text, 2, "- 另一项"), None);
    }

    #[test]
    fn location_omits_unknown_parts() {
        let d = Diagnostic::error(Code::FmYaml, "content/a.md", 3, 0, "bad");
        assert_eq!(d.location(), "content/a.md:3");
        let d = Diagnostic::error(Code::TomlSyntax, "book.toml", 0, 0, "bad");
        assert_eq!(d.location(), "book.toml");
        assert_eq!(d.to_string(), "book.toml: error[CB-TOML-SYNTAX]: bad");
    }

    #[test]
    fn codes_are_unique_and_spelt_cb_area_what() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} twice");
            let parts: Vec<&str> = text.split('-').collect();
            assert_eq!(parts.len(), 3, "{text}");
            assert_eq!(parts[0], "CB", "{text}");
            assert!(parts[1..].iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_uppercase())), "{text}");
        }
    }

    #[test]
    fn the_underline_runs_from_the_column_to_the_end_of_the_line() {
        let d = Diagnostic::error(Code::LevelInvalid, "content/a.md", 5, 12, "invalid level")
            .with_source_line("    level: 掌屋  ");
        assert_eq!(d.underline(), Some(11..17));
        assert_eq!(d.end_column(), Some(13));
        let d = Diagnostic::error(Code::LevelInvalid, "content/a.md", 5, 0, "x").with_source_line("level: 4");
        assert_eq!((d.underline(), d.end_column()), (None, None));
        let d = Diagnostic::error(Code::LevelInvalid, "content/a.md", 1, 9, "x").with_source_line("level: 4");
        assert_eq!((d.underline(), d.end_column()), (Some(8..8), Some(9)), "past the end: one column");
    }
}
