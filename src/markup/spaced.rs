//! Links written with spaces in their address: `[NPS](term:net promoter score)`. CommonMark ends
//! a link's address at a space, so the parser leaves such a link as text, and a teacher naming a
//! term of several words would see `[NPS](term:net promoter score)` on the page. A `term:` link
//! is the course's own (no other Markdown tool reads it): after `[text]` of plain text it is read
//! here as the link its writer meant. Any other address that looks like one (`a file.md`,
//! `#a heading`, a web address) keeps CommonMark's reading, as on GitHub, and is noted
//! ([`SpacedAddress`]) so that the page's render reports it with the way to write it. Code is
//! never read: its text comes as code events, not text.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::html::Spanned;

/// An address written with spaces whose link or image Markdown left as text: for the page's
/// render to report where it is written and how to write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SpacedAddress {
    /// Where it starts in the body: its `[` (`!` for an image), or its `](` when the link text
    /// is not plain text (`[*NPS*](…)`).
    pub(crate) at: usize,
    /// The address as written, without the spaces around it.
    pub(crate) address: String,
    /// An image (`![…](…)`), not a link.
    pub(crate) image: bool,
}

/// One `[text](address with spaces)` in a string, by byte ranges.
#[derive(Debug)]
struct Written {
    /// The whole of it, from its `[` (`!` for an image), or from `](` when no `[` opens it in
    /// the string, to its `)`.
    whole: Range<usize>,
    /// The link text, when a `[` opens it in the string.
    text: Option<Range<usize>>,
    /// The address, without the spaces around it.
    address: Range<usize>,
    /// The link's title, inside its quotes (`[NPS](term:net promoter score "NPS")`).
    title: Option<Range<usize>>,
    /// Written `![…](…)`.
    image: bool,
}

impl Written {
    /// Whether it reads as a term link: a `term:` address after `[text]` of plain text.
    fn is_term_link(&self, s: &str) -> bool {
        self.text.is_some() && !self.image && s[self.address.clone()].starts_with("term:")
    }
}

/// The events with every `term:` link written with spaces after plain text read as a link, and
/// the other addresses written with spaces that stay text. A run of text is read when it holds
/// `](`, outside code, links and images; the links it holds are found both in the text and in
/// the body it came from, so that an escaped `\[` or `\]` stays text, and each link gets its
/// place in the body (its `[`) for messages. At most `max_events` events in all (the page's
/// bound, [`MAX_EVENTS`](super::MAX_EVENTS)): once they are reached the rest stays as written.
pub(super) fn read_spaced_links<'a>(
    events: Vec<Spanned<'a>>,
    body: &str,
    max_events: usize,
) -> (Vec<Spanned<'a>>, Vec<SpacedAddress>) {
    let mut spaced = Vec::new();
    if !events.iter().any(|(event, _)| matches!(event, Event::Text(text) if text.contains("]("))) {
        return (events, spaced);
    }
    let mut room = max_events.saturating_sub(events.len());
    let mut out = Vec::with_capacity(events.len());
    // Code blocks, links and images around the current event.
    let mut inside = 0usize;
    for (event, range) in events {
        match event {
            Event::Text(text) if inside == 0 && text.contains("](") => {
                read_text(text, range, body, &mut room, &mut out, &mut spaced);
            }
            Event::Start(Tag::CodeBlock(_) | Tag::Link { .. } | Tag::Image { .. } | Tag::MetadataBlock(_)) => {
                inside += 1;
                out.push((event, range));
            }
            Event::End(TagEnd::CodeBlock | TagEnd::Link | TagEnd::Image | TagEnd::MetadataBlock(_)) => {
                inside = inside.saturating_sub(1);
                out.push((event, range));
            }
            other => out.push((other, range)),
        }
    }
    (out, spaced)
}

/// One run of text: its term links written with spaces become link events (at most `room` more
/// events in all), its other addresses with spaces go to `spaced`. The links found in the text
/// and in its source must agree (the same number, the same kinds): when they do not (an
/// escaped bracket), nothing is read and every one written in the source is reported.
fn read_text<'a>(
    text: CowStr<'a>,
    range: Range<usize>,
    body: &str,
    room: &mut usize,
    out: &mut Vec<Spanned<'a>>,
    spaced: &mut Vec<SpacedAddress>,
) {
    // A text that starts a paragraph with an escape (`\[NPS](term:…)`) comes without the
    // backslash in its range: the source is read from the backslash, which keeps it text.
    let from = if escaped(body, range.start) { range.start - 1 } else { range.start };
    let Some(source) = body.get(from..range.end) else {
        out.push((Event::Text(text), range));
        return;
    };
    let in_source = written_links(source);
    if in_source.is_empty() {
        out.push((Event::Text(text), range));
        return;
    }
    let in_text = if *text == *source { None } else { Some(written_links(&text)) };
    let agree = in_text.as_ref().is_none_or(|in_text| {
        in_text.len() == in_source.len()
            && in_text.iter().zip(&in_source).all(|(t, s)| t.is_term_link(&text) == s.is_term_link(source))
    });
    let note = |s: &Written| SpacedAddress {
        at: from + s.whole.start,
        address: source[s.address.clone()].to_string(),
        image: s.image,
    };
    if !agree {
        spaced.extend(in_source.iter().map(note));
        out.push((Event::Text(text), range));
        return;
    }
    let in_text = in_text.as_ref().unwrap_or(&in_source);
    let in_body = |r: &Range<usize>| from + r.start..from + r.end;
    // Where the text not yet written starts, in the text and in the source.
    let (mut in_t, mut in_s) = (0, 0);
    for (t, s) in in_text.iter().zip(&in_source) {
        let (Some(words), Some(written_words)) = (&t.text, &s.text) else {
            spaced.push(note(s));
            continue;
        };
        if !s.is_term_link(source) {
            spaced.push(note(s));
            continue;
        }
        if *room < 4 {
            break;
        }
        *room -= 4;
        if in_t < t.whole.start {
            out.push((Event::Text(piece(&text, in_t..t.whole.start)), in_body(&(in_s..s.whole.start))));
        }
        let link = Tag::Link {
            link_type: LinkType::Inline,
            dest_url: CowStr::from(unescape(&source[s.address.clone()])),
            title: s.title.clone().map_or(CowStr::Borrowed(""), |title| CowStr::from(unescape(&source[title]))),
            id: CowStr::Borrowed(""),
        };
        out.push((Event::Start(link), in_body(&s.whole)));
        if !words.is_empty() {
            out.push((Event::Text(piece(&text, words.clone())), in_body(written_words)));
        }
        out.push((Event::End(TagEnd::Link), in_body(&s.whole)));
        (in_t, in_s) = (t.whole.end, s.whole.end);
    }
    if in_t == 0 {
        out.push((Event::Text(text), range));
    } else if in_t < text.len() {
        out.push((Event::Text(piece(&text, in_t..text.len())), from + in_s..range.end));
    }
}

/// Part of a text event's text, borrowed from the body when the text is.
fn piece<'a>(text: &CowStr<'a>, part: Range<usize>) -> CowStr<'a> {
    match text {
        CowStr::Borrowed(whole) => CowStr::Borrowed(&whole[part]),
        other => CowStr::from(other[part].to_string()),
    }
}

/// Every `[text](address)` in `s` whose address has a space and looks like an address
/// ([`looks_like_address`]), in order ([`address_end`] says where an address ends). A `]` or
/// `[` after an odd number of backslashes is escaped: it neither closes nor opens one. Linear
/// in `s`: no search reads past the next bracket.
fn written_links(s: &str) -> Vec<Written> {
    let mut found = Vec::new();
    // The end of the last one found: a `[` before it opens no other.
    let mut floor = 0;
    let mut from = 0;
    while let Some(close_text) = s[from..].find("](").map(|i| from + i) {
        from = close_text + 1;
        let after = close_text + 2;
        let Some(close) = address_end(&s[after..]).map(|i| after + i) else { continue };
        let (raw, title) = split_title(s, after..close);
        let raw = &s[raw];
        let address = raw.trim_matches([' ', '\t']);
        if escaped(s, close_text) || !address.contains(' ') || !looks_like_address(address) {
            continue;
        }
        let address_start = after + (raw.len() - raw.trim_start_matches([' ', '\t']).len());
        let nearest = s[floor..close_text].rfind(['[', ']']).map(|i| floor + i);
        // `\[NPS](term:…)`: the author asked for the brackets as text.
        if nearest.is_some_and(|i| s.as_bytes()[i] == b'[' && escaped(s, i)) {
            from = close + 1;
            continue;
        }
        let open = nearest.filter(|&i| s.as_bytes()[i] == b'[');
        let image = open.is_some_and(|i| i > 0 && s.as_bytes()[i - 1] == b'!' && !escaped(s, i - 1));
        let start = match open {
            Some(i) if image => i - 1,
            Some(i) => i,
            None => close_text,
        };
        found.push(Written {
            whole: start..close + 1,
            text: open.map(|i| i + 1..close_text),
            address: address_start..address_start + address.len(),
            title,
            image,
        });
        floor = close + 1;
        from = close + 1;
    }
    found
}

/// The part of `s` in `within` (what is written between a link's parentheses) that is its
/// address, and its title when it ends with one: a quoted text after a space or a tab
/// (`term:net promoter score "NPS"`, or in single quotes), as CommonMark reads a title. Words in
/// parentheses stay the address's (`term:net promoter score (NPS)` names a term so written).
fn split_title(s: &str, within: Range<usize>) -> (Range<usize>, Option<Range<usize>>) {
    let written = s[within.clone()].trim_end_matches([' ', '\t']);
    let Some(quote) = written.chars().last().filter(|c| matches!(c, '"' | '\'')) else { return (within, None) };
    let closing = within.start + written.len() - 1;
    if escaped(s, closing) {
        return (within, None);
    }
    let opening = s[within.start..closing]
        .char_indices()
        .rev()
        .map(|(i, c)| (within.start + i, c))
        .find(|&(i, c)| c == quote && !escaped(s, i));
    match opening {
        Some((i, _)) if i > within.start && matches!(s.as_bytes()[i - 1], b' ' | b'\t') => {
            (within.start..i, Some(i + 1..closing))
        }
        _ => (within, None),
    }
}

/// Where the address at the start of `s` ends: at the `)` that closes the link, past balanced
/// parentheses (`term:net promoter score (NPS)`), as CommonMark reads an address. None when a
/// `<`, `[` or `]` comes first (no link of that shape) or no `)` does: the reading stops at
/// the next bracket, where the next `](` can start at the latest, so that each byte of a text
/// is read once or twice whatever it holds.
fn address_end(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, byte) in s.bytes().enumerate() {
        match byte {
            b'(' => depth += 1,
            b')' if depth == 0 => return Some(i),
            b')' => depth -= 1,
            b'<' | b'[' | b']' => return None,
            _ => {}
        }
    }
    None
}

/// Whether the byte at `at` follows an odd number of backslashes (is escaped).
fn escaped(s: &str, at: usize) -> bool {
    s.as_bytes()[..at].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}

/// Whether an address written with spaces was meant as one, and not as words in parentheses
/// after brackets (`[sic](see below)`): a term, a web or mail address, a heading of the page or
/// a relative path (`./`, `../`), or a file name with its extension (`notes 2.md`, `a b.png`;
/// not `p.5`).
fn looks_like_address(address: &str) -> bool {
    let lower = address.to_ascii_lowercase();
    if ["term:", "http://", "https://", "mailto:", "#", "./", "../"].iter().any(|start| lower.starts_with(start)) {
        return true;
    }
    let path = address.split(['#', '?']).next().unwrap_or(address);
    path.rsplit_once('.').is_some_and(|(stem, extension)| {
        !stem.is_empty()
            && (1..=5).contains(&extension.len())
            && extension.chars().all(|c| c.is_ascii_alphanumeric())
            && extension.chars().any(|c| c.is_ascii_alphabetic())
    })
}

/// An address as CommonMark reads a link's: a backslash before ASCII punctuation escapes it.
fn unescape(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut chars = address.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&next) if c == '\\' && next.is_ascii_punctuation() => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::{options, parse, to_html, PageIds};

    /// The body as HTML, and the addresses left as text.
    fn rendered(body: &str) -> (String, Vec<SpacedAddress>) {
        let parsed = parse(body, options(false), &PageIds::default());
        let spaced = parsed.spaced.clone();
        (to_html(parsed.events), spaced)
    }

    #[test]
    fn a_term_link_with_spaces_is_read_as_a_link() {
        let (html, spaced) = rendered("Track [NPS](term:net promoter score) weekly.\n");
        assert_eq!(html, "<p>Track <a href=\"term:net%20promoter%20score\">NPS</a> weekly.</p>\n");
        assert!(spaced.is_empty(), "{spaced:?}");
        let (html, _) = rendered("See [NPS](term:net promoter score (NPS)).\n");
        assert_eq!(html, "<p>See <a href=\"term:net%20promoter%20score%20(NPS)\">NPS</a>.</p>\n");
        let (html, _) = rendered("See [NPS](term:net promoter score \"the \\\"score\\\"\") and [x](term:a b 'c').\n");
        assert_eq!(
            html,
            "<p>See <a href=\"term:net%20promoter%20score\" title=\"the &quot;score&quot;\">NPS</a> and <a href=\"term:a%20b\" title=\"c\">x</a>.</p>\n",
            "a title after the name is the link's title, not part of the name"
        );
        let (html, _) = rendered("[x](term:say \"hi\"there)\n");
        assert!(html.contains("href=\"term:say%20%22hi%22there\""), "a quote inside the name is the name's: {html}");
        let (html, _) = rendered("客户[满意]( term:客户 满意度 )很好，[二](term:a\\_b c)。\n");
        assert_eq!(
            html,
            "<p>客户<a href=\"term:%E5%AE%A2%E6%88%B7%20%E6%BB%A1%E6%84%8F%E5%BA%A6\">满意</a>很好，<a href=\"term:a_b%20c\">二</a>。</p>\n"
        );
    }

    #[test]
    fn a_term_link_keeps_its_place_in_the_body() {
        let body = "a &amp; [NPS](term:net promoter score) b\n";
        let parsed = parse(body, options(false), &PageIds::default());
        let link = parsed.events.iter().find(|(e, _)| matches!(e, Event::Start(Tag::Link { .. }))).expect("a link");
        assert_eq!(&body[link.1.clone()], "[NPS](term:net promoter score)");
        let texts: Vec<&str> =
            parsed.events.iter().filter(|(e, _)| matches!(e, Event::Text(_))).map(|(_, r)| &body[r.clone()]).collect();
        assert_eq!(texts, ["a &amp; ", "NPS", " b"]);
    }

    #[test]
    fn the_address_is_taken_as_written_when_the_text_is_not() {
        let body = "He said \"yes\" &amp; [the view](term:customer's view) -- twice.\n";
        let parsed = parse(body, options(true), &PageIds::default());
        let link = parsed.events.iter().find(|(e, _)| matches!(e, Event::Start(Tag::Link { .. }))).expect("a link");
        assert!(
            matches!(&link.0, Event::Start(Tag::Link { dest_url, .. }) if &**dest_url == "term:customer's view"),
            "the address as written, no curly quote: {link:?}"
        );
        assert_eq!(&body[link.1.clone()], "[the view](term:customer's view)");
        assert!(to_html(parsed.events).contains("“yes” &amp; <a href"), "smart punctuation around it kept");
    }

    #[test]
    fn no_more_events_than_the_page_may_have() {
        let body = "[a](term:x y) [b](term:x y)";
        let events: Vec<Spanned<'_>> = vec![
            (Event::Start(Tag::Paragraph), 0..body.len()),
            (Event::Text(CowStr::Borrowed(body)), 0..body.len()),
            (Event::End(TagEnd::Paragraph), 0..body.len()),
        ];
        let (one, _) = read_spaced_links(events.clone(), body, events.len() + 4);
        let (two, _) = read_spaced_links(events.clone(), body, events.len() + 8);
        let links = |events: &[Spanned<'_>]| events.iter().filter(|(e, _)| matches!(e, Event::Start(_))).count() - 1;
        assert_eq!((links(&one), links(&two)), (1, 2), "links beside the paragraph");
    }

    #[test]
    fn code_escapes_and_prose_in_parentheses_stay_as_written() {
        for body in [
            "`[NPS](term:net promoter score)`\n",
            "```\n[NPS](term:net promoter score)\n```\n",
            "    [NPS](term:net promoter score)\n",
            "\\[NPS\\](term:net promoter score)\n",
            "See \\[NPS](term:net promoter score)\n",
            "\\[NPS](term:net promoter score)\n",
            "- \\[NPS](term:net promoter score)\n",
            "[sic](see below) and [1](e.g. this) and [p](p. 5)\n",
            "[NPS](<term:net promoter score>)\n",
        ] {
            let (html, spaced) = rendered(body);
            let plain =
                to_html(pulldown_cmark::Parser::new_ext(body, options(false)).map(|e| (e, 0..0)).collect::<Vec<_>>());
            assert_eq!(html, plain, "{body:?}");
            assert!(spaced.is_empty(), "{body:?}: {spaced:?}");
        }
    }

    #[test]
    fn other_addresses_with_spaces_are_noted_where_they_start() {
        let body = "See [x](99-no such file.md), ![a](my pic.png) and [*NPS*](term:net promoter score).\n";
        let (html, spaced) = rendered(body);
        assert!(html.contains("[x](99-no such file.md)"), "left as CommonMark reads it: {html}");
        let noted: Vec<(&str, &str, bool)> =
            spaced.iter().map(|s| (&body[s.at..s.at + 2], s.address.as_str(), s.image)).collect();
        assert_eq!(
            noted,
            [("[x", "99-no such file.md", false), ("![", "my pic.png", true), ("](", "term:net promoter score", false)]
        );
    }

    #[test]
    fn addresses_are_told_from_words() {
        for address in ["term:a b", "https://x y", "#a heading", "../a b/c", "notes 2.md", "a b.png#x", "A B.PDF"] {
            assert!(looks_like_address(address), "{address}");
        }
        for address in ["see below", "p. 5", "e.g. this", "and so on.", ".md"] {
            assert!(!looks_like_address(address), "{address}");
        }
    }
}
