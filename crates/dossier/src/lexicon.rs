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

// ---- figures (annotate::figures, collect::figures) ----

/// Splits a `key | value` entry; an entry without `|` maps to "".
pub fn pair(entry: &'static str) -> (&'static str, &'static str) {
    match entry.split_once('|') {
        Some((k, v)) => (k.trim(), v.trim()),
        None => (entry.trim(), ""),
    }
}

macro_rules! table {
    ($(#[$doc:meta])* $name:ident, $file:literal) => {
        $(#[$doc])*
        pub fn $name() -> &'static std::collections::HashMap<&'static str, &'static str> {
            static MAP: OnceLock<std::collections::HashMap<&'static str, &'static str>> =
                OnceLock::new();
            MAP.get_or_init(|| entries(include_str!(concat!("../data/", $file))).map(pair).collect())
        }
    };
}

table!(
    /// Cardinal number words (`three | 3`).
    figures_number_words,
    "figures_number_words.txt"
);
table!(
    /// Scale words written apart (`million | 1000000`).
    figures_scales,
    "figures_scales.txt"
);
table!(
    /// Scale suffixes glued to a number (`bn | 1000000000`, `m | 1000000 currency`).
    figures_scale_suffixes,
    "figures_scale_suffixes.txt"
);
table!(
    /// Vague plural quantities (`dozens | 24`).
    figures_vague,
    "figures_vague.txt"
);
table!(
    /// Fraction words, valued in percent (`two-thirds | 66.667`).
    figures_fractions,
    "figures_fractions.txt"
);
table!(
    /// Qualifiers before a number and their class (`more than | min`).
    figures_approx,
    "figures_approx.txt"
);
table!(
    /// Currency symbols and codes (`€ | EUR`).
    figures_currency,
    "figures_currency.txt"
);
table!(
    /// Currency names after a number (`euros | EUR`).
    figures_currency_words,
    "figures_currency_words.txt"
);
table!(
    /// Percent words (`per cent | percent`).
    figures_percent,
    "figures_percent.txt"
);
table!(
    /// Unit families for comparing figures across documents (`soldiers | personnel`).
    figures_unit_families,
    "figures_unit_families.txt"
);
list!(
    /// Unit abbreviations after a number (`km`).
    figures_unit_abbrevs,
    "figures_unit_abbrevs.txt"
);
list!(
    /// Units allowed in the singular after a value of at most 1.
    figures_singular_units,
    "figures_singular_units.txt"
);
list!(
    /// Plural count nouns without a final s.
    figures_irregular_plurals,
    "figures_irregular_plurals.txt"
);
list!(
    /// Words ending in s that are not plural nouns.
    figures_not_nouns,
    "figures_not_nouns.txt"
);
list!(
    /// Function words (lower case).
    figures_stopwords,
    "figures_stopwords.txt"
);
list!(
    /// Determiners that make a small number word a reference ("the two countries").
    figures_determiners,
    "figures_determiners.txt"
);
list!(
    /// Month names and abbreviations (lower case).
    figures_months,
    "figures_months.txt"
);
list!(
    /// Unit families whose equal values need a shared context word to corroborate.
    figures_generic_units,
    "figures_generic_units.txt"
);
