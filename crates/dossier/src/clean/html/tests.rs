use super::*;
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

/// Measures on the dev pack: `cargo test --release -p dossier --lib clean::html::tests::bench -- --ignored --nocapture`.
#[test]
#[ignore]
fn bench() {
    let path = "/work/shared/bench/extraction/dev/pages.jsonl";
    let Ok(src) = std::fs::read_to_string(path) else {
        return;
    };
    let pages: Vec<serde_json::Value> = src
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let t0 = std::time::Instant::now();
    let mut out = String::new();
    for p in &pages {
        let html = p["html"].as_str().unwrap_or("");
        let given = GivenMeta {
            url: p["url"].as_str().map(str::to_string),
            ..Default::default()
        };
        let e = extract(html, &given);
        let line = serde_json::json!({"id": p["id"], "body": body(&e),
            "title": e.title.as_ref().map(|t| t.value.clone()),
            "published": e.published.as_ref().map(|t| format!("{} ({})", t.value, t.source)),
            "authors": e.authors.as_ref().map(|t| format!("{:?} ({})", t.value, t.source)),
            "outlet": e.outlet.as_ref().map(|t| t.value.clone()),
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    let dt = t0.elapsed().as_secs_f64();
    println!("{} pages in {:.2}s: {:.1} pages/s", pages.len(), dt, pages.len() as f64 / dt);
    std::fs::write("/tmp/ext.jsonl", out).expect("write");
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
