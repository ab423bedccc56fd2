//! Documents that are copies of each other.
use crate::model::{Document, Duplicate};
pub fn collect(docs: &[Document]) -> Vec<Duplicate> {
    let _ = docs;
    Vec::new()
}
