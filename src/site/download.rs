//! The downloads: the whole site as one zip (`course-site.zip`) that students pass around and
//! open from a folder, and the list of files the home page offers ([`offered`]), each with its
//! size.
//!
//! The zip is the site without its downloads: each page goes in as it is rendered (compressed
//! in the thread that rendered it, in reading order), every other file once the rest of the
//! site is written (so it holds them all, the service worker too), neither the EPUB nor the
//! PDF nor itself, so the home page inside it offers nothing (its links would lead nowhere).
//! The home page of the site is written again after the zip, offering it with its size.
//!
//! The files written after the pages are compressed in parallel batches and added in path
//! order, so that the zip is the same for the same site, and memory holds one batch at a time.

use std::collections::HashSet;
use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::content::url::{encode_href, EPUB_FILE, PDF_FILE, ZIP_FILE};
use crate::error::{Error, Result};
use crate::labels::Labels;
use crate::pdf::module_pdf_name;
use crate::render::page::Download;
use crate::site::archive::{Archive, Entry};
use crate::site::output::{OutFile, Staging};
use crate::site::print::ModuleFile;

/// The folder every file of the site is in inside the zip, so that unzipping makes one folder.
const ZIP_FOLDER: &str = "course-site";

/// The files the home page may offer, in the order it lists them: each is offered when the
/// build folder has it (the PDF is written by another command, when it is).
fn offerable(labels: &Labels) -> [(&'static str, &'static str); 3] {
    [(EPUB_FILE, labels.download_epub), (PDF_FILE, labels.download_pdf), (ZIP_FILE, labels.download_zip)]
}

/// The downloads the home page offers: those of [`offerable`] that the site has, with their
/// sizes, and after the PDF the PDF of each module print file of a large course that the site
/// has (`modules`, in reading order; the first PDF then holds only the cover, the contents and
/// the glossary when the course has one, and says so).
pub(super) fn offered(
    staging: &Staging,
    labels: &Labels,
    modules: &[ModuleFile<'_>],
    has_glossary: bool,
) -> Vec<Download> {
    let download = |file: &str, label: String| {
        let bytes = staging.size(file)?;
        Some(Download {
            href: encode_href(file),
            label,
            size: labels.download_size.replace("{size}", &human_size(bytes)),
        })
    };
    let handout_stem = PDF_FILE.strip_suffix(".pdf").unwrap_or(PDF_FILE);
    let mut module_pdfs: Vec<Download> = modules
        .iter()
        .filter_map(|m| {
            download(&module_pdf_name(handout_stem, m.file), labels.download_pdf_part.replace("{title}", &m.title))
        })
        .collect();
    let mut offered = Vec::new();
    for (file, label) in offerable(labels) {
        let label = match (file == PDF_FILE && !module_pdfs.is_empty(), has_glossary) {
            (true, true) => labels.download_pdf_handout,
            (true, false) => labels.download_pdf_contents,
            (false, _) => label,
        };
        offered.extend(download(file, label.to_string()));
        if file == PDF_FILE {
            offered.append(&mut module_pdfs);
        }
    }
    offered
}

/// A size as a reader takes it in: `356 KB` below a megabyte, `1.2 MB` (one decimal) above.
fn human_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    if bytes < KB * KB {
        return format!("{} KB", bytes.div_ceil(KB).max(1));
    }
    let tenths = (bytes * 10 + KB * KB / 2) / (KB * KB);
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

/// How many files, and how many bytes, are compressed at once before they are added to the
/// zip, in order: a batch keeps both cores busy, and what it keeps (its files compressed,
/// until they are added: see [`kept_bytes`]) bounds its memory whatever the course's shape.
const BATCH: usize = 64;
const BATCH_BYTES: u64 = 4 * 1024 * 1024;

/// A file that would keep this much alone (a large picture or video, or text of tens of
/// megabytes) is compressed as it is read straight into the zip, on one thread.
const ALONE_BYTES: u64 = 4 * 1024 * 1024;

/// What compressing a file in a batch keeps in memory until it is added: about a quarter of a
/// page the build wrote (its HTML shrinks four to six times, a print file of 10 MB included),
/// all of any other file, whose compressibility is unknown (a contributor's picture, an SVG
/// full of base64, a large JSON file), so that a batch never holds much more than it counts.
fn kept_bytes(name: &str, size: u64) -> u64 {
    if name.ends_with(".html") {
        size / 4
    } else {
        size
    }
}

/// The site's zip while the site is written: each page goes in as it is rendered (compressed
/// in the thread that rendered it, [`zip_entry`]), every other file once the site is written
/// ([`SiteZip::finish`]).
pub(super) struct SiteZip<'w> {
    archive: Archive<&'w mut BufWriter<File>>,
    /// The file being written, for messages.
    path: PathBuf,
    /// The site paths already in the zip.
    added: HashSet<String>,
}

/// A file of the site as an entry of its zip.
pub(super) fn zip_entry(relative: &str, bytes: &[u8]) -> Entry {
    Entry::new(zip_name(relative), bytes)
}

/// The name in the zip of the site's file at `relative`.
fn zip_name(relative: &str) -> String {
    format!("{ZIP_FOLDER}/{relative}")
}

impl<'w> SiteZip<'w> {
    /// Starts the zip in `file` (`course-site.zip`, in the site being written).
    pub(super) fn begin(file: &'w mut OutFile) -> SiteZip<'w> {
        let path = file.path().to_path_buf();
        SiteZip { archive: Archive::new(&mut file.writer), path, added: HashSet::new() }
    }

    /// Adds a file of the site made by [`zip_entry`].
    pub(super) fn add(&mut self, entry: &Entry) -> Result<()> {
        self.archive.add(entry).map_err(|e| Error::io(&self.path, e))?;
        self.added.insert(entry.name().to_string());
        Ok(())
    }

    /// Adds every file of the site not in the zip yet, but the downloads (the EPUB, the PDF,
    /// the zip itself), in path order, and ends the zip. Called once the rest of the site is
    /// written, so that the zip holds it all (the service worker too); the home page inside
    /// it offers no downloads (its links would lead nowhere).
    pub(super) fn finish(mut self, staging: &Staging) -> Result<()> {
        let files: Vec<(String, PathBuf)> = staging
            .files()?
            .into_iter()
            .filter(|(relative, _)| ![EPUB_FILE, PDF_FILE, ZIP_FILE].contains(&relative.as_str()))
            .filter(|(relative, _)| !self.added.contains(&zip_name(relative)))
            .collect();
        let kept = |(relative, source): &(String, PathBuf)| {
            kept_bytes(relative, std::fs::metadata(source).map_or(0, |m| m.len()))
        };
        for run in runs(&files, kept) {
            match run {
                Run::Large((relative, source)) => {
                    let mut input =
                        Reading { file: File::open(source).map_err(|e| Error::io(source, e))?, failed: false };
                    // A failure to read names the file read; any other (a full disk), the zip.
                    self.archive.add_reader(&zip_name(relative), &mut input).map_err(|e| {
                        if input.failed {
                            Error::io(source, e)
                        } else {
                            Error::io(&self.path, e)
                        }
                    })?;
                }
                Run::Batch(batch) => {
                    let prepared: Vec<Result<Entry>> = batch
                        .par_iter()
                        .map(|(relative, source)| {
                            Entry::read(zip_name(relative), source).map_err(|e| Error::io(source, e))
                        })
                        .collect();
                    for entry in prepared {
                        self.archive.add(&entry?).map_err(|e| Error::io(&self.path, e))?;
                    }
                }
            }
        }
        self.archive.finish().map_err(|e| Error::io(&self.path, e))?;
        Ok(())
    }
}

/// A file being read into the zip, remembering whether reading it failed.
struct Reading<R> {
    file: R,
    failed: bool,
}

impl<R: std::io::Read> std::io::Read for Reading<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.file.read(buf).inspect_err(|_| self.failed = true)
    }
}

/// A file compressed on its own as it is read, or a batch of small files compressed together.
#[derive(Debug, PartialEq)]
enum Run<'f, F> {
    Large(&'f F),
    Batch(&'f [F]),
}

/// `files` in order, cut into runs: each file that would keep [`ALONE_BYTES`] or more alone,
/// the others in batches of at most [`BATCH`] files keeping about [`BATCH_BYTES`] (a batch
/// ends with the file that reaches it).
fn runs<F>(files: &[F], kept: impl Fn(&F) -> u64) -> Vec<Run<'_, F>> {
    let mut runs = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, file) in files.iter().enumerate() {
        let file_bytes = kept(file);
        if file_bytes >= ALONE_BYTES {
            if start < i {
                runs.push(Run::Batch(&files[start..i]));
            }
            runs.push(Run::Large(file));
            (start, bytes) = (i + 1, 0);
            continue;
        }
        bytes += file_bytes;
        if i + 1 - start == BATCH || bytes >= BATCH_BYTES {
            runs.push(Run::Batch(&files[start..=i]));
            (start, bytes) = (i + 1, 0);
        }
    }
    if start < files.len() {
        runs.push(Run::Batch(&files[start..]));
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_files_alone_small_ones_in_bounded_batches() {
        const KB: u64 = 1024;
        let sizes = [10 * KB, 3 * ALONE_BYTES, 20 * KB, 30 * KB, ALONE_BYTES, 5 * KB];
        assert_eq!(
            runs(&sizes, |s| *s),
            vec![
                Run::Batch(&sizes[0..1]),
                Run::Large(&sizes[1]),
                Run::Batch(&sizes[2..4]),
                Run::Large(&sizes[4]),
                Run::Batch(&sizes[5..6]),
            ]
        );
        let many = vec![KB; BATCH * 2 + 3];
        let lengths: Vec<usize> =
            runs(&many, |s| *s).iter().map(|r| if let Run::Batch(b) = r { b.len() } else { 0 }).collect();
        assert_eq!(lengths, vec![BATCH, BATCH, 3]);
        let heavy = vec![ALONE_BYTES - 1; 10];
        let bounded = runs(&heavy, |s| *s);
        assert!(bounded.iter().all(|r| matches!(r, Run::Batch(b) if b.len() == 2)), "{bounded:?}");
        assert_eq!(bounded.iter().map(|r| if let Run::Batch(b) = r { b.len() } else { 0 }).sum::<usize>(), 10);
        assert!(runs(&[] as &[u64], |s| *s).is_empty());
    }

    #[test]
    fn a_page_keeps_a_quarter_of_itself_any_other_file_all() {
        const MB: u64 = 1024 * 1024;
        assert_eq!(kept_bytes("print-mod001.html", 9 * MB), 9 * MB / 4);
        assert_eq!(kept_bytes("images/Photo.JPG", 9 * MB), 9 * MB);
        assert_eq!(kept_bytes("images/diagram.svg", 9 * MB), 9 * MB, "text of unknown compressibility counts whole");
        // Two print files of 9 MB are compressed together; a 9 MB photo is streamed alone.
        let files = [("print-mod001.html", 9 * MB), ("print-mod002.html", 9 * MB), ("a.png", 9 * MB)];
        let runs = runs(&files, |(name, size)| kept_bytes(name, *size));
        assert_eq!(runs, vec![Run::Batch(&files[0..2]), Run::Large(&files[2])]);
    }

    #[test]
    fn a_failed_read_is_told_from_a_failed_write() {
        use std::io::Read as _;
        struct Broken;
        impl std::io::Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("unreadable"))
            }
        }
        let mut reading = Reading { file: Broken, failed: false };
        assert!(reading.read(&mut [0; 8]).is_err());
        assert!(reading.failed);
        let mut fine = Reading { file: &b"abc"[..], failed: false };
        let mut out = Vec::new();
        fine.read_to_end(&mut out).unwrap();
        assert!(!fine.failed && out == b"abc");
    }

    #[test]
    fn sizes_in_kilobytes_then_megabytes() {
        assert_eq!(human_size(0), "1 KB");
        assert_eq!(human_size(1), "1 KB");
        assert_eq!(human_size(1024), "1 KB");
        assert_eq!(human_size(1025), "2 KB");
        assert_eq!(human_size(1024 * 1024 - 1), "1024 KB");
        assert_eq!(human_size(1024 * 1024), "1.0 MB");
        assert_eq!(human_size(1_300_000), "1.2 MB");
        assert_eq!(human_size(25 * 1024 * 1024 + 600 * 1024), "25.6 MB");
    }
}
