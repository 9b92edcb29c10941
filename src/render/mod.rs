//! Render: a page's Markdown through the passes that need the course, and HTML pages from the
//! theme's templates.
//!
//! [`body`] runs a page body through the passes: [`links`] rewrites links to source files into
//! links to output pages and reports broken ones, [`raw_html`] applies `[output.html] raw-html`
//! to the author's HTML, [`exercises`] turns question blocks into forms (or worksheet items
//! on a print page), glossary linking (`glossary::link`) follows, and [`footnotes`] numbers
//! footnotes. [`page`] shapes the data every template receives (navigation, cards, the page
//! itself), [`glossary_pages`] the glossary and revision pages, [`tips`] the terms' hover
//! definitions, and [`theme`] loads the templates. Render takes loaded content and the glossary and returns HTML strings; it never
//! writes files (that is `site`'s job). Parsing, escaping and inline pieces are `markup`'s,
//! below every stage.

pub(crate) mod body;
pub(crate) mod exercises;
pub(crate) mod footnotes;
pub(crate) mod glossary_pages;
pub(crate) mod handout;
pub(crate) mod links;
pub(crate) mod page;
pub(crate) mod prose;
pub(crate) mod raw_html;
pub(crate) mod theme;
pub(crate) mod tips;
