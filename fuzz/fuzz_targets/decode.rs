//! Charset detection and decoding: never panics; decoded text has no NUL.
#![no_main]
use consilience_core::ContentKind;
use libfuzzer_sys::fuzz_target;

const LABELS: &[Option<&str>] = &[None, Some("utf-8"), Some("iso-8859-1"), Some("shift_jis"), Some("utf-16"), Some("bogus")];

fuzz_target!(|data: &[u8]| {
    let Some((&sel, bytes)) = data.split_first() else {
        return;
    };
    let kind = if sel & 1 == 0 { ContentKind::Html } else { ContentKind::Text };
    let label = LABELS[(sel as usize >> 1) % LABELS.len()];
    if let Ok((text, _)) = consilience_extract::decode(bytes, kind, label) {
        assert!(!text.contains('\0'));
        assert!(!text.trim().is_empty());
    }
});
