//! `coursebook build` on fixture courses: the produced HTML, the CLI's output and exit codes.
//! The tests that only read the golden course's site share one build of it
//! ([`common::golden_site`]); the others copy and build their own.

use crate::common;

use common::{broken_links, html_files, Course};

#[test]
fn golden_course_pages_are_at_format_urls() {
    let course = common::golden_site();
    let pages = html_files(&course.book());
    for url in [
        "index.html",
        "404.html",
        "print.html",
        "basics/index.html",
        "basics/intro.html",
        "basics/第二章 概述.html",
        "basics/later.html",
        "after-sale/index.html",
        "after-sale/logistics.html",
        "after-sale/returns.html",
        "extra notes/index.html",
    ] {
        assert!(pages.contains_key(url), "missing {url}; pages: {:?}", pages.keys().collect::<Vec<_>>());
    }
    assert!(course.book().join("assets/pic.png").is_file(), "asset copied");
    assert!(course.book().join("_theme/style.css").is_file(), "theme copied");
}

#[test]
fn golden_course_links_are_relative_and_resolve() {
    let course = common::golden_site();
    let problems = broken_links(&course.book());
    assert!(problems.is_empty(), "broken links:\n{}", problems.join("\n"));
}

#[test]
fn chapter_links_are_rewritten_to_output_pages() {
    let course = common::golden_site();
    let intro = course.read_output("basics/intro.html");
    let hrefs = common::decoded_attributes(&intro, "href");
    assert!(
        intro.contains("href=\"%E7%AC%AC%E4%BA%8C%E7%AB%A0%20%E6%A6%82%E8%BF%B0.html\""),
        "percent-encoded:\n{intro}"
    );
    assert!(
        hrefs.contains(&"../after-sale/logistics.html#货物延迟".to_string()),
        "cross-module link with anchor: {hrefs:?}"
    );
    assert!(intro.contains("src=\"../assets/pic.png\""), "image path");
    let second = course.read_output("basics/第二章 概述.html");
    let hrefs = common::decoded_attributes(&second, "href");
    assert!(hrefs.contains(&"intro.html#货物延迟-1".to_string()), "link to a deduplicated heading id: {hrefs:?}");
}

#[test]
fn heading_ids_are_readable_and_unique() {
    let course = common::golden_site();
    let intro = course.read_output("basics/intro.html");
    assert!(intro.contains("<h2 id=\"货物延迟\">"));
    assert!(intro.contains("<h2 id=\"货物延迟-1\">"));
    assert!(intro.contains("<h2 id=\"hello-world\">"));
}

#[test]
fn gfm_extensions_render() {
    let course = common::golden_site();
    let intro = course.read_output("basics/intro.html");
    assert!(intro.contains("<table>"), "tables");
    assert!(intro.contains("<del>删除线</del>"), "strikethrough");
    assert!(intro.contains("type=\"checkbox\""), "task lists");
    assert!(intro.contains("class=\"footnote-definition\""), "footnotes");
}

#[test]
fn footnotes_are_numbered_by_first_reference_and_unreferenced_ones_after() {
    let course = Course::fixture("golden");
    course.write(
        "content/01-basics/31-notes.md",
        "---\ntitle: Notes\n---\n\nFirst[^late] then[^early].\n\n[^early]: E\n[^alone]: A\n[^late]: L\n",
    );
    course.run(&["build"]).expect_code(0);
    let html = course.read_output("basics/notes.html");
    for (label, number) in [("late", 1), ("early", 2), ("alone", 3)] {
        let definition = format!(
            "id=\"fn-{label}\"><sup class=\"footnote-definition-label\"><a href=\"#fn-{label}-ref\">{number}</a>"
        );
        assert!(html.contains(&definition), "[^{label}] is number {number}: {html}");
    }
}

#[test]
fn modules_and_chapters_follow_order_rules() {
    let course = common::golden_site();
    let home = course.read_output("index.html");
    let pos = |needle: &str| home.find(needle).unwrap_or_else(|| panic!("{needle} not on home page"));
    // `order: 0` puts the appendix first; then numeric prefixes 01, 02.
    assert!(pos("附录") < pos("基础模块") && pos("基础模块") < pos("售后模块"));
    let basics = course.read_output("basics/index.html");
    let pos = |needle: &str| basics.find(needle).unwrap_or_else(|| panic!("{needle} not on module page"));
    // 01-intro, 02-第二章, then `order: 3` (file prefix 10 ignored).
    assert!(pos("第一章 引言") < pos("第二章 概述") && pos("第二章 概述") < pos("&lt;script&gt;"));
    let after = course.read_output("after-sale/index.html");
    assert!(after.find("退换货").unwrap() < after.find("物流").unwrap(), "`order: 0` before prefix 01");
}

#[test]
fn numeric_prefixes_order_as_numbers_not_as_text() {
    let course = Course::fixture("golden");
    course.write("content/01-basics/9-nine.md", "---\ntitle: 第九\n---\n");
    course.write("content/01-basics/12-twelve.md", "---\ntitle: 第十二\n---\n");
    course.write("content/9-nine/index.md", "---\ntitle: 模块九\n---\n");
    course.write("content/12-twelve/index.md", "---\ntitle: 模块十二\n---\n");
    course.run(&["build"]).expect_code(0);
    let basics = course.read_output("basics/index.html");
    assert!(basics.find("第九").unwrap() < basics.find("第十二").unwrap(), "9 before 12 (as text, 12 < 9)");
    let home = course.read_output("index.html");
    assert!(home.find("模块九").unwrap() < home.find("模块十二").unwrap(), "module 9 before module 12");
}

#[test]
fn a_long_course_lists_a_window_of_modules_and_counts_the_rest() {
    let course = Course::fixture("golden");
    for n in 10..50 {
        course.write(&format!("content/{n}-m{n}/index.md"), &format!("---\ntitle: 模块{n}\n---\n"));
    }
    course.run(&["build"]).expect_code(0);
    // 43 modules in all; from the first, the sidebar shows 31 and counts the other 12.
    let page = course.read_output("basics/intro.html");
    assert!(page.contains("… 12 模块</a>"), "the modules after the window are counted");
    let page = course.read_output("m49/index.html");
    assert!(page.contains("… 12 模块</a>"), "and so are the modules before it");
    for n in 10..50 {
        course.write(&format!("content/10-m10/{n}-c{n}.md"), &format!("---\ntitle: 章{n}\n---\n"));
    }
    course.run(&["build"]).expect_code(0);
    // 40 chapters; from the first, the module's 31 are listed and the other 9 counted.
    let page = course.read_output("m10/c10.html");
    assert!(page.contains("… 9 章</a>"), "the chapters after the window are counted");
}

#[test]
fn navigation_has_sidebar_breadcrumbs_and_pager() {
    let course = common::golden_site();
    let second = course.read_output("basics/第二章 概述.html");
    assert!(second.contains("aria-current=\"page\">第二章 概述</a>"), "current chapter marked in sidebar");
    assert!(second.contains("<li><a href=\"index.html\">基础模块</a></li>"), "breadcrumb to module");
    assert!(second.contains("rel=\"prev\" href=\"intro.html\""), "previous chapter");
    assert!(second.contains("rel=\"next\" href=\"later.html\""), "next chapter");
    // Only the current module's chapters are listed: the other module's chapters are not.
    assert!(!second.contains("logistics.html"), "sidebar does not list other modules' chapters");
}

#[test]
fn user_text_is_escaped() {
    let course = common::golden_site();
    for (url, html) in html_files(&course.book()) {
        assert!(!html.contains("<script>alert(1)</script>"), "{url} contains an unescaped title");
        assert!(!html.contains("<Golden>"), "{url} contains an unescaped course title");
    }
    let later = course.read_output("basics/later.html");
    assert!(later.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn nothing_loads_from_the_network() {
    let course = common::golden_site();
    for (url, html) in html_files(&course.book()) {
        for link in common::attribute_values(&html, "src") {
            assert!(!link.contains("://"), "{url} loads {link}");
        }
        assert!(!html.contains("<link rel=\"stylesheet\" href=\"http"), "{url}");
    }
    let css = std::fs::read_to_string(course.book().join("_theme/style.css")).unwrap();
    assert!(
        !css.contains("http://") && !css.contains("https://") && !css.contains("@font-face"),
        "no remote or web fonts"
    );
}

#[test]
fn interface_speaks_the_course_language() {
    let course = Course::fixture("golden");
    course.run(&["build"]).expect_code(0);
    let chapter = course.read_output("basics/intro.html");
    assert!(chapter.contains("<html lang=\"zh-CN\">") && chapter.contains("上一章"));
    let toml = std::fs::read_to_string(course.root().join("book.toml")).unwrap();
    course.write("book.toml", &toml.replace("zh-CN", "en"));
    course.run(&["build"]).expect_code(0);
    let chapter = course.read_output("basics/intro.html");
    assert!(chapter.contains("<html lang=\"en\">") && chapter.contains("Previous"));
}

#[test]
fn dest_flag_and_edit_url() {
    let course = Course::fixture("golden");
    let out = course.root().join("elsewhere");
    course.run(&["build", "--dest", out.to_str().unwrap()]).expect_code(0);
    let module = std::fs::read_to_string(out.join("basics/index.html")).unwrap();
    assert!(module.contains("href=\"https://example.org/edit/content/01-basics/index.md\""));
    assert!(!course.book().exists(), "default build dir not written");
}

#[test]
fn build_is_deterministic() {
    let course = Course::fixture("golden");
    course.run(&["build"]).expect_code(0);
    let first = html_files(&course.book());
    course.run(&["build"]).expect_code(0);
    assert_eq!(first, html_files(&course.book()));
}

#[test]
fn init_creates_a_course_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    common::run_in(dir.path(), &["init"]).expect_code(0);
    common::run_in(dir.path(), &["build"]).expect_code(0);
    assert!(dir.path().join("book/basics/first-chapter.html").is_file());
    let practice = std::fs::read_to_string(dir.path().join("book/basics/practice.html")).unwrap();
    for kind in ["single", "multiple", "judge", "fill", "open"] {
        assert!(practice.contains(&format!("data-kind=\"{kind}\"")), "an example {kind} question");
    }
    let again = common::run_in(dir.path(), &["init"]);
    again.expect_code(1);
    assert!(again.stderr().contains("book.toml"), "{}", again.stderr());
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    common::run_in(dir.path(), &["frobnicate"]).expect_code(2);
    common::run_in(dir.path(), &["build", "--no-such-flag"]).expect_code(2);
    let help = common::run_in(dir.path(), &["--help"]);
    help.expect_code(0);
    assert!(help.stdout().contains("build") && help.stdout().contains("init"));
    let version = common::run_in(dir.path(), &["--version"]);
    version.expect_code(0);
    assert!(version.stdout().contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_make() {
    let course = Course::fixture("golden");
    course.write("mine/notes.txt", "precious");
    let run = course.run(&["build", "--dest", "mine"]);
    run.expect_code(1);
    assert!(run.stderr().contains("mine"), "{}", run.stderr());
    assert_eq!(std::fs::read_to_string(course.root().join("mine/notes.txt")).unwrap(), "precious");
}

#[test]
fn a_large_course_is_printed_per_module_with_links_that_resolve() {
    let course = Course::fixture("golden");
    // Over 4 MB of Markdown: each module gets its own print file. Six chapters of 0.8 MB, as a
    // file may have at most 1 MiB.
    let filler = "客户服务需要耐心与真诚，每一次回复都影响顾客的体验。\n\n".repeat(10_000);
    for part in 1..=6 {
        course.write(
            &format!("content/01-basics/2{part}-long-{part}.md"),
            &format!(
                "---\ntitle: 长章节{part}\n---\n\n{filler}\n见[物流](../02-after-sale/01-logistics.md#货物延迟)。\n"
            ),
        );
    }
    course.run(&["build"]).expect_code(0);
    let print = course.read_output("print.html");
    assert!(
        print.contains("href=\"print-basics.html#basics--index\"") && print.contains("href=\"print-after-sale.html#"),
        "the contents link into the modules' files"
    );
    assert!(print.contains("<section class=\"print-glossary\""), "the glossary stays in print.html");
    let basics = course.read_output("print-basics.html");
    assert!(
        basics.contains("href=\"print-after-sale.html#after-sale--logistics--%E8%B4%A7%E7%89%A9%E5%BB%B6%E8%BF%9F\"")
    );
    let problems = broken_links(&course.book());
    assert!(problems.is_empty(), "broken links:\n{}", problems.join("\n"));
}

/// Writes `count` chapters of 0.8 MB of Markdown into the module folder `module`
/// (`2N-long-N.md`, titled 长章节N), each ending with `tail(N)`.
fn write_long_chapters(course: &Course, module: &str, count: usize, tail: impl Fn(usize) -> String) {
    let filler = "客户服务需要耐心与真诚，每一次回复都影响顾客的体验。\n\n".repeat(10_000);
    for part in 1..=count {
        course.write(
            &format!("content/{module}/2{part}-long-{part}.md"),
            &format!("---\ntitle: 长章节{part}\n---\n\n{filler}{}", tail(part)),
        );
    }
}

/// A question for the last long chapter, whose answer the print's key shows.
const QUIZ: &str = "\n```quiz\nquestion: 顾客嫌贵时，客服首先应该怎么做？\nchoices:\n  - 马上降价\n  - 先了解顾客在意什么，再说明商品的价值\nanswer: B\n```\n";

#[test]
fn a_large_course_of_one_module_is_printed_in_parts_of_at_most_4_mb() {
    let course = Course::fixture("search");
    std::fs::remove_dir_all(course.root().join("content/02-after")).unwrap();
    // Six chapters of 0.8 MB in one module: 4.8 MB, printed in two parts of about 2.4 MB.
    write_long_chapters(&course, "01-pre", 6, |part| {
        format!("\n见[第一章](21-long-1.md)。\n{}", if part == 6 { QUIZ } else { "" })
    });
    course.run(&["build"]).expect_code(0);
    let print = course.read_output("print.html");
    assert!(!print.contains("客户服务需要耐心"), "print.html holds the cover, contents and glossary, no chapter");
    assert!(
        print.contains("href=\"print-pre.html#pre--long-1\"")
            && print.contains("href=\"print-pre-2.html#pre--long-6\""),
        "the contents link each chapter into its part"
    );
    let first = course.read_output("print-pre.html");
    let second = course.read_output("print-pre-2.html");
    assert!(first.contains(">长章节3</h2>") && !first.contains(">长章节4</h2>"), "the first three long chapters first");
    assert!(second.contains(">长章节4</h2>") && !second.contains(">长章节3</h2>"), "the other three in the second");
    assert!(first.contains("<title>售前 · 第 1–5 章"), "a part is titled by its module and its chapters");
    assert!(second.contains("<title>售前 · 第 6–8 章"), "{}", &second[..second.len().min(600)]);
    let key = |html: &str| html.split("class=\"print-answer-key\"").nth(1).unwrap_or_default().to_string();
    assert!(key(&first).is_empty(), "the first part's chapters have no questions, so no key");
    assert!(
        key(&second).contains("答案：售前") && key(&second).contains("<dt>长章节6</dt>\n<dd><ol>\n<li>B</li>"),
        "the second part's key is titled by its module and answers its chapter: {}",
        key(&second).chars().take(300).collect::<String>()
    );
    assert!(
        second.contains("<div class=\"print-part\" style=\"page: m1\">"),
        "the second part's pages carry the module's running head"
    );
    assert!(second.contains("href=\"print-pre.html#pre--long-1\""), "a link into the first part points there");
    let problems = broken_links(&course.book());
    assert!(problems.is_empty(), "broken links:\n{}", problems.join("\n"));
}

#[test]
fn small_modules_of_a_large_course_share_a_print_file() {
    // One module of 4.8 MB, then three small ones: the large one prints in two parts, the
    // small ones together in one file named after the first, titled by the first and the last.
    let course = Course::fixture("search");
    write_long_chapters(&course, "01-pre", 6, |_| String::new());
    for (folder, title) in [("03-ship", "物流"), ("04-review", "评价")] {
        course.write(&format!("content/{folder}/index.md"), &format!("---\ntitle: {title}\n---\n\n{title}模块。\n"));
        course.write(
            &format!("content/{folder}/01-one.md"),
            &format!("---\ntitle: {title}一\n---\n\n{title}的第一章。见[退换货](../02-after/01-returns.md)。\n"),
        );
    }
    course.run(&["build"]).expect_code(0);
    let book = course.book();
    let print_files: Vec<String> = std::fs::read_dir(&book)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with("print"))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(print_files, ["print-after.html", "print-pre-2.html", "print-pre.html", "print.html"]);
    let shared = course.read_output("print-after.html");
    assert!(shared.contains("<title>售后 – 评价"), "titled by its first and last modules");
    for chapter in [">退换货</h2>", ">物流一</h2>", ">评价一</h2>"] {
        assert!(shared.contains(chapter), "{chapter} is in the shared file");
    }
    for module in 2..=4 {
        assert!(
            shared.contains(&format!("<div class=\"print-part\" style=\"page: m{module}\">")),
            "module {module} has its running head"
        );
    }
    let handout = course.read_output("print.html");
    assert!(handout.contains("href=\"print-after.html#ship--one\""), "the contents link into the shared file");
    let problems = broken_links(&book);
    assert!(problems.is_empty(), "broken links:\n{}", problems.join("\n"));
}

#[test]
fn a_course_under_4_mb_keeps_one_print_page_with_every_chapter() {
    // 2.4 MB of Markdown in three chapters: still one print page (the split starts at 4 MB).
    let course = Course::fixture("golden");
    write_long_chapters(&course, "01-basics", 3, |_| String::new());
    course.run(&["build"]).expect_code(0);
    let print = course.read_output("print.html");
    for part in 1..=3 {
        assert!(print.contains(&format!(">长章节{part}</h2>")), "chapter {part} is in print.html");
    }
    assert!(!course.book().join("print-basics.html").exists(), "no per-module print files");
}

#[test]
fn a_link_with_an_empty_fragment_means_the_page_itself() {
    let course = Course::fixture("golden");
    course.write(
        "content/01-basics/05-empty.md",
        "---\ntitle: 空锚点\n---\n\n见[物流](../02-after-sale/01-logistics.md#)，回到[顶部](#)。\n",
    );
    course.run(&["build"]).expect_code(0);
    let page = course.read_output("basics/empty.html");
    assert!(page.contains("<a href=\"../after-sale/logistics.html\">物流</a>"), "the chapter itself");
    assert!(page.contains("<a href=\"#\">顶部</a>"), "the top of the page");
    let print = course.read_output("print.html");
    assert!(print.contains("<a href=\"#after-sale--logistics\">物流</a>"), "the chapter's section in print");
    assert!(print.contains("<a href=\"#basics--empty\">顶部</a>"), "this chapter's section in print");
    let problems = broken_links(&course.book());
    assert!(problems.is_empty(), "broken links:\n{}", problems.join("\n"));
}

#[test]
fn no_id_on_any_page_holds_whitespace() {
    // The golden course has a chapter and a module whose names hold a space.
    let course = common::golden_site();
    for (page, html) in html_files(&course.book()) {
        for id in common::attribute_values(&html, "id") {
            assert!(!id.chars().any(char::is_whitespace), "{page}: id `{id}` holds whitespace");
        }
    }
}

/// Sets the course's `[build] theme`.
fn use_theme(course: &Course, theme: &str) {
    let toml = std::fs::read_to_string(course.root().join("book.toml")).unwrap();
    course.write("book.toml", &toml.replace("[glossary]", &format!("[build]\ntheme = \"{theme}\"\n\n[glossary]")));
}

#[test]
fn a_course_theme_overrides_the_default_file_by_file() {
    let course = Course::fixture("golden");
    use_theme(&course, "mine");
    course.write(
        "themes/mine/templates/chapter.html",
        "{% extends \"base.html\" %}{% block main %}<article class=\"mine\">{{ page.content | safe }}</article>{% endblock main %}",
    );
    course.write("themes/mine/static/extra.css", "body { color: red; }");
    course.write("themes/mine/static/style.css", "/* mine */");
    course.run(&["build"]).expect_code(0);
    assert!(course.read_output("basics/intro.html").contains("<article class=\"mine\">"), "chapter template replaced");
    assert!(
        course.read_output("basics/index.html").contains("class=\"cards chapter-cards\""),
        "module template still the default"
    );
    assert_eq!(course.read_output("_theme/style.css"), "/* mine */");
    assert!(course.book().join("_theme/extra.css").is_file());
    assert!(course.book().join("_theme/search.js").is_file(), "other default files kept");
}

#[test]
fn a_theme_template_that_fails_to_render_names_the_template_and_the_cause() {
    let course = Course::fixture("golden");
    course.run(&["build"]).expect_code(0);
    let before = course.read_output("basics/intro.html");
    use_theme(&course, "mine");
    course.write(
        "themes/mine/templates/chapter.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.no_such_field }}{% endblock main %}",
    );
    let run = course.run(&["build"]);
    run.expect_code(1);
    assert!(run.stderr().contains("chapter.html"), "the template is named: {}", run.stderr());
    assert!(run.stderr().contains("no_such_field"), "the cause is given: {}", run.stderr());
    assert_eq!(course.read_output("basics/intro.html"), before, "the previous site is left as it was");
}

#[test]
fn a_theme_print_template_is_written_around_the_pages_and_one_without_them_is_refused() {
    let course = Course::fixture("golden");
    use_theme(&course, "mine");
    let template = |body: &str| {
        format!("{{% extends \"base.html\" %}}{{% block main %}}<div class=\"mine-start\">{{% for m in extra.contents %}}<p>{{{{ m.link.title }}}}</p>{{% endfor %}}</div>{body}<div class=\"mine-end\"></div>{{% endblock main %}}")
    };
    course.write("themes/mine/templates/print.html", &template("{{ page.content | safe }}"));
    course.run(&["build"]).expect_code(0);
    let print = course.read_output("print.html");
    let (start, section, end) =
        (print.find("mine-start"), print.find("class=\"print-module\""), print.find("mine-end"));
    assert!(
        start < section && section < end && start.is_some(),
        "the theme's start, the pages, its end: {print:.3000}"
    );
    assert!(print.contains("<p>基础模块</p>"), "the contents made by the theme's loop");
    course.write("themes/mine/templates/print.html", &template("no pages here"));
    let run = course.run(&["build"]);
    run.expect_code(1);
    assert!(run.stderr().contains("print.html"), "the template is named: {}", run.stderr());
    assert!(run.stderr().contains("page.content"), "what it must hold is said: {}", run.stderr());
    course.write("themes/mine/templates/print.html", "{% extends \"base.html\" %}{% block main %}");
    course.run(&["build"]).expect_code(1);
    assert_eq!(course.read_output("print.html"), print, "the previous site is left as it was");
}

#[test]
fn smart_punctuation_is_off_by_default_and_can_be_turned_on() {
    let course = Course::fixture("golden");
    course.write("content/01-basics/30-quotes.md", "---\ntitle: Quotes\n---\n\n\"quoted\" -- dash\n");
    course.run(&["build"]).expect_code(0);
    assert!(course.read_output("basics/quotes.html").contains("<p>\"quoted\" -- dash</p>"));
    let toml = std::fs::read_to_string(course.root().join("book.toml")).unwrap();
    course.write("book.toml", &toml.replace("[output.html]", "[output.html]\nsmart-punctuation = true"));
    course.run(&["build"]).expect_code(0);
    assert!(course.read_output("basics/quotes.html").contains("“quoted” – dash"));
}

#[test]
fn links_to_module_folders_and_github_style_anchors_resolve() {
    let course = Course::fixture("golden");
    course.write(
        "content/01-basics/40-links.md",
        "---\ntitle: Links\n---\n\n[售后](../02-after-sale/) [英文标题](01-intro.md#Hello-World) [本页](#My-Section)\n\n## My Section\n",
    );
    course.run(&["build"]).expect_code(0);
    let html = course.read_output("basics/links.html");
    assert!(html.contains("href=\"../after-sale/index.html\""), "{html}");
    assert!(html.contains("href=\"intro.html#hello-world\""));
    assert!(html.contains("href=\"#my-section\""));
    assert!(broken_links(&course.book()).is_empty());
}

#[test]
fn a_chapter_with_two_sections_or_more_has_a_table_of_contents() {
    let course = Course::fixture("golden");
    course.write(
        "content/01-basics/32-toc.md",
        "---\ntitle: 目录\n---\n\n## 第一节\n\n文。\n\n### 小节\n\n文。\n\n## 第二节\n\n文。\n",
    );
    course.run(&["build"]).expect_code(0);
    let html = course.read_output("basics/toc.html");
    for (level, id) in [(2, "第一节"), (3, "小节"), (2, "第二节")] {
        assert!(
            html.contains(&format!("<li class=\"toc-level-{level}\"><a href=\"#{id}\">{id}</a></li>")),
            "{id} at level {level}"
        );
    }
}

#[test]
fn a_chapter_of_very_many_sections_lists_its_first_eighty_main_ones() {
    let course = Course::fixture("golden");
    let sections: String = (1..=5_000).map(|n| format!("## 节{n}\n\n### 小{n}\n\n")).collect();
    course.write("content/01-basics/33-many.md", &format!("---\ntitle: 多\n---\n\n{sections}"));
    course.run(&["build"]).expect_code(0);
    let html = course.read_output("basics/many.html");
    let toc = &html[html.find("<details class=\"toc\"").expect("a table of contents")..];
    let toc = &toc[..toc.find("</details>").unwrap()];
    assert_eq!(toc.matches("<li class=\"toc-level-2\">").count(), 80, "{toc}");
    assert!(!toc.contains("toc-level-3"), "the ### ones left out: {toc}");
    assert!(toc.contains("<a href=\"#节80\">节80</a>") && !toc.contains("#节81\""), "{toc}");
    assert!(html.contains("id=\"节5000\"") && html.contains("id=\"小5000\""), "every heading on the page");
    // Fewer sections: both levels, as before (a_chapter_with_two_sections_or_more_...).
    let sections: String = (1..=40).map(|n| format!("## 节{n}\n\n### 小{n}\n\n")).collect();
    course.write("content/01-basics/33-many.md", &format!("---\ntitle: 多\n---\n\n{sections}"));
    course.run(&["build"]).expect_code(0);
    let html = course.read_output("basics/many.html");
    assert_eq!(html.matches("<li class=\"toc-level-3\">").count(), 40);
}

#[test]
fn a_file_named_only_by_a_number_keeps_it() {
    let course = Course::fixture("golden");
    course.write("content/01-basics/07.md", "---\ntitle: 只有编号\n---\n");
    course.run(&["build"]).expect_code(0);
    assert!(course.book().join("basics/07.html").is_file());
}

#[test]
fn autolinks_and_email_addresses_are_kept_as_written() {
    let course = Course::fixture("golden");
    course.write(
        "content/01-basics/05-contact.md",
        "---\ntitle: 联系\n---\n\n写信到 <kefu@example.com>，或看 <https://example.org/faq.md>。\n",
    );
    course.run(&["build"]).expect_code(0);
    let html = course.read_output("basics/contact.html");
    assert!(html.contains("<a href=\"mailto:kefu@example.com\">kefu@example.com</a>"), "{html}");
    assert!(html.contains("<a href=\"https://example.org/faq.md\">"), "an address on the web is not a chapter: {html}");
}

#[test]
fn a_relative_link_with_a_colon_is_checked_like_any_file() {
    // `2024:` is no scheme (a scheme starts with a letter): the file must exist.
    let course = Course::fixture("golden");
    course.write("content/01-basics/05-plan.md", "---\ntitle: 计划\n---\n\n[计划](2024:plan.md)\n");
    let run = course.run(&["build"]);
    run.expect_code(1);
    assert!(
        run.stderr()
            .contains("content/01-basics/05-plan.md:5:1: link `2024:plan.md` points to a file that does not exist"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_course_of_exactly_4_mib_keeps_one_print_page() {
    // The split starts above 4 MiB of Markdown: fill the golden course to exactly that size.
    let course = Course::fixture("golden");
    let size = |root: &std::path::Path| -> usize {
        walkdir::WalkDir::new(root.join("content"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .map(|e| e.metadata().unwrap().len() as usize)
            .sum()
    };
    let line = "客户服务需要耐心与真诚。\n";
    for part in 1..=5 {
        let missing = 4 * 1024 * 1024 - size(course.root());
        let head = format!("---\ntitle: 长章节{part}\n---\n\n");
        let room = (1000 * 1024 - head.len()).min(missing - head.len());
        let mut text = head + &line.repeat(room / line.len());
        text.push_str(&"x".repeat(room - (room / line.len()) * line.len()));
        course.write(&format!("content/01-basics/3{part}-fill-{part}.md"), &text);
    }
    assert_eq!(size(course.root()), 4 * 1024 * 1024, "exactly 4 MiB of Markdown");
    course.run(&["build"]).expect_code(0);
    assert!(!course.book().join("print-basics.html").exists(), "not split at exactly 4 MiB");
    assert!(course.read_output("print.html").contains("长章节5"), "every chapter on the one print page");
}
