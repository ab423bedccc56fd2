//! Ingest: files, folders (recursive) and `-` to raw documents, each with an id, its decoded
//! content and the metadata the input gives. One module per input format.
//!
//! Contract: [`read_inputs`] streams; every document it cannot read is reported to the sink
//! as a [`Skipped`] naming the document and the reason, and the run goes on.
//!
//! - Formats by extension after `.gz` (case-insensitive): `.txt`/`.text`, `.html`/`.htm`/
//!   `.xhtml`, `.jsonl`/`.ndjson`, `.json` (JSON Lines or a whole JSON document, sniffed),
//!   `.warc`; any other name is sniffed. Gzip is found by its magic bytes.
//! - Ids: a JSON `id`, else the file stem, else a WARC-Record-ID (JSONL lines without one:
//!   `stem:LINE`; JSON array records: `stem#N`). Sources: `path`, `path:LINE`, `path#N`.
//! - Text and HTML files are read whole, up to [`MAX_DOC_BYTES`]; JSONL and WARC are
//!   streamed record by record and the cap applies to each line or record.

pub mod decode;
mod files;
mod jsonl;
mod warc;

use std::collections::HashSet;
use std::io::{self, BufRead};

use crate::model::Skipped;

/// The largest document (a file read whole, a JSONL line, a WARC record) read: 64 MiB.
pub const MAX_DOC_BYTES: u64 = 64 * 1024 * 1024;

/// The content of a raw document.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// Plain text, possibly scraped off a page (junk lines and all).
    Text(String),
    /// An HTML page.
    Html(String),
}

/// Metadata the input itself gives (a JSONL record's fields, a WARC header).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GivenMeta {
    pub title: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub authors: Vec<String>,
    /// The date the page was fetched (a WARC record's date): no published date may be after it.
    pub crawled: Option<String>,
}

/// One document as read, before cleaning.
#[derive(Debug, Clone, PartialEq)]
pub struct RawDoc {
    pub id: String,
    /// The file, and the line or record within it.
    pub source: String,
    pub content: Content,
    pub given: GivenMeta,
}

/// Reads every input (a file, a folder read recursively, or `-` for standard input) and
/// hands each document, or the reason it was skipped, to `sink`, in input order.
///
/// Ids are made unique over the run: a repeated id gets `-2`, `-3`... appended.
pub fn read_inputs(inputs: &[String], sink: &mut dyn FnMut(Result<RawDoc, Skipped>)) {
    let mut out = Out {
        sink,
        ids: HashSet::new(),
    };
    for input in inputs {
        files::read_input(input, &mut out);
    }
}

/// Where documents and skips go: the caller's sink, with ids made unique.
pub(crate) struct Out<'a> {
    sink: &'a mut dyn FnMut(Result<RawDoc, Skipped>),
    ids: HashSet<String>,
}

impl Out<'_> {
    fn doc(&mut self, mut doc: RawDoc) {
        if self.ids.contains(&doc.id) {
            let base = std::mem::take(&mut doc.id);
            let mut n = 2usize;
            doc.id = loop {
                let candidate = format!("{base}-{n}");
                if !self.ids.contains(&candidate) {
                    break candidate;
                }
                n += 1;
            };
        }
        self.ids.insert(doc.id.clone());
        (self.sink)(Ok(doc));
    }

    fn skip(&mut self, source: impl Into<String>, reason: impl Into<String>) {
        (self.sink)(Err(Skipped {
            source: source.into(),
            reason: reason.into(),
        }));
    }
}

/// A reading error already worded for the user ("cannot read: ...", "truncated gzip: ...").
#[derive(Debug)]
struct Reason(String);

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Reason {}

/// The user-facing reason of a reading error.
fn reason_of(e: &io::Error) -> String {
    match e.get_ref().and_then(|inner| inner.downcast_ref::<Reason>()) {
        Some(r) => r.0.clone(),
        None => format!("cannot read: {e}"),
    }
}

/// An `io::Error` carrying a user-facing reason.
fn reason_error(kind: io::ErrorKind, reason: String) -> io::Error {
    io::Error::new(kind, Reason(reason))
}

/// How reading a line ended.
#[derive(Debug, PartialEq)]
enum Line {
    /// Nothing left.
    Eof,
    /// A line (with its `\n`, unless it ended the input) is in the buffer.
    Done,
    /// The line was longer than the cap: it was read past and the buffer is empty.
    TooLong,
}

/// Reads one line into `buf` (appending), holding at most `cap` bytes of it: a longer line
/// is consumed without being kept.
fn read_line_capped(r: &mut dyn BufRead, buf: &mut Vec<u8>, cap: usize) -> io::Result<Line> {
    let mut any = false;
    let mut over = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok(match (any, over) {
                (false, _) => Line::Eof,
                (true, true) => Line::TooLong,
                (true, false) => Line::Done,
            });
        }
        any = true;
        let (used, found) = match memchr::memchr(b'\n', avail) {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        if !over {
            if buf.len() + used > cap {
                over = true;
                buf.clear();
            } else {
                buf.extend_from_slice(&avail[..used]);
            }
        }
        r.consume(used);
        if found {
            return Ok(if over { Line::TooLong } else { Line::Done });
        }
    }
}

/// `n` bytes in MiB, rounded up, for messages.
fn mib(n: u64) -> u64 {
    n.div_ceil(1024 * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    fn run(bytes: Vec<u8>, name: Option<&str>) -> (Vec<RawDoc>, Vec<Skipped>) {
        let mut docs = Vec::new();
        let mut skipped = Vec::new();
        let mut sink = |r: Result<RawDoc, Skipped>| match r {
            Ok(d) => docs.push(d),
            Err(s) => skipped.push(s),
        };
        let mut out = Out {
            sink: &mut sink,
            ids: HashSet::new(),
        };
        files::read_stream(
            Box::new(Cursor::new(bytes)),
            None,
            name,
            "stdin",
            "<stdin>",
            &mut out,
        );
        (docs, skipped)
    }

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn standard_input_is_sniffed() {
        let (docs, _) = run(b"<html><body><p>Hi</p></body></html>".to_vec(), None);
        assert_eq!(docs[0].id, "stdin");
        assert_eq!(docs[0].source, "<stdin>");
        assert!(matches!(docs[0].content, Content::Html(_)));
        let (docs, skipped) = run(gz(b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n"), None);
        assert!(skipped.is_empty());
        let ids: Vec<_> = docs
            .iter()
            .map(|d| (d.id.as_str(), d.source.as_str()))
            .collect();
        assert_eq!(ids, [("stdin:1", "<stdin>:1"), ("stdin:2", "<stdin>:2")]);
        let (docs, _) = run(b"Just words.".to_vec(), None);
        assert_eq!(docs[0].content, Content::Text("Just words.".into()));
        let (_, skipped) = run(Vec::new(), None);
        assert_eq!(skipped[0].reason, "empty file");
    }

    #[test]
    fn long_lines_are_capped() {
        let mut r = Cursor::new(b"short\nthis one is far too long\nok".to_vec());
        let mut buf = Vec::new();
        assert_eq!(read_line_capped(&mut r, &mut buf, 10).unwrap(), Line::Done);
        assert_eq!(buf, b"short\n");
        buf.clear();
        assert_eq!(
            read_line_capped(&mut r, &mut buf, 10).unwrap(),
            Line::TooLong
        );
        assert!(buf.is_empty());
        assert_eq!(read_line_capped(&mut r, &mut buf, 10).unwrap(), Line::Done);
        assert_eq!(buf, b"ok");
        buf.clear();
        assert_eq!(read_line_capped(&mut r, &mut buf, 10).unwrap(), Line::Eof);
    }

    /// Random cuts and byte flips of every format never panic, and every input yields a
    /// document or a reason.
    #[test]
    fn corrupted_input_never_panics() {
        let page = "<html><head><meta charset=\"windows-1251\"></head><body><p>Caf\u{e9}</p></body></html>";
        let jsonl =
            "{\"id\": 1, \"text\": \"A.\"}\n{\"html\": \"<p>B</p>\", \"authors\": \"X Y, Z W\"}\n";
        let http = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{page}\r\n0\r\n\r\n",
            page.len()
        );
        let warc = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        );
        let json = "[{\"text\": \"a\"}, {\"html\": \"<p>b</p>\"}]";
        let bases: Vec<(Vec<u8>, Option<&str>)> = vec![
            (page.as_bytes().to_vec(), Some("p.html")),
            (jsonl.as_bytes().to_vec(), Some("f.jsonl")),
            (warc.as_bytes().to_vec(), Some("c.warc")),
            (json.as_bytes().to_vec(), None),
            (gz(warc.as_bytes()), None),
            (gz(jsonl.as_bytes()), Some("f.jsonl.gz")),
            (gz(page.as_bytes()), None),
        ];
        let mut rng = crate::test_rng::Rng::new(0x2545_f491_4f6c_dd1d);
        let mut next = move || rng.next_u64();
        for (base, name) in &bases {
            for _ in 0..400 {
                let mut bytes = base.clone();
                match next() % 3 {
                    0 => bytes.truncate((next() as usize) % (bytes.len() + 1)),
                    1 => {
                        for _ in 0..1 + next() % 4 {
                            let i = (next() as usize) % bytes.len();
                            bytes[i] = next() as u8;
                        }
                    }
                    _ => {
                        let i = (next() as usize) % (bytes.len() + 1);
                        bytes.insert(
                            i,
                            [b'\n', b'\r', 0, b'{', b'<', 0x1f][(next() % 6) as usize],
                        );
                    }
                }
                let _copy = bytes.clone();
                let (docs, skipped) = run(bytes, *name);
                assert!(
                    !docs.is_empty() || !skipped.is_empty(),
                    "{name:?} {:?}",
                    String::from_utf8_lossy(&_copy)
                );
            }
        }
    }
}
