//! Render: a briefing as JSON, Markdown or one self-contained HTML file.

pub mod html;
pub mod markdown;

use crate::model::Briefing;

/// The briefing as pretty JSON.
pub fn json(b: &Briefing) -> String {
    serde_json::to_string_pretty(b).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// What to call a document that has no title: the first words of its text ("Perhaps the
/// sweetest revenge …"), else its id.
pub(crate) fn untitled_name(d: &crate::model::Document) -> String {
    let first = d
        .sentences
        .iter()
        .find(|s| !s.heading)
        .map(|s| s.text.as_str())
        .unwrap_or(d.body.as_str());
    let words: Vec<&str> = first.split_whitespace().take(8).collect();
    if words.is_empty() {
        return d.id.clone();
    }
    let more = first.split_whitespace().count() > words.len();
    format!("{}{}", words.join(" "), if more { " …" } else { "" })
}

/// How a duplicate pair is named, and how much it shares: ("Near copies", " (87% shared)").
/// The kind is raw text (a later reader may add kinds): callers escape it for their format.
pub(crate) fn duplicate_labels(d: &crate::model::Duplicate) -> (String, String) {
    let kind = match d.kind.as_str() {
        "exact" => "Exact copies".to_string(),
        "near" => "Near copies".to_string(),
        k => html::one_line(k),
    };
    let sim = if d.similarity.is_finite() {
        format!(" ({:.0}% shared)", (d.similarity * 100.0).clamp(0.0, 100.0))
    } else {
        String::new()
    };
    (kind, sim)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;

    #[test]
    fn an_untitled_document_is_called_by_its_first_words() {
        let d = Document {
            id: "x1".into(),
            body: "The ferry between Port Aldren and Lindqvist Island sailed again on Monday."
                .into(),
            ..Default::default()
        };
        assert_eq!(
            untitled_name(&d),
            "The ferry between Port Aldren and Lindqvist Island …"
        );
        let empty = Document {
            id: "x2".into(),
            ..Default::default()
        };
        assert_eq!(untitled_name(&empty), "x2");
    }
}
