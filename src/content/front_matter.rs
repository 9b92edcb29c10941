//! Front matter: the YAML block at byte 0 of every page, split off and parsed into typed values.
//!
//! [`split`] only finds the block (tolerating a UTF-8 BOM and CRLF); [`parse`] deserializes it
//! with serde-saphyr and validates it, reporting every problem with the line in the *file*
//! (not in the YAML block). Nothing here touches the file system.

use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::content::term::{Level, TermDef};
use crate::diagnostic::Diagnostic;

/// A page's front matter after validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// `title:`, the page heading and navigation entry; may be empty on the home page only (the course title is used).
    pub title: String,
    /// `order:`, the place among its siblings; None uses the file or folder name's numeric prefix.
    pub order: Option<i64>,
    /// `summary:` (inline Markdown), shown under the title and on the page's card; None shows nothing.
    pub summary: Option<String>,
    /// Glossary terms this page defines.
    pub terms: Vec<TermDef>,
}

/// Where the YAML block and the Markdown body are in a file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines; `None` when the file has no front matter.
    pub yaml: Option<&'a str>,
    /// 1-based file line of the YAML's first line.
    pub yaml_line: usize,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// Byte offset of `body` in the text.
    pub body_offset: usize,
}

/// Why the front matter block could not be found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unclosed;

/// Finds the front matter block: a `---` line at byte 0 (after an optional BOM), closed by a
/// `---` (or `...`) line.
pub fn split(text: &str) -> Result<Split<'_>, Unclosed> {
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    title: Option<Spanned<String>>,
    order: Option<i64>,
    summary: Option<String>,
    #[serde(default)]
    terms: Vec<Spanned<RawTerm>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    name: Option<Spanned<String>>,
    level: Option<Spanned<RawLevel>>,
    en: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    id: Option<Spanned<String>>,
    definition: Option<String>,
    #[serde(default)]
    see: Vec<Spanned<String>>,
    autolink: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawLevel {
    Number(i64),
    Text(String),
}

/// What a page kind requires of its front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// Chapters and modules: `title` is required.
    TitleRequired,
    /// The course home: everything optional.
    AllOptional,
}

/// Parses and validates the YAML of `split` found in the file `path` whose whole text is `text`.
/// Returns the front matter, or every problem found.
pub fn parse(
    path: &Path,
    text: &str,
    split: &Split<'_>,
    requirement: Requirement,
) -> Result<FrontMatter, Vec<Diagnostic>> {
    let Some(yaml) = split.yaml else {
        if requirement == Requirement::TitleRequired {
            return Err(vec![Diagnostic::error(path, 1, 1, "missing front matter: this page needs a title")
                .with_help("start the file with:\n---\ntitle: 章节标题\n---")
                .with_source(text)]);
        }
        return Ok(FrontMatter::default());
    };
    let to_file_line = |yaml_line: u64| yaml_line as usize + split.yaml_line - 1;
    let raw: RawFrontMatter = if yaml.trim().is_empty() {
        RawFrontMatter { title: None, order: None, summary: None, terms: Vec::new() }
    } else {
        serde_saphyr::from_str(yaml).map_err(|e| {
            let (line, column) = e
                .location()
                .filter(|l| l.line() > 0)
                .map_or((split.yaml_line, 1), |l| (to_file_line(l.line()), l.column() as usize));
            vec![Diagnostic::error(path, line, column, yaml_message(&e))
                .with_help(
                    "front matter is YAML; accepted keys: title, order, summary, terms \
                     (each term: name, level, en, aliases, id, definition, see, autolink)",
                )
                .with_source(text)]
        })?
    };
    let mut problems = Vec::new();
    let title = match raw.title {
        Some(t) if !t.value.trim().is_empty() => t.value.trim().to_string(),
        Some(t) => {
            problems.push(
                Diagnostic::error(
                    path,
                    to_file_line(t.referenced.line()),
                    t.referenced.column() as usize,
                    "title is empty",
                )
                .with_source(text),
            );
            String::new()
        }
        None if requirement == Requirement::TitleRequired => {
            problems.push(
                Diagnostic::error(path, split.yaml_line - 1, 1, "front matter has no `title`")
                    .with_help("add a line `title: …` between the `---` lines")
                    .with_source(text),
            );
            String::new()
        }
        None => String::new(),
    };
    let mut terms = Vec::new();
    for raw_term in raw.terms {
        let line = to_file_line(raw_term.referenced.line());
        match validate_term(raw_term.value, line, &to_file_line) {
            Ok(term) => terms.push(term),
            Err(found) => problems.extend(found.into_iter().map(|(line, column, message, help)| {
                let d = Diagnostic::error(path, line, column, message).with_source(text);
                match help {
                    Some(h) => d.with_help(h),
                    None => d,
                }
            })),
        }
    }
    if problems.is_empty() {
        Ok(FrontMatter { title, order: raw.order, summary: raw.summary.map(|s| s.trim().to_string()), terms })
    } else {
        Err(problems)
    }
}

type Problem = (usize, usize, String, Option<String>);

fn validate_term(raw: RawTerm, line: usize, to_file_line: &dyn Fn(u64) -> usize) -> Result<TermDef, Vec<Problem>> {
    let mut problems: Vec<Problem> = Vec::new();
    let name = match raw.name {
        Some(n) if !n.value.trim().is_empty() => Some(n.value.trim().to_string()),
        Some(n) => {
            problems.push((
                to_file_line(n.referenced.line()),
                n.referenced.column() as usize,
                "term name is empty".into(),
                None,
            ));
            None
        }
        None => {
            problems.push((line, 1, "term has no `name`".into(), Some("every term needs `name: …`".into())));
            None
        }
    };
    let level = match raw.level {
        Some(level) => {
            let (l, c) = (to_file_line(level.referenced.line()), level.referenced.column() as usize);
            let parsed = match &level.value {
                RawLevel::Number(n) => Level::from_number(*n),
                RawLevel::Text(t) => Level::parse(t),
            };
            if parsed.is_none() {
                let shown = match &level.value {
                    RawLevel::Number(n) => n.to_string(),
                    RawLevel::Text(t) => format!("\"{t}\""),
                };
                problems.push((l, c, format!("invalid level {shown}"), Some(Level::ACCEPTED.to_string())));
            }
            parsed
        }
        None => {
            problems.push((line, 1, "term has no `level`".into(), Some(Level::ACCEPTED.to_string())));
            None
        }
    };
    let definition = match raw.definition {
        Some(d) if !d.trim().is_empty() => Some(d.trim().to_string()),
        _ => {
            problems.push((
                line,
                1,
                "term has no `definition`".into(),
                Some("add `definition: …` (one paragraph)".into()),
            ));
            None
        }
    };
    let id = raw.id.map(|id| (id.value.trim().to_string(), to_file_line(id.referenced.line())));
    if let Some((id, id_line)) = &id {
        if id.is_empty()
            || id.chars().any(|c| c.is_whitespace() || matches!(c, '#' | '/' | '?' | '"' | '<' | '>' | '%'))
        {
            problems.push((
                *id_line,
                1,
                format!("invalid term id `{id}`"),
                Some("an id is one word: letters, digits, `-` or `_`".into()),
            ));
        }
    }
    match (name, level, definition) {
        (Some(name), Some(level), Some(definition)) if problems.is_empty() => Ok(TermDef {
            name,
            level,
            en: raw.en.map(|e| e.trim().to_string()).filter(|e| !e.is_empty()),
            aliases: raw.aliases.into_iter().map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect(),
            id: id.map(|(id, _)| id),
            definition,
            see: raw.see.into_iter().map(|s| (s.value.trim().to_string(), to_file_line(s.referenced.line()))).collect(),
            autolink: raw.autolink.unwrap_or(true),
            line,
        }),
        _ => Err(problems),
    }
}

/// serde-saphyr's Display draws its own snippet; we keep only the first line, the message.
fn yaml_message(error: &serde_saphyr::Error) -> String {
    let full = error.to_string();
    let first = full.lines().find(|l| !l.trim().is_empty()).unwrap_or("invalid YAML").trim();
    let first = first.strip_prefix("error:").unwrap_or(first).trim();
    format!("invalid front matter: {}", strip_yaml_position(first))
}

/// The YAML parser's own "line 3 column 3:" counts from the YAML block, not the file; the
/// diagnostic already carries the file position, so that part is dropped.
fn strip_yaml_position(message: &str) -> &str {
    let Some(rest) = message.strip_prefix("line ") else { return message };
    let Some((_, after)) = rest.split_once(": ") else { return message };
    let position = &rest[..rest.len() - after.len() - 2];
    if position.split(" column ").all(|n| n.chars().all(|c| c.is_ascii_digit())) {
        after
    } else {
        message
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_position_is_stripped() {
        assert_eq!(strip_yaml_position("line 3 column 3: bad"), "bad");
        assert_eq!(strip_yaml_position("line of text: x"), "line of text: x");
    }

    fn parse_text(text: &str) -> Result<FrontMatter, Vec<Diagnostic>> {
        let s = split(text).expect("closed");
        parse(Path::new("a.md"), text, &s, Requirement::TitleRequired)
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
    fn parses_terms_with_all_level_spellings() {
        let text = "---\ntitle: T\nterms:\n  - name: A\n    level: 1\n    definition: d\n  - name: B\n    level: \"★★\"\n    definition: d\n  - name: C\n    level: 掌握\n    definition: d\n    en: See\n    aliases: [c1]\n    see: [A]\n---\nbody\n";
        let fm = parse_text(text).unwrap();
        assert_eq!(fm.title, "T");
        let levels: Vec<u8> = fm.terms.iter().map(|t| t.level.number()).collect();
        assert_eq!(levels, vec![1, 2, 3]);
        assert_eq!(fm.terms[2].see, vec![("A".to_string(), 15)]);
        assert_eq!(fm.terms[0].line, 4);
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
