//! Incremental rebuilds (the engine of `watch` and `serve`): an edit to a chapter's body
//! re-renders that page and what depends on it; anything else rebuilds everything; an edit
//! with an error writes nothing.

use crate::common;

use coursebook::config::{Config, Overrides};
use coursebook::site::session::Session;
use coursebook::site::BuildOptions;

fn session(course: &common::Course) -> Session {
    let config = Config::load(course.root(), &Overrides::default()).expect("config");
    let mut session = Session::new(config, BuildOptions::default());
    let report = session.build().expect("first build");
    assert_eq!(report.rendered, report.pages);
    session
}

#[test]
fn a_body_edit_rerenders_only_that_page_and_its_dependents() {
    let course = common::Course::fixture("glossary");
    let mut session = session(&course);
    let other = course.read_output("basics/terms.html");
    let path = course.root().join("content/02-service/02-all.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("is measured", "is measured with 安全心理 surveys")).unwrap();
    let report = session.rebuild(std::slice::from_ref(&path)).expect("rebuild");
    assert_eq!(report.rendered, 1, "only the edited page");
    // Two chapters saved at once are both rebuilt.
    let other_path = course.root().join("content/02-service/01-use.md");
    let use_source = std::fs::read_to_string(&other_path).unwrap();
    std::fs::write(&other_path, format!("{use_source}\nBOTH-ONE\n")).unwrap();
    let text_now = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text_now}\nBOTH-TWO\n")).unwrap();
    let report = session.rebuild(&[other_path.clone(), path.clone()]).expect("rebuild");
    assert_eq!(report.rendered, 2, "both edited pages");
    assert!(course.read_output("service/use.html").contains("BOTH-ONE"));
    assert!(course.read_output("service/all.html").contains("BOTH-TWO"));
    let again = session.rebuild(std::slice::from_ref(&path)).expect("a save without a change");
    assert_eq!(again.rendered, 0, "a page saved unchanged is not rendered again");
    let page = course.read_output("service/all.html");
    assert!(page.contains("surveys"), "page updated");
    assert!(page.contains("data-level=\"2\""), "the newly used term is linked");
    assert_eq!(course.read_output("basics/terms.html"), other, "other pages untouched");
    let glossary = course.read_output("glossary.html");
    let entry = &glossary[glossary.find("id=\"安全心理\"").unwrap()..];
    assert!(entry[..entry.find("</div>").unwrap()].contains("service/all.html"), "backlinks updated");
    let shard = std::fs::read_to_string(course.book().join("search/shard-0.js")).unwrap();
    assert!(shard.contains("surveys"), "search index updated");
    let print = course.read_output("print.html");
    assert!(print.contains("surveys"), "print page updated");
    assert_eq!(print.matches("id=\"service--all\"").count(), 1, "the edited chapter once in print");
    let fresh = tempfile::tempdir().unwrap();
    course.run(&["build", "--dest", fresh.path().to_str().unwrap()]).expect_code(0);
    let full = std::fs::read_to_string(fresh.path().join("print.html")).unwrap();
    assert!(print == full, "the print page after the edit is the one a full build writes");
    assert!(common::broken_links(&course.book()).is_empty());
}

#[test]
fn a_front_matter_edit_or_a_new_file_rebuilds_everything() {
    let course = common::Course::fixture("glossary");
    let mut session = session(&course);
    let path = course.root().join("content/02-service/02-all.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("title: 英文名", "title: 英文名称")).unwrap();
    let report = session.rebuild(std::slice::from_ref(&path)).expect("rebuild");
    assert_eq!(report.rendered, report.pages, "a title is in every sidebar");
    assert!(course.read_output("service/use.html").contains("英文名称"));
    // A heading added breaks no link: the page alone, with the anchor known from then on (a
    // link to it from another page, saved next, is a page-only rebuild too; found by a sixth
    // generator's tester, for whom every new heading rebuilt the whole site).
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\n## 新的小节\n\n文字。\n")).unwrap();
    let report = session.rebuild(std::slice::from_ref(&path)).expect("rebuild");
    assert_eq!(report.rendered, 1, "a heading added rebuilds its page");
    assert!(course.read_output("service/all.html").contains("<h2 id=\"新的小节\">"));
    let other = course.root().join("content/02-service/01-use.md");
    let other_text = std::fs::read_to_string(&other).unwrap();
    std::fs::write(&other, format!("{other_text}\n见[新的小节](02-all.md#新的小节)。\n")).unwrap();
    let report = session.rebuild(std::slice::from_ref(&other)).expect("the new anchor is known");
    assert_eq!(report.rendered, 1);
    let linking = course.read_output("service/use.html");
    assert!(linking.contains("all.html#%E6%96%B0%E7%9A%84%E5%B0%8F%E8%8A%82\""), "{linking}");
    assert!(course.read_output("print.html").contains("新的小节"), "the print page has it");
    // A heading renamed takes away an anchor another page may link to: everything is checked again.
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("## 新的小节", "## 改名的小节")).unwrap();
    let error = session.rebuild(std::slice::from_ref(&path)).expect_err("the link to it is broken now");
    assert!(error.to_string().contains("problem"), "{error}");
    std::fs::write(&other, &other_text).unwrap();
    let report = session.rebuild(&[other.clone(), path.clone()]).expect("mended");
    assert_eq!(report.rendered, report.pages, "after an error the next rebuild is full");
    let added = course.root().join("content/02-service/03-new.md");
    std::fs::write(&added, "---\ntitle: 新章\n---\n新的一章。\n").unwrap();
    let report = session.rebuild(std::slice::from_ref(&added)).expect("rebuild");
    assert_eq!(report.rendered, report.pages);
    assert!(course.book().join("service/new.html").is_file());
    // A deleted chapter, reported alone, is a full build that takes its page away.
    std::fs::remove_file(&added).unwrap();
    let report = session.rebuild(&[added]).expect("a deleted chapter is no error");
    assert_eq!(report.rendered, report.pages);
    assert!(!course.book().join("service/new.html").exists(), "the deleted chapter's page is gone");
}

#[test]
fn an_edit_with_an_error_writes_nothing_and_the_next_good_save_recovers() {
    let course = common::Course::fixture("glossary");
    let mut session = session(&course);
    let before = course.read_output("service/all.html");
    let path = course.root().join("content/02-service/02-all.md");
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{good}\n[broken](missing.md)\n")).unwrap();
    let error = session.rebuild(std::slice::from_ref(&path)).expect_err("broken link");
    assert!(error.to_string().contains("problem"), "{error}");
    assert_eq!(course.read_output("service/all.html"), before, "nothing written");
    std::fs::write(&path, format!("{good}\n修好了。\n")).unwrap();
    let report = session.rebuild(&[path]).expect("recovered");
    assert!(course.read_output("service/all.html").contains("修好了"));
    assert_eq!(report.rendered, report.pages, "after an error the next rebuild is full");
}

#[test]
fn a_save_with_a_front_matter_mistake_reports_its_body_too_as_check_does() {
    // Under `watch` and `serve`: the first rebuild after such a save reports every problem of
    // the file, as `check` would, not only its front matter's.
    let course = common::Course::fixture("glossary");
    let mut session = session(&course);
    let path = course.root().join("content/02-service/02-all.md");
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{}\n[broken](missing.md)\n", good.replacen("title:", "titel:", 1))).unwrap();
    let Err(coursebook::Error::Content(problems)) = session.rebuild(std::slice::from_ref(&path)) else {
        panic!("the save has errors")
    };
    let codes: Vec<&str> = problems.iter().map(|p| p.code.as_str()).collect();
    assert!(codes.contains(&"CB-KEY-UNKNOWN") && codes.contains(&"CB-LINK-BROKEN"), "{codes:?}");
}

#[cfg(unix)]
#[test]
fn a_chapter_replaced_by_a_link_outside_is_refused_not_rerendered() {
    let outside = tempfile::tempdir().unwrap();
    let course = common::Course::fixture("glossary");
    let mut session = session(&course);
    let path = course.root().join("content/02-service/02-all.md");
    // The same front matter and headings, so that only the link itself can stop a page-only rebuild.
    let secret = outside.path().join("secret.md");
    std::fs::write(&secret, std::fs::read_to_string(&path).unwrap() + "\nOUTSIDE-SECRET\n").unwrap();
    std::fs::remove_file(&path).unwrap();
    std::os::unix::fs::symlink(&secret, &path).unwrap();
    let error = session.rebuild(&[path]).expect_err("a link outside the course fails the rebuild");
    let coursebook::Error::Content(problems) = &error else { panic!("a content error, got {error}") };
    assert!(
        problems.iter().any(|d| d.path.ends_with("02-service/02-all.md") && d.message.contains("outside the course")),
        "the link itself is named: {problems:?}"
    );
    for (name, html) in common::html_files(&course.book()) {
        assert!(!html.contains("OUTSIDE-SECRET"), "{name} holds the outside file");
    }
}

#[test]
fn a_body_edit_in_a_course_split_into_shards_updates_its_shard() {
    let course = common::Course::fixture("glossary");
    // Over the threshold at which the index is split by module.
    let filler = "客户服务需要耐心与真诚，每一次回复都影响顾客的体验。\n\n".repeat(8000);
    course.write("content/01-basics/09-long.md", &format!("---\ntitle: 长章节\n---\n\n{filler}"));
    let mut session = session(&course);
    assert!(course.book().join("search/shard-1.js").is_file(), "the index is split by module");
    let path = course.root().join("content/02-service/02-all.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("is measured", "is measured with lighthouse surveys")).unwrap();
    let report = session.rebuild(&[path]).expect("rebuild");
    assert_eq!(report.rendered, 1, "only the edited page");
    let shards: Vec<String> = std::fs::read_dir(course.book().join("search"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .filter(|text| text.starts_with("coursebookSearchIndex.shard("))
        .collect();
    assert_eq!(shards.iter().filter(|s| s.contains("lighthouse")).count(), 1, "the page's shard holds the edit");
    // The rewritten shard is exactly what a full build of the edited course writes.
    let fresh = tempfile::tempdir().unwrap();
    course.run(&["build", "--dest", fresh.path().to_str().unwrap()]).expect_code(0);
    for entry in std::fs::read_dir(fresh.path().join("search")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        let incremental = std::fs::read_to_string(course.book().join("search").join(name)).unwrap();
        assert!(incremental == std::fs::read_to_string(&path).unwrap(), "search/{name:?} differs from a full build");
    }
}

#[test]
fn a_body_edit_in_a_course_printed_in_module_files_rewrites_its_file_as_a_full_build_writes_it() {
    // Over 4 MB of Markdown: each module prints in its own file. A full build writes them as
    // the pages render; a rebuild rewrites the edited page's file from its pages: the same bytes.
    let course = common::Course::fixture("glossary");
    let filler = "客户服务需要耐心与真诚，每一次回复都影响顾客的体验。\n\n".repeat(10_000);
    for n in 1..=6 {
        course
            .write(&format!("content/01-basics/2{n}-long-{n}.md"), &format!("---\ntitle: 长章节{n}\n---\n\n{filler}"));
    }
    let mut session = session(&course);
    let print_files = |folder: &std::path::Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|name| name.starts_with("print"))
            .collect();
        names.sort();
        names
    };
    assert!(print_files(&course.book()).len() > 2, "printed in module files: {:?}", print_files(&course.book()));
    let path = course.root().join("content/02-service/02-all.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("is measured", "is measured with lighthouse surveys")).unwrap();
    assert_eq!(session.rebuild(&[path]).expect("rebuild").rendered, 1, "only the edited page");
    let fresh = tempfile::tempdir().unwrap();
    course.run(&["build", "--dest", fresh.path().to_str().unwrap()]).expect_code(0);
    assert_eq!(print_files(&course.book()), print_files(fresh.path()));
    let mut edited = 0;
    for name in print_files(fresh.path()) {
        let incremental = course.read_output(&name);
        edited += usize::from(incremental.contains("lighthouse"));
        assert!(incremental == std::fs::read_to_string(fresh.path().join(&name)).unwrap(), "{name} differs");
    }
    assert_eq!(edited, 1, "the edit is in one print file");
}

#[test]
fn the_unused_term_warning_follows_an_edit_that_starts_or_stops_using_the_term() {
    let course = common::Course::fixture("glossary");
    course.write(
        "content/02-service/09-alone.md",
        "---\ntitle: Alone\nterms:\n  - name: 孤单术语\n    level: 1\n    definition: Used only here at first.\n---\n\n孤单术语.\n",
    );
    let warned = |report: &coursebook::site::Report| {
        report.warnings.iter().any(|d| d.message.contains("`孤单术语` is never used outside"))
    };
    let config = Config::load(course.root(), &Overrides::default()).expect("config");
    let mut session = Session::new(config, BuildOptions::default());
    assert!(warned(&session.build().expect("first build")), "used only where defined: warned");
    let path = course.root().join("content/02-service/02-all.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\nNow 孤单术语 is used here too.\n")).unwrap();
    let report = session.rebuild(std::slice::from_ref(&path)).expect("rebuild");
    assert_eq!(report.rendered, 1, "a body edit");
    assert!(!warned(&report), "used in another chapter now: no warning: {:?}", report.warnings);
    std::fs::write(&path, format!("{text}\nAnother sentence.\n")).unwrap();
    let report = session.rebuild(std::slice::from_ref(&path)).expect("rebuild");
    assert_eq!(report.rendered, 1, "a body edit");
    assert!(warned(&report), "no longer used elsewhere: warned again");
    std::fs::write(&path, format!("{text}\nA third sentence.\n")).unwrap();
    let report = session.rebuild(std::slice::from_ref(&path)).expect("rebuild");
    assert!(warned(&report), "an edit that changes no term's use keeps the warning");
}

#[test]
fn a_chapters_questions_added_or_removed_rebuild_everything_changed_its_module_its_prose_alone_it() {
    let course = common::Course::fixture("glossary");
    let mut session = session(&course);
    let path = course.root().join("content/02-service/01-use.md");
    let before = std::fs::read_to_string(&path).unwrap();
    let question = "\n```quiz\nquestion: 客户满意度来自什么？\nanswer: 对\n```\n";
    std::fs::write(&path, format!("{before}{question}")).unwrap();
    let report = session.rebuild(std::slice::from_ref(&path)).expect("rebuild");
    assert_eq!(report.rendered, report.pages, "a page gaining a question rebuilds everything");
    assert!(course.read_output("service/exercises.html").contains("客户满意度来自什么"), "on the self-test page");
    // Its prose edited, questions untouched: that page alone, and the result a full build's.
    std::fs::write(&path, format!("{before}\n改过的一段话。\n{question}")).unwrap();
    let self_test = course.read_output("service/exercises.html");
    let report = session.rebuild(std::slice::from_ref(&path)).expect("rebuild");
    assert_eq!(report.rendered, 1, "a page with questions whose prose changed is rebuilt alone");
    assert!(course.read_output("service/use.html").contains("改过的一段话"));
    assert_eq!(course.read_output("service/exercises.html"), self_test, "the self-test page as it was");
    let fresh = tempfile::tempdir().unwrap();
    course.run(&["build", "--dest", fresh.path().to_str().unwrap()]).expect_code(0);
    for page in ["service/use.html", "service/exercises.html", "print.html", "index.html", "service/index.html"] {
        let full = std::fs::read_to_string(fresh.path().join(page)).unwrap();
        assert!(course.read_output(page) == full, "{page} after the edit is the one a full build writes");
    }
    // Its question edited (as many as before): the page, its module's self-test page, the
    // print files and the search, each as a full build writes it.
    let changed = question.replace("来自什么", "来自哪里").replace("对", "错");
    std::fs::write(&path, format!("{before}\n改过的一段话。\n{changed}")).unwrap();
    let report = session.rebuild(std::slice::from_ref(&path)).expect("rebuild");
    assert_eq!(report.rendered, 1, "a page whose question changed is rebuilt with its module's self-test");
    assert!(course.read_output("service/exercises.html").contains("客户满意度来自哪里"));
    let fresh = tempfile::tempdir().unwrap();
    course.run(&["build", "--dest", fresh.path().to_str().unwrap()]).expect_code(0);
    for page in ["service/use.html", "service/exercises.html", "print.html", "index.html", "service/index.html"] {
        let full = std::fs::read_to_string(fresh.path().join(page)).unwrap();
        assert!(course.read_output(page) == full, "{page} after the question's edit is the one a full build writes");
    }
    let index = |book: &std::path::Path| std::fs::read_to_string(book.join("search/shard-0.js")).unwrap();
    assert!(index(&course.book()).contains("来自哪里") && !index(&course.book()).contains("来自什么"));
    // A second question: how many there are is on the cards, so everything.
    let second = "\n```quiz\nquestion: 第二问。\nanswer: 对\n```\n";
    std::fs::write(&path, format!("{before}\n改过的一段话。\n{changed}{second}")).unwrap();
    let report = session.rebuild(std::slice::from_ref(&path)).expect("rebuild");
    assert_eq!(report.rendered, report.pages, "a page gaining a question rebuilds everything");
    std::fs::write(&path, &before).unwrap();
    let report = session.rebuild(std::slice::from_ref(&path)).expect("rebuild");
    assert_eq!(report.rendered, report.pages, "a page losing its last question rebuilds everything");
    assert!(!course.book().join("service/exercises.html").exists(), "no self-test page without questions");
}

#[test]
fn a_body_edit_renews_the_workers_cache_and_the_home_page_keeps_its_downloads() {
    let course = common::Course::fixture("golden");
    let mut session = session(&course);
    let worker = course.read_output("sw.js");
    let path = course.root().join("content/index.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\nHOME-EDIT\n")).unwrap();
    let report = session.rebuild(std::slice::from_ref(&path)).expect("rebuild");
    assert_eq!(report.rendered, 1, "the home page alone");
    let home = course.read_output("index.html");
    assert!(home.contains("HOME-EDIT"));
    assert!(home.contains("<a href=\"course.epub\" download>"), "still offers the EPUB: {home}");
    assert!(home.contains("<a href=\"course-site.zip\" download>"), "and the zip");
    let renewed = course.read_output("sw.js");
    assert_ne!(renewed, worker, "a new cache, so that a browser drops the search files it kept");
    let cache_line = |script: &str| script.lines().find(|l| l.starts_with("var CACHE")).unwrap_or_default().to_string();
    assert_eq!(worker.replace(&cache_line(&worker), ""), renewed.replace(&cache_line(&renewed), ""), "only the name");
    assert!(common::broken_links(&course.book()).is_empty());
}

/// A page with questions rebuilt after an edit to its text is the page a full build writes,
/// byte for byte (found by a sixth generator's tester: the full build, which fills the
/// questions into slots, had a blank line more after each).
#[test]
fn a_page_with_questions_rebuilt_alone_is_the_page_a_full_build_writes() {
    let course = common::Course::fixture("glossary");
    let path = course.root().join("content/02-service/02-all.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let quiz = "\n```quiz\nquestion: 客服可以和顾客争辩。\nanswer: 错\n```\n\n后面的一段。\n";
    std::fs::write(&path, format!("{text}{quiz}")).unwrap();
    let mut session = session(&course);
    std::fs::write(&path, format!("{text}{quiz}\n再加一段。\n")).unwrap();
    let report = session.rebuild(std::slice::from_ref(&path)).expect("rebuild");
    assert_eq!(report.rendered, 1, "the text alone changed");
    let fresh = tempfile::tempdir().unwrap();
    course.run(&["build", "--dest", fresh.path().to_str().unwrap()]).expect_code(0);
    let full = std::fs::read_to_string(fresh.path().join("service/all.html")).unwrap();
    let rebuilt = course.read_output("service/all.html");
    assert!(rebuilt.contains("再加一段") && rebuilt.contains("<form class=\"quiz\""), "{rebuilt}");
    assert!(rebuilt == full, "rebuilt:\n{rebuilt}\nfull build:\n{full}");
}

/// A heading added with a written `{#id}` the page has already is reported as `check` reports
/// it, not rebuilt alone (found by a reviewer: the page then had the id twice).
#[test]
fn a_heading_added_with_an_id_the_page_has_is_reported() {
    let course = common::Course::fixture("glossary");
    let mut session = session(&course);
    let path = course.root().join("content/02-service/02-all.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\n## 丙 {{#main}}\n")).unwrap();
    let Err(coursebook::Error::Content(problems)) = session.rebuild(std::slice::from_ref(&path)) else {
        panic!("the clash is an error")
    };
    assert!(problems.iter().any(|p| p.code.as_str() == "CB-HEADING-ID"), "{problems:?}");
}

#[test]
fn a_save_through_a_temporary_file_rebuilds_the_saved_page_alone() {
    let course = common::Course::fixture("glossary");
    let mut session = session(&course);
    let page = course.root().join("content/02-service/02-all.md");
    let text = std::fs::read_to_string(&page).unwrap();
    // As JetBrains IDEs save (`X___jb_tmp___` written and renamed over the page, the old page
    // kept as `X___jb_old___` and deleted), as many libraries do (`X.tmp`), and as gedit does
    // (a hidden `.goutputstream-…`): each batch names the temporary files too.
    let saves = [
        ["02-all.md___jb_tmp___", "02-all.md___jb_old___"],
        ["02-all.md.tmp", ".02-all.md.tmp"],
        [".goutputstream-Q1W2E3", ".goutputstream-Q1W2E3"],
    ];
    for (round, temporaries) in saves.iter().enumerate() {
        let temporaries: Vec<_> = temporaries.iter().map(|name| page.with_file_name(name)).collect();
        std::fs::write(&temporaries[0], format!("{text}\nSAVED-{round}\n")).unwrap();
        std::fs::rename(&temporaries[0], &page).unwrap();
        let mut changed = temporaries.clone();
        changed.push(page.clone());
        let report = session.rebuild(&changed).expect("rebuild");
        assert_eq!(report.rendered, 1, "round {round}: the saved page alone");
        assert!(course.read_output("service/all.html").contains(&format!("SAVED-{round}")));
    }
    // A file the last build copied, deleted, is not a temporary file: everything is rebuilt.
    let picture = course.root().join("content/02-service/gone.png");
    std::fs::write(&picture, b"not really a picture").unwrap();
    let report = session.rebuild(std::slice::from_ref(&picture)).expect("a picture added");
    assert_eq!(report.rendered, report.pages);
    assert!(course.book().join("service/gone.png").is_file());
    std::fs::remove_file(&picture).unwrap();
    let report = session.rebuild(std::slice::from_ref(&picture)).expect("a picture removed");
    assert_eq!(report.rendered, report.pages);
    assert!(!course.book().join("service/gone.png").exists(), "the site no longer has it");
    // Nor is a chapter outside any module, one of many in a folder the last build warned
    // about as a whole: the warning is redone.
    for n in 0..5 {
        course.write(&format!("content/02-service/drafts/{n}.md"), "草稿");
    }
    let report = session.rebuild(&[course.root().join("content/02-service/drafts")]).expect("drafts added");
    let orphans = |report: &coursebook::site::Report| {
        report.warnings.iter().filter(|w| w.code.as_str() == "CB-FILE-ORPHAN").count()
    };
    assert_eq!(orphans(&report), 1, "{:?}", report.warnings);
    let draft = course.root().join("content/02-service/drafts/4.md");
    std::fs::remove_file(&draft).unwrap();
    let report = session.rebuild(std::slice::from_ref(&draft)).expect("a draft removed");
    assert_eq!(report.rendered, report.pages);
    assert_eq!(orphans(&report), 1, "four, still one: {:?}", report.warnings);
    assert!(report.warnings.iter().any(|w| w.message.starts_with("4 Markdown files")), "{:?}", report.warnings);
    // And a folder of a few such chapters, each warned about, moved away at once.
    for n in 0..4 {
        std::fs::remove_file(course.root().join(format!("content/02-service/drafts/{n}.md"))).unwrap();
    }
    course.write("content/02-service/drafts/only.md", "草稿");
    let drafts = course.root().join("content/02-service/drafts");
    let report = session.rebuild(std::slice::from_ref(&drafts)).expect("drafts changed");
    assert_eq!(orphans(&report), 1, "{:?}", report.warnings);
    std::fs::rename(&drafts, course.root().join(".drafts-kept")).unwrap();
    let report = session.rebuild(std::slice::from_ref(&drafts)).expect("the drafts moved away");
    assert_eq!(report.rendered, report.pages);
    assert_eq!(orphans(&report), 0, "{:?}", report.warnings);
    // Nor is a folder that held pages.
    let module = course.root().join("content/02-service");
    std::fs::rename(&module, course.root().join("content/.02-service-hidden")).unwrap();
    let report = session.rebuild(std::slice::from_ref(&module)).expect("a module moved away");
    assert_eq!(report.rendered, report.pages);
    assert!(!course.book().join("service/all.html").exists());
}

#[test]
fn an_edit_that_leaves_a_term_on_fewer_pages_updates_or_removes_its_full_list() {
    let course = common::Course::fixture("golden");
    let toml = std::fs::read_to_string(course.root().join("book.toml")).unwrap();
    course.write("book.toml", &format!("{toml}site-url = \"https://example.org/course/\"\n"));
    for n in 0..14 {
        let text = format!("---\ntitle: 用{n}\n---\n\n提高客户满意度。\n");
        course.write(&format!("content/02-after-sale/{:02}-use{n}.md", 20 + n), &text);
    }
    let mut session = session(&course);
    let uses = common::uses_pages(&course.book());
    assert_eq!(uses.len(), 1, "one term's full list");
    let (file, html) = &uses[0];
    let listed = |html: &str| html.matches("<li><a href=\"after-sale/use").count();
    assert_eq!(listed(html), 14, "{html}");
    let in_sitemap =
        || course.read_output("sitemap.xml").contains(&format!("<loc>https://example.org/course/{file}</loc>"));
    assert!(in_sitemap(), "the sitemap names the full list");
    let page = course.root().join("content/02-after-sale/20-use0.md");
    std::fs::write(&page, "---\ntitle: 用0\n---\n\n别的话。\n").unwrap();
    let report = session.rebuild(std::slice::from_ref(&page)).expect("rebuild");
    assert_eq!(report.rendered, 1, "a body edit");
    assert_eq!(listed(&course.read_output(file)), 13, "one page fewer");
    let page = course.root().join("content/02-after-sale/21-use1.md");
    std::fs::write(&page, "---\ntitle: 用1\n---\n\n别的话。\n").unwrap();
    session.rebuild(std::slice::from_ref(&page)).expect("rebuild");
    assert!(common::uses_pages(&course.book()).is_empty(), "twelve pages, all in the entry: no page of their own");
    assert!(!in_sitemap(), "nor does the sitemap name one");
    assert!(!course.read_output("glossary.html").contains("used-more"));
    assert!(common::broken_links(&course.book()).is_empty());
    // And back: a thirteenth page makes the list again, in the sitemap too.
    std::fs::write(&page, "---\ntitle: 用1\n---\n\n客户满意度。\n").unwrap();
    let report = session.rebuild(std::slice::from_ref(&page)).expect("rebuild");
    assert_eq!(report.rendered, 1, "a body edit");
    assert!(course.book().join(file).exists() && in_sitemap());
}

#[test]
fn a_question_grown_past_a_self_test_parts_size_rebuilds_everything_with_the_new_parts() {
    let course = common::Course::fixture("glossary");
    // A question with an explanation of `lines` lines of 400 characters.
    let quiz = |lines: usize| {
        let line = "很长的解释。".repeat(66);
        let explanation: String = (0..lines).map(|_| format!("  {line}\n")).collect();
        format!("\n```quiz\nquestion: 长问题？\nanswer: 对\nexplanation: |\n{explanation}```\n")
    };
    let first = course.root().join("content/02-service/01-use.md");
    let second = course.root().join("content/02-service/02-all.md");
    let (first_text, second_text) =
        (std::fs::read_to_string(&first).unwrap(), std::fs::read_to_string(&second).unwrap());
    std::fs::write(&first, format!("{first_text}{}", quiz(150))).unwrap();
    std::fs::write(&second, format!("{second_text}{}", quiz(150))).unwrap();
    let mut session = session(&course);
    assert!(!course.book().join("service/exercises-2.html").exists(), "one part");
    std::fs::write(&second, format!("{second_text}{}", quiz(300))).unwrap();
    let report = session.rebuild(std::slice::from_ref(&second)).expect("rebuild");
    assert_eq!(report.rendered, report.pages, "a second part: everything, the sitemap and the parts' links");
    let part = course.read_output("service/exercises-2.html");
    assert!(part.contains("很长的解释") && part.contains("href=\"exercises.html\""), "the parts link each other");
    assert!(common::broken_links(&course.book()).is_empty());
}

#[test]
fn a_build_tells_the_size_of_the_course_it_read_before_rendering_it() {
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
    use std::sync::OnceLock;
    static TOLD: AtomicU64 = AtomicU64::new(0);
    static ROOT: OnceLock<std::path::PathBuf> = OnceLock::new();
    static FILES_WHEN_TOLD: AtomicUsize = AtomicUsize::new(usize::MAX);
    /// Every file in the course folder (its sources, and whatever a build has written).
    fn files_under(root: &std::path::Path) -> usize {
        walkdir::WalkDir::new(root).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file()).count()
    }
    fn told(bytes: u64) {
        TOLD.store(bytes, Ordering::SeqCst);
        FILES_WHEN_TOLD.store(files_under(ROOT.get().expect("the course's folder")), Ordering::SeqCst);
    }
    static RENDERED: OnceLock<(usize, bool)> = OnceLock::new();
    /// The files written when the pages are rendered, and whether a glossary page is one.
    fn rendered() {
        let root = ROOT.get().expect("the course's folder");
        let glossary =
            walkdir::WalkDir::new(root).into_iter().filter_map(Result::ok).any(|e| e.file_name() == "glossary.html");
        RENDERED.set((files_under(root), glossary)).expect("told once");
    }
    let course = common::Course::fixture("golden");
    ROOT.set(course.root().to_path_buf()).expect("set once");
    let sources = files_under(course.root());
    let config = Config::load(course.root(), &Overrides::default()).expect("config");
    let options =
        BuildOptions { on_course_read: Some(told), on_pages_rendered: Some(rendered), ..BuildOptions::default() };
    let report = coursebook::site::build(&config, &options).expect("build");
    assert!(report.markdown_bytes > 1_000, "{}", report.markdown_bytes);
    assert_eq!(TOLD.load(Ordering::SeqCst), report.markdown_bytes as u64, "the binary sets its allocator by it");
    // Told before the first page is written: the allocator is set for the whole render.
    assert_eq!(FILES_WHEN_TOLD.load(Ordering::SeqCst), sources, "nothing written when the size is told");
    assert!(
        course.book().join("index.html").is_file() && files_under(&course.book()) > 10,
        "the build then wrote the site"
    );
    // Told again once the pages are written, before the glossary pages (the binary hands back
    // what its allocator kept while pages rendered).
    let (files_when_rendered, glossary_written) = *RENDERED.get().expect("told once the pages are rendered");
    assert!(files_when_rendered > sources + 5 && !glossary_written, "{files_when_rendered} files, {glossary_written}");
}

#[test]
fn an_edit_to_which_pages_use_a_term_rewrites_its_own_glossary_and_uses_pages_alone() {
    // Two much-used terms far apart in the glossary: 客户满意度 (K), and the first term of its
    // last part. Each has a full list of its own.
    let course = common::split_glossary_course();
    let glossary = course.read_output("glossary.html");
    let parts: Vec<String> = common::attribute_values(&glossary, "href")
        .into_iter()
        .filter(|href| href.starts_with("glossary-") && !href.contains('#'))
        .collect();
    let last = course.read_output(parts.last().unwrap());
    let far = &last[last.find("id=\"术语").unwrap() + "id=\"".len()..];
    let far = far[..far.find('"').unwrap()].to_string();
    for n in 0..13 {
        course.write(
            &format!("content/02-after-sale/{}-other{n}.md", 40 + n),
            &format!("---\ntitle: 另\n---\n\n{far}。\n"),
        );
    }
    // 客户满意度 on 14 pages: one fewer still leaves it a list.
    course.write("content/02-after-sale/39-more.md", "---\ntitle: 再用\n---\n\n客户满意度。\n");
    let mut session = session(&course);
    let uses = common::uses_pages(&course.book());
    assert_eq!(uses.len(), 2, "each term's list in its own run's page");
    let (mine, other) =
        if uses[0].1.contains("id=\"客户满意度\"") { (&uses[0].0, &uses[1].0) } else { (&uses[1].0, &uses[0].0) };
    let inode = |file: &str| std::os::unix::fs::MetadataExt::ino(&course.book().join(file).metadata().expect(file));
    let inodes = |files: &[&str]| files.iter().map(|file| inode(file)).collect::<Vec<u64>>();
    let holding = |id: &str| {
        parts.iter().find(|part| course.read_output(part).contains(&format!("id=\"{id}\""))).cloned().unwrap()
    };
    let (mine_part, other_part) = (holding("客户满意度"), holding(&far));
    assert_ne!(mine_part, other_part);
    let untouched = [other.as_str(), other_part.as_str(), "revision.html", "glossary.html"];
    let before = inodes(&untouched);
    let (mine_before, mine_part_before) = (inode(mine), inode(&mine_part));
    let page = course.root().join("content/02-after-sale/20-used0.md");
    std::fs::write(&page, "---\ntitle: 用\n---\n\n别的话。\n").unwrap();
    let report = session.rebuild(std::slice::from_ref(&page)).expect("rebuild");
    assert_eq!(report.rendered, 1, "a body edit");
    assert_eq!(
        inodes(&untouched),
        before,
        "{untouched:?}: the other term's pages and the revision page are not rewritten"
    );
    assert_ne!(inode(mine), mine_before, "the term's list is rewritten");
    assert_ne!(inode(&mine_part), mine_part_before, "and its glossary entry");
    // What was rewritten, and what was not, is what a full build of the edited course writes.
    let fresh = tempfile::tempdir().unwrap();
    course.run(&["build", "--dest", fresh.path().to_str().unwrap()]).expect_code(0);
    let full = common::html_files(fresh.path());
    let incremental = common::html_files(&course.book());
    assert_eq!(full.keys().collect::<Vec<_>>(), incremental.keys().collect::<Vec<_>>());
    for (file, html) in &full {
        assert!(incremental[file] == *html, "{file} differs from a full build's");
    }
}

/// Every file of the site in `site` but the zip, the EPUB and `sw.js`, with its bytes.
fn site_files(site: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(site).unwrap().to_string_lossy().to_string(), e.path().to_path_buf()))
        .filter(|(name, _)| !["course-site.zip", "course.epub", "sw.js"].contains(&name.as_str()))
        .map(|(name, path)| {
            // The home page tells the sizes of the last full build's zip and EPUB.
            let mut bytes = std::fs::read(&path).unwrap();
            if name == "index.html" {
                let mut html = String::from_utf8(bytes).unwrap();
                let open = "<span class=\"download-size\">";
                while let Some(at) = html.find(open) {
                    let end = at + html[at..].find("</span>").unwrap() + "</span>".len();
                    html.replace_range(at..end, "");
                }
                bytes = html.into_bytes();
            }
            (name, bytes)
        })
        .collect()
}

/// A course of 45 terms 词01…词45 (three runs of uses pages, the last of 5 terms), plus `extra`
/// terms (510: a split glossary), used on `pages` pages titled with `pad` characters more, as
/// `uses` says (term → pages).
fn runs_course(
    extra: usize,
    pages: usize,
    pad: usize,
    uses: &std::collections::BTreeMap<usize, Vec<usize>>,
) -> common::Course {
    let course = common::Course::fixture("golden");
    let toml = std::fs::read_to_string(course.root().join("book.toml")).unwrap();
    course.write("book.toml", &format!("{toml}site-url = \"https://example.org/course/\"\n"));
    let mut terms = String::new();
    for n in 1..=45 {
        terms.push_str(&format!("  - name: 词{n:02}\n    level: 1\n    definition: 第{n}个。\n"));
    }
    for n in 1..=extra {
        terms.push_str(&format!("  - name: 额外{n}\n    level: 1\n    definition: 多。\n"));
    }
    course.write("content/04-runs/index.md", "---\ntitle: 词表\n---\n\n词。\n");
    course.write("content/04-runs/01-defs.md", &format!("---\ntitle: 定义\nterms:\n{terms}---\n\n定义。\n"));
    for page in 0..pages {
        write_use_page(&course, page, pad, uses);
    }
    course
}

/// Writes page `page` of [`runs_course`], using the terms `uses` says it uses.
fn write_use_page(
    course: &common::Course,
    page: usize,
    pad: usize,
    uses: &std::collections::BTreeMap<usize, Vec<usize>>,
) {
    let used: Vec<String> =
        uses.iter().filter(|(_, pages)| pages.contains(&page)).map(|(term, _)| format!("词{term:02}。")).collect();
    // A title is listed by its first 80 characters, and a `"` is six bytes escaped; the rest of
    // the padding goes into the file name, whose `%` are three bytes each in an address.
    let title = format!("'用{page}{}'", "\"".repeat(pad));
    course.write(&use_page_file(page, pad), &format!("---\ntitle: {title}\n---\n\n页{page}。{}\n", used.join("")));
}

/// The file of page `page` of [`runs_course`], its name padded as [`write_use_page`] pads it.
fn use_page_file(page: usize, pad: usize) -> String {
    format!("content/04-runs/{:02}-u{page}{}.md", page + 10, "%".repeat(pad.min(200)))
}

/// Edits under a session, each compared with a fresh full build.
fn edits_equal_full_builds(extra: usize) {
    let mut uses: std::collections::BTreeMap<usize, Vec<usize>> = std::collections::BTreeMap::new();
    uses.insert(1, (0..13).collect());
    uses.insert(5, (0..12).collect());
    uses.insert(25, (0..14).collect());
    uses.insert(43, (0..13).collect());
    uses.insert(44, (0..3).collect());
    let steps: Vec<Vec<(usize, Vec<usize>)>> = vec![
        vec![(5, (0..13).collect())],                           // 12 → 13: a list appears
        vec![(1, (1..13).collect()), (43, (1..13).collect())],  // two runs, 13 → 12
        vec![(5, (1..13).collect())],                           // 13 → 12 again
        vec![(43, (0..20).collect()), (25, (0..20).collect())], // grow in two runs
        vec![(44, (0..15).collect())],                          // the last run's last term
        vec![(1, (0..30).collect()), (5, (0..30).collect())],   // two in the first run
        vec![(1, Vec::new()), (5, Vec::new()), (25, Vec::new()), (43, Vec::new()), (44, Vec::new())],
    ];
    let course = runs_course(extra, 30, 0, &uses);
    run_steps(&course, 0, uses, steps, 3);
}

/// Saves each step's pages (term → the pages now using it) and compares the site with a fresh
/// full build's; `initial` uses pages at first, the using pages' titles and file names padded
/// with `pad` characters.
fn run_steps(
    course: &common::Course,
    pad: usize,
    mut uses: std::collections::BTreeMap<usize, Vec<usize>>,
    steps: Vec<Vec<(usize, Vec<usize>)>>,
    initial: usize,
) {
    let mut session = session(course);
    let first = common::uses_pages(&course.book()).into_iter().map(|(f, _)| f).collect::<Vec<_>>();
    assert_eq!(first.len(), initial, "{first:?}");
    for (nth, step) in steps.into_iter().enumerate() {
        let mut before = std::collections::BTreeSet::new();
        for (term, pages) in &step {
            before.extend(uses[term].iter().copied());
            before.extend(pages.iter().copied());
            uses.insert(*term, pages.clone());
        }
        let mut changed = Vec::new();
        for page in before {
            write_use_page(course, page, pad, &uses);
            changed.push(course.root().join(use_page_file(page, pad)));
        }
        let report = session.rebuild(&changed).expect("rebuild");
        assert!(
            report.rendered > 0 && report.rendered < report.pages,
            "step {nth}: incremental ({} of {})",
            report.rendered,
            report.pages
        );
        let fresh = tempfile::tempdir().unwrap();
        course.run(&["build", "--dest", fresh.path().to_str().unwrap()]).expect_code(0);
        let (full, incremental) = (site_files(fresh.path()), site_files(&course.book()));
        let only_full: Vec<&String> = full.keys().filter(|k| !incremental.contains_key(*k)).collect();
        let only_incremental: Vec<&String> = incremental.keys().filter(|k| !full.contains_key(*k)).collect();
        assert!(only_full.is_empty() && only_incremental.is_empty(), "step {nth}: {only_full:?} {only_incremental:?}");
        let differ: Vec<&String> = full.keys().filter(|k| full[*k] != incremental[*k]).collect();
        for file in &differ {
            let (a, b) = (
                String::from_utf8_lossy(&full[*file]).to_string(),
                String::from_utf8_lossy(&incremental[*file]).to_string(),
            );
            let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
            eprintln!(
                "{file}: full …{}… vs incremental …{}…",
                &a[at.saturating_sub(200).min(a.len())..(at + 200).min(a.len())],
                &b[at.saturating_sub(200).min(b.len())..(at + 200).min(b.len())]
            );
        }
        assert!(differ.is_empty(), "step {nth}: {differ:?} differ from a full build's");
        assert!(common::broken_links(&course.book()).is_empty(), "step {nth}");
        // Each "另有 M 处" leads to the first uses page holding the term's list.
        let pages = common::uses_pages(&course.book());
        let mut links = 0;
        for (file, html) in common::html_files(&course.book()).iter().filter(|(f, _)| f.starts_with("glossary")) {
            for href in common::attribute_values(html, "href").into_iter().filter(|h| h.starts_with("uses-")) {
                let (target, id) = href.split_once('#').expect("an anchor");
                let id = percent_encoding::percent_decode_str(id).decode_utf8().unwrap().to_string();
                let first = pages.iter().find(|(_, html)| html.contains(&format!("id=\"{id}\""))).expect("listed");
                assert_eq!(first.0, target, "step {nth}: {file} links {href}");
                links += 1;
            }
        }
        assert!(links > 0 || pages.is_empty(), "step {nth}: no link to {} uses pages", pages.len());
    }
}

#[test]
fn edits_to_which_pages_use_terms_of_several_runs_leave_the_site_a_full_build_writes() {
    edits_equal_full_builds(0);
}

#[test]
fn the_same_edits_in_a_split_glossary_leave_the_site_a_full_build_writes() {
    edits_equal_full_builds(510);
}

#[test]
fn a_run_whose_uses_pages_shrink_from_two_to_one_and_back_is_written_as_a_full_build_writes_it() {
    let mut uses: std::collections::BTreeMap<usize, Vec<usize>> = std::collections::BTreeMap::new();
    uses.insert(2, (0..300).collect());
    uses.insert(3, (0..300).collect());
    uses.insert(25, (0..13).collect());
    let course = runs_course(0, 300, 500, &uses);
    let steps = vec![
        vec![(3, (0..12).collect())],                           // the run's second page goes
        vec![(3, (0..300).collect()), (2, (0..200).collect())], // and comes back
        vec![(2, (100..300).collect()), (25, (0..12).collect())],
    ];
    run_steps(&course, 500, uses, steps, 3);
}
