//! JSON Lines: one article per line, read line by line; and whole JSON files (one article,
//! an array of articles, or an object of them).
//!
//! Fields: `id` (string or number), `text` (or `body`, `content`, `articleBody`, `maintext`) or `html` (or `raw_html`)
//! — `text` is taken when both are there —, and optional `title`, `published` (or `date`,
//! `published_at`, `publish_date`), `url` (or `link`), `outlet` (or `site`, `publisher`),
//! `authors` (or `author`: an array of strings, of `{"name": ...}` objects, or a string).

use std::io::{BufReader, Cursor, Read};

use serde_json::{Map, Value};

use super::decode;
use super::{
    Content, GivenMeta, Line, MAX_DOC_BYTES, Out, RawDoc, mib, read_line_capped, reason_of,
};

/// Reads a JSONL stream: each good line is a document; each bad line is skipped with its
/// line number. `source` is the file as shown; documents get `source:LINE`.
pub(super) fn read(reader: Box<dyn Read + '_>, stem: &str, source: &str, out: &mut Out) {
    let mut reader = BufReader::with_capacity(64 * 1024, reader);
    // UTF-16 JSONL cannot be split on byte newlines: decode it whole (up to the cap).
    let utf16 = match std::io::BufRead::fill_buf(&mut reader) {
        Ok(head) => decode::utf16_encoding(head).is_some(),
        Err(_) => false,
    };
    if utf16 {
        let mut bytes = Vec::new();
        if let Err(e) = (&mut reader)
            .take(MAX_DOC_BYTES + 1)
            .read_to_end(&mut bytes)
        {
            return out.skip(source, reason_of(&e));
        }
        if bytes.len() as u64 > MAX_DOC_BYTES {
            return out.skip(
                source,
                format!("too large (UTF-16 JSONL over {} MiB)", mib(MAX_DOC_BYTES)),
            );
        }
        let text = decode::decode_lossy(&bytes);
        let mut inner = BufReader::new(Cursor::new(text.into_bytes()));
        return read_lines(&mut inner, stem, source, out);
    }
    read_lines(&mut reader, stem, source, out);
}

fn read_lines(r: &mut dyn std::io::BufRead, stem: &str, source: &str, out: &mut Out) {
    let mut buf = Vec::new();
    let mut number = 0usize;
    let mut any = false;
    loop {
        buf.clear();
        number += 1;
        let at = format!("{source}:{number}");
        match read_line_capped(r, &mut buf, MAX_DOC_BYTES as usize) {
            Ok(Line::Eof) => break,
            Ok(Line::TooLong) => {
                any = true;
                out.skip(
                    at,
                    format!("too large (line over {} MiB)", mib(MAX_DOC_BYTES)),
                );
            }
            Ok(Line::Done) => {
                // Valid UTF-8 (nearly every line) is read where it lies; anything else decoded.
                let decoded;
                let line = match std::str::from_utf8(&buf) {
                    Ok(s) => s,
                    Err(_) => {
                        decoded = decode::decode_lossy(&buf);
                        decoded.as_str()
                    }
                };
                let line = line.trim_start_matches('\u{FEFF}').trim();
                if line.is_empty() {
                    continue;
                }
                any = true;
                match parse_line(line, stem, number) {
                    Ok((id, content, given)) => out.doc(RawDoc {
                        id,
                        source: at,
                        content,
                        given,
                    }),
                    Err(reason) => out.skip(at, reason),
                }
            }
            Err(e) => {
                // A line cut short (by a truncated gzip) is not passed on as if whole.
                if buf.iter().any(|b| !b.is_ascii_whitespace()) {
                    out.skip(at, reason_of(&e));
                } else {
                    out.skip(source, reason_of(&e));
                }
                return;
            }
        }
    }
    if !any {
        out.skip(source, "empty file");
    }
}

/// One JSONL line to its id, content and given metadata, or the reason it is skipped.
fn parse_line(
    line: &str,
    stem: &str,
    number: usize,
) -> Result<(String, Content, GivenMeta), String> {
    if let Some(fast) = parse_plain(line, stem, number) {
        return fast;
    }
    let value: Value =
        serde_json::from_str(line).map_err(|e| format!("invalid JSON on line {number}: {e}"))?;
    let Value::Object(obj) = value else {
        return Err(format!("line {number} is not a JSON object"));
    };
    article(&obj, format!("{stem}:{number}"), &format!("line {number}"))
}

/// The common record, read without building a JSON tree (a page's HTML is most of a line):
/// `id`, `text` or `html`, `title`, `published`, `url`, `outlet`, `authors` (strings), and
/// no other field the flexible reader knows. Anything else — those other field names, other
/// types — returns `None` and goes the flexible way.
fn parse_plain(
    line: &str,
    stem: &str,
    number: usize,
) -> Option<Result<(String, Content, GivenMeta), String>> {
    #[derive(serde::Deserialize)]
    struct Plain {
        id: Option<String>,
        text: Option<String>,
        html: Option<String>,
        title: Option<String>,
        published: Option<String>,
        url: Option<String>,
        outlet: Option<String>,
        authors: Option<Vec<String>>,
        #[serde(flatten)]
        other: std::collections::HashMap<String, serde::de::IgnoredAny>,
    }
    let p: Plain = serde_json::from_str(line).ok()?;
    let known_elsewhere = p
        .other
        .keys()
        .any(|k| ALL_KEYS.iter().any(|keys| keys.contains(&k.as_str())));
    let clean = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let content = match (clean(p.text), clean(p.html)) {
        _ if known_elsewhere => return None,
        (Some(t), _) => Content::Text(t),
        (None, Some(h)) => Content::Html(h),
        (None, None) => return None,
    };
    let id = clean(p.id).unwrap_or_else(|| format!("{stem}:{number}"));
    let mut authors = Vec::new();
    for a in p.authors.unwrap_or_default() {
        add_names(&mut authors, &a);
    }
    let given = GivenMeta {
        title: clean(p.title),
        published: clean(p.published),
        url: clean(p.url),
        outlet: clean(p.outlet),
        authors,
        crawled: None,
    };
    Some(Ok((id, content, given)))
}

const ID_KEYS: &[&str] = &["id", "_id"];
const TEXT_KEYS: &[&str] = &["text", "body", "content", "articleBody", "maintext"];
const HTML_KEYS: &[&str] = &["html", "raw_html"];
const TITLE_KEYS: &[&str] = &["title", "headline"];
const PUBLISHED_KEYS: &[&str] = &[
    "published",
    "date",
    "published_at",
    "publish_date",
    "date_publish",
    "datePublished",
    "pubdate",
];
const URL_KEYS: &[&str] = &["url", "link"];
const OUTLET_KEYS: &[&str] = &["outlet", "site", "publisher", "source_domain"];
const AUTHOR_KEYS: &[&str] = &["authors", "author"];
/// Every field name the flexible reader knows.
const ALL_KEYS: &[&[&str]] = &[
    ID_KEYS,
    TEXT_KEYS,
    HTML_KEYS,
    TITLE_KEYS,
    PUBLISHED_KEYS,
    URL_KEYS,
    OUTLET_KEYS,
    AUTHOR_KEYS,
];

/// Whether a JSON object holds an article (a non-blank text or HTML).
fn is_article(obj: &Map<String, Value>) -> bool {
    string_field(obj, TEXT_KEYS).is_some() || string_field(obj, HTML_KEYS).is_some()
}

/// One article object to its id (`default_id` when it has none), content and given
/// metadata; `what` names it in messages ("line 3").
fn article(
    obj: &Map<String, Value>,
    default_id: String,
    what: &str,
) -> Result<(String, Content, GivenMeta), String> {
    let id = match ID_KEYS.iter().find_map(|k| obj.get(*k)) {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => default_id,
    };
    let content = if let Some(text) = string_field(obj, TEXT_KEYS) {
        Content::Text(text)
    } else if let Some(html) = string_field(obj, HTML_KEYS) {
        Content::Html(html)
    } else {
        return Err(format!("{what} has no \"text\" or \"html\""));
    };
    let given = GivenMeta {
        title: string_field(obj, TITLE_KEYS),
        published: string_field(obj, PUBLISHED_KEYS),
        url: string_field(obj, URL_KEYS),
        outlet: string_field(obj, OUTLET_KEYS),
        authors: authors(obj),
        crawled: None,
    };
    Ok((id, content, given))
}

/// Reads a whole JSON file (up to the size cap): one article object, an array of them, an
/// object whose values are articles (keyed by id), or an object holding an array of
/// articles. Records get `source#N` (N from 1).
pub(super) fn read_json(reader: Box<dyn Read + '_>, stem: &str, source: &str, out: &mut Out) {
    let mut bytes = Vec::new();
    if let Err(e) = reader.take(MAX_DOC_BYTES + 1).read_to_end(&mut bytes) {
        return out.skip(source, reason_of(&e));
    }
    if bytes.len() as u64 > MAX_DOC_BYTES {
        return out.skip(
            source,
            format!("too large (more than {} MiB)", mib(MAX_DOC_BYTES)),
        );
    }
    let text = decode::decode_lossy(&bytes);
    drop(bytes);
    let value: Value = match serde_json::from_str(text.trim_start_matches('\u{FEFF}')) {
        Ok(v) => v,
        Err(e) => return out.skip(source, format!("invalid JSON: {e}")),
    };
    drop(text);
    let records: Vec<(Option<String>, &Value)> = match &value {
        Value::Object(o) if is_article(o) => {
            return match article(o, stem.to_string(), "the JSON object") {
                Ok((id, content, given)) => out.doc(RawDoc {
                    id,
                    source: source.to_string(),
                    content,
                    given,
                }),
                Err(reason) => out.skip(source, reason),
            };
        }
        Value::Array(items) => items.iter().map(|v| (None, v)).collect(),
        Value::Object(o) => {
            let keyed: Vec<(Option<String>, &Value)> = o
                .iter()
                .filter(|(_, v)| matches!(v, Value::Object(a) if is_article(a)))
                .map(|(k, v)| (Some(k.clone()), v))
                .collect();
            if !keyed.is_empty() {
                keyed
            } else if let Some(Value::Array(items)) = o.values().find(|v| {
                matches!(v, Value::Array(items)
                    if items.iter().any(|i| matches!(i, Value::Object(a) if is_article(a))))
            }) {
                items.iter().map(|v| (None, v)).collect()
            } else {
                return out.skip(source, "no article in the JSON (no \"text\" or \"html\")");
            }
        }
        _ => return out.skip(source, "JSON is neither an object nor an array"),
    };
    if records.is_empty() {
        return out.skip(source, "empty file");
    }
    for (i, (key, record)) in records.into_iter().enumerate() {
        let n = i + 1;
        let at = format!("{source}#{n}");
        let Value::Object(obj) = record else {
            out.skip(at, format!("record {n} is not a JSON object"));
            continue;
        };
        let default_id = key
            .filter(|k| !k.trim().is_empty())
            .unwrap_or_else(|| format!("{stem}#{n}"));
        match article(obj, default_id, &format!("record {n}")) {
            Ok((id, content, given)) => out.doc(RawDoc {
                id,
                source: at,
                content,
                given,
            }),
            Err(reason) => out.skip(at, reason),
        }
    }
}

/// The first of `keys` whose value is a non-blank string (numbers are written out).
fn string_field(obj: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match obj.get(*k)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// `authors` / `author`: an array (of strings or `{"name": ...}`) or one string, which may
/// list several names ("A and B", "A; B", "A, B" when each part has several words).
fn authors(obj: &Map<String, Value>) -> Vec<String> {
    let value = match AUTHOR_KEYS.iter().find_map(|k| obj.get(*k)) {
        Some(v) => v,
        None => return Vec::new(),
    };
    let mut names = Vec::new();
    let mut push = |s: &str| add_names(&mut names, s);
    match value {
        Value::String(s) => push(s),
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::String(s) => push(s),
                    Value::Object(o) => {
                        if let Some(Value::String(s)) = o.get("name") {
                            push(s);
                        }
                    }
                    _ => {}
                }
            }
        }
        Value::Object(o) => {
            if let Some(Value::String(s)) = o.get("name") {
                push(s);
            }
        }
        _ => {}
    }
    names
}

/// Adds the people a string names to `names`, each once.
fn add_names(names: &mut Vec<String>, s: &str) {
    for name in split_names(s) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
}

/// Splits a string naming one or more people.
fn split_names(s: &str) -> Vec<String> {
    let s = s.trim();
    let s = match s.get(..3) {
        Some(p) if p.eq_ignore_ascii_case("by ") => &s[3..],
        _ => s,
    };
    let mut parts: Vec<String> = Vec::new();
    for part in s.split([';', '|']) {
        for part in part.split(" and ").flat_map(|p| p.split(" & ")) {
            let commas: Vec<&str> = part.split(',').map(str::trim).collect();
            // "Doe, Jane" is one name; "Jane Doe, John Roe" two.
            if commas.len() > 1 && commas.iter().all(|c| c.split_whitespace().count() >= 2) {
                parts.extend(commas.iter().map(|c| c.to_string()));
            } else {
                parts.push(part.trim().to_string());
            }
        }
    }
    parts
        .into_iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_path_and_the_flexible_one_agree() {
        let plain = r#"{"id": "a1", "text": "Body.", "title": " T ", "authors": ["By Ada Brant and Olu Ike"], "extra": 3}"#;
        let (id, content, given) = parse_line(plain, "f", 1).unwrap();
        assert_eq!(id, "a1");
        assert_eq!(content, Content::Text("Body.".into()));
        assert_eq!(given.title.as_deref(), Some("T"));
        assert_eq!(given.authors, vec!["Ada Brant", "Olu Ike"]);
        // The same record through the flexible reader (a number id sends it there).
        let flexible = plain.replace(r#""id": "a1""#, r#""id": 7"#);
        let (id, _, given2) = parse_line(&flexible, "f", 1).unwrap();
        assert_eq!(id, "7");
        assert_eq!(given2, given);
        // A field the fast path does not read is not lost: "headline" is the title.
        let (_, _, g) = parse_line(r#"{"text": "Body.", "headline": "H"}"#, "f", 2).unwrap();
        assert_eq!(g.title.as_deref(), Some("H"));
    }

    #[test]
    fn line_fields() {
        let (id, content, given) = parse_line(
            r#"{"id": 17, "text": "Body.", "title": "T", "published": "2024-03-02", "url": "https://e.example/a", "outlet": "The Example", "authors": ["Ana Lima", "Bo Chen"]}"#,
            "feed",
            3,
        )
        .unwrap();
        assert_eq!(id, "17");
        assert_eq!(content, Content::Text("Body.".into()));
        assert_eq!(given.title.as_deref(), Some("T"));
        assert_eq!(given.published.as_deref(), Some("2024-03-02"));
        assert_eq!(given.url.as_deref(), Some("https://e.example/a"));
        assert_eq!(given.outlet.as_deref(), Some("The Example"));
        assert_eq!(given.authors, vec!["Ana Lima", "Bo Chen"]);
        let (id, content, _) = parse_line(r#"{"html": "<p>x</p>"}"#, "feed", 9).unwrap();
        assert_eq!(id, "feed:9");
        assert_eq!(content, Content::Html("<p>x</p>".into()));
        assert!(
            parse_line(r#"{"id": "a", "title": "x"}"#, "f", 2)
                .unwrap_err()
                .contains("no \"text\" or \"html\"")
        );
        assert!(
            parse_line("[1, 2]", "f", 4)
                .unwrap_err()
                .contains("not a JSON object")
        );
        assert!(
            parse_line("{\"id\": ", "f", 5)
                .unwrap_err()
                .starts_with("invalid JSON on line 5: ")
        );
    }

    #[test]
    fn author_strings() {
        assert_eq!(
            split_names("By Ana Lima and Bo Chen"),
            vec!["Ana Lima", "Bo Chen"]
        );
        assert_eq!(split_names("Lima, Ana"), vec!["Lima, Ana"]);
        assert_eq!(
            split_names("Ana Lima, Bo Chen; Cy Dee"),
            vec!["Ana Lima", "Bo Chen", "Cy Dee"]
        );
    }
}
