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
    /// Lines that are page furniture when they stand alone (lower case).
    junk_lines,
    "clean_junk_lines.txt"
);

/// Regular expressions (case-insensitive) that mark a short line as page furniture.
pub fn junk_patterns() -> &'static regex::RegexSet {
    static SET: OnceLock<regex::RegexSet> = OnceLock::new();
    SET.get_or_init(|| {
        let pats: Vec<String> = entries(include_str!("../data/clean_junk_patterns.txt"))
            .map(|p| format!("(?i){p}"))
            .collect();
        regex::RegexSet::new(pats)
            .expect("data/clean_junk_patterns.txt: a pattern does not compile")
    })
}

list!(
    /// Abbreviated titles that always stand before a name (lower case, no final dot).
    sentence_titles,
    "sentence_titles.txt"
);

list!(
    /// Words that often begin a sentence (lower case).
    sentence_starters,
    "sentence_starters.txt"
);
