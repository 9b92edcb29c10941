//! Watch mode: rebuild the course whenever one of its sources changes, and survive every mistake.
//!
//! [`Watch`] owns the file watcher (notify + notify-debouncer-mini) and the loop. It watches the
//! course root without recursion (for `book.toml`) and the content and theme folders
//! recursively (folders, never single files, so an editor's save-by-rename is seen), waits for a
//! batch of changes, keeps the ones that matter ([`Layout::is_relevant`]) and calls
//! [`Rebuilder::rebuild`] once per batch. A failed build is an outcome like any other: reported,
//! then waited out; only a stop request ends the loop, and never in the middle of a build.
//!
//! The loop prints nothing itself: a [`Reporter`] (the CLI) shows each [`BuildEvent`], and a
//! progress callback lets [`crate::serve`] tell browsers. The web side lives there.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind, MetadataKind, ModifyKind};
use notify::{EventHandler, PollWatcher, RecommendedWatcher, RecursiveMode, WatcherKind};
use notify_debouncer_mini::{new_debouncer_opt, DebounceEventResult, Debouncer};

use crate::config::{Config, Overrides, BOOK_TOML};
use crate::diagnostic::display_path;
use crate::error::{Error, Result};
use crate::site::session::Session;
use crate::site::{BuildOptions, Report};

/// How long the debouncer waits for a burst of events (an editor's save) to settle.
const DEBOUNCE: Duration = Duration::from_millis(50);
/// debouncer-mini settles each path on its own, so one save can come as two batches, the
/// second at most one debounce period later: batches this close are merged into one build.
const SETTLE: Duration = Duration::from_millis(80);
/// How often `--poll` (or the fallback after hitting the OS watch limit) scans the course.
/// Each scan hashes the files' contents: notify's poller keeps modification times to the
/// second only, so two saves within one second would otherwise look like one.
const POLL_INTERVAL: Duration = Duration::from_secs(1);
/// Changed paths named in a rebuild's log line; the rest are counted.
const LOGGED_CHANGES: usize = 5;

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

/// Where to show what the loop does. The CLI implements it; the library never prints.
pub trait Reporter: Send + Sync {
    /// One build finished (the first one, or a rebuild after changes), well or not.
    fn build(&self, event: &BuildEvent);
    /// Progress worth a line (suppressed by `-q`).
    fn info(&self, message: &str);
    /// Something went wrong that does not stop the loop.
    fn warn(&self, message: &str);
    /// The server is listening at `url` (printed on stdout, even with `-q`).
    fn serving(&self, url: &str);
}

/// One build of the loop, with what triggered it.
#[derive(Debug)]
pub struct BuildEvent {
    /// The changed paths, relative to the course root; empty for the first build.
    pub changes: Vec<Change>,
    /// The build's report, or why it failed (the last good site then stays in place).
    pub result: Result<Report>,
    /// Wall-clock time of the build, shown in the log line.
    pub elapsed: Duration,
    /// The folder the site is (or would have been) written to.
    pub build_dir: PathBuf,
}

/// One changed path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// Relative to the course root where possible.
    pub path: PathBuf,
    /// The path no longer exists (deleted, or the old name of a rename).
    pub removed: bool,
}

impl BuildEvent {
    /// The log line: what changed, what the build did, how long it took.
    pub fn summary(&self) -> String {
        let pages = self.result.as_ref().ok().map(|report| (report.rendered, report.pages));
        summary_line(&self.changes, pages, self.elapsed, &self.build_dir)
    }
}

/// The log line of a build: `pages` (re-rendered, in all) is `None` when it failed.
fn summary_line(changes: &[Change], pages: Option<(usize, usize)>, elapsed: Duration, build_dir: &Path) -> String {
    let ms = elapsed.as_secs_f64() * 1000.0;
    let outcome = match (pages, changes.is_empty()) {
        (Some((_, all)), true) => format!("built {all} pages into {} in {ms:.0} ms", display_path(build_dir)),
        (Some((rendered, all)), false) if rendered < all => {
            format!("rebuilt {rendered} of {all} pages in {ms:.0} ms")
        }
        (Some((_, all)), false) => format!("rebuilt {all} pages in {ms:.0} ms"),
        (None, true) => format!("build failed in {ms:.0} ms; waiting for changes"),
        (None, false) => format!("rebuild failed in {ms:.0} ms; keeping the last good site"),
    };
    if changes.is_empty() {
        return outcome;
    }
    let mut names: Vec<String> = changes
        .iter()
        .take(LOGGED_CHANGES)
        .map(|c| {
            let name = display_path(&c.path);
            if c.removed {
                format!("{name} (removed)")
            } else {
                name
            }
        })
        .collect();
    if changes.len() > LOGGED_CHANGES {
        names.push(format!("and {} more", changes.len() - LOGGED_CHANGES));
    }
    format!("changed: {} → {outcome}", names.join(", "))
}

/// The text of a failed build as plain lines (`file:line:col: error: message (help: …)`), for a
/// browser overlay; the terminal gets the richer rendering of the CLI. Warnings are only counted.
pub fn plain_error(error: &Error) -> String {
    match error {
        Error::Content(diagnostics) => {
            let errors: Vec<String> = diagnostics.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect();
            let warnings = diagnostics.len() - errors.len();
            let mut text = errors.join("\n");
            if warnings > 0 {
                text.push_str(&format!("\n({warnings} warning(s) too: see the terminal)"));
            }
            text
        }
        other => format!("error: {}", other.with_causes()),
    }
}

/// The places of a course that the loop watches, and the ones it ignores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The course root, watched without recursion for `book.toml`.
    pub root: PathBuf,
    /// The content folder, watched recursively.
    pub content_dir: PathBuf,
    /// `themes/` under the root, watched recursively.
    pub themes_dir: PathBuf,
    /// The output folder; changes inside it are ignored (the build writes there).
    pub build_dir: PathBuf,
}

impl Layout {
    fn from_config(config: &Config) -> Layout {
        Layout {
            root: config.root.clone(),
            content_dir: config.content_dir.clone(),
            themes_dir: config.root.join("themes"),
            build_dir: config.build_dir.clone(),
        }
    }

    /// The defaults, for when `book.toml` cannot be read at start.
    fn fallback(root: &Path, overrides: &Overrides) -> Layout {
        let build_dir = match &overrides.dest {
            Some(dest) if dest.is_absolute() => dest.clone(),
            Some(dest) => std::env::current_dir().map(|d| d.join(dest)).unwrap_or_else(|_| root.join(dest)),
            None => root.join("book"),
        };
        Layout {
            root: root.to_path_buf(),
            content_dir: root.join("content"),
            themes_dir: root.join("themes"),
            build_dir,
        }
    }

    /// True when a change at `path` can change the site: `book.toml`, or anything under the
    /// content or theme folders, except the build folder, `.git`, editor temp files and the
    /// build's own temporary folders.
    pub fn is_relevant(&self, path: &Path) -> bool {
        if path.starts_with(&self.build_dir) {
            return false;
        }
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        if relative.components().any(|c| is_ignored_name(&c.as_os_str().to_string_lossy())) {
            return false;
        }
        path == self.root.join(BOOK_TOML) || path.starts_with(&self.content_dir) || path.starts_with(&self.themes_dir)
    }

    /// The folders to watch: the root alone (for `book.toml`), content and themes recursively.
    /// Nested duplicates are dropped (a content folder inside the root's watch, `src = "."`).
    fn watch_list(&self) -> Vec<(PathBuf, RecursiveMode)> {
        let recursive = [&self.content_dir, &self.themes_dir];
        let mut list: Vec<(PathBuf, RecursiveMode)> = Vec::new();
        if !recursive.iter().any(|dir| self.root.starts_with(dir)) {
            list.push((self.root.clone(), RecursiveMode::NonRecursive));
        }
        for dir in recursive {
            let covered = recursive.iter().any(|other| other != &dir && dir.starts_with(other));
            if !covered && !list.iter().any(|(p, _)| p == dir) {
                list.push((dir.clone(), RecursiveMode::Recursive));
            }
        }
        list
    }
}

/// Names never worth a rebuild: version control, editors' temporary and backup files, and the
/// temporary folders of the atomic output (`.book.tmp-<pid>`, `.book.old-<pid>`).
pub fn is_ignored_name(name: &str) -> bool {
    name == ".git"
        || name == "4913" // vim's probe file
        || name.ends_with('~')
        || name.starts_with(".#") // emacs lock files
        || (name.starts_with('#') && name.ends_with('#')) // emacs autosave
        || [".swp", ".swx", ".swo"].iter().any(|ext| name.ends_with(ext))
        || (name.starts_with('.') && (name.contains(".tmp-") || name.contains(".old-")))
}

/// Builds the course again after a batch of changes.
///
/// The loop relies on this one call only. It keeps a [`Session`], which re-renders just the
/// edited chapters when only their bodies changed and rebuilds in full otherwise. `book.toml`
/// is read again (and the session started anew) on the first build, when `book.toml` changed,
/// and after it could not be read.
pub struct Rebuilder {
    root: PathBuf,
    overrides: Overrides,
    layout: Layout,
    session: Option<Session>,
}

impl Rebuilder {
    /// Prepares to build the course at `root`; nothing is built until the first [`Rebuilder::rebuild`].
    pub fn new(root: &Path, overrides: Overrides) -> Rebuilder {
        let layout = match Config::load(root, &overrides) {
            Ok(config) => Layout::from_config(&config),
            Err(_) => Layout::fallback(root, &overrides),
        };
        Rebuilder { root: root.to_path_buf(), overrides, layout, session: None }
    }

    /// Rebuilds the site after `changed` (absolute paths) changed; empty means everything.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Report> {
        let book_toml = self.root.join(BOOK_TOML);
        match &mut self.session {
            Some(session) if !changed.is_empty() && !changed.contains(&book_toml) => session.rebuild(changed),
            _ => {
                self.session = None;
                let config = Config::load(&self.root, &self.overrides)?;
                self.layout = Layout::from_config(&config);
                self.session.insert(Session::new(config, BuildOptions::default())).build()
            }
        }
    }

    /// Where the course lives, as of the last `book.toml` that could be read.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }
}

/// What the loop is doing, for a caller that shows it elsewhere (the server's browsers).
pub enum Progress<'a> {
    /// A build starts; the build folder may be swapped while it runs.
    Started,
    /// A build ended.
    Finished(&'a BuildEvent),
}

/// Asks a running [`Watch`] to stop after the build under way, if any.
#[derive(Clone)]
pub struct Stopper(Sender<Signal>);

impl Stopper {
    /// Ends the loop once the build under way, if any, is done; does nothing if it has already ended.
    pub fn stop(&self) {
        let _ = self.0.send(Signal::Stop);
    }
}

enum Signal {
    Fs(DebounceEventResult),
    Stop,
}

/// The paths of one settled burst of events.
struct Batch {
    paths: BTreeSet<PathBuf>,
    /// The OS watch limit was hit: changes may have been missed.
    limit_hit: bool,
}

/// The watch loop: one course, one watcher, one build at a time.
pub struct Watch {
    rebuilder: Rebuilder,
    poll: bool,
    sender: Sender<Signal>,
    receiver: Receiver<Signal>,
}

impl Watch {
    /// Prepares the loop for the course in `options`; nothing is watched or built until [`Watch::run`].
    pub fn new(options: &WatchOptions) -> Watch {
        let (sender, receiver) = std::sync::mpsc::channel();
        let overrides = Overrides { dest: options.dest.clone() };
        Watch { rebuilder: Rebuilder::new(&options.root, overrides), poll: options.poll, sender, receiver }
    }

    /// A handle that stops the loop from another thread (e.g. on Ctrl-C).
    pub fn stopper(&self) -> Stopper {
        Stopper(self.sender.clone())
    }

    /// Builds once, then rebuilds after every relevant batch of changes until stopped.
    /// Fails only when no watcher at all can be started (not even polling).
    pub fn run(mut self, reporter: &dyn Reporter, progress: &mut dyn FnMut(Progress<'_>)) -> Result<()> {
        let mut backend = Backend::start(self.poll, &self.sender, &self.rebuilder.layout.root, reporter)?;
        let mut watches = Watches::default();
        self.sync_watches(&mut backend, &mut watches, &[], reporter)?;
        let layout = self.rebuilder.layout();
        reporter.info(&format!(
            "watching {}: {}, {} and {}{} (Ctrl-C to stop)",
            display_path(&layout.root),
            display_path(relative_to(&layout.content_dir, &layout.root)),
            display_path(relative_to(&layout.themes_dir, &layout.root)),
            BOOK_TOML,
            if backend.is_poll() { ", polling" } else { "" }
        ));
        self.build(Vec::new(), &[], reporter, progress);
        while let Some(batch) = self.next_batch(reporter) {
            let switched = batch.limit_hit && !backend.is_poll();
            if switched {
                // Changes may have been missed: poll from now on, and rebuild everything.
                reporter.warn(WATCH_LIMIT_HINT);
                backend = Backend::start(true, &self.sender, &self.rebuilder.layout.root, reporter)?;
                watches = Watches::default();
                self.sync_watches(&mut backend, &mut watches, &[], reporter)?;
            }
            let layout = self.rebuilder.layout().clone();
            let relevant: Vec<PathBuf> = batch.paths.into_iter().filter(|p| layout.is_relevant(p)).collect();
            if relevant.is_empty() && !switched {
                continue;
            }
            // A watched folder that was itself created, deleted or replaced is watched anew.
            let renewed: Vec<PathBuf> = relevant.iter().filter(|p| watches.contains(p)).cloned().collect();
            if !renewed.is_empty() || watches.missing(&layout) {
                self.sync_watches(&mut backend, &mut watches, &renewed, reporter)?;
            }
            let changes = describe_changes(&relevant, &layout.root);
            self.build(changes, &relevant, reporter, progress);
            if self.rebuilder.layout() != &layout {
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
                Err(_) => self.rebuilder.layout().build_dir.clone(),
            },
            result,
        };
        // Browsers first, then the terminal (rendering diagnostics takes a moment).
        progress(Progress::Finished(&event));
        reporter.build(&event);
    }

    /// Brings the watched folders in line with the layout; falls back to polling at the OS limit.
    fn sync_watches(
        &mut self,
        backend: &mut Backend,
        watches: &mut Watches,
        renew: &[PathBuf],
        reporter: &dyn Reporter,
    ) -> Result<()> {
        let wanted = self.rebuilder.layout().watch_list();
        match watches.sync(backend, &wanted, renew, reporter) {
            Ok(()) => Ok(()),
            Err(error) if is_watch_limit(&error) && !backend.is_poll() => {
                reporter.warn(WATCH_LIMIT_HINT);
                *backend = Backend::start(true, &self.sender, &self.rebuilder.layout.root, reporter)?;
                *watches = Watches::default();
                watches.sync(backend, &wanted, &[], reporter).map_err(|e| watch_error(&wanted[0].0, e))
            }
            Err(error) => Err(watch_error(&wanted[0].0, error)),
        }
    }
}

const WATCH_LIMIT_HINT: &str = "the system's limit on watched files (or open files) was reached, \
so changes are now found by polling every second. To watch natively, raise the limit, e.g. \
`sudo sysctl fs.inotify.max_user_watches=524288` (and fs.inotify.max_user_instances, or \
`ulimit -n`), or pass --poll to poll from the start";

/// True for the errors of an exhausted OS watch budget: inotify's ENOSPC, or too many open files.
pub fn is_watch_limit(error: &notify::Error) -> bool {
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

fn watch_error(path: &Path, error: notify::Error) -> Error {
    Error::io(path, std::io::Error::other(format!("cannot watch for changes: {error}")))
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

/// The folders currently watched.
#[derive(Default)]
struct Watches {
    watched: Vec<PathBuf>,
}

impl Watches {
    fn contains(&self, path: &Path) -> bool {
        self.watched.iter().any(|w| w == path)
    }

    /// True when a folder of the layout exists but is not watched yet (created since).
    fn missing(&self, layout: &Layout) -> bool {
        layout.watch_list().iter().any(|(p, _)| !self.contains(p) && p.is_dir())
    }

    /// Unwatches what is no longer wanted, watches what is wanted and exists; `renew` are
    /// watched again even if watched already (the folder was replaced).
    fn sync(
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
enum Backend {
    Native(Debouncer<Filtered<RecommendedWatcher>>),
    Poll(Debouncer<Filtered<PollWatcher>>),
}

impl Backend {
    /// Starts the OS watcher, or polling when asked or when the OS watcher cannot start.
    fn start(poll: bool, sender: &Sender<Signal>, root: &Path, reporter: &dyn Reporter) -> Result<Backend> {
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

    fn is_poll(&self) -> bool {
        matches!(self, Backend::Poll(_))
    }
}

/// A notify backend whose events are filtered before the debouncer sees them.
///
/// debouncer-mini keeps only paths, not event kinds, and on Linux merely opening a file is an
/// event (inotify `IN_OPEN`): without this filter, each build's reading of the course would
/// trigger the next build, forever.
struct Filtered<W>(W);

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
pub fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(metadata)) => matches!(metadata, MetadataKind::WriteTime),
        _ => true,
    }
}

/// Runs `coursebook watch` until Ctrl-C (or SIGTERM): the build under way is finished first.
pub fn run(options: WatchOptions, reporter: Arc<dyn Reporter>) -> Result<()> {
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| Error::io(&options.root, e))?;
    runtime.block_on(async move {
        let watch = Watch::new(&options);
        let stopper = watch.stopper();
        let loop_reporter = reporter.clone();
        let mut handle = tokio::task::spawn_blocking(move || watch.run(&*loop_reporter, &mut |_| {}));
        tokio::select! {
            result = &mut handle => return joined(result),
            () = interrupted() => {}
        }
        reporter.info("stopping after the build under way (Ctrl-C again to quit at once)");
        tokio::spawn(force_quit_on_second_interrupt());
        stopper.stop();
        let result = joined(handle.await);
        reporter.info("stopped");
        result
    })
}

/// The result of the loop's thread; a panic in it is re-raised.
pub(crate) fn joined(result: std::result::Result<Result<()>, tokio::task::JoinError>) -> Result<()> {
    match result {
        Ok(result) => result,
        Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        Err(_) => Ok(()),
    }
}

/// Resolves at Ctrl-C, or SIGTERM on Unix.
pub(crate) async fn interrupted() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// After a first interrupt, a second one quits at once (exit code 130). The build folder is
/// still whole: the build writes beside it and swaps by renaming.
pub(crate) async fn force_quit_on_second_interrupt() {
    interrupted().await;
    std::process::exit(130);
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, RemoveKind, RenameMode};

    fn layout() -> Layout {
        Layout {
            root: PathBuf::from("/c"),
            content_dir: PathBuf::from("/c/content"),
            themes_dir: PathBuf::from("/c/themes"),
            build_dir: PathBuf::from("/c/book"),
        }
    }

    #[test]
    fn relevant_paths() {
        let l = layout();
        for path in
            ["/c/book.toml", "/c/content/01-m/01-a.md", "/c/content/新 模块", "/c/themes/t/static/x.css", "/c/content"]
        {
            assert!(l.is_relevant(Path::new(path)), "{path} is relevant");
        }
        for path in [
            "/c/book/index.html",
            "/c/.book.tmp-123/index.html",
            "/c/.book.old-123",
            "/c/README.md",
            "/c/.git/index",
            "/c/content/.git/HEAD",
            "/c/content/01-m/.01-a.md.swp",
            "/c/content/01-m/01-a.md~",
            "/c/content/01-m/.#01-a.md",
            "/c/content/01-m/#01-a.md#",
            "/c/content/01-m/4913",
            "/elsewhere/book.toml",
        ] {
            assert!(!l.is_relevant(Path::new(path)), "{path} is ignored");
        }
    }

    #[test]
    fn build_dir_inside_content_is_ignored() {
        let l = Layout { content_dir: PathBuf::from("/c"), build_dir: PathBuf::from("/c/book"), ..layout() };
        assert!(l.is_relevant(Path::new("/c/chapter.md")));
        assert!(!l.is_relevant(Path::new("/c/book/chapter.html")));
    }

    #[test]
    fn watch_list_is_root_alone_plus_folders_recursively() {
        let l = layout();
        assert_eq!(
            l.watch_list(),
            vec![
                (PathBuf::from("/c"), RecursiveMode::NonRecursive),
                (PathBuf::from("/c/content"), RecursiveMode::Recursive),
                (PathBuf::from("/c/themes"), RecursiveMode::Recursive),
            ]
        );
        let whole = Layout { content_dir: PathBuf::from("/c"), ..layout() };
        assert_eq!(whole.watch_list(), vec![(PathBuf::from("/c"), RecursiveMode::Recursive)]);
    }

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

    #[test]
    fn summary_names_the_changes_and_the_time() {
        let changes = vec![
            Change { path: PathBuf::from("content/01-m/01-a.md"), removed: false },
            Change { path: PathBuf::from("content/01-m/02-b.md"), removed: true },
        ];
        let book = Path::new("/c/book");
        assert_eq!(
            summary_line(&changes, Some((9, 9)), Duration::from_millis(42), book),
            "changed: content/01-m/01-a.md, content/01-m/02-b.md (removed) → rebuilt 9 pages in 42 ms"
        );
        assert_eq!(
            summary_line(&changes[..1], Some((1, 9)), Duration::from_millis(4), book),
            "changed: content/01-m/01-a.md → rebuilt 1 of 9 pages in 4 ms"
        );
        assert_eq!(
            summary_line(&[], Some((9, 9)), Duration::from_millis(42), book),
            "built 9 pages into /c/book in 42 ms"
        );
        let many: Vec<Change> =
            (0..7).map(|i| Change { path: PathBuf::from(format!("content/{i}.md")), removed: false }).collect();
        let line = summary_line(&many, None, Duration::from_millis(5), book);
        assert!(line.contains("content/4.md, and 2 more → rebuild failed in 5 ms"), "{line}");
    }

    #[test]
    fn plain_error_lists_every_diagnostic_with_its_place() {
        let error = Error::Content(vec![
            crate::diagnostic::Diagnostic::error("content/a.md", 3, 5, "bad yaml").with_help("close the list"),
            crate::diagnostic::Diagnostic::warning("content/a.md", 9, 1, "unused term"),
            crate::diagnostic::Diagnostic::error("content/b.md", 1, 0, "no title"),
        ]);
        assert_eq!(
            plain_error(&error),
            "content/a.md:3:5: error: bad yaml (help: close the list)\ncontent/b.md:1: error: no title\n\
             (1 warning(s) too: see the terminal)"
        );
    }
}
