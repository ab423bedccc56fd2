//! Collect: the cross-document stages. They see only annotated documents, never raw input.

pub mod dates;
pub mod duplicates;
pub mod entities;
pub mod figures;
pub mod quotes;
pub mod stories;
pub mod summary;
pub mod timeline;
pub mod vectors;

use crate::model::{Briefing, Document, Skipped};

/// Builds the briefing of a collection.
pub fn collect(mut documents: Vec<Document>, skipped: Vec<Skipped>) -> Briefing {
    dates::infer(&mut documents);
    let entities = entities::collect(&documents);
    let quotes = quotes::collect(&documents, &entities);
    let events = timeline::collect(&documents);
    let figures = figures::collect(&documents);
    let duplicates = duplicates::collect(&documents);
    let stories = stories::collect(&documents, &entities);
    let summary = summary::collect(&documents, &duplicates);
    Briefing {
        documents,
        entities,
        quotes,
        events,
        figures,
        stories,
        duplicates,
        summary,
        skipped,
    }
}
