//! Dated events on one timeline: the sentences a date anchors, the same happening told by
//! several documents joined.

use crate::model::{Document, Event, SpanRef};
use std::collections::HashSet;

/// A TIMEX3 value that places something on a calendar: a year, month, day or week, possibly
/// with an unknown year (`XXXX-01-05`); not a duration, set or vague reference.
pub fn is_calendar_value(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() < 4 || !(b[..4].iter().all(u8::is_ascii_digit) || &v[..4] == "XXXX") {
        return false;
    }
    // "XXXX" alone or a decade ("199") says too little.
    v.len() > 4 || v != "XXXX"
}

fn content_words(s: &str) -> HashSet<String> {
    crate::text::content_words(s).into_iter().collect()
}

/// The events of a collection, in date order (unknown years after the known ones).
pub fn collect(docs: &[Document]) -> Vec<Event> {
    let mut events: Vec<(Event, HashSet<String>)> = Vec::new();
    for d in docs {
        for t in d
            .timexes
            .iter()
            .filter(|t| (t.kind == "DATE" || t.kind == "TIME") && is_calendar_value(&t.value))
        {
            let Some(s) = d
                .sentences
                .iter()
                .find(|s| s.start <= t.start && t.end <= s.end)
            else {
                continue;
            };
            if s.heading {
                continue;
            }
            let date = t.value.split('T').next().unwrap_or(&t.value).to_string();
            let words = content_words(&s.text);
            events.push((
                Event {
                    date,
                    doc: d.id.clone(),
                    anchor: t.text.clone(),
                    start: t.start,
                    end: t.end,
                    sentence: s.text.clone(),
                    sentence_start: s.start,
                    sentence_end: s.end,
                    also_in: Vec::new(),
                },
                words,
            ));
        }
    }
    // The same happening: same date, other document, sentences sharing enough content words.
    for i in 0..events.len() {
        for j in 0..events.len() {
            if i == j || events[i].0.doc == events[j].0.doc || events[i].0.date != events[j].0.date
            {
                continue;
            }
            let (a, b) = (&events[i].1, &events[j].1);
            let shared = a.intersection(b).count();
            let smaller = a.len().min(b.len()).max(1);
            if shared >= 3 && shared * 10 >= smaller * 3 {
                let r = SpanRef {
                    doc: events[j].0.doc.clone(),
                    start: events[j].0.sentence_start,
                    end: events[j].0.sentence_end,
                };
                events[i].0.also_in.push(r);
            }
        }
    }
    let mut out: Vec<Event> = events.into_iter().map(|(e, _)| e).collect();
    out.sort_by(|a, b| {
        let ka = (
            a.date.starts_with('X'),
            a.date.trim_start_matches('X').to_string(),
        );
        let kb = (
            b.date.starts_with('X'),
            b.date.trim_start_matches('X').to_string(),
        );
        ka.cmp(&kb)
            .then(a.doc.cmp(&b.doc))
            .then(a.start.cmp(&b.start))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Sentence, Timex};

    fn doc(id: &str, sentence: &str, anchor: &str, value: &str) -> Document {
        let start = sentence.find(anchor).unwrap();
        Document {
            id: id.into(),
            body: sentence.into(),
            sentences: vec![Sentence {
                start: 0,
                end: sentence.chars().count(),
                text: sentence.into(),
                heading: false,
            }],
            timexes: vec![Timex {
                start,
                end: start + anchor.len(),
                text: anchor.into(),
                kind: "DATE".into(),
                value: value.into(),
            }],
            ..Default::default()
        }
    }

    #[test]
    fn events_are_ordered_and_joined_across_documents() {
        let docs = vec![
            doc(
                "a",
                "On March 3 the council of Brenmoor closed the mill road.",
                "March 3",
                "2025-03-03",
            ),
            doc(
                "b",
                "The Brenmoor council closed the mill road on March 3 after a vote.",
                "March 3",
                "2025-03-03",
            ),
            doc(
                "c",
                "On May 5 the ferry sank near Lindqvist Island.",
                "May 5",
                "XXXX-05-05",
            ),
            doc("d", "In 2019 the bridge opened.", "2019", "2019"),
        ];
        let e = collect(&docs);
        assert_eq!(
            e.iter().map(|x| x.date.as_str()).collect::<Vec<_>>(),
            vec!["2019", "2025-03-03", "2025-03-03", "XXXX-05-05"]
        );
        assert_eq!(e[1].also_in.len(), 1);
        assert_eq!(e[1].also_in[0].doc, "b");
        assert!(e[0].also_in.is_empty());
    }

    #[test]
    fn durations_and_vague_references_are_no_events() {
        assert!(!is_calendar_value("P2Y"));
        assert!(!is_calendar_value("PRESENT_REF"));
        assert!(is_calendar_value("XXXX-01-05"));
        assert!(is_calendar_value("2024-W08"));
    }
}
