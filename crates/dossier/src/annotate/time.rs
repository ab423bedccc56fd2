//! The time layer: temporal expressions of news English, typed and normalised as TIMEX3
//! (`DATE`, `TIME`, `DURATION`, `SET`) against the document creation time (DCT, the
//! `published` date).
//!
//! The recogniser is a small hand-written grammar over word tokens: at each token it tries
//! every pattern (explicit dates, months, years and decades, weekdays, relative words,
//! durations, sets, vague references, clock times) and keeps the longest match, then moves
//! past it, so spans never overlap. Underspecified expressions ("Sunday", "in December",
//! "January 5") take their year or date from the DCT, in the direction the tense of their
//! sentence points to; without a DCT they stay underspecified (`XXXX-01-05`): no year is
//! ever invented. Word lists live in `data/time_*.txt`.

use crate::lexicon::{HashMap, HashSet};
use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate};

use crate::lexicon;
use crate::model::{Document, Offsets, Timex};
use crate::text::{
    ASCII_ALNUM as C_ALNUM, ASCII_ALPHA as C_ALPHA, ASCII_CLASS, ASCII_DIGIT as C_DIGIT,
    ASCII_SPACE as C_SPACE, ASCII_UPPER as C_UPPER, WordFilter, packed_key,
};

/// The time expressions of one document: reads `body`, `published` and (when filled)
/// `sentences`, which bound the tense cues of an expression.
pub fn annotate(doc: &Document) -> Vec<Timex> {
    let off = Offsets::new(&doc.body);
    let bounds: Vec<(usize, usize)> = doc
        .sentences
        .iter()
        .map(|s| (off.byte_at(s.start), off.byte_at(s.end)))
        .collect();
    run(&doc.body, &off, doc.published.as_deref(), &bounds)
}

/// The time expressions of `body`, resolved against `published` (`YYYY-MM-DD` or
/// `YYYY-MM-DDTHH:MM[:SS]`; `None` leaves underspecified values underspecified). Spans are
/// char offsets, sorted and non-overlapping.
pub fn annotate_text(body: &str, published: Option<&str>) -> Vec<Timex> {
    run(body, &Offsets::new(body), published, &[])
}

// ---------------------------------------------------------------------------------------
// Word lists

struct Lex {
    months: HashMap<&'static str, (u32, bool)>,
    weekdays: HashMap<&'static str, u32>,
    numbers: HashMap<&'static str, u32>,
    ordinals: HashMap<&'static str, u32>,
    vague_counts: &'static HashSet<&'static str>,
    /// word -> (unit code, plural)
    units: HashMap<&'static str, (&'static str, bool)>,
    vague: Vec<(Vec<&'static str>, &'static str)>,
    /// First word → indices into `vague`, in order.
    /// Whether every phrase it starts has a second word, a plain word ([`VAGUE_NEXT`]).
    vague_first: HashMap<&'static str, (bool, Vec<usize>)>,
    sets: HashMap<&'static str, &'static str>,
    seasons: HashMap<&'static str, (&'static str, u32)>,
    dayparts: HashMap<&'static str, &'static str>,
    anchors: &'static HashSet<&'static str>,
    approx: Vec<Vec<&'static str>>,
    /// First word → indices into `approx`, in order.
    approx_first: HashMap<&'static str, Vec<usize>>,
    /// The longest approximator, in words.
    approx_max: usize,
    /// holiday name tokens, month, day
    holidays: Vec<(Vec<&'static str>, u32, u32)>,
    /// What a word is, for the checks made at every token: the patterns of [`Cx::all`] it
    /// may start (`P_*` bits, see [`Cx::PATTERNS`]), [`UNIT`], [`MONTH`], [`CENTURY`],
    /// [`VAGUE_NEXT`], [`VAGUE_NEEDS_NEXT`], the tense cues ([`FUTURE_CUE`] ...).
    flags: WordFlags,
    /// The keys of `flags` (a word not in it is looked up no further).
    filter: WordFilter,
}

/// The flags of words ([`Lex::flags`]). A word of at most 15 bytes is keyed by one integer
/// (its bytes and its length, see [`packed`]), so that a look-up compares integers in the
/// table and reads no string elsewhere in memory; the words of at most 7 bytes (most of the
/// common ones: "the", "said") have a table of their own with smaller keys, which takes
/// fewer cache lines. Longer words are keyed by string.
struct WordFlags {
    small: HashMap<u64, u32>,
    short: HashMap<u128, u32>,
    long: HashMap<String, u32>,
}

impl WordFlags {
    fn new(words: HashMap<String, u32>) -> WordFlags {
        let mut wf = WordFlags {
            small: HashMap::default(),
            short: HashMap::default(),
            long: HashMap::default(),
        };
        for (w, f) in words {
            if let Some(k) = packed_key::<8>(w.as_bytes()) {
                wf.small.insert(u64::from_le_bytes(k), f);
            } else if let Some(k) = packed_key::<16>(w.as_bytes()) {
                wf.short.insert(u128::from_le_bytes(k), f);
            } else {
                wf.long.insert(w, f);
            }
        }
        wf
    }

    /// The flags of `w` (0 for a word of none).
    #[inline]
    fn get(&self, w: &str) -> u32 {
        let f = if w.len() < 8 {
            packed_key::<8>(w.as_bytes()).and_then(|k| self.small.get(&u64::from_le_bytes(k)))
        } else if w.len() < 16 {
            packed_key::<16>(w.as_bytes()).and_then(|k| self.short.get(&u128::from_le_bytes(k)))
        } else {
            self.long.get(w)
        };
        f.copied().unwrap_or(0)
    }
}

/// A calendar unit word (`units`).
const UNIT: u32 = 1;
/// A month name (`months`).
const MONTH: u32 = 1 << 1;
/// The patterns a token may start, one bit each (a pattern returns no match at a token
/// without its bit): see [`Cx::PATTERNS`] for which function each bit stands for.
const P_HOLIDAY: u32 = 1 << 2;
const P_WEEKEND: u32 = 1 << 3;
const P_ISO: u32 = 1 << 4;
const P_CLOCK: u32 = 1 << 5;
const P_MONTH_DAY: u32 = 1 << 6;
const P_DAY_MONTH: u32 = 1 << 7;
const P_MONTH: u32 = 1 << 8;
const P_YEAR: u32 = 1 << 9;
const P_CENTURY: u32 = 1 << 10;
const P_WEEKDAY: u32 = 1 << 11;
const P_RELWORD: u32 = 1 << 12;
const P_REL_UNIT: u32 = 1 << 13;
const P_DURATION: u32 = 1 << 14;
const P_SET: u32 = 1 << 15;
const P_VAGUE: u32 = 1 << 16;
const P_SEASON: u32 = 1 << 17;
const P_QUARTER: u32 = 1 << 18;
const P_NAMED_TIME: u32 = 1 << 19;
/// The word "century".
const CENTURY: u32 = 1 << 20;
/// The second word of a vague reference ("past" of "the past").
const VAGUE_NEXT: u32 = 1 << 21;
/// The first word of vague references that all have a second word, a plain one ("the").
const VAGUE_NEEDS_NEXT: u32 = 1 << 26;
/// Tense cues (see [`Cx::cue`]): `data/time_future_cues.txt`, `time_report_cues.txt`,
/// `time_past_cues.txt`, and the words in "-ed" of `time_ed_exceptions.txt`.
const FUTURE_CUE: u32 = 1 << 22;
const REPORT_CUE: u32 = 1 << 23;
const PAST_CUE: u32 = 1 << 24;
const ED_EXCEPTION: u32 = 1 << 25;
/// Every pattern bit.
const PATTERNS: u32 = ((1 << 20) - 1) & !(UNIT | MONTH);
// Every flag is one bit of its own, and `PATTERNS` is exactly the pattern bits.
const _: () = {
    let flags = [
        UNIT,
        MONTH,
        P_HOLIDAY,
        P_WEEKEND,
        P_ISO,
        P_CLOCK,
        P_MONTH_DAY,
        P_DAY_MONTH,
        P_MONTH,
        P_YEAR,
        P_CENTURY,
        P_WEEKDAY,
        P_RELWORD,
        P_REL_UNIT,
        P_DURATION,
        P_SET,
        P_VAGUE,
        P_SEASON,
        P_QUARTER,
        P_NAMED_TIME,
        CENTURY,
        VAGUE_NEXT,
        VAGUE_NEEDS_NEXT,
        FUTURE_CUE,
        REPORT_CUE,
        PAST_CUE,
        ED_EXCEPTION,
    ];
    let mut seen = 0u32;
    let mut i = 0;
    while i < flags.len() {
        assert!(flags[i].count_ones() == 1 && seen & flags[i] == 0);
        seen |= flags[i];
        i += 1;
    }
    assert!(
        PATTERNS
            == P_HOLIDAY
                | P_WEEKEND
                | P_ISO
                | P_CLOCK
                | P_MONTH_DAY
                | P_DAY_MONTH
                | P_MONTH
                | P_YEAR
                | P_CENTURY
                | P_WEEKDAY
                | P_RELWORD
                | P_REL_UNIT
                | P_DURATION
                | P_SET
                | P_VAGUE
                | P_SEASON
                | P_QUARTER
                | P_NAMED_TIME
    );
};

/// The patterns a number may start: dates and clock times, years, days, counts.
const NUM_STARTS: u32 = P_ISO | P_CLOCK | P_DAY_MONTH | P_YEAR | P_DURATION;
/// The patterns a token of digits and letters may start: "10am", "5th", "1990s", "20th",
/// "Q3".
const MIXED_STARTS: u32 = P_CLOCK | P_DAY_MONTH | P_YEAR | P_CENTURY | P_QUARTER;
/// The patterns an apostrophe may start ("'90s").
const APOSTROPHE_STARTS: u32 = P_YEAR;

fn pairs(set: &'static HashSet<&'static str>) -> impl Iterator<Item = Vec<&'static str>> {
    set.iter().map(|l| l.split_whitespace().collect::<Vec<_>>())
}

static LEX: LazyLock<Lex> = LazyLock::new(|| {
    let mut months = HashMap::default();
    for p in pairs(lexicon::time_months()) {
        if let (Some(n), Some(v)) = (p.first(), p.get(1).and_then(|v| v.parse().ok())) {
            months.insert(*n, (v, p.get(2) == Some(&"abbr")));
        }
    }
    let num_map = |set| {
        let mut m = HashMap::default();
        for p in pairs(set) {
            if let (Some(n), Some(v)) = (p.first(), p.get(1).and_then(|v| v.parse().ok())) {
                m.insert(*n, v);
            }
        }
        m
    };
    let str_map = |set| {
        let mut m = HashMap::default();
        for p in pairs(set) {
            if let (Some(n), Some(v)) = (p.first(), p.get(1)) {
                m.insert(*n, *v);
            }
        }
        m
    };
    let mut units = HashMap::default();
    for p in pairs(lexicon::time_units()) {
        if let [s, pl, code] = p[..] {
            units.insert(s, (code, false));
            units.insert(pl, (code, true));
        }
    }
    let mut vague = Vec::new();
    for p in pairs(lexicon::time_vague()) {
        if p.len() >= 2 {
            vague.push((p[..p.len() - 1].to_vec(), p[p.len() - 1]));
        }
    }
    vague.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    let mut seasons = HashMap::default();
    for p in pairs(lexicon::time_seasons()) {
        if let [w, code, idx] = p[..] {
            seasons.insert(w, (code, idx.parse().unwrap_or(0)));
        }
    }
    let mut approx: Vec<Vec<&str>> = pairs(lexicon::time_approx()).collect();
    approx.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let mut holidays = Vec::new();
    for p in pairs(lexicon::time_holidays()) {
        if let Some((md, name)) = p.split_last()
            && let Some((m, d)) = md.split_once('-')
            && let (Ok(m), Ok(d)) = (m.parse(), d.parse())
            && !name.is_empty()
        {
            holidays.push((name.to_vec(), m, d));
        }
    }
    holidays.sort_by_key(|(w, _, _)| std::cmp::Reverse(w.len()));
    let mut vague_first: HashMap<&'static str, (bool, Vec<usize>)> = HashMap::default();
    for (x, (w, _)) in vague.iter().enumerate() {
        if let Some(f) = w.first() {
            let plain_second = w
                .get(1)
                .is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase()));
            let e = vague_first.entry(*f).or_insert((true, Vec::new()));
            e.0 &= plain_second;
            e.1.push(x);
        }
    }
    let mut approx_first: HashMap<&'static str, Vec<usize>> = HashMap::default();
    for (x, w) in approx.iter().enumerate() {
        if let Some(f) = w.first() {
            approx_first.entry(*f).or_default().push(x);
        }
    }
    let approx_max = approx.iter().map(Vec::len).max().unwrap_or(0);
    let weekdays = num_map(lexicon::time_weekdays());
    let numbers = num_map(lexicon::time_numbers());
    let ordinals = num_map(lexicon::time_ordinals());
    let sets = str_map(lexicon::time_sets());
    let dayparts = str_map(lexicon::time_dayparts());
    // The first words of every pattern of `Cx::all`, pattern by pattern (what each one
    // reads first: see the pattern functions).
    let edge = ["early", "late", "mid", "earlier", "later"];
    let mut flags: HashMap<String, u32> = HashMap::default();
    let mut add = |words: &mut dyn Iterator<Item = &str>, bit: u32| {
        for w in words {
            *flags.entry(w.to_string()).or_default() |= bit;
        }
    };
    add(
        &mut holidays.iter().filter_map(|(w, _, _)| w.first().copied()),
        P_HOLIDAY,
    );
    add(&mut ["the"].into_iter(), P_WEEKEND);
    add(
        &mut weekdays.keys().chain(months.keys()).copied(),
        P_MONTH_DAY,
    );
    add(
        &mut weekdays
            .keys()
            .chain(ordinals.keys())
            .copied()
            .chain(["the"]),
        P_DAY_MONTH,
    );
    add(
        &mut edge
            .into_iter()
            .chain(["last", "next", "this", "past", "previous", "coming"])
            .chain(months.keys().copied()),
        P_MONTH,
    );
    add(&mut edge.into_iter(), P_YEAR);
    add(
        &mut edge
            .into_iter()
            .chain(ordinals.keys().copied())
            .chain(numbers.keys().copied()),
        P_CENTURY,
    );
    add(
        &mut ["last", "next", "this", "early", "late", "earlier", "later"]
            .into_iter()
            .chain(weekdays.keys().copied()),
        P_WEEKDAY,
    );
    let plural_weekdays: Vec<String> = weekdays.keys().map(|w| format!("{w}s")).collect();
    add(&mut plural_weekdays.iter().map(String::as_str), P_WEEKDAY);
    add(
        &mut ["today", "yesterday", "tomorrow", "tonight", "this", "last"].into_iter(),
        P_RELWORD,
    );
    add(
        &mut edge
            .into_iter()
            .chain(["the", "this", "current", "last", "previous", "next"]),
        P_REL_UNIT,
    );
    add(
        &mut [
            "the",
            "past",
            "last",
            "next",
            "coming",
            "previous",
            "first",
            "final",
            "following",
            "recent",
            "remaining",
            "additional",
            "ensuing",
            "a",
            "an",
            "half",
        ]
        .into_iter()
        .chain(approx_first.keys().copied())
        .chain(lexicon::time_vague_counts().iter().copied())
        .chain(numbers.keys().copied())
        .chain(units.keys().copied()),
        P_DURATION,
    );
    add(
        &mut ["every", "each", "per", "once", "twice"]
            .into_iter()
            .chain(sets.keys().copied()),
        P_SET,
    );
    add(&mut vague_first.keys().copied(), P_VAGUE);
    add(
        &mut vague.iter().filter_map(|(w, _)| w.get(1).copied()),
        VAGUE_NEXT,
    );
    add(
        &mut vague_first
            .iter()
            .filter(|(_, (second_needed, _))| *second_needed)
            .map(|(w, _)| *w),
        VAGUE_NEEDS_NEXT,
    );
    add(
        &mut edge
            .into_iter()
            .chain(["last", "next", "this", "past"])
            .chain(seasons.keys().copied()),
        P_SEASON,
    );
    add(
        &mut ordinals.keys().chain(numbers.keys()).copied(),
        P_QUARTER,
    );
    add(
        &mut ["noon", "midday", "midnight"].into_iter(),
        P_NAMED_TIME,
    );
    add(&mut units.keys().copied(), UNIT);
    add(&mut months.keys().copied(), MONTH);
    add(&mut ["century"].into_iter(), CENTURY);
    add(&mut lexicon::time_future_cues().iter().copied(), FUTURE_CUE);
    add(&mut lexicon::time_report_cues().iter().copied(), REPORT_CUE);
    add(&mut lexicon::time_past_cues().iter().copied(), PAST_CUE);
    add(
        &mut lexicon::time_ed_exceptions().iter().copied(),
        ED_EXCEPTION,
    );
    Lex {
        filter: WordFilter::new(flags.keys().map(String::as_str)),
        flags: WordFlags::new(flags),
        months,
        vague_first,
        approx_first,
        approx_max,
        weekdays,
        numbers,
        ordinals,
        vague_counts: lexicon::time_vague_counts(),
        units,
        vague,
        sets,
        seasons,
        dayparts,
        anchors: lexicon::time_anchor_words(),
        approx,
        holidays,
    }
});

// ---------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tk {
    Word,
    Num,
    Mixed,
    Punct,
}

#[derive(Debug)]
struct Tok<'a> {
    s: usize,
    e: usize,
    text: &'a str,
    /// The lower case of `text` (quotes and dashes made plain) when it differs: a slice of
    /// the one string that holds them all (no allocation per token).
    lower: Option<&'a str>,
    kind: Tk,
    /// `Lex::flags` of the lower case, with the patterns its kind of token may start
    /// ([`NUM_STARTS`], [`MIXED_STARTS`], [`APOSTROPHE_STARTS`]).
    flags: u32,
}

impl Tok<'_> {
    /// The lower-case text, quotes and dashes made plain.
    fn low(&self) -> &str {
        self.lower.unwrap_or(self.text)
    }
}

/// The tokens of `body`; the lower cases that differ from the text are written to `lows`.
///
/// A token is a run of alphanumeric chars or one other char that is not white space. ASCII
/// bytes are read as bytes (an ASCII byte is always a whole char); only other chars are
/// decoded.
fn tokenize<'a>(body: &'a str, lows: &'a mut String) -> Vec<Tok<'a>> {
    // About one token in four bytes of text (English runs near one in five): the vector
    // rarely grows.
    let mut toks = Vec::with_capacity(body.len() / 4 + 16);
    // (token index, byte range in `lows`) of the words whose lower case differs.
    let mut lowered: Vec<(usize, usize, usize)> = Vec::new();
    // `lows` starts with the body with its ASCII letters in lower case: the lower case of
    // an ASCII word is there, at the word's own offsets. The lower cases of other words
    // that differ follow.
    lows.clear();
    lows.push_str(body);
    lows.make_ascii_lowercase();
    let lex: &Lex = &LEX;
    let bytes = body.as_bytes();
    // The char at byte `b` (a char boundary, not ASCII) and its length.
    let wide_char = |b: usize| -> Option<(char, usize)> {
        body.get(b..)?.chars().next().map(|c| (c, c.len_utf8()))
    };
    let mut b = 0;
    while let Some(&x) = bytes.get(b) {
        // The first char of the token, its length and its class (`C_*`; a char that is not
        // ASCII counts as a letter that is no digit).
        let (c, w, class) = if x < 0x80 {
            (char::from(x), 1, ASCII_CLASS[usize::from(x)])
        } else {
            match wide_char(b) {
                Some((c, w)) if c.is_alphanumeric() => (c, w, C_ALNUM | C_ALPHA),
                Some((c, w)) => (c, w, 0),
                None => break,
            }
        };
        if class & C_ALNUM != 0 {
            // The union of the classes of the word's chars, and whether they are all ASCII:
            // a plain ASCII word (no capital) is its own lower case (what `lowercase` finds,
            // without scanning it again).
            let (mut seen, mut ascii) = (class, x < 0x80);
            let mut e = b + w;
            while let Some(&y) = bytes.get(e) {
                if y < 0x80 {
                    let k = ASCII_CLASS[usize::from(y)];
                    if k & C_ALNUM == 0 {
                        break;
                    }
                    seen |= k;
                    e += 1;
                } else {
                    match wide_char(e) {
                        Some((c2, w2)) if c2.is_alphanumeric() => {
                            ascii = false;
                            seen |= C_ALPHA;
                            e += w2;
                        }
                        _ => break,
                    }
                }
            }
            let (digits, alpha) = (seen & C_DIGIT != 0, seen & C_ALPHA != 0);
            let (all_digits, upper) = (!alpha, seen & C_UPPER != 0);
            let text = &body[b..e];
            let kind = if all_digits {
                Tk::Num
            } else if digits && alpha {
                Tk::Mixed
            } else {
                Tk::Word
            };
            // The lower case: in `lows` when it differs from the text.
            let lowered_at = if ascii {
                upper.then_some((b, e))
            } else {
                let at = lows.len();
                if crate::text::push_lowercase(lows, text, false, upper) {
                    Some((at, lows.len()))
                } else {
                    None
                }
            };
            let low = match lowered_at {
                Some((x, y)) => lows.get(x..y).unwrap_or(text),
                None => text,
            };
            let flags = match kind {
                Tk::Num => NUM_STARTS,
                Tk::Mixed => MIXED_STARTS,
                Tk::Word if lex.filter.may_contain(low) => lex.flags.get(low),
                _ => 0,
            };
            if let Some((x, y)) = lowered_at {
                lowered.push((toks.len(), x, y));
            }
            toks.push(Tok {
                s: b,
                e,
                text,
                flags,
                lower: None,
                kind,
            });
            b = e;
        } else {
            let e = b + w;
            if class & C_SPACE == 0 && !c.is_whitespace() {
                let text = &body[b..e];
                // (an apostrophe or a dash that is not the plain one reads as the plain one)
                let (lower, flags) = match c {
                    '\'' => (None, APOSTROPHE_STARTS),
                    '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' => (Some("'"), APOSTROPHE_STARTS),
                    '\u{2010}'..='\u{2015}' | '\u{2212}' => (Some("-"), 0),
                    _ => (None, 0),
                };
                toks.push(Tok {
                    s: b,
                    e,
                    text,
                    flags,
                    lower,
                    kind: Tk::Punct,
                });
            }
            b = e;
        }
    }
    let lows: &'a str = lows;
    for (k, a, b) in lowered {
        toks[k].lower = lows.get(a..b);
    }
    toks
}

// ---------------------------------------------------------------------------------------
// Document creation time and tense

#[derive(Debug, Clone, Copy)]
struct Dct {
    d: NaiveDate,
}

fn parse_dct(p: Option<&str>) -> Option<Dct> {
    let p = p?.trim();
    let head: String = p.chars().take(10).collect();
    let d = NaiveDate::parse_from_str(&head, "%Y-%m-%d").ok()?;
    Some(Dct { d })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    Present,
    None,
}

fn ymd(y: i32, m: u32, d: u32) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

fn date_str(d: NaiveDate) -> String {
    ymd(d.year(), d.month(), d.day())
}

fn week_str(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

fn shift_month(y: i32, m: u32, delta: i32) -> (i32, u32) {
    let t = y * 12 + (m as i32 - 1) + delta;
    (t.div_euclid(12), (t.rem_euclid(12) + 1) as u32)
}

/// A duration value for a count of units; decades and centuries counted in years.
fn dur_n(count: &Count, code: &str) -> String {
    if code == "H"
        && let Count::N(s) = count
        && s.contains('.')
        && let Ok(v) = s.parse::<f64>()
    {
        return format!("PT{}M", (v * 60.0).round() as i64);
    }
    let mult = match code {
        "DE" => 10.0,
        "CE" => 100.0,
        _ => return dur(&count.text(), code),
    };
    match count {
        Count::X => dur("X", code),
        Count::A => dur(&format!("{}", mult as i64), "Y"),
        Count::N(s) => match s.parse::<f64>() {
            Ok(v) => dur(&format!("{}", v * mult), "Y"),
            Err(_) => dur("X", code),
        },
    }
}

fn dur(n: &str, code: &str) -> String {
    match code {
        "H" => format!("PT{n}H"),
        "MIN" => format!("PT{n}M"),
        "S" => format!("PT{n}S"),
        c => format!("P{n}{c}"),
    }
}

// ---------------------------------------------------------------------------------------
// The matcher

#[derive(Debug, Clone)]
struct Cand {
    a: usize,
    b: usize,
    kind: &'static str,
    value: String,
}

fn cand(a: usize, b: usize, kind: &'static str, value: String) -> Option<Cand> {
    Some(Cand { a, b, kind, value })
}

struct Cx<'a> {
    toks: Vec<Tok<'a>>,
    sent: Vec<usize>,
    /// For each token, the index of the first token at or after it that is a unit word
    /// (`toks.len()` when none is).
    unit_next: Vec<usize>,
    /// Some token is a month name (else no month pattern can match).
    has_month: bool,
    /// Some token is "century".
    has_century: bool,
    dct: Option<Dct>,
    lex: &'static Lex,
}

/// A count of units: a number, `a`/`an`, or an unknown number (`X`).
#[derive(Debug, Clone, PartialEq)]
enum Count {
    N(String),
    A,
    X,
}

impl Count {
    fn text(&self) -> String {
        match self {
            Count::N(s) => s.clone(),
            Count::A => "1".into(),
            Count::X => "X".into(),
        }
    }
    fn int(&self) -> Option<i64> {
        match self {
            Count::N(s) => s.parse().ok(),
            Count::A => Some(1),
            Count::X => None,
        }
    }
}

impl<'a> Cx<'a> {
    fn n(&self) -> usize {
        self.toks.len()
    }
    fn low(&self, i: usize) -> &str {
        self.toks.get(i).map(|t| t.low()).unwrap_or("")
    }
    fn kind(&self, i: usize) -> Option<Tk> {
        self.toks.get(i).map(|t| t.kind)
    }
    /// Tokens `i` and `i + 1` touch (no space between).
    fn adj(&self, i: usize) -> bool {
        i + 1 < self.n() && self.toks[i].e == self.toks[i + 1].s
    }
    fn same_sent(&self, i: usize, j: usize) -> bool {
        i < self.n() && j < self.n() && self.sent[i] == self.sent[j]
    }
    fn is_cap(&self, i: usize) -> bool {
        self.toks
            .get(i)
            .and_then(|t| t.text.chars().next())
            .is_some_and(|c| c.is_uppercase())
    }
    fn is_word(&self, i: usize) -> bool {
        self.kind(i) == Some(Tk::Word)
    }
    fn num(&self, i: usize) -> Option<u32> {
        if self.kind(i) == Some(Tk::Num) && self.toks[i].text.len() <= 4 {
            self.toks[i].text.parse().ok()
        } else {
            None
        }
    }
    fn prev_word_is_anchor(&self, i: usize) -> bool {
        i > 0 && self.same_sent(i - 1, i) && self.lex.anchors.contains(self.low(i - 1))
    }

    /// A month name at `i` (capitalised); returns (month, abbreviation, end).
    fn month(&self, i: usize) -> Option<(u32, bool, usize)> {
        if !self.is_word(i) || !self.is_cap(i) {
            return None;
        }
        let &(m, abbr) = self.lex.months.get(self.low(i))?;
        let mut e = i + 1;
        if abbr && self.low(e) == "." && self.adj(i) {
            e += 1;
        }
        Some((m, abbr, e))
    }
    fn weekday(&self, i: usize) -> Option<u32> {
        if !self.is_word(i) || !self.is_cap(i) {
            return None;
        }
        self.lex.weekdays.get(self.low(i)).copied()
    }
    /// A day of the month at `i`: `5`, `5th`, `fifth`; returns (day, end).
    fn day(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.toks.get(i)?;
        let d = match t.kind {
            Tk::Num if t.text.len() <= 2 => t.text.parse().ok()?,
            Tk::Mixed => {
                let l = t.low();
                let sfx = ["st", "nd", "rd", "th"].iter().find(|s| l.ends_with(*s))?;
                l[..l.len() - sfx.len()].parse().ok()?
            }
            Tk::Word => *self.lex.ordinals.get(t.low())?,
            _ => return None,
        };
        if !(1..=31).contains(&d) {
            return None;
        }
        // not a clock time or a decimal
        if self.adj(i) && matches!(self.low(i + 1), ":" | "." | "%") && self.num(i + 2).is_some() {
            return None;
        }
        Some((d, i + 1))
    }
    /// A four-digit year at `i`.
    fn year(&self, i: usize) -> Option<i32> {
        let t = self.toks.get(i)?;
        if t.kind != Tk::Num || t.text.len() != 4 {
            return None;
        }
        let y: i32 = t.text.parse().ok()?;
        (1000..=2199).contains(&y).then_some(y)
    }
    /// A cue for the tense of token `i`'s clause.
    fn cue(&self, i: usize) -> Option<(Tense, bool)> {
        let t = self.toks.get(i)?;
        let l = t.low();
        if t.kind != Tk::Word {
            return None;
        }
        // contractions: won't, 'll
        if self.adj(i) && self.low(i + 1) == "'" && self.low(i + 2) == "t" && l == "won" {
            return Some((Tense::Future, false));
        }
        if l == "ll" && i > 0 && self.low(i - 1) == "'" {
            return Some((Tense::Future, false));
        }
        if l == "going" && self.low(i + 1) == "to" {
            return Some((Tense::Future, false));
        }
        if t.flags & FUTURE_CUE != 0 {
            return Some((Tense::Future, false));
        }
        if t.flags & REPORT_CUE != 0 {
            return Some((Tense::Past, true));
        }
        if t.flags & PAST_CUE != 0 {
            return Some((Tense::Past, false));
        }
        if matches!(l, "is" | "are" | "am") {
            return Some((Tense::Present, false));
        }
        let passive = i > 0
            && matches!(
                self.low(i - 1),
                "be" | "been" | "being" | "is" | "are" | "am"
            );
        if l.len() > 4
            && l.ends_with("ed")
            && !self.is_cap(i)
            && !passive
            && t.flags & ED_EXCEPTION == 0
        {
            return Some((Tense::Past, false));
        }
        None
    }
    /// The tense of the clause around tokens `a..b`: the nearest cue in the sentence; a
    /// reporting verb counts only when it is right beside the expression or nothing else is.
    fn tense(&self, a: usize, b: usize) -> Tense {
        let mut report: Option<usize> = None;
        for dist in 1..40 {
            let mut found = None;
            for k in [a.checked_sub(dist), Some(b + dist - 1)]
                .into_iter()
                .flatten()
            {
                if k >= self.n() || !self.same_sent(k, a.min(self.n() - 1)) {
                    continue;
                }
                if let Some((t, rep)) = self.cue(k) {
                    if rep {
                        report.get_or_insert(dist);
                    } else if found.is_none() {
                        found = Some(t);
                    }
                }
            }
            if report.is_some_and(|r| r <= 2) {
                return Tense::Past;
            }
            if let Some(t) = found {
                return t;
            }
        }
        if report.is_some() {
            Tense::Past
        } else {
            Tense::None
        }
    }

    // -------------------------------------------------------------- value resolution

    fn resolve_month_day(&self, m: u32, d: u32, a: usize, b: usize) -> String {
        let Some(dct) = self.dct else {
            return format!("XXXX-{m:02}-{d:02}");
        };
        let y = dct.d.year();
        let opts: Vec<NaiveDate> = (y - 1..=y + 1)
            .filter_map(|yy| NaiveDate::from_ymd_opt(yy, m, d))
            .collect();
        if opts.is_empty() {
            return ymd(y, m, d);
        }
        let pick = match self.tense(a, b) {
            Tense::Past => opts.iter().rev().find(|x| **x <= dct.d).copied(),
            Tense::Future => opts.iter().find(|x| **x >= dct.d).copied(),
            _ => None,
        };
        let pick = pick.unwrap_or_else(|| {
            *opts
                .iter()
                .min_by_key(|x| (**x - dct.d).num_days().abs())
                .unwrap_or(&opts[0])
        });
        date_str(pick)
    }

    fn resolve_month(&self, m: u32, rel: Option<&str>, a: usize, b: usize) -> String {
        let Some(dct) = self.dct else {
            return format!("XXXX-{m:02}");
        };
        let (y, cm) = (dct.d.year(), dct.d.month());
        let year = match rel {
            Some("last") | Some("past") | Some("previous") => {
                if m < cm {
                    y
                } else {
                    y - 1
                }
            }
            Some("next") | Some("coming") => {
                if m > cm {
                    y
                } else {
                    y + 1
                }
            }
            Some("this") => y,
            _ => match self.tense(a, b) {
                Tense::Past if m > cm => y - 1,
                Tense::Future if m < cm => y + 1,
                _ => y,
            },
        };
        format!("{year:04}-{m:02}")
    }

    fn resolve_weekday(&self, wd: u32, rel: Option<&str>, a: usize, b: usize) -> Option<NaiveDate> {
        let dct = self.dct?;
        let cur = dct.d.weekday().number_from_monday() as i64;
        let wd = wd as i64;
        let back = (cur - wd).rem_euclid(7); // days back to the most recent (0 = today)
        let fwd = (wd - cur).rem_euclid(7);
        let offset = match rel {
            Some("last") => -(if back == 0 { 7 } else { back }),
            Some("next") => {
                if fwd == 0 {
                    7
                } else {
                    fwd
                }
            }
            Some("this") => wd - cur,
            _ => match self.tense(a, b) {
                Tense::Past => -back,
                Tense::Future | Tense::Present => fwd,
                Tense::None => {
                    if fwd < back {
                        fwd
                    } else {
                        -back
                    }
                }
            },
        };
        dct.d.checked_add_signed(Duration::days(offset))
    }

    // -------------------------------------------------------------- patterns

    /// The patterns, each with its bit of `Tok::flags`, in the order of preference (of two
    /// matches as long, the first is kept).
    #[allow(clippy::type_complexity)]
    const PATTERNS: [(u32, fn(&Self, usize) -> Option<Cand>); 18] = [
        (P_HOLIDAY, Self::m_holiday),
        (P_WEEKEND, Self::m_weekend),
        (P_ISO, Self::m_iso),
        (P_CLOCK, Self::m_clock),
        (P_MONTH_DAY, Self::m_month_day),
        (P_DAY_MONTH, Self::m_day_month),
        (P_MONTH, Self::m_month),
        (P_YEAR, Self::m_year),
        (P_CENTURY, Self::m_century),
        (P_WEEKDAY, Self::m_weekday),
        (P_RELWORD, Self::m_relword),
        (P_REL_UNIT, Self::m_rel_unit),
        (P_DURATION, Self::m_duration),
        (P_SET, Self::m_set),
        (P_VAGUE, Self::m_vague),
        (P_SEASON, Self::m_season),
        (P_QUARTER, Self::m_quarter),
        (P_NAMED_TIME, Self::m_named_time),
    ];

    /// Whether some pattern of [`Cx::all`] may start at token `i`: a number or mixed token
    /// (years, days, clock times, "Q3", "1990s"), an apostrophe ("'90s"), or one of the
    /// words patterns start with (a `P_*` bit in `Lex::flags`). Every other token starts
    /// none, so `all` need not try them one by one.
    #[cfg(test)]
    fn may_start(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.flags & PATTERNS != 0)
    }

    /// The longest match at `i` of the patterns token `i` may start (its `P_*` bits).
    fn all(&self, i: usize) -> Option<Cand> {
        let flags = self.toks.get(i)?.flags;
        if flags & PATTERNS == 0 {
            return None;
        }
        self.longest(i, flags)
    }

    /// The longest match of any pattern at `i`, trying them all.
    #[cfg(test)]
    fn every_pattern(&self, i: usize) -> Option<Cand> {
        self.longest(i, PATTERNS)
    }

    /// The longest match at `i` of the patterns whose bits are in `mask`.
    fn longest(&self, i: usize, mask: u32) -> Option<Cand> {
        let mut best: Option<Cand> = None;
        // The set bits of `mask` (only pattern bits: see the mask `PATTERNS`), lowest
        // first: the order of `Self::PATTERNS`, whose entry `k` has bit `k + 2` (see the
        // assertion after `impl Cx`).
        let mut bits = mask & PATTERNS;
        while bits != 0 {
            let k = bits.trailing_zeros() as usize - 2;
            bits &= bits - 1;
            let Some(&(_, f)) = Self::PATTERNS.get(k) else {
                break;
            };
            if let Some(c) = f(self, i)
                && c.b > c.a
                && best.as_ref().is_none_or(|bst| c.b > bst.b)
            {
                best = Some(c);
            }
        }
        best
    }

    /// `2020-01-05`, `01/05/2020`.
    fn m_iso(&self, i: usize) -> Option<Cand> {
        if let Some(y) = self.year(i)
            && self.adj(i)
            && self.low(i + 1) == "-"
            && self.adj(i + 1)
            && self.adj(i + 2)
            && self.low(i + 3) == "-"
            && self.adj(i + 3)
        {
            let (m, d) = (self.num(i + 2)?, self.num(i + 4)?);
            if self.toks[i + 2].text.len() == 2
                && self.toks[i + 4].text.len() == 2
                && (1..=12).contains(&m)
                && (1..=31).contains(&d)
            {
                return cand(i, i + 5, "DATE", ymd(y, m, d));
            }
        }
        if let Some(m) = self.num(i)
            && self.adj(i)
            && self.low(i + 1) == "/"
            && self.adj(i + 1)
            && self.adj(i + 2)
            && self.low(i + 3) == "/"
            && self.adj(i + 3)
        {
            let d = self.num(i + 2)?;
            let y = self.year(i + 4)?;
            if (1..=12).contains(&m) && (1..=31).contains(&d) {
                return cand(i, i + 5, "DATE", ymd(y, m, d));
            }
        }
        None
    }

    /// An optional `Weekday,` before a date; returns the index after it.
    fn weekday_prefix(&self, i: usize) -> usize {
        if self.weekday(i).is_some() {
            if self.low(i + 1) == "," {
                return i + 2;
            }
            return i + 1;
        }
        i
    }

    /// An optional year after a date: `, 2020` or ` 2020`; returns (year, end).
    fn year_suffix(&self, j: usize) -> (Option<i32>, usize) {
        if self.low(j) == ","
            && let Some(y) = self.year(j + 1)
        {
            return (Some(y), j + 2);
        }
        if let Some(y) = self.year(j) {
            return (Some(y), j + 1);
        }
        (None, j)
    }

    /// `January 5`, `Jan. 5, 2020`, `Sunday, January 5`.
    fn m_month_day(&self, i: usize) -> Option<Cand> {
        if !self.has_month {
            return None;
        }
        let j = self.weekday_prefix(i);
        let (m, _, j) = self.month(j)?;
        let (d, j) = self.day(j)?;
        if self.kind(j - 1) == Some(Tk::Word) && self.low(j - 1) != "first" && j - 1 > i {
            // ordinal words after a month are rare outside "January first"; keep them.
        }
        let (y, end) = self.year_suffix(j);
        let value = match y {
            Some(y) => ymd(y, m, d),
            None => self.resolve_month_day(m, d, i, end),
        };
        cand(i, end, "DATE", value)
    }

    /// `5 January 2020`, `the 5th of January`.
    fn m_day_month(&self, i: usize) -> Option<Cand> {
        if !self.has_month {
            return None;
        }
        // (A number is no weekday nor "the": it is the day, and the month follows it, or
        // follows its "of"; after "the" come the day and the month, or the day, "of" and
        // the month.)
        let month_at = |k: usize| self.toks.get(k).is_some_and(|t| t.flags & MONTH != 0);
        let day_at = match self.kind(i) {
            Some(Tk::Num | Tk::Mixed) => Some(i),
            _ if self.low(i) == "the" => Some(i + 1),
            _ => None,
        };
        if let Some(d) = day_at
            && !month_at(d + 1)
            && !month_at(d + 2)
        {
            return None;
        }
        let j = self.weekday_prefix(i);
        let j0 = if self.low(j) == "the" { j + 1 } else { j };
        let (d, mut j) = self.day(j0)?;
        if self.is_word(j0) && j0 == j {
            return None;
        }
        if self.kind(j0) == Some(Tk::Word) && j0 == j - 1 && self.low(j) != "of" {
            return None; // "fifth January" is not English; "the fifth of January" is
        }
        if self.low(j) == "of" {
            j += 1;
        }
        let (m, _, j) = self.month(j)?;
        let (y, end) = self.year_suffix(j);
        let value = match y {
            Some(y) => ymd(y, m, d),
            None => self.resolve_month_day(m, d, i, end),
        };
        let a = if j0 > j || self.low(i) == "the" {
            i + 1
        } else {
            i
        };
        cand(a.min(j0), end, "DATE", value)
    }

    /// Optional `early`/`late`/`mid` before a month, season, year; returns the index after.
    fn edge_prefix(&self, i: usize) -> usize {
        match self.low(i) {
            "early" | "late" | "mid" | "earlier" | "later" => {
                if self.low(i) == "mid" && self.adj(i) && self.low(i + 1) == "-" {
                    i + 2
                } else {
                    i + 1
                }
            }
            _ => i,
        }
    }

    /// `January 2020`, `in December`, `late January`, `last February`.
    fn m_month(&self, i: usize) -> Option<Cand> {
        if !self.has_month {
            return None;
        }
        let mut j = self.edge_prefix(i);
        let mut rel = None;
        if matches!(
            self.low(j),
            "last" | "next" | "this" | "past" | "previous" | "coming"
        ) {
            rel = Some(self.low(j));
            j += 1;
        }
        let (m, abbr, e) = self.month(j)?;
        // with a year
        let mut k = e;
        if matches!(self.low(k), "," | "of") {
            k += 1;
        }
        if let Some(y) = self.year(k) {
            return cand(i, k + 1, "DATE", format!("{y:04}-{m:02}"));
        }
        if abbr {
            return None;
        }
        if rel.is_none() && j == i {
            if !self.prev_word_is_anchor(i) {
                return None;
            }
            // "and May", "to June": only in a run of dates ("between March and May")
            if matches!(self.low(i - 1), "and" | "or" | "to")
                && !(i.saturating_sub(4)..i - 1).any(|k| {
                    self.same_sent(k, i)
                        && (self.month(k).is_some()
                            || self.year(k).is_some()
                            || self.is_time_word(k))
                })
            {
                return None;
            }
        }
        if rel.is_none() && j == i && m == 5 && self.is_word(e) && !self.is_cap(e) {
            // "in May be" style: a modal after all
            if matches!(self.low(e), "be" | "have" | "not") {
                return None;
            }
        }
        cand(i, e, "DATE", self.resolve_month(m, rel, i, e))
    }

    /// `2014`, `mid-2014`, `the 1990s`, `the '90s`.
    fn m_year(&self, i: usize) -> Option<Cand> {
        let j = self.edge_prefix(i);
        let edge = j > i;
        // decades
        if let Some(t) = self.toks.get(j) {
            if t.kind == Tk::Mixed
                && t.low().len() == 5
                && t.low().ends_with('s')
                && let Ok(y) = t.low()[..4].parse::<i32>()
                && (1000..=2199).contains(&y)
                && y % 10 == 0
            {
                // "the 1800s" is a century, "the 1990s" a decade
                let v = if y % 100 == 0 && y != 2000 {
                    y / 100
                } else {
                    y / 10
                };
                return cand(i, j + 1, "DATE", format!("{v}"));
            }
            if t.low() == "'"
                && self.adj(j)
                && let Some(n) = self.toks.get(j + 1)
                && n.kind == Tk::Mixed
                && n.low().len() == 3
                && n.low().ends_with('s')
                && let Ok(y) = n.low()[..2].parse::<i32>()
                && y % 10 == 0
            {
                let c = if y <= 20 { 20 } else { 19 };
                return cand(i, j + 2, "DATE", format!("{c}{}", y / 10));
            }
        }
        let y = self.year(j)?;
        // "1990's"
        if y % 10 == 0
            && self.adj(j)
            && self.low(j + 1) == "'"
            && self.adj(j + 1)
            && self.low(j + 2) == "s"
            && !self.adj(j + 2)
        {
            return cand(i, j + 3, "DATE", format!("{}", y / 10));
        }
        let anchored = edge || self.prev_word_is_anchor(j);
        if j > 0 && matches!(self.low(j - 1), "than") {
            return None; // "more than 2000": a quantity
        }
        if !(1900..=2099).contains(&y) && !anchored {
            return None;
        }
        if j > 0 && self.adj(j - 1) && matches!(self.low(j - 1), "$" | "#" | "€" | "£" | "," | ".")
        {
            return None;
        }
        if self.adj(j) && matches!(self.low(j + 1), "%" | ":" | ".") && self.num(j + 2).is_some() {
            return None;
        }
        if matches!(self.low(j + 1), "%" | "percent") {
            return None;
        }
        if self.adj(j) && self.low(j + 1) == "," && self.kind(j + 2) == Some(Tk::Num) {
            return None;
        }
        // a name with a number ("Vision 2030")
        if !anchored
            && j > 0
            && self.same_sent(j - 1, j)
            && self.is_cap(j - 1)
            && self.is_word(j - 1)
        {
            let prev = self.low(j - 1);
            if self.month(j - 1).is_none()
                && self.weekday(j - 1).is_none()
                && !self.lex.anchors.contains(prev)
            {
                return None;
            }
        }
        cand(i, j + 1, "DATE", format!("{y:04}"))
    }

    /// `the 20th century`, `the twenty-first century`.
    fn m_century(&self, i: usize) -> Option<Cand> {
        if !self.has_century {
            return None;
        }
        let j = self.edge_prefix(i);
        let (n, k) = self.ordinal(j)?;
        if !matches!(self.low(k), "century") {
            return None;
        }
        if n == 0 {
            return None;
        }
        cand(i, k + 1, "DATE", format!("{:02}", n - 1))
    }

    /// An ordinal: `20th`, `twentieth`, `twenty-first`; returns (value, end).
    fn ordinal(&self, j: usize) -> Option<(u32, usize)> {
        let t = self.toks.get(j)?;
        match t.kind {
            Tk::Mixed => {
                let l = t.low();
                let sfx = ["st", "nd", "rd", "th"].iter().find(|s| l.ends_with(*s))?;
                Some((l[..l.len() - sfx.len()].parse().ok()?, j + 1))
            }
            Tk::Word => {
                if let Some(&o) = self.lex.ordinals.get(t.low()) {
                    return Some((o, j + 1));
                }
                let tens = *self.lex.numbers.get(t.low())?;
                if tens >= 20
                    && tens % 10 == 0
                    && self.adj(j)
                    && self.low(j + 1) == "-"
                    && self.adj(j + 1)
                {
                    let o = *self.lex.ordinals.get(self.low(j + 2))?;
                    if o < 10 {
                        return Some((tens + o, j + 3));
                    }
                }
                None
            }
            _ => None,
        }
    }

    /// `Sunday`, `last Friday`, `Thursday evening`, `late Thursday`, `Sundays`.
    fn m_weekday(&self, i: usize) -> Option<Cand> {
        let mut j = i;
        let mut rel = None;
        if matches!(
            self.low(j),
            "last" | "next" | "this" | "early" | "late" | "earlier" | "later"
        ) {
            if matches!(self.low(j), "last" | "next" | "this") {
                rel = Some(self.low(j));
            }
            j += 1;
        }
        // plural: a set
        if self.is_word(j) && self.is_cap(j) && self.low(j).ends_with('s') && j == i {
            let l = self.low(j);
            if let Some(&wd) = self.lex.weekdays.get(&l[..l.len() - 1]) {
                if self.prev_word_is_anchor(j) || (j > 0 && self.low(j - 1) == "on") {
                    return cand(i, j + 1, "SET", format!("XXXX-WXX-{wd}"));
                }
                return None;
            }
        }
        let wd = self.weekday(j)?;
        if j == i && j > 0 && self.same_sent(j - 1, j) {
            // part of a name: "Fox News Sunday", "Bloody Sunday"
            let p = j - 1;
            if self.is_word(p)
                && self.is_cap(p)
                && !self.lex.anchors.contains(self.low(p))
                && self.month(p).is_none()
                && self.weekday(p).is_none()
                && !lexicon::time_zones().contains(self.toks[p].text)
                && !self.is_sentence_start(p)
            {
                return None;
            }
        }
        if j == i
            && (!self.prev_word_is_anchor(j) || self.low(j - 1) == "the")
            && self.is_word(j + 1)
            && self.is_cap(j + 1)
            && self.same_sent(j, j + 1)
            && self.month(j + 1).is_none()
            && !self.lex.dayparts.contains_key(self.low(j + 1))
        {
            // "Sunday Times"
            let next = self.low(j + 1);
            if !self.lex.anchors.contains(next) {
                return None;
            }
        }
        let mut end = j + 1;
        let mut part = None;
        if let Some(&p) = self.lex.dayparts.get(self.low(j + 1)) {
            part = Some(p);
            end = j + 2;
        }
        let value = match self.resolve_weekday(wd, rel, i, end) {
            Some(d) => date_str(d),
            None => "XXXX-XX-XX".to_string(),
        };
        match part {
            Some(p) => cand(i, end, "TIME", format!("{value}T{p}")),
            None => cand(i, end, "DATE", value),
        }
    }

    /// A capitalised word inside a sentence (not all capitals): part of a title or name
    /// when the word is normally written in lower case ("USA Today", "This Week").
    fn is_title_word(&self, i: usize) -> bool {
        let Some(t) = self.toks.get(i) else {
            return false;
        };
        self.is_cap(i)
            && !self.is_sentence_start(i)
            && t.text.chars().skip(1).any(|c| c.is_lowercase())
            && !(i > 0 && matches!(self.low(i - 1), "\"" | "\u{201c}" | "(" | "-" | ":"))
    }

    /// A word that only names a time: a month, weekday or season name.
    fn is_time_word(&self, k: usize) -> bool {
        self.weekday(k).is_some() || self.lex.seasons.contains_key(self.low(k))
    }

    fn is_sentence_start(&self, i: usize) -> bool {
        i == 0 || !self.same_sent(i - 1, i)
    }

    /// `today`, `yesterday morning`, `tonight`, `this morning`, `last night`.
    fn m_relword(&self, i: usize) -> Option<Cand> {
        if self.is_title_word(i) {
            return None; // "NBC's Today", "USA Today"
        }
        let dct = self.dct.map(|d| d.d);
        let (off, mut end, mut part): (i64, usize, Option<&str>) = match self.low(i) {
            "today" => (0, i + 1, None),
            "yesterday" => (-1, i + 1, None),
            "tomorrow" => (1, i + 1, None),
            "tonight" => (0, i + 1, Some("NI")),
            "this" => (0, i + 2, Some(*self.lex.dayparts.get(self.low(i + 1))?)),
            "last" if self.low(i + 1) == "night" => (-1, i + 2, Some("NI")),
            _ => return None,
        };
        if part.is_none()
            && let Some(&p) = self.lex.dayparts.get(self.low(i + 1))
        {
            part = Some(p);
            end = i + 2;
        }
        let day = match dct.and_then(|d| d.checked_add_signed(Duration::days(off))) {
            Some(d) => date_str(d),
            None if off == 0 && part.is_none() => "PRESENT_REF".to_string(),
            None => "XXXX-XX-XX".to_string(),
        };
        match part {
            Some(p) => cand(i, end, "TIME", format!("{day}T{p}")),
            None => cand(i, end, "DATE", day),
        }
    }

    /// `last week`, `this year`, `earlier this month`, `last weekend`.
    fn m_rel_unit(&self, i: usize) -> Option<Cand> {
        let mut j = if self.low(i) == "the" {
            if self.low(i + 1) != "last" {
                return None; // (no relative word after "the")
            }
            i + 1 // "the last week": the week before this one
        } else if i > 0 && self.low(i - 1) == "the" {
            return None;
        } else {
            self.edge_prefix(i)
        };
        if self.low(j) == "this" && self.low(j + 1) == "past" {
            j += 1;
        }
        let rel = self.low(j);
        let delta: i32 = match rel {
            "past" if j > i && self.low(j - 1) == "this" => -1,
            "this" | "current" => 0,
            "last" | "previous" => -1,
            "next" => 1,
            _ => return None,
        };
        let fiscal = self.low(j + 1) == "fiscal" && self.low(j + 2) == "year";
        let unit = if fiscal { "year" } else { self.low(j + 1) };
        let end = if fiscal { j + 3 } else { j + 2 };
        if self.is_title_word(end - 1) {
            return None; // "ABC's This Week"
        }
        let dct = self.dct.map(|d| d.d);
        let value = match unit {
            "week" => match dct {
                Some(d) => week_str(d + Duration::days(7 * delta as i64)),
                None => "XXXX-WXX".into(),
            },
            "weekend" => match dct {
                Some(d) => format!("{}-WE", week_str(d + Duration::days(7 * delta as i64))),
                None => "XXXX-WXX-WE".into(),
            },
            "month" => match dct {
                Some(d) => {
                    let (y, m) = shift_month(d.year(), d.month(), delta);
                    format!("{y:04}-{m:02}")
                }
                None => "XXXX-XX".into(),
            },
            "year" => match dct {
                Some(d) => format!("{:04}", d.year() + delta),
                None => "XXXX".into(),
            },
            "decade" => match dct {
                Some(d) => format!("{}", d.year() / 10 + delta),
                None => "XXX".into(),
            },
            "century" => match dct {
                Some(d) => format!("{:02}", d.year() / 100 + delta),
                None => "XX".into(),
            },
            "quarter" => match dct {
                Some(d) => {
                    let q = (d.year() * 4 + (d.month0() / 3) as i32) + delta;
                    format!("{:04}-Q{}", q.div_euclid(4), q.rem_euclid(4) + 1)
                }
                None => "XXXX-QX".into(),
            },
            _ => return None,
        };
        cand(i, end, "DATE", value)
    }

    /// A count at `j`: `2`, `1.5`, `two`, `twenty-five`, `a`, `several`, `a few`; returns
    /// (count, end).
    fn count(&self, j: usize) -> Option<(Count, usize)> {
        let t = self.toks.get(j)?;
        match t.kind {
            Tk::Num => {
                if t.text.len() > 4 {
                    return None;
                }
                if self.adj(j)
                    && self.low(j + 1) == "."
                    && self.adj(j + 1)
                    && self.kind(j + 2) == Some(Tk::Num)
                {
                    let s = format!("{}.{}", t.text, self.toks[j + 2].text);
                    return Some((Count::N(s), j + 3));
                }
                let n: u32 = t.text.parse().ok()?;
                (n > 0).then(|| (Count::N(n.to_string()), j + 1))
            }
            Tk::Word => {
                let l = t.low();
                match l {
                    "a" | "an" => {
                        match self.low(j + 1) {
                            "few" => return Some((Count::X, j + 2)),
                            "couple" if self.low(j + 2) == "of" => {
                                return Some((Count::N("2".into()), j + 3));
                            }
                            "dozen" => return Some((Count::N("12".into()), j + 2)),
                            "hundred" => return Some((Count::N("100".into()), j + 2)),
                            _ => {}
                        }
                        return Some((Count::A, j + 1));
                    }
                    "half" if matches!(self.low(j + 1), "a" | "an") => {
                        return Some((Count::N("0.5".into()), j + 2));
                    }
                    _ => {}
                }
                if self.lex.vague_counts.contains(l) {
                    return Some((Count::X, j + 1));
                }
                let n = *self.lex.numbers.get(l)?;
                if (20..100).contains(&n)
                    && n % 10 == 0
                    && self.adj(j)
                    && self.low(j + 1) == "-"
                    && self.adj(j + 1)
                    && let Some(&u) = self.lex.numbers.get(self.low(j + 2))
                    && u < 10
                {
                    return Some((Count::N((n + u).to_string()), j + 3));
                }
                Some((Count::N(n.to_string()), j + 1))
            }
            _ => None,
        }
    }

    /// Durations: `two years`, `the past two years`, `17-year`, `more than a decade`,
    /// `for months`; with `ago`: a date (`two years ago`).
    fn m_duration(&self, i: usize) -> Option<Cand> {
        // The unit word comes at most this far on: "the" + a relative word + the longest
        // approximator + a count of up to three tokens + a hyphen.
        // (A number is no "the", relative word or approximator: its count of at most three
        // tokens and a hyphen come first.)
        let reach = if self.kind(i) == Some(Tk::Num) {
            i + 3 + 1
        } else {
            i + 2 + self.lex.approx_max + 3 + 1
        };
        if self.unit_next.get(i).is_none_or(|&u| u > reach) {
            return None;
        }
        let mut j = i;
        let the = self.low(j) == "the";
        if the {
            j += 1;
        }
        let mut rel = None;
        if matches!(
            self.low(j),
            "past"
                | "last"
                | "next"
                | "coming"
                | "previous"
                | "first"
                | "final"
                | "following"
                | "recent"
                | "remaining"
                | "additional"
                | "ensuing"
        ) {
            rel = Some(self.low(j));
            j += 1;
        }
        // approximators
        let mut approx_end = j;
        if rel.is_none() {
            let cands = self
                .lex
                .approx_first
                .get(self.low(j))
                .map_or(&[][..], |v| v);
            for a in cands.iter().map(|&x| &self.lex.approx[x]) {
                if a.iter().enumerate().all(|(k, w)| self.low(j + k) == *w) {
                    approx_end = j + a.len();
                    break;
                }
            }
        }
        let (count, k) = match self.count(approx_end) {
            Some(c) => c,
            None => match self.count(j) {
                Some(c) => {
                    approx_end = j;
                    c
                }
                None => (Count::X, j),
            },
        };
        let counted = k > approx_end;
        let mut k = k;
        // "more", "long" between the count and the unit are rare; hyphen: "two-year"
        let hyphen = counted && k > 0 && self.adj(k - 1) && self.low(k) == "-" && self.adj(k);
        if hyphen {
            k += 1;
        }
        let &(code, plural) = self.lex.units.get(self.low(k))?;
        if !self.is_word(k) {
            return None;
        }
        if code == "S" && !(plural || hyphen) {
            return None; // "a second term"
        }
        let end = k + 1;
        if self.is_cap(k) && !self.is_sentence_start(k) && self.is_cap(end) && self.is_word(end) {
            return None; // a name: "the Six-Day War"
        }
        if !counted {
            return self.uncounted_duration(i, the, rel, k, code, plural);
        }
        // a frequency: "$5 million a year", "once a week"
        if count == Count::A && !plural && rel.is_none() && approx_end == j && !the {
            // a figure just before: "$5 million a year", "three meals a day", "once a week"
            let figure = (1..=3).any(|d| {
                let Some(p) = i.checked_sub(d) else {
                    return false;
                };
                if !self.same_sent(p, i) {
                    return false;
                }
                // no punctuation between
                if (p + 1..i).any(|q| self.kind(q) == Some(Tk::Punct) && self.low(q) != "%") {
                    return false;
                }
                let l = self.low(p);
                matches!(
                    l,
                    "%" | "percent"
                        | "million"
                        | "billion"
                        | "trillion"
                        | "thousand"
                        | "times"
                        | "once"
                        | "twice"
                ) || self.toks[p].kind == Tk::Num
                    || self.lex.numbers.contains_key(l)
            });
            if figure {
                return cand(i, end, "SET", dur("1", code));
            }
        }
        if hyphen {
            // an adjective: "two-year", "24-hour"; not an age ("22-year-old")
            if self.adj(k) && self.low(end) == "-" && self.low(end + 1) == "old" {
                return None;
            }
            return cand(approx_end, end, "DURATION", dur_n(&count, code));
        }
        // "two years ago"
        if self.low(end) == "ago" && rel.is_none() {
            return cand(j, end + 1, "DATE", self.ago(&count, code, -1));
        }
        cand(i, end, "DURATION", dur_n(&count, code))
    }

    /// A duration without a number: `the past year`, `recent weeks`, `for months`,
    /// `years later`, `years ago`.
    fn uncounted_duration(
        &self,
        i: usize,
        the: bool,
        rel: Option<&str>,
        k: usize,
        code: &str,
        plural: bool,
    ) -> Option<Cand> {
        let end = k + 1;
        match rel {
            None => {
                if !plural || the || k != i {
                    return None;
                }
                let p = if k > 0 { self.low(k - 1) } else { "" };
                if self.low(end) == "ago" {
                    return cand(k, end + 1, "DATE", "PAST_REF".into());
                }
                let before = matches!(
                    p,
                    "for" | "in" | "over" | "within" | "after" | "took" | "take" | "takes"
                );
                let after = matches!(self.low(end), "before" | "after" | "later" | "earlier");
                if !before && !after {
                    return None;
                }
                cand(k, end, "DURATION", dur_n(&Count::X, code))
            }
            Some("past" | "last" | "next" | "coming" | "recent") => {
                if !plural && !the && rel != Some("past") {
                    return None;
                }
                if !plural && rel == Some("next") && matches!(code, "D" | "W") {
                    return None; // "the next day": an anaphoric date
                }
                if !plural && rel == Some("last") {
                    return None; // "the last week": a date, see m_rel_unit
                }
                let c = if plural { Count::X } else { Count::A };
                cand(i, end, "DURATION", dur_n(&c, code))
            }
            _ => None,
        }
    }

    /// The date `count` units before (`sign` -1) or after (+1) the DCT, at the unit's precision.
    fn ago(&self, count: &Count, code: &str, sign: i64) -> String {
        let vague = if sign < 0 { "PAST_REF" } else { "FUTURE_REF" };
        let (Some(dct), Some(n)) = (self.dct, count.int()) else {
            return vague.into();
        };
        let d = dct.d;
        let n = n * sign;
        match code {
            "Y" => format!("{:04}", d.year() as i64 + n),
            "DE" => format!("{}", (d.year() as i64 + 10 * n) / 10),
            "CE" => format!("{:02}", (d.year() as i64 + 100 * n) / 100),
            "M" => {
                let (y, m) = shift_month(d.year(), d.month(), n as i32);
                format!("{y:04}-{m:02}")
            }
            "W" => week_str(d + Duration::days(7 * n)),
            "D" => date_str(d + Duration::days(n)),
            _ => vague.into(),
        }
    }

    /// Sets: `every week`, `each year`, `daily`, `once a month`, `per year`.
    fn m_set(&self, i: usize) -> Option<Cand> {
        let l = self.low(i);
        if let Some(v) = self.lex.sets.get(l)
            && !self.is_cap(i)
        {
            return cand(i, i + 1, "SET", v.to_string());
        }
        let (start, j) = match l {
            "every" | "each" | "per" => (i, i + 1),
            "once" | "twice" if matches!(self.low(i + 1), "a" | "per" | "every" | "each") => {
                (i, i + 2)
            }
            _ => return None,
        };
        let mut k = j;
        let mut n = "1".to_string();
        if self.low(k) == "other" {
            n = "2".into();
            k += 1;
        } else if l != "per"
            && let Some((Count::N(c), e)) = self.count(k)
        {
            n = c;
            k = e;
        }
        if let Some(wd) = self.weekday(k) {
            return cand(start, k + 1, "SET", format!("XXXX-WXX-{wd}"));
        }
        if let Some((m, false, e)) = self.month(k)
            && n == "1"
        {
            return cand(start, e, "SET", format!("XXXX-{m:02}"));
        }
        if let Some(&p) = self.lex.dayparts.get(self.low(k)) {
            return cand(start, k + 1, "SET", format!("XXXX-XX-XXT{p}"));
        }
        let &(code, _) = self.lex.units.get(self.low(k))?;
        if l == "each" && self.low(k + 1) == "other" {
            return None;
        }
        cand(start, k + 1, "SET", dur(&n, code))
    }

    /// `now`, `currently`, `recently`, `the past`, `the future`.
    fn m_vague(&self, i: usize) -> Option<Cand> {
        let flags = self.toks.get(i)?.flags;
        if flags & VAGUE_NEEDS_NEXT != 0
            && self
                .toks
                .get(i + 1)
                .is_none_or(|t| t.flags & VAGUE_NEXT == 0)
        {
            return None;
        }
        let (_, cands) = self.lex.vague_first.get(self.low(i))?;
        if self.is_title_word(i) {
            return None;
        }
        for (words, value) in cands.iter().map(|&x| &self.lex.vague[x]) {
            // (the first word is the one at `i`: `vague_first`)
            let rest = words.get(1..).unwrap_or_default();
            if rest.iter().zip(i + 1..).all(|(w, k)| self.low(k) == *w) {
                let end = i + words.len();
                if words.len() == 1 && self.adj(i) && self.low(i + 1) == "-" {
                    return None; // "now-defunct"
                }
                if words.first() == Some(&"the") && self.low(end) == "of" && *value == "PAST_REF" {
                    // "the past of the country" is rare; keep "the past" only as a time
                }
                return cand(i, end, "DATE", value.to_string());
            }
        }
        None
    }

    /// `last summer`, `the summer of 2014`, `spring 2020`.
    fn m_season(&self, i: usize) -> Option<Cand> {
        let mut j = self.edge_prefix(i);
        let mut rel = None;
        if matches!(self.low(j), "last" | "next" | "this" | "past") {
            rel = Some(self.low(j));
            j += 1;
        }
        let &(code, idx) = self.lex.seasons.get(self.low(j))?;
        if !self.is_word(j) {
            return None;
        }
        let mut e = j + 1;
        let mut k = e;
        if self.low(k) == "of" {
            k += 1;
        }
        if let Some(y) = self.year(k) {
            return cand(i, k + 1, "DATE", format!("{y:04}-{code}"));
        }
        let anchored = rel.is_some() || j > i || self.prev_word_is_anchor(j);
        if !anchored || self.low(e) == "of" {
            return None;
        }
        if self.is_cap(j) && !self.is_sentence_start(j) {
            return None;
        }
        // "the spring tide", "summer camp": a season used as a modifier
        if rel.is_none()
            && j == i
            && self.is_word(e)
            && !self.is_cap(e)
            && self.same_sent(j, e)
            && !self.lex.anchors.contains(self.low(e))
            && self.cue(e).is_none()
        {
            return None;
        }
        if self.adj(j) && self.low(e) == "-" {
            e = j + 1;
        }
        let Some(dct) = self.dct else {
            return cand(i, e, "DATE", format!("XXXX-{code}"));
        };
        let y = dct.d.year();
        let cur = match dct.d.month() {
            12 | 1 | 2 => 0,
            3..=5 => 1,
            6..=8 => 2,
            _ => 3,
        };
        let year = match rel {
            Some("last") | Some("past") => {
                if idx < cur {
                    y
                } else {
                    y - 1
                }
            }
            Some("next") => {
                if idx > cur {
                    y
                } else {
                    y + 1
                }
            }
            Some(_) => y,
            None => match self.tense(i, e) {
                Tense::Past if idx > cur => y - 1,
                Tense::Future if idx < cur => y + 1,
                _ => y,
            },
        };
        cand(i, e, "DATE", format!("{year:04}-{code}"))
    }

    /// `Christmas`, `New Year's Day`, `Christmas 2019`.
    fn m_holiday(&self, i: usize) -> Option<Cand> {
        if !self.is_cap(i) {
            return None;
        }
        for (words, m, d) in &self.lex.holidays {
            if words.iter().enumerate().all(|(k, w)| self.low(i + k) == *w) {
                let e = i + words.len();
                let (y, end) = self.year_suffix(e);
                let value = match y {
                    Some(y) => ymd(y, *m, *d),
                    None => self.resolve_month_day(*m, *d, i, end),
                };
                return cand(i, end, "DATE", value);
            }
        }
        None
    }

    /// `the weekend`, `over the weekend`: the weekend the tense points to.
    fn m_weekend(&self, i: usize) -> Option<Cand> {
        if self.low(i) != "the" || self.low(i + 1) != "weekend" {
            return None;
        }
        let end = i + 2;
        let Some(dct) = self.dct else {
            return cand(i, end, "DATE", "XXXX-WXX-WE".into());
        };
        let wd = dct.d.weekday().number_from_monday();
        let delta = match self.tense(i, end) {
            Tense::Past if wd < 6 => -7,
            _ => 0,
        };
        let d = dct.d + Duration::days(delta);
        cand(i, end, "DATE", format!("{}-WE", week_str(d)))
    }

    /// `the first quarter`, `third-quarter`, `the second half of 2019`.
    fn m_quarter(&self, i: usize) -> Option<Cand> {
        // "Q3", "Q3 2023", "H1"
        if let Some(t) = self.toks.get(i)
            && t.kind == Tk::Mixed
            && t.text.len() == 2
            && (t.text.starts_with('Q') || t.text.starts_with('H'))
        {
            let letter = &t.text[..1];
            let n: u32 = t.text[1..].parse().ok()?;
            let max = if letter == "Q" { 4 } else { 2 };
            if !(1..=max).contains(&n) {
                return None;
            }
            let (year, e) = match self.year(i + 1) {
                Some(y) => (format!("{y:04}"), i + 2),
                None => match self.dct {
                    Some(d) => (format!("{:04}", d.d.year()), i + 1),
                    None => ("XXXX".into(), i + 1),
                },
            };
            return cand(i, e, "DATE", format!("{year}-{letter}{n}"));
        }
        let (n, mut k) = self.ordinal(i)?;
        if self.adj(k - 1) && self.low(k) == "-" {
            k += 1;
        }
        let (letter, max) = match self.low(k) {
            "quarter" => ("Q", 4),
            "half" => ("H", 2),
            _ => return None,
        };
        if n == 0 || n > max {
            return None;
        }
        let mut e = k + 1;
        let year = if self.low(e) == "of"
            && let Some(y) = self.year(e + 1)
        {
            e += 2;
            format!("{y:04}")
        } else {
            match self.dct {
                Some(d) => format!("{:04}", d.d.year()),
                None => "XXXX".into(),
            }
        };
        cand(i, e, "DATE", format!("{year}-{letter}{n}"))
    }

    /// `noon`, `midnight`.
    fn m_named_time(&self, i: usize) -> Option<Cand> {
        let v = match self.low(i) {
            "noon" | "midday" => "T12:00",
            "midnight" => "T24:00",
            _ => return None,
        };
        cand(i, i + 1, "TIME", v.into())
    }

    /// `08:04`, `4:30 p.m.`, `4 p.m.`, `10am`.
    fn m_clock(&self, i: usize) -> Option<Cand> {
        let t = self.toks.get(i)?;
        // "10am"
        if t.kind == Tk::Mixed {
            let l = t.low();
            let pm = l.ends_with("pm");
            if pm || l.ends_with("am") {
                let h: u32 = l[..l.len() - 2].parse().ok()?;
                if (1..=12).contains(&h) {
                    let h = (h % 12) + if pm { 12 } else { 0 };
                    return cand(i, self.tz_end(i + 1), "TIME", format!("T{h:02}:00"));
                }
            }
            return None;
        }
        let h = self.num(i)?;
        if t.text.len() > 2 || h > 24 {
            return None;
        }
        let mut j = i + 1;
        let mut m = 0;
        let mut clock = false;
        if self.adj(i) && self.low(j) == ":" && self.adj(j) {
            let mt = self.toks.get(j + 1)?;
            if mt.kind != Tk::Num || mt.text.len() != 2 {
                return None;
            }
            m = mt.text.parse().ok()?;
            if m > 59 {
                return None;
            }
            j += 2;
            clock = true;
            if self.adj(j - 1) && self.low(j) == ":" && self.adj(j) && self.num(j + 1).is_some() {
                j += 2;
            }
        }
        // "9 o'clock"
        if !clock
            && (1..=12).contains(&h)
            && self.low(j) == "o"
            && self.adj(j)
            && self.low(j + 1) == "'"
            && self.adj(j + 1)
            && self.low(j + 2) == "clock"
        {
            return cand(i, j + 3, "TIME", format!("T{h:02}:00"));
        }
        // a.m. / p.m.
        let (ampm, e) = self.ampm(j);
        if ampm.is_none() && !clock {
            return None;
        }
        let mut hh = h;
        if let Some(pm) = ampm {
            if !(1..=12).contains(&h) {
                return None;
            }
            hh = (h % 12) + if pm { 12 } else { 0 };
        }
        cand(i, self.tz_end(e), "TIME", format!("T{hh:02}:{m:02}"))
    }

    /// After a clock time: past a time-zone abbreviation at `e`, if there is one.
    fn tz_end(&self, e: usize) -> usize {
        match self.toks.get(e) {
            Some(t) if t.kind == Tk::Word && lexicon::time_zones().contains(t.text) => e + 1,
            _ => e,
        }
    }

    /// `a.m.`, `p.m.`, `am`, `PM` at `j`: (Some(pm), end) or (None, j).
    fn ampm(&self, j: usize) -> (Option<bool>, usize) {
        match self.low(j) {
            "am" | "pm" if self.is_word(j) => {
                let pm = self.low(j) == "pm";
                let mut e = j + 1;
                if self.adj(j) && self.low(e) == "." {
                    e += 1;
                }
                (Some(pm), e)
            }
            "a" | "p"
                if self.adj(j)
                    && self.low(j + 1) == "."
                    && self.adj(j + 1)
                    && self.low(j + 2) == "m" =>
            {
                let pm = self.low(j) == "p";
                let mut e = j + 3;
                if self.adj(j + 2) && self.low(e) == "." {
                    e += 1;
                }
                (Some(pm), e)
            }
            _ => (None, j),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Driver

// `Cx::PATTERNS` lists the patterns in the order of their bits: entry `k` has bit `k + 2`,
// and together they are `PATTERNS` (what `Cx::longest` relies on).
const _: () = {
    let p = Cx::<'static>::PATTERNS;
    let mut all = 0;
    let mut k = 0;
    while k < p.len() {
        assert!(p[k].0 == 1 << (k + 2));
        all |= p[k].0;
        k += 1;
    }
    assert!(all == PATTERNS);
};

/// Sentence ids per token: from the given byte bounds when there are any, else from a
/// simple split at sentence-final punctuation and line breaks.
fn sentence_ids(body: &str, toks: &[Tok], bounds: &[(usize, usize)]) -> Vec<usize> {
    let mut ids = Vec::with_capacity(toks.len());
    if !bounds.is_empty() {
        let mut k = 0;
        for t in toks {
            while k < bounds.len() && bounds[k].1 <= t.s {
                k += 1;
            }
            ids.push(k);
        }
        return ids;
    }
    let abbr = lexicon::abbreviations();
    let mut id = 0;
    for (i, t) in toks.iter().enumerate() {
        if i > 0 {
            let p = &toks[i - 1];
            let gap = body.get(p.e..t.s).unwrap_or("");
            if gap.contains('\n') {
                id += 1;
            } else if matches!(p.low(), "." | "!" | "?")
                && !gap.is_empty()
                && t.text
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c == '"' || c == '\u{201C}')
            {
                let before = if i >= 2 { toks[i - 2].low() } else { "" };
                let is_abbr = p.low() == "."
                    && (before.chars().count() == 1
                        || abbr.contains(before)
                        || LEX.months.contains_key(before));
                if !is_abbr {
                    id += 1;
                }
            }
        }
        ids.push(id);
    }
    ids
}

/// The time expressions of `body` (`off` its offsets), see [`annotate_text`].
fn run(
    body: &str,
    off: &Offsets,
    published: Option<&str>,
    bounds: &[(usize, usize)],
) -> Vec<Timex> {
    let mut lows = String::new();
    let cx = context(body, &mut lows, published, bounds);
    let mut cands: Vec<Cand> = Vec::new();
    let mut i = 0usize;
    while i < cx.n() {
        match cx.all(i) {
            Some(c) => {
                i = c.b.max(i + 1);
                cands.push(c);
            }
            None => i += 1,
        }
    }
    let cands = attach_times(&cx, cands);
    cands
        .into_iter()
        .filter_map(|c| {
            let (bs, be) = (cx.toks.get(c.a)?.s, cx.toks.get(c.b.checked_sub(1)?)?.e);
            let text = body.get(bs..be)?.to_string();
            Some(Timex {
                start: off.char_at(bs),
                end: off.char_at(be),
                text,
                kind: c.kind.to_string(),
                value: c.value,
            })
        })
        .collect()
}

/// The tokens of `body` and what the patterns read about them.
/// `lows` receives the lower cases of the tokens (see [`tokenize`]).
fn context<'a>(
    body: &'a str,
    lows: &'a mut String,
    published: Option<&str>,
    bounds: &[(usize, usize)],
) -> Cx<'a> {
    let toks = tokenize(body, lows);
    let sent = sentence_ids(body, &toks, bounds);
    let mut unit_next = vec![toks.len(); toks.len()];
    // (the flags of all the tokens: is there a month, "century"?)
    let mut all_flags = 0;
    for k in (0..toks.len()).rev() {
        all_flags |= toks[k].flags;
        unit_next[k] = if toks[k].flags & UNIT != 0 {
            k
        } else {
            unit_next.get(k + 1).copied().unwrap_or(toks.len())
        };
    }
    let has_month = all_flags & MONTH != 0;
    let has_century = all_flags & CENTURY != 0;
    Cx {
        toks,
        sent,
        unit_next,
        has_month,
        has_century,
        dct: parse_dct(published),
        lex: &LEX,
    }
}

/// Gives a clock time the day of a date right beside it (`Thursday at 4 p.m.`), else the
/// DCT's day; a clock time and a date with nothing between become one TIME
/// (`15:00 GMT Saturday`).
fn attach_times(cx: &Cx, cands: Vec<Cand>) -> Vec<Cand> {
    let full = |v: &str| {
        v.len() == 10
            && v.as_bytes()[4] == b'-'
            && v.as_bytes()[7] == b'-'
            && !v.starts_with("XXXX-XX")
    };
    let close = |a: usize, b: usize| {
        b >= a && b - a <= 2 && (a..b).all(|t| matches!(cx.low(t), "," | "on" | "at" | "of"))
    };
    let mut out: Vec<Cand> = Vec::with_capacity(cands.len());
    let mut cands = cands.into_iter().peekable();
    while let Some(mut c) = cands.next() {
        let is_clock = |c: &Cand| c.kind == "TIME" && c.value.starts_with('T');
        if is_clock(&c) {
            let next = cands.peek().filter(|n| close(c.b, n.a) && full(&n.value));
            let prev = out.last().filter(|p| close(p.b, c.a) && full(&p.value));
            if let Some(n) = next {
                c.value = format!("{}{}", n.value, c.value);
                if n.a == c.b {
                    c.b = n.b;
                    cands.next();
                }
            } else if let Some(p) = prev {
                let v = format!("{}{}", p.value, c.value);
                if p.b == c.a {
                    let p = out.pop().unwrap_or_else(|| c.clone());
                    c.a = p.a;
                }
                c.value = v;
            } else if let Some(d) = cx.dct {
                c.value = format!("{}{}", date_str(d.d), c.value);
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find<'a>(t: &'a [Timex], text: &str) -> Option<&'a Timex> {
        t.iter().find(|x| x.text == text)
    }

    fn val(body: &str, dct: Option<&str>, text: &str) -> String {
        let t = annotate_text(body, dct);
        match find(&t, text) {
            Some(x) => format!("{} {}", x.kind, x.value),
            None => format!("missing; got {t:?}"),
        }
    }

    #[test]
    fn a_number_starts_no_approximator() {
        // (`m_duration` looks no further than a count and a hyphen past a number for its
        // unit: it takes a number for no approximator's first word.)
        assert!(!LEX.approx.is_empty());
        for a in &LEX.approx {
            assert!(
                a.first()
                    .is_some_and(|w| !w.starts_with(|c: char| c.is_numeric())),
                "{a:?}"
            );
        }
    }

    #[test]
    fn explicit_dates() {
        let b = "The mayor resigned on Jan. 5, 2020, and returned on 7 March 2021. The file is dated 2019-11-30.";
        assert_eq!(val(b, None, "Jan. 5, 2020"), "DATE 2020-01-05");
        assert_eq!(val(b, None, "7 March 2021"), "DATE 2021-03-07");
        assert_eq!(val(b, None, "2019-11-30"), "DATE 2019-11-30");
        let b = "The bridge opened in January 2020 after work began in 2014 and lasted through the 1990s.";
        assert_eq!(val(b, None, "January 2020"), "DATE 2020-01");
        assert_eq!(val(b, None, "2014"), "DATE 2014");
        assert_eq!(val(b, None, "1990s"), "DATE 199");
        assert_eq!(val("Mills rose in the 1800s.", None, "1800s"), "DATE 18");
        assert_eq!(
            val("Phones spread in the 2000s.", None, "2000s"),
            "DATE 200"
        );
    }

    #[test]
    fn month_day_without_dct_keeps_year_unknown() {
        let b = "On January 5 the council voted to close the harbour.";
        assert_eq!(val(b, None, "January 5"), "DATE XXXX-01-05");
        assert_eq!(
            val("Rains came in December.", None, "December"),
            "DATE XXXX-12"
        );
    }

    #[test]
    fn month_day_with_dct_follows_tense() {
        let dct = Some("2024-02-28T08:04");
        let b = "Since the October 7 flood, the town has rebuilt. Residents met on January 28. On February 2 the mayor spoke.";
        assert_eq!(val(b, dct, "October 7"), "DATE 2023-10-07");
        assert_eq!(val(b, dct, "January 28"), "DATE 2024-01-28");
        assert_eq!(val(b, dct, "February 2"), "DATE 2024-02-02");
        let b = "The festival will open on March 3.";
        assert_eq!(val(b, dct, "March 3"), "DATE 2024-03-03");
    }

    #[test]
    fn months_resolve_against_dct() {
        let dct = Some("2024-02-28");
        let b = "Last month the port reopened. In December, storms hit. In February the ferry sank. \
                 Earlier this month, prices rose. Last year was dry, and next year will be wet.";
        assert_eq!(val(b, dct, "Last month"), "DATE 2024-01");
        assert_eq!(val(b, dct, "December"), "DATE 2023-12");
        assert_eq!(val(b, dct, "February"), "DATE 2024-02");
        assert_eq!(val(b, dct, "Earlier this month"), "DATE 2024-02");
        assert_eq!(val(b, dct, "Last year"), "DATE 2023");
        assert_eq!(val(b, dct, "next year"), "DATE 2025");
        assert_eq!(
            val("They wed last February.", dct, "last February"),
            "DATE 2023-02"
        );
        assert_eq!(
            val("The talks stalled in late January.", dct, "late January"),
            "DATE 2024-01"
        );
    }

    #[test]
    fn relative_days_and_weeks() {
        let dct = Some("2024-02-28");
        let b = "Today the mill closed; yesterday it was open and tomorrow it will be sold. \
                 Last week the owners met, this week they signed, and last weekend they celebrated.";
        assert_eq!(val(b, dct, "Today"), "DATE 2024-02-28");
        assert_eq!(val(b, dct, "yesterday"), "DATE 2024-02-27");
        assert_eq!(val(b, dct, "tomorrow"), "DATE 2024-02-29");
        assert_eq!(val(b, dct, "Last week"), "DATE 2024-W08");
        assert_eq!(val(b, dct, "this week"), "DATE 2024-W09");
        assert_eq!(val(b, dct, "last weekend"), "DATE 2024-W08-WE");
        assert_eq!(
            val("The dam failed a year ago.", dct, "a year ago"),
            "DATE 2023"
        );
        assert_eq!(
            val("The dam failed two years ago.", dct, "two years ago"),
            "DATE 2022"
        );
        assert_eq!(
            val("The dam failed two years ago.", None, "two years ago"),
            "DATE PAST_REF"
        );
    }

    #[test]
    fn weekdays_follow_tense() {
        // 2024-02-28 is a Wednesday
        let dct = Some("2024-02-28");
        assert_eq!(
            val("The council voted on Sunday.", dct, "Sunday"),
            "DATE 2024-02-25"
        );
        assert_eq!(
            val("The council will vote on Sunday.", dct, "Sunday"),
            "DATE 2024-03-03"
        );
        assert_eq!(
            val("Sunday's vote was close.", dct, "Sunday"),
            "DATE 2024-02-25"
        );
        assert_eq!(
            val("Crowds gathered Thursday evening.", dct, "Thursday evening"),
            "TIME 2024-02-22TEV"
        );
        assert_eq!(
            val("The deal collapsed late Thursday.", dct, "late Thursday"),
            "DATE 2024-02-22"
        );
        assert_eq!(
            val("The council voted on Sunday.", None, "Sunday"),
            "DATE XXXX-XX-XX"
        );
    }

    #[test]
    fn names_and_modals_are_not_times() {
        let t = annotate_text(
            "She told Fox News Sunday that she may run. May be later.",
            None,
        );
        assert!(t.is_empty(), "{t:?}");
        let t = annotate_text(
            "Protesters march to the square. They counted 45 ballots.",
            None,
        );
        assert!(t.is_empty(), "{t:?}");
        let t = annotate_text(
            "Johnson and May met. Veterans of the Six-Day War spoke.",
            None,
        );
        assert!(t.is_empty(), "{t:?}");
        let t = annotate_text(
            "The Sunday Times printed it. More than 2000 people marched.",
            None,
        );
        assert!(t.is_empty(), "{t:?}");
        let b = "Talks ran between March and May.";
        assert_eq!(val(b, None, "May"), "DATE XXXX-05");
        let t = annotate_text("Workers march on. Talks resume in May.", None);
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t[0].value, "XXXX-05");
    }

    #[test]
    fn durations() {
        let b = "The siege lasted two years. He served 17 years, then spent the past two years abroad \
                 and waited three days. Twenty years after the war, rebels fought for months.";
        assert_eq!(val(b, None, "two years"), "DURATION P2Y");
        assert_eq!(val(b, None, "17 years"), "DURATION P17Y");
        assert_eq!(val(b, None, "the past two years"), "DURATION P2Y");
        assert_eq!(val(b, None, "three days"), "DURATION P3D");
        assert_eq!(val(b, None, "Twenty years"), "DURATION P20Y");
        assert_eq!(val(b, None, "months"), "DURATION PXM");
        assert_eq!(val("a 24-hour strike", None, "24-hour"), "DURATION PT24H");
    }

    #[test]
    fn sets_and_vague_references() {
        let b = "The ferry runs daily, inspections happen every week and fees rise each year.";
        assert_eq!(val(b, None, "daily"), "SET P1D");
        assert_eq!(val(b, None, "every week"), "SET P1W");
        assert_eq!(val(b, None, "each year"), "SET P1Y");
        let b = "The lake is now shallow; it is currently drying. Rains were recently rare, \
                 unlike in the past, and the future looks grim.";
        assert_eq!(val(b, None, "now"), "DATE PRESENT_REF");
        assert_eq!(val(b, None, "currently"), "DATE PRESENT_REF");
        assert_eq!(val(b, None, "recently"), "DATE PAST_REF");
        assert_eq!(val(b, None, "the past"), "DATE PAST_REF");
        assert_eq!(val(b, None, "the future"), "DATE FUTURE_REF");
    }

    #[test]
    fn ranges_and_since() {
        let b = "Troops stayed between 2003 and 2011, and the base has been empty since 2014.";
        let t = annotate_text(b, None);
        let vals: Vec<&str> = t.iter().map(|x| x.value.as_str()).collect();
        assert_eq!(vals, ["2003", "2011", "2014"]);
    }

    #[test]
    fn weekends_holidays_and_near_future() {
        let dct = Some("2024-02-28");
        assert_eq!(
            val("Rebels struck over the weekend.", dct, "the weekend"),
            "DATE 2024-W08-WE"
        );
        assert_eq!(
            val("Shops closed this past week.", dct, "this past week"),
            "DATE 2024-W08"
        );
        assert_eq!(
            val("The parade fell on Christmas 2019.", None, "Christmas 2019"),
            "DATE 2019-12-25"
        );
        assert_eq!(
            val("Guests left on New Year's Eve.", dct, "New Year's Eve"),
            "DATE 2023-12-31"
        );
        assert_eq!(
            val(
                "No deal is likely in the near future.",
                None,
                "the near future"
            ),
            "DATE FUTURE_REF"
        );
    }

    #[test]
    fn duration_conventions() {
        let dct = Some("2024-02-28");
        assert_eq!(
            val("The feud lasted a decade.", None, "a decade"),
            "DURATION P10Y"
        );
        assert_eq!(
            val("Two decades of war.", None, "Two decades"),
            "DURATION P20Y"
        );
        assert_eq!(
            val("Prices fell in the last week.", dct, "the last week"),
            "DATE 2024-W08"
        );
        assert_eq!(
            val("Prices fell in the past year.", dct, "the past year"),
            "DURATION P1Y"
        );
        assert_eq!(val("They met years later.", None, "years"), "DURATION PXY");
        assert_eq!(
            val(
                "Growth will slow in the next decade.",
                None,
                "the next decade"
            ),
            "DURATION P10Y"
        );
        assert_eq!(
            val("Sales rose this fiscal year.", dct, "this fiscal year"),
            "DATE 2024"
        );
        let t = annotate_text("He left the next day.", None);
        assert!(t.is_empty(), "{t:?}");
        assert_eq!(
            val(
                "It opened the first three-month course.",
                None,
                "three-month"
            ),
            "DURATION P3M"
        );
        let t = annotate_text("The 22-year-old pilot flew.", None);
        assert!(t.is_empty(), "{t:?}");
    }

    #[test]
    fn passive_participle_is_not_past() {
        // 2024-02-28: a passive "be published" must not pull May back to 2023
        let dct = Some("2024-02-28");
        assert_eq!(
            val("The book is due to be published in May.", dct, "May"),
            "DATE 2024-05"
        );
    }

    #[test]
    fn frequencies_and_quarters() {
        assert_eq!(val("They ate three meals a day.", None, "a day"), "SET P1D");
        assert_eq!(
            val("It costs $5 million a year.", None, "a year"),
            "SET P1Y"
        );
        assert_eq!(
            val("The strike lasted a day.", None, "a day"),
            "DURATION P1D"
        );
        assert_eq!(
            val("Profit rose in Q3 2023.", None, "Q3 2023"),
            "DATE 2023-Q3"
        );
        assert_eq!(
            val(
                "Profit rose in the third quarter.",
                Some("2024-11-02"),
                "third quarter"
            ),
            "DATE 2024-Q3"
        );
        assert_eq!(
            val("The bell rang at 9 o'clock.", None, "9 o'clock"),
            "TIME T09:00"
        );
    }

    #[test]
    fn clock_times() {
        let dct = Some("2024-02-28T08:04");
        assert_eq!(
            val("The alarm sounded at 08:04.", dct, "08:04"),
            "TIME 2024-02-28T08:04"
        );
        assert_eq!(
            val("The alarm sounded at 4:30 p.m.", None, "4:30 p.m."),
            "TIME T16:30"
        );
    }

    #[test]
    fn seasons_and_centuries() {
        let dct = Some("2024-02-28");
        assert_eq!(
            val("Floods came last summer.", dct, "last summer"),
            "DATE 2023-SU"
        );
        assert_eq!(
            val("It was built in the 19th century.", None, "19th century"),
            "DATE 18"
        );
    }

    #[test]
    fn spans_are_sorted_char_offsets() {
        let body = "Café owners — “in 2014” — met on Sunday, January 5, 2020 and again today.";
        let t = annotate_text(body, Some("2020-01-10"));
        let chars: Vec<char> = body.chars().collect();
        for w in t.windows(2) {
            assert!(w[0].end <= w[1].start);
        }
        for x in &t {
            let s: String = chars[x.start..x.end].iter().collect();
            assert_eq!(s, x.text);
        }
        assert!(find(&t, "Sunday, January 5, 2020").is_some(), "{t:?}");
    }

    #[test]
    fn no_panic_on_odd_input() {
        for s in [
            "", "-", "May", "12:", "2020-", "the", "a", "1990's", "'90s", "Jan.", "mid-",
        ] {
            let _ = annotate_text(s, Some("bad"));
            let _ = annotate_text(s, None);
        }
    }

    #[test]
    fn no_panic_on_random_fragments() {
        let parts = [
            "May",
            "the",
            "past",
            "2014",
            "-",
            "'",
            "s",
            "’",
            "Jan",
            ".",
            "5",
            ":",
            "30",
            "p",
            "m",
            "Sunday",
            "last",
            "week",
            "ago",
            "two",
            "twenty",
            "a",
            "every",
            "1990",
            "s",
            "90s",
            "mid",
            "of",
            "ü",
            "😀",
            ",",
            " ",
            "\n",
            "next",
            "decade",
            "half",
            "an",
            "hour",
            "GMT",
            "the",
            "fiscal",
            "year",
            "Christmas",
            "New",
            "Year",
            "Eve",
            "first",
            "quarter",
            "31st",
        ];
        let mut rng = crate::test_rng::Rng::new(0x2545_f491_4f6c_dd1d);
        for _ in 0..300 {
            let mut s = String::new();
            for _ in 0..40 {
                let x = rng.next_u64();
                s.push_str(parts[(x % parts.len() as u64) as usize]);
                if x.is_multiple_of(3) {
                    s.push(' ');
                }
            }
            for dct in [
                None,
                Some("2024-02-29"),
                Some("0001-01-01"),
                Some("9999-12-31T23:59"),
            ] {
                assert_prefilter_keeps_every_match(&s, dct);
                let t = annotate_text(&s, dct);
                let chars: Vec<char> = s.chars().collect();
                for w in t.windows(2) {
                    assert!(w[0].end <= w[1].start, "{s:?}: {t:?}");
                }
                for m in &t {
                    let got: String = chars[m.start..m.end].iter().collect();
                    assert_eq!(got, m.text);
                }
            }
        }
    }

    /// `Cx::may_start` only skips tokens where no pattern matches.
    fn assert_prefilter_keeps_every_match(body: &str, dct: Option<&str>) {
        let mut lows = String::new();
        let cx = context(body, &mut lows, dct, &[]);
        for i in 0..cx.n() {
            if cx.every_pattern(i).is_some() {
                assert!(cx.may_start(i), "{body:?}: token {i} {:?}", cx.toks[i].text);
            }
            for (bit, f) in Cx::PATTERNS {
                if f(&cx, i).is_some_and(|c| c.b > c.a) {
                    assert!(
                        cx.toks[i].flags & bit != 0,
                        "{body:?}: token {i} {:?} lacks pattern bit {bit:#x}",
                        cx.toks[i].text
                    );
                }
            }
        }
    }

    #[test]
    fn the_prefilter_skips_no_match() {
        let texts = [
            "On Sundays the market opened at 9 a.m. and closed by noon, every other week.",
            "The 1990s and the '90s, mid-2014, late last year, the past two years, 17-year-old.",
            "Christmas Eve 2019, New Year's Day, the first quarter, third-quarter results, Q3 2023.",
            "Two decades ago, a few weeks later, several months, half an hour, once a month.",
            "Officials said today that tonight, this morning and last night were calm.",
            "The 20th century, the twenty-first century, the fifth of January, 5 January 2020.",
            "In May, during the summer of 2014, next spring and this winter; 2020-01-05 at 08:04 GMT.",
            "Nearly three years, more than a decade, daily, weekly, per year, each week, now, currently.",
        ];
        for t in texts {
            assert_eq!(
                crate::text::token_count(t.chars()),
                tokenize(t, &mut String::new()).len(),
                "{t:?}"
            );
            for dct in [None, Some("2024-02-29")] {
                assert_prefilter_keeps_every_match(t, dct);
            }
        }
    }

    /// The tokens as the first tokenizer (char by char) made them: (start, end, kind, lower
    /// case, quotes and dashes made plain).
    fn reference_tokens(body: &str) -> Vec<(usize, usize, Tk, String)> {
        let mut out = Vec::new();
        let mut it = body.char_indices().peekable();
        while let Some((b, c)) = it.next() {
            if c.is_alphanumeric() {
                let mut e = b + c.len_utf8();
                while let Some(&(b2, c2)) = it.peek() {
                    if !c2.is_alphanumeric() {
                        break;
                    }
                    e = b2 + c2.len_utf8();
                    it.next();
                }
                let text = &body[b..e];
                let kind = if text.chars().all(|c| c.is_ascii_digit()) {
                    Tk::Num
                } else if text.chars().any(|c| c.is_ascii_digit()) {
                    Tk::Mixed
                } else {
                    Tk::Word
                };
                out.push((b, e, kind, crate::text::lowercase(text).into_owned()));
            } else if !c.is_whitespace() {
                let low = match c {
                    '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' => "'".to_string(),
                    '\u{2010}'..='\u{2015}' | '\u{2212}' => "-".to_string(),
                    _ => c.to_string(),
                };
                out.push((b, b + c.len_utf8(), Tk::Punct, low));
            }
        }
        out
    }

    /// The byte tokenizer agrees with the char by char one, lower cases included, and each
    /// word's flags are its entry of the word table.
    #[test]
    fn tokenizer_matches_the_reference() {
        let alphabet: Vec<char> = "aZq Ub-.,'’`5 09\t\n\u{b}\u{a0}éÜßİΣ٣²€%😀(–x.Y"
            .chars()
            .collect();
        let mut seed = 11;
        for n in 0..400 {
            let body = crate::text::random_text(&mut seed, &alphabet, n % 60);
            let mut lows = String::new();
            let toks = tokenize(&body, &mut lows);
            let got: Vec<(usize, usize, Tk, String)> = toks
                .iter()
                .map(|t| (t.s, t.e, t.kind, t.low().to_string()))
                .collect();
            assert_eq!(got, reference_tokens(&body), "{body:?}");
        }
        for w in [
            "the", "The", "January", "weeks", "Sundays", "said", "zebra", "x", "past",
        ] {
            let mut lows = String::new();
            let toks = tokenize(w, &mut lows);
            let want = LEX.flags.get(toks[0].low());
            assert_eq!(toks[0].flags, want, "{w}");
        }
    }

    #[test]
    fn word_flags_agree_with_a_map_of_strings() {
        let mut map: HashMap<String, u32> = HashMap::default();
        let words = [
            "a",
            "ab",
            "a\u{0}",
            "",
            "fifteen-bytes!!",
            "sixteen-bytes!!!",
            "Üdvözöl",
            "ü",
            "seven77",
            "eight888",
            "seven7\u{0}",
            "u",
            "night",
            "nights",
            "overlongwordforthetable",
        ];
        for (k, w) in words.iter().enumerate() {
            map.insert(w.to_string(), 1 << (k % 30));
        }
        let wf = WordFlags::new(map.clone());
        let mut seed = 7u64;
        let alphabet = ['a', 'b', 'ü', '\u{0}', '-'];
        let probes: Vec<String> = (0..500)
            .map(|n| crate::text::random_text(&mut seed, &alphabet, n % 20))
            .chain(words.iter().map(|w| w.to_string()))
            .collect();
        for p in &probes {
            assert_eq!(wf.get(p), map.get(p).copied().unwrap_or(0), "{p:?}");
        }
    }

    #[test]
    fn uses_document_sentences_when_present() {
        let mut d = Document {
            body: "It rained on Monday.".into(),
            published: Some("2024-02-28".into()),
            ..Default::default()
        };
        assert_eq!(annotate(&d)[0].value, "2024-02-26");
        d.sentences.push(crate::model::Sentence {
            start: 0,
            end: 20,
            text: d.body.clone(),
            heading: false,
        });
        assert_eq!(annotate(&d)[0].value, "2024-02-26");
    }
}
