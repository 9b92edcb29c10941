//! `book.toml`: the course's configuration, read once and then borrowed by every stage.
//!
//! Two stages, as in ripgrep: `BookToml` is the file as written (serde, unknown keys
//! rejected with their line), [`Config`] is the resolved value with absolute paths and
//! command-line overrides applied. Nothing downstream reads the file again.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{line_col, Code, Diagnostic};
use crate::error::{Error, Result};
use crate::labels::{labels, Examples, Language};
use crate::markup::{first_block, first_refused_url, RawHtml, RefusedUrl};
use crate::paths;
use crate::suggest;

/// The file name looked for at the course root.
pub(crate) const BOOK_TOML: &str = "book.toml";
/// The content folder when `[book] src` does not name one.
const DEFAULT_SRC: &str = "content";
/// The build folder when neither `[build] build-dir` nor `--dest` names one.
const DEFAULT_BUILD_DIR: &str = "book";
/// The folder, under the course root, holding the course's themes (`themes/<name>/`).
const THEMES_DIR: &str = "themes";

/// The built-in theme's name: a course needs no folder for it (`themes/default/`, if there is
/// one, overrides it file by file as any theme folder does).
const DEFAULT_THEME: &str = "default";

/// `book.toml` exactly as written. Every table rejects keys it does not know.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BookToml {
    /// `[book]`: title, authors, language and content folder.
    #[serde(default)]
    pub(crate) book: BookSection,
    /// `[build]`: output folder and theme.
    #[serde(default)]
    pub(crate) build: BuildSection,
    /// `[glossary]`: how terms are linked in pages.
    #[serde(default)]
    pub(crate) glossary: GlossarySection,
    /// `[output]`: settings of the HTML output.
    #[serde(default)]
    pub(crate) output: OutputSection,
    /// `[search]`: words that mean the same to the search.
    #[serde(default)]
    pub(crate) search: SearchSection,
    /// `[exercises]`: when the site shows the answers of questions.
    #[serde(default)]
    pub(crate) exercises: ExercisesSection,
}

/// `[exercises]`: how the questions written in chapters are shown.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct ExercisesSection {
    /// When the site shows a question's answer and explanation (default: after an attempt).
    pub(crate) answers: Reveal,
}

/// When a question's answer and explanation are shown on the site (the print worksheet always
/// ends each module with the answer key).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Reveal {
    /// Once the student has answered (without JavaScript: behind a closed "answer" box).
    #[default]
    AfterAttempt,
    /// Always: the answer box is open from the start.
    Always,
    /// Never on the site: the questions are for class; the answers are in the print worksheet.
    PrintOnly,
}

impl Reveal {
    /// The value of the questions' `data-reveal` attribute, read by quiz.js.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Reveal::AfterAttempt => "after-attempt",
            Reveal::Always => "always",
            Reveal::PrintOnly => "none",
        }
    }
}

/// `[book]`: the same keys and meaning as mdBook's.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub(crate) struct BookSection {
    /// Course title shown on every page; None means "Course".
    pub(crate) title: Option<String>,
    /// Names shown in the site footer; empty shows none.
    pub(crate) authors: Vec<String>,
    /// One sentence for the pages' `<meta name="description">`; None leaves it out.
    pub(crate) description: Option<String>,
    /// Interface language tag, `zh-CN` (default) or `en`, with where it is written (for errors).
    pub(crate) language: toml::Spanned<String>,
    /// Content folder, relative to the course root (default `content`).
    pub(crate) src: PathBuf,
    /// Accepted for mdBook compatibility; a course has one language.
    pub(crate) multilingual: bool,
    /// Accepted for mdBook compatibility: `ltr` or `rtl`.
    pub(crate) text_direction: Option<String>,
}

impl Default for BookSection {
    fn default() -> Self {
        BookSection {
            title: None,
            authors: Vec::new(),
            description: None,
            language: toml::Spanned::new(0..0, "zh-CN".into()),
            src: PathBuf::from(DEFAULT_SRC),
            multilingual: false,
            text_direction: None,
        }
    }
}

/// `[build]`: where the site goes and which theme dresses it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub(crate) struct BuildSection {
    /// Output folder, relative to the course root (default `book`), with where it is written;
    /// `--dest` overrides it.
    pub(crate) build_dir: toml::Spanned<PathBuf>,
    /// Theme name: `themes/<name>/` in the course overrides the built-in theme file by file.
    /// A name, never a path: what a theme may publish stays inside the course.
    pub(crate) theme: toml::Spanned<String>,
}

impl Default for BuildSection {
    fn default() -> Self {
        BuildSection {
            build_dir: toml::Spanned::new(0..0, PathBuf::from(DEFAULT_BUILD_DIR)),
            theme: toml::Spanned::new(0..0, DEFAULT_THEME.into()),
        }
    }
}

/// `[glossary]`: how term occurrences are linked.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct GlossarySection {
    /// Which occurrences of a term become links (default: the first on each page).
    pub(crate) link: LinkMode,
}

/// Which occurrences of a term in a page become links to the glossary.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum LinkMode {
    /// The first occurrence of each term on a page.
    #[default]
    First,
    /// Every occurrence.
    All,
    /// None: only explicit `term:` links.
    None,
}

/// `[search]`: what the search needs to know beyond the pages and the glossary.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct SearchSection {
    /// Groups of words a student may type for the same thing (`["砍价", "讨价还价", "议价"]`),
    /// each group and word with where it is written (for errors).
    pub(crate) synonyms: Vec<toml::Spanned<Vec<toml::Spanned<String>>>>,
}

/// The most characters a term's name, English name or alias, or a synonym, may have (search
/// treats them alike). A term is a word or a short phrase (this course's longest form, an
/// English name, has 38 characters); an explanation written as a name would only slow down
/// every build's term matching, and belongs in `definition`. Defined here, below `content`,
/// because `book.toml`'s synonyms are checked against it too.
pub(crate) const MAX_TERM_CHARS: usize = 100;

/// At most this many synonym groups: each group travels in the search index's parts named by
/// its words' first characters, which a query loads (`src/search/lookup.rs`). A synonym has at
/// most [`MAX_TERM_CHARS`] characters, as a term's name or alias (the search groups these the
/// same way).
pub(crate) const MAX_SYNONYM_GROUPS: usize = 2_000;
/// At most this many words in one synonym group.
pub(crate) const MAX_SYNONYMS_PER_GROUP: usize = 50;

/// `[output]`: settings per output format: the site, and the files offered for download.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OutputSection {
    /// `[output.html]`: site URL, edit links, punctuation.
    #[serde(default)]
    pub(crate) html: HtmlSection,
    /// `[output.epub]`: whether the build writes `course.epub`.
    #[serde(default)]
    pub(crate) epub: Switch,
    /// `[output.zip]`: whether the build writes the whole site as `course-site.zip`.
    #[serde(default)]
    pub(crate) zip: Switch,
    /// `[output.pdf]`: whether the build prints the handout to `course.pdf` (needs Chromium).
    #[serde(default)]
    pub(crate) pdf: PdfSection,
    /// `[output.print]`: the printed handout (print.html) and its PDF.
    #[serde(default)]
    pub(crate) print: PrintSection,
}

/// A table with only `enable` (`[output.epub]`, `[output.zip]`): an output made unless a
/// course turns it off (each costs a fraction of a build; a course may not want to offer it).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Switch {
    /// Whether the output is written (default: yes).
    pub(crate) enable: bool,
}

impl Default for Switch {
    fn default() -> Self {
        Switch { enable: true }
    }
}

/// `[output.pdf]`: off unless a course turns it on, since it needs a browser installed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct PdfSection {
    /// Whether the build writes `course.pdf` (default: no).
    pub(crate) enable: bool,
}

/// `[output.print]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PrintSection {
    /// The paper the handout is laid out for (default A4, as schools in China print).
    #[serde(default)]
    pub(crate) paper: Paper,
}

/// A paper size the handout can be laid out for.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
pub(crate) enum Paper {
    /// 210 × 297 mm.
    #[default]
    #[serde(alias = "a4")]
    A4,
    /// 148 × 210 mm, a booklet.
    #[serde(alias = "a5")]
    A5,
    /// 8.5 × 11 in.
    #[serde(alias = "letter")]
    Letter,
}

impl Paper {
    /// The size as CSS's `@page { size }` names it.
    pub(crate) fn css_size(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::A5 => "A5",
            Paper::Letter => "letter",
        }
    }
}

/// `[output.html]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct HtmlSection {
    /// Absolute URL of the published site; used only for canonical links and the sitemap.
    pub(crate) site_url: Option<String>,
    /// A URL with `{path}` replaced by the chapter's path from the course root.
    pub(crate) edit_url_template: Option<String>,
    /// Curly quotes and dashes from straight ones (off by default: Chinese text has its own).
    #[serde(default)]
    pub(crate) smart_punctuation: bool,
    /// What becomes of HTML written in the Markdown (default: it is kept as written).
    #[serde(default)]
    pub(crate) raw_html: RawHtml,
}

/// Command-line values that take precedence over `book.toml`.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// `--dest`: the output folder.
    pub dest: Option<PathBuf>,
    /// `COURSEBOOK_SITE_URL`: the published site's address, for a build whose address is known
    /// only where it runs (the GitHub Pages workflow); replaces `[output.html] site-url`.
    pub site_url: Option<String>,
}

/// The folders of a course: where its sources are read and where its site is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Folders {
    /// The course root (the folder holding `book.toml`).
    pub(crate) root: PathBuf,
    /// Absolute path of the content folder.
    pub(crate) content_dir: PathBuf,
    /// `themes/` under the root, holding every theme of the course.
    pub(crate) themes_dir: PathBuf,
    /// Absolute path of the output folder.
    pub(crate) build_dir: PathBuf,
}

impl Folders {
    /// The folders of a course whose `book.toml` cannot be read: every default, with
    /// `overrides` applied.
    pub(crate) fn defaults(root: &Path, overrides: &Overrides) -> Folders {
        let build_dir = match &overrides.dest {
            Some(dest) => dest_dir(root, dest),
            None => paths::absolute(root, Path::new(DEFAULT_BUILD_DIR)),
        };
        Folders {
            root: root.to_path_buf(),
            content_dir: paths::absolute(root, Path::new(DEFAULT_SRC)),
            themes_dir: root.join(THEMES_DIR),
            build_dir,
        }
    }
}

/// Where `--dest` leads: a relative path is taken from the current folder (from the course
/// root when the current folder cannot be known).
fn dest_dir(root: &Path, dest: &Path) -> PathBuf {
    let current = std::env::current_dir().unwrap_or_else(|_| root.to_path_buf());
    paths::absolute(&current, dest)
}

/// The resolved configuration every stage borrows.
#[derive(Debug, Clone)]
pub struct Config {
    /// The course root (the folder holding `book.toml`).
    pub(crate) root: PathBuf,
    /// Course title shown on every page ("Course" when `book.toml` gives none).
    pub(crate) title: String,
    /// Names shown in the site footer; empty shows none.
    pub(crate) authors: Vec<String>,
    /// One sentence for the pages' `<meta name="description">`; None leaves it out.
    pub(crate) description: Option<String>,
    /// Interface language of the site's labels and `<html lang>`.
    pub(crate) language: Language,
    /// Absolute path of the content folder.
    pub content_dir: PathBuf,
    /// Absolute path of the output folder.
    pub(crate) build_dir: PathBuf,
    /// The course's own theme folder, if it has one.
    pub(crate) theme_dir: Option<PathBuf>,
    /// Which occurrences of a term in a page become glossary links.
    pub(crate) link_mode: LinkMode,
    /// Absolute URL of the published site, for canonical links and the sitemap; None omits both.
    pub(crate) site_url: Option<String>,
    /// Link target for "edit this page", `{path}` being the source path; None hides the link.
    pub(crate) edit_url_template: Option<String>,
    /// Turn straight quotes and dashes into curly ones (off by default).
    pub(crate) smart_punctuation: bool,
    /// What becomes of HTML written in the Markdown: kept, shown as text, or cleaned.
    pub(crate) raw_html: RawHtml,
    /// `[search] synonyms`: groups of words that mean the same, each word trimmed.
    pub(crate) synonyms: Vec<Vec<String>>,
    /// `[exercises] answers`: when the site shows the answers of questions.
    pub(crate) reveal: Reveal,
    /// `[output.print] paper`: the handout's paper size.
    pub(crate) paper: Paper,
    /// `[output.epub] enable`: the build writes the course as `course.epub` (default: yes).
    pub(crate) epub: bool,
    /// `[output.zip] enable`: the build writes the site as `course-site.zip` (default: yes).
    pub(crate) zip: bool,
    /// `[output.pdf] enable`: the build prints the handout to `course.pdf` (default: no).
    pub(crate) pdf: bool,
}

impl Config {
    /// The course's folders, as `book.toml` and the overrides put them.
    pub(crate) fn folders(&self) -> Folders {
        Folders {
            root: self.root.clone(),
            content_dir: self.content_dir.clone(),
            themes_dir: self.root.join(THEMES_DIR),
            build_dir: self.build_dir.clone(),
        }
    }

    /// The content folder as problems name it: from the course's folder (`content`).
    pub(crate) fn content_shown(&self) -> &Path {
        self.content_dir.strip_prefix(&self.root).unwrap_or(&self.content_dir)
    }

    /// Reads `root/book.toml` (absent means all defaults) and applies `overrides`.
    pub fn load(root: &Path, overrides: &Overrides) -> Result<Config> {
        Config::read(root, overrides).map(|(config, _)| config)
    }

    /// The course at `root`, as `build`, `check` and the rebuilds of `watch` open it: the
    /// folder must exist and be a course (hold a `book.toml`, or at least a content folder),
    /// and its content folder must exist. Each failure names the folder and says what to do
    /// (`coursebook init`), where reading the missing content folder would only report an I/O
    /// error at an invented place.
    pub fn open(root: &Path, overrides: &Overrides) -> Result<Config> {
        let shown = crate::diagnostic::display_path(&paths::normalize(root));
        let not_a_course = |code, message: String, help: String| Error::NotACourse { code, message, help };
        if !root.is_dir() {
            let message = if root.exists() {
                format!("{shown} is a file, not a folder")
            } else {
                format!("the folder {shown} does not exist")
            };
            let help = format!(
                "give the folder of a course (the one holding book.toml), or create a new course there with `coursebook init {shown}`"
            );
            return Err(not_a_course(Code::PathMissing, message, help));
        }
        let has_book_toml = root.join(BOOK_TOML).exists();
        if !has_book_toml && !root.join(DEFAULT_SRC).is_dir() {
            let help = format!(
                "a course is a folder holding book.toml and the chapters' folder `{DEFAULT_SRC}`: run the command in the \
                 course's folder or give its path, or create a new course here with `coursebook init {shown}`"
            );
            return Err(not_a_course(Code::CourseMissing, format!("no book.toml in {shown}"), help));
        }
        let (config, text) = Config::read(root, overrides)?;
        if config.content_dir.is_dir() {
            return match folder_outside(root, &config, &text) {
                Some(problem) => Err(Error::Content(vec![problem])),
                None => Ok(config),
            };
        }
        let content =
            crate::diagnostic::display_path(config.content_dir.strip_prefix(root).unwrap_or(&config.content_dir));
        let src_line = find_key_line(&text, "src");
        if src_line > 0 {
            let message = format!("the content folder `{content}` (`src` in [book]) does not exist");
            let help =
                "create the folder and put the course's modules in it, or set `src` to the folder that holds them";
            return Err(Error::Content(vec![Diagnostic::error(Code::ContentMissing, BOOK_TOML, src_line, 0, message)
                .with_help(help)
                .with_source(&text)]));
        }
        let help = format!(
            "create `{content}` and put the course's modules in it (`coursebook init` writes a course with one), \
             or set `src` in [book] of book.toml to the folder that holds them"
        );
        Err(not_a_course(Code::ContentMissing, format!("no content folder `{content}` in {shown}"), help))
    }

    /// [`Config::load`], also returning the text of `book.toml` (empty when there is none).
    fn read(root: &Path, overrides: &Overrides) -> Result<(Config, String)> {
        let path = root.join(BOOK_TOML);
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|e| {
                let (line, column) = line_col(&String::from_utf8_lossy(e.as_bytes()), e.utf8_error().valid_up_to());
                Error::Content(vec![Diagnostic::error(
                    Code::FileEncoding,
                    BOOK_TOML,
                    line,
                    column,
                    "book.toml is not valid UTF-8",
                )
                .with_help("save the file as UTF-8")])
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(Error::io(path, e)),
        };
        let parsed = parse_book_toml(&text).map_err(|d| Error::Content(vec![d]))?;
        let config = resolve(root, parsed, overrides, &text).map_err(|d| Error::Content(vec![d.with_source(&text)]))?;
        Ok((config, text))
    }
}

/// Parses the text of `book.toml`, reporting a syntax error or unknown key with its line.
pub(crate) fn parse_book_toml(text: &str) -> Result<BookToml, Diagnostic> {
    toml::from_str::<BookToml>(text).map_err(|e| {
        let (line, column) = e.span().map_or((0, 0), |span| line_col(text, span.start));
        let at = e.span().map_or(0, |span| span.start);
        let message = in_plain_words(e.message().trim(), text.get(at..).unwrap_or_default());
        if let Some((message, help)) = unknown_key(&message) {
            return Diagnostic::error(Code::KeyUnknown, BOOK_TOML, line, column, message)
                .with_help(help)
                .with_source(text);
        }
        // The key to name: the one the parser stopped at (a key written twice), or the one that
        // starts the line (a value missing), when the line starts with one.
        let key_here = text.get(at..).and_then(leading_key);
        let key_of_line = text.lines().nth(line.saturating_sub(1)).and_then(leading_key);
        let message = match (message.as_str(), key_here, key_of_line) {
            (m, Some(key), _) if m.starts_with("duplicate key") => format!("`{key}` is written twice in its table"),
            (m, _, Some(key)) if m.starts_with("string values must be quoted") => {
                format!("`{key}` has no value, or text without quotes")
            }
            (m, _, None) if m.starts_with("string values must be quoted") => "text without quotes".to_string(),
            (m, _, _) if m.contains("recursion") => "lists or tables nested too deeply".to_string(),
            _ => message,
        };
        let (code, help) = if message.starts_with("duplicate key") || message.ends_with("written twice in its table") {
            (Code::KeyDup, "each key appears once in its table; delete one of the two lines")
        } else if message.ends_with("text without quotes") {
            (Code::TomlSyntax, "write the value; text goes in quotes, e.g. title = \"客户服务\"")
        } else if message.ends_with("nested too deeply") {
            (Code::TomlSyntax, "a value of book.toml is text, a number, true or false, or a list of texts; see FORMAT.md")
        } else if message.starts_with("unknown value")
            || message.starts_with("expected one of")
            || message.contains(" is written where ")
        {
            (Code::TomlValue, "write one of the accepted values, in quotes; see FORMAT.md for the keys of book.toml")
        } else {
            (
                Code::TomlSyntax,
                "book.toml must be valid TOML with the tables [book], [build], [glossary], [output.html], [output.print], [output.pdf], [output.epub], [output.zip], [search], [exercises]; see FORMAT.md",
            )
        };
        Diagnostic::error(code, BOOK_TOML, line, column, message).with_help(help).with_source(text)
    })
}

/// The key `text` starts with (`title = …`, `"title" = …`), if it starts with one.
fn leading_key(text: &str) -> Option<&str> {
    let text = text.trim_start();
    let (key, rest) = match text.strip_prefix('"') {
        Some(quoted) => quoted.split_once('"')?,
        None => text.split_at(text.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))?),
    };
    (!key.is_empty() && rest.trim_start().starts_with('=')).then_some(key)
}

/// Every table of book.toml with its keys, so that a key written under the wrong table is
/// sent to its own (`site-url` under `[book]` belongs under `[output.html]`).
const KEY_TABLES: [(&str, &[&str]); 10] = [
    ("[book]", &["title", "authors", "description", "language", "src", "multilingual", "text-direction"]),
    ("[build]", &["build-dir", "theme"]),
    ("[glossary]", &["link"]),
    ("[output.html]", &["site-url", "edit-url-template", "smart-punctuation", "raw-html"]),
    ("[output.print]", &["paper"]),
    ("[output.pdf]", &["enable"]),
    ("[output.epub]", &["enable"]),
    ("[output.zip]", &["enable"]),
    ("[search]", &["synonyms"]),
    ("[exercises]", &["answers"]),
];

/// serde's message for an unknown key (``unknown field `titel`, expected one of `title`,
/// `authors`…``) in the words of the person editing book.toml: the key, the one most likely
/// meant, and the keys of that table as help. None for any other message.
fn unknown_key(message: &str) -> Option<(String, String)> {
    let rest = message.strip_prefix("unknown field ")?;
    let mut quoted = rest.split('`').skip(1).step_by(2);
    let written = quoted.next()?;
    let keys: Vec<&str> = quoted.collect();
    let elsewhere = KEY_TABLES.iter().find(|(_, keys)| keys.contains(&written)).map(|(table, _)| table);
    let message = match (suggest::nearest(written, keys.iter().copied()), elsewhere) {
        (Some(likely), _) => format!("`{written}` is not a key of book.toml here; did you mean `{likely}`?"),
        (None, Some(table)) => {
            format!("`{written}` is not a key of book.toml here; it belongs under `{table}`: move the line there")
        }
        (None, None) => format!("`{written}` is not a key of book.toml here"),
    };
    let help = if keys.is_empty() {
        "remove the line; see FORMAT.md for the keys of book.toml".to_string()
    } else {
        format!("keys here: {}; see FORMAT.md for the keys of book.toml", keys.join(", "))
    };
    Some((message, help))
}

/// serde's words for a key with a fixed set of values (`raw-html`, `link`) given another value,
/// in the words of the person editing book.toml. `from_value` is the text from the value
/// found on: a number is named as written (`1e3`, `0x10`), not as serde reads it.
fn in_plain_words(message: &str, from_value: &str) -> String {
    if let Some((found, wanted)) =
        message.strip_prefix("invalid type: ").and_then(|rest| rest.split_once(", expected "))
    {
        let kind = |serde_kind: &str| match serde_kind {
            "a sequence" => "a list in square brackets [ ]".to_string(),
            "a string" => "text in quotes".to_string(),
            "a boolean" => "true or false".to_string(),
            "path string" => "a folder's path in quotes".to_string(),
            "a map" => "a table".to_string(),
            other => match (
                other.strip_prefix("string "),
                other.strip_prefix("integer "),
                other.strip_prefix("floating point "),
            ) {
                (Some(text), _, _) => format!("the text {text}"),
                (_, Some(number), _) | (_, _, Some(number)) => {
                    format!("the number {}", written_number(from_value).unwrap_or(number.trim_matches('`')))
                }
                _ => other.to_string(),
            },
        };
        return format!("{} is written where {} is wanted", kind(found), kind(wanted));
    }
    match message.strip_prefix("unknown variant ") {
        Some(rest) => format!("unknown value {rest}"),
        None if message == "wanted string or table" => "expected one of the key's values, in quotes".into(),
        None => message.to_string(),
    }
}

/// The number `text` starts with, as written: up to the space, comma or bracket after it.
fn written_number(text: &str) -> Option<&str> {
    let end = text.find(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}' | '#')).unwrap_or(text.len());
    let number = &text[..end];
    let numeric = number.trim_start_matches(['+', '-']);
    (numeric.starts_with(|c: char| c.is_ascii_digit() || c == '.') || matches!(numeric, "inf" | "nan"))
        .then_some(number)
}

fn resolve(root: &Path, file: BookToml, overrides: &Overrides, text: &str) -> Result<Config, Diagnostic> {
    let language = Language::parse(file.book.language.get_ref()).ok_or_else(|| {
        let (line, column) = span_start(text, file.book.language.span());
        let language = file.book.language.get_ref();
        let message = format!("unknown language `{language}`");
        Diagnostic::error(Code::TomlValue, BOOK_TOML, line, column, message)
            .with_help("accepted: \"zh-CN\" (default) or \"en\"")
    })?;
    check_addresses(&file, text)?;
    if let Some(problem) = description_block(&file, text) {
        return Err(problem);
    }
    let synonyms = synonym_groups(&file.search, text, labels(language).examples)?;
    let content_dir = paths::absolute(root, &file.book.src);
    let build_dir = match &overrides.dest {
        Some(dest) => {
            let build_dir = dest_dir(root, dest);
            check_build_dir(root, &content_dir, &build_dir, dest).map_err(|(message, help)| {
                Diagnostic::error(Code::OutputPlace, "", 0, 0, format!("--dest: {message}")).with_help(help)
            })?;
            build_dir
        }
        None => {
            let build_dir = paths::absolute(root, file.build.build_dir.get_ref());
            check_build_dir(root, &content_dir, &build_dir, file.build.build_dir.get_ref()).map_err(
                |(message, help)| {
                    let (line, column) = span_start(text, file.build.build_dir.span());
                    Diagnostic::error(Code::OutputPlace, BOOK_TOML, line, column, message).with_help(help)
                },
            )?;
            build_dir
        }
    };
    let theme_dir = theme_dir(root, &file.build.theme, text)?;
    Ok(Config {
        root: root.to_path_buf(),
        title: file.book.title.unwrap_or_else(|| "Course".into()),
        authors: file.book.authors,
        description: file.book.description,
        language,
        content_dir,
        build_dir,
        theme_dir,
        link_mode: file.glossary.link,
        site_url: overrides.site_url.clone().or(file.output.html.site_url),
        edit_url_template: file.output.html.edit_url_template,
        smart_punctuation: file.output.html.smart_punctuation,
        raw_html: file.output.html.raw_html,
        paper: file.output.print.paper,
        synonyms,
        reveal: file.exercises.answers,
        epub: file.output.epub.enable,
        zip: file.output.zip.enable,
        pdf: file.output.pdf.enable,
    })
}

/// The course's folder for `[build] theme`, if it has one. The theme is named, not placed: a
/// path (`../x`, `/srv/x`), which would publish another folder's files, is an error, as is a
/// name with no folder under `themes/` (a misspelling would silently dress the site in the
/// built-in theme), except the built-in theme's own.
fn theme_dir(root: &Path, theme: &toml::Spanned<String>, text: &str) -> Result<Option<PathBuf>, Diagnostic> {
    let name = theme.get_ref();
    let (line, column) = span_start(text, theme.span());
    let is_name = !name.is_empty()
        && name != "."
        && name != ".."
        && !name.chars().any(|c| matches!(c, '/' | '\\' | ':') || c.is_control());
    if !is_name {
        return Err(Diagnostic::error(
            Code::TomlValue,
            BOOK_TOML,
            line,
            column,
            format!("`theme` is the name of a folder in {THEMES_DIR}/, not a path: `{name}`"),
        )
        .with_help(format!("put the theme in {THEMES_DIR}/<name>/ and write theme = \"<name>\"")));
    }
    let themes = root.join(THEMES_DIR);
    let dir = themes.join(name);
    if dir.is_dir() {
        return Ok(Some(dir));
    }
    if name == DEFAULT_THEME {
        return Ok(None);
    }
    let mut existing: Vec<String> = std::fs::read_dir(&themes)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    existing.sort_unstable();
    let help = match crate::suggest::nearest(name, existing.iter().map(String::as_str)) {
        Some(near) => format!("did you mean `{near}`? or remove `theme` for the built-in one"),
        None if existing.is_empty() => format!("create {THEMES_DIR}/{name}/, or remove `theme` for the built-in one"),
        None => format!("themes there: {}; or remove `theme` for the built-in one", existing.join(", ")),
    };
    Err(Diagnostic::error(
        Code::TomlValue,
        BOOK_TOML,
        line,
        column,
        format!("there is no theme folder {THEMES_DIR}/{name}/"),
    )
    .with_help(help))
}

/// A folder the course reads that is not inside the course's folder (the one holding
/// book.toml): `src` naming a folder elsewhere, or `content/`, `themes/` or the theme's own
/// folder being a link to one. Everything in them would be published, though it is not the
/// course's: a pull request could publish a private folder of the machine that builds it.
fn folder_outside(root: &Path, config: &Config, text: &str) -> Option<Diagnostic> {
    let course = std::fs::canonicalize(root).ok()?;
    let folders = [(config.content_dir.clone(), "src"), (config.folders().themes_dir, "theme")]
        .into_iter()
        .chain(config.theme_dir.clone().map(|dir| (dir, "theme")));
    for (dir, key) in folders {
        let Ok(real) = std::fs::canonicalize(&dir) else { continue };
        if real.starts_with(&course) {
            continue;
        }
        let shown = crate::diagnostic::display_path(dir.strip_prefix(root).unwrap_or(&dir));
        return Some(if dir.starts_with(root) {
            // Inside by its name, outside by where it leads: a link.
            Diagnostic::error(
                Code::SymlinkOutside,
                dir.strip_prefix(root).unwrap_or(&dir),
                0,
                0,
                format!("`{shown}` is a link to `{}`, outside the course's folder", real.display()),
            )
            .with_help(
                "keep the course's content and themes in the folder that holds book.toml, not linked from elsewhere",
            )
        } else {
            let message = format!("the content folder `{shown}` (`src` in [book]) is outside the course's folder");
            Diagnostic::error(Code::TomlValue, BOOK_TOML, find_key_line(text, key), 0, message)
                .with_help("keep the content in the folder that holds book.toml, e.g. src = \"content\"")
                .with_source(text)
        });
    }
    None
}

/// The `[search] synonyms` groups, each word trimmed; a group of fewer than two words, an empty
/// or overlong word, or too many of either is an error at its place in book.toml, its examples
/// in words of `examples` (the course's language).
fn synonym_groups(search: &SearchSection, text: &str, examples: &Examples) -> Result<Vec<Vec<String>>, Diagnostic> {
    let example = format!("e.g. synonyms = {}", examples.synonyms);
    let short = format!("write the word in two characters or more ({})", examples.short_synonym);
    let at = |code: Code, span: std::ops::Range<usize>, message: String, help: &str| {
        let (line, column) = span_start(text, span);
        Diagnostic::error(code, BOOK_TOML, line, column, message).with_help(help)
    };
    if let Some(extra) = search.synonyms.get(MAX_SYNONYM_GROUPS) {
        return Err(at(
            Code::LimitSynonym,
            extra.span(),
            format!("more than {MAX_SYNONYM_GROUPS} synonym groups"),
            "keep the groups of words students really type; the list is loaded with the first search",
        ));
    }
    search
        .synonyms
        .iter()
        .map(|group| {
            if group.get_ref().len() < 2 {
                return Err(at(
                    Code::SynonymInvalid,
                    group.span(),
                    "a synonym group needs at least two words that mean the same".into(),
                    &example,
                ));
            }
            if let Some(extra) = group.get_ref().get(MAX_SYNONYMS_PER_GROUP) {
                return Err(at(
                    Code::LimitSynonym,
                    extra.span(),
                    format!("more than {MAX_SYNONYMS_PER_GROUP} words in one synonym group"),
                    "split it into groups of words that really mean the same",
                ));
            }
            group
                .get_ref()
                .iter()
                .map(|word| {
                    let trimmed = word.get_ref().trim();
                    match trimmed.chars().count() {
                        0 => Err(at(
                            Code::SynonymInvalid,
                            word.span(),
                            "a synonym is empty".into(),
                            "write the word, or remove the empty quotes",
                        )),
                        1 => Err(at(
                            Code::SynonymInvalid,
                            word.span(),
                            format!("`{trimmed}` is one character: as a synonym it would match almost every page"),
                            &short,
                        )),
                        n if n > MAX_TERM_CHARS => Err(at(
                            Code::LimitSynonym,
                            word.span(),
                            format!("a synonym is longer than {MAX_TERM_CHARS} characters"),
                            "a synonym is a word or a short phrase a student would type",
                        )),
                        _ => Ok(trimmed.to_string()),
                    }
                })
                .collect()
        })
        .collect()
}

/// Why the build folder may not be where it was asked to be, and what to do instead. The
/// folders are compared where they really are, symbolic links followed: each build replaces
/// the build folder, so it must be neither the course nor inside or around its content.
fn check_build_dir(root: &Path, content_dir: &Path, build_dir: &Path, written: &Path) -> Result<(), (String, String)> {
    let help = || "choose a folder of its own outside the content folder, for example `book`".to_string();
    if written.as_os_str().is_empty() {
        return Err(("the build folder is empty".into(), help()));
    }
    let (root, content, build) = (paths::real_path(root), paths::real_path(content_dir), paths::real_path(build_dir));
    let shown = written.display();
    if root.starts_with(&build) {
        return Err((format!("the build folder `{shown}` would replace the course folder itself"), help()));
    }
    if build.starts_with(&content) {
        return Err((
            format!(
                "the build folder `{shown}` is inside the content folder: every build would publish the previous one"
            ),
            help(),
        ));
    }
    if content.starts_with(&build) {
        return Err((format!("the build folder `{shown}` would contain the content folder"), help()));
    }
    Ok(())
}

/// `edit-url-template` becomes a link on every chapter and the course description is shown on
/// the home page: neither may hold an address that would run code when clicked.
fn check_addresses(file: &BookToml, text: &str) -> Result<(), Diagnostic> {
    let template = file.output.html.edit_url_template.as_deref().and_then(|url| RefusedUrl::of(url, false));
    let template = template.map(|refused| {
        (
            "edit-url-template",
            refused,
            "write the address of the file on a web site (http or https), with `{path}` where the chapter's path goes",
        )
    });
    let description = file.book.description.as_deref().and_then(first_refused_url);
    let description = description.map(|refused| ("description", refused, refused.help()));
    match template.or(description) {
        Some((key, refused, help)) => Err(Diagnostic::error(
            Code::UrlRefused,
            BOOK_TOML,
            find_key_line(text, key),
            0,
            format!("{key}: {}", refused.message()),
        )
        .with_help(help)),
        None => Ok(()),
    }
}

/// The course description is shown as one paragraph (the home page's summary, the pages'
/// `<meta name="description">`): a list or a second paragraph in it is a problem at its key.
fn description_block(file: &BookToml, text: &str) -> Option<Diagnostic> {
    let block = file.book.description.as_deref().and_then(|d| first_block(d, false))?;
    Some(Diagnostic::error(
        Code::TextBlock,
        BOOK_TOML,
        find_key_line(text, "description"),
        0,
        format!("description is one paragraph of text, but this one has {}", block.what),
    )
    .with_help("the description is shown under the course's title on the home page: keep one sentence here and write the rest in the home page's text (`index.md` in the content folder)"))
}

/// The 1-based line and column where a value of book.toml starts; (0, 0) for a default value,
/// which is written nowhere.
fn span_start(text: &str, span: std::ops::Range<usize>) -> (usize, usize) {
    if span.is_empty() {
        (0, 0)
    } else {
        line_col(text, span.start)
    }
}

/// The 1-based line where `key = …` is written (serde gives no span for a valid value that
/// fails our own validation); 0 when it is not found. The key may be quoted (`"key" = …`).
fn find_key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|line| {
            let line = line.trim_start();
            let after_key = ["", "\"", "'"]
                .iter()
                .find_map(|quote| line.strip_prefix(quote)?.strip_prefix(key)?.strip_prefix(quote));
            after_key.is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_defaults() {
        let parsed = parse_book_toml("").unwrap();
        assert_eq!(parsed.book.language.get_ref(), "zh-CN");
        assert_eq!(parsed.build.build_dir.get_ref(), &PathBuf::from("book"));
        assert_eq!(parsed.glossary.link, LinkMode::First);
    }

    #[test]
    fn unknown_key_is_reported_with_its_line() {
        let err = parse_book_toml("[book]\ntitle = \"x\"\ntitel = \"y\"\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert_eq!(err.code, Code::KeyUnknown);
        assert_eq!(err.message, "`titel` is not a key of book.toml here; did you mean `title`?");
        assert!(err.help.as_deref().is_some_and(|h| h.starts_with("keys here: title, authors")), "{:?}", err.help);
        let far = parse_book_toml("[book]\ncolour = \"red\"\n").unwrap_err();
        assert_eq!(far.message, "`colour` is not a key of book.toml here");
    }

    #[test]
    fn syntax_and_type_mistakes_are_said_in_a_teachers_words() {
        let said = |text: &str| {
            let err = parse_book_toml(text).unwrap_err();
            (err.code, err.line, err.message)
        };
        let twice = said("[book]\ntitle = \"x\"\ntitle = \"y\"\n");
        assert_eq!(twice, (Code::KeyDup, 3, "`title` is written twice in its table".to_string()));
        let inline = said("[book]\ntitle = \"x\"\n[build]\nx = { a = 1, a = 2 }\n");
        assert_eq!(inline.2, "`a` is written twice in its table");
        let in_list = said("[book]\ntitle = \"x\"\nauthors = [\n  \"a=b\", bob,\n]\n");
        assert_eq!(in_list.2, "text without quotes", "no key is named from inside a list");
        let bare = said("[book]\ntitle = \"x\"\nauthors = \n");
        assert_eq!(bare, (Code::TomlSyntax, 3, "`authors` has no value, or text without quotes".to_string()));
        let number = said("[build]\nbuild-dir = 5\n");
        assert_eq!(number.2, "the number 5 is written where a folder's path in quotes is wanted");
        assert_eq!(said("[book]\ntitle = 3.5\n").2, "the number 3.5 is written where text in quotes is wanted");
        // A number is named as written, not as read (1000.0, 16).
        assert_eq!(said("[book]\ntitle = 1e3 # x\n").2, "the number 1e3 is written where text in quotes is wanted");
        assert_eq!(said("[build]\ntheme = 0x10\n").2, "the number 0x10 is written where text in quotes is wanted");
        let in_list = said("[book]\ntitle = \"x\"\n[search]\nsynonyms = [[-1_000, \"a\"]]\n");
        assert_eq!(in_list.2, "the number -1_000 is written where text in quotes is wanted");
        let deep = said(&format!("[book]\ntitle = {}\n", "[".repeat(100_000)));
        assert_eq!((deep.0, deep.2.as_str()), (Code::TomlSyntax, "lists or tables nested too deeply"));
    }

    #[test]
    fn a_key_under_another_table_is_sent_to_its_own() {
        let err = parse_book_toml("[book]\ntitle = \"x\"\nsite-url = \"https://example.org/\"\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("belongs under `[output.html]`"), "{}", err.message);
        let err = parse_book_toml("[output.html]\nbuild-dir = \"site\"\n").unwrap_err();
        assert!(err.message.contains("belongs under `[build]`"), "{}", err.message);
        // Every key listed is one of its table's: written there, it is never unknown.
        for (table, keys) in KEY_TABLES {
            for key in keys {
                if let Err(e) = parse_book_toml(&format!("{table}\n{key} = 1\n")) {
                    assert_ne!(e.code, Code::KeyUnknown, "{key} under {table}: {}", e.message);
                }
            }
        }
    }

    #[test]
    fn link_mode_values() {
        let parsed = parse_book_toml("[glossary]\nlink = \"all\"\n").unwrap();
        assert_eq!(parsed.glossary.link, LinkMode::All);
        let err = parse_book_toml("[glossary]\nlink = \"some\"\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("first"), "{}", err.message);
    }

    #[test]
    fn downloads_are_on_unless_turned_off() {
        let parsed = parse_book_toml("").unwrap();
        assert!(parsed.output.epub.enable && parsed.output.zip.enable);
        let parsed = parse_book_toml("[output.epub]\nenable = false\n[output.zip]\nenable = false\n").unwrap();
        assert!(!parsed.output.epub.enable && !parsed.output.zip.enable);
        let err = parse_book_toml("[output.epub]\nenabled = false\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("enabled") && err.message.contains("enable"), "{}", err.message);
    }

    #[test]
    fn raw_html_values() {
        assert_eq!(parse_book_toml("").unwrap().output.html.raw_html, RawHtml::Allow);
        let parsed = parse_book_toml("[output.html]\nraw-html = \"sanitize\"\n").unwrap();
        assert_eq!(parsed.output.html.raw_html, RawHtml::Sanitize);
        let err = parse_book_toml("[output.html]\nraw-html = \"strip\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 12));
        assert_eq!(err.message, "unknown value `strip`, expected one of `allow`, `escape`, `sanitize`");
        let err = parse_book_toml("[output.html]\nraw-html = true\n").unwrap_err();
        assert_eq!(err.message, "expected one of the key's values, in quotes");
    }
}
