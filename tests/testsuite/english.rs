//! A course in English (`[book] language = "en"`), as its students meet it: every page, the
//! glossary, the revision page, the questions of every kind with their answers, the self-tests,
//! the handout with its answer keys, the EPUB and the scripts' labels speak English only: no
//! Chinese word or full-width punctuation (：、（）) that the course itself did not write.

use crate::common::{self, Course};

/// Whether `c` is a Chinese character or a punctuation mark of Chinese text: CJK ideographs,
/// CJK symbols and punctuation (、。《》 and the ideographic space), full-width forms (：（）；).
fn is_chinese(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// Each line of `text` holding a Chinese character, with its file and line number, for a
/// message that shows all of them at once.
fn chinese_lines(file: &str, text: &str) -> Vec<String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| line.chars().any(is_chinese))
        .map(|(i, line)| format!("{file}:{}: {}", i + 1, line.chars().take(200).collect::<String>()))
        .collect()
}

/// The lines of a theme script that a student could see Chinese in: outside comments, and not
/// the search's Chinese stop words (`var STOP_… = …;`), which only ever meet a Chinese query.
fn visible_chinese_in_script(file: &str, script: &str) -> Vec<String> {
    let mut found = Vec::new();
    let (mut in_comment, mut in_stop_words) = (false, false);
    for (i, line) in script.lines().enumerate() {
        let mut code = String::new();
        let mut rest = line;
        loop {
            if in_comment {
                match rest.find("*/") {
                    Some(end) => (in_comment, rest) = (false, &rest[end + 2..]),
                    None => break,
                }
            } else {
                let start = rest.find("/*");
                let line_comment = rest.find("//");
                match (start, line_comment) {
                    (Some(s), l) if l.is_none_or(|l| s < l) => {
                        code.push_str(&rest[..s]);
                        (in_comment, rest) = (true, &rest[s + 2..]);
                    }
                    (_, Some(l)) => {
                        code.push_str(&rest[..l]);
                        break;
                    }
                    _ => {
                        code.push_str(rest);
                        break;
                    }
                }
            }
        }
        in_stop_words |= code.contains("var STOP_");
        if !in_stop_words && code.chars().any(is_chinese) {
            found.push(format!("{file}:{}: {line}", i + 1));
        }
        if code.contains(';') {
            in_stop_words = false;
        }
    }
    found
}

#[test]
fn an_english_course_shows_no_chinese_label_or_punctuation_anywhere() {
    let course = Course::fixture("english");
    let run = course.run(&["build"]);
    run.expect_code(0);
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
    let book = course.book();
    for page in [
        "index.html",
        "glossary.html",
        "revision.html",
        "print.html",
        "search.html",
        "mistakes.html",
        "404.html",
        "pre-sale/exercises.html",
        "after-sale/exercises.html",
        "course.epub",
    ] {
        assert!(book.join(page).is_file(), "{page} is written");
    }

    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(&book).into_iter().map(Result::unwrap).filter(|e| e.file_type().is_file()) {
        let path = entry.path();
        let name = path.strip_prefix(&book).unwrap().to_string_lossy().replace('\\', "/");
        let text = || std::fs::read_to_string(path).unwrap();
        match path.extension().and_then(|e| e.to_str()) {
            Some("html" | "webmanifest") => found.extend(chinese_lines(&name, &text())),
            Some("js") if name.starts_with("_theme/") => found.extend(visible_chinese_in_script(&name, &text())),
            Some("js") => found.extend(chinese_lines(&name, &text())),
            Some("epub") => {
                for (inner, bytes) in common::unzip(path) {
                    if let Ok(text) = String::from_utf8(bytes) {
                        found.extend(chinese_lines(&format!("{name}:{inner}"), &text));
                    }
                }
            }
            _ => {}
        }
    }
    assert!(found.is_empty(), "Chinese in an English course:\n{}", found.join("\n"));

    // What replaced the Chinese punctuation reads as English.
    let read = |page: &str| course.read_output(page);
    let glossary = read("glossary.html");
    for piece in ["Defined in: <a", "Used in: <a", "See also: <a href=\"#greeting\">Greeting</a>, <a"] {
        assert!(glossary.contains(piece), "{piece} in the glossary");
    }
    let greeting = read("pre-sale/greeting.html");
    for piece in ["Answer: B</p>", "Answer: A, C</p>", "Answer: True</p>", "Terms tested: <a"] {
        assert!(greeting.contains(piece), "{piece} under the questions");
    }
    let objections = read("pre-sale/objections.html");
    for piece in ["<span class=\"quiz-gap\">(1)</span>", "Reference answer: Ask", "Points to discuss:</p>"] {
        assert!(objections.contains(piece), "{piece} under the questions");
    }
    assert!(read("pre-sale/exercises.html").contains("<title>Pre-sale: Module self-test"));
    let handout = read("print.html");
    for piece in [
        "Answer key: Pre-sale</h2>",
        "A. Teacher, B. Writer",
        "Printed: <time",
        "</span> master (2)</h2>",
        "within a minute. (\u{2003}\u{2003})",
    ] {
        assert!(handout.contains(piece), "{piece} in the handout");
    }
    let epub = common::unzip(&book.join("course.epub"));
    let answers = epub.iter().find(|(name, _)| name.ends_with("-answers.xhtml")).expect("an answer key in the EPUB");
    assert!(String::from_utf8_lossy(&answers.1).contains("<title>Answer key: Pre-sale</title>"));
}

#[test]
fn the_script_check_sees_chinese_outside_comments_and_stop_words_only() {
    let script =
        "/* 注释 */ var a = 1; // 注释\n/* 多行\n 注释 */\nvar STOP_WORDS = [\"的\",\n  \"吗\"];\nshow(\"答案：\");\n";
    assert_eq!(visible_chinese_in_script("x.js", script), vec!["x.js:6: show(\"答案：\");".to_string()]);
    assert!(chinese_lines("a.html", "<p>Answer：B</p>").len() == 1 && chinese_lines("a.html", "★ “x” — …").is_empty());
}

#[test]
fn an_english_course_is_told_its_mistakes_with_english_examples() {
    let course = Course::fixture("english");
    let chapters = [
        ("05-untitled.md", "No front matter here.\n"),
        (
            "06-values.md",
            "---\ntitle: Values\nterms:\n  - name: Tone\n    level: 1\n    definition: How a reply sounds.\n    aliases: [voice]\n    aliases: [manner]\n---\n",
        ),
        ("07-terms.md", "---\ntitle: Terms\nterms: x\n---\n"),
        ("08-group.md", "---\n- a\n---\n"),
        (
            "09-quiz.md",
            "---\ntitle: Quiz\n---\n\n```quiz\n```\n\n```quiz\nquestion: Right?\ntype: judge\nanswer: maybe\n```\n\n```quiz\nquestion: ___ and ___\nanswer: [a]\n```\n\n```quiz\nquestion: Which?\nchoices: [One]\nanswer: A\n```\n\n```quiz\nquestion: Sure?\ntype: judge\n```\n",
        ),
    ];
    for (file, text) in chapters {
        course.write(&format!("content/01-pre-sale/{file}"), text);
    }
    let run = course.run(&["check"]);
    run.expect_code(1);
    let stderr = run.stderr();
    let chinese = chinese_lines("stderr", &stderr);
    assert!(chinese.is_empty(), "Chinese examples for an English course:\n{}", chinese.join("\n"));
    for example in [
        "title: Chapter title",
        "`aliases: [one, two]`",
        "name: Effective communication",
        "summary: One sentence about this chapter",
        "question: What should you do first when a customer finds the price too high?",
        "write answer: true or answer: false",
        "answer: [first blank, second blank]",
        "add `answer: true` or `answer: false`",
    ] {
        assert!(stderr.contains(example), "`{example}` in:\n{stderr}");
    }

    let toml = std::fs::read_to_string(course.root().join("book.toml")).unwrap();
    course.write("book.toml", &format!("{toml}\n[search]\nsynonyms = [[\"refund\"]]\n"));
    let run = course.run(&["check"]);
    run.expect_code(1);
    assert!(run.stderr().contains("[[\"haggle\", \"bargain\"]"), "{}", run.stderr());
    assert!(chinese_lines("stderr", &run.stderr()).is_empty(), "{}", run.stderr());

    course.write("book.toml", &toml);
    let run = course.run(&["new", "module", " "]);
    assert_ne!(run.code(), 0);
    assert!(run.stderr().contains("coursebook new module \"After-sale service\""), "{}", run.stderr());
}
