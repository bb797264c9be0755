//! JSONL input: one report per line, `{"id","url","title","text"|"html","published","lang","outlet"}`.
use crate::{invalid, Item};
use consilience_core::{ContentKind, RawReport, SourceMeta};
use serde::Deserialize;

#[derive(Deserialize)]
struct Line {
    id: Option<serde_json::Value>,
    url: Option<String>,
    title: Option<String>,
    text: Option<String>,
    html: Option<String>,
    published: Option<String>,
    lang: Option<String>,
    outlet: Option<String>,
}

/// Parses JSONL bytes; each bad line becomes an error naming `PATH:LINE`,
/// and the other lines still go in.
pub fn parse_jsonl(name: &str, bytes: &[u8]) -> Vec<Item> {
    let mut items = Vec::new();
    for (i, raw_line) in bytes.split(|&b| b == b'\n').enumerate() {
        let line_no = i + 1;
        let trimmed = raw_line.trim_ascii();
        if trimmed.is_empty() {
            continue;
        }
        let at = format!("{name}:{line_no}");
        let line: Line = match std::str::from_utf8(trimmed) {
            Err(_) => {
                items.push(Err(invalid(&at, "line is not valid UTF-8")));
                continue;
            }
            Ok(s) => match serde_json::from_str(s) {
                Ok(l) => l,
                Err(e) => {
                    items.push(Err(invalid(&at, &format!("malformed JSON: {e}"))));
                    continue;
                }
            },
        };
        let id = match &line.id {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(v) if !v.is_null() => v.to_string(),
            _ => line_no.to_string(),
        };
        let source = format!("{name}#{id}");
        let (kind, content) = match (line.html, line.text) {
            (Some(h), _) if !h.trim().is_empty() => (ContentKind::Html, h),
            (_, Some(t)) if !t.trim().is_empty() => (ContentKind::Text, t),
            // A headline alone (a wire flash, a lost body) is still a report.
            _ if line.title.as_deref().is_some_and(|t| !t.trim().is_empty()) => {
                (ContentKind::Text, line.title.clone().unwrap_or_default())
            }
            _ => {
                items.push(Err(invalid(&at, "line has neither \"text\" nor \"html\"")));
                continue;
            }
        };
        // A title given beside plain text becomes its first line, the shape
        // the text extractor expects.
        let bytes = match (&kind, &line.title) {
            (ContentKind::Text, Some(t)) if !t.trim().is_empty() && !content.starts_with(t.trim()) => {
                format!("{}\n\n{}", t.trim(), content).into_bytes()
            }
            _ => content.into_bytes(),
        };
        let meta = SourceMeta {
            url: line.url,
            title: line.title,
            published: line.published,
            lang: line.lang,
            outlet: line.outlet,
            charset: Some("utf-8".into()),
        };
        items.push(Ok(RawReport { source, kind, bytes, meta }));
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_and_bad_lines() {
        let data = b"{\"id\":\"a\",\"title\":\"T\",\"text\":\"Body.\"}\n{broken\n\n{\"id\":7,\"html\":\"<p>x</p>\"}\n{\"id\":\"n\"}\n";
        let items = parse_jsonl("f.jsonl", data);
        assert_eq!(items.len(), 4);
        let a = items[0].as_ref().unwrap();
        assert_eq!(a.source, "f.jsonl#a");
        assert_eq!(a.bytes, b"T\n\nBody.");
        assert!(items[1].as_ref().unwrap_err().to_string().starts_with("f.jsonl:2: malformed JSON"));
        assert_eq!(items[2].as_ref().unwrap().source, "f.jsonl#7");
        assert_eq!(items[2].as_ref().unwrap().kind, ContentKind::Html);
        assert!(items[3].is_err());
        let only_title = parse_jsonl("f.jsonl", b"{\"id\":\"t\",\"title\":\"Quake hits Lima\",\"text\":\"\"}\n");
        assert_eq!(only_title[0].as_ref().unwrap().bytes, b"Quake hits Lima");
    }
}
