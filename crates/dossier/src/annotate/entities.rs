//! Named-entity mentions: PERSON, ORG, GPE, LOC, NORP, OTHER.
//!
//! Capitalised runs of words are found sentence by sentence, then segmented and typed with
//! the gazetteers, titles, organisation and place words, given names and what the rest of the
//! document says (a surname of a person named in full elsewhere, an acronym defined in
//! brackets, "also known as"). A mention spans the name only: a title before it becomes the
//! mention's `role`, a possessive `'s` stays out, and a sentence-initial common word is no name.

use crate::lexicon::{self, HashMap, HashSet, with_name_key};
use crate::model::{Document, EntityType, Mention, Offsets};
use crate::text::with_lowercase;
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

mod model;

/// A word of a sentence, with byte offsets into the body.
#[derive(Debug, Clone)]
struct Tok<'a> {
    s: usize,
    e: usize,
    text: &'a str,
    /// The first word of its sentence.
    initial: bool,
    /// Ended by a possessive `'s`, left out of `text`.
    possessive: bool,
    /// [`namey`] of `text`, worked out once.
    namey: bool,
    /// [`is_cap`] of `text`, worked out once.
    cap: bool,
    /// Whether no title starts with this word (see [`Tok::starts_no_title`]): worked out the
    /// first time it is asked (`None` until then).
    no_title: std::cell::Cell<Option<bool>>,
}

impl<'a> Tok<'a> {
    /// (`hyphen`: whether `text` holds a '-'.)
    #[inline]
    fn new(
        s: usize,
        e: usize,
        text: &'a str,
        initial: bool,
        possessive: bool,
        hyphen: bool,
    ) -> Self {
        let cap = is_cap(text);
        Tok {
            s,
            e,
            text,
            initial,
            possessive,
            namey: namey(text, cap, hyphen),
            cap,
            no_title: std::cell::Cell::new(None),
        }
    }
    /// Is the word, in `body`, ASCII whose key's hash starts no title's words
    /// ([`title_prefixes`])? No title then starts with it, nor with any words from it on.
    fn starts_no_title(&self, body: &str) -> bool {
        if let Some(no) = self.no_title.get() {
            return no;
        }
        let no = ruled_out(&body[self.s..self.e], &title_prefixes().0);
        self.no_title.set(Some(no));
        no
    }
    fn is_cap(&self) -> bool {
        self.cap
    }
    fn is_acronym(&self) -> bool {
        crate::text::is_acronym(self.text)
    }
    /// Could be part of a name (see [`namey`]).
    fn is_namey(&self) -> bool {
        self.namey
    }
}

/// Does `t` start with a capital?
fn is_cap(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_uppercase)
}

/// Could the word `t` be part of a name: capitalised, or a particle glued to one
/// ("al-Muhandis")? (`cap`: [`is_cap`] of `t`; `hyphen`: whether `t` holds a '-', known from
/// reading the word.)
#[inline]
fn namey(t: &str, cap: bool, hyphen: bool) -> bool {
    // (Most words are neither capitalised nor hyphenated: no need to look them up.)
    if !cap && !hyphen {
        return false;
    }
    if lexicon::not_names().contains(t) {
        return false;
    }
    if cap {
        // A plural of an acronym ("MPs") is a common noun.
        let plural_acronym = t.len() >= 3
            && t.ends_with('s')
            && t[..t.len() - 1].chars().all(|c| c.is_ascii_uppercase());
        return !plural_acronym;
    }
    match t.split_once('-') {
        Some((p, rest)) => {
            lexicon::particles().contains(p) && rest.chars().next().is_some_and(char::is_uppercase)
        }
        None => false,
    }
}

/// `[\p{L}\p{N}]` and `[\p{L}\p{M}\p{N}]` for the characters the fast paths leave open.
static WORD_START: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\A[\p{L}\p{N}]\z").unwrap());
static WORD_CHAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\A[\p{L}\p{M}\p{N}]\z").unwrap());

/// Which characters are letters, marks and numbers, without a regex for the common ones (nor
/// compiling it while no other character comes).
fn char_class(c: char, re: &LazyLock<Regex>) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match c {
        // Latin-1 letters and Latin Extended-A/B: all letters.
        '\u{C0}'..='\u{24F}' if c != '\u{D7}' && c != '\u{F7}' => true,
        // General Punctuation (quotes, dashes, spaces): no letters, marks or numbers.
        '\u{2000}'..='\u{206F}' => false,
        _ => {
            let mut buf = [0u8; 4];
            re.is_match(c.encode_utf8(&mut buf))
        }
    }
}

/// May a word start with `c` (`[\p{L}\p{N}]`)?
fn word_start(c: char) -> bool {
    char_class(c, &WORD_START)
}

/// May a word go on with `c` (`[\p{L}\p{M}\p{N}]`)?
fn word_char(c: char) -> bool {
    char_class(c, &WORD_CHAR)
}

/// [`BYTE_CLASS`]: an ASCII letter or digit.
const ALNUM: u8 = 1;
/// [`BYTE_CLASS`]: a byte of a non-ASCII char.
const NON_ASCII: u8 = 2;
/// [`BYTE_CLASS`]: an ASCII joiner inside a word (`'`, `.`, `&`, `-`).
const JOINER: u8 = 3;
/// [`BYTE_CLASS`]: any other ASCII byte.
const OTHER: u8 = 0;

/// What each byte is to [`next_word`], looked up rather than tested range by range.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            ALNUM
        } else if !c.is_ascii() {
            NON_ASCII
        } else if matches!(c, b'\'' | b'.' | b'&' | b'-') {
            JOINER
        } else {
            OTHER
        };
        b += 1;
    }
    t
};

/// The next word of `text` at or after byte `from`, as the regex
/// `[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:[’'.&-][\p{L}\p{M}\p{N}]+)*` finds it, and whether
/// it holds a '-'.
#[inline]
fn next_word(text: &str, from: usize) -> Option<(usize, usize, bool)> {
    let bytes = text.as_bytes();
    // The start: ASCII bytes are judged as they are (a run of other ASCII skipped at once),
    // other characters decoded.
    let mut s = from;
    let c = loop {
        s += bytes
            .get(s..)?
            .iter()
            .position(|&b| matches!(BYTE_CLASS[usize::from(b)], ALNUM | NON_ASCII))?;
        let b = bytes[s];
        if b.is_ascii() {
            break char::from(b);
        }
        let c = text.get(s..)?.chars().next()?;
        if word_start(c) {
            break c;
        }
        s += c.len_utf8();
    };
    let mut e = s + c.len_utf8();
    let mut hyphen = false;
    loop {
        // ASCII first: letters and digits go on, another mark but a joiner ends the word.
        let rest = bytes.get(e..).unwrap_or_default();
        e += rest
            .iter()
            .position(|&b| BYTE_CLASS[usize::from(b)] != ALNUM)
            .unwrap_or(rest.len());
        match bytes.get(e) {
            None => break,
            Some(&b) if BYTE_CLASS[usize::from(b)] == OTHER => break,
            _ => {}
        }
        let mut chars = text[e..].chars();
        match chars.next() {
            Some(c) if word_char(c) => e += c.len_utf8(),
            Some(c @ ('’' | '\'' | '.' | '&' | '-')) => match chars.next() {
                Some(d) if word_char(d) => {
                    e += c.len_utf8() + d.len_utf8();
                    // (A '-' is in a word only as a joiner: no letter, mark or number is one.)
                    hyphen |= c == '-';
                }
                _ => break,
            },
            _ => break,
        }
    }
    Some((s, e, hyphen))
}

/// The words of `text` as byte ranges, each with whether it holds a '-'.
fn words(text: &str) -> impl Iterator<Item = (usize, usize, bool)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let (s, e, hyphen) = next_word(text, at)?;
        at = e;
        Some((s, e, hyphen))
    })
}

const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const CONNECTORS: &[&str] = &[
    "of", "for", "on", "and", "&", "the", "de", "del", "la", "al", "bin", "ibn", "van", "von",
    "der", "du", "da", "di",
];

/// The longest of [`CONNECTORS`], in bytes.
const CONNECTOR_LEN: usize = 3;

/// Is `w` one of [`CONNECTORS`]? (A longer word is none, told without comparing.)
#[inline]
fn is_connector(w: &str) -> bool {
    w.len() <= CONNECTOR_LEN && CONNECTORS.contains(&w)
}

/// Is `w` one of [`WEEKDAYS`]? (Each ends in "day".)
#[inline]
fn is_weekday(w: &str) -> bool {
    w.ends_with("day") && WEEKDAYS.contains(&w)
}

/// Appends the words of `text` (which starts at byte `base` of the body) to `out`.
fn tokenize<'a>(text: &'a str, base: usize, out: &mut Vec<Tok<'a>>) {
    // (The words before `first` are another sentence's.)
    let first = out.len();
    let mut sentence_start = true;
    let mut last_end = 0;
    for (m_start, m_end, hyphen) in words(text) {
        let s = m_start;
        let mut e = m_end;
        let none_yet = out.len() == first;
        if none_yet {
            let gap = &text[last_end..s];
            sentence_start = gap.chars().all(|c| !c.is_alphanumeric());
        }
        // (A word never ends in ':', so a word after a colon and a quotation mark is not
        // counted initial: only a sentence's first word is.)
        let initial = none_yet && sentence_start;
        let mut word = &text[s..e];
        // A trailing full stop belongs to a dotted acronym ("U.S.") or a title ("Gen.").
        if text.as_bytes().get(e) == Some(&b'.') {
            let with_dot = &text[s..e + 1];
            let dotted = word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2);
            if dotted || is_title(with_dot) {
                e += 1;
                word = with_dot;
            }
        }
        // Possessive 's (and the plural possessive s') stays out of the name.
        let mut possessive = false;
        // (Both end in "s": a word that does not ends in neither.)
        if word.ends_with('s') {
            for suffix in ["’s", "'s"] {
                if word.len() > suffix.len() && word.ends_with(suffix) {
                    e -= suffix.len();
                    word = &text[s..e];
                    possessive = true;
                }
            }
        }
        // Hyphenated words with a lower-case part ("Iran-backed", "anti-Iranian"): the
        // capitalised parts are words of their own; names like "Abdul-Rahim" stay whole.
        // (Its parts, read again as needed rather than collected: most words have one.)
        // (A full stop added or a possessive taken off leaves the word's hyphens as they are.)
        let parts = || word.split('-');
        let n_parts = if hyphen { parts().count() } else { 0 };
        // A given name of two syllables ("Kwok-hing", "Cheuk-yan") is whole: its lower-case
        // part is short and no English word.
        let syllables = n_parts == 2
            && word.split_once('-').is_some_and(|(first, second)| {
                first.chars().next().is_some_and(char::is_uppercase)
                    && second.chars().count() <= 5
                    && second.chars().all(char::is_lowercase)
                    && !lexicon::common_words().contains(second)
            });
        let mixed = n_parts > 1
            && !syllables
            && parts().any(|p| {
                p.chars().next().is_some_and(char::is_lowercase)
                    && !lexicon::particles().contains(p)
            })
            && parts().any(|p| p.chars().next().is_some_and(char::is_uppercase));
        if mixed {
            let mut off = s;
            for (i, p) in parts().enumerate() {
                if !p.is_empty() {
                    out.push(Tok::new(
                        base + off,
                        base + off + p.len(),
                        p,
                        initial && i == 0,
                        possessive && i + 1 == n_parts,
                        false,
                    ));
                }
                off += p.len() + 1;
            }
        } else {
            out.push(Tok::new(
                base + s,
                base + e,
                word,
                initial,
                possessive,
                hyphen,
            ));
        }
        last_end = m_end;
    }
}

/// Are tokens `a` and `b` (consecutive) separated by nothing but one space?
fn joined(body: &str, a: &Tok, b: &Tok) -> bool {
    // (The text between them is " ": one byte, a space.)
    !a.possessive && b.s == a.e + 1 && body.as_bytes().get(a.e) == Some(&b' ')
}

/// Is `w` in lower case a common word?
fn is_common_word(w: &str) -> bool {
    may_be_common_word(w) && with_lowercase(w, |l| lexicon::common_words().contains(l))
}

/// May `w` in lower case be a common word? False only for an ASCII word whose key hash
/// ([`lexicon::ascii_key_hash`], the hash of its lower case) no common word has: told
/// without lower-casing it.
fn may_be_common_word(w: &str) -> bool {
    static F: LazyLock<HashFilter> = LazyLock::new(|| {
        HashFilter::new(
            lexicon::common_words()
                .iter()
                .filter_map(|w| lexicon::ascii_key_hash(w)),
        )
    });
    lexicon::ascii_key_hash(w).is_none_or(|h| F.may_contain(h))
}

/// A mention found, before it is made a span. Its role and canonical name are borrowed (from
/// the body or the gazetteer) until the mention is made.
#[derive(Debug, Clone, Copy)]
struct Found<'a> {
    s: usize,
    e: usize,
    kind: EntityType,
    role: Option<&'a str>,
    canonical: Option<&'a str>,
    /// Typed by evidence (a title, a gazetteer, a given name), not by default.
    sure: bool,
}

/// A bit for each value of a hash's top 16 bits: a test cheaper than a hash set's before
/// it (a clear bit rules a hash out, a set bit leaves it to the set) and small enough to stay
/// in the cache.
struct HashFilter {
    bits: Box<[u64]>,
}

impl HashFilter {
    /// Bits of the filter (a power of two).
    const BITS: usize = 1 << 16;

    fn new(hashes: impl IntoIterator<Item = u64>) -> Self {
        let mut bits = vec![0u64; Self::BITS / 64].into_boxed_slice();
        for h in hashes {
            let i = Self::index(h);
            bits[i / 64] |= 1 << (i % 64);
        }
        HashFilter { bits }
    }

    #[inline]
    fn index(h: u64) -> usize {
        // (The hashes end in a multiplication: their top bits are the best mixed.)
        (h >> 48) as usize
    }

    /// May `h` be one of the hashes the filter was made of? (Never false when it is.)
    #[inline]
    fn may_contain(&self, h: u64) -> bool {
        let i = Self::index(h);
        self.bits[i / 64] >> (i % 64) & 1 != 0
    }
}

/// A set of hashes with a [`HashFilter`] before it.
struct Hashes {
    set: HashSet<u64>,
    filter: HashFilter,
}

impl Hashes {
    fn new(set: HashSet<u64>) -> Self {
        let filter = HashFilter::new(set.iter().copied());
        Hashes { set, filter }
    }
}

/// A set of hashes [`ruled_out`] asks.
trait HashSetLike {
    fn has(&self, h: u64) -> bool;
}

impl HashSetLike for Hashes {
    #[inline]
    fn has(&self, h: u64) -> bool {
        self.filter.may_contain(h) && self.set.contains(&h)
    }
}

impl HashSetLike for HashSet<u64> {
    #[inline]
    fn has(&self, h: u64) -> bool {
        self.contains(&h)
    }
}

/// [`lexicon::gazetteer_key_hashes`] tested by a [`HashFilter`] first.
fn gazetteer_has(h: u64) -> bool {
    static F: LazyLock<HashFilter> =
        LazyLock::new(|| HashFilter::new(lexicon::gazetteer_key_hashes().iter().copied()));
    F.may_contain(h) && lexicon::gazetteer_key_hashes().contains(&h)
}

fn gazetteer_lookup(text: &str) -> Option<(EntityType, &'static str)> {
    // Most words are ruled out by a hash of their lower case (ASCII text only).
    if let Some(h) = lexicon::ascii_key_hash(text) {
        let the_less = text
            .get(..4)
            .is_some_and(|a| a.eq_ignore_ascii_case("the "))
            .then(|| lexicon::ascii_key_hash(&text[4..]))
            .flatten();
        if !gazetteer_has(h) && the_less.is_none_or(|h| !gazetteer_has(h)) {
            return None;
        }
    }
    let g = lexicon::gazetteer();
    with_name_key(text, |k| {
        g.names.get(k).copied().or_else(|| {
            // "the Islamic State" / "The Hague": try without a leading article.
            k.strip_prefix("the ").and_then(|r| g.names.get(r).copied())
        })
    })
}

/// What follows the last space of `t` (all of it without one).
fn last_word(t: &str) -> &str {
    last_space_at(t).map_or(t, |k| &t[k + 1..])
}

/// Does `t` hold a space? (Names are short: a byte loop costs less than a char searcher.)
#[inline]
fn has_space(t: &str) -> bool {
    t.bytes().any(|b| b == b' ')
}

/// The byte offset of the first space of `t`.
#[inline]
fn space_at(t: &str) -> Option<usize> {
    t.bytes().position(|b| b == b' ')
}

/// The byte offset of the last space of `t`.
#[inline]
fn last_space_at(t: &str) -> Option<usize> {
    t.bytes().rposition(|b| b == b' ')
}

/// `t.split(' ')`, byte by byte (for the short texts of names).
fn split_spaces(t: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(t);
    std::iter::from_fn(move || {
        let r = rest?;
        match space_at(r) {
            Some(k) => {
                rest = Some(&r[k + 1..]);
                Some(&r[..k])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// The words of the run as text (as written in the body).
fn span_text<'a>(body: &'a str, toks: &[Tok]) -> &'a str {
    match (toks.first(), toks.last()) {
        (Some(a), Some(b)) => &body[a.s..b.e],
        _ => "",
    }
}

/// What can rule out a title cheaply: the hashes ([`lexicon::prefix_step`]) of the prefixes
/// of title keys in ASCII lower case that end a word (the whole key, or a prefix followed by
/// a byte that is no ASCII letter or digit), and the longest title key in bytes. A title's
/// text hashes to one of them, and so does the part of it up to the end of any of its words:
/// in the body, a word's text is followed by no ASCII letter or digit (a possessive's
/// apostrophe, a hyphen, a space, ...).
fn title_prefixes() -> &'static (Hashes, usize) {
    static S: LazyLock<(Hashes, usize)> = LazyLock::new(|| {
        let mut set = HashSet::default();
        let mut longest = 0;
        for t in &lexicon::titles().0 {
            let lower = t.to_ascii_lowercase();
            longest = longest.max(t.len());
            let b = lower.as_bytes();
            let mut h = 0;
            for (i, &c) in b.iter().enumerate() {
                h = lexicon::prefix_step(h, c);
                if lower.is_char_boundary(i + 1)
                    && b.get(i + 1).is_none_or(|n| !n.is_ascii_alphanumeric())
                {
                    set.insert(h);
                }
            }
        }
        (Hashes::new(set), longest)
    });
    &S
}

/// The hashes ([`lexicon::ascii_key_hash`]) of the titles' last words that are ASCII: the
/// last word of a title written in ASCII hashes to one of them.
fn title_last_words() -> &'static Hashes {
    static S: LazyLock<Hashes> = LazyLock::new(|| {
        Hashes::new(
            lexicon::titles()
                .0
                .iter()
                .filter_map(|t| lexicon::ascii_key_hash(t.rsplit(' ').next().unwrap_or(t)))
                .collect(),
        )
    });
    &S
}

/// Is `text` ASCII with a key hash ([`lexicon::ascii_key_hash`]) not in `hashes`: a word
/// whose key is none of the keys `hashes` were made of, told without building its key
/// (a text beyond ASCII is never ruled out).
fn ruled_out(text: &str, hashes: &impl HashSetLike) -> bool {
    lexicon::ascii_key_hash(text).is_some_and(|h| !hashes.has(h))
}

/// Is `text` a title (its name key one of [`lexicon::titles`])? An ASCII text longer than
/// every title, or whose hash is that of no title's start ([`title_prefixes`]), is ruled out
/// without building its key.
fn is_title(text: &str) -> bool {
    let (starts, longest) = title_prefixes();
    if text.len() > *longest && text.is_ascii() || ruled_out(text, starts) {
        return false;
    }
    with_name_key(text, |k| lexicon::titles().0.contains(k))
}

/// The hashes ([`lexicon::ascii_key_hash`]) of the organisation and place words' keys that
/// are ASCII: the key of a word in ASCII is one of those words only if the word's hash is one
/// of these (collisions only let more through).
fn org_place_hashes() -> &'static Hashes {
    static S: LazyLock<Hashes> = LazyLock::new(|| {
        let (loc, gpe) = lexicon::place_words();
        Hashes::new(
            lexicon::org_words()
                .iter()
                .chain(loc)
                .chain(gpe)
                .filter_map(|k| lexicon::ascii_key_hash(k))
                .collect(),
        )
    });
    &S
}

/// `f` of the name key of `word`, or `R::default()` (no word found) without building the key
/// when `word` is ASCII and no organisation or place word ([`org_place_hashes`]).
fn with_org_place_key<R: Default>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    if ruled_out(word, org_place_hashes()) {
        return R::default();
    }
    with_name_key(word, f)
}

/// The longest title at the start of `toks`, in words.
fn title_len(body: &str, toks: &[Tok]) -> usize {
    title_len_over(body, toks, 0)
}

/// The longest title at the start of `toks` longer than `min` words, in words (0 if none).
fn title_len_over(body: &str, toks: &[Tok], min: usize) -> usize {
    let (titles, max) = lexicon::titles();
    // (No title is longer than `max` words: none is longer than `min` when `min` reaches it.)
    if toks.is_empty() || min >= (*max).min(toks.len()) || toks[0].starts_no_title(body) {
        return 0;
    }
    let (starts, longest) = title_prefixes();
    // A text whose start (ASCII) starts no title is none, nor is any longer one.
    let mut upto = (*max).min(toks.len());
    let bytes = body.as_bytes();
    let (mut h, mut at) = (0, toks[0].s);
    for n in 1..=upto {
        let e = toks[n - 1].e;
        if e < at {
            break;
        }
        // (One pass: the hash on, and whether a byte is not ASCII.)
        let (mut next, mut any) = (h, 0u8);
        for &b in &bytes[at..e] {
            any |= b;
            next = lexicon::prefix_step(next, lexicon::key_fold(b));
        }
        if !any.is_ascii() {
            break;
        }
        h = next;
        at = e;
        if !starts.has(h) {
            upto = n - 1;
            break;
        }
    }
    let longest = *longest;
    for n in (min + 1..=upto).rev() {
        let text = span_text(body, &toks[..n]);
        // An ASCII text's key is as long as it is.
        if text.len() > longest && text.is_ascii() {
            continue;
        }
        if with_name_key(text, |k| titles.contains(k)) {
            return n;
        }
    }
    0
}

/// When a title that starts inside `run[..upto]` goes on past it (over lower-case words),
/// the index just after the title.
fn title_through(body: &str, run: &[Tok], upto: usize) -> Option<usize> {
    (0..upto).find_map(|s| {
        // (Only a title going past `upto` counts: no shorter one is looked up.)
        let n = title_len_over(body, &run[s..], upto - s);
        (s + n > upto && run[s + n - 1..s + n].iter().all(|t| t.s >= run[0].s))
            .then_some(s + n)
            .filter(|&e| (s + 1..e).all(|k| joined(body, &run[k - 1], &run[k])))
    })
}

/// Does the run look like a person's name (given name, particles, no common words)?
fn person_like(toks: &[Tok]) -> bool {
    if toks.is_empty() || toks.len() > 5 {
        return false;
    }
    let first_name = lexicon::first_names().contains(toks[0].text);
    toks.iter().enumerate().all(|(i, t)| {
        // (The lower case only for a word that passes the rest.)
        t.is_namey()
            && !t.is_acronym()
            && !t.text.chars().any(|c| c.is_ascii_digit())
            // (A word that is certainly no common word passes without its lower case.)
            && (!may_be_common_word(t.text)
                || with_lowercase(t.text, |lower| {
                    let common = lexicon::common_words().contains(lower);
                    !common || (i == 0 && first_name) || lexicon::particles().contains(lower)
                }))
    }) && (toks.len() >= 2 || first_name)
}

/// Types and segments one capitalised run into mentions.
fn segment<'a>(body: &'a str, run: &[Tok], out: &mut Vec<Found<'a>>) {
    if run.is_empty() {
        return;
    }
    // Whole run known.
    if let Some((t, canon)) = gazetteer_lookup(span_text(body, run)) {
        let start = if run[0].text.eq_ignore_ascii_case("the") {
            1
        } else {
            0
        };
        if start < run.len() {
            push_gaz(out, &run[start..], t, canon);
        }
        return;
    }
    // A title, possibly after peoples, places and qualifiers ("Iraqi Prime Minister Adel
    // Abdul-Rahim", "caretaker Prime Minister ..."): the rest is the person, the title the role.
    if let Some((j, n)) = (0..run.len()).find_map(|j| {
        let n = title_len(body, &run[j..]);
        (n > 0).then_some((j, n))
    }) {
        for t in &run[..j] {
            if let Some((k, c)) = gazetteer_lookup(t.text)
                && matches!(k, EntityType::Norp | EntityType::Gpe)
            {
                push_gaz(out, std::slice::from_ref(t), k, c);
            }
        }
        // Titles stack ("Deputy Assistant Secretary"): take them all.
        let mut n = n;
        while j + n < run.len() {
            let more = title_len(body, &run[j + n..]);
            if more == 0 {
                break;
            }
            n += more;
        }
        let rest = &run[j + n..];
        let lone_name = rest.len() == 1
            && rest[0].is_cap()
            && !rest[0].is_acronym()
            && !is_common_word(rest[0].text);
        if lone_name || person_like(rest) {
            // The name ends where a known place or organisation begins.
            out.push(Found {
                s: rest[0].s,
                e: rest[rest.len() - 1].e,
                kind: EntityType::Person,
                role: Some(span_text(body, &run[..j + n])),
                canonical: None,
                sure: true,
            });
        }
        // A title alone ("the Prime Minister") or a job description ("Secretary of Defense
        // for Special Operations") names no one.
        return;
    }
    // (The word lists below are asked only where their answer matters: most runs are one
    // word.)
    let has_org_word = || {
        run.iter().enumerate().any(|(i, t)| {
            (i + 1 == run.len() || is_connector(run[i + 1].text))
                && with_org_place_key(t.text, |k| lexicon::org_words().contains(k))
        })
    };
    // A people or country before a known name: "Iranian Quds Force", "Iraqi Kurdish".
    let lead = (run.len() >= 2)
        .then(|| gazetteer_lookup(run[0].text))
        .flatten()
        .filter(|(k, _)| matches!(k, EntityType::Norp | EntityType::Gpe));
    if let Some((k, c)) = lead
        && gazetteer_lookup(span_text(body, &run[1..])).is_some()
    {
        push_gaz(out, &run[..1], k, c);
        segment(body, &run[1..], out);
        return;
    }
    // A run joined by "and" that is no organisation is two names ("Trump and Pompeo").
    let and_at = run.iter().position(|t| t.text == "and" || t.text == "&");
    let org = (run.len() >= 2 || and_at.is_some()) && has_org_word();
    if !org && let Some(k) = and_at {
        segment(body, &run[..k], out);
        segment(body, &run[k + 1..], out);
        return;
    }
    if run.len() >= 2 && org {
        let start = usize::from(run[0].text.eq_ignore_ascii_case("the"));
        out.push(found(&run[start..], EntityType::Org, true));
        return;
    }
    if run.len() >= 2 {
        // Is the last word a LOC word, a GPE word?
        let (loc_words, gpe_words) = lexicon::place_words();
        let (last_loc, last_gpe) = with_org_place_key(run[run.len() - 1].text, |k| {
            (loc_words.contains(k), gpe_words.contains(k))
        });
        if last_loc || last_gpe {
            let k = if last_gpe {
                EntityType::Gpe
            } else {
                EntityType::Loc
            };
            out.push(found(run, k, true));
            return;
        }
    }
    // A people or country before a person ("Iranian Qassem Soleimani").
    if let Some((k, c)) = lead
        && person_like(&run[1..])
    {
        push_gaz(out, &run[..1], k, c);
        segment(body, &run[1..], out);
        return;
    }
    // A known name and common words ("the Iraq War", "the U.S. Embassy") is one name.
    // (Each word looked up once: all must pass, and one be known.)
    let mut any_known = false;
    if run.len() >= 2
        && run.iter().all(|t| {
            let known = gazetteer_lookup(t.text).is_some();
            any_known |= known;
            t.is_cap() && (known || is_common_word(t.text))
        })
        && any_known
    {
        out.push(found(run, EntityType::Other, false));
        return;
    }
    // Known names inside the run: split around them ("Iraq Alina Romanowski").
    let g = lexicon::gazetteer();
    for i in 0..run.len() {
        for n in (1..=g.max_words.min(run.len() - i)).rev() {
            if (i, n) == (0, run.len()) {
                continue;
            }
            if let Some((k, c)) = gazetteer_lookup(span_text(body, &run[i..i + n])) {
                if n == 1 && !run[i].is_cap() {
                    continue;
                }
                // Never leave a piece hanging on a connector ("American Friends of ...").
                let dangling = |t: Option<&Tok>| t.is_some_and(|t| is_connector(t.text));
                if dangling(run[..i].last()) || dangling(run.get(i + n)) {
                    continue;
                }
                // "Fox News Sunday": a weekday after a name is part of a programme's name.
                let weekday_only =
                    |p: &[Tok]| !p.is_empty() && p.iter().all(|t| is_weekday(t.text));
                if weekday_only(&run[i + n..]) {
                    continue;
                }
                // "American Friends of Kurdistan": a people before a named body is part of it.
                if i == 0
                    && matches!(k, EntityType::Norp | EntityType::Gpe)
                    && run[n..].iter().any(|t| is_connector(t.text))
                {
                    continue;
                }
                segment(body, &run[..i], out);
                push_gaz(out, &run[i..i + n], k, c);
                segment(body, &run[i + n..], out);
                return;
            }
        }
    }
    if run.len() == 1 {
        let t = &run[0];
        if t.is_acronym() && t.text.chars().count() <= 6 {
            out.push(found(run, EntityType::Org, false));
        } else if body[t.e..].starts_with(" administration") {
            // "the Biden administration": a government named after its head.
            out.push(found(run, EntityType::Person, true));
        } else {
            out.push(found(run, EntityType::Other, false));
        }
        return;
    }
    if person_like(run) {
        let sure = lexicon::first_names().contains(run[0].text);
        out.push(found(run, EntityType::Person, sure));
    } else if run.iter().any(|t| is_connector(t.text)) {
        out.push(found(run, EntityType::Org, false));
    } else {
        out.push(found(run, EntityType::Other, false));
    }
}

fn found<'a>(toks: &[Tok], kind: EntityType, sure: bool) -> Found<'a> {
    Found {
        s: toks[0].s,
        e: toks[toks.len() - 1].e,
        kind,
        role: None,
        canonical: None,
        sure,
    }
}

fn push_gaz(out: &mut Vec<Found>, toks: &[Tok], kind: EntityType, canon: &'static str) {
    let mut f = found(toks, kind, true);
    f.canonical = Some(canon);
    out.push(f);
}

/// Keys a person may be referred to by later: the surname, its last hyphenated part, without
/// an "al-" particle ("Omar Abdul-Rahim" → "abdul-mahdi", "mahdi"; "Hadi al-Amiri" → "amiri").
pub fn short_keys(name: &str) -> Vec<String> {
    let mut keys = Vec::new();
    each_short_key(name, |k| keys.push(k.to_string()));
    keys.sort();
    keys.dedup();
    keys
}

/// `f` of each of the [`short_keys`] of `name`, in no order and maybe twice, without
/// allocating for most names.
fn each_short_key(name: &str, mut f: impl FnMut(&str)) {
    let mut words = name.split_whitespace().rev();
    let Some(last) = words.next() else {
        return;
    };
    let before = words.next();
    let three = words.next().is_some();
    with_name_key(last, |last| {
        f(last);
        if let Some((p, rest)) = last.split_once('-')
            && lexicon::particles().contains(p)
        {
            f(rest);
        }
        // (The last hyphenated part; a word without a hyphen is `last`, given already.)
        if let Some((_, tail)) = last.rsplit_once('-') {
            f(tail);
        }
    });
    if three && let Some(before) = before {
        // "Abdul Mahdi" written apart: the last two words.
        with_name_key(&format!("{before}-{last}"), f);
    }
}

/// The mentions of one document.
pub fn annotate(doc: &Document) -> Vec<Mention> {
    annotate_with(doc, model::model())
}

/// The mentions of one document, tagged with `model` (the rules alone without one).
fn annotate_with(doc: &Document, model: Option<&model::Model>) -> Vec<Mention> {
    let body = &doc.body;
    let off = Offsets::new(body);
    let (units, mut found) = rule_found(doc, &off);
    if let Some(m) = model {
        let (toks, resolved) = model_inputs(body, &units, std::mem::take(&mut found));
        let rules: Vec<model::RuleSpan> = resolved.iter().map(|f| (f.s, f.e, f.kind)).collect();
        let ctx = model::DocContext::new(body, &toks, &rules);
        // (Room for a name in each unit and each of the rules', not grown unit by unit.)
        let mut spans: Vec<model::Span> = Vec::with_capacity(toks.len() + rules.len());
        for t in &toks {
            spans.extend(m.tag(body, t, &ctx, &rules));
        }
        found = combine(body, resolved, &spans);
    }

    resolve_in_document(body, &mut found);
    // A wire dateline ("BAGHDAD (Reuters) —", "Aldmoor, Velmar —") names where the story
    // was filed: its words are places, whatever the tagger made of a word in capitals.
    if !model::ablated("dateline") {
        for (s, e) in datelines(body) {
            found.retain(|f| f.e <= s || f.s >= e);
            let known = place_lookup(&body[s..e]);
            found.push(Found {
                s,
                e,
                kind: match known {
                    Some((EntityType::Loc, _)) => EntityType::Loc,
                    _ => EntityType::Gpe,
                },
                role: None,
                canonical: known
                    .filter(|(k, _)| matches!(k, EntityType::Gpe | EntityType::Loc))
                    .map(|(_, c)| c),
                sure: true,
            });
        }
    }
    // A legislator's party and state ("Sen. Tom Redfern, R-Ohio,"): the state is a place, the
    // party letter no part of it.
    for f in &mut found {
        let t = &body[f.s..f.e];
        let b = t.as_bytes();
        if b.len() > 3
            && matches!(b[0], b'R' | b'D' | b'I')
            && b[1] == b'-'
            && t[2..].starts_with(char::is_uppercase)
            && (body[..f.s].ends_with(", ") || body[..f.s].ends_with('('))
        {
            f.s += 2;
            // The state's final dot, which the words leave out after a hyphen ("D-N.Y.",
            // "R-Calif."): part of an abbreviation.
            let state = &body[f.s..f.e];
            if body[f.e..].starts_with('.')
                && (state.contains('.') && state.split('.').all(|p| p.chars().count() <= 2)
                    || place_lookup(&body[f.s..f.e + 1]).is_some())
            {
                f.e += 1;
            }
            let known = place_lookup(&body[f.s..f.e]);
            f.kind = match known {
                Some((EntityType::Loc, _)) => EntityType::Loc,
                _ => EntityType::Gpe,
            };
            f.canonical = known.map(|(_, c)| c);
            f.role = None;
        }
    }
    let common = common_acronyms(body);
    if !common.is_empty() && !model::ablated("acro") {
        for f in &mut found {
            let t = &body[f.s..f.e];
            if common.contains(t) || t.strip_suffix('s').is_some_and(|t| common.contains(t)) {
                f.kind = EntityType::Other;
            }
        }
    }

    // "the Republican party": the party is in the name of the organisation.
    if !model::ablated("party") {
        for f in &mut found {
            let after = &body[f.e..];
            // (After "the": "a compliant Shiite party" is no name.)
            if matches!(
                f.kind,
                EntityType::Org | EntityType::Norp | EntityType::Other
            ) && (body[..f.s].ends_with("the ") || body[..f.s].ends_with("The "))
                && after.starts_with(" party")
                && !after[6..].starts_with(char::is_alphanumeric)
                && body[f.s..f.e].starts_with(char::is_uppercase)
            {
                f.e += 6;
                f.kind = EntityType::Org;
                f.canonical = None;
            }
        }
    }

    found.sort_by_key(|f| (f.s, f.e));
    found.dedup_by(|b, a| b.s < a.e);
    found
        .into_iter()
        .filter(|f| f.s < f.e)
        .map(|f| Mention {
            start: off.char_at(f.s),
            end: off.char_at(f.e),
            text: body[f.s..f.e].to_string(),
            kind: f.kind,
            role: f.role.map(str::to_string),
            canonical: f.canonical.map(str::to_string),
        })
        .collect()
}

/// The model's tokens of each unit, and the rules' names resolved in the document (sorted,
/// not overlapping). The names are taken as they are when given owned, copied when borrowed.
fn model_inputs<'a, 'b: 'a>(
    body: &'b str,
    units: &[(usize, usize)],
    found: impl Into<Cow<'a, [Found<'b>]>>,
) -> (Vec<Vec<(usize, usize)>>, Vec<Found<'b>>) {
    let mut found = found.into().into_owned();
    let toks: Vec<Vec<(usize, usize)>> = units
        .iter()
        .map(|&(s, e)| {
            model::tokenize(&body[s..e])
                .into_iter()
                .map(|(a, b)| (a + s, b + s))
                .collect()
        })
        .collect();
    resolve_in_document(body, &mut found);
    found.sort_by_key(|f| (f.s, f.e));
    found.dedup_by(|b, a| b.s < a.e);
    (toks, found)
}

/// The sentence units (byte ranges) and the names the rules find in them, unresolved.
fn rule_found<'a>(doc: &'a Document, off: &Offsets) -> (Vec<(usize, usize)>, Vec<Found<'a>>) {
    let body = &doc.body;
    // Sentences (or lines when there are none); headings are skipped: their Title Case says
    // nothing about names.
    let units: Vec<(usize, usize)> = if doc.sentences.is_empty() {
        let mut v = Vec::new();
        let mut pos = 0;
        for line in body.split_inclusive('\n') {
            v.push((pos, pos + line.len()));
            pos += line.len();
        }
        v
    } else {
        doc.sentences
            .iter()
            .filter(|s| !s.heading)
            .map(|s| (off.byte_at(s.start), off.byte_at(s.end)))
            .collect()
    };
    // The words of all sentences in one vector (about a word in six bytes), each sentence's
    // a range of it.
    let mut all: Vec<Tok> = Vec::with_capacity(body.len() / 6 + 1);
    let mut sentences: Vec<(usize, usize)> = Vec::with_capacity(units.len());
    for &(s, e) in &units {
        let from = all.len();
        tokenize(&body[s..e], s, &mut all);
        sentences.push((from, all.len()));
    }

    // Words seen capitalised away from a sentence start: names, whatever the word lists say.
    // (Gathered the first time one is asked about: many documents never ask.)
    let mid_caps_once: std::cell::OnceCell<HashSet<&str>> = std::cell::OnceCell::new();
    let mid_caps = || {
        mid_caps_once.get_or_init(|| {
            let mut set: HashSet<&str> =
                HashSet::with_capacity_and_hasher(all.len() / 8, Default::default());
            for &(from, to) in &sentences {
                let toks = &all[from..to];
                for (k, t) in toks.iter().enumerate() {
                    let after_start = k > 0 && toks[k - 1].initial && joined(body, &toks[k - 1], t);
                    if !t.initial && !after_start && t.is_cap() {
                        set.insert(t.text);
                    }
                }
            }
            set
        })
    };

    // (About a name in eight words.)
    let mut found: Vec<Found> = Vec::with_capacity(all.len() / 8);
    for &(from, to) in &sentences {
        let toks = &all[from..to];
        let mut i = 0;
        while i < toks.len() {
            if !toks[i].is_namey() {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < toks.len() && j - i < 16 {
                if toks[j].is_namey() && joined(body, &toks[j - 1], &toks[j]) {
                    j += 1;
                } else if j - i >= 2
                    && is_weekday(toks[j].text)
                    && joined(body, &toks[j - 1], &toks[j])
                    && toks.get(j + 1).is_none_or(|t| !t.is_namey())
                {
                    // The name of a programme: "Fox News Sunday".
                    j += 1;
                } else if let Some(end) = title_through(body, &toks[i..], j - i) {
                    // A title written partly in lower case ("Prime minister", "Secretary of
                    // State") holds the run together.
                    j = i + end;
                } else if is_connector(toks[j].text)
                    && j + 1 < toks.len()
                    && toks[j + 1].is_namey()
                    && joined(body, &toks[j - 1], &toks[j])
                    && joined(body, &toks[j], &toks[j + 1])
                {
                    j += 2;
                } else {
                    break;
                }
            }
            let mut run = &toks[i..j];
            // A capitalised sentence start that is a common word is no name ("Perhaps", "But").
            let mut stripped = false;
            while let Some(t) = run.first() {
                // (A word of ASCII longer than every connector, not starting a sentence, stays.)
                if !t.initial && t.text.len() > CONNECTOR_LEN && t.text.is_ascii() {
                    break;
                }
                let strip = with_lowercase(t.text, |lower| {
                    if is_connector(lower) {
                        return true;
                    }
                    // Only a sentence start is looked up.
                    if !t.initial {
                        return false;
                    }
                    // (A known word stays: looked up only for a word that would go otherwise.)
                    let start_word = lexicon::common_words().contains(lower);
                    let lone_start =
                        || run.len() == 1 && !t.is_acronym() && !mid_caps().contains(t.text);
                    (start_word || lone_start())
                        && !(gazetteer_lookup(t.text).is_some()
                            || lexicon::first_names().contains(t.text)
                            || title_len(body, run) > 0)
                });
                if strip {
                    run = &run[1..];
                    stripped = true;
                } else {
                    break;
                }
            }
            // What is left of "Mission Accomplished" is no name either.
            if stripped
                && run.len() == 1
                && is_common_word(run[0].text)
                && !mid_caps().contains(run[0].text)
            {
                run = &[];
            }
            segment(body, run, &mut found);
            i = j;
        }
    }

    (units, found)
}

/// The places of a wire dateline at the start of one of the first paragraphs, as byte spans:
/// one or two places of up to four capitalised words each ("WASHINGTON", "ST. LOUIS",
/// "Aldmoor, Velmar"), then maybe a date with a digit (", Nov. 3") and an agency in brackets
/// ("(Reuters)"), then a dash and the story. A single place in title case ("Aldmoor —")
/// counts only with a date, an agency or a second place, or when the gazetteer knows it as a
/// place; an unknown one in capitals alone only without a common word ("BREAKING NEWS —");
/// and a place starting with a given name ("JOHN SMITH —") never: a person or a headline may
/// be set off by a dash too.
fn datelines(body: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut here = 0;
    // The first nine paragraphs (split at each '\n').
    for _ in 0..9 {
        let end = memchr::memchr(b'\n', &body.as_bytes()[here..]).map_or(body.len(), |i| here + i);
        let para = &body[here..end];
        if !para.trim().is_empty()
            && let Some(places) = dateline(para)
        {
            out.extend(places.into_iter().map(|(s, e)| (here + s, here + e)));
            break;
        }
        if end == body.len() {
            break;
        }
        here = end + 1;
    }
    out
}

/// The dashes that end a dateline ("- " the hyphen as one, with a space after it).
const DASHES: [&str; 4] = ["—", "–", "--", "- "];

/// Where the first " (" or dash of [`DASHES`] in `rest` starts (its length when there is
/// none): one search for the bytes they hinge on ('(' and the dashes' first bytes), each place
/// found then checked.
fn dateline_stop(rest: &str) -> usize {
    let b = rest.as_bytes();
    // ('—' and '–' both start with the byte 0xE2.)
    for i in memchr::memchr3_iter(b'(', b'-', 0xE2, b) {
        let at = match b[i] {
            // (" (" starts at the space: no other stop starts with a space.)
            b'(' => (i > 0 && b[i - 1] == b' ').then(|| i - 1),
            b'-' => matches!(b.get(i + 1), Some(b'-' | b' ')).then_some(i),
            _ => rest
                .get(i..)
                .is_some_and(|r| r.starts_with(['—', '–']))
                .then_some(i),
        };
        if let Some(at) = at {
            return at;
        }
    }
    b.len()
}

/// The place spans of a dateline opening `para` (see [`datelines`]).
fn dateline(para: &str) -> Option<Vec<(usize, usize)>> {
    // A place: capitalised words (letters, dots, apostrophes, hyphens) joined by single spaces.
    let place = |from: usize| -> Option<usize> {
        let mut end = from;
        let mut words = 0;
        loop {
            let rest = &para[end..];
            let first = rest.chars().next()?;
            if !first.is_uppercase() {
                return None;
            }
            let len = rest
                .find(|c: char| !(c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-')))
                .unwrap_or(rest.len());
            end += len;
            words += 1;
            if words > 4 {
                return None;
            }
            // Another word of the place follows a single space and starts in capitals.
            let next = &para[end..];
            if next.starts_with(' ') && next[1..].starts_with(char::is_uppercase) {
                end += 1;
                continue;
            }
            return Some(end);
        }
    };
    let dash_after = |from: usize| -> Option<usize> {
        let rest = para[from..].trim_start_matches(' ');
        let skipped = para.len() - from - rest.len();
        let dash = DASHES.into_iter().find(|d| rest.starts_with(d))?;
        // The story follows.
        let story = rest[dash.len()..].trim_start();
        (skipped > 0 || dash != "- ")
            .then_some(())
            .filter(|_| story.chars().next().is_some_and(char::is_alphanumeric))
            .map(|_| from + skipped)
    };
    let mut places = vec![(0, place(0)?)];
    let mut cur = places[0].1;
    let mut marked = false;
    // A second place, or a date: ", Velmar" / ", Nov. 3" / ", March 4, 2031".
    if let Some(rest) = para[cur..].strip_prefix(", ") {
        let from = cur + 2;
        let stop = dateline_stop(rest);
        let part = rest[..stop].trim_end();
        if part.contains(|c: char| c.is_ascii_digit()) {
            if part.len() > 24 || !part.starts_with(char::is_alphabetic) {
                return None;
            }
            cur = from + part.len();
            marked = true;
        } else {
            let end = place(from)?;
            places.push((from, end));
            cur = end;
            marked = true;
        }
    }
    // The agency: "(Reuters)", "(AP)".
    if let Some(rest) = para[cur..].strip_prefix(" (") {
        let close = rest.find(')')?;
        let agency = &rest[..close];
        if agency.is_empty() || agency.len() > 40 || !agency.starts_with(char::is_uppercase) {
            return None;
        }
        cur += 2 + close + 1;
        marked = true;
    }
    dash_after(cur)?;
    let (s, e) = places[0];
    let first = &para[s..e];
    let first_word = first.split(' ').next().unwrap_or(first);
    let titled = |w: &str| w.chars().skip(1).any(char::is_lowercase);
    let given = lexicon::first_names().contains(first_word)
        || lexicon::first_names().contains(title_case(first_word).as_str());
    let known_place = matches!(
        place_lookup(first),
        Some((EntityType::Gpe | EntityType::Loc, _))
    );
    if given && !known_place {
        return None;
    }
    if !marked && !known_place {
        // Alone, an unknown place must be in capitals and look like a name: no common word
        // ("BEST DENTIST EVER - …", "BREAKING NEWS —" are headlines).
        if titled(first_word) || first.split(' ').any(is_common_word) {
            return None;
        }
    }
    Some(places)
}

/// What the gazetteer knows of a name, also written in capitals ("ST. LOUIS").
fn place_lookup(name: &str) -> Option<(EntityType, &'static str)> {
    gazetteer_lookup(name).or_else(|| {
        (!name.chars().any(char::is_lowercase)).then(|| {
            let titled: Vec<String> = name.split(' ').map(title_case).collect();
            gazetteer_lookup(&titled.join(" "))
        })?
    })
}

/// "WASHINGTON" → "Washington" (a word's first letter kept, the rest in lower case).
fn title_case(w: &str) -> String {
    let mut cs = w.chars();
    cs.next()
        .map(|c| c.to_string() + &cs.as_str().to_lowercase())
        .unwrap_or_default()
}

/// Acronyms the document defines in brackets right after words in lower case ("sea surface
/// salinity (SSS)", "improvised explosive devices (IEDs)"): abbreviations of common nouns,
/// no names. Each with and without its plural "s".
fn common_acronyms(body: &str) -> HashSet<&str> {
    let mut out = HashSet::default();
    let mut from = 0;
    // (One searcher for the document, not one per bracket.)
    static OPEN_BRACKET: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(" ("));
    let open_bracket = &*OPEN_BRACKET;
    while let Some(k) = body
        .as_bytes()
        .get(from..)
        .and_then(|h| open_bracket.find(h))
    {
        let open = from + k + 2;
        from = open;
        let Some(close) = memchr::memchr(b')', &body.as_bytes()[open..]).map(|c| open + c) else {
            break;
        };
        let inner = &body[open..close];
        if inner.len() > 9 {
            continue;
        }
        let acro = inner.strip_suffix('s').unwrap_or(inner);
        let letters: Vec<char> = acro.chars().rev().collect();
        if !(2..=8).contains(&letters.len()) || !letters.iter().all(char::is_ascii_uppercase) {
            continue;
        }
        // The words before, last first, hyphenated words split: each letter of the acronym
        // starts one, small function words may stand between.
        let mut matched = 0;
        for p in body[..open - 2].rsplit([' ', '-']).take(3 * letters.len()) {
            if matched == letters.len() {
                break;
            }
            let Some(c) = p.chars().next() else { break };
            if c.is_lowercase() && c.to_ascii_uppercase() == letters[matched] {
                matched += 1;
            } else if !matches!(
                p,
                "of" | "and" | "the" | "for" | "in" | "on" | "to" | "a" | "&"
            ) {
                break;
            }
        }
        if matched == letters.len() {
            out.insert(inner);
            out.insert(acro);
        }
    }
    out
}

/// The title written right before byte `s` ("Prime Minister Ana Lind" → "Prime Minister").
fn title_before(body: &str, s: usize) -> Option<&str> {
    let max = lexicon::titles().1;
    // (Up to 80 bytes back, moved forward to a char boundary.)
    let mut from = s.saturating_sub(80);
    while !body.is_char_boundary(from) {
        from += 1;
    }
    let head = body.get(from..s)?;
    let head = head.strip_suffix(' ')?;
    // Every phrase tried ends with the last word: an ASCII one that ends no title ends none.
    let last = last_word(head);
    if ruled_out(last, title_last_words()) {
        return None;
    }
    // Where the last words (split at each space) start, the last first: the longest phrase
    // of words is tried first.
    let starts: Vec<usize> = head
        .rmatch_indices(' ')
        .map(|(i, _)| i + 1)
        .chain(std::iter::once(0))
        .take(max)
        .collect();
    for &at in starts.iter().rev() {
        let phrase = &head[at..];
        if is_title(phrase) {
            return Some(phrase);
        }
    }
    None
}

/// A model span without a leading article, without lower-case words at its edges, and cut
/// before a word that is never part of a name ("Air Force One on Sunday" → "Air Force One").
fn trim_span(body: &str, sp: &model::Span) -> Option<model::Span> {
    let (mut s, mut e) = (sp.s, sp.e);
    let text = body.get(s..e)?;
    let mut pos = 0;
    for (i, w) in split_spaces(text).enumerate() {
        if i > 0 && lexicon::not_names().contains(w) {
            e = s + pos - 1;
            break;
        }
        pos += w.len() + 1;
    }
    loop {
        let t = body.get(s..e)?;
        let first_lower = t.chars().next().is_some_and(char::is_lowercase);
        // (Each space looked for once.)
        let Some(first_space) = space_at(t) else {
            // One word: nothing to take off its edges.
            if first_lower && !t.contains('-') {
                return None;
            }
            break;
        };
        if t.starts_with("The ") || first_lower {
            s += first_space + 1;
            continue;
        }
        let last_space = last_space_at(t)?;
        let last = &t[last_space + 1..];
        if last.chars().next().is_some_and(char::is_lowercase)
            && !lexicon::particles().contains(last.split('-').next().unwrap_or(""))
        {
            e = s + last_space;
            continue;
        }
        break;
    }
    // An ordinal before a name counts the event, not the name ("the 60th NATO summit"),
    // unless it names a street ("51st Street").
    if let Some((first, rest)) = body
        .get(s..e)
        .and_then(|t| space_at(t).map(|k| (&t[..k], &t[k + 1..])))
        && is_ordinal(first)
        && !rest.is_empty()
        && !with_name_key(last_word(rest), |k| lexicon::place_words().0.contains(k))
        && !model::ablated("ordinal")
    {
        s += first.len() + 1;
    }
    // A person's name has no "of" or "and" in it ("Ana Lind of the Green Party").
    if sp.class == model::Class::Person
        && !model::ablated("cut")
        && body
            .get(s..e)
            .is_some_and(|t| has_inner_word(t, |w| w == "of" || w == "and"))
        && let Some(cut) = [&*OF, &*AND]
            .iter()
            .filter_map(|c| c.find(body.get(s..e)?.as_bytes()))
            .min()
    {
        e = s + cut;
    }
    (s < e).then_some(model::Span {
        s,
        e,
        class: sp.class,
    })
}

/// Searchers for the phrases looked for in every span, built once.
static OF: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(" of "));
static AND: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(" and "));
/// "X, also known as Y": the phrases, in lower case.
const AKA_PHRASES: [&str; 3] = ["also known as", "also called", "better known as"];
/// Searchers for [`AKA_PHRASES`] in a lower-cased text.
static AKA: LazyLock<[memchr::memmem::Finder<'static>; 3]> =
    LazyLock::new(|| AKA_PHRASES.map(memchr::memmem::Finder::new));
/// [`AKA_PHRASES`] in an ASCII text in any case (one pass, nothing lower-cased).
static AKA_ASCII: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(AKA_PHRASES)
        .expect("three fixed phrases")
});

/// Can the ASCII text `gap` hold one of [`AKA_PHRASES`] in any case? Each holds "also" (so
/// "ls") or "known" (so "k"): a gap with neither holds none, told without the searcher.
fn may_hold_aka(gap: &str) -> bool {
    // (One pass: a 'k', or an 's' right after an 'l'.)
    let mut after_l = false;
    gap.bytes().any(|c| {
        let l = c | 0x20;
        let hit = l == b'k' || after_l && l == b's';
        after_l = l == b'l';
        hit
    })
}

/// Pushes `sp`, or, when it is a person's name "of" an organisation or a place ("Ana Lind of
/// Velmar University"), the person and the rest as two names.
fn split_person_of(body: &str, sp: model::Span, out: &mut Vec<model::Span>) {
    if sp.class != model::Class::Person
        && !model::ablated("personof")
        && let Some(text) = body.get(sp.s..sp.e)
        && has_inner_word(text, |w| w == "of")
        && let Some(k) = OF.find(text.as_bytes())
        && given_name_first(&text[..k])
        && text[k + 4..].starts_with(char::is_uppercase)
    {
        out.push(model::Span {
            s: sp.s,
            e: sp.s + k,
            class: model::Class::Person,
        });
        out.push(model::Span {
            s: sp.s + k + 4,
            ..sp
        });
        return;
    }
    out.push(sp);
}

/// Is a word of `text` after its first (split at spaces) one that `is`? Every `" of "` in a
/// text starts such a word "of": a cheap test before a searcher looks for the phrase.
fn has_inner_word(text: &str, is: impl Fn(&str) -> bool) -> bool {
    split_spaces(text).skip(1).any(is)
}

/// "1st", "22nd", "60th".
fn is_ordinal(w: &str) -> bool {
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && matches!(&w[digits..], "st" | "nd" | "rd" | "th")
}

/// A name of two to four capitalised words led by a given name, with no word of an
/// organisation or a place in it ("Daniel Lamont Hill" is a person, "Victoria Station" and
/// "Jackson Heights" are not).
fn given_name_first(text: &str) -> bool {
    let words = || split_spaces(text);
    let (loc_words, gpe_words) = lexicon::place_words();
    (2..=4).contains(&words().count())
        && words()
            .next()
            .is_some_and(|w| lexicon::first_names().contains(w))
        && words().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().any(char::is_lowercase)
                && !with_org_place_key(w, |key| {
                    lexicon::org_words().contains(key)
                        || loc_words.contains(key)
                        || gpe_words.contains(key)
                })
        })
}

/// Puts the model's names and the rules' findings together: the model decides spans and
/// classes; the rules add roles, canonical names, peoples (NORP) and place kinds.
fn combine<'a>(body: &'a str, rules: Vec<Found<'a>>, spans: &[model::Span]) -> Vec<Found<'a>> {
    let mut out: Vec<Found> = Vec::with_capacity(spans.len());
    // Where the rules are sure of a name by a title or a gazetteer, their span stands.
    let trusted = |r: &Found| r.sure && (r.role.is_some() || r.canonical.is_some());
    // `rules` is sorted and without overlaps: the ones overlapping a span are found by search.
    let mut keep_rule = vec![false; rules.len()];
    let mut trimmed: Vec<model::Span> = Vec::with_capacity(spans.len());
    for sp in spans.iter().filter_map(|sp| trim_span(body, sp)) {
        split_person_of(body, sp, &mut trimmed);
    }
    for sp in &trimmed {
        let text = &body[sp.s..sp.e];
        let from = rules.partition_point(|r| r.e <= sp.s);
        let upto = from + rules[from..].partition_point(|r| r.s < sp.e);
        let overlapping = &rules[from..upto];
        if sp.class == model::Class::Other && !model::ablated("otherrule")
            || overlapping
                .iter()
                .any(|r| r.sure && r.role.is_some() && (r.s, r.e) != (sp.s, sp.e))
        {
            // The rules' finding there, if any, stands instead.
            keep_rule[from..upto].iter_mut().for_each(|k| *k = true);
            continue;
        }
        // A title alone or a word that is never a name ("Sunday") is no name.
        if is_title(text) || lexicon::not_names().contains(text) {
            continue;
        }
        let gaz = gazetteer_lookup(text);
        let exact = overlapping.iter().find(|r| r.s == sp.s && r.e == sp.e);
        let kind = match sp.class {
            model::Class::Person => EntityType::Person,
            model::Class::Org | model::Class::Place
                if gaz.is_none() && given_name_first(text) && !model::ablated("given") =>
            {
                EntityType::Person
            }
            // A name the gazetteer knows as a place or an organisation is one.
            model::Class::Org | model::Class::Place
                if gaz.is_some_and(|(k, _)| matches!(k, EntityType::Gpe | EntityType::Loc)) =>
            {
                gaz.map_or(EntityType::Gpe, |(k, _)| k)
            }
            model::Class::Org | model::Class::Place
                if gaz.is_some_and(|(k, _)| k == EntityType::Org) =>
            {
                EntityType::Org
            }
            model::Class::Org => EntityType::Org,
            model::Class::Place => match (gaz, exact) {
                (Some((EntityType::Loc, _)), _) => EntityType::Loc,
                (None, Some(r)) if r.kind == EntityType::Loc => EntityType::Loc,
                _ => EntityType::Gpe,
            },
            model::Class::Other => match gaz {
                Some((EntityType::Norp, _)) => EntityType::Norp,
                _ => EntityType::Other,
            },
        };
        let canonical = exact
            .and_then(|r| r.canonical)
            .or_else(|| gaz.map(|(_, c)| c));
        let role = if kind == EntityType::Person {
            overlapping
                .iter()
                .find(|r| r.role.is_some())
                .and_then(|r| r.role)
                .or_else(|| title_before(body, sp.s))
        } else {
            None
        };
        out.push(Found {
            s: sp.s,
            e: sp.e,
            kind,
            role,
            canonical,
            // A lone word the gazetteer does not know may still be a surname named in full
            // elsewhere in the document.
            // ("Paris" after "Valeska Paris" is her, whatever the gazetteer says).
            sure: has_space(text),
        });
    }
    out.sort_by_key(|f| (f.s, f.e));
    // A name of several words found once is the same name where it is written again (one
    // pass over the body for all of them).
    let mut names: Vec<&str> = Vec::with_capacity(out.len());
    let mut first_of: Vec<usize> = Vec::with_capacity(out.len());
    let mut seen: HashSet<&str> = HashSet::with_capacity_and_hasher(out.len(), Default::default());
    for (k, f) in out.iter().enumerate() {
        let text = &body[f.s..f.e];
        if f.kind != EntityType::Other && has_space(text) && seen.insert(text) {
            names.push(text);
            first_of.push(k);
        }
    }
    let mut again: Vec<Found> = Vec::new();
    if !model::ablated("again") {
        let matches = leftmost_longest(body, &names);
        again.reserve(matches.len());
        for (at, end, k) in matches {
            let bounded = !body[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
                && !body[end..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            // `out` is sorted and without overlaps, `again` grows in order.
            let i = out.partition_point(|o| o.e <= at);
            let free =
                out.get(i).is_none_or(|o| o.s >= end) && again.last().is_none_or(|o| o.e <= at);
            if bounded && free {
                again.push(Found {
                    s: at,
                    e: end,
                    role: None,
                    ..out[first_of[k]]
                });
            }
        }
    }
    out.extend(again);
    out.sort_by_key(|f| (f.s, f.e));
    // One name, one type in a document: the type most of its mentions were given.
    // (Each name hashed once: its slot in `votes`, kept for the second pass.)
    let mut slot: HashMap<&str, usize> =
        HashMap::with_capacity_and_hasher(out.len(), Default::default());
    let mut votes: Vec<[usize; 6]> = Vec::with_capacity(out.len());
    let mut slots: Vec<usize> = Vec::with_capacity(out.len());
    for f in &out {
        let next = votes.len();
        let k = *slot.entry(&body[f.s..f.e]).or_insert(next);
        if k == next {
            votes.push([0; 6]);
        }
        votes[k][f.kind as usize] += 1;
        slots.push(k);
    }
    for (f, &k) in out.iter_mut().zip(&slots) {
        let v = votes[k];
        let best = (0..6)
            .max_by_key(|&k| (v[k], k == f.kind as usize))
            .unwrap_or(0);
        if v[best] > v[f.kind as usize] && !model::ablated("vote") {
            f.kind = [
                EntityType::Person,
                EntityType::Org,
                EntityType::Gpe,
                EntityType::Loc,
                EntityType::Norp,
                EntityType::Other,
            ][best];
        }
    }
    // Names the rules are sure of and the model left out, and peoples (NORP), where the
    // model has no name.
    let clear = |v: &[Found], r: &Found| {
        let k = v.partition_point(|o| o.e <= r.s);
        v.get(k).is_none_or(|o| o.s >= r.e)
    };
    let mut extra: Vec<Found> = Vec::new();
    for (r, keep) in rules.into_iter().zip(keep_rule) {
        // A lone common word the model passed over is another sense of a gazetteer entry
        // ("Nice", "Let"), unless a title names it.
        // (Only asked of a trusted finding.)
        let lone = || {
            let word = &body[r.s..r.e];
            !has_space(word) && r.role.is_none() && is_common_word(word) && !model::ablated("lone")
        };
        let wanted = keep
            || (trusted(&r) && !lone() && !model::ablated("trusted"))
            || r.kind == EntityType::Norp;
        if wanted && clear(&out, &r) {
            extra.push(r);
        }
    }
    out.extend(extra);
    out.sort_by_key(|f| (f.s, f.e));
    out
}

/// Where `names` (distinct, none empty) are written in `body`, as leftmost-longest matching
/// finds them: from the left, the first place where any name starts and the longest name
/// there, then on from its end. `(start, end, index in names)`, in order.
fn leftmost_longest(body: &str, names: &[&str]) -> Vec<(usize, usize, usize)> {
    // Few names (the usual case): every occurrence of each, overlapping ones too, then the
    // greedy pass. A per-document automaton costs far more to build than these scans.
    const FEW: usize = 64;
    if names.len() > FEW {
        return leftmost_longest_automaton(body, names);
    }
    let hay = body.as_bytes();
    // (Each name is written once at least, most not much more.)
    let mut all: Vec<(usize, usize, usize)> = Vec::with_capacity(2 * names.len());
    for (k, name) in names.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        // (Bodies are short: a search for the name's first byte, each place it is found
        // compared, costs less than building a searcher for the name.)
        let name = name.as_bytes();
        for i in memchr::memchr_iter(name[0], hay) {
            if hay[i..].starts_with(name) {
                all.push((i, i + name.len(), k));
            }
        }
    }
    // By start, the longest first (two names never match the same text).
    all.sort_unstable_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    let mut out = Vec::with_capacity(all.len());
    let mut pos = 0;
    for m in all {
        if m.0 >= pos {
            pos = m.1;
            out.push(m);
        }
    }
    out
}

/// [`leftmost_longest`] with an Aho-Corasick automaton: linear in the body whatever the
/// number of names.
fn leftmost_longest_automaton(body: &str, names: &[&str]) -> Vec<(usize, usize, usize)> {
    let names: Vec<(usize, &str)> = names
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, n)| !n.is_empty())
        .collect();
    let Ok(ac) = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        // Built once per document: a DFA costs more to build than the search it saves (the
        // matches are the same whatever the kind).
        .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
        .build(names.iter().map(|n| n.1))
    else {
        return Vec::new();
    };
    ac.find_iter(body)
        .map(|m| (m.start(), m.end(), names[m.pattern().as_usize()].0))
        .collect()
}

/// What the rest of the document says about a mention: a surname of a person named in full,
/// an acronym defined in brackets, a name given after "also known as".
fn resolve_in_document<'a>(body: &'a str, found: &mut [Found<'a>]) {
    // People named in full, by their short keys (a key two people share is ambiguous).
    // (Room for a person's two keys or so, nothing allocated when there is none.)
    let named_in_full =
        |f: &&Found| f.kind == EntityType::Person && (f.sure || has_space(&body[f.s..f.e]));
    let persons = found.iter().filter(named_in_full).count();
    let mut people: HashMap<String, Option<&str>> =
        HashMap::with_capacity_and_hasher(2 * persons, Default::default());
    // The keys' hashes ([`lexicon::ascii_key_hash`]): an ASCII word without a hyphen whose hash
    // is none of them is no key.
    let mut key_hashes: HashSet<u64> =
        HashSet::with_capacity_and_hasher(2 * persons, Default::default());
    for f in found.iter().filter(named_in_full) {
        let name = f.canonical.unwrap_or(&body[f.s..f.e]);
        each_short_key(name, |k| match people.get_mut(k) {
            Some(slot @ Some(_)) => {
                if slot.is_some_and(|n| n != name && !n.ends_with(name) && !name.ends_with(n)) {
                    *slot = None;
                }
            }
            Some(None) => {}
            None => {
                people.insert(k.to_string(), Some(name));
                key_hashes.extend(lexicon::ascii_key_hash(k));
            }
        });
    }
    // Acronyms defined in brackets right after a name: "Kurdistan Regional Government (KRG)".
    let mut acronyms: HashMap<&str, (EntityType, &str)> = HashMap::default();
    for f in found.iter() {
        let after = &body[f.e..];
        if let Some(inner) = after
            .strip_prefix(" (")
            .and_then(|r| memchr::memchr(b')', r.as_bytes()).map(|k| (&r[..k], &r[k + 1..])))
            .map(|(a, _)| a)
        {
            // The initials of the name's capitalised words start as the acronym does (the
            // first of them is all that is compared: the acronym's first letter).
            let first_initial = || {
                body[f.s..f.e]
                    .split_whitespace()
                    .find_map(|x| x.chars().next().filter(|c| c.is_uppercase()))
            };
            if inner.len() >= 2
                && inner.chars().all(|c| c.is_uppercase())
                && inner.chars().next() == first_initial()
            {
                let name = f.canonical.unwrap_or(&body[f.s..f.e]);
                acronyms.insert(inner, (f.kind, name));
            }
        }
    }
    // "X, also known as Y" / "X (also known as Y)": Y is X.
    let mut aka: Vec<(usize, usize)> = Vec::new();
    for w in 1..found.len() {
        let gap = body.get(found[w - 1].e..found[w].s).unwrap_or("");
        // (A gap of 160 bytes is too long whatever it holds: not read for its chars.)
        if gap.len() >= 160 {
            continue;
        }
        let ascii = gap.is_ascii();
        // A char is at most four bytes and lower-cases to one byte at least (an ASCII one to
        // one byte): a gap this long is 40 bytes at least in lower case.
        if gap.len() >= if ascii { 40 } else { 160 } {
            continue;
        }
        // (An ASCII gap shorter than "also called" holds none of the phrases.)
        if gap.len() < "also called".len() && ascii {
            continue;
        }
        // (The lower case of a gap in ASCII is its ASCII lower case, under 40 bytes long.)
        let found_aka = if ascii {
            may_hold_aka(gap) && AKA_ASCII.is_match(gap)
        } else {
            with_lowercase(gap, |g| {
                g.len() < 40 && AKA.iter().any(|p| p.find(g.as_bytes()).is_some())
            })
        };
        if found_aka {
            aka.push((w - 1, w));
        }
    }
    for f in found.iter_mut() {
        let text = &body[f.s..f.e];
        if let Some(&(k, name)) = (!acronyms.is_empty()).then(|| acronyms.get(text)).flatten() {
            if name != text {
                f.kind = k;
                f.canonical = Some(name);
                f.sure = true;
            }
            continue;
        }
        if f.kind == EntityType::Person && has_space(text) {
            continue;
        }
        if !people.is_empty()
            && (matches!(f.kind, EntityType::Person | EntityType::Other) || !f.sure)
            && (text.bytes().any(|b| b == b'-') || !ruled_out(text, &key_hashes))
        {
            let hit = with_name_key(text, |key| {
                people.get(key).copied().flatten().or_else(|| {
                    key.split_once('-')
                        .filter(|(p, _)| lexicon::particles().contains(p))
                        .and_then(|(_, r)| people.get(r).copied().flatten())
                })
            });
            if let Some(full) = hit {
                f.kind = EntityType::Person;
                if full != text {
                    f.canonical = Some(full);
                }
                f.sure = true;
            }
        }
    }
    for (a, b) in aka {
        let name = found[a].canonical.unwrap_or(&body[found[a].s..found[a].e]);
        if found[b].canonical.is_none() {
            found[b].canonical = Some(name);
            found[b].kind = found[a].kind;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::sentences;
    use crate::model::Block;

    fn doc(body: &str) -> Document {
        let blocks = vec![Block {
            start: 0,
            end: body.chars().count(),
            kind: crate::model::BlockKind::Paragraph,
        }];
        let sentences = sentences::split(body, &blocks);
        Document {
            body: body.into(),
            blocks,
            sentences,
            ..Default::default()
        }
    }

    fn ents(body: &str) -> Vec<(String, EntityType, Option<String>)> {
        annotate(&doc(body))
            .into_iter()
            .map(|m| (m.text, m.kind, m.canonical))
            .collect()
    }

    #[test]
    fn leftmost_longest_is_the_searcher_scan() {
        // The scan first written: every occurrence of each name by a searcher, then greedy.
        fn reference(body: &str, names: &[&str]) -> Vec<(usize, usize, usize)> {
            let hay = body.as_bytes();
            let mut all = Vec::new();
            for (k, name) in names.iter().enumerate() {
                let finder = memchr::memmem::Finder::new(name);
                let mut from = 0;
                while let Some(i) = hay.get(from..).and_then(|h| finder.find(h)) {
                    all.push((from + i, from + i + name.len(), k));
                    from += i + 1;
                }
            }
            all.sort_unstable_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
            let mut out = Vec::new();
            let mut pos = 0;
            for m in all {
                if m.0 >= pos {
                    pos = m.1;
                    out.push(m);
                }
            }
            out
        }
        let words = [
            "Ana",
            "Lind",
            "Ana Lind",
            "Velmar",
            "Río",
            "Aa",
            "a",
            "Lind Lind",
            " ",
        ];
        let mut rng = crate::test_rng::Rng::new(0x9e37_79b9_7f4a_7c15);
        for _ in 0..500 {
            let n = rng.below(12);
            let body: Vec<&str> = (0..n).map(|_| words[rng.below(words.len())]).collect();
            let body = body.join(" ");
            let mut names: Vec<&str> = Vec::new();
            for w in [
                "Ana Lind",
                "Lind Lind",
                "Velmar Río",
                "Aa Aa",
                "Lind Ana",
                "a A",
            ] {
                if rng.next_u64().is_multiple_of(2) {
                    names.push(w);
                }
            }
            assert_eq!(
                leftmost_longest(&body, &names),
                reference(&body, &names),
                "{body:?} {names:?}"
            );
        }
    }

    #[test]
    fn words_know_their_hyphens() {
        let text = "Abdul-Rahim met al-Muhandis, the Iran-backed co-op's head — “pro-Velmar” \
                    x-ray 3-4 Río-Grande -- end- -start";
        let ws: Vec<_> = words(text).collect();
        assert!(ws.len() > 8);
        for (s, e, hyphen) in ws {
            assert_eq!(hyphen, text[s..e].contains('-'), "{}", &text[s..e]);
        }
    }

    #[test]
    fn hash_filters_keep_every_hash_and_rule_out_most_others() {
        let mut rng = crate::test_rng::Rng::new(0x2545_f491_4f6c_dd1d);
        let kept: Vec<u64> = (0..3000).map(|_| rng.next_u64()).collect();
        let hashes = Hashes::new(kept.iter().copied().collect());
        assert!(
            kept.iter()
                .all(|&h| hashes.filter.may_contain(h) && hashes.has(h))
        );
        let others: Vec<u64> = (0..10_000).map(|_| rng.next_u64()).collect();
        let passed = others
            .iter()
            .filter(|&&h| hashes.filter.may_contain(h))
            .count();
        // About 3000 bits of 65536 set: one other hash in twenty gets past the filter.
        assert!(passed < 1_000, "{passed}");
        assert!(others.iter().all(|&h| hashes.has(h) == kept.contains(&h)));
        // The gazetteer's: every name's hash passes.
        for k in lexicon::gazetteer().names.keys().filter(|k| k.is_ascii()) {
            let h = lexicon::ascii_key_hash(k).unwrap();
            assert!(gazetteer_has(h), "{k}");
        }
    }

    #[test]
    fn dateline_stops_are_the_searches_for_each() {
        fn reference(rest: &str) -> usize {
            rest.find(" (")
                .into_iter()
                .chain(DASHES.iter().filter_map(|d| rest.find(d)))
                .min()
                .unwrap_or(rest.len())
        }
        let alphabet = [' ', '(', '-', '—', '–', 'a', ',', '7', 'é', '‐'];
        let mut seed = 11;
        for len in 0..600 {
            let text = crate::text::random_text(&mut seed, &alphabet, len % 14);
            assert_eq!(dateline_stop(&text), reference(&text), "{text:?}");
        }
        assert_eq!(dateline_stop("Nov. 3 (Reuters) — x"), 6);
        assert_eq!(dateline_stop("Velmar — x"), 7);
        assert_eq!(dateline_stop("Velmar"), 6);
    }

    #[test]
    fn datelines_are_found_in_the_first_paragraphs_only() {
        let story = "ALDMOOR (Reuters) — The council met on Tuesday.";
        assert_eq!(datelines(story), vec![(0, 7)]);
        let late = format!("{}{story}", "A line.\n".repeat(9));
        assert!(datelines(&late).is_empty());
        let ninth = format!("{}{story}", "A line.\n".repeat(8));
        assert_eq!(datelines(&ninth), vec![(64, 71)]);
        assert!(datelines("").is_empty());
        assert!(datelines("\n\n").is_empty());
    }

    #[test]
    fn the_common_word_filter_passes_every_common_word() {
        for w in lexicon::common_words() {
            assert!(may_be_common_word(w), "{w}");
            assert!(may_be_common_word(&w.to_uppercase()), "{w}");
            assert!(may_be_common_word(&title_case(w)), "{w}");
            assert!(is_common_word(&title_case(w)), "{w}");
        }
        assert!(may_be_common_word("Ünion"));
        let names = ["Velmar", "Aldmoor", "Lind", "Vask", "Romanowski", "Qx"];
        assert!(names.iter().filter(|w| may_be_common_word(w)).count() < 3);
        assert!(names.iter().all(|w| !is_common_word(w)));
    }

    #[test]
    fn joined_is_one_space_between() {
        let body =
            "Ana  Lind’s Velmar-based co-op, Río Grande (RG) met Dr. Vask\u{a0}Holt at 5 p.m.";
        let mut toks = Vec::new();
        tokenize(body, 0, &mut toks);
        assert!(toks.len() > 10);
        for a in &toks {
            for b in &toks {
                let plain = !a.possessive && body.get(a.e..b.s).is_some_and(|g| g == " ");
                assert_eq!(joined(body, a, b), plain, "{} {}", a.text, b.text);
            }
        }
    }

    #[test]
    fn space_helpers_are_the_char_searches() {
        for t in [
            "",
            " ",
            "  ",
            "Ana Lind",
            " Ana  Lind ",
            "Velmar",
            "Río de la Plata",
            "Ünion  of Aldmoor",
            "a b c d",
        ] {
            assert_eq!(
                split_spaces(t).collect::<Vec<_>>(),
                t.split(' ').collect::<Vec<_>>(),
                "{t:?}"
            );
            assert_eq!(has_space(t), t.contains(' '), "{t:?}");
            assert_eq!(space_at(t), t.find(' '), "{t:?}");
            assert_eq!(last_space_at(t), t.rfind(' '), "{t:?}");
        }
        assert_eq!(last_word("Prime Minister"), "Minister");
        assert_eq!(last_word("Minister"), "Minister");
    }

    #[test]
    fn the_aka_prefilter_passes_every_phrase() {
        for gap in [
            ", also known as ",
            " (ALSO CALLED ",
            ", better Known As ",
            " and also called the ",
        ] {
            assert!(may_hold_aka(gap), "{gap:?}");
            assert!(AKA_ASCII.is_match(gap), "{gap:?}");
        }
        // A gap without "ls" or "k" holds none of the phrases.
        for gap in [", the leader of ", " said on Tuesday that ", " and "] {
            assert!(!may_hold_aka(gap), "{gap:?}");
            assert!(!AKA_ASCII.is_match(gap), "{gap:?}");
        }
        let e = ents("The Velmar Liberation Front, also known as Green Hand, met in Aldmoor.");
        assert!(
            e.iter()
                .any(|(t, _, c)| t == "Green Hand"
                    && c.as_deref() == Some("Velmar Liberation Front"))
        );
    }

    #[test]
    fn prefiltered_lookups_are_the_plain_ones() {
        let (loc, gpe) = lexicon::place_words();
        let listed = lexicon::titles()
            .0
            .iter()
            .chain(lexicon::org_words())
            .chain(loc)
            .chain(gpe);
        let mut words: Vec<String> = Vec::new();
        for w in listed {
            words.push(w.clone());
            words.push(w.to_uppercase());
            words.push(title_case(w));
            words.push(format!("{w}s"));
        }
        for w in [
            "Velmarian",
            "Gen.",
            "GEN.",
            "Sen",
            "Prime Minister",
            "prime  minister",
            "Río",
            "Ministry",
            "Harbour",
            "said.",
            "Co`op",
            "",
            "-",
            "Ünion",
        ] {
            words.push(w.to_string());
        }
        for w in &words {
            let title = with_name_key(w, |k| lexicon::titles().0.contains(k));
            assert_eq!(is_title(w), title, "{w}");
            let plain = with_name_key(w, |k| {
                (
                    lexicon::org_words().contains(k),
                    loc.contains(k),
                    gpe.contains(k),
                )
            });
            let quick = with_org_place_key(w, |k| {
                (
                    lexicon::org_words().contains(k),
                    loc.contains(k),
                    gpe.contains(k),
                )
            });
            assert_eq!(quick, plain, "{w}");
        }
    }

    #[test]
    fn a_name_also_known_as_another_is_it() {
        for (body, linked) in [
            ("Jonas Velmar, Also Known As Tarn, spoke.", true),
            (
                "Jonas Velmar \u{2014} better known as Tarn \u{2014} spoke.",
                true,
            ),
            (
                "Jonas Velmar, who is known as a friend of Tarn, spoke.",
                false,
            ),
            ("Jonas Velmar met Tarn; he is also called Tarn.", false),
        ] {
            let name = |w: &str| {
                let s = body.find(w).unwrap_or(0);
                (s, s + w.len())
            };
            let ((s0, e0), (s1, e1)) = (name("Jonas Velmar"), name("Tarn"));
            let mut found = vec![
                Found {
                    s: s0,
                    e: e0,
                    kind: EntityType::Person,
                    role: None,
                    canonical: None,
                    sure: true,
                },
                Found {
                    s: s1,
                    e: e1,
                    kind: EntityType::Other,
                    role: None,
                    canonical: None,
                    sure: false,
                },
            ];
            resolve_in_document(body, &mut found);
            let want = linked.then_some("Jonas Velmar");
            assert_eq!(found[1].canonical, want, "{body}");
        }
    }

    /// The edges trimmed as `trim_span` did before it looked for each space once.
    fn trim_edges_before(body: &str, mut s: usize, mut e: usize) -> Option<(usize, usize)> {
        loop {
            let t = body.get(s..e)?;
            let first_lower = t
                .split(' ')
                .next()
                .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase));
            if t.contains(' ') && (t.starts_with("The ") || first_lower) {
                s += t.find(' ')? + 1;
                continue;
            }
            let last = last_word(t);
            if t.contains(' ')
                && last.chars().next().is_some_and(char::is_lowercase)
                && !lexicon::particles().contains(last.split('-').next().unwrap_or(""))
            {
                e = s + t.rfind(' ')?;
                continue;
            }
            if t.chars().next().is_some_and(char::is_lowercase) && !t.contains('-') {
                return None;
            }
            break;
        }
        Some((s, e))
    }

    #[test]
    fn trim_span_trims_edges_as_before() {
        let body = "The Velmar Board of the ports said al-Tarn and van Holt met in Åre, \
                    then the old Tarn-based group of Lind da Costa left . Ana  Lind -x ";
        let cuts: Vec<usize> = (0..=body.len())
            .filter(|&i| body.is_char_boundary(i))
            .collect();
        for (a, &s) in cuts.iter().enumerate() {
            for &e in &cuts[a + 1..cuts.len().min(a + 40)] {
                let sp = model::Span {
                    s,
                    e,
                    class: model::Class::Org,
                };
                // (No word of the list cuts these spans: only the edges are trimmed.)
                if body[s..e]
                    .split(' ')
                    .skip(1)
                    .any(|w| lexicon::not_names().contains(w))
                    || body[s..e]
                        .split_once(' ')
                        .is_some_and(|(f, _)| is_ordinal(f))
                {
                    continue;
                }
                let got = trim_span(body, &sp).map(|x| (x.s, x.e));
                let want = trim_edges_before(body, s, e).filter(|(s, e)| s < e);
                assert_eq!(got, want, "{:?}", &body[s..e]);
            }
        }
    }

    #[test]
    fn connector_len_is_the_longest_connector() {
        assert_eq!(
            CONNECTORS.iter().map(|c| c.len()).max(),
            Some(CONNECTOR_LEN)
        );
    }

    #[test]
    fn aka_in_ascii_is_aka_in_lower_case() {
        for gap in [
            ", also known as ",
            " (ALSO KNOWN AS ",
            ", Better Known As ",
            ", also Called ",
            ", alsocalled ",
            ", also know as ",
            " and the ",
            ", better known for ",
            "also called",
        ] {
            let lower = gap.to_ascii_lowercase();
            let want = AKA.iter().any(|p| p.find(lower.as_bytes()).is_some());
            assert_eq!(AKA_ASCII.is_match(gap), want, "{gap}");
        }
    }

    #[test]
    fn has_inner_word_is_needed_for_the_phrases() {
        for text in [
            "Ana Lind of Velmar",
            "of Velmar",
            "Velmar of",
            "Tom and Jo",
            "Bank of  Tarn",
            "Office",
            "Ana  of",
            "",
        ] {
            if OF.find(text.as_bytes()).is_some() {
                assert!(has_inner_word(text, |w| w == "of"), "{text}");
            }
            if AND.find(text.as_bytes()).is_some() {
                assert!(has_inner_word(text, |w| w == "and"), "{text}");
            }
        }
        assert!(!has_inner_word("of Velmar", |w| w == "of"));
        assert!(has_inner_word("Ana Lind of Velmar", |w| w == "of"));
    }

    #[test]
    fn phrase_searchers_find_what_find_finds() {
        let searchers = [(&*OF, " of "), (&*AND, " and ")]
            .into_iter()
            .chain(
                AKA.iter()
                    .zip(["also known as", "also called", "better known as"]),
            );
        for (finder, pat) in searchers {
            for hay in [
                "Ana Lind of Velmar",
                "of",
                "Tom and Jo and Al",
                "Café of Zürich and Bern",
                "",
                "Kiro, also known as Kir, better known as K, also called Kk",
            ] {
                assert_eq!(finder.find(hay.as_bytes()), hay.find(pat), "{hay} / {pat}");
            }
        }
    }

    #[test]
    fn every_title_is_found_before_a_name() {
        let titles = &lexicon::titles().0;
        for t in titles.iter().filter(|t| t.is_ascii() && t.len() < 70) {
            let body = format!("Then {t} Ana Lind spoke.");
            let s = body.find(" Ana Lind").unwrap_or(0) + 1;
            let got = title_before(&body, s);
            assert!(
                got.is_some_and(|p| with_name_key(p, |k| titles.contains(k))),
                "{t}"
            );
        }
        assert_eq!(title_before("Then Mayor Ana", 11), Some("Mayor"));
        assert_eq!(title_before("Then Fred Ana", 10), None);
        // 80 bytes back falls inside a curly quote: the title is still found.
        let body = format!("’{} Mayor Ana Lind spoke.", "a".repeat(71));
        let s = body.find("Ana").unwrap();
        assert_eq!(title_before(&body, s), Some("Mayor"));
    }

    #[test]
    fn words_after_words_are_never_letters_or_digits() {
        // What `title_prefixes` counts on: the byte after a word's text is no ASCII letter
        // or digit (nor is there none: the text is followed by its body's end at most).
        let alphabet = [
            'a', 'Z', '7', ' ', '\'', '’', '.', '&', '-', 's', 'é', '\u{301}', 'Ж', '—', ':',
        ];
        let mut seed = 5;
        for len in 0..500 {
            let text = crate::text::random_text(&mut seed, &alphabet, len % 24);
            let mut toks = Vec::new();
            tokenize(&text, 0, &mut toks);
            for t in &toks {
                assert!(
                    text.as_bytes()
                        .get(t.e)
                        .is_none_or(|b| !b.is_ascii_alphanumeric()),
                    "{text:?} {}",
                    t.text
                );
            }
        }
        // Every title starts with a word that may start one, written in any case.
        for t in lexicon::titles().0.iter().filter(|t| t.is_ascii()) {
            for text in [t.clone(), t.to_uppercase(), title_case(t)] {
                let body = format!("{text} Ana Lind");
                let mut toks = Vec::new();
                tokenize(&body, 0, &mut toks);
                assert!(!toks[0].starts_no_title(&body), "{body}");
            }
        }
        let body = "A man of the State of In He said";
        let mut toks = Vec::new();
        tokenize(body, 0, &mut toks);
        assert!(toks.iter().filter(|t| t.starts_no_title(body)).count() >= 4);
    }

    #[test]
    fn title_len_over_finds_only_longer_titles() {
        let body = "Prime Minister Ana Lind";
        let mut toks = Vec::new();
        tokenize(body, 0, &mut toks);
        assert_eq!(title_len(body, &toks), 2);
        assert_eq!(title_len_over(body, &toks, 1), 2);
        assert_eq!(title_len_over(body, &toks, 2), 0);
    }

    #[test]
    fn last_word_is_the_last_split_at_spaces() {
        for t in ["", " ", "a", "Ana Lind", "Ana Lind ", "  x", "Zoë Æsir Øst"] {
            assert_eq!(last_word(t), t.rsplit(' ').next().unwrap_or(""), "{t:?}");
        }
    }

    #[test]
    fn with_lowercase_is_to_lowercase() {
        for w in [
            "word",
            "Word",
            "NATO",
            "Zoë",
            "ÉTÉ",
            "",
            "x-Ray",
            &"Ab".repeat(40),
        ] {
            assert_eq!(with_lowercase(w, str::to_string), w.to_lowercase(), "{w}");
            // Nested: the inner call has a buffer of its own.
            let both = with_lowercase(w, |a| with_lowercase("INNER", |b| format!("{a}{b}")));
            assert_eq!(both, w.to_lowercase() + "inner");
        }
    }

    #[test]
    fn words_are_the_regex_words() {
        let re =
            Regex::new(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:[’'.&-][\p{L}\p{M}\p{N}]+)*").unwrap();
        let text = "Zoë O’Brien-Lund's co-op (U.S.) paid 1,200€ — “Ça va?” said Δημήτρης \
                    at 5 p.m. in Łódź; e\u{301}te\u{301}, x.-y, a&b, ¼ cup, Ⅻ, née, 東京 ok- 'q' .";
        let want: Vec<(usize, usize)> = re.find_iter(text).map(|m| (m.start(), m.end())).collect();
        let got: Vec<(usize, usize)> = words(text).map(|(s, e, _)| (s, e)).collect();
        assert_eq!(got, want);
        assert!(words("").next().is_none());
        // Many odd texts: joiners, marks, runs of punctuation, letters of other scripts.
        let alphabet = [
            'a', 'Z', '7', ' ', '\'', '’', '.', '&', '-', ',', '(', 'é', '\u{301}', 'Ж', '—', '½',
            '東', '\n',
        ];
        let mut seed = 7;
        for len in 0..400 {
            let text = crate::text::random_text(&mut seed, &alphabet, len % 30);
            let want: Vec<(usize, usize)> =
                re.find_iter(&text).map(|m| (m.start(), m.end())).collect();
            let got: Vec<(usize, usize)> = words(&text)
                .map(|(s, e, hyphen)| {
                    assert_eq!(hyphen, text[s..e].contains('-'), "{text:?}");
                    (s, e)
                })
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn titles_become_roles_and_names_stay_names() {
        let d = doc("Secretary of State Lena Vask flew to Iraq. Vask’s plane landed late.");
        let m = annotate(&d);
        assert_eq!(m[0].text, "Lena Vask");
        assert_eq!(m[0].kind, EntityType::Person);
        assert_eq!(m[0].role.as_deref(), Some("Secretary of State"));
        assert!(
            m.iter()
                .any(|x| x.text == "Iraq" && x.kind == EntityType::Gpe)
        );
        let p = m.iter().find(|x| x.text == "Vask").unwrap();
        assert_eq!(p.kind, EntityType::Person);
        assert_eq!(p.canonical.as_deref(), Some("Lena Vask"));
    }

    #[test]
    fn sentence_starts_are_not_names() {
        let e = ents("Perhaps the vote will fail. Adding to that, U.S. officials left.");
        assert!(
            e.iter().all(|(t, _, _)| t != "Perhaps" && t != "Adding"),
            "{e:?}"
        );
        assert!(e.iter().any(|(t, k, c)| t == "U.S."
            && *k == EntityType::Gpe
            && c.as_deref() == Some("United States")));
    }

    #[test]
    fn acronyms_defined_in_brackets_link_to_the_full_name() {
        let e = ents("The Northern Water Council (NWC) met on Friday. Later the NWC voted.");
        assert!(
            e.iter()
                .any(|(t, k, _)| t == "Northern Water Council" && *k == EntityType::Org),
            "{e:?}"
        );
        let later: Vec<_> = e.iter().filter(|(t, _, _)| t == "NWC").collect();
        assert_eq!(later.len(), 2);
        assert!(later.iter().all(
            |(_, k, c)| *k == EntityType::Org && c.as_deref() == Some("Northern Water Council")
        ));
    }

    #[test]
    fn acronyms_beginning_beyond_ascii_are_compared_by_their_first_letter() {
        // (An acronym whose first letter is two bytes long once panicked here.)
        let e = ents(
            "The Écluse Verte Trust (ÉVT) met on Friday. Later the ÉVT voted. \
             The Eastern Union of Writers (ÉU) met too.",
        );
        let later: Vec<_> = e.iter().filter(|(t, _, _)| t == "ÉVT").collect();
        assert!(!later.is_empty(), "{e:?}");
        assert!(
            later
                .iter()
                .all(|(_, _, c)| c.as_deref() == Some("Écluse Verte Trust")),
            "{e:?}"
        );
        // "É" is not the "E" of the name: no link.
        assert!(
            e.iter()
                .filter(|(t, _, _)| t == "ÉU")
                .all(|(_, _, c)| c.as_deref() != Some("Eastern Union of Writers")),
            "{e:?}"
        );
    }

    #[test]
    fn peoples_split_from_names_and_hyphen_compounds() {
        let e = ents(
            "Iranian-backed groups met Iraqi Prime Minister Omar Abdul-Rahim in Baghdad. Later Abdul-Rahim left.",
        );
        assert!(
            e.iter()
                .any(|(t, k, _)| t == "Iranian" && *k == EntityType::Norp),
            "{e:?}"
        );
        assert!(
            e.iter()
                .any(|(t, k, _)| t == "Omar Abdul-Rahim" && *k == EntityType::Person)
        );
        assert!(e.iter().any(|(t, k, c)| t == "Abdul-Rahim"
            && *k == EntityType::Person
            && c.as_deref() == Some("Omar Abdul-Rahim")));
        assert!(
            e.iter()
                .any(|(t, k, _)| t == "Baghdad" && *k == EntityType::Gpe)
        );
    }

    #[test]
    fn org_words_and_conjunctions() {
        let e =
            ents("She spoke to the Harbour Workers Council and later met Tove Lind and Ada Brant.");
        assert!(
            e.iter()
                .any(|(t, k, _)| t == "Harbour Workers Council" && *k == EntityType::Org),
            "{e:?}"
        );
        assert!(e.iter().any(|(t, _, _)| t == "Ada Brant"));
    }

    #[test]
    fn short_keys_cover_particles_and_hyphens() {
        let k = short_keys("Hadi al-Amiri");
        assert!(k.contains(&"amiri".to_string()));
        let k = short_keys("Omar Abdul-Rahim");
        assert!(k.contains(&"rahim".to_string()) && k.contains(&"abdul-rahim".to_string()));
    }

    #[test]
    fn repeated_names_are_found_as_an_automaton_finds_them() {
        // Overlapping names, names inside names, a name overlapping itself: the scans and
        // the automaton agree on every body of a small alphabet.
        let names = ["a b", "b a", "a b a", "b b", "a ab", "ab b a", "é a"];
        let mut seed = 7u64;
        for len in 0..400 {
            // (Mostly short bodies, some longer ones.)
            let len = if len % 4 == 0 { len } else { len % 40 };
            let body = crate::text::random_text(&mut seed, &['a', 'b', ' ', 'é'], len);
            for n in 1..=names.len() {
                let names = &names[..n];
                assert_eq!(
                    leftmost_longest(&body, names),
                    leftmost_longest_automaton(&body, names),
                    "{body:?} {names:?}"
                );
            }
        }
        assert_eq!(
            leftmost_longest("x a b a b a", &["a b", "b a b", "a b a", "b a"]),
            vec![(2, 7, 2), (8, 11, 3)]
        );
    }

    #[test]
    fn party_and_state_give_the_state() {
        let e = ents(
            "Sen. Tom Redfern, R-Ohio, Rep. Ana Lind (D-Velmar) and Rep. Joe Marr, D-N.Y., voted no.",
        );
        let has = |t: &str, k| e.iter().any(|(x, y, _)| x == t && *y == k);
        assert!(
            has("Ohio", EntityType::Gpe) && has("Velmar", EntityType::Gpe),
            "{e:?}"
        );
        assert!(has("N.Y.", EntityType::Gpe), "{e:?}");
        assert!(
            !e.iter()
                .any(|(x, _, _)| x.starts_with("R-") || x.starts_with("D-")),
            "{e:?}"
        );
    }

    #[test]
    fn dateline_words_are_places() {
        let typed = |body: &str| -> Vec<(String, EntityType)> {
            ents(body).into_iter().map(|(t, k, _)| (t, k)).collect()
        };
        let gpe = |t: &str| (t.to_string(), EntityType::Gpe);
        assert!(
            typed("KESSINGTON (Wirewire) — The council met on Monday.")
                .contains(&gpe("KESSINGTON"))
        );
        let two = typed("Aldmoor, Velmar — The council met on Monday.");
        assert!(
            two.contains(&gpe("Aldmoor")) && two.contains(&gpe("Velmar")),
            "{two:?}"
        );
        let dated = typed("Port Tarnby, Nov. 3 (AP) — The council met on Monday.");
        assert!(dated.contains(&gpe("Port Tarnby")), "{dated:?}");
        // After a title line, and in capitals with a dot.
        let later = typed("Council meets\n\nST. ALDMOOR — The council met on Monday.");
        assert!(later.contains(&gpe("ST. ALDMOOR")), "{later:?}");
        // A person set off by dashes is no dateline.
        for body in [
            "John Smith — the mayor of Aldmoor — said he would resign.",
            "JOHN SMITH — the mayor of Aldmoor — said he would resign.",
            "Brook - the mayor - said she would resign.",
            "BEST SERVICE EVER - Very fast and friendly.",
            "BREAKING NEWS — The council met.",
        ] {
            assert!(datelines(body).is_empty(), "{body}");
        }
        // Not in the middle of a paragraph, and not deep in the article.
        assert!(datelines("The council met. ALDMOOR — it said.").is_empty());
        let deep = "Line.\n".repeat(12) + "ALDMOOR — The council met.";
        assert!(datelines(&deep).is_empty());
        // Odd input: no panic, nothing found.
        for body in [
            "",
            "—",
            "A",
            "A, ",
            "A (",
            "A (B",
            "É, 1 —",
            "X, 12345678901234567890123456 — y",
        ] {
            let _ = datelines(body);
        }
        assert!(datelines("A (B").is_empty());
    }

    #[test]
    fn acronyms_of_common_nouns_are_no_names() {
        let body = "Engineers at Velmar Dynamics measured the coastal wind shear (CWS) near \
                    Tarnby. The CWS readings and the light-emitting panels (LEPs) were sent to \
                    the Harbour Safety Board (HSB). The HSB and Velmar Dynamics (VD) agreed.";
        let c = common_acronyms(body);
        assert!(
            c.contains("CWS") && c.contains("LEPs") && c.contains("LEP"),
            "{c:?}"
        );
        assert!(!c.contains("HSB") && !c.contains("VD"), "{c:?}");
        let e = ents(body);
        assert!(
            e.iter()
                .all(|(t, k, _)| t != "CWS" || *k == EntityType::Other),
            "{e:?}"
        );
        // Unclosed or long brackets are passed over.
        assert!(common_acronyms("a long (unclosed bracket").is_empty());
        assert!(common_acronyms("x (").is_empty());
    }

    #[test]
    fn ordinals_before_names_and_lower_case_parties() {
        assert!(is_ordinal("60th") && is_ordinal("22nd") && !is_ordinal("60") && !is_ordinal("th"));
        let body = "at the 41st Tarnby Summit on 51st Street";
        let span = |t: &str| {
            let s = body.find(t).unwrap_or(0);
            model::Span {
                s,
                e: s + t.len(),
                class: model::Class::Org,
            }
        };
        let cut = trim_span(body, &span("41st Tarnby Summit")).map(|x| &body[x.s..x.e]);
        assert_eq!(cut, Some("Tarnby Summit"));
        let street = trim_span(body, &span("51st Street")).map(|x| &body[x.s..x.e]);
        assert_eq!(street, Some("51st Street"));
        let e = ents("Ana Lind left the Republican party in 2019 and joined the Velmar Party.");
        assert!(
            e.iter()
                .any(|(t, k, _)| t == "Republican party" && *k == EntityType::Org),
            "{e:?}"
        );
    }

    #[test]
    fn a_person_of_an_organisation_is_two_names() {
        let body = "said Ana Brant of Velmar Harbour University";
        let s = body.find("Ana").unwrap_or(0);
        let mut out = Vec::new();
        let sp = model::Span {
            s,
            e: body.len(),
            class: model::Class::Org,
        };
        split_person_of(body, sp, &mut out);
        let got: Vec<(&str, model::Class)> =
            out.iter().map(|x| (&body[x.s..x.e], x.class)).collect();
        assert_eq!(
            got,
            vec![
                ("Ana Brant", model::Class::Person),
                ("Velmar Harbour University", model::Class::Org)
            ]
        );
        // A single given name before "of" is a name of its own ("Joan of Arc").
        let body = "Joan of Arc";
        let mut out = Vec::new();
        let sp = model::Span {
            s: 0,
            e: body.len(),
            class: model::Class::Org,
        };
        split_person_of(body, sp.clone(), &mut out);
        assert_eq!(out, vec![sp]);
    }
}
