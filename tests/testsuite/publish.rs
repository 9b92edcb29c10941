//! What a published course adds to its pages: the date each page's source was last committed
//! (from git, when the course is in a git checkout), and `sitemap.xml` when the site's address
//! is known (`[output.html] site-url`, or `COURSEBOOK_SITE_URL` for the build under way).

use std::path::Path;
use std::process::Command;

use crate::common::{Course, Run};

const FIRST: &str = "2026-11-30T10:00:00+08:00";
const LATER: &str = "2026-12-01T01:30:00+08:00";

/// Whether git can be run; outside CI, tests that need it are skipped without it.
fn git_installed() -> bool {
    let installed = Command::new("git").arg("--version").output().is_ok_and(|o| o.status.success());
    if !installed {
        assert!(std::env::var_os("CI").is_none(), "CI must have git");
        eprintln!("skipping: git is not installed");
    }
    installed
}

/// Runs git in `dir` as a fixed person, with commits dated `date`.
fn git(dir: &Path, args: &[&str], date: &str) {
    let output = Command::new("git")
        .args(["-c", "user.name=Teacher", "-c", "user.email=teacher@example.org", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("run git");
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

/// Makes the course a git repository with every file committed on `FIRST`.
fn commit_all(course: &Course) {
    git(course.root(), &["init", "-q"], FIRST);
    git(course.root(), &["add", "."], FIRST);
    git(course.root(), &["commit", "-q", "-m", "the course"], FIRST);
}

fn footer_date(date: &str, datetime: &str) -> String {
    format!("<p class=\"last-updated\">最后更新：<time datetime=\"{datetime}\">{date}</time></p>")
}

#[test]
fn each_page_shows_the_date_of_its_last_commit() {
    if !git_installed() {
        return;
    }
    let course = Course::fixture("golden");
    commit_all(&course);
    course.write("content/02-after-sale/02-returns.md", "---\ntitle: 退货\n---\n\n改过一次的章节。\n");
    git(course.root(), &["commit", "-q", "-am", "returns"], LATER);
    course.write("content/01-basics/11-draft.md", "---\ntitle: 草稿\n---\n\n还没有提交。\n");
    course.write(
        "content/01-basics/01-intro.md",
        &(std::fs::read_to_string(course.root().join("content/01-basics/01-intro.md")).unwrap() + "\n改了还没提交。\n"),
    );
    let run = course.run(&["build"]);
    run.expect_code(0);
    assert!(!run.stderr().contains("git"), "{}", run.stderr());

    let first = footer_date("2026-11-30", FIRST);
    for page in ["index.html", "basics/index.html", "basics/第二章 概述.html", "after-sale/logistics.html"] {
        assert!(course.read_output(page).contains(&first), "{page} shows the first commit's date");
    }
    assert!(course.read_output("after-sale/returns.html").contains(&footer_date("2026-12-01", LATER)));
    assert!(
        course.read_output("basics/intro.html").contains(&first),
        "a file changed since its last commit shows that commit's date"
    );
    for page in ["basics/draft.html", "glossary.html", "search.html", "404.html"] {
        assert!(!course.read_output(page).contains("last-updated"), "{page} has no date");
    }
}

#[test]
fn without_git_or_a_repository_pages_have_no_date_and_no_warning() {
    let course = Course::fixture("golden");
    let run = course.run(&["build"]);
    run.expect_code(0);
    assert!(!run.stderr().contains("git"), "not a word about git: {}", run.stderr());
    assert!(!course.read_output("basics/intro.html").contains("last-updated"), "not a git repository");

    if !git_installed() {
        return;
    }
    commit_all(&course);
    // A machine without git: the same repository, built with no git on the PATH.
    let empty = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_coursebook"))
        .arg("build")
        .current_dir(course.root())
        .env("PATH", empty.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let run = Run { command: "coursebook build (PATH without git)".into(), output };
    run.expect_code(0);
    assert!(!run.stderr().contains("git"), "not a word about git: {}", run.stderr());
    assert!(!course.read_output("basics/intro.html").contains("last-updated"), "no git, no date");
}

#[test]
fn an_english_course_says_last_updated() {
    if !git_installed() {
        return;
    }
    let course = Course::fixture("golden");
    let toml = std::fs::read_to_string(course.root().join("book.toml")).unwrap().replace("zh-CN", "en");
    course.write("book.toml", &toml);
    commit_all(&course);
    course.run(&["build"]).expect_code(0);
    let page = course.read_output("basics/intro.html");
    assert!(page.contains(&format!("Last updated: <time datetime=\"{FIRST}\">2026-11-30</time>")), "{page}");
}

/// The `<loc>` and `<lastmod>` of each `<url>` of a sitemap.
fn sitemap_entries(xml: &str) -> Vec<(String, Option<String>)> {
    let between = |text: &str, open: &str, close: &str| {
        text.find(open).map(|i| text[i + open.len()..].split(close).next().unwrap_or_default().to_string())
    };
    xml.split("<url>")
        .skip(1)
        .map(|entry| (between(entry, "<loc>", "</loc>").expect("a loc"), between(entry, "<lastmod>", "</lastmod>")))
        .collect()
}

#[test]
fn a_sitemap_lists_every_page_by_its_canonical_address_with_its_date() {
    if !git_installed() {
        return;
    }
    let course = Course::fixture("golden");
    let toml = std::fs::read_to_string(course.root().join("book.toml")).unwrap();
    course.write("book.toml", &format!("{toml}site-url = \"https://example.org/course/\"\n"));
    commit_all(&course);
    course.run(&["build"]).expect_code(0);
    let xml = course.read_output("sitemap.xml");
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"), "{xml}");
    let entries = sitemap_entries(&xml);
    let locs: Vec<&str> = entries.iter().map(|(loc, _)| loc.as_str()).collect();
    let base = "https://example.org/course/";
    for page in [
        "index.html",
        "basics/index.html",
        "basics/intro.html",
        "after-sale/returns.html",
        "glossary.html",
        "revision.html",
    ] {
        assert!(locs.contains(&format!("{base}{page}").as_str()), "{page} in {locs:?}");
    }
    let chinese = format!("{base}basics/%E7%AC%AC%E4%BA%8C%E7%AB%A0%20%E6%A6%82%E8%BF%B0.html");
    assert!(locs.contains(&chinese.as_str()), "encoded as the canonical link: {locs:?}");
    let page = course.read_output("basics/第二章 概述.html");
    assert!(
        page.contains(&format!("<link rel=\"canonical\" href=\"{chinese}\">")),
        "the same address as the page says"
    );
    for left_out in ["search.html", "404.html", "print.html", "mistakes.html"] {
        assert!(!locs.contains(&format!("{base}{left_out}").as_str()), "{left_out} is not listed");
    }
    let dated = entries.iter().find(|(loc, _)| loc.ends_with("/basics/intro.html")).unwrap();
    assert_eq!(dated.1.as_deref(), Some(FIRST), "the date of the page's last commit");
    let glossary = entries.iter().find(|(loc, _)| loc.ends_with("/glossary.html")).unwrap();
    assert_eq!(glossary.1, None, "a generated page has no date");
    // Every page listed is a page of the site.
    for loc in &locs {
        let relative = loc.strip_prefix(base).unwrap();
        let decoded = percent_encoding::percent_decode_str(relative).decode_utf8().unwrap();
        assert!(course.book().join(decoded.as_ref()).is_file(), "{loc} is a page of the site");
    }
}

#[test]
fn no_site_url_no_sitemap_and_the_environment_gives_the_address_for_one_build() {
    let course = Course::fixture("golden");
    course.run(&["build"]).expect_code(0);
    assert!(!course.book().join("sitemap.xml").exists(), "no site-url, no sitemap");
    assert!(!course.read_output("basics/intro.html").contains("rel=\"canonical\""));

    let toml = std::fs::read_to_string(course.root().join("book.toml")).unwrap();
    course.write("book.toml", &format!("{toml}site-url = \"https://example.org/old/\"\n"));
    let output = Command::new(env!("CARGO_BIN_EXE_coursebook"))
        .arg("build")
        .current_dir(course.root())
        .env("COURSEBOOK_SITE_URL", "https://teacher.github.io/course")
        .output()
        .unwrap();
    Run { command: "COURSEBOOK_SITE_URL=… coursebook build".into(), output }.expect_code(0);
    let xml = course.read_output("sitemap.xml");
    assert!(xml.contains("<loc>https://teacher.github.io/course/basics/intro.html</loc>"), "{xml}");
    assert!(!xml.contains("example.org"), "the environment's address replaces book.toml's");
    let page = course.read_output("basics/intro.html");
    assert!(page.contains("<link rel=\"canonical\" href=\"https://teacher.github.io/course/basics/intro.html\">"));
}

#[test]
fn a_source_named_like_the_sitemap_is_refused() {
    let course = Course::fixture("golden");
    course.write("content/sitemap.xml", "<urlset/>");
    let run = course.run(&["build"]);
    run.expect_code(1);
    assert!(run.stderr().contains("content/sitemap.xml"), "{}", run.stderr());
    assert!(run.stderr().contains("the build generates"), "{}", run.stderr());
}
