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
        if let Error::Io { source, .. } = self {
            message.push_str(": ");
            message.push_str(&io_in_words(source));
            return message;
        }
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

/// What the operating system said of a file, in the words of someone who keeps a course (not
/// `Not a directory (os error 20)`).
pub(crate) fn io_in_words(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let said = match error.kind() {
        ErrorKind::NotFound => "it does not exist",
        ErrorKind::PermissionDenied => "permission denied: the account running coursebook may not read or write it",
        ErrorKind::NotADirectory => "a part of this path is a file, where a folder is needed",
        ErrorKind::IsADirectory => "it is a folder, where a file is needed",
        ErrorKind::AlreadyExists => "something is in the way there already",
        ErrorKind::StorageFull => "the disk is full",
        ErrorKind::ReadOnlyFilesystem => "the disk is read-only",
        ErrorKind::InvalidFilename => "the name is too long, or not allowed there",
        ErrorKind::InvalidData => "it is not text (UTF-8)",
        _ => {
            let text = error.to_string();
            return match text.find(" (os error") {
                Some(at) => text[..at].to_string(),
                None => text,
            };
        }
    };
    said.to_string()
}

/// The result of any library operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_error_is_said_without_the_systems_numbers() {
        let said = |e: std::io::Error| Error::io("book", e).with_causes();
        assert_eq!(
            said(std::io::ErrorKind::NotADirectory.into()),
            "book: a part of this path is a file, where a folder is needed"
        );
        assert_eq!(said(std::io::Error::from_raw_os_error(36)), "book: the name is too long, or not allowed there");
        assert!(
            !said(std::io::Error::from_raw_os_error(5)).contains("os error"),
            "{}",
            said(std::io::Error::from_raw_os_error(5))
        );
    }
}
