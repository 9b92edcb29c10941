//! The course's boundary: coursebook reads content files only from the content folder, and
//! theme files only from the themes folder.
//!
//! A symbolic link in the content is followed when its target is inside the content folder; in
//! a theme, when it is inside the themes folder or the content folder. A link that leads
//! elsewhere, or nowhere, is an error at the link's own path. A pull request can add a link to
//! `/etc/passwd`, or to the course's own `.git/config` (where a CI checkout may keep its access
//! token), `book.toml` or a private folder beside the content: none may end up in the
//! published site.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic};

/// The folders that files may be read from, with every link in their own path resolved.
#[derive(Debug, Clone, Default)]
pub(crate) struct Boundary {
    roots: Vec<PathBuf>,
    /// The folders named as a teacher knows them, for messages ("content folder").
    named: &'static str,
}

/// Why a path may not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Escape {
    /// A link whose target is outside the boundary, which is named as in messages.
    Outside(PathBuf, &'static str),
    /// A link whose target does not exist (or cannot be resolved).
    Dangling,
}

impl Boundary {
    /// The boundary of a course's content: its content folder, nothing else of the course.
    pub(crate) fn of_content(config: &Config) -> Boundary {
        Boundary::within(&[&config.content_dir], "content folder")
    }

    /// The boundary of a course's theme: its themes folder, and its content folder (a theme
    /// may use a picture of the course).
    pub(crate) fn of_theme(config: &Config) -> Boundary {
        Boundary::within(&[&config.folders().themes_dir, &config.content_dir], "themes and content folders")
    }

    fn within(dirs: &[&Path], named: &'static str) -> Boundary {
        let mut roots: Vec<PathBuf> = dirs.iter().filter_map(|dir| std::fs::canonicalize(dir).ok()).collect();
        roots.dedup();
        Boundary { roots, named }
    }

    /// Checks a path found while walking the course: a link must resolve inside the boundary;
    /// anything else (a file, a folder) is inside by construction.
    pub(crate) fn check(&self, path: &Path) -> Result<(), Escape> {
        if !crate::paths::is_link(path) {
            return Ok(());
        }
        match std::fs::canonicalize(path) {
            Ok(real) if self.roots.iter().any(|root| real.starts_with(root)) => Ok(()),
            Ok(real) => Err(Escape::Outside(real, self.named)),
            Err(_) => Err(Escape::Dangling),
        }
    }
}

impl Escape {
    /// The error reported at the link's path (`display` is the path as the teacher sees it).
    pub(crate) fn diagnostic(&self, display: &Path) -> Diagnostic {
        match self {
            Escape::Outside(target, named) => Diagnostic::error(
                Code::SymlinkOutside,
                display,
                0,
                0,
                format!(
                    "this is a link to `{}`, outside the course's {named}; only files inside the {named} are published",
                    target.display(),
                ),
            )
            .with_help(format!("copy the file into the {named} instead of linking to it, or remove the link")),
            Escape::Dangling => {
                Diagnostic::error(Code::SymlinkDangling, display, 0, 0, "this is a link to a file that does not exist")
                    .with_help("remove the link, or copy the file it should point to into the course")
            }
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_are_followed_only_inside() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "x").unwrap();
        std::fs::write(dir.path().join("inside.txt"), "y").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), dir.path().join("out")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("inside.txt"), dir.path().join("in")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("missing"), dir.path().join("dangling")).unwrap();
        let boundary = Boundary::within(&[dir.path()], "content folder");
        assert_eq!(boundary.check(&dir.path().join("inside.txt")), Ok(()));
        assert_eq!(boundary.check(&dir.path().join("in")), Ok(()));
        assert!(matches!(boundary.check(&dir.path().join("out")), Err(Escape::Outside(_, "content folder"))));
        assert_eq!(boundary.check(&dir.path().join("dangling")), Err(Escape::Dangling));
    }
}
