//! Plain text scraped off a page: junk lines out, title, subtitle, byline, dateline and outlet
//! found, headings kept as headings, hard-wrapped paragraphs joined.

use super::dates::parse_date_line;
use super::{Extracted, Sourced, normalize_cow, squash};
use crate::ingest::GivenMeta;
use crate::lexicon;
use crate::model::BlockKind;
use crate::text::fold;
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// What a line of the page is.
#[derive(Debug, Clone, PartialEq)]
enum Line {
    Blank,
    Junk,
    Byline(Vec<String>),
    Date(String),
    /// A copyright or reuse notice that names the outlet.
    Copyright(Option<String>),
    Text,
}

fn word_count(s: &str) -> usize {
    words_up_to(s, usize::MAX)
}

/// The words of `s` (as `split_whitespace` counts them), counted up to `cap` at most: what
/// decides whether a line is short or long needs no more, and a long paragraph is not read
/// to its end.
fn words_up_to(s: &str, cap: usize) -> usize {
    if s.is_ascii() {
        // On bytes: the ASCII white space is these six.
        let mut n = 0;
        let mut in_word = false;
        for &b in s.as_bytes() {
            let w = !matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
            if w && !in_word {
                n += 1;
                if n >= cap {
                    break;
                }
            }
            in_word = w;
        }
        return n;
    }
    s.split_whitespace().take(cap).count()
}

/// [`words_up_to`] of a line of the page or a block made of them: normalised text (whose only
/// white space is the space and the newline), squashed and without newlines, so its words are
/// its spaces and one.
fn line_words_up_to(l: &str, cap: usize) -> usize {
    if l.is_empty() {
        return 0;
    }
    let mut n = 1;
    for chunk in l.as_bytes().chunks(64) {
        n += count_bytes(chunk, |b| b == b' ');
        if n >= cap {
            break;
        }
    }
    let n = n.min(cap);
    debug_assert_eq!(n, words_up_to(l, cap), "{l:?}");
    n
}

/// How many bytes of `bytes` are `wanted`: counted in blocks of at most 255 into a byte,
/// which the compiler does many at a time.
fn count_bytes(bytes: &[u8], wanted: impl Fn(u8) -> bool) -> usize {
    bytes
        .chunks(255)
        .map(|c| usize::from(c.iter().fold(0u8, |n, &b| n + u8::from(wanted(b)))))
        .sum()
}

/// More than the largest word count any rule on a line compares with (30, for a title).
const LINE_WORDS_CAP: usize = 31;

/// Ends like a sentence: `.`, `!`, `?`, `:` or `…`, possibly followed by a closing quote or bracket.
fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»']);
    t.ends_with(['.', '!', '?', ':', '…'])
}

/// A body paragraph rather than a title, label or menu entry.
fn is_paragraph(s: &str) -> bool {
    is_paragraph_of(s, line_words_up_to(s, 25))
}

/// [`is_paragraph`] of `s`, which has `w` words.
fn is_paragraph_of(s: &str, w: usize) -> bool {
    (w >= 10 && ends_sentence(s)) || w >= 25
}

static BYLINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:by|written by|words by|reporting by)\s+(.+)$").unwrap());
static NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:[A-Z][\p{L}'’.-]*|al-|el-|bin|ibn|de|da|di|van|von|der|la|le|du|dos)\s+){0,4}[A-Z][\p{L}'’.-]*$",
    )
    .unwrap()
});
static COPYRIGHT_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?P<a>[^©]{2,40}?)\s*(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?|(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*(?P<b>[^.,;|]{2,40}?))\s*[.,;|]?\s*(?:all rights reserved.*|[.\s]*)$",
    )
    .unwrap()
});
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    // A caption ending in a photo credit: "... Jane Doe / Agency" or "(Photo: Agency)".
    Regex::new(r"(?:\b[A-Z][\p{L}'’.-]+(?:\s+[A-Z][\p{L}'’.-]+)+\s*/\s*[A-Z][\p{L}&.\s-]{1,30}|\((?:photo|image|credit)[^)]*\))$").unwrap()
});

/// The authors of a byline ("By Jane Roe and John Doe, Reuters" → two names), or `None` when
/// the line is not one.
fn byline(line: &str) -> Option<Vec<String>> {
    // Each byline begins "by", "written by", "words by" or "reporting by", in any case (no
    // char beyond ASCII is taken for a "b", "w" or "r").
    if !matches!(
        line.as_bytes().first(),
        Some(b'b' | b'B' | b'w' | b'W' | b'r' | b'R')
    ) {
        return None;
    }
    let rest = BYLINE.captures(line)?.get(1)?.as_str();
    let rest = rest.split(['|', '—', '–']).next()?.trim();
    let mut names = Vec::new();
    for part in rest
        .split(',')
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split('&'))
    {
        let p = part.trim();
        if p.is_empty() {
            continue;
        }
        if !NAME.is_match(p) {
            // A trailing agency or place ("Reuters", "in Baghdad") ends the list of names.
            if !names.is_empty() && word_count(p) <= 3 {
                break;
            }
            return None;
        }
        names.push(p.to_string());
    }
    (!names.is_empty() && word_count(rest) <= 20).then_some(names)
}

/// The outlet a copyright or reuse line names, if the line is one.
fn copyright(line: &str) -> Option<Option<String>> {
    // (No char but an ASCII letter lower-cases into these ASCII words.)
    // One pass for "©" (bytes C2 A9) and "(c) " or "(C) ".
    let b = line.as_bytes();
    let marked = memchr::memchr2_iter(b'(', 0xC2, b).any(|i| {
        if b[i] == b'(' {
            matches!(b.get(i + 1..i + 4), Some([b'c' | b'C', b')', b' ']))
        } else {
            b.get(i + 1) == Some(&0xA9)
        }
    });
    if !(marked
        || line
            .get(..9)
            .is_some_and(|p| p.eq_ignore_ascii_case("copyright")))
    {
        return None;
    }
    let name = COPYRIGHT_NAME.captures(line).and_then(|c| {
        c.name("a")
            .or(c.name("b"))
            .map(|m| m.as_str().trim().trim_end_matches('.').trim().to_string())
    });
    let name = name.filter(|n| {
        let w = word_count(n);
        (1..=5).contains(&w)
            && !n.to_lowercase().contains("rights")
            && !n.chars().all(|c| c.is_ascii_digit())
    });
    Some(name)
}

/// How many letters of `s` are Latin (ASCII and Latin-1 to Latin Extended-B) and how many
/// are of another script.
fn letters_script_latin(s: &str) -> (usize, usize) {
    // ASCII letters are counted on bytes; the chars beyond ASCII by their lead bytes (each
    // such char has one, at or above 0xC0, and it is a char boundary), looked for in blocks
    // of 32 bytes.
    let bytes = s.as_bytes();
    let mut latin = count_bytes(bytes, |b| (b | 0x20).wrapping_sub(b'a') < 26);
    let mut other = 0;
    if s.is_ascii() {
        return (latin, other);
    }
    for (k, block) in bytes.chunks(32).enumerate() {
        if !block.iter().fold(false, |any, &b| any | (b >= 0xC0)) {
            continue;
        }
        for (j, _) in block.iter().enumerate().filter(|&(_, &b)| b >= 0xC0) {
            let Some(c) = s.get(k * 32 + j..).and_then(|t| t.chars().next()) else {
                continue;
            };
            if c.is_alphabetic() {
                if ('\u{00C0}'..='\u{024F}').contains(&c) {
                    latin += 1;
                } else {
                    other += 1;
                }
            }
        }
    }
    (latin, other)
}

/// Joins hard-wrapped lines: in a page whose paragraphs are separated by blank lines, a long
/// line that does not end a sentence, followed by a line that goes on in lower case or is
/// long itself, is one line with it. Short lines (menus, titles) are never joined.
fn unwrap_lines(lines: Vec<Cow<'_, str>>) -> Vec<Cow<'_, str>> {
    let blank_paragraphs = lines
        .windows(3)
        .any(|w| !w[0].is_empty() && w[1].is_empty() && !w[2].is_empty());
    if !blank_paragraphs {
        return lines;
    }
    let mut out: Vec<Cow<str>> = Vec::with_capacity(lines.len());
    let mut joinable = false;
    for l in lines {
        let starts_lower = l.chars().next().is_some_and(|c| c.is_lowercase());
        if joinable
            && !l.is_empty()
            && (starts_lower || l.chars().count() >= 40)
            && let Some(prev) = out.last_mut()
        {
            let p = prev.to_mut();
            p.push(' ');
            p.push_str(&l);
            joinable = !ends_sentence(prev) && l.chars().count() > 40;
            continue;
        }
        joinable = !l.is_empty() && !ends_sentence(&l) && l.chars().count() > 40;
        out.push(l);
    }
    out
}

/// Classifies one trimmed line of the page, which has `words` words and `letters` (Latin,
/// other) letters.
fn classify(line: &str, words: usize, letters: (usize, usize), latin_doc: bool) -> Line {
    if line.is_empty() {
        return Line::Blank;
    }
    if let Some(c) = copyright(line) {
        return Line::Copyright(c);
    }
    if words <= 25 {
        // A line of the junk list or one a junk pattern matches (looked for in its lower case
        // too).
        let junk = |lower: &str| {
            if lexicon::junk_lines().contains(lower.trim_end_matches(['.', ':', '!', '…', ' '])) {
                return true;
            }
            // (The patterns with ASCII classes unless a digit or space beyond ASCII is there.)
            let ascii_classes = line.is_ascii()
                || !line
                    .chars()
                    .any(|c| !c.is_ascii() && (c.is_numeric() || c.is_whitespace()));
            lexicon::junk_patterns(ascii_classes).is_match_lower(line, lower)
        };
        let is_junk = if line.is_ascii() {
            // (An ASCII line's lower case is its ASCII lower case.)
            thread_local! {
                static LOWER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
            }
            LOWER.with_borrow_mut(|lower| {
                lower.clear();
                lower.push_str(line);
                lower.make_ascii_lowercase();
                junk(lower)
            })
        } else {
            junk(&line.to_lowercase())
        };
        if is_junk {
            return Line::Junk;
        }
        if let Some(a) = byline(line) {
            return Line::Byline(a);
        }
        if let Some(d) = parse_date_line(line) {
            return Line::Date(d);
        }
        // (CREDIT needs a '/' or a final ')'.)
        if !ends_sentence(line)
            && (line.contains('/') || line.ends_with(')'))
            && CREDIT.is_match(line)
        {
            return Line::Junk;
        }
    }
    // No letters at all ("A+", "|", "***") or a short line in a script foreign to the page.
    let (latin, other) = letters;
    if latin + other < 2 && !line.chars().any(|c| c.is_ascii_digit()) {
        return Line::Junk;
    }
    if words < 8 && latin_doc && other > latin {
        return Line::Junk;
    }
    // A short all-capitals label ("WORLD", "WHAT ARE YOU LOOKING FOR ?").
    if words <= 6 && latin_doc {
        let mut letters = line.chars().filter(|c| c.is_alphabetic());
        if letters.clone().nth(1).is_some() && letters.all(|c| c.is_uppercase()) {
            return Line::Junk;
        }
    }
    Line::Text
}

/// Extracts the main text and metadata of a plain-text page.
pub fn extract(text: &str, given: &GivenMeta) -> Extracted {
    let text = normalize_cow(text);
    // (Text that was already normal makes blocks that are: clean need not read them again.)
    let blocks_normal = matches!(text, Cow::Borrowed(_));
    // (Room for every line, counted first: no regrowth.)
    let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    lines.extend(text_lines(&text).map(squash));
    let lines = unwrap_lines(lines);
    // Each line's letters by script; the page's are their sum (the lines hold every letter).
    let letters: Vec<(usize, usize)> = lines.iter().map(|l| letters_script_latin(l)).collect();
    let (latin, other) = letters
        .iter()
        .fold((0, 0), |(a, b), &(l, o)| (a + l, b + o));
    let latin_doc = latin >= other;
    // Each line's word count, counted once (up to LINE_WORDS_CAP).
    let wc: Vec<usize> = lines
        .iter()
        .map(|l| line_words_up_to(l, LINE_WORDS_CAP))
        .collect();
    let mut kinds: Vec<Line> = lines
        .iter()
        .zip(&wc)
        .zip(&letters)
        .map(|((l, &w), &letters)| classify(l, w, letters, latin_doc))
        .collect();

    // Menus: three or more short lines in a row with no blank line between, no sentence
    // punctuation, at the top or bottom of the page or among other junk.
    let short = |i: usize| wc[i] <= 3 && !ends_sentence(&lines[i]);
    let mut i = 0;
    while i < lines.len() {
        if kinds[i] == Line::Blank || !short(i) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < lines.len() && kinds[j] != Line::Blank && short(j) {
            j += 1;
        }
        if j - i >= 3 {
            for k in kinds.iter_mut().take(j).skip(i) {
                if *k == Line::Text {
                    *k = Line::Junk;
                }
            }
        }
        i = j.max(i + 1);
    }

    let mut ex = Extracted::default();
    for k in &kinds {
        match k {
            Line::Copyright(Some(name)) if ex.outlet.is_none() => {
                ex.outlet = Some(Sourced::new(name.clone(), "copyright"));
            }
            Line::Byline(a) if ex.authors.is_none() => {
                ex.authors = Some(Sourced::new(a.clone(), "byline"));
            }
            _ => {}
        }
    }
    // A line that is only the outlet's name is furniture.
    if let Some(o) = &ex.outlet {
        let o = fold(&o.value);
        for (k, l) in kinds.iter_mut().zip(&lines) {
            if *k == Line::Text && fold(l) == o {
                *k = Line::Junk;
            }
        }
    }

    let text_idx: Vec<usize> = (0..lines.len())
        .filter(|&i| kinds[i] == Line::Text)
        .collect();
    let first_par = text_idx
        .iter()
        .copied()
        .find(|&i| is_paragraph_of(&lines[i], wc[i]));
    let last_par = text_idx
        .iter()
        .copied()
        .rev()
        .find(|&i| is_paragraph_of(&lines[i], wc[i]));

    // The head: lines before the first paragraph give the title, subtitle and date.
    let given_title = given.title.as_deref().map(fold);
    let mut body_from = 0;
    if let Some(fp) = first_par {
        let head: Vec<usize> = text_idx.iter().copied().filter(|&i| i < fp).collect();
        let mut head_left = Vec::new();
        for &i in &head {
            let l = &lines[i];
            if let Some(gt) = &given_title {
                if fold(l) == *gt {
                    continue;
                }
                head_left.push(i);
            } else if ex.title.is_none() && wc[i] >= 2 && wc[i] <= 30 && !l.ends_with(':') {
                ex.title = Some(Sourced::new(l.to_string(), "heading"));
            } else if ex.title.is_some() && ex.subtitle.is_none() && wc[i] >= 4 && !ends_sentence(l)
            {
                ex.subtitle = Some(Sourced::new(l.to_string(), "standfirst"));
            } else {
                head_left.push(i);
            }
        }
        for k in kinds.iter().take(fp) {
            if let Line::Date(d) = k {
                ex.published
                    .get_or_insert_with(|| Sourced::new(d.clone(), "dateline"));
            }
        }
        // Head lines that were neither title nor subtitle stay in the body.
        body_from = head_left.first().copied().unwrap_or(fp);
    }
    // The tail: the short lines without sentence punctuation that end the page, after the
    // last paragraph, are footer ("The most important world news"); a short line followed by
    // more text (a gallery's heading) is not.
    if let Some(lp) = last_par {
        for i in (lp + 1..lines.len()).rev() {
            if kinds[i] != Line::Text {
                continue;
            }
            if wc[i] <= 8 && !ends_sentence(&lines[i]) {
                kinds[i] = Line::Junk;
            } else {
                break;
            }
        }
    }

    // Blocks: paragraphs (hard-wrapped lines joined), headings.
    let has_blank_paragraphs = (1..lines.len()).any(|i| {
        kinds[i] == Line::Blank
            && kinds[i - 1] == Line::Text
            && kinds.get(i + 1) == Some(&Line::Text)
    });
    let mut blocks: Vec<(BlockKind, String)> = Vec::new();
    let mut prev_text: Option<usize> = None;
    for i in body_from..lines.len() {
        if kinds[i] != Line::Text {
            if kinds[i] != Line::Blank {
                prev_text = None;
            }
            continue;
        }
        let l = &lines[i];
        if first_par.is_none() && given_title.as_ref().is_some_and(|gt| fold(l) == *gt) {
            continue;
        }
        let continues = match prev_text {
            Some(p) if p + 1 == i && has_blank_paragraphs => {
                let prev = &lines[p];
                !ends_sentence(prev) && prev.chars().count() > 40
            }
            _ => false,
        };
        match (continues, blocks.last_mut()) {
            (true, Some((_, t))) => {
                t.push(' ');
                t.push_str(l);
            }
            _ => blocks.push((BlockKind::Paragraph, l.to_string())),
        }
        prev_text = Some(i);
    }
    // Headings: a short line without sentence punctuation, starting with a capital, followed
    // by a paragraph.
    for k in 0..blocks.len() {
        let next_is_par = blocks.get(k + 1).is_some_and(|(_, t)| is_paragraph(t));
        let (kind, t) = &mut blocks[k];
        let starts_upper = t
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        if next_is_par
            && line_words_up_to(t, 11) <= 10
            && !ends_sentence(t)
            && !t.ends_with(',')
            && starts_upper
        {
            *kind = BlockKind::Heading;
        }
    }
    ex.blocks = blocks;
    ex.blocks_normal = blocks_normal;
    ex
}

/// The lines of normalised text: what `str::lines` gives on text without a carriage return
/// (normalised text has none), the line feeds found by memchr.
fn text_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    std::iter::from_fn(move || {
        let end = match ends.next() {
            Some(end) => end,
            // The last line, unless the text ends with a line feed.
            None if start < text.len() => text.len(),
            None => return None,
        };
        // (Both ends are at a line feed or the end of the text: char boundaries.)
        let line = text.get(start..end);
        start = end + 1;
        line
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_count_matches_split_whitespace() {
        for s in [
            "",
            "  a  b\tc\n",
            "one",
            "x\u{0B}y\u{0C}z\r",
            "ü ß  é",
            "a\u{00A0}b c\u{2003}d",
        ] {
            assert_eq!(word_count(s), s.split_whitespace().count(), "{s:?}");
            for cap in 1..4 {
                let want = s.split_whitespace().count().min(cap);
                assert_eq!(words_up_to(s, cap), want, "{s:?} {cap}");
            }
        }
    }

    #[test]
    fn junk_patterns_with_ascii_classes_answer_as_the_unicode_ones() {
        for line in [
            "Read more: the harbour",
            "Views: 1,204",
            "1.2k shares",
            "unnamed (3).jpg",
            "IMG_2041.JPG",
            "photo_gallery_item",
            "Photo credit: Tove Lind",
            "© 2025 Harbour News",
            "Share this story on ſocial media",
            "The ferry sailed at noon on Monday with 40 passengers.",
            "“Quoted” — Views: 1,204",
        ] {
            assert_eq!(
                lexicon::junk_patterns(true).is_match(line),
                lexicon::junk_patterns(false).is_match(line),
                "{line:?}"
            );
        }
        // A digit beyond ASCII: only the Unicode classes take it.
        assert!(lexicon::junk_patterns(false).is_match("Views: ١٢٠٤"));
        assert!(!lexicon::junk_patterns(true).is_match("Views: ١٢٠٤"));
        assert_eq!(classify("Views: ١٢٠٤", 2, (5, 0), true), Line::Junk);
    }

    #[test]
    fn bylines_are_told_by_their_first_letter_first() {
        for line in [
            "By Maren Holt",
            "by Maren Holt",
            "WRITTEN BY Maren Holt and Tobias Ek",
            "Words by Maren Holt, Reuters",
            "reporting by Tobias Ek | Harbour News",
            "Reporting By Tobias Ek",
        ] {
            assert!(BYLINE.is_match(line), "{line:?}");
            assert!(byline(line).is_some(), "{line:?}");
        }
        assert_eq!(byline("Photo by Maren Holt"), None);
        assert!(!BYLINE.is_match(" by Maren Holt"));
    }

    #[test]
    fn text_lines_are_what_lines_gives() {
        for s in [
            "",
            "\n",
            "\n\n",
            "a",
            "a\n",
            "a\nb",
            "a\n\nb\n",
            "\na",
            "é\n東京\n\n",
            " \n ",
        ] {
            let want: Vec<&str> = s.lines().collect();
            assert_eq!(text_lines(s).collect::<Vec<_>>(), want, "{s:?}");
        }
    }

    #[test]
    fn blocks_said_to_be_normal_need_no_normalising() {
        let pages = [
            PAGE.to_string(),
            PAGE.replace("Ferry", "Café  naïve\u{00A0}x"),
            PAGE.replace("harbour", "e\u{0301}\t\r"),
            PAGE.replace("The ", "“The” — "),
            "The council of Brenmoor voted late on Tuesday to close the old\nmill road for the summer, citing the cost of repairs and the risk\nto walkers.\n\nA second vote is planned for the autumn.\n".to_string(),
        ];
        let mut normal = 0;
        for page in &pages {
            let ex = run(page);
            assert!(!ex.blocks.is_empty());
            if ex.blocks_normal {
                normal += 1;
                for (_, b) in &ex.blocks {
                    assert_eq!(super::super::join_lines(&normalize_cow(b)), b.as_str());
                }
            }
        }
        assert_eq!(normal, 3);
    }

    #[test]
    fn bytes_are_counted_past_a_block() {
        let s = "ab ".repeat(300);
        assert_eq!(count_bytes(s.as_bytes(), |b| b == b' '), 300);
        assert_eq!(count_bytes(s.as_bytes(), |b| b == b'a'), 300);
        assert_eq!(count_bytes(&[b'x'; 1000], |b| b == b'x'), 1000);
        assert_eq!(count_bytes(b"", |_| true), 0);
        let line = "word ".repeat(70);
        let line = line.trim_end();
        assert_eq!(line_words_up_to(line, usize::MAX), 70);
        assert_eq!(line_words_up_to(line, 31), 31);
    }

    #[test]
    fn letters_are_counted_by_script() {
        // Against the plain definition, with chars beyond ASCII across block edges.
        let plain = |s: &str| {
            s.chars()
                .filter(|c| c.is_alphabetic())
                .fold((0, 0), |(l, o), c| {
                    if c.is_ascii() || ('\u{00C0}'..='\u{024F}').contains(&c) {
                        (l + 1, o)
                    } else {
                        (l, o + 1)
                    }
                })
        };
        for s in [
            "plain ascii letters only, thirty-two bytes and more",
            "“Quoted” — Žofie, 東京 and Ελλάδα: ½ ² ١٢ é at the end é",
            "0123456789012345678901234567890東京01234567890123456789012345678é東",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\u{1F600}b",
        ] {
            assert_eq!(letters_script_latin(s), plain(s), "{s:?}");
        }
        assert_eq!(letters_script_latin("Ab 1, c!"), (3, 0));
        assert_eq!(letters_script_latin("Žofie × 東京 ÷ é"), (6, 2));
        assert_eq!(letters_script_latin(""), (0, 0));
    }

    fn run(t: &str) -> Extracted {
        extract(t, &GivenMeta::default())
    }

    const PAGE: &str = "facebook\ntwitter\ninstagram\nsearch\nNEWS\n\nFerry service to Lindqvist Island resumes after storm\n\nThe operator promises a new timetable for the winter season\n\nBy Maren Holt and Tobias Ek\n\n3 March 2025 14:20\n\nThe ferry between Port Aldren and Lindqvist Island sailed again on Monday, four days after a storm tore the pier apart.\n\nThe harbour master said repairs cost about 2 million kronor, and the work went on through the night.\n\nRepairs\n\nCrews from three towns worked in shifts to rebuild the landing stage before the weekend.\n\nPhoto: Harbour Office\n\nRead more: Storm closes schools on the coast\n\nHarbour News © 2025. All rights reserved.\nViews: 1,204\nshare\nprint\ncopy link\n";

    #[test]
    fn metadata_comes_from_the_head_and_the_footer() {
        let ex = run(PAGE);
        assert_eq!(
            ex.title.unwrap().value,
            "Ferry service to Lindqvist Island resumes after storm"
        );
        assert_eq!(
            ex.subtitle.as_ref().map(|s| s.value.as_str()),
            Some("The operator promises a new timetable for the winter season")
        );
        assert_eq!(ex.authors.unwrap().value, vec!["Maren Holt", "Tobias Ek"]);
        assert_eq!(ex.published.unwrap().value, "2025-03-03T14:20");
        assert_eq!(ex.outlet.unwrap().value, "Harbour News");
    }

    #[test]
    fn junk_lines_go_and_headings_stay_headings() {
        let ex = run(PAGE);
        let texts: Vec<&str> = ex.blocks.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts.len(), 4, "{texts:?}");
        assert!(texts[0].starts_with("The ferry between"));
        assert_eq!(ex.blocks[2], (BlockKind::Heading, "Repairs".to_string()));
        assert!(
            texts
                .iter()
                .all(|t| !t.contains("Read more") && !t.contains("Views") && !t.contains("Photo"))
        );
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let t = "The council of Brenmoor voted late on Tuesday to close the old\nmill road for the summer, citing the cost of repairs and the risk\nto walkers.\n\nA second vote is planned for the autumn session of the council.\n";
        let ex = run(t);
        assert_eq!(ex.blocks.len(), 2);
        assert!(ex.blocks[0].1.contains("old mill road"));
    }

    #[test]
    fn a_short_text_keeps_its_only_line() {
        let ex = run("Hello World. My name is Jonas.");
        assert_eq!(ex.blocks.len(), 1);
        assert!(ex.title.is_none());
    }

    #[test]
    fn captions_with_credits_and_foreign_script_furniture_go() {
        let t = "A fisherman mends nets in Port Aldren, May 2024 Jane Roe / Coastline\n\nThe fishing fleet of Port Aldren stayed in harbour for a third day on Friday as the storm went on.\n\nСсылка скопирована\n";
        let ex = run(t);
        assert_eq!(ex.blocks.len(), 1);
    }

    #[test]
    fn a_given_title_is_not_repeated_in_the_body() {
        let g = GivenMeta {
            title: Some("Mill road closed".into()),
            ..Default::default()
        };
        let ex = extract(
            "Mill road closed\n\nThe council of Brenmoor voted late on Tuesday to close the old mill road.",
            &g,
        );
        assert_eq!(ex.blocks.len(), 1);
        assert!(ex.blocks[0].1.starts_with("The council"));
    }
}

#[cfg(test)]
mod tail_tests {
    use super::*;

    #[test]
    fn a_gallery_keeps_its_headings_and_the_footer_goes() {
        let t = "The harbour festival drew crowds to Port Aldren on Saturday, with boats from every town on the coast.\n\nBoats\n\nA schooner from Brenmoor. Image: Tove Lind.\n\nFood stalls\n\nFish soup by the quay. Image: Tove Lind.\n\nThe best of the coast every week\n";
        let ex = extract(t, &GivenMeta::default());
        let texts: Vec<&str> = ex.blocks.iter().map(|(_, t)| t.as_str()).collect();
        assert!(texts.contains(&"Food stalls"), "{texts:?}");
        assert!(
            !texts.contains(&"The best of the coast every week"),
            "{texts:?}"
        );
    }
}
