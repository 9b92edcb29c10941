//! The glossary: every term of the course, built once per build from the chapters' front matter.
//!
//! [`Glossary::from_course`] checks the course-wide rules (a name defined once, no alias or English
//! name shadowing another term, see-also names that exist, unique anchors) and sorts the terms
//! by pinyin. [`link`] finds and links term occurrences in page text; [`usage`] tells, once
//! every page is rendered, which pages use each term and which terms nobody uses.

mod keys;
pub(crate) mod link;
pub(crate) mod usage;

use std::collections::HashMap;
use std::path::PathBuf;

use icu_normalizer::properties::CanonicalCombiningClassMap;
use icu_normalizer::DecomposingNormalizerBorrowed;
use pinyin::ToPinyin;

use crate::content::front_matter::{excerpt, listed_title};
use crate::content::term::Level;
use crate::content::url::{encode_href, encoded_href_len};
use crate::content::{Course, Page};
use crate::diagnostic::{Code, Diagnostic, LineIndex};
use crate::markup::{
    escaped_len, first_local_link, first_refused_url, heading_slug, inline_html, inline_text_html, open_tags_said,
    plain_text, OpenTags, PageIds, RawHtml,
};
use crate::suggest::index::NameIndex;

/// A term of the course, with where it is defined.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    /// The term as written in the course (its unique key), e.g. 货到付款.
    pub(crate) name: String,
    /// Anchor on the glossary page.
    pub(crate) id: String,
    /// How well students must know the term, shown as stars.
    pub(crate) level: Level,
    /// English name, shown beside the term and also linked in text; None when not given.
    pub(crate) en: Option<String>,
    /// Other written forms linked to the term in text; empty when none.
    pub(crate) aliases: Vec<String>,
    /// The definition as inline HTML (links allowed).
    pub(crate) definition_html: String,
    /// The definition as inline HTML without links, when it has links ([`Term::tip_html`]);
    /// None when it is `definition_html` (most definitions link nowhere: not held twice).
    tip_html_without_links: Option<String>,
    /// The definition's first [`EXCERPT_CHARS`] characters as plain text (`…` after them when
    /// cut), which the search shows under the term: all of it was held for that alone (9.6 MB
    /// of 3,000 definitions of 2–5 KB, at the build's peak).
    pub(crate) definition_excerpt: String,
    /// Indices of related terms.
    pub(crate) see: Vec<usize>,
    /// False when only explicit `term:` links point to the term (no automatic linking in text).
    pub(crate) autolink: bool,
    /// The defining page's site path and title.
    pub(crate) page_url: String,
    /// Title of the defining page, for "定义于" links.
    pub(crate) page_title: std::sync::Arc<str>,
    /// The defining file relative to the course root, for messages.
    pub(crate) display_path: PathBuf,
    /// File line of the term's entry in the front matter, for messages.
    pub(crate) line: usize,
    /// Key for sorting by pinyin (Latin names by their letters).
    pub(crate) sort_key: String,
    /// The site path of the glossary page holding the term's entry: `glossary.html`, or one of
    /// its parts in a large glossary ([`Glossary::parts`]).
    pub(crate) glossary_page: String,
    /// The link to the term's entry from a page at the site's root: its glossary page's file,
    /// `#` and its id, percent-encoded (the id alone until the glossary is cut into pages).
    /// Made once, and borrowed by each of the hundreds of thousands of see-also links a large
    /// glossary writes, which encoded and copied it each time.
    entry_href: String,
    /// Where the id starts in `entry_href`, after its `#`.
    id_at: usize,
}

impl Term {
    /// The term's id percent-encoded, as every link to its entry writes it.
    pub(crate) fn encoded_id(&self) -> &str {
        &self.entry_href[self.id_at..]
    }

    /// The link to the term's entry from a page at the site's root (a glossary part, a uses
    /// page): `glossary-k.html#客服`, encoded.
    pub(crate) fn entry_href(&self) -> &str {
        &self.entry_href
    }

    /// The link to the term's entry from its own glossary page: `#` and its encoded id.
    pub(crate) fn entry_fragment(&self) -> &str {
        &self.entry_href[self.id_at - 1..]
    }

    /// Puts the term's entry on the glossary page `file` (a file at the site's root).
    fn place_on(&mut self, file: String) {
        let encoded_file = encode_href(&file);
        let mut href = String::with_capacity(encoded_file.len() + 1 + self.encoded_id().len());
        href.push_str(&encoded_file);
        href.push('#');
        href.push_str(self.encoded_id());
        self.id_at = encoded_file.len() + 1;
        self.entry_href = href;
        self.glossary_page = file;
    }

    /// The definition as inline HTML without links, for the hover definition (`render::tips`,
    /// a link inside a term's link) and the handout.
    pub(crate) fn tip_html(&self) -> &str {
        self.tip_html_without_links.as_deref().unwrap_or(&self.definition_html)
    }

    /// Every written form linked in text: the name, the English name, the aliases.
    pub(crate) fn forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.en.as_deref()).chain(self.aliases.iter().map(String::as_str))
    }

    /// The letter of the jump bar this term is listed under (A–Z, or `#`).
    pub(crate) fn letter(&self) -> char {
        self.sort_key.chars().next().filter(char::is_ascii_alphabetic).map_or('#', |c| c.to_ascii_uppercase())
    }
}

/// All terms, sorted by pinyin, with lookup by any written form.
#[derive(Debug, Clone, Default)]
pub(crate) struct Glossary {
    /// Every term, in pinyin order; other fields refer to terms by index in this list.
    pub(crate) terms: Vec<Term>,
    /// Lowercased written form → term index.
    by_form: HashMap<String, usize>,
    /// Defining page's site path → indices of the terms it defines.
    by_page: HashMap<String, Vec<usize>>,
    /// The glossary's pages when it is split (empty: one page, `glossary.html`).
    pub(crate) parts: Vec<Part>,
    /// The form suggested for each unknown name looked for so far ([`Suggestions::help`]).
    nearest: NearestForms,
}

/// The written form nearest to each unknown name looked for (or none), kept while the glossary
/// lives: a name misspelt on thousands of pages (a term renamed, its old name left in every
/// question) is compared with every form once, not once a page (6,000 pages: 58 s, measured).
/// The forms are made ready for comparing once, at the first name looked for: a different
/// misspelling on each of 6,000 pages, each name lowercased and read as pinyin at every
/// search, took 12 s to check (6,000 near-identical names, measured; 1.3 s made once).
#[derive(Default)]
struct NearestForms {
    /// Each name looked for, with the form found.
    found: std::sync::Mutex<HashMap<String, Option<String>>>,
    /// Every written form of the terms, in the order of [`Term::forms`] over the terms.
    forms: std::sync::OnceLock<NameIndex>,
}

impl NearestForms {
    /// The form of `terms` nearest to `name` ([`crate::suggest::nearest`]), looked for once per
    /// name. `terms` are the same at every call: their forms are made ready at the first.
    fn nearest(&self, name: &str, terms: &[Term]) -> Option<String> {
        let found = || self.found.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(known) = found().get(name).cloned() {
            return known;
        }
        let forms = self.forms.get_or_init(|| NameIndex::new(terms.iter().flat_map(Term::forms)));
        let nearest = forms.nearest(name).map(str::to_string);
        found().insert(name.to_string(), nearest.clone());
        nearest
    }
}

/// A copy starts with nothing kept: its terms may be changed.
impl Clone for NearestForms {
    fn clone(&self) -> NearestForms {
        NearestForms::default()
    }
}

impl std::fmt::Debug for NearestForms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NearestForms")
    }
}

/// A page of a large glossary: the terms of one initial letter, or of a run of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    /// Its site path, `glossary-a.html`, `glossary-a-2.html`, `glossary-other.html`.
    pub(crate) file: String,
    /// The initial letter of its terms (A–Z, or `#`).
    pub(crate) letter: char,
    /// Its terms: indices into [`Glossary::terms`], in order.
    pub(crate) terms: std::ops::Range<usize>,
}

/// Above this many terms the glossary is split by initial letter, so that no glossary page
/// grows without bound (a term's entry, its backlinks capped, is well under 2 KB).
pub(crate) const SPLIT_TERMS: usize = 500;
/// At most this many terms on one page of a split glossary; a letter with more has several.
pub(crate) const PART_TERMS: usize = 400;
/// At most about this many bytes of entries on one glossary page, so that long definitions
/// (a definition may hold 20,000 characters) split a glossary as many terms do.
pub(crate) const PART_BYTES: usize = 640 * 1024;
/// The characters of a definition the search shows under a term.
const EXCERPT_CHARS: usize = 48;

/// At most this many pages are listed under a term ("出现于"): a term used on every page of a
/// large course would otherwise make its glossary entry, and the glossary page, grow without
/// bound. The rest are counted, and the full list is one click away (the uses pages).
pub(crate) const MAX_BACKLINKS: usize = 12;

/// What a term's entry takes on a glossary page besides the texts and links counted apart
/// ([`entry_bytes`]): its tags, stars, level and labels, and the link to its full list of uses
/// (about 700 bytes measured).
const ENTRY_BYTES: usize = 1_024;

/// What a link of an entry takes besides its address and its text: `<a href="">`, `</a>`, the
/// separator after it, and a glossary part's file name before a term's `#id` (`glossary-x-12.html`).
const LINK_BYTES: usize = 48;

/// At most how many bytes `term` takes on a glossary page: what its author wrote (see
/// [`text_bytes`]), its id, a link to each see-also term (`links`, by term: its id encoded, its name escaped),
/// the page defining it, and [`MAX_BACKLINKS`] pages using it, each counted as `backlink`
/// bytes, the most any page of the course takes (which pages use a term is known only once
/// they are rendered, after the glossary's parts are cut). Names of 100 characters made
/// entries of 48 KB where a fixed 160 bytes per see-also link was counted: pages of 4 MB.
fn entry_bytes(term: &Term, links: &[usize], backlink: usize) -> usize {
    let see: usize = term.see.iter().filter_map(|&s| links.get(s)).sum();
    let defined_in = LINK_BYTES + defined_in_bytes(term);
    // "另有 M 处": its link to the term's full list, at `uses-N.html#id`.
    let used_more = LINK_BYTES + term.encoded_id().len();
    ENTRY_BYTES + text_bytes(term) + escaped_len(&term.id) + see + defined_in + MAX_BACKLINKS * backlink + used_more
}

/// What the link to the page defining `term` ("定义于") writes: its address encoded, its title
/// escaped (a glossary entry and a revision card show it).
pub(crate) fn defined_in_bytes(term: &Term) -> usize {
    encoded_href_len(&term.page_url) + escaped_len(&term.page_title)
}

/// The most bytes a link to one of `course`'s pages takes under a term ("出现于"): its address
/// encoded, its title as listed ([`listed_title`]) escaped.
fn backlink_bytes(course: &Course) -> usize {
    course
        .pages()
        .map(|p| LINK_BYTES + encoded_href_len(&p.url) + escaped_len(&listed_title(&p.front.title)))
        .max()
        .unwrap_or(0)
}

/// The bytes of what a term's author wrote that its entry and its revision card show: its
/// name, English name and definition.
pub(crate) fn text_bytes(term: &Term) -> usize {
    term.name.len() + term.en.as_ref().map_or(0, String::len) + term.definition_html.len()
}

/// Cuts items of the given sizes (in order) into runs of at most `max_items` items and about
/// `max_bytes` bytes: a run ends before the item that would take it past either, and holds at
/// least one item. How every split page (glossary, revision list, self-test) is cut.
pub(crate) fn runs_within(sizes: &[usize], max_items: usize, max_bytes: usize) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, &size) in sizes.iter().enumerate() {
        if i > start && (i - start == max_items || bytes + size > max_bytes) {
            runs.push(start..i);
            (start, bytes) = (i, 0);
        }
        bytes += size;
    }
    if start < sizes.len() {
        runs.push(start..sizes.len());
    }
    runs
}

/// The pages of a glossary of `terms` (sorted), each term's page written into it; none when
/// the glossary fits on one page. `backlink` is what a page using a term takes under it, at
/// most ([`backlink_bytes`]).
fn split(terms: &mut [Term], backlink: usize) -> Vec<Part> {
    // What a see-also link to each term writes, counted once (a term is named under dozens).
    let links: Vec<usize> = terms.iter().map(|t| LINK_BYTES + t.encoded_id().len() + escaped_len(&t.name)).collect();
    let sizes: Vec<usize> = terms.iter().map(|t| entry_bytes(t, &links, backlink)).collect();
    if terms.len() <= SPLIT_TERMS && sizes.iter().sum::<usize>() <= PART_BYTES {
        for term in terms.iter_mut() {
            term.place_on("glossary.html".into());
        }
        return Vec::new();
    }
    let mut parts: Vec<Part> = Vec::new();
    let mut start = 0;
    while start < terms.len() {
        let letter = terms[start].letter();
        let of_letter = terms[start..].iter().take_while(|t| t.letter() == letter).count();
        let name = if letter == '#' { "other".to_string() } else { letter.to_ascii_lowercase().to_string() };
        // A letter's terms may come in two runs (`™ mark` sorts as `TM mark`, before `apple`):
        // the second run's parts are numbered after the first's.
        let earlier = parts.iter().filter(|p| p.letter == letter).count();
        let runs = runs_within(&sizes[start..start + of_letter], PART_TERMS, PART_BYTES);
        for (nth, run) in (earlier + 1..).zip(runs) {
            let file = if nth == 1 { format!("glossary-{name}.html") } else { format!("glossary-{name}-{nth}.html") };
            let run = start + run.start..start + run.end;
            for term in &mut terms[run.clone()] {
                term.place_on(file.clone());
            }
            parts.push(Part { file, letter, terms: run });
        }
        start += of_letter;
    }
    parts
}

impl Glossary {
    /// Builds the glossary from every page's `terms:`, reporting conflicts and refused
    /// addresses in definitions; definitions' raw HTML is treated as `raw_html` says.
    pub(crate) fn from_course(course: &Course, raw_html: RawHtml, page_ids: &PageIds) -> (Glossary, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut terms: Vec<Term> = Vec::new();
        let mut see_names: Vec<&[(String, usize)]> = Vec::new();
        let mut by_name: HashMap<String, usize> = HashMap::new();
        for page in course.pages() {
            // Read once for all of the page's problems, only if it has any.
            let text = std::cell::OnceCell::new();
            let source = || text.get_or_init(|| page.text_for_message()).as_str();
            for def in &page.front.terms {
                if let Some(&first) = by_name.get(&def.name) {
                    let other = &terms[first];
                    diagnostics.push(
                        Diagnostic::error(
                            Code::TermDup,
                            &page.display_path,
                            def.line,
                            1,
                            format!("term `{}` is defined twice", def.name),
                        )
                            .with_related(&other.display_path, other.line, "first defined here")
                            .with_help("define each term once, in the chapter where it belongs; use `aliases` for other written forms")
                            .with_source(source()),
                    );
                    continue;
                }
                if let Some(local) = first_local_link(&def.definition) {
                    let what = format!("the definition of `{}`", def.name);
                    diagnostics
                        .push(local_link_warning(&page.display_path, def.line, &what, &local).with_source(source()));
                }
                if let Some(refused) = first_refused_url(&def.definition) {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::UrlRefused,
                            &page.display_path,
                            def.line,
                            1,
                            format!("the definition of `{}`: {}", def.name, refused.message()),
                        )
                        .with_help(refused.help())
                        .with_source(source()),
                    );
                }
                by_name.insert(def.name.clone(), terms.len());
                see_names.push(def.see.as_slice());
                let definition_html = inline_html(&def.definition, raw_html);
                let too_many = def.definition.contains('<').then(|| OpenTags::default().read(&definition_html));
                if let Some(Some((_, too_many))) = too_many {
                    let (message, help) = open_tags_said(&format!("the definition of `{}`", def.name), too_many);
                    diagnostics.push(
                        Diagnostic::error(Code::LimitTags, &page.display_path, def.line, 1, message)
                            .with_help(help)
                            .with_source(source()),
                    );
                }
                let id = def.id.clone().unwrap_or_else(|| term_slug(&def.name, page_ids));
                terms.push(Term {
                    name: def.name.clone(),
                    entry_href: format!("#{}", encode_href(&id)),
                    id_at: 1,
                    id,
                    level: def.level,
                    en: def.en.clone(),
                    aliases: def.aliases.clone(),
                    tip_html_without_links: Some(inline_text_html(&def.definition, raw_html))
                        .filter(|tip| *tip != definition_html),
                    definition_html,
                    definition_excerpt: excerpt(&plain_text(&def.definition), EXCERPT_CHARS).into_owned(),
                    see: Vec::new(),
                    autolink: def.autolink,
                    page_url: page.url.clone(),
                    page_title: page.front.title.clone(),
                    display_path: page.display_path.clone(),
                    line: def.line,
                    sort_key: def.pinyin.as_deref().map_or_else(|| sort_key(&def.name), reading_key),
                    glossary_page: String::new(),
                });
            }
        }
        let by_form = check_forms(&terms, course, &mut diagnostics);
        check_ids(&terms, course, page_ids, &mut diagnostics);
        // Per page: its text, read once, and the suggestions made for it.
        let mut pages: HashMap<PathBuf, (String, LineIndex, Suggestions)> = HashMap::new();
        let nearest = NearestForms::default();
        for (index, names) in see_names.into_iter().enumerate() {
            for (name, line) in names {
                let line = *line;
                match by_form.get(folded(name).as_ref()) {
                    Some(&target) => terms[index].see.push(target),
                    None => {
                        let term = &terms[index];
                        let (text, lines, suggestions) = pages.entry(term.display_path.clone()).or_insert_with(|| {
                            let text = source_text(course, &term.display_path);
                            let lines = LineIndex::of(&text);
                            (text, lines, Suggestions::default())
                        });
                        diagnostics.push(
                            Diagnostic::error(
                                Code::TermUnknown,
                                &term.display_path,
                                line,
                                1,
                                format!("see-also names an unknown term `{name}`"),
                            )
                            .with_help(suggestions.help_among(name, &terms, &nearest))
                            .with_source_indexed(text, lines),
                        );
                    }
                }
            }
        }
        // Sort by pinyin, keeping indices valid by remapping; terms starting with no Latin
        // letter (`#` on the jump bar: digits, symbols) last, together (by their key alone
        // `#tag` would come before A and `{tag}` after Z: two `#` sections).
        let mut order: Vec<usize> = (0..terms.len()).collect();
        let key = |t: &Term| (t.letter() == '#', t.sort_key.clone(), t.name.clone());
        order.sort_by_cached_key(|&i| key(&terms[i]));
        let mut new_index = vec![0; terms.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old] = new;
        }
        let terms_count = terms.len();
        let mut slots: Vec<Option<Term>> = terms.into_iter().map(Some).collect();
        let mut sorted: Vec<Term> = Vec::with_capacity(terms_count);
        sorted.extend(order.iter().filter_map(|&old| slots[old].take()));
        for term in &mut sorted {
            for see in &mut term.see {
                *see = new_index[*see];
            }
        }
        let by_form = by_form.into_iter().map(|(form, i)| (form, new_index[i])).collect();
        let mut by_page: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, term) in sorted.iter().enumerate() {
            by_page.entry(term.page_url.clone()).or_default().push(index);
        }
        let parts = split(&mut sorted, backlink_bytes(course));
        (Glossary { terms: sorted, by_form, by_page, parts, nearest: NearestForms::default() }, diagnostics)
    }

    /// Finds a term by its name, English name or an alias (case-insensitive).
    pub(crate) fn lookup(&self, form: &str) -> Option<usize> {
        self.by_form.get(folded(form.trim()).as_ref()).copied()
    }

    /// Indices of the terms defined on the page at `page_url`.
    pub(crate) fn defined_on(&self, page_url: &str) -> &[usize] {
        self.by_page.get(page_url).map_or(&[], Vec::as_slice)
    }
}

/// Every written form must name one term only: an alias or English name equal to another
/// term's name, English name or alias is an error.
fn check_forms(terms: &[Term], course: &Course, diagnostics: &mut Vec<Diagnostic>) -> HashMap<String, usize> {
    let mut by_form: HashMap<String, usize> = HashMap::new();
    for (index, term) in terms.iter().enumerate() {
        for form in term.forms() {
            let key = folded(form).into_owned();
            match by_form.get(&key) {
                Some(&other) if other != index => {
                    let first = &terms[other];
                    diagnostics.push(
                        Diagnostic::error(
                            Code::TermForm,
                            &term.display_path,
                            term.line,
                            1,
                            format!(
                                "`{form}` of term `{}` is already a name, English name or alias of `{}`",
                                term.name, first.name
                            ),
                        )
                        .with_related(&first.display_path, first.line, format!("`{}` is defined here", first.name))
                        .with_help("each written form may belong to one term only; remove or change it")
                        .with_source(&source_text(course, &term.display_path)),
                    );
                }
                Some(_) => {}
                None => {
                    by_form.insert(key, index);
                }
            }
        }
    }
    by_form
}

/// Whether `id` is one a glossary page has for itself: the page's own (`page_ids`, its
/// theme's) and its letters' sections (`letter-A` … `letter-Z`, `letter-#`); a term's entry
/// with it would share it, and a link to the term land on the page's `<main>` or a letter's
/// heading.
fn is_glossary_page_id(id: &str, page_ids: &PageIds) -> bool {
    let letter_section = id.strip_prefix("letter-").is_some_and(|letter| {
        let mut chars = letter.chars();
        chars.next().is_some_and(|c| c.is_ascii_uppercase() || c == '#') && chars.next().is_none()
    });
    page_ids.contains(id) || letter_section
}

/// The anchor of a term without an `id:`: its name's slug, with `-1` when the glossary page
/// has that id for itself (a term named `Main`; a slug is lowercase, so never `letter-A`).
fn term_slug(name: &str, page_ids: &PageIds) -> String {
    let slug = heading_slug(name);
    if is_glossary_page_id(&slug, page_ids) {
        format!("{slug}-1")
    } else {
        slug
    }
}

fn check_ids(terms: &[Term], course: &Course, page_ids: &PageIds, diagnostics: &mut Vec<Diagnostic>) {
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for (index, term) in terms.iter().enumerate() {
        // Only an `id:` can be one (a slug that would be is given `-1`).
        if is_glossary_page_id(&term.id, page_ids) {
            diagnostics.push(
                Diagnostic::error(
                    Code::TermAnchor,
                    &term.display_path,
                    term.line,
                    1,
                    format!(
                        "term `{}` has the anchor `{}`, which the glossary page uses for itself",
                        term.name, term.id
                    ),
                )
                .with_help("give the term another `id:` (not `main`, `sidebar` or `letter-A` … `letter-Z`)")
                .with_source(&source_text(course, &term.display_path)),
            );
            continue;
        }
        if let Some(&other) = by_id.get(term.id.as_str()) {
            let first = &terms[other];
            diagnostics.push(
                Diagnostic::error(
                    Code::TermAnchor,
                    &term.display_path,
                    term.line,
                    1,
                    format!("term `{}` has the same anchor `{}` as `{}`", term.name, term.id, first.name),
                )
                .with_related(&first.display_path, first.line, format!("`{}` is defined here", first.name))
                .with_help("give one of them a distinct `id:`")
                .with_source(&source_text(course, &term.display_path)),
            );
        } else {
            by_id.insert(&term.id, index);
        }
    }
}

fn source_text(course: &Course, display_path: &std::path::Path) -> String {
    course.pages().find(|p| p.display_path == display_path).map(Page::text_for_message).unwrap_or_default()
}

/// The most names of one page "did you mean" is looked for. Each look compares the name with
/// every term's forms, so a page of thousands of misspellings would take thousands times the
/// glossary (a reviewer's 8,000 unknown see-also names took 22 s); past this, the help says
/// where terms are defined. A name written again is not looked for again, nor counted.
pub(crate) const SUGGESTIONS_PER_PAGE: usize = 50;

/// The helps given so far on one page for names that should be terms and are not.
#[derive(Default)]
pub(crate) struct Suggestions {
    /// Each name looked for (at most [`SUGGESTIONS_PER_PAGE`]) with its help.
    given: HashMap<String, String>,
}

impl Suggestions {
    /// The help for `name`: the nearest of the glossary's written forms (names, English names,
    /// aliases) by [`crate::suggest::nearest`], when one is close.
    pub(crate) fn help(&mut self, name: &str, glossary: &Glossary) -> String {
        self.help_among(name, &glossary.terms, &glossary.nearest)
    }

    /// [`Self::help`] among `terms`, the forms found kept in `nearest`.
    fn help_among(&mut self, name: &str, terms: &[Term], nearest: &NearestForms) -> String {
        if let Some(help) = self.given.get(name) {
            return help.clone();
        }
        if self.given.len() == SUGGESTIONS_PER_PAGE {
            return Self::without_suggestion();
        }
        let help = match nearest.nearest(name, terms) {
            Some(form) => format!("did you mean `{form}`? Terms are defined in chapters' front matter (`terms:`)"),
            None => Self::without_suggestion(),
        };
        self.given.insert(name.to_string(), help.clone());
        help
    }

    fn without_suggestion() -> String {
        "terms are defined in chapters' front matter (`terms:`); check the spelling".into()
    }
}

/// A written form as forms are compared: lowercase. A form with no letter that has a case (a
/// Chinese name) is taken as it is, not lowercased a character at a time through Unicode's
/// tables: with 6,000 terms of 100 characters and 40 see-also names each, that took a third
/// of the glossary's build (perf).
pub(crate) fn folded(form: &str) -> std::borrow::Cow<'_, str> {
    if form.chars().all(|c| if c.is_ascii() { !c.is_ascii_uppercase() } else { is_caseless(c) }) {
        std::borrow::Cow::Borrowed(form)
    } else {
        std::borrow::Cow::Owned(form.to_lowercase())
    }
}

/// Characters of blocks with no letter that has a case: CJK punctuation, kana, ideographs,
/// Hangul syllables.
fn is_caseless(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7A3}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFD}')
}

/// The sort key of a reading written out (`pinyin: Cháng wěi`): its syllables as
/// [`sort_key`] writes a name's, lowercase, without tone marks or digits, each followed by a
/// space.
fn reading_key(reading: &str) -> String {
    let mut key = String::new();
    for syllable in reading.split([' ', '\'', '-']).filter(|s| !s.is_empty()) {
        key.extend(sort_key(syllable).chars().filter(|c| !c.is_ascii_digit()));
        key.push(' ');
    }
    key
}

/// Pinyin without tones for Chinese characters, lowercase letters for the rest.
pub(crate) fn sort_key(name: &str) -> String {
    let decompose = DecomposingNormalizerBorrowed::new_nfkd();
    let combining = CanonicalCombiningClassMap::new();
    let mut key = String::new();
    for c in name.chars() {
        match c.to_pinyin() {
            Some(p) => {
                key.push_str(p.plain());
                key.push(' ');
            }
            // Lowercase, without accents, full-width letters as ASCII (`É` → `e`, `Ａ` → `a`,
            // `ø` → `o`): a Latin name sorts and is listed under its letter, Émile among the E's.
            // Lowercase again after decomposing: `™` is `TM`, which before every lowercase key
            // put `™ mark` under T ahead of `apple`.
            None => {
                for d in decompose.normalize_iter(c.to_lowercase()).filter(|&d| combining.get32_u8(d.into()) == 0) {
                    match latin_letters(d) {
                        Some(letters) => key.push_str(letters),
                        None => key.extend(d.to_lowercase()),
                    }
                }
            }
        }
    }
    key
}

/// The Latin letters of a letter no decomposition takes apart (`ø`, `ł`, `æ`, `ß`…), for
/// sorting and listing a name by them.
fn latin_letters(c: char) -> Option<&'static str> {
    Some(match c {
        'ø' => "o",
        'ł' => "l",
        'đ' | 'ð' => "d",
        'ħ' => "h",
        'ı' => "i",
        'æ' => "ae",
        'œ' => "oe",
        'ß' => "ss",
        'þ' => "th",
        _ => return None,
    })
}

/// The warning for a link to `address`, a chapter or a file of the course, in `what` (a
/// summary, a term's definition), which is shown as its text (`CB-LINK-LOCAL`).
pub(crate) fn local_link_warning(path: &std::path::Path, line: usize, what: &str, address: &str) -> Diagnostic {
    Diagnostic::warning(
        Code::LinkLocal,
        path,
        line,
        0,
        format!("{what}: the link to `{address}` is shown as its text: this text also appears on other pages (cards, the glossary, the handout, the EPUB), where such a link would lead nowhere"),
    )
    .with_help("link only to web addresses (https://…) here, and to chapters from a chapter's text")
}

/// A course of one chapter (`01-m/01-a.md`, in a module `01-m`) whose text is `chapter`: the
/// glossary's and the linker's unit tests build their glossaries from it.
#[cfg(test)]
pub(crate) fn course_with(chapter: &str) -> Course {
    use crate::content::{parse_page, Module, PageKind};
    let examples = crate::labels::labels(crate::labels::Language::ZhCn).examples;
    let page = |kind, path: &str, text: &str| {
        parse_page(kind, std::path::Path::new(path), PathBuf::from(path), text.to_string(), examples)
            .expect("valid page")
    };
    Course {
        home: None,
        modules: vec![Module {
            page: page(PageKind::Module, "01-m/index.md", "---\ntitle: M\n---\n"),
            chapters: vec![page(PageKind::Chapter, "01-m/01-a.md", chapter)],
        }],
        assets: Vec::new(),
        orphans: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_end_before_the_item_that_would_pass_a_bound() {
        let sizes = [4, 3, 2, 9, 1, 1];
        assert_eq!(runs_within(&sizes, 100, 8), vec![0..2, 2..3, 3..4, 4..6], "an item over the bound stands alone");
        assert_eq!(runs_within(&sizes, 100, 100), vec![0..6]);
        assert_eq!(runs_within(&sizes, 4, 100), vec![0..4, 4..6], "at most 4 items a run");
        assert_eq!(runs_within(&sizes[..1], 1, 1), vec![0..1], "at least one item a run");
        assert!(runs_within(&[], 8, 8).is_empty());
    }

    #[test]
    fn a_name_decomposing_to_capitals_sorts_among_its_letter_and_every_part_has_its_file() {
        // `™` decomposes to `TM`: its key was `TM mark`, before every lowercase key, so the
        // T's came once first and once after the A's, both runs named `glossary-t.html`.
        let names =
            ["™ mark".to_string(), "apple".to_string()].into_iter().chain((0..SPLIT_TERMS).map(|i| format!("t{i:03}")));
        let terms: String = names.map(|name| format!("  - name: {name}\n    level: 1\n    definition: d\n")).collect();
        let course = course_with(&format!("---\ntitle: A\nterms:\n{terms}---\n"));
        let (glossary, problems) = Glossary::from_course(&course, Default::default(), &PageIds::default());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(glossary.terms[0].name, "apple", "`™ mark` is read `tm mark`, among the t's");
        let mark = glossary.terms.iter().position(|t| t.name == "™ mark").expect("defined");
        assert_eq!(glossary.terms[mark].letter(), 'T');
        assert!(mark > 0 && glossary.terms[1..].iter().all(|t| t.letter() == 'T'), "one run of T's");
        let files: Vec<&str> = glossary.parts.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(files, ["glossary-a.html", "glossary-t.html", "glossary-t-2.html"]);
        for part in &glossary.parts {
            assert!(glossary.terms[part.terms.clone()].iter().all(|t| t.glossary_page == part.file), "{part:?}");
        }
    }

    #[test]
    fn a_form_is_folded_as_lowercasing_it_would_for_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let form = format!("客{c}户");
            assert_eq!(folded(&form), form.to_lowercase(), "U+{:04X}", c as u32);
        }
        assert!(matches!(folded("客户满意度"), std::borrow::Cow::Borrowed(_)), "nothing to lowercase: not copied");
        assert_eq!(folded("ΟΔΟΣ Net Promoter"), "οδος net promoter", "the final sigma as lowercasing has it");
    }

    #[test]
    fn a_reading_written_out_places_a_term_where_its_name_is_read() {
        assert_eq!(reading_key("Cháng wěi"), "chang wei ");
        assert_eq!(reading_key("chang2  wei3"), reading_key("cháng wěi"), "tone digits, spaces");
        assert_eq!(reading_key("lüe"), "lue ");
        assert!(sort_key("长尾").starts_with('z'), "长's first reading in the character table is zhǎng");
        let chapter = "---\ntitle: T\nterms:\n  - name: 长尾\n    level: 1\n    definition: d\n  - name: 长期\n    level: 1\n    pinyin: cháng qī\n    definition: d\n  - name: 促销\n    level: 1\n    definition: d\n---\n";
        let course = course_with(chapter);
        let glossary = Glossary::from_course(&course, Default::default(), &PageIds::default()).0;
        let placed: Vec<(&str, char)> = glossary.terms.iter().map(|t| (t.name.as_str(), t.letter())).collect();
        assert_eq!(placed, vec![("长期", 'C'), ("促销", 'C'), ("长尾", 'Z')]);
    }

    #[test]
    fn pinyin_sort_keys() {
        assert!(sort_key("安全心理") < sort_key("客户满意度"));
        assert!(sort_key("FAQ").starts_with("faq"));
        assert!(sort_key("职业倦怠症") > sort_key("有效沟通"));
    }

    #[test]
    fn accented_latin_names_sort_and_group_by_their_letter() {
        assert_eq!(sort_key("Émile"), "emile");
        assert_eq!(sort_key("Ångström"), "angstrom");
        assert!(sort_key("Écart") > sort_key("Dubois") && sort_key("Écart") < sort_key("Fiche"));
        // Letters no decomposition takes apart, and full-width ones.
        assert_eq!(sort_key("Øre"), "ore");
        assert_eq!(sort_key("Łódź"), "lodz");
        assert_eq!(sort_key("ＡＰＰ推广"), sort_key("APP推广"));
    }
}
