//! A byte-level HTML tokenizer that feeds html5ever's tree builder.
//!
//! html5ever's own tokenizer walks the page one char at a time through a `BufferQueue`; on
//! news pages (mostly attributes, scripts and markup) that was half of the extraction time.
//! This one jumps between the bytes that matter with `memchr`, and slices the input only
//! at ASCII delimiters, so every slice is on a char boundary. It follows the WHATWG
//! tokenizer where the result can change the tree or the text: character references
//! (html5ever's named-entity table, numeric references with the C1 and invalid-value
//! replacements, the attribute-value exception for legacy names), attributes (quoted,
//! unquoted, valueless, duplicates dropped), comments (`-->`, `--!>`, `<!-->`), bogus
//! comments, doctypes (name, public and system ids for the quirks mode), CDATA in foreign
//! content, the raw-text states the tree builder asks for (RCDATA, RAWTEXT, script data with
//! its escaped and double-escaped states, PLAINTEXT), CR/LF normalisation, NUL handling and
//! tags cut off by the end of input (dropped). Tree construction (implied end tags, the
//! adoption agency, foster parenting, foreign content) stays html5ever's.
//! Parse errors are not reported: nothing downstream reads them.

use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts};
use html5ever::{Attribute, LocalName, QualName};
use memchr::{memchr, memchr2, memchr3, memmem};
use rustc_hash::FxHashSet;
use std::borrow::Cow;

use super::sink::Sink;

/// Parses a whole document into the sink's arena.
pub fn parse(html: &str) -> Sink {
    let html = html.strip_prefix('\u{feff}').unwrap_or(html);
    let opts = TreeBuilderOpts {
        scripting_enabled: false,
        ..Default::default()
    };
    // About one node per 60 bytes of news-page HTML.
    let tb = TreeBuilder::new(Sink::new(html.len() / 60 + 16), opts);
    let mut t = Tokenizer {
        s: html,
        b: html.as_bytes(),
        pos: 0,
        text: String::new(),
        tb: &tb,
    };
    t.run();
    let _ = tb.process_token(Token::EOFToken, 1);
    tb.end();
    tb.sink
}

/// The state after a start tag, as the tree builder asks.
enum Raw {
    Rcdata,
    Rawtext,
    Script,
    Plaintext,
}

struct Tokenizer<'a, 't> {
    s: &'a str,
    b: &'a [u8],
    pos: usize,
    /// Pending character data, flushed as one token before any other token.
    text: String,
    tb: &'t TreeBuilder<u32, Sink>,
}

/// The first position at or after `j` that is not HTML white space.
fn skip_ws(b: &[u8], mut j: usize) -> usize {
    while j < b.len() && is_ws(b[j]) {
        j += 1;
    }
    j
}

fn is_ws(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// Pushes `s` with CR LF and lone CR turned into LF, and NUL into U+FFFD when `nul` is set.
fn push_normalised(out: &mut String, s: &str, nul: bool) {
    let b = s.as_bytes();
    let special = if nul {
        memchr2(b'\r', 0, b)
    } else {
        memchr(b'\r', b)
    };
    if special.is_none() {
        out.push_str(s);
        return;
    }
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\r' => {
                out.push_str(&s[start..i]);
                out.push('\n');
                if b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            0 if nul => {
                out.push_str(&s[start..i]);
                out.push('\u{fffd}');
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&s[start..]);
}

/// Decodes the character reference at `b[i] == b'&'` into `out`; returns the position after
/// what it consumed (just after the `&` when it is not a reference).
fn char_ref(s: &str, i: usize, in_attr: bool, out: &mut String) -> usize {
    let b = s.as_bytes();
    match b.get(i + 1) {
        Some(c) if c.is_ascii_alphanumeric() => {
            let mut j = i + 1;
            let mut found: Option<(usize, (u32, u32))> = None;
            while j < b.len() {
                let c = b[j];
                if !(c.is_ascii_alphanumeric() || c == b';') {
                    break;
                }
                // ASCII only so far: `j + 1` is a char boundary.
                match NAMED_ENTITIES.get(&s[i + 1..=j]) {
                    None => break,
                    Some(&(0, 0)) => {}
                    Some(&v) => found = Some((j + 1, v)),
                }
                j += 1;
                if c == b';' {
                    break;
                }
            }
            let Some((end, (c1, c2))) = found else {
                out.push('&');
                return i + 1;
            };
            if b[end - 1] != b';'
                && in_attr
                && b.get(end)
                    .is_some_and(|&c| c == b'=' || c.is_ascii_alphanumeric())
            {
                out.push('&');
                return i + 1;
            }
            out.push(char::from_u32(c1).unwrap_or('\u{fffd}'));
            if c2 != 0 {
                out.push(char::from_u32(c2).unwrap_or('\u{fffd}'));
            }
            end
        }
        Some(b'#') => {
            let mut j = i + 2;
            let hex = matches!(b.get(j), Some(b'x' | b'X'));
            if hex {
                j += 1;
            }
            let base = if hex { 16 } else { 10 };
            let start = j;
            let mut num: u32 = 0;
            let mut too_big = false;
            while let Some(d) = b.get(j).and_then(|&c| (c as char).to_digit(base)) {
                num = num.wrapping_mul(base);
                if num > 0x10FFFF {
                    too_big = true;
                }
                num = num.wrapping_add(d);
                j += 1;
            }
            if j == start {
                out.push('&');
                return i + 1;
            }
            if b.get(j) == Some(&b';') {
                j += 1;
            }
            let c = match num {
                _ if too_big || num > 0x10FFFF => '\u{fffd}',
                0 | 0xD800..=0xDFFF => '\u{fffd}',
                0x80..=0x9F => C1_REPLACEMENTS[(num - 0x80) as usize]
                    .or_else(|| char::from_u32(num))
                    .unwrap_or('\u{fffd}'),
                n => char::from_u32(n).unwrap_or('\u{fffd}'),
            };
            out.push(c);
            j
        }
        _ => {
            out.push('&');
            i + 1
        }
    }
}

/// Pushes `s` (text or an attribute value) with its character references decoded.
fn push_decoded(out: &mut String, s: &str, in_attr: bool) {
    let b = s.as_bytes();
    let mut start = 0;
    while let Some(k) = memchr(b'&', &b[start..]) {
        let i = start + k;
        push_normalised(out, &s[start..i], true);
        start = char_ref(s, i, in_attr, out);
    }
    push_normalised(out, &s[start..], true);
}

/// An attribute value with its character references decoded.
fn attr_value(s: &str) -> StrTendril {
    if memchr3(b'&', b'\r', 0, s.as_bytes()).is_none() {
        return StrTendril::from_slice(s);
    }
    let mut out = String::with_capacity(s.len());
    push_decoded(&mut out, s, true);
    StrTendril::from_slice(&out)
}

/// A tag, attribute or doctype name: ASCII lower case, NUL replaced.
fn lower_name(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|c| c.is_ascii_uppercase() || c == 0) {
        Cow::Owned(
            s.chars()
                .map(|c| {
                    if c == '\0' {
                        '\u{fffd}'
                    } else {
                        c.to_ascii_lowercase()
                    }
                })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

/// A tag or attribute name, as [`lower_name`] makes it.
fn name_of(s: &str) -> LocalName {
    LocalName::from(&*lower_name(s))
}

impl Tokenizer<'_, '_> {
    fn flush(&mut self) {
        if !self.text.is_empty() {
            let t = StrTendril::from_slice(&self.text);
            self.text.clear();
            let _ = self.tb.process_token(Token::CharacterTokens(t), 1);
        }
    }

    fn emit(&mut self, token: Token) -> TokenSinkResult<u32> {
        self.flush();
        self.tb.process_token(token, 1)
    }

    fn run(&mut self) {
        let n = self.b.len();
        while self.pos < n {
            let Some(k) = memchr3(b'<', b'&', 0, &self.b[self.pos..]) else {
                push_normalised(&mut self.text, &self.s[self.pos..], false);
                self.pos = n;
                break;
            };
            let i = self.pos + k;
            push_normalised(&mut self.text, &self.s[self.pos..i], false);
            self.pos = i;
            match self.b[i] {
                b'&' => self.pos = char_ref(self.s, i, false, &mut self.text),
                0 => {
                    let _ = self.emit(Token::NullCharacterToken);
                    self.pos = i + 1;
                }
                _ => self.markup(),
            }
        }
        self.flush();
    }

    /// At a `<` in the data state.
    fn markup(&mut self) {
        let b = self.b;
        let i = self.pos;
        match b.get(i + 1) {
            Some(c) if c.is_ascii_alphabetic() => self.tag(TagKind::StartTag, i + 1),
            Some(b'/') => match b.get(i + 2) {
                Some(c) if c.is_ascii_alphabetic() => self.tag(TagKind::EndTag, i + 2),
                Some(b'>') => self.pos = i + 3,
                Some(_) => self.bogus_comment(i + 2),
                None => {
                    self.text.push_str("</");
                    self.pos = i + 2;
                }
            },
            Some(b'!') => self.markup_declaration(i + 2),
            Some(b'?') => self.bogus_comment(i + 1),
            _ => {
                self.text.push('<');
                self.pos = i + 1;
            }
        }
    }

    /// A comment whose text does not matter, ended by the next `>`.
    fn bogus_comment(&mut self, from: usize) {
        let end = memchr(b'>', &self.b[from..]).map_or(self.b.len(), |k| from + k + 1);
        let _ = self.emit(Token::CommentToken(StrTendril::new()));
        self.pos = end;
    }

    /// After `<!`.
    fn markup_declaration(&mut self, from: usize) {
        let b = self.b;
        let rest = &b[from..];
        if rest.starts_with(b"--") {
            self.comment(from + 2);
        } else if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"doctype") {
            self.doctype(from + 7);
        } else if rest.starts_with(b"[CDATA[")
            && self
                .tb
                .adjusted_current_node_present_but_not_in_html_namespace()
        {
            let start = from + 7;
            let end = memmem::find(&b[start..], b"]]>").map_or(b.len(), |k| start + k);
            push_normalised(&mut self.text, &self.s[start..end], false);
            self.pos = (end + 3).min(b.len());
        } else {
            self.bogus_comment(from);
        }
    }

    /// After `<!--`.
    fn comment(&mut self, from: usize) {
        let b = self.b;
        let end = if b.get(from) == Some(&b'>') {
            from + 1
        } else if b[from..].starts_with(b"->") {
            from + 2
        } else {
            let mut at = from;
            loop {
                let Some(k) = memmem::find(&b[at..], b"--") else {
                    break b.len();
                };
                let j = at + k;
                match b.get(j + 2) {
                    Some(b'>') => break j + 3,
                    Some(b'!') if b.get(j + 3) == Some(&b'>') => break j + 4,
                    _ => at = j + 1,
                }
            }
        };
        let _ = self.emit(Token::CommentToken(StrTendril::new()));
        self.pos = end;
    }

    /// After `<!DOCTYPE`.
    fn doctype(&mut self, from: usize) {
        let b = self.b;
        let end = memchr(b'>', &b[from..]).map_or(b.len(), |k| from + k);
        let mut dt = Doctype {
            force_quirks: end == b.len(),
            ..Default::default()
        };
        let mut j = from;
        while j < end && is_ws(b[j]) {
            j += 1;
        }
        let name_start = j;
        while j < end && !is_ws(b[j]) {
            j += 1;
        }
        if j == name_start {
            dt.force_quirks = true;
        } else {
            dt.name = Some(StrTendril::from_slice(&lower_name(&self.s[name_start..j])));
            while j < end && is_ws(b[j]) {
                j += 1;
            }
            let kw = &b[j..end];
            let public = kw.len() >= 6 && kw[..6].eq_ignore_ascii_case(b"public");
            let system = kw.len() >= 6 && kw[..6].eq_ignore_ascii_case(b"system");
            if public || system {
                j += 6;
                let mut ids = Vec::new();
                while ids.len() < 2 {
                    while j < end && is_ws(b[j]) {
                        j += 1;
                    }
                    match b.get(j) {
                        Some(&q @ (b'"' | b'\'')) if j < end => {
                            // A quoted id may hold a `>`? No: `>` ends it (abrupt id).
                            let close = memchr(q, &b[j + 1..end]).map(|k| j + 1 + k);
                            match close {
                                Some(c) => {
                                    ids.push(StrTendril::from_slice(&self.s[j + 1..c]));
                                    j = c + 1;
                                }
                                None => {
                                    ids.push(StrTendril::from_slice(&self.s[j + 1..end]));
                                    dt.force_quirks = true;
                                    j = end;
                                }
                            }
                        }
                        _ => {
                            if ids.is_empty() {
                                dt.force_quirks = true;
                            }
                            break;
                        }
                    }
                    if system {
                        break;
                    }
                }
                let mut ids = ids.into_iter();
                if public {
                    dt.public_id = ids.next();
                    dt.system_id = ids.next();
                } else {
                    dt.system_id = ids.next();
                }
            } else if j < end {
                dt.force_quirks = true;
            }
        }
        let _ = self.emit(Token::DoctypeToken(dt));
        self.pos = (end + 1).min(b.len());
    }

    /// A tag whose name starts at `from`. A tag cut off by the end of input is dropped.
    fn tag(&mut self, kind: TagKind, from: usize) {
        let b = self.b;
        let n = b.len();
        let mut j = from;
        while j < n && !(is_ws(b[j]) || matches!(b[j], b'/' | b'>')) {
            j += 1;
        }
        let name = name_of(&self.s[from..j]);
        let mut attrs: Vec<Attribute> = Vec::new();
        let mut names: FxHashSet<LocalName> = FxHashSet::default();
        let mut dup = false;
        let mut self_closing = false;
        loop {
            j = skip_ws(b, j);
            if j >= n {
                self.pos = n;
                return;
            }
            match b[j] {
                b'>' => {
                    j += 1;
                    break;
                }
                b'/' => {
                    j += 1;
                    if b.get(j) == Some(&b'>') {
                        self_closing = true;
                        j += 1;
                        break;
                    }
                    continue;
                }
                _ => {}
            }
            // Attribute name: the first char may be `=`.
            let a = j;
            j += 1;
            while j < n && !(is_ws(b[j]) || matches!(b[j], b'/' | b'>' | b'=')) {
                j += 1;
            }
            let aname = &self.s[a..j];
            j = skip_ws(b, j);
            let mut value = StrTendril::new();
            if j < n && b[j] == b'=' {
                j += 1;
                j = skip_ws(b, j);
                if j >= n {
                    self.pos = n;
                    return;
                }
                match b[j] {
                    q @ (b'"' | b'\'') => {
                        let Some(k) = memchr(q, &b[j + 1..]) else {
                            self.pos = n;
                            return;
                        };
                        value = attr_value(&self.s[j + 1..j + 1 + k]);
                        j += k + 2;
                    }
                    b'>' => {}
                    _ => {
                        let v = j;
                        while j < n && !(is_ws(b[j]) || b[j] == b'>') {
                            j += 1;
                        }
                        value = attr_value(&self.s[v..j]);
                    }
                }
            }
            if kind == TagKind::EndTag {
                continue;
            }
            let local = name_of(aname);
            // Later duplicates are dropped; a set keeps a tag with thousands of attributes
            // linear.
            let seen = if attrs.len() < 16 {
                attrs.iter().any(|x| x.name.local == local)
            } else {
                if names.is_empty() {
                    names.extend(attrs.iter().map(|x| x.name.local.clone()));
                }
                !names.insert(local.clone())
            };
            if seen {
                dup = true;
                continue;
            }
            attrs.push(Attribute {
                name: QualName::new(None, html5ever::ns!(), local),
                value,
            });
        }
        self.pos = j;
        let raw_name = name.clone();
        // Scripts and styles are dropped from the page: their text is not worth copying,
        // except JSON-LD.
        let keep = match &*name {
            "script" => super::dom::is_json_ld(&attrs),
            "style" => false,
            _ => true,
        };
        let res = self.emit(Token::TagToken(Tag {
            kind,
            name,
            self_closing,
            attrs,
            had_duplicate_attributes: dup,
        }));
        let raw = match res {
            TokenSinkResult::RawData(RawKind::Rcdata) => Raw::Rcdata,
            TokenSinkResult::RawData(RawKind::Rawtext) => Raw::Rawtext,
            TokenSinkResult::RawData(RawKind::ScriptData) => Raw::Script,
            TokenSinkResult::RawData(RawKind::ScriptDataEscaped(_)) => Raw::Script,
            TokenSinkResult::Plaintext => Raw::Plaintext,
            _ => return,
        };
        self.raw_text(raw, &raw_name, keep);
    }

    /// Content of a raw-text element up to its end tag (which is left for `markup`).
    fn raw_text(&mut self, raw: Raw, name: &str, keep: bool) {
        let b = self.b;
        let start = self.pos;
        let end = match raw {
            Raw::Plaintext => b.len(),
            Raw::Rcdata | Raw::Rawtext => find_end_tag(b, start, name.as_bytes()),
            Raw::Script => script_end(b, start),
        };
        let content = &self.s[start..end];
        self.pos = end;
        if !keep {
            return;
        }
        match raw {
            Raw::Rcdata => push_decoded(&mut self.text, content, false),
            _ => push_normalised(&mut self.text, content, true),
        }
        self.flush();
    }
}

/// Whether `b[i..]` is `</name` followed by whitespace, `/` or `>` (an appropriate end tag).
fn is_end_tag(b: &[u8], i: usize, name: &[u8]) -> bool {
    let e = i + 2 + name.len();
    b.get(i) == Some(&b'<')
        && b.get(i + 1) == Some(&b'/')
        && b.get(i + 2..e)
            .is_some_and(|t| t.eq_ignore_ascii_case(name))
        && b.get(e)
            .is_some_and(|&c| is_ws(c) || c == b'/' || c == b'>')
}

/// Position of the appropriate end tag for RCDATA / RAWTEXT content from `from`, or the end.
fn find_end_tag(b: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(k) = memmem::find(&b[at..], b"</") {
        let i = at + k;
        if is_end_tag(b, i, name) {
            return i;
        }
        at = i + 2;
    }
    b.len()
}

/// Whether `b[i..]` starts with `script` (any case) followed by whitespace, `/` or `>`.
/// The end of the run of ASCII letters at `at`, and whether the run is the word "script"
/// (any case).
fn letter_run(b: &[u8], at: usize) -> (usize, bool) {
    let mut j = at;
    while j < b.len() && b[j].is_ascii_alphabetic() {
        j += 1;
    }
    (j, j == at + 6 && is_script_word(b, at))
}

fn is_script_word(b: &[u8], i: usize) -> bool {
    b.get(i..i + 6)
        .is_some_and(|t| t.eq_ignore_ascii_case(b"script"))
        && b.get(i + 6)
            .is_some_and(|&c| is_ws(c) || c == b'/' || c == b'>')
}

/// End of script data from `from`: the script data, escaped and double-escaped states of
/// the tokenizer, reduced to finding where `</script` ends the content.
fn script_end(b: &[u8], from: usize) -> usize {
    let first = find_end_tag(b, from, b"script");
    // Fast path: no `<!--` before the end tag, so no escaped state.
    if memmem::find(&b[from..first], b"<!--").is_none() {
        return first;
    }
    #[derive(Clone, Copy, PartialEq)]
    enum S {
        Data,
        Escaped,
        EscDash,
        EscDashDash,
        Double,
        DoubleDash,
        DoubleDashDash,
    }
    let n = b.len();
    let mut s = S::Data;
    let mut i = from;
    while i < n {
        if s == S::Data {
            let Some(k) = memchr(b'<', &b[i..]) else {
                return n;
            };
            i += k;
            if is_end_tag(b, i, b"script") {
                return i;
            }
            if b[i..].starts_with(b"<!--") {
                s = S::EscDashDash;
                i += 4;
            } else {
                i += 1;
            }
            continue;
        }
        if matches!(s, S::Escaped | S::Double) {
            let Some(k) = memchr2(b'-', b'<', &b[i..]) else {
                return n;
            };
            i += k;
        }
        let c = b[i];
        let double = matches!(s, S::Double | S::DoubleDash | S::DoubleDashDash);
        match c {
            b'-' => {
                s = match s {
                    S::Escaped => S::EscDash,
                    S::EscDash | S::EscDashDash => S::EscDashDash,
                    S::Double => S::DoubleDash,
                    _ => S::DoubleDashDash,
                };
                i += 1;
            }
            b'<' if !double => {
                if is_end_tag(b, i, b"script") {
                    return i;
                }
                s = S::Escaped;
                if b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
                    let (j, script) = letter_run(b, i + 1);
                    if script {
                        s = S::Double;
                    }
                    i = j;
                } else {
                    i += 1;
                }
            }
            b'<' => {
                s = S::Double;
                if b.get(i + 1) == Some(&b'/') {
                    let (j, script) = letter_run(b, i + 2);
                    if script {
                        s = S::Escaped;
                    }
                    i = j;
                } else {
                    i += 1;
                }
            }
            b'>' if matches!(s, S::EscDashDash | S::DoubleDashDash) => {
                s = S::Data;
                i += 1;
            }
            _ => {
                s = if double { S::Double } else { S::Escaped };
                i += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str, attr: bool) -> String {
        let mut out = String::new();
        push_decoded(&mut out, s, attr);
        out
    }

    #[test]
    fn character_references() {
        assert_eq!(dec("a &amp; b &lt;&gt; &quot;", false), "a & b <> \"");
        assert_eq!(dec("&eacute;t&eacute;", false), "été");
        assert_eq!(dec("&#233;&#xE9;&#XE9", false), "ééé");
        assert_eq!(
            dec("&#0; &#x110000; &#xD800;", false),
            "\u{fffd} \u{fffd} \u{fffd}"
        );
        assert_eq!(dec("&#150;", false), "\u{2013}");
        assert_eq!(dec("&#; &#x; & &foo; &", false), "&#; &#x; & &foo; &");
        // Legacy names without a semicolon, and the attribute exception.
        assert_eq!(dec("&copy 2026 &notit;", false), "© 2026 ¬it;");
        assert_eq!(dec("?a=1&copy=2&amp;b", true), "?a=1&copy=2&b");
        assert_eq!(dec("x&notin;y", false), "x∉y");
        assert_eq!(dec("&NotEqualTilde;", false), "\u{2242}\u{338}");
        assert_eq!(dec("&#99999999999999999999;", false), "\u{fffd}");
        assert_eq!(dec("a\r\nb\rc\0", false), "a\nb\nc\u{fffd}");
    }

    #[test]
    fn script_ends() {
        let s = b"var a = '<b>'; </script >rest";
        assert_eq!(script_end(s, 0), 15);
        let s = b"<!-- document.write('<script>x</script>'); --></script>z";
        assert_eq!(&s[script_end(s, 0)..], b"</script>z");
        let s = b"<!-- a </script> b";
        assert_eq!(script_end(s, 0), 7);
        let s = b"if (a<b) {} </scripty></SCRIPT>";
        assert_eq!(&s[script_end(s, 0)..], b"</SCRIPT>");
        let s = b"<!-- <script> never closed";
        assert_eq!(script_end(s, 0), s.len());
    }

    /// The flattened page as `tag(children)` / `"text"`, for comparing tree shapes.
    fn shape(html: &str) -> String {
        shape_of(&super::super::dom::Page::parse(html))
    }

    fn shape_of(page: &super::super::dom::Page) -> String {
        let mut out = String::new();
        let mut open: Vec<u32> = Vec::new();
        for (i, n) in page.nodes.iter().enumerate().skip(1) {
            while open.last().is_some_and(|&e| e as usize <= i) {
                open.pop();
                out.push(')');
            }
            if n.is_text() {
                out.push_str(&format!("{:?}", &*n.text));
            } else {
                out.push_str(&n.tag);
                for a in &n.attrs {
                    out.push_str(&format!("[{}={}]", a.name.local, a.value));
                }
                out.push('(');
                open.push(n.end);
            }
        }
        for _ in open {
            out.push(')');
        }
        for j in &page.json_ld {
            out.push_str(&format!(" ld:{j:?}"));
        }
        out
    }

    #[test]
    fn tree_construction_rules_apply() {
        // Implied end tags, void elements, unclosed tags at the end.
        assert_eq!(
            shape("<p>one<p>two<br>three<li>a<li>b"),
            r#"html(head()body(p("one")p("two"br()"three")li("a")li("b")))"#
        );
        // Mis-nested formatting (adoption agency) and stray end tags.
        assert_eq!(
            shape("<b>1<i>2</b>3</i></div>4"),
            r#"html(head()body(b("1"i("2"))i("3")"4"))"#
        );
        // Raw text: markup inside script, style, title and textarea is text.
        assert_eq!(
            shape("<title>A &amp; <b>B</b></title><style>p>a{}</style><p>x</p>"),
            r#"html(head(title("A & <b>B</b>"))body(p("x")))"#
        );
        // Attributes: quotes, no quotes, no value, duplicates, upper case, references.
        assert_eq!(
            shape("<DIV Class='a b' id=x data-z title=\"&lt;&copy=1\" class=c>t</div>"),
            r#"html(head()body(div[class=a b][id=x][data-z=][title=<&copy=1]("t")))"#
        );
        // Comments (kept apart from the text around them, as nodes), doctype, bogus
        // comments, CDATA outside foreign content, CR LF.
        assert_eq!(
            shape("<!DOCTYPE html><!-- <p>no</p> --><p>a<!-->b<?x y>c<![CDATA[d]]>e\r\nf</p>"),
            r#"html(head()body(p("a""b""c""e\nf")))"#
        );
        // Foster parenting of text in a table.
        assert_eq!(
            shape("<table>lost<tr><td>cell</table>"),
            r#"html(head()body("lost"table(tbody(tr(td("cell"))))))"#
        );
    }

    #[test]
    fn many_attributes_stay_linear_and_first_wins() {
        let mut html = String::from("<p");
        for i in 0..50_000 {
            html.push_str(&format!(" a{}=\"{}\"", i % 25_000, i));
        }
        html.push_str(">x</p>");
        let t = std::time::Instant::now();
        let page = super::super::dom::Page::parse(&html);
        assert!(t.elapsed().as_secs() < 5);
        let p = page.find_tag("p").expect("p");
        assert_eq!(page.nodes[p].attrs.len(), 25_000);
        assert_eq!(page.nodes[p].attr("a7"), Some("7"));
    }

    #[test]
    fn json_ld_and_escaped_scripts() {
        let page = super::super::dom::Page::parse(
            "<script type=\"application/ld+json\">{\"a\": \"</p>\"}</script>\
             <script><!-- document.write('<script>x</script>'); --></script><p>after</p>",
        );
        assert_eq!(page.json_ld, vec!["{\"a\": \"</p>\"}".to_string()]);
        assert_eq!(page.text_of(0), "after");
    }

    /// The same page parsed by html5ever's own tokenizer (and the same tree builder).
    fn shape_html5ever(html: &str) -> String {
        use html5ever::tendril::TendrilSink;
        let opts = html5ever::ParseOpts {
            tree_builder: TreeBuilderOpts {
                scripting_enabled: false,
                ..Default::default()
            },
            ..Default::default()
        };
        let sink = html5ever::parse_document(Sink::new(16), opts).one(html);
        shape_of(&super::super::dom::Page::from_sink(sink))
    }

    #[test]
    fn same_tree_as_html5ever_tokenizer() {
        for html in [
            "<!doctype html><html><head><title>T &amp; U</title><meta charset=utf-8></head>\
             <body><div class=a><p>One, <b>two<i>three</b></i><p>four<table><tr><td>c\
             <td>d</table><ul><li>x<li>y</ul><script>if(a<b)document.write('</p>')</script>\
             <svg><title>s</title><![CDATA[cdata <b>]]></svg><textarea>\n<b>t</b></textarea>\
             <pre>\n\nkeep</pre><select><option>o1<option>o2</select>&notin; &copy 2026\
             <a href='?a=1&copy=2'>l</a></div></body></html>",
            "<p>unclosed <span title=\"x",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\"><p>a<table><p>b",
            "<frameset><frame></frameset><noframes><p>x</noframes>",
            "<plaintext><p>all text",
            "\u{feff}<p>bom\u{feff}</p>",
            "<math><mi>x</mi><annotation-xml encoding=text/html><p>y</p></annotation-xml></math>",
            "<template><p>in</p></template><p>out",
            "<script><!--<script>x</script>--></script>after",
            "<script type=application/ld+json>{\"a\":\"&amp;</p>\"}</script>\
             <svg><script type=application/ld+json>{\"b\":\"&amp;\"}</script></svg>",
            "<style>p{}</style><xmp><b>x</b></xmp><iframe><p>i</iframe><noembed>n</noembed>",
        ] {
            assert_eq!(shape(html), shape_html5ever(html), "{html}");
        }
    }

    /// Compares whole trees on the dev pack: `cargo test --release -p dossier --lib
    /// clean::html::tokenize::tests::same_tree_on_dev_pack -- --ignored`.
    #[test]
    #[ignore]
    fn same_tree_on_dev_pack() {
        let path = "/work/shared/bench/extraction/dev/pages.jsonl";
        let Ok(src) = std::fs::read_to_string(path) else {
            return;
        };
        let mut differ = 0;
        for l in src.lines() {
            let Ok(p) = serde_json::from_str::<serde_json::Value>(l) else {
                continue;
            };
            let html = p["html"].as_str().unwrap_or("");
            if shape(html) != shape_html5ever(html) {
                differ += 1;
                eprintln!("differs: {}", p["id"]);
            }
        }
        assert_eq!(differ, 0);
    }

    #[test]
    fn random_byte_soup_and_truncations_do_not_panic() {
        const PIECES: &[&str] = &[
            "<",
            ">",
            "</",
            "/>",
            "<p>",
            "</p>",
            "<div class=\"",
            "\"",
            "'",
            "=",
            "&",
            "&amp",
            "&#x",
            "&#",
            ";",
            "<!--",
            "-->",
            "--!>",
            "<!",
            "<?",
            "<![CDATA[",
            "]]>",
            "<script>",
            "</script>",
            "<!--<script>",
            "<title>",
            "</title",
            "<textarea>",
            "<plaintext>",
            "<table>",
            "<td>",
            "<tr>",
            "<svg>",
            "<math>",
            "<template>",
            "</template>",
            "<select>",
            "<option>",
            "<b>",
            "<i>",
            "</b>",
            "<a href=x>",
            "</a>",
            "<!DOCTYPE html PUBLIC \"",
            "\u{0}",
            "\r",
            "\n",
            " ",
            "é",
            "日本",
            "text",
            "x=y",
            "<frameset>",
            "<noscript>",
            "<style>",
            "<head>",
            "<body>",
            "</html>",
            "<form>",
            "<button>",
            "<!DOCTYPE",
            "SYSTEM",
            "PUBLIC",
            "<pre>",
            "<listing>",
            "&notin",
            "&#150;",
            "<xmp>",
            "<iframe>",
            "</script >",
            "<script",
            "</SCRIPT",
            "<h1>",
            "<dd>",
            "<dt>",
            "<tbody>",
            "<caption>",
            "<col>",
            "<colgroup>",
            "<foreignObject>",
            "<desc>",
            "<mi>",
            "<mtext>",
            "<annotation-xml encoding=text/html>",
            "<input type=hidden>",
            "<image>",
            "<isindex>",
            "<nobr>",
            "<marquee>",
            "<applet>",
            "<object>",
            "<param>",
            "<area>",
            "<wbr>",
            "<ruby>",
            "<rt>",
            "<rp>",
            "<optgroup>",
            "<hr>",
            "<frame>",
            "<base>",
            "<link>",
            "<meta>",
        ];
        // No U+FEFF in the soup: html5ever drops one right after a `</script>` (it re-enters
        // its BOM check when it resumes after a script), we keep it as the spec says.
        let mut rng = crate::test_rng::Rng::new(0x9e37_79b9_7f4a_7c15);
        let mut next = || rng.next_u64();
        // `HTML_FUZZ_ROUNDS=100000 cargo test --release ... random_byte_soup` for a longer run.
        let rounds = std::env::var("HTML_FUZZ_ROUNDS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(400);
        for _ in 0..rounds {
            let len = (next() % 120) as usize;
            let mut s = String::new();
            for _ in 0..len {
                let r = next();
                if r % 7 == 0 {
                    // A raw byte turned into a char, including controls.
                    s.push(char::from((r >> 8) as u8));
                } else {
                    s.push_str(PIECES[(r >> 8) as usize % PIECES.len()]);
                }
            }
            let page = super::super::dom::Page::parse(&s);
            // Same tree as html5ever's own tokenizer would give.
            assert_eq!(shape_of(&page), shape_html5ever(&s), "{s:?}");
            // The arena is well formed: every subtree ends inside its parent's.
            for (i, n) in page.nodes.iter().enumerate().skip(1) {
                let p = &page.nodes[n.parent as usize];
                assert!((n.parent as usize) < i && n.end <= p.end && n.end as usize > i);
            }
            for cut in (0..s.len()).step_by(7) {
                if s.is_char_boundary(cut) {
                    let _ = super::super::extract(&s[..cut], &Default::default());
                }
            }
        }
    }
}
