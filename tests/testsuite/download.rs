//! The downloads: the whole site as `course-site.zip`, which unzips into a site whose every
//! link resolves, and the home page's 下载离线版, which offers the EPUB and the zip with their
//! sizes in the course's language.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::{self, Course};

/// Every file of a built site, by `/`-separated path.
fn site_files(site: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(site).unwrap().to_string_lossy().replace('\\', "/"))
        .collect()
}

/// How many entries a zip's end of central directory record counts.
fn central_directory_entries(zip: &[u8]) -> usize {
    const END_SIGNATURE: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    let end = zip.windows(4).rposition(|w| w == END_SIGNATURE).expect("an end of central directory record");
    usize::from(u16::from_le_bytes([zip[end + 10], zip[end + 11]]))
}

#[test]
fn the_zip_unzips_into_the_site_whose_every_link_resolves() {
    let course = Course::fixture("golden");
    course.run(&["build"]).expect_code(0);
    let zip = course.book().join("course-site.zip");
    let entries = common::unzip(&zip);
    let unzipped = tempfile::tempdir().unwrap();
    for (name, bytes) in &entries {
        assert!(name.starts_with("course-site/") && !name.contains(".."), "{name}");
        let path = unzipped.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let site = unzipped.path().join("course-site");
    let broken = common::broken_links(&site);
    assert!(broken.is_empty(), "links that lead nowhere in the unzipped site:\n{}", broken.join("\n"));

    // The site and the zip hold the same files, but for the downloads and the build's marker.
    let mut expected = site_files(&course.book());
    for left_out in ["course-site.zip", "course.epub", ".coursebook-build"] {
        assert!(expected.remove(left_out), "{left_out} is in the site");
    }
    assert_eq!(site_files(&site), expected);
    // Each file once (pages go in as they render, the rest at the end): the zip's own count of
    // its entries, which a reader keyed by name would not show.
    assert_eq!(central_directory_entries(&std::fs::read(&zip).unwrap()), entries.len());
    for (name, bytes) in &entries {
        let relative = &name["course-site/".len()..];
        if relative != "index.html" {
            assert_eq!(bytes, &std::fs::read(course.book().join(relative)).unwrap(), "{relative} as in the site");
        }
    }
    // The home page inside the zip offers nothing (none of the downloads is in it); the site's does.
    let zipped_home = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(!zipped_home.contains("class=\"downloads\""), "{zipped_home}");

    // A reader from the start of the file (Java's ZipInputStream) can follow every entry: none
    // is stored with its sizes after its data.
    for (name, method, flags, _, _) in common::local_headers(&zip) {
        assert!(method == 8 || flags & 8 == 0, "{name}: method {method}, flags {flags:#x}");
    }

    // Built again, the same zip, byte for byte.
    let first = std::fs::read(&zip).unwrap();
    course.run(&["build"]).expect_code(0);
    assert!(std::fs::read(&zip).unwrap() == first, "the zip is the same for the same course");
}

/// `1.2 MB` or `12 KB`, as the home page writes a size.
fn size(bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024).max(1))
    } else {
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

#[test]
fn the_home_page_offers_the_downloads_with_their_sizes_in_the_course_language() {
    let course = Course::fixture("golden");
    course.run(&["build"]).expect_code(0);
    let book = course.book();
    let sizes = |name: &str| size(std::fs::metadata(book.join(name)).unwrap().len());
    let home = course.read_output("index.html");
    assert!(home.contains(">下载离线版</h2>"), "{home}");
    let epub = format!(
        "<a href=\"course.epub\" download>电子书（EPUB）</a> <span class=\"download-size\">（{}）</span>",
        sizes("course.epub")
    );
    let zip = format!(
        "<a href=\"course-site.zip\" download>整站网页（ZIP）</a> <span class=\"download-size\">（{}）</span>",
        sizes("course-site.zip")
    );
    assert!(home.contains(&epub), "{epub} in\n{home}");
    assert!(home.contains(&zip), "{zip} in\n{home}");
    assert!(home.find(&epub) < home.find(&zip), "the EPUB first");
    assert!(!home.contains("course.pdf"), "no PDF without course.pdf");
    assert!(common::broken_links(&book).is_empty(), "{:?}", common::broken_links(&book));
    // Other pages offer nothing.
    assert!(!course.read_output("basics/intro.html").contains("class=\"downloads\""));

    let toml = std::fs::read_to_string(course.root().join("book.toml")).unwrap();
    course.write("book.toml", &toml.replace("language = \"zh-CN\"", "language = \"en\""));
    course.run(&["build"]).expect_code(0);
    let home = course.read_output("index.html");
    assert!(home.contains(">Download for offline reading</h2>"), "{home}");
    assert!(
        home.contains(&format!(
            "<a href=\"course-site.zip\" download>The whole site (ZIP)</a> <span class=\"download-size\">({})</span>",
            sizes("course-site.zip")
        )),
        "{home}"
    );

    course.write("book.toml", &format!("{toml}\n[output.zip]\nenable = false\n"));
    course.run(&["build"]).expect_code(0);
    assert!(!book.join("course-site.zip").exists());
    let home = course.read_output("index.html");
    assert!(home.contains("course.epub") && !home.contains("course-site.zip"), "{home}");

    course.write("book.toml", &format!("{toml}\n[output.zip]\nenable = false\n[output.epub]\nenable = false\n"));
    course.run(&["build"]).expect_code(0);
    assert!(!course.read_output("index.html").contains("class=\"downloads\""), "nothing to offer, no section");
}

#[test]
fn a_generated_home_page_offers_the_downloads_too() {
    let course = Course::fixture("golden");
    std::fs::remove_file(course.root().join("content/index.md")).unwrap();
    course.run(&["build"]).expect_code(0);
    let home = course.read_output("index.html");
    assert!(home.contains("<a href=\"course.epub\" download>"), "{home}");
    assert!(home.contains("<a href=\"course-site.zip\" download>"), "{home}");
}
