//! coursebook: a static site generator for course material.
//!
//! Data flows one way: [`config`] → `content` (load + front matter) → `glossary` (terms,
//! linking) → `exercises` (questions in chapters) → `render` (Markdown passes, templates) → [`search`] (the index) → [`site`] (the
//! build: write, print, sessions). `markup` (parsing, escaping, inline pieces, URL safety) and
//! `labels` (the interface's words) sit below every stage, with [`diagnostic`], `error`,
//! `suggest` ("did you mean") and `paths`; [`watch`], [`serve`] and [`shutdown`] sit at the edge, with
//! [`init`], [`pdf`] and [`scaffold`] (`new`). A test
//! (`tests/testsuite/architecture.rs`) holds every import to this order; docs/ARCHITECTURE.md
//! tells where to look for what. The CLI in `main.rs` is the only place that prints.
//!
//! Public are only what the binary, the integration tests, the benchmarks, the examples and the
//! fuzz targets use; everything else is `pub(crate)`.

#![warn(missing_docs)]
#![warn(unreachable_pub)]

// Utilities every stage may use.
pub(crate) mod clock;
pub mod diagnostic;
mod error;
pub(crate) mod labels;
pub(crate) mod markup;
pub(crate) mod paths;
pub(crate) mod suggest;

// The pipeline, in the order a build runs it.
pub mod config;
pub(crate) mod content;
pub(crate) mod exercises;
pub(crate) mod glossary;
pub(crate) mod render;
pub mod search;
pub mod site;

// The edge: commands and entry points.
#[doc(hidden)]
pub mod benchmarks;
#[doc(hidden)]
pub mod fuzzing;
pub mod init;
pub mod pdf;
pub mod scaffold;
pub mod serve;
pub mod shutdown;
pub mod synthetic;
pub mod watch;

pub use error::{Error, Result};
