//! The printed handout's own parts (print.html, and each module's print file in a large
//! course): the cover and contents the template lays out, a chapter's terms with their
//! definitions, the glossary and revision list at the end, and the CSS paged-media rules that
//! put each module's title at the top of its pages.

use std::io::{self, Write};

use serde::Serialize;

use crate::content::term::Level;
use crate::content::url::encode_href;
use crate::glossary::link::handout_term_id;
use crate::glossary::{Glossary, Term};
use crate::labels::Labels;
use crate::markup::escape_html;
use crate::render::page::Link;
use crate::render::tips;

/// What the print template gets besides the pages: how to lay the handout out.
#[derive(Debug, Serialize)]
pub(crate) struct Handout {
    /// The paper, as CSS `@page { size }` names it.
    pub(crate) paper: &'static str,
    /// The cover; None on a module's own print file.
    pub(crate) cover: Option<Cover>,
    /// Modules with their chapters, each linking to its section (empty on a module's file).
    pub(crate) contents: Vec<ContentsModule>,
    /// `@page` rules (trusted CSS, titles escaped as CSS strings): each module's pages carry its
    /// title as running head, every page but the cover its number.
    pub(crate) page_css: String,
}

/// The handout's first page.
#[derive(Debug, Serialize)]
pub(crate) struct Cover {
    /// The course's title.
    pub(crate) title: String,
    /// `[book] description`; None shows none.
    pub(crate) description: Option<String>,
    /// `[book] authors`.
    pub(crate) authors: Vec<String>,
    /// The build's date, `2026-12-02`.
    pub(crate) date: String,
}

/// A module in the handout's contents.
#[derive(Debug, Serialize)]
pub(crate) struct ContentsModule {
    /// The module's title and its section's href.
    pub(crate) link: Link,
    /// Its chapters' titles and hrefs.
    pub(crate) chapters: Vec<Link>,
}

/// The name of module `number`'s pages in CSS (`page: m3`), which its running head is set on.
pub(crate) fn page_name(number: usize) -> String {
    format!("m{number}")
}

/// `@page` rules: numbers at the foot of every page but the cover, and each module's title at
/// the head of its pages. Chromium lays these margin boxes out; a browser without them prints
/// the pages without heads.
pub(crate) fn page_css(paper: &str, modules: &[(usize, &str)]) -> String {
    let mut css = format!(
        "@page {{ size: {paper}; margin: 20mm 18mm 22mm; @bottom-center {{ content: counter(page); }} }}\n\
         @page cover {{ @bottom-center {{ content: none; }} }}\n"
    );
    for (number, title) in modules {
        css.push_str(&format!(
            "@page {} {{ @top-center {{ content: {}; }} }}\n",
            page_name(*number),
            css_string(title)
        ));
    }
    css
}

/// `text` as a CSS string literal that cannot end the `<style>` element it sits in.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("\\3c "),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A chapter's 本章术语 box in the handout: each term it defines, with its level and definition.
pub(crate) fn chapter_terms_html(glossary: &Glossary, page_url: &str, labels: &Labels) -> String {
    let defined = glossary.defined_on(page_url);
    if defined.is_empty() {
        return String::new();
    }
    let mut html = format!(
        "<aside class=\"chapter-terms print-chapter-terms\"><h3>{}</h3>\n<dl>\n",
        escape_html(labels.terms_in_chapter)
    );
    for &index in defined {
        term_entry(&mut html, &glossary.terms[index], labels, false);
    }
    html.push_str("</dl></aside>\n");
    html
}

/// The glossary at the end of the handout (every term, its level, English name and
/// definition, the target of the term links in the text), then the revision list: the terms'
/// names by level, most important first. Written to `out` a piece at a time ([`PIECE_BYTES`]):
/// with thousands of terms it is the largest part of `print.html` (15 MB for 30,000), and is
/// never held whole.
pub(crate) fn write_glossary(out: &mut dyn Write, glossary: &Glossary, labels: &Labels) -> io::Result<()> {
    if glossary.terms.is_empty() {
        return Ok(());
    }
    let mut html = format!(
        "<section class=\"print-glossary\" id=\"print-glossary\"><h1 class=\"print-title\">{}</h1>\n<dl>\n",
        escape_html(labels.glossary)
    );
    for term in &glossary.terms {
        term_entry(&mut html, term, labels, true);
        flush_piece(out, &mut html)?;
    }
    html.push_str("</dl></section>\n");
    html.push_str(&format!(
        "<section class=\"print-revision\" id=\"print-revision\"><h1 class=\"print-title\">{}</h1>\n",
        escape_html(labels.handout_revision)
    ));
    for level in Level::MOST_IMPORTANT_FIRST {
        let terms: Vec<&Term> = glossary.terms.iter().filter(|t| t.level == level).collect();
        if terms.is_empty() {
            continue;
        }
        html.push_str(&format!(
            "<h2><span class=\"stars\" aria-hidden=\"true\">{}</span> {}</h2>\n<ul class=\"print-revision-list\">",
            level.stars(),
            escape_html(
                &labels.level_count.replace("{level}", level.name(labels)).replace("{n}", &terms.len().to_string())
            )
        ));
        for term in terms {
            html.push_str(&format!(
                "<li><a href=\"#{}\">{}</a></li>",
                encode_href(&handout_term_id(&term.id)),
                escape_html(&term.name)
            ));
            flush_piece(out, &mut html)?;
        }
        html.push_str("</ul>\n");
    }
    html.push_str("</section>\n");
    out.write_all(html.as_bytes())
}

/// How much of the handout's glossary is gathered before it is written.
const PIECE_BYTES: usize = 64 * 1024;

/// Writes `html` to `out` and empties it, once it holds [`PIECE_BYTES`] or more.
fn flush_piece(out: &mut dyn Write, html: &mut String) -> io::Result<()> {
    if html.len() >= PIECE_BYTES {
        out.write_all(html.as_bytes())?;
        html.clear();
    }
    Ok(())
}

/// One term as a `<dt>`/`<dd>` pair; `anchored` gives it the id term links lead to.
fn term_entry(html: &mut String, term: &Term, labels: &Labels, anchored: bool) {
    let id = if anchored { format!(" id=\"{}\"", escape_html(&handout_term_id(&term.id))) } else { String::new() };
    let en = tips::en_html(term);
    html.push_str(&format!(
        "<dt{id}><strong>{}</strong>{en} <span class=\"stars\" aria-hidden=\"true\">{}</span> <span class=\"level-name\">{}</span></dt>\n<dd>{}</dd>\n",
        escape_html(&term.name),
        term.level.stars(),
        escape_html(term.level.name(labels)),
        term.tip_html()
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_cannot_leave_its_css_string_or_the_style_element() {
        assert_eq!(css_string("售前\"咨询\\</style>"), "\"售前\\\"咨询\\\\\\3c /style>\"");
        assert_eq!(css_string("a\nb"), "\"a b\"");
    }
}
