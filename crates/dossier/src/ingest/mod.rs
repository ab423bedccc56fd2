//! Ingest: files, folders (recursive) and `-` to raw documents, each with an id, its decoded
//! content and the metadata the input gives. One module per input format.
//!
//! Contract: [`read_inputs`] streams; every document it cannot read is reported to the sink
//! as a [`Skipped`] naming the document and the reason, and the run goes on.

use crate::model::Skipped;

/// The content of a raw document.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// Plain text, possibly scraped off a page (junk lines and all).
    Text(String),
    /// An HTML page.
    Html(String),
}

/// Metadata the input itself gives (a JSONL record's fields, a WARC header).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GivenMeta {
    pub title: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub authors: Vec<String>,
    /// The date the page was fetched (a WARC record's date): no published date may be after it.
    pub crawled: Option<String>,
}

/// One document as read, before cleaning.
#[derive(Debug, Clone, PartialEq)]
pub struct RawDoc {
    pub id: String,
    /// The file, and the line or record within it.
    pub source: String,
    pub content: Content,
    pub given: GivenMeta,
}

/// Reads every input (a file, a folder read recursively, or `-` for standard input) and
/// hands each document, or the reason it was skipped, to `sink`, in input order.
pub fn read_inputs(inputs: &[String], sink: &mut dyn FnMut(Result<RawDoc, Skipped>)) {
    // Placeholder until the full reader lands: plain-text files and folders of them.
    fn walk(p: &std::path::Path, sink: &mut dyn FnMut(Result<RawDoc, Skipped>)) {
        if p.is_dir() {
            let mut entries: Vec<_> = std::fs::read_dir(p)
                .map(|r| r.flatten().map(|e| e.path()).collect())
                .unwrap_or_default();
            entries.sort();
            for e in entries {
                walk(&e, sink);
            }
            return;
        }
        let source = p.display().to_string();
        match std::fs::read_to_string(p) {
            Ok(t) => sink(Ok(RawDoc {
                id: p
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                source,
                content: Content::Text(t),
                given: GivenMeta::default(),
            })),
            Err(e) => sink(Err(Skipped {
                source,
                reason: format!("cannot read: {e}"),
            })),
        }
    }
    for i in inputs {
        walk(std::path::Path::new(i), sink);
    }
}
