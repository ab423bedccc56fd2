//! Documents that tell the same story: TF-IDF vectors of content words and entity names,
//! grouped around centroids; each story labelled by the names and words it is most about.

use super::vectors::{Idf, Vector, document_terms};
use crate::model::{Document, Entity, Story};

/// How similar (cosine) a document must be to a story's centroid to join it.
const JOIN: f64 = 0.18;

/// The stories of a collection, largest first.
pub fn collect(docs: &[Document], entities: &[Entity]) -> Vec<Story> {
    if docs.is_empty() {
        return Vec::new();
    }
    let terms: Vec<Vec<String>> = docs.iter().map(document_terms).collect();
    let idf = Idf::new(&terms);
    let vecs: Vec<Vector> = terms.iter().map(|t| Vector::from_terms(t, &idf)).collect();
    // Leader clustering, then one pass that moves each document to its best centroid.
    let mut assign: Vec<usize> = Vec::with_capacity(docs.len());
    let mut centroids: Vec<Vector> = Vec::new();
    for v in &vecs {
        let best = centroids
            .iter()
            .enumerate()
            .map(|(k, c)| (k, c.cosine(v)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((k, s)) if s >= JOIN => {
                centroids[k].add(v);
                centroids[k].renorm();
                assign.push(k);
            }
            _ => {
                let mut c = Vector::default();
                c.add(v);
                c.renorm();
                centroids.push(c);
                assign.push(centroids.len() - 1);
            }
        }
    }
    for (i, v) in vecs.iter().enumerate() {
        let best = centroids
            .iter()
            .enumerate()
            .map(|(k, c)| (k, c.cosine(v)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((k, s)) = best
            && s >= JOIN
        {
            assign[i] = k;
        }
    }
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); centroids.len()];
    for (i, k) in assign.iter().enumerate() {
        groups[*k].push(i);
    }
    groups.retain(|g| !g.is_empty());
    groups.sort_by_key(|g| (std::cmp::Reverse(g.len()), g[0]));
    groups
        .iter()
        .enumerate()
        .map(|(n, g)| Story {
            id: format!("s{}", n + 1),
            label: label(g, docs, entities, &vecs),
            documents: g.iter().map(|&i| docs[i].id.clone()).collect(),
        })
        .collect()
}

/// The names most shared by the story's documents, then its heaviest words.
fn label(group: &[usize], docs: &[Document], entities: &[Entity], vecs: &[Vector]) -> String {
    let ids: Vec<&str> = group.iter().map(|&i| docs[i].id.as_str()).collect();
    let mut names: Vec<(usize, usize, &str)> = entities
        .iter()
        .filter(|e| e.kind != crate::model::EntityType::Other)
        .map(|e| {
            let in_docs = e
                .documents
                .iter()
                .filter(|d| ids.contains(&d.as_str()))
                .count();
            let mentions = e
                .mentions
                .iter()
                .filter(|m| ids.contains(&m.doc.as_str()))
                .count();
            (in_docs, mentions, e.name.as_str())
        })
        .filter(|(d, _, _)| *d > 0)
        .collect();
    names.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
    let mut parts: Vec<String> = names.iter().take(3).map(|x| x.2.to_string()).collect();
    if parts.len() < 2 {
        // Few names: the story's heaviest words, as written in its text.
        let mut c = Vector::default();
        for &i in group {
            c.add(&vecs[i]);
        }
        let mut words: Vec<(&String, &f64)> = c
            .terms
            .iter()
            .filter(|(t, _)| !t.starts_with('@'))
            .collect();
        words.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
        let said: Vec<String> = parts.iter().map(|p| crate::text::fold(p)).collect();
        let fresh = |w: &str| {
            !said
                .iter()
                .any(|p| p.contains(w) || w.starts_with(p.as_str()))
        };
        parts.extend(
            words
                .iter()
                .filter(|(t, _)| fresh(t))
                .take(3 - parts.len())
                .map(|(t, _)| t.to_string()),
        );
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, body: &str) -> Document {
        Document::from_text(id, body)
    }

    #[test]
    fn documents_on_one_happening_form_one_story() {
        let docs = vec![
            doc(
                "a",
                "A storm wrecked the ferry pier at Port Aldren; the ferry to Lindqvist Island stopped and the harbour closed.",
            ),
            doc(
                "b",
                "The Lindqvist Island ferry stopped after the storm wrecked the Port Aldren pier; harbour crews began repairs.",
            ),
            doc(
                "c",
                "Brenmoor council voted to close the mill road for the summer because of repair costs and walkers' safety.",
            ),
            doc(
                "d",
                "The mill road in Brenmoor will close for the summer after a council vote on repair costs.",
            ),
        ];
        let s = collect(&docs, &[]);
        assert_eq!(s.len(), 2, "{s:?}");
        let mut groups: Vec<Vec<String>> = s.iter().map(|x| x.documents.clone()).collect();
        groups.sort();
        assert_eq!(groups, vec![vec!["a", "b"], vec!["c", "d"]]);
        assert!(!s[0].label.is_empty());
    }
}
