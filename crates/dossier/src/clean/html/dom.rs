//! A flat, pre-order copy of the parsed page with the per-node figures the extractor needs.

use dom_query::{Document, NodeData, NodeId};

/// No parent.
pub const NONE: u32 = u32::MAX;

/// One node: an element (`tag` non-empty) or a text node (`tag` empty).
#[derive(Debug, Default)]
pub struct Node {
    pub parent: u32,
    /// One past the last node of this node's subtree (pre-order).
    pub end: u32,
    /// Lower-case tag name; empty for a text node.
    pub tag: Box<str>,
    /// Text of a text node.
    pub text: Box<str>,
    pub attrs: Vec<(Box<str>, Box<str>)>,
}

impl Node {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| &**k == name)
            .map(|(_, v)| &**v)
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
        let doc = Document::from(html);
        let tree = &doc.tree;
        let mut page = Page::default();
        // (arena index, next dom child to visit)
        let mut stack: Vec<(u32, Option<NodeId>)> = Vec::new();
        let root = tree.root_id();
        let first = tree.query_node(&root, |n| n.first_child).flatten();
        page.nodes.push(Node {
            parent: NONE,
            end: 1,
            tag: "#document".into(),
            ..Default::default()
        });
        stack.push((0, first));
        while let Some(top) = stack.last_mut() {
            let parent_idx = top.0;
            let Some(cur) = top.1 else {
                let len = page.nodes.len() as u32;
                page.nodes[parent_idx as usize].end = len;
                stack.pop();
                continue;
            };
            enum Got {
                Elem(Box<str>, Vec<(Box<str>, Box<str>)>, Option<NodeId>),
                Text(Box<str>),
                Other,
            }
            let got = tree.query_node(&cur, |n| {
                top.1 = n.next_sibling;
                match &n.data {
                    NodeData::Element(el) => {
                        let tag: Box<str> = {
                            let l: &str = &el.name.local;
                            l.to_ascii_lowercase().into()
                        };
                        let attrs = el
                            .attrs
                            .iter()
                            .map(|a| {
                                (
                                    {
                                        let l: &str = &a.name.local;
                                        l.to_ascii_lowercase().into_boxed_str()
                                    },
                                    {
                                        let v: &str = &a.value;
                                        Box::<str>::from(v)
                                    },
                                )
                            })
                            .collect();
                        Got::Elem(tag, attrs, n.first_child)
                    }
                    NodeData::Text { contents } => {
                        let t: &str = contents;
                        Got::Text(t.into())
                    }
                    _ => Got::Other,
                }
            });
            let Some(got) = got else {
                top.1 = None;
                continue;
            };
            match got {
                Got::Other => {}
                Got::Text(t) => {
                    let i = page.nodes.len() as u32;
                    page.nodes.push(Node {
                        parent: parent_idx,
                        end: i + 1,
                        text: t,
                        ..Default::default()
                    });
                }
                Got::Elem(tag, attrs, first_child) => {
                    if &*tag == "script" {
                        let is_ld = attrs.iter().any(|(k, v)| {
                            &**k == "type" && v.to_ascii_lowercase().contains("ld+json")
                        });
                        if is_ld {
                            let mut s = String::new();
                            let mut c = first_child;
                            while let Some(id) = c {
                                c = tree
                                    .query_node(&id, |n| {
                                        if let NodeData::Text { contents } = &n.data {
                                            s.push_str(contents);
                                        }
                                        n.next_sibling
                                    })
                                    .flatten();
                            }
                            page.json_ld.push(s);
                        }
                        continue;
                    }
                    if SKIP.contains(&&*tag) {
                        continue;
                    }
                    let i = page.nodes.len() as u32;
                    page.nodes.push(Node {
                        parent: parent_idx,
                        end: i + 1,
                        tag,
                        text: Box::from(""),
                        attrs,
                    });
                    if first_child.is_some() {
                        stack.push((i, first_child));
                    }
                }
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
