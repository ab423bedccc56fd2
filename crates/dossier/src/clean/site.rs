//! Site furniture: blocks that repeat, word for word, across different pages of one site
//! (a newsletter box, an author's standing bio, "Follow us on …", a standard disclaimer) are
//! the site's, not the article's, and come out of the body.
//!
//! This is the one cleaning signal that needs more than one page, so it runs between cleaning
//! and annotation over a batch of cleaned documents, with a memory of the sites seen in earlier
//! batches ([`SiteFurniture`]). A site is the host of the document's URL, else its outlet;
//! a document with neither is left alone. Guards against taking an article for furniture:
//! - a block counts only when it occurs on at least [`MIN_PAGES`] pages whose main paragraph
//!   (the longest block) differs, so copies of one article (a reprint, the same page crawled
//!   twice) never make their own text furniture;
//! - only blocks of at most [`MAX_WORDS`] words can be furniture (a background paragraph that
//!   a site repeats in its follow-ups is longer than that, and is the article's);
//! - a page's longest block never goes.
//!
//! Memory is bounded: at most [`MAX_SITES`] sites, [`MAX_BLOCKS_PER_SITE`] blocks per site and
//! [`MAX_BLOCKS`] blocks in all (some 40 bytes each) are remembered; past that, new ones are
//! not counted.

use crate::model::{Block, Document};
use rustc_hash::{FxHashMap, FxHashSet};
use std::hash::{Hash, Hasher};

/// Distinct pages a block must appear on to be the site's furniture.
pub const MIN_PAGES: usize = 3;
/// Longest block (in words) that can be furniture.
pub const MAX_WORDS: usize = 50;
const MAX_SITES: usize = 10_000;
const MAX_BLOCKS_PER_SITE: usize = 20_000;
/// Blocks remembered over all sites (without it, the two bounds above allow 200 million).
const MAX_BLOCKS: usize = 2_000_000;

#[derive(Default)]
struct Site {
    /// Block fingerprint → the distinct pages (by main paragraph) it was seen on.
    blocks: FxHashMap<u64, Pages>,
}

/// The fingerprints of up to [`MIN_PAGES`] distinct pages, inline (no allocation per block).
#[derive(Clone, Copy)]
struct Pages {
    seen: [u64; MIN_PAGES],
    n: usize,
}

impl Pages {
    fn one(page: u64) -> Pages {
        let mut seen = [0; MIN_PAGES];
        seen[0] = page;
        Pages { seen, n: 1 }
    }
    fn add(&mut self, page: u64) {
        if self.n < MIN_PAGES && !self.seen[..self.n].contains(&page) {
            self.seen[self.n] = page;
            self.n += 1;
        }
    }
}

/// What the run has seen of each site.
#[derive(Default)]
pub struct SiteFurniture {
    sites: FxHashMap<String, Site>,
    /// Blocks remembered over all sites.
    blocks: usize,
}

/// A block's identity: its words, ASCII case folded.
fn fingerprint(text: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    for w in text.split_whitespace() {
        for b in w.bytes() {
            h.write_u8(b.to_ascii_lowercase());
        }
        h.write_u8(b' ');
    }
    h.finish()
}

/// A page's identity: its main paragraph's bytes.
fn page_fingerprint(text: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    text.hash(&mut h);
    h.finish()
}

/// The site a document belongs to: its URL's host, else its outlet.
pub fn site_of(doc: &Document) -> Option<String> {
    if let Some(h) = doc
        .url
        .as_deref()
        .map(crate::text::url_host)
        .filter(|h| !h.is_empty())
    {
        return Some(h);
    }
    doc.outlet
        .as_deref()
        .map(|o| o.trim().to_lowercase())
        .filter(|o| !o.is_empty())
}

/// The text of each block, with its word count.
fn block_texts(doc: &Document) -> Vec<(&str, usize)> {
    let off = crate::model::Offsets::new(&doc.body);
    doc.blocks
        .iter()
        .map(|b| {
            let t = &doc.body[off.byte_at(b.start)..off.byte_at(b.end)];
            (t, t.split_whitespace().count())
        })
        .collect()
}

/// The index of the page's main paragraph (its longest block).
fn main_block(texts: &[(&str, usize)]) -> Option<usize> {
    (0..texts.len()).max_by_key(|&i| (texts[i].0.len(), std::cmp::Reverse(i)))
}

impl SiteFurniture {
    /// Counts the blocks of these documents (call it on a whole batch before [`Self::strip`]).
    pub fn observe<'a>(&mut self, docs: impl IntoIterator<Item = &'a Document>) {
        for doc in docs {
            let Some(site) = site_of(doc) else { continue };
            if !self.sites.contains_key(&site) && self.sites.len() >= MAX_SITES {
                continue;
            }
            let texts = block_texts(doc);
            let Some(main) = main_block(&texts) else {
                continue;
            };
            let page = page_fingerprint(texts[main].0);
            let entry = self.sites.entry(site).or_default();
            let mut seen = FxHashSet::default();
            for (i, &(t, words)) in texts.iter().enumerate() {
                if i == main || words > MAX_WORDS {
                    continue;
                }
                let f = fingerprint(t);
                if !seen.insert(f) {
                    continue;
                }
                let full = entry.blocks.len() >= MAX_BLOCKS_PER_SITE || self.blocks >= MAX_BLOCKS;
                match entry.blocks.get_mut(&f) {
                    Some(pages) => pages.add(page),
                    None if !full => {
                        entry.blocks.insert(f, Pages::one(page));
                        self.blocks += 1;
                    }
                    None => {}
                }
            }
        }
    }

    /// Takes the site's furniture out of one document (body and blocks; run it before the
    /// annotation layers exist). Returns the number of blocks removed.
    pub fn strip(&self, doc: &mut Document) -> usize {
        let Some(site) = site_of(doc).and_then(|s| self.sites.get(&s)) else {
            return 0;
        };
        let texts = block_texts(doc);
        let Some(main) = main_block(&texts) else {
            return 0;
        };
        let furniture: Vec<bool> = texts
            .iter()
            .enumerate()
            .map(|(i, &(t, words))| {
                i != main
                    && words <= MAX_WORDS
                    && site
                        .blocks
                        .get(&fingerprint(t))
                        .is_some_and(|p| p.n >= MIN_PAGES)
            })
            .collect();
        let n = furniture.iter().filter(|f| **f).count();
        if n == 0 {
            return 0;
        }
        let mut body = String::with_capacity(doc.body.len());
        let mut blocks = Vec::with_capacity(doc.blocks.len() - n);
        let mut pos = 0;
        for ((t, _), (b, f)) in texts.iter().zip(doc.blocks.iter().zip(&furniture)) {
            if *f {
                continue;
            }
            if !body.is_empty() {
                body.push_str("\n\n");
                pos += 2;
            }
            let len = b.end - b.start;
            blocks.push(Block {
                start: pos,
                end: pos + len,
                kind: b.kind,
            });
            body.push_str(t);
            pos += len;
        }
        doc.body = body;
        doc.blocks = blocks;
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BlockKind;

    fn page(url: &str, blocks: &[&str]) -> Document {
        let mut d = Document {
            id: url.into(),
            url: Some(url.into()),
            ..Default::default()
        };
        let mut pos = 0;
        for b in blocks {
            if !d.body.is_empty() {
                d.body.push_str("\n\n");
                pos += 2;
            }
            let len = b.chars().count();
            d.blocks.push(Block {
                start: pos,
                end: pos + len,
                kind: BlockKind::Paragraph,
            });
            d.body.push_str(b);
            pos += len;
        }
        d
    }

    const NEWSLETTER: &str = "Get the Harbour Bulletin in your inbox every morning — sign up free.";
    const BIO: &str =
        "Ines Falk covers the coast for the Gazette. She has reported from Vellmark since 2015.";

    fn article(n: usize) -> String {
        format!(
            "Story {n}: the harbour board met for the {n}th time this winter and heard the \
             engineers' report on the northern pier, where the storm of the week before had \
             torn away part of the sea wall and flooded the keepers' cottage."
        )
    }

    fn strip_all(docs: &mut [Document]) -> (SiteFurniture, usize) {
        let mut s = SiteFurniture::default();
        s.observe(docs.iter());
        let n = docs.iter_mut().map(|d| s.strip(d)).sum();
        (s, n)
    }

    #[test]
    fn pages_count_distinct_pages_up_to_the_threshold() {
        let mut p = Pages::one(7);
        p.add(7);
        assert_eq!(p.n, 1);
        for page in [8, 8, 9, 10, 11] {
            p.add(page);
        }
        assert_eq!((p.n, p.seen), (MIN_PAGES, [7, 8, 9]));
    }

    #[test]
    fn blocks_repeated_on_three_pages_of_a_site_go() {
        let (a1, a2, a3) = (article(1), article(2), article(3));
        let mut docs = vec![
            page(
                "https://gazette.example/a",
                &[&a1, "Heard on the pier.", NEWSLETTER, BIO],
            ),
            page("https://www.gazette.example/b", &[NEWSLETTER, &a2, BIO]),
            page("https://gazette.example/c", &[&a3, BIO, NEWSLETTER]),
        ];
        let (_, n) = strip_all(&mut docs);
        assert_eq!(n, 6);
        assert_eq!(docs[0].body, format!("{a1}\n\nHeard on the pier."));
        assert_eq!(docs[1].body, a2);
        for d in &docs {
            assert!(d.check_spans().is_ok());
            assert_eq!(d.blocks.len(), d.body.split("\n\n").count());
        }
    }

    #[test]
    fn two_pages_or_two_sites_are_not_enough() {
        let (a1, a2, a3) = (article(1), article(2), article(3));
        let mut docs = vec![
            page("https://gazette.example/a", &[&a1, NEWSLETTER]),
            page("https://gazette.example/b", &[&a2, NEWSLETTER]),
            page("https://other.example/c", &[&a3, NEWSLETTER]),
        ];
        let (_, n) = strip_all(&mut docs);
        assert_eq!(n, 0);
        assert!(docs.iter().all(|d| d.body.contains(NEWSLETTER)));
    }

    #[test]
    fn copies_of_one_article_keep_their_text() {
        // The same article three times on one site (a crawl that fetched it thrice): its own
        // short paragraphs repeat, but on pages that are one page.
        let a = article(7);
        let mut docs: Vec<Document> = (0..3)
            .map(|k| {
                page(
                    &format!("https://gazette.example/a?v={k}"),
                    &[&a, "The vote is on Friday.", BIO],
                )
            })
            .collect();
        let (_, n) = strip_all(&mut docs);
        assert_eq!(n, 0);
        assert!(docs[2].body.ends_with(BIO));
    }

    #[test]
    fn long_blocks_and_pages_without_a_paragraph_of_their_own_stay() {
        let background = "The pier was built in 1911 by the harbour company, rebuilt after the \
            flood of 1953, and has been listed since 1987; its lamp, the last of its kind on this \
            coast, was converted to electricity in 1962 and automated in 1994, when the last \
            keeper left the cottage that the board now wants to turn into a museum of the coast.";
        let mut docs: Vec<Document> = (0..3)
            .map(|k| {
                let a = article(k);
                page(&format!("https://gazette.example/{k}"), &[&a, background])
            })
            .collect();
        let (_, n) = strip_all(&mut docs);
        assert_eq!(n, 0, "a long repeated paragraph is the article's");
        // Pages whose longest block is the repeated one look like one page: kept whole (a
        // page is told by its main paragraph, and these have none of their own).
        let mut docs: Vec<Document> = (0..3)
            .map(|k| {
                page(
                    &format!("https://gazette.example/short{k}"),
                    &[&format!("Brief {k}."), NEWSLETTER, BIO],
                )
            })
            .collect();
        let (_, n) = strip_all(&mut docs);
        assert_eq!(n, 0);
        assert!(docs[1].body.starts_with("Brief 1."));
    }

    #[test]
    fn memory_carries_over_to_later_batches_and_outlets_name_a_site() {
        let mut s = SiteFurniture::default();
        let mut first: Vec<Document> = (0..3)
            .map(|k| {
                let mut d = page("", &[&article(k), NEWSLETTER]);
                d.url = None;
                d.outlet = Some("Vellmark Gazette".into());
                d
            })
            .collect();
        s.observe(&first);
        assert!(first.iter_mut().all(|d| s.strip(d) == 1));
        let mut later = page("", &[&article(9), NEWSLETTER]);
        later.url = None;
        later.outlet = Some("vellmark gazette".into());
        s.observe([&later]);
        assert_eq!(s.strip(&mut later), 1);
        assert_eq!(later.body, article(9));
        // No URL and no outlet: no site, nothing taken.
        let mut loose = page("", &[&article(1), NEWSLETTER]);
        loose.url = None;
        assert_eq!(s.strip(&mut loose), 0);
    }
}
