//! Hardening: nothing from outside the course reaches the site, no name injects markup, a build
//! swaps its site in all or nothing, and sources never silently replace generated pages. Each
//! test is named after the defect it guards against and runs the real binary on a copy of the
//! golden course.

use crate::common;

use std::path::Path;

use common::{html_files, Course};

/// Every file below `dir`, by relative path, with its bytes: to compare a site byte for byte.
fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Names in the course folder that a build leaves behind by mistake (`.book.tmp-…`, `.book.old-…`).
fn litter(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.contains(".tmp-") || n.contains(".old-"))
        .collect()
}

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A secret outside the course, a file and a folder holding it.
    struct Outside {
        dir: tempfile::TempDir,
    }

    const SECRET: &str = "SECRET-OUTSIDE-THE-COURSE";

    impl Outside {
        fn new() -> Outside {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("secret.txt"), SECRET).unwrap();
            std::fs::write(dir.path().join("secret.md"), format!("---\ntitle: {SECRET}\n---\n{SECRET}\n")).unwrap();
            std::fs::create_dir(dir.path().join("folder")).unwrap();
            std::fs::write(dir.path().join("folder/secret.txt"), SECRET).unwrap();
            std::fs::write(dir.path().join("folder/index.md"), format!("---\ntitle: {SECRET}\n---\n")).unwrap();
            std::fs::create_dir_all(dir.path().join("themes/default/static")).unwrap();
            std::fs::write(dir.path().join("themes/default/static/secret.txt"), SECRET).unwrap();
            Outside { dir }
        }
        fn file(&self) -> std::path::PathBuf {
            self.dir.path().join("secret.txt")
        }
    }

    /// Builds (and checks) with a link at `link` to `target`; both must fail naming the link,
    /// and the site must not hold the secret.
    fn refused(link: &str, target: &Path) {
        refused_in(Course::fixture("golden"), link, target);
    }

    /// [`refused`] in `course`.
    fn refused_in(course: Course, link: &str, target: &Path) {
        course.run(&["build"]).expect_code(0);
        let before = snapshot(&course.book());
        let at = course.root().join(link);
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        symlink(target, &at).unwrap();
        let run = course.run(&["build"]);
        run.expect_code(1);
        assert!(run.stderr().contains(link), "the error names the link `{link}`:\n{}", run.stderr());
        assert!(run.stderr().contains("outside the course"), "{}", run.stderr());
        assert!(snapshot(&course.book()) == before, "the previous site is untouched after refusing {link}");
        for (path, bytes) in snapshot(&course.book()) {
            assert!(!String::from_utf8_lossy(&bytes).contains(SECRET), "{path} holds the outside secret");
        }
        let check = course.run(&["check"]);
        check.expect_code(1);
        assert!(check.stderr().contains(link), "check names the link too:\n{}", check.stderr());
    }

    #[test]
    fn file_link_at_the_top_of_content() {
        let outside = Outside::new();
        refused("content/passwd", &outside.file());
    }

    #[test]
    fn file_link_inside_a_module() {
        let outside = Outside::new();
        refused("content/01-basics/notes.txt", &outside.file());
    }

    #[test]
    fn folder_link_at_the_top_and_in_a_module() {
        let outside = Outside::new();
        refused("content/shared", &outside.dir.path().join("folder"));
        refused("content/01-basics/shared", &outside.dir.path().join("folder"));
    }

    #[test]
    fn link_nested_in_an_asset_folder() {
        let outside = Outside::new();
        refused("content/assets/deep/leak.txt", &outside.file());
    }

    #[test]
    fn chapter_and_module_links() {
        let outside = Outside::new();
        refused("content/01-basics/05-leak.md", &outside.dir.path().join("secret.md"));
        refused("content/09-leak", &outside.dir.path().join("folder"));
    }

    /// The course folder is no boundary: a link from the content to the course's `book.toml`,
    /// to a private folder beside the content, or to `.git/config` (where a CI checkout may
    /// keep its access token) is refused as one leading off the machine is; a theme's, to
    /// anything but the themes and the content.
    #[test]
    fn links_to_the_course_folder_beside_the_content() {
        for (link, target) in [
            ("content/assets/cfg.toml", "../../book.toml"),
            ("content/assets/private", "../../private"),
            ("content/01-basics/config.txt", "../../.git/config"),
            ("themes/default/static/leak.txt", "../../../private/secret.txt"),
        ] {
            let course = Course::fixture("golden");
            std::fs::create_dir_all(course.root().join("private")).unwrap();
            std::fs::write(course.root().join("private/secret.txt"), SECRET).unwrap();
            std::fs::create_dir_all(course.root().join(".git")).unwrap();
            std::fs::write(course.root().join(".git/config"), SECRET).unwrap();
            refused_in(course, link, Path::new(target));
        }
    }

    /// A theme is named, never placed: `theme` written as a path, `themes/` or the theme's folder
    /// a link to a folder elsewhere, and `src` naming a folder outside the course, or `content`
    /// a link to one, would each publish that folder's files (found by a reviewer: `theme =
    /// "/tmp/x"` published `/tmp/x/static/`).
    #[test]
    fn themes_and_content_from_outside_the_course_are_refused() {
        let outside = Outside::new();
        let theme = outside.dir.path().join("themes/default");
        refused("themes", &outside.dir.path().join("themes"));

        let set = |course: &Course, line: &str| {
            let toml = std::fs::read_to_string(course.root().join("book.toml")).unwrap();
            course.write("book.toml", &format!("{toml}\n{line}\n"));
        };
        let outcome = |course: &Course, expected: &str| {
            let run = course.run(&["build"]);
            run.expect_code(1);
            assert!(run.stderr().contains(expected), "`{expected}` in:\n{}", run.stderr());
            for (path, bytes) in snapshot(course.root()) {
                assert!(!String::from_utf8_lossy(&bytes).contains(SECRET), "{path} holds the outside secret");
            }
            assert_eq!(course.run(&["check"]).code(), 1, "check refuses it too");
        };
        for written in [theme.display().to_string(), "../../x".to_string(), "..".to_string()] {
            let course = Course::fixture("golden");
            set(&course, &format!("[build]\ntheme = \"{written}\""));
            outcome(&course, "`theme` is the name of a folder in themes/, not a path");
        }
        let course = Course::fixture("golden");
        set(&course, "[build]\ntheme = \"evil\"");
        std::fs::create_dir(course.root().join("themes")).unwrap();
        symlink(&theme, course.root().join("themes/evil")).unwrap();
        outcome(&course, "`themes/evil` is a link to");

        let course = Course::fixture("golden");
        let toml = std::fs::read_to_string(course.root().join("book.toml")).unwrap();
        let src = format!("src = \"{}\"", outside.dir.path().join("folder").display());
        course.write("book.toml", &toml.replacen("[book]", &format!("[book]\n{src}"), 1));
        outcome(&course, "(`src` in [book]) is outside the course's folder");

        let course = Course::fixture("golden");
        std::fs::rename(course.root().join("content"), course.root().join("moved")).unwrap();
        symlink(outside.dir.path().join("folder"), course.root().join("content")).unwrap();
        outcome(&course, "`content` is a link to");
    }

    #[test]
    fn a_misspelt_theme_is_named_with_the_themes_there() {
        let course = Course::fixture("golden");
        std::fs::create_dir_all(course.root().join("themes/campus/static")).unwrap();
        let toml = std::fs::read_to_string(course.root().join("book.toml")).unwrap();
        course.write("book.toml", &format!("{toml}\n[build]\ntheme = \"campas\"\n"));
        let run = course.run(&["check"]);
        run.expect_code(1);
        assert!(run.stderr().contains("there is no theme folder themes/campas/"), "{}", run.stderr());
        assert!(run.stderr().contains("did you mean `campus`?"), "{}", run.stderr());
        course.write("book.toml", &format!("{toml}\n[build]\ntheme = \"default\"\n"));
        course.run(&["build"]).expect_code(0);
    }

    #[test]
    fn theme_file_links() {
        let outside = Outside::new();
        refused("themes/default/static/leak.css", &outside.file());
        refused("themes/default/templates/404.html", &outside.file());
    }

    #[test]
    fn dangling_link_is_named() {
        let course = Course::fixture("golden");
        symlink("/nonexistent/file", course.root().join("content/assets/gone.png")).unwrap();
        let run = course.run(&["build"]);
        run.expect_code(1);
        assert!(run.stderr().contains("content/assets/gone.png"), "{}", run.stderr());
        assert!(run.stderr().contains("does not exist"), "{}", run.stderr());
    }

    #[test]
    fn links_inside_the_course_are_followed() {
        let course = Course::fixture("golden");
        symlink(course.root().join("content/assets/pic.png"), course.root().join("content/assets/same.png")).unwrap();
        symlink("../assets", course.root().join("content/01-basics/media")).unwrap();
        course.run(&["build"]).expect_code(0);
        let pic = std::fs::read(course.root().join("content/assets/pic.png")).unwrap();
        assert_eq!(std::fs::read(course.book().join("assets/same.png")).unwrap(), pic);
        assert_eq!(std::fs::read(course.book().join("basics/media/pic.png")).unwrap(), pic);
    }

    #[test]
    fn symlinked_build_folder_receives_the_site_and_stays_a_link() {
        let course = Course::fixture("golden");
        let www = course.root().join("www");
        std::fs::create_dir(&www).unwrap();
        symlink("www", course.book()).unwrap();
        for _ in 0..2 {
            course.run(&["build"]).expect_code(0);
            assert!(
                std::fs::symlink_metadata(course.book()).unwrap().file_type().is_symlink(),
                "book/ is still a link"
            );
            assert!(www.join("index.html").is_file(), "the site is in the link's target");
            assert!(litter(course.root()).is_empty(), "left behind: {:?}", litter(course.root()));
        }
    }

    #[test]
    fn build_folder_linked_into_content_is_refused() {
        let course = Course::fixture("golden");
        symlink("content", course.root().join("out")).unwrap();
        let run = course.run(&["build", "--dest", "out/site"]);
        run.expect_code(1);
        assert!(run.stderr().contains("inside the content folder"), "{}", run.stderr());
        assert!(!course.root().join("content/site").exists());
    }
}

#[test]
fn names_that_reach_html_are_escaped() {
    // `<`, `>` and `"` are refused in names (Windows does not allow them); what may reach the
    // HTML is `&` (an entity written out would become a tag), `'` and `` ` ``.
    const PAYLOADS: [&str; 4] =
        ["x&lt;img src=x onerror=alert(1)&gt;", "y' onload='alert(2)", "z&#60;script&#62;alert(3)", "w&amp;'`"];
    let course = Course::fixture("golden");
    for (i, payload) in PAYLOADS.iter().enumerate() {
        let module = format!("content/0{}-m{payload}", i + 4);
        course.write(&format!("{module}/index.md"), &format!("---\ntitle: 模块{i}\n---\n"));
        // A term link (its tooltip's id) and a footnote (its ids) carry the page's print anchor.
        course.write(
            &format!("{module}/01-c{payload}.md"),
            &format!("---\ntitle: 章{i}\n---\n\n## 小节\n\n正文谈客户满意度。[^n]\n\n[^n]: 注释。\n"),
        );
        course.write(&format!("content/assets/a{payload}.txt"), "file");
    }
    course.run(&["build"]).expect_code(0);
    let pages = html_files(&course.book());
    assert!(pages.contains_key("print.html"));
    for (path, html) in &pages {
        for tag in ["&lt;img src=x", "&#60;script", "' onload='alert"] {
            assert!(!html.contains(tag), "{path} holds an unescaped `{tag}` from a file name");
        }
    }
}

#[test]
fn odd_file_names_and_links_in_summaries_lead_where_they_say_and_drafts_stay_out() {
    // Found by a course generator written from FORMAT.md alone (session 32): `&` in a file
    // name unescaped in the self-test page's links (`a&semi;` read as `a;`), `%` in a print
    // anchor, `#` and `%` unencoded in the edit link, links in summaries and definitions left
    // as `.md` and `term:` (a card's inside its own link), the description's Markdown in the
    // `<meta>` tag, and a Markdown file in a folder without index.md published as it is.
    let course = Course::fixture("golden");
    let quiz = "```quiz\nquestion: 对吗？\nanswer: true\n```\n";
    course.write(
        "content/01-basics/20-a&semi; b.md",
        &format!("---\ntitle: 甲\nsummary: 见[概述](02-第二章 概述.md)与[官网](https://example.org/)，<a href=\"https://example.org/faq\">问答</a>。\nterms:\n  - name: 分号术语\n    level: 1\n    definition: 参见[客户满意度](term:客户满意度)，或写信给 <help@example.org>。\n---\n\n## 小节\n\n用分号术语。\n\n{quiz}"),
    );
    course.write(
        "content/01-basics/21-C# 100%41.md",
        // Its print anchor keeps `#` and `%`: its links (a heading, a footnote) encode them.
        "---\ntitle: 乙\n---\n\n## 小节\n\n见[上文](#小节)，用分号术语。[^注]\n\n[^注]: 注释。\n",
    );
    course.write("content/drafts/01-draft.md", "---\ntitle: 草稿\n---\n\n草稿。\n");
    let toml = std::fs::read_to_string(course.root().join("book.toml")).unwrap();
    course.write("book.toml", &toml.replace("A golden fixture course.", "一门**金标准**课程"));
    let checked = course.run(&["check"]);
    checked.expect_code(0);
    let warned = checked.stderr();
    assert_eq!(warned.matches("warning[CB-LINK-LOCAL]").count(), 2, "the summary and the definition: {warned}");
    assert!(warned.contains("warning[CB-FILE-ORPHAN]: content/drafts/01-draft.md"), "{warned}");
    course.run(&["build"]).expect_code(0);
    let book = course.book();
    assert!(common::broken_links(&book).is_empty(), "{:?}", common::broken_links(&book));
    assert!(!book.join("drafts").exists(), "the draft is not published");
    for (path, html) in html_files(&book) {
        for value in common::attribute_values(&html, "href").iter().chain(&common::attribute_values(&html, "src")) {
            let edit_link = value.starts_with("https://example.org/edit/");
            assert!(edit_link || (!value.contains(".md") && !value.starts_with("term:")), "{path}: {value}");
        }
        // Every `&` in the page's markup starts an entity the build wrote: `&amp;`, `&quot;`…
        for (at, _) in html.match_indices('&') {
            let entity: String = html[at..].chars().take(6).collect();
            assert!(
                ["&amp;", "&quot;", "&lt;", "&gt;", "&#"].iter().any(|e| entity.starts_with(e)),
                "{path}: {entity}"
            );
        }
    }
    let module = course.read_output("basics/index.html");
    // The card's own link: from its title to the link's end (`甲` alone is the sidebar's link).
    let card = &module[module.find("<span class=\"card-title\">甲</span>").expect("the chapter's card")..];
    let card = &card[..card.find("</a>").unwrap()];
    assert!(!card.contains("<a "), "no link inside the card's link: {card}");
    let glossary = course.read_output("glossary.html");
    assert!(glossary.contains("参见客户满意度，"), "the definition's link as its text");
    assert!(
        glossary.contains("<a href=\"mailto:help@example.org\">help@example.org</a>"),
        "a mail address stays a link"
    );
    let page = course.read_output("basics/a&semi; b.html");
    assert!(
        page.contains(
            "见概述与<a href=\"https://example.org/\">官网</a>，<a href=\"https://example.org/faq\">问答</a>。"
        ),
        "the summary's web links stay (Markdown and HTML), its chapter link is text"
    );
    assert!(card.contains("见概述与官网，问答。"), "on the card, all three are text: {card}");
    assert!(page.contains("content/01-basics/20-a%26semi;%20b.md"), "the edit link is encoded");
    assert!(course.read_output("basics/C# 100%41.html").contains("01-basics/21-C%23%20100%2541.md"));
    assert!(page.contains("<meta name=\"description\" content=\"一门金标准课程\">"), "the description as text");
    // A link to the draft: the file exists, but is no chapter and is not published.
    course.write("content/01-basics/22-link.md", "---\ntitle: 丙\n---\n\n见[草稿](../drafts/01-draft.md)。\n");
    let linked = course.run(&["check"]);
    linked.expect_code(1);
    assert!(
        linked
            .stderr()
            .contains("link `../drafts/01-draft.md` points to a Markdown file that is no chapter and is not published"),
        "{}",
        linked.stderr()
    );
}

/// The golden course with `files` added, and what a `check` that fails on it says.
fn failed_check(files: &[(&str, &str)]) -> (Course, String) {
    let course = Course::fixture("golden");
    for (path, text) in files {
        course.write(path, text);
    }
    let run = course.run(&["check"]);
    run.expect_code(1);
    let stderr = run.stderr();
    (course, stderr)
}

#[test]
fn names_windows_cannot_hold_are_errors_with_a_new_name() {
    for (name, renamed) in [
        ("10:30 图.png", "10-30 图.png"),
        ("a?b.txt", "a-b.txt"),
        ("x<y>.md", "x-y-.md"),
        ("q\"uote|*.png", "q-uote--.png"),
        ("back\\slash.png", "back-slash.png"),
    ] {
        let course = Course::fixture("golden");
        course.write(&format!("content/01-basics/{name}"), "---\ntitle: 文件\n---\n");
        let run = course.run(&["build"]);
        run.expect_code(1);
        let stderr = run.stderr();
        assert!(stderr.contains("error[CB-FILE-NAME]") && stderr.contains(name), "{name}: {stderr}");
        assert!(stderr.contains(&format!("rename the file `{name}`, e.g. `{renamed}`")), "{name}: {stderr}");
        assert!(!course.book().exists(), "{name}: nothing written");
    }
    // A new name is one no file has yet.
    let (_, stderr) = failed_check(&[
        ("content/01-basics/10-30 图.png", "png"),
        ("content/01-basics/10-30 图-2.png", "png"),
        ("content/01-basics/10:30 图.png", "png"),
    ]);
    assert!(stderr.contains("rename the file `10:30 图.png`, e.g. `10-30 图-3.png`"), "{stderr}");
    // A folder's name: reported once, at the folder, however many files it holds.
    let (course, stderr) = failed_check(&[
        ("content/07-a:b/index.md", "---\ntitle: 模块\n---\n"),
        ("content/07-a:b/01-one.md", "---\ntitle: 一\n---\n"),
        ("content/07-a:b/pics/two.png", "png"),
    ]);
    assert!(stderr.contains("rename the folder `07-a:b`, e.g. `07-a-b`"), "{stderr}");
    course.write("content/07-a-b/index.md", "---\ntitle: 另一个模块\n---\n");
    let stderr = course.run(&["check"]).stderr();
    assert!(stderr.contains("rename the folder `07-a:b`, e.g. `07-a-b-2`"), "{stderr}");
    assert_eq!(stderr.matches("error[CB-FILE-NAME]").count(), 1, "{stderr}");
}

#[test]
fn sources_that_would_replace_generated_pages_are_errors() {
    let cases = [
        ("content/01-basics/intro.html", "content/01-basics/01-intro.md"),
        ("content/index.html", "index.html"),
        ("content/search.html", "search.html"),
        ("content/glossary.html", "glossary.html"),
        ("content/404.html", "404.html"),
        ("content/_theme/app.js", "_theme/"),
        ("content/_terms/glossary.js", "_terms/"),
        ("content/search/index.js", "search"),
        ("content/search/shard-0.js", "search index"),
        ("content/search/words-2.js", "search index"),
        ("content/search/forms-0.js", "search index"),
        ("content/search/more-2.js", "search index"),
        ("content/print-notes.html", "print-notes.html"),
        ("content/glossary-a.html", "glossary-a.html"),
        ("content/revision-2.html", "revision-2.html"),
        ("content/uses-1.html", "uses-1.html"),
        ("content/uses-3-2.html", "uses-3-2.html"),
        ("content/01-basics/exercises.html", "basics/exercises.html"),
        ("content/course.epub", "course.epub"),
        ("content/course-site.zip", "course-site.zip"),
        ("content/course.pdf", "course.pdf"),
        ("content/course-print-basics.pdf", "course-print-basics.pdf"),
        ("content/sw.js", "sw.js"),
        ("content/manifest.webmanifest", "manifest.webmanifest"),
    ];
    for (file, other) in cases {
        let course = Course::fixture("golden");
        course.write(file, "<p>replacement</p>");
        let run = course.run(&["build"]);
        run.expect_code(1);
        let stderr = run.stderr();
        assert!(stderr.contains(file), "{file}: the error names the file:\n{stderr}");
        assert!(stderr.contains(other), "{file}: the error names what it collides with ({other}):\n{stderr}");
        course.run(&["check"]).expect_code(1);
    }
}

#[test]
fn names_like_generated_ones_inside_a_module_folder_are_fine() {
    let course = Course::fixture("golden");
    course.write("content/01-basics/print-notes.html", "<p>notes</p>");
    course.write("content/01-basics/glossary-a.html", "<p>list</p>");
    course.run(&["build"]).expect_code(0);
    assert!(course.book().join("basics/print-notes.html").is_file());
}

#[test]
fn sources_differing_only_in_case_are_errors() {
    let course = Course::fixture("golden");
    course.write("content/01-basics/03-Intro.md", "---\ntitle: 大写\n---\n");
    let run = course.run(&["build"]);
    run.expect_code(1);
    assert!(run.stderr().contains("content/01-basics/03-Intro.md"), "{}", run.stderr());
    assert!(run.stderr().contains("content/01-basics/01-intro.md"), "names the other: {}", run.stderr());
}

#[test]
fn build_folder_in_content_is_refused_with_its_line() {
    for (value, message) in [
        ("content/site", "inside the content folder"),
        ("content", "inside the content folder"),
        (".", "course folder itself"),
        ("", "empty"),
        ("content/../content/x", "inside the content folder"),
    ] {
        let course = Course::fixture("golden");
        let toml = std::fs::read_to_string(course.root().join("book.toml")).unwrap();
        course.write("book.toml", &format!("{toml}\n[build]\nbuild-dir = \"{value}\"\n"));
        let line = toml.lines().count() + 3;
        for command in ["build", "check"] {
            let run = course.run(&[command]);
            run.expect_code(1);
            assert!(run.stderr().contains(&format!("book.toml:{line}")), "{command} {value:?}: {}", run.stderr());
            assert!(run.stderr().contains(message), "{command} {value:?}: {}", run.stderr());
        }
        assert!(!course.root().join("content/site").exists());
    }
    let course = Course::fixture("golden");
    let run = course.run(&["build", "--dest", "content/out"]);
    run.expect_code(1);
    assert!(run.stderr().contains("--dest"), "{}", run.stderr());
    assert!(!course.root().join("content/out").exists());
    // A folder where none can be made is named as given, not by the scratch folder beside it.
    if cfg!(target_os = "linux") {
        let run = course.run(&["build", "--dest", "/proc/coursebook-site"]);
        run.expect_code(1);
        let said = run.stderr();
        assert!(said.contains("/proc/coursebook-site: no build folder can be made there"), "{said}");
        assert!(!said.contains(".tmp-"), "{said}");
    }
}

#[test]
fn check_reports_a_build_folder_it_may_not_replace() {
    let course = Course::fixture("golden");
    course.write("book/notes.txt", "mine");
    for command in ["build", "check"] {
        let run = course.run(&[command]);
        run.expect_code(1);
        assert!(run.stderr().contains("not made by coursebook"), "{command}: {}", run.stderr());
    }
    assert_eq!(std::fs::read_to_string(course.book().join("notes.txt")).unwrap(), "mine");
}

#[test]
fn output_names_too_long_for_the_file_system_are_errors() {
    let course = Course::fixture("golden");
    let name = format!("content/01-basics/{}.md", "n".repeat(251));
    course.write(&name, "---\ntitle: 长\n---\n");
    for command in ["check", "build"] {
        let run = course.run(&[command]);
        run.expect_code(1);
        assert!(run.stderr().contains(&name), "{command} names the source: {}", run.stderr());
        assert!(run.stderr().contains("at most 255"), "{}", run.stderr());
        assert!(!run.stderr().contains(".tmp-"), "no temporary path in the message: {}", run.stderr());
    }
    // An asset keeps its name: 255 bytes, the most a file system takes, is fine.
    std::fs::remove_file(course.root().join(&name)).unwrap();
    let longest = format!("{}.png", "a".repeat(251));
    course.write(&format!("content/01-basics/{longest}"), "png");
    course.run(&["build"]).expect_code(0);
    assert!(course.book().join("basics").join(&longest).is_file(), "a 255-byte name is copied");
}

#[test]
fn folders_of_killed_builds_are_removed_by_the_next_build() {
    let course = Course::fixture("golden");
    // Process ids above the kernel's limit (4194304) belong to no process.
    for stale in [".book.tmp-4194399", ".book.old-4194398"] {
        course.write(&format!("{stale}/index.html"), "half a site");
    }
    // A build that is still running (here: process 1 exists) keeps its folder.
    course.write(".book.tmp-1/index.html", "a build under way");
    course.run(&["build"]).expect_code(0);
    assert_eq!(litter(course.root()), vec![".book.tmp-1".to_string()]);
}

/// Runs the binary as an ordinary user (nobody) when the tests run as root, since root ignores
/// folder permissions; as anyone else, runs it directly.
#[cfg(unix)]
fn run_unprivileged(course: &Course, args: &[&str]) -> common::Run {
    let is_root = std::process::Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    if !is_root {
        return course.run(args);
    }
    let mut full = vec!["--reuid=65534", "--regid=65534", "--clear-groups", "--", env!("CARGO_BIN_EXE_coursebook")];
    full.extend_from_slice(args);
    let output =
        std::process::Command::new("setpriv").args(&full).current_dir(course.root()).output().expect("setpriv");
    common::Run { command: format!("setpriv … coursebook {}", args.join(" ")), output }
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_in_the_old_site_does_not_half_fail_the_build() {
    use std::os::unix::fs::PermissionsExt as _;
    let course = Course::fixture("golden");
    let open = |path: &Path| std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o777)).unwrap();
    open(course.root());
    for entry in walkdir::WalkDir::new(course.root()).into_iter().flatten() {
        open(entry.path());
    }
    run_unprivileged(&course, &["build"]).expect_code(0);
    std::fs::set_permissions(course.book().join("basics"), std::fs::Permissions::from_mode(0o555)).unwrap();
    course.write("content/01-basics/10-later.md", "---\ntitle: 新版本\norder: 3\n---\n\nNEW-VERSION\n");
    run_unprivileged(&course, &["build"]).expect_code(0);
    assert!(course.read_output("basics/later.html").contains("NEW-VERSION"), "the new site is in place");
    assert!(litter(course.root()).is_empty(), "the old site was removed: {:?}", litter(course.root()));
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_leaves_the_old_site_and_no_litter() {
    let course = Course::fixture("golden");
    let disk = tempfile::tempdir().unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=600k", "tmpfs"])
        .arg(disk.path())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: this user may not mount a small file system to fill");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(self.0).status();
        }
    }
    let _unmount = Unmount(disk.path());
    let dest = disk.path().join("site");
    let dest_arg = dest.to_str().unwrap();
    course.run(&["build", "--dest", dest_arg]).expect_code(0);
    let before = snapshot(&dest);
    // A large file: the new site cannot be written beside the old one.
    let noise: Vec<u8> = (0..700_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    std::fs::write(course.root().join("content/assets/big.bin"), noise).unwrap();
    let run = course.run(&["build", "--dest", dest_arg]);
    run.expect_code(1);
    assert!(snapshot(&dest) == before, "the previous site is untouched");
    assert!(litter(disk.path()).is_empty(), "left behind: {:?}", litter(disk.path()));
    assert!(!run.stderr().contains("panicked"), "{}", run.stderr());
}

#[test]
fn many_markdown_files_in_a_folder_without_index_md_are_one_warning() {
    let course = Course::fixture("golden");
    for n in 1..=5_000 {
        course.write(&format!("content/05-lost/{n:04}-chapter.md"), "---\ntitle: 章\n---\n\n正文。\n");
    }
    course.write("content/notes.md", "notes");
    course.write("content/01-basics/drafts/a.md", "draft");
    for name in ["b", "c", "d", "e"] {
        course.write(&format!("content/02-after-sale/drafts/{name}.md"), "draft");
        course.write(&format!("content/{name}-notes.md"), "notes");
    }
    let run = course.run(&["check"]);
    run.expect_code(0);
    let stderr = run.stderr();
    assert_eq!(stderr.matches("warning[CB-FILE-ORPHAN]").count(), 4, "{}", &stderr[..stderr.len().min(3000)]);
    // Files deeper in a module, or beside the modules, are named by their folder, with the
    // advice for many files.
    assert!(
        stderr.contains("warning[CB-FILE-ORPHAN]: content/02-after-sale/drafts: 4 Markdown files in this folder"),
        "{stderr}"
    );
    assert!(stderr.contains("warning[CB-FILE-ORPHAN]: content: 5 Markdown files in this folder"), "{stderr}");
    assert!(
        stderr.contains("help: to publish them as chapters, move them directly into a module's folder (one with an index.md); as files to download, give them another extension"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning[CB-FILE-ORPHAN]: content/05-lost: 5,000 Markdown files in this folder are not in a module and are not published: `0001-chapter.md`, `0002-chapter.md`, `0003-chapter.md`…"),
        "{stderr}"
    );
    assert!(stderr.contains("help: to publish them as a module's chapters, add an index.md to the folder"), "{stderr}");
    assert!(stderr.contains("warning[CB-FILE-ORPHAN]: content/01-basics/drafts/a.md: this Markdown file"));
    assert!(stderr.lines().count() < 40, "a few lines, not thousands: {}", stderr.lines().count());
}
