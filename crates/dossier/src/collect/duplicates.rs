//! Documents that are copies of each other: the same text (`exact`), or one carrying most of
//! the other's word sequences (`near`: a reprint, a wire copy with edits).

use crate::model::{Document, Duplicate};
use crate::text::fold;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

/// Word 5-gram shingles of a text, hashed.
fn shingles(text: &str) -> HashSet<u64> {
    let words: Vec<String> = fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect();
    words
        .windows(5)
        .map(|w| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect()
}

/// Pairs of documents that are copies, most similar first.
pub fn collect(docs: &[Document]) -> Vec<Duplicate> {
    let sets: Vec<HashSet<u64>> = docs.iter().map(|d| shingles(&d.body)).collect();
    // Candidates: documents that share a sample of shingles (1 in 8).
    let mut index: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, s) in sets.iter().enumerate() {
        for &h in s.iter().filter(|h| *h % 8 == 0) {
            index.entry(h).or_default().push(i);
        }
    }
    let mut shared: HashMap<(usize, usize), usize> = HashMap::new();
    for ids in index.values() {
        if ids.len() > 200 {
            continue;
        }
        for (x, &i) in ids.iter().enumerate() {
            for &j in &ids[x + 1..] {
                *shared.entry((i, j)).or_default() += 1;
            }
        }
    }
    let mut out = Vec::new();
    for ((i, j), n) in shared {
        if n < 2 {
            continue;
        }
        let (a, b) = (&sets[i], &sets[j]);
        let inter = a.intersection(b).count() as f64;
        let smaller = a.len().min(b.len()).max(1) as f64;
        let union = (a.len() + b.len()) as f64 - inter;
        let containment = inter / smaller;
        if containment < 0.6 {
            continue;
        }
        let jaccard = inter / union.max(1.0);
        let kind = if fold(&docs[i].body) == fold(&docs[j].body) {
            "exact"
        } else {
            "near"
        };
        let mut documents = vec![docs[i].id.clone(), docs[j].id.clone()];
        documents.sort();
        out.push(Duplicate {
            documents,
            kind: kind.into(),
            similarity: (jaccard * 1000.0).round() / 1000.0,
        });
    }
    out.sort_by(|a, b| {
        b.similarity
            .total_cmp(&a.similarity)
            .then(a.documents.cmp(&b.documents))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, body: &str) -> Document {
        Document::from_text(id, body)
    }

    #[test]
    fn copies_and_reprints_are_found_and_other_texts_are_not() {
        let base = "The ferry between Port Aldren and Lindqvist Island sailed again on Monday, four days after a storm tore the pier apart. The harbour master said repairs cost about two million kronor and crews worked through the night to finish them.";
        let reprint = format!("{base} Local papers carried the story on Tuesday.");
        let other = "The council of Brenmoor voted late on Tuesday to close the old mill road for the summer, citing the cost of repairs and the risk to walkers on the narrow stretch.";
        let docs = vec![
            doc("a", base),
            doc("b", base),
            doc("c", &reprint),
            doc("d", other),
        ];
        let d = collect(&docs);
        assert!(
            d.iter()
                .any(|x| x.documents == ["a", "b"] && x.kind == "exact")
        );
        assert!(
            d.iter()
                .any(|x| x.documents == ["a", "c"] && x.kind == "near")
        );
        assert!(d.iter().all(|x| !x.documents.contains(&"d".to_string())));
    }
}
