//! Quotes grouped when several outlets carry the same words.
use crate::model::{Document, Entity, QuoteRecord};
pub fn collect(docs: &[Document], entities: &[Entity]) -> Vec<QuoteRecord> {
    let _ = (docs, entities);
    Vec::new()
}
