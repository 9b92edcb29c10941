//! Atomic output: the site is written into a temporary folder beside the build folder and
//! swapped in only when everything succeeded, so a failed build leaves the previous site intact.
//!
//! The build folder is replaced only if it is empty or was made by coursebook (it holds the
//! marker file); anything else is refused, so a mistyped `--dest` can never delete user files.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::paths;

/// Marks a folder as coursebook's output, safe to replace on the next build.
pub(crate) const MARKER: &str = ".coursebook-build";

/// A site being written. Dropping it without [`Staging::commit`] removes the temporary folder.
///
/// An incremental rebuild (watch, serve) uses [`Staging::in_place`] instead: each file is
/// written beside its final path and renamed over it, so every file is always whole.
pub(crate) struct Staging {
    temp: PathBuf,
    dest: PathBuf,
    committed: bool,
    in_place: bool,
}

/// A file of the site written piece by piece; [`OutFile::finish`] makes it visible.
pub(crate) struct OutFile {
    /// Where to write the file's contents; nothing is visible at the final path until `finish`.
    /// (Declared before `scratch`: closed before the scratch file is removed.)
    pub(crate) writer: std::io::BufWriter<std::fs::File>,
    scratch: Scratch,
}

impl OutFile {
    /// Flushes the file and, in place, renames it over the old one.
    pub(crate) fn finish(mut self) -> Result<()> {
        use std::io::Write as _;
        self.writer.flush().map_err(|e| Error::io(&self.scratch.written, e))?;
        drop(self.writer);
        self.scratch.into_place()
    }

    /// The path being written, for error messages.
    pub(crate) fn path(&self) -> &Path {
        &self.scratch.written
    }
}

/// A file being written, and where it is to be seen. In place (an incremental rebuild) it is
/// written beside that path, and removed when dropped before [`Scratch::into_place`]: a write
/// that fails, or a file left unfinished by an error, leaves no `.NAME.tmp-PID` in the site.
/// Staged, both paths are one (the whole temporary folder goes when the build fails).
struct Scratch {
    written: PathBuf,
    final_path: PathBuf,
    placed: bool,
}

impl Scratch {
    /// Makes the file visible at its final path (a rename that fails removes it, as a drop).
    fn into_place(mut self) -> Result<()> {
        if self.written != self.final_path {
            std::fs::rename(&self.written, &self.final_path).map_err(|e| Error::io(&self.final_path, e))?;
        }
        self.placed = true;
        Ok(())
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !self.placed && self.written != self.final_path {
            let _ = std::fs::remove_file(&self.written);
        }
    }
}

/// Creates the file at `path`, and its folder when it has none yet: the folder is made once,
/// for its first file, not asked for again for each of thousands of pages.
fn create_file(path: &Path) -> Result<std::fs::File> {
    match std::fs::File::create(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            std::fs::File::create(path)
        }
        created => created,
    }
    .map_err(|e| Error::io(path, e))
}

impl Staging {
    /// The folder being written (the temporary one, or the site itself in place), for a tool
    /// that writes into it on its own (the browser printing the handout to PDF).
    pub(crate) fn folder(&self) -> &Path {
        &self.temp
    }

    /// Checks that `dest` may be replaced and creates the temporary folder beside it.
    /// `protected` are folders the output must never be, nor contain (the course, its content).
    /// A `dest` that is a symbolic link is followed: the site replaces the link's target, and
    /// the link stays.
    pub(crate) fn begin(dest: &Path, protected: &[&Path]) -> Result<Staging> {
        let dest = absolute(dest);
        for p in protected {
            let p = absolute(p);
            if p.starts_with(&dest) {
                return Err(Error::UnsafeOutput {
                    path: dest,
                    reason: format!(
                        "the build folder would contain {}; choose another --dest or build-dir",
                        p.display()
                    ),
                });
            }
        }
        ensure_replaceable(&dest)?;
        let parent = dest
            .parent()
            .ok_or_else(|| Error::UnsafeOutput { path: dest.clone(), reason: "has no parent folder".into() })?;
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        remove_stale(parent, &folder_name(&dest));
        let temp = parent.join(scratch_name(&dest, "tmp"));
        if temp.exists() {
            remove_tree(&temp)?;
        }
        // Named as the author gave it: the folder written first is a scratch one beside it
        // (`/proc/x` said `/proc/.x.tmp-PID: it does not exist`).
        std::fs::create_dir_all(&temp).map_err(|e| Error::UnsafeOutput {
            reason: format!(
                "no build folder can be made there (the system says: {}); choose another --dest or build-dir",
                crate::error::io_in_words(&e)
            ),
            path: dest.clone(),
        })?;
        Ok(Staging { temp, dest, committed: false, in_place: false })
    }

    /// Writes straight into an existing site, one whole file at a time (incremental rebuilds).
    pub(crate) fn in_place(dest: &Path) -> Staging {
        Staging { temp: dest.to_path_buf(), dest: dest.to_path_buf(), committed: true, in_place: true }
    }

    /// Where a file is written before it is visible: beside its final path when in place.
    fn scratch_path(&self, path: &Path) -> PathBuf {
        if self.in_place {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
        } else {
            path.to_path_buf()
        }
    }

    /// Writes one file of the site (`relative` uses `/`).
    /// Written straight from `contents`, through no buffer: a page is written in one call.
    pub(crate) fn write(&self, relative: &str, contents: &[u8]) -> Result<()> {
        use std::io::Write as _;
        let scratch = self.scratch(relative);
        let mut file = create_file(&scratch.written)?;
        file.write_all(contents).map_err(|e| Error::io(&scratch.written, e))?;
        drop(file);
        scratch.into_place()
    }

    /// Opens one file of the site for writing piece by piece (large pages are streamed).
    pub(crate) fn create(&self, relative: &str) -> Result<OutFile> {
        let scratch = self.scratch(relative);
        let file = create_file(&scratch.written)?;
        Ok(OutFile { writer: std::io::BufWriter::with_capacity(64 * 1024, file), scratch })
    }

    /// The file at `relative`, where it is written and where it is to be seen.
    fn scratch(&self, relative: &str) -> Scratch {
        let final_path = self.temp.join(relative);
        Scratch { written: self.scratch_path(&final_path), final_path, placed: false }
    }

    /// Copies a file into the site as it is (through [`Staging::create`], so that in place
    /// the copy too becomes visible whole).
    pub(crate) fn copy(&self, relative: &str, source: &Path) -> Result<()> {
        let mut input = std::fs::File::open(source).map_err(|e| Error::io(source, e))?;
        let mut file = self.create(relative)?;
        std::io::copy(&mut input, &mut file.writer).map_err(|e| Error::io(source, e))?;
        file.finish()
    }

    /// Every file written so far, as (`/`-separated path in the site, where it is now), sorted
    /// by path: what the site's zip holds. The scratch files of an in-place rebuild are left out.
    pub(crate) fn files(&self) -> Result<Vec<(String, PathBuf)>> {
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(&self.temp).sort_by_file_name() {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(&self.temp).to_path_buf();
                Error::io(path, e.into())
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(relative) = entry.path().strip_prefix(&self.temp) else { continue };
            let relative = relative.to_string_lossy().replace('\\', "/");
            let scratch =
                relative.rsplit('/').next().is_some_and(|name| name.starts_with('.') && name.contains(".tmp-"));
            if !scratch && relative != MARKER {
                files.push((relative, entry.into_path()));
            }
        }
        Ok(files)
    }

    /// The size in bytes of a file written so far (`relative` uses `/`); None when there is none.
    pub(crate) fn size(&self, relative: &str) -> Option<u64> {
        std::fs::metadata(self.temp.join(relative)).ok().filter(std::fs::Metadata::is_file).map(|m| m.len())
    }

    /// Opens a file written so far, to read it back (the EPUB takes the course's images from
    /// their copies in the site).
    pub(crate) fn open(&self, relative: &str) -> Result<std::fs::File> {
        let path = self.temp.join(relative);
        std::fs::File::open(&path).map_err(|e| Error::io(&path, e))
    }

    /// Swaps the new site in place of the old one (nothing to do when writing in place).
    /// All or nothing: when the swap fails, the old site is put back and the error returned;
    /// once the new site is in place the build has succeeded, and an old site that cannot be
    /// removed is left for the next build to remove (see [`remove_stale`]).
    pub(crate) fn commit(mut self) -> Result<PathBuf> {
        if self.in_place {
            return Ok(self.dest.clone());
        }
        self.write(MARKER, b"This folder is generated by coursebook and replaced on every build.\n")?;
        let old = self.temp.with_file_name(scratch_name(&self.dest, "old"));
        let had_old = self.dest.exists();
        if had_old {
            std::fs::rename(&self.dest, &old).map_err(|e| Error::io(&self.dest, e))?;
        }
        if let Err(e) = std::fs::rename(&self.temp, &self.dest) {
            if had_old {
                let _ = std::fs::rename(&old, &self.dest);
            }
            return Err(Error::io(&self.dest, e));
        }
        self.committed = true;
        if had_old && remove_tree(&old).is_err() {
            make_writable(&old);
            let _ = remove_tree(&old);
        }
        Ok(self.dest.clone())
    }
}

/// The build folder's own name (`book`), which its temporary siblings are named after.
fn folder_name(dest: &Path) -> String {
    dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "book".into())
}

/// `.book.tmp-PID` (the site being written) or `.book.old-PID` (the site being replaced).
fn scratch_name(dest: &Path, kind: &str) -> String {
    format!(".{}.{kind}-{}", folder_name(dest), std::process::id())
}

/// Removes the `.NAME.tmp-PID` and `.NAME.old-PID` folders that builds which were killed (or
/// could not remove an old site) left beside the build folder. Folders of a build that is
/// still running (its process exists) are left alone; failures are ignored, the next build
/// tries again.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name.to_str().and_then(|n| stale_pid(n, name)) else { continue };
        if pid != std::process::id() && !process_alive(pid) {
            let path = entry.path();
            if remove_tree(&path).is_err() {
                make_writable(&path);
                let _ = remove_tree(&path);
            }
        }
    }
}

/// The process id in `.NAME.tmp-PID` or `.NAME.old-PID`; None for any other name.
fn stale_pid(file_name: &str, name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix('.')?.strip_prefix(name)?;
    let pid = rest.strip_prefix(".tmp-").or_else(|| rest.strip_prefix(".old-"))?;
    pid.parse().ok()
}

/// Whether a process with this id exists. Where that cannot be known (no `/proc`), every
/// process counts as alive, so nothing of a running build is ever removed.
fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

/// Gives the owner write permission on every folder below `dir`, so that a read-only folder in
/// an old site does not stop its removal.
fn make_writable(dir: &Path) {
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if entry.file_type().is_dir() {
            if let Ok(meta) = entry.metadata() {
                let mut permissions = meta.permissions();
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt as _;
                    permissions.set_mode(permissions.mode() | 0o700);
                }
                #[cfg(not(unix))]
                #[allow(clippy::permissions_set_readonly_false)]
                permissions.set_readonly(false);
                let _ = std::fs::set_permissions(entry.path(), permissions);
            }
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.temp);
        }
    }
}

/// Removes the previous site, its top-level entries in parallel (a large site has thousands of
/// files, and removing them is a good part of a build's time).
fn remove_tree(dir: &Path) -> Result<()> {
    use rayon::prelude::*;
    let entries: Vec<PathBuf> =
        std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.par_iter().try_for_each(|path| {
        let is_folder = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
        let removed = if is_folder { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) };
        removed.map_err(|e| Error::io(path, e))
    })?;
    std::fs::remove_dir(dir).map_err(|e| Error::io(dir, e))
}

/// Refuses a build folder that is not coursebook's to replace: a file, or a folder with files
/// of someone else's (no marker). `coursebook check` reports the same.
pub(crate) fn ensure_replaceable(dest: &Path) -> Result<()> {
    let dest = &absolute(dest);
    if !dest.exists() {
        return Ok(());
    }
    if !dest.is_dir() {
        return Err(Error::UnsafeOutput {
            path: dest.to_path_buf(),
            reason: "exists and is not a folder; it is left untouched".into(),
        });
    }
    let empty = std::fs::read_dir(dest).map_err(|e| Error::io(dest, e))?.next().is_none();
    if empty || dest.join(MARKER).is_file() {
        return Ok(());
    }
    Err(Error::UnsafeOutput {
        path: dest.to_path_buf(),
        reason: format!(
            "is not empty and was not made by coursebook (no {MARKER} file); refusing to replace it. \
             Choose an empty or new folder with --dest"
        ),
    })
}

/// The absolute path of `path` (relative to the current folder), links followed.
fn absolute(path: &Path) -> PathBuf {
    let current = std::env::current_dir().unwrap_or_default();
    paths::real_path(&paths::absolute(&current, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_in_a_folder_not_made_yet_gets_its_folder_staged_and_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let staged = Staging::begin(&dir.path().join("book"), &[]).unwrap();
        staged.write("a/b/page.html", b"staged").unwrap();
        let mut file = staged.create("c/d/big.html").unwrap();
        std::io::Write::write_all(&mut file.writer, b"streamed").unwrap();
        file.finish().unwrap();
        let book = staged.commit().unwrap();
        assert_eq!(std::fs::read(book.join("a/b/page.html")).unwrap(), b"staged");
        assert_eq!(std::fs::read(book.join("c/d/big.html")).unwrap(), b"streamed");
        Staging::in_place(&book).write("new/folder/page.html", b"in place").unwrap();
        assert_eq!(std::fs::read(book.join("new/folder/page.html")).unwrap(), b"in place");
        assert_eq!(file_names(&book.join("new/folder")), ["page.html"], "no scratch file left");
    }

    #[test]
    fn a_parent_that_is_a_file_is_an_error_naming_a_path_below_it() {
        let (_dir, site) = site_with(&[("m", b"a file")]);
        let staging = Staging::in_place(&site);
        let Err(Error::Io { path, .. }) = staging.write("m/a.html", b"page") else { panic!("an I/O error") };
        assert!(path.starts_with(site.join("m")), "the error names {}", path.display());
        assert!(staging.create("m/b.html").is_err());
        assert_eq!(std::fs::read(site.join("m")).unwrap(), b"a file", "left as it was");
    }

    #[test]
    fn failed_build_leaves_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("book");
        let s = Staging::begin(&dest, &[]).unwrap();
        s.write("index.html", b"v1").unwrap();
        s.commit().unwrap();
        let s = Staging::begin(&dest, &[]).unwrap();
        s.write("index.html", b"v2").unwrap();
        drop(s);
        assert_eq!(std::fs::read(dest.join("index.html")).unwrap(), b"v1");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "temporary folder removed");
    }

    /// A built site, `book` in a new temporary folder (returned, to live as long as the site),
    /// holding `files` (paths in the site, contents).
    fn site_with(files: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("book");
        std::fs::create_dir_all(&site).unwrap();
        for (path, contents) in files {
            let path = site.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, contents).unwrap();
        }
        (dir, site)
    }

    /// The names of the files in `folder`.
    fn file_names(folder: &Path) -> Vec<std::ffi::OsString> {
        let mut names: Vec<_> = std::fs::read_dir(folder).unwrap().map(|e| e.unwrap().file_name()).collect();
        names.sort();
        names
    }

    #[test]
    fn in_place_copies_and_writes_replace_the_file_whole_and_leave_no_scratch_file() {
        let (dir, site) = site_with(&[("assets/pic.png", b"old"), ("assets/a.html", b"old")]);
        let source = dir.path().join("pic.png");
        std::fs::write(&source, b"new picture").unwrap();
        Staging::in_place(&site).copy("assets/pic.png", &source).unwrap();
        Staging::in_place(&site).write("assets/a.html", b"new page").unwrap();
        assert_eq!(std::fs::read(site.join("assets/pic.png")).unwrap(), b"new picture");
        assert_eq!(std::fs::read(site.join("assets/a.html")).unwrap(), b"new page");
        assert_eq!(file_names(&site.join("assets")), ["a.html", "pic.png"], "no scratch file left");
    }

    #[test]
    fn an_in_place_file_left_unfinished_leaves_the_old_file_and_no_scratch_file() {
        let (_dir, site) = site_with(&[("print.html", b"old")]);
        let staging = Staging::in_place(&site);
        let mut file = staging.create("print.html").unwrap();
        std::io::Write::write_all(&mut file.writer, b"half of the new").unwrap();
        assert_eq!(file_names(&site).len(), 2, "written beside the old file");
        drop(file);
        assert_eq!(std::fs::read(site.join("print.html")).unwrap(), b"old");
        assert_eq!(file_names(&site), ["print.html"], "no scratch file left");
    }

    #[test]
    fn refuses_foreign_folder_and_course_root() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        assert!(Staging::begin(dir.path(), &[]).is_err());
        let course = dir.path().join("course");
        assert!(Staging::begin(dir.path(), &[&course]).is_err());
        assert_eq!(std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(), "mine");
    }
}
