//! Sparse TF-IDF vectors of texts over a collection, for stories and the summary.

use std::collections::HashMap;

/// A sparse vector: term → weight, with its norm.
#[derive(Debug, Clone, Default)]
pub struct Vector {
    pub terms: HashMap<String, f64>,
    pub norm: f64,
}

impl Vector {
    /// A vector from term counts weighted by `idf` (terms the collection lacks get the
    /// highest weight).
    pub fn from_terms<'a>(terms: impl IntoIterator<Item = &'a String>, idf: &Idf) -> Vector {
        let mut tf: HashMap<String, f64> = HashMap::new();
        for t in terms {
            *tf.entry(t.clone()).or_default() += 1.0;
        }
        for (t, w) in tf.iter_mut() {
            *w = (1.0 + w.ln()) * idf.weight(t);
        }
        let norm = tf.values().map(|w| w * w).sum::<f64>().sqrt();
        Vector { terms: tf, norm }
    }

    pub fn cosine(&self, other: &Vector) -> f64 {
        if self.norm == 0.0 || other.norm == 0.0 {
            return 0.0;
        }
        let (small, large) = if self.terms.len() <= other.terms.len() {
            (self, other)
        } else {
            (other, self)
        };
        let dot: f64 = small
            .terms
            .iter()
            .filter_map(|(t, w)| large.terms.get(t).map(|v| w * v))
            .sum();
        dot / (self.norm * other.norm)
    }

    /// Adds `other` into this vector (for centroids); call [`Vector::renorm`] after.
    pub fn add(&mut self, other: &Vector) {
        for (t, w) in &other.terms {
            *self.terms.entry(t.clone()).or_default() += w / other.norm.max(1e-12);
        }
    }

    pub fn renorm(&mut self) {
        self.norm = self.terms.values().map(|w| w * w).sum::<f64>().sqrt();
    }
}

/// Inverse document frequencies of a collection.
pub struct Idf {
    df: HashMap<String, usize>,
    n: usize,
}

impl Idf {
    pub fn new<'a>(docs: impl IntoIterator<Item = &'a Vec<String>>) -> Idf {
        let mut df: HashMap<String, usize> = HashMap::new();
        let mut n = 0;
        for terms in docs {
            n += 1;
            let mut seen: Vec<&String> = terms.iter().collect();
            seen.sort();
            seen.dedup();
            for t in seen {
                *df.entry(t.clone()).or_default() += 1;
            }
        }
        Idf { df, n }
    }

    pub fn weight(&self, term: &str) -> f64 {
        let df = self.df.get(term).copied().unwrap_or(0) as f64;
        ((self.n as f64 + 1.0) / (df + 1.0)).ln() + 1.0
    }
}

/// The terms a document is about: its content words, and the entities it names (twice).
pub fn document_terms(d: &crate::model::Document) -> Vec<String> {
    let mut terms = crate::text::content_words(&d.body);
    for m in &d.mentions {
        let name = m.canonical.as_deref().unwrap_or(&m.text);
        let key = format!("@{}", super::entities::match_key(name));
        terms.push(key.clone());
        terms.push(key);
    }
    terms
}
