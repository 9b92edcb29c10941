//! Site: the build. Loads the course, renders every page, writes the site.
//!
//! Each part has a file, and the orchestrator uses the others, never the reverse:
//!
//! - [`build`](fn@build) and [`check`] (`build.rs`): the steps in order, timed; the only place that
//!   decides what a build does.
//! - `model.rs`: what a build knows before rendering, and the context every render borrows.
//! - `pages.rs`: the Markdown pages, rendered and written module by module, feeding the search
//!   index.
//! - `special.rs`: the glossary, revision, search and 404 pages, and a generated home.
//! - `print.rs`: the print files, streamed.
//! - `epub.rs`: the course as an EPUB 3 e-book, `course.epub`.
//! - `download.rs`: the site as a zip, `course-site.zip`, and the downloads the home page offers.
//! - `offline.rs`: the web app manifest and the service worker, for offline reading when hosted.
//! - `output.rs`: the atomic output folder (staging beside the build folder, then the swap).
//! - [`session`]: a build kept in memory between saves, for `watch` and `serve`.

mod archive;
mod build;
mod download;
mod epub;
mod model;
mod offline;
pub(crate) mod output;
mod pages;
mod print;
pub mod session;
mod special;

pub use build::{build, check, BuildOptions, Checked, Report, Step};
