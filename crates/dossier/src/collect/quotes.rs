//! Quotes grouped when several outlets carry the same words, even with small differences.

use super::entities::find;
use crate::model::{Document, Entity, QuoteRecord};
use crate::text::fold;
use std::collections::HashSet;

/// The words of a quote, folded.
fn words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

/// Do two quotes carry the same words? Word trigrams of the shorter mostly found in the
/// longer (a quote cut short, a word changed or a sentence dropped still matches).
fn same_words(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() < 4 {
        return short == long;
    }
    let grams = |w: &[String]| -> HashSet<String> { w.windows(3).map(|g| g.join(" ")).collect() };
    let (gs, gl) = (grams(short), grams(long));
    let shared = gs.intersection(&gl).count();
    shared * 10 >= gs.len() * 6
}

/// One record per quote of every document, in document order, with its group and the other
/// documents carrying the same words.
pub fn collect(docs: &[Document], entities: &[Entity]) -> Vec<QuoteRecord> {
    let mut recs: Vec<QuoteRecord> = Vec::new();
    let mut word_lists: Vec<Vec<String>> = Vec::new();
    for d in docs {
        for q in &d.quotes {
            let speaker_entity = q
                .speaker
                .as_deref()
                .and_then(|s| find(entities, s))
                .map(|e| e.id.clone());
            recs.push(QuoteRecord {
                doc: d.id.clone(),
                start: q.start,
                end: q.end,
                text: q.text.clone(),
                speaker: q.speaker.clone(),
                speaker_entity,
                cue: q.cue.clone(),
                kind: q.kind,
                group: 0,
                also_in: Vec::new(),
            });
            word_lists.push(words(&q.text));
        }
    }
    // Union-find over pairs that share their words; candidates share a rare-ish word first.
    let n = recs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let mut index: std::collections::HashMap<String, Vec<usize>> = Default::default();
    for (i, w) in word_lists.iter().enumerate() {
        let mut seen = HashSet::new();
        for g in w.windows(3) {
            let k = g.join(" ");
            if seen.insert(k.clone()) {
                index.entry(k).or_default().push(i);
            }
        }
    }
    let mut tried = HashSet::new();
    for ids in index.values() {
        if ids.len() > 50 {
            continue;
        }
        for (x, &i) in ids.iter().enumerate() {
            for &j in &ids[x + 1..] {
                if recs[i].doc == recs[j].doc || !tried.insert((i, j)) {
                    continue;
                }
                if same_words(&word_lists[i], &word_lists[j]) {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    parent[a] = b;
                }
            }
        }
    }
    let roots: Vec<usize> = (0..n).map(|i| root(&mut parent, i)).collect();
    let mut group_no: std::collections::HashMap<usize, usize> = Default::default();
    for (i, r) in roots.iter().enumerate() {
        let next = group_no.len() + 1;
        let g = *group_no.entry(*r).or_insert(next);
        recs[i].group = g;
    }
    for i in 0..n {
        let mut also: Vec<String> = (0..n)
            .filter(|&j| roots[j] == roots[i] && recs[j].doc != recs[i].doc)
            .map(|j| recs[j].doc.clone())
            .collect();
        also.sort();
        also.dedup();
        recs[i].also_in = also;
    }
    recs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Quote, QuoteKind};

    fn doc(id: &str, quotes: &[&str]) -> Document {
        Document {
            id: id.into(),
            quotes: quotes
                .iter()
                .map(|t| Quote {
                    start: 0,
                    end: t.chars().count(),
                    text: t.to_string(),
                    speaker: Some("Tove Lind".into()),
                    speaker_start: None,
                    speaker_end: None,
                    cue: Some("said".into()),
                    kind: QuoteKind::Direct,
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn the_same_words_in_two_outlets_are_one_group() {
        let docs = vec![
            doc(
                "a",
                &[
                    "We built the bridge in two years. It cost a fortune, long before my time. Nobody will tear it down.",
                ],
            ),
            doc(
                "b",
                &[
                    "We built the bridge in two years. It cost a fortune. Nobody will tear it down.",
                    "Something else entirely was said here today.",
                ],
            ),
        ];
        let q = collect(&docs, &[]);
        assert_eq!(q[0].group, q[1].group);
        assert_eq!(q[0].also_in, vec!["b"]);
        assert_eq!(q[1].also_in, vec!["a"]);
        assert_ne!(q[2].group, q[0].group);
        assert!(q[2].also_in.is_empty());
    }
}
