//! Dates as written in metadata and datelines, normalised to `YYYY-MM-DD` or
//! `YYYY-MM-DDTHH:MM[:SS]` (local time as written, offset dropped).

use crate::clean::dates::{iso_date, month_number, with_time};
use regex::Regex;
use std::sync::LazyLock;

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:T|\s+|\s*,\s*)(\d{1,2}):(\d{2})(?::(\d{2}))?)?",
    )
    .expect("valid regex")
});

static COMPACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((?:19|20)\d\d)(\d\d)(\d\d)(?:T?(\d\d)(\d\d)(\d\d)?)?(?:Z|[+-]\d{2,4})?$")
        .expect("valid regex")
});

const MONTHS: &str = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

/// "November 19, 2019", "Nov. 19 2019".
static MDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b{MONTHS}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b"
    ))
    .expect("valid regex")
});

/// "19 November 2019", "Tue, 19 Nov 2019 10:00:00 GMT".
static DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+{MONTHS},?\s+((?:19|20)\d\d)\b(?:\s+(\d{{1,2}}):(\d{{2}})(?::(\d{{2}}))?)?"
    ))
    .expect("valid regex")
});

fn build(y: &str, m: u32, d: &str, time: Option<(&str, &str, Option<&str>)>) -> Option<String> {
    let date = iso_date(y.parse().ok()?, m, d.parse().ok()?)?;
    Some(match time {
        Some((h, mi, se)) => match (h.parse(), mi.parse()) {
            (Ok(h), Ok(mi)) => with_time(date, h, mi, se.and_then(|x| x.parse().ok()), None),
            _ => date,
        },
        None => date,
    })
}

/// Finds the first date in a text; returns it normalised with its byte span.
pub fn find_date(s: &str) -> Option<(String, usize, usize)> {
    // Every pattern needs a year 19xx or 20xx: most lines have none, and skip the regexes.
    let has_year = s.as_bytes().windows(4).any(|w| {
        matches!((w[0], w[1]), (b'1', b'9') | (b'2', b'0'))
            && w[2].is_ascii_digit()
            && w[3].is_ascii_digit()
    });
    if !has_year {
        return None;
    }
    let mut found: Vec<(String, usize, usize)> = Vec::new();
    if let Some(c) = ISO.captures(s) {
        let m: u32 = c[2].parse().ok()?;
        let time = match (c.get(4), c.get(5)) {
            (Some(h), Some(mi)) => Some((h.as_str(), mi.as_str(), c.get(6).map(|x| x.as_str()))),
            _ => None,
        };
        let all = c.get(0)?;
        if let Some(d) = build(&c[1], m, &c[3], time) {
            found.push((d, all.start(), all.end()));
        }
    }
    if let Some(c) = MDY.captures(s) {
        let all = c.get(0)?;
        if let Some(d) = month_number(&c[1]).and_then(|m| build(&c[3], m, &c[2], None)) {
            found.push((d, all.start(), all.end()));
        }
    }
    if let Some(c) = DMY.captures(s) {
        let all = c.get(0)?;
        let time = match (c.get(4), c.get(5)) {
            (Some(h), Some(mi)) => Some((h.as_str(), mi.as_str(), c.get(6).map(|x| x.as_str()))),
            _ => None,
        };
        if let Some(d) = month_number(&c[2]).and_then(|m| build(&c[3], m, &c[1], time)) {
            found.push((d, all.start(), all.end()));
        }
    }
    found.into_iter().min_by_key(|x| x.1)
}

/// Normalises a date value from metadata.
pub fn normalize(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    if let Some(c) = COMPACT.captures(s) {
        let m: u32 = c[2].parse().ok()?;
        let time = match (c.get(4), c.get(5)) {
            (Some(h), Some(mi)) => Some((h.as_str(), mi.as_str(), c.get(6).map(|x| x.as_str()))),
            _ => None,
        };
        return build(&c[1], m, &c[3], time);
    }
    find_date(s).map(|x| x.0)
}

/// A short line that is mostly a date ("Published November 3, 2021 at 4:05 pm").
pub fn is_dateline(t: &str) -> bool {
    let Some((_, a, b)) = find_date(t) else {
        return false;
    };
    if t.contains('@') || t.starts_with(['—', '–', '-']) {
        return false;
    }
    // Words of four letters or more outside the date ("Published", "Updated", "Source").
    let long = |s: &str| {
        s.split_whitespace()
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
            .count()
    };
    long(t.get(..a).unwrap_or("")) + long(t.get(b..).unwrap_or("")) <= 4
}

/// A date given by whole path segments of a URL: `/2024/02/28/`.
pub fn url_date(url: &str) -> Option<String> {
    let path = url.split("://").nth(1).unwrap_or(url);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let segs: Vec<&str> = path.split('/').skip(1).collect();
    for w in segs.windows(3) {
        if w[0].len() == 4
            && (1..=2).contains(&w[1].len())
            && (1..=2).contains(&w[2].len())
            && w.iter().all(|x| x.bytes().all(|b| b.is_ascii_digit()))
            && (w[0].starts_with("19") || w[0].starts_with("20"))
        {
            let m: u32 = w[1].parse().ok()?;
            return build(w[0], m, w[2], None);
        }
    }
    None
}
