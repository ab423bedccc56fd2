//! Clean: from a raw document to a [`Document`] with its main text (`body`, blocks separated
//! by a blank line), metadata with where each field came from, and its blocks.

pub mod dates;
pub mod html;
pub mod site;
pub mod text;

use crate::ingest::{Content, RawDoc};
use crate::model::{Block, Document};
use unicode_normalization::UnicodeNormalization;

/// Normalises a piece of text the way every body is: NFC; no-break and other odd spaces made
/// plain spaces; zero-width spaces, soft hyphens and BOMs dropped; control characters but
/// newlines dropped; curly quotes kept.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Text already in NFC (nearly all of it) skips the normaliser's buffering.
    if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        // Printable ASCII and newlines stay as they are: copied in runs.
        let mut run = 0;
        for (i, ch) in s.char_indices() {
            if !matches!(ch, ' '..='~' | '\n') {
                out.push_str(&s[run..i]);
                push_normalized(&mut out, ch);
                run = i + ch.len_utf8();
            }
        }
        out.push_str(&s[run..]);
        return out;
    }
    for ch in s.nfc() {
        push_normalized(&mut out, ch);
    }
    out
}

#[inline]
fn push_normalized(out: &mut String, ch: char) {
    {
        match ch {
            '\u{00A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
            | '\t' => out.push(' '),
            '\u{200B}' | '\u{00AD}' | '\u{FEFF}' | '\u{2060}' => {}
            '\r' => {}
            '\u{2028}' | '\u{2029}' | '\u{0085}' => out.push('\n'),
            c if c.is_control() && c != '\n' => {}
            c => out.push(c),
        }
    }
}

/// Collapses the spaces of one line and trims it.
pub fn squash_spaces(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for w in line.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn norm_field(s: &str) -> Option<String> {
    let v = squash_spaces(&normalize(s).replace('\n', " "));
    (!v.is_empty()).then_some(v)
}

/// Cleans one raw document. Fails (with the reason) when no article text is left.
pub fn clean(raw: RawDoc) -> Result<Document, String> {
    let given = &raw.given;
    let ex = match &raw.content {
        Content::Text(t) => text::extract(t, given),
        Content::Html(h) => html::extract(h, given),
    };
    let mut doc = Document {
        id: raw.id.clone(),
        source: Some(raw.source.clone()),
        ..Default::default()
    };
    // The body: blocks normalised, joined by a blank line.
    let mut body = String::new();
    let mut n_chars = 0usize;
    for (kind, text) in &ex.blocks {
        let t = normalize(text);
        let t: Vec<String> = t
            .lines()
            .map(squash_spaces)
            .filter(|l| !l.is_empty())
            .collect();
        let t = t.join(" ");
        if t.is_empty() {
            continue;
        }
        if !body.is_empty() {
            body.push_str("\n\n");
            n_chars += 2;
        }
        let len = t.chars().count();
        doc.blocks.push(Block {
            start: n_chars,
            end: n_chars + len,
            kind: *kind,
        });
        body.push_str(&t);
        n_chars += len;
    }
    if body.trim().is_empty() {
        return Err("no article text found".into());
    }
    doc.body = body;
    // Metadata: what the input gives wins over what the page says.
    if let Some(t) = given.title.as_deref().and_then(norm_field) {
        doc.title = Some(t);
        doc.title_source = Some("given".into());
    } else if let Some(t) = &ex.title {
        doc.title = norm_field(&t.value);
        doc.title_source = Some(t.source.into());
    }
    if let Some(s) = &ex.subtitle {
        doc.subtitle = norm_field(&s.value);
        doc.subtitle_source = doc.subtitle.is_some().then(|| s.source.into());
    }
    let given_authors: Vec<String> = given.authors.iter().filter_map(|a| norm_field(a)).collect();
    if !given_authors.is_empty() {
        doc.authors = given_authors;
        doc.authors_source = Some("given".into());
    } else if let Some(a) = &ex.authors {
        doc.authors = a.value.iter().filter_map(|a| norm_field(a)).collect();
        doc.authors_source = (!doc.authors.is_empty()).then(|| a.source.into());
    }
    if let Some(p) = given
        .published
        .as_deref()
        .and_then(|p| dates::parse_prefix(p.trim()))
    {
        doc.published = Some(p.0);
        doc.published_source = Some("given".into());
    } else if let Some(p) = &ex.published {
        doc.published = Some(p.value.clone());
        doc.published_source = Some(p.source.into());
    }
    if let Some(o) = given.outlet.as_deref().and_then(norm_field) {
        doc.outlet = Some(o);
        doc.outlet_source = Some("given".into());
    } else if let Some(o) = &ex.outlet {
        doc.outlet = norm_field(&o.value);
        doc.outlet_source = Some(o.source.into());
    }
    if let Some(p) = &ex.modified {
        doc.modified = Some(p.value.clone());
        doc.modified_source = Some(p.source.into());
    }
    if let Some(u) = &ex.url {
        doc.url = Some(u.value.clone());
        doc.url_source = Some(u.source.into());
    } else if let Some(u) = given
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        doc.url = Some(u.to_string());
        doc.url_source = Some("given".into());
    }
    if let Some(l) = &ex.language {
        doc.language = Some(l.value.clone());
        doc.language_source = Some(l.source.into());
    } else if let Some(l) = detect_language(&doc.body) {
        doc.language = Some(l);
        doc.language_source = Some("detected".into());
    }
    Ok(doc)
}

/// English function words no other language writes often ("the", "of", "and" …).
const ENGLISH_MARKERS: &[&str] = &[
    "the", "of", "and", "that", "with", "from", "which", "this", "were", "would", "their", "have",
    "has", "said", "been", "they", "will",
];

/// A sample whose words are plainly English: at least 15 words, "the" at least 3 in 100 of
/// them and the markers at least 12 in 100 (English prose runs at 20–30, other languages
/// near 0). Spares the trigram detector, whose cost per document is large, on the common case.
fn plainly_english(sample: &str) -> bool {
    let (mut words, mut the, mut markers) = (0usize, 0usize, 0usize);
    for w in sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if w.len() > 5 {
            continue;
        }
        let mut buf = [0u8; 5];
        let lw = w.as_bytes();
        for (b, c) in buf.iter_mut().zip(lw) {
            *b = c.to_ascii_lowercase();
        }
        let lw = &buf[..lw.len()];
        if lw == b"the" {
            the += 1;
        }
        if ENGLISH_MARKERS.iter().any(|m| m.as_bytes() == lw) {
            markers += 1;
        }
    }
    words >= 15 && the * 100 >= words * 3 && markers * 100 >= words * 12
}

/// The ISO 639-1 code of the body's language, when whatlang is confident.
fn detect_language(body: &str) -> Option<String> {
    // A short sample first (whatlang is linear in its input); the longer one only when the
    // short one does not settle it.
    let short_end = body.char_indices().nth(1000).map_or(body.len(), |(b, _)| b);
    if plainly_english(&body[..short_end]) {
        return Some("en".into());
    }
    let info = match whatlang::detect(&body[..short_end]) {
        Some(i) if i.is_reliable() => i,
        _ if short_end < body.len() => {
            let end = body.char_indices().nth(4000).map_or(body.len(), |(b, _)| b);
            let info = whatlang::detect(&body[..end])?;
            if !info.is_reliable() {
                return None;
            }
            info
        }
        _ => return None,
    };
    let code = match info.lang() {
        whatlang::Lang::Eng => "en",
        whatlang::Lang::Fra => "fr",
        whatlang::Lang::Deu => "de",
        whatlang::Lang::Spa => "es",
        whatlang::Lang::Ita => "it",
        whatlang::Lang::Por => "pt",
        whatlang::Lang::Rus => "ru",
        whatlang::Lang::Ara => "ar",
        whatlang::Lang::Pes => "fa",
        whatlang::Lang::Tur => "tr",
        whatlang::Lang::Cmn => "zh",
        whatlang::Lang::Jpn => "ja",
        whatlang::Lang::Kor => "ko",
        whatlang::Lang::Heb => "he",
        whatlang::Lang::Nld => "nl",
        whatlang::Lang::Pol => "pl",
        whatlang::Lang::Ukr => "uk",
        whatlang::Lang::Hin => "hi",
        other => return Some(other.code().to_string()),
    };
    Some(code.to_string())
}

/// A metadata value with where it came from (`given`, `json-ld`, `meta`, `time`, `dateline`,
/// `byline`, `url`, `copyright`, `heading`...).
#[derive(Debug, Clone, PartialEq)]
pub struct Sourced<T> {
    pub value: T,
    pub source: &'static str,
}

impl<T> Sourced<T> {
    pub fn new(value: T, source: &'static str) -> Self {
        Sourced { value, source }
    }
}

/// What an extractor (plain text or HTML) finds in one page: metadata and the main text as
/// blocks, in reading order, not yet normalised.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    pub title: Option<Sourced<String>>,
    pub subtitle: Option<Sourced<String>>,
    pub authors: Option<Sourced<Vec<String>>>,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]`.
    pub published: Option<Sourced<String>>,
    pub modified: Option<Sourced<String>>,
    pub outlet: Option<Sourced<String>>,
    /// `canonical` (`<link rel=canonical>`) or `meta` (`og:url`); `given` is added by [`clean`]
    /// when the page says nothing.
    pub url: Option<Sourced<String>>,
    /// `html-lang` (`<html lang>`); `detected` is added by [`clean`] when the page says nothing.
    pub language: Option<Sourced<String>>,
    pub blocks: Vec<(crate::model::BlockKind, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_fixes_spaces_controls_and_composition() {
        assert_eq!(normalize("plain text\nline two"), "plain text\nline two");
        assert_eq!(
            normalize("a\u{00A0}b\tc\r\nd\u{200B}e\u{00AD}f\u{2028}g\u{0007}h"),
            "a b c\ndef\ngh"
        );
        assert_eq!(normalize("“Café” – ok"), "“Café” – ok");
        // Decomposed "é" is composed.
        assert_eq!(normalize("Cafe\u{0301}\u{00A0}x"), "Caf\u{00E9} x");
    }

    fn raw(content: Content, given: crate::ingest::GivenMeta) -> RawDoc {
        RawDoc {
            id: "d".into(),
            source: "test".into(),
            content,
            given,
        }
    }

    const PARAGRAPH: &str = "The harbour board of Vellmark voted on Tuesday to rebuild the old \
        lighthouse on the northern pier, after two winters of storms left its lamp room open to \
        the rain and the keepers' cottage without a roof.";

    #[test]
    fn english_is_told_without_the_detector_and_others_are_not_taken_for_it() {
        assert!(plainly_english(PARAGRAPH));
        assert_eq!(detect_language(PARAGRAPH).as_deref(), Some("en"));
        let dutch = "De havenraad van Vellmark heeft dinsdag besloten de oude vuurtoren op de \
            noordelijke pier te herbouwen, nadat twee winters met stormen de lampkamer hadden \
            opengelegd en het huisje van de wachter zonder dak was.";
        assert!(!plainly_english(dutch));
        assert_eq!(detect_language(dutch).as_deref(), Some("nl"));
        let german = "Der Hafenrat von Vellmark hat am Dienstag beschlossen, den alten \
            Leuchtturm auf der Nordmole wieder aufzubauen, nachdem zwei Sturmwinter den \
            Lampenraum geöffnet und das Wärterhaus ohne Dach gelassen hatten.";
        assert!(!plainly_english(german));
        // Too short to tell by counting.
        assert!(!plainly_english("The pier."));
    }

    #[test]
    fn every_page_field_says_where_it_came_from() {
        let html = format!(
            r#"<html lang="en-GB"><head><title>Lighthouse</title>
            <link rel="canonical" href="https://gazette.example/lighthouse">
            <meta property="article:modified_time" content="2023-03-05T08:00:00Z">
            <meta name="description" content="Two winters of storms, one new lamp.">
            </head><body><article><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body></html>"#
        );
        let given = crate::ingest::GivenMeta {
            url: Some("https://mirror.example/x".into()),
            crawled: Some("2023-03-06T00:00:00Z".into()),
            ..Default::default()
        };
        let d = clean(raw(Content::Html(html.clone()), given)).expect("cleaned");
        assert_eq!(d.url.as_deref(), Some("https://gazette.example/lighthouse"));
        assert_eq!(d.url_source.as_deref(), Some("canonical"));
        assert_eq!(d.language.as_deref(), Some("en"));
        assert_eq!(d.language_source.as_deref(), Some("html-lang"));
        assert_eq!(d.modified.as_deref(), Some("2023-03-05T08:00:00"));
        assert_eq!(d.modified_source.as_deref(), Some("meta"));
        assert_eq!(
            d.subtitle.as_deref(),
            Some("Two winters of storms, one new lamp.")
        );
        assert_eq!(d.subtitle_source.as_deref(), Some("meta"));
        // A change date after the crawl cannot be true.
        let early = crate::ingest::GivenMeta {
            crawled: Some("2023-03-01T00:00:00Z".into()),
            ..Default::default()
        };
        let d = clean(raw(Content::Html(html), early)).expect("cleaned");
        assert_eq!(d.modified, None);
        // Plain text: the URL the input gives, the language detected.
        let given = crate::ingest::GivenMeta {
            url: Some("https://gazette.example/text".into()),
            ..Default::default()
        };
        let d = clean(raw(Content::Text(PARAGRAPH.into()), given)).expect("cleaned");
        assert_eq!(d.url_source.as_deref(), Some("given"));
        assert_eq!(d.language.as_deref(), Some("en"));
        assert_eq!(d.language_source.as_deref(), Some("detected"));
    }
}
