//! The definitions shown when a reader hovers, focuses or taps a linked term, written once per
//! glossary part instead of once per link: a page carries only its links, and the theme's
//! script loads `_terms/<part>.js` (a classic script, so it works from `file://`) the first
//! time a term of that part is pointed at. A page's size so grows with its links, never with
//! the length of the definitions of the terms it uses.

use std::collections::BTreeMap;

use crate::content::url::TERMS_DIR;
use crate::glossary::{Glossary, Term};
use crate::labels::Labels;
use crate::markup::escape_html;

/// The name of the function a tip file calls (defined by the theme's `app.js`) with its part's
/// name and its definitions by anchor.
pub(crate) const TIPS_CALLBACK: &str = "coursebookTips";

/// One file per glossary page (`glossary.html`, or each part `glossary-c.html`…): its site path
/// (`_terms/glossary-c.js`) and its text, every term of that page's tip by anchor. Made one at
/// a time as they are asked for: all of them at once held every definition twice more (24 MB
/// of 3,000 definitions of 2–5 KB, at the build's peak).
pub(crate) fn tip_files<'g>(glossary: &'g Glossary, labels: &'g Labels) -> impl Iterator<Item = (String, String)> + 'g {
    let parts: Vec<std::ops::Range<usize>> = if glossary.parts.is_empty() {
        vec![0..glossary.terms.len()]
    } else {
        glossary.parts.iter().map(|part| part.terms.clone()).collect()
    };
    parts.into_iter().filter(|terms| !terms.is_empty()).map(move |terms| {
        let terms = &glossary.terms[terms];
        let tips: BTreeMap<&str, String> =
            terms.iter().map(|term| (term.id.as_str(), tip_html(term, labels))).collect();
        let part = part_name(&terms[0].glossary_page);
        let json = serde_json::to_string(&tips).unwrap_or_else(|_| "{}".into());
        let name = serde_json::to_string(part).unwrap_or_default();
        (format!("{TERMS_DIR}/{part}.js"), format!("{TIPS_CALLBACK}({name},{json});\n"))
    })
}

/// `glossary-c` for `glossary-c.html`: the name a term link's target gives the script.
fn part_name(glossary_page: &str) -> &str {
    glossary_page.strip_suffix(".html").unwrap_or(glossary_page)
}

/// The term's English name as it follows its name (` <span class="term-en">…</span>`); empty
/// without one. The handout's entries show it the same way.
pub(crate) fn en_html(term: &Term) -> String {
    term.en.as_deref().map(|en| format!(" <span class=\"term-en\">{}</span>", escape_html(en))).unwrap_or_default()
}

/// What the tip shows: the level (stars for the eye, its name as text), the term, its English
/// name, the definition without links (a tip is not a place to navigate from).
fn tip_html(term: &Term, labels: &Labels) -> String {
    let en = en_html(term);
    format!(
        "<span class=\"stars\" aria-hidden=\"true\">{}</span> <span class=\"level-name\">{}</span> <strong>{}</strong>{en} <span class=\"term-def\">{}</span>",
        term.level.stars(),
        term.level.name(labels),
        escape_html(&term.name),
        term.tip_html()
    )
}
