//! A flat, pre-order copy of the parsed page with the per-node figures the extractor needs.

use html5ever::tendril::StrTendril;
use html5ever::{Attribute, LocalName};

use super::sink::{Data, NIL, Sink};
use super::tokenize;

/// No parent.
pub const NONE: u32 = u32::MAX;

/// One node: an element (`tag` non-empty) or a text node (`tag` empty).
#[derive(Debug, Default)]
pub struct Node {
    pub parent: u32,
    /// One past the last node of this node's subtree (pre-order).
    pub end: u32,
    /// Lower-case tag name; empty for a text node.
    pub tag: LocalName,
    /// Text of a text node.
    pub text: StrTendril,
    /// Attributes, names in lower case.
    pub attrs: Vec<Attribute>,
}

impl Node {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| &*a.name.local == name)
            .map(|a| &*a.value)
    }
    pub fn is_text(&self) -> bool {
        self.tag.is_empty()
    }
}

/// The page.
#[derive(Debug, Default)]
pub struct Page {
    pub nodes: Vec<Node>,
    /// Contents of `<script type="application/ld+json">`.
    pub json_ld: Vec<String>,
}

/// Elements whose content is never text of the page.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "video", "audio", "select", "textarea", "button", "input",
];

impl Page {
    /// Parses HTML into the flat arena. Iterative: any depth works.
    pub fn parse(html: &str) -> Page {
        Page::from_sink(tokenize::parse(html))
    }

    /// Flattens the tree a parse left in the sink.
    pub(super) fn from_sink(sink: Sink) -> Page {
        let mut nodes = sink.nodes.into_inner();
        let mut page = Page {
            nodes: Vec::with_capacity(nodes.len()),
            json_ld: Vec::new(),
        };
        page.nodes.push(Node {
            parent: NONE,
            end: 1,
            tag: LocalName::from("#document"),
            ..Default::default()
        });
        // (arena index, next sink child to visit)
        let mut stack: Vec<(u32, u32)> = vec![(0, nodes.first().map_or(NIL, |d| d.first))];
        while let Some(top) = stack.last_mut() {
            let parent_idx = top.0;
            let Some(cur) = nodes.get_mut(top.1 as usize) else {
                let len = page.nodes.len() as u32;
                page.nodes[parent_idx as usize].end = len;
                stack.pop();
                continue;
            };
            top.1 = cur.next;
            let first = cur.first;
            match std::mem::replace(&mut cur.data, Data::Other) {
                Data::Text(text) => {
                    let i = page.nodes.len() as u32;
                    page.nodes.push(Node {
                        parent: parent_idx,
                        end: i + 1,
                        text,
                        ..Default::default()
                    });
                }
                Data::Element {
                    name, mut attrs, ..
                } => {
                    let tag = lower(name.local);
                    if &*tag == "script" {
                        if is_json_ld(&attrs) {
                            let mut s = String::new();
                            let mut c = first;
                            while let Some(n) = nodes.get(c as usize) {
                                if let Data::Text(t) = &n.data {
                                    s.push_str(t);
                                }
                                c = n.next;
                            }
                            page.json_ld.push(s);
                        }
                        continue;
                    }
                    if SKIP.contains(&&*tag) {
                        continue;
                    }
                    for a in &mut attrs {
                        if a.name.local.bytes().any(|c| c.is_ascii_uppercase()) {
                            a.name.local = LocalName::from(a.name.local.to_ascii_lowercase());
                        }
                    }
                    let i = page.nodes.len() as u32;
                    page.nodes.push(Node {
                        parent: parent_idx,
                        end: i + 1,
                        tag,
                        text: StrTendril::new(),
                        attrs,
                    });
                    if first != NIL {
                        stack.push((i, first));
                    }
                }
                _ => {}
            }
        }
        page
    }

    /// Index of the first element with this tag.
    pub fn find_tag(&self, tag: &str) -> Option<usize> {
        self.nodes.iter().position(|n| &*n.tag == tag)
    }

    /// The text of a subtree, whitespace collapsed (`<br>` and block ends give a space).
    pub fn text_of(&self, i: usize) -> String {
        let mut s = String::new();
        let end = self.nodes.get(i).map_or(i, |n| n.end as usize);
        for n in &self.nodes[i.min(self.nodes.len())..end.min(self.nodes.len())] {
            if n.is_text() {
                s.push_str(&n.text);
            } else if is_block(&n.tag) || &*n.tag == "br" {
                s.push(' ');
            }
        }
        collapse(&s)
    }
}

/// A tag name in lower case (html5ever gives HTML names in lower case; foreign ones such as
/// `foreignObject` keep their case).
fn lower(s: LocalName) -> LocalName {
    if s.bytes().any(|c| c.is_ascii_uppercase()) {
        LocalName::from(s.to_ascii_lowercase())
    } else {
        s
    }
}

/// Whether a `<script>`'s attributes mark it as JSON-LD.
pub fn is_json_ld(attrs: &[Attribute]) -> bool {
    attrs
        .iter()
        .any(|a| &*a.name.local == "type" && a.value.to_ascii_lowercase().contains("ld+json"))
}

/// Collapses runs of whitespace (including no-break spaces) to one space and trims.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// Block-level elements: their start and end break the inline text flow.
pub fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "figure"
            | "figcaption"
            | "form"
            | "fieldset"
            | "address"
            | "hr"
            | "body"
            | "html"
            | "center"
            | "details"
            | "summary"
            | "dialog"
            | "menu"
            | "hgroup"
            | "title"
            | "legend"
            | "option"
            | "label"
    )
}
