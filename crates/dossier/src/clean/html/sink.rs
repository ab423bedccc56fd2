//! A minimal html5ever `TreeSink`: a linked arena of nodes with no per-node reference
//! counting, flattened afterwards into the pre-order `dom::Page`.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};
use std::sync::LazyLock;

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::{Attribute, QualName};

/// No node.
pub const NIL: u32 = u32::MAX;

pub enum Data {
    Document,
    /// Template contents, never part of the main tree.
    Fragment,
    Element {
        name: QualName,
        attrs: Vec<Attribute>,
        /// Template contents (`NIL` unless a `<template>`).
        template: u32,
        mathml_point: bool,
    },
    Text(StrTendril),
    /// Comment, doctype, processing instruction: nothing the extractor reads.
    Other,
}

pub struct SNode {
    pub parent: u32,
    pub first: u32,
    pub last: u32,
    pub prev: u32,
    pub next: u32,
    pub data: Data,
}

impl SNode {
    fn new(data: Data) -> SNode {
        SNode {
            parent: NIL,
            first: NIL,
            last: NIL,
            prev: NIL,
            next: NIL,
            data,
        }
    }
}

pub struct Sink {
    pub nodes: RefCell<Vec<SNode>>,
}

/// Returned by `elem_name` for a non-element (html5ever never asks, but no panic).
static DUMMY: LazyLock<QualName> =
    LazyLock::new(|| QualName::new(None, html5ever::ns!(html), html5ever::local_name!("div")));

impl Sink {
    pub fn new(capacity: usize) -> Sink {
        let mut nodes = Vec::with_capacity(capacity);
        nodes.push(SNode::new(Data::Document));
        Sink {
            nodes: RefCell::new(nodes),
        }
    }

    fn push(&self, data: Data) -> u32 {
        push(&mut self.nodes.borrow_mut(), data)
    }
}

/// A new node, not in the tree yet.
fn push(nodes: &mut Vec<SNode>, data: Data) -> u32 {
    nodes.push(SNode::new(data));
    (nodes.len() - 1) as u32
}

/// Appends `text` to node `i` when it is a text node (adjacent text is one node); says
/// whether it did.
fn merge_text(nodes: &mut [SNode], i: u32, text: &StrTendril) -> bool {
    match nodes.get_mut(i as usize) {
        Some(SNode {
            data: Data::Text(t),
            ..
        }) => {
            t.push_tendril(text);
            true
        }
        _ => false,
    }
}

fn valid(nodes: &[SNode], i: u32) -> bool {
    (i as usize) < nodes.len()
}

fn detach(nodes: &mut [SNode], i: u32) {
    if !valid(nodes, i) {
        return;
    }
    let (parent, prev, next) = {
        let n = &nodes[i as usize];
        (n.parent, n.prev, n.next)
    };
    if valid(nodes, prev) {
        nodes[prev as usize].next = next;
    } else if valid(nodes, parent) {
        nodes[parent as usize].first = next;
    }
    if valid(nodes, next) {
        nodes[next as usize].prev = prev;
    } else if valid(nodes, parent) {
        nodes[parent as usize].last = prev;
    }
    let n = &mut nodes[i as usize];
    n.parent = NIL;
    n.prev = NIL;
    n.next = NIL;
}

fn append_child(nodes: &mut [SNode], parent: u32, child: u32) {
    if !valid(nodes, parent) || !valid(nodes, child) || parent == child {
        return;
    }
    detach(nodes, child);
    let last = nodes[parent as usize].last;
    {
        let c = &mut nodes[child as usize];
        c.parent = parent;
        c.prev = last;
    }
    if valid(nodes, last) {
        nodes[last as usize].next = child;
    } else {
        nodes[parent as usize].first = child;
    }
    nodes[parent as usize].last = child;
}

fn insert_before(nodes: &mut [SNode], sibling: u32, child: u32) {
    if !valid(nodes, sibling) || !valid(nodes, child) || sibling == child {
        return;
    }
    detach(nodes, child);
    let (parent, prev) = {
        let s = &nodes[sibling as usize];
        (s.parent, s.prev)
    };
    if !valid(nodes, parent) {
        return;
    }
    {
        let c = &mut nodes[child as usize];
        c.parent = parent;
        c.prev = prev;
        c.next = sibling;
    }
    nodes[sibling as usize].prev = child;
    if valid(nodes, prev) {
        nodes[prev as usize].next = child;
    } else {
        nodes[parent as usize].first = child;
    }
}

impl TreeSink for Sink {
    type Handle = u32;
    type Output = Sink;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Sink {
        self
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> u32 {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a u32) -> Ref<'a, QualName> {
        Ref::map(self.nodes.borrow(), |nodes| {
            match nodes.get(*target as usize).map(|n| &n.data) {
                Some(Data::Element { name, .. }) => name,
                _ => &DUMMY,
            }
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> u32 {
        let template = if flags.template {
            self.push(Data::Fragment)
        } else {
            NIL
        };
        self.push(Data::Element {
            name,
            attrs,
            template,
            mathml_point: flags.mathml_annotation_xml_integration_point,
        })
    }

    fn create_comment(&self, _text: StrTendril) -> u32 {
        self.push(Data::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> u32 {
        self.push(Data::Other)
    }

    fn append(&self, parent: &u32, child: NodeOrText<u32>) {
        let mut nodes = self.nodes.borrow_mut();
        match child {
            NodeOrText::AppendNode(c) => append_child(&mut nodes, *parent, c),
            NodeOrText::AppendText(text) => {
                let Some(last) = nodes.get(*parent as usize).map(|p| p.last) else {
                    return;
                };
                if !merge_text(&mut nodes, last, &text) {
                    let c = push(&mut nodes, Data::Text(text));
                    append_child(&mut nodes, *parent, c);
                }
            }
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &u32,
        prev_element: &u32,
        child: NodeOrText<u32>,
    ) {
        let has_parent = self
            .nodes
            .borrow()
            .get(*element as usize)
            .is_some_and(|n| n.parent != NIL);
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(
        &self,
        _name: StrTendril,
        _public: StrTendril,
        _system: StrTendril,
    ) {
    }

    fn get_template_contents(&self, target: &u32) -> u32 {
        match self.nodes.borrow().get(*target as usize).map(|n| &n.data) {
            Some(Data::Element { template, .. }) if *template != NIL => *template,
            // Not a template: its own children stand in (never happens with html5ever).
            _ => *target,
        }
    }

    fn same_node(&self, x: &u32, y: &u32) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &u32, child: NodeOrText<u32>) {
        let mut nodes = self.nodes.borrow_mut();
        match child {
            NodeOrText::AppendNode(c) => insert_before(&mut nodes, *sibling, c),
            NodeOrText::AppendText(text) => {
                let Some(prev) = nodes.get(*sibling as usize).map(|s| s.prev) else {
                    return;
                };
                if !merge_text(&mut nodes, prev, &text) {
                    let c = push(&mut nodes, Data::Text(text));
                    insert_before(&mut nodes, *sibling, c);
                }
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &u32, attrs: Vec<Attribute>) {
        let mut nodes = self.nodes.borrow_mut();
        if let Some(SNode {
            data: Data::Element { attrs: have, .. },
            ..
        }) = nodes.get_mut(*target as usize)
        {
            for a in attrs {
                if !have.iter().any(|h| h.name == a.name) {
                    have.push(a);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &u32) {
        detach(&mut self.nodes.borrow_mut(), *target);
    }

    fn reparent_children(&self, node: &u32, new_parent: &u32) {
        let mut nodes = self.nodes.borrow_mut();
        if !valid(&nodes, *node) || !valid(&nodes, *new_parent) {
            return;
        }
        let mut c = nodes[*node as usize].first;
        while valid(&nodes, c) {
            let next = nodes[c as usize].next;
            append_child(&mut nodes, *new_parent, c);
            c = next;
        }
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &u32) -> bool {
        matches!(
            self.nodes.borrow().get(*handle as usize).map(|n| &n.data),
            Some(Data::Element {
                mathml_point: true,
                ..
            })
        )
    }
}
