//! Hostile report text (script tags, event handlers, javascript: URLs) is
//! shown as text on every page and never becomes markup.
mod common;
use common::{get, XSS_TEXT};

/// The tags of a page (what lies between `<` and `>` outside text).
fn tags(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let Some(j) = rest[i..].find('>') else { break };
        out.push(&rest[i..i + j + 1]);
        rest = &rest[i + j + 1..];
    }
    out
}

fn assert_inert(uri: &str, html: &str) {
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{uri}: a script tag");
    assert!(!lower.contains("<img"), "{uri}: an img tag");
    assert!(!lower.contains("<iframe") && !lower.contains("<object") && !lower.contains("<embed"), "{uri}");
    for tag in tags(&lower) {
        // Attribute values are double-quoted and escaped: what lies outside
        // the quotes is markup.
        let mut markup = String::new();
        let mut values = Vec::new();
        for (k, part) in tag.split('"').enumerate() {
            if k % 2 == 0 {
                markup.push_str(part);
                markup.push(' ');
            } else {
                values.push((markup.trim_end().rsplit([' ', '<']).next().unwrap_or("").to_string(), part));
            }
        }
        // No event handler attribute in any tag: ` on<letters>=`.
        for word in markup.split(|c: char| c.is_whitespace() || c == '/') {
            assert!(!(word.starts_with("on") && word.contains('=')), "{uri}: event handler in {tag}");
        }
        assert!(!markup.contains("javascript:"), "{uri}: unquoted javascript: in {tag}");
        for (attr, value) in values {
            if ["href=", "src=", "action=", "formaction=", "xlink:href="].contains(&attr.as_str()) {
                let v = value.trim();
                assert!(!v.starts_with("javascript:") && !v.starts_with("data:"), "{uri}: {attr}{v} in {tag}");
            }
            assert!(attr != "src=", "{uri}: src in {tag}");
        }
    }
}

#[tokio::test]
async fn hostile_reports_are_escaped_everywhere() {
    let mut pages =
        vec!["/".to_string(), "/search?q=script".into(), "/search?q=onerror".into(), "/search?q=police".into()];
    pages.extend(common::incident_ids().iter().map(|i| format!("/incidents/{i}")));
    for r in common::report_ids() {
        pages.push(format!("/reports/{r}"));
        pages.push(format!("/reports/{r}?s=0&e=40&vs=0&ve=8"));
    }
    let mut escaped_seen = 0;
    for uri in &pages {
        let (status, _, html) = get(uri).await;
        assert_eq!(status, 200, "{uri}");
        assert_inert(uri, &html);
        if html.contains("&lt;script&gt;") {
            escaped_seen += 1;
        }
    }
    // The hostile text is there, as text.
    assert!(escaped_seen >= 4, "escaped script text shown on {escaped_seen} pages");
    let id = common::report_id("xss.txt");
    let (_, _, page) = get(&format!("/reports/{id}")).await;
    assert!(page.contains("&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;"));
    assert!(page.contains("onerror=&quot;document.body.setAttribute"));
    assert!(XSS_TEXT.contains("onerror"));
    // A javascript: URL in metadata is shown as code, not a link.
    let id = common::report_id("xss.jsonl#x1");
    let (_, _, page) = get(&format!("/reports/{id}")).await;
    assert!(page.contains("<code>javascript:alert(1)</code>"), "url shown as text");
    assert!(page.contains("&lt;b onmouseover=alert(1)&gt;Evil&lt;/b&gt;"), "outlet escaped");
}

#[tokio::test]
async fn hostile_search_input_is_escaped() {
    let (status, _, html) = get("/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%20onfocus%3D%22x").await;
    assert_eq!(status, 200);
    assert_inert("search", &html);
    assert!(html.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot; onfocus=&quot;x\""));
}
