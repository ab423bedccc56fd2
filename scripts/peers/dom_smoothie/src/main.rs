//! Times dom_smoothie's readability extraction over the `html` of a JSONL pack, pages loaded
//! first (so its figure leaves out reading, which Dossier's own bench includes).

use std::io::BufRead;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dom-smoothie-bench PAGES.jsonl");
        std::process::exit(2);
    };
    let file = std::fs::File::open(&path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        std::process::exit(2)
    });
    let pages: Vec<String> = std::io::BufReader::new(file)
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(&l).ok())
        .map(|v| v["html"].as_str().unwrap_or("").to_string())
        .collect();
    let t = std::time::Instant::now();
    let mut chars = 0usize;
    for h in &pages {
        if let Ok(mut r) = dom_smoothie::Readability::new(h.as_str(), None, None)
            && let Ok(a) = r.parse()
        {
            chars += a.text_content.len();
        }
    }
    let dt = t.elapsed().as_secs_f64();
    println!(
        "dom_smoothie: {} pages in {dt:.3}s: {:.1} pages/s ({chars} bytes of text)",
        pages.len(),
        pages.len() as f64 / dt
    );
}
