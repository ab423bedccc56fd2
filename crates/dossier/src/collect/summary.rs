//! An extractive summary of about 120 words: sentences copied verbatim from the documents,
//! each citing its document, chosen for how central they are to the collection (TF-IDF
//! similarity to the whole), how early they stand in their article and how much they say
//! (names, dates, figures), with no two saying the same thing.

use super::vectors::{Idf, Vector, document_terms};
use crate::model::{Document, Duplicate, Sentence, SummarySentence};
use std::collections::HashSet;

/// About how many words the summary has.
pub const TARGET_WORDS: usize = 120;

/// Words that make a sentence lean on the one before it ("He said", "But", "This").
const LEANING_STARTS: &[&str] = &[
    "he",
    "she",
    "they",
    "it",
    "his",
    "her",
    "their",
    "its",
    "this",
    "that",
    "these",
    "those",
    "but",
    "and",
    "yet",
    "so",
    "still",
    "also",
    "however",
    "meanwhile",
    "both",
    "such",
    "there",
    "here",
    "then",
    "instead",
    "indeed",
    "which",
    "we",
    "i",
    "you",
    "our",
];

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Can this sentence stand alone in a summary?
fn usable(s: &Sentence) -> bool {
    let w = word_count(&s.text);
    if s.heading || !(8..=45).contains(&w) {
        return false;
    }
    let first: String = s
        .text
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    let t = s.text.trim_end();
    !LEANING_STARTS.contains(&first.as_str())
        && !s.text.starts_with(['“', '"', '‘', '\'', '('])
        && !t.ends_with('?')
        && !t.ends_with(':')
        && (t.ends_with('.') || t.ends_with('”') || t.ends_with('"'))
}

/// The summary of a collection.
pub fn collect(docs: &[Document], duplicates: &[Duplicate]) -> Vec<SummarySentence> {
    // A copy adds nothing: keep the first document of each duplicate pair.
    let mut skip: HashSet<&str> = HashSet::new();
    for d in duplicates {
        if let Some(later) = d.documents.iter().skip(1).max() {
            skip.insert(later.as_str());
        }
    }
    let terms: Vec<Vec<String>> = docs.iter().map(document_terms).collect();
    let idf = Idf::new(&terms);
    let mut centroid = Vector::default();
    for t in &terms {
        centroid.add(&Vector::from_terms(t, &idf));
    }
    centroid.renorm();

    // Actors the collection shares: named in two documents or more.
    let mut named_in: std::collections::HashMap<String, HashSet<usize>> = Default::default();
    for (di, d) in docs.iter().enumerate() {
        for m in &d.mentions {
            let name = m.canonical.as_deref().unwrap_or(&m.text);
            named_in
                .entry(super::entities::match_key(name))
                .or_default()
                .insert(di);
        }
    }

    struct Cand<'a> {
        doc: usize,
        s: &'a Sentence,
        v: Vector,
        score: f64,
    }
    let mut cands: Vec<Cand> = Vec::new();
    for (di, d) in docs.iter().enumerate() {
        if skip.contains(d.id.as_str()) {
            continue;
        }
        let body_sents: Vec<&Sentence> = d.sentences.iter().filter(|s| !s.heading).collect();
        for (pos, s) in body_sents.iter().enumerate() {
            if !usable(s) {
                continue;
            }
            let mut words = crate::text::content_words(&s.text);
            let mut shared_actors: HashSet<String> = HashSet::new();
            for m in d
                .mentions
                .iter()
                .filter(|m| s.start <= m.start && m.end <= s.end)
            {
                let name = m.canonical.as_deref().unwrap_or(&m.text);
                let key = super::entities::match_key(name);
                if named_in.get(&key).is_some_and(|ds| ds.len() >= 2) {
                    shared_actors.insert(key.clone());
                }
                words.push(format!("@{key}"));
            }
            let v = Vector::from_terms(&words, &idf);
            let has = |n: usize| if n > 0 { 1.0 } else { 0.0 };
            let dated = has(d
                .timexes
                .iter()
                .filter(|t| s.start <= t.start && t.end <= s.end)
                .count());
            let figures = has(d
                .figures
                .iter()
                .filter(|f| s.start <= f.start && f.end <= s.end)
                .count());
            let position = 1.0 / (1.0 + pos as f64 / 2.0);
            let actors = shared_actors.len().min(4) as f64;
            let score = v.cosine(&centroid)
                + 0.15 * position
                + 0.05 * dated
                + 0.05 * figures
                + 0.04 * actors;
            cands.push(Cand {
                doc: di,
                s,
                v,
                score,
            });
        }
    }
    cands.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut chosen: Vec<&Cand> = Vec::new();
    let mut words = 0;
    for c in &cands {
        if words >= TARGET_WORDS - 20 {
            break;
        }
        let w = word_count(&c.s.text);
        if words + w > TARGET_WORDS + 30 {
            continue;
        }
        // No two sentences saying the same thing.
        if chosen.iter().any(|x| x.v.cosine(&c.v) > 0.35) {
            continue;
        }
        words += w;
        chosen.push(c);
    }
    // Read in the order of the documents, and of the text within each.
    chosen.sort_by_key(|c| {
        (
            docs[c.doc].published.clone().unwrap_or_default(),
            c.doc,
            c.s.start,
        )
    });
    chosen
        .into_iter()
        .map(|c| SummarySentence {
            text: c.s.text.clone(),
            doc: docs[c.doc].id.clone(),
            start: c.s.start,
            end: c.s.end,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate;

    fn doc(id: &str, body: &str) -> Document {
        let mut d = Document::from_text(id, body);
        annotate::annotate(&mut d);
        d
    }

    #[test]
    fn summary_sentences_are_verbatim_cited_and_not_repeated() {
        let a = "The ferry between Port Aldren and Lindqvist Island sailed again on Monday after a storm wrecked the pier last week. He said nothing more about it at all today. The harbour master said repairs to the Port Aldren pier cost about two million kronor in total.";
        let b = "The ferry between Port Aldren and Lindqvist Island sailed again on Monday after the storm wrecked its pier. Crews from three towns rebuilt the landing stage at Port Aldren in four days of work.";
        let docs = vec![doc("a", a), doc("b", b)];
        let s = collect(&docs, &[]);
        assert!(!s.is_empty());
        for x in &s {
            let d = docs.iter().find(|d| d.id == x.doc).unwrap();
            assert!(d.body.contains(&x.text));
            assert!(!x.text.starts_with("He "));
        }
        let ferry = s
            .iter()
            .filter(|x| x.text.starts_with("The ferry between"))
            .count();
        assert_eq!(ferry, 1, "{s:?}");
    }
}
