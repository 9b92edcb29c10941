//! Render: Markdown to HTML, and HTML pages from the theme's templates.
//!
//! It takes loaded content and the glossary and returns HTML strings; it never writes files
//! (that is `site`'s job).

pub mod i18n;
pub mod markdown;
pub mod page;
pub mod theme;
