//! Small text helpers shared by the stages: span making, normalisation of keys.

use crate::model::Offsets;
use std::borrow::Cow;

/// The text of `body[bstart..bend]` (byte offsets) as a char-offset span `(start, end, text)`.
pub fn char_span(body: &str, off: &Offsets, bstart: usize, bend: usize) -> (usize, usize, String) {
    (
        off.char_at(bstart),
        off.char_at(bend),
        body[bstart..bend].to_string(),
    )
}

/// The first `n` chars of `s` (all of it if it has fewer). When the first `n` bytes are
/// ASCII they are those chars, told without decoding (an OR of the bytes, which the compiler
/// does many at a time).
pub fn first_chars(s: &str, n: usize) -> &str {
    let ascii = s.len().min(n);
    if s.as_bytes()[..ascii].iter().fold(0u8, |all, &b| all | b) < 0x80 {
        return &s[..ascii];
    }
    match s.char_indices().nth(n) {
        Some((b, _)) => &s[..b],
        None => s,
    }
}

/// A word of fewer than `N` bytes as `N` bytes, to key a table by a number: its bytes, zero
/// bytes, and its length in the last (two words have one key only when they are equal).
#[inline]
pub fn packed_key<const N: usize>(w: &[u8]) -> Option<[u8; N]> {
    let len = u8::try_from(w.len()).ok().filter(|&n| usize::from(n) < N)?;
    let mut k = [0u8; N];
    for (d, s) in k.iter_mut().zip(w) {
        *d = *s;
    }
    *k.last_mut()? = len;
    Some(k)
}

/// Folds a string for comparison: lower case, curly quotes and dashes made plain, runs of
/// white space made one space.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for ch in s.chars() {
        let ch = match ch {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            '\u{2010}'..='\u{2015}' => '-',
            c => c,
        };
        if ch.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(ch.to_lowercase());
    }
    out
}

/// The content words of a text: folded, at least three characters, no stop words, a plural
/// `s` dropped ("troops" and "troop" are one word).
pub fn content_words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !crate::lexicon::stopwords().contains(w))
        .map(|w| {
            if w.len() > 4 && w.ends_with('s') && !w.ends_with("ss") {
                w[..w.len() - 1].to_string()
            } else {
                w.to_string()
            }
        })
        .collect()
}

/// `s.to_lowercase()`, borrowed when that changes nothing.
pub fn lowercase(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        if s.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(s.to_ascii_lowercase())
        } else {
            Cow::Borrowed(s)
        }
    } else {
        let l = s.to_lowercase();
        if l == s {
            Cow::Borrowed(s)
        } else {
            Cow::Owned(l)
        }
    }
}

/// `f` of the lower case of `s` (what [`lowercase`] gives), without allocating when `s` is
/// a short ASCII word.
pub fn with_lowercase<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    const SHORT: usize = 32;
    if s.is_ascii() && !s.bytes().any(|b| b.is_ascii_uppercase()) {
        return f(s);
    }
    if s.len() <= SHORT && s.is_ascii() {
        let mut buf = [0u8; SHORT];
        let low = &mut buf[..s.len()];
        low.copy_from_slice(s.as_bytes());
        low.make_ascii_lowercase();
        // (ASCII in, ASCII out: always valid.)
        if let Ok(low) = std::str::from_utf8(low) {
            return f(low);
        }
    }
    f(&lowercase(s))
}

/// Appends the lower case of `text` to `buf` when it differs from `text`, and says whether it
/// did. `ascii` and `upper` are what the caller's scan already knows of the text (all ASCII;
/// an ASCII capital in it), so an ASCII word is settled without reading it again.
pub fn push_lowercase(buf: &mut String, text: &str, ascii: bool, upper: bool) -> bool {
    if ascii {
        if upper {
            let at = buf.len();
            buf.push_str(text);
            buf[at..].make_ascii_lowercase();
        }
        upper
    } else if let Cow::Owned(l) = lowercase(text) {
        buf.push_str(&l);
        true
    } else {
        false
    }
}

/// An acronym: at least two letters, all in upper case ("NATO", "U.S.", "G7s" is not).
pub fn is_acronym(w: &str) -> bool {
    let mut letters = 0;
    for c in w.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// A random string of `len` chars of `alphabet` from a linear congruential generator (tests
/// that compare two implementations on many odd inputs).
#[cfg(test)]
pub fn random_text(seed: &mut u64, alphabet: &[char], len: usize) -> String {
    (0..len)
        .map(|_| {
            *seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            alphabet[(*seed >> 33) as usize % alphabet.len()]
        })
        .collect()
}

/// The number of runs of letters and digits plus the number of other chars but white space:
/// the token count of the annotators' tokenizers (exact for `annotate/time.rs`, an upper bound
/// for `annotate/quotes.rs`, whose words may take inner marks), so that they allocate their
/// vector once.
pub fn token_count(chars: impl IntoIterator<Item = char>) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for c in chars {
        let w = c.is_alphanumeric();
        if w {
            n += usize::from(!in_word);
        } else if !c.is_whitespace() {
            n += 1;
        }
        in_word = w;
    }
    n
}

/// The host of a URL, lower case, without a leading `www.` ("" when there is none).
pub fn url_host(u: &str) -> String {
    let rest = u
        .trim()
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or("")
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("");
    let host = rest.rsplit('@').next().unwrap_or(rest);
    let host = host.split(':').next().unwrap_or(host);
    host.trim_start_matches("www.").to_ascii_lowercase()
}

/// [`ASCII_CLASS`]: an ASCII letter or digit.
pub const ASCII_ALNUM: u8 = 1;
/// [`ASCII_CLASS`]: an ASCII digit.
pub const ASCII_DIGIT: u8 = 2;
/// [`ASCII_CLASS`]: an ASCII letter.
pub const ASCII_ALPHA: u8 = 4;
/// [`ASCII_CLASS`]: an ASCII capital.
pub const ASCII_UPPER: u8 = 8;
/// [`ASCII_CLASS`]: ASCII white space (what `char::is_whitespace` takes of ASCII).
pub const ASCII_SPACE: u8 = 16;

/// The class (`ASCII_*` bits) of each byte, for the tokenizers that read ASCII bytes without
/// decoding them; 0 for a byte beyond ASCII (the caller decodes the char there).
pub static ASCII_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = if b.is_ascii_digit() {
            ASCII_ALNUM | ASCII_DIGIT
        } else if b.is_ascii_uppercase() {
            ASCII_ALNUM | ASCII_ALPHA | ASCII_UPPER
        } else if b.is_ascii_lowercase() {
            ASCII_ALNUM | ASCII_ALPHA
        } else if matches!(b, b' ' | b'\t'..=b'\r') {
            ASCII_SPACE
        } else {
            0
        };
        i += 1;
    }
    t
};

/// A quick test that a word is not in a word list, from its length, first and last byte,
/// before the list's hash table is read (most words of a text are in no list). It never
/// turns away a word of the list, so a look-up behind it gives what the look-up alone gives.
pub struct WordFilter {
    /// By length (clamped to 15), then class of the first byte: the classes of last bytes
    /// some word of the list has, as bits.
    seen: [[u32; 27]; 16],
}

impl WordFilter {
    pub fn new<'w>(words: impl IntoIterator<Item = &'w str>) -> WordFilter {
        let mut seen = [[0; 27]; 16];
        for w in words {
            if let Some((len, first, last)) = Self::key(w) {
                seen[len][first] |= 1 << last;
            }
        }
        WordFilter { seen }
    }

    /// (clamped length, class of the first byte, class of the last): a class is a letter
    /// a-z, or 26 for any other byte.
    fn key(w: &str) -> Option<(usize, usize, usize)> {
        let class = |b: u8| {
            if b.is_ascii_lowercase() {
                usize::from(b - b'a')
            } else {
                26
            }
        };
        let b = w.as_bytes();
        Some((b.len().min(15), class(*b.first()?), class(*b.last()?)))
    }

    /// False only when `w` is none of the words.
    pub fn may_contain(&self, w: &str) -> bool {
        Self::key(w).is_some_and(|(len, first, last)| self.seen[len][first] & (1 << last) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_chars_are_what_char_indices_give() {
        for s in [
            "",
            "abc",
            "abcdef",
            "aé東b",
            "东京东京",
            "ab“cd”ef",
            "plain ascii then “quoted”",
        ] {
            for n in 0..30 {
                let want = s.char_indices().nth(n).map_or(s, |(b, _)| &s[..b]);
                assert_eq!(first_chars(s, n), want, "{s:?} {n}");
            }
        }
    }

    #[test]
    fn fold_makes_quotes_plain_and_spaces_single() {
        assert_eq!(fold("  It’s  “Big”—\nnow "), "it's \"big\"- now");
    }

    #[test]
    fn char_span_counts_chars() {
        let body = "Qassem’s car";
        let off = Offsets::new(body);
        let b = body.find("car").unwrap();
        let (s, e, t) = char_span(body, &off, b, b + 3);
        assert_eq!((s, e, t.as_str()), (9, 12, "car"));
    }

    #[test]
    fn with_lowercase_is_lowercase() {
        for s in [
            "",
            "Gen.",
            "NATO",
            "already lower",
            "Ünïcödé",
            "ΟΔΟΣ",
            "A WORD LONGER THAN THIRTY-TWO BYTES, IN CAPITALS",
        ] {
            assert_eq!(with_lowercase(s, str::to_string), lowercase(s), "{s:?}");
        }
    }

    #[test]
    fn url_hosts() {
        assert_eq!(
            url_host("https://www.Gazette.example/a/b?c#d"),
            "gazette.example"
        );
        assert_eq!(url_host("http://user@news.example:8080/x"), "news.example");
        assert_eq!(url_host("not a url"), "");
    }

    #[test]
    fn word_filter_passes_every_word_of_its_list() {
        let words = [
            "the",
            "a",
            "approximately",
            "extraordinarily-long-word",
            "é",
            "Q3",
        ];
        let f = WordFilter::new(words);
        for w in words {
            assert!(f.may_contain(w), "{w}");
        }
        assert!(!f.may_contain(""));
        assert!(!f.may_contain("tho"));
        assert!(!f.may_contain("b"));
        assert!(!f.may_contain("house"));
    }
}
