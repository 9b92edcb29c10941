//! The rebuild loop: [`Watch`] starts the watcher, builds once, then waits for a batch of
//! changes, keeps the ones that matter and rebuilds once per batch, until a [`Stopper`] asks
//! it to stop (never in the middle of a build). [`Rebuilder`] decides what a batch rebuilds: it
//! keeps a [`Session`] and reads `book.toml` again when needed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, Instant};

use crate::config::{Config, Folders, Overrides, BOOK_TOML};
use crate::diagnostic::display_path;
use crate::error::Result;
use crate::site::session::Session;
use crate::site::{BuildOptions, Report};
use crate::watch::backend::{is_watch_limit, watch_error, Backend, Signal, Watches, WATCH_LIMIT_HINT};
use crate::watch::layout::{is_relevant, watch_list};
use crate::watch::report::{BuildEvent, Change, Reporter};

/// debouncer-mini settles each path on its own, so one save can come as two batches, the
/// second at most one debounce period later: batches this close are merged into one build.
const SETTLE: Duration = Duration::from_millis(80);

/// What `coursebook watch` (and `serve`) was asked for.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// The course root (absolute).
    pub root: PathBuf,
    /// `--dest`: the output folder instead of `[build] build-dir`.
    pub dest: Option<PathBuf>,
    /// `--poll`: scan for changes instead of asking the OS (network drives, WSL, containers).
    pub poll: bool,
}

/// Builds the course again after a batch of changes.
///
/// The loop relies on this one call only. It keeps a [`Session`], which re-renders just the
/// edited chapters when only their bodies changed and rebuilds in full otherwise. `book.toml`
/// is read again (and the session started anew) on the first build, when `book.toml` changed,
/// and after it could not be read.
pub(super) struct Rebuilder {
    root: PathBuf,
    overrides: Overrides,
    folders: Folders,
    session: Option<Session>,
}

impl Rebuilder {
    /// Prepares to build the course at `root`; nothing is built until the first [`Rebuilder::rebuild`].
    pub(super) fn new(root: &Path, overrides: Overrides) -> Rebuilder {
        let folders = match Config::load(root, &overrides) {
            Ok(config) => config.folders(),
            Err(_) => Folders::defaults(root, &overrides),
        };
        Rebuilder { root: root.to_path_buf(), overrides, folders, session: None }
    }

    /// Rebuilds the site after `changed` (absolute paths) changed; empty means everything.
    pub(super) fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Report> {
        let book_toml = self.root.join(BOOK_TOML);
        match &mut self.session {
            Some(session) if !changed.is_empty() && !changed.contains(&book_toml) => session.rebuild(changed),
            _ => {
                self.session = None;
                let config = Config::open(&self.root, &self.overrides)?;
                self.folders = config.folders();
                // No allocator hook (`BuildOptions::on_course_read`): a session lives on between
                // saves, and hands freed memory back as soon as a one-off build would not.
                self.session.insert(Session::new(config, BuildOptions::default())).build()
            }
        }
    }

    /// Where the course lives, as of the last `book.toml` that could be read.
    pub(super) fn folders(&self) -> &Folders {
        &self.folders
    }
}

/// What the loop is doing, for a caller that shows it elsewhere (the server's browsers).
pub(crate) enum Progress<'a> {
    /// A build starts; the build folder may be swapped while it runs.
    Started,
    /// A build ended.
    Finished(&'a BuildEvent),
}

/// Asks a running [`Watch`] to stop after the build under way, if any.
#[derive(Clone)]
pub(crate) struct Stopper(Sender<Signal>);

impl Stopper {
    /// Ends the loop once the build under way, if any, is done; does nothing if it has already ended.
    pub(crate) fn stop(&self) {
        let _ = self.0.send(Signal::Stop);
    }
}

/// The paths of one settled burst of events.
struct Batch {
    paths: BTreeSet<PathBuf>,
    /// The OS watch limit was hit: changes may have been missed.
    limit_hit: bool,
}

/// The watch loop: one course, one watcher, one build at a time.
pub(crate) struct Watch {
    rebuilder: Rebuilder,
    poll: bool,
    sender: Sender<Signal>,
    receiver: Receiver<Signal>,
}

impl Watch {
    /// Prepares the loop for the course in `options`; nothing is watched or built until [`Watch::run`].
    pub(crate) fn new(options: &WatchOptions) -> Watch {
        let (sender, receiver) = std::sync::mpsc::channel();
        let overrides = Overrides { dest: options.dest.clone(), ..Overrides::default() };
        Watch { rebuilder: Rebuilder::new(&options.root, overrides), poll: options.poll, sender, receiver }
    }

    /// A handle that stops the loop from another thread (e.g. on Ctrl-C).
    pub(crate) fn stopper(&self) -> Stopper {
        Stopper(self.sender.clone())
    }

    /// Builds once, then rebuilds after every relevant batch of changes until stopped.
    /// Fails only when no watcher at all can be started (not even polling).
    pub(crate) fn run(mut self, reporter: &dyn Reporter, progress: &mut dyn FnMut(Progress<'_>)) -> Result<()> {
        let mut backend = Backend::start(self.poll, &self.sender, &self.rebuilder.folders.root, reporter)?;
        let mut watches = Watches::default();
        self.sync_watches(&mut backend, &mut watches, &[], reporter)?;
        let folders = self.rebuilder.folders();
        reporter.info(&format!(
            "watching {}: {}, {} and {}{} (Ctrl-C to stop)",
            display_path(&folders.root),
            display_path(relative_to(&folders.content_dir, &folders.root)),
            display_path(relative_to(&folders.themes_dir, &folders.root)),
            BOOK_TOML,
            if backend.is_poll() { ", polling" } else { "" }
        ));
        self.build(Vec::new(), &[], reporter, progress);
        while let Some(batch) = self.next_batch(reporter) {
            let switched = batch.limit_hit && !backend.is_poll();
            if switched {
                // Changes may have been missed: poll from now on, and rebuild everything.
                reporter.warn(WATCH_LIMIT_HINT);
                backend = Backend::start(true, &self.sender, &self.rebuilder.folders.root, reporter)?;
                watches = Watches::default();
                self.sync_watches(&mut backend, &mut watches, &[], reporter)?;
            }
            let folders = self.rebuilder.folders().clone();
            let relevant: Vec<PathBuf> = batch.paths.into_iter().filter(|p| is_relevant(&folders, p)).collect();
            if relevant.is_empty() && !switched {
                continue;
            }
            // A watched folder that was itself created, deleted or replaced is watched anew.
            let renewed: Vec<PathBuf> = relevant.iter().filter(|p| watches.contains(p)).cloned().collect();
            if !renewed.is_empty() || watches.missing(&folders) {
                self.sync_watches(&mut backend, &mut watches, &renewed, reporter)?;
            }
            let changes = describe_changes(&relevant, &folders.root);
            self.build(changes, &relevant, reporter, progress);
            if self.rebuilder.folders() != &folders {
                // book.toml moved the content or build folder.
                self.sync_watches(&mut backend, &mut watches, &[], reporter)?;
            }
        }
        Ok(())
    }

    /// Waits for the next batch of changed paths; `None` when asked to stop.
    fn next_batch(&self, reporter: &dyn Reporter) -> Option<Batch> {
        let first = self.receiver.recv().ok()?;
        let mut batch = Batch { paths: BTreeSet::new(), limit_hit: false };
        for signal in std::iter::once(first).chain(settled(&self.receiver)) {
            match signal {
                Signal::Stop => return None,
                Signal::Fs(Ok(events)) => batch.paths.extend(events.into_iter().map(|e| e.path)),
                Signal::Fs(Err(error)) if is_watch_limit(&error) => batch.limit_hit = true,
                Signal::Fs(Err(error)) => reporter.warn(&format!("file watcher: {error}")),
            }
        }
        Some(batch)
    }

    /// Runs one build and tells the reporter and the progress callback about it.
    fn build(
        &mut self,
        changes: Vec<Change>,
        changed: &[PathBuf],
        reporter: &dyn Reporter,
        progress: &mut dyn FnMut(Progress<'_>),
    ) {
        progress(Progress::Started);
        let started = Instant::now();
        let result = self.rebuilder.rebuild(changed);
        let event = BuildEvent {
            changes,
            elapsed: started.elapsed(),
            build_dir: match &result {
                Ok(report) => report.output.clone(),
                Err(_) => self.rebuilder.folders().build_dir.clone(),
            },
            result,
        };
        // Browsers first, then the terminal (rendering diagnostics takes a moment).
        progress(Progress::Finished(&event));
        reporter.finished(&event);
    }

    /// Brings the watched folders in line with the course's folders; falls back to polling at the OS limit.
    fn sync_watches(
        &mut self,
        backend: &mut Backend,
        watches: &mut Watches,
        renew: &[PathBuf],
        reporter: &dyn Reporter,
    ) -> Result<()> {
        let wanted = watch_list(self.rebuilder.folders());
        match watches.sync(backend, &wanted, renew, reporter) {
            Ok(()) => Ok(()),
            Err(error) if is_watch_limit(&error) && !backend.is_poll() => {
                reporter.warn(WATCH_LIMIT_HINT);
                *backend = Backend::start(true, &self.sender, &self.rebuilder.folders.root, reporter)?;
                *watches = Watches::default();
                watches.sync(backend, &wanted, &[], reporter).map_err(|e| watch_error(&wanted[0].0, e))
            }
            Err(error) => Err(watch_error(&wanted[0].0, error)),
        }
    }
}

/// The signals that follow within [`SETTLE`] of each other; a stop request ends the wait.
fn settled(receiver: &Receiver<Signal>) -> impl Iterator<Item = Signal> + '_ {
    let mut stopped = false;
    std::iter::from_fn(move || {
        if stopped {
            return None;
        }
        let signal = receiver.recv_timeout(SETTLE).ok()?;
        stopped = matches!(signal, Signal::Stop);
        Some(signal)
    })
}

fn relative_to<'a>(path: &'a Path, root: &Path) -> &'a Path {
    path.strip_prefix(root).unwrap_or(path)
}

fn describe_changes(paths: &[PathBuf], root: &Path) -> Vec<Change> {
    let mut changes: Vec<Change> =
        paths.iter().map(|p| Change { path: relative_to(p, root).to_path_buf(), removed: !p.exists() }).collect();
    changes.sort();
    changes
}
