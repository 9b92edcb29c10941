//! Broken courses: each must fail with exit code 1, name the file and line, never panic, and
//! leave the previous site untouched.

use crate::common;

use common::Course;

/// Builds a good site first, then breaks the course by copying in a bad fixture, and checks
/// the failure and that the old site survived.
fn assert_fails(fixture: &str, file_and_line: &str, words: &[&str]) {
    let course = Course::fixture(fixture);
    // A previous good build: the bad fixture's content minus its broken chapter.
    let broken = course.root().join("content/01-m/01-a.md");
    let saved = std::fs::read(&broken).ok();
    let toml = std::fs::read_to_string(course.root().join("book.toml")).unwrap();
    let _ = std::fs::remove_file(&broken);
    course.write("book.toml", "[book]\ntitle = \"Bad\"\n");
    course.run(&["build"]).expect_code(0);
    let before = common::html_files(&course.book());
    if let Some(bytes) = saved {
        std::fs::write(&broken, bytes).unwrap();
    }
    course.write("book.toml", &toml);

    let run = course.run(&["build"]);
    run.expect_code(1);
    let stderr = run.stderr();
    assert!(stderr.contains(file_and_line), "expected `{file_and_line}` in:\n{stderr}");
    for word in words {
        assert!(stderr.contains(word), "expected `{word}` in:\n{stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(before, common::html_files(&course.book()), "previous site left untouched");
    let leftovers: Vec<String> = std::fs::read_dir(course.root())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary folders left: {leftovers:?}");
}

#[test]
fn bad_yaml() {
    assert_fails(
        "bad-yaml",
        "content/01-m/01-a.md:4:3: a `- ` line cannot go inside brackets",
        &["help: either remove the `[` and write the entries as `- ` lines under the key"],
    );
}

#[test]
fn unclosed_front_matter() {
    assert_fails("unclosed-front-matter", "content/01-m/01-a.md:1", &["not closed", "---"]);
}

#[test]
fn bad_level() {
    assert_fails("bad-level", "content/01-m/01-a.md:5", &["invalid level 4", "★★★", "掌握", "master"]);
}

#[test]
fn missing_title() {
    assert_fails("missing-title", "content/01-m/01-a.md:1", &["title"]);
}

#[test]
fn broken_link() {
    assert_fails("broken-link", "content/01-m/01-a.md:7", &["02-missing.md", "does not exist"]);
}

#[test]
fn broken_anchor() {
    assert_fails("broken-anchor", "content/01-m/01-a.md:7", &["#不存在", "#存在"]);
}

#[test]
fn non_utf8_file() {
    assert_fails("non-utf8", "content/01-m/01-a.md:6", &["UTF-8"]);
}

#[test]
fn unknown_book_toml_key() {
    assert_fails("unknown-book-key", "book.toml:3", &["titel", "title"]);
}

#[test]
fn all_problems_are_reported_together() {
    let course = Course::fixture("broken-link");
    course.write("content/01-m/02-b.md", "---\ntitle: B\nterms:\n  - name: x\n    level: 9\n    definition: d\n---\n");
    let run = course.run(&["build"]);
    run.expect_code(1);
    let stderr = run.stderr();
    assert!(stderr.contains("01-a.md:7") && stderr.contains("02-b.md:5"), "{stderr}");
}

#[test]
fn check_reports_problems_without_writing() {
    let course = Course::fixture("broken-link");
    let run = course.run(&["check"]);
    run.expect_code(1);
    assert!(run.stderr().contains("content/01-m/01-a.md:7"), "{}", run.stderr());
    assert!(!course.book().exists(), "check writes nothing");
    let good = Course::fixture("golden");
    let run = good.run(&["check"]);
    run.expect_code(0);
    assert!(run.stderr().contains("no errors"), "{}", run.stderr());
    assert!(!good.book().exists());
}

#[test]
fn a_link_or_image_with_spaces_in_its_address_is_an_error_saying_how_to_write_it() {
    let course = Course::fixture("broken-link");
    course.write(
        "content/01-m/01-a.md",
        "---\ntitle: 章\n---\n\n第一段。\n\n见[附录](99-no such file.md)和![图](my pic.png)。\n\n`[附录](99-no such file.md)` 是代码，[sic](see below) 是话。\n\n```\n[附录](99-no such file.md)\n```\n",
    );
    let run = course.run(&["check"]);
    run.expect_code(1);
    let stderr = run.stderr();
    for expected in [
        "error[CB-LINK-SPACES]: content/01-m/01-a.md:7:2: this link is shown as text: Markdown ends an address at a space, and `99-no such file.md` has spaces",
        "help: write the address in angle brackets, `(<99-no such file.md>)`, or each space as `%20`, `(99-no%20such%20file.md)`",
        "error[CB-LINK-SPACES]: content/01-m/01-a.md:7:27: this image is shown as text",
    ] {
        assert!(stderr.contains(expected), "expected `{expected}` in:\n{stderr}");
    }
    assert_eq!(stderr.matches("error[CB-LINK-SPACES]").count(), 2, "code and prose are not links: {stderr}");
}
