//! Ingest on fixtures built in a temporary folder: every format, gzip, folders, and bad input.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use dossier::Skipped;
use dossier::ingest::{Content, RawDoc, read_inputs};
use flate2::Compression;
use flate2::write::GzEncoder;

/// A fresh folder for one test.
fn fixture_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dossier-ingest-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, rel: &str, bytes: &[u8]) -> String {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn read(inputs: &[String]) -> (Vec<RawDoc>, Vec<Skipped>) {
    let mut docs = Vec::new();
    let mut skipped = Vec::new();
    read_inputs(inputs, &mut |r| match r {
        Ok(d) => docs.push(d),
        Err(s) => skipped.push(s),
    });
    (docs, skipped)
}

fn text(doc: &RawDoc) -> &str {
    match &doc.content {
        Content::Text(t) => t,
        Content::Html(h) => panic!("expected text, got HTML {h:?}"),
    }
}

fn html(doc: &RawDoc) -> &str {
    match &doc.content {
        Content::Html(h) => h,
        Content::Text(t) => panic!("expected HTML, got text {t:?}"),
    }
}

const PAGE: &str = "<!DOCTYPE html><html><head><title>Harbour reopens</title></head>\
<body><p>The harbour at Velmora reopened on Monday.</p></body></html>";

const JSONL: &str = concat!(
    r#"{"id": "a-1", "text": "The mill closed.", "title": "Mill", "published": "2023-04-05", "url": "https://news.example/mill", "outlet": "Valley Post", "authors": ["Ines Varga", "Tomas Reyl"]}"#,
    "\n",
    r#"{"id": 42, "html": "<p>Flood warning.</p>", "authors": "Pia Lund"}"#,
    "\r\n\n",
    r#"{"text": "No id here."}"#,
    "\n"
);

fn warc_record(kind: &str, id: &str, uri: &str, date: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\n\
         WARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

/// A WARC with: warcinfo, request, an HTML response, a chunked + gzipped HTML response in
/// windows-1251 (charset in the HTTP header), an image, and a 404 page.
fn warc_records() -> Vec<Vec<u8>> {
    let info = warc_record(
        "warcinfo",
        "0000",
        "",
        "2024-01-01T00:00:00Z",
        b"software: test\r\n",
    );
    let request = warc_record(
        "request",
        "1111",
        "https://news.example/a",
        "2024-01-01T00:00:01Z",
        b"GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n",
    );
    let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".to_vec();
    http.extend_from_slice(PAGE.as_bytes());
    let ok = warc_record(
        "response",
        "2222-aa",
        "https://news.example/a",
        "2024-01-02T03:04:05Z",
        &http,
    );
    // windows-1251 "Мост" inside a paragraph, gzipped, then chunked in two pieces.
    let mut page = b"<html><body><p>".to_vec();
    page.extend_from_slice(&[0xCC, 0xEE, 0xF1, 0xF2]);
    page.extend_from_slice(b"</p></body></html>");
    let zipped = gz(&page);
    let (a, b) = zipped.split_at(zipped.len() / 2);
    let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1251\r\n\
Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"
        .to_vec();
    for chunk in [a, b] {
        http.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        http.extend_from_slice(chunk);
        http.extend_from_slice(b"\r\n");
    }
    http.extend_from_slice(b"0\r\n\r\n");
    let chunked = warc_record(
        "response",
        "3333-bb",
        "https://news.example/b",
        "2024-01-03T00:00:00Z",
        &http,
    );
    let image = warc_record(
        "response",
        "4444",
        "https://news.example/logo.png",
        "2024-01-03T00:00:01Z",
        b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n\0\0\0",
    );
    let missing = warc_record(
        "response",
        "5555",
        "https://news.example/gone",
        "2024-01-03T00:00:02Z",
        b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<html><body>Gone</body></html>",
    );
    vec![info, request, ok, chunked, image, missing]
}

fn check_warc(docs: &[RawDoc], skipped: &[Skipped], path: &str) {
    assert_eq!(docs.len(), 2, "{docs:?}");
    assert_eq!(docs[0].id, "2222-aa");
    assert_eq!(docs[0].source, format!("{path}#3"));
    assert_eq!(html(&docs[0]), PAGE);
    assert_eq!(docs[0].given.url.as_deref(), Some("https://news.example/a"));
    assert_eq!(
        docs[0].given.crawled.as_deref(),
        Some("2024-01-02T03:04:05Z")
    );
    assert_eq!(docs[1].id, "3333-bb");
    assert_eq!(docs[1].source, format!("{path}#4"));
    assert_eq!(html(&docs[1]), "<html><body><p>Мост</p></body></html>");
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!(skipped[0].source, format!("{path}#6"));
    assert!(skipped[0].reason.contains("HTTP status 404"), "{skipped:?}");
}

#[test]
fn every_format_in_nested_folders() {
    let dir = fixture_dir("formats");
    write(&dir, "b/001_abc.txt", b"The council voted.\nIt passed.\n");
    write(&dir, "a/deep/er/page.HTM", PAGE.as_bytes());
    write(&dir, "a/feed.jsonl", JSONL.as_bytes());
    write(&dir, "c/crawl.warc", &warc_records().concat());
    write(&dir, "b/.hidden.txt", b"never read");
    write(&dir, ".git/config", b"never read");
    let (docs, skipped) = read(&[dir.display().to_string()]);
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "page", "a-1", "42", "feed:4", "001_abc", "2222-aa", "3333-bb"
        ]
    );

    let d = dir.display();
    assert_eq!(docs[0].source, format!("{d}/a/deep/er/page.HTM"));
    assert_eq!(html(&docs[0]), PAGE);

    let feed = format!("{d}/a/feed.jsonl");
    assert_eq!(docs[1].source, format!("{feed}:1"));
    assert_eq!(text(&docs[1]), "The mill closed.");
    let g = &docs[1].given;
    assert_eq!(g.title.as_deref(), Some("Mill"));
    assert_eq!(g.published.as_deref(), Some("2023-04-05"));
    assert_eq!(g.url.as_deref(), Some("https://news.example/mill"));
    assert_eq!(g.outlet.as_deref(), Some("Valley Post"));
    assert_eq!(g.authors, ["Ines Varga", "Tomas Reyl"]);
    assert_eq!(docs[2].source, format!("{feed}:2"));
    assert_eq!(html(&docs[2]), "<p>Flood warning.</p>");
    assert_eq!(docs[2].given.authors, ["Pia Lund"]);
    assert_eq!(docs[3].source, format!("{feed}:4"));
    assert_eq!(text(&docs[3]), "No id here.");

    assert_eq!(docs[4].source, format!("{d}/b/001_abc.txt"));
    assert_eq!(text(&docs[4]), "The council voted.\nIt passed.\n");

    let crawl = format!("{d}/c/crawl.warc");
    check_warc(&docs[5..], &skipped, &crawl);
}

#[test]
fn gzip_of_every_format() {
    let dir = fixture_dir("gzip");
    let txt = write(&dir, "note.txt.gz", &gz("Grüße aus Velmora.".as_bytes()));
    let page = write(&dir, "x.html.gz", &gz(PAGE.as_bytes()));
    let feed = write(&dir, "feed.jsonl.gz", &gz(JSONL.as_bytes()));
    // A .warc.gz is one gzip member per record.
    let members: Vec<u8> = warc_records().iter().flat_map(|r| gz(r)).collect();
    let crawl = write(&dir, "crawl.warc.gz", &members);
    // Gzip without a .gz name is found by its magic bytes.
    let disguised = write(&dir, "plain.txt", &gz(b"Quietly compressed."));
    let (docs, skipped) = read(&[
        txt.clone(),
        page.clone(),
        feed.clone(),
        disguised.clone(),
        crawl.clone(),
    ]);
    assert_eq!(docs[0].id, "note");
    assert_eq!(docs[0].source, txt);
    assert_eq!(text(&docs[0]), "Grüße aus Velmora.");
    assert_eq!(docs[1].id, "x");
    assert_eq!(html(&docs[1]), PAGE);
    assert_eq!(docs[2].id, "a-1");
    assert_eq!(docs[2].source, format!("{feed}:1"));
    assert_eq!(docs[4].id, "feed:4");
    assert_eq!(docs[5].id, "plain");
    assert_eq!(text(&docs[5]), "Quietly compressed.");
    check_warc(&docs[6..], &skipped, &crawl);
}

#[test]
fn sniffed_formats() {
    let dir = fixture_dir("sniff");
    let page = write(&dir, "page.dat", format!("\u{FEFF}  \n{PAGE}").as_bytes());
    let feed = write(&dir, "feed", JSONL.as_bytes());
    let crawl = write(&dir, "crawl.bin", &warc_records().concat());
    let note = write(&dir, "note.md", b"<3 from the town hall.");
    let (docs, skipped) = read(&[page, feed, note, crawl]);
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        ["page", "a-1", "42", "feed:4", "note", "2222-aa", "3333-bb"]
    );
    assert!(html(&docs[0]).starts_with("  \n<!DOCTYPE html>"));
    assert_eq!(text(&docs[4]), "<3 from the town hall.");
    assert_eq!(skipped.len(), 1, "{skipped:?}");
}

#[test]
fn encodings() {
    let dir = fixture_dir("encodings");
    let cp1252 = write(
        &dir,
        "quotes.txt",
        b"The mayor said \x93we will rebuild\x94 \x96 twice.",
    );
    let mut latin =
        b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">\
</head><body><p>Caf\xE9 S\xE3o Jo\xE3o</p></body></html>"
            .to_vec();
    latin.push(b'\n');
    let latin = write(&dir, "latin.html", &latin);
    let mut cyr = b"<html><head><meta charset='windows-1251'></head><body><p>".to_vec();
    cyr.extend_from_slice(&[0xC3, 0xEE, 0xF0, 0xEE, 0xE4]); // "Город"
    cyr.extend_from_slice(b"</p></body></html>");
    let cyr = write(&dir, "cyr.htm", &cyr);
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "Zoë Ålund spoke."
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        )
        .collect();
    let utf16 = write(&dir, "utf16.txt", &utf16);
    let utf16be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain("<p>Één</p>".encode_utf16().flat_map(|u| u.to_be_bytes()))
        .collect();
    let utf16be = write(&dir, "utf16be.html", &utf16be);
    let bom8 = write(&dir, "bom8.txt", "\u{FEFF}Ça va.".as_bytes());
    let (docs, skipped) = read(&[cp1252, latin, cyr, utf16, utf16be, bom8]);
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(
        text(&docs[0]),
        "The mayor said \u{201C}we will rebuild\u{201D} \u{2013} twice."
    );
    assert!(html(&docs[1]).contains("<p>Café São João</p>"));
    assert!(html(&docs[2]).contains("<p>Город</p>"));
    assert_eq!(text(&docs[3]), "Zoë Ålund spoke.");
    assert_eq!(html(&docs[4]), "<p>Één</p>");
    assert_eq!(text(&docs[5]), "Ça va.");
}

#[test]
fn bad_input_is_skipped_and_the_rest_goes_on() {
    let dir = fixture_dir("bad");
    let empty = write(&dir, "empty.txt", b"");
    let blank = write(&dir, "blank.html", b"  \n\t\n");
    let binary = write(&dir, "photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01");
    let feed = write(
        &dir,
        "mixed.ndjson",
        concat!(
            r#"{"id": "ok-1", "text": "First."}"#,
            "\n",
            r#"{"id": "broken", "text": "unterminated}"#,
            "\n",
            r#"{"id": "no-body", "title": "Only a title"}"#,
            "\n",
            r#"{"id": "ok-2", "text": "Last."}"#,
            "\n"
        )
        .as_bytes(),
    );
    let missing = dir.join("nope.txt").display().to_string();
    let good = write(&dir, "good.txt", b"Still read.");
    let (docs, skipped) = read(&[
        empty.clone(),
        blank.clone(),
        binary.clone(),
        feed.clone(),
        missing.clone(),
        good,
    ]);
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["ok-1", "ok-2", "good"]);
    assert_eq!(docs[1].source, format!("{feed}:4"));
    let got: Vec<(&str, &str)> = skipped
        .iter()
        .map(|s| (s.source.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(got.len(), 6, "{got:?}");
    assert_eq!(got[0], (empty.as_str(), "empty file"));
    assert_eq!(got[1], (blank.as_str(), "empty file"));
    assert_eq!(got[2], (binary.as_str(), "binary file"));
    assert_eq!(got[3].0, format!("{feed}:2"));
    assert!(
        got[3]
            .1
            .starts_with("invalid JSON on line 2: EOF while parsing"),
        "{got:?}"
    );
    assert_eq!(got[4].0, format!("{feed}:3"));
    assert_eq!(got[4].1, "line 3 has no \"text\" or \"html\"");
    assert_eq!(got[5].0, missing);
    assert!(got[5].1.starts_with("cannot read: "), "{got:?}");
}

#[test]
fn truncated_gzip() {
    let dir = fixture_dir("truncated");
    let body: String = (0..2000)
        .map(|i| format!("Line {i} of the ferry report.\n"))
        .collect();
    let full = gz(body.as_bytes());
    let mut inputs = Vec::new();
    // Cut in the middle of the stream, and just before the end (the trailer).
    for (name, cut) in [
        ("mid.txt.gz", full.len() / 2),
        ("tail.txt.gz", full.len() - 4),
    ] {
        inputs.push(write(&dir, name, &full[..cut]));
    }
    let lines: String = (0..3000)
        .map(|i| format!("{{\"id\": \"r{i}\", \"text\": \"Report number {i} on the ferry.\"}}\n"))
        .collect();
    let zipped = gz(lines.as_bytes());
    let feed = write(&dir, "feed.jsonl.gz", &zipped[..zipped.len() * 2 / 3]);
    inputs.push(feed.clone());
    let (docs, skipped) = read(&inputs);
    assert_eq!(skipped.len(), 3, "{skipped:?}");
    assert_eq!(skipped[0].source, inputs[0]);
    assert_eq!(skipped[1].source, inputs[1]);
    for s in &skipped {
        assert!(s.reason.starts_with("truncated gzip: "), "{skipped:?}");
    }
    // The whole lines before the cut come through, each complete; the cut line does not.
    assert!(docs.len() > 100 && docs.len() < 3000, "{}", docs.len());
    for (i, d) in docs.iter().enumerate() {
        assert_eq!(d.id, format!("r{i}"));
        assert_eq!(text(d), format!("Report number {i} on the ferry."));
    }
    assert_eq!(skipped[2].source, format!("{feed}:{}", docs.len() + 1));
}

#[test]
fn large_files() {
    let dir = fixture_dir("large");
    let line = "The regional assembly debated the water budget until late evening.\n";
    let big: String = line.repeat(50_000_000 / line.len() + 1);
    let big_path = write(&dir, "big.txt", big.as_bytes());
    let page = format!(
        "<html><body>{}</body></html>",
        "<p>Paragraph of the ferry story.</p>\n".repeat(1_400_000)
    );
    let page_path = write(&dir, "big.html", page.as_bytes());
    // Over the cap: text, then a hole up to 65 MiB.
    let huge_path = dir.join("huge.txt");
    fs::write(&huge_path, line.repeat(200)).unwrap();
    fs::OpenOptions::new()
        .write(true)
        .open(&huge_path)
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    let huge_path = huge_path.display().to_string();
    let start = Instant::now();
    let (docs, skipped) = read(&[big_path, page_path, huge_path.clone()]);
    let took = start.elapsed();
    assert_eq!(docs.len(), 2);
    assert_eq!(text(&docs[0]).len(), big.len());
    assert_eq!(html(&docs[1]).len(), page.len());
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].source, huge_path);
    assert_eq!(skipped[0].reason, "too large (65 MiB > 64 MiB)");
    assert!(took.as_secs() < 20, "took {took:?}");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn repeated_ids_are_made_unique() {
    let dir = fixture_dir("ids");
    let a = write(&dir, "one/story.txt", b"First story.");
    let b = write(&dir, "two/story.html", PAGE.as_bytes());
    let (docs, skipped) = read(&[a, b]);
    assert!(skipped.is_empty());
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["story", "story-2"]);
}

#[test]
fn truncated_and_bad_warc_records() {
    let dir = fixture_dir("warc-bad");
    let mut records = warc_records();
    // An HTML response whose gzip payload is cut: reported, not passed on.
    let page = gz(PAGE.as_bytes());
    let mut http =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
    http.extend_from_slice(&page[..page.len() / 2]);
    records.push(warc_record(
        "response",
        "6666",
        "https://news.example/c",
        "2024-01-04T00:00:00Z",
        &http,
    ));
    // The last record is cut short.
    let last = warc_record(
        "response",
        "7777",
        "https://news.example/d",
        "2024-01-04T00:00:01Z",
        &{
            let mut h = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec();
            h.extend_from_slice(PAGE.as_bytes());
            h
        },
    );
    records.push(last[..last.len() - 40].to_vec());
    let crawl = write(&dir, "crawl.warc", &records.concat());
    let (docs, skipped) = read(std::slice::from_ref(&crawl));
    assert_eq!(docs.len(), 2);
    let got: Vec<(&str, &str)> = skipped
        .iter()
        .map(|s| (s.source.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[1].0, format!("{crawl}#7"));
    assert!(got[1].1.starts_with("bad gzip content encoding"), "{got:?}");
    assert_eq!(got[2].0, format!("{crawl}#8"));
    assert!(got[2].1.starts_with("truncated WARC record"), "{got:?}");
}

#[test]
fn whole_json_files() {
    let dir = fixture_dir("json");
    let single = write(
        &dir,
        "single.json",
        b"{\n  \"title\": \"Bridge\",\n  \"text\": \"The bridge opened.\",\n  \"authors\": \"Ana Lima and Bo Chen\"\n}\n",
    );
    let array = write(
        &dir,
        "array.json",
        br#"[{"id": "x1", "html": "<p>One.</p>"}, {"title": "no body"}, 7, {"text": "Three."}]"#,
    );
    let keyed = write(
        &dir,
        "keyed.json",
        b"{\n\"k1\": {\"articleBody\": \"Keyed one.\", \"url\": \"https://news.example/k1\"},\n\"k2\": {\"maintext\": \"Keyed two.\"}\n}",
    );
    let wrapped = write(
        &dir,
        "wrapped.json",
        br#"{"count": 1, "articles": [{"text": "Wrapped."}]}"#,
    );
    // JSON Lines under a .json name.
    let lines = write(&dir, "lines.json", JSONL.as_bytes());
    let broken = write(&dir, "broken.json", b"{\n  \"text\": \"cut");
    let (docs, skipped) = read(&[
        single.clone(),
        array.clone(),
        keyed.clone(),
        wrapped.clone(),
        lines.clone(),
        broken.clone(),
    ]);
    let got: Vec<(&str, &str)> = docs
        .iter()
        .map(|d| (d.id.as_str(), d.source.as_str()))
        .collect();
    let expect = [
        ("single", single.clone()),
        ("x1", format!("{array}#1")),
        ("array#4", format!("{array}#4")),
        ("k1", format!("{keyed}#1")),
        ("k2", format!("{keyed}#2")),
        ("wrapped#1", format!("{wrapped}#1")),
        ("a-1", format!("{lines}:1")),
        ("42", format!("{lines}:2")),
        ("lines:4", format!("{lines}:4")),
    ];
    let expect: Vec<(&str, &str)> = expect.iter().map(|(a, b)| (*a, b.as_str())).collect();
    assert_eq!(got, expect, "{skipped:?}");
    assert_eq!(text(&docs[0]), "The bridge opened.");
    assert_eq!(docs[0].given.title.as_deref(), Some("Bridge"));
    assert_eq!(docs[0].given.authors, ["Ana Lima", "Bo Chen"]);
    assert_eq!(html(&docs[1]), "<p>One.</p>");
    assert_eq!(text(&docs[3]), "Keyed one.");
    assert_eq!(
        docs[3].given.url.as_deref(),
        Some("https://news.example/k1")
    );
    let why: Vec<(&str, &str)> = skipped
        .iter()
        .map(|s| (s.source.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(why.len(), 3, "{why:?}");
    assert_eq!(
        why[0],
        (
            format!("{array}#2").as_str(),
            "record 2 has no \"text\" or \"html\""
        )
    );
    assert_eq!(
        why[1],
        (
            format!("{array}#3").as_str(),
            "record 3 is not a JSON object"
        )
    );
    assert_eq!(why[2].0, broken);
    assert!(
        why[2].1.starts_with("invalid JSON: EOF while parsing"),
        "{why:?}"
    );
}
