//! `coursebook serve`: the real binary on a temporary copy of the golden course, spoken to over
//! loopback with raw HTTP/1.1 and a WebSocket client. Edits show up, mistakes show as an overlay
//! and go away when fixed, nothing outside the build folder is ever served, and the server
//! listens on loopback only.

use crate::common;
use crate::live;

use std::time::Duration;

use common::Course;
use live::{Server, CHANGE_TIMEOUT};

const CHAPTER: &str = "content/01-basics/10-later.md";
const CHAPTER_URL: &str = "/basics/later.html";
const OVERLAY: &str = "<div id=\"__coursebook-error\"";

fn chapter(body: &str) -> String {
    format!("---\ntitle: 后来的一章\norder: 3\n---\n\n{body}\n")
}

#[test]
fn serves_the_site_with_the_live_script_and_reloads_after_an_edit() {
    let course = Course::fixture("golden");
    let content_before = content_files(course.root());
    let mut server = Server::start(course.root(), &[]);
    assert!(server.url.starts_with("http://127.0.0.1:"), "{}", server.url);

    let home = server.get("/");
    assert_eq!(home.status, 200, "{}", home.summary());
    assert!(home.header("content-type").unwrap_or_default().starts_with("text/html"));
    assert!(home.body.contains("/__coursebook/ws"), "live script injected: {}", home.summary());
    let script = home.body.find("<script>\n(() => {").expect("live script");
    assert!(home.body[script..].contains("</body>"), "script before </body>");
    assert!(!home.body.contains(OVERLAY), "no overlay after a good build");
    let css = server.get("/_theme/style.css");
    assert_eq!(css.status, 200, "{}", css.summary());
    assert!(!css.body.contains("__coursebook"), "only HTML gets the script");

    let mut socket = server.socket(&home);
    course.write(CHAPTER, &chapter("第一次修改 EDIT-ONE。"));
    let page = server.wait_for("the edit to be served", CHAPTER_URL, |r| r.body.contains("EDIT-ONE"));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("后来的一章"));
    let message = socket.wait_for(CHANGE_TIMEOUT, |m| m.contains("\"reload\""));
    assert!(message.is_some(), "a reload message after the rebuild\n{}", server.child.explain());
    server.child.wait_for_stderr("the rebuild's log line", CHANGE_TIMEOUT, |e| {
        e.contains("changed: content/01-basics/10-later.md → rebuilt")
    });
    // A page served before that build (its socket was down, say) is told to reload at once.
    let mut late = server.socket(&home);
    assert!(late.wait_for(CHANGE_TIMEOUT, |m| m.contains("\"reload\"")).is_some(), "stale page reloads on connect");

    // The server writes nothing into the course: the content is exactly what this test wrote.
    let mut expected = content_before;
    expected.insert(CHAPTER.to_string(), chapter("第一次修改 EDIT-ONE。").into_bytes());
    assert!(content_files(course.root()) == expected, "content/ changed by the server");
    // The script exists only in served pages, never in the build folder.
    for file in common::html_files(&course.book()).values() {
        assert!(!file.contains("__coursebook"), "the build folder is untouched by the server");
    }
}

/// Every file under `content/`: path relative to the course, bytes.
fn content_files(root: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            (relative, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn a_broken_save_shows_an_overlay_on_the_last_good_page_until_fixed() {
    let course = Course::fixture("golden");
    let mut server = Server::start(course.root(), &[]);
    let before = server.get(CHAPTER_URL);
    assert_eq!(before.status, 200);
    let mut socket = server.socket(&before);

    // An unclosed YAML list on line 3.
    course.write(CHAPTER, "---\ntitle: 后来的一章\norder: [3\n---\n\nBROKEN-TEXT\n");
    let page = server.wait_for("the error overlay", CHAPTER_URL, |r| r.body.contains(OVERLAY));
    server.child.assert_running();
    assert_eq!(page.status, 200, "the last good page is still served: {}", page.summary());
    assert!(page.body.contains("content/01-basics/10-later.md:3"), "file:line in the overlay: {}", page.summary());
    assert!(page.body.contains("标题需要转义"), "the last good content stays under the overlay");
    assert!(!page.body.contains("BROKEN-TEXT"));
    let pushed = socket.wait_for(CHANGE_TIMEOUT, |m| m.contains("\"error\""));
    let pushed = pushed.unwrap_or_else(|| panic!("an error message on the socket\n{}", server.child.explain()));
    assert!(pushed.contains("content/01-basics/10-later.md:3"), "{pushed}");
    server
        .child
        .wait_for_stderr("the error with file:line", CHANGE_TIMEOUT, |e| e.contains("content/01-basics/10-later.md:3"));
    // Every page shows it while the build is broken, the 404 page too.
    assert!(server.get("/").body.contains(OVERLAY));
    assert!(server.get("/no-such-page.html").body.contains(OVERLAY));

    course.write(CHAPTER, &chapter("修好了 FIXED-TEXT。"));
    let page = server.wait_for("recovery", CHAPTER_URL, |r| r.body.contains("FIXED-TEXT"));
    assert!(!page.body.contains(OVERLAY), "overlay gone after a good save: {}", page.summary());
    assert!(!server.get("/").body.contains(OVERLAY));
    let reload = socket.wait_for(CHANGE_TIMEOUT, |m| m.contains("\"reload\""));
    assert!(reload.is_some(), "a reload after the fix\n{}", server.child.explain());
    server.child.assert_running();
}

#[test]
fn body_only_edits_and_their_mistakes_are_served_too() {
    // Edits that keep the front matter and headings take the incremental path.
    let course = Course::fixture("golden");
    let mut server = Server::start(course.root(), &[]);
    let original = std::fs::read_to_string(course.root().join(CHAPTER)).unwrap();
    course.write(CHAPTER, &format!("{original}\nBODY-EDIT-1\n"));
    server.wait_for("the body edit", CHAPTER_URL, |r| r.body.contains("BODY-EDIT-1"));
    course.write(CHAPTER, &format!("{original}\nBODY-EDIT-2 [坏链接](missing.md)\n"));
    let page = server.wait_for("the broken link's overlay", CHAPTER_URL, |r| r.body.contains(OVERLAY));
    assert!(page.body.contains("content/01-basics/10-later.md:"), "{}", page.summary());
    assert!(page.body.contains("BODY-EDIT-1"), "the last good version stays");
    course.write(CHAPTER, &format!("{original}\nBODY-EDIT-3\n"));
    let page = server.wait_for("recovery", CHAPTER_URL, |r| r.body.contains("BODY-EDIT-3"));
    assert!(!page.body.contains(OVERLAY), "{}", page.summary());
    course.write(CHAPTER, &format!("{original}\nBODY-EDIT-4\n"));
    server.wait_for("the next body edit", CHAPTER_URL, |r| r.body.contains("BODY-EDIT-4"));
    server.child.assert_running();
}

#[test]
fn added_deleted_and_renamed_files_are_picked_up() {
    let course = Course::fixture("golden");
    let server = Server::start(course.root(), &[]);
    course.write("content/01-basics/11-new.md", "---\ntitle: 新的一章\n---\n\nNEW-CHAPTER\n");
    server.wait_for("the new chapter", "/basics/new.html", |r| r.status == 200 && r.body.contains("NEW-CHAPTER"));
    std::fs::remove_file(course.root().join(CHAPTER)).unwrap();
    server.wait_for("the deleted chapter to be gone", CHAPTER_URL, |r| r.status == 404);
    std::fs::rename(course.root().join("content/03-extra notes"), course.root().join("content/04-appendix")).unwrap();
    server.wait_for("the renamed module", "/appendix/", |r| r.status == 200 && r.body.contains("附录"));
    assert_eq!(server.get("/extra%20notes/").status, 404);
}

#[test]
fn a_course_broken_from_the_start_is_served_as_its_errors_until_fixed() {
    let course = Course::fixture("bad-yaml");
    let mut server = Server::start(course.root(), &[]);
    let page = server.get("/");
    assert_eq!(page.status, 503, "no site yet: {}", page.summary());
    assert!(page.body.contains(OVERLAY));
    assert!(page.body.contains("content/01-m/01-a.md:"), "file:line shown: {}", page.summary());
    assert!(page.body.contains("/__coursebook/ws"), "the page reloads itself once fixed");
    server.child.assert_running();
    course.write("content/01-m/01-a.md", "---\ntitle: 章\n---\n正文 NOW-FIXED\n");
    let page = server.wait_for("the first good build", "/m/a.html", |r| r.status == 200);
    assert!(page.body.contains("NOW-FIXED"));
    assert!(!page.body.contains(OVERLAY));
}

#[cfg(target_os = "linux")]
#[test]
fn open_runs_the_system_opener_and_survives_its_failure() {
    use std::os::unix::fs::PermissionsExt;
    let course = Course::fixture("golden");
    let bin = tempfile::tempdir().unwrap();
    let opened = bin.path().join("opened.txt");
    let opener = bin.path().join("xdg-open");
    std::fs::write(&opener, format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display())).unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.path().display(), std::env::var("PATH").unwrap_or_default());
    let server = Server::start_with_env(course.root(), &["--open"], &[("PATH", path.clone())]);
    let url = live::eventually(
        "the opener to be run",
        CHANGE_TIMEOUT,
        || std::fs::read_to_string(&opened).ok().filter(|t| t.ends_with('\n')),
        || server.child.explain(),
    );
    assert_eq!(url.trim(), server.url);
    drop(server);

    std::fs::write(&opener, "#!/bin/sh\nexit 3\n").unwrap();
    let mut server = Server::start_with_env(course.root(), &["--open"], &[("PATH", path)]);
    server.child.wait_for_stderr("the warning", CHANGE_TIMEOUT, |e| e.contains("could not open a browser"));
    server.child.assert_running();
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn paths_outside_the_build_folder_are_refused() {
    let course = Course::fixture("golden");
    course.write("secret.txt", "TOP-SECRET-0451");
    course.write("Cargo.toml", "[package]\nname = \"not-served\"\n");
    let server = Server::start(course.root(), &[]);
    let attempts = [
        "GET /../secret.txt HTTP/1.1",
        "GET /../Cargo.toml HTTP/1.1",
        "GET /%2e%2e/secret.txt HTTP/1.1",
        "GET /%2E%2E/Cargo.toml HTTP/1.1",
        "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1",
        "GET /..%2fsecret.txt HTTP/1.1",
        "GET /..%2f..%2fetc/passwd HTTP/1.1",
        "GET /basics/../../secret.txt HTTP/1.1",
        "GET /basics/%2e%2e/%2e%2e/secret.txt HTTP/1.1",
        "GET /..\\secret.txt HTTP/1.1",
        "GET /..%5csecret.txt HTTP/1.1",
        "GET /%252e%252e/secret.txt HTTP/1.1",
        "GET //etc/passwd HTTP/1.1",
        "GET /etc/passwd HTTP/1.1",
        "GET http://127.0.0.1/../secret.txt HTTP/1.1",
        "GET /%00/secret.txt HTTP/1.1",
        "GET ../secret.txt HTTP/1.1",
    ];
    for attempt in attempts {
        let response = server.request(attempt);
        assert!(
            [400, 403, 404].contains(&response.status),
            "`{attempt}` refused with 400/403/404, got {}",
            response.summary()
        );
        for secret in ["TOP-SECRET-0451", "not-served", "root:x:0:0"] {
            assert!(!response.body.contains(secret), "`{attempt}` leaked {secret}: {}", response.summary());
        }
    }
    // The server is still fine afterwards.
    assert_eq!(server.get("/").status, 200);
}

#[cfg(unix)]
#[test]
fn links_never_bring_outside_files_to_the_browser() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("passwd"), "root:x:0:0:PASSWD-LINE").unwrap();
    let course = Course::fixture("golden");
    let server = Server::start(course.root(), &[]);
    // A link planted in the build folder after the build: its real path is outside, so 404.
    std::os::unix::fs::symlink(outside.path().join("passwd"), course.book().join("planted")).unwrap();
    std::os::unix::fs::symlink(outside.path(), course.book().join("planted-folder")).unwrap();
    for path in ["/planted", "/planted-folder/passwd"] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "{path}: {}", response.summary());
        assert!(!response.body.contains("PASSWD-LINE"), "{path} leaked: {}", response.summary());
    }
    // A link added to the course while serving: the rebuild fails at the link, nothing is served.
    std::os::unix::fs::symlink(outside.path().join("passwd"), course.root().join("content/passwd")).unwrap();
    course.write("content/01-basics/10-later.md", "---\ntitle: 后来的一章\n---\n\n触发重建。\n");
    let page = server.wait_for("the error overlay", "/", |r| r.body.contains("outside the course"));
    assert!(page.body.contains("content/passwd"), "{}", page.summary());
    let leaked = server.get("/passwd");
    assert_eq!(leaked.status, 404, "{}", leaked.summary());
    assert!(!leaked.body.contains("PASSWD-LINE"));
}

#[test]
fn missing_pages_get_the_site_404_page_and_folders_their_index() {
    let course = Course::fixture("golden");
    let server = Server::start(course.root(), &[]);
    let on_disk = std::fs::read_to_string(course.book().join("404.html")).unwrap();
    let title = on_disk.lines().find(|l| l.contains("<title>")).expect("404 page title").trim().to_string();

    let top = server.get("/no-such-page.html");
    assert_eq!(top.status, 404);
    assert!(top.body.contains(&title), "the site's 404 page: {}", top.summary());
    assert!(!top.body.contains("<base href=\"/\">"));
    let nested = server.get("/a/b/no-such-page");
    assert_eq!(nested.status, 404);
    assert!(nested.body.contains(&title));
    assert!(nested.body.contains("<base href=\"/\">"), "links of the 404 page resolve from the root");

    let folder = server.get("/basics");
    assert_eq!(folder.status, 302);
    assert_eq!(folder.header("location"), Some("/basics/"));
    let index = server.get("/basics/");
    assert_eq!(index.status, 200);
    assert_eq!(server.get("/basics/intro").status, 200, "a page without its .html");
    let chinese = server.get("/basics/%E7%AC%AC%E4%BA%8C%E7%AB%A0%20%E6%A6%82%E8%BF%B0.html");
    assert_eq!(chinese.status, 200, "{}", chinese.summary());
    let head = server.request("HEAD /basics/intro.html HTTP/1.1");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(server.request("POST / HTTP/1.1").status, 405);
}

#[test]
fn listens_on_loopback_only() {
    let course = Course::fixture("golden");
    let server = Server::start(course.root(), &[]);
    assert_eq!(server.address.ip().to_string(), "127.0.0.1", "{}", server.url);
    let port = server.address.port();
    // Bound to 127.0.0.1 itself, not to every address: another loopback address is refused.
    let other = std::net::SocketAddr::from(([127, 0, 0, 2], port));
    assert!(
        std::net::TcpStream::connect_timeout(&other, Duration::from_secs(2)).is_err(),
        "127.0.0.2:{port} must not answer"
    );
    // The kernel's table of listening sockets names 127.0.0.1 and nothing else for this port.
    #[cfg(target_os = "linux")]
    {
        let listening = listening_addresses(port);
        assert_eq!(listening, vec!["0100007F".to_string()], "sockets listening on port {port}");
    }
}

/// Local addresses (hex, as /proc/net/tcp{,6} writes them) of sockets listening on `port`.
#[cfg(target_os = "linux")]
fn listening_addresses(port: u16) -> Vec<String> {
    let mut found = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = std::fs::read_to_string(table) else { continue };
        for line in text.lines().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (Some(local), Some(state)) = (fields.get(1), fields.get(3)) else { continue };
            let Some((address, hex_port)) = local.split_once(':') else { continue };
            if *state == "0A" && u16::from_str_radix(hex_port, 16) == Ok(port) {
                found.push(address.to_string());
            }
        }
    }
    found
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_and_leaves_the_site_whole() {
    let course = Course::fixture("golden");
    let mut server = Server::start(course.root(), &[]);
    course.write(CHAPTER, &chapter("LAST-EDIT"));
    server.wait_for("the last edit", CHAPTER_URL, |r| r.body.contains("LAST-EDIT"));
    server.child.interrupt();
    let status = server.child.wait_exit(CHANGE_TIMEOUT);
    assert!(status.success(), "graceful stop exits 0, got {status}\n{}", server.child.explain());
    assert!(server.child.stderr().contains("stopped"), "{}", server.child.explain());
    assert!(course.read_output("basics/later.html").contains("LAST-EDIT"));
    assert!(course.book().join("index.html").is_file());
    let leftovers: Vec<String> = std::fs::read_dir(course.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".tmp-") || name.contains(".old-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary folders left: {leftovers:?}");
    assert!(std::net::TcpStream::connect(server.address).is_err(), "the port is closed");
}
