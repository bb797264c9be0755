//! The five seed reports (plain text) against `shared/seeds/expected.json`:
//! titles, kept sentences, removed boilerplate, timestamp, datelines.
//! Reads the seeds from the `shared` folder beside the repository; skips with
//! a note when it is absent.

use consilience_core::{ContentKind, RawReport, SourceMeta};
use consilience_extract::{Extracted, Extractor};
use std::path::{Path, PathBuf};

fn seeds_dir() -> Option<PathBuf> {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    if d.join("expected.json").exists() {
        Some(d)
    } else {
        eprintln!("note: {} not found; seed tests skipped", d.display());
        None
    }
}

/// Extracts every seed: (short name "000", result).
fn extract_all(dir: &Path) -> Vec<(String, Extracted)> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|p| {
            let raw = RawReport {
                source: p.display().to_string(),
                kind: ContentKind::Text,
                bytes: std::fs::read(&p).unwrap(),
                meta: SourceMeta::default(),
            };
            let short = p.file_name().unwrap().to_string_lossy()[..3].to_string();
            (short, Extractor::new().extract(&raw).expect("seed extracts"))
        })
        .collect()
}

fn expected(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap()
}

#[test]
fn seed_titles() {
    let Some(dir) = seeds_dir() else { return };
    let exp = expected(&dir);
    let all = extract_all(&dir);
    assert_eq!(all.len(), 5);
    for (name, x) in &all {
        let want = exp["titles"][name.as_str()].as_str();
        assert_eq!(x.body.title.as_deref(), want, "title of {name}");
        if let Some(t) = want {
            assert_eq!(x.body.body.matches(t).count(), 0, "{name}: title repeated in body");
        }
    }
}

#[test]
fn seed_sentences_kept() {
    let Some(dir) = seeds_dir() else { return };
    let exp = expected(&dir);
    for (name, x) in extract_all(&dir) {
        let s = exp["sentences_present_in_bodies"][name.as_str()].as_str().unwrap();
        assert!(x.body.body.contains(s), "{name} lost {s:?}:\n{}", x.body.body);
    }
}

#[test]
fn seed_boilerplate_gone() {
    let Some(dir) = seeds_dir() else { return };
    let exp = expected(&dir);
    let junk: Vec<&str> =
        exp["boilerplate_absent_from_bodies"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    for (name, x) in extract_all(&dir) {
        for j in &junk {
            assert!(!x.body.body.contains(j), "{name} keeps {j:?}:\n{}", x.body.body);
        }
        // Paragraphs are separated by one blank line, with no empty ones.
        assert!(!x.body.body.contains("\n\n\n"), "{name}");
        assert!(x.body.body.split("\n\n").all(|p| !p.trim().is_empty()), "{name}");
    }
}

#[test]
fn seed_metadata() {
    let Some(dir) = seeds_dir() else { return };
    let all = extract_all(&dir);
    let get = |n: &str| &all.iter().find(|(k, _)| k == n).unwrap().1.body;
    // The page stamp of 000 is its publish (repost) time and leaves the body.
    assert_eq!(get("000").published.as_deref(), Some("2024-08-16T09:42:49"));
    assert!(!get("000").body.contains("2024-08-16"));
    // "VIDEO: <title>" goes; the sub-heading stays.
    assert!(!get("000").body.contains("VIDEO:"));
    assert!(get("000").body.contains("Almost 80 attacks"));
    // Datelines: kept in the body, given beside it, agency as outlet.
    assert_eq!(get("002").dateline.as_deref(), Some("BAGHDAD, Dec 8 (Reuters)"));
    assert_eq!(get("002").outlet.as_deref(), Some("Reuters"));
    assert!(get("002").body.starts_with("BAGHDAD, Dec 8 (Reuters)"));
    assert_eq!(get("004").dateline.as_deref(), Some("BAGHDAD (AFP)"));
    assert_eq!(get("004").outlet.as_deref(), Some("AFP"));
    assert!(get("004").body.starts_with("BAGHDAD (AFP): Multiple rockets"));
    // 004's teasers of 2025 stories must not date it.
    assert_eq!(get("004").published, None);
    assert!(get("004").body.ends_with("“We are closer than you think.”"));
    for (name, x) in &all {
        assert_eq!(x.body.lang.as_deref(), Some("en"), "{name}");
    }
}
