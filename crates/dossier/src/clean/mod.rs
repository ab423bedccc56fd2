//! Clean: from a raw document to a [`Document`] with its main text (`body`, blocks separated
//! by a blank line), metadata with where each field came from, and its blocks.

pub mod dates;
pub mod html;
pub mod site;
pub mod text;

use crate::ingest::{Content, RawDoc};
use crate::model::{Block, Document};
use std::borrow::Cow;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// Normalises a piece of text the way every body is: NFC; no-break and other odd spaces made
/// plain spaces; zero-width spaces, soft hyphens and BOMs dropped; control characters but
/// newlines dropped; curly quotes kept.
pub fn normalize(s: &str) -> String {
    normalize_cow(s).into_owned()
}

/// [`normalize`], borrowing `s` when it is already normal (the common case).
pub(crate) fn normalize_cow(s: &str) -> Cow<'_, str> {
    // Text already in NFC (ASCII, and nearly all other text) skips the normaliser's buffering.
    normalize_nfc(s).unwrap_or_else(|| Cow::Owned(s.nfc().filter_map(normalized).collect()))
}

/// [`normalize`] of `s` if its quick check says it is in NFC, else `None`. The check runs on
/// each run of chars beyond ASCII alone: an ASCII char resets it, so the whole text passes
/// exactly when every such run does.
fn normalize_nfc(s: &str) -> Option<Cow<'_, str>> {
    // The chars the normalisation keeps (printable ASCII, newlines and most others) are
    // copied in runs. `i` only ever steps over a whole char, so it stays on a boundary.
    let mut out = String::new();
    let bytes = s.as_bytes();
    let plain = |b: u8| matches!(b, b' '..=b'~' | b'\n');
    let (mut run, mut i) = (0, 0);
    // Bytes before this are read one by one (a block of sixteen with another byte in it).
    let mut one_by_one = 0;
    while i < bytes.len() {
        // Sixteen plain bytes at a time (the common case), else one by one.
        if i >= one_by_one
            && let Some(chunk) = bytes
                .get(i..i + 16)
                .and_then(|c| <&[u8; 16]>::try_from(c).ok())
        {
            if chunk.iter().fold(true, |all, &b| all & plain(b)) {
                i += 16;
                continue;
            }
            one_by_one = i + 16;
        }
        let b = bytes[i];
        if plain(b) {
            i += 1;
            continue;
        }
        // An ASCII control char, or a run of chars beyond ASCII (up to the next ASCII byte,
        // a char boundary).
        let end = if b.is_ascii() {
            i + 1
        } else {
            let len = bytes[i..].iter().position(u8::is_ascii);
            i + len.unwrap_or(bytes.len() - i)
        };
        let piece = s.get(i..end)?;
        if !b.is_ascii()
            && unicode_normalization::is_nfc_quick(piece.chars())
                != unicode_normalization::IsNormalized::Yes
        {
            return None;
        }
        for (at, ch) in piece.char_indices() {
            let (at, next) = (i + at, i + at + ch.len_utf8());
            let kept = normalized(ch);
            if kept != Some(ch) {
                if out.is_empty() {
                    out.reserve(s.len());
                }
                out.push_str(&s[run..at]);
                out.extend(kept);
                run = next;
            }
        }
        i = end;
    }
    if run == 0 {
        // Nothing was changed or dropped.
        return Some(Cow::Borrowed(s));
    }
    out.push_str(&s[run..]);
    Some(Cow::Owned(out))
}

/// What a char of the text becomes: no-break and other odd spaces (and tabs) a plain space;
/// the line and paragraph separators a newline; zero-width spaces, soft hyphens, BOMs,
/// carriage returns and other control characters (but the newline) dropped.
#[inline]
fn normalized(ch: char) -> Option<char> {
    match ch {
        '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}'
        | '\t' => Some(' '),
        '\u{200B}' | '\u{00AD}' | '\u{FEFF}' | '\u{2060}' => None,
        '\r' => None,
        '\u{2028}' | '\u{2029}' | '\u{0085}' => Some('\n'),
        c if c.is_control() && c != '\n' => None,
        c => Some(c),
    }
}

/// Collapses the spaces of one line and trims it.
pub fn squash_spaces(line: &str) -> String {
    squash(line).into_owned()
}

/// [`squash_spaces`], borrowing the trimmed line when it has no double space.
pub(crate) fn squash(line: &str) -> Cow<'_, str> {
    static DOUBLE: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"  "));
    let line = line.trim_matches(' ');
    if DOUBLE.find(line.as_bytes()).is_none() {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    // Words are the runs between ASCII spaces (so every cut is on a char boundary).
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        let start = i;
        while bytes.get(i).is_some_and(|&b| b != b' ') {
            i += 1;
        }
        if start < i {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&line[start..i]);
        }
    }
    Cow::Owned(out)
}

/// The lines of normalised text, each squashed, the empty ones left out, joined by a space;
/// borrowed when that is the text itself.
fn join_lines(t: &str) -> Cow<'_, str> {
    if !t.contains('\n') {
        // One line (or none): `lines` would give it whole.
        return squash(t);
    }
    let mut out = String::with_capacity(t.len());
    for l in t.lines() {
        let l = squash(l);
        if l.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&l);
    }
    Cow::Owned(out)
}

fn norm_field(s: &str) -> Option<String> {
    // (Copied once: the text borrowed until it is squashed, unless it has a line break.)
    let v = normalize_cow(s);
    let v = if v.contains('\n') {
        Cow::Owned(v.replace('\n', " "))
    } else {
        v
    };
    let v = squash(&v);
    (!v.is_empty()).then(|| v.into_owned())
}

/// Cleans one raw document. Fails (with the reason) when no article text is left.
pub fn clean(raw: RawDoc) -> Result<Document, String> {
    let RawDoc {
        id,
        source,
        content,
        given,
    } = raw;
    let given = &given;
    let ex = match &content {
        Content::Text(t) => text::extract(t, given),
        Content::Html(h) => html::extract(h, given),
    };
    let mut doc = Document {
        id,
        source: Some(source),
        blocks: Vec::with_capacity(ex.blocks.len()),
        ..Default::default()
    };
    // The body: blocks normalised, joined by a blank line.
    // (At most the blocks' bytes and a blank line between each two: one allocation.)
    let mut body = String::with_capacity(ex.blocks.iter().map(|(_, t)| t.len() + 2).sum());
    let mut n_chars = 0usize;
    for (kind, text) in &ex.blocks {
        let normal;
        let t = if ex.blocks_normal {
            Cow::Borrowed(text.as_str())
        } else {
            normal = normalize_cow(text);
            join_lines(&normal)
        };
        if t.is_empty() {
            continue;
        }
        if !body.is_empty() {
            body.push_str("\n\n");
            n_chars += 2;
        }
        let len = t.chars().count();
        doc.blocks.push(Block {
            start: n_chars,
            end: n_chars + len,
            kind: *kind,
        });
        body.push_str(&t);
        n_chars += len;
    }
    if body.trim().is_empty() {
        return Err("no article text found".into());
    }
    doc.body = body;
    // Metadata: what the input gives wins over what the page says.
    if let Some(t) = given.title.as_deref().and_then(norm_field) {
        doc.title = Some(t);
        doc.title_source = Some("given".into());
    } else if let Some(t) = &ex.title {
        doc.title = norm_field(&t.value);
        doc.title_source = Some(t.source.into());
    }
    if let Some(s) = &ex.subtitle {
        doc.subtitle = norm_field(&s.value);
        doc.subtitle_source = doc.subtitle.is_some().then(|| s.source.into());
    }
    let given_authors: Vec<String> = given.authors.iter().filter_map(|a| norm_field(a)).collect();
    if !given_authors.is_empty() {
        doc.authors = given_authors;
        doc.authors_source = Some("given".into());
    } else if let Some(a) = &ex.authors {
        doc.authors = a.value.iter().filter_map(|a| norm_field(a)).collect();
        doc.authors_source = (!doc.authors.is_empty()).then(|| a.source.into());
    }
    if let Some(p) = given
        .published
        .as_deref()
        .and_then(|p| dates::parse_prefix(p.trim()))
    {
        doc.published = Some(p.0);
        doc.published_source = Some("given".into());
    } else if let Some(p) = &ex.published {
        doc.published = Some(p.value.clone());
        doc.published_source = Some(p.source.into());
    }
    if let Some(o) = given.outlet.as_deref().and_then(norm_field) {
        doc.outlet = Some(o);
        doc.outlet_source = Some("given".into());
    } else if let Some(o) = &ex.outlet {
        doc.outlet = norm_field(&o.value);
        doc.outlet_source = Some(o.source.into());
    }
    if let Some(p) = &ex.modified {
        doc.modified = Some(p.value.clone());
        doc.modified_source = Some(p.source.into());
    }
    if let Some(u) = &ex.url {
        doc.url = Some(u.value.clone());
        doc.url_source = Some(u.source.into());
    } else if let Some(u) = given
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        doc.url = Some(u.to_string());
        doc.url_source = Some("given".into());
    }
    if let Some(l) = &ex.language {
        doc.language = Some(l.value.clone());
        doc.language_source = Some(l.source.into());
    } else if let Some(l) = detect_language(&doc.body) {
        doc.language = Some(l);
        doc.language_source = Some("detected".into());
    }
    Ok(doc)
}

/// A sample whose words are plainly English: at least 8 words, of which the English
/// function words (`data/clean_english_words.txt`) make at least 3 and at least 12 in 100
/// (English prose runs at 25–40, news leads heavy in names and numbers at 15–25, other
/// languages near 0), the function words of other Latin-script languages
/// (`data/clean_foreign_words.txt`) at most 2 in 100 (so none in a short sample: a name or
/// two such as "de" or "la" only), and the words with a letter outside ASCII at most 1 in
/// 10. Spares the trigram detector, whose cost per document is large, on the common case;
/// anything else is left to it.
fn plainly_english(sample: &str) -> bool {
    let (words, en, other, non_ascii) = english_counts(sample);
    words >= 8
        && en >= 3
        && en * 100 >= words * 12
        && other * 50 <= words
        && non_ascii * 10 <= words
}

/// The counts [`plainly_english`] decides on: the words of `sample` (as
/// [`for_alphabetic_words`] gives them), the English function words and the other
/// languages' among them, and the words with a letter beyond ASCII.
fn english_counts(sample: &str) -> (usize, usize, usize, usize) {
    english_counts_by(sample, sample.is_ascii())
}

/// [`english_counts`], reading `sample` a byte at a time when `ascii` (it must then be ASCII).
fn english_counts_by(sample: &str, ascii: bool) -> (usize, usize, usize, usize) {
    /// Each function word with whether it is English and whether it is of another language,
    /// and the longest one's length (so one look-up tells both, and longer words need none);
    /// and for each first and last ASCII letter (`a` to `z`, 26 × 26), the lengths (below
    /// 64) of the words made of ASCII letters that have them, as bits: an ASCII word that is
    /// not there needs no look-up (most words of a text are no function word); and the
    /// words made of fewer than eight lower-case ASCII letters again, each keyed by its bytes
    /// in a `u64` ([`crate::text::packed_key`]).
    type Table = (
        crate::lexicon::HashMap<&'static str, (bool, bool)>,
        usize,
        Vec<u64>,
        crate::lexicon::HashMap<u64, (bool, bool)>,
    );
    static WORDS: LazyLock<Table> = LazyLock::new(|| {
        let mut map = crate::lexicon::HashMap::default();
        for &w in crate::lexicon::clean_english_words() {
            map.entry(w).or_insert((false, false)).0 = true;
        }
        for &w in crate::lexicon::clean_foreign_words() {
            map.entry(w).or_insert((false, false)).1 = true;
        }
        let longest = map.keys().map(|w| w.len()).max().unwrap_or(0);
        let mut ends = vec![0u64; 26 * 26];
        for w in map.keys() {
            if let (Some(&f), Some(&l)) = (w.as_bytes().first(), w.as_bytes().last())
                && w.len() < 64
                && w.bytes().all(|b| b.is_ascii_lowercase())
            {
                ends[usize::from(f - b'a') * 26 + usize::from(l - b'a')] |= 1 << w.len();
            }
        }
        let short = map
            .iter()
            .filter(|(w, _)| w.bytes().all(|b| b.is_ascii_lowercase()))
            .filter_map(|(w, &v)| Some((short_key(w.as_bytes())?, v)))
            .collect();
        (map, longest, ends, short)
    });
    let (table, longest, ends, short) = &*WORDS;
    let (mut words, mut en, mut other, mut non_ascii) = (0usize, 0usize, 0usize, 0usize);
    // The lower-case form of a word (function words are short: longer words are not looked up).
    let mut lw = String::with_capacity(16);
    // Whether a word, told whether it is ASCII, can be no function word (most words: told
    // without a look-up).
    let skip = |w: &[u8], ascii: bool| {
        // (An ASCII word's lower-case form is as long as it is.)
        if w.len() > 16 || (ascii && w.len() > *longest) {
            return true;
        }
        // (An ASCII word is made of letters: its first and last, lower-cased, are `a` to `z`.)
        match (w.first(), w.last()) {
            (Some(&f), Some(&l)) if ascii && w.len() < 64 => {
                let at = usize::from((f | 0x20).wrapping_sub(b'a')) * 26
                    + usize::from((l | 0x20).wrapping_sub(b'a'));
                ends.get(at).is_some_and(|&lens| lens & (1 << w.len()) == 0)
            }
            _ => false,
        }
    };
    // What a word found in the table (told whether it is ASCII) counts as: English, or
    // another language's.
    let counts = |found: Option<&(bool, bool)>, ascii: bool| match found {
        Some(&(true, _)) if ascii => (1, 0),
        Some(&(_, true)) => (0, 1),
        _ => (0, 0),
    };
    // Looks up a word of fewer than eight ASCII letters, by its lower-case bytes (a letter's
    // lower case is it with bit 0x20 set) as one number.
    let short_look_up = |w: &[u8]| {
        let lower: [u8; 7] = std::array::from_fn(|k| w.get(k).map_or(0, |b| b | 0x20));
        let key = lower.get(..w.len()).and_then(short_key);
        counts(key.and_then(|k| short.get(&k)), true)
    };
    // Looks one word up, told whether it is ASCII and (if so) whether it has a capital:
    // whether it counts as English, or as another language's.
    let mut look_up = |w: &str, ascii: bool, upper: bool| {
        let key = if ascii && !upper {
            w
        } else {
            lw.clear();
            if ascii {
                lw.push_str(w);
                lw.make_ascii_lowercase();
            } else {
                lw.extend(w.chars().flat_map(char::to_lowercase));
            }
            lw.as_str()
        };
        counts(table.get(key), ascii)
    };
    if ascii {
        // The words are the runs of ASCII letters.
        let letter = |b: u8| (b | 0x20).wrapping_sub(b'a') < 26;
        for w in sample.as_bytes().split(|&b| !letter(b)) {
            if !w.is_empty() {
                words += 1;
                if skip(w, true) {
                    continue;
                }
                let (e, o) = if w.len() < 8 {
                    short_look_up(w)
                } else {
                    // (ASCII letters: UTF-8.)
                    let upper = w.iter().any(u8::is_ascii_uppercase);
                    look_up(std::str::from_utf8(w).unwrap_or_default(), true, upper)
                };
                en += e;
                other += o;
            }
        }
    } else {
        for_alphabetic_words(sample, |w| {
            let ascii = w.is_ascii();
            words += 1;
            non_ascii += usize::from(!ascii);
            if !skip(w.as_bytes(), ascii) {
                // (An ASCII word is made of letters.)
                let (e, o) = if ascii && w.len() < 8 {
                    short_look_up(w.as_bytes())
                } else {
                    look_up(w, ascii, ascii && w.bytes().any(|b| b.is_ascii_uppercase()))
                };
                en += e;
                other += o;
            }
        });
    }
    (words, en, other, non_ascii)
}

/// The key of a word of fewer than eight bytes in a table, as one number.
fn short_key(w: &[u8]) -> Option<u64> {
    crate::text::packed_key::<8>(w).map(u64::from_le_bytes)
}

/// Calls `f` with each word of `s`: what `s.split(|c: char| !c.is_alphabetic())` gives that is
/// not empty, in order. ASCII bytes are told on their own; a char beyond ASCII is decoded.
fn for_alphabetic_words<'a>(s: &'a str, mut f: impl FnMut(&'a str)) {
    let bytes = s.as_bytes();
    // Whether the char at `i` (a char boundary) is alphabetic, and its length.
    let at = |i: usize| match bytes.get(i) {
        Some(&b) if b.is_ascii() => Some((b.is_ascii_alphabetic(), 1)),
        Some(_) => s
            .get(i..)
            .and_then(|t| t.chars().next())
            .map(|c| (c.is_alphabetic(), c.len_utf8())),
        None => None,
    };
    let mut i = 0;
    loop {
        // The chars between words, then a word (ASCII letters a byte at a time).
        while let Some((false, len)) = at(i) {
            i += len;
        }
        let start = i;
        loop {
            while bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
                i += 1;
            }
            match at(i) {
                Some((true, len)) => i += len,
                _ => break,
            }
        }
        if start == i {
            return;
        }
        f(&s[start..i]);
    }
}

/// The ISO 639-1 code of the body's language, when whatlang is confident.
fn detect_language(body: &str) -> Option<String> {
    // A short sample first (whatlang is linear in its input); the longer one only when the
    // short one does not settle it.
    let short_end = crate::text::first_chars(body, 1000).len();
    if plainly_english(&body[..short_end]) {
        return Some("en".into());
    }
    let info = match whatlang::detect(&body[..short_end]) {
        Some(i) if i.is_reliable() => i,
        _ if short_end < body.len() => {
            let end = crate::text::first_chars(body, 4000).len();
            let info = whatlang::detect(&body[..end])?;
            if !info.is_reliable() {
                return None;
            }
            info
        }
        _ => return None,
    };
    let code = match info.lang() {
        whatlang::Lang::Eng => "en",
        whatlang::Lang::Fra => "fr",
        whatlang::Lang::Deu => "de",
        whatlang::Lang::Spa => "es",
        whatlang::Lang::Ita => "it",
        whatlang::Lang::Por => "pt",
        whatlang::Lang::Rus => "ru",
        whatlang::Lang::Ara => "ar",
        whatlang::Lang::Pes => "fa",
        whatlang::Lang::Tur => "tr",
        whatlang::Lang::Cmn => "zh",
        whatlang::Lang::Jpn => "ja",
        whatlang::Lang::Kor => "ko",
        whatlang::Lang::Heb => "he",
        whatlang::Lang::Nld => "nl",
        whatlang::Lang::Pol => "pl",
        whatlang::Lang::Ukr => "uk",
        whatlang::Lang::Hin => "hi",
        whatlang::Lang::Epo => "eo",
        whatlang::Lang::Ben => "bn",
        whatlang::Lang::Kat => "ka",
        whatlang::Lang::Yid => "yi",
        whatlang::Lang::Amh => "am",
        whatlang::Lang::Jav => "jv",
        whatlang::Lang::Nob => "nb",
        whatlang::Lang::Dan => "da",
        whatlang::Lang::Swe => "sv",
        whatlang::Lang::Fin => "fi",
        whatlang::Lang::Hun => "hu",
        whatlang::Lang::Ces => "cs",
        whatlang::Lang::Ell => "el",
        whatlang::Lang::Bul => "bg",
        whatlang::Lang::Bel => "be",
        whatlang::Lang::Mar => "mr",
        whatlang::Lang::Kan => "kn",
        whatlang::Lang::Ron => "ro",
        whatlang::Lang::Slv => "sl",
        whatlang::Lang::Hrv => "hr",
        whatlang::Lang::Srp => "sr",
        whatlang::Lang::Mkd => "mk",
        whatlang::Lang::Lit => "lt",
        whatlang::Lang::Lav => "lv",
        whatlang::Lang::Est => "et",
        whatlang::Lang::Tam => "ta",
        whatlang::Lang::Vie => "vi",
        whatlang::Lang::Urd => "ur",
        whatlang::Lang::Tha => "th",
        whatlang::Lang::Guj => "gu",
        whatlang::Lang::Uzb => "uz",
        whatlang::Lang::Pan => "pa",
        whatlang::Lang::Aze => "az",
        whatlang::Lang::Ind => "id",
        whatlang::Lang::Tel => "te",
        whatlang::Lang::Mal => "ml",
        whatlang::Lang::Ori => "or",
        whatlang::Lang::Mya => "my",
        whatlang::Lang::Nep => "ne",
        whatlang::Lang::Sin => "si",
        whatlang::Lang::Khm => "km",
        whatlang::Lang::Tuk => "tk",
        whatlang::Lang::Aka => "ak",
        whatlang::Lang::Zul => "zu",
        whatlang::Lang::Sna => "sn",
        whatlang::Lang::Afr => "af",
        whatlang::Lang::Lat => "la",
        whatlang::Lang::Slk => "sk",
        whatlang::Lang::Cat => "ca",
        whatlang::Lang::Tgl => "tl",
        whatlang::Lang::Hye => "hy",
        whatlang::Lang::Cym => "cy",
    };
    Some(code.to_string())
}

/// A metadata value with where it came from (`given`, `json-ld`, `meta`, `time`, `dateline`,
/// `byline`, `url`, `copyright`, `heading`...).
#[derive(Debug, Clone, PartialEq)]
pub struct Sourced<T> {
    pub value: T,
    pub source: &'static str,
}

impl<T> Sourced<T> {
    pub fn new(value: T, source: &'static str) -> Self {
        Sourced { value, source }
    }
}

/// What an extractor (plain text or HTML) finds in one page: metadata and the main text as
/// blocks, in reading order, not yet normalised.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    pub title: Option<Sourced<String>>,
    pub subtitle: Option<Sourced<String>>,
    pub authors: Option<Sourced<Vec<String>>>,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]`.
    pub published: Option<Sourced<String>>,
    pub modified: Option<Sourced<String>>,
    pub outlet: Option<Sourced<String>>,
    /// `canonical` (`<link rel=canonical>`) or `meta` (`og:url`); `given` is added by [`clean`]
    /// when the page says nothing.
    pub url: Option<Sourced<String>>,
    /// `html-lang` (`<html lang>`); `detected` is added by [`clean`] when the page says nothing.
    pub language: Option<Sourced<String>>,
    pub blocks: Vec<(crate::model::BlockKind, String)>,
    /// Whether the blocks are already what [`clean`] makes of them: normalised, each on one
    /// line with its spaces squashed (so that they need not be read again).
    pub blocks_normal: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_fixes_spaces_controls_and_composition() {
        assert_eq!(normalize("plain text\nline two"), "plain text\nline two");
        assert_eq!(
            normalize("a\u{00A0}b\tc\r\nd\u{200B}e\u{00AD}f\u{2028}g\u{0007}h"),
            "a b c\ndef\ngh"
        );
        assert_eq!(normalize("“Café” – ok"), "“Café” – ok");
        // Decomposed "é" is composed.
        assert_eq!(normalize("Cafe\u{0301}\u{00A0}x"), "Caf\u{00E9} x");
    }

    #[test]
    fn the_fast_paths_give_what_the_plain_definitions_give() {
        let samples = [
            "",
            " ",
            "   a  b   c   ",
            "plain ascii text that runs past sixteen bytes\nand a second line",
            "tab\there and\r\ncrlf and a bell\u{7} in a long enough line of text",
            "“Curly” quotes — dashes, café, naïve, 東京, and a\u{00A0}no-break space",
            "zero\u{200B}width\u{00AD}soft\u{FEFF}bom\u{2028}sep\u{0085}nel\u{9F}c1",
            "Cafe\u{0301} decomposed, then sixteen-plus plain bytes after it",
            "x\u{3000}y\u{2009}z  \u{202F} end  ",
            // Combining marks out of order (not NFC), in one run or split by ASCII.
            "a\u{0301}\u{0327} then plain text long enough for a chunk",
            "\u{0301}x\u{0327} and \u{00E9}\u{0301}\u{0327}é",
            "“quotes” \u{1100}\u{1161} hangul jamo and ᄀ가 — end",
        ];
        for s in samples {
            // normalize: NFC, then each char mapped.
            let want: String = s.nfc().filter_map(normalized).collect();
            assert_eq!(normalize(s), want, "{s:?}");
            // squash_spaces: the words between spaces, one space apart.
            let want = s
                .split(' ')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(squash_spaces(s), want, "{s:?}");
        }
    }

    #[test]
    fn normalize_is_right_wherever_an_odd_char_falls_in_a_block_of_sixteen_bytes() {
        // Kept, changed, dropped and composed chars at every position around the first two
        // blocks, alone or two of them apart.
        for odd in [
            "é",
            "\u{00A0}",
            "\t",
            "\r",
            "\u{7}",
            "e\u{0301}",
            "\u{200B}",
            "😀",
        ] {
            for p in 0..40 {
                for tail in ["", "x", "\u{2028}y", &"q".repeat(17)] {
                    let s = format!("{}{odd}{tail}{}", "a".repeat(p), "b\n".repeat(p % 9));
                    let want: String = s.nfc().filter_map(normalized).collect();
                    assert_eq!(normalize(&s), want, "{s:?}");
                }
            }
        }
    }

    fn raw(content: Content, given: crate::ingest::GivenMeta) -> RawDoc {
        RawDoc {
            id: "d".into(),
            source: "test".into(),
            content,
            given,
        }
    }

    const PARAGRAPH: &str = "The harbour board of Vellmark voted on Tuesday to rebuild the old \
        lighthouse on the northern pier, after two winters of storms left its lamp room open to \
        the rain and the keepers' cottage without a roof.";

    #[test]
    fn fields_are_normalised_onto_one_squashed_line() {
        for s in [
            "",
            "  \n ",
            "Title",
            "  A  title\nover\r\n two   lines\u{00A0}",
            "Cafe\u{0301}\n\n",
            "x\u{2028}y",
        ] {
            let plain = squash_spaces(&normalize(s).replace('\n', " "));
            assert_eq!(norm_field(s), (!plain.is_empty()).then_some(plain), "{s:?}");
        }
    }

    #[test]
    fn alphabetic_words_are_what_split_gives() {
        for s in [
            "",
            "word",
            "  two words, and-more: 12ab3c “Café” naïve 東京 x\u{0301}y Ελλάδα!",
            "ends in a letter é",
            "١٢ digits ½ beyond ascii",
        ] {
            let want: Vec<&str> = s
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| !w.is_empty())
                .collect();
            let mut got = Vec::new();
            for_alphabetic_words(s, |w| got.push(w));
            assert_eq!(got, want, "{s:?}");
        }
    }

    #[test]
    fn english_counts_on_ascii_are_what_the_general_path_gives() {
        for s in [
            "",
            "   ",
            "The and THE And tHe, of-the 12of3the x_y",
            "De la mairie a dit que the council and the board would meet",
            "Kestrel Dynamics said it would buy Lanmore Labs for $412 million.",
            "averyveryveryverylongwordindeedthatgoesonandon the end",
            "ends in a word",
        ] {
            assert_eq!(
                english_counts_by(s, true),
                english_counts_by(s, false),
                "{s:?}"
            );
        }
        assert_eq!(english_counts("the THE The of x"), (5, 4, 0, 0));
        // Every function word made of letters is still looked up (and found), whatever its
        // case.
        for &w in crate::lexicon::clean_english_words() {
            if w.chars().all(char::is_alphabetic) && w.is_ascii() {
                assert_eq!(english_counts(w).1, 1, "{w:?}");
                assert_eq!(english_counts(&w.to_uppercase()).1, 1, "{w:?}");
            }
        }
        for &w in crate::lexicon::clean_foreign_words() {
            let english = crate::lexicon::clean_english_words().contains(&w);
            if w.chars().all(char::is_alphabetic) && !english {
                assert_eq!(english_counts(w).2, 1, "{w:?}");
            }
        }
    }

    /// [`english_counts`] by its plain definition.
    fn plain_english_counts(s: &str) -> (usize, usize, usize, usize) {
        let (english, foreign) = (
            crate::lexicon::clean_english_words(),
            crate::lexicon::clean_foreign_words(),
        );
        let (mut words, mut en, mut other, mut non_ascii) = (0, 0, 0, 0);
        for w in s
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
        {
            let ascii = w.is_ascii();
            let lower: String = w.chars().flat_map(char::to_lowercase).collect();
            words += 1;
            non_ascii += usize::from(!ascii);
            if ascii && english.contains(lower.as_str()) {
                en += 1;
            } else if foreign.contains(lower.as_str()) {
                other += 1;
            }
        }
        (words, en, other, non_ascii)
    }

    #[test]
    fn english_counts_on_random_ascii_are_what_the_general_path_gives() {
        let mut words: Vec<String> = crate::lexicon::clean_english_words()
            .iter()
            .chain(crate::lexicon::clean_foreign_words())
            .filter(|w| w.is_ascii())
            .map(|w| w.to_string())
            .collect();
        words.sort();
        words.extend(
            [
                "harbour",
                "Vellmark",
                "x",
                "ab",
                "theory",
                "andes",
                "ofthe",
                "averyverylongword",
            ]
            .map(String::from),
        );
        let seps = [" ", ", ", ".", "-", "12", "'", "\n", "  "];
        let mut rng = crate::test_rng::Rng::new(0x9e37_79b9_7f4a_7c15);
        let mut next = |n: usize| rng.below(n);
        for _ in 0..3000 {
            let mut s = String::new();
            for _ in 0..next(30) {
                let w = &words[next(words.len())];
                match next(4) {
                    0 => s.push_str(&w.to_uppercase()),
                    1 => {
                        let mut c = w.chars();
                        s.extend(c.next().map(|f| f.to_ascii_uppercase()));
                        s.push_str(c.as_str());
                    }
                    _ => s.push_str(w),
                }
                s.push_str(seps[next(seps.len())]);
            }
            assert_eq!(
                english_counts_by(&s, true),
                english_counts_by(&s, false),
                "{s:?}"
            );
            assert_eq!(
                english_counts_by(&s, true),
                plain_english_counts(&s),
                "{s:?}"
            );
            // With chars beyond ASCII in it (the general path).
            let t = s.replace('\'', "’").replace(". ", "… Été ");
            assert_eq!(english_counts(&t), plain_english_counts(&t), "{t:?}");
        }
    }

    #[test]
    fn english_is_told_without_the_detector_and_others_are_not_taken_for_it() {
        assert!(plainly_english(PARAGRAPH));
        assert_eq!(detect_language(PARAGRAPH).as_deref(), Some("en"));
        let dutch = "De havenraad van Vellmark heeft dinsdag besloten de oude vuurtoren op de \
            noordelijke pier te herbouwen, nadat twee winters met stormen de lampkamer hadden \
            opengelegd en het huisje van de wachter zonder dak was.";
        assert!(!plainly_english(dutch));
        assert_eq!(detect_language(dutch).as_deref(), Some("nl"));
        let german = "Der Hafenrat von Vellmark hat am Dienstag beschlossen, den alten \
            Leuchtturm auf der Nordmole wieder aufzubauen, nachdem zwei Sturmwinter den \
            Lampenraum geöffnet und das Wärterhaus ohne Dach gelassen hatten.";
        assert!(!plainly_english(german));
        // Too short to tell by counting.
        assert!(!plainly_english("The pier."));
    }

    /// English samples, short and long, plain and heavy in names and numbers: all told by
    /// the shortcut.
    const ENGLISH: &[&str] = &[
        "The ferry to Ostrava Island was cancelled on Monday after the crew walked out.",
        "Kestrel Dynamics said it would buy Lanmore Labs for $412 million, $120 million of it in stock.",
        "Mayor Ines Varga-Holt told the Pelham County board on 14 March 2031 that her office \
         had spent 2.4 million of its 3.1 million budget, and that Dr. Rafe Okonkwo of \
         Brightwater Partners LLC would audit the remaining accounts by Q3.",
        "Tobias Wrenfield, 41, of Castlebury, and Mira Daskalova, 37, of Northport, were \
         charged with fraud by the Halvern District Attorney, who said they moved 9.6 \
         million dollars through 14 accounts at Greyhaven Bank between 2028 and 2030.",
        "Residents of the valley say the new dam has changed the river. Fishermen who once \
         caught trout near the old mill now find the water too warm, and farmers further \
         down worry that their wells will run dry if the summer is as hot as the last one. \
         The water board has promised a study, but it will not report until next spring.",
    ];

    /// Other languages, short and long: never taken for English by the shortcut.
    const OTHERS: &[(&str, &str)] = &[
        (
            "nl",
            "De gemeente heeft woensdag besloten om het oude station te verbouwen tot een \
                bibliotheek. Volgens de wethouder is er genoeg geld voor het plan, maar de \
                oppositie vindt dat de kosten veel te hoog zijn en wil eerst een onderzoek.",
        ),
        ("nl", "Het kabinet was niet op de hoogte van het plan."),
        (
            "de",
            "Die Stadtverwaltung hat am Mittwoch entschieden, den alten Bahnhof in eine \
                Bibliothek umzubauen. Nach Angaben des Bürgermeisters ist genug Geld für das \
                Vorhaben vorhanden, aber die Opposition hält die Kosten für viel zu hoch.",
        ),
        ("de", "Der Minister war an diesem Tag nicht in Berlin."),
        (
            "fr",
            "La mairie a décidé mercredi de transformer l'ancienne gare en bibliothèque. \
                Selon l'adjoint au maire, le budget est suffisant pour le projet, mais \
                l'opposition estime que les coûts sont beaucoup trop élevés.",
        ),
        (
            "fr",
            "Le ministre était à Paris pour une réunion avec les syndicats.",
        ),
        (
            "es",
            "El ayuntamiento decidió el miércoles convertir la antigua estación en una \
                biblioteca. Según el concejal, hay dinero suficiente para el proyecto, pero \
                la oposición cree que los costes son demasiado altos y pide un estudio.",
        ),
        (
            "es",
            "El presidente viajó a Madrid para una reunión con los sindicatos.",
        ),
        (
            "it",
            "Il comune ha deciso mercoledì di trasformare la vecchia stazione in una \
                biblioteca. Secondo l'assessore, i fondi per il progetto sono sufficienti, ma \
                l'opposizione ritiene che i costi siano troppo alti e chiede uno studio.",
        ),
        (
            "it",
            "Il ministro era a Roma per un incontro con i sindacati.",
        ),
        (
            "pt",
            "A prefeitura decidiu na quarta-feira transformar a antiga estação numa \
                biblioteca. Segundo o vereador, há dinheiro suficiente para o projeto, mas a \
                oposição acha que os custos são altos demais e pede um estudo.",
        ),
        (
            "pt",
            "O ministro estava em Lisboa para uma reunião com os sindicatos.",
        ),
        (
            "sv",
            "Kommunen beslutade på onsdagen att bygga om den gamla stationen till ett \
                bibliotek. Enligt kommunalrådet finns det tillräckligt med pengar för \
                projektet, men oppositionen anser att kostnaderna är alldeles för höga.",
        ),
        ("sv", "Ministern var i Göteborg för ett möte med facket."),
        (
            "da",
            "Borgmesteren sagde at det var for sent, og at byen ikke har penge til det.",
        ),
        (
            "pl",
            "Burmistrz powiedział, że to jest za późno i że miasto nie ma na to pieniędzy.",
        ),
        (
            "id",
            "Wali kota mengatakan bahwa itu sudah terlambat dan kota tidak punya uang untuk itu.",
        ),
    ];

    #[test]
    fn the_shortcut_tells_english_with_names_and_numbers_and_nothing_else() {
        for text in ENGLISH {
            assert!(plainly_english(text), "not told as English: {text}");
            assert_eq!(detect_language(text).as_deref(), Some("en"), "{text}");
        }
        for (lang, text) in OTHERS {
            assert!(!plainly_english(text), "{lang} taken for English: {text}");
            let found = detect_language(text);
            assert_ne!(found.as_deref(), Some("en"), "{lang}: {text}");
            // Long enough for the trigram detector to be sure.
            if text.len() > 150 {
                assert_eq!(found.as_deref(), Some(*lang), "{text}");
            }
        }
        // English mixed with enough of another language is left to the detector.
        let mixed = "The minister said that la mairie a décidé de transformer la gare, \
            and that the city would pay for it with the money des contribuables.";
        assert!(!plainly_english(mixed));
        // Too few words, or too little English, to tell by counting.
        assert!(!plainly_english("The pier is closed."));
        assert!(!plainly_english(
            "Kestrel Dynamics Lanmore Labs Brightwater Partners Greyhaven Bank Halvern \
             District Castlebury Northport Pelham County"
        ));
        // Other scripts are left to the detector.
        assert!(!plainly_english(
            "Городской совет решил в среду перестроить старый вокзал the station and the \
             library of the city that was"
        ));
    }

    #[test]
    fn every_page_field_says_where_it_came_from() {
        let html = format!(
            r#"<html lang="en-GB"><head><title>Lighthouse</title>
            <link rel="canonical" href="https://gazette.example/lighthouse">
            <meta property="article:modified_time" content="2023-03-05T08:00:00Z">
            <meta name="description" content="Two winters of storms, one new lamp.">
            </head><body><article><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body></html>"#
        );
        let given = crate::ingest::GivenMeta {
            url: Some("https://mirror.example/x".into()),
            crawled: Some("2023-03-06T00:00:00Z".into()),
            ..Default::default()
        };
        let d = clean(raw(Content::Html(html.clone()), given)).expect("cleaned");
        assert_eq!(d.url.as_deref(), Some("https://gazette.example/lighthouse"));
        assert_eq!(d.url_source.as_deref(), Some("canonical"));
        assert_eq!(d.language.as_deref(), Some("en"));
        assert_eq!(d.language_source.as_deref(), Some("html-lang"));
        assert_eq!(d.modified.as_deref(), Some("2023-03-05T08:00:00"));
        assert_eq!(d.modified_source.as_deref(), Some("meta"));
        assert_eq!(
            d.subtitle.as_deref(),
            Some("Two winters of storms, one new lamp.")
        );
        assert_eq!(d.subtitle_source.as_deref(), Some("meta"));
        // A change date after the crawl cannot be true.
        let early = crate::ingest::GivenMeta {
            crawled: Some("2023-03-01T00:00:00Z".into()),
            ..Default::default()
        };
        let d = clean(raw(Content::Html(html), early)).expect("cleaned");
        assert_eq!(d.modified, None);
        // Plain text: the URL the input gives, the language detected.
        let given = crate::ingest::GivenMeta {
            url: Some("https://gazette.example/text".into()),
            ..Default::default()
        };
        let d = clean(raw(Content::Text(PARAGRAPH.into()), given)).expect("cleaned");
        assert_eq!(d.url_source.as_deref(), Some("given"));
        assert_eq!(d.language.as_deref(), Some("en"));
        assert_eq!(d.language_source.as_deref(), Some("detected"));
    }
}
