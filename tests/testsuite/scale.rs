//! Page sizes on a generated course of many terms used densely (issue: no page grows without
//! bound): the glossary and revision list split into parts, every page but the print files
//! under 1 MB, every term link landing on the part that holds the term. Sizes, not timings.

use crate::common;

use coursebook::synthetic::{self, Density};

const MAX_PAGE_BYTES: u64 = 1024 * 1024;

#[test]
fn with_thousands_of_terms_used_densely_no_page_but_print_is_over_1_mb() {
    let out = tempfile::tempdir().unwrap();
    synthetic::write(out.path(), 300, Some(3), Some(4000), Density(250)).expect("corpus");
    let course = out.path().join("coursebook");
    common::run_in(&course, &["build"]).expect_code(0);
    let book = course.join("book");
    let mut parts = 0;
    for entry in walkdir::WalkDir::new(&book).into_iter().filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().to_string();
        if !name.ends_with(".html") || name.starts_with("print") {
            continue;
        }
        let size = entry.metadata().unwrap().len();
        assert!(size <= MAX_PAGE_BYTES, "{name} is {size} bytes");
        parts += usize::from(name.starts_with("glossary-"));
        if let Some(nth) = name.strip_prefix("glossary-").and_then(|rest| rest.strip_suffix(".html")) {
            // glossary-k.html, then glossary-k-2.html, glossary-k-3.html…
            if let Some((letter, n)) = nth.rsplit_once('-') {
                let n: usize = n.parse().expect("a part number");
                let previous = if n == 2 {
                    format!("glossary-{letter}.html")
                } else {
                    format!("glossary-{letter}-{}.html", n - 1)
                };
                assert!(n >= 2 && book.join(&previous).is_file(), "{name} without {previous}");
            }
        }
    }
    assert!(parts >= 5, "the glossary of 4,000 terms is split into parts ({parts})");
    assert!(book.join("revision-2.html").is_file(), "the revision list too");
    let revision = std::fs::read_to_string(book.join("revision.html")).unwrap();
    assert!(revision.contains("<span aria-current=\"page\">★★★</span>"), "the current part is marked, not linked");
    assert!(revision.contains("<a href=\"revision-2.html\">★★</a>"), "the other parts are linked");
    let glossary = std::fs::read_to_string(book.join("glossary.html")).unwrap();
    assert!(glossary.contains("<span aria-current=\"page\">A–Z</span>"), "the glossary's first page is marked");
    let titles = part_titles(&glossary);
    assert!(titles.len() >= 5, "every part is named in the glossary's part links: {titles:?}");
    assert_numbered_from_2(&titles);
    let titles = part_titles(&revision);
    assert!(titles.iter().any(|t| t.ends_with(" 2")), "a level in several parts: {titles:?}");
    assert_numbered_from_2(&titles);
    let (mut cards, mut entries) = (0, 0);
    for entry in std::fs::read_dir(&book).unwrap().map(Result::unwrap) {
        let name = entry.file_name().to_string_lossy().to_string();
        let html = std::fs::read_to_string(entry.path()).unwrap_or_default();
        if name.starts_with("revision") {
            let levels: std::collections::BTreeSet<&str> =
                html.split("class=\"revision-card\" data-level=\"").skip(1).map(|rest| &rest[..1]).collect();
            assert_eq!(levels.len(), 1, "{name} holds the terms of one level: {levels:?}");
            cards += html.matches("class=\"revision-card\"").count();
        } else if name.starts_with("glossary") {
            entries += html.matches("class=\"glossary-entry\"").count();
        }
    }
    assert_eq!(cards, 4000, "every term once in the revision list's parts");
    // The handout's glossary and revision list, written in pieces of 64 KB: every term once in each.
    let print = std::fs::read_to_string(book.join("print.html")).unwrap();
    let glossary_at = print.find("class=\"print-glossary\"").expect("the handout's glossary");
    let revision_at = print.find("class=\"print-revision\"").expect("the handout's revision list");
    assert_eq!(print[glossary_at..revision_at].matches("<dt id=\"").count(), 4000, "every term in the glossary");
    let revision = &print[revision_at..];
    let revision = &revision[..revision.find("</section>").expect("the list's end")];
    assert_eq!(revision.matches("<li><a href=\"#").count(), 4000, "every term in the revision list");
    assert!(print.len() > 20 * 64 * 1024, "a glossary written in many pieces");
    assert_eq!(entries, 4000, "every term once in the glossary's parts");
    let broken = common::broken_links(&book);
    assert!(broken.is_empty(), "every term link lands on its part: {:?}", &broken[..broken.len().min(5)]);
}

/// The names of a glossary's or revision list's parts (but `A–Z`), as its part links show them.
fn part_titles(html: &str) -> Vec<String> {
    let nav = html.split("<nav class=\"glossary-parts\"").nth(1).and_then(|rest| rest.split("</nav>").next());
    let nav = nav.expect("the part links");
    nav.split(['<', '>'])
        .filter(|piece| !piece.trim().is_empty() && !piece.contains('=') && !piece.starts_with('/'))
        .map(|piece| piece.trim().to_string())
        .filter(|title| title != "A–Z" && title != "nav")
        .collect()
}

/// Parts of one letter or level are named by it alone first, then numbered from 2 in order.
fn assert_numbered_from_2(titles: &[String]) {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for title in titles {
        let base = title.trim_end_matches(|c: char| c.is_ascii_digit()).trim_end().to_string();
        let count = seen.entry(base.clone()).or_insert(0);
        *count += 1;
        let expected = match *count {
            1 => base.clone(),
            n if base.is_ascii() => format!("{base}{n}"),
            n => format!("{base} {n}"),
        };
        assert_eq!(title, &expected, "part names in order: {titles:?}");
    }
}

/// A module of 450 chapters, three questions each: its self-test page (about 1.7 MB whole) is
/// split into parts of whole chapters, each under 1 MB, every chapter's questions on exactly
/// one part, the parts linking one another; its page lists 400 chapters and links a second
/// page listing the other 50; chapter files that would take a part's name are refused.
#[test]
fn a_large_modules_self_test_and_chapter_list_are_split_into_linked_parts() {
    let (_out, course) = built_with_site_url(450, 1, 40);
    let sitemap = std::fs::read_to_string(course.join("book/sitemap.xml")).unwrap();
    for part in ["mod001/index-2.html", "mod001/exercises.html", "mod001/exercises-2.html"] {
        assert!(sitemap.contains(&format!("<loc>https://example.org/c/{part}</loc>")), "{part} in the sitemap");
    }
    let module = course.join("book/mod001");
    let mut parts = vec!["exercises.html".to_string()];
    while module.join(format!("exercises-{}.html", parts.len() + 1)).is_file() {
        parts.push(format!("exercises-{}.html", parts.len() + 1));
    }
    assert!(parts.len() >= 2, "the self-test page is split: {parts:?}");
    let mut scores = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let html = std::fs::read_to_string(module.join(part)).unwrap();
        assert!((html.len() as u64) <= MAX_PAGE_BYTES, "{part} is {} bytes", html.len());
        let nav =
            html.split("<nav class=\"glossary-parts\"").nth(1).expect("part links").split("</nav>").next().unwrap();
        for (j, other) in parts.iter().enumerate() {
            let link = format!("<a href=\"{other}\">");
            assert_eq!(nav.contains(&link), i != j, "{part} links {other} (but not itself): {nav}");
        }
        assert!(nav.contains("<span aria-current=\"page\">第 "), "{part} marks itself: {nav}");
        scores.extend(
            html.split("class=\"quiz-score\" data-page=\"")
                .skip(1)
                .map(|rest| rest.split('"').next().unwrap().to_string()),
        );
    }
    let unique: std::collections::BTreeSet<&String> = scores.iter().collect();
    assert_eq!((scores.len(), unique.len()), (450, 450), "every chapter's questions once, on one part");
    let first_nav = std::fs::read_to_string(module.join("exercises.html")).unwrap();
    assert!(first_nav.contains("第 1–"), "parts are named by their chapters");
    let first = std::fs::read_to_string(module.join("index.html")).unwrap();
    let second = std::fs::read_to_string(module.join("index-2.html")).unwrap();
    assert_eq!(first.matches("class=\"card\"").count(), 400, "the module page lists the first 400 chapters");
    assert_eq!(second.matches("class=\"card\"").count(), 50, "its second part the other 50");
    assert!(second.contains("<span class=\"card-number\">401</span>"), "numbered on from the first part");
    assert!(first.contains("<a href=\"index-2.html\">第 401–450 章</a>"), "the first part links the second");
    assert!(second.contains("<a href=\"index.html\">第 1–400 章</a>"), "and back");
    assert!(!module.join("index-3.html").exists());
    let broken = common::broken_links(&course.join("book"));
    assert!(broken.is_empty(), "{:?}", &broken[..broken.len().min(5)]);
    // The parts are read back from a file the build writes its sections to as they come: it is
    // not left in the site, nor in its zip.
    let stray: Vec<String> = walkdir::WalkDir::new(course.join("book"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp") || name.starts_with(".self-test"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
    let zipped = common::unzip(&course.join("book/course-site.zip"));
    assert!(zipped.iter().all(|(name, _)| !name.contains(".self-test")), "nothing spilled in the zip");

    for name in ["exercises-2.md", "index-2.md"] {
        let chapter = course.join("content/001-mod001").join(name);
        std::fs::write(&chapter, "---\ntitle: 第二部分\n---\n\n正文。\n").unwrap();
        let refused = common::run_in(&course, &["build"]);
        refused.expect_code(1);
        let stderr = refused.stderr();
        assert!(stderr.contains(name) && stderr.contains("generates"), "{stderr}");
        std::fs::remove_file(chapter).unwrap();
    }
}

/// A course of 401 one-chapter modules: the home page lists 400 module cards and a second page
/// the last one, each linking the other.
#[test]
fn a_course_of_many_modules_lists_them_on_linked_home_pages() {
    let (_out, course) = built_with_site_url(401, 401, 0);
    let sitemap = std::fs::read_to_string(course.join("book/sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.org/c/index-2.html</loc>"), "the second part is in the sitemap");
    let home = std::fs::read_to_string(course.join("book/index.html")).unwrap();
    let rest = std::fs::read_to_string(course.join("book/index-2.html")).unwrap();
    assert_eq!(home.matches("class=\"card\"").count(), 400);
    assert_eq!(rest.matches("class=\"card\"").count(), 1);
    assert!(home.contains("<a href=\"index-2.html\">模块 401</a>"), "the home page links its second part");
    assert!(rest.contains("<a href=\"index.html\">模块 1–400</a>"), "which links back");
    assert!(rest.contains("<h1>合成课程 · 模块 401</h1>"), "the part says which modules it lists");
    assert!(rest.contains("<title>合成课程 · 模块 401</title>"), "in its title too");
    assert!(home.contains("<title>合成课程</title>"), "the first part keeps the home's title");
}

/// Sixty terms whose definitions are 12,000 characters long (2 MB of definitions): too few terms
/// to split the glossary by number, so it is split by size, as the revision list is; every
/// page stays under 1 MB and every term link lands on its part.
#[test]
fn long_definitions_split_the_glossary_and_revision_list_by_size() {
    let (dir, module) = one_module_course("");
    let root = dir.path();
    let long = "客户满意的定义很长。".repeat(1_200);
    let mut uses = String::from("---\ntitle: 用法\n---\n\n");
    for chapter in 0..6 {
        let mut front = format!("---\ntitle: 第{chapter}章\nterms:\n");
        for n in 0..10 {
            let name = format!("术语{chapter}{n}号");
            front.push_str(&format!("  - name: {name}\n    level: {}\n    definition: {long}\n", 1 + n % 3));
            uses.push_str(&format!("这里用到{name}。\n\n"));
        }
        std::fs::write(module.join(format!("{:02}-c{chapter}.md", chapter + 1)), format!("{front}---\n\n正文。\n"))
            .unwrap();
    }
    std::fs::write(module.join("09-uses.md"), uses).unwrap();
    common::run_in(root, &["build"]).expect_code(0);
    let book = root.join("book");
    let pages: Vec<String> = std::fs::read_dir(&book)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|name| name.starts_with("glossary") || name.starts_with("revision"))
        .collect();
    let glossary_parts = pages.iter().filter(|n| n.starts_with("glossary-")).count();
    assert!(glossary_parts >= 3, "60 terms of 36 KB are split by size: {pages:?}");
    assert!(pages.iter().any(|n| n.starts_with("revision-")), "the revision list too: {pages:?}");
    for entry in walkdir::WalkDir::new(&book).into_iter().filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().to_string();
        if (name.ends_with(".html") || name.ends_with(".js")) && !name.starts_with("print") && name != "index.js" {
            let size = entry.metadata().unwrap().len();
            assert!(size <= MAX_PAGE_BYTES, "{name} is {size} bytes");
        }
    }
    let broken = common::broken_links(&book);
    assert!(broken.is_empty(), "every term link lands on its part: {:?}", &broken[..broken.len().min(5)]);
}

/// A generated course of `chapters` in `modules` with `terms`, published at example.org (so it
/// has a sitemap), built: the folder holding it (kept while it lives) and the course.
fn built_with_site_url(chapters: usize, modules: usize, terms: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().unwrap();
    synthetic::write(out.path(), chapters, Some(modules), Some(terms), Density::default()).expect("corpus");
    let course = out.path().join("coursebook");
    let toml = std::fs::read_to_string(course.join("book.toml")).unwrap();
    std::fs::write(course.join("book.toml"), format!("{toml}[output.html]\nsite-url = \"https://example.org/c/\"\n"))
        .unwrap();
    common::run_in(&course, &["build"]).expect_code(0);
    (out, course)
}

/// Thirty chapters whose summaries are 15,000 characters long (1.3 MB of cards): too few cards
/// to split the module page by number, so it is split by size; every part is under 1 MB and
/// the sitemap lists them all.
#[test]
fn long_summaries_split_a_module_page_by_size() {
    let (dir, module) = one_module_course("[output.html]\nsite-url = \"https://example.org/c/\"\n");
    let root = dir.path();
    let long = "这一章讲的内容很多。".repeat(1_500);
    for chapter in 0..30 {
        let text = format!("---\ntitle: 第{chapter}章\nsummary: {long}\n---\n\n正文。\n");
        std::fs::write(module.join(format!("{:02}-c{chapter}.md", chapter + 1)), text).unwrap();
    }
    common::run_in(root, &["build"]).expect_code(0);
    let book = root.join("book");
    assert!(book.join("m/index-2.html").is_file(), "the module page is split by size");
    let mut cards = 0;
    for part in std::iter::once("index.html".to_string()).chain((2..10).map(|n| format!("index-{n}.html"))) {
        let Ok(html) = std::fs::read_to_string(book.join("m").join(&part)) else { break };
        assert!((html.len() as u64) <= MAX_PAGE_BYTES, "{part} is {} bytes", html.len());
        cards += html.matches("class=\"card\"").count();
        let sitemap = std::fs::read_to_string(book.join("sitemap.xml")).unwrap();
        assert!(sitemap.contains(&format!("<loc>https://example.org/c/m/{part}</loc>")), "{part} in the sitemap");
    }
    assert_eq!(cards, 30, "every chapter's card on one part");
    assert!(common::broken_links(&book).is_empty());
}

/// 120 terms, each seeing all the others: short definitions, but 14,000 see-also links, so the
/// glossary is split by what its entries hold, and no page passes 1 MB.
#[test]
fn many_see_also_links_split_the_glossary_by_size() {
    let (dir, module) = one_module_course("");
    let root = dir.path();
    let names: Vec<String> = (0..120).map(|n| format!("参见术语{n:03}号")).collect();
    let mut front = String::from("---\ntitle: 定义\nterms:\n");
    for name in &names {
        let others: Vec<&str> = names.iter().filter(|o| *o != name).map(String::as_str).collect();
        front.push_str(&format!(
            "  - name: {name}\n    level: 1\n    definition: 短。\n    see: [{}]\n",
            others.join(", ")
        ));
    }
    std::fs::write(module.join("01-defs.md"), format!("{front}---\n\n正文。\n")).unwrap();
    let uses: String = names.iter().map(|n| format!("用到{n}。\n\n")).collect();
    std::fs::write(module.join("02-uses.md"), format!("---\ntitle: 用法\n---\n\n{uses}")).unwrap();
    common::run_in(root, &["build"]).expect_code(0);
    let book = root.join("book");
    let split =
        std::fs::read_dir(&book).unwrap().any(|e| e.unwrap().file_name().to_string_lossy().starts_with("glossary-"));
    assert!(split, "the glossary is split");
    for entry in std::fs::read_dir(&book).unwrap().map(Result::unwrap) {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.ends_with(".html") && !name.starts_with("print") {
            let size = entry.metadata().unwrap().len();
            assert!(size <= MAX_PAGE_BYTES, "{name} is {size} bytes");
        }
    }
    assert!(common::broken_links(&book).is_empty());
}

#[test]
fn long_names_see_also_links_and_long_titles_keep_every_glossary_and_revision_part_under_1_mb() {
    // 200 terms of 100-character names, each seeing 40 others, used on 13 chapters titled with
    // 300 characters: entries of about 55 KB (each see-also link's address encodes the name
    // again, nine bytes a character), where 8 KB were counted before: parts of 4 MB; revision
    // cards of 6.5 KB, where 1 KB was counted: a revision page of 1.3 MB.
    let (dir, module) = one_module_course("");
    let root = dir.path();
    let names: Vec<String> = (0..200).map(|n| format!("{}{n:03}", "长".repeat(97))).collect();
    // Defined 20 to a chapter (a chapter of them all would pass the 1 MiB a file may have).
    for (file, chunk) in names.chunks(20).enumerate() {
        // Defined in chapters of 1,520-character titles, which each revision card names.
        let mut front = format!("---\ntitle: 定义{}{file}\nterms:\n", "很长的定义章标题".repeat(190));
        for (k, name) in chunk.iter().enumerate() {
            let n = file * 20 + k;
            let others: Vec<&str> = (1..=40).map(|k| names[(n + k) % names.len()].as_str()).collect();
            let see = others.join(", ");
            front.push_str(&format!("  - name: {name}\n    level: 1\n    definition: 短。\n    see: [{see}]\n"));
        }
        std::fs::write(module.join(format!("d{file:02}.md")), format!("{front}---\n\n正文。\n")).unwrap();
    }
    let uses: String = names.iter().map(|n| format!("用到{n}。\n\n")).collect();
    let title = "很长的章节标题".repeat(43);
    for chapter in 0..13 {
        let text = format!("---\ntitle: {title}{chapter}\n---\n\n{uses}");
        std::fs::write(module.join(format!("u{chapter:02}.md")), text).unwrap();
    }
    common::run_in(root, &["build"]).expect_code(0);
    let book = root.join("book");
    let mut parts = Vec::new();
    for entry in std::fs::read_dir(&book).unwrap().map(Result::unwrap) {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.ends_with(".html") && !name.starts_with("print") {
            let size = entry.metadata().unwrap().len();
            assert!(size <= MAX_PAGE_BYTES, "{name} is {size} bytes");
            if name.starts_with("glossary-") {
                parts.push(std::fs::read_to_string(entry.path()).unwrap());
            }
        }
    }
    assert!(parts.len() >= 10, "{} parts", parts.len());
    // A page listed under a term shows its title's first 80 characters and `…`, never all of it.
    let listed: String = title.chars().take(80).collect();
    assert!(parts.iter().all(|part| part.matches(&format!(">{listed}…</a>")).count() >= 12), "every list cut");
    assert!(parts.iter().all(|part| !part.contains(&format!("{title}0"))), "never whole");
    assert!(common::broken_links(&book).is_empty());
}

#[test]
fn long_titles_are_listed_cut_in_every_pages_navigation_and_whole_on_their_own_page() {
    // 40 modules and 40 chapters titled with 3,000 characters (9 KB each): listed whole, the
    // side bar's 31 modules and 31 chapters made every page about 560 KB.
    let (dir, module) = one_module_course("");
    let root = dir.path();
    let long = |what: &str, n: usize| format!("{what}{n}{}", "很长的标题文字".repeat(428));
    for n in 0..40 {
        let text = format!("---\ntitle: {}\n---\n\n第{n}章正文。\n", long("章", n));
        std::fs::write(module.join(format!("c{n:02}.md")), text).unwrap();
        let other = root.join(format!("content/m{n:02}"));
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(other.join("index.md"), format!("---\ntitle: {}\n---\n\n模块。\n", long("模块", n))).unwrap();
    }
    common::run_in(root, &["build"]).expect_code(0);
    let book = root.join("book");
    let page = std::fs::read_to_string(book.join("m/c20.html")).unwrap();
    assert!(page.len() < 64 * 1024, "the page is {} bytes", page.len());
    let listed = |title: String| format!("{}…", title.chars().take(80).collect::<String>());
    let sidebar = &page[page.find("class=\"sidebar\"").unwrap()..];
    let sidebar = &sidebar[..sidebar.find("</nav>").unwrap()];
    for (what, n) in [("章", 19), ("章", 21), ("模块", 5)] {
        assert!(sidebar.contains(&format!(">{}</a>", listed(long(what, n)))), "{what} {n} listed cut");
        assert!(!page.contains(&long(what, n)), "never whole on another page");
    }
    let pager = &page[page.find("class=\"pager\"").unwrap()..];
    assert!(pager.contains(&listed(long("章", 21))), "the next chapter cut: {}", &pager[..200]);
    let own = long("章", 20);
    assert!(page.contains(&format!("<h1>{own}</h1>")), "the page's own title whole");
    assert!(page.contains(&format!("<title>{own}")), "and in its <title>");
    assert!(common::broken_links(&book).is_empty());
}

/// A course folder with `book.toml` (its `[book]` table, then `more`) and one module, `01-m`,
/// with its page: the folder (kept while it lives) and the module's folder.
fn one_module_course(more: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("book.toml"), format!("[book]\ntitle = \"课程\"\n{more}")).unwrap();
    let module = dir.path().join("content/01-m");
    std::fs::create_dir_all(&module).unwrap();
    std::fs::write(module.join("index.md"), "---\ntitle: 模块\n---\n\n简介。\n").unwrap();
    (dir, module)
}

/// The binary allocates with jemalloc under the settings `main.rs` gives it (one arena, freed
/// memory returned after 0.1 s): the settings are a C symbol jemalloc looks up by name, and a
/// wrong name (another prefix, a renamed crate) would be ignored without a word, leaving
/// jemalloc's defaults, which held half as much memory again on large courses.
#[cfg(not(windows))]
#[test]
fn the_binary_allocates_with_the_settings_it_was_given() {
    let dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_coursebook"))
        .arg("--version")
        .current_dir(dir.path())
        .env("_RJEM_MALLOC_CONF", "stats_print:true")
        .output()
        .expect("run coursebook");
    assert!(output.status.success());
    let stats = String::from_utf8_lossy(&output.stderr);
    assert!(stats.contains("opt.narenas: 1\n"), "jemalloc's statistics: {stats}");
    assert!(stats.contains("opt.dirty_decay_ms: 50 "), "jemalloc's statistics: {stats}");
}

#[test]
fn every_page_using_a_much_used_term_is_listed_on_bounded_pages_of_their_own() {
    let out = tempfile::tempdir().unwrap();
    // Few terms on every page of a large course: each term's full list is long.
    synthetic::write(out.path(), 2_400, Some(4), Some(20), Density(250)).expect("corpus");
    let course = out.path().join("coursebook");
    common::run_in(&course, &["build"]).expect_code(0);
    let book = course.join("book");
    let read = |name: &str| std::fs::read_to_string(book.join(name)).unwrap();
    let mut uses_pages = Vec::new();
    for (name, html) in common::uses_pages(&book) {
        assert!(html.len() as u64 <= MAX_PAGE_BYTES, "{name} is {} bytes", html.len());
        uses_pages.push(html);
    }
    assert!(uses_pages.len() >= 2, "the lists take several pages ({})", uses_pages.len());
    // Each term's "N more" leads to the start of its list, which holds every page using it,
    // across sections when over 2,000.
    let mut glossary = String::new();
    for entry in std::fs::read_dir(&book).unwrap().map(Result::unwrap) {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with("glossary") {
            glossary.push_str(&read(&name));
        }
    }
    let sections: Vec<&str> =
        uses_pages.iter().flat_map(|page| page.split("<section class=\"term-uses\"").skip(1)).collect();
    let mut checked = 0;
    for (at, _) in glossary.match_indices("class=\"used-more\" href=\"") {
        let rest = &glossary[at + "class=\"used-more\" href=\"".len()..];
        let href = &rest[..rest.find('"').unwrap()];
        let more: usize =
            rest[rest.find("另有 ").unwrap() + "另有 ".len()..].split(' ').next().unwrap().parse().unwrap();
        let (_, id) = href.split_once('#').expect("an anchor");
        let id = common::percent_decode(id);
        let start = sections.iter().position(|s| s.starts_with(&format!(" id=\"{id}\""))).expect("the term's list");
        let mut listed = sections[start].matches("<li>").count();
        let continued = sections[start + 1..].iter().take_while(|s| !s.starts_with(" id=")).collect::<Vec<_>>();
        listed += continued.iter().map(|s| s.matches("<li>").count()).sum::<usize>();
        assert!(continued.iter().all(|s| s.contains("（续）")), "a list going on says so");
        assert_eq!(listed, 12 + more, "{id}: every page using it");
        assert!(sections[start].contains(&format!("共 {} 处", 12 + more)), "{id}");
        checked += 1;
    }
    assert!(checked >= 10, "most terms are used on more pages than their entries list ({checked})");
    assert!(sections.iter().any(|s| s.contains("（续）")), "a term on more than 2,000 pages goes on");
    let broken = common::broken_links(&book);
    assert!(broken.is_empty(), "{:?}", &broken[..broken.len().min(5)]);
}

#[test]
fn a_term_on_many_pages_with_long_titles_keeps_its_lists_pages_under_1_mb() {
    // 1,200 chapters of 300-character titles using one term: 1.1 MB of list items when the
    // titles were listed whole; each is now listed by its first 80 characters.
    let title = "很长的标题".repeat(60);
    let course = uses_pages_stay_under_1_mb(1_200, |n| (format!("{n:04}-long{n}.md"), format!("{title}{n}")));
    let listed: String = title.chars().take(80).collect();
    let (cut, _) = uses_pages_listing(&course, &format!(">{listed}…</a>"));
    assert_eq!(cut, 1_200, "every title listed cut");
    assert_eq!(uses_pages_listing(&course, &format!("{title}1")).0, 0, "none whole");
}

#[test]
fn a_term_on_many_pages_with_long_chinese_file_names_keeps_its_lists_pages_under_1_mb() {
    // 1,200 chapters whose file names are 78 Chinese characters, each nine characters once
    // percent-encoded in a link, and whose titles are 200 `&`, each five characters escaped:
    // 2.1 MB of list items (a uses.html of 2,112,474 bytes before its size was planned as written).
    let name: String = "很长的文件名称".repeat(12).chars().take(78).collect();
    let ampersands = "&".repeat(200);
    let course = uses_pages_stay_under_1_mb(1_200, |n| (format!("{n:04}{name}.md"), format!("第{n}章{ampersands}")));
    assert!(uses_pages_listing(&course, "<li><a href=\"after-sale/").1 >= 2, "its list on several pages");
}

#[test]
fn a_term_on_one_chapter_of_each_of_many_modules_with_long_titles_keeps_its_lists_pages_under_1_mb() {
    // 1,500 modules of 350-character titles, each title a heading on the term's list above its
    // one chapter: 1.7 MB of headings on one page before they were counted (a reviewer's case).
    let course = common::Course::fixture("golden");
    let title = "很长的模块标题".repeat(50);
    for n in 0..1_500 {
        course.write(&format!("content/m{n:04}/index.md"), &format!("---\ntitle: {title}{n}\n---\n\n模块。\n"));
        course.write(&format!("content/m{n:04}/c.md"), "---\ntitle: c\n---\n\n客户满意度。\n");
    }
    course.run(&["build"]).expect_code(0);
    let (listed, pages) = uses_pages_listing(&course, "/c.html\">c</a>");
    assert_eq!(listed, 1_500, "every module's chapter, over {pages} pages");
}

/// Builds the golden course with `chapters` more chapters in one module, each (file name,
/// title) as `chapter` says and each using 客户满意度, and asserts that the term's full list
/// names every one of them on pages of at most 1 MB. Returns the course.
fn uses_pages_stay_under_1_mb(chapters: usize, chapter: impl Fn(usize) -> (String, String)) -> common::Course {
    let course = common::Course::fixture("golden");
    for n in 0..chapters {
        let (file, title) = chapter(n);
        course.write(&format!("content/02-after-sale/{file}"), &format!("---\ntitle: {title}\n---\n\n客户满意度。\n"));
    }
    course.run(&["build"]).expect_code(0);
    let (listed, pages) = uses_pages_listing(&course, "<li><a href=\"after-sale/");
    assert_eq!(listed, chapters, "every page, over {pages} pages");
    course
}

/// How many times `item` is written on the uses pages of `course`'s site, and how many such
/// pages there are, each asserted at most 1 MB.
fn uses_pages_listing(course: &common::Course, item: &str) -> (usize, usize) {
    let (mut listed, mut pages) = (0, 0);
    for (name, html) in common::uses_pages(&course.book()) {
        assert!((html.len() as u64) <= MAX_PAGE_BYTES, "{name} is {} bytes", html.len());
        listed += html.matches(item).count();
        pages += 1;
    }
    (listed, pages)
}
