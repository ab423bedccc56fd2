//! Bytes to text: byte order mark first, then a declared charset (an HTTP `Content-Type`, then
//! for HTML a `<meta charset>` / `http-equiv` / XML declaration in the first 4 KiB), then
//! UTF-8, falling back to Windows-1252 when the bytes are not UTF-8.
//!
//! Binary detection: NUL bytes or a high share of control characters in the first 8 KiB
//! make a file binary ([`BINARY`]).

use std::borrow::Cow;
use std::sync::LazyLock;

use encoding_rs::{Encoding, REPLACEMENT, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use regex::bytes::Regex;

/// The reason given for a binary file.
pub const BINARY: &str = "binary file";

/// How many leading bytes the binary test looks at.
const BINARY_WINDOW: usize = 8 * 1024;
/// How many leading bytes the `<meta charset>` prescan looks at.
const META_WINDOW: usize = 4 * 1024;

/// Decodes a plain text file. Fails with [`BINARY`] on binary content.
pub fn decode_text(bytes: &[u8]) -> Result<String, String> {
    decode(bytes, false, None)
}

/// Decodes an HTML page. `declared` is the charset the transport gives (an HTTP
/// `Content-Type` charset), which comes after a byte order mark and before the page's own
/// `<meta>` declaration. Fails with [`BINARY`] on binary content.
pub fn decode_html(bytes: &[u8], declared: Option<&str>) -> Result<String, String> {
    decode(bytes, true, declared)
}

/// [`decode_text`] (or [`decode_html`] when `html`) on an owned buffer: UTF-8 input is
/// taken over without a copy.
pub fn decode_owned(bytes: Vec<u8>, html: bool) -> Result<String, String> {
    let whole_utf8 =
        matches!(decode_cow(&bytes, html, None)?, Cow::Borrowed(s) if s.len() == bytes.len());
    if whole_utf8 {
        return String::from_utf8(bytes).map_err(|e| e.to_string());
    }
    decode(&bytes, html, None)
}

/// Decodes bytes known to be text (a JSONL line, a header): BOM, else UTF-8, else
/// Windows-1252. Never fails.
pub fn decode_lossy(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    guess(bytes, None).into_owned()
}

/// The charset parameter of a `Content-Type` value (`text/html; charset="utf-8"` → `utf-8`).
pub fn charset_from_content_type(content_type: &str) -> Option<&str> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = content_type.get(at + "charset".len()..)?.trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(rest.len());
    let label = &rest[..end];
    (!label.is_empty()).then_some(label)
}

/// The encoding a charset label names, as a decoder should use it (UTF-16 labels without a
/// byte order mark and the "replacement" labels are not trusted).
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(label.trim().as_bytes())?;
    if enc == REPLACEMENT || enc == UTF_16LE || enc == UTF_16BE {
        return None;
    }
    Some(enc)
}

/// The charset an HTML page declares in its first 4 KiB: `<meta charset>`, `<meta
/// http-equiv="Content-Type" content="...; charset=...">`, else an XML declaration.
pub fn html_declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    static META: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i-u)<meta\b[^>]*?charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)"#).expect("regex")
    });
    static XML: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i-u)^\s*<\?xml\b[^>]*?encoding\s*=\s*["']([a-z0-9_\-:.]+)"#).expect("regex")
    });
    let head = &bytes[..bytes.len().min(META_WINDOW)];
    let label = |re: &Regex| {
        re.captures_iter(head)
            .filter_map(|c| c.get(1))
            .find_map(|m| encoding_for_label(&String::from_utf8_lossy(m.as_bytes())))
    };
    label(&META).or_else(|| label(&XML))
}

/// Whether bytes look binary: NUL bytes or more than 10% control characters in the first
/// 8 KiB (text in UTF-16, with or without a byte order mark, is not binary).
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(BINARY_WINDOW)];
    if let Some(enc) = utf16_encoding(head) {
        let bom = if Encoding::for_bom(head).is_some() {
            2
        } else {
            0
        };
        let (text, _) = enc.decode_without_bom_handling(&head[bom..]);
        return text_looks_binary(&text);
    }
    if head.contains(&0) {
        return true;
    }
    let controls = head.iter().filter(|&&b| is_control(b as u32)).count();
    controls * 10 > head.len()
}

/// UTF-16 by its byte order mark, or (without one) by the zero bytes of mostly ASCII text
/// on every other position.
pub fn utf16_encoding(head: &[u8]) -> Option<&'static Encoding> {
    match Encoding::for_bom(head) {
        Some((enc, _)) if enc == UTF_16LE || enc == UTF_16BE => return Some(enc),
        Some(_) => return None,
        None => {}
    }
    let pairs = head.len() / 2;
    if pairs < 8 {
        return None;
    }
    let (mut even_zero, mut odd_zero) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        even_zero += usize::from(pair[0] == 0);
        odd_zero += usize::from(pair[1] == 0);
    }
    // Nearly all of one side zero, nearly none of the other: Latin text in UTF-16.
    if odd_zero * 10 >= pairs * 9 && even_zero * 20 <= pairs {
        Some(UTF_16LE)
    } else if even_zero * 10 >= pairs * 9 && odd_zero * 20 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn is_control(c: u32) -> bool {
    // Tab, line feed, form feed, carriage return and escape are common in text.
    (c < 0x20 && !matches!(c, 0x09 | 0x0A | 0x0C | 0x0D | 0x1B)) || c == 0x7F
}

fn text_looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut controls = 0usize;
    for c in text.chars() {
        if c == '\0' {
            return true;
        }
        total += 1;
        controls += usize::from(is_control(c as u32));
    }
    controls * 10 > total
}

fn decode(bytes: &[u8], html: bool, declared: Option<&str>) -> Result<String, String> {
    decode_cow(bytes, html, declared).map(Cow::into_owned)
}

fn decode_cow<'a>(
    bytes: &'a [u8],
    html: bool,
    declared: Option<&str>,
) -> Result<Cow<'a, str>, String> {
    if looks_binary(bytes) {
        return Err(BINARY.to_string());
    }
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return Ok(enc.decode_without_bom_handling(&bytes[bom..]).0);
    }
    if let Some(enc) = utf16_encoding(&bytes[..bytes.len().min(BINARY_WINDOW)]) {
        return Ok(enc.decode_without_bom_handling(bytes).0);
    }
    let declared = declared.and_then(encoding_for_label).or_else(|| {
        if html {
            html_declared_charset(bytes)
        } else {
            None
        }
    });
    Ok(guess(bytes, declared))
}

/// UTF-8 when the bytes are UTF-8 (even against a declared legacy charset: legacy text
/// with non-ASCII bytes is almost never valid UTF-8), else the declared charset, else
/// UTF-8 with replacements when the text is mostly UTF-8 with a few bad bytes, else
/// Windows-1252.
fn guess<'a>(bytes: &'a [u8], declared: Option<&'static Encoding>) -> Cow<'a, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => match declared {
            // 7-bit encodings (ISO-2022-JP) look like ASCII.
            Some(enc) if s.is_ascii() && !enc.is_ascii_compatible() => {
                enc.decode_without_bom_handling(bytes).0
            }
            _ => Cow::Borrowed(s),
        },
        Err(_) => match declared {
            Some(enc) if enc != UTF_8 => enc.decode_without_bom_handling(bytes).0,
            _ if mostly_utf8(bytes) => String::from_utf8_lossy(bytes),
            _ => WINDOWS_1252.decode_without_bom_handling(bytes).0,
        },
    }
}

/// Whether the non-ASCII bytes are mostly well-formed UTF-8 sequences (at least four
/// good sequences for each bad byte).
fn mostly_utf8(mut bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                good += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let (valid, rest) = bytes.split_at(e.valid_up_to());
                // `valid` is UTF-8 by the error's contract.
                good += std::str::from_utf8(valid)
                    .map(|s| s.chars().filter(|c| !c.is_ascii()).count())
                    .unwrap_or(0);
                bad += 1;
                let skip = e.error_len().unwrap_or(rest.len()).max(1);
                bytes = rest.get(skip..).unwrap_or(&[]);
            }
        }
    }
    good >= 4 * bad
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_and_bom() {
        assert_eq!(decode_text("héllo".as_bytes()).unwrap(), "héllo");
        assert_eq!(decode_text(b"\xEF\xBB\xBFabc").unwrap(), "abc");
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Zoë".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode_text(&le).unwrap(), "Zoë");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Zoë".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(decode_text(&be).unwrap(), "Zoë");
    }

    #[test]
    fn utf16_without_bom() {
        let text = "The council met on Tuesday.";
        let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode_text(&le).unwrap(), text);
    }

    #[test]
    fn windows_1252_fallback() {
        assert_eq!(
            decode_text(b"She said \x93yes\x94 \x96 twice.").unwrap(),
            "She said \u{201C}yes\u{201D} \u{2013} twice."
        );
        // Mostly UTF-8 with one stray byte stays UTF-8.
        let mut b = "é".repeat(10).into_bytes();
        b.push(0xFF);
        assert_eq!(
            decode_text(&b).unwrap(),
            format!("{}\u{FFFD}", "é".repeat(10))
        );
    }

    #[test]
    fn meta_charsets() {
        let mut page = b"<html><head><meta charset=\"windows-1251\"></head><body>".to_vec();
        page.extend_from_slice(&[0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2]);
        assert!(decode_html(&page, None).unwrap().contains("Привет"));
        let mut page =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"><p>"
                .to_vec();
        page.extend_from_slice(b"caf\xE9");
        assert!(decode_html(&page, None).unwrap().ends_with("café"));
        // The transport charset beats the page's own.
        let mut page = b"<meta charset=\"iso-8859-1\"><p>".to_vec();
        page.extend_from_slice(&[0xCF, 0xF0]);
        assert!(
            decode_html(&page, Some("windows-1251"))
                .unwrap()
                .ends_with("Пр")
        );
        // The BOM beats everything.
        let mut page = b"\xEF\xBB\xBF<meta charset=\"windows-1251\"><p>".to_vec();
        page.extend_from_slice("é".as_bytes());
        assert!(decode_html(&page, None).unwrap().ends_with('é'));
        // A UTF-16 label in a meta tag is not trusted.
        assert_eq!(encoding_for_label("utf-16"), None);
        assert_eq!(encoding_for_label("latin1"), Some(WINDOWS_1252));
    }

    #[test]
    fn content_type_charset() {
        assert_eq!(
            charset_from_content_type("text/html; charset=\"UTF-8\""),
            Some("UTF-8")
        );
        assert_eq!(
            charset_from_content_type("text/html;charset=koi8-r; x=y"),
            Some("koi8-r")
        );
        assert_eq!(charset_from_content_type("text/html"), None);
    }

    #[test]
    fn owned_buffers() {
        assert_eq!(decode_owned(b"plain".to_vec(), false).unwrap(), "plain");
        assert_eq!(
            decode_owned(b"\xEF\xBB\xBFbom".to_vec(), false).unwrap(),
            "bom"
        );
        assert_eq!(
            decode_owned(b"\x93q\x94".to_vec(), true).unwrap(),
            "\u{201C}q\u{201D}"
        );
        assert_eq!(decode_owned(b"a\0b".to_vec(), true).unwrap_err(), BINARY);
    }

    #[test]
    fn binary() {
        assert_eq!(decode_text(b"abc\0def").unwrap_err(), BINARY);
        assert_eq!(
            decode_text(&[1u8, 2, 3, 4, 5, 6, 7, 8, 65, 66]).unwrap_err(),
            BINARY
        );
        assert!(!looks_binary(b"line one\r\n\tline two\x0c"));
    }
}
