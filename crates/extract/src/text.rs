//! The plain-text path: a title line perhaps, paragraphs, boilerplate.

use crate::clean::{self, fold};
use consilience_core::Body;

/// What the text path found.
#[derive(Debug, Default)]
pub struct TextParts {
    /// Title, body, published, dateline, outlet as found in the text.
    pub body: Body,
}

/// Longest first line still taken for a title.
const MAX_TITLE_CHARS: usize = 200;
const MAX_TITLE_WORDS: usize = 30;

/// Splits plain text into paragraphs: blank lines separate paragraphs; inside
/// a block, lines are separate paragraphs unless they look hard-wrapped.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur: Option<String> = None;
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            if let Some(c) = cur.take() {
                out.push(c);
            }
            continue;
        }
        match cur.as_mut() {
            Some(c) if wrapped(c, line) => {
                c.push(' ');
                c.push_str(line);
            }
            Some(_) => {
                out.push(cur.take().unwrap());
                cur = Some(line.to_string());
            }
            None => cur = Some(line.to_string()),
        }
    }
    if let Some(c) = cur {
        out.push(c);
    }
    out
}

/// Whether `next` continues `prev` (a hard-wrapped line).
fn wrapped(prev: &str, next: &str) -> bool {
    let last = prev.chars().last().unwrap_or('.');
    let ends_sentence = matches!(last, '.' | '!' | '?' | ':' | '"' | '”' | '’' | '\'' | '…' | ')' | ']');
    let starts_lower = next.chars().next().is_some_and(|c| c.is_lowercase());
    !ends_sentence && prev.chars().count() >= 40 && starts_lower
}

/// Whether a first line reads as a headline rather than body text.
fn looks_like_title(line: &str) -> bool {
    let chars = line.chars().count();
    let words = line.split_whitespace().count();
    if chars > MAX_TITLE_CHARS || words > MAX_TITLE_WORDS || words == 0 {
        return false;
    }
    if clean::dateline(line).is_some() {
        return false;
    }
    // Body sentences end with a full stop; headlines rarely do (an abbreviation may).
    let t = line.trim_end();
    if t.ends_with('.') && !t.ends_with("..") {
        let last_word = t.split_whitespace().last().unwrap_or("");
        let abbreviation = last_word.len() <= 5 && last_word[..last_word.len() - 1].contains('.');
        if !abbreviation {
            return false;
        }
    }
    true
}

/// Extracts title, body and text-borne metadata from plain text.
pub fn extract(text: &str, known_title: Option<&str>) -> TextParts {
    let mut paras = paragraphs(text);
    let mut body = Body::default();

    // Title: the first paragraph when it reads as a headline, or equals the known title.
    let known_key = known_title.map(fold);
    if let Some(first) = paras.first() {
        let first_key = fold(first);
        let is_known = known_key.as_deref().is_some_and(|k| !k.is_empty() && k == first_key);
        if is_known || (looks_like_title(first) && paras.len() > 1) {
            let t = clean::trim_title(first, None);
            body.title = Some(t);
            let first = paras.remove(0);
            // A title repeated right after itself.
            while paras.first().is_some_and(|p| fold(p) == fold(&first)) {
                paras.remove(0);
            }
        }
    }
    if body.title.is_none() {
        body.title = known_title.map(|t| clean::trim_title(t, None));
    }
    // Compare repeats against the raw first line too (suffix included).
    let cleaned = clean::clean(paras, body.title.as_deref());
    body.published = cleaned.timestamp;
    for p in cleaned.paragraphs.iter().take(3) {
        if let Some((d, _)) = clean::dateline(p) {
            body.dateline = Some(d);
            break;
        }
    }
    body.body = cleaned.paragraphs.join("\n\n");
    TextParts { body }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_and_dateline() {
        let t = "Rockets hit city | World News\n\nRockets hit city | World News\n\nBAGHDAD, Dec 8 (Reuters) - Rockets hit the city.\n\nNobody was hurt.\n";
        let p = extract(t, None).body;
        assert_eq!(p.title.as_deref(), Some("Rockets hit city"));
        assert_eq!(p.dateline.as_deref(), Some("BAGHDAD, Dec 8 (Reuters)"));
        assert_eq!(p.body, "BAGHDAD, Dec 8 (Reuters) - Rockets hit the city.\n\nNobody was hurt.");
    }

    #[test]
    fn no_title_line() {
        let t = "BAGHDAD (AFP): Multiple rockets hit near the embassy early Sunday, a source said.\nThere were no casualties.\n";
        let p = extract(t, None).body;
        assert_eq!(p.title, None);
        assert!(p.body.starts_with("BAGHDAD (AFP)"));
    }

    #[test]
    fn wrapping() {
        let ps = paragraphs("This is a long line of hard-wrapped text that goes\non and on.\nNew paragraph.");
        assert_eq!(ps, vec!["This is a long line of hard-wrapped text that goes on and on.", "New paragraph."]);
    }
}
