//! Addresses no course may use, whatever `raw-html` says: a link or image to `javascript:`,
//! `vbscript:` or `data:`, in any spelling a browser accepts. Pages, summaries, definitions,
//! the course description and `edit-url-template` are all checked with [`RefusedUrl`].

use pulldown_cmark::{Event, LinkType, Parser, Tag};

use super::html::options;

/// Schemes no link or image may use, whatever `raw-html` says: `javascript:` and `vbscript:`
/// run code when clicked, and `data:` carries a whole document (a page with scripts, or an
/// image) in the address instead of pointing to a file of the course. Images as `data:` are
/// refused too, to keep one rule: an image of the course is a file of the course. `file:`
/// leads to a file of the reader's own machine (on Windows, to a network share), never to
/// the course.
const REFUSED_SCHEMES: [&str; 4] = ["javascript:", "vbscript:", "data:", "file:"];

/// Whether an address starts with `//` (a browser also reads `/\` and `\\` so): another server
/// named without a scheme, which a site opened from a folder reads as `file://server/…` (on
/// Windows, a network share), and a hosted site as whatever its own scheme is.
pub(crate) fn is_network_path(url: &str) -> bool {
    // As a browser reads it: leading spaces and controls ignored, tabs and line breaks anywhere.
    let start: Vec<char> = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(2)
        .collect();
    start.len() == 2 && start.iter().all(|&c| c == '/' || c == '\\')
}

/// A link or image address that no course may use, and what it was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RefusedUrl {
    /// The refused scheme, lowercase, with its colon (`javascript:`).
    pub(crate) scheme: &'static str,
    /// True for an image's address, false for a link's.
    pub(crate) image: bool,
}

impl RefusedUrl {
    /// Checks an address as a browser reads it: leading spaces and control characters
    /// ignored, tabs and line breaks ignored anywhere, the scheme in any case. Entities
    /// (`&#106;avascript:`) are already decoded by the Markdown parser.
    pub(crate) fn of(url: &str, image: bool) -> Option<RefusedUrl> {
        let start = url
            .trim_start_matches(|c: char| c <= ' ')
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .take(16)
            .collect::<String>()
            .to_ascii_lowercase();
        REFUSED_SCHEMES.iter().find(|scheme| start.starts_with(*scheme)).map(|&scheme| RefusedUrl { scheme, image })
    }

    /// What is wrong, in the words of the person who wrote the link.
    pub(crate) fn message(self) -> String {
        if self.image {
            format!("an image from `{}` is not allowed", self.scheme)
        } else {
            format!("a link to `{}` is not allowed", self.scheme)
        }
    }

    /// What may be written instead.
    pub(crate) fn help(self) -> &'static str {
        if self.image {
            "images may be files of the course (for example in content/assets/) or http(s) addresses"
        } else {
            "links may point to chapters, files of the course, or http(s)/mailto addresses"
        }
    }
}

/// The first refused address among the links and images of a short piece of Markdown (a
/// summary, a term's definition, the course description), so that it can be reported where
/// that piece is written.
pub(crate) fn first_refused_url(markdown: &str) -> Option<RefusedUrl> {
    Parser::new_ext(markdown, options(false)).find_map(|event| match event {
        Event::Start(Tag::Link { dest_url, .. }) => RefusedUrl::of(&dest_url, false),
        Event::Start(Tag::Image { dest_url, .. }) => RefusedUrl::of(&dest_url, true),
        _ => None,
    })
}

/// Whether a link or an image leads to the same place from any page: a web address (http,
/// https; mailto or an e-mail autolink `<someone@example.org>` for a link). A short piece of
/// Markdown shown on many pages (a summary, a definition, a question) keeps only these.
pub(crate) fn leads_from_anywhere(tag: &Tag<'_>) -> bool {
    let web = |url: &str, schemes: &[&str]| {
        let url = url.trim_start().to_ascii_lowercase();
        schemes.iter().any(|scheme| url.starts_with(scheme))
    };
    match tag {
        Tag::Link { link_type: LinkType::Email, .. } => true,
        Tag::Link { dest_url, .. } => web(dest_url, &["http://", "https://", "mailto:"]),
        Tag::Image { dest_url, .. } => web(dest_url, &["http://", "https://"]),
        _ => true,
    }
}

/// The first link or image of `markdown` to a chapter, a heading, a `term:` or a file of the
/// course (not [`leads_from_anywhere`], nor refused): in a summary or a definition it is shown
/// as its text.
pub(crate) fn first_local_link(markdown: &str) -> Option<String> {
    Parser::new_ext(markdown, options(false)).find_map(|event| {
        let Event::Start(tag) = event else { return None };
        let (dest_url, image) = match &tag {
            Tag::Link { dest_url, .. } => (dest_url, false),
            Tag::Image { dest_url, .. } => (dest_url, true),
            _ => return None,
        };
        (RefusedUrl::of(dest_url, image).is_none() && !leads_from_anywhere(&tag)).then(|| dest_url.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_links_to_the_course_itself_are_local_in_a_short_piece() {
        for kept in [
            "[官网](https://example.org/)",
            "[写信](MAILTO:a@b.org)",
            "<a@b.org>",
            "<HTTP://x.org>",
            "![图](https://x.org/a.png)",
        ] {
            assert_eq!(first_local_link(kept), None, "{kept}");
        }
        for (local, address) in [
            ("[上一章](01-a.md)", "01-a.md"),
            ("[小节](#小节)", "#小节"),
            ("[术语](term:客户)", "term:客户"),
            ("![图](a.png)", "a.png"),
        ] {
            assert_eq!(first_local_link(local).as_deref(), Some(address), "{local}");
        }
    }

    #[test]
    fn refused_urls_in_every_spelling_a_browser_accepts() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            " \u{1}javascript:x",
            "java\tscri\npt:x",
            "vbscript:x",
            "data:text/html,x",
            "FILE:///etc/passwd",
        ] {
            assert!(RefusedUrl::of(url, false).is_some(), "{url:?}");
        }
        for url in ["//evil.example/x.png", " /\\evil.example", "\\\\share\\x", "/\t/evil.example", "/\n/x"] {
            assert!(is_network_path(url), "{url:?}");
        }
        for url in ["/a.md", "a//b.md", "./x", "https://x.org"] {
            assert!(!is_network_path(url), "{url:?}");
        }
        assert_eq!(
            RefusedUrl::of("data:image/png;base64,AAAA", true),
            Some(RefusedUrl { scheme: "data:", image: true })
        );
        for url in ["https://example.org/", "mailto:a@b.c", "javascript.md", "./javascript:x", "term:客户", "#data:x"]
        {
            assert_eq!(RefusedUrl::of(url, false), None, "{url:?}");
        }
        // Entities and escapes are decoded by the Markdown parser before the check.
        for markdown in [
            "[a](&#106;avascript:x)",
            "[a](javascript&colon;x)",
            "[a](<JAVASCRIPT:x>)",
            "<javascript:alert(1)>",
            "![a](data:image/png;base64,AA)",
        ] {
            assert!(first_refused_url(markdown).is_some(), "{markdown}");
        }
        assert_eq!(first_refused_url("[a](b.md) ![c](d.png) <https://x.org>"), None);
    }
}
