//! Term linking: one Aho-Corasick automaton per build finds every written form of every term in
//! a page's text events, leftmost-longest (客户满意度 wins over 客户), in time linear in the text.
//! A Latin-script form whose end falls inside a word gives way to the longest shorter form it
//! starts with that ends on a word boundary there (`net promoter` in "net promoter scores").
//!
//! Linking only wraps text in links: the words of a page are never changed. A link carries no
//! definition: the theme shows it on hover from the term's glossary part (`_terms/*.js`, see
//! [`crate::render::tips`]), so a page's size grows with its links, not with its terms' definitions.
//! Never linked: code, existing links, headings, image alt text. Explicit `[text](term:NAME)`
//! links work for any written form, also for terms with `autolink: false`.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::config::LinkMode;
use crate::content::url::{decode, encode_href};
use crate::content::PageText;
use crate::diagnostic::{Code, Diagnostic};
use crate::glossary::keys::{FormKeys, KEY_BYTES};
use crate::glossary::{Glossary, Suggestions};
use crate::markup::{is_cjk, is_unspaced_script, Spanned};

/// The course's terms compiled for matching, with each term's link target prepared once.
pub(crate) struct Linker<'g> {
    glossary: &'g Glossary,
    automaton: Option<AhoCorasick>,
    /// What the automaton looks for: each form's first bytes, by pattern index.
    keys: FormKeys,
    /// The written forms, by index in [`FormKeys`].
    patterns: Vec<Pattern>,
    /// Each term's link after the site root: its entry (`glossary.html#id`, encoded) and the
    /// rest of the opening tag (`" data-level="2">`), made once per build.
    site_links: LinkEnds,
    /// The same after a print file: its anchor in a handout's glossary (`#term-id`).
    handout_links: LinkEnds,
    mode: LinkMode,
}

/// The end of each term's opening link tag, by term index, in one buffer: a page links
/// hundreds of terms, and with thousands of terms, reading each tag's end from one place in
/// memory rather than from a string of its own and the level from the term's entry cut the
/// time spent writing the tags to about a fifth (profiled, 6,000 terms).
struct LinkEnds {
    text: String,
    /// Where each term's end starts in `text`, and after the last where the text ends: term
    /// `t`'s is `text[bounds[t]..bounds[t + 1]]`.
    bounds: Vec<usize>,
}

impl LinkEnds {
    /// Each term's `target` followed by `" data-level="N">`.
    fn new(glossary: &Glossary, target: impl Fn(&crate::glossary::Term) -> String) -> LinkEnds {
        let mut text = String::new();
        let mut bounds = Vec::with_capacity(glossary.terms.len() + 1);
        bounds.push(0);
        for term in &glossary.terms {
            text.push_str(&target(term));
            text.push_str("\" data-level=\"");
            text.push(char::from(b'0' + term.level.number()));
            text.push_str("\">");
            bounds.push(text.len());
        }
        text.shrink_to_fit();
        LinkEnds { text, bounds }
    }

    fn of(&self, term: usize) -> &str {
        &self.text[self.bounds[term]..self.bounds[term + 1]]
    }
}

/// One written form: what it links to and the word boundaries it needs.
#[derive(Debug, Clone, Copy)]
struct Pattern {
    /// The term the form belongs to, by index.
    term: usize,
    /// The form's length in bytes (the same in any ASCII case).
    len: usize,
    /// Starts with a Latin letter or digit: must start on a word boundary.
    starts_latin: bool,
    /// Ends with a Latin letter or digit: must end on a word boundary.
    ends_latin: bool,
    /// The longest other form this one starts with (ASCII case aside) that ends on a word
    /// boundary wherever this one matches, by pattern index: what links when this form's end
    /// falls inside a word (`net promoter` for `net promoter score` in "net promoter scores").
    shorter: Option<usize>,
}

/// Where the linked HTML goes.
pub(crate) struct LinkPlace<'a> {
    /// Where a term link leads.
    pub(crate) target: TermTarget<'a>,
    /// False: only explicit `term:` links are made.
    pub(crate) autolink: bool,
}

/// Where a term link leads: the term's entry on its glossary page (a page of the site), or
/// its entry in the glossary at the end of a printed handout.
#[derive(Debug, Clone, Copy)]
pub(crate) enum TermTarget<'a> {
    /// The site root from the page being written, e.g. `../`: a term links to its entry on
    /// its own glossary page ([`Term::glossary_page`](crate::glossary::Term)).
    GlossaryPage { root: &'a str },
    /// `FILE#term-ID`, FILE being the print file holding the handout's glossary from the one
    /// being written (empty when it is the same file).
    Handout { file: &'a str },
}

/// The id of a term's entry in a printed handout's glossary.
pub(crate) fn handout_term_id(term_id: &str) -> String {
    format!("term-{term_id}")
}

impl<'g> Linker<'g> {
    /// Compiles every written form of every auto-linked term into one automaton.
    pub(crate) fn new(glossary: &'g Glossary, mode: LinkMode) -> Linker<'g> {
        Linker::with_key_bytes(glossary, mode, KEY_BYTES)
    }

    /// [`Linker::new`], the automaton looking for each form's first `key_bytes` at most.
    fn with_key_bytes(glossary: &'g Glossary, mode: LinkMode, key_bytes: usize) -> Linker<'g> {
        let mut forms = Vec::new();
        let mut patterns = Vec::new();
        for (index, term) in glossary.terms.iter().enumerate().filter(|(_, t)| t.autolink) {
            for form in term.forms().flat_map(cased_forms) {
                let starts_latin = form.chars().next().is_some_and(is_spaced_letter);
                let ends_latin = ends_latin(&form);
                patterns.push(Pattern { term: index, len: form.len(), starts_latin, ends_latin, shorter: None });
                forms.push(form);
            }
        }
        let shorter = shorter_forms(&forms);
        for (pattern, shorter) in patterns.iter_mut().zip(shorter) {
            pattern.shorter = shorter;
        }
        let (keys, key_texts) = FormKeys::new(&forms, key_bytes);
        drop(forms);
        let automaton = if key_texts.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .kind(Some(automaton_kind(&key_texts)))
                .build(&key_texts)
                .ok()
        };
        let site_links = LinkEnds::new(glossary, |t| t.entry_href().to_string());
        let handout_links = LinkEnds::new(glossary, |t| format!("#{}", encode_href(&handout_term_id(&t.id))));
        Linker { glossary, automaton, keys, patterns, site_links, handout_links, mode }
    }

    /// Term occurrences in `text`: byte range and term index. Latin-script forms match only
    /// as whole words; Chinese needs no boundaries. Where the longest form found ends inside a
    /// word, the longest shorter form there that ends on a boundary is taken ([`Pattern::shorter`]);
    /// where none fits, the search goes on from the next character, so that a form starting
    /// inside the rejected one is still found. A title in book-title marks (《客户服务》)
    /// names a work, not the term, and is left alone. Linear in the text (a rejected match is
    /// read again at most once per character, and keys are short): matches and titles both
    /// come in order, so one pass over each decides. The automaton finds a form's key, its
    /// first bytes ([`FormKeys`]); the rest of a longer form is compared with the text there.
    pub(crate) fn find(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        let Some(automaton) = &self.automaton else { return Vec::new() };
        let mut titles = book_titles(text).into_iter().peekable();
        let mut found = Vec::new();
        let mut at = 0;
        while let Some(m) = automaton.find(Input::new(text).range(at..)) {
            let form = self.keys.form_at(text, m.start(), m.pattern().as_usize());
            let Some((form, (range, term))) = form.and_then(|form| Some((form, self.fitting(text, m.start(), form)?)))
            else {
                at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
                continue;
            };
            while titles.next_if(|t| t.end <= range.start).is_some() {}
            if titles.peek().is_some_and(|t| t.start < range.end) {
                // Past the longest form found there (not only its key, which a long form's
                // match ends with): as when the automaton looked for whole forms.
                at = m.start() + self.patterns[form].len;
                continue;
            }
            at = range.end;
            found.push((range, term));
        }
        found
    }

    /// The occurrence form `form` found at `start` stands for: the form itself when it starts
    /// and ends on the word boundaries it needs, else its shorter form when only its end falls
    /// inside a word (every shorter form starts with the same character, so a bad start rejects
    /// them all).
    fn fitting(&self, text: &str, start: usize, form: usize) -> Option<(Range<usize>, usize)> {
        let pattern = &self.patterns[form];
        if pattern.starts_latin && text[..start].chars().next_back().is_some_and(is_word_char) {
            return None;
        }
        let end = start + pattern.len;
        if !pattern.ends_latin || !text[end..].chars().next().is_some_and(is_word_char) {
            return Some((start..end, pattern.term));
        }
        let shorter = &self.patterns[pattern.shorter?];
        Some((start..start + shorter.len, shorter.term))
    }

    fn open_link(&self, term: usize, place: &LinkPlace<'_>) -> String {
        let mut html = String::with_capacity(96);
        self.write_open_link(&mut html, term, place);
        html
    }

    fn write_open_link(&self, html: &mut String, term: usize, place: &LinkPlace<'_>) {
        html.push_str("<a class=\"term\" href=\"");
        let end = match place.target {
            TermTarget::GlossaryPage { root } => {
                html.push_str(root);
                self.site_links.of(term)
            }
            TermTarget::Handout { file } => {
                html.push_str(file);
                self.handout_links.of(term)
            }
        };
        html.push_str(end);
    }

    /// A linked occurrence: the link around the words as written.
    fn write_linked(&self, html: &mut String, words: &str, term: usize, place: &LinkPlace<'_>) {
        self.write_open_link(html, term, place);
        // Writing to a String cannot fail.
        let _ = pulldown_cmark_escape::escape_html_body_text(&mut *html, words);
        html.push_str("</a>");
    }
}

/// The largest set of keys (bytes of written forms) still matched with a DFA, the fastest
/// automaton to run: its build time and memory grow with the number of states (about one per
/// byte of the keys)
/// times the bytes they can be followed by, and beyond a few thousand bytes of forms a
/// contiguous NFA, built in time linear in the forms, matches nearly as fast (measured with a
/// DFA: 6,000 terms of 100 characters took 8 s and 1 GB; one term of 20,000 letters, 9 s).
const DFA_MAX_KEY_BYTES: usize = 4_096;

/// The automaton for `keys`: a DFA for a small glossary, a contiguous NFA for the others,
/// so that building it stays linear in the keys' total length, whatever the course.
fn automaton_kind(keys: &[String]) -> AhoCorasickKind {
    if keys.iter().map(String::len).sum::<usize>() <= DFA_MAX_KEY_BYTES {
        AhoCorasickKind::DFA
    } else {
        AhoCorasickKind::ContiguousNFA
    }
}

/// For each form, [`Pattern::shorter`]: the longest other form it starts with (ASCII case
/// aside) that needs no word boundary where it ends inside this one, or has one there (the
/// character after it in this form is no word character). Whether it fits is so known from the
/// forms alone, before any text is read. Only forms ending in a Latin letter or digit can end
/// inside a word, and only their prefixes ending before a non-word character or in a non-Latin
/// one are looked up: a handful per form.
fn shorter_forms(forms: &[String]) -> Vec<Option<usize>> {
    let lowercase: Vec<String> = forms.iter().map(|f| f.to_ascii_lowercase()).collect();
    let by_lowercase: HashMap<&str, usize> = lowercase.iter().enumerate().map(|(i, f)| (f.as_str(), i)).collect();
    lowercase
        .iter()
        .map(|form| {
            if !ends_latin(form) {
                return None;
            }
            form.char_indices().rev().filter(|&(end, _)| end > 0).find_map(|(end, next)| {
                let prefix = &form[..end];
                let fits = !is_word_char(next) || !ends_latin(prefix);
                fits.then(|| by_lowercase.get(prefix).copied()).flatten()
            })
        })
        .collect()
}

/// `form` as the automaton looks for it, which ignores the case of ASCII letters only: with
/// its other letters lowercase and uppercase too, when they have a case (`café`, `cafÉ`), so
/// that `CAFÉ`, `Café` and `ÜBER COOL` are found as `cafe` in any case is. A letter whose other
/// case is not one letter (`ß`) is kept as written.
fn cased_forms(form: &str) -> Vec<String> {
    // Chinese, and forms whose only cased letters are ASCII: nothing to add.
    if !form.chars().any(|c| !c.is_ascii() && (c.is_lowercase() || c.is_uppercase())) {
        return vec![form.to_string()];
    }
    // A non-ASCII letter in the other case, when that is one letter and not an ASCII one (the
    // dotless `ı` uppercase is `I`, which would make `ix` a form of `ıx`).
    let changed = |c: char, upper: bool| -> char {
        let other: Vec<char> = if upper { c.to_uppercase().collect() } else { c.to_lowercase().collect() };
        match other[..] {
            [one] if !c.is_ascii() && !one.is_ascii() => one,
            _ => c,
        }
    };
    // Each letter made uppercase where `upper` says, given the letter before it (None first).
    let cased = |upper: &dyn Fn(Option<char>) -> bool| -> String {
        let mut before = None;
        form.chars()
            .map(|c| {
                let cased = changed(c, upper(before));
                before = Some(c);
                cased
            })
            .collect()
    };
    let variants = [
        cased(&|_| false),
        cased(&|_| true),
        // As a sentence's first word and as a heading's words are written.
        cased(&|before| before.is_none()),
        cased(&|before| before.is_none_or(|b| !is_word_char(b))),
    ];
    let mut forms = vec![form.to_string()];
    for variant in variants {
        if !forms.contains(&variant) {
            forms.push(variant);
        }
    }
    forms
}

/// Whether a form ends with a Latin letter or digit, and so must end on a word boundary.
fn ends_latin(form: &str) -> bool {
    form.chars().next_back().is_some_and(is_spaced_letter)
}

/// Byte ranges of the text inside 《…》.
fn book_titles(text: &str) -> Vec<Range<usize>> {
    let mut titles = Vec::new();
    let mut rest = 0;
    while let Some(open) = text[rest..].find('《').map(|i| rest + i) {
        let inner = open + '《'.len_utf8();
        let Some(close) = text[inner..].find('》').map(|i| inner + i) else { break };
        titles.push(inner..close);
        rest = close;
    }
    titles
}

/// A character that continues a Latin word: a form ending next to one is inside a word.
fn is_word_char(c: char) -> bool {
    is_spaced_letter(c) || c == '_'
}

/// A letter or digit of a script written with spaces between words: Latin with its accents
/// (`résumé`, `café`), Greek, Cyrillic…, not Chinese, Japanese or Korean. A form starting or
/// ending with one starts or ends on a word boundary, and one of them beside a match is inside
/// a word (`sum` is no word of `résumé`).
fn is_spaced_letter(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c) && !is_unspaced_script(c)
}

/// What linking found on a page.
#[derive(Debug, Default)]
pub(crate) struct Usage {
    /// Terms that occur on the page (linked or not), by index.
    pub(crate) used: BTreeSet<usize>,
}

/// One run of a page's text with the term occurrences found in it ([`Linker::find`]).
type FoundRun = (String, Vec<(Range<usize>, usize)>);

/// The terms found in a page's runs of text, kept from one render of the page for the next:
/// a page's section of a print file reads the same text as the page, and searching it again
/// for terms was a twentieth of a build with thousands of terms used on every line.
#[derive(Debug, Default)]
pub(crate) enum FoundTerms {
    /// Nothing kept: every run is searched.
    #[default]
    Unkept,
    /// Each run searched and kept with what was found, in order.
    Recording(Vec<FoundRun>),
    /// The runs a recording kept, taken in order while the text read is the same; at the first
    /// run that differs (which the same parse never gives), every run is searched again.
    Replaying(std::vec::IntoIter<FoundRun>),
}

impl FoundTerms {
    /// Keeps what the next render finds.
    pub(crate) fn recording() -> FoundTerms {
        FoundTerms::Recording(Vec::new())
    }

    /// What was recorded, for the next render to take instead of searching.
    pub(crate) fn replay(self) -> FoundTerms {
        match self {
            FoundTerms::Recording(runs) => FoundTerms::Replaying(runs.into_iter()),
            other => other,
        }
    }

    /// The occurrences in `text`: as recorded for this run, else found by `linker`.
    fn find(&mut self, linker: &Linker<'_>, text: &str) -> Vec<(Range<usize>, usize)> {
        match self {
            FoundTerms::Unkept => linker.find(text),
            FoundTerms::Recording(runs) => {
                let found = linker.find(text);
                runs.push((text.to_string(), found.clone()));
                found
            }
            FoundTerms::Replaying(runs) => match runs.next() {
                Some((read, found)) if read == text => found,
                _ => {
                    *self = FoundTerms::Unkept;
                    linker.find(text)
                }
            },
        }
    }
}

/// Links term occurrences in a page's events and resolves explicit `term:` links. The events
/// are rewritten in place ([`InPlace`]): a page's events are held once, not twice. The terms
/// found in its text are recorded in, or taken from, `found`.
pub(crate) fn link_terms<'a>(
    events: Vec<Spanned<'a>>,
    linker: &Linker<'_>,
    page: &PageText<'_>,
    place: &LinkPlace<'_>,
    found: &mut FoundTerms,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Spanned<'a>>, Usage) {
    let mut state = State {
        linker,
        place,
        out: InPlace::new(events, || (Event::SoftBreak, 0..0)),
        usage: Usage::default(),
        linked: BTreeSet::new(),
        found,
    };
    let mut excluded = 0usize;
    let mut suggestions = Suggestions::default();
    // One entry per open link: Some(term) for an explicit term link, None for an ordinary one.
    let mut links: Vec<Option<usize>> = Vec::new();
    let mut pending: Option<(String, Range<usize>)> = None;
    while let Some((event, range)) = state.out.take() {
        if let Event::Text(text) = &event {
            if excluded == 0 && place.autolink {
                match &mut pending {
                    Some((buffer, r)) => {
                        buffer.push_str(text);
                        r.end = range.end;
                    }
                    None => pending = Some((text.to_string(), range)),
                }
                continue;
            }
        }
        if let Some((text, r)) = pending.take() {
            state.link_text(text, r);
        }
        match event {
            Event::Start(Tag::Link { ref dest_url, .. }) if dest_url.starts_with("term:") => {
                let name = decode(&dest_url["term:".len()..]);
                match linker.glossary.lookup(&name) {
                    Some(term) => {
                        state.usage.used.insert(term);
                        let html = linker.open_link(term, place);
                        state.out.push((Event::InlineHtml(CowStr::from(html)), range));
                        links.push(Some(term));
                    }
                    None => {
                        let (line, column) = page.body_position(range.start);
                        diagnostics.push(
                            Diagnostic::error(
                                Code::TermUnknown,
                                &page.display_path,
                                line,
                                column,
                                format!("`term:{name}` links to an unknown term"),
                            )
                            .with_help(suggestions.help(&name, linker.glossary))
                            .with_source_indexed(page.text(), page.lines()),
                        );
                        links.push(None);
                        state.out.push((event, range));
                    }
                }
                excluded += 1;
            }
            Event::End(TagEnd::Link) => {
                excluded = excluded.saturating_sub(1);
                match links.pop().flatten() {
                    Some(_) => state.out.push((Event::InlineHtml(CowStr::Borrowed("</a>")), range)),
                    None => state.out.push((event, range)),
                }
            }
            Event::Start(Tag::Link { .. }) => {
                links.push(None);
                excluded += 1;
                state.out.push((event, range));
            }
            Event::Start(
                Tag::Image { .. } | Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_),
            ) => {
                excluded += 1;
                state.out.push((event, range));
            }
            Event::End(
                TagEnd::Image | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_),
            ) => {
                excluded = excluded.saturating_sub(1);
                state.out.push((event, range));
            }
            other => state.out.push((other, range)),
        }
    }
    if let Some((text, r)) = pending.take() {
        state.link_text(text, r);
    }
    (state.out.finish(), state.usage)
}

/// A list rewritten in place: items are taken from the front, and the items written back go, in
/// order, into the slots already taken, or wait in a queue while none is free. A pass over a
/// page's events so holds them once instead of twice (a 1 MiB page of `*a` has a million).
struct InPlace<T> {
    items: Vec<T>,
    /// Index of the next item to take.
    read: usize,
    /// Index of the next slot to write; never beyond `read`.
    write: usize,
    /// Items written while no slot was free, oldest first.
    waiting: VecDeque<T>,
    /// What a taken slot holds until it is written again.
    hole: fn() -> T,
}

impl<T> InPlace<T> {
    fn new(items: Vec<T>, hole: fn() -> T) -> InPlace<T> {
        InPlace { items, read: 0, write: 0, waiting: VecDeque::new(), hole }
    }

    /// The next item, or None when all were taken.
    fn take(&mut self) -> Option<T> {
        let slot = self.items.get_mut(self.read)?;
        let item = std::mem::replace(slot, (self.hole)());
        self.read += 1;
        self.settle();
        Some(item)
    }

    /// Writes an item after those written before.
    fn push(&mut self, item: T) {
        self.waiting.push_back(item);
        self.settle();
    }

    /// Moves waiting items into free slots.
    fn settle(&mut self) {
        while self.write < self.read {
            let Some(item) = self.waiting.pop_front() else { break };
            self.items[self.write] = item;
            self.write += 1;
        }
    }

    /// The items written, in order; items never taken are kept as they are, after them.
    fn finish(mut self) -> Vec<T> {
        while let Some(item) = self.take() {
            self.push(item);
        }
        self.items.truncate(self.write);
        self.items.extend(self.waiting);
        self.items
    }
}

struct State<'l, 'g, 'p, 'a> {
    linker: &'l Linker<'g>,
    place: &'l LinkPlace<'p>,
    out: InPlace<Spanned<'a>>,
    usage: Usage,
    /// Terms already linked on this page (for `link = "first"`).
    linked: BTreeSet<usize>,
    found: &'l mut FoundTerms,
}

impl<'a> State<'_, '_, '_, 'a> {
    /// Links the terms found in one run of text. With any link made, the run becomes one piece
    /// of HTML (the words escaped as the writer would, the links between them),
    /// one allocation instead of several per occurrence.
    fn link_text(&mut self, text: String, range: Range<usize>) {
        let found = self.found.find(self.linker, &text);
        let mut html = String::new();
        let mut cursor = 0;
        for (span, term) in found {
            self.usage.used.insert(term);
            let wanted = match self.linker.mode {
                LinkMode::All => true,
                LinkMode::First => self.linked.insert(term),
                LinkMode::None => false,
            };
            if !wanted {
                continue;
            }
            if html.is_empty() {
                html.reserve(text.len() * 2 + 256);
            }
            // Writing to a String cannot fail.
            let _ = pulldown_cmark_escape::escape_html_body_text(&mut html, &text[cursor..span.start]);
            self.linker.write_linked(&mut html, &text[span.clone()], term, self.place);
            cursor = span.end;
        }
        if cursor == 0 {
            self.out.push((Event::Text(CowStr::from(text)), range));
            return;
        }
        let _ = pulldown_cmark_escape::escape_html_body_text(&mut html, &text[cursor..]);
        self.out.push((Event::InlineHtml(CowStr::from(html)), range));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{parse_page, Course, PageKind};
    use crate::glossary::course_with;
    use crate::markup::{options, parse, to_html, PageIds};
    use std::path::{Path, PathBuf};

    /// The examples of problems, which these tests never see.
    const ZH: &crate::labels::Examples = crate::labels::labels(crate::labels::Language::ZhCn).examples;

    const TERMS: &str = "---\ntitle: T\nterms:\n  - name: 客户满意度\n    level: 3\n    definition: d\n  - name: 客户\n    level: 1\n    definition: d\n  - name: FAQ\n    level: 2\n    en: Frequently Asked Questions\n    definition: d\n---\n";

    /// English terms some of whose forms start with others, and Chinese ones.
    const PREFIXED_TERMS: &str = "---\ntitle: T\nterms:\n  - name: net promoter score\n    level: 2\n    definition: d\n  - name: net promoter\n    level: 1\n    definition: d\n  - name: post\n    level: 1\n    definition: d\n  - name: post of\n    level: 1\n    definition: d\n  - name: in store\n    level: 1\n    definition: d\n  - name: store credit\n    level: 1\n    definition: d\n  - name: 客户满意度\n    level: 3\n    definition: d\n  - name: 客户\n    level: 1\n    definition: d\n  - name: 周期\n    level: 1\n    definition: d\n  - name: 周期2042\n    level: 1\n    definition: d\n---\n";

    fn course() -> Course {
        course_with(TERMS)
    }

    /// The words `find` links in `text`, in order, with the name of the term each links to.
    fn found<'t>(glossary: &Glossary, text: &'t str) -> Vec<(&'t str, String)> {
        found_by_keys_of(KEY_BYTES, glossary, text)
    }

    /// [`found`], the automaton looking for the first `key_bytes` of each form only.
    fn found_by_keys_of<'t>(key_bytes: usize, glossary: &Glossary, text: &'t str) -> Vec<(&'t str, String)> {
        let linker = Linker::with_key_bytes(glossary, LinkMode::All, key_bytes);
        linker.find(text).into_iter().map(|(r, t)| (&text[r], glossary.terms[t].name.clone())).collect()
    }

    /// What `find` must return, position by position: at each character the longest form that
    /// starts there on its word boundaries, else nothing there (no book titles in `text`).
    fn found_slowly<'t>(glossary: &Glossary, text: &'t str) -> Vec<(&'t str, String)> {
        let forms: Vec<(&str, &str)> =
            glossary.terms.iter().flat_map(|t| t.forms().map(move |f| (f, t.name.as_str()))).collect();
        let mut found = Vec::new();
        let mut at = 0;
        while let Some(c) = text[at..].chars().next() {
            let fits = |form: &str| {
                let Some(words) = text.get(at..at + form.len()).filter(|w| w.eq_ignore_ascii_case(form)) else {
                    return false;
                };
                let latin = |c: Option<char>| c.is_some_and(is_spaced_letter);
                let word = |c: Option<char>| c.is_some_and(is_word_char);
                (!latin(form.chars().next()) || !word(text[..at].chars().next_back()))
                    && (!latin(form.chars().next_back()) || !word(text[at + words.len()..].chars().next()))
            };
            // The first of the longest, as leftmost-longest matching takes it.
            match forms.iter().filter(|(f, _)| fits(f)).min_by_key(|(f, _)| std::cmp::Reverse(f.len())) {
                Some((form, name)) => {
                    found.push((&text[at..at + form.len()], name.to_string()));
                    at += form.len();
                }
                None => at += c.len_utf8(),
            }
        }
        found
    }

    fn render(glossary: &Glossary, mode: LinkMode, markdown: &str) -> (String, Usage) {
        render_finding(glossary, mode, markdown, &mut FoundTerms::Unkept)
    }

    /// [`render`], the terms found in the text recorded in or replayed from `found`.
    fn render_finding(glossary: &Glossary, mode: LinkMode, markdown: &str, found: &mut FoundTerms) -> (String, Usage) {
        let linker = Linker::new(glossary, mode);
        let text = format!("---\ntitle: B\n---\n{markdown}");
        let page =
            parse_page(PageKind::Chapter, Path::new("01-m/02-b.md"), PathBuf::from("b.md"), text, ZH).expect("page");
        let page = page.text().expect("a page read from a string holds its text");
        let parsed = parse(page.body(), options(false), &PageIds::default());
        let place = LinkPlace { target: TermTarget::GlossaryPage { root: "../" }, autolink: true };
        let mut diagnostics = Vec::new();
        let (events, usage) = link_terms(parsed.events, &linker, &page, &place, found, &mut diagnostics);
        (to_html(events), usage)
    }

    #[test]
    fn a_name_misspelt_on_many_pages_is_compared_with_the_glossary_once() {
        let glossary = Glossary::from_course(&course(), Default::default(), &PageIds::default()).0;
        let helps: Vec<String> = (0..3).map(|_| Suggestions::default().help("客户满易度", &glossary)).collect();
        assert!(helps[0].starts_with("did you mean `客户满意度`?"), "{}", helps[0]);
        assert!(helps.iter().all(|h| *h == helps[0]), "{helps:?}");
        let far = Suggestions::default().help("物流", &glossary);
        assert!(!far.contains("did you mean"), "{far}");
        let kept = glossary.nearest.found.lock().unwrap().clone();
        assert_eq!(kept.len(), 2, "one search a name, found or not: {kept:?}");
        assert_eq!(kept["物流"], None);
        // A copy (its terms may change) keeps nothing.
        assert!(glossary.clone().nearest.found.lock().unwrap().is_empty());
    }

    #[test]
    fn terms_found_in_one_render_are_taken_by_the_next_of_the_same_text_and_searched_again_in_another() {
        let glossary = Glossary::from_course(&course(), Default::default(), &PageIds::default()).0;
        // What a render shows: the HTML and the terms used.
        let seen = |(html, usage): (String, Usage)| (html, usage.used);
        let page = "客户满意度很重要。\n\n## 客户\n\n每位客户都看 FAQ，[客户](other.md) 除外。\n";
        let fresh = seen(render(&glossary, LinkMode::All, page));
        let mut found = FoundTerms::recording();
        assert_eq!(seen(render_finding(&glossary, LinkMode::All, page, &mut found)), fresh);
        let FoundTerms::Recording(runs) = &found else { panic!("still recording: {found:?}") };
        // The heading and the link's text are not searched: the three runs of text around them are.
        let read: Vec<&str> = runs.iter().map(|(text, _)| text.as_str()).collect();
        assert_eq!(read, ["客户满意度很重要。", "每位客户都看 FAQ，", " 除外。"]);
        let mut again = found.replay();
        assert_eq!(
            seen(render_finding(&glossary, LinkMode::First, page, &mut again)),
            seen(render(&glossary, LinkMode::First, page))
        );
        assert!(matches!(&again, FoundTerms::Replaying(rest) if rest.len() == 0), "every run taken: {again:?}");
        // Another text from the first differing run on: searched, as if nothing were kept.
        let other = "客户满意度很重要。\n\n换了：FAQ 与客户满意度。\n";
        let mut found = FoundTerms::recording();
        render_finding(&glossary, LinkMode::All, page, &mut found);
        let mut found = found.replay();
        assert_eq!(
            seen(render_finding(&glossary, LinkMode::All, other, &mut found)),
            seen(render(&glossary, LinkMode::All, other))
        );
        assert!(matches!(found, FoundTerms::Unkept), "{found:?}");
    }

    /// Pseudo-random numbers from `seed` (xorshift64), a new one at each call: the same texts
    /// on every run. A length drawn from it changes it, so that an empty text is not drawn forever.
    fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        }
    }

    /// The visible text of HTML: the tags removed.
    fn visible_text(html: &str) -> String {
        let mut text = String::new();
        let mut rest = html;
        while let Some(open) = rest.find('<') {
            text.push_str(&rest[..open]);
            rest = rest[open..].find('>').map_or("", |close| &rest[open + close + 1..]);
        }
        text.push_str(rest);
        text
    }

    #[test]
    fn linking_never_changes_the_text_property() {
        let (glossary, problems) = Glossary::from_course(&course(), Default::default(), &PageIds::default());
        assert!(problems.is_empty(), "{problems:?}");
        let fragments = [
            "客户",
            "满意度",
            "FAQ",
            "faq",
            "s",
            " ",
            "*",
            "`",
            "[",
            "](x)",
            "\n\n",
            "## ",
            "请",
            "a",
            "_",
            "&amp;",
            "> ",
        ];
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        for _ in 0..400 {
            let mut markdown = String::new();
            for _ in 0..(next() % 24) {
                markdown.push_str(fragments[(next() % fragments.len() as u64) as usize]);
            }
            let (plain, _) = render(&glossary, LinkMode::None, &markdown);
            let (all, _) = render(&glossary, LinkMode::All, &markdown);
            assert_eq!(visible_text(&all), visible_text(&plain), "markdown: {markdown:?}\n{all}");
        }
    }

    #[test]
    fn longest_term_wins() {
        let (glossary, _) = Glossary::from_course(&course(), Default::default(), &PageIds::default());
        let linker = Linker::new(&glossary, LinkMode::All);
        let found: Vec<&str> =
            linker.find("客户满意度与客户").iter().map(|(_, t)| glossary.terms[*t].name.as_str()).collect();
        assert_eq!(found, vec!["客户满意度", "客户"]);
    }

    #[test]
    fn book_titles_are_not_linked() {
        let (glossary, _) = Glossary::from_course(&course(), Default::default(), &PageIds::default());
        let linker = Linker::new(&glossary, LinkMode::All);
        assert_eq!(linker.find("《客户满意度》一书讲客户").len(), 1);
        let text = "《客户》客户《客户满意度》与《客户》之外的客户满意度";
        let found: Vec<&str> = linker.find(text).into_iter().map(|(r, _)| &text[r]).collect();
        assert_eq!(found, vec!["客户", "客户满意度"]);
    }

    #[test]
    fn latin_forms_need_word_boundaries() {
        let (glossary, _) = Glossary::from_course(&course(), Default::default(), &PageIds::default());
        let linker = Linker::new(&glossary, LinkMode::All);
        assert_eq!(linker.find("请阅读FAQ。").len(), 1);
        assert_eq!(linker.find("FAQs").len(), 0);
        assert_eq!(linker.find("xFAQ").len(), 0);
        assert_eq!(linker.find("the frequently asked questions page").len(), 1);
    }

    #[test]
    fn accented_letters_are_matched_in_any_case_as_ascii_ones_are() {
        // Only ASCII letters were matched in any case: CAFÉ was not linked, though
        // `[x](term:CAFÉ)` was (a fifth course generator's finding).
        let text = "CAFÉ, Café, cafÉ, café; ÜBER COOL, über cool, Über Cool; 客户.";
        assert_eq!(
            linked(&["café", "Über cool", "客户"], text),
            vec!["CAFÉ", "Café", "cafÉ", "café", "ÜBER COOL", "über cool", "Über Cool", "客户"]
        );
        assert_eq!(cased_forms("客户"), vec!["客户"], "no case, one form");
        assert_eq!(cased_forms("Straße"), vec!["Straße"], "ß has no one-letter uppercase: kept");
        assert_eq!(linked(&["éclairé", "ıx", "ลูกค้า"], "Éclairé. ix ıx ลูกค้าพอใจมาก"), vec!["Éclairé", "ıx", "ลูกค้า"]);
        // A heading's words, each capitalised.
        assert_eq!(linked(&["éclair über"], "Éclair Über, éclair über"), vec!["Éclair Über", "éclair über"]);
    }

    #[test]
    fn accented_letters_are_inside_words_and_chinese_is_not() {
        // `sum` in `résumé`, `test` in `testé`, `élan` in `xélan` and `café` in `cafés` were
        // linked: only ASCII letters counted as a word's (a fifth course generator's finding).
        let text = "Send your résumé; testé, xélan, cafés, Straße—sumа. A sum, a test, élan, café; 用sum和café。";
        assert_eq!(linked(&["sum", "test", "élan", "café"], text), vec!["sum", "test", "élan", "café", "sum", "café"]);
    }

    /// The pieces of `text` linked to one of the terms `names` (each level 1), every occurrence.
    fn linked<'t>(names: &[&str], text: &'t str) -> Vec<&'t str> {
        let terms: String =
            names.iter().map(|name| format!("  - name: {name}\n    level: 1\n    definition: d\n")).collect();
        let course = course_with(&format!("---\ntitle: T\nterms:\n{terms}---\n"));
        let (glossary, _) = Glossary::from_course(&course, Default::default(), &PageIds::default());
        let linker = Linker::new(&glossary, LinkMode::All);
        linker.find(text).into_iter().map(|(r, _)| &text[r]).collect()
    }

    #[test]
    fn a_form_ending_inside_a_word_gives_way_to_a_shorter_one_that_does_not() {
        let (glossary, problems) =
            Glossary::from_course(&course_with(PREFIXED_TERMS), Default::default(), &PageIds::default());
        assert!(problems.is_empty(), "{problems:?}");
        let owned = |pairs: &[(&'static str, &str)]| -> Vec<(&'static str, String)> {
            pairs.iter().map(|(w, n)| (*w, n.to_string())).collect()
        };
        assert_eq!(
            found(&glossary, "Track net promoter scores weekly. Then the net promoter score."),
            owned(&[("net promoter", "net promoter"), ("net promoter score", "net promoter score")])
        );
        assert_eq!(found(&glossary, "Net Promoter Scores"), owned(&[("Net Promoter", "net promoter")]));
        assert_eq!(found(&glossary, "A post often helps."), owned(&[("post", "post")]));
        assert_eq!(found(&glossary, "A post of note."), owned(&[("post of", "post of")]));
        assert_eq!(found(&glossary, "the net promoters"), owned(&[]), "no shorter form ends on a boundary");
        assert_eq!(found(&glossary, "周期20425与周期2042"), owned(&[("周期", "周期"), ("周期2042", "周期2042")]));
    }

    #[test]
    fn a_form_starting_inside_a_rejected_match_is_found() {
        let (glossary, _) =
            Glossary::from_course(&course_with(PREFIXED_TERMS), Default::default(), &PageIds::default());
        // `in store` matches inside "within": rejected, and `store credit` after it still links.
        assert_eq!(found(&glossary, "within store credit"), vec![("store credit", "store credit".to_string())]);
    }

    #[test]
    fn find_takes_the_longest_fitting_form_at_each_position_property() {
        let (glossary, _) =
            Glossary::from_course(&course_with(PREFIXED_TERMS), Default::default(), &PageIds::default());
        let fragments = [
            "net ",
            "promoter",
            " score",
            "s",
            " ",
            "post",
            " of",
            "ten",
            "in",
            "with",
            " store",
            " credit",
            "客户",
            "满意度",
            "_",
            "x",
            "NET ",
            ".",
            "1",
            "周期",
            "2042",
            "0",
            "net promoter score",
            "post of",
            "within store",
        ];
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..3_000 {
            let mut text = String::new();
            for _ in 0..(next() % 16) {
                text.push_str(fragments[(next() % fragments.len() as u64) as usize]);
            }
            let expected = found_slowly(&glossary, &text);
            assert_eq!(found(&glossary, &text), expected, "text: {text:?}");
            // The same when the automaton looks for a few bytes of each form only: every form
            // but the shortest is cut, some inside a character, and forms share keys.
            for key_bytes in [1, 3, 4, 7, 10] {
                assert_eq!(found_by_keys_of(key_bytes, &glossary, &text), expected, "{key_bytes} bytes: {text:?}");
            }
        }
    }

    /// What `find` returned when its automaton looked for whole forms, before it looked for their
    /// keys ([`FormKeys`]): what it must still return, whatever the keys' length.
    fn found_by_whole_forms(linker: &Linker<'_>, text: &str) -> Vec<(Range<usize>, usize)> {
        let forms: Vec<String> = linker
            .glossary
            .terms
            .iter()
            .filter(|t| t.autolink)
            .flat_map(|t| t.forms().flat_map(cased_forms).collect::<Vec<_>>())
            .collect();
        let Ok(automaton) =
            AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).ascii_case_insensitive(true).build(&forms)
        else {
            return Vec::new();
        };
        let mut titles = book_titles(text).into_iter().peekable();
        let mut found = Vec::new();
        let mut at = 0;
        while let Some(m) = automaton.find(Input::new(text).range(at..)) {
            let Some((range, term)) = linker.fitting(text, m.start(), m.pattern().as_usize()) else {
                at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
                continue;
            };
            while titles.next_if(|t| t.end <= range.start).is_some() {}
            if titles.peek().is_some_and(|t| t.start < range.end) {
                at = m.end();
                continue;
            }
            at = range.end;
            found.push((range, term));
        }
        found
    }

    #[test]
    fn keys_find_what_an_automaton_of_the_whole_forms_finds_property() {
        // Letters in both ASCII cases, accented ones (two bytes, their other case added by
        // `cased_forms`), Chinese (three bytes), word characters and not, book-title marks.
        let alphabet = ["a", "A", "b", "B", " ", "_", "1", "é", "É", "客", "户", "《", "》", "-"];
        let mut next = xorshift(0x1234_5678_9abc_def1);
        // `most` characters at most, at least one.
        let pick = |next: &mut dyn FnMut() -> u64, most: u64| -> String {
            let chars = 1 + next() % most;
            (0..chars).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect()
        };
        for _ in 0..300 {
            let mut names: Vec<String> = Vec::new();
            let mut terms = String::new();
            for _ in 0..(1 + next() % 6) {
                let name = match names.last() {
                    // The one before in other ASCII case: the same form twice.
                    Some(before) if next() % 5 == 0 => before.to_ascii_uppercase(),
                    // Often a longer or case-changed form of the one before: shared keys.
                    Some(before) if next() % 2 == 0 => {
                        let grown = format!("{before}{}", pick(&mut next, 4));
                        if next() % 3 == 0 {
                            grown.to_ascii_uppercase()
                        } else {
                            grown
                        }
                    }
                    _ => pick(&mut next, 8),
                };
                let name = name.trim().to_string();
                if name.is_empty() {
                    continue;
                }
                let alias = pick(&mut next, 5);
                terms.push_str(&format!(
                    "  - name: \"{name}\"\n    aliases: [\"{}\"]\n    level: 1\n    definition: d\n",
                    alias.trim()
                ));
                names.push(name);
            }
            if terms.is_empty() {
                continue;
            }
            let course = course_with(&format!("---\ntitle: T\nterms:\n{terms}---\n"));
            let (glossary, _) = Glossary::from_course(&course, Default::default(), &PageIds::default());
            // The production keys among them, whatever they are set to.
            let sizes = [1, 2, 3, 4, 5, 7, KEY_BYTES, 64];
            let linkers: Vec<Linker> =
                sizes.iter().map(|&k| Linker::with_key_bytes(&glossary, LinkMode::All, k)).collect();
            for _ in 0..20 {
                let mut text = String::new();
                for _ in 0..(next() % 8) {
                    match names.get((next() % (names.len() as u64 + 2)) as usize) {
                        Some(name) if next() % 2 == 0 => text.push_str(&name.to_ascii_uppercase()),
                        Some(name) => text.push_str(name),
                        None => text.push_str(&pick(&mut next, 3)),
                    }
                }
                let expected = found_by_whole_forms(&linkers[0], &text);
                for (linker, k) in linkers.iter().zip(sizes) {
                    assert_eq!(linker.find(&text), expected, "keys of {k} bytes, text {text:?}, terms:\n{terms}");
                }
            }
        }
    }

    #[test]
    fn shorter_forms_are_the_longest_prefixes_ending_on_a_boundary() {
        let forms: Vec<String> = [
            "net promoter score",
            "NET PROMOTER",
            "net",
            "post of",
            "post",
            "postage",
            "客户满意度",
            "客户",
            "周期2042",
            "周期",
        ]
        .iter()
        .map(|f| f.to_string())
        .collect();
        let shorter = shorter_forms(&forms);
        assert_eq!(shorter[0], Some(1), "any case");
        assert_eq!(shorter[1], Some(2));
        assert_eq!(shorter[3], Some(4));
        assert_eq!(shorter[5], None, "`post` ends inside the word `postage`");
        assert_eq!(shorter[6], None, "a Chinese form never ends inside a word");
        assert_eq!(shorter[8], Some(9), "`周期` needs no boundary");
    }

    #[test]
    fn in_place_rewriting_keeps_the_order_whatever_is_written() {
        let mut list = InPlace::new((0..6).collect::<Vec<u32>>(), || u32::MAX);
        let mut seen = Vec::new();
        while let Some(n) = list.take() {
            seen.push(n);
            // 0 and 1 disappear, 2 is written three times, 3 taken but not 4 and 5 (kept).
            match n {
                0 | 1 => {}
                2 => (0..3).for_each(|_| list.push(20)),
                _ => {
                    list.push(n * 10);
                    break;
                }
            }
        }
        assert_eq!(seen, vec![0, 1, 2, 3]);
        assert_eq!(list.finish(), vec![20, 20, 20, 30, 4, 5]);
        let mut grows = InPlace::new(vec![1u32], || 0);
        while let Some(n) = grows.take() {
            (0..4).for_each(|i| grows.push(n + i));
        }
        assert_eq!(grows.finish(), vec![1, 2, 3, 4]);
    }

    #[test]
    fn usage_is_counted_even_when_not_linked() {
        let (glossary, _) = Glossary::from_course(&course(), Default::default(), &PageIds::default());
        let (_, usage) = render(&glossary, LinkMode::None, "客户\n");
        assert_eq!(usage.used.len(), 1);
    }
}
