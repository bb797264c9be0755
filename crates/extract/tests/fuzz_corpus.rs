//! Replays the fuzz regression corpus (`tests/fuzz_corpus/`): inputs the fuzz
//! targets in `fuzz/` found interesting or that once crashed, run through the
//! same checks as the targets (`extract_html`, `decode`), each within a time
//! bound. The first byte of each input selects options exactly as in the target.

use consilience_core::{ContentKind, RawReport, SourceMeta};
use consilience_extract::Extractor;
use std::path::Path;
use std::time::{Duration, Instant};

fn inputs(kind: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_corpus").join(kind);
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    v.sort();
    assert!(!v.is_empty(), "empty corpus {}", dir.display());
    v
}

/// Same as fuzz/fuzz_targets/extract_html.rs.
fn extract_html(data: &[u8]) {
    let (url, bytes) = match data.split_first() {
        Some((b, rest)) if b % 3 == 1 => (Some("https://example.org/news/2023/12/08/story"), rest),
        Some((b, rest)) if b % 3 == 2 => (Some("not a url"), rest),
        _ => (None, data),
    };
    let raw = RawReport {
        source: "fuzz.html".into(),
        kind: ContentKind::Html,
        bytes: bytes.to_vec(),
        meta: SourceMeta { url: url.map(str::to_string), ..Default::default() },
    };
    if let Ok(x) = Extractor::new().extract(&raw) {
        assert!(!x.body.body.trim().is_empty() || x.body.title.is_some());
    }
}

const LABELS: &[Option<&str>] =
    &[None, Some("utf-8"), Some("iso-8859-1"), Some("shift_jis"), Some("utf-16"), Some("bogus")];

/// Same as fuzz/fuzz_targets/decode.rs.
fn decode(data: &[u8]) {
    let Some((&sel, bytes)) = data.split_first() else {
        return;
    };
    let kind = if sel & 1 == 0 { ContentKind::Html } else { ContentKind::Text };
    let label = LABELS[(sel as usize >> 1) % LABELS.len()];
    if let Ok((text, _)) = consilience_extract::decode(bytes, kind, label) {
        assert!(!text.contains('\0'));
        assert!(!text.trim().is_empty());
    }
}

fn replay(kind: &str, f: fn(&[u8])) {
    for (name, data) in inputs(kind) {
        let t = Instant::now();
        f(&data);
        // Also without the selector byte, and as a plain-text report.
        if data.len() > 1 {
            f(&data[1..]);
        }
        assert!(t.elapsed() < Duration::from_secs(10), "{kind}/{name} took {:?}", t.elapsed());
    }
}

#[test]
fn html_corpus() {
    replay("html", extract_html);
}

#[test]
fn decode_corpus() {
    replay("decode", decode);
}

#[test]
fn html_corpus_as_text() {
    for (_, data) in inputs("html") {
        let raw =
            RawReport { source: "fuzz.txt".into(), kind: ContentKind::Text, bytes: data, meta: Default::default() };
        let _ = Extractor::new().extract(&raw);
    }
}
