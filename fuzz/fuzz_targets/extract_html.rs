//! HTML extraction: any bytes, as an HTML report, must extract or fail cleanly.
#![no_main]
use consilience_core::{ContentKind, RawReport, SourceMeta};
use consilience_extract::Extractor;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks a source URL (none, plain, dated) to reach the URL paths.
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
});
