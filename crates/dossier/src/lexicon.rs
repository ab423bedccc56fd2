//! Word lists and gazetteers: data files under `crates/dossier/data/`, loaded here and only
//! here. A list is one entry a line; `#` starts a comment.

use std::sync::OnceLock;

/// The hash set every word list is: FxHash (fast on short keys; the keys are our own data,
/// not attacker-chosen).
pub type HashSet<T> = std::collections::HashSet<T, rustc_hash::FxBuildHasher>;
/// The hash map every table is (FxHash, like [`HashSet`]).
pub type HashMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;

/// The entries of a list file: trimmed, non-empty, comments dropped.
pub fn entries(src: &'static str) -> impl Iterator<Item = &'static str> {
    // (Lines are short: a plain scan for the end of the entry beats a call to memchr.)
    let mut rest = src;
    std::iter::from_fn(move || {
        while !rest.is_empty() {
            let bytes = rest.as_bytes();
            let end = bytes
                .iter()
                .position(|&b| b == b'\n')
                .unwrap_or(bytes.len());
            let cut = bytes[..end].iter().position(|&b| b == b'#').unwrap_or(end);
            // (Both are ASCII: char boundaries.)
            let entry = rest[..cut].trim();
            rest = rest.get(end + 1..).unwrap_or("");
            if !entry.is_empty() {
                return Some(entry);
            }
        }
        None
    })
}

/// The number of lines of a list file: room enough for its entries, so that a table of them
/// is built without growing.
fn lines_in(src: &str) -> usize {
    src.bytes().filter(|&b| b == b'\n').count() + 1
}

/// A set of the entries of a list file.
fn entry_set(src: &'static str) -> HashSet<&'static str> {
    let mut set = HashSet::with_capacity_and_hasher(lines_in(src), Default::default());
    set.extend(entries(src));
    set
}

macro_rules! list {
    ($(#[$doc:meta])* $name:ident, $file:literal) => {
        $(#[$doc])*
        pub fn $name() -> &'static HashSet<&'static str> {
            static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
            SET.get_or_init(|| entry_set(include_str!(concat!("../data/", $file))))
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

/// The junk patterns (`data/clean_junk_patterns.txt`, case-insensitive): lines that match any
/// of them are page furniture. Built as two regexes of many patterns each (what
/// `regex::RegexSet` builds, without the literal prefilter, which cost more than half of the
/// build): the patterns anchored at the start of the line, searched only there (a line that
/// does not begin like one of them is given up after a few bytes); and the others, run only on
/// a line with one of the words every match of one of them has
/// (`data/clean_junk_pattern_words.txt`), and built the first time one is needed. With
/// `ascii_classes`, `\d`, `\s` and `\S` are ASCII only: cheaper, and the same on text without
/// a digit or a space beyond ASCII.
pub struct JunkPatterns {
    ascii_classes: bool,
    /// The patterns that begin with `^`.
    anchored: regex_automata::meta::Regex,
    /// The others.
    floating: OnceLock<regex_automata::meta::Regex>,
}

impl JunkPatterns {
    fn new(ascii_classes: bool) -> Self {
        JunkPatterns {
            ascii_classes,
            anchored: junk_regex(junk_pattern_sources(ascii_classes, true)),
            floating: OnceLock::new(),
        }
    }

    /// Whether any of the patterns matches `line`. (It lower-cases the line: a caller that
    /// has its lower case already calls [`JunkPatterns::is_match_lower`].)
    pub fn is_match(&self, line: &str) -> bool {
        self.is_match_lower(line, &line.to_lowercase())
    }

    /// [`JunkPatterns::is_match`], given the lower case of `line` (what `to_lowercase` or
    /// `to_ascii_lowercase` makes of it), in which the words are looked for.
    pub fn is_match_lower(&self, line: &str, lower: &str) -> bool {
        use regex_automata::{Anchored, Input};
        if self
            .anchored
            .is_match(Input::new(line).anchored(Anchored::Yes))
        {
            return true;
        }
        junk_pattern_words_in(line, lower)
            && self
                .floating
                .get_or_init(|| junk_regex(junk_pattern_sources(self.ascii_classes, false)))
                .is_match(line)
    }
}

/// The junk patterns as compiled: case-insensitive, `\b` on ASCII words, and (with
/// `ascii_classes`) ASCII `\d`, `\s` and `\S`; those anchored at the start of the line
/// (`anchored`) or the others.
fn junk_pattern_sources(ascii_classes: bool, anchored: bool) -> Vec<String> {
    entries(include_str!("../data/clean_junk_patterns.txt"))
        .filter(|p| p.starts_with('^') == anchored)
        .map(|p| {
            let mut p = p.replace(r"\b", r"(?-u:\b)");
            // (Only where no backslash is escaped, so every `\d` is the class.)
            if ascii_classes && !p.contains(r"\\") {
                p = p
                    .replace(r"\d", "[0-9]")
                    .replace(r"\s", r"[\t\n\x0B\x0C\r ]")
                    .replace(r"\S", r"[^\t\n\x0B\x0C\r ]");
            }
            format!("(?i){p}")
        })
        .collect()
}

/// One regex that matches where any of `patterns` does.
fn junk_regex(patterns: Vec<String>) -> regex_automata::meta::Regex {
    regex_automata::meta::Regex::builder()
        .configure(
            regex_automata::meta::Config::new()
                .match_kind(regex_automata::MatchKind::All)
                .which_captures(regex_automata::nfa::thompson::WhichCaptures::None)
                .auto_prefilter(false)
                // (No one-pass DFA: it would serve only where the lazy DFA fails, which the
                // bounded backtracker does well enough on lines this short.)
                .onepass(false),
        )
        .build_many(&patterns)
        .expect("data/clean_junk_patterns.txt: a pattern does not compile")
}

/// Whether `line`, whose lower case is `lower`, may match a junk pattern not anchored at the
/// start: it has one of the words (`data/clean_junk_pattern_words.txt`, in lower case) that
/// every match of such a pattern has, in any ASCII case (so `lower` has it: both lower cases
/// make an ASCII capital its small letter and keep every other ASCII char), or a char that the
/// case-insensitive patterns take for an ASCII letter (the long s `ſ` for `s`, the Kelvin sign
/// for `k`), with which such a word may be written.
fn junk_pattern_words_in(line: &str, lower: &str) -> bool {
    static WORDS: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    WORDS
        .get_or_init(|| {
            // (Leftmost-first, with which a packed SIMD searcher is used: whether there is a
            // match is the same for every match kind.)
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                .build(entries(include_str!(
                    "../data/clean_junk_pattern_words.txt"
                )))
                .expect("data/clean_junk_pattern_words.txt")
        })
        .is_match(lower)
        || (!line.is_ascii() && line.contains(JUNK_ASCII_LETTER_FOLDS))
}

/// The chars beyond ASCII that a case-insensitive pattern's ASCII letter matches.
const JUNK_ASCII_LETTER_FOLDS: [char; 2] = ['\u{017F}', '\u{212A}'];

/// The junk patterns as one [`JunkPatterns`] (see there for `ascii_classes`).
pub fn junk_patterns(ascii_classes: bool) -> &'static JunkPatterns {
    static ASCII: OnceLock<JunkPatterns> = OnceLock::new();
    static UNICODE: OnceLock<JunkPatterns> = OnceLock::new();
    if ascii_classes {
        ASCII.get_or_init(|| JunkPatterns::new(true))
    } else {
        UNICODE.get_or_init(|| JunkPatterns::new(false))
    }
}

#[cfg(test)]
mod junk_tests {
    use super::*;

    /// The junk patterns as they were built before they were split: one regex of all of them.
    fn all_in_one(ascii_classes: bool) -> regex_automata::meta::Regex {
        let mut pats = junk_pattern_sources(ascii_classes, true);
        pats.extend(junk_pattern_sources(ascii_classes, false));
        junk_regex(pats)
    }

    #[test]
    fn the_patterns_that_begin_with_a_caret_match_only_at_the_start() {
        for ascii_classes in [true, false] {
            let anchored = junk_pattern_sources(ascii_classes, true);
            assert!(anchored.len() > 10);
            let nfa = regex_automata::nfa::thompson::NFA::new_many(&anchored).expect("nfa");
            assert!(nfa.is_always_start_anchored());
            // Each of the others has one of the words.
            let words: Vec<&str> =
                entries(include_str!("../data/clean_junk_pattern_words.txt")).collect();
            assert!(words.iter().all(|w| w.to_lowercase() == *w));
            for p in junk_pattern_sources(ascii_classes, false) {
                let plain = p.to_lowercase().replace(r"\(", "(").replace(r"\)", ")");
                assert!(words.iter().any(|w| plain.contains(w)), "{p}");
            }
        }
    }

    #[test]
    fn only_the_long_s_and_the_kelvin_sign_fold_onto_ascii_letters() {
        let beyond: String = ('\u{80}'..=char::MAX).collect();
        let re = regex::Regex::new("(?i)[a-z]").expect("regex");
        let found: Vec<char> = re
            .find_iter(&beyond)
            .flat_map(|m| m.as_str().chars())
            .collect();
        assert_eq!(found, JUNK_ASCII_LETTER_FOLDS);
    }

    /// Lines made of pieces of the patterns and of prose, in mixed case, with chars that fold
    /// or stand for digits and spaces: the split patterns answer as the single regex does.
    #[test]
    fn the_split_patterns_answer_as_all_in_one() {
        let pieces = [
            "read more",
            "Read More:",
            "share",
            "SHARE this story on",
            "ſhare it with",
            "Share this article via",
            "liked the story",
            "social media",
            "ſocial media!",
            "our site uses cookies",
            "we use cookies",
            "cookie policy",
            "Accept all cookies",
            "by continuing to use this site",
            "by using our website",
            "©",
            "© 2024",
            "(c) 2019",
            "(C)2020",
            "copyright",
            "all rights reserved",
            "use of materials is prohibited",
            "use of the material",
            "allowed",
            "hyperlink to",
            "active link to",
            "Active linK to",
            "subscribe to our newsletter",
            "newsletter",
            "sign up",
            "inbox",
            "photo:",
            "Photo credit:",
            "getty images",
            "Getty Images",
            "AFP via Getty",
            "shutterstock",
            "iStock",
            "Reuters/",
            "AP Photo",
            "img_2041.jpg",
            "IMG-77",
            "unnamed (3).png",
            "photo_gallery_item",
            "views: 1,204",
            "12k shares",
            "advertisement",
            "tags:",
            "updated:",
            "click here",
            "follow us",
            "like us",
            "what are you looking for",
            "you have reached your limit",
            "story continues below",
            "scroll down to continue",
            "The ferry sailed",
            "at noon",
            "on Monday",
            "with 40 passengers",
            "and the",
            "share prices fell",
            "the site of the old mill",
            "material evidence",
            "links",
            "١٢٠٤",
            "\u{2003}",
            "2025",
            "1.2k",
            "-",
            ":",
            "|",
            "»",
            "/",
            "(",
            ")",
            ".",
            ",",
            "\u{212A}",
            "ſ",
            "é",
            "“Quoted”",
            "—",
        ];
        let (ascii, unicode) = (all_in_one(true), all_in_one(false));
        let mut rng = crate::test_rng::Rng::new(0x2545_f491_4f6c_dd1d);
        let mut next = |n: usize| rng.below(n);
        let mut matched = 0;
        for _ in 0..20_000 {
            let mut line = String::new();
            for k in 0..1 + next(6) {
                if k > 0 && next(4) != 0 {
                    line.push(' ');
                }
                let piece = pieces[next(pieces.len())];
                match next(3) {
                    0 => line.push_str(&piece.to_uppercase()),
                    1 => line.push_str(&piece.to_lowercase()),
                    _ => line.push_str(piece),
                }
            }
            for (ascii_classes, old) in [(true, &ascii), (false, &unicode)] {
                let want = old.is_match(line.as_str());
                let new = junk_patterns(ascii_classes);
                assert_eq!(new.is_match(&line), want, "{line:?}");
                if line.is_ascii() {
                    let lower = line.to_ascii_lowercase();
                    assert_eq!(new.is_match_lower(&line, &lower), want, "{line:?}");
                }
                matched += usize::from(want);
            }
        }
        // Both answers are well represented.
        assert!(matched > 5_000 && matched < 35_000, "{matched}");
    }
}

list!(
    /// English function words: frequent in a sample of English text (lower case).
    clean_english_words,
    "clean_english_words.txt"
);

list!(
    /// Function words of other Latin-script languages that English hardly has (lower case).
    clean_foreign_words,
    "clean_foreign_words.txt"
);

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

/// The key a name is looked up by: quotes and dashes folded, lower case, except that an
/// all-capitals form (an acronym: "US", "IS") keeps its case so it never matches a word.
pub fn name_key(s: &str) -> String {
    if s.is_ascii() {
        // The same, byte by byte: only '`' folds, and ASCII lower-casing is byte-wise.
        let (mut letters, mut seen) = (0usize, 0u8);
        for b in s.bytes() {
            let class = KEY_CLASS[usize::from(b)];
            seen |= class;
            letters += usize::from(class & (KEY_LOWER | KEY_UPPER) != 0);
        }
        let keep_case = letters >= 2 && seen & KEY_LOWER == 0;
        let mut out = s.to_owned();
        if !keep_case {
            out.make_ascii_lowercase();
        }
        if seen & KEY_TICK != 0 {
            out = out.replace('`', "'");
        }
        return out;
    }
    name_key_of_chars(s)
}

/// [`name_key`] char by char, for any text.
fn name_key_of_chars(s: &str) -> String {
    let folded: String = s
        .chars()
        .map(|c| match c {
            '’' | '‘' | '`' => '\'',
            '\u{2010}'..='\u{2015}' => '-',
            c => c,
        })
        .collect();
    // At least two letters, all capitals (counted without collecting them).
    let (mut letters, mut all_upper) = (0usize, true);
    for c in folded.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        all_upper &= c.is_uppercase();
    }
    if letters >= 2 && all_upper {
        folded
    } else {
        folded.to_lowercase()
    }
}

/// [`KEY_CLASS`]: an ASCII lower-case letter.
const KEY_LOWER: u8 = 1;
/// [`KEY_CLASS`]: an ASCII capital.
const KEY_UPPER: u8 = 2;
/// [`KEY_CLASS`]: '`', folded to '\''.
const KEY_TICK: u8 = 4;

/// What each ASCII byte is to a name key (0: nothing of note).
static KEY_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_lowercase() {
            KEY_LOWER
        } else if c.is_ascii_uppercase() {
            KEY_UPPER
        } else if c == b'`' {
            KEY_TICK
        } else {
            0
        };
        b += 1;
    }
    t
};

/// `f` of the name key of `s` ([`name_key`]), without allocating when `s` is ASCII.
pub fn with_name_key<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    thread_local! {
        static BUF: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    if s.is_ascii() {
        // What the bytes are, one table look-up each.
        let (mut letters, mut seen) = (0usize, 0u8);
        for b in s.bytes() {
            let class = KEY_CLASS[usize::from(b)];
            seen |= class;
            letters += usize::from(class & (KEY_LOWER | KEY_UPPER) != 0);
        }
        let (lower, upper, tick) = (
            seen & KEY_LOWER != 0,
            seen & KEY_UPPER != 0,
            seen & KEY_TICK != 0,
        );
        let keep_case = letters >= 2 && !lower;
        if !tick {
            if keep_case || !upper {
                // The key is the text itself.
                return f(s);
            }
            // Lower case, in a buffer kept by the thread (a nested call builds its own).
            return BUF.with(|b| match b.try_borrow_mut() {
                Ok(mut buf) => {
                    buf.clear();
                    buf.push_str(s);
                    buf.make_ascii_lowercase();
                    f(&buf)
                }
                Err(_) => f(&name_key(s)),
            });
        }
    }
    f(&name_key(s))
}

/// One step of the hash of a lower-case key read byte by byte (see [`key_prefixes`]).
#[inline]
pub fn prefix_step(h: u64, b: u8) -> u64 {
    (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// The hash of `s` folded as an ASCII name key and lower-cased ('`' read as '\''), or
/// `None` when `s` is not ASCII.
#[inline]
pub fn ascii_key_hash(s: &str) -> Option<u64> {
    // One pass: the hash, and whether any byte is not ASCII.
    let (mut h, mut any) = (0, 0u8);
    for b in s.bytes() {
        any |= b;
        h = prefix_step(h, key_fold(b));
    }
    any.is_ascii().then_some(h)
}

/// An ASCII byte as a lower-case name key has it ('`' read as '\'', capitals lower-cased);
/// other bytes as they are.
#[inline]
pub fn key_fold(b: u8) -> u8 {
    static FOLD: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            t[b] = if c == b'`' {
                b'\''
            } else {
                c.to_ascii_lowercase()
            };
            b += 1;
        }
        t
    };
    FOLD[usize::from(b)]
}

/// Hashes ([`prefix_step`] from 0) of every prefix, at a char boundary, of every gazetteer
/// name key and title key, in lower case. A name key of ASCII text whose lower case hashes
/// to none of them is neither a gazetteer name nor a title, nor the start of one (a cheap
/// test before building keys; collisions only let more through).
pub fn key_prefixes() -> &'static HashSet<u64> {
    static S: OnceLock<HashSet<u64>> = OnceLock::new();
    S.get_or_init(|| {
        let (names, titles) = (&gazetteer().names, &titles().0);
        let keys = || names.keys().chain(titles.iter());
        // (Room for as many prefixes as half the bytes of the keys: most prefixes are shared,
        // and a set built without growing is built the faster.)
        let mut set = HashSet::with_capacity_and_hasher(
            keys().map(String::len).sum::<usize>() / 2,
            Default::default(),
        );
        for k in keys() {
            let mut h = 0;
            if k.is_ascii() {
                // (Every byte ends a char.)
                for b in k.bytes() {
                    h = prefix_step(h, b.to_ascii_lowercase());
                    set.insert(h);
                }
                continue;
            }
            let l = k.to_lowercase();
            for (i, b) in l.bytes().enumerate() {
                h = prefix_step(h, b);
                if l.is_char_boundary(i + 1) {
                    set.insert(h);
                }
            }
        }
        set
    })
}

/// Hashes ([`ascii_key_hash`]) of every gazetteer name key in lower case: an ASCII text
/// whose hash is none of them is no gazetteer name (sparser than [`key_prefixes`], so fewer
/// texts get past it; collisions only let more through).
pub fn gazetteer_key_hashes() -> &'static HashSet<u64> {
    static S: OnceLock<HashSet<u64>> = OnceLock::new();
    S.get_or_init(|| {
        // (Only an ASCII key is the key of an ASCII text.)
        let names = &gazetteer().names;
        let mut set = HashSet::with_capacity_and_hasher(names.len(), Default::default());
        set.extend(names.keys().filter(|k| k.is_ascii()).map(|k| {
            k.bytes()
                .fold(0, |h, b| prefix_step(h, b.to_ascii_lowercase()))
        }));
        set
    })
}

/// Entries of an alias file: each line `Canonical|alias|alias`.
fn alias_lines(src: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    entries(src).map(|l| {
        l.split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .collect()
    })
}

/// Named things known in advance: countries, places, locations, peoples, organisations.
pub struct Gazetteer {
    /// Name key → (type, canonical name).
    pub names: HashMap<String, (crate::model::EntityType, &'static str)>,
    /// The longest entry, in words.
    pub max_words: usize,
    /// A people's canonical name → its country's canonical name ("Iranian" → "Iran").
    pub country_of_people: HashMap<&'static str, &'static str>,
}

/// The gazetteer (data/ner_countries, ner_places, ner_locations, ner_norp, ner_orgs).
pub fn gazetteer() -> &'static Gazetteer {
    use crate::model::EntityType as T;
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        let mut max_words = 1;
        let files: [(&'static str, T); 5] = [
            (include_str!("../data/ner_norp.txt"), T::Norp),
            (include_str!("../data/ner_locations.txt"), T::Loc),
            (include_str!("../data/ner_places.txt"), T::Gpe),
            (include_str!("../data/ner_countries.txt"), T::Gpe),
            (include_str!("../data/ner_orgs.txt"), T::Org),
        ];
        // (Room for every name: a line has one more than it has '|'.)
        let room = files
            .iter()
            .map(|(src, _)| src.bytes().filter(|&b| b == b'\n' || b == b'|').count() + 1)
            .sum();
        let mut names = HashMap::with_capacity_and_hasher(room, Default::default());
        for (src, t) in files {
            for line in entries(src) {
                let mut aliases = line.split('|').map(str::trim).filter(|a| !a.is_empty());
                let Some(canon) = aliases.next() else {
                    continue;
                };
                for a in std::iter::once(canon).chain(aliases) {
                    max_words = max_words.max(a.split_whitespace().count());
                    names.insert(name_key(a), (t, canon));
                }
            }
        }
        // A people's name goes with the country whose name it extends ("Iraq" → "Iraqi").
        // The countries' names of one word (those a people's name may extend), in lower case
        // with their length in chars, by first char, in the order of the file (computed once).
        let mut by_first: HashMap<char, Vec<(&'static str, String, usize)>> = HashMap::default();
        for c in alias_lines(include_str!("../data/ner_countries.txt")) {
            let Some(&canon) = c.first() else { continue };
            for name in c.into_iter().filter(|name| !name.contains(' ')) {
                let n = name.to_lowercase();
                if let Some(first) = n.chars().next() {
                    let len = n.chars().count();
                    by_first.entry(first).or_default().push((canon, n, len));
                }
            }
        }
        let mut country_of_people = HashMap::default();
        for line in entries(include_str!("../data/ner_norp.txt")) {
            let Some(people) = line.split('|').map(str::trim).find(|a| !a.is_empty()) else {
                continue;
            };
            let p = people.to_lowercase();
            // (A name that does not start as the people's name has nothing in common with it;
            // the first country in the file with a name that fits wins.)
            let Some(names) = p.chars().next().and_then(|f| by_first.get(&f)) else {
                continue;
            };
            let best = names.iter().find(|(_, n, n_len)| {
                let common = p.chars().zip(n.chars()).take_while(|(a, b)| a == b).count();
                common >= 4 && common * 5 >= n_len * 3
            });
            if let Some((c, _, _)) = best {
                country_of_people.insert(people, *c);
            }
        }
        Gazetteer {
            names,
            max_words,
            country_of_people,
        }
    })
}

/// Lower-case phrase set of a list file, and its longest entry in words.
fn phrase_set(src: &'static str) -> (HashSet<String>, usize) {
    let mut set = HashSet::with_capacity_and_hasher(lines_in(src), Default::default());
    set.extend(entries(src).map(name_key));
    let max = set
        .iter()
        .map(|s| s.split_whitespace().count())
        .max()
        .unwrap_or(1);
    (set, max)
}

/// Titles and roles that stand before a person's name ("Secretary of State", "Gen."), as
/// name keys, with the longest in words.
pub fn titles() -> &'static (HashSet<String>, usize) {
    static S: OnceLock<(HashSet<String>, usize)> = OnceLock::new();
    S.get_or_init(|| phrase_set(include_str!("../data/ner_titles.txt")))
}

/// Last words that make a capitalised name an organisation ("Institute", "Party").
pub fn org_words() -> &'static HashSet<String> {
    static S: OnceLock<HashSet<String>> = OnceLock::new();
    S.get_or_init(|| phrase_set(include_str!("../data/ner_org_words.txt")).0)
}

/// Last words that make a capitalised name a place: (LOC words, GPE words).
pub fn place_words() -> &'static (HashSet<String>, HashSet<String>) {
    static S: OnceLock<(HashSet<String>, HashSet<String>)> = OnceLock::new();
    S.get_or_init(|| {
        let src = include_str!("../data/ner_loc_words.txt");
        let room = || HashSet::with_capacity_and_hasher(lines_in(src), Default::default());
        let (mut loc, mut gpe) = (room(), room());
        let mut is_gpe = false;
        for line in src.lines() {
            let l = line.trim();
            if let Some(sec) = l.strip_prefix('#') {
                let sec = sec.to_lowercase();
                if sec.contains("section:") {
                    is_gpe = sec.contains("gpe");
                }
                continue;
            }
            if l.is_empty() {
                continue;
            }
            if is_gpe { &mut gpe } else { &mut loc }.insert(name_key(l));
        }
        (loc, gpe)
    })
}

list!(
    /// Given names (as written).
    first_names,
    "ner_first_names.txt"
);

list!(
    /// Name particles that may stand in lower case inside a name ("al", "bin", "van").
    particles,
    "ner_particles.txt"
);

list!(
    /// Frequent lower-case words, rarely part of a name (built from the training data).
    common_words,
    "ner_common_words.txt"
);

list!(
    /// Capitalised words that are never part of a name (weekdays, months, "I").
    not_names,
    "ner_not_names.txt"
);

list!(
    /// English function words (lower case).
    stopwords,
    "stopwords.txt"
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
        pub fn $name() -> &'static HashMap<&'static str, &'static str> {
            static MAP: OnceLock<HashMap<&'static str, &'static str>> =
                OnceLock::new();
            MAP.get_or_init(|| {
                let src = include_str!(concat!("../data/", $file));
                let mut map = HashMap::with_capacity_and_hasher(lines_in(src), Default::default());
                map.extend(entries(src).map(pair));
                map
            })
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

list!(
    /// Month and weekday names of a dateline that opens a block (lower case).
    sentence_dates,
    "sentence_dates.txt"
);

list!(
    /// Speech verbs of an attribution after a quoted question ("Why?" Ada asked).
    sentence_speech_verbs,
    "sentence_speech_verbs.txt"
);

list!(
    /// Labels of a picture credit ("Photo:") that start a unit of their own (lower case).
    sentence_credits,
    "sentence_credits.txt"
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_keys_fold_case_except_for_acronyms() {
        assert_eq!(name_key("Prime Minister"), "prime minister");
        assert_eq!(name_key("US"), "US");
        assert_eq!(name_key("U.N."), "U.N.");
        assert_eq!(name_key("O`Neill"), "o'neill");
        assert_eq!(name_key("IS`S"), "IS'S");
        assert_eq!(name_key("A"), "a");
        assert_eq!(name_key("Ärzte Ohne Grenzen"), "ärzte ohne grenzen");
        assert_eq!(name_key("O’Neill–Smith"), "o'neill-smith");
    }

    #[test]
    fn ascii_name_keys_are_the_keys_char_by_char() {
        let words = [
            "",
            "a",
            "A",
            "US",
            "U.S.",
            "x`y",
            "O`NEILL",
            "Ab`",
            "N.Y. City",
            "3M",
            "B2",
        ];
        for a in words {
            for b in words {
                let s = format!("{a} {b}`{a}");
                assert_eq!(name_key(&s), name_key_of_chars(&s), "{s:?}");
                assert_eq!(name_key(a), name_key_of_chars(a), "{a:?}");
            }
        }
    }

    #[test]
    fn keys_without_allocation_match_name_key() {
        for s in [
            "Prime Minister",
            "US",
            "U.N.",
            "O`Neill",
            "IS`S",
            "A",
            "Ärzte Ohne",
            "x`Y",
        ] {
            assert_eq!(with_name_key(s, str::to_string), name_key(s), "{s}");
        }
        for n in 40..56 {
            let s = "Ab".repeat(n / 2) + &"c".repeat(n % 2);
            assert_eq!(with_name_key(&s, str::to_string), name_key(&s), "{s}");
        }
        let long = "Word ".repeat(40);
        assert_eq!(with_name_key(&long, str::to_string), name_key(&long));
    }

    #[test]
    fn key_prefixes_hold_every_start_of_a_title() {
        let p = key_prefixes();
        for t in titles().0.iter().filter(|t| t.is_ascii()) {
            let first = t.split(' ').next().unwrap_or("");
            assert!(p.contains(&ascii_key_hash(t).unwrap_or(0)), "{t}");
            assert!(p.contains(&ascii_key_hash(first).unwrap_or(0)), "{t}");
        }
        assert!(!p.contains(&ascii_key_hash("zqxjv wuzzle").unwrap_or(0)));
    }

    #[test]
    fn gazetteer_key_hashes_hold_every_name() {
        let h = gazetteer_key_hashes();
        for k in gazetteer().names.keys().filter(|k| k.is_ascii()) {
            assert!(h.contains(&ascii_key_hash(k).unwrap_or(0)), "{k}");
            // Written in capitals or title case, the same hash.
            let upper = k.to_ascii_uppercase();
            assert_eq!(ascii_key_hash(&upper), ascii_key_hash(k), "{k}");
        }
        assert!(!h.contains(&ascii_key_hash("zqxjv wuzzle").unwrap_or(0)));
    }

    #[test]
    fn key_fold_is_lower_case_with_quotes_folded() {
        for b in 0..=255u8 {
            let want = if b == b'`' {
                b'\''
            } else {
                b.to_ascii_lowercase()
            };
            assert_eq!(key_fold(b), want, "{b}");
        }
        assert_eq!(ascii_key_hash("O`Neill"), ascii_key_hash("o'neill"));
        assert_eq!(ascii_key_hash("Zoë"), None);
        assert_eq!(ascii_key_hash(""), Some(0));
    }

    #[test]
    fn entries_are_trimmed_lines_without_comments() {
        // What `entries` was first written as.
        fn reference(src: &'static str) -> Vec<&'static str> {
            src.lines()
                .map(|l| l.split('#').next().unwrap_or("").trim())
                .filter(|l| !l.is_empty())
                .collect()
        }
        let texts: [&'static str; 8] = [
            "",
            "\n\n",
            "alpha\n  beta  # a note\n# only a note\n\ngamma delta",
            "one\r\ntwo \r\n\r\n#x\r\nthree\r",
            "Zoë|Zoe\n\u{a0}Ōsaka\u{a0}\n  # ünïcode\nend\n",
            "#\n#\n",
            "last line without newline",
            include_str!("../data/ner_countries.txt"),
        ];
        for t in texts {
            assert_eq!(entries(t).collect::<Vec<_>>(), reference(t), "{t:?}");
        }
        assert_eq!(entries("a # b\n c \n").collect::<Vec<_>>(), ["a", "c"]);
    }

    #[test]
    fn word_lists_load() {
        assert!(stopwords().contains("the"));
        assert!(!gazetteer().names.is_empty());
    }
}
