//! Search: a client-side index built in Rust at build time, written as classic JavaScript files
//! so it works opened from a folder (`file://`, where fetch, modules and workers are blocked).
//!
//! The index holds each section's plain text (its heading, anchor and page) plus the glossary's
//! terms. The browser tokenizes queries and sections with the same rules as [`tokenize`],
//! builds postings per token when it first searches a shard, and ranks sections (BM25, see
//! `search.js`). A large course is split into one shard per module (several for a large module,
//! one for a run of small ones), each with a Bloom filter of its tokens, so a query loads only
//! the shards most likely to answer. The index carries text only once: it stays smaller than
//! the course's Markdown.
//!
//! Nothing a query needs is in one file that grows with the course: the main file
//! (`search/index.js`) only says how many files of each kind there are; each shard carries its
//! pages' addresses and titles; the Bloom filters are cut by token (`filter.rs`) and the
//! glossary's words by character (`lookup.rs`) into parts that a query loads by the tokens and
//! characters it holds ([`part_of`]).
//!
//! What the index takes from pages and the glossary is in `entries.rs` (`sections`,
//! `term_entries`); `IndexWriter` writes the files, `pack` shortens frequent Chinese
//! characters, and [`tokenize`] holds the rules shared with `search.js`.

mod entries;
mod filter;
mod lookup;
mod pack;
mod parts;
pub mod tokenize;

use serde::Serialize;

pub(crate) use entries::{sections, term_entries, PageEntry, Section, TermEntry};
pub use filter::probes;
pub use parts::part_of;

use lookup::Lookup;

/// The most bytes `search/index.js` may take. It is the file a phone loads at the first
/// search, so it must not grow with the course: it holds only how many files of each kind the
/// index has (a few numbers, under 200 bytes on any course), and everything that grows (pages,
/// Bloom filters, terms, synonyms) is in files loaded on demand.
pub const MAIN_FILE_MAX_BYTES: usize = 1024;

/// Above this much text, the index is split by module and Bloom filters decide what to load.
pub(crate) const SHARD_THRESHOLD_BYTES: usize = 512 * 1024;

/// A module with more text than this is split into shards of about this size (a page is never
/// split): the browser tokenizes a shard when it first searches it.
pub(crate) const SHARD_TARGET_BYTES: usize = 512 * 1024;

/// A shard is ended at a module's end once it holds this much text; a smaller module's pages
/// share it with the next module's ([`IndexWriter::end_module`]).
const SHARD_MODULE_END_BYTES: usize = SHARD_TARGET_BYTES / 2;

/// `search/index.js`: how many files of each kind the index has.
#[derive(Serialize)]
struct MainFile<'a> {
    /// Shards of text, `shard-N.js`.
    shards: usize,
    /// Parts of the Bloom filters, `filters-N.js`; 0 when the index is one shard.
    filters: usize,
    /// Parts of the glossary's words (see `lookup.rs`).
    #[serde(flatten)]
    lookup: &'a Lookup,
}

/// Writes the index while the site is rendered: pages arrive in reading order, module by
/// module. A large course gets a shard per module (several for a large module, one for a run of
/// modules under half a shard's text), each written
/// as soon as it is full, so the index text of only one shard waits in memory; a small course
/// gets a single shard.
/// With `retain` (watch and serve), the pages are kept so that one page's sections can be
/// replaced and only its shard (and the parts of the filters it changes) written again.
pub(crate) struct IndexWriter {
    split: bool,
    retain: bool,
    /// The shard of each page, in the order pages were added (a term's defining page is looked
    /// up here).
    page_shards: Vec<usize>,
    /// Each shard's Bloom filter, in pieces, one per part of the filters (none when not split).
    filters: Vec<Vec<String>>,
    /// Parts of the filters: 0 when not split.
    filter_parts: usize,
    /// Pages by shard (in an index that is not split, as each call of `add_pages` brought them),
    /// with the index of their first page: kept when retaining, and until `finish` for an index
    /// that is not split.
    groups: Vec<(usize, Vec<PageEntry>)>,
    /// In a split index, the pages not yet written in a shard (of the module being indexed,
    /// and of small modules before it), and the bytes of their text.
    open: Vec<PageEntry>,
    open_bytes: usize,
    bytes: usize,
    synonyms: Vec<Vec<String>>,
}

/// A function that writes one file of the index (site path, contents).
pub(crate) type Write<'a, E> = &'a dyn Fn(&str, &str) -> Result<(), E>;

impl IndexWriter {
    /// Splits by module when the course's Markdown is larger than [`SHARD_THRESHOLD_BYTES`],
    /// with a part of the filters per [`filter::MARKDOWN_PER_FILTER_PART`] of Markdown;
    /// `synonyms` (from book.toml) go to the index for the query to use.
    pub(crate) fn new(markdown_bytes: usize, retain: bool, synonyms: Vec<Vec<String>>) -> IndexWriter {
        let split = markdown_bytes > SHARD_THRESHOLD_BYTES;
        IndexWriter {
            split,
            retain,
            page_shards: Vec::new(),
            filters: Vec::new(),
            filter_parts: if split { parts::count_for(markdown_bytes, filter::MARKDOWN_PER_FILTER_PART) } else { 0 },
            groups: Vec::new(),
            open: Vec::new(),
            open_bytes: 0,
            bytes: 0,
            synonyms,
        }
    }

    /// Adds the pages of the next module (the first call also carries the home page). In a split
    /// index the module becomes one shard, or several of about [`SHARD_TARGET_BYTES`] each when
    /// it is large, or shares one with the next modules when small ([`Self::end_module`]), so
    /// that a query never loads more text than it needs.
    pub(crate) fn add<E>(&mut self, pages: Vec<PageEntry>, write: Write<'_, E>) -> Result<(), E> {
        self.add_pages(pages, write)?;
        self.end_module(write)
    }

    /// Adds the next pages of the module being indexed; in a split index a shard is written as
    /// soon as it is full, so that only one shard's text waits in memory, however large the
    /// module.
    pub(crate) fn add_pages<E>(&mut self, pages: Vec<PageEntry>, write: Write<'_, E>) -> Result<(), E> {
        if !self.split {
            let first = self.page_shards.len();
            self.page_shards.extend(pages.iter().map(|_| 0));
            self.groups.push((first, pages));
            return Ok(());
        }
        for page in pages {
            let size: usize = page.sections.iter().map(|s| s.heading.len() + s.text.len()).sum();
            if !self.open.is_empty() && self.open_bytes + size > SHARD_TARGET_BYTES {
                self.write_open_shard(write)?;
            }
            self.open.push(page);
            self.open_bytes += size;
        }
        Ok(())
    }

    /// Ends the module being indexed: its shard is written when it holds at least half a
    /// shard's text; a smaller module's pages wait for the next module's, so that a course of
    /// many small modules (6,000 of one chapter each) has shards of about the usual size, not
    /// thousands of tiny ones, each with its Bloom filter in every part of the filters.
    pub(crate) fn end_module<E>(&mut self, write: Write<'_, E>) -> Result<(), E> {
        if self.open_bytes >= SHARD_MODULE_END_BYTES {
            self.write_open_shard(write)?;
        }
        Ok(())
    }

    /// Writes the pages waiting in the split index as one shard (a page alone when it is
    /// larger than a shard), and keeps its filter's pieces for the parts of the filters.
    fn write_open_shard<E>(&mut self, write: Write<'_, E>) -> Result<(), E> {
        if self.open.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::take(&mut self.open);
        self.open_bytes = 0;
        let (first, shard) = (self.page_shards.len(), self.filters.len());
        self.page_shards.extend(chunk.iter().map(|_| shard));
        let contents = shard_file(shard, first, chunk.iter());
        write(&shard_path(shard), &contents)?;
        self.bytes += contents.len();
        self.filters.push(filter::pieces(chunk.iter(), shard, self.filter_parts));
        if self.retain {
            self.groups.push((first, chunk));
        }
        Ok(())
    }

    /// Writes what is left: the last shard (or the only one), the parts of the filters, the
    /// glossary's files and the main file; returns the index's total size in bytes.
    pub(crate) fn finish<E>(&mut self, terms: &[TermEntry], write: Write<'_, E>) -> Result<usize, E> {
        self.write_open_shard(write)?;
        if !self.split {
            let contents = shard_file(0, 0, self.all_pages());
            write(&shard_path(0), &contents)?;
            self.bytes += contents.len();
            self.filters = vec![Vec::new()];
            if !self.retain {
                self.groups.clear();
            }
        }
        for part in 0..self.filter_parts {
            self.bytes += self.write_filter_part(part, write)?;
        }
        let page_shards = &self.page_shards;
        let shard_of = |page: usize| page_shards.get(page).copied().unwrap_or(0);
        let (lookup, lookup_bytes) = lookup::write(terms, &self.synonyms, shard_of, write)?;
        self.bytes += lookup_bytes;
        let main = MainFile { shards: self.filters.len(), filters: self.filter_parts, lookup: &lookup };
        let contents = format!("coursebookSearchIndex.main({});\n", to_json(&main));
        write("search/index.js", &contents)?;
        Ok(self.bytes + contents.len())
    }

    /// Replaces the sections of the page at `href` and writes its shard again, with the parts
    /// of the filters whose piece of that shard changed (needs `retain`). Returns false when
    /// the page is not in the index.
    pub(crate) fn replace<E>(&mut self, href: &str, sections: Vec<Section>, write: Write<'_, E>) -> Result<bool, E> {
        let Some((group, position)) = self
            .groups
            .iter()
            .enumerate()
            .find_map(|(g, (_, pages))| pages.iter().position(|p| p.href == href).map(|i| (g, i)))
        else {
            return Ok(false);
        };
        self.groups[group].1[position].sections = sections;
        if !self.split {
            write(&shard_path(0), &shard_file(0, 0, self.all_pages()))?;
            return Ok(true);
        }
        let (first, pages) = &self.groups[group];
        write(&shard_path(group), &shard_file(group, *first, pages.iter()))?;
        let pieces = filter::pieces(pages.iter(), group, self.filter_parts);
        let changed: Vec<usize> = (0..self.filter_parts).filter(|&p| pieces[p] != self.filters[group][p]).collect();
        self.filters[group] = pieces;
        for part in changed {
            self.write_filter_part(part, write)?;
        }
        Ok(true)
    }

    /// Every page kept, in order.
    fn all_pages(&self) -> impl Iterator<Item = &PageEntry> {
        self.groups.iter().flat_map(|(_, pages)| pages)
    }

    /// Writes part `part` of the filters: that piece of every shard's filter, in shard order.
    /// Returns its size in bytes.
    fn write_filter_part<E>(&self, part: usize, write: Write<'_, E>) -> Result<usize, E> {
        let pieces: Vec<&str> = self.filters.iter().map(|pieces| pieces[part].as_str()).collect();
        let contents = format!("coursebookSearchIndex.part(\"filters\",{part},{});\n", to_json(&pieces));
        write(&format!("search/filters-{part}.js"), &contents)?;
        Ok(contents.len())
    }
}

/// `len` zeros (`T::default()`, zero for the integers and `false`), written into memory of
/// their own. What `vec![0; n]` returns may be zero without being written (pages fresh from
/// the system); reading such a page first maps the system's shared page of zeros, and writing
/// it then stops the other core to flush its address cache: the counting arrays of every
/// shard, read whole and written here and there, cost a large build a fifth of its time that
/// way on two cores (perf, the seventh generator's `en` at 6,000 chapters). For arrays read
/// before they are all written.
fn written_zeros<T: Copy + Default>(len: usize) -> Vec<T> {
    // Seen through, an allocation followed by zeros may be turned into a zeroed allocation.
    let mut zeros: Vec<T> = std::hint::black_box(Vec::with_capacity(len));
    zeros.resize(len, T::default());
    zeros
}

/// The site path of shard `n`.
fn shard_path(n: usize) -> String {
    format!("search/shard-{n}.js")
}

/// JSON of what the index writes; serializing these plain values cannot fail, and an empty
/// list would only lose the file's entries.
fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".into())
}

/// The file of shard `n` holding `pages`, the first of which is page `first` of the course:
/// each page's address and title (as written), then its sections.
fn shard_file<'p>(n: usize, first: usize, pages: impl Iterator<Item = &'p PageEntry>) -> String {
    let pages: Vec<&PageEntry> = pages.collect();
    let sections = || pages.iter().enumerate().flat_map(|(i, page)| page.sections.iter().map(move |s| (i, s)));
    let packer = pack::Packer::new(sections().flat_map(|(_, s)| [s.heading.as_str(), s.text.as_str()]));
    let listed: Vec<(&str, &str)> = pages.iter().map(|p| (p.href.as_str(), p.title.as_str())).collect();
    // Each document: [page (in this shard), anchor, heading, text]; the anchor is 0 when it is
    // the heading itself (the common case for Chinese headings), which keeps the index small.
    let docs: Vec<(usize, AnchorField<'_>, String, String)> = sections()
        .map(|(i, s)| {
            let anchor = if s.anchor == s.heading && !s.anchor.is_empty() {
                AnchorField::SameAsHeading
            } else {
                AnchorField::Id(&s.anchor)
            };
            (i, anchor, packer.pack(&s.heading), packer.pack(&s.text))
        })
        .collect();
    let (listed, docs, table) = (to_json(&listed), to_json(&docs), to_json(&packer.table));
    format!("coursebookSearchIndex.shard({n},{first},{listed},{docs},{table});\n")
}

/// A section's anchor in the index: written out, or `0` for "same as the heading".
#[derive(Debug, Clone, Copy)]
enum AnchorField<'a> {
    Id(&'a str),
    SameAsHeading,
}

impl Serialize for AnchorField<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            AnchorField::Id(id) => serializer.serialize_str(id),
            AnchorField::SameAsHeading => serializer.serialize_u8(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// The files a writer writes for `groups` of pages (one group per module), in path order.
    fn build_index(markdown_bytes: usize, groups: Vec<Vec<PageEntry>>) -> Vec<(String, String)> {
        let files = Mutex::new(Vec::new());
        let write = |path: &str, contents: &str| -> Result<(), ()> {
            files.lock().unwrap().push((path.to_string(), contents.to_string()));
            Ok(())
        };
        let mut writer = IndexWriter::new(markdown_bytes, false, Vec::new());
        for group in groups {
            writer.add(group, &write).unwrap();
        }
        writer.finish(&[], &write).unwrap();
        let mut files = files.into_inner().unwrap();
        files.sort();
        files
    }

    /// The contents of the file at `path`.
    fn file<'f>(files: &'f [(String, String)], path: &str) -> &'f str {
        files.iter().find(|(p, _)| p == path).map(|(_, c)| c.as_str()).unwrap_or_else(|| panic!("no {path}"))
    }

    /// The shards written, by path.
    fn shards(files: &[(String, String)]) -> Vec<&str> {
        files.iter().filter(|(path, _)| path.contains("shard-")).map(|(p, _)| p.as_str()).collect()
    }

    /// The pieces of every shard's filter in part `part` of the filters.
    fn pieces(files: &[(String, String)], part: usize) -> Vec<String> {
        let contents = file(files, &format!("search/filters-{part}.js"));
        let json = contents.split_once(&format!(",{part},")).unwrap().1.trim_end().trim_end_matches(");");
        serde_json::from_str(json).unwrap()
    }

    fn page(title: &str, anchor: &str, heading: &str, text: &str) -> PageEntry {
        PageEntry {
            href: format!("{title}.html"),
            title: title.into(),
            sections: vec![Section { anchor: anchor.into(), heading: heading.into(), text: text.into() }],
        }
    }

    #[test]
    fn small_index_is_one_shard_without_filters() {
        let index =
            build_index(100, vec![vec![page("a", "x", "退货", "七天")], vec![page("b", "退货", "退货", "七天")]]);
        let main = file(&index, "search/index.js");
        assert!(main.starts_with("coursebookSearchIndex.main({\"shards\":1,\"filters\":0,"), "{main}");
        assert!(!index.iter().any(|(path, _)| path.contains("filters-")));
        let shard = file(&index, "search/shard-0.js");
        assert!(
            shard.starts_with("coursebookSearchIndex.shard(0,0,[[\"a.html\",\"a\"],[\"b.html\",\"b\"]],"),
            "{shard}"
        );
        assert!(shard.contains("[0,\"x\",\"退货\",\"七天\"]"), "{shard}");
        assert!(shard.contains("[1,0,\"退货\",\"七天\"]"), "anchor equal to heading is 0: {shard}");
    }

    #[test]
    fn large_index_is_split_by_module_with_its_filters_in_parts() {
        let markdown = 3 * filter::MARKDOWN_PER_FILTER_PART;
        // Each module holds half a shard's text: each has its own shard.
        let half = "x".repeat(SHARD_MODULE_END_BYTES);
        let index = build_index(
            markdown,
            vec![vec![page("a", "", "", &format!("客户满意度调查{half}"))], vec![page("b", "", "", "退货")]],
        );
        let main = file(&index, "search/index.js");
        assert!(main.contains("\"shards\":2,\"filters\":3,"), "{main}");
        assert!(file(&index, "search/shard-0.js").contains("客户满意度"));
        let second = file(&index, "search/shard-1.js");
        assert!(second.starts_with("coursebookSearchIndex.shard(1,1,[[\"b.html\",\"b\"]],[[0,"), "{second}");
        for part in 0..3 {
            assert_eq!(pieces(&index, part).len(), 2, "a piece of each shard's filter in part {part}");
        }
    }

    #[test]
    fn the_main_file_stays_within_its_bound_on_any_course() {
        let files = Mutex::new(Vec::new());
        let write = |path: &str, contents: &str| -> Result<(), ()> {
            files.lock().unwrap().push((path.to_string(), contents.to_string()));
            Ok(())
        };
        // A course of 1 GB of Markdown: 4,096 parts of the filters.
        let mut writer = IndexWriter::new(1 << 30, false, Vec::new());
        // Forty modules of half a shard's text: a shard each.
        let half = "x".repeat(SHARD_MODULE_END_BYTES);
        for i in 0..40 {
            writer.add(vec![page(&format!("第{i}章"), "", "", &half)], &write).unwrap();
        }
        writer.finish(&[], &write).unwrap();
        let files = files.into_inner().unwrap();
        let main = file(&files, "search/index.js");
        assert!(main.contains("\"shards\":40,\"filters\":4096,"), "{main}");
        assert!(main.len() <= MAIN_FILE_MAX_BYTES / 4, "{} bytes: {main}", main.len());
    }

    #[test]
    fn small_modules_share_a_shard_until_it_holds_half_a_shards_text() {
        // A module under half a shard's text waits for the next; a module with more ends its shard.
        let text = |bytes: usize| "x".repeat(bytes);
        let mut modules: Vec<Vec<PageEntry>> =
            (0..5).map(|i| vec![page(&format!("s{i}"), "", "", &text(SHARD_TARGET_BYTES / 8))]).collect();
        modules.push(vec![page("big", "", "", &text(SHARD_MODULE_END_BYTES))]);
        modules.push(vec![page("last", "", "", "退货")]);
        let index = build_index(SHARD_THRESHOLD_BYTES + 1, modules);
        let starts: Vec<&str> = shards(&index).iter().map(|path| &file(&index, path)[..48]).collect();
        assert_eq!(starts.len(), 3, "{starts:?}");
        // s0–s3 fill half a shard (4 × 1/8); s4 and the large module share the next; the last alone.
        assert!(starts[0].starts_with("coursebookSearchIndex.shard(0,0,[[\"s0.html\""), "{starts:?}");
        assert!(starts[1].starts_with("coursebookSearchIndex.shard(1,4,[[\"s4.html\""), "{starts:?}");
        assert!(starts[2].starts_with("coursebookSearchIndex.shard(2,6,[[\"last.html\""), "{starts:?}");
    }

    #[test]
    fn a_large_course_of_one_module_is_split_too() {
        let big = |title: &str| page(title, "", "", &"客".repeat(100 * 1024));
        let index = build_index(SHARD_THRESHOLD_BYTES + 1, vec![vec![big("a"), big("b")]]);
        assert_eq!(shards(&index).len(), 2, "one module, two shards of about the target size");
        for shard in 0..2 {
            let filtered = (0..3).any(|part| !pieces(&index, part)[shard].is_empty());
            assert!(filtered, "shard {shard} has its Bloom filter");
        }
    }

    #[test]
    fn a_large_module_is_split_into_shards_of_bounded_size() {
        let big = |title: &str| page(title, "", "", &"客".repeat(100 * 1024));
        let index = build_index(
            SHARD_THRESHOLD_BYTES + 1,
            vec![vec![big("a"), big("b"), big("c")], vec![page("d", "", "", "退货")]],
        );
        // 300 KB per page: a and b are 600 KB, over the target, so each 300 KB page has a shard.
        assert_eq!(
            shards(&index),
            ["search/shard-0.js", "search/shard-1.js", "search/shard-2.js", "search/shard-3.js"]
        );
        assert!(index.iter().all(|(_, contents)| contents.len() < SHARD_TARGET_BYTES + 64 * 1024));
        let last = file(&index, "search/shard-3.js");
        assert!(
            last.starts_with("coursebookSearchIndex.shard(3,3,[[\"d.html\",\"d\"]]"),
            "the next module's page in the next shard: {last}"
        );
        assert!(file(&index, "search/shard-1.js").starts_with("coursebookSearchIndex.shard(1,1,[[\"b.html\",\"b\"]]"));
    }

    #[test]
    fn a_module_fed_in_batches_gives_the_shards_of_the_whole_module() {
        let sized = |title: &str, kb: usize| page(title, "", "", &"户".repeat(kb * 1024 / 3));
        let module = || vec![sized("a", 200), sized("b", 200), sized("c", 200), sized("d", 10), sized("e", 400)];
        let whole = build_index(SHARD_THRESHOLD_BYTES + 1, vec![module(), vec![page("f", "", "", "退货")]]);
        let files = Mutex::new(Vec::new());
        let write = |path: &str, contents: &str| -> Result<(), ()> {
            files.lock().unwrap().push((path.to_string(), contents.to_string()));
            Ok(())
        };
        let mut writer = IndexWriter::new(SHARD_THRESHOLD_BYTES + 1, false, Vec::new());
        let mut pages = module();
        let rest = pages.split_off(2);
        writer.add_pages(pages, &write).unwrap();
        // The first two pages fill a shard: it is written before the module ends.
        assert_eq!(files.lock().unwrap().len(), 0, "a shard is written when the next page would overflow it");
        writer.add_pages(rest, &write).unwrap();
        assert_eq!(files.lock().unwrap().len(), 2, "a+b, then c+d: e would overflow");
        writer.end_module(&write).unwrap();
        writer.add_pages(vec![page("f", "", "", "退货")], &write).unwrap();
        writer.finish(&[], &write).unwrap();
        let mut batched = files.into_inner().unwrap();
        batched.sort();
        assert_eq!(batched, whole);
        assert_eq!(shards(&batched).len(), 4);
    }
}
