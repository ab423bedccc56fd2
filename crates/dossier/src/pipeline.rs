//! Wires the stages together: ingest → clean → annotate (parallel) → collect.

use crate::model::{Briefing, Document, Skipped};
use crate::{annotate, clean, collect, ingest};

/// Cleans and annotates one raw document: a pure function of it.
pub fn process(raw: ingest::RawDoc) -> Result<Document, Skipped> {
    let source = raw.source.clone();
    let mut doc = clean::clean(raw).map_err(|reason| Skipped { source, reason })?;
    annotate::annotate(&mut doc);
    Ok(doc)
}

/// Briefs already annotated documents.
pub fn brief(docs: Vec<Document>, skipped: Vec<Skipped>) -> Briefing {
    collect::collect(docs, skipped)
}
