//! Search: a client-side index built in Rust at build time, written as classic JavaScript files
//! so it works opened from a folder (`file://`, where fetch, modules and workers are blocked).
//!
//! The index holds each section's plain text (its heading, anchor and page) plus the glossary's
//! terms. The browser tokenizes queries with the same rules as [`tokenize`] and keeps a section
//! when it contains every query token. A large course is split into one shard per module, each
//! with a Bloom filter of its tokens in the main file, so a query loads only the shards that can
//! match. The index carries text only once: it stays smaller than the course's Markdown.

pub mod tokenize;

use pulldown_cmark::{Event, Tag, TagEnd};
use rayon::prelude::*;
use serde::Serialize;

use crate::render::markdown::Spanned;

/// Above this much text, the index is split by module and Bloom filters decide what to load.
pub const SHARD_THRESHOLD_BYTES: usize = 512 * 1024;

/// A part of a page between two headings (the first one starts at the top of the page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// The heading's id; empty for the text before the first heading.
    pub anchor: String,
    pub heading: String,
    pub text: String,
}

/// Splits a page's events into sections of plain text. Code is kept (students search for it);
/// markup, URLs and tooltips are not text.
pub fn sections(events: &[Spanned<'_>]) -> Vec<Section> {
    let mut sections = vec![Section { anchor: String::new(), heading: String::new(), text: String::new() }];
    let mut in_heading = false;
    for (event, _) in events {
        let current = sections.last_mut().expect("always one section");
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                in_heading = true;
                let anchor = id.as_deref().unwrap_or_default().to_string();
                sections.push(Section { anchor, heading: String::new(), text: String::new() });
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) if in_heading => current.heading.push_str(t),
            Event::Text(t) | Event::Code(t) => current.text.push_str(t),
            Event::SoftBreak | Event::HardBreak => current.text.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock | TagEnd::BlockQuote(_),
            ) => {
                if !current.text.ends_with(' ') && !current.text.is_empty() {
                    current.text.push(' ');
                }
            }
            _ => {}
        }
    }
    for s in &mut sections {
        s.text = s.text.trim().to_string();
        s.heading = s.heading.trim().to_string();
    }
    sections.retain(|s| !s.text.is_empty() || !s.heading.is_empty());
    sections
}

/// A page as the index sees it.
#[derive(Debug, Clone)]
pub struct PageEntry {
    /// Href from the site root (already percent-encoded).
    pub href: String,
    pub title: String,
    /// Which shard (module) the page belongs to.
    pub shard: usize,
    pub sections: Vec<Section>,
}

/// A glossary term as the index sees it.
#[derive(Debug, Clone, Serialize)]
pub struct TermEntry {
    pub name: String,
    pub en: Option<String>,
    pub aliases: Vec<String>,
    pub level: u8,
    pub stars: &'static str,
    /// The anchor of the term's entry on the glossary page (not encoded; the script encodes it).
    pub id: String,
    /// The start of the definition, shown under a matching term.
    pub definition: String,
    /// Index (in the page list) of the page that defines the term, listed with the term.
    pub page: usize,
}

#[derive(Serialize)]
struct MainFile<'a> {
    /// [href, title, shard] per page.
    pages: Vec<(&'a str, &'a str, usize)>,
    shards: Vec<ShardInfo>,
    terms: &'a [TermEntry],
}

#[derive(Serialize)]
struct ShardInfo {
    file: String,
    /// Bloom filter of the shard's tokens, base64; empty when the index is not split.
    filter: String,
    bits: u32,
}

/// Builds the index and hands each file (site path, contents) to `write` as soon as it is
/// ready, shards in parallel, so the whole index is never held in memory at once. Returns the
/// total size in bytes.
pub fn write_index<E: Send>(
    shard_count: usize,
    pages: &[PageEntry],
    terms: &[TermEntry],
    write: &(dyn Fn(&str, &str) -> Result<(), E> + Sync),
) -> Result<usize, E> {
    let text_bytes: usize = pages.iter().flat_map(|p| &p.sections).map(|s| s.text.len() + s.heading.len()).sum();
    let split = text_bytes > SHARD_THRESHOLD_BYTES && shard_count > 1;
    let shard_of = |page: &PageEntry| if split { page.shard } else { 0 };
    let shard_total = if split { shard_count } else { 1 };
    // Each document: [page index, anchor, heading, text]; the anchor is 0 when it is the
    // heading itself (the common case for Chinese headings), which keeps the index small.
    let mut docs: Vec<Vec<(usize, AnchorField<'_>, &str, &str)>> = vec![Vec::new(); shard_total];
    for (index, page) in pages.iter().enumerate() {
        for s in &page.sections {
            let anchor = if s.anchor == s.heading && !s.anchor.is_empty() {
                AnchorField::SameAsHeading
            } else {
                AnchorField::Id(&s.anchor)
            };
            docs[shard_of(page)].push((index, anchor, &s.heading, &s.text));
        }
    }
    let written: Vec<Result<(ShardInfo, usize), E>> = docs
        .par_iter()
        .enumerate()
        .map(|(n, shard_docs)| {
            let file = format!("search/shard-{n}.js");
            let (filter, bits) =
                if split { bloom(shard_docs.iter().map(|d| (d.2, d.3)), pages, n) } else { (String::new(), 0) };
            let json = serde_json::to_string(shard_docs).unwrap_or_else(|_| "[]".into());
            let contents = format!("coursebookSearchIndex.shard({n},{json});\n");
            write(&file, &contents)?;
            Ok((ShardInfo { file, filter, bits }, contents.len()))
        })
        .collect();
    let mut shards = Vec::new();
    let mut bytes = 0;
    for result in written {
        let (info, size) = result?;
        shards.push(info);
        bytes += size;
    }
    let main = MainFile {
        pages: pages.iter().map(|p| (p.href.as_str(), p.title.as_str(), shard_of(p))).collect(),
        shards,
        terms,
    };
    let json = serde_json::to_string(&main).unwrap_or_else(|_| "{}".into());
    let contents = format!("coursebookSearchIndex.main({json});\n");
    write("search/index.js", &contents)?;
    Ok(bytes + contents.len())
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

/// A Bloom filter (3 probes, ~10 bits per distinct token) of the tokens of a shard's documents
/// and page titles, base64-encoded, and its size in bits. Tokens are hashed once; the distinct
/// hashes size the filter.
fn bloom<'a>(docs: impl Iterator<Item = (&'a str, &'a str)>, pages: &[PageEntry], shard: usize) -> (String, u32) {
    let mut hashes: Vec<u32> = Vec::new();
    let mut add = |text: &str| hashes.extend(tokenize::tokens(&tokenize::normalize(text)).into_iter().map(fnv1a));
    for (heading, text) in docs {
        add(heading);
        add(text);
    }
    for page in pages.iter().filter(|p| p.shard == shard) {
        add(&page.title);
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

fn fnv1a(token: &str) -> u32 {
    let mut h: u32 = 2_166_136_261;
    for b in token.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(16_777_619);
    }
    h
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
    use crate::render::markdown::{options, parse};
    use std::sync::Mutex;

    /// The files `write_index` writes, in path order.
    fn build_index(shard_count: usize, pages: &[PageEntry], terms: &[TermEntry]) -> Vec<(String, String)> {
        let files = Mutex::new(Vec::new());
        let write = |path: &str, contents: &str| -> Result<(), ()> {
            files.lock().unwrap().push((path.to_string(), contents.to_string()));
            Ok(())
        };
        write_index(shard_count, pages, terms, &write).unwrap();
        let mut files = files.into_inner().unwrap();
        files.sort();
        files
    }

    #[test]
    fn sections_follow_headings() {
        let parsed = parse("引言文字。\n\n## 退货\n\n七天**无理由**退货。\n\n- 一\n- 二\n\n`code`\n", options(false));
        let s = sections(&parsed.events);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0], Section { anchor: String::new(), heading: String::new(), text: "引言文字。".into() });
        assert_eq!(s[1].anchor, "退货");
        assert_eq!(s[1].heading, "退货");
        assert_eq!(s[1].text, "七天无理由退货。 一 二 code");
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
    }

    #[test]
    fn small_index_is_one_shard_without_filter() {
        let page = PageEntry {
            href: "a.html".into(),
            title: "A".into(),
            shard: 0,
            sections: vec![Section { anchor: "x".into(), heading: "退货".into(), text: "七天".into() }],
        };
        let index = build_index(3, &[page], &[]);
        assert_eq!(index.len(), 2);
        assert!(index[0].1.starts_with("coursebookSearchIndex.main({"));
        assert!(index[1].1.contains("[0,\"x\",\"退货\",\"七天\"]"));
        let same = PageEntry {
            href: "a.html".into(),
            title: "A".into(),
            shard: 0,
            sections: vec![Section { anchor: "退货".into(), heading: "退货".into(), text: "七天".into() }],
        };
        assert!(build_index(1, &[same], &[])[1].1.contains("[0,0,\"退货\",\"七天\"]"));
    }

    #[test]
    fn large_index_is_split_with_filters_that_contain_every_token() {
        let text = "客户满意度调查".repeat(20_000);
        let pages: Vec<PageEntry> = (0..2)
            .map(|n| PageEntry {
                href: format!("{n}.html"),
                title: format!("P{n}"),
                shard: n,
                sections: vec![Section { anchor: String::new(), heading: String::new(), text: text.clone() }],
            })
            .collect();
        let index = build_index(2, &pages, &[]);
        assert_eq!(index.len(), 3);
        assert!(index[0].1.contains("\"bits\":"));
    }
}
