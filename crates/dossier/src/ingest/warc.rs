//! WARC: read record by record. `response` records whose HTTP payload is HTML (and
//! `resource` records holding HTML) are documents; other records are not documents and
//! are passed over silently. The HTTP payload is de-chunked and un-gzipped when its
//! headers say so (and its bytes agree: many crawlers store it already decoded).

use std::io::{self, BufRead, Read};

use flate2::read::{MultiGzDecoder, ZlibDecoder};

use super::decode;
use super::files::looks_html;
use super::{
    Content, GivenMeta, Line, MAX_DOC_BYTES, Out, RawDoc, mib, read_line_capped, reason_of,
};

/// The longest header line kept.
const MAX_HEADER_LINE: usize = 64 * 1024;
/// The most header lines a record may have.
const MAX_HEADERS: usize = 1000;

/// Reads a WARC stream; documents get `source#N` (N counting every record from 1).
pub(super) fn read(r: &mut dyn BufRead, stem: &str, source: &str, out: &mut Out) {
    let mut number = 0usize;
    let mut line = Vec::new();
    let mut garbage_reported = false;
    let mut out = Counting { out, told: 0 };
    let out = &mut out;
    loop {
        // The version line, after any blank lines; anything else is skipped up to the
        // next version line.
        line.clear();
        match read_line_capped(r, &mut line, MAX_HEADER_LINE) {
            Ok(Line::Eof) => break,
            Ok(Line::TooLong) => {
                garbage(&mut garbage_reported, source, number, out);
                continue;
            }
            Ok(Line::Done) => {}
            Err(e) => {
                // Cut inside a record: that record; between records: the file.
                let at = if line.is_empty() {
                    source.to_string()
                } else {
                    format!("{source}#{}", number + 1)
                };
                return out.skip(at, reason_of(&e));
            }
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if !line.starts_with(b"WARC/") {
            garbage(&mut garbage_reported, source, number, out);
            continue;
        }
        number += 1;
        let at = format!("{source}#{number}");
        let headers = match read_headers(r) {
            Ok(h) => h,
            Err(e) => return out.skip(at, reason_of(&e)),
        };
        let header = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        let Some(length) = header("Content-Length").and_then(|v| v.trim().parse::<u64>().ok())
        else {
            out.skip(at, "WARC record without a valid Content-Length");
            continue;
        };
        let kind = header("WARC-Type")
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let warc_type = header("Content-Type").unwrap_or("").to_ascii_lowercase();
        let wanted = match kind.as_str() {
            "response" => true,
            "resource" => warc_type.is_empty() || is_html_type(&warc_type),
            _ => false,
        };
        if !wanted || length > MAX_DOC_BYTES {
            match io::copy(&mut (&mut *r).take(length), &mut io::sink()) {
                Ok(n) if n == length => {}
                Ok(n) => {
                    if wanted {
                        out.skip(at, truncated(n, length));
                    }
                    break;
                }
                Err(e) => return out.skip(at, reason_of(&e)),
            }
            if wanted {
                out.skip(
                    at,
                    format!(
                        "too large ({} MiB > {} MiB)",
                        mib(length),
                        mib(MAX_DOC_BYTES)
                    ),
                );
            }
            continue;
        }
        let mut block = Vec::with_capacity(length as usize);
        match (&mut *r).take(length).read_to_end(&mut block) {
            Ok(n) if n as u64 == length => {}
            Ok(n) => return out.skip(at, truncated(n as u64, length)),
            Err(e) => return out.skip(at, reason_of(&e)),
        }
        let result = if kind == "response" {
            response(&block)
        } else {
            resource(&block, &warc_type)
        };
        let html = match result {
            Payload::NotADocument => continue,
            Payload::Bad(reason) => {
                out.skip(at, reason);
                continue;
            }
            Payload::Html(html) => html,
        };
        let id = header("WARC-Record-ID")
            .map(record_id)
            .filter(|id| !id.is_empty())
            .unwrap_or_else(|| format!("{stem}#{number}"));
        let given = GivenMeta {
            url: header("WARC-Target-URI")
                .map(|u| {
                    u.trim()
                        .trim_start_matches('<')
                        .trim_end_matches('>')
                        .to_string()
                })
                .filter(|u| !u.is_empty()),
            crawled: header("WARC-Date")
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty()),
            ..Default::default()
        };
        out.doc(RawDoc {
            id,
            source: at,
            content: Content::Html(html),
            given,
        });
    }
    if number == 0 && !garbage_reported {
        out.skip(source, "empty file");
    } else if out.told == 0 {
        out.skip(source, "no HTML page in the WARC");
    }
}

/// Counts what a WARC file yields, so that a file yielding nothing says so.
struct Counting<'a, 'b> {
    out: &'a mut Out<'b>,
    told: usize,
}

impl Counting<'_, '_> {
    fn doc(&mut self, doc: RawDoc) {
        self.told += 1;
        self.out.doc(doc);
    }

    fn skip(&mut self, source: impl Into<String>, reason: impl Into<String>) {
        self.told += 1;
        self.out.skip(source, reason);
    }
}

fn garbage(reported: &mut bool, source: &str, number: usize, out: &mut Counting) {
    if !*reported {
        *reported = true;
        let at = if number == 0 {
            source.to_string()
        } else {
            format!("{source}#{number}")
        };
        out.skip(
            at,
            "malformed WARC: text outside a record (skipped up to the next record)",
        );
    }
}

fn truncated(got: u64, want: u64) -> String {
    format!("truncated WARC record ({got} of {want} bytes)")
}

/// `<urn:uuid:1234-...>` → `1234-...`.
fn record_id(raw: &str) -> String {
    let id = raw
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim();
    let lower = id.to_ascii_lowercase();
    if lower.starts_with("urn:uuid:") {
        id["urn:uuid:".len()..].to_string()
    } else {
        id.to_string()
    }
}

/// Reads `Name: value` header lines up to a blank line; continuation lines (starting with
/// a space or tab) extend the previous value.
fn read_headers(r: &mut dyn BufRead) -> io::Result<Vec<(String, String)>> {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut line = Vec::new();
    for _ in 0..MAX_HEADERS {
        line.clear();
        match read_line_capped(r, &mut line, MAX_HEADER_LINE)? {
            Line::Eof => break,
            Line::TooLong => continue,
            Line::Done => {}
        }
        let text = decode::decode_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.trim().is_empty() {
            break;
        }
        if text.starts_with([' ', '\t']) {
            if let Some((_, v)) = headers.last_mut() {
                v.push(' ');
                v.push_str(text.trim());
            }
            continue;
        }
        if let Some((k, v)) = text.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    Ok(headers)
}

/// What a record holds.
enum Payload {
    NotADocument,
    Bad(String),
    Html(String),
}

fn is_html_type(content_type: &str) -> bool {
    let mime = content_type.split(';').next().unwrap_or("").trim();
    matches!(mime, "text/html" | "application/xhtml+xml")
}

/// A `resource` record: the block is the page itself.
fn resource(block: &[u8], content_type: &str) -> Payload {
    if content_type.is_empty() && !sniff_html(block) {
        return Payload::NotADocument;
    }
    html_payload(block, decode::charset_from_content_type(content_type))
}

fn sniff_html(body: &[u8]) -> bool {
    looks_html(&String::from_utf8_lossy(&body[..body.len().min(8 * 1024)]))
}

/// A `response` record: an HTTP response whose payload may be a page.
fn response(block: &[u8]) -> Payload {
    let Some((head_len, body_start)) = header_end(block) else {
        return Payload::Bad("response record without a complete HTTP header".into());
    };
    let head = String::from_utf8_lossy(&block[..head_len]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    if !status_line.starts_with("HTTP/") {
        return Payload::Bad("response record without an HTTP status line".into());
    }
    let status: Option<u16> = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok());
    let mut content_type = String::new();
    let mut transfer = String::new();
    let mut encoding = String::new();
    for line in lines {
        if let Some((k, v)) = line.split_once(':') {
            let v = v.trim().to_ascii_lowercase();
            match k.trim().to_ascii_lowercase().as_str() {
                "content-type" => content_type = v,
                "transfer-encoding" => transfer = v,
                "content-encoding" => encoding = v,
                _ => {}
            }
        }
    }
    let body = &block[body_start..];
    // Not a page (an image, a script, a redirect without a body): not a document.
    if content_type.is_empty() {
        if !sniff_html(body) {
            return Payload::NotADocument;
        }
    } else if !is_html_type(&content_type) {
        return Payload::NotADocument;
    }
    match status {
        Some(200..=299) => {}
        Some(code) => return Payload::Bad(format!("HTTP status {code}, not a page")),
        None => return Payload::Bad(format!("bad HTTP status line: {status_line}")),
    }
    let mut body = body.to_vec();
    if transfer.contains("chunked") {
        match dechunk(&body) {
            Ok(b) => body = b,
            // Stored already de-chunked.
            Err(_) if looks_decoded(&body) => {}
            Err(e) => return Payload::Bad(format!("bad chunked transfer encoding: {e}")),
        }
    }
    match encoding
        .split(',')
        .map(str::trim)
        .find(|e| !e.is_empty() && *e != "identity")
    {
        None => {}
        Some(_) if looks_decoded(&body) => {}
        Some("gzip" | "x-gzip") => match inflate(MultiGzDecoder::new(&body[..])) {
            Ok(b) => body = b,
            Err(e) => return Payload::Bad(format!("bad gzip content encoding: {e}")),
        },
        Some("deflate") => match inflate(ZlibDecoder::new(&body[..]))
            .or_else(|_| inflate(flate2::read::DeflateDecoder::new(&body[..])))
        {
            Ok(b) => body = b,
            Err(e) => return Payload::Bad(format!("bad deflate content encoding: {e}")),
        },
        Some(other) => return Payload::Bad(format!("unsupported content encoding: {other}")),
    }
    html_payload(&body, decode::charset_from_content_type(&content_type))
}

/// Whether a payload is already plain (not gzip, and reads as a page).
fn looks_decoded(body: &[u8]) -> bool {
    !body.starts_with(&[0x1f, 0x8b]) && sniff_html(body)
}

fn inflate(mut r: impl Read) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    (&mut r).take(MAX_DOC_BYTES + 1).read_to_end(&mut out)?;
    if out.len() as u64 > MAX_DOC_BYTES {
        return Err(io::Error::other(format!(
            "more than {} MiB once decompressed",
            mib(MAX_DOC_BYTES)
        )));
    }
    Ok(out)
}

fn html_payload(body: &[u8], charset: Option<&str>) -> Payload {
    match decode::decode_html(body, charset) {
        Err(reason) => Payload::Bad(reason),
        Ok(html) if html.trim().is_empty() => Payload::Bad("empty page".into()),
        Ok(html) => Payload::Html(html),
    }
}

/// Where the HTTP header ends: (header length, body start).
fn header_end(block: &[u8]) -> Option<(usize, usize)> {
    let crlf = block.windows(4).position(|w| w == b"\r\n\r\n");
    let lf = block.windows(2).position(|w| w == b"\n\n");
    match (crlf, lf) {
        (Some(a), Some(b)) if b < a => Some((b, b + 2)),
        (Some(a), _) => Some((a, a + 4)),
        (None, Some(b)) => Some((b, b + 2)),
        (None, None) => None,
    }
}

/// Undoes chunked transfer encoding.
fn dechunk(mut data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let nl = data
            .iter()
            .position(|&b| b == b'\n')
            .ok_or("missing chunk size")?;
        let size_line = String::from_utf8_lossy(&data[..nl]);
        let size_hex = size_line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_hex, 16)
            .map_err(|_| format!("bad chunk size {size_hex:?}"))?;
        data = &data[nl + 1..];
        if size == 0 {
            return Ok(out);
        }
        let chunk = data.get(..size).ok_or("truncated chunk")?;
        out.extend_from_slice(chunk);
        data = &data[size..];
        data = data
            .strip_prefix(b"\r\n")
            .or_else(|| data.strip_prefix(b"\n"))
            .unwrap_or(data);
        if data.is_empty() {
            // The last chunk marker is missing: the body is still whole chunk by chunk.
            return Ok(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_chunks() {
        assert_eq!(record_id("<urn:uuid:ab-12>"), "ab-12");
        assert_eq!(record_id("<urn:sha1:XYZ>"), "urn:sha1:XYZ");
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5;x=y\r\npedia\r\n0\r\n\r\n").unwrap(),
            b"Wikipedia"
        );
        assert!(dechunk(b"<html>").is_err());
        assert!(dechunk(b"10\r\nshort").is_err());
    }

    #[test]
    fn responses() {
        let ok = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1251\r\n\r\n<p>\xCF\xF0</p>";
        assert!(matches!(response(ok), Payload::Html(h) if h == "<p>Пр</p>"));
        let img = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG\0\0";
        assert!(matches!(response(img), Payload::NotADocument));
        let missing = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>gone</p>";
        assert!(matches!(response(missing), Payload::Bad(r) if r.contains("404")));
    }
}
