//! Search in a real headless Chromium (Debian's `chromium` + `chromedriver`), with the site
//! opened from a folder (`file://`): Chinese two- and one-character queries, English names,
//! full-width input, keyboard navigation, and clicking a result landing on its section.
//! Also the index budget: no larger than the course's Markdown, and a first file that does not
//! grow with the course.

use crate::common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::browser::Browser;
use coursebook::search::MAIN_FILE_MAX_BYTES;
use coursebook::synthetic::{self, Density};
use serde_json::json;

fn built_site() -> common::Course {
    let course = common::Course::fixture("search");
    course.run(&["build"]).expect_code(0);
    course
}

fn search_url(course: &common::Course, query: &str) -> String {
    let encoded: String = query.bytes().map(|b| format!("%{b:02X}")).collect();
    format!("file://{}/search.html?q={encoded}", course.book().display())
}

/// The results the search page lists for `query`: class, title, section and link of each.
fn search(browser: &Browser, course: &common::Course, query: &str) -> Vec<[String; 4]> {
    browser.open(&search_url(course, query));
    browser.results(".search-page-results")
}

fn titles(rows: &[[String; 4]]) -> Vec<String> {
    rows.iter().map(|r| format!("{} / {}", r[1].trim(), r[2].trim())).collect()
}

#[test]
fn chinese_english_and_full_width_queries_find_their_sections() {
    let Some(browser) = Browser::start() else { return };
    let course = built_site();

    let rows = search(&browser, &course, "退货");
    assert_eq!(titles(&rows)[0], "退换货 / 七天无理由退货", "{rows:?}");
    assert!(
        rows[0][3].ends_with("returns.html#%E4%B8%83%E5%A4%A9%E6%97%A0%E7%90%86%E7%94%B1%E9%80%80%E8%B4%A7"),
        "{rows:?}"
    );

    let rows = search(&browser, &course, "退");
    assert!(titles(&rows)[0].starts_with("退换货"), "one-character query: {rows:?}");

    let rows = search(&browser, &course, "FAQ 常见");
    assert_eq!(titles(&rows)[0], "常见问题 / 整理常见问题", "the answering section first: {rows:?}");
    let term = rows.iter().position(|r| r[0].contains("result-term") && r[1].contains("FAQ"));
    assert!(term.is_some_and(|t| t > 0), "the matching term listed after the sections: {rows:?}");

    let rows = search(&browser, &course, "customer loyalty");
    assert!(titles(&rows)[0].starts_with("忠诚的顾客"), "the chapter defining the term first: {rows:?}");
    assert!(
        rows.iter().any(|r| r[0].contains("result-term") && r[1].contains("客户忠诚度") && r[1].contains("★★")),
        "term by English name, with stars: {rows:?}"
    );

    let rows = search(&browser, &course, "ＦＡＱ");
    assert!(titles(&rows).contains(&"常见问题 / 整理常见问题".to_string()), "full-width finds FAQ: {rows:?}");
    assert_eq!(rows, search(&browser, &course, "FAQ"), "full-width letters search as their ASCII forms");

    let rows = search(&browser, &course, "忠诚");
    assert!(titles(&rows)[0].starts_with("忠诚的顾客"), "the chapter about the query's word first: {rows:?}");
    let snippet = browser.run("return document.querySelector('.search-page-results .search-result:not(.result-term) .result-snippet').innerHTML");
    assert!(snippet.as_str().unwrap().contains("<mark>忠诚</mark>"), "match highlighted: {snippet}");
}

#[test]
fn a_query_typed_without_accents_finds_the_accented_word_and_marks_it() {
    let Some(browser) = Browser::start() else { return };
    let course = common::Course::fixture("search");
    course.write(
        "content/01-pre/09-accents.md",
        "---\ntitle: 外语词\n---\n\n## Café 客服\n\n在 café 门店接待 naïve 的顾客，拼音写作 kèfú。\n",
    );
    course.run(&["build"]).expect_code(0);
    for query in ["cafe", "café", "CAFÉ", "kefu", "naive"] {
        let rows = search(&browser, &course, query);
        assert_eq!(titles(&rows).first().map(String::as_str), Some("外语词 / Café 客服"), "{query}: {rows:?}");
    }
    search(&browser, &course, "cafe");
    let snippet =
        browser.run("return document.querySelector('.search-page-results .search-result .result-snippet').innerHTML");
    assert!(snippet.as_str().unwrap().contains("<mark>café</mark>"), "the accented word marked: {snippet}");
}

#[test]
fn a_query_that_finds_nothing_offers_the_nearest_terms() {
    let Some(browser) = Browser::start() else { return };
    let course = built_site();
    let rows = search(&browser, &course, "qa");
    assert!(
        rows.iter().all(|r| r[0].contains("result-term") && r[0].contains("result-suggestion")),
        "no section, only terms offered as suggestions (Enter opens none): {rows:?}"
    );
    assert!(rows.iter().any(|r| r[1].contains("FAQ")), "FAQ shares letters with the query: {rows:?}");
    let group = browser.run("return document.querySelector('.search-page-results .search-group').textContent");
    assert_eq!(group.as_str(), Some("没有找到相关内容，试试这些术语："));
    let status = browser.run("return document.querySelector('.search-status').textContent");
    assert_eq!(status.as_str(), Some("没有找到结果"));
}

#[test]
fn clicking_a_result_lands_on_the_section() {
    let Some(browser) = Browser::start() else { return };
    let course = built_site();
    let rows = search(&browser, &course, "换货流程");
    assert_eq!(titles(&rows)[0], "退换货 / 换货流程", "{rows:?}");
    let link = browser.element(".search-page-results .search-result a");
    browser.session_call("POST", &format!("/element/{link}/click"), json!({}));
    let deadline = Instant::now() + Duration::from_secs(10);
    while !browser.current_url().contains("returns.html") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    let url = browser.current_url();
    assert!(url.ends_with("after/returns.html#%E6%8D%A2%E8%B4%A7%E6%B5%81%E7%A8%8B"), "{url}");
    let target =
        browser.run("return document.querySelector(':target') ? document.querySelector(':target').textContent : ''");
    assert_eq!(target.as_str(), Some("换货流程"));
}

#[test]
fn search_box_on_every_page_with_keyboard_navigation() {
    let Some(browser) = Browser::start() else { return };
    let course = built_site();
    browser.open(&format!("file://{}/pre/faq.html", course.book().display()));
    browser.run("document.body.focus()");
    browser.session_call(
        "POST",
        "/actions",
        json!({"actions": [{"type": "key", "id": "kb", "actions": [
        {"type": "keyDown", "value": "/"}, {"type": "keyUp", "value": "/"}]}]}),
    );
    let focused = browser.run("return document.activeElement.className");
    assert_eq!(focused.as_str(), Some("search-input"), "`/` focuses the search box");
    browser.type_into(".search-input", "换货");
    let rows = browser.results(".search-dropdown");
    assert!(!rows.is_empty());
    browser.type_into(".search-input", "\u{E015}\u{E007}"); // ArrowDown, Enter
    let deadline = Instant::now() + Duration::from_secs(10);
    while !browser.current_url().contains("returns.html") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(browser.current_url().contains("after/returns.html#"), "{}", browser.current_url());
}

#[test]
fn index_is_no_larger_than_the_course_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let run = common::run_in(root, &["build", "--dest", dest.to_str().unwrap()]);
    run.expect_code(0);
    let index = reported_index_size(&dest.join("search"), &run);
    let markdown: u64 = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.metadata().unwrap().len())
        .sum();
    assert!(index <= markdown, "search index {index} bytes > course Markdown {markdown} bytes");
}

/// The size of the index's files, asserted to be the size the build reported.
fn reported_index_size(search: &Path, run: &common::Run) -> u64 {
    let bytes: u64 = std::fs::read_dir(search).unwrap().map(|e| e.unwrap().metadata().unwrap().len()).sum();
    let reported = format!("search index: {:.1} KB", bytes as f64 / 1024.0);
    assert!(run.stderr().contains(&reported), "the size reported is the files' ({reported}): {}", run.stderr());
    bytes
}

/// The search fixture pushed over the sharding threshold by a long chapter in each module, each
/// module still under a shard's target size; built.
fn sharded_course() -> (common::Course, common::Run) {
    let course = common::Course::fixture("search");
    let filler = "客户服务需要耐心与真诚，每一次回复都影响顾客的体验。\n\n".repeat(6000);
    course.write(
        "content/01-pre/03-long.md",
        &format!("---\ntitle: 长章节一\n---\n\n## 服务态度\n\n{filler}\n## 独有词语\n\n只在售前出现的蓝鲸。\n"),
    );
    course.write("content/02-after/02-long.md", &format!("---\ntitle: 长章节二\n---\n\n## 服务态度\n\n{filler}"));
    let run = course.run(&["build"]);
    run.expect_code(0);
    (course, run)
}

#[test]
fn a_large_course_gets_one_shard_per_module_and_reports_its_size() {
    let (course, run) = sharded_course();
    let search = course.book().join("search");
    let mut files: Vec<String> =
        std::fs::read_dir(&search).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    let shards: Vec<&String> = files.iter().filter(|f| f.starts_with("shard-")).collect();
    assert_eq!(shards, ["shard-0.js", "shard-1.js"], "one shard per module");
    assert!(files.iter().any(|f| f.starts_with("filters-")), "with their Bloom filters: {files:?}");
    let shard = std::fs::read_to_string(search.join("shard-0.js")).unwrap();
    assert!(shard.contains("蓝鲸") && !shard.contains("长章节二"), "the first module's pages in its shard");
    reported_index_size(&search, &run);
}

#[test]
fn a_large_course_is_sharded_and_a_query_loads_only_matching_shards() {
    let Some(browser) = Browser::start() else { return };
    let (course, _) = sharded_course();
    let rows = search(&browser, &course, "蓝鲸");
    assert_eq!(titles(&rows), vec!["长章节一 / 独有词语".to_string()], "{rows:?}");
    let loaded = browser.run(
        "return Array.from(document.querySelectorAll('script[src*=\"search/shard-\"]')).map(function (s) { return s.getAttribute('src'); })",
    );
    assert_eq!(loaded, json!(["search/shard-0.js"]), "the Bloom filters kept shard 1 from loading");
}

#[test]
fn a_definition_written_over_several_lines_reads_as_one_sentence_in_the_index() {
    let course = common::Course::fixture("search");
    course.write(
        "content/01-pre/03-lines.md",
        "---\ntitle: 多行\nterms:\n  - name: 多行术语\n    level: 1\n    definition: |\n      first line\n      second line\n---\n\n多行术语。\n",
    );
    course.run(&["build"]).expect_code(0);
    let terms = index_files(&course.book(), "terms-");
    assert!(terms.contains("\"first line second line\""), "{terms}");
}

/// The files of the index whose names start with `prefix`, one after the other.
fn index_files(book: &Path, prefix: &str) -> String {
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(book.join("search"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
}

#[test]
fn every_page_is_in_the_index_once() {
    let site = common::golden_site();
    let shards = index_files(&site.book(), "shard-");
    for page in ["index.html", "basics/index.html", "basics/intro.html", "after-sale/returns.html"] {
        assert_eq!(shards.matches(&format!("[\"{page}\",")).count(), 1, "{page} once in {shards}");
    }
}

/// A generated course of 300 chapters in three modules and 4,000 terms, and one more chapter at
/// its far end defining a term and holding a word no other page has; built. (Before, the first
/// file of its index listed every page and term: 989 KB.)
fn large_course_with_a_last_chapter() -> common::Course {
    let generated = tempfile::tempdir().unwrap();
    synthetic::write(generated.path(), 300, Some(3), Some(4000), Density::default()).expect("corpus");
    let course = common::Course { dir: tempfile::tempdir().unwrap() };
    common::copy_dir(&generated.path().join("coursebook"), course.root());
    course.write(
        "content/003-mod003/99999-last.md",
        "---\ntitle: 远方的章节\nterms:\n  - name: 独角鲸守则\n    en: Narwhal Rule\n    level: 3\n    \
         definition: 只在最后一章讲到的规则。\n---\n\n## 独角鲸\n\n独角鲸守则只在课程的最后一章讲到。\n",
    );
    course.run(&["build"]).expect_code(0);
    course
}

#[test]
fn a_large_course_loads_a_bounded_first_file_and_finds_its_last_chapter() {
    let course = large_course_with_a_last_chapter();
    let index = course.book().join("search");
    let main = std::fs::read_to_string(index.join("index.js")).unwrap();
    assert!(main.len() <= MAIN_FILE_MAX_BYTES, "the first file a search loads is {} bytes: {main}", main.len());
    let mut largest = (0, String::new());
    for entry in std::fs::read_dir(&index).unwrap().map(Result::unwrap) {
        largest = largest.max((entry.metadata().unwrap().len(), entry.file_name().to_string_lossy().into_owned()));
    }
    assert!(largest.0 < 1024 * 1024, "no file of the index passes 1 MB: {largest:?}");

    let Some(browser) = Browser::start() else { return };
    let rows = search(&browser, &course, "独角鲸");
    assert_eq!(titles(&rows)[0], "远方的章节 / 独角鲸", "the last chapter's section, titled: {rows:?}");
    assert!(rows[0][3].ends_with("mod003/last.html#%E7%8B%AC%E8%A7%92%E9%B2%B8"), "with its link: {rows:?}");
    assert!(
        rows.iter().any(|r| r[0].contains("result-term") && r[1].contains("独角鲸守则") && r[1].contains("★★★")),
        "the term it defines, with its stars: {rows:?}"
    );
    let rows = search(&browser, &course, "narwhal rule");
    let term = rows.iter().find(|r| r[0].contains("result-term")).expect("the term by its English name");
    assert!(term[1].contains("独角鲸守则") && term[3].contains("glossary"), "{rows:?}");
    assert!(titles(&rows)[0].starts_with("远方的章节"), "the chapter defining it first: {rows:?}");
    let loaded = browser.run("return Array.from(document.querySelectorAll('script[src*=\"search/shard-\"]')).length");
    let shards = std::fs::read_dir(&index)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with("shard-"));
    assert!(loaded.as_u64().unwrap() < shards.count() as u64, "only the shards that may answer: {loaded}");
}

/// The index files a search page has loaded (their `src`), sorted.
fn loaded_index_files(browser: &Browser) -> Vec<String> {
    let value = browser.run(
        "return Array.from(document.querySelectorAll('script[src*=\"search/\"]')).map(function (s) { return s.getAttribute('src'); }).sort()",
    );
    value.as_array().into_iter().flatten().map(|v| v.as_str().unwrap_or_default().to_string()).collect()
}

#[test]
fn a_pasted_paragraph_is_searched_by_its_first_characters_and_says_so() {
    let Some(browser) = Browser::start() else { return };
    let course = large_course_with_a_last_chapter();
    // Its first 80 characters, then characters they do not hold: searched whole, the tail's
    // pairs would load parts of the index the first 80 characters do not name.
    let head = format!("独角鲸守则{}", "客户服务需要耐心与真诚，每一次回复都影响顾客的体验。".repeat(3));
    let paragraph = format!("{head}退货流程包括申请审核寄回验收退款五个步骤，物流费用由商家承担，发票随包裹寄出。");
    let rows = search(&browser, &course, &paragraph);
    assert_eq!(titles(&rows)[0], "远方的章节 / 独角鲸", "its first characters still find their section: {rows:?}");
    let status = browser.text(".search-status");
    assert!(status.contains("只按前 80 个字搜索"), "the student is told the query was cut: {status}");
    let pasted = loaded_index_files(&browser);

    let first: String = paragraph.chars().take(80).collect();
    let rows = search(&browser, &course, &first);
    assert_eq!(titles(&rows)[0], "远方的章节 / 独角鲸", "{rows:?}");
    let status = browser.text(".search-status");
    assert!(
        status.contains("找到") && !status.contains("只按前"),
        "a query of 80 characters is searched whole: {status}"
    );
    assert_eq!(pasted, loaded_index_files(&browser), "a pasted paragraph loads what its first 80 characters load");

    // An English question is cut between words, never inside one; what comes before the first
    // letter (a paste's punctuation) does not count.
    let english = "how should I answer a customer who wants to return an opened item after the seven-day period";
    let clipped = browser.run(&format!("return window.coursebookSearch.clip({})", json!(english)));
    assert_eq!(clipped, json!("how should I answer a customer who wants to return an opened item after the"));
    let pasted = format!("{}独角鲸{}", "！".repeat(100), "客".repeat(100));
    let clipped = browser.run(&format!("return window.coursebookSearch.clip({})", json!(pasted)));
    assert_eq!(clipped, json!(format!("独角鲸{}", "客".repeat(77))));

    // The box at the top of every page says it under its results, where it can be seen.
    browser.open(&format!("file://{}/mod003/last.html", course.book().display()));
    browser.type_into(".search-input", &paragraph);
    assert!(
        browser.wait_for("return !!document.querySelector('#search-dropdown .search-note')"),
        "a note in the dropdown"
    );
    assert!(browser.text("#search-dropdown .search-note").contains("只按前 80 个字搜索"));
}

#[test]
fn small_modules_share_a_search_shard_and_each_page_is_in_one() {
    // Twelve modules of one chapter of 62 KB of text after the fixture's two small ones: over
    // 512 KB, so the index is split, and a shard is ended at a module's end once it holds 256 KB:
    // the fixture's modules with modules 1–5 (4 × 62 KB is not yet 256), 6–10, 11–12.
    let course = common::Course::fixture("search");
    let paragraph = format!("{}\n\n", "顾客询问退货流程时，客服先确认订单状态，再说明规则。".repeat(100));
    for m in 1..=12 {
        course
            .write(&format!("content/{:02}-m{m}/index.md", m + 2), &format!("---\ntitle: 模块{m}\n---\n\n模块{m}。\n"));
        course.write(
            &format!("content/{:02}-m{m}/01-c.md", m + 2),
            &format!("---\ntitle: 章{m}\n---\n\n{}", paragraph.repeat(8)),
        );
    }
    course.run(&["build"]).expect_code(0);
    let main = std::fs::read_to_string(course.book().join("search/index.js")).unwrap();
    let shards: usize = main.split("\"shards\":").nth(1).and_then(|rest| rest.split(',').next()?.parse().ok()).unwrap();
    assert_eq!(shards, 3, "{main}");
    let texts: Vec<String> = (0..shards)
        .map(|i| std::fs::read_to_string(course.book().join(format!("search/shard-{i}.js"))).unwrap())
        .collect();
    let shard_of = |m: usize| {
        let href = format!("\"m{m}/c.html\"");
        let holding: Vec<usize> = (0..shards).filter(|&i| texts[i].contains(&href)).collect();
        assert_eq!(holding.len(), 1, "chapter {m} is in exactly one shard");
        holding[0]
    };
    let shard_of_each: Vec<usize> = (1..=12).map(shard_of).collect();
    assert_eq!(shard_of_each, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2]);
}

/// The search fixture with a module of 3,000 terms named alike: `相关术语N号`, `alias term N`.
fn course_of_names_alike() -> common::Course {
    let course = common::Course::fixture("search");
    write_names_alike(&course);
    course.run(&["build"]).expect_code(0);
    course
}

/// Writes 3,000 terms named alike into `course` (相关术语N号, alias term N), and six named to be
/// held side by side in a question.
fn write_names_alike(course: &common::Course) {
    course.write("content/03-alike/index.md", "---\ntitle: 相关\n---\n\n相关术语。\n");
    for chapter in 0..30 {
        let terms: String = (chapter * 100..chapter * 100 + 100)
            .map(|n| {
                format!(
                    "  - name: 相关术语{n}号\n    en: alias term {n}\n    level: {}\n    definition: 第 {n} 个相关的术语。\n",
                    1 + n % 3
                )
            })
            .collect();
        course.write(
            &format!("content/03-alike/{chapter:02}-part{chapter:02}.md"),
            &format!(
                "---\ntitle: 相关术语 {chapter}\nterms:\n{terms}---\n\n## 第 {chapter} 组\n\n这一组讲相关术语{}号。\n",
                chapter * 100
            ),
        );
    }
    // Names a question may hold side by side, inside one another, or nearly.
    let side = [("机器学习", 1), ("过拟合", 3), ("心态", 3), ("员工心态培训", 1), ("顾客", 1), ("顾客满意指数", 3)];
    let terms: String = side
        .iter()
        .map(|(name, level)| format!("  - name: {name}\n    level: {level}\n    definition: {name}的意思。\n"))
        .collect();
    course
        .write("content/03-alike/99-side.md", &format!("---\ntitle: 并列\nterms:\n{terms}---\n\n## 并列\n\n正文。\n"));
}

/// [`course_of_names_alike`] with a thousand names holding `xa` (ten of them ★★★), a thousand
/// holding `ay`, and five holding `xay`: four ★★★ (`xay 1` also as its alias `xay one`), the
/// fifth ★ and last in glossary order.
fn course_of_crowded_names() -> common::Course {
    let course = common::Course::fixture("search");
    write_names_alike(&course);
    // The ★★★ ones last in glossary order: only a ranking by level first finds them.
    let crowd: String = (0..1000)
        .flat_map(|n| [(format!("xa {n}"), if n >= 990 { 3 } else { 1 }), (format!("ay {n}"), 1)])
        .chain((1..=5).map(|n| (format!("xay {n}"), if n < 5 { 3 } else { 1 })))
        .map(|(name, level)| format!("  - name: {name}\n    level: {level}\n    definition: 名为 {name}。\n"))
        .map(|entry| entry.replace("  - name: xay 1\n", "  - name: xay 1\n    aliases: [xay one]\n"))
        .collect();
    course
        .write("content/03-alike/98-crowd.md", &format!("---\ntitle: 拥挤\nterms:\n{crowd}---\n\n## 拥挤\n\n正文。\n"));
    course.run(&["build"]).expect_code(0);
    course
}

/// The terms a search shows (each as its row's title: name, stars), the bytes of the words
/// holding the query it loaded (`forms` and `more`), and how many parts of `more`.
fn shown_terms_and_load(browser: &Browser, course: &common::Course, question: &str) -> (Vec<String>, u64, usize) {
    let rows = search(browser, course, question);
    let names = rows.iter().filter(|r| r[0].contains("result-term")).map(|r| r[1].trim().to_string());
    let book = course.book();
    let loaded: Vec<String> = loaded_index_files(browser)
        .into_iter()
        .filter(|f| ["search/forms-", "search/more-"].iter().any(|k| f.contains(k)))
        .collect();
    let bytes = loaded
        .iter()
        .map(|f| std::fs::metadata(book.join(&f[f.find("search/").unwrap()..])).map_or(0, |m| m.len()))
        .sum();
    (names.collect(), bytes, loaded.iter().filter(|f| f.contains("search/more-")).count())
}

#[test]
fn a_query_thousands_of_names_hold_loads_the_best_ranked_of_them_and_a_rare_one_is_still_found() {
    let course = course_of_crowded_names();
    let Some(browser) = Browser::start() else { return };
    // Every 相关 name holds 相关术语 (its words take 100 KB, all loaded before): the five shown
    // are the first ★★★ in glossary order, all in the first part of `more`.
    let (names, bytes, more) = shown_terms_and_load(&browser, &course, "相关术语");
    let first: Vec<&str> = names.iter().map(|n| n.split(' ').next().unwrap_or_default()).collect();
    assert_eq!(first, ["相关术语1001号", "相关术语1004号", "相关术语1007号", "相关术语1010号", "相关术语1013号"]);
    assert_eq!(more, 1, "one part of more");
    assert!(bytes < 40 * 1024, "{bytes} bytes of words holding the query loaded");
    // The ten ★★★ names holding xa come last in glossary order, first in the parts of `more`.
    let (names, _, more) = shown_terms_and_load(&browser, &course, "xa");
    assert_eq!(names.len(), 5, "{names:?}");
    assert!(names.iter().all(|n| n.starts_with("xa 99") && n.contains("★★★")), "{names:?}");
    assert_eq!(more, 1, "{names:?}");
    // Four terms (five words) holding xay are in the first part of xa's, the fifth is ranked last
    // of the thousand: found only by loading on while fewer than five terms are.
    let (names, _, more) = shown_terms_and_load(&browser, &course, "xay");
    assert_eq!(names.len(), 5, "{names:?}");
    for (n, name) in names.iter().enumerate() {
        assert!(name.starts_with(&format!("xay {}", n + 1)), "{names:?}");
    }
    assert!(more >= 2, "{more} parts of more");
}

#[test]
fn a_term_named_inside_a_question_comes_first_among_thousands_named_alike_and_loads_little() {
    let course = course_of_names_alike();
    let book = course.book();
    let size = |file: &str| std::fs::metadata(book.join(file)).map_or(0, |m| m.len());
    let largest_words_part = std::fs::read_dir(book.join("search"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name().to_string_lossy().starts_with("words-"))
        .map(|e| e.metadata().unwrap().len())
        .max()
        .unwrap();
    // Under its first pair, every 相关… name would share one part (150 KB); under its rarest, the
    // pair of its number, they spread.
    assert!(largest_words_part < 80 * 1024, "no part of words holds every name alike: {largest_words_part} bytes");

    let Some(browser) = Browser::start() else { return };
    // `alias term 1186` (level 2) holds `alias term 11` (level 3), `… 118` and `… 1`: the
    // longest word the question holds is the one it names.
    for (question, name) in [
        ("什么是相关术语1187号？", "相关术语1187号"),
        ("what is alias term 1186 about", "相关术语1186号"),
        ("相关术语2号", "相关术语2号"),
    ] {
        let rows = search(&browser, &course, question);
        let terms: Vec<&[String; 4]> = rows.iter().filter(|r| r[0].contains("result-term")).collect();
        assert!(
            terms.first().is_some_and(|t| t[1].contains(name)),
            "{question}: the term it names first, before the near names: {terms:?}"
        );
        let loaded: u64 = loaded_index_files(&browser)
            .iter()
            .filter(|f| ["search/words-", "search/forms-", "search/more-"].iter().any(|k| f.contains(k)))
            .map(|f| size(&f[f.find("search/").unwrap()..]))
            .sum();
        assert!(loaded < 256 * 1024, "{question}: {loaded} bytes of the glossary's words loaded");
    }
    let rows = search(&browser, &course, "什么是相关术语1187号？");
    assert!(titles(&rows)[0].starts_with("相关术语 11"), "the chapter defining it first: {rows:?}");
    // Two names side by side keep their levels' order; a name inside a longer one the question
    // holds comes after it; a near name (顾客满意指数, typed 顾客满意指标) before a short one held.
    for (question, order) in [
        ("机器学习中的过拟合是什么", ["过拟合", "机器学习"]),
        ("员工心态培训有什么用", ["员工心态培训", "心态"]),
        ("顾客满意指标怎么算", ["顾客满意指数", "顾客"]),
    ] {
        let rows = search(&browser, &course, question);
        let names: Vec<String> = rows
            .iter()
            .filter(|r| r[0].contains("result-term"))
            .map(|r| r[1].split(' ').next().unwrap_or_default().to_string())
            .collect();
        assert_eq!(names[..2], order, "{question}: {rows:?}");
    }
}
