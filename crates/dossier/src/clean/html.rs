//! HTML pages: main text and metadata (JSON-LD, meta tags, `<time>`, `<article>`...).
//!
//! The page is parsed with `dom_query` (html5ever) and copied, iteratively, into a flat
//! pre-order arena (`dom::Page`), so that every later pass is a linear loop without recursion:
//! deep nesting cannot blow the stack and a big page costs time in proportion to its size.
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
