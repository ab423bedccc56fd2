//! Dossier: reads a pile of raw news articles and writes a sourced briefing.
//!
//! The flow (see ARCHITECTURE.md): [`ingest`] (bytes to decoded text with given metadata)
//! → [`clean`] (main text and metadata) → [`annotate`] (per-document layers, a pure function
//! of one document) → [`collect`] (across documents) → [`render`] (JSON, Markdown, HTML).

pub mod annotate;
pub mod clean;
pub mod collect;
pub mod ingest;
pub mod lexicon;
pub mod model;
pub mod pipeline;
pub mod render;
#[cfg(test)]
mod test_rng;
pub mod text;

pub use model::*;
