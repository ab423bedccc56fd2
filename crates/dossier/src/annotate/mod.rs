//! Annotate: the per-document layers, each a list of stand-off spans into `body`. Every
//! function here is a pure function of one document; later layers may read earlier ones.

pub mod entities;
pub mod figures;
pub mod quotes;
pub mod sentences;
pub mod time;

use crate::model::Document;

/// Runs every layer, in order: sentences, mentions, timexes, figures, quotes.
pub fn annotate(doc: &mut Document) {
    doc.sentences = sentences::split(&doc.body, &doc.blocks);
    doc.mentions = entities::annotate(doc);
    doc.timexes = time::annotate(doc);
    doc.figures = figures::annotate(doc);
    doc.quotes = quotes::annotate(doc);
}
