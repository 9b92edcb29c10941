//! `[output.html] raw-html`: HTML written in the Markdown is kept (`allow`, the default), shown as
//! text (`escape`) or cleaned (`sanitize`); and in every mode, links and images to
//! `javascript:`, `vbscript:` and `data:` addresses are refused with the file and line.

use crate::common;

use common::Course;

/// The chapter every test adds to the golden course, and its page.
const CHAPTER: &str = "content/01-basics/05-raw.md";
const PAGE: &str = "basics/raw.html";

/// A chapter mixing the author's HTML with the generator's own markup: a term link and its
/// tooltip (客户满意度, defined in the golden course), heading ids, a footnote, a table.
const MIXED: &str = r#"---
title: 原始 HTML
summary: 摘要 <kbd>S</kbd>
---

## 小节一

客户满意度很重要[^1]。按 <kbd>Ctrl</kbd>+<kbd>F</kbd> 搜索。

<div class="note" onclick="alert('div')">

**提示**：先听后说。

</div>

<details><summary>答案</summary>

七天无理由退货。

</details>

| 列 | 值 |
|----|----|
| a  | <b>粗</b> |

[^1]: 脚注内容。
"#;

/// Every payload a stranger's pull request might try, one per paragraph or block.
const PAYLOADS: &str = r#"---
title: 攻击
---

## 载荷

<script>
alert('block script')
</script>

行内 <script>alert('inline script')</script> 脚本。

<img src="../assets/pic.png" onerror="alert('img')">

图片 <img src=x onerror=alert(1)> 行内。

<a href="javascript:alert('a')">链接</a>

行内 <a href="JaVaScRiPt:alert('inline a')">链接</a>。

<iframe src="https://evil.example/"></iframe>

<style>
body { display: none }
</style>

<p style="position:fixed" onmouseover="alert('p')">段落</p>

<svg onload="alert('svg')"><circle r="1"/></svg>

<form action="https://evil.example/"><input name="password"></form>

<div
onclick="alert('split tag')">跨行的标签</div>

<a href="data:text/html,hi">数据</a>

<object data="x.swf"></object>

</div></article></main>

结尾：客户满意度。
"#;

/// The golden course with `raw-html` set (or not) and one more chapter.
fn course(mode: Option<&str>, chapter: &str) -> Course {
    let course = Course::fixture("golden");
    if let Some(mode) = mode {
        let toml = std::fs::read_to_string(course.root().join("book.toml")).expect("golden book.toml");
        course.write("book.toml", &format!("{toml}raw-html = \"{mode}\"\n"));
    }
    course.write(CHAPTER, chapter);
    course
}

/// The rendered Markdown of a chapter page: what is between the page's own markup.
fn prose(page: &str) -> &str {
    let start = page.find("<div class=\"prose\">").expect("a chapter page has its prose");
    let end = page[start..].find("<p class=\"edit-link\">").map_or(page.len(), |i| start + i);
    &page[start..end]
}

/// The summary under a page's title; empty when the page has none.
fn summary(page: &str) -> &str {
    let Some(start) = page.find("<p class=\"summary\">") else { return "" };
    let end = page[start..].find("</p>").map_or(page.len(), |i| start + i);
    &page[start..end]
}

/// The generator's own markup, which no mode may change.
fn assert_generator_markup(page: &str) {
    let prose = prose(page);
    for own in [
        "<h2 id=\"小节一\">",
        "<a class=\"term\" href=\"../glossary.html#客户满意度\" data-level=\"3\">",
        "<sup class=\"footnote-reference\" id=\"fn-1-ref\"><a href=\"#fn-1\">1</a></sup>",
        "<div class=\"footnote-definition\" id=\"fn-1\">",
        "<table>",
    ] {
        assert!(prose.contains(own), "the generator's `{own}` is missing:\n{prose}");
    }
}

#[test]
fn allow_is_the_default_and_keeps_html_as_written() {
    let default = course(None, MIXED);
    default.run(&["build"]).expect_code(0);
    let page = default.read_output(PAGE);
    for written in [
        "<kbd>Ctrl</kbd>",
        "<div class=\"note\" onclick=\"alert('div')\">",
        "<details><summary>答案</summary>",
        "<b>粗</b>",
    ] {
        assert!(prose(&page).contains(written), "`{written}` is not kept:\n{}", prose(&page));
    }
    assert!(summary(&page).contains("<kbd>S</kbd>"), "{}", summary(&page));
    assert_generator_markup(&page);

    let allow = course(Some("allow"), MIXED);
    allow.run(&["build"]).expect_code(0);
    assert_eq!(allow.read_output(PAGE), page, "`allow` is what a course without the key gets");
}

#[test]
fn escape_shows_html_as_text() {
    let course = course(Some("escape"), MIXED);
    course.run(&["build"]).expect_code(0);
    let page = course.read_output(PAGE);
    let prose = prose(&page);
    assert!(prose.contains("按 &lt;kbd&gt;Ctrl&lt;/kbd&gt;+&lt;kbd&gt;F&lt;/kbd&gt; 搜索"), "{prose}");
    assert!(
        prose.contains("<pre><code>&lt;div class=\"note\" onclick=\"alert('div')\"&gt;\n</code></pre>"),
        "an HTML block is shown as a code block:\n{prose}"
    );
    assert!(prose.contains("<p><strong>提示</strong>：先听后说。</p>"), "Markdown around it still renders:\n{prose}");
    assert!(prose.contains("&lt;b&gt;粗&lt;/b&gt;"), "{prose}");
    for tag in ["<kbd>", "<div class=\"note\"", "<details>", "<b>"] {
        assert!(!prose.contains(tag), "`{tag}` must be shown as text:\n{prose}");
    }
    assert!(summary(&page).contains("&lt;kbd&gt;S&lt;/kbd&gt;"), "{}", summary(&page));
    assert_generator_markup(&page);
}

#[test]
fn sanitize_keeps_harmless_html_and_the_generators_markup() {
    let course = course(Some("sanitize"), MIXED);
    course.run(&["build"]).expect_code(0);
    let page = course.read_output(PAGE);
    let prose = prose(&page);
    assert!(prose.contains("按 <kbd>Ctrl</kbd>+<kbd>F</kbd> 搜索"), "{prose}");
    assert!(
        prose.contains("<div>\n<p><strong>提示</strong>：先听后说。</p>\n</div>"),
        "the author's div keeps the Markdown inside it, without its class and handler:\n{prose}"
    );
    assert!(prose.contains("<details><summary>答案</summary>\n<p>七天无理由退货。</p>\n</details>"), "{prose}");
    assert!(prose.contains("<td><b>粗</b></td>"), "{prose}");
    assert!(!prose.contains("onclick") && !prose.contains("class=\"note\""), "{prose}");
    assert!(summary(&page).contains("摘要 <kbd>S</kbd>"), "{}", summary(&page));
    assert_generator_markup(&page);
}

#[test]
fn sanitize_keeps_only_relative_web_and_mail_addresses() {
    let course = course(
        Some("sanitize"),
        "---\ntitle: 地址\n---\n\n<a href=\"ftp://example.org/f\">ftp</a> <a href=\"tel:12345\">tel</a> <a href=\"https://example.org/\">web</a> <a href=\"mailto:a@example.org\">mail</a> <a href=\"intro.html\">rel</a>\n",
    );
    course.run(&["build"]).expect_code(0);
    let page = course.read_output(PAGE);
    let prose = prose(&page);
    for kept in ["href=\"https://example.org/\"", "href=\"mailto:a@example.org\"", "href=\"intro.html\""] {
        assert!(prose.contains(kept), "{kept} is kept:\n{prose}");
    }
    for dropped in ["ftp://", "tel:"] {
        assert!(!prose.contains(dropped), "{dropped} addresses are removed:\n{prose}");
    }
}

#[test]
fn sanitize_neutralises_every_payload() {
    let course = course(Some("sanitize"), PAYLOADS);
    course.run(&["build"]).expect_code(0);
    let page = course.read_output(PAGE);
    let prose = prose(&page);
    let markers = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/unsafe_html_markers.txt"),
    )
    .expect("markers");
    for bad in markers.lines() {
        assert!(!prose.to_ascii_lowercase().contains(bad), "`{bad}` survived:\n{prose}");
    }
    assert!(prose.contains("<img src=\"../assets/pic.png\">"), "a harmless image is kept:\n{prose}");
    assert!(prose.contains("<div>跨行的标签</div>"), "{prose}");
    // The stray end tags closed nothing: the last paragraph is still in the prose, linked.
    assert!(prose.contains("<p>结尾：<a class=\"term\""), "{prose}");
    assert_eq!(page.matches("</article>").count(), 1, "{prose}");
    let print = course.read_output("print.html");
    for bad in ["alert('", "onerror", "<iframe", "javascript:"] {
        assert!(!print.contains(bad), "`{bad}` survived on the print page");
    }
}

#[test]
fn summaries_and_definitions_follow_the_mode() {
    let chapter = r#"---
title: 定义
summary: 摘要<img src=x onerror=alert(1)><script>alert(2)</script>
terms:
  - name: 首问负责制
    level: 2
    definition: 第一位接待的客服 <kbd>负责到底</kbd><div onclick="alert(3)">直到解决</div>。
---

首问负责制。
"#;
    let course = course(Some("sanitize"), chapter);
    course.run(&["build"]).expect_code(0);
    let glossary = course.read_output("glossary.html");
    assert!(
        glossary.contains("第一位接待的客服 <kbd>负责到底</kbd>直到解决。"),
        "the definition keeps inline HTML, loses the div and its handler:\n{glossary}"
    );
    let module = course.read_output("basics/index.html");
    let chapter_page = course.read_output(PAGE);
    for page in [&module, &chapter_page, &glossary, &course.read_output("revision.html")] {
        // (The golden course has a chapter titled `<script>alert(1)</script>`, shown as text, and
        // the revision page has the theme's own print button.)
        for bad in ["onerror=", "onclick=\"alert", "<script>alert", "<div onclick"] {
            assert!(!page.contains(bad), "`{bad}` survived:\n{page}");
        }
    }
    assert!(summary(&chapter_page).contains("摘要<img src=\"x\">"), "{}", summary(&chapter_page));
    assert!(module.contains("摘要<img src=\"x\">"), "the module page's card summary is cleaned too");
    // The tooltip is a span in a sentence: block elements are dropped from it.
    let other = course.read_output("basics/intro.html");
    assert!(!other.contains("<div onclick"), "{other}");
}

#[test]
fn javascript_links_are_refused_with_file_line_and_column_in_every_mode() {
    let chapter = "---\ntitle: 链接\n---\n\n[一](javascript:alert(1))\n\n[二](JaVaScRiPt:alert(1)) 和 [三](&#106;avascript:alert(1))\n\n<javascript:alert(1)>\n\n[四](vbscript:msgbox(1)) [五](data:text/html,hi)\n\n![图](data:image/png;base64,iVBORw0KGgo=)\n\n![外](//evil.example/x.png)\n\n[本机](file:///etc/passwd)\n\n![盘](C:\\tmp\\secret.png) [盘](d:/notes.txt)\n";
    for mode in [None, Some("allow"), Some("escape"), Some("sanitize")] {
        let course = course(mode, chapter);
        for command in ["build", "check"] {
            let run = course.run(&[command]);
            run.expect_code(1);
            let stderr = run.stderr();
            for expected in [
                "content/01-basics/05-raw.md:5:1: a link to `javascript:` is not allowed",
                "content/01-basics/05-raw.md:7:1: a link to `javascript:` is not allowed",
                "content/01-basics/05-raw.md:7:28: a link to `javascript:` is not allowed",
                "content/01-basics/05-raw.md:9:1: a link to `javascript:` is not allowed",
                "content/01-basics/05-raw.md:11:1: a link to `vbscript:` is not allowed",
                "content/01-basics/05-raw.md:11:25: a link to `data:` is not allowed",
                "content/01-basics/05-raw.md:13:1: an image from `data:` is not allowed",
                "content/01-basics/05-raw.md:15:1: `//evil.example/x.png` starts with `//`",
                "help: write the address whole, `https://evil.example/x.png`",
                "content/01-basics/05-raw.md:17:1: a link to `file:` is not allowed",
                "content/01-basics/05-raw.md:19:1: `C:\\tmp\\secret.png` is a file on a computer's drive",
                "content/01-basics/05-raw.md:19:25: `d:/notes.txt` is a file on a computer's drive",
                "help: links may point to chapters, files of the course, or http(s)/mailto addresses",
                "help: images may be files of the course",
            ] {
                assert!(stderr.contains(expected), "{mode:?} {command}: expected `{expected}` in:\n{stderr}");
            }
        }
        assert!(!course.book().exists(), "nothing is written");
    }
}

/// HTML kept as written (`allow`, the default) has its addresses' schemes checked as Markdown's
/// are, entities decoded and a tag over several lines read whole; another server named with
/// `//` is kept there (a video site's embed code is written so); `sanitize` removes them all,
/// however they are written (a tab inside `//` too).
#[test]
fn refused_addresses_in_html_are_errors_when_kept_and_removed_when_cleaned() {
    let chapter = "---\ntitle: 链接\n---\n\n<a href=\"&#106;avascript:alert(1)\">一</a>\n\n行内 <img src=\"//evil.example/p.png\"> 图。\n\n<div>\n<img\n  src=\"data:image/png;base64,AA\">\n</div>\n\n<img srcset=\"a.png 1x, file:///x.png 2x\">\n\n<a href=\"https://example.org/\">可以</a> <a href=\"/\\evil.example/\">反斜</a> <a href=\"/&#9;/evil.example/\">制表</a>\n\n<iframe src=\"//player.bilibili.com/player.html?bvid=BV1\"></iframe>\n\n<img src=\"d:/slides/x.png\">\n";
    let course = course(None, chapter);
    let run = course.run(&["check"]);
    run.expect_code(1);
    let stderr = run.stderr();
    for expected in [
        "content/01-basics/05-raw.md:5:1: in HTML: a link to `javascript:` is not allowed",
        "content/01-basics/05-raw.md:11:8: in HTML: an image from `data:` is not allowed",
        "content/01-basics/05-raw.md:14:24: in HTML: an image from `file:` is not allowed",
    ] {
        assert!(stderr.contains(expected), "expected `{expected}` in:\n{stderr}");
    }
    assert!(stderr.contains("in HTML: `d:/slides/x.png` is a file on a computer's drive"), "{stderr}");
    assert_eq!(stderr.matches("in HTML:").count(), 4, "`//` and the web address are kept:\n{stderr}");
    // Each at its attribute: not at prose naming the address, nor twice at the first of two.
    let twice = "---\ntitle: 链接\n---\n\n<div>\n<p>别写 javascript:go() <a href=\"javascript:go()\">一</a></p>\n<a href=\"javascript:go()\">二</a>\n</div>\n";
    let stderr = self::course(None, twice).run(&["check"]).stderr();
    for expected in ["05-raw.md:6:32: in HTML", "05-raw.md:7:10: in HTML"] {
        assert!(stderr.contains(expected), "`{expected}` in:\n{stderr}");
    }
    let course = self::course(Some("sanitize"), chapter);
    course.run(&["build"]).expect_code(0);
    let page = course.read_output(PAGE);
    for removed in ["javascript", "evil.example", "data:", "file:", "bilibili", "d:/slides"] {
        assert!(!page.contains(removed), "`{removed}` left in:\n{page}");
    }
    assert!(page.contains("href=\"https://example.org/\""), "{page}");
}

#[test]
fn refused_addresses_in_front_matter_are_reported_at_their_line() {
    let chapter = "---\ntitle: 链接\nsummary: 见[这里](javascript:alert(1))\nterms:\n  - name: 首问负责制\n    level: 2\n    definition: 见 ![图](data:image/gif;base64,R0lGOD)\n---\n\n正文。\n";
    let course = course(None, chapter);
    let run = course.run(&["check"]);
    run.expect_code(1);
    let stderr = run.stderr();
    assert!(
        stderr.contains("content/01-basics/05-raw.md:3: summary: a link to `javascript:` is not allowed"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "content/01-basics/05-raw.md:5:1: the definition of `首问负责制`: an image from `data:` is not allowed"
        ),
        "{stderr}"
    );
}

#[test]
fn refused_addresses_in_book_toml_are_reported_at_their_line() {
    let course = course(None, "---\ntitle: 章\n---\n");
    let toml = "[book]\ntitle = \"课\"\n\n[output.html]\nedit-url-template = \" JavaScript:alert(1)//{path}\"\n";
    course.write("book.toml", toml);
    let run = course.run(&["build"]);
    run.expect_code(1);
    let stderr = run.stderr();
    assert!(stderr.contains("book.toml:5: edit-url-template: a link to `javascript:` is not allowed"), "{stderr}");
    assert!(stderr.contains("http or https"), "{stderr}");

    course.write("book.toml", "[book]\ntitle = \"课\"\ndescription = \"[课](vbscript:x)\"\n");
    let run = course.run(&["check"]);
    run.expect_code(1);
    assert!(
        run.stderr().contains("book.toml:3: description: a link to `vbscript:` is not allowed"),
        "{}",
        run.stderr()
    );
}

#[test]
fn an_unknown_mode_is_reported_with_its_line_and_the_valid_values() {
    let course = course(Some("strip"), "---\ntitle: 章\n---\n");
    let run = course.run(&["build"]);
    run.expect_code(1);
    let stderr = run.stderr();
    let line = std::fs::read_to_string(course.root().join("book.toml"))
        .expect("book.toml")
        .lines()
        .position(|l| l.starts_with("raw-html"))
        .expect("the key is written")
        + 1;
    assert!(stderr.contains(&format!("book.toml:{line}:")), "{stderr}");
    assert!(stderr.contains("unknown value `strip`"), "in the words of the person editing book.toml:\n{stderr}");
    for value in ["allow", "escape", "sanitize"] {
        assert!(stderr.contains(value), "expected `{value}` in:\n{stderr}");
    }
}

/// HTML that leaves thousands of `<b>` open before thousands of paragraphs (each paragraph
/// reopens every one) is refused at once, in every mode that parses HTML, instead of taking
/// gigabytes (found by a reviewer: 71 KB took 3 GB in the EPUB, 36 KB made a 78 MB page under
/// `sanitize`); a few tags left open by mistake are built as a browser reads them.
#[test]
fn html_leaving_many_tags_open_is_refused_without_being_parsed() {
    let opened: Vec<String> =
        (0..4).map(|line| (line * 1_000..(line + 1) * 1_000).map(|i| format!("<b title={i}>")).collect()).collect();
    let paragraphs = vec!["<p>x".repeat(1_000); 4];
    let chapter = format!("---\ntitle: 标签\n---\n\n<div><p>\n{}\n{}\n", opened.join("\n"), paragraphs.join("\n"));
    for mode in [None, Some("sanitize")] {
        let course = course(mode, &chapter);
        for command in ["check", "build"] {
            let run = course.run(&[command]);
            run.expect_code(1);
            assert!(
                run.stderr().contains(
                    "05-raw.md:6:1: this page's HTML leaves more than 20 tags like <b>, <i>, <a> or <font> open at once"
                ),
                "{mode:?} {command}:\n{}",
                run.stderr()
            );
        }
    }
    let course = course(Some("escape"), &chapter);
    course.run(&["build"]).expect_code(0);
    assert!(course.read_output(PAGE).contains("&lt;b title=3999&gt;"), "shown as text");

    // In a term's definition and in a question too (found by a reviewer: the EPUB showed those
    // chapters as text, and the site kept the open tags).
    let opened: String = (0..25).map(|i| format!("<b class=\\\"c{i}\\\">")).collect();
    let chapter = format!(
        "---\ntitle: 标签\nterms:\n  - name: 甲词\n    level: 1\n    definition: \"{opened}义\"\n---\n\n甲词。\n\n```quiz\nquestion: \"{opened}问 ___\"\nanswer: 2\n```\n"
    );
    let run = self::course(None, &chapter).run(&["build"]);
    run.expect_code(1);
    for expected in [
        "05-raw.md:4:1: the definition of `甲词` leaves more than 20 tags",
        "05-raw.md:12:1: this question's HTML leaves more than 20 tags",
    ] {
        assert!(run.stderr().contains(expected), "`{expected}` in:\n{}", run.stderr());
    }

    let course = course_with_few_open_tags();
    course.run(&["build"]).expect_code(0);
    assert!(course.read_output(PAGE).contains("<b>加粗 <i>斜体"), "{}", course.read_output(PAGE));
}

#[test]
fn html_nested_too_deep_is_refused_at_the_line_where_it_passes_the_limit() {
    // A helper's generator: 48,000 nested <div> in a chapter of 240 KB built in 11.6 s (the
    // parser behind sanitize and the EPUB looks through every open element at each tag).
    let nested = vec!["<div>".repeat(300); 160].join("\n");
    let chapter = format!("---\ntitle: 嵌套\n---\n\n{nested}\n\n正文。\n");
    for mode in [None, Some("sanitize")] {
        for command in ["check", "build"] {
            let run = course(mode, &chapter).run(&[command]);
            run.expect_code(1);
            let expected = "05-raw.md:6:1: this page's HTML nests elements more than 512 deep";
            assert!(run.stderr().contains(expected), "{mode:?} {command}:\n{}", run.stderr());
        }
    }
    let course = course(Some("escape"), &chapter);
    course.run(&["build"]).expect_code(0);
    assert!(course.read_output(PAGE).contains("&lt;div&gt;&lt;div&gt;"), "shown as text");
    // Nested to the limit, and closed: built.
    let deep = format!("{}深{}", "<div>".repeat(500), "</div>".repeat(500));
    let course = self::course(None, &format!("---\ntitle: 嵌套\n---\n\n{deep}\n"));
    course.run(&["build"]).expect_code(0);
    assert!(course.read_output(PAGE).contains("<div><div>深</div>"), "kept as HTML");
}

fn course_with_few_open_tags() -> Course {
    course(None, "---\ntitle: 标签\n---\n\n<b>加粗 <i>斜体\n\n下一段。\n")
}
