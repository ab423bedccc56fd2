//! Word lists and gazetteers: data files under `crates/dossier/data/`, loaded here and only
//! here. A list is one entry a line; `#` starts a comment.

use std::collections::HashSet;
use std::sync::OnceLock;

/// The entries of a list file: trimmed, non-empty, comments dropped.
pub fn entries(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
}

macro_rules! list {
    ($(#[$doc:meta])* $name:ident, $file:literal) => {
        $(#[$doc])*
        pub fn $name() -> &'static HashSet<&'static str> {
            static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
            SET.get_or_init(|| entries(include_str!(concat!("../data/", $file))).collect())
        }
    };
}

list!(
    /// Abbreviations that a full stop does not end a sentence after (lower case, no final dot).
    abbreviations,
    "abbreviations.txt"
);

list!(
    /// HTML class/id tokens that mark boilerplate (navigation, ads, comments, share bars...).
    html_junk_hints,
    "html_junk_hints.txt"
);

list!(
    /// HTML class/id tokens that mark the article text container.
    html_good_hints,
    "html_good_hints.txt"
);

list!(
    /// HTML class/id tokens that mark boilerplate only when no article hint is present too.
    html_weak_hints,
    "html_weak_hints.txt"
);

list!(
    /// Whole paragraphs of page furniture ("advertisement", "read more"), lower case.
    html_boilerplate_lines,
    "html_boilerplate_lines.txt"
);

list!(
    /// Phrases marking a short promo/housekeeping paragraph at an article's start or end.
    html_promo_phrases,
    "html_promo_phrases.txt"
);
