//! `coursebook pdf`: the printed handout (`print.html`, and each module's print file or its
//! parts in a large course) printed to PDF by the system's Chromium or Chrome, headless. The
//! handout's CSS does the layout (A4, cover, running heads, page numbers); the browser adds the
//! PDF's outline (bookmarks) from the headings. Nothing is downloaded: without a browser, the
//! error says which package to install.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};

/// Browsers that print to PDF headless, in the order they are looked for on `PATH`.
const BROWSERS: [&str; 5] = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];

/// A PDF written: where, and how big.
#[derive(Debug)]
pub struct Printed {
    /// The PDF file.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
}

/// The browser to print with: `COURSEBOOK_CHROME` when set, else the first of [`BROWSERS`] on
/// `PATH`.
pub fn find_browser() -> Result<PathBuf> {
    if let Some(chosen) = std::env::var_os("COURSEBOOK_CHROME").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(chosen));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .flat_map(|dir| BROWSERS.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| {
            Error::Pdf(
                "no Chromium or Chrome found to print the handout with; install one (Debian/Ubuntu: \
                 `apt install chromium fonts-noto-cjk`, the fonts so that Chinese prints), or set \
                 COURSEBOOK_CHROME to the browser's path"
                    .into(),
            )
        })
}

/// The print files of the built site in `site`, the handout first, as the build listed them
/// ([`Report::print_files`](crate::site::Report)): each must be there.
fn print_files(site: &Path, files: &[String]) -> Result<Vec<PathBuf>> {
    if files.is_empty() {
        return Err(Error::Pdf("no print file to print: the build lists none".into()));
    }
    files
        .iter()
        .map(|file| {
            let path = site.join(file);
            if path.is_file() {
                Ok(path)
            } else {
                Err(Error::Pdf(format!(
                    "{} is missing: build the course first",
                    crate::diagnostic::display_path(&path)
                )))
            }
        })
        .collect()
}

/// The PDF of the module print file `print_file` (`print-pre-2.html`) beside the handout's
/// PDF, whose name without `.pdf` is `handout_stem`: `course-print-pre-2.pdf`.
pub(crate) fn module_pdf_name(handout_stem: &str, print_file: &str) -> String {
    let name = print_file.strip_suffix(".html").unwrap_or(print_file);
    format!("{handout_stem}-{name}.pdf")
}

/// Where the PDF of the print file `html` goes: `out` for the handout, and beside it, named
/// after the module's file, for a module's print file or part (`course-print-m1.pdf`,
/// `course-print-m1-2.pdf` beside `course.pdf`).
fn pdf_path(html: &Path, out: &Path) -> PathBuf {
    let name = html.file_name().and_then(|s| s.to_str()).unwrap_or(crate::render::links::HANDOUT);
    if name == crate::render::links::HANDOUT {
        return out.to_path_buf();
    }
    let stem = out.file_stem().and_then(|s| s.to_str()).unwrap_or("course");
    out.with_file_name(module_pdf_name(stem, name))
}

/// Prints the handout of the built site in `site` (and a large course's module files beside
/// it), its print files listed in reading order in `files`, to `out`, by default `course.pdf`
/// in the site, where the home page offers it (and the modules' PDFs after it). The build calls
/// it on its staging folder for `[output.pdf]`; `coursebook pdf` on the built site.
pub fn print_handout(site: &Path, files: &[String], out: Option<&Path>) -> Result<Vec<Printed>> {
    let browser = find_browser()?;
    let out = out.map_or_else(|| site.join(crate::content::url::PDF_FILE), Path::to_path_buf);
    print_files(site, files)?.iter().map(|html| print_to_pdf(&browser, html, &pdf_path(html, &out))).collect()
}

/// Prints `html` to the PDF `out` with `browser`, and returns its size.
fn print_to_pdf(browser: &Path, html: &Path, out: &Path) -> Result<Printed> {
    let html = std::fs::canonicalize(html).map_err(|e| Error::io(html, e))?;
    if let Some(folder) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
    }
    let _ = std::fs::remove_file(out);
    let mut print_to = std::ffi::OsString::from("--print-to-pdf=");
    print_to.push(out.as_os_str());
    let output = Command::new(browser)
        .args(["--headless", "--disable-gpu", "--no-pdf-header-footer", "--generate-pdf-document-outline"])
        // The page is the course's own file; the sandbox cannot start as root (containers, CI).
        .arg("--no-sandbox")
        .args(["--disable-extensions", "--no-first-run", "--allow-file-access-from-files"])
        .arg(print_to)
        .arg(url_of(&html))
        .output()
        .map_err(|e| Error::Pdf(format!("could not run {}: {e}", browser.display())))?;
    match std::fs::metadata(out) {
        Ok(meta) if meta.len() > 0 => Ok(Printed { path: out.to_path_buf(), bytes: meta.len() }),
        _ => {
            let said = String::from_utf8_lossy(&output.stderr);
            let last = said.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no message");
            Err(Error::Pdf(format!("{} did not write {} ({last})", browser.display(), out.display())))
        }
    }
}

/// `file://` URL of an absolute path, its bytes percent-encoded where a URL needs it.
fn url_of(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut url = String::from("file://");
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_file_prints_beside_the_handout() {
        let out = Path::new("/x/course.pdf");
        assert_eq!(pdf_path(Path::new("/s/print.html"), out), PathBuf::from("/x/course.pdf"));
        assert_eq!(pdf_path(Path::new("/s/print-m1.html"), out), PathBuf::from("/x/course-print-m1.pdf"));
    }

    #[test]
    fn file_urls_are_encoded() {
        assert_eq!(url_of(Path::new("/a b/课.html")), "file:///a%20b/%E8%AF%BE.html");
    }
}
