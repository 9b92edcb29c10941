//! The glossary on a fixture course: which text is linked and where, first-only, exclusions,
//! whole-word Latin matching, explicit links, tooltips, the glossary and revision pages, and
//! the glossary's diagnostics.

use crate::common;

use common::Course;
use std::path::Path;

fn built() -> Course {
    let course = Course::fixture("glossary");
    course.run(&["build"]).expect_code(0);
    course
}

/// The page's prose.
fn prose(html: &str) -> String {
    let start = html.find("<div class=\"prose\">").expect("prose");
    let end = html[start..].find("</div>\n").map_or(html.len(), |e| start + e);
    html[start..end].to_string()
}

/// The hover definitions of one glossary part, by anchor, as its `_terms/<part>.js` file holds them.
fn tips_of(course: &Course, part: &str) -> serde_json::Map<String, serde_json::Value> {
    let file = course.read_output(&format!("_terms/{part}.js"));
    let json = file
        .strip_prefix(&format!("coursebookTips(\"{part}\","))
        .and_then(|rest| rest.trim_end().strip_suffix(");"))
        .unwrap_or_else(|| panic!("a call of coursebookTips with the part's name: {file}"));
    match serde_json::from_str(json) {
        Ok(serde_json::Value::Object(tips)) => tips,
        other => panic!("the definitions by anchor: {other:?}"),
    }
}

/// Linked words of a page's prose, in order, with their target anchor (percent-decoded).
fn linked_terms(html: &str) -> Vec<(String, String)> {
    linked_terms_anywhere(&prose(html))
}

/// Linked words anywhere in `html`, in order, with their target anchor (percent-decoded).
fn linked_terms_anywhere(html: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<a class=\"term\" href=\"") {
        rest = &rest[i + "<a class=\"term\" href=\"".len()..];
        let href_end = rest.find('"').unwrap();
        let href = common::percent_decode(&rest[..href_end]);
        let text_start = rest.find('>').unwrap() + 1;
        let text_end = rest.find("</a>").unwrap();
        found.push((rest[text_start..text_end].to_string(), href.rsplit('#').next().unwrap().to_string()));
    }
    found
}

#[test]
fn longest_match_wins_and_only_first_occurrence_is_linked() {
    let course = built();
    let links = linked_terms(&course.read_output("service/use.html"));
    let words: Vec<&str> = links.iter().map(|(w, _)| w.as_str()).collect();
    assert_eq!(words, vec!["客户满意度", "客户", "FAQ", "客户们的满意", "隐藏的", "安全心理"], "{links:?}");
    assert_eq!(links[0].1, "客户满意度", "links to the glossary entry");
}

#[test]
fn links_point_to_the_glossary_entry_relative_to_the_page() {
    let course = built();
    let html = course.read_output("service/use.html");
    assert!(html.contains("<a class=\"term\" href=\"../glossary.html#客户满意度\""));
    assert!(common::broken_links(&course.book()).is_empty(), "{:?}", common::broken_links(&course.book()));
}

#[test]
fn code_links_headings_and_alt_text_are_never_linked() {
    let course = built();
    let html = course.read_output("service/use.html");
    assert!(html.contains("<code>客户满意度 in code</code>"));
    assert!(html.contains("<pre><code>客户 in a code block"));
    assert!(html.contains("<a href=\"use.html\">客户 in a link</a>"));
    assert!(html.contains("alt=\"客户 in alt\""));
    assert!(html.contains(">客户满意度 in a heading</h2>"));
}

#[test]
fn latin_names_match_whole_words_case_insensitively() {
    let course = built();
    let html = prose(&course.read_output("service/use.html"));
    assert!(html.contains("请阅读<a class=\"term\""), "FAQ after Chinese text is linked");
    assert!(html.contains("这些 FAQs 不算"), "FAQs is not FAQ");
    let english = linked_terms(&course.read_output("service/all.html"));
    assert_eq!(english, vec![("Customer satisfaction".to_string(), "客户满意度".to_string())]);
}

#[test]
fn link_all_and_link_none() {
    let course = Course::fixture("glossary");
    course.write("book.toml", "[book]\ntitle = \"x\"\n[glossary]\nlink = \"all\"\n");
    course.run(&["build"]).expect_code(0);
    let all = linked_terms(&course.read_output("service/use.html"));
    assert_eq!(all.iter().filter(|(w, _)| w == "客户满意度").count(), 2, "{all:?}");
    assert!(all.iter().any(|(w, _)| w == "faq"), "case-insensitive second FAQ: {all:?}");
    course.write("book.toml", "[book]\ntitle = \"x\"\n[glossary]\nlink = \"none\"\n");
    course.run(&["build"]).expect_code(0);
    let none = linked_terms(&course.read_output("service/use.html"));
    let words: Vec<&str> = none.iter().map(|(w, _)| w.as_str()).collect();
    assert_eq!(words, vec!["客户们的满意", "隐藏的"], "only explicit links");
}

#[test]
fn linking_never_changes_the_text() {
    let course = Course::fixture("glossary");
    let text_of = |course: &Course, mode: &str| {
        course.write("book.toml", &format!("[book]\ntitle = \"x\"\n[glossary]\nlink = \"{mode}\"\n"));
        course.run(&["build"]).expect_code(0);
        let html = prose(&course.read_output("service/use.html"));
        strip_tags(&html)
    };
    let none = text_of(&course, "none");
    assert_eq!(text_of(&course, "all"), none);
    assert_eq!(text_of(&course, "first"), none);
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn a_term_link_carries_no_definition_and_its_glossary_part_holds_it_once() {
    let course = built();
    let html = course.read_output("service/use.html");
    assert!(!html.contains("与期望之比"), "the page using a term does not repeat its definition");
    assert!(!html.contains("term-tip"), "nor a tooltip element");
    let tips = tips_of(&course, "glossary");
    assert_eq!(tips.len(), 5, "one definition per term: {tips:?}");
    let tip = tips["客户满意度"].as_str().expect("html");
    assert!(
        tip.starts_with("<span class=\"stars\" aria-hidden=\"true\">★★★</span> <span class=\"level-name\">掌握</span> <strong>客户满意度</strong>"),
        "{tip}"
    );
    assert!(
        tip.contains("客户对服务的<strong>感受</strong>与期望之比，见别处。"),
        "links in definitions become text: {tip}"
    );
}

#[test]
fn chapter_lists_the_terms_it_defines() {
    let course = built();
    let html = course.read_output("basics/terms.html");
    let start = html.find("<aside class=\"chapter-terms\">").expect("terms box");
    let aside = &html[start..start + html[start..].find("</aside>").unwrap()];
    assert!(aside.contains("本章术语"));
    assert!(
        aside.contains(">客户满意度</a> <span class=\"stars\" aria-hidden=\"true\">★★★</span> <span class=\"level-name\">掌握</span>"),
        "the stars for the eye, the level's name in words: {aside}"
    );
    assert!(aside.contains("Customer satisfaction"));
    assert_eq!(aside.matches("<li>").count(), 5);
}

#[test]
fn glossary_page_has_every_term_sorted_by_pinyin_with_backlinks() {
    let course = built();
    let html = course.read_output("glossary.html");
    let order: Vec<usize> = ["id=\"安全心理\"", "id=\"faq\"", "id=\"客户\"", "id=\"客户满意度\"", "id=\"隐藏术语\""]
        .iter()
        .map(|id| html.find(id).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "pinyin order (an, F, ke, ke…, yin): {order:?}");
    let entry = &html[html.find("id=\"客户满意度\"").unwrap()..];
    let entry = &entry[..entry.find("</div>").unwrap()];
    assert!(entry.contains("★★★") && entry.contains("掌握") && entry.contains("Customer satisfaction"));
    assert!(entry.contains("<a href=\"https://example.org/\">别处</a>"), "definition keeps its Markdown");
    assert!(entry.contains("参见：<a href=\"#客户\">客户</a>"), "see-also");
    assert!(entry.contains("定义于：<a href=\"basics/terms.html\">定义术语</a>"));
    assert!(
        entry.contains("出现于：<a href=\"service/use.html\">使用术语</a>、<a href=\"service/all.html\">英文名</a>"),
        "{entry}"
    );
    assert!(!entry.contains("used-more"), "two uses, nothing more to count: {entry}");
    assert!(
        html.contains("<a href=\"#letter-K\" data-levels=\"13\">K</a>")
            && html.contains("<span class=\"disabled\">B</span>"),
        "A–Z bar"
    );
    assert!(html.contains("value=\"3\"") && html.contains("value=\"all\" checked"), "level filter");
    assert_eq!(html.matches("id=\"letter-K\"").count(), 1, "one heading per letter");
    let k = &html[html.find("id=\"letter-K\"").unwrap()..];
    let k = &k[..k.find("</section>").unwrap()];
    assert!(k.contains("id=\"客户\"") && k.contains("id=\"客户满意度\""), "both K terms under K: {k}");
}

#[test]
fn revision_page_groups_terms_by_level_most_important_first() {
    let course = built();
    let html = course.read_output("revision.html");
    let master = html.find("id=\"level-3\"").unwrap();
    let understand = html.find("id=\"level-2\"").unwrap();
    let know = html.find("id=\"level-1\"").unwrap();
    assert!(master < understand && understand < know);
    assert!(html.contains(
        "<details class=\"revision-card\" data-level=\"3\" data-module=\"basics\" data-term=\"客户满意度\">\n    <summary>客户满意度"
    ));
    assert_eq!(html.matches("<details class=\"revision-card\"").count(), 5);
}

#[test]
fn unused_terms_warn_and_deny_warnings_fails() {
    let course = Course::fixture("glossary");
    course.write(
        "content/02-service/03-more.md",
        "---\ntitle: 更多\nterms:\n  - name: 冷门术语\n    level: 3\n    definition: 没人用。\n---\n正文。\n",
    );
    let run = course.run(&["build"]);
    run.expect_code(0);
    assert!(run.stderr().contains("warning[CB-TERM-UNUSED]: content/02-service/03-more.md:4"), "{}", run.stderr());
    assert!(run.stderr().contains("★★★ term `冷门术语` is not used"), "{}", run.stderr());
    let strict = course.run(&["build", "--deny-warnings"]);
    strict.expect_code(1);
}

fn assert_error(extra_file: &str, text: &str, expected: &[&str]) {
    let course = Course::fixture("glossary");
    course.write(extra_file, text);
    let run = course.run(&["build"]);
    run.expect_code(1);
    for e in expected {
        assert!(run.stderr().contains(e), "expected `{e}` in:\n{}", run.stderr());
    }
}

#[test]
fn two_terms_with_one_anchor_are_an_error_naming_both() {
    // `id: faq` is the anchor the fixture's `FAQ` term gets (Latin names are lowercased).
    assert_error(
        "content/02-service/03-dup.md",
        "---\ntitle: 重复\nterms:\n  - name: 常见问答\n    id: faq\n    level: 1\n    definition: 另一个术语。\n---\n",
        &[
            "content/02-service/03-dup.md:4",
            "has the same anchor `faq` as `FAQ`",
            "content/01-basics/01-terms.md:",
            "same anchor `faq` as `FAQ`\n --> content/02-service/03-dup.md:4:1\n  |\n4 |   - name: 常见问答\n",
        ],
    );
}

#[test]
fn term_defined_twice_names_both_places() {
    assert_error(
        "content/02-service/03-dup.md",
        "---\ntitle: 重复\nterms:\n  - name: 客户\n    level: 1\n    definition: 又一次。\n---\n",
        &[
            "content/02-service/03-dup.md:4",
            "term `客户` is defined twice",
            "content/01-basics/01-terms.md:10: first defined here",
            "is defined twice\n --> content/02-service/03-dup.md:4:1\n  |\n4 |   - name: 客户\n",
        ],
    );
}

#[test]
fn alias_equal_to_another_name_is_an_error() {
    assert_error(
        "content/02-service/03-alias.md",
        "---\ntitle: 别名\nterms:\n  - name: 新术语\n    level: 1\n    aliases: [客户]\n    definition: 冲突。\n---\n",
        &["content/02-service/03-alias.md:4", "`客户` of term `新术语`"],
    );
}

#[test]
fn unknown_explicit_term_link_is_an_error() {
    assert_error(
        "content/02-service/03-link.md",
        "---\ntitle: 链接\n---\n\n第一行。\n\n见[它](term:客户满足度)。\n",
        &["content/02-service/03-link.md:7", "unknown term", "客户满意度"],
    );
}

#[test]
fn unknown_see_also_is_an_error() {
    assert_error(
        "content/02-service/03-see.md",
        "---\ntitle: 参见\nterms:\n  - name: 新术语\n    level: 1\n    definition: 定义。\n    see: [不存在的术语]\n---\n",
        &["content/02-service/03-see.md:7", "unknown term `不存在的术语`"],
    );
}

#[test]
fn in_a_browser_the_definition_shows_on_focus_and_the_level_filter_hides_other_levels() {
    let Some(browser) = common::browser::Browser::start() else { return };
    let course = built();
    browser.open(&format!("file://{}/service/use.html", course.book().display()));
    let tip_shown = "var t = document.querySelector('.term-tip'); return !!t && getComputedStyle(t).display !== 'none' && t.getBoundingClientRect().height > 0";
    assert_eq!(browser.run(tip_shown), serde_json::json!(false), "hidden until asked for");
    browser.run("document.querySelector('a.term').focus()");
    let shown = browser.wait_for(tip_shown);
    assert!(shown, "keyboard focus shows the definition, loaded from the glossary part's file on file://");
    let tip = browser.run("return document.querySelector('.term-tip').textContent");
    assert!(tip.as_str().is_some_and(|t| t.contains("客户满意度") && t.contains("与期望之比")), "{tip}");
    let described = browser.run("return document.querySelector('a.term').getAttribute('aria-describedby')");
    assert_eq!(described, serde_json::json!("term-tip"), "the focused link is described by the tip");
    browser.run("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}))");
    assert_eq!(browser.run(tip_shown), serde_json::json!(false), "Escape closes it");

    browser.open(&format!("file://{}/glossary.html", course.book().display()));
    let visible = "return Array.from(document.querySelectorAll('.glossary-entry')).filter(function (e) { return e.offsetParent !== null; }).map(function (e) { return e.id; })";
    assert_eq!(browser.run(visible).as_array().map(Vec::len), Some(5));
    let radio = browser.element(".level-filter input[value=\"3\"]");
    browser.session_call("POST", &format!("/element/{radio}/click"), serde_json::json!({}));
    assert_eq!(browser.run(visible), serde_json::json!(["客户满意度"]), "only ★★★ terms are left");
}

/// The deepest nesting of `<a …>` elements in `html`: 1 for a page without a link in a link.
fn deepest_link_nesting(html: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut rest = html;
    while let Some(i) = rest.find("<a") {
        let (open, close) = (rest[i..].find("<a ").map(|o| i + o), rest.find("</a>"));
        match (open, close) {
            (Some(o), Some(c)) if o < c => {
                depth += 1;
                deepest = deepest.max(depth);
                rest = &rest[o + 3..];
            }
            (_, Some(c)) => {
                depth = depth.saturating_sub(1);
                rest = &rest[c + 4..];
            }
            _ => break,
        }
    }
    deepest
}

/// The glossary fixture with one more chapter, built with `[glossary] link = "all"`.
fn built_with_chapter(body: &str) -> (Course, String) {
    let course = Course::fixture("glossary");
    course.write("book.toml", "[book]\ntitle = \"术语测试\"\n\n[glossary]\nlink = \"all\"\n");
    course.write("content/02-service/03-extra.md", &format!("---\ntitle: 补充\n---\n\n{body}\n"));
    course.run(&["build"]).expect_code(0);
    let html = course.read_output("service/extra.html");
    (course, html)
}

#[test]
fn a_term_inside_an_ordinary_link_is_never_linked_even_with_link_all() {
    let (course, html) =
        built_with_chapter("见[客户满意度的说明](https://example.org/x)与[客户](01-use.md)。然后是客户满意度。");
    assert!(html.contains("<a href=\"https://example.org/x\">客户满意度的说明</a>"), "{}", prose(&html));
    assert!(html.contains("<a href=\"use.html\">客户</a>"), "{}", prose(&html));
    assert_eq!(linked_terms(&html).len(), 1, "only the term outside links: {:?}", linked_terms(&html));
    for (page, html) in common::html_files(&course.book()) {
        assert_eq!(deepest_link_nesting(&html), 1, "{page} has a link inside a link");
    }
}

#[test]
fn every_term_link_leads_to_its_own_definition_in_its_glossary_part() {
    let (course, _) =
        built_with_chapter("客户满意度、客户、FAQ、安全心理；再说一遍：安全心理、FAQ、客户、客户满意度。");
    let definitions =
        [("客户满意度", "感受"), ("客户", "购买商品"), ("FAQ", "常见问题解答"), ("安全心理", "担心商品安全")];
    let tips = tips_of(&course, "glossary");
    let mut checked = 0;
    for (page, html) in common::html_files(&course.book()) {
        let ids = common::attribute_values(&html, "id");
        let unique: std::collections::HashSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{page}: every id is unique");
        if page.starts_with("print") {
            continue; // the handout links its own glossary (handout.rs)
        }
        for (word, anchor) in linked_terms_anywhere(&html) {
            let tip =
                tips.get(&anchor).and_then(|t| t.as_str()).unwrap_or_else(|| panic!("{page}: no tip for {anchor}"));
            if let Some((_, definition)) = definitions.iter().find(|(name, _)| *name == word) {
                assert!(tip.contains(definition), "{page}: `{word}` is described by its own definition, got {tip}");
                checked += 1;
            }
        }
    }
    // The extra chapter alone links its 8 occurrences (link = "all").
    assert!(checked >= 8, "term links with definitions were found and checked: {checked}");
}

#[test]
fn a_term_inside_book_title_marks_is_left_and_the_one_after_is_linked() {
    let (_, html) = built_with_chapter("先读《客户满意度手册》，再谈客户满意度；《FAQ》之后还有FAQ。");
    let text = prose(&html);
    assert!(text.contains("《客户满意度手册》"), "the title is left as written: {text}");
    assert!(text.contains("《FAQ》"), "{text}");
    let words: Vec<String> = linked_terms(&html).into_iter().map(|(w, _)| w).collect();
    assert_eq!(words, vec!["客户满意度", "FAQ"], "the occurrences after the titles are linked");
    let after_title = text.find("《客户满意度手册》").unwrap();
    assert!(text[after_title..].contains("再谈<a class=\"term\""), "{text}");
}

#[test]
fn a_term_whose_english_name_is_its_own_name_is_no_conflict() {
    let course = Course::fixture("golden");
    course.write(
        "content/01-basics/40-faq.md",
        "---\ntitle: 常见问题\nterms:\n  - name: KPI\n    en: kpi\n    aliases: [KPI]\n    level: 1\n    definition: 关键绩效指标。\n---\n\nKPI 是考核的依据。\n",
    );
    course.write("content/01-basics/41-kpi.md", "---\ntitle: 考核\n---\n\n客服的 KPI 每月统计一次。\n");
    let run = course.run(&["build"]);
    run.expect_code(0);
    assert!(!run.stderr().contains("already a name"), "{}", run.stderr());
}

#[test]
fn an_unused_term_is_warned_about_with_its_own_line_shown() {
    let course = Course::fixture("golden");
    course.write(
        "content/02-after-sale/09-alone.md",
        "---\ntitle: 孤单\nterms:\n  - name: 孤单术语\n    level: 1\n    definition: 只在这里出现。\n---\n\n孤单术语。\n",
    );
    let run = course.run(&["check"]);
    let stderr = run.stderr();
    let at = stderr.find("term `孤单术语` is never used outside").expect("the warning");
    let snippet = &stderr[at..];
    let snippet = &snippet[..snippet.find("help:").unwrap_or(snippet.len())];
    assert!(snippet.contains("4 |   - name: 孤单术语"), "the term's own line is shown: {snippet}");
}

#[test]
fn a_term_used_on_many_pages_lists_the_first_twelve_and_counts_the_rest() {
    let course = Course::fixture("golden");
    for n in 0..20 {
        course.write(
            &format!("content/02-after-sale/{:02}-use{n}.md", 20 + n),
            &format!("---\ntitle: 用{n}\n---\n\n提高客户满意度。\n"),
        );
    }
    let few = "---\ntitle: 少\nterms:\n  - name: 差评\n    level: 1\n    definition: 不好的评价。\n---\n\n差评。\n";
    course.write("content/02-after-sale/50-few.md", few);
    course.write("content/02-after-sale/51-fewer.md", "---\ntitle: 少用\n---\n\n一条差评。\n");
    course.run(&["build"]).expect_code(0);
    let glossary = course.read_output("glossary.html");
    let entry = &glossary[glossary.find("id=\"客户满意度\"").unwrap()..];
    let entry = &entry[..entry.find("</div>").unwrap()];
    let used = &entry[entry.find("class=\"used-in\"").expect("used-in")..];
    assert_eq!(used.matches("<a href=\"after-sale/use").count(), 12, "the first twelve pages: {used}");
    let more = &used[used.find("class=\"used-more\"").expect("the rest counted")..];
    let count: usize = more[more.find("另有 ").unwrap() + "另有 ".len()..].split(' ').next().unwrap().parse().unwrap();
    let pages = common::uses_pages(&course.book());
    assert_eq!(pages.len(), 1, "one term's list");
    let (file, uses) = &pages[0];
    assert!(
        more.starts_with(&format!("class=\"used-more\" href=\"{file}#客户满意度\">")),
        "the rest one click away, on a page of their own: {more}"
    );
    // That page lists every page using the term, by module, each linked, and links back.
    let list = &uses[uses.find("id=\"客户满意度\"").expect("the term's list")..];
    let list = &list[..list.find("</section>").unwrap()];
    assert!(list.contains(&format!("共 {} 处", 12 + count)), "{list}");
    assert!(list.contains("<a href=\"glossary.html#客户满意度\">客户满意度</a>"));
    assert_eq!(list.matches("<li><a href=").count(), 12 + count, "every page: {list}");
    assert!((0..20).all(|n| list.contains(&format!("<a href=\"after-sale/use{n}.html\">用{n}</a>"))), "{list}");
    let after_sale = list.find("<h3>售后模块</h3>").expect("grouped by module");
    assert!(list[after_sale..].contains("after-sale/use19.html"), "{list}");
    assert!(common::broken_links(&course.book()).is_empty());
    // A term listed whole in its entry has no such list.
    assert!(glossary.contains("<a href=\"after-sale/fewer.html\">少用</a>"), "{glossary}");
    assert_eq!(uses.matches("class=\"term-uses\"").count(), 1, "{uses}");
}

#[test]
fn an_unknown_term_like_no_other_gets_no_guess() {
    let course = Course::fixture("golden");
    course.write("content/01-basics/42-x.md", "---\ntitle: 无\n---\n\n[某](term:zzz)\n");
    let run = course.run(&["check"]);
    run.expect_code(1);
    assert!(run.stderr().contains("check the spelling"), "{}", run.stderr());
    assert!(!run.stderr().contains("did you mean"), "nothing shares a character with zzz: {}", run.stderr());
}

#[test]
fn a_term_defined_on_the_home_page_is_defined_in_the_home_pages_title() {
    let course = Course::fixture("golden");
    course.write(
        "content/index.md",
        "---\ntitle: 课程首页\nterms:\n  - name: 首页术语\n    level: 1\n    definition: 首页上定义的术语。\n---\n\n首页术语。\n",
    );
    course.write("content/01-basics/43-use.md", "---\ntitle: 使用\n---\n\n首页术语。\n");
    course.run(&["build"]).expect_code(0);
    let glossary = course.read_output("glossary.html");
    let entry = &glossary[glossary.find("id=\"首页术语\"").unwrap()..];
    assert!(entry.contains("<a href=\"index.html\">课程首页</a>"), "{}", &entry[..entry.find("</div>").unwrap()]);
}

#[test]
fn terms_starting_with_a_digit_are_listed_last_under_their_own_heading() {
    let course = Course::fixture("glossary");
    course.write(
        "content/02-service/03-numbers.md",
        "---\ntitle: 数字开头\nterms:\n  - name: 618大促\n    level: 1\n    definition: 年中的促销活动。\n---\n\n618大促期间咨询量大。\n",
    );
    course.run(&["build"]).expect_code(0);
    let html = course.read_output("glossary.html");
    let other = html.find("id=\"letter-#\"").expect("a heading for terms that start with no letter");
    let last_letter = html.find("id=\"letter-Y\"").unwrap();
    assert!(other > last_letter, "after every letter");
    assert!(html[other..].contains("id=\"618大促\""), "the term is under it");
}

#[test]
fn in_a_browser_a_definition_opens_by_its_word_in_a_table_and_inside_a_phone_screen() {
    let Some(browser) = common::browser::Browser::start() else { return };
    let rows: String = (1..=40).map(|i| format!("| 第{i}行 | 说明 |\n")).collect();
    let body = format!("开头。\n\n| 项目 | 术语 |\n|---|---|\n{rows}| 最后 | 这里讲客户满意度的一个很长很长很长的单元格客户 |\n\n结尾。");
    let (course, _) = built_with_chapter(&body);
    browser.session_call("POST", "/window/rect", serde_json::json!({"width": 390, "height": 740}));
    browser.open(&format!("file://{}/service/extra.html", course.book().display()));
    let last_in_table = "var a = Array.from(document.querySelectorAll('table a.term')).pop();";
    browser.run(&format!("{last_in_table} a.scrollIntoView({{block: 'center'}}); a.focus();"));
    assert!(
        browser.wait_for("var t = document.querySelector('.term-tip'); return !!t && !t.hidden"),
        "focus opens the tip"
    );
    let geometry = format!(
        "{last_in_table} var w = a.getClientRects()[0], r = document.querySelector('.term-tip').getBoundingClientRect(); \
         return [w.top, w.bottom, r.top, r.bottom, r.left, r.right, document.documentElement.clientWidth]"
    );
    let found = browser.run(&geometry);
    let numbers: Vec<f64> = found.as_array().map(|a| a.iter().filter_map(|v| v.as_f64()).collect()).unwrap_or_default();
    let [word_top, word_bottom, top, bottom, left, right, width] = numbers[..] else { panic!("tip geometry: {found}") };
    let beside = (word_top - bottom).abs() < 20.0 || (top - word_bottom).abs() < 20.0;
    assert!(beside, "the tip opens right above or below its word, not elsewhere: {found}");
    assert!(left >= 0.0 && right <= width, "the tip stays inside a 390 px screen: {found}");
}

#[test]
fn in_a_split_glossary_each_link_leads_to_the_part_whose_tip_file_holds_its_definition() {
    let course = common::split_glossary_course();
    course.write("content/02-after-sale/10-uses.md", "---\ntitle: 用到\n---\n\n术语17、术语342 与术语509。\n");
    course.run(&["build"]).expect_code(0);
    let html = course.read_output("after-sale/uses.html");
    let mut rest = html.as_str();
    let mut checked = Vec::new();
    while let Some(i) = rest.find("<a class=\"term\" href=\"../") {
        rest = &rest[i + "<a class=\"term\" href=\"../".len()..];
        let href = common::percent_decode(&rest[..rest.find('"').unwrap()]);
        let (file, anchor) = href.split_once('#').expect("an entry's anchor");
        let part = file.strip_suffix(".html").expect("a glossary page");
        assert!(part.starts_with("glossary-"), "a part of the split glossary: {href}");
        let word = &rest[rest.find('>').unwrap() + 1..rest.find("</a>").unwrap()];
        let tip = tips_of(&course, part)[anchor].as_str().unwrap_or_default().to_string();
        let number = word.trim_start_matches("术语");
        assert!(tip.contains(&format!("第{number}个概念")), "{word} → {href}: {tip}");
        checked.push(word.to_string());
    }
    assert_eq!(checked, ["术语17", "术语342", "术语509"]);
}

/// The glossary fixture with a chapter defining English terms some of which start with others,
/// and a chapter of `body` using them.
fn built_with_english_terms(body: &str) -> (Course, String, String) {
    let course = Course::fixture("glossary");
    course.write(
        "content/01-basics/02-english.md",
        "---\ntitle: English terms\nterms:\n  - name: net promoter score\n    level: 2\n    definition: A score.\n  - name: net promoter\n    level: 1\n    definition: A customer who recommends.\n  - name: post\n    level: 1\n    definition: A job.\n  - name: post of\n    level: 1\n    definition: A phrase.\n---\n\nDefinitions.\n",
    );
    course.write("content/02-service/03-english.md", &format!("---\ntitle: In English\n---\n\n{body}\n"));
    let run = course.run(&["build"]);
    run.expect_code(0);
    let stderr = run.stderr();
    let html = course.read_output("service/english.html");
    (course, html, stderr)
}

#[test]
fn a_shorter_english_term_links_where_a_longer_one_would_end_inside_a_word() {
    let (_, html, stderr) = built_with_english_terms(
        "Track net promoter scores weekly. Then the net promoter score.\n\nA post often helps.\n",
    );
    assert_eq!(
        linked_terms(&html),
        vec![
            ("net promoter".to_string(), "net-promoter".to_string()),
            ("net promoter score".to_string(), "net-promoter-score".to_string()),
            ("post".to_string(), "post".to_string()),
        ],
        "{}",
        prose(&html)
    );
    assert!(prose(&html).contains("Track <a class=\"term\""), "{}", prose(&html));
    assert!(
        prose(&html).contains("</a> scores weekly."),
        "the word after the shorter term stays text: {}",
        prose(&html)
    );
    assert!(!stderr.contains("term `post` is never used"), "`post` is used: {stderr}");
    assert!(!stderr.contains("term `net promoter` is never used"), "{stderr}");
    assert!(stderr.contains("term `post of` is never used"), "`post often` is not `post of`: {stderr}");
}

#[test]
fn a_term_link_written_with_the_spaces_of_a_term_of_several_words_links_it() {
    let (_, html, stderr) = built_with_english_terms(
        "## About [NPS](term:net promoter score)\n\nWe track [NPS](term:net promoter score) and [the promoters]( term:Net Promoter ).\n\nIn code: `[NPS](term:net promoter score)`.\n\n```\n[x](term:net promoter score)\n```\n",
    );
    assert_eq!(
        linked_terms(&html),
        vec![
            ("NPS".to_string(), "net-promoter-score".to_string()),
            ("NPS".to_string(), "net-promoter-score".to_string()),
            ("the promoters".to_string(), "net-promoter".to_string()),
        ],
        "{}",
        prose(&html)
    );
    assert!(html.contains("<h2 id=\"about-nps\">About <a class=\"term\""), "the heading's id is its words: {html}");
    assert!(html.contains("<code>[NPS](term:net promoter score)</code>"), "a code span stays as written: {html}");
    assert!(html.contains("<pre><code>[x](term:net promoter score)\n</code></pre>"), "so does a code block: {html}");
    assert!(!stderr.contains("error"), "{stderr}");
    assert!(!stderr.contains("term `net promoter score` is never used"), "linked, so used: {stderr}");
}

#[test]
fn a_term_link_with_spaces_naming_no_term_is_an_error_at_its_bracket_with_the_nearest_term() {
    let course = Course::fixture("glossary");
    course.write(
        "content/01-basics/02-english.md",
        "---\ntitle: English terms\nterms:\n  - name: net promoter score\n    level: 2\n    definition: A score.\n---\n\nDefinitions.\n",
    );
    course.write(
        "content/02-service/03-english.md",
        "---\ntitle: In English\n---\n\nFirst line.\n\nWe track [NPS](term:net promotor score) weekly.\n",
    );
    let run = course.run(&["check"]);
    run.expect_code(1);
    let stderr = run.stderr();
    for expected in [
        "error[CB-TERM-UNKNOWN]: content/02-service/03-english.md:7:10: `term:net promotor score` links to an unknown term",
        "did you mean `net promoter score`?",
    ] {
        assert!(stderr.contains(expected), "expected `{expected}` in:\n{stderr}");
    }
    assert!(!stderr.contains("CB-LINK-SPACES"), "a term link is read, not refused: {stderr}");
}

/// The glossary fixture with a chapter defining a term of each of `names`, built.
fn glossary_course_with_terms(names: &[&str]) -> Course {
    let course = Course::fixture("glossary");
    let terms = names
        .iter()
        .map(|name| format!("  - name: \"{name}\"\n    level: 1\n    definition: 一个概念。\n"))
        .collect::<String>();
    course.write("content/02-service/03-names.md", &format!("---\ntitle: 名称\nterms:\n{terms}---\n\n正文。\n"));
    course.run(&["build"]).expect_code(0);
    course
}

/// The section of `glossary` (a glossary page's HTML) listing the terms under `letter`.
fn letter_section(glossary: &str, letter: char) -> &str {
    let id = format!("id=\"letter-{letter}\"");
    let section = &glossary[glossary.find(&id).unwrap_or_else(|| panic!("a section {letter}"))..];
    &section[..section.find("</section>").expect("the section ends")]
}

#[test]
fn terms_starting_with_a_symbol_or_a_digit_share_one_section_last_and_the_bar_leads_there() {
    // `#` sorts before A and `{` after Z: each made a section `letter-#` of its own (two equal
    // ids, found by a course generator written from FORMAT.md alone), and the A–Z bar had no `#`.
    // Such terms are listed last, as a term starting with a digit always was.
    let course = glossary_course_with_terms(&["#标签", "{花括号}", "3C认证"]);
    let glossary = course.read_output("glossary.html");
    assert_eq!(glossary.matches("id=\"letter-#\"").count(), 1, "one section for every such term");
    let section = letter_section(&glossary, '#');
    for name in ["#标签", "{花括号}", "3C认证"] {
        assert!(section.contains(&format!("glossary-term\">{name} <")), "{name} in the `#` section");
    }
    let last_section = glossary.rfind("class=\"glossary-letter\"").unwrap();
    assert!(glossary[last_section..].starts_with("class=\"glossary-letter\" id=\"letter-#\""), "the `#` section last");
    let bar = &glossary[glossary.find("glossary-jump").unwrap()..];
    let bar = bar[..bar.find("</nav>").unwrap()].trim_end();
    assert!(bar.ends_with("<a href=\"#letter-%23\" data-levels=\"1\">#</a>"), "the bar ends with `#`: {bar}");
    assert!(common::broken_links(&course.book()).is_empty(), "{:?}", common::broken_links(&course.book()));
}

#[test]
fn a_latin_term_with_an_accented_initial_is_listed_under_its_letter() {
    // `Émile` was listed under `#` after Z, with the symbols; a reader looks for it under E.
    let course = glossary_course_with_terms(&["Émile效应", "Über-Versand", "ＡＰＰ推广"]);
    let glossary = course.read_output("glossary.html");
    for (name, letter) in [("Émile效应", 'E'), ("Über-Versand", 'U'), ("ＡＰＰ推广", 'A')] {
        assert!(
            letter_section(&glossary, letter).contains(&format!("glossary-term\">{name} <")),
            "{name} under {letter}"
        );
    }
    assert!(!glossary.contains("id=\"letter-#\""), "no `#` section for them");
    assert!(common::broken_links(&course.book()).is_empty(), "{:?}", common::broken_links(&course.book()));
}

/// Builds `course`, checks that no page repeats an id, and returns the HTML of the chapter
/// `…/04-ids.md`.
fn ids_chapter_built(course: &common::Course) -> String {
    course.run(&["build"]).expect_code(0);
    let pages = common::html_files(&course.book());
    assert_each_id_once(&pages);
    pages.into_iter().find(|(path, _)| path.ends_with("ids.html")).expect("the chapter's page").1
}

/// Fails when a page of `pages` (site path, HTML) has an id twice (`id="…"` or `id='…'`).
fn assert_each_id_once(pages: &std::collections::BTreeMap<String, String>) {
    for (path, html) in pages {
        let mut ids: Vec<&str> =
            html.split(" id=").skip(1).filter_map(|rest| rest.get(1..)?.split(['"', '\'']).next()).collect();
        ids.sort_unstable();
        let repeated: Vec<&&str> = ids.windows(2).filter(|w| w[0] == w[1]).map(|w| &w[0]).collect();
        assert!(repeated.is_empty(), "{path} repeats ids {repeated:?}");
    }
}

/// Each id once on a page: a heading or a glossary entry named like a part of the page itself
/// (`Main`, `Sidebar`, `Settings scheme`, a footnote's `fn-1`) takes `-1`, so that a link to it
/// lands on it, not on the page's `<main>` or the footnote (found by a fifth course generator
/// written from FORMAT.md alone); an `id:` the glossary page uses for itself is refused.
#[test]
fn headings_and_terms_named_like_the_pages_own_parts_keep_ids_of_their_own() {
    // A slug is lowercase: `Letter B` is no `letter-B`, nor is `id: letter-of-credit` a letter's.
    let course = glossary_course_with_terms(&["Main", "Sidebar", "Letter B"]);
    course.write(
        "content/02-service/04-ids.md",
        "---\ntitle: 编号\n---\n\n文[^1]，见 Main。\n\n## Fn 1\n\n## Main\n\n## Settings scheme\n\n## Term tip\n\n## Search dropdown\n\n[^1]: 注。\n",
    );
    let chapter = ids_chapter_built(&course);
    // The scripts' tooltip and search box have ids of their own too.
    for heading in [
        "<h2 id=\"fn-1-1\">",
        "<h2 id=\"main-1\">",
        "<h2 id=\"settings-scheme-1\">",
        "<h2 id=\"term-tip-1\">",
        "<h2 id=\"search-dropdown-1\">",
    ] {
        assert!(chapter.contains(heading), "{heading} in:\n{chapter}");
    }
    assert!(chapter.contains("glossary.html#main-1\""), "the term link leads to the entry:\n{chapter}");
    let glossary = course.read_output("glossary.html");
    assert!(glossary.contains("id=\"main-1\"") && glossary.contains("id=\"sidebar-1\""), "{glossary}");
    assert!(common::broken_links(&course.book()).is_empty(), "{:?}", common::broken_links(&course.book()));

    assert!(glossary.contains("id=\"letter-b\""), "{glossary}");
    course.write(
        "content/02-service/03-names.md",
        "---\ntitle: 名称\nterms:\n  - name: 信用证\n    level: 1\n    id: letter-of-credit\n    definition: 一个概念。\n---\n\n正文。\n",
    );
    course.run(&["check"]).expect_code(0);
    course.write(
        "content/02-service/03-names.md",
        "---\ntitle: 名称\nterms:\n  - name: 字母\n    level: 1\n    id: letter-S\n    definition: 一个概念。\n---\n\n正文。\n",
    );
    let run = course.run(&["check"]);
    run.expect_code(1);
    assert!(
        run.stderr().contains("term `字母` has the anchor `letter-S`, which the glossary page uses for itself"),
        "{}",
        run.stderr()
    );
}

/// A course's own theme may write ids of its own (a banner, a notice): headings and glossary
/// entries leave them to it as they do the default theme's, whichever template writes them.
#[test]
fn headings_and_terms_named_like_a_course_theme_s_own_elements_keep_ids_of_their_own() {
    let course = glossary_course_with_terms(&["Course banner", "School notice"]);
    let base =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"))
            .expect("the default theme's base.html");
    let body_start = base.find("<body").expect("a body");
    let body_end = body_start + base[body_start..].find('>').expect("the body tag ends") + 1;
    let base = format!("{}\n<div id=\"course-banner\">学校</div>{}", &base[..body_end], &base[body_end..]);
    course.write("themes/school/templates/base.html", &base);
    course.write("themes/school/templates/glossary.html", &{
        let glossary = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/glossary.html"),
        )
        .expect("the default theme's glossary.html");
        glossary.replacen("{% block main %}", "{% block main %}<p id='school-notice'>通知</p>", 1)
    });
    let book = std::fs::read_to_string(course.root().join("book.toml")).unwrap();
    course.write("book.toml", &format!("{book}\n[build]\ntheme = \"school\"\n"));
    course.write(
        "content/02-service/04-ids.md",
        "---\ntitle: 编号\n---\n\n见 Course banner 与 School notice。\n\n## Course banner\n\n## School notice\n",
    );
    let chapter = ids_chapter_built(&course);
    assert!(chapter.contains("<div id=\"course-banner\">学校</div>"), "the theme's element: {chapter}");
    for heading in ["<h2 id=\"course-banner-1\">", "<h2 id=\"school-notice-1\">"] {
        assert!(chapter.contains(heading), "{heading} in:\n{chapter}");
    }
    assert!(chapter.contains("glossary.html#course-banner-1\""), "the term link leads to the entry:\n{chapter}");
    let glossary = course.read_output("glossary.html");
    assert!(glossary.contains("<p id='school-notice'>"), "{glossary}");
    assert!(glossary.contains("id=\"course-banner-1\"") && glossary.contains("id=\"school-notice-1\""), "{glossary}");
    assert!(common::broken_links(&course.book()).is_empty(), "{:?}", common::broken_links(&course.book()));
}

#[test]
fn a_term_read_otherwise_than_its_first_character_usually_is_listed_where_its_pinyin_says() {
    let course = Course::fixture("golden");
    course.write(
        "content/01-basics/50-tail.md",
        "---\ntitle: 长尾\nterms:\n  - name: 长尾商品\n    level: 1\n    pinyin: cháng wěi shāng pǐn\n    definition: 销量小但种类多的商品。\n  - name: 店长\n    level: 1\n    definition: 店铺的负责人。\n  - name: 长辈\n    level: 1\n    definition: 年长的人。\n---\n\n长尾商品、店长与长辈。\n",
    );
    course.run(&["build"]).expect_code(0);
    let glossary = course.read_output("glossary.html");
    let section = |letter: char| {
        let start = glossary.find(&format!("id=\"letter-{letter}\"")).unwrap_or_else(|| panic!("section {letter}"));
        let end = glossary[start..].find("</section>").map_or(glossary.len(), |e| start + e);
        glossary[start..end].to_string()
    };
    assert!(section('C').contains("长尾商品"), "cháng, as its pinyin says");
    assert!(section('D').contains("店长"));
    assert!(section('Z').contains("长辈"), "without pinyin: 长's usual reading, zhǎng");
    course.write(
        "content/01-basics/50-tail.md",
        "---\ntitle: 长尾\nterms:\n  - name: 长尾商品\n    level: 1\n    pinyin: 长尾\n    definition: 销量小。\n---\n",
    );
    let run = course.run(&["check"]);
    run.expect_code(1);
    assert!(run.stderr().contains("50-tail.md:6:13"), "file, line and column: {}", run.stderr());
    assert!(run.stderr().contains("pinyin: chang wei"), "what to write: {}", run.stderr());
}
