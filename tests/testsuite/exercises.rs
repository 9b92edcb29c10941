//! Exercises: questions written as ```quiz blocks (docs/FORMAT.md, "Exercises"), as a student
//! and a teacher meet them: the HTML without JavaScript (answers only inside `<details>`), the
//! self-test and mistakes pages, the print worksheet with its answer key, the search index,
//! `[exercises] answers`, every broken question reported at its line by build and check, and in
//! real headless Chromium: answering right and wrong, progress kept across reloads, the
//! mistakes page.

use crate::common;

use std::time::{Duration, Instant};

use common::browser::Browser;
use common::Course;
use serde_json::json;

const CHAPTER: &str = "content/01-basics/20-quiz.md";

/// The golden course with a chapter holding one question of each kind.
fn course_with_questions() -> Course {
    let course = Course::fixture("golden");
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/exercises/quiz-chapter.md"),
    )
    .unwrap();
    course.write(CHAPTER, &text);
    course
}

/// The HTML with every `<details>…</details>` taken out.
fn outside_details(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<details") {
        out.push_str(&rest[..start]);
        rest = rest[start..].split_once("</details>").map_or("", |(_, after)| after);
    }
    out.push_str(rest);
    out
}

#[test]
fn every_kind_of_question_shows_its_choices_and_keeps_its_answer_inside_details() {
    let course = course_with_questions();
    course.run(&["build"]).expect_code(0);
    let html = course.read_output("basics/quiz.html");
    for kind in ["single", "multiple", "judge", "fill", "open"] {
        assert!(html.contains(&format!("data-kind=\"{kind}\"")), "a {kind} question: {html}");
    }
    assert_eq!(html.matches("<form class=\"quiz\"").count(), 5);
    assert_eq!(html.matches("<fieldset>").count(), 5, "each question is a fieldset");
    for (kind, name) in
        [("single", "单选题"), ("multiple", "多选题"), ("judge", "判断题"), ("fill", "填空题"), ("open", "思考题")]
    {
        let form = &html[html.find(&format!("data-kind=\"{kind}\"")).unwrap()..];
        assert!(form.contains(&format!("<span class=\"quiz-kind\">{name}</span>")), "a {kind} question says {name}");
    }
    for number in 1..=5 {
        assert!(html.contains(&format!("<span class=\"quiz-number\">{number}</span>")), "numbered from 1: {number}");
    }
    for (kind, input, other) in [("single", "radio", "checkbox"), ("multiple", "checkbox", "radio")] {
        let form = &html[html.find(&format!("data-kind=\"{kind}\"")).unwrap()..];
        let form = &form[..form.find("</form>").unwrap()];
        assert!(form.contains(&format!("<input type=\"{input}\"")), "a {kind} choice is a {input}: {form}");
        assert!(!form.contains(&format!("type=\"{other}\"")), "never a {other}: {form}");
    }
    assert!(html.contains("<span>先了解顾客在意什么，再说明商品的价值</span>"), "choices shown");
    assert!(html.contains("<strong>客户满意度</strong>"), "Markdown in the question");
    assert_eq!(html.matches("class=\"quiz-blank\"").count(), 2, "two blanks to fill");
    assert!(html.contains("<label>第 2 空 <input class=\"quiz-blank\""), "blanks are labelled");
    assert!(html.contains("期限是<span class=\"quiz-gap\">（1）</span>天"), "the question shows numbered gaps");
    let legend = &html[html.find("data-kind=\"fill\"").unwrap()..];
    let legend = &legend[..legend.find("</legend>").unwrap()];
    assert!(!legend.contains("<input"), "no field inside the legend (it names the group): {legend}");
    for answer in ["答案：B", "答案：A、C", "答案：对", "答案：七 / 7；买家", "先弄清顾客的顾虑", "先道歉并安抚情绪"]
    {
        assert!(html.contains(answer), "{answer} in the answer box");
        assert!(!outside_details(&html).contains(answer), "{answer} only inside <details>");
    }
    assert!(
        html.contains("class=\"quiz-terms\">考查术语：<a href=\"../glossary.html#客户满意度\">客户满意度</a></p>"),
        "the tested term links to its entry in the glossary: {html}"
    );
    assert!(html.contains("class=\"quiz-score\" data-page=\"basics/quiz.html\""), "the chapter's score");

    let self_test = course.read_output("basics/exercises.html");
    assert_eq!(self_test.matches("data-key=\"basics/quiz.html#q-").count(), 5, "the module's self-test page");
    assert_eq!(self_test.matches("data-title=\"练习章\"").count(), 5, "each question keeps its chapter's title");
    assert_eq!(self_test.matches("<form class=\"quiz\" id=\"quiz--q-").count(), 5, "ids prefixed per chapter");
    assert!(course.read_output("basics/index.html").contains("href=\"exercises.html\""), "linked from the module");
    let home = course.read_output("index.html");
    assert!(home.contains("data-quiz-total=\"5\""), "the home's module card counts the questions");
    assert!(home.contains("href=\"mistakes.html\""), "the mistakes page is linked");
    assert!(course.read_output("mistakes.html").contains("class=\"quiz-mistakes\""));
    assert!(course.read_output("revision.html").contains("class=\"revision-drill"));
}

#[test]
fn the_print_page_is_a_worksheet_with_each_modules_answer_key() {
    let course = course_with_questions();
    course.run(&["build"]).expect_code(0);
    let print = course.read_output("print.html");
    assert_eq!(print.matches("class=\"quiz-print\"").count(), 5, "questions as a worksheet");
    assert!(!print.contains("<form class=\"quiz\""), "no controls on paper");
    assert!(!outside_key(&print).contains("答案：B"), "no answers beside the questions");
    assert_eq!(print.matches("（　　）").count(), 1, "a space to mark true or false, after the judge question only");
    assert!(print.contains("七天无理由退货从顾客签收商品的次日开始计算。（　　）"), "after its text");
    let key = &print[print.find("class=\"print-answer-key\"").expect("an answer key")..];
    let next_module = key.find("class=\"print-module\"").unwrap_or(key.len());
    let key = &key[..next_module];
    assert!(key.contains("基础模块"), "the key names its module: {key}");
    for answer in ["<li>B ", "<li>A、C</li>", "<li>对 ", "<li>七 / 7；买家</li>", "先道歉并安抚情绪"] {
        assert!(key.contains(answer), "{answer} in the key: {key}");
    }
    assert!(print.find("练习章").unwrap() < print.find("class=\"print-answer-key\"").unwrap(), "after the chapter");
}

/// The print page without its answer keys.
fn outside_key(print: &str) -> String {
    print.split("class=\"print-answer-key\"").next().unwrap_or("").to_string()
}

#[test]
fn the_search_index_holds_the_questions_but_not_their_answers() {
    let course = course_with_questions();
    course.run(&["build"]).expect_code(0);
    let shard = std::fs::read_to_string(course.book().join("search/shard-0.js")).unwrap();
    assert!(shard.contains("下面哪些做法能提高"), "the question is searchable");
    for hidden in ["answer:", "先弄清顾客的顾虑", "先道歉并安抚情绪", "explanation"] {
        assert!(!shard.contains(hidden), "{hidden} is not in the index");
    }
}

#[test]
fn a_question_block_the_page_drops_takes_no_other_questions_place_in_the_search_index() {
    // With raw HTML sanitized, a question block inside <script> is dropped with it, unreported:
    // the next question must still be indexed under its own heading, not the dropped one's.
    let course = Course::fixture("golden");
    let toml = std::fs::read_to_string(course.root().join("book.toml")).unwrap();
    let toml = toml.replace("[output.html]\n", "[output.html]\nraw-html = \"sanitize\"\n");
    course.write("book.toml", &toml);
    course.write(
        "content/01-basics/03-quiz.md",
        "---\ntitle: 测验\n---\n\n## 第一节\n\n<div><script>\n\n```quiz\nquestion: 隐藏题目甲？\nanswer: 对\n```\n\n</script>\n\n</div>\n\n## 第二节\n\n```quiz\nquestion: 第二节的题目乙？\nanswer: 错\n```\n\n## 第三节\n\n没有题目，只有正文丙。\n",
    );
    course.run(&["build"]).expect_code(0);
    let shard = std::fs::read_to_string(course.book().join("search/shard-0.js")).unwrap();
    // Each section is [page, anchor, heading, text]; frequent characters are packed, so the
    // heading is matched by its rarer characters.
    let record = |text: &str| {
        shard.split('[').find(|record| record.contains(text)).unwrap_or_else(|| panic!("{text} in {shard}")).to_string()
    };
    assert!(record("乙？").contains("二节\","), "乙 is under 第二节: {}", record("乙？"));
    assert!(!shard.contains("甲"), "the dropped question is not indexed");
}

#[test]
fn the_answers_setting_decides_when_the_site_shows_them() {
    let course = course_with_questions();
    let toml = std::fs::read_to_string(course.root().join("book.toml")).unwrap();
    course.write("book.toml", &format!("{toml}\n[exercises]\nanswers = \"print-only\"\n"));
    course.run(&["build"]).expect_code(0);
    let html = course.read_output("basics/quiz.html");
    assert!(!html.contains("<details class=\"quiz-answer\""), "no answers on the site");
    assert!(!html.contains("data-answer="), "nothing to check them with either");
    assert!(course.read_output("print.html").contains("class=\"print-answer-key\""), "the key is still printed");

    course.write("book.toml", &format!("{toml}\n[exercises]\nanswers = \"always\"\n"));
    course.run(&["build"]).expect_code(0);
    assert_eq!(course.read_output("basics/quiz.html").matches("<details class=\"quiz-answer\" open>").count(), 5);

    course.write("book.toml", &format!("{toml}\n[exercises]\nanswers = \"never\"\n"));
    let run = course.run(&["build"]);
    run.expect_code(1);
    assert!(run.stderr().contains("book.toml:") && run.stderr().contains("after-attempt"), "{}", run.stderr());
}

/// Each broken question (its block), the line of the block its error must point at (from 1),
/// and the words the error must have.
const BROKEN: &[(&str, usize, &[&str])] = &[
    ("question: 选什么？\nchoices: [甲, 乙]\n", 1, &["has no `answer:`", "letter of the right choice"]),
    (
        "question: 选一个？\ntype: single\nchoices: [甲, 乙, 丙]\nanswer: [A, B]\n",
        4,
        &["one right answer", "type: multiple"],
    ),
    ("question: 重复？\nchoices:\n  - 甲\n  - 甲\nanswer: A\n", 4, &["choice B is the same as choice A"]),
    ("question: \"  \"\nanswer: 对\n", 1, &["the question is empty"]),
    (
        "question: 拼错？\nanswer: 对\nexplanaton: 解释\n",
        3,
        &["`explanaton` is not a key of a question", "did you mean `explanation`"],
    ),
    (
        "question: 术语？\nanswer: 对\nterms: [客户满意]\n",
        3,
        &["`客户满意` is not a term of the glossary", "did you mean `客户满意度`"],
    ),
    ("question: 选哪个？\nchoices: [甲, 乙]\nanswer: E\n", 3, &["`E` is not one of the choices", "A to B"]),
    ("question: 两空___和___\nanswer: [一, 二, 三]\n", 2, &["2 blanks but 3 answers"]),
    ("question: 类型？\ntype: essay\nreference: 参考\n", 2, &["`essay` is not a kind of question", "single, multiple"]),
    ("question: [未闭合\nanswer: 对\n", 1, &["cannot be read", "put a value in quotes"]),
    ("question: 几天？\nanswer: 7\n", 1, &["cannot tell what kind of question this is", "`type:`"]),
    ("question: 怎么办？\nreference: 先道歉\nanswer: 先道歉\n", 3, &["an open question has no `answer:`"]),
    ("question: 编号？\nid: a b\nanswer: 对\n", 2, &["`a b` cannot be a question's id", "letters, digits"]),
    ("question: 只有一个？\nchoices: [甲]\nanswer: A\n", 2, &["at least two choices"]),
    ("question: 选哪些？\ntype: multiple\nchoices: [甲, 乙]\n", 1, &["letters of the right choices"]),
    ("question: 对吗？\ntype: judge\n", 1, &["add `answer: 对` or `answer: 错`"]),
    ("question: 对吗？\nanswer: 对\nexplanation: 见[退货](returns.md)\n", 3, &["the link `returns.md` in a question"]),
    (
        "question: 加粗？\nanswer: 对\nexplanation: **粗**体\n",
        3,
        &["text cannot start with `*` unless it is in quotes", "write: explanation: \"**粗**体\""],
    ),
    (
        "question: |\n  顾客说：\n\n  - 太贵了\nanswer: 对\n",
        4,
        &["a question is one paragraph of text, but this one has a list", "just before the ```quiz block"],
    ),
    (
        "question: 选哪个？\nchoices:\n  - 甲\n  - |\n    乙\n\n    丙\nanswer: A\n",
        7,
        &["a choice is one paragraph of text, but this one has a second paragraph"],
    ),
    (
        "question: 怎么办？\nreference: |\n  先道歉。\n\n  再说明。\n",
        5,
        &["a reference answer is one paragraph", "`points:`"],
    ),
    (
        "question: 对吗？\nanswer: 对\nexplanation: |\n  两点：\n\n  1. 先道歉\n  2. 再说明\n",
        6,
        &["an explanation is paragraphs of text, but this one has a list", "answer key"],
    ),
];

#[test]
fn every_broken_question_is_reported_at_its_line_by_build_and_check_in_one_run() {
    let course = Course::fixture("golden");
    let mut text = String::from("---\ntitle: 坏题\n---\n");
    let mut expected = Vec::new();
    for (block, line, words) in BROKEN {
        let first_line = text.lines().count() + 2; // after the opening fence
        expected.push((format!("{CHAPTER}:{}:", first_line + line - 1), *block, *words));
        text.push_str(&format!("```quiz\n{block}```\n\n"));
    }
    course.write(CHAPTER, &text);
    for command in ["build", "check"] {
        let run = course.run(&[command]);
        run.expect_code(1);
        let stderr = run.stderr();
        for (at, block, words) in &expected {
            let start = stderr
                .find(at.as_str())
                .unwrap_or_else(|| panic!("{command}: no error at {at} for\n{block}\n{stderr}"));
            let around = &stderr[start..];
            let around = &around[..around.find("\nerror").unwrap_or(around.len())];
            for word in *words {
                assert!(around.contains(word), "{command}: `{word}` at {at}:\n{around}");
            }
        }
    }
    assert!(!course.book().join("basics/quiz.html").exists(), "nothing written");
}

#[test]
fn in_a_browser_a_student_answers_sees_feedback_keeps_progress_and_finds_mistakes() {
    let Some(browser) = Browser::start() else { return };
    let course = course_with_questions();
    course.run(&["build"]).expect_code(0);
    let page = format!("file://{}/basics/quiz.html", course.book().display());
    browser.open(&page);
    let click = |css: &str| browser.click(css);
    let text = |css: &str| browser.text(css);
    let hidden = |css: &str| browser.run(&format!("return document.querySelector('{css}').hidden")) == json!(true);
    let first = "form.quiz:nth-of-type(1)";
    assert!(hidden(&format!("{first} .quiz-answer")), "the answer waits for an attempt");
    // The single-choice question answered wrong, the judgement answered right.
    click(&format!("{first} input[value=\"0\"]"));
    click(&format!("{first} .quiz-check"));
    assert!(
        text(&format!("{first} .quiz-feedback")).contains("回答错误"),
        "wrong: {}",
        text(&format!("{first} .quiz-feedback"))
    );
    assert!(text(&format!("{first} .quiz-feedback")).contains("B"), "the right answer given");
    assert!(!hidden(&format!("{first} .quiz-answer")), "the explanation is shown after answering");
    let judge = "form.quiz[data-kind=\"judge\"]";
    click(&format!("{judge} input[value=\"true\"]"));
    click(&format!("{judge} .quiz-check"));
    assert!(text(&format!("{judge} .quiz-feedback")).contains("回答正确"));
    assert!(text(".quiz-score").contains("答对 1 / 4"), "score: {}", text(".quiz-score"));
    // The right answer of two blanks is shown as the answer key writes it: one per blank.
    let fill = "form.quiz[data-kind=\"fill\"]";
    browser.run(&format!(
        "document.querySelectorAll('{fill} .quiz-blank').forEach(function (b) {{ b.value = '九'; }}); return null"
    ));
    click(&format!("{fill} .quiz-check"));
    let feedback = text(&format!("{fill} .quiz-feedback"));
    assert!(feedback.contains("七；买家"), "each blank's answer, apart: {feedback}");

    browser.open(&page);
    let deadline = Instant::now() + Duration::from_secs(5);
    while !text(&format!("{first} .quiz-feedback")).contains("回答错误") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(text(&format!("{first} .quiz-feedback")).contains("回答错误"), "progress kept across a reload");
    assert!(text(".quiz-score").contains("答对 1 / 4"));

    browser.open(&format!("file://{}/mistakes.html", course.book().display()));
    let mistakes = text(".quiz-mistakes");
    assert!(mistakes.contains("顾客嫌贵时"), "the wrong one is listed: {mistakes}");
    assert!(!mistakes.contains("七天无理由退货从"), "the right one is not: {mistakes}");
    let link = browser.run("return document.querySelector('.quiz-mistakes a').getAttribute('href')");
    assert!(link.as_str().is_some_and(|l| l.starts_with("basics/quiz.html#q-")), "links back: {link}");
}

#[test]
fn in_a_browser_the_revision_page_drills_the_master_terms_and_a_changed_question_forgets_its_answer() {
    let Some(browser) = Browser::start() else { return };
    let course = course_with_questions();
    course.write(
        "content/02-after-sale/09-terms.md",
        "---\ntitle: 术语\nterms:\n  - name: 甲术语\n    level: 3\n    definition: 第一个要掌握的概念。\n  - name: 乙术语\n    level: 3\n    definition: 第二个要掌握的概念。\n---\n\n甲术语和乙术语。\n",
    );
    course.run(&["build"]).expect_code(0);
    let click = |css: &str| browser.click(css);
    let text = |css: &str| browser.text(css);

    browser.open(&format!("file://{}/revision.html", course.book().display()));
    click(".revision-drill .drill-start");
    let definition = text(".drill-definition");
    assert!(!definition.is_empty(), "a definition of a ★★★ term is asked");
    let choices = browser.run(
        "return Array.from(document.querySelectorAll('.drill-choice')).map(function (b) { return b.textContent; })",
    );
    let choices: Vec<String> = choices.as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect();
    assert!(choices.len() >= 2 && choices.len() <= 4, "a few names to choose from: {choices:?}");
    let masters = ["客户满意度", "甲术语", "乙术语"];
    let asked = masters.iter().filter(|m| choices.iter().any(|c| c == *m)).count();
    assert!(asked >= 1, "the term defined is among the choices: {choices:?}");
    click(".drill-choice");
    assert!(text(".drill-score").contains("/ 1"), "one answered: {}", text(".drill-score"));

    // Answer two questions, then change one of them: only that one forgets its answer.
    let page = format!("file://{}/basics/quiz.html", course.book().display());
    browser.open(&page);
    click("form.quiz:nth-of-type(1) input[value=\"1\"]");
    click("form.quiz:nth-of-type(1) .quiz-check");
    let judge = "form.quiz[data-kind=\"judge\"]";
    click(&format!("{judge} input[value=\"true\"]"));
    click(&format!("{judge} .quiz-check"));
    let chapter = course.root().join(CHAPTER);
    let source = std::fs::read_to_string(&chapter).unwrap();
    course.write(
        CHAPTER,
        &source.replace(
            "explanation: 依《消费者权益保护法》第二十五条。",
            "explanation: 见《消费者权益保护法》第二十五条。",
        ),
    );
    course.run(&["build"]).expect_code(0);
    browser.open(&page);
    let deadline = Instant::now() + Duration::from_secs(5);
    while !text("form.quiz:nth-of-type(1) .quiz-feedback").contains("回答正确") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        text("form.quiz:nth-of-type(1) .quiz-feedback").contains("回答正确"),
        "the unchanged question keeps its answer"
    );
    assert_eq!(text(&format!("{judge} .quiz-feedback")), "", "the changed question starts afresh");
}

/// The start of a question's form on a page with the default answers setting, up to the answer
/// quiz.js checks it with (`data-answer`, as written in the HTML).
fn form_of(kind: &str, answer: &str) -> String {
    format!("data-kind=\"{kind}\" data-reveal=\"after-attempt\" data-answer=\"{answer}\"")
}

/// A fill-in question's `data-answer`: its accepted answers per blank as JSON, in an attribute.
fn blanks(accepted: serde_json::Value) -> String {
    accepted.to_string().replace('"', "&quot;")
}

#[test]
fn questions_are_read_as_the_teacher_wrote_them() {
    let course = Course::fixture("golden");
    course.write(
        CHAPTER,
        "---\ntitle: 写法\n---\n\n> ```quiz\n> question: 顾客问能否退货，客服应回答___\n> answer: 是\n> terms: [客户满意度]\n> ```\n\n\
         ```quiz\nquestion: 工号___，运费___元，同意吗___\nanswer: [\"007\", 1.50, yes]\n```\n\n\
         ```quiz\nquestion: 字母表里最后一个？\nchoices: [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z]\nanswer: Z\n```\n\n\
         ```quiz\nquestion: \"**七天___退货**见[规则](https://example.org/a___b)\"\nanswer: 无理由\n```\n\n\
         ```quiz\nquestion: 哪些是付款方式？\nchoices: [支付宝, 快递, 微信支付]\nanswer: A、C\nexplanation: \"**支付宝**和微信支付。\"\n```\n\n\
         ```quiz\nid: price-1\nquestion: 只有一个对的？\nchoices: [甲, 乙]\nanswer: [B]\n```\n\n\
         ```quiz\nquestion: 写重复了？\ntype: single\nchoices: [甲, 乙]\nanswer: [B, B]\n```\n\n\
         ```quiz\nquestion: 退货期限是___天\nanswer: [七, \"7\"]\n```\n\n\
         ```quiz\nquestion: 顾客说太贵了，怎么回应？\nreference: 先认同感受，再讲价值\n```\n\n\
         ```quiz\nquestion: (单位：元)运费(___元)由卖家承担\nanswer: 10\nterms: [客户满意度, 客户满意度]\n```\n\n\
         ```quiz\nquestion: 编号___和___\nanswer:\n- 007\n- 1.50\n```\n\n\
         ```quiz\nquestion: 编码___和___\nanswer: [008,\n  2.50]\n```\n\n\
         ````markdown\n```quiz\nquestion: 这只是格式示例\nanswer: 对\n```\n````\n",
    );
    let run = course.run(&["build"]);
    run.expect_code(0);
    assert!(!run.stderr().contains("客户满意度` is not used"), "a tested term counts as used: {}", run.stderr());
    let html = course.read_output("basics/quiz.html");
    let has = |kind: &str, answer: &str| html.contains(&form_of(kind, answer));
    assert!(has("fill", &blanks(json!([["是"]]))), "blanks make a fill-in question: {html}");
    assert!(has("fill", &blanks(json!([["007"], ["1.50"], ["yes"]]))), "answers as written: {html}");
    assert!(has("single", "25"), "26 choices, A to Z, are allowed");
    assert!(
        html.contains("<strong>七天<span class=\"quiz-gap\">（1）</span>退货</strong>见<a href=\"https://example.org/a___b\">规则</a>"),
        "a blank inside bold text, none in a link's address: {html}"
    );
    assert!(
        html.contains("<code class=\"language-markdown\">```quiz\nquestion: 这只是格式示例\nanswer: 对\n```"),
        "an example inside a longer fence is shown as code: {html}"
    );
    assert_eq!(html.matches("<form class=\"quiz\"").count(), 12, "twelve questions, the example not one of them");
    assert!(has("multiple", "0,2"), "A、C: two letters");
    assert!(
        html.contains("id=\"q-price-1\" data-key=\"basics/quiz.html#q-price-1\"") && has("single", "1"),
        "the teacher's id kept; one answer in a list is a single-choice question: {html}"
    );
    assert_eq!(html.matches(&form_of("single", "1")).count(), 2, "a letter written twice counts once");
    assert!(has("fill", &blanks(json!([["七", "7"]]))), "one blank with two accepted answers: {html}");
    assert!(html.contains("先认同感受，再讲价值"), "an open question with only a reference answer");
    assert!(
        has("fill", &blanks(json!([["10"]]))),
        "a blank inside plain brackets is a blank, and a question may start with a bracket: {html}"
    );
    assert!(
        has("fill", &blanks(json!([["007"], ["1.50"]]))) && has("fill", &blanks(json!([["008"], ["2.50"]]))),
        "numbers kept as written in a block list and in a list over two lines: {html}"
    );
    let terms_line =
        |html: &str| html.split("class=\"quiz-terms\"").last().map(|t| t[..t.find("</p>").unwrap()].to_string());
    let tested = terms_line(&html).unwrap();
    assert_eq!(tested.matches(">客户满意度<").count(), 1, "a term named twice is listed once: {tested}");
    let module = course.read_output("basics/index.html");
    assert!(module.contains("data-quiz-total=\"12\""), "the questions counted as the page has them: {module}");
    let print = course.read_output("print.html");
    assert!(
        print.contains("<li>A、C <span class=\"quiz-explanation\"><strong>支付宝</strong>和微信支付。</span>"),
        "the key renders Markdown"
    );
}

/// What `check` reports of the golden course with the chapter `text`, which must fail it.
fn check_errors(text: &str) -> String {
    let course = Course::fixture("golden");
    course.write(CHAPTER, text);
    let run = course.run(&["check"]);
    run.expect_code(1);
    run.stderr()
}

#[test]
fn a_link_in_a_question_and_a_blank_with_answers_for_two_are_errors() {
    let stderr = check_errors(
        "---\ntitle: 错\n---\n\n```quiz\nquestion: 见[退货](../02-after-sale/02-returns.md)一章\nanswer: 对\n```\n\n\
         ```quiz\nquestion: 期限是___天\nanswer: [[七, \"7\"], 买家]\n```\n",
    );
    assert!(
        stderr.contains(&format!(
            "{CHAPTER}:6:1: the link `../02-after-sale/02-returns.md` in a question would not work"
        )),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("{CHAPTER}:12:9: the question has 1 blank but 2 answers")), "{stderr}");
}

#[test]
fn a_broken_question_in_a_quote_is_pointed_at_its_column_in_the_file() {
    let stderr =
        check_errors("---\ntitle: 引用\n---\n\n> ```quiz\n> question: 选？\n> choices: [甲, 乙]\n> answer: Z\n> ```\n");
    assert!(stderr.contains(&format!("{CHAPTER}:8:11: `Z` is not one of the choices")), "{stderr}");
    // In a list item, the line in error indented more than the next one.
    let stderr = check_errors(
        "---\ntitle: 列表\n---\n\n- 练习\n\n  ```quiz\n  question: 选？\n  choices:\n    - 甲\n    - 乙\n    - Z: 丙\n  answer: A\n  ```\n",
    );
    assert!(stderr.contains(&format!("{CHAPTER}:12:9:")), "{stderr}");
}

#[test]
fn every_unknown_key_of_a_question_is_reported_in_one_run() {
    let stderr = check_errors(
        "---\ntitle: 键\n---\n\n```quiz\nquestion: 嫌贵怎么办？\nchoices:\n  - 降价\n  - 说明价值\nanswr: B\nexplanaton: 先了解顾虑。\ntags: [a, b]\ndifficulty:\n  - hard\n```\n\n```quiz\nquestion: 第二题\nanswer: 对\nanswr: 错\n```\n",
    );
    for (line, key, likely) in [
        (10, "answr", Some("answer")),
        (11, "explanaton", Some("explanation")),
        (12, "tags", None),
        (13, "difficulty", None),
        (20, "answr", Some("answer")),
    ] {
        let message = match likely {
            Some(likely) => format!("{CHAPTER}:{line}:1: `{key}` is not a key of a question; did you mean `{likely}`?"),
            None => format!("{CHAPTER}:{line}:1: `{key}` is not a key of a question\n"),
        };
        assert!(stderr.contains(&message), "{message}\n{stderr}");
    }
    assert_eq!(stderr.matches("error[").count(), 5, "those five, and no problem that follows from them: {stderr}");
}

#[test]
fn a_key_written_twice_in_a_question_does_not_hide_the_mistakes_after_it() {
    let stderr = check_errors(
        "---\ntitle: 键\n---\n\n```quiz\nquestion: 第三题\nanswer: 对\nanswer: 错\nexplanaton: 因为。\n```\n",
    );
    assert!(stderr.contains(&format!("{CHAPTER}:8:1: `answer` is written twice")), "{stderr}");
    assert!(
        stderr
            .contains(&format!("{CHAPTER}:9:1: `explanaton` is not a key of a question; did you mean `explanation`?")),
        "read on past the key written twice: {stderr}"
    );
    assert_eq!(stderr.matches("error[").count(), 2, "those two: {stderr}");
}

#[test]
fn an_english_course_writes_its_answers_with_english_separators() {
    let course = course_with_questions();
    let toml = std::fs::read_to_string(course.root().join("book.toml")).unwrap();
    course.write("book.toml", &toml.replace("language = \"zh-CN\"", "language = \"en\""));
    course.run(&["build"]).expect_code(0);
    let html = course.read_output("basics/quiz.html");
    assert!(html.contains("A, C") && !html.contains("A、C"), "letters listed in English: {html}");
    assert!(html.contains("七 / 7; 买家") && !html.contains("；买家"), "blanks apart in English: {html}");
    assert!(html.contains("data-blanks-separator=\"; \""), "quiz.js gets the same separators");
}

#[test]
fn a_course_without_questions_has_no_exercise_pages_or_links() {
    let site = common::golden_site();
    assert!(!site.book().join("mistakes.html").exists(), "no mistakes page");
    assert!(!site.book().join("basics/exercises.html").exists(), "no self-test page");
    for page in ["index.html", "basics/index.html", "basics/intro.html"] {
        let html = site.read_output(page);
        assert!(!html.contains("mistakes.html") && !html.contains("exercises.html"), "{page} links no exercises");
    }
}

/// NUL bytes in a chapter (in a code block, a code span, raw HTML and text, shaped like the
/// marks the renderer gives questions) are shown as U+FFFD, as CommonMark requires, and never
/// taken for a question: the page and its EPUB document hold the one question once.
#[test]
fn nul_bytes_in_a_chapter_are_replaced_and_never_taken_for_questions() {
    let course = Course::fixture("golden");
    course.write(
        CHAPTER,
        "---\ntitle: 空字符\n---\n\n正文 a\u{0}0\u{0}b，`x\u{0}1\u{0}y`，<span>\u{0}0\u{0}</span>。\n\n```text\nbefore \u{0}0\u{0} after \u{0}1\u{0}\n```\n\n```quiz\nquestion: 只有一题？\nanswer: 对\n```\n",
    );
    course.run(&["build"]).expect_code(0);
    let html = course.read_output("basics/quiz.html");
    assert_eq!(html.matches("<form class=\"quiz\"").count(), 1, "one question on the page");
    assert!(html.contains("before \u{FFFD}0\u{FFFD} after"), "NUL shown as U+FFFD in the code block");
    for (path, text) in common::html_files(&course.book()) {
        assert!(!text.contains('\0'), "{path} holds a NUL");
    }
    let mut worksheet_items = 0;
    for (name, bytes) in common::unzip(&course.book().join("course.epub")) {
        if !name.ends_with(".xhtml") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains('\0'), "{name} holds a NUL");
        worksheet_items += text.matches("只有一题").count();
    }
    assert_eq!(worksheet_items, 1, "the question once in the book (its page), not once per NUL mark");
}
