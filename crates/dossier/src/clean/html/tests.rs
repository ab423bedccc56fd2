use super::*;
use crate::clean::Sourced;
use crate::model::BlockKind;

fn ex(html: &str) -> Extracted {
    extract(html, &GivenMeta::default())
}

fn body(e: &Extracted) -> String {
    e.blocks
        .iter()
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Debugs one page of the dev pack: `HTML_PAGE=<id prefix> HTML_DEBUG=<text> cargo test ... debug_page`.
#[test]
#[ignore]
fn debug_page() {
    let Ok(src) = std::fs::read_to_string("/work/shared/bench/extraction/dev/pages.jsonl") else {
        return;
    };
    let want = std::env::var("HTML_PAGE").unwrap_or_default();
    for l in src.lines() {
        let Ok(p) = serde_json::from_str::<serde_json::Value>(l) else {
            continue;
        };
        if p["id"].as_str().is_some_and(|id| id.starts_with(&want)) {
            let e = ex(p["html"].as_str().unwrap_or(""));
            for (k, t) in &e.blocks {
                println!("[{k:?}] {t}");
            }
            break;
        }
    }
}

const P1: &str = "The harbour council of Vellmark voted on Tuesday to rebuild the old lighthouse, a project that had been debated for eleven years, according to the minutes.";
const P2: &str = "Mayor Odile Brann said the work would begin in spring, and that the cost, estimated at four million crowns, would be shared with the regional fishing guild.";
const P3: &str = "Engineers from the guild warned, however, that the foundations were weaker than expected, and asked for a second survey before any stone is moved.";

fn page(head: &str, body: &str) -> String {
    format!("<!DOCTYPE html><html lang=\"en-GB\"><head>{head}</head><body>{body}</body></html>")
}

fn article_page() -> String {
    page(
        "<title>Lighthouse to be rebuilt | Vellmark Gazette</title>",
        &format!(
            r##"<header class="site-header"><a href="/">Vellmark Gazette</a></header>
<nav><ul><li><a href="/a">World</a></li><li><a href="/b">Sport</a></li></ul></nav>
<div id="cookie-banner">We use cookies to improve your experience. Accept all cookies.</div>
<main><article>
<h1>Lighthouse to be rebuilt</h1>
<div class="byline">By Mira Kovacs and Tomas Reede</div>
<p class="dateline">March 3, 2023</p>
<div class="share-bar"><a href="#">Share on Facebook</a><a href="#">Share on Twitter</a></div>
<p>{P1}</p>
<figure><img src="x.jpg"><figcaption>The lighthouse at dusk, photographed by a reader last winter.</figcaption></figure>
<p>{P2}</p>
<div class="ad-slot">Advertisement: buy the new Gazette umbrella today for only ten crowns</div>
<h2>Doubts over the foundations</h2>
<p>{P3}</p>
<ul><li>A first survey in May.</li><li>A public hearing in June.</li></ul>
<div class="newsletter-signup"><p>Sign up for our morning newsletter and never miss a story from the harbour, delivered daily.</p></div>
<div class="paywall-teaser"><p>Subscribers can read the full minutes of the council meeting in our archive, starting today.</p></div>
<div class="related-articles"><h3>Related</h3><ul><li><a href="/c">Harbour fees go up again this year for all boats</a></li><li><a href="/d">Fishing guild elects new chair after long vote</a></li></ul></div>
</article></main>
<aside class="sidebar"><p>Most read: a long list of other stories that are popular this week in the region.</p></aside>
<section id="comments"><p>Reader comment: I think the lighthouse is a waste of money, honestly, and so do my neighbours.</p></section>
<footer><p>Copyright 2023 Vellmark Gazette. All rights reserved. Contact us for licensing information.</p></footer>"##
        ),
    )
}

#[test]
fn keeps_article_text_and_drops_each_kind_of_junk() {
    let e = ex(&article_page());
    let b = body(&e);
    for p in [
        P1,
        P2,
        P3,
        "Doubts over the foundations",
        "A first survey in May.",
    ] {
        assert!(b.contains(p), "missing {p:?} in {b:?}");
    }
    for junk in [
        "World",                    // nav
        "Vellmark Gazette",         // header, footer
        "cookies",                  // cookie banner
        "Mira Kovacs",              // byline
        "March 3, 2023",            // dateline
        "Share on",                 // share bar
        "photographed by",          // figcaption
        "umbrella",                 // ad
        "newsletter",               // newsletter box
        "Subscribers can read",     // paywall teaser
        "Harbour fees",             // related links
        "Most read",                // aside / sidebar
        "Reader comment",           // comments
        "Copyright",                // footer
        "Lighthouse to be rebuilt", // the h1 title is metadata, not body
    ] {
        assert!(!b.contains(junk), "junk {junk:?} kept in {b:?}");
    }
    // Blocks in reading order, with their kinds.
    assert_eq!(e.blocks[0], (BlockKind::Paragraph, P1.to_string()));
    assert!(
        e.blocks
            .contains(&(BlockKind::Heading, "Doubts over the foundations".into()))
    );
    assert!(
        e.blocks
            .contains(&(BlockKind::ListItem, "A public hearing in June.".into()))
    );
    let i1 = b.find(P1).unwrap_or(usize::MAX);
    let i3 = b.find(P3).unwrap_or(0);
    assert!(i1 < i3);
}

#[test]
fn metadata_from_page_text_when_no_meta() {
    let e = ex(&article_page());
    let t = e.title.expect("title");
    assert_eq!(
        (t.value.as_str(), t.source),
        ("Lighthouse to be rebuilt", "h1")
    );
    let a = e.authors.expect("authors");
    assert_eq!(
        a.value,
        vec!["Mira Kovacs".to_string(), "Tomas Reede".to_string()]
    );
    assert_eq!(a.source, "byline");
    let d = e.published.expect("published");
    assert_eq!((d.value.as_str(), d.source), ("2023-03-03", "dateline"));
    assert_eq!(e.language.as_ref().map(|l| l.value.as_str()), Some("en"));
    assert_eq!(e.outlet, None);
}

#[test]
fn title_from_title_tag_without_site_suffix() {
    let html = page(
        "<title>Lighthouse to be rebuilt - Vellmark Gazette</title>",
        &format!("<div><p>{P1}</p><p>{P2}</p></div>"),
    );
    let t = ex(&html).title.expect("title");
    assert_eq!(
        (t.value.as_str(), t.source),
        ("Lighthouse to be rebuilt", "title")
    );
}

#[test]
fn metadata_from_json_ld_graph() {
    let ld = r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
        {"@type":"WebSite","name":"Gazette site"},
        {"@type":["NewsArticle"],"headline":"Council backs lighthouse",
         "author":[{"@type":"Person","name":"Ines Falk"},{"@type":"Person","name":"Oren Dahl"}],
         "datePublished":"2023-03-03T09:15:00+01:00","dateModified":"2023-03-04T10:00:00Z",
         "publisher":{"@type":"Organization","name":"Vellmark Gazette"}}]}</script>"#;
    let html = page(
        &format!("{ld}<meta property=\"og:title\" content=\"OG title\">"),
        &format!("<article><p>{P1}</p><p>{P2}</p></article>"),
    );
    let e = ex(&html);
    assert_eq!(
        e.title,
        Some(Sourced::new("Council backs lighthouse".into(), "json-ld"))
    );
    assert_eq!(
        e.authors,
        Some(Sourced::new(
            vec!["Ines Falk".into(), "Oren Dahl".into()],
            "json-ld"
        ))
    );
    assert_eq!(
        e.published,
        Some(Sourced::new("2023-03-03T09:15:00".into(), "json-ld"))
    );
    assert_eq!(
        e.modified,
        Some(Sourced::new("2023-03-04T10:00:00".into(), "json-ld"))
    );
    assert_eq!(
        e.outlet,
        Some(Sourced::new("Vellmark Gazette".into(), "json-ld"))
    );
}

#[test]
fn metadata_from_meta_tags() {
    let head = r#"<meta property="og:title" content="Council backs lighthouse">
        <meta property="og:site_name" content="The Vellmark Gazette">
        <meta name="author" content="Ines Falk, Oren Dahl">
        <meta property="article:published_time" content="2023-03-03T09:15:00-05:00">
        <meta property="og:url" content="https://gazette.example/lighthouse">
        <link rel="canonical" href="https://gazette.example/news/lighthouse">"#;
    let html = page(head, &format!("<article><p>{P1}</p><p>{P2}</p></article>"));
    let e = ex(&html);
    assert_eq!(
        e.title,
        Some(Sourced::new("Council backs lighthouse".into(), "meta"))
    );
    assert_eq!(
        e.outlet,
        Some(Sourced::new("The Vellmark Gazette".into(), "meta"))
    );
    assert_eq!(
        e.authors,
        Some(Sourced::new(
            vec!["Ines Falk".into(), "Oren Dahl".into()],
            "meta"
        ))
    );
    assert_eq!(
        e.published,
        Some(Sourced::new("2023-03-03T09:15:00".into(), "meta"))
    );
    assert_eq!(
        e.url.as_ref().map(|u| u.value.as_str()),
        Some("https://gazette.example/news/lighthouse")
    );
}

#[test]
fn other_date_metas_and_citation_authors() {
    let head = r#"<meta name="parsely-pub-date" content="2021-07-09T14:02:11Z">
        <meta name="citation_author" content="Falk, Ines">
        <meta property="og:url" content="https://gazette.example/og">"#;
    let e = ex(&page(head, &format!("<p>{P1}</p>")));
    assert_eq!(
        e.published,
        Some(Sourced::new("2021-07-09T14:02:11".into(), "meta"))
    );
    assert_eq!(
        e.url.as_ref().map(|u| u.value.as_str()),
        Some("https://gazette.example/og")
    );
    let head = r#"<meta name="sailthru.date" content="Fri, 09 Jul 2021 14:02:11 -0400">"#;
    let e = ex(&page(head, &format!("<p>{P1}</p>")));
    assert_eq!(
        e.published,
        Some(Sourced::new("2021-07-09T14:02:11".into(), "meta"))
    );
}

#[test]
fn date_from_time_element_and_author_from_rel() {
    let body = format!(
        r#"<article><a rel="author" href="/people/ines">Ines Falk</a>
        <time datetime="2022-11-30T08:00">Nov 30</time><p>{P1}</p><p>{P2}</p></article>"#
    );
    let e = ex(&page("", &body));
    assert_eq!(
        e.published,
        Some(Sourced::new("2022-11-30T08:00".into(), "time"))
    );
    assert_eq!(
        e.authors,
        Some(Sourced::new(vec!["Ines Falk".into()], "meta"))
    );
}

#[test]
fn date_from_url_segments_and_given_url() {
    let given = GivenMeta {
        url: Some("https://gazette.example/2024/02/28/lighthouse".into()),
        ..Default::default()
    };
    let e = extract(&page("", &format!("<p>{P1}</p>")), &given);
    assert_eq!(e.published, Some(Sourced::new("2024-02-28".into(), "url")));
    // The page names no URL: `clean` falls back on the given one.
    assert_eq!(e.url, None);
    // Not whole segments: no date.
    let given = GivenMeta {
        url: Some("https://gazette.example/story-20240228/x".into()),
        ..Default::default()
    };
    assert_eq!(
        extract(&page("", &format!("<p>{P1}</p>")), &given).published,
        None
    );
}

#[test]
fn no_published_date_after_the_crawl() {
    let head = r#"<meta property="article:published_time" content="2030-01-01">
        <meta name="date" content="2019-05-05">"#;
    let given = GivenMeta {
        crawled: Some("2020-02-02T10:00:00Z".into()),
        ..Default::default()
    };
    let e = extract(&page(head, &format!("<p>{P1}</p>")), &given);
    assert_eq!(e.published, Some(Sourced::new("2019-05-05".into(), "meta")));
}

#[test]
fn json_ld_body_used_only_when_clearly_fuller() {
    let full = format!("{P1}\n{P2}\n{P3}");
    let ld = format!(
        r#"<script type="application/ld+json">{{"@type":"NewsArticle","headline":"H","articleBody":{}}}</script>"#,
        serde_json::to_string(&full).unwrap_or_default()
    );
    // The DOM only has a teaser: the JSON-LD body wins.
    let e = ex(&page(&ld, &format!("<article><p>{P1}</p></article>")));
    assert_eq!(e.blocks.len(), 3);
    assert_eq!(e.blocks[2].1, P3);
    // A truncated JSON-LD body loses against the full DOM text.
    let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","articleBody":"The harbour council of Vellmark voted..."}</script>"#;
    let e = ex(&page(
        ld,
        &format!("<article><p>{P1}</p><p>{P2}</p><p>{P3}</p></article>"),
    ));
    assert_eq!(e.blocks.len(), 3);
    assert_eq!(e.blocks[0].1, P1);
}

#[test]
fn entities_and_whitespace() {
    let html = page(
        "",
        "<article><p>Salt&amp;Pepper&nbsp;Ltd   opened\n\t a shop in the old quay, \
         selling&#160;spices &lt;cheaply&gt;,<br>said the owner, Kai Moro, to reporters there.</p></article>",
    );
    let e = ex(&html);
    assert_eq!(
        body(&e),
        "Salt&Pepper Ltd opened a shop in the old quay, selling spices <cheaply>, said the owner, Kai Moro, to reporters there."
    );
}

#[test]
fn deep_nesting_does_not_overflow() {
    let depth = 10_000;
    let mut html = String::from("<html><body>");
    for _ in 0..depth {
        html.push_str("<div>");
    }
    html.push_str(&format!("<p>{P1}</p><p>{P2}</p>"));
    for _ in 0..depth {
        html.push_str("</div>");
    }
    html.push_str("</body></html>");
    let e = ex(&html);
    assert!(body(&e).contains(P2));
    // Deeply nested inline formatting too.
    let mut html = String::from("<p>");
    for _ in 0..depth {
        html.push_str("<span>");
    }
    html.push_str(P3);
    let e = ex(&html);
    assert!(body(&e).contains(P3));
}

#[test]
fn page_without_article_gives_no_blocks() {
    for html in [
        "",
        "<html><head><title>Nothing</title></head><body></body></html>",
        "<nav><a href='/'>Home</a> <a href='/x'>About</a></nav>",
        "<<<>>> </p></div><p",
        "\u{0}\u{feff}",
    ] {
        let e = ex(html);
        assert!(e.blocks.is_empty(), "{html:?} gave {:?}", e.blocks);
    }
}

#[test]
fn cjk_and_rtl_text_kept_whole() {
    let zh = "港口委员会周二投票决定重建旧灯塔，这个项目已经争论了十一年，工程将于明年春天开始，费用由渔业协会共同承担。";
    let ar = "صوّت مجلس الميناء يوم الثلاثاء على إعادة بناء المنارة القديمة، وهو مشروع نوقش لمدة أحد عشر عاماً، وسيبدأ العمل في الربيع المقبل.";
    let html = format!(
        "<html lang=\"zh-CN\"><body><article><p>{zh}</p><p>{zh}</p></article></body></html>"
    );
    let e = ex(&html);
    assert_eq!(e.blocks, vec![(BlockKind::Paragraph, zh.to_string()); 2]);
    assert_eq!(e.language.as_ref().map(|l| l.value.as_str()), Some("zh"));
    let html = format!(
        "<html lang=\"ar\" dir=\"rtl\"><body><nav><a href=\"/\">الرئيسية</a></nav><article><p>{ar}</p></article></body></html>"
    );
    let e = ex(&html);
    assert_eq!(e.blocks, vec![(BlockKind::Paragraph, ar.to_string())]);
}

#[test]
fn big_page_is_linear() {
    let mut html = String::from("<html><body><article>");
    let para = format!("<p>{P1} <a href='/x'>link</a></p><div class='ad'>buy</div>");
    while html.len() < 2_000_000 {
        html.push_str(&para);
    }
    html.push_str("</article></body></html>");
    let t = std::time::Instant::now();
    let e = ex(&html);
    assert!(e.blocks.len() > 5_000);
    assert!(t.elapsed().as_secs() < 60);
}

#[test]
fn dates_normalise() {
    use super::dates::{normalize, url_date};
    assert_eq!(
        normalize("2023-03-03T09:15:00+01:00").as_deref(),
        Some("2023-03-03T09:15:00")
    );
    assert_eq!(
        normalize("2023-03-03 09:15").as_deref(),
        Some("2023-03-03T09:15")
    );
    assert_eq!(normalize("March 3, 2023").as_deref(), Some("2023-03-03"));
    assert_eq!(normalize("3 March 2023").as_deref(), Some("2023-03-03"));
    assert_eq!(normalize("20230303").as_deref(), Some("2023-03-03"));
    assert_eq!(normalize("2023-02-30"), None);
    assert_eq!(normalize("soon"), None);
    assert_eq!(
        url_date("https://x.example/2024/2/8/story").as_deref(),
        Some("2024-02-08")
    );
}

/// A 50 MB page, timed: `cargo test --release ... huge_page -- --ignored --nocapture`.
#[test]
#[ignore]
fn huge_page() {
    let mut html = String::from("<html><body><div class='content'>");
    let para = format!(
        "<p>{P1} <a href='/x'>link</a></p><div class='share'><a href='#'>share</a></div><ul><li><b><i>{P2}</i></b></li></ul>"
    );
    while html.len() < 50_000_000 {
        html.push_str(&para);
    }
    let t = std::time::Instant::now();
    let e = ex(&html);
    println!(
        "50 MB: {} blocks in {:.2}s",
        e.blocks.len(),
        t.elapsed().as_secs_f64()
    );
    assert!(e.blocks.len() > 100_000);
}

#[test]
fn og_title_loses_only_a_site_suffix() {
    use super::meta::strip_known_site;
    assert_eq!(
        strip_known_site("Harbour vote | Vellmark Gazette", "Vellmark Gazette"),
        "Harbour vote"
    );
    assert_eq!(
        strip_known_site("Gazette - Harbour vote", "The Gazette"),
        "Harbour vote"
    );
    assert_eq!(
        strip_known_site("The Gazette view on the harbour | Editorial", "The Gazette"),
        "The Gazette view on the harbour | Editorial"
    );
}

#[test]
fn table_rows_stay_whole_and_trailing_furniture_goes() {
    let html = page(
        "",
        &format!(
            "<article><p>{P1}</p><table><tr><th>Crew</th><th>Shifts</th></tr>\
             <tr><td>North dock</td><td>12</td></tr></table><p>{P2}</p>\
             <p>Sign up for our newsletter to get harbour news every morning.</p>\
             <h3>More from the harbour</h3><ul><li><a href='/1'>Quay repairs delayed again</a></li>\
             <li><a href='/2'>Ferry timetable changes from Monday</a></li></ul></article>"
        ),
    );
    let e = ex(&html);
    let texts: Vec<&str> = e.blocks.iter().map(|b| b.1.as_str()).collect();
    assert_eq!(texts, vec![P1, "Crew Shifts", "North dock 12", P2]);
}

#[test]
fn tooltips_inside_paragraphs_are_dropped() {
    let html = page(
        "",
        &format!(
            "<article><p>The plan was backed by <span class=\"person-tooltip\">Odile Brann\
             <span class=\"tooltip-card\">Latest stories about her and the council</span></span> \
             and by the guild, which will pay half of the bill.</p><p>{P2}</p></article>"
        ),
    );
    let e = ex(&html);
    assert!(
        e.blocks[0]
            .1
            .starts_with("The plan was backed by and by the guild"),
        "{:?}",
        e.blocks
    );
}

#[test]
fn json_ld_body_with_escaped_markup_is_cleaned() {
    let full =
        format!("&lt;p&gt;{P1}&lt;/p&gt;&lt;p&gt;{P2} &amp; more&lt;/p&gt;&lt;p&gt;{P3}&lt;/p&gt;");
    let ld = format!(
        r#"<script type="application/ld+json">{{"@type":"NewsArticle","articleBody":{}}}</script>"#,
        serde_json::to_string(&full).unwrap_or_default()
    );
    let e = ex(&page(&ld, "<article><p>Short teaser only.</p></article>"));
    assert_eq!(e.blocks.len(), 3, "{:?}", e.blocks);
    assert_eq!(e.blocks[1].1, format!("{P2} & more"));
}

#[test]
fn double_br_splits_paragraphs_and_by_sentences_are_kept() {
    let html = page(
        "",
        &format!(
            "<div class=\"story\">{P1}<br>{P2}<br><br>\n{P3}<p>By the end of the day, the quay was empty.</p></div>"
        ),
    );
    let e = ex(&html);
    let texts: Vec<&str> = e.blocks.iter().map(|b| b.1.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            &format!("{P1} {P2}") as &str,
            P3,
            "By the end of the day, the quay was empty."
        ]
    );
}

#[test]
fn truncated_and_malformed_pages_do_not_panic() {
    let html = article_page()
        + "<script type=\"application/ld+json\">{\"@graph\": [[[{\"author\": {\"name\": 5}}]]], \"x\": [</script>";
    let mut cut = 0;
    while cut < html.len() {
        if html.is_char_boundary(cut) {
            let _ = ex(&html[..cut]);
        }
        cut += 41;
    }
    let garbage = "<p>\u{0}&#xD800;&#99999999;&;&#;<a href=\"\"><<p>é</a></p><time datetime=\"2023-13-45\">x</time>";
    let e = ex(garbage);
    assert_eq!(e.published, None);
}

#[test]
fn picture_captions_without_figcaption_are_dropped() {
    let html = page(
        "",
        &format!(
            "<article><p>{P1}</p><figure><img src=\"a.jpg\"><p class=\"pic\">The quay at dawn. Photo: Lena Ort</p></figure><p>{P2}</p></article>"
        ),
    );
    let b = body(&ex(&html));
    assert!(b.contains(P2) && !b.contains("quay at dawn"), "{b}");
}

#[test]
fn deep_nesting_of_every_kind_of_element_stays_fast() {
    for tag in [
        "time",
        "figure",
        "li",
        "table",
        "a",
        "b",
        "article",
        "blockquote",
        "section",
    ] {
        let depth = 2_000;
        let mut html = String::new();
        for _ in 0..depth {
            html.push_str(&format!("<{tag} class=\"byline date\" rel=\"author\">x "));
        }
        html.push_str(&format!("<p>{P1}</p>"));
        let t = std::time::Instant::now();
        let _ = ex(&html);
        println!("{tag}: {:?}", t.elapsed());
        assert!(t.elapsed().as_secs() < 20, "{tag} took {:?}", t.elapsed());
    }
}

#[test]
fn json_ld_body_wins_when_dom_text_is_unrelated() {
    let full = format!("{P1}\n{P2}");
    let ld = format!(
        r#"<script type="application/ld+json">{{"@type":"NewsArticle","articleBody":{}}}</script>"#,
        serde_json::to_string(&full).unwrap_or_default()
    );
    let other = "A reader wrote at length about parking near the ferry terminal, which, in their view, \
                 has become impossible since the new rules, and asked the council to reconsider them soon.";
    let e = ex(&page(
        &ld,
        &format!("<div><p>{other}</p><p>{other}</p></div>"),
    ));
    assert_eq!(e.blocks.len(), 2);
    assert_eq!(e.blocks[0].1, P1);
}

#[test]
fn site_logo_h1_in_header_is_not_the_title() {
    let html = page(
        "",
        &format!(
            "<header><h1>Vellmark Gazette</h1></header><div><h1>Quay reopens</h1><p>{P1}</p><p>{P2}</p></div>"
        ),
    );
    let t = ex(&html).title.expect("title");
    assert_eq!((t.value.as_str(), t.source), ("Quay reopens", "h1"));
}

#[test]
fn h1_in_the_article_header_is_the_title() {
    let html = page(
        "",
        &format!(
            "<header><div class=\"logo\">Gazette</div></header><article><header><h1>Quay reopens</h1></header><p>{P1}</p><p>{P2}</p></article>"
        ),
    );
    let t = ex(&html).title.expect("title");
    assert_eq!((t.value.as_str(), t.source), ("Quay reopens", "h1"));
}

#[test]
fn json_ld_with_raw_newlines_in_strings_is_read() {
    let ld = "<script type=\"application/ld+json\">{\"@type\": \"BlogPosting\", \"headline\": \"Quay\nreopens\", \"datePublished\": \"2020-04-01\"}</script>";
    let e = ex(&page(ld, &format!("<p>{P1}</p>")));
    assert_eq!(
        e.title,
        Some(Sourced::new("Quay reopens".into(), "json-ld"))
    );
    assert_eq!(
        e.published,
        Some(Sourced::new("2020-04-01".into(), "json-ld"))
    );
}

#[test]
fn a_page_of_one_short_paragraph_keeps_it() {
    let para = "The ferry between Port Aldren and Lindqvist Island sailed again on Monday, four days after a storm tore the pier apart, the operator said.";
    for depth in [0, 10, 10_000] {
        let html = format!(
            "<html><body>{}<p>{para}</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let ex = super::extract(&html, &crate::ingest::GivenMeta::default());
        assert_eq!(ex.blocks.len(), 1, "depth {depth}: {:?}", ex.blocks);
        assert_eq!(ex.blocks[0].1, para);
    }
}

#[test]
fn metadata_from_microdata() {
    let html = page(
        "<title>Page</title>",
        &format!(
            r#"<div itemscope itemtype="https://schema.org/NewsArticle">
<h2 class="kicker">Harbour</h2>
<span itemprop="headline">Lighthouse keepers return to the north pier</span>
<div itemprop="author" itemscope itemtype="https://schema.org/Person">By <span itemprop="name">Ines Falk</span>, harbour reporter</div>
<span itemprop="creator">Oren Dahl</span>
<time itemprop="datePublished" datetime="2023-03-03T09:15">Friday</time>
<span itemprop="dateModified" content="2023-03-04">updated</span>
<div itemprop="publisher" itemscope itemtype="https://schema.org/Organization"><span itemprop="name">Vellmark Gazette</span><img itemprop="logo" src="l.png"></div>
<div itemprop="articleBody"><p>{P1}</p><p>{P2}</p></div>
<div itemprop="comment" itemscope itemtype="https://schema.org/Comment"><span itemprop="author">Reader Nine</span><p itemprop="text">Lovely.</p></div>
</div>"#
        ),
    );
    let e = ex(&html);
    assert_eq!(
        e.title,
        Some(Sourced::new(
            "Lighthouse keepers return to the north pier".into(),
            "microdata"
        ))
    );
    assert_eq!(
        e.authors,
        Some(Sourced::new(
            vec!["Ines Falk".into(), "Oren Dahl".into()],
            "microdata"
        ))
    );
    assert_eq!(
        e.published,
        Some(Sourced::new("2023-03-03T09:15".into(), "microdata"))
    );
    assert_eq!(
        e.modified,
        Some(Sourced::new("2023-03-04".into(), "microdata"))
    );
    assert_eq!(
        e.outlet,
        Some(Sourced::new("Vellmark Gazette".into(), "microdata"))
    );
    assert!(body(&e).starts_with(&P1[..40]));
}

#[test]
fn author_labels_and_lists_split_into_names() {
    use super::meta::split_names;
    assert_eq!(
        split_names("By Ines Falk and Oren Dahl"),
        ["Ines Falk", "Oren Dahl"]
    );
    assert_eq!(split_names("Текст: Мира Ковач"), ["Мира Ковач"]);
    assert_eq!(split_names("Words: Tomas Reede"), ["Tomas Reede"]);
    // A colon later in the line is not a label.
    assert_eq!(split_names("Tomas Reede"), ["Tomas Reede"]);
}
