//! Charset decoding: bytes in, text out, or a reason why the bytes are not text.
//!
//! Order of evidence: byte-order mark, the transport header's charset, a
//! `<meta charset>` / `<meta http-equiv="content-type">` in the first few KB
//! (HTML only), valid UTF-8, then a guess (windows-1256 when the bytes read
//! plausibly as Arabic, windows-1252 otherwise).

use consilience_core::ContentKind;
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252, WINDOWS_1256};
use regex::bytes::Regex;
use std::sync::LazyLock;

/// How many bytes at the start of an HTML page are searched for a `<meta>` charset.
const META_SCAN_BYTES: usize = 8 * 1024;
/// Share of control / replacement characters above which input counts as binary.
const MAX_BAD_RATIO: f64 = 0.05;

static META_CHARSET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i-u)<meta[^>]{0,400}?charset\s*=\s*["']?\s*([a-z0-9_:.\-]{2,40})"#).unwrap());

/// Decodes `bytes` into text.
///
/// Returns the text and, when something had to be guessed or repaired, a
/// warning. Fails with a reason when the input is empty or looks binary.
pub fn decode(
    bytes: &[u8],
    kind: ContentKind,
    header_charset: Option<&str>,
) -> Result<(String, Option<String>), String> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err("empty input".to_string());
    }
    let mut warnings: Vec<String> = Vec::new();

    // 1. Byte-order mark.
    let (text, used) = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (t, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            warnings.push(format!("invalid {} sequences replaced", enc.name()));
        }
        (t.into_owned(), enc)
    } else {
        // Binary check on raw bytes first: NUL bytes never occur in real text
        // outside UTF-16 (which needs a BOM here).
        let nul = memchr::memchr_iter(0, bytes).count();
        if nul > 0 && (nul * 100 >= bytes.len() || bytes[..bytes.len().min(1024)].contains(&0)) {
            return Err(format!("binary data, not text ({} NUL bytes in {} bytes)", nul, bytes.len()));
        }
        let declared =
            header_charset.and_then(|label| lookup(label, "transport header", &mut warnings)).or_else(|| {
                if kind == ContentKind::Html {
                    meta_charset(bytes).and_then(|l| lookup(&l, "<meta> tag", &mut warnings))
                } else {
                    None
                }
            });
        match declared {
            Some(enc) => {
                let (t, _, had_errors) = enc.decode(bytes);
                if had_errors {
                    // A declared UTF-8 that is not UTF-8: the declaration lies.
                    if enc == UTF_8 {
                        let guess = guess_legacy(bytes);
                        warnings.push(format!("declared UTF-8 is invalid; decoded as {}", guess.name()));
                        (guess.decode_without_bom_handling(bytes).0.into_owned(), guess)
                    } else {
                        warnings.push(format!("invalid {} sequences replaced", enc.name()));
                        (t.into_owned(), enc)
                    }
                } else {
                    (t.into_owned(), enc)
                }
            }
            None => match std::str::from_utf8(bytes) {
                Ok(s) => (s.to_string(), UTF_8),
                Err(_) => {
                    let guess = guess_legacy(bytes);
                    warnings.push(format!("no charset declared and not UTF-8; guessed {}", guess.name()));
                    (guess.decode_without_bom_handling(bytes).0.into_owned(), guess)
                }
            },
        }
    };
    let _ = used;

    // Binary junk check on the decoded text (bytes of valid UTF-8, no char decoding).
    let bad = count_bad(text.as_bytes());
    if text.trim().is_empty() {
        return Err("empty input".to_string());
    }
    // The character count only matters when something bad was found.
    let total = if bad > 0 { text.chars().count() } else { 0 };
    if bad > 0 && bad as f64 / total as f64 > MAX_BAD_RATIO {
        return Err(format!(
            "binary data or undecodable text ({bad} of {total} characters are control or replacement characters)"
        ));
    }
    let text = if bad > 0 {
        warnings.push(format!("{bad} control or replacement characters removed"));
        let cleaned: String = text.chars().filter(|&c| !bad_char(c)).collect();
        // Only whitespace may be left once the junk is gone (found by fuzzing).
        if cleaned.trim().is_empty() {
            return Err("empty input".to_string());
        }
        cleaned
    } else {
        text
    };
    let warning = if warnings.is_empty() { None } else { Some(warnings.join("; ")) };
    Ok((text, warning))
}

/// Control characters (other than line breaks, tab and form feed) and U+FFFD.
fn bad_char(c: char) -> bool {
    c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}'))
}

/// [`bad_char`]s in valid UTF-8, counted on bytes: C0 controls and DEL are
/// single bytes, C1 controls are `C2 80..=9F`, U+FFFD is `EF BF BD`.
fn count_bad(b: &[u8]) -> usize {
    // 1 for a byte that may start a bad character (in u8 lanes, which vectorize).
    let suspect = |x: u8| {
        (((x < 0x20) & !matches!(x, b'\n' | b'\r' | b'\t' | 0x0C)) | (x == 0x7F) | (x == 0xC2) | (x == 0xEF)) as u8
    };
    let mut bad = 0usize;
    for (c, chunk) in b.chunks(64).enumerate() {
        // Branch-free scan of the chunk first; most chunks hold nothing suspect.
        if chunk.iter().fold(0u8, |a, &x| a | suspect(x)) == 0 {
            continue;
        }
        for (j, &x) in chunk.iter().enumerate() {
            let i = c * 64 + j;
            bad += match x {
                0xC2 => b.get(i + 1).is_some_and(|&y| (0x80..=0x9F).contains(&y)) as usize,
                0xEF => (b.get(i + 1) == Some(&0xBF) && b.get(i + 2) == Some(&0xBD)) as usize,
                _ => suspect(x) as usize,
            };
        }
    }
    bad
}

fn lookup(label: &str, origin: &str, warnings: &mut Vec<String>) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(label.trim().trim_matches('"').as_bytes());
    if enc.is_none() {
        warnings.push(format!("unknown charset {label:?} in {origin} ignored"));
    }
    // UTF-16 labels in a meta tag of an ASCII-compatible page are a known lie.
    enc.map(|e| e.output_encoding())
}

/// The charset named by a `<meta>` tag near the start of an HTML page.
fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(META_SCAN_BYTES)];
    META_CHARSET.captures(head).map(|c| String::from_utf8_lossy(&c[1]).into_owned())
}

/// Guesses a legacy single-byte encoding: windows-1256 when the high bytes
/// look like Arabic letters, windows-1252 otherwise.
fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut high = 0usize;
    let mut arabic = 0usize;
    let mut ascii_letters = 0usize;
    for &b in bytes {
        if b.is_ascii_alphabetic() {
            ascii_letters += 1;
        } else if b >= 0x80 {
            high += 1;
            // Arabic letters in windows-1256.
            if matches!(b, 0xC1..=0xD6 | 0xD8..=0xDF | 0xE1 | 0xE3..=0xE6 | 0xEC | 0xED) {
                arabic += 1;
            }
        }
    }
    // Arabic text: most letters are high bytes, most high bytes are Arabic letters.
    // Latin-1 text: few high bytes among many ASCII letters.
    if high >= 8 && arabic * 10 >= high * 7 && high * 2 >= ascii_letters.min(high * 4) {
        let (t, _) = WINDOWS_1256.decode_without_bom_handling(bytes);
        if whatlang::detect_script(&t) == Some(whatlang::Script::Arabic) {
            return WINDOWS_1256;
        }
    }
    WINDOWS_1252
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_plain() {
        let (t, w) = decode("héllo wörld".as_bytes(), ContentKind::Text, None).unwrap();
        assert_eq!(t, "héllo wörld");
        assert!(w.is_none());
    }

    #[test]
    fn bom_wins() {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("abc é".as_bytes());
        let (t, _) = decode(&b, ContentKind::Text, Some("iso-8859-1")).unwrap();
        assert_eq!(t, "abc é");
        // UTF-16LE with BOM
        let mut b = vec![0xFF, 0xFE];
        for u in "hi there".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&b, ContentKind::Text, None).unwrap().0, "hi there");
    }

    #[test]
    fn header_and_meta() {
        let b = b"caf\xe9 au lait";
        assert_eq!(decode(b, ContentKind::Text, Some("latin1")).unwrap().0, "café au lait");
        let h = b"<html><head><meta charset=\"windows-1252\"></head><body>caf\xe9</body></html>";
        assert!(decode(h, ContentKind::Html, None).unwrap().0.contains("café"));
        let h = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">na\xefve";
        assert!(decode(h, ContentKind::Html, None).unwrap().0.contains("naïve"));
    }

    #[test]
    fn fallback_guesses() {
        let (t, w) = decode(b"caf\xe9 cr\xe8me", ContentKind::Text, None).unwrap();
        assert_eq!(t, "café crème");
        assert!(w.unwrap().contains("windows-1252"));
        let arabic = "قال مسؤول أمني عراقي إن ثلاثة صواريخ سقطت قرب المنطقة الخضراء في بغداد";
        let (bytes, _, _) = WINDOWS_1256.encode(arabic);
        let (t, _) = decode(&bytes, ContentKind::Text, None).unwrap();
        assert_eq!(t, arabic);
    }

    #[test]
    fn byte_count_matches_chars() {
        for s in ["plain", "a\u{0}b\u{7F}c\u{85}d\u{FFFD}e\té\n", "\u{9F}\u{A0}\u{FFFE}\u{1F600}"] {
            let by_char = s.chars().filter(|&c| bad_char(c)).count();
            assert_eq!(count_bad(s.as_bytes()), by_char, "{s:?}");
        }
    }

    #[test]
    fn junk_and_empty() {
        assert!(decode(b"", ContentKind::Text, None).is_err());
        assert!(decode(b"   \n\t", ContentKind::Html, None).is_err());
        assert!(decode(b"\x00\x01\x02abc\x00\x00", ContentKind::Text, None).is_err());
        let junk: Vec<u8> = (0..2000u32).map(|i| (i * 7 % 32) as u8 + 1).collect();
        assert!(decode(&junk, ContentKind::Text, None).is_err());
    }
}
