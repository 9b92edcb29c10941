//! The course's boundary: coursebook reads content and theme files only from inside the course.
//!
//! A symbolic link is followed when its target is inside the course folder (or inside the
//! content folder, when `[book] src` puts it elsewhere); a link that leads outside, or nowhere,
//! is an error at the link's own path. A pull request can add a link to `/etc/passwd`: it must
//! never end up in the published site.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic};

/// The folders that files may be read from, with every link in their own path resolved.
#[derive(Debug, Clone, Default)]
pub(crate) struct Boundary {
    roots: Vec<PathBuf>,
}

/// Why a path may not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Escape {
    /// A link whose target is outside the course.
    Outside(PathBuf),
    /// A link whose target does not exist (or cannot be resolved).
    Dangling,
}

impl Boundary {
    /// The boundary of a course: its root folder and its content folder.
    pub(crate) fn of(config: &Config) -> Boundary {
        let mut roots: Vec<PathBuf> =
            [&config.root, &config.content_dir].into_iter().filter_map(|dir| std::fs::canonicalize(dir).ok()).collect();
        roots.dedup();
        Boundary { roots }
    }

    /// Checks a path found while walking the course: a link must resolve inside the boundary;
    /// anything else (a file, a folder) is inside by construction.
    pub(crate) fn check(&self, path: &Path) -> Result<(), Escape> {
        if !crate::paths::is_link(path) {
            return Ok(());
        }
        match std::fs::canonicalize(path) {
            Ok(real) if self.roots.iter().any(|root| real.starts_with(root)) => Ok(()),
            Ok(real) => Err(Escape::Outside(real)),
            Err(_) => Err(Escape::Dangling),
        }
    }
}

impl Escape {
    /// The error reported at the link's path (`display` is the path as the teacher sees it).
    pub(crate) fn diagnostic(&self, display: &Path) -> Diagnostic {
        match self {
            Escape::Outside(target) => Diagnostic::error(
                Code::SymlinkOutside,
                display,
                0,
                0,
                format!(
                    "this is a link to `{}`, outside the course; only files inside the course folder are published",
                    target.display()
                ),
            )
            .with_help("copy the file into the course instead of linking to it, or remove the link"),
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
        let boundary = Boundary { roots: vec![std::fs::canonicalize(dir.path()).unwrap()] };
        assert_eq!(boundary.check(&dir.path().join("inside.txt")), Ok(()));
        assert_eq!(boundary.check(&dir.path().join("in")), Ok(()));
        assert!(matches!(boundary.check(&dir.path().join("out")), Err(Escape::Outside(_))));
        assert_eq!(boundary.check(&dir.path().join("dangling")), Err(Escape::Dangling));
    }
}
