//! Front matter: the YAML block at byte 0 of every page, split off and parsed into typed values.
//!
//! [`split`] only finds the block (tolerating a UTF-8 BOM and CRLF); [`parse`] deserializes it
//! with serde-saphyr and validates it, reporting every problem with the line in the *file*
//! (not in the YAML block), and every YAML mistake in the words of the teacher who made it,
//! never the YAML library's. [`check_limits`] refuses, before any parsing, a text beyond the
//! size limits of FORMAT.md. Nothing here touches the file system.

use std::path::Path;

use serde::Deserialize;
use serde_saphyr::granit_parser::ErrorKind;
use serde_saphyr::localizer::ExternalMessageSource;
use serde_saphyr::Spanned;

use crate::config::MAX_TERM_CHARS;
use crate::content::term::{Level, TermDef};
use crate::diagnostic::{find_line, line_col, Code, Diagnostic};
use crate::labels::Examples;
use crate::markup::{first_block, join_cjk_spaces};
use crate::suggest;
use std::sync::Arc;

/// A page's front matter after validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FrontMatter {
    /// `title:`, the page heading and navigation entry; may be empty on the home page only (the course title is used).
    /// Shared, not copied, by the navigation, the glossary's terms and the EPUB's contents
    /// (6,000 titles of 1,000 characters were 18 MB a copy).
    pub(crate) title: Arc<str>,
    /// `order:`, the place among its siblings; None uses the file or folder name's numeric prefix.
    pub(crate) order: Option<i64>,
    /// `summary:` (inline Markdown), shown under the title and on the page's card; None shows nothing.
    pub(crate) summary: Option<String>,
    /// Glossary terms this page defines.
    pub(crate) terms: Vec<TermDef>,
}

/// Where the YAML block and the Markdown body are in a file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    /// The YAML between the `---` lines; `None` when the file has no front matter.
    pub(crate) yaml: Option<&'a str>,
    /// 1-based file line of the YAML's first line.
    pub(crate) yaml_line: usize,
    /// The Markdown after the closing `---`.
    pub(crate) body: &'a str,
    /// Byte offset of `body` in the text.
    pub(crate) body_offset: usize,
}

/// Why the front matter block could not be found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unclosed;

/// Finds the front matter block: a `---` line at byte 0 (after an optional BOM), closed by a
/// `---` (or `...`) line.
pub(crate) fn split(text: &str) -> Result<Split<'_>, Unclosed> {
    let start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let rest = &text[start..];
    let first_line_len = match rest.find('\n') {
        Some(i) => i + 1,
        None => rest.len(),
    };
    if rest[..first_line_len].trim_end() != "---" {
        return Ok(Split { yaml: None, yaml_line: 1, body: &text[start..], body_offset: start });
    }
    let yaml_start = start + first_line_len;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let body_offset = offset + line.len();
            return Ok(Split {
                yaml: Some(&text[yaml_start..offset]),
                yaml_line: 2,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(Unclosed)
}

/// The largest Markdown file accepted: 1 MiB. This course's largest chapter has under 6 KB and
/// the synthetic benchmark's chapters 3.4 KB on average; the Markdown parser needs about 50
/// bytes of memory per byte of some texts (a line of `[`), so the limit also bounds what one
/// page can cost a build.
pub(crate) const MAX_PAGE_BYTES: usize = 1024 * 1024;

/// The longest line accepted, in characters. Prose stays far below it (this course's longest
/// line has 175) and so does a wide table row; it bounds the text matched for terms at once.
pub(crate) const MAX_LINE_CHARS: usize = 20_000;

/// The most characters that can start Markdown markup (`*`, `_`, `~`, `[`, `]`, `<`, `` ` ``,
/// `!`, `\`, `&`, `|`) or end a line, that one page may hold. The Markdown parser keeps a
/// node for each of them, so a page made of nothing else (a line of `[[[…`, `*a*a…`) would need
/// some 60 bytes of memory per byte; a chapter of prose has a few per hundred bytes.
pub(crate) const MAX_MARKUP_CHARS: usize = 50_000;

/// Whether a byte can start Markdown markup or end a line (see [`MAX_MARKUP_CHARS`]).
fn is_markup_byte(b: u8) -> bool {
    matches!(b, b'*' | b'_' | b'~' | b'[' | b']' | b'<' | b'`' | b'!' | b'\\' | b'&' | b'|' | b'\n')
}

/// Checks a page's text against [`MAX_PAGE_BYTES`], [`MAX_LINE_CHARS`] and [`MAX_MARKUP_CHARS`] before anything
/// parses it, so that no page can make a build slow or large: the problem is reported at the
/// line where a limit is passed, with what to do.
pub(crate) fn check_limits(path: &Path, text: &str) -> Result<(), Vec<Diagnostic>> {
    if text.len() > MAX_PAGE_BYTES {
        let (line, _) = line_col(text, MAX_PAGE_BYTES);
        return Err(vec![Diagnostic::error(
            Code::LimitSize,
            path,
            line,
            0,
            format!(
                "this file is {} bytes long; a Markdown file may have at most {} bytes (1 MiB) — split it into several chapters",
                grouped(text.len()),
                grouped(MAX_PAGE_BYTES)
            ),
        )
        .with_help("the file passes 1 MiB on this line; each chapter file becomes a page of its own")]);
    }
    let too_long = text
        .split('\n')
        .enumerate()
        .filter(|(_, line)| line.len() > MAX_LINE_CHARS)
        .map(|(index, line)| (index + 1, line.chars().count()))
        .find(|(_, chars)| *chars > MAX_LINE_CHARS);
    match too_long {
        Some((line, chars)) => Err(vec![Diagnostic::error(
            Code::LimitLine,
            path,
            line,
            0,
            format!(
                "this line is {} characters long; a line may have at most {} characters — split it",
                grouped(chars),
                grouped(MAX_LINE_CHARS)
            ),
        )
        .with_help("break it into several lines or paragraphs (a line break inside a paragraph does not show)")]),
        None => check_markup(path, text),
    }
}

/// The [`MAX_MARKUP_CHARS`] limit, reported at the line where the page passes it.
fn check_markup(path: &Path, text: &str) -> Result<(), Vec<Diagnostic>> {
    let Some((offset, _)) = text.bytes().enumerate().filter(|&(_, b)| is_markup_byte(b)).nth(MAX_MARKUP_CHARS) else {
        return Ok(());
    };
    let total = text.bytes().filter(|&b| is_markup_byte(b)).count();
    let (line, _) = line_col(text, offset);
    Err(vec![Diagnostic::error(
        Code::LimitMarkup,
        path,
        line,
        0,
        format!(
            "this page has {} line ends and markup characters (`*` `_` `[` `]` `<` `|`…); a page may have at most {} — split it into several chapters",
            grouped(total),
            grouped(MAX_MARKUP_CHARS)
        ),
    )
    .with_help("the page passes the limit on this line; each chapter file becomes a page of its own")])
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    title: Option<Spanned<String>>,
    order: Option<i64>,
    summary: Option<Spanned<String>>,
    #[serde(default)]
    terms: Vec<Spanned<RawTerm>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    name: Option<Spanned<String>>,
    /// Read as text (a number is text too), so that any wrong level is reported with the
    /// accepted spellings rather than as a type error.
    level: Option<Spanned<String>>,
    en: Option<Spanned<String>>,
    pinyin: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    id: Option<Spanned<String>>,
    definition: Option<Spanned<String>>,
    #[serde(default)]
    see: Vec<Spanned<String>>,
    autolink: Option<bool>,
}

/// The keys of a page's front matter, in the order FORMAT.md lists them.
const PAGE_KEYS: [&str; 4] = ["title", "order", "summary", "terms"];
/// The keys of one term, in the order FORMAT.md lists them.
const TERM_KEYS: [&str; 9] = ["name", "level", "en", "pinyin", "aliases", "id", "definition", "see", "autolink"];

/// What a page kind requires of its front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Requirement {
    /// Chapters and modules: `title` is required.
    TitleRequired,
    /// The course home: everything optional.
    AllOptional,
}

/// A front matter with mistakes: every problem found, and what could be read of it, so that
/// the page's body is still checked in the same run (a term kept when it has its name, with
/// the lowest level and no definition in place of a wrong one).
#[derive(Debug)]
pub(crate) struct Mistaken {
    /// Every problem, each at its line.
    pub(crate) problems: Vec<Diagnostic>,
    /// The front matter as far as it could be read; None when the YAML could not be read past
    /// a mistake, so that the terms it defines are not known.
    pub(crate) read: Option<FrontMatter>,
}

/// Parses and validates the YAML of `split` found in the file `path` whose whole text is `text`.
/// Returns the front matter, or every problem found with what could be read, the problems'
/// examples in the words of `examples`.
pub(crate) fn parse(
    path: &Path,
    text: &str,
    split: &Split<'_>,
    requirement: Requirement,
    examples: &Examples,
) -> Result<FrontMatter, Mistaken> {
    let Some(yaml) = split.yaml else {
        if requirement == Requirement::TitleRequired {
            let problems = vec![Diagnostic::error(
                Code::TitleMissing,
                path,
                1,
                1,
                "missing front matter: this page needs a title",
            )
            .with_help(format!("start the file with:\n---\ntitle: {}\n---", examples.chapter_title))
            .with_source(text)];
            return Err(Mistaken { problems, read: Some(FrontMatter::default()) });
        }
        return Ok(FrontMatter::default());
    };
    let to_file_line = |yaml_line: u64| yaml_line as usize + split.yaml_line - 1;
    let (raw, mistakes) = read_yaml(yaml, examples);
    // Keys reported in the wrong place are not reported again as missing from the right one.
    let misplaced: Vec<&str> = mistakes.iter().filter_map(|(explained, ..)| explained.misplaced).collect();
    // Lines whose list or group was read on as text (`name: [甲, 乙]`): no name the author meant.
    let requoted: Vec<usize> = mistakes
        .iter()
        .filter(|(explained, ..)| matches!(explained.repair, Some(Repair::QuoteValue { .. })))
        .map(|&(_, line, _)| to_file_line(line as u64))
        .collect();
    let mut problems: Vec<Diagnostic> = mistakes
        .into_iter()
        .map(|(explained, line, column)| {
            Diagnostic::error(explained.code, path, to_file_line(line as u64), column, explained.message)
                .with_help(explained.help)
                .with_source(text)
        })
        .collect();
    let Some(raw) = raw else { return Err(Mistaken { problems, read: None }) };
    let title = match raw.title {
        Some(t) if !t.value.trim().is_empty() => Arc::from(t.value.trim()),
        Some(t) => {
            problems.push(
                Diagnostic::error(
                    Code::TitleMissing,
                    path,
                    to_file_line(t.referenced.line()),
                    t.referenced.column() as usize,
                    "title is empty",
                )
                .with_source(text),
            );
            Arc::from("")
        }
        None if requirement == Requirement::TitleRequired && !misplaced.contains(&"title") => {
            problems.push(
                Diagnostic::error(Code::TitleMissing, path, split.yaml_line - 1, 1, "front matter has no `title`")
                    .with_help("add a line `title: …` between the `---` lines")
                    .with_source(text),
            );
            Arc::from("")
        }
        None => Arc::from(""),
    };
    let front = &text[..split.body_offset.min(text.len())];
    if let Some(summary) = &raw.summary {
        let help = "a summary is shown under the page's title and on its card: keep one paragraph in `summary:` \
                    and move the rest into the page's text";
        if let Some((code, line, column, message, _)) = one_paragraph("a summary", summary, help, front, &to_file_line)
        {
            problems.push(Diagnostic::error(code, path, line, column, message).with_help(help).with_source(text));
        }
    }
    // Sized to the terms written: a page defines one or two, and a vector grown from empty
    // holds room for four (6,000 pages of one term each: 3.8 MB, of which 2.9 unused).
    let mut terms = Vec::with_capacity(raw.terms.len());
    for raw_term in raw.terms {
        let line = to_file_line(raw_term.referenced.line());
        let (term, found) = validate_term(raw_term.value, line, &to_file_line, (&misplaced, &requoted), front);
        terms.extend(term);
        problems.extend(found.into_iter().map(|(code, line, column, message, help)| {
            let d = Diagnostic::error(code, path, line, column, message).with_source(text);
            match help {
                Some(h) => d.with_help(h),
                None => d,
            }
        }));
    }
    let summary = raw.summary.map(|s| join_cjk_spaces(s.value.trim()));
    let read = FrontMatter { title, order: raw.order, summary, terms };
    if problems.is_empty() {
        Ok(read)
    } else {
        Err(Mistaken { problems, read: Some(read) })
    }
}

/// A problem in one term: its code, line, column, message and help.
type Problem = (Code, usize, usize, String, Option<String>);

/// Text shown as one paragraph (`what`: "a definition", "a summary") with a block in it (a list,
/// a second paragraph…), as a problem at the block's line in `front`, the file's front matter,
/// with `help`; None when the text is one paragraph.
fn one_paragraph(
    what: &str,
    value: &Spanned<String>,
    help: &str,
    front: &str,
    to_file_line: &dyn Fn(u64) -> usize,
) -> Option<Problem> {
    let block = first_block(&value.value, false)?;
    let at = (to_file_line(value.referenced.line()), value.referenced.column() as usize);
    let (line, column) = find_line(front, at.0, block.first_line(&value.value)).unwrap_or(at);
    let message = format!("{what} is one paragraph of text, but this one has {}", block.what);
    Some((Code::TextBlock, line, column, message, Some(help.to_string())))
}

/// The term `raw` that starts at `line`, checked: the term, and its problems, each at its place.
/// A term with problems is still given when it has a name (none too long), with the lowest
/// level and no definition in place of a wrong one, so that its uses are not reported as
/// unknown while it is mended. A key in `misplaced` was reported where it was written, so it
/// is not reported missing here; a name or an English name on a line of `requoted` is a list or
/// a group read on as text, no form the author meant, and is not kept. `front` is the file's
/// front matter, where a block in the definition is pointed at.
fn validate_term(
    raw: RawTerm,
    line: usize,
    to_file_line: &dyn Fn(u64) -> usize,
    (misplaced, requoted): (&[&str], &[usize]),
    front: &str,
) -> (Option<TermDef>, Vec<Problem>) {
    let meant = |form: &Spanned<String>| !requoted.contains(&to_file_line(form.referenced.line()));
    let name_meant = raw.name.as_ref().is_none_or(meant);
    let forms = raw.name.iter().map(|n| ("term name", n));
    let forms = forms.chain(raw.en.iter().map(|en| ("English name `en`", en)));
    let forms = forms.chain(raw.aliases.iter().map(|alias| ("alias", alias)));
    let mut problems: Vec<Problem> = forms.filter_map(|(what, form)| too_long(what, form, to_file_line)).collect();
    let too_long_forms = !problems.is_empty();
    let name = match raw.name {
        Some(n) if !n.value.trim().is_empty() => Some(n.value.trim().to_string()),
        Some(n) => {
            problems.push((
                Code::TermIncomplete,
                to_file_line(n.referenced.line()),
                n.referenced.column() as usize,
                "term name is empty".into(),
                None,
            ));
            None
        }
        None if misplaced.contains(&"name") => None,
        None => {
            problems.push((
                Code::TermIncomplete,
                line,
                1,
                "term has no `name`".into(),
                Some("every term needs `name: …`".into()),
            ));
            None
        }
    };
    let level = match raw.level {
        Some(level) => {
            let (l, c) = (to_file_line(level.referenced.line()), level.referenced.column() as usize);
            let parsed = Level::parse(&level.value);
            if parsed.is_none() {
                let written = level.value.trim();
                let shown = if written.parse::<i64>().is_ok() { written.to_string() } else { format!("\"{written}\"") };
                let message = match Level::suggestion(written) {
                    Some(likely) => format!("invalid level {shown}; did you mean `{likely}`?"),
                    None => format!("invalid level {shown}"),
                };
                problems.push((Code::LevelInvalid, l, c, message, Some(Level::ACCEPTED.to_string())));
            }
            parsed
        }
        None if misplaced.contains(&"level") => None,
        None => {
            problems.push((
                Code::TermIncomplete,
                line,
                1,
                "term has no `level`".into(),
                Some(Level::ACCEPTED.to_string()),
            ));
            None
        }
    };
    let help = "a definition is shown where one paragraph fits (the glossary, the tip over a linked term, \
                the handout, the EPUB, search): keep its first paragraph in `definition:` and move the rest \
                into the chapter's text";
    problems.extend(raw.definition.as_ref().and_then(|d| one_paragraph("a definition", d, help, front, to_file_line)));
    let definition = match raw.definition.map(|d| d.value) {
        Some(d) if !d.trim().is_empty() => Some(join_cjk_spaces(d.trim())),
        None if misplaced.contains(&"definition") => None,
        _ => {
            problems.push((
                Code::TermIncomplete,
                line,
                1,
                "term has no `definition`".into(),
                Some("add `definition: …` (one paragraph)".into()),
            ));
            None
        }
    };
    let pinyin = raw.pinyin.and_then(|reading| {
        let written = reading.value.trim();
        if is_reading(written) {
            return Some(written.to_string());
        }
        let (l, c) = (to_file_line(reading.referenced.line()), reading.referenced.column() as usize);
        let message = format!("`pinyin` is how the name is read, in Latin letters; `{}` is not", shortened(written));
        let help = "write the syllables, with or without tone marks: `pinyin: chang wei` (长尾, not zhang wei)";
        problems.push((Code::FmValue, l, c, message, Some(help.into())));
        None
    });
    let id = raw.id.map(|id| (id.value.trim().to_string(), to_file_line(id.referenced.line())));
    let id = id.and_then(|(id, id_line)| {
        // An id is written in every link to the term, percent-encoded (nine bytes a Chinese
        // character): 40 ids of 19,000 characters made a glossary page of 2.5 MB.
        let chars = id.chars().count();
        let refused = if id.is_empty()
            || id.chars().any(|c| c.is_whitespace() || matches!(c, '#' | '/' | '?' | '"' | '<' | '>' | '%'))
        {
            Some((format!("invalid term id `{}`", shortened(&id)), "an id is one word: letters, digits, `-` or `_`"))
        } else if chars > MAX_TERM_CHARS {
            let message = format!("this term's id is {chars} characters long; an id may have at most {MAX_TERM_CHARS}");
            Some((message, "an id is one short word: letters, digits, `-` or `_`"))
        } else {
            None
        };
        match refused {
            Some((message, help)) => {
                problems.push((Code::TermId, id_line, 1, message, Some(help.into())));
                None
            }
            None => Some(id),
        }
    });
    let term = name.filter(|_| !too_long_forms && name_meant).map(|name| TermDef {
        name,
        level: level.unwrap_or(Level::Know),
        en: raw.en.filter(meant).map(|e| e.value.trim().to_string()).filter(|e| !e.is_empty()),
        pinyin,
        aliases: exact(raw.aliases.into_iter().map(|a| trimmed(a.value)).filter(|a| !a.is_empty())),
        id,
        definition: definition.unwrap_or_default(),
        see: exact(raw.see.into_iter().map(|s| {
            let line = to_file_line(s.referenced.line());
            (trimmed(s.value), line)
        })),
        autolink: raw.autolink.unwrap_or(true),
        line,
    });
    (term, problems)
}

/// Whether `text` is a reading in Latin letters: syllables of letters (tone marks and `ü`
/// allowed), separated by spaces, `'` or `-`, tone digits after them, starting with a letter.
fn is_reading(text: &str) -> bool {
    let latin = |c: char| c.is_ascii_alphabetic() || (c.is_alphabetic() && matches!(c, 'À'..='ɏ'));
    text.chars().next().is_some_and(latin)
        && text.chars().all(|c| latin(c) || matches!(c, ' ' | '\'' | '-' | '1'..='5'))
        && text.chars().count() <= MAX_TERM_CHARS
}

/// `text` without the spaces around it, in its own room when it has none: a glossary of 6,000
/// terms with 40 see-also names each made 240,000 copies while the names read were let go.
fn trimmed(text: String) -> String {
    if text.trim().len() == text.len() {
        text
    } else {
        text.trim().to_string()
    }
}

/// `items` in a vector of their number. Collected in place, a list read from YAML would keep
/// the room of what it was made from (its items' places in the file too): 30.7 MB for the
/// see-also lists of 6,000 terms, where 7.7 MB hold them.
fn exact<T>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut kept: Vec<T> = items.collect();
    kept.shrink_to_fit();
    kept
}

/// `n` with its thousands separated by commas (20,000), so that long numbers in messages are
/// read at a glance.
pub(crate) fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A name, English name or alias longer than [`MAX_TERM_CHARS`], as a problem at its position:
/// such a form is an explanation written in the wrong place, and would slow every build down.
fn too_long(what: &str, form: &Spanned<String>, to_file_line: &dyn Fn(u64) -> usize) -> Option<Problem> {
    let chars = form.value.trim().chars().count();
    (chars > MAX_TERM_CHARS).then(|| {
        (
            Code::LimitTerm,
            to_file_line(form.referenced.line()),
            form.referenced.column() as usize,
            format!(
                "{what} is {} characters long; a term may have at most {MAX_TERM_CHARS} characters — put the explanation in `definition`",
                grouped(chars)
            ),
            None,
        )
    })
}

/// A YAML error explained for a teacher: where it is, what is wrong in plain words, and what
/// to write instead. Nothing of the YAML library's vocabulary reaches the message.
#[derive(Debug, Clone)]
struct Explained {
    /// Which kind of problem ([`Code::FmYaml`] unless the explanation says otherwise).
    code: Code,
    /// The one obvious repair, when there is one, so that reading can go on past the mistake.
    repair: Option<Repair>,
    /// A key written in the wrong place (a term's `level` among the page's keys): reported
    /// there, so its absence from its right place is not reported again.
    misplaced: Option<&'static str>,
    /// Byte offset in the YAML block of the place to point at.
    offset: usize,
    /// What is wrong, in one sentence.
    message: String,
    /// What would be valid instead.
    help: String,
}

impl Explained {
    /// The same explanation under another code: the YAML was read, but a key or a value is wrong.
    fn coded(self, code: Code) -> Explained {
        Explained { code, ..self }
    }
}

/// The advice that fits any front matter mistake, for errors too rare to explain one by one.
const GENERAL_HELP: &str = "front matter is `key: value` lines, indented with spaces; put a value in quotes (\"…\") \
     when it starts with one of [ ] { } * & ! | > % @ ` or contains `: ` or ` #`";

/// The serde-saphyr error `error` in `yaml`, explained: every kind a page's front matter can
/// produce gets its own wording, located at the place to fix.
fn explain(error: &serde_saphyr::Error, yaml: &str, examples: &Examples) -> Explained {
    // An unknown location (line 0) is the start, as `byte_offset` reads it.
    let offset = error.location().map_or(0, |l| byte_offset(yaml, l.line() as usize, (l.column() as usize).max(1)));
    let at = Spot { yaml, offset, examples };
    match innermost(error) {
        serde_saphyr::Error::DuplicateMappingKey { key, .. } => duplicate_key(key.as_deref(), at),
        serde_saphyr::Error::SerdeUnknownField { field, .. } => unknown_key(field, at),
        serde_saphyr::Error::Unexpected { expected, .. } => {
            let wanted = match *expected {
                "mapping start" => Wanted::Group,
                "sequence start" => Wanted::List,
                _ => Wanted::Single,
            };
            wrong_value(wanted, at)
        }
        serde_saphyr::Error::TaggedScalarCannotDeserializeIntoString { .. } => match tag_start(at.line_before()) {
            Some(tag) => special_start(at.moved(at.offset - at.line_before().len() + tag)),
            None => wrong_value(Wanted::Single, at),
        },
        serde_saphyr::Error::InvalidScalar { .. }
        | serde_saphyr::Error::SerdeInvalidType { .. }
        | serde_saphyr::Error::SerdeInvalidValue { .. }
        | serde_saphyr::Error::InvalidBooleanStrict { .. }
        | serde_saphyr::Error::QuotingRequired { .. } => wrong_value(Wanted::Single, at),
        serde_saphyr::Error::UnknownAnchor { .. } => special_start(at),
        // Reported at the value after the anchor: the mistake is the `&` before it.
        serde_saphyr::Error::Budget { breach: serde_saphyr::budget::BudgetBreach::Anchors { .. }, .. } => {
            match at.line_before().rfind('&') {
                Some(amp) => special_start(at.moved(at.offset - at.line_before().len() + amp)),
                None => special_start(at),
            }
        }
        serde_saphyr::Error::ExternalMessage { source, .. } => match source.as_ref() {
            ExternalMessageSource::Parser(scan) => syntax(scan.kind(), at),
            _ => unreadable(at),
        },
        serde_saphyr::Error::Budget { .. }
        | serde_saphyr::Error::AliasReplayCounterOverflow { .. }
        | serde_saphyr::Error::AliasReplayLimitExceeded { .. }
        | serde_saphyr::Error::AliasExpansionLimitExceeded { .. }
        | serde_saphyr::Error::AliasReplayStackDepthExceeded { .. } => too_complex(at),
        _ => unreadable(at),
    }
}

/// The error itself, without the library's wrappers (a snippet, or the `*name` it came through).
pub(crate) fn innermost(error: &serde_saphyr::Error) -> &serde_saphyr::Error {
    match error.without_snippet() {
        serde_saphyr::Error::AliasError { error, .. } => innermost(error),
        other => other,
    }
}

/// A place in the YAML block that an explanation points at, and the words of its examples.
#[derive(Debug, Clone, Copy)]
struct Spot<'a> {
    yaml: &'a str,
    offset: usize,
    examples: &'a Examples,
}

impl<'a> Spot<'a> {
    /// The explanation of a problem at this place: front matter that cannot be read
    /// ([`Code::FmYaml`]) unless [`Explained::coded`] says otherwise.
    fn explained(self, message: impl Into<String>, help: impl Into<String>) -> Explained {
        Explained {
            code: Code::FmYaml,
            repair: None,
            misplaced: None,
            offset: self.offset,
            message: message.into(),
            help: help.into(),
        }
    }

    /// The text from this place to the end of its line.
    fn rest_of_line(self) -> &'a str {
        let rest = &self.yaml[self.offset..];
        rest.split('\n').next().unwrap_or(rest).trim_end_matches('\r')
    }

    /// The line up to this place.
    fn line_before(self) -> &'a str {
        let start = self.yaml[..self.offset].rfind('\n').map_or(0, |i| i + 1);
        &self.yaml[start..self.offset]
    }

    /// The character at this place, if any.
    fn char(self) -> Option<char> {
        self.yaml[self.offset..].chars().next()
    }

    /// The same text, another place.
    fn moved(self, offset: usize) -> Spot<'a> {
        Spot { offset, ..self }
    }
}

/// The byte offset of a 1-based line and character column in `text` (the end of the line
/// when the column is past it).
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = &text[start.min(text.len())..];
    let line_text = rest.split('\n').next().unwrap_or(rest);
    start.min(text.len()) + line_text.char_indices().nth(column - 1).map_or(line_text.len(), |(i, _)| i)
}

/// The known key whose `key:` comes last before `offset` (a colon at `offset` included): the
/// key whose value is wrong, since the YAML library points at the value.
fn key_before(yaml: &str, offset: usize) -> Option<&'static str> {
    let end = yaml[offset..].chars().next().map_or(offset, |c| offset + c.len_utf8());
    let prefix = &yaml[..end];
    PAGE_KEYS
        .iter()
        .chain(&TERM_KEYS)
        .filter_map(|key| last_key_at(prefix, key).map(|i| (i, *key)))
        .max()
        .map(|(_, k)| k)
}

/// Where `key:` last starts in `text` as a key (after a space, a line start, `-`, `{`, `[` or `,`).
fn last_key_at(text: &str, key: &str) -> Option<usize> {
    text.match_indices(key)
        .filter(|(i, _)| {
            let before = text[..*i].chars().next_back();
            before.is_none_or(|c| c.is_whitespace() || matches!(c, '-' | '{' | '[' | ','))
                && text[i + key.len()..].starts_with(':')
        })
        .map(|(i, _)| i)
        .last()
}

/// What the front matter's structure wants where a value is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wanted {
    /// A group of `key: value` lines: the front matter itself, or one term.
    Group,
    /// A list.
    List,
    /// One value: text, a number, true or false.
    Single,
}

/// What the value of each key must be, in words, and an example of it in words of `examples`.
fn value_of(key: &str, examples: &Examples) -> (&'static str, String) {
    let Examples { title, summary, definition, aliases, see, .. } = examples;
    match key {
        "order" => ("a whole number", "order: 3".into()),
        "autolink" => ("`true` or `false`", "autolink: false".into()),
        "summary" => ("text", format!("summary: {summary}")),
        "level" => ("a level", "level: 3".into()),
        "terms" => {
            ("a list of terms", format!("terms:\n  - name: {title}\n    level: 3\n    definition: {definition}"))
        }
        "aliases" => ("a list of other written forms", format!("aliases: [{aliases}]")),
        "see" => ("a list of term names", format!("see: [{see}]")),
        "pinyin" => ("text", "pinyin: chang wei".into()),
        _ => ("text", format!("title: {title}")),
    }
}

/// What one entry of a list key must be, in words; None for a key that is not a list.
fn entry_of(key: &str) -> Option<&'static str> {
    match key {
        "terms" => Some("a term: `name:`, `level:` and `definition:` lines"),
        "aliases" => Some("text (one written form)"),
        "see" => Some("text (one term's name)"),
        _ => None,
    }
}

/// A value found where another kind was wanted, described for the message.
fn found_at(at: Spot<'_>) -> Option<String> {
    let rest = at.rest_of_line().trim();
    let rest = rest.strip_prefix(':').map_or(rest, str::trim_start);
    let value = rest.split(" #").next().unwrap_or(rest).trim_end();
    let in_brackets = at.line_before().contains(['[', '{']);
    let value = if in_brackets { value.split([',', ']', '}']).next().unwrap_or(value).trim_end() } else { value };
    if value.is_empty() || value.starts_with('#') {
        None
    } else if value.starts_with('[') || value == "-" || value.starts_with("- ") {
        Some("a list".into())
    } else if value.starts_with('{') || value.ends_with(':') || value.contains(": ") {
        Some("a group of `key: value` lines".into())
    } else {
        Some(format!("`{}`", shortened(value)))
    }
}

/// At most 40 characters of `text`, for quoting it in a message.
fn shortened(text: &str) -> String {
    excerpt(text, 40).into_owned()
}

/// The most characters of a page's title shown where pages are listed: the navigation on every
/// page, a term's list of the pages using it.
const LISTED_TITLE_CHARS: usize = 80;

/// A page's title as a list of pages shows it: its first [`LISTED_TITLE_CHARS`] characters,
/// with `…` when cut. One page titled with a thousand characters would otherwise count as
/// every page of a term's list when the glossary is cut into parts (parts of 60 KB), and
/// titles of that length listed whole on every page made a page's navigation grow with them.
pub(crate) fn listed_title(title: &str) -> std::borrow::Cow<'_, str> {
    excerpt(title, LISTED_TITLE_CHARS)
}

/// The first `chars` characters of `text`, with `…` when cut: a value quoted in a message, a
/// definition under a search result, a long title in a list. The cut moves on to the end of
/// the character as a reader sees it (a grapheme cluster), so that an accent written apart, a
/// skin tone, a flag or a joined emoji (👩‍💻) is never parted.
pub(crate) fn excerpt(text: &str, chars: usize) -> std::borrow::Cow<'_, str> {
    let Some((cut, _)) = text.char_indices().nth(chars) else { return text.into() };
    // The whole text is the cursor's one chunk, so it never asks for more: only the few
    // characters around the cut are looked at.
    let mut cursor = unicode_segmentation::GraphemeCursor::new(cut, text.len(), true);
    let cut = match cursor.is_boundary(text, 0) {
        Ok(false) => cursor.next_boundary(text, 0).ok().flatten().unwrap_or(text.len()),
        _ => cut,
    };
    if cut == text.len() {
        return text.into();
    }
    format!("{}…", &text[..cut]).into()
}

/// A value of the wrong kind: names the key, what it must be and what was found.
fn wrong_value(wanted: Wanted, at: Spot<'_>) -> Explained {
    let rest = at.rest_of_line();
    if wanted == Wanted::List && rest.starts_with('-') && !rest[1..].starts_with(char::is_whitespace) {
        return at.explained(
            "a space is missing after `-`",
            format!("write: {}- {}", at.line_before().trim_start(), rest[1..].trim_end()),
        );
    }
    let found = found_at(at);
    let key = key_before(at.yaml, at.offset);
    if wanted == Wanted::Group {
        if last_key_at(&at.yaml[..at.offset], "terms").is_some() {
            return wrong_entry("terms", found, at);
        }
        let found = found.unwrap_or_else(|| "nothing".into());
        let mut help = format!("for example:\ntitle: {}\nsummary: {}", at.examples.title, at.examples.summary);
        if at.rest_of_line().contains(':') && !at.rest_of_line().contains(": ") {
            help = format!("put a space after the colon; {help}");
        }
        return at.explained(format!("front matter must be `key: value` lines, not {found}"), help);
    }
    let Some(key) = key else { return unreadable(at) };
    if wanted != Wanted::List && entry_of(key).is_some() {
        return wrong_entry(key, found, at);
    }
    let (kind, example) = value_of(key, at.examples);
    let message = match &found {
        Some(found) => format!("`{key}` must be {kind}, not {found}"),
        None => format!("`{key}` has nothing after it; it must be {kind}"),
    };
    let on_key_line = last_key_at(at.line_before(), key).is_some();
    let help = match (kind, &found) {
        ("text", Some(found)) if !found.starts_with('`') && on_key_line => format!(
            "a value that starts with `[` or `{{` is read as a list or a group; put the text in quotes: {}",
            quoted_line(at)
        ),
        ("text", _) => format!("write the text on the same line as its key, e.g. {example}"),
        (_, None) => format!("write the value after `{key}:`, or remove the line; e.g.\n{example}"),
        ("a level", _) => Level::ACCEPTED.to_string(),
        _ => format!("e.g. {example}"),
    };
    let mut explained = at.explained(message, help).coded(Code::FmValue);
    // Text written as a list or a group on its key's line (`name: [a, b]`) is read on as that
    // text in quotes, so that the mistakes after it are reported in the same run.
    if kind == "text" && on_key_line {
        explained.repair = Some(Repair::QuoteValue { at: at.offset });
    }
    // A number or a yes/no written as something else on its key's line (`order: abc`) is left
    // out, so that the mistakes after it are reported in the same run.
    if matches!(key, "order" | "autolink") && on_key_line && closed_on_its_line(at.rest_of_line()) {
        explained.repair = Some(Repair::DropLine { at: at.offset });
    }
    // A list of names written as one value on its key's line (`aliases: 乙`, `see: 退货, 换货`)
    // is read on as the list meant, so that the forms stay known and what follows is reported.
    if wanted == Wanted::List && on_key_line && matches!(key, "aliases" | "see") {
        explained.repair = Some(Repair::ListValue { at: at.offset });
    }
    explained
}

/// Whether a value written on its key's line ends there: its brackets closed and its quotes
/// (`order: [1,` goes on below, and dropping its line would leave the rest unreadable).
fn closed_on_its_line(value: &str) -> bool {
    let count = |c: char| value.matches(c).count();
    count('[') == count(']') && count('{') == count('}') && count('"') % 2 == 0 && count('\'') % 2 == 0
}

/// One entry of the list `key` is of the wrong kind.
fn wrong_entry(key: &str, found: Option<String>, at: Spot<'_>) -> Explained {
    let entry = entry_of(key).unwrap_or("text");
    let message = match found {
        Some(found) => format!("each entry of `{key}` must be {entry}, not {found}"),
        None => format!("an entry of `{key}` is empty; it must be {entry}"),
    };
    at.explained(message, format!("e.g.\n{}", value_of(key, at.examples).1)).coded(Code::FmValue)
}

/// The line at `at` with its value from `at` on put in quotes: what the author should write.
fn quoted_line(at: Spot<'_>) -> String {
    let value = shortened(at.rest_of_line().trim_end());
    format!("{}{}", at.line_before().trim_start(), quoted(&value))
}

/// `value` as YAML text in quotes: single quotes when it holds double ones only, else double
/// quotes with `\` and `"` escaped.
fn quoted(value: &str) -> String {
    if value.contains('"') && !value.contains('\'') {
        format!("'{value}'")
    } else {
        format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// A key written twice in one group.
fn duplicate_key(key: Option<&str>, at: Spot<'_>) -> Explained {
    let Some(key) = key else {
        return at.explained("this key is written twice; keep one", "delete one of the two lines").coded(Code::KeyDup);
    };
    let help = match key {
        "aliases" | "see" => format!("to give several, write them in one list: `{key}: [{}]`", at.examples.two),
        key if TERM_KEYS.contains(&key) => {
            "a term has each key once; if this line starts another term, begin it with `- ` (`- name: …`)".into()
        }
        _ => "each key appears once in the front matter; delete one of the two lines".into(),
    };
    Explained {
        repair: Some(Repair::DropLine { at: at.offset }),
        ..at.explained(format!("`{key}` is written twice; keep one"), help).coded(Code::KeyDup)
    }
}

/// How to read on past a mistake with one obvious fix; the text keeps its lines, so that every
/// problem found after it is still reported at its own line.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Repair {
    /// The key of `from` bytes at `at` becomes `to` (`levle` → `level`).
    Rename { at: usize, from: usize, to: &'static str },
    /// The line holding `at` is emptied (a key written twice: the second is dropped), when it
    /// is a `key: value` line of its own (no list item starts there, no value below it).
    DropLine { at: usize },
    /// The key at `at` and its value, to the last line indented under it, are emptied (a key
    /// that has no place here, `tags:` or `date:`): what it holds means nothing to the page.
    DropKey { at: usize },
    /// The value starting at `at`, a list or a group closed on its line where text is meant
    /// (`name: [a, b]`), is put in quotes.
    QuoteValue { at: usize },
    /// The value starting at `at`, text with `: ` in it (`title: 第一章: 引言`), is put in
    /// quotes, as its author meant it (a comment after ` #` kept out of them); not when the text
    /// goes on over the next lines.
    QuoteText { at: usize },
    /// The value starting at `at`, names written on one line where a list is wanted
    /// (`aliases: 乙`, `see: 退货, 换货`), becomes the list of its comma-separated names.
    ListValue { at: usize },
}

impl Repair {
    /// The repair of the unknown key `field` at `at` in `yaml`: renamed to its `likely` key,
    /// unless the same group has that key already (`titel` above a `title`: the author wrote
    /// both, and renaming would make a key written twice), or dropped with its value.
    pub(crate) fn for_unknown_key(yaml: &str, at: usize, field: &str, likely: Option<&'static str>) -> Repair {
        match likely {
            Some(to) if !sibling_keys(yaml, at).contains(&to) => Repair::Rename { at, from: field.len(), to },
            _ => Repair::DropKey { at },
        }
    }

    /// `yaml` repaired, or None when the repair does not fit the text.
    pub(crate) fn apply(self, yaml: &str) -> Option<String> {
        match self {
            Repair::Rename { at, from, to } => {
                yaml.get(at..at + from)?;
                // A shorter key is padded after its colon (`order:   x`), so the value keeps its column.
                let pad = " ".repeat(from.saturating_sub(to.len()));
                let rest = &yaml[at + from..];
                Some(match rest.strip_prefix(':') {
                    Some(value) => format!("{}{to}:{pad}{value}", &yaml[..at]),
                    None => format!("{}{to}{pad}{rest}", &yaml[..at]),
                })
            }
            Repair::DropLine { at } => {
                let start = yaml.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
                let end = yaml[at..].find('\n').map_or(yaml.len(), |i| at + i);
                let line = &yaml[start..end];
                let indent = |l: &str| l.len() - l.trim_start().len();
                let next = yaml[end..].lines().nth(1).filter(|l| !l.trim().is_empty());
                let nested = next.is_some_and(|n| indent(n) > indent(line));
                if line.trim_start().starts_with('-') || nested {
                    return None;
                }
                Some(format!("{}{}", &yaml[..start], &yaml[end..]))
            }
            Repair::DropKey { at } => drop_key(yaml, at),
            Repair::QuoteValue { at } => {
                let end = yaml.get(at..)?.find('\n').map_or(yaml.len(), |i| at + i);
                let value = yaml[at..end].trim_end();
                let closed = |open: char, close: char| value.matches(open).count() == value.matches(close).count();
                if !(value.starts_with('[') || value.starts_with('{')) || !closed('[', ']') || !closed('{', '}') {
                    return None;
                }
                Some(format!("{}{}{}", &yaml[..at], quoted(value), &yaml[end..]))
            }
            Repair::QuoteText { at } => {
                let (value, comment, end) = value_and_comment(yaml, at)?;
                if value.is_empty() || value.starts_with(['"', '\'', '[', '{']) || continues_below(yaml, at, end) {
                    return None;
                }
                Some(format!("{}{}{comment}{}", &yaml[..at], quoted(value), &yaml[end..]))
            }
            Repair::ListValue { at } => {
                let (value, comment, end) = value_and_comment(yaml, at)?;
                if value.starts_with(['"', '\'', '[', '{', '-']) || continues_below(yaml, at, end) {
                    return None;
                }
                let names: Vec<String> =
                    value.split([',', '，', '、']).map(str::trim).filter(|n| !n.is_empty()).map(quoted).collect();
                Some(format!("{}[{}]{comment}{}", &yaml[..at], names.join(", "), &yaml[end..]))
            }
        }
    }
}

/// The value on the line from `at` (trimmed), the comment after it (` # …`, kept as written),
/// and where the line ends.
fn value_and_comment(yaml: &str, at: usize) -> Option<(&str, &str, usize)> {
    let end = yaml.get(at..)?.find('\n').map_or(yaml.len(), |i| at + i);
    let line = yaml[at..end].trim_end_matches(['\r', ' ']);
    let (value, comment) = match line.find(" #") {
        Some(i) => (&line[..i], &line[i..]),
        None => (line, ""),
    };
    Some((value.trim_end(), comment, at + line.len()))
}

/// Whether the lines below the one holding `at` (which ends at `end`) go on with its value:
/// indented more than the line's key.
fn continues_below(yaml: &str, at: usize, end: usize) -> bool {
    let start = yaml[..at].rfind('\n').map_or(0, |i| i + 1);
    let indent = |line: &str| line.len() - line.trim_start_matches([' ', '-']).len();
    let next = yaml.get(end..).unwrap_or_default().trim_start_matches(['\r', '\n']).lines().next();
    next.is_some_and(|next| !next.trim().is_empty() && indent(next) > indent(&yaml[start..at]))
}

/// The keys of the group (a mapping, or a list item's mapping) holding the key at `at`: the
/// keys written at its column, from the group's first line to its last.
fn sibling_keys<'y>(yaml: &'y str, at: usize) -> Vec<&'y str> {
    let line_start = yaml[..at.min(yaml.len())].rfind('\n').map_or(0, |i| i + 1);
    let column = at - line_start;
    let lines: Vec<&str> = yaml.lines().collect();
    let here = yaml[..line_start].matches('\n').count();
    // A key at `column` (after spaces, or after `- ` opening the item), and whether it opens an item.
    let key_at = |line: &'y str| key_at_column(line, column);
    let inside = |line: &str| line.trim().is_empty() || line.len() - line.trim_start().len() >= column;
    let mut keys = Vec::new();
    // `at` on the empty line after the last newline has no line of `lines`.
    let here = here.min(lines.len());
    for line in lines[..here].iter().rev() {
        match key_at(line) {
            Some((key, opens)) => {
                keys.push(key);
                if opens {
                    break;
                }
            }
            None if inside(line) => {}
            None => break,
        }
    }
    for line in lines.get(here + 1..).unwrap_or_default() {
        match key_at(line) {
            Some((_, true)) => break,
            Some((key, false)) => keys.push(key),
            None if inside(line) => {}
            None => break,
        }
    }
    keys
}

/// The key `line` holds at `column` (after spaces, or after the `- ` that opens a list item),
/// and whether it opens an item; None when no key starts there.
fn key_at_column(line: &str, column: usize) -> Option<(&str, bool)> {
    let (head, rest) = (line.get(..column)?, &line[column..]);
    let opens = head.ends_with("- ") && head[..column - 2].chars().all(|c| c == ' ');
    if !(opens || head.chars().all(|c| c == ' ')) || rest.starts_with(' ') {
        return None;
    }
    Some((rest.split_once(':')?.0.trim(), opens))
}

/// `yaml` without the key at `at` and its value (see [`Repair::DropKey`]), every line kept so
/// that the problems after it keep their places; None when the key is not the first thing on
/// its line after its indentation and `- ` (a group in braces: no line to cut it from).
fn drop_key(yaml: &str, at: usize) -> Option<String> {
    let start = yaml.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let prefix = &yaml[start..at];
    if !prefix.chars().all(|c| c == ' ' || c == '-') {
        return None;
    }
    let key_end = yaml[at..].find('\n').map_or(yaml.len(), |i| at + i);
    let value_on_key_line = yaml[at..key_end].split_once(':').map_or("", |(_, v)| v).trim();
    let own_list = value_on_key_line.is_empty() || value_on_key_line.starts_with('#');
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let column = prefix.len();
    let below = (key_end + 1).min(yaml.len());
    let mut end = below;
    let mut next = None;
    for line in yaml[below..].split_inclusive('\n') {
        let content = line.trim();
        let under = content.is_empty()
            || indent(line) > column
            || (own_list && indent(line) == column && content.starts_with('-'));
        if !under {
            next = Some(line);
            break;
        }
        end += line.len();
    }
    // The value's lines, emptied: their line ends stay, so that later lines keep their numbers.
    let emptied: String = yaml[key_end..end].chars().filter(|&c| c == '\n').collect();
    let continued = next.is_some_and(|line| indent(line) == column);
    // A key alone after `- ` would leave an empty entry: `{}` keeps it a term (of no keys).
    let rest = if prefix.contains('-') && !continued { "{}" } else { "" };
    Some(format!("{}{rest}{emptied}{}", &yaml[..at], &yaml[end..]))
}

/// The most mistakes read past in one front matter (or question) before giving up on the rest.
pub(crate) const MAX_REPAIRS: usize = 20;

/// One mistake in a YAML block, as the reader of that block explains it.
pub(crate) struct Mistake<P> {
    /// The problem to report.
    pub(crate) problem: P,
    /// Its line in the YAML as read (1-based).
    pub(crate) line: usize,
    /// The one obvious repair, when there is one, so that reading can go on past it.
    pub(crate) repair: Option<Repair>,
    /// A key written twice.
    pub(crate) duplicate_key: bool,
}

/// How front matter and questions are read: YAML, but without anchors (`&name`), so that a
/// value starting with `&` is reported as one needing quotes, as one starting with `*` is,
/// instead of being read as an anchor and silently dropped (`title: &重点 退货流程` read as
/// `退货流程`, and `summary: *重点` as the same text).
fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! { budget: serde_saphyr::budget! { max_anchors: 0 } }
}

/// Reads `yaml` as a `T`; after a mistake with one obvious repair (a misspelled key, a key
/// written twice, a key with no place here), reads on from the repaired text, so that one run
/// reports every such mistake and the problems after it, not only the first (at most
/// [`MAX_REPAIRS`]). `explain` says what a mistake is and how to repair it; `empty` is what an
/// empty block is read as, when it is not a mistake. Returns what was read (None when a
/// mistake could not be read past) and the mistakes' problems. Serves the front matter and
/// the questions.
pub(crate) fn read_repairing<T: serde::de::DeserializeOwned, P>(
    yaml: &str,
    empty: impl Fn() -> Option<T>,
    mut explain: impl FnMut(&serde_saphyr::Error, &str) -> Mistake<P>,
) -> (Option<T>, Vec<P>) {
    let mut text = std::borrow::Cow::Borrowed(yaml);
    let mut found = Vec::new();
    // The line of the last key renamed: a key written twice there is the rename's doing
    // (`titel` beside a `title`), not the author's, and is dropped without a word.
    let mut renamed_line = None;
    loop {
        if let Some(read) = text.trim().is_empty().then(&empty).flatten() {
            return (Some(read), found);
        }
        let error = match serde_saphyr::from_str_with_options::<T>(&text, yaml_options()) {
            Ok(read) => return (Some(read), found),
            Err(error) => error,
        };
        let mistake = explain(&error, &text);
        let repaired = mistake.repair.and_then(|r| r.apply(&text));
        if mistake.duplicate_key && renamed_line == Some(mistake.line) {
            match repaired {
                Some(next) => {
                    text = std::borrow::Cow::Owned(next);
                    continue;
                }
                None => return (None, found),
            }
        }
        renamed_line = matches!(mistake.repair, Some(Repair::Rename { .. })).then_some(mistake.line);
        found.push(mistake.problem);
        match repaired {
            Some(next) if found.len() < MAX_REPAIRS => text = std::borrow::Cow::Owned(next),
            _ => return (None, found),
        }
    }
}

/// Reads the front matter's YAML ([`read_repairing`]): what was read, and the mistakes, each
/// with its line and column in the YAML.
fn read_yaml(yaml: &str, examples: &Examples) -> (Option<RawFrontMatter>, Vec<(Explained, usize, usize)>) {
    read_repairing(
        yaml,
        || Some(RawFrontMatter::default()),
        |error, text| {
            let explained = explain(error, text, examples);
            let (line, column) = line_col(text, explained.offset);
            Mistake {
                repair: explained.repair,
                duplicate_key: explained.code == Code::KeyDup,
                line,
                problem: (explained, line, column),
            }
        },
    )
}

/// A key that is not one of the front matter's or a term's, with the likely intended key.
fn unknown_key(field: &str, at: Spot<'_>) -> Explained {
    // A term's key is indented under `terms:`, or inside braces after it (`terms: [{name: …}]`).
    let line = at.line_before();
    let in_braces = line.trim_start().starts_with("terms:") && line.contains('{');
    let in_term = last_key_at(&at.yaml[..at.offset], "terms").is_some() && (line.starts_with(' ') || in_braces);
    let (place, keys, other_place, other_keys) = if in_term {
        ("a term", &TERM_KEYS[..], "the page", &PAGE_KEYS[..])
    } else {
        ("the front matter", &PAGE_KEYS[..], "a term", &TERM_KEYS[..])
    };
    let help = format!("keys of {place}: {}", keys.join(", "));
    let drop = Repair::DropKey { at: at.offset };
    if let Some(&key) = other_keys.iter().find(|key| **key == field) {
        let fix = if in_term { "move it out of `terms`, to the top" } else { "indent it under its term's `name`" };
        return Explained {
            repair: Some(drop),
            misplaced: Some(key),
            ..at.explained(format!("`{field}` is a key of {other_place}, not of {place}: {fix}"), help)
                .coded(Code::KeyMisplaced)
        };
    }
    let likely = likely_key(field, keys);
    let repair = Some(Repair::for_unknown_key(at.yaml, at.offset, field, likely));
    let message = match (likely, likely_key(field, other_keys)) {
        (Some(key), _) => format!("`{field}` is not a key of {place}; did you mean `{key}`?"),
        (None, Some(key)) => {
            let fix = if in_term { "move it out of `terms`" } else { "indent it under its term's `name`" };
            format!("`{field}` is not a key of {place}; did you mean `{key}`, a key of {other_place} ({fix})?")
        }
        (None, None) => format!("`{field}` is not a key of {place}"),
    };
    Explained { repair, ..at.explained(message, help).coded(Code::KeyUnknown) }
}

/// Words authors use, from other tools, for the keys of this format.
const KEY_SYNONYMS: [(&str, &str); 10] = [
    ("description", "summary"),
    ("abstract", "summary"),
    ("weight", "order"),
    ("english", "en"),
    ("related", "see"),
    ("slug", "id"),
    ("anchor", "id"),
    ("meaning", "definition"),
    ("importance", "level"),
    ("glossary", "terms"),
];

/// The key among `keys` that `written` most likely misspells: a known synonym, a prefix of it
/// (`def`), or the nearest by [`suggest::nearest`] (`titel`, `Title`).
pub(crate) fn likely_key(written: &str, keys: &[&'static str]) -> Option<&'static str> {
    let word = written.trim().to_lowercase();
    if let Some((_, key)) = KEY_SYNONYMS.iter().find(|(synonym, key)| *synonym == word && keys.contains(key)) {
        return Some(key);
    }
    let prefix = keys.iter().find(|key| word.chars().count() >= 3 && key.starts_with(word.as_str()));
    prefix.copied().or_else(|| suggest::nearest(&word, keys.iter().copied()))
}

/// A YAML syntax error, by kind.
fn syntax(kind: &ErrorKind, at: Spot<'_>) -> Explained {
    let list = format!("`aliases: [{}]`", at.examples.two);
    match kind {
        ErrorKind::TabNotAllowed
        | ErrorKind::TabInBlockIndentation
        | ErrorKind::TabInIndentation
        | ErrorKind::TabInPlainScalar
        | ErrorKind::TabAtBlockScalarStart => tab(at),
        ErrorKind::UnclosedQuotedScalar => {
            let quote = at.char().filter(|c| matches!(c, '"' | '\'')).unwrap_or('"');
            at.explained(
                format!("the quote {quote} here is never closed"),
                format!(
                    "end the text with {quote}; to write {quote} inside it, put the text in the other kind of quotes"
                ),
            )
        }
        ErrorKind::UnknownQuotedScalarEscape
        | ErrorKind::InvalidQuotedScalarHexEscape
        | ErrorKind::InvalidUnicodeEscape
        | ErrorKind::InvalidLowSurrogateHexEscape
        | ErrorKind::InvalidLowSurrogate
        | ErrorKind::MissingLowSurrogate
        | ErrorKind::UnpairedLowSurrogate => bad_escape(at),
        ErrorKind::InvalidTrailingSingleQuotedScalar | ErrorKind::InvalidTrailingDoubleQuotedScalar => at.explained(
            "the text goes on after its closing quote",
            "put the whole value in quotes; inside '…' write '' for one ', inside \"…\" write \\\" for one \"",
        ),
        ErrorKind::UnclosedFlowCollection { open } => {
            let (close, example) = if *open == '{' {
                ('}', "a group in braces ends with `}`".to_string())
            } else {
                (']', format!("a list in brackets ends with `]`: {list}"))
            };
            at.explained(
                format!("the `{open}` here is never closed with `{close}`"),
                format!("{example}; text that starts with `{open}` must be in quotes: {}", quoted_line(at)),
            )
        }
        ErrorKind::MisplacedFlowCollectionEnd | ErrorKind::MismatchedFlowCollectionEnd { .. } => {
            let bracket = at.char().unwrap_or(']');
            at.explained(
                format!("this `{bracket}` closes no bracket opened before it"),
                "remove it, or put the value in quotes",
            )
        }
        ErrorKind::BlockEntryInFlowCollection => at.explained(
            "a `- ` line cannot go inside brackets",
            format!(
                "either remove the `[` and write the entries as `- ` lines under the key, or write the whole list \
                 in brackets on one line: {list}"
            ),
        ),
        ErrorKind::ExpectedFlowSequenceSeparator | ErrorKind::ExpectedFlowMappingSeparator => at.explained(
            "a comma is missing between two entries in brackets",
            format!("separate the entries with commas: {list}"),
        ),
        ErrorKind::MappingValueNotAllowed
        | ErrorKind::InvalidColonPlacement
        | ErrorKind::InvalidMappingValueWhitespace
        | ErrorKind::FlowMappingValueAdjacentCollection => colon(at),
        ErrorKind::ExpectedBlockSequenceEntry
        | ErrorKind::ExpectedBlockMappingKey
        | ErrorKind::InvalidIndentation
        | ErrorKind::InvalidBlockScalarIndent
        | ErrorKind::InvalidFlowScalarIndent
        | ErrorKind::InvalidQuotedScalarIndent
        | ErrorKind::UnexpectedEofBlockSequence
        | ErrorKind::UnexpectedEofBlockMapping => at.explained(
            "this line is not indented like the lines above it",
            "indent with spaces: the page's keys start at the beginning of the line, a term starts with \
             `  - name:` and its other keys line up under `name`",
        ),
        ErrorKind::SimpleKeyExpected | ErrorKind::InvalidSimpleKey | ErrorKind::MappingKeyNotAllowed => at.explained(
            "this line is not `key: value`",
            "write `key: value`, with a space after the colon; text continued from the line above must be indented \
             more than its key",
        ),
        ErrorKind::UnknownAnchor
        | ErrorKind::MissingAnchorOrAliasName
        | ErrorKind::UnexpectedCharacter { .. }
        | ErrorKind::UndeclaredTagHandle
        | ErrorKind::InvalidTagTerminator
        | ErrorKind::ExpectedTagBang
        | ErrorKind::InvalidBlockScalarHeader
        | ErrorKind::BlockSequenceEntryNotAllowed
        | ErrorKind::PlainScalarStartsWithDashFlowIndicator => special_start(at),
        ErrorKind::BomInsideDocument => at.explained(
            "an invisible character (a byte order mark) is in the middle of the front matter",
            "delete it: retype the beginning of this line",
        ),
        ErrorKind::RecursionLimitExceeded | ErrorKind::AnchorCountOverflow => too_complex(at),
        ErrorKind::ExpectedDocumentStart
        | ErrorKind::MissingDocumentEndBeforeDirective
        | ErrorKind::DirectiveDisallowed
        | ErrorKind::DuplicateVersionDirective
        | ErrorKind::DuplicateTagDirective => directive(at),
        _ => unreadable(at),
    }
}

/// A tab used for indentation, pointed at where it is (the library may name another line).
fn tab(at: Spot<'_>) -> Explained {
    let mut offset = 0;
    for line in at.yaml.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(i) = line[..indent].find('\t') {
            return at.moved(offset + i).explained(
                "this line is indented with a tab; front matter must be indented with spaces",
                "replace the tab with spaces (two per level, as in the examples)",
            );
        }
        offset += line.len();
    }
    at.explained("a tab is not allowed here", "replace the tab with spaces")
}

/// An escape in double quotes that YAML does not know, pointed at its backslash.
fn bad_escape(at: Spot<'_>) -> Explained {
    let quoted = &at.yaml[at.offset..];
    let bad = invalid_escape(quoted.strip_prefix('"').unwrap_or(quoted));
    let (spot, escape) = match bad {
        Some((i, escape)) => (at.moved(at.offset + usize::from(quoted.starts_with('"')) + i), escape),
        None => (at, "\\".to_string()),
    };
    spot.explained(
        format!("`{escape}` is not allowed in text in double quotes"),
        "in \"…\" a backslash starts an escape such as `\\n` (a new line): write `\\\\` for a backslash, or put the \
         text in single quotes ('…'), where a backslash is just a backslash",
    )
}

/// The first escape in double-quoted text (after its opening quote) that YAML rejects: its
/// offset and how it is written.
fn invalid_escape(text: &str) -> Option<(usize, String)> {
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return None,
            '\\' => {
                let (_, next) = chars.next()?;
                let digits = match next {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    '0' | 'a' | 'b' | 't' | '\t' | 'n' | 'v' | 'f' | 'r' | 'e' | ' ' | '"' | '/' | '\\' | 'N' | '_'
                    | 'L' | 'P' | '\n' | '\r' => continue,
                    _ => return Some((i, format!("\\{next}"))),
                };
                let hex: String = text[i + 2..].chars().take(digits).take_while(char::is_ascii_hexdigit).collect();
                let value = u32::from_str_radix(&hex, 16).ok().filter(|_| hex.len() == digits);
                if value.and_then(char::from_u32).is_none() {
                    return Some((i, format!("\\{next}{hex}")));
                }
                for _ in 0..digits {
                    chars.next();
                }
            }
            _ => {}
        }
    }
    None
}

/// A `: ` the YAML reads as a new key: inside a value (wants quotes) or on a line indented
/// more than it should be.
fn colon(at: Spot<'_>) -> Explained {
    let before = at.line_before();
    let key_line = before.trim_start().trim_start_matches("- ");
    if before.contains(": ") || key_line.is_empty() {
        let value = at.moved(at.offset - before.len() + value_start(before));
        let mut explained = at.explained(
            "a colon followed by a space (`: `) inside a value needs quotes",
            format!("put the value in quotes: {}", quoted_line(value)),
        );
        // Text is read on in quotes, as it was meant, so that the page is checked whole; a
        // number or a level with `: ` in it would only be reported again.
        if key_before(at.yaml, value.offset).is_some_and(|key| key != "id" && value_of(key, at.examples).0 == "text") {
            explained.repair = Some(Repair::QuoteText { at: value.offset });
        }
        return explained;
    }
    at.moved(at.offset - key_line.len()).explained(
        format!("`{}` is indented more than the key above it", key_line.trim()),
        "the page's keys start at the beginning of the line, the keys of one term line up under its `name`; \
         text continued on the next line that contains `: ` must be in quotes",
    )
}

/// Where a tag (`!…`) starts in the value of a `key: value` line.
fn tag_start(line: &str) -> Option<usize> {
    let value = value_start(line);
    line[value..].find('!').map(|i| value + i)
}

/// Where the value starts in a `key: value` line (after the first `: `).
fn value_start(line: &str) -> usize {
    line.find(": ").map_or(0, |i| i + 2 + (line[i + 2..].len() - line[i + 2..].trim_start().len()))
}

/// A value starting with a character that YAML gives a meaning to (`*`, `&`, `!`, `|`, `>`,
/// `%`, `@`, `` ` ``, `- `): Markdown emphasis at the start of a summary is the usual case.
fn special_start(at: Spot<'_>) -> Explained {
    let first = match at.char().filter(|c| !c.is_whitespace()).unwrap_or('*') {
        '`' => "`` ` ``".to_string(),
        other => format!("`{other}`"),
    };
    at.explained(
        format!("text cannot start with {first} unless it is in quotes"),
        format!("write: {}", quoted_line(at)),
    )
}

/// A line starting with `%`, which YAML reads as an instruction to itself, pointed at.
fn directive(at: Spot<'_>) -> Explained {
    let mut offset = 0;
    for line in at.yaml.split_inclusive('\n') {
        if line.starts_with('%') {
            return at.moved(offset).explained(
                "a line of front matter cannot start with `%`",
                "remove the line, or make it a value in quotes: `summary: \"% …\"`",
            );
        }
        offset += line.len();
    }
    unreadable(at)
}

/// Nesting or `*name` repetition beyond what the YAML library reads.
fn too_complex(at: Spot<'_>) -> Explained {
    at.explained(
        "the front matter is nested too deeply, or repeats `*name` references too often",
        "front matter is plain `key: value` lines and lists; write each value out",
    )
}

/// Any other YAML error: where it is, and the rules that fix nearly all of them.
fn unreadable(at: Spot<'_>) -> Explained {
    at.explained("this line of the front matter cannot be read", GENERAL_HELP)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_never_parts_a_character_from_the_marks_written_onto_it() {
        assert_eq!(excerpt("客户满意度", 2), "客户…");
        assert_eq!(excerpt("客户", 2), "客户", "not cut");
        assert_eq!(excerpt("cafe\u{301}s", 4), "cafe\u{301}…", "an accent written apart stays on its e");
        assert_eq!(excerpt("cafe\u{301}", 4), "cafe\u{301}", "and then nothing is cut");
        assert_eq!(excerpt("ab👩\u{200D}💻cd", 3), "ab👩\u{200D}💻…", "a joined emoji whole");
        assert_eq!(excerpt("ab👍\u{1F3FD}c", 3), "ab👍\u{1F3FD}…", "with its skin tone");
        assert_eq!(excerpt("かか\u{3099}き", 2), "かか\u{3099}…", "kana with its voicing mark");
        assert_eq!(excerpt("ab🇨🇳c", 3), "ab🇨🇳…", "a flag's two letters together");
        assert_eq!(
            excerpt("한\u{1100}\u{1161}\u{11A8}다", 2),
            "한\u{1100}\u{1161}\u{11A8}…",
            "a syllable written in jamo"
        );
    }
    use crate::labels::{labels, Language};

    /// Every kind of YAML mistake a teacher can make, with the exact words and place reported.
    #[rustfmt::skip]
    const MISTAKES: &[(&str, usize, usize, &str)] = &[
        ("title: T\ntitle: U\n", 3, 1, "`title` is written twice; keep one"),
        ("title: T\nterms:\n  - name: a\n    aliases: [x]\n    aliases: [y]\n", 6, 5, "`aliases` is written twice; keep one"),
        ("title: T\ntitel: x\n", 3, 1, "`titel` is not a key of the front matter; did you mean `title`?"),
        ("title: T\nterms:\n  - nam: a\n", 4, 5, "`nam` is not a key of a term; did you mean `name`?"),
        ("title: T\ndescription: x\n", 3, 1, "`description` is not a key of the front matter; did you mean `summary`?"),
        ("title: T\nterms:\n  - name: a\n    def: x\n", 5, 5, "`def` is not a key of a term; did you mean `definition`?"),
        ("title: T\nfoo: x\n", 3, 1, "`foo` is not a key of the front matter"),
        ("title: T\nlevle: 1\n", 3, 1, "`levle` is not a key of the front matter; did you mean `level`, a key of a term (indent it under its term's `name`)?"),
        ("title: T\nterms:\n  - name: a\n    level: 1\n    titel: x\n", 6, 5, "`titel` is not a key of a term; did you mean `title`, a key of the page (move it out of `terms`)?"),
        ("title: T\nlevel: 1\n", 3, 1, "`level` is a key of a term, not of the front matter: indent it under its term's `name`"),
        ("title: T\nterms:\n  - name: a\n    title: x\n", 5, 5, "`title` is a key of the page, not of a term: move it out of `terms`, to the top"),
        ("title: T\norder: abc\n", 3, 8, "`order` must be a whole number, not `abc`"),
        ("title: T\nterms: x\n", 3, 8, "`terms` must be a list of terms, not `x`"),
        ("title: T\nterms:\n", 3, 6, "`terms` has nothing after it; it must be a list of terms"),
        ("title: T\nterms:\n  - name: a\n    aliases: 3\n", 5, 14, "`aliases` must be a list of other written forms, not `3`"),
        ("title: T\nterms:\n  - name: a\n    autolink: maybe\n", 5, 15, "`autolink` must be `true` or `false`, not `maybe`"),
        ("title: T\nterms:\n  - name: a\n    level: [1]\n", 5, 12, "`level` must be a level, not a list"),
        ("title: T\nsummary: [链接](x.md) 更多\n", 3, 10, "`summary` must be text, not a list"),
        ("title: T\nterms:\n  - name: a\n    see: [{x: 1}]\n", 5, 11, "each entry of `see` must be text (one term's name), not a group of `key: value` lines"),
        ("title: T\nterms:\n  - x\n", 4, 5, "each entry of `terms` must be a term: `name:`, `level:` and `definition:` lines, not `x`"),
        ("title: T\nterms: [1]\n", 3, 9, "each entry of `terms` must be a term: `name:`, `level:` and `definition:` lines, not `1`"),
        ("just text\n", 2, 1, "front matter must be `key: value` lines, not `just text`"),
        ("- a\n- b\n", 2, 1, "front matter must be `key: value` lines, not a list"),
        ("title: T\n\tsummary: x\n", 3, 1, "this line is indented with a tab; front matter must be indented with spaces"),
        ("title: T\nterms:\n\t- name: a\n", 4, 1, "this line is indented with a tab; front matter must be indented with spaces"),
        ("title: \"T\n", 2, 8, "the quote \" here is never closed"),
        ("title: 'T\n", 2, 8, "the quote ' here is never closed"),
        ("title: T\n  summary: x\n", 3, 3, "`summary` is indented more than the key above it"),
        ("title: T\nterms:\n  - name: a\n   level: 1\n", 5, 4, "this line is not indented like the lines above it"),
        ("title: T\nterms: [\n", 3, 8, "the `[` here is never closed with `]`"),
        ("title: T\nterms: [\n  - name: x\n", 4, 3, "a `- ` line cannot go inside brackets"),
        ("title: T\nterms:\n  -name: a\n", 4, 3, "a space is missing after `-`"),
        ("title: T\nterms:\n  - {name: a\n", 4, 5, "the `{` here is never closed with `}`"),
        ("title: T\n]\n", 3, 1, "this `]` closes no bracket opened before it"),
        ("title: \"路径 C:\\Users\"\n", 2, 14, "`\\U` is not allowed in text in double quotes"),
        ("title: \"a\\qb\"\n", 2, 10, "`\\q` is not allowed in text in double quotes"),
        ("title: T\nsummary: *重点* 内容\n", 3, 10, "text cannot start with `*` unless it is in quotes"),
        ("title: &重点 退货流程\nsummary: *重点\n", 2, 8, "text cannot start with `&` unless it is in quotes"),
        ("title: T\nsummary: `代码`\n", 3, 10, "text cannot start with `` ` `` unless it is in quotes"),
        ("title: !!int T\n", 2, 8, "text cannot start with `!` unless it is in quotes"),
        ("title: T\nsummary: 注意: 这里\n", 3, 12, "a colon followed by a space (`: `) inside a value needs quotes"),
        ("title: T\nfoo\n", 3, 1, "this line is not `key: value`"),
        ("title: T\nsummary: 'it's'\n", 3, 14, "the text goes on after its closing quote"),
        ("title: T\n\u{feff}summary: x\n", 3, 1, "an invisible character (a byte order mark) is in the middle of the front matter"),
        ("%YAML 1.2\n", 2, 1, "a line of front matter cannot start with `%`"),
        ("title: T\nsummary: a\n# 注释\n  b\n", 5, 3, "this line is not indented like the lines above it"),
    ];

    #[test]
    fn every_yaml_mistake_is_explained_in_plain_words_at_its_place() {
        for (yaml, line, column, message) in MISTAKES {
            let errs = parse_text(&format!("---\n{yaml}---\n")).unwrap_err();
            assert_eq!(
                (errs[0].line, errs[0].column, errs[0].message.as_str()),
                (*line, *column, *message),
                "{yaml:?}"
            );
            // Read on past a repairable mistake, only what the sample really lacks follows it
            // (its one-line terms have no level or definition).
            let rest: Vec<&Diagnostic> = errs[1..].iter().filter(|e| e.code != Code::TermIncomplete).collect();
            assert!(rest.is_empty(), "{yaml:?}: one mistake, reported once: {errs:?}");
        }
    }

    /// A problem as a test expects it: line, column, message.
    type Expected = (usize, usize, &'static str);

    /// Every key with no place in a front matter, with or without a likely one, each at its own
    /// line and column, and nothing that only follows from reading past them.
    #[test]
    fn every_unknown_key_is_reported_with_what_follows_it() {
        #[rustfmt::skip]
        let cases: &[(&str, &[Expected])] = &[
            ("title: T\ntags: [a, b]\ndraft: true\n", &[
                (3, 1, "`tags` is not a key of the front matter"),
                (4, 1, "`draft` is not a key of the front matter"),
            ]),
            ("title: T\ndate: 2024-01-01\ntitel: x\n", &[
                (3, 1, "`date` is not a key of the front matter"),
                (4, 1, "`titel` is not a key of the front matter; did you mean `title`?"),
            ]),
            ("tags:\n  - a\n  - b\ntitle: T\ncategories:\n- x\n- y\n\nweight: x\n", &[
                (2, 1, "`tags` is not a key of the front matter"),
                (6, 1, "`categories` is not a key of the front matter"),
                (10, 1, "`weight` is not a key of the front matter; did you mean `order`?"),
                (10, 9, "`order` must be a whole number, not `x`"),
            ]),
            ("title: T\nterms:\n  - colour: red\n    name: a\n    level: 1\n    definition: d\n  - name: b\n    tags:\n      - x\n    level: 9\n    definition: d\n", &[
                (4, 5, "`colour` is not a key of a term"),
                (9, 5, "`tags` is not a key of a term"),
                (11, 12, "invalid level 9; did you mean `3`?"),
            ]),
            ("title: T\nterms:\n  - name: a\n    level: 1\ndefinition: d\ntags: x\n", &[
                (6, 1, "`definition` is a key of a term, not of the front matter: indent it under its term's `name`"),
                (7, 1, "`tags` is not a key of the front matter"),
            ]),
            ("terms:\n  - name: a\n    level: 1\n    definition: d\n    title: T\n    date: x\n", &[
                (6, 5, "`title` is a key of the page, not of a term: move it out of `terms`, to the top"),
                (7, 5, "`date` is not a key of a term"),
            ]),
            ("date: x\n", &[
                (2, 1, "`date` is not a key of the front matter"),
                (1, 1, "front matter has no `title`"),
            ]),
            // Text written as a list or a group on its line is read on in quotes.
            ("title: T\ntitel: x\nterms:\n  - name: [a, b]\n    level: 2\n    definition: {a: 1}\n", &[
                (3, 1, "`titel` is not a key of the front matter; did you mean `title`?"),
                (5, 11, "`name` must be text, not a list"),
                (7, 17, "`definition` must be text, not a group of `key: value` lines"),
            ]),
        ];
        for (yaml, expected) in cases {
            let errs = parse_text(&format!("---\n{yaml}---\n")).unwrap_err();
            let found: Vec<(usize, usize, &str)> =
                errs.iter().map(|e| (e.line, e.column, e.message.as_str())).collect();
            assert_eq!(found, *expected, "{yaml:?}");
        }
    }

    #[test]
    fn a_key_alone_in_its_term_or_in_braces_is_read_past_only_where_it_can_be() {
        let errs = parse_text("---\ntitle: T\nterms:\n  - colour: red\n  - name: b\n    level: x\n---\n").unwrap_err();
        let found: Vec<(usize, Code)> = errs.iter().map(|e| (e.line, e.code)).collect();
        assert_eq!(
            found,
            vec![
                (4, Code::KeyUnknown),
                (4, Code::TermIncomplete),
                (4, Code::TermIncomplete),
                (4, Code::TermIncomplete),
                (6, Code::LevelInvalid),
                (5, Code::TermIncomplete),
            ]
        );
        let errs = parse_text("---\ntitle: T\nterms: [{name: a, colour: red, level: 9}]\n---\n").unwrap_err();
        assert_eq!(errs.len(), 1, "in braces there is no line to cut the key from: {errs:?}");
    }

    #[test]
    fn no_yaml_library_words_reach_the_author() {
        let jargon = ["mapping", "scalar", "sequence", "Options", "Policy", "invalid type", "expected", "serde", "i64"];
        for (yaml, ..) in MISTAKES {
            let errs = parse_text(&format!("---\n{yaml}---\n")).unwrap_err();
            let help = errs[0].help.as_deref().unwrap_or_default();
            for word in jargon {
                assert!(!errs[0].message.contains(word) && !help.contains(word), "{word} in {:?}", errs[0]);
            }
        }
    }

    #[test]
    fn help_says_what_to_write_instead() {
        let help =
            |yaml: &str| parse_text(&format!("---\n{yaml}---\n")).unwrap_err()[0].help.clone().unwrap_or_default();
        assert_eq!(help("title: T\ntitel: x\n"), "keys of the front matter: title, order, summary, terms");
        assert_eq!(help("title: T\nsummary: *重点* 内容\n"), "write: summary: \"*重点* 内容\"");
        assert_eq!(help("title: T: U\n"), "put the value in quotes: title: \"T: U\"");
        assert_eq!(help("title: T\nterms:\n  -name: a\n"), "write: - name: a");
        assert_eq!(
            help("title: T\nsummary: [链接](x.md) 更多\n"),
            "a value that starts with `[` or `{` is read as a list or a group; put the text in quotes: summary: \"[链接](x.md) 更多\""
        );
        assert_eq!(
            help("title: T\nterms:\n  - name: a\n    aliases: [x]\n    aliases: [y]\n"),
            "to give several, write them in one list: `aliases: [甲, 乙]`"
        );
        assert!(help("title: T\nterms:\n  - name: a\n    level: [1]\n").contains("★★★"));
    }

    #[test]
    fn likely_keys_for_typos_synonyms_and_prefixes() {
        assert_eq!(likely_key("titel", &PAGE_KEYS), Some("title"));
        assert_eq!(likely_key("Title", &PAGE_KEYS), Some("title"));
        assert_eq!(likely_key("sumary", &PAGE_KEYS), Some("summary"));
        assert_eq!(likely_key("weight", &PAGE_KEYS), Some("order"));
        assert_eq!(likely_key("alias", &TERM_KEYS), Some("aliases"));
        assert_eq!(likely_key("auto", &TERM_KEYS), Some("autolink"));
        assert_eq!(likely_key("ie", &TERM_KEYS), Some("id"));
        assert_eq!(likely_key("ab", &TERM_KEYS), None, "two-letter keys allow one edit only");
        assert_eq!(likely_key("date", &PAGE_KEYS), None);
    }

    #[test]
    fn term_forms_longer_than_the_limit_are_errors_at_their_place() {
        let long = "客".repeat(MAX_TERM_CHARS + 1);
        let text = format!(
            "---\ntitle: T\nterms:\n  - name: {long}\n    en: {}\n    aliases: [短, {long}]\n    level: 1\n    definition: d\n---\n",
            "x".repeat(20_000)
        );
        let errs = parse_text(&text).unwrap_err();
        let found: Vec<(usize, usize, &str)> = errs.iter().map(|e| (e.line, e.column, e.message.as_str())).collect();
        assert_eq!(
            found,
            vec![
                (4, 11, "term name is 101 characters long; a term may have at most 100 characters — put the explanation in `definition`"),
                (5, 9, "English name `en` is 20,000 characters long; a term may have at most 100 characters — put the explanation in `definition`"),
                (6, 18, "alias is 101 characters long; a term may have at most 100 characters — put the explanation in `definition`"),
            ]
        );
        let at_limit = "客".repeat(MAX_TERM_CHARS);
        let text = format!("---\ntitle: T\nterms:\n  - name: {at_limit}\n    level: 1\n    definition: d\n---\n");
        assert_eq!(parse_text(&text).unwrap().terms[0].name, at_limit);
    }

    #[test]
    fn grouped_numbers() {
        assert_eq!(grouped(7), "7");
        assert_eq!(grouped(20_000), "20,000");
        assert_eq!(grouped(8_388_608), "8,388,608");
    }

    fn parse_text(text: &str) -> Result<FrontMatter, Vec<Diagnostic>> {
        let s = split(text).expect("closed");
        parse(Path::new("a.md"), text, &s, Requirement::TitleRequired, labels(Language::ZhCn).examples)
            .map_err(|mistaken| mistaken.problems)
    }

    #[test]
    fn a_front_matter_with_mistakes_is_read_as_far_as_it_can_be() {
        let examples = labels(Language::ZhCn).examples;
        let read = |text: &str| {
            let s = split(text).expect("closed");
            match parse(Path::new("a.md"), text, &s, Requirement::TitleRequired, examples) {
                Err(mistaken) => mistaken.read,
                Ok(front) => panic!("mistakes expected in {text:?}, read {front:?}"),
            }
        };
        // A misspelt key read as the key it was meant to be; a term with a wrong level or
        // without a definition kept under its name; a term without a name, or with a name
        // over the limit, left out; a wrong id dropped.
        let long = "长".repeat(MAX_TERM_CHARS + 1);
        let text = format!(
            "---\ntitel: 新章\nsummary: 概述\nterms:\n  - name: 甲\n    level: 5\n    definition: 甲的定义。\n    id: a b\n  - name: 乙\n    level: 2\n  - level: 1\n    definition: 无名。\n  - name: {long}\n    level: 1\n    definition: 太长。\n---\n"
        );
        let front = read(&text).expect("read past its mistakes");
        assert_eq!((&*front.title, front.summary.as_deref()), ("新章", Some("概述")));
        let terms: Vec<(&str, Level, &str, Option<&str>)> =
            front.terms.iter().map(|t| (t.name.as_str(), t.level, t.definition.as_str(), t.id.as_deref())).collect();
        assert_eq!(terms, [("甲", Level::Know, "甲的定义。", None), ("乙", Level::Understand, "", None)]);
        // Names written as one value where a list is wanted are read on as the list meant; both
        // mistakes reported. `terms` itself written so is not: nothing is known of its terms.
        let text = "---\ntitle: T\nterms:\n  - name: 甲\n    level: 1\n    definition: 一。\n    aliases: 乙 # 旧称\n    see: 丙, 丁\n---\n";
        let front = read(text).expect("read on with the lists");
        let terms: Vec<(&str, &[String], Vec<&str>)> = front
            .terms
            .iter()
            .map(|t| (t.name.as_str(), &t.aliases[..], t.see.iter().map(|s| s.0.as_str()).collect()))
            .collect();
        assert_eq!(terms, [("甲", &["乙".to_string()][..], vec!["丙", "丁"])]);
        assert_eq!(parse_text(text).expect_err("two mistakes").len(), 2);
        assert_eq!(read("---\ntitle: T\nterms: 甲\n---\n"), None);
        // A mistake nothing can be read past: nothing is known of the terms.
        assert_eq!(read("---\ntitle: [新章\nterms:\n  - name: 甲\n---\n"), None);
        // No front matter at all: a chapter without a title, and without terms.
        let text = "正文\n";
        let no_front =
            parse(Path::new("a.md"), text, &split(text).expect("no block"), Requirement::TitleRequired, examples);
        assert_eq!(no_front.map_err(|mistaken| mistaken.read), Err(Some(FrontMatter::default())));
    }

    #[test]
    fn a_colon_in_text_is_read_on_in_quotes_and_in_a_number_reported_once() {
        let problems = |text: &str| parse_text(text).expect_err("a colon in a value").len();
        // Text: both colons reported, the title read as written.
        assert_eq!(problems("---\ntitle: 第一章: 引言\nsummary: 注意: 免费\n---\n"), 2);
        let examples = labels(Language::ZhCn).examples;
        let text = "---\ntitle: 第一章: 引言\n---\n";
        let read = parse(Path::new("a.md"), text, &split(text).expect("closed"), Requirement::TitleRequired, examples);
        assert_eq!(read.map_err(|m| m.read.map(|f| f.title.to_string())), Err(Some("第一章: 引言".to_string())));
        // A comment stays out of the value; text going on over the next line is not read on.
        let text = "---\ntitle: 第一章: 引言 # 注释\n---\n";
        let read = parse(Path::new("a.md"), text, &split(text).expect("closed"), Requirement::TitleRequired, examples);
        assert_eq!(read.map_err(|m| m.read.map(|f| f.title.to_string())), Err(Some("第一章: 引言".to_string())));
        assert_eq!(problems("---\ntitle: T\nsummary: 注意: 免费\n  继续一行\n---\n"), 1);
        // A number, a level or an id: reported once, not again as a value of the wrong kind.
        assert_eq!(problems("---\ntitle: 甲\norder: 1: 2\n---\n"), 1);
        assert_eq!(
            problems("---\ntitle: 甲\nterms:\n  - name: 甲\n    level: 1\n    id: x: y\n    definition: 一。\n---\n"),
            1
        );
        assert_eq!(
            problems("---\ntitle: 甲\nterms:\n  - name: 甲\n    level: 掌握: 3\n    definition: 一。\n---\n"),
            1
        );
    }

    #[test]
    fn split_finds_block_with_bom_and_crlf() {
        let text = "\u{feff}---\r\ntitle: x\r\n---\r\nbody";
        let s = split(text).unwrap();
        assert_eq!(s.yaml, Some("title: x\r\n"));
        assert_eq!(s.body, "body");
    }

    #[test]
    fn split_without_front_matter() {
        let s = split("# hi\n").unwrap();
        assert_eq!(s.yaml, None);
        assert_eq!(s.body, "# hi\n");
    }

    #[test]
    fn split_unclosed() {
        assert_eq!(split("---\ntitle: x\n\nbody"), Err(Unclosed));
    }

    #[test]
    fn a_wrong_order_or_autolink_does_not_hide_the_mistakes_after_it() {
        // `order: abc` stopped the reading: the group after it was reported only once the
        // order was mended (a fifth course generator's finding).
        let text = "---\ntitle: T\norder: abc\nsummary: {a: b}\nterms:\n  - name: 甲\n    level: 1\n    autolink: maybe\n    definition: [x]\n---\n";
        let problems = parse_text(text).expect_err("four mistakes");
        let at: Vec<(usize, &str)> = problems.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(at.len(), 4, "{at:?}");
        assert!(at[0].0 == 3 && at[0].1.starts_with("`order` must be a whole number"), "{at:?}");
        assert!(at[1].0 == 4 && at[1].1.starts_with("`summary` must be text"), "{at:?}");
        assert!(at[2].0 == 8 && at[2].1.starts_with("`autolink` must be `true` or `false`"), "{at:?}");
        assert!(at[3].0 == 9 && at[3].1.starts_with("`definition` must be text"), "{at:?}");
        // A value that goes on below its line is not dropped: what is left would be no YAML.
        let problems = parse_text("---\ntitle: T\norder: [1,\n2]\nsummary: ok\n---\n").expect_err("one mistake");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.starts_with("`order` must be a whole number"), "{problems:?}");
    }

    #[test]
    fn parses_terms_with_all_level_spellings() {
        let text = "---\ntitle: T\nterms:\n  - name: A\n    level: 1\n    definition: d\n  - name: B\n    level: \"★★\"\n    definition: d\n  - name: C\n    level: 掌握\n    definition: d\n    en: See\n    aliases: [c1]\n    see: [A]\n---\nbody\n";
        let fm = parse_text(text).unwrap();
        assert_eq!(&*fm.title, "T");
        let levels: Vec<u8> = fm.terms.iter().map(|t| t.level.number()).collect();
        assert_eq!(levels, vec![1, 2, 3]);
        assert_eq!(fm.terms[2].see, vec![("A".to_string(), 15)]);
        assert_eq!(fm.terms[0].line, 4);
    }

    #[test]
    fn a_reading_in_latin_letters_is_taken_and_anything_else_refused_at_its_place() {
        let term = |pinyin: &str| {
            format!(
                "---\ntitle: T\nterms:\n  - name: 长尾\n    level: 1\n    pinyin: {pinyin}\n    definition: d\n---\n"
            )
        };
        for reading in ["cháng wěi", "Chang Wei", "chang2 wei3", "xi'an", "lüe-yu"] {
            let fm = parse_text(&term(reading)).unwrap_or_else(|e| panic!("{reading}: {e:?}"));
            assert_eq!(fm.terms[0].pinyin.as_deref(), Some(reading));
        }
        for wrong in ["长尾", "2 wei", "chang×wei", "chang_wei"] {
            let errs = parse_text(&term(wrong)).unwrap_err();
            assert_eq!((errs.len(), errs[0].line, errs[0].column, errs[0].code), (1, 6, 13, Code::FmValue), "{wrong}");
            assert!(errs[0].message.contains("`pinyin` is how the name is read"), "{}", errs[0].message);
            assert!(errs[0].help.as_deref().is_some_and(|h| h.contains("pinyin: chang wei")), "{wrong}");
        }
        let fm = parse_text("---\ntitle: T\nterms:\n  - name: 长尾\n    level: 1\n    definition: d\n---\n").unwrap();
        assert_eq!(fm.terms[0].pinyin, None, "optional");
    }

    #[test]
    fn bad_level_names_line_and_accepted_values() {
        let text = "---\ntitle: T\nterms:\n  - name: A\n    level: 4\n    definition: d\n---\n";
        let errs = parse_text(text).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, 5);
        assert!(errs[0].help.as_deref().unwrap().contains("★★★"));
    }

    #[test]
    fn missing_title_is_an_error() {
        let errs = parse_text("---\nsummary: s\n---\n").unwrap_err();
        assert!(errs[0].message.contains("title"));
    }

    #[test]
    fn yaml_syntax_error_has_file_line() {
        let errs = parse_text("---\ntitle: T\nterms: [\n---\n").unwrap_err();
        assert!(errs[0].line >= 3, "{:?}", errs[0]);
    }

    #[test]
    fn unknown_key_is_an_error() {
        let errs = parse_text("---\ntitle: T\ntitel: x\n---\n").unwrap_err();
        assert_eq!(errs[0].line, 3, "{:?}", errs[0]);
    }
}
