//! Chinese text as a reader sees it: a line break between two Chinese characters (in a
//! paragraph, or folded by YAML in a definition) never shows as a space, on the page, in the
//! glossary, in tooltips or in the search index; and straight quotes in Chinese prose are
//! warned about at their line (docs/STYLE-GUIDE.md).

use crate::common::Course;

const CHAPTER: &str = "content/01-basics/30-lines.md";

#[test]
fn a_line_break_between_chinese_characters_is_no_space_anywhere() {
    let course = Course::fixture("golden");
    course.write(
        CHAPTER,
        "---\ntitle: 换行\nterms:\n  - name: 折行术语\n    level: 1\n    definition: >-\n      客服的失误，\n      也可能来自流程。\n---\n\n顾客的体验来自每一次\n回复，客户满\n意度也一样。Latin words\nstay apart.\n",
    );
    course.run(&["build"]).expect_code(0);
    let page = course.read_output("basics/lines.html");
    assert!(page.contains("顾客的体验来自每一次回复，"), "lines joined: {page}");
    assert!(
        page.contains("Latin words\nstay apart") || page.contains("Latin words stay apart"),
        "Latin keeps its space"
    );
    assert!(page.contains(">客户满意度</a>"), "a term written across a line break is still linked: {page}");
    let glossary = course.read_output("glossary.html");
    assert!(glossary.contains("客服的失误，也可能来自流程。"), "the folded definition has no space");
    let index = std::fs::read_to_string(course.book().join("search/shard-0.js")).unwrap();
    assert!(!index.contains("每一次 回复") && !index.contains("失误， 也"), "no space in the index either");
}

#[test]
fn straight_quotes_in_chinese_prose_are_warned_about_at_their_place() {
    let course = Course::fixture("golden");
    course.write(
        CHAPTER,
        "---\ntitle: 引号\n---\n\n客服说\"马上发货\"就要做到。\n\n“这样”写是对的，English \"quotes\" too.\n\n```\n代码里的\"引号\"不算\n```\n\nSay \"你好 world\" now.\n",
    );
    let run = course.run(&["check"]);
    let stderr = run.stderr();
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("straight quote")).collect();
    assert_eq!(warnings.len(), 2, "a warning per line of Chinese prose with a straight quote: {}", run.stderr());
    assert!(warnings[0].contains(&format!("{CHAPTER}:5:4")), "at the quote: {}", warnings[0]);
    assert!(warnings[1].contains(&format!("{CHAPTER}:13:5")), "an opening quote before Chinese: {}", warnings[1]);
    assert!(run.stderr().contains("write “ and ” in Chinese prose"));
    course.run(&["build", "--deny-warnings"]).expect_code(1);
}

#[test]
fn english_prose_keeps_its_line_breaks_and_its_straight_quotes_are_not_warned_about() {
    let course = Course::fixture("golden");
    let toml = std::fs::read_to_string(course.root().join("book.toml")).unwrap();
    course.write("book.toml", &toml.replace("language = \"zh-CN\"", "language = \"en\""));
    // “ ” … — are English punctuation as well: next to them a line break stays a space, and a
    // straight quote is not in Chinese text.
    course.write(
        CHAPTER,
        "---\ntitle: Lines\n---\n\nHe paused…\n“Yes,” she said—\n“no”.\n\n\"Wait…\" and then—\"so-called\" ‘x’'s.\n",
    );
    let run = course.run(&["build"]);
    run.expect_code(0);
    assert!(!run.stderr().contains("straight quote"), "{}", run.stderr());
    let page = course.read_output("basics/lines.html");
    assert!(page.contains("He paused…\n“Yes,” she said—\n“no”."), "lines kept apart: {page}");
}

#[test]
fn a_straight_quote_in_a_wrapped_chinese_paragraph_is_warned_about_where_it_was_written() {
    let course = Course::fixture("golden");
    // Lines 5–7 are one paragraph and lines 9–10 one list item, each joined into one text.
    course.write(
        CHAPTER,
        "---\ntitle: 引号\n---\n\n第一行文字\n第二行\n引\"号\"在这里。\n\n- 列表项\n  继续写\\*'引号'\n",
    );
    let run = course.run(&["check"]);
    let stderr = run.stderr();
    let warnings: Vec<&str> =
        stderr.lines().filter(|l| l.starts_with("warning") && l.contains("straight quote")).collect();
    assert_eq!(warnings.len(), 2, "{stderr}");
    assert!(warnings[0].contains(&format!("{CHAPTER}:7:2:")), "the line and column written: {}", warnings[0]);
    assert!(warnings[1].contains(&format!("{CHAPTER}:10:8:")), "past an indent and an escape: {}", warnings[1]);
    assert!(stderr.contains("7 | 引\"号\"在这里。"), "the line is shown: {stderr}");
}

#[test]
fn a_straight_quote_after_an_entity_is_still_warned_about_on_its_line() {
    let course = Course::fixture("golden");
    // The entity is one character in the text and five in the file: past it, columns are a guess.
    course.write(CHAPTER, "---\ntitle: 引号\n---\n\n售前&amp;售后\n都说\"好\"。\n");
    let run = course.run(&["check"]);
    let stderr = run.stderr();
    let warnings: Vec<&str> =
        stderr.lines().filter(|l| l.starts_with("warning") && l.contains("straight quote")).collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(warnings[0].contains(&format!("{CHAPTER}:6:")), "on the line written: {}", warnings[0]);
}
