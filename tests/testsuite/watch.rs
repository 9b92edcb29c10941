//! `coursebook watch`: the real binary on a temporary copy of the golden course. Edits, new,
//! deleted and renamed files reach the output; a bad save is reported with file:line and
//! survived; reading files is not a change; Ctrl-C stops it cleanly.

use crate::common;
use crate::live;

use std::path::Path;
use std::time::{Duration, Instant};

use common::Course;
use live::{eventually, Child, CHANGE_TIMEOUT, START_TIMEOUT};

const CHAPTER: &str = "content/01-basics/10-later.md";

/// Starts `coursebook watch` (with `extra` flags) and waits for the first build.
fn watch(course: &Course, extra: &[&str]) -> Child {
    let mut args = vec!["watch", course.root().to_str().expect("UTF-8 temp path")];
    args.extend_from_slice(extra);
    let mut child = Child::spawn(course.root(), &args);
    child.wait_for_stderr("the first build", START_TIMEOUT, |e| e.contains(" pages into "));
    child
}

/// Waits until the output file `relative` satisfies `check` (`None`: the file is absent).
fn wait_for_output(course: &Course, child: &Child, what: &str, relative: &str, check: impl Fn(Option<&str>) -> bool) {
    let path = course.book().join(relative);
    eventually(
        what,
        CHANGE_TIMEOUT,
        || check(std::fs::read_to_string(&path).ok().as_deref()).then_some(()),
        || child.explain(),
    );
}

fn changed_lines(stderr: &str) -> usize {
    stderr.lines().filter(|l| l.starts_with("changed: ")).count()
}

#[test]
fn an_edit_rebuilds_the_page_once() {
    let course = Course::fixture("golden");
    let mut child = watch(&course, &[]);
    course.write(CHAPTER, "---\ntitle: 改过的一章\n---\n\nWATCHED-EDIT\n");
    wait_for_output(&course, &child, "the edit in the output", "basics/later.html", |html| {
        html.is_some_and(|h| h.contains("WATCHED-EDIT"))
    });
    let stderr = child.wait_for_stderr("the rebuild log line", CHANGE_TIMEOUT, |e| changed_lines(e) > 0);
    let line = stderr.lines().find(|l| l.starts_with("changed: ")).unwrap();
    assert!(line.starts_with("changed: content/01-basics/10-later.md → rebuilt "), "{line}");
    assert!(line.ends_with(" ms"), "{line}");
    // The build reads every file; reads must not count as changes (inotify reports opens).
    quiet_period();
    assert_eq!(changed_lines(&child.stderr()), 1, "one save, one rebuild\n{}", child.explain());
    child.assert_running();
}

#[test]
fn nothing_changed_means_no_rebuild() {
    let course = Course::fixture("golden");
    let mut child = watch(&course, &[]);
    // Reading the course (as the first build just did, and as an editor or a search does) and
    // touching ignored files is not a change.
    for entry in walkdir::WalkDir::new(course.root().join("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            std::fs::read(entry.path()).unwrap();
        }
    }
    course.write("content/01-basics/.10-later.md.swp", "vim swap");
    course.write("content/01-basics/10-later.md~", "backup");
    course.write("content/01-basics/4913", "");
    course.write("README.md", "not part of the site");
    std::fs::create_dir_all(course.root().join(".git")).unwrap();
    course.write(".git/index", "git");
    quiet_period();
    assert_eq!(changed_lines(&child.stderr()), 0, "no rebuild without a change\n{}", child.explain());
    child.assert_running();
}

#[test]
fn new_deleted_and_renamed_files_reach_the_output() {
    let course = Course::fixture("golden");
    let child = watch(&course, &[]);
    course.write("content/01-basics/11-new.md", "---\ntitle: 新章\n---\n\nNEW-CHAPTER\n");
    wait_for_output(&course, &child, "the new chapter", "basics/new.html", |html| {
        html.is_some_and(|h| h.contains("NEW-CHAPTER"))
    });
    std::fs::remove_file(course.root().join(CHAPTER)).unwrap();
    wait_for_output(&course, &child, "the deleted chapter's page to disappear", "basics/later.html", |html| {
        html.is_none()
    });
    let root = course.root();
    std::fs::rename(root.join("content/03-extra notes"), root.join("content/04-appendix")).unwrap();
    wait_for_output(&course, &child, "the renamed module", "appendix/index.html", |html| {
        html.is_some_and(|h| h.contains("附录"))
    });
    assert!(!course.book().join("extra notes").exists(), "the old module's folder is gone");
    // A whole new module, written file by file.
    course.write("content/05-new-module/index.md", "---\ntitle: 新模块\n---\n");
    course.write("content/05-new-module/01-first.md", "---\ntitle: 新模块第一章\n---\n\nNEW-MODULE-CHAPTER\n");
    wait_for_output(&course, &child, "the new module's chapter", "new-module/first.html", |html| {
        html.is_some_and(|h| h.contains("NEW-MODULE-CHAPTER"))
    });
    // Saving by rename, as many editors do: write a temporary file, rename it over the chapter.
    course.write("content/01-basics/.11-new.md.tmp", "---\ntitle: 新章\n---\n\nSAVED-BY-RENAME\n");
    std::fs::rename(root.join("content/01-basics/.11-new.md.tmp"), root.join("content/01-basics/11-new.md")).unwrap();
    wait_for_output(&course, &child, "the renamed-over chapter", "basics/new.html", |html| {
        html.is_some_and(|h| h.contains("SAVED-BY-RENAME"))
    });
}

#[test]
fn a_bad_save_is_reported_with_its_line_and_survived() {
    let course = Course::fixture("golden");
    let mut child = watch(&course, &[]);
    course.write(CHAPTER, "---\ntitle: 坏了\norder: [3\n---\n\nBROKEN\n");
    let stderr = child.wait_for_stderr("the error with file:line", CHANGE_TIMEOUT, |e| e.contains("rebuild failed"));
    assert!(stderr.contains("content/01-basics/10-later.md:3"), "{}", child.explain());
    child.assert_running();
    assert!(course.read_output("basics/later.html").contains("标题需要转义"), "the last good site stays");

    // A broken book.toml is survived too.
    let book_toml = std::fs::read_to_string(course.root().join("book.toml")).unwrap();
    course.write("book.toml", &format!("{book_toml}\n[book\n"));
    child.wait_for_stderr("the book.toml error", CHANGE_TIMEOUT, |e| e.contains("book.toml:"));
    child.assert_running();
    course.write("book.toml", &book_toml);

    course.write(CHAPTER, "---\ntitle: 修好了\n---\n\nFIXED-AGAIN\n");
    wait_for_output(&course, &child, "recovery", "basics/later.html", |html| {
        html.is_some_and(|h| h.contains("FIXED-AGAIN"))
    });
    child.assert_running();
}

#[test]
fn polling_sees_edits_too() {
    let course = Course::fixture("golden");
    let child = watch(&course, &["--poll"]);
    assert!(child.stderr().contains("polling"), "{}", child.explain());
    course.write(CHAPTER, "---\ntitle: 轮询\n---\n\nPOLLED-EDIT\n");
    wait_for_output(&course, &child, "the polled edit", "basics/later.html", |html| {
        html.is_some_and(|h| h.contains("POLLED-EDIT"))
    });
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_watching_and_leaves_the_site_whole() {
    let course = Course::fixture("golden");
    let mut child = watch(&course, &[]);
    child.interrupt();
    let status = child.wait_exit(CHANGE_TIMEOUT);
    assert!(status.success(), "graceful stop exits 0, got {status}\n{}", child.explain());
    assert!(child.stderr().contains("stopped"), "{}", child.explain());
    assert!(course.book().join("index.html").is_file());
    assert!(no_temporary_folders(course.root()));
}

fn no_temporary_folders(root: &Path) -> bool {
    std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .all(|name| !name.contains(".tmp-") && !name.contains(".old-"))
}

/// Long enough for a spurious rebuild to show (debounce, settle, build), several times over.
fn quiet_period() {
    let until = Instant::now() + Duration::from_millis(1500);
    while Instant::now() < until {
        std::thread::sleep(Duration::from_millis(50));
    }
}
