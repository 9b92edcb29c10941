//! The limits of FORMAT.md ("Limits") and the front matter's messages, with the real binary on a
//! copy of the golden course: a term form, a file or a line beyond its limit is an error at its
//! file, line (and column), in words a teacher understands, in `build` as in `check`; a course
//! at the limits builds.

use crate::common;

use common::Course;

/// Runs `build` and `check` on `course` and returns their stderr, after checking that both
/// failed with exit code 1 and report every one of `expected` (`file:line[:col]: message`) as
/// an error (`error[CB-…]: file:line…`).
fn fails_with(course: &Course, expected: &[&str]) -> String {
    let mut outputs = Vec::new();
    for command in ["build", "check"] {
        let run = course.run(&[command]);
        run.expect_code(1);
        let stderr = run.stderr();
        for line in expected {
            let reported = stderr.lines().any(|l| l.starts_with("error[CB-") && l.contains(&format!("]: {line}")));
            assert!(reported, "`{command}`: expected `{line}` in:\n{stderr}");
        }
        assert!(!stderr.contains("panicked"), "{stderr}");
        outputs.push(stderr);
    }
    assert!(!course.book().exists(), "nothing was written");
    outputs.swap_remove(0)
}

const CHAPTER: &str = "content/01-basics/05-limits.md";

fn chapter_with_terms(terms: &str) -> String {
    format!("---\ntitle: 限制\nterms:\n{terms}---\n\n正文。\n")
}

#[test]
fn a_term_name_en_or_alias_longer_than_100_characters_is_an_error_at_its_place() {
    let course = Course::fixture("golden");
    let name = "客".repeat(10_000);
    let en = "x".repeat(5_000);
    let alias = "别".repeat(101);
    let terms = format!(
        "  - name: {name}\n    level: 1\n    definition: d\n  - name: 短词\n    en: {en}\n    aliases: [短, {alias}]\n    level: 1\n    definition: d\n"
    );
    course.write(CHAPTER, &chapter_with_terms(&terms));
    fails_with(
        &course,
        &[
            "content/01-basics/05-limits.md:4:11: term name is 10,000 characters long; a term may have at most 100 characters — put the explanation in `definition`",
            "content/01-basics/05-limits.md:8:9: English name `en` is 5,000 characters long; a term may have at most 100 characters — put the explanation in `definition`",
            "content/01-basics/05-limits.md:9:18: alias is 101 characters long; a term may have at most 100 characters — put the explanation in `definition`",
        ],
    );
}

/// Random-looking but fixed Chinese text: `count` distinct forms of `chars` characters each.
fn forms(count: usize, chars: usize) -> Vec<String> {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    (0..count)
        .map(|_| {
            (0..chars)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    char::from_u32(0x4e00 + (seed % 3000) as u32).unwrap_or('客')
                })
                .collect()
        })
        .collect()
}

#[test]
fn many_terms_at_the_length_limit_build_and_link() {
    let course = Course::fixture("golden");
    // 300 random names of 100 characters (90 KB of forms), and 40 names of one letter repeated
    // (the worst case for building a DFA), each used once in the text.
    let mut names = forms(300, 100);
    names.extend((0..40).map(|i| format!("{}{}", "a".repeat(99), char::from_u32(0x4e00 + i).unwrap_or('客'))));
    let terms: String =
        names.iter().map(|name| format!("  - name: {name}\n    level: 1\n    definition: d\n")).collect();
    let body: String = names.iter().map(|name| format!("见{name}。\n\n")).collect();
    course.write(CHAPTER, &format!("---\ntitle: 限制\nterms:\n{terms}---\n\n{body}"));
    course.run(&["build"]).expect_code(0);
    let html = course.read_output("basics/limits.html");
    assert_eq!(html.matches("class=\"term\"").count(), names.len(), "every term linked once");
}

#[test]
fn a_key_written_twice_is_named_in_plain_words() {
    let course = Course::fixture("golden");
    course.write(
        CHAPTER,
        &chapter_with_terms(
            "  - name: 沟通\n    aliases: [交流]\n    level: 1\n    aliases: [沟通交流]\n    definition: d\n",
        ),
    );
    let stderr = fails_with(&course, &["content/01-basics/05-limits.md:7:5: `aliases` is written twice; keep one"]);
    assert!(stderr.contains("help: to give several, write them in one list: `aliases: [甲, 乙]`"), "{stderr}");
    for jargon in ["DuplicateKeyPolicy", "Options", "mapping", "invalid type"] {
        assert!(!stderr.contains(jargon), "{jargon} in {stderr}");
    }
}

#[test]
fn a_misspelt_key_gets_the_likely_key_and_the_valid_ones() {
    let course = Course::fixture("golden");
    course.write(CHAPTER, "---\ntitel: 限制\n---\n\n正文。\n");
    let stderr = fails_with(
        &course,
        &["content/01-basics/05-limits.md:2:1: `titel` is not a key of the front matter; did you mean `title`?"],
    );
    assert!(stderr.contains("help: keys of the front matter: title, order, summary, terms"), "{stderr}");
}

#[test]
fn a_value_of_the_wrong_kind_names_its_key_and_what_it_must_be() {
    let course = Course::fixture("golden");
    course.write(CHAPTER, "---\ntitle: 限制\norder: abc\n---\n\n正文。\n");
    fails_with(&course, &["content/01-basics/05-limits.md:3:8: `order` must be a whole number, not `abc`"]);
    course.write(CHAPTER, &chapter_with_terms("  - name: 沟通\n    level: 1\n    definition: d\n    aliases: 3\n"));
    fails_with(
        &course,
        &["content/01-basics/05-limits.md:7:14: `aliases` must be a list of other written forms, not `3`"],
    );
    course.write(CHAPTER, "---\ntitle: 限制\nsummary: *重点* 内容\n---\n\n正文。\n");
    let stderr = fails_with(
        &course,
        &["content/01-basics/05-limits.md:3:10: text cannot start with `*` unless it is in quotes"],
    );
    assert!(stderr.contains("help: write: summary: \"*重点* 内容\""), "{stderr}");
    course.write(CHAPTER, "---\ntitle: 限制\n\tsummary: 摘要\n---\n\n正文。\n");
    fails_with(
        &course,
        &["content/01-basics/05-limits.md:3:1: this line is indented with a tab; front matter must be indented with spaces"],
    );
}

#[test]
fn a_file_larger_than_1_mib_is_an_error_at_the_line_that_passes_it() {
    let course = Course::fixture("golden");
    // 1,100 lines of 1,000 bytes (333 Chinese characters and a line break).
    let text = format!("---\ntitle: 大\n---\n\n{}", format!("{}\n", "文".repeat(333)).repeat(1_100));
    course.write(CHAPTER, &text);
    let size = text.len();
    let line = text.as_bytes()[..1_048_576].iter().filter(|&&b| b == b'\n').count() + 1;
    let stderr = fails_with(
        &course,
        &[&format!(
            "content/01-basics/05-limits.md:{line}: this file is {} bytes long; a Markdown file may have at most 1,048,576 bytes (1 MiB) — split it into several chapters",
            grouped(size)
        )],
    );
    assert!(stderr.len() < 10_000, "the file's text is not printed:\n{stderr}");
}

#[test]
fn a_line_longer_than_20000_characters_is_an_error_at_its_line() {
    let course = Course::fixture("golden");
    let line = "客".repeat(20_001);
    course.write(CHAPTER, &format!("---\ntitle: 长\n---\n\n短的一行。\n\n{line}\n"));
    let stderr = fails_with(
        &course,
        &["content/01-basics/05-limits.md:7: this line is 20,001 characters long; a line may have at most 20,000 characters — split it"],
    );
    assert!(stderr.len() < 10_000, "the line is not printed:\n{stderr}");
}

#[test]
fn a_page_of_nothing_but_markup_is_an_error_at_the_line_that_passes_the_limit() {
    // The inputs that cost the Markdown parser most per byte: a line of 20,000 bytes each.
    for unit in ["[", "*a", "<", "[x]("] {
        let course = Course::fixture("golden");
        let line = unit.repeat(20_000 / unit.len());
        let per_line = line.bytes().filter(|b| b"*[<]".contains(b)).count() + 1;
        let header = "---\ntitle: 载荷\n---\n\n";
        course.write(CHAPTER, &format!("{header}{}", format!("{line}\n").repeat(50)));
        // Four header lines hold 4 line ends; the limit is passed on the first line whose
        // markup makes the count exceed 50,000.
        let passing_line = 5 + (50_000 - 4) / per_line;
        fails_with(&course, &[&format!("content/01-basics/05-limits.md:{passing_line}: this page has ")]);
    }
}

#[test]
fn a_page_with_more_than_100000_markdown_elements_is_an_error_where_it_passes_them() {
    // A table of 15,000 rows of 3 cells: 45,000 markup characters (within that limit), 11
    // events a row (the row, and a start, a text and an end for each cell).
    let course = Course::fixture("golden");
    let rows = "a|b|c\n".repeat(15_000);
    course.write(CHAPTER, &format!("---\ntitle: 大表\n---\n\nx|y|z\n-|-|-\n{rows}"));
    let stderr = fails_with(&course, &["content/01-basics/05-limits.md:"]);
    assert!(stderr.contains("this page has more than 100,000 Markdown elements"), "{stderr}");
    let line: usize = stderr
        .split("05-limits.md:")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.parse().ok())
        .expect("a line number");
    assert!((9_000..9_200).contains(&line), "the line where the page passes the limit, got {line}");
}

#[test]
fn pages_at_the_markup_limit_build() {
    // 99 lines of 10,000 bytes, each with 495 markup characters and text: just under the limit.
    for unit in ["[", "*a", "<", "[x](", "`", "|", "&", "[x](https://example.org/) "] {
        let course = Course::fixture("golden");
        let markup = unit.bytes().filter(|b| b"*_~[]<`!\\&|".contains(b)).count();
        let segment = unit.repeat(495 / markup);
        let line = format!("{segment}{}", "a".repeat(10_000 - segment.len()));
        course.write(CHAPTER, &format!("---\ntitle: 载荷\n---\n\n{}", format!("{line}\n").repeat(99)));
        course.run(&["build"]).expect_code(0);
    }
}

/// `n` with thousands separated by commas, as the messages write it.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    digits
        .chars()
        .enumerate()
        .flat_map(|(i, c)| (i > 0 && (digits.len() - i).is_multiple_of(3)).then_some(',').into_iter().chain([c]))
        .collect()
}

#[test]
fn a_file_of_exactly_1_mib_builds() {
    let course = Course::fixture("golden");
    let head = "---\ntitle: 正好\n---\n\n";
    let line = format!("{}\n", "文".repeat(333));
    let mut text = head.to_string() + &line.repeat((1_048_576 - head.len()) / line.len());
    text.push_str(&"a".repeat(1_048_576 - text.len()));
    assert_eq!(text.len(), 1_048_576);
    course.write(CHAPTER, &text);
    course.run(&["build"]).expect_code(0);
}

#[test]
fn a_line_of_exactly_20000_characters_builds() {
    let course = Course::fixture("golden");
    course.write(CHAPTER, &format!("---\ntitle: 长行\n---\n\n{}\n", "文".repeat(20_000)));
    course.run(&["build"]).expect_code(0);
}
