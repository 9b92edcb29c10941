//! Which places of a course the loop watches, and which changes it ignores. The folders
//! themselves ([`Folders`]) are resolved by `config`, from `book.toml` or, while it cannot be
//! read, from the defaults.

use std::path::{Path, PathBuf};

use notify::RecursiveMode;

use crate::config::{Folders, BOOK_TOML};

/// True when a change at `path` can change the site: `book.toml`, or anything under the
/// content or theme folders, except the build folder, `.git`, editor temp files, the build's
/// own temporary folders, and in the content folder hidden files, which a build never reads
/// (gedit saves through `.goutputstream-…`).
pub(super) fn is_relevant(folders: &Folders, path: &Path) -> bool {
    if path.starts_with(&folders.build_dir) {
        return false;
    }
    if let Ok(in_content) = path.strip_prefix(&folders.content_dir) {
        if in_content.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.')) {
            return false;
        }
    }
    let relative = path.strip_prefix(&folders.root).unwrap_or(path);
    if relative.components().any(|c| is_ignored_name(&c.as_os_str().to_string_lossy())) {
        return false;
    }
    path == folders.root.join(BOOK_TOML)
        || path.starts_with(&folders.content_dir)
        || path.starts_with(&folders.themes_dir)
}

/// The folders to watch: the root alone (for `book.toml`), content and themes recursively.
/// Nested duplicates are dropped (a content folder inside the root's watch, `src = "."`).
pub(super) fn watch_list(folders: &Folders) -> Vec<(PathBuf, RecursiveMode)> {
    let recursive = [&folders.content_dir, &folders.themes_dir];
    let mut list: Vec<(PathBuf, RecursiveMode)> = Vec::new();
    if !recursive.iter().any(|dir| folders.root.starts_with(dir)) {
        list.push((folders.root.clone(), RecursiveMode::NonRecursive));
    }
    for dir in recursive {
        let covered = recursive.iter().any(|other| other != &dir && dir.starts_with(other));
        if !covered && !list.iter().any(|(p, _)| p == dir) {
            list.push((dir.clone(), RecursiveMode::Recursive));
        }
    }
    list
}

/// Names never worth a rebuild: version control, editors' temporary and backup files, and the
/// temporary folders of the atomic output (`.book.tmp-<pid>`, `.book.old-<pid>`).
pub(super) fn is_ignored_name(name: &str) -> bool {
    name == ".git"
        || name == "4913" // vim's probe file
        || name.ends_with('~')
        || name.starts_with(".#") // emacs lock files
        || (name.starts_with('#') && name.ends_with('#')) // emacs autosave
        || [".swp", ".swx", ".swo"].iter().any(|ext| name.ends_with(ext))
        || (name.starts_with('.') && (name.contains(".tmp-") || name.contains(".old-")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Folders {
        Folders {
            root: PathBuf::from("/c"),
            content_dir: PathBuf::from("/c/content"),
            themes_dir: PathBuf::from("/c/themes"),
            build_dir: PathBuf::from("/c/book"),
        }
    }

    #[test]
    fn relevant_paths() {
        let l = layout();
        for path in
            ["/c/book.toml", "/c/content/01-m/01-a.md", "/c/content/新 模块", "/c/themes/t/static/x.css", "/c/content"]
        {
            assert!(is_relevant(&l, Path::new(path)), "{path} is relevant");
        }
        for path in [
            "/c/book/index.html",
            "/c/.book.tmp-123/index.html",
            "/c/.book.old-123",
            "/c/README.md",
            "/c/.git/index",
            "/c/content/.git/HEAD",
            "/c/content/01-m/.01-a.md.swp",
            "/c/content/01-m/01-a.md~",
            "/c/content/01-m/.#01-a.md",
            "/c/content/01-m/#01-a.md#",
            "/c/content/01-m/4913",
            "/c/content/01-m/.goutputstream-Q1W2E3",
            "/c/content/.drafts/01-a.md",
            "/elsewhere/book.toml",
        ] {
            assert!(!is_relevant(&l, Path::new(path)), "{path} is ignored");
        }
    }

    #[test]
    fn build_dir_inside_content_is_ignored() {
        let l = Folders { content_dir: PathBuf::from("/c"), build_dir: PathBuf::from("/c/book"), ..layout() };
        assert!(is_relevant(&l, Path::new("/c/chapter.md")));
        assert!(!is_relevant(&l, Path::new("/c/book/chapter.html")));
    }

    #[test]
    fn watch_list_is_root_alone_plus_folders_recursively() {
        let l = layout();
        assert_eq!(
            watch_list(&l),
            vec![
                (PathBuf::from("/c"), RecursiveMode::NonRecursive),
                (PathBuf::from("/c/content"), RecursiveMode::Recursive),
                (PathBuf::from("/c/themes"), RecursiveMode::Recursive),
            ]
        );
        let whole = Folders { content_dir: PathBuf::from("/c"), ..layout() };
        assert_eq!(watch_list(&whole), vec![(PathBuf::from("/c"), RecursiveMode::Recursive)]);
    }
}
