//! Front matter as a contributor writes it: what is required of which page, and each guard on a
//! term, seen through the real binary (exit code, `file:line:col`, the message).

use crate::common;

use common::Course;

const CHAPTER: &str = "content/01-basics/05-new.md";

/// The golden course with one more chapter whose text is `text`; the build's outcome.
fn build_with(text: &str) -> common::Run {
    let course = Course::fixture("golden");
    course.write(CHAPTER, text);
    course.run(&["build"])
}

/// Asserts the build fails with every `expected` piece (location, words) in its stderr.
fn fails_with(text: &str, expected: &[&str]) {
    let run = build_with(text);
    run.expect_code(1);
    for piece in expected {
        assert!(run.stderr().contains(piece), "expected `{piece}` for\n{text}\nin:\n{}", run.stderr());
    }
}

/// Asserts that for each place `at` (`file:line:` or `file:line:column`) a line of `stderr`
/// names it with its `words`.
fn assert_reported_at(stderr: &str, expected: &[(String, &str)]) {
    for (at, words) in expected {
        assert!(
            stderr.lines().any(|l| l.contains(at.as_str()) && l.contains(words)),
            "`{words}` at {at} in:\n{stderr}"
        );
    }
}

#[test]
fn a_blank_title_is_an_error_at_its_line() {
    fails_with("---\ntitle: \"   \"\n---\n正文\n", &[&format!("{CHAPTER}:2:"), "title is empty"]);
}

#[test]
fn a_chapter_without_front_matter_is_an_error() {
    fails_with("# 没有前言\n\n正文\n", &[&format!("{CHAPTER}:1:1"), "front matter"]);
}

#[test]
fn a_chapter_without_a_title_key_is_an_error() {
    fails_with("---\nsummary: 没有标题\n---\n", &[&format!("{CHAPTER}:1"), "title"]);
}

#[test]
fn the_home_page_needs_neither_front_matter_nor_a_title() {
    for home in ["# 欢迎\n\n课程首页。\n", "---\nsummary: 只有摘要\n---\n\n课程首页。\n"] {
        let course = Course::fixture("golden");
        course.write("content/index.md", home);
        course.run(&["build"]).expect_code(0);
        let html = course.read_output("index.html");
        assert!(html.contains("测试课程 &lt;Golden&gt;"), "the course title stands in: {home}");
    }
}

#[test]
fn a_term_with_an_empty_name_or_definition_is_an_error() {
    fails_with(
        "---\ntitle: 术语\nterms:\n  - name: \"\"\n    level: 1\n    definition: 有定义。\n---\n",
        &[&format!("{CHAPTER}:4:"), "name"],
    );
    fails_with(
        "---\ntitle: 术语\nterms:\n  - name: 新术语\n    level: 1\n    definition: \"  \"\n---\n",
        &[&format!("{CHAPTER}:4"), "definition"],
    );
}

#[test]
fn a_term_id_must_be_one_word() {
    for id in ["two words", "a#b", "a/b", "\"\""] {
        let text = format!(
            "---\ntitle: 术语\nterms:\n  - name: 新术语\n    id: {id}\n    level: 1\n    definition: 有。\n---\n"
        );
        fails_with(&text, &[&format!("{CHAPTER}:5"), "id"]);
    }
    let run = build_with(
        "---\ntitle: 术语\nterms:\n  - name: 新术语\n    id: new-term_2\n    level: 1\n    definition: 有。\n---\n",
    );
    run.expect_code(0);
}

#[test]
fn a_yaml_mistake_is_reported_at_its_line_in_the_file() {
    // Line 4 of the file (line 3 of the YAML) holds the mistake.
    fails_with("---\ntitle: 术语\nsummary: 好\norder: [1\n---\n", &[&format!("{CHAPTER}:4")]);
    fails_with("---\ntitle: 术语\n  bad: indent\n---\n", &[&format!("{CHAPTER}:3")]);
}

#[test]
fn a_group_of_keys_where_text_is_wanted_is_named_as_such() {
    for nested in ["summary:\n  en: text", "summary:\n  en:\n    deeper: x"] {
        fails_with(
            &format!("---\ntitle: 章\n{nested}\n---\n"),
            &[
                &format!("{CHAPTER}:4:3"),
                "`summary` must be text, not a group of `key: value` lines",
                "write the text on the same line as its key, e.g. summary: 一句话说明本章内容",
            ],
        );
    }
}

#[test]
fn a_misspelt_key_with_two_letters_swapped_gets_the_right_suggestion() {
    fails_with("---\ntitle: 章\nsumamry: 摘要\n---\n", &[&format!("{CHAPTER}:3"), "did you mean `summary`"]);
    fails_with("---\nittle: 章\n---\n", &["did you mean `title`"]);
}

#[test]
fn a_term_id_over_100_characters_is_refused_at_its_line() {
    let long = "标".repeat(101);
    fails_with(
        &format!("---\ntitle: 章\nterms:\n  - name: 长号\n    level: 1\n    id: {long}\n    definition: 有。\n---\n"),
        &[&format!("{CHAPTER}:6"), "CB-TERM-ID", "this term's id is 101 characters long; an id may have at most 100"],
    );
}

#[test]
fn an_unknown_escape_in_double_quotes_is_pointed_at_past_the_valid_ones() {
    fails_with(
        "---\ntitle: \"第一行\\n再来\\t然后\\\"引号\\\"\\u4e2d\\q结束\"\n---\n正文\n",
        &[&format!("{CHAPTER}:2:32"), "`\\q` is not allowed in text in double quotes", "single quotes"],
    );
}

#[test]
fn a_tab_after_spaces_in_the_indentation_is_pointed_at() {
    fails_with(
        "---\ntitle: 章\nterms:\n  - name: 制表\n    \tlevel: 1\n    definition: 有。\n---\n",
        &[&format!("{CHAPTER}:5:5"), "this line is indented with a tab"],
    );
}

#[test]
fn an_alias_that_is_a_list_is_named_as_such() {
    fails_with(
        "---\ntitle: 章\nterms:\n  - name: 新术语\n    level: 1\n    definition: 有。\n    aliases: [[甲, 乙]]\n---\n",
        &[&format!("{CHAPTER}:7:"), "each entry of `aliases` must be text (one written form), not a list"],
    );
    // A key's name inside an earlier entry is a word of text, not a key.
    fails_with(
        "---\ntitle: 章\nterms:\n  - name: 新术语\n    level: 1\n    definition: 有。\n    aliases: [甲, 乙 level, [丙]]\n---\n",
        &[&format!("{CHAPTER}:7:"), "each entry of `aliases` must be text (one written form), not a list"],
    );
}

#[test]
fn front_matter_that_is_not_key_value_lines_says_how_to_write_them() {
    let missing_space = "---\ntitle:有效沟通\n---\n正文\n";
    fails_with(missing_space, &["front matter must be `key: value` lines", "put a space after the colon"]);
    let sentence = "---\n这一章讲有效沟通\n---\n正文\n";
    fails_with(sentence, &["front matter must be `key: value` lines", "title: 有效沟通"]);
    let run = build_with(sentence);
    assert!(!run.stderr().contains("colon"), "no colon to fix in a sentence:\n{}", run.stderr());
}

#[test]
fn a_directive_line_is_pointed_at_where_it_is() {
    fails_with(
        "---\ntitle: 章\nsummary: 摘要\n%YAML 1.2\n---\n",
        &[&format!("{CHAPTER}:4:1"), "cannot start with `%`"],
    );
}

#[test]
fn a_group_where_text_is_wanted_is_quoted_for_the_author_in_the_right_quotes() {
    fails_with(
        "---\ntitle: {重点: \"客服\"}\n---\n正文\n",
        &[&format!("{CHAPTER}:2:"), "put the text in quotes: title: '{重点: \"客服\"}'"],
    );
    fails_with(
        "---\ntitle: {重点: 客服}\n---\n正文\n",
        &[&format!("{CHAPTER}:2:"), "put the text in quotes: title: \"{重点: 客服}\""],
    );
}

#[test]
fn a_value_of_the_wrong_kind_says_what_each_key_takes_with_an_example() {
    let term = |line: &str| {
        format!("---\ntitle: 章\nterms:\n  - name: 甲\n    level: 1\n    definition: 定义\n    {line}\n---\n正文\n")
    };
    let cases = [
        (term("see: {a: b}"), "`see` must be a list of term names, not a group", "e.g. see: [沟通技巧]"),
        (
            term("aliases: {a: b}"),
            "`aliases` must be a list of other written forms",
            "e.g. aliases: [有效的沟通, 沟通有效]",
        ),
        (term("autolink: [1]"), "`autolink` must be `true` or `false`, not a list", "e.g. autolink: false"),
        ("---\ntitle: 章\norder: {a: 1}\n---\n".to_string(), "`order` must be a whole number, not a group", "order: 3"),
        ("---\ntitle: 章\nterms: 3\n---\n".to_string(), "`terms` must be a list of terms, not `3`", "- name: 有效沟通"),
    ];
    for (text, message, example) in cases {
        fails_with(&text, &[message, example]);
    }
}

#[test]
fn a_page_key_written_twice_is_told_apart_from_a_term_key_written_twice() {
    fails_with(
        "---\ntitle: 章\nsummary: 一\nsummary: 二\n---\n",
        &[&format!("{CHAPTER}:4:"), "`summary` is written twice", "each key appears once in the front matter"],
    );
    fails_with(
        "---\ntitle: 章\nterms:\n  - name: 甲\n    level: 1\n    definition: 一\n    definition: 二\n---\n",
        &[&format!("{CHAPTER}:7:"), "`definition` is written twice", "begin it with `- `"],
    );
}

#[test]
fn brackets_nested_hundreds_deep_are_refused_in_plain_words() {
    let nested = "[".repeat(300);
    fails_with(
        &format!("---\ntitle: 章\nterms: {nested}\n---\n"),
        &[&format!("{CHAPTER}:3:"), "the front matter is nested too deeply", "write each value out"],
    );
}

#[test]
fn one_name_referred_to_over_a_hundred_times_is_refused_in_plain_words_at_its_anchor() {
    // YAML anchors are not read at all (a value never loses its first word to one), so a
    // hundred references to one cannot be either: the `&` is the mistake.
    let references = vec!["*n"; 120].join(", ");
    fails_with(
        &format!(
            "---\ntitle: 章\nterms:\n  - name: &n 甲\n    level: 1\n    definition: d\n    see: [{references}]\n---\n"
        ),
        &[&format!("{CHAPTER}:4:11:"), "text cannot start with `&` unless it is in quotes", "name: \"&n 甲\""],
    );
}

#[test]
fn a_colon_inside_a_value_is_quoted_for_the_author_after_the_spaces_they_wrote() {
    fails_with(
        "---\ntitle: 章\nsummary:   注意: 这里\n---\n",
        &[
            &format!("{CHAPTER}:3:14:"),
            "inside a value needs quotes",
            "put the value in quotes: summary:   \"注意: 这里\"",
        ],
    );
}

#[test]
fn every_misspelled_or_repeated_key_is_reported_in_one_run_with_what_follows_it() {
    let text = "---\ntitle: 坏\ntitle: 又\nterms:\n  - name: 退款\n    levle: 2\n    definition: 钱退回。\n  - name: 换货\n    level: 掌屋\n    definiton: 换。\n---\n\n正文\n";
    let run = build_with(text);
    run.expect_code(1);
    let stderr = run.stderr();
    for (line, words) in [
        (3, "`title` is written twice"),
        (6, "did you mean `level`?"),
        (9, "did you mean `掌握`?"),
        (10, "did you mean `definition`?"),
    ] {
        let at = format!("{CHAPTER}:{line}:");
        assert!(
            stderr.lines().any(|l| l.contains(&at) && l.contains(words)),
            "`{words}` at line {line}, on one line, in:\n{stderr}"
        );
    }
    let summary = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or_default();
    assert!(summary.starts_with("error: 4 errors,"), "each mistake once, and no false one after a repair:\n{stderr}");
}

#[test]
fn every_unknown_key_is_reported_in_one_run_each_at_its_place() {
    // Keys from other tools (Hugo's `tags`, `date`, `draft`) have no likely key here; the
    // reading goes on past them, so a misspelt key after one is still corrected.
    for (text, expected) in [
        (
            "---\ntitle: T\ntags: [a, b]\ndraft: true\n---\n正文\n",
            &[(3, 1, "`tags` is not a key of the front matter"), (4, 1, "`draft` is not a key of the front matter")][..],
        ),
        (
            "---\ntitle: T\ndate: 2024-05-01\ntitel: U\n---\n正文\n",
            &[(3, 1, "`date` is not a key of the front matter"), (4, 1, "`titel` is not a key of the front matter; did you mean `title`?")],
        ),
        (
            "---\ntitle: T\ntags:\n  - 售后\nterms:\n  - name: 退款\n    colour: red\n    level: 4\n    definition: 钱退回。\n---\n正文\n",
            &[(3, 1, "`tags` is not a key"), (7, 5, "`colour` is not a key of a term"), (8, 12, "invalid level 4")],
        ),
        // A misspelt key above the right one, in the page and in a term: dropped, not renamed
        // (which would make a key written twice), and the reading goes on past a block value.
        (
            "---\ntitel: x\ntitle: T\nterms:\n  - name: 甲\n    level: 2\n    definiton: z\n    definition: |\n      真的。\n    lvl: 3\n  - name: 乙\n    levle: 1\n    definition: 乙。\n---\n正文\n",
            &[
                (2, 1, "`titel` is not a key of the front matter; did you mean `title`?"),
                (7, 5, "`definiton` is not a key of a term; did you mean `definition`?"),
                (10, 5, "`lvl` is not a key of a term"),
                (12, 5, "`levle` is not a key of a term; did you mean `level`?"),
            ],
        ),
    ] {
        let run = build_with(text);
        run.expect_code(1);
        let stderr = run.stderr();
        for (line, column, words) in expected {
            let at = format!("{CHAPTER}:{line}:{column}:");
            assert!(stderr.lines().any(|l| l.contains(&at) && l.contains(words)), "`{words}` at {at} in:\n{stderr}");
        }
        assert!(stderr.contains("keys of the front matter: title, order, summary, terms"), "{stderr}");
        let summary = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or_default();
        let count = format!("error: {} errors,", expected.len());
        assert!(summary.starts_with(&count), "each unknown key once, and nothing false after it:\n{stderr}");
    }
}

#[test]
fn an_unknown_key_of_a_term_written_in_braces_is_a_terms() {
    let run = build_with("---\ntitle: T\nterms: [{name: 甲, level: 1, definition: 甲的定义。, 颜: 1}]\n---\n正文\n");
    run.expect_code(1);
    let stderr = run.stderr();
    assert!(stderr.contains(&format!("{CHAPTER}:3:48: `颜` is not a key of a term")), "{stderr}");
    assert!(stderr.contains("keys of a term: name"), "{stderr}");
}

#[test]
fn a_mistake_with_no_obvious_repair_stops_the_reading_of_its_front_matter_only() {
    // A quote never closed: what follows cannot be read; reported, and nothing false follows it.
    let run = build_with("---\ntitle: T\nsummary: \"开头\ntags: x\nterms:\n  - name: 退款\n    level: 4\n---\n");
    run.expect_code(1);
    let stderr = run.stderr();
    assert!(stderr.contains(&format!("{CHAPTER}:3:")) && stderr.contains("is never closed"), "{stderr}");
    let summary = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or_default();
    assert!(summary.starts_with("error: 1 error,"), "{stderr}");
}

#[test]
fn a_definition_or_a_summary_of_several_blocks_is_an_error_at_the_block() {
    // Shown inside one paragraph (the glossary, the tips, the handout, the EPUB, a page's card),
    // a list or a second paragraph would make the HTML invalid.
    let text = "---\ntitle: T\nsummary: |\n  一段。\n\n  ## 小标题\nterms:\n  - name: 多段定义\n    level: 1\n    definition: |\n      First paragraph.\n\n      - a list item\n\n      Second paragraph.\n  - name: 引号定义\n    level: 1\n    definition: \"第一段。\\n\\n第二段。\"\n---\n正文\n";
    let course = common::Course::fixture("golden");
    course.write(CHAPTER, text);
    for command in ["build", "check"] {
        let run = course.run(&[command]);
        run.expect_code(1);
        let stderr = run.stderr();
        for (at, words) in [
            ("6:3", "a summary is one paragraph of text, but this one has a heading"),
            ("13:7", "a definition is one paragraph of text, but this one has a list"),
            ("18:17", "a definition is one paragraph of text, but this one has a second paragraph"),
        ] {
            let at = format!("{CHAPTER}:{at}:");
            assert!(
                stderr.lines().any(|l| l.contains(&at) && l.contains(words)),
                "{command}: `{words}` at {at} in:\n{stderr}"
            );
        }
        assert!(stderr.contains("CB-TEXT-BLOCK"), "{stderr}");
        assert!(stderr.contains("move the rest into the chapter's text"), "{stderr}");
        assert!(stderr.contains("move the rest into the page's text"), "{stderr}");
    }
    assert!(!course.book().join("glossary.html").exists(), "nothing written");
}

#[test]
fn the_body_of_a_page_whose_front_matter_has_mistakes_is_checked_in_the_same_run() {
    // A contributor's pull request: a misspelt key and a wrong level in the front matter, and a
    // broken link in the body. All three are reported at once, the term the page defines is
    // known to the other pages, and links to the page's headings are checked against its body.
    let course = Course::fixture("golden");
    course.write(
        CHAPTER,
        "---\ntitel: 新章\nterms:\n  - name: 试用装\n    level: 5\n    definition: 免费赠送的小份商品。\n---\n\n## 赠品规则\n\n[见说明](nope.md)\n",
    );
    course.write(
        "content/01-basics/06-other.md",
        "---\ntitle: 另一章\n---\n\n[小样](term:试用装)见[规则](05-new.md#赠品规则)与[别处](05-new.md#没有)。\n",
    );
    for command in ["build", "check"] {
        let run = course.run(&[command]);
        run.expect_code(1);
        let stderr = run.stderr();
        assert_reported_at(
            &stderr,
            &[
                (format!("{CHAPTER}:2:1"), "`titel` is not a key of the front matter; did you mean `title`?"),
                (format!("{CHAPTER}:5:12"), "invalid level 5"),
                (format!("{CHAPTER}:11:"), "link `nope.md` points to a file that does not exist"),
                ("content/01-basics/06-other.md:5:".to_string(), "anchor `#没有` does not exist"),
            ],
        );
        assert!(!stderr.contains("unknown term"), "the term of the page with mistakes is known:\n{stderr}");
        assert!(!stderr.contains("anchor `#赠品规则`"), "the page's own heading is there:\n{stderr}");
        assert!(stderr.contains("error: 4 errors"), "{command}:\n{stderr}");
        assert!(!course.book().join("index.html").exists(), "nothing written by {command}");
    }
}

#[test]
fn a_term_link_while_a_front_matter_cannot_be_read_points_at_that_file() {
    // A bracket never closed: nothing of this front matter can be read, so the terms it defines
    // are unknown; the body is still checked, and a link to one of its terms says where to look.
    let course = Course::fixture("golden");
    course
        .write(CHAPTER, "---\ntitle: [新章\nterms:\n  - name: 试用装\n---\n\n[见说明](nope.md)与[小样](term:试用装)\n");
    course.write("content/01-basics/06-other.md", "---\ntitle: 另一章\n---\n\n[小样](term:试用装)\n");
    let run = course.run(&["check"]);
    run.expect_code(1);
    let stderr = run.stderr();
    assert!(stderr.contains(&format!("{CHAPTER}:7:")) && stderr.contains("link `nope.md`"), "{stderr}");
    let unknown = stderr.split("error[").find(|e| e.contains("`term:试用装` links to an unknown term"));
    let unknown = unknown.unwrap_or_else(|| panic!("the unknown term is reported:\n{stderr}"));
    assert!(
        unknown.contains(&format!("note: {CHAPTER}: its front matter could not be read")),
        "the report points at the file whose terms are unknown:\n{stderr}"
    );
    // The file's own use of the term may be of its own term: not reported until it can be read.
    assert!(!stderr.contains(&format!("{CHAPTER}:7:18")), "{stderr}");
    assert_eq!(stderr.matches("links to an unknown term").count(), 1, "{stderr}");
}

#[test]
fn a_colon_in_a_value_is_read_on_in_quotes_and_a_list_for_a_name_is_no_term() {
    // `title: 第一章: 引言` is the commonest front matter mistake: it is reported, and the rest of
    // the front matter is read with the value in quotes, so the second colon, the body's broken
    // link and the page's term are known in the same run. A name written as a list is read on
    // too, but is no term (no warning about a term `[甲, 乙]` nobody meant).
    let course = Course::fixture("golden");
    course.write(
        CHAPTER,
        "---\ntitle: 第一章: 引言\nterms:\n  - name: 试用装\n    level: 2\n    definition: 注意: 免费。\n  - name: [甲, 乙]\n    level: 1\n    definition: 两个。\n---\n\n[见说明](nope.md)\n",
    );
    course.write("content/01-basics/06-other.md", "---\ntitle: 另一章\n---\n\n[小样](term:试用装)\n");
    let run = course.run(&["check"]);
    run.expect_code(1);
    let stderr = run.stderr();
    assert_reported_at(
        &stderr,
        &[
            (format!("{CHAPTER}:2:"), "a colon followed by a space (`: `) inside a value needs quotes"),
            (format!("{CHAPTER}:6:"), "a colon followed by a space (`: `) inside a value needs quotes"),
            (format!("{CHAPTER}:7:"), "`name` must be text"),
            (format!("{CHAPTER}:12:"), "link `nope.md` points to a file that does not exist"),
        ],
    );
    assert!(!stderr.contains("unknown term"), "{stderr}");
    let about_the_list = |l: &&str| l.starts_with(['e', 'w']) && l.contains("[甲, 乙]");
    assert!(!stderr.lines().any(|l| about_the_list(&l)), "no term made of the list:\n{stderr}");
    assert!(stderr.contains("error: 4 errors"), "{stderr}");
}

/// A chapter saved with a carriage return alone at each line's end (an old Mac editor) is read
/// as CommonMark reads it, its front matter found: it was "missing front matter", a message
/// that sent its author looking for the wrong mistake (found by a fifth course generator).
#[test]
fn a_chapter_with_old_mac_line_ends_is_read_and_its_problems_keep_their_lines() {
    let run = build_with("---\rtitle: 旧格式\r---\r\r## 小节\r\r正文。\r");
    run.expect_code(0);
    fails_with(
        "---\rtitle: 旧格式\r---\r\r## 小节\r\r[坏](nowhere.md)\r",
        &["content/01-basics/05-new.md:7:1:", "nowhere.md"],
    );
}
