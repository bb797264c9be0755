//! `consilience analyze`: one text, and many as JSON lines (the path the
//! evaluation gates take) give the same analysis.
mod common;

use common::{run, run_json};
use serde_json::Value;

const TEXT: &str = "BAGHDAD (Reuters) - Two rockets hit the U.S. embassy in Baghdad on Friday, \
an Iraqi security official said. No group claimed responsibility.";

#[test]
fn lines_give_the_single_text_analysis() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.txt");
    std::fs::write(&one, TEXT).unwrap();
    let single = run_json(&["analyze", one.to_str().unwrap(), "--published", "2023-12-08", "--json"]);

    let lines = dir.path().join("many.jsonl");
    let feed = [
        serde_json::json!({"id": "a", "text": TEXT, "published": "2023-12-08"}).to_string(),
        "{not json".to_string(),
        serde_json::json!({"id": 7, "text": TEXT}).to_string(),
    ]
    .join("\n");
    std::fs::write(&lines, feed).unwrap();
    let out = run(&["analyze", "--jsonl", lines.to_str().unwrap(), "--published", "2024-01-02"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 2"), "the bad line is named: {stderr}");
    let docs: Vec<Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(docs.len(), 2, "the bad line is skipped, the others analysed");
    assert_eq!(docs[0]["id"], "a");
    assert_eq!(docs[1]["id"], 7);
    for key in ["sentences", "times", "numbers", "places", "claims", "event"] {
        assert_eq!(docs[0][key], single[key], "{key} differs between one text and a line");
    }
    // A line without its own date is anchored at --published.
    let friday =
        |d: &Value| d["times"].as_array().unwrap().iter().find(|t| t["text"] == "Friday").unwrap()["value"].clone();
    assert_eq!(friday(&docs[0]), "2023-12-08");
    assert_eq!(friday(&docs[1]), "2023-12-29");
}

#[test]
fn a_file_of_bad_lines_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let lines = dir.path().join("junk.jsonl");
    std::fs::write(&lines, "junk\n{\"id\": 1}\n").unwrap();
    let out = run(&["analyze", "--jsonl", lines.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("junk.jsonl"), "{stderr}");
}
