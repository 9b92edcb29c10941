//! Request paths: what a URL may name inside the build folder, and nothing outside it.
//!
//! [`segments`] is pure and decides from the raw path alone; [`find`] then looks at the disk and
//! checks again, after resolving links, that the file is inside the build folder.

use std::path::{Component, Path, PathBuf};

use percent_encoding::percent_decode_str;

/// Why a request path is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Refusal {
    /// Not a path at all (bad percent-encoding, not UTF-8, no leading `/`): 400.
    Malformed,
    /// A path that tries to leave the build folder (`..`, a backslash, an encoded slash, a drive
    /// or root inside a segment): 403.
    Outside,
}

/// The decoded segments of a raw (still percent-encoded) request path. Empty segments and `.`
/// are skipped; anything that could name a place outside the build folder is refused.
pub(super) fn segments(raw: &str) -> Result<Vec<String>, Refusal> {
    let Some(rest) = raw.strip_prefix('/') else { return Err(Refusal::Malformed) };
    let mut out = Vec::new();
    for raw_segment in rest.split('/') {
        let segment = percent_decode_str(raw_segment).decode_utf8().map_err(|_| Refusal::Malformed)?;
        if segment.is_empty() || segment == "." {
            continue;
        }
        if segment == ".." || segment.contains(['/', '\\', '\0']) {
            return Err(Refusal::Outside);
        }
        // One plain name: no root, no drive prefix (`C:` on Windows), nothing to normalize.
        let mut components = Path::new(segment.as_ref()).components();
        if !matches!((components.next(), components.next()), (Some(Component::Normal(_)), None)) {
            return Err(Refusal::Outside);
        }
        out.push(segment.into_owned());
    }
    Ok(out)
}

/// What a request names on disk.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Found {
    /// A file inside the build folder (its real path).
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect, so relative links resolve.
    Folder,
    /// Nothing to serve: answered with the site's 404 page.
    Missing,
}

/// Looks up `segments` in `build_dir`: a folder serves its `index.html`, a name without an
/// extension may be a page (`/basics/intro` → `basics/intro.html`). Anything whose real path is
/// outside the build folder (a symbolic link) is missing.
pub(super) async fn find(build_dir: &Path, segments: &[String], trailing_slash: bool) -> Found {
    let Ok(root) = tokio::fs::canonicalize(build_dir).await else { return Found::Missing };
    let mut path = root.clone();
    path.extend(segments);
    let candidate = match tokio::fs::metadata(&path).await {
        Ok(meta) if meta.is_dir() => {
            if !trailing_slash && !segments.is_empty() {
                return Found::Folder;
            }
            path.join("index.html")
        }
        Ok(_) => path,
        Err(_) => match segments.last() {
            Some(last) if Path::new(last).extension().is_none() => path.with_file_name(format!("{last}.html")),
            _ => return Found::Missing,
        },
    };
    match tokio::fs::canonicalize(&candidate).await {
        Ok(real) if real.starts_with(&root) && real.is_file() => Found::File(real),
        _ => Found::Missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_decode() {
        assert_eq!(segments("/"), Ok(vec![]));
        assert_eq!(segments("/basics/intro.html"), Ok(vec!["basics".into(), "intro.html".into()]));
        assert_eq!(
            segments("/%E5%9F%BA%E7%A1%80/02-%E7%AC%AC%20a.html"),
            Ok(vec!["基础".into(), "02-第 a.html".into()])
        );
        assert_eq!(segments("//a/./b/"), Ok(vec!["a".into(), "b".into()]));
        assert_eq!(segments("/a..b/...x"), Ok(vec!["a..b".into(), "...x".into()]));
    }

    #[test]
    fn traversal_is_refused() {
        for raw in [
            "/..",
            "/../Cargo.toml",
            "/a/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/x",
            "/.%2e/x",
            "/..%2f..%2fetc/passwd",
            "/..%2F..%2Fetc/passwd",
            "/a%2fb",
            "/..\\..\\etc\\passwd",
            "/..%5c..%5cetc",
            "/a%00.html",
        ] {
            assert_eq!(segments(raw), Err(Refusal::Outside), "{raw}");
        }
        assert_eq!(segments("/%ff%fe"), Err(Refusal::Malformed));
        assert_eq!(segments("../x"), Err(Refusal::Malformed));
        assert_eq!(segments("/%zz"), Ok(vec!["%zz".into()]), "an invalid escape stays as written");
    }

    #[test]
    fn find_stays_inside_the_build_folder() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("book");
        std::fs::create_dir_all(site.join("basics")).unwrap();
        std::fs::write(site.join("index.html"), "home").unwrap();
        std::fs::write(site.join("basics/index.html"), "module").unwrap();
        std::fs::write(site.join("basics/intro.html"), "chapter").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let find = |segments: &[&str], slash: bool| {
            let segments: Vec<String> = segments.iter().map(|s| s.to_string()).collect();
            runtime.block_on(find(&site, &segments, slash))
        };
        let real = site.canonicalize().unwrap();
        assert_eq!(find(&[], true), Found::File(real.join("index.html")));
        assert_eq!(find(&["basics"], false), Found::Folder);
        assert_eq!(find(&["basics"], true), Found::File(real.join("basics/index.html")));
        assert_eq!(find(&["basics", "intro"], false), Found::File(real.join("basics/intro.html")));
        assert_eq!(find(&["nope.html"], false), Found::Missing);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), site.join("link.txt")).unwrap();
            assert_eq!(find(&["link.txt"], false), Found::Missing, "a link out of the site is not followed");
        }
    }
}
