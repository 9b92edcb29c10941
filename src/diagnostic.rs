//! Problems found in a course, as plain values.
//!
//! Every stage (config, content, glossary, render) reports what is wrong with the user's files
//! as [`Diagnostic`]s instead of stopping at the first one, so `build` and `check` can show a
//! contributor everything at once. Rendering them for a terminal happens once, at the CLI edge.

use std::fmt;
use std::path::{Path, PathBuf};

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
    /// The file, as the user would type it (relative to the course root where possible).
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the file as a whole.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub column: usize,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What would be accepted instead, or how to fix it.
    pub help: Option<String>,
    /// The text of the offending line, so the report can show it without re-reading the file.
    pub source_line: Option<String>,
    /// Other places involved (e.g. the first definition of a duplicated term).
    pub related: Vec<Related>,
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
    pub(crate) fn error(path: impl Into<PathBuf>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line,
            column,
            message: message.into(),
            help: None,
            source_line: None,
            related: Vec::new(),
        }
    }

    /// A warning at `path:line:column`.
    pub(crate) fn warning(path: impl Into<PathBuf>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(path, line, column, message) }
    }

    /// Adds what would be valid instead.
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attaches the offending line's text, taken from the file's full text.
    pub(crate) fn with_source(self, file_text: &str) -> Self {
        match self.line.checked_sub(1).and_then(|index| file_text.lines().nth(index)) {
            Some(line) => self.with_source_line(line),
            None => self,
        }
    }

    /// Attaches the offending line's text when the caller already has it (a check walking a
    /// file line by line need not read it from its start again for each problem).
    pub(crate) fn with_source_line(mut self, line: &str) -> Self {
        self.source_line = Some(line.trim_end_matches('\r').to_string());
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
        write!(f, "{}: {kind}: {}", self.location(), self.message)?;
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
    fn line_col_counts_characters_not_bytes() {
        let text = "第一行\n客户满意度 x";
        assert_eq!(line_col(text, 0), (1, 1));
        let x = text.find('x').unwrap();
        assert_eq!(line_col(text, x), (2, 7));
    }

    #[test]
    fn location_omits_unknown_parts() {
        let d = Diagnostic::error("content/a.md", 3, 0, "bad");
        assert_eq!(d.location(), "content/a.md:3");
        let d = Diagnostic::error("book.toml", 0, 0, "bad");
        assert_eq!(d.location(), "book.toml");
    }
}
