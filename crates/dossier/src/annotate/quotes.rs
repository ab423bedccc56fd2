//! The quotes layer: direct, partial and indirect speech, each with its speaker and cue.
//!
//! The layer works on byte offsets into the body (always at char boundaries) and turns them
//! into char offsets only for the spans it outputs. It finds quoted spans between quotation
//! marks (curly and straight, double and single), looks for the attribution in the clause
//! around each (`“…,” X said`, `said X, a …`, `X said: “…”`, `X was adamant that “…”`,
//! `according to X`, `X described it as “…”`), resolves pronouns and role nouns to the last
//! person named with them, and fills unattributed quotes from the quote next to them. It then
//! adds indirect speech (`X said that …` in a sentence without quotation marks).
//!
//! It uses the entity mentions and sentences of the document when they are there, and its
//! own light detection of capitalised names and sentence ends when they are not.

use crate::lexicon::HashMap;
// The byte classes of the tokenizer: an ASCII letter or digit, a capital, white space.
use crate::text::{
    ASCII_ALNUM as WORD, ASCII_CLASS as CLASS, ASCII_SPACE as SPACE, ASCII_UPPER as UPPER,
    WordFilter, push_lowercase, with_lowercase,
};
use std::sync::OnceLock;

use crate::lexicon;
use crate::model::{Document, EntityType, Offsets, Quote, QuoteKind};

/// The quotes of one document, in body order.
///
/// Every quote's `text` equals the body's chars `start..end` (the words without the
/// quotation marks); `speaker_start..speaker_end`, when set, is a span of the body whose text
/// is the `speaker`.
pub fn annotate(doc: &Document) -> Vec<Quote> {
    if doc.body.is_empty() {
        return Vec::new();
    }
    // The body with its ASCII letters in lower case, and the lower cases of the other words
    // that differ from their text (see [`tokenize`]).
    let low_body = doc.body.to_ascii_lowercase();
    let mut lows = String::new();
    let mut cx = Ctx::new(doc, &low_body);
    // Only quoted spans and sentences that may hold indirect speech read the tokens (and the
    // names): a document with neither has no quotes, and is not tokenized.
    let raws = cx.find_raw();
    let sentences = cx.indirect_sentences();
    if raws.is_empty() && sentences.is_empty() {
        return Vec::new();
    }
    cx.toks = tokenize(&doc.body, &low_body, &mut lows);
    cx.run(raws, &sentences)
}

/// The char at byte `i` of `s` (`None` at the end or inside a char).
#[inline]
fn char_at(s: &str, i: usize) -> Option<char> {
    match s.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        _ => s.get(i..)?.chars().next(),
    }
}

/// The char that ends just before byte `i` of `s` (`None` at the start or inside a char).
#[inline]
fn char_before(s: &str, i: usize) -> Option<char> {
    match s.as_bytes().get(i.checked_sub(1)?) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        _ => s.get(..i)?.chars().next_back(),
    }
}

/// A token of the body: a word (letters, digits and word-inner marks) or one other char.
/// `s` is its byte offset; `text` is the body's text there.
#[derive(Debug, Clone)]
struct Tok<'a> {
    s: usize,
    text: &'a str,
    /// The lower case of `text` (`text` itself when that changes nothing; else a slice of the
    /// one string that holds them all, so no allocation per token).
    lower: &'a str,
    word: bool,
    /// Written with a capital ([`cap_of`]).
    cap: bool,
}

impl Tok<'_> {
    /// Byte offset of the end.
    #[inline]
    fn e(&self) -> usize {
        self.s + self.text.len()
    }
    /// The lower-case text.
    #[inline]
    fn low(&self) -> &str {
        self.lower
    }
    #[inline]
    fn cap(&self) -> bool {
        self.cap
    }
    /// The lower-case text without a final dot ("gen." -> "gen").
    fn bare(&self) -> &str {
        let l = self.low();
        l.strip_suffix('.').unwrap_or(l)
    }
}

/// Whether a token (its text and lower case) is written with a capital: an upper-case first
/// letter, or "al-"/"el-" before one ("al-Sistani", "el-Sisi").
#[inline]
fn cap_of(text: &str, low: &str) -> bool {
    // An ASCII first char other than a lower-case letter settles it at once, and so does a
    // lower-case one but for "al-"/"el-" (a hyphen third).
    match text.as_bytes().first() {
        Some(&b) if b.is_ascii() && !b.is_ascii_lowercase() => b.is_ascii_uppercase(),
        Some(&b) if b.is_ascii_lowercase() && !matches!(b, b'a' | b'e') => false,
        Some(&b) if b.is_ascii_lowercase() && low.as_bytes().get(2) != Some(&b'-') => false,
        _ => cap_slow(text, low),
    }
}

fn cap_slow(text: &str, low: &str) -> bool {
    match text.chars().next() {
        Some(c) if c.is_uppercase() => true,
        Some(c) if c.is_lowercase() => {
            (low.starts_with("al-") || low.starts_with("el-"))
                && text.chars().nth(3).is_some_and(|c| c.is_uppercase())
        }
        _ => false,
    }
}

/// A quoted span found between marks (byte offsets).
#[derive(Debug, Clone)]
struct Raw {
    /// Position of the opening mark.
    open: usize,
    /// The quoted words (marks left out, spaces and a final comma trimmed).
    s: usize,
    e: usize,
    /// Position just after the closing mark (or the paragraph end when the quote is not closed).
    after: usize,
    para: usize,
    /// The quote runs on into the next paragraph (not closed, next paragraph opens a quote).
    continues: bool,
    /// The quote continues one from the previous paragraph.
    continued: bool,
}

/// Who a phrase names, as a span of the body (byte offsets).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Who<'a> {
    name: &'a str,
    s: usize,
    e: usize,
}

/// Attribution found for a quote.
#[derive(Debug, Clone, Default)]
struct Attr<'a> {
    cue: Option<String>,
    who: Option<Who<'a>>,
}

/// A quote as the layer finds it, on byte offsets (made a [`Quote`] at the end).
#[derive(Debug, Clone)]
struct Found<'a> {
    s: usize,
    e: usize,
    text: &'a str,
    who: Option<Who<'a>>,
    cue: Option<String>,
    kind: QuoteKind,
}

struct Ctx<'a> {
    doc: &'a Document,
    body: &'a str,
    /// The body with its ASCII letters in lower case (bytes and chars where the body's are).
    low_body: &'a str,
    off: Offsets,
    /// The tokens ([`tokenize`]): empty until [`annotate`] knows the document needs them
    /// (what finds the quoted spans and the sentences of indirect speech reads none).
    toks: Vec<Tok<'a>>,
    /// Paragraph spans (byte offsets).
    paras: Vec<(usize, usize)>,
    /// The quotation marks of the body: (byte offset, the mark), in order.
    marks: Vec<(usize, char)>,
    /// The name candidates, found the first time they are needed (a document without
    /// quotes needs none).
    names: std::cell::OnceCell<Names<'a>>,
    /// The speaker of the quote before the one being read, when it is in the same or the
    /// previous paragraph: what a pronoun stands for first.
    prev_speaker: std::cell::Cell<Option<(Who<'a>, usize)>>,
    /// The quoted spans (names inside quotes do not count as named in the narrative).
    quoted: std::cell::RefCell<Vec<(usize, usize)>>,
}

/// The name candidates of a document and their indices.
struct Names<'a> {
    /// Name candidates: (start, end, name, person-like), in body order, titles stripped.
    list: Vec<Cand<'a>>,
    /// Names of two words or more by their last word, each distinct name with the indices
    /// (in `list`, so in text order) where it stands.
    by_last: HashMap<&'a str, Vec<(&'a str, Vec<usize>)>>,
    /// The first candidate of each name.
    by_name: HashMap<&'a str, usize>,
}

#[derive(Debug, Clone)]
struct Cand<'a> {
    s: usize,
    e: usize,
    name: &'a str,
    /// The last word of the name, and its number of words (white space between words).
    last: &'a str,
    nwords: usize,
    person: bool,
    /// Canonical form the entity layer gives, if any.
    canonical: Option<&'a str>,
    /// The role or title written before the name, lower case ("prime minister").
    role: Option<String>,
    /// A capitalised common noun opening a sentence ("Officials"): never a person.
    common: bool,
}

/// The last word of a text and its number of words (as `split_whitespace` finds them).
fn last_word(text: &str) -> (&str, usize) {
    let mut n = 0;
    let mut last = "";
    for w in text.split_whitespace() {
        n += 1;
        last = w;
    }
    (last, n)
}

fn is_open_double(c: char) -> bool {
    matches!(c, '“' | '„' | '«')
}
fn is_close_double(c: char) -> bool {
    matches!(c, '”' | '»')
}
fn is_quote_char(c: char) -> bool {
    matches!(c, '“' | '”' | '"' | '„' | '«' | '»' | '‘' | '’' | '\'')
}

/// The quotation marks of `body` ([`is_quote_char`]) with their byte offsets, in order.
fn quote_marks(body: &str) -> Vec<(usize, char)> {
    let bytes = body.as_bytes();
    // Every mark starts with one of these bytes (`„“”‘’` with 0xE2, `«»` with 0xC2), and
    // neither lead byte is ever inside a char: what is found is a char start.
    let mark = |i: usize| {
        char_at(body, i)
            .filter(|&c| is_quote_char(c))
            .map(|c| (i, c))
    };
    let mut out: Vec<(usize, char)> = memchr::memchr3_iter(b'"', b'\'', 0xE2, bytes)
        .filter_map(mark)
        .collect();
    let mut guillemets = memchr::memchr_iter(0xC2, bytes).filter_map(mark).peekable();
    if guillemets.peek().is_some() {
        out.extend(guillemets);
        out.sort_unstable_by_key(|m| m.0);
    }
    out
}

fn roles() -> &'static HashMap<&'static str, &'static str> {
    static M: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    M.get_or_init(|| {
        lexicon::quotes_roles()
            .iter()
            .map(|l| match l.split_once('=') {
                Some((a, b)) => (a.trim(), b.trim()),
                None => (*l, *l),
            })
            .collect()
    })
}

/// A speech verb or cue word, written in lower case ("State" in "Islamic State" is no verb).
fn is_verb(t: &Tok) -> bool {
    t.word && (!t.cap() || t.low() == "according") && lexicon::quotes_verbs().contains(t.low())
}

/// A speech verb that may come before its speaker ("said X").
fn is_inversion_verb(t: &Tok) -> bool {
    is_verb(t) && lexicon::quotes_inversion_verbs().contains(t.low())
}

/// Flags of a lower-case word in the lists the own name detection reads.
const NONNAME: u8 = 1;
const TITLE: u8 = 2;
/// (Not looked up yet.)
const UNKNOWN: u8 = 0x80;

/// The words of `quotes_nonnames` and `quotes_titles` with their flags (one look-up for both).
fn name_words() -> &'static HashMap<&'static str, u8> {
    static M: OnceLock<HashMap<&'static str, u8>> = OnceLock::new();
    M.get_or_init(|| {
        let mut m: HashMap<&'static str, u8> = HashMap::default();
        for &w in lexicon::quotes_nonnames() {
            *m.entry(w).or_default() |= NONNAME;
        }
        for &w in lexicon::quotes_titles() {
            *m.entry(w).or_default() |= TITLE;
        }
        m
    })
}

/// Whether the lower case of `w` is in `set` (without allocating for a short ASCII word).
fn lower_in(set: &lexicon::HashSet<&str>, w: &str) -> bool {
    with_lowercase(w, |l| set.contains(l))
}

impl<'a> Ctx<'a> {
    /// A context without tokens yet (`low_body` is the body with its ASCII letters in lower
    /// case).
    fn new(doc: &'a Document, low_body: &'a str) -> Ctx<'a> {
        let body = doc.body.as_str();
        let off = Offsets::new(body);
        let toks = Vec::new();
        let paras = paragraphs(doc, body, &off);
        let marks = quote_marks(body);
        Ctx {
            doc,
            body,
            low_body,
            off,
            toks,
            paras,
            marks,
            names: std::cell::OnceCell::new(),
            prev_speaker: std::cell::Cell::new(None),
            quoted: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// The name candidates and their indices (found on the first call).
    fn nm(&self) -> &Names<'a> {
        self.names.get_or_init(|| {
            let list = self.find_names();
            let mut by_last: HashMap<&'a str, Vec<(&'a str, Vec<usize>)>> = HashMap::default();
            let mut by_name = HashMap::default();
            for (i, c) in list.iter().enumerate() {
                if c.nwords >= 2 {
                    let groups = by_last.entry(c.last).or_default();
                    match groups.iter_mut().find(|(n, _)| *n == c.name) {
                        Some((_, at)) => at.push(i),
                        None => groups.push((c.name, vec![i])),
                    }
                }
                by_name.entry(c.name).or_insert(i);
            }
            Names {
                list,
                by_last,
                by_name,
            }
        })
    }

    /// The name candidates, in body order.
    fn names(&self) -> &[Cand<'a>] {
        &self.nm().list
    }

    /// The body's text at bytes `s..e` (clamped to the body; "" inside a char).
    fn text(&self, s: usize, e: usize) -> &'a str {
        let e = e.min(self.body.len());
        let s = s.min(e);
        self.body.get(s..e).unwrap_or("")
    }

    /// The byte offset of the char before byte `i` (`i` at the start; one byte back where
    /// `i` is no char boundary, so that a loop stepping back always ends).
    fn back(&self, i: usize) -> usize {
        debug_assert!(self.body.is_char_boundary(i));
        i.saturating_sub(char_before(self.body, i).map_or(1, char::len_utf8))
    }

    /// Indices of the tokens wholly inside `s..e`.
    fn toks_in(&self, s: usize, e: usize) -> std::ops::Range<usize> {
        let a = self.toks.partition_point(|t| t.s < s);
        let b = self.toks.partition_point(|t| t.e() <= e);
        a..b.max(a)
    }

    // ---------------------------------------------------------------- names

    /// Name candidates: the entity layer's mentions when it has any (with the persons and the
    /// names of several words our own detection finds where the layer has nothing), else our
    /// own capitalised runs.
    fn find_names(&self) -> Vec<Cand<'a>> {
        let own = self.own_names();
        let nchars = self.off.len_chars();
        let ms: Vec<_> = self
            .doc
            .mentions
            .iter()
            .filter(|m| {
                matches!(
                    m.kind,
                    EntityType::Person | EntityType::Org | EntityType::Gpe
                ) && m.end <= nchars
                    && m.start < m.end
            })
            .collect();
        let mut out = Vec::new();
        if !ms.is_empty() {
            for m in ms {
                let (s, e) = (self.off.byte_at(m.start), self.off.byte_at(m.end));
                let role = m
                    .role
                    .as_ref()
                    .map(|r| r.to_lowercase())
                    .or_else(|| self.role_before(self.toks.partition_point(|t| t.e() <= s)));
                let name = self.text(s, e);
                let (last, nwords) = last_word(name);
                out.push(Cand {
                    s,
                    e,
                    name,
                    last,
                    nwords,
                    person: m.kind == EntityType::Person,
                    canonical: m.canonical.as_deref(),
                    role,
                    common: false,
                });
            }
            out.sort_by_key(|c| (c.s, c.e));
            let mut extra: Vec<Cand> = own
                .into_iter()
                .filter(|c| {
                    (c.person || c.nwords >= 2) && {
                        // no mention overlaps it
                        let i = out.partition_point(|m| m.s < c.e);
                        !out[..i].iter().rev().take(8).any(|m| m.e > c.s)
                    }
                })
                .collect();
            out.append(&mut extra);
            out.sort_by_key(|c| (c.s, c.e));
            return out;
        }
        own
    }

    /// Our own name detection: runs of capitalised words, titles stripped, with a guess at
    /// which are persons.
    fn own_names(&self) -> Vec<Cand<'a>> {
        let bytes = self.body.as_bytes();
        // (News runs near one name in ten tokens, and above one in five in few documents:
        // the vectors rarely grow.)
        let guess = self.toks.len() / 5;
        let mut out = Vec::with_capacity(guess);
        // Single words opening a sentence, which are common nouns when the document writes
        // them in lower case elsewhere: (index in `out`, the word in lower case, titled).
        let mut openers: Vec<(usize, &str, bool)> = Vec::new();
        // What the lists say of a token (one look-up for both)
        let flags = |t: &Tok| name_words().get(t.bare()).copied().unwrap_or(0);
        // The flags of the tokens of the run being read, from its first (`UNKNOWN` when not
        // looked up yet).
        let mut run_flags: Vec<u8> = Vec::new();
        let org_words = lexicon::quotes_org_words();
        // Per candidate: its last word is an organisation word.
        let mut org: Vec<bool> = Vec::with_capacity(guess);
        // Per candidate: the indices of its tokens (what `toks_in` finds for its span).
        let mut at: Vec<std::ops::Range<usize>> = Vec::with_capacity(guess);
        let mut i = 0;
        while i < self.toks.len() {
            let t = &self.toks[i];
            if !(t.word && t.cap()) {
                i += 1;
                continue;
            }
            let f = flags(t);
            if f & NONNAME != 0 {
                i += 1;
                continue;
            }
            run_flags.clear();
            run_flags.push(f);
            // extend: capitalised words, "of"/"al"/"bin"/"de" between capitalised words
            let mut j = i + 1;
            let mut last = i;
            while j < self.toks.len() {
                let u = &self.toks[j];
                // one space between the words of a name, no line break
                let pe = self.toks[j - 1].e();
                if u.s != pe + 1 || bytes[pe] != b' ' {
                    break;
                }
                if !u.word {
                    break;
                }
                let f = if u.cap() { flags(u) } else { NONNAME };
                if f & NONNAME == 0 {
                    run_flags.push(f);
                    last = j;
                    j += 1;
                } else if matches!(u.low(), "of" | "al" | "bin" | "ibn" | "de" | "van")
                    && self.toks.get(j + 1).is_some_and(|v| v.word && v.cap())
                {
                    run_flags.push(UNKNOWN);
                    j += 1;
                } else {
                    break;
                }
            }
            let run = i..last + 1;
            i = last + 1;
            // a common noun written with a capital because it opens a sentence ("Officials
            // said"): the word is written in lower case elsewhere in the document
            let opens_sentence = run.start == 0 || {
                let p = &self.toks[run.start - 1];
                !p.word
                    && (matches!(p.text, "." | "?" | "!")
                        || is_quote_char(p.text.chars().next().unwrap_or(' ')))
                    || memchr::memchr(b'\n', &bytes[p.e()..self.toks[run.start].s]).is_some()
            };
            let opener = run.len() == 1 && opens_sentence;
            // strip titles: everything up to the last title word (and an "of X" after it)
            let mut k = run.start;
            let mut titled = false;
            let mut role_words: Vec<&str> = Vec::new();
            for x in run.clone() {
                let f = &mut run_flags[x - run.start];
                if *f == UNKNOWN {
                    *f = flags(&self.toks[x]);
                }
            }
            let title = |x: usize| run_flags[x - run.start] & TITLE != 0;
            for x in run.clone() {
                if title(x) {
                    k = x + 1;
                    titled = true;
                }
            }
            if titled {
                role_words = (run.start..k)
                    .filter(|&x| title(x))
                    .map(|x| self.toks[x].bare())
                    .collect();
                while k < run.end && self.toks[k].low() == "of" {
                    k += 2;
                }
            }
            if k >= run.end {
                continue;
            }
            // the title may also stand right before the run in lower case ("spokesman X")
            let before = run.start.checked_sub(1).map(|b| &self.toks[b]);
            let titled_before = before.is_some_and(|b| b.word && flags(b) & TITLE != 0);
            if !titled && titled_before {
                role_words.push(before.map(|b| b.bare()).unwrap_or(""));
            }
            let (s, mut e) = (self.toks[k].s, self.toks[run.end - 1].e());
            // a possessive is no part of the name: "Trump’s"
            let name = self.text(s, e);
            if let Some(stem) = name.strip_suffix("’s").or_else(|| name.strip_suffix("'s"))
                && !stem.is_empty()
            {
                e = s + stem.len();
            }
            // (With no title in the run nor right before it, `role_before` finds none.)
            let role = (!role_words.is_empty()).then(|| role_words.join(" "));
            if opener {
                openers.push((
                    out.len(),
                    self.toks[run.start].low(),
                    titled || titled_before,
                ));
            }
            let name = self.text(s, e);
            let (last, nwords) = last_word(name);
            // whether the last word is an organisation's ("Ministry"): when the name ends
            // with its last token, that token's lower case is the word's
            let lt = &self.toks[run.end - 1];
            org.push(if lt.e() == e {
                org_words.contains(lt.low())
            } else {
                lower_in(org_words, last)
            });
            // the tokens wholly inside the name (`toks_in`): the possessive's is not
            let b = if lt.e() == e { run.end } else { run.end - 1 };
            at.push(k..b.max(k));
            out.push(Cand {
                s,
                e,
                name,
                last,
                nwords,
                // (`common` is settled below, for the sentence openers.)
                person: titled || titled_before,
                common: false,
                canonical: None,
                role,
            });
        }
        if !openers.is_empty() {
            // the opening words, and whether the document writes them in lower case
            let mut lower: HashMap<&str, bool> = openers.iter().map(|o| (o.1, false)).collect();
            let sieve = WordFilter::new(lower.keys().copied());
            for t in &self.toks {
                if t.word
                    && !t.cap()
                    && sieve.may_contain(t.low())
                    && let Some(seen) = lower.get_mut(t.low())
                {
                    *seen = true;
                }
            }
            for (ci, word, titled) in openers {
                let common = lower.get(word).copied().unwrap_or(false);
                out[ci].common = common;
                out[ci].person = titled && !common;
            }
        }
        // person-like: a name next to a speech verb, after "according to", or followed by an
        // apposition (", a lawmaker"); and every name whose last word is a person's last word.
        static SAYS: OnceLock<WordFilter> = OnceLock::new();
        let says_sieve = SAYS.get_or_init(|| {
            WordFilter::new(
                lexicon::quotes_inversion_verbs()
                    .iter()
                    .chain(lexicon::quotes_indirect_verbs())
                    .copied(),
            )
        });
        let mut strong = vec![false; out.len()];
        for (ci, cand) in out.iter_mut().enumerate() {
            if cand.common {
                continue;
            }
            if cand.person {
                strong[ci] = true;
                continue;
            }
            let r = at[ci].clone();
            let prev = r.start.checked_sub(1).map(|x| &self.toks[x]);
            let prev2 = r.start.checked_sub(2).map(|x| &self.toks[x]);
            let next = self.toks.get(r.end);
            let next2 = self.toks.get(r.end + 1);
            // (the sieve holds every word `says` and `is_inversion_verb` accept)
            let says = |t: &Tok| {
                says_sieve.may_contain(t.low())
                    && (is_inversion_verb(t) || lexicon::quotes_indirect_verbs().contains(t.low()))
            };
            let inversion = |t: &Tok| says_sieve.may_contain(t.low()) && is_inversion_verb(t);
            // "said X," / "said X." but not "said Washington is ..."; "X said"
            let by_verb = (next.is_none_or(|n| !n.word)
                && prev.is_some_and(|p| inversion(p) && p.low() != "according"))
                || next.is_some_and(|n| !n.cap() && says(n))
                || (prev.is_some_and(|p| p.low() == "to")
                    && prev2.is_some_and(|p| p.low() == "according")
                    && next.is_none_or(|n| !n.word));
            let appos = next.is_some_and(|n| n.text == ",")
                && next2.is_some_and(|n| matches!(n.low(), "a" | "an" | "the"));
            cand.person = (by_verb || appos) && !org[ci];
            strong[ci] = by_verb && !org[ci];
        }
        // places: names written after "in" ("in Baghdad") are no persons unless titled
        let places: crate::lexicon::HashSet<&str> = out
            .iter()
            .zip(&at)
            .filter(|(c, r)| {
                // (the token that starts the name is the first that ends after its start)
                let i = r.start;
                // "in Sudani’s government" names a person
                let possessive = matches!(char_at(self.body, c.e), Some('’' | '\''));
                i > 0 && self.toks[i - 1].low() == "in" && !possessive
            })
            .map(|(c, _)| c.name)
            .collect();
        let persons: crate::lexicon::HashSet<&str> = out
            .iter()
            .zip(&strong)
            .filter(|(c, st)| **st && c.person && !places.contains(c.name))
            .filter(|(c, _)| c.nwords > 0)
            .map(|(c, _)| c.last)
            .collect();
        for (c, &org) in out.iter_mut().zip(&org) {
            if org || (c.role.is_none() && places.contains(c.name)) {
                c.person = false;
            } else if !c.person && !c.common && c.nwords <= 3 {
                c.person = persons.contains(c.last) && !places.contains(c.last);
            }
        }
        out
    }

    /// A role written in lower case right before the token `i` ("the prime minister X").
    fn role_before(&self, i: usize) -> Option<String> {
        let titles = lexicon::quotes_titles();
        let mut k = i;
        while k > 0 && i - k < 3 {
            let t = &self.toks[k - 1];
            if t.word && titles.contains(t.bare()) {
                k -= 1;
            } else {
                break;
            }
        }
        if k == i {
            return None;
        }
        let words: Vec<&str> = self.toks[k..i].iter().map(|t| t.bare()).collect();
        Some(words.join(" "))
    }

    /// The name candidates wholly inside `s..e`.
    fn cands_in(&self, s: usize, e: usize) -> Vec<&Cand<'a>> {
        let a = self.names().partition_point(|c| c.s < s);
        self.names()[a..]
            .iter()
            .take_while(|c| c.s < e)
            .filter(|c| c.e <= e)
            .collect()
    }

    /// The full form of a name: the canonical form, or the longest earlier (else later) name
    /// that ends with the same words ("Esper" -> "Mark Esper").
    fn full(&self, c: &Cand<'a>) -> Who<'a> {
        if let Some(canon) = c.canonical
            && let Some(f) = self.nm().by_name.get(canon).map(|&i| &self.names()[i])
        {
            return Who {
                name: f.name,
                s: f.s,
                e: f.e,
            };
        }
        let words: Vec<&str> = c.name.split_whitespace().collect();
        let mut best: Option<&Cand> = None;
        let same_last = words
            .last()
            .and_then(|l| self.nm().by_last.get(*l))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        // Within one distinct name, the occurrence nearest before the mention (else the
        // first) is the one the rule below would keep: look only at that one.
        let pick = |at: &[usize]| -> usize {
            let k = at.partition_point(|&i| self.names()[i].s < c.s);
            if k > 0 { at[k - 1] } else { at[0] }
        };
        for x in same_last.iter().map(|(_, at)| &self.names()[pick(at)]) {
            let xw: Vec<&str> = x.name.split_whitespace().collect();
            if xw.len() <= words.len() || !xw.ends_with(&words) || xw.len() > words.len() + 3 {
                continue;
            }
            // "President Trump" is no fuller name than "Trump"
            let titles = lexicon::quotes_titles();
            if xw[..xw.len() - words.len()]
                .iter()
                .any(|w| with_lowercase(w, |l| titles.contains(l.strip_suffix('.').unwrap_or(l))))
            {
                continue;
            }
            if c.person && !x.person && !self.doc.mentions.is_empty() {
                continue;
            }
            let better = match best {
                None => true,
                Some(b) => {
                    let (bb, xb) = (b.s < c.s, x.s < c.s);
                    // prefer a name before the mention, then the nearest such
                    (xb && !bb) || (xb == bb && xb && x.s > b.s)
                }
            };
            if better {
                best = Some(x);
            }
        }
        let f = best.unwrap_or(c);
        Who {
            name: f.name,
            s: f.s,
            e: f.e,
        }
    }

    /// The last person named before `pos` (full form), outside quotes.
    fn last_person_before(&self, pos: usize) -> Option<Who<'a>> {
        let i = self.names().partition_point(|c| c.s < pos);
        self.names()[..i]
            .iter()
            .rev()
            .find(|c| c.person && c.e <= pos && !self.in_quote(c.s))
            .map(|c| self.full(c))
    }

    fn in_quote(&self, pos: usize) -> bool {
        let q = self.quoted.borrow();
        let i = q.partition_point(|&(s, _)| s <= pos);
        i > 0 && q[i - 1].1 > pos
    }

    /// The last person named with a role before `pos` ("the prime minister" -> the last
    /// "Prime Minister X").
    fn person_with_role(&self, role: &str, pos: usize) -> Option<Who<'a>> {
        let i = self.names().partition_point(|c| c.s < pos);
        let role_last = role.split_whitespace().last().unwrap_or(role);
        self.names()[..i]
            .iter()
            .rev()
            .find(|c| {
                c.role.as_deref().is_some_and(|r| {
                    r == role
                        || r.strip_suffix(role).is_some_and(|p| p.ends_with(' '))
                        || r.ends_with(role_last)
                })
            })
            .map(|c| self.full(c))
    }

    // ---------------------------------------------------------------- quotes

    fn find_raw(&self) -> Vec<Raw> {
        let body = self.body;
        let mut out: Vec<Raw> = Vec::new();
        for (pi, &(ps, pe)) in self.paras.iter().enumerate() {
            let mut open: Option<(usize, char)> = None;
            let prev_ok = |i: usize| {
                i == ps
                    || char_before(body, i).is_some_and(|p| {
                        p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | '-' | ':' | '/')
                    })
            };
            // The char after the mark `ch` at `i`, when it is inside the paragraph.
            let next_in = |i: usize, ch: char| {
                let n = i + ch.len_utf8();
                if n < pe { char_at(body, n) } else { None }
            };
            let next_ok = |i: usize, ch: char| next_in(i, ch).is_some_and(|n| !n.is_whitespace());
            // Only quote marks open or close a quote.
            let from = self.marks.partition_point(|&(i, _)| i < ps);
            for &(i, ch) in self.marks[from..].iter().take_while(|&&(i, _)| i < pe) {
                match open {
                    None => {
                        let starts = match ch {
                            '“' | '„' | '«' => true,
                            '"' => prev_ok(i) && next_ok(i, ch),
                            '‘' => prev_ok(i) && next_ok(i, ch),
                            '\'' => {
                                prev_ok(i)
                                    && next_in(i, ch).is_some_and(char::is_alphabetic)
                                    && single_closes(body, i + 1, pe).is_some()
                            }
                            _ => false,
                        };
                        if starts {
                            open = Some((i, ch));
                        }
                    }
                    Some((o, oc)) => {
                        let closes = match oc {
                            '“' | '„' | '«' => is_close_double(ch) || ch == '"',
                            '"' => ch == '"' || is_close_double(ch),
                            _ => {
                                (ch == '’' || ch == '\'')
                                    && i > o + oc.len_utf8()
                                    && char_before(body, i).is_some_and(|p| !p.is_whitespace())
                                    && !char_at(body, i + ch.len_utf8())
                                        .is_some_and(char::is_alphanumeric)
                            }
                        };
                        let reopens = is_open_double(ch) && matches!(oc, '“' | '„' | '«');
                        if closes {
                            out.push(self.raw(o, i, i + ch.len_utf8(), pi, false));
                            open = None;
                        } else if reopens {
                            // a new opening mark inside an unclosed quote: the first one ends here
                            out.push(self.raw(o, i, i, pi, false));
                            open = Some((i, ch));
                        }
                    }
                }
            }
            if let Some((o, oc)) = open {
                // unclosed: a double quote runs to the paragraph end; a stray single mark is
                // an apostrophe
                if !matches!(oc, '‘' | '\'') {
                    let next_opens = self.paras.get(pi + 1).is_some_and(|&(ns, ne)| {
                        ns < ne && matches!(char_at(body, ns), Some('“' | '"' | '„' | '«'))
                    });
                    out.push(self.raw(o, pe, pe, pi, next_opens));
                }
            }
        }
        out.retain(|r| r.s < r.e);
        for k in 1..out.len() {
            if out[k - 1].continues && out[k].para == out[k - 1].para + 1 {
                let (ps, _) = self.paras[out[k].para];
                if out[k].open == ps {
                    out[k].continued = true;
                }
            }
        }
        out
    }

    fn raw(&self, open: usize, close: usize, after: usize, para: usize, continues: bool) -> Raw {
        let s = open + char_at(self.body, open).map_or(1, char::len_utf8);
        let inner = self.text(s, close);
        let t = inner.trim_start();
        let s = s + (inner.len() - t.len());
        let e = s + t
            .trim_end_matches(|c: char| c.is_whitespace() || c == ',')
            .len();
        Raw {
            open,
            s,
            e,
            after,
            para,
            continues,
            continued: false,
        }
    }

    /// Start of the sentence holding `pos`, never before `floor`. This is our own
    /// conservative scan (no cut after "U.S." or an initial), not the document's sentences: a
    /// splitter that cuts "U.S. actions" or misses a cut before a quote mark would move the
    /// attribution out of reach.
    fn sentence_start(&self, pos: usize, floor: usize) -> usize {
        let mut i = pos;
        while i > floor {
            if self.boundary_before(i) {
                return i;
            }
            i = self.back(i);
        }
        floor
    }

    /// Whether a sentence may start at byte `i`: after `.?!` (and closing marks) and white
    /// space, not after an abbreviation.
    #[inline]
    fn boundary_before(&self, i: usize) -> bool {
        // Most places are not after white space: an ASCII byte before `i` settles that.
        match i.checked_sub(1).and_then(|p| self.body.as_bytes().get(p)) {
            Some(&p) if p.is_ascii() => CLASS[usize::from(p)] & SPACE != 0 && self.boundary_at(i),
            Some(_) => self.boundary_at(i),
            None => false,
        }
    }

    /// [`Ctx::boundary_before`] past its first test.
    fn boundary_at(&self, i: usize) -> bool {
        let b = self.body;
        let (Some(prev), Some(n)) = (char_before(b, i), char_at(b, i)) else {
            return false;
        };
        if !prev.is_whitespace() || n.is_whitespace() {
            return false;
        }
        // `j` is the byte offset of the char `cj`, walking back from the one before `i`.
        let (mut j, mut cj) = (i - prev.len_utf8(), prev);
        let step_back = |j: &mut usize, cj: &mut char| match char_before(b, *j) {
            Some(p) => {
                *j -= p.len_utf8();
                *cj = p;
                true
            }
            None => false,
        };
        while j > 0 && cj.is_whitespace() {
            if !step_back(&mut j, &mut cj) {
                break;
            }
        }
        while j > 0 && matches!(cj, '”' | '"' | '’' | '\'' | ')') {
            if !step_back(&mut j, &mut cj) {
                break;
            }
        }
        if !matches!(cj, '.' | '?' | '!') {
            return false;
        }
        if cj == '.' {
            // abbreviation or initial before the dot?
            let mut k = j;
            while let Some(p) = char_before(b, k)
                && (p.is_alphabetic() || p == '.')
            {
                k -= p.len_utf8();
            }
            let abbreviation = with_lowercase(&b[k..j], |w| {
                lexicon::abbreviations().contains(w)
                    || (w.chars().count() == 1 && w.chars().all(char::is_alphabetic))
                    || w.contains('.')
            });
            if abbreviation {
                // "U.S." before a capitalised word is ambiguous: only a name-like next word
                // keeps the sentence going
                return false;
            }
        }
        n.is_uppercase() || n.is_numeric() || is_quote_char(n)
    }

    /// End of the clause after a closing mark: the next sentence end, opening mark or
    /// paragraph end.
    fn clause_end_after(&self, pos: usize, para_end: usize) -> usize {
        let tail = self.text(pos, para_end);
        // a "?" or "!" (or ".") right inside the closing mark does not end the clause:
        // `“Why?” she asked.`
        let first = pos + (tail.len() - tail.trim_start().len());
        for (k, ch) in tail.char_indices() {
            let i = pos + k;
            if is_open_double(ch) || (ch == '"' && i > pos) {
                return i;
            }
            if i > first && self.boundary_before(i) {
                return i;
            }
        }
        para_end
    }

    /// The quotes, from the quoted spans ([`Ctx::find_raw`]) and the sentences that may hold
    /// indirect speech ([`Ctx::indirect_sentences`]).
    fn run(&self, raws: Vec<Raw>, sentences: &[(usize, usize)]) -> Vec<Quote> {
        *self.quoted.borrow_mut() = raws.iter().map(|r| (r.s, r.e)).collect();
        let mut quotes: Vec<(Raw, Option<Found>)> = Vec::with_capacity(raws.len());
        for (k, r) in raws.iter().enumerate() {
            let prev_raw = k.checked_sub(1).map(|p| &raws[p]);
            let prev = quotes
                .iter()
                .rev()
                .find_map(|(pr, pq)| pq.as_ref().map(|q| (pr, q)));
            let near = prev.filter(|(pr, _)| pr.para + 1 >= r.para);
            self.prev_speaker
                .set(near.and_then(|(pr, q)| Some((q.who?, pr.after))));
            let q = self.quote(r, prev_raw, prev);
            quotes.push((r.clone(), q));
        }
        self.prev_speaker.set(None);
        // unattributed quotes take the speaker of the next quote they run into
        for k in (0..quotes.len().saturating_sub(1)).rev() {
            let (a, b) = quotes.split_at_mut(k + 1);
            let (ra, qa) = &mut a[k];
            let (rb, qb) = &b[0];
            let (Some(qa), Some(qb)) = (qa.as_mut(), qb.as_ref()) else {
                continue;
            };
            if qa.who.is_some() || qb.who.is_none() {
                continue;
            }
            let between = self.text(ra.after, rb.open);
            let adjacent = (ra.para == rb.para && between.trim().is_empty())
                || (ra.continues && rb.continued && rb.para == ra.para + 1);
            if adjacent {
                qa.who = qb.who;
                if qa.cue.is_none() {
                    qa.cue = qb.cue.clone();
                }
            }
        }
        let mut found: Vec<Found> = quotes.into_iter().filter_map(|(_, q)| q).collect();
        found.extend(self.indirect(sentences));
        found.sort_by_key(|q| (q.s, q.e));
        let ch = |b: usize| self.off.char_at(b);
        found
            .into_iter()
            .map(|q| Quote {
                start: ch(q.s),
                end: ch(q.e),
                text: q.text.to_string(),
                speaker: q.who.map(|w| w.name.to_string()),
                speaker_start: q.who.map(|w| ch(w.s)),
                speaker_end: q.who.map(|w| ch(w.e)),
                cue: q.cue,
                kind: q.kind,
            })
            .collect()
    }

    fn quote(
        &self,
        r: &Raw,
        prev_raw: Option<&Raw>,
        prev: Option<(&Raw, &Found<'a>)>,
    ) -> Option<Found<'a>> {
        let (ps, pe) = self.paras[r.para];
        let text = self.text(r.s, r.e);
        let nwords = text.split_whitespace().count();
        if nwords == 0 || !text.chars().any(char::is_alphabetic) {
            return None;
        }
        // the clause before the opening mark, back to the sentence start or the last quote
        let floor = match prev_raw {
            Some(pr) if pr.para == r.para => pr.after,
            _ => ps,
        };
        let floor = floor.max(ps).min(r.open);
        let bs = self.sentence_start(r.open, floor);
        let before = self.toks_in(bs, r.open);
        let after_end = self.clause_end_after(r.after, pe);
        let after = self.toks_in(r.after, after_end);
        let prev_same_sentence = prev.filter(|(pr, _)| {
            pr.para == r.para && pr.after <= r.open && bs <= pr.after && {
                // no sentence start between the two quotes
                !self
                    .text(pr.after, r.open)
                    .char_indices()
                    .skip(1)
                    .any(|(k, _)| self.boundary_before(pr.after + k))
            }
        });

        // titles of works: a Title-Cased short phrase after "on", "the show", ...
        if nwords <= 8
            && self.title_cased(r.s, r.e)
            && before
                .clone()
                .last()
                .is_some_and(|t| lexicon::quotes_title_cues().contains(self.toks[t].low()))
        {
            return None;
        }

        let before_text_empty = before.is_empty()
            || self.toks[before.clone()]
                .iter()
                .all(|t| !t.word && !t.text.chars().any(char::is_alphanumeric));
        // attribution: in the clause before, else in the clause after
        let mut attr = None;
        if !before_text_empty {
            attr = self.attribution(&self.toks[before.clone()], true, r.open);
        }
        if attr.as_ref().is_none_or(|a| a.cue.is_none()) {
            let aft = self.attribution(&self.toks[after.clone()], false, r.s);
            if aft.as_ref().is_some_and(|a| a.cue.is_some()) {
                attr = aft;
            }
        }
        let has_cue = attr.as_ref().is_some_and(|a| a.cue.is_some());
        let mut attr = attr.unwrap_or_default();
        // "X put it simply: “…”": the colon stands for the cue
        let last_before = self.toks[before.clone()]
            .iter()
            .rev()
            .find(|t| !t.text.trim().is_empty());
        let colon = last_before.is_some_and(|t| t.text == ":");
        if attr.who.is_none() && colon {
            let w = &self.toks[before.clone()];
            attr.who = self.subject_before(w, w.len() - 1, r.open);
        }

        // kind
        let sentence_like_start = before_text_empty
            || r.continued
            || last_before.is_some_and(|t| t.text == ":" || (t.text == "," && has_cue))
            || (last_before.is_some_and(|t| t.low() == "that") && nwords >= 6);
        let ends_clause = {
            let t = self.text(r.after, after_end).trim_start();
            r.after >= pe
                || t.is_empty()
                || t.starts_with([',', '.', '?', '!', ';', ':', '—', '–'])
                || has_cue && after.clone().next().is_some_and(|x| self.toks[x].word)
        };
        let kind = if sentence_like_start && ends_clause {
            QuoteKind::Direct
        } else {
            QuoteKind::Partial
        };

        // no speaker from the clause: take the speaker of the quote before
        if attr.who.is_none() {
            let inherit = prev.filter(|(pr, pq)| {
                pq.who.is_some()
                    && (prev_same_sentence.is_some()
                        || (kind == QuoteKind::Direct
                            && (pr.para == r.para
                                || (pr.para + 1 == r.para && r.open == ps)
                                || r.continued)))
            });
            if let Some((_, pq)) = inherit {
                attr.who = pq.who;
                if attr.cue.is_none() {
                    attr.cue = pq.cue.clone();
                }
            }
        }
        // scare quotes and terms: short, no cue, no speaker
        if attr.who.is_none() && !has_cue && nwords <= 3 && !r.continued {
            return None;
        }
        if kind == QuoteKind::Partial && !has_cue && attr.who.is_none() && nwords <= 3 {
            return None;
        }
        Some(Found {
            s: r.s,
            e: r.e,
            text,
            who: attr.who,
            cue: attr.cue,
            kind,
        })
    }

    fn title_cased(&self, s: usize, e: usize) -> bool {
        let mut words = self.toks[self.toks_in(s, e)].iter().filter(|t| t.word);
        words.next().is_some_and(|t| t.cap())
            && words.all(|t| {
                t.cap()
                    || matches!(
                        t.low(),
                        "of" | "the" | "and" | "a" | "an" | "in" | "on" | "for" | "to" | "with"
                    )
            })
    }

    /// The attribution in a clause (its tokens `w`): its cue (the last one before a quote,
    /// the first one after) and the speaker it names.
    fn attribution(&self, w: &[Tok<'a>], before: bool, qpos: usize) -> Option<Attr<'a>> {
        if w.is_empty() {
            return None;
        }
        let cues: Vec<usize> = (0..w.len())
            .filter(|&k| {
                let t = &w[k];
                is_verb(t)
                    && (t.low() != "according" || w.get(k + 1).is_some_and(|n| n.low() == "to"))
            })
            .collect();
        let order: Vec<usize> = if before {
            cues.iter().rev().copied().collect()
        } else {
            cues.iter().copied().filter(|&k| k < 14).collect()
        };
        let mut fallback: Option<Attr> = None;
        for k in order {
            let t = &w[k];
            if t.low() == "according" {
                let np = self.np_after(w, k + 2);
                if let Some(who) = np {
                    return Some(Attr {
                        cue: Some("according to".into()),
                        who: Some(who),
                    });
                }
                // "according to a statement": the sentence's subject speaks
                fallback.get_or_insert(Attr {
                    cue: Some("according to".into()),
                    who: None,
                });
                continue;
            }
            let mut cue = t.text.to_string();
            if t.low() == "told"
                && let Some(n) = w.get(k + 1)
                && n.word
                && !n.cap()
                && matches!(
                    n.low(),
                    "reporters" | "journalists" | "lawmakers" | "supporters" | "parliament"
                )
            {
                cue = format!("told {}", n.text);
            }
            let who = self.subject_before(w, k, qpos).or_else(|| {
                is_inversion_verb(t)
                    .then(|| self.np_after(w, k + 1))
                    .flatten()
            });
            let a = Attr {
                cue: Some(cue),
                who,
            };
            if a.who.is_some() || fallback.is_none() {
                if a.who.is_some() {
                    return Some(a);
                }
                fallback = Some(a);
            }
        }
        fallback
    }

    /// The subject of the verb at `w[k]` (`w` the tokens of a clause): a pronoun right
    /// before it, a name, or a determiner phrase ("the PM", "a senior official").
    fn subject_before(&self, w: &[Tok<'a>], k: usize, qpos: usize) -> Option<Who<'a>> {
        if k == 0 {
            return None;
        }
        let pronouns = lexicon::quotes_pronouns();
        let start = w[0].s;
        // the clause before the verb stops at a quote mark
        let mut lo = 0;
        for (j, t) in w.iter().enumerate().take(k) {
            if !t.word && is_quote_char(t.text.chars().next().unwrap_or(' ')) {
                lo = j + 1;
            }
        }
        // walk back over a few adverbs and auxiliaries
        let mut j = k;
        let mut skipped = 0;
        while j > lo {
            let t = &w[j - 1];
            if t.word && pronouns.contains(t.low()) {
                return self.resolve_pronoun(t.s, qpos);
            }
            if t.word && t.low() == "who" {
                // the antecedent: the nearest name before "who"
                let c = self.cands_in(start, t.s);
                return c
                    .iter()
                    .rev()
                    .find(|c| c.person)
                    .or(c.last())
                    .map(|c| self.full(c));
            }
            if t.word
                && skipped < 4
                && (lexicon::quotes_adverbs().contains(t.low())
                    || (t.low().ends_with("ly") && !t.cap()))
            {
                j -= 1;
                skipped += 1;
                continue;
            }
            break;
        }
        if j == lo {
            return None;
        }
        let s = w[lo].s;
        let e = w[j - 1].e();
        // names in the clause, but not inside a relative clause ", who ... ,"
        let cands = self.cands_in(s, e);
        let in_relative = |c: &Cand| {
            let mut inside = false;
            for t in &self.toks[self.toks_in(s, c.s)] {
                if matches!(t.low(), "who" | "which" | "whom") {
                    inside = true;
                } else if t.text == "," {
                    inside = false;
                }
            }
            inside
        };
        let usable: Vec<&&Cand> = cands.iter().filter(|c| !in_relative(c)).collect();
        if let Some(c) = usable.iter().rev().find(|c| c.person) {
            return Some(self.full(c));
        }
        // an organisation or other name directly before the verb
        let near = usable.iter().rev().find(|c| {
            self.toks[self.toks_in(c.e, e)]
                .iter()
                .all(|t| t.text == "’s" || t.text == "'s")
        });
        if let Some(c) = near {
            return Some(self.org_phrase(c));
        }
        // a name that opens the clause: "…,” Smith, 45, said"
        if let Some(c) = usable.first().filter(|c| c.s == s) {
            return Some(self.org_phrase(c));
        }
        // a role phrase right before the verb: "the PM", "the prime minister", "a spokesman"
        if let Some(who) = self.role_phrase(w, lo, j, qpos) {
            return Some(who);
        }
        // a participle ("…, accusing X of “…”") speaks for the subject opening the clause
        if w[k].low().ends_with("ing") {
            return self.opening_np(w, lo, k);
        }
        None
    }

    /// The determiner phrase that opens a clause ("the Iraqi government issued …" -> "the
    /// Iraqi government"): a determiner and up to four words, up to the first verb-like word.
    fn opening_np(&self, w: &[Tok<'a>], lo: usize, k: usize) -> Option<Who<'a>> {
        // the clause opens at its start or after a comma ("At the same time, the …")
        let is_det = |j: usize| matches!(w[j].low(), "the" | "a" | "an");
        let lo = (lo..k).find(|&j| is_det(j) && (j == lo || w[j - 1].text == ","))?;
        let first = &w[lo];
        let mut end = lo + 1;
        while end < k && end < lo + 5 {
            let t = &w[end];
            let verbish = !t.cap()
                && (t.low().ends_with("ed")
                    || is_verb(t)
                    || lexicon::quotes_adverbs().contains(t.low()));
            if !t.word || verbish {
                break;
            }
            end += 1;
        }
        if end == lo + 1 || end >= k {
            return None;
        }
        let (s, e) = (first.s, w[end - 1].e());
        Some(Who {
            name: self.text(s, e),
            s,
            e,
        })
    }

    /// A name with its determiner when it has one ("the State Department").
    fn org_phrase(&self, c: &Cand<'a>) -> Who<'a> {
        if c.person {
            return self.full(c);
        }
        let i = self.toks.partition_point(|t| t.e() <= c.s);
        let s = match i.checked_sub(1).map(|p| &self.toks[p]) {
            // one char between "the" and the name
            Some(t) if t.low() == "the" && c.s > t.e() && self.back(c.s) == t.e() => t.s,
            _ => c.s,
        };
        Who {
            name: self.text(s, c.e),
            s,
            e: c.e,
        }
    }

    /// A determiner phrase before `w[k]` (from a determiner at or after `w[lo]`): resolved
    /// to a person when it is a role noun, else the phrase itself.
    fn role_phrase(&self, w: &[Tok<'a>], lo: usize, k: usize, qpos: usize) -> Option<Who<'a>> {
        let mut d = None;
        for j in (lo..k).rev() {
            let t = &w[j];
            if !t.word || k - j > 8 {
                break;
            }
            if matches!(t.low(), "the" | "a" | "an" | "one" | "another") {
                d = Some(j);
                // "a spokesman for the ministry": go on past the preposition
                let before = j.checked_sub(1).filter(|&p| p >= lo).map(|p| &w[p]);
                if !before.is_some_and(|b| matches!(b.low(), "for" | "of" | "at" | "with" | "from"))
                {
                    break;
                }
            }
        }
        let d = d?;
        if d + 1 >= k {
            return None;
        }
        let s = w[d].s;
        let e = w[k - 1].e();
        // skip trailing adverbs: "the PM also"
        let words = &w[d + 1..k];
        // "a statement on its website" is no speaker
        if words
            .iter()
            .any(|t| lexicon::quotes_sources().contains(t.bare()))
        {
            return None;
        }
        let roles = roles();
        let mut phrase = String::new();
        for n in (1..=words.len().min(4)).rev() {
            for st in 0..=words.len() - n {
                phrase.clear();
                for (x, t) in words[st..st + n].iter().enumerate() {
                    if x > 0 {
                        phrase.push(' ');
                    }
                    phrase.push_str(t.bare());
                }
                if let Some(full) = roles.get(phrase.as_str())
                    && let Some(who) = self.person_with_role(full, qpos)
                {
                    return Some(who);
                }
            }
        }
        Some(Who {
            name: self.text(s, e),
            s,
            e,
        })
    }

    /// The speaker named after a verb ("said William Wechsler, a …", "said one protester,
    /// Ayad Al-Rumi", "according to the ministry"): `w` the tokens of the clause, from
    /// `w[from]`.
    fn np_after(&self, w: &[Tok<'a>], from: usize) -> Option<Who<'a>> {
        let pronouns = lexicon::quotes_pronouns();
        let mut end = from;
        while end < w.len() && end < from + 8 {
            let t = &w[end];
            if !t.word && !t.text.trim().is_empty() || t.low() == "that" {
                break;
            }
            if !t.cap()
                && t.word
                && matches!(
                    t.low(),
                    "on" | "in" | "at" | "to" | "after" | "before" | "during" | "from" | "as"
                )
            {
                break;
            }
            end += 1;
        }
        if end == from {
            return None;
        }
        let first = &w[from];
        if first.word && pronouns.contains(first.low()) {
            return self.resolve_pronoun(first.s, first.s);
        }
        let s = first.s;
        let e = w[end - 1].e();
        if let Some(c) = self.cands_in(s, e).last() {
            return Some(self.org_phrase(c));
        }
        // "one protester, Ayad Al-Rumi": a description, a comma, a name
        if w.get(end).is_some_and(|t| t.text == ",") {
            let ns = w.get(end + 1).map(|t| t.s);
            if let Some(ns) = ns
                && let Some(c) = self.cands_in(ns, self.body.len()).first()
                && c.s == ns
            {
                return Some(self.full(c));
            }
        }
        let words = &w[from..end];
        if words
            .iter()
            .any(|t| lexicon::quotes_sources().contains(t.bare()))
        {
            return None;
        }
        // role nouns after a verb: "said the prime minister"
        let phrase = words
            .iter()
            .skip_while(|t| matches!(t.low(), "the" | "a" | "an"))
            .map(|t| t.bare())
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(full) = roles().get(phrase.as_str())
            && let Some(who) = self.person_with_role(full, s)
        {
            return Some(who);
        }
        if matches!(first.low(), "the" | "a" | "an" | "one" | "another") {
            return Some(Who {
                name: self.text(s, e),
                s,
                e,
            });
        }
        None
    }

    /// A pronoun at `pos`: the last named person before the quote at `qpos` (the speaker of a
    /// quote just before wins through the caller's inheritance), as the document names it.
    fn resolve_pronoun(&self, pos: usize, qpos: usize) -> Option<Who<'a>> {
        // the speaker of the last quote in this or the previous paragraph, unless another
        // person is named after that quote
        if let Some((w, end)) = self.prev_speaker.get() {
            let i = self.names().partition_point(|c| c.s < pos.min(qpos));
            let other = self.names()[..i]
                .iter()
                .rev()
                .take_while(|c| c.s >= end)
                .find(|c| c.person && !self.in_quote(c.s))
                .map(|c| self.full(c));
            return Some(match other {
                Some(o) if o.name != w.name => o,
                _ => w,
            });
        }
        if let Some(w) = self.last_quote_speaker(qpos) {
            return Some(w);
        }
        let at = pos.min(qpos);
        self.last_person_before(at).or_else(|| {
            // no known person: the last name of two or three words that is no organisation
            let i = self.names().partition_point(|c| c.s < at);
            let org_words = lexicon::quotes_org_words();
            self.names()[..i]
                .iter()
                .rev()
                .find(|c| {
                    (2..=3).contains(&c.nwords)
                        && !c.common
                        && !self.in_quote(c.s)
                        && !lower_in(org_words, c.last)
                })
                .map(|c| self.full(c))
        })
    }

    /// The speaker named by the nearest attribution before `pos` in the same or previous
    /// paragraph (a name right next to a speech verb).
    fn last_quote_speaker(&self, pos: usize) -> Option<Who<'a>> {
        let pi = self
            .paras
            .partition_point(|&(s, _)| s <= pos)
            .checked_sub(1)?;
        let floor = self.paras[pi.saturating_sub(1)].0;
        let i = self.names().partition_point(|c| c.s < pos);
        let cand = self.names()[..i]
            .iter()
            .rev()
            .take_while(|c| c.s >= floor)
            .find(|c| {
                if !c.person || c.e > pos {
                    return false;
                }
                let r = self.toks_in(c.s, c.e);
                let prev = r.start.checked_sub(1).map(|x| &self.toks[x]);
                let next = self.toks.get(r.end);
                let quoted =
                    |t: Option<&Tok>| t.is_some_and(|t| matches!(t.text, "”" | "\"" | ","));
                // "…,” X said" or "said X" right after a closing mark
                (next.is_some_and(is_verb) && quoted(prev))
                    || (prev.is_some_and(is_verb)
                        && r.start >= 2
                        && quoted(Some(&self.toks[r.start - 2])))
            })?;
        Some(self.full(cand))
    }

    // ---------------------------------------------------------------- indirect speech

    /// Whether bytes `s..e` hold a double quotation mark or an opening single one.
    fn has_marks(&self, s: usize, e: usize) -> bool {
        let from = self.marks.partition_point(|&(i, _)| i < s);
        self.marks[from..]
            .iter()
            .take_while(|&&(i, _)| i < e)
            .any(|&(_, c)| is_open_double(c) || is_close_double(c) || c == '"' || c == '‘')
    }

    /// The sentences (byte offsets, in order) where [`Ctx::indirect`] looks for indirect
    /// speech: those with a "that" and a cue verb, and without quotation marks.
    fn indirect_sentences(&self) -> Vec<(usize, usize)> {
        static THAT: OnceLock<memchr::memmem::Finder<'static>> = OnceLock::new();
        let that_finder = THAT.get_or_init(|| memchr::memmem::Finder::new("that"));
        // (a cue needs a "that" after it, in [`Ctx::indirect`]: a sentence or a paragraph
        // without one has none)
        let has_that = |s: usize, e: usize| {
            (self.low_body.as_bytes().get(s..e)).is_some_and(|t| that_finder.find(t).is_some())
        };
        let verbs = indirect_verb_finder();
        let has_verb = |s: usize, e: usize| {
            verbs.is_none_or(|v| {
                (self.low_body.as_bytes().get(s..e))
                    .is_some_and(|t| v.iter().any(|f| f.find(t).is_some()))
            })
        };
        let mut out = Vec::new();
        for &(ps, pe) in &self.paras {
            if !has_that(ps, pe) {
                continue;
            }
            out.extend(
                self.sentences_in(ps, pe)
                    .into_iter()
                    .filter(|&(s, e)| has_that(s, e) && !self.has_marks(s, e) && has_verb(s, e)),
            );
        }
        out
    }

    /// `X said that …` in `sentences` ([`Ctx::indirect_sentences`]).
    fn indirect(&self, sentences: &[(usize, usize)]) -> Vec<Found<'a>> {
        static SIEVE: OnceLock<WordFilter> = OnceLock::new();
        let mut out = Vec::new();
        let verbs = lexicon::quotes_indirect_verbs();
        let sieve = SIEVE.get_or_init(|| WordFilter::new(verbs.iter().copied()));
        for &(s, e) in sentences {
            let w = &self.toks[self.toks_in(s, e)];
            for k in 0..w.len() {
                let t = &w[k];
                if !(t.word && sieve.may_contain(t.low()) && verbs.contains(t.low()))
                    || k.checked_sub(1).is_some_and(|p| w[p].low() == "to")
                {
                    continue;
                }
                let that = (k + 1..(k + 6).min(w.len())).find(|&j| {
                    let u = &w[j];
                    u.low() == "that" || u.text == ","
                });
                let Some(j) = that.filter(|&j| w[j].low() == "that") else {
                    continue;
                };
                if j + 1 >= w.len() {
                    continue;
                }
                let Some(who) = self.subject_before(w, k, t.s) else {
                    continue;
                };
                let cs = w[j + 1].s;
                let ce = cs
                    + self
                        .text(cs, e)
                        .trim_end_matches(|c: char| {
                            c.is_whitespace() || matches!(c, '.' | '!' | '?' | ';')
                        })
                        .len();
                let text = self.text(cs, ce);
                if ce <= cs || text.split_whitespace().nth(2).is_none() {
                    continue;
                }
                out.push(Found {
                    s: cs,
                    e: ce,
                    text,
                    who: Some(who),
                    cue: Some(t.text.to_string()),
                    kind: QuoteKind::Indirect,
                });
                break;
            }
        }
        out
    }

    /// The sentences of a paragraph (byte offsets): the document's when it has them, else
    /// our own split.
    fn sentences_in(&self, ps: usize, pe: usize) -> Vec<(usize, usize)> {
        if !self.doc.sentences.is_empty() {
            let b = |c: usize| self.off.byte_at(c);
            let a = self.doc.sentences.partition_point(|s| b(s.end) <= ps);
            return self.doc.sentences[a..]
                .iter()
                .map(|s| (b(s.start), b(s.end)))
                .take_while(|&(s, _)| s < pe)
                .map(|(s, e)| (s.max(ps), e.min(pe)))
                .filter(|(s, e)| s < e)
                .collect();
        }
        let mut out = Vec::new();
        let mut st = ps;
        for (k, _) in self.text(ps, pe).char_indices().skip(1) {
            if self.boundary_before(ps + k) {
                out.push((st, ps + k));
                st = ps + k;
            }
        }
        out.push((st, pe));
        out
    }
}

/// A finder of the indirect cue verbs in the body with its ASCII letters in lower case: a
/// token whose lower case is such a verb is written there, when every verb is ASCII without a
/// "k" (no char beyond ASCII has a lower case of one ASCII char but the Kelvin sign's "k");
/// `None` (no sieve) else.
fn indirect_verb_finder() -> Option<&'static [memchr::memmem::Finder<'static>]> {
    static F: OnceLock<Option<Vec<memchr::memmem::Finder<'static>>>> = OnceLock::new();
    F.get_or_init(|| {
        let verbs = lexicon::quotes_indirect_verbs();
        let plain = |v: &str| v.bytes().all(|b| b.is_ascii() && b != b'k' && b != b'K');
        if verbs.is_empty() || !verbs.iter().all(|v| plain(v)) {
            return None;
        }
        // (a verb holding another is found with it: "says" with "say")
        let mut vs: Vec<&str> = verbs.iter().copied().collect();
        vs.sort_unstable_by_key(|v| v.len());
        let mut kept: Vec<&str> = Vec::new();
        for v in vs {
            if !kept.iter().any(|k| v.contains(k)) {
                kept.push(v);
            }
        }
        Some(kept.into_iter().map(memchr::memmem::Finder::new).collect())
    })
    .as_deref()
}

/// Whether a straight single quote opened before byte `from` closes in the paragraph (which
/// ends at `pe`), with at least two words inside.
fn single_closes(body: &str, from: usize, pe: usize) -> Option<usize> {
    let mut spaces = 0;
    for (k, c) in body.get(from..pe)?.char_indices() {
        let i = from + k;
        if c.is_whitespace() {
            spaces += 1;
        }
        if c == '\''
            && !char_before(body, i).is_some_and(char::is_whitespace)
            && !char_at(body, i + 1).is_some_and(char::is_alphanumeric)
        {
            return (spaces >= 1).then_some(i);
        }
    }
    None
}

/// Paragraph spans (byte offsets): the document's blocks, else the non-empty lines.
fn paragraphs(doc: &Document, body: &str, off: &Offsets) -> Vec<(usize, usize)> {
    let n = off.len_chars();
    let mut out = Vec::new();
    let push_lines = |s: usize, e: usize, out: &mut Vec<(usize, usize)>| {
        let mut st = s;
        loop {
            // The line from `st` to the next newline (or `e`), trimmed.
            let i = memchr::memchr(b'\n', &body.as_bytes()[st..e]).map_or(e, |k| st + k);
            let line = &body[st..i];
            let a = st + (line.len() - line.trim_start().len());
            let b = st + line.trim_end().len();
            if a < b {
                out.push((a, b));
            }
            if i >= e {
                break;
            }
            st = i + 1;
        }
    };
    let mut blocks: Vec<(usize, usize)> = doc
        .blocks
        .iter()
        .filter(|b| b.start < b.end && b.end <= n)
        .map(|b| (off.byte_at(b.start), off.byte_at(b.end)))
        .collect();
    blocks.sort();
    if blocks.is_empty() {
        push_lines(0, body.len(), &mut out);
    } else {
        let mut last = 0;
        for (s, e) in blocks {
            let s = s.max(last);
            if s < e {
                push_lines(s, e, &mut out);
                last = e;
            }
        }
    }
    out
}

/// Words (letters and digits, with inner `-'’.` and a final dot of an abbreviation) and
/// single other chars (white space is skipped). `low_body` is the body with its ASCII letters
/// in lower case (where an ASCII word's lower case is read, at the word's own offsets);
/// `lows` receives the lower cases of the other words that differ from their text.
fn tokenize<'a>(body: &'a str, low_body: &'a str, lows: &'a mut String) -> Vec<Tok<'a>> {
    // The lower case of `text` when it differs: at `x..y` of `low_body`, or of `lows` at
    // `x - n..y - n` from `n` (the body's length) on.
    fn low_of<'x>(
        low_body: &'x str,
        lows: &'x str,
        at: Option<(usize, usize)>,
        text: &'x str,
    ) -> &'x str {
        let n = low_body.len();
        match at {
            Some((x, y)) if x >= n => lows.get(x - n..y - n).unwrap_or(text),
            Some((x, y)) => low_body.get(x..y).unwrap_or(text),
            None => text,
        }
    }
    let bytes = body.as_bytes();
    let n = bytes.len();
    // About one token in four bytes of text (English runs near one in five): the vector
    // rarely grows (and the vector lives only as long as the document's annotation: it is
    // not trimmed).
    let mut out = Vec::with_capacity(n / 4 + 16);
    // (token index, byte range in `low_body` then `lows`, see `low_of`) of the words whose
    // lower case differs.
    let mut lowered: Vec<(usize, usize, usize)> = Vec::with_capacity(n / 32);
    debug_assert_eq!(low_body.len(), n);
    lows.clear();
    let mut b = 0;
    while let Some(&x) = bytes.get(b) {
        let class = CLASS[usize::from(x)];
        if class & SPACE != 0 {
            b += 1;
            continue;
        }
        let Some(c) = char_at(body, b) else { break };
        if !x.is_ascii() && c.is_whitespace() {
            b += c.len_utf8();
            continue;
        }
        if class & WORD != 0 || (!x.is_ascii() && c.is_alphanumeric()) {
            let s = b;
            // Whether the word is ASCII, and the classes of its ASCII chars (has it an
            // upper-case letter?): a plain ASCII word is its own lower case (what
            // `lowercase` finds, without scanning it again).
            let (mut ascii, mut classes) = (x.is_ascii(), class);
            b += c.len_utf8();
            loop {
                // ASCII letters and digits, then a non-ASCII one or an inner mark before one
                while let Some(&y) = bytes.get(b) {
                    let k = CLASS[usize::from(y)];
                    if k & WORD == 0 {
                        break;
                    }
                    classes |= k;
                    b += 1;
                }
                // (an ASCII char but an inner mark ends the word)
                if bytes
                    .get(b)
                    .is_none_or(|&y| y.is_ascii() && !matches!(y, b'-' | b'\'' | b'.'))
                {
                    break;
                }
                let Some(c) = char_at(body, b) else { break };
                let w = c.len_utf8();
                if c.is_alphanumeric()
                    || (matches!(c, '-' | '\'' | '’' | '.' | '‑')
                        && char_at(body, b + w).is_some_and(char::is_alphanumeric))
                {
                    ascii &= c.is_ascii();
                    b += w;
                } else {
                    break;
                }
            }
            let upper = classes & UPPER != 0;
            // The byte range of the lower case when it differs from the word (see `low_of`):
            // the word's own in `low_body` for an ASCII word, else appended to `lows`.
            let word = &body[s..b];
            let mut lowered_at = if ascii {
                upper.then_some((s, b))
            } else {
                let at = n + lows.len();
                if push_lowercase(lows, word, false, upper) {
                    Some((at, n + lows.len()))
                } else {
                    None
                }
            };
            // final dot of "U.S." or of an abbreviation (the lower case of the word with
            // its dot is that of the word and the dot)
            let mut text = word;
            if bytes.get(b) == Some(&b'.') {
                let low = low_of(low_body, lows, lowered_at, word);
                if word.contains('.') || lexicon::abbreviations().contains(low) {
                    b += 1;
                    text = &body[s..b];
                    if let Some((x, y)) = lowered_at {
                        // (an ASCII word's dot follows it in `low_body` already)
                        if !ascii {
                            lows.push('.');
                        }
                        lowered_at = Some((x, y + 1));
                    }
                }
            }
            // (an ASCII word is settled by its first byte, but for "al-"/"el-")
            let cap = if ascii && !(matches!(x, b'a' | b'e') && bytes.get(s + 2) == Some(&b'-')) {
                x.is_ascii_uppercase()
            } else {
                cap_of(text, low_of(low_body, lows, lowered_at, text))
            };
            if let Some((x, y)) = lowered_at {
                lowered.push((out.len(), x, y));
            }
            out.push(Tok {
                s,
                text,
                lower: text,
                word: true,
                cap,
            });
        } else {
            let text = &body[b..b + c.len_utf8()];
            out.push(Tok {
                s: b,
                text,
                lower: text,
                word: false,
                // (no ASCII char but a letter has a case)
                cap: !x.is_ascii() && cap_of(text, text),
            });
            b += c.len_utf8();
        }
    }
    let lows: &'a str = lows;
    for (k, a, b) in lowered {
        let text = out[k].text;
        out[k].lower = low_of(low_body, lows, Some((a, b)), text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Mention;

    fn doc(body: &str) -> Document {
        Document {
            id: "t".into(),
            body: body.into(),
            ..Default::default()
        }
    }

    fn quotes(body: &str) -> Vec<Quote> {
        let d = doc(body);
        let qs = annotate(&d);
        check(&d, &qs);
        qs
    }

    /// Every quote's text is its span; every speaker span holds the speaker.
    fn check(d: &Document, qs: &[Quote]) {
        let chars: Vec<char> = d.body.chars().collect();
        for q in qs {
            let t: String = chars[q.start..q.end].iter().collect();
            assert_eq!(t, q.text);
            if let (Some(s), Some(e), Some(name)) = (q.speaker_start, q.speaker_end, &q.speaker) {
                let t: String = chars[s..e].iter().collect();
                assert_eq!(&t, name, "speaker span of {:?}", q.text);
            }
        }
    }

    fn find<'q>(qs: &'q [Quote], prefix: &str) -> &'q Quote {
        qs.iter()
            .find(|q| q.text.starts_with(prefix))
            .unwrap_or_else(|| panic!("no quote {prefix:?} in {qs:#?}"))
    }

    fn speaker(q: &Quote) -> &str {
        q.speaker.as_deref().unwrap_or("")
    }

    #[test]
    fn straight_quotes_over_sentences_with_verb_first_attribution() {
        let qs = quotes(
            "\"The harbour will reopen in May. Nobody should doubt it,\" said Jane Roe, a former port official.",
        );
        assert_eq!(qs.len(), 1);
        let q = &qs[0];
        assert_eq!(
            q.text,
            "The harbour will reopen in May. Nobody should doubt it"
        );
        assert_eq!(speaker(q), "Jane Roe");
        assert_eq!(q.cue.as_deref(), Some("said"));
        assert_eq!(q.kind, QuoteKind::Direct);
    }

    #[test]
    fn closing_mark_before_the_comma_and_full_name() {
        let qs = quotes(
            "President Harold Quist spoke in Lisbon.\n\n“We are not paying for it”, Quist said on Friday.",
        );
        let q = find(&qs, "We are not paying");
        assert_eq!(q.text, "We are not paying for it");
        assert_eq!(speaker(q), "Harold Quist");
        assert_eq!(q.kind, QuoteKind::Direct);
    }

    #[test]
    fn told_reporters_is_the_cue() {
        let qs = quotes("“The bridge is safe,” Marlow told reporters at the site.");
        assert_eq!(speaker(&qs[0]), "Marlow");
        assert_eq!(qs[0].cue.as_deref(), Some("told reporters"));
    }

    #[test]
    fn a_quote_cut_by_its_attribution_gives_two_quotes_of_one_speaker() {
        let qs = quotes(
            "Nadia Okafor leads the union.\n\n“They’re tired,” Okafor added. “They have waited for months and nobody called them back.”",
        );
        assert_eq!(qs.len(), 2);
        assert_eq!(speaker(find(&qs, "They’re tired")), "Nadia Okafor");
        let second = find(&qs, "They have waited");
        assert_eq!(speaker(second), "Nadia Okafor");
        assert_eq!(second.kind, QuoteKind::Direct);
    }

    #[test]
    fn attribution_between_two_parts_of_one_sentence() {
        let qs = quotes(
            "“Farmers do not want charity,” said Ivo Brandt, “only a fair price for the grain.”",
        );
        assert_eq!(qs.len(), 2);
        assert!(qs.iter().all(|q| speaker(q) == "Ivo Brandt"));
    }

    #[test]
    fn an_unclosed_paragraph_runs_on_into_the_next() {
        let body = "“We will rebuild the school first,” said Mayor Ana Lind. “Then the clinic, and then the roads.\n\n“Nothing else comes before the children.”";
        let qs = quotes(body);
        assert_eq!(qs.len(), 3);
        assert!(qs.iter().all(|q| speaker(q) == "Ana Lind"), "{qs:#?}");
        let last = find(&qs, "Nothing else");
        assert_eq!(last.text, "Nothing else comes before the children.");
    }

    #[test]
    fn an_unclosed_first_paragraph_takes_the_speaker_named_later() {
        let body =
            "“The water came at night.\n\n“We lost everything,” said Pia Sandoval, a fisherwoman.";
        let qs = quotes(body);
        assert_eq!(qs.len(), 2);
        assert_eq!(speaker(find(&qs, "The water came")), "Pia Sandoval");
    }

    #[test]
    fn a_pronoun_takes_the_speaker_of_the_previous_quote() {
        let body = "“Prices will fall,” said Oskar Lindqvist, an economist at Norrbank.\n\nThe central bank kept rates steady on Tuesday.\n\n“I would not bet against it,” he said.";
        let qs = quotes(body);
        let q = find(&qs, "I would not bet");
        assert_eq!(speaker(q), "Oskar Lindqvist");
    }

    #[test]
    fn a_pronoun_without_a_previous_quote_takes_the_last_named_person() {
        let body = "Governor Rita Vance toured the flooded valley on Sunday. Vance met farmers in Dalby.\n\n“This is the worst I have seen,” she said.";
        let qs = quotes(body);
        assert_eq!(speaker(&qs[0]), "Rita Vance");
    }

    #[test]
    fn adamant_that_introduces_a_direct_quote() {
        let qs = quotes(
            "Defence Minister Carl Hewitt was adamant on Monday that “no decision has been made to close the base. None.”",
        );
        let q = &qs[0];
        assert_eq!(speaker(q), "Carl Hewitt");
        assert_eq!(q.kind, QuoteKind::Direct);
        assert_eq!(q.text, "no decision has been made to close the base. None.");
    }

    #[test]
    fn according_to_a_statement_resolves_the_role_noun() {
        let body = "Veldian Prime Minister Tomas Arkwell called his counterpart on Friday.\n\n“Send engineers to the dam before the rains”, the PM instructed the minister, according to a statement.";
        let qs = quotes(body);
        let q = &qs[0];
        assert_eq!(speaker(q), "Tomas Arkwell");
        assert_eq!(q.cue.as_deref(), Some("instructed"));
    }

    #[test]
    fn according_to_a_person() {
        let qs = quotes(
            "The plan could collapse, according to Lena Marsh, a city councillor who described it as “a castle in the air” with no money behind it.",
        );
        let q = &qs[0];
        assert_eq!(q.text, "a castle in the air");
        assert_eq!(q.kind, QuoteKind::Partial);
        assert_eq!(speaker(q), "Lena Marsh");
    }

    #[test]
    fn a_description_then_the_name() {
        let qs = quotes(
            "“We cannot sell at these prices,” said one farmer, Tomas Brevik, speaking from his field.",
        );
        assert_eq!(speaker(&qs[0]), "Tomas Brevik");
    }

    #[test]
    fn organisations_speak() {
        let qs = quotes(
            "“The border remains open to trade,” the Interior Ministry said in a statement.",
        );
        assert_eq!(speaker(&qs[0]), "the Interior Ministry");
        let qs = quotes(
            "The office of Governor Elena Ruiz described the strike as an “attack on the province’s dignity.”",
        );
        assert_eq!(speaker(&qs[0]), "Elena Ruiz");
        assert_eq!(qs[0].kind, QuoteKind::Partial);
    }

    #[test]
    fn partial_quote_inside_indirect_speech() {
        let qs = quotes(
            "Foreign Secretary Dana Holt said on Sunday that the “acting mayor” is under heavy pressure from the council.",
        );
        assert_eq!(qs.len(), 1);
        assert_eq!(qs[0].text, "acting mayor");
        assert_eq!(qs[0].kind, QuoteKind::Partial);
        assert_eq!(speaker(&qs[0]), "Dana Holt");
    }

    #[test]
    fn indirect_speech_without_quote_marks() {
        let qs = quotes(
            "Treasurer Maya Soto said that the budget would be cut by a tenth next year. Suffice to say that nobody was pleased.",
        );
        assert_eq!(qs.len(), 1, "{qs:#?}");
        assert_eq!(qs[0].kind, QuoteKind::Indirect);
        assert_eq!(qs[0].text, "the budget would be cut by a tenth next year");
        assert_eq!(speaker(&qs[0]), "Maya Soto");
    }

    #[test]
    fn indirect_speech_with_that_in_capitals() {
        // (the sentences without "that" in any case are passed over before their tokens
        // are read)
        let qs = quotes(
            "Warden Ilse Brandt told the council THAT the ferry would stop running in May. The ferry left.",
        );
        assert_eq!(qs.len(), 1, "{qs:#?}");
        assert_eq!(qs[0].kind, QuoteKind::Indirect);
        assert_eq!(qs[0].text, "the ferry would stop running in May");
        let body = "Ünal SAID That";
        let (low_body, mut lows) = (body.to_ascii_lowercase(), String::new());
        let toks = tokenize(body, &low_body, &mut lows);
        assert_eq!(low_body, "Ünal said that");
        assert_eq!(toks[0].low(), "ünal");
        assert_eq!(toks[2].low(), "that");
    }

    #[test]
    fn titles_of_programmes_are_not_quotes() {
        let qs = quotes(
            "“We will stay as long as needed,” Holt said on “Morning Report.” She also wrote about it in “The Long Road Home.”",
        );
        assert_eq!(qs.len(), 1, "{qs:#?}");
        assert!(qs[0].text.starts_with("We will stay"));
    }

    #[test]
    fn scare_quotes_and_terms_are_not_quotes() {
        let qs = quotes(
            "The brigade was moved from “active” to “reserve status” after the ceasefire. Critics of the “peace dividend” were few.",
        );
        assert!(qs.is_empty(), "{qs:#?}");
    }

    #[test]
    fn a_short_quote_with_a_cue_is_a_quote() {
        let qs = quotes(
            "Mayor Ana Lind visited the wounded and wished them a “speedy recovery,” then left.",
        );
        assert_eq!(qs.len(), 1);
        assert_eq!(speaker(&qs[0]), "Ana Lind");
        assert_eq!(qs[0].kind, QuoteKind::Partial);
    }

    #[test]
    fn a_question_mark_inside_the_quote_does_not_hide_the_speaker() {
        let qs = quotes("“Who pays for the repairs?” Brevik asked. “Not us.”");
        assert_eq!(qs.len(), 2);
        assert!(qs.iter().all(|q| speaker(q) == "Brevik"), "{qs:#?}");
    }

    #[test]
    fn straight_single_quotes() {
        let qs = quotes("'We will rebuild the pier,' said Mayor Ana Lind.");
        assert_eq!(qs.len(), 1);
        assert_eq!(qs[0].text, "We will rebuild the pier");
        assert_eq!(speaker(&qs[0]), "Ana Lind");
    }

    #[test]
    fn colon_introduces_a_direct_quote() {
        let qs = quotes("Brevik put it simply: “We are done waiting.”");
        assert_eq!(qs[0].kind, QuoteKind::Direct);
        assert_eq!(speaker(&qs[0]), "Brevik");
    }

    #[test]
    fn the_entity_layer_is_used_when_present() {
        let body = "Mark Ostrander, the port director, spoke first.\n\n“We need two more cranes,” Ostrander said.";
        let mut d = doc(body);
        let chars: Vec<char> = body.chars().collect();
        let find_span = |needle: &str, from: usize| -> (usize, usize) {
            let n: Vec<char> = needle.chars().collect();
            let s = (from..chars.len())
                .find(|&i| chars[i..].starts_with(&n))
                .unwrap();
            (s, s + n.len())
        };
        let (s1, e1) = find_span("Mark Ostrander", 0);
        let (s2, e2) = find_span("Ostrander", e1);
        d.mentions = vec![
            Mention {
                start: s1,
                end: e1,
                text: "Mark Ostrander".into(),
                kind: EntityType::Person,
                role: None,
                canonical: None,
            },
            Mention {
                start: s2,
                end: e2,
                text: "Ostrander".into(),
                kind: EntityType::Person,
                role: None,
                canonical: Some("Mark Ostrander".into()),
            },
        ];
        let qs = annotate(&d);
        check(&d, &qs);
        assert_eq!(qs.len(), 1);
        assert_eq!(speaker(&qs[0]), "Mark Ostrander");
        assert_eq!(qs[0].speaker_start, Some(s1));
    }

    #[test]
    fn a_pronoun_after_a_newly_named_person_is_that_person() {
        let body = "“Prices will fall,” said Oskar Lindqvist, an economist.\n\nMinister Freya Holm disagreed. “We see no sign of it,” she said.";
        let qs = quotes(body);
        assert_eq!(speaker(find(&qs, "We see no sign")), "Freya Holm");
    }

    #[test]
    fn a_speaker_named_by_a_colon_clause_is_kept_by_the_next_pronoun() {
        let body = "Senator Ruth Adebayo told the hearing: “The money is gone.”\n\n“Nobody can say where it went,” she said.";
        let qs = quotes(body);
        assert_eq!(speaker(find(&qs, "The money is gone")), "Ruth Adebayo");
        assert_eq!(speaker(find(&qs, "Nobody can say")), "Ruth Adebayo");
    }

    #[test]
    fn names_inside_quotes_are_not_speakers() {
        let body = "“We spoke to Minister Pell about it,” said Ivo Brandt.\n\n“He did not answer,” he added.";
        let qs = quotes(body);
        assert_eq!(speaker(find(&qs, "He did not answer")), "Ivo Brandt");
    }

    #[test]
    fn subject_with_apposition_and_descriptions() {
        let qs = quotes("“We will appeal,” Brandt, 54, said outside the court.");
        assert_eq!(speaker(&qs[0]), "Brandt");
        let qs = quotes("“No comment,” a spokesman for the ministry said.");
        assert_eq!(speaker(&qs[0]), "a spokesman for the ministry");
        let qs = quotes("“The talks are over,” said a spokesman for the ministry.");
        assert_eq!(speaker(&qs[0]), "a spokesman for the ministry");
    }

    #[test]
    fn according_to_after_the_quote() {
        let qs = quotes("“There is no plan B,” according to Finance Minister Olga Petrova.");
        assert_eq!(speaker(&qs[0]), "Olga Petrova");
        assert_eq!(qs[0].cue.as_deref(), Some("according to"));
    }

    #[test]
    fn a_capitalised_common_noun_is_not_a_person() {
        let body = "Maria Keller runs the clinic. Officials said the clinic would close, though officials later denied it.\n\n“We were never told,” she said.";
        let qs = quotes(body);
        assert_eq!(speaker(&qs[0]), "Maria Keller");
    }

    #[test]
    fn a_headline_quote_before_a_colon() {
        let qs = quotes("‘We will not leave’: Lind vows to stay");
        assert_eq!(qs.len(), 1);
        assert_eq!(qs[0].text, "We will not leave");
        assert_eq!(speaker(&qs[0]), "Lind");
        assert_eq!(qs[0].kind, QuoteKind::Direct);
    }

    #[test]
    fn a_participle_speaks_for_the_clause_subject() {
        let qs = quotes(
            "On Friday, the regional council issued a statement on its website accusing the mine owners of “poisoning the river for profit.”",
        );
        assert_eq!(speaker(&qs[0]), "the regional council");
        assert_eq!(qs[0].cue.as_deref(), Some("accusing"));
    }

    #[test]
    fn a_possessive_and_a_place_are_not_speakers() {
        let body = "Officials in Dalby met in Mayor Tove Aalto’s office. Aalto said on Monday that the dam was “safe for now.”";
        let qs = quotes(body);
        assert_eq!(qs.len(), 1);
        assert_eq!(speaker(&qs[0]), "Tove Aalto");
    }

    #[test]
    fn a_person_the_entity_layer_missed_is_still_found() {
        let body = "Rain hit Dalby on Monday.\n\n“We cannot sell at these prices,” said one farmer, Tomas Brevik.";
        let mut d = doc(body);
        d.mentions = vec![Mention {
            start: 9,
            end: 14,
            text: "Dalby".into(),
            kind: EntityType::Gpe,
            role: None,
            canonical: None,
        }];
        let qs = annotate(&d);
        check(&d, &qs);
        assert_eq!(speaker(&qs[0]), "Tomas Brevik");
    }

    #[test]
    fn the_token_bound_is_an_upper_bound() {
        for body in [
            "",
            "  ",
            "U.S. officials said: “It’s over,” the Iran-backed group’s head told reporters.",
            "Gen. Abu-Bakr al-Sistani, 5,200-strong; e.g. x.y.z. -- 'quoted' (a) [b] ...",
            "Ünïcödé wörds ‑ non‑breaking, 日本語のテキスト, ١٢٣ and 😀😀.",
        ] {
            assert!(
                crate::text::token_count(body.chars())
                    >= tokenize(body, &body.to_ascii_lowercase(), &mut String::new()).len(),
                "{body:?}"
            );
        }
    }

    #[test]
    fn the_indirect_verb_sieve_sees_every_cue() {
        // (its premise: no char beyond ASCII but the Kelvin sign lowers to ASCII alone)
        for c in (0x80..=0x10FFFFu32).filter_map(char::from_u32) {
            let l: String = c.to_lowercase().collect();
            assert!(!l.is_ascii() || c == '\u{212A}', "{c:?}");
        }
        let f = indirect_verb_finder().expect("the cue verbs are plain ASCII");
        let found = |t: &str| f.iter().any(|x| x.find(t.as_bytes()).is_some());
        assert!(found("the mayor said that"));
        assert!(found("she tells us that"));
        assert!(!found("the mayor thought that"));
        let qs = quotes("The harbour master Lena Vos said THAT the bridge would reopen in spring.");
        assert_eq!(qs.len(), 1, "{qs:#?}");
        assert_eq!(qs[0].kind, QuoteKind::Indirect);
    }

    #[test]
    fn byte_classes_agree_with_char() {
        for b in 0..=255u8 {
            let k = CLASS[usize::from(b)];
            if !b.is_ascii() {
                assert_eq!(k, 0, "{b}");
                continue;
            }
            let c = char::from(b);
            assert_eq!(k & SPACE != 0, c.is_whitespace(), "{b}");
            assert_eq!(k & WORD != 0, c.is_alphanumeric(), "{b}");
            assert_eq!(k & UPPER != 0, c.is_uppercase(), "{b}");
        }
    }

    #[test]
    fn tokens_have_their_lower_case_and_capital_on_odd_text() {
        // (the lower cases read from the lower-cased body or appended, and the capital
        // settled by the first byte, are what the plain functions give)
        let alphabet = [
            'a', 'A', 'l', 'L', 'e', 'E', 't', 'T', 'h', 'S', '-', '.', ' ', ' ', '\'', '’', '‑',
            'É', 'é', 'İ', '\u{212A}', 'ß', 'Ω', '1', ',', '\n',
        ];
        let mut seed = 11u64;
        for n in 0..3000 {
            let body = crate::text::random_text(&mut seed, &alphabet, n % 40);
            let (low_body, mut lows) = (body.to_ascii_lowercase(), String::new());
            let toks = tokenize(&body, &low_body, &mut lows);
            for t in toks.iter().filter(|t| t.word) {
                let low = crate::text::lowercase(t.text);
                assert_eq!(t.low(), low, "{body:?} {:?}", t.text);
                assert_eq!(t.cap, cap_slow(t.text, &low), "{body:?} {:?}", t.text);
            }
        }
    }

    #[test]
    fn cap_of_agrees_with_the_slow_test() {
        for w in [
            "al-Sistani",
            "el-Sisi",
            "al-qaeda",
            "alone",
            "e-mail",
            "El",
            "Ümit",
            "über",
            "a",
            "al-",
            "al-É",
            "9",
            "—",
            "ß",
        ] {
            let low = w.to_lowercase();
            assert_eq!(cap_of(w, &low), cap_slow(w, &low), "{w}");
        }
        assert!(cap_of("al-Sistani", "al-sistani"));
        assert!(!cap_of("alone", "alone"));
    }

    #[test]
    fn quote_marks_are_found_in_order() {
        let body = "«Oui», dit-il. “It’s ‘fine’,” said \"Ana\" — 'ok'.";
        let marks: Vec<char> = quote_marks(body).iter().map(|m| m.1).collect();
        assert_eq!(
            marks,
            ['«', '»', '“', '’', '‘', '’', '”', '"', '"', '\'', '\'']
        );
        for (i, c) in quote_marks(body) {
            assert_eq!(char_at(body, i), Some(c));
        }
    }

    /// A random text of words, marks, white space and non-ASCII chars of many kinds.
    fn word_soup(seed: &mut u64, n: usize) -> String {
        const V: &[&str] = &[
            "“",
            "”",
            "‘",
            "’",
            "\"",
            "'",
            "«",
            "»",
            "„",
            ".",
            ",",
            ":",
            "?",
            "!",
            ";",
            " ",
            " ",
            " ",
            "\n",
            "\n\n",
            "—",
            "-",
            "(",
            ")",
            "said",
            "told",
            "reporters",
            "according",
            "to",
            "the",
            "a",
            "he",
            "she",
            "that",
            "who",
            "Minister",
            "prime",
            "spokesman",
            "for",
            "Ministry",
            "Jane",
            "Roe",
            "Ivo",
            "Brandt",
            "Mayor",
            "Gen.",
            "U.S.",
            "Mr.",
            "in",
            "Dalby",
            "Officials",
            "officials",
            "Ünïcödé",
            "İ",
            "ΟΔΟΣ",
            "\u{a0}",
            "😀",
            "al-Sistani",
            "Brandt’s",
            "O’Neill",
            "it’s",
            "We",
            "will",
            "also",
            "added",
            "accusing",
            "of",
            "on",
            "Report",
            "statement",
            "é",
            "É",
            "ß",
            "ﬁ",
            "\t",
            "\u{2028}",
            "\u{3000}",
            "ǅ",
            "Σ.",
            "‑",
        ];
        let mut out = String::new();
        for _ in 0..n {
            *seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            out.push_str(V[(*seed >> 33) as usize % V.len()]);
            if !(*seed >> 20).is_multiple_of(3) {
                out.push(' ');
            }
        }
        out
    }

    #[test]
    fn random_texts_give_valid_spans() {
        let mut seed = 11u64;
        let mut found = 0;
        for round in 0..600 {
            let mut d = doc(&word_soup(&mut seed, round % 90 + 1));
            for layers in [false, true] {
                if layers {
                    crate::annotate::annotate(&mut d);
                }
                let qs = annotate(&d);
                check(&d, &qs);
                found += qs.len();
            }
        }
        assert!(found > 100, "{found}");
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        for body in [
            "",
            "“",
            "”",
            "\"",
            "'",
            "“”",
            "“ ”, he said.",
            "He said that",
            "said",
            "“Unclosed 😀 quote with émigré text",
            "“a” “b” “c” ‘d’ 'e' \"f\"",
            "\n\n“\n\n”\n\n",
            "It’s the players’ union’s ‘last offer’, said O’Neill.",
        ] {
            let d = doc(body);
            let qs = annotate(&d);
            check(&d, &qs);
        }
    }
}
