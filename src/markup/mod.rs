//! Markup: the Markdown and HTML helpers every stage shares, at the bottom of the pipeline.
//!
//! A body parsed once into events with their byte ranges and heading ids ([`parse`](fn@parse),
//! `parse.rs`), with a `term:` link written with spaces read as the link CommonMark would not
//! make of it and other addresses with spaces noted ([`SpacedAddress`], `spaced.rs`); heading
//! slugs ([`heading_slug`]), escaping and events written as HTML ([`escape_html`], [`to_html`],
//! `html.rs`), short inline pieces and plain text ([`inline_html`], [`plain_text`],
//! `inline.rs`), and the check that refuses addresses that would run code ([`RefusedUrl`],
//! `safe_url.rs`); line breaks between Chinese characters joined without a space (`cjk.rs`);
//! the FNV-1a hash the browser computes too ([`fnv1a`], `hash.rs`). It knows nothing of
//! courses, pages or terms (a `term:` address is syntax here, resolved by the glossary):
//! config, content, glossary, exercises, render and search use it, and it uses none of them.
//! The passes that need the course (link rewriting, raw HTML in page bodies, footnotes) are
//! `render`'s.

mod cjk;
mod hash;
mod html;
mod inline;
mod parse;
mod safe_url;
mod spaced;
mod xhtml;

pub(crate) use cjk::{is_cjk, is_cjk_side, is_unspaced_script, join_cjk_spaces};
pub(crate) use hash::fnv1a;
pub(crate) use html::{
    escape_html, escape_raw_html, escaped_len, html_of, html_pieces, open_tags_said, options, sanitizer, to_html,
    OpenTags, RawHtml, Spanned, TooMany,
};
pub(crate) use inline::{first_block, inline_html, inline_text_html, plain_text};
pub(crate) use parse::{
    heading_slug, is_question_fence, may_hold_questions, parse, question_anchor, Heading, IdClash, IdOwner, PageIds,
    Parsed, MAX_EVENTS,
};
pub(crate) use safe_url::{first_local_link, first_refused_url, is_network_path, RefusedUrl};
pub(crate) use spaced::SpacedAddress;
pub(crate) use xhtml::{escape_xml, to_xhtml, Address, Addresses};
