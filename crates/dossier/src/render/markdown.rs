//! The briefing as Markdown.
use crate::model::Briefing;
pub fn render(b: &Briefing) -> String {
    let _ = b;
    String::new()
}
