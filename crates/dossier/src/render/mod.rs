//! Render: a briefing as JSON, Markdown or one self-contained HTML file.

pub mod html;
pub mod markdown;

use crate::model::Briefing;

/// The briefing as pretty JSON.
pub fn json(b: &Briefing) -> String {
    serde_json::to_string_pretty(b).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
