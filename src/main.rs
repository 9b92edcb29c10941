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
/// same time). A course of 16 MiB of Markdown or more keeps it five seconds once read
/// ([`keep_freed_memory_longer`]), until its pages are rendered ([`hand_freed_memory_back`]).
#[cfg(not(windows))]
#[export_name = "_rjem_malloc_conf"]
static ALLOCATOR_SETTINGS: &u8 = &b"narenas:1,dirty_decay_ms:50\0"[0];

/// Set once a build has read the course: see [`keep_freed_memory_longer`].
#[cfg(not(windows))]
const ALLOCATOR_TUNING: Option<fn(u64)> = Some(keep_freed_memory_longer);
#[cfg(windows)]
const ALLOCATOR_TUNING: Option<fn(u64)> = None;

/// Set once a build has rendered its pages: see [`hand_freed_memory_back`].
#[cfg(not(windows))]
const ALLOCATOR_RELEASE: Option<fn()> = Some(hand_freed_memory_back);
#[cfg(windows)]
const ALLOCATOR_RELEASE: Option<fn()> = None;

/// From this much Markdown on, a build keeps freed memory for [`LARGE_COURSE_DECAY_MS`].
#[cfg(not(windows))]
const LARGE_COURSE_BYTES: u64 = 16 * 1024 * 1024;

/// How long a large course's build keeps freed memory before handing it back.
#[cfg(not(windows))]
const LARGE_COURSE_DECAY_MS: isize = 5_000;

/// How long freed memory is kept otherwise (`dirty_decay_ms` in [`ALLOCATOR_SETTINGS`]).
#[cfg(not(windows))]
const SMALL_COURSE_DECAY_MS: isize = 50;

/// For a course of `markdown_bytes` of 16 MiB or more, keeps freed memory for five seconds
/// instead of 50 ms. Handing memory back costs a system call, and on two cores each call
/// stops the other core to flush its address cache: with 50 ms, up to a third of a large
/// build's time went to it (perf: 27 % of the samples of a 6,000-chapter build, `deep`); with
/// five seconds, large builds of 19 courses of five generators took 8-25 % less time and 0-14
/// MiB more memory, each within its bound. Such a course's bound (2 × its Markdown + 50 MB)
/// leaves room for what is kept; a small one's does not (the third generator's h6000 of 4.3
/// MiB sits 3.4 MiB under its bound), so it keeps 50 ms. Once the pages are rendered, 50 ms
/// again ([`hand_freed_memory_back`]). The setting is the process's: the command builds once
/// and ends (`watch` and `serve`, which live on, keep 50 ms).
///
/// The one arena of `narenas:1` is set, and the default of arenas made later; jemalloc's own
/// arena for blocks of 8 MiB or more, made when first needed, keeps handing them back at once
/// (few, and each as large as a page of memory is worth giving back).
#[cfg(not(windows))]
fn keep_freed_memory_longer(markdown_bytes: u64) {
    if markdown_bytes < LARGE_COURSE_BYTES {
        return;
    }
    for name in [&b"arenas.dirty_decay_ms\0"[..], b"arena.0.dirty_decay_ms\0"] {
        // SAFETY: the name is NUL-terminated and the setting is a `ssize_t`, which is an
        // `isize`: jemalloc reads exactly the value given.
        let written = unsafe { tikv_jemalloc_ctl::raw::write(name, LARGE_COURSE_DECAY_MS) };
        // Not being able to only leaves the build slower; a name jemalloc no longer knows is
        // caught by the test below.
        debug_assert!(written.is_ok(), "{written:?}");
    }
}

/// Keeps freed memory 50 ms again, as from the start: what a large course's build kept while
/// its pages rendered is handed back before the steps after them (the glossary pages, the end
/// of the search index, the downloads), where the build's memory peaks. Kept until the end,
/// it made a course of 30 MiB with 300 terms on every page peak at 104-119 MiB against its
/// bound of 110.3 (a helper's eighth generator).
#[cfg(not(windows))]
fn hand_freed_memory_back() {
    for name in [&b"arenas.dirty_decay_ms\0"[..], b"arena.0.dirty_decay_ms\0"] {
        // SAFETY: as in `keep_freed_memory_longer`.
        let written = unsafe { tikv_jemalloc_ctl::raw::write(name, SMALL_COURSE_DECAY_MS) };
        debug_assert!(written.is_ok(), "{written:?}");
    }
}

fn main() -> ExitCode {
    cli::run()
}

#[cfg(all(test, not(windows)))]
mod tests {
    use super::*;

    fn decay_ms(name: &[u8]) -> isize {
        // SAFETY: NUL-terminated names of `ssize_t` settings, read as `isize`.
        unsafe { tikv_jemalloc_ctl::raw::read::<isize>(name) }.expect("a setting jemalloc has")
    }

    #[test]
    fn a_large_course_keeps_freed_memory_five_seconds_while_pages_render_and_a_small_one_50_ms() {
        keep_freed_memory_longer(LARGE_COURSE_BYTES - 1);
        assert_eq!(decay_ms(b"arena.0.dirty_decay_ms\0"), SMALL_COURSE_DECAY_MS, "the settings the binary starts with");
        keep_freed_memory_longer(LARGE_COURSE_BYTES);
        assert_eq!(decay_ms(b"arena.0.dirty_decay_ms\0"), LARGE_COURSE_DECAY_MS);
        assert_eq!(decay_ms(b"arenas.dirty_decay_ms\0"), LARGE_COURSE_DECAY_MS);
        hand_freed_memory_back();
        assert_eq!(decay_ms(b"arena.0.dirty_decay_ms\0"), SMALL_COURSE_DECAY_MS, "once the pages are rendered");
        assert_eq!(decay_ms(b"arenas.dirty_decay_ms\0"), SMALL_COURSE_DECAY_MS);
    }
}
