//! Inputs to byte streams: a file, a folder read recursively (sorted, hidden entries
//! skipped), or `-` for standard input. Gzip is detected by its magic bytes and streamed
//! through [`MultiGzDecoder`]; the format comes from the extension (after `.gz`), else from
//! sniffing the first bytes.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;

use super::decode::{self, BINARY};
use super::{
    Content, GivenMeta, MAX_DOC_BYTES, Out, RawDoc, jsonl, mib, reason_error, reason_of, warc,
};

/// How many leading bytes are looked at to sniff a format.
const HEAD: usize = 8 * 1024;
const BUF: usize = 64 * 1024;

/// An input format.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Format {
    Text,
    Html,
    Jsonl,
    /// A whole JSON document (one article, or an array or object of them).
    Json,
    Warc,
}

/// Reads one input: `-`, a file or a folder.
pub(super) fn read_input(input: &str, out: &mut Out) {
    if input == "-" {
        let stdin = io::stdin().lock();
        read_stream(Box::new(stdin), None, None, "stdin", "<stdin>", out);
        return;
    }
    let path = Path::new(input);
    match fs::metadata(path) {
        Err(e) => out.skip(input, format!("cannot read: {e}")),
        Ok(m) if m.is_dir() => {
            let mut seen = HashSet::new();
            walk(path, &mut seen, out);
        }
        Ok(m) => read_file(path, input, m.len(), out),
    }
}

/// Reads a folder depth-first, entries in name order, skipping hidden entries and
/// folders already seen (symbolic link loops).
fn walk(dir: &Path, seen: &mut HashSet<PathBuf>, out: &mut Out) {
    let shown = dir.display().to_string();
    if let Ok(canon) = fs::canonicalize(dir)
        && !seen.insert(canon)
    {
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => return out.skip(shown, format!("cannot read: {e}")),
    };
    let mut names = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => names.push(entry.file_name()),
            Err(e) => out.skip(shown.clone(), format!("cannot read: {e}")),
        }
    }
    names.sort();
    for name in names {
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = dir.join(&name);
        let shown = path.display().to_string();
        match fs::metadata(&path) {
            Err(e) => out.skip(shown, format!("cannot read: {e}")),
            Ok(m) if m.is_dir() => walk(&path, seen, out),
            Ok(m) if m.is_file() => read_file(&path, &shown, m.len(), out),
            Ok(_) => out.skip(shown, "not a regular file"),
        }
    }
}

fn read_file(path: &Path, shown: &str, len: u64, out: &mut Out) {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return out.skip(shown, format!("cannot read: {e}")),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = stem_of(&name);
    let stem = if stem.is_empty() {
        shown.to_string()
    } else {
        stem
    };
    read_stream(Box::new(file), Some(len), Some(&name), &stem, shown, out);
}

/// The file name without `.gz` and without its last extension: `x.html.gz` → `x`.
pub(super) fn stem_of(name: &str) -> String {
    let name = strip_suffix_ci(name, ".gz").unwrap_or(name);
    match name.rfind('.') {
        Some(i) if i > 0 => name[..i].to_string(),
        _ => name.to_string(),
    }
}

fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(suffix.len())?;
    let (head, tail) = (s.get(..cut)?, s.get(cut..)?);
    tail.eq_ignore_ascii_case(suffix).then_some(head)
}

/// The format a file name gives, if its extension (after `.gz`) is a known one.
pub(super) fn format_of_name(name: &str) -> Option<Format> {
    let name = strip_suffix_ci(name, ".gz").unwrap_or(name);
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "text" => Some(Format::Text),
        "html" | "htm" | "xhtml" => Some(Format::Html),
        "jsonl" | "ndjson" => Some(Format::Jsonl),
        // JSON Lines or a whole JSON document: told apart by sniffing.
        "json" => Some(Format::Json),
        "warc" => Some(Format::Warc),
        _ => None,
    }
}

/// The format the first bytes suggest: `WARC/` → WARC, `{` → JSONL, a tag-filled page
/// starting with `<` → HTML, else text.
pub(super) fn sniff(head: &[u8]) -> Format {
    let text = decode::decode_lossy(&head[..head.len().min(HEAD)]);
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    if t.starts_with("WARC/") {
        Format::Warc
    } else if t.starts_with('{') || t.starts_with('[') {
        json_kind(t, head.len() < HEAD)
    } else if looks_html(t) {
        Format::Html
    } else {
        Format::Text
    }
}

/// JSON Lines (the first line is a whole JSON value, or the next line starts another
/// object) or a whole JSON document (pretty-printed, an array, or one line only).
/// `complete`: `t` is the whole input.
fn json_kind(t: &str, complete: bool) -> Format {
    let mut lines = t.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("");
    let one_line = lines.clone().next().is_none();
    if one_line {
        // The whole input on one line is one document; a first line longer than the head
        // is a long JSONL record.
        return if complete || first.starts_with('[') {
            Format::Json
        } else {
            Format::Jsonl
        };
    }
    if serde_json::from_str::<serde_json::Value>(first).is_ok() {
        return Format::Jsonl;
    }
    if first.starts_with('[') || first == "{" {
        return Format::Json;
    }
    match lines.next() {
        Some(second) if second.starts_with('{') => Format::Jsonl,
        _ => Format::Json,
    }
}

/// Whether text looks like an HTML page: starts with `<` and has HTML tags, or has an
/// `<html` / `<!doctype html` near its start.
pub(super) fn looks_html(t: &str) -> bool {
    use regex::Regex;
    use std::sync::LazyLock;
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|section|main|header|span|a|br|table|script|style|link|h[1-6]|ul|li)[\s>/]",
        )
        .expect("regex")
    });
    let t = t.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    let t = match t.char_indices().nth(HEAD) {
        Some((i, _)) => &t[..i],
        None => t,
    };
    if t.starts_with('<') && TAG.is_match(t) {
        return true;
    }
    let lower = t.to_ascii_lowercase();
    lower.contains("<html") || lower.contains("<!doctype html")
}

/// Reads up to `n` bytes (fewer only at the end of the input).
fn read_head(r: &mut dyn Read, n: usize) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(n);
    r.take(n as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// Tags the errors of the underlying input as "cannot read: ...".
struct Tagged<R>(R);

impl<R: Read> Read for Tagged<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf).map_err(|e| {
            if e.kind() == io::ErrorKind::Interrupted {
                e
            } else {
                reason_error(e.kind(), format!("cannot read: {e}"))
            }
        })
    }
}

/// Tags gzip errors as "truncated gzip: ..." / "corrupt gzip: ...", passing errors of the
/// underlying input through.
struct GzTagged<R>(R);

impl<R: Read> Read for GzTagged<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf).map_err(|e| {
            let tagged = e.get_ref().is_some_and(|inner| inner.is::<super::Reason>());
            if tagged || e.kind() == io::ErrorKind::Interrupted {
                e
            } else if e.kind() == io::ErrorKind::UnexpectedEof {
                reason_error(e.kind(), format!("truncated gzip: {e}"))
            } else {
                reason_error(e.kind(), format!("corrupt gzip: {e}"))
            }
        })
    }
}

/// Reads one input stream: un-gzips it if it is gzip, finds its format and reads its
/// documents. `len` is the size on disk when known, `name` the file name.
pub(super) fn read_stream(
    raw: Box<dyn Read + '_>,
    len: Option<u64>,
    name: Option<&str>,
    stem: &str,
    shown: &str,
    out: &mut Out,
) {
    let mut raw = Tagged(raw);
    let head = match read_head(&mut raw, HEAD) {
        Ok(h) => h,
        Err(e) => return out.skip(shown, reason_of(&e)),
    };
    let gz = head.starts_with(&[0x1f, 0x8b]);
    let mut reader: Box<dyn Read + '_> = Box::new(Cursor::new(head).chain(raw));
    if gz {
        reader = Box::new(GzTagged(MultiGzDecoder::new(reader)));
    }
    let head = match read_head(&mut reader, HEAD) {
        Ok(h) => h,
        Err(e) => return out.skip(shown, reason_of(&e)),
    };
    if head.is_empty() {
        return out.skip(shown, "empty file");
    }
    let complete = head.len() < HEAD;
    if complete && decode::decode_lossy(&head).trim().is_empty() {
        return out.skip(shown, "empty file");
    }
    let format = match name.and_then(format_of_name) {
        Some(Format::Json) | None => sniff(&head),
        Some(f) => f,
    };
    if format != Format::Warc && decode::looks_binary(&head) {
        return out.skip(shown, BINARY);
    }
    let reader: Box<dyn Read + '_> = Box::new(Cursor::new(head).chain(reader));
    match format {
        Format::Text | Format::Html => read_whole(reader, len, format, stem, shown, out),
        Format::Jsonl => jsonl::read(reader, stem, shown, out),
        Format::Json => jsonl::read_json(reader, stem, shown, out),
        Format::Warc => warc::read(&mut BufReader::with_capacity(BUF, reader), stem, shown, out),
    }
}

/// Reads a text or HTML file whole (up to the size cap) as one document.
fn read_whole(
    reader: Box<dyn Read + '_>,
    len: Option<u64>,
    format: Format,
    stem: &str,
    shown: &str,
    out: &mut Out,
) {
    if let Some(len) = len.filter(|&l| l > MAX_DOC_BYTES) {
        return out.skip(
            shown,
            format!("too large ({} MiB > {} MiB)", mib(len), mib(MAX_DOC_BYTES)),
        );
    }
    let mut bytes = Vec::with_capacity(len.unwrap_or(0) as usize);
    if let Err(e) = reader.take(MAX_DOC_BYTES + 1).read_to_end(&mut bytes) {
        return out.skip(shown, reason_of(&e));
    }
    if bytes.len() as u64 > MAX_DOC_BYTES {
        return out.skip(
            shown,
            format!(
                "too large (more than {} MiB once decompressed)",
                mib(MAX_DOC_BYTES)
            ),
        );
    }
    let decoded = decode::decode_owned(bytes, format == Format::Html);
    let text = match decoded {
        Ok(t) => t,
        Err(reason) => return out.skip(shown, reason),
    };
    if text.trim().is_empty() {
        return out.skip(shown, "empty file");
    }
    let content = match format {
        Format::Html => Content::Html(text),
        _ => Content::Text(text),
    };
    out.doc(RawDoc {
        id: stem.to_string(),
        source: shown.to_string(),
        content,
        given: GivenMeta::default(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_and_formats() {
        assert_eq!(stem_of("001_abc.txt"), "001_abc");
        assert_eq!(stem_of("x.html.gz"), "x");
        assert_eq!(stem_of("X.HTML.GZ"), "X");
        assert_eq!(stem_of("README"), "README");
        assert_eq!(stem_of("2024.05.01.report.htm"), "2024.05.01.report");
        assert_eq!(format_of_name("A.HTM"), Some(Format::Html));
        assert_eq!(format_of_name("a.ndjson.gz"), Some(Format::Jsonl));
        assert_eq!(format_of_name("a.warc.GZ"), Some(Format::Warc));
        assert_eq!(format_of_name("a.gz"), None);
        assert_eq!(format_of_name("a.dat"), None);
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff(b"  \n<!DOCTYPE html><html><body>x"), Format::Html);
        assert_eq!(sniff(b"\xEF\xBB\xBF<div><p>hi</p></div>"), Format::Html);
        assert_eq!(sniff(b"{\"id\": 1}\n{\"id\": 2}"), Format::Jsonl);
        assert_eq!(sniff(b"{\"id\": 1, \"te\n{\"id\": 2}"), Format::Jsonl);
        assert_eq!(sniff(b"{\"text\": \"one line only\"}\n"), Format::Json);
        let long = format!("{{\"text\": \"{}", "x".repeat(HEAD));
        assert_eq!(sniff(long.as_bytes()), Format::Jsonl);
        assert_eq!(sniff(b"{\n  \"a\": {\"text\": \"x\"}\n}"), Format::Json);
        assert_eq!(sniff(b"[{\"text\": \"x\"}]"), Format::Json);
        assert_eq!(sniff(b"{\"text\": \"x\",\n \"id\": 3}"), Format::Json);
        assert_eq!(sniff(b"WARC/1.0\r\nWARC-Type: warcinfo"), Format::Warc);
        assert_eq!(sniff(b"<3 is a heart, said the mayor."), Format::Text);
        assert_eq!(sniff(b"Plain words."), Format::Text);
    }
}
