//! The one data model: a [`Document`] with its clean `body`, and every annotation as a
//! stand-off span into that body; a [`Briefing`] with the cross-document results, each of
//! which points back to spans of documents.
//!
//! Offsets (`start`, `end`) count Unicode scalar values (Rust `char`s) into `body`, end
//! exclusive. Every span's `text` equals `body[start..end]` (checked by
//! [`Document::check_spans`]).

use serde::{Deserialize, Serialize};

/// A named-entity type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    Person,
    Org,
    Gpe,
    Loc,
    Norp,
    Other,
}

impl EntityType {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Org => "ORG",
            EntityType::Gpe => "GPE",
            EntityType::Loc => "LOC",
            EntityType::Norp => "NORP",
            EntityType::Other => "OTHER",
        }
    }
}

/// What a block of the body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Paragraph,
    Heading,
    ListItem,
}

/// A paragraph, heading or list item of the body. Blocks are separated by a blank line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    pub start: usize,
    pub end: usize,
    pub kind: BlockKind,
}

/// A sentence (or a heading or list item, which are units of their own).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// `true` when the unit is a heading rather than a body sentence.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub heading: bool,
}

/// A named-entity mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// A title or description the text gives the referent right beside the name
    /// ("Secretary of State" for "Secretary of State Mike Pompeo").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The full form this mention abbreviates or shortens, when the document defines it
    /// ("Kurdistan Regional Government" for "KRG", "Mark Esper" for "Esper").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
}

/// A temporal expression with its TIMEX3 type and value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timex {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// DATE, TIME, DURATION or SET.
    #[serde(rename = "type")]
    pub kind: String,
    /// The ISO 8601 / TIMEX3 value: `2024-01-28`, `2024-01`, `XXXX-01-05`, `P2Y`, `PRESENT_REF`...
    pub value: String,
}

/// Direct, partial or indirect speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    Direct,
    Partial,
    Indirect,
}

/// Reported speech, with who said it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub start: usize,
    pub end: usize,
    /// The quoted words, without the quotation marks.
    pub text: String,
    /// The speaker as the text names it, resolved past pronouns ("Donald Trump", "the State Department").
    pub speaker: Option<String>,
    /// Where the speaker is named in the body (may be in another sentence than the quote).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_start: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_end: Option<usize>,
    /// The speech verb or phrase ("said", "told reporters", "according to").
    pub cue: Option<String>,
    pub kind: QuoteKind,
}

/// A figure: a number with its unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub value: f64,
    /// What is counted or measured: `troops`, `USD`, `miles`, `percent`...
    pub unit: String,
}

/// One article: metadata (each field with where it came from), the clean body, and the
/// annotation layers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: String,
    /// The file (and the line or record within it) the document came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Where `url` came from: `canonical`, `meta` (`og:url`), `given`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_source: Option<String>,
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_source: Option<String>,
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Where `subtitle` came from: `json-ld` (`alternativeHeadline`), `meta` (a description
    /// tag), `standfirst` (the line under a text page's headline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle_source: Option<String>,
    pub authors: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authors_source: Option<String>,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]`, as precise as the source gives it.
    pub published: Option<String>,
    /// Where `published` came from: `given`, `json-ld`, `meta`, `time`, `dateline`, `url`, `inferred`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_source: Option<String>,
    /// For an inferred date, the evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_evidence: Option<String>,
    /// When the page says it was last changed, as precise as it gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    /// Where `modified` came from: `json-ld`, `meta`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_source: Option<String>,
    pub outlet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet_source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Where `language` came from: `html-lang` or `detected` (from the body's text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_source: Option<String>,
    pub body: String,
    #[serde(default)]
    pub blocks: Vec<Block>,
    #[serde(default)]
    pub sentences: Vec<Sentence>,
    #[serde(default)]
    pub mentions: Vec<Mention>,
    #[serde(default)]
    pub timexes: Vec<Timex>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    #[serde(default)]
    pub figures: Vec<Figure>,
}

/// A pointer to a span of one document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SpanRef {
    pub doc: String,
    pub start: usize,
    pub end: usize,
}

/// One real-world referent, merged across documents and spellings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Every surface form seen, the name included.
    pub aliases: Vec<String>,
    /// Roles and descriptions the articles give it.
    #[serde(default)]
    pub roles: Vec<String>,
    pub documents: Vec<String>,
    pub mentions: Vec<SpanRef>,
}

/// One occurrence of a quote, with the other documents that carry the same words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteRecord {
    pub doc: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub speaker: Option<String>,
    /// The id of the speaker's entity, when the speaker is a known entity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_entity: Option<String>,
    pub cue: Option<String>,
    pub kind: QuoteKind,
    /// Quotes carrying the same words share a group.
    pub group: usize,
    /// The other documents that carry the same words.
    pub also_in: Vec<String>,
}

/// A dated happening: a sentence a temporal expression anchors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The TIMEX3 value; `XXXX-` when the year cannot be known.
    pub date: String,
    pub doc: String,
    /// The temporal expression.
    pub anchor: String,
    pub start: usize,
    pub end: usize,
    /// The sentence it anchors.
    pub sentence: String,
    pub sentence_start: usize,
    pub sentence_end: usize,
    /// Other documents that tell the same happening on the same date.
    #[serde(default)]
    pub also_in: Vec<SpanRef>,
}

/// A figure of one document with its agreement across documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FigureRecord {
    pub doc: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub value: f64,
    pub unit: String,
    /// The sentence the figure stands in.
    #[serde(default)]
    pub context: String,
    /// Documents that report the same value for the same thing.
    pub corroborated_by: Vec<String>,
    /// Documents that report another value for the same thing.
    pub conflicts_with: Vec<String>,
}

/// Documents that tell the same story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub id: String,
    pub label: String,
    pub documents: Vec<String>,
}

/// Documents that are copies of each other.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Duplicate {
    pub documents: Vec<String>,
    /// `exact` (same text) or `near` (same text but for small edits, e.g. a reprint).
    pub kind: String,
    /// Share of word shingles the documents have in common, 0..1.
    pub similarity: f64,
}

/// A sentence of the summary, copied verbatim from one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummarySentence {
    pub text: String,
    pub doc: String,
    pub start: usize,
    pub end: usize,
}

/// An input that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// The document: its file, and line or record where there is one.
    pub source: String,
    pub reason: String,
}

/// A whole collection, briefed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Briefing {
    pub documents: Vec<Document>,
    pub entities: Vec<Entity>,
    pub quotes: Vec<QuoteRecord>,
    pub events: Vec<Event>,
    pub figures: Vec<FigureRecord>,
    pub stories: Vec<Story>,
    pub duplicates: Vec<Duplicate>,
    pub summary: Vec<SummarySentence>,
    #[serde(default)]
    pub skipped: Vec<Skipped>,
}

impl Document {
    /// A document of clean text: `body` as given, one paragraph block per run of text between
    /// blank lines, no metadata and no layers yet (run [`crate::annotate::annotate`] on it).
    pub fn from_text(id: impl Into<String>, body: impl Into<String>) -> Document {
        let body: String = body.into();
        let mut blocks = Vec::new();
        let mut pos = 0usize;
        for part in body.split("\n\n") {
            let len = part.chars().count();
            let lead = part.chars().take_while(|c| c.is_whitespace()).count();
            let trail = part.chars().rev().take_while(|c| c.is_whitespace()).count();
            if lead < len {
                blocks.push(Block {
                    start: pos + lead,
                    end: pos + len - trail,
                    kind: BlockKind::Paragraph,
                });
            }
            pos += len + 2;
        }
        Document {
            id: id.into(),
            body,
            blocks,
            ..Default::default()
        }
    }

    /// Checks the invariant of every layer: `start <= end <= len(body)` and `text` equal to
    /// the body's characters between them (quotes may leave out their marks, so a quote's
    /// text must only be found inside its span). Returns the first violation.
    pub fn check_spans(&self) -> Result<(), String> {
        let chars: Vec<char> = self.body.chars().collect();
        let slice = |s: usize, e: usize| -> Option<String> {
            (s <= e && e <= chars.len()).then(|| chars[s..e].iter().collect())
        };
        let check = |layer: &str, s: usize, e: usize, text: &str, exact: bool| match slice(s, e) {
            None => Err(format!("{layer} span {s}..{e} is out of the body")),
            Some(t) if exact && t != text => {
                Err(format!("{layer} span {s}..{e} is {t:?}, not {text:?}"))
            }
            Some(t) if !exact && !t.contains(text) => {
                Err(format!("{layer} span {s}..{e} does not hold {text:?}"))
            }
            _ => Ok(()),
        };
        for x in &self.blocks {
            check("block", x.start, x.end, "", false)?;
        }
        for x in &self.sentences {
            check("sentence", x.start, x.end, &x.text, true)?;
        }
        for x in &self.mentions {
            check("mention", x.start, x.end, &x.text, true)?;
        }
        for x in &self.timexes {
            check("timex", x.start, x.end, &x.text, true)?;
        }
        for x in &self.quotes {
            check("quote", x.start, x.end, &x.text, false)?;
        }
        for x in &self.figures {
            check("figure", x.start, x.end, &x.text, true)?;
        }
        Ok(())
    }
}

/// Converts between byte offsets (what Rust string code works in) and char offsets (what the
/// data model stores) for one text.
pub struct Offsets {
    /// Byte length of the text.
    len: usize,
    /// Number of chars of the text.
    chars: usize,
    /// One entry per multi-byte char, in order: (its byte offset, its char index, the extra
    /// bytes of all multi-byte chars up to and including it). Empty for ASCII text, where
    /// bytes and chars coincide.
    multi: Vec<(u32, u32, u32)>,
}

impl Offsets {
    pub fn new(text: &str) -> Offsets {
        let mut multi = Vec::new();
        let bytes = text.as_bytes();
        let mut extra = 0u32;
        let mut b = 0usize;
        while b < bytes.len() {
            // Skip ASCII quickly: sixteen bytes at a time; in a block with a byte beyond
            // ASCII, straight to the first such byte; the last few bytes one by one.
            if let Some(chunk) = bytes
                .get(b..b + 16)
                .and_then(|c| <[u8; 16]>::try_from(c).ok())
            {
                // The high bit of each byte: none set in ASCII.
                let high = u128::from_le_bytes(chunk) & u128::from_ne_bytes([0x80; 16]);
                if high == 0 {
                    b += 16;
                    continue;
                }
                // (The first byte beyond ASCII after ASCII ones leads a char.)
                b += (high.trailing_zeros() / 8) as usize;
            } else if bytes[b] < 0x80 {
                b += 1;
                continue;
            }
            let w = match bytes[b] {
                0xF0.. => 4,
                0xE0.. => 3,
                _ => 2,
            };
            multi.push((b as u32, b as u32 - extra, extra + w - 1));
            extra += w - 1;
            b += w as usize;
        }
        Offsets {
            len: text.len(),
            chars: text.len() - extra as usize,
            multi,
        }
    }
    /// The char offset of a byte offset (a byte inside a char maps to that char).
    pub fn char_at(&self, byte: usize) -> usize {
        let byte = byte.min(self.len);
        let i = self.multi.partition_point(|m| m.0 as usize <= byte);
        if i == 0 {
            return byte;
        }
        let (mb, mc, extra) = self.multi[i - 1];
        let end_of_char = (mb + extra - (mb - mc)) as usize; // mb + its width - 1
        if byte <= end_of_char {
            mc as usize
        } else {
            byte - extra as usize
        }
    }
    /// The byte offset of a char offset.
    pub fn byte_at(&self, ch: usize) -> usize {
        let ch = ch.min(self.chars);
        let i = self.multi.partition_point(|m| (m.1 as usize) < ch);
        if i == 0 {
            return ch;
        }
        ch + self.multi[i - 1].2 as usize
    }
    /// Number of chars.
    pub fn len_chars(&self) -> usize {
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_round_trip_on_multibyte_text() {
        let t = "a’b ü 😀x";
        let o = Offsets::new(t);
        assert_eq!(o.len_chars(), t.chars().count());
        for (ci, (b, _)) in t.char_indices().enumerate() {
            assert_eq!(o.char_at(b), ci);
            assert_eq!(o.byte_at(ci), b);
        }
        assert_eq!(o.char_at(t.len()), t.chars().count());
    }

    #[test]
    fn offsets_agree_with_a_naive_count_at_every_byte() {
        for t in [
            "",
            "plain ascii",
            "é",
            "ab😀",
            "“Quote” — ü\n1€ 𝄞x",
            "日本語のテキスト",
        ] {
            let o = Offsets::new(t);
            assert_eq!(o.len_chars(), t.chars().count());
            for b in 0..=t.len() + 2 {
                // The char a byte falls in: chars starting at or before it, minus one, except
                // at a boundary.
                let naive = if b >= t.len() {
                    t.chars().count()
                } else {
                    t.char_indices().filter(|(s, _)| *s <= b).count() - 1
                };
                assert_eq!(o.char_at(b), naive, "{t:?} byte {b}");
            }
            for c in 0..=t.chars().count() + 2 {
                let naive = t.char_indices().nth(c).map_or(t.len(), |(b, _)| b);
                assert_eq!(o.byte_at(c), naive, "{t:?} char {c}");
            }
        }
    }

    #[test]
    fn offsets_are_right_wherever_a_char_falls_in_a_block_of_sixteen_bytes() {
        // Chars of two, three and four bytes at every position around the first two blocks,
        // alone, followed by another, or by ASCII up to the end.
        for ch in ["é", "€", "😀"] {
            for p in 0..40 {
                for tail in ["", "ü", "x", "𝄞yz", &"q".repeat(17)] {
                    let t = format!("{}{ch}{tail}{}", "a".repeat(p), "b".repeat(p % 7));
                    let o = Offsets::new(&t);
                    assert_eq!(o.len_chars(), t.chars().count(), "{t:?}");
                    for (ci, (b, c)) in t.char_indices().enumerate() {
                        assert_eq!(o.byte_at(ci), b, "{t:?} char {ci}");
                        for inside in b..b + c.len_utf8() {
                            assert_eq!(o.char_at(inside), ci, "{t:?} byte {inside}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn check_spans_finds_a_wrong_text() {
        let mut d = Document {
            body: "Hello world".into(),
            ..Default::default()
        };
        d.sentences.push(Sentence {
            start: 6,
            end: 11,
            text: "world".into(),
            heading: false,
        });
        assert!(d.check_spans().is_ok());
        d.sentences[0].text = "World".into();
        assert!(d.check_spans().is_err());
    }
}

#[cfg(test)]
mod from_text_tests {
    use super::*;

    #[test]
    fn from_text_makes_a_block_per_paragraph() {
        let d = Document::from_text("a", "Première ligne.\n\n  Second paragraph.  \n\n");
        assert_eq!(d.blocks.len(), 2);
        let chars: Vec<char> = d.body.chars().collect();
        let texts: Vec<String> = d
            .blocks
            .iter()
            .map(|b| chars[b.start..b.end].iter().collect())
            .collect();
        assert_eq!(texts, vec!["Première ligne.", "Second paragraph."]);
    }
}
