//! Stopping `watch` and `serve` on Ctrl-C (or SIGTERM), one sequence for both: the first
//! interrupt asks the loop to stop after the build under way, so the build folder is left
//! complete; a second one quits at once. Neither command exits the process: each returns how it
//! ended ([`Ending`]), and the CLI turns that into the exit code.

use std::future::Future;

use crate::error::Result;

/// Said after the first interrupt.
pub(crate) const STOPPING: &str = "stopping after the build under way (Ctrl-C again to quit at once)";
/// Said once the loop (and the server) stopped.
pub(crate) const STOPPED: &str = "stopped";

/// How a `watch` or `serve` run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Stopped cleanly: the build under way, if any, was finished first (exit code 0).
    Stopped,
    /// A second interrupt quit without waiting for the build under way (exit code 130). The
    /// build folder is still whole: a build writes beside it and swaps by renaming.
    Interrupted,
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

/// After a first interrupt: waits for `stopping` (the loop's end, and whatever follows it),
/// unless a second interrupt comes first.
pub(crate) async fn unless_interrupted_again(stopping: impl Future<Output = Result<()>>) -> Result<Ending> {
    tokio::select! {
        result = stopping => result.map(|()| Ending::Stopped),
        () = interrupted() => Ok(Ending::Interrupted),
    }
}

/// The result of the loop's thread; a panic in it is re-raised.
pub(crate) fn joined(result: std::result::Result<Result<()>, tokio::task::JoinError>) -> Result<()> {
    match result {
        Ok(result) => result,
        Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        Err(_) => Ok(()),
    }
}

/// Runs a command on `runtime` to its end. After a second interrupt the runtime is left without
/// waiting for the build thread, which ends with the process.
pub(crate) fn run_to_end(
    runtime: tokio::runtime::Runtime,
    command: impl Future<Output = Result<Ending>>,
) -> Result<Ending> {
    let ending = runtime.block_on(command);
    if matches!(ending, Ok(Ending::Interrupted)) {
        runtime.shutdown_background();
    }
    ending
}
