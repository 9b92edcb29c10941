//! coursebook: a static site generator for course material.
//!
//! Data flows one way: [`config`] → [`content`] (load + front matter) → [`glossary`] (terms,
//! linking) → [`render`] (Markdown, templates) → [`site`] (write, search, print). The CLI in
//! `main.rs` sits at the edge and is the only place that prints.

#![warn(missing_docs)]

pub mod config;
pub mod content;
pub mod diagnostic;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod glossary;
pub mod init;
pub mod paths;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod synthetic;
pub mod watch;

pub use error::{Error, Result};
