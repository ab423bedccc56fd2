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
    /// Month names, `name number [abbr]` (time layer).
    time_months,
    "time_months.txt"
);
list!(
    /// Weekday names, `name number` with Monday = 1 (time layer).
    time_weekdays,
    "time_weekdays.txt"
);
list!(
    /// Cardinal number words, `word value` (time layer).
    time_numbers,
    "time_numbers.txt"
);
list!(
    /// Ordinal words, `word value` (time layer).
    time_ordinals,
    "time_ordinals.txt"
);
list!(
    /// Words counting an unknown number of units: `several`, `few` (time layer).
    time_vague_counts,
    "time_vague_counts.txt"
);
list!(
    /// Calendar units, `singular plural code` (time layer).
    time_units,
    "time_units.txt"
);
list!(
    /// Past-tense cue words (time layer).
    time_past_cues,
    "time_past_cues.txt"
);
list!(
    /// Future cue words (time layer).
    time_future_cues,
    "time_future_cues.txt"
);
list!(
    /// Reporting verbs, a weak past cue (time layer).
    time_report_cues,
    "time_report_cues.txt"
);
list!(
    /// Words ending in -ed that are not past verbs (time layer).
    time_ed_exceptions,
    "time_ed_exceptions.txt"
);
list!(
    /// Vague temporal references, `phrase VALUE` (time layer).
    time_vague,
    "time_vague.txt"
);
list!(
    /// Frequency words, `word value` (time layer).
    time_sets,
    "time_sets.txt"
);
list!(
    /// Seasons, `word code index` (time layer).
    time_seasons,
    "time_seasons.txt"
);
list!(
    /// Parts of the day, `word code` (time layer).
    time_dayparts,
    "time_dayparts.txt"
);
list!(
    /// Function words allowed before a bare month, season, year or weekday (time layer).
    time_anchor_words,
    "time_anchor_words.txt"
);
list!(
    /// Approximators kept in a duration's span (time layer).
    time_approx,
    "time_approx.txt"
);
list!(
    /// Fixed-date holidays, `tokens... MM-DD` (time layer).
    time_holidays,
    "time_holidays.txt"
);
list!(
    /// Time-zone abbreviations, upper case (time layer).
    time_zones,
    "time_zones.txt"
);
