//! The glossary as templates see it: the glossary page (by letter, filterable by level), the
//! revision page (by level, most important first), and a chapter's "本章术语" box. Every href
//! is relative to the page being rendered.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use serde::Serialize;

use crate::content::front_matter::listed_title;
use crate::content::term::Level;
use crate::content::url::{encode_href, encoded_href_len, relative_href, root_prefix, uses_file};
use crate::content::{Course, Page};
use crate::glossary::{defined_in_bytes, runs_within, text_bytes, Glossary, Term, MAX_BACKLINKS, PART_BYTES};
use crate::labels::Labels;
use crate::markup::escaped_len;
use crate::render::page::Link;

/// A link whose text the glossary holds (a see-also term's name, the defining page's title):
/// borrowed, not copied for each page showing it (a glossary of 6,000 terms with 40 see-also
/// links each is written twice, for the site and for the book).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TextLink<'g> {
    /// Text of the link.
    pub(crate) title: &'g str,
    /// Target relative to the current page.
    pub(crate) href: Cow<'g, str>,
}

/// One term as shown on any page, its texts borrowed from the glossary.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TermView<'g> {
    /// The term as written in the course, e.g. 货到付款.
    pub(crate) name: &'g str,
    /// Anchor of the term's glossary entry (the `id` of its element there).
    pub(crate) id: &'g str,
    /// Link to the term's glossary entry.
    pub(crate) href: Cow<'g, str>,
    /// Importance 1–3, for the level filter's `data-level`.
    pub(crate) level: u8,
    /// The level as ★, ★★ or ★★★, shown next to the name.
    pub(crate) stars: &'static str,
    /// Shown after the level's stars, e.g. 掌握.
    pub(crate) level_name: &'static str,
    /// English name shown beside the term; None when the chapter gives none.
    pub(crate) en: Option<&'g str>,
    /// Other written forms that also link to the term; empty when there are none.
    pub(crate) aliases: &'g [String],
    /// The definition as inline HTML (trusted; may contain links).
    pub(crate) definition_html: &'g str,
    /// Related terms ("参见"), each linking to its glossary entry; empty when none, and on a
    /// revision card and in a chapter's box.
    pub(crate) see: Vec<TextLink<'g>>,
    /// The chapter that defines the term ("定义于").
    pub(crate) defined_in: TextLink<'g>,
    /// The folder of the defining page (`basics` for `basics/intro.html`; empty for the home
    /// page): the revision page's module filter.
    pub(crate) module: &'g str,
    /// Pages that use the term ("出现于"), in reading order: the first [`MAX_BACKLINKS`]; on a
    /// glossary entry only (empty on a revision card and in a chapter's box).
    pub(crate) used_in: Vec<Link>,
    /// When more pages use the term than are listed: "另有 M 处", a link to the term's full
    /// list on a page of its own ([`Views::uses_pages`]).
    pub(crate) used_more: Option<Link>,
}

/// The most pages listed in one section of a uses page (which also holds at most half a page's
/// bytes): a term used on more pages goes on in a next section (and part), so that no part
/// grows with the course.
const USES_PER_SECTION: usize = 2_000;

/// What one listed page takes on a uses page besides its title and address (its list item).
const USE_BYTES: usize = 48;

/// What a module's heading takes on a uses page besides its title (before the first of its
/// pages listed under a term).
const MODULE_HEADING_BYTES: usize = 40;

/// What a term's section takes on a uses page besides its pages (its heading and count).
const SECTION_BYTES: usize = 400;

/// A page listing every page that uses each of some much-used terms (`uses-1.html`,
/// `uses-1-2.html`, `uses-2.html`…), reached from "另有 M 处" in the glossary.
#[derive(Debug, Serialize)]
pub(crate) struct UsesPage {
    /// The terms' lists, in glossary order.
    pub(crate) sections: Vec<TermUses>,
    /// The uses pages, the current one without a link; empty when there is one.
    pub(crate) parts: Vec<Link>,
}

/// One term's pages on a uses page (or a part of them, for a term used on very many).
#[derive(Debug, Serialize)]
pub(crate) struct TermUses {
    /// The term as written in the course.
    pub(crate) name: String,
    /// The section's anchor, the term's id (None for a continued list).
    pub(crate) id: Option<String>,
    /// Back to the term's glossary entry.
    pub(crate) href: String,
    /// How many pages use the term: "共 N 处".
    pub(crate) count: String,
    /// Whether the list goes on from the previous section.
    pub(crate) continued: bool,
    /// The pages, by module in reading order.
    pub(crate) modules: Vec<ModuleUses>,
}

/// A module's pages using a term.
#[derive(Debug, Serialize)]
pub(crate) struct ModuleUses {
    /// The module's title ("首页" / "Home" for the home page, which is in no module).
    pub(crate) title: String,
    /// The pages, in reading order.
    pub(crate) pages: Vec<Link>,
}

/// How many terms, in glossary order, share a run of uses pages. Which pages use a term changes
/// as chapters are edited: each run's pages are cut apart from the others', so that an edit
/// rewrites the pages of its terms' runs (`watch`), not every uses page after them.
pub(crate) const USES_RUN_TERMS: usize = 20;

/// Where each much-used term's full list is: the uses pages, each a run of sections.
#[derive(Debug, Default)]
struct UsesPlan {
    /// Every uses page, run after run.
    parts: Vec<UsesPart>,
    /// For each term, the page its list starts in (None: its entry lists every page).
    file_of: Vec<Option<usize>>,
}

/// One uses page: its file, the run of terms whose lists it holds, and its sections (a term,
/// and the range of its pages the section lists).
#[derive(Debug)]
struct UsesPart {
    file: String,
    run: usize,
    sections: Vec<(usize, std::ops::Range<usize>)>,
}

impl UsesPlan {
    /// The sections of every term used on more pages than its entry lists, each run of
    /// [`USES_RUN_TERMS`] terms cut into pages of about [`PART_BYTES`]; `module_title` names the
    /// module of a page's folder, `terms` are the glossary's (each section starts with its
    /// term's id, name and link to its entry).
    fn of<'t>(backlinks: &[Vec<&Page>], terms: &[Term], module_title: impl Fn(&str) -> &'t str + Sync) -> UsesPlan {
        let runs: Vec<Vec<Section>> = backlinks
            .par_chunks(USES_RUN_TERMS)
            .enumerate()
            .map(|(run, chunk)| {
                let first = run * USES_RUN_TERMS;
                let used_more = chunk.iter().enumerate().filter(|(_, pages)| pages.len() > MAX_BACKLINKS);
                used_more
                    .flat_map(|(i, pages)| sections(first + i, pages, terms.get(first + i), &module_title))
                    .collect()
            })
            .collect();
        let mut plan = UsesPlan { parts: Vec::new(), file_of: vec![None; backlinks.len()] };
        for (run, sections) in runs.into_iter().enumerate() {
            let sizes: Vec<usize> = sections.iter().map(|s| s.bytes).collect();
            for (nth, pages) in runs_within(&sizes, usize::MAX, PART_BYTES).into_iter().enumerate() {
                let sections: Vec<(usize, std::ops::Range<usize>)> =
                    sections[pages].iter().map(|s| (s.term, s.pages.clone())).collect();
                for (term, range) in &sections {
                    if range.start == 0 {
                        plan.file_of[*term] = Some(plan.parts.len());
                    }
                }
                plan.parts.push(UsesPart { file: uses_file(run, nth), run, sections });
            }
        }
        plan
    }
}

/// A section of a uses page: a term, the range of its pages listed, and about how many bytes
/// they take as written.
struct Section {
    term: usize,
    pages: std::ops::Range<usize>,
    bytes: usize,
}

/// The sections listing `pages`, the pages using term `index` (`term`), each of at most half a
/// page's bytes, so that a page of them stays near its size. Counted as written: the address
/// percent-encoded, the title escaped, and a module's heading before its first page.
fn sections<'t>(
    index: usize,
    pages: &[&Page],
    term: Option<&Term>,
    module_title: impl Fn(&str) -> &'t str,
) -> Vec<Section> {
    let entries: Vec<usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let module = module_of(&p.url);
            let heading = if i == 0 || module_of(&pages[i - 1].url) != module {
                MODULE_HEADING_BYTES + escaped_len(&listed_title(module_title(module)))
            } else {
                0
            };
            USE_BYTES + encoded_href_len(&p.url) + escaped_len(&listed_title(&p.front.title)) + heading
        })
        .collect();
    let heading =
        term.map_or(0, |t| escaped_len(&t.id) + escaped_len(&t.name) + t.glossary_page.len() + t.encoded_id().len());
    runs_within(&entries, USES_PER_SECTION, PART_BYTES / 2)
        .into_iter()
        .map(|range| Section {
            term: index,
            bytes: SECTION_BYTES + heading + entries[range.clone()].iter().sum::<usize>(),
            pages: range,
        })
        .collect()
}

/// A page shaped only when it is written: see [`Views::glossary_pages`].
pub(crate) type Lazy<'v, T> = Box<dyn FnOnce() -> T + Send + 'v>;

/// A letter of the A–Z jump bar.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Letter {
    /// Capital letter A–Z (first letter of terms by pinyin).
    pub(crate) letter: char,
    /// Whether some term is listed under the letter; absent letters are shown greyed out, unlinked.
    pub(crate) present: bool,
    /// Where the letter's terms start: `#letter-A` on one page, `glossary-a.html#letter-A` when
    /// the glossary is split.
    pub(crate) href: String,
    /// The levels of the letter's terms as digits (`"13"`), so that the bar can dim the
    /// letters without a term of the level chosen, on every part of a split glossary.
    pub(crate) levels: String,
}

/// The terms under one letter.
#[derive(Debug, Serialize)]
pub(crate) struct LetterSection<'g> {
    /// A–Z, or `#` for terms starting with no Latin letter; heading and `letter-…` anchor.
    pub(crate) letter: char,
    /// The section's terms, in pinyin order.
    pub(crate) terms: Vec<TermView<'g>>,
}

/// A level with its terms (revision page) or its count (glossary filter).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LevelSection<'g> {
    /// Importance 1–3, the value of the glossary's level filter and the `level-…` anchor.
    pub(crate) level: u8,
    /// The level as ★, ★★ or ★★★.
    pub(crate) stars: &'static str,
    /// Word for the level, e.g. 掌握.
    pub(crate) name: &'static str,
    /// Number of terms at this level, shown in brackets (a level with 0 is skipped on the revision page).
    pub(crate) count: usize,
    /// The level's terms in pinyin order on the revision page; empty on the glossary page.
    pub(crate) terms: Vec<TermView<'g>>,
}

/// The glossary page.
#[derive(Debug, Serialize)]
pub(crate) struct GlossaryPage<'g> {
    /// The A–Z jump bar, every letter whether or not terms use it.
    pub(crate) letters: Vec<Letter>,
    /// Terms grouped by first letter of their pinyin, A–Z then `#`.
    pub(crate) sections: Vec<LetterSection<'g>>,
    /// One entry per level, most important first, for the filter with its counts.
    pub(crate) levels: Vec<LevelSection<'g>>,
    /// Number of terms in the course, shown at the top and on the "all" filter.
    pub(crate) total: usize,
    /// The pages of a split glossary (the index first), the current one without a link; empty
    /// when the glossary is one page.
    pub(crate) parts: Vec<Link>,
}

/// The revision page.
#[derive(Debug, Serialize)]
pub(crate) struct RevisionPage<'g> {
    /// Every level most important first (★★★ 掌握 first), each with its terms.
    pub(crate) levels: Vec<LevelSection<'g>>,
    /// Number of terms in the course.
    pub(crate) total: usize,
    /// The pages of a split revision list (one level, or part of one, each), the current one
    /// without a link; empty when the list is one page.
    pub(crate) parts: Vec<Link>,
}

/// A module the revision page's terms can be filtered by.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ModuleChoice {
    /// The module's folder in the site, as each term's `module` names it.
    pub(crate) key: String,
    /// The module's title.
    pub(crate) title: String,
}

/// The modules of `course` whose pages define some term of `glossary`, in reading order.
pub(crate) fn module_choices(course: &Course, glossary: &Glossary) -> Vec<ModuleChoice> {
    let defining: std::collections::HashSet<&str> = glossary.terms.iter().map(|t| module_of(&t.page_url)).collect();
    course
        .modules
        .iter()
        .map(|m| ModuleChoice { key: module_of(&m.page.url).to_string(), title: m.page.front.title.to_string() })
        .filter(|m| defining.contains(m.key.as_str()))
        .collect()
}

/// The revision page with the modules its filter offers.
#[derive(Debug, Serialize)]
pub(crate) struct RevisionExtra<'m, 'g> {
    /// The page's levels and terms.
    #[serde(flatten)]
    pub(crate) page: RevisionPage<'g>,
    /// The modules defining terms, in reading order; the filter is left out with fewer than two.
    pub(crate) modules: &'m [ModuleChoice],
}

/// At most this many terms on a page of a split revision list (a page per level or part of
/// one), and at most about [`PART_BYTES`] of their cards.
const REVISION_PART_TERMS: usize = 800;
/// What a term's revision card takes besides its texts and addresses (about 0.5 KB measured).
const CARD_BYTES: usize = 640;

/// About how many bytes `term`'s revision card takes: what its author wrote ([`text_bytes`]),
/// its id, its module, the defining page's address and title, and the link to its glossary
/// entry (its part's file, its id encoded). Counted as its author's text alone, cards of
/// 100-character names defined in chapters of 1,000-character titles made pages of 2.9 MB.
fn card_bytes(term: &Term) -> usize {
    CARD_BYTES
        + text_bytes(term)
        + escaped_len(&term.id)
        + escaped_len(module_of(&term.page_url))
        + defined_in_bytes(term)
        + term.glossary_page.len()
        + term.encoded_id().len()
}

/// Terms a chapter defines, for its "本章术语" box.
#[derive(Debug, Default, Serialize)]
pub(crate) struct ChapterTerms<'g> {
    /// The chapter's own terms in pinyin order; empty hides the box.
    pub(crate) terms: Vec<TermView<'g>>,
}

/// The module of a page by its site path: its folder (`basics` for `basics/intro.html`), empty
/// for the home page.
pub(crate) fn module_of(page_url: &str) -> &str {
    page_url.rsplit_once('/').map_or("", |(folder, _)| folder)
}

/// Links to the pages of a split list (`(file, title)`), the page `current` without a link.
pub(crate) fn part_links(files: &[(String, String)], current: &str) -> Vec<Link> {
    files
        .iter()
        .map(|(file, title)| Link {
            title: title.clone(),
            href: if file == current { String::new() } else { file.clone() },
        })
        .collect()
}

/// The title of the module in `folder` on a uses page, by `titles` (folder → title): the home
/// page's label for a page in no module.
fn module_title<'t>(titles: &HashMap<&str, &'t str>, labels: &'t Labels, folder: &str) -> &'t str {
    titles.get(folder).copied().unwrap_or(labels.home)
}

/// Shapes glossary data for templates; `backlinks[i]` lists the pages using term `i`.
pub(crate) struct Views<'a> {
    /// Every term of the course.
    glossary: &'a Glossary,
    /// Labels in the course language, for the level names.
    labels: &'a Labels,
    /// For each term index, the pages using it, in reading order.
    backlinks: &'a [Vec<&'a Page>],
    /// Where the full lists of much-used terms are.
    uses: UsesPlan,
    /// Each module's title by its folder, for the uses pages (the home page's folder, "", is
    /// no module's).
    module_titles: HashMap<&'a str, &'a str>,
}

impl<'a> Views<'a> {
    /// The views of `glossary` where no page lists the pages using a term (a chapter's own
    /// box, the book).
    pub(crate) fn new(glossary: &'a Glossary, labels: &'a Labels) -> Views<'a> {
        Views { glossary, labels, backlinks: &[], uses: UsesPlan::default(), module_titles: HashMap::new() }
    }

    /// The views of `glossary` with the pages of `course` using each term (`backlinks`): the
    /// glossary's entries and the uses pages.
    pub(crate) fn with_uses(
        glossary: &'a Glossary,
        labels: &'a Labels,
        backlinks: &'a [Vec<&'a Page>],
        course: &'a Course,
    ) -> Views<'a> {
        let module_titles: HashMap<&str, &str> =
            course.modules.iter().map(|m| (module_of(&m.page.url), &*m.page.front.title)).collect();
        let uses = UsesPlan::of(backlinks, &glossary.terms, |folder| module_title(&module_titles, labels, folder));
        Views { glossary, labels, backlinks, uses, module_titles }
    }

    /// The pages listing every page that uses each much-used term, each with its site path.
    /// Shaped when asked for, as the glossary pages are.
    pub(crate) fn uses_pages(&self) -> Vec<(String, Lazy<'_, UsesPage>)> {
        self.uses
            .parts
            .iter()
            .map(|part| {
                let file = &part.file;
                // Links between the pages of one run (a term's list may go on in the next).
                let run: Vec<(String, String)> = self
                    .uses
                    .parts
                    .iter()
                    .filter(|other| other.run == part.run)
                    .enumerate()
                    .map(|(nth, other)| (other.file.clone(), (nth + 1).to_string()))
                    .collect();
                let parts = if run.len() > 1 { part_links(&run, file) } else { Vec::new() };
                let page = move || UsesPage {
                    sections: part.sections.iter().map(|(term, range)| self.term_uses(*term, range, file)).collect(),
                    parts,
                };
                (file.clone(), Box::new(page) as Lazy<'_, UsesPage>)
            })
            .collect()
    }

    /// The glossary and uses pages that change when which pages use the terms `changed`
    /// changes: the uses pages of their runs ([`USES_RUN_TERMS`]), and the glossary pages of
    /// every term of those runs (the page a term's full list starts in may move).
    pub(crate) fn pages_showing_uses_of(&self, changed: &std::collections::BTreeSet<usize>) -> HashSet<String> {
        let runs: std::collections::BTreeSet<usize> = changed.iter().map(|term| term / USES_RUN_TERMS).collect();
        let uses = self.uses.parts.iter().filter(|part| runs.contains(&part.run)).map(|part| part.file.clone());
        let terms = runs.iter().flat_map(|run| run * USES_RUN_TERMS..(run + 1) * USES_RUN_TERMS);
        let entries = terms.filter_map(|term| self.glossary.terms.get(term)).map(|t| t.glossary_page.clone());
        uses.chain(entries).collect()
    }

    /// The pages `range` of those using `term`, as listed on the uses page `file`, under the
    /// titles of their modules.
    fn term_uses(&self, term: usize, range: &std::ops::Range<usize>, file: &str) -> TermUses {
        let pages = &self.backlinks[term][range.clone()];
        let mut modules: Vec<ModuleUses> = Vec::new();
        let mut module_now = None;
        for page in pages {
            let module = module_of(&page.url);
            if module_now != Some(module) {
                module_now = Some(module);
                let title = listed_title(module_title(&self.module_titles, self.labels, module)).into_owned();
                modules.push(ModuleUses { title, pages: Vec::new() });
            }
            if let Some(last) = modules.last_mut() {
                let title = listed_title(&page.front.title).into_owned();
                last.pages.push(Link { title, href: relative_href(file, &page.url) });
            }
        }
        let t = &self.glossary.terms[term];
        TermUses {
            name: t.name.clone(),
            id: (range.start == 0).then(|| t.id.clone()),
            href: self.entry_href(term, file).into_owned(),
            count: self.labels.uses_count.replace("{n}", &self.backlinks[term].len().to_string()),
            continued: range.start > 0,
            modules,
        }
    }

    /// The link from the page at `from` to the entry of term `index`, on its glossary page:
    /// borrowed from the term on a page at the site's root (a glossary part, a uses page).
    fn entry_href(&self, index: usize, from: &str) -> Cow<'a, str> {
        let t: &'a Term = &self.glossary.terms[index];
        if t.glossary_page == from {
            Cow::Borrowed(t.entry_fragment())
        } else if from.contains('/') {
            Cow::Owned(format!("{}{}", root_prefix(from), t.entry_href()))
        } else {
            Cow::Borrowed(t.entry_href())
        }
    }

    /// Term `index` as its glossary entry shows it on the page `from`: with the pages using it.
    fn entry(&self, index: usize, from: &str) -> TermView<'a> {
        let t: &Term = &self.glossary.terms[index];
        TermView {
            see: t
                .see
                .iter()
                .map(|&s| TextLink { title: &self.glossary.terms[s].name, href: self.entry_href(s, from) })
                .collect(),
            used_in: self.backlinks.get(index).map_or_else(Vec::new, |pages| {
                pages
                    .iter()
                    .take(MAX_BACKLINKS)
                    .map(|page| Link {
                        title: listed_title(&page.front.title).into_owned(),
                        href: relative_href(from, &page.url),
                    })
                    .collect()
            }),
            used_more: self
                .backlinks
                .get(index)
                .map(|pages| pages.len().saturating_sub(MAX_BACKLINKS))
                .filter(|&more| more > 0)
                .zip(self.uses.file_of.get(index).copied().flatten())
                .map(|(more, part)| Link {
                    title: self.labels.used_more.replace("{n}", &more.to_string()),
                    href: format!("{}#{}", relative_href(from, &self.uses.parts[part].file), t.encoded_id()),
                }),
            ..self.card(index, from)
        }
    }

    /// Term `index` as a revision card or a chapter's box shows it on the page `from`: without
    /// the pages using it, so that those pages do not change as chapters start or stop using it,
    /// and without its see-also links, which neither shows (6,000 terms of 40 see-also links to
    /// names of 100 characters held 22 MB of addresses while the revision pages were written).
    fn card(&self, index: usize, from: &str) -> TermView<'a> {
        let t: &'a Term = &self.glossary.terms[index];
        TermView {
            name: &t.name,
            id: &t.id,
            href: self.entry_href(index, from),
            level: t.level.number(),
            stars: t.level.stars(),
            level_name: t.level.name(self.labels),
            en: t.en.as_deref(),
            aliases: &t.aliases,
            definition_html: &t.definition_html,
            see: Vec::new(),
            defined_in: TextLink { title: &t.page_title, href: relative_href(from, &t.page_url).into() },
            module: module_of(&t.page_url),
            used_in: Vec::new(),
            used_more: None,
        }
    }

    /// The glossary's pages, each with its site path: `glossary.html` with every term, or, for
    /// a large glossary, `glossary.html` with the A–Z bar and the list of parts, and one page
    /// per part (each page bounded, whatever the number of terms).
    /// Each page is shaped only when asked for (`Lazy`), so that a writer holds the pages it is
    /// writing, not all of them: a glossary of 6,000 terms has 72,000 backlinks.
    pub(crate) fn glossary_pages(&self) -> Vec<(String, Lazy<'_, GlossaryPage<'a>>)> {
        let glossary = self.glossary;
        let total = glossary.terms.len();
        // The same A–Z bar and level counts on every page: shaped once.
        let levels: Vec<LevelSection> =
            Level::MOST_IMPORTANT_FIRST.iter().map(|&level| self.level_section(level, None)).collect();
        // Percent-encoded (`letter-%23` for the id `letter-#`).
        let letter_href = |letter: char| {
            let anchor = encode_href(&format!("letter-{letter}"));
            match glossary.parts.iter().find(|p| p.letter == letter) {
                Some(part) => format!("{}#{anchor}", part.file),
                None => format!("#{anchor}"),
            }
        };
        let levels_of = |letter: char| -> String {
            (1..=3u8)
                .filter(|&n| glossary.terms.iter().any(|t| t.letter() == letter && t.level.number() == n))
                .map(|n| char::from(b'0' + n))
                .collect()
        };
        // `#` (terms starting with a digit or a symbol) after Z, as their section comes last,
        // shown only when there are such terms.
        let letters: Vec<Letter> = ('A'..='Z')
            .chain(std::iter::once('#'))
            .map(|letter| {
                let levels = levels_of(letter);
                Letter { letter, present: !levels.is_empty(), href: letter_href(letter), levels }
            })
            .filter(|l| l.letter != '#' || l.present)
            .collect();
        let levels = || levels.clone();
        let letters = || letters.clone();
        if glossary.parts.is_empty() {
            let page = GlossaryPage {
                letters: letters(),
                sections: self.sections(0..total, "glossary.html"),
                levels: levels(),
                total,
                parts: Vec::new(),
            };
            return vec![("glossary.html".to_string(), Box::new(move || page))];
        }
        let files: Vec<(String, String)> = std::iter::once(("glossary.html".to_string(), "A–Z".to_string()))
            .chain(glossary.parts.iter().map(|p| {
                let nth =
                    glossary.parts.iter().filter(|q| q.letter == p.letter && q.terms.start < p.terms.start).count();
                let title = if nth == 0 { p.letter.to_string() } else { format!("{}{}", p.letter, nth + 1) };
                (p.file.clone(), title)
            }))
            .collect();
        let parts = |current: &str| part_links(&files, current);
        let index = GlossaryPage {
            letters: letters(),
            sections: Vec::new(),
            levels: levels(),
            total,
            parts: parts("glossary.html"),
        };
        let mut pages: Vec<(String, Lazy<'_, GlossaryPage>)> =
            vec![("glossary.html".to_string(), Box::new(move || index))];
        for part in &glossary.parts {
            let (letters, levels, parts) = (letters(), levels(), parts(&part.file));
            let page = move || GlossaryPage {
                letters,
                sections: self.sections(part.terms.clone(), &part.file),
                levels,
                total,
                parts,
            };
            pages.push((part.file.clone(), Box::new(page)));
        }
        pages
    }

    /// The terms `range` as they appear on the glossary page `file`, by initial letter.
    fn sections(&self, range: std::ops::Range<usize>, file: &str) -> Vec<LetterSection<'a>> {
        let mut sections: Vec<LetterSection> = Vec::new();
        for index in range {
            let letter = self.glossary.terms[index].letter();
            let view = self.entry(index, file);
            match sections.last_mut() {
                Some(section) if section.letter == letter => section.terms.push(view),
                _ => sections.push(LetterSection { letter, terms: vec![view] }),
            }
        }
        sections.sort_by_key(|s| if s.letter == '#' { '~' } else { s.letter });
        sections
    }

    /// The revision pages, each with its site path: `revision.html` with every term, most
    /// important first; for a large glossary, one page per level (or part of one), the first
    /// being `revision.html`. Shaped when asked for, as the glossary pages are.
    pub(crate) fn revision_pages(&self) -> Vec<(String, Lazy<'_, RevisionPage<'a>>)> {
        let total = self.glossary.terms.len();
        if self.glossary.parts.is_empty() {
            let levels = Level::MOST_IMPORTANT_FIRST
                .iter()
                .map(|&level| self.level_section(level, Some(("revision.html", 0..usize::MAX))))
                .collect();
            let page = RevisionPage { levels, total, parts: Vec::new() };
            return vec![("revision.html".to_string(), Box::new(move || page))];
        }
        // (file, title) of each page, and its level with the level's terms from, to
        let mut files: Vec<(String, String)> = Vec::new();
        let mut plan: Vec<(Level, usize, usize)> = Vec::new();
        for &level in Level::MOST_IMPORTANT_FIRST.iter() {
            let sizes: Vec<usize> = self.glossary.terms.iter().filter(|t| t.level == level).map(card_bytes).collect();
            for (nth, run) in runs_within(&sizes, REVISION_PART_TERMS, PART_BYTES).into_iter().enumerate() {
                let from = run.start;
                let file = if files.is_empty() {
                    "revision.html".to_string()
                } else if nth == 0 {
                    format!("revision-{}.html", level.number())
                } else {
                    format!("revision-{}-{}.html", level.number(), nth + 1)
                };
                let title = if nth == 0 { level.stars().to_string() } else { format!("{} {}", level.stars(), nth + 1) };
                files.push((file, title));
                plan.push((level, from, run.end));
            }
        }
        files
            .iter()
            .zip(plan)
            .map(|((file, _), (level, from, to))| {
                let (owned, parts) = (file.clone(), part_links(&files, file));
                let page = move || RevisionPage {
                    levels: vec![self.level_section(level, Some((&owned, from..to)))],
                    total,
                    parts,
                };
                (file.clone(), Box::new(page) as Lazy<'_, RevisionPage>)
            })
            .collect()
    }

    /// A level with its count, and the terms `range` of the level as they appear on the page
    /// `on` (None: no terms). Only those terms are shaped: each part of a split list costs its
    /// own terms, not the level's.
    fn level_section(&self, level: Level, on: Option<(&str, std::ops::Range<usize>)>) -> LevelSection<'a> {
        let indices: Vec<usize> =
            self.glossary.terms.iter().enumerate().filter(|(_, t)| t.level == level).map(|(i, _)| i).collect();
        LevelSection {
            level: level.number(),
            stars: level.stars(),
            name: level.name(self.labels),
            count: indices.len(),
            terms: match on {
                Some((page, range)) => indices
                    .iter()
                    .skip(range.start)
                    .take(range.end.saturating_sub(range.start))
                    .map(|&i| self.card(i, page))
                    .collect(),
                None => Vec::new(),
            },
        }
    }

    /// The terms defined on the page at `page_url` (their indices come from
    /// [`Glossary::defined_on`], so the work per page does not grow with the course).
    pub(crate) fn chapter_terms(&self, page_url: &str) -> ChapterTerms<'a> {
        ChapterTerms { terms: self.glossary.defined_on(page_url).iter().map(|&i| self.card(i, page_url)).collect() }
    }
}
