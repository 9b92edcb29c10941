//! The `coursebook` command line: parses arguments, runs one subcommand, prints the outcome.
//! Exit codes: 0 success, 1 content or build errors, 2 usage errors (from clap).

mod cli;

use std::process::ExitCode;

/// jemalloc, not the system's allocator: less time allocating on large courses (see
/// `Cargo.toml`).
#[cfg(not(windows))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's settings, read as it starts (the C string `malloc_conf`, under the prefix the
/// crate builds it with): one arena for all threads (each thread keeps its own cache of small
/// blocks; larger ones, pages and index files, take the arena's lock: measured on two cores
/// only, where one arena held less memory than one per thread for the same time), and freed
/// memory handed back after a twentieth of a second instead of ten. With jemalloc's defaults a build held up to half
/// as much memory again (a6000: 110 MiB against glibc's 76); with 100 ms, 71-73, in the same
/// time as with half a second; with none (0 ms) the system time doubled. 50 ms since the print
/// files are written as the pages render: the render's freed pages were still held when the
/// EPUB and the zip finished (h6000 59.4 MiB, over its bound of 58.4; 57.6 with 50 ms, in the
/// same time).
#[cfg(not(windows))]
#[export_name = "_rjem_malloc_conf"]
static ALLOCATOR_SETTINGS: &u8 = &b"narenas:1,dirty_decay_ms:50\0"[0];

fn main() -> ExitCode {
    cli::run()
}
