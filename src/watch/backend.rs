//! The file watcher: notify's own (inotify, FSEvents…) or polling, behind debouncer-mini, with
//! the events that cannot mean new contents (reads, attribute changes) filtered out; the set of
//! folders currently watched; and the OS watch limit, recognised so that the loop can switch
//! to polling.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, EventKind, MetadataKind, ModifyKind};
use notify::{EventHandler, PollWatcher, RecommendedWatcher, RecursiveMode, WatcherKind};
use notify_debouncer_mini::{new_debouncer_opt, DebounceEventResult, Debouncer};

use crate::config::Folders;
use crate::diagnostic::display_path;
use crate::error::{Error, Result};
use crate::watch::layout::watch_list;
use crate::watch::report::Reporter;

/// How long the debouncer waits for a burst of events (an editor's save) to settle.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// How often `--poll` (or the fallback after hitting the OS watch limit) scans the course.
/// Each scan hashes the files' contents: notify's poller keeps modification times to the
/// second only, so two saves within one second would otherwise look like one.
const POLL_INTERVAL: Duration = Duration::from_secs(1);

/// What the loop receives: a settled batch of file events from the watcher, or a request to stop.
pub(super) enum Signal {
    /// Paths that changed (or the watcher's error).
    Fs(DebounceEventResult),
    /// Stop after the build under way, if any.
    Stop,
}

pub(super) const WATCH_LIMIT_HINT: &str = "the system's limit on watched files (or open files) was reached, \
so changes are now found by polling every second. To watch natively, raise the limit, e.g. \
`sudo sysctl fs.inotify.max_user_watches=524288` (and fs.inotify.max_user_instances, or \
`ulimit -n`), or pass --poll to poll from the start";

/// True for the errors of an exhausted OS watch budget: inotify's ENOSPC, or too many open files.
pub(super) fn is_watch_limit(error: &notify::Error) -> bool {
    match &error.kind {
        notify::ErrorKind::MaxFilesWatch => true,
        notify::ErrorKind::Io(io) => {
            // EMFILE and ENFILE; on Windows these numbers mean other things.
            cfg!(unix) && matches!(io.raw_os_error(), Some(23 | 24))
                || io.to_string().to_ascii_lowercase().contains("too many open files")
        }
        _ => false,
    }
}

/// A watcher that cannot start, as an I/O error at the folder it was asked to watch.
pub(super) fn watch_error(path: &Path, error: notify::Error) -> Error {
    Error::io(path, std::io::Error::other(format!("cannot watch for changes: {error}")))
}

/// The folders currently watched.
#[derive(Default)]
pub(super) struct Watches {
    watched: Vec<PathBuf>,
}

impl Watches {
    pub(super) fn contains(&self, path: &Path) -> bool {
        self.watched.iter().any(|w| w == path)
    }

    /// True when a folder to watch exists but is not watched yet (created since).
    pub(super) fn missing(&self, folders: &Folders) -> bool {
        watch_list(folders).iter().any(|(p, _)| !self.contains(p) && p.is_dir())
    }

    /// Unwatches what is no longer wanted, watches what is wanted and exists; `renew` are
    /// watched again even if watched already (the folder was replaced).
    pub(super) fn sync(
        &mut self,
        backend: &mut Backend,
        wanted: &[(PathBuf, RecursiveMode)],
        renew: &[PathBuf],
        reporter: &dyn Reporter,
    ) -> notify::Result<()> {
        let watcher = backend.watcher();
        let mut kept = Vec::new();
        for path in std::mem::take(&mut self.watched) {
            let still_wanted = wanted.iter().any(|(p, _)| p == &path);
            if still_wanted && !renew.contains(&path) {
                kept.push(path);
            } else {
                // A deleted folder's watch is already gone: nothing to report.
                let _ = watcher.unwatch(&path);
            }
        }
        self.watched = kept;
        for (path, mode) in wanted {
            if self.contains(path) || !path.is_dir() {
                continue;
            }
            match watcher.watch(path, *mode) {
                Ok(()) => self.watched.push(path.clone()),
                Err(error) if is_watch_limit(&error) => return Err(error),
                Err(error) if matches!(error.kind, notify::ErrorKind::PathNotFound) => {}
                Err(error) => reporter.warn(&format!("cannot watch {}: {error}", display_path(path))),
            }
        }
        if self.watched.is_empty() {
            return Err(notify::Error::path_not_found());
        }
        Ok(())
    }
}

/// The debounced watcher: the OS's own, or polling.
pub(super) enum Backend {
    Native(Debouncer<Filtered<RecommendedWatcher>>),
    Poll(Debouncer<Filtered<PollWatcher>>),
}

impl Backend {
    /// Starts the OS watcher, or polling when asked or when the OS watcher cannot start.
    pub(super) fn start(poll: bool, sender: &Sender<Signal>, root: &Path, reporter: &dyn Reporter) -> Result<Backend> {
        let handler = {
            let sender = sender.clone();
            move |result: DebounceEventResult| {
                let _ = sender.send(Signal::Fs(result));
            }
        };
        let config = notify_debouncer_mini::Config::default().with_timeout(DEBOUNCE).with_notify_config(
            notify::Config::default().with_poll_interval(POLL_INTERVAL).with_compare_contents(true),
        );
        if !poll {
            match new_debouncer_opt::<_, Filtered<RecommendedWatcher>>(config.clone(), handler.clone()) {
                Ok(debouncer) => return Ok(Backend::Native(debouncer)),
                Err(error) if is_watch_limit(&error) => reporter.warn(WATCH_LIMIT_HINT),
                Err(error) => reporter.warn(&format!("the system's file watcher failed ({error}); polling instead")),
            }
        }
        new_debouncer_opt::<_, Filtered<PollWatcher>>(config, handler)
            .map(Backend::Poll)
            .map_err(|e| watch_error(root, e))
    }

    fn watcher(&mut self) -> &mut dyn notify::Watcher {
        match self {
            Backend::Native(d) => d.watcher(),
            Backend::Poll(d) => d.watcher(),
        }
    }

    pub(super) fn is_poll(&self) -> bool {
        matches!(self, Backend::Poll(_))
    }
}

/// A notify backend whose events are filtered before the debouncer sees them.
///
/// debouncer-mini keeps only paths, not event kinds, and on Linux merely opening a file is an
/// event (inotify `IN_OPEN`): without this filter, each build's reading of the course would
/// trigger the next build, forever.
pub(super) struct Filtered<W>(W);

impl<W: notify::Watcher> notify::Watcher for Filtered<W> {
    fn new<F: EventHandler>(mut handler: F, config: notify::Config) -> notify::Result<Self> {
        let filter = move |event: notify::Result<notify::Event>| {
            if event.as_ref().map_or(true, |e| changes_content(&e.kind)) {
                handler.handle_event(event);
            }
        };
        W::new(filter, config).map(Filtered)
    }

    fn watch(&mut self, path: &Path, recursive_mode: RecursiveMode) -> notify::Result<()> {
        self.0.watch(path, recursive_mode)
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        self.0.unwatch(path)
    }

    fn configure(&mut self, option: notify::Config) -> notify::Result<bool> {
        self.0.configure(option)
    }

    fn kind() -> WatcherKind {
        W::kind()
    }
}

/// True for events that may mean new contents: not reads, not access-time or permission changes.
/// A close after writing counts (it is how `touch` shows), a change of write time counts (it is
/// how polling reports an edit).
pub(super) fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(metadata)) => matches!(metadata, MetadataKind::WriteTime),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, RemoveKind, RenameMode};

    #[test]
    fn reads_and_attribute_changes_are_not_changes() {
        assert!(!changes_content(&EventKind::Access(AccessKind::Open(AccessMode::Any))));
        assert!(!changes_content(&EventKind::Access(AccessKind::Close(AccessMode::Read))));
        assert!(!changes_content(&EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any))));
        assert!(changes_content(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
        assert!(changes_content(&EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime))));
        assert!(changes_content(&EventKind::Modify(ModifyKind::Data(DataChange::Any))));
        assert!(changes_content(&EventKind::Modify(ModifyKind::Name(RenameMode::Both))));
        assert!(changes_content(&EventKind::Create(CreateKind::File)));
        assert!(changes_content(&EventKind::Remove(RemoveKind::Folder)));
        assert!(changes_content(&EventKind::Any));
    }

    #[test]
    fn watch_limit_errors_are_recognized() {
        assert!(is_watch_limit(&notify::Error::new(notify::ErrorKind::MaxFilesWatch)));
        assert!(is_watch_limit(&notify::Error::io(std::io::Error::other("Too many open files (os error 24)"))));
        assert!(!is_watch_limit(&notify::Error::path_not_found()));
    }
}
