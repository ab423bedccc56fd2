//! Missing publication dates, inferred only from evidence and marked as inferred.
//!
//! Two kinds of evidence count:
//! - in the document itself: an absolute date (with its year) whose weekday is the weekday the
//!   text names ("on Sunday" and "January 5, 2020", a Sunday): the article was written on or
//!   after that day;
//! - in another document of the collection: the same happening dated there with its year (one
//!   article says "on January 5" without a year, another tells the same vote as 2020-01-05).
//!
//! The inferred date is a lower bound ("on or after"), given as that day with
//! `published_source: "inferred"` and the evidence in `published_evidence`. The document's
//! dates whose year was unknown (`XXXX-01-05`) then take the year that puts them on or before
//! it. Nothing is inferred without evidence: a date that cannot be known stays unknown.

use crate::model::{Document, Timex};
use crate::text::content_words;
use chrono::{Datelike, NaiveDate};
use std::collections::HashSet;

const WEEKDAYS: [(&str, chrono::Weekday); 7] = [
    ("monday", chrono::Weekday::Mon),
    ("tuesday", chrono::Weekday::Tue),
    ("wednesday", chrono::Weekday::Wed),
    ("thursday", chrono::Weekday::Thu),
    ("friday", chrono::Weekday::Fri),
    ("saturday", chrono::Weekday::Sat),
    ("sunday", chrono::Weekday::Sun),
];

fn full_date(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.get(..10)?, "%Y-%m-%d").ok()
}

/// The weekdays the document names without a date ("on Sunday").
fn named_weekdays(doc: &Document) -> HashSet<chrono::Weekday> {
    doc.timexes
        .iter()
        .filter(|t| t.value.starts_with("XXXX"))
        .flat_map(|t| {
            let lower = t.text.to_lowercase();
            WEEKDAYS
                .iter()
                .filter(move |(n, _)| lower.contains(n))
                .map(|(_, w)| *w)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The sentence around a timex.
fn sentence_of<'a>(doc: &'a Document, t: &Timex) -> &'a str {
    doc.sentences
        .iter()
        .find(|s| s.start <= t.start && t.end <= s.end)
        .map_or("", |s| s.text.as_str())
}

/// Evidence in the document itself: the latest absolute date whose weekday the text names.
fn weekday_evidence(doc: &Document) -> Option<(NaiveDate, String)> {
    let days = named_weekdays(doc);
    doc.timexes
        .iter()
        .filter(|t| t.kind == "DATE")
        .filter_map(|t| full_date(&t.value).map(|d| (d, t)))
        .filter(|(d, _)| days.contains(&d.weekday()))
        .max_by_key(|(d, _)| *d)
        .map(|(d, t)| {
            (
                d,
                format!(
                    "the text names a {} and dates “{}” {}, which is one",
                    d.format("%A"),
                    t.text,
                    d.format("%Y-%m-%d")
                ),
            )
        })
}

/// Evidence in other documents: the same happening, with its month and day, dated with a year.
fn cross_evidence(doc: &Document, others: &[&Document]) -> Option<(NaiveDate, String)> {
    let mut best: Option<(NaiveDate, String)> = None;
    for t in doc
        .timexes
        .iter()
        .filter(|t| t.value.len() == 10 && t.value.starts_with("XXXX-"))
    {
        let month_day = &t.value[4..];
        let mine: HashSet<String> = content_words(sentence_of(doc, t)).into_iter().collect();
        for o in others {
            for u in o
                .timexes
                .iter()
                .filter(|u| !u.value.starts_with('X') && u.value.get(4..10) == Some(month_day))
            {
                let Some(date) = full_date(&u.value) else {
                    continue;
                };
                let theirs: HashSet<String> =
                    content_words(sentence_of(o, u)).into_iter().collect();
                let shared = mine.intersection(&theirs).count();
                if shared < 3 || shared * 4 < mine.len().min(theirs.len()) {
                    continue;
                }
                if best.as_ref().is_none_or(|(b, _)| date > *b) {
                    best = Some((
                        date,
                        format!(
                            "“{}” is dated {} in {} (“{}”)",
                            t.text, u.value, o.id, u.text
                        ),
                    ));
                }
            }
        }
    }
    best
}

/// Gives a year to the dates of `doc` whose year was unknown, the latest that is on or before
/// `bound`.
fn fill_years(doc: &mut Document, bound: NaiveDate) {
    for t in doc.timexes.iter_mut() {
        let Some(rest) = t.value.strip_prefix("XXXX-") else {
            continue;
        };
        let parts: Vec<&str> = rest.split('-').collect();
        let month: Option<u32> = parts.first().and_then(|m| m.parse().ok());
        let day: Option<u32> = parts.get(1).and_then(|d| d.parse().ok());
        let Some(month) = month else { continue };
        let mut year = bound.year();
        let fits = |y: i32| match day {
            Some(d) => NaiveDate::from_ymd_opt(y, month, d).is_some_and(|x| x <= bound),
            None => (y, month) <= (bound.year(), bound.month()),
        };
        if !fits(year) {
            year -= 1;
        }
        if fits(year) {
            t.value = format!("{year:04}-{rest}");
        }
    }
}

/// Infers the publication dates a collection's documents lack, where evidence allows.
pub fn infer(docs: &mut [Document]) {
    let mut found: Vec<(usize, NaiveDate, String)> = Vec::new();
    {
        let dated: Vec<&Document> = docs.iter().collect();
        for (i, d) in docs.iter().enumerate() {
            if d.published.is_some() {
                continue;
            }
            let others: Vec<&Document> = dated.iter().copied().filter(|o| o.id != d.id).collect();
            let ev = weekday_evidence(d).or_else(|| cross_evidence(d, &others));
            if let Some((date, why)) = ev {
                found.push((i, date, why));
            }
        }
    }
    for (i, date, why) in found {
        let d = &mut docs[i];
        d.published = Some(date.format("%Y-%m-%d").to_string());
        d.published_source = Some("inferred".into());
        d.published_evidence = Some(format!(
            "published on or after {}: {why}",
            date.format("%Y-%m-%d")
        ));
        fill_years(d, date);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate;

    fn doc(id: &str, body: &str, published: Option<&str>) -> Document {
        let mut d = Document::from_text(id, body);
        d.published = published.map(String::from);
        annotate::annotate(&mut d);
        d
    }

    #[test]
    fn a_weekday_that_agrees_with_a_full_date_dates_the_article() {
        // 2025-03-02 was a Sunday.
        let mut docs = vec![doc(
            "a",
            "The ferry pier collapsed on Sunday. Engineers inspected it on March 2, 2025, and closed the harbour.",
            None,
        )];
        infer(&mut docs);
        assert_eq!(docs[0].published.as_deref(), Some("2025-03-02"));
        assert_eq!(docs[0].published_source.as_deref(), Some("inferred"));
        assert!(
            docs[0]
                .published_evidence
                .as_deref()
                .unwrap()
                .contains("Sunday")
        );
    }

    #[test]
    fn a_weekday_that_disagrees_proves_nothing() {
        // 2025-03-03 was a Monday.
        let mut docs = vec![doc(
            "a",
            "The ferry pier collapsed on Sunday. Engineers inspected it on March 3, 2025, and closed the harbour.",
            None,
        )];
        infer(&mut docs);
        assert_eq!(docs[0].published, None);
    }

    #[test]
    fn the_same_happening_dated_elsewhere_gives_the_year() {
        let mut docs = vec![
            doc(
                "a",
                "On March 2 the council of Brenmoor voted to close the old mill road for the summer.",
                None,
            ),
            doc(
                "b",
                "The council of Brenmoor voted on March 2 to close the old mill road for the summer months.",
                Some("2025-03-04"),
            ),
            doc(
                "c",
                "On March 2 a comet was seen over the northern sea by fishermen.",
                None,
            ),
        ];
        infer(&mut docs);
        assert_eq!(docs[0].published.as_deref(), Some("2025-03-02"));
        assert!(docs[0].timexes.iter().any(|t| t.value == "2025-03-02"));
        assert_eq!(docs[2].published, None, "no shared happening, no inference");
        assert!(docs[2].timexes.iter().any(|t| t.value == "XXXX-03-02"));
    }
}
