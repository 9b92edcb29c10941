//! The theme: Tera templates and static files. The default theme is embedded in the binary so
//! the tool works anywhere; a course's `themes/<name>/` replaces it file by file.

use std::path::Path;

use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use crate::content::boundary::Boundary;
use crate::error::{Error, Result};
use crate::markup::PageIds;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where theme static files go in the site.
pub(crate) const STATIC_DIR: &str = crate::content::url::THEME_DIR;

/// Compiled templates and the static files to copy.
pub(crate) struct Theme {
    /// Compiled templates, the default themes with the courses own replacing them by name.
    pub(crate) tera: tera::Tera,
    /// The ids the templates write for the page's own elements, which headings and glossary
    /// entries leave to them.
    pub(crate) page_ids: PageIds,
    /// (path relative to the theme's static/ folder, contents)
    pub(crate) static_files: Vec<(String, Vec<u8>)>,
}

/// Loads the embedded default theme, then the course's overrides from `theme_dir`. Files are
/// read only from inside the course (`boundary`); `course_root` shortens paths in messages.
pub(crate) fn load(theme_dir: Option<&Path>, boundary: &Boundary, course_root: &Path) -> Result<Theme> {
    let mut templates: Vec<(String, String)> = embedded_files("templates")
        .into_iter()
        .map(|(name, bytes)| (name, String::from_utf8_lossy(&bytes).into_owned()))
        .collect();
    let mut static_files = embedded_files("static");
    if let Some(dir) = theme_dir {
        let files_below = |folder: &str| files_below(&dir.join(folder), boundary, course_root);
        for (name, bytes) in files_below("templates")? {
            let text = String::from_utf8(bytes)
                .map_err(|_| Error::Template { name: name.clone(), message: "template is not valid UTF-8".into() })?;
            replace_or_add(&mut templates, name, text);
        }
        for (name, bytes) in files_below("static")? {
            replace_or_add(&mut static_files, name, bytes);
        }
    }
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html"]);
    tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| Error::Template { name: "theme".into(), message: e.to_string() })?;
    let page_ids = page_ids(&templates, &static_files);
    Ok(Theme { tera, static_files, page_ids })
}

/// The ids a theme gives its pages' own elements: those its page templates (`*.html`) write
/// and those its scripts (`*.js`) give the elements they make (the default's tooltip,
/// `term-tip`, and search box, `search-dropdown`).
fn page_ids(templates: &[(String, String)], static_files: &[(String, Vec<u8>)]) -> PageIds {
    let pages = templates.iter().filter(|(name, _)| name.ends_with(".html")).flat_map(|(_, text)| written_ids(text));
    let scripts = static_files
        .iter()
        .filter(|(name, _)| name.ends_with(".js"))
        .flat_map(|(_, bytes)| written_ids(&String::from_utf8_lossy(bytes)));
    PageIds::new(pages.chain(scripts).collect())
}

/// The ids a template or a script writes as they are: `id="main"`, `id='banner'`, `ID=note`,
/// `tip.id = "term-tip"`; not those made from data (`id="{{ term.id }}"`, the terms' and
/// letters' own), nor a comparison (`a.id == "x"`), nor `data-id`.
fn written_ids(text: &str) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let mut ids = Vec::new();
    let mut from = 0;
    while let Some(found) = lower[from..].find("id") {
        let at = from + found;
        from = at + 2;
        if !lower[..at].ends_with(|c: char| c.is_ascii_whitespace() || c == '.') {
            continue;
        }
        let Some(value) = lower[from..].trim_start().strip_prefix('=') else { continue };
        let value = value.trim_start();
        let start = text.len() - value.len();
        let id = match value.chars().next() {
            Some(quote @ ('"' | '\'')) => text[start + 1..].split(quote).next().filter(|_| value[1..].contains(quote)),
            Some('=') | None => None,
            Some(_) => {
                let end =
                    value.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(value.len());
                let ends_tag = value[end..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/');
                (end > 0 && ends_tag).then(|| &text[start..start + end])
            }
        };
        ids.extend(id.filter(|id| !id.is_empty() && !id.contains('{')).map(str::to_string));
    }
    ids
}

fn replace_or_add<T>(list: &mut Vec<(String, T)>, name: String, value: T) {
    match list.iter_mut().find(|(n, _)| *n == name) {
        Some(slot) => slot.1 = value,
        None => list.push((name, value)),
    }
}

fn embedded_files(folder: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    if let Some(dir) = DEFAULT_THEME.get_dir(folder) {
        collect_embedded(dir, folder, &mut out);
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn collect_embedded(dir: &Dir<'static>, prefix: &str, out: &mut Vec<(String, Vec<u8>)>) {
    for file in dir.files() {
        if let Ok(rel) = file.path().strip_prefix(prefix) {
            out.push((rel.to_string_lossy().replace('\\', "/"), file.contents().to_vec()));
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, prefix, out);
    }
}

/// Every file below `dir`, by its `/`-separated path relative to `dir`. Links are followed
/// while they stay inside the course; one that leads outside is an error at its path.
fn files_below(dir: &Path, boundary: &Boundary, course_root: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let mut escapes = Vec::new();
    let mut walker = WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let at = e.path().unwrap_or(dir).to_path_buf();
                match boundary.check(&at) {
                    Err(escape) => escapes.push(escape.diagnostic(at.strip_prefix(course_root).unwrap_or(&at))),
                    Ok(()) => return Err(Error::io(at, e.into())),
                }
                continue;
            }
        };
        if let Err(escape) = boundary.check(entry.path()) {
            escapes.push(escape.diagnostic(entry.path().strip_prefix(course_root).unwrap_or(entry.path())));
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
            out.push((rel.to_string_lossy().replace('\\', "/"), bytes));
        }
    }
    if escapes.is_empty() {
        Ok(out)
    } else {
        Err(Error::Content(escapes))
    }
}
#[cfg(test)]
mod tests {
    #[test]
    fn embedded_names() {
        let names: Vec<String> = super::embedded_files("templates").into_iter().map(|(n, _)| n).collect();
        assert!(names.contains(&"home.html".to_string()), "{names:?}");
    }

    /// The ids that headings and glossary entries leave to the page by default
    /// (`markup::PAGE_IDS`) are those the default theme's templates write: an id added to a
    /// template is taken too.
    #[test]
    fn the_ids_a_page_has_for_itself_are_those_the_default_theme_writes() {
        let templates: Vec<(String, String)> = super::embedded_files("templates")
            .into_iter()
            .map(|(name, bytes)| (name, String::from_utf8(bytes).unwrap()))
            .collect();
        let scripts = super::embedded_files("static");
        assert_eq!(super::page_ids(&templates, &scripts), crate::markup::PageIds::default());
    }

    #[test]
    fn a_template_s_own_ids_are_read_and_those_made_from_data_are_not() {
        let template =
            "<div id=\"banner\"><p\nid='note'>{{ x }}</p><a data-id=\"no\" id=\"{{ term.id }}\" grid=\"x\"></a>";
        assert_eq!(super::written_ids(template), ["banner", "note"]);
        assert!(super::written_ids("<b id=\"open").is_empty(), "an id never closed is none");
        assert_eq!(super::written_ids("<b ID=Bare>x</b><i id = \"spaced\" ></i>"), ["Bare", "spaced"]);
        let script = "tip.id = \"term-tip\"; if (a.id == \"x\") {} el.id = name; el.setAttribute(\"aria-describedby\", \"term-tip\");";
        assert_eq!(super::written_ids(script), ["term-tip"]);
    }
}
