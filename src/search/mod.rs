//! Search: a client-side index built in Rust at build time, written as classic JavaScript files
//! so it works opened from a folder (`file://`, where fetch, modules and workers are blocked).
//!
//! The index holds each section's plain text (its heading, anchor and page) plus the glossary's
//! terms. The browser tokenizes queries and sections with the same rules as [`tokenize`],
//! builds postings per token when it first searches a shard, and ranks sections (BM25, see
//! `search.js`). A large course is split into one shard per module (several for a large module),
//! each with a Bloom filter of its tokens in the main file, so a query loads only the shards
//! most likely to answer. The index carries text only once: it stays smaller than the course's
//! Markdown.
//!
//! What the index takes from pages and the glossary is in `entries.rs` (`sections`,
//! `term_entries`); `IndexWriter` writes the files, `pack` shortens frequent Chinese
//! characters, and [`tokenize`] holds the rules shared with `search.js`.

mod entries;
mod pack;
pub mod tokenize;

use serde::Serialize;

use crate::markup::fnv1a;

pub(crate) use entries::{sections, term_entries, PageEntry, Section, TermEntry};

/// Above this much text, the index is split by module and Bloom filters decide what to load.
pub(crate) const SHARD_THRESHOLD_BYTES: usize = 512 * 1024;

/// A module with more text than this is split into shards of about this size (a page is never
/// split): the browser tokenizes a shard when it first searches it.
pub(crate) const SHARD_TARGET_BYTES: usize = 512 * 1024;

#[derive(Serialize)]
struct MainFile<'a> {
    /// [href, title, shard] per page.
    pages: Vec<(&'a str, &'a str, usize)>,
    shards: &'a [ShardInfo],
    terms: &'a [TermEntry],
    /// `[search] synonyms`: groups of words that mean the same to the query.
    synonyms: &'a [Vec<String>],
}

#[derive(Serialize)]
struct ShardInfo {
    file: String,
    /// Bloom filter of the shard's tokens, base64; empty when the index is not split.
    filter: String,
    bits: u32,
}

/// Writes the index while the site is rendered: pages arrive in reading order, module by
/// module. A large course gets a shard per module (several for a large module), each written
/// as soon as it is full, so the index text of only one shard waits in memory; a small course
/// gets a single shard.
/// With `retain` (watch and serve), the pages are kept so that one page's sections can be
/// replaced and only its shard written again.
pub(crate) struct IndexWriter {
    split: bool,
    retain: bool,
    /// [href, title, shard] per page, in the order pages were added.
    pages: Vec<(String, String, usize)>,
    shards: Vec<ShardInfo>,
    /// Pages by module, with the index of their first page: kept when retaining, and until
    /// `finish` for an index that is not split.
    groups: Vec<(usize, Vec<PageEntry>)>,
    /// In a split index, the pages of the module being indexed not yet written in a shard,
    /// and the bytes of their text.
    open: Vec<PageEntry>,
    open_bytes: usize,
    bytes: usize,
    synonyms: Vec<Vec<String>>,
}

/// A function that writes one file of the index (site path, contents).
pub(crate) type Write<'a, E> = &'a dyn Fn(&str, &str) -> Result<(), E>;

impl IndexWriter {
    /// Splits by module when the course's Markdown is larger than [`SHARD_THRESHOLD_BYTES`];
    /// `synonyms` (from book.toml) go to the main file for the query to use.
    pub(crate) fn new(markdown_bytes: usize, retain: bool, synonyms: Vec<Vec<String>>) -> IndexWriter {
        IndexWriter {
            split: markdown_bytes > SHARD_THRESHOLD_BYTES,
            retain,
            pages: Vec::new(),
            shards: Vec::new(),
            groups: Vec::new(),
            open: Vec::new(),
            open_bytes: 0,
            bytes: 0,
            synonyms,
        }
    }

    /// Adds the pages of the next module (the first call also carries the home page). In a split
    /// index the module becomes one shard, or several of about [`SHARD_TARGET_BYTES`] each when
    /// it is large, so that a query never loads more text than it needs.
    pub(crate) fn add<E>(&mut self, pages: Vec<PageEntry>, write: Write<'_, E>) -> Result<(), E> {
        self.add_pages(pages, write)?;
        self.end_module(write)
    }

    /// Adds the next pages of the module being indexed; in a split index a shard is written as
    /// soon as it is full, so that only one shard's text waits in memory, however large the
    /// module.
    pub(crate) fn add_pages<E>(&mut self, pages: Vec<PageEntry>, write: Write<'_, E>) -> Result<(), E> {
        if !self.split {
            let first = self.pages.len();
            self.pages.extend(pages.iter().map(|p| (p.href.clone(), p.title.clone(), 0)));
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

    /// Ends the module being indexed: a shard never holds pages of two modules.
    pub(crate) fn end_module<E>(&mut self, write: Write<'_, E>) -> Result<(), E> {
        self.write_open_shard(write)
    }

    /// Writes the pages waiting in the split index as one shard (a page alone when it is
    /// larger than a shard).
    fn write_open_shard<E>(&mut self, write: Write<'_, E>) -> Result<(), E> {
        if self.open.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::take(&mut self.open);
        self.open_bytes = 0;
        let (first, shard) = (self.pages.len(), self.shards.len());
        self.pages.extend(chunk.iter().map(|p| (p.href.clone(), p.title.clone(), shard)));
        let (info, contents) = shard_file(shard, chunk.iter().enumerate().map(|(i, p)| (first + i, p)), true);
        write(&info.file, &contents)?;
        self.bytes += contents.len();
        self.shards.push(info);
        if self.retain {
            self.groups.push((first, chunk));
        }
        Ok(())
    }

    /// Writes what is left and the main file; returns the index's total size in bytes.
    pub(crate) fn finish<E>(&mut self, terms: &[TermEntry], write: Write<'_, E>) -> Result<usize, E> {
        self.end_module(write)?;
        if !self.split {
            let (info, contents) = shard_file(0, self.all_pages(), false);
            write(&info.file, &contents)?;
            self.bytes += contents.len();
            self.shards = vec![info];
            if !self.retain {
                self.groups.clear();
            }
        }
        let main = self.write_main(terms, write)?;
        Ok(self.bytes + main)
    }

    /// Replaces the sections of the page at `href` and writes its shard and the main file again
    /// (needs `retain`). Returns false when the page is not in the index.
    pub(crate) fn replace<E>(
        &mut self,
        href: &str,
        sections: Vec<Section>,
        terms: &[TermEntry],
        write: Write<'_, E>,
    ) -> Result<bool, E> {
        let Some((group, position)) = self
            .groups
            .iter()
            .enumerate()
            .find_map(|(g, (_, pages))| pages.iter().position(|p| p.href == href).map(|i| (g, i)))
        else {
            return Ok(false);
        };
        self.groups[group].1[position].sections = sections;
        let (info, contents) = if self.split {
            let (first, pages) = &self.groups[group];
            shard_file(group, pages.iter().enumerate().map(|(i, p)| (first + i, p)), true)
        } else {
            shard_file(0, self.all_pages(), false)
        };
        write(&info.file, &contents)?;
        let slot = if self.split { group } else { 0 };
        self.shards[slot] = info;
        self.write_main(terms, write)?;
        Ok(true)
    }

    fn all_pages(&self) -> impl Iterator<Item = (usize, &PageEntry)> {
        self.groups.iter().flat_map(|(first, pages)| pages.iter().enumerate().map(move |(i, p)| (first + i, p)))
    }

    fn write_main<E>(&self, terms: &[TermEntry], write: Write<'_, E>) -> Result<usize, E> {
        let main = MainFile {
            pages: self.pages.iter().map(|(href, title, shard)| (href.as_str(), title.as_str(), *shard)).collect(),
            shards: &self.shards,
            terms,
            synonyms: &self.synonyms,
        };
        let json = serde_json::to_string(&main).unwrap_or_else(|_| "{}".into());
        let contents = format!("coursebookSearchIndex.main({json});\n");
        write("search/index.js", &contents)?;
        Ok(contents.len())
    }
}

/// The file of shard `n` holding `pages` (each with its index in the page list), with a Bloom
/// filter when the index is split.
fn shard_file<'p>(
    n: usize,
    pages: impl Iterator<Item = (usize, &'p PageEntry)>,
    with_filter: bool,
) -> (ShardInfo, String) {
    let pages: Vec<(usize, &PageEntry)> = pages.collect();
    let sections = || pages.iter().flat_map(|(index, page)| page.sections.iter().map(move |s| (*index, s)));
    let packer = pack::Packer::new(sections().flat_map(|(_, s)| [s.heading.as_str(), s.text.as_str()]));
    // Each document: [page index, anchor, heading, text]; the anchor is 0 when it is the
    // heading itself (the common case for Chinese headings), which keeps the index small.
    let docs: Vec<(usize, AnchorField<'_>, String, String)> = sections()
        .map(|(index, s)| {
            let anchor = if s.anchor == s.heading && !s.anchor.is_empty() {
                AnchorField::SameAsHeading
            } else {
                AnchorField::Id(&s.anchor)
            };
            (index, anchor, packer.pack(&s.heading), packer.pack(&s.text))
        })
        .collect();
    let file = format!("search/shard-{n}.js");
    let (filter, bits) = if with_filter { bloom(pages.iter().map(|(_, p)| *p)) } else { (String::new(), 0) };
    let json = serde_json::to_string(&docs).unwrap_or_else(|_| "[]".into());
    let table = serde_json::to_string(&packer.table).unwrap_or_else(|_| "\"\"".into());
    (ShardInfo { file, filter, bits }, format!("coursebookSearchIndex.shard({n},{json},{table});\n"))
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

/// A Bloom filter (3 probes, ~10 bits per distinct token) of the tokens of a shard's pages
/// (titles, headings, text), base64-encoded, and its size in bits. Tokens are hashed once; the
/// distinct hashes size the filter.
fn bloom<'p>(pages: impl Iterator<Item = &'p PageEntry>) -> (String, u32) {
    let mut hashes: Vec<u32> = Vec::new();
    let mut add = |text: &str| hashes.extend(tokenize::tokens(&tokenize::normalize(text)).into_iter().map(fnv1a));
    for page in pages {
        add(&page.title);
        for section in &page.sections {
            add(&section.heading);
            add(&section.text);
        }
    }
    hashes.sort_unstable();
    hashes.dedup();
    let bits = (hashes.len() as u32 * 10).max(64).next_power_of_two();
    let mut filter = vec![0u8; (bits / 8) as usize];
    for &h in &hashes {
        for probe in probes_of_hash(h, bits) {
            filter[(probe / 8) as usize] |= 1 << (probe % 8);
        }
    }
    (base64(&filter), bits)
}

/// Bit positions of a token: FNV-1a over its UTF-8 bytes, double hashing (mirrored in search.js).
pub fn probes(token: &str, bits: u32) -> [u32; 3] {
    probes_of_hash(fnv1a(token), bits)
}

fn probes_of_hash(h: u32, bits: u32) -> [u32; 3] {
    let mut g = (h ^ (h >> 15)).wrapping_mul(2_246_822_507);
    g = (g ^ (g >> 13)) | 1;
    [0u32, 1, 2].map(|i| h.wrapping_add(i.wrapping_mul(g)) % bits)
}

fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(TABLE[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// The files the writer writes for `groups` of pages (one group per module), in path order.
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

    fn page(title: &str, anchor: &str, heading: &str, text: &str) -> PageEntry {
        PageEntry {
            href: format!("{title}.html"),
            title: title.into(),
            sections: vec![Section { anchor: anchor.into(), heading: heading.into(), text: text.into() }],
        }
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
    }

    #[test]
    fn small_index_is_one_shard_without_filter() {
        let index =
            build_index(100, vec![vec![page("a", "x", "退货", "七天")], vec![page("b", "退货", "退货", "七天")]]);
        assert_eq!(index.len(), 2);
        assert!(index[0].1.starts_with("coursebookSearchIndex.main({"));
        assert!(index[0].1.contains("\"bits\":0"));
        assert!(index[1].1.contains("[0,\"x\",\"退货\",\"七天\"]"), "{}", index[1].1);
        assert!(index[1].1.contains("[1,0,\"退货\",\"七天\"]"), "anchor equal to heading is 0: {}", index[1].1);
    }

    #[test]
    fn large_index_is_split_by_module_with_filters() {
        let index = build_index(
            SHARD_THRESHOLD_BYTES + 1,
            vec![vec![page("a", "", "", "客户满意度调查")], vec![page("b", "", "", "退货")]],
        );
        assert_eq!(index.len(), 3);
        assert!(index[1].1.starts_with("coursebookSearchIndex.shard(0,") && index[1].1.contains("客户满意度"));
        assert!(index[2].1.starts_with("coursebookSearchIndex.shard(1,") && index[2].1.contains("[1,"));
        let bits = |text: &str| text.split("\"bits\":").nth(1).map(|s| s.split(['}', ',']).next().unwrap().to_string());
        assert!(bits(&index[0].1).is_some_and(|b| b != "0"), "filters written: {}", index[0].1);
    }

    #[test]
    fn a_large_course_of_one_module_is_split_too() {
        let big = |title: &str| page(title, "", "", &"客".repeat(100 * 1024));
        let index = build_index(SHARD_THRESHOLD_BYTES + 1, vec![vec![big("a"), big("b")]]);
        let shards = index.iter().filter(|(path, _)| path.contains("shard-")).count();
        assert_eq!(shards, 2, "one module, two shards of about the target size");
        assert!(!index[0].1.contains("\"bits\":0"), "each with its Bloom filter: {}", &index[0].1[..200]);
    }

    #[test]
    fn a_large_module_is_split_into_shards_of_bounded_size() {
        let big = |title: &str| page(title, "", "", &"客".repeat(100 * 1024));
        let index = build_index(
            SHARD_THRESHOLD_BYTES + 1,
            vec![vec![big("a"), big("b"), big("c")], vec![page("d", "", "", "退货")]],
        );
        // 300 KB per page: a and b are 600 KB, over the target, so each 300 KB page has a shard.
        let shards: Vec<&str> =
            index.iter().filter(|(path, _)| path.contains("shard-")).map(|(p, _)| p.as_str()).collect();
        assert_eq!(shards, ["search/shard-0.js", "search/shard-1.js", "search/shard-2.js", "search/shard-3.js"]);
        assert!(index
            .iter()
            .all(|(_, contents)| contents.len() < SHARD_TARGET_BYTES + 64 * 1024 || contents.contains("main(")));
        let main = &index[0].1;
        assert!(main.contains("[\"d.html\",\"d\",3]"), "the next module's page is in the next shard: {main}");
        assert!(main.contains("[\"b.html\",\"b\",1]"), "{main}");
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
        assert_eq!(batched.iter().filter(|(path, _)| path.contains("shard-")).count(), 4);
    }

    /// The filter's bits, decoded from base64.
    fn filter_bytes(filter: &str) -> Vec<u8> {
        let table = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let clean: Vec<u8> =
            filter.bytes().filter(|b| *b != b'=').map(|b| table.iter().position(|t| *t == b).unwrap() as u8).collect();
        clean
            .chunks(4)
            .flat_map(|c| {
                let n = c.iter().enumerate().fold(0u32, |acc, (i, v)| acc | (u32::from(*v) << (18 - 6 * i)));
                (0..c.len().saturating_sub(1)).map(move |i| (n >> (16 - 8 * i)) as u8)
            })
            .collect()
    }

    /// Whether the filter answers "maybe" for `token`.
    fn maybe_holds(bytes: &[u8], bits: u32, token: &str) -> bool {
        probes(token, bits).iter().all(|p| bytes[(p / 8) as usize] & (1 << (p % 8)) != 0)
    }

    #[test]
    fn filter_contains_every_token_of_its_shard() {
        let pages = [page("a", "", "换货流程", "客户满意度 FAQ")];
        let (filter, bits) = bloom(pages.iter());
        let bytes = filter_bytes(&filter);
        for token in ["换", "换货", "流程", "满意", "faq", "a"] {
            assert!(maybe_holds(&bytes, bits, token), "{token}");
        }
    }

    #[test]
    fn filter_rarely_answers_maybe_for_a_token_of_another_shard() {
        // A query's word found in no page of a shard should seldom load it.
        let text: Vec<String> = (0..2000).map(|i| format!("word{i}")).collect();
        let pages = [page("a", "", "h", &text.join(" "))];
        let (filter, bits) = bloom(pages.iter());
        let bytes = filter_bytes(&filter);
        let false_hits = (0..1000).filter(|i| maybe_holds(&bytes, bits, &format!("other{i}"))).count();
        assert!(false_hits < 50, "{false_hits} of 1,000 absent words would load the shard");
    }
}
