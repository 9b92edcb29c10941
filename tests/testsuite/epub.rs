//! `course.epub`: the course as an e-book, built by the real binary from fixture courses with
//! Chinese text, glossary terms, an image and questions. epubcheck (Debian's package, run when
//! installed, always in CI) must find neither error nor warning; the book, unzipped, holds
//! every page in reading order, the navigation, the glossary with the anchors the chapters'
//! term links point to, the course's language, and the `mimetype` first and uncompressed.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::{self, Course};

const QUIZ_CHAPTER: &str = "tests/fixtures/exercises/quiz-chapter.md";

fn quiz_chapter() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(QUIZ_CHAPTER)).unwrap()
}

/// The golden course with a chapter of questions of every kind.
fn golden_with_questions() -> Course {
    let course = Course::fixture("golden");
    course.write("content/01-basics/05-quiz.md", &quiz_chapter());
    course
}

/// The files of the book, by name, and the names in the archive's order.
fn book(epub: &Path) -> (BTreeMap<String, String>, Vec<String>) {
    let files = common::unzip(epub);
    let order = files.iter().map(|(name, _)| name.clone()).collect();
    let text = files.into_iter().map(|(name, bytes)| (name, String::from_utf8_lossy(&bytes).into_owned())).collect();
    (text, order)
}

/// The text between `<tag…>` and `</tag>`, for each occurrence.
fn elements(xml: &str, tag: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find(&format!("<{tag}")) {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let Some(close) = after.find(&format!("</{tag}>")) else { break };
        found.push(after[open_end + 1..close].to_string());
        rest = &after[close..];
    }
    found
}

/// The content documents in the spine's order, as (file, title).
fn spine(files: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let opf = &files["EPUB/package.opf"];
    let hrefs: BTreeMap<String, String> = opf
        .lines()
        .filter(|line| line.starts_with("<item "))
        .map(|line| {
            let id = common::attribute_values(line, "id")[0].clone();
            (id, common::attribute_values(line, "href")[0].clone())
        })
        .collect();
    opf.lines()
        .filter(|line| line.starts_with("<itemref "))
        .map(|line| {
            let file = hrefs[&common::attribute_values(line, "idref")[0]].clone();
            let title = elements(&files[&format!("EPUB/{file}")], "title")[0].clone();
            (file, title)
        })
        .collect()
}

#[test]
fn the_epub_passes_epubcheck_and_holds_every_page_in_reading_order() {
    let course = golden_with_questions();
    course.run(&["build"]).expect_code(0);
    let epub = course.book().join("course.epub");
    common::epubcheck(&epub);

    let bytes = std::fs::read(&epub).unwrap();
    // The first entry's local header is 30 bytes, then its name and its stored contents.
    assert_eq!(&bytes[30..58], b"mimetypeapplication/epub+zip", "mimetype first, stored, no extra field");
    let (files, order) = book(&epub);
    assert_eq!(order[0], "mimetype");
    // Its sizes in its header, as every entry's (the content documents, compressed as the
    // pages render, are copied in with theirs): a reader from the start of the file (an
    // e-reader app on Java's ZipInputStream) cannot find where stored data ends otherwise.
    for (name, method, flags, crc, compressed) in common::local_headers(&epub) {
        assert!(flags & 8 == 0 && crc != 0 && compressed > 0, "{name}: {method} {flags:#x}");
    }

    let opf = &files["EPUB/package.opf"];
    assert!(opf.contains("<dc:language>zh-CN</dc:language>"), "{opf}");
    assert!(opf.contains("<dc:title>测试课程 &lt;Golden&gt;</dc:title>"), "the title, escaped: {opf}");
    assert!(opf.contains("<dc:creator>测试 &amp; 作者</dc:creator>"), "{opf}");
    let identifier = elements(opf, "dc:identifier")[0].clone();
    assert!(identifier.starts_with("urn:uuid:") && identifier.len() == 45, "{identifier}");

    let titles: Vec<String> = spine(&files).into_iter().map(|(_, title)| title).collect();
    assert_eq!(
        titles,
        [
            "测试课程 &lt;Golden&gt;",
            "目录",
            "测试课程首页",
            "附录",
            "基础模块",
            "第一章 引言",
            "第二章 概述",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "练习章",
            "答案：基础模块",
            "售后模块",
            "退换货",
            "物流",
            "术语表",
        ],
        "cover, contents, home, then each module with its chapters and its answer key, then the glossary"
    );

    // The navigation lists every page of the spine but the cover and itself, modules over chapters.
    let nav = &files["EPUB/nav.xhtml"];
    assert!(nav.contains("<nav epub:type=\"toc\" id=\"toc\">"), "{nav}");
    for (file, title) in spine(&files).into_iter().skip(2) {
        assert!(nav.contains(&format!("<a href=\"{file}\">{title}</a>")), "{file} in the navigation: {nav}");
    }
    assert!(nav.contains("<li><a href=\"m02.xhtml\">基础模块</a>\n<ol>\n<li><a href=\"m02-001.xhtml\">"), "{nav}");
    assert!(files["EPUB/toc.ncx"].contains(&format!("<meta name=\"dtb:uid\" content=\"{identifier}\"/>")));

    // Every page: the course's language, no script, questions as a worksheet, links inside the book.
    for (name, text) in files.iter().filter(|(name, _)| name.ends_with(".xhtml")) {
        assert!(text.contains("lang=\"zh-CN\" xml:lang=\"zh-CN\""), "{name}");
        for forbidden in ["<script", "<form", "<input type=\"radio\"", " onclick="] {
            assert!(!text.contains(forbidden), "{name} has {forbidden}");
        }
        for href in common::attribute_values(text, "href") {
            let file = href.split('#').next().unwrap_or_default();
            let outside = href.starts_with("https://") || href.starts_with('#');
            assert!(outside || files.contains_key(&format!("EPUB/{file}")), "{name}: {href} leads out of the book");
        }
    }
    let quiz = &files["EPUB/m02-004.xhtml"];
    assert!(quiz.contains("<div class=\"quiz-print\""), "a worksheet: {quiz}");
    assert!(quiz.contains("<li>先了解顾客在意什么，再说明商品的价值</li>"), "choices listed: {quiz}");
    assert!(!quiz.contains("先弄清顾客的顾虑"), "no explanation beside the questions");
    let key = &files["EPUB/m02-answers.xhtml"];
    assert!(key.contains("<li>B <span class=\"quiz-explanation\">先弄清顾客的顾虑"), "{key}");

    // The chapter's image is in the book, as the same bytes; the cover says who wrote it.
    let intro = &files["EPUB/m02-001.xhtml"];
    assert!(intro.contains("<img src=\"images/0001.png\" alt=\"图片\"/>"), "{intro}");
    let pic = common::unzip(&epub).into_iter().find(|(name, _)| name == "EPUB/images/0001.png").expect("the image");
    assert_eq!(pic.1, std::fs::read(course.root().join("content/assets/pic.png")).unwrap());
    assert!(opf.contains("href=\"images/0001.png\" media-type=\"image/png\""), "{opf}");
    let cover = &files["EPUB/cover.xhtml"];
    assert!(cover.contains("测试课程 &lt;Golden&gt;") && cover.contains("测试 &amp; 作者"), "{cover}");
}

#[test]
fn term_links_in_chapters_point_at_their_entries_in_the_glossary_of_the_book() {
    let course = Course::fixture("glossary");
    course.write("content/02-service/03-quiz.md", &quiz_chapter());
    course.run(&["build"]).expect_code(0);
    let epub = course.book().join("course.epub");
    common::epubcheck(&epub);
    let (files, _) = book(&epub);
    let glossary = &files["EPUB/glossary.xhtml"];
    let anchors = common::attribute_values(glossary, "id");
    let mut linked = 0;
    for (name, text) in &files {
        for href in common::attribute_values(text, "href").iter().filter(|h| h.starts_with("glossary.xhtml#")) {
            let anchor = common::percent_decode(&href["glossary.xhtml#".len()..]);
            assert!(anchors.contains(&anchor), "{name}: {href} names no entry of the glossary");
            linked += 1;
        }
    }
    assert!(linked >= 5, "the chapters' term links lead into the book's glossary ({linked})");
    let chapter = &files["EPUB/m02-001.xhtml"];
    assert!(
        chapter.contains("<a class=\"term\" href=\"glossary.xhtml#客户满意度\" data-level=\"3\">客户满意度</a>"),
        "{chapter}"
    );
    // An entry: the term, its stars and level, its English name, its definition.
    let entry = glossary.split("<dt id=\"客户满意度\">").nth(1).expect("the entry").split("</dd>").next().unwrap();
    for shown in ["客户满意度", "★★★", "掌握", "Customer satisfaction", "<dd>"] {
        assert!(entry.contains(shown), "{shown} in the entry: {entry}");
    }
}

#[test]
fn a_chapters_heading_and_its_text_are_converted_alike_whether_or_not_the_text_has_html() {
    let course = Course::fixture("golden");
    course.write(
        "content/01-basics/03-quotes.md",
        "---\ntitle: \"\\\"引号\\\" & 'x'\"\n---\n\n正文 'apostrophe' & 符号。<br>\n\n<svg width=\"10\" height=\"10\"><circle cx=\"5\" cy=\"5\" r=\"4\"/></svg>\n",
    );
    course.write("content/01-basics/04-plain.md", "---\ntitle: \"\\\"引号\\\" & 'y'\"\n---\n\n朴素的正文。\n");
    course.write(
        "content/01-basics/05-open.md",
        "---\ntitle: 未闭合\nsummary: \"a <i>b\"\n---\n\n第一段 <br> 换行。\n\n第二段。\n",
    );
    course.run(&["build"]).expect_code(0);
    let epub = course.book().join("course.epub");
    common::epubcheck(&epub);
    let (files, _) = book(&epub);
    // Each document by a piece of its text.
    let document = |marker: &str| files.values().find(|text| text.contains(marker)).expect(marker).clone();
    // The heading and the text are made XHTML apart, each the quick way when it can be (quotes
    // kept escaped as the site escapes them) or parsed (the author's HTML): the heading of a
    // page with HTML in its text is written as that of a page without.
    let raw = document("<circle");
    assert!(raw.contains("<h1>&quot;引号&quot; &amp; &#39;x&#39;</h1>"), "{raw}");
    assert!(raw.contains("<svg") && raw.contains("'apostrophe'"), "{raw}");
    let plain = document("朴素的正文");
    assert!(plain.contains("<h1>&quot;引号&quot; &amp; &#39;y&#39;</h1>"), "{plain}");
    // A tag left open in the summary is closed at the summary's end, not carried around every
    // paragraph after it (which epubcheck, above, refuses: `<p>` inside `<i>`).
    let open = document("<h1>未闭合</h1>");
    assert!(open.contains("<p class=\"summary\">a <i>b</i></p>"), "{open}");
    assert!(open.contains("<p>第一段 <br/> 换行。</p>") && !open.contains("<i>\n<p>"), "{open}");
    let opf = &files["EPUB/package.opf"];
    assert!(opf.lines().any(|line| line.contains("properties=\"svg\"")), "the page with SVG is marked: {opf}");
}

#[test]
fn answers_for_class_stay_out_of_the_epub_and_a_course_may_go_without_one() {
    let course = golden_with_questions();
    let toml = std::fs::read_to_string(course.root().join("book.toml")).unwrap();
    course.write("book.toml", &format!("{toml}\n[exercises]\nanswers = \"print-only\"\n"));
    course.run(&["build"]).expect_code(0);
    let (files, _) = book(&course.book().join("course.epub"));
    assert!(files.contains_key("EPUB/m02-004.xhtml"), "the questions are there");
    assert!(!files.keys().any(|name| name.contains("answers")), "the answer key is not: {:?}", files.keys());

    course.write("book.toml", &format!("{toml}\n[output.epub]\nenable = false\n"));
    course.run(&["build"]).expect_code(0);
    assert!(!course.book().join("course.epub").exists());
    assert!(!course.read_output("index.html").contains("course.epub"), "the home page does not offer it");

    course.write("book.toml", &format!("{toml}\n[output.epub]\nenabled = false\n"));
    let run = course.run(&["build"]);
    run.expect_code(1);
    assert!(run.stderr().contains("book.toml:") && run.stderr().contains("enabled"), "{}", run.stderr());
}

/// A module longer than the batches pages are rendered in (64): its pages, rendered in several
/// batches while the previous batch goes into the book and the search index, still come out
/// in reading order, each once, with the module's answer key after its last chapter and its
/// self-test page holding every chapter with questions.
#[test]
fn a_module_longer_than_a_batch_keeps_its_order_in_the_book_the_index_and_the_self_test() {
    let course = Course::fixture("golden");
    course.write("content/04-long/index.md", "---\ntitle: 长模块\n---\n\n很长的模块。\n");
    let quizzed = [1, 65, 130];
    for n in 1..=150 {
        let quiz = if quizzed.contains(&n) {
            format!("\n```quiz\nquestion: 第{n}章的判断题：退货要看清规则。\nanswer: 对\n```\n")
        } else {
            String::new()
        };
        course.write(
            &format!("content/04-long/{n:03}-ch{n}.md"),
            &format!("---\ntitle: 长章{n}\n---\n\n第{n}章的正文。\n{quiz}"),
        );
    }
    course.run(&["build"]).expect_code(0);

    let (files, _) = book(&course.book().join("course.epub"));
    let titles: Vec<String> = spine(&files).into_iter().map(|(_, title)| title).collect();
    let start = titles.iter().position(|t| t == "长模块").expect("the long module is in the book");
    let mut expected: Vec<String> = vec!["长模块".into()];
    expected.extend((1..=150).map(|n| format!("长章{n}")));
    expected.push("答案：长模块".into());
    assert_eq!(titles[start..start + expected.len()], expected[..], "reading order, then the answer key");
    let key = files.values().find(|text| text.contains("<title>答案：长模块</title>")).expect("the answer key");
    let places: Vec<usize> =
        quizzed.iter().map(|n| key.find(&format!("长章{n}")).expect("each quiz chapter")).collect();
    assert!(places.windows(2).all(|w| w[0] < w[1]), "the key follows the chapters' order: {places:?}");

    let index: String = std::fs::read_dir(course.book().join("search"))
        .unwrap()
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .collect();
    for n in 1..=150 {
        let title = format!("\"长章{n}\"");
        assert_eq!(index.matches(&title).count(), 1, "{title} is in the search index once");
    }
    let self_test = common::html_files(&course.book())
        .into_iter()
        .find(|(path, text)| path.ends_with("exercises.html") && text.contains("长章130"))
        .map(|(_, text)| text)
        .expect("the long module's self-test page");
    for n in quizzed {
        assert!(self_test.contains(&format!("第{n}章的判断题")), "chapter {n}'s question is on the self-test page");
    }
}
