//! Footnotes written as HTML with ids of their own (`fn-…`, prefixed on a print page), numbered
//! by first reference, so that they never clash with a heading's id.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::content::url::encode_href;
use crate::markup::{heading_slug, Spanned};

/// Writes footnotes as HTML with ids `fn-…` (prefixed on the print page), numbered by first
/// reference, so they can never clash with a heading's id.
pub(crate) fn number_footnotes<'a>(events: Vec<Spanned<'a>>, id_prefix: &str) -> Vec<Spanned<'a>> {
    let mut numbers: HashMap<String, usize> = HashMap::new();
    for (event, _) in &events {
        if let Event::FootnoteReference(label) = event {
            let next = numbers.len() + 1;
            numbers.entry(label.to_string()).or_insert(next);
        }
    }
    let mut number_of = |label: &str| {
        let next = numbers.len() + 1;
        *numbers.entry(label.to_string()).or_insert(next)
    };
    events
        .into_iter()
        .map(|(event, range)| {
            let event = match event {
                Event::FootnoteReference(label) => {
                    let n = number_of(&label);
                    let id = footnote_id(id_prefix, &label);
                    let href = encode_href(&id);
                    Event::Html(CowStr::from(format!(
                        "<sup class=\"footnote-reference\" id=\"{id}-ref\"><a href=\"#{href}\">{n}</a></sup>"
                    )))
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let n = number_of(&label);
                    let id = footnote_id(id_prefix, &label);
                    let href = encode_href(&id);
                    Event::Html(CowStr::from(format!(
                        "<div class=\"footnote-definition\" id=\"{id}\"><sup class=\"footnote-definition-label\"><a href=\"#{href}-ref\">{n}</a></sup>"
                    )))
                }
                Event::End(TagEnd::FootnoteDefinition) => Event::Html(CowStr::from("</div>\n")),
                other => other,
            };
            (event, range)
        })
        .collect()
}

/// A footnote's id: after `prefix` (a print section's anchor, which keeps the file name's
/// characters), its label's slug, encoded. A link to it percent-encodes the whole id, as every
/// fragment link the build writes does.
fn footnote_id(prefix: &str, label: &str) -> String {
    format!("{prefix}fn-{}", encode_href(&heading_slug(label)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::{options, parse, to_html};

    #[test]
    fn footnotes_get_prefixed_ids() {
        let parsed = parse("text[^a]\n\n[^a]: note\n", options(false), &crate::markup::PageIds::default());
        let html = to_html(number_footnotes(parsed.events, ""));
        assert!(html.contains("href=\"#fn-a\""), "{html}");
        assert!(html.contains("id=\"fn-a\""), "{html}");
    }
}
