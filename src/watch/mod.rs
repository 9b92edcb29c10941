//! Watch mode: rebuild the course whenever one of its sources changes, and survive every mistake.
//!
//! `Watch` owns the file watcher and the loop (`rebuild.rs`). It watches the course root
//! without recursion (for `book.toml`) and the content and theme folders recursively (folders,
//! never single files, so an editor's save-by-rename is seen; `layout.rs` says which and what
//! to ignore), waits for a batch of changes (`backend.rs`: notify, debounced, or polling), keeps
//! the ones that matter and calls `Rebuilder::rebuild` once per batch. A failed build is an
//! outcome like any other: reported, then waited out; only a stop request ends the loop, and
//! never in the middle of a build.
//!
//! The loop prints nothing itself: a [`Reporter`] (the CLI) shows each [`BuildEvent`]
//! (`report.rs`), and a progress callback lets `serve` tell browsers. Ctrl-C is handled by
//! `shutdown`, shared with `serve`.

mod backend;
mod layout;
mod rebuild;
mod report;

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::shutdown::{self, Ending};

pub use rebuild::WatchOptions;
pub(crate) use rebuild::{Progress, Stopper, Watch};
pub(crate) use report::plain_error;
pub use report::{BuildEvent, Change, Reporter};

/// Runs `coursebook watch` until Ctrl-C (or SIGTERM): the build under way is finished first,
/// unless a second Ctrl-C comes.
pub fn run(options: WatchOptions, reporter: Arc<dyn Reporter>) -> Result<Ending> {
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| Error::io(&options.root, e))?;
    shutdown::run_to_end(runtime, async move {
        let watch = Watch::new(&options);
        let stopper = watch.stopper();
        let loop_reporter = reporter.clone();
        let mut handle = tokio::task::spawn_blocking(move || watch.run(&*loop_reporter, &mut |_| {}));
        tokio::select! {
            result = &mut handle => return shutdown::joined(result).map(|()| Ending::Stopped),
            () = shutdown::interrupted() => {}
        }
        reporter.info(shutdown::STOPPING);
        stopper.stop();
        shutdown::unless_interrupted_again(async move {
            let result = shutdown::joined(handle.await);
            reporter.info(shutdown::STOPPED);
            result
        })
        .await
    })
}
