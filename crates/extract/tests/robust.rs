//! Extraction never panics and stays bounded, whatever the bytes.

use consilience_core::{ContentKind, RawReport, SourceMeta};
use consilience_extract::Extractor;
use proptest::prelude::*;

fn raw(kind: ContentKind, bytes: Vec<u8>) -> RawReport {
    RawReport { source: "prop".into(), kind, bytes, meta: SourceMeta::default() }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), html in any::<bool>()) {
        let kind = if html { ContentKind::Html } else { ContentKind::Text };
        let _ = Extractor::new().extract(&raw(kind, bytes));
    }

    #[test]
    fn html_like_soup_never_panics(parts in proptest::collection::vec(
        prop_oneof![
            Just("<div>".to_string()), Just("</div>".to_string()), Just("<p>".to_string()),
            Just("<script>".to_string()), Just("<!--".to_string()), Just("&amp;".to_string()),
            Just("&#x1F600;".to_string()), Just("<meta charset=\"koi8-r\">".to_string()),
            Just("Share:".to_string()), Just("\n\n".to_string()), Just("…".to_string()),
            "[a-zA-Z .,]{0,80}",
        ], 0..200)) {
        let s: String = parts.concat();
        let _ = Extractor::new().extract(&raw(ContentKind::Html, s.clone().into_bytes()));
        let _ = Extractor::new().extract(&raw(ContentKind::Text, s.into_bytes()));
    }
}

#[test]
fn big_page_is_bounded() {
    // ~50 MB of paragraphs: goes the cheap way and finishes.
    let para = "<p>Rockets hit near the embassy early on Sunday, a military source said today.</p>\n";
    let page = format!("<html><body>{}</body></html>", para.repeat(50 * 1024 * 1024 / para.len()));
    let t = std::time::Instant::now();
    let x = Extractor::new().extract(&raw(ContentKind::Html, page.into_bytes())).unwrap();
    assert!(x.warnings.iter().any(|w| w.contains("too large or deep for a DOM")), "{:?}", x.warnings);
    assert!(x.body.body.starts_with("Rockets hit"));
    assert!(t.elapsed().as_secs() < 60, "{:?}", t.elapsed());
    // Bounded memory: a few copies of the page, never a DOM of it (peak of the whole test process).
    assert!(peak_rss_bytes() < 1 << 30, "peak RSS {} bytes", peak_rss_bytes());
}

#[test]
fn deep_page_is_bounded() {
    // 100,000 nested elements: no DOM (the parser would recurse and balloon), tags stripped.
    let page = format!(
        "<html><body>{}<p>The story text is here and long enough to count.</p></body></html>",
        "<div>".repeat(100_000)
    );
    let t = std::time::Instant::now();
    let x = Extractor::new().extract(&raw(ContentKind::Html, page.into_bytes())).unwrap();
    assert!(x.warnings.iter().any(|w| w.contains("too large or deep for a DOM")), "{:?}", x.warnings);
    assert!(x.body.body.contains("The story text is here"));
    assert!(t.elapsed().as_secs() < 10, "{:?}", t.elapsed());
    assert!(peak_rss_bytes() < 1 << 30, "peak RSS {} bytes", peak_rss_bytes());
}

/// Peak resident memory of this process so far (0 where unknown).
#[cfg(not(target_os = "linux"))]
fn peak_rss_bytes() -> u64 {
    0
}

/// Peak resident memory of this process so far (0 where unknown).
#[cfg(target_os = "linux")]
fn peak_rss_bytes() -> u64 {
    // SAFETY: getrusage writes into the struct we own.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) } != 0 {
        return 0;
    }
    ru.ru_maxrss as u64 * 1024 // kilobytes on Linux
}
