//! The library's error type: what can stop a command.
//!
//! Content problems travel as a list of [`Diagnostic`]s (exit code 1 at the CLI), each with its
//! own code; every other error has one code too ([`Error::code`]), so that it is reported and
//! explained (docs/DIAGNOSTICS.md) like a problem of the course. Failures of the machine (I/O,
//! a broken theme) keep their source so the CLI can print the whole chain.

use std::path::PathBuf;

use crate::diagnostic::{Code, Diagnostic};

/// Why a command could not finish.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The course has problems; every one found is listed.
    #[error("the course has {} problem(s)", .0.len())]
    Content(Vec<Diagnostic>),
    /// The command was given a folder that is not a course, or a course without its content:
    /// there is nothing to point at in a file, so the message names the folder.
    #[error("{message}")]
    NotACourse {
        /// [`Code::PathMissing`], [`Code::CourseMissing`] or [`Code::ContentMissing`].
        code: Code,
        /// What is missing, naming the folder.
        message: String,
        /// What to do: give another folder, or create a course with `coursebook init`.
        help: String,
    },
    /// A file or folder could not be read or written (the cause follows, as the source).
    #[error("{}", crate::diagnostic::display_path(path))]
    Io {
        /// The file or folder concerned (for `serve`, the address it could not listen on).
        path: PathBuf,
        /// What the operating system reported (not found, permission denied…).
        #[source]
        source: std::io::Error,
    },
    /// A theme template failed to parse or render.
    #[error("theme template {name}: {message}")]
    Template {
        /// The template file, e.g. `chapter.html`, or `theme` when the theme as a whole fails.
        name: String,
        /// What Tera reported, followed by its causes.
        message: String,
    },
    /// The output folder is not one this tool may replace.
    #[error("{}: {reason}", crate::diagnostic::display_path(path))]
    UnsafeOutput {
        /// The folder or file that would have been replaced or overwritten.
        path: PathBuf,
        /// Why it may not be, and what to do instead.
        reason: String,
    },
    /// `coursebook pdf` could not print the handout (no browser, or the browser failed).
    #[error("{0}")]
    Pdf(String),
    /// A command was asked for something the course does not have or cannot take (a module
    /// `new chapter` cannot find, an empty title); the CLI exits with 2, as for any mistake in
    /// the command line.
    #[error("{message}\nhelp: {help}")]
    Usage {
        /// What is wrong, in plain words.
        message: String,
        /// What to write instead (with the modules of the course, the nearest first).
        help: String,
    },
}

impl Error {
    /// The code the error is reported under; None for [`Error::Content`], whose problems have
    /// a code each, and for the commands' own mistakes (`new`'s usage, `pdf`'s browser), which
    /// are not problems of the course and never reach `check` or a pull request.
    pub fn code(&self) -> Option<Code> {
        match self {
            Error::Content(_) | Error::Pdf(_) | Error::Usage { .. } => None,
            Error::NotACourse { code, .. } => Some(*code),
            Error::Io { .. } => Some(Code::IoFailed),
            Error::Template { .. } => Some(Code::ThemeTemplate),
            Error::UnsafeOutput { .. } => Some(Code::OutputUnsafe),
        }
    }

    /// What to do about the error, when there is more to say than its message.
    pub fn help(&self) -> Option<&str> {
        match self {
            Error::NotACourse { help, .. } => Some(help),
            _ => None,
        }
    }

    /// The message followed by each of its causes (`a: b: c`), for a one-line report.
    pub fn with_causes(&self) -> String {
        let mut message = self.to_string();
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        message
    }

    /// Wraps an I/O error with the path it concerns.
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
}

/// The result of any library operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;
