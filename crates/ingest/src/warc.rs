//! WARC input (as in Common Crawl News): `response` records holding HTTP
//! responses with HTML, and `resource` records holding documents.
//!
//! A small reader of our own: the format is a header block and a
//! length-prefixed payload per record, and we need the partial-read
//! behaviour (keep the records before a truncation, report the rest) that
//! general readers do not give.
use crate::{invalid, Item};
use consilience_core::{ContentKind, RawReport, SourceMeta};

/// Parses (already decompressed) WARC bytes into reports. Records that hold
/// no HTML or text are skipped; a truncated or malformed record ends the
/// parse with an error naming the file and the record.
pub fn parse_warc(name: &str, bytes: &[u8]) -> Vec<Item> {
    let mut items = Vec::new();
    let mut pos = 0;
    let mut record_no = 0;
    while pos < bytes.len() {
        // Skip the blank lines between records.
        while pos < bytes.len() && (bytes[pos] == b'\r' || bytes[pos] == b'\n') {
            pos += 1;
        }
        if pos >= bytes.len() {
            break;
        }
        record_no += 1;
        let Some(head_end) = find(&bytes[pos..], b"\r\n\r\n").map(|i| pos + i) else {
            items.push(Err(invalid(name, &format!("record {record_no}: truncated WARC header"))));
            break;
        };
        let head = String::from_utf8_lossy(&bytes[pos..head_end]);
        let mut lines = head.split("\r\n");
        if !lines.next().unwrap_or("").starts_with("WARC/") {
            items.push(Err(invalid(name, &format!("record {record_no}: not a WARC record (no WARC/ version line)"))));
            break;
        }
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let get = |k: &str| headers.iter().find(|(h, _)| h == k).map(|(_, v)| v.as_str());
        let Some(len) = get("content-length").and_then(|v| v.parse::<usize>().ok()) else {
            items.push(Err(invalid(name, &format!("record {record_no}: missing Content-Length"))));
            break;
        };
        let start = head_end + 4;
        let record_id = get("warc-record-id")
            .map(|s| s.trim_matches(|c| c == '<' || c == '>').to_string())
            .unwrap_or_else(|| record_no.to_string());
        if start + len > bytes.len() {
            items.push(Err(invalid(
                name,
                &format!(
                    "record {record_id}: truncated (Content-Length {len}, {} bytes left)",
                    bytes.len() - start.min(bytes.len())
                ),
            )));
            break;
        }
        let payload = &bytes[start..start + len];
        pos = start + len;
        let warc_type = get("warc-type").unwrap_or("");
        let url = get("warc-target-uri").map(str::to_string);
        let source = format!("{name}#{record_id}");
        let (content_type, body) = match warc_type {
            "response" => match split_http(payload) {
                Some((ct, body)) => (ct, body),
                None => continue,
            },
            "resource" | "conversion" => (get("content-type").unwrap_or("").to_string(), payload),
            _ => continue,
        };
        let ct = content_type.to_ascii_lowercase();
        let kind = if ct.contains("html") || ct.is_empty() {
            ContentKind::Html
        } else if ct.starts_with("text/plain") {
            ContentKind::Text
        } else {
            continue;
        };
        if body.is_empty() {
            continue;
        }
        let charset =
            ct.split(';').find_map(|p| p.trim().strip_prefix("charset=")).map(|c| c.trim_matches('"').to_string());
        let meta = SourceMeta { url, charset, ..SourceMeta::default() };
        items.push(Ok(RawReport { source, kind, bytes: body.to_vec(), meta }));
    }
    if record_no == 0 && items.is_empty() {
        items.push(Err(invalid(name, "empty WARC file")));
    }
    items
}

/// Splits an HTTP response into its Content-Type and body; `None` when the
/// status is not a success.
fn split_http(payload: &[u8]) -> Option<(String, &[u8])> {
    let (head_end, sep) = match find(payload, b"\r\n\r\n") {
        Some(i) => (i, 4),
        None => (find(payload, b"\n\n")?, 2),
    };
    let head = String::from_utf8_lossy(&payload[..head_end]);
    let status_ok = head.lines().next().and_then(|l| l.split_whitespace().nth(1)).is_some_and(|s| s.starts_with('2'));
    if !status_ok {
        return None;
    }
    let ct = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    Some((ct, &payload[head_end + sep..]))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Builds one WARC response record around an HTML page.
    pub fn record(id: &str, url: &str, content_type: &str, html: &str) -> Vec<u8> {
        let http = format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n{html}");
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Target-URI: {url}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            http.len()
        )
        .into_bytes();
        out.extend_from_slice(http.as_bytes());
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    #[test]
    fn reads_records_and_stops_at_truncation() {
        let mut data = record("1", "https://a.example/x", "text/html; charset=windows-1252", "<p>one</p>");
        data.extend(b"WARC/1.0\r\nWARC-Type: request\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n");
        data.extend(record("2", "https://a.example/y", "text/html", "<p>two</p>"));
        let full = parse_warc("c.warc", &data);
        assert_eq!(full.len(), 2);
        let first = full[0].as_ref().unwrap();
        assert_eq!(first.source, "c.warc#urn:uuid:1");
        assert_eq!(first.meta.charset.as_deref(), Some("windows-1252"));
        assert_eq!(first.bytes, b"<p>one</p>");
        let cut = parse_warc("c.warc", &data[..data.len() - 8]);
        assert!(cut[0].is_ok());
        assert!(cut[1].as_ref().unwrap_err().to_string().contains("truncated"));
    }
}
