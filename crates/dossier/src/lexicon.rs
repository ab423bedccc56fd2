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
    /// Speech verbs and cue words of the quotes layer ("said", "told", "according").
    quotes_verbs,
    "quotes_verbs.txt"
);
list!(
    /// Verbs that introduce reported speech without quote marks ("said that ...").
    quotes_indirect_verbs,
    "quotes_indirect_verbs.txt"
);
list!(
    /// Personal pronouns that stand for a speaker named earlier.
    quotes_pronouns,
    "quotes_pronouns.txt"
);
list!(
    /// Role nouns (`short = full` or a bare role) that stand for a person named with that role.
    quotes_roles,
    "quotes_roles.txt"
);
list!(
    /// Title words written before a name and not part of it ("president", "gen").
    quotes_titles,
    "quotes_titles.txt"
);
list!(
    /// Capitalised words that are never part of a speaker's name (sentence-initial function words, days, months).
    quotes_nonnames,
    "quotes_nonnames.txt"
);
list!(
    /// Words before a quoted Title-Cased phrase that make it a title, not a quote ("on", "show").
    quotes_title_cues,
    "quotes_title_cues.txt"
);
list!(
    /// Document nouns that are not speakers after "according to" ("statement", "report").
    quotes_sources,
    "quotes_sources.txt"
);
list!(
    /// Speech verbs that may come before their speaker ("said X").
    quotes_inversion_verbs,
    "quotes_inversion_verbs.txt"
);
list!(
    /// Adverbs and auxiliaries between a speaker and the speech verb ("also", "had").
    quotes_adverbs,
    "quotes_adverbs.txt"
);
list!(
    /// Last words of organisation names ("ministry", "council"): such a name is no person.
    quotes_org_words,
    "quotes_org_words.txt"
);
