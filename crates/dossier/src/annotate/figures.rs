//! The figures layer: numbers with what they count or measure ("5,200 U.S. troops",
//! "$1.2bn", "half a million inhabitants", "12%").
//!
//! A figure is a number (digits or words, with an optional scale word and an optional
//! qualifier such as "more than") followed by its unit: a currency, a percent sign or word,
//! a unit abbreviation, or a plural counted noun, with up to three modifiers between the
//! number and the noun ("5,200 U.S. troops" counts "troops"). A number without a unit is not
//! a figure; nor are years, dates, clock times, list numbers and numbers inside names
//! ("Article 5", "Air Force One"). Word lists live in `data/figures_*.txt`.

use crate::lexicon;
use crate::model::{Document, Figure, Offsets};
use crate::text::WordFilter;
use std::sync::LazyLock;

/// The figures of one document.
pub fn annotate(doc: &Document) -> Vec<Figure> {
    annotate_text(&doc.body)
}

/// The figures of a text: char offsets, sorted, non-overlapping.
pub fn annotate_text(body: &str) -> Vec<Figure> {
    let mut lows = String::new();
    let toks = tokenize(body, &mut lows);
    let scan = Scan::new(body, &toks, &lows);
    // (made at the first figure: a text without one needs no char offsets)
    let mut off: Option<Offsets> = None;
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match scan.figure_at(i) {
            Some(m) => {
                let off = off.get_or_insert_with(|| Offsets::new(body));
                let (start, end, text) = crate::text::char_span(body, off, m.start, m.end);
                out.push(Figure {
                    start,
                    end,
                    text,
                    value: m.value,
                    unit: m.unit,
                });
                i = m.next.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

/// How a qualifier bounds a figure's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    /// No qualifier: the value as given.
    Exact,
    /// "about", "some", "an estimated".
    About,
    /// "more than", "at least", "over".
    AtLeast,
    /// "nearly", "up to", "fewer than".
    AtMost,
    /// "dozens of", "thousands of": an order of magnitude, not a value.
    Vague,
}

/// The qualifier a figure's text opens with (for comparing figures across documents).
pub fn qualifier(text: &str) -> Qualifier {
    let words: Vec<String> = text
        .split_whitespace()
        .take(3)
        .map(|w| w.to_lowercase())
        .collect();
    if let Some(w) = words.first()
        && (lexicon::figures_vague().contains_key(w.as_str())
            || (w == "tens" && words.get(1).is_some_and(|x| x == "of")))
    {
        return Qualifier::Vague;
    }
    for n in (1..=words.len().min(3)).rev() {
        let phrase = words[..n].join(" ");
        if let Some(class) = lexicon::figures_approx().get(phrase.as_str()) {
            return match *class {
                "min" => Qualifier::AtLeast,
                "max" => Qualifier::AtMost,
                _ => Qualifier::About,
            };
        }
    }
    Qualifier::Exact
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Num,
    Word,
    Sym,
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: Kind,
    /// Byte offsets into the body.
    s: usize,
    e: usize,
    /// The byte range of the token's lower case in the string of lower cases that
    /// [`tokenize`] fills.
    low: (u32, u32),
    /// A word with a hyphen ('-' or '‑') inside.
    hyphen: bool,
}

/// Splits a text into numbers (`5,200`, `1.2`), words (`U.S.`, `Iran-backed`, `two-thirds`)
/// and single-character symbols; white space is dropped. `lows` receives the lower cases of
/// the tokens that are not their own lower case (see `Tok::low`).
fn tokenize(body: &str, lows: &mut String) -> Vec<Tok> {
    // Byte offsets throughout (no vector of chars: a long text would make a big one).
    // (An ASCII byte is always a whole char: no decoding for it.)
    let bytes = body.as_bytes();
    let at = |k: usize| match bytes.get(k) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => body.get(k..).and_then(|s| s.chars().next()),
        None => None,
    };
    // The char after the one at `k`.
    let after = |k: usize| at(k).and_then(|c| at(k + c.len_utf8()));
    let digit_at = |k: usize| bytes.get(k).is_some_and(u8::is_ascii_digit);
    // About one token in four bytes of text (English runs near one in five).
    let mut toks = Vec::with_capacity(body.len() / 4 + 16);
    // `lows` starts with the body with its ASCII letters in lower case: the lower case of
    // an ASCII token is there, at the token's own offsets. The lower cases of other tokens
    // that differ follow.
    lows.clear();
    lows.push_str(body);
    lows.make_ascii_lowercase();
    let mut k = 0;
    while let Some(&x) = bytes.get(k) {
        let c = if x.is_ascii() {
            if matches!(x, b' ' | b'\t'..=b'\r') {
                // (the ASCII white space of `char::is_whitespace`)
                k += 1;
                continue;
            }
            char::from(x)
        } else {
            let Some(c) = at(k) else { break };
            if c.is_whitespace() {
                k += c.len_utf8();
                continue;
            }
            c
        };
        let start = k;
        // Whether the token is all ASCII (its lower case is then in `lows` at its offsets).
        let mut ascii = c.is_ascii();
        let mut hyphen = false;
        let kind = if c.is_ascii_digit() {
            k += 1;
            loop {
                while digit_at(k) {
                    k += 1;
                }
                if matches!(bytes.get(k), Some(b',' | b'.')) && digit_at(k + 1) {
                    k += 1;
                } else {
                    break;
                }
            }
            Kind::Num
        } else if c.is_alphabetic() {
            k += c.len_utf8();
            let mut dotted = false;
            loop {
                // A run of letters: ASCII ones read as bytes.
                loop {
                    let rest = bytes.get(k..).unwrap_or_default();
                    let run = rest
                        .iter()
                        .position(|y| !y.is_ascii_alphabetic())
                        .unwrap_or(rest.len());
                    k += run;
                    match bytes.get(k) {
                        Some(&y) if !y.is_ascii() => match at(k) {
                            Some(c) if c.is_alphabetic() => {
                                ascii = false;
                                k += c.len_utf8();
                            }
                            _ => break,
                        },
                        _ => break,
                    }
                }
                // (only '.', '-', '\'' or a char that is not ASCII may join two runs)
                if !matches!(bytes.get(k), Some(b'.' | b'-' | b'\'' | 0x80..)) {
                    break;
                }
                match at(k) {
                    Some(p @ ('.' | '-' | '\'' | '’' | '‑'))
                        if after(k).is_some_and(|c| c.is_alphabetic()) =>
                    {
                        dotted |= p == '.';
                        hyphen |= matches!(p, '-' | '‑');
                        ascii &= p.is_ascii();
                        k += p.len_utf8();
                    }
                    _ => break,
                }
            }
            if dotted && at(k) == Some('.') {
                k += 1;
            }
            Kind::Word
        } else {
            k += c.len_utf8();
            Kind::Sym
        };
        // (A token whose lower case is itself has no ASCII capital either: its ASCII lower
        // case in `lows` is the token.)
        let at_low = lows.len();
        let low = if !ascii && crate::text::push_lowercase(lows, &body[start..k], false, true) {
            (to_u32(at_low), to_u32(lows.len()))
        } else {
            (to_u32(start), to_u32(k))
        };
        toks.push(Tok {
            kind,
            s: start,
            e: k,
            low,
            hyphen,
        });
    }
    toks
}

/// A byte offset as stored in `Tok::low` (bodies are far below 4 GB; a larger offset is
/// clamped, and its slice then read as empty).
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A figure found, in byte offsets.
struct Match {
    start: usize,
    end: usize,
    value: f64,
    unit: String,
    /// The token after the figure.
    next: usize,
}

/// A number read at a token.
struct Number {
    value: f64,
    /// The token after the number (and its scale).
    end: usize,
    digits: bool,
    /// Written in words, at most ten, without a scale ("two", "three").
    small_word: bool,
    /// A year-like integer: four digits, 1000..=2100, no separator, no scale.
    yearish: bool,
    /// A fraction word, valued in percent.
    fraction: bool,
    /// A unit glued to the digits ("5km").
    unit: Option<String>,
    /// A scale suffix that is one only before a counted noun ("3m people", not "a 5m wall").
    soft_scale: bool,
}

struct Scan<'a> {
    body: &'a str,
    toks: &'a [Tok],
    /// The lower cases of the tokens that differ from their text (see `Tok::low`).
    lows: &'a str,
}

/// The first words of the entries of a phrase table (to rule out a phrase at a word cheaply).
fn first_words(
    table: &'static lexicon::HashMap<&'static str, &'static str>,
) -> lexicon::HashSet<&'static str> {
    table.keys().filter_map(|k| k.split(' ').next()).collect()
}

static VAGUE_FIRST: LazyLock<lexicon::HashSet<&'static str>> =
    LazyLock::new(|| first_words(lexicon::figures_vague()));
static APPROX_FIRST: LazyLock<lexicon::HashSet<&'static str>> =
    LazyLock::new(|| first_words(lexicon::figures_approx()));

/// The qualifier phrases of `data/figures_approx.txt` of up to three words, as words, by
/// their first word.
static APPROX_PHRASES: LazyLock<lexicon::HashMap<&'static str, Vec<Vec<&'static str>>>> =
    LazyLock::new(|| {
        let mut by_first: lexicon::HashMap<&'static str, Vec<Vec<&'static str>>> =
            lexicon::HashMap::default();
        for phrase in lexicon::figures_approx().keys() {
            let words: Vec<&'static str> = phrase.split(' ').collect();
            if let Some(&first) = words.first()
                && words.len() <= 3
            {
                by_first.entry(first).or_default().push(words);
            }
        }
        by_first
    });

/// The lower-case words a figure written in words may start with: the first words of
/// qualifiers, fractions, vague quantities and cardinal numbers, and "a"/"half" ("a
/// million", "half a million"). See [`Scan::may_start`].
static WORD_STARTS: LazyLock<lexicon::HashSet<&'static str>> = LazyLock::new(|| {
    let mut set = APPROX_FIRST.clone();
    set.extend(NUMBER_STARTS.iter().copied());
    set
});

/// The words of [`WORD_STARTS`].
static WORD_STARTS_FILTER: LazyLock<WordFilter> =
    LazyLock::new(|| WordFilter::new(WORD_STARTS.iter().copied()));

/// The first words of the percent phrases of two words ("per" of "per cent").
static PERCENT_PAIR_FIRST: LazyLock<lexicon::HashSet<&'static str>> = LazyLock::new(|| {
    (lexicon::figures_percent().keys())
        .filter_map(|k| k.split_once(' '))
        .filter(|(_, second)| !second.contains(' '))
        .map(|(first, _)| first)
        .collect()
});

/// The lower-case words a number in words starts with ([`Scan::words_at`]): fractions,
/// the first words of vague quantities, cardinal numbers, and "a"/"half" (a cardinal with a
/// hyphen is read by its part before the hyphen).
static NUMBER_STARTS: LazyLock<lexicon::HashSet<&'static str>> = LazyLock::new(|| {
    let mut set: lexicon::HashSet<&'static str> = VAGUE_FIRST.clone();
    set.extend(lexicon::figures_fractions().keys().copied());
    set.extend(lexicon::figures_number_words().keys().copied());
    set.extend(["a", "half"]);
    set
});

/// The words of [`NUMBER_STARTS`].
static NUMBER_STARTS_FILTER: LazyLock<WordFilter> =
    LazyLock::new(|| WordFilter::new(NUMBER_STARTS.iter().copied()));

/// Whether a number in words may start with the lower-case word `l` (else
/// [`Scan::words_at`] reads none there).
fn may_start_number_word(l: &str) -> bool {
    (NUMBER_STARTS_FILTER.may_contain(l) && NUMBER_STARTS.contains(l))
        || l.split_once(['-', '‑'])
            .is_some_and(|(p, _)| lexicon::figures_number_words().contains_key(p))
}

/// A currency symbol or code of `data/figures_currency.txt` ("$", "USD"). Looked up only when
/// its first byte is the first byte of one (most words are not).
#[inline]
fn is_currency(t: &str) -> bool {
    static FIRST_BYTES: LazyLock<[bool; 256]> = LazyLock::new(|| {
        let mut first = [false; 256];
        for k in lexicon::figures_currency().keys() {
            if let Some(&b) = k.as_bytes().first() {
                first[usize::from(b)] = true;
            }
        }
        first
    });
    t.as_bytes()
        .first()
        .is_some_and(|&b| FIRST_BYTES[usize::from(b)])
        && lexicon::figures_currency().contains_key(t)
}

fn is_capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

fn parse_f64(s: &str) -> Option<f64> {
    int_value(s, false).or_else(|| s.trim().parse::<f64>().ok())
}

/// The value of `s` when it is a whole number of at most 15 digits, and with `commas` any
/// commas among them left out ("1,200" is 1200; `None` for anything else): what `parse_f64`
/// reads of it without its commas (any such number is exact as an `f64`), without the
/// general parser.
fn int_value(s: &str, commas: bool) -> Option<f64> {
    let mut n: u64 = 0;
    let mut digits = 0;
    for &b in s.as_bytes() {
        match b {
            b'0'..=b'9' => {
                n = n * 10 + u64::from(b - b'0');
                digits += 1;
                if digits > 15 {
                    return None;
                }
            }
            b',' if commas => {}
            _ => return None,
        }
    }
    // (10^15 is below 2^53: the conversion is exact)
    #[allow(clippy::cast_precision_loss)]
    let v = n as f64;
    (digits > 0).then_some(v)
}

/// A plural count noun ("troops", "MPs", "people"), not "US", "was" or "crisis".
/// `l` is `w` in lower case.
fn is_plural(w: &str, l: &str) -> bool {
    if lexicon::figures_irregular_plurals().contains(l) {
        return true;
    }
    if w.contains('.') || w.chars().all(|c| !c.is_lowercase()) || w.chars().count() < 3 {
        return false;
    }
    if lexicon::figures_not_nouns().contains(l) {
        return false;
    }
    l.ends_with('s')
        && !["ss", "us", "is", "'s", "’s"]
            .iter()
            .any(|suffix| l.ends_with(suffix))
}

impl<'a> Scan<'a> {
    fn new(body: &'a str, toks: &'a [Tok], lows: &'a str) -> Scan<'a> {
        Scan { body, toks, lows }
    }
    fn text(&self, k: usize) -> &'a str {
        self.toks.get(k).map_or("", |t| &self.body[t.s..t.e])
    }
    fn kind(&self, k: usize) -> Option<Kind> {
        self.toks.get(k).map(|t| t.kind)
    }
    fn is_word(&self, k: usize) -> bool {
        self.kind(k) == Some(Kind::Word)
    }
    fn is_sym(&self, k: usize, syms: &[&str]) -> bool {
        self.kind(k) == Some(Kind::Sym) && syms.contains(&self.text(k))
    }
    /// Token `k` in lower case.
    #[inline]
    fn lower(&self, k: usize) -> &'a str {
        self.toks.get(k).map_or("", |t| {
            let (a, b) = (t.low.0 as usize, t.low.1 as usize);
            self.lows.get(a..b).unwrap_or("")
        })
    }
    /// Tokens `a` and `b = a + 1` touch (no space between them).
    fn glued(&self, a: usize, b: usize) -> bool {
        match (self.toks.get(a), self.toks.get(b)) {
            (Some(x), Some(y)) => x.e == y.s,
            _ => false,
        }
    }
    /// A line break lies between token `a` and the next one.
    fn newline_after(&self, a: usize) -> bool {
        match (self.toks.get(a), self.toks.get(a + 1)) {
            (Some(x), Some(y)) => self.body[x.e..y.s].contains('\n'),
            _ => true,
        }
    }
    /// Token `k` opens a sentence, a line or a quotation.
    fn sentence_initial(&self, k: usize) -> bool {
        k == 0
            || self.newline_after(k - 1)
            || self.is_sym(
                k - 1,
                &[
                    ".", "!", "?", "\"", "“", "”", "‘", "'", "(", ":", ";", "—", "–", "[",
                ],
            )
    }

    /// The longest qualifier phrase at `i`: the token after it.
    fn qualifier_end(&self, i: usize) -> Option<usize> {
        if !self.is_word(i) {
            return None;
        }
        APPROX_PHRASES
            .get(self.lower(i))?
            .iter()
            .filter(|words| {
                (words.iter().enumerate())
                    .all(|(d, w)| self.is_word(i + d) && self.lower(i + d) == *w)
            })
            .map(|words| i + words.len())
            .max()
    }

    /// A currency before a number at `j`: (code, token of the number).
    fn currency_at(&self, j: usize) -> Option<(&'static str, usize)> {
        let cur = lexicon::figures_currency();
        if self.is_word(j) && self.is_sym(j + 1, &["$"]) && self.glued(j, j + 1) {
            let sym = format!("{}$", self.text(j));
            if let Some(code) = cur.get(sym.as_str()) {
                return Some((code, j + 2));
            }
        }
        match self.kind(j)? {
            Kind::Sym => cur.get(self.text(j)).map(|c| (*c, j + 1)),
            Kind::Word => {
                let t = self.text(j);
                if t.len() != 3 || self.kind(j + 1) != Some(Kind::Num) {
                    return None;
                }
                cur.get(t).map(|code| (*code, j + 1))
            }
            Kind::Num => None,
        }
    }

    /// A number at `k` (digits or words, with its scale).
    fn number_at(&self, k: usize, currency: bool) -> Option<Number> {
        match self.kind(k)? {
            Kind::Num => self.digits_at(k, currency),
            Kind::Word => self.words_at(k),
            Kind::Sym => None,
        }
    }

    fn digits_at(&self, k: usize, currency: bool) -> Option<Number> {
        let raw = self.text(k);
        let (int, _frac) = raw.split_once('.').unwrap_or((raw, ""));
        if raw.matches('.').count() > 1 {
            return None;
        }
        if int.contains(',') {
            let mut groups = int.split(',');
            let first = groups.next()?;
            if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
                return None;
            }
        }
        if int.len() > 1 && int.starts_with('0') && !int.contains(',') {
            return None; // "08" of a clock time, a code
        }
        let mut value = match int_value(raw, true) {
            Some(v) => v,
            None if raw.contains(',') => parse_f64(&raw.replace(',', ""))?,
            None => parse_f64(raw)?,
        };
        let plain_int = !raw.contains(',') && !raw.contains('.');
        let mut end = k + 1;
        let mut scaled = false;
        let mut soft_scale = false;
        let mut unit = None;
        if self.is_word(end) && self.glued(k, end) {
            let suffix = self.lower(end);
            if let Some(spec) = lexicon::figures_scale_suffixes().get(suffix) {
                let mut parts = spec.split_whitespace();
                let mult = parts.next().and_then(parse_f64)?;
                soft_scale = parts.next() == Some("currency") && !currency;
                value *= mult;
                scaled = true;
            } else if lexicon::figures_unit_abbrevs().contains(suffix) {
                unit = Some(suffix.to_string());
            } else {
                return None; // "1990s", "5th", "19a"
            }
            end += 1;
        }
        if !scaled && unit.is_none() {
            while self.is_word(end) {
                let Some(mult) = lexicon::figures_scales()
                    .get(self.lower(end))
                    .and_then(|m| parse_f64(m))
                else {
                    break;
                };
                value *= mult;
                scaled = true;
                end += 1;
            }
        }
        let yearish = plain_int && !scaled && unit.is_none() && (1000.0..=2100.0).contains(&value);
        Some(Number {
            value,
            end,
            digits: true,
            small_word: false,
            yearish,
            fraction: false,
            unit,
            soft_scale,
        })
    }

    fn words_at(&self, k: usize) -> Option<Number> {
        let first = self.text(k);
        if is_capitalized(first) && !self.sentence_initial(k) {
            return None; // "Air Force One", "the Big Three"
        }
        let l = self.lower(k);
        if !may_start_number_word(l) {
            return None;
        }
        let scales = lexicon::figures_scales();
        let scale_of = |t: usize| -> Option<f64> {
            if !self.is_word(t) {
                return None;
            }
            scales.get(self.lower(t)).and_then(|m| parse_f64(m))
        };
        let mk = |value: f64, end: usize| Number {
            value,
            end,
            digits: false,
            small_word: false,
            yearish: false,
            fraction: false,
            unit: None,
            soft_scale: false,
        };
        if let Some(v) = lexicon::figures_fractions()
            .get(l)
            .and_then(|v| parse_f64(v))
        {
            return Some(Number {
                fraction: true,
                ..mk(v, k + 1)
            });
        }
        // "a million", "a dozen", "half a million"
        if (l == "a" || l == "half") && self.lower(k + usize::from(l == "half")) == "a" {
            let after_a = k + 1 + usize::from(l == "half");
            let mult = scale_of(after_a)?;
            let mut value = mult * if l == "half" { 0.5 } else { 1.0 };
            let mut end = after_a + 1;
            while let Some(m) = scale_of(end) {
                value *= m;
                end += 1;
            }
            return Some(mk(value, end));
        }
        // "dozens of", "tens of thousands of"
        let vague = lexicon::figures_vague();
        let vague_first = VAGUE_FIRST.contains(l);
        for n in (1..=3).rev().filter(|_| vague_first) {
            if !(0..n).all(|d| self.is_word(k + d)) {
                continue;
            }
            let phrase = (0..n)
                .map(|d| self.lower(k + d))
                .collect::<Vec<_>>()
                .join(" ");
            if let Some(v) = vague.get(phrase.as_str()).and_then(|v| parse_f64(v)) {
                if self.lower(k + n) != "of" {
                    return None;
                }
                return Some(mk(v, k + n + 1));
            }
        }
        // Cardinal words: "three", "twenty-five", "two hundred and fifty thousand".
        let words = lexicon::figures_number_words();
        let word_value = |w: &str| -> Option<f64> {
            let mut sum = 0.0;
            for part in w.split(['-', '‑']) {
                sum += words.get(part).and_then(|v| parse_f64(v))?;
            }
            Some(sum)
        };
        let mut total = 0.0;
        let mut current: Option<f64> = None;
        let mut t = k;
        let mut scaled = false;
        loop {
            if !self.is_word(t) {
                break;
            }
            let w = self.lower(t);
            if let Some(v) = word_value(w) {
                if current.is_some_and(|c| c % 100.0 != 0.0) {
                    break; // "two three": not one number
                }
                current = Some(current.unwrap_or(0.0) + v);
                t += 1;
            } else if let Some(m) = scales.get(w).and_then(|m| parse_f64(m)) {
                let Some(c) = current else { break };
                scaled = true;
                if m == 100.0 {
                    current = Some(c * 100.0);
                } else {
                    total += c * m;
                    current = Some(0.0);
                }
                t += 1;
            } else if w == "and"
                && scaled
                && self.is_word(t + 1)
                && word_value(self.lower(t + 1)).is_some()
            {
                t += 1;
            } else {
                break;
            }
        }
        let value = total + current?;
        if t == k + 1 && l == "one" {
            return None; // "one" as a pronoun or determiner
        }
        Some(Number {
            small_word: !scaled && value <= 10.0,
            ..mk(value, t)
        })
    }

    /// Whether a figure may start at token `i` (else [`Scan::figure_at`] finds none there):
    /// a number; a currency symbol or code; a word before a glued "$" ("US$"); or a word
    /// that opens a qualifier or a number in words (a cardinal is read part by part
    /// between hyphens: "twenty-five").
    fn may_start(&self, i: usize) -> bool {
        let Some(t) = self.toks.get(i) else {
            return false;
        };
        match t.kind {
            Kind::Num => true,
            Kind::Sym => is_currency(self.text(i)),
            Kind::Word => {
                let l = self.lower(i);
                (WORD_STARTS_FILTER.may_contain(l) && WORD_STARTS.contains(l))
                    // (the part before a hyphen: "two-thirds"; a word without one is looked
                    // up above)
                    || (t.hyphen
                        && l.split_once(['-', '‑'])
                            .is_some_and(|(p, _)| WORD_STARTS.contains(p)))
                    // (a currency code stands before a number with three letters: see
                    // `currency_at`)
                    || (t.e - t.s == 3 && is_currency(self.text(i)))
                    || self
                        .toks
                        .get(i + 1)
                        .is_some_and(|n| n.e == n.s + 1 && self.body.as_bytes().get(n.s) == Some(&b'$'))
            }
        }
    }

    /// The figure that starts at token `i`, if any.
    fn figure_at(&self, i: usize) -> Option<Match> {
        if !self.may_start(i) {
            return None;
        }
        self.figure_at_unfiltered(i)
    }

    /// The figure that starts at token `i`, if any, without the [`Scan::may_start`] test.
    fn figure_at_unfiltered(&self, i: usize) -> Option<Match> {
        let qual_end = self.qualifier_end(i);
        let j = qual_end.unwrap_or(i);
        let (currency, k) = match self.currency_at(j) {
            Some((code, k)) => (Some(code), k),
            None => (None, j),
        };
        let num = self.number_at(k, currency.is_some())?;
        let bare = qual_end.is_none() && currency.is_none();
        if !self.number_context_ok(k, &num, bare) {
            return None;
        }
        let mut n = num.end;
        // A range "10-15%": the span takes both ends, the value the first.
        if num.digits && self.is_sym(n, &["-", "–"]) && self.kind(n + 1) == Some(Kind::Num) {
            let second = self.digits_at(n + 1, currency.is_some())?;
            if num.yearish || second.yearish {
                return None;
            }
            n = second.end;
        } else if self.is_sym(n, &["-", "‑", "–"]) && self.glued(n - 1, n) {
            return None; // "5,200-strong", "17-year-old"
        }
        let (unit, end_tok) = self.unit_at(n, &num, currency)?;
        if num.soft_scale
            && !(self.is_word(end_tok - 1)
                && is_plural(self.text(end_tok - 1), self.lower(end_tok - 1)))
        {
            return None; // "a 5m wall": metres, not millions
        }
        if num.yearish && currency.is_none() && qual_end.is_none() {
            // A year unless it directly counts a plural noun after a verb ("killed 1500 people").
            let direct =
                end_tok == n + 1 && self.is_word(n) && is_plural(self.text(n), self.lower(n));
            let prev_ok = k == 0
                || !self.is_word(k - 1)
                || !(lexicon::figures_stopwords().contains(self.lower(k - 1))
                    || lexicon::figures_months().contains(self.lower(k - 1)));
            if !(direct && prev_ok) {
                return None;
            }
        }
        let last = end_tok.checked_sub(1)?;
        Some(Match {
            start: self.toks[i].s,
            end: self.toks.get(last)?.e,
            value: num.value,
            unit,
            next: end_tok,
        })
    }

    /// The number at `k` is not part of a word, a name, a date, a time or a list label.
    fn number_context_ok(&self, k: usize, num: &Number, bare: bool) -> bool {
        let months = lexicon::figures_months();
        let is_month = |t: usize| {
            self.is_word(t)
                && is_capitalized(self.text(t))
                && months.contains(self.lower(t).trim_end_matches('.'))
        };
        if num.digits {
            if k > 0 && self.glued(k - 1, k) {
                let prev = self.kind(k - 1);
                if matches!(prev, Some(Kind::Word | Kind::Num))
                    || self.is_sym(k - 1, &["#", ":", "/", "."])
                {
                    return false; // "MH17", "#3", "08:04", "1/5", ".5"
                }
                if self.is_sym(k - 1, &["-", "‑"])
                    && k > 1
                    && self.glued(k - 2, k - 1)
                    && matches!(self.kind(k - 2), Some(Kind::Word | Kind::Num))
                {
                    return false; // "COVID-19", "F-35"
                }
            }
            let e = num.end;
            if self.glued(e - 1, e) && self.is_sym(e, &[":", "/"]) {
                return false; // "08:04", "1/5/2020"
            }
            if self.is_sym(e, &[")"]) && self.glued(e - 1, e) && k > 0 && self.is_sym(k - 1, &["("])
            {
                return false; // "(1)"
            }
            if (k == 0 || self.newline_after(k - 1)) && self.is_sym(e, &[".", ")"]) {
                return false; // "1." list label
            }
            if bare && k > 0 && self.is_word(k - 1) {
                let prev = self.text(k - 1);
                let pl = self.lower(k - 1);
                if is_capitalized(prev)
                    && !lexicon::figures_stopwords().contains(pl)
                    && !lexicon::figures_approx().contains_key(pl)
                {
                    return false; // "Article 5", "Flight 752", "No. 10"
                }
            }
            if k > 0 && self.is_sym(k - 1, &["."]) && k > 1 && self.text(k - 2) == "No" {
                return false;
            }
        }
        let month_before =
            k > 0 && (is_month(k - 1) || (k > 1 && self.is_sym(k - 1, &["."]) && is_month(k - 2)));
        if month_before || is_month(num.end) {
            return false; // "January 5", "28 February"
        }
        if num.small_word
            && bare
            && k > 0
            && self.is_word(k - 1)
            && lexicon::figures_determiners().contains(self.lower(k - 1))
        {
            return false; // "the two countries"
        }
        true
    }

    /// The unit after the number (from token `n`): (unit, token after the figure).
    fn unit_at(
        &self,
        n: usize,
        num: &Number,
        currency: Option<&'static str>,
    ) -> Option<(String, usize)> {
        if let Some(code) = currency {
            let mut end = n;
            if self.is_word(n)
                && lexicon::figures_currency_words().get(self.lower(n)) == Some(&code)
            {
                end += 1; // "$1 trillion dollars"
            }
            return Some((code.to_string(), end));
        }
        if num.fraction {
            return Some(("percent".to_string(), n));
        }
        if let Some(u) = &num.unit {
            return Some((u.clone(), n));
        }
        if n == 0 || !self.adjacent_words(n - 1, n) {
            return None; // the unit never stands on the next line
        }
        if self.is_sym(n, &["%"]) {
            return Some(("percent".to_string(), n + 1));
        }
        // Percent words and currency names, one or two words.
        for len in (1..=2).rev() {
            if !(0..len).all(|d| self.is_word(n + d))
                || (len == 2 && !PERCENT_PAIR_FIRST.contains(self.lower(n)))
            {
                continue;
            }
            let two;
            let phrase = if len == 2 {
                two = format!("{} {}", self.lower(n), self.lower(n + 1));
                two.as_str()
            } else {
                self.lower(n)
            };
            if let Some(u) = lexicon::figures_percent().get(phrase) {
                return Some((u.to_string(), n + len));
            }
            if len == 1 {
                if let Some(code) = lexicon::figures_currency_words().get(phrase) {
                    return Some((code.to_string(), n + 1));
                }
                let t = self.text(n);
                if t.len() == 3
                    && t.chars().all(|c| c.is_ascii_uppercase())
                    && let Some(code) = lexicon::figures_currency().get(t)
                {
                    return Some((code.to_string(), n + 1));
                }
                if num.digits && lexicon::figures_unit_abbrevs().contains(phrase) {
                    return Some((phrase.to_string(), n + 1));
                }
            }
        }
        // The counted noun, after at most three modifiers ("5,200 U.S. troops").
        let stop = lexicon::figures_stopwords();
        for d in 0..4 {
            let t = n + d;
            if !self.is_word(t) || (d > 0 && !self.adjacent_words(t - 1, t)) {
                return None;
            }
            let w = self.text(t);
            let l = self.lower(t);
            let acronym = w
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(|c| c.is_uppercase())
                && w.chars().count() > 1;
            if !acronym && stop.contains(l) {
                return None; // "US" is a modifier, "us" a pronoun
            }
            let singular_unit = lexicon::figures_singular_units().contains(l);
            if is_plural(w, l) || (num.value <= 1.0 && singular_unit) {
                return Some((l.to_string(), t + 1));
            }
            if singular_unit {
                return None; // "a 12 year cycle", "a 5 mile run"
            }
        }
        None
    }

    /// Words `a` and `b = a + 1` are separated only by white space on one line.
    fn adjacent_words(&self, a: usize, b: usize) -> bool {
        match (self.toks.get(a), self.toks.get(b)) {
            (Some(x), Some(y)) => {
                let gap = &self.body[x.e..y.s];
                !gap.contains('\n')
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_value_reads_what_the_float_parser_reads() {
        for s in [
            "0",
            "7",
            "007",
            "1200",
            "2024",
            "999999999999999",
            "1000000",
            "5,200",
            "12,345,678",
        ] {
            let plain = s.replace(',', "");
            assert_eq!(int_value(s, true), plain.parse::<f64>().ok(), "{s}");
            assert_eq!(parse_f64(&plain), plain.parse::<f64>().ok(), "{s}");
        }
        // (not whole numbers, too long, or commas where they are not taken)
        for s in ["", ",", "1.5", "-3", " 12", "1e3", "1234567890123456", "٣"] {
            assert_eq!(int_value(s, true), None, "{s}");
        }
        assert_eq!(int_value("5,200", false), None);
        assert_eq!(parse_f64("5,200"), None);
        assert_eq!(parse_f64(" 12 "), Some(12.0));
        assert_eq!(parse_f64("1234567890123456"), Some(1_234_567_890_123_456.0));
    }

    fn figs(s: &str) -> Vec<(String, f64, String)> {
        annotate_text(s)
            .into_iter()
            .map(|f| (f.text, f.value, f.unit))
            .collect()
    }

    fn one(s: &str) -> (String, f64, String) {
        let f = figs(s);
        assert_eq!(f.len(), 1, "{s:?} gave {f:?}");
        f.into_iter().next().unwrap()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-6 * b.abs().max(1.0)
    }

    fn check(s: &str, text: &str, value: f64, unit: &str) {
        let (t, v, u) = one(s);
        assert_eq!(t, text, "in {s:?}");
        assert!(close(v, value), "{s:?}: {v} != {value}");
        assert_eq!(u, unit, "in {s:?}");
    }

    fn none(s: &str) {
        let f = figs(s);
        assert!(f.is_empty(), "{s:?} gave {f:?}");
    }

    #[test]
    fn counted_nouns_skip_modifiers() {
        check(
            "The island hosts 5,200 U.S. troops near the port.",
            "5,200 U.S. troops",
            5200.0,
            "troops",
        );
        check(
            "Raiders killed three US soldiers at the depot.",
            "three US soldiers",
            3.0,
            "soldiers",
        );
        check(
            "It is a network of more than 75 paramilitary groups in the valley.",
            "more than 75 paramilitary groups",
            75.0,
            "groups",
        );
        check(
            "The motion passed by 170 ballots to none.",
            "170 ballots",
            170.0,
            "ballots",
        );
        check(
            "The chamber has 328 legislators.",
            "328 legislators",
            328.0,
            "legislators",
        );
        check(
            "Pilots struck 85 targets overnight.",
            "85 targets",
            85.0,
            "targets",
        );
    }

    #[test]
    fn qualifiers_belong_to_the_span() {
        check(
            "The convoy was attacked nearly 180 times by bandits.",
            "nearly 180 times",
            180.0,
            "times",
        );
        check(
            "The kingdom lost more than 4,000 troops in the war.",
            "more than 4,000 troops",
            4000.0,
            "troops",
        );
        assert_eq!(qualifier("more than 4,000 troops"), Qualifier::AtLeast);
        assert_eq!(qualifier("nearly 180 times"), Qualifier::AtMost);
        assert_eq!(qualifier("some 5,200 troops"), Qualifier::About);
        assert_eq!(qualifier("5,200 troops"), Qualifier::Exact);
        assert_eq!(qualifier("dozens of protesters"), Qualifier::Vague);
    }

    #[test]
    fn word_numbers_and_scales() {
        check(
            "Velmora, a town of about half a million inhabitants, voted.",
            "about half a million inhabitants",
            500_000.0,
            "inhabitants",
        );
        check(
            "A dozen ministers resigned.",
            "A dozen ministers",
            12.0,
            "ministers",
        );
        check(
            "They counted twenty-five ships.",
            "twenty-five ships",
            25.0,
            "ships",
        );
        check(
            "Some two hundred and fifty thousand people fled.",
            "Some two hundred and fifty thousand people",
            250_000.0,
            "people",
        );
        check(
            "The plan covers 1.2 million households.",
            "1.2 million households",
            1_200_000.0,
            "households",
        );
        check(
            "Police detained dozens of protesters.",
            "dozens of protesters",
            24.0,
            "protesters",
        );
        check(
            "Two-thirds of the members agreed.",
            "Two-thirds",
            66.667,
            "percent",
        );
        check(
            "She walked 225 miles south of the capital.",
            "225 miles",
            225.0,
            "miles",
        );
    }

    #[test]
    fn money() {
        check(
            "The war cost an estimated $1 trillion over a decade.",
            "an estimated $1 trillion",
            1e12,
            "USD",
        );
        check(
            "The war cost $1 trillion dollars.",
            "$1 trillion dollars",
            1e12,
            "USD",
        );
        check("A $1.2bn loan.", "$1.2bn", 1.2e9, "USD");
        check("A €5m grant was paid.", "€5m", 5e6, "EUR");
        check("Fines of £300 each.", "£300", 300.0, "GBP");
        check("A bond of GBP 40 million.", "GBP 40 million", 4e7, "GBP");
        check(
            "Brussels pledged 1.5 billion euros to the fund.",
            "1.5 billion euros",
            1.5e9,
            "EUR",
        );
        check("It sold for US$9 apiece.", "US$9", 9.0, "USD");
        check("It sold for 9 USD apiece.", "9 USD", 9.0, "USD");
        check(
            "Losses reached millions of dollars.",
            "millions of dollars",
            2e6,
            "USD",
        );
    }

    #[test]
    fn percents_and_ranges() {
        check("Turnout rose 12% this year.", "12%", 12.0, "percent");
        check(
            "Turnout rose 12 percent this year.",
            "12 percent",
            12.0,
            "percent",
        );
        check("Prices rose 3.5 per cent.", "3.5 per cent", 3.5, "percent");
        check("Support is at 10-15% now.", "10-15%", 10.0, "percent");
    }

    #[test]
    fn durations_count_as_quantities() {
        check("It ends 17 years of close ties.", "17 years", 17.0, "years");
        check(
            "The council declared three days of mourning.",
            "three days",
            3.0,
            "days",
        );
    }

    #[test]
    fn years_dates_and_times_are_not_figures() {
        none("The bridge opened in 2003 and closed in 2014.");
        none("Farming changed in the 1990s.");
        none("On January 5, the council met.");
        none("Published 28 February 2024 08:04");
        none("Between 2003-2011 the mine was shut.");
        none("The 2003 elections were disputed.");
        check(
            "Rebels killed 1500 villagers.",
            "1500 villagers",
            1500.0,
            "villagers",
        );
    }

    #[test]
    fn one_names_and_labels_are_not_figures() {
        none("The valley is one of the most stable places.");
        none("She said this one vote changed things.");
        none("Said one protester, Tavi Orlan, by phone.");
        none("He spoke aboard Air Force One on Sunday.");
        none("Under Article 5 members defend each other.");
        none("Section 8 covers housing vouchers for families.");
        none("Call 555-0100 or +1 202 555 0199 for help.");
        none("1. Troops leave the base.\n2. Roads reopen.");
        none("Photo credit: unnamed (1)a");
        none("Views: 83");
        none("The first convoy arrived.");
        none("Trade between the two countries grew.");
        none("A 5,200-strong force arrived.");
        none("He was treated for COVID-19 symptoms.");
        check(
            "One million voters stayed home.",
            "One million voters",
            1e6,
            "voters",
        );
    }

    #[test]
    fn spans_are_sorted_char_offsets() {
        let body = "Ünïcödé: 5 ships — and “40 planes” left 3 km away, 2 hours later.";
        let f = annotate_text(body);
        let chars: Vec<char> = body.chars().collect();
        assert_eq!(f.len(), 4, "{f:?}");
        for w in f.windows(2) {
            assert!(w[0].end <= w[1].start);
        }
        for x in &f {
            let t: String = chars[x.start..x.end].iter().collect();
            assert_eq!(t, x.text);
        }
        assert_eq!(f[2].unit, "km");
        assert_eq!(f[3].unit, "hours");
    }

    #[test]
    fn glued_scales_and_units() {
        check("Floods displaced 3m people.", "3m people", 3e6, "people");
        none("They built a 5m wall.");
        check("The road is 40km long.", "40km", 40.0, "km");
        check(
            "Tens of thousands of marchers filled the square.",
            "Tens of thousands of marchers",
            20_000.0,
            "marchers",
        );
        check("Officials said 12 MPs resigned.", "12 MPs", 12.0, "mps");
        check(
            "Another 3,000 troops will deploy.",
            "3,000 troops",
            3000.0,
            "troops",
        );
        none("The Nov. 3 elections were close.");
        none("Filed in 2015\n\nPilgrims gather.");
        none("It follows the 12 year zodiac cycles.");
        none("At 10 a.m. the 17-year-old left.");
        none("Resolution 2334 calls for talks.");
        none("Call (202) 555-0100 today.");
        none("Leaders of the G7 nations met.");
        none("The score was 3-1 at half time.");
    }

    /// `Scan::may_start` skips no token where a figure starts.
    #[test]
    fn the_prefilter_skips_no_figure() {
        for body in [
            "More than 5,200 U.S. troops and about two-thirds of the 1.2 million voters left.",
            "US$5bn, €300m, 12%, twenty-five soldiers, half a million people, a dozen boats.",
            "Dozens of houses, tens of thousands of people, nearly three hundred and fifty cars.",
            "An estimated 40 per cent, up to 15 km, at least a hundred protesters, 3-4 hours.",
            "Rs 500 crore, £2.5bn, ¥ 300, EUR 40 million, 10-15% of some 7,000 workers.",
        ] {
            let mut lows = String::new();
            let toks = tokenize(body, &mut lows);
            let scan = Scan::new(body, &toks, &lows);
            let mut found = 0;
            for i in 0..toks.len() {
                if scan.figure_at_unfiltered(i).is_some() {
                    found += 1;
                    assert!(scan.may_start(i), "{body:?}: token {i}");
                }
            }
            assert!(found > 0, "{body:?}");
        }
    }

    /// The tokens as the first tokenizer (char by char, a lower case per token) made them:
    /// (kind, start, end, lower case).
    fn reference_tokens(body: &str) -> Vec<(Kind, usize, usize, String)> {
        let chars: Vec<(usize, char)> = body.char_indices().collect();
        let at = |x: usize| chars.get(x).map(|&(_, c)| c);
        let offset = |x: usize| chars.get(x).map_or(body.len(), |&(b, _)| b);
        let mut out = Vec::new();
        let mut x = 0;
        while let Some(c) = at(x) {
            if c.is_whitespace() {
                x += 1;
                continue;
            }
            let start = x;
            let kind = if c.is_ascii_digit() {
                x += 1;
                loop {
                    while at(x).is_some_and(|c| c.is_ascii_digit()) {
                        x += 1;
                    }
                    if matches!(at(x), Some(',' | '.'))
                        && at(x + 1).is_some_and(|c| c.is_ascii_digit())
                    {
                        x += 1;
                    } else {
                        break;
                    }
                }
                Kind::Num
            } else if c.is_alphabetic() {
                x += 1;
                let mut dotted = false;
                loop {
                    while at(x).is_some_and(char::is_alphabetic) {
                        x += 1;
                    }
                    match at(x) {
                        Some(p @ ('.' | '-' | '\'' | '’' | '‑'))
                            if at(x + 1).is_some_and(char::is_alphabetic) =>
                        {
                            dotted |= p == '.';
                            x += 1;
                        }
                        _ => break,
                    }
                }
                if dotted && at(x) == Some('.') {
                    x += 1;
                }
                Kind::Word
            } else {
                x += 1;
                Kind::Sym
            };
            let (s, e) = (offset(start), offset(x));
            out.push((kind, s, e, crate::text::lowercase(&body[s..e]).into_owned()));
        }
        out
    }

    /// The byte tokenizer agrees with the char by char one, lower cases included.
    #[test]
    fn tokenizer_matches_the_reference() {
        let alphabet: Vec<char> = "aZq Ub-.,'’‑5 09\t\n\u{b}\u{a0}éÜßİΣ٣$€%😀(–x.Y"
            .chars()
            .collect();
        let mut seed = 7;
        for n in 0..400 {
            let body = crate::text::random_text(&mut seed, &alphabet, n % 60);
            let mut lows = String::new();
            let toks = tokenize(&body, &mut lows);
            let scan = Scan::new(&body, &toks, &lows);
            let got: Vec<(Kind, usize, usize, String)> = (0..toks.len())
                .map(|k| {
                    (
                        toks[k].kind,
                        toks[k].s,
                        toks[k].e,
                        scan.lower(k).to_string(),
                    )
                })
                .collect();
            assert_eq!(got, reference_tokens(&body), "{body:?}");
            for (k, t) in toks.iter().enumerate() {
                let text = &body[t.s..t.e];
                assert_eq!(
                    t.hyphen,
                    t.kind == Kind::Word && text.contains(['-', '‑']),
                    "{body:?} {k}"
                );
            }
        }
    }

    #[test]
    fn number_words_start_where_words_at_may_read() {
        for w in [
            "a",
            "half",
            "two",
            "twenty-five",
            "two-thirds",
            "dozens",
            "tens",
            "one",
        ] {
            assert!(may_start_number_word(w), "{w}");
        }
        for w in ["the", "about", "more", "over", "", "-two", "million"] {
            assert!(!may_start_number_word(w), "{w}");
        }
        // where it says no, `words_at` finds no number
        let body = "about the more over up to million and the said at some close to a few";
        let mut lows = String::new();
        let toks = tokenize(body, &mut lows);
        let scan = Scan::new(body, &toks, &lows);
        for k in 0..toks.len() {
            if !may_start_number_word(scan.lower(k)) {
                assert!(scan.words_at(k).is_none(), "{}", scan.text(k));
            }
        }
    }

    #[test]
    fn words_at_reads_nothing_where_no_number_word_starts_on_random_text() {
        let vocab = [
            "a",
            "A",
            "half",
            "Half",
            "two",
            "Two",
            "twenty-five",
            "twenty\u{2011}five",
            "two-thirds",
            "-two",
            "dozens",
            "Dozens",
            "tens",
            "of",
            "thousands",
            "hundred",
            "and",
            "million",
            "one",
            "One",
            "the",
            "about",
            "3",
            "\u{bd}",
            "per",
            "cent",
            "zero",
            "Ünal",
            "quarter",
            "three-quarters",
            ".",
            ",",
            "\n",
        ];
        let mut seed = 5u64;
        for _ in 0..400 {
            let words: Vec<&str> = (0..12)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    vocab[(seed >> 33) as usize % vocab.len()]
                })
                .collect();
            let body = words.join(" ");
            let mut lows = String::new();
            let toks = tokenize(&body, &mut lows);
            let scan = Scan::new(&body, &toks, &lows);
            for k in 0..toks.len() {
                if !may_start_number_word(scan.lower(k)) {
                    assert!(scan.words_at(k).is_none(), "{body:?} at {}", scan.text(k));
                }
            }
        }
    }

    #[test]
    fn percent_pairs_start_with_their_first_words() {
        for k in lexicon::figures_percent().keys() {
            if let Some((first, second)) = k.split_once(' ') {
                assert!(
                    second.contains(' ') || PERCENT_PAIR_FIRST.contains(first),
                    "{k}"
                );
            }
        }
        check("up 3 per cent on the year", "3 per cent", 3.0, "percent");
        check(
            "a rise of 2 percentage points",
            "2 percentage points",
            2.0,
            "percentage points",
        );
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in [
            "",
            "$",
            "5",
            "a half a",
            "1,2,3 and 1.2.3 and 9999999999999999999999999 ships",
            "US$",
            "half a",
            "—5—",
            "10- ",
            "more than",
        ] {
            let _ = annotate_text(s);
        }
        // Every suffix of a dense text: spans stay inside, in order, and match the body.
        let text = "Über €5m—“about half a million” US$3, 10-15% of 2,000 U.S. troops; \
                    (1) 08:04 Jan. 5, the 1990s, two-thirds, 3m people, dozens of.";
        let chars: Vec<char> = text.chars().collect();
        for k in 0..chars.len() {
            let body: String = chars[k..].iter().collect();
            let mut prev_end = 0;
            for f in annotate_text(&body) {
                assert!(prev_end <= f.start && f.start < f.end);
                let t: String = body.chars().skip(f.start).take(f.end - f.start).collect();
                assert_eq!(t, f.text);
                prev_end = f.end;
            }
        }
    }
}
