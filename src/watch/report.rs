//! What the watch loop tells its caller: one [`BuildEvent`] per build, with the changes that
//! triggered it, through a [`Reporter`] (the CLI, which alone prints); the one-line summary of
//! each build, and a failed build's errors as plain text for the browser's overlay.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::diagnostic::display_path;
use crate::error::{Error, Result};
use crate::site::Report;

/// Changed paths named in a rebuild's log line; the rest are counted.
const LOGGED_CHANGES: usize = 5;

/// Where to show what the loop does. The CLI implements it; the library never prints.
pub trait Reporter: Send + Sync {
    /// One build finished (the first one, or a rebuild after changes), well or not.
    fn finished(&self, event: &BuildEvent);
    /// Progress worth a line (suppressed by `-q`).
    fn info(&self, message: &str);
    /// Something went wrong that does not stop the loop.
    fn warn(&self, message: &str);
    /// The server is listening at `url` (printed on stdout, even with `-q`).
    fn serving(&self, url: &str);
}

/// One build of the loop, with what triggered it.
#[derive(Debug)]
pub struct BuildEvent {
    /// The changed paths, relative to the course root; empty for the first build.
    pub changes: Vec<Change>,
    /// The build's report, or why it failed (the last good site then stays in place).
    pub result: Result<Report>,
    /// Wall-clock time of the build, shown in the log line.
    pub elapsed: Duration,
    /// The folder the site is (or would have been) written to.
    pub build_dir: PathBuf,
}

/// One changed path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// Relative to the course root where possible.
    pub path: PathBuf,
    /// The path no longer exists (deleted, or the old name of a rename).
    pub removed: bool,
}

impl BuildEvent {
    /// The log line: what changed, what the build did, how long it took.
    pub fn summary(&self) -> String {
        let pages = self.result.as_ref().ok().map(|report| (report.rendered, report.pages));
        summary_line(&self.changes, pages, self.elapsed, &self.build_dir)
    }
}

/// The log line of a build: `pages` (re-rendered, in all) is `None` when it failed.
fn summary_line(changes: &[Change], pages: Option<(usize, usize)>, elapsed: Duration, build_dir: &Path) -> String {
    let ms = elapsed.as_secs_f64() * 1000.0;
    let outcome = match (pages, changes.is_empty()) {
        (Some((_, all)), true) => format!("built {all} pages into {} in {ms:.0} ms", display_path(build_dir)),
        (Some((rendered, all)), false) if rendered < all => {
            format!("rebuilt {rendered} of {all} pages in {ms:.0} ms")
        }
        (Some((_, all)), false) => format!("rebuilt {all} pages in {ms:.0} ms"),
        (None, true) => format!("build failed in {ms:.0} ms; waiting for changes"),
        (None, false) => format!("rebuild failed in {ms:.0} ms; keeping the last good site"),
    };
    if changes.is_empty() {
        return outcome;
    }
    let mut names: Vec<String> = changes
        .iter()
        .take(LOGGED_CHANGES)
        .map(|c| {
            let name = display_path(&c.path);
            if c.removed {
                format!("{name} (removed)")
            } else {
                name
            }
        })
        .collect();
    if changes.len() > LOGGED_CHANGES {
        names.push(format!("and {} more", changes.len() - LOGGED_CHANGES));
    }
    format!("changed: {} → {outcome}", names.join(", "))
}

/// The text of a failed build as plain lines (`file:line:col: error: message (help: …)`), for a
/// browser overlay; the terminal gets the richer rendering of the CLI. Warnings are only counted.
pub(crate) fn plain_error(error: &Error) -> String {
    match error {
        Error::Content(diagnostics) => {
            let errors: Vec<String> = diagnostics.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect();
            let warnings = diagnostics.len() - errors.len();
            let mut text = errors.join("\n");
            match warnings {
                0 => {}
                1 => text.push_str("\n(1 warning too: see the terminal)"),
                n => text.push_str(&format!("\n({n} warnings too: see the terminal)")),
            }
            text
        }
        other => match other.code() {
            Some(code) => format!("error[{code}]: {}", other.with_causes()),
            None => format!("error: {}", other.with_causes()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_names_the_changes_and_the_time() {
        let changes = vec![
            Change { path: PathBuf::from("content/01-m/01-a.md"), removed: false },
            Change { path: PathBuf::from("content/01-m/02-b.md"), removed: true },
        ];
        let book = Path::new("/c/book");
        assert_eq!(
            summary_line(&changes, Some((9, 9)), Duration::from_millis(42), book),
            "changed: content/01-m/01-a.md, content/01-m/02-b.md (removed) → rebuilt 9 pages in 42 ms"
        );
        assert_eq!(
            summary_line(&changes[..1], Some((1, 9)), Duration::from_millis(4), book),
            "changed: content/01-m/01-a.md → rebuilt 1 of 9 pages in 4 ms"
        );
        assert_eq!(
            summary_line(&[], Some((9, 9)), Duration::from_millis(42), book),
            "built 9 pages into /c/book in 42 ms"
        );
        let many: Vec<Change> =
            (0..7).map(|i| Change { path: PathBuf::from(format!("content/{i}.md")), removed: false }).collect();
        let line = summary_line(&many, None, Duration::from_millis(5), book);
        assert!(line.contains("content/4.md, and 2 more → rebuild failed in 5 ms"), "{line}");
    }

    #[test]
    fn plain_error_lists_every_diagnostic_with_its_place() {
        use crate::diagnostic::{Code, Diagnostic};
        let error = Error::Content(vec![
            Diagnostic::error(Code::FmYaml, "content/a.md", 3, 5, "bad yaml").with_help("close the list"),
            Diagnostic::warning(Code::TermUnused, "content/a.md", 9, 1, "unused term"),
            Diagnostic::error(Code::TitleMissing, "content/b.md", 1, 0, "no title"),
        ]);
        assert_eq!(
            plain_error(&error),
            "content/a.md:3:5: error[CB-FM-YAML]: bad yaml (help: close the list)\n\
             content/b.md:1: error[CB-TITLE-MISSING]: no title\n(1 warning too: see the terminal)"
        );
    }
}
