//! Render: a page's Markdown through the passes that need the course, and HTML pages from the
//! theme's templates.
//!
//! [`links`] rewrites links to source files into links to output pages and reports broken
//! ones, [`raw_html`] applies `[output.html] raw-html` to the author's HTML, [`footnotes`] numbers
//! footnotes; glossary linking is the pass between them, in `glossary::link`. [`page`] shapes
//! the data every template receives (navigation, cards, the page itself), [`glossary_pages`] the
//! glossary and revision pages, and [`theme`] loads the templates. Render takes loaded content
//! and the glossary and returns HTML strings; it never writes files (that is `site`'s job).
//! Parsing, escaping and inline pieces are `markup`'s, below every stage.

pub mod footnotes;
pub mod glossary_pages;
pub mod links;
pub mod page;
pub mod raw_html;
pub mod theme;
