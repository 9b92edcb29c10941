//! Reading and studying on a phone, in real headless Chromium over `file://`: every page type
//! has no WCAG 2.1 A/AA violation that axe-core finds, in light and dark colours; reading
//! progress (chapters read, the last section) is kept across reloads and shown in the sidebar,
//! on module pages and on the home page; ←/→ and j/k go through the chapters; the text size is
//! remembered; terms marked known on the revision page stay marked and can be hidden; and
//! screenshots of the main pages at phone and laptop sizes are written to
//! `target/screenshots/` for a person to look at.

use std::path::{Path, PathBuf};

use crate::common;

use common::browser::Browser;
use common::Course;
use serde_json::{json, Value};

/// The golden course with a chapter of questions (so that the exercise pages exist), built.
fn built_course() -> Course {
    let course = Course::fixture("golden");
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/exercises/quiz-chapter.md"))
            .unwrap();
    course.write("content/01-basics/20-quiz.md", &text);
    course.write("content/02-after-sale/09-terms.md", &terms_chapter());
    course.run(&["build"]).expect_code(0);
    course
}

/// A chapter (`after-sale/terms.html`) defining a term of each lower level, using terms in its
/// text and in a table, with sections long enough to scroll through.
fn terms_chapter() -> String {
    let filler = "客户满意度决定了顾客会不会再来。这一段只是为了让页面足够长，可以一节一节地往下读。\n\n".repeat(6);
    let sections: String =
        ["开场", "倾听", "确认", "解决", "跟进"].iter().map(|heading| format!("## {heading}\n\n{filler}")).collect();
    format!(
        "---\ntitle: 术语与服务\nterms:\n  - name: 甲术语\n    level: 2\n    definition: 第二级的概念。\n  \
         - name: 乙术语\n    level: 1\n    definition: 第一级的概念。\n---\n\n先读客户满意度，再看甲术语和乙术语。\n\n\
         | 项目 | 术语 |\n|---|---|\n| 一 | 甲术语 |\n\n{sections}"
    )
}

fn url(course: &Course, page: &str) -> String {
    page_url(&course.book(), page)
}

fn page_url(book: &Path, page: &str) -> String {
    format!("file://{}/{page}", book.display())
}

/// This repository's course, 《客户服务》, built once per test process into Cargo's scratch
/// folder: what students read.
fn repository_book() -> &'static Path {
    static BOOK: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BOOK.get_or_init(|| {
        let book = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("reading-course-{}", std::process::id()));
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        common::run_in(root, &["build", "--dest", book.to_str().unwrap()]).expect_code(0);
        book
    })
}

/// axe-core as npm installed it for the tests (`tests/js`, `npm ci`); None, with a note, when
/// it is not there locally. CI must have it (`.ci/deps` installs it).
fn axe_source() -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            assert!(std::env::var_os("CI").is_none(), "CI must install axe-core (.ci/deps runs npm ci in tests/js)");
            eprintln!("skipping the accessibility test: {} is missing (run `npm ci` in tests/js)", path.display());
            None
        }
    }
}

/// Runs axe-core (WCAG 2.1 A and AA rules) on the open page; returns each violation as a
/// readable line: the rule, its impact, what it says and the elements it found.
fn axe_violations(browser: &Browser, axe: &str) -> Vec<String> {
    browser.run(&format!("{axe}\n;return null"));
    let script = "var done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
                            resultTypes: ['violations'] })
          .then(function (r) { done(r.violations.map(function (v) {
              return v.id + ' (' + v.impact + '): ' + v.help + '\\n      ' + v.nodes.slice(0, 5).map(function (n) {
                return n.target.join(' ') + ' :: ' + (n.failureSummary || '').replace(/\\s+/g, ' ');
              }).join('\\n      ');
            })); })
          .catch(function (e) { done(['axe failed: ' + e]); });";
    let found = browser.run_async(script, 120);
    found.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_string).collect()
}

/// Every page type: its name, its page, and what a reader does there before it is checked
/// again (a script, and what to wait for), so that what opens on demand is checked too.
type PageUse = (&'static str, &'static str, &'static str, &'static str);
const PAGES: &[PageUse] = &[
    (
        "chapter",
        "after-sale/terms.html",
        "document.querySelector('.settings').open = true; var i = document.querySelector('.search-input'); \
         i.focus(); i.value = '退货'; i.dispatchEvent(new Event('input')); \
         document.querySelector('.prose a.term').focus(); return null",
        "return !!document.querySelector('.search-dropdown [role=option]') && !document.querySelector('.term-tip').hidden",
    ),
    ("chapter with questions", "basics/quiz.html", "document.querySelector('form.quiz .quiz-check').click(); return null", ""),
    ("module", "basics/index.html", "", ""),
    ("home", "index.html", "", ""),
    ("glossary", "glossary.html", "document.querySelector('.level-filter input[value=\"3\"]').click(); return null", ""),
    (
        "revision",
        "revision.html",
        "document.querySelector('.revision-card').open = true; document.querySelector('.known-toggle').click(); \
         document.querySelector('.drill-start') && document.querySelector('.drill-start').click(); return null",
        "",
    ),
    ("search with a query", "search.html?q=%E9%80%80%E8%B4%A7", "", ""),
    ("mistakes", "mistakes.html", "", ""),
    ("self-test", "basics/exercises.html", "", ""),
    ("print", "print.html", "", ""),
    ("404", "404.html", "", ""),
];

/// The pages of this repository's course checked as well: its real text (dialogues, tables,
/// many terms), as students read it.
const COURSE_PAGES: &[PageUse] = &[
    ("course home", "index.html", "", ""),
    ("course module", "after-sale/index.html", "", ""),
    ("course chapter", "after-sale/returns.html", "", ""),
    ("course glossary", "glossary.html", "", ""),
    ("course revision", "revision.html", "", ""),
];

/// The pages of a glossary split into parts (over 500 terms): its index, with the list of parts,
/// and a part.
const SPLIT_PAGES: &[PageUse] = &[
    ("split glossary", "glossary.html", "", ""),
    (
        "glossary part",
        "glossary-s-2.html",
        "document.querySelector('.level-filter input[value=\"2\"]').click(); return null",
        "",
    ),
];

/// Checks `pages` of the site in `book` with the system's colours and the theme's forced ones,
/// both `scheme`, and again after each page's use; adds each violation to `problems` and returns
/// how many states were checked.
fn check_pages(
    browser: &Browser,
    axe: &str,
    book: &Path,
    pages: &[PageUse],
    scheme: &str,
    problems: &mut Vec<String>,
) -> usize {
    let mut checked = 0;
    for (name, page, action, wait) in pages {
        browser.open(&page_url(book, page));
        if page.starts_with("search.html") {
            assert!(!browser.results(".search-page-results").is_empty(), "the query finds something");
        }
        let mut check = |state: &str| {
            for violation in axe_violations(browser, axe) {
                problems.push(format!("{name} ({page}), {scheme}, {state}: {violation}"));
            }
            checked += 1;
        };
        check("system scheme");
        browser.run(&format!("document.documentElement.dataset.scheme = '{scheme}'; return null"));
        check("forced scheme");
        if !action.is_empty() {
            browser.run(action);
            assert!(wait.is_empty() || browser.wait_for(wait), "{name}: {wait}");
            check("after use");
        }
    }
    checked
}

#[test]
fn every_page_type_has_no_wcag_aa_violation_in_light_and_dark() {
    let Some(axe) = axe_source() else { return };
    let Some(browser) = Browser::start() else { return };
    let course = built_course();
    // The checker itself: an image without a text alternative must be found.
    browser.open(&url(&course, "404.html"));
    browser.run("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"x.png\">'); return null");
    let planted = axe_violations(&browser, &axe);
    assert!(planted.iter().any(|v| v.starts_with("image-alt")), "axe finds a planted problem: {planted:?}");
    let split = common::split_glossary_course();
    // And a term's full list of the pages using it, whose file depends on the term's place.
    let uses: &'static str = Box::leak(common::uses_pages(&split.book())[0].0.clone().into_boxed_str());
    let split_pages = [SPLIT_PAGES, &[("uses", uses, "", "")]].concat();
    let mut problems = Vec::new();
    let mut checked = 0;
    for scheme in ["light", "dark"] {
        // The system's scheme (prefers-color-scheme), and the theme's forced one on top.
        browser.prefer_scheme(scheme);
        browser.viewport(1366, 900);
        checked += check_pages(&browser, &axe, &course.book(), PAGES, scheme, &mut problems);
        checked += check_pages(&browser, &axe, repository_book(), COURSE_PAGES, scheme, &mut problems);
        checked += check_pages(&browser, &axe, &split.book(), &split_pages, scheme, &mut problems);
        // A phone: the home page, and a chapter with the menu drawer open.
        browser.viewport(390, 844);
        checked += check_pages(&browser, &axe, repository_book(), &COURSE_PAGES[..1], scheme, &mut problems);
        browser.open(&url(&course, "after-sale/terms.html"));
        browser.click(".menu-button");
        assert!(browser.wait_for("return document.body.classList.contains('nav-open')"), "the drawer opens");
        for violation in axe_violations(&browser, &axe) {
            problems.push(format!("chapter on a phone, {scheme}, drawer open: {violation}"));
        }
        checked += 1;
    }
    eprintln!("axe-core: {checked} page states checked, {} violations", problems.len());
    assert!(problems.is_empty(), "{} accessibility violations:\n  {}", problems.len(), problems.join("\n  "));
}

/// Where screenshots go: `target/screenshots/` (beside Cargo's own target folder).
fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).parent().expect("target folder").join("screenshots")
}

#[test]
fn screenshots_of_the_main_pages_at_phone_and_laptop_sizes_light_and_dark() {
    let Some(browser) = Browser::start() else { return };
    let book = repository_book();
    let dir = screenshot_dir();
    // A reader who has read a chapter and stopped at a section: progress on the home page.
    browser.open(&page_url(book, "after-sale/returns.html"));
    browser.run("window.scrollTo(0, document.documentElement.scrollHeight); return null");
    browser.wait_for("return document.querySelector('.read-toggle').getAttribute('aria-pressed') === 'true'");
    browser.run("document.querySelectorAll('.prose h2')[3].scrollIntoView(); return null");
    std::thread::sleep(std::time::Duration::from_millis(400));
    let mut written = Vec::new();
    for (width, height) in [(390, 844), (1366, 900)] {
        browser.viewport(width, height);
        for (name, page, action) in [
            ("home", "index.html", ""),
            ("chapter", "after-sale/returns.html", ""),
            ("glossary", "glossary.html", ""),
            ("revision", "revision.html", "document.querySelector('.revision-card').open = true"),
            ("settings", "basics/index.html", "document.querySelector('.settings').open = true"),
            ("menu", "after-sale/returns.html", "document.querySelector('.menu-button').click()"),
            ("home-dark", "index.html", "document.documentElement.dataset.scheme = 'dark'"),
            ("revision-dark", "revision.html", "document.documentElement.dataset.scheme = 'dark'"),
        ] {
            if (name == "menu" || name.ends_with("-dark")) && width > 600 {
                continue;
            }
            browser.open(&page_url(book, page));
            if !action.is_empty() {
                browser.run(&format!("{action}; return null"));
            }
            let path = dir.join(format!("{name}-{width}x{height}.png"));
            browser.screenshot(&path);
            assert!(std::fs::metadata(&path).is_ok_and(|m| m.len() > 1000), "{} written", path.display());
            written.push(path);
        }
    }
    eprintln!("{} screenshots in {}", written.len(), dir.display());
}

/// The text of every element matching `css`, in order.
fn texts(browser: &Browser, css: &str) -> Vec<String> {
    let selector = serde_json::to_string(css).unwrap();
    let found = browser.run(&format!(
        "return Array.from(document.querySelectorAll({selector})).map(function (e) {{ return e.textContent; }})"
    ));
    found.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_string).collect()
}

fn attribute(browser: &Browser, css: &str, name: &str) -> Value {
    let (css, name) = (serde_json::to_string(css).unwrap(), serde_json::to_string(name).unwrap());
    browser.run(&format!("var e = document.querySelector({css}); return e && e.getAttribute({name})"))
}

#[test]
fn reading_progress_and_the_last_section_are_kept_across_reloads_and_shown_on_the_home_page() {
    let Some(browser) = Browser::start() else { return };
    let course = built_course();
    let chapter = url(&course, "after-sale/terms.html");
    browser.open(&chapter);
    assert_eq!(attribute(&browser, ".read-toggle", "aria-pressed"), json!("false"), "not read yet");
    // Reading to the end marks the chapter read; then the reader scrolls back up to a section.
    browser.run("window.scrollTo(0, document.documentElement.scrollHeight); return null");
    assert!(
        browser.wait_for("return document.querySelector('.read-toggle').getAttribute('aria-pressed') === 'true'"),
        "the end of the chapter marks it read"
    );
    browser.run("document.getElementById('确认').scrollIntoView(); window.scrollBy(0, -10); return null");
    std::thread::sleep(std::time::Duration::from_millis(600));

    browser.open(&chapter);
    assert_eq!(attribute(&browser, ".read-toggle", "aria-pressed"), json!("true"), "still read after a reload");
    let read = texts(&browser, ".nav-chapters li.is-read > a");
    assert_eq!(read, ["术语与服务✓已读"], "the sidebar marks it ✓ (and says 已读 to screen readers)");

    browser.open(&url(&course, "after-sale/index.html"));
    let marked = texts(&browser, ".chapter-cards .card-read:not([hidden])");
    assert_eq!(marked.len(), 1, "the module page marks the chapter read: {marked:?}");

    browser.open(&url(&course, "index.html"));
    let progress = texts(&browser, ".card-read:not([hidden])");
    assert!(progress.contains(&"已读 1/3 章".to_string()), "the module's card counts it: {progress:?}");
    assert!(progress.contains(&"已读 0/4 章".to_string()), "and the other module's card none: {progress:?}");
    let link = attribute(&browser, ".continue-reading a", "href");
    assert_eq!(link, json!("after-sale/terms.html#%E7%A1%AE%E8%AE%A4"), "continue at the section last read");
    let text = browser.text(".continue-reading a");
    assert_eq!(text, "继续阅读：术语与服务 · 确认");
    browser.click(".continue-reading a");
    assert!(browser.current_url().ends_with("after-sale/terms.html#%E7%A1%AE%E8%AE%A4"), "{}", browser.current_url());

    // Clearing the reading progress forgets both, and leaves the answers to exercises alone.
    browser.open(&url(&course, "index.html"));
    let answers = "return localStorage.getItem('coursebook-quiz:' + document.body.getAttribute('data-course'))";
    browser.run("localStorage.setItem('coursebook-quiz:' + document.body.getAttribute('data-course'), '{\"v\":1,\"kept\":1}'); return null");
    browser.run("window.confirm = function () { return true; }; return null");
    browser.click(".reset-reading");
    assert!(browser.wait_for("return document.querySelector('.continue-reading').hidden"), "no place to continue");
    assert_eq!(texts(&browser, ".card-read:not([hidden])").iter().filter(|t| t.contains(" 0/")).count(), 2);
    assert_eq!(browser.run(answers), json!("{\"v\":1,\"kept\":1}"), "the answers are left alone");
    browser.open(&chapter);
    assert_eq!(attribute(&browser, ".read-toggle", "aria-pressed"), json!("false"), "unread again");
}

#[test]
fn a_chapter_is_marked_read_and_unread_by_its_button_and_quiz_answers_share_the_store() {
    let Some(browser) = Browser::start() else { return };
    let course = built_course();
    let page = url(&course, "basics/quiz.html");
    let pressed = |browser: &Browser| attribute(browser, ".read-toggle", "aria-pressed");
    browser.open(&page);
    // The button is at the end: reaching it marks the chapter read; a click unmarks it, for good.
    browser.run("document.querySelector('.read-toggle').scrollIntoView(); return null");
    assert!(browser.wait_for("return document.querySelector('.read-toggle').getAttribute('aria-pressed') === 'true'"));
    browser.click(".read-toggle");
    assert_eq!(pressed(&browser), json!("false"), "the button unmarks it");
    browser.open(&page);
    browser.run("document.querySelector('.read-toggle').scrollIntoView(); return null");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(pressed(&browser), json!("false"), "unmarked by hand: reaching the end again does not mark it");
    browser.click(".read-toggle");
    assert_eq!(pressed(&browser), json!("true"), "the button marks it");
    browser.run("window.scrollTo(0, 0); return null");
    browser.click("form.quiz:nth-of-type(1) input[value=\"1\"]");
    browser.click("form.quiz:nth-of-type(1) .quiz-check");
    let keys = browser.run("return Object.keys(localStorage).sort()");
    let course_key = browser.run("return document.body.getAttribute('data-course')");
    let course_key = course_key.as_str().unwrap();
    assert_eq!(
        keys,
        json!([format!("coursebook-quiz:{course_key}"), format!("coursebook-read:{course_key}")]),
        "one store for the course: its answers and its reading"
    );
    browser.open(&page);
    assert_eq!(pressed(&browser), json!("true"));
}

#[test]
fn arrows_and_j_k_go_through_the_chapters_unless_switched_off_or_typing() {
    let Some(browser) = Browser::start() else { return };
    let course = built_course();
    let page = |name: &str| url(&course, name);
    let wait_for_page = |name: &str| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !common::percent_decode(&browser.current_url()).ends_with(name) && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        common::percent_decode(&browser.current_url())
    };
    browser.open(&page("basics/intro.html"));
    browser.press("\u{E014}"); // →
    assert!(wait_for_page("basics/第二章 概述.html").ends_with("basics/第二章 概述.html"), "→ is the next chapter");
    browser.press("\u{E012}"); // ←
    assert!(wait_for_page("basics/intro.html").ends_with("basics/intro.html"), "← the previous one");
    browser.press("j");
    assert!(wait_for_page("basics/第二章 概述.html").ends_with("概述.html"), "j is the next chapter");
    browser.press("k");
    assert!(wait_for_page("basics/intro.html").ends_with("basics/intro.html"), "k the previous one");

    // Typing in the search box is typing.
    browser.click(".search-input");
    browser.press("j");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(browser.current_url().ends_with("basics/intro.html"), "{}", browser.current_url());
    assert_eq!(browser.run("return document.querySelector('.search-input').value"), json!("j"));

    // Switched off in the settings: the single keys do nothing, on every page.
    browser.click(".settings summary");
    browser.click(".shortcuts-switch");
    browser.open(&page("basics/intro.html"));
    browser.run("document.activeElement.blur(); return null");
    browser.press("j");
    browser.press("/");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(browser.current_url().ends_with("basics/intro.html"), "{}", browser.current_url());
    assert_ne!(browser.run("return document.activeElement.className"), json!("search-input"));
}

#[test]
fn the_text_size_and_the_colours_are_remembered_with_three_choices_each() {
    let Some(browser) = Browser::start() else { return };
    let course = built_course();
    let chapter = url(&course, "basics/intro.html");
    browser.open(&chapter);
    let size = "return getComputedStyle(document.documentElement).fontSize";
    assert_eq!(browser.run(size), json!("16px"));
    browser.click(".settings summary");
    browser.click(".size-choice[data-value=\"large\"]");
    assert_eq!(browser.run(size), json!("18px"), "大 makes every size larger");
    assert_eq!(attribute(&browser, ".size-choice[data-value=\"large\"]", "aria-pressed"), json!("true"));
    browser.click(".scheme-choice[data-value=\"dark\"]");
    assert_eq!(attribute(&browser, "html", "data-scheme"), json!("dark"));

    browser.open(&url(&course, "glossary.html"));
    // The head script applies both before the first paint: before app.js has run.
    let early = browser.run(
        "return [document.documentElement.dataset.textSize, document.documentElement.dataset.scheme, \
         performance.getEntriesByType('navigation')[0].domInteractive > 0]",
    );
    assert_eq!(early, json!(["large", "dark", true]));
    // … because the page's <head> sets them from the store, before any script of the theme loads.
    let page = course.read_output("glossary.html");
    let head = &page[..page.find("</head>").expect("a head")];
    assert!(head.contains("coursebook-text-size") && head.contains("coursebook-scheme"), "{head}");
    assert!(!head.contains("_theme/app.js"), "app.js comes later, at the end of the body");
    assert_eq!(browser.run(size), json!("18px"), "kept on another page");
    assert_eq!(attribute(&browser, ".scheme-choice[data-value=\"dark\"]", "aria-pressed"), json!("true"));
    browser.click(".settings summary");
    browser.click(".scheme-choice[data-value=\"system\"]");
    browser.click(".size-choice[data-value=\"small\"]");
    assert_eq!(attribute(&browser, "html", "data-scheme"), json!(null), "the system's colours again");
    assert_eq!(browser.run(size), json!("15px"));
    browser.open(&chapter);
    assert_eq!(browser.run("return localStorage.getItem('coursebook-scheme')"), json!(null));
    assert_eq!(browser.run(size), json!("15px"));
    assert_eq!(attribute(&browser, ".scheme-choice[data-value=\"system\"]", "aria-pressed"), json!("true"));
}

#[test]
fn terms_marked_known_on_the_revision_page_stay_marked_and_can_be_hidden_and_filtered() {
    let Some(browser) = Browser::start() else { return };
    let course = built_course();
    let revision = url(&course, "revision.html");
    browser.open(&revision);
    let shown = "return Array.from(document.querySelectorAll('.revision-card')).filter(function (c) { \
                 return c.offsetParent !== null; }).map(function (c) { return c.getAttribute('data-term'); })";
    assert_eq!(browser.run(shown), json!(["客户满意度", "甲术语", "乙术语"]));
    assert_eq!(browser.text(".revision-known-count"), "已掌握 0/3");
    browser.click(".revision-card[data-term=\"甲术语\"] summary");
    browser.click(".revision-card[data-term=\"甲术语\"] .known-toggle");
    assert_eq!(browser.text(".revision-known-count"), "已掌握 1/3");

    browser.open(&revision);
    assert_eq!(
        attribute(&browser, ".revision-card[data-term=\"甲术语\"] .known-toggle", "aria-pressed"),
        json!("true"),
        "kept across a reload"
    );
    assert!(
        browser.text(".revision-card[data-term=\"甲术语\"] summary").contains("我已掌握"),
        "marked when closed too"
    );
    browser.click(".revision-hide-known");
    assert_eq!(browser.run(shown), json!(["客户满意度", "乙术语"]), "known terms hidden");
    browser.click(".revision-hide-known");
    browser.run("var s = document.querySelector('.revision-module'); s.value = 'after-sale'; s.dispatchEvent(new Event('change', {bubbles: true})); return null");
    assert_eq!(browser.run(shown), json!(["甲术语", "乙术语"]), "one module's terms");
    browser.run("var s = document.querySelector('.revision-level-choice'); s.value = '1'; s.dispatchEvent(new Event('change', {bubbles: true})); return null");
    assert_eq!(browser.run(shown), json!(["乙术语"]), "and one level's");
    assert_eq!(browser.run("return document.querySelector('#level-3').hidden"), json!(true), "empty levels hidden");
    browser.open(&revision);
    assert_eq!(browser.run(shown), json!(["乙术语"]), "the filters are kept when the page is opened again");
    assert_eq!(browser.run("return document.querySelector('.revision-module').value"), json!("after-sale"));
    browser.click(".revision-expand");
    let open =
        "return Array.from(document.querySelectorAll('.revision-card')).filter(function (c) { return c.open; }).length";
    assert_eq!(browser.run(open), json!(1), "expand all opens the cards shown");
    browser.click(".revision-collapse");
    assert_eq!(browser.run(open), json!(0));
}

#[test]
fn on_a_phone_the_module_cards_come_first_and_the_glossary_letters_wrap_and_dim() {
    let Some(browser) = Browser::start() else { return };
    let course = Course::fixture("golden");
    course.write("content/02-after-sale/09-terms.md", &terms_chapter());
    course.run(&["build"]).expect_code(0);
    browser.viewport(390, 844);
    browser.open(&url(&course, "index.html"));
    let inner = browser.run("return window.innerHeight").as_f64().unwrap();
    let first_card =
        browser.run("return document.querySelector('.card').getBoundingClientRect().bottom").as_f64().unwrap();
    assert!(first_card < inner, "the first module card is whole on the first screen ({first_card} of {inner})");
    let order = browser.run(
        "return document.querySelector('.cards').compareDocumentPosition(document.querySelector('.course-intro')) \
         === Node.DOCUMENT_POSITION_FOLLOWING",
    );
    assert_eq!(order, json!(true), "the introduction after the cards");
    let terms = texts(&browser, ".card-terms");
    assert!(terms.iter().any(|t| t == "术语 ★★理解 1 ★了解 1"), "terms per level on the card: {terms:?}");

    browser.open(&url(&course, "glossary.html"));
    let bar = browser.run(
        "var bar = document.querySelector('.glossary-jump').getBoundingClientRect(); \
         var last = Array.from(document.querySelectorAll('.glossary-jump > *')).pop().getBoundingClientRect(); \
         return [bar.right, last.right, document.documentElement.clientWidth, document.querySelector('.glossary-jump').scrollWidth <= document.querySelector('.glossary-jump').clientWidth]",
    );
    let numbers: Vec<f64> = bar.as_array().unwrap()[..3].iter().filter_map(Value::as_f64).collect();
    assert!(numbers[1] <= numbers[0] && numbers[0] <= numbers[2], "Z is on the screen: {bar}");
    assert_eq!(bar[3], json!(true), "nothing to scroll: the letters wrap");
    browser.click(".level-filter input[value=\"3\"]");
    let dimmed = texts(&browser, ".glossary-jump a[aria-disabled=\"true\"]");
    assert_eq!(dimmed, ["J", "Y"], "letters without a ★★★ term are dimmed");
    assert_eq!(attribute(&browser, ".glossary-jump a[href=\"#letter-K\"]", "aria-disabled"), json!(null));
    browser.click(".level-filter input[value=\"all\"]");
    assert!(texts(&browser, ".glossary-jump a[aria-disabled=\"true\"]").is_empty());
}

#[test]
fn the_search_box_is_a_combobox_that_announces_how_many_it_found() {
    let Some(browser) = Browser::start() else { return };
    let course = built_course();
    browser.open(&url(&course, "basics/intro.html"));
    assert_eq!(attribute(&browser, ".search-input", "role"), json!("combobox"));
    assert_eq!(attribute(&browser, ".search-input", "aria-expanded"), json!("false"));
    browser.type_into(".search-input", "退货");
    assert!(!browser.results(".search-dropdown").is_empty());
    assert_eq!(attribute(&browser, ".search-input", "aria-expanded"), json!("true"));
    assert_eq!(attribute(&browser, ".search-input", "aria-controls"), json!("search-dropdown"));
    assert_eq!(attribute(&browser, "#search-dropdown", "role"), json!("listbox"));
    assert!(
        browser.text(".search-live").starts_with("找到"),
        "the count is announced: {}",
        browser.text(".search-live")
    );
    browser.type_into(".search-input", "\u{E015}"); // ArrowDown
    let active = attribute(&browser, ".search-input", "aria-activedescendant");
    let id = active.as_str().expect("an option is active").to_string();
    assert_eq!(attribute(&browser, &format!("[id=\"{id}\"]"), "aria-selected"), json!("true"));
    assert_eq!(attribute(&browser, &format!("[id=\"{id}\"]"), "role"), json!("option"));
    browser.type_into(".search-input", "\u{E00C}"); // Escape
    assert_eq!(attribute(&browser, ".search-input", "aria-expanded"), json!("false"));
}
