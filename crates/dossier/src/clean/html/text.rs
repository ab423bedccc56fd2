//! Main text: junk marking, readability-like container scoring, block extraction.

use super::dom::{NONE, Page, collapse, is_block};
use crate::lexicon;
use crate::model::BlockKind;

/// The main text found in the DOM.
#[derive(Debug, Default)]
pub struct Main {
    /// The best container (the article), if any.
    pub container: Option<usize>,
    pub blocks: Vec<(BlockKind, String)>,
    /// Short "By ..." lines dropped from the text.
    pub bylines: Vec<String>,
    /// Short date lines dropped from the text.
    pub datelines: Vec<String>,
    /// Which nodes were marked as junk.
    pub junk: Vec<bool>,
}

/// Splits a class or id value into lower-case tokens (on `-`, `_`, spaces, digits and
/// camelCase boundaries).
fn hint_tokens(s: &str, out: &mut Vec<String>) {
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_alphabetic() {
            if c.is_uppercase() && prev_lower && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = c.is_lowercase();
            cur.extend(c.to_lowercase());
        } else {
            prev_lower = false;
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
}

/// Class/id hint of an element: -2 junk, -1 weak junk, 0 none, 1 article-like. Each class
/// name (and the id) is judged by its last hint token, its head: "article-share" is junk,
/// "article-body-segment" is article-like.
fn hint(page: &Page, i: usize, toks: &mut Vec<String>) -> i8 {
    let n = &page.nodes[i];
    let junk = lexicon::html_junk_hints();
    let weak = lexicon::html_weak_hints();
    let good = lexicon::html_good_hints();
    let (mut strong, mut weakj, mut goodc) = (false, false, false);
    let names = n
        .attr("class")
        .into_iter()
        .flat_map(|c| c.split_whitespace())
        .chain(n.attr("id"));
    for name in names {
        toks.clear();
        hint_tokens(name, toks);
        let head = toks.iter().rev().find(|t| {
            let t = t.as_str();
            junk.contains(t) || good.contains(t)
        });
        if let Some(h) = head {
            let h = h.as_str();
            if good.contains(h) {
                goodc = true;
            } else if weak.contains(h) {
                weakj = true;
            } else {
                strong = true;
            }
        }
    }
    match (strong, weakj, goodc) {
        (true, _, false) => -2,
        (false, true, false) => -1,
        (_, _, true) => {
            if strong || weakj {
                0
            } else {
                1
            }
        }
        _ => 0,
    }
}

fn is_hidden(page: &Page, i: usize) -> bool {
    let n = &page.nodes[i];
    if n.attr("hidden").is_some() || n.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(st) = n.attr("style") {
        let st: String = st
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if st.contains("display:none") || st.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

fn junk_tag(tag: &str) -> bool {
    matches!(
        tag,
        "nav"
            | "footer"
            | "aside"
            | "header"
            | "figcaption"
            | "dialog"
            | "menu"
            | "head"
            | "title"
            | "fieldset"
            | "label"
            | "option"
    )
}

fn junk_role(page: &Page, i: usize) -> bool {
    matches!(
        page.nodes[i].attr("role"),
        Some("navigation" | "banner" | "contentinfo" | "complementary" | "dialog" | "menu")
    )
}

fn is_heading(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

fn count_commas(s: &str) -> usize {
    s.chars()
        .filter(|c| matches!(c, ',' | '，' | '、' | '،' | '。'))
        .count()
}

/// Non-whitespace length of a string, in chars.
fn solid_len(s: &str) -> usize {
    if s.is_ascii() {
        // The ASCII characters `char::is_whitespace` counts: tab to carriage return, space.
        return s
            .bytes()
            .filter(|b| !matches!(b, b'\t'..=b'\r' | b' '))
            .count();
    }
    s.chars().filter(|c| !c.is_whitespace()).count()
}

fn is_article_body(page: &Page, i: usize) -> bool {
    page.nodes[i]
        .attr("itemprop")
        .is_some_and(|v| v.to_ascii_lowercase().contains("articlebody"))
}

/// Finds the main text.
pub fn main_text(page: &Page) -> Main {
    let nodes = &page.nodes;
    let n = nodes.len();
    let mut main = Main {
        junk: vec![false; n],
        ..Default::default()
    };
    if n == 0 {
        return main;
    }
    // Raw text length of every subtree.
    let mut raw = vec![0usize; n];
    for i in (0..n).rev() {
        if nodes[i].is_text() {
            raw[i] += solid_len(&nodes[i].text);
        }
        let p = nodes[i].parent;
        if p != NONE {
            raw[p as usize] += raw[i];
        }
    }
    let total = raw[0];
    // Text inside <p> elements per subtree.
    let mut ptext = vec![0usize; n];
    {
        let mut in_p = vec![false; n];
        for i in 1..n {
            let p = nodes[i].parent as usize;
            in_p[i] = in_p[p] || &*nodes[i].tag == "p";
            if nodes[i].is_text() && in_p[i] {
                ptext[i] = raw[i];
            }
        }
        for i in (1..n).rev() {
            let p = nodes[i].parent as usize;
            ptext[p] += ptext[i];
        }
    }
    let total_p = ptext[0];
    // Protected nodes: ancestors of the article marker (never dropped as junk).
    let mut protected = vec![false; n];
    let mut marker: Option<usize> = None;
    for i in 0..n {
        let is_marker = is_article_body(page, i) || &*nodes[i].tag == "article";
        if is_marker && marker.is_none_or(|m| raw[i] > raw[m]) {
            marker = Some(i);
        }
    }
    if let Some(m) = marker.filter(|&m| raw[m] * 3 >= total.min(1500)) {
        let mut a = m as u32;
        while a != NONE {
            protected[a as usize] = true;
            a = nodes[a as usize].parent;
        }
    }
    // Junk marking, top-down.
    let mut hints = vec![0i8; n];
    let mut toks = Vec::new();
    for i in 1..n {
        let p = nodes[i].parent as usize;
        if main.junk[p] {
            main.junk[i] = true;
            continue;
        }
        if nodes[i].is_text() {
            continue;
        }
        let tag = &*nodes[i].tag;
        hints[i] = hint(page, i, &mut toks);
        if tag == "body" || tag == "html" || protected[i] {
            continue;
        }
        let big = (total > 0 && raw[i] * 10 > total * 8)
            || (total_p > 200 && ptext[i] * 10 > total_p * 6 && !is_hidden(page, i));
        let self_junk = junk_tag(tag)
            || junk_role(page, i)
            || is_hidden(page, i)
            || (hints[i] == -2 && !is_article_body(page, i))
            || (hints[i] == -1 && tag != "article");
        if self_junk && !big {
            main.junk[i] = true;
        }
    }
    // Inline text per block owner, link text, commas (junk excluded).
    let mut owner = vec![0usize; n];
    let mut in_link = vec![false; n];
    let mut inline_len = vec![0usize; n];
    let mut inline_link = vec![0usize; n];
    let mut commas = vec![0usize; n];
    let mut text_len = vec![0usize; n];
    let mut link_len = vec![0usize; n];
    for i in 1..n {
        let p = nodes[i].parent as usize;
        let tag = &*nodes[i].tag;
        in_link[i] = in_link[p] || tag == "a";
        owner[i] = if !nodes[i].is_text() && is_block(tag) {
            i
        } else {
            owner[p]
        };
        if nodes[i].is_text() && !main.junk[i] {
            let l = raw[i]; // a text node's solid length
            let o = owner[i];
            inline_len[o] += l;
            commas[o] += count_commas(&nodes[i].text);
            text_len[i] = l;
            if in_link[i] {
                inline_link[o] += l;
                link_len[i] = l;
            }
        }
    }
    for i in (1..n).rev() {
        let p = nodes[i].parent as usize;
        text_len[p] += text_len[i];
        link_len[p] += link_len[i];
    }
    // Scoring.
    let mut score = vec![f64::NAN; n];
    let init = |i: usize, hints: &[i8], text_len: &[usize]| -> f64 {
        let tag = &*nodes[i].tag;
        let mut s: f64 = match tag {
            "div" | "article" => 5.0,
            "main" => 3.0,
            "pre" | "td" | "blockquote" => 3.0,
            "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
            _ => 0.0,
        };
        s += match hints[i] {
            1 => 25.0 * (text_len[i] as f64 / 500.0).min(1.0),
            -1 | -2 => -25.0,
            _ => 0.0,
        };
        if is_article_body(page, i) {
            s += 25.0 * (text_len[i] as f64 / 500.0).min(1.0);
        }
        s
    };
    for b in 1..n {
        if main.junk[b] || nodes[b].is_text() || inline_len[b] < 25 {
            continue;
        }
        let tag = &*nodes[b].tag;
        if is_heading(tag) || matches!(tag, "body" | "html") {
            continue;
        }
        if inline_link[b] * 2 > inline_len[b] {
            continue;
        }
        let mut s = 1.0 + commas[b] as f64 + (inline_len[b] as f64 / 100.0).min(3.0);
        if tag != "p" && tag != "pre" && tag != "td" && tag != "blockquote" {
            s *= 0.8;
        }
        // Loose text directly in a container counts for that container too.
        let mut a = if tag == "p" || tag == "li" || tag == "pre" || tag == "td" {
            nodes[b].parent
        } else {
            b as u32
        };
        let mut level = 0usize;
        while a != NONE && level < 5 {
            let ai = a as usize;
            if ai == 0 || matches!(&*nodes[ai].tag, "html") {
                break;
            }
            if score[ai].is_nan() {
                score[ai] = init(ai, &hints, &text_len);
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f64 * 3.0,
            };
            score[ai] += s / div;
            a = nodes[ai].parent;
            level += 1;
        }
    }
    let mut best: Option<(usize, f64)> = None;
    for i in 0..n {
        if score[i].is_nan() || main.junk[i] {
            continue;
        }
        let ld = if text_len[i] > 0 {
            link_len[i] as f64 / text_len[i] as f64
        } else {
            0.0
        };
        let f = score[i] * (1.0 - ld);
        score[i] = f;
        if best.is_none_or(|(_, bs)| f > bs) {
            best = Some((i, f));
        }
    }
    if cfg!(test) && std::env::var_os("HTML_DEBUG").is_some() {
        let mut c: Vec<usize> = (0..n).filter(|&i| !score[i].is_nan()).collect();
        c.sort_by(|a, b| score[*b].total_cmp(&score[*a]));
        for &i in c.iter().take(6) {
            eprintln!(
                "cand {} {} class={:?} id={:?} score={:.1} text={} link={} junk={}",
                i,
                nodes[i].tag,
                nodes[i].attr("class"),
                nodes[i].attr("id"),
                score[i],
                text_len[i],
                link_len[i],
                main.junk[i]
            );
        }
        if let Ok(needle) = std::env::var("HTML_DEBUG")
            && let Some(t) =
                (0..n).find(|&i| nodes[i].is_text() && nodes[i].text.contains(needle.as_str()))
        {
            let mut a = t as u32;
            while a != NONE {
                let ai = a as usize;
                eprintln!(
                    "  anc {} {} class={:?} id={:?} junk={} score={:.1} hint={}",
                    ai,
                    nodes[ai].tag,
                    nodes[ai].attr("class"),
                    nodes[ai].attr("id"),
                    main.junk[ai],
                    score[ai],
                    hints[ai]
                );
                a = nodes[ai].parent;
            }
        }
    }
    let Some((top, top_score)) = best else {
        return main;
    };
    // Climb while the parent holds much the same text (a thin wrapper) or scores close.
    let first_top = top;
    let mut top = top;
    loop {
        let p = nodes[top].parent;
        if p == NONE || main.junk[p as usize] {
            break;
        }
        let p = p as usize;
        if matches!(&*nodes[p].tag, "body" | "html" | "#document") {
            break;
        }
        if text_len[first_top] * 10 >= text_len[p] * 9 {
            top = p;
        } else {
            break;
        }
    }
    main.container = Some(top);
    // Siblings worth joining.
    let mut roots = vec![top];
    let p = nodes[top].parent;
    if p != NONE && !matches!(&*nodes[p as usize].tag, "#document" | "html") {
        let threshold = (top_score * 0.2).max(10.0);
        let p = p as usize;
        let mut c = p + 1;
        let mut list = Vec::new();
        while c < nodes[p].end as usize {
            let next = nodes[c].end as usize;
            if c != top && !main.junk[c] && !nodes[c].is_text() {
                let ld = if text_len[c] > 0 {
                    link_len[c] as f64 / text_len[c] as f64
                } else {
                    1.0
                };
                let mut ok = !score[c].is_nan() && score[c] >= threshold;
                if !ok && &*nodes[c].tag == "p" {
                    ok = (text_len[c] > 80 && ld < 0.25)
                        || (text_len[c] > 0 && ld == 0.0 && {
                            let t = page.text_of(c);
                            t.ends_with('.') || t.ends_with('。')
                        });
                }
                if ok {
                    list.push(c);
                }
            } else if c == top {
                list.push(c);
            }
            c = next;
        }
        roots = list;
    }
    let mut ex = Extractor {
        page,
        junk: &main.junk,
        text_len: &text_len,
        link_len: &link_len,
        blocks: Vec::new(),
        bylines: Vec::new(),
        datelines: Vec::new(),
    };
    for r in roots {
        ex.run(r);
    }
    // Short promotional paragraphs at either end ("Sign up for our newsletter").
    // A heading left with nothing after it (its section was furniture) goes too.
    while ex
        .blocks
        .last()
        .is_some_and(|b| b.0 == BlockKind::Heading || is_promo(&b.1))
    {
        ex.blocks.pop();
    }
    let lead = ex.blocks.iter().take_while(|b| is_promo(&b.1)).count();
    ex.blocks.drain(..lead);
    // A heading left with nothing after it (its section was furniture) goes too.
    while ex.blocks.last().is_some_and(|b| b.0 == BlockKind::Heading) {
        ex.blocks.pop();
    }
    main.blocks = ex.blocks;
    main.bylines = ex.bylines;
    main.datelines = ex.datelines;
    main
}

struct Extractor<'a> {
    page: &'a Page,
    junk: &'a [bool],
    text_len: &'a [usize],
    link_len: &'a [usize],
    blocks: Vec<(BlockKind, String)>,
    bylines: Vec<String>,
    datelines: Vec<String>,
}

impl Extractor<'_> {
    /// Whether an element inside the article is furniture: a link list, a link-dense box.
    fn conditional_junk(&self, i: usize) -> bool {
        let tag = &*self.page.nodes[i].tag;
        if tag == "h1" {
            return true;
        }
        let tl = self.text_len[i];
        let ll = self.link_len[i];
        if tl == 0 {
            return false;
        }
        let ld = ll as f64 / tl as f64;
        match tag {
            "ul" | "ol" | "dl" | "table" | "div" | "section" => ld > 0.5 && tl < 2000,
            "p" | "li" => ld > 0.8 && tl < 200,
            "h2" | "h3" | "h4" | "h5" | "h6" => ld > 0.9,
            // A picture with its caption or credit, not an embedded quote.
            "figure" => tl < 300 && !self.has_tag(i, "blockquote"),
            _ => false,
        }
    }

    fn has_tag(&self, i: usize, tag: &str) -> bool {
        // Bounded: a huge subtree is taken to have it (keeps pathological nesting linear).
        let end = self.page.nodes[i].end as usize;
        end - i > 500 || self.page.nodes[i..end].iter().any(|n| &*n.tag == tag)
    }

    fn run(&mut self, root: usize) {
        let nodes = &self.page.nodes;
        let end = nodes[root].end as usize;
        let mut stack: Vec<(usize, BlockKind)> = Vec::new();
        let mut buf = String::new();
        let mut kind = BlockKind::Paragraph;
        let mut brs = 0usize;
        let mut i = root;
        while i < end {
            while let Some(&(e, _)) = stack.last() {
                if e <= i {
                    stack.pop();
                    self.flush(&mut buf, kind);
                    kind = stack.last().map_or(BlockKind::Paragraph, |s| s.1);
                } else {
                    break;
                }
            }
            let node = &nodes[i];
            if self.junk[i] {
                i = node.end as usize;
                continue;
            }
            if node.is_text() {
                if !node.text.trim().is_empty() {
                    brs = 0;
                }
                buf.push_str(&node.text);
                i += 1;
                continue;
            }
            let tag = &*node.tag;
            if i != root && self.conditional_junk(i) {
                if is_block(tag) {
                    self.flush(&mut buf, kind);
                }
                i = node.end as usize;
                continue;
            }
            if tag == "br" {
                // One <br> is a space; two in a row end a paragraph.
                brs += 1;
                if brs >= 2 {
                    self.flush(&mut buf, kind);
                } else {
                    buf.push(' ');
                }
            } else if matches!(tag, "img" | "td" | "th") {
                // Table cells of one row stay on one line.
                buf.push(' ');
            } else if tag == "hr" {
                self.flush(&mut buf, kind);
                buf.push(' ');
            } else if is_block(tag) {
                self.flush(&mut buf, kind);
                let k = if is_heading(tag) {
                    BlockKind::Heading
                } else if matches!(tag, "li" | "dd" | "dt") || kind == BlockKind::ListItem {
                    BlockKind::ListItem
                } else {
                    BlockKind::Paragraph
                };
                kind = k;
                stack.push((node.end as usize, k));
            }
            i += 1;
        }
        self.flush(&mut buf, kind);
    }

    fn flush(&mut self, buf: &mut String, kind: BlockKind) {
        if buf.is_empty() {
            return;
        }
        let t = collapse(buf);
        buf.clear();
        if t.is_empty() {
            return;
        }
        if is_boilerplate_line(&t) {
            return;
        }
        if kind != BlockKind::Heading && t.chars().count() < 120 {
            if is_byline(&t) {
                self.bylines.push(t);
                return;
            }
            if super::dates::is_dateline(&t) {
                self.datelines.push(t);
                return;
            }
        }
        self.blocks.push((kind, t));
    }
}

/// "By Jane Doe", "By Jane Doe and John Roe, Staff Writers".
pub fn is_byline(t: &str) -> bool {
    let mut rest = None;
    for p in ["by ", "by: ", "written by "] {
        if t.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p)) {
            rest = t.get(p.len()..);
            break;
        }
    }
    let Some(r) = rest else {
        return false;
    };
    let words = r.split_whitespace().count();
    // Names are capitalised: "By Jane Doe", not "By the end of the day".
    let caps = r
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
        .count();
    (1..=12).contains(&words) && !r.ends_with('.') && caps * 2 >= words
}

fn is_boilerplate_line(t: &str) -> bool {
    if t.chars().count() > 60 {
        return false;
    }
    let k: String = t
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    lexicon::html_boilerplate_lines().contains(k.as_str())
}

/// The final body: the DOM text, unless the JSON-LD `articleBody` is clearly fuller.
pub fn choose_body(main: Main, ld_body: Option<String>) -> Vec<(BlockKind, String)> {
    let Some(body) = ld_body else {
        return main.blocks;
    };
    let ld_len = solid_len(&body);
    if ld_len <= 200 {
        return main.blocks;
    }
    let dom_solid: usize = main.blocks.iter().map(|(_, t)| solid_len(t)).sum();
    let fuller = ld_len as f64 > dom_solid as f64 * 1.3;
    // The DOM text is about something else (comments, a teaser list): the JSON-LD body wins.
    let unrelated = || {
        let dom: String = main
            .blocks
            .iter()
            .map(|b| b.1.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        overlap(&body, &dom) < 0.3
    };
    if fuller || unrelated() {
        let blocks: Vec<(BlockKind, String)> = body
            .split('\n')
            .map(collapse)
            .filter(|t| !t.is_empty())
            .map(|t| (BlockKind::Paragraph, t))
            .collect();
        if !blocks.is_empty() {
            return blocks;
        }
    }
    main.blocks
}

/// Share of `a`'s word trigrams (lower case) found in `b`.
fn overlap(a: &str, b: &str) -> f64 {
    use std::collections::HashSet;
    fn grams(s: &str) -> HashSet<(String, String, String)> {
        let words: Vec<String> = s
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        words
            .windows(3)
            .map(|w| (w[0].clone(), w[1].clone(), w[2].clone()))
            .collect()
    }
    let ga = grams(a);
    if ga.is_empty() {
        return 1.0;
    }
    let gb = grams(b);
    ga.iter().filter(|g| gb.contains(*g)).count() as f64 / ga.len() as f64
}

/// A short paragraph made of a promotional or housekeeping phrase.
fn is_promo(t: &str) -> bool {
    if t.chars().count() > 250 {
        return false;
    }
    let l = t.to_lowercase();
    lexicon::html_promo_phrases().iter().any(|p| l.contains(p))
}

#[cfg(test)]
mod tests {
    #[test]
    fn solid_len_counts_what_is_not_white_space() {
        for s in [
            "",
            "a b\tc\n",
            "\u{b}\u{c}\r x ",
            "caf\u{e9}\u{a0}ok",
            "言\u{3000}語 ",
        ] {
            let want = s.chars().filter(|c| !c.is_whitespace()).count();
            assert_eq!(super::solid_len(s), want, "{s:?}");
        }
    }
}
