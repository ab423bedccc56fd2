//! The `dossier` binary end to end: the example corpus, every kind of bad input, the formats.

use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("dossier-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const GOOD: &str = "Ferry service resumes on Lindqvist Island\n\nThe ferry between Port Aldren and Lindqvist Island sailed again on Monday, four days after a storm tore the pier apart, the operator said.\n\n“We are back,” said Ingrid Sol, the operations director of the Coastline Ferry Company.\n";

#[test]
fn bad_inputs_are_reported_and_good_ones_all_come_through() {
    let d = scratch("bad");
    std::fs::write(d.join("good.txt"), GOOD).unwrap();
    std::fs::write(d.join("empty.txt"), "").unwrap();
    std::fs::write(
        d.join("binary.txt"),
        [0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0, 7, 8].repeat(100),
    )
    .unwrap();
    // Windows-1252 curly quotes: not UTF-8, decoded with the fallback.
    let mut latin = b"The mayor of Brenmoor said the mill road would close for the summer, and the council agreed. ".to_vec();
    latin.extend_from_slice(b"\x93We have no choice,\x94 she said.\n");
    std::fs::write(d.join("latin.txt"), &latin).unwrap();
    std::fs::write(
        d.join("feed.jsonl"),
        format!(
            "{}\n{{\"id\": \"broken\", \"text\": \n{}\n",
            serde_json::json!({"id": "j1", "text": GOOD}),
            serde_json::json!({"id": "j2", "text": GOOD.replace("Monday", "Tuesday")})
        ),
    )
    .unwrap();
    // A gzip cut in the middle.
    let gz = {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(GOOD.repeat(200).as_bytes()).unwrap();
        e.finish().unwrap()
    };
    std::fs::write(d.join("cut.txt.gz"), &gz[..gz.len() / 2]).unwrap();
    // HTML nested 10,000 deep.
    let deep = format!(
        "<html><body>{}<p>{}</p>{}</body></html>",
        "<div>".repeat(10_000),
        GOOD.replace('\n', " "),
        "</div>".repeat(10_000)
    );
    std::fs::write(d.join("deep.html"), deep).unwrap();
    // A 50 MB article.
    let big: String = GOOD.repeat(50_000_000 / GOOD.len() + 1);
    std::fs::write(d.join("big.txt"), &big).unwrap();

    let out = bin().arg("annotate").arg(&d).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let ids: Vec<String> = stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    for good in ["good", "latin", "j1", "j2", "deep", "big"] {
        assert!(
            ids.contains(&good.to_string()),
            "{good} missing from {ids:?}\n{stderr}"
        );
    }
    let latin_doc = stdout
        .lines()
        .find(|l| l.contains("\"id\":\"latin\""))
        .unwrap();
    assert!(latin_doc.contains("“We have no choice,”"), "{latin_doc}");
    for (bad, why) in [
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
        ("feed.jsonl:2", "JSON"),
        ("cut.txt.gz", "gzip"),
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(bad) && l.to_lowercase().contains(&why.to_lowercase())),
            "no report for {bad} ({why}) in:\n{stderr}"
        );
    }
    assert!(stderr.contains("4 skipped"), "{stderr}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn the_example_corpus_briefs_in_every_format() {
    let examples = repo().join("examples/lindqvist");
    let out = bin()
        .args(["brief", "--format", "json", "-q"])
        .arg(&examples)
        .output()
        .unwrap();
    assert!(out.status.success());
    let b: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = b["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 4, "every example article is read");
    // Ingrid Sol is one person across outlets, and her words are linked across them.
    let sol = b["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Ingrid Sol")
        .expect("Ingrid Sol");
    assert_eq!(sol["type"], "PERSON");
    assert!(sol["documents"].as_array().unwrap().len() >= 2);
    let q = b["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| {
            q["text"]
                .as_str()
                .unwrap()
                .starts_with("We will not put a boat")
        })
        .unwrap();
    assert_eq!(q["speaker"], "Ingrid Sol");
    assert!(!q["also_in"].as_array().unwrap().is_empty());
    // Every summary sentence is copied from the document it cites.
    for s in b["summary"].as_array().unwrap() {
        let d = docs.iter().find(|d| d["id"] == s["doc"]).unwrap();
        assert!(
            d["body"]
                .as_str()
                .unwrap()
                .contains(s["text"].as_str().unwrap())
        );
    }
    for fmt in ["md", "html"] {
        let out = bin()
            .args(["brief", "--format", fmt, "-q"])
            .arg(&examples)
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("Ingrid Sol"), "{fmt}");
    }
}

#[test]
fn standard_input_and_output_files_work() {
    let d = scratch("stdin");
    let mut child = bin()
        .args(["brief", "--format", "md", "-q", "-o"])
        .arg(d.join("b.md"))
        .arg("-")
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(GOOD.as_bytes())
            .unwrap();
    }
    assert!(child.wait().unwrap().success());
    let md = std::fs::read_to_string(d.join("b.md")).unwrap();
    assert!(md.contains("Lindqvist"));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn furniture_repeated_across_a_sites_pages_is_left_out() {
    let d = scratch("furniture");
    let box_line = "The Lindqvist Ledger is owned by its readers through the island cooperative.";
    let stories = [
        "The ferry between Port Aldren and Lindqvist Island sailed again on Monday, four days after a storm tore the pier apart.",
        "The island's school reopened on Tuesday with a new roof paid for by a fund the fishermen's guild set up in the spring.",
        "Councillors on Lindqvist Island voted on Wednesday to buy a second ferry, at a cost the treasurer put at 2.4 million crowns.",
    ];
    let lines: Vec<String> = stories
        .iter()
        .enumerate()
        .map(|(k, s)| {
            serde_json::json!({
                "id": format!("p{k}"),
                "url": format!("https://ledger.example/news/{k}"),
                "text": format!("{s}\n\n{box_line}\n\nThe harbour master said more news would follow."),
            })
            .to_string()
        })
        .collect();
    std::fs::write(d.join("site.jsonl"), lines.join("\n") + "\n").unwrap();
    let out = bin()
        .args(["annotate"])
        .arg(d.join("site.jsonl"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let docs: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 3);
    for (doc, story) in docs.iter().zip(stories) {
        let body = doc["body"].as_str().unwrap();
        assert!(body.starts_with(story), "{body}");
        assert!(!body.contains("island cooperative"), "{body}");
        assert!(!body.contains("harbour master"), "{body}");
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("6 blocks left out as site furniture"),
        "{stderr}"
    );
}
