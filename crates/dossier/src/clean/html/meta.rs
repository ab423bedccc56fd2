//! Metadata: JSON-LD, meta tags, `<time>`, `<h1>`, `<title>`, bylines, datelines, the URL.

use super::dates;
use super::dom::Page;
use super::text::{Main, is_byline};
use crate::clean::{Extracted, Sourced};
use crate::ingest::GivenMeta;
use serde_json::Value;

/// What the page's JSON-LD says about the article.
#[derive(Debug, Default)]
pub struct JsonLd {
    pub headline: Option<String>,
    pub alternative: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub publisher: Option<String>,
    pub body: Option<String>,
}

fn types(v: &Value) -> Vec<String> {
    match v.get("@type") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn str_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => {
            let t = super::dom::collapse(&decode_entities(s));
            (!t.is_empty()).then_some(t)
        }
        Value::Array(a) => a.iter().find_map(|x| str_of(Some(x))),
        Value::Object(o) => str_of(o.get("name")).or_else(|| str_of(o.get("@value"))),
        _ => None,
    }
}

fn names(v: Option<&Value>, out: &mut Vec<String>) {
    let Some(v) = v else { return };
    match v {
        Value::String(s) => {
            for n in split_names(s) {
                out.push(n);
            }
        }
        Value::Array(a) => {
            for x in a.iter().take(20) {
                names(Some(x), out);
            }
        }
        Value::Object(o) => {
            if let Some(n) = o.get("name").and_then(|n| n.as_str()) {
                let n = super::dom::collapse(&decode_entities(n));
                if !n.starts_with("http") && n.chars().count() < 120 {
                    out.extend(split_names(&n));
                }
            }
        }
        _ => {}
    }
}

impl JsonLd {
    pub fn parse(page: &Page) -> JsonLd {
        let mut objs: Vec<Value> = Vec::new();
        for raw in &page.json_ld {
            let s = raw
                .trim()
                .trim_start_matches("<!--")
                .trim_start_matches("//<![CDATA[")
                .trim_end_matches("-->")
                .trim_end_matches("//]]>")
                .trim();
            // Raw control characters inside strings are common and invalid JSON: retry
            // with them as spaces.
            let parsed = serde_json::from_str::<Value>(s).or_else(|_| {
                let fixed: String = s
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect();
                serde_json::from_str::<Value>(&fixed)
            });
            let Ok(v) = parsed else {
                continue;
            };
            // Flatten arrays and @graph, iteratively.
            let mut stack = vec![v];
            while let Some(v) = stack.pop() {
                match v {
                    Value::Array(a) => stack.extend(a.into_iter().rev()),
                    Value::Object(mut o) => {
                        if let Some(g) = o.remove("@graph") {
                            stack.push(g);
                        }
                        if let Some(m) = o.get("mainEntity").cloned()
                            && m.is_object()
                            && m.get("@type").is_some()
                        {
                            stack.push(m);
                        }
                        objs.push(Value::Object(o));
                    }
                    _ => {}
                }
            }
        }
        let is_article = |v: &Value| {
            types(v).iter().any(|t| {
                let t = t.to_ascii_lowercase();
                t.ends_with("article") || t.ends_with("posting") || t == "report"
            })
        };
        let rank = |v: &Value| -> i32 {
            let mut r = 0;
            if is_article(v) {
                r += 4;
            }
            if v.get("articleBody").is_some() {
                r += 2;
            }
            if v.get("headline").is_some() {
                r += 1;
            }
            if v.get("datePublished").is_some() {
                r += 1;
            }
            r
        };
        let mut out = JsonLd::default();
        let Some(best) = objs
            .iter()
            .filter(|v| rank(v) >= 2 || is_article(v))
            .max_by_key(|v| rank(v))
        else {
            // Still take a publisher / site name if any.
            out.publisher = objs.iter().find_map(|v| {
                let ty = types(v);
                if ty
                    .iter()
                    .any(|t| t == "NewsMediaOrganization" || t == "Organization")
                {
                    str_of(v.get("name"))
                } else {
                    None
                }
            });
            return out;
        };
        out.headline = str_of(best.get("headline")).or_else(|| str_of(best.get("name")));
        out.alternative = str_of(best.get("alternativeHeadline"));
        names(best.get("author"), &mut out.authors);
        if out.authors.is_empty() {
            names(best.get("creator"), &mut out.authors);
        }
        out.published =
            str_of(best.get("datePublished")).or_else(|| str_of(best.get("dateCreated")));
        out.modified = str_of(best.get("dateModified"));
        out.publisher = best.get("publisher").and_then(|p| str_of(Some(p)));
        out.body = best
            .get("articleBody")
            .and_then(|b| b.as_str())
            .map(strip_markup);
        out
    }
}

/// Splits "By Jane Doe and John Roe, Staff" into names.
pub fn split_names(s: &str) -> Vec<String> {
    let s = super::dom::collapse(s);
    let mut t = s.as_str();
    for p in ["By:", "By ", "by ", "BY ", "Written by ", "written by "] {
        if let Some(r) = t.strip_prefix(p) {
            t = r.trim_start();
            break;
        }
    }
    // A one-word label in any language ("Text: A. Name", "Reporting: …").
    if let Some((label, rest)) = t.split_once(':')
        && !label.is_empty()
        && label.chars().all(char::is_alphabetic)
        && !rest.trim().is_empty()
    {
        t = rest.trim_start();
    }
    let t = t.split(['|', '\n', '•']).next().unwrap_or("");
    let mut out = Vec::new();
    let normalised = t
        .replace(" and ", ",")
        .replace(" & ", ",")
        .replace(';', ",");
    for part in normalised.split(',') {
        let p = part.trim().trim_end_matches('.').trim();
        let words = p.split_whitespace().count();
        if words == 0 || words > 5 || p.starts_with("http") || p.contains('@') {
            continue;
        }
        if p.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        if p.chars().next().is_some_and(|c| c.is_lowercase()) {
            continue;
        }
        if !out.iter().any(|x: &String| x == p) {
            out.push(p.to_string());
        }
    }
    out
}

/// Meta tags as (key, value): key from `property`, `name`, `itemprop` or `http-equiv`.
fn metas(page: &Page) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for n in &page.nodes {
        if &*n.tag != "meta" {
            continue;
        }
        let Some(content) = n.attr("content") else {
            continue;
        };
        let content = super::dom::collapse(&decode_entities(content));
        if content.is_empty() {
            continue;
        }
        for k in ["property", "name", "itemprop", "http-equiv"] {
            if let Some(key) = n.attr(k) {
                out.push((key.trim().to_ascii_lowercase(), content.clone()));
            }
        }
    }
    out
}

fn meta_get<'a>(m: &'a [(String, String)], keys: &[&str]) -> Option<&'a str> {
    for k in keys {
        if let Some((_, v)) = m.iter().find(|(mk, _)| mk == k) {
            return Some(v);
        }
    }
    None
}

const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "published_time",
    "datepublished",
    "article.published",
    "publish-date",
    "publishdate",
    "publish_date",
    "pubdate",
    "publication_date",
    "date_published",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dc.date.created",
    "citation_publication_date",
    "citation_date",
    "citation_online_date",
    "originalpublicationdate",
    "article_date_original",
    "date",
    "og:published_time",
];

const MODIFIED_KEYS: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "article.updated",
    "last-modified",
    "dcterms.modified",
    "dc.date.modified",
    "lastmod",
];

const AUTHOR_KEYS: &[&str] = &[
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "citation_author",
];

/// What the page's microdata (`itemprop` on elements other than `<meta>`, which [`metas`]
/// reads) says of the article: `headline`, `author`/`creator` (an item's `name`, else the
/// element's text), `datePublished`, `dateModified`, `publisher`.
#[derive(Debug, Default)]
struct Microdata {
    headline: Option<String>,
    authors: Vec<String>,
    published: Option<String>,
    modified: Option<String>,
    publisher: Option<String>,
}

/// Elements larger than this (in nodes) are containers, not values.
const MICRODATA_VALUE_NODES: usize = 40;

impl Microdata {
    fn read(page: &Page) -> Microdata {
        let nodes = &page.nodes;
        let mut md = Microdata::default();
        // The value of property element `i`: an attribute, else its text when it is small.
        let value = |i: usize| -> Option<String> {
            let n = &nodes[i];
            let v = ["content", "datetime"]
                .iter()
                .find_map(|k| n.attr(k))
                .map(|v| super::dom::collapse(&decode_entities(v)))
                .or_else(|| {
                    (n.end as usize - i <= MICRODATA_VALUE_NODES).then(|| page.text_of(i))
                })?;
            (!v.is_empty() && v.chars().count() <= 300).then_some(v)
        };
        // The `name` of the item element `i` is, else its own value.
        let name = |i: usize| -> Option<String> {
            let n = &nodes[i];
            if n.attr("itemscope").is_some() {
                let end = (n.end as usize).min(i + 200).min(nodes.len());
                if let Some(j) = (i + 1..end).find(|&j| {
                    nodes[j]
                        .attr("itemprop")
                        .is_some_and(|p| p.split_whitespace().any(|x| x == "name"))
                }) {
                    return value(j);
                }
            }
            value(i)
        };
        // A property belongs to the article when the item it sits in is article-like (or there
        // is none): a comment's or a review's author is not the article's.
        let of_article = |i: usize| -> bool {
            let mut a = nodes[i].parent;
            for _ in 0..200 {
                let Some(n) = nodes.get(a as usize) else {
                    return true;
                };
                if n.attr("itemscope").is_some() {
                    let t = n.attr("itemtype").unwrap_or("").to_ascii_lowercase();
                    return t.is_empty()
                        || [
                            "article",
                            "posting",
                            "report",
                            "webpage",
                            "creativework",
                            "blog",
                        ]
                        .iter()
                        .any(|k| t.contains(k));
                }
                a = n.parent;
            }
            true
        };
        for (i, n) in nodes.iter().enumerate() {
            if n.is_text() || &*n.tag == "meta" {
                continue;
            }
            let Some(props) = n.attr("itemprop") else {
                continue;
            };
            if !of_article(i) {
                continue;
            }
            for p in props.split_whitespace() {
                match p.to_ascii_lowercase().as_str() {
                    "headline" if md.headline.is_none() => md.headline = value(i),
                    "author" | "creator" if md.authors.len() < 20 => {
                        if let Some(a) = name(i) {
                            for a in split_names(&a) {
                                if !md.authors.contains(&a) {
                                    md.authors.push(a);
                                }
                            }
                        }
                    }
                    "datepublished" if md.published.is_none() => {
                        md.published = value(i).as_deref().and_then(dates::normalize)
                    }
                    "datemodified" if md.modified.is_none() => {
                        md.modified = value(i).as_deref().and_then(dates::normalize)
                    }
                    "publisher" if md.publisher.is_none() => md.publisher = name(i),
                    _ => {}
                }
            }
        }
        md
    }
}

/// Fills the metadata fields of `out`.
pub fn fill(page: &Page, given: &GivenMeta, ld: &JsonLd, main: &Main, out: &mut Extracted) {
    let m = metas(page);
    let md = Microdata::read(page);
    let nodes = &page.nodes;
    let crawled = given.crawled.as_deref().and_then(dates::normalize);
    let ok_date = |d: &str| match &crawled {
        Some(c) => d.get(..10).unwrap_or(d) <= c.get(..10).unwrap_or(c),
        None => true,
    };

    // Title.
    let title_tag = page
        .find_tag("title")
        .map(|i| page.text_of(i))
        .filter(|t| !t.is_empty());
    let h1 = main
        .container
        .and_then(|c| {
            // An h1 inside the article or just above it (in the container's parent).
            let p = nodes[c].parent as usize;
            let scope = if p < nodes.len() { p } else { c };
            let h1s: Vec<usize> = (scope..nodes[scope].end as usize)
                .filter(|&i| &*nodes[i].tag == "h1")
                .take(20)
                .collect();
            let in_article = |i: usize| {
                let mut a = nodes[i].parent;
                let mut steps = 0;
                while a != super::dom::NONE && steps < 200 {
                    if &*nodes[a as usize].tag == "article" || a as usize == c {
                        return true;
                    }
                    a = nodes[a as usize].parent;
                    steps += 1;
                }
                false
            };
            h1s.iter()
                .copied()
                .find(|&i| !main.junk.get(i).copied().unwrap_or(false))
                .or_else(|| h1s.iter().copied().find(|&i| in_article(i)))
        })
        .or_else(|| {
            (0..nodes.len())
                .find(|&i| &*nodes[i].tag == "h1" && !main.junk.get(i).copied().unwrap_or(false))
        })
        .map(|i| page.text_of(i))
        .filter(|t| !t.is_empty() && t.chars().count() < 400);
    out.title = if let Some(t) = &ld.headline {
        Some(Sourced::new(t.clone(), "json-ld"))
    } else if let Some(t) = meta_get(&m, &["og:title", "twitter:title", "citation_title"]) {
        let site = meta_get(&m, &["og:site_name", "application-name"])
            .or(ld.publisher.as_deref())
            .unwrap_or("");
        Some(Sourced::new(strip_known_site(t, site), "meta"))
    } else if let Some(t) = &md.headline {
        Some(Sourced::new(t.clone(), "microdata"))
    } else if let Some(t) = h1 {
        Some(Sourced::new(t, "h1"))
    } else {
        title_tag.map(|t| Sourced::new(strip_site_suffix(&t), "title"))
    };

    out.subtitle = ld
        .alternative
        .clone()
        .map(|s| Sourced::new(s, "json-ld"))
        .or_else(|| {
            meta_get(
                &m,
                &["og:description", "description", "twitter:description"],
            )
            .map(|s| Sourced::new(s.to_string(), "meta"))
        });

    // Authors.
    let mut authors = None;
    if !ld.authors.is_empty() {
        authors = Some(Sourced::new(dedup(ld.authors.clone()), "json-ld"));
    }
    if authors.is_none() {
        let mut v = Vec::new();
        for k in AUTHOR_KEYS {
            for (mk, mv) in &m {
                if mk == k && !mv.starts_with("http") {
                    v.extend(split_names(mv));
                }
            }
            if !v.is_empty() {
                break;
            }
        }
        if !v.is_empty() {
            authors = Some(Sourced::new(dedup(v), "meta"));
        }
    }
    if authors.is_none() && !md.authors.is_empty() {
        authors = Some(Sourced::new(md.authors.clone(), "microdata"));
    }
    if authors.is_none() {
        let v: Vec<String> = nodes
            .iter()
            .enumerate()
            .filter(|(i, n)| {
                n.attr("rel")
                    .is_some_and(|r| r.split_whitespace().any(|x| x == "author"))
                    && !main.junk.get(*i).copied().unwrap_or(false)
                    && n.end as usize - *i <= 20
            })
            .flat_map(|(i, _)| split_names(&page.text_of(i)))
            .collect();
        if !v.is_empty() {
            authors = Some(Sourced::new(dedup(v), "meta"));
        }
    }
    if authors.is_none() {
        let mut line = main.bylines.first().cloned();
        if line.is_none() {
            // An element hinted as byline with a short text.
            line = nodes.iter().enumerate().find_map(|(i, n)| {
                let cls = format!(
                    "{} {}",
                    n.attr("class").unwrap_or(""),
                    n.attr("id").unwrap_or("")
                )
                .to_ascii_lowercase();
                if cls.contains("byline") && n.end as usize - i <= 40 {
                    let t = page.text_of(i);
                    (t.chars().count() < 150 && !t.is_empty()).then_some(t)
                } else {
                    None
                }
            });
        }
        if let Some(l) = line {
            let v = if is_byline(&l) || l.to_lowercase().starts_with("by") {
                split_names(&l)
            } else {
                split_names(&format!("By {l}"))
            };
            if !v.is_empty() {
                authors = Some(Sourced::new(v, "byline"));
            }
        }
    }
    out.authors = authors;

    // Published.
    let mut published = None;
    if let Some(d) = ld.published.as_deref().and_then(dates::normalize)
        && ok_date(&d)
    {
        published = Some(Sourced::new(d, "json-ld"));
    }
    if published.is_none() {
        for k in PUBLISHED_KEYS {
            if let Some(d) = meta_get(&m, &[k]).and_then(dates::normalize)
                && ok_date(&d)
            {
                published = Some(Sourced::new(d, "meta"));
                break;
            }
        }
    }
    if published.is_none()
        && let Some(d) = md.published.clone().filter(|d| ok_date(d))
    {
        published = Some(Sourced::new(d, "microdata"));
    }
    if published.is_none() {
        // <time datetime>, in the article region first.
        let scope = main
            .container
            .map(|c| {
                let p = nodes[c].parent as usize;
                if p < nodes.len() { p } else { c }
            })
            .unwrap_or(0);
        let range = scope..nodes.get(scope).map_or(0, |n| n.end as usize);
        let find = |r: std::ops::Range<usize>| {
            r.filter(|&i| &*nodes[i].tag == "time" && !main.junk.get(i).copied().unwrap_or(true))
                .find_map(|i| {
                    let v = nodes[i]
                        .attr("datetime")
                        .map(str::to_string)
                        .unwrap_or_else(|| {
                            if nodes[i].end as usize - i <= 40 {
                                page.text_of(i)
                            } else {
                                String::new()
                            }
                        });
                    dates::normalize(&v).filter(|d| ok_date(d))
                })
        };
        if let Some(d) = find(range).or_else(|| find(0..nodes.len())) {
            published = Some(Sourced::new(d, "time"));
        }
    }
    if published.is_none()
        && let Some(d) = main
            .datelines
            .iter()
            .find_map(|l| dates::normalize(l).filter(|d| ok_date(d)))
    {
        published = Some(Sourced::new(d, "dateline"));
    }
    if published.is_none() {
        // A short element hinted as a date ("dateline", "publish-date", "timestamp").
        let d = nodes.iter().enumerate().find_map(|(i, n)| {
            let cls = format!(
                "{} {}",
                n.attr("class").unwrap_or(""),
                n.attr("id").unwrap_or("")
            )
            .to_ascii_lowercase();
            if !(cls.contains("date") || cls.contains("time") || cls.contains("publish"))
                || n.end as usize - i > 40
            {
                return None;
            }
            let t = page.text_of(i);
            if t.chars().count() > 120 {
                return None;
            }
            dates::normalize(&t).filter(|d| ok_date(d))
        });
        if let Some(d) = d {
            published = Some(Sourced::new(d, "dateline"));
        }
    }

    // URL.
    let canonical = nodes
        .iter()
        .find(|n| {
            &*n.tag == "link"
                && n.attr("rel").is_some_and(|r| {
                    r.to_ascii_lowercase()
                        .split_whitespace()
                        .any(|x| x == "canonical")
                })
                && n.attr("href").is_some_and(|h| h.starts_with("http"))
        })
        .and_then(|n| n.attr("href"))
        .map(|h| h.trim().to_string());
    out.url = canonical.map(|u| Sourced::new(u, "canonical")).or_else(|| {
        meta_get(&m, &["og:url"])
            .filter(|u| u.starts_with("http"))
            .map(|u| Sourced::new(u.trim().to_string(), "meta"))
    });

    if published.is_none() {
        let d = out
            .url
            .as_ref()
            .and_then(|u| dates::url_date(&u.value))
            .or_else(|| given.url.as_deref().and_then(dates::url_date));
        if let Some(d) = d.filter(|d| ok_date(d)) {
            published = Some(Sourced::new(d, "url"));
        }
    }
    out.published = published;

    // Modified.
    out.modified = ld
        .modified
        .as_deref()
        .and_then(dates::normalize)
        .filter(|d| ok_date(d))
        .map(|d| Sourced::new(d, "json-ld"))
        .or_else(|| {
            MODIFIED_KEYS
                .iter()
                .find_map(|k| {
                    meta_get(&m, &[k])
                        .and_then(dates::normalize)
                        .filter(|d| ok_date(d))
                })
                .map(|d| Sourced::new(d, "meta"))
        })
        .or_else(|| {
            md.modified
                .clone()
                .filter(|d| ok_date(d))
                .map(|d| Sourced::new(d, "microdata"))
        });

    // Outlet.
    out.outlet = if let Some(s) = meta_get(&m, &["og:site_name"]).filter(|s| !s.starts_with("http"))
    {
        Some(Sourced::new(s.to_string(), "meta"))
    } else if let Some(p) = &ld.publisher {
        Some(Sourced::new(p.clone(), "json-ld"))
    } else if let Some(p) = &md.publisher {
        Some(Sourced::new(p.clone(), "microdata"))
    } else {
        meta_get(&m, &["application-name"]).map(|s| Sourced::new(s.to_string(), "meta"))
    };

    // Language.
    out.language = page
        .find_tag("html")
        .and_then(|i| nodes[i].attr("lang").or_else(|| nodes[i].attr("xml:lang")))
        .map(|l| {
            l.trim()
                .split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase()
        })
        .filter(|l| !l.is_empty() && l.len() <= 8 && l.bytes().all(|b| b.is_ascii_alphabetic()))
        .map(|l| Sourced::new(l, "html-lang"));
}

fn dedup(v: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for x in v {
        if !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

/// "Headline | Site" → "Headline" (also " - ", " – ", " — ", " :: ", " · ").
pub fn strip_site_suffix(t: &str) -> String {
    let mut t = t.trim().to_string();
    for _ in 0..2 {
        let mut cut = None;
        for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
            if let Some(p) = t.rfind(sep) {
                let head = &t[..p];
                let tail = &t[p + sep.len()..];
                if tail.split_whitespace().count() <= 5
                    && head.split_whitespace().count() >= 2
                    && cut.as_ref().is_none_or(|(q, _)| p > *q)
                {
                    cut = Some((p, head.trim().to_string()));
                }
            }
        }
        match cut {
            Some((_, h)) => t = h,
            None => break,
        }
    }
    t
}

/// Text of a JSON-LD body that may hold (escaped) HTML: entities decoded, tags removed,
/// paragraph ends and `<br>` as line breaks.
fn strip_markup(b: &str) -> String {
    let decoded;
    let b = if b.contains("&lt;") {
        decoded = decode_entities(b);
        decoded.as_str()
    } else {
        b
    };
    if !b.contains('<') {
        return decode_entities(b);
    }
    let mut s = String::new();
    let mut in_tag = false;
    let mut tag = String::new();
    for c in b.chars() {
        if in_tag {
            if c == '>' {
                in_tag = false;
                let t = tag.to_ascii_lowercase();
                if t.starts_with("/p")
                    || t.starts_with("br")
                    || t.starts_with("/h")
                    || t.starts_with("/div")
                    || t.starts_with("/li")
                {
                    s.push('\n');
                }
                tag.clear();
            } else if tag.len() < 4000 {
                tag.push(c);
            }
        } else if c == '<' {
            in_tag = true;
        } else {
            s.push(c);
        }
    }
    decode_entities(&s)
}

/// Decodes the common named entities and numeric ones.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let Some(e) = end else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..e];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Removes a " | Site" suffix (or prefix) from a title when it names the given site.
pub fn strip_known_site(t: &str, site: &str) -> String {
    let key = |x: &str| -> String {
        x.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let site = key(site);
    if site.is_empty() {
        return t.to_string();
    }
    let names_site = |part: &str| {
        part.len() >= 3
            && part.len() <= site.len() + 12
            && (site.contains(part) || part.contains(&site))
    };
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
        if let Some(p) = t.rfind(sep) {
            let tail = key(&t[p + sep.len()..]);
            if names_site(&tail) {
                return t[..p].trim().to_string();
            }
        }
        if let Some(p) = t.find(sep) {
            let head = key(&t[..p]);
            if names_site(&head) {
                return t[p + sep.len()..].trim().to_string();
            }
        }
    }
    t.to_string()
}
