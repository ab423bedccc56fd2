//! Wires the stages together: ingest → clean → site furniture → annotate (parallel) → collect.

use crate::clean::site::SiteFurniture;
use crate::model::{Briefing, Document, Skipped};
use crate::{annotate, clean, collect, ingest};
use rayon::prelude::*;

/// Cleans and annotates one raw document: a pure function of it (no site furniture: that
/// needs other pages of the site, see [`process_batch`]).
pub fn process(raw: ingest::RawDoc) -> Result<Document, Skipped> {
    let mut doc = clean_one(raw)?;
    annotate::annotate(&mut doc);
    Ok(doc)
}

/// Cleans one raw document (main text and metadata), or says why it cannot.
pub fn clean_one(raw: ingest::RawDoc) -> Result<Document, Skipped> {
    let source = raw.source.clone();
    clean::clean(raw).map_err(|reason| Skipped { source, reason })
}

/// What [`process_batch`] does to each document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stages {
    /// Main text and metadata only.
    Clean,
    /// Every annotation layer as well.
    Annotate,
}

/// Processes one batch of documents in parallel, in input order: cleans each, takes out the
/// blocks that repeat across a site's pages (counted over this batch and every earlier one
/// `furniture` saw), then annotates. A panic on one document (a bug) makes that document a
/// skipped one with the reason, never the end of the run. Returns the results and the number
/// of furniture blocks removed.
pub fn process_batch(
    batch: Vec<Result<ingest::RawDoc, Skipped>>,
    furniture: &mut SiteFurniture,
    stages: Stages,
) -> (Vec<Result<Document, Skipped>>, usize) {
    process_batch_then(batch, furniture, stages, |doc| doc)
}

/// [`process_batch`], then `then` on each document, on the worker that processed it (while
/// the document is still in its cache, and in parallel): e.g. writing it out, so that the
/// caller gets the written form and the document is freed there too. (A panic in `then` is
/// not caught: unlike cleaning and annotating, it must not panic.)
pub fn process_batch_then<T: Send>(
    batch: Vec<Result<ingest::RawDoc, Skipped>>,
    furniture: &mut SiteFurniture,
    stages: Stages,
    then: impl Fn(Document) -> T + Sync + Send,
) -> (Vec<Result<T, Skipped>>, usize) {
    let mut results: Vec<Result<Document, Skipped>> = batch
        .into_par_iter()
        .map(|r| {
            r.and_then(|raw| {
                let source = raw.source.clone();
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| clean_one(raw)))
                    .unwrap_or_else(|_| Err(internal_error(source)))
            })
        })
        .collect();
    furniture.observe(results.iter().filter_map(|r| r.as_ref().ok()));
    let removed = results
        .iter_mut()
        .filter_map(|r| r.as_mut().ok())
        .map(|d| furniture.strip(d))
        .sum();
    let results = results
        .into_par_iter()
        .map(|r| {
            r.and_then(|mut doc| {
                if stages == Stages::Annotate
                    && std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        annotate::annotate(&mut doc)
                    }))
                    .is_err()
                {
                    // (The document names itself: annotating leaves its source and id.)
                    return Err(internal_error(doc.source.unwrap_or(doc.id)));
                }
                Ok(then(doc))
            })
        })
        .collect();
    (results, removed)
}

/// The skipped document `source` that a panic (a bug) ended.
fn internal_error(source: String) -> Skipped {
    Skipped {
        source,
        reason: "internal error while processing (please report)".into(),
    }
}

/// Briefs already annotated documents.
pub fn brief(docs: Vec<Document>, skipped: Vec<Skipped>) -> Briefing {
    collect::collect(docs, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{Content, GivenMeta, RawDoc};

    fn raw(source: &str, text: &str) -> Result<RawDoc, Skipped> {
        Ok(RawDoc {
            id: format!("id-{source}"),
            source: source.into(),
            content: Content::Text(text.into()),
            given: GivenMeta::default(),
        })
    }

    #[test]
    fn a_batch_keeps_its_order_names_its_skips_and_maps_each_document() {
        let text = "The harbour board of Vellmark voted on Tuesday to rebuild the old \
            lighthouse on the northern pier, after two winters of storms.";
        let batch = vec![
            raw("a.txt", text),
            raw("empty.txt", "   \n\n"),
            Err(Skipped {
                source: "unread.txt".into(),
                reason: "cannot read".into(),
            }),
            raw("b.txt", text),
        ];
        let mut furniture = SiteFurniture::default();
        let (results, _) = process_batch_then(batch, &mut furniture, Stages::Annotate, |d| {
            (d.id.clone(), d.source.clone(), d.sentences.len())
        });
        assert_eq!(results.len(), 4);
        assert_eq!(
            results[0].as_ref().ok(),
            Some(&("id-a.txt".to_string(), Some("a.txt".to_string()), 1))
        );
        let skipped = results[1].as_ref().expect_err("skipped");
        assert_eq!(skipped.source, "empty.txt");
        assert_eq!(skipped.reason, "no article text found");
        assert_eq!(
            results[2].as_ref().err().map(|s| s.source.as_str()),
            Some("unread.txt")
        );
        assert_eq!(
            results[3].as_ref().map(|r| r.0.as_str()).ok(),
            Some("id-b.txt")
        );
        // Cleaning only: no sentences.
        let (results, _) = process_batch(vec![raw("c.txt", text)], &mut furniture, Stages::Clean);
        let doc = results[0].as_ref().expect("cleaned");
        assert_eq!(doc.id, "id-c.txt");
        assert!(doc.sentences.is_empty());
    }
}
