//! Publication dates as pages write them, to `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]`.

use regex::Regex;
use std::sync::LazyLock;

/// The month number of an English month name or abbreviation ("Feb", "Sept.", "february").
pub fn month_number(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if n.len() < 3 {
        return None;
    }
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    months
        .iter()
        .zip(full.iter())
        .position(|(a, f)| n == *a || n == *f || (n == "sept" && *a == "sep"))
        .map(|i| i as u32 + 1)
}

fn valid(y: i32, m: u32, d: u32) -> bool {
    chrono::NaiveDate::from_ymd_opt(y, m, d).is_some() && (1900..=2200).contains(&y)
}

/// `YYYY-MM-DD` when the day exists (years 1900 to 2200).
pub fn iso_date(y: i32, m: u32, d: u32) -> Option<String> {
    valid(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// `date` with a clock time (`THH:MM[:SS]`), `am`/`pm` applied; the date alone when the time
/// is not a time of day.
pub fn with_time(date: String, h: u32, min: u32, sec: Option<u32>, pm: Option<&str>) -> String {
    let mut h = h;
    match pm.map(|s| s.to_ascii_lowercase().replace('.', "")) {
        Some(p) if p == "pm" && h < 12 => h += 12,
        Some(p) if p == "am" && h == 12 => h = 0,
        _ => {}
    }
    if h > 23 || min > 59 {
        return date;
    }
    match sec {
        Some(s) if s < 60 => format!("{date}T{h:02}:{min:02}:{s:02}"),
        _ => format!("{date}T{h:02}:{min:02}"),
    }
}

/// The date with the clock time captured in groups `h`, `h + 1` (minutes), `h + 2` (seconds)
/// and, when given, `pm` (a.m./p.m.), if the time was written.
fn dated_clock(date: String, c: &regex::Captures, h: usize, pm: Option<usize>) -> String {
    let num = |i: usize| c.get(i).and_then(|x| x.as_str().parse::<u32>().ok());
    match (num(h), num(h + 1)) {
        (Some(hh), Some(mm)) => with_time(
            date,
            hh,
            mm,
            num(h + 2),
            pm.and_then(|i| c.get(i)).map(|x| x.as_str()),
        ),
        _ => date,
    }
}

/// The date patterns: an ISO date, day-month-year, month-day-year, and a clock time before
/// a date.
const ISO: &str = r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?";
const DMY: &str = r"(?i)^(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9}\.?),?\s+(\d{4})(?:,?\s*(?:at\s+)?(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?";
const MDY: &str = r"(?i)^(?:[a-z]+,?\s+)?([a-z]{3,9}\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s*(?:at\s+|-\s*)?(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?";
const TIME_FIRST: &str =
    r"(?i)^(\d{1,2})[:.](\d{2})\s*([ap]\.?m\.?)?\s*(?:[a-z]{2,4}\s*)?[,|-]?\s*(.+)$";

/// The date patterns compiled.
struct DateRes {
    iso: Regex,
    dmy: Regex,
    mdy: Regex,
    time_first: Regex,
}

impl DateRes {
    /// Compiles the patterns as written, or (`ascii`) with `\d` and `\s` ASCII only: those
    /// cost far less to build (a Unicode class is many UTF-8 sequences) and match the same
    /// on text without a digit or a space beyond ASCII.
    fn new(ascii: bool) -> Self {
        let re = |p: &str| {
            let p = if ascii {
                p.replace(r"\d", "[0-9]")
                    .replace(r"\s", r"[\t\n\x0B\x0C\r ]")
            } else {
                p.to_string()
            };
            Regex::new(&p).expect("date pattern")
        };
        DateRes {
            iso: re(ISO),
            dmy: re(DMY),
            mdy: re(MDY),
            time_first: re(TIME_FIRST),
        }
    }
}

/// The patterns to run on `s`: the ASCII-class ones unless `s` has a digit-like or space
/// char beyond ASCII (where Unicode `\d` or `\s` could match differently).
fn date_res(s: &str) -> &'static DateRes {
    static ASCII: LazyLock<DateRes> = LazyLock::new(|| DateRes::new(true));
    static UNICODE: LazyLock<DateRes> = LazyLock::new(|| DateRes::new(false));
    let unicode_classes = !s.is_ascii()
        && s.chars()
            .any(|c| !c.is_ascii() && (c.is_numeric() || c.is_whitespace()));
    if unicode_classes { &UNICODE } else { &ASCII }
}

/// Parses a date (and time) written at the start of `s`; returns the normalised value and
/// how many bytes of `s` it used. Times keep the local clock as written; zones are dropped.
pub fn parse_prefix(s: &str) -> Option<(String, usize)> {
    let s = s.trim_start();
    let res = date_res(s);
    if let Some(c) = res.iso.captures(s) {
        let date = iso_date(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)?;
        return Some((dated_clock(date, &c, 4, None), c.get(0)?.end()));
    }
    for (re, day_first) in [(&res.dmy, true), (&res.mdy, false)] {
        if let Some(c) = re.captures(s) {
            let (d, m) = if day_first {
                (c[1].parse().ok()?, month_number(&c[2])?)
            } else {
                (c[2].parse().ok()?, month_number(&c[1])?)
            };
            let date = iso_date(c[3].parse().ok()?, m, d)?;
            return Some((dated_clock(date, &c, 4, Some(7)), c.get(0)?.end()));
        }
    }
    None
}

/// Whether `line` may be a date line ([`parse_date_line`]): each one is a date (and time)
/// after a lead of at most two words ("Last updated", the leads there), then any colons and spaces ("Last
/// updated : : "), and each date form begins with a number within its first three words
/// ("Friday, July 21, 2017", "3 March 2025", "14:05, 3 March 2021"). So a line whose first
/// five words, not counting those made of colons alone, have no digit is none. (The date
/// patterns' `\s` and `\d` are ASCII or Unicode white space and digits: a word is what
/// `split_whitespace` gives, and a digit one of the chars `char::is_numeric` takes.)
fn may_be_date_line(line: &str) -> bool {
    // Byte by byte while the line is ASCII (its white space is then these six bytes).
    let mut words = 0;
    // Whether the bytes since the last white space are a word counted (one not all colons).
    let mut counted = false;
    for &b in line.as_bytes() {
        if !b.is_ascii() {
            return line
                .split_whitespace()
                .filter(|w| !w.bytes().all(|b| b == b':'))
                .take(5)
                .any(|w| w.chars().any(char::is_numeric));
        }
        if matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
            counted = false;
            continue;
        }
        if b != b':' && !counted {
            counted = true;
            words += 1;
            if words > 5 {
                return false;
            }
        }
        if b.is_ascii_digit() {
            return true;
        }
    }
    false
}

/// Whether `s` has `n` ASCII digits in a row.
fn has_digit_run(s: &str, n: usize) -> bool {
    // Most lines have fewer digits than that in all (counted many bytes at a time).
    let digits: usize = s
        .as_bytes()
        .chunks(255)
        .map(|c| usize::from(c.iter().fold(0u8, |k, b| k + u8::from(b.is_ascii_digit()))))
        .sum();
    if digits < n {
        return false;
    }
    let mut run = 0;
    for b in s.bytes() {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        if run >= n {
            return true;
        }
    }
    false
}

/// Parses a line that is nothing but a date line ("28 February 2024 08:04",
/// "Published: Jan. 5, 2020, 4:30 p.m. ET", "Friday, July 21, 2017", "08:04, 28.02.2024" is not
/// taken). Returns `None` when the line says more than a date.
pub fn parse_date_line(line: &str) -> Option<String> {
    // A date line has a number near its start (most lines have none: no pattern need run).
    if !may_be_date_line(line) {
        return None;
    }
    parse_date_line_unfiltered(line)
}

/// [`parse_date_line`] without its first test ([`may_be_date_line`]).
fn parse_date_line_unfiltered(line: &str) -> Option<String> {
    // Every date form has a four-digit year (most lines have none: no pattern need run).
    if !has_digit_run(line, 4) {
        return None;
    }
    let mut s = line.trim();
    for lead in [
        "published",
        "updated",
        "posted",
        "last updated",
        "date",
        "on",
        "first published",
    ] {
        if s.len() > lead.len()
            && s.is_char_boundary(lead.len())
            && s[..lead.len()].eq_ignore_ascii_case(lead)
        {
            let rest = s[lead.len()..].trim_start_matches([':', ' ', '\t']);
            if rest.len() < s.len() - lead.len() || lead == "on" {
                s = rest;
                break;
            }
        }
    }
    let (value, used, time_first) = match parse_prefix(s) {
        Some((v, u)) => (v, u, false),
        None => {
            let c = date_res(s).time_first.captures(s)?;
            let rest = c.get(4)?;
            let (v, u) = parse_prefix(rest.as_str())?;
            let date = v.get(..10)?.to_string();
            let v = with_time(
                date,
                c[1].parse().ok()?,
                c[2].parse().ok()?,
                None,
                c.get(3).map(|x| x.as_str()),
            );
            (v, rest.start() + u, true)
        }
    };
    let rest = s[used..].trim();
    let rest_ok = rest.is_empty()
        || (!time_first
            && rest.len() <= 12
            && rest
                .chars()
                .all(|c| c.is_ascii_alphabetic() || " ()+-:|,.0123456789".contains(c)));
    rest_ok.then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_lines_have_a_digit_in_their_first_five_words() {
        let leads = [
            "",
            "Published ",
            "published: ",
            "Updated:",
            "LAST UPDATED ",
            "last updated: ",
            "First published ",
            "Date: ",
            "On ",
            "on",
            "Posted:",
            "Last updated : ",
            "LAST UPDATED :: ",
            "First published : ",
            "Posted : : ",
            "Updated\t:\t",
        ];
        let dates = [
            "2024-02-28",
            "2023-11-02T18:45:10+02:00",
            "28 February 2024",
            "28th Feb. 2024",
            "Friday, July 21, 2017",
            "Wednesday 3 March 2021",
            "Jan. 5, 2020, 4:30 p.m. ET",
            "September 30, 2019 at 10:15",
            "14:05, 3 March 2021",
            "08.04 am CET | 5 May 2022",
            "Thu, 3 March 2021 - 14:05",
            "July 21, 2017 - 9:30",
            "1 May 2020 (updated)",
            "Sept. 9 2019",
            "٣ May 2020",
            "3\u{2003}May 2020",
        ];
        let tails = [
            "",
            " 08:04",
            " ET",
            " Reuters",
            " and the council met again",
        ];
        let mut dated = 0;
        for lead in leads {
            for date in dates {
                for tail in tails {
                    let line = format!("{lead}{date}{tail}");
                    if parse_date_line_unfiltered(&line).is_some() {
                        dated += 1;
                        assert!(may_be_date_line(&line), "{line:?}");
                    }
                }
            }
        }
        assert!(dated > 200, "{dated}");
        assert!(!may_be_date_line(
            "The council met on Friday, July 21, 2017 in the hall."
        ));
        assert!(!may_be_date_line("Posted by the harbour office in 2024"));
        assert!(may_be_date_line("In 2019 the mill closed"));
        // On bytes as on chars.
        for line in [
            "",
            " ",
            "one two three four 5",
            "one two three four five 6",
            "one\ttwo\u{0B}three\u{0C}four\r 5",
            "  one  two three four five 6",
            "é two three four 5",
            "é two three four five 6",
            "one : two :: three four 5",
            "one : two :: three four five 6",
            "é : : two three four 5",
            ": : :",
            "one:two three four five 6",
        ] {
            let by_chars = line
                .split_whitespace()
                .filter(|w| !w.bytes().all(|b| b == b':'))
                .take(5)
                .any(|w| w.chars().any(char::is_numeric));
            assert_eq!(may_be_date_line(line), by_chars, "{line:?}");
        }
    }

    #[test]
    fn date_lines_in_common_forms() {
        assert_eq!(
            parse_date_line("28 February 2024 08:04").as_deref(),
            Some("2024-02-28T08:04")
        );
        assert_eq!(
            parse_date_line("Friday, July 21, 2017").as_deref(),
            Some("2017-07-21")
        );
        assert_eq!(
            parse_date_line("Published: Jan. 5, 2020, 4:30 p.m. ET").as_deref(),
            Some("2020-01-05T16:30")
        );
        assert_eq!(
            parse_date_line("2023-11-02T18:45:10+02:00").as_deref(),
            Some("2023-11-02T18:45:10")
        );
        assert_eq!(
            parse_date_line("14:05, 3 March 2021").as_deref(),
            Some("2021-03-03T14:05")
        );
    }

    #[test]
    fn the_ascii_patterns_answer_as_the_unicode_ones() {
        let (ascii, unicode) = (DateRes::new(true), DateRes::new(false));
        for s in [
            "28 February 2024 08:04",
            "Friday,\tJuly 21, 2017 at 4:30 p.m.",
            "2023-11-02T18:45:10+02:00",
            "14:05, 3 March 2021",
            "Jan.\x0B5, 2020",
            "3 ſeptember 2024",
            "Sept 3rd, 2024 - 9.15 am",
            "nothing here",
        ] {
            assert!(std::ptr::eq(date_res(s), date_res("")), "{s:?}");
            for (a, u) in [
                (&ascii.iso, &unicode.iso),
                (&ascii.dmy, &unicode.dmy),
                (&ascii.mdy, &unicode.mdy),
                (&ascii.time_first, &unicode.time_first),
            ] {
                let spans = |re: &Regex| {
                    re.captures(s)
                        .map(|c| c.iter().map(|m| m.map(|m| m.range())).collect::<Vec<_>>())
                };
                assert_eq!(spans(a), spans(u), "{s:?}");
            }
        }
        // A digit or a space beyond ASCII takes the Unicode patterns.
        assert!(!std::ptr::eq(date_res("3\u{00A0}May 2024"), date_res("")));
        assert!(!std::ptr::eq(date_res("٣ May 2024"), date_res("")));
        assert_eq!(parse_prefix("2024-05-0\u{0663}"), None);
    }

    #[test]
    fn digit_runs_are_counted_in_a_row() {
        assert!(has_digit_run("Jan. 5, 2020", 4));
        assert!(!has_digit_run("5 12 20 199", 4));
        assert!(!has_digit_run("no digits", 1));
        assert!(has_digit_run("14:05", 2));
        assert!(!has_digit_run("1 2 3", 4));
        assert!(has_digit_run(&format!("{}2024", "x".repeat(600)), 4));
    }

    #[test]
    fn sentences_with_dates_are_not_date_lines() {
        assert_eq!(
            parse_date_line("On January 5, 2020 the council met in the old hall."),
            None
        );
        assert_eq!(parse_date_line("31 February 2024"), None);
        assert_eq!(parse_date_line("May the best team win"), None);
    }
}
