//! The glossary's terms and the course's synonyms as a query looks them up. They grow with the
//! glossary, so they are cut into files by the characters a query holds (with [`part_of`]),
//! and a query loads only the parts its own characters name:
//!
//! - `words-N.js`, by pair of characters: each synonym group (a term's name, English name and
//!   aliases, or a `[search] synonyms` group) under the rarest pair of each of its words ([`rarest`]:
//!   the one the fewest words hold); each word of four characters or more under the rarest of the
//!   pairs every near match of it shares with the query ([`shared_pairs`]); how many words
//!   `forms` holds under the pair; and under each single character, the terms a query of that
//!   character alone finds. A query loads the part of each pair it holds: a word inside the
//!   query has all its pairs there, so its rarest too.
//! - `forms-N.js`, by pair: each word under every pair it holds, so that every word holding
//!   the query is under each of the query's pairs: a query loads one part, that of its pair
//!   the fewest words hold (none when one of its pairs is in no word).
//! - `more-N.js`: the words of a *crowded* pair, one whose words take more than a part (with
//!   thousands of names alike, `concept 1`, `concept 2`, …, every pair of `concept`), in the
//!   order `termHits` ranks terms holding the query (level, then glossary order), cut into
//!   parts of about [`LOOKUP_PART_BYTES`]; the pair's part of `forms` says which ([`Crowded`]).
//!   A query loads them in order (one, then two, four… at once) until five terms holding it
//!   are found or none is left: every term ranked above the fifth is then loaded, so what it
//!   shows is what all the words would have shown.
//! - `chars-N.js`, by character: the terms whose name holds it, for the nearest terms offered
//!   when nothing matches.
//! - `terms-N.js`: [`TERMS_PER_PART`] terms each, in glossary order: what a result shows.
//!
//! The matching rules are `search.js`'s (`termHits`, `analyze`, `nearestTerms`); this module
//! only places each word where those rules will look for it. Words are stored normalized
//! ([`normalize`]), as the keys are computed from them.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::entries::TermEntry;
use super::parts::{count_for, part_of};
use super::to_json;
use super::tokenize::normalize;

/// About this many bytes in each part of `words`, `forms` and `chars`: a query loads one
/// `words` part per pair of characters it holds (a dozen for a long question), one `forms`
/// part, and, only when nothing matches, one `chars` part per character.
const LOOKUP_PART_BYTES: usize = 16 * 1024;

/// Terms in each `terms-N.js` (about 16 KB): a query shows at most five matching terms and
/// three suggestions, each loading the part that holds it.
const TERMS_PER_PART: usize = 64;

/// How many terms a query of one character lists (`termHits` in `search.js` keeps five).
const SINGLE_CHARACTER_HITS: usize = 5;

/// How many parts of each family were written: the main file tells the browser.
#[derive(Debug, Serialize)]
pub(crate) struct Lookup {
    /// Parts of `words-N.js`.
    pub(crate) words: usize,
    /// Parts of `forms-N.js`.
    pub(crate) forms: usize,
    /// Parts of `chars-N.js`.
    pub(crate) chars: usize,
    /// Parts of `more-N.js` (named by the parts of `forms`, not by a hash).
    pub(crate) more: usize,
    /// Terms per `terms-N.js`.
    pub(crate) terms: usize,
}

/// A term's words as a query matches them: its name, English name and aliases, normalized,
/// each once, the name first.
fn words_of(term: &TermEntry) -> Vec<String> {
    distinct_normalized(std::iter::once(&term.name).chain(&term.en).chain(&term.aliases))
}

/// Words normalized, each once, in their order.
fn distinct_normalized<'w>(written: impl Iterator<Item = &'w String>) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in written.map(|w| normalize(w)) {
        if !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

/// The words of a synonym group that count as synonyms: those of two characters or more.
fn synonym_words(words: &[String]) -> Vec<String> {
    words.iter().filter(|w| w.chars().nth(1).is_some()).cloned().collect()
}

/// Every pair of adjacent characters of `word`, in order (repeats kept).
fn pairs(word: &str) -> Vec<&str> {
    let starts: Vec<usize> = word.char_indices().map(|(i, _)| i).chain([word.len()]).collect();
    starts.windows(3).map(|w| &word[w[0]..w[2]]).collect()
}

/// The pairs every near match of `word` shares with the query. `termHits` counts a word of L ≥ 4
/// characters as matching when it shares with the query a run of at least
/// R = max(4, ⌈0.6 L⌉) characters (computed in the same floating point); any such run covers
/// the characters from L − R to R − 1 (at least two), so each pair starting from L − R to R − 2.
fn shared_pairs(word: &str) -> Vec<&str> {
    let length = word.chars().count();
    if length < 4 {
        return Vec::new();
    }
    let run = ((length as f64 * 0.6).ceil() as usize).max(4);
    pairs(word).get(length - run..run - 1).map(<[&str]>::to_vec).unwrap_or_default()
}

/// Of `keys` (pairs a query holding the word must hold), the one the fewest words of the
/// glossary hold (the first of those tied), so that a word's entry shares its part with as few
/// others as it can: words named alike (`dense 1`, `dense 2`, …) all begin with the same pair
/// but differ in a rarer one.
fn rarest<'a>(keys: &[&'a str], counts: &BTreeMap<&str, usize>) -> Option<&'a str> {
    keys.iter().copied().min_by_key(|k| counts.get(k).copied().unwrap_or(0))
}

/// One thing a part holds, with the key (a pair or a character) that places it.
#[derive(Clone)]
enum Entry<'a> {
    /// A `[search] synonyms` group: its number and its words.
    Synonyms(usize, &'a [String]),
    /// A term as a synonym group: the term, its level, its words.
    Group(usize, u8, &'a [String]),
    /// One word of a term: the term, its level, the word.
    Word(usize, u8, &'a str),
    /// The terms a one-character query finds: [term, score], best first.
    Found(Vec<(usize, u8)>),
    /// How many words `forms` holds under the key.
    Count(usize),
    /// A crowded pair's words: the first part of `more` holding them, and how many.
    More(usize, usize),
    /// A term whose name holds the key's character: [term, times, name's length, level].
    Name(usize, usize, usize, u8),
}

impl Entry<'_> {
    /// About how many bytes the entry takes in its part (for the number of parts).
    fn size(&self) -> usize {
        match self {
            Entry::Synonyms(_, words) | Entry::Group(_, _, words) => {
                12 + words.iter().map(|w| w.len() + 3).sum::<usize>()
            }
            Entry::Word(_, _, word) => 12 + word.len(),
            Entry::Found(found) => 8 + 8 * found.len(),
            Entry::Count(_) => 12,
            Entry::More(..) => 20,
            Entry::Name(..) => 16,
        }
    }
}

/// What one part holds, each list sorted and without repeats (the same course gives the same
/// bytes); what is empty is left out.
#[derive(Default, Serialize)]
struct Part<'a> {
    /// `[search] synonyms` groups: [group number, words].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    s: Vec<(usize, &'a [String])>,
    /// Terms as synonym groups: [term, level, words].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    g: Vec<(usize, u8, &'a [String])>,
    /// Words of terms: [term, level, word].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    f: Vec<(usize, u8, &'a str)>,
    /// By character, the terms a query of that character alone finds: [term, score].
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    c: BTreeMap<&'a str, Vec<(usize, u8)>>,
    /// By pair, how many words `forms` holds under it.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    k: BTreeMap<&'a str, usize>,
    /// By character, the terms whose name holds it: [term, times, name's length, level].
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    n: BTreeMap<&'a str, Vec<(usize, usize, usize, u8)>>,
    /// By crowded pair, where its words are: [first part of `more`, how many parts].
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    m: BTreeMap<&'a str, (usize, usize)>,
}

impl<'a> Part<'a> {
    /// Adds an entry placed by `key` (which names it only in the lists by character or pair).
    fn add(&mut self, key: &'a str, entry: Entry<'a>) {
        match entry {
            Entry::Synonyms(group, words) => self.s.push((group, words)),
            Entry::Group(term, level, words) => self.g.push((term, level, words)),
            Entry::Word(term, level, word) => self.f.push((term, level, word)),
            Entry::Found(found) => {
                self.c.insert(key, found);
            }
            Entry::Count(count) => {
                self.k.insert(key, count);
            }
            Entry::More(first, parts) => {
                self.m.insert(key, (first, parts));
            }
            Entry::Name(term, times, length, level) => {
                self.n.entry(key).or_default().push((term, times, length, level))
            }
        }
    }

    /// Sorts every list and drops repeats (a word placed twice in one part by two of its pairs).
    fn tidy(&mut self) {
        self.s.sort_unstable();
        self.s.dedup();
        self.g.sort_unstable();
        self.g.dedup();
        self.f.sort_unstable();
        self.f.dedup();
        self.n.values_mut().for_each(|terms| terms.sort_unstable());
    }
}

/// The entries cut into parts of about [`LOOKUP_PART_BYTES`] by their keys.
fn cut<'a>(entries: &'a [(&'a str, Entry<'a>)]) -> impl Iterator<Item = String> + 'a {
    let count = count_for(entries.iter().map(|(_, e)| e.size()).sum(), LOOKUP_PART_BYTES);
    let placed = entries.iter().enumerate().map(|(i, (key, _))| place(part_of(key, count), i)).collect();
    parts(count, placed, move |i| entries[i].clone())
}

/// Where an entry goes: its part, and its number (what `entry` of [`parts`] makes it from).
/// Eight bytes each until its part is made: a family is held placed whole only as numbers (the
/// words of `forms` of 6,000 terms with seven forms of 25 characters each are a million).
type Placed = (u32, u32);

/// The `count` parts of the `placed` entries, made one at a time (each made JSON, and let go,
/// before the next), each entry made by `entry` from its number. Linear in the entries: they
/// are sorted once by part, not gone through once for each group of parts.
fn parts<'a>(
    count: usize,
    mut placed: Vec<Placed>,
    entry: impl Fn(usize) -> (&'a str, Entry<'a>) + 'a,
) -> impl Iterator<Item = String> + 'a {
    placed.sort_unstable();
    placed.dedup();
    let mut next = 0;
    (0..count).map(move |n| {
        let mut part = Part::default();
        while let Some(&(_, number)) = placed.get(next).filter(|&&(at, _)| at as usize == n) {
            let (key, entry) = entry(number as usize);
            part.add(key, entry);
            next += 1;
        }
        part.tidy();
        to_json(&part)
    })
}

/// Entry `n` placed in part `part`. No glossary has four billion of either (its words would take
/// more memory than a machine has).
fn place(part: usize, n: usize) -> Placed {
    (u32::try_from(part).unwrap_or(u32::MAX), u32::try_from(n).unwrap_or(u32::MAX))
}

/// The terms a query of one character finds, by character: those with a word that is the
/// character (score 30 + level) or holds it (20 + level), the best five, ties in glossary
/// order, as `termHits` ranks them.
fn found_by_character<'a>(words: &'a [Vec<String>], terms: &[TermEntry]) -> HashMap<&'a str, Vec<(usize, u8)>> {
    let mut found: HashMap<&'a str, Vec<(usize, u8)>> = HashMap::new();
    for (t, (words, term)) in words.iter().zip(terms).enumerate() {
        let mut best: BTreeMap<&'a str, u8> = BTreeMap::new();
        for word in words {
            let whole = word.chars().nth(1).is_none();
            for (i, c) in word.char_indices() {
                let score = if whole { 3 } else { 2 };
                let slot = best.entry(&word[i..i + c.len_utf8()]).or_insert(score);
                *slot = (*slot).max(score);
            }
        }
        for (c, best) in best {
            let list = found.entry(c).or_default();
            let score = best * 10 + term.level;
            let at = list.iter().position(|&(_, s)| s < score).unwrap_or(list.len());
            if at < SINGLE_CHARACTER_HITS {
                list.insert(at, (t, score));
                list.truncate(SINGLE_CHARACTER_HITS);
            }
        }
    }
    found
}

/// The entries of `words-N.js`: synonym groups under each of their words' rarest pairs (a
/// query holding the word holds all its pairs and loads the part of each), each word of a term
/// under the rarest pair a near match of it shares with the query, how many words `forms`
/// holds under each pair, and what one-character queries find.
fn word_entries<'a>(
    synonyms: &'a [Vec<String>],
    groups: &'a [Vec<String>],
    words: &'a [Vec<String>],
    terms: &[TermEntry],
    totals: &BTreeMap<&'a str, (usize, usize)>,
) -> Vec<(&'a str, Entry<'a>)> {
    let counts: BTreeMap<&'a str, usize> = totals.iter().map(|(&pair, &(count, _))| (pair, count)).collect();
    let rarest_of = |word: &'a String| rarest(&pairs(word), &counts);
    let mut entries = Vec::new();
    for (i, group) in synonyms.iter().enumerate() {
        entries.extend(group.iter().filter_map(rarest_of).map(|k| (k, Entry::Synonyms(i, group))));
    }
    for (t, (group, term)) in groups.iter().zip(terms).enumerate() {
        entries.extend(group.iter().filter_map(rarest_of).map(|k| (k, Entry::Group(t, term.level, group))));
    }
    for (t, (words, term)) in words.iter().zip(terms).enumerate() {
        for word in words {
            if let Some(pair) = rarest(&shared_pairs(word), &counts) {
                entries.push((pair, Entry::Word(t, term.level, word)));
            }
        }
    }
    entries.extend(found_by_character(words, terms).into_iter().map(|(c, found)| (c, Entry::Found(found))));
    entries.extend(counts.iter().map(|(&pair, &count)| (pair, Entry::Count(count))));
    entries
}

/// The entries of `forms-N.js`: each word of two characters or more under every pair it holds
/// (made as they are gone through: with thousands of terms, they are many).
fn form_entries<'a>(
    words: &'a [Vec<String>],
    terms: &'a [TermEntry],
) -> impl Iterator<Item = (&'a str, Entry<'a>)> + Clone + 'a {
    words.iter().zip(terms).enumerate().flat_map(|(t, (words, term))| {
        words.iter().flat_map(move |word| {
            distinct_pairs(word).into_iter().map(move |pair| (pair, Entry::Word(t, term.level, word)))
        })
    })
}

/// The pairs `word` holds, each once, sorted.
fn distinct_pairs(word: &str) -> Vec<&str> {
    let mut keys = pairs(word);
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// How many words `forms` holds under each pair, and how many bytes they take.
fn pair_totals<'a>(forms: impl Iterator<Item = (&'a str, Entry<'a>)>) -> BTreeMap<&'a str, (usize, usize)> {
    let mut totals: BTreeMap<&'a str, (usize, usize)> = BTreeMap::new();
    for (pair, entry) in forms {
        let (count, bytes) = totals.entry(pair).or_default();
        *count += 1;
        *bytes += entry.size();
    }
    totals
}

/// Every word of every term by number, term after term: `forms` and `more` are placed as
/// numbers until each part is made ([`parts`]).
struct Numbered<'a> {
    /// Each word's term, and the word.
    words: Vec<(usize, &'a str)>,
    /// The number of each term's first word.
    first: Vec<usize>,
}

impl<'a> Numbered<'a> {
    fn new(words: &'a [Vec<String>]) -> Self {
        let mut numbered = Numbered { words: Vec::new(), first: Vec::with_capacity(words.len()) };
        for (t, words) in words.iter().enumerate() {
            numbered.first.push(numbered.words.len());
            numbered.words.extend(words.iter().map(|w| (t, w.as_str())));
        }
        numbered
    }

    /// Word `n` as an entry of `forms` or `more` (its key is not written).
    fn entry(&self, n: usize, terms: &[TermEntry]) -> (&'a str, Entry<'a>) {
        let (t, word) = self.words[n];
        ("", Entry::Word(t, terms[t].level, word))
    }
}

/// The pairs whose words take more than a part of `forms` ([`LOOKUP_PART_BYTES`]): thousands of
/// names alike all hold the pairs of what they share. Their words go to `more` instead.
struct Crowded<'a> {
    /// By crowded pair, its first part of `more` and how many parts it has.
    parts: BTreeMap<&'a str, (usize, usize)>,
    /// Parts of `more`.
    count: usize,
}

impl<'a> Crowded<'a> {
    /// The crowded pairs and their parts of `more`, from their words ranked and chunked
    /// ([`ranked_crowded`]).
    fn plan(ranked: impl Iterator<Item = (usize, &'a str, usize)>) -> Self {
        let mut chunks: BTreeMap<&'a str, usize> = BTreeMap::new();
        for (chunk, pair, _) in ranked {
            let parts = chunks.entry(pair).or_default();
            *parts = (*parts).max(chunk + 1);
        }
        let mut count = 0;
        let parts = chunks
            .into_iter()
            .map(|(pair, chunks)| {
                let first = count;
                count += chunks;
                (pair, (first, chunks))
            })
            .collect();
        Crowded { parts, count }
    }
}

/// Whether a pair whose words take `bytes` in `forms` is crowded.
fn is_crowded(bytes: usize) -> bool {
    bytes > LOOKUP_PART_BYTES
}

/// The words of `forms` under the pairs `crowded` holds (by number), in the order `termHits`
/// ranks terms that hold a query (the highest level first, then glossary order), each with its
/// chunk among its pair's words: a chunk (a part of `more`) ends once it holds
/// [`LOOKUP_PART_BYTES`].
fn ranked_crowded<'a>(
    numbered: &'a Numbered<'a>,
    terms: &'a [TermEntry],
    crowded: &'a HashSet<&'a str>,
) -> impl Iterator<Item = (usize, &'a str, usize)> + 'a {
    let mut order: Vec<usize> = (0..terms.len()).collect();
    order.sort_by_key(|&t| (std::cmp::Reverse(terms[t].level), t));
    let mut chunks: HashMap<&'a str, (usize, usize)> = HashMap::new();
    order
        .into_iter()
        .flat_map(move |t| {
            let first = numbered.first[t];
            let last = numbered.first.get(t + 1).copied().unwrap_or(numbered.words.len());
            (first..last).flat_map(move |n| {
                let word = numbered.words[n].1;
                distinct_pairs(word).into_iter().filter(|pair| crowded.contains(pair)).map(move |pair| (pair, n, word))
            })
        })
        .map(move |(pair, n, word)| {
            let (chunk, bytes) = chunks.entry(pair).or_default();
            if *bytes >= LOOKUP_PART_BYTES {
                *chunk += 1;
                *bytes = 0;
            }
            *bytes += Entry::Word(0, 0, word).size();
            (*chunk, pair, n)
        })
}

/// The entries of `chars-N.js`: each term under every character of its name, with how often
/// the name holds it and the name's length (`nearestTerms` scores by these).
fn name_entries<'a>(words: &'a [Vec<String>], terms: &[TermEntry]) -> Vec<(&'a str, Entry<'a>)> {
    let mut entries = Vec::new();
    for (t, (words, term)) in words.iter().zip(terms).enumerate() {
        let Some(name) = words.first() else { continue };
        let mut times: BTreeMap<&'a str, usize> = BTreeMap::new();
        for (i, c) in name.char_indices() {
            *times.entry(&name[i..i + c.len_utf8()]).or_default() += 1;
        }
        let length = name.chars().count();
        entries.extend(times.into_iter().map(|(c, n)| (c, Entry::Name(t, n, length, term.level))));
    }
    entries
}

/// A term as a result shows it: [name, English name, level, anchor, glossary page, start of
/// the definition, defining page, that page's shard].
type Shown<'a> = (&'a str, Option<&'a str>, u8, &'a str, &'a str, &'a str, usize, usize);

/// Writes the lookup files of `terms` (in glossary order) and `synonyms` (`[search]
/// synonyms`); `shard_of` gives the shard of a page. Returns how many parts of each family
/// were written and their bytes.
pub(crate) fn write<E>(
    terms: &[TermEntry],
    synonyms: &[Vec<String>],
    shard_of: impl Fn(usize) -> usize,
    write: super::Write<'_, E>,
) -> Result<(Lookup, usize), E> {
    let words: Vec<Vec<String>> = terms.iter().map(words_of).collect();
    let groups: Vec<Vec<String>> = words.iter().map(|w| synonym_words(w)).collect();
    let synonyms: Vec<Vec<String>> = synonyms.iter().map(|g| synonym_words(&distinct_normalized(g.iter()))).collect();
    let mut bytes = 0;
    let mut write_all = |kind: &str, parts: &mut dyn Iterator<Item = String>| -> Result<usize, E> {
        let mut count = 0;
        for (n, json) in parts.enumerate() {
            let contents = format!("coursebookSearchIndex.part(\"{kind}\",{n},{json});\n");
            write(&format!("search/{kind}-{n}.js"), &contents)?;
            bytes += contents.len();
            count += 1;
        }
        Ok(count)
    };
    let totals = pair_totals(form_entries(&words, terms));
    let words_parts = write_all("words", &mut cut(&word_entries(&synonyms, &groups, &words, terms, &totals)))?;
    let numbered = Numbered::new(&words);
    // Each pair's words: crowded (to `more`) or not (in `forms`), and how many words, bytes each way.
    let mut crowded: HashSet<&str> = HashSet::new();
    let (mut uncrowded, mut crowded_words) = ((0, 0), 0);
    for (&pair, &(holding, bytes)) in &totals {
        if is_crowded(bytes) {
            crowded.insert(pair);
            crowded_words += holding;
        } else {
            uncrowded = (uncrowded.0 + holding, uncrowded.1 + bytes);
        }
    }
    let plan = Crowded::plan(ranked_crowded(&numbered, terms, &crowded));
    // `forms`: each word under each pair not crowded; under each crowded one, where its words are.
    let pointers: Vec<(&str, Entry<'_>)> =
        plan.parts.iter().map(|(&pair, &(first, count))| (pair, Entry::More(first, count))).collect();
    let count = count_for(uncrowded.1 + pointers.iter().map(|(_, e)| e.size()).sum::<usize>(), LOOKUP_PART_BYTES);
    let mut placed = Vec::with_capacity(uncrowded.0 + pointers.len());
    for (n, &(_, word)) in numbered.words.iter().enumerate() {
        let keys = distinct_pairs(word).into_iter().filter(|pair| !crowded.contains(pair));
        placed.extend(keys.map(|pair| place(part_of(pair, count), n)));
    }
    let words_count = numbered.words.len();
    placed.extend(pointers.iter().enumerate().map(|(i, (pair, _))| place(part_of(pair, count), words_count + i)));
    let form_entry =
        |n: usize| if n < words_count { numbered.entry(n, terms) } else { pointers[n - words_count].clone() };
    let forms_parts = write_all("forms", &mut parts(count, placed, form_entry))?;
    // `more`: each crowded pair's words, ranked, in the parts the plan gives it.
    let mut placed = Vec::with_capacity(crowded_words);
    placed.extend(
        ranked_crowded(&numbered, terms, &crowded).map(|(chunk, pair, n)| place(plan.parts[pair].0 + chunk, n)),
    );
    let more_parts = write_all("more", &mut parts(plan.count, placed, |n| numbered.entry(n, terms)))?;
    let chars_parts = write_all("chars", &mut cut(&name_entries(&words, terms)))?;
    let shown: Vec<Shown<'_>> = terms
        .iter()
        .map(|t| {
            let definition = t.definition.as_str();
            (
                t.name.as_str(),
                t.en.as_deref(),
                t.level,
                t.id.as_str(),
                t.glossary.as_str(),
                definition,
                t.page,
                shard_of(t.page),
            )
        })
        .collect();
    write_all("terms", &mut shown.chunks(TERMS_PER_PART).map(to_json))?;
    let lookup =
        Lookup { words: words_parts, forms: forms_parts, chars: chars_parts, more: more_parts, terms: TERMS_PER_PART };
    Ok((lookup, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn term(name: &str, en: Option<&str>, aliases: &[&str], level: u8) -> TermEntry {
        TermEntry {
            name: name.into(),
            en: en.map(str::to_string),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            level,
            id: name.into(),
            glossary: "glossary.html".into(),
            definition: "定义".into(),
            page: 3,
        }
    }

    #[test]
    fn placed_entries_go_to_their_parts_once_each_and_every_part_is_written() {
        let words = ["客户", "满意", "忠诚"];
        let placed = vec![place(2, 0), place(0, 1), place(2, 0), place(2, 2)];
        let written: Vec<String> = parts(3, placed, |n| ("", Entry::Word(n, 1, words[n]))).collect();
        assert_eq!(written, ["{\"f\":[[1,1,\"满意\"]]}", "{}", "{\"f\":[[0,1,\"客户\"],[2,1,\"忠诚\"]]}"]);
    }

    /// The files `write` writes, by path.
    fn written(terms: &[TermEntry], synonyms: &[Vec<String>]) -> (Lookup, BTreeMap<String, String>) {
        let files = Mutex::new(BTreeMap::new());
        let write = |path: &str, contents: &str| -> Result<(), ()> {
            files.lock().unwrap().insert(path.to_string(), contents.to_string());
            Ok(())
        };
        let (lookup, bytes) = super::write(terms, synonyms, |page| page * 10, &write).unwrap();
        let files = files.into_inner().unwrap();
        assert_eq!(bytes, files.values().map(String::len).sum::<usize>());
        (lookup, files)
    }

    /// The data of a part written as `coursebookSearchIndex.part("kind",n,DATA);`.
    fn part_data(file: &str) -> serde_json::Value {
        let start = file.match_indices(',').nth(1).map_or(0, |(i, _)| i + 1);
        serde_json::from_str(file[start..].trim_end().trim_end_matches(");")).unwrap()
    }

    #[test]
    fn a_crowded_pair_s_words_are_in_parts_of_more_the_best_ranked_first() {
        // 1,200 names alike all hold 概念: their words under it take more than a part.
        let terms: Vec<TermEntry> =
            (0..1200).map(|i| term(&format!("概念{i:04}"), None, &[], 1 + (i % 3) as u8)).collect();
        let (lookup, files) = written(&terms, &[]);
        let forms = part_data(&files[&format!("search/forms-{}.js", part_of("概念", lookup.forms))]);
        let [first, count] = [0, 1].map(|i| forms["m"]["概念"][i].as_u64().unwrap() as usize);
        assert!(count > 1 && first + count <= lookup.more, "{first} {count} of {}", lookup.more);
        let mut ranked = Vec::new();
        for n in first..first + count {
            let file = &files[&format!("search/more-{n}.js")];
            assert!(file.len() < 2 * LOOKUP_PART_BYTES, "more-{n}: {} bytes", file.len());
            let words = part_data(file)["f"].as_array().unwrap().clone();
            assert!(words.iter().all(|w| w[2].as_str().unwrap().contains("概念")), "only the pair's words");
            let mut part: Vec<(u64, u64)> =
                words.iter().map(|w| (w[1].as_u64().unwrap(), w[0].as_u64().unwrap())).collect();
            part.sort_by_key(|&(level, t)| (std::cmp::Reverse(level), t));
            ranked.extend(part);
        }
        let mut expected: Vec<(u64, u64)> = (0..1200).map(|t| (1 + t % 3, t)).collect();
        expected.sort_by_key(|&(level, t)| (std::cmp::Reverse(level), t));
        assert_eq!(ranked, expected, "every word once, part by part: level 3 first, then glossary order");
        // A pair a few names hold keeps them in its part of forms.
        let few = part_data(&files[&format!("search/forms-{}.js", part_of("99", lookup.forms))]);
        let holding: Vec<&str> =
            few["f"].as_array().unwrap().iter().filter_map(|w| w[2].as_str()).filter(|w| w.contains("99")).collect();
        assert_eq!(holding.len(), 21, "{holding:?}");
        assert!(few["m"].get("99").is_none());
    }

    #[test]
    fn every_file_written_is_of_a_family_a_course_may_not_replace() {
        // Crowded pairs too: 1,200 names alike write parts of `more`.
        let terms: Vec<TermEntry> = (0..1200).map(|i| term(&format!("概念{i:04}"), None, &[], 1)).collect();
        let (lookup, files) = written(&terms, &[vec!["砍价".into(), "讨价还价".into()]]);
        assert!(lookup.more > 0);
        for path in files.keys() {
            let stem = path.strip_prefix("search/").and_then(|name| name.split('-').next()).unwrap_or_default();
            assert!(crate::content::url::SEARCH_FILE_STEMS.contains(&stem), "{path}: content/url.rs must reserve it");
        }
    }

    #[test]
    fn pairs_are_the_adjacent_characters() {
        assert_eq!(pairs("客户满意"), ["客户", "户满", "满意"]);
        assert_eq!(pairs("a b"), ["a ", " b"]);
        assert!(pairs("客").is_empty());
    }

    #[test]
    fn every_run_long_enough_for_a_near_match_holds_every_shared_pair() {
        for length in 4..=120 {
            let word: String = (0..length).map(|i| char::from_u32(0x4E00 + i).unwrap()).collect();
            let chars: Vec<char> = word.chars().collect();
            let shared = shared_pairs(&word);
            assert!(!shared.is_empty(), "{length}");
            let run = ((f64::from(length) * 0.6).ceil() as usize).max(4);
            for size in run..=chars.len() {
                for start in 0..=chars.len() - size {
                    let piece: String = chars[start..start + size].iter().collect();
                    for pair in &shared {
                        assert!(piece.contains(pair), "{length}: {piece} lacks {pair}");
                    }
                }
            }
        }
        assert_eq!(shared_pairs("客户服务"), ["客户", "户服", "服务"], "four characters: the whole word");
        assert_eq!(shared_pairs("dense 1187"), ["e "], "ten characters: a run of six covers the fifth and sixth");
        assert!(shared_pairs("客户服").is_empty(), "a word under four characters is never a near match");
    }

    #[test]
    fn words_named_alike_are_placed_under_the_pair_that_tells_them_apart() {
        // Each with an alias sharing no pair with its name: its group is under a pair of each.
        let terms: Vec<TermEntry> = (0..40)
            .map(|i| {
                term(
                    &format!("相关术语{i:02}号"),
                    None,
                    &[&format!("回头客{}", char::from_u32(0x4E00 + i).unwrap())],
                    1,
                )
            })
            .collect();
        let words: Vec<Vec<String>> = terms.iter().map(words_of).collect();
        let groups: Vec<Vec<String>> = words.iter().map(|w| synonym_words(w)).collect();
        let entries = word_entries(&[], &groups, &words, &terms, &pair_totals(form_entries(&words, &terms)));
        let group_keys: Vec<&str> =
            entries.iter().filter(|(_, e)| matches!(e, Entry::Group(..))).map(|&(k, _)| k).collect();
        assert_eq!(group_keys.len(), 80, "one key for each word of each group");
        assert_eq!(group_keys[14], "07", "the pair of its number, held by one word, not 相关, held by forty");
        for (t, group) in groups.iter().enumerate() {
            for word in group {
                let under =
                    |(k, e): &(&str, Entry<'_>)| matches!(e, Entry::Group(g, ..) if *g == t) && pairs(word).contains(k);
                assert!(entries.iter().any(under), "{word}: its group under one of its own pairs");
            }
        }
        assert!(group_keys.iter().all(|k| !"相关术语号".contains(k)), "{group_keys:?}");
        // 相关术语07号 (7 characters) shares a run of 5 with a near query: pairs 2 to 3, 语0 the rarer.
        let near_keys: Vec<&str> =
            entries.iter().filter(|(_, e)| matches!(e, Entry::Word(..))).map(|&(k, _)| k).collect();
        assert_eq!(near_keys[14], "语0");
        assert_eq!(near_keys[24], "语1");
    }

    #[test]
    fn a_one_character_query_finds_the_terms_that_are_it_then_hold_it_best_level_first() {
        let terms: Vec<TermEntry> = (0..8).map(|i| term(&format!("客{i}"), None, &[], 1 + (i % 3) as u8)).collect();
        let mut terms = terms;
        terms.push(term("户", None, &["客"], 1));
        let words: Vec<Vec<String>> = terms.iter().map(words_of).collect();
        let found = found_by_character(&words, &terms);
        // 客 alone is the alias of term 8 (30 + 1); then the level-3 terms, then level 2, in order.
        assert_eq!(found["客"], [(8, 31), (2, 23), (5, 23), (1, 22), (4, 22)]);
        assert_eq!(found["户"], [(8, 31)]);
    }

    #[test]
    fn each_word_is_under_each_of_its_pairs_and_each_group_under_its_words_rarest_pairs() {
        let terms = [term("客户忠诚度", Some("Customer Loyalty"), &["回头客"], 2)];
        let synonyms = vec![vec!["砍价".to_string(), "讨价还价".to_string()]];
        let (lookup, files) = written(&terms, &synonyms);
        assert_eq!((lookup.words, lookup.forms, lookup.chars, lookup.terms), (1, 1, 1, TERMS_PER_PART));
        let forms = &files["search/forms-0.js"];
        assert!(
            forms.starts_with("coursebookSearchIndex.part(\"forms\",0,{\"f\":[[0,2,\"customer loyalty\"],"),
            "{forms}"
        );
        let words = &files["search/words-0.js"];
        assert!(words.contains("\"s\":[[0,[\"砍价\",\"讨价还价\"]]]"), "{words}");
        assert!(words.contains("\"g\":[[0,2,[\"客户忠诚度\",\"customer loyalty\",\"回头客\"]]]"), "{words}");
        assert!(
            words.contains("\"f\":[[0,2,\"customer loyalty\"],[0,2,\"客户忠诚度\"]]"),
            "long words under their middle pair: {words}"
        );
        let chars = &files["search/chars-0.js"];
        assert!(chars.contains("\"客\":[[0,1,5,2]]"), "{chars}");
        let shown = &files["search/terms-0.js"];
        assert_eq!(
            shown,
            "coursebookSearchIndex.part(\"terms\",0,[[\"客户忠诚度\",\"Customer Loyalty\",2,\"客户忠诚度\",\"glossary.html\",\"定义\",3,30]]);\n"
        );
    }

    #[test]
    fn a_large_glossary_is_cut_into_parts_of_about_the_target_size_and_a_word_is_where_its_keys_say() {
        let terms: Vec<TermEntry> =
            (0..3000).map(|i| term(&format!("术语{i}"), Some(&format!("term number {i}")), &[], 1)).collect();
        let (lookup, files) = written(&terms, &[]);
        assert!(lookup.words > 1 && lookup.forms > 1 && lookup.chars > 1, "{lookup:?}");
        assert_eq!(files.keys().filter(|p| p.starts_with("search/terms-")).count(), 3000usize.div_ceil(TERMS_PER_PART));
        for family in ["words", "forms", "chars"] {
            let sizes: Vec<usize> = files
                .iter()
                .filter(|(p, _)| p.starts_with(&format!("search/{family}-")))
                .map(|(_, c)| c.len())
                .collect();
            let mean = sizes.iter().sum::<usize>() / sizes.len();
            assert!(mean < 2 * LOOKUP_PART_BYTES, "{family}: {} parts of {mean} bytes on average", sizes.len());
        }
        // Under each of its pairs: in the pair's part of forms, or in the parts of `more` it names.
        let word = "term number 2999";
        let entry = format!("[2999,1,\"{word}\"]");
        let mut crowded = 0;
        for pair in pairs(word) {
            let part = &files[&format!("search/forms-{}.js", part_of(pair, lookup.forms))];
            let more = &part_data(part)["m"][pair];
            if more.is_null() {
                assert!(part.contains(&entry), "{word} under {pair:?}");
                continue;
            }
            crowded += 1;
            let first = more[0].as_u64().unwrap();
            let parts = first..first + more[1].as_u64().unwrap();
            assert!(
                parts.into_iter().any(|n| files[&format!("search/more-{n}.js")].contains(&entry)),
                "{word}, {pair:?}"
            );
        }
        assert!(crowded > 0 && crowded < 15, "the pairs of `term number` are crowded, not those of 2999: {crowded}");
    }
}
