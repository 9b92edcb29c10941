//! Offline after one visit, when the site is hosted: the manifest that makes it installable,
//! and the service worker, in real headless Chromium: served over http by `coursebook serve`,
//! a page a student opened still shows once the server is gone; opened from a folder, the site
//! registers nothing and logs no error.

use crate::common::browser::Browser;
use crate::common::{self, Course};
use crate::live::Server;

#[test]
fn the_manifest_and_the_worker_are_at_the_root_with_relative_addresses() {
    let course = Course::fixture("golden");
    course.run(&["build"]).expect_code(0);
    let manifest: serde_json::Value = serde_json::from_str(&course.read_output("manifest.webmanifest")).unwrap();
    assert_eq!(manifest["name"], "测试课程 <Golden>");
    assert_eq!(manifest["lang"], "zh-CN");
    assert_eq!(manifest["start_url"], "index.html");
    assert_eq!(manifest["display"], "standalone");
    let icon = manifest["icons"][0]["src"].as_str().unwrap();
    assert!(course.book().join(icon).is_file(), "the icon {icon} is a file of the site");
    // Linked by a line of script, over http(s) only (from a folder the browser would refuse it).
    assert!(course.read_output("index.html").contains("m.rel=\"manifest\";m.href=\"manifest.webmanifest\""));
    assert!(course.read_output("basics/intro.html").contains("m.href=\"../manifest.webmanifest\""));

    // The worker's cache is named after what the site is made of: the same for the same course,
    // another when a chapter changes.
    let cache = |course: &Course| {
        let script = course.read_output("sw.js");
        let line = script.lines().find(|l| l.starts_with("var CACHE = ")).expect("the cache's name").to_string();
        assert!(!line.contains("{{"), "{line}");
        line
    };
    let first = cache(&course);
    course.run(&["build"]).expect_code(0);
    assert_eq!(cache(&course), first);
    // Wherever it is built: into another folder, or from another checkout (found by a sixth
    // generator's tester: the name, and so the zip, changed with `--dest`).
    let elsewhere = tempfile::tempdir().unwrap();
    let dest = elsewhere.path().join("site");
    course.run(&["build", "--dest", dest.to_str().unwrap()]).expect_code(0);
    let worker = std::fs::read_to_string(dest.join("sw.js")).unwrap();
    assert!(worker.contains(&first), "the same name built elsewhere");
    let copy = Course::fixture("golden");
    copy.run(&["build"]).expect_code(0);
    assert_eq!(cache(&copy), first, "the same name from another checkout");
    let chapter = std::fs::read_to_string(course.root().join("content/02-after-sale/01-logistics.md")).unwrap();
    course.write("content/02-after-sale/01-logistics.md", &format!("{chapter}\n改了一句。\n"));
    course.run(&["build"]).expect_code(0);
    assert_ne!(cache(&course), first);
}

#[test]
fn a_page_a_student_opened_still_shows_when_the_server_is_gone() {
    let Some(browser) = Browser::start() else { return };
    let course = Course::fixture("golden");
    let server = Server::start(course.root(), &[]);
    let home = format!("{}index.html", server.url);
    let chapter = format!("{}after-sale/logistics.html", server.url);
    browser.open(&home);
    let controlled = browser.wait_for("return !!navigator.serviceWorker.controller");
    assert!(controlled, "the service worker runs and controls the page\n{}", server.child.explain());
    assert!(browser.wait_for("return !document.querySelector('.offline-note').hidden"), "the footer says so");
    assert_eq!(browser.text(".offline-note"), "已可离线阅读：看过的页面在断网时也能打开。");
    let manifest = browser.run("return document.querySelector('link[rel=manifest]').href");
    assert_eq!(manifest, serde_json::json!(format!("{}manifest.webmanifest", server.url)), "linked, to install");
    let manifest = browser.run("return document.querySelector('link[rel=manifest]').href");
    assert_eq!(manifest, serde_json::json!(format!("{}manifest.webmanifest", server.url)), "installable");

    browser.open(&chapter);
    browser.run("window.kept = null; caches.match(location.href).then(function (r) { window.kept = !!r; });");
    assert!(browser.wait_for("return window.kept === true"), "the chapter was kept");
    drop(server);

    browser.open(&chapter);
    assert_eq!(browser.current_url(), chapter);
    let heading = browser.text("h1");
    assert!(heading.contains("物流"), "the chapter reads offline: {heading:?}");
    assert!(browser.text("main").contains("快递晚到了"), "with its text");
}

#[test]
fn opened_from_a_folder_the_site_registers_nothing_and_logs_no_error() {
    let Some(browser) = Browser::start() else { return };
    let course = Course::fixture("golden");
    course.run(&["build"]).expect_code(0);
    for page in ["index.html", "basics/intro.html"] {
        browser.open(&format!("file://{}/{page}", course.book().display()));
        assert!(browser.wait_for("return document.readyState === 'complete'"));
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert_eq!(browser.run("return document.querySelector('.offline-note').hidden"), serde_json::json!(true));
        let errors: Vec<(String, String)> =
            browser.console().into_iter().filter(|(level, _)| level == "SEVERE" || level == "WARNING").collect();
        assert!(errors.is_empty(), "{page} from a folder: {errors:?}");
    }
    let links = common::broken_links(&course.book());
    assert!(links.is_empty(), "{links:?}");
}
