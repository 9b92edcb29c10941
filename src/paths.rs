//! Paths as the file system will see them: made absolute, `.` and `..` resolved, and symbolic
//! links followed, so that "is the build folder inside the content folder?" has one answer
//! however the teacher wrote the path.

use std::path::{Component, Path, PathBuf};

/// `path` joined onto `base` when relative, with `.` and `..` resolved in the text.
pub(crate) fn absolute(base: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        normalize(path)
    } else {
        normalize(&base.join(path))
    }
}

/// Resolves `.` and `..` in the text of a path, without looking at the disk.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Where an absolute path really leads: its longest existing ancestor with every symbolic link
/// followed, then the rest of the path as written (it does not exist yet).
pub(crate) fn real_path(path: &Path) -> PathBuf {
    let mut existing = normalize(path);
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(&existing) {
            return rest.iter().rev().fold(real, |acc: PathBuf, part| acc.join(part));
        }
        match (existing.file_name().map(ToOwned::to_owned), existing.parent().map(Path::to_path_buf)) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent;
            }
            _ => return normalize(path),
        }
    }
}

/// Whether `path` itself is a symbolic link (not following it).
pub(crate) fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dots_are_resolved() {
        assert_eq!(absolute(Path::new("/a/b"), Path::new("../c/./d")), PathBuf::from("/a/c/d"));
        assert_eq!(absolute(Path::new("/a"), Path::new("/x/../y")), PathBuf::from("/y"));
    }

    #[cfg(unix)]
    #[test]
    fn links_of_existing_ancestors_are_followed() {
        let dir = tempfile::tempdir().unwrap();
        let real = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir(real.join("content")).unwrap();
        std::os::unix::fs::symlink(real.join("content"), real.join("link")).unwrap();
        assert_eq!(real_path(&real.join("link/out/site")), real.join("content/out/site"));
        assert!(is_link(&real.join("link")));
        assert!(!is_link(&real.join("content")));
    }
}
