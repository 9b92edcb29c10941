//! Link rewriting: links and images written to source files (`../02-pre-sale/01-x.md#anchor`)
//! become links to output pages, checked against every page's anchors ([`LinkTargets`]); broken
//! ones and refused addresses are reported at their line. On a print page, links to pages
//! printed in the same file become in-page anchors ([`Placement`], [`PrintLayout`]).

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CowStr, Event, LinkType, Options, Tag};
use rayon::prelude::*;

use crate::content::front_matter::grouped;
use crate::content::url::{decode, encode_href, numeric_prefix, relative_href, resolve_relative};
use crate::content::{Course, Page, PageText};
use crate::diagnostic::{Code, Diagnostic};
use crate::markup::{
    first_local_link, first_refused_url, fnv1a, heading_slug, is_network_path, parse, IdClash, IdOwner, PageIds,
    RefusedUrl, SpacedAddress, Spanned, MAX_EVENTS,
};
use crate::suggest;

/// A page another page may link to: its output path and its anchors.
#[derive(Debug, Clone, Default)]
pub(crate) struct LinkTarget {
    /// The page's output path from the site root, `/`-separated, not percent-encoded.
    pub(crate) url: String,
    /// The page's heading ids, so that `page.md#anchor` links can be checked.
    pub(crate) anchors: HashSet<String>,
}

/// Everything a link may point to in the course, keyed by source path (relative to content/).
#[derive(Debug, Clone, Default)]
pub(crate) struct LinkTargets {
    /// Each page's output path and anchors, keyed by source path relative to the content folder.
    pub(crate) pages: HashMap<PathBuf, LinkTarget>,
    /// Asset source path → site path.
    pub(crate) assets: HashMap<PathBuf, String>,
    /// Pages that failed to load: they exist, so links to them are not reported.
    pub(crate) unchecked: HashSet<PathBuf>,
    /// Markdown files in no module: they exist but are not published.
    pub(crate) orphans: HashSet<PathBuf>,
    /// The pages and assets as [`nearest_file`] compares them, made at the first link to a
    /// missing file (keying and sorting every file for each such link made 30,000 broken links
    /// in 6,000 chapters take two minutes). The files never change once collected.
    file_index: std::sync::OnceLock<FileIndex>,
}

/// The course's files by folder key and by name key ([`file_keys`]), each list in path order.
#[derive(Debug, Clone, Default)]
struct FileIndex {
    /// Folder key → (name key, path) of each file in it.
    by_folder: HashMap<String, Vec<(String, PathBuf)>>,
    /// Name key → (folder key, path) of each file so named.
    by_name: HashMap<String, Vec<(String, PathBuf)>>,
}

impl FileIndex {
    fn of(targets: &LinkTargets) -> FileIndex {
        let mut paths: Vec<&PathBuf> = targets.pages.keys().chain(targets.assets.keys()).collect();
        paths.sort();
        let mut index = FileIndex::default();
        for path in paths {
            let (folder, name) = file_keys(path);
            index.by_folder.entry(folder.clone()).or_default().push((name.clone(), path.clone()));
            index.by_name.entry(name).or_default().push((folder, path.clone()));
        }
        index
    }
}

/// A path as folder and name keys: lowercase, without ordering prefixes and extension.
fn file_keys(path: &Path) -> (String, String) {
    let mut parts: Vec<String> = path
        .components()
        .map(|c| {
            let name = c.as_os_str().to_string_lossy().to_lowercase();
            numeric_prefix(&name).map_or_else(|| name.clone(), |(_, rest)| rest.to_string())
        })
        .collect();
    let name = parts.pop().unwrap_or_default();
    let name = name.strip_suffix(".md").or_else(|| name.strip_suffix(".html")).unwrap_or(&name).to_string();
    (parts.join("/"), name)
}

impl LinkTargets {
    /// Every page's output path and anchors, for link checking, and the course's assets.
    /// Parses each page once. Pages with more Markdown elements than [`MAX_EVENTS`] are reported
    /// here, once.
    pub(crate) fn collect(course: &Course, options: Options, page_ids: &PageIds) -> (LinkTargets, Vec<Diagnostic>) {
        let pages: Vec<&Page> = course.pages().collect();
        let entries = pages
            .par_iter()
            .map(|p| match p.text() {
                Ok(page) => LinkTargets::of_page(&page, options, page_ids),
                Err(unread) => {
                    (p.source.clone(), LinkTarget { url: p.url.clone(), anchors: HashSet::new() }, vec![unread])
                }
            })
            .collect();
        LinkTargets::from_pages(entries, course)
    }

    /// One page's entry: its source, output path and anchors, and its problems found while its
    /// text is parsed (once): more Markdown elements than [`MAX_EVENTS`], and headings whose
    /// written `{#id}` the page already has.
    pub(crate) fn of_page(
        page: &PageText<'_>,
        options: Options,
        page_ids: &PageIds,
    ) -> (PathBuf, LinkTarget, Vec<Diagnostic>) {
        let parsed = parse(page.body(), options, page_ids);
        let too_many = parsed.overflow.map(|offset| {
            let (line, column) = page.body_position(offset);
            Diagnostic::error(
                Code::LimitElements,
                &page.display_path,
                line,
                column,
                format!(
                    "this page has more than {} Markdown elements (text runs, emphasis, links…) by this point",
                    grouped(MAX_EVENTS)
                ),
            )
            .with_help("split the page into several chapters")
        });
        let problems =
            too_many.into_iter().chain(parsed.id_clashes.iter().map(|clash| id_clash_problem(page, clash))).collect();
        (page.source.clone(), LinkTarget { url: page.url.clone(), anchors: parsed.anchors() }, problems)
    }

    /// The targets of the pages' `entries` ([`LinkTargets::of_page`]) and of `course`'s assets,
    /// and the pages' problems.
    pub(crate) fn from_pages(
        entries: Vec<(PathBuf, LinkTarget, Vec<Diagnostic>)>,
        course: &Course,
    ) -> (LinkTargets, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut targets = LinkTargets {
            pages: HashMap::with_capacity(entries.len()),
            assets: course.assets.iter().map(|a| (a.relative.clone(), a.url.clone())).collect(),
            unchecked: HashSet::new(),
            orphans: course.orphans.clone(),
            file_index: std::sync::OnceLock::new(),
        };
        for (source, target, page_problems) in entries {
            targets.pages.insert(source, target);
            problems.extend(page_problems);
        }
        (targets, problems)
    }
}

/// A heading's `{#id}` the page already has, at the id as written, in a teacher's words.
fn id_clash_problem(page: &PageText<'_>, clash: &IdClash) -> Diagnostic {
    let written = page.body()[clash.range.clone()].find(&format!("{{#{}", clash.id)).unwrap_or(0);
    let (line, column) = page.body_position(clash.range.start + written);
    let whose = match clash.owner {
        IdOwner::Heading => "another heading on this page has it already",
        IdOwner::Page => "the page has it for itself (its main text, side bar or settings)",
        IdOwner::Footnote => "a footnote on this page has it",
        IdOwner::Question => "a question on this page has it (its `id:`)",
    };
    Diagnostic::error(
        Code::HeadingId,
        &page.display_path,
        line,
        column,
        format!("the id `{}` cannot be this heading's: {whose}", clash.id),
    )
    .with_help(format!("give the heading an id of its own, e.g. {{#{}-2}}, or remove `{{#{}}}`", clash.id, clash.id))
    .with_source_indexed(page.text(), page.lines())
}

/// The print file holding the handout's cover, contents and glossary, and every page of a course
/// printed in one file.
pub(crate) const HANDOUT: &str = "print.html";

/// Which print file (a site path at the root) each page is printed in: `print.html` for a
/// normal course; one file per module for a large one, where a single page would be too big
/// to open.
#[derive(Debug, Clone, Default)]
pub(crate) struct PrintLayout {
    /// Page site path → print file; pages not listed are in `print.html`.
    pub(crate) files: HashMap<String, String>,
}

impl PrintLayout {
    /// The print file holding the page at `page_url`.
    pub(crate) fn file_of(&self, page_url: &str) -> &str {
        self.files.get(page_url).map_or(HANDOUT, String::as_str)
    }
}

/// Where the rendered HTML will live, which decides how links are written.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Placement<'a> {
    /// On the page's own output file, at this site path.
    OwnPage(&'a str),
    /// Inside a print file (a site path at the root): links to pages printed in the same file
    /// become in-page anchors, links to pages printed elsewhere point into that file.
    PrintPage(&'a str, &'a PrintLayout),
}

impl Placement<'_> {
    fn from_url(&self) -> &str {
        match self {
            Placement::OwnPage(url) => url,
            Placement::PrintPage(file, _) => file,
        }
    }

    /// The href of the anchor printed for `page_url` (and `fragment`) from this print file.
    fn print_href(&self, page_url: &str, fragment: Option<&str>) -> String {
        // Percent-encoded, as a fragment on a page of its own is: the anchor keeps the
        // characters of a file name (`%`, `#`, non-ASCII), which the id holds as they are.
        let anchor = encode_href(&print_anchor(page_url, fragment));
        match self {
            Placement::PrintPage(file, layout) if layout.file_of(page_url) != *file => {
                format!("{}#{anchor}", relative_href(file, layout.file_of(page_url)))
            }
            _ => format!("#{anchor}"),
        }
    }
}

/// The anchor of a page (and optionally one of its headings) inside the print page. The page
/// part comes from file and folder names, which may hold any character: those that could end
/// an HTML attribute or start a tag become `_`, so the anchor is safe wherever it is written
/// (a link to it percent-encodes it, `Placement::print_href`). A name that had such characters
/// ends with a short hash of itself, so that `x y.md` and `x_y.md` keep anchors of their own.
pub(crate) fn print_anchor(page_url: &str, fragment: Option<&str>) -> String {
    let page = page_url.strip_suffix(".html").unwrap_or(page_url);
    let unsafe_char = |c: char| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '&' | '`');
    let mut key: String = page.replace('/', "--").chars().map(|c| if unsafe_char(c) { '_' } else { c }).collect();
    if page.contains(unsafe_char) {
        key.push_str(&format!("-{:06x}", fnv1a(page) & 0xff_ffff));
    }
    match fragment {
        Some(f) => format!("{key}--{f}"),
        None => key,
    }
}

/// Rewrites links and images to their output locations and reports any that point nowhere.
/// Links with a scheme (`https:`, `mailto:`) and `term:` links are left alone, except that an
/// address that would run code ([`RefusedUrl`]) is reported, whatever its kind, and so is one
/// in the page's summary, which is shown with the page.
pub(crate) fn rewrite_links<'a>(
    events: Vec<Spanned<'a>>,
    page: &PageText<'_>,
    own_anchors: &HashSet<String>,
    targets: &LinkTargets,
    placement: Placement<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Spanned<'a>> {
    if matches!(placement, Placement::OwnPage(_)) {
        check_summary(page, diagnostics);
    }
    let mut destination = |dest_url: CowStr<'a>, link_type: LinkType, is_link: bool, range: &Range<usize>| {
        if let Some(refused) = RefusedUrl::of(&dest_url, !is_link) {
            let problem =
                LinkProblem { code: Code::UrlRefused, message: refused.message(), help: refused.help().into() };
            return report(problem, page, range, diagnostics);
        }
        if !is_rewritable(link_type) {
            return dest_url;
        }
        resolve_link(&dest_url, page, own_anchors, targets, placement, is_link)
            .map_or(dest_url, |r| r.unwrap_or_else(|problem| report(problem, page, range, diagnostics)))
    };
    events
        .into_iter()
        .map(|(event, range)| {
            let event = match event {
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                    let dest_url = destination(dest_url, link_type, true, &range);
                    Event::Start(Tag::Link { link_type, dest_url, title, id })
                }
                Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                    let dest_url = destination(dest_url, link_type, false, &range);
                    Event::Start(Tag::Image { link_type, dest_url, title, id })
                }
                Event::Start(Tag::Heading { level, id: Some(id), classes, attrs })
                    if matches!(placement, Placement::PrintPage(..)) =>
                {
                    let id = Some(CowStr::from(print_anchor(&page.url, Some(&id))));
                    Event::Start(Tag::Heading { level, id, classes, attrs })
                }
                other => other,
            };
            (event, range)
        })
        .collect()
}

/// Reports each link or image whose address was written with spaces, which Markdown showed as
/// text ([`SpacedAddress`]; a `term:` link after plain text is read as a link instead), at its
/// `[`, with the two ways to write the address that Markdown reads.
pub(crate) fn report_spaced(spaced: &[SpacedAddress], page: &PageText<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for written in spaced {
        let (line, column) = page.body_position(written.at);
        let what = if written.image { "image" } else { "link" };
        let address = &written.address;
        diagnostics.push(
            Diagnostic::error(
                Code::LinkSpaces,
                &page.display_path,
                line,
                column,
                format!(
                    "this {what} is shown as text: Markdown ends an address at a space, and `{address}` has spaces"
                ),
            )
            .with_help(format!(
                "write the address in angle brackets, `(<{address}>)`, or each space as `%20`, `({})`",
                address.replace(' ', "%20")
            ))
            .with_source_indexed(page.text(), page.lines()),
        );
    }
}

fn is_rewritable(link_type: LinkType) -> bool {
    !matches!(link_type, LinkType::Autolink | LinkType::Email)
}

/// Reports a refused address in the page's `summary:` at that front matter line, and a link
/// to a chapter or file there (shown as its text: a summary is shown on cards, in the handout
/// and in the EPUB, in other folders than the page's own).
fn check_summary(page: &PageText<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let Some(summary) = page.front.summary.as_deref() else { return };
    let line = || page.text()[..page.body_offset].lines().position(|l| l.starts_with("summary:")).map_or(1, |i| i + 1);
    if let Some(refused) = first_refused_url(summary) {
        diagnostics.push(
            Diagnostic::error(
                Code::UrlRefused,
                &page.display_path,
                line(),
                0,
                format!("summary: {}", refused.message()),
            )
            .with_help(refused.help())
            .with_source_indexed(page.text(), page.lines()),
        );
    }
    if let Some(local) = first_local_link(summary) {
        diagnostics.push(
            crate::glossary::local_link_warning(&page.display_path, line(), "summary", &local)
                .with_source_indexed(page.text(), page.lines()),
        );
    }
}

/// A link that cannot be rewritten: its code, what is wrong and what to write instead.
pub(crate) struct LinkProblem {
    pub(crate) code: Code,
    pub(crate) message: String,
    pub(crate) help: String,
}

fn report<'a>(
    problem: LinkProblem,
    page: &PageText<'_>,
    range: &Range<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> CowStr<'a> {
    let (line, column) = page.body_position(range.start);
    // The link or image as written, on its first line: what the report underlines.
    let written = page.body().get(range.clone()).unwrap_or("");
    let width = written.split('\n').next().unwrap_or("").trim_end().chars().count();
    diagnostics.push(
        Diagnostic::error(problem.code, &page.display_path, line, column, problem.message)
            .with_help(problem.help)
            .with_source_indexed(page.text(), page.lines())
            .with_width(width),
    );
    CowStr::from("#")
}

/// `None`: leave the link as written. `Some(Ok(href))`: the rewritten href. `Some(Err)`: broken.
fn resolve_link<'a>(
    dest: &str,
    page: &Page,
    own_anchors: &HashSet<String>,
    targets: &LinkTargets,
    placement: Placement<'_>,
    is_link: bool,
) -> Option<Result<CowStr<'a>, LinkProblem>> {
    if let Some(problem) = drive_path_problem(dest) {
        return Some(Err(problem));
    }
    if dest.is_empty() || has_scheme(dest) {
        return None;
    }
    if let Some(fragment) = dest.strip_prefix('#') {
        // `#` alone is the top of this page, as in a browser.
        if fragment.is_empty() {
            return Some(Ok(CowStr::from(match placement {
                Placement::OwnPage(_) => "#".to_string(),
                Placement::PrintPage(..) => placement.print_href(&page.url, None),
            })));
        }
        let Some(fragment) = find_anchor(&decode(fragment), own_anchors) else {
            return Some(Err(missing_anchor(&decode(fragment), &page.display_path, own_anchors)));
        };
        return Some(Ok(CowStr::from(match placement {
            Placement::OwnPage(_) => format!("#{}", encode_href(&fragment)),
            Placement::PrintPage(..) => placement.print_href(&page.url, Some(&fragment)),
        })));
    }
    if is_network_path(dest) {
        return Some(Err(network_path_problem(dest)));
    }
    if dest.starts_with('/') {
        return Some(Err(LinkProblem {
            code: Code::LinkAbsolute,
            message: format!("link `{dest}` starts with `/`"),
            help: "write links relative to this file (e.g. `../02-pre-sale/01-x.md`) so the site works from a folder"
                .into(),
        }));
    }
    let (path_part, fragment) = match dest.split_once('#') {
        // `chapter.md#` is the chapter itself, as on GitHub.
        Some((p, f)) => (p, Some(decode(f)).filter(|f| !f.is_empty())),
        None => (dest, None),
    };
    let path_part = path_part.split_once('?').map_or(path_part, |(p, _)| p);
    let Some(resolved) = resolve_relative(&page.source, &decode(path_part)) else {
        return Some(Err(LinkProblem {
            code: Code::LinkOutside,
            message: format!("link `{dest}` points outside the content folder"),
            help: "link only to files inside the course's content folder".into(),
        }));
    };
    let from = placement.from_url();
    // A link to a module's folder means its index.md, as on GitHub.
    let page_target = targets.pages.get(&resolved).or_else(|| targets.pages.get(&resolved.join("index.md")));
    if let Some(target) = page_target {
        let fragment = match fragment {
            Some(written) => match find_anchor(&written, &target.anchors) {
                Some(found) => Some(found),
                None => return Some(Err(missing_anchor(&written, &resolved, &target.anchors))),
            },
            None => None,
        };
        let href = match placement {
            Placement::PrintPage(..) => placement.print_href(&target.url, fragment.as_deref()),
            Placement::OwnPage(_) => {
                let mut href = relative_href(from, &target.url);
                if let Some(fragment) = &fragment {
                    href.push('#');
                    href.push_str(&encode_href(fragment));
                }
                href
            }
        };
        return Some(Ok(CowStr::from(href)));
    }
    if let Some(asset_url) = targets.assets.get(&resolved) {
        let mut href = relative_href(from, asset_url);
        if let Some(fragment) = &fragment {
            href.push('#');
            href.push_str(&encode_href(fragment));
        }
        return Some(Ok(CowStr::from(href)));
    }
    if targets.unchecked.contains(&resolved) {
        return None;
    }
    let what = if is_link { "link" } else { "image" };
    let help = "link to a chapter's .md file (relative to this file) or to a file in the content folder";
    // A Markdown file is published only as a chapter: one in a module's subfolder, or in a
    // folder without index.md, exists but is no page (`CB-FILE-ORPHAN`).
    let message = if targets.orphans.contains(&resolved) {
        format!(
            "{what} `{dest}` points to a Markdown file that is no chapter and is not published ({} in the content folder; a chapter is a .md file directly in a module's folder, one with an index.md)",
            resolved.to_string_lossy()
        )
    } else {
        format!(
            "{what} `{dest}` points to a file that does not exist ({} in the content folder)",
            resolved.to_string_lossy()
        )
    };
    Some(Err(LinkProblem {
        code: Code::LinkBroken,
        message,
        help: match nearest_file(&resolved, targets, &page.source) {
            Some(file) => format!("did you mean `{file}`? {help}"),
            None => help.into(),
        },
    }))
}

/// The file of the course a link to the missing `resolved` (relative to the content folder)
/// most likely meant, written as a link from the page `from`: a file of the same folder with
/// a name near the one written, or a file of the same name in a folder near the one written.
/// Names are compared without their ordering prefix and `.md` or `.html`, so that a link that
/// leaves out `01-` finds its file ([`suggest::nearest`] decides what is near).
fn nearest_file(resolved: &Path, targets: &LinkTargets, from: &Path) -> Option<String> {
    let index = targets.file_index.get_or_init(|| FileIndex::of(targets));
    let (folder, name) = file_keys(resolved);
    let same_folder = index.by_folder.get(&folder).map_or(&[][..], Vec::as_slice);
    let found = suggest::nearest(&name, same_folder.iter().map(|(n, _)| n.as_str()))
        .and_then(|n| same_folder.iter().find(|(k, _)| k == n))
        .or_else(|| {
            let same_name = index.by_name.get(&name).map_or(&[][..], Vec::as_slice);
            suggest::nearest(&folder, same_name.iter().map(|(f, _)| f.as_str()))
                .and_then(|f| same_name.iter().find(|(k, _)| k == f))
        })?;
    let slashed = |path: &Path| path.to_string_lossy().replace('\\', "/");
    Some(decode(&relative_href(&slashed(from), &slashed(&found.1))))
}

/// The heading id a link's fragment names: as written, or as GitHub would spell it
/// (`#Hello World` → `hello-world`).
fn find_anchor(fragment: &str, anchors: &HashSet<String>) -> Option<String> {
    if anchors.contains(fragment) {
        return Some(fragment.to_string());
    }
    Some(heading_slug(fragment)).filter(|slug| anchors.contains(slug))
}

fn missing_anchor(fragment: &str, file: &Path, anchors: &HashSet<String>) -> LinkProblem {
    let mut known: Vec<&str> = anchors.iter().map(String::as_str).collect();
    known.sort_unstable();
    let likely = suggest::nearest(fragment, known.iter().copied()).map(|a| format!("did you mean `#{a}`? "));
    known.truncate(12);
    LinkProblem {
        code: Code::LinkAnchor,
        message: format!("anchor `#{fragment}` does not exist in {}", file.to_string_lossy()),
        help: if known.is_empty() {
            "that page has no headings to link to".into()
        } else {
            format!(
                "{}headings there: {}",
                likely.unwrap_or_default(),
                known.iter().map(|a| format!("#{a}")).collect::<Vec<_>>().join(", ")
            )
        },
    }
}

/// An address starting with `//`, reported as a link starting with `/` is (it leads nowhere
/// from a folder), with the address written as it is meant.
fn network_path_problem(dest: &str) -> LinkProblem {
    let meant = format!("https://{}", dest.trim_start().trim_start_matches(['/', '\\']));
    LinkProblem {
        code: Code::LinkAbsolute,
        message: format!("`{dest}` starts with `//`: a server named without `https:`, which a site opened from a folder cannot reach"),
        help: format!("write the address whole, `{meant}`"),
    }
}

/// A path on a Windows drive (`C:\\Users\\…`, `D:/slides/x.png`), which reads as an address
/// with the scheme `c:` and leads nowhere on a reader's device: reported as a path from the
/// root is.
pub(crate) fn drive_path_problem(dest: &str) -> Option<LinkProblem> {
    let mut chars = dest.chars();
    let is_drive = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.next() == Some(':')
        && matches!(chars.next(), Some('\\' | '/'));
    is_drive.then(|| LinkProblem {
        code: Code::LinkAbsolute,
        message: format!("`{dest}` is a file on a computer's drive, which a reader's device does not have"),
        help: "put the file in the course's folder and link it relative to this file (e.g. `../assets/x.png`)".into(),
    })
}

/// Whether a link names its scheme (`https:`, `mailto:`, `term:`): an address, not a path.
pub(crate) fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_anchors_are_safe_and_names_differing_in_unsafe_characters_keep_their_own() {
        assert_eq!(print_anchor("basics/intro.html", None), "basics--intro");
        assert_eq!(print_anchor("basics/intro.html", Some("小节")), "basics--intro--小节");
        let spaced = print_anchor("basics/x y.html", None);
        assert!(spaced.starts_with("basics--x_y-") && !spaced.contains([' ', '"', '<', '&']), "{spaced}");
        let anchors = ["basics/x y.html", "basics/x_y.html", "basics/x\"y.html", "basics/x'y.html", "basics/x\ty.html"]
            .map(|page| print_anchor(page, None));
        let distinct: std::collections::HashSet<&String> = anchors.iter().collect();
        assert_eq!(distinct.len(), anchors.len(), "{anchors:?}");
    }

    #[test]
    fn schemes() {
        assert!(has_scheme("https://x"));
        assert!(has_scheme("mailto:a@b"));
        assert!(has_scheme("term:客户"));
        assert!(!has_scheme("a.md"));
        assert!(!has_scheme("客户:x.md"));
    }
}
