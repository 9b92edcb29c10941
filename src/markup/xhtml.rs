//! XHTML from HTML, for the EPUB, whose pages an XML parser reads: a fragment of HTML (a page
//! body as the render passes wrote it, the author's raw HTML included) is parsed as a browser
//! would (html5ever: unclosed tags closed, `<br>` and `&nbsp;` understood, stray end tags
//! dropped) and written back as well-formed XHTML: void elements self-closed, text and
//! attributes escaped, names that XML cannot hold left out, inline SVG and MathML in their
//! namespaces. Scripts, styles, frames, media and comments are left out (an EPUB page runs no
//! script and loads nothing from outside), and every link and image address goes through the
//! caller's [`Addresses`], which decides where it points in the book.

use std::borrow::Cow;
use std::cell::RefCell;

use html5ever::interface::tree_builder::{ElemName, ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{local_name, ns, parse_fragment, Attribute, LocalName, Namespace, ParseOpts, QualName};

use super::html::OpenTags;

/// What becomes of a link's or an image's address in the XHTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Address {
    /// The address to write instead (it may be the same).
    To(String),
    /// Nothing to point to: a link keeps its text without the link, an image becomes its
    /// description (`alt`).
    Nowhere,
}

/// The caller's decisions about addresses (the EPUB maps the site's paths to its own files).
pub(crate) trait Addresses {
    /// Where a link (`<a href>`) written as `href` points.
    fn link(&self, href: &str) -> Address;
    /// Where an image (`<img src>`) written as `src` points.
    fn image(&self, src: &str) -> Address;
}

/// An XHTML fragment and what its package entry must declare.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Xhtml {
    /// The fragment, well-formed, to go inside a `<body>`.
    pub(crate) body: String,
    /// It holds inline SVG (the EPUB's manifest says so: property `svg`).
    pub(crate) svg: bool,
    /// It holds MathML (property `mathml`).
    pub(crate) mathml: bool,
}

/// Elements left out with everything inside them: they run code, load something from outside
/// the book, or are not content.
const LEFT_OUT: [&str; 21] = [
    "script", "noscript", "style", "template", "iframe", "frame", "frameset", "object", "embed", "applet", "video",
    "audio", "source", "track", "canvas", "link", "meta", "base", "title", "head", "param",
];

/// Elements left out while their content stays (a form's questions are read, not sent).
const UNWRAPPED: [&str; 1] = ["form"];

/// The HTML elements that have no end tag, written `<br/>`.
const VOID: [&str; 14] =
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

/// Converts an HTML fragment (the content of a `<body>`) to XHTML.
pub(crate) fn to_xhtml(html: &str, addresses: &dyn Addresses) -> Xhtml {
    match already_xhtml(html, addresses) {
        Some(body) => Xhtml { body, svg: false, mathml: false },
        None => parsed(html, addresses),
    }
}

/// The quick way, for HTML that is XHTML already: what pulldown-cmark and coursebook write,
/// without the author's raw HTML (a page of prose, a worksheet). One pass checks it (tags
/// closed in order, void elements self-closed, attributes in double quotes, only the entities
/// XML knows, nothing left out by [`parsed`]) and points its addresses as the slow way would;
/// None at the first thing it does not expect, for the parser to take the whole fragment.
/// Six times quicker than parsing, which is most of the time an EPUB takes.
fn already_xhtml(html: &str, addresses: &dyn Addresses) -> Option<String> {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    // Open elements, each with whether its tags are written (a link that points nowhere is not).
    let mut open: Vec<(&str, bool)> = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let text = rest.find(['<', '&']).unwrap_or(rest.len());
        push_valid(&mut out, &rest[..text]);
        rest = &rest[text..];
        if rest.starts_with('&') {
            let length = reference_length(rest)?;
            out.push_str(&rest[..length]);
            rest = &rest[length..];
            continue;
        }
        if rest.is_empty() {
            break;
        }
        let (tag, length) = Tag::read(rest)?;
        rest = &rest[length..];
        if tag.end {
            let (name, written) = open.pop()?;
            if name != tag.name {
                return None;
            }
            if written {
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }
            continue;
        }
        let name = tag.name;
        let void = VOID.contains(&name);
        let foreign = matches!(name, "svg" | "math");
        let handler =
            tag.attrs.iter().any(|(attr, _)| dropped_attribute(attr) || (attr.contains(':') && *attr != "xml:lang"));
        if void != tag.self_closing || foreign || handler || LEFT_OUT.contains(&name) || UNWRAPPED.contains(&name) {
            return None;
        }
        let mut attrs: Vec<(&str, Cow<'_, str>)> = tag.attrs.iter().map(|&(a, v)| (a, Cow::Borrowed(v))).collect();
        let address = |attrs: &[(&str, Cow<'_, str>)], attr: &str| attrs.iter().position(|(a, _)| *a == attr);
        if name == "a" {
            if let Some(slot) = address(&attrs, "href") {
                match addresses.link(&unescape(&attrs[slot].1)) {
                    Address::To(href) => attrs[slot].1 = Cow::Owned(escape_xml(&href)),
                    Address::Nowhere => {
                        open.push((name, false));
                        continue;
                    }
                }
            }
        }
        if name == "img" {
            let slot = address(&attrs, "src")?;
            match addresses.image(&unescape(&attrs[slot].1)) {
                Address::To(src) => attrs[slot].1 = Cow::Owned(escape_xml(&src)),
                Address::Nowhere => {
                    // The description, as the text it stands for (escaped as an attribute was).
                    out.push_str(attrs.iter().find(|(a, _)| *a == "alt").map_or("", |(_, v)| v));
                    continue;
                }
            }
            if address(&attrs, "alt").is_none() {
                attrs.push(("alt", Cow::Borrowed("")));
            }
        }
        out.push('<');
        out.push_str(name);
        for (attr, value) in &attrs {
            out.push(' ');
            out.push_str(attr);
            out.push_str("=\"");
            out.push_str(value);
            out.push('"');
        }
        if void {
            out.push_str("/>");
        } else {
            out.push('>');
            open.push((name, true));
        }
    }
    open.is_empty().then_some(out)
}

/// A tag as [`already_xhtml`] reads it: `<name attr="value"…>`, `<name …/>` or `</name>`.
struct Tag<'h> {
    end: bool,
    name: &'h str,
    attrs: Vec<(&'h str, &'h str)>,
    self_closing: bool,
}

impl<'h> Tag<'h> {
    /// The tag at the start of `text` and its length; None for anything else (a comment, a
    /// value without quotes, an attribute without a value, a `<` in a value…).
    fn read(text: &'h str) -> Option<(Tag<'h>, usize)> {
        let lowercase_name = |s: &'h str| {
            let length = s.bytes().take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit()).count();
            s.as_bytes().first().is_some_and(u8::is_ascii_lowercase).then(|| s.split_at(length))
        };
        let end = text.starts_with("</");
        let (name, mut rest) = lowercase_name(&text[if end { 2 } else { 1 }..])?;
        let mut tag = Tag { end, name, attrs: Vec::new(), self_closing: false };
        loop {
            let trimmed = rest.trim_start_matches([' ', '\n', '\t']);
            let spaced = trimmed.len() < rest.len();
            rest = trimmed;
            if let Some(after) = rest.strip_prefix('>') {
                return Some((tag, text.len() - after.len()));
            }
            if let Some(after) = rest.strip_prefix("/>").filter(|_| !end) {
                tag.self_closing = true;
                return Some((tag, text.len() - after.len()));
            }
            if end || !spaced {
                return None;
            }
            let length = rest
                .bytes()
                .take_while(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
                .count();
            let (attr, after) = rest.split_at(length);
            let after = after.strip_prefix("=\"")?;
            let close = after.find('"')?;
            let value = &after[..close];
            if attr.is_empty() || !attr.as_bytes()[0].is_ascii_alphabetic() || value.contains('<') {
                return None;
            }
            // Every `&` of the value starts a reference XML knows.
            let mut scan = value;
            while let Some(at) = scan.find('&') {
                scan = &scan[at + reference_length(&scan[at..])?..];
            }
            tag.attrs.push((attr, value));
            rest = &after[close + 1..];
        }
    }
}

/// The length of the character reference at the start of `text` when XML knows it (`&amp;`,
/// `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#39;`, `&#x27;`…); None for one only HTML knows
/// (`&nbsp;`) or a lone `&`.
fn reference_length(text: &str) -> Option<usize> {
    let semicolon = text.bytes().take(12).position(|b| b == b';')?;
    let name = &text[1..semicolon];
    let known = match name.strip_prefix('#') {
        Some(number) => numeric_reference(number).is_some_and(
            |c| !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}'),
        ),
        None => matches!(name, "amp" | "lt" | "gt" | "quot" | "apos"),
    };
    known.then_some(semicolon + 1)
}

/// An attribute no book keeps: an event handler (`onclick`…, a script) or a namespace
/// declaration (the writer declares what the book needs). Bytes are compared, so that a
/// stranger's attribute name starting with a non-ASCII character cannot split one.
fn dropped_attribute(name: &str) -> bool {
    let bytes = name.as_bytes();
    let handler = bytes.len() > 2 && bytes[..2].eq_ignore_ascii_case(b"on");
    handler || name == "xmlns" || name.starts_with("xmlns:")
}

/// The character of a numeric reference's number (`27` or `x27` for `&#27;`, `&#x27;`).
fn numeric_reference(number: &str) -> Option<char> {
    let value = match number.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok(),
        None => number.parse().ok(),
    };
    value.and_then(char::from_u32)
}

/// An attribute's value as written, its references read (`&amp;` → `&`).
fn unescape(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let length = reference_length(&rest[at..]).unwrap_or(1);
        let name = &rest[at + 1..at + length.saturating_sub(1).max(1)];
        match name {
            "amp" => out.push('&'),
            "lt" => out.push('<'),
            "gt" => out.push('>'),
            "quot" => out.push('"'),
            "apos" => out.push('\''),
            number if length > 1 => out.extend(numeric_reference(number.trim_start_matches('#'))),
            _ => out.push('&'),
        }
        rest = &rest[at + length..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Appends text that holds no markup, leaving out the characters XML 1.0 cannot hold.
fn push_valid(out: &mut String, text: &str) {
    if text.chars().all(|c| c >= ' ' || matches!(c, '\t' | '\n' | '\r')) && !text.contains(['\u{FFFE}', '\u{FFFF}']) {
        out.push_str(text);
    } else {
        escape_into(out, text, false);
    }
}

/// The slow way, for any HTML: parsed as a browser would, then written as XHTML. HTML leaving
/// more text-formatting tags open than [`super::MAX_OPEN_FORMATTING`], which the parser would copy into
/// every block after them, is shown as text (its page is an error in `check` and `build`).
fn parsed(html: &str, addresses: &dyn Addresses) -> Xhtml {
    if OpenTags::default().read(html).is_some() {
        let mut body = String::from("<pre>");
        escape_into(&mut body, html, false);
        body.push_str("</pre>");
        return Xhtml { body, svg: false, mathml: false };
    }
    let context = QualName::new(None, ns!(html), local_name!("body"));
    let dom = parse_fragment(Dom::default(), ParseOpts::default(), context, Vec::new(), false).one(html);
    let nodes = dom.nodes.into_inner();
    let mut writer = Writer {
        nodes: &nodes,
        addresses,
        out: Xhtml { body: String::with_capacity(html.len() + html.len() / 8), ..Xhtml::default() },
        work: Vec::new(),
    };
    // The fragment parser puts the content under an `html` element, the document's only child.
    for &root in nodes[DOCUMENT].children.iter().rev() {
        writer.push_children(root, ns!(html));
    }
    writer.run();
    writer.out
}

/// What is left to write, last first: a node (with the namespace of the element around it), or
/// an end tag. A stack rather than recursion, so that HTML nested thousands deep is written
/// like any other.
enum Work {
    Node(usize, Namespace),
    End(LocalName),
}

/// Writes the tree as XHTML.
struct Writer<'a> {
    nodes: &'a [Node],
    addresses: &'a dyn Addresses,
    out: Xhtml,
    work: Vec<Work>,
}

impl Writer<'_> {
    fn run(&mut self) {
        while let Some(work) = self.work.pop() {
            match work {
                Work::End(local) => {
                    self.out.body.push_str("</");
                    self.out.body.push_str(&local);
                    self.out.body.push('>');
                }
                Work::Node(index, parent_ns) => match &self.nodes[index].data {
                    Data::Text(text) => escape_into(&mut self.out.body, text, false),
                    Data::Element { name, attrs, .. } => self.element(index, name, attrs, parent_ns),
                    Data::Document | Data::Other => {}
                },
            }
        }
    }

    /// Schedules the children of `index`, in order, inside an element of namespace `ns`.
    fn push_children(&mut self, index: usize, ns: Namespace) {
        for &child in self.nodes[index].children.iter().rev() {
            self.work.push(Work::Node(child, ns.clone()));
        }
    }

    fn element(&mut self, index: usize, name: &QualName, attrs: &[Attribute], parent_ns: Namespace) {
        let local: &str = &name.local;
        let html = name.ns == ns!(html);
        if html && LEFT_OUT.contains(&local) {
            return;
        }
        if (html && UNWRAPPED.contains(&local)) || !is_xml_name(local) {
            return self.push_children(index, name.ns.clone());
        }
        let mut attrs: Vec<(String, String)> = attrs.iter().filter_map(xml_attribute).collect();
        let mut namespaces = String::new();
        if html && local == "a" {
            if let Some(slot) = attrs.iter().position(|(n, _)| n == "href") {
                match self.addresses.link(&attrs[slot].1) {
                    Address::To(href) => attrs[slot].1 = href,
                    Address::Nowhere => return self.push_children(index, name.ns.clone()),
                }
            }
        }
        if html && local == "img" {
            let alt = attrs.iter().find(|(n, _)| n == "alt").map(|(_, v)| v.clone()).unwrap_or_default();
            let Some(slot) = attrs.iter().position(|(n, _)| n == "src") else { return };
            match self.addresses.image(&attrs[slot].1) {
                Address::To(src) => attrs[slot].1 = src,
                Address::Nowhere => return escape_into(&mut self.out.body, &alt, false),
            }
            if !attrs.iter().any(|(n, _)| n == "alt") {
                attrs.push(("alt".into(), String::new()));
            }
        }
        // An SVG or MathML island declares its namespace on its first element.
        if name.ns != parent_ns && !html {
            if name.ns == ns!(svg) {
                self.out.svg = true;
                namespaces.push_str(" xmlns=\"http://www.w3.org/2000/svg\"");
            } else if name.ns == ns!(mathml) {
                self.out.mathml = true;
                namespaces.push_str(" xmlns=\"http://www.w3.org/1998/Math/MathML\"");
            } else {
                return self.push_children(index, name.ns.clone());
            }
        }
        if attrs.iter().any(|(n, _)| n.starts_with("xlink:")) {
            namespaces.push_str(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"");
        }
        let out = &mut self.out.body;
        out.push('<');
        out.push_str(local);
        out.push_str(&namespaces);
        for (attr, value) in &attrs {
            out.push(' ');
            out.push_str(attr);
            out.push_str("=\"");
            escape_into(out, value, true);
            out.push('"');
        }
        if html && VOID.contains(&local) {
            out.push_str("/>");
            return;
        }
        out.push('>');
        self.work.push(Work::End(name.local.clone()));
        self.push_children(index, name.ns.clone());
    }
}

/// An attribute as XHTML writes it (name, value), or None when it is left out: a name XML
/// cannot hold, an event handler (an EPUB page runs no script), `xmlns` (the writer declares
/// namespaces itself). `xml:lang` and `xlink:…` keep their prefixes.
fn xml_attribute(attr: &Attribute) -> Option<(String, String)> {
    let local: &str = &attr.name.local;
    let name = if attr.name.ns == ns!(xlink) {
        format!("xlink:{local}")
    } else if attr.name.ns == ns!(xml) || local == "xml:lang" || local == "xml:space" {
        format!("xml:{}", local.trim_start_matches("xml:"))
    } else if attr.name.ns == ns!() && is_xml_name(local) {
        local.to_string()
    } else {
        return None;
    };
    if dropped_attribute(local) {
        return None;
    }
    Some((name, attr.value.to_string()))
}

/// Whether `name` is a name XML accepts for an element or attribute, without a prefix: a
/// letter or `_` first, then letters, digits, `-`, `_`, `.`.
fn is_xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else { return false };
    let start = |c: char| c.is_alphabetic() || c == '_';
    start(first) && chars.all(|c| start(c) || c.is_alphanumeric() || matches!(c, '-' | '.' | '\u{B7}'))
}

/// `text` escaped for XML text and attribute values (see [`escape_into`]).
pub(crate) fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text, true);
    out
}

/// Appends `text` escaped for XML, leaving out the characters XML 1.0 cannot hold (control
/// characters other than tab and line ends, U+FFFE and U+FFFF).
fn escape_into(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// The document node's index in [`Dom::nodes`].
const DOCUMENT: usize = 0;

/// The parsed tree: nodes in an arena, referred to by index (html5ever's tree builder calls
/// [`TreeSink`] through shared references, hence the `RefCell`).
struct Dom {
    nodes: RefCell<Vec<Node>>,
}

impl Default for Dom {
    fn default() -> Dom {
        Dom { nodes: RefCell::new(vec![Node { parent: None, children: Vec::new(), data: Data::Document }]) }
    }
}

struct Node {
    parent: Option<usize>,
    children: Vec<usize>,
    data: Data,
}

enum Data {
    Document,
    Element {
        name: QualName,
        attrs: Vec<Attribute>,
        template: Option<usize>,
    },
    Text(String),
    /// A comment or processing instruction: never written.
    Other,
}

/// An element's name, as the tree builder asks for it.
#[derive(Debug)]
struct Name(QualName);

impl ElemName for Name {
    fn ns(&self) -> &Namespace {
        &self.0.ns
    }
    fn local_name(&self) -> &LocalName {
        &self.0.local
    }
}

impl Dom {
    fn push(&self, data: Data) -> usize {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node { parent: None, children: Vec::new(), data });
        nodes.len() - 1
    }

    /// Removes `child` from its parent's children, if it has a parent.
    fn detach(&self, child: usize) {
        let mut nodes = self.nodes.borrow_mut();
        if let Some(parent) = nodes[child].parent.take() {
            nodes[parent].children.retain(|&c| c != child);
        }
    }

    /// Inserts `child` (text merged into a text node just before) among `parent`'s children at `at`.
    fn insert(&self, parent: usize, at: usize, child: NodeOrText<usize>) {
        let node = match child {
            NodeOrText::AppendText(text) => {
                let mut nodes = self.nodes.borrow_mut();
                let before = at.checked_sub(1).map(|i| nodes[parent].children[i]);
                if let Some(before) = before {
                    if let Data::Text(existing) = &mut nodes[before].data {
                        existing.push_str(&text);
                        return;
                    }
                }
                drop(nodes);
                self.push(Data::Text(text.to_string()))
            }
            NodeOrText::AppendNode(node) => {
                self.detach(node);
                node
            }
        };
        let mut nodes = self.nodes.borrow_mut();
        nodes[node].parent = Some(parent);
        let at = at.min(nodes[parent].children.len());
        nodes[parent].children.insert(at, node);
    }
}

impl TreeSink for Dom {
    type Handle = usize;
    type Output = Dom;
    type ElemName<'a> = Name;

    fn finish(self) -> Dom {
        self
    }

    fn parse_error(&self, _message: Cow<'static, str>) {}

    fn get_document(&self) -> usize {
        DOCUMENT
    }

    fn elem_name<'a>(&'a self, target: &'a usize) -> Name {
        match &self.nodes.borrow()[*target].data {
            Data::Element { name, .. } => Name(name.clone()),
            _ => Name(QualName::new(None, ns!(), local_name!(""))),
        }
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> usize {
        let template = flags.template.then(|| self.push(Data::Document));
        self.push(Data::Element { name, attrs, template })
    }

    fn create_comment(&self, _text: StrTendril) -> usize {
        self.push(Data::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> usize {
        self.push(Data::Other)
    }

    fn append(&self, parent: &usize, child: NodeOrText<usize>) {
        let at = self.nodes.borrow()[*parent].children.len();
        self.insert(*parent, at, child);
    }

    fn append_based_on_parent_node(&self, element: &usize, prev_element: &usize, child: NodeOrText<usize>) {
        if self.nodes.borrow()[*element].parent.is_some() {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _name: StrTendril, _public_id: StrTendril, _system_id: StrTendril) {}

    fn get_template_contents(&self, target: &usize) -> usize {
        match &self.nodes.borrow()[*target].data {
            Data::Element { template: Some(contents), .. } => *contents,
            _ => *target,
        }
    }

    fn same_node(&self, x: &usize, y: &usize) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &usize, child: NodeOrText<usize>) {
        let place = {
            let nodes = self.nodes.borrow();
            nodes[*sibling]
                .parent
                .and_then(|parent| nodes[parent].children.iter().position(|c| c == sibling).map(|at| (parent, at)))
        };
        if let Some((parent, at)) = place {
            self.insert(parent, at, child);
        }
    }

    fn add_attrs_if_missing(&self, target: &usize, attrs: Vec<Attribute>) {
        if let Data::Element { attrs: existing, .. } = &mut self.nodes.borrow_mut()[*target].data {
            for attr in attrs {
                if !existing.iter().any(|e| e.name == attr.name) {
                    existing.push(attr);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &usize) {
        self.detach(*target);
    }

    fn reparent_children(&self, node: &usize, new_parent: &usize) {
        let mut nodes = self.nodes.borrow_mut();
        let children = std::mem::take(&mut nodes[*node].children);
        for &child in &children {
            nodes[child].parent = Some(*new_parent);
        }
        nodes[*new_parent].children.extend(children);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keeps every address as written.
    struct AsWritten;

    impl Addresses for AsWritten {
        fn link(&self, href: &str) -> Address {
            Address::To(href.to_string())
        }
        fn image(&self, src: &str) -> Address {
            Address::To(src.to_string())
        }
    }

    fn xhtml(html: &str) -> String {
        to_xhtml(html, &AsWritten).body
    }

    #[test]
    fn void_elements_close_and_entities_become_characters() {
        assert_eq!(
            xhtml("a<br>b<hr><img src=x.png>&nbsp;&amp;"),
            "a<br/>b<hr/><img src=\"x.png\" alt=\"\"/>\u{a0}&amp;"
        );
        assert_eq!(xhtml("<input type=checkbox disabled>"), "<input type=\"checkbox\" disabled=\"\"/>");
    }

    #[test]
    fn an_attribute_name_starting_with_a_wide_character_is_no_handler_and_no_panic() {
        let out = xhtml("<p \u{4e2d}\u{6587}=\"x\" ONCLICK=\"y()\">t</p>");
        assert!(out.starts_with("<p") && out.contains(">t</p>") && !out.contains("y()"), "{out}");
    }

    #[test]
    fn unclosed_and_stray_tags_are_balanced() {
        assert_eq!(xhtml("<p>one<p>two</div>"), "<p>one</p><p>two</p>");
        assert_eq!(xhtml("<ul><li>a<li>b</ul>"), "<ul><li>a</li><li>b</li></ul>");
        assert_eq!(xhtml("<b><i>x</b>y</i>"), "<b><i>x</i></b><i>y</i>");
    }

    #[test]
    fn scripts_handlers_and_comments_are_left_out() {
        assert_eq!(
            xhtml("<p onclick=\"x()\" class=a>t<script>alert(1)</script><!-- c --></p><style>p{}</style><form><p>q</p></form>"),
            "<p class=\"a\">t</p><p>q</p>"
        );
    }

    #[test]
    fn attribute_values_and_text_are_escaped() {
        assert_eq!(
            xhtml("<a title='say \"hi\" & <go>' href=\"a?b=1&amp;c=2\">x &lt; y</a>"),
            "<a title=\"say &quot;hi&quot; &amp; &lt;go&gt;\" href=\"a?b=1&amp;c=2\">x &lt; y</a>"
        );
        assert_eq!(xhtml("a\u{1}b"), "ab", "control characters XML cannot hold");
    }

    #[test]
    fn svg_and_mathml_get_their_namespaces() {
        let out =
            to_xhtml("<svg viewBox=\"0 0 1 1\"><use xlink:href=\"#a\"/></svg><math><mi>x</mi></math>", &AsWritten);
        assert_eq!(
            out.body,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><use xmlns:xlink=\"http://www.w3.org/1999/xlink\" xlink:href=\"#a\"></use></svg><math xmlns=\"http://www.w3.org/1998/Math/MathML\"><mi>x</mi></math>"
        );
        assert!(out.svg && out.mathml);
    }

    /// Markdown of every kind pulldown-cmark writes, as the render passes leave it.
    const PROSE: &str = "# 标题\n\n段落，*强调* **加粗** `代码` ~~删除~~ 与 \"引号\" & <尖括号>。  \n换行\n\n> 引用\n\n- [x] 完成\n- [ ] 未完成\n\n1. 一\n2. 二\n\n| 甲 | 乙 |\n|---|:-:|\n| a | b |\n\n---\n\n```rust\nlet a = 1 < 2 && true;\n```\n\n[链接](a.html \"标题 & 说明\") ![图 \"一\"](pic.png) 脚注[^1]\n\n[^1]: 注释。\n";

    fn prose_html() -> String {
        crate::markup::to_html(
            crate::markup::parse(PROSE, crate::markup::options(false), &crate::markup::PageIds::default()).events,
        )
    }

    #[test]
    fn what_pulldown_writes_takes_the_quick_way_and_means_the_same() {
        let html = prose_html();
        let quick = already_xhtml(&html, &AsWritten).expect("pulldown-cmark's HTML is XHTML already");
        assert!(
            quick.contains("<br/>") && quick.contains("<hr/>") && quick.contains("<img src=\"pic.png\""),
            "{quick}"
        );
        assert_eq!(parsed(&quick, &AsWritten), parsed(&html, &AsWritten), "the quick way changes nothing");
        let worksheet = "<div class=\"quiz-print\" id=\"q-1\">\n<p class=\"quiz-prompt\"><span class=\"quiz-number\">1.</span> 期限是<span class=\"quiz-line\">　　</span>天</p>\n<ol class=\"quiz-choices\" type=\"A\">\n<li>甲 &amp; 乙</li>\n</ol>\n<div class=\"quiz-writing\"></div>\n</div>\n";
        assert_eq!(already_xhtml(worksheet, &AsWritten).as_deref(), Some(worksheet));
    }

    #[test]
    fn anything_else_takes_the_parser() {
        for html in [
            "a&nbsp;b",
            "a & b",
            "<br>",
            "<p>open",
            "<p>a</div>",
            "<!-- note -->",
            "<p class=a>x</p>",
            "<p class='a'>x</p>",
            "<input disabled>",
            "<p onclick=\"x()\">x</p>",
            "<svg></svg>",
            "<script>x</script>",
            "<P>x</P>",
            "<p title=\"a<b\">x</p>",
        ] {
            assert_eq!(already_xhtml(html, &AsWritten), None, "{html}");
        }
        assert_eq!(xhtml("a&nbsp;<b>b"), "a\u{a0}<b>b</b>", "and comes out well-formed");
    }

    #[test]
    fn the_quick_way_points_addresses_too() {
        struct Book;
        impl Addresses for Book {
            fn link(&self, href: &str) -> Address {
                match href {
                    "a.html?x=1&y=2" => Address::To("a.xhtml#b&c".into()),
                    _ => Address::Nowhere,
                }
            }
            fn image(&self, src: &str) -> Address {
                match src {
                    "pic.png" => Address::To("images/0001.png".into()),
                    _ => Address::Nowhere,
                }
            }
        }
        let html = "<p><a href=\"a.html?x=1&amp;y=2\">甲</a> <a href=\"x.pdf\">表 <em>下载</em></a> <img src=\"pic.png\" /> <img src=\"http://x/y.png\" alt=\"图 &amp; 文\" /></p>";
        let expected = "<p><a href=\"a.xhtml#b&amp;c\">甲</a> 表 <em>下载</em> <img src=\"images/0001.png\" alt=\"\"/> 图 &amp; 文</p>";
        assert_eq!(already_xhtml(html, &Book).as_deref(), Some(expected));
        assert_eq!(
            to_xhtml(&html.replace("<p>", "<p title=x>"), &Book).body,
            expected.replace("<p>", "<p title=\"x\">")
        );
    }

    #[test]
    fn html_nested_to_the_limit_is_written_like_any_other_and_deeper_is_shown_as_text() {
        // html5ever's time grows with the square of the depth: HTML nested deeper than
        // MAX_NESTING is never parsed (its page is an error), and the writer does not recurse.
        let nested = |depth: usize| format!("{}x{}", "<div>".repeat(depth), "</div>".repeat(depth));
        let limit = super::super::html::MAX_NESTING;
        assert_eq!(parsed(&nested(limit), &AsWritten).body.matches("<div>").count(), limit);
        let deeper = parsed(&nested(5_000), &AsWritten).body;
        assert!(deeper.starts_with("<pre>&lt;div&gt;") && !deeper.contains("<div>"), "{}", &deeper[..40]);
    }

    #[test]
    fn addresses_go_through_the_caller() {
        struct Nowhere;
        impl Addresses for Nowhere {
            fn link(&self, _: &str) -> Address {
                Address::Nowhere
            }
            fn image(&self, _: &str) -> Address {
                Address::Nowhere
            }
        }
        assert_eq!(
            to_xhtml(
                "<a href=\"x.pdf\">表格 <b>下载</b></a><img src=\"http://x/y.png\" alt=\"图 &amp; 文\">",
                &Nowhere
            )
            .body,
            "表格 <b>下载</b>图 &amp; 文"
        );
    }
}
