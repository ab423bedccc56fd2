//! Figures several outlets report, linked; contradicting ones flagged.
//!
//! Every figure of every document becomes a [`FigureRecord`] with the sentence it stands in.
//! Two figures of different documents *corroborate* each other when they count the same
//! kind of thing (same unit family: troops, soldiers and forces are all "personnel") with
//! values within 1%, and either the value is distinctive (not a small count up to 10, not a
//! bare power of ten; for percentages and durations, with one shared content word too) or
//! their sentences share at least two content words outside the
//! figures, and at least 30% of the smaller sentence's. They *conflict* when they count the
//! same kind of thing with values more than 1% but at most a factor of 3 apart, their
//! sentences share at least two content words (and 20% of the smaller's), neither is vague
//! ("dozens of"), and neither's qualifier ("more than", "nearly", "about") admits the other.

use std::collections::{BTreeSet, HashSet};

use crate::annotate::figures::{Qualifier, qualifier};
use crate::lexicon;
use crate::model::{Document, Figure, FigureRecord};

/// One record per figure of every document, in document order, with the documents that
/// corroborate it and the documents that contradict it.
pub fn collect(docs: &[Document]) -> Vec<FigureRecord> {
    struct Item {
        doc: usize,
        family: String,
        qual: Qualifier,
        words: HashSet<String>,
    }
    let mut records = Vec::new();
    let mut items = Vec::new();
    for (di, doc) in docs.iter().enumerate() {
        let chars: Vec<char> = doc.body.chars().collect();
        for f in &doc.figures {
            let context = context_of(doc, &chars, f);
            let own: HashSet<String> = content_words(&f.text).collect();
            let unit_lemma = lemma(&f.unit.to_lowercase());
            let words = content_words(&context)
                .filter(|w| !own.contains(w) && *w != unit_lemma)
                .collect();
            items.push(Item {
                doc: di,
                family: family(&f.unit),
                qual: qualifier(&f.text),
                words,
            });
            records.push(FigureRecord {
                doc: doc.id.clone(),
                start: f.start,
                end: f.end,
                text: f.text.clone(),
                value: f.value,
                unit: f.unit.clone(),
                context,
                corroborated_by: Vec::new(),
                conflicts_with: Vec::new(),
            });
        }
    }
    // Figures grouped by unit family; pairs compared only within a family.
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| items[a].family.cmp(&items[b].family));
    let mut corro: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); items.len()];
    let mut conf: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); items.len()];
    for group in order.chunk_by(|&a, &b| items[a].family == items[b].family) {
        for (x, &a) in group.iter().enumerate() {
            for &b in &group[x + 1..] {
                let (ia, ib) = (&items[a], &items[b]);
                if ia.doc == ib.doc
                    || docs[ia.doc].id == docs[ib.doc].id
                    || ia.qual == Qualifier::Vague
                    || ib.qual == Qualifier::Vague
                {
                    continue;
                }
                let (va, vb) = (records[a].value, records[b].value);
                if !(va.is_finite() && vb.is_finite()) {
                    continue;
                }
                let shared = ia.words.intersection(&ib.words).count();
                // Share of the smaller context's words the two contexts have in common.
                let smaller = ia.words.len().min(ib.words.len()).max(1);
                let overlap = shared as f64 / smaller as f64;
                if same_value(va, vb) {
                    let generic =
                        lexicon::figures_generic_units().contains(items[a].family.as_str());
                    let by_value = distinctive(va) && (!generic || shared >= 1);
                    if by_value || (shared >= 2 && overlap >= 0.3) {
                        corro[a].insert(ib.doc);
                        corro[b].insert(ia.doc);
                    }
                } else if shared >= 2
                    && overlap >= 0.2
                    && va > 0.0
                    && vb > 0.0
                    && va.max(vb) <= 3.0 * va.min(vb)
                    && !admits(ia.qual, va, vb)
                    && !admits(ib.qual, vb, va)
                {
                    conf[a].insert(ib.doc);
                    conf[b].insert(ia.doc);
                }
            }
        }
    }
    let ids = |set: &BTreeSet<usize>| -> Vec<String> {
        let mut v: Vec<String> = set.iter().map(|&d| docs[d].id.clone()).collect();
        v.sort();
        v.dedup();
        v
    };
    for (k, r) in records.iter_mut().enumerate() {
        r.corroborated_by = ids(&corro[k]);
        r.conflicts_with = ids(&conf[k]);
    }
    records
}

/// Values within 1% of each other.
fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.01 * a.abs().max(b.abs())
}

/// A value two unrelated reports are unlikely to share by chance: not a small count up to
/// 10, not a bare power of ten (100, a million, a trillion).
fn distinctive(v: f64) -> bool {
    if v.fract() == 0.0 && v <= 10.0 {
        return false;
    }
    let l = v.abs().log10();
    !(v > 0.0 && (l - l.round()).abs() < 1e-9)
}

/// A qualified value `v` ("more than 4,000") is compatible with the other value.
fn admits(q: Qualifier, v: f64, other: f64) -> bool {
    match q {
        Qualifier::AtLeast => other >= v * 0.99,
        Qualifier::AtMost => other <= v * 1.01,
        Qualifier::About => (other - v).abs() <= 0.1 * v.abs(),
        Qualifier::Exact => false,
        Qualifier::Vague => true,
    }
}

/// The family of a unit: `soldiers` and `troops` are `personnel`; otherwise the unit
/// itself, lower case and singular.
pub fn family(unit: &str) -> String {
    if unit.chars().all(|c| c.is_ascii_uppercase()) && !unit.is_empty() {
        return unit.to_string(); // a currency code
    }
    let l = unit.to_lowercase();
    match lexicon::figures_unit_families().get(l.as_str()) {
        Some(f) => f.to_string(),
        None => lemma(&l),
    }
}

/// A crude lemma: lower case, possessive and plural `s` dropped.
fn lemma(w: &str) -> String {
    let w = w.trim_end_matches("'s").trim_end_matches("’s");
    if w.chars().count() > 3 && w.ends_with('s') && !w.ends_with("ss") {
        w[..w.len() - 1].to_string()
    } else {
        w.to_string()
    }
}

/// The lemmas of the content words of a text: not function words, not number words.
fn content_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphabetic() && c != '\'' && c != '’')
        .map(|w| w.trim_matches(['\'', '’']).to_lowercase())
        .filter(|w| w.chars().count() >= 2)
        .filter(|w| {
            !lexicon::figures_stopwords().contains(w.as_str())
                && !lexicon::figures_number_words().contains_key(w.as_str())
                && !lexicon::figures_scales().contains_key(w.as_str())
                && !lexicon::figures_approx().contains_key(w.as_str())
        })
        .map(|w| lemma(&w))
}

/// The sentence a figure stands in: from the document's sentences, else the text between
/// the nearest sentence ends or line breaks.
fn context_of(doc: &Document, chars: &[char], f: &Figure) -> String {
    if let Some(s) = doc
        .sentences
        .iter()
        .find(|s| s.start <= f.start && f.start < s.end)
    {
        return s.text.trim().to_string();
    }
    let n = chars.len();
    let (fs, fe) = (f.start.min(n), f.end.min(n));
    let ends = |k: usize| -> bool {
        match chars[k] {
            '\n' | '!' | '?' => true,
            // A full stop before white space ends a sentence; "1.2" and "U.S." do not.
            '.' => {
                chars.get(k + 1).is_none_or(|c| c.is_whitespace())
                    && !(k >= 2 && chars[k - 2] == '.')
            }
            _ => false,
        }
    };
    let mut a = fs;
    while a > 0 && !ends(a - 1) {
        a -= 1;
    }
    let mut b = fe;
    while b < n && !ends(b) {
        b += 1;
    }
    if b < n && chars[b] != '\n' {
        b += 1; // keep the final mark
    }
    chars[a..b.max(a)]
        .iter()
        .collect::<String>()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::figures::annotate_text;

    fn doc(id: &str, body: &str) -> Document {
        Document {
            id: id.into(),
            body: body.into(),
            figures: annotate_text(body),
            ..Default::default()
        }
    }

    fn find<'a>(recs: &'a [FigureRecord], doc: &str, value: f64) -> &'a FigureRecord {
        recs.iter()
            .find(|r| r.doc == doc && (r.value - value).abs() < 1e-6)
            .unwrap_or_else(|| panic!("no {value} in {doc}: {recs:?}"))
    }

    #[test]
    fn same_troops_in_two_outlets_corroborate() {
        let docs = vec![
            doc(
                "a",
                "Parliament in Velmora voted on Sunday. The 5,200 U.S. forces stationed in Velmora may leave.",
            ),
            doc(
                "b",
                "There are some 5,200 American troops in Velmora helping local units.",
            ),
            doc("c", "A storm hit the coast."),
        ];
        let recs = collect(&docs);
        assert_eq!(recs.len(), 2);
        let a = find(&recs, "a", 5200.0);
        let b = find(&recs, "b", 5200.0);
        assert_eq!(a.corroborated_by, vec!["b".to_string()]);
        assert_eq!(b.corroborated_by, vec!["a".to_string()]);
        assert!(a.conflicts_with.is_empty());
        assert_eq!(
            a.context,
            "The 5,200 U.S. forces stationed in Velmora may leave."
        );
        // Records come in document order.
        assert_eq!(recs[0].doc, "a");
    }

    #[test]
    fn different_counts_of_the_same_thing_conflict() {
        let docs = vec![
            doc(
                "a",
                "Officials said 5,200 U.S. troops remain deployed in Velmora after the vote.",
            ),
            doc(
                "b",
                "About 5,000 American soldiers remain deployed in Velmora, officials said.",
            ),
            doc(
                "c",
                "Officials said 5,000 sheep remain deployed in Velmora pastures.",
            ),
        ];
        let recs = collect(&docs);
        let a = find(&recs, "a", 5200.0);
        // "About 5,000" admits 5,200 within 10%: not a conflict; an exact 5,000 would be.
        assert!(a.conflicts_with.is_empty(), "{a:?}");
        let docs2 = vec![
            docs[0].clone(),
            doc(
                "b",
                "Officials said 4,000 American soldiers remain deployed in Velmora.",
            ),
        ];
        let recs = collect(&docs2);
        let a = find(&recs, "a", 5200.0);
        let b = find(&recs, "b", 4000.0);
        assert_eq!(a.conflicts_with, vec!["b".to_string()]);
        assert_eq!(b.conflicts_with, vec!["a".to_string()]);
        assert!(a.corroborated_by.is_empty());
        // Sheep are not troops.
        let all = collect(&docs);
        let c = find(&all, "c", 5000.0);
        assert!(c.conflicts_with.is_empty() && c.corroborated_by.is_empty());
    }

    #[test]
    fn unrelated_or_bounded_figures_are_neither() {
        let docs = vec![
            doc("a", "The ferry carried three passengers across the lake."),
            doc("b", "Three passengers won a lottery in the capital."),
            doc(
                "c",
                "More than 4,000 soldiers guard the Velmora border line.",
            ),
            doc(
                "d",
                "Some 4,500 soldiers guard the Velmora border line now.",
            ),
            doc("e", "Officials counted 3,000 ballots in Osk."),
            doc("f", "Osk officials counted 9,500 ballots."),
        ];
        let recs = collect(&docs);
        for r in &recs {
            assert!(r.corroborated_by.is_empty(), "{r:?}");
            assert!(r.conflicts_with.is_empty(), "{r:?}");
        }
        assert_eq!(recs.len(), 6);
    }

    #[test]
    fn small_values_need_shared_words_and_own_document_is_never_listed() {
        let docs = vec![
            doc(
                "a",
                "Gunmen killed three soldiers near Osk. Later three soldiers were hurt near Osk.",
            ),
            doc("b", "In Osk, gunmen killed three soldiers in an ambush."),
            doc(
                "c",
                "A jet hit two fuel depots near the Osk harbour at dawn today.",
            ),
            doc(
                "d",
                "Rebels hit two army depots in the north, far from the sea.",
            ),
        ];
        let recs = collect(&docs);
        assert_eq!(recs.len(), 5);
        for r in &recs {
            assert!(!r.corroborated_by.contains(&r.doc));
        }
        assert_eq!(find(&recs, "b", 3.0).corroborated_by, vec!["a".to_string()]);
        // One shared verb ("hit") is not enough for a small count.
        assert!(find(&recs, "c", 2.0).corroborated_by.is_empty());
    }

    #[test]
    fn equal_percentages_need_a_shared_word() {
        let docs = vec![
            doc("a", "Inflation in Osk reached 12% in spring."),
            doc("b", "Turnout fell by 12% after the storm."),
            doc("c", "Osk inflation hit 12 percent, bankers said."),
        ];
        let recs = collect(&docs);
        assert_eq!(
            find(&recs, "a", 12.0).corroborated_by,
            vec!["c".to_string()]
        );
        assert!(find(&recs, "b", 12.0).corroborated_by.is_empty());
    }

    #[test]
    fn families_and_distinctive_values() {
        assert_eq!(family("soldiers"), "personnel");
        assert_eq!(family("troops"), "personnel");
        assert_eq!(family("ballots"), "votes");
        assert_eq!(family("USD"), "USD");
        assert_eq!(family("miles"), "mile");
        assert!(distinctive(5200.0));
        assert!(distinctive(2.5));
        assert!(!distinctive(3.0));
        assert!(!distinctive(1e12));
        assert!(!distinctive(100.0));
    }

    #[test]
    fn context_comes_from_the_sentences_layer() {
        let body = "Intro words here; 40 ships sailed at dawn; more later.";
        let mut d = doc("a", body);
        d.sentences = vec![crate::model::Sentence {
            start: 18,
            end: 41,
            text: body.chars().skip(18).take(23).collect(),
            heading: false,
        }];
        let recs = collect(&[d]);
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0].context, "40 ships sailed at dawn");
    }

    #[test]
    fn context_falls_back_to_punctuation() {
        let d = doc(
            "a",
            "First line.\nCosts rose to $1.2bn in U.S. ports. Next one.",
        );
        let recs = collect(&[d]);
        assert_eq!(recs[0].context, "Costs rose to $1.2bn in U.S. ports.");
    }
}
