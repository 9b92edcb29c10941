//! When each page's source last changed, from the course's git history: the date of the last
//! commit touching the file, shown at the foot of its page and in the sitemap.
//!
//! One `git log` for the whole content folder (`--name-only`, NUL-separated), read once per
//! build, whatever the number of pages. A course outside a git checkout, a machine without git,
//! or a file never committed simply has no date: never an error or a warning.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Serialize;

/// The last commit that changed a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Changed {
    /// The commit's time in seconds since 1970, to keep the latest when commits are out of order.
    #[serde(skip)]
    pub(crate) seconds: i64,
    /// The commit's date and time with the committer's offset (`2026-11-30T10:00:00+08:00`), for
    /// `<time datetime>` and the sitemap's `<lastmod>`.
    pub(crate) datetime: String,
    /// The day in the committer's time zone (`2026-11-30`), as the page shows it.
    pub(crate) date: String,
}

/// The last change of every committed file of the content folder.
#[derive(Debug, Default)]
pub(crate) struct History {
    /// By path relative to the content folder.
    changed: HashMap<PathBuf, Changed>,
}

impl History {
    /// Asks git once for the history of `content_dir`; empty when git is missing, the folder
    /// is not in a git checkout, or git fails in any other way.
    pub(crate) fn read(content_dir: &Path) -> History {
        let output = Command::new("git")
            .arg("-C")
            .arg(content_dir)
            // A user's configuration must not change the output's shape.
            .args(["-c", "log.showSignature=false", "-c", "core.quotePath=false", "log", "-z"])
            // A NUL before each commit: no file name is empty, so a commit always follows one.
            .args(["--format=%x00%ct %cI", "--name-only", "--relative", "--no-color", "--", "."])
            // Run from a git hook, these would point at the hook's repository as it sees it.
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output();
        match output {
            Ok(output) if output.status.success() => History::parse(&output.stdout),
            _ => History::default(),
        }
    }

    /// Reads the output of `git log -z --format=%x00%ct %cI --name-only`: for each commit, an
    /// empty field, then the time and date, then the files it changed (the first after a line
    /// break).
    pub(crate) fn parse(output: &[u8]) -> History {
        let mut changed: HashMap<PathBuf, Changed> = HashMap::new();
        let mut commit: Option<Changed> = None;
        let mut fields = output.split(|&b| b == 0);
        while let Some(field) = fields.next() {
            if field.is_empty() {
                commit = fields.next().and_then(commit_of);
                continue;
            }
            let (Some(commit), Ok(name)) = (&commit, std::str::from_utf8(field)) else { continue };
            let name = name.strip_prefix('\n').unwrap_or(name);
            match changed.get_mut(Path::new(name)) {
                Some(known) if known.seconds >= commit.seconds => {}
                Some(known) => *known = commit.clone(),
                None => {
                    changed.insert(PathBuf::from(name), commit.clone());
                }
            }
        }
        History { changed }
    }

    /// The last change of the file at `source` (relative to the content folder); None when it
    /// was never committed or there is no history.
    pub(crate) fn last_change(&self, source: &Path) -> Option<&Changed> {
        self.changed.get(source)
    }
}

/// A commit's `%ct %cI`: `1796004000 2026-11-30T10:00:00+08:00`.
fn commit_of(field: &[u8]) -> Option<Changed> {
    let text = std::str::from_utf8(field).ok()?;
    let (seconds, datetime) = text.trim().split_once(' ')?;
    let date = datetime.get(..10).filter(|d| d.bytes().all(|b| b.is_ascii_digit() || b == b'-'))?;
    Some(Changed { seconds: seconds.parse().ok()?, datetime: datetime.to_string(), date: date.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_commit_of_each_file_is_kept() {
        let output = b"\x001796058000 2026-12-01T01:00:00+08:00\x00\n01-a/01-x.md\x00\
            \x001796004000 2026-11-30T10:00:00+08:00\x00\n01-a/01-x.md\x0001-a/\xe4\xb8\xad \xe6\x96\x87.md\x00\
            \x001796100000 2026-12-01T12:40:00+08:00\x00";
        let history = History::parse(output);
        let x = history.last_change(Path::new("01-a/01-x.md")).unwrap();
        assert_eq!((x.date.as_str(), x.datetime.as_str()), ("2026-12-01", "2026-12-01T01:00:00+08:00"));
        let chinese = history.last_change(Path::new("01-a/中 文.md")).unwrap();
        assert_eq!(chinese.date, "2026-11-30");
        assert_eq!(history.last_change(Path::new("01-a/index.md")), None);
    }

    #[test]
    fn a_commit_out_of_order_does_not_hide_a_later_one() {
        let output = b"\x00100 1970-01-01T00:01:40+00:00\x00\na.md\x00\x00200 1970-01-01T00:03:20+00:00\x00\na.md\x00";
        assert_eq!(History::parse(output).last_change(Path::new("a.md")).unwrap().seconds, 200);
    }

    #[test]
    fn output_that_is_not_a_history_gives_no_dates() {
        for output in [&b""[..], b"fatal: not a git repository", b"\x00garbage\x00\na.md\x00"] {
            assert!(History::parse(output).changed.is_empty());
        }
    }
}
