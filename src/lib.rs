//! coursebook: a static site generator for course material.
//!
//! Data flows one way: [`config`] → [`content`] (load + front matter) → [`glossary`] (terms,
//! linking) → [`render`] (Markdown passes, templates) → [`search`] (the index) → [`site`] (the
//! build: write, print, sessions). [`markup`] (parsing, escaping, inline pieces, URL safety) and
//! [`labels`] (the interface's words) sit below every stage, with [`diagnostic`], [`error`] and
//! [`paths`]; `watch` and `serve` sit at the edge. A test (`tests/testsuite/architecture.rs`)
//! holds every import to this order; docs/ARCHITECTURE.md tells where to look for what. The CLI
//! in `main.rs` is the only place that prints.

#![warn(missing_docs)]

// Utilities every stage may use.
pub mod diagnostic;
pub mod error;
pub mod labels;
pub mod markup;
pub mod paths;

// The pipeline, in the order a build runs it.
pub mod config;
pub mod content;
pub mod glossary;
pub mod render;
pub mod search;
pub mod site;

// The edge: commands and entry points.
#[doc(hidden)]
pub mod fuzzing;
pub mod init;
pub mod serve;
pub mod shutdown;
pub mod synthetic;
pub mod watch;

pub use error::{Error, Result};
