//! The briefing as one self-contained HTML file (no network): article text escaped everywhere.
//!
//! Every piece of text that came from an input goes through [`escape`]. Every sentence of every
//! source body is wrapped in `<span id="d-<docindex>-<start>">` (`docindex` counts documents from
//! 0 in `Briefing::documents`, `start` is the sentence's char offset), and every citation links to
//! an id that exists in the page ([`Ctx::anchor`] only hands out ids the Sources section emits).

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use crate::model::{
    BlockKind, Briefing, Document, Entity, EntityType, Event, FigureRecord, Offsets, QuoteKind,
    QuoteRecord,
};

/// Escapes text for HTML element content and attribute values: `& < > " '`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // ASCII bytes are always char boundaries.
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
    out
}

/// `true` for an `http://` or `https://` URL (the only ones that become links).
pub(crate) fn is_web_url(u: &str) -> bool {
    let u = u.trim();
    let lower: String = u.chars().take(8).collect::<String>().to_ascii_lowercase();
    (lower.starts_with("http://") && u.len() > 7) || (lower.starts_with("https://") && u.len() > 8)
}

/// The chars `start..end` of `text` (clamped to the text; never panics).
pub(crate) fn char_slice<'a>(text: &'a str, off: &Offsets, start: usize, end: usize) -> &'a str {
    let n = off.len_chars();
    let s = start.min(n);
    let e = end.clamp(s, n);
    &text[off.byte_at(s)..off.byte_at(e)]
}

// ---------------------------------------------------------------------------------------------
// Shared helpers (also used by the Markdown renderer).

/// The title of the briefing: the label of the largest story, else "Briefing".
pub(crate) fn title_of(b: &Briefing) -> String {
    let mut best: Option<&crate::model::Story> = None;
    for s in &b.stories {
        if s.label.trim().is_empty() {
            continue;
        }
        if best.is_none_or(|x| s.documents.len() > x.documents.len()) {
            best = Some(s);
        }
    }
    best.map(|s| one_line(&s.label))
        .unwrap_or_else(|| "Briefing".to_string())
}

/// Number of distinct outlets (documents without an outlet count by their host, else as one each).
pub(crate) fn source_count(b: &Briefing) -> usize {
    let mut seen: HashSet<String> = HashSet::new();
    for d in &b.documents {
        let key = match (&d.outlet, d.url.as_deref().map(crate::text::url_host)) {
            (Some(o), _) if !o.trim().is_empty() => format!("o:{}", crate::text::fold(o)),
            (_, Some(h)) if !h.is_empty() => format!("h:{h}"),
            _ => format!("d:{}", d.id),
        };
        seen.insert(key);
    }
    seen.len()
}

/// White space (newlines included) made single spaces, trimmed.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `true` when a TIMEX3 value has a known year (starts with four digits).
pub(crate) fn known_year(date: &str) -> bool {
    let b = date.as_bytes();
    b.len() >= 4 && b[..4].iter().all(u8::is_ascii_digit)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A TIMEX3 value made readable: `2024-01-28` → `28 January 2024`, `2024-01` → `January 2024`,
/// `XXXX-01-05` → `5 January (year unknown)`, `2024-01-28T14:30` → `28 January 2024, 14:30`.
/// Anything else is returned as given.
pub(crate) fn human_date(v: &str) -> String {
    let (date, time) = match v.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (v, None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let year = parts.first().copied().unwrap_or("");
    let year_ok = year.len() == 4 && year.bytes().all(|c| c.is_ascii_digit());
    let year_unknown = year == "XXXX";
    if !(year_ok || year_unknown) {
        return v.to_string();
    }
    let month = parts
        .get(1)
        .and_then(|m| num(m))
        .filter(|m| (1..=12).contains(m));
    let day = parts
        .get(2)
        .and_then(|d| num(d))
        .filter(|d| (1..=31).contains(d));
    let part2 = parts.get(1).copied().unwrap_or("");
    let mut out = match (parts.len(), month, day) {
        (1, _, _) if year_ok => year.to_string(),
        (2, Some(m), _) => format!("{} {year}", MONTHS[m as usize - 1]),
        (3, Some(m), Some(d)) => format!("{d} {} {year}", MONTHS[m as usize - 1]),
        (2, None, _) => match (part2, part2.get(1..).and_then(|n| n.parse::<u32>().ok())) {
            ("SP", _) => format!("spring {year}"),
            ("SU", _) => format!("summer {year}"),
            ("FA", _) => format!("autumn {year}"),
            ("WI", _) => format!("winter {year}"),
            (q, Some(n @ 1..=4)) if q.starts_with('Q') => format!("Q{n} {year}"),
            (q, Some(n @ 1..=2)) if q.starts_with('H') => format!("H{n} {year}"),
            (w, Some(n @ 1..=53)) if w.starts_with('W') && w.len() == 3 => {
                format!("week {n} of {year}")
            }
            _ => return v.to_string(),
        },
        _ => return v.to_string(),
    };
    if year_unknown {
        out = out.replace(" XXXX", " (year unknown)");
    }
    if let Some(t) = time {
        let hm: String = t.chars().take(5).collect();
        let ok = hm.len() == 5
            && hm.as_bytes()[2] == b':'
            && hm
                .bytes()
                .enumerate()
                .all(|(i, c)| i == 2 || c.is_ascii_digit());
        let part = match t {
            "MO" => Some("morning"),
            "MI" => Some("midday"),
            "AF" => Some("afternoon"),
            "EV" => Some("evening"),
            "NI" => Some("night"),
            _ => None,
        };
        if ok {
            out.push_str(", ");
            out.push_str(&hm);
        } else if let Some(p) = part {
            out.push_str(", ");
            out.push_str(p);
        } else if !t.is_empty() {
            out.push_str(&format!(" ({t})"));
        }
    }
    out
}

/// A figure's value: integers with thousands separators, others with up to 3 decimals.
pub(crate) fn format_value(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let n = v.abs() as u64;
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        if v < 0.0 {
            out.insert(0, '-');
        }
        out
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Events split into those with a known year (sorted by date, then document, then offset) and
/// those whose year is unknown or whose value is not a calendar date (kept apart, same order).
pub(crate) fn split_events<'a>(
    b: &'a Briefing,
    doc_pos: &HashMap<&str, usize>,
) -> (Vec<&'a Event>, Vec<&'a Event>) {
    let (mut known, mut uncertain): (Vec<&Event>, Vec<&Event>) =
        b.events.iter().partition(|e| known_year(&e.date));
    let key = |e: &&Event| {
        (
            date_sort_key(&e.date),
            e.date.clone(),
            doc_pos.get(e.doc.as_str()).copied().unwrap_or(usize::MAX),
            e.start,
        )
    };
    known.sort_by_key(key);
    uncertain.sort_by_key(key);
    // One happening told by several documents is shown once, with its other sources ("also
    // told by"): a sentence already listed as another shown event's source is not repeated.
    let once = |list: Vec<&'a Event>| -> Vec<&'a Event> {
        let mut told: std::collections::HashSet<(&str, &str, usize)> = Default::default();
        let mut out = Vec::with_capacity(list.len());
        for e in list {
            if told.contains(&(e.date.as_str(), e.doc.as_str(), e.sentence_start)) {
                continue;
            }
            for r in &e.also_in {
                told.insert((e.date.as_str(), r.doc.as_str(), r.start));
            }
            out.push(e);
        }
        out
    };
    (once(known), once(uncertain))
}

/// A sort key that puts weeks, quarters, halves and seasons (`2024-W07`, `2024-Q3`, `2024-SU`)
/// near the months they cover; other values sort as they are.
fn date_sort_key(v: &str) -> String {
    let (date, rest) = match v.split_once('T') {
        Some((d, t)) => (d, format!("T{t}")),
        None => (v, String::new()),
    };
    let Some((year, p)) = date.split_once('-') else {
        return v.to_string();
    };
    let n = p.get(1..).and_then(|n| n.parse::<u32>().ok());
    let approx = match (p, n) {
        ("SP", _) => Some((3, 21)),
        ("SU", _) => Some((6, 21)),
        ("FA", _) => Some((9, 22)),
        ("WI", _) => Some((12, 21)),
        (q, Some(k @ 1..=4)) if q.starts_with('Q') => Some((3 * k - 2, 1)),
        (q, Some(k @ 1..=2)) if q.starts_with('H') => Some((6 * k - 5, 1)),
        (w, Some(k @ 1..=53)) if w.starts_with('W') => {
            let day = (k - 1) * 7;
            Some(((day / 31 + 1).min(12), day % 31 + 1))
        }
        _ => None,
    };
    match approx {
        Some((m, d)) => format!("{year}-{m:02}-{d:02}{rest}"),
        None => v.to_string(),
    }
}

/// Entity sections in display order, each with its entities (most documents first).
pub(crate) fn entity_sections(b: &Briefing) -> Vec<(&'static str, &'static str, Vec<&Entity>)> {
    let mut out: Vec<(&'static str, &'static str, Vec<&Entity>)> = vec![
        ("people", "People", vec![]),
        ("organisations", "Organisations", vec![]),
        ("places", "Places", vec![]),
        ("groups", "Groups and other names", vec![]),
    ];
    for e in &b.entities {
        let i = match e.kind {
            EntityType::Person => 0,
            EntityType::Org => 1,
            EntityType::Gpe | EntityType::Loc => 2,
            EntityType::Norp | EntityType::Other => 3,
        };
        out[i].2.push(e);
    }
    for (_, _, list) in &mut out {
        list.sort_by(|x, y| {
            y.documents
                .len()
                .cmp(&x.documents.len())
                .then(y.mentions.len().cmp(&x.mentions.len()))
                .then_with(|| x.name.cmp(&y.name))
        });
    }
    out
}

/// The quotes of one speaker; each item is one group of identical words with all its records.
pub(crate) struct SpeakerQuotes<'a> {
    pub name: String,
    pub entity: Option<&'a Entity>,
    pub items: Vec<Vec<&'a QuoteRecord>>,
}

/// Quotes grouped by speaker (entity id when known, else the folded name; unattributed last),
/// speakers with most quotes first; within a speaker, records sharing a `group` are one item.
pub(crate) fn quotes_by_speaker(b: &Briefing) -> Vec<SpeakerQuotes<'_>> {
    let ents: HashMap<&str, &Entity> = b.entities.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut order: Vec<String> = Vec::new();
    let mut by: HashMap<String, SpeakerQuotes> = HashMap::new();
    let mut slot: HashMap<(String, usize), usize> = HashMap::new();
    for q in &b.quotes {
        let ent = q
            .speaker_entity
            .as_deref()
            .and_then(|id| ents.get(id).copied());
        let (key, name) = match (ent, q.speaker.as_deref()) {
            (Some(e), _) => (format!("e:{}", e.id), one_line(&e.name)),
            (None, Some(s)) if !s.trim().is_empty() => {
                (format!("s:{}", crate::text::fold(s)), one_line(s))
            }
            _ => (String::new(), "Unattributed".to_string()),
        };
        let entry = by.entry(key.clone()).or_insert_with(|| {
            order.push(key.clone());
            SpeakerQuotes {
                name,
                entity: ent,
                items: vec![],
            }
        });
        match slot.entry((key, q.group)) {
            std::collections::hash_map::Entry::Occupied(o) => entry.items[*o.get()].push(q),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(entry.items.len());
                entry.items.push(vec![q]);
            }
        }
    }
    let mut out: Vec<SpeakerQuotes> = order.iter().filter_map(|k| by.remove(k)).collect();
    out.sort_by(|x, y| {
        let xu = x.name == "Unattributed" && x.entity.is_none();
        let yu = y.name == "Unattributed" && y.entity.is_none();
        xu.cmp(&yu).then(y.items.len().cmp(&x.items.len()))
    });
    out
}

/// Figures in display order: conflicting ones first, then corroborated, then the rest.
pub(crate) fn sorted_figures<'a>(
    b: &'a Briefing,
    doc_pos: &HashMap<&str, usize>,
) -> Vec<&'a FigureRecord> {
    let mut v: Vec<&FigureRecord> = b.figures.iter().collect();
    v.sort_by_key(|f| {
        let rank = if !f.conflicts_with.is_empty() {
            0
        } else if !f.corroborated_by.is_empty() {
            1
        } else {
            2
        };
        (
            rank,
            doc_pos.get(f.doc.as_str()).copied().unwrap_or(usize::MAX),
            f.start,
        )
    });
    v
}

/// Splits `text` around the first occurrence of `needle` (chars given relative offsets when they
/// match, else a search): `(before, needle, after)`; `None` when it is not there.
pub(crate) fn split_around<'a>(
    text: &'a str,
    needle: &str,
    rel_start: Option<usize>,
) -> Option<(&'a str, &'a str, &'a str)> {
    if needle.is_empty() {
        return None;
    }
    if let Some(rs) = rel_start {
        let off = Offsets::new(text);
        let n = needle.chars().count();
        if rs + n <= off.len_chars() {
            let (bs, be) = (off.byte_at(rs), off.byte_at(rs + n));
            if &text[bs..be] == needle {
                return Some((&text[..bs], &text[bs..be], &text[be..]));
            }
        }
    }
    let bs = text.find(needle)?;
    let be = bs + needle.len();
    Some((&text[..bs], &text[bs..be], &text[be..]))
}

// ---------------------------------------------------------------------------------------------
// Layout of the source bodies: paragraphs, and the sentence pieces that carry ids.

struct Piece {
    start: usize,
    end: usize,
    /// `Some(start)` when this piece carries the sentence id `d-<doc>-<start>`.
    id: Option<usize>,
    sentence: bool,
}

struct Para {
    kind: BlockKind,
    /// `Some(start)` when the paragraph itself carries the id (documents without sentences).
    id: Option<usize>,
    pieces: Vec<Piece>,
}

struct DocLayout {
    off: Offsets,
    paras: Vec<Para>,
    /// Sorted char offsets that have an id `d-<doc>-<offset>` in the page.
    targets: Vec<usize>,
}

fn paragraphs(d: &Document, off: &Offsets) -> Vec<(usize, usize, BlockKind)> {
    let n = off.len_chars();
    let chars: Vec<char> = d.body.chars().collect();
    let blank = |s: usize, e: usize| chars[s..e].iter().all(|c| c.is_whitespace());
    // Split a range on blank lines into trimmed paragraphs.
    let split = |s: usize, e: usize, out: &mut Vec<(usize, usize, BlockKind)>| {
        let mut i = s;
        let mut para_start = s;
        while i < e {
            if chars[i] == '\n' {
                let mut j = i + 1;
                while j < e && chars[j] != '\n' && chars[j].is_whitespace() {
                    j += 1;
                }
                if j < e && chars[j] == '\n' {
                    if !blank(para_start, i) {
                        out.push((para_start, i, BlockKind::Paragraph));
                    }
                    para_start = j + 1;
                    i = j + 1;
                    continue;
                }
            }
            i += 1;
        }
        if para_start < e && !blank(para_start, e) {
            out.push((para_start, e, BlockKind::Paragraph));
        }
    };
    let mut blocks: Vec<(usize, usize, BlockKind)> = d
        .blocks
        .iter()
        .map(|b| (b.start.min(n), b.end.min(n), b.kind))
        .filter(|(s, e, _)| s < e)
        .collect();
    blocks.sort_by_key(|b| (b.0, b.1));
    let mut out = Vec::new();
    let mut pos = 0;
    for (s, e, k) in blocks {
        if s < pos {
            continue; // overlapping block: keep the first
        }
        if s > pos && !blank(pos, s) {
            split(pos, s, &mut out);
        }
        out.push((s, e, k));
        pos = e;
    }
    if pos < n && !blank(pos, n) {
        split(pos, n, &mut out);
    }
    // Trim white space at the ends of each paragraph.
    out.into_iter()
        .filter_map(|(mut s, mut e, k)| {
            while s < e && chars[s].is_whitespace() {
                s += 1;
            }
            while e > s && chars[e - 1].is_whitespace() {
                e -= 1;
            }
            (s < e).then_some((s, e, k))
        })
        .collect()
}

fn layout(d: &Document) -> DocLayout {
    let off = Offsets::new(&d.body);
    let n = off.len_chars();
    let paras = paragraphs(d, &off);
    let mut sents: Vec<(usize, usize)> = d
        .sentences
        .iter()
        .map(|s| (s.start.min(n), s.end.min(n)))
        .filter(|(s, e)| s < e)
        .collect();
    sents.sort();
    // Drop sentences that overlap the one before.
    let mut clean: Vec<(usize, usize)> = Vec::with_capacity(sents.len());
    for s in sents {
        if clean.last().is_none_or(|l| s.0 >= l.1) {
            clean.push(s);
        }
    }
    let use_sentences = !clean.is_empty();
    let mut targets = Vec::new();
    let mut out = Vec::with_capacity(paras.len());
    let mut si = 0;
    for (ps, pe, kind) in paras {
        let mut pieces = Vec::new();
        let mut pos = ps;
        if use_sentences {
            while si < clean.len() && clean[si].1 <= ps {
                si += 1;
            }
            let mut k = si;
            while k < clean.len() && clean[k].0 < pe {
                let (ss, se) = clean[k];
                let (cs, ce) = (ss.max(ps), se.min(pe));
                if cs > pos {
                    pieces.push(Piece {
                        start: pos,
                        end: cs,
                        id: None,
                        sentence: false,
                    });
                }
                let id = (ss >= ps).then_some(ss);
                if let Some(i) = id {
                    targets.push(i);
                }
                pieces.push(Piece {
                    start: cs,
                    end: ce,
                    id,
                    sentence: true,
                });
                pos = ce;
                if se > pe {
                    break; // continues in the next paragraph
                }
                k += 1;
            }
            si = k;
        }
        if pos < pe {
            pieces.push(Piece {
                start: pos,
                end: pe,
                id: None,
                sentence: false,
            });
        }
        let id = (!use_sentences).then_some(ps);
        if let Some(i) = id {
            targets.push(i);
        }
        out.push(Para { kind, id, pieces });
    }
    targets.sort_unstable();
    targets.dedup();
    DocLayout {
        off,
        paras: out,
        targets,
    }
}

// ---------------------------------------------------------------------------------------------
// Rendering context.

pub(crate) struct Ctx<'a> {
    pub b: &'a Briefing,
    pub pos: HashMap<&'a str, usize>,
    layouts: Vec<DocLayout>,
}

impl<'a> Ctx<'a> {
    fn new(b: &'a Briefing) -> Ctx<'a> {
        let mut pos = HashMap::new();
        for (i, d) in b.documents.iter().enumerate() {
            pos.entry(d.id.as_str()).or_insert(i);
        }
        Ctx {
            b,
            pos,
            layouts: b.documents.iter().map(layout).collect(),
        }
    }

    fn doc(&self, id: &str) -> Option<(usize, &'a Document)> {
        let i = *self.pos.get(id)?;
        Some((i, &self.b.documents[i]))
    }

    /// The page id for char offset `start` of document `doc`: the sentence (or paragraph) that
    /// holds it, else the document's section. `None` when the document is unknown.
    fn anchor(&self, doc: &str, start: usize) -> Option<String> {
        let (i, _) = self.doc(doc)?;
        let t = &self.layouts[i].targets;
        if t.is_empty() {
            return Some(format!("d-{i}"));
        }
        let k = t.partition_point(|&x| x <= start);
        let at = if k == 0 { t[0] } else { t[k - 1] };
        Some(format!("d-{i}-{at}"))
    }

    /// A short name for a document: its outlet, else its title, else its id.
    fn short_name(&self, i: usize) -> String {
        let d = &self.b.documents[i];
        [&d.outlet, &d.title]
            .into_iter()
            .flatten()
            .map(|s| one_line(s))
            .find(|s| !s.is_empty())
            .unwrap_or_else(|| one_line(&super::untitled_name(d)))
    }

    fn long_name(&self, i: usize) -> String {
        let d = &self.b.documents[i];
        let title = d
            .title
            .as_deref()
            .map(one_line)
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| one_line(&super::untitled_name(d)));
        match d.outlet.as_deref().map(one_line).filter(|o| !o.is_empty()) {
            Some(o) => format!("{title} — {o}"),
            None => title,
        }
    }

    /// `<a class="cite" href="#…">[n]</a>` to the sentence holding `start` in `doc`.
    fn cite(&self, doc: &str, start: usize) -> String {
        match (self.doc(doc), self.anchor(doc, start)) {
            (Some((i, _)), Some(a)) => format!(
                "<a class=\"cite\" href=\"#{}\" title=\"{}\">[{}]</a>",
                escape(&a),
                escape(&self.long_name(i)),
                i + 1
            ),
            _ => format!(
                "<span class=\"cite missing\" title=\"unknown document {}\">[?]</span>",
                escape(doc)
            ),
        }
    }

    /// `[n] Outlet` linking to `start` of `doc` (or to the document when `start` is `None`).
    fn doc_link(&self, doc: &str, start: Option<usize>) -> String {
        match self.doc(doc) {
            Some((i, _)) => {
                let href = match start {
                    Some(s) => self.anchor(doc, s).unwrap_or_else(|| format!("d-{i}")),
                    None => format!("d-{i}"),
                };
                format!(
                    "<a class=\"src\" href=\"#{}\" title=\"{}\"><span class=\"n\">[{}]</span> {}</a>",
                    escape(&href),
                    escape(&self.long_name(i)),
                    i + 1,
                    escape(&self.short_name(i))
                )
            }
            None => format!("<span class=\"src missing\">{}</span>", escape(doc)),
        }
    }

    /// Links to several documents, comma separated.
    fn doc_links<'s>(&self, docs: impl IntoIterator<Item = (&'s str, Option<usize>)>) -> String {
        docs.into_iter()
            .map(|(d, s)| self.doc_link(d, s))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

// ---------------------------------------------------------------------------------------------
// The page.

const CSS: &str = r#"
:root{--fg:#1c1e22;--muted:#5a6069;--bg:#fcfcfa;--card:#f3f2ee;--line:#dcdad3;--accent:#1d5ba6;--ok:#17703a;--okbg:#e3f3e8;--bad:#a8231b;--badbg:#fbe6e4;--mark:#fff1a6;--target:#ffe07a;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--fg:#e7e5e0;--muted:#a3a8b0;--bg:#15171b;--card:#1e2126;--line:#343840;--accent:#8fbaff;--ok:#7fd79a;--okbg:#1b3324;--bad:#ff9b91;--badbg:#3d1f1c;--mark:#5b4a06;--target:#7a5d00}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--accent);text-decoration-thickness:1px;text-underline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.3rem .6rem;z-index:9}
.wrap{display:grid;grid-template-columns:13.5rem minmax(0,60rem);gap:2.5rem;max-width:79rem;margin:0 auto;padding:0 1.5rem}
nav.toc{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;padding:2rem 0 1rem;font-size:.9rem}
nav.toc b{display:block;text-transform:uppercase;letter-spacing:.06em;font-size:.72rem;color:var(--muted);margin-bottom:.4rem}
nav.toc ol{list-style:none;margin:0;padding:0}
nav.toc li{margin:.15rem 0}
nav.toc a{text-decoration:none;color:var(--fg);display:block;padding:.15rem .5rem;border-left:2px solid var(--line)}
nav.toc a:hover{border-left-color:var(--accent);color:var(--accent)}
nav.toc .c{color:var(--muted);font-size:.8rem}
main{min-width:0;padding:2rem 0 5rem}
header.top h1{font-size:2rem;line-height:1.2;margin:0 0 .4rem;letter-spacing:-.01em}
header.top p{margin:.2rem 0;color:var(--muted)}
.stats{display:flex;flex-wrap:wrap;gap:.4rem;margin:.8rem 0 0;padding:0;list-style:none}
.stats li{background:var(--card);border:1px solid var(--line);border-radius:999px;padding:.1rem .7rem;font-size:.85rem}
section{margin-top:2.8rem}
h2{font-size:1.4rem;margin:0 0 .8rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
h3{font-size:1.08rem;margin:1.5rem 0 .5rem}
h4{font-size:.8rem;margin:1.2rem 0 .4rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
[id]{scroll-margin-top:1rem}
.muted,.none{color:var(--muted)}
.raw{font-weight:400;font-size:.8rem;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.none{font-style:italic}
ul.summary{margin:0;padding-left:1.2rem;font-family:"Iowan Old Style","Palatino Linotype",Palatino,Georgia,serif;font-size:1.12rem;line-height:1.65}
ul.summary li{margin:0 0 .55rem;padding-left:.2rem}
ul.summary li::marker{color:var(--muted)}
section.empty{margin-top:1.6rem}
section.empty h2{font-size:1.15rem;border-bottom:0;margin-bottom:.1rem}
section.empty p.none{margin:0}
section>h2+article.doc{border-top:0;margin-top:0}
nav.toc li.empty a{color:var(--muted)}
a.cite{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:.72em;vertical-align:super;line-height:0;text-decoration:none;margin-left:.1em;font-weight:600}
a.cite:hover{text-decoration:underline}
a.src{text-decoration:none;overflow-wrap:anywhere}
a.src:hover{text-decoration:underline}
.n{color:var(--muted);font-variant-numeric:tabular-nums}
mark{background:var(--mark);color:inherit;padding:0 .1em;border-radius:2px}
ol.timeline{list-style:none;margin:0;padding:0;border-left:2px solid var(--line)}
ol.timeline>li{position:relative;padding:.1rem 0 .9rem 1.2rem}
ol.timeline>li::before{content:"";position:absolute;left:-.42rem;top:.55rem;width:.7rem;height:.7rem;border-radius:50%;background:var(--bg);border:2px solid var(--accent)}
.date{display:block;font-weight:650;font-variant-numeric:tabular-nums}
.ev{margin:.1rem 0}
.meta{font-size:.88rem;color:var(--muted)}
.ents{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:.6rem}
.ents>li{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.55rem .75rem;min-width:0;overflow-wrap:anywhere}
.ents .name{font-weight:650}
.ents .line{font-size:.86rem;margin-top:.15rem}
details>summary{cursor:pointer;color:var(--accent);margin:.6rem 0}
.speaker{margin-bottom:1.6rem}
blockquote{margin:.6rem 0;padding:.4rem 0 .4rem 1rem;border-left:3px solid var(--line)}
blockquote.direct{border-left-color:var(--accent)}
blockquote p{margin:0;font-family:"Iowan Old Style","Palatino Linotype",Palatino,Georgia,serif;font-size:1.05rem}
blockquote.indirect p{font-style:italic}
.kind{display:inline-block;font-size:.72rem;text-transform:uppercase;letter-spacing:.05em;border:1px solid var(--line);border-radius:4px;padding:0 .35rem;margin-right:.35rem;color:var(--muted)}
.figs{list-style:none;padding:0;margin:0}
.figs>li{padding:.6rem 0;border-bottom:1px solid var(--line)}
.fig{font-weight:700;font-size:1.05rem}
.ok{color:var(--ok);background:var(--okbg);border-radius:4px;padding:0 .35rem}
.bad{color:var(--bad);background:var(--badbg);border-radius:4px;padding:0 .35rem}
.ctx{margin:.15rem 0}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid var(--line)}
th{font-size:.78rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.tw{overflow-x:auto}
article.doc{border-top:1px solid var(--line);padding-top:1rem;margin-top:2rem}
article.doc h3{margin-top:0;font-size:1.2rem}
dl.dm{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .9rem;font-size:.88rem;margin:.4rem 0 1rem}
dl.dm dt{color:var(--muted)}
dl.dm dd{margin:0;overflow-wrap:anywhere}
.body{font-family:"Iowan Old Style","Palatino Linotype",Palatino,Georgia,serif;font-size:1.04rem;line-height:1.7}
.body p,.body ul{margin:0 0 .8rem}
.body p{white-space:pre-line}
.body .bh{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:1rem;font-weight:700;margin:1.2rem 0 .5rem}
.s:target,.body p:target,.body li:target{background:var(--target);outline:2px solid var(--target);border-radius:2px}
.doc:target h3{color:var(--accent)}
.top-link{font-size:.85rem}
footer{margin-top:3rem;font-size:.82rem;color:var(--muted)}
@media (max-width:62rem){
.wrap{display:block;padding:0 1rem}
nav.toc{position:static;border-bottom:1px solid var(--line);padding:.6rem 0;max-height:none;font-size:.85rem}
nav.toc b{display:none}
nav.toc ol{display:flex;flex-wrap:wrap;gap:.1rem .2rem}
nav.toc a{border-left:0;padding:.1rem .45rem;background:var(--card);border-radius:4px}
nav.toc .c{display:none}
main{padding-top:1.2rem}
header.top h1{font-size:1.6rem}
}
@media print{
nav.toc,.skip,.top-link{display:none}
.wrap{display:block;max-width:none;padding:0}
body{background:#fff;color:#000;font-size:11pt}
a{color:#000}
section{margin-top:1.5rem}
.ents>li,.figs>li,blockquote,ol.timeline>li{break-inside:avoid}
h2,h3{break-after:avoid}
.ok{color:#0a5a2a;background:none}.bad{color:#8a1010;background:none}
}
"#;

/// The briefing as one self-contained HTML page (inline CSS, no script, no network).
pub fn render(b: &Briefing) -> String {
    let cx = Ctx::new(b);
    let mut h = String::with_capacity(
        64 * 1024 + b.documents.iter().map(|d| d.body.len() * 2).sum::<usize>(),
    );
    let title = title_of(b);
    let (known, uncertain) = split_events(b, &cx.pos);
    let sections = entity_sections(b);
    let speakers = quotes_by_speaker(b);

    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
    h.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    let _ = writeln!(h, "<title>{} — Dossier</title>", escape(&title));
    let _ = writeln!(h, "<style>{CSS}</style>\n</head>\n<body>");
    h.push_str("<a class=\"skip\" href=\"#main\">Skip to content</a>\n<div class=\"wrap\">\n");

    // Table of contents.
    let mut toc: Vec<(&str, String, usize)> = vec![
        ("summary", "Summary".into(), b.summary.len()),
        ("timeline", "Timeline".into(), b.events.len()),
    ];
    for (id, label, list) in &sections {
        toc.push((id, (*label).to_string(), list.len()));
    }
    toc.push(("quotes", "Quotes".into(), b.quotes.len()));
    toc.push(("figures", "Figures".into(), b.figures.len()));
    toc.push((
        "stories",
        "Stories & duplicates".into(),
        b.stories.len() + b.duplicates.len(),
    ));
    toc.push(("sources", "Sources".into(), b.documents.len()));
    if !b.skipped.is_empty() {
        toc.push(("skipped", "Skipped inputs".into(), b.skipped.len()));
    }
    h.push_str("<nav class=\"toc\" aria-label=\"Contents\"><b>Contents</b><ol>\n");
    for (id, label, n) in &toc {
        let _ = writeln!(
            h,
            "<li{}><a href=\"#{id}\">{} <span class=\"c\">{n}</span></a></li>",
            if *n == 0 { " class=\"empty\"" } else { "" },
            escape(label)
        );
    }
    h.push_str("</ol></nav>\n<main id=\"main\">\n");

    // Header.
    let nd = b.documents.len();
    let ns = source_count(b);
    h.push_str("<header class=\"top\" id=\"top\">\n");
    let _ = writeln!(h, "<h1>{}</h1>", escape(&title));
    let _ = writeln!(
        h,
        "<p>{nd} document{} from {ns} source{}{}</p>",
        if nd == 1 { "" } else { "s" },
        if ns == 1 { "" } else { "s" },
        date_range(b)
            .map(|(a, z)| if a == z {
                format!(", published {}", escape(&human_date(&a)))
            } else {
                format!(
                    ", published {} to {}",
                    escape(&human_date(&a)),
                    escape(&human_date(&z))
                )
            })
            .unwrap_or_default()
    );
    h.push_str("<ul class=\"stats\">");
    for (n, one, many) in STATS {
        let _ = write!(
            h,
            "<li>{} {}</li>",
            n(b),
            if n(b) == 1 { one } else { many }
        );
    }
    h.push_str("</ul>\n</header>\n");

    summary_html(&cx, &mut h);
    timeline_html(&cx, &known, &uncertain, &mut h);
    for (id, label, list) in &sections {
        entities_html(&cx, id, label, list, &mut h);
    }
    quotes_html(&cx, &speakers, &mut h);
    figures_html(&cx, &mut h);
    stories_html(&cx, &mut h);
    sources_html(&cx, &mut h);
    skipped_html(&cx, &mut h);

    h.push_str("<footer>Generated by Dossier. Every statement above is quoted from the sources below; numbers in brackets link to the sentence they come from.</footer>\n");
    h.push_str("</main>\n</div>\n</body>\n</html>\n");
    h
}

/// The counts shown under the title: (count, singular, plural).
type Stat = (fn(&Briefing) -> usize, &'static str, &'static str);
pub(crate) const STATS: [Stat; 5] = [
    (|b| b.entities.len(), "entity", "entities"),
    (|b| b.quotes.len(), "quote", "quotes"),
    (|b| b.events.len(), "dated event", "dated events"),
    (|b| b.figures.len(), "figure", "figures"),
    (|b| b.stories.len(), "story", "stories"),
];

/// The date label of an event: the readable date, or, when the value is not a calendar date
/// (`XXXX-WXX-2`, `PRESENT_REF`), the words of the text with the value beside them.
pub(crate) fn event_date_label(e: &Event) -> (String, Option<String>) {
    let hd = human_date(&e.date);
    if hd != e.date || known_year(&e.date) {
        return (hd, None);
    }
    let anchor = one_line(&e.anchor);
    if anchor.is_empty() {
        return (hd, None);
    }
    let mut cs = anchor.chars();
    let cap: String = cs
        .next()
        .map(|c| c.to_uppercase().chain(cs).collect())
        .unwrap_or_default();
    (format!("“{cap}”"), Some(e.date.clone()))
}

/// The first and last publication date (the date part), when any document has one.
pub(crate) fn date_range(b: &Briefing) -> Option<(String, String)> {
    let mut dates: Vec<String> = b
        .documents
        .iter()
        .filter_map(|d| d.published.as_deref())
        .map(|p| p.split('T').next().unwrap_or(p).trim().to_string())
        .filter(|p| known_year(p))
        .collect();
    dates.sort();
    Some((dates.first()?.clone(), dates.last()?.clone()))
}

fn section_open(h: &mut String, id: &str, title: &str, empty: bool) {
    let _ = writeln!(
        h,
        "<section id=\"{id}\"{} aria-labelledby=\"{id}-h\">\n<h2 id=\"{id}-h\">{}</h2>",
        if empty { " class=\"empty\"" } else { "" },
        escape(title)
    );
}

fn none(h: &mut String, what: &str) {
    let _ = writeln!(h, "<p class=\"none\">{}</p>", escape(what));
}

fn summary_html(cx: &Ctx, h: &mut String) {
    section_open(h, "summary", "Summary", cx.b.summary.is_empty());
    if cx.b.summary.is_empty() {
        none(h, "No summary could be drawn from the documents.");
    } else {
        h.push_str("<ul class=\"summary\">\n");
        for s in &cx.b.summary {
            let _ = writeln!(
                h,
                "<li>{}{}</li>",
                escape(&one_line(&s.text)),
                cx.cite(&s.doc, s.start)
            );
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</section>\n");
}

/// The event's sentence with its temporal expression marked.
fn event_sentence_html(e: &Event) -> String {
    let rel = e.start.checked_sub(e.sentence_start);
    match split_around(&e.sentence, &e.anchor, rel) {
        Some((a, m, z)) => format!(
            "{}<mark>{}</mark>{}",
            escape(&one_line_keep(a)),
            escape(m),
            escape(&one_line_keep(z))
        ),
        None => escape(&one_line(&e.sentence)),
    }
}

/// Like [`one_line`] but keeps a leading/trailing space (for pieces around a mark).
fn one_line_keep(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut sp = false;
    for c in s.chars() {
        if c.is_whitespace() {
            sp = true;
        } else {
            if sp {
                out.push(' ');
                sp = false;
            }
            out.push(c);
        }
    }
    if sp {
        out.push(' ');
    }
    out
}

fn event_li(cx: &Ctx, e: &Event, h: &mut String) {
    let (label, raw) = event_date_label(e);
    let raw = raw
        .map(|r| format!(" <span class=\"muted raw\">{}</span>", escape(&r)))
        .unwrap_or_default();
    let _ = write!(
        h,
        "<li><span class=\"date\">{}{raw}</span><p class=\"ev\">{} {}</p>",
        escape(&label),
        event_sentence_html(e),
        cx.cite(&e.doc, e.sentence_start.min(e.start))
    );
    let mut meta = vec![format!("Source: {}", cx.doc_link(&e.doc, Some(e.start)))];
    if !e.also_in.is_empty() {
        meta.push(format!(
            "also told by {}",
            cx.doc_links(e.also_in.iter().map(|r| (r.doc.as_str(), Some(r.start))))
        ));
    }
    let _ = writeln!(h, "<div class=\"meta\">{}</div></li>", meta.join(" · "));
}

fn timeline_html(cx: &Ctx, known: &[&Event], uncertain: &[&Event], h: &mut String) {
    section_open(
        h,
        "timeline",
        "Timeline",
        known.is_empty() && uncertain.is_empty(),
    );
    if known.is_empty() && uncertain.is_empty() {
        none(h, "No dated events were found.");
    }
    if !known.is_empty() {
        h.push_str("<ol class=\"timeline\">\n");
        for e in known {
            event_li(cx, e, h);
        }
        h.push_str("</ol>\n");
    }
    if !uncertain.is_empty() {
        h.push_str("<h3 id=\"date-uncertain\">Date uncertain</h3>\n<p class=\"muted\">The year (or the exact date) of these events cannot be told from the text, so they are not placed on the timeline.</p>\n<ol class=\"timeline uncertain\">\n");
        for e in uncertain {
            event_li(cx, e, h);
        }
        h.push_str("</ol>\n");
    }
    h.push_str("</section>\n");
}

const SHOWN: usize = 24;

fn entity_li(cx: &Ctx, e: &Entity, h: &mut String) {
    let _ = write!(
        h,
        "<li><div class=\"name\">{}</div>",
        escape(&one_line(&e.name))
    );
    let name_key = crate::text::fold(&e.name);
    let mut aliases: Vec<String> = Vec::new();
    for a in &e.aliases {
        let k = crate::text::fold(a);
        if k != name_key && !aliases.iter().any(|x| crate::text::fold(x) == k) {
            aliases.push(one_line(a));
        }
    }
    if !aliases.is_empty() {
        let _ = write!(
            h,
            "<div class=\"line\"><span class=\"muted\">Also:</span> {}</div>",
            escape(&aliases.join(", "))
        );
    }
    let roles: Vec<String> = {
        let mut v: Vec<String> = Vec::new();
        for r in &e.roles {
            let r = one_line(r);
            if !r.is_empty() && !v.iter().any(|x| x.eq_ignore_ascii_case(&r)) {
                v.push(r);
            }
        }
        v
    };
    if !roles.is_empty() {
        let _ = write!(
            h,
            "<div class=\"line\"><span class=\"muted\">Role:</span> {}</div>",
            escape(&roles.join("; "))
        );
    }
    let nd = e.documents.len();
    let mut first: HashMap<&str, usize> = HashMap::new();
    for m in &e.mentions {
        let f = first.entry(m.doc.as_str()).or_insert(m.start);
        *f = (*f).min(m.start);
    }
    let links = cx.doc_links(
        e.documents
            .iter()
            .map(|d| (d.as_str(), first.get(d.as_str()).copied())),
    );
    let _ = writeln!(
        h,
        "<div class=\"line\"><span class=\"muted\">{nd} document{} · {} mention{}:</span> {links}</div></li>",
        if nd == 1 { "" } else { "s" },
        e.mentions.len(),
        if e.mentions.len() == 1 { "" } else { "s" }
    );
}

fn entities_html(cx: &Ctx, id: &str, label: &str, list: &[&Entity], h: &mut String) {
    section_open(h, id, label, list.is_empty());
    if list.is_empty() {
        none(h, "None found.");
    } else {
        h.push_str("<ul class=\"ents\">\n");
        for e in list.iter().take(SHOWN) {
            entity_li(cx, e, h);
        }
        h.push_str("</ul>\n");
        if list.len() > SHOWN {
            let _ = writeln!(
                h,
                "<details><summary>{} more</summary><ul class=\"ents\">",
                list.len() - SHOWN
            );
            for e in &list[SHOWN..] {
                entity_li(cx, e, h);
            }
            h.push_str("</ul></details>\n");
        }
    }
    h.push_str("</section>\n");
}

pub(crate) fn kind_label(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Direct => "direct",
        QuoteKind::Partial => "partial",
        QuoteKind::Indirect => "indirect",
    }
}

/// The documents of a quote item (its records) and the further documents it is also in.
pub(crate) fn quote_docs<'a>(item: &[&'a QuoteRecord]) -> (Vec<&'a QuoteRecord>, Vec<&'a str>) {
    let mut recs: Vec<&QuoteRecord> = Vec::new();
    for q in item {
        if !recs.iter().any(|r| r.doc == q.doc && r.start == q.start) {
            recs.push(q);
        }
    }
    let mut also: Vec<&str> = Vec::new();
    for q in item {
        for d in &q.also_in {
            if !recs.iter().any(|r| &r.doc == d) && !also.contains(&d.as_str()) {
                also.push(d);
            }
        }
    }
    (recs, also)
}

fn quotes_html(cx: &Ctx, speakers: &[SpeakerQuotes], h: &mut String) {
    section_open(h, "quotes", "Quotes by speaker", speakers.is_empty());
    if speakers.is_empty() {
        none(h, "No quotes were found.");
    }
    for (k, sp) in speakers.iter().enumerate() {
        let _ = write!(
            h,
            "<div class=\"speaker\" id=\"speaker-{k}\"><h3>{}",
            escape(&sp.name)
        );
        if let Some(e) = sp.entity
            && let Some(r) = e.roles.first()
        {
            let _ = write!(
                h,
                " <span class=\"muted\">· {}</span>",
                escape(&one_line(r))
            );
        }
        let _ = writeln!(
            h,
            " <span class=\"c muted\">({} quote{})</span></h3>",
            sp.items.len(),
            if sp.items.len() == 1 { "" } else { "s" }
        );
        for item in &sp.items {
            let q = item[0];
            let (recs, also) = quote_docs(item);
            let text = one_line(&q.text);
            let shown = match q.kind {
                QuoteKind::Indirect => text,
                _ => format!("“{text}”"),
            };
            let _ = write!(
                h,
                "<blockquote class=\"{}\"><p>{} {}</p><div class=\"meta\"><span class=\"kind\">{}</span>",
                kind_label(q.kind),
                escape(&shown),
                cx.cite(&q.doc, q.start),
                kind_label(q.kind)
            );
            if let Some(cue) = q.cue.as_deref().map(one_line).filter(|c| !c.is_empty()) {
                let _ = write!(h, "<i>{}</i> · ", escape(&cue));
            }
            h.push_str(&cx.doc_links(recs.iter().map(|r| (r.doc.as_str(), Some(r.start)))));
            if !also.is_empty() {
                let _ = write!(
                    h,
                    " · also in {}",
                    cx.doc_links(also.iter().map(|d| (*d, None)))
                );
            }
            h.push_str("</div></blockquote>\n");
        }
        h.push_str("</div>\n");
    }
    h.push_str("</section>\n");
}

fn figures_html(cx: &Ctx, h: &mut String) {
    section_open(h, "figures", "Figures", cx.b.figures.is_empty());
    let figs = sorted_figures(cx.b, &cx.pos);
    if figs.is_empty() {
        none(h, "No figures were found.");
    } else {
        h.push_str("<ul class=\"figs\">\n");
        for f in figs {
            let unit = one_line(&f.unit);
            let _ = write!(
                h,
                "<li><span class=\"fig\">{}</span> <span class=\"muted\">= {} {}</span>",
                escape(&one_line(&f.text)),
                escape(&format_value(f.value)),
                escape(&unit)
            );
            if !f.context.trim().is_empty() {
                let ctx = match split_around(&f.context, &f.text, None) {
                    Some((a, m, z)) => format!(
                        "{}<mark>{}</mark>{}",
                        escape(&one_line_keep(a)),
                        escape(m),
                        escape(&one_line_keep(z))
                    ),
                    None => escape(&one_line(&f.context)),
                };
                let _ = write!(h, "<p class=\"ctx\">{ctx} {}</p>", cx.cite(&f.doc, f.start));
            }
            let _ = write!(
                h,
                "<div class=\"meta\">{}",
                cx.doc_link(&f.doc, Some(f.start))
            );
            if !f.corroborated_by.is_empty() {
                let _ = write!(
                    h,
                    " · <span class=\"ok\">✔ corroborated by</span> {}",
                    cx.doc_links(f.corroborated_by.iter().map(|d| (d.as_str(), None)))
                );
            }
            if !f.conflicts_with.is_empty() {
                let _ = write!(
                    h,
                    " · <span class=\"bad\">✘ conflicts with</span> {}",
                    cx.doc_links(f.conflicts_with.iter().map(|d| (d.as_str(), None)))
                );
            }
            h.push_str("</div></li>\n");
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</section>\n");
}

fn stories_html(cx: &Ctx, h: &mut String) {
    section_open(
        h,
        "stories",
        "Stories & duplicates",
        cx.b.stories.is_empty() && cx.b.duplicates.is_empty(),
    );
    h.push_str("<h3>Stories</h3>\n");
    if cx.b.stories.is_empty() {
        none(h, "No stories were told by more than one document.");
    } else {
        h.push_str("<ul>\n");
        for s in &cx.b.stories {
            let label = one_line(&s.label);
            let _ = writeln!(
                h,
                "<li><b>{}</b> <span class=\"muted\">({} document{})</span><br>{}</li>",
                escape(if label.is_empty() { &s.id } else { &label }),
                s.documents.len(),
                if s.documents.len() == 1 { "" } else { "s" },
                cx.doc_links(s.documents.iter().map(|d| (d.as_str(), None)))
            );
        }
        h.push_str("</ul>\n");
    }
    h.push_str("<h3>Duplicates</h3>\n");
    if cx.b.duplicates.is_empty() {
        none(h, "No document is a copy of another.");
    } else {
        h.push_str("<ul>\n");
        for d in &cx.b.duplicates {
            let (kind, sim) = super::duplicate_labels(d);
            let _ = writeln!(
                h,
                "<li><b>{}</b><span class=\"muted\">{}</span>: {}</li>",
                escape(&kind),
                escape(&sim),
                cx.doc_links(d.documents.iter().map(|x| (x.as_str(), None)))
            );
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</section>\n");
}

fn url_html(u: &str) -> String {
    let u = u.trim();
    if is_web_url(u) {
        format!(
            "<a href=\"{0}\" rel=\"noopener noreferrer\">{0}</a>",
            escape(u)
        )
    } else {
        format!("<span>{}</span>", escape(u))
    }
}

fn with_source(v: &str, src: Option<&str>) -> String {
    escape(v) + &source_note(src)
}

/// ` (source)`, muted, or nothing.
fn source_note(src: Option<&str>) -> String {
    match src.map(one_line).filter(|s| !s.is_empty()) {
        Some(s) => format!(" <span class=\"muted\">({})</span>", escape(&s)),
        None => String::new(),
    }
}

fn body_html(i: usize, d: &Document, lay: &DocLayout, h: &mut String) {
    let off = &lay.off;
    let mut in_list = false;
    for p in &lay.paras {
        let is_item = p.kind == BlockKind::ListItem;
        if is_item && !in_list {
            h.push_str("<ul>");
            in_list = true;
        } else if !is_item && in_list {
            h.push_str("</ul>\n");
            in_list = false;
        }
        let id =
            p.id.map(|s| format!(" id=\"d-{i}-{s}\""))
                .unwrap_or_default();
        let (open, close) = match p.kind {
            BlockKind::Heading => (format!("<p class=\"bh\"{id}>"), "</p>\n"),
            BlockKind::ListItem => (format!("<li{id}>"), "</li>"),
            BlockKind::Paragraph => (format!("<p{id}>"), "</p>\n"),
        };
        h.push_str(&open);
        for pc in &p.pieces {
            let t = escape(char_slice(&d.body, off, pc.start, pc.end));
            match (pc.sentence, pc.id) {
                (true, Some(s)) => {
                    let _ = write!(h, "<span class=\"s\" id=\"d-{i}-{s}\">{t}</span>");
                }
                (true, None) => {
                    let _ = write!(h, "<span class=\"s\">{t}</span>");
                }
                _ => h.push_str(&t),
            }
        }
        h.push_str(close);
    }
    if in_list {
        h.push_str("</ul>\n");
    }
}

/// A plausible BCP 47 language tag (`en`, `pt-BR`, `deu`).
fn is_lang_tag(l: &str) -> bool {
    let mut parts = l.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_alphanumeric()))
}

fn sources_html(cx: &Ctx, h: &mut String) {
    section_open(h, "sources", "Sources", cx.b.documents.is_empty());
    if cx.b.documents.is_empty() {
        none(h, "No documents.");
    }
    for (i, d) in cx.b.documents.iter().enumerate() {
        let title = d
            .title
            .as_deref()
            .map(one_line)
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "(untitled)".to_string());
        let lang = d
            .language
            .as_deref()
            .map(str::trim)
            .filter(|l| is_lang_tag(l))
            .map(|l| format!(" lang=\"{}\"", escape(l)))
            .unwrap_or_default();
        let _ = writeln!(
            h,
            "<article class=\"doc\" id=\"d-{i}\"{lang}><h3><span class=\"n\">[{}]</span> {}</h3>",
            i + 1,
            escape(&title)
        );
        if let Some(s) = d
            .subtitle
            .as_deref()
            .map(one_line)
            .filter(|s| !s.is_empty())
        {
            let _ = writeln!(h, "<p class=\"muted\">{}</p>", escape(&s));
        }
        h.push_str("<dl class=\"dm\">");
        let mut row = |k: &str, v: String| {
            let _ = write!(h, "<dt>{k}</dt><dd>{v}</dd>");
        };
        if let Some(o) = d.outlet.as_deref().map(one_line).filter(|o| !o.is_empty()) {
            row("Outlet", with_source(&o, d.outlet_source.as_deref()));
        }
        if !d.authors.is_empty() {
            let a: Vec<String> = d.authors.iter().map(|a| one_line(a)).collect();
            row(
                "By",
                with_source(&a.join(", "), d.authors_source.as_deref()),
            );
        }
        match d
            .published
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            Some(p) => {
                let mut v = format!(
                    "<time datetime=\"{}\">{}</time>",
                    escape(p),
                    escape(&human_date(p))
                );
                v.push_str(&source_note(d.published_source.as_deref()));
                if let Some(ev) = d
                    .published_evidence
                    .as_deref()
                    .map(one_line)
                    .filter(|s| !s.is_empty())
                {
                    let _ = write!(v, " <span class=\"muted\">— {}</span>", escape(&ev));
                }
                row("Published", v);
            }
            None => row("Published", "<span class=\"muted\">unknown</span>".into()),
        }
        if let Some(m) = d.modified.as_deref().filter(|m| !m.trim().is_empty()) {
            row("Updated", with_source(m, d.modified_source.as_deref()));
        }
        if let Some(u) = d.url.as_deref().filter(|u| !u.trim().is_empty()) {
            let note = source_note(d.url_source.as_deref());
            row("URL", url_html(u) + &note);
        }
        if let Some(l) = d.language.as_deref().filter(|l| !l.trim().is_empty()) {
            row("Language", with_source(l, d.language_source.as_deref()));
        }
        row("Id", format!("<code>{}</code>", escape(&d.id)));
        if let Some(s) = d.source.as_deref().filter(|s| !s.trim().is_empty()) {
            row("File", format!("<code>{}</code>", escape(s)));
        }
        h.push_str("</dl>\n<div class=\"body\">\n");
        if d.body.trim().is_empty() {
            none(h, "(no text)");
        } else {
            body_html(i, d, &cx.layouts[i], h);
        }
        h.push_str(
            "</div>\n<p class=\"top-link\"><a href=\"#top\">↑ Back to top</a></p>\n</article>\n",
        );
    }
    h.push_str("</section>\n");
}

fn skipped_html(cx: &Ctx, h: &mut String) {
    if cx.b.skipped.is_empty() {
        return;
    }
    section_open(h, "skipped", "Skipped inputs", false);
    h.push_str(
        "<div class=\"tw\"><table><thead><tr><th>Input</th><th>Reason</th></tr></thead><tbody>\n",
    );
    for s in &cx.b.skipped {
        let _ = writeln!(
            h,
            "<tr><td><code>{}</code></td><td>{}</td></tr>",
            escape(&s.source),
            escape(&one_line(&s.reason))
        );
    }
    h.push_str("</tbody></table></div>\n</section>\n");
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::*;

    /// A small invented briefing used by the HTML and Markdown tests.
    pub(crate) fn sample() -> Briefing {
        let body1 = "Mayor Ana Lísa Ferreira opened the new bridge on Tuesday. \
             “It’s a great day,” she said.\n\nThe bridge cost 12 million euros. \
             Work began in 2021."
            .to_string();
        let body2 = "Ferreira’s bridge over the Tâmega opened on 5 March 2024. \
             It cost 14 million euros, officials said."
            .to_string();
        let mut d1 = doc("river-1", "New bridge opens", "The Daily Tâmega", &body1);
        d1.authors = vec!["Rui Costa".into()];
        d1.published = Some("2024-03-05".into());
        d1.published_source = Some("inferred".into());
        d1.url = Some("https://example.org/bridge".into());
        let mut d2 = doc("river-2", "Bridge ready", "Norte Herald", &body2);
        d2.published = Some("2024-03-06T09:30".into());
        d2.url = Some("javascript:alert(1)".into());
        let s1 = find(&d1.body, "The bridge cost");
        let q1 = find(&d1.body, "It’s a great");
        let f1 = find(&d1.body, "12 million euros");
        let f2 = find(&d2.body, "14 million euros");
        let t1 = find(&d2.body, "5 March 2024");
        let t0 = find(&d1.body, "Tuesday");
        let s2b = find(&d2.body, "It cost");
        Briefing {
            documents: vec![d1.clone(), d2.clone()],
            entities: vec![Entity {
                id: "e1".into(),
                name: "Ana Lísa Ferreira".into(),
                kind: EntityType::Person,
                aliases: vec!["Ana Lísa Ferreira".into(), "Ferreira".into()],
                roles: vec!["Mayor".into()],
                documents: vec!["river-1".into(), "river-2".into()],
                mentions: vec![
                    SpanRef {
                        doc: "river-1".into(),
                        start: 6,
                        end: 23,
                    },
                    SpanRef {
                        doc: "river-2".into(),
                        start: 0,
                        end: 8,
                    },
                ],
            }],
            quotes: vec![QuoteRecord {
                doc: "river-1".into(),
                start: q1,
                end: q1 + 17,
                text: "It’s a great day,".into(),
                speaker: Some("Ana Lísa Ferreira".into()),
                speaker_entity: Some("e1".into()),
                cue: Some("said".into()),
                kind: QuoteKind::Direct,
                group: 0,
                also_in: vec![],
            }],
            events: vec![
                Event {
                    date: "2024-03-05".into(),
                    doc: "river-2".into(),
                    anchor: "5 March 2024".into(),
                    start: t1,
                    end: t1 + 12,
                    sentence: d2.sentences[0].text.clone(),
                    sentence_start: 0,
                    sentence_end: d2.sentences[0].end,
                    also_in: vec![],
                },
                Event {
                    date: "XXXX-XX-XXTUE".into(),
                    doc: "river-1".into(),
                    anchor: "Tuesday".into(),
                    start: t0,
                    end: t0 + 7,
                    sentence: d1.sentences[0].text.clone(),
                    sentence_start: 0,
                    sentence_end: d1.sentences[0].end,
                    also_in: vec![],
                },
                Event {
                    date: "2021".into(),
                    doc: "river-1".into(),
                    anchor: "2021".into(),
                    start: find(&d1.body, "2021"),
                    end: find(&d1.body, "2021") + 4,
                    sentence: "Work began in 2021.".into(),
                    sentence_start: find(&d1.body, "Work"),
                    sentence_end: d1.body.chars().count(),
                    also_in: vec![],
                },
            ],
            figures: vec![
                FigureRecord {
                    doc: "river-1".into(),
                    start: f1,
                    end: f1 + 16,
                    text: "12 million euros".into(),
                    value: 12_000_000.0,
                    unit: "EUR".into(),
                    context: "The bridge cost 12 million euros.".into(),
                    corroborated_by: vec![],
                    conflicts_with: vec!["river-2".into()],
                },
                FigureRecord {
                    doc: "river-2".into(),
                    start: f2,
                    end: f2 + 16,
                    text: "14 million euros".into(),
                    value: 14_000_000.0,
                    unit: "EUR".into(),
                    context: "It cost 14 million euros, officials said.".into(),
                    corroborated_by: vec![],
                    conflicts_with: vec!["river-1".into()],
                },
            ],
            stories: vec![Story {
                id: "s1".into(),
                label: "Tâmega bridge opens".into(),
                documents: vec!["river-1".into(), "river-2".into()],
            }],
            duplicates: vec![Duplicate {
                documents: vec!["river-1".into(), "river-2".into()],
                kind: "near".into(),
                similarity: 0.42,
            }],
            summary: vec![
                SummarySentence {
                    text: "The bridge cost 12 million euros.".into(),
                    doc: "river-1".into(),
                    start: s1,
                    end: s1 + 33,
                },
                SummarySentence {
                    text: "It cost 14 million euros, officials said.".into(),
                    doc: "river-2".into(),
                    start: s2b,
                    end: s2b + 41,
                },
            ],
            skipped: vec![Skipped {
                source: "feeds/broken.warc:3".into(),
                reason: "not UTF-8 & no charset".into(),
            }],
        }
    }

    /// The char offset of `needle` in `body`.
    pub(crate) fn find(body: &str, needle: &str) -> usize {
        let b = body.find(needle).expect("needle in body");
        body[..b].chars().count()
    }

    /// A document with naive sentences (split after ". " and "\n\n") and blocks.
    pub(crate) fn doc(id: &str, title: &str, outlet: &str, body: &str) -> Document {
        let chars: Vec<char> = body.chars().collect();
        let mut sentences = Vec::new();
        let mut blocks = Vec::new();
        let mut s = 0;
        let mut bs = 0;
        let mut i = 0;
        while i <= chars.len() {
            let end_block =
                i == chars.len() || (chars[i] == '\n' && chars.get(i + 1) == Some(&'\n'));
            let end_sent =
                end_block || (chars[i] == ' ' && i > 0 && matches!(chars[i - 1], '.' | '!' | '?'));
            if end_sent && i > s {
                let text: String = chars[s..i].iter().collect();
                sentences.push(Sentence {
                    start: s,
                    end: i,
                    text,
                    heading: false,
                });
            }
            if end_block {
                if i > bs {
                    blocks.push(Block {
                        start: bs,
                        end: i,
                        kind: BlockKind::Paragraph,
                    });
                }
                i += 2;
                bs = i;
                s = i;
                continue;
            }
            if end_sent {
                s = i + 1;
            }
            i += 1;
        }
        let d = Document {
            id: id.into(),
            title: Some(title.into()),
            outlet: Some(outlet.into()),
            body: body.into(),
            blocks,
            sentences,
            ..Default::default()
        };
        d.check_spans().expect("test document spans");
        d
    }

    /// All `href="#x"` targets and all `id="x"` of a page.
    pub(crate) fn hrefs_and_ids(page: &str) -> (Vec<String>, Vec<String>) {
        let grab = |pat: &str| -> Vec<String> {
            page.match_indices(pat)
                .map(|(i, _)| {
                    let rest = &page[i + pat.len()..];
                    rest[..rest.find('"').unwrap_or(0)].to_string()
                })
                .collect()
        };
        (grab("href=\"#"), grab(" id=\""))
    }

    #[test]
    fn sections_are_present_in_order() {
        let page = render(&sample());
        let order = [
            "<h1>Tâmega bridge opens</h1>",
            "id=\"summary\"",
            "id=\"timeline\"",
            "id=\"people\"",
            "id=\"organisations\"",
            "id=\"places\"",
            "id=\"quotes\"",
            "id=\"figures\"",
            "id=\"stories\"",
            "id=\"sources\"",
            "id=\"skipped\"",
        ];
        let mut last = 0;
        for o in order {
            let p = page[last..]
                .find(o)
                .unwrap_or_else(|| panic!("{o} missing or out of order"));
            last += p;
        }
        assert!(page.contains("2 documents from 2 sources"));
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.ends_with("</html>\n"));
    }

    #[test]
    fn every_internal_link_resolves() {
        let page = render(&sample());
        let (hrefs, ids) = hrefs_and_ids(&page);
        assert!(hrefs.len() > 10);
        for h in &hrefs {
            assert!(ids.contains(h), "dangling link #{h}");
        }
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len(), "duplicate ids");
    }

    #[test]
    fn citations_point_at_the_sentence() {
        let b = sample();
        let page = render(&b);
        // Summary sentence 1 starts at "The bridge cost" in document 0.
        let s1 = find(&b.documents[0].body, "The bridge cost");
        let href = format!("href=\"#d-0-{s1}\"");
        let id =
            format!("<span class=\"s\" id=\"d-0-{s1}\">The bridge cost 12 million euros.</span>");
        assert!(page.contains(&href), "{href}");
        assert!(page.contains(&id), "{id}");
        // A quote starting inside a sentence links to the sentence that holds it.
        let q_sent = find(&b.documents[0].body, "“It’s");
        assert!(page.contains(&format!("href=\"#d-0-{q_sent}\"")));
    }

    #[test]
    fn unknown_year_events_are_apart() {
        let page = render(&sample());
        let unc = page.find("Date uncertain").expect("uncertain list");
        let tue = page.find("<mark>Tuesday</mark>").expect("Tuesday event");
        let y2021 = page.find("<mark>2021</mark>").expect("2021 event");
        let march = page.find("<mark>5 March 2024</mark>").expect("March event");
        assert!(y2021 < march, "timeline sorted by date");
        assert!(march < unc && unc < tue, "unknown year after the heading");
        assert!(!page[..unc].contains("Tuesday</mark>"));
    }

    #[test]
    fn figures_show_agreement_colours() {
        let page = render(&sample());
        assert!(page.contains("<span class=\"bad\">✘ conflicts with</span>"));
        assert!(page.contains("12,000,000 EUR"));
        let mut b = sample();
        b.figures[0].conflicts_with.clear();
        b.figures[0].corroborated_by.push("river-2".into());
        assert!(render(&b).contains("<span class=\"ok\">✔ corroborated by</span>"));
    }

    #[test]
    fn hostile_text_is_escaped_everywhere() {
        let evil = "<script>alert(\"x\")</script>&'";
        let mut b = sample();
        let body = format!("Hello {evil} world. Second one.");
        let mut d = doc("x\"><script>", evil, evil, &body);
        d.authors = vec![evil.into()];
        d.published = Some(evil.into());
        d.published_source = Some(evil.into());
        d.url = Some(format!("https://e.org/\"><script>{evil}"));
        d.source = Some(evil.into());
        b.documents.push(d.clone());
        b.entities[0].name = evil.into();
        b.entities[0].aliases.push(evil.into());
        b.entities[0].roles.push(evil.into());
        b.quotes[0].text = evil.into();
        b.quotes[0].speaker = Some(evil.into());
        b.quotes[0].speaker_entity = None;
        b.quotes[0].cue = Some(evil.into());
        b.quotes[0].also_in = vec![evil.into()];
        b.events[0].sentence = evil.into();
        b.events[0].anchor = evil.into();
        b.events[0].date = evil.into();
        b.figures[0].text = evil.into();
        b.figures[0].unit = evil.into();
        b.figures[0].context = evil.into();
        b.stories[0].label = evil.into();
        b.duplicates[0].kind = evil.into();
        b.summary[0].text = evil.into();
        b.skipped[0].source = evil.into();
        b.skipped[0].reason = evil.into();
        let page = render(&b);
        assert!(!page.contains("<script"), "raw <script> in the page");
        assert!(!page.contains("alert(\"x\")"));
        assert!(page.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"));
        // Links still resolve with the hostile document id.
        let (hrefs, ids) = hrefs_and_ids(&page);
        for h in &hrefs {
            assert!(ids.contains(h), "dangling link #{h}");
        }
    }

    #[test]
    fn only_web_urls_become_links() {
        let page = render(&sample());
        assert!(
            page.contains("<a href=\"https://example.org/bridge\" rel=\"noopener noreferrer\">")
        );
        assert!(!page.contains("href=\"javascript"));
        assert!(page.contains("<span>javascript:alert(1)</span>"));
        assert!(is_web_url("HTTPS://x.y"));
        assert!(!is_web_url("http://"));
        assert!(!is_web_url("data:text/html,x"));
    }

    #[test]
    fn multibyte_bodies_are_sliced_by_chars() {
        let b = sample();
        let page = render(&b);
        let d = &b.documents[1];
        let s2 = find(&d.body, "It cost");
        assert!(page.contains(&format!(
            "<span class=\"s\" id=\"d-1-{s2}\">It cost 14 million euros, officials said.</span>"
        )));
        assert!(page.contains(
            "<span class=\"s\" id=\"d-1-0\">Ferreira’s bridge over the Tâmega opened on 5 March 2024.</span>"
        ));
        // Emoji and combining text, sentences only part of the body, offsets out of range.
        let mut d = doc("e", "😀 t", "o", "Ünïcödé 😀 first. Then 🚀 second.");
        d.sentences.push(Sentence {
            start: 900,
            end: 1000,
            text: String::new(),
            heading: false,
        });
        d.blocks.push(Block {
            start: 5,
            end: 999,
            kind: BlockKind::Paragraph,
        });
        let then = find(&d.body, "Then");
        assert_eq!(then, 17);
        let b = Briefing {
            documents: vec![d],
            summary: vec![SummarySentence {
                text: "Then 🚀 second.".into(),
                doc: "e".into(),
                start: then + 2,
                end: then + 14,
            }],
            ..Default::default()
        };
        let page = render(&b);
        assert!(page.contains("<span class=\"s\" id=\"d-0-17\">Then 🚀 second.</span>"));
        assert!(page.contains("href=\"#d-0-17\""));
    }

    #[test]
    fn documents_without_sentences_anchor_paragraphs() {
        let mut d = doc("p", "t", "o", "First para here.\n\nSecond para there.");
        d.sentences.clear();
        d.blocks.clear();
        let b = Briefing {
            documents: vec![d],
            summary: vec![SummarySentence {
                text: "Second para there.".into(),
                doc: "p".into(),
                start: 22,
                end: 36,
            }],
            ..Default::default()
        };
        let page = render(&b);
        assert!(
            page.contains("<p id=\"d-0-18\">Second para there.</p>"),
            "{page}"
        );
        assert!(page.contains("href=\"#d-0-18\""));
    }

    #[test]
    fn empty_briefing_renders() {
        let page = render(&Briefing::default());
        assert!(page.contains("<h1>Briefing</h1>"));
        assert!(page.contains("0 documents from 0 sources"));
        assert!(!page.contains("id=\"skipped\""));
        let (hrefs, ids) = hrefs_and_ids(&page);
        for h in &hrefs {
            assert!(ids.contains(h), "dangling link #{h}");
        }
        // A citation to a document that does not exist is shown, not linked.
        let b = Briefing {
            summary: vec![SummarySentence {
                text: "Orphan.".into(),
                doc: "nope".into(),
                start: 3,
                end: 9,
            }],
            ..Default::default()
        };
        let page = render(&b);
        assert!(page.contains("Orphan.<span class=\"cite missing\""));
    }

    /// Writes the sample page to `/tmp/dossier-render-sample.html` (and `.md`) for a look.
    #[test]
    #[ignore]
    fn write_sample_page() {
        std::fs::write("/tmp/dossier-render-sample.html", render(&sample())).expect("write");
        let mut b = sample();
        for k in 0..30 {
            b.entities.push(Entity {
                id: format!("g{k}"),
                name: format!("Place number {k}"),
                kind: if k % 2 == 0 {
                    EntityType::Gpe
                } else {
                    EntityType::Org
                },
                aliases: vec![format!("P{k}")],
                roles: vec![],
                documents: vec!["river-2".into()],
                mentions: vec![SpanRef {
                    doc: "river-2".into(),
                    start: 3,
                    end: 5,
                }],
            });
        }
        std::fs::write("/tmp/dossier-render-big.html", render(&b)).expect("write");
        std::fs::write(
            "/tmp/dossier-render-sample.md",
            crate::render::markdown::render(&b),
        )
        .expect("write");
    }

    /// Renders the seed articles (when present on this machine) with naive layers, to look at
    /// long real text: `/tmp/dossier-render-seeds.html`.
    #[test]
    #[ignore]
    fn write_seed_page() {
        let Ok(dir) = std::fs::read_dir("/work/shared/corpus/seeds") else {
            return;
        };
        let mut paths: Vec<_> = dir.flatten().map(|e| e.path()).collect();
        paths.sort();
        let mut b = Briefing::default();
        for p in paths {
            let body = std::fs::read_to_string(&p).unwrap_or_default();
            let id = p
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            let d = doc(&id, &id, "Seed", body.trim());
            if let Some(s) = d.sentences.get(1) {
                b.summary.push(SummarySentence {
                    text: s.text.clone(),
                    doc: id.clone(),
                    start: s.start,
                    end: s.end,
                });
            }
            let chars: Vec<char> = d.body.chars().collect();
            let mut open = None;
            for (i, c) in chars.iter().enumerate() {
                match (c, open) {
                    ('“', _) => open = Some(i),
                    ('”', Some(o)) => {
                        b.quotes.push(QuoteRecord {
                            doc: id.clone(),
                            start: o,
                            end: i + 1,
                            text: chars[o + 1..i].iter().collect(),
                            speaker: Some(format!("Speaker {}", b.quotes.len() % 4)),
                            speaker_entity: None,
                            cue: Some("said".into()),
                            kind: QuoteKind::Direct,
                            group: b.quotes.len(),
                            also_in: vec![],
                        });
                        open = None;
                    }
                    _ => {}
                }
            }
            b.documents.push(d);
        }
        std::fs::write("/tmp/dossier-render-seeds.html", render(&b)).expect("write");
        b.quotes.clear();
        b.summary.truncate(1);
        std::fs::write("/tmp/dossier-render-seeds-src.html", render(&b)).expect("write");
    }

    #[test]
    fn blocks_headings_lists_and_crossing_sentences() {
        let body = "Heading here\n\nOne item\n\nTwo item\n\nA sentence that\n\ncrosses. Last one.";
        let mut d = doc("b", "t", "o", body);
        d.blocks[0].kind = BlockKind::Heading;
        d.blocks[1].kind = BlockKind::ListItem;
        d.blocks[2].kind = BlockKind::ListItem;
        d.language = Some("pt-BR".into());
        // One sentence spanning two blocks.
        let s = find(body, "A sentence");
        let e = find(body, "crosses.") + 8;
        d.sentences.retain(|x| x.end <= s || x.start >= e);
        d.sentences.push(Sentence {
            start: s,
            end: e,
            text: body.chars().skip(s).take(e - s).collect(),
            heading: false,
        });
        d.sentences.sort_by_key(|x| x.start);
        d.check_spans().expect("spans");
        let b = Briefing {
            documents: vec![d],
            summary: vec![SummarySentence {
                text: "crosses.".into(),
                doc: "b".into(),
                start: e - 8,
                end: e,
            }],
            ..Default::default()
        };
        let page = render(&b);
        assert!(
            page.contains("<p class=\"bh\"><span class=\"s\" id=\"d-0-0\">Heading here</span></p>"),
            "{page}"
        );
        assert!(page.contains("<ul><li><span class=\"s\" id=\"d-0-14\">One item</span></li><li>"));
        assert_eq!(page.matches(&format!("id=\"d-0-{s}\"")).count(), 1);
        assert!(
            page.contains(&format!("href=\"#d-0-{s}\"")),
            "summary links the crossing sentence"
        );
        assert!(page.contains("<span class=\"s\">crosses.</span>"));
        assert!(page.contains("lang=\"pt-BR\""));
        let (hrefs, ids) = hrefs_and_ids(&page);
        assert!(hrefs.iter().all(|h| ids.contains(h)));
    }

    /// Rough timing on a big collection (run with `--ignored --nocapture`).
    #[test]
    #[ignore]
    fn big_collection_timing() {
        let para = "Ünïcode words and more words here. Another sentence follows it. ";
        let body = std::iter::repeat_n(format!("{}\n\n", para.repeat(4)), 60).collect::<String>();
        let d0 = doc("x", "t", "o", body.trim_end());
        let mut b = Briefing::default();
        for k in 0..300 {
            let mut d = d0.clone();
            d.id = format!("doc-{k}");
            b.summary.push(SummarySentence {
                text: d.sentences[5].text.clone(),
                doc: d.id.clone(),
                start: d.sentences[5].start + 3,
                end: d.sentences[5].end,
            });
            b.documents.push(d);
        }
        let t = std::time::Instant::now();
        let page = render(&b);
        let md = crate::render::markdown::render(&b);
        eprintln!(
            "{} docs, {} KB html, {} KB md in {:?}",
            b.documents.len(),
            page.len() / 1024,
            md.len() / 1024,
            t.elapsed()
        );
        assert!(page.len() > body.len() * 300);
    }

    #[test]
    fn helpers() {
        assert_eq!(human_date("2024-01-28"), "28 January 2024");
        assert_eq!(human_date("2024-01"), "January 2024");
        assert_eq!(human_date("XXXX-01-05"), "5 January (year unknown)");
        assert_eq!(human_date("2024-01-28T14:30"), "28 January 2024, 14:30");
        assert_eq!(human_date("PRESENT_REF"), "PRESENT_REF");
        assert_eq!(human_date("2024-SU"), "summer 2024");
        assert_eq!(human_date("2024-Q3"), "Q3 2024");
        assert_eq!(human_date("2024-W07"), "week 7 of 2024");
        assert_eq!(human_date("2024-01-28TEV"), "28 January 2024, evening");
        assert_eq!(human_date("XXXX-SU"), "summer (year unknown)");
        assert_eq!(human_date("2024-W99"), "2024-W99");
        let mut v = vec!["2024-W07", "2024-03", "2024-SU", "2024-01-30", "2024-Q1"];
        v.sort_by_key(|d| date_sort_key(d));
        assert_eq!(
            v,
            ["2024-Q1", "2024-01-30", "2024-W07", "2024-03", "2024-SU"]
        );
        assert_eq!(human_date("2024-13-01"), "2024-13-01");
        assert_eq!(format_value(1234567.0), "1,234,567");
        assert_eq!(format_value(-1000.0), "-1,000");
        assert_eq!(format_value(2.5), "2.5");
        assert!(known_year("2024-W03") && !known_year("XXXX-01") && !known_year("P2Y"));
    }
}

#[cfg(test)]
mod timeline_tests {
    use super::*;
    use crate::model::SpanRef;

    fn event(doc: &str, also: &[(&str, usize)]) -> Event {
        Event {
            date: "2025-03-01".into(),
            doc: doc.into(),
            anchor: "Saturday".into(),
            start: 3,
            end: 11,
            sentence: "On Saturday the pier fell.".into(),
            sentence_start: 0,
            sentence_end: 26,
            also_in: also
                .iter()
                .map(|(d, s)| SpanRef {
                    doc: d.to_string(),
                    start: *s,
                    end: s + 26,
                })
                .collect(),
        }
    }

    #[test]
    fn one_happening_told_twice_is_shown_once_with_both_sources() {
        let b = Briefing {
            events: vec![
                event("a", &[("b", 0)]),
                event("b", &[("a", 0)]),
                event("c", &[]),
            ],
            ..Default::default()
        };
        let pos: HashMap<&str, usize> = [("a", 0), ("b", 1), ("c", 2)].into_iter().collect();
        let (known, _) = split_events(&b, &pos);
        let docs: Vec<&str> = known.iter().map(|e| e.doc.as_str()).collect();
        assert_eq!(docs, vec!["a", "c"]);
    }
}
