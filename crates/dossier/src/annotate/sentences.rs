//! Sentences for news English. A sentence never crosses a block; headings and list items
//! are units of their own. Full stops after abbreviations (U.S., Gen., Mr., a.m., No.),
//! initials and numbers do not end a sentence; a sentence that ends inside quotes ends at the
//! closing mark; ellipses end a sentence only when a new one visibly starts.

use crate::lexicon;
use crate::lexicon::HashSet;
use crate::model::{Block, BlockKind, Offsets, Sentence};

const CLOSERS: &[char] = &['"', '\'', '”', '’', ')', ']', '»', '›'];
const OPENERS: &[char] = &['"', '\'', '“', '‘', '«', '‹', '('];
const BULLETS: &[char] = &['•', '⁃', '▪', '◦', '‣', '●', '·', '–', '-', '*'];

/// Splits the body into sentences; a sentence never crosses a block. Without blocks the body
/// is split on blank lines (and line breaks).
pub fn split(body: &str, blocks: &[Block]) -> Vec<Sentence> {
    let off = Offsets::new(body);
    // (About one sentence per hundred bytes of news: room for most without growing.)
    let mut out = Vec::with_capacity(blocks.len() + body.len() / 100);
    let mut push = |bs: usize, be: usize, heading: bool| {
        let piece = &body[bs..be];
        let lead = piece.len() - piece.trim_start().len();
        let trail = piece.len() - piece.trim_end().len();
        let (bs, be) = (bs + lead, be - trail);
        if bs < be {
            out.push(Sentence {
                start: off.char_at(bs),
                end: off.char_at(be),
                text: body[bs..be].to_string(),
                heading,
            });
        }
    };
    // The sentences of one block, its byte range and kind (one buffer for every block).
    let mut pieces = Vec::new();
    let mut block = |bs: usize, be: usize, kind: BlockKind| {
        if kind == BlockKind::Heading {
            push(bs, be, true);
            return;
        }
        pieces.clear();
        split_block_into(&body[bs..be], &mut pieces);
        for &(s, e) in &pieces {
            push(bs + s, bs + e, false);
        }
    };
    if blocks.is_empty() {
        let mut pos = 0;
        for line in body.split_inclusive('\n') {
            block(pos, pos + line.len(), BlockKind::Paragraph);
            pos += line.len();
        }
    } else {
        for b in blocks {
            block(off.byte_at(b.start), off.byte_at(b.end), b.kind);
        }
    }
    out
}

/// Byte ranges of the sentences of one block of text.
pub fn split_block(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    split_block_into(text, &mut out);
    out
}

/// [`split_block`], pushing onto `out`.
fn split_block_into(text: &str, out: &mut Vec<(usize, usize)>) {
    // (Pieces of white space only are left out.)
    let mut item = |is: usize, ie: usize| {
        let mut start = is;
        for b in boundaries(&text[is..ie]) {
            let end = is + b;
            if !text[start..end].trim().is_empty() {
                out.push((start, end));
            }
            start = end;
        }
        if !text[start..ie].trim().is_empty() {
            out.push((start, ie));
        }
    };
    if list_marker(text).is_none() {
        // (Not a list: the common case, one item.)
        item(0, text.len());
        return;
    }
    for (is, ie) in list_items(text) {
        item(is, ie);
    }
}

/// A list marker at the start of `s`: "1.", "1)", "1.)", "a.", "•". Returns its kind and value.
fn list_marker(s: &str) -> Option<(u8, u32, usize)> {
    let t = s.trim_start();
    let lead = s.len() - t.len();
    let mut chars = t.char_indices();
    let (_, c0) = chars.next()?;
    if BULLETS.contains(&c0) && c0 != '-' && c0 != '*' {
        return Some((b'*', 0, lead + c0.len_utf8()));
    }
    let nd = t.bytes().take(3).take_while(u8::is_ascii_digit).count();
    let (val, rest, kind) = if nd == 1 || nd == 2 {
        (t[..nd].parse().ok()?, &t[nd..], b'1')
    } else if c0.is_ascii_lowercase() {
        (c0 as u32 - 'a' as u32 + 1, &t[1..], b'a')
    } else {
        return None;
    };
    let m = if rest.starts_with(".) ") {
        3
    } else if rest.starts_with(". ") || rest.starts_with(") ") {
        2
    } else {
        return None;
    };
    Some((kind, val, lead + t.len() - rest.len() + m - 1))
}

/// Splits a block that is an inline list ("1) The first 2) The second") into its items.
fn list_items(text: &str) -> Vec<(usize, usize)> {
    let Some((kind, first, _)) = list_marker(text) else {
        return vec![(0, text.len())];
    };
    let mut items = vec![0];
    let mut want = first + 1;
    let bytes = text.as_bytes();
    for (i, _) in text.char_indices().skip(1) {
        let b = bytes[i];
        if !bytes[i - 1].is_ascii_whitespace() || !(b.is_ascii_alphanumeric() || b >= 0x80) {
            continue;
        }
        if let Some((k, v, _)) = list_marker(&text[i..])
            && k == kind
            && (kind == b'*' || v == want)
        {
            items.push(i);
            want += 1;
        }
    }
    let mut out = Vec::new();
    for (n, &s) in items.iter().enumerate() {
        out.push((s, items.get(n + 1).copied().unwrap_or(text.len())));
    }
    out
}

/// The word that ends at byte `end` of `text` (back to the previous white space).
fn word_before(text: &str, end: usize) -> &str {
    let s = text[..end]
        .rfind(|c: char| c.is_whitespace())
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    &text[s..end]
}

/// The word that starts at byte `start` (up to white space), opening marks skipped.
fn word_after(text: &str, start: usize) -> &str {
    let t = text[start..].trim_start_matches(OPENERS);
    let e = t.find(char::is_whitespace).unwrap_or(t.len());
    &t[..e]
}

/// Byte offsets (into `text`) where a new sentence starts.
fn boundaries(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let n = text.len();
    let bytes = text.as_bytes();
    // The char at byte `i` (a char boundary before `n`), without decoding ASCII.
    let at = |i: usize| -> char {
        match bytes.get(i) {
            Some(&b) if b < 0x80 => char::from(b),
            _ => text.get(i..).and_then(|t| t.chars().next()).unwrap_or(' '),
        }
    };
    // The byte offset of the char after the one at `i`.
    let next_at = |i: usize| i + at(i).len_utf8();
    let mut sent_start = 0usize;
    // `i`, `j`, `k` are byte offsets of chars.
    let mut i = 0;
    if let Some(b) = dateline_end(text) {
        out.push(b);
        sent_start = b;
        i = b;
        while i < n && !text.is_char_boundary(i) {
            i += 1;
        }
    }
    // Only end marks and the colon of a credit label decide anything: the loop jumps to the
    // next one. The next '.', '!' or '?' and the next ':' or '…' at or after some offset are
    // kept until the loop passes them (both are on char boundaries).
    let find_mark = |i: usize| memchr::memchr3(b'.', b'!', b'?', &bytes[i..]).map_or(n, |d| i + d);
    let mut next_mark = find_mark(i);
    let mut next_other = colon_or_ellipsis(bytes, i);
    while i < n {
        let from = i;
        if next_mark < i {
            next_mark = find_mark(i);
        }
        if next_other < i {
            next_other = colon_or_ellipsis(bytes, i);
        }
        i = next_mark.min(next_other);
        if i >= n {
            break;
        }
        let (pos, c) = (i, at(i));
        if c == ':' {
            // A picture credit ("Photo: Ana Ruiz.") after a caption without a full stop: the
            // label starts after white space, after the last sentence start, and no earlier
            // than where this scan began (the text before was passed over).
            if let Some(label) = credit_label_start(text, pos)
                && label >= from
                && label > sent_start
                && is_credit(&text[label..])
                && !text[sent_start..label].trim().is_empty()
            {
                out.push(label);
                sent_start = label;
            }
            i += 1;
            continue;
        }
        if !matches!(c, '.' | '!' | '?' | '…') {
            i += c.len_utf8();
            continue;
        }
        // The cluster of end marks and closing quotes.
        let mut j = i;
        let mut dots = 0;
        while j < n && matches!(at(j), '.' | '!' | '?' | '…') {
            j = next_at(j);
            dots += 1;
        }
        let marks_end = j;
        let ellipsis = c == '…' || (c == '.' && dots >= 2);
        while j < n {
            let q = at(j);
            // An opening quote mark misused as a closer: attached to the end mark and
            // followed by white space (`decision.“ However`).
            let misused = matches!(q, '“' | '‘' | '«' | '‹') && {
                let after = next_at(j);
                after >= n || at(after).is_whitespace()
            };
            if !CLOSERS.contains(&q) && !misused {
                break;
            }
            j = next_at(j);
        }
        // White space must follow. (`j` is past the end marks, so after `i`.)
        if j >= n || !at(j).is_whitespace() {
            i = j;
            continue;
        }
        let mut k = j;
        while k < n && at(k).is_whitespace() {
            k = next_at(k);
        }
        if k >= n {
            break;
        }
        let next_pos = k;
        let next = &text[next_pos..];
        let split = if c == '.' && dots == 1 {
            dot_ends_sentence(text, sent_start, pos, next)
        } else if ellipsis && next.starts_with('(') {
            // `[...]" (Smith 55).`: a reference after an elision stays with the quotation.
            false
        } else if matches!(c, '?' | '!') && j > marks_end && attribution_follows(next) {
            // `"Why now?" Ada Brant asked.`: the speaker goes with the quotation.
            false
        } else {
            starts_sentence(next)
        };
        // A spaced ellipsis (". . .") goes on unless a period closes it (". . . .").
        let spaced = spaced_dots_before(text, pos);
        let split = if spaced == 3 { false } else { split };
        // "word. . . . Next": the sentence ended at "word."; the next begins with the ellipsis.
        if c == '.' && next.starts_with(". . .") && !text[..pos].ends_with(' ') {
            let after = next[5..].trim_start();
            if starts_sentence(after) {
                out.push(next_pos);
                sent_start = next_pos;
                i = k + 5;
                continue;
            }
        }
        if split {
            out.push(next_pos);
            sent_start = next_pos;
        }
        i = k;
    }
    out
}

/// Does `next` begin with a speaker and a speech verb ("Ada Brant asked", "Mr. Ruiz said")?
fn attribution_follows(next: &str) -> bool {
    for (n, w) in next.split_whitespace().take(5).enumerate() {
        let w = w.trim_end_matches([',', '.', ';']);
        if n > 0 && lexicon::sentence_speech_verbs().contains(w) {
            return true;
        }
        // A word that typically opens a sentence ("Critics said ...") is not a speaker.
        if !w.chars().next().is_some_and(char::is_uppercase) || (n == 0 && is_starter_word(w)) {
            return false;
        }
    }
    false
}

/// The byte offset of the first ':' or '…' at or after `from` (the length if none).
fn colon_or_ellipsis(bytes: &[u8], from: usize) -> usize {
    let mut p = from;
    while let Some(d) = bytes.get(p..).and_then(|b| memchr::memchr2(b':', 0xE2, b)) {
        p += d;
        if bytes[p] == b':' || bytes[p..].starts_with("…".as_bytes()) {
            return p;
        }
        p += 1;
    }
    bytes.len()
}

/// The start of a possible credit label that ends at the colon at byte `colon`: an upper-case
/// letter after white space, then letters only, at most 15 chars in all (the label
/// [`is_credit`] reads).
fn credit_label_start(text: &str, colon: usize) -> Option<usize> {
    let mut start = None;
    let mut count = 0;
    for (b, c) in text[..colon].char_indices().rev() {
        if !c.is_alphabetic() {
            return start
                .filter(|_| c.is_whitespace() && count <= 15)
                .filter(|&s| text[s..].chars().next().is_some_and(char::is_uppercase));
        }
        count += 1;
        if count > 15 {
            return None;
        }
        start = Some(b);
    }
    // The label would open the text: no white space before it.
    None
}

/// Is `w`, lower-cased, in `set`? Short ASCII words are lower-cased on the stack.
fn contains_lower(set: &HashSet<&'static str>, w: &str) -> bool {
    let mut buf = [0u8; 32];
    match ascii_lower(w, &mut buf) {
        Some(l) => set.contains(l),
        None => set.contains(w.to_lowercase().as_str()),
    }
}

/// `w` lower-cased into `buf` when it is ASCII and fits (what `to_lowercase` gives then).
fn ascii_lower<'a>(w: &str, buf: &'a mut [u8; 32]) -> Option<&'a str> {
    let b = buf.get_mut(..w.len()).filter(|_| w.is_ascii())?;
    b.copy_from_slice(w.as_bytes());
    b.make_ascii_lowercase();
    std::str::from_utf8(b).ok()
}

/// Does `s` begin with a picture-credit label and a colon ("Photo: ", "Image: ")?
fn is_credit(s: &str) -> bool {
    let Some((colon, _)) = s.char_indices().take(16).find(|x| x.1 == ':') else {
        return false;
    };
    let label = &s[..colon];
    label.chars().all(char::is_alphabetic)
        && s[colon + 1..].starts_with(' ')
        && starts_sentence(s[colon + 1..].trim_start())
        && contains_lower(lexicon::sentence_credits(), label)
}

/// The end of a dateline that opens a block and runs into the first sentence: a date
/// ("Thursday, May 7, 2015 On Tuesday ...") or a place line ending in a dash
/// ("Lyon, France - The mayor ...", "OSLO (Reuters) — Police ..."). Returns the byte
/// offset where the sentence after it starts.
fn dateline_end(text: &str) -> Option<usize> {
    let head = crate::text::first_chars(text.get(..120).unwrap_or(text), 100);
    let date_word =
        |w: &str| contains_lower(lexicon::sentence_dates(), w.trim_end_matches([',', '.']));
    // Both rules below need a date word first or a word that is a dash: most blocks have
    // neither.
    let has_dash = memchr::memchr2_iter(b'-', 0xE2, head.as_bytes()).any(|p| {
        head[p..].starts_with(['-', '–', '—'])
            && (p == 0 || head[..p].ends_with(char::is_whitespace))
    });
    if !has_dash && !head.split_whitespace().next().is_some_and(date_word) {
        return None;
    }
    // A date: [weekday,] month day, year. (The rules below read at most the first ten
    // words: five for a date, a dash among the first nine and the word after it.)
    let words: Vec<(usize, &str)> = head
        .split_whitespace()
        .take(10)
        .map(|w| (w.as_ptr() as usize - head.as_ptr() as usize, w))
        .collect();
    let mut n = 0;
    if words
        .first()
        .is_some_and(|w| w.1.ends_with(',') && date_word(w.1))
    {
        n = 1;
    }
    if words.len() >= n + 4
        && date_word(words[n].1)
        && words[n + 1]
            .1
            .trim_end_matches(',')
            .parse::<u8>()
            .is_ok_and(|d| (1..=31).contains(&d))
        && words[n + 2].1.len() == 4
        && words[n + 2].1.bytes().all(|b| b.is_ascii_digit())
        && starts_sentence(words[n + 3].1)
    {
        return Some(words[n + 3].0);
    }
    // A place line: capitalised words (commas and an agency in brackets allowed) and a dash.
    let dash = words
        .iter()
        .take(9)
        .position(|w| matches!(w.1, "-" | "–" | "—" | "--"))?;
    let place = &words[..dash];
    let after = words.get(dash + 1)?;
    let capitalised = |w: &str| {
        w.trim_start_matches('(')
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    };
    let joined = &head[..words[dash].0];
    let shouted = (joined.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !joined.chars().any(char::is_lowercase))
        || joined.contains('(');
    if !place.is_empty()
        && place.iter().all(|w| capitalised(w.1) || w.1 == "of")
        && !joined.contains(['.', '!', '?', '"', '“', ':', ';'])
        && (joined.contains(',') || shouted)
        && starts_sentence(after.1)
    {
        return Some(after.0);
    }
    None
}

/// How many dots, each followed by a space, end at `pos` (". . ." before the dot at `pos` → 3).
fn spaced_dots_before(text: &str, pos: usize) -> usize {
    let b = text.as_bytes();
    let mut n = 1;
    let mut p = pos;
    // Only "exactly three" matters: stop counting at five (keeps long runs linear).
    while n < 5 && p >= 2 && b[p - 1] == b' ' && b[p - 2] == b'.' {
        n += 1;
        p -= 2;
    }
    n
}

/// Does the text at `next` look like the start of a sentence?
fn starts_sentence(next: &str) -> bool {
    let t = next
        .trim_start_matches(OPENERS)
        .trim_start_matches(['“', '‘', '"', '\'']);
    match t.chars().next() {
        // Upper case, a digit, a currency sign, an inverted mark, or a letter of a script
        // without case (CJK, Arabic...). Never a closing mark or other punctuation.
        Some(c) => {
            c.is_uppercase()
                || c.is_ascii_digit()
                || matches!(c, '$' | '€' | '£' | '¥' | '¿' | '¡')
                || (c.is_alphabetic() && !c.is_lowercase())
        }
        None => false,
    }
}

/// Is the word that ends before byte `at` (white space skipped) a lower-case word or a
/// clause mark, so that a following "I" is the pronoun?
fn pronoun_i(text: &str, at: usize) -> bool {
    let head = text[..at].trim_end();
    if head.ends_with([',', ';', ':']) {
        return true;
    }
    let prev = word_before(text, head.len());
    prev.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_lowercase)
}

fn is_starter_word(w: &str) -> bool {
    contains_lower(
        lexicon::sentence_starters(),
        w.trim_end_matches([',', ';', ':', '.']),
    )
}

/// Does the single full stop at byte `pos` end the sentence that began at `sent_start`?
fn dot_ends_sentence(text: &str, sent_start: usize, pos: usize, next: &str) -> bool {
    if !starts_sentence(next) {
        return false;
    }
    let word = word_before(text, pos).trim_start_matches(OPENERS);
    let bare = word
        .trim_start_matches(['(', '['])
        .trim_start_matches(BULLETS);
    let mut buf = [0u8; 32];
    let owned;
    let lower = match ascii_lower(bare, &mut buf) {
        Some(l) => l,
        None => {
            owned = bare.to_lowercase();
            owned.as_str()
        }
    };
    let next_word = word_after(next, 0);
    let next_is_digit = next.chars().next().is_some_and(|c| c.is_ascii_digit());
    // A list marker ("1.", "a.") at the start of a sentence.
    let before = text[sent_start..pos - word.len()].trim();
    if before.trim_matches(BULLETS).trim().is_empty()
        && (bare.chars().all(|c| c.is_ascii_digit())
            || (bare.len() == 1 && bare.chars().all(|c| c.is_ascii_lowercase())))
    {
        return false;
    }
    // Titles before a name; short abbreviations before a number ("No. 5", "p. 55").
    if lexicon::sentence_titles().contains(lower) {
        return false;
    }
    if next_is_digit && bare.chars().count() <= 3 && bare.chars().any(char::is_alphabetic) {
        return false;
    }
    // An initial ("Jonas E. Smith") goes on; a single capital before a word that starts
    // sentences ends one ("Plan B. The", "you and I. Did"). After a lower-case word "I" is
    // the pronoun ("you and I. Did"); after a capitalised one ("Hugo I. Varga") an initial.
    let mut bc = bare.chars();
    if let (Some(c), None) = (bc.next(), bc.next())
        && c.is_uppercase()
    {
        return is_starter_word(next_word) || (c == 'I' && pronoun_i(text, pos - word.len()));
    }
    // a.m. / p.m.: a time at the start of a sentence ("At 5 a.m. Mr. Smith went") is an opener.
    if lower == "a.m" || lower == "p.m" {
        // "at 5 p.m. Friday", "at 9 a.m. EST": a day, month or time zone goes on.
        let nw = next_word.trim_end_matches([',', '.', ';', ':']);
        let zone = (2..=4).contains(&nw.len())
            && nw.bytes().all(|b| b.is_ascii_uppercase())
            && (nw.ends_with('T') || nw == "UTC");
        if zone || contains_lower(lexicon::sentence_dates(), nw) {
            return false;
        }
        let words_before = before.split_whitespace().take(4).count();
        return words_before >= 4 || is_starter_word(next_word);
    }
    // Dotted abbreviations ("U.S.", "E.U.") and listed ones ("Inc.", "Co.", "etc.") end a
    // sentence only before a word that typically starts one.
    let dotted = lower.contains('.')
        && lower
            .split('.')
            .all(|p| p.chars().count() <= 2 && p.chars().all(char::is_alphabetic));
    if dotted || lexicon::abbreviations().contains(lower) {
        return is_starter_word(next_word);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<String> {
        split_block(t)
            .into_iter()
            .map(|(s, e)| t[s..e].trim().to_string())
            .collect()
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        assert_eq!(
            texts(
                "Gen. Ada Brant met Sen. Olu Ike in the U.S. Capitol on Monday. They spoke for 3.5 hours."
            ),
            vec![
                "Gen. Ada Brant met Sen. Olu Ike in the U.S. Capitol on Monday.",
                "They spoke for 3.5 hours."
            ]
        );
        assert_eq!(
            texts("The loan came from J. R. Pell & Co. at a low rate."),
            vec!["The loan came from J. R. Pell & Co. at a low rate."]
        );
        assert_eq!(
            texts("She moved to the U.S. The move was hard."),
            vec!["She moved to the U.S.", "The move was hard."]
        );
        assert_eq!(
            texts("Turn to No. 5 now. Then stop."),
            vec!["Turn to No. 5 now.", "Then stop."]
        );
    }

    #[test]
    fn quotes_close_the_sentence() {
        assert_eq!(
            texts(
                "“We are ready,” the mayor said. “The bridge opens at 4:30 p.m. on Friday.” Crowds cheered."
            ),
            vec![
                "“We are ready,” the mayor said.",
                "“The bridge opens at 4:30 p.m. on Friday.”",
                "Crowds cheered."
            ]
        );
        assert_eq!(
            texts("He said, \"It is done.\" she nodded."),
            vec!["He said, \"It is done.\" she nodded."]
        );
    }

    #[test]
    fn money_numbers_and_ellipses() {
        assert_eq!(
            texts("It cost $1.2bn. Nobody paid."),
            vec!["It cost $1.2bn.", "Nobody paid."]
        );
        assert_eq!(
            texts("I never meant that.... She left."),
            vec!["I never meant that....", "She left."]
        );
        assert_eq!(
            texts("Wait . . . I see it now."),
            vec!["Wait . . . I see it now."]
        );
    }

    #[test]
    fn inline_lists_are_items() {
        assert_eq!(texts("1) Bread 2) Milk"), vec!["1) Bread", "2) Milk"]);
        assert_eq!(
            texts("a. First item b. Second item"),
            vec!["a. First item", "b. Second item"]
        );
        assert_eq!(texts("1. Bread. 2. Milk."), vec!["1. Bread.", "2. Milk."]);
    }

    #[test]
    fn golden_rule_style_cases() {
        // A bullet before a numbered item.
        assert_eq!(
            texts("⁃3. Pack the tent ⁃4. Fold the map"),
            vec!["⁃3. Pack the tent", "⁃4. Fold the map"]
        );
        // The pronoun I ends a sentence; a middle initial I does not.
        assert_eq!(
            texts("The winners were Rosa and I. Did you meet Hugo I. Varga there?"),
            vec![
                "The winners were Rosa and I.",
                "Did you meet Hugo I. Varga there?"
            ]
        );
        // A closing quote after a spaced ellipsis is not a new sentence.
        assert_eq!(
            texts("She wrote that “the river will rise again. . . .”"),
            vec!["She wrote that “the river will rise again. . . .”"]
        );
        // An elision in brackets and a reference after the quotation.
        assert_eq!(
            texts("\"The dam [...] held for a century [...]\" (Ortiz 12)."),
            vec!["\"The dam [...] held for a century [...]\" (Ortiz 12)."]
        );
        // "word. . . . Next": the next sentence starts with the ellipsis, once.
        assert_eq!(
            texts("The mill closed in spring. . . . The workers left. . . ."),
            vec![
                "The mill closed in spring.",
                ". . . The workers left. . . ."
            ]
        );
    }

    #[test]
    fn single_capitals() {
        assert_eq!(
            texts("They chose Plan B. The old plan failed. Tom Q. Ruiz agreed."),
            vec![
                "They chose Plan B.",
                "The old plan failed.",
                "Tom Q. Ruiz agreed."
            ]
        );
    }

    #[test]
    fn speaker_after_a_quoted_question() {
        assert_eq!(
            texts("“Why now?” Ada Brant asked. Nobody knew."),
            vec!["“Why now?” Ada Brant asked.", "Nobody knew."]
        );
        assert_eq!(
            texts("\"Stop the vote!\" Mr. Ruiz shouted at the crowd."),
            vec!["\"Stop the vote!\" Mr. Ruiz shouted at the crowd."]
        );
        // Without a speech verb the capitalised word starts a new sentence.
        assert_eq!(
            texts("“Why now?” Ada Brant left early."),
            vec!["“Why now?”", "Ada Brant left early."]
        );
        assert_eq!(
            texts("“Why now?” Critics said the timing was odd."),
            vec!["“Why now?”", "Critics said the timing was odd."]
        );
        assert_eq!(
            texts("Why now? Critics said the timing was odd."),
            vec!["Why now?", "Critics said the timing was odd."]
        );
    }

    #[test]
    fn clock_times_before_days_and_zones() {
        assert_eq!(
            texts("The hearing resumes at 9:30 a.m. Friday in Room 4. Lawyers expect delays."),
            vec![
                "The hearing resumes at 9:30 a.m. Friday in Room 4.",
                "Lawyers expect delays."
            ]
        );
        assert_eq!(
            texts("The launch window opens at 6 p.m. EST on the coast."),
            vec!["The launch window opens at 6 p.m. EST on the coast."]
        );
        assert_eq!(
            texts("The shop closed at 6 p.m. Ms. Ode went home."),
            vec!["The shop closed at 6 p.m.", "Ms. Ode went home."]
        );
    }

    #[test]
    fn misused_opening_quote_closes() {
        assert_eq!(
            texts("“The vote was a mistake.“ Still, the board approved it."),
            vec!["“The vote was a mistake.“", "Still, the board approved it."]
        );
    }

    #[test]
    fn picture_credits_are_units() {
        assert_eq!(
            texts("Dancers on the pier at dusk Photo: Ana Ruiz."),
            vec!["Dancers on the pier at dusk", "Photo: Ana Ruiz."]
        );
        assert_eq!(
            texts("The new tram line opened in Leeds, U.K. Image: City Council."),
            vec![
                "The new tram line opened in Leeds, U.K.",
                "Image: City Council."
            ]
        );
        // Not a label, or not a credit.
        assert_eq!(
            texts("We saw the photo: it was blurred."),
            vec!["We saw the photo: it was blurred."]
        );
    }

    #[test]
    fn datelines_run_into_the_text() {
        assert_eq!(
            texts("Monday, March 3, 2031 On Sunday, the ferry sank."),
            vec!["Monday, March 3, 2031", "On Sunday, the ferry sank."]
        );
        assert_eq!(
            texts("Tromsø, Norway - The ferry sank on Sunday."),
            vec!["Tromsø, Norway -", "The ferry sank on Sunday."]
        );
        assert_eq!(
            texts("OSLO (Reuters) — The ferry sank on Sunday."),
            vec!["OSLO (Reuters) —", "The ferry sank on Sunday."]
        );
        // A dash inside an ordinary sentence is not a dateline.
        assert_eq!(
            texts("The ferry - an old one - sank on Sunday."),
            vec!["The ferry - an old one - sank on Sunday."]
        );
        assert_eq!(
            texts("Ada Brant - The mayor spoke."),
            vec!["Ada Brant - The mayor spoke."]
        );
    }

    #[test]
    fn long_odd_blocks_stay_linear() {
        // Each of these would take minutes if some step were quadratic.
        for unit in [
            "A ",
            " ",
            "a.",
            "1 ",
            "Photo ",
            ". ",
            "“x.“ ",
            "Mr. ",
            "東京。 ",
        ] {
            let t = unit.repeat(60_000);
            let spans = split_block(&t);
            assert!(spans.iter().all(|&(s, e)| s < e && e <= t.len()));
        }
    }

    /// Throughput of the splitter: `cargo test --release -p dossier --lib
    /// sentences::tests::throughput -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn throughput() {
        let para = "Gen. Ada Brant met Sen. Olu Ike in the U.S. Capitol at 4:30 p.m. on Monday. \
                    “We spent $1.2bn,” she said. “Why now?” Ike asked. Costs rose 3.5% . . . \
                    and J. R. Pell & Co. paid. 1) Bread 2) Milk. Photo: Lea Moss.\n\n";
        let body = para.repeat(20_000);
        let t0 = std::time::Instant::now();
        let s = split(&body, &[]);
        let secs = t0.elapsed().as_secs_f64();
        eprintln!(
            "{} sentences, {:.1} MB/s",
            s.len(),
            body.len() as f64 / secs / 1e6
        );
        assert!(s.len() > 100_000);
        for probe in [
            "plain words without any stops at all ",
            "Word. ",
            "Capital Words Here ",
        ] {
            let body = probe.repeat(100_000);
            let t0 = std::time::Instant::now();
            let n = split_block(&body).len();
            let secs = t0.elapsed().as_secs_f64();
            eprintln!("{probe:?}: {n}, {:.1} MB/s", body.len() as f64 / secs / 1e6);
        }
    }

    // The splitter before it jumped between end marks (char by char, a credit label tried at
    // every capital), kept to check that the fast one finds the same boundaries.
    #[allow(clippy::all)]
    fn boundaries_reference(text: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let n = text.len();
        let bytes = text.as_bytes();
        // The char at byte `i` (a char boundary before `n`), without decoding ASCII.
        let at = |i: usize| -> char {
            match bytes.get(i) {
                Some(&b) if b < 0x80 => char::from(b),
                _ => text.get(i..).and_then(|t| t.chars().next()).unwrap_or(' '),
            }
        };
        // The byte offset of the char after the one at `i`.
        let next_at = |i: usize| i + at(i).len_utf8();
        let mut sent_start = 0usize;
        // `i`, `j`, `k` are byte offsets of chars.
        let mut i = 0;
        if let Some(b) = dateline_end_reference(text) {
            out.push(b);
            sent_start = b;
            i = b;
            while i < n && !text.is_char_boundary(i) {
                i += 1;
            }
        }
        while i < n {
            let (pos, c) = (i, at(i));
            // A picture credit ("Photo: Ana Ruiz.") after a caption without a full stop.
            if c.is_uppercase()
                && pos > sent_start
                && text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_whitespace)
                && is_credit(&text[pos..])
                && !text[sent_start..pos].trim().is_empty()
            {
                out.push(pos);
                sent_start = pos;
            }
            if !matches!(c, '.' | '!' | '?' | '…') {
                i += c.len_utf8();
                continue;
            }
            // The cluster of end marks and closing quotes.
            let mut j = i;
            let mut dots = 0;
            while j < n && matches!(at(j), '.' | '!' | '?' | '…') {
                j = next_at(j);
                dots += 1;
            }
            let marks_end = j;
            let ellipsis = c == '…' || (c == '.' && dots >= 2);
            while j < n {
                let q = at(j);
                // An opening quote mark misused as a closer: attached to the end mark and
                // followed by white space (`decision.“ However`).
                let misused = matches!(q, '“' | '‘' | '«' | '‹') && {
                    let after = next_at(j);
                    after >= n || at(after).is_whitespace()
                };
                if !CLOSERS.contains(&q) && !misused {
                    break;
                }
                j = next_at(j);
            }
            // White space must follow. (`j` is past the end marks, so after `i`.)
            if j >= n || !at(j).is_whitespace() {
                i = j;
                continue;
            }
            let mut k = j;
            while k < n && at(k).is_whitespace() {
                k = next_at(k);
            }
            if k >= n {
                break;
            }
            let next_pos = k;
            let next = &text[next_pos..];
            let split = if c == '.' && dots == 1 {
                dot_ends_sentence(text, sent_start, pos, next)
            } else if ellipsis && next.starts_with('(') {
                // `[...]" (Smith 55).`: a reference after an elision stays with the quotation.
                false
            } else if matches!(c, '?' | '!') && j > marks_end && attribution_follows(next) {
                // `"Why now?" Ada Brant asked.`: the speaker goes with the quotation.
                false
            } else {
                starts_sentence(next)
            };
            // A spaced ellipsis (". . .") goes on unless a period closes it (". . . .").
            let spaced = spaced_dots_before(text, pos);
            let split = if spaced == 3 { false } else { split };
            // "word. . . . Next": the sentence ended at "word."; the next begins with the ellipsis.
            if c == '.' && next.starts_with(". . .") && !text[..pos].ends_with(' ') {
                let after = next[5..].trim_start();
                if starts_sentence(after) {
                    out.push(next_pos);
                    sent_start = next_pos;
                    i = k + 5;
                    continue;
                }
            }
            if split {
                out.push(next_pos);
                sent_start = next_pos;
            }
            i = k;
        }
        out
    }

    #[allow(clippy::all)]
    fn dateline_end_reference(text: &str) -> Option<usize> {
        let head = text.get(..120).unwrap_or(text);
        let head = match head.char_indices().nth(100) {
            Some((b, _)) => &head[..b],
            None => head,
        };
        // A date: [weekday,] month day, year. (The rules below read at most the first ten
        // words: five for a date, a dash among the first nine and the word after it.)
        let words: Vec<(usize, &str)> = head
            .split_whitespace()
            .take(10)
            .map(|w| (w.as_ptr() as usize - head.as_ptr() as usize, w))
            .collect();
        let date_word = |w: &str| {
            lexicon::sentence_dates()
                .contains(w.trim_end_matches([',', '.']).to_lowercase().as_str())
        };
        let mut n = 0;
        if words
            .first()
            .is_some_and(|w| w.1.ends_with(',') && date_word(w.1))
        {
            n = 1;
        }
        if words.len() >= n + 4
            && date_word(words[n].1)
            && words[n + 1]
                .1
                .trim_end_matches(',')
                .parse::<u8>()
                .is_ok_and(|d| (1..=31).contains(&d))
            && words[n + 2].1.len() == 4
            && words[n + 2].1.bytes().all(|b| b.is_ascii_digit())
            && starts_sentence(words[n + 3].1)
        {
            return Some(words[n + 3].0);
        }
        // A place line: capitalised words (commas and an agency in brackets allowed) and a dash.
        let dash = words
            .iter()
            .take(9)
            .position(|w| matches!(w.1, "-" | "–" | "—" | "--"))?;
        let place = &words[..dash];
        let after = words.get(dash + 1)?;
        let capitalised = |w: &str| {
            w.trim_start_matches('(')
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        };
        let joined = &head[..words[dash].0];
        let shouted = (joined.chars().filter(|c| c.is_alphabetic()).count() >= 3
            && !joined.chars().any(char::is_lowercase))
            || joined.contains('(');
        if !place.is_empty()
            && place.iter().all(|w| capitalised(w.1) || w.1 == "of")
            && !joined.contains(['.', '!', '?', '"', '“', ':', ';'])
            && (joined.contains(',') || shouted)
            && starts_sentence(after.1)
        {
            return Some(after.0);
        }
        None
    }

    #[test]
    fn same_boundaries_as_the_char_by_char_splitter() {
        let atoms = [
            ".",
            "!",
            "?",
            "…",
            ". . .",
            "...",
            "\"",
            "“",
            "”",
            "’",
            "(",
            ")",
            " ",
            "  ",
            "\n",
            "a",
            "I",
            "U.S.",
            "Mr.",
            "a.m.",
            "No.",
            "1.",
            "a.",
            "⁃",
            "•",
            "-",
            " - ",
            "—",
            "–",
            "é",
            "Ünter",
            "東京",
            "Photo:",
            "Photo: ",
            "Image: ",
            "photo: ",
            "Ⓐbc: ",
            ":",
            ": ",
            "Credits: ",
            "Photographs:",
            "Monday,",
            "May",
            "7,",
            "2015",
            "OSLO",
            "(Reuters)",
            "Lyon,",
            "France",
            "Ada",
            "Ruiz",
            "said",
            "The",
            "asked",
            "X",
            "3.5",
            "Inc.",
            "Jan.",
        ];
        let heads = [
            "",
            "",
            "Monday, May 7, 2015 ",
            "june 3, 2031 ",
            "OSLO (Reuters) — ",
            "Lyon, France - ",
            "Tromsø, Norway – ",
            "Vik -- ",
        ];
        let mut rng = crate::test_rng::Rng::new(0x2545_f491_4f6c_dd1d);
        let (mut credits, mut datelines) = (0, 0);
        for _ in 0..20_000 {
            let n = rng.below(30);
            let mut t = String::from(heads[rng.below(heads.len())]);
            for _ in 0..n {
                t.push_str(atoms[rng.below(atoms.len())]);
                if rng.next_u64().is_multiple_of(3) {
                    t.push(' ');
                }
            }
            let b = boundaries(&t);
            assert_eq!(b, boundaries_reference(&t), "{t:?}");
            let d = dateline_end(&t);
            assert_eq!(d, dateline_end_reference(&t), "{t:?}");
            credits += usize::from(b.iter().any(|&x| t[x..].starts_with(['P', 'I', 'C'])));
            datelines += usize::from(d.is_some());
        }
        // The texts do reach the rare rules.
        assert!(credits > 100 && datelines > 100, "{credits} {datelines}");
    }

    #[test]
    fn no_panic_on_odd_text() {
        let atoms = [
            ".", "!", "?", "…", ". . .", "...", "\"", "“", "”", "‘", "’", "'", "(", ")", "[", "]",
            " ", "  ", "\n", "\t", "a", "I", "U.S.", "Mr.", "a.m.", "No.", "1.", "2)", "a.", "⁃",
            "•", "-", " - ", "—", "é", "Ünter", "東京", "😀", "Photo:", "Image: ", "May", "7,",
            "2015", "Monday,", "X", "3.5", "$1.2bn", "4:30", ",", ";", ":", "\u{200b}", "ß",
        ];
        let mut rng = crate::test_rng::Rng::new(0x9e37_79b9_7f4a_7c15);
        for _ in 0..3000 {
            let n = rng.below(40);
            let mut t = String::new();
            for _ in 0..n {
                t.push_str(atoms[rng.below(atoms.len())]);
            }
            let spans = split_block(&t);
            let mut last = 0;
            for &(s, e) in &spans {
                assert!(s >= last && s < e && e <= t.len(), "{t:?}");
                assert!(t.is_char_boundary(s) && t.is_char_boundary(e));
                last = e;
            }
            let body_chars = t.chars().count();
            let blocks = vec![Block {
                start: 0,
                end: body_chars,
                kind: BlockKind::Paragraph,
            }];
            for x in split(&t, &blocks) {
                assert!(x.start < x.end && x.end <= body_chars);
            }
            let _ = split(&t, &[]);
        }
    }

    #[test]
    fn headings_are_units_and_offsets_are_chars() {
        let body = "Über den Fluss\n\nThe ferry “Lise” sailed. It was late.";
        let blocks = vec![
            Block {
                start: 0,
                end: 14,
                kind: BlockKind::Heading,
            },
            Block {
                start: 16,
                end: body.chars().count(),
                kind: BlockKind::Paragraph,
            },
        ];
        let s = split(body, &blocks);
        assert_eq!(s.len(), 3);
        assert!(s[0].heading);
        let chars: Vec<char> = body.chars().collect();
        for x in &s {
            assert_eq!(chars[x.start..x.end].iter().collect::<String>(), x.text);
        }
        assert_eq!(s[2].text, "It was late.");
    }
}
