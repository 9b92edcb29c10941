//! The printed handout (print.html) and `coursebook pdf`: what a teacher hands out on paper.

use std::process::Command;

use crate::common::{self, Course};

/// The handout's own content: what is inside `<div class="prose print-book">`.
fn book_part(html: &str) -> &str {
    let start = html.find("<div class=\"prose print-book\">").expect("the handout");
    let end = html.rfind("</main>").expect("end of main");
    &html[start..end]
}

/// A PDF test without its tools: skipped here, a failure in CI (`.ci/deps` installs them).
fn skip(why: &str) {
    assert!(std::env::var_os("CI").is_none(), "CI must install the PDF tests' tools: {why}");
    eprintln!("skipped: {why}");
}

#[test]
fn the_handout_has_a_cover_contents_every_chapter_in_order_its_terms_and_the_glossary() {
    let course = Course::fixture("golden");
    course.write("content/02-after-sale/03-use.md", "---\ntitle: 满意\n---\n\n提高客户满意度。\n");
    course.run(&["build"]).expect_code(0);
    let html = course.read_output("print.html");
    let handout = book_part(&html);
    // The cover: title (escaped), description, authors, date.
    let cover = &handout[handout.find("<section class=\"print-cover\">").expect("a cover")..];
    assert!(cover.contains("<h1 class=\"cover-title\">测试课程 &lt;Golden&gt;</h1>"), "{cover}");
    assert!(cover.contains("A golden fixture course."));
    assert!(cover.contains("测试 &amp; 作者"));
    assert!(cover.contains("编印日期：<time datetime=\"20"), "the build's date: {cover}");
    // The contents list every chapter, in order, and each link leads to its section.
    let contents = &handout[handout.find("<nav class=\"print-contents\"").expect("contents")..];
    let contents = &contents[..contents.find("</nav>").unwrap()];
    let targets: Vec<String> = common::attribute_values(contents, "href");
    assert!(targets.len() >= 8, "modules and chapters: {targets:?}");
    let mut last = 0;
    for target in &targets {
        // Percent-decoded, as a browser finds the section (the link encodes the file's name).
        let anchor =
            common::percent_decode(target.strip_prefix('#').unwrap_or_else(|| panic!("{target} stays in the file")));
        let at = handout.find(&format!("id=\"{anchor}\"")).unwrap_or_else(|| panic!("no section {anchor}"));
        assert!(at > last, "sections in the contents' order: {target}");
        last = at;
    }
    // Every module and chapter, once each, in the course's order (`order:` and numeric
    // prefixes decide it; the added chapter comes last in its module), then the glossary.
    let titles: Vec<&str> = handout
        .split("class=\"print-title\">")
        .skip(1)
        .map(|rest| &rest[..rest.find('<').unwrap_or(rest.len())])
        .collect();
    assert_eq!(
        titles,
        [
            "目录",
            "测试课程首页",
            "附录",
            "基础模块",
            "第一章 引言",
            "第二章 概述",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "售后模块",
            "退换货",
            "物流",
            "满意",
            "术语表",
            "复习清单"
        ]
    );
    // A chapter: its title a level above its sections, its summary, its terms with definitions.
    let intro = &handout[handout.find("<h2 class=\"print-title\">第一章 引言</h2>").expect("chapter title")..];
    let intro = &intro[..intro.find("</section>").unwrap()];
    assert!(intro.contains("<p class=\"print-summary\">引言章节的摘要。</p>"), "{intro}");
    assert!(intro.contains("本章术语") && intro.contains("客户对服务的感受与期望之比。"), "{intro}");
    assert!(intro.contains("<h3 id="), "the chapter's ## sections are <h3>: {intro}");
    assert!(!intro.contains("<h2 id="), "{intro}");
    // Terms are marked in the text and lead to the glossary at the end, in the same file.
    let glossary = handout.find("<section class=\"print-glossary\"").expect("glossary at the end");
    assert!(glossary > last, "after every chapter");
    assert!(handout[glossary..].contains("id=\"term-客户满意度\""), "{}", &handout[glossary..]);
    assert!(handout[glossary..].contains("<section class=\"print-revision\""), "the revision list after it");
    assert!(handout.contains("<a class=\"term\" href=\"#term-客户满意度\""));
    // No relative link leaves the file.
    for href in common::attribute_values(handout, "href") {
        assert!(
            href.starts_with('#')
                || href.starts_with("http://")
                || href.starts_with("https://")
                || href.starts_with("mailto:"),
            "a link in the handout leaves it: {href}"
        );
    }
    // A4 by default, each module's title at the head of its pages.
    assert!(html.contains("@page { size: A4;"), "A4");
    let head = &html[..html.find("</head>").unwrap()];
    for (number, title) in ["附录", "基础模块", "售后模块"].iter().enumerate() {
        let rule = format!("@page m{} {{ @top-center {{ content: \"{title}\"; }} }}", number + 1);
        assert!(head.contains(&rule), "{rule} in {head}");
        assert!(handout.contains(&format!("<div class=\"print-part\" style=\"page: m{}\">", number + 1)));
    }
}

#[test]
fn the_paper_comes_from_book_toml_and_a_wrong_one_is_explained() {
    let course = Course::fixture("golden");
    course.write("book.toml", "[book]\ntitle = \"T\"\n\n[output.print]\npaper = \"Letter\"\n");
    course.run(&["build"]).expect_code(0);
    assert!(course.read_output("print.html").contains("@page { size: letter;"));
    course.write("book.toml", "[book]\ntitle = \"T\"\n\n[output.print]\npaper = \"B5\"\n");
    let run = course.run(&["build"]);
    run.expect_code(1);
    let stderr = run.stderr();
    assert!(stderr.contains("book.toml:5"), "where: {stderr}");
    assert!(stderr.contains("A4") && stderr.contains("Letter"), "what is valid: {stderr}");
}

#[test]
fn pdf_without_a_browser_says_what_to_install() {
    let course = Course::fixture("golden");
    let output = Command::new(env!("CARGO_BIN_EXE_coursebook"))
        .arg("pdf")
        .current_dir(course.root())
        .env("PATH", "/nonexistent")
        .env_remove("COURSEBOOK_CHROME")
        .output()
        .expect("run coursebook");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("chromium") && stderr.contains("fonts-noto-cjk"), "{stderr}");
}

#[test]
fn pdf_prints_the_handout_with_its_chinese_text() {
    let have = |tool: &str| Command::new(tool).arg("-v").output().is_ok();
    if !(have("chromium") || have("google-chrome")) || !have("pdftotext") {
        skip("chromium or pdftotext (poppler-utils) is not installed");
        return;
    }
    let course = Course::fixture("golden");
    let run = course.run(&["pdf", "--out", "handout/course.pdf"]);
    run.expect_code(0);
    assert!(run.stderr().contains("course.pdf ("), "the size is reported: {}", run.stderr());
    let pdf = course.root().join("handout/course.pdf");
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("第一章 引言"), "a chapter title: {text}");
    assert!(text.contains("客户对服务的感受与期望之比"), "a definition: {text}");
    let info = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo");
    assert!(String::from_utf8_lossy(&info.stdout).contains("(A4)"), "A4 paper");
}

#[test]
fn with_output_pdf_the_build_prints_the_handout_and_the_home_page_offers_it() {
    let have = |tool: &str| Command::new(tool).arg("--version").output().is_ok();
    if !have("chromium") {
        skip("chromium is not installed");
        return;
    }
    let course = Course::fixture("golden");
    let toml = std::fs::read_to_string(course.root().join("book.toml")).unwrap();
    course.write("book.toml", &format!("{toml}\n[output.pdf]\nenable = true\n"));
    course.run(&["build"]).expect_code(0);
    let pdf = std::fs::metadata(course.book().join("course.pdf")).expect("course.pdf in the site");
    assert!(pdf.len() > 10_000, "a real PDF: {} bytes", pdf.len());
    let home = course.read_output("index.html");
    assert!(home.contains("href=\"course.pdf\" download>PDF 版</a>"), "the home page offers it: {home}");
}

#[test]
fn a_large_course_prints_each_modules_pdf_and_the_home_page_offers_them_in_reading_order() {
    let have = |tool: &str| Command::new(tool).arg("-v").output().is_ok();
    if !have("chromium") || !have("pdftotext") {
        skip("chromium or pdftotext (poppler-utils) is not installed");
        return;
    }
    // Six chapters of 0.8 MB in the first of two modules: 4.8 MB of Markdown, so each module
    // prints to its own file, the first in two parts. The bulk is an HTML comment, so that the
    // print files stay quick to print.
    let course = Course::fixture("search");
    let bulk = format!("<!--\n{}-->\n", "客户服务需要耐心与真诚，每一次回复都影响顾客的体验。\n".repeat(10_000));
    for part in 1..=6 {
        course.write(
            &format!("content/01-pre/2{part}-long-{part}.md"),
            &format!("---\ntitle: 长章节{part}\n---\n\n{bulk}\n正文{part}。\n"),
        );
    }
    let toml = std::fs::read_to_string(course.root().join("book.toml")).unwrap();
    course.write("book.toml", &format!("{toml}\n[output.pdf]\nenable = true\n"));
    course.run(&["build"]).expect_code(0);
    // The home page offers the handout's PDF, named for what it holds, then each module's and
    // part's PDF in the course's order (售前 before 售后, whatever their names' order).
    let home = course.read_output("index.html");
    let offered: Vec<&str> = home.split("<a href=\"").skip(1).filter(|a| a.contains(".pdf\" download>")).collect();
    let offered: Vec<String> = offered.iter().map(|a| a[..a.find("</a>").unwrap()].to_string()).collect();
    assert_eq!(
        offered,
        [
            "course.pdf\" download>PDF 版 · 封面、目录与术语表",
            "course-print-pre.pdf\" download>PDF 版 · 售前 · 第 1–5 章",
            "course-print-pre-2.pdf\" download>PDF 版 · 售前 · 第 6–8 章",
            "course-print-after.pdf\" download>PDF 版 · 售后",
        ],
        "{home}"
    );
    let text = |pdf: &std::path::Path| {
        let out = Command::new("pdftotext").arg(pdf).arg("-").output().expect("pdftotext");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let second = text(&course.book().join("course-print-pre-2.pdf"));
    assert!(second.contains("长章节6") && second.contains("正文6") && !second.contains("长章节3"), "{second}");
    // `coursebook pdf` prints the same files, in the same order.
    let run = course.run(&["pdf", "--out", "handout/c.pdf"]);
    run.expect_code(0);
    let said = run.stderr();
    let written: Vec<&str> = said.lines().filter(|l| l.contains("wrote")).collect();
    let names = ["c.pdf", "c-print-pre.pdf", "c-print-pre-2.pdf", "c-print-after.pdf"];
    assert_eq!(written.len(), names.len(), "{said}");
    for (line, name) in written.iter().zip(names) {
        assert!(line.contains(&format!("handout/{name} (")), "{line} should be {name}");
        assert!(course.root().join("handout").join(name).is_file());
    }
}

#[test]
fn a_home_pages_questions_are_keyed_under_the_course_title() {
    // Before any module, the answer key had no title (`答案：`).
    let course = Course::fixture("golden");
    course
        .write("content/index.md", "---\ntitle: 首页\n---\n\n欢迎。\n\n```quiz\nquestion: 对吗？\nanswer: true\n```\n");
    course.run(&["build"]).expect_code(0);
    let print = course.read_output("print.html");
    assert!(print.contains("<h2 class=\"print-title\">答案：测试课程 &lt;Golden&gt;</h2>"), "keyed by the course");
    assert!(!print.contains("<h2 class=\"print-title\">答案：</h2>"), "no key without a title");
}
