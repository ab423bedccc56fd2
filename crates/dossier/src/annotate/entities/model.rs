//! A statistical name tagger: a structured averaged perceptron over BIO tags, decoded with
//! Viterbi over the previous tag, that proposes name spans and their types (PERSON, ORG,
//! place, OTHER).
//!
//! Only "candidate" words are scored (a capital or a digit, a connector that may stand inside
//! a name: "of", "de", "al-", or a possessive between two capitalised words); every other word
//! is outside any name. Features: the word (lower case), its shape, prefix and suffix,
//! neighbours ±2, the previous tag, the project's gazetteers (countries, places, peoples,
//! organisations, given names, titles, organisation and place words), the rules' names, the
//! word's place in the sentence, whether the document also writes it in lower case, and what
//! the rest of the document says of the word (after "the", after "in"/"at", before "said",
//! as a person's surname or inside a name the rules typed).
//!
//! The weights are `data/ner_model.bin`, written by the ignored test `train_model` below from
//! `shared/train/ner/*.jsonl` (see `data/ner_model.README.md`); an empty or unreadable file
//! leaves the tagger off and the rules alone tag names.

use crate::lexicon::{self, with_name_key};
use crate::model::EntityType;
use std::cell::RefCell;
#[cfg(test)]
use std::collections::HashMap;
#[cfg(test)]
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{LazyLock, OnceLock};

/// Tags: 0 = O, then B and I for each class.
pub const NT: usize = 9;
// (Weights are added eight tags and one at a time.)
const _: () = assert!(NT == 9);
/// Classes, in tag order (`1 + 2 * class` is B, `2 + 2 * class` is I).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Person,
    Org,
    Place,
    Other,
}
const CLASSES: [Class; 4] = [Class::Person, Class::Org, Class::Place, Class::Other];

/// A name proposed by the model: byte offsets into the text tagged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub s: usize,
    pub e: usize,
    pub class: Class,
}

/// Words and punctuation of `text`, as byte ranges. A word keeps inner hyphens and
/// apostrophes ("Abdul-Rahim", "O'Neill") but not a possessive "'s"; dotted acronyms
/// ("U.S.") are one word; every other punctuation mark is a token of its own.
pub fn tokenize(text: &str) -> Vec<(usize, usize)> {
    // Read in place, a char at a time from byte offsets (no table of chars).
    let bytes = text.as_bytes();
    // The char at byte `p` (a char boundary) and its length; `None` at the end.
    let at = |p: usize| -> Option<(char, usize)> {
        match *bytes.get(p)? {
            b if b.is_ascii() => Some((char::from(b), 1)),
            _ => text.get(p..)?.chars().next().map(|c| (c, c.len_utf8())),
        }
    };
    let ch = |p: usize| at(p).map(|x| x.0);
    let word_char = |c: char| c.is_alphanumeric() || unicode_mark(c);
    // (About a token in five bytes: sized once for most sentences.)
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut i = 0;
    while let Some((c, len)) = at(i) {
        if c.is_whitespace() {
            i += len;
            continue;
        }
        if !word_char(c) {
            // A possessive "'s" is one token.
            let possessive = matches!(c, '\'' | '’')
                && ch(i + len).is_some_and(|c| matches!(c, 's' | 'S'))
                && ch(i + len + 1).is_none_or(|c| !word_char(c));
            let end = i + len + usize::from(possessive);
            out.push((i, end));
            i = end;
            continue;
        }
        // Dotted acronym: letter, dot, letter, dot...
        let mut k = i;
        let mut dots = 0;
        // (Only when a dot follows the first char.)
        while bytes.get(i + len) == Some(&b'.')
            && let Some((a, la)) = at(k)
            && a.is_alphabetic()
            && ch(k + la) == Some('.')
        {
            // After the dot: the end, no word character, or one followed by a dot.
            let after = k + la + 1;
            if at(after).is_some_and(|(c, l)| word_char(c) && ch(after + l) != Some('.')) {
                break;
            }
            k = after;
            dots += 1;
            if at(k).is_none_or(|(c, _)| !c.is_alphabetic()) {
                break;
            }
        }
        if dots >= 2 {
            out.push((i, k));
            i = k;
            continue;
        }
        let mut j = i + len;
        loop {
            // (ASCII letters and digits first, a byte at a time.)
            while bytes.get(j).is_some_and(u8::is_ascii_alphanumeric) {
                j += 1;
            }
            // (The end, or an ASCII char neither a word char, a hyphen nor an apostrophe,
            // ends the word.)
            if bytes
                .get(j)
                .is_none_or(|&b| b.is_ascii() && !matches!(b, b'-' | b'\''))
            {
                break;
            }
            while let Some((c, l)) = at(j)
                && word_char(c)
            {
                j += l;
            }
            // A hyphen or an apostrophe between word characters.
            if let Some((c, l)) = at(j)
                && matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\'' | '’')
                && let Some(d) = ch(j + l)
                && word_char(d)
            {
                if matches!(c, '-' | '\u{2010}' | '\u{2011}') {
                    j += l;
                    continue;
                }
                if matches!(c, '\'' | '’') {
                    let s_alone =
                        matches!(d, 's' | 'S') && ch(j + l + 1).is_none_or(|c| !word_char(c));
                    if !s_alone {
                        j += l;
                        continue;
                    }
                }
            }
            break;
        }
        out.push((i, j));
        i = j;
    }
    out
}

fn unicode_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}' | '\u{1ab0}'..='\u{1aff}' | '\u{20d0}'..='\u{20ff}')
}

/// Experiments: is `what` switched off (`DOSSIER_NER_ABLATE=a,b` in tests)?
#[cfg(test)]
pub fn ablated(what: &str) -> bool {
    static A: OnceLock<String> = OnceLock::new();
    A.get_or_init(|| std::env::var("DOSSIER_NER_ABLATE").unwrap_or_default())
        .split(',')
        .any(|x| x == what)
}
#[cfg(not(test))]
pub fn ablated(_: &str) -> bool {
    false
}

// ---- hashing ----

const fn fnv(bytes: &[u8], seed: u64) -> u64 {
    let mut h = fnv_start(seed);
    let mut i = 0;
    while i < bytes.len() {
        h = fnv_step(h, bytes[i]);
        i += 1;
    }
    h
}

/// [`fnv`] a byte at a time: the hash of no bytes...
const fn fnv_start(seed: u64) -> u64 {
    0xcbf29ce484222325u64 ^ seed.wrapping_mul(0x100000001b3)
}

/// ... and the hash with one more byte.
#[inline]
const fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ b as u64).wrapping_mul(0x100000001b3)
}

fn mix(a: u64, b: u64) -> u64 {
    let x = (a ^ b.wrapping_mul(0x9E3779B97F4A7C15)).rotate_left(27);
    let x = x.wrapping_mul(0xff51afd7ed558ccd);
    x ^ (x >> 31)
}

/// A hasher for keys that are hashes already.
#[cfg(test)]
#[derive(Default)]
pub struct IdHasher(u64);
#[cfg(test)]
impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
#[cfg(test)]
type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

// ---- features ----

const F_CAP: u32 = 1;
const F_INITIAL: u32 = 1 << 1;
const F_LC_SEEN: u32 = 1 << 2;
const F_FIRST_NAME: u32 = 1 << 3;
const F_TITLE: u32 = 1 << 4;
const F_ORG_WORD: u32 = 1 << 5;
const F_LOC_WORD: u32 = 1 << 6;
const F_GPE_WORD: u32 = 1 << 7;
const F_COMMON: u32 = 1 << 8;
const F_STOP: u32 = 1 << 9;
const F_NOT_NAME: u32 = 1 << 10;
const F_ACRONYM: u32 = 1 << 11;
const F_CAP_SEEN: u32 = 1 << 12;
const F_CAND: u32 = 1 << 13;
const NFLAGS: u32 = 14;

/// Words that may stand inside a name in lower case.
fn is_connector(w: &str) -> bool {
    matches!(
        w,
        "of" | "for"
            | "on"
            | "and"
            | "&"
            | "the"
            | "de"
            | "del"
            | "la"
            | "le"
            | "al"
            | "bin"
            | "ibn"
            | "van"
            | "von"
            | "der"
            | "den"
            | "du"
            | "da"
            | "di"
            | "dos"
            | "das"
            | "y"
            | "-"
            | "."
            | "at"
            | "in"
    )
}

/// What is known of one token before tagging.
#[derive(Clone, Copy, Default)]
struct TokInfo {
    lower: u64,
    shape: u64,
    prefix: u64,
    suffix: u64,
    flags: u32,
    /// Gazetteer match: 0 none, else 1 + 2 * kind + (0 = first word, 1 = inside).
    gaz: u8,
    /// A title (possibly of several words) ends at this token.
    title_end: bool,
    /// The rules' tag: 0 none, else 1 + 2 * type + (0 = first word, 1 = inside).
    rule: u8,
    /// What the document says of the word elsewhere (`D_*` bits).
    doc: u16,
    /// The index of the word in [`DocContext::words`], or [`NO_WORD`].
    word: u32,
}

/// Feeds `classes` to `push`, a run of one class kept to its first two.
fn squeeze_runs<T: Copy + PartialEq>(
    classes: impl Iterator<Item = T>,
    start: T,
    mut push: impl FnMut(T),
) {
    let (mut last, mut run) = (start, 0);
    for k in classes {
        if k == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
        }
        last = k;
        push(k);
    }
}

/// The shape of `w` ("Xx", "d,d") written into `s` (cleared first).
fn shape_of(w: &str, s: &mut String) {
    s.clear();
    let class = |c: char| {
        if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        }
    };
    squeeze_runs(w.chars().map(class), ' ', |k| s.push(k));
}

/// The hash of the shape of `w` ([`shape_of`], `s` a buffer), hashed as it is made for an
/// ASCII word.
fn shape_hash(w: &str, s: &mut String) -> u64 {
    if !w.is_ascii() {
        shape_of(w, s);
        return fnv(s.as_bytes(), 2);
    }
    // As `shape_of`, byte by byte: the classes of ASCII characters are ASCII.
    let class = |b: u8| {
        if b.is_ascii_uppercase() {
            b'X'
        } else if b.is_ascii_lowercase() {
            b'x'
        } else if b.is_ascii_digit() {
            b'd'
        } else {
            b
        }
    };
    let mut h = fnv_start(2);
    squeeze_runs(w.bytes().map(class), b' ', |k| h = fnv_step(h, k));
    h
}

fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Document context: every distinct token of the document looked at once ([`Word`]), what
/// the rest of the document says of each capitalised word (see the `D_*` bits), the tokens
/// of each sentence as indices of their words, and the model's weights of the words (filled
/// as the tagger reads them).
#[derive(Default)]
pub struct DocContext<'a> {
    /// The index in `words` of each distinct token.
    ids: lexicon::HashMap<&'a str, u32>,
    /// Each distinct token, with its `D_*` bits ([`D_MID`], [`D_LC`] and [`D_SEEN`] too).
    words: Vec<(Word, u16)>,
    /// The sentences the context is of...
    sentences: &'a [Vec<(usize, usize)>],
    /// ... the start of the first token, the sentence and where its word indices start in
    /// `sentence_ids`, for every sentence with tokens (in order)...
    starts: Vec<(usize, u32, u32)>,
    /// ... and the word index of every token.
    sentence_ids: Vec<u32>,
    /// The model's weights of the words, as far as read.
    learned: RefCell<Learned>,
}

/// Not a document feature: the word is capitalised somewhere other than first in its
/// sentence (kept with the `D_*` bits so that one look-up gives both).
const D_MID: u16 = 1 << 15;
/// Not a document feature: the word in lower case is a word of the document.
const D_LC: u16 = 1 << 14;
/// Not a document feature: the word is capitalised and alphanumeric (the document is read
/// for what it says of it).
const D_SEEN: u16 = 1 << 13;
const _: () = assert!(NDOC < 13);

/// Somewhere in the document the word follows "the".
const D_THE: u16 = 1;
/// ... follows "in", "at", "from", "to" or "near".
const D_PLACE_PREP: u16 = 1 << 1;
/// ... comes before "said", "says" or "told".
const D_SAID: u16 = 1 << 2;
/// ... ends a person's name of several words the rules found.
const D_SURNAME: u16 = 1 << 3;
/// ... is in a name the rules typed (bit `4 + type`).
const D_RULE: u32 = 4;
const NDOC: u32 = 10;

/// A token with no index in [`DocContext::words`].
const NO_WORD: u32 = u32::MAX;

impl<'a> DocContext<'a> {
    /// Gathers the context of a document from its sentences (token ranges into `text`) and
    /// the rules' names (sorted by start).
    pub fn new(text: &'a str, sentences: &'a [Vec<(usize, usize)>], rules: &[RuleSpan]) -> Self {
        // Sized once for the words of the document (in news, more than half the tokens of a
        // document are distinct words, up to three in four in a short one).
        let n: usize = sentences.iter().map(Vec::len).sum();
        let distinct = n * 3 / 4;
        let mut c = DocContext {
            ids: lexicon::HashMap::with_capacity_and_hasher(distinct, Default::default()),
            words: Vec::with_capacity(distinct),
            sentences,
            starts: Vec::with_capacity(sentences.len()),
            sentence_ids: Vec::with_capacity(n),
            learned: RefCell::default(),
        };
        let mut r = 0;
        // Buffers for `Word::new`.
        let (mut lower, mut shape) = (String::new(), String::new());
        KNOWN.with_borrow_mut(|known| {
            for (si, toks) in sentences.iter().enumerate() {
                if let Some(&(s, _)) = toks.first() {
                    c.starts.push((s, si as u32, c.sentence_ids.len() as u32));
                }
                let mut first = true;
                for (k, &(s, e)) in toks.iter().enumerate() {
                    let w = &text[s..e];
                    let words = &mut c.words;
                    let id = *c.ids.entry(w).or_insert_with(|| {
                        words.push((known_word(known, w, &mut lower, &mut shape), 0));
                        (words.len() - 1) as u32
                    });
                    c.sentence_ids.push(id);
                    let Some(ch) = w.chars().next() else { continue };
                    if !ch.is_alphanumeric() {
                        continue;
                    }
                    if ch.is_uppercase() {
                        let mut bits = D_SEEN | if first { 0 } else { D_MID };
                        let word = |j: usize| toks.get(j).map_or("", |&(a, b)| &text[a..b]);
                        if k > 0 {
                            match word(k - 1) {
                                "the" | "The" => bits |= D_THE,
                                "in" | "at" | "from" | "to" | "near" => bits |= D_PLACE_PREP,
                                _ => {}
                            }
                        }
                        if matches!(word(k + 1), "said" | "says" | "told") {
                            bits |= D_SAID;
                        }
                        while rules.get(r).is_some_and(|x| x.1 <= s) {
                            r += 1;
                        }
                        if let Some(&(rs, re, kind)) = rules.get(r)
                            && rs <= s
                            && e <= re
                        {
                            bits |= 1 << (D_RULE + kind as u32);
                            if kind == EntityType::Person && e == re && rs < s {
                                bits |= D_SURNAME;
                            }
                        }
                        c.words[id as usize].1 |= bits;
                    }
                    first = false;
                }
            }
        });
        // Capitalised words also seen in lower case.
        for (w, &id) in &c.ids {
            if c.words[id as usize].1 & D_SEEN == 0 {
                continue;
            }
            lower_into(w, &mut lower);
            if c.ids
                .get(lower.as_str())
                .is_some_and(|&l| c.words[l as usize].0.lower_first)
            {
                c.words[id as usize].1 |= D_LC;
            }
        }
        c
    }

    /// The word indices of the tokens `toks`, when they are one of the sentences the context
    /// was gathered from.
    fn ids_of(&self, toks: &[(usize, usize)]) -> Option<&[u32]> {
        let &(first, _) = toks.first()?;
        let k = self.starts.partition_point(|x| x.0 < first);
        let &(s, si, at) = self.starts.get(k)?;
        let at = at as usize;
        (s == first && self.sentences.get(si as usize)?.as_slice() == toks)
            .then(|| self.sentence_ids.get(at..at + toks.len()))
            .flatten()
    }

    /// The word of `w` and its `D_*` bits, looked up (a word the context does not have is
    /// looked at afresh, with no bits and index [`NO_WORD`]).
    fn lookup(&self, w: &str, lower: &mut String, shape: &mut String) -> (Word, u16, u32) {
        match self.ids.get(w) {
            Some(&id) => {
                let (word, bits) = self.words[id as usize];
                (word, bits, id)
            }
            None => (Word::new(w, lower, shape), 0, NO_WORD),
        }
    }
}

/// The word lists a token is looked up in, merged by what they are keyed by: the flags
/// (`F_*`) each list gives.
struct WordFlags {
    /// Keyed by the word as written: given names, words never in a name.
    word: lexicon::HashMap<&'static str, u32>,
    /// Two lists in one map, as their flags differ: by the word in lower case, stop words,
    /// common words, titles ([`LOWER_FLAGS`]); by the word's name key, titles, organisation,
    /// LOC and GPE words ([`KEY_FLAGS`]). A word whose name key is its lower case is looked
    /// up once.
    lower_key: lexicon::HashMap<&'static str, u32>,
}

/// The flags of [`WordFlags::lower_key`] given by the word in lower case...
const LOWER_FLAGS: u32 = F_STOP | F_COMMON | LOWER_TITLE;
/// ... and by its name key.
const KEY_FLAGS: u32 = F_TITLE | F_ORG_WORD | F_LOC_WORD | F_GPE_WORD;
const _: () = assert!(LOWER_FLAGS & KEY_FLAGS == 0);

/// Is the name key of `w` ([`lexicon::with_name_key`]) its lower case, as `w` is ASCII
/// without '`' and not kept in capitals?
fn key_is_lower(w: &str) -> bool {
    let (mut letters, mut lower) = (0usize, false);
    for b in w.bytes() {
        if !b.is_ascii() || b == b'`' {
            return false;
        }
        if b.is_ascii_alphabetic() {
            letters += 1;
            lower |= b.is_ascii_lowercase();
        }
    }
    // (Not two letters or more all in capitals.)
    letters < 2 || lower
}

/// The word in lower case is a title key (`F_TITLE` of a word no candidate).
const LOWER_TITLE: u32 = 1 << 31;

static WORD_FLAGS: LazyLock<WordFlags> = LazyLock::new(|| {
    fn add(
        m: &mut lexicon::HashMap<&'static str, u32>,
        words: impl IntoIterator<Item = &'static str>,
        flag: u32,
    ) {
        for w in words {
            *m.entry(w).or_default() |= flag;
        }
    }
    let (mut word, mut lower_key) = Default::default();
    add(
        &mut word,
        lexicon::first_names().iter().copied(),
        F_FIRST_NAME,
    );
    add(&mut word, lexicon::not_names().iter().copied(), F_NOT_NAME);
    add(&mut lower_key, lexicon::stopwords().iter().copied(), F_STOP);
    add(
        &mut lower_key,
        lexicon::common_words().iter().copied(),
        F_COMMON,
    );
    let titles = &lexicon::titles().0;
    add(
        &mut lower_key,
        titles.iter().map(String::as_str),
        LOWER_TITLE | F_TITLE,
    );
    let (loc_words, gpe_words) = lexicon::place_words();
    add(
        &mut lower_key,
        lexicon::org_words().iter().map(String::as_str),
        F_ORG_WORD,
    );
    add(
        &mut lower_key,
        loc_words.iter().map(String::as_str),
        F_LOC_WORD,
    );
    add(
        &mut lower_key,
        gpe_words.iter().map(String::as_str),
        F_GPE_WORD,
    );
    WordFlags { word, lower_key }
});

/// What a token is whatever its context: the hashes of its lower case, shape and affixes,
/// and its flags.
#[derive(Clone, Copy)]
struct Word {
    lower: u64,
    shape: u64,
    prefix: u64,
    suffix: u64,
    /// `F_CAP`, `F_CAND` (of the word alone: without the possessive between names), and the
    /// flags of a candidate from the word lists and `F_ACRONYM`.
    flags: u32,
    /// The flags of a word no candidate (what neighbours look at).
    plain_flags: u32,
    /// "'s" or "’s".
    possessive: bool,
    /// The first character is a lower-case letter.
    lower_first: bool,
    /// Some character is upper case.
    upper: bool,
}

impl Word {
    /// `w` looked at, given two buffers.
    fn new(w: &str, lower: &mut String, shape: &mut String) -> Word {
        lower_into(w, lower);
        let shape_hash = shape_hash(w, shape);
        let mut f = 0;
        let first = w.chars().next().unwrap_or(' ');
        if is_cap(w) {
            f |= F_CAP;
        }
        let upper = if w.is_ascii() {
            w.bytes().any(|b| b.is_ascii_uppercase())
        } else {
            w.chars().any(char::is_uppercase)
        };
        let cand = upper
            || first.is_numeric()
            || is_connector(lower)
            || lower
                .split_once('-')
                .is_some_and(|(p, _)| lexicon::particles().contains(p));
        if cand {
            f |= F_CAND;
        }
        let lists = &*WORD_FLAGS;
        let lower_key = lists.lower_key.get(lower.as_str()).copied().unwrap_or(0);
        let lower_flags = lower_key & LOWER_FLAGS;
        let mut plain_flags = lower_flags & F_STOP;
        if lower_flags & LOWER_TITLE != 0 {
            plain_flags |= F_TITLE;
        }
        let possessive = matches!(lower.as_str(), "'s" | "’s");
        // What only a candidate reads (never a candidate: left at zero).
        let (mut prefix, mut suffix) = (0, 0);
        if cand || possessive {
            f |= lists.word.get(w).copied().unwrap_or(0);
            f |= if key_is_lower(w) {
                lower_key
            } else {
                with_name_key(w, |key| lists.lower_key.get(key).copied().unwrap_or(0))
            } & KEY_FLAGS;
            f |= lower_flags & (F_COMMON | F_STOP);
            if crate::text::is_acronym(w) {
                f |= F_ACRONYM;
            }
            // The first and the last three characters.
            let pre = &lower[..lower.char_indices().nth(3).map_or(lower.len(), |(i, _)| i)];
            let suf = &lower[lower.char_indices().nth_back(2).map_or(0, |(i, _)| i)..];
            prefix = fnv(pre.as_bytes(), 3);
            suffix = fnv(suf.as_bytes(), 4);
        }
        Word {
            lower: fnv(lower.as_bytes(), 1),
            shape: shape_hash,
            prefix,
            suffix,
            flags: f,
            plain_flags,
            possessive,
            lower_first: first.is_alphanumeric() && first.is_lowercase(),
            upper,
        }
    }
}

thread_local! {
    /// The words [`known_word`] keeps, in each thread.
    static KNOWN: RefCell<lexicon::HashMap<ShortWord, Word>> = RefCell::default();
}

/// A word of at most [`KNOWN_WORD_BYTES`] bytes held in place: its bytes, zeros, and its
/// length in the last byte (a key hashed and compared without following a pointer).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct ShortWord([u64; 3]);

impl ShortWord {
    fn of(w: &str) -> Option<ShortWord> {
        let b = w.as_bytes();
        if b.len() > KNOWN_WORD_BYTES {
            return None;
        }
        let mut buf = [0u8; 24];
        buf[..b.len()].copy_from_slice(b);
        buf[23] = b.len() as u8;
        let word = |k: usize| {
            let mut x = [0u8; 8];
            x.copy_from_slice(&buf[8 * k..8 * k + 8]);
            u64::from_le_bytes(x)
        };
        Some(ShortWord([word(0), word(1), word(2)]))
    }
}

/// [`Word::new`] of `w`, kept in `known` from document to document (up to [`KNOWN_WORDS`]
/// words of at most [`KNOWN_WORD_BYTES`] bytes: a longer one is worked out each time).
fn known_word(
    known: &mut lexicon::HashMap<ShortWord, Word>,
    w: &str,
    lower: &mut String,
    shape: &mut String,
) -> Word {
    let Some(key) = ShortWord::of(w) else {
        return Word::new(w, lower, shape);
    };
    if let Some(x) = known.get(&key) {
        return *x;
    }
    let x = Word::new(w, lower, shape);
    if known.len() >= KNOWN_WORDS {
        known.clear();
    }
    known.insert(key, x);
    x
}

/// How many words [`known_word`] keeps.
const KNOWN_WORDS: usize = 1 << 15;
/// The longest word [`known_word`] keeps, in bytes (what a [`ShortWord`] holds).
const KNOWN_WORD_BYTES: usize = 23;

/// The lower case of `w` written into `s` (cleared first).
fn lower_into(w: &str, s: &mut String) {
    s.clear();
    if w.is_ascii() {
        s.push_str(w);
        s.make_ascii_lowercase();
    } else {
        s.push_str(&w.to_lowercase());
    }
}

/// A name the rules found: byte span and type.
pub type RuleSpan = (usize, usize, EntityType);

#[cfg(test)]
fn token_infos(
    text: &str,
    toks: &[(usize, usize)],
    ctx: &DocContext,
    rules: &[RuleSpan],
) -> Vec<TokInfo> {
    let mut infos = Vec::new();
    token_infos_into(text, toks, ctx, rules, &mut infos);
    infos
}

/// [`token_infos`] written into `infos` (cleared first).
fn token_infos_into(
    text: &str,
    toks: &[(usize, usize)],
    ctx: &DocContext,
    rules: &[RuleSpan],
    infos: &mut Vec<TokInfo>,
) {
    infos.clear();
    infos.resize(toks.len(), TokInfo::default());
    let first_word = toks
        .iter()
        .position(|&(s, e)| text[s..e].chars().next().is_some_and(char::is_alphanumeric));
    // Buffers reused from token to token.
    let mut lower = String::new();
    let mut shape = String::new();
    let ids = ctx.ids_of(toks);
    for (i, &(s, e)) in toks.iter().enumerate() {
        let (word, seen, id) = match ids {
            Some(ids) => {
                let (word, bits) = ctx.words[ids[i] as usize];
                (word, bits, ids[i])
            }
            None => ctx.lookup(&text[s..e], &mut lower, &mut shape),
        };
        let mut f = word.flags & F_CAP;
        if Some(i) == first_word {
            f |= F_INITIAL;
        }
        // (What the document says of a capitalised word: nothing of others.)
        if seen & D_LC != 0 {
            f |= F_LC_SEEN;
        }
        if seen & D_MID != 0 {
            f |= F_CAP_SEEN;
        }
        // A possessive inside a name ("People's Party"): between two capitalised words.
        let inner_possessive = word.possessive
            && i > 0
            && is_cap(&text[toks[i - 1].0..toks[i - 1].1])
            && toks.get(i + 1).is_some_and(|&(a, b)| is_cap(&text[a..b]));
        let cand = word.flags & F_CAND != 0 || (inner_possessive && !ablated("poss"));
        if !cand {
            // Only what neighbours look at.
            infos[i] = TokInfo {
                lower: word.lower,
                shape: word.shape,
                flags: f | word.plain_flags,
                word: id,
                ..TokInfo::default()
            };
            continue;
        }
        f |= F_CAND | (word.flags & !(F_CAP | F_CAND));
        let doc = if ablated("doc") {
            0
        } else {
            seen & !(D_MID | D_LC | D_SEEN)
        };
        infos[i] = TokInfo {
            lower: word.lower,
            shape: word.shape,
            prefix: word.prefix,
            suffix: word.suffix,
            flags: f,
            gaz: 0,
            title_end: false,
            rule: 0,
            doc,
            word: id,
        };
    }
    // The rules' names over the tokens.
    if let Some(&(first, _)) = toks.first() {
        let from = rules.partition_point(|r| r.1 <= first);
        for &(rs, re, kind) in &rules[from..] {
            if toks.last().is_none_or(|t| rs >= t.1) {
                break;
            }
            // The tokens inside the name: from the first starting in it, while they end in
            // it (tokens are in order and do not overlap).
            let from = toks.partition_point(|t| t.0 < rs);
            let inner = toks[from..].iter().take_while(|t| t.1 <= re).count();
            for (k, info) in infos[from..from + inner].iter_mut().enumerate() {
                info.rule = 1 + 2 * kind as u8 + u8::from(k > 0);
            }
        }
    }
    name_matches(text, toks, infos);
}

/// Marks the gazetteer names and titles over the tokens `toks` of `text` in `infos`.
fn name_matches(text: &str, toks: &[(usize, usize)], infos: &mut [TokInfo]) {
    let g = lexicon::gazetteer();
    let (titles, max_title) = lexicon::titles();
    // Gazetteer and title matches over several words, longest first.
    let mut i = 0;
    while i < toks.len() {
        if infos[i].flags & F_CAP == 0 {
            i += 1;
            continue;
        }
        let mut matched = 0;
        // Names and titles are made of candidate words.
        let longest = g.max_words.max(*max_title);
        let maxn = infos[i..]
            .iter()
            .take(longest)
            .take_while(|t| t.flags & F_CAND != 0)
            .count();
        // Longer phrases cannot be names or titles when their start is none.
        let maxn = key_reach(text, toks[i].0, &toks[i..i + maxn]);
        for n in (1..=maxn).rev() {
            let phrase = &text[toks[i].0..toks[i + n - 1].1];
            if phrase.len() > 80 {
                continue;
            }
            // The kind of gazetteer name, or 255 for a title.
            let hit = with_name_key(phrase, |key| {
                if n <= g.max_words
                    && let Some((k, _)) = g.names.get(key)
                {
                    Some(*k as u8)
                } else if n <= *max_title && titles.contains(key) {
                    Some(255)
                } else {
                    None
                }
            });
            match hit {
                Some(255) => {
                    infos[i + n - 1].title_end = true;
                    matched = n;
                    break;
                }
                Some(kind) => {
                    infos[i].gaz = 1 + 2 * kind;
                    for t in &mut infos[i + 1..i + n] {
                        t.gaz = 2 + 2 * kind;
                    }
                    matched = n;
                    break;
                }
                None => {}
            }
        }
        i += matched.max(1);
    }
}

/// How many of `toks` (the first starting at byte `start` of `text`) a gazetteer name or a
/// title starting with the first may span: the phrase of the first `n` tokens can be one
/// only if its lower case is the start of one ([`lexicon::key_prefixes`]; text that is not
/// ASCII is not ruled out).
fn key_reach(text: &str, start: usize, toks: &[(usize, usize)]) -> usize {
    let prefixes = lexicon::key_prefixes();
    let bytes = text.as_bytes();
    let mut h = 0;
    let mut at = start;
    for (n, &(_, e)) in toks.iter().enumerate() {
        while at < e {
            let b = bytes[at];
            if !b.is_ascii() {
                return toks.len();
            }
            let b = if b == b'`' {
                b'\''
            } else {
                b.to_ascii_lowercase()
            };
            h = lexicon::prefix_step(h, b);
            at += 1;
        }
        if !prefixes.contains(&h) {
            return n;
        }
    }
    toks.len()
}

/// Feature hashes of token `i` that pair the previous tag with the token (the model reads
/// them through [`Model::prev_score`]).
#[cfg(test)]
fn prev_features(infos: &[TokInfo], i: usize, p1: usize, out: &mut Vec<u64>) {
    out.clear();
    let t = &infos[i];
    let p1 = p1 as u64;
    out.push(mix(30, p1));
    out.push(mix(32, mix(p1, t.lower)));
    out.push(mix(33, mix(p1, t.shape)));
    out.push(mix(43, mix(u64::from(t.gaz), p1)));
    out.push(mix(83, mix(u64::from(t.rule), p1)));
}

/// Feature hashes of token `i` that do not depend on the tags (the tagger reads them
/// through [`Model::token_score`]).
#[cfg(test)]
fn features(infos: &[TokInfo], i: usize, out: &mut Vec<u64>) {
    out.clear();
    let t = &infos[i];
    let get = |k: isize| neighbour(infos, i, k);
    let gz = |k: isize| get(k).map_or(255, |x| x.gaz) as u64;
    let rl = |k: isize| get(k).map_or(255, |x| x.rule) as u64;
    // The features `Model::token_score` sums from dense tables...
    out.push(1);
    out.push(mix(40, gz(0)));
    out.push(mix(41, gz(-1)));
    out.push(mix(42, gz(1)));
    out.push(mix(44, u64::from(get(-1).is_some_and(|x| x.title_end))));
    out.push(mix(80, rl(0)));
    out.push(mix(81, rl(-1)));
    out.push(mix(82, rl(1)));
    for b in 0..NFLAGS {
        if t.flags & (1 << b) != 0 {
            out.push(mix(50 + u64::from(b), 1));
        }
    }
    for b in 0..NDOC {
        if t.doc & (1 << b) != 0 {
            out.push(mix(90 + u64::from(b), 1));
        }
    }
    // ...and those it looks up in the weight table.
    table_features(infos, i, out);
}

/// Token `i + k`, if there is one.
fn neighbour(infos: &[TokInfo], i: usize, k: isize) -> Option<&TokInfo> {
    let j = i as isize + k;
    (j >= 0).then(|| infos.get(j as usize)).flatten()
}

/// The tag-independent features of token `i` with many possible values (words, shapes,
/// affixes and their combinations), appended to `out`: the ones `Model::token_score` looks
/// up in the weight table rather than summing from dense tables.
#[cfg(test)]
fn table_features(infos: &[TokInfo], i: usize, out: &mut Vec<u64>) {
    out.extend_from_slice(&table_feature_array(infos, i));
}

/// How many features [`table_features`] gives.
const NTABLE: usize = 21;

/// [`table_features`] in order, in an array: from [`context_feature_array`],
/// [`word_feature_array`] and [`place_feature_array`].
#[cfg(test)]
fn table_feature_array(infos: &[TokInfo], i: usize) -> [u64; NTABLE] {
    // (In the order training has always read them: a sum of floats depends on it.)
    let c = context_feature_array(infos, i);
    let w = word_feature_array(&infos[i]);
    let p = place_feature_array(&infos[i]);
    let (r0, r1, f0, f1) = small_context(infos, i);
    let (r0, r1, f0, f1) = (u64::from(r0), u64::from(r1), u64::from(f0), u64::from(f1));
    [
        w[0],
        w[1],
        w[2],
        w[3],
        c[0],
        c[1],
        c[2],
        c[3],
        c[4],
        c[5],
        c[6],
        c[7],
        c[8],
        c[9],
        p[0],
        mix(85, mix(r0, r1)),
        w[4],
        mix(70, f0),
        mix(71, f1),
        p[1],
        p[2],
    ]
}

/// How many features [`context_feature_array`], [`word_feature_array`] and
/// [`place_feature_array`] give.
const NCONTEXT: usize = 10;
const NWORD: usize = 5;
const NPLACE: usize = 3;
const _: () = assert!(NCONTEXT + 3 + NWORD + NPLACE == NTABLE);

/// The features of [`table_features`] of token `i` that depend on its neighbours.
#[inline]
fn context_feature_array(infos: &[TokInfo], i: usize) -> [u64; NCONTEXT] {
    let t = &infos[i];
    let get = |k: isize| neighbour(infos, i, k);
    const NONE: u64 = 0x5bd1e995;
    let lw = |k: isize| get(k).map_or(NONE, |x| x.lower);
    let sh = |k: isize| get(k).map_or(NONE, |x| x.shape);
    [
        mix(20, lw(-1)),
        mix(21, lw(1)),
        mix(22, lw(-2)),
        mix(23, lw(2)),
        mix(24, sh(-1)),
        mix(25, sh(1)),
        mix(26, mix(sh(-1), t.shape)),
        mix(27, mix(t.shape, sh(1))),
        mix(34, mix(lw(-1), t.lower)),
        mix(35, mix(t.lower, lw(1))),
    ]
}

/// The values of the features of [`table_features`] of token `i` with few values: the
/// rules' tags of the token and the next (feature 85), the flags of the previous and the next
/// (70, 71).
#[inline]
fn small_context(infos: &[TokInfo], i: usize) -> (u8, u8, u32, u32) {
    let get = |k: isize| neighbour(infos, i, k);
    let rl = |k: isize| get(k).map_or(255, |x| x.rule);
    let fl = |k: isize| get(k).map_or(FL_NONE, |x| x.flags & FL_MASK);
    (rl(0), rl(1), fl(-1), fl(1))
}

/// The flags of a neighbour features 70 and 71 read...
const FL_MASK: u32 = F_CAP | F_STOP | F_TITLE | F_ACRONYM;
/// ... and their value for no neighbour.
const FL_NONE: u32 = 1 << 20;

/// The features of [`table_features`] of a token that are the same at every candidate
/// token of its word in a document.
#[cfg(test)]
fn word_feature_array(t: &TokInfo) -> [u64; NWORD] {
    let [a, b, c, d] = own_feature_array(t);
    [a, b, c, d, mix(89, u64::from(t.doc))]
}

/// The features of [`word_feature_array`] of the word alone, whatever the document.
#[inline]
fn own_feature_array(t: &TokInfo) -> [u64; 4] {
    [
        mix(10, t.lower),
        mix(11, t.shape),
        mix(12, t.prefix),
        mix(13, t.suffix),
    ]
}

/// The features of [`table_features`] of a token that also depend on its place (first in
/// its sentence or not) and the rules' tag.
#[inline]
fn place_feature_array(t: &TokInfo) -> [u64; NPLACE] {
    [
        mix(84, mix(u64::from(t.rule), t.shape)),
        mix(
            72,
            mix(
                u64::from(t.flags & (F_INITIAL | F_LC_SEEN | F_CAP_SEEN | F_COMMON)),
                t.shape,
            ),
        ),
        mix(73, mix(u64::from(t.flags & F_INITIAL), t.lower)),
    ]
}

/// [`allowed`] of every previous tag and tag.
const ALLOWED: [[bool; NT]; NT] = {
    let mut a = [[false; NT]; NT];
    let mut p = 0;
    while p < NT {
        let mut t = 0;
        while t < NT {
            a[p][t] = allowed(p, t);
            t += 1;
        }
        p += 1;
    }
    a
};

const fn allowed(prev: usize, tag: usize) -> bool {
    // I-X only after B-X or I-X.
    tag == 0 || tag % 2 == 1 || (prev != 0 && (prev - 1) / 2 == (tag - 1) / 2)
}

/// The best tag sequence of one sentence (Viterbi over the previous tag), with `score`
/// writing the tag scores of a feature list.
#[cfg(test)]
fn decode(infos: &[TokInfo], score: impl Fn(&[u64], &mut [f32; NT])) -> Vec<usize> {
    /// Scores from the features' hashes.
    struct Plain<F> {
        score: F,
        feats: Vec<u64>,
    }
    impl<F: Fn(&[u64], &mut [f32; NT])> Scorer for Plain<F> {
        fn token(&mut self, infos: &[TokInfo], i: usize, sc: &mut [f32; NT]) {
            features(infos, i, &mut self.feats);
            (self.score)(&self.feats, sc);
        }
        fn prev(&mut self, infos: &[TokInfo], i: usize, live: u16, sc: &mut [[f32; NT]; NT]) {
            for (p, sc) in sc.iter_mut().enumerate() {
                if live & (1 << p) != 0 {
                    prev_features(infos, i, p, &mut self.feats);
                    (self.score)(&self.feats, sc);
                }
            }
        }
    }
    decode_with(
        infos,
        &mut Plain {
            score,
            feats: Vec::with_capacity(64),
        },
    )
}

/// [`decode`] with the scores of `scorer`.
#[cfg(test)]
fn decode_with(infos: &[TokInfo], scorer: &mut impl Scorer) -> Vec<usize> {
    let mut tags = Vec::new();
    decode_into(infos, scorer, &mut Vec::new(), &mut tags);
    tags
}

/// The best tag sequence of one sentence (Viterbi over the previous tag) with the scores of
/// `scorer`, written into `tags` (cleared first), given a buffer.
#[allow(clippy::needless_range_loop)]
fn decode_into(
    infos: &[TokInfo],
    scorer: &mut impl Scorer,
    back: &mut Vec<[u8; NT]>,
    tags: &mut Vec<usize>,
) {
    const NEG: f32 = f32::NEG_INFINITY;
    let n = infos.len();
    back.clear();
    back.resize(n, [0; NT]);
    let back = back.as_mut_slice();
    let mut prev = [NEG; NT];
    prev[0] = 0.0;
    let (mut st, mut pt) = ([0f32; NT], [[0f32; NT]; NT]);
    let best_of = |v: &[f32; NT]| {
        let mut b = 0;
        for t in 1..NT {
            if v[t] > v[b] {
                b = t;
            }
        }
        b
    };
    // Only O is reached (at the start, after a token no candidate): its best is O.
    let mut only_o = true;
    for i in 0..n {
        if infos[i].flags & F_CAND == 0 {
            // (After a run of such tokens, `prev` stays as it is: O alone, its score kept.)
            if !only_o {
                let b = best_of(&prev);
                let best = prev[b];
                prev = [NEG; NT];
                prev[0] = best;
                back[i][0] = b as u8;
                only_o = true;
            }
            continue;
        }
        let mut cur = [NEG; NT];
        only_o = false;
        scorer.token(infos, i, &mut st);
        let live = (0..NT)
            .filter(|&p| prev[p] != NEG)
            .fold(0u16, |m, p| m | 1 << p);
        scorer.prev(infos, i, live, &mut pt);
        for p in 0..NT {
            if prev[p] == NEG {
                continue;
            }
            let mut v = [0f32; NT];
            for t in 0..NT {
                v[t] = prev[p] + st[t] + pt[p][t];
            }
            for t in 0..NT {
                if ALLOWED[p][t] && v[t] > cur[t] {
                    cur[t] = v[t];
                    back[i][t] = p as u8;
                }
            }
        }
        prev = cur;
    }
    tags.clear();
    tags.resize(n, 0);
    let mut t = best_of(&prev);
    for i in (0..n).rev() {
        tags[i] = t;
        t = usize::from(back[i][t]);
    }
}

fn spans_of(toks: &[(usize, usize)], tags: &[usize]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, usize, usize)> = None; // start tok, end tok, class
    let close = |cur: &mut Option<(usize, usize, usize)>, out: &mut Vec<Span>| {
        if let Some((a, b, c)) = cur.take() {
            out.push(Span {
                s: toks[a].0,
                e: toks[b].1,
                class: CLASSES[c],
            });
        }
    };
    for (i, &t) in tags.iter().enumerate() {
        if t == 0 {
            close(&mut cur, &mut out);
        } else if t % 2 == 1 {
            close(&mut cur, &mut out);
            cur = Some((i, i, (t - 1) / 2));
        } else if let Some(c) = cur.as_mut() {
            c.1 = i;
        }
    }
    close(&mut cur, &mut out);
    out
}

// ---- the stored model ----

/// One slot of [`Table`]: a key (0 when empty) and its weights, in one cache line.
#[derive(Clone, Copy, Default)]
#[repr(align(32))]
struct Slot {
    key: u64,
    w: [i16; NT],
}

/// Feature hash → weights per tag: open addressing with linear probing, the weights beside
/// their key (a key 0 is kept aside). Almost every feature looked up is in the model, so a
/// lookup is a read of one slot; lookups are made in batches, every first slot read before
/// any is compared, so that the memory reads overlap.
struct Table {
    slots: Vec<Slot>,
    /// The weights of key 0, if the model has it.
    zero: Option<[i16; NT]>,
    shift: u32,
}

impl Table {
    fn with_capacity(n: usize) -> Table {
        let size = (2 * n).next_power_of_two().max(16);
        Table {
            slots: vec![Slot::default(); size],
            zero: None,
            shift: 64 - size.trailing_zeros(),
        }
    }

    #[inline]
    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// Sets the weights of `key` (a later entry replaces an earlier one).
    fn insert(&mut self, key: u64, w: [i16; NT]) {
        if key == 0 {
            self.zero = Some(w);
            return;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        while self.slots[i].key != 0 && self.slots[i].key != key {
            i = (i + 1) & mask;
        }
        self.slots[i] = Slot { key, w };
    }

    fn get(&self, key: &u64) -> Option<&[i16; NT]> {
        let key = *key;
        if key == 0 {
            return self.zero.as_ref();
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            match self.slots[i].key {
                0 => return None,
                k if k == key => return Some(&self.slots[i].w),
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// Adds the weights of the features `feats` to `acc`.
    #[cfg(test)]
    fn sum(&self, feats: &[u64], acc: &mut [i32; NT]) {
        for f in feats {
            if let Some(w) = self.get(f) {
                add(acc, &w.map(i32::from));
            }
        }
    }

    /// Adds the weights of the features `feats` to `acc`: the first slot of every feature
    /// is read before any is compared, so that the memory reads overlap.
    #[inline]
    #[allow(clippy::needless_range_loop)]
    fn sum_of<const N: usize>(&self, feats: &[u64; N], acc: &mut [i32; NT]) {
        let mask = self.slots.len() - 1;
        let mut at = [0usize; N];
        let mut first = [0u64; N];
        for k in 0..N {
            at[k] = self.home(feats[k]) & mask;
            first[k] = self.slots[at[k]].key;
        }
        // The weights of each (none for a feature the model does not have), then summed.
        let mut rows = [&NO_WEIGHTS; N];
        for k in 0..N {
            let f = feats[k];
            let w = if f == 0 {
                self.zero.as_ref()
            } else {
                let (mut i, mut key) = (at[k], first[k]);
                loop {
                    if key == f {
                        break Some(&self.slots[i].w);
                    }
                    if key == 0 {
                        break None;
                    }
                    i = (i + 1) & mask;
                    key = self.slots[i].key;
                }
            };
            if let Some(w) = w {
                rows[k] = w;
            }
        }
        add_rows(acc, rows);
    }
}

/// Weights: feature hash → score per tag (scaled integers).
pub struct Model {
    weights: Table,
    scale: f32,
    /// The weights of the features whose values are few, looked up once at load.
    small: Box<Small>,
    /// Which model this is (1 for the first parsed, and so on): what weights kept from
    /// token to token are of.
    id: u64,
}

/// The weights of the features of [`features`] and [`prev_features`] whose values are few,
/// by value (the sum of weights is the same whatever the order features are added in).
struct Small {
    bias: [i32; NT],
    /// Gazetteer match of the token, the previous and the next (features 40, 41, 42).
    gaz: [[[i32; NT]; 256]; 3],
    /// A title ends at the previous token (44).
    title_end: [[i32; NT]; 2],
    /// Rule tag of the token, the previous and the next (80, 81, 82).
    rule: [[[i32; NT]; 256]; 3],
    /// Each flag set (50 + bit) and each document bit set (90 + bit).
    flag: [[i32; NT]; NFLAGS as usize],
    doc: [[i32; NT]; NDOC as usize],
    /// Per previous tag: the tag (30), with the gazetteer match (43) and the rule tag (83).
    prev: [[i32; NT]; NT],
    prev_gaz: [[[i32; NT]; NT]; 256],
    prev_rule: [[[i32; NT]; NT]; 256],
    /// The rules' tags of the token and the next (85), by [`rule_code`].
    rule_pair: [[[i32; NT]; 16]; 16],
    /// The flags of the previous token (70) and the next (71), by [`fl_code`].
    fl: [[[i32; NT]; 17]; 2],
}

/// A rule tag (0 to 14, or 255 for no token) as an index of [`Small::rule_pair`].
#[inline]
fn rule_code(v: u8) -> Option<usize> {
    match v {
        0..15 => Some(usize::from(v)),
        255 => Some(15),
        _ => None,
    }
}

/// Flags `f` (of [`FL_MASK`], or [`FL_NONE`]) as an index of [`Small::fl`]...
#[inline]
fn fl_code(f: u32) -> usize {
    if f == FL_NONE {
        return 16;
    }
    let bit = |flag: u32, k: u32| usize::from(f & flag != 0) << k;
    bit(F_CAP, 0) | bit(F_STOP, 1) | bit(F_TITLE, 2) | bit(F_ACRONYM, 3)
}

/// ... and back.
fn fl_of_code(c: usize) -> u32 {
    if c == 16 {
        return FL_NONE;
    }
    [F_CAP, F_STOP, F_TITLE, F_ACRONYM]
        .iter()
        .enumerate()
        .filter(|&(k, _)| c & (1 << k) != 0)
        .fold(0, |f, (_, &flag)| f | flag)
}

const MAGIC: &[u8; 8] = b"DOSNER01";

impl Model {
    fn parse(bytes: &[u8]) -> Option<Model> {
        let rest = bytes.strip_prefix(MAGIC)?;
        let scale = f32::from_le_bytes(rest.get(0..4)?.try_into().ok()?);
        let count = u32::from_le_bytes(rest.get(4..8)?.try_into().ok()?) as usize;
        let mut weights = Table::with_capacity(count.min(rest.len() / 10));
        // (Read through a shrinking slice: one length check a field.)
        let mut rest = rest.get(8..)?;
        for _ in 0..count {
            let (key, r) = rest.split_first_chunk::<8>()?;
            let (mask, r) = r.split_first_chunk::<2>()?;
            rest = r;
            let (key, mask) = (u64::from_le_bytes(*key), u16::from_le_bytes(*mask));
            let mut w = [0i16; NT];
            for (t, x) in w.iter_mut().enumerate() {
                if mask & (1 << t) != 0 {
                    let (v, r) = rest.split_first_chunk::<2>()?;
                    *x = i16::from_le_bytes(*v);
                    rest = r;
                }
            }
            // A feature with no weight scores as one the model does not have.
            if w != [0; NT] {
                weights.insert(key, w);
            } else if weights.get(&key).is_some() {
                // (Unless it replaces an earlier entry of the same key.)
                weights.insert(key, w);
            }
        }
        let w = |f: u64| weights.get(&f).map_or([0; NT], |w| w.map(i32::from));
        let mut small = Box::new(Small {
            bias: w(1),
            gaz: [[[0; NT]; 256]; 3],
            title_end: [w(mix(44, 0)), w(mix(44, 1))],
            rule: [[[0; NT]; 256]; 3],
            flag: [[0; NT]; NFLAGS as usize],
            doc: [[0; NT]; NDOC as usize],
            prev: [[0; NT]; NT],
            prev_gaz: [[[0; NT]; NT]; 256],
            prev_rule: [[[0; NT]; NT]; 256],
            rule_pair: [[[0; NT]; 16]; 16],
            fl: [[[0; NT]; 17]; 2],
        });
        let rule_values = (0..15).chain([255u64]);
        for (a, va) in rule_values.clone().enumerate() {
            for (b, vb) in rule_values.clone().enumerate() {
                small.rule_pair[a][b] = w(mix(85, mix(va, vb)));
            }
        }
        for c in 0..17 {
            let f = u64::from(fl_of_code(c));
            small.fl[0][c] = w(mix(70, f));
            small.fl[1][c] = w(mix(71, f));
        }
        for v in 0..256 {
            for k in 0..3 {
                small.gaz[k][v] = w(mix(40 + k as u64, v as u64));
                small.rule[k][v] = w(mix(80 + k as u64, v as u64));
            }
            for p in 0..NT {
                small.prev_gaz[v][p] = w(mix(43, mix(v as u64, p as u64)));
                small.prev_rule[v][p] = w(mix(83, mix(v as u64, p as u64)));
            }
        }
        for b in 0..NFLAGS as usize {
            small.flag[b] = w(mix(50 + b as u64, 1));
        }
        for b in 0..NDOC as usize {
            small.doc[b] = w(mix(90 + b as u64, 1));
        }
        for p in 0..NT {
            small.prev[p] = w(mix(30, p as u64));
        }
        static MODELS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Some(Model {
            weights,
            scale,
            small,
            id: MODELS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }

    /// Adds the weights of the features of token `i` ([`features`]) that depend on its
    /// neighbours: the ones with few values from [`Small`], the others looked up.
    fn context_weights(&self, infos: &[TokInfo], i: usize, acc: &mut [i32; NT]) {
        let get = |k: isize| neighbour(infos, i, k);
        let s = &*self.small;
        let gz = |k: isize| usize::from(get(k).map_or(255, |x| x.gaz));
        let rl = |k: isize| usize::from(get(k).map_or(255, |x| x.rule));
        let (r0, r1, f0, f1) = small_context(infos, i);
        let rule_pair = match (rule_code(r0), rule_code(r1)) {
            (Some(a), Some(b)) => &s.rule_pair[a][b],
            _ => {
                self.weights
                    .sum_of(&[mix(85, mix(u64::from(r0), u64::from(r1)))], acc);
                &NO_WEIGHTS32
            }
        };
        add_rows(
            acc,
            [
                &s.bias,
                &s.gaz[0][gz(0)],
                &s.gaz[1][gz(-1)],
                &s.gaz[2][gz(1)],
                &s.title_end[usize::from(get(-1).is_some_and(|x| x.title_end))],
                &s.rule[0][rl(0)],
                &s.rule[1][rl(-1)],
                &s.rule[2][rl(1)],
                rule_pair,
                &s.fl[0][fl_code(f0)],
                &s.fl[1][fl_code(f1)],
            ],
        );
        self.weights.sum_of(&context_feature_array(infos, i), acc);
    }

    /// Adds the weights of the features of a candidate token `t` that are the same at every
    /// candidate token of its word in a document: the word's own features, its flags (but
    /// `F_INITIAL`) and what the document says of it.
    fn word_weights(&self, t: &TokInfo, acc: &mut [i32; NT]) {
        self.doc_weights(t, acc);
        self.weights.sum_of(&own_feature_array(t), acc);
    }

    /// Adds the weights of [`Model::word_weights`] that depend on the document.
    fn doc_weights(&self, t: &TokInfo, acc: &mut [i32; NT]) {
        let s = &*self.small;
        // The bits set, one by one.
        let mut bits = t.flags & ((1 << NFLAGS) - 1) & !F_INITIAL;
        while bits != 0 {
            add(acc, &s.flag[bits.trailing_zeros() as usize]);
            bits &= bits - 1;
        }
        let mut bits = u32::from(t.doc) & ((1 << NDOC) - 1);
        while bits != 0 {
            add(acc, &s.doc[bits.trailing_zeros() as usize]);
            bits &= bits - 1;
        }
        self.weights.sum_of(&[mix(89, u64::from(t.doc))], acc);
    }

    /// Adds the weights of the features of token `t` that also depend on its place: first
    /// word of its sentence or not, the rules' tag.
    fn place_weights(&self, t: &TokInfo, acc: &mut [i32; NT]) {
        if t.flags & F_INITIAL != 0 {
            add(acc, &self.small.flag[F_INITIAL.trailing_zeros() as usize]);
        }
        self.weights.sum_of(&place_feature_array(t), acc);
    }

    /// The scores of the features of token `i` ([`features`]), read afresh.
    #[cfg(test)]
    fn token_score(&self, infos: &[TokInfo], i: usize, sc: &mut [f32; NT]) {
        let t = &infos[i];
        let mut acc = [0; NT];
        self.context_weights(infos, i, &mut acc);
        self.word_weights(t, &mut acc);
        self.place_weights(t, &mut acc);
        self.scores(&acc, sc);
    }

    /// `acc` scaled.
    #[allow(clippy::needless_range_loop)]
    fn scores(&self, acc: &[i32; NT], sc: &mut [f32; NT]) {
        for x in 0..NT {
            sc[x] = acc[x] as f32 * self.scale;
        }
    }

    #[cfg(test)]
    fn score(&self, feats: &[u64], sc: &mut [f32; NT]) {
        let mut acc = [0i32; NT];
        self.weights.sum(feats, &mut acc);
        self.scores(&acc, sc);
    }

    /// The weights of the features of `prev_features` for token `t` after tag `p` that do
    /// not depend on its rule tag and gazetteer match.
    fn prev_word_weights(&self, t: &TokInfo, p: usize) -> [i32; NT] {
        let p64 = p as u64;
        let feats = [mix(32, mix(p64, t.lower)), mix(33, mix(p64, t.shape))];
        let mut acc = self.small.prev[p];
        for f in feats.iter() {
            if let Some(w) = self.weights.get(f) {
                for x in 0..8 {
                    acc[x] += i32::from(w[x]);
                }
                acc[8] += i32::from(w[8]);
            }
        }
        acc
    }

    /// The scores of the features of `prev_features` for token `t` after tag `p`, given
    /// the weights of [`Model::prev_word_weights`].
    #[allow(clippy::needless_range_loop)]
    fn prev_scores(&self, t: &TokInfo, p: usize, word: &[i32; NT], sc: &mut [f32; NT]) {
        let s = &*self.small;
        let mut acc = *word;
        add_rows(
            &mut acc,
            [
                &s.prev_gaz[usize::from(t.gaz)][p],
                &s.prev_rule[usize::from(t.rule)][p],
            ],
        );
        self.scores(&acc, sc);
    }

    /// The scores of the features of `prev_features` for token `t` after tag `p`.
    fn prev_score(&self, t: &TokInfo, p: usize, sc: &mut [f32; NT]) {
        self.prev_scores(t, p, &self.prev_word_weights(t, p), sc);
    }

    /// The names of one sentence of `text` (tokens from [`tokenize`], offsets into `text`).
    pub fn tag(
        &self,
        text: &str,
        toks: &[(usize, usize)],
        ctx: &DocContext,
        rules: &[RuleSpan],
    ) -> Vec<Span> {
        let upper = match ctx.ids_of(toks) {
            Some(ids) => ids.iter().any(|&id| ctx.words[id as usize].0.upper),
            None => toks
                .iter()
                .any(|&(s, e)| text[s..e].chars().any(char::is_uppercase)),
        };
        if !upper {
            return Vec::new();
        }
        let mut learned = ctx.learned.borrow_mut();
        SHARED.with_borrow_mut(|shared| {
            shared.ready(self);
            learned.of_model(self, ctx.words.len(), shared);
            // (Buffers kept from sentence to sentence.)
            let mut b = std::mem::take(&mut shared.buffers);
            token_infos_into(text, toks, ctx, rules, &mut b.infos);
            decode_into(
                &b.infos,
                &mut Cached::new(self, &mut learned, shared),
                &mut b.back,
                &mut b.tags,
            );
            let spans = spans_of(toks, &b.tags);
            // (Kept unless a very long sentence made them large: the thread keeps them.)
            if b.infos.capacity() <= KEPT_TOKENS {
                shared.buffers = b;
            }
            spans
        })
    }
}

/// The most tokens [`Buffers`] are kept for in a thread after a sentence.
const KEPT_TOKENS: usize = 1 << 12;

/// Adds `w` to `acc`.
#[inline]
fn add(acc: &mut [i32; NT], w: &[i32; NT]) {
    add_rows(acc, [w]);
}

/// Adds the rows `rows` to `acc`, a lane at a time (a loop over the lanes is one the compiler
/// makes vector operations of; a sum of integers does not depend on its order).
#[inline]
#[allow(clippy::needless_range_loop)]
fn add_rows<T: Copy + Into<i32>, const N: usize>(acc: &mut [i32; NT], rows: [&[T; NT]; N]) {
    for x in 0..NT {
        let mut v = acc[x];
        for r in rows {
            v += r[x].into();
        }
        acc[x] = v;
    }
}

/// No weights.
static NO_WEIGHTS: [i16; NT] = [0; NT];
static NO_WEIGHTS32: [i32; NT] = [0; NT];

/// The model's weights of the words of a document, as far as the tagger has read them: a
/// word's features are looked up once, whatever the number of its tokens.
#[derive(Default)]
struct Learned {
    /// The model they are of ([`Model::id`], 0 for none) and the generation of [`Shared`]
    /// words they point to.
    model: u64,
    generation: u64,
    /// Per word index: 1 + its entry in `weights`, or 0 when not yet read.
    at: Vec<u32>,
    weights: Vec<WordWeights>,
}

/// The weights of a word's features in a document.
struct WordWeights {
    /// Its entry in [`Shared::words`].
    shared: u32,
    /// At every candidate token of the word: [`Model::word_weights`]...
    core: [i32; NT],
    /// ... and with [`Model::place_weights`] of a token not first in its sentence and outside
    /// the rules' names.
    plain: [i32; NT],
}

impl Learned {
    /// Readies the weights for `model` and a document of `words` words, `shared` being
    /// ready for `model`.
    fn of_model(&mut self, model: &Model, words: usize, shared: &Shared) {
        let m = model.id;
        if self.model != m || self.generation != shared.generation {
            *self = Learned {
                model: m,
                generation: shared.generation,
                at: vec![0; words],
                // (About a word in three is a candidate.)
                weights: Vec::with_capacity(words / 3),
            };
        }
    }

    /// The index in `weights` of the word of candidate token `t` (read the first time), if it
    /// is a word of the document.
    fn entry(&mut self, model: &Model, shared: &mut Shared, t: &TokInfo) -> Option<usize> {
        let at = self.at.get_mut(t.word as usize)?;
        if *at == 0 {
            let k = shared.entry(model, t);
            let own = &shared.words[k];
            let mut core = [0; NT];
            model.doc_weights(t, &mut core);
            add(&mut core, &own.own);
            let mut plain = core;
            add(&mut plain, &own.plain);
            let [_, f72, _] = place_feature_array(&plain_place(t));
            model.weights.sum_of(&[f72], &mut plain);
            self.weights.push(WordWeights {
                shared: k as u32,
                core,
                plain,
            });
            *at = self.weights.len() as u32;
        }
        Some(*at as usize - 1)
    }
}

/// Token `t` as if it were not first in its sentence and outside the rules' names.
fn plain_place(t: &TokInfo) -> TokInfo {
    let mut u = *t;
    u.flags &= !F_INITIAL;
    u.rule = 0;
    u
}

/// The model's weights of words whatever the document, kept from document to document in
/// each thread (up to [`SHARED_WORDS`] words), by the hashes of a word.
#[derive(Default)]
struct Shared {
    /// The model they are of ([`Model::id`], 0 for none), and how many times they were
    /// emptied.
    model: u64,
    generation: u64,
    at: lexicon::HashMap<[u64; 4], u32>,
    words: Vec<SharedWeights>,
    buffers: Buffers,
}

/// What [`Model::tag`] works in: the tokens of a sentence, Viterbi's back pointers and the
/// tags.
#[derive(Default)]
struct Buffers {
    infos: Vec<TokInfo>,
    back: Vec<[u8; NT]>,
    tags: Vec<usize>,
}

/// The weights of a word's features whatever the document.
struct SharedWeights {
    /// The features of [`own_feature_array`]...
    own: [i32; NT],
    /// ... those of [`place_feature_array`] that do not depend on the document (84, 73), at a
    /// token not first in its sentence and outside the rules' names...
    plain: [i32; NT],
    /// ... and [`Model::prev_word_weights`] of each previous tag, where `prev_read` has its
    /// bit.
    prev: [[i32; NT]; NT],
    prev_read: u16,
}

/// How many words [`Shared`] keeps.
const SHARED_WORDS: usize = 1 << 14;

impl Shared {
    /// Readies the weights for `model` (emptied when full: only here, so that the entries
    /// stay while a sentence is tagged).
    fn ready(&mut self, model: &Model) {
        let m = model.id;
        if self.model != m || self.words.len() >= SHARED_WORDS {
            self.model = m;
            self.generation += 1;
            self.at.clear();
            self.words.clear();
        }
    }

    /// The index in `words` of the word of token `t` (read the first time).
    fn entry(&mut self, model: &Model, t: &TokInfo) -> usize {
        let key = [t.lower, t.shape, t.prefix, t.suffix];
        if let Some(&k) = self.at.get(&key) {
            return k as usize;
        }
        let mut own = [0; NT];
        model.weights.sum_of(&own_feature_array(t), &mut own);
        let mut plain = [0; NT];
        let [f84, _, f73] = place_feature_array(&plain_place(t));
        model.weights.sum_of(&[f84, f73], &mut plain);
        self.words.push(SharedWeights {
            own,
            plain,
            prev: [[0; NT]; NT],
            prev_read: 0,
        });
        let k = self.words.len() - 1;
        self.at.insert(key, k as u32);
        k
    }
}

thread_local! {
    static SHARED: RefCell<Shared> = RefCell::default();
}

/// The scores of the tokens of a sentence: what Viterbi asks of a model.
trait Scorer {
    /// The scores of the features of token `i` ([`features`]).
    fn token(&mut self, infos: &[TokInfo], i: usize, sc: &mut [f32; NT]);
    /// The scores of the features of token `i` after tag `p` ([`prev_features`]) for each
    /// previous tag `p` whose bit `live` has, asked after [`Scorer::token`] of the same
    /// token.
    fn prev(&mut self, infos: &[TokInfo], i: usize, live: u16, sc: &mut [[f32; NT]; NT]);
}

/// The model's scores, with the weights of the words of the document kept from token to
/// token.
struct Cached<'m, 'l> {
    model: &'m Model,
    learned: &'l mut Learned,
    shared: &'l mut Shared,
    /// The last token scored and the index of its word's weights.
    token: Option<(usize, usize)>,
}

impl<'m, 'l> Cached<'m, 'l> {
    /// The scores of `model`, with `learned` and `shared` ready for it
    /// ([`Learned::of_model`], [`Shared::ready`]).
    fn new(model: &'m Model, learned: &'l mut Learned, shared: &'l mut Shared) -> Self {
        Cached {
            model,
            learned,
            shared,
            token: None,
        }
    }
}

impl Scorer for Cached<'_, '_> {
    fn token(&mut self, infos: &[TokInfo], i: usize, sc: &mut [f32; NT]) {
        let t = &infos[i];
        let m = self.model;
        let mut acc = [0; NT];
        m.context_weights(infos, i, &mut acc);
        let entry = self.learned.entry(m, self.shared, t);
        self.token = entry.map(|e| (i, e));
        match entry.map(|e| &self.learned.weights[e]) {
            Some(e) if t.flags & F_INITIAL == 0 && t.rule == 0 => add(&mut acc, &e.plain),
            Some(e) => {
                add(&mut acc, &e.core);
                m.place_weights(t, &mut acc);
            }
            None => {
                m.word_weights(t, &mut acc);
                m.place_weights(t, &mut acc);
            }
        }
        m.scores(&acc, sc);
    }

    fn prev(&mut self, infos: &[TokInfo], i: usize, live: u16, sc: &mut [[f32; NT]; NT]) {
        let t = &infos[i];
        let m = self.model;
        let entry = match self.token {
            Some((j, e)) if j == i => Some(e),
            _ => self.learned.entry(m, self.shared, t),
        };
        let Some(e) =
            entry.map(|e| &mut self.shared.words[self.learned.weights[e].shared as usize])
        else {
            for (p, sc) in sc.iter_mut().enumerate() {
                if live & (1 << p) != 0 {
                    m.prev_score(t, p, sc);
                }
            }
            return;
        };
        for (p, sc) in sc.iter_mut().enumerate() {
            if live & (1 << p) == 0 {
                continue;
            }
            if e.prev_read & (1 << p) == 0 {
                e.prev[p] = m.prev_word_weights(t, p);
                e.prev_read |= 1 << p;
            }
            m.prev_scores(t, p, &e.prev[p], sc);
        }
    }
}

/// The compiled-in model, or `None` when `data/ner_model.bin` is empty or unreadable.
pub fn model() -> Option<&'static Model> {
    static M: OnceLock<Option<Model>> = OnceLock::new();
    M.get_or_init(|| {
        // Experiment hook: another weights file to compare models without rebuilding.
        if let Ok(path) = std::env::var("DOSSIER_NER_MODEL_FILE")
            && let Ok(bytes) = std::fs::read(path)
        {
            return Model::parse(&bytes);
        }
        Model::parse(include_bytes!("../../../data/ner_model.bin"))
    })
    .as_ref()
}

// ---- training ----

/// A training sentence: tokens and gold tags.
#[cfg(test)]
#[derive(Clone)]
pub struct Example {
    words: Vec<String>,
    infos: Vec<TokInfo>,
    gold: Vec<usize>,
    /// Capitalised words outside the gold names of a set that labels only some kinds of
    /// names (UNER has no OTHER): whatever the tagger says there is not corrected.
    open: Vec<bool>,
}

/// Turns a document with gold spans (byte offsets, class) into examples, one per sentence.
#[cfg(test)]
pub fn examples(
    text: &str,
    sentences: &[(usize, usize)],
    gold: &[(usize, usize, Class)],
    rules: &[RuleSpan],
) -> (Vec<Example>, usize) {
    let toks: Vec<Vec<(usize, usize)>> = sentences
        .iter()
        .map(|&(s, e)| {
            tokenize(&text[s..e])
                .into_iter()
                .map(|(a, b)| (a + s, b + s))
                .collect()
        })
        .collect();
    let ctx = DocContext::new(text, &toks, rules);
    let mut misaligned = 0;
    let mut out = Vec::new();
    for st in &toks {
        let mut tags = vec![0usize; st.len()];
        for &(gs, ge, c) in gold {
            let a = st.iter().position(|t| t.0 == gs);
            let b = st.iter().position(|t| t.1 == ge);
            match (a, b) {
                (Some(a), Some(b)) if a <= b => {
                    let ci = CLASSES.iter().position(|x| *x == c).unwrap_or(3);
                    tags[a] = 1 + 2 * ci;
                    for t in &mut tags[a + 1..=b] {
                        *t = 2 + 2 * ci;
                    }
                }
                _ => {
                    if st.first().is_some_and(|t| t.0 <= gs) && st.last().is_some_and(|t| ge <= t.1)
                    {
                        misaligned += 1;
                    }
                }
            }
        }
        let infos = token_infos(text, st, &ctx, rules);
        // Non-candidates are outside names by construction.
        for (i, t) in tags.iter_mut().enumerate() {
            if infos[i].flags & F_CAND == 0 {
                *t = 0;
            }
        }
        // Repair I- tags left without their B-.
        for i in 0..tags.len() {
            let prev = if i == 0 { 0 } else { tags[i - 1] };
            if !allowed(prev, tags[i]) {
                tags[i] -= 1;
            }
        }
        out.push(Example {
            words: st.iter().map(|&(a, b)| text[a..b].to_string()).collect(),
            open: vec![false; infos.len()],
            infos,
            gold: tags,
        });
    }
    (out, misaligned)
}

/// Averaged perceptron training; returns the serialised model.
#[cfg(test)]
#[allow(clippy::needless_range_loop)]
pub fn train(data: &[Example], epochs: usize, min_weight: f32) -> Vec<u8> {
    // Several perceptrons, each seeing the sentences in its own order, averaged: the
    // weights depend less on one order.
    let runs: u64 = std::env::var("DOSSIER_NER_RUNS")
        .ok()
        .and_then(|x| x.parse().ok())
        .unwrap_or(4);
    let mut sum: IdMap<[f32; NT]> = IdMap::default();
    for run in 0..runs.max(1) {
        for (k, a) in train_once(data, epochs, run) {
            let e = sum.entry(k).or_insert([0.0; NT]);
            for t in 0..NT {
                e[t] += a[t] / runs.max(1) as f32;
            }
        }
    }
    // Prune, quantise.
    let mut avg: Vec<(u64, [f32; NT])> = sum
        .into_iter()
        .filter(|(_, a)| a.iter().any(|x| x.abs() >= min_weight))
        .collect();
    avg.sort_by_key(|(k, _)| *k);
    let max = avg
        .iter()
        .flat_map(|(_, a)| a.iter())
        .fold(0f32, |m, x| m.max(x.abs()))
        .max(1e-9);
    let scale = max / 32000.0;
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&scale.to_le_bytes());
    out.extend_from_slice(&(avg.len() as u32).to_le_bytes());
    for (k, a) in &avg {
        let q: Vec<i16> = a.iter().map(|x| (x / scale).round() as i16).collect();
        let mut mask = 0u16;
        for (t, x) in q.iter().enumerate() {
            if *x != 0 {
                mask |= 1 << t;
            }
        }
        out.extend_from_slice(&k.to_le_bytes());
        out.extend_from_slice(&mask.to_le_bytes());
        for x in q.iter().filter(|x| **x != 0) {
            out.extend_from_slice(&x.to_le_bytes());
        }
    }
    eprintln!("kept {} features, {} bytes", avg.len(), out.len());
    out
}

/// One averaged perceptron over `data`, the sentences shuffled from seed `run`: its
/// averaged weights.
#[cfg(test)]
#[allow(clippy::needless_range_loop)]
fn train_once(data: &[Example], epochs: usize, run: u64) -> Vec<(u64, [f32; NT])> {
    struct W {
        w: [f32; NT],
        total: [f32; NT],
        stamp: [u64; NT],
    }
    let mut ws: IdMap<W> = IdMap::default();
    let mut clock: u64 = 0;
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng: u64 = 0x2545F4914F6CDD1D ^ run.wrapping_mul(0x9E3779B97F4A7C15);
    for epoch in 0..epochs {
        // Deterministic shuffle.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        let (mut right, mut all) = (0usize, 0usize);
        for &k in &order {
            let ex = &data[k];
            let mut gold = ex.gold.clone();
            let pred = decode(&ex.infos, |fs, sc| {
                *sc = [0.0; NT];
                for f in fs {
                    if let Some(w) = ws.get(f) {
                        for t in 0..NT {
                            sc[t] += w.w[t];
                        }
                    }
                }
            });
            for i in 0..gold.len() {
                if ex.open[i] && gold[i] == 0 && pred[i] >= 7 {
                    gold[i] = pred[i];
                }
            }
            // Repair I- tags left without their B-.
            for i in 0..gold.len() {
                let prev = if i == 0 { 0 } else { gold[i - 1] };
                if !allowed(prev, gold[i]) {
                    gold[i] = 0;
                }
            }
            clock += 1;
            let mut update = |fs: &[u64], t: usize, d: f32| {
                for &f in fs {
                    let e = ws.entry(f).or_insert(W {
                        w: [0.0; NT],
                        total: [0.0; NT],
                        stamp: [0; NT],
                    });
                    e.total[t] += (clock - e.stamp[t]) as f32 * e.w[t];
                    e.stamp[t] = clock;
                    e.w[t] += d;
                }
            };
            let mut feats = Vec::new();
            for i in 0..ex.infos.len() {
                if ex.infos[i].flags & F_CAND == 0 {
                    continue;
                }
                all += 1;
                let (g, p) = (gold[i], pred[i]);
                let (gp, pp) = if i == 0 {
                    (0, 0)
                } else {
                    (gold[i - 1], pred[i - 1])
                };
                if g == p {
                    right += 1;
                } else {
                    features(&ex.infos, i, &mut feats);
                    update(&feats, g, 1.0);
                    update(&feats, p, -1.0);
                }
                if (gp, g) != (pp, p) {
                    prev_features(&ex.infos, i, gp, &mut feats);
                    update(&feats, g, 1.0);
                    prev_features(&ex.infos, i, pp, &mut feats);
                    update(&feats, p, -1.0);
                }
            }
        }
        eprintln!(
            "epoch {epoch}: {:.4} of {all} candidate tokens right, {} features",
            right as f64 / all.max(1) as f64,
            ws.len()
        );
    }
    // Average.
    ws.iter()
        .map(|(k, e)| {
            let mut a = [0f32; NT];
            for t in 0..NT {
                let total = e.total[t] + (clock - e.stamp[t]) as f32 * e.w[t];
                a[t] = total / clock as f32;
            }
            (*k, a)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`tokenize`] as it was first written, over a table of chars.
    fn tokenize_by_chars(text: &str) -> Vec<(usize, usize)> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let n = chars.len();
        let end_of = |k: usize| chars.get(k).map_or(text.len(), |c| c.0);
        let word_char = |c: char| c.is_alphanumeric() || unicode_mark(c);
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            let c = chars[i].1;
            if c.is_whitespace() {
                i += 1;
                continue;
            }
            if !word_char(c) {
                // A possessive "'s" is one token.
                let possessive = matches!(c, '\'' | '’')
                    && chars.get(i + 1).is_some_and(|c| matches!(c.1, 's' | 'S'))
                    && chars.get(i + 2).is_none_or(|c| !word_char(c.1));
                let len = if possessive { 2 } else { 1 };
                out.push((chars[i].0, end_of(i + len)));
                i += len;
                continue;
            }
            // Dotted acronym: letter, dot, letter, dot...
            let mut k = i;
            let mut dots = 0;
            while k + 1 < n
                && chars[k].1.is_alphabetic()
                && chars[k + 1].1 == '.'
                && (k + 2 >= n
                    || !word_char(chars[k + 2].1)
                    || chars.get(k + 3).is_some_and(|c| c.1 == '.'))
            {
                k += 2;
                dots += 1;
                if k >= n || !chars[k].1.is_alphabetic() {
                    break;
                }
            }
            if dots >= 2 {
                out.push((chars[i].0, end_of(k)));
                i = k;
                continue;
            }
            let mut j = i + 1;
            loop {
                while j < n && word_char(chars[j].1) {
                    j += 1;
                }
                if j + 1 < n && word_char(chars[j + 1].1) {
                    let c = chars[j].1;
                    if matches!(c, '-' | '\u{2010}' | '\u{2011}') {
                        j += 1;
                        continue;
                    }
                    if matches!(c, '\'' | '’') {
                        let s_alone = matches!(chars[j + 1].1, 's' | 'S')
                            && chars.get(j + 2).is_none_or(|c| !word_char(c.1));
                        if !s_alone {
                            j += 1;
                            continue;
                        }
                    }
                }
                break;
            }
            out.push((chars[i].0, end_of(j)));
            i = j;
        }
        out
    }

    #[test]
    fn tokens_read_in_place_are_the_tokens_of_the_char_table() {
        let alphabet = [
            'a', 'B', 's', 'S', '.', '.', ' ', '\'', '’', '-', '\u{2010}', '\u{301}', 'é', '1',
            ',', '\n', '\u{a0}', 'Ж',
        ];
        let mut seed = 11u64;
        for len in 0..3000 {
            let text = crate::text::random_text(&mut seed, &alphabet, len % 24);
            assert_eq!(tokenize(&text), tokenize_by_chars(&text), "{text:?}");
        }
        for text in [
            "U.S. and U.K.",
            "the U.S",
            "a.b.c.",
            "O'Neill's People’s",
            "x-y -z",
        ] {
            assert_eq!(tokenize(text), tokenize_by_chars(text), "{text:?}");
        }
    }

    #[test]
    fn tokens_keep_names_whole_and_split_possessives() {
        let t = "Dr. Ana O'Neill's U.S. trip (with Abdul-Rahim).";
        let words: Vec<&str> = tokenize(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(
            words,
            [
                "Dr",
                ".",
                "Ana",
                "O'Neill",
                "'s",
                "U.S.",
                "trip",
                "(",
                "with",
                "Abdul-Rahim",
                ")",
                "."
            ]
        );
    }

    /// What a token info says, but the index of its word.
    fn info_key(t: &TokInfo) -> impl PartialEq + std::fmt::Debug {
        (
            (t.lower, t.shape, t.prefix, t.suffix),
            (t.flags, t.gaz, t.title_end, t.rule, t.doc),
        )
    }

    /// What a word says.
    fn word_key(w: &Word) -> impl PartialEq + std::fmt::Debug {
        (
            (w.lower, w.shape, w.prefix, w.suffix, w.flags, w.plain_flags),
            (w.possessive, w.lower_first, w.upper),
        )
    }

    #[test]
    fn words_of_the_document_context_read_as_words_looked_at_afresh() {
        let text = "The People's Party of Ostavia said NATO envoy Émile Brandt-Oyelaran met \
                    the board; the party's chief, Ana de la Cruz, and ÉLAN's head said so.";
        let toks = tokenize(text);
        let rules: Vec<RuleSpan> = vec![(47, 69, EntityType::Person)];
        let mut ctx = DocContext::new(text, std::slice::from_ref(&toks), &rules);
        assert!(ctx.words.len() > 10);
        let (mut lower, mut shape) = (String::new(), String::new());
        for (w, &id) in &ctx.ids {
            let fresh = Word::new(w, &mut lower, &mut shape);
            assert_eq!(word_key(&ctx.words[id as usize].0), word_key(&fresh), "{w}");
        }
        // The sentence's words by their indices, and looked up by the tokens' text.
        assert!(ctx.ids_of(&toks).is_some());
        assert!(ctx.ids_of(&toks[1..]).is_none());
        let by_index = token_infos(text, &toks, &ctx, &rules);
        assert!(by_index.iter().all(|t| t.word != NO_WORD));
        ctx.starts.clear();
        let looked_up = token_infos(text, &toks, &ctx, &rules);
        assert_eq!(
            by_index.iter().map(info_key).collect::<Vec<_>>(),
            looked_up.iter().map(info_key).collect::<Vec<_>>()
        );
        // The possessive between two names is a candidate, those before a lower-case word not.
        let poss: Vec<bool> = toks
            .iter()
            .zip(&by_index)
            .filter(|&(&(s, e), _)| &text[s..e] == "'s")
            .map(|(_, k)| k.flags & F_CAND != 0)
            .collect();
        assert_eq!(poss, [true, false, false]);
        // What the document says of a capitalised word.
        let bits = |w: &str| ctx.words[ctx.ids[w] as usize].1;
        assert_ne!(bits("NATO") & D_SEEN, 0);
        assert_ne!(bits("The") & D_LC, 0);
        assert_eq!(bits("Ostavia") & D_LC, 0);
        assert_ne!(bits("Ostavia") & D_MID, 0);
        assert_eq!(bits("board"), 0);
    }

    /// Scores of the model read afresh at every token.
    struct Uncached<'m>(&'m Model);
    impl Scorer for Uncached<'_> {
        fn token(&mut self, infos: &[TokInfo], i: usize, sc: &mut [f32; NT]) {
            self.0.token_score(infos, i, sc);
        }
        fn prev(&mut self, infos: &[TokInfo], i: usize, live: u16, sc: &mut [[f32; NT]; NT]) {
            for (p, sc) in sc.iter_mut().enumerate() {
                if live & (1 << p) != 0 {
                    self.0.prev_score(&infos[i], p, sc);
                }
            }
        }
    }

    #[test]
    fn model_scoring_shortcut_matches_plain_scoring() {
        let Some(m) = model() else {
            panic!("data/ner_model.bin does not load")
        };
        let text = "Minister Olu Bakare of the Lagos Harbour Board met Ana Lind in Porto. \
                    Bakare said the Lagos Harbour Board would meet again. Lind, of Porto, \
                    agreed. Porto and Lagos signed; Minister Lind said so in Porto on Monday. \
                    The board of the Harbour met Olu Bakare at the U.N. in New York.";
        let sentences: Vec<Vec<(usize, usize)>> = text
            .split_inclusive(". ")
            .scan(0, |at, s| {
                let start = *at;
                *at += s.len();
                Some(
                    tokenize(s)
                        .into_iter()
                        .map(|(a, b)| (a + start, b + start))
                        .collect(),
                )
            })
            .collect();
        assert!(sentences.len() >= 4);
        // The rules' names: the first `n` bytes of the text found.
        let at = |w: &str, n: usize| text.find(w).map(|s| (s, s + n, EntityType::Person));
        let rules: Vec<RuleSpan> = [
            at("Olu Bakare", 10),
            at("Bakare said", 6),
            at("Olu Bakare at", 10),
        ]
        .into_iter()
        .flatten()
        .collect();
        assert_eq!(rules.len(), 3);
        let ctx = DocContext::new(text, &sentences, &rules);
        let (mut learned, mut shared) = (Learned::default(), Shared::default());
        shared.ready(m);
        learned.of_model(m, ctx.words.len(), &shared);
        let mut named = 0;
        for toks in &sentences {
            let infos = token_infos(text, toks, &ctx, &rules);
            let plain = decode(&infos, |f, sc| m.score(f, sc));
            let uncached = decode_with(&infos, &mut Uncached(m));
            let cached = decode_with(&infos, &mut Cached::new(m, &mut learned, &mut shared));
            assert_eq!(plain, uncached);
            assert_eq!(plain, cached);
            // Scores themselves, token by token.
            let mut fresh = Uncached(m);
            let mut kept = Cached::new(m, &mut learned, &mut shared);
            for i in (0..infos.len()).filter(|&i| infos[i].flags & F_CAND != 0) {
                let (mut a, mut b) = ([0f32; NT], [0f32; NT]);
                let mut feats = Vec::new();
                features(&infos, i, &mut feats);
                m.score(&feats, &mut a);
                kept.token(&infos, i, &mut b);
                assert_eq!(a, b, "token {i}");
                fresh.token(&infos, i, &mut b);
                assert_eq!(a, b, "token {i}");
                let mut rows = [[0f32; NT]; NT];
                kept.prev(&infos, i, (1 << NT) - 1, &mut rows);
                for (p, row) in rows.iter().enumerate() {
                    prev_features(&infos, i, p, &mut feats);
                    m.score(&feats, &mut a);
                    assert_eq!(&a, row, "token {i} after {p}");
                }
            }
            named += plain.iter().filter(|&&t| t != 0).count();
        }
        assert!(named > 5, "{named}");
        // Words read once, at most.
        assert!(learned.weights.len() < ctx.words.len());
        assert_eq!(learned.weights.len(), shared.words.len());
        assert!(shared.words.iter().any(|w| w.prev_read.count_ones() > 1));
        // Another model reads the words afresh.
        let other = Model::parse(include_bytes!("../../../data/ner_model.bin")).expect("model");
        shared.ready(&other);
        assert!(shared.words.is_empty());
        learned.of_model(&other, ctx.words.len(), &shared);
        assert!(learned.weights.is_empty());
        let spans: Vec<Span> = sentences
            .iter()
            .flat_map(|t| other.tag(text, t, &ctx, &rules))
            .collect();
        let again: Vec<Span> = sentences
            .iter()
            .flat_map(|t| m.tag(text, t, &ctx, &rules))
            .collect();
        assert_eq!(spans, again);
        assert!(
            spans.iter().any(|s| &text[s.s..s.e] == "Ana Lind"),
            "{spans:?}"
        );
    }

    #[test]
    fn a_long_sentence_leaves_no_large_buffers_in_the_thread() {
        let Some(m) = model() else {
            panic!("data/ner_model.bin does not load")
        };
        let kept = || SHARED.with_borrow(|s| s.buffers.infos.capacity());
        for n in [3, 20_000] {
            let text = "Ana Lind met Olu Bakare in Porto and ".repeat(n) + "left.";
            let toks = tokenize(&text);
            assert!(toks.len() > 8 * n);
            let sentences = vec![toks];
            let ctx = DocContext::new(&text, &sentences, &[]);
            let spans = m.tag(&text, &sentences[0], &ctx, &[]);
            assert!(spans.iter().any(|s| &text[s.s..s.e] == "Ana Lind"));
            if n == 3 {
                // A short sentence's buffers are kept for the next one...
                assert!(kept() >= sentences[0].len());
            } else {
                // ... a long one's are not.
                assert!(kept() <= KEPT_TOKENS, "{}", kept());
            }
        }
    }

    #[test]
    fn known_words_are_the_words_looked_at_afresh() {
        let words = [
            "Ostavia",
            "ostavia",
            "a",
            "a\0",
            "",
            "Brandt-Oyelaran",
            "Émile",
            "ÉLAN",
            "abcdefghijklmnopqrstuvw",
            "abcdefghijklmnopqrstuvwx",
            "Quixotically-Overlong-Compound-Name",
        ];
        assert!(ShortWord::of(words[8]).is_some());
        assert!(ShortWord::of(words[9]).is_none());
        assert_ne!(ShortWord::of("a"), ShortWord::of("a\0"));
        assert_eq!(
            ShortWord::of("Émile"),
            ShortWord::of(&String::from("Émile"))
        );
        let mut known = lexicon::HashMap::default();
        let (mut lower, mut shape) = (String::new(), String::new());
        // Twice: worked out, then kept (but the long ones).
        for _ in 0..2 {
            for w in words {
                let fresh = Word::new(w, &mut lower, &mut shape);
                let kept = known_word(&mut known, w, &mut lower, &mut shape);
                assert_eq!(word_key(&kept), word_key(&fresh), "{w:?}");
            }
        }
        assert_eq!(known.len(), 9);
    }

    #[test]
    fn shape_hashes_are_the_hashes_of_the_shapes() {
        let mut buf = String::new();
        for w in [
            "Abdul-Rahim",
            "U.S.",
            "1,200",
            "iPhone",
            "AAA",
            "x",
            "",
            "Zoë",
            "ÆØ-12",
        ] {
            let mut s = String::new();
            shape_of(w, &mut s);
            assert_eq!(shape_hash(w, &mut buf), fnv(s.as_bytes(), 2), "{w}");
        }
    }

    #[test]
    fn bio_spans() {
        let toks = [(0, 3), (4, 7), (8, 10), (11, 14)];
        let s = spans_of(&toks, &[1, 2, 0, 5]);
        assert_eq!(
            s,
            vec![
                Span {
                    s: 0,
                    e: 7,
                    class: Class::Person
                },
                Span {
                    s: 11,
                    e: 14,
                    class: Class::Place
                }
            ]
        );
    }

    #[test]
    fn model_loads_and_tags_a_plain_sentence() {
        assert!(model().is_some(), "data/ner_model.bin does not load");
        let body =
            "Yesterday Maria Tolvanen met officials of the Nordic Salmon Institute in Helsinki.";
        let blocks = vec![crate::model::Block {
            start: 0,
            end: body.chars().count(),
            kind: crate::model::BlockKind::Paragraph,
        }];
        let doc = crate::model::Document {
            sentences: crate::annotate::sentences::split(body, &blocks),
            body: body.into(),
            blocks,
            ..Default::default()
        };
        let got: Vec<(String, EntityType)> = super::super::annotate(&doc)
            .into_iter()
            .map(|m| (m.text, m.kind))
            .collect();
        let has = |t: &str, k: EntityType| got.iter().any(|(a, b)| a == t && *b == k);
        assert!(has("Maria Tolvanen", EntityType::Person), "{got:?}");
        assert!(has("Nordic Salmon Institute", EntityType::Org), "{got:?}");
        assert!(has("Helsinki", EntityType::Gpe), "{got:?}");
    }

    /// Trains the model from `shared/train/ner` (or `DOSSIER_NER_TRAIN`) and writes
    /// `data/ner_model.bin`: `cargo test --release -p dossier --lib train_model -- --ignored`.
    #[test]
    #[ignore]
    fn train_model() {
        use crate::model::{Block, BlockKind, Offsets};
        let dir = std::env::var("DOSSIER_NER_TRAIN")
            .unwrap_or_else(|_| "/work/shared/train/ner".to_string());
        let sets = std::env::var("DOSSIER_NER_SETS")
            .unwrap_or_else(|_| "gum_open*2,wikigold,uner_en_ewt".to_string());
        let dev_mode = std::env::var("DOSSIER_NER_DEV").is_ok();
        // Which quarter of gum_open is held out (`DOSSIER_NER_FOLD`, 0 to 3).
        let fold: usize = std::env::var("DOSSIER_NER_FOLD")
            .ok()
            .and_then(|x| x.parse().ok())
            .unwrap_or(0);
        let mut data = Vec::new();
        let mut dev = Vec::new();
        let mut dev_docs = Vec::new();
        let mut misaligned = 0;
        // `name*k`: the set's documents are seen k times an epoch (gum_open follows the
        // conventions the tagger is measured by).
        for entry in sets.split(',') {
            let (set, times) = entry
                .split_once('*')
                .map_or((entry, 1), |(a, k)| (a, k.parse().unwrap_or(1)));
            let src = std::fs::read_to_string(format!("{dir}/{set}.jsonl")).expect("training set");
            for (doc_no, line) in src.lines().enumerate() {
                let v: serde_json::Value = serde_json::from_str(line).expect("json");
                let text = v["text"].as_str().unwrap_or("").to_string();
                let off = Offsets::new(&text);
                let mut blocks = Vec::new();
                let mut pos = 0usize;
                for para in text.split("\n\n") {
                    let n = para.chars().count();
                    if n > 0 {
                        blocks.push(Block {
                            start: pos,
                            end: pos + n,
                            kind: BlockKind::Paragraph,
                        });
                    }
                    pos += n + 2;
                }
                let doc = crate::model::Document {
                    sentences: crate::annotate::sentences::split(&text, &blocks),
                    body: text.clone(),
                    blocks,
                    ..Default::default()
                };
                let (sents, found) = super::super::rule_found(&doc, &off);
                let (_, resolved) = super::super::model_inputs(&text, &sents, &found);
                let rules: Vec<RuleSpan> = resolved.iter().map(|f| (f.s, f.e, f.kind)).collect();
                let gold: Vec<(usize, usize, Class)> = v["entities"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .map(|e| {
                                let c = match e["type"].as_str() {
                                    Some("PERSON") => Class::Person,
                                    Some("ORG") => Class::Org,
                                    Some("GPE_OR_LOC") => Class::Place,
                                    _ => Class::Other,
                                };
                                (
                                    off.byte_at(e["start"].as_u64().unwrap_or(0) as usize),
                                    off.byte_at(e["end"].as_u64().unwrap_or(0) as usize),
                                    c,
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let (mut ex, mis) = examples(&text, &sents, &gold, &rules);
                if set == "uner_en_ewt" && !ablated("open") {
                    for e in &mut ex {
                        for i in 0..e.open.len() {
                            e.open[i] =
                                e.infos[i].flags & F_CAP != 0 && e.infos[i].flags & F_INITIAL == 0;
                        }
                    }
                }
                misaligned += mis;
                if dev_mode && set == "gum_open" && doc_no % 4 == fold {
                    dev.extend(ex);
                    dev_docs.push((v["id"].as_str().unwrap_or("").to_string(), doc));
                } else {
                    for _ in 1..times {
                        data.extend(ex.iter().cloned());
                    }
                    data.extend(ex);
                }
            }
        }
        eprintln!(
            "{} sentences, {misaligned} gold names not on token boundaries",
            data.len()
        );
        let epochs = std::env::var("DOSSIER_NER_EPOCHS")
            .ok()
            .and_then(|x| x.parse().ok())
            .unwrap_or(10);
        let bytes = train(&data, epochs, 0.2);
        if dev_mode {
            let m = Model::parse(&bytes).expect("model");
            let (mut tp, mut np, mut ng) = ([0usize; 4], [0usize; 4], [0usize; 4]);
            for ex in &dev {
                let tags = decode(&ex.infos, |f, sc| m.score(f, sc));
                let toks: Vec<(usize, usize)> = (0..tags.len()).map(|i| (i, i + 1)).collect();
                let p = spans_of(&toks, &tags);
                let g = spans_of(&toks, &ex.gold);
                for x in &p {
                    np[x.class as usize] += 1;
                    if g.contains(x) {
                        tp[x.class as usize] += 1;
                    }
                }
                for x in &g {
                    ng[x.class as usize] += 1;
                }
                if std::env::var("DOSSIER_NER_SHOW").is_ok() {
                    let w = |x: &Span| ex.words[x.s..x.e].join(" ");
                    for x in p.iter().filter(|x| !g.contains(x)) {
                        eprintln!("  FP {:?} {}", x.class, w(x));
                    }
                    for x in g.iter().filter(|x| !p.contains(x)) {
                        eprintln!("  FN {:?} {}", x.class, w(x));
                    }
                }
            }
            let f = |tp: usize, np: usize, ng: usize| 2.0 * tp as f64 / (np + ng).max(1) as f64;
            let s3 = |a: [usize; 4]| a[0] + a[1] + a[2];
            eprintln!(
                "DEV typed F1 (PER/ORG/PLACE): {:.3}  PER {:.3} ORG {:.3} PLACE {:.3} OTHER {:.3}",
                f(s3(tp), s3(np), s3(ng)),
                f(tp[0], np[0], ng[0]),
                f(tp[1], np[1], ng[1]),
                f(tp[2], np[2], ng[2]),
                f(tp[3], np[3], ng[3])
            );
            // The whole pipeline on the held-out documents, for `score_ner.py --gold`.
            if let Ok(path) = std::env::var("DOSSIER_NER_DEV_OUT") {
                let mut out = String::new();
                for (id, doc) in &dev_docs {
                    let mentions = super::super::annotate_with(doc, Some(&m));
                    let line =
                        serde_json::json!({"id": id, "body": doc.body, "mentions": mentions});
                    out.push_str(&line.to_string());
                    out.push('\n');
                }
                std::fs::write(path, out).expect("write dev output");
            }
            // A dev model is written only where asked (to score the whole pipeline on the
            // held-out documents).
            if let Ok(path) = std::env::var("DOSSIER_NER_OUT") {
                std::fs::write(path, bytes).expect("write model");
            }
            return;
        }
        let path = std::env::var("DOSSIER_NER_OUT")
            .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/data/ner_model.bin").into());
        std::fs::write(path, bytes).expect("write model");
    }
}
