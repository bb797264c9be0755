//! Replays the fuzz regression corpus (`tests/fuzz_corpus/`): inputs the
//! `warc` and `jsonl` fuzz targets in `fuzz/` found interesting or that once
//! crashed. Reading must never panic and must finish promptly.

use std::path::Path;
use std::time::{Duration, Instant};

fn replay(kind: &str, f: fn(&str, &[u8]) -> Vec<consilience_ingest::Item>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_corpus").join(kind);
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let p = e.unwrap().path();
        let data = std::fs::read(&p).unwrap();
        let t = Instant::now();
        let _ = f("fuzz", &data);
        assert!(t.elapsed() < Duration::from_secs(10), "{} took {:?}", p.display(), t.elapsed());
        n += 1;
    }
    assert!(n > 0, "empty corpus {}", dir.display());
}

#[test]
fn warc_corpus() {
    replay("warc", consilience_ingest::parse_warc);
}

#[test]
fn jsonl_corpus() {
    replay("jsonl", consilience_ingest::parse_jsonl);
}
