//! The briefing as Markdown: the same sections as the HTML page. Citations are `[n]`, where `n`
//! numbers the documents in `Briefing::documents` from 1; the Sources section at the end maps
//! each `n` to its title, outlet and id. Article text is escaped only where Markdown would
//! otherwise read it as structure ([`md`], [`cell`]).

use std::collections::HashMap;
use std::fmt::Write as _;

use super::html::{
    STATS, date_range, entity_sections, event_date_label, format_value, human_date, is_web_url,
    kind_label, one_line, quote_docs, quotes_by_speaker, sorted_figures, source_count,
    split_around, split_events, title_of,
};
use crate::model::{Briefing, Entity, Event, QuoteKind};

/// Inline article text made safe for Markdown: one line; `\ ` * _ [ ] < > ~ |` escaped
/// (`_` only at word edges, where it could start emphasis); a leading `#`, `+`, `-`, `=` or
/// `1.` escaped so the text cannot become a heading or a list item.
pub fn md(s: &str) -> String {
    let s = one_line(s);
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '~' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '_' if !(prev.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric)) =>
            {
                out.push_str("\\_");
            }
            '#' | '+' | '-' | '=' if i == 0 && next.is_none_or(|n| n == ' ') => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')'
                if i > 0
                    && next.is_none_or(|n| n == ' ')
                    && chars[..i].iter().all(char::is_ascii_digit) =>
            {
                out.push('\\');
                out.push(c);
            }
            '&' if looks_like_entity(&chars[i + 1..]) => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

/// `true` when the chars after a `&` would make an HTML entity (`amp;`, `#39;`).
fn looks_like_entity(rest: &[char]) -> bool {
    let n = rest
        .iter()
        .take(32)
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .count();
    n > 0 && rest.get(n) == Some(&';')
}

/// Text for a table cell: like [`md`] (which escapes `|` too).
fn cell(s: &str) -> String {
    md(s)
}

struct Cx<'a> {
    b: &'a Briefing,
    pos: HashMap<&'a str, usize>,
}

impl Cx<'_> {
    /// `[n]` for a document id, `[?: id]` when it is unknown.
    fn n(&self, doc: &str) -> String {
        match self.pos.get(doc) {
            Some(i) => format!("[{}]", i + 1),
            None => format!("[?: {}]", md(doc)),
        }
    }

    /// `[n] Outlet` for a document id.
    fn named(&self, doc: &str) -> String {
        match self.pos.get(doc) {
            Some(&i) => {
                let d = &self.b.documents[i];
                let name = [&d.outlet, &d.title]
                    .into_iter()
                    .flatten()
                    .map(|s| one_line(s))
                    .find(|s| !s.is_empty())
                    .unwrap_or_else(|| one_line(&super::untitled_name(d)));
                format!("[{}] {}", i + 1, md(&name))
            }
            None => format!("[?: {}]", md(doc)),
        }
    }

    fn named_list<'s>(&self, docs: impl IntoIterator<Item = &'s str>) -> String {
        docs.into_iter()
            .map(|d| self.named(d))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The briefing as Markdown.
pub fn render(b: &Briefing) -> String {
    let mut pos = HashMap::new();
    for (i, d) in b.documents.iter().enumerate() {
        pos.entry(d.id.as_str()).or_insert(i);
    }
    let cx = Cx { b, pos };
    let mut m = String::with_capacity(16 * 1024);

    // Header.
    let nd = b.documents.len();
    let ns = source_count(b);
    let _ = writeln!(m, "# {}\n", md(&title_of(b)));
    let range = date_range(b)
        .map(|(a, z)| {
            if a == z {
                format!(", published {}", human_date(&a))
            } else {
                format!(", published {} to {}", human_date(&a), human_date(&z))
            }
        })
        .unwrap_or_default();
    let _ = writeln!(
        m,
        "{nd} document{} from {ns} source{}{}. {}.\n",
        if nd == 1 { "" } else { "s" },
        if ns == 1 { "" } else { "s" },
        md(&range),
        STATS
            .iter()
            .map(|(n, one, many)| format!("{} {}", n(b), if n(b) == 1 { one } else { many }))
            .collect::<Vec<_>>()
            .join(", ")
    );
    m.push_str(
        "Numbers in brackets, like [1], refer to the documents listed under Sources at the end.\n\n",
    );

    // Summary.
    m.push_str("## Summary\n\n");
    if b.summary.is_empty() {
        m.push_str("_No summary could be drawn from the documents._\n\n");
    } else {
        for s in &b.summary {
            let _ = writeln!(m, "- {} {}", md(&s.text), cx.n(&s.doc));
        }
        m.push('\n');
    }

    // Timeline.
    m.push_str("## Timeline\n\n");
    let (known, uncertain) = split_events(b, &cx.pos);
    if known.is_empty() && uncertain.is_empty() {
        m.push_str("_No dated events were found._\n\n");
    }
    for e in &known {
        event_md(&cx, e, &mut m);
    }
    if !known.is_empty() {
        m.push('\n');
    }
    if !uncertain.is_empty() {
        m.push_str("### Date uncertain\n\nThe year (or the exact date) of these events cannot be told from the text, so they are not placed on the timeline.\n\n");
        for e in &uncertain {
            event_md(&cx, e, &mut m);
        }
        m.push('\n');
    }

    // Entities.
    for (_, label, list) in entity_sections(b) {
        let _ = writeln!(m, "## {label}\n");
        if list.is_empty() {
            m.push_str("_None found._\n\n");
            continue;
        }
        m.push_str("| Name | Also | Role | Documents |\n|---|---|---|---|\n");
        for e in list {
            entity_row(&cx, e, &mut m);
        }
        m.push('\n');
    }

    // Quotes.
    m.push_str("## Quotes by speaker\n\n");
    let speakers = quotes_by_speaker(b);
    if speakers.is_empty() {
        m.push_str("_No quotes were found._\n\n");
    }
    for sp in &speakers {
        let role = sp
            .entity
            .and_then(|e| e.roles.first())
            .map(|r| format!(" ({})", md(r)))
            .unwrap_or_default();
        let _ = writeln!(m, "### {}{role}\n", md(&sp.name));
        for item in &sp.items {
            let q = item[0];
            let (recs, also) = quote_docs(item);
            let text = md(&q.text);
            let shown = match q.kind {
                QuoteKind::Indirect => text,
                _ => format!("“{text}”"),
            };
            let _ = writeln!(m, "> {shown}");
            let mut src = format!(
                "> — _{}_ · {}",
                kind_label(q.kind),
                cx.named_list(recs.iter().map(|r| r.doc.as_str()))
            );
            if let Some(c) = q.cue.as_deref().map(one_line).filter(|c| !c.is_empty()) {
                src = format!("{src} ({})", md(&c));
            }
            if !also.is_empty() {
                let _ = write!(src, "; also in {}", cx.named_list(also.iter().copied()));
            }
            let _ = writeln!(m, ">\n{src}\n");
        }
    }

    // Figures.
    m.push_str("## Figures\n\n");
    let figs = sorted_figures(b, &cx.pos);
    if figs.is_empty() {
        m.push_str("_No figures were found._\n\n");
    }
    for f in &figs {
        let _ = write!(
            m,
            "- **{}** ({} {}) {}",
            md(&f.text),
            format_value(f.value),
            md(&f.unit),
            cx.named(&f.doc)
        );
        if !f.corroborated_by.is_empty() {
            let _ = write!(
                m,
                " — ✔ corroborated by {}",
                cx.named_list(f.corroborated_by.iter().map(String::as_str))
            );
        }
        if !f.conflicts_with.is_empty() {
            let _ = write!(
                m,
                " — ✘ conflicts with {}",
                cx.named_list(f.conflicts_with.iter().map(String::as_str))
            );
        }
        m.push('\n');
        if !f.context.trim().is_empty() {
            let _ = writeln!(m, "  - {}", marked(&f.context, &f.text, None));
        }
    }
    if !figs.is_empty() {
        m.push('\n');
    }

    // Stories and duplicates.
    m.push_str("## Stories & duplicates\n\n### Stories\n\n");
    if b.stories.is_empty() {
        m.push_str("_No stories were told by more than one document._\n\n");
    } else {
        for s in &b.stories {
            let label = one_line(&s.label);
            let _ = writeln!(
                m,
                "- **{}** ({} document{}): {}",
                md(if label.is_empty() { &s.id } else { &label }),
                s.documents.len(),
                if s.documents.len() == 1 { "" } else { "s" },
                cx.named_list(s.documents.iter().map(String::as_str))
            );
        }
        m.push('\n');
    }
    m.push_str("### Duplicates\n\n");
    if b.duplicates.is_empty() {
        m.push_str("_No document is a copy of another._\n\n");
    } else {
        for d in &b.duplicates {
            let (kind, sim) = super::duplicate_labels(d);
            let kind = md(&kind);
            let _ = writeln!(
                m,
                "- {kind}{sim}: {}",
                cx.named_list(d.documents.iter().map(String::as_str))
            );
        }
        m.push('\n');
    }

    // Sources.
    m.push_str("## Sources\n\n");
    if b.documents.is_empty() {
        m.push_str("_No documents._\n\n");
    }
    for (i, d) in b.documents.iter().enumerate() {
        let title = d
            .title
            .as_deref()
            .map(one_line)
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "(untitled)".to_string());
        let mut line = format!("{}. **{}**", i + 1, md(&title));
        if let Some(o) = d.outlet.as_deref().map(one_line).filter(|o| !o.is_empty()) {
            let _ = write!(line, " — {}", md(&o));
        }
        if !d.authors.is_empty() {
            let a: Vec<String> = d.authors.iter().map(|a| one_line(a)).collect();
            let _ = write!(line, ", by {}", md(&a.join(", ")));
        }
        match d
            .published
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            Some(p) => {
                let _ = write!(line, ", published {}", md(&human_date(p)));
                if let Some(s) = d
                    .published_source
                    .as_deref()
                    .map(one_line)
                    .filter(|s| !s.is_empty())
                {
                    let _ = write!(line, " ({})", md(&s));
                }
            }
            None => line.push_str(", date unknown"),
        }
        if let Some(u) = d
            .modified
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        {
            let _ = write!(line, ", updated {}", md(&human_date(u)));
        }
        let _ = write!(line, " · id `{}`", d.id.replace('`', "'"));
        if let Some(u) = d.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            if is_web_url(u) && !u.contains(['<', '>', ' ']) {
                let _ = write!(line, " · <{u}>");
            } else {
                let _ = write!(line, " · {}", md(u));
            }
        }
        let _ = writeln!(m, "{line}");
    }
    if !b.documents.is_empty() {
        m.push('\n');
    }

    // Skipped.
    if !b.skipped.is_empty() {
        m.push_str("## Skipped inputs\n\n| Input | Reason |\n|---|---|\n");
        for s in &b.skipped {
            let _ = writeln!(m, "| {} | {} |", cell(&s.source), cell(&s.reason));
        }
        m.push('\n');
    }
    m
}

/// `text` with the first occurrence of `needle` in bold, escaped.
fn marked(text: &str, needle: &str, rel: Option<usize>) -> String {
    match split_around(text, needle, rel) {
        Some((a, n, z)) => {
            // `md` trims; keep the spaces that stand around the bold part.
            let sp_a = if a.ends_with(char::is_whitespace) {
                " "
            } else {
                ""
            };
            let sp_z = if z.starts_with(char::is_whitespace) {
                " "
            } else {
                ""
            };
            format!("{}{sp_a}**{}**{sp_z}{}", md(a), md(n), md(z))
        }
        None => md(text),
    }
}

fn event_md(cx: &Cx, e: &Event, m: &mut String) {
    let rel = e.start.checked_sub(e.sentence_start);
    let date = match event_date_label(e) {
        (label, Some(raw)) => format!("{label} ({raw})"),
        (label, None) => label,
    };
    let _ = write!(
        m,
        "- **{}** — {} {}",
        md(&date),
        marked(&e.sentence, &e.anchor, rel),
        cx.named(&e.doc)
    );
    if !e.also_in.is_empty() {
        let _ = write!(
            m,
            "; also told by {}",
            cx.named_list(e.also_in.iter().map(|r| r.doc.as_str()))
        );
    }
    m.push('\n');
}

fn entity_row(cx: &Cx, e: &Entity, m: &mut String) {
    let key = crate::text::fold(&e.name);
    let mut aliases: Vec<String> = Vec::new();
    for a in &e.aliases {
        let k = crate::text::fold(a);
        if k != key && !aliases.iter().any(|x| crate::text::fold(x) == k) {
            aliases.push(one_line(a));
        }
    }
    let mut roles: Vec<String> = Vec::new();
    for r in &e.roles {
        let r = one_line(r);
        if !r.is_empty() && !roles.iter().any(|x| x.eq_ignore_ascii_case(&r)) {
            roles.push(r);
        }
    }
    let docs: Vec<String> = e.documents.iter().map(|d| cx.n(d)).collect();
    let _ = writeln!(
        m,
        "| {} | {} | {} | {} |",
        cell(&e.name),
        cell(&aliases.join(", ")),
        cell(&roles.join("; ")),
        docs.join(" ")
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::render::html::tests::{doc, sample};

    #[test]
    fn sections_are_present_in_order() {
        let out = render(&sample());
        let order = [
            "# Tâmega bridge opens\n",
            "## Summary\n",
            "## Timeline\n",
            "### Date uncertain\n",
            "## People\n",
            "## Organisations\n",
            "## Places\n",
            "## Quotes by speaker\n",
            "## Figures\n",
            "## Stories & duplicates\n",
            "## Sources\n",
            "## Skipped inputs\n",
        ];
        let mut last = 0;
        for o in order {
            let p = out[last..]
                .find(o)
                .unwrap_or_else(|| panic!("{o:?} missing or out of order:\n{out}"));
            last += p;
        }
    }

    #[test]
    fn summary_cites_and_sources_map_numbers() {
        let out = render(&sample());
        assert!(out.contains("- The bridge cost 12 million euros. [1]\n- It cost 14 million euros, officials said. [2]\n"), "{out}");
        assert!(out.contains("1. **New bridge opens** — The Daily Tâmega, by Rui Costa, published 5 March 2024 (inferred) · id `river-1` · <https://example.org/bridge>"), "{out}");
        assert!(out.contains("2. **Bridge ready** — Norte Herald"));
        assert!(out.contains("javascript:alert(1)") && !out.contains("<javascript"));
    }

    #[test]
    fn timeline_keeps_unknown_years_apart() {
        let out = render(&sample());
        let unc = out.find("### Date uncertain").unwrap();
        let tue = out.find("- **“Tuesday” (XXXX-XX-XXTUE)** — ").unwrap();
        let y = out.find("- **2021** — Work began in **2021**.").unwrap();
        let march = out.find("- **5 March 2024** — ").unwrap();
        assert!(y < march && march < unc && unc < tue);
    }

    #[test]
    fn quotes_figures_entities() {
        let out = render(&sample());
        assert!(out.contains("### Ana Lísa Ferreira (Mayor)\n\n> “It’s a great day,”\n>\n> — _direct_ · [1] The Daily Tâmega (said)"), "{out}");
        assert!(out.contains("- **12 million euros** (12,000,000 EUR) [1] The Daily Tâmega — ✘ conflicts with [2] Norte Herald"));
        assert!(out.contains("  - The bridge cost **12 million euros**."));
        assert!(
            out.contains("| Ana Lísa Ferreira | Ferreira | Mayor | [1] [2] |"),
            "{out}"
        );
        assert!(out.contains("- Near copies (42% shared): [1] The Daily Tâmega, [2] Norte Herald"));
    }

    #[test]
    fn hostile_text_keeps_structure() {
        let evil = "# <script>x</script> | *bold* [link](javascript:x) `code`\n\n- item";
        let mut b = sample();
        b.documents[0].title = Some(evil.into());
        b.entities[0].name = evil.into();
        b.quotes[0].text = evil.into();
        b.summary[0].text = evil.into();
        b.skipped[0].reason = evil.into();
        b.events[0].sentence = evil.into();
        let out = render(&b);
        assert!(!out.contains("<script>"));
        assert!(!out.contains("[link](") && out.contains("\\[link\\](javascript"));
        assert!(!out.contains("\n- item"));
        assert!(!out.contains("\n# <"));
        // Table rows keep their four cells.
        let row = out.lines().find(|l| l.contains("\\<script")).unwrap();
        assert!(row.contains("\\|"));
        for l in out
            .lines()
            .filter(|l| l.starts_with("| ") && l.contains("script"))
        {
            let unescaped = l.replace("\\|", "").matches('|').count();
            assert!(unescaped == 5 || unescaped == 3, "{l}");
        }
        assert_eq!(
            md("# 1. x_y _z_ a&b &amp;"),
            "\\# 1. x_y \\_z\\_ a&b &amp;amp;"
        );
        assert_eq!(md("-5 degrees, 1.5 m"), "-5 degrees, 1.5 m");
        assert_eq!(md("- item"), "\\- item");
        assert_eq!(md("2024. The end"), "2024\\. The end");
    }

    #[test]
    fn multibyte_and_empty() {
        let out = render(&Briefing::default());
        assert!(out.starts_with("# Briefing\n"));
        assert!(out.contains("0 documents from 0 sources"));
        assert!(!out.contains("Skipped inputs"));
        let d = doc("m", "Ünï 😀", "Ø", "Ünïcödé 😀 first. Then 🚀 second.");
        let b = Briefing {
            documents: vec![d],
            events: vec![Event {
                date: "XXXX-05-01".into(),
                doc: "m".into(),
                anchor: "🚀".into(),
                start: 22,
                end: 23,
                sentence: "Then 🚀 second.".into(),
                sentence_start: 17,
                sentence_end: 31,
                also_in: vec![],
            }],
            ..Default::default()
        };
        let out = render(&b);
        assert!(
            out.contains("- **1 May (year unknown)** — Then **🚀** second. [1] Ø"),
            "{out}"
        );
    }
}
