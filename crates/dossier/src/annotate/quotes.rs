//! The quotes layer: direct, partial and indirect speech, each with its speaker and cue.
//!
//! The layer works on the chars of the body. It finds quoted spans between quotation marks
//! (curly and straight, double and single), looks for the attribution in the clause around
//! each (`“…,” X said`, `said X, a …`, `X said: “…”`, `X was adamant that “…”`,
//! `according to X`, `X described it as “…”`), resolves pronouns and role nouns to the last
//! person named with them, and fills unattributed quotes from the quote next to them. It then
//! adds indirect speech (`X said that …` in a sentence without quotation marks).
//!
//! It uses the entity mentions and sentences of the document when they are there, and its
//! own light detection of capitalised names and sentence ends when they are not.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::lexicon;
use crate::model::{Document, EntityType, Quote, QuoteKind};

/// The quotes of one document, in body order.
///
/// Every quote's `text` equals the body's chars `start..end` (the words without the
/// quotation marks); `speaker_start..speaker_end`, when set, is a span of the body whose text
/// is the `speaker`.
pub fn annotate(doc: &Document) -> Vec<Quote> {
    let chars: Vec<char> = doc.body.chars().collect();
    if chars.is_empty() {
        return Vec::new();
    }
    let cx = Ctx::new(doc, chars);
    cx.run()
}

/// A token of the body: a word (letters, digits and word-inner marks) or one other char.
#[derive(Debug, Clone)]
struct Tok {
    s: usize,
    e: usize,
    text: String,
    lower: String,
    word: bool,
}

impl Tok {
    fn cap(&self) -> bool {
        let mut it = self.text.chars();
        match it.next() {
            Some(c) if c.is_uppercase() => true,
            // "al-Sistani", "el-Sisi"
            Some(c) if c.is_lowercase() => {
                let l = self.lower.as_str();
                (l.starts_with("al-") || l.starts_with("el-"))
                    && self.text.chars().nth(3).is_some_and(|c| c.is_uppercase())
            }
            _ => false,
        }
    }
    /// The lower-case text without a final dot ("gen." -> "gen").
    fn bare(&self) -> &str {
        self.lower.strip_suffix('.').unwrap_or(&self.lower)
    }
}

/// A quoted span found between marks.
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

/// Who a phrase names, as a span of the body.
#[derive(Debug, Clone, PartialEq)]
struct Who {
    name: String,
    s: usize,
    e: usize,
}

/// Attribution found for a quote.
#[derive(Debug, Clone, Default)]
struct Attr {
    cue: Option<String>,
    who: Option<Who>,
}

struct Ctx<'a> {
    doc: &'a Document,
    chars: Vec<char>,
    toks: Vec<Tok>,
    paras: Vec<(usize, usize)>,
    /// Name candidates: (start, end, name, person-like), in body order, titles stripped.
    names: Vec<Cand>,
}

#[derive(Debug, Clone)]
struct Cand {
    s: usize,
    e: usize,
    name: String,
    person: bool,
    /// Canonical form the entity layer gives, if any.
    canonical: Option<String>,
    /// The role or title written before the name, lower case ("prime minister").
    role: Option<String>,
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

fn is_verb(t: &Tok) -> bool {
    t.word && lexicon::quotes_verbs().contains(t.lower.as_str())
}

impl<'a> Ctx<'a> {
    fn new(doc: &'a Document, chars: Vec<char>) -> Ctx<'a> {
        let toks = tokenize(&chars);
        let paras = paragraphs(doc, &chars);
        let mut cx = Ctx {
            doc,
            chars,
            toks,
            paras,
            names: Vec::new(),
        };
        cx.names = cx.find_names();
        cx
    }

    fn text(&self, s: usize, e: usize) -> String {
        let e = e.min(self.chars.len());
        let s = s.min(e);
        self.chars[s..e].iter().collect()
    }

    /// Indices of the tokens wholly inside `s..e`.
    fn toks_in(&self, s: usize, e: usize) -> std::ops::Range<usize> {
        let a = self.toks.partition_point(|t| t.s < s);
        let b = self.toks.partition_point(|t| t.e <= e);
        a..b.max(a)
    }

    // ---------------------------------------------------------------- names

    /// Name candidates from the entity layer when it has any, else from capitalised runs.
    fn find_names(&self) -> Vec<Cand> {
        let ms: Vec<_> = self
            .doc
            .mentions
            .iter()
            .filter(|m| {
                matches!(m.kind, EntityType::Person | EntityType::Org | EntityType::Gpe)
                    && m.end <= self.chars.len()
                    && m.start < m.end
            })
            .collect();
        let mut out = Vec::new();
        if !ms.is_empty() {
            for m in ms {
                let text = self.text(m.start, m.end);
                let role = m
                    .role
                    .as_ref()
                    .map(|r| r.to_lowercase())
                    .or_else(|| self.role_before(m.start));
                out.push(Cand {
                    s: m.start,
                    e: m.end,
                    name: text,
                    person: m.kind == EntityType::Person,
                    canonical: m.canonical.clone(),
                    role,
                });
            }
            out.sort_by_key(|c| (c.s, c.e));
            return out;
        }
        // Own detection: runs of capitalised words.
        let nonnames = lexicon::quotes_nonnames();
        let titles = lexicon::quotes_titles();
        let mut i = 0;
        while i < self.toks.len() {
            let t = &self.toks[i];
            if !(t.word && t.cap() && !nonnames.contains(t.bare())) {
                i += 1;
                continue;
            }
            // extend: capitalised words, "of"/"al"/"bin"/"de" between capitalised words
            let mut j = i + 1;
            let mut last = i;
            while j < self.toks.len() {
                let u = &self.toks[j];
                // one space between the words of a name, no line break
                if u.s != self.toks[j - 1].e + 1 || self.chars[self.toks[j - 1].e] != ' ' {
                    break;
                }
                if !u.word {
                    break;
                }
                if u.cap() && !nonnames.contains(u.bare()) {
                    last = j;
                    j += 1;
                } else if matches!(u.lower.as_str(), "of" | "al" | "bin" | "ibn" | "de" | "van")
                    && self.toks.get(j + 1).is_some_and(|v| v.word && v.cap())
                {
                    j += 1;
                } else {
                    break;
                }
            }
            let run = i..last + 1;
            i = last + 1;
            // strip titles: everything up to the last title word (and an "of X" after it)
            let mut k = run.start;
            let mut titled = false;
            let mut role_words: Vec<&str> = Vec::new();
            for x in run.clone() {
                if titles.contains(self.toks[x].bare()) {
                    k = x + 1;
                    titled = true;
                }
            }
            if titled {
                role_words = (run.start..k)
                    .map(|x| self.toks[x].bare())
                    .filter(|w| titles.contains(w))
                    .collect();
                while k < run.end && self.toks[k].lower == "of" {
                    k += 2;
                }
            }
            if k >= run.end {
                continue;
            }
            // the title may also stand right before the run in lower case ("spokesman X")
            let before = run.start.checked_sub(1).map(|b| &self.toks[b]);
            let titled_before = before.is_some_and(|b| b.word && titles.contains(b.bare()));
            if !titled && titled_before {
                role_words.push(before.map(|b| b.bare()).unwrap_or(""));
            }
            let (s, e) = (self.toks[k].s, self.toks[run.end - 1].e);
            let role = if role_words.is_empty() {
                self.role_before(self.toks[run.start].s)
            } else {
                Some(role_words.join(" "))
            };
            out.push(Cand {
                s,
                e,
                name: self.text(s, e),
                person: titled || titled_before,
                canonical: None,
                role,
            });
        }
        // person-like: a name next to a speech verb, after "according to", or followed by an
        // apposition (", a lawmaker"); and every name whose last word is a person's last word.
        for c in 0..out.len() {
            if out[c].person {
                continue;
            }
            let r = self.toks_in(out[c].s, out[c].e);
            let prev = r.start.checked_sub(1).map(|x| &self.toks[x]);
            let prev2 = r.start.checked_sub(2).map(|x| &self.toks[x]);
            let next = self.toks.get(r.end);
            let next2 = self.toks.get(r.end + 1);
            let by_verb = prev.is_some_and(|p| is_verb(p) && p.lower != "according")
                || next.is_some_and(is_verb)
                || (prev.is_some_and(|p| p.lower == "to")
                    && prev2.is_some_and(|p| p.lower == "according"));
            let appos = next.is_some_and(|n| n.text == ",")
                && next2.is_some_and(|n| matches!(n.lower.as_str(), "a" | "an" | "the"));
            out[c].person = by_verb || appos;
        }
        let persons: Vec<String> = out
            .iter()
            .filter(|c| c.person)
            .filter_map(|c| c.name.split_whitespace().last().map(str::to_string))
            .collect();
        for c in out.iter_mut() {
            if !c.person && c.name.split_whitespace().count() <= 3 {
                let last = c.name.split_whitespace().last().unwrap_or("");
                c.person = persons.iter().any(|p| p == last);
            }
        }
        out
    }

    /// A role written in lower case right before a position ("the prime minister X").
    fn role_before(&self, pos: usize) -> Option<String> {
        let i = self.toks.partition_point(|t| t.e <= pos);
        let titles = lexicon::quotes_titles();
        let mut words = Vec::new();
        let mut k = i;
        while k > 0 && words.len() < 3 {
            let t = &self.toks[k - 1];
            if t.word && titles.contains(t.bare()) {
                words.push(t.bare().to_string());
                k -= 1;
            } else {
                break;
            }
        }
        if words.is_empty() {
            return None;
        }
        words.reverse();
        Some(words.join(" "))
    }

    /// The name candidates wholly inside `s..e`.
    fn cands_in(&self, s: usize, e: usize) -> Vec<&Cand> {
        let a = self.names.partition_point(|c| c.s < s);
        self.names[a..]
            .iter()
            .take_while(|c| c.s < e)
            .filter(|c| c.e <= e)
            .collect()
    }

    /// The full form of a name: the canonical form, or the longest earlier (else later) name
    /// that ends with the same words ("Esper" -> "Mark Esper").
    fn full(&self, c: &Cand) -> Who {
        if let Some(canon) = &c.canonical
            && let Some(f) = self.names.iter().find(|x| &x.name == canon)
        {
            return Who {
                name: f.name.clone(),
                s: f.s,
                e: f.e,
            };
        }
        let words: Vec<&str> = c.name.split_whitespace().collect();
        let mut best: Option<&Cand> = None;
        for x in &self.names {
            let xw: Vec<&str> = x.name.split_whitespace().collect();
            if xw.len() <= words.len() || !xw.ends_with(&words) || xw.len() > words.len() + 3 {
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
            name: f.name.clone(),
            s: f.s,
            e: f.e,
        }
    }

    /// The last person named before `pos` (full form).
    fn last_person_before(&self, pos: usize) -> Option<Who> {
        let i = self.names.partition_point(|c| c.s < pos);
        self.names[..i]
            .iter()
            .rev()
            .find(|c| c.person && c.e <= pos)
            .map(|c| self.full(c))
    }

    /// The last person named with a role before `pos` ("the prime minister" -> the last
    /// "Prime Minister X").
    fn person_with_role(&self, role: &str, pos: usize) -> Option<Who> {
        let i = self.names.partition_point(|c| c.s < pos);
        let role_last = role.split_whitespace().last().unwrap_or(role);
        self.names[..i]
            .iter()
            .rev()
            .find(|c| {
                c.role.as_deref().is_some_and(|r| {
                    r == role || r.ends_with(&format!(" {role}")) || r.ends_with(role_last)
                })
            })
            .map(|c| self.full(c))
    }

    // ---------------------------------------------------------------- quotes

    fn find_raw(&self) -> Vec<Raw> {
        let mut out: Vec<Raw> = Vec::new();
        for (pi, &(ps, pe)) in self.paras.iter().enumerate() {
            let c = &self.chars;
            let mut open: Option<(usize, char)> = None;
            let mut i = ps;
            let prev_ok = |i: usize| {
                i == ps || {
                    let p = c[i - 1];
                    p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | '-' | ':' | '/')
                }
            };
            let next_ok = |i: usize| i + 1 < pe && !c[i + 1].is_whitespace();
            while i < pe {
                let ch = c[i];
                match open {
                    None => {
                        let starts = match ch {
                            '“' | '„' | '«' => true,
                            '"' => prev_ok(i) && next_ok(i),
                            '‘' => prev_ok(i) && next_ok(i),
                            '\'' => {
                                prev_ok(i)
                                    && next_ok(i)
                                    && c[i + 1].is_alphabetic()
                                    && single_closes(c, i + 1, pe).is_some()
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
                                    && i > o + 1
                                    && !c[i - 1].is_whitespace()
                                    && !c.get(i + 1).is_some_and(|n| n.is_alphanumeric())
                            }
                        };
                        let reopens = is_open_double(ch) && matches!(oc, '“' | '„' | '«');
                        if closes {
                            out.push(self.raw(o, i, i + 1, pi, false));
                            open = None;
                        } else if reopens {
                            // a new opening mark inside an unclosed quote: the first one ends here
                            out.push(self.raw(o, i, i, pi, false));
                            open = Some((i, ch));
                        }
                    }
                }
                i += 1;
            }
            if let Some((o, oc)) = open {
                // unclosed: a double quote runs to the paragraph end; a stray single mark is
                // an apostrophe
                if !matches!(oc, '‘' | '\'') {
                    let next_opens = self.paras.get(pi + 1).is_some_and(|&(ns, ne)| {
                        ns < ne && matches!(self.chars[ns], '“' | '"' | '„' | '«')
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
        let mut s = open + 1;
        let mut e = close;
        while s < e && self.chars[s].is_whitespace() {
            s += 1;
        }
        while e > s && (self.chars[e - 1].is_whitespace() || self.chars[e - 1] == ',') {
            e -= 1;
        }
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

    /// Start of the sentence holding `pos`, never before `floor`.
    fn sentence_start(&self, pos: usize, floor: usize) -> usize {
        if !self.doc.sentences.is_empty() {
            let i = self.doc.sentences.partition_point(|s| s.start <= pos);
            if i > 0 {
                let s = &self.doc.sentences[i - 1];
                if s.end > pos || s.start == pos {
                    return s.start.max(floor);
                }
            }
        }
        let mut i = pos;
        while i > floor {
            if self.boundary_before(i) {
                return i;
            }
            i -= 1;
        }
        floor
    }

    /// Whether a sentence may start at `i`: after `.?!` (and closing marks) and white space,
    /// not after an abbreviation.
    fn boundary_before(&self, i: usize) -> bool {
        let c = &self.chars;
        if i == 0 || !c[i - 1].is_whitespace() || c[i].is_whitespace() {
            return false;
        }
        let mut j = i - 1;
        while j > 0 && c[j].is_whitespace() {
            j -= 1;
        }
        while j > 0 && matches!(c[j], '”' | '"' | '’' | '\'' | ')') {
            j -= 1;
        }
        if !matches!(c[j], '.' | '?' | '!') {
            return false;
        }
        if c[j] == '.' {
            // abbreviation or initial before the dot?
            let mut k = j;
            while k > 0 && (c[k - 1].is_alphabetic() || c[k - 1] == '.') {
                k -= 1;
            }
            let w: String = c[k..j].iter().collect::<String>().to_lowercase();
            if lexicon::abbreviations().contains(w.as_str())
                || (w.chars().count() == 1 && w.chars().all(char::is_alphabetic))
                || w.contains('.')
            {
                // "U.S." before a capitalised word is ambiguous: only a name-like next word
                // keeps the sentence going
                return false;
            }
        }
        let n = c[i];
        n.is_uppercase() || n.is_numeric() || is_quote_char(n)
    }

    /// End of the clause after a closing mark: the next sentence end, opening mark or
    /// paragraph end.
    fn clause_end_after(&self, pos: usize, para_end: usize) -> usize {
        let mut i = pos;
        while i < para_end {
            let ch = self.chars[i];
            if is_open_double(ch) || (ch == '"' && i > pos) {
                return i;
            }
            if i > pos && self.boundary_before(i) {
                return i;
            }
            i += 1;
        }
        para_end
    }

    fn run(&self) -> Vec<Quote> {
        let raws = self.find_raw();
        let mut quotes: Vec<(Raw, Option<Quote>)> = Vec::with_capacity(raws.len());
        for (k, r) in raws.iter().enumerate() {
            let prev = k.checked_sub(1).and_then(|p| {
                let (pr, pq) = &quotes[p];
                pq.as_ref().map(|q| (pr, q))
            });
            let q = self.quote(r, prev);
            quotes.push((r.clone(), q));
        }
        // unattributed quotes take the speaker of the next quote they run into
        for k in (0..quotes.len().saturating_sub(1)).rev() {
            let (a, b) = quotes.split_at_mut(k + 1);
            let (ra, qa) = &mut a[k];
            let (rb, qb) = &b[0];
            let (Some(qa), Some(qb)) = (qa.as_mut(), qb.as_ref()) else {
                continue;
            };
            if qa.speaker.is_some() || qb.speaker.is_none() {
                continue;
            }
            let between = self.text(ra.after, rb.open);
            let adjacent = (ra.para == rb.para && between.trim().is_empty())
                || (ra.continues && rb.continued && rb.para == ra.para + 1);
            if adjacent {
                qa.speaker = qb.speaker.clone();
                qa.speaker_start = qb.speaker_start;
                qa.speaker_end = qb.speaker_end;
                if qa.cue.is_none() {
                    qa.cue = qb.cue.clone();
                }
            }
        }
        let mut out: Vec<Quote> = quotes.into_iter().filter_map(|(_, q)| q).collect();
        out.extend(self.indirect());
        out.sort_by_key(|q| (q.start, q.end));
        out
    }

    fn quote(&self, r: &Raw, prev: Option<(&Raw, &Quote)>) -> Option<Quote> {
        let (ps, pe) = self.paras[r.para];
        let text = self.text(r.s, r.e);
        let nwords = text.split_whitespace().count();
        if nwords == 0 || !text.chars().any(char::is_alphabetic) {
            return None;
        }
        // the clause before the opening mark, back to the sentence start or the last quote
        let floor = match prev {
            Some((pr, _)) if pr.para == r.para => pr.after,
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
                !(pr.after..r.open).any(|i| i > pr.after && self.boundary_before(i))
            }
        });

        // titles of works: a Title-Cased short phrase after "on", "the show", ...
        if nwords <= 8
            && self.title_cased(r.s, r.e)
            && before.clone().last().is_some_and(|t| {
                lexicon::quotes_title_cues().contains(self.toks[t].lower.as_str())
            })
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
            attr = self.attribution(before.clone(), true, r.open);
        }
        if attr.as_ref().is_none_or(|a| a.cue.is_none()) {
            let aft = self.attribution(after.clone(), false, r.s);
            if aft.as_ref().is_some_and(|a| a.cue.is_some()) {
                attr = aft;
            }
        }
        let has_cue = attr.as_ref().is_some_and(|a| a.cue.is_some());
        let mut attr = attr.unwrap_or_default();

        // kind
        let last_before = before
            .clone()
            .rev()
            .map(|t| &self.toks[t])
            .find(|t| !t.text.trim().is_empty());
        let sentence_like_start = before_text_empty
            || r.continued
            || last_before.is_some_and(|t| t.text == ":" || (t.text == "," && has_cue))
            || (last_before.is_some_and(|t| t.lower == "that") && nwords >= 6);
        let ends_clause = {
            let tail = self.text(r.after, after_end);
            let t = tail.trim_start();
            r.after >= pe
                || t.is_empty()
                || t.starts_with([',', '.', '?', '!', ';'])
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
                pq.speaker.is_some()
                    && (prev_same_sentence.is_some()
                        || (kind == QuoteKind::Direct
                            && (pr.para == r.para
                                || (pr.para + 1 == r.para && r.open == ps)
                                || r.continued)))
            });
            if let Some((_, pq)) = inherit {
                attr.who = pq.speaker.clone().map(|name| Who {
                    name,
                    s: pq.speaker_start.unwrap_or(0),
                    e: pq.speaker_end.unwrap_or(0),
                });
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
        Some(Quote {
            start: r.s,
            end: r.e,
            text,
            speaker: attr.who.as_ref().map(|w| w.name.clone()),
            speaker_start: attr.who.as_ref().map(|w| w.s),
            speaker_end: attr.who.as_ref().map(|w| w.e),
            cue: attr.cue,
            kind,
        })
    }

    fn title_cased(&self, s: usize, e: usize) -> bool {
        let words: Vec<&Tok> = self.toks[self.toks_in(s, e)]
            .iter()
            .filter(|t| t.word)
            .collect();
        !words.is_empty()
            && words[0].cap()
            && words.iter().all(|t| {
                t.cap()
                    || matches!(
                        t.lower.as_str(),
                        "of" | "the" | "and" | "a" | "an" | "in" | "on" | "for" | "to" | "with"
                    )
            })
    }

    /// The attribution in a clause: its cue (the last one before a quote, the first one
    /// after) and the speaker it names.
    fn attribution(&self, r: std::ops::Range<usize>, before: bool, qpos: usize) -> Option<Attr> {
        let idx: Vec<usize> = r.collect();
        if idx.is_empty() {
            return None;
        }
        let cues: Vec<usize> = (0..idx.len())
            .filter(|&k| {
                let t = &self.toks[idx[k]];
                is_verb(t)
                    && (t.lower != "according"
                        || idx.get(k + 1).is_some_and(|&n| self.toks[n].lower == "to"))
            })
            .collect();
        let order: Vec<usize> = if before {
            cues.iter().rev().copied().collect()
        } else {
            cues.iter().copied().filter(|&k| k < 14).collect()
        };
        let mut fallback: Option<Attr> = None;
        for k in order {
            let t = &self.toks[idx[k]];
            if t.lower == "according" {
                let np = self.np_after(&idx, k + 2);
                if let Some(w) = np {
                    return Some(Attr {
                        cue: Some("according to".into()),
                        who: Some(w),
                    });
                }
                // "according to a statement": the sentence's subject speaks
                fallback.get_or_insert(Attr {
                    cue: Some("according to".into()),
                    who: None,
                });
                continue;
            }
            let mut cue = t.text.clone();
            if t.lower == "told"
                && let Some(&n) = idx.get(k + 1)
                && self.toks[n].word
                && !self.toks[n].cap()
                && matches!(
                    self.toks[n].lower.as_str(),
                    "reporters" | "journalists" | "lawmakers" | "supporters" | "parliament"
                )
            {
                cue = format!("told {}", self.toks[n].text);
            }
            let who = self
                .subject_before(&idx, k, qpos)
                .or_else(|| self.np_after(&idx, k + 1));
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

    /// The subject of the verb at `idx[k]`: a pronoun right before it, a name, or a
    /// determiner phrase ("the PM", "a senior official").
    fn subject_before(&self, idx: &[usize], k: usize, qpos: usize) -> Option<Who> {
        if k == 0 {
            return None;
        }
        let pronouns = lexicon::quotes_pronouns();
        let start = self.toks[idx[0]].s;
        // the clause before the verb stops at a quote mark
        let mut lo = 0;
        for j in 0..k {
            if is_quote_char(self.toks[idx[j]].text.chars().next().unwrap_or(' '))
                && !self.toks[idx[j]].word
            {
                lo = j + 1;
            }
        }
        // walk back over a few adverbs and auxiliaries
        let mut j = k;
        let mut skipped = 0;
        while j > lo {
            let t = &self.toks[idx[j - 1]];
            if t.word && pronouns.contains(t.lower.as_str()) {
                return self.resolve_pronoun(t.s, qpos);
            }
            if t.word && t.lower == "who" {
                // the antecedent: the nearest name before "who"
                let c = self.cands_in(start, t.s);
                return c
                    .iter()
                    .rev()
                    .find(|c| c.person)
                    .or(c.last())
                    .map(|c| self.full(c));
            }
            if t.word && !t.cap() && skipped < 4 && !is_verb(t) && t.lower != "that" {
                j -= 1;
                skipped += 1;
                continue;
            }
            break;
        }
        let s = self.toks[idx[lo]].s;
        let e = self.toks[idx[k - 1]].e;
        // names in the clause, but not inside a relative clause ", who ... ,"
        let cands = self.cands_in(s, e);
        let in_relative = |c: &Cand| {
            let r = self.toks_in(s, c.s);
            let mut inside = false;
            for x in r {
                let t = &self.toks[x];
                if matches!(t.lower.as_str(), "who" | "which" | "whom") {
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
        // a role phrase right before the verb: "the PM", "the prime minister", "a spokesman"
        if let Some(w) = self.role_phrase(idx, lo, k, qpos) {
            return Some(w);
        }
        // an organisation or other name directly before the verb
        let near = usable.iter().rev().find(|c| {
            let r = self.toks_in(c.e, self.toks[idx[k]].s);
            self.toks[r].iter().all(|t| !t.cap() && t.text != ",")
        });
        if let Some(c) = near {
            return Some(self.org_phrase(c));
        }
        None
    }

    /// A name with its determiner when it has one ("the State Department").
    fn org_phrase(&self, c: &Cand) -> Who {
        if c.person {
            return self.full(c);
        }
        Who {
            name: c.name.clone(),
            s: c.s,
            e: c.e,
        }
    }

    /// A determiner phrase before `idx[k]` (from a determiner at or after `idx[lo]`): resolved
    /// to a person when it is a role noun, else the phrase itself.
    fn role_phrase(&self, idx: &[usize], lo: usize, k: usize, qpos: usize) -> Option<Who> {
        let mut d = None;
        for j in (lo..k).rev() {
            let t = &self.toks[idx[j]];
            if !t.word {
                break;
            }
            if matches!(t.lower.as_str(), "the" | "a" | "an" | "one" | "another") {
                d = Some(j);
                break;
            }
            if k - j > 6 {
                break;
            }
        }
        let d = d?;
        if d + 1 >= k {
            return None;
        }
        let s = self.toks[idx[d]].s;
        let e = self.toks[idx[k - 1]].e;
        // skip trailing adverbs: "the PM also"
        let words: Vec<&Tok> = (d + 1..k).map(|j| &self.toks[idx[j]]).collect();
        let head: String = words
            .iter()
            .map(|t| t.bare())
            .collect::<Vec<_>>()
            .join(" ");
        let roles = roles();
        for n in (1..=words.len().min(4)).rev() {
            for st in 0..=words.len() - n {
                let phrase = words[st..st + n]
                    .iter()
                    .map(|t| t.bare())
                    .collect::<Vec<_>>()
                    .join(" ");
                if let Some(full) = roles.get(phrase.as_str())
                    && let Some(w) = self.person_with_role(full, qpos)
                {
                    return Some(w);
                }
            }
        }
        let _ = head;
        Some(Who {
            name: self.text(s, e),
            s,
            e,
        })
    }

    /// The speaker named after a verb ("said William Wechsler, a …", "said one protester,
    /// Ayad Al-Rumi", "according to the ministry").
    fn np_after(&self, idx: &[usize], from: usize) -> Option<Who> {
        let pronouns = lexicon::quotes_pronouns();
        let mut end = from;
        while end < idx.len() && end < from + 8 {
            let t = &self.toks[idx[end]];
            if !t.word && !t.text.trim().is_empty() || t.lower == "that" {
                break;
            }
            if !t.cap()
                && t.word
                && matches!(
                    t.lower.as_str(),
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
        let first = &self.toks[idx[from]];
        if first.word && pronouns.contains(first.lower.as_str()) {
            return self.resolve_pronoun(first.s, first.s);
        }
        let s = first.s;
        let e = self.toks[idx[end - 1]].e;
        if let Some(c) = self.cands_in(s, e).last() {
            return Some(self.org_phrase(c));
        }
        // "one protester, Ayad Al-Rumi": a description, a comma, a name
        if idx.get(end).is_some_and(|&x| self.toks[x].text == ",") {
            let ns = idx.get(end + 1).map(|&x| self.toks[x].s);
            if let Some(ns) = ns
                && let Some(c) = self.cands_in(ns, self.chars.len()).first()
                && c.s == ns
            {
                return Some(self.full(c));
            }
        }
        let words: Vec<&Tok> = (from..end).map(|j| &self.toks[idx[j]]).collect();
        if words
            .iter()
            .any(|t| lexicon::quotes_sources().contains(t.bare()))
        {
            return None;
        }
        // role nouns after a verb: "said the prime minister"
        let phrase = words
            .iter()
            .skip_while(|t| matches!(t.lower.as_str(), "the" | "a" | "an"))
            .map(|t| t.bare())
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(full) = roles().get(phrase.as_str())
            && let Some(w) = self.person_with_role(full, s)
        {
            return Some(w);
        }
        if matches!(first.lower.as_str(), "the" | "a" | "an" | "one" | "another") {
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
    fn resolve_pronoun(&self, pos: usize, qpos: usize) -> Option<Who> {
        let _ = pos;
        // the speaker of the last quote in this or the previous paragraph
        if let Some(w) = self.last_quote_speaker(qpos) {
            return Some(w);
        }
        self.last_person_before(qpos.min(pos.max(qpos)))
    }

    /// The speaker named by the nearest attribution before `pos` in the same or previous
    /// paragraph (a name right next to a speech verb).
    fn last_quote_speaker(&self, pos: usize) -> Option<Who> {
        let pi = self.paras.partition_point(|&(s, _)| s <= pos).checked_sub(1)?;
        let floor = self.paras[pi.saturating_sub(1)].0;
        let i = self.names.partition_point(|c| c.s < pos);
        let cand = self.names[..i].iter().rev().take_while(|c| c.s >= floor).find(|c| {
            if !c.person || c.e > pos {
                return false;
            }
            let r = self.toks_in(c.s, c.e);
            let prev = r.start.checked_sub(1).map(|x| &self.toks[x]);
            let next = self.toks.get(r.end);
            let quoted = |t: Option<&Tok>| {
                t.is_some_and(|t| matches!(t.text.as_str(), "”" | "\"" | ","))
            };
            // "…,” X said" or "said X" right after a closing mark
            (next.is_some_and(is_verb) && quoted(prev))
                || (prev.is_some_and(is_verb)
                    && r.start >= 2
                    && quoted(Some(&self.toks[r.start - 2])))
        })?;
        Some(self.full(cand))
    }

    // ---------------------------------------------------------------- indirect speech

    /// `X said that …` in sentences without quotation marks.
    fn indirect(&self) -> Vec<Quote> {
        let mut out = Vec::new();
        let verbs = lexicon::quotes_indirect_verbs();
        for &(ps, pe) in &self.paras {
            for (s, e) in self.sentences_in(ps, pe) {
                if self.chars[s..e]
                    .iter()
                    .any(|&c| is_open_double(c) || is_close_double(c) || c == '"' || c == '‘')
                {
                    continue;
                }
                let idx: Vec<usize> = self.toks_in(s, e).collect();
                for k in 0..idx.len() {
                    let t = &self.toks[idx[k]];
                    if !(t.word && verbs.contains(t.lower.as_str())) {
                        continue;
                    }
                    let that = (k + 1..(k + 6).min(idx.len())).find(|&j| {
                        let u = &self.toks[idx[j]];
                        u.lower == "that" || u.text == ","
                    });
                    let Some(j) = that.filter(|&j| self.toks[idx[j]].lower == "that") else {
                        continue;
                    };
                    if j + 1 >= idx.len() {
                        continue;
                    }
                    let Some(who) = self.subject_before(&idx, k, t.s) else {
                        continue;
                    };
                    let cs = self.toks[idx[j + 1]].s;
                    let mut ce = e;
                    while ce > cs
                        && (self.chars[ce - 1].is_whitespace()
                            || matches!(self.chars[ce - 1], '.' | '!' | '?' | ';'))
                    {
                        ce -= 1;
                    }
                    if ce <= cs || self.text(cs, ce).split_whitespace().count() < 3 {
                        continue;
                    }
                    out.push(Quote {
                        start: cs,
                        end: ce,
                        text: self.text(cs, ce),
                        speaker: Some(who.name.clone()),
                        speaker_start: Some(who.s),
                        speaker_end: Some(who.e),
                        cue: Some(t.text.clone()),
                        kind: QuoteKind::Indirect,
                    });
                    break;
                }
            }
        }
        out
    }

    /// The sentences of a paragraph: the document's when it has them, else our own split.
    fn sentences_in(&self, ps: usize, pe: usize) -> Vec<(usize, usize)> {
        if !self.doc.sentences.is_empty() {
            let a = self.doc.sentences.partition_point(|s| s.end <= ps);
            return self.doc.sentences[a..]
                .iter()
                .take_while(|s| s.start < pe)
                .map(|s| (s.start.max(ps), s.end.min(pe)))
                .filter(|(s, e)| s < e)
                .collect();
        }
        let mut out = Vec::new();
        let mut st = ps;
        for i in ps + 1..pe {
            if self.boundary_before(i) {
                out.push((st, i));
                st = i;
            }
        }
        out.push((st, pe));
        out
    }
}

/// Whether a straight single quote opened before `from` closes in the paragraph, with at
/// least two words inside.
fn single_closes(c: &[char], from: usize, pe: usize) -> Option<usize> {
    let mut spaces = 0;
    for i in from..pe {
        if c[i].is_whitespace() {
            spaces += 1;
        }
        if c[i] == '\''
            && !c[i - 1].is_whitespace()
            && !c.get(i + 1).is_some_and(|n| n.is_alphanumeric())
        {
            return (spaces >= 1).then_some(i);
        }
    }
    None
}

/// Paragraph spans: the document's blocks, else the non-empty lines.
fn paragraphs(doc: &Document, chars: &[char]) -> Vec<(usize, usize)> {
    let n = chars.len();
    let mut out = Vec::new();
    let push_lines = |s: usize, e: usize, out: &mut Vec<(usize, usize)>| {
        let mut st = s;
        for i in s..=e {
            if i == e || chars[i] == '\n' {
                let (mut a, mut b) = (st, i);
                while a < b && chars[a].is_whitespace() {
                    a += 1;
                }
                while b > a && chars[b - 1].is_whitespace() {
                    b -= 1;
                }
                if a < b {
                    out.push((a, b));
                }
                st = i + 1;
            }
        }
    };
    let mut blocks: Vec<(usize, usize)> = doc
        .blocks
        .iter()
        .filter(|b| b.start < b.end && b.end <= n)
        .map(|b| (b.start, b.end))
        .collect();
    blocks.sort();
    if blocks.is_empty() {
        push_lines(0, n, &mut out);
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
/// single other chars (white space is skipped).
fn tokenize(c: &[char]) -> Vec<Tok> {
    let mut out = Vec::new();
    let n = c.len();
    let mut i = 0;
    while i < n {
        if c[i].is_whitespace() {
            i += 1;
            continue;
        }
        if c[i].is_alphanumeric() {
            let s = i;
            i += 1;
            while i < n
                && (c[i].is_alphanumeric()
                    || (matches!(c[i], '-' | '\'' | '’' | '.' | '‑')
                        && i + 1 < n
                        && c[i + 1].is_alphanumeric()))
            {
                i += 1;
            }
            // final dot of "U.S." or of an abbreviation
            if i < n && c[i] == '.' {
                let w: String = c[s..i].iter().collect::<String>().to_lowercase();
                if w.contains('.') || lexicon::abbreviations().contains(w.as_str()) {
                    i += 1;
                }
            }
            let text: String = c[s..i].iter().collect();
            out.push(Tok {
                s,
                e: i,
                lower: text.to_lowercase(),
                text,
                word: true,
            });
        } else {
            let text = c[i].to_string();
            out.push(Tok {
                s: i,
                e: i + 1,
                lower: text.clone(),
                text,
                word: false,
            });
            i += 1;
        }
    }
    out
}
