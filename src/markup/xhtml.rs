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
    let handler = local.len() > 2 && local.is_char_boundary(2) && local[..2].eq_ignore_ascii_case("on");
    if handler || local == "xmlns" || local.starts_with("xmlns:") {
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
