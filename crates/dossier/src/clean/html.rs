//! HTML pages: main text and metadata (JSON-LD, meta tags, `<time>`, `<article>`...).
//!
//! Parsing: our own byte-level tokenizer (`tokenize.rs`, which jumps between the bytes that
//! matter with `memchr`, decodes character references with html5ever's table and handles the
//! raw-text and escaped-script states) feeds html5ever's tree builder, so tree construction
//! (implied end tags, mis-nesting, foster parenting, foreign content) is the spec's; the tree
//! builder writes into a linked arena (`sink.rs`) that is flattened, iteratively, into a
//! pre-order arena (`dom::Page`), so that every later pass is a linear loop without recursion:
//! deep nesting cannot blow the stack and a big page costs time in proportion to its size.
//! Script and style text is never copied (except JSON-LD, kept in `Page::json_ld`).
//! The main text is found by a readability-like scoring of containers (paragraph text length,
//! commas, class/id hints, link density) helped by `<article>`, `itemprop=articleBody` and
//! JSON-LD `articleBody`; metadata come from JSON-LD, meta tags, `<time>`, bylines, datelines
//! and the URL, each with its source.

mod dates;
mod dom;
mod meta;
mod sink;
mod text;
mod tokenize;

use crate::clean::Extracted;
use crate::ingest::GivenMeta;

/// Extracts the main text (blocks in reading order: paragraphs, headings inside the article,
/// list items) and the metadata of one HTML page. Never panics; a page without article text
/// gives empty `blocks`.
pub fn extract(html: &str, given: &GivenMeta) -> Extracted {
    let page = dom::Page::parse(html);
    let mut out = Extracted::default();
    let ld = meta::JsonLd::parse(&page);
    let main = text::main_text(&page);
    meta::fill(&page, given, &ld, &main, &mut out);
    out.blocks = text::choose_body(main, ld.body);
    out
}

#[cfg(test)]
mod tests;
