//! The *extract* stage: turns one raw report (bytes of plain text or HTML)
//! into a [`Body`] — the story text without boilerplate, with title, publish
//! date, dateline, outlet, author, URL and language beside it.
//!
//! That is its one job. It decodes ([`decode`]), extracts the main content
//! (dom_smoothie for HTML, line rules for plain text), cleans it with the
//! shared boilerplate rules ([`rules`]) and fills metadata, falling back on
//! the source's [`SourceMeta`](consilience_core::SourceMeta) for each field.
//! It never panics on any input; pages too big or too deeply nested for a DOM
//! go through a cheap tag-stripping path, with a warning.
#![warn(missing_docs)]

mod clean;
mod dates;
mod decode;
mod html;
mod prestrip;
pub mod rules;
mod text;

use consilience_core::{Body, ContentKind, InputError, RawReport};

pub use decode::decode;

/// Default largest input taken (bytes); larger input is truncated with a warning.
pub const DEFAULT_MAX_BYTES: usize = 50 * 1024 * 1024;
/// Default largest HTML (bytes) parsed into a DOM; larger pages are tag-stripped.
pub const DEFAULT_MAX_DOM_BYTES: usize = 8 * 1024 * 1024;
/// Default largest number of elements parsed into a DOM.
pub const DEFAULT_MAX_ELEMENTS: usize = 60_000;
/// Default deepest element nesting parsed into a DOM.
pub const DEFAULT_MAX_DEPTH: usize = 400;

/// Extracts bodies from raw reports. Options bound the work done per report.
#[derive(Debug, Clone)]
pub struct Extractor {
    /// Input beyond this many bytes is cut off (with a warning).
    pub max_bytes: usize,
    /// HTML beyond this many bytes skips the DOM and is tag-stripped.
    pub max_dom_bytes: usize,
    /// HTML with more elements than this skips the DOM.
    pub max_elements: usize,
    /// HTML nested deeper than this skips the DOM.
    pub max_depth: usize,
}

impl Default for Extractor {
    fn default() -> Self {
        Extractor {
            max_bytes: DEFAULT_MAX_BYTES,
            max_dom_bytes: DEFAULT_MAX_DOM_BYTES,
            max_elements: DEFAULT_MAX_ELEMENTS,
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }
}

/// A report's body and the recoverable problems met on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    /// The story and its metadata.
    pub body: Body,
    /// Recoverable problems (charset guessed, input truncated, DOM skipped…).
    pub warnings: Vec<String>,
}

impl Extractor {
    /// An extractor with the default limits.
    pub fn new() -> Self {
        Self::default()
    }

    /// Decodes and extracts one report. Fails only when nothing usable can be
    /// got (binary junk, empty, undecodable); recoverable problems become warnings.
    pub fn extract(&self, raw: &RawReport) -> Result<Extracted, InputError> {
        let invalid = |reason: String| InputError::Invalid { source_name: raw.source.clone(), reason };
        let mut warnings = Vec::new();
        let mut bytes: &[u8] = &raw.bytes;
        if bytes.len() > self.max_bytes {
            warnings.push(format!("input of {} bytes truncated to {} bytes", bytes.len(), self.max_bytes));
            bytes = &bytes[..self.max_bytes];
        }
        let (text, w) = decode(bytes, raw.kind, raw.meta.charset.as_deref()).map_err(invalid)?;
        warnings.extend(w);
        let meta = &raw.meta;
        let mut body = match raw.kind {
            ContentKind::Text => text::extract(&text, meta.title.as_deref()).body,
            ContentKind::Html => self.html(&text, meta.url.as_deref(), &mut warnings),
        };
        // Source metadata is the fallback for every field.
        if body.title.is_none() {
            body.title = meta.title.clone();
        }
        if body.published.is_none() {
            body.published = meta.published.clone();
        }
        if body.outlet.is_none() {
            body.outlet = meta.outlet.clone();
        }
        if body.outlet.is_none() {
            // The agency named in the dateline, when nothing else names the outlet.
            body.outlet = body.dateline.as_deref().and_then(clean::dateline_agency).map(str::to_string);
        }
        if body.url.is_none() {
            body.url = meta.url.clone();
        }
        if body.lang.is_none() {
            body.lang = meta.lang.as_deref().and_then(html::lang_code);
        }
        if body.lang.is_none() {
            body.lang = detect_lang(&body.body);
        }
        if body.body.trim().is_empty() {
            if body.title.is_none() {
                return Err(invalid("no text found".to_string()));
            }
            warnings.push("no body text found".to_string());
        }
        Ok(Extracted { body, warnings })
    }

    fn html(&self, text: &str, url: Option<&str>, warnings: &mut Vec<String>) -> Body {
        let too_big = text.len() > self.max_dom_bytes;
        // Scripts, styles, SVG, navigation, comments and unread attributes go
        // before the DOM is built (pages too big for a DOM are tag-stripped below).
        let stripped = if too_big { String::new() } else { prestrip::prestrip(text) };
        let text = if too_big { text } else { stripped.as_str() };
        let (elements, depth) = if too_big { (0, 0) } else { html::measure(text) };
        if too_big || elements > self.max_elements || depth > self.max_depth {
            warnings.push(format!(
                "page too large or deep for a DOM ({} bytes, {} elements, depth {}); tags stripped",
                text.len(),
                elements,
                depth
            ));
            let paras = html::strip_tags(text);
            let cleaned = clean::clean(paras, None);
            let mut body = Body { body: cleaned.paragraphs.join("\n\n"), ..Default::default() };
            body.published = url.and_then(dates::from_url);
            return body;
        }
        html::extract(text, url, warnings)
    }
}

/// ISO 639-1 code of the body's language, when whatlang is confident.
fn detect_lang(text: &str) -> Option<String> {
    let sample: String = text.chars().take(4000).collect();
    let info = whatlang::detect(&sample)?;
    if !info.is_reliable() && sample.chars().count() < 200 {
        return None;
    }
    iso639_1(info.lang().code()).map(str::to_string)
}

/// ISO 639-3 (whatlang) → ISO 639-1.
fn iso639_1(code3: &str) -> Option<&'static str> {
    const MAP: &[(&str, &str)] = &[
        ("eng", "en"),
        ("rus", "ru"),
        ("cmn", "zh"),
        ("spa", "es"),
        ("por", "pt"),
        ("ita", "it"),
        ("ben", "bn"),
        ("fra", "fr"),
        ("deu", "de"),
        ("ukr", "uk"),
        ("kat", "ka"),
        ("ara", "ar"),
        ("hin", "hi"),
        ("jpn", "ja"),
        ("heb", "he"),
        ("yid", "yi"),
        ("pol", "pl"),
        ("amh", "am"),
        ("jav", "jv"),
        ("kor", "ko"),
        ("nob", "nb"),
        ("dan", "da"),
        ("swe", "sv"),
        ("fin", "fi"),
        ("tur", "tr"),
        ("nld", "nl"),
        ("hun", "hu"),
        ("ces", "cs"),
        ("ell", "el"),
        ("bul", "bg"),
        ("bel", "be"),
        ("mar", "mr"),
        ("kan", "kn"),
        ("ron", "ro"),
        ("slv", "sl"),
        ("hrv", "hr"),
        ("srp", "sr"),
        ("mkd", "mk"),
        ("lit", "lt"),
        ("lav", "lv"),
        ("est", "et"),
        ("tam", "ta"),
        ("vie", "vi"),
        ("urd", "ur"),
        ("tha", "th"),
        ("guj", "gu"),
        ("uzb", "uz"),
        ("pan", "pa"),
        ("aze", "az"),
        ("ind", "id"),
        ("tel", "te"),
        ("pes", "fa"),
        ("mal", "ml"),
        ("ori", "or"),
        ("mya", "my"),
        ("nep", "ne"),
        ("sin", "si"),
        ("khm", "km"),
        ("tuk", "tk"),
        ("aka", "ak"),
        ("zul", "zu"),
        ("sna", "sn"),
        ("afr", "af"),
        ("lat", "la"),
        ("slk", "sk"),
        ("cat", "ca"),
        ("tgl", "tl"),
        ("hye", "hy"),
        ("epo", "eo"),
    ];
    MAP.iter().find(|(a, _)| *a == code3).map(|(_, b)| *b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use consilience_core::SourceMeta;

    fn raw(kind: ContentKind, bytes: &[u8]) -> RawReport {
        RawReport { source: "test.txt".into(), kind, bytes: bytes.to_vec(), meta: SourceMeta::default() }
    }

    #[test]
    fn errors_name_the_input() {
        let e = Extractor::new().extract(&raw(ContentKind::Text, b"")).unwrap_err();
        assert!(e.to_string().starts_with("test.txt: "), "{e}");
        let e = Extractor::new().extract(&raw(ContentKind::Html, b"\x00\x01\x02\x03\x00")).unwrap_err();
        assert!(e.to_string().contains("binary"), "{e}");
    }

    #[test]
    fn fallbacks_and_lang() {
        let mut r = raw(
            ContentKind::Text,
            b"The rockets fell near the embassy in the early hours of the morning, officials said.\n",
        );
        r.meta.url = Some("https://example.org/a".into());
        r.meta.outlet = Some("Example".into());
        let x = Extractor::new().extract(&r).unwrap();
        assert_eq!(x.body.url.as_deref(), Some("https://example.org/a"));
        let mut d = raw(ContentKind::Text, b"BAGHDAD, Dec 8 (Reuters) - Rockets hit the city.\n");
        assert_eq!(Extractor::new().extract(&d).unwrap().body.outlet.as_deref(), Some("Reuters"));
        d.meta.outlet = Some("Yahoo".into());
        assert_eq!(Extractor::new().extract(&d).unwrap().body.outlet.as_deref(), Some("Yahoo"));
        assert_eq!(x.body.outlet.as_deref(), Some("Example"));
        assert_eq!(x.body.lang.as_deref(), Some("en"));
    }

    #[test]
    fn truncation_and_deep_nesting() {
        let mut deep = String::from("<html><body>");
        for _ in 0..100_000 {
            deep.push_str("<div>");
        }
        deep.push_str("The story text is here and it is long enough to count as a paragraph.");
        let ex = Extractor { max_bytes: 2_000_000, ..Extractor::new() };
        let t = std::time::Instant::now();
        let x = ex.extract(&raw(ContentKind::Html, deep.as_bytes())).unwrap();
        assert!(t.elapsed().as_secs() < 10);
        assert!(x.body.body.contains("The story text is here"));
        assert!(!x.warnings.is_empty());
        let small = Extractor { max_bytes: 100, ..Extractor::new() };
        let x = small.extract(&raw(ContentKind::Text, "word ".repeat(100).as_bytes())).unwrap();
        assert!(x.warnings.iter().any(|w| w.contains("truncated")));
    }
}
