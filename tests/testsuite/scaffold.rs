//! `coursebook init` and `coursebook new`: what a teacher starting a course, or adding to one,
//! gets on disk and reads in the terminal, and that what they get builds with no warning.

use std::path::Path;

use crate::common::{self, Course, Run};

/// A course made by `init` in a fresh temporary folder (as `mycourse/`), and its folder.
fn initialized() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    common::run_in(dir.path(), &["init", "mycourse"]).expect_code(0);
    let root = dir.path().join("mycourse");
    (dir, root)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Builds with `--deny-warnings` and checks that nothing at all was warned about.
fn builds_clean(root: &Path) {
    let run = common::run_in(root, &["build", "--deny-warnings"]);
    run.expect_code(0);
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
    let check = common::run_in(root, &["check", "--deny-warnings"]);
    check.expect_code(0);
}

#[test]
fn init_builds_clean_and_says_to_change_into_the_new_folder() {
    let dir = tempfile::tempdir().unwrap();
    let run = common::run_in(dir.path(), &["init", "mycourse"]);
    run.expect_code(0);
    let stderr = run.stderr();
    assert!(stderr.contains("created content/01-basics/01-first-chapter.md"), "{stderr}");
    assert!(stderr.contains("next: cd mycourse && coursebook serve"), "{stderr}");
    builds_clean(&dir.path().join("mycourse"));
    // The sample term is used outside the chapter that defines it, so it is not a warning.
    let practice = read(&dir.path().join("mycourse/book/basics/practice.html"));
    assert!(practice.contains("示例术语"), "the second chapter uses the sample term");

    let here = tempfile::tempdir().unwrap();
    let run = common::run_in(here.path(), &["init"]);
    run.expect_code(0);
    assert!(run.stderr().contains("next: coursebook serve"), "no `cd` into the current folder: {}", run.stderr());
    let spaced = common::run_in(dir.path(), &["init", "my course"]);
    spaced.expect_code(0);
    assert!(spaced.stderr().contains("next: cd 'my course' && coursebook serve"), "{}", spaced.stderr());
}

#[test]
fn init_writes_the_workflows_unless_told_not_to_and_keeps_existing_ones() {
    let (_dir, root) = initialized();
    for name in ["check.yml", "pages.yml"] {
        let workflow = read(&root.join(".github/workflows").join(name));
        assert!(
            workflow.contains(&format!("COURSEBOOK_REPOSITORY: {}", env!("CARGO_PKG_REPOSITORY"))),
            "{name} installs coursebook from the repository in Cargo.toml:\n{workflow}"
        );
        assert!(workflow.contains("a fork of coursebook writes its own address here"), "{workflow}");
    }

    assert_eq!(read(&root.join(".gitignore")).lines().last(), Some("/book/"), "the built site is not committed");

    let bare = tempfile::tempdir().unwrap();
    let run = common::run_in(bare.path(), &["init", "--no-workflows"]);
    run.expect_code(0);
    assert!(!bare.path().join(".github").exists(), "--no-workflows writes no workflow");
    assert!(!run.stderr().contains(".github"), "{}", run.stderr());
    assert!(bare.path().join(".gitignore").is_file());

    let existing = tempfile::tempdir().unwrap();
    let own = "name: my own check\n";
    std::fs::create_dir_all(existing.path().join(".github/workflows")).unwrap();
    std::fs::write(existing.path().join(".github/workflows/check.yml"), own).unwrap();
    std::fs::write(existing.path().join(".gitignore"), "*.swp\n").unwrap();
    let run = common::run_in(existing.path(), &["init"]);
    run.expect_code(0);
    assert_eq!(read(&existing.path().join(".github/workflows/check.yml")), own, "an existing workflow is kept");
    assert_eq!(read(&existing.path().join(".gitignore")), "*.swp\n", "so is an existing .gitignore");
    assert!(run.stderr().contains("kept .github/workflows/check.yml"), "{}", run.stderr());
    assert!(run.stderr().contains("kept .gitignore"), "{}", run.stderr());
    assert!(run.stderr().contains("created .github/workflows/pages.yml"), "{}", run.stderr());
}

#[test]
fn a_new_module_and_chapter_on_a_fresh_course_build_without_warnings() {
    let (_dir, root) = initialized();
    let module = common::run_in(&root, &["new", "module", "售后服务"]);
    module.expect_code(0);
    let index = root.join("content/02-shou-hou-fu-wu/index.md");
    let text = read(&index);
    assert!(text.starts_with("---\ntitle: 售后服务\nsummary: "), "{text}");
    for heading in ["## 模块导读", "## 学习目标", "## 学习建议"] {
        assert!(text.contains(heading), "{heading} in {text}");
    }
    assert!(module.stderr().contains("created content/02-shou-hou-fu-wu/index.md"), "{}", module.stderr());
    assert!(module.stderr().contains("coursebook new chapter 02-shou-hou-fu-wu TITLE"), "{}", module.stderr());
    builds_clean(&root);

    let chapter = common::run_in(&root, &["new", "chapter", "售后服务", "退货与换货"]);
    chapter.expect_code(0);
    let stderr = chapter.stderr();
    assert!(stderr.contains("created content/02-shou-hou-fu-wu/01-tui-huo-yu-huan-huo.md"), "{stderr}");
    assert!(stderr.contains("shou-hou-fu-wu/tui-huo-yu-huan-huo.html"), "the page's address: {stderr}");
    assert!(stderr.contains("coursebook serve"), "the next step: {stderr}");
    let text = read(&root.join("content/02-shou-hou-fu-wu/01-tui-huo-yu-huan-huo.md"));
    assert!(text.starts_with("---\ntitle: 退货与换货\nsummary: "), "{text}");
    assert!(text.contains("\n# terms:\n"), "a commented example of a term: {text}");
    let sections = [
        "## 学习目标",
        "## 案例导入",
        "> **顾客**：",
        "> **客服**：",
        "**点评**：",
        "## 本章小结",
        "## 思考与练习",
        "```quiz",
    ];
    let mut at = 0;
    for section in sections {
        let found = text[at..].find(section).unwrap_or_else(|| panic!("{section} after byte {at} in {text}"));
        at += found;
    }
    // A second chapter of the same module, with its sample question, still builds clean.
    common::run_in(&root, &["new", "chapter", "02-shou-hou-fu-wu", "物流问题"]).expect_code(0);
    builds_clean(&root);
    let page = read(&root.join("book/shou-hou-fu-wu/tui-huo-yu-huan-huo.html"));
    assert!(page.contains("<h1>退货与换货</h1>"), "the chapter is published");
    assert!(page.contains("data-kind=\"single\""), "its sample question is a question");
}

#[test]
fn a_module_is_named_by_folder_name_number_or_title() {
    let course = Course::fixture("golden");
    let ways = [("01-basics", "11-a.md"), ("basics", "12-b.md"), ("1", "13-c.md"), ("content/01-basics/", "14-d.md")];
    for (way, file) in ways {
        let title = &file[3..4];
        course.run(&["new", "chapter", way, title]).expect_code(0);
        assert!(course.root().join("content/01-basics").join(file).is_file(), "{way} → {file}");
    }
    let title = read(&course.root().join("content/02-after-sale/index.md"));
    let title = title.lines().find_map(|l| l.strip_prefix("title: ")).unwrap().trim().to_string();
    course.run(&["new", "chapter", &title, "Exchanges", "and", "returns"]).expect_code(0);
    let written = course.root().join("content/02-after-sale/03-exchanges-and-returns.md");
    assert!(read(&written).contains("title: Exchanges and returns\n"), "the words make one title");
    // A module folder with a space in its name, and the next number after the highest.
    course.run(&["new", "module", "Extra", "notes"]).expect_code(0);
    assert!(course.root().join("content/04-extra-notes/index.md").is_file(), "the slug differs from `extra notes`");
}

#[test]
fn an_unknown_module_is_refused_with_the_list_and_the_nearest() {
    let course = Course::fixture("golden");
    let run = course.run(&["new", "chapter", "basic", "新章"]);
    run.expect_code(2);
    let stderr = run.stderr();
    assert!(stderr.contains("error: there is no module `basic` in content/"), "{stderr}");
    assert!(stderr.contains("did you mean `01-basics"), "{stderr}");
    assert!(stderr.contains("02-after-sale"), "every module is listed: {stderr}");
    assert!(!course.root().join("content/01-basics/11-xin-zhang.md").exists());

    let far = course.run(&["new", "chapter", "zzzzzz", "新章"]);
    far.expect_code(2);
    assert!(!far.stderr().contains("did you mean"), "{}", far.stderr());
    assert!(far.stderr().contains("its name without the number, or its title"), "{}", far.stderr());
}

#[test]
fn new_works_on_a_course_given_with_path_and_refuses_a_folder_that_is_not_one() {
    let (dir, _root) = initialized();
    let run = common::run_in(dir.path(), &["new", "chapter", "-C", "mycourse", "basics", "第三章"]);
    run.expect_code(0);
    assert!(run.stderr().contains("created mycourse/content/01-basics/03-di-san-zhang.md"), "{}", run.stderr());
    common::run_in(dir.path(), &["new", "module", "--path", "mycourse", "Second"]).expect_code(0);
    assert!(dir.path().join("mycourse/content/02-second/index.md").is_file());

    let empty = tempfile::tempdir().unwrap();
    let run: Run = common::run_in(empty.path(), &["new", "module", "模块"]);
    run.expect_code(2);
    assert!(run.stderr().contains("there is no course here"), "{}", run.stderr());
    assert!(run.stderr().contains("coursebook init"), "{}", run.stderr());
    assert!(std::fs::read_dir(empty.path()).unwrap().next().is_none(), "nothing is written");

    std::fs::create_dir(empty.path().join("content")).unwrap();
    let run = common::run_in(empty.path(), &["new", "chapter", "basics", "第一章"]);
    run.expect_code(2);
    assert!(run.stderr().contains("coursebook new module"), "{}", run.stderr());
    common::run_in(empty.path(), &["new", "chapter", "basics"]).expect_code(2);
}

#[test]
fn an_english_course_gets_an_english_lesson() {
    let (_dir, root) = initialized();
    let toml = read(&root.join("book.toml")).replace("language = \"zh-CN\"", "language = \"en\"");
    std::fs::write(root.join("book.toml"), toml).unwrap();
    common::run_in(&root, &["new", "chapter", "basics", "Handling returns: the basics"]).expect_code(0);
    let text = read(&root.join("content/01-basics/03-handling-returns-the-basics.md"));
    assert!(text.starts_with("---\ntitle: \"Handling returns: the basics\"\n"), "{text}");
    for section in
        ["## Learning objectives", "## Opening case", "> **Customer**:", "## Summary", "## Questions and exercises"]
    {
        assert!(text.contains(section), "{section} in {text}");
    }
    builds_clean(&root);
}
