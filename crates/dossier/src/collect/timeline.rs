//! Dated events on one timeline.
use crate::model::{Document, Event};
pub fn collect(docs: &[Document]) -> Vec<Event> {
    let _ = docs;
    Vec::new()
}
